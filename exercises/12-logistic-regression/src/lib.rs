//! Chapter 12: logistic regression (roadmap W9-10 D5-6, "Logistic Regression").
//!
//! Replace every `todo!()` with your code; read `README.md` beside this folder first.
//! `cargo grader check 12` runs the hidden checks, `cargo grader hint 12::NAME` gives a
//! hint for exercise NAME (ask again with `--level 2` and `--level 3` for more).
// Parameters are unused until you write the bodies.
#![allow(unused_variables, unused_mut)]

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

/// What can go wrong when fitting or scoring.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    /// No rows where some are needed.
    #[error("empty data: {0}")]
    Empty(&'static str),
    /// Two inputs disagree on the number of rows.
    #[error("{left} rows/values against {right}")]
    RowMismatch { left: usize, right: usize },
    /// Parameters of the wrong size for the data.
    #[error("expected {expected} columns/weights, got {got}")]
    ColumnMismatch { expected: usize, got: usize },
    /// A label outside `0..n_classes` (binary models take 0 and 1 only).
    #[error("label {label} at row {row} is not below {n_classes}")]
    BadLabel {
        row: usize,
        label: usize,
        n_classes: usize,
    },
    /// A hyperparameter out of range.
    #[error("bad parameter: {0}")]
    BadParam(String),
    /// The data set could not be read.
    #[error(transparent)]
    Data(#[from] datasets::Error),
}

/// A binary logistic model: `P(y = 1 | x) = σ(intercept + x · coef)`.
#[derive(Debug, Clone, PartialEq)]
pub struct LogisticModel {
    pub intercept: f64,
    pub coef: Array1<f64>,
}

/// A softmax (multinomial logistic) model with `K` classes: class scores
/// `z = x · weights + intercepts`, probabilities `softmax(z)`.
#[derive(Debug, Clone, PartialEq)]
pub struct SoftmaxModel {
    /// `d × K`: one column of weights per class.
    pub weights: Array2<f64>,
    /// One intercept per class.
    pub intercepts: Array1<f64>,
}

/// A trained model with the mean training loss after every epoch.
#[derive(Debug, Clone, PartialEq)]
pub struct Trained<M> {
    pub model: M,
    pub losses: Vec<f64>,
}

/// The logistic function `σ(z) = 1 / (1 + e^(−z))`, computed so that it never overflows
/// and stays accurate in both tails: for `z ≥ 0` use `1 / (1 + e^(−z))`, for `z < 0` use
/// `e^z / (1 + e^z)` (only ever `exp` of a non-positive number).
///
/// ```
/// use logistic_regression::sigmoid;
/// assert_eq!(sigmoid(0.0), 0.5);
/// assert_eq!(sigmoid(800.0), 1.0);
/// assert!(sigmoid(-800.0) >= 0.0);
/// ```
///
/// Hints: `cargo grader hint 12::sigmoid`.
pub fn sigmoid(z: f64) -> f64 {
    todo!()
}

/// Binary cross-entropy of one example from its *logit* `z` (not its probability):
/// `−[y ln σ(z) + (1 − y) ln(1 − σ(z))]`, rewritten so it never takes `ln 0`:
///
/// ```text
/// loss = max(z, 0) − z·y + ln(1 + e^(−|z|))
/// ```
///
/// (`ln_1p` keeps the last term accurate when `e^(−|z|)` is tiny.) `y` is 0.0 or 1.0.
///
/// ```
/// use logistic_regression::bce_with_logits;
/// assert!((bce_with_logits(0.0, 1.0) - 2f64.ln()).abs() < 1e-15);
/// assert_eq!(bce_with_logits(800.0, 0.0), 800.0); // a confident mistake costs a lot
/// ```
///
/// Hints: `cargo grader hint 12::bce_with_logits`.
pub fn bce_with_logits(z: f64, y: f64) -> f64 {
    todo!()
}

/// Mean binary cross-entropy `(1/n) Σ bce_with_logits(b + xᵢ·w, yᵢ)` of labels `y`
/// (0 or 1) under weights `w` and intercept `b`.
///
/// ```
/// use ndarray::array;
/// let loss = logistic_regression::bce_loss(
///     array![[1.0], [-1.0]].view(), array![1, 0].view(), array![0.0].view(), 0.0).unwrap();
/// assert!((loss - 2f64.ln()).abs() < 1e-15);
/// ```
///
/// # Errors
/// [`LogError::Empty`], [`LogError::RowMismatch`], [`LogError::ColumnMismatch`] (one
/// weight per column), [`LogError::BadLabel`] for a label other than 0 or 1.
///
/// Hints: `cargo grader hint 12::bce_loss`.
pub fn bce_loss(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    w: ArrayView1<'_, f64>,
    b: f64,
) -> Result<f64, LogError> {
    todo!()
}

/// Gradient of [`bce_loss`]: with `pᵢ = σ(b + xᵢ·w)`,
/// `∂J/∂w = (1/n) Xᵀ(p − y)` and `∂J/∂b = (1/n) Σ (pᵢ − yᵢ)` — the same shape as linear
/// regression's gradient, with σ in front.
///
/// ```
/// use ndarray::array;
/// let (gw, gb) = logistic_regression::bce_gradient(
///     array![[2.0]].view(), array![1].view(), array![0.0].view(), 0.0).unwrap();
/// assert_eq!((gw[0], gb), (-1.0, -0.5));
/// ```
///
/// # Errors
/// As [`bce_loss`].
///
/// Hints: `cargo grader hint 12::bce_gradient`.
pub fn bce_gradient(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    w: ArrayView1<'_, f64>,
    b: f64,
) -> Result<(Array1<f64>, f64), LogError> {
    todo!()
}

impl LogisticModel {
    /// `P(y = 1 | x) = σ(intercept + x · coef)` for every row of `x`.
    ///
    /// ```
    /// use ndarray::array;
    /// let m = logistic_regression::LogisticModel { intercept: 0.0, coef: array![1.0] };
    /// assert_eq!(m.predict_proba(array![[0.0]].view()).unwrap(), array![0.5]);
    /// ```
    ///
    /// # Errors
    /// [`LogError::ColumnMismatch`].
    ///
    /// Hints: `cargo grader hint 12::predict_proba`.
    pub fn predict_proba(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>, LogError> {
        todo!()
    }

    /// Class 1 where the probability is at least 0.5, else class 0.
    ///
    /// ```
    /// use ndarray::array;
    /// let m = logistic_regression::LogisticModel { intercept: -1.0, coef: array![1.0] };
    /// assert_eq!(m.predict(array![[0.5], [1.0], [3.0]].view()).unwrap(), array![0, 1, 1]);
    /// ```
    ///
    /// # Errors
    /// [`LogError::ColumnMismatch`].
    ///
    /// Hints: `cargo grader hint 12::predict_proba`.
    pub fn predict(&self, x: ArrayView2<'_, f64>) -> Result<Array1<usize>, LogError> {
        todo!()
    }
}

/// Fit a binary logistic regression by batch gradient descent.
///
/// Standardise the columns (`z = (x − mean)/std`, population std, 1.0 for a constant
/// column), start from zeros, and for each epoch step `w ← w − lr ∂J/∂w`,
/// `b ← b − lr ∂J/∂b` ([`bce_gradient`] on the standardised data), then record the mean
/// training loss. Return the model in the original units
/// (`coef = w/std`, `intercept = b − coef·mean`).
///
/// ```
/// use ndarray::array;
/// let x = array![[0.0], [1.0], [2.0], [3.0]];
/// let fit = logistic_regression::fit_logistic(x.view(), array![0, 1, 0, 1].view(), 0.5, 100).unwrap();
/// assert_eq!(fit.losses.len(), 100);
/// assert!(fit.losses[99] < fit.losses[0]);
/// ```
///
/// # Errors
/// As [`bce_loss`], and [`LogError::BadParam`] for a learning rate that is not positive.
///
/// Hints: `cargo grader hint 12::fit_logistic`.
pub fn fit_logistic(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    learning_rate: f64,
    epochs: usize,
) -> Result<Trained<LogisticModel>, LogError> {
    todo!()
}

/// Row-wise softmax: `softmax(z)ᵢₖ = e^(zᵢₖ − mᵢ) / Σⱼ e^(zᵢⱼ − mᵢ)` with `mᵢ` the row's
/// maximum. Subtracting the maximum changes nothing mathematically and keeps `exp` from
/// overflowing.
///
/// ```
/// use ndarray::array;
/// let p = logistic_regression::softmax(array![[0.0, 0.0], [1000.0, 0.0]].view());
/// assert_eq!(p, array![[0.5, 0.5], [1.0, 0.0]]);
/// ```
///
/// Hints: `cargo grader hint 12::softmax`.
pub fn softmax(z: ArrayView2<'_, f64>) -> Array2<f64> {
    todo!()
}

/// Mean softmax cross-entropy: with scores `zᵢ = xᵢ·W + b`,
/// `J = (1/n) Σᵢ −ln softmax(zᵢ)_{yᵢ} = (1/n) Σᵢ (logsumexp(zᵢ) − zᵢ,yᵢ)`.
/// Use the log-sum-exp form (with the row maximum subtracted) so no probability is ever
/// rounded to 0 and then logged.
///
/// ```
/// use ndarray::array;
/// let j = logistic_regression::softmax_loss(
///     array![[1.0]].view(), array![2].view(), array![[0.0, 0.0, 0.0]].view(), array![0.0, 0.0, 0.0].view()).unwrap();
/// assert!((j - 3f64.ln()).abs() < 1e-15);
/// ```
///
/// # Errors
/// [`LogError::Empty`], [`LogError::RowMismatch`], [`LogError::ColumnMismatch`] when
/// `w` is not `d × K` or `b` not of length `K`, [`LogError::BadLabel`] for a label `≥ K`.
///
/// Hints: `cargo grader hint 12::softmax_loss`.
pub fn softmax_loss(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    w: ArrayView2<'_, f64>,
    b: ArrayView1<'_, f64>,
) -> Result<f64, LogError> {
    todo!()
}

/// Gradient of [`softmax_loss`]: with `P = softmax(XW + b)` and `Y` the one-hot labels,
/// `∂J/∂W = (1/n) Xᵀ(P − Y)` (`d × K`) and `∂J/∂b = (1/n) Σᵢ (Pᵢ − Yᵢ)` (length `K`).
///
/// ```
/// use ndarray::array;
/// let (gw, gb) = logistic_regression::softmax_gradient(
///     array![[1.0]].view(), array![0].view(), array![[0.0, 0.0]].view(), array![0.0, 0.0].view()).unwrap();
/// assert_eq!((gw, gb), (array![[-0.5, 0.5]], array![-0.5, 0.5]));
/// ```
///
/// # Errors
/// As [`softmax_loss`].
///
/// Hints: `cargo grader hint 12::softmax_gradient`.
pub fn softmax_gradient(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    w: ArrayView2<'_, f64>,
    b: ArrayView1<'_, f64>,
) -> Result<(Array2<f64>, Array1<f64>), LogError> {
    todo!()
}

impl SoftmaxModel {
    /// Class probabilities, one row per example (each row sums to 1):
    /// `softmax(x · weights + intercepts)`.
    ///
    /// ```
    /// use ndarray::array;
    /// let m = logistic_regression::SoftmaxModel { weights: array![[0.0, 0.0]], intercepts: array![0.0, 0.0] };
    /// assert_eq!(m.predict_proba(array![[3.0]].view()).unwrap(), array![[0.5, 0.5]]);
    /// ```
    ///
    /// # Errors
    /// [`LogError::ColumnMismatch`].
    ///
    /// Hints: `cargo grader hint 12::fit_softmax`.
    pub fn predict_proba(&self, x: ArrayView2<'_, f64>) -> Result<Array2<f64>, LogError> {
        todo!()
    }

    /// The most probable class of every row (the lowest class index on a tie).
    ///
    /// ```
    /// use ndarray::array;
    /// let m = logistic_regression::SoftmaxModel { weights: array![[1.0, -1.0, 0.0]], intercepts: array![0.0, 0.0, 0.0] };
    /// assert_eq!(m.predict(array![[2.0], [-2.0], [0.0]].view()).unwrap(), array![0, 1, 0]);
    /// ```
    ///
    /// # Errors
    /// [`LogError::ColumnMismatch`].
    ///
    /// Hints: `cargo grader hint 12::fit_softmax`.
    pub fn predict(&self, x: ArrayView2<'_, f64>) -> Result<Array1<usize>, LogError> {
        todo!()
    }
}

/// Fit softmax regression for `n_classes` classes by batch gradient descent: standardise
/// the columns, start from zeros (`W` is `d × K`), step with [`softmax_gradient`] each
/// epoch and record [`softmax_loss`]; return the model in the original units
/// (`weights = W / std` row by row, `intercepts = b − meanᵀ·weights`).
///
/// ```
/// use ndarray::array;
/// let x = array![[0.0], [1.0], [5.0], [6.0], [10.0], [11.0]];
/// let y = array![0, 0, 1, 1, 2, 2];
/// let fit = logistic_regression::fit_softmax(x.view(), y.view(), 3, 0.5, 500).unwrap();
/// assert_eq!(fit.model.predict(x.view()).unwrap(), y);
/// ```
///
/// # Errors
/// As [`softmax_loss`], and [`LogError::BadParam`] for a learning rate that is not
/// positive or fewer than 2 classes.
///
/// Hints: `cargo grader hint 12::fit_softmax`.
pub fn fit_softmax(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    n_classes: usize,
    learning_rate: f64,
    epochs: usize,
) -> Result<Trained<SoftmaxModel>, LogError> {
    todo!()
}

/// The smallest probability [`log_loss`] lets through (scikit-learn clips the same way).
pub const EPS: f64 = 1e-15;

/// Log-loss of predicted probabilities `p` (of class 1) for labels `y` (0 or 1):
/// `−(1/n) Σ [yᵢ ln pᵢ + (1 − yᵢ) ln(1 − pᵢ)]`, with each `pᵢ` first clipped to
/// `[EPS, 1 − EPS]` so a confident mistake costs about 34.5, not infinity.
///
/// ```
/// use ndarray::array;
/// let l = logistic_regression::log_loss(array![1, 0].view(), array![0.5, 0.5].view()).unwrap();
/// assert!((l - 2f64.ln()).abs() < 1e-15);
/// ```
///
/// # Errors
/// [`LogError::Empty`], [`LogError::RowMismatch`], [`LogError::BadLabel`].
///
/// Hints: `cargo grader hint 12::log_loss`.
pub fn log_loss(y: ArrayView1<'_, usize>, p: ArrayView1<'_, f64>) -> Result<f64, LogError> {
    todo!()
}

/// The titanic features, in column order.
pub const TITANIC_FEATURES: [&str; 6] = ["male", "class_2nd", "class_3rd", "age", "sibsp", "parch"];

/// The titanic passengers as `(x, y)`, one row per passenger in file order, `y` = 1 for
/// `survived` and 0 for `died`. The columns are [`TITANIC_FEATURES`]:
///
/// - `male`: 1.0 for `sex == "male"`, else 0.0;
/// - `class_2nd`, `class_3rd`: one-hot `pclass` (`1st` is the reference level, all zeros);
/// - `age`: the age, or the **median of the known ages** where it is missing;
/// - `sibsp`, `parch`: as given.
///
/// ```
/// let (x, y) = logistic_regression::load_titanic().unwrap();
/// assert_eq!((x.nrows(), x.ncols()), (y.len(), 6));
/// ```
///
/// # Errors
/// [`LogError::Data`] when the file cannot be read or a field is malformed.
///
/// Hints: `cargo grader hint 12::load_titanic`.
pub fn load_titanic() -> Result<(Array2<f64>, Array1<usize>), LogError> {
    todo!()
}
