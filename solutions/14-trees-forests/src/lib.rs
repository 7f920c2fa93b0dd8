//! Chapter 14: decision trees and random forests (roadmap W9-10 D8-9, "Decision Trees, Random Forests").
//!
//! Reference solution. Same public API as `exercises/14-trees-forests`.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use rand::Rng;

/// What can go wrong when fitting or predicting.
#[derive(Debug, thiserror::Error)]
pub enum TreeError {
    /// No rows where some are needed.
    #[error("empty data: {0}")]
    Empty(&'static str),
    /// Two inputs disagree on the number of rows.
    #[error("{left} rows against {right} labels")]
    RowMismatch { left: usize, right: usize },
    /// Rows with a different number of features than the model was fitted on.
    #[error("expected {expected} features, got {got}")]
    ColumnMismatch { expected: usize, got: usize },
    /// A label outside `0..n_classes`.
    #[error("label {label} at row {row} is not below {n_classes}")]
    BadLabel {
        row: usize,
        label: usize,
        n_classes: usize,
    },
    /// A hyperparameter out of range.
    #[error("bad parameter: {0}")]
    BadParam(String),
    /// The data set could not be read.
    #[error(transparent)]
    Data(#[from] datasets::Error),
}

/// How impure a node is: Gini impurity or Shannon entropy (in bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Criterion {
    Gini,
    Entropy,
}

/// One node of a fitted tree. Every node keeps the class counts of the training rows that
/// reached it (`counts[c]` = rows of class `c`), which is what feature importance needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A leaf predicts `class`: the majority class of its rows (ties → the smaller class).
    Leaf { class: usize, counts: Vec<usize> },
    /// Rows with `x[feature] <= threshold` go `left`, the others `right`.
    Split {
        feature: usize,
        threshold: f64,
        counts: Vec<usize>,
        left: Box<Node>,
        right: Box<Node>,
    },
}

/// When to stop growing and how to choose splits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TreeParams {
    /// The root is at depth 0; no node deeper than `max_depth` is created
    /// (`max_depth = 0` gives a single leaf).
    pub max_depth: usize,
    /// A node with fewer rows than this becomes a leaf (at least 2).
    pub min_samples_split: usize,
    pub criterion: Criterion,
    /// `None`: every split looks at all features. `Some(m)`: each split looks at `m`
    /// features drawn at random without replacement (the random forest's trick).
    pub max_features: Option<usize>,
}

impl Default for TreeParams {
    /// Grow until pure, Gini, all features.
    fn default() -> Self {
        TreeParams {
            max_depth: usize::MAX,
            min_samples_split: 2,
            criterion: Criterion::Gini,
            max_features: None,
        }
    }
}

/// A fitted decision tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    pub root: Node,
    pub n_features: usize,
    pub n_classes: usize,
    pub criterion: Criterion,
}

/// A random forest's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ForestParams {
    pub n_trees: usize,
    /// The settings of every tree (set `max_features` for feature subsampling).
    pub tree: TreeParams,
    /// Seeds the forest's own `StdRng`: the same seed gives the same forest.
    pub seed: u64,
}

/// A fitted random forest.
#[derive(Debug, Clone, PartialEq)]
pub struct Forest {
    pub trees: Vec<Tree>,
    pub n_classes: usize,
}

fn proportions(counts: &[usize]) -> impl Iterator<Item = f64> + '_ {
    let n: usize = counts.iter().sum();
    counts.iter().map(move |&c| c as f64 / n as f64)
}

/// Gini impurity of a node from its class counts: `G = 1 − Σ_c p_c²` with
/// `p_c = counts[c] / n`. It is 0 for a pure node and `1 − 1/K` for `K` equal classes.
/// An empty node (all counts 0) has impurity 0.
///
/// ```
/// use trees_forests::gini;
/// assert_eq!(gini(&[5, 0]), 0.0);
/// assert!((gini(&[2, 2]) - 0.5).abs() < 1e-15);
/// ```
///
/// Hints: `cargo grader hint 14::gini`.
pub fn gini(counts: &[usize]) -> f64 {
    if counts.iter().sum::<usize>() == 0 {
        return 0.0;
    }
    1.0 - proportions(counts).map(|p| p * p).sum::<f64>()
}

