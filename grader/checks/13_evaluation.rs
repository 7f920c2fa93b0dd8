//! Hidden checks for chapter 13 (evaluation). Expected values come from naive loops
//! (AUC by the Mann–Whitney double loop), from properties of splits, and from
//! `linfa::metrics` — never from the reference solution.

use std::collections::BTreeSet;

use evaluation::*;
use harness::prelude::*;
use linfa::prelude::*;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use rand::Rng;

const DAY: &[&str] = &["W9-10 D7"];
/// Ratios of counts up to a few thousand: exact up to rounding of one division.
const RATIO: Tol = Tol::new(1e-12, 1e-12);
/// linfa's metrics are f32: about 7 significant digits.
const F32: Tol = Tol::new(1e-6, 1e-6);

// ---------------------------------------------------------------- independent routes

fn churn_by_hand() -> (Array2<f64>, Vec<usize>) {
    let t = datasets::table("telco_churn").expect("telco_churn loads");
    let cols = [
        "tenure",
        "monthly_charges",
        "total_charges",
        "senior_citizen",
        "partner",
        "dependents",
        "paperless_billing",
    ];
    let idx: Vec<usize> = cols.iter().map(|c| t.index(c).unwrap()).collect();
    let (ci, yi) = (t.index("contract").unwrap(), t.index("churn").unwrap());
    let mut v = Vec::new();
    let mut y = Vec::new();
    for r in &t.rows {
        if idx.iter().any(|&j| r[j].trim().is_empty() || r[j] == "NA") {
            continue;
        }
        v.extend(idx.iter().map(|&j| r[j].parse::<f64>().unwrap()));
        v.push(if r[ci] == "Month-to-month" { 1.0 } else { 0.0 });
        y.push(if r[yi] == "Yes" { 1 } else { 0 });
    }
    (Array2::from_shape_vec((y.len(), 8), v).unwrap(), y)
}

/// AUC as the Mann–Whitney U statistic over n₊·n₋: every (positive, negative) pair,
/// 1 when the positive scores higher, ½ for a tie.
fn mann_whitney_auc(y: &[usize], s: &[f64]) -> f64 {
    let mut u = 0.0;
    let (mut np, mut nn) = (0usize, 0usize);
    for i in 0..y.len() {
        if y[i] == 1 {
            np += 1;
        } else {
            nn += 1;
        }
    }
    for i in 0..y.len() {
        if y[i] != 1 {
            continue;
        }
        for j in 0..y.len() {
            if y[j] != 0 {
                continue;
            }
            if s[i] > s[j] {
                u += 1.0;
            } else if s[i] == s[j] {
                u += 0.5;
            }
        }
    }
    u / (np as f64 * nn as f64)
}

fn counts(y_true: &[usize], y_pred: &[usize]) -> (f64, f64, f64, f64) {
    let (mut tp, mut fp, mut fn_, mut tn) = (0.0, 0.0, 0.0, 0.0);
    for i in 0..y_true.len() {
        match (y_true[i], y_pred[i]) {
            (1, 1) => tp += 1.0,
            (0, 1) => fp += 1.0,
            (1, 0) => fn_ += 1.0,
            _ => tn += 1.0,
        }
    }
    (tp, fp, fn_, tn)
}

/// Random binary labels and predictions with at least one TP, FP, FN and TN.
fn binary_pair(cx: &mut Ctx) -> (Vec<usize>, Vec<usize>) {
    let n = cx.usize_in(8..=200);
    let mut t: Vec<usize> = (0..n).map(|_| cx.usize_in(0..=1)).collect();
    let mut p: Vec<usize> = (0..n).map(|_| cx.usize_in(0..=1)).collect();
    for (k, (a, b)) in [(1, 1), (0, 1), (1, 0), (0, 0)].into_iter().enumerate() {
        t[k] = a;
        p[k] = b;
    }
    (t, p)
}

/// linfa's confusion matrix of predictions against the truth.
fn linfa_cm(t: &[usize], p: &[usize]) -> linfa::metrics::ConfusionMatrix<usize> {
    Array1::from(p.to_vec())
        .confusion_matrix(Array1::from(t.to_vec()))
        .expect("linfa builds a confusion matrix")
}

