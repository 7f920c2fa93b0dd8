//! Chapter 21: feature engineering (roadmap W12-13 D1-2, "Feature Engineering").
//!
//! Replace every `todo!()` with your code; read `README.md` beside this folder first.
//! `cargo grader check 21` runs the hidden checks, `cargo grader hint 21::NAME` gives a
//! hint for exercise NAME (ask again with `--level 2` and `--level 3` for more).
//! `load_ames` and `ridge_fit` are given: chapter 16 taught them.
// Parameters are unused until you write the bodies.
#![allow(unused_variables, unused_mut)]

use std::collections::BTreeMap;
use std::path::Path;

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};

/// What can go wrong while engineering features.
#[derive(Debug, thiserror::Error)]
pub enum FeError {
    /// No rows or values where some are needed.
    #[error("empty data: {0}")]
    Empty(&'static str),
    /// Two inputs disagree on their length (or a matrix has the wrong number of columns).
    #[error("{left} rows/values/columns against {right}")]
    LengthMismatch { left: usize, right: usize },
    /// A parameter out of range (a quantile outside [0, 1], zero bins, a value ≤ −1 for log1p…).
    #[error("bad parameter: {0}")]
    BadParam(String),
    /// `transform` met a category that `fit` never saw, under [`Unknown::Error`].
    #[error("unknown category {0:?} (not seen by fit)")]
    UnknownCategory(String),
    /// The linear system has no unique solution.
    #[error("the system is singular")]
    Singular,
    /// The data set could not be read.
    #[error(transparent)]
    Data(#[from] datasets::Error),
    /// Drawing failed.
    #[error("plot: {0}")]
    Plot(String),
}

/// Standardisation `z = (x − mean) / std`, with the statistics of the training rows.
#[derive(Debug, Clone, PartialEq)]
pub struct StandardScaler {
    /// Column means of the training rows.
    pub mean: Array1<f64>,
    /// Column population standard deviations (divide by n); a constant column gets 1.0.
    pub std: Array1<f64>,
}

impl StandardScaler {
    /// Learn each column's mean and population standard deviation (`ddof = 0`, like
    /// scikit-learn's `StandardScaler`). A column with std 0 gets std 1 so it maps to 0.
    ///
    /// ```
    /// use ndarray::array;
    /// let s = feature_engineering::StandardScaler::fit(array![[1.0], [3.0]].view()).unwrap();
    /// assert_eq!((s.mean[0], s.std[0]), (2.0, 1.0));
    /// ```
    ///
    /// # Errors
    /// [`FeError::Empty`] for zero rows.
    ///
    /// Hints: `cargo grader hint 21::standard_scaler`.
    pub fn fit(x: ArrayView2<'_, f64>) -> Result<Self, FeError> {
        todo!()
    }

    /// `(x − mean) / std` with the *fitted* statistics, whatever rows `x` holds.
    ///
    /// # Errors
    /// [`FeError::LengthMismatch`] when `x` has a different number of columns.
    ///
    /// Hints: `cargo grader hint 21::standard_scaler`.
    pub fn transform(&self, x: ArrayView2<'_, f64>) -> Result<Array2<f64>, FeError> {
        todo!()
    }
}

/// Min-max scaling to [0, 1] with the training minimum and maximum.
#[derive(Debug, Clone, PartialEq)]
pub struct MinMaxScaler {
    /// Column minima of the training rows.
    pub min: Array1<f64>,
    /// Column maxima of the training rows.
    pub max: Array1<f64>,
}

impl MinMaxScaler {
    /// Learn each column's minimum and maximum.
    ///
    /// # Errors
    /// [`FeError::Empty`] for zero rows.
    ///
    /// Hints: `cargo grader hint 21::min_max_scaler`.
    pub fn fit(x: ArrayView2<'_, f64>) -> Result<Self, FeError> {
        todo!()
    }

    /// `(x − min) / (max − min)`; a constant training column (max = min) divides by 1.
    /// New rows may land outside [0, 1]: that is correct, not clipped.
    ///
    /// # Errors
    /// [`FeError::LengthMismatch`] when `x` has a different number of columns.
    ///
    /// Hints: `cargo grader hint 21::min_max_scaler`.
    pub fn transform(&self, x: ArrayView2<'_, f64>) -> Result<Array2<f64>, FeError> {
        todo!()
    }
}

/// The `q`-quantile by linear interpolation between order statistics (NumPy's default,
/// Hyndman–Fan type 7): sort, `h = q·(n − 1)`, result `s[⌊h⌋] + (h − ⌊h⌋)·(s[⌊h⌋+1] − s[⌊h⌋])`.
///
/// ```
/// let q = feature_engineering::quantile(&[4.0, 1.0, 3.0, 2.0], 0.5).unwrap();
/// assert_eq!(q, 2.5);
/// ```
///
/// # Errors
/// [`FeError::Empty`] for no values, [`FeError::BadParam`] for `q` outside [0, 1] or a NaN value.
///
/// Hints: `cargo grader hint 21::quantile`.
pub fn quantile(values: &[f64], q: f64) -> Result<f64, FeError> {
    todo!()
}

/// Robust scaling `(x − median) / IQR`, IQR = Q(0.75) − Q(0.25) by [`quantile`].
#[derive(Debug, Clone, PartialEq)]
pub struct RobustScaler {
    /// Column medians of the training rows.
    pub median: Array1<f64>,
    /// Column interquartile ranges; a zero IQR becomes 1.0.
    pub iqr: Array1<f64>,
}

impl RobustScaler {
    /// Learn each column's median and IQR (scikit-learn's `RobustScaler`).
    ///
    /// # Errors
    /// [`FeError::Empty`] for zero rows.
    ///
    /// Hints: `cargo grader hint 21::robust_scaler`.
    pub fn fit(x: ArrayView2<'_, f64>) -> Result<Self, FeError> {
        todo!()
    }

    /// `(x − median) / iqr` with the fitted statistics.
    ///
    /// # Errors
    /// [`FeError::LengthMismatch`] when `x` has a different number of columns.
    ///
    /// Hints: `cargo grader hint 21::robust_scaler`.
    pub fn transform(&self, x: ArrayView2<'_, f64>) -> Result<Array2<f64>, FeError> {
        todo!()
    }
}

/// What [`OneHotEncoder::transform`] does with a category `fit` never saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    /// Return [`FeError::UnknownCategory`] (`handle_unknown="error"`).
    Error,
    /// Encode the row as all zeros (`handle_unknown="ignore"`).
    Ignore,
}

/// One-hot encoding of one text column.
#[derive(Debug, Clone, PartialEq)]
pub struct OneHotEncoder {
    /// Every distinct training category, sorted (byte order).
    pub categories: Vec<String>,
    /// Drop the first category's column (it becomes the all-zeros reference level).
    pub drop_first: bool,
    /// The unknown-category policy.
    pub unknown: Unknown,
}

impl OneHotEncoder {
    /// Learn the sorted distinct categories.
    ///
    /// ```
    /// use feature_engineering::{OneHotEncoder, Unknown};
    /// let e = OneHotEncoder::fit(&["b", "a", "b"], false, Unknown::Error).unwrap();
    /// assert_eq!(e.categories, vec!["a", "b"]);
    /// ```
    ///
    /// # Errors
    /// [`FeError::Empty`] for no values.
    ///
    /// Hints: `cargo grader hint 21::one_hot`.
    pub fn fit(values: &[&str], drop_first: bool, unknown: Unknown) -> Result<Self, FeError> {
        todo!()
    }

