//! Chapter 10: ML basics (roadmap W9-10 D1-2, "What is ML? Types of ML").
//!
//! Reference solution. Same public API as `exercises/10-ml-basics`.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;

/// What can go wrong when fitting or predicting.
#[derive(Debug, thiserror::Error)]
pub enum MlError {
    /// No rows to learn from (or nothing to predict from).
    #[error("empty data: {0}")]
    Empty(&'static str),
    /// `x` and `y` disagree on the number of examples.
    #[error("x has {x_rows} rows but y has {y_len} values")]
    RowMismatch { x_rows: usize, y_len: usize },
    /// A matrix has a different number of features than the model was fitted on.
    #[error("expected {expected} features (columns), got {got}")]
    ColumnMismatch { expected: usize, got: usize },
    /// `k` must be between 1 and the number of training rows.
    #[error("k = {k} is not in 1..={n} (the number of training rows)")]
    BadK { k: usize, n: usize },
    /// A fraction outside its allowed range.
    #[error("fraction {0} is not strictly between 0 and 1")]
    BadFraction(f64),
    /// The data set could not be read.
    #[error(transparent)]
    Data(#[from] datasets::Error),
}

/// Learn a model from examples `x` (one row per example) and targets `y`.
///
/// The *unfitted* value holds only hyperparameters (`k`, the metric); `fit` returns a
/// separate, fitted model. This is scikit-learn's `model.fit(X, y)`, except that the
/// fitted state is a new value instead of attributes with a trailing underscore.
pub trait Fit<T> {
    /// The fitted model.
    type Model: Predict<T>;
    /// Fit on `x` (`n × d`) and targets `y` (length `n`).
    ///
    /// # Errors
    /// When the data are empty or the shapes disagree.
    fn fit(&self, x: ArrayView2<'_, f64>, y: ArrayView1<'_, T>) -> Result<Self::Model, MlError>;
}

/// Predict a target for every row of `x` (scikit-learn's `model.predict(X)`).
pub trait Predict<T> {
    /// One prediction per row of `x`.
    ///
    /// # Errors
    /// When `x` has a different number of columns than the training data.
    fn predict(&self, x: ArrayView2<'_, f64>) -> Result<Array1<T>, MlError>;
}

/// How to measure the distance between two examples.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Straight-line distance, [`euclidean`].
    Euclidean,
    /// City-block distance, [`manhattan`].
    Manhattan,
}

impl Metric {
    /// The distance between `a` and `b` under this metric.
    pub fn distance(&self, a: ArrayView1<'_, f64>, b: ArrayView1<'_, f64>) -> f64 {
        match self {
            Metric::Euclidean => euclidean(a, b),
            Metric::Manhattan => manhattan(a, b),
        }
    }
}

/// Euclidean distance `√Σᵢ (aᵢ − bᵢ)²`.
///
/// ```
/// use ndarray::array;
/// let d = ml_basics::euclidean(array![0.0, 0.0].view(), array![3.0, 4.0].view());
/// assert_eq!(d, 5.0);
/// ```
///
/// # Panics
/// If `a` and `b` have different lengths.
pub fn euclidean(a: ArrayView1<'_, f64>, b: ArrayView1<'_, f64>) -> f64 {
    assert_eq!(a.len(), b.len(), "euclidean: vectors of different lengths");
    a.iter()
        .zip(b.iter())
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
        .sqrt()
}

/// Manhattan (city-block) distance `Σᵢ |aᵢ − bᵢ|`.
///
/// ```
/// use ndarray::array;
/// let d = ml_basics::manhattan(array![0.0, 0.0].view(), array![3.0, -4.0].view());
/// assert_eq!(d, 7.0);
/// ```
///
/// # Panics
/// If `a` and `b` have different lengths.
pub fn manhattan(a: ArrayView1<'_, f64>, b: ArrayView1<'_, f64>) -> f64 {
    assert_eq!(a.len(), b.len(), "manhattan: vectors of different lengths");
    a.iter().zip(b.iter()).map(|(x, y)| (x - y).abs()).sum()
}

/// The indices of the `k` rows of `train` closest to `query`, nearest first. Equal
/// distances are ordered by row index (the lower index first), so the answer is unique.
///
/// ```
/// use ndarray::array;
/// use ml_basics::{k_nearest, Metric};
/// let train = array![[0.0], [10.0], [1.0], [-1.0]];
/// let idx = k_nearest(train.view(), array![0.2].view(), 3, Metric::Euclidean).unwrap();
/// assert_eq!(idx, vec![0, 2, 3]);
/// ```
///
/// # Errors
/// [`MlError::BadK`] unless `1 ≤ k ≤ train.nrows()`; [`MlError::ColumnMismatch`] when
/// `query` and `train` have different numbers of features.
pub fn k_nearest(
    train: ArrayView2<'_, f64>,
    query: ArrayView1<'_, f64>,
    k: usize,
    metric: Metric,
) -> Result<Vec<usize>, MlError> {
    if k == 0 || k > train.nrows() {
        return Err(MlError::BadK {
            k,
            n: train.nrows(),
        });
    }
    if query.len() != train.ncols() {
        return Err(MlError::ColumnMismatch {
            expected: train.ncols(),
            got: query.len(),
        });
    }
    let mut order: Vec<(f64, usize)> = train
        .outer_iter()
        .enumerate()
        .map(|(i, row)| (metric.distance(row, query), i))
        .collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    Ok(order.into_iter().take(k).map(|(_, i)| i).collect())
}

/// The most common label among `neighbour_labels`, which are ordered nearest first.
/// When several labels share the highest count, the one whose first occurrence is
/// nearest wins.
///
/// ```
/// // Two 1s, two 2s: the 2 is nearer (it comes first), so 2 wins.
/// assert_eq!(ml_basics::majority_vote(&[2, 1, 1, 2, 0]), 2);
/// assert_eq!(ml_basics::majority_vote(&[0, 1, 1]), 1);
/// ```
///
/// # Panics
/// If `neighbour_labels` is empty.
pub fn majority_vote(neighbour_labels: &[usize]) -> usize {
    assert!(!neighbour_labels.is_empty(), "majority_vote of no labels");
    let mut best = neighbour_labels[0];
    let mut best_count = 0;
    // Walking nearest first and only replacing on a strictly higher count keeps the
    // nearest label among those tied.
    for (i, &label) in neighbour_labels.iter().enumerate() {
        if neighbour_labels[..i].contains(&label) {
            continue;
        }
        let count = neighbour_labels.iter().filter(|&&l| l == label).count();
        if count > best_count {
            best = label;
            best_count = count;
        }
    }
    best
}

/// A k-nearest-neighbour classifier before fitting: just its hyperparameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KnnClassifier {
    pub k: usize,
    pub metric: Metric,
}

/// A fitted k-NN classifier: k-NN "learns" by remembering the training set.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedKnnClassifier {
    pub k: usize,
    pub metric: Metric,
    pub x: Array2<f64>,
    pub y: Array1<usize>,
}

