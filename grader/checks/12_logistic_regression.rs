//! Hidden checks for chapter 12 (logistic-regression). Expected values come from plain
//! loops, closed forms, central differences and linfa-logistic — never from the
//! reference solution.

use std::time::Instant;

use harness::prelude::*;
use linfa::prelude::*;
use linfa_logistic::{LogisticRegression, MultiLogisticRegression};
use logistic_regression::*;
use ndarray::{Array1, Array2, ArrayView2};
use rand::seq::SliceRandom;

const DAY: &[&str] = &["W9-10 D5-6"];
/// Closed forms of a single exp/ln: a few ulps.
const ULPS: Tol = Tol::new(1e-13, 1e-15);
/// Sums over up to a few hundred terms.
const SUMS: Tol = Tol::new(1e-10, 1e-12);
/// Central differences in f64 (h = 1e-5): truncation ~h² ≈ 1e-10, rounding ~1e-11/h.
const GRAD: Tol = Tol::new(1e-6, 1e-8);
/// Titanic, same split: 3000 epochs of GD (lr 0.5) against linfa's L-BFGS optimum
/// (alpha = 0). Both minimise the same loss, so the test log-losses agree to ~1e-8 (1e-4 allowed);
/// accuracy and predictions may differ on a passenger or two whose probability is near 0.5.
const TITANIC_LOGLOSS: f64 = 1e-4;
const TITANIC_ACCURACY: f64 = 0.01;
/// Penguins (3 classes): gradient descent and linfa's regularised fit may disagree on a
/// few borderline test penguins. Over 200 random splits the reference trailed linfa by at
/// most 0.035 (3 of 86 test penguins; mean −0.003): 0.07 is twice that, while a broken
/// softmax scores 0.3–0.8.
const PENGUIN_ACCURACY: f64 = 0.07;
/// GD epochs and learning rates the checks ask for.
const BIN_EPOCHS: usize = 3000;
const BIN_LR: f64 = 0.5;
const SOFT_EPOCHS: usize = 1000;
const SOFT_LR: f64 = 0.5;

// ---------------------------------------------------------------- independent routes

/// The textbook formulas, safe for the moderate |z| the random checks use.
fn naive_sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// −ln σ(z) = ln(1 + e^−z) and −ln(1 − σ(z)) = ln(1 + e^z): accurate for moderate |z|
/// (a naive `-(1.0 - p).ln()` loses digits once σ(z) is close to 1).
fn naive_bce(z: f64, y: usize) -> f64 {
    if y == 1 {
        (-z).exp().ln_1p()
    } else {
        z.exp().ln_1p()
    }
}

fn naive_bce_loss(x: ArrayView2<f64>, y: &[usize], w: &[f64], b: f64) -> f64 {
    let mut s = 0.0;
    for i in 0..x.nrows() {
        let mut z = b;
        for j in 0..x.ncols() {
            z += x[[i, j]] * w[j];
        }
        s += naive_bce(z, y[i]);
    }
    s / x.nrows() as f64
}

fn naive_softmax_row(z: &[f64]) -> Vec<f64> {
    let e: Vec<f64> = z.iter().map(|v| v.exp()).collect();
    let s: f64 = e.iter().sum();
    e.iter().map(|v| v / s).collect()
}

fn naive_softmax_loss(x: ArrayView2<f64>, y: &[usize], w: &Array2<f64>, b: &Array1<f64>) -> f64 {
    let k = w.ncols();
    let mut s = 0.0;
    for i in 0..x.nrows() {
        let z: Vec<f64> = (0..k)
            .map(|c| b[c] + (0..x.ncols()).map(|j| x[[i, j]] * w[[j, c]]).sum::<f64>())
            .collect();
        s -= naive_softmax_row(&z)[y[i]].ln();
    }
    s / x.nrows() as f64
}

fn naive_log_loss(y: &[usize], p: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in 0..y.len() {
        let q = p[i].clamp(1e-15, 1.0 - 1e-15);
        s -= if y[i] == 1 { q.ln() } else { (1.0 - q).ln() };
    }
    s / y.len() as f64
}

fn naive_accuracy(y: &[usize], p: &[usize]) -> f64 {
    y.iter().zip(p).filter(|(a, b)| a == b).count() as f64 / y.len() as f64
}

