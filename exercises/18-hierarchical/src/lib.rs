//! Chapter 18: hierarchical clustering (roadmap W11 D3-4, "Hierarchical Clustering").
//!
//! Replace every `todo!()` with your code; read `README.md` beside this folder first.
//! `cargo grader check 18` runs the hidden checks, `cargo grader hint 18::NAME` gives a
//! hint for exercise NAME (ask again with `--level 2` and `--level 3` for more).
// Parameters are unused until you write the bodies.
#![allow(unused_variables, unused_mut)]

use std::path::Path;

use ndarray::{Array2, ArrayView2};

/// What can go wrong when clustering, cutting or plotting.
#[derive(Debug, thiserror::Error)]
pub enum HierarchicalError {
    /// No points (or no columns, or an empty cluster) where some are needed.
    #[error("empty input: {0}")]
    Empty(&'static str),
    /// `k = 0`: there is nothing to cut into.
    #[error("k must be at least 1")]
    ZeroK,
    /// More clusters than points.
    #[error("k = {k} is larger than the number of points ({n})")]
    TooManyClusters { k: usize, n: usize },
    /// A point index that names no row of the data.
    #[error("point index {index} is out of range for {n} points")]
    IndexOutOfRange { index: usize, n: usize },
    /// Two inputs that must have the same length (or row count) do not.
    #[error("lengths differ: {left} and {right}")]
    LengthMismatch { left: usize, right: usize },
    /// A merge list that is not a full dendrogram of `n_points` leaves.
    #[error("not a valid dendrogram: {0}")]
    BadDendrogram(String),
    /// A value out of its range (NaN in the data, a negative threshold, …).
    #[error("bad parameter: {0}")]
    BadParam(String),
    /// Drawing failed.
    #[error("plot: {0}")]
    Plot(String),
}

/// How the distance between two clusters is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Linkage {
    /// Nearest pair: `min d(a, b)`. Chains along thin bridges.
    Single,
    /// Farthest pair: `max d(a, b)`. Compact clusters of similar diameter.
    Complete,
    /// Mean of all pairs (UPGMA): `Σ d(a, b) / (|A|·|B|)`.
    Average,
    /// Ward: `√(2 · ΔSSE)`, from the rise in within-cluster sum of squares.
    Ward,
}

impl Linkage {
    /// All four, in the order of the README.
    pub const ALL: [Linkage; 4] = [
        Linkage::Single,
        Linkage::Complete,
        Linkage::Average,
        Linkage::Ward,
    ];
}

/// One step of the agglomeration: a row of scipy's linkage matrix `Z`.
///
/// Clusters are numbered like scipy: the points are clusters `0 .. n`, and the cluster
/// made by merge step `s` (counting from 0) is cluster `n + s`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Merge {
    /// The smaller of the two merged cluster ids.
    pub a: usize,
    /// The larger of the two merged cluster ids.
    pub b: usize,
    /// The linkage distance between `a` and `b` when they were merged.
    pub height: f64,
    /// Number of points in the new cluster.
    pub size: usize,
}

/// A full dendrogram: `n_points − 1` merges that join `n_points` points into one cluster.
#[derive(Debug, Clone, PartialEq)]
pub struct Dendrogram {
    /// Number of leaves (points).
    pub n_points: usize,
    /// The merges in the order they happened (scipy's `Z`, one row each).
    pub merges: Vec<Merge>,
}

/// The `n × n` matrix of Euclidean distances between the rows of `x`:
/// `D[i, j] = √(Σ_f (x[i, f] − x[j, f])²)` (scipy's `squareform(pdist(x))`). It is
/// symmetric with zeros on the diagonal.
///
/// ```
/// use ndarray::array;
/// let d = hierarchical::pairwise_distances(array![[0.0, 0.0], [3.0, 4.0]].view()).unwrap();
/// assert_eq!(d, array![[0.0, 5.0], [5.0, 0.0]]);
/// ```
///
/// # Errors
/// [`HierarchicalError::Empty`] for no rows or no columns,
/// [`HierarchicalError::BadParam`] when a value is NaN or infinite.
///
/// Hints: `cargo grader hint 18::pairwise_distances`.
pub fn pairwise_distances(x: ArrayView2<'_, f64>) -> Result<Array2<f64>, HierarchicalError> {
    todo!()
}

