//! Chapter 18: hierarchical clustering (roadmap W11 D3-4, "Hierarchical Clustering").
//!
//! Reference solution. Same public API as `exercises/18-hierarchical`.

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

fn check_points(x: ArrayView2<'_, f64>) -> Result<(), HierarchicalError> {
    if x.nrows() == 0 {
        return Err(HierarchicalError::Empty("no points"));
    }
    if x.ncols() == 0 {
        return Err(HierarchicalError::Empty("points have no columns"));
    }
    if x.iter().any(|v| !v.is_finite()) {
        return Err(HierarchicalError::BadParam(
            "the points contain NaN or infinity".into(),
        ));
    }
    Ok(())
}

fn euclid(x: ArrayView2<'_, f64>, i: usize, j: usize) -> f64 {
    x.row(i)
        .iter()
        .zip(x.row(j).iter())
        .map(|(a, b)| (a - b) * (a - b))
        .sum::<f64>()
        .sqrt()
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
    check_points(x)?;
    let n = x.nrows();
    let mut d = Array2::zeros((n, n));
    for i in 0..n {
        for j in i + 1..n {
            let v = euclid(x, i, j);
            d[[i, j]] = v;
            d[[j, i]] = v;
        }
    }
    Ok(d)
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
    check_points(x)?;
    if a.is_empty() || b.is_empty() {
        return Err(HierarchicalError::Empty("a cluster with no points"));
    }
    let n = x.nrows();
    for &i in a.iter().chain(b) {
        if i >= n {
            return Err(HierarchicalError::IndexOutOfRange { index: i, n });
        }
    }
    if let Some(i) = a.iter().find(|i| b.contains(i)) {
        return Err(HierarchicalError::BadParam(format!(
            "point {i} is in both clusters"
        )));
    }
    let pairs = || a.iter().flat_map(|&i| b.iter().map(move |&j| (i, j)));
    Ok(match linkage {
        Linkage::Single => pairs()
            .map(|(i, j)| euclid(x, i, j))
            .fold(f64::INFINITY, f64::min),
        Linkage::Complete => pairs().map(|(i, j)| euclid(x, i, j)).fold(0.0, f64::max),
        Linkage::Average => {
            pairs().map(|(i, j)| euclid(x, i, j)).sum::<f64>() / (a.len() * b.len()) as f64
        }
        Linkage::Ward => {
            let mean = |idx: &[usize]| {
                let mut m = vec![0.0; x.ncols()];
                for &i in idx {
                    for (f, v) in x.row(i).iter().enumerate() {
                        m[f] += v;
                    }
                }
                m.iter_mut().for_each(|v| *v /= idx.len() as f64);
                m
            };
            let (ca, cb) = (mean(a), mean(b));
            let gap: f64 = ca.iter().zip(&cb).map(|(p, q)| (p - q) * (p - q)).sum();
            let (na, nb) = (a.len() as f64, b.len() as f64);
            (2.0 * na * nb / (na + nb) * gap).sqrt()
        }
    })
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
    let (ni, nj, nk) = (n_i as f64, n_j as f64, n_k as f64);
    match linkage {
        Linkage::Single => d_ki.min(d_kj),
        Linkage::Complete => d_ki.max(d_kj),
        Linkage::Average => (ni * d_ki + nj * d_kj) / (ni + nj),
        Linkage::Ward => {
            let num = (ni + nk) * d_ki * d_ki + (nj + nk) * d_kj * d_kj - nk * d_ij * d_ij;
            // Never negative in exact arithmetic; rounding may nudge a 0 below it.
            (num.max(0.0) / (ni + nj + nk)).sqrt()
        }
    }
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
    let mut d = pairwise_distances(x)?;
    let n = x.nrows();
    let mut ids: Vec<usize> = (0..n).collect();
    let mut sizes = vec![1usize; n];
    let mut active = vec![true; n];
    let mut merges = Vec::with_capacity(n.saturating_sub(1));
    for step in 0..n.saturating_sub(1) {
        // (distance, slot i, slot j, (smaller id, larger id))
        let mut best: Option<(f64, usize, usize, (usize, usize))> = None;
        for i in 0..n {
            if !active[i] {
                continue;
            }
            for j in i + 1..n {
                if !active[j] {
                    continue;
                }
                let key = (ids[i].min(ids[j]), ids[i].max(ids[j]));
                let dij = d[[i, j]];
                let better = match best {
                    None => true,
                    Some((bd, _, _, bk)) => dij < bd || (dij == bd && key < bk),
                };
                if better {
                    best = Some((dij, i, j, key));
                }
            }
        }
        let (h, i, j, (a, b)) = best.expect("at least two active clusters");
        merges.push(Merge {
            a,
            b,
            height: h,
            size: sizes[i] + sizes[j],
        });
        for k in 0..n {
            if active[k] && k != i && k != j {
                let v = lance_williams(
                    method,
                    d[[k, i]],
                    d[[k, j]],
                    h,
                    sizes[i],
                    sizes[j],
                    sizes[k],
                );
                d[[k, i]] = v;
                d[[i, k]] = v;
            }
        }
        sizes[i] += sizes[j];
        active[j] = false;
        ids[i] = n + step;
    }
    Ok(Dendrogram {
        n_points: n,
        merges,
    })
}

