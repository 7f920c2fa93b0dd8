//! Chapter 16: project — house prices (roadmap W9-10 D12-14, "Project - Predict house
//! prices / Customer churn").
//!
//! Reference solution. Same public API as `exercises/16-project-house-prices`.

use std::collections::BTreeMap;
use std::path::Path;

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};
use plotters::prelude::*;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;

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
pub fn load_houses() -> Result<Vec<House>, HouseError> {
    let t = datasets::table("ames_housing")?;
    let num = |name: &'static str| -> Result<Vec<f64>, HouseError> {
        t.f64_column(name)?
            .into_iter()
            .enumerate()
            .map(|(row, v)| {
                v.ok_or_else(|| HouseError::BadField {
                    row,
                    column: name,
                    reason: "empty".into(),
                })
            })
            .collect()
    };
    let text = |name: &'static str| -> Result<Vec<String>, HouseError> {
        Ok(t.column(name)?
            .into_iter()
            .map(|v| v.unwrap_or("").to_string())
            .collect())
    };
    let (gr, lot, bsmt, front) = (
        num("Gr_Liv_Area")?,
        num("Lot_Area")?,
        num("Total_Bsmt_SF")?,
        num("Lot_Frontage")?,
    );
    let (cars, full, half) = (num("Garage_Cars")?, num("Full_Bath")?, num("Half_Bath")?);
    let (built, remod, sold, price) = (
        num("Year_Built")?,
        num("Year_Remod_Add")?,
        num("Year_Sold")?,
        num("Sale_Price")?,
    );
    let (air, hood, bldg, cond) = (
        text("Central_Air")?,
        text("Neighborhood")?,
        text("Bldg_Type")?,
        text("Overall_Cond")?,
    );
    Ok((0..t.len())
        .map(|i| House {
            gr_liv_area: gr[i],
            lot_area: lot[i],
            total_bsmt_sf: bsmt[i],
            lot_frontage: (front[i] > 0.0).then_some(front[i]),
            garage_cars: cars[i],
            full_bath: full[i],
            half_bath: half[i],
            year_built: built[i],
            year_remod: remod[i],
            year_sold: sold[i],
            central_air: air[i] == "Y",
            neighborhood: hood[i].clone(),
            bldg_type: bldg[i].clone(),
            overall_cond: cond[i].clone(),
            sale_price: price[i],
        })
        .collect())
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
pub fn median(values: &[Option<f64>]) -> Result<f64, HouseError> {
    let mut v: Vec<f64> = values
        .iter()
        .flatten()
        .copied()
        .filter(|x| !x.is_nan())
        .collect();
    if v.is_empty() {
        return Err(HouseError::Empty("no values to take the median of"));
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    Ok(if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    })
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
    pub fn fit(values: &[String], min_count: usize) -> OneHot {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for v in values {
            *counts.entry(v.as_str()).or_insert(0) += 1;
        }
        let frequent: Vec<String> = counts
            .into_iter()
            .filter(|&(_, c)| c >= min_count)
            .map(|(v, _)| v.to_string())
            .collect();
        OneHot {
            columns: frequent.into_iter().skip(1).collect(),
        }
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
    pub fn transform(&self, values: &[String]) -> Array2<f64> {
        Array2::from_shape_fn((values.len(), self.columns.len()), |(i, j)| {
            f64::from(values[i] == self.columns[j])
        })
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
    pub fn fit(train: &[House]) -> Result<Pipeline, HouseError> {
        if train.is_empty() {
            return Err(HouseError::Empty("no training houses"));
        }
        let text =
            |f: fn(&House) -> &String| train.iter().map(|h| f(h).clone()).collect::<Vec<_>>();
        Ok(Pipeline {
            frontage_median: median(&train.iter().map(|h| h.lot_frontage).collect::<Vec<_>>())?,
            neighborhood: OneHot::fit(&text(|h| &h.neighborhood), 10),
            bldg_type: OneHot::fit(&text(|h| &h.bldg_type), 10),
            overall_cond: OneHot::fit(&text(|h| &h.overall_cond), 10),
        })
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
    pub fn transform(&self, houses: &[House]) -> Array2<f64> {
        let n = houses.len();
        let mut numeric = Array2::zeros((n, NUMERIC_FEATURES));
        for (i, h) in houses.iter().enumerate() {
            let row = [
                h.gr_liv_area.ln_1p(),
                h.lot_area.ln_1p(),
                h.total_bsmt_sf.ln_1p(),
                h.lot_frontage.unwrap_or(self.frontage_median).ln_1p(),
                h.year_sold - h.year_built,
                h.year_sold - h.year_remod,
                h.garage_cars,
                h.full_bath,
                h.half_bath,
                f64::from(h.central_air),
            ];
            numeric.row_mut(i).assign(&Array1::from(row.to_vec()));
        }
        let text =
            |f: fn(&House) -> &String| houses.iter().map(|h| f(h).clone()).collect::<Vec<_>>();
        ndarray::concatenate(
            Axis(1),
            &[
                numeric.view(),
                self.neighborhood
                    .transform(&text(|h| &h.neighborhood))
                    .view(),
                self.bldg_type.transform(&text(|h| &h.bldg_type)).view(),
                self.overall_cond
                    .transform(&text(|h| &h.overall_cond))
                    .view(),
            ],
        )
        .expect("all blocks have n rows")
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
pub fn ridge(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, f64>,
    lambda: f64,
) -> Result<LinearModel, HouseError> {
    if x.nrows() == 0 {
        return Err(HouseError::Empty("no training rows"));
    }
    if x.nrows() != y.len() {
        return Err(HouseError::LengthMismatch {
            left: x.nrows(),
            right: y.len(),
        });
    }
    if lambda.is_nan() || lambda < 0.0 {
        return Err(HouseError::BadParam(format!("lambda {lambda} must be ≥ 0")));
    }
    let x_mean = x.mean_axis(Axis(0)).expect("rows");
    let y_mean = y.mean().expect("values");
    let xc = &x - &x_mean;
    let yc = &y - y_mean;
    let a = xc.t().dot(&xc) + Array2::<f64>::eye(x.ncols()) * lambda;
    let coef = solve(a.view(), xc.t().dot(&yc).view())?;
    Ok(LinearModel {
        intercept: y_mean - x_mean.dot(&coef),
        coef,
    })
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
pub fn rmse(y: ArrayView1<'_, f64>, y_hat: ArrayView1<'_, f64>) -> Result<f64, HouseError> {
    if y.len() != y_hat.len() {
        return Err(HouseError::LengthMismatch {
            left: y.len(),
            right: y_hat.len(),
        });
    }
    if y.is_empty() {
        return Err(HouseError::Empty("no values"));
    }
    Ok((&y - &y_hat)
        .mapv(|e| e * e)
        .mean()
        .expect("non-empty")
        .sqrt())
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
pub fn kfold(n: usize, k: usize, seed: u64) -> Result<Vec<Split>, HouseError> {
    if k < 2 || k > n {
        return Err(HouseError::BadParam(format!("k = {k} must be in 2..={n}")));
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.shuffle(&mut StdRng::seed_from_u64(seed));
    let mut start = 0;
    Ok((0..k)
        .map(|i| {
            let size = n / k + usize::from(i < n % k);
            let test = order[start..start + size].to_vec();
            let train = order[..start]
                .iter()
                .chain(&order[start + size..])
                .copied()
                .collect();
            start += size;
            Split { train, test }
        })
        .collect())
}

fn pick(houses: &[House], idx: &[usize]) -> Vec<House> {
    idx.iter().map(|&i| houses[i].clone()).collect()
}

fn log_prices(houses: &[House]) -> Array1<f64> {
    houses.iter().map(|h| h.sale_price.ln()).collect()
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
pub fn out_of_fold_predictions(
    houses: &[House],
    folds: &[Split],
    lambda: f64,
) -> Result<Array1<f64>, HouseError> {
    let mut out = Array1::from_elem(houses.len(), f64::NAN);
    let mut seen = vec![false; houses.len()];
    for fold in folds {
        let train = pick(houses, &fold.train);
        let test = pick(houses, &fold.test);
        let pipe = Pipeline::fit(&train)?;
        let model = ridge(
            pipe.transform(&train).view(),
            log_prices(&train).view(),
            lambda,
        )?;
        let pred = model.predict(pipe.transform(&test).view());
        for (k, &i) in fold.test.iter().enumerate() {
            if i >= houses.len() || seen[i] {
                return Err(HouseError::BadParam(format!(
                    "house {i} is in two test folds or out of range"
                )));
            }
            seen[i] = true;
            out[i] = pred[k];
        }
    }
    if seen.iter().any(|s| !s) {
        return Err(HouseError::BadParam(
            "the test folds do not cover every house".into(),
        ));
    }
    Ok(out)
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
pub fn cv_rmse(houses: &[House], folds: &[Split], lambda: f64) -> Result<f64, HouseError> {
    if folds.is_empty() {
        return Err(HouseError::Empty("no folds"));
    }
    let mut total = 0.0;
    for fold in folds {
        let train = pick(houses, &fold.train);
        let test = pick(houses, &fold.test);
        let pipe = Pipeline::fit(&train)?;
        let model = ridge(
            pipe.transform(&train).view(),
            log_prices(&train).view(),
            lambda,
        )?;
        let pred = model.predict(pipe.transform(&test).view());
        total += rmse(log_prices(&test).view(), pred.view())?;
    }
    Ok(total / folds.len() as f64)
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
pub fn baseline_cv_rmse(houses: &[House], folds: &[Split]) -> Result<f64, HouseError> {
    if folds.is_empty() {
        return Err(HouseError::Empty("no folds"));
    }
    let mut total = 0.0;
    for fold in folds {
        if fold.train.is_empty() {
            return Err(HouseError::Empty("a fold without training rows"));
        }
        let mean = fold
            .train
            .iter()
            .map(|&i| houses[i].sale_price.ln())
            .sum::<f64>()
            / fold.train.len() as f64;
        let y = log_prices(&pick(houses, &fold.test));
        total += rmse(y.view(), Array1::from_elem(y.len(), mean).view())?;
    }
    Ok(total / folds.len() as f64)
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
pub fn plot_predicted_vs_actual(
    actual: ArrayView1<'_, f64>,
    predicted: ArrayView1<'_, f64>,
    title: &str,
    path: &Path,
) -> Result<(), HouseError> {
    if actual.len() != predicted.len() {
        return Err(HouseError::LengthMismatch {
            left: actual.len(),
            right: predicted.len(),
        });
    }
    if actual.is_empty() {
        return Err(HouseError::Empty("nothing to plot"));
    }
    let all = || {
        actual
            .iter()
            .chain(predicted.iter())
            .filter(|v| v.is_finite())
    };
    let lo = all().fold(f64::INFINITY, |a, &b| a.min(b));
    let hi = all().fold(f64::NEG_INFINITY, |a, &b| a.max(b));
    let pad = if hi > lo { (hi - lo) * 0.05 } else { 1.0 };
    let (lo, hi) = (lo - pad, hi + pad);
    charts::with_canvas(path, (800, 600), |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, (charts::FONT, 22))
            .margin(15)
            .x_label_area_size(45)
            .y_label_area_size(60)
            .build_cartesian_2d(lo..hi, lo..hi)?;
        chart
            .configure_mesh()
            .x_desc("actual ln(price)")
            .y_desc("predicted ln(price)")
            .label_style((charts::FONT, 14))
            .draw()?;
        chart.draw_series(LineSeries::new(
            vec![(lo, lo), (hi, hi)],
            RED.stroke_width(2),
        ))?;
        chart.draw_series(
            actual
                .iter()
                .zip(predicted.iter())
                .map(|(&a, &p)| Circle::new((a, p), 2, charts::palette(0).mix(0.5).filled())),
        )?;
        Ok(())
    })
    .map_err(|e| HouseError::Plot(e.to_string()))
}
