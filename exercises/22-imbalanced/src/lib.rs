//! Chapter 22: imbalanced data (roadmap W12-13 D3-4, "Handling imbalanced data").
//!
//! Replace every `todo!()` with your code; read `README.md` beside this folder first.
//! `cargo grader check 22` runs the hidden checks, `cargo grader hint 22::NAME` gives a
//! hint for exercise NAME (ask again with `--level 2` and `--level 3` for more).
// Parameters are unused until you write the bodies.
#![allow(unused_variables, unused_mut)]

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;

/// What can go wrong with imbalanced data.
#[derive(Debug, thiserror::Error)]
pub enum ImbError {
    /// No rows where some are needed.
    #[error("empty data: {0}")]
    Empty(&'static str),
    /// Two inputs disagree on their length.
    #[error("{left} values against {right}")]
    LengthMismatch { left: usize, right: usize },
    /// A label outside the allowed range (binary functions take 0 and 1 only).
    #[error("label {label} at position {position} is not below {n_classes}")]
    BadLabel {
        position: usize,
        label: usize,
        n_classes: usize,
    },
    /// A class between 0 and the largest label has no examples.
    #[error("class {0} has no examples")]
    MissingClass(usize),
    /// A parameter out of range (a NaN score, a negative weight or cost, k too large, …).
    #[error("bad parameter: {0}")]
    BadParam(String),
    /// The data set could not be read.
    #[error(transparent)]
    Data(#[from] datasets::Error),
    /// Drawing failed.
    #[error("plot: {0}")]
    Plot(String),
}

/// How the examples are spread over the classes.
#[derive(Debug, Clone, PartialEq)]
pub struct Balance {
    /// `counts[c]`: the number of examples of class `c`, for `c` in `0..=max label`.
    pub counts: Vec<usize>,
    /// `shares[c] = counts[c] / n`.
    pub shares: Vec<f64>,
    /// The class with the most examples (the lowest label on a tie).
    pub majority: usize,
    /// The class with the fewest examples among those that have any (lowest label on a tie).
    pub minority: usize,
    /// `counts[majority] / counts[minority]`: 1 for balanced data, 19 for a 95/5 split.
    pub ratio: f64,
}

/// The usual scores of binary predictions, 1 being the positive class.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    pub accuracy: f64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// A binary logistic model: `P(y = 1 | x) = σ(intercept + x · coef)`.
#[derive(Debug, Clone, PartialEq)]
pub struct LogisticModel {
    pub intercept: f64,
    pub coef: Array1<f64>,
}

/// The logistic function, computed so it never overflows (chapter 12). Given complete.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

impl LogisticModel {
    /// `P(y = 1 | x)` for every row of `x`.
    ///
    /// # Errors
    /// [`ImbError::LengthMismatch`] when `x` does not have one column per coefficient.
    pub fn predict_proba(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>, ImbError> {
        if x.ncols() != self.coef.len() {
            return Err(ImbError::LengthMismatch {
                left: x.ncols(),
                right: self.coef.len(),
            });
        }
        Ok((x.dot(&self.coef) + self.intercept).mapv(sigmoid))
    }
}

/// Synthetic minority examples made by [`smote`], with where each one came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Synthetic {
    /// `n_new × d`: the new rows.
    pub points: Array2<f64>,
    /// For new row `i`, the row of `x` it started from (a minority example).
    pub base: Vec<usize>,
    /// For new row `i`, the row of `x` it moved towards (one of `base[i]`'s k nearest
    /// minority neighbours).
    pub neighbour: Vec<usize>,
    /// For new row `i`, how far along the segment it lies: `u ∈ [0, 1)`.
    pub gap: Vec<f64>,
}

/// One point of a precision–recall curve: flagging every score `≥ threshold` gives this
/// precision and recall.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrPoint {
    pub threshold: f64,
    pub precision: f64,
    pub recall: f64,
}

/// A chosen threshold and the value (F1, or total cost) it achieves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ThresholdChoice {
    pub threshold: f64,
    pub value: f64,
}

/// One line of the final comparison: a model variant scored on the untouched test set at
/// threshold 0.5, plus its whole precision–recall curve.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantReport {
    pub name: String,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub tn: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub average_precision: f64,
    pub curve: Vec<PrPoint>,
}