/// Shannon entropy of a node in bits: `H = −Σ_c p_c log₂ p_c`, with `0 · log 0 = 0`.
/// It is 0 for a pure node and `log₂ K` for `K` equal classes. Empty node → 0.
///
/// ```
/// use trees_forests::entropy;
/// assert_eq!(entropy(&[3, 0]), 0.0);
/// assert!((entropy(&[1, 1, 1, 1]) - 2.0).abs() < 1e-15);
/// ```
///
/// Hints: `cargo grader hint 14::entropy`.
pub fn entropy(counts: &[usize]) -> f64 {
    if counts.iter().sum::<usize>() == 0 {
        return 0.0;
    }
    -proportions(counts)
        .filter(|&p| p > 0.0)
        .map(|p| p * p.log2())
        .sum::<f64>()
}

/// The impurity of `counts` under `criterion` ([`gini`] or [`entropy`]).
///
/// ```
/// use trees_forests::{impurity, Criterion};
/// assert_eq!(impurity(Criterion::Entropy, &[2, 2]), 1.0);
/// ```
///
/// Hints: `cargo grader hint 14::impurity`.
pub fn impurity(criterion: Criterion, counts: &[usize]) -> f64 {
    match criterion {
        Criterion::Gini => gini(counts),
        Criterion::Entropy => entropy(counts),
    }
}

fn check_labels(y: ArrayView1<'_, usize>, n_classes: usize) -> Result<(), TreeError> {
    match y.iter().position(|&l| l >= n_classes) {
        Some(row) => Err(TreeError::BadLabel {
            row,
            label: y[row],
            n_classes,
        }),
        None => Ok(()),
    }
}

/// The best threshold for ONE feature: try every midpoint between consecutive distinct
/// sorted values of `x`, send rows with `x <= t` left and the rest right, and score the split
/// by the weighted child impurity
///
/// ```text
/// score(t) = n_L/n · I(left) + n_R/n · I(right)
/// ```
///
/// Returns `Some((threshold, score))` for the lowest score, or `None` when `x` has fewer
/// than two distinct values (nothing to split). Ties: scan thresholds from small to large
/// and keep the first, replacing it only when a later score is lower by more than 1e-12.
///
/// ```
/// use ndarray::array;
/// use trees_forests::{best_split, Criterion};
/// let (t, score) = best_split(array![1.0, 2.0, 3.0, 4.0].view(), array![0, 0, 1, 1].view(), 2, Criterion::Gini)
///     .unwrap().unwrap();
/// assert_eq!((t, score), (2.5, 0.0));
/// ```
///
/// # Errors
/// `RowMismatch` when `x` and `y` differ in length, `Empty` for no rows, `BadLabel` for a
/// label `>= n_classes`.
///
/// Hints: `cargo grader hint 14::best_split`.
pub fn best_split(
    x: ArrayView1<'_, f64>,
    y: ArrayView1<'_, usize>,
    n_classes: usize,
    criterion: Criterion,
) -> Result<Option<(f64, f64)>, TreeError> {
    if x.len() != y.len() {
        return Err(TreeError::RowMismatch {
            left: x.len(),
            right: y.len(),
        });
    }
    if x.is_empty() {
        return Err(TreeError::Empty("best_split needs rows"));
    }
    check_labels(y, n_classes)?;
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let n = x.len();
    let mut left = vec![0usize; n_classes];
    let mut right = vec![0usize; n_classes];
    for &l in y.iter() {
        right[l] += 1;
    }
    let mut best: Option<(f64, f64)> = None;
    for k in 0..n - 1 {
        let i = order[k];
        left[y[i]] += 1;
        right[y[i]] -= 1;
        let (a, b) = (x[i], x[order[k + 1]]);
        if a == b {
            continue;
        }
        let nl = (k + 1) as f64;
        let score = nl / n as f64 * impurity(criterion, &left)
            + (n as f64 - nl) / n as f64 * impurity(criterion, &right);
        if best.is_none_or(|(_, s)| score < s - 1e-12) {
            best = Some(((a + b) / 2.0, score));
        }
    }
    Ok(best)
}

