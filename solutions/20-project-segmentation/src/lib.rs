//! Chapter 20: project — customer segmentation (roadmap W11 D7, "Project - Customer
//! Segmentation").
//!
//! Reference solution. Same public API as `exercises/20-project-segmentation`.

use std::path::Path;

use linfa::prelude::*;
use linfa_clustering::KMeans;
use linfa_linalg::eigh::Eigh;
use ndarray::{Array1, Array2, ArrayView2, Axis};
use plotters::prelude::*;
use rand::rngs::StdRng;
use rand::SeedableRng;

/// What can go wrong in the project.
#[derive(Debug, thiserror::Error)]
pub enum SegmentError {
    /// No rows (or columns) where some are needed.
    #[error("empty data: {0}")]
    Empty(&'static str),
    /// Two inputs disagree on their length.
    #[error("{left} rows/values against {right}")]
    LengthMismatch { left: usize, right: usize },
    /// A parameter out of range (k, a label, a sample index, …).
    #[error("bad parameter: {0}")]
    BadParam(String),
    /// A field of the data is missing or not one of the known values.
    #[error("row {row}, column {column}: {reason}")]
    BadField {
        row: usize,
        column: &'static str,
        reason: String,
    },
    /// The data set could not be read.
    #[error(transparent)]
    Data(#[from] datasets::Error),
    /// linfa refused the data.
    #[error("linfa: {0}")]
    Linfa(String),
    /// Drawing failed.
    #[error("plot: {0}")]
    Plot(String),
}

/// The six optional add-on services; [`Customer::services`] counts the `"Yes"`es.
pub const ADD_ONS: [&str; 6] = [
    "online_security",
    "online_backup",
    "device_protection",
    "tech_support",
    "streaming_tv",
    "streaming_movies",
];
/// The levels of `contract`, in the order of their one-hot columns.
pub const CONTRACTS: [&str; 3] = ["Month-to-month", "One year", "Two year"];
/// The levels of `internet_service`, in the order of their one-hot columns.
pub const INTERNET_SERVICES: [&str; 3] = ["DSL", "Fiber optic", "No"];
/// The levels of `payment_method`, in the order of their one-hot columns.
pub const PAYMENT_METHODS: [&str; 4] = [
    "Bank transfer (automatic)",
    "Credit card (automatic)",
    "Electronic check",
    "Mailed check",
];
/// The columns of [`feature_matrix`], in order.
pub const FEATURE_NAMES: [&str; 15] = [
    "tenure",
    "monthly_charges",
    "total_charges",
    "services",
    "paperless_billing",
    "contract=Month-to-month",
    "contract=One year",
    "contract=Two year",
    "internet=DSL",
    "internet=Fiber optic",
    "internet=No",
    "payment=Bank transfer (automatic)",
    "payment=Credit card (automatic)",
    "payment=Electronic check",
    "payment=Mailed check",
];

/// One customer of `telco_churn`.
#[derive(Debug, Clone, PartialEq)]
pub struct Customer {
    /// `churn == "Yes"`: left in the last month. Never a feature — only for profiling.
    pub churn: bool,
    /// Months with the company.
    pub tenure: f64,
    pub monthly_charges: f64,
    /// `None` where the file's field is empty (11 customers, all in their first month).
    pub total_charges: Option<f64>,
    /// How many of the six [`ADD_ONS`] say `"Yes"` (0..=6).
    pub services: usize,
    pub paperless_billing: bool,
    pub contract: String,
    pub internet_service: String,
    pub payment_method: String,
}

/// Read all 7043 customers of `datasets::table("telco_churn")`, in file order.
///
/// `churn` is `"Yes"`/`"No"`, `paperless_billing` is `1`/`0`; `tenure` and
/// `monthly_charges` must be present; an empty `total_charges` stays `None`.
///
/// ```
/// let c = project_segmentation::load_customers().unwrap();
/// assert_eq!(c.len(), 7043);
/// assert_eq!(c.iter().filter(|c| c.total_charges.is_none()).count(), 11);
/// ```
///
/// # Errors
/// [`SegmentError::Data`] when the file cannot be read or a number does not parse;
/// [`SegmentError::BadField`] for an empty `tenure` or `monthly_charges`.
pub fn load_customers() -> Result<Vec<Customer>, SegmentError> {
    let t = datasets::table("telco_churn")?;
    let required = |name: &'static str| -> Result<Vec<f64>, SegmentError> {
        t.f64_column(name)?
            .into_iter()
            .enumerate()
            .map(|(row, v)| {
                v.ok_or_else(|| SegmentError::BadField {
                    row,
                    column: name,
                    reason: "empty".into(),
                })
            })
            .collect()
    };
    let text = |name: &str| -> Result<Vec<String>, SegmentError> {
        Ok(t.column(name)?
            .into_iter()
            .map(|v| v.unwrap_or("").to_string())
            .collect())
    };
    let tenure = required("tenure")?;
    let monthly = required("monthly_charges")?;
    let paperless = required("paperless_billing")?;
    let total = t.f64_column("total_charges")?;
    let churn = text("churn")?;
    let contract = text("contract")?;
    let internet = text("internet_service")?;
    let payment = text("payment_method")?;
    let add_ons = ADD_ONS
        .iter()
        .map(|c| text(c))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((0..t.len())
        .map(|i| Customer {
            churn: churn[i] == "Yes",
            tenure: tenure[i],
            monthly_charges: monthly[i],
            total_charges: total[i],
            services: add_ons.iter().filter(|col| col[i] == "Yes").count(),
            paperless_billing: paperless[i] == 1.0,
            contract: contract[i].clone(),
            internet_service: internet[i].clone(),
            payment_method: payment[i].clone(),
        })
        .collect())
}

fn one_hot(
    value: &str,
    levels: &[&str],
    row: usize,
    column: &'static str,
) -> Result<Vec<f64>, SegmentError> {
    if !levels.contains(&value) {
        return Err(SegmentError::BadField {
            row,
            column,
            reason: format!("unknown level {value:?} (known: {levels:?})"),
        });
    }
    Ok(levels.iter().map(|l| f64::from(*l == value)).collect())
}

/// The behavioural feature matrix: one row per customer, the 15 columns of
/// [`FEATURE_NAMES`] — `tenure`, `monthly_charges`, `total_charges`, `services`,
/// `paperless_billing` as 0/1, then one 0/1 column per level of [`CONTRACTS`],
/// [`INTERNET_SERVICES`] and [`PAYMENT_METHODS`] (all levels: no intercept to collide
/// with). `churn` is not a feature.
///
/// A missing `total_charges` with `tenure == 0` becomes 0.0: a customer in their first
/// month has not been billed yet. A missing one with `tenure > 0` is an error.
///
/// ```
/// let c = project_segmentation::load_customers().unwrap();
/// let x = project_segmentation::feature_matrix(&c[..5]).unwrap();
/// assert_eq!(x.dim(), (5, 15));
/// ```
///
/// # Errors
/// [`SegmentError::Empty`] for no customers; [`SegmentError::BadField`] for an unknown
/// level or a missing `total_charges` after the first month.
pub fn feature_matrix(customers: &[Customer]) -> Result<Array2<f64>, SegmentError> {
    if customers.is_empty() {
        return Err(SegmentError::Empty("no customers"));
    }
    let d = FEATURE_NAMES.len();
    let mut x = Array2::zeros((customers.len(), d));
    for (i, c) in customers.iter().enumerate() {
        let total = match c.total_charges {
            Some(t) => t,
            None if c.tenure == 0.0 => 0.0,
            None => {
                return Err(SegmentError::BadField {
                    row: i,
                    column: "total_charges",
                    reason: format!("missing after {} months", c.tenure),
                })
            }
        };
        let mut row = vec![
            c.tenure,
            c.monthly_charges,
            total,
            c.services as f64,
            f64::from(c.paperless_billing),
        ];
        row.extend(one_hot(&c.contract, &CONTRACTS, i, "contract")?);
        row.extend(one_hot(
            &c.internet_service,
            &INTERNET_SERVICES,
            i,
            "internet_service",
        )?);
        row.extend(one_hot(
            &c.payment_method,
            &PAYMENT_METHODS,
            i,
            "payment_method",
        )?);
        x.row_mut(i).assign(&Array1::from(row));
    }
    Ok(x)
}

/// Column means and standard deviations learned from data (scikit-learn's
/// `StandardScaler`).
#[derive(Debug, Clone, PartialEq)]
pub struct Scaler {
    pub mean: Array1<f64>,
    /// Population standard deviation (divide by `n`); 0 for a constant column.
    pub std: Array1<f64>,
}

impl Scaler {
    /// Learn every column's mean and population standard deviation
    /// `√((1/n) Σ (x − mean)²)`.
    ///
    /// ```
    /// use ndarray::array;
    /// let s = project_segmentation::Scaler::fit(array![[1.0, 5.0], [3.0, 5.0]].view()).unwrap();
    /// assert_eq!((s.mean, s.std), (array![2.0, 5.0], array![1.0, 0.0]));
    /// ```
    ///
    /// # Errors
    /// [`SegmentError::Empty`] for no rows or no columns.
    pub fn fit(x: ArrayView2<'_, f64>) -> Result<Scaler, SegmentError> {
        if x.nrows() == 0 || x.ncols() == 0 {
            return Err(SegmentError::Empty("nothing to fit the scaler on"));
        }
        let mean = x.mean_axis(Axis(0)).expect("rows");
        let var = (&x - &mean)
            .mapv(|v| v * v)
            .mean_axis(Axis(0))
            .expect("rows");
        Ok(Scaler {
            mean,
            std: var.mapv(f64::sqrt),
        })
    }