/// Row indices of a training part and a test part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub train: Vec<usize>,
    pub test: Vec<usize>,
}

/// A stratified train/test split, given complete (you wrote it in chapter 13): for each
/// class in label order, shuffle its rows with one `StdRng::seed_from_u64(seed)` and put the
/// first `round(n_c · test_fraction)` in the test part.
///
/// # Errors
/// [`ImbError::Empty`] for no labels, [`ImbError::BadParam`] unless `0 < test_fraction < 1`.
pub fn stratified_split(y: &[usize], test_fraction: f64, seed: u64) -> Result<Split, ImbError> {
    if !(test_fraction > 0.0 && test_fraction < 1.0) {
        return Err(ImbError::BadParam(format!(
            "test fraction {test_fraction} must be strictly between 0 and 1"
        )));
    }
    let Some(&max) = y.iter().max() else {
        return Err(ImbError::Empty("nothing to split"));
    };
    let mut rng = StdRng::seed_from_u64(seed);
    let mut split = Split {
        train: Vec::new(),
        test: Vec::new(),
    };
    for c in 0..=max {
        let mut members: Vec<usize> = (0..y.len()).filter(|&i| y[i] == c).collect();
        members.shuffle(&mut rng);
        let n_test = (members.len() as f64 * test_fraction).round() as usize;
        split.test.extend_from_slice(&members[..n_test]);
        split.train.extend_from_slice(&members[n_test..]);
    }
    Ok(split)
}

/// The telco churn columns [`load_churn`] returns, in order. `total_charges` is 0 where the
/// file leaves it empty; the `Yes`-columns are 1.0 for `"Yes"`; the last five are one-hot
/// indicators (`fiber_optic`, `no_internet` from `internet_service`; `month_to_month`,
/// `one_year` from `contract`; `electronic_check` from `payment_method`).
pub const CHURN_FEATURES: [&str; 21] = [
    "tenure",
    "monthly_charges",
    "total_charges",
    "female",
    "senior_citizen",
    "partner",
    "dependents",
    "phone_service",
    "paperless_billing",
    "multiple_lines",
    "online_security",
    "online_backup",
    "device_protection",
    "tech_support",
    "streaming_tv",
    "streaming_movies",
    "fiber_optic",
    "no_internet",
    "month_to_month",
    "one_year",
    "electronic_check",
];

/// Count the examples of each class, their shares, and the imbalance ratio
/// (`Counter(y)` / `y.value_counts(normalize=True)` in pandas).
///
/// ```
/// let b = imbalanced::class_balance(&[0, 0, 0, 1, 0, 0, 1, 0]).unwrap();
/// assert_eq!(b.counts, vec![6, 2]);
/// assert_eq!((b.majority, b.minority, b.ratio), (0, 1, 3.0));
/// assert_eq!(b.shares, vec![0.75, 0.25]);
/// ```
///
/// # Errors
/// [`ImbError::Empty`] for no labels.
///
/// Hints: `cargo grader hint 22::class_balance`.
pub fn class_balance(y: &[usize]) -> Result<Balance, ImbError> {
    todo!()
}

/// Accuracy, precision, recall and F1 of binary predictions (1 = positive). A ratio whose
/// denominator is 0 is 0 (scikit-learn's `zero_division=0`).
///
/// ```
/// let s = imbalanced::binary_scores(&[1, 1, 0, 0], &[1, 0, 1, 0]).unwrap();
/// assert_eq!((s.accuracy, s.precision, s.recall, s.f1), (0.5, 0.5, 0.5, 0.5));
/// ```
///
/// # Errors
/// [`ImbError::Empty`], [`ImbError::LengthMismatch`], [`ImbError::BadLabel`] for a label
/// other than 0 and 1.
///
/// Hints: `cargo grader hint 22::binary_scores`.
pub fn binary_scores(y_true: &[usize], y_pred: &[usize]) -> Result<Scores, ImbError> {
    todo!()
}