fn check_partition(what: &str, n: usize, s: &Split) -> CheckResult {
    let mut all: Vec<usize> = s.train.iter().chain(&s.test).copied().collect();
    all.sort_unstable();
    expect_eq(
        &format!("{what}: train ∪ test sorted (each of 0..{n} exactly once)"),
        (0..n).collect::<Vec<_>>(),
        all,
    )
}

fn rows(x: ArrayView2<f64>, idx: &[usize]) -> Array2<f64> {
    Array2::from_shape_fn((idx.len(), x.ncols()), |(i, j)| x[[idx[i], j]])
}

/// A tiny classifier for the cross-validation check: nearest class centroid.
fn nearest_centroid(
    xt: ArrayView2<f64>,
    yt: ArrayView1<usize>,
    xs: ArrayView2<f64>,
) -> Array1<usize> {
    let k = yt.iter().max().map_or(1, |m| m + 1);
    let d = xt.ncols();
    let mut c = Array2::<f64>::zeros((k, d));
    let mut n = vec![0.0f64; k];
    for i in 0..xt.nrows() {
        n[yt[i]] += 1.0;
        for j in 0..d {
            c[[yt[i], j]] += xt[[i, j]];
        }
    }
    for cl in 0..k {
        for j in 0..d {
            c[[cl, j]] /= n[cl].max(1.0);
        }
    }
    Array1::from_shape_fn(xs.nrows(), |i| {
        (0..k)
            .min_by(|&a, &b| {
                let da: f64 = (0..d).map(|j| (xs[[i, j]] - c[[a, j]]).powi(2)).sum();
                let db: f64 = (0..d).map(|j| (xs[[i, j]] - c[[b, j]]).powi(2)).sum();
                da.partial_cmp(&db).unwrap()
            })
            .unwrap()
    })
}

// ---------------------------------------------------------------- the comparison

fn compare() -> Result<Comparison, String> {
    let (x, y) = churn_by_hand();
    // A simple rule as the "model": month-to-month customers in their first year churn.
    let pred: Vec<usize> = (0..y.len())
        .map(|i| usize::from(x[[i, 7]] == 1.0 && x[[i, 0]] < 12.0))
        .collect();
    let cm = linfa_cm(&y, &pred);
    let err = |e: EvalError| e.to_string();
    let mut table = Comparison::new(
        "linfa 0.8 metrics (ConfusionMatrix; f32)",
        format!(
            "telco_churn, {} rows; rule: month-to-month and tenure < 12 → churn",
            y.len()
        ),
    );
    table.row(
        "accuracy",
        accuracy(&y, &pred).map_err(err)?,
        f64::from(cm.accuracy()),
    );
    table.row("F1", f1(&y, &pred).map_err(err)?, f64::from(cm.f1_score()));
    // linfa 0.8.1's precision()/recall() on `predicted.confusion_matrix(truth)` return
    // TP/(TP+FN) and TP/(TP+FP) respectively (see its own test_cm_metrices): swapped here.
    table.row(
        "precision (linfa's recall())",
        precision(&y, &pred).map_err(err)?,
        f64::from(cm.recall()),
    );
    table.row(
        "recall (linfa's precision())",
        recall(&y, &pred).map_err(err)?,
        f64::from(cm.precision()),
    );
    let scores: Vec<f64> = (0..y.len()).map(|i| -x[[i, 0]]).collect();
    table.row(
        "ROC AUC of −tenure (baseline: Mann–Whitney loop)",
        roc_auc(&y, &scores).map_err(err)?,
        mann_whitney_auc(&y, &scores),
    );
    Ok(table)
}

// ---------------------------------------------------------------- the checks

