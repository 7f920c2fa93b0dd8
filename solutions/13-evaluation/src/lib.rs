//! Chapter 13: model evaluation (roadmap W9-10 D7, "Model evaluation - Train/Test split,
//! Cross-validation").
//!
//! Reference solution. Same public API as `exercises/13-evaluation`.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;

/// What can go wrong when splitting or scoring.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// No rows where some are needed.
    #[error("empty data: {0}")]
    Empty(&'static str),
    /// Two inputs disagree on their length.
    #[error("{left} values against {right}")]
    LengthMismatch { left: usize, right: usize },
    /// A label outside the allowed range (binary metrics take 0 and 1 only).
    #[error("label {label} at position {position} is not below {n_classes}")]
    BadLabel {
        position: usize,
        label: usize,
        n_classes: usize,
    },
    /// A parameter out of range.
    #[error("bad parameter: {0}")]
    BadParam(String),
    /// The data set could not be read.
    #[error(transparent)]
    Data(#[from] datasets::Error),
    /// Drawing failed.
    #[error("plot: {0}")]
    Plot(String),
}

/// Row indices of a training part and a test part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub train: Vec<usize>,
    pub test: Vec<usize>,
}

/// One point of a ROC curve: predicting positive for every score `≥ threshold` gives
/// this false-positive rate and true-positive rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RocPoint {
    pub threshold: f64,
    pub fpr: f64,
    pub tpr: f64,
}

fn check_fraction(f: f64) -> Result<(), EvalError> {
    if f > 0.0 && f < 1.0 {
        Ok(())
    } else {
        Err(EvalError::BadParam(format!(
            "test fraction {f} must be strictly between 0 and 1"
        )))
    }
}

/// A shuffled train/test split of the rows `0..n` (scikit-learn's `train_test_split`).
///
/// Shuffle `0..n` with `StdRng::seed_from_u64(seed)`; the first `round(n · test_fraction)`
/// shuffled indices are the test part, the rest the training part.
///
/// ```
/// let s = evaluation::shuffle_split(10, 0.3, 1).unwrap();
/// assert_eq!((s.train.len(), s.test.len()), (7, 3));
/// ```
///
/// # Errors
/// [`EvalError::Empty`] for `n = 0`, [`EvalError::BadParam`] unless `0 < test_fraction < 1`.
pub fn shuffle_split(n: usize, test_fraction: f64, seed: u64) -> Result<Split, EvalError> {
    check_fraction(test_fraction)?;
    if n == 0 {
        return Err(EvalError::Empty("nothing to split"));
    }
    let mut idx: Vec<usize> = (0..n).collect();
    idx.shuffle(&mut StdRng::seed_from_u64(seed));
    let n_test = (n as f64 * test_fraction).round() as usize;
    let train = idx.split_off(n_test);
    Ok(Split { train, test: idx })
}

/// A stratified split: every class keeps (almost exactly) its share in both parts
/// (`train_test_split(..., stratify=y)`).
///
/// For each class `c` in increasing label order, shuffle its row indices (one
/// `StdRng::seed_from_u64(seed)` for the whole call) and put the first
/// `round(n_c · test_fraction)` of them in the test part. So each class's test count is
/// within one example of `n_c · test_fraction`.
///
/// ```
/// let y = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1];
/// let s = evaluation::stratified_split(&y, 0.25, 3).unwrap();
/// let test_ones = s.test.iter().filter(|&&i| y[i] == 1).count();
/// assert_eq!((s.test.len(), test_ones), (3, 2));
/// ```
///
/// # Errors
/// [`EvalError::Empty`] for no labels, [`EvalError::BadParam`] for a bad fraction.
pub fn stratified_split(y: &[usize], test_fraction: f64, seed: u64) -> Result<Split, EvalError> {
    check_fraction(test_fraction)?;
    if y.is_empty() {
        return Err(EvalError::Empty("nothing to split"));
    }
    let mut rng = StdRng::seed_from_u64(seed);
    let n_classes = y.iter().max().expect("non-empty") + 1;
    let mut split = Split {
        train: Vec::new(),
        test: Vec::new(),
    };
    for c in 0..n_classes {
        let mut members: Vec<usize> = (0..y.len()).filter(|&i| y[i] == c).collect();
        members.shuffle(&mut rng);
        let n_test = (members.len() as f64 * test_fraction).round() as usize;
        split.test.extend_from_slice(&members[..n_test]);
        split.train.extend_from_slice(&members[n_test..]);
    }
    Ok(split)
}