/// Shared validation of `fit`'s inputs.
fn check_fit_inputs(x: ArrayView2<'_, f64>, y_len: usize, k: usize) -> Result<(), MlError> {
    if x.nrows() == 0 {
        return Err(MlError::Empty("no training rows"));
    }
    if x.nrows() != y_len {
        return Err(MlError::RowMismatch {
            x_rows: x.nrows(),
            y_len,
        });
    }
    if k == 0 || k > x.nrows() {
        return Err(MlError::BadK { k, n: x.nrows() });
    }
    Ok(())
}

/// Shared validation of `predict`'s input.
fn check_columns(expected: usize, x: ArrayView2<'_, f64>) -> Result<(), MlError> {
    if x.ncols() != expected {
        return Err(MlError::ColumnMismatch {
            expected,
            got: x.ncols(),
        });
    }
    Ok(())
}

impl Fit<usize> for KnnClassifier {
    type Model = FittedKnnClassifier;

    /// Remember the training data (after validating it).
    ///
    /// ```
    /// use ndarray::array;
    /// use ml_basics::{Fit, KnnClassifier, Metric, Predict};
    /// let x = array![[0.0], [1.0], [10.0], [11.0]];
    /// let y = array![0, 0, 1, 1];
    /// let model = KnnClassifier { k: 3, metric: Metric::Euclidean }.fit(x.view(), y.view()).unwrap();
    /// assert_eq!(model.predict(array![[0.5], [10.2]].view()).unwrap(), array![0, 1]);
    /// ```
    ///
    /// # Errors
    /// [`MlError::Empty`], [`MlError::RowMismatch`], [`MlError::BadK`].
    fn fit(
        &self,
        x: ArrayView2<'_, f64>,
        y: ArrayView1<'_, usize>,
    ) -> Result<FittedKnnClassifier, MlError> {
        check_fit_inputs(x, y.len(), self.k)?;
        Ok(FittedKnnClassifier {
            k: self.k,
            metric: self.metric,
            x: x.to_owned(),
            y: y.to_owned(),
        })
    }
}

