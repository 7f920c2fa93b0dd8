//! Hidden checks for chapter 22 (imbalanced). Expected values come from counting loops,
//! brute force over every threshold, central differences of a loss written here, a
//! gradient-descent loop written here, and geometric properties (SMOTE points on segments
//! between true nearest neighbours) — never from the reference solution.

use std::collections::BTreeSet;

use harness::prelude::*;
use imbalanced::*;
use ndarray::{Array1, Array2};
use rand::seq::SliceRandom;
use rand::Rng;

const DAY: &[&str] = &["W12-13 D3-4"];
/// Ratios of counts up to a few thousand: exact up to the rounding of one division.
const RATIO: Tol = Tol::new(1e-12, 1e-12);
/// Sums of a few hundred terms in a different order.
const SUM: Tol = Tol::new(1e-12, 1e-13);
/// Central differences with h = 1e-6 on a smooth loss: error O(h²) ≈ 1e-12 plus rounding
/// ≈ 1e-16 / 1e-6 = 1e-10, so 1e-6 leaves a wide margin and still catches a missing factor.
const GRAD: Tol = Tol::new(1e-6, 1e-8);
/// Two gradient-descent runs of the same arithmetic in a different summation order: the
/// per-step rounding differences (~1e-16) do not grow on this convex loss (25 seeds pass);
/// a wrong weight, step or standardisation is off by far more than 1e-8.
const FIT: Tol = Tol::new(1e-8, 1e-10);

// ---------------------------------------------------------------- independent routes

