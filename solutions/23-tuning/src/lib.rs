//! Chapter 23: hyperparameter tuning (roadmap W12-13 D5-6, "Hyperparameter tuning
//! (GridSearch, RandomSearch)").
//!
//! Reference solution. Same public API as `exercises/23-tuning`.

use std::fmt;
use std::path::Path;

use ndarray::{Array2, ArrayView2};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

/// What can go wrong while tuning.
#[derive(Debug, thiserror::Error)]
pub enum TuneError {
    /// No rows, folds or candidates where some are needed.
    #[error("empty: {0}")]
    Empty(&'static str),
    /// Two inputs disagree on their length.
    #[error("{left} values against {right}")]
    LengthMismatch { left: usize, right: usize },
    /// A parameter out of range, a missing parameter, a bad search space.
    #[error("bad parameter: {0}")]
    BadParam(String),
    /// The data set could not be read.
    #[error(transparent)]
    Data(#[from] datasets::Error),
    /// Drawing failed.
    #[error("plot: {0}")]
    Plot(String),
}

/// Row indices of a training part and a validation (test) part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub train: Vec<usize>,
    pub test: Vec<usize>,
}

/// Features and class labels, one row per example.
#[derive(Debug, Clone, PartialEq)]
pub struct Data {
    pub x: Array2<f64>,
    pub y: Vec<usize>,
}

/// One configuration of hyperparameters: `(name, value)` pairs in a fixed order.
/// Integer parameters (k-NN's `k`) are stored as whole `f64`s.
#[derive(Debug, Clone, PartialEq)]
pub struct Params(pub Vec<(String, f64)>);

impl Params {
    /// The value of parameter `name`, if present.
    pub fn get(&self, name: &str) -> Option<f64> {
        self.0.iter().find(|(n, _)| n == name).map(|&(_, v)| v)
    }
}

impl fmt::Display for Params {
    /// `k=5, p=2`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|(n, v)| format!("{n}={v}")).collect();
        write!(f, "{}", parts.join(", "))
    }
}

/// The scores of one configuration over the folds, with their mean and **population**
/// standard deviation (divide by the number of folds, as NumPy's `np.std` and
/// scikit-learn's `std_test_score`).
#[derive(Debug, Clone, PartialEq)]
pub struct CvScore {
    pub scores: Vec<f64>,
    pub mean: f64,
    pub std: f64,
}

/// One candidate of a search and its cross-validated score.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub params: Params,
    pub cv: CvScore,
}

/// Every candidate in the order searched, and the index of the best one.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResult {
    pub candidates: Vec<Candidate>,
    pub best: usize,
}

impl SearchResult {
    /// The winning candidate.
    pub fn best(&self) -> &Candidate {
        &self.candidates[self.best]
    }
}

/// A distribution to draw one hyperparameter from in a random search.
#[derive(Debug, Clone, PartialEq)]
pub enum Dist {
    /// Uniform on `[lo, hi)`.
    Uniform { lo: f64, hi: f64 },
    /// Log-uniform on `[lo, hi)`: `ln x` is uniform on `[ln lo, ln hi)` (needs `0 < lo`).
    /// Every factor of ten gets the same share of draws.
    LogUniform { lo: f64, hi: f64 },
    /// One of the listed values, each equally likely.
    Choice(Vec<f64>),
}

/// The result of nested cross-validation: per outer fold, the configuration the inner
/// search chose, its inner (optimistic) best mean, and its score on the untouched outer
/// test part; then the mean and population std of the outer scores — the honest estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct NestedResult {
    pub chosen: Vec<Params>,
    pub inner_best: Vec<f64>,
    pub outer_scores: Vec<f64>,
    pub mean: f64,
    pub std: f64,
}

/// The distance a k-NN uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// `Σ |aᵢ − bᵢ|` (Minkowski p = 1).
    Manhattan,
    /// `√Σ (aᵢ − bᵢ)²` (Minkowski p = 2).
    Euclidean,
}