/// Validate a dendrogram and return, for every cluster id, its two children (leaves
/// have none).
fn children(d: &Dendrogram) -> Result<Vec<Option<(usize, usize)>>, HierarchicalError> {
    let n = d.n_points;
    if n == 0 {
        return Err(HierarchicalError::Empty("a dendrogram with no points"));
    }
    if d.merges.len() != n - 1 {
        return Err(HierarchicalError::BadDendrogram(format!(
            "{} merges for {n} points (need {})",
            d.merges.len(),
            n - 1
        )));
    }
    let mut used = vec![false; 2 * n - 1];
    let mut size = vec![1usize; 2 * n - 1];
    let mut kids = vec![None; 2 * n - 1];
    for (s, m) in d.merges.iter().enumerate() {
        for c in [m.a, m.b] {
            if c >= n + s {
                return Err(HierarchicalError::BadDendrogram(format!(
                    "merge {s} joins cluster {c}, which does not exist yet"
                )));
            }
            if used[c] {
                return Err(HierarchicalError::BadDendrogram(format!(
                    "merge {s} joins cluster {c}, which was already merged"
                )));
            }
            used[c] = true;
        }
        if m.a == m.b {
            return Err(HierarchicalError::BadDendrogram(format!(
                "merge {s} joins cluster {} with itself",
                m.a
            )));
        }
        if !m.height.is_finite() {
            return Err(HierarchicalError::BadDendrogram(format!(
                "merge {s} has height {}",
                m.height
            )));
        }
        size[n + s] = size[m.a] + size[m.b];
        if m.size != size[n + s] {
            return Err(HierarchicalError::BadDendrogram(format!(
                "merge {s} says size {} but its clusters hold {}",
                m.size,
                size[n + s]
            )));
        }
        kids[n + s] = Some((m.a, m.b));
    }
    Ok(kids)
}