fn main() {
    harness::run_with_compare(
        "13",
        vec![
            Check::new("shuffle_split/properties", DAY, |cx| {
                // n ≥ 50 and a fraction ≥ 0.1 give ≥ 5 test rows: a shuffled split is then
                // (almost surely) neither a block at one end nor repeated by another seed.
                let n = cx.usize_in(50..=400);
                let f = cx.f64_in(0.1, 0.5);
                let seed = cx.rng.gen::<u64>();
                let s = expect_ok("shuffle_split", shuffle_split(n, f, seed))?;
                expect_eq(
                    &format!("test size for n = {n}, fraction {f:.3}"),
                    (n as f64 * f).round() as usize,
                    s.test.len(),
                )?;
                check_partition("shuffle_split", n, &s)?;
                expect_eq(
                    "the same seed gives the same split",
                    s.clone(),
                    expect_ok("shuffle_split", shuffle_split(n, f, seed))?,
                )?;
                let other = expect_ok("shuffle_split", shuffle_split(n, f, seed ^ 1))?;
                ensure(other != s, || {
                    "two seeds gave the same split: is the seed used?".into()
                })?;
                let mut sorted = s.test.clone();
                sorted.sort_unstable();
                ensure(
                    sorted != (0..s.test.len()).collect::<Vec<_>>()
                        && sorted != (n - s.test.len()..n).collect::<Vec<_>>(),
                    || "the test rows are a block at one end: shuffle first".into(),
                )
            }),
            Check::new("shuffle_split/bad_input", DAY, |_| {
                expect_err("shuffle_split(10, 0, 1)", shuffle_split(10, 0.0, 1))?;
                expect_err("shuffle_split(10, 1, 1)", shuffle_split(10, 1.0, 1))?;
                expect_err("shuffle_split(0, 0.2, 1)", shuffle_split(0, 0.2, 1))?;
                Ok(())
            }),
            Check::new("stratified_split/churn", DAY, |cx| {
                let (_, y) = churn_by_hand();
                let f = cx.f64_in(0.1, 0.4);
                let s = expect_ok(
                    "stratified_split on churn labels",
                    stratified_split(&y, f, cx.rng.gen()),
                )?;
                check_partition("stratified_split", y.len(), &s)?;
                for c in 0..2 {
                    let n_c = y.iter().filter(|&&l| l == c).count();
                    let test_c = s.test.iter().filter(|&&i| y[i] == c).count();
                    let ideal = n_c as f64 * f;
                    ensure((test_c as f64 - ideal).abs() <= 1.0, || {
                        format!("class {c}: {test_c} test rows, expected {ideal:.1} ± 1 ({n_c} rows × fraction {f:.3})")
                    })?;
                }
                Ok(())
            }),
            Check::new("stratified_split/small_classes", DAY, |cx| {
                let n = cx.usize_in(10..=60);
                let y: Vec<usize> = (0..n).map(|_| cx.usize_in(0..=3)).collect();
                let f = cx.f64_in(0.15, 0.5);
                let seed = cx.rng.gen::<u64>();
                let s = expect_ok("stratified_split", stratified_split(&y, f, seed))?;
                check_partition("stratified_split", n, &s)?;
                for c in 0..4 {
                    let n_c = y.iter().filter(|&&l| l == c).count();
                    let test_c = s.test.iter().filter(|&&i| y[i] == c).count();
                    let ideal = n_c as f64 * f;
                    ensure((test_c as f64 - ideal).abs() <= 1.0, || {
                        format!("class {c} of labels {y:?}: {test_c} test rows, expected {ideal:.2} ± 1")
                    })?;
                }
                let again = expect_ok("stratified_split", stratified_split(&y, f, seed))?;
                expect_eq("the same seed gives the same split", s, again)
            }),
            Check::new("kfold/in_order", DAY, |cx| {
                let n = cx.usize_in(2..=50);
                let k = cx.usize_in(2..=n.min(10));
                let folds = expect_ok(&format!("kfold({n}, {k}, None)"), kfold(n, k, None))?;
                expect_eq("number of folds", k, folds.len())?;
                let mut start = 0;
                for (i, f) in folds.iter().enumerate() {
                    let size = if i < n % k { n / k + 1 } else { n / k };
                    let test: Vec<usize> = (start..start + size).collect();
                    let train: Vec<usize> = (0..n).filter(|j| !test.contains(j)).collect();
                    expect_eq(&format!("fold {i} test rows (n = {n}, k = {k}: the first n % k folds hold one extra)"), test, f.test.clone())?;
                    expect_eq(&format!("fold {i} training rows"), train, f.train.clone())?;
                    start += size;
                }
                Ok(())
            }),
            Check::new("kfold/shuffled", DAY, |cx| {
                let n = cx.usize_in(20..=300);
                let k = cx.usize_in(2..=10);
                let seed = cx.rng.gen::<u64>();
                let folds = expect_ok(
                    &format!("kfold({n}, {k}, Some(seed))"),
                    kfold(n, k, Some(seed)),
                )?;
                expect_eq("number of folds", k, folds.len())?;
                let mut seen = BTreeSet::new();
                for (i, f) in folds.iter().enumerate() {
                    check_partition(&format!("fold {i}"), n, f)?;
                    let size = if i < n % k { n / k + 1 } else { n / k };
                    expect_eq(&format!("fold {i} test size"), size, f.test.len())?;
                    for &t in &f.test {
                        ensure(seen.insert(t), || {
                            format!("row {t} is in the test part of two folds")
                        })?;
                    }
                }
                expect_eq("rows covered by the test folds", n, seen.len())?;
                // All test folds laid end to end are the shuffled order: for n ≥ 20 it is (almost
                // surely) not 0, 1, 2, … unless nothing was shuffled.
                let laid: Vec<usize> = folds.iter().flat_map(|f| f.test.iter().copied()).collect();
                ensure(laid != (0..n).collect::<Vec<_>>(), || {
                    "with a seed the rows must be shuffled before cutting the folds".into()
                })?;
                expect_eq(
                    "the same seed gives the same folds",
                    folds,
                    expect_ok("kfold", kfold(n, k, Some(seed)))?,
                )
            }),
            Check::new("kfold/bad_input", DAY, |_| {
                expect_err("kfold(10, 1, None)", kfold(10, 1, None))?;
                expect_err("kfold(3, 4, None)", kfold(3, 4, None))?;
                Ok(())
            }),
            Check::new("confusion_matrix/random", DAY, |cx| {
                let k = cx.usize_in(2..=5);
                let n = cx.usize_in(1..=100);
                let t: Vec<usize> = (0..n).map(|_| cx.usize_in(0..=k - 1)).collect();
                let p: Vec<usize> = (0..n).map(|_| cx.usize_in(0..=k - 1)).collect();
                let mut expected = Array2::<f64>::zeros((k, k));
                for i in 0..n {
                    expected[[t[i], p[i]]] += 1.0;
                }
                let got = expect_ok("confusion_matrix", confusion_matrix(&t, &p, k))?;
                expect_array_close(
                    "confusion matrix [true, predicted]",
                    &expected,
                    &got.mapv(|v| v as f64),
                    Tol::EXACT,
                )?;
                expect_err(
                    "confusion_matrix with a label = n_classes",
                    confusion_matrix(&[0, k], &[0, 0], k),
                )?;
                expect_err(
                    "confusion_matrix with 2 and 3 labels",
                    confusion_matrix(&[0, 1], &[0, 1, 1], k),
                )?;
                Ok(())
            }),
            Check::new("accuracy/linfa", DAY, |cx| {
                let k = cx.usize_in(2..=4);
                let n = cx.usize_in(5..=200);
                let mut t: Vec<usize> = (0..n).map(|_| cx.usize_in(0..=k - 1)).collect();
                let p: Vec<usize> = (0..n).map(|_| cx.usize_in(0..=k - 1)).collect();
                t[0] = p[0];
                let right = (0..n).filter(|&i| t[i] == p[i]).count();
                let got = expect_ok("accuracy", accuracy(&t, &p))?;
                expect_close(
                    "accuracy against a counting loop",
                    right as f64 / n as f64,
                    got,
                    RATIO,
                )?;
                expect_close(
                    "accuracy against linfa's ConfusionMatrix::accuracy",
                    f64::from(linfa_cm(&t, &p).accuracy()),
                    got,
                    F32,
                )?;
                expect_err("accuracy of no labels", accuracy(&[], &[]))?;
                Ok(())
            }),
            Check::new("precision/random", DAY, |cx| {
                let (t, p) = binary_pair(cx);
                let (tp, fp, _, _) = counts(&t, &p);
                let got = expect_ok("precision", precision(&t, &p))?;
                expect_close("precision TP / (TP + FP)", tp / (tp + fp), got, RATIO)?;
                // linfa 0.8.1 returns TP/(TP+FP) from recall() of predicted.confusion_matrix(truth).
                expect_close(
                    "precision against linfa's ConfusionMatrix",
                    f64::from(linfa_cm(&t, &p).recall()),
                    got,
                    F32,
                )?;
                expect_close(
                    "precision when nothing is predicted positive (zero division → 0)",
                    0.0,
                    expect_ok("precision", precision(&[1, 0, 1], &[0, 0, 0]))?,
                    Tol::EXACT,
                )?;
                expect_err("precision with a label 2", precision(&[0, 2], &[0, 1]))?;
                Ok(())
            }),
            Check::new("recall/random", DAY, |cx| {
                let (t, p) = binary_pair(cx);
                let (tp, _, fn_, _) = counts(&t, &p);
                let got = expect_ok("recall", recall(&t, &p))?;
                expect_close("recall TP / (TP + FN)", tp / (tp + fn_), got, RATIO)?;
                expect_close(
                    "recall against linfa's ConfusionMatrix",
                    f64::from(linfa_cm(&t, &p).precision()),
                    got,
                    F32,
                )?;
                expect_close(
                    "recall when there are no positives (zero division → 0)",
                    0.0,
                    expect_ok("recall", recall(&[0, 0], &[1, 0]))?,
                    Tol::EXACT,
                )?;
                Ok(())
            }),
            Check::new("f1/random", DAY, |cx| {
                let (t, p) = binary_pair(cx);
                let (tp, fp, fn_, _) = counts(&t, &p);
                let got = expect_ok("f1", f1(&t, &p))?;
                // 2PR/(P+R) simplifies to 2TP / (2TP + FP + FN).
                expect_close(
                    "F1 = 2TP / (2TP + FP + FN)",
                    2.0 * tp / (2.0 * tp + fp + fn_),
                    got,
                    RATIO,
                )?;
                expect_close(
                    "F1 against linfa's ConfusionMatrix::f1_score",
                    f64::from(linfa_cm(&t, &p).f1_score()),
                    got,
                    F32,
                )?;
                expect_close(
                    "F1 with no true positives",
                    0.0,
                    expect_ok("f1", f1(&[1, 0], &[0, 1]))?,
                    Tol::EXACT,
                )?;
                Ok(())
            }),
            Check::new("roc_curve/ties", DAY, |cx| {
                let n = cx.usize_in(6..=60);
                let mut y: Vec<usize> = (0..n).map(|_| cx.usize_in(0..=1)).collect();
                y[0] = 0;
                y[1] = 1;
                // Scores on a coarse grid: many ties.
                let s: Vec<f64> = (0..n).map(|_| cx.usize_in(0..=5) as f64 / 5.0).collect();
                let roc = expect_ok("roc_curve", roc_curve(&y, &s))?;
                let mut distinct: Vec<f64> = s.clone();
                distinct.sort_by(|a, b| b.partial_cmp(a).unwrap());
                distinct.dedup();
                expect_eq(
                    "number of ROC points (one per distinct score, plus the start)",
                    distinct.len() + 1,
                    roc.len(),
                )?;
                expect_eq(
                    "first point (fpr, tpr)",
                    (0.0, 0.0),
                    (roc[0].fpr, roc[0].tpr),
                )?;
                let np = y.iter().filter(|&&l| l == 1).count() as f64;
                let nn = n as f64 - np;
                for (i, &t) in distinct.iter().enumerate() {
                    let pt = roc[i + 1];
                    expect_close(
                        &format!("threshold of point {}", i + 1),
                        t,
                        pt.threshold,
                        Tol::EXACT,
                    )?;
                    let tp = (0..n).filter(|&j| y[j] == 1 && s[j] >= t).count() as f64;
                    let fp = (0..n).filter(|&j| y[j] == 0 && s[j] >= t).count() as f64;
                    expect_close(&format!("tpr at threshold {t}"), tp / np, pt.tpr, RATIO)?;
                    expect_close(&format!("fpr at threshold {t}"), fp / nn, pt.fpr, RATIO)?;
                }
                expect_err(
                    "roc_curve with only negatives",
                    roc_curve(&[0, 0], &[0.1, 0.2]),
                )?;
                expect_err(
                    "roc_curve with a NaN score",
                    roc_curve(&[0, 1], &[0.1, f64::NAN]),
                )?;
                Ok(())
            }),
            Check::new("auc/trapezoids", DAY, |cx| {
                // A random monotone staircase from (0, 0) to (1, 1): the area by summing
                // trapezoids in a loop written here.
                let m = cx.usize_in(2..=20);
                let mut f: Vec<f64> = (0..m).map(|_| cx.f64_in(0.0, 1.0)).collect();
                let mut t: Vec<f64> = (0..m).map(|_| cx.f64_in(0.0, 1.0)).collect();
                f.extend([0.0, 1.0]);
                t.extend([0.0, 1.0]);
                f.sort_by(|a, b| a.partial_cmp(b).unwrap());
                t.sort_by(|a, b| a.partial_cmp(b).unwrap());
                let pts: Vec<RocPoint> = f
                    .iter()
                    .zip(&t)
                    .map(|(&fpr, &tpr)| RocPoint {
                        threshold: 0.0,
                        fpr,
                        tpr,
                    })
                    .collect();
                let mut area = 0.0;
                for i in 1..pts.len() {
                    area += (f[i] - f[i - 1]) * (t[i] + t[i - 1]) * 0.5;
                }
                expect_close("auc of a random staircase", area, auc(&pts), RATIO)
            }),
            Check::new("roc_auc/mann_whitney", DAY, |cx| {
                let n = cx.usize_in(4..=200);
                let mut y: Vec<usize> = (0..n).map(|_| cx.usize_in(0..=1)).collect();
                y[0] = 0;
                y[1] = 1;
                let coarse = cx.rng.gen_bool(0.5);
                let s: Vec<f64> = (0..n)
                    .map(|i| {
                        if coarse {
                            cx.usize_in(0..=3) as f64
                        } else {
                            cx.normal() + y[i] as f64
                        }
                    })
                    .collect();
                let got = expect_ok("roc_auc", roc_auc(&y, &s))?;
                expect_close(
                    &format!("ROC AUC of {n} {} scores against the Mann–Whitney U / (n₊·n₋) (ties count ½)", if coarse { "heavily tied" } else { "continuous" }),
                    mann_whitney_auc(&y, &s),
                    got,
                    RATIO,
                )
            }),
            Check::new("roc_auc/churn", DAY, |cx| {
                let (x, y) = churn_by_hand();
                // Score by one column (tenure or monthly charges, either sign): integer
                // tenures give thousands of ties.
                let col = if cx.rng.gen_bool(0.5) { 0 } else { 1 };
                let sign = if cx.rng.gen_bool(0.5) { 1.0 } else { -1.0 };
                let s: Vec<f64> = (0..y.len()).map(|i| sign * x[[i, col]]).collect();
                let got = expect_ok("roc_auc on churn", roc_auc(&y, &s))?;
                expect_close(
                    &format!(
                        "ROC AUC of {}{} for churn against the Mann–Whitney double loop",
                        if sign < 0.0 { "−" } else { "" },
                        if col == 0 {
                            "tenure"
                        } else {
                            "monthly_charges"
                        }
                    ),
                    mann_whitney_auc(&y, &s),
                    got,
                    Tol::new(1e-10, 1e-12), // sums of thousands of trapezoids
                )
            }),
            Check::new("plot_roc/churn", DAY, |cx| {
                let (x, y) = churn_by_hand();
                let tenure: Vec<f64> = (0..y.len()).map(|i| -x[[i, 0]]).collect();
                let charges: Vec<f64> = (0..y.len()).map(|i| x[[i, 1]]).collect();
                let a = expect_ok("roc_curve of −tenure", roc_curve(&y, &tenure))?;
                let b = expect_ok("roc_curve of monthly_charges", roc_curve(&y, &charges))?;
                let path = cx.plot_path("roc_churn.png");
                expect_ok(
                    "plot_roc",
                    plot_roc(
                        &[("−tenure", &a), ("monthly charges", &b)],
                        "churn ROC",
                        fresh(&path),
                    ),
                )?;
                // 5000 inked pixels (1.25 %): two curves and the diagonal on top of the axes.
                expect_png(
                    "plot_roc's PNG",
                    &path,
                    (800, 500),
                    5000.0 / (800.0 * 500.0),
                )?;
                let svg = cx.plot_path("roc_churn.svg");
                expect_ok(
                    "plot_roc to an .svg",
                    plot_roc(&[("−tenure", &a)], "churn ROC", fresh(&svg)),
                )?;
                let legend = format!("(AUC {:.3})", mann_whitney_auc(&y, &tenure));
                expect_svg(
                    "plot_roc's SVG legend (the curve's AUC to 3 decimals, and \"chance\" for the diagonal)",
                    &svg,
                    &[&legend, "chance"],
                )?;
                expect_err("plot_roc with no curves", plot_roc(&[], "empty", &path))?;
                Ok(())
            }),
            Check::new("cross_val_score/nearest_centroid", DAY, |cx| {
                let (x, y) = churn_by_hand();
                let sub: Vec<usize> = (0..y.len()).filter(|_| cx.rng.gen_bool(0.1)).collect();
                let xs = rows(x.view(), &sub);
                let ys: Vec<usize> = sub.iter().map(|&i| y[i]).collect();
                let n = ys.len();
                let k = cx.usize_in(3..=6);
                // Folds built here, so the check does not rely on your kfold.
                let folds: Vec<Split> = (0..k)
                    .map(|f| Split {
                        train: (0..n).filter(|i| i % k != f).collect(),
                        test: (0..n).filter(|i| i % k == f).collect(),
                    })
                    .collect();
                let mut calls = Vec::new();
                let got = expect_ok(
                    "cross_val_score",
                    cross_val_score(
                        xs.view(),
                        Array1::from(ys.clone()).view(),
                        &folds,
                        |a, b, c| {
                            calls.push((a.nrows(), b.len(), c.nrows()));
                            nearest_centroid(a, b, c)
                        },
                    ),
                )?;
                let expected_calls: Vec<(usize, usize, usize)> = folds
                    .iter()
                    .map(|f| (f.train.len(), f.train.len(), f.test.len()))
                    .collect();
                expect_eq(
                    "(train rows, train labels, test rows) handed to fit_predict, fold by fold",
                    expected_calls,
                    calls,
                )?;
                let expected: Vec<f64> = folds
                    .iter()
                    .map(|f| {
                        let yt = Array1::from(f.train.iter().map(|&i| ys[i]).collect::<Vec<_>>());
                        let pred = nearest_centroid(
                            rows(xs.view(), &f.train).view(),
                            yt.view(),
                            rows(xs.view(), &f.test).view(),
                        );
                        f.test
                            .iter()
                            .zip(pred.iter())
                            .filter(|(&i, &p)| ys[i] == p)
                            .count() as f64
                            / f.test.len() as f64
                    })
                    .collect();
                expect_slice_close("accuracy per fold", &expected, &got, RATIO)
            }),
            Check::new("load_churn/rows", DAY, |_| {
                let (ex, ey) = churn_by_hand();
                // IBM's telco churn sample has 7043 customers, 11 of them with an empty
                // TotalCharges (tenure 0): 7032 remain.
                let (x, y) = expect_ok("load_churn()", load_churn())?;
                expect_shape("x of load_churn()", &[7032, 8], x.shape())?;
                expect_array_close("x (CHURN_FEATURES, file order)", &ex, &x, Tol::EXACT)?;
                expect_eq("y (churn Yes = 1)", ey, y.to_vec())
            }),
        ],
        compare,
    );
}