/// Stratified k-fold cross-validation (scikit-learn's `StratifiedKFold(shuffle=True)`,
/// with a simpler dealing rule).
///
/// One `StdRng::seed_from_u64(seed)` for the whole call. For each class `c = 0, 1, …,
/// max(y)` in turn, shuffle the row indices of that class and append them to one long
/// list. Deal that list like cards: the row at position `p` goes to the test part of fold
/// `p % k`. Fold `i` trains on every other row. Both `train` and `test` are sorted
/// ascending. So every class has `⌊n_c / k⌋` or `⌈n_c / k⌉` rows in each test part, and
/// the test parts' sizes differ by at most one.
///
/// ```
/// let y = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
/// let folds = tuning::stratified_kfold(&y, 2, 7).unwrap();
/// let ones: Vec<usize> = folds.iter()
///     .map(|f| f.test.iter().filter(|&&i| y[i] == 1).count()).collect();
/// assert_eq!(ones, vec![3, 3]);
/// ```
///
/// # Errors
/// [`TuneError::Empty`] for no labels, [`TuneError::BadParam`] unless `2 ≤ k ≤ n`.
pub fn stratified_kfold(y: &[usize], k: usize, seed: u64) -> Result<Vec<Split>, TuneError> {
    if y.is_empty() {
        return Err(TuneError::Empty("no labels to split"));
    }
    if k < 2 || k > y.len() {
        return Err(TuneError::BadParam(format!(
            "k = {k} must be between 2 and n = {}",
            y.len()
        )));
    }
    let mut rng = StdRng::seed_from_u64(seed);
    let n_classes = y.iter().max().expect("non-empty") + 1;
    let mut order = Vec::with_capacity(y.len());
    for c in 0..n_classes {
        let mut members: Vec<usize> = (0..y.len()).filter(|&i| y[i] == c).collect();
        members.shuffle(&mut rng);
        order.extend(members);
    }
    let mut fold_of = vec![0; y.len()];
    for (p, &row) in order.iter().enumerate() {
        fold_of[row] = p % k;
    }
    Ok((0..k)
        .map(|f| Split {
            train: (0..y.len()).filter(|&r| fold_of[r] != f).collect(),
            test: (0..y.len()).filter(|&r| fold_of[r] == f).collect(),
        })
        .collect())
}

/// Mean and population standard deviation.
fn mean_std(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
    (mean, var.sqrt())
}

/// Cross-validate one configuration: call `fit_score(fold)` for every fold in order (it
/// trains on `fold.train`, scores on `fold.test`, and knows the data itself) and collect
/// the scores with their mean and population standard deviation
/// (`cross_val_score(model, X, y, cv=folds)` followed by `.mean()` and `.std()`).
///
/// ```
/// use tuning::Split;
/// let folds = vec![Split { train: vec![1], test: vec![0] }, Split { train: vec![0], test: vec![1] }];
/// let cv = tuning::cross_val_score(&folds, |f| Ok(f.test[0] as f64)).unwrap();
/// assert_eq!((cv.mean, cv.std), (0.5, 0.5));
/// ```
///
/// # Errors
/// [`TuneError::Empty`] for no folds; the first error `fit_score` returns.
pub fn cross_val_score<F>(folds: &[Split], mut fit_score: F) -> Result<CvScore, TuneError>
where
    F: FnMut(&Split) -> Result<f64, TuneError>,
{
    if folds.is_empty() {
        return Err(TuneError::Empty("no folds"));
    }
    let scores = folds
        .iter()
        .map(&mut fit_score)
        .collect::<Result<Vec<f64>, _>>()?;
    let (mean, std) = mean_std(&scores);
    Ok(CvScore { scores, mean, std })
}

/// The grid: every combination of the listed values (scikit-learn's `ParameterGrid`).
///
/// The order is that of nested `for` loops with the **first axis outermost** and the
/// **last axis varying fastest**; each `Params` lists the names in axis order. The grid
/// has `∏ len(values)` entries; with no axes at all it holds one empty configuration.
///
/// ```
/// let g = tuning::param_grid(&[("k", &[1.0, 3.0]), ("p", &[1.0, 2.0])]).unwrap();
/// assert_eq!(g.len(), 4);
/// assert_eq!(g[1].to_string(), "k=1, p=2");
/// ```
///
/// # Errors
/// [`TuneError::BadParam`] for an axis with no values or a name used twice.
pub fn param_grid(axes: &[(&str, &[f64])]) -> Result<Vec<Params>, TuneError> {
    for (i, (name, values)) in axes.iter().enumerate() {
        if values.is_empty() {
            return Err(TuneError::BadParam(format!("axis {name} has no values")));
        }
        if axes[..i].iter().any(|(other, _)| other == name) {
            return Err(TuneError::BadParam(format!("axis {name} appears twice")));
        }
    }
    let mut grid = vec![Params(Vec::new())];
    for (name, values) in axes {
        grid = grid
            .iter()
            .flat_map(|p| {
                values.iter().map(move |&v| {
                    let mut q = p.clone();
                    q.0.push((name.to_string(), v));
                    q
                })
            })
            .collect();
    }
    Ok(grid)
}