/// The distance between cluster `a` and cluster `b` (each a list of row indices of `x`),
/// straight from the definition of each linkage:
///
/// - `Single`: `min_{i∈A, j∈B} d(xᵢ, xⱼ)`
/// - `Complete`: `max_{i∈A, j∈B} d(xᵢ, xⱼ)`
/// - `Average`: `(1 / (|A|·|B|)) Σ_{i∈A, j∈B} d(xᵢ, xⱼ)`
/// - `Ward`: `√(2·|A|·|B| / (|A| + |B|)) · ‖c_A − c_B‖`, with `c` the cluster means.
///   `|A|·|B| / (|A|+|B|) · ‖c_A − c_B‖²` is exactly how much the within-cluster sum of
///   squares grows when `A` and `B` merge; the `√(2·…)` makes two single points come out
///   at their plain distance, as scipy reports it.
///
/// `d` is the Euclidean distance.
///
/// ```
/// use ndarray::array;
/// use hierarchical::{cluster_distance, Linkage};
/// let x = array![[0.0], [1.0], [4.0], [6.0]];
/// assert_eq!(cluster_distance(x.view(), &[0, 1], &[2, 3], Linkage::Single).unwrap(), 3.0);
/// assert_eq!(cluster_distance(x.view(), &[0, 1], &[2, 3], Linkage::Complete).unwrap(), 6.0);
/// assert_eq!(cluster_distance(x.view(), &[0, 1], &[2, 3], Linkage::Average).unwrap(), 4.5);
/// // means 0.5 and 5: √(2·2·2/4) · 4.5 = √2 · 4.5
/// let w = cluster_distance(x.view(), &[0, 1], &[2, 3], Linkage::Ward).unwrap();
/// assert!((w - 2f64.sqrt() * 4.5).abs() < 1e-12);
/// ```
///
/// # Errors
/// [`HierarchicalError::Empty`] when `a` or `b` is empty (or `x` has no rows),
/// [`HierarchicalError::IndexOutOfRange`] for an index `≥ x.nrows()`,
/// [`HierarchicalError::BadParam`] when a point is in both clusters.
///
/// Hints: `cargo grader hint 18::cluster_distance`.
pub fn cluster_distance(
    x: ArrayView2<'_, f64>,
    a: &[usize],
    b: &[usize],
    linkage: Linkage,
) -> Result<f64, HierarchicalError> {
    todo!()
}

/// The Lance–Williams update: the distance from a cluster `K` to the cluster `I ∪ J`
/// made by merging `I` and `J`, from distances known before the merge — `d_ki = d(K, I)`,
/// `d_kj = d(K, J)`, `d_ij = d(I, J)` — and the sizes `n_i, n_j, n_k`. No points needed:
///
/// - `Single`: `min(d_ki, d_kj)`
/// - `Complete`: `max(d_ki, d_kj)`
/// - `Average`: `(n_i·d_ki + n_j·d_kj) / (n_i + n_j)`
/// - `Ward`: `√(((n_i + n_k)·d_ki² + (n_j + n_k)·d_kj² − n_k·d_ij²) / (n_i + n_j + n_k))`
///
/// Each gives exactly what [`cluster_distance`] computes from the points.
///
/// ```
/// use hierarchical::{lance_williams, Linkage};
/// assert_eq!(lance_williams(Linkage::Single, 3.0, 5.0, 1.0, 1, 1, 1), 3.0);
/// assert_eq!(lance_williams(Linkage::Average, 3.0, 6.0, 1.0, 2, 1, 1), 4.0);
/// ```
///
/// Hints: `cargo grader hint 18::lance_williams`.
pub fn lance_williams(
    linkage: Linkage,
    d_ki: f64,
    d_kj: f64,
    d_ij: f64,
    n_i: usize,
    n_j: usize,
    n_k: usize,
) -> f64 {
    todo!()
}

/// Agglomerative clustering, the naive way (O(n²) memory, O(n³) time): start with every
/// point as its own cluster, then `n − 1` times merge the two closest clusters, updating
/// the distances with [`lance_williams`]. Returns every merge (scipy's
/// `linkage(x, method)`):
///
/// - the points are clusters `0 .. n`; the cluster made at step `s` gets id `n + s`;
/// - each [`Merge`] has `a < b`, the `height` (linkage distance) and the new size;
/// - **ties**: among pairs at the same smallest distance, merge the pair whose smaller id
///   is smallest, then whose larger id is smallest.
///
/// One point gives a dendrogram with no merges.
///
/// ```
/// use ndarray::array;
/// use hierarchical::{linkage, Linkage, Merge};
/// let x = array![[0.0], [1.0], [5.0]];
/// let z = linkage(x.view(), Linkage::Single).unwrap();
/// assert_eq!(z.merges, vec![
///     Merge { a: 0, b: 1, height: 1.0, size: 2 },
///     Merge { a: 2, b: 3, height: 4.0, size: 3 },
/// ]);
/// ```
///
/// # Errors
/// As [`pairwise_distances`].
///
/// Hints: `cargo grader hint 18::linkage`.
pub fn linkage(x: ArrayView2<'_, f64>, method: Linkage) -> Result<Dendrogram, HierarchicalError> {
    todo!()
}