impl Predict<usize> for FittedKnnClassifier {
    /// For each row: find its `k` nearest training rows and take the [`majority_vote`] of
    /// their labels (nearest first, so ties go to the nearest).
    ///
    /// ```
    /// use ndarray::array;
    /// use ml_basics::{Fit, KnnClassifier, Metric, Predict};
    /// let model = KnnClassifier { k: 1, metric: Metric::Manhattan }
    ///     .fit(array![[0.0, 0.0], [5.0, 5.0]].view(), array![0, 1].view()).unwrap();
    /// assert_eq!(model.predict(array![[4.0, 4.5]].view()).unwrap(), array![1]);
    /// ```
    ///
    /// # Errors
    /// [`MlError::ColumnMismatch`].
    fn predict(&self, x: ArrayView2<'_, f64>) -> Result<Array1<usize>, MlError> {
        check_columns(self.x.ncols(), x)?;
        x.outer_iter()
            .map(|q| {
                let idx = k_nearest(self.x.view(), q, self.k, self.metric)?;
                let labels: Vec<usize> = idx.iter().map(|&i| self.y[i]).collect();
                Ok(majority_vote(&labels))
            })
            .collect()
    }
}

/// A k-nearest-neighbour regressor before fitting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KnnRegressor {
    pub k: usize,
    pub metric: Metric,
}

/// A fitted k-NN regressor.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedKnnRegressor {
    pub k: usize,
    pub metric: Metric,
    pub x: Array2<f64>,
    pub y: Array1<f64>,
}

impl Fit<f64> for KnnRegressor {
    type Model = FittedKnnRegressor;

    /// Remember the training data (after validating it).
    ///
    /// ```
    /// use ndarray::array;
    /// use ml_basics::{Fit, KnnRegressor, Metric};
    /// let knn = KnnRegressor { k: 3, metric: Metric::Euclidean };
    /// assert!(knn.fit(array![[0.0], [1.0]].view(), array![1.0, 2.0].view()).is_err()); // k > n
    /// ```
    ///
    /// # Errors
    /// [`MlError::Empty`], [`MlError::RowMismatch`], [`MlError::BadK`].
    fn fit(
        &self,
        x: ArrayView2<'_, f64>,
        y: ArrayView1<'_, f64>,
    ) -> Result<FittedKnnRegressor, MlError> {
        check_fit_inputs(x, y.len(), self.k)?;
        Ok(FittedKnnRegressor {
            k: self.k,
            metric: self.metric,
            x: x.to_owned(),
            y: y.to_owned(),
        })
    }
}