/// Search: cross-validate every candidate on the same folds with
/// `fit_score(params, fold)` ([`cross_val_score`]) and return them all, in order, with
/// the index of the best — the **first** candidate with the largest mean (a NaN mean
/// never wins). This is `GridSearchCV` when the candidates come from [`param_grid`] and
/// `RandomizedSearchCV` when they come from [`random_configs`].
///
/// ```
/// let grid = tuning::param_grid(&[("a", &[1.0, 3.0, 2.0])]).unwrap();
/// let folds = tuning::stratified_kfold(&[0, 1, 0, 1], 2, 0).unwrap();
/// let r = tuning::grid_search(&grid, &folds, |p, _| Ok(p.get("a").unwrap())).unwrap();
/// assert_eq!(r.best().params.get("a"), Some(3.0));
/// ```
///
/// # Errors
/// [`TuneError::Empty`] for no candidates or no folds; the first error `fit_score` returns.
pub fn grid_search<F>(
    candidates: &[Params],
    folds: &[Split],
    mut fit_score: F,
) -> Result<SearchResult, TuneError>
where
    F: FnMut(&Params, &Split) -> Result<f64, TuneError>,
{
    if candidates.is_empty() {
        return Err(TuneError::Empty("no candidates"));
    }
    let mut out: Vec<Candidate> = Vec::with_capacity(candidates.len());
    let mut best = 0;
    for (i, params) in candidates.iter().enumerate() {
        let cv = cross_val_score(folds, |f| fit_score(params, f))?;
        let better = match out.get(best) {
            None => true,
            Some(b) => !cv.mean.is_nan() && (b.cv.mean.is_nan() || cv.mean > b.cv.mean),
        };
        if better {
            best = i;
        }
        out.push(Candidate {
            params: params.clone(),
            cv,
        });
    }
    Ok(SearchResult {
        candidates: out,
        best,
    })
}

impl Dist {
    /// Draw one value with `rng` (`scipy.stats.uniform`, `scipy.stats.loguniform`, a list
    /// in `RandomizedSearchCV`'s `param_distributions`).
    ///
    /// ```
    /// use rand::SeedableRng;
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(1);
    /// let c = tuning::Dist::LogUniform { lo: 1e-4, hi: 1e2 }.sample(&mut rng);
    /// assert!((1e-4..1e2).contains(&c));
    /// ```
    pub fn sample(&self, rng: &mut StdRng) -> f64 {
        match self {
            Dist::Uniform { lo, hi } => lo + (hi - lo) * rng.gen::<f64>(),
            Dist::LogUniform { lo, hi } => {
                let (a, b) = (lo.ln(), hi.ln());
                (a + (b - a) * rng.gen::<f64>()).exp().clamp(*lo, *hi)
            }
            Dist::Choice(values) => values[rng.gen_range(0..values.len())],
        }
    }
}

fn check_dist(name: &str, d: &Dist) -> Result<(), TuneError> {
    let ok = match d {
        Dist::Uniform { lo, hi } => lo.is_finite() && hi.is_finite() && lo < hi,
        Dist::LogUniform { lo, hi } => *lo > 0.0 && hi.is_finite() && lo < hi,
        Dist::Choice(values) => !values.is_empty(),
    };
    if ok {
        Ok(())
    } else {
        Err(TuneError::BadParam(format!(
            "{name}: bad distribution {d:?}"
        )))
    }
}