/// Cut the dendrogram into exactly `k` clusters: apply the first `n − k` merges and
/// label every point by its cluster (scipy's `cut_tree(Z, n_clusters=k)`).
///
/// Labels are **canonical**: numbered by first appearance, so point 0 has label 0, the
/// first point not in point 0's cluster has label 1, and so on.
///
/// ```
/// use ndarray::array;
/// use hierarchical::{cut_k, linkage, Linkage};
/// let x = array![[10.0], [0.0], [11.0], [1.0]];
/// let z = linkage(x.view(), Linkage::Average).unwrap();
/// assert_eq!(cut_k(&z, 2).unwrap(), vec![0, 1, 0, 1]);
/// assert_eq!(cut_k(&z, 4).unwrap(), vec![0, 1, 2, 3]);
/// ```
///
/// # Errors
/// [`HierarchicalError::ZeroK`], [`HierarchicalError::TooManyClusters`] for `k > n`,
/// [`HierarchicalError::BadDendrogram`] / [`HierarchicalError::Empty`] for a merge list
/// that is not a full dendrogram (wrong count, a cluster that does not exist yet or is
/// merged twice, a size that does not add up, a non-finite height).
///
/// Hints: `cargo grader hint 18::cut_k`.
pub fn cut_k(dendrogram: &Dendrogram, k: usize) -> Result<Vec<usize>, HierarchicalError> {
    todo!()
}

/// Cut the dendrogram at height `t`: apply every merge with `height ≤ t`, so two points
/// share a cluster exactly when they were joined at a height of at most `t` (scipy's
/// `fcluster(Z, t, criterion="distance")`). Labels are canonical, as in [`cut_k`].
///
/// For single, complete, average and Ward linkage the heights never decrease, so these
/// are the first merges of the list.
///
/// ```
/// use ndarray::array;
/// use hierarchical::{cut_height, linkage, Linkage};
/// let x = array![[0.0], [1.0], [5.0]];
/// let z = linkage(x.view(), Linkage::Single).unwrap();
/// assert_eq!(cut_height(&z, 0.5).unwrap(), vec![0, 1, 2]);
/// assert_eq!(cut_height(&z, 1.0).unwrap(), vec![0, 0, 1]);
/// assert_eq!(cut_height(&z, 4.0).unwrap(), vec![0, 0, 0]);
/// ```
///
/// # Errors
/// [`HierarchicalError::BadParam`] for a negative or NaN `t`, and as [`cut_k`] for a
/// malformed dendrogram.
///
/// Hints: `cargo grader hint 18::cut_height`.
pub fn cut_height(dendrogram: &Dendrogram, t: f64) -> Result<Vec<usize>, HierarchicalError> {
    todo!()
}

/// The cophenetic distance matrix: `C[i, j]` is the height of the merge at which points
/// `i` and `j` first end up in the same cluster (0 on the diagonal). scipy's
/// `squareform(cophenet(Z))`.
///
/// It is an *ultrametric*: `C[i, j] ≤ max(C[i, k], C[k, j])` for every `k`.
///
/// ```
/// use ndarray::array;
/// use hierarchical::{cophenetic, linkage, Linkage};
/// let x = array![[0.0], [1.0], [5.0]];
/// let c = cophenetic(&linkage(x.view(), Linkage::Single).unwrap()).unwrap();
/// assert_eq!(c, array![[0.0, 1.0, 4.0], [1.0, 0.0, 4.0], [4.0, 4.0, 0.0]]);
/// ```
///
/// # Errors
/// As [`cut_k`] for a malformed dendrogram.
///
/// Hints: `cargo grader hint 18::cophenetic`.
pub fn cophenetic(dendrogram: &Dendrogram) -> Result<Array2<f64>, HierarchicalError> {
    todo!()
}