impl Predict<f64> for FittedKnnRegressor {
    /// For each row: the mean target of its `k` nearest training rows.
    ///
    /// ```
    /// use ndarray::array;
    /// use ml_basics::{Fit, KnnRegressor, Metric, Predict};
    /// let x = array![[0.0], [1.0], [2.0], [10.0]];
    /// let y = array![1.0, 2.0, 3.0, 100.0];
    /// let model = KnnRegressor { k: 2, metric: Metric::Manhattan }.fit(x.view(), y.view()).unwrap();
    /// assert_eq!(model.predict(array![[0.4]].view()).unwrap(), array![1.5]);
    /// ```
    ///
    /// # Errors
    /// [`MlError::ColumnMismatch`].
    fn predict(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>, MlError> {
        check_columns(self.x.ncols(), x)?;
        x.outer_iter()
            .map(|q| {
                let idx = k_nearest(self.x.view(), q, self.k, self.metric)?;
                Ok(idx.iter().map(|&i| self.y[i]).sum::<f64>() / idx.len() as f64)
            })
            .collect()
    }
}

/// Column means and standard deviations learned from training data: an *unsupervised*
/// fit (no targets), like scikit-learn's `StandardScaler`.
#[derive(Debug, Clone, PartialEq)]
pub struct Standardizer {
    pub mean: Array1<f64>,
    /// Population standard deviation (divide by n); a constant column gets 1.0 so that
    /// transforming never divides by zero.
    pub std: Array1<f64>,
}

impl Standardizer {
    /// Learn each column's mean and population standard deviation from `x`.
    ///
    /// ```
    /// use ndarray::array;
    /// let s = ml_basics::Standardizer::fit(array![[1.0, 5.0], [3.0, 5.0]].view()).unwrap();
    /// assert_eq!(s.mean, array![2.0, 5.0]);
    /// assert_eq!(s.std, array![1.0, 1.0]); // the constant column gets 1.0
    /// ```
    ///
    /// # Errors
    /// [`MlError::Empty`] when `x` has no rows.
    pub fn fit(x: ArrayView2<'_, f64>) -> Result<Standardizer, MlError> {
        if x.nrows() == 0 {
            return Err(MlError::Empty("cannot standardise zero rows"));
        }
        let mean = x.mean_axis(Axis(0)).expect("at least one row");
        let std = x
            .std_axis(Axis(0), 0.0)
            .mapv(|s| if s > 0.0 { s } else { 1.0 });
        Ok(Standardizer { mean, std })
    }

