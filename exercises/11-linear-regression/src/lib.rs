//! Chapter 11: linear regression (roadmap W9-10 D3-4, "Linear Regression (from scratch + sklearn)").
//!
//! Replace every `todo!()` with your code; read `README.md` beside this folder first.
//! `cargo grader check 11` runs the hidden checks, `cargo grader hint 11::NAME` gives a
//! hint for exercise NAME (ask again with `--level 2` and `--level 3` for more).
// Parameters are unused until you write the bodies.
#![allow(unused_variables, unused_mut)]

use std::path::Path;

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

/// What can go wrong when fitting, scoring or plotting.
#[derive(Debug, thiserror::Error)]
pub enum LinError {
    /// No rows (or no values) where some are needed.
    #[error("empty data: {0}")]
    Empty(&'static str),
    /// Two inputs disagree on the number of examples.
    #[error("{left} rows/values against {right}")]
    RowMismatch { left: usize, right: usize },
    /// A matrix with the wrong number of columns.
    #[error("expected {expected} columns, got {got}")]
    ColumnMismatch { expected: usize, got: usize },
    /// The system has no unique solution (a column is a combination of others).
    #[error("the matrix is singular (or nearly): a feature is a linear combination of others")]
    Singular,
    /// A hyperparameter out of its range.
    #[error("bad parameter: {0}")]
    BadParam(String),
    /// The data set could not be read.
    #[error(transparent)]
    Data(#[from] datasets::Error),
    /// Drawing failed.
    #[error("plot: {0}")]
    Plot(String),
}

/// A fitted linear model `ŷ = intercept + x · coef`.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearModel {
    pub intercept: f64,
    pub coef: Array1<f64>,
}

/// What gradient descent returns: the model in the original units of `x`, and the
/// training MSE after every epoch.
#[derive(Debug, Clone, PartialEq)]
pub struct GdFit {
    pub model: LinearModel,
    pub losses: Vec<f64>,
}

/// Solve the square system `a · w = b` by Gaussian elimination with partial pivoting
/// (never by forming an inverse: it is slower and less accurate).
///
/// At step `k`, swap up the row with the largest `|a[i, k]|` (`i ≥ k`), then subtract
/// multiples of it from the rows below; finally solve the triangle from the bottom up.
///
/// ```
/// use ndarray::array;
/// let w = linear_regression::solve(array![[2.0, 1.0], [1.0, 3.0]].view(), array![3.0, 5.0].view()).unwrap();
/// assert!((w[0] - 0.8).abs() < 1e-12 && (w[1] - 1.4).abs() < 1e-12);
/// ```
///
/// # Errors
/// [`LinError::ColumnMismatch`] if `a` is not square, [`LinError::RowMismatch`] if `b`
/// has the wrong length, [`LinError::Empty`] for a 0 × 0 system, and
/// [`LinError::Singular`] when a pivot is below `1e-10 · max|a|`.
///
/// Hints: `cargo grader hint 11::solve`.
pub fn solve(a: ArrayView2<'_, f64>, b: ArrayView1<'_, f64>) -> Result<Array1<f64>, LinError> {
    todo!()
}

/// Ordinary least squares in closed form: the `coef` and `intercept` minimising
/// `Σ (yᵢ − intercept − xᵢ·coef)²`.
///
/// Centre first: with `x̄` the column means and `ȳ` the target mean, solve the normal
/// equation `(XcᵀXc) coef = Xcᵀ yc` for the centred `Xc = X − x̄`, `yc = y − ȳ` with
/// [`solve`], then `intercept = ȳ − x̄ · coef`. (Same answer as appending a column of
/// ones, but far better conditioned when a column is large, like a year.)
///
/// ```
/// use ndarray::array;
/// let x = array![[0.0], [1.0], [2.0]];
/// let m = linear_regression::normal_equation(x.view(), array![1.0, 3.0, 5.0].view()).unwrap();
/// assert!((m.intercept - 1.0).abs() < 1e-12 && (m.coef[0] - 2.0).abs() < 1e-12);
/// ```
///
/// # Errors
/// [`LinError::Empty`], [`LinError::RowMismatch`], and [`LinError::Singular`] when
/// `XcᵀXc` is singular (a constant or duplicated column, or fewer rows than columns).
///
/// Hints: `cargo grader hint 11::normal_equation`.
pub fn normal_equation(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, f64>,
) -> Result<LinearModel, LinError> {
    todo!()
}

impl LinearModel {
    /// `ŷ = intercept + x · coef` for every row of `x`.
    ///
    /// ```
    /// use ndarray::array;
    /// let m = linear_regression::LinearModel { intercept: 1.0, coef: array![2.0, -1.0] };
    /// assert_eq!(m.predict(array![[1.0, 1.0], [0.0, 2.0]].view()).unwrap(), array![2.0, -1.0]);
    /// ```
    ///
    /// # Errors
    /// [`LinError::ColumnMismatch`] when `x` does not have `coef.len()` columns.
    ///
    /// Hints: `cargo grader hint 11::predict`.
    pub fn predict(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>, LinError> {
        todo!()
    }
}

/// Mean squared error `(1/n) Σ (yᵢ − ŷᵢ)²`.
///
/// ```
/// use ndarray::array;
/// assert_eq!(linear_regression::mse(array![1.0, 2.0].view(), array![1.0, 4.0].view()).unwrap(), 2.0);
/// ```
///
/// # Errors
/// [`LinError::RowMismatch`], [`LinError::Empty`].
///
/// Hints: `cargo grader hint 11::mse`.
pub fn mse(y: ArrayView1<'_, f64>, y_hat: ArrayView1<'_, f64>) -> Result<f64, LinError> {
    todo!()
}

/// Mean absolute error `(1/n) Σ |yᵢ − ŷᵢ|`.
///
/// ```
/// use ndarray::array;
/// assert_eq!(linear_regression::mae(array![1.0, 2.0].view(), array![1.0, 4.0].view()).unwrap(), 1.0);
/// ```
///
/// # Errors
/// [`LinError::RowMismatch`], [`LinError::Empty`].
///
/// Hints: `cargo grader hint 11::mae`.
pub fn mae(y: ArrayView1<'_, f64>, y_hat: ArrayView1<'_, f64>) -> Result<f64, LinError> {
    todo!()
}

/// Coefficient of determination `R² = 1 − Σ(yᵢ − ŷᵢ)² / Σ(yᵢ − ȳ)²`: 1 is perfect, 0 is
/// no better than predicting the mean, and it can be negative.
///
/// ```
/// use ndarray::array;
/// let r2 = linear_regression::r2(array![1.0, 2.0, 3.0].view(), array![2.0, 2.0, 2.0].view()).unwrap();
/// assert_eq!(r2, 0.0);
/// ```
///
/// # Errors
/// [`LinError::RowMismatch`], [`LinError::Empty`], and [`LinError::BadParam`] when `y`
/// is constant (R² is undefined).
///
/// Hints: `cargo grader hint 11::r2`.
pub fn r2(y: ArrayView1<'_, f64>, y_hat: ArrayView1<'_, f64>) -> Result<f64, LinError> {
    todo!()
}

/// The gradient of `J(w, b) = (1/n) Σ (xᵢ·w + b − yᵢ)²`:
/// `∂J/∂w = (2/n) Xᵀ(Xw + b − y)` and `∂J/∂b = (2/n) Σ (xᵢ·w + b − yᵢ)`.
///
/// ```
/// use ndarray::array;
/// let (gw, gb) = linear_regression::mse_gradient(
///     array![[1.0], [2.0]].view(), array![1.0, 2.0].view(), array![0.0].view(), 0.0).unwrap();
/// assert_eq!((gw[0], gb), (-5.0, -3.0));
/// ```
///
/// # Errors
/// [`LinError::Empty`], [`LinError::RowMismatch`], [`LinError::ColumnMismatch`] when
/// `w` does not have one weight per column.
///
/// Hints: `cargo grader hint 11::mse_gradient`.
pub fn mse_gradient(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, f64>,
    w: ArrayView1<'_, f64>,
    b: f64,
) -> Result<(Array1<f64>, f64), LinError> {
    todo!()
}

/// Batch gradient descent on standardised features.
///
/// 1. Standardise each column: `z = (x − mean) / std` (population std, 1.0 for a
///    constant column). On one scale, a single learning rate suits every weight.
/// 2. Start from `w = 0`, `b = 0`; each epoch take one step on the whole data set:
///    `w ← w − lr · ∂J/∂w`, `b ← b − lr · ∂J/∂b` ([`mse_gradient`] on `z`).
/// 3. After each step push the training MSE to `losses`.
/// 4. Return the model in the original units (`coef = w / std`,
///    `intercept = b − Σ coef·mean`), so `model.predict(x)` works on raw `x`.
///
/// ```
/// use ndarray::array;
/// let x = array![[0.0], [1.0], [2.0], [3.0]];
/// let fit = linear_regression::batch_gd(x.view(), array![1.0, 3.0, 5.0, 7.0].view(), 0.1, 500).unwrap();
/// assert!((fit.model.coef[0] - 2.0).abs() < 1e-6);
/// assert_eq!(fit.losses.len(), 500);
/// ```
///
/// # Errors
/// [`LinError::Empty`], [`LinError::RowMismatch`], [`LinError::BadParam`] for a
/// learning rate that is not positive.
///
/// Hints: `cargo grader hint 11::batch_gd`.
pub fn batch_gd(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, f64>,
    learning_rate: f64,
    epochs: usize,
) -> Result<GdFit, LinError> {
    todo!()
}

/// Minibatch gradient descent: like [`batch_gd`], but each epoch shuffles the row order
/// (`StdRng::seed_from_u64(seed)`, one generator for the whole run) and takes one step per
/// consecutive chunk of `batch_size` rows (the last chunk may be smaller), using the
/// gradient on that chunk only. `losses` still holds the full training MSE after each
/// epoch.
///
/// ```
/// use ndarray::array;
/// let x = array![[0.0], [1.0], [2.0], [3.0]];
/// let fit = linear_regression::minibatch_gd(x.view(), array![1.0, 3.0, 5.0, 7.0].view(), 0.05, 300, 2, 7).unwrap();
/// assert!((fit.model.coef[0] - 2.0).abs() < 1e-6);
/// ```
///
/// # Errors
/// As [`batch_gd`], and [`LinError::BadParam`] for `batch_size = 0`.
///
/// Hints: `cargo grader hint 11::minibatch_gd`.
pub fn minibatch_gd(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, f64>,
    learning_rate: f64,
    epochs: usize,
    batch_size: usize,
    seed: u64,
) -> Result<GdFit, LinError> {
    todo!()
}

/// The powers `x, x², …, x^degree` of a single feature as columns (no column of ones:
/// the intercept is fitted separately). With these columns a *linear* model fits a
/// polynomial curve (`PolynomialFeatures(degree, include_bias=False)`).
///
/// ```
/// use ndarray::array;
/// let p = linear_regression::polynomial_features(array![2.0, 3.0].view(), 3).unwrap();
/// assert_eq!(p, array![[2.0, 4.0, 8.0], [3.0, 9.0, 27.0]]);
/// ```
///
/// # Errors
/// [`LinError::BadParam`] for `degree = 0`.
///
/// Hints: `cargo grader hint 11::polynomial_features`.
pub fn polynomial_features(x: ArrayView1<'_, f64>, degree: usize) -> Result<Array2<f64>, LinError> {
    todo!()
}

/// Numeric columns `features` of the Ames housing data and the target `Sale_Price`,
/// keeping only rows where every one of those columns is present (not empty, not `NA`).
/// Rows keep their file order.
///
/// ```
/// let (x, y) = linear_regression::load_ames(&["Gr_Liv_Area", "Year_Built"]).unwrap();
/// assert_eq!((x.ncols(), x.nrows()), (2, y.len()));
/// ```
///
/// # Errors
/// [`LinError::Data`] for an unknown or non-numeric column.
///
/// Hints: `cargo grader hint 11::load_ames`.
pub fn load_ames(features: &[&str]) -> Result<(Array2<f64>, Array1<f64>), LinError> {
    todo!()
}

/// Draw a predicted-vs-actual scatter plot to `path` (PNG or SVG by extension,
/// 640 × 480): one dot per example at (actual, predicted), and the diagonal
/// `predicted = actual` where a perfect model's dots would lie. Use
/// `charts::with_canvas` and draw text with `charts::FONT`.
///
/// ```no_run
/// use ndarray::array;
/// let (y, y_hat) = (array![1.0, 2.0, 3.0], array![1.1, 1.8, 3.3]);
/// linear_regression::plot_predicted_vs_actual(y.view(), y_hat.view(), "fit", "plots/11/pva.png".as_ref()).unwrap();
/// ```
///
/// # Errors
/// [`LinError::RowMismatch`], [`LinError::Empty`], [`LinError::Plot`] when drawing fails.
///
/// Hints: `cargo grader hint 11::plot_predicted_vs_actual`.
pub fn plot_predicted_vs_actual(
    actual: ArrayView1<'_, f64>,
    predicted: ArrayView1<'_, f64>,
    title: &str,
    path: &Path,
) -> Result<(), LinError> {
    todo!()
}
