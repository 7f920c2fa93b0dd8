//! Chapter 16: project — house prices (roadmap W9-10 D12-14, "Project - Predict house
//! prices / Customer churn").
//!
//! Replace every `todo!()` with your code; read `README.md` beside this folder first.
//! `cargo grader check 16` runs the hidden checks, `cargo grader hint 16::NAME` gives a
//! hint for exercise NAME (ask again with `--level 2` and `--level 3` for more).
//! `solve` and `LinearModel::predict` are given: you wrote them in chapter 11.
// Parameters are unused until you write the bodies.
#![allow(unused_variables, unused_mut)]

use std::path::Path;

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

/// What can go wrong in the project.
#[derive(Debug, thiserror::Error)]
pub enum HouseError {
    /// No rows or values where some are needed.
    #[error("empty data: {0}")]
    Empty(&'static str),
    /// Two inputs disagree on their length.
    #[error("{left} rows/values against {right}")]
    LengthMismatch { left: usize, right: usize },
    /// The linear system has no unique solution.
    #[error("the system is singular: add ridge regularisation (λ > 0) or drop a column")]
    Singular,
    /// A parameter out of range.
    #[error("bad parameter: {0}")]
    BadParam(String),
    /// A field of the data file is malformed.
    #[error("row {row}, column {column}: {reason}")]
    BadField {
        row: usize,
        column: &'static str,
        reason: String,
    },
    /// The data set could not be read.
    #[error(transparent)]
    Data(#[from] datasets::Error),
    /// Drawing failed.
    #[error("plot: {0}")]
    Plot(String),
}

/// One house sale, as read from `ames_housing`.
#[derive(Debug, Clone, PartialEq)]
pub struct House {
    pub gr_liv_area: f64,
    pub lot_area: f64,
    pub total_bsmt_sf: f64,
    /// `None` where the file says 0 (this version of the data codes "unknown" as 0).
    pub lot_frontage: Option<f64>,
    pub garage_cars: f64,
    pub full_bath: f64,
    pub half_bath: f64,
    pub year_built: f64,
    pub year_remod: f64,
    pub year_sold: f64,
    pub central_air: bool,
    pub neighborhood: String,
    pub bldg_type: String,
    pub overall_cond: String,
    pub sale_price: f64,
}

/// Row indices of a training part and a test part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub train: Vec<usize>,
    pub test: Vec<usize>,
}

/// A fitted linear model `ŷ = intercept + x · coef`.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearModel {
    pub intercept: f64,
    pub coef: Array1<f64>,
}

impl LinearModel {
    /// `intercept + x · coef` for every row (given: you wrote it in chapter 11).
    ///
    /// # Panics
    /// If `x` does not have `coef.len()` columns.
    pub fn predict(&self, x: ArrayView2<'_, f64>) -> Array1<f64> {
        x.dot(&self.coef) + self.intercept
    }
}

/// Solve the square system `a · w = b` by Gaussian elimination with partial pivoting
/// (given: you wrote it in chapter 11).
///
/// # Errors
/// [`HouseError::Singular`] when a pivot is below `1e-12 · max|a|`;
/// [`HouseError::LengthMismatch`] for shapes that do not fit.
pub fn solve(a: ArrayView2<'_, f64>, b: ArrayView1<'_, f64>) -> Result<Array1<f64>, HouseError> {
    let n = a.nrows();
    if a.ncols() != n || b.len() != n {
        return Err(HouseError::LengthMismatch {
            left: n,
            right: if a.ncols() != n { a.ncols() } else { b.len() },
        });
    }
    let mut m = a.to_owned();
    let mut r = b.to_owned();
    let tiny = 1e-12 * m.iter().fold(0.0f64, |s, v| s.max(v.abs()));
    for k in 0..n {
        let p = (k..n)
            .max_by(|&i, &j| m[[i, k]].abs().total_cmp(&m[[j, k]].abs()))
            .expect("k < n");
        if m[[p, k]].is_nan() || m[[p, k]].abs() <= tiny {
            return Err(HouseError::Singular);
        }
        for j in 0..n {
            m.swap([k, j], [p, j]);
        }
        r.swap(k, p);
        for i in k + 1..n {
            let f = m[[i, k]] / m[[k, k]];
            for j in k..n {
                m[[i, j]] -= f * m[[k, j]];
            }
            r[i] -= f * r[k];
        }
    }
    let mut w = Array1::zeros(n);
    for k in (0..n).rev() {
        let tail: f64 = (k + 1..n).map(|j| m[[k, j]] * w[j]).sum();
        w[k] = (r[k] - tail) / m[[k, k]];
    }
    Ok(w)
}