    /// z-scores `(x − mean) / std` with the *fitted* mean and std; a column whose std
    /// is 0 becomes all zeros (it carries no information, and must not become NaN).
    ///
    /// ```
    /// use ndarray::array;
    /// let s = project_segmentation::Scaler::fit(array![[1.0, 5.0], [3.0, 5.0]].view()).unwrap();
    /// assert_eq!(s.transform(array![[5.0, 7.0]].view()).unwrap(), array![[3.0, 0.0]]);
    /// ```
    ///
    /// # Errors
    /// [`SegmentError::LengthMismatch`] when `x` has a different number of columns.
    pub fn transform(&self, x: ArrayView2<'_, f64>) -> Result<Array2<f64>, SegmentError> {
        if x.ncols() != self.mean.len() {
            return Err(SegmentError::LengthMismatch {
                left: self.mean.len(),
                right: x.ncols(),
            });
        }
        let safe = self.std.mapv(|s| if s > 0.0 { s } else { 1.0 });
        let mut z = (&x - &self.mean) / &safe;
        for (j, &s) in self.std.iter().enumerate() {
            if s <= 0.0 {
                z.column_mut(j).fill(0.0);
            }
        }
        Ok(z)
    }
}

/// A two-dimensional PCA of the data.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    /// Column means of the data.
    pub mean: Array1<f64>,
    /// `2 × d`: the two principal axes, unit length, orthogonal, largest variance first.
    pub components: Array2<f64>,
    /// Variance of the data along each axis (`σ² / (n − 1)`).
    pub explained_variance: Array1<f64>,
    /// Each axis's share of the *total* variance of the data (the trace of its
    /// covariance), not of the two kept axes.
    pub explained_variance_ratio: Array1<f64>,
    /// `n × 2`: the centred data projected on the axes, `(x − mean) · componentsᵀ`.
    pub scores: Array2<f64>,
}