fn sigmoid_here(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Σ sᵢ ℓᵢ / Σ sᵢ with ℓᵢ written straight from the definition (probabilities, not logits):
/// fine for the moderate logits the checks use.
fn loss_here(x: &Array2<f64>, y: &[usize], s: &[f64], w: &[f64], b: f64) -> f64 {
    let mut num = 0.0;
    let mut den = 0.0;
    for i in 0..x.nrows() {
        let mut z = b;
        for j in 0..x.ncols() {
            z += x[[i, j]] * w[j];
        }
        let p = sigmoid_here(z);
        let l = if y[i] == 1 { -p.ln() } else { -(1.0 - p).ln() };
        num += s[i] * l;
        den += s[i];
    }
    num / den
}

/// Batch gradient descent on standardised columns, with loops: the chapter's recipe.
fn gd_here(x: &Array2<f64>, y: &[usize], s: &[f64], lr: f64, epochs: usize) -> (f64, Vec<f64>) {
    let (n, d) = x.dim();
    let mut mean = vec![0.0; d];
    let mut sd = vec![0.0; d];
    for j in 0..d {
        for i in 0..n {
            mean[j] += x[[i, j]];
        }
        mean[j] /= n as f64;
        for i in 0..n {
            sd[j] += (x[[i, j]] - mean[j]).powi(2);
        }
        sd[j] = (sd[j] / n as f64).sqrt();
        if sd[j] == 0.0 {
            sd[j] = 1.0;
        }
    }
    let mut z = vec![0.0; n * d];
    for i in 0..n {
        for j in 0..d {
            z[i * d + j] = (x[[i, j]] - mean[j]) / sd[j];
        }
    }
    let total: f64 = s.iter().sum();
    let mut w = vec![0.0; d];
    let mut b = 0.0;
    for _ in 0..epochs {
        let mut gw = vec![0.0; d];
        let mut gb = 0.0;
        for i in 0..n {
            let row = &z[i * d..(i + 1) * d];
            let mut t = b;
            for j in 0..d {
                t += row[j] * w[j];
            }
            let e = s[i] * (sigmoid_here(t) - y[i] as f64);
            for j in 0..d {
                gw[j] += e * row[j];
            }
            gb += e;
        }
        for j in 0..d {
            w[j] -= lr * gw[j] / total;
        }
        b -= lr * gb / total;
    }
    let coef: Vec<f64> = (0..d).map(|j| w[j] / sd[j]).collect();
    let intercept = b - (0..d).map(|j| coef[j] * mean[j]).sum::<f64>();
    (intercept, coef)
}

fn proba_here(x: &Array2<f64>, intercept: f64, coef: &[f64]) -> Vec<f64> {
    (0..x.nrows())
        .map(|i| {
            let mut z = intercept;
            for j in 0..x.ncols() {
                z += x[[i, j]] * coef[j];
            }
            sigmoid_here(z)
        })
        .collect()
}

/// (TP, FP) for "positive when score ≥ t", by a loop.
fn tp_fp_at(y: &[usize], s: &[f64], t: f64) -> (usize, usize) {
    let mut tp = 0;
    let mut fp = 0;
    for i in 0..y.len() {
        if s[i] >= t {
            if y[i] == 1 {
                tp += 1;
            } else {
                fp += 1;
            }
        }
    }
    (tp, fp)
}

fn distinct_desc(s: &[f64]) -> Vec<f64> {
    let mut d = s.to_vec();
    d.sort_by(|a, b| b.partial_cmp(a).unwrap());
    d.dedup();
    d
}

/// AP by another route: the mean, over the positives, of the precision at the threshold
/// equal to that positive's score (ties enter together). Equal to Σ (Rₙ − Rₙ₋₁) Pₙ because
/// recall jumps by (#positives at t)/n₊ exactly where precision is P(t).
fn ap_here(y: &[usize], s: &[f64]) -> f64 {
    let n_pos = y.iter().filter(|&&l| l == 1).count() as f64;
    let mut total = 0.0;
    for i in 0..y.len() {
        if y[i] == 1 {
            let (tp, fp) = tp_fp_at(y, s, s[i]);
            total += tp as f64 / (tp + fp) as f64;
        }
    }
    total / n_pos
}

/// Binary labels with about `rate` positives, at least `min_each` of each class.
fn labels(cx: &mut Ctx, n: usize, rate: f64, min_each: usize) -> Vec<usize> {
    let mut y: Vec<usize> = (0..n).map(|_| usize::from(cx.rng.gen_bool(rate))).collect();
    for i in 0..min_each {
        y[i] = 1;
        y[n - 1 - i] = 0;
    }
    y
}

/// Scores that rank positives somewhat higher; `coarse` rounds them to make many ties.
fn scores_for(cx: &mut Ctx, y: &[usize], coarse: bool) -> Vec<f64> {
    y.iter()
        .map(|&l| {
            let s = cx.normal() + 1.2 * l as f64;
            if coarse {
                (s * 2.0).round() / 2.0
            } else {
                s
            }
        })
        .collect()
}

fn class_counts(y: &[usize], k: usize) -> Vec<usize> {
    let mut c = vec![0; k];
    for &l in y {
        c[l] += 1;
    }
    c
}

fn churn_by_hand() -> Result<(Array2<f64>, Vec<usize>), Failure> {
    let t = datasets::table("telco_churn").or_fail("loading telco_churn")?;
    let col = |c: &str| t.index(c).or_fail(&format!("column {c}"));
    let numeric = [
        "tenure",
        "monthly_charges",
        "total_charges",
        "female",
        "senior_citizen",
        "partner",
        "dependents",
        "phone_service",
        "paperless_billing",
    ];
    let yes = [
        "multiple_lines",
        "online_security",
        "online_backup",
        "device_protection",
        "tech_support",
        "streaming_tv",
        "streaming_movies",
    ];
    let ni: Vec<usize> = numeric.iter().map(|c| col(c)).collect::<Result<_, _>>()?;
    let yi: Vec<usize> = yes.iter().map(|c| col(c)).collect::<Result<_, _>>()?;
    let (internet, contract, payment, churn) = (
        col("internet_service")?,
        col("contract")?,
        col("payment_method")?,
        col("churn")?,
    );
    let mut v = Vec::new();
    let mut y = Vec::new();
    for r in &t.rows {
        for &j in &ni {
            // An empty total_charges belongs to a customer with tenure 0: nothing billed yet.
            v.push(if r[j].is_empty() {
                0.0
            } else {
                r[j].parse::<f64>().unwrap()
            });
        }
        for &j in &yi {
            v.push(if r[j] == "Yes" { 1.0 } else { 0.0 });
        }
        let flag = |b: bool| if b { 1.0 } else { 0.0 };
        v.push(flag(r[internet] == "Fiber optic"));
        v.push(flag(r[internet] == "No"));
        v.push(flag(r[contract] == "Month-to-month"));
        v.push(flag(r[contract] == "One year"));
        v.push(flag(r[payment] == "Electronic check"));
        y.push(usize::from(r[churn] == "Yes"));
    }
    Ok((Array2::from_shape_vec((y.len(), 21), v).unwrap(), y))
}

/// Two Gaussian blobs, class 1 shifted: a learnable imbalanced problem.
fn blobs(cx: &mut Ctx, n: usize, d: usize, rate: f64) -> (Array2<f64>, Vec<usize>) {
    let y = labels(cx, n, rate, 3);
    let mut x = cx.matrix(n, d);
    for i in 0..n {
        for j in 0..d {
            x[[i, j]] = x[[i, j]] * (1.0 + j as f64) + 1.5 * y[i] as f64 + j as f64;
        }
    }
    (x, y)
}

fn main() {
    harness::run(
        "22",
        vec![
            Check::new("class_balance/random", DAY, |cx| {
                let k = cx.usize_in(2..=4);
                let n = cx.usize_in(20..=300);
                let mut y: Vec<usize> = (0..n).map(|_| cx.usize_in(0..=k - 1)).collect();
                y[0] = k - 1;
                let counts = class_counts(&y, k);
                let b = expect_ok("class_balance", class_balance(&y))?;
                expect_eq("counts per class", counts.clone(), b.counts.clone())?;
                let shares: Vec<f64> = counts.iter().map(|&c| c as f64 / n as f64).collect();
                expect_slice_close("shares", &shares, &b.shares, RATIO)?;
                let mut maj = 0;
                let mut min = k - 1;
                for c in 0..k {
                    if counts[c] > counts[maj] {
                        maj = c;
                    }
                }
                for c in (0..k).rev() {
                    if counts[c] > 0 && counts[c] <= counts[min] {
                        min = c;
                    }
                }
                expect_eq("majority class (lowest label on a tie)", maj, b.majority)?;
                expect_eq(
                    "minority class (fewest among those present, lowest label on a tie)",
                    min,
                    b.minority,
                )?;
                expect_close(
                    "imbalance ratio n_majority / n_minority",
                    counts[maj] as f64 / counts[min] as f64,
                    b.ratio,
                    RATIO,
                )
            }),
            Check::new("class_balance/95_5", DAY, |cx| {
                let n = 20 * cx.usize_in(5..=50);
                let mut y = vec![0; n];
                let mut pos: Vec<usize> = (0..n).collect();
                pos.shuffle(&mut cx.rng);
                for &i in &pos[..n / 20] {
                    y[i] = 1;
                }
                let b = expect_ok("class_balance", class_balance(&y))?;
                expect_eq("counts of a 95/5 split", vec![n - n / 20, n / 20], b.counts)?;
                expect_eq("(majority, minority)", (0, 1), (b.majority, b.minority))?;
                // 95/5 = 19 exactly.
                expect_close("ratio of a 95/5 split", 19.0, b.ratio, RATIO)?;
                expect_err("class_balance of no labels", class_balance(&[]))?;
                Ok(())
            }),
            Check::new("binary_scores/random", DAY, |cx| {
                let n = cx.usize_in(8..=200);
                let mut t = labels(cx, n, 0.3, 0);
                let mut p = labels(cx, n, 0.3, 0);
                for (k, (a, b)) in [(1, 1), (0, 1), (1, 0), (0, 0)].into_iter().enumerate() {
                    t[k] = a;
                    p[k] = b;
                }
                let (mut tp, mut fp, mut fn_, mut tn) = (0.0, 0.0, 0.0, 0.0);
                for i in 0..n {
                    match (t[i], p[i]) {
                        (1, 1) => tp += 1.0,
                        (0, 1) => fp += 1.0,
                        (1, 0) => fn_ += 1.0,
                        _ => tn += 1.0,
                    }
                }
                let s = expect_ok("binary_scores", binary_scores(&t, &p))?;
                expect_close("accuracy", (tp + tn) / n as f64, s.accuracy, RATIO)?;
                expect_close("precision TP/(TP+FP)", tp / (tp + fp), s.precision, RATIO)?;
                expect_close("recall TP/(TP+FN)", tp / (tp + fn_), s.recall, RATIO)?;
                expect_close(
                    "F1 = 2TP/(2TP+FP+FN)",
                    2.0 * tp / (2.0 * tp + fp + fn_),
                    s.f1,
                    RATIO,
                )
            }),
            Check::new("binary_scores/edge_cases", DAY, |_| {
                let s = expect_ok(
                    "binary_scores with nothing predicted positive",
                    binary_scores(&[1, 0, 0], &[0, 0, 0]),
                )?;
                expect_eq(
                    "(precision, recall, F1) with no positive predictions (zero division → 0)",
                    (0.0, 0.0, 0.0),
                    (s.precision, s.recall, s.f1),
                )?;
                expect_err("binary_scores of no labels", binary_scores(&[], &[]))?;
                expect_err(
                    "binary_scores with 2 and 3 labels",
                    binary_scores(&[0, 1], &[0, 1, 1]),
                )?;
                expect_err(
                    "binary_scores with a label 2",
                    binary_scores(&[0, 2], &[0, 1]),
                )?;
                Ok(())
            }),
            Check::new("majority_baseline/paradox", DAY, |cx| {
                // 95/5 data: the baseline is ~95 % accurate and useless.
                let ntr = cx.usize_in(100..=400);
                let nte = cx.usize_in(50..=200);
                let ytr = labels(cx, ntr, 0.05, 2);
                let yte = labels(cx, nte, 0.05, 1);
                let s = expect_ok("majority_baseline", majority_baseline(&ytr, &yte))?;
                let zeros = yte.iter().filter(|&&l| l == 0).count() as f64;
                expect_close(
                    "accuracy of always predicting 0 (the share of 0s in the test labels)",
                    zeros / nte as f64,
                    s.accuracy,
                    RATIO,
                )?;
                expect_eq(
                    "(precision, recall, F1) of never predicting the positive class",
                    (0.0, 0.0, 0.0),
                    (s.precision, s.recall, s.f1),
                )?;
                // Flip the classes: now 1 is the majority and everything is flagged.
                let ytr1: Vec<usize> = ytr.iter().map(|&l| 1 - l).collect();
                let yte1: Vec<usize> = yte.iter().map(|&l| 1 - l).collect();
                let s1 = expect_ok("majority_baseline", majority_baseline(&ytr1, &yte1))?;
                expect_close(
                    "recall when the training majority is class 1 (everything flagged)",
                    1.0,
                    s1.recall,
                    RATIO,
                )?;
                expect_err(
                    "majority_baseline with no training labels",
                    majority_baseline(&[], &[0, 1]),
                )?;
                Ok(())
            }),
            Check::new("balanced_class_weights/formula", DAY, |cx| {
                let k = cx.usize_in(2..=4);
                let n = cx.usize_in(20..=300);
                let mut y: Vec<usize> = (0..n).map(|_| usize::from(cx.rng.gen_bool(0.15)) * cx.usize_in(1..=k - 1)).collect();
                for c in 0..k {
                    y[c] = c;
                }
                let counts = class_counts(&y, k);
                let w = expect_ok("balanced_class_weights", balanced_class_weights(&y))?;
                let expected: Vec<f64> = counts
                    .iter()
                    .map(|&c| n as f64 / (k as f64 * c as f64))
                    .collect();
                expect_slice_close("w_c = n / (K · n_c)", &expected, &w, RATIO)?;
                let total: f64 = y.iter().map(|&l| w[l]).sum();
                expect_close(
                    "Σᵢ w_{yᵢ} (balanced weights keep the total at n)",
                    n as f64,
                    total,
                    Tol::new(1e-12, 1e-9),
                )
            }),
            Check::new("balanced_class_weights/missing_class", DAY, |_| {
                match balanced_class_weights(&[0, 0, 2, 2]) {
                    Err(ImbError::MissingClass(1)) => {}
                    other => fail!("balanced_class_weights(&[0, 0, 2, 2]): expected Err(MissingClass(1)), got {other:?}"),
                }
                expect_err("balanced_class_weights of no labels", balanced_class_weights(&[]))?;
                Ok(())
            }),
            Check::new("weighted_bce_loss/naive", DAY, |cx| {
                let n = cx.usize_in(5..=60);
                let d = cx.usize_in(1..=5);
                let x = cx.matrix(n, d);
                let y = labels(cx, n, 0.3, 1);
                let s: Vec<f64> = (0..n).map(|_| cx.f64_in(0.1, 3.0)).collect();
                let w = cx.vector(d);
                let b = cx.normal();
                let ya = Array1::from(y.clone());
                let got = expect_ok(
                    "weighted_bce_loss",
                    weighted_bce_loss(x.view(), ya.view(), Array1::from(s.clone()).view(), w.view(), b),
                )?;
                expect_close(
                    "Σ sᵢℓᵢ / Σ sᵢ against a loop",
                    loss_here(&x, &y, &s, w.as_slice().unwrap(), b),
                    got,
                    SUM,
                )?;
                let ones = vec![1.0; n];
                let plain = expect_ok(
                    "weighted_bce_loss with weights 1",
                    weighted_bce_loss(x.view(), ya.view(), Array1::from(ones.clone()).view(), w.view(), b),
                )?;
                expect_close(
                    "weights all 1 give the plain mean cross-entropy",
                    loss_here(&x, &y, &ones, w.as_slice().unwrap(), b),
                    plain,
                    SUM,
                )?;
                let scaled: Vec<f64> = s.iter().map(|v| v * 7.5).collect();
                let again = expect_ok(
                    "weighted_bce_loss with weights × 7.5",
                    weighted_bce_loss(x.view(), ya.view(), Array1::from(scaled).view(), w.view(), b),
                )?;
                expect_close("the loss does not change when every weight is scaled (it is a weighted mean)", got, again, SUM)
            }),
            Check::new("weighted_bce_gradient/central_differences", DAY, |cx| {
                let n = cx.usize_in(5..=60);
                let d = cx.usize_in(1..=5);
                let x = cx.matrix(n, d);
                let y = labels(cx, n, 0.2, 1);
                // Class weights as sample weights, as training with class_weight does.
                let s: Vec<f64> = y.iter().map(|&l| if l == 1 { 4.0 } else { 0.6 }).collect();
                let w: Vec<f64> = (0..d).map(|_| cx.normal() * 0.5).collect();
                let b = cx.normal() * 0.5;
                let (gw, gb) = expect_ok(
                    "weighted_bce_gradient",
                    weighted_bce_gradient(
                        x.view(),
                        Array1::from(y.clone()).view(),
                        Array1::from(s.clone()).view(),
                        Array1::from(w.clone()).view(),
                        b,
                    ),
                )?;
                expect_shape("∂J/∂w", &[d], gw.shape())?;
                let h = 1e-6;
                let numeric: Vec<f64> = (0..d)
                    .map(|j| {
                        let mut up = w.clone();
                        let mut down = w.clone();
                        up[j] += h;
                        down[j] -= h;
                        (loss_here(&x, &y, &s, &up, b) - loss_here(&x, &y, &s, &down, b)) / (2.0 * h)
                    })
                    .collect();
                expect_slice_close(
                    "∂J/∂w against central differences of Σ sᵢℓᵢ / Σ sᵢ",
                    &numeric,
                    gw.as_slice().unwrap_or(&gw.to_vec()),
                    GRAD,
                )?;
                let nb = (loss_here(&x, &y, &s, &w, b + h) - loss_here(&x, &y, &s, &w, b - h)) / (2.0 * h);
                expect_close("∂J/∂b against central differences", nb, gb, GRAD)
            }),
            Check::new("weighted_bce_gradient/bad_input", DAY, |_| {
                let x = ndarray::array![[1.0], [2.0]];
                let y = Array1::from(vec![0usize, 1]);
                let w = ndarray::array![0.5];
                expect_err(
                    "a negative sample weight",
                    weighted_bce_gradient(x.view(), y.view(), ndarray::array![1.0, -1.0].view(), w.view(), 0.0),
                )?;
                expect_err(
                    "weights that sum to 0",
                    weighted_bce_gradient(x.view(), y.view(), ndarray::array![0.0, 0.0].view(), w.view(), 0.0),
                )?;
                expect_err(
                    "3 weights for 2 rows",
                    weighted_bce_gradient(x.view(), y.view(), ndarray::array![1.0, 1.0, 1.0].view(), w.view(), 0.0),
                )?;
                expect_err(
                    "a label 2",
                    weighted_bce_loss(x.view(), Array1::from(vec![0usize, 2]).view(), ndarray::array![1.0, 1.0].view(), w.view(), 0.0),
                )?;
                Ok(())
            }),
            Check::new("fit_weighted_logistic/unit_weights", DAY, |cx| {
                let n = cx.usize_in(40..=200);
                let d = cx.usize_in(1..=4);
                let (x, y) = blobs(cx, n, d, 0.3);
                let lr = cx.f64_in(0.1, 1.0);
                let epochs = cx.usize_in(50..=300);
                let m = expect_ok(
                    "fit_weighted_logistic with weights 1",
                    fit_weighted_logistic(x.view(), Array1::from(y.clone()).view(), Array1::ones(n).view(), lr, epochs),
                )?;
                let (b, w) = gd_here(&x, &y, &vec![1.0; n], lr, epochs);
                expect_slice_close(
                    &format!("coef after {epochs} epochs at lr {lr:.3} (the plain fit of chapter 12)"),
                    &w,
                    m.coef.as_slice().unwrap_or(&m.coef.to_vec()),
                    FIT,
                )?;
                expect_close("intercept", b, m.intercept, FIT)
            }),
            Check::new("fit_weighted_logistic/balanced_weights", DAY, |cx| {
                let n = cx.usize_in(100..=300);
                let d = cx.usize_in(1..=4);
                let (x, y) = blobs(cx, n, d, 0.07);
                let n1 = y.iter().sum::<usize>() as f64;
                let cw = [n as f64 / (2.0 * (n as f64 - n1)), n as f64 / (2.0 * n1)];
                let s: Vec<f64> = y.iter().map(|&l| cw[l]).collect();
                let (lr, epochs) = (0.5, 200);
                let ya = Array1::from(y.clone());
                let m = expect_ok(
                    "fit_weighted_logistic with balanced weights",
                    fit_weighted_logistic(x.view(), ya.view(), Array1::from(s.clone()).view(), lr, epochs),
                )?;
                let (b, w) = gd_here(&x, &y, &s, lr, epochs);
                expect_slice_close(
                    "coef with balanced class weights (gradient descent loop written here)",
                    &w,
                    m.coef.as_slice().unwrap_or(&m.coef.to_vec()),
                    FIT,
                )?;
                expect_close("intercept with balanced class weights", b, m.intercept, FIT)?;
                // Weighting the rare class up moves the decision boundary towards the
                // majority: at least as many training rows are flagged as without weights.
                let (b0, w0) = gd_here(&x, &y, &vec![1.0; n], lr, epochs);
                let flagged = |b: f64, w: &[f64]| proba_here(&x, b, w).iter().filter(|&&p| p >= 0.5).count();
                let got_flagged = m
                    .predict_proba(x.view())
                    .map_err(|e| Failure::new(e.to_string()))?
                    .iter()
                    .filter(|&&p| p >= 0.5)
                    .count();
                ensure(got_flagged >= flagged(b0, &w0), || {
                    format!(
                        "the weighted model flags {got_flagged} rows, the unweighted one {}: weighting the rare class should flag more",
                        flagged(b0, &w0)
                    )
                })?;
                expect_err(
                    "fit_weighted_logistic with learning rate 0",
                    fit_weighted_logistic(x.view(), ya.view(), Array1::from(s).view(), 0.0, 10),
                )?;
                Ok(())
            }),
            Check::new("random_undersample/counts", DAY, |cx| {
                let n = cx.usize_in(40..=400);
                let rate = cx_rate(cx);
                let y = labels(cx, n, rate, 2);
                let counts = class_counts(&y, 2);
                let n_min = counts[0].min(counts[1]);
                let seed = cx.rng.gen::<u64>();
                let keep = expect_ok("random_undersample", random_undersample(&y, seed))?;
                let kept: Vec<usize> = keep.iter().map(|&i| y.get(i).copied().unwrap_or(9)).collect();
                ensure(keep.iter().all(|&i| i < n), || "an index out of range".into())?;
                expect_eq("kept rows per class (both equal to the minority count)", vec![n_min, n_min], class_counts(&kept, 2))?;
                let set: BTreeSet<usize> = keep.iter().copied().collect();
                expect_eq("distinct kept rows (undersampling draws without replacement)", keep.len(), set.len())?;
                let mut sorted = keep.clone();
                sorted.sort_unstable();
                expect_eq("kept indices in increasing order", sorted, keep.clone())?;
                let minority = usize::from(counts[1] < counts[0]);
                let all_min: Vec<usize> = (0..n).filter(|&i| y[i] == minority).collect();
                ensure(all_min.iter().all(|i| set.contains(i)), || {
                    "every row of the smallest class must be kept".into()
                })?;
                expect_eq("the same seed gives the same rows", keep.clone(), expect_ok("random_undersample", random_undersample(&y, seed))?)?;
                if counts[0].max(counts[1]) - n_min >= 5 {
                    let other = expect_ok("random_undersample", random_undersample(&y, seed ^ 1))?;
                    ensure(other != keep, || "two seeds kept the same rows: is the seed used?".into())?;
                }
                Ok(())
            }),
            Check::new("random_undersample/missing_class", DAY, |_| {
                expect_err("random_undersample(&[0, 2], 0)", random_undersample(&[0, 2], 0))?;
                expect_err("random_undersample(&[], 0)", random_undersample(&[], 0))?;
                Ok(())
            }),
            Check::new("random_oversample/counts", DAY, |cx| {
                let n = cx.usize_in(40..=400);
                let rate = cx_rate(cx);
                let y = labels(cx, n, rate, 2);
                let counts = class_counts(&y, 2);
                let n_max = counts[0].max(counts[1]);
                let seed = cx.rng.gen::<u64>();
                let rows = expect_ok("random_oversample", random_oversample(&y, seed))?;
                ensure(rows.iter().all(|&i| i < n), || "an index out of range".into())?;
                let ys: Vec<usize> = rows.iter().map(|&i| y[i]).collect();
                expect_eq("rows per class after oversampling (both equal to the majority count)", vec![n_max, n_max], class_counts(&ys, 2))?;
                expect_eq("the first n rows are 0..n in order (every original row kept)", (0..n).collect::<Vec<_>>(), rows[..n.min(rows.len())].to_vec())?;
                let minority = usize::from(counts[1] < counts[0]);
                ensure(rows[n..].iter().all(|&i| y[i] == minority), || "the added copies must all be rows of the smaller class".into())?;
                let distinct: BTreeSet<usize> = rows[n..].iter().copied().collect();
                if rows.len() - n >= 10 && counts[minority] >= 5 {
                    ensure(distinct.len() >= 2, || "every copy is the same row: draw each one at random".into())?;
                }
                expect_eq("the same seed gives the same rows", rows, expect_ok("random_oversample", random_oversample(&y, seed))?)
            }),
            Check::new("smote/segments", DAY, |cx| {
                let m = cx.usize_in(8..=30);
                let n0 = cx.usize_in(40..=120);
                let d = cx.usize_in(1..=4);
                let k = cx.usize_in(1..=5);
                let minority = cx.usize_in(0..=1);
                let n = m + n0;
                let x = cx.matrix(n, d);
                let mut y = vec![1 - minority; n];
                let mut idx: Vec<usize> = (0..n).collect();
                idx.shuffle(&mut cx.rng);
                for &i in &idx[..m] {
                    y[i] = minority;
                }
                let n_new = 2000;
                let seed = cx.rng.gen::<u64>();
                let s = expect_ok("smote", smote(x.view(), &y, minority, n_new, k, seed))?;
                expect_shape("synthetic points", &[n_new, d], s.points.shape())?;
                expect_eq("lengths of base, neighbour, gap", (n_new, n_new, n_new), (s.base.len(), s.neighbour.len(), s.gap.len()))?;
                let dist = |a: usize, b: usize| -> f64 { (0..d).map(|j| (x[[a, j]] - x[[b, j]]).powi(2)).sum::<f64>().sqrt() };
                for i in 0..n_new {
                    let (a, nb, u) = (s.base[i], s.neighbour[i], s.gap[i]);
                    ensure(a < n && y[a] == minority, || format!("point {i}: base row {a} is not a minority example"))?;
                    ensure(nb < n && y[nb] == minority && nb != a, || format!("point {i}: neighbour row {nb} is not another minority example"))?;
                    ensure((0.0..1.0).contains(&u), || format!("point {i}: gap {u} is not in [0, 1)"))?;
                    // k-th smallest distance from the base to the other minority rows.
                    let mut ds: Vec<f64> = (0..n).filter(|&j| y[j] == minority && j != a).map(|j| dist(a, j)).collect();
                    ds.sort_by(|p, q| p.partial_cmp(q).unwrap());
                    let kth = ds[k - 1];
                    ensure(dist(a, nb) <= kth, || format!("point {i}: row {nb} is at distance {:.4} from base {a}, but its {k} nearest minority neighbours are all within {kth:.4}", dist(a, nb)))?;
                    for j in 0..d {
                        let e = x[[a, j]] + u * (x[[nb, j]] - x[[a, j]]);
                        expect_close(&format!("point {i}[{j}] = x_base + u·(x_nn − x_base)"), e, s.points[[i, j]], Tol::new(1e-12, 1e-12))?;
                    }
                }
                let mean_gap = s.gap.iter().sum::<f64>() / n_new as f64;
                // U(0,1) mean over 2000 draws: sd 0.29/√2000 ≈ 0.0065; 0.05 is 7.7 sd.
                ensure((mean_gap - 0.5).abs() < 0.05, || format!("mean gap {mean_gap:.4}: gaps should be uniform on [0, 1)"))?;
                let bases: BTreeSet<usize> = s.base.iter().copied().collect();
                // 2000 uniform draws from ≤ 30 rows miss one with probability < 30·(29/30)^2000 ≈ 1e-28.
                expect_eq("number of distinct minority rows used as a base (bases drawn uniformly)", m, bases.len())?;
                let again = expect_ok("smote", smote(x.view(), &y, minority, n_new, k, seed))?;
                expect_eq("the same seed gives the same points", s.points, again.points)
            }),
            Check::new("smote/bad_input", DAY, |_| {
                let x = ndarray::array![[0.0], [1.0], [2.0], [5.0]];
                let y = [1, 1, 0, 1];
                expect_err("smote with k = 0", smote(x.view(), &y, 1, 5, 0, 0))?;
                expect_err("smote with k = 3 and only 3 minority rows (2 neighbours each)", smote(x.view(), &y, 1, 5, 3, 0))?;
                expect_err("smote with 3 labels for 4 rows", smote(x.view(), &y[..3], 1, 5, 1, 0))?;
                let bad = ndarray::array![[0.0], [f64::NAN], [2.0], [5.0]];
                expect_err("smote with a NaN in x", smote(bad.view(), &y, 1, 5, 1, 0))?;
                let none = expect_ok("smote asking for 0 points", smote(x.view(), &y, 1, 0, 2, 0))?;
                expect_shape("smote asking for 0 points", &[0, 1], none.points.shape())
            }),
            Check::new("precision_recall_curve/ties", DAY, |cx| {
                let n = cx.usize_in(6..=150);
                let y = labels(cx, n, 0.2, 1);
                let s = scores_for(cx, &y, true);
                let curve = expect_ok("precision_recall_curve", precision_recall_curve(&y, &s))?;
                let distinct = distinct_desc(&s);
                expect_eq("number of points (one per distinct score)", distinct.len(), curve.len())?;
                let n_pos = y.iter().filter(|&&l| l == 1).count() as f64;
                for (i, &t) in distinct.iter().enumerate() {
                    let (tp, fp) = tp_fp_at(&y, &s, t);
                    expect_close(&format!("threshold of point {i} (high to low)"), t, curve[i].threshold, Tol::EXACT)?;
                    expect_close(&format!("precision at threshold {t}"), tp as f64 / (tp + fp) as f64, curve[i].precision, RATIO)?;
                    expect_close(&format!("recall at threshold {t}"), tp as f64 / n_pos, curve[i].recall, RATIO)?;
                }
                Ok(())
            }),
            Check::new("precision_recall_curve/bad_input", DAY, |_| {
                expect_err("precision_recall_curve with no positives", precision_recall_curve(&[0, 0], &[0.1, 0.2]))?;
                expect_err("precision_recall_curve with a NaN score", precision_recall_curve(&[0, 1], &[0.1, f64::NAN]))?;
                expect_err("precision_recall_curve with 2 labels and 3 scores", precision_recall_curve(&[0, 1], &[0.1, 0.2, 0.3]))?;
                expect_err("precision_recall_curve with a label 2", precision_recall_curve(&[0, 2], &[0.1, 0.2]))?;
                Ok(())
            }),
            Check::new("average_precision/brute_force", DAY, |cx| {
                let n = cx.usize_in(10..=400);
                let y = labels(cx, n, 0.1, 1);
                let coarse = cx.rng.gen_bool(0.5);
                let s = scores_for(cx, &y, coarse);
                let got = expect_ok("average_precision", average_precision(&y, &s))?;
                // Σ (Rₙ − Rₙ₋₁) Pₙ over all distinct thresholds, each counted by a loop.
                let n_pos = y.iter().filter(|&&l| l == 1).count() as f64;
                let mut prev = 0.0;
                let mut sum = 0.0;
                for t in distinct_desc(&s) {
                    let (tp, fp) = tp_fp_at(&y, &s, t);
                    let r = tp as f64 / n_pos;
                    sum += (r - prev) * tp as f64 / (tp + fp) as f64;
                    prev = r;
                }
                let what = if coarse { "heavily tied" } else { "continuous" };
                expect_close(&format!("AP of {n} {what} scores: Σ (Rₙ − Rₙ₋₁) Pₙ over every threshold"), sum, got, SUM)?;
                expect_close("AP as the mean precision at each positive's score", ap_here(&y, &s), got, SUM)
            }),
            Check::new("average_precision/extremes", DAY, |cx| {
                let n = cx.usize_in(20..=200);
                let y = labels(cx, n, 0.05, 1);
                let perfect: Vec<f64> = y.iter().map(|&l| l as f64 + cx.f64_in(0.0, 0.5)).collect();
                expect_close("AP of a perfect ranking", 1.0, expect_ok("average_precision", average_precision(&y, &perfect))?, RATIO)?;
                let flat = vec![0.3; n];
                let rate = y.iter().sum::<usize>() as f64 / n as f64;
                expect_close("AP of one score for everybody (the positive rate: no skill)", rate, expect_ok("average_precision", average_precision(&y, &flat))?, RATIO)
            }),
            Check::new("best_f1_threshold/brute_force", DAY, |cx| {
                let n = cx.usize_in(10..=300);
                let y = labels(cx, n, 0.1, 1);
                let coarse = cx.rng.gen_bool(0.5);
                let s = scores_for(cx, &y, coarse);
                let n_pos = y.iter().filter(|&&l| l == 1).count();
                let f1_at = |t: f64| {
                    let (tp, fp) = tp_fp_at(&y, &s, t);
                    2.0 * tp as f64 / (2 * tp + fp + (n_pos - tp)) as f64
                };
                let best = distinct_desc(&s).into_iter().map(f1_at).fold(0.0, f64::max);
                let c = expect_ok("best_f1_threshold", best_f1_threshold(&y, &s))?;
                expect_close("the best F1 over every distinct score", best, c.value, RATIO)?;
                ensure(s.contains(&c.threshold), || format!("threshold {} is not one of the scores", c.threshold))?;
                expect_close(&format!("F1 at your threshold {}", c.threshold), best, f1_at(c.threshold), RATIO)
            }),
            Check::new("min_cost_threshold/brute_force", DAY, |cx| {
                let n = cx.usize_in(10..=300);
                let y = labels(cx, n, 0.1, 1);
                let coarse = cx.rng.gen_bool(0.5);
                let s = scores_for(cx, &y, coarse);
                let (c_fp, c_fn) = (cx.f64_in(0.5, 2.0), cx.f64_in(2.0, 20.0));
                let n_pos = y.iter().filter(|&&l| l == 1).count();
                let cost_at = |t: f64| {
                    let (tp, fp) = tp_fp_at(&y, &s, t);
                    fp as f64 * c_fp + (n_pos - tp) as f64 * c_fn
                };
                let mut cands = distinct_desc(&s);
                cands.push(f64::INFINITY);
                let best = cands.iter().map(|&t| cost_at(t)).fold(f64::INFINITY, f64::min);
                let c = expect_ok("min_cost_threshold", min_cost_threshold(&y, &s, c_fp, c_fn))?;
                expect_close(&format!("the lowest total cost FP·{c_fp:.2} + FN·{c_fn:.2} over every threshold"), best, c.value, SUM)?;
                expect_close(&format!("total cost at your threshold {}", c.threshold), best, cost_at(c.threshold), SUM)?;
                // Missed positives cost nothing: flag nobody (threshold +∞, the highest of the tied best).
                let free = expect_ok("min_cost_threshold with cost_fn = 0", min_cost_threshold(&y, &s, 1.0, 0.0))?;
                expect_eq("(threshold, cost) when false negatives are free", (f64::INFINITY, 0.0), (free.threshold, free.value))?;
                expect_err("min_cost_threshold with a negative cost", min_cost_threshold(&y, &s, -1.0, 1.0))?;
                Ok(())
            }),
            Check::new("load_churn/all_rows", DAY, |_| {
                let (ex, ey) = churn_by_hand()?;
                let (x, y) = expect_ok("load_churn()", load_churn())?;
                // IBM's telco churn sample: 7043 customers, 1869 churned (26.5 %).
                expect_shape("x of load_churn() (every row kept)", &[7043, 21], x.shape())?;
                expect_eq("churned customers", 1869, y.sum())?;
                expect_array_close("x (CHURN_FEATURES, file order, empty total_charges → 0)", &ex, &x, Tol::EXACT)?;
                expect_eq("y (churn Yes = 1)", ey, y.to_vec())
            }),
            Check::new("compare_variants/churn", DAY, |cx| {
                let (x, y) = churn_by_hand()?;
                // A stratified 25 % test split made here.
                let mut train = Vec::new();
                let mut test = Vec::new();
                for c in 0..2 {
                    let mut members: Vec<usize> = (0..y.len()).filter(|&i| y[i] == c).collect();
                    members.shuffle(&mut cx.rng);
                    let k = members.len() / 4;
                    test.extend_from_slice(&members[..k]);
                    train.extend_from_slice(&members[k..]);
                }
                let pick = |idx: &[usize]| {
                    let xs = Array2::from_shape_fn((idx.len(), x.ncols()), |(i, j)| x[[idx[i], j]]);
                    (xs, idx.iter().map(|&i| y[i]).collect::<Vec<_>>())
                };
                let ((xtr, ytr), (xte, yte)) = (pick(&train), pick(&test));
                let (lr, epochs) = (0.5, 200);
                let seed = cx.rng.gen::<u64>();
                let rows = expect_ok("compare_variants", compare_variants(xtr.view(), &ytr, xte.view(), &yte, lr, epochs, seed))?;
                let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
                expect_eq("variant names, in order", vec!["plain", "weighted", "smote"], names)?;
                let n1 = ytr.iter().sum::<usize>() as f64;
                let n = ytr.len() as f64;
                let cw = [n / (2.0 * (n - n1)), n / (2.0 * n1)];
                let te_pos = yte.iter().sum::<usize>();
                for (r, weights) in rows.iter().take(2).zip([vec![1.0; ytr.len()], ytr.iter().map(|&l| cw[l]).collect()]) {
                    let (b, w) = gd_here(&xtr, &ytr, &weights, lr, epochs);
                    let p = proba_here(&xte, b, &w);
                    let (tp, fp) = tp_fp_at(&yte, &p, 0.5);
                    let (fn_, tn) = (te_pos - tp, yte.len() - te_pos - fp);
                    expect_eq(&format!("{}: (TP, FP, FN, TN) on the test part at threshold 0.5", r.name), (tp, fp, fn_, tn), (r.tp, r.fp, r.fn_, r.tn))?;
                    expect_close(&format!("{}: recall", r.name), tp as f64 / te_pos as f64, r.recall, RATIO)?;
                    expect_close(&format!("{}: precision", r.name), tp as f64 / (tp + fp) as f64, r.precision, RATIO)?;
                    expect_close(&format!("{}: F1", r.name), 2.0 * tp as f64 / (2 * tp + fp + fn_) as f64, r.f1, RATIO)?;
                    // AP of scores that agree to ~1e-12: the ranking is the same.
                    expect_close(&format!("{}: average precision", r.name), ap_here(&yte, &p), r.average_precision, Tol::new(1e-9, 1e-9))?;
                    expect_eq(&format!("{}: PR curve points (one per distinct test score)", r.name), distinct_desc(&p).len(), r.curve.len())?;
                }
                let sm = &rows[2];
                expect_eq(
                    "smote: TP + FN and FP + TN on the test part (the test set is never resampled)",
                    (te_pos, yte.len() - te_pos),
                    (sm.tp + sm.fn_, sm.fp + sm.tn),
                )?;
                // Measured over 25 seeds (lr 0.5, 200 epochs): recall plain 0.50-0.60, weighted
                // 0.76-0.82, SMOTE 0.75-0.82, gains ≥ 0.216; AP of the three within 0.007 of each
                // other. Margins: a recall gain of 0.1, an AP difference of 0.05.
                let (plain, weighted) = (&rows[0], &rows[1]);
                ensure(weighted.recall > plain.recall + 0.1 && sm.recall > plain.recall + 0.1, || {
                    format!("recall plain {:.3}, weighted {:.3}, smote {:.3}: balancing should find many more churners", plain.recall, weighted.recall, sm.recall)
                })?;
                ensure((sm.average_precision - plain.average_precision).abs() < 0.05, || {
                    format!("AP plain {:.3}, smote {:.3}: SMOTE should barely change the ranking", plain.average_precision, sm.average_precision)
                })?;
                let path = cx.plot_path("pr_churn.png");
                let curves: Vec<(&str, &[PrPoint])> = rows.iter().map(|r| (r.name.as_str(), r.curve.as_slice())).collect();
                expect_ok("plot_pr_curves of the three variants", plot_pr_curves(&curves, te_pos as f64 / yte.len() as f64, "telco churn: precision–recall", fresh(&path)))?;
                // 5000 inked pixels (1.25 %): three curves and a flat line on top of the axes.
                expect_png("plot_pr_curves' PNG", &path, (800, 500), 5000.0 / (800.0 * 500.0))?;
                Ok(())
            })
            .timeout(std::time::Duration::from_secs(120)),
            Check::new("plot_pr_curves/legend", DAY, |cx| {
                let n = cx.usize_in(50..=200);
                let y = labels(cx, n, 0.2, 1);
                let a = scores_for(cx, &y, false);
                let b = scores_for(cx, &y, true);
                let ca = expect_ok("precision_recall_curve", precision_recall_curve(&y, &a))?;
                let cb = expect_ok("precision_recall_curve", precision_recall_curve(&y, &b))?;
                let rate = y.iter().sum::<usize>() as f64 / n as f64;
                let png = cx.plot_path("pr_generated.png");
                expect_ok("plot_pr_curves", plot_pr_curves(&[("a", &ca), ("b", &cb)], rate, "PR", fresh(&png)))?;
                expect_png("plot_pr_curves' PNG", &png, (800, 500), 5000.0 / (800.0 * 500.0))?;
                let svg = cx.plot_path("pr_generated.svg");
                expect_ok("plot_pr_curves to an .svg", plot_pr_curves(&[("a", &ca)], rate, "PR", fresh(&svg)))?;
                let legend = format!("a (AP {:.3})", ap_here(&y, &a));
                expect_svg("plot_pr_curves' SVG legend (AP to 3 decimals, and \"no skill\")", &svg, &[&legend, "no skill"])?;
                expect_err("plot_pr_curves with no curves", plot_pr_curves(&[], rate, "PR", &svg))?;
                Ok(())
            }),
        ],
    );
}

/// A positive rate for resampling checks: rare (5 %), churn-like (27 %) or reversed (80 %).
fn cx_rate(cx: &mut Ctx) -> f64 {
    [0.05, 0.27, 0.8][cx.usize_in(0..=2)]
}