/// Read every sale of `ames_housing` into a [`House`], in file order.
///
/// Numbers are parsed from their columns (`Gr_Liv_Area`, `Lot_Area`, `Total_Bsmt_SF`,
/// `Lot_Frontage`, `Garage_Cars`, `Full_Bath`, `Half_Bath`, `Year_Built`,
/// `Year_Remod_Add`, `Year_Sold`, `Sale_Price`); `Lot_Frontage` of 0 becomes `None`;
/// `central_air` is `Central_Air == "Y"`; the three text columns (`Neighborhood`,
/// `Bldg_Type`, `Overall_Cond`) are kept as they are.
///
/// ```
/// let houses = house_prices::load_houses().unwrap();
/// assert!(houses.iter().all(|h| h.sale_price > 0.0));
/// ```
///
/// # Errors
/// [`HouseError::Data`] when the file cannot be read or a number does not parse;
/// [`HouseError::BadField`] for an empty numeric field.
///
/// Hints: `cargo grader hint 16::load_houses`.
pub fn load_houses() -> Result<Vec<House>, HouseError> {
    todo!()
}

/// The median of the present values (the mean of the two middle ones for an even count),
/// ignoring `None`s and NaNs.
///
/// ```
/// assert_eq!(house_prices::median(&[Some(3.0), None, Some(1.0), Some(10.0)]).unwrap(), 3.0);
/// assert_eq!(house_prices::median(&[Some(4.0), Some(1.0)]).unwrap(), 2.5);
/// ```
///
/// # Errors
/// [`HouseError::Empty`] when no value is present.
///
/// Hints: `cargo grader hint 16::median`.
pub fn median(values: &[Option<f64>]) -> Result<f64, HouseError> {
    todo!()
}

/// A one-hot encoder for one text column, learned from training values only.
#[derive(Debug, Clone, PartialEq)]
pub struct OneHot {
    /// The levels that get a column, sorted. The *reference* level (the alphabetically
    /// first frequent level) and rare levels are not here: they encode as all zeros.
    pub columns: Vec<String>,
}

impl OneHot {
    /// Learn the columns: the distinct values that occur at least `min_count` times,
    /// sorted, without the first of them (the reference level, as
    /// `pd.get_dummies(drop_first=True)`; dropping one level keeps the columns from
    /// adding up to the intercept's column of ones).
    ///
    /// ```
    /// let v = ["b", "a", "c", "b", "a", "z"].map(String::from);
    /// let enc = house_prices::OneHot::fit(&v, 2);
    /// assert_eq!(enc.columns, vec!["b".to_string()]); // "a" is the reference; "c", "z" are rare
    /// ```
    ///
    /// Hints: `cargo grader hint 16::one_hot`.
    pub fn fit(values: &[String], min_count: usize) -> OneHot {
        todo!()
    }

    /// One row per value, one column per entry of `columns`: 1.0 where the value equals
    /// that column's level, else 0.0. Unknown, rare and reference values give a row of
    /// zeros.
    ///
    /// ```
    /// let enc = house_prices::OneHot { columns: vec!["b".into(), "c".into()] };
    /// let m = enc.transform(&["c".into(), "a".into()]);
    /// assert_eq!(m, ndarray::array![[0.0, 1.0], [0.0, 0.0]]);
    /// ```
    ///
    /// Hints: `cargo grader hint 16::one_hot`.
    pub fn transform(&self, values: &[String]) -> Array2<f64> {
        todo!()
    }
}

/// The number of numeric columns [`Pipeline::transform`] puts before the one-hot blocks.
pub const NUMERIC_FEATURES: usize = 10;

/// Everything the features learn from the training houses.
#[derive(Debug, Clone, PartialEq)]
pub struct Pipeline {
    /// Median of the known `lot_frontage` values of the training houses.
    pub frontage_median: f64,
    pub neighborhood: OneHot,
    pub bldg_type: OneHot,
    pub overall_cond: OneHot,
}