fn counts_of(y: ArrayView1<'_, usize>, rows: &[usize], n_classes: usize) -> Vec<usize> {
    let mut c = vec![0; n_classes];
    for &r in rows {
        c[y[r]] += 1;
    }
    c
}

fn majority(counts: &[usize]) -> usize {
    // `max_by_key` keeps the last maximum; scan in reverse so the smallest class wins ties.
    (0..counts.len())
        .rev()
        .max_by_key(|&c| counts[c])
        .unwrap_or(0)
}

fn grow<R: Rng + ?Sized>(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    rows: &[usize],
    depth: usize,
    n_classes: usize,
    params: &TreeParams,
    rng: &mut R,
) -> Node {
    let counts = counts_of(y, rows, n_classes);
    let leaf = |counts: Vec<usize>| Node::Leaf {
        class: majority(&counts),
        counts,
    };
    let node_impurity = impurity(params.criterion, &counts);
    if depth >= params.max_depth || rows.len() < params.min_samples_split || node_impurity == 0.0 {
        return leaf(counts);
    }
    let d = x.ncols();
    let features: Vec<usize> = match params.max_features {
        Some(m) if m < d => rand::seq::index::sample(rng, d, m).into_vec(),
        _ => (0..d).collect(),
    };
    let ys: Array1<usize> = rows.iter().map(|&r| y[r]).collect();
    let mut best: Option<(usize, f64, f64)> = None;
    for &f in &features {
        let xs: Array1<f64> = rows.iter().map(|&r| x[[r, f]]).collect();
        if let Ok(Some((t, s))) = best_split(xs.view(), ys.view(), n_classes, params.criterion) {
            if best.is_none_or(|(_, _, bs)| s < bs - 1e-12) {
                best = Some((f, t, s));
            }
        }
    }
    let Some((feature, threshold, _)) = best else {
        return leaf(counts);
    };
    let (l, r): (Vec<usize>, Vec<usize>) =
        rows.iter().partition(|&&i| x[[i, feature]] <= threshold);
    Node::Split {
        feature,
        threshold,
        left: Box::new(grow(x, y, &l, depth + 1, n_classes, params, rng)),
        right: Box::new(grow(x, y, &r, depth + 1, n_classes, params, rng)),
        counts,
    }
}

fn check_xy(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    n_classes: usize,
) -> Result<(), TreeError> {
    if x.nrows() != y.len() {
        return Err(TreeError::RowMismatch {
            left: x.nrows(),
            right: y.len(),
        });
    }
    if x.nrows() == 0 {
        return Err(TreeError::Empty("no training rows"));
    }
    check_labels(y, n_classes)
}