fn rows(x: ArrayView2<f64>, idx: &[usize]) -> Array2<f64> {
    Array2::from_shape_fn((idx.len(), x.ncols()), |(i, j)| x[[idx[i], j]])
}

fn pick(y: &[usize], idx: &[usize]) -> Vec<usize> {
    idx.iter().map(|&i| y[i]).collect()
}

/// The titanic features built by the check from the CSV rows.
fn titanic_by_hand() -> (Array2<f64>, Vec<usize>) {
    let t = datasets::table("titanic").expect("titanic loads");
    let col = |name: &str| t.index(name).unwrap();
    let (pc, sv, sx, ag, sb, pa) = (
        col("pclass"),
        col("survived"),
        col("sex"),
        col("age"),
        col("sibsp"),
        col("parch"),
    );
    let mut known: Vec<f64> = t
        .rows
        .iter()
        .filter(|r| !r[ag].is_empty() && r[ag] != "NA")
        .map(|r| r[ag].parse().unwrap())
        .collect();
    known.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let m = known.len();
    let median = if m % 2 == 1 {
        known[m / 2]
    } else {
        (known[m / 2 - 1] + known[m / 2]) / 2.0
    };
    let mut v = Vec::new();
    let mut y = Vec::new();
    for r in &t.rows {
        let age = if r[ag].is_empty() || r[ag] == "NA" {
            median
        } else {
            r[ag].parse().unwrap()
        };
        v.extend([
            if r[sx] == "male" { 1.0 } else { 0.0 },
            if r[pc] == "2nd" { 1.0 } else { 0.0 },
            if r[pc] == "3rd" { 1.0 } else { 0.0 },
            age,
            r[sb].parse().unwrap(),
            r[pa].parse().unwrap(),
        ]);
        y.push(if r[sv] == "survived" { 1 } else { 0 });
    }
    (Array2::from_shape_vec((y.len(), 6), v).unwrap(), y)
}

fn penguins_by_hand() -> (Array2<f64>, Vec<usize>) {
    let t = datasets::table("penguins").expect("penguins loads");
    let idx: Vec<usize> = [
        "bill_length_mm",
        "bill_depth_mm",
        "flipper_length_mm",
        "body_mass_g",
    ]
    .iter()
    .map(|c| t.index(c).unwrap())
    .collect();
    let sp = t.index("species").unwrap();
    let mut v = Vec::new();
    let mut y = Vec::new();
    for r in &t.rows {
        if idx.iter().any(|&j| r[j].is_empty() || r[j] == "NA") {
            continue;
        }
        v.extend(idx.iter().map(|&j| r[j].parse::<f64>().unwrap()));
        y.push(
            ["Adelie", "Chinstrap", "Gentoo"]
                .iter()
                .position(|s| *s == r[sp])
                .unwrap(),
        );
    }
    (Array2::from_shape_vec((y.len(), 4), v).unwrap(), y)
}

/// linfa's probability of *survival* (class 1). linfa's binary model treats the more
/// frequent class as its positive class (SPEC §8): on titanic that is "died", so the
/// probability it reports must be flipped.
fn linfa_binary(xt: &Array2<f64>, yt: &[usize], xs: &Array2<f64>) -> Vec<f64> {
    let ds = Dataset::new(xt.clone(), Array1::from(yt.to_vec()));
    let fit = LogisticRegression::default()
        .alpha(0.0)
        .max_iterations(1000)
        .fit(&ds)
        .expect("linfa-logistic fits");
    let p = fit.predict_probabilities(xs);
    if fit.labels().pos.class == 1 {
        p.to_vec()
    } else {
        p.iter().map(|v| 1.0 - v).collect()
    }
}

fn linfa_multi(xt: &Array2<f64>, yt: &[usize], xs: &Array2<f64>) -> Vec<usize> {
    let ds = Dataset::new(xt.clone(), Array1::from(yt.to_vec()));
    let fit = MultiLogisticRegression::default()
        .max_iterations(1000)
        .fit(&ds)
        .expect("linfa-logistic fits");
    fit.predict(xs).to_vec()
}

fn random_split(cx: &mut Ctx, n: usize) -> (Vec<usize>, Vec<usize>) {
    let mut idx: Vec<usize> = (0..n).collect();
    idx.shuffle(&mut cx.rng);
    let test = idx.split_off(n * 3 / 4);
    (idx, test)
}