/// `k` folds for cross-validation (scikit-learn's `KFold`).
///
/// The rows `0..n` are first shuffled with `StdRng::seed_from_u64(seed)` when `seed` is
/// `Some`, and kept in order when it is `None`. Then they are cut into `k` consecutive
/// blocks: the first `n % k` blocks hold `n / k + 1` rows, the others `n / k`. Fold `i`
/// tests on block `i` and trains on all the other rows (in their order).
///
/// ```
/// let folds = evaluation::kfold(5, 2, None).unwrap();
/// assert_eq!(folds[0].test, vec![0, 1, 2]);
/// assert_eq!(folds[1].train, vec![0, 1, 2]);
/// ```
///
/// # Errors
/// [`EvalError::BadParam`] unless `2 ≤ k ≤ n`.
pub fn kfold(n: usize, k: usize, seed: Option<u64>) -> Result<Vec<Split>, EvalError> {
    if k < 2 || k > n {
        return Err(EvalError::BadParam(format!(
            "k = {k} must be between 2 and n = {n}"
        )));
    }
    let mut order: Vec<usize> = (0..n).collect();
    if let Some(seed) = seed {
        order.shuffle(&mut StdRng::seed_from_u64(seed));
    }
    let mut folds = Vec::with_capacity(k);
    let mut start = 0;
    for i in 0..k {
        let size = n / k + usize::from(i < n % k);
        let test = order[start..start + size].to_vec();
        let train = order[..start]
            .iter()
            .chain(&order[start + size..])
            .copied()
            .collect();
        folds.push(Split { train, test });
        start += size;
    }
    Ok(folds)
}

/// Shared checks for label vectors.
fn check_labels(y_true: &[usize], y_pred: &[usize], n_classes: usize) -> Result<(), EvalError> {
    if y_true.len() != y_pred.len() {
        return Err(EvalError::LengthMismatch {
            left: y_true.len(),
            right: y_pred.len(),
        });
    }
    for labels in [y_true, y_pred] {
        if let Some(position) = labels.iter().position(|&l| l >= n_classes) {
            return Err(EvalError::BadLabel {
                position,
                label: labels[position],
                n_classes,
            });
        }
    }
    Ok(())
}

/// The confusion matrix: entry `[t, p]` counts the examples of true class `t` predicted
/// as class `p` (rows are the truth, as in scikit-learn's `confusion_matrix`).
///
/// ```
/// let m = evaluation::confusion_matrix(&[0, 1, 1, 1], &[0, 0, 1, 1], 2).unwrap();
/// assert_eq!(m, ndarray::array![[1, 0], [1, 2]]);
/// ```
///
/// # Errors
/// [`EvalError::LengthMismatch`], [`EvalError::BadLabel`] for a label `≥ n_classes`.
pub fn confusion_matrix(
    y_true: &[usize],
    y_pred: &[usize],
    n_classes: usize,
) -> Result<Array2<usize>, EvalError> {
    check_labels(y_true, y_pred, n_classes)?;
    let mut m = Array2::zeros((n_classes, n_classes));
    for (&t, &p) in y_true.iter().zip(y_pred) {
        m[[t, p]] += 1;
    }
    Ok(m)
}

/// The share of correct predictions.
///
/// ```
/// assert_eq!(evaluation::accuracy(&[0, 1, 2, 2], &[0, 1, 1, 2]).unwrap(), 0.75);
/// ```
///
/// # Errors
/// [`EvalError::Empty`], [`EvalError::LengthMismatch`].
pub fn accuracy(y_true: &[usize], y_pred: &[usize]) -> Result<f64, EvalError> {
    if y_true.len() != y_pred.len() {
        return Err(EvalError::LengthMismatch {
            left: y_true.len(),
            right: y_pred.len(),
        });
    }
    if y_true.is_empty() {
        return Err(EvalError::Empty("no labels"));
    }
    let right = y_true.iter().zip(y_pred).filter(|(a, b)| a == b).count();
    Ok(right as f64 / y_true.len() as f64)
}