/// Grow a CART classification tree, greedily and recursively. At each node:
///
/// 1. make a [`Node::Leaf`] if the node is at `max_depth`, has fewer than
///    `min_samples_split` rows, is pure, or no feature can be split;
/// 2. otherwise run [`best_split`] on every candidate feature (all of them, or
///    `max_features` drawn with `rng` without replacement), keep the feature with the lowest
///    score (ties → the first candidate), split the rows with `x[feature] <= threshold`, and
///    grow both children one level deeper.
///
/// `rng` is only used when `params.max_features` is `Some(m)` with `m < d`.
///
/// ```
/// use ndarray::array;
/// use rand::{rngs::StdRng, SeedableRng};
/// use trees_forests::{fit_tree, TreeParams};
/// let x = array![[1.0], [2.0], [3.0], [4.0]];
/// let tree = fit_tree(x.view(), array![0, 0, 1, 1].view(), 2, &TreeParams::default(), &mut StdRng::seed_from_u64(0)).unwrap();
/// assert_eq!(tree.predict(x.view()).unwrap().to_vec(), vec![0, 0, 1, 1]);
/// ```
///
/// # Errors
/// `Empty`, `RowMismatch`, `BadLabel` for bad data; `BadParam` when
/// `min_samples_split < 2` or `max_features` is `Some(0)`.
///
/// Hints: `cargo grader hint 14::fit_tree`.
pub fn fit_tree<R: Rng + ?Sized>(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    n_classes: usize,
    params: &TreeParams,
    rng: &mut R,
) -> Result<Tree, TreeError> {
    check_xy(x, y, n_classes)?;
    if params.min_samples_split < 2 {
        return Err(TreeError::BadParam(
            "min_samples_split must be at least 2".into(),
        ));
    }
    if params.max_features == Some(0) {
        return Err(TreeError::BadParam(
            "max_features must be at least 1".into(),
        ));
    }
    let rows: Vec<usize> = (0..x.nrows()).collect();
    Ok(Tree {
        root: grow(x, y, &rows, 0, n_classes, params, rng),
        n_features: x.ncols(),
        n_classes,
        criterion: params.criterion,
    })
}

impl Tree {
    /// The class of every row: walk from the root, going left when
    /// `row[feature] <= threshold`, until a leaf; answer its `class`.
    ///
    /// ```
    /// use ndarray::array;
    /// use trees_forests::{Criterion, Node, Tree};
    /// let leaf = |class| Box::new(Node::Leaf { class, counts: vec![0, 0] });
    /// let root = Node::Split { feature: 0, threshold: 0.5, counts: vec![1, 1], left: leaf(0), right: leaf(1) };
    /// let tree = Tree { root, n_features: 1, n_classes: 2, criterion: Criterion::Gini };
    /// assert_eq!(tree.predict(array![[0.0], [0.5], [0.7]].view()).unwrap().to_vec(), vec![0, 0, 1]);
    /// ```
    ///
    /// # Errors
    /// `ColumnMismatch` when `x` does not have `n_features` columns.
    ///
    /// Hints: `cargo grader hint 14::predict`.
    pub fn predict(&self, x: ArrayView2<'_, f64>) -> Result<Array1<usize>, TreeError> {
        if x.ncols() != self.n_features {
            return Err(TreeError::ColumnMismatch {
                expected: self.n_features,
                got: x.ncols(),
            });
        }
        Ok(x.outer_iter()
            .map(|row| {
                let mut node = &self.root;
                loop {
                    match node {
                        Node::Leaf { class, .. } => break *class,
                        Node::Split {
                            feature,
                            threshold,
                            left,
                            right,
                            ..
                        } => {
                            node = if row[*feature] <= *threshold {
                                left
                            } else {
                                right
                            };
                        }
                    }
                }
            })
            .collect())
    }
}

/// `n` row indices drawn uniformly from `0..n` WITH replacement: a bootstrap sample.
/// About `(1 − 1/n)ⁿ ≈ e⁻¹ ≈ 36.8 %` of the rows are never drawn ("out of bag").
///
/// ```
/// use rand::{rngs::StdRng, SeedableRng};
/// use trees_forests::bootstrap_indices;
/// let idx = bootstrap_indices(5, &mut StdRng::seed_from_u64(1));
/// assert_eq!(idx.len(), 5);
/// assert!(idx.iter().all(|&i| i < 5));
/// ```
///
/// Hints: `cargo grader hint 14::bootstrap_indices`.
pub fn bootstrap_indices<R: Rng + ?Sized>(n: usize, rng: &mut R) -> Vec<usize> {
    (0..n).map(|_| rng.gen_range(0..n)).collect()
}