fn check_monotone(what: &str, losses: &[f64]) -> CheckResult {
    for (e, w) in losses.windows(2).enumerate() {
        // Full-batch steps at these rates lower the (convex, smooth) loss every epoch;
        // only rounding noise is allowed.
        if w[1] > w[0] * (1.0 + 1e-10) {
            fail!(
                "{what}: the training loss went up at epoch {}: {} → {}",
                e + 1,
                w[0],
                w[1]
            );
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- the comparison

fn compare() -> Result<Comparison, String> {
    let (x, y) = titanic_by_hand();
    // Every 4th passenger is a test passenger: repeatable, and titanic is sorted by class.
    let test: Vec<usize> = (0..y.len()).filter(|i| i % 4 == 0).collect();
    let train: Vec<usize> = (0..y.len()).filter(|i| i % 4 != 0).collect();
    let (xt, xs, yt, ys) = (
        rows(x.view(), &train),
        rows(x.view(), &test),
        pick(&y, &train),
        pick(&y, &test),
    );

    let start = Instant::now();
    let mine = fit_logistic(
        xt.view(),
        Array1::from(yt.clone()).view(),
        BIN_LR,
        BIN_EPOCHS,
    )
    .map_err(|e| format!("fit_logistic: {e}"))?;
    let mine_ms = start.elapsed().as_secs_f64() * 1e3;
    let start = Instant::now();
    let theirs = linfa_binary(&xt, &yt, &xs);
    let theirs_ms = start.elapsed().as_secs_f64() * 1e3;
    let p = mine
        .model
        .predict_proba(xs.view())
        .map_err(|e| e.to_string())?
        .to_vec();
    let hard = |p: &[f64]| p.iter().map(|&v| usize::from(v >= 0.5)).collect::<Vec<_>>();

    let mut table = Comparison::new(
        "linfa-logistic 0.8 (LogisticRegression alpha 0 / MultiLogisticRegression default, L-BFGS)",
        "titanic 1309 passengers (age imputed with the median), penguins 342 rows; every 4th row is a test row",
    );
    table.timed_row(
        "titanic test accuracy",
        naive_accuracy(&ys, &hard(&p)),
        naive_accuracy(&ys, &hard(&theirs)),
        mine_ms,
        theirs_ms,
    );
    table.row(
        "titanic test log-loss",
        naive_log_loss(&ys, &p),
        naive_log_loss(&ys, &theirs),
    );

    let (x, y) = penguins_by_hand();
    let test: Vec<usize> = (0..y.len()).filter(|i| i % 4 == 0).collect();
    let train: Vec<usize> = (0..y.len()).filter(|i| i % 4 != 0).collect();
    let (xt, xs, yt, ys) = (
        rows(x.view(), &train),
        rows(x.view(), &test),
        pick(&y, &train),
        pick(&y, &test),
    );
    let start = Instant::now();
    let mine = fit_softmax(
        xt.view(),
        Array1::from(yt.clone()).view(),
        3,
        SOFT_LR,
        SOFT_EPOCHS,
    )
    .map_err(|e| format!("fit_softmax: {e}"))?;
    let mine_ms = start.elapsed().as_secs_f64() * 1e3;
    let start = Instant::now();
    let theirs = linfa_multi(&xt, &yt, &xs);
    let theirs_ms = start.elapsed().as_secs_f64() * 1e3;
    let pred = mine
        .model
        .predict(xs.view())
        .map_err(|e| e.to_string())?
        .to_vec();
    table.timed_row(
        "penguins test accuracy (softmax)",
        naive_accuracy(&ys, &pred),
        naive_accuracy(&ys, &theirs),
        mine_ms,
        theirs_ms,
    );
    Ok(table)
}

// ---------------------------------------------------------------- the checks

fn main() {
    harness::run_with_compare(
        "12",
        vec![
            Check::new("sigmoid/random", DAY, |cx| {
                for _ in 0..50 {
                    let z = cx.f64_in(-30.0, 30.0);
                    expect_close(&format!("sigmoid({z})"), naive_sigmoid(z), sigmoid(z), ULPS)?;
                    expect_close(&format!("sigmoid(−z) + sigmoid(z) for z = {z}"), 1.0, sigmoid(-z) + sigmoid(z), ULPS)?;
                }
                Ok(())
            }),
            Check::new("sigmoid/extremes", DAY, |_| {
                for z in [-1000.0, -800.0, 800.0, 1000.0, f64::MAX, -f64::MAX] {
                    let s = sigmoid(z);
                    ensure((0.0..=1.0).contains(&s), || format!("sigmoid({z}) = {s}: expected a number in [0, 1] (no overflow to NaN)"))?;
                }
                expect_eq("sigmoid(800)", 1.0, sigmoid(800.0))?;
                // In the far left tail σ(z) = e^z / (1 + e^z) ≈ e^z, representable down to ~1e-308.
                expect_close("sigmoid(−40)", (-40f64).exp() / (1.0 + (-40f64).exp()), sigmoid(-40.0), ULPS)?;
                // Relative only: the value is ~1e-304, so any absolute floor would accept 0.
                expect_close("sigmoid(−700)", (-700f64).exp(), sigmoid(-700.0), Tol::new(1e-12, 0.0))
            }),
            Check::new("bce_with_logits/random", DAY, |cx| {
                for _ in 0..50 {
                    let z = cx.f64_in(-20.0, 20.0);
                    let y = cx.usize_in(0..=1);
                    expect_close(&format!("bce_with_logits({z}, {y})"), naive_bce(z, y), bce_with_logits(z, y as f64), Tol::new(1e-9, 1e-12))?; // two exact rewritings; ln_1p vs ln(1 + ·) differ by rounding
                }
                Ok(())
            }),
            Check::new("bce_with_logits/extremes", DAY, |_| {
                // −ln σ(z) → −z as z → −∞; −ln(1 − σ(z)) → z as z → +∞; both exact in f64 here.
                expect_close("bce_with_logits(800, 0) (a confident wrong answer)", 800.0, bce_with_logits(800.0, 0.0), ULPS)?;
                expect_close("bce_with_logits(−800, 1)", 800.0, bce_with_logits(-800.0, 1.0), ULPS)?;
                expect_close("bce_with_logits(800, 1) (a confident right answer)", 0.0, bce_with_logits(800.0, 1.0), Tol::abs(1e-300))?; // e^−800 underflows to 0: the loss is 0 up to denormals
                // ln(1 + e^−40) ≈ e^−40 ≈ 4.25e-18: a naive 1 − σ loses it entirely.
                // ln(1 + t) ≈ t − t²/2 for t = e^−40: relative error ~1e-18; relative tolerance only.
                expect_close("bce_with_logits(40, 1)", (-40f64).exp(), bce_with_logits(40.0, 1.0), Tol::new(1e-9, 0.0))
            }),
            Check::new("bce_loss/random", DAY, |cx| {
                let (n, d) = (cx.usize_in(1..=40), cx.usize_in(1..=5));
                let x = cx.matrix(n, d);
                let y: Vec<usize> = (0..n).map(|_| cx.usize_in(0..=1)).collect();
                let w = cx.vector(d);
                let b = cx.normal();
                let got = expect_ok("bce_loss", bce_loss(x.view(), Array1::from(y.clone()).view(), w.view(), b))?;
                expect_close("mean binary cross-entropy", naive_bce_loss(x.view(), &y, w.as_slice().unwrap(), b), got, SUMS)?;
                expect_err("bce_loss with a label 2", bce_loss(x.view(), Array1::from_elem(n, 2).view(), w.view(), b))?;
                expect_err("bce_loss with d + 1 weights", bce_loss(x.view(), Array1::from(y.clone()).view(), cx.vector(d + 1).view(), b))?;
                expect_err("bce_loss with n + 1 labels", bce_loss(x.view(), Array1::zeros(n + 1).view(), w.view(), b))?;
                Ok(())
            }),
            Check::new("bce_gradient/central_differences", DAY, |cx| {
                let (n, d) = (cx.usize_in(2..=40), cx.usize_in(1..=5));
                let x = cx.matrix(n, d);
                let y: Vec<usize> = (0..n).map(|_| cx.usize_in(0..=1)).collect();
                let w = cx.vector(d);
                let b = cx.normal();
                let (gw, gb) = expect_ok("bce_gradient", bce_gradient(x.view(), Array1::from(y.clone()).view(), w.view(), b))?;
                let h = 1e-5;
                let numeric: Vec<f64> = (0..d)
                    .map(|j| {
                        let (mut up, mut down) = (w.to_vec(), w.to_vec());
                        up[j] += h;
                        down[j] -= h;
                        (naive_bce_loss(x.view(), &y, &up, b) - naive_bce_loss(x.view(), &y, &down, b)) / (2.0 * h)
                    })
                    .collect();
                expect_slice_close("∂J/∂w against central differences", &numeric, gw.as_slice().unwrap_or(&[]), GRAD)?;
                let ws = w.as_slice().unwrap();
                let nb = (naive_bce_loss(x.view(), &y, ws, b + h) - naive_bce_loss(x.view(), &y, ws, b - h)) / (2.0 * h);
                expect_close("∂J/∂b against central differences", nb, gb, GRAD)
            }),
            Check::new("predict_proba/random", DAY, |cx| {
                let (n, d) = (cx.usize_in(1..=30), cx.usize_in(1..=5));
                let x = cx.matrix(n, d);
                let m = LogisticModel { intercept: cx.normal(), coef: cx.vector(d) };
                let expected = Array1::from_shape_fn(n, |i| naive_sigmoid(m.intercept + (0..d).map(|j| x[[i, j]] * m.coef[j]).sum::<f64>()));
                let got = expect_ok("LogisticModel::predict_proba", m.predict_proba(x.view()))?;
                expect_array_close("P(y = 1 | x)", &expected, &got, SUMS)?;
                let classes = expect_ok("LogisticModel::predict", m.predict(x.view()))?;
                expect_eq("predict (class 1 where P ≥ 0.5)", expected.iter().map(|&p| usize::from(p >= 0.5)).collect::<Vec<_>>(), classes.to_vec())?;
                expect_err("predict_proba with d + 1 columns", m.predict_proba(cx.matrix(2, d + 1).view()))?;
                Ok(())
            }),
            Check::new("fit_logistic/titanic_vs_linfa", DAY, |cx| {
                let (x, y) = titanic_by_hand();
                let (train, test) = random_split(cx, y.len());
                let (xt, xs, yt, ys) = (rows(x.view(), &train), rows(x.view(), &test), pick(&y, &train), pick(&y, &test));
                let fit = expect_ok("fit_logistic on titanic", fit_logistic(xt.view(), Array1::from(yt.clone()).view(), BIN_LR, BIN_EPOCHS))?;
                expect_eq("losses.len() (one per epoch)", BIN_EPOCHS, fit.losses.len())?;
                check_monotone("fit_logistic on titanic", &fit.losses)?;
                let p = expect_ok("predict_proba on the test rows", fit.model.predict_proba(xs.view()))?.to_vec();
                let theirs = linfa_binary(&xt, &yt, &xs);
                let (mine_ll, their_ll) = (naive_log_loss(&ys, &p), naive_log_loss(&ys, &theirs));
                ensure((mine_ll - their_ll).abs() <= TITANIC_LOGLOSS, || {
                    format!("titanic test log-loss: expected {their_ll:.5} ± {TITANIC_LOGLOSS} (linfa-logistic on the same split), got {mine_ll:.5}")
                })?;
                let hard = |p: &[f64]| p.iter().map(|&v| usize::from(v >= 0.5)).collect::<Vec<_>>();
                let (mine_acc, their_acc) = (naive_accuracy(&ys, &hard(&p)), naive_accuracy(&ys, &hard(&theirs)));
                ensure((mine_acc - their_acc).abs() <= TITANIC_ACCURACY, || {
                    format!("titanic test accuracy: expected {their_acc:.4} ± {TITANIC_ACCURACY} (linfa-logistic on the same split), got {mine_acc:.4}")
                })?;
                let (mine_hard, their_hard) = (hard(&p), hard(&theirs));
                let differ: Vec<usize> = (0..ys.len()).filter(|&i| mine_hard[i] != their_hard[i]).collect();
                ensure(differ.len() as f64 <= TITANIC_ACCURACY * ys.len() as f64, || {
                    format!(
                        "your predictions differ from linfa-logistic's on {} of {} test passengers (at most {:.0} allowed); first: passenger {} with P(survived) {:.4} (yours) vs {:.4} (linfa)",
                        differ.len(), ys.len(), (TITANIC_ACCURACY * ys.len() as f64).floor(), test[differ[0]], p[differ[0]], theirs[differ[0]]
                    )
                })
            })
            .timeout(std::time::Duration::from_secs(20)), // 3000 full-batch epochs on ~1000 rows
            Check::new("fit_logistic/bad_input", DAY, |cx| {
                let x = cx.matrix(6, 2);
                expect_err("fit_logistic with a label 3", fit_logistic(x.view(), Array1::from(vec![0, 1, 3, 0, 1, 0]).view(), 0.1, 5))?;
                expect_err("fit_logistic with learning rate 0", fit_logistic(x.view(), Array1::from(vec![0, 1, 1, 0, 1, 0]).view(), 0.0, 5))?;
                expect_err("fit_logistic on 0 rows", fit_logistic(Array2::<f64>::zeros((0, 2)).view(), Array1::<usize>::zeros(0).view(), 0.1, 5))?;
                Ok(())
            }),
            Check::new("softmax/random", DAY, |cx| {
                let (n, k) = (cx.usize_in(1..=10), cx.usize_in(2..=6));
                let z = cx.matrix(n, k) * 5.0;
                let mut expected = Array2::zeros((n, k));
                for i in 0..n {
                    for (c, v) in naive_softmax_row(z.row(i).as_slice().unwrap()).into_iter().enumerate() {
                        expected[[i, c]] = v;
                    }
                }
                expect_array_close("softmax(z), row by row", &expected, &softmax(z.view()), SUMS)
            }),
            Check::new("softmax/extremes", DAY, |_| {
                let z = ndarray::array![[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -1000.0], [710.0, 710.0, 0.0]];
                let got = softmax(z.view());
                expect_finite("softmax of scores near ±1000", &got)?;
                let expected = ndarray::array![[1.0, 0.0, 0.0], [1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0], [0.5, 0.5, 0.0]];
                expect_array_close("softmax of scores near ±1000 (subtract the row maximum)", &expected, &got, ULPS)
            }),
            Check::new("softmax_loss/random", DAY, |cx| {
                let (n, d, k) = (cx.usize_in(1..=30), cx.usize_in(1..=4), cx.usize_in(2..=5));
                let x = cx.matrix(n, d);
                let y: Vec<usize> = (0..n).map(|_| cx.usize_in(0..=k - 1)).collect();
                let (w, b) = (cx.matrix(d, k), cx.vector(k));
                let got = expect_ok("softmax_loss", softmax_loss(x.view(), Array1::from(y.clone()).view(), w.view(), b.view()))?;
                expect_close("mean softmax cross-entropy", naive_softmax_loss(x.view(), &y, &w, &b), got, SUMS)?;
                expect_err("softmax_loss with a label = K", softmax_loss(x.view(), Array1::from_elem(n, k).view(), w.view(), b.view()))?;
                expect_err("softmax_loss with K + 1 intercepts", softmax_loss(x.view(), Array1::from(y).view(), w.view(), cx.vector(k + 1).view()))?;
                Ok(())
            }),
            Check::new("softmax_loss/extremes", DAY, |_| {
                // Scores 0 and −1000 for the true class 1: the loss is 1000 (not infinity).
                let x = ndarray::array![[1.0]];
                let w = ndarray::array![[0.0, -1000.0]];
                let got = expect_ok("softmax_loss", softmax_loss(x.view(), ndarray::array![1].view(), w.view(), ndarray::array![0.0, 0.0].view()))?;
                expect_close("softmax loss when the true class scores 1000 below the other", 1000.0, got, ULPS)
            }),
            Check::new("softmax_gradient/central_differences", DAY, |cx| {
                let (n, d, k) = (cx.usize_in(2..=25), cx.usize_in(1..=4), cx.usize_in(2..=4));
                let x = cx.matrix(n, d);
                let y: Vec<usize> = (0..n).map(|_| cx.usize_in(0..=k - 1)).collect();
                let (w, b) = (cx.matrix(d, k), cx.vector(k));
                let (gw, gb) = expect_ok("softmax_gradient", softmax_gradient(x.view(), Array1::from(y.clone()).view(), w.view(), b.view()))?;
                expect_shape("∂J/∂W", &[d, k], gw.shape())?;
                let h = 1e-5;
                let numeric_w = Array2::from_shape_fn((d, k), |(j, c)| {
                    let (mut up, mut down) = (w.clone(), w.clone());
                    up[[j, c]] += h;
                    down[[j, c]] -= h;
                    (naive_softmax_loss(x.view(), &y, &up, &b) - naive_softmax_loss(x.view(), &y, &down, &b)) / (2.0 * h)
                });
                expect_array_close("∂J/∂W against central differences", &numeric_w, &gw, GRAD)?;
                let numeric_b = Array1::from_shape_fn(k, |c| {
                    let (mut up, mut down) = (b.clone(), b.clone());
                    up[c] += h;
                    down[c] -= h;
                    (naive_softmax_loss(x.view(), &y, &w, &up) - naive_softmax_loss(x.view(), &y, &w, &down)) / (2.0 * h)
                });
                expect_array_close("∂J/∂b against central differences", &numeric_b, &gb, GRAD)
            }),
            Check::new("fit_softmax/penguins_vs_linfa", DAY, |cx| {
                let (x, y) = penguins_by_hand();
                let (train, test) = random_split(cx, y.len());
                let (xt, xs, yt, ys) = (rows(x.view(), &train), rows(x.view(), &test), pick(&y, &train), pick(&y, &test));
                let fit = expect_ok("fit_softmax on penguins", fit_softmax(xt.view(), Array1::from(yt.clone()).view(), 3, SOFT_LR, SOFT_EPOCHS))?;
                expect_eq("losses.len() (one per epoch)", SOFT_EPOCHS, fit.losses.len())?;
                check_monotone("fit_softmax on penguins", &fit.losses)?;
                let proba = expect_ok("SoftmaxModel::predict_proba", fit.model.predict_proba(xs.view()))?;
                expect_shape("predict_proba on the test penguins", &[xs.nrows(), 3], proba.shape())?;
                for (i, row) in proba.outer_iter().enumerate() {
                    expect_close(&format!("row {i} of predict_proba sums to 1"), 1.0, row.sum(), SUMS)?;
                }
                let pred = expect_ok("SoftmaxModel::predict", fit.model.predict(xs.view()))?.to_vec();
                let (mine, theirs) = (naive_accuracy(&ys, &pred), naive_accuracy(&ys, &linfa_multi(&xt, &yt, &xs)));
                ensure(mine >= theirs - PENGUIN_ACCURACY, || {
                    format!("penguin test accuracy: expected at least {:.4} (linfa-logistic {theirs:.4} − {PENGUIN_ACCURACY}), got {mine:.4}", theirs - PENGUIN_ACCURACY)
                })
            })
            .timeout(std::time::Duration::from_secs(20)), // 1000 full-batch epochs plus linfa's fit
            Check::new("fit_softmax/bad_input", DAY, |cx| {
                let x = cx.matrix(6, 2);
                let y = Array1::from(vec![0, 1, 2, 0, 1, 2]);
                expect_err("fit_softmax with n_classes = 2 but a label 2", fit_softmax(x.view(), y.view(), 2, 0.1, 5))?;
                expect_err("fit_softmax with n_classes = 1", fit_softmax(x.view(), Array1::zeros(6).view(), 1, 0.1, 5))?;
                expect_err("fit_softmax with a negative learning rate", fit_softmax(x.view(), y.view(), 3, -0.1, 5))?;
                Ok(())
            }),
            Check::new("log_loss/random", DAY, |cx| {
                let n = cx.usize_in(1..=50);
                let y: Vec<usize> = (0..n).map(|_| cx.usize_in(0..=1)).collect();
                let mut p: Vec<f64> = (0..n).map(|_| cx.f64_in(0.0, 1.0)).collect();
                p[0] = if y[0] == 1 { 0.0 } else { 1.0 }; // a certain mistake: clipped, not infinite
                let got = expect_ok("log_loss", log_loss(Array1::from(y.clone()).view(), Array1::from(p.clone()).view()))?;
                expect_close("log_loss (probabilities clipped to [1e-15, 1 − 1e-15])", naive_log_loss(&y, &p), got, SUMS)?;
                expect_err("log_loss with 2 labels and 3 probabilities", log_loss(Array1::from(vec![0, 1]).view(), Array1::from(vec![0.5, 0.5, 0.5]).view()))?;
                Ok(())
            }),
            Check::new("load_titanic/rows", DAY, |_| {
                let (ex, ey) = titanic_by_hand();
                let (x, y) = expect_ok("load_titanic()", load_titanic())?;
                // The titanic file has 1309 passengers (Titanic3, Vanderbilt).
                expect_shape("x of load_titanic()", &[1309, 6], x.shape())?;
                expect_array_close("x (male, class_2nd, class_3rd, age with median imputed, sibsp, parch)", &ex, &x, Tol::EXACT)?;
                expect_eq("y (survived = 1)", ey, y.to_vec())
            }),
        ],
        compare,
    );
}