/// PCA to two components (sklearn's `PCA(n_components=2)`), by the eigen-decomposition of
/// the covariance matrix `C = Xcᵀ·Xc / (n − 1)` of the centred data with
/// `linfa_linalg::eigh::Eigh` (`c.eigh()` gives ascending eigenvalues and the eigenvectors
/// as columns): keep the two largest, as the rows of `components`.
///
/// `explained_variance` holds those two eigenvalues; `explained_variance_ratio` divides
/// them by the *total* variance, the trace of `C`. Make each component's entry of largest
/// magnitude positive, so the picture does not flip between runs.
///
/// (Why not `linfa_reduction::Pca`? Its iterative truncated SVD in linfa 0.8.1 can miss
/// badly — on the example below, whose third column is constant, it returns σ₁ = 1.66
/// instead of 4.47 — and its `explained_variance_ratio()` is normalised over the kept
/// components only. A 15 × 15 eigen-problem is cheap and exact.)
///
/// ```
/// use ndarray::array;
/// let x = array![[0.0, 0.0, 1.0], [2.0, 0.1, 1.0], [4.0, -0.1, 1.0], [6.0, 0.0, 1.0]];
/// let p = project_segmentation::pca_2d(x.view()).unwrap();
/// assert!(p.explained_variance_ratio[0] > 0.99);
/// assert!((p.components[[0, 0]] - 1.0).abs() < 1e-3); // the first axis is (almost) column 0
/// ```
///
/// # Errors
/// [`SegmentError::Empty`] for fewer than 2 rows or 2 columns; [`SegmentError::Linfa`]
/// if the eigen-solver fails.
pub fn pca_2d(x: ArrayView2<'_, f64>) -> Result<Projection, SegmentError> {
    let (n, d) = x.dim();
    if n < 2 || d < 2 {
        return Err(SegmentError::Empty(
            "PCA to 2 components needs ≥ 2 rows and ≥ 2 columns",
        ));
    }
    let mean = x.mean_axis(Axis(0)).expect("rows");
    let centred = &x - &mean;
    let cov = centred.t().dot(&centred) / (n - 1) as f64;
    let (values, vectors) = cov.eigh().map_err(|e| SegmentError::Linfa(e.to_string()))?;
    let mut order: Vec<usize> = (0..d).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    let mut components = Array2::zeros((2, d));
    for (r, &j) in order.iter().take(2).enumerate() {
        let v = vectors.column(j);
        let big = v
            .iter()
            .copied()
            .max_by(|a, b| a.abs().total_cmp(&b.abs()))
            .expect("d ≥ 2");
        let sign = if big < 0.0 { -1.0 } else { 1.0 };
        components.row_mut(r).assign(&v.mapv(|a| a * sign));
    }
    let explained_variance = Array1::from_shape_fn(2, |r| values[order[r]]);
    let total = cov.diag().sum();
    Ok(Projection {
        scores: centred.dot(&components.t()),
        explained_variance_ratio: &explained_variance / total,
        explained_variance,
        components,
        mean,
    })
}