/// True positives, false positives and false negatives of binary labels (1 = positive).
fn tp_fp_fn(y_true: &[usize], y_pred: &[usize]) -> Result<(f64, f64, f64), EvalError> {
    check_labels(y_true, y_pred, 2)?;
    if y_true.is_empty() {
        return Err(EvalError::Empty("no labels"));
    }
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for (&t, &p) in y_true.iter().zip(y_pred) {
        match (t, p) {
            (1, 1) => tp += 1.0,
            (0, 1) => fp += 1.0,
            (1, 0) => fn_ += 1.0,
            _ => {}
        }
    }
    Ok((tp, fp, fn_))
}

/// Precision of binary predictions (1 is the positive class): `TP / (TP + FP)` — of the
/// examples called positive, the share that are. `0.0` when nothing is predicted
/// positive (scikit-learn's `zero_division=0`).
///
/// ```
/// assert_eq!(evaluation::precision(&[1, 0, 1, 0], &[1, 1, 0, 0]).unwrap(), 0.5);
/// ```
///
/// # Errors
/// [`EvalError::Empty`], [`EvalError::LengthMismatch`], [`EvalError::BadLabel`] for a
/// label other than 0 and 1.
pub fn precision(y_true: &[usize], y_pred: &[usize]) -> Result<f64, EvalError> {
    let (tp, fp, _) = tp_fp_fn(y_true, y_pred)?;
    Ok(if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 })
}

/// Recall (sensitivity, true-positive rate): `TP / (TP + FN)` — of the positive
/// examples, the share found. `0.0` when there are no positive examples.
///
/// ```
/// assert_eq!(evaluation::recall(&[1, 1, 1, 0], &[1, 0, 0, 0]).unwrap(), 1.0 / 3.0);
/// ```
///
/// # Errors
/// As [`precision`].
pub fn recall(y_true: &[usize], y_pred: &[usize]) -> Result<f64, EvalError> {
    let (tp, _, fn_) = tp_fp_fn(y_true, y_pred)?;
    Ok(if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 })
}

/// F1, the harmonic mean of precision and recall: `2PR / (P + R)`, `0.0` when both are 0.
///
/// ```
/// let f = evaluation::f1(&[1, 0, 1, 0], &[1, 1, 0, 0]).unwrap();
/// assert!((f - 0.5).abs() < 1e-15);
/// ```
///
/// # Errors
/// As [`precision`].
pub fn f1(y_true: &[usize], y_pred: &[usize]) -> Result<f64, EvalError> {
    let p = precision(y_true, y_pred)?;
    let r = recall(y_true, y_pred)?;
    Ok(if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    })
}