impl Pipeline {
    /// Learn the imputation median and the three one-hot encoders (each with
    /// `min_count = 10`) from the training houses only.
    ///
    /// ```
    /// let houses = house_prices::load_houses().unwrap();
    /// let pipe = house_prices::Pipeline::fit(&houses[..1000]).unwrap();
    /// let x = pipe.transform(&houses[1000..1010]);
    /// assert_eq!(x.nrows(), 10);
    /// assert!(x.ncols() > house_prices::NUMERIC_FEATURES);
    /// ```
    ///
    /// # Errors
    /// [`HouseError::Empty`] when `train` is empty or no training house has a frontage.
    ///
    /// Hints: `cargo grader hint 16::pipeline`.
    pub fn fit(train: &[House]) -> Result<Pipeline, HouseError> {
        todo!()
    }

    /// The feature matrix, one row per house. The first [`NUMERIC_FEATURES`] columns are
    ///
    /// | # | feature |
    /// |---|---|
    /// | 0 | `ln(1 + gr_liv_area)` |
    /// | 1 | `ln(1 + lot_area)` |
    /// | 2 | `ln(1 + total_bsmt_sf)` (0 for no basement stays 0) |
    /// | 3 | `ln(1 + lot_frontage)`, the training median where it is missing |
    /// | 4 | age at sale: `year_sold − year_built` |
    /// | 5 | years since remodelling: `year_sold − year_remod` |
    /// | 6 | `garage_cars` |
    /// | 7 | `full_bath` |
    /// | 8 | `half_bath` |
    /// | 9 | `central_air` as 0/1 |
    ///
    /// followed by the one-hot blocks of `neighborhood`, `bldg_type` and `overall_cond`,
    /// in that order. (Example: see [`Pipeline::fit`].)
    ///
    /// Hints: `cargo grader hint 16::pipeline`.
    pub fn transform(&self, houses: &[House]) -> Array2<f64> {
        todo!()
    }
}

/// Ridge regression in closed form: minimise `Σ(yᵢ − b − xᵢ·w)² + λ‖w‖²` (the intercept
/// is not penalised). Centre `x` and `y`, solve `(XcᵀXc + λI) w = Xcᵀyc` with [`solve`],
/// and set `b = ȳ − x̄·w`. With `λ = 0` this is ordinary least squares.
///
/// ```
/// use ndarray::array;
/// let m = house_prices::ridge(array![[0.0], [1.0], [2.0]].view(), array![1.0, 3.0, 5.0].view(), 0.0).unwrap();
/// assert!((m.coef[0] - 2.0).abs() < 1e-12 && (m.intercept - 1.0).abs() < 1e-12);
/// ```
///
/// # Errors
/// [`HouseError::Empty`], [`HouseError::LengthMismatch`], [`HouseError::BadParam`] for
/// a negative or NaN `lambda`, [`HouseError::Singular`].
///
/// Hints: `cargo grader hint 16::ridge`.
pub fn ridge(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, f64>,
    lambda: f64,
) -> Result<LinearModel, HouseError> {
    todo!()
}

/// Root mean squared error `√((1/n) Σ (yᵢ − ŷᵢ)²)`.
///
/// ```
/// use ndarray::array;
/// assert_eq!(house_prices::rmse(array![1.0, 2.0].view(), array![1.0, 4.0].view()).unwrap(), 2f64.sqrt());
/// ```
///
/// # Errors
/// [`HouseError::Empty`], [`HouseError::LengthMismatch`].
///
/// Hints: `cargo grader hint 16::rmse`.
pub fn rmse(y: ArrayView1<'_, f64>, y_hat: ArrayView1<'_, f64>) -> Result<f64, HouseError> {
    todo!()
}

/// Shuffled k-fold splits of `0..n`: shuffle with `StdRng::seed_from_u64(seed)`, cut into
/// `k` consecutive blocks (the first `n % k` one row longer); fold `i` tests on block `i`.
///
/// ```
/// let folds = house_prices::kfold(10, 5, 1).unwrap();
/// assert!(folds.iter().all(|f| f.test.len() == 2 && f.train.len() == 8));
/// ```
///
/// # Errors
/// [`HouseError::BadParam`] unless `2 ≤ k ≤ n`.
///
/// Hints: `cargo grader hint 16::kfold`.
pub fn kfold(n: usize, k: usize, seed: u64) -> Result<Vec<Split>, HouseError> {
    todo!()
}