/// `n` random configurations for a random search (scikit-learn's `ParameterSampler`).
///
/// One `StdRng::seed_from_u64(seed)`; for each of the `n` configurations, draw every
/// axis in order with [`Dist::sample`]. The names appear in axis order, so the same seed
/// gives the same list.
///
/// ```
/// use tuning::Dist;
/// let space = [("k", Dist::Choice(vec![1.0, 5.0, 9.0])), ("c", Dist::LogUniform { lo: 0.01, hi: 100.0 })];
/// let configs = tuning::random_configs(&space, 20, 3).unwrap();
/// assert_eq!(configs.len(), 20);
/// assert_eq!(configs, tuning::random_configs(&space, 20, 3).unwrap());
/// ```
///
/// # Errors
/// [`TuneError::BadParam`] for a bad distribution (`lo ≥ hi`, a non-finite bound, a
/// log-uniform `lo ≤ 0`, an empty choice) or a name used twice.
pub fn random_configs(
    space: &[(&str, Dist)],
    n: usize,
    seed: u64,
) -> Result<Vec<Params>, TuneError> {
    for (i, (name, d)) in space.iter().enumerate() {
        check_dist(name, d)?;
        if space[..i].iter().any(|(other, _)| other == name) {
            return Err(TuneError::BadParam(format!("axis {name} appears twice")));
        }
    }
    let mut rng = StdRng::seed_from_u64(seed);
    Ok((0..n)
        .map(|_| {
            Params(
                space
                    .iter()
                    .map(|(name, d)| (name.to_string(), d.sample(&mut rng)))
                    .collect(),
            )
        })
        .collect())
}

/// Predict by the majority label of the `k` nearest training rows
/// (`KNeighborsClassifier(n_neighbors=k, p=1 or 2)`).
///
/// Neighbours are ordered by distance, equal distances by training row index (the lower
/// first); among the first `k`, the label with most votes wins, a tie going to the smaller
/// label.
///
/// ```
/// use ndarray::array;
/// use tuning::Metric;
/// let xt = array![[0.0], [1.0], [10.0]];
/// let p = tuning::knn_predict(xt.view(), &[0, 0, 1], array![[2.0], [9.0]].view(), 1, Metric::Euclidean).unwrap();
/// assert_eq!(p, vec![0, 1]);
/// ```
///
/// # Errors
/// [`TuneError::LengthMismatch`] when `x_train` and `y_train` disagree or the two matrices
/// have different column counts; [`TuneError::BadParam`] unless `1 ≤ k ≤ n_train`.
pub fn knn_predict(
    x_train: ArrayView2<'_, f64>,
    y_train: &[usize],
    x_test: ArrayView2<'_, f64>,
    k: usize,
    metric: Metric,
) -> Result<Vec<usize>, TuneError> {
    if x_train.nrows() != y_train.len() {
        return Err(TuneError::LengthMismatch {
            left: x_train.nrows(),
            right: y_train.len(),
        });
    }
    if x_train.ncols() != x_test.ncols() {
        return Err(TuneError::LengthMismatch {
            left: x_train.ncols(),
            right: x_test.ncols(),
        });
    }
    if k == 0 || k > y_train.len() {
        return Err(TuneError::BadParam(format!(
            "k = {k} must be between 1 and {} training rows",
            y_train.len()
        )));
    }
    let n_classes = y_train.iter().max().expect("k ≥ 1 rows") + 1;
    let mut dist: Vec<(f64, usize)> = Vec::with_capacity(y_train.len());
    let mut votes = vec![0usize; n_classes];
    Ok(x_test
        .rows()
        .into_iter()
        .map(|q| {
            dist.clear();
            for (i, r) in x_train.rows().into_iter().enumerate() {
                let d = match metric {
                    Metric::Manhattan => r.iter().zip(q.iter()).map(|(a, b)| (a - b).abs()).sum(),
                    Metric::Euclidean => r
                        .iter()
                        .zip(q.iter())
                        .map(|(a, b)| (a - b) * (a - b))
                        .sum::<f64>()
                        .sqrt(),
                };
                dist.push((d, i));
            }
            let cmp = |a: &(f64, usize), b: &(f64, usize)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
            if k < dist.len() {
                dist.select_nth_unstable_by(k - 1, cmp);
            }
            votes.iter_mut().for_each(|v| *v = 0);
            for &(_, i) in &dist[..k] {
                votes[y_train[i]] += 1;
            }
            // max_by_key keeps the last maximum: scan from the top label down.
            (0..n_classes)
                .rev()
                .max_by_key(|&c| votes[c])
                .expect("at least one class")
        })
        .collect())
}