/// The accuracy paradox: predict the majority class of `y_train` for every test example
/// and score it with [`binary_scores`] (scikit-learn's `DummyClassifier("most_frequent")`).
/// On 95/5 data it is 95 % accurate and finds no positive at all.
///
/// ```
/// let s = imbalanced::majority_baseline(&[0, 0, 0, 1], &[0, 0, 0, 0, 1]).unwrap();
/// assert_eq!((s.accuracy, s.recall, s.f1), (0.8, 0.0, 0.0));
/// ```
///
/// # Errors
/// [`ImbError::Empty`] when either part is empty, [`ImbError::BadLabel`] for a label
/// other than 0 and 1.
///
/// Hints: `cargo grader hint 22::majority_baseline`.
pub fn majority_baseline(y_train: &[usize], y_test: &[usize]) -> Result<Scores, ImbError> {
    todo!()
}

/// scikit-learn's `class_weight="balanced"`: `w_c = n / (K · n_c)` for the `K` classes
/// `0..=max label`. Rare classes weigh more; `Σ_i w_{y_i} = n`.
///
/// ```
/// let w = imbalanced::balanced_class_weights(&[0, 0, 0, 1]).unwrap();
/// assert_eq!(w, vec![4.0 / 6.0, 2.0]);
/// ```
///
/// # Errors
/// [`ImbError::Empty`] for no labels, [`ImbError::MissingClass`] when a class below the
/// largest label has no examples.
///
/// Hints: `cargo grader hint 22::balanced_class_weights`.
pub fn balanced_class_weights(y: &[usize]) -> Result<Vec<f64>, ImbError> {
    todo!()
}

/// The weighted mean binary cross-entropy
/// `J = Σ sᵢ ℓᵢ / Σ sᵢ`, `ℓᵢ = −[yᵢ ln σ(zᵢ) + (1 − yᵢ) ln(1 − σ(zᵢ))]`, `zᵢ = b + xᵢ·w`.
/// With every `sᵢ = 1` it is the plain mean loss of chapter 12. Compute `ℓᵢ` from the logit
/// as `max(z, 0) − z·y + ln(1 + e^(−|z|))`.
///
/// ```
/// use ndarray::array;
/// let x = array![[0.0], [0.0]];
/// let j = imbalanced::weighted_bce_loss(x.view(), array![0, 1].view(), array![1.0, 3.0].view(), array![1.0].view(), 0.0).unwrap();
/// assert!((j - 2f64.ln()).abs() < 1e-15);
/// ```
///
/// # Errors
/// [`ImbError::Empty`], [`ImbError::LengthMismatch`] (rows, labels, weights, `w`),
/// [`ImbError::BadLabel`], [`ImbError::BadParam`] for a negative or non-finite weight or
/// weights summing to 0.
///
/// Hints: `cargo grader hint 22::weighted_bce_loss`.
pub fn weighted_bce_loss(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    sample_weight: ArrayView1<'_, f64>,
    w: ArrayView1<'_, f64>,
    b: f64,
) -> Result<f64, ImbError> {
    todo!()
}

/// The gradient of [`weighted_bce_loss`]:
/// `∂J/∂w = Σ sᵢ (σ(zᵢ) − yᵢ) xᵢ / Σ sᵢ`, `∂J/∂b = Σ sᵢ (σ(zᵢ) − yᵢ) / Σ sᵢ`.
///
/// ```
/// use ndarray::array;
/// let x = array![[1.0], [1.0]];
/// let (gw, gb) = imbalanced::weighted_bce_gradient(x.view(), array![0, 1].view(), array![1.0, 3.0].view(), array![0.0].view(), 0.0).unwrap();
/// assert_eq!((gw[0], gb), (-0.25, -0.25)); // (0.5·1 − 0.5·3) / 4
/// ```
///
/// # Errors
/// As [`weighted_bce_loss`].
///
/// Hints: `cargo grader hint 22::weighted_bce_gradient`.
pub fn weighted_bce_gradient(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    sample_weight: ArrayView1<'_, f64>,
    w: ArrayView1<'_, f64>,
    b: f64,
) -> Result<(Array1<f64>, f64), ImbError> {
    todo!()
}