/// The most frequent class in each ROW of `votes` (rows = samples, columns = voters).
/// Ties go to the smaller class index.
///
/// ```
/// use ndarray::array;
/// use trees_forests::majority_vote;
/// let votes = array![[0, 1, 1], [2, 0, 2], [1, 0, 2]];
/// assert_eq!(majority_vote(votes.view(), 3).unwrap().to_vec(), vec![1, 2, 0]);
/// ```
///
/// # Errors
/// `BadLabel` for a vote `>= n_classes` (its row is reported), `Empty` for no voters.
///
/// Hints: `cargo grader hint 14::majority_vote`.
pub fn majority_vote(
    votes: ArrayView2<'_, usize>,
    n_classes: usize,
) -> Result<Array1<usize>, TreeError> {
    if votes.ncols() == 0 {
        return Err(TreeError::Empty("no voters"));
    }
    let mut out = Array1::zeros(votes.nrows());
    for (i, row) in votes.outer_iter().enumerate() {
        let mut counts = vec![0usize; n_classes];
        for &v in row {
            if v >= n_classes {
                return Err(TreeError::BadLabel {
                    row: i,
                    label: v,
                    n_classes,
                });
            }
            counts[v] += 1;
        }
        out[i] = majority(&counts);
    }
    Ok(out)
}