/// Fit and score a standardised k-NN on one fold — the `fit_score` to hand to
/// [`grid_search`]. Parameters: `k` (number of neighbours, a whole number) and `p`
/// (`1` Manhattan, `2` Euclidean; Euclidean when absent).
///
/// Standardise with the **training rows' own** column means and population standard
/// deviations (a column with standard deviation 0 is only centred), apply the same shift
/// and scale to the validation rows, run [`knn_predict`], and return the validation
/// accuracy. Statistics from the validation rows would leak them into training
/// (`make_pipeline(StandardScaler(), KNeighborsClassifier())` does it right).
///
/// ```
/// use ndarray::array;
/// use tuning::{Data, Params, Split};
/// let data = Data { x: array![[0.0], [1.0], [10.0], [11.0]], y: vec![0, 0, 1, 1] };
/// let p = Params(vec![("k".into(), 1.0)]);
/// let s = Split { train: vec![0, 2], test: vec![1, 3] };
/// assert_eq!(tuning::knn_fit_score(&data, &p, &s).unwrap(), 1.0);
/// ```
///
/// # Errors
/// [`TuneError::BadParam`] for a missing or bad `k`, a `p` other than 1 or 2;
/// [`TuneError::Empty`] for a fold with no training or no validation rows; the errors of
/// [`knn_predict`].
///
/// # Panics
/// If a fold holds a row index out of range.
pub fn knn_fit_score(data: &Data, params: &Params, split: &Split) -> Result<f64, TuneError> {
    let k = params
        .get("k")
        .ok_or_else(|| TuneError::BadParam("parameter k is missing".into()))?;
    // NaN and ±∞ fail too: their fract() is NaN.
    if k < 1.0 || k.fract() != 0.0 {
        return Err(TuneError::BadParam(format!(
            "k = {k} is not a whole number ≥ 1"
        )));
    }
    let p = params.get("p").unwrap_or(2.0);
    let metric = if p == 2.0 {
        Metric::Euclidean
    } else if p == 1.0 {
        Metric::Manhattan
    } else {
        return Err(TuneError::BadParam(format!("p = {p} must be 1 or 2")));
    };
    if split.train.is_empty() || split.test.is_empty() {
        return Err(TuneError::Empty(
            "a fold without training or validation rows",
        ));
    }
    let d = data.x.ncols();
    let n = split.train.len() as f64;
    let mut mean = vec![0.0; d];
    let mut sd = vec![0.0; d];
    for j in 0..d {
        mean[j] = split.train.iter().map(|&r| data.x[[r, j]]).sum::<f64>() / n;
        let var = split
            .train
            .iter()
            .map(|&r| (data.x[[r, j]] - mean[j]).powi(2))
            .sum::<f64>()
            / n;
        sd[j] = if var > 0.0 { var.sqrt() } else { 1.0 };
    }
    let scaled = |rows: &[usize]| {
        Array2::from_shape_fn((rows.len(), d), |(i, j)| {
            (data.x[[rows[i], j]] - mean[j]) / sd[j]
        })
    };
    let y_train: Vec<usize> = split.train.iter().map(|&r| data.y[r]).collect();
    let pred = knn_predict(
        scaled(&split.train).view(),
        &y_train,
        scaled(&split.test).view(),
        k as usize,
        metric,
    )?;
    let right = split
        .test
        .iter()
        .zip(&pred)
        .filter(|(&r, &p)| data.y[r] == p)
        .count();
    Ok(right as f64 / split.test.len() as f64)
}

