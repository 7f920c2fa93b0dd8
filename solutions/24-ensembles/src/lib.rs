//! Chapter 24: ensembles (roadmap W12-13 D7-8, "Ensemble methods (Bagging, Boosting, XGBoost)").
//!
//! Reference solution. Same public API as `exercises/24-ensembles`.

use std::path::Path;

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};
use rand::Rng;

/// What can go wrong when fitting or predicting.
#[derive(Debug, thiserror::Error)]
pub enum EnsembleError {
    /// No rows (or nothing to split) where some are needed.
    #[error("empty: {0}")]
    Empty(&'static str),
    /// Two inputs disagree on the number of rows.
    #[error("{left} rows against {right}")]
    RowMismatch { left: usize, right: usize },
    /// Rows with a different number of features than the model was fitted on.
    #[error("expected {expected} features, got {got}")]
    ColumnMismatch { expected: usize, got: usize },
    /// A label that is not allowed (±1 for AdaBoost, 0/1 for logistic boosting).
    #[error("label {value} at row {row} is not allowed here")]
    BadLabel { row: usize, value: f64 },
    /// A hyperparameter or weight out of range.
    #[error("bad parameter: {0}")]
    BadParam(String),
    /// The data set could not be read.
    #[error(transparent)]
    Data(#[from] datasets::Error),
    /// Drawing failed.
    #[error("plot: {0}")]
    Plot(String),
}

// ------------------------------------------------------------------ given: types and helpers

/// A bootstrap sample: `indices` are the `n` rows drawn with replacement (in drawing order),
/// `out_of_bag` the rows never drawn, sorted ascending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bootstrap {
    pub indices: Vec<usize>,
    pub out_of_bag: Vec<usize>,
}

/// How a second-order regression tree grows (XGBoost's names).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TreeParams {
    /// The root is at depth 0; no node deeper than `max_depth` (`0` gives a single leaf).
    pub max_depth: usize,
    /// Both children of a split need a hessian sum `H ≥ min_child_weight`
    /// (for squared loss `h = 1`, so this is a minimum number of rows).
    pub min_child_weight: f64,
    /// L2 penalty `λ` on leaf weights (`reg_lambda`).
    pub lambda: f64,
    /// Cost `γ` of one more leaf (`gamma` / `min_split_loss`).
    pub gamma: f64,
}

/// One node of a regression tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// A leaf adds `value` to the prediction.
    Leaf { value: f64 },
    /// Rows with `x[feature] <= threshold` go `left`, the others `right`.
    Split {
        feature: usize,
        threshold: f64,
        left: Box<Node>,
        right: Box<Node>,
    },
}

/// A fitted regression tree.
#[derive(Debug, Clone, PartialEq)]
pub struct RegTree {
    pub root: Node,
    pub n_features: usize,
}

impl RegTree {
    /// The leaf value of every row (given: you walked trees in chapter 14).
    ///
    /// # Errors
    /// `ColumnMismatch` when `x` does not have `n_features` columns.
    pub fn predict(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>, EnsembleError> {
        if x.ncols() != self.n_features {
            return Err(EnsembleError::ColumnMismatch {
                expected: self.n_features,
                got: x.ncols(),
            });
        }
        Ok(x.outer_iter()
            .map(|row| {
                let mut node = &self.root;
                loop {
                    match node {
                        Node::Leaf { value } => break *value,
                        Node::Split {
                            feature,
                            threshold,
                            left,
                            right,
                        } => {
                            node = if row[*feature] <= *threshold {
                                left
                            } else {
                                right
                            }
                        }
                    }
                }
            })
            .collect())
    }
}

/// The best split [`best_split`] found at a node.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SplitChoice {
    pub feature: usize,
    pub threshold: f64,
    pub gain: f64,
}

/// Bagging's settings: `n_models` trees, each on its own bootstrap sample.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BaggingParams {
    pub n_models: usize,
    pub tree: TreeParams,
    /// Seeds one `StdRng` that draws every bootstrap sample.
    pub seed: u64,
}

/// A fitted bagging regressor: tree `t` was fitted on `samples[t]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Bagging {
    pub trees: Vec<RegTree>,
    pub samples: Vec<Bootstrap>,
}

/// A decision stump for labels ±1: `polarity` where `x[feature] > threshold`,
/// `−polarity` elsewhere.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stump {
    pub feature: usize,
    pub threshold: f64,
    /// `+1.0` or `−1.0`.
    pub polarity: f64,
}

impl Stump {
    /// ±1 for every row (given).
    ///
    /// # Panics
    /// If `x` has no column `feature`.
    pub fn predict(&self, x: ArrayView2<'_, f64>) -> Array1<f64> {
        x.column(self.feature).mapv(|v| {
            if v > self.threshold {
                self.polarity
            } else {
                -self.polarity
            }
        })
    }
}

/// A fitted AdaBoost classifier: `F(x) = Σ_t alphas[t] · stumps[t](x)`.
#[derive(Debug, Clone, PartialEq)]
pub struct AdaBoost {
    pub stumps: Vec<Stump>,
    pub alphas: Vec<f64>,
}

/// The weighted error is clamped to `[ADABOOST_EPS, 1 − ADABOOST_EPS]` before taking
/// `α = ½ ln((1 − ε)/ε)`, so a perfect stump gets a large but finite weight.
pub const ADABOOST_EPS: f64 = 1e-10;

/// Gradient boosting's settings (squared loss).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GbmParams {
    pub n_rounds: usize,
    /// Shrinkage `ν` in `(0, 1]`.
    pub learning_rate: f64,
    pub tree: TreeParams,
}