    /// The output column names: the categories, without the first when `drop_first`.
    ///
    /// Hints: `cargo grader hint 21::one_hot`.
    pub fn columns(&self) -> Vec<String> {
        todo!()
    }

    /// One row per value, one 0/1 column per entry of [`columns`](Self::columns). The
    /// dropped first category and (under [`Unknown::Ignore`]) unseen ones are all zeros.
    ///
    /// # Errors
    /// [`FeError::UnknownCategory`] for an unseen value under [`Unknown::Error`].
    ///
    /// Hints: `cargo grader hint 21::one_hot`.
    pub fn transform(&self, values: &[&str]) -> Result<Array2<f64>, FeError> {
        todo!()
    }
}

/// Ordinal encoding with a given order: `order[k]` becomes `k as f64`.
///
/// ```
/// let v = feature_engineering::ordinal_encode(&["Good", "Poor"], &["Poor", "Fair", "Good"]).unwrap();
/// assert_eq!(v.to_vec(), vec![2.0, 0.0]);
/// ```
///
/// # Errors
/// [`FeError::UnknownCategory`] for a value not in `order`; [`FeError::BadParam`] when
/// `order` repeats a level.
///
/// Hints: `cargo grader hint 21::ordinal_encode`.
pub fn ordinal_encode(values: &[&str], order: &[&str]) -> Result<Array1<f64>, FeError> {
    todo!()
}

/// `bins + 1` equally spaced edges from the minimum to the maximum of `values`.
///
/// # Errors
/// [`FeError::Empty`] for no values; [`FeError::BadParam`] for `bins == 0` or a non-finite value.
///
/// Hints: `cargo grader hint 21::equal_width_edges`.
pub fn equal_width_edges(values: &[f64], bins: usize) -> Result<Vec<f64>, FeError> {
    todo!()
}

/// `bins + 1` edges at the quantiles `k / bins` (by [`quantile`]): about the same number
/// of values in each bin (`KBinsDiscretizer(strategy="quantile")`, `pd.qcut`).
///
/// # Errors
/// As [`equal_width_edges`].
///
/// Hints: `cargo grader hint 21::quantile_edges`.
pub fn quantile_edges(values: &[f64], bins: usize) -> Result<Vec<f64>, FeError> {
    todo!()
}

/// The bin of each value: the number of *inner* edges `edges[1..len−1]` that are ≤ the
/// value. So bin `b` holds `edges[b] ≤ x < edges[b+1]`, the last bin also holds the
/// maximum, and values outside the training range fall into the first or last bin.
///
/// ```
/// let b = feature_engineering::digitize(&[0.0, 1.0, 1.5, 3.0, 9.0], &[0.0, 1.0, 2.0, 3.0]);
/// assert_eq!(b, vec![0, 1, 1, 2, 2]);
/// ```
///
/// # Panics
/// If `edges` has fewer than two entries.
///
/// Hints: `cargo grader hint 21::digitize`.
pub fn digitize(values: &[f64], edges: &[f64]) -> Vec<usize> {
    todo!()
}

/// The exponent vectors of every monomial of total degree ≤ `degree` in `n_features`
/// variables, in scikit-learn's `PolynomialFeatures` order: the bias `[0, …, 0]` first,
/// then degree 1, 2, …; within a degree, the index lists `i₁ ≤ i₂ ≤ … ≤ i_d` in
/// lexicographic order (x₀², x₀x₁, x₀x₂, x₁², x₁x₂, x₂² for degree 2 in 3 variables).
/// There are C(n + d, d) of them.
///
/// ```
/// let p = feature_engineering::polynomial_powers(2, 2);
/// assert_eq!(p, vec![vec![0, 0], vec![1, 0], vec![0, 1], vec![2, 0], vec![1, 1], vec![0, 2]]);
/// ```
///
/// Hints: `cargo grader hint 21::polynomial_features`.
pub fn polynomial_powers(n_features: usize, degree: usize) -> Vec<Vec<usize>> {
    todo!()
}

/// Polynomial and interaction features: one column per exponent vector of
/// [`polynomial_powers`], each `∏ⱼ x_j^{p_j}` (the bias column is all ones).
///
/// ```
/// use ndarray::array;
/// let f = feature_engineering::polynomial_features(array![[2.0, 3.0]].view(), 2);
/// assert_eq!(f.row(0).to_vec(), vec![1.0, 2.0, 3.0, 4.0, 6.0, 9.0]);
/// ```
///
/// Hints: `cargo grader hint 21::polynomial_features`.
pub fn polynomial_features(x: ArrayView2<'_, f64>, degree: usize) -> Array2<f64> {
    todo!()
}

/// Sample skewness `g₁ = m₃ / m₂^{3/2}` with the population central moments
/// `m_k = (1/n) Σ (x − x̄)^k` (`scipy.stats.skew(bias=True)`, pandas uses an adjusted form).
///
/// # Errors
/// [`FeError::Empty`] for fewer than two values; [`FeError::BadParam`] when all values are equal.
///
/// Hints: `cargo grader hint 21::skewness`.
pub fn skewness(values: &[f64]) -> Result<f64, FeError> {
    todo!()
}

/// `ln(1 + x)` of every value (`np.log1p`), accurate near 0 and keeping 0 at 0.
///
/// # Errors
/// [`FeError::BadParam`] for a value ≤ −1 (no logarithm there).
///
/// Hints: `cargo grader hint 21::log1p_all`.
pub fn log1p_all(values: &[f64]) -> Result<Vec<f64>, FeError> {
    todo!()
}

/// The Yeo–Johnson transform with a given λ (`PowerTransformer(method="yeo-johnson")`
/// without the λ search and standardisation):
///
/// ```text
/// x ≥ 0, λ ≠ 0:  ((x + 1)^λ − 1) / λ          x ≥ 0, λ = 0:  ln(1 + x)
/// x < 0, λ ≠ 2:  −((1 − x)^(2−λ) − 1) / (2 − λ)   x < 0, λ = 2:  −ln(1 − x)
/// ```
///
/// Hints: `cargo grader hint 21::yeo_johnson`.
pub fn yeo_johnson(values: &[f64], lambda: f64) -> Vec<f64> {
    todo!()
}

/// Target (mean) encoding with smoothing toward the global mean.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetEncoder {
    /// Smoothed mean per training category.
    pub means: BTreeMap<String, f64>,
    /// Mean of every training target: the value of unseen categories.
    pub global_mean: f64,
}

