//! Chapter 17: k-means clustering (roadmap W11 D1-2, "K-Means Clustering").
//!
//! Reference solution. Same public API as `exercises/17-kmeans`.

use std::path::Path;

use ndarray::{Array2, ArrayView1, ArrayView2, Axis};
use rand::Rng;

/// What can go wrong when clustering, loading or plotting.
#[derive(Debug, thiserror::Error)]
pub enum KMeansError {
    /// No rows (or no columns) where some are needed.
    #[error("empty data: {0}")]
    Empty(&'static str),
    /// `k = 0`: there is nothing to cluster into.
    #[error("k must be at least 1")]
    ZeroK,
    /// More clusters than points: some cluster would have to stay empty.
    #[error("k = {k} is larger than the number of points ({n})")]
    TooManyClusters { k: usize, n: usize },
    /// Points and centroids (or two arrays) disagree on the number of columns.
    #[error("expected {expected} columns, got {got}")]
    DimensionMismatch { expected: usize, got: usize },
    /// Points and labels disagree on the number of rows.
    #[error("{points} points but {labels} labels")]
    LabelMismatch { points: usize, labels: usize },
    /// A label that names no centroid.
    #[error("label {label} at row {row} is not below k = {k}")]
    BadLabel { row: usize, label: usize, k: usize },
    /// A hyperparameter out of its range (negative tolerance, zero restarts, …).
    #[error("bad parameter: {0}")]
    BadParam(String),
    /// The data set could not be read.
    #[error(transparent)]
    Data(#[from] datasets::Error),
    /// Drawing failed.
    #[error("plot: {0}")]
    Plot(String),
}

/// The result of one k-means fit.
#[derive(Debug, Clone, PartialEq)]
pub struct KMeansFit {
    /// `k × d`: one centre per row.
    pub centroids: Array2<f64>,
    /// The cluster of every point (`0..k`), nearest centre of `centroids`.
    pub labels: Vec<usize>,
    /// Sum of squared distances from each point to its centre.
    pub inertia: f64,
    /// Number of assign + update rounds performed.
    pub n_iter: usize,
    /// Whether the centres moved by at most `tol` in the last round (rather than
    /// stopping at `max_iter`).
    pub converged: bool,
    /// The inertia after every round's assignment step (it never increases).
    pub history: Vec<f64>,
}

/// Settings for [`kmeans`] and [`elbow`], like scikit-learn's `KMeans(...)` arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct KMeansConfig {
    /// Number of clusters.
    pub k: usize,
    /// Number of k-means++ restarts; the fit with the lowest inertia wins (`n_init`).
    pub n_init: usize,
    /// Most assign + update rounds per restart (`max_iter`).
    pub max_iter: usize,
    /// Stop when no centre moves farther than this (Euclidean distance).
    pub tol: f64,
    /// Seed of the random generator (`random_state`).
    pub seed: u64,
}

impl KMeansConfig {
    /// `n_init = 10`, `max_iter = 300`, `tol = 1e-6`, `seed = 0`: the usual defaults.
    pub fn new(k: usize) -> Self {
        KMeansConfig {
            k,
            n_init: 10,
            max_iter: 300,
            tol: 1e-6,
            seed: 0,
        }
    }
}

fn check_points(x: ArrayView2<'_, f64>) -> Result<(), KMeansError> {
    if x.nrows() == 0 {
        return Err(KMeansError::Empty("no points"));
    }
    if x.ncols() == 0 {
        return Err(KMeansError::Empty("points have no columns"));
    }
    Ok(())
}

fn check_k(k: usize, n: usize) -> Result<(), KMeansError> {
    if k == 0 {
        return Err(KMeansError::ZeroK);
    }
    if k > n {
        return Err(KMeansError::TooManyClusters { k, n });
    }
    Ok(())
}

/// Squared Euclidean distance from every point to every centre: an `n × k` matrix with
/// `D[i, j] = Σ_f (x[i, f] − c[j, f])²` (scipy's `cdist(x, c, "sqeuclidean")`).
///
/// Squared, because k-means minimises squared distances and the square root changes
/// nothing about which centre is nearest.
///
/// ```
/// use ndarray::array;
/// let d = kmeans::squared_distances(array![[0.0, 0.0], [3.0, 4.0]].view(), array![[0.0, 0.0]].view()).unwrap();
/// assert_eq!(d, array![[0.0], [25.0]]);
/// ```
///
/// # Errors
/// [`KMeansError::Empty`] when there are no points or no centres,
/// [`KMeansError::DimensionMismatch`] when their column counts differ.
///
/// Hints: `cargo grader hint 17::squared_distances`.
pub fn squared_distances(
    x: ArrayView2<'_, f64>,
    centroids: ArrayView2<'_, f64>,
) -> Result<Array2<f64>, KMeansError> {
    check_points(x)?;
    if centroids.nrows() == 0 {
        return Err(KMeansError::Empty("no centroids"));
    }
    if centroids.ncols() != x.ncols() {
        return Err(KMeansError::DimensionMismatch {
            expected: x.ncols(),
            got: centroids.ncols(),
        });
    }
    let mut d = Array2::zeros((x.nrows(), centroids.nrows()));
    for (i, row) in x.outer_iter().enumerate() {
        for (j, c) in centroids.outer_iter().enumerate() {
            d[[i, j]] = row
                .iter()
                .zip(c.iter())
                .map(|(a, b)| (a - b) * (a - b))
                .sum();
        }
    }
    Ok(d)
}

/// The assignment step: the index of the nearest centre for every point. On a tie the
/// lower index wins (what `argmin` does).
///
/// ```
/// use ndarray::array;
/// let x = array![[0.0], [1.0], [9.0]];
/// let c = array![[0.0], [10.0]];
/// assert_eq!(kmeans::assign(x.view(), c.view()).unwrap(), vec![0, 0, 1]);
/// ```
///
/// # Errors
/// As [`squared_distances`].
///
/// Hints: `cargo grader hint 17::assign`.
pub fn assign(
    x: ArrayView2<'_, f64>,
    centroids: ArrayView2<'_, f64>,
) -> Result<Vec<usize>, KMeansError> {
    let d = squared_distances(x, centroids)?;
    Ok(d.outer_iter().map(argmin).collect())
}

fn argmin(row: ArrayView1<'_, f64>) -> usize {
    let mut best = 0;
    for (j, &v) in row.iter().enumerate() {
        if v < row[best] {
            best = j;
        }
    }
    best
}

/// The update step: every centre moves to the mean of the points assigned to it,
/// `c_j = (1/|S_j|) Σ_{i ∈ S_j} x_i`.
///
/// **Empty clusters** (no point has label `j`) keep their previous centre
/// `previous[j]` unchanged, so the result always has `k = previous.nrows()` rows.
///
/// ```
/// use ndarray::array;
/// let x = array![[0.0], [2.0], [10.0]];
/// let prev = array![[0.0], [10.0], [50.0]];
/// let c = kmeans::update_centroids(x.view(), &[0, 0, 1], prev.view()).unwrap();
/// assert_eq!(c, array![[1.0], [10.0], [50.0]]); // cluster 2 is empty: it stays at 50
/// ```
///
/// # Errors
/// [`KMeansError::Empty`] without points or centres, [`KMeansError::LabelMismatch`] when
/// `labels.len() != x.nrows()`, [`KMeansError::DimensionMismatch`] when the column
/// counts differ, [`KMeansError::BadLabel`] for a label `≥ k`.
///
/// Hints: `cargo grader hint 17::update_centroids`.
pub fn update_centroids(
    x: ArrayView2<'_, f64>,
    labels: &[usize],
    previous: ArrayView2<'_, f64>,
) -> Result<Array2<f64>, KMeansError> {
    check_points(x)?;
    let k = previous.nrows();
    if k == 0 {
        return Err(KMeansError::Empty("no centroids"));
    }
    if labels.len() != x.nrows() {
        return Err(KMeansError::LabelMismatch {
            points: x.nrows(),
            labels: labels.len(),
        });
    }
    if previous.ncols() != x.ncols() {
        return Err(KMeansError::DimensionMismatch {
            expected: x.ncols(),
            got: previous.ncols(),
        });
    }
    let mut sums = Array2::<f64>::zeros((k, x.ncols()));
    let mut counts = vec![0usize; k];
    for (row, (point, &label)) in x.outer_iter().zip(labels).enumerate() {
        if label >= k {
            return Err(KMeansError::BadLabel { row, label, k });
        }
        let mut s = sums.row_mut(label);
        s += &point;
        counts[label] += 1;
    }
    for (j, &count) in counts.iter().enumerate() {
        if count == 0 {
            sums.row_mut(j).assign(&previous.row(j));
        } else {
            let mut s = sums.row_mut(j);
            s /= count as f64;
        }
    }
    Ok(sums)
}

/// Inertia, the quantity k-means minimises: `Σ_i ‖x_i − c_{label_i}‖²`
/// (scikit-learn's `inertia_`; linfa reports it divided by `n`).
///
/// ```
/// use ndarray::array;
/// let x = array![[0.0], [2.0], [10.0]];
/// let c = array![[1.0], [10.0]];
/// assert_eq!(kmeans::inertia(x.view(), c.view(), &[0, 0, 1]).unwrap(), 2.0);
/// ```
///
/// # Errors
/// As [`update_centroids`].
///
/// Hints: `cargo grader hint 17::inertia`.
pub fn inertia(
    x: ArrayView2<'_, f64>,
    centroids: ArrayView2<'_, f64>,
    labels: &[usize],
) -> Result<f64, KMeansError> {
    check_points(x)?;
    let k = centroids.nrows();
    if k == 0 {
        return Err(KMeansError::Empty("no centroids"));
    }
    if labels.len() != x.nrows() {
        return Err(KMeansError::LabelMismatch {
            points: x.nrows(),
            labels: labels.len(),
        });
    }
    if centroids.ncols() != x.ncols() {
        return Err(KMeansError::DimensionMismatch {
            expected: x.ncols(),
            got: centroids.ncols(),
        });
    }
    let mut total = 0.0;
    for (row, (point, &label)) in x.outer_iter().zip(labels).enumerate() {
        if label >= k {
            return Err(KMeansError::BadLabel { row, label, k });
        }
        total += point
            .iter()
            .zip(centroids.row(label).iter())
            .map(|(a, b)| (a - b) * (a - b))
            .sum::<f64>();
    }
    Ok(total)
}

/// Lloyd's algorithm from the given starting centres.
///
/// Repeat at most `max_iter` times: assign every point to its nearest centre
/// ([`assign`]), record the inertia of that assignment in `history`, move every centre
/// to the mean of its points ([`update_centroids`]); stop (`converged = true`) as soon as
/// no centre moved farther than `tol` (Euclidean distance). Finally assign once more
/// against the final centres, so `labels` and `inertia` describe `centroids`.
///
/// With `tol = 0` a converged fit is an exact fixed point: every point is nearest its
/// own centre and every centre is the mean of its points.
///
/// ```
/// use ndarray::array;
/// let x = array![[0.0], [1.0], [10.0], [11.0]];
/// let fit = kmeans::lloyd(x.view(), array![[0.0], [1.0]].view(), 100, 0.0).unwrap();
/// assert_eq!(fit.labels, vec![0, 0, 1, 1]);
/// assert_eq!(fit.centroids, array![[0.5], [10.5]]);
/// assert!(fit.converged && fit.inertia == 1.0);
/// ```
///
/// # Errors
/// As [`update_centroids`]; [`KMeansError::BadParam`] for a negative or NaN `tol`
/// or `max_iter = 0`.
///
/// Hints: `cargo grader hint 17::lloyd`.
pub fn lloyd(
    x: ArrayView2<'_, f64>,
    init: ArrayView2<'_, f64>,
    max_iter: usize,
    tol: f64,
) -> Result<KMeansFit, KMeansError> {
    if tol.is_nan() || tol < 0.0 {
        return Err(KMeansError::BadParam(format!("tol = {tol} must be ≥ 0")));
    }
    if max_iter == 0 {
        return Err(KMeansError::BadParam("max_iter must be at least 1".into()));
    }
    let mut centroids = init.to_owned();
    let mut history = Vec::new();
    let mut converged = false;
    let mut n_iter = 0;
    while n_iter < max_iter {
        let labels = assign(x, centroids.view())?;
        history.push(inertia(x, centroids.view(), &labels)?);
        let next = update_centroids(x, &labels, centroids.view())?;
        let shift = next
            .outer_iter()
            .zip(centroids.outer_iter())
            .map(|(a, b)| {
                a.iter()
                    .zip(b.iter())
                    .map(|(p, q)| (p - q) * (p - q))
                    .sum::<f64>()
                    .sqrt()
            })
            .fold(0.0, f64::max);
        centroids = next;
        n_iter += 1;
        if shift <= tol {
            converged = true;
            break;
        }
    }
    let labels = assign(x, centroids.view())?;
    let inertia = inertia(x, centroids.view(), &labels)?;
    Ok(KMeansFit {
        centroids,
        labels,
        inertia,
        n_iter,
        converged,
        history,
    })
}

/// k-means++ initialisation (Arthur and Vassilvitskii, 2007): `k` starting centres,
/// each a row of `x`.
///
/// 1. The first centre is a point chosen uniformly at random.
/// 2. Every later centre is a point chosen with probability proportional to `D(x)²`,
///    its squared distance to the nearest centre chosen so far: far points are likely,
///    points already chosen have probability 0.
/// 3. If every `D(x)²` is 0 (all remaining points coincide with centres), choose
///    uniformly.
///
/// Draw every random number from `rng`, so a seeded generator repeats the result.
///
/// ```
/// use ndarray::array;
/// use rand::SeedableRng;
/// let x = array![[0.0], [0.1], [100.0]];
/// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
/// let c = kmeans::kmeans_plus_plus(x.view(), 2, &mut rng).unwrap();
/// assert_eq!(c.nrows(), 2);
/// assert!(c.column(0).iter().all(|v| x.column(0).iter().any(|p| p == v)));
/// ```
///
/// # Errors
/// [`KMeansError::Empty`], [`KMeansError::ZeroK`], [`KMeansError::TooManyClusters`].
///
/// Hints: `cargo grader hint 17::kmeans_plus_plus`.
pub fn kmeans_plus_plus<R: Rng + ?Sized>(
    x: ArrayView2<'_, f64>,
    k: usize,
    rng: &mut R,
) -> Result<Array2<f64>, KMeansError> {
    check_points(x)?;
    let n = x.nrows();
    check_k(k, n)?;
    let mut chosen = vec![rng.gen_range(0..n)];
    let sq = |i: usize, j: usize| -> f64 {
        x.row(i)
            .iter()
            .zip(x.row(j).iter())
            .map(|(a, b)| (a - b) * (a - b))
            .sum()
    };
    let mut d2: Vec<f64> = (0..n).map(|i| sq(i, chosen[0])).collect();
    while chosen.len() < k {
        let total: f64 = d2.iter().sum();
        let next = if total > 0.0 {
            let mut target = rng.gen::<f64>() * total;
            let mut pick = None;
            for (i, &w) in d2.iter().enumerate() {
                if w > 0.0 {
                    pick = Some(i);
                    if target < w {
                        break;
                    }
                    target -= w;
                }
            }
            pick.expect("a positive weight exists")
        } else {
            rng.gen_range(0..n)
        };
        chosen.push(next);
        for (i, d) in d2.iter_mut().enumerate() {
            *d = d.min(sq(i, next));
        }
    }
    Ok(x.select(Axis(0), &chosen))
}

/// Full k-means: `config.n_init` restarts, each k-means++ ([`kmeans_plus_plus`]) then
/// [`lloyd`], keeping the fit with the lowest inertia (scikit-learn's
/// `KMeans(n_clusters=k, n_init=…).fit(x)`).
///
/// Make one `StdRng::seed_from_u64(config.seed)` and draw every restart from it, so the
/// same config gives the same fit.
///
/// ```
/// use ndarray::array;
/// let x = array![[0.0, 0.0], [0.0, 1.0], [10.0, 10.0], [10.0, 11.0]];
/// let fit = kmeans::kmeans(x.view(), &kmeans::KMeansConfig::new(2)).unwrap();
/// assert_eq!(fit.labels[0], fit.labels[1]);
/// assert_ne!(fit.labels[0], fit.labels[2]);
/// assert!((fit.inertia - 1.0).abs() < 1e-12);
/// ```
///
/// # Errors
/// As [`kmeans_plus_plus`] and [`lloyd`]; [`KMeansError::BadParam`] for `n_init = 0`.
///
/// Hints: `cargo grader hint 17::kmeans`.
pub fn kmeans(x: ArrayView2<'_, f64>, config: &KMeansConfig) -> Result<KMeansFit, KMeansError> {
    use rand::SeedableRng;
    if config.n_init == 0 {
        return Err(KMeansError::BadParam("n_init must be at least 1".into()));
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(config.seed);
    let mut best: Option<KMeansFit> = None;
    for _ in 0..config.n_init {
        let init = kmeans_plus_plus(x, config.k, &mut rng)?;
        let fit = lloyd(x, init.view(), config.max_iter, config.tol)?;
        if best.as_ref().is_none_or(|b| fit.inertia < b.inertia) {
            best = Some(fit);
        }
    }
    Ok(best.expect("n_init ≥ 1"))
}

/// The elbow curve: the best inertia of [`kmeans`] for `k = 1, 2, …, k_max` (using
/// `config` for everything but `k`). Element `i` is the inertia for `k = i + 1`.
///
/// More clusters never fit worse, so the curve falls; the "elbow" where it stops
/// falling steeply suggests a `k`.
///
/// ```
/// use ndarray::array;
/// let x = array![[0.0], [1.0], [10.0], [11.0]];
/// let e = kmeans::elbow(x.view(), 2, &kmeans::KMeansConfig::new(1)).unwrap();
/// assert!((e[0] - 101.0).abs() < 1e-9 && (e[1] - 1.0).abs() < 1e-9);
/// ```
///
/// # Errors
/// [`KMeansError::ZeroK`] for `k_max = 0`, [`KMeansError::TooManyClusters`] for
/// `k_max > n`, and as [`kmeans`].
///
/// Hints: `cargo grader hint 17::elbow`.
pub fn elbow(
    x: ArrayView2<'_, f64>,
    k_max: usize,
    config: &KMeansConfig,
) -> Result<Vec<f64>, KMeansError> {
    check_points(x)?;
    check_k(k_max, x.nrows())?;
    (1..=k_max)
        .map(|k| {
            let cfg = KMeansConfig {
                k,
                ..config.clone()
            };
            kmeans(x, &cfg).map(|f| f.inertia)
        })
        .collect()
}

/// Draw the elbow curve (`inertias[i]` at `k = i + 1`) as a line chart into `path`
/// (PNG or SVG, 800 × 500) with [`charts::line_chart`], titled `title`, x axis "k",
/// y axis "inertia".
///
/// # Errors
/// [`KMeansError::Empty`] for no values, [`KMeansError::Plot`] when drawing fails.
///
/// Hints: `cargo grader hint 17::plot_elbow`.
pub fn plot_elbow(inertias: &[f64], title: &str, path: &Path) -> Result<(), KMeansError> {
    if inertias.is_empty() {
        return Err(KMeansError::Empty("no inertias to plot"));
    }
    let points = inertias
        .iter()
        .enumerate()
        .map(|(i, &v)| ((i + 1) as f64, v))
        .collect();
    charts::line_chart(
        path,
        title,
        "k",
        "inertia",
        &[charts::Series::new("best inertia", points)],
    )
    .map_err(|e| KMeansError::Plot(e.to_string()))
}

/// `n_per_blob` points around each row of `centres`, every coordinate drawn as
/// `centre + std · N(0, 1)` (scikit-learn's `make_blobs`). Returns the points (blob 0
/// first, then blob 1, …) and the blob index of every point.
///
/// Make each normal draw from two uniforms with the Box–Muller transform,
/// `z = √(−2 ln u₁) · cos(2π u₂)` with `u₁ ∈ (0, 1]`, taking every random number from `rng`.
///
/// ```
/// use ndarray::array;
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(1);
/// let (x, y) = kmeans::make_blobs(array![[0.0, 0.0], [5.0, 5.0]].view(), 3, 0.5, &mut rng).unwrap();
/// assert_eq!(x.dim(), (6, 2));
/// assert_eq!(y, vec![0, 0, 0, 1, 1, 1]);
/// ```
///
/// # Errors
/// [`KMeansError::Empty`] for no centres or `n_per_blob = 0`, [`KMeansError::BadParam`]
/// for a negative or non-finite `std`.
///
/// Hints: `cargo grader hint 17::make_blobs`.
pub fn make_blobs<R: Rng + ?Sized>(
    centres: ArrayView2<'_, f64>,
    n_per_blob: usize,
    std: f64,
    rng: &mut R,
) -> Result<(Array2<f64>, Vec<usize>), KMeansError> {
    if centres.nrows() == 0 || centres.ncols() == 0 {
        return Err(KMeansError::Empty("no centres"));
    }
    if n_per_blob == 0 {
        return Err(KMeansError::Empty("n_per_blob = 0"));
    }
    if !std.is_finite() || std < 0.0 {
        return Err(KMeansError::BadParam(format!("std = {std} must be ≥ 0")));
    }
    let (k, d) = centres.dim();
    let mut x = Array2::zeros((k * n_per_blob, d));
    let mut labels = Vec::with_capacity(k * n_per_blob);
    for b in 0..k {
        for p in 0..n_per_blob {
            let i = b * n_per_blob + p;
            for f in 0..d {
                x[[i, f]] = centres[[b, f]] + std * standard_normal(rng);
            }
            labels.push(b);
        }
    }
    Ok((x, labels))
}

/// Box–Muller: two uniforms to one standard normal.
fn standard_normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    let u1: f64 = 1.0 - rng.gen::<f64>(); // in (0, 1]: ln is finite
    let u2: f64 = rng.gen();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// Standardise every column to mean 0 and standard deviation 1: `z = (x − mean) / sd`
/// with the population standard deviation (divide by `n`, like scikit-learn's
/// `StandardScaler`). A constant column (sd = 0) becomes all zeros.
///
/// k-means measures plain Euclidean distance, so a column in grams would drown one in
/// millimetres without this.
///
/// ```
/// use ndarray::array;
/// let z = kmeans::standardise(array![[1.0, 5.0], [3.0, 5.0]].view()).unwrap();
/// assert_eq!(z, array![[-1.0, 0.0], [1.0, 0.0]]);
/// ```
///
/// # Errors
/// [`KMeansError::Empty`] for no rows or no columns.
///
/// Hints: `cargo grader hint 17::standardise`.
pub fn standardise(x: ArrayView2<'_, f64>) -> Result<Array2<f64>, KMeansError> {
    check_points(x)?;
    let n = x.nrows() as f64;
    let mean = x.sum_axis(Axis(0)) / n;
    let centred = &x - &mean;
    let sd = (centred.mapv(|v| v * v).sum_axis(Axis(0)) / n).mapv(f64::sqrt);
    let safe = sd.mapv(|s| if s > 0.0 { s } else { 1.0 });
    Ok(centred / &safe)
}

/// The four numeric penguin measurements used for clustering.
pub const PENGUIN_FEATURES: [&str; 4] = [
    "bill_length_mm",
    "bill_depth_mm",
    "flipper_length_mm",
    "body_mass_g",
];

/// Penguins ready for k-means: the [`PENGUIN_FEATURES`] columns of
/// `datasets::table("penguins")`, rows with a missing value in any of them dropped
/// (file order kept), then [`standardise`]d. Also returns the species of every kept row,
/// to compare the clusters with afterwards (k-means never sees it).
///
/// ```no_run
/// let (x, species) = kmeans::penguins().unwrap();
/// assert_eq!((x.ncols(), species.len()), (4, x.nrows()));
/// ```
///
/// # Errors
/// [`KMeansError::Data`] when the file cannot be read or a column is missing.
///
/// Hints: `cargo grader hint 17::penguins`.
pub fn penguins() -> Result<(Array2<f64>, Vec<String>), KMeansError> {
    let t = datasets::table("penguins")?;
    let cols = PENGUIN_FEATURES
        .iter()
        .map(|c| t.f64_column(c))
        .collect::<Result<Vec<_>, _>>()?;
    let species = t.column("species")?;
    let mut values = Vec::new();
    let mut kept = Vec::new();
    for i in 0..t.len() {
        let row: Option<Vec<f64>> = cols.iter().map(|c| c[i]).collect();
        if let Some(row) = row {
            values.extend(row);
            kept.push(species[i].unwrap_or("").to_string());
        }
    }
    let x = Array2::from_shape_vec((kept.len(), PENGUIN_FEATURES.len()), values)
        .expect("rows × 4 values");
    Ok((standardise(x.view())?, kept))
}