/// One k-means fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Segmentation {
    /// `k × d`, one centre per row.
    pub centroids: Array2<f64>,
    /// The segment of every row: its nearest centre.
    pub labels: Vec<usize>,
    /// `Σᵢ ‖xᵢ − c_{labelᵢ}‖²`, computed by you from `labels` and `centroids`.
    pub inertia: f64,
}

/// k-means with `linfa_clustering::KMeans` (sklearn's `KMeans(n_clusters=k,
/// n_init=10, random_state=seed)`): k-means++ starts, 10 runs, tolerance 1e-8, at most
/// 300 iterations, random generator `StdRng::seed_from_u64(seed)`.
///
/// `labels` is linfa's `predict` (nearest centre); compute `inertia` yourself — linfa's
/// `inertia()` is measured before its last centre update and divided by `n`.
///
/// ```
/// use ndarray::array;
/// let x = array![[0.0], [0.2], [10.0], [10.2]];
/// let s = project_segmentation::kmeans_fit(x.view(), 2, 1).unwrap();
/// assert_eq!(s.labels[0], s.labels[1]);
/// assert!((s.inertia - 0.04).abs() < 1e-9);
/// ```
///
/// # Errors
/// [`SegmentError::BadParam`] unless `1 ≤ k ≤ n`; [`SegmentError::Linfa`].
pub fn kmeans_fit(
    x: ArrayView2<'_, f64>,
    k: usize,
    seed: u64,
) -> Result<Segmentation, SegmentError> {
    if k == 0 || k > x.nrows() {
        return Err(SegmentError::BadParam(format!(
            "k = {k} must be in 1..={}",
            x.nrows()
        )));
    }
    let data = x.to_owned();
    let model = KMeans::params_with_rng(k, StdRng::seed_from_u64(seed))
        .n_runs(10)
        .tolerance(1e-8)
        .max_n_iterations(300)
        .fit(&DatasetBase::from(data.clone()))
        .map_err(|e| SegmentError::Linfa(e.to_string()))?;
    let labels = model.predict(&data).to_vec();
    let centroids = model.centroids().to_owned();
    let inertia = labels
        .iter()
        .enumerate()
        .map(|(i, &l)| (&x.row(i) - &centroids.row(l)).mapv(|v| v * v).sum())
        .sum();
    Ok(Segmentation {
        centroids,
        labels,
        inertia,
    })
}