/// How faithfully the dendrogram keeps the original distances: the Pearson correlation
/// between the pairwise distances of `x` and the cophenetic distances, over all pairs
/// `i < j` (scipy's `cophenet(Z, pdist(x))[0]`). 1 is perfect; 0.7 or more is usually
/// called good.
///
/// ```
/// use ndarray::array;
/// use hierarchical::{cophenetic_correlation, linkage, Linkage};
/// let x = array![[0.0], [1.0], [10.0], [11.0]];
/// let z = linkage(x.view(), Linkage::Average).unwrap();
/// assert!(cophenetic_correlation(x.view(), &z).unwrap() > 0.99);
/// ```
///
/// # Errors
/// [`HierarchicalError::LengthMismatch`] when `x.nrows() != n_points`,
/// [`HierarchicalError::BadParam`] with fewer than 3 points or when either set of
/// distances is constant (the correlation is undefined), and as [`pairwise_distances`]
/// and [`cophenetic`].
///
/// Hints: `cargo grader hint 18::cophenetic_correlation`.
pub fn cophenetic_correlation(
    x: ArrayView2<'_, f64>,
    dendrogram: &Dendrogram,
) -> Result<f64, HierarchicalError> {
    todo!()
}

/// The order of the leaves along the bottom of the drawn dendrogram (scipy's
/// `leaves_list(Z)`): start at the root (the last merge) and list, recursively, the
/// leaves of its `a` child, then those of its `b` child. Every cluster of the dendrogram
/// is then a contiguous run, so no branches cross.
///
/// ```
/// use ndarray::array;
/// use hierarchical::{leaf_order, linkage, Linkage};
/// let x = array![[0.0], [10.0], [1.0]];
/// let z = linkage(x.view(), Linkage::Complete).unwrap(); // (0, 2) → 3, then (1, 3)
/// assert_eq!(leaf_order(&z).unwrap(), vec![1, 0, 2]);
/// ```
///
/// # Errors
/// As [`cut_k`] for a malformed dendrogram.
///
/// Hints: `cargo grader hint 18::leaf_order`.
pub fn leaf_order(dendrogram: &Dendrogram) -> Result<Vec<usize>, HierarchicalError> {
    todo!()
}

/// Draw the dendrogram into `path` (PNG or SVG, 900 × 500) with
/// [`charts::with_canvas`]: leaves along the x axis in [`leaf_order`] at
/// `x = 0.5, 1.5, …`, height on the y axis (from 0 to a little above the highest merge),
/// and every merge as a "⊓": two vertical lines from the heights of its children up to
/// the merge height, joined by a horizontal line. A cluster sits at the mean x of its
/// two children. Title `title`, y axis "height"; draw text with [`charts::FONT`] and the
/// branches in a colour (e.g. [`charts::palette`]`(0)`).
///
/// # Errors
/// [`HierarchicalError::Empty`] with fewer than 2 points (nothing to draw), as [`cut_k`]
/// for a malformed dendrogram, [`HierarchicalError::Plot`] when drawing fails.
///
/// Hints: `cargo grader hint 18::plot_dendrogram`.
pub fn plot_dendrogram(
    dendrogram: &Dendrogram,
    title: &str,
    path: &Path,
) -> Result<(), HierarchicalError> {
    todo!()
}

/// The adjusted Rand index of two labelings of the same points (scikit-learn's
/// `adjusted_rand_score`): 1 when they are the same partition up to renaming the labels,
/// about 0 for unrelated ones. From the contingency table `n_uv` (points with label `u`
/// in `a` and `v` in `b`), its row sums `a_u` and column sums `b_v`, with `C(m) = m(m−1)/2`:
///
/// ```text
/// index    = Σ C(n_uv)        expected = Σ C(a_u) · Σ C(b_v) / C(n)
/// max      = (Σ C(a_u) + Σ C(b_v)) / 2
/// ARI      = (index − expected) / (max − expected)
/// ```
///
/// When `max = expected` (both put everything together, or both keep every point apart)
/// and with fewer than 2 points, the two labelings agree: return 1.
///
/// ```
/// let ari = hierarchical::adjusted_rand_index(&[0, 0, 1, 1], &[5, 5, 2, 2]).unwrap();
/// assert_eq!(ari, 1.0);
/// ```
///
/// # Errors
/// [`HierarchicalError::LengthMismatch`] for labelings of different lengths.
///
/// Hints: `cargo grader hint 18::adjusted_rand_index`.
pub fn adjusted_rand_index(a: &[usize], b: &[usize]) -> Result<f64, HierarchicalError> {
    todo!()
}