/// Fit a logistic regression to weighted examples by batch gradient descent.
///
/// As in chapter 12: standardise the columns with their plain (unweighted) mean and
/// population std (1.0 for a constant column), start from zeros, take `epochs` steps
/// `w ← w − lr ∂J/∂w`, `b ← b − lr ∂J/∂b` with [`weighted_bce_gradient`] on the standardised
/// data, and return the model in the original units (`coef = w / std`,
/// `intercept = b − coef · mean`). All weights 1 is the plain fit; class weights become
/// sample weights `sᵢ = w_{yᵢ}` (`LogisticRegression(class_weight="balanced")`).
///
/// ```
/// use ndarray::array;
/// let x = array![[0.0], [1.0], [2.0], [3.0]];
/// let m = imbalanced::fit_weighted_logistic(x.view(), array![0, 0, 1, 1].view(), array![1.0, 1.0, 1.0, 1.0].view(), 0.5, 200).unwrap();
/// assert!(m.coef[0] > 0.0);
/// ```
///
/// # Errors
/// As [`weighted_bce_loss`], and [`ImbError::BadParam`] for a learning rate that is not
/// positive and finite.
///
/// Hints: `cargo grader hint 22::fit_weighted_logistic`.
pub fn fit_weighted_logistic(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    sample_weight: ArrayView1<'_, f64>,
    learning_rate: f64,
    epochs: usize,
) -> Result<LogisticModel, ImbError> {
    todo!()
}

/// Random undersampling (`imblearn.under_sampling.RandomUnderSampler`): keep every
/// example of the smallest class and, from each other class, a random `n_min` of its
/// examples without replacement. Returns the kept row indices in increasing order.
///
/// With one `StdRng::seed_from_u64(seed)`, visit the classes in label order; shuffle each
/// larger class's indices and keep the first `n_min`.
///
/// ```
/// let keep = imbalanced::random_undersample(&[0, 0, 0, 0, 1, 1], 7).unwrap();
/// assert_eq!(keep.len(), 4);
/// assert!(keep.contains(&4) && keep.contains(&5));
/// ```
///
/// # Errors
/// [`ImbError::Empty`] for no labels, [`ImbError::MissingClass`] when a class below the
/// largest label has no examples.
///
/// Hints: `cargo grader hint 22::random_undersample`.
pub fn random_undersample(y: &[usize], seed: u64) -> Result<Vec<usize>, ImbError> {
    todo!()
}

/// Random oversampling (`imblearn.over_sampling.RandomOverSampler`): keep every row and
/// add, for each class smaller than the largest, random copies of its own rows (drawn
/// with replacement) until it has `n_max` examples. Returns the row indices: first
/// `0..n` in order, then the drawn copies.
///
/// With one `StdRng::seed_from_u64(seed)`, visit the classes in label order and draw each
/// copy as `members[rng.gen_range(0..members.len())]`.
///
/// ```
/// let rows = imbalanced::random_oversample(&[0, 0, 0, 1], 7).unwrap();
/// assert_eq!(rows.len(), 6);
/// assert_eq!(&rows[4..], &[3, 3]);
/// ```
///
/// # Errors
/// As [`random_undersample`].
///
/// Hints: `cargo grader hint 22::random_oversample`.
pub fn random_oversample(y: &[usize], seed: u64) -> Result<Vec<usize>, ImbError> {
    todo!()
}

/// SMOTE (Chawla et al. 2002; `imblearn.over_sampling.SMOTE(k_neighbors=k)`): make `n_new`
/// synthetic examples of class `minority`.
///
/// For each minority row find its `k` nearest *other* minority rows (Euclidean distance,
/// ties broken by the lower row index). Then, with one `StdRng::seed_from_u64(seed)`, for
/// each new point: pick a base minority row uniformly (`rng.gen_range(0..m)`), one of its
/// `k` neighbours uniformly (`rng.gen_range(0..k)`) and a gap `u = rng.gen::<f64>()` in
/// `[0, 1)`, and emit `x_new = x_base + u · (x_nn − x_base)`: a point on the segment between
/// two real minority examples.
///
/// ```
/// use ndarray::array;
/// let x = array![[0.0, 0.0], [1.0, 0.0], [5.0, 5.0], [0.0, 1.0]];
/// let s = imbalanced::smote(x.view(), &[1, 1, 0, 1], 1, 10, 2, 3).unwrap();
/// assert_eq!(s.points.dim(), (10, 2));
/// assert!(s.points.iter().all(|&v| (0.0..=1.0).contains(&v)));
/// ```
///
/// # Errors
/// [`ImbError::LengthMismatch`] when `x` and `y` disagree; [`ImbError::BadParam`] for
/// `k = 0` or `k ≥` the number of minority rows (there must be `k` neighbours), or a
/// non-finite value in `x`.
///
/// Hints: `cargo grader hint 22::smote`.
pub fn smote(
    x: ArrayView2<'_, f64>,
    y: &[usize],
    minority: usize,
    n_new: usize,
    k: usize,
    seed: u64,
) -> Result<Synthetic, ImbError> {
    todo!()
}

