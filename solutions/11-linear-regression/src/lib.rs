//! Chapter 11: linear regression (roadmap W9-10 D3-4, "Linear Regression (from scratch + sklearn)").
//!
//! Reference solution. Same public API as `exercises/11-linear-regression`.

use std::path::Path;

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};
use plotters::prelude::*;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;

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
pub fn solve(a: ArrayView2<'_, f64>, b: ArrayView1<'_, f64>) -> Result<Array1<f64>, LinError> {
    let n = a.nrows();
    if a.ncols() != n {
        return Err(LinError::ColumnMismatch {
            expected: n,
            got: a.ncols(),
        });
    }
    if b.len() != n {
        return Err(LinError::RowMismatch {
            left: n,
            right: b.len(),
        });
    }
    if n == 0 {
        return Err(LinError::Empty("a 0 × 0 system"));
    }
    let mut m = a.to_owned();
    let mut r = b.to_owned();
    let scale = m.iter().fold(0.0f64, |s, v| s.max(v.abs()));
    let tiny = 1e-10 * scale;
    for k in 0..n {
        let p = (k..n)
            .max_by(|&i, &j| m[[i, k]].abs().total_cmp(&m[[j, k]].abs()))
            .expect("k < n");
        if m[[p, k]].is_nan() || m[[p, k]].abs() <= tiny {
            return Err(LinError::Singular);
        }
        if p != k {
            for j in 0..n {
                m.swap([k, j], [p, j]);
            }
            r.swap(k, p);
        }
        for i in k + 1..n {
            let f = m[[i, k]] / m[[k, k]];
            if f != 0.0 {
                for j in k..n {
                    m[[i, j]] -= f * m[[k, j]];
                }
                r[i] -= f * r[k];
            }
        }
    }
    let mut w = Array1::zeros(n);
    for k in (0..n).rev() {
        let tail: f64 = (k + 1..n).map(|j| m[[k, j]] * w[j]).sum();
        w[k] = (r[k] - tail) / m[[k, k]];
    }
    Ok(w)
}

