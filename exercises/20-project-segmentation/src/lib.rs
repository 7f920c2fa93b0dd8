//! Chapter 20: project — customer segmentation (roadmap W11 D7, "Project - Customer
//! Segmentation").
//!
//! Replace every `todo!()` with your code; read `README.md` beside this folder first.
//! `cargo grader check 20` runs the hidden checks, `cargo grader hint 20::NAME` gives a
//! hint for exercise NAME (ask again with `--level 2` and `--level 3` for more).
// Parameters are unused until you write the bodies.
#![allow(unused_variables, unused_mut)]

use std::path::Path;

use ndarray::{Array1, Array2, ArrayView2};

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
///
/// Hints: `cargo grader hint 20::load_customers`.
pub fn load_customers() -> Result<Vec<Customer>, SegmentError> {
    todo!()
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
///
/// Hints: `cargo grader hint 20::feature_matrix`.
pub fn feature_matrix(customers: &[Customer]) -> Result<Array2<f64>, SegmentError> {
    todo!()
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
    ///
    /// Hints: `cargo grader hint 20::scaler`.
    pub fn fit(x: ArrayView2<'_, f64>) -> Result<Scaler, SegmentError> {
        todo!()
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
    ///
    /// Hints: `cargo grader hint 20::scaler`.
    pub fn transform(&self, x: ArrayView2<'_, f64>) -> Result<Array2<f64>, SegmentError> {
        todo!()
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
///
/// Hints: `cargo grader hint 20::pca_2d`.
pub fn pca_2d(x: ArrayView2<'_, f64>) -> Result<Projection, SegmentError> {
    todo!()
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
///
/// Hints: `cargo grader hint 20::kmeans_fit`.
pub fn kmeans_fit(
    x: ArrayView2<'_, f64>,
    k: usize,
    seed: u64,
) -> Result<Segmentation, SegmentError> {
    todo!()
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
///
/// Hints: `cargo grader hint 20::silhouette`.
pub fn silhouette(x: ArrayView2<'_, f64>, labels: &[usize]) -> Result<f64, SegmentError> {
    todo!()
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
///
/// Hints: `cargo grader hint 20::scan_k`.
pub fn scan_k(
    x: ArrayView2<'_, f64>,
    ks: &[usize],
    seed: u64,
    sample: &[usize],
) -> Result<Vec<KScan>, SegmentError> {
    todo!()
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
///
/// Hints: `cargo grader hint 20::choose_k`.
pub fn choose_k(scan: &[KScan]) -> Result<usize, SegmentError> {
    todo!()
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
///
/// Hints: `cargo grader hint 20::profile_segments`.
pub fn profile_segments(
    customers: &[Customer],
    labels: &[usize],
    k: usize,
) -> Result<Vec<SegmentProfile>, SegmentError> {
    todo!()
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
///
/// Hints: `cargo grader hint 20::order_by_churn`.
pub fn order_by_churn(
    profiles: &[SegmentProfile],
    labels: &[usize],
) -> Result<Vec<usize>, SegmentError> {
    todo!()
}

/// Draw the k scan as two line charts with [`charts::line_chart`] (800 × 500 each):
/// inertia against k into `elbow_path`, silhouette against k into `silhouette_path`.
///
/// # Errors
/// [`SegmentError::Empty`] for an empty scan; [`SegmentError::Plot`].
///
/// Hints: `cargo grader hint 20::plot_k_scan`.
pub fn plot_k_scan(
    scan: &[KScan],
    elbow_path: &Path,
    silhouette_path: &Path,
) -> Result<(), SegmentError> {
    todo!()
}

/// Scatter the 2-D PCA scores (`n × 2`), one colour per segment
/// (`charts::palette(label)`), with a legend "segment 0", "segment 1", … and axis labels
/// "PC1", "PC2", into `path` (PNG or SVG, 800 × 600), titled `title`. Draw with
/// `charts::with_canvas` and plotters' `ChartBuilder`, text always in `charts::FONT`.
///
/// # Errors
/// [`SegmentError::LengthMismatch`] (rows against labels, or not 2 columns);
/// [`SegmentError::Empty`]; [`SegmentError::Plot`].
///
/// Hints: `cargo grader hint 20::plot_segments`.
pub fn plot_segments(
    scores: ArrayView2<'_, f64>,
    labels: &[usize],
    title: &str,
    path: &Path,
) -> Result<(), SegmentError> {
    todo!()
}