/// The ROC curve of scores for binary labels (1 = positive).
///
/// Sort the distinct scores from high to low. The curve starts at
/// `RocPoint { threshold: +∞, fpr: 0, tpr: 0 }`; then, for every distinct score `t`,
/// one point for "positive when score ≥ t": `tpr = TP / n₊`, `fpr = FP / n₋`. Equal
/// scores enter together — that is what makes a tie a diagonal step.
///
/// ```
/// let roc = evaluation::roc_curve(&[0, 1, 1], &[0.2, 0.9, 0.2]).unwrap();
/// let pts: Vec<(f64, f64)> = roc.iter().map(|p| (p.fpr, p.tpr)).collect();
/// assert_eq!(pts, vec![(0.0, 0.0), (0.0, 0.5), (1.0, 1.0)]);
/// ```
///
/// # Errors
/// [`EvalError::LengthMismatch`], [`EvalError::BadLabel`], [`EvalError::BadParam`] for a
/// NaN score, [`EvalError::Empty`] unless both classes are present.
pub fn roc_curve(y_true: &[usize], scores: &[f64]) -> Result<Vec<RocPoint>, EvalError> {
    if y_true.len() != scores.len() {
        return Err(EvalError::LengthMismatch {
            left: y_true.len(),
            right: scores.len(),
        });
    }
    check_labels(y_true, y_true, 2)?;
    if scores.iter().any(|s| s.is_nan()) {
        return Err(EvalError::BadParam("a score is NaN".into()));
    }
    let n_pos = y_true.iter().filter(|&&l| l == 1).count() as f64;
    let n_neg = y_true.len() as f64 - n_pos;
    if n_pos == 0.0 || n_neg == 0.0 {
        return Err(EvalError::Empty(
            "ROC needs both positive and negative examples",
        ));
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let mut points = vec![RocPoint {
        threshold: f64::INFINITY,
        fpr: 0.0,
        tpr: 0.0,
    }];
    let (mut tp, mut fp) = (0.0, 0.0);
    let mut i = 0;
    while i < order.len() {
        let t = scores[order[i]];
        while i < order.len() && scores[order[i]] == t {
            if y_true[order[i]] == 1 {
                tp += 1.0;
            } else {
                fp += 1.0;
            }
            i += 1;
        }
        points.push(RocPoint {
            threshold: t,
            fpr: fp / n_neg,
            tpr: tp / n_pos,
        });
    }
    Ok(points)
}

/// The area under a curve given by its points in order of increasing `fpr`, by the
/// trapezoid rule: `Σ (fprᵢ₊₁ − fprᵢ) · (tprᵢ + tprᵢ₊₁) / 2`.
///
/// ```
/// use evaluation::RocPoint;
/// let p = |fpr, tpr| RocPoint { threshold: 0.0, fpr, tpr };
/// assert_eq!(evaluation::auc(&[p(0.0, 0.0), p(1.0, 1.0)]), 0.5);
/// ```
pub fn auc(points: &[RocPoint]) -> f64 {
    points
        .windows(2)
        .map(|w| (w[1].fpr - w[0].fpr) * (w[0].tpr + w[1].tpr) / 2.0)
        .sum()
}

/// ROC AUC straight from labels and scores: [`auc`] of [`roc_curve`]. It equals the
/// probability that a random positive scores above a random negative, ties counting ½
/// (`sklearn.metrics.roc_auc_score`).
///
/// ```
/// assert_eq!(evaluation::roc_auc(&[0, 0, 1, 1], &[0.1, 0.4, 0.35, 0.8]).unwrap(), 0.75);
/// ```
///
/// # Errors
/// As [`roc_curve`].
pub fn roc_auc(y_true: &[usize], scores: &[f64]) -> Result<f64, EvalError> {
    Ok(auc(&roc_curve(y_true, scores)?))
}

/// Draw ROC curves to `path` (PNG or SVG by extension, 800 × 500) with
/// `charts::line_chart`: one line per `(name, points)` entry, its legend reading
/// `"{name} (AUC 0.742)"` with the [`auc`] to three decimals, plus a line named `"chance"`
/// from (0, 0) to (1, 1). Axes: false-positive rate (x), true-positive rate (y).
///
/// ```no_run
/// let roc = evaluation::roc_curve(&[0, 1, 1, 0], &[0.1, 0.8, 0.4, 0.5]).unwrap();
/// evaluation::plot_roc(&[("model", &roc)], "ROC", std::path::Path::new("plots/13/roc.png")).unwrap();
/// ```
///
/// # Errors
/// [`EvalError::Empty`] when there is no curve or a curve has no points;
/// [`EvalError::Plot`] when drawing fails.
pub fn plot_roc(
    curves: &[(&str, &[RocPoint])],
    title: &str,
    path: &std::path::Path,
) -> Result<(), EvalError> {
    if curves.is_empty() || curves.iter().any(|(_, pts)| pts.is_empty()) {
        return Err(EvalError::Empty("no ROC curve to draw"));
    }
    let mut series: Vec<charts::Series> = curves
        .iter()
        .map(|(name, pts)| {
            charts::Series::new(
                format!("{name} (AUC {:.3})", auc(pts)),
                pts.iter().map(|p| (p.fpr, p.tpr)).collect(),
            )
        })
        .collect();
    series.push(charts::Series::new("chance", vec![(0.0, 0.0), (1.0, 1.0)]));
    charts::line_chart(
        path,
        title,
        "false-positive rate",
        "true-positive rate",
        &series,
    )
    .map_err(|e| EvalError::Plot(e.to_string()))
}

/// k-fold cross-validation of any classifier: for each fold, call
/// `fit_predict(x_train, y_train, x_test)` with that fold's rows (in the fold's index
/// order) and score its predictions with [`accuracy`]. Returns one accuracy per fold
/// (`cross_val_score(model, X, y, cv=folds)`).
///
/// ```
/// use ndarray::array;
/// let x = array![[0.0], [1.0], [2.0], [3.0]];
/// let y = array![0, 0, 1, 1];
/// let folds = evaluation::kfold(4, 2, None).unwrap();
/// // A "model" that always predicts 0.
/// let scores = evaluation::cross_val_score(x.view(), y.view(), &folds, |_, _, xt| ndarray::Array1::zeros(xt.nrows())).unwrap();
/// assert_eq!(scores, vec![1.0, 0.0]);
/// ```
///
/// # Errors
/// [`EvalError::LengthMismatch`] when `x` and `y` disagree or `fit_predict` returns the
/// wrong number of predictions; [`EvalError::Empty`] for a fold with no test rows.
///
/// # Panics
/// If a fold holds an index out of range.
pub fn cross_val_score<F>(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    folds: &[Split],
    mut fit_predict: F,
) -> Result<Vec<f64>, EvalError>
where
    F: FnMut(ArrayView2<'_, f64>, ArrayView1<'_, usize>, ArrayView2<'_, f64>) -> Array1<usize>,
{
    if x.nrows() != y.len() {
        return Err(EvalError::LengthMismatch {
            left: x.nrows(),
            right: y.len(),
        });
    }
    folds
        .iter()
        .map(|fold| {
            let x_train = x.select(Axis(0), &fold.train);
            let y_train = y.select(Axis(0), &fold.train);
            let x_test = x.select(Axis(0), &fold.test);
            let y_test: Vec<usize> = fold.test.iter().map(|&i| y[i]).collect();
            let predicted = fit_predict(x_train.view(), y_train.view(), x_test.view());
            accuracy(&y_test, predicted.as_slice().unwrap_or(&predicted.to_vec()))
        })
        .collect()
}

/// The telco churn features, in column order. `month_to_month` is 1.0 when `contract`
/// is `"Month-to-month"`; the others are the file's numeric columns.
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

/// The telco churn data as `(x, y)`: [`CHURN_FEATURES`] and `y` = 1 for `churn == "Yes"`.
/// Rows with an empty `total_charges` (brand-new customers) are dropped; the rest keep
/// their file order.
///
/// ```
/// let (x, y) = evaluation::load_churn().unwrap();
/// assert_eq!((x.ncols(), x.nrows()), (8, y.len()));
/// ```
///
/// # Errors
/// [`EvalError::Data`] when the file cannot be read or a field is malformed.
pub fn load_churn() -> Result<(Array2<f64>, Array1<usize>), EvalError> {
    let t = datasets::table("telco_churn")?;
    let numeric: Vec<Vec<Option<f64>>> = CHURN_FEATURES[..7]
        .iter()
        .map(|c| t.f64_column(c))
        .collect::<Result<_, _>>()?;
    let contract = t.column("contract")?;
    let churn = t.column("churn")?;
    let mut values = Vec::new();
    let mut y = Vec::new();
    for i in 0..t.len() {
        if numeric.iter().any(|c| c[i].is_none()) {
            continue;
        }
        values.extend(numeric.iter().map(|c| c[i].expect("checked")));
        values.push(f64::from(contract[i] == Some("Month-to-month")));
        y.push(usize::from(churn[i] == Some("Yes")));
    }
    let x = Array2::from_shape_vec((y.len(), CHURN_FEATURES.len()), values)
        .expect("eight values per kept row");
    Ok((x, Array1::from(y)))
}