/// The precision–recall curve (`sklearn.metrics.precision_recall_curve`), from high
/// threshold to low: one point per distinct score `t`, for "positive when score ≥ t":
/// `precision = TP / (TP + FP)`, `recall = TP / n₊`. Equal scores enter together. (scikit-
/// learn lists the same points in the opposite order and appends `(recall 0, precision 1)`
/// with no threshold; this curve does not.)
///
/// ```
/// let c = imbalanced::precision_recall_curve(&[1, 0, 1, 0], &[0.9, 0.8, 0.4, 0.1]).unwrap();
/// let pr: Vec<(f64, f64)> = c.iter().map(|p| (p.recall, p.precision)).collect();
/// assert_eq!(pr, vec![(0.5, 1.0), (0.5, 0.5), (1.0, 2.0 / 3.0), (1.0, 0.5)]);
/// ```
///
/// # Errors
/// [`ImbError::LengthMismatch`], [`ImbError::BadLabel`], [`ImbError::BadParam`] for a NaN
/// score, [`ImbError::Empty`] unless both classes are present.
///
/// Hints: `cargo grader hint 22::precision_recall_curve`.
pub fn precision_recall_curve(y: &[usize], scores: &[f64]) -> Result<Vec<PrPoint>, ImbError> {
    todo!()
}

/// Average precision, scikit-learn's `average_precision_score`: the area under the PR
/// curve as a step sum, `AP = Σₙ (Rₙ − Rₙ₋₁) · Pₙ` over [`precision_recall_curve`]'s points
/// with `R₀ = 0`. A random ranking scores about the positive rate; a perfect one 1.
///
/// ```
/// let ap = imbalanced::average_precision(&[1, 0, 1, 0], &[0.9, 0.8, 0.4, 0.1]).unwrap();
/// assert!((ap - (0.5 * 1.0 + 0.5 * 2.0 / 3.0)).abs() < 1e-15);
/// ```
///
/// # Errors
/// As [`precision_recall_curve`].
///
/// Hints: `cargo grader hint 22::average_precision`.
pub fn average_precision(y: &[usize], scores: &[f64]) -> Result<f64, ImbError> {
    todo!()
}

/// The threshold with the highest F1 among the distinct scores (positive when
/// score `≥ threshold`); on a tie, the highest such threshold. `value` is that F1.
///
/// ```
/// let c = imbalanced::best_f1_threshold(&[1, 0, 1, 0], &[0.9, 0.8, 0.4, 0.1]).unwrap();
/// assert_eq!(c.threshold, 0.4);
/// assert!((c.value - 0.8).abs() < 1e-15);
/// ```
///
/// # Errors
/// As [`precision_recall_curve`].
///
/// Hints: `cargo grader hint 22::best_f1_threshold`.
pub fn best_f1_threshold(y: &[usize], scores: &[f64]) -> Result<ThresholdChoice, ImbError> {
    todo!()
}

/// The threshold with the lowest total cost `FP · cost_fp + FN · cost_fn`, among the
/// distinct scores and `+∞` (flag nobody); on a tie, the highest such threshold. `value`
/// is that total cost. For calibrated probabilities the best threshold is near
/// `cost_fp / (cost_fp + cost_fn)`.
///
/// ```
/// let c = imbalanced::min_cost_threshold(&[1, 0, 1, 0], &[0.9, 0.8, 0.4, 0.1], 1.0, 5.0).unwrap();
/// assert_eq!((c.threshold, c.value), (0.4, 1.0));
/// ```
///
/// # Errors
/// As [`precision_recall_curve`], and [`ImbError::BadParam`] for a negative or non-finite
/// cost.
///
/// Hints: `cargo grader hint 22::min_cost_threshold`.
pub fn min_cost_threshold(
    y: &[usize],
    scores: &[f64],
    cost_fp: f64,
    cost_fn: f64,
) -> Result<ThresholdChoice, ImbError> {
    todo!()
}