/// The mean silhouette coefficient of a clustering (sklearn's `silhouette_score`),
/// with Euclidean distances:
///
/// ```text
/// a(i) = mean distance from i to the other members of its cluster
/// b(i) = smallest, over the other clusters, mean distance from i to that cluster's members
/// s(i) = (b − a) / max(a, b),   and s(i) = 0 when i is alone in its cluster
/// ```
///
/// Labels are any `usize`s (they need not be `0..k`). This is O(n²): call it on a
/// sample of a few thousand rows at most.
///
/// ```
/// use ndarray::array;
/// let x = array![[0.0], [1.0], [10.0], [11.0]];
/// let s = project_segmentation::silhouette(x.view(), &[0, 0, 1, 1]).unwrap();
/// // point 0: a = 1, b = (10 + 11) / 2; point 1: a = 1, b = (9 + 10) / 2; the same mirrored
/// assert!((s - (9.5 / 10.5 + 8.5 / 9.5) / 2.0).abs() < 1e-12);
/// ```
///
/// # Errors
/// [`SegmentError::LengthMismatch`]; [`SegmentError::BadParam`] for fewer than two
/// distinct labels (a silhouette needs another cluster).
pub fn silhouette(x: ArrayView2<'_, f64>, labels: &[usize]) -> Result<f64, SegmentError> {
    let n = x.nrows();
    if labels.len() != n {
        return Err(SegmentError::LengthMismatch {
            left: n,
            right: labels.len(),
        });
    }
    let mut ids: Vec<usize> = labels.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() < 2 {
        return Err(SegmentError::BadParam(format!(
            "a silhouette needs at least 2 clusters, got {}",
            ids.len()
        )));
    }
    let dense: Vec<usize> = labels
        .iter()
        .map(|l| ids.binary_search(l).expect("a known label"))
        .collect();
    let k = ids.len();
    let mut sizes = vec![0usize; k];
    for &c in &dense {
        sizes[c] += 1;
    }
    let mut total = 0.0;
    let mut sums = vec![0.0; k];
    for i in 0..n {
        sums.iter_mut().for_each(|s| *s = 0.0);
        let xi = x.row(i);
        for j in 0..n {
            if j != i {
                let d: f64 = xi
                    .iter()
                    .zip(x.row(j).iter())
                    .map(|(a, b)| (a - b) * (a - b))
                    .sum();
                sums[dense[j]] += d.sqrt();
            }
        }
        let own = dense[i];
        if sizes[own] == 1 {
            continue; // s(i) = 0
        }
        let a = sums[own] / (sizes[own] - 1) as f64;
        let b = (0..k)
            .filter(|&c| c != own)
            .map(|c| sums[c] / sizes[c] as f64)
            .fold(f64::INFINITY, f64::min);
        let m = a.max(b);
        if m > 0.0 {
            total += (b - a) / m;
        }
    }
    Ok(total / n as f64)
}