/// A fitted gradient-boosted regressor: `F(x) = base + ν Σ_t trees[t](x)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Gbm {
    pub base: f64,
    pub learning_rate: f64,
    pub trees: Vec<RegTree>,
}

/// XGBoost-style boosting's settings (logistic loss).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct XgbParams {
    pub n_rounds: usize,
    /// Shrinkage `η` in `(0, 1]` (`eta` / `learning_rate`).
    pub eta: f64,
    pub tree: TreeParams,
}

/// A fitted XGBoost-style classifier: margin `m(x) = base_margin + η Σ_t trees[t](x)`,
/// `P(y = 1 | x) = σ(m(x))`.
#[derive(Debug, Clone, PartialEq)]
pub struct Xgb {
    pub base_margin: f64,
    pub eta: f64,
    pub trees: Vec<RegTree>,
}

impl Xgb {
    /// `σ(margin)` for every row (given).
    ///
    /// # Errors
    /// As [`Xgb::margin`].
    pub fn predict_proba(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>, EnsembleError> {
        Ok(self.margin(x)?.mapv(sigmoid))
    }
}

/// Log loss per round: `train[k]` and `valid[k]` use the first `k` trees
/// (`k = 0` is the base margin alone), so both have `n_rounds + 1` entries.
#[derive(Debug, Clone, PartialEq)]
pub struct LearningCurves {
    pub train: Vec<f64>,
    pub valid: Vec<f64>,
}

/// The logistic function `1 / (1 + e^{−z})`, computed without overflow (given).
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// Mean log loss `−(1/n) Σ [y ln p + (1 − y) ln(1 − p)]`, `p` clipped to
/// `[1e-15, 1 − 1e-15]` (given: chapter 12).
///
/// # Panics
/// If the lengths differ.
pub fn log_loss(y: ArrayView1<'_, f64>, p: ArrayView1<'_, f64>) -> f64 {
    assert_eq!(y.len(), p.len(), "log_loss: lengths differ");
    let n = y.len() as f64;
    y.iter()
        .zip(p)
        .map(|(&t, &q)| {
            let q = q.clamp(1e-15, 1.0 - 1e-15);
            -(t * q.ln() + (1.0 - t) * (1.0 - q).ln())
        })
        .sum::<f64>()
        / n
}

/// Root mean squared error (given).
///
/// # Panics
/// If the lengths differ.
pub fn rmse(y: ArrayView1<'_, f64>, pred: ArrayView1<'_, f64>) -> f64 {
    assert_eq!(y.len(), pred.len(), "rmse: lengths differ");
    (y.iter()
        .zip(pred)
        .map(|(a, b)| (a - b).powi(2))
        .sum::<f64>()
        / y.len() as f64)
        .sqrt()
}

/// The Ames features [`load_ames`] returns, in column order (all numeric in the file).
pub const AMES_FEATURES: [&str; 12] = [
    "Gr_Liv_Area",
    "Total_Bsmt_SF",
    "Garage_Cars",
    "Garage_Area",
    "Year_Built",
    "Year_Remod_Add",
    "Full_Bath",
    "Lot_Area",
    "Fireplaces",
    "TotRms_AbvGrd",
    "Longitude",
    "Latitude",
];

/// Ames as numbers (given): [`AMES_FEATURES`] and `y = ln(Sale_Price)`, file order, without
/// the five sales above 4000 sq ft of living area (De Cock, who compiled the data, advises
/// dropping them: three are partial sales of huge houses at low prices, and a handful of
/// such points would dominate every RMSE below).
///
/// # Errors
/// `Data` when the file cannot be read; `Empty` for an empty field.
pub fn load_ames() -> Result<(Array2<f64>, Array1<f64>), EnsembleError> {
    let t = datasets::table("ames_housing")?;
    let mut cols = Vec::new();
    for c in AMES_FEATURES.iter().chain(["Sale_Price"].iter()) {
        cols.push(t.f64_column(c)?);
    }
    let n = t.len();
    let mut v = Vec::with_capacity(n * AMES_FEATURES.len());
    let mut y = Vec::with_capacity(n);
    for i in 0..n {
        if cols[0][i].is_some_and(|area| area > 4000.0) {
            continue;
        }
        for c in &cols[..AMES_FEATURES.len()] {
            v.push(c[i].ok_or(EnsembleError::Empty("an empty Ames field"))?);
        }
        y.push(
            cols[AMES_FEATURES.len()][i]
                .ok_or(EnsembleError::Empty("an empty sale price"))?
                .ln(),
        );
    }
    let x = Array2::from_shape_vec((y.len(), AMES_FEATURES.len()), v).expect("one per feature");
    Ok((x, Array1::from(y)))
}

/// The telco features [`load_churn`] returns (chapter 13's): `month_to_month` is 1.0 when
/// `contract` is `"Month-to-month"`, the others are the file's numeric columns.
pub const CHURN_FEATURES: [&str; 8] = [
    "tenure",
    "monthly_charges",
    "total_charges",
    "senior_citizen",
    "partner",
    "dependents",
    "paperless_billing",
    "month_to_month",
];

/// Telco churn as numbers (given): [`CHURN_FEATURES`] and `y = 1.0` for `churn == "Yes"`,
/// else `0.0`. Rows with an empty `total_charges` are dropped; file order otherwise.
///
/// # Errors
/// `Data` when the file cannot be read or a field is malformed.
pub fn load_churn() -> Result<(Array2<f64>, Array1<f64>), EnsembleError> {
    let t = datasets::table("telco_churn")?;
    let numeric: Vec<Vec<Option<f64>>> = CHURN_FEATURES[..7]
        .iter()
        .map(|c| t.f64_column(c))
        .collect::<Result<_, _>>()?;
    let contract = t.column("contract")?;
    let churn = t.column("churn")?;
    let mut v = Vec::new();
    let mut y = Vec::new();
    for i in 0..t.len() {
        if numeric.iter().any(|c| c[i].is_none()) {
            continue;
        }
        v.extend(numeric.iter().map(|c| c[i].expect("checked")));
        v.push(f64::from(contract[i] == Some("Month-to-month")));
        y.push(f64::from(churn[i] == Some("Yes")));
    }
    let x = Array2::from_shape_vec((y.len(), CHURN_FEATURES.len()), v).expect("eight per row");
    Ok((x, Array1::from(y)))
}

// ------------------------------------------------------------------ 1. bagging

/// Draw `n` row indices uniformly from `0..n` WITH replacement (`rng.gen_range(0..n)`, `n`
/// times), and list the rows never drawn, ascending. About `(1 − 1/n)ⁿ ≈ e⁻¹ ≈ 36.8 %` of
/// the rows end up out of bag.
///
/// ```
/// use rand::{rngs::StdRng, SeedableRng};
/// let b = ensembles::bootstrap(6, &mut StdRng::seed_from_u64(3));
/// assert_eq!(b.indices.len(), 6);
/// assert!(b.out_of_bag.iter().all(|i| !b.indices.contains(i)));
/// ```
///
/// Hints: `cargo grader hint 24::bootstrap`.
pub fn bootstrap<R: Rng + ?Sized>(n: usize, rng: &mut R) -> Bootstrap {
    let indices: Vec<usize> = (0..n).map(|_| rng.gen_range(0..n)).collect();
    let mut seen = vec![false; n];
    indices.iter().for_each(|&i| seen[i] = true);
    let out_of_bag = (0..n).filter(|&i| !seen[i]).collect();
    Bootstrap {
        indices,
        out_of_bag,
    }
}

// ------------------------------------------------------------------ 2. second-order trees

/// The optimal weight of a leaf whose rows have gradient sum `g` and hessian sum `h`:
/// it minimises `g·w + ½(h + λ)w²`, so `w* = −g / (h + λ)`.
///
/// ```
/// assert_eq!(ensembles::leaf_weight(-6.0, 2.0, 1.0), 2.0);
/// ```
///
/// Hints: `cargo grader hint 24::leaf_weight`.
pub fn leaf_weight(g: f64, h: f64, lambda: f64) -> f64 {
    -g / (h + lambda)
}

/// How much the regularised second-order objective falls when a leaf with sums
/// `(G, H) = (gl + gr, hl + hr)` is split into `(gl, hl)` and `(gr, hr)`:
///
/// ```text
/// gain = ½ [ G_L²/(H_L + λ) + G_R²/(H_R + λ) − G²/(H + λ) ] − γ
/// ```
///
/// ```
/// let gain = ensembles::split_gain(-2.0, 1.0, 2.0, 1.0, 0.0, 0.5);
/// assert!((gain - 3.5).abs() < 1e-12);
/// ```
///
/// Hints: `cargo grader hint 24::split_gain`.
pub fn split_gain(gl: f64, hl: f64, gr: f64, hr: f64, lambda: f64, gamma: f64) -> f64 {
    let score = |g: f64, h: f64| g * g / (h + lambda);
    0.5 * (score(gl, hl) + score(gr, hr) - score(gl + gr, hl + hr)) - gamma
}

/// The best split of the node holding `rows` (exact greedy search): for every feature
/// (in order), sort the node's rows by that feature and try every midpoint between
/// consecutive DISTINCT values as a threshold (`x <= t` goes left). Skip a candidate when
/// either child has a hessian sum below `params.min_child_weight`; score the rest with
/// [`split_gain`]. Keep the first best candidate, replacing it only when a later gain is
/// larger by more than `1e-12`. Return `None` when no candidate is allowed or the best gain
/// is not positive.
///
/// ```
/// use ndarray::array;
/// use ensembles::{best_split, TreeParams};
/// let x = array![[1.0], [2.0], [3.0], [4.0]];
/// let (g, h) = (array![-1.0, -1.0, 1.0, 1.0], array![1.0, 1.0, 1.0, 1.0]);
/// let p = TreeParams { max_depth: 1, min_child_weight: 1.0, lambda: 0.0, gamma: 0.0 };
/// let s = best_split(x.view(), g.view(), h.view(), &[0, 1, 2, 3], &p).unwrap();
/// assert_eq!((s.feature, s.threshold, s.gain), (0, 2.5, 2.0));
/// ```
///
/// # Panics
/// If a row index is out of range or `g`, `h` are shorter than `x`.
///
/// Hints: `cargo grader hint 24::best_split`.
pub fn best_split(
    x: ArrayView2<'_, f64>,
    g: ArrayView1<'_, f64>,
    h: ArrayView1<'_, f64>,
    rows: &[usize],
    params: &TreeParams,
) -> Option<SplitChoice> {
    let gt: f64 = rows.iter().map(|&r| g[r]).sum();
    let ht: f64 = rows.iter().map(|&r| h[r]).sum();
    let mut best: Option<SplitChoice> = None;
    let mut order = rows.to_vec();
    for f in 0..x.ncols() {
        order.sort_by(|&a, &b| x[[a, f]].total_cmp(&x[[b, f]]));
        let (mut gl, mut hl) = (0.0, 0.0);
        for k in 0..order.len().saturating_sub(1) {
            let (r, next) = (order[k], order[k + 1]);
            gl += g[r];
            hl += h[r];
            let (a, b) = (x[[r, f]], x[[next, f]]);
            if a == b {
                continue;
            }
            let (gr, hr) = (gt - gl, ht - hl);
            if hl < params.min_child_weight || hr < params.min_child_weight {
                continue;
            }
            let gain = split_gain(gl, hl, gr, hr, params.lambda, params.gamma);
            if best.is_none_or(|s| gain > s.gain + 1e-12) {
                best = Some(SplitChoice {
                    feature: f,
                    threshold: (a + b) / 2.0,
                    gain,
                });
            }
        }
    }
    best.filter(|s| s.gain > 0.0)
}

fn grow(
    x: ArrayView2<'_, f64>,
    g: ArrayView1<'_, f64>,
    h: ArrayView1<'_, f64>,
    rows: &[usize],
    depth: usize,
    params: &TreeParams,
) -> Node {
    let leaf = || {
        let gs: f64 = rows.iter().map(|&r| g[r]).sum();
        let hs: f64 = rows.iter().map(|&r| h[r]).sum();
        Node::Leaf {
            value: leaf_weight(gs, hs, params.lambda),
        }
    };
    if depth >= params.max_depth {
        return leaf();
    }
    let Some(s) = best_split(x, g, h, rows, params) else {
        return leaf();
    };
    let (l, r): (Vec<usize>, Vec<usize>) = rows
        .iter()
        .partition(|&&i| x[[i, s.feature]] <= s.threshold);
    Node::Split {
        feature: s.feature,
        threshold: s.threshold,
        left: Box::new(grow(x, g, h, &l, depth + 1, params)),
        right: Box::new(grow(x, g, h, &r, depth + 1, params)),
    }
}

fn check_params(p: &TreeParams) -> Result<(), EnsembleError> {
    for (name, v) in [
        ("lambda", p.lambda),
        ("gamma", p.gamma),
        ("min_child_weight", p.min_child_weight),
    ] {
        if v.is_nan() || v < 0.0 {
            return Err(EnsembleError::BadParam(format!(
                "{name} must be ≥ 0, got {v}"
            )));
        }
    }
    Ok(())
}

fn check_rows(n: usize, m: usize) -> Result<(), EnsembleError> {
    if n != m {
        return Err(EnsembleError::RowMismatch { left: n, right: m });
    }
    if n == 0 {
        return Err(EnsembleError::Empty("no training rows"));
    }
    Ok(())
}

/// Grow a second-order regression tree on gradients `g` and hessians `h` (one per row of
/// `x`). At each node (root at depth 0): make a leaf with [`leaf_weight`] of the node's
/// sums if the node is at `max_depth` or [`best_split`] returns `None`; otherwise split the
/// rows with `x[feature] <= threshold` and grow both children one level deeper.
///
/// With `g = −y`, `h = 1` and `λ = 0` every leaf is the mean of its `y`: an ordinary
/// least-squares regression tree.
///
/// ```
/// use ndarray::array;
/// use ensembles::{fit_tree, TreeParams};
/// let x = array![[1.0], [2.0], [3.0], [4.0]];
/// let y = array![1.0, 1.0, 5.0, 5.0];
/// let p = TreeParams { max_depth: 2, min_child_weight: 1.0, lambda: 0.0, gamma: 0.0 };
/// let tree = fit_tree(x.view(), (-&y).view(), ndarray::Array1::ones(4).view(), &p).unwrap();
/// assert_eq!(tree.predict(x.view()).unwrap(), y);
/// ```
///
/// # Errors
/// `RowMismatch` when `g` or `h` do not have one entry per row, `Empty` for no rows,
/// `BadParam` for a negative or NaN `lambda`, `gamma` or `min_child_weight`, a negative
/// hessian, or `λ = 0` with a zero hessian sum.
///
/// Hints: `cargo grader hint 24::fit_tree`.
pub fn fit_tree(
    x: ArrayView2<'_, f64>,
    g: ArrayView1<'_, f64>,
    h: ArrayView1<'_, f64>,
    params: &TreeParams,
) -> Result<RegTree, EnsembleError> {
    check_rows(x.nrows(), g.len())?;
    check_rows(x.nrows(), h.len())?;
    check_params(params)?;
    if h.iter().any(|&v| v.is_nan() || v < 0.0) {
        return Err(EnsembleError::BadParam("hessians must be ≥ 0".into()));
    }
    if params.lambda == 0.0 && h.sum() == 0.0 {
        return Err(EnsembleError::BadParam(
            "zero hessian sum with λ = 0: the leaf weight is undefined".into(),
        ));
    }
    let rows: Vec<usize> = (0..x.nrows()).collect();
    Ok(RegTree {
        root: grow(x, g, h, &rows, 0, params),
        n_features: x.ncols(),
    })
}

/// Bagging: one `StdRng::seed_from_u64(params.seed)` draws, for each of the `n_models`
/// trees in turn, a [`bootstrap`] of the `n` rows; the tree is [`fit_tree`] on those rows
/// (repeats included) with `g = −y`, `h = 1` (a least-squares tree; its leaves are means
/// of `y` when `λ = 0`). Keep every sample beside its tree.
///
/// ```
/// use ndarray::array;
/// use ensembles::{fit_bagging, BaggingParams, TreeParams};
/// let x = array![[0.0], [1.0], [2.0], [3.0]];
/// let y = array![0.0, 1.0, 2.0, 3.0];
/// let tree = TreeParams { max_depth: 3, min_child_weight: 1.0, lambda: 0.0, gamma: 0.0 };
/// let bag = fit_bagging(x.view(), y.view(), &BaggingParams { n_models: 4, tree, seed: 1 }).unwrap();
/// assert_eq!((bag.trees.len(), bag.samples.len()), (4, 4));
/// ```
///
/// # Errors
/// As [`fit_tree`], plus `BadParam` when `n_models` is 0.
///
/// Hints: `cargo grader hint 24::fit_bagging`.
pub fn fit_bagging(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, f64>,
    params: &BaggingParams,
) -> Result<Bagging, EnsembleError> {
    use rand::SeedableRng;
    check_rows(x.nrows(), y.len())?;
    check_params(&params.tree)?;
    if params.n_models == 0 {
        return Err(EnsembleError::BadParam(
            "n_models must be at least 1".into(),
        ));
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(params.seed);
    let mut trees = Vec::with_capacity(params.n_models);
    let mut samples = Vec::with_capacity(params.n_models);
    for _ in 0..params.n_models {
        let s = bootstrap(x.nrows(), &mut rng);
        let xb = x.select(Axis(0), &s.indices);
        let g = y.select(Axis(0), &s.indices).mapv(|v| -v);
        let h = Array1::ones(g.len());
        trees.push(fit_tree(xb.view(), g.view(), h.view(), &params.tree)?);
        samples.push(s);
    }
    Ok(Bagging { trees, samples })
}

impl Bagging {
    /// The mean of the trees' predictions: averaging `B` models of variance `σ²` and
    /// correlation `ρ` leaves variance `ρσ² + (1 − ρ)σ²/B`.
    ///
    /// # Errors
    /// `ColumnMismatch` when `x` has the wrong number of columns.
    ///
    /// Hints: `cargo grader hint 24::fit_bagging`.
    pub fn predict(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>, EnsembleError> {
        let mut sum = Array1::zeros(x.nrows());
        for t in &self.trees {
            sum += &t.predict(x)?;
        }
        Ok(sum / self.trees.len() as f64)
    }

    /// Out-of-bag predictions for the TRAINING rows `x` (the rows the model was fitted on,
    /// in the same order): row `i` gets the mean prediction of the trees whose sample left
    /// `i` out of bag, or `NaN` when every sample drew it. An honest test error for free.
    ///
    /// # Errors
    /// `RowMismatch` when `x` does not have as many rows as the samples;
    /// `ColumnMismatch` as [`RegTree::predict`].
    ///
    /// Hints: `cargo grader hint 24::oob_predict`.
    pub fn oob_predict(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>, EnsembleError> {
        let n = self.samples.first().map_or(0, |s| s.indices.len());
        if x.nrows() != n {
            return Err(EnsembleError::RowMismatch {
                left: x.nrows(),
                right: n,
            });
        }
        let mut sum = Array1::<f64>::zeros(n);
        let mut count = vec![0usize; n];
        for (t, s) in self.trees.iter().zip(&self.samples) {
            let p = t.predict(x)?;
            for &i in &s.out_of_bag {
                sum[i] += p[i];
                count[i] += 1;
            }
        }
        Ok(Array1::from_shape_fn(n, |i| {
            if count[i] == 0 {
                f64::NAN
            } else {
                sum[i] / count[i] as f64
            }
        }))
    }
}

// ------------------------------------------------------------------ 3. AdaBoost

fn check_pm1(y: ArrayView1<'_, f64>) -> Result<(), EnsembleError> {
    match y.iter().position(|&v| v != 1.0 && v != -1.0) {
        Some(row) => Err(EnsembleError::BadLabel { row, value: y[row] }),
        None => Ok(()),
    }
}

/// The stump with the smallest weighted error `Σ_i w_i [stump(x_i) ≠ y_i]` over every
/// feature (in order), every midpoint between consecutive distinct values, and both
/// polarities (`+1` first). Keep the first best, replacing it only when a later error is
/// smaller by more than `1e-12`.
///
/// ```
/// use ndarray::array;
/// let x = array![[1.0], [2.0], [3.0]];
/// let s = ensembles::fit_stump(x.view(), array![1.0, -1.0, -1.0].view(), array![1.0, 1.0, 1.0].view()).unwrap();
/// assert_eq!((s.feature, s.threshold, s.polarity), (0, 1.5, -1.0));
/// ```
///
/// # Errors
/// `RowMismatch` for lengths that differ, `Empty` for no rows or when no feature has two
/// distinct values, `BadLabel` for a label other than ±1, `BadParam` for a negative weight.
///
/// Hints: `cargo grader hint 24::fit_stump`.
pub fn fit_stump(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, f64>,
    w: ArrayView1<'_, f64>,
) -> Result<Stump, EnsembleError> {
    check_rows(x.nrows(), y.len())?;
    check_rows(x.nrows(), w.len())?;
    check_pm1(y)?;
    if w.iter().any(|&v| v.is_nan() || v < 0.0) {
        return Err(EnsembleError::BadParam("weights must be ≥ 0".into()));
    }
    let total: f64 = w.sum();
    // Polarity +1 predicts −1 on the left: its error is the left's +1 weight plus the
    // right's −1 weight.
    let neg_total: f64 = y
        .iter()
        .zip(w)
        .filter(|(&t, _)| t < 0.0)
        .map(|(_, &v)| v)
        .sum();
    let mut best: Option<(Stump, f64)> = None;
    let mut order: Vec<usize> = (0..x.nrows()).collect();
    for f in 0..x.ncols() {
        order.sort_by(|&a, &b| x[[a, f]].total_cmp(&x[[b, f]]));
        let (mut left_pos, mut left_neg) = (0.0, 0.0);
        for k in 0..order.len() - 1 {
            let r = order[k];
            if y[r] > 0.0 {
                left_pos += w[r];
            } else {
                left_neg += w[r];
            }
            let (a, b) = (x[[r, f]], x[[order[k + 1], f]]);
            if a == b {
                continue;
            }
            let err_plus = left_pos + (neg_total - left_neg);
            for (polarity, err) in [(1.0, err_plus), (-1.0, total - err_plus)] {
                if best.is_none_or(|(_, e)| err < e - 1e-12) {
                    best = Some((
                        Stump {
                            feature: f,
                            threshold: (a + b) / 2.0,
                            polarity,
                        },
                        err,
                    ));
                }
            }
        }
    }
    best.map(|(s, _)| s)
        .ok_or(EnsembleError::Empty("no feature has two distinct values"))
}

/// One AdaBoost (SAMME, two classes) round after the weak learner predicted `pred`:
///
/// ```text
/// ε = Σ_{pred ≠ y} w / Σ w        (clamped to [ADABOOST_EPS, 1 − ADABOOST_EPS])
/// α = ½ ln((1 − ε) / ε)
/// w_i ← w_i · exp(−α y_i pred_i), then divide by the sum so the weights add up to 1
/// ```
///
/// Returns `(α, new weights)`. Afterwards the misclassified rows hold exactly half the
/// weight: the learner just used is no better than chance on the new weights.
///
/// ```
/// use ndarray::array;
/// let (alpha, w) = ensembles::adaboost_update(array![1.0, 1.0, 1.0, -1.0].view(), array![1.0, 1.0, 1.0, 1.0].view(), array![0.25, 0.25, 0.25, 0.25].view()).unwrap();
/// assert!((alpha - 0.5 * 3f64.ln()).abs() < 1e-12);
/// assert!((w[3] - 0.5).abs() < 1e-12);
/// ```
///
/// # Errors
/// `RowMismatch` for lengths that differ, `Empty` for no rows, `BadLabel` for a label or
/// prediction other than ±1, `BadParam` for a negative weight or a zero total.
///
/// Hints: `cargo grader hint 24::adaboost_update`.
pub fn adaboost_update(
    y: ArrayView1<'_, f64>,
    pred: ArrayView1<'_, f64>,
    w: ArrayView1<'_, f64>,
) -> Result<(f64, Array1<f64>), EnsembleError> {
    check_rows(y.len(), pred.len())?;
    check_rows(y.len(), w.len())?;
    check_pm1(y)?;
    check_pm1(pred)?;
    if w.iter().any(|&v| v.is_nan() || v < 0.0) {
        return Err(EnsembleError::BadParam("weights must be ≥ 0".into()));
    }
    let total = w.sum();
    if total <= 0.0 {
        return Err(EnsembleError::BadParam("the weights sum to 0".into()));
    }
    let wrong: f64 = (0..y.len())
        .filter(|&i| y[i] != pred[i])
        .map(|i| w[i])
        .sum();
    let eps = (wrong / total).clamp(ADABOOST_EPS, 1.0 - ADABOOST_EPS);
    let alpha = 0.5 * ((1.0 - eps) / eps).ln();
    let mut new_w = Array1::from_shape_fn(y.len(), |i| w[i] * (-alpha * y[i] * pred[i]).exp());
    let s = new_w.sum();
    new_w /= s;
    Ok((alpha, new_w))
}

/// AdaBoost with stumps: start from equal weights `1/n`; each round fit a [`fit_stump`]
/// on the current weights, take `(α, w)` from [`adaboost_update`], and keep the stump and
/// its `α`. Stop after `n_rounds`, or right after a stump that classifies every row
/// correctly (boosting can add nothing once the training error is 0).
///
/// ```
/// use ndarray::array;
/// let x = array![[0.0], [1.0], [2.0], [3.0]];
/// let model = ensembles::fit_adaboost(x.view(), array![-1.0, -1.0, 1.0, 1.0].view(), 10).unwrap();
/// assert_eq!(model.stumps.len(), 1); // perfect at once
/// assert_eq!(model.predict(x.view()).unwrap().to_vec(), vec![-1.0, -1.0, 1.0, 1.0]);
/// ```
///
/// # Errors
/// As [`fit_stump`], plus `BadParam` when `n_rounds` is 0.
///
/// Hints: `cargo grader hint 24::fit_adaboost`.
pub fn fit_adaboost(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, f64>,
    n_rounds: usize,
) -> Result<AdaBoost, EnsembleError> {
    check_rows(x.nrows(), y.len())?;
    if n_rounds == 0 {
        return Err(EnsembleError::BadParam(
            "n_rounds must be at least 1".into(),
        ));
    }
    let n = y.len();
    let mut w = Array1::from_elem(n, 1.0 / n as f64);
    let mut model = AdaBoost {
        stumps: Vec::new(),
        alphas: Vec::new(),
    };
    for _ in 0..n_rounds {
        let stump = fit_stump(x, y, w.view())?;
        let pred = stump.predict(x);
        let (alpha, new_w) = adaboost_update(y, pred.view(), w.view())?;
        model.stumps.push(stump);
        model.alphas.push(alpha);
        if pred == y {
            break;
        }
        w = new_w;
    }
    Ok(model)
}

impl AdaBoost {
    /// `F(x) = Σ_t α_t · stump_t(x)` for every row (the sign is the class, the size the
    /// confidence: use it as a score for AUC).
    ///
    /// # Errors
    /// `ColumnMismatch` when a stump's feature is not a column of `x`.
    ///
    /// Hints: `cargo grader hint 24::fit_adaboost`.
    pub fn decision_function(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>, EnsembleError> {
        let mut f = Array1::zeros(x.nrows());
        for (s, &a) in self.stumps.iter().zip(&self.alphas) {
            if s.feature >= x.ncols() {
                return Err(EnsembleError::ColumnMismatch {
                    expected: s.feature + 1,
                    got: x.ncols(),
                });
            }
            f.scaled_add(a, &s.predict(x));
        }
        Ok(f)
    }

    /// `+1.0` where [`AdaBoost::decision_function`] is `≥ 0`, else `−1.0` (given).
    ///
    /// # Errors
    /// As [`AdaBoost::decision_function`].
    pub fn predict(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>, EnsembleError> {
        Ok(self
            .decision_function(x)?
            .mapv(|f| if f >= 0.0 { 1.0 } else { -1.0 }))
    }
}

// ------------------------------------------------------------------ 4. gradient boosting

fn check_rate(name: &str, v: f64) -> Result<(), EnsembleError> {
    if v > 0.0 && v <= 1.0 {
        Ok(())
    } else {
        Err(EnsembleError::BadParam(format!(
            "{name} must be in (0, 1], got {v}"
        )))
    }
}

/// Gradient boosting for squared loss `½(y − F)²`: start from `F₀ = mean(y)` (`base`);
/// each round the negative gradient is the residual `r = y − F`, so fit a tree with
/// [`fit_tree`] on `g = F − y`, `h = 1`, then `F ← F + ν · tree(x)`. `n_rounds = 0` gives
/// the constant model.
///
/// ```
/// use ndarray::array;
/// use ensembles::{fit_gbm, GbmParams, TreeParams};
/// let x = array![[0.0], [1.0], [2.0], [3.0]];
/// let y = array![1.0, 1.0, 3.0, 3.0];
/// let tree = TreeParams { max_depth: 1, min_child_weight: 1.0, lambda: 0.0, gamma: 0.0 };
/// let model = fit_gbm(x.view(), y.view(), &GbmParams { n_rounds: 1, learning_rate: 1.0, tree }).unwrap();
/// assert_eq!(model.base, 2.0);
/// assert_eq!(model.predict(x.view()).unwrap(), y);
/// ```
///
/// # Errors
/// As [`fit_tree`], plus `BadParam` when `learning_rate` is not in `(0, 1]`.
///
/// Hints: `cargo grader hint 24::fit_gbm`.
pub fn fit_gbm(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, f64>,
    params: &GbmParams,
) -> Result<Gbm, EnsembleError> {
    check_rows(x.nrows(), y.len())?;
    check_rate("learning_rate", params.learning_rate)?;
    let base = y.mean().expect("rows checked");
    let mut f = Array1::from_elem(y.len(), base);
    let h = Array1::ones(y.len());
    let mut trees = Vec::with_capacity(params.n_rounds);
    for _ in 0..params.n_rounds {
        let g = &f - &y;
        let tree = fit_tree(x, g.view(), h.view(), &params.tree)?;
        f.scaled_add(params.learning_rate, &tree.predict(x)?);
        trees.push(tree);
    }
    Ok(Gbm {
        base,
        learning_rate: params.learning_rate,
        trees,
    })
}

impl Gbm {
    /// `base + ν Σ_t tree_t(x)` for every row.
    ///
    /// # Errors
    /// `ColumnMismatch` when `x` has the wrong number of columns.
    ///
    /// Hints: `cargo grader hint 24::fit_gbm`.
    pub fn predict(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>, EnsembleError> {
        let mut f = Array1::from_elem(x.nrows(), self.base);
        for t in &self.trees {
            f.scaled_add(self.learning_rate, &t.predict(x)?);
        }
        Ok(f)
    }
}

// ------------------------------------------------------------------ 5. second-order boosting

/// Gradient and hessian of the log loss `ℓ(y, m) = −[y ln p + (1 − y) ln(1 − p)]`,
/// `p = σ(m)`, with respect to the margin `m`: `g = p − y`, `h = p(1 − p)`.
///
/// ```
/// use ndarray::array;
/// let (g, h) = ensembles::logistic_grad_hess(array![1.0, 0.0].view(), array![0.0, 0.0].view()).unwrap();
/// assert_eq!((g.to_vec(), h.to_vec()), (vec![-0.5, 0.5], vec![0.25, 0.25]));
/// ```
///
/// # Errors
/// `RowMismatch` for lengths that differ; `BadLabel` for a label other than 0 or 1.
///
/// Hints: `cargo grader hint 24::logistic_grad_hess`.
pub fn logistic_grad_hess(
    y: ArrayView1<'_, f64>,
    margin: ArrayView1<'_, f64>,
) -> Result<(Array1<f64>, Array1<f64>), EnsembleError> {
    if y.len() != margin.len() {
        return Err(EnsembleError::RowMismatch {
            left: y.len(),
            right: margin.len(),
        });
    }
    check_01(y)?;
    let p = margin.mapv(sigmoid);
    let g = &p - &y;
    let h = p.mapv(|q| q * (1.0 - q));
    Ok((g, h))
}

fn check_01(y: ArrayView1<'_, f64>) -> Result<(), EnsembleError> {
    match y.iter().position(|&v| v != 0.0 && v != 1.0) {
        Some(row) => Err(EnsembleError::BadLabel { row, value: y[row] }),
        None => Ok(()),
    }
}

/// XGBoost-style boosting for labels 0/1: start from `base_margin = ln(p̄ / (1 − p̄))`,
/// `p̄ = mean(y)`; each round take `(g, h)` from [`logistic_grad_hess`] at the current
/// margins, fit a tree with [`fit_tree`] (leaf weights `−G/(H + λ)`, gains with `λ` and
/// `γ`), and add `η · tree(x)` to the margins.
///
/// ```
/// use ndarray::array;
/// use ensembles::{fit_xgb, TreeParams, XgbParams};
/// let x = array![[0.0], [1.0], [2.0], [3.0]];
/// let y = array![0.0, 0.0, 1.0, 1.0];
/// let tree = TreeParams { max_depth: 1, min_child_weight: 0.0, lambda: 1.0, gamma: 0.0 };
/// let model = fit_xgb(x.view(), y.view(), &XgbParams { n_rounds: 20, eta: 0.5, tree }).unwrap();
/// let p = model.predict_proba(x.view()).unwrap();
/// assert!(p[0] < 0.2 && p[3] > 0.8);
/// ```
///
/// # Errors
/// As [`fit_tree`]; `BadLabel` for a label other than 0/1; `BadParam` when `eta` is not in
/// `(0, 1]` or `y` holds only one class.
///
/// Hints: `cargo grader hint 24::fit_xgb`.
pub fn fit_xgb(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, f64>,
    params: &XgbParams,
) -> Result<Xgb, EnsembleError> {
    check_rows(x.nrows(), y.len())?;
    check_01(y)?;
    check_rate("eta", params.eta)?;
    let p = y.mean().expect("rows checked");
    if p == 0.0 || p == 1.0 {
        return Err(EnsembleError::BadParam("both classes are needed".into()));
    }
    let base_margin = (p / (1.0 - p)).ln();
    let mut m = Array1::from_elem(y.len(), base_margin);
    let mut trees = Vec::with_capacity(params.n_rounds);
    for _ in 0..params.n_rounds {
        let (g, h) = logistic_grad_hess(y, m.view())?;
        let tree = fit_tree(x, g.view(), h.view(), &params.tree)?;
        m.scaled_add(params.eta, &tree.predict(x)?);
        trees.push(tree);
    }
    Ok(Xgb {
        base_margin,
        eta: params.eta,
        trees,
    })
}

impl Xgb {
    /// `base_margin + η Σ_t tree_t(x)` for every row.
    ///
    /// # Errors
    /// `ColumnMismatch` when `x` has the wrong number of columns.
    ///
    /// Hints: `cargo grader hint 24::fit_xgb`.
    pub fn margin(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>, EnsembleError> {
        let mut m = Array1::from_elem(x.nrows(), self.base_margin);
        for t in &self.trees {
            m.scaled_add(self.eta, &t.predict(x)?);
        }
        Ok(m)
    }
}

/// The mean [`log_loss`] on the training and the validation rows after `k = 0, 1, …, T`
/// trees (`k = 0`: the base margin alone), `T = model.trees.len()`.
///
/// ```
/// use ndarray::array;
/// use ensembles::{fit_xgb, learning_curves, TreeParams, XgbParams};
/// let x = array![[0.0], [1.0], [2.0], [3.0]];
/// let y = array![0.0, 0.0, 1.0, 1.0];
/// let tree = TreeParams { max_depth: 1, min_child_weight: 0.0, lambda: 1.0, gamma: 0.0 };
/// let model = fit_xgb(x.view(), y.view(), &XgbParams { n_rounds: 3, eta: 0.5, tree }).unwrap();
/// let c = learning_curves(&model, x.view(), y.view(), x.view(), y.view()).unwrap();
/// assert_eq!(c.train.len(), 4);
/// assert!(c.train[3] < c.train[0]);
/// ```
///
/// # Errors
/// `RowMismatch` when `x` and `y` disagree, `ColumnMismatch` as [`RegTree::predict`].
///
/// Hints: `cargo grader hint 24::learning_curves`.
pub fn learning_curves(
    model: &Xgb,
    x_train: ArrayView2<'_, f64>,
    y_train: ArrayView1<'_, f64>,
    x_valid: ArrayView2<'_, f64>,
    y_valid: ArrayView1<'_, f64>,
) -> Result<LearningCurves, EnsembleError> {
    let curve = |x: ArrayView2<'_, f64>, y: ArrayView1<'_, f64>| {
        check_rows(x.nrows(), y.len())?;
        let mut m = Array1::from_elem(x.nrows(), model.base_margin);
        let mut out = vec![log_loss(y, m.mapv(sigmoid).view())];
        for t in &model.trees {
            m.scaled_add(model.eta, &t.predict(x)?);
            out.push(log_loss(y, m.mapv(sigmoid).view()));
        }
        Ok::<_, EnsembleError>(out)
    };
    Ok(LearningCurves {
        train: curve(x_train, y_train)?,
        valid: curve(x_valid, y_valid)?,
    })
}

/// Draw both curves with `charts::line_chart` against the round `0, 1, …`: one line named
/// `"train"`, one named `"validation"`, x label `"boosting round"`, y label `"log loss"`.
/// PNG or SVG by the extension (800 × 500).
///
/// # Errors
/// `Plot` when drawing fails (for example, no finite point).
///
/// Hints: `cargo grader hint 24::plot_learning_curves`.
pub fn plot_learning_curves(
    curves: &LearningCurves,
    title: &str,
    path: &Path,
) -> Result<(), EnsembleError> {
    charts::line_chart(
        path,
        title,
        "boosting round",
        "log loss",
        &[
            charts::Series::indexed("train", &curves.train),
            charts::Series::indexed("validation", &curves.valid),
        ],
    )
    .map_err(|e| EnsembleError::Plot(e.to_string()))
}