impl TargetEncoder {
    /// `enc(c) = (n_c · ȳ_c + m · ȳ) / (n_c + m)`: the category's mean target shrunk toward
    /// the global mean `ȳ` with weight `m` (`smoothing`); a rare category stays near `ȳ`.
    ///
    /// # Errors
    /// [`FeError::Empty`] for no rows; [`FeError::LengthMismatch`]; [`FeError::BadParam`]
    /// for a negative smoothing.
    ///
    /// Hints: `cargo grader hint 21::target_encoder`.
    pub fn fit(categories: &[&str], y: &[f64], smoothing: f64) -> Result<Self, FeError> {
        todo!()
    }

    /// The fitted value of each category; unseen ones get `global_mean`.
    ///
    /// Hints: `cargo grader hint 21::target_encoder`.
    pub fn transform(&self, categories: &[&str]) -> Array1<f64> {
        todo!()
    }
}

/// Out-of-fold target encoding: for each fold (`folds[f]` = its row indices), fit a
/// [`TargetEncoder`] on every row *not* in the fold and encode the fold's rows. No row's
/// own target ever enters its encoding. Rows in no fold stay NaN.
///
/// # Errors
/// As [`TargetEncoder::fit`]; [`FeError::BadParam`] for a row index out of range or a fold
/// that leaves no training rows.
///
/// Hints: `cargo grader hint 21::target_encode_oof`.
pub fn target_encode_oof(
    categories: &[&str],
    y: &[f64],
    folds: &[Vec<usize>],
    smoothing: f64,
) -> Result<Array1<f64>, FeError> {
    todo!()
}