/// A random forest: `n_trees` trees, each fitted with [`fit_tree`] on its own bootstrap
/// sample ([`bootstrap_indices`]) of the rows, with `params.tree` (set `max_features` to
/// subsample features at every split). One `StdRng::seed_from_u64(params.seed)` drives
/// everything, so the same seed gives the same forest.
///
/// ```
/// use ndarray::array;
/// use trees_forests::{fit_forest, ForestParams, TreeParams};
/// let x = array![[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 0.0]];
/// let params = ForestParams { n_trees: 5, tree: TreeParams { max_features: Some(1), ..TreeParams::default() }, seed: 7 };
/// let forest = fit_forest(x.view(), array![0, 0, 1, 1].view(), 2, &params).unwrap();
/// assert_eq!(forest.trees.len(), 5);
/// ```
///
/// # Errors
/// As [`fit_tree`], plus `BadParam` when `n_trees` is 0.
///
/// Hints: `cargo grader hint 14::fit_forest`.
pub fn fit_forest(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    n_classes: usize,
    params: &ForestParams,
) -> Result<Forest, TreeError> {
    use rand::SeedableRng;
    check_xy(x, y, n_classes)?;
    if params.n_trees == 0 {
        return Err(TreeError::BadParam("n_trees must be at least 1".into()));
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(params.seed);
    let mut trees = Vec::with_capacity(params.n_trees);
    for _ in 0..params.n_trees {
        let idx = bootstrap_indices(x.nrows(), &mut rng);
        let xb = x.select(ndarray::Axis(0), &idx);
        let yb = y.select(ndarray::Axis(0), &idx);
        trees.push(fit_tree(
            xb.view(),
            yb.view(),
            n_classes,
            &params.tree,
            &mut rng,
        )?);
    }
    Ok(Forest { trees, n_classes })
}

impl Forest {
    /// Every tree predicts every row; the forest answers the [`majority_vote`].
    ///
    /// # Errors
    /// `ColumnMismatch` when `x` has the wrong number of columns.
    ///
    /// Hints: `cargo grader hint 14::fit_forest`.
    pub fn predict(&self, x: ArrayView2<'_, f64>) -> Result<Array1<usize>, TreeError> {
        let mut votes = Array2::zeros((x.nrows(), self.trees.len()));
        for (t, tree) in self.trees.iter().enumerate() {
            votes.column_mut(t).assign(&tree.predict(x)?);
        }
        majority_vote(votes.view(), self.n_classes)
    }
}

fn add_decrease(node: &Node, criterion: Criterion, acc: &mut [f64]) {
    if let Node::Split {
        feature,
        counts,
        left,
        right,
        ..
    } = node
    {
        let child = |n: &Node| match n {
            Node::Leaf { counts, .. } | Node::Split { counts, .. } => counts.clone(),
        };
        let (cl, cr) = (child(left), child(right));
        let w = |c: &[usize]| c.iter().sum::<usize>() as f64;
        acc[*feature] += w(counts) * impurity(criterion, counts)
            - w(&cl) * impurity(criterion, &cl)
            - w(&cr) * impurity(criterion, &cr);
        add_decrease(left, criterion, acc);
        add_decrease(right, criterion, acc);
    }
}

/// Mean-decrease-in-impurity importance of every feature. Each split node `t` on feature
/// `f` adds `N_t·I(t) − N_L·I(left) − N_R·I(right)` to feature `f` (`N` = rows in a node,
/// from its `counts`; `I` = the tree's criterion). The totals are divided by their sum so
/// they add up to 1; a tree with no split gives all zeros.
///
/// ```
/// use ndarray::array;
/// use rand::{rngs::StdRng, SeedableRng};
/// use trees_forests::{feature_importance, fit_tree, TreeParams};
/// let x = array![[1.0, 5.0], [2.0, 5.0], [3.0, 5.0], [4.0, 5.0]];
/// let tree = fit_tree(x.view(), array![0, 0, 1, 1].view(), 2, &TreeParams::default(), &mut StdRng::seed_from_u64(0)).unwrap();
/// assert_eq!(feature_importance(&tree), vec![1.0, 0.0]);
/// ```
///
/// Hints: `cargo grader hint 14::feature_importance`.
pub fn feature_importance(tree: &Tree) -> Vec<f64> {
    let mut acc = vec![0.0; tree.n_features];
    add_decrease(&tree.root, tree.criterion, &mut acc);
    let total: f64 = acc.iter().sum();
    if total > 0.0 {
        acc.iter_mut().for_each(|v| *v /= total);
    }
    acc
}

/// Titanic as numbers, one row per passenger in file order, columns
/// `[male, pclass, age, sibsp, parch]`: `male` is 1.0 for "male" else 0.0, `pclass` is
/// 1.0 / 2.0 / 3.0 from "1st" / "2nd" / "3rd", a missing `age` is replaced by the median of
/// the known ages. Labels: 1 for "survived", 0 otherwise.
///
/// # Errors
/// `Data` when the file cannot be read; `BadParam` for an unparseable field.
///
/// Hints: `cargo grader hint 14::load_titanic`.
pub fn load_titanic() -> Result<(Array2<f64>, Array1<usize>), TreeError> {
    let t = datasets::table("titanic")?;
    let ages = t.f64_column("age")?;
    let mut known: Vec<f64> = ages.iter().flatten().copied().collect();
    if known.is_empty() {
        return Err(TreeError::Empty("no known ages"));
    }
    known.sort_by(f64::total_cmp);
    let m = known.len();
    let median = if m % 2 == 1 {
        known[m / 2]
    } else {
        (known[m / 2 - 1] + known[m / 2]) / 2.0
    };
    let (pc, sv, sx, sb, pa) = (
        t.index("pclass")?,
        t.index("survived")?,
        t.index("sex")?,
        t.index("sibsp")?,
        t.index("parch")?,
    );
    let num = |s: &str| {
        s.parse::<f64>()
            .map_err(|_| TreeError::BadParam(format!("not a number: {s:?}")))
    };
    let mut v = Vec::with_capacity(t.rows.len() * 5);
    let mut y = Vec::with_capacity(t.rows.len());
    for (r, age) in t.rows.iter().zip(&ages) {
        let class = match r[pc].as_str() {
            "1st" => 1.0,
            "2nd" => 2.0,
            "3rd" => 3.0,
            other => return Err(TreeError::BadParam(format!("unknown class {other:?}"))),
        };
        v.extend([
            if r[sx] == "male" { 1.0 } else { 0.0 },
            class,
            age.unwrap_or(median),
            num(&r[sb])?,
            num(&r[pa])?,
        ]);
        y.push(usize::from(r[sv] == "survived"));
    }
    let n = y.len();
    Ok((
        Array2::from_shape_vec((n, 5), v).expect("5 values per row"),
        Array1::from(y),
    ))
}