/// The telco churn data as `(x, y)`: all 7043 customers, the [`CHURN_FEATURES`] columns,
/// and `y = 1` for `churn == "Yes"` (1869 of them, 26.5 %). The 11 customers with an empty
/// `total_charges` all have `tenure = 0` — they have not been billed yet — so their total
/// is 0.0 rather than a dropped row.
///
/// ```
/// let (x, y) = imbalanced::load_churn().unwrap();
/// assert_eq!(x.dim(), (7043, imbalanced::CHURN_FEATURES.len()));
/// assert_eq!(y.sum(), 1869);
/// ```
///
/// # Errors
/// [`ImbError::Data`] when the file cannot be read or a numeric field is malformed.
///
/// Hints: `cargo grader hint 22::load_churn`.
pub fn load_churn() -> Result<(Array2<f64>, Array1<usize>), ImbError> {
    todo!()
}

/// The final comparison: three logistic regressions fitted on the training part with
/// [`fit_weighted_logistic`] (`learning_rate`, `epochs`) and scored on the untouched test
/// part at threshold 0.5, in this order:
///
/// - `"plain"`: every weight 1;
/// - `"weighted"`: sample weights from [`balanced_class_weights`] of `y_train`;
/// - `"smote"`: weights 1 on the training rows plus `n_majority − n_minority` [`smote`]
///   rows of the training minority class (`k = 5`, `seed`), so the classes are even.
///
/// Resampling touches only the training part: the test part keeps the real class balance,
/// because that is what the model will meet.
///
/// ```no_run
/// let (x, y) = imbalanced::load_churn().unwrap();
/// let y: Vec<usize> = y.to_vec();
/// let s = imbalanced::stratified_split(&y, 0.25, 0).unwrap();
/// let pick = |idx: &[usize]| (x.select(ndarray::Axis(0), idx), idx.iter().map(|&i| y[i]).collect::<Vec<_>>());
/// let ((xtr, ytr), (xte, yte)) = (pick(&s.train), pick(&s.test));
/// let rows = imbalanced::compare_variants(xtr.view(), &ytr, xte.view(), &yte, 0.5, 300, 0).unwrap();
/// for r in &rows { println!("{:9} recall {:.3} AP {:.3}", r.name, r.recall, r.average_precision); }
/// ```
///
/// # Errors
/// Those of the functions it calls: labels, lengths, too few minority rows for SMOTE, …
///
/// Hints: `cargo grader hint 22::compare_variants`.
pub fn compare_variants(
    x_train: ArrayView2<'_, f64>,
    y_train: &[usize],
    x_test: ArrayView2<'_, f64>,
    y_test: &[usize],
    learning_rate: f64,
    epochs: usize,
    seed: u64,
) -> Result<Vec<VariantReport>, ImbError> {
    todo!()
}

/// Draw precision–recall curves to `path` (PNG or SVG by extension, 800 × 500) with
/// `charts::line_chart`: one line per `(name, curve)` through its (recall, precision)
/// points, its legend reading `"{name} (AP 0.642)"` (the curve's average precision to three
/// decimals), plus a flat line named `"no skill"` at precision = `positive_rate` — what
/// random guessing gets. Axes: recall (x), precision (y).
///
/// ```no_run
/// let c = imbalanced::precision_recall_curve(&[1, 0, 1, 0], &[0.9, 0.8, 0.4, 0.1]).unwrap();
/// imbalanced::plot_pr_curves(&[("model", &c)], 0.5, "PR", std::path::Path::new("plots/22/pr.png")).unwrap();
/// ```
///
/// # Errors
/// [`ImbError::Empty`] when there is no curve or a curve has no points;
/// [`ImbError::Plot`] when drawing fails.
///
/// Hints: `cargo grader hint 22::plot_pr_curves`.
pub fn plot_pr_curves(
    curves: &[(&str, &[PrPoint])],
    positive_rate: f64,
    title: &str,
    path: &std::path::Path,
) -> Result<(), ImbError> {
    todo!()
}