/// Nested cross-validation: an honest estimate of "tune, then train".
///
/// Outer folds: `stratified_kfold(y, outer_k, seed)`. For outer fold `i`:
/// 1. take the labels of its training rows, `y_in[j] = y[outer.train[j]]`, and build inner
///    folds `stratified_kfold(&y_in, inner_k, seed.wrapping_add(i as u64 + 1))`;
/// 2. map the inner folds' positions back to row numbers (`j → outer.train[j]`), so
///    `fit_score` always sees row indices of the full data;
/// 3. [`grid_search`] the candidates on those inner folds; record the best params and
///    its mean (`inner_best`);
/// 4. score the winner once with `fit_score(best, outer_fold)`: trained on all the outer
///    training rows, tested on the outer test rows no choice has seen.
///
/// `mean` and `std` (population) summarise the outer scores
/// (`cross_val_score(GridSearchCV(model, grid, cv=inner), X, y, cv=outer)`).
///
/// ```
/// let y = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1];
/// let grid = tuning::param_grid(&[("a", &[0.0, 1.0])]).unwrap();
/// let r = tuning::nested_cv(&y, 3, 2, 0, &grid, |p, _| Ok(p.get("a").unwrap())).unwrap();
/// assert_eq!(r.outer_scores, vec![1.0; 3]);
/// ```
///
/// # Errors
/// The errors of [`stratified_kfold`] (for the outer folds and for each inner one) and of
/// [`grid_search`]; the first error `fit_score` returns.
pub fn nested_cv<F>(
    y: &[usize],
    outer_k: usize,
    inner_k: usize,
    seed: u64,
    candidates: &[Params],
    mut fit_score: F,
) -> Result<NestedResult, TuneError>
where
    F: FnMut(&Params, &Split) -> Result<f64, TuneError>,
{
    let outer = stratified_kfold(y, outer_k, seed)?;
    let mut result = NestedResult {
        chosen: Vec::new(),
        inner_best: Vec::new(),
        outer_scores: Vec::new(),
        mean: 0.0,
        std: 0.0,
    };
    for (i, fold) in outer.iter().enumerate() {
        let y_in: Vec<usize> = fold.train.iter().map(|&r| y[r]).collect();
        let to_rows =
            |pos: &[usize]| -> Vec<usize> { pos.iter().map(|&j| fold.train[j]).collect() };
        let inner: Vec<Split> = stratified_kfold(&y_in, inner_k, seed.wrapping_add(i as u64 + 1))?
            .iter()
            .map(|s| Split {
                train: to_rows(&s.train),
                test: to_rows(&s.test),
            })
            .collect();
        let search = grid_search(candidates, &inner, &mut fit_score)?;
        let best = search.best();
        result.outer_scores.push(fit_score(&best.params, fold)?);
        result.inner_best.push(best.cv.mean);
        result.chosen.push(best.params.clone());
    }
    (result.mean, result.std) = mean_std(&result.outer_scores);
    Ok(result)
}

/// The telco churn features, in column order. `month_to_month` is 1.0 when `contract` is
/// `"Month-to-month"`, `fiber_optic` when `internet_service` is `"Fiber optic"`,
/// `electronic_check` when `payment_method` is `"Electronic check"`; the others are the
/// file's numeric columns.
pub const CHURN_FEATURES: [&str; 10] = [
    "tenure",
    "monthly_charges",
    "total_charges",
    "senior_citizen",
    "partner",
    "dependents",
    "paperless_billing",
    "month_to_month",
    "fiber_optic",
    "electronic_check",
];

/// All 7043 telco customers as [`Data`]: [`CHURN_FEATURES`], `y` = 1 for
/// `churn == "Yes"`, file order.
///
/// An empty `total_charges` belongs to a customer with `tenure` 0 who has not been billed
/// yet: it becomes `0.0` (the amount billed so far), so no row is dropped.
///
/// ```
/// let d = tuning::load_churn().unwrap();
/// assert_eq!(d.x.dim(), (7043, 10));
/// ```
///
/// # Errors
/// [`TuneError::Data`] when the file cannot be read or a field is malformed;
/// [`TuneError::BadParam`] for a missing value in any other column.
pub fn load_churn() -> Result<Data, TuneError> {
    let t = datasets::table("telco_churn")?;
    let numeric: Vec<Vec<Option<f64>>> = CHURN_FEATURES[..7]
        .iter()
        .map(|c| t.f64_column(c))
        .collect::<Result<_, _>>()?;
    let contract = t.column("contract")?;
    let internet = t.column("internet_service")?;
    let payment = t.column("payment_method")?;
    let churn = t.column("churn")?;
    let mut values = Vec::with_capacity(t.len() * CHURN_FEATURES.len());
    for i in 0..t.len() {
        for (j, col) in numeric.iter().enumerate() {
            let v = match (col[i], CHURN_FEATURES[j]) {
                (Some(v), _) => v,
                (None, "total_charges") => 0.0,
                (None, name) => {
                    return Err(TuneError::BadParam(format!("row {i}: {name} is empty")))
                }
            };
            values.push(v);
        }
        values.push(f64::from(contract[i] == Some("Month-to-month")));
        values.push(f64::from(internet[i] == Some("Fiber optic")));
        values.push(f64::from(payment[i] == Some("Electronic check")));
    }
    let y = churn
        .iter()
        .map(|c| usize::from(*c == Some("Yes")))
        .collect();
    let x = Array2::from_shape_vec((t.len(), CHURN_FEATURES.len()), values)
        .expect("ten values per row");
    Ok(Data { x, y })
}