/// One row of the model-selection table.
#[derive(Debug, Clone, PartialEq)]
pub struct KScan {
    pub k: usize,
    /// Inertia of [`kmeans_fit`] on all rows.
    pub inertia: f64,
    /// [`silhouette`] of the sampled rows, with their labels from the fit on all rows.
    pub silhouette: f64,
}

/// For every `k` in `ks`: fit [`kmeans_fit`]`(x, k, seed)` on all rows, and score the
/// labels with [`silhouette`] on the rows `sample` (indices into `x`) only — the full
/// silhouette would cost O(n²).
///
/// ```
/// use ndarray::array;
/// let x = array![[0.0], [0.5], [10.0], [10.5], [20.0], [20.5]];
/// let scan = project_segmentation::scan_k(x.view(), &[2, 3], 0, &[0, 1, 2, 3, 4, 5]).unwrap();
/// assert!(scan[1].silhouette > scan[0].silhouette); // three groups, so k = 3 wins
/// ```
///
/// # Errors
/// [`SegmentError::BadParam`] for a `k` below 2 (no silhouette) or a sample index out of
/// range; those of [`kmeans_fit`] and [`silhouette`].
pub fn scan_k(
    x: ArrayView2<'_, f64>,
    ks: &[usize],
    seed: u64,
    sample: &[usize],
) -> Result<Vec<KScan>, SegmentError> {
    if let Some(&bad) = sample.iter().find(|&&i| i >= x.nrows()) {
        return Err(SegmentError::BadParam(format!(
            "sample index {bad} is not below {}",
            x.nrows()
        )));
    }
    let xs = x.select(Axis(0), sample);
    ks.iter()
        .map(|&k| {
            if k < 2 {
                return Err(SegmentError::BadParam(format!(
                    "k = {k}: a silhouette needs k ≥ 2"
                )));
            }
            let fit = kmeans_fit(x, k, seed)?;
            let labels: Vec<usize> = sample.iter().map(|&i| fit.labels[i]).collect();
            Ok(KScan {
                k,
                inertia: fit.inertia,
                silhouette: silhouette(xs.view(), &labels)?,
            })
        })
        .collect()
}

/// The `k` with the highest silhouette (the smaller `k` on a tie).
///
/// ```
/// use project_segmentation::{choose_k, KScan};
/// let scan = [KScan { k: 2, inertia: 9.0, silhouette: 0.3 }, KScan { k: 3, inertia: 5.0, silhouette: 0.4 }];
/// assert_eq!(choose_k(&scan).unwrap(), 3);
/// ```
///
/// # Errors
/// [`SegmentError::Empty`] for an empty scan or one whose silhouettes are all NaN.
pub fn choose_k(scan: &[KScan]) -> Result<usize, SegmentError> {
    let mut best: Option<&KScan> = None;
    for s in scan.iter().filter(|s| !s.silhouette.is_nan()) {
        let better = best.is_none_or(|b| {
            s.silhouette > b.silhouette || (s.silhouette == b.silhouette && s.k < b.k)
        });
        if better {
            best = Some(s);
        }
    }
    best.map(|b| b.k)
        .ok_or(SegmentError::Empty("no silhouette to choose from"))
}

