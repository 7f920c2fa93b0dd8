//! Chapter 23: hyperparameter tuning (roadmap W12-13 D5-6, "Hyperparameter tuning
//! (GridSearch, RandomSearch)").
//!
//! Replace every `todo!()` with your code; read `README.md` beside this folder first.
//! `cargo grader check 23` runs the hidden checks, `cargo grader hint 23::NAME` gives a
//! hint for exercise NAME (ask again with `--level 2` and `--level 3` for more).
// Parameters are unused until you write the bodies.
#![allow(unused_variables, unused_mut)]

use std::fmt;
use std::path::Path;

use ndarray::{Array2, ArrayView2};
use rand::rngs::StdRng;

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
///
/// Hints: `cargo grader hint 23::stratified_kfold`.
pub fn stratified_kfold(y: &[usize], k: usize, seed: u64) -> Result<Vec<Split>, TuneError> {
    todo!()
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
///
/// Hints: `cargo grader hint 23::cross_val_score`.
pub fn cross_val_score<F>(folds: &[Split], mut fit_score: F) -> Result<CvScore, TuneError>
where
    F: FnMut(&Split) -> Result<f64, TuneError>,
{
    todo!()
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
///
/// Hints: `cargo grader hint 23::param_grid`.
pub fn param_grid(axes: &[(&str, &[f64])]) -> Result<Vec<Params>, TuneError> {
    todo!()
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
///
/// Hints: `cargo grader hint 23::grid_search`.
pub fn grid_search<F>(
    candidates: &[Params],
    folds: &[Split],
    mut fit_score: F,
) -> Result<SearchResult, TuneError>
where
    F: FnMut(&Params, &Split) -> Result<f64, TuneError>,
{
    todo!()
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
    ///
    /// Hints: `cargo grader hint 23::sample`.
    pub fn sample(&self, rng: &mut StdRng) -> f64 {
        todo!()
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
///
/// Hints: `cargo grader hint 23::random_configs`.
pub fn random_configs(
    space: &[(&str, Dist)],
    n: usize,
    seed: u64,
) -> Result<Vec<Params>, TuneError> {
    todo!()
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
///
/// Hints: `cargo grader hint 23::knn_predict`.
pub fn knn_predict(
    x_train: ArrayView2<'_, f64>,
    y_train: &[usize],
    x_test: ArrayView2<'_, f64>,
    k: usize,
    metric: Metric,
) -> Result<Vec<usize>, TuneError> {
    todo!()
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
///
/// Hints: `cargo grader hint 23::knn_fit_score`.
pub fn knn_fit_score(data: &Data, params: &Params, split: &Split) -> Result<f64, TuneError> {
    todo!()
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
///
/// Hints: `cargo grader hint 23::nested_cv`.
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
    todo!()
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
///
/// Hints: `cargo grader hint 23::load_churn`.
pub fn load_churn() -> Result<Data, TuneError> {
    todo!()
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
///
/// Hints: `cargo grader hint 23::plot_validation_curve`.
pub fn plot_validation_curve(
    param: &str,
    points: &[(f64, CvScore)],
    log_x: bool,
    path: &Path,
) -> Result<(), TuneError> {
    todo!()
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
///
/// Hints: `cargo grader hint 23::plot_search_heatmap`.
pub fn plot_search_heatmap(
    result: &SearchResult,
    row: &str,
    col: &str,
    path: &Path,
) -> Result<(), TuneError> {
    todo!()
}