/// Draw a validation curve to `path` (PNG or SVG by extension, 800 × 500) with
/// `charts::line_chart`: the mean CV score against the parameter value, and the band
/// one standard deviation either side, as three series named `"mean"`, `"mean + std"`
/// and `"mean - std"`. With `log_x` the x axis is `log10(value)` and its label reads
/// `"log10({param})"`, otherwise `param`. The y label is `"CV score"`. Points are drawn in
/// the order given (pass them sorted by value).
/// (`sklearn.model_selection.validation_curve` computes the same numbers.)
///
/// ```no_run
/// use tuning::CvScore;
/// let s = |m| CvScore { scores: vec![m], mean: m, std: 0.01 };
/// tuning::plot_validation_curve("k", &[(1.0, s(0.7)), (5.0, s(0.75))], false, std::path::Path::new("plots/23/vc.png")).unwrap();
/// ```
///
/// # Errors
/// [`TuneError::Empty`] for no points, [`TuneError::BadParam`] for a value `≤ 0` with
/// `log_x`, [`TuneError::Plot`] when drawing fails.
pub fn plot_validation_curve(
    param: &str,
    points: &[(f64, CvScore)],
    log_x: bool,
    path: &Path,
) -> Result<(), TuneError> {
    if points.is_empty() {
        return Err(TuneError::Empty("no points for the validation curve"));
    }
    if log_x && points.iter().any(|(v, _)| v.is_nan() || *v <= 0.0) {
        return Err(TuneError::BadParam(
            "log_x needs every value to be positive".into(),
        ));
    }
    let x = |v: f64| if log_x { v.log10() } else { v };
    let series = |name: &str, f: &dyn Fn(&CvScore) -> f64| {
        charts::Series::new(name, points.iter().map(|(v, s)| (x(*v), f(s))).collect())
    };
    let x_label = if log_x {
        format!("log10({param})")
    } else {
        param.to_string()
    };
    charts::line_chart(
        path,
        &format!("validation curve: {param}"),
        &x_label,
        "CV score",
        &[
            series("mean", &|s| s.mean),
            series("mean + std", &|s| s.mean + s.std),
            series("mean - std", &|s| s.mean - s.std),
        ],
    )
    .map_err(|e| TuneError::Plot(e.to_string()))
}