/// Apply the first `steps` merges with a union-find and number the clusters by first
/// appearance.
fn labels_after(d: &Dendrogram, steps: usize) -> Vec<usize> {
    let n = d.n_points;
    let mut parent: Vec<usize> = (0..2 * n - 1).collect();
    fn root(parent: &mut [usize], mut c: usize) -> usize {
        while parent[c] != c {
            parent[c] = parent[parent[c]];
            c = parent[c];
        }
        c
    }
    for (s, m) in d.merges.iter().take(steps).enumerate() {
        let (ra, rb) = (root(&mut parent, m.a), root(&mut parent, m.b));
        parent[ra] = n + s;
        parent[rb] = n + s;
    }
    let mut names: Vec<usize> = Vec::new();
    (0..n)
        .map(|i| {
            let r = root(&mut parent, i);
            match names.iter().position(|&x| x == r) {
                Some(p) => p,
                None => {
                    names.push(r);
                    names.len() - 1
                }
            }
        })
        .collect()
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
    children(dendrogram)?;
    let n = dendrogram.n_points;
    if k == 0 {
        return Err(HierarchicalError::ZeroK);
    }
    if k > n {
        return Err(HierarchicalError::TooManyClusters { k, n });
    }
    Ok(labels_after(dendrogram, n - k))
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
    children(dendrogram)?;
    if t.is_nan() || t < 0.0 {
        return Err(HierarchicalError::BadParam(format!(
            "threshold {t} must be ≥ 0"
        )));
    }
    // The heights never decrease along the list, so the merges at or below t come first.
    let steps = dendrogram
        .merges
        .iter()
        .take_while(|m| m.height <= t)
        .count();
    Ok(labels_after(dendrogram, steps))
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
    children(dendrogram)?;
    let n = dendrogram.n_points;
    let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let mut c = Array2::zeros((n, n));
    for m in &dendrogram.merges {
        let (left, right) = (members[m.a].clone(), members[m.b].clone());
        for &i in &left {
            for &j in &right {
                c[[i, j]] = m.height;
                c[[j, i]] = m.height;
            }
        }
        members.push(left.into_iter().chain(right).collect());
    }
    Ok(c)
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
    if x.nrows() != dendrogram.n_points {
        return Err(HierarchicalError::LengthMismatch {
            left: x.nrows(),
            right: dendrogram.n_points,
        });
    }
    let n = x.nrows();
    if n < 3 {
        return Err(HierarchicalError::BadParam(format!(
            "{n} points: the correlation needs at least 3"
        )));
    }
    let d = pairwise_distances(x)?;
    let c = cophenetic(dendrogram)?;
    let mut pairs = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            pairs.push((d[[i, j]], c[[i, j]]));
        }
    }
    let m = pairs.len() as f64;
    let (md, mc) = (
        pairs.iter().map(|p| p.0).sum::<f64>() / m,
        pairs.iter().map(|p| p.1).sum::<f64>() / m,
    );
    let (mut sdc, mut sdd, mut scc) = (0.0, 0.0, 0.0);
    for &(a, b) in &pairs {
        sdc += (a - md) * (b - mc);
        sdd += (a - md) * (a - md);
        scc += (b - mc) * (b - mc);
    }
    if sdd <= 0.0 || scc <= 0.0 {
        return Err(HierarchicalError::BadParam(
            "constant distances: the correlation is undefined".into(),
        ));
    }
    Ok(sdc / (sdd * scc).sqrt())
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
    let kids = children(dendrogram)?;
    let n = dendrogram.n_points;
    fn walk(c: usize, kids: &[Option<(usize, usize)>], out: &mut Vec<usize>) {
        match kids[c] {
            None => out.push(c),
            Some((a, b)) => {
                walk(a, kids, out);
                walk(b, kids, out);
            }
        }
    }
    let mut out = Vec::with_capacity(n);
    walk(2 * n - 2, &kids, &mut out);
    Ok(out)
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
    use plotters::prelude::*;
    let order = leaf_order(dendrogram)?;
    let n = dendrogram.n_points;
    if n < 2 {
        return Err(HierarchicalError::Empty(
            "fewer than 2 points: no merges to draw",
        ));
    }
    let mut xpos = vec![0.0; 2 * n - 1];
    let mut ypos = vec![0.0; 2 * n - 1];
    for (slot, &leaf) in order.iter().enumerate() {
        xpos[leaf] = slot as f64 + 0.5;
    }
    let mut segments: Vec<Vec<(f64, f64)>> = Vec::new();
    for (s, m) in dendrogram.merges.iter().enumerate() {
        let c = n + s;
        xpos[c] = (xpos[m.a] + xpos[m.b]) / 2.0;
        ypos[c] = m.height;
        segments.push(vec![
            (xpos[m.a], ypos[m.a]),
            (xpos[m.a], m.height),
            (xpos[m.b], m.height),
            (xpos[m.b], ypos[m.b]),
        ]);
    }
    let top = dendrogram
        .merges
        .iter()
        .map(|m| m.height)
        .fold(0.0, f64::max);
    let top = if top > 0.0 { top * 1.05 } else { 1.0 };
    let colour = charts::palette(0);
    charts::with_canvas(path, (900, 500), |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, (charts::FONT, 24))
            .margin(15)
            .x_label_area_size(30)
            .y_label_area_size(60)
            .build_cartesian_2d(0.0..n as f64, 0.0..top)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .disable_x_axis()
            .y_desc("height")
            .label_style((charts::FONT, 14))
            .draw()?;
        chart.draw_series(
            segments
                .into_iter()
                .map(|s| PathElement::new(s, colour.stroke_width(2))),
        )?;
        Ok(())
    })
    .map_err(|e| HierarchicalError::Plot(e.to_string()))
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
    use std::collections::HashMap;
    if a.len() != b.len() {
        return Err(HierarchicalError::LengthMismatch {
            left: a.len(),
            right: b.len(),
        });
    }
    if a.len() < 2 {
        return Ok(1.0);
    }
    let mut table: HashMap<(usize, usize), f64> = HashMap::new();
    let mut ra: HashMap<usize, f64> = HashMap::new();
    let mut rb: HashMap<usize, f64> = HashMap::new();
    for (&u, &v) in a.iter().zip(b) {
        *table.entry((u, v)).or_default() += 1.0;
        *ra.entry(u).or_default() += 1.0;
        *rb.entry(v).or_default() += 1.0;
    }
    let c2 = |m: f64| m * (m - 1.0) / 2.0;
    let index: f64 = table.values().map(|&m| c2(m)).sum();
    let sa: f64 = ra.values().map(|&m| c2(m)).sum();
    let sb: f64 = rb.values().map(|&m| c2(m)).sum();
    let expected = sa * sb / c2(a.len() as f64);
    let max = (sa + sb) / 2.0;
    if max == expected {
        return Ok(1.0);
    }
    Ok((index - expected) / (max - expected))
}