    /// `(x − mean) / std`, column by column, with the statistics learned in [`fit`](Self::fit).
    ///
    /// ```
    /// use ndarray::array;
    /// let s = ml_basics::Standardizer { mean: array![2.0], std: array![4.0] };
    /// assert_eq!(s.transform(array![[10.0], [2.0]].view()).unwrap(), array![[2.0], [0.0]]);
    /// ```
    ///
    /// # Errors
    /// [`MlError::ColumnMismatch`] when `x` has a different number of columns.
    pub fn transform(&self, x: ArrayView2<'_, f64>) -> Result<Array2<f64>, MlError> {
        check_columns(self.mean.len(), x)?;
        Ok((&x - &self.mean) / &self.std)
    }
}

/// A shuffled split of the row indices `0..n` into `(train, test)`.
///
/// The test part has `round(n · test_fraction)` indices; both parts together are a
/// permutation of `0..n`. The same `seed` gives the same split (use `StdRng`).
///
/// ```
/// let (train, test) = ml_basics::train_test_split(10, 0.3, 42).unwrap();
/// assert_eq!((train.len(), test.len()), (7, 3));
/// ```
///
/// # Errors
/// [`MlError::BadFraction`] unless `0 < test_fraction < 1`; [`MlError::Empty`] when `n = 0`.
pub fn train_test_split(
    n: usize,
    test_fraction: f64,
    seed: u64,
) -> Result<(Vec<usize>, Vec<usize>), MlError> {
    if !(test_fraction > 0.0 && test_fraction < 1.0) {
        return Err(MlError::BadFraction(test_fraction));
    }
    if n == 0 {
        return Err(MlError::Empty("nothing to split"));
    }
    let mut idx: Vec<usize> = (0..n).collect();
    idx.shuffle(&mut StdRng::seed_from_u64(seed));
    let n_test = (n as f64 * test_fraction).round() as usize;
    let train = idx.split_off(n_test);
    Ok((train, idx))
}

/// The fraction of positions where `y_true` and `y_pred` agree.
///
/// ```
/// use ndarray::array;
/// assert_eq!(ml_basics::accuracy(array![0, 1, 2, 2].view(), array![0, 1, 1, 2].view()).unwrap(), 0.75);
/// ```
///
/// # Errors
/// [`MlError::Empty`] for no labels, [`MlError::RowMismatch`] for different lengths.
pub fn accuracy(
    y_true: ArrayView1<'_, usize>,
    y_pred: ArrayView1<'_, usize>,
) -> Result<f64, MlError> {
    if y_true.len() != y_pred.len() {
        return Err(MlError::RowMismatch {
            x_rows: y_true.len(),
            y_len: y_pred.len(),
        });
    }
    if y_true.is_empty() {
        return Err(MlError::Empty("no labels to score"));
    }
    let right = y_true
        .iter()
        .zip(y_pred.iter())
        .filter(|(a, b)| a == b)
        .count();
    Ok(right as f64 / y_true.len() as f64)
}

/// The species names, in label order: `Adelie` → 0, `Chinstrap` → 1, `Gentoo` → 2.
pub const SPECIES: [&str; 3] = ["Adelie", "Chinstrap", "Gentoo"];

/// The four penguin measurements used as features, in column order.
pub const PENGUIN_FEATURES: [&str; 4] = [
    "bill_length_mm",
    "bill_depth_mm",
    "flipper_length_mm",
    "body_mass_g",
];

/// The penguins data set as `(x, y)`: `x` holds [`PENGUIN_FEATURES`] (one row per
/// penguin), `y` the species as an index into [`SPECIES`].
///
/// Like pandas' `penguins.dropna()`, a row with *any* empty field (in any column,
/// including `sex`) is dropped. Rows keep their file order.
///
/// ```
/// let (x, y) = ml_basics::load_penguins().unwrap();
/// assert_eq!(x.ncols(), 4);
/// assert_eq!(x.nrows(), y.len());
/// ```
///
/// # Errors
/// [`MlError::Data`] when the file cannot be read or a field is not a number.
pub fn load_penguins() -> Result<(Array2<f64>, Array1<usize>), MlError> {
    let table = datasets::table("penguins")?;
    let cols: Vec<Vec<Option<f64>>> = PENGUIN_FEATURES
        .iter()
        .map(|c| table.f64_column(c))
        .collect::<Result<_, _>>()?;
    let species = table.column("species")?;
    let mut values = Vec::new();
    let mut labels = Vec::new();
    for (i, row) in table.rows.iter().enumerate() {
        if row.iter().any(|f| f.is_empty() || f == "NA") {
            continue;
        }
        let Some(label) = species[i].and_then(|s| SPECIES.iter().position(|&n| n == s)) else {
            continue;
        };
        for col in &cols {
            values.push(col[i].expect("no empty field in this row"));
        }
        labels.push(label);
    }
    let x = Array2::from_shape_vec((labels.len(), PENGUIN_FEATURES.len()), values)
        .expect("four values per kept row");
    Ok((x, Array1::from(labels)))
}

/// The whole supervised workflow on one split: standardise with statistics from the
/// training rows only, fit a [`KnnClassifier`] on the training rows, predict the test
/// rows, and return the test accuracy.
///
/// `train` and `test` are row indices into `x` and `y` (as from [`train_test_split`]).
/// Fitting the standardiser on the test rows too would leak information about the test
/// set into the model.
///
/// ```
/// use ndarray::array;
/// use ml_basics::{evaluate_knn, Metric};
/// let x = array![[0.0], [1.0], [10.0], [11.0], [0.5], [10.5]];
/// let y = array![0, 0, 1, 1, 0, 1];
/// let acc = evaluate_knn(x.view(), y.view(), &[0, 1, 2, 3], &[4, 5], 1, Metric::Euclidean).unwrap();
/// assert_eq!(acc, 1.0);
/// ```
///
/// # Errors
/// [`MlError::RowMismatch`] when `x` and `y` disagree; [`MlError::Empty`] when `train`
/// or `test` is empty; [`MlError::BadK`].
///
/// # Panics
/// If an index in `train` or `test` is out of range.
pub fn evaluate_knn(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    train: &[usize],
    test: &[usize],
    k: usize,
    metric: Metric,
) -> Result<f64, MlError> {
    if x.nrows() != y.len() {
        return Err(MlError::RowMismatch {
            x_rows: x.nrows(),
            y_len: y.len(),
        });
    }
    if test.is_empty() {
        return Err(MlError::Empty("no test rows"));
    }
    let x_train = x.select(Axis(0), train);
    let x_test = x.select(Axis(0), test);
    let y_train = y.select(Axis(0), train);
    let y_test = y.select(Axis(0), test);
    let scaler = Standardizer::fit(x_train.view())?;
    let model = KnnClassifier { k, metric }
        .fit(scaler.transform(x_train.view())?.view(), y_train.view())?;
    let predicted = model.predict(scaler.transform(x_test.view())?.view())?;
    accuracy(y_test.view(), predicted.view())
}