/// What one segment looks like.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentProfile {
    pub segment: usize,
    pub size: usize,
    pub mean_tenure: f64,
    pub mean_monthly_charges: f64,
    /// Share of the segment on a month-to-month contract (0..=1).
    pub month_to_month: f64,
    /// Share of the segment that churned (0..=1).
    pub churn_rate: f64,
}

/// One [`SegmentProfile`] per segment `0..k`, in order (pandas:
/// `df.groupby(labels).agg(...)`). An empty segment has size 0 and NaN means.
///
/// ```
/// let c = project_segmentation::load_customers().unwrap();
/// let p = project_segmentation::profile_segments(&c[..4], &[0, 0, 1, 1], 2).unwrap();
/// assert_eq!((p[0].size, p[1].size), (2, 2));
/// ```
///
/// # Errors
/// [`SegmentError::LengthMismatch`]; [`SegmentError::BadParam`] for a label `≥ k`.
pub fn profile_segments(
    customers: &[Customer],
    labels: &[usize],
    k: usize,
) -> Result<Vec<SegmentProfile>, SegmentError> {
    if customers.len() != labels.len() {
        return Err(SegmentError::LengthMismatch {
            left: customers.len(),
            right: labels.len(),
        });
    }
    if let Some((row, &l)) = labels.iter().enumerate().find(|(_, &l)| l >= k) {
        return Err(SegmentError::BadParam(format!(
            "label {l} at row {row} is not below k = {k}"
        )));
    }
    Ok((0..k)
        .map(|s| {
            let members: Vec<&Customer> = customers
                .iter()
                .zip(labels)
                .filter(|(_, &l)| l == s)
                .map(|(c, _)| c)
                .collect();
            let m = members.len() as f64;
            let mean = |f: fn(&Customer) -> f64| members.iter().map(|c| f(c)).sum::<f64>() / m;
            SegmentProfile {
                segment: s,
                size: members.len(),
                mean_tenure: mean(|c| c.tenure),
                mean_monthly_charges: mean(|c| c.monthly_charges),
                month_to_month: mean(|c| f64::from(c.contract == "Month-to-month")),
                churn_rate: mean(|c| f64::from(c.churn)),
            }
        })
        .collect())
}

/// Relabel segments so that segment 0 has the highest churn rate, 1 the next, … (ties:
/// the larger segment first, then the lower old label; empty segments last). Returns the
/// new label of every row: the same partition, new names.
///
/// ```
/// use project_segmentation::{order_by_churn, SegmentProfile};
/// let p = |segment, churn_rate| SegmentProfile { segment, size: 1, mean_tenure: 0.0, mean_monthly_charges: 0.0, month_to_month: 0.0, churn_rate };
/// let new = order_by_churn(&[p(0, 0.1), p(1, 0.5)], &[0, 1, 1]).unwrap();
/// assert_eq!(new, vec![1, 0, 0]);
/// ```
///
/// # Errors
/// [`SegmentError::BadParam`] for a label with no profile.
pub fn order_by_churn(
    profiles: &[SegmentProfile],
    labels: &[usize],
) -> Result<Vec<usize>, SegmentError> {
    let mut order: Vec<&SegmentProfile> = profiles.iter().collect();
    order.sort_by(|a, b| {
        (a.size == 0)
            .cmp(&(b.size == 0))
            .then(b.churn_rate.total_cmp(&a.churn_rate))
            .then(b.size.cmp(&a.size))
            .then(a.segment.cmp(&b.segment))
    });
    let max = profiles
        .iter()
        .map(|p| p.segment)
        .max()
        .map_or(0, |m| m + 1);
    let mut new_name = vec![usize::MAX; max];
    for (rank, p) in order.iter().enumerate() {
        new_name[p.segment] = rank;
    }
    labels
        .iter()
        .enumerate()
        .map(|(row, &l)| match new_name.get(l) {
            Some(&n) if n != usize::MAX => Ok(n),
            _ => Err(SegmentError::BadParam(format!(
                "label {l} at row {row} has no profile"
            ))),
        })
        .collect()
}