/// Shared input checks for fitting.
fn check_xy(x: ArrayView2<'_, f64>, y: ArrayView1<'_, f64>) -> Result<(), LinError> {
    if x.nrows() == 0 {
        return Err(LinError::Empty("no training rows"));
    }
    if x.nrows() != y.len() {
        return Err(LinError::RowMismatch {
            left: x.nrows(),
            right: y.len(),
        });
    }
    Ok(())
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
pub fn normal_equation(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, f64>,
) -> Result<LinearModel, LinError> {
    check_xy(x, y)?;
    let x_mean = x.mean_axis(Axis(0)).expect("rows");
    let y_mean = y.mean().expect("values");
    let xc = &x - &x_mean;
    let yc = &y - y_mean;
    let coef = solve(xc.t().dot(&xc).view(), xc.t().dot(&yc).view())?;
    let intercept = y_mean - x_mean.dot(&coef);
    Ok(LinearModel { intercept, coef })
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
    pub fn predict(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>, LinError> {
        if x.ncols() != self.coef.len() {
            return Err(LinError::ColumnMismatch {
                expected: self.coef.len(),
                got: x.ncols(),
            });
        }
        Ok(x.dot(&self.coef) + self.intercept)
    }
}

/// Shared checks for the metrics.
fn check_pair(y: ArrayView1<'_, f64>, y_hat: ArrayView1<'_, f64>) -> Result<(), LinError> {
    if y.len() != y_hat.len() {
        return Err(LinError::RowMismatch {
            left: y.len(),
            right: y_hat.len(),
        });
    }
    if y.is_empty() {
        return Err(LinError::Empty("no values to score"));
    }
    Ok(())
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
pub fn mse(y: ArrayView1<'_, f64>, y_hat: ArrayView1<'_, f64>) -> Result<f64, LinError> {
    check_pair(y, y_hat)?;
    Ok((&y - &y_hat).mapv(|e| e * e).mean().expect("non-empty"))
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
pub fn mae(y: ArrayView1<'_, f64>, y_hat: ArrayView1<'_, f64>) -> Result<f64, LinError> {
    check_pair(y, y_hat)?;
    Ok((&y - &y_hat).mapv(f64::abs).mean().expect("non-empty"))
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
pub fn r2(y: ArrayView1<'_, f64>, y_hat: ArrayView1<'_, f64>) -> Result<f64, LinError> {
    check_pair(y, y_hat)?;
    let mean = y.mean().expect("non-empty");
    let ss_tot: f64 = y.iter().map(|v| (v - mean) * (v - mean)).sum();
    if ss_tot == 0.0 {
        return Err(LinError::BadParam(
            "R² is undefined for a constant target".into(),
        ));
    }
    let ss_res: f64 = y
        .iter()
        .zip(y_hat.iter())
        .map(|(a, b)| (a - b) * (a - b))
        .sum();
    Ok(1.0 - ss_res / ss_tot)
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
pub fn mse_gradient(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, f64>,
    w: ArrayView1<'_, f64>,
    b: f64,
) -> Result<(Array1<f64>, f64), LinError> {
    check_xy(x, y)?;
    if w.len() != x.ncols() {
        return Err(LinError::ColumnMismatch {
            expected: x.ncols(),
            got: w.len(),
        });
    }
    let n = x.nrows() as f64;
    let err = x.dot(&w) + b - y;
    Ok((x.t().dot(&err) * (2.0 / n), 2.0 * err.sum() / n))
}

/// Column means and population standard deviations (1.0 for a constant column).
fn column_stats(x: ArrayView2<'_, f64>) -> (Array1<f64>, Array1<f64>) {
    let mean = x.mean_axis(Axis(0)).expect("rows");
    let std = x
        .std_axis(Axis(0), 0.0)
        .mapv(|s| if s > 0.0 { s } else { 1.0 });
    (mean, std)
}

/// Turn weights learned on standardised features back into the original units:
/// `coef = w / std`, `intercept = b − Σ w·mean/std`.
fn unscale(w: &Array1<f64>, b: f64, mean: &Array1<f64>, std: &Array1<f64>) -> LinearModel {
    let coef = w / std;
    let intercept = b - coef.dot(mean);
    LinearModel { intercept, coef }
}

/// Shared checks for the two gradient descents.
fn check_gd(x: ArrayView2<'_, f64>, y: ArrayView1<'_, f64>, lr: f64) -> Result<(), LinError> {
    check_xy(x, y)?;
    if !(lr > 0.0 && lr.is_finite()) {
        return Err(LinError::BadParam(format!(
            "learning rate {lr} must be positive"
        )));
    }
    Ok(())
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
pub fn batch_gd(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, f64>,
    learning_rate: f64,
    epochs: usize,
) -> Result<GdFit, LinError> {
    check_gd(x, y, learning_rate)?;
    let (mean, std) = column_stats(x);
    let z = (&x - &mean) / &std;
    let mut w = Array1::zeros(x.ncols());
    let mut b = 0.0;
    let mut losses = Vec::with_capacity(epochs);
    for _ in 0..epochs {
        let (gw, gb) = mse_gradient(z.view(), y, w.view(), b)?;
        w.scaled_add(-learning_rate, &gw);
        b -= learning_rate * gb;
        losses.push(mse(y, (z.dot(&w) + b).view())?);
    }
    Ok(GdFit {
        model: unscale(&w, b, &mean, &std),
        losses,
    })
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
pub fn minibatch_gd(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, f64>,
    learning_rate: f64,
    epochs: usize,
    batch_size: usize,
    seed: u64,
) -> Result<GdFit, LinError> {
    check_gd(x, y, learning_rate)?;
    if batch_size == 0 {
        return Err(LinError::BadParam("batch_size must be at least 1".into()));
    }
    let (mean, std) = column_stats(x);
    let z = (&x - &mean) / &std;
    let mut rng = StdRng::seed_from_u64(seed);
    let mut order: Vec<usize> = (0..x.nrows()).collect();
    let mut w = Array1::zeros(x.ncols());
    let mut b = 0.0;
    let mut losses = Vec::with_capacity(epochs);
    for _ in 0..epochs {
        order.shuffle(&mut rng);
        for chunk in order.chunks(batch_size) {
            let zb = z.select(Axis(0), chunk);
            let yb = y.select(Axis(0), chunk);
            let (gw, gb) = mse_gradient(zb.view(), yb.view(), w.view(), b)?;
            w.scaled_add(-learning_rate, &gw);
            b -= learning_rate * gb;
        }
        losses.push(mse(y, (z.dot(&w) + b).view())?);
    }
    Ok(GdFit {
        model: unscale(&w, b, &mean, &std),
        losses,
    })
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
pub fn polynomial_features(x: ArrayView1<'_, f64>, degree: usize) -> Result<Array2<f64>, LinError> {
    if degree == 0 {
        return Err(LinError::BadParam("degree must be at least 1".into()));
    }
    Ok(Array2::from_shape_fn((x.len(), degree), |(i, j)| {
        x[i].powi(j as i32 + 1)
    }))
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
pub fn load_ames(features: &[&str]) -> Result<(Array2<f64>, Array1<f64>), LinError> {
    let table = datasets::table("ames_housing")?;
    let cols: Vec<Vec<Option<f64>>> = features
        .iter()
        .map(|c| table.f64_column(c))
        .collect::<Result<_, _>>()?;
    let target = table.f64_column("Sale_Price")?;
    let mut values = Vec::new();
    let mut y = Vec::new();
    for i in 0..table.len() {
        let Some(t) = target[i] else { continue };
        if cols.iter().any(|c| c[i].is_none()) {
            continue;
        }
        values.extend(cols.iter().map(|c| c[i].expect("checked")));
        y.push(t);
    }
    let x =
        Array2::from_shape_vec((y.len(), features.len()), values).expect("one value per column");
    Ok((x, Array1::from(y)))
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
pub fn plot_predicted_vs_actual(
    actual: ArrayView1<'_, f64>,
    predicted: ArrayView1<'_, f64>,
    title: &str,
    path: &Path,
) -> Result<(), LinError> {
    check_pair(actual, predicted)?;
    let lo = actual
        .iter()
        .chain(predicted.iter())
        .fold(f64::INFINITY, |a, &b| a.min(b));
    let hi = actual
        .iter()
        .chain(predicted.iter())
        .fold(f64::NEG_INFINITY, |a, &b| a.max(b));
    let pad = if hi > lo { (hi - lo) * 0.05 } else { 1.0 };
    let (lo, hi) = (lo - pad, hi + pad);
    charts::with_canvas(path, (640, 480), |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, (charts::FONT, 22))
            .margin(15)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d(lo..hi, lo..hi)?;
        chart
            .configure_mesh()
            .x_desc("actual")
            .y_desc("predicted")
            .label_style((charts::FONT, 13))
            .draw()?;
        chart.draw_series(LineSeries::new(
            vec![(lo, lo), (hi, hi)],
            BLACK.stroke_width(1),
        ))?;
        chart.draw_series(
            actual
                .iter()
                .zip(predicted.iter())
                .map(|(&a, &p)| Circle::new((a, p), 3, charts::palette(0).mix(0.6).filled())),
        )?;
        Ok(())
    })
    .map_err(|e| LinError::Plot(e.to_string()))
}