/// Draw the mean CV scores of a 2-D search as a heatmap with `charts::heatmap`.
///
/// Rows are the distinct values of parameter `row`, columns those of `col`, each in order
/// of first appearance among the candidates; a cell holds the mean score of the candidate
/// with those two values (NaN when there is none; the first one when several share them).
/// Labels read `"{name}={value}"` (`"k=5"`), the title `"mean CV score"`.
///
/// ```no_run
/// # let result: tuning::SearchResult = unimplemented!();
/// tuning::plot_search_heatmap(&result, "k", "p", std::path::Path::new("plots/23/grid.png")).unwrap();
/// ```
///
/// # Errors
/// [`TuneError::Empty`] for no candidates; [`TuneError::BadParam`] when a candidate lacks
/// `row` or `col`; [`TuneError::Plot`] when drawing fails.
pub fn plot_search_heatmap(
    result: &SearchResult,
    row: &str,
    col: &str,
    path: &Path,
) -> Result<(), TuneError> {
    if result.candidates.is_empty() {
        return Err(TuneError::Empty("no candidates to draw"));
    }
    let mut rows: Vec<f64> = Vec::new();
    let mut cols: Vec<f64> = Vec::new();
    let mut cells = Vec::new();
    for c in &result.candidates {
        let get = |name: &str| {
            c.params
                .get(name)
                .ok_or_else(|| TuneError::BadParam(format!("a candidate has no {name}")))
        };
        let (r, k) = (get(row)?, get(col)?);
        if !rows.contains(&r) {
            rows.push(r);
        }
        if !cols.contains(&k) {
            cols.push(k);
        }
        cells.push((r, k, c.cv.mean));
    }
    let mut values = vec![f64::NAN; rows.len() * cols.len()];
    for (r, k, m) in cells.into_iter().rev() {
        let i = rows.iter().position(|&v| v == r).expect("seen");
        let j = cols.iter().position(|&v| v == k).expect("seen");
        values[i * cols.len() + j] = m;
    }
    let labels = |name: &str, vs: &[f64]| -> Vec<String> {
        vs.iter().map(|v| format!("{name}={v}")).collect()
    };
    charts::heatmap(
        path,
        "mean CV score",
        &values,
        &labels(row, &rows),
        &labels(col, &cols),
    )
    .map_err(|e| TuneError::Plot(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The figures quoted in the README:
    /// `cargo test -p solution-23-tuning --lib -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn measured_churn_search() {
        let data = load_churn().unwrap();
        let mut rng = StdRng::seed_from_u64(23);
        let mut rows: Vec<usize> = (0..data.y.len()).collect();
        rows.shuffle(&mut rng);
        rows.truncate(1500);
        let sub = Data {
            x: data.x.select(ndarray::Axis(0), &rows),
            y: rows.iter().map(|&r| data.y[r]).collect(),
        };
        let folds = stratified_kfold(&sub.y, 5, 1).unwrap();
        let ks: Vec<f64> = [1, 3, 5, 9, 15, 25, 41, 71, 121, 201, 301]
            .iter()
            .map(|&k| k as f64)
            .collect();
        let grid = param_grid(&[("k", &ks), ("p", &[1.0, 2.0])]).unwrap();
        let r = grid_search(&grid, &folds, |p, s| knn_fit_score(&sub, p, s)).unwrap();
        for c in &r.candidates {
            println!("{}: {:.4} ± {:.4}", c.params, c.cv.mean, c.cv.std);
        }
        println!("best {} {:.4}", r.best().params, r.best().cv.mean);
        let space = [
            ("k", Dist::Choice((1..=150).map(f64::from).collect())),
            ("p", Dist::Choice(vec![1.0, 2.0])),
        ];
        let configs = random_configs(&space, 12, 5).unwrap();
        let rr = grid_search(&configs, &folds, |p, s| knn_fit_score(&sub, p, s)).unwrap();
        println!("random best {} {:.4}", rr.best().params, rr.best().cv.mean);
        let nested = nested_cv(&sub.y, 5, 3, 2, &grid, |p, s| knn_fit_score(&sub, p, s)).unwrap();
        println!(
            "nested {:.4} ± {:.4}; inner best {:?}; chosen {:?}",
            nested.mean,
            nested.std,
            nested.inner_best,
            nested
                .chosen
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
        );
        let base = sub.y.iter().filter(|&&v| v == 0).count() as f64 / sub.y.len() as f64;
        println!("majority baseline {base:.4}");
        // Noise labels, ten times: the best grid score against the nested estimate.
        let g = param_grid(&[("k", &ks[..8]), ("p", &[1.0, 2.0])]).unwrap();
        let (mut best_sum, mut nested_sum) = (0.0, 0.0);
        for rep in 0..10u64 {
            let noise = Data {
                x: sub.x.slice(ndarray::s![..300, ..]).to_owned(),
                y: (0..300).map(|_| rng.gen_range(0..2)).collect(),
            };
            let f = stratified_kfold(&noise.y, 5, rep).unwrap();
            let r = grid_search(&g, &f, |p, s| knn_fit_score(&noise, p, s)).unwrap();
            let n = nested_cv(&noise.y, 5, 3, rep, &g, |p, s| knn_fit_score(&noise, p, s)).unwrap();
            println!(
                "noise {rep}: best grid {:.4}, nested {:.4}",
                r.best().cv.mean,
                n.mean
            );
            best_sum += r.best().cv.mean;
            nested_sum += n.mean;
        }
        println!(
            "noise mean of 10: best grid {:.4}, nested {:.4}",
            best_sum / 10.0,
            nested_sum / 10.0
        );
        let pts: Vec<(f64, CvScore)> = r
            .candidates
            .iter()
            .filter(|c| c.params.get("p") == Some(2.0))
            .map(|c| (c.params.get("k").unwrap(), c.cv.clone()))
            .collect();
        plot_validation_curve("k", &pts, true, Path::new("/tmp/ch23/vc.png")).unwrap();
        plot_search_heatmap(&r, "k", "p", Path::new("/tmp/ch23/grid.png")).unwrap();
    }
}