/// Out-of-fold predictions of `ln(sale_price)`: for each fold, fit a [`Pipeline`] and a
/// [`ridge`] model on its training houses and predict its test houses. Entry `i` of the
/// result is the prediction for house `i` (every house is in exactly one test fold).
///
/// ```
/// let houses = house_prices::load_houses().unwrap();
/// let folds = house_prices::kfold(houses.len(), 5, 0).unwrap();
/// let oof = house_prices::out_of_fold_predictions(&houses, &folds, 1.0).unwrap();
/// assert_eq!(oof.len(), houses.len());
/// assert!(oof.iter().all(|p| p.is_finite()));
/// ```
///
/// # Errors
/// [`HouseError::BadParam`] when the folds' test parts do not cover every house exactly
/// once; the errors of [`Pipeline::fit`] and [`ridge`].
///
/// Hints: `cargo grader hint 16::out_of_fold_predictions`.
pub fn out_of_fold_predictions(
    houses: &[House],
    folds: &[Split],
    lambda: f64,
) -> Result<Array1<f64>, HouseError> {
    todo!()
}

/// Cross-validated RMSE of `ln(sale_price)`: for each fold, fit a [`Pipeline`] and a
/// [`ridge`] model on the training houses, predict the test houses, take the [`rmse`];
/// return the mean over the folds.
///
/// ```
/// let houses = house_prices::load_houses().unwrap();
/// let folds = house_prices::kfold(houses.len(), 5, 0).unwrap();
/// let ours = house_prices::cv_rmse(&houses, &folds, 1.0).unwrap();
/// let base = house_prices::baseline_cv_rmse(&houses, &folds).unwrap();
/// assert!(ours < 0.5 * base);
/// ```
///
/// # Errors
/// [`HouseError::Empty`] for no folds; the errors of [`Pipeline::fit`] and [`ridge`].
///
/// Hints: `cargo grader hint 16::cv_rmse`.
pub fn cv_rmse(houses: &[House], folds: &[Split], lambda: f64) -> Result<f64, HouseError> {
    todo!()
}

/// The baseline every model must beat: the cross-validated RMSE of predicting, for each
/// fold, the *training* mean of `ln(sale_price)` for every test house.
///
/// ```
/// let houses = house_prices::load_houses().unwrap();
/// let folds = house_prices::kfold(houses.len(), 5, 0).unwrap();
/// let base = house_prices::baseline_cv_rmse(&houses, &folds).unwrap();
/// assert!(base > 0.3 && base < 0.5); // ln prices vary by about 0.41
/// ```
///
/// # Errors
/// [`HouseError::Empty`] for no folds or an empty fold.
///
/// Hints: `cargo grader hint 16::baseline_cv_rmse`.
pub fn baseline_cv_rmse(houses: &[House], folds: &[Split]) -> Result<f64, HouseError> {
    todo!()
}

/// Draw predicted against actual log prices to `path` (PNG or SVG, 800 × 600): one dot
/// per house at (actual, predicted), the diagonal `predicted = actual`, axis labels, and
/// `title` as the caption. Use `charts::with_canvas` and `charts::FONT`.
///
/// ```no_run
/// use ndarray::array;
/// let (y, y_hat) = (array![12.0, 11.5, 12.4], array![11.9, 11.7, 12.3]);
/// house_prices::plot_predicted_vs_actual(y.view(), y_hat.view(), "ln(price)", "plots/16/pva.png".as_ref()).unwrap();
/// ```
///
/// # Errors
/// [`HouseError::LengthMismatch`], [`HouseError::Empty`], [`HouseError::Plot`].
///
/// Hints: `cargo grader hint 16::plot_predicted_vs_actual`.
pub fn plot_predicted_vs_actual(
    actual: ArrayView1<'_, f64>,
    predicted: ArrayView1<'_, f64>,
    title: &str,
    path: &Path,
) -> Result<(), HouseError> {
    todo!()
}