/// The numeric Ames columns of the raw feature set, as they are in the file.
pub const RAW_COLUMNS: [&str; 14] = [
    "Lot_Area",
    "Gr_Liv_Area",
    "Total_Bsmt_SF",
    "Garage_Area",
    "Year_Built",
    "Year_Remod_Add",
    "Full_Bath",
    "Half_Bath",
    "Bedroom_AbvGr",
    "TotRms_AbvGrd",
    "Fireplaces",
    "Wood_Deck_SF",
    "Open_Porch_SF",
    "Mas_Vnr_Area",
];

/// Ames sales: the raw numeric columns and the text columns the pipeline may use.
#[derive(Debug, Clone, PartialEq)]
pub struct Ames {
    /// One row per sale, one column per entry of [`RAW_COLUMNS`].
    pub numeric: Array2<f64>,
    /// `Year_Sold`.
    pub year_sold: Array1<f64>,
    /// `Neighborhood`.
    pub neighborhood: Vec<String>,
    /// `MS_Zoning`.
    pub ms_zoning: Vec<String>,
    /// `Overall_Cond` (Very_Poor … Very_Excellent, see [`OVERALL_ORDER`]).
    pub overall_cond: Vec<String>,
    /// `Heating_QC` (Poor … Excellent, see [`QUALITY_ORDER`]).
    pub heating_qc: Vec<String>,
    /// `Exter_Cond` (Poor … Excellent).
    pub exter_cond: Vec<String>,
    /// `ln(Sale_Price)`: the target.
    pub log_price: Array1<f64>,
}