/// Draw the k scan as two line charts with [`charts::line_chart`] (800 × 500 each):
/// inertia against k into `elbow_path`, silhouette against k into `silhouette_path`.
///
/// # Errors
/// [`SegmentError::Empty`] for an empty scan; [`SegmentError::Plot`].
pub fn plot_k_scan(
    scan: &[KScan],
    elbow_path: &Path,
    silhouette_path: &Path,
) -> Result<(), SegmentError> {
    if scan.is_empty() {
        return Err(SegmentError::Empty("nothing to plot"));
    }
    let series = |name: &str, f: fn(&KScan) -> f64| {
        charts::Series::new(name, scan.iter().map(|s| (s.k as f64, f(s))).collect())
    };
    let plot = |e: charts::ChartError| SegmentError::Plot(e.to_string());
    charts::line_chart(
        elbow_path,
        "Elbow: k-means inertia",
        "k",
        "inertia",
        &[series("inertia", |s| s.inertia)],
    )
    .map_err(plot)?;
    charts::line_chart(
        silhouette_path,
        "Mean silhouette (sample)",
        "k",
        "silhouette",
        &[series("silhouette", |s| s.silhouette)],
    )
    .map_err(plot)
}

/// Scatter the 2-D PCA scores (`n × 2`), one colour per segment
/// (`charts::palette(label)`), with a legend "segment 0", "segment 1", … and axis labels
/// "PC1", "PC2", into `path` (PNG or SVG, 800 × 600), titled `title`. Draw with
/// `charts::with_canvas` and plotters' `ChartBuilder`, text always in `charts::FONT`.
///
/// # Errors
/// [`SegmentError::LengthMismatch`] (rows against labels, or not 2 columns);
/// [`SegmentError::Empty`]; [`SegmentError::Plot`].
pub fn plot_segments(
    scores: ArrayView2<'_, f64>,
    labels: &[usize],
    title: &str,
    path: &Path,
) -> Result<(), SegmentError> {
    if scores.ncols() != 2 {
        return Err(SegmentError::LengthMismatch {
            left: 2,
            right: scores.ncols(),
        });
    }
    if scores.nrows() != labels.len() {
        return Err(SegmentError::LengthMismatch {
            left: scores.nrows(),
            right: labels.len(),
        });
    }
    if labels.is_empty() {
        return Err(SegmentError::Empty("nothing to plot"));
    }
    let range = |c: usize| {
        let col = scores.column(c);
        let lo = col.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = col.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let pad = if hi > lo { 0.05 * (hi - lo) } else { 1.0 };
        (lo - pad)..(hi + pad)
    };
    let k = labels.iter().max().map_or(0, |m| m + 1);
    charts::with_canvas(path, (800, 600), |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, (charts::FONT, 22))
            .margin(15)
            .x_label_area_size(45)
            .y_label_area_size(55)
            .build_cartesian_2d(range(0), range(1))?;
        chart
            .configure_mesh()
            .x_desc("PC1")
            .y_desc("PC2")
            .label_style((charts::FONT, 14))
            .draw()?;
        for s in 0..k {
            let colour = charts::palette(s);
            chart
                .draw_series((0..labels.len()).filter(|&i| labels[i] == s).map(|i| {
                    Circle::new(
                        (scores[[i, 0]], scores[[i, 1]]),
                        2,
                        colour.mix(0.6).filled(),
                    )
                }))?
                .label(format!("segment {s}"))
                .legend(move |(x, y)| Circle::new((x, y), 4, colour.filled()));
        }
        chart
            .configure_series_labels()
            .label_font((charts::FONT, 14))
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()?;
        Ok(())
    })
    .map_err(|e| SegmentError::Plot(e.to_string()))
}