/// The five-level quality scale of Ames (Po < Fa < TA < Gd < Ex), as spelled in this data.
pub const QUALITY_ORDER: [&str; 5] = ["Poor", "Fair", "Typical", "Good", "Excellent"];

/// The ten-level `Overall_Cond` / `Overall_Qual` scale, worst first.
pub const OVERALL_ORDER: [&str; 10] = [
    "Very_Poor",
    "Poor",
    "Fair",
    "Below_Average",
    "Average",
    "Above_Average",
    "Good",
    "Very_Good",
    "Excellent",
    "Very_Excellent",
];

/// Read `ames_housing` into [`Ames`] (given: chapter 16 taught the loading).
///
/// # Errors
/// [`FeError::Data`] when the file or a column cannot be read; [`FeError::BadParam`] for
/// an empty numeric field.
pub fn load_ames() -> Result<Ames, FeError> {
    let t = datasets::table("ames_housing")?;
    let num = |name: &str| -> Result<Vec<f64>, FeError> {
        t.f64_column(name)?
            .into_iter()
            .enumerate()
            .map(|(row, v)| {
                v.ok_or_else(|| FeError::BadParam(format!("{name} empty in row {row}")))
            })
            .collect()
    };
    let text = |name: &str| -> Result<Vec<String>, FeError> {
        Ok(t.column(name)?
            .into_iter()
            .map(|v| v.unwrap_or("").to_string())
            .collect())
    };
    let n = t.len();
    let mut numeric = Array2::zeros((n, RAW_COLUMNS.len()));
    for (j, c) in RAW_COLUMNS.iter().enumerate() {
        for (i, v) in num(c)?.into_iter().enumerate() {
            numeric[[i, j]] = v;
        }
    }
    Ok(Ames {
        numeric,
        year_sold: num("Year_Sold")?.into(),
        neighborhood: text("Neighborhood")?,
        ms_zoning: text("MS_Zoning")?,
        overall_cond: text("Overall_Cond")?,
        heating_qc: text("Heating_QC")?,
        exter_cond: text("Exter_Cond")?,
        log_price: num("Sale_Price")?.into_iter().map(f64::ln).collect(),
    })
}

/// Ridge regression with an unpenalised intercept, closed form on centred data:
/// `(XcᵀXc + λI) w = Xcᵀ yc`, `b = ȳ − x̄·w` (given: chapter 16). Returns `(b, w)`.
///
/// # Errors
/// [`FeError::Empty`], [`FeError::LengthMismatch`], [`FeError::Singular`].
pub fn ridge_fit(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, f64>,
    lambda: f64,
) -> Result<(f64, Array1<f64>), FeError> {
    if x.nrows() == 0 {
        return Err(FeError::Empty("ridge_fit needs rows"));
    }
    if x.nrows() != y.len() {
        return Err(FeError::LengthMismatch {
            left: x.nrows(),
            right: y.len(),
        });
    }
    let xm = x.mean_axis(Axis(0)).expect("rows > 0");
    let ym = y.mean().expect("rows > 0");
    let xc = &x - &xm;
    let yc = &y - ym;
    let d = x.ncols();
    let mut a = xc.t().dot(&xc) + Array2::<f64>::eye(d) * lambda;
    let mut r = xc.t().dot(&yc);
    let tiny = 1e-12 * a.iter().fold(0.0f64, |s, v| s.max(v.abs()));
    for k in 0..d {
        let p = (k..d)
            .max_by(|&i, &j| a[[i, k]].abs().total_cmp(&a[[j, k]].abs()))
            .expect("k < d");
        if a[[p, k]].is_nan() || a[[p, k]].abs() <= tiny {
            return Err(FeError::Singular);
        }
        for j in 0..d {
            a.swap([k, j], [p, j]);
        }
        r.swap(k, p);
        for i in k + 1..d {
            let f = a[[i, k]] / a[[k, k]];
            for j in k..d {
                a[[i, j]] -= f * a[[k, j]];
            }
            r[i] -= f * r[k];
        }
    }
    let mut w = Array1::zeros(d);
    for k in (0..d).rev() {
        let tail: f64 = (k + 1..d).map(|j| a[[k, j]] * w[j]).sum();
        w[k] = (r[k] - tail) / a[[k, k]];
    }
    Ok((ym - xm.dot(&w), w))
}

/// Which features [`cv_rmse`] builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeatureSet {
    /// The [`RAW_COLUMNS`] standardised with the training fold's [`StandardScaler`].
    Raw,
    /// Your [`Pipeline`].
    Engineered,
}

/// Your feature pipeline for Ames: everything it learns comes from the rows given to `fit`.
#[derive(Debug, Clone)]
pub struct Pipeline {
    // Your fields: the fitted scalers and encoders your features need.
}

impl Pipeline {
    /// Learn every statistic your features need from `rows` of `ames` only.
    ///
    /// # Errors
    /// Whatever your encoders return (e.g. [`FeError::Empty`] for no rows).
    ///
    /// Hints: `cargo grader hint 21::pipeline`.
    pub fn fit(ames: &Ames, rows: &[usize]) -> Result<Self, FeError> {
        todo!()
    }

    /// The feature matrix of `rows` (one row each), built with the fitted statistics.
    ///
    /// # Errors
    /// Whatever your encoders return.
    ///
    /// Hints: `cargo grader hint 21::pipeline`.
    pub fn transform(&self, ames: &Ames, rows: &[usize]) -> Result<Array2<f64>, FeError> {
        todo!()
    }
}

/// Cross-validated RMSE of `ln(Sale_Price)` for ridge with `lambda` on a feature set:
/// for each fold (`folds[f]` = its test rows; the training rows are all the others), fit
/// the features on the training rows, [`ridge_fit`], predict the test rows, and take the
/// RMSE; return the mean over the folds.
///
/// # Errors
/// [`FeError::Empty`] for no folds, [`FeError::BadParam`] for a row index out of range,
/// and the errors of the fits.
///
/// Hints: `cargo grader hint 21::cv_rmse`.
pub fn cv_rmse(
    ames: &Ames,
    folds: &[Vec<usize>],
    lambda: f64,
    set: FeatureSet,
) -> Result<f64, FeError> {
    todo!()
}

/// Two histograms side by side, `bins` equal-width bins each: `prices` on the left,
/// `ln(prices)` on the right, each titled with its skewness; an 800 × 400 PNG (or SVG).
///
/// # Errors
/// [`FeError::Empty`]/[`FeError::BadParam`] from the binning and skewness (a price ≤ 0 is
/// `BadParam`); [`FeError::Plot`] when drawing fails.
///
/// Hints: `cargo grader hint 21::plot_log_histograms`.
pub fn plot_log_histograms(prices: &[f64], bins: usize, path: &Path) -> Result<(), FeError> {
    todo!()
}
