//! Hidden checks for chapter 27 (perceptron, activations). Expected values come from plain
//! loops, the textbook closed forms written out here, and central differences of those
//! closed forms — never from the reference solution.

use harness::prelude::*;
use ndarray::{Array1, Array2};
use perceptron::*;

const DAY: &[&str] = &["W14-15 D1-2"];
/// Sums and products of a handful of O(1) numbers: a few ulps of rounding, nothing more.
const FLOAT: Tol = Tol::new(1e-12, 1e-12);
/// Central differences with h = 1e-5 on functions whose third derivative is O(1):
/// truncation ≈ h²/6 ≈ 2e-11, rounding ≈ ε·|f|/h ≤ 1e-10 for |f| ≤ 10. 1e-8 leaves room.
const CENTRAL: Tol = Tol::new(1e-7, 1e-8);
const H: f64 = 1e-5;

/// The closed forms, written the textbook way (with a guard only where the textbook form
/// itself would overflow).
fn closed_form(act: Activation, z: f64) -> f64 {
    match act {
        Activation::Sigmoid => 1.0 / (1.0 + (-z).exp()),
        Activation::Tanh => z.tanh(),
        Activation::Relu => {
            if z > 0.0 {
                z
            } else {
                0.0
            }
        }
        Activation::LeakyRelu { alpha } => {
            if z > 0.0 {
                z
            } else {
                alpha * z
            }
        }
    }
}

fn name(act: Activation) -> String {
    match act {
        Activation::Sigmoid => "sigmoid".into(),
        Activation::Tanh => "tanh".into(),
        Activation::Relu => "relu".into(),
        Activation::LeakyRelu { alpha } => format!("leaky_relu(alpha = {alpha:.3})"),
    }
}

/// Random pre-activations, kept at least 1e-3 away from 0 so that h = 1e-5 never steps
/// over the kink of ReLU.
fn away_from_zero(cx: &mut Ctx, rows: usize, cols: usize) -> Array2<f64> {
    cx.matrix(rows, cols).mapv(|v| {
        let v = 3.0 * v;
        if v.abs() < 1e-3 {
            1e-3_f64.copysign(v) + v
        } else {
            v
        }
    })
}

fn activation_value_check(act: Activation, cx: &mut Ctx) -> CheckResult {
    let (r, c) = (cx.usize_in(1..=6), cx.usize_in(1..=6));
    let z = away_from_zero(cx, r, c);
    let expected = z.mapv(|v| closed_form(act, v));
    expect_array_close(
        &format!("activate({}, z)", name(act)),
        &expected,
        &activate(act, &z),
        FLOAT,
    )
}

fn activation_prime_check(act: Activation, cx: &mut Ctx) -> CheckResult {
    let (r, c) = (cx.usize_in(1..=6), cx.usize_in(1..=6));
    let z = away_from_zero(cx, r, c);
    let numerical = z.mapv(|v| (closed_form(act, v + H) - closed_form(act, v - H)) / (2.0 * H));
    expect_array_close(
        &format!(
            "activate_prime({}, z) against central differences (h = {H:e})",
            name(act)
        ),
        &numerical,
        &activate_prime(act, &z),
        CENTRAL,
    )
}

/// The naive softmax of one row: exact enough when |z| is small.
fn naive_softmax_row(z: &[f64]) -> Vec<f64> {
    let sum: f64 = z.iter().map(|v| v.exp()).sum();
    z.iter().map(|v| v.exp() / sum).collect()
}

/// Linearly separable data: a random unit normal `w*`, bias `b*`, points uniform in
/// [-3, 3]^d, kept only when at least `gap` away from the true hyperplane.
fn separable(
    cx: &mut Ctx,
    w_true: &Array1<f64>,
    b_true: f64,
    n: usize,
    gap: f64,
) -> (Array2<f64>, Array1<f64>) {
    let d = w_true.len();
    let mut x = Array2::zeros((n, d));
    let mut y = Array1::zeros(n);
    let mut i = 0;
    while i < n {
        let p: Vec<f64> = (0..d).map(|_| cx.f64_in(-3.0, 3.0)).collect();
        let s: f64 = (0..d).map(|k| w_true[k] * p[k]).sum::<f64>() + b_true;
        if s.abs() < gap {
            continue;
        }
        for k in 0..d {
            x[[i, k]] = p[k];
        }
        y[i] = if s > 0.0 { 1.0 } else { -1.0 };
        i += 1;
    }
    (x, y)
}

fn score(w: &Array1<f64>, b: f64, x: &Array2<f64>, i: usize) -> f64 {
    (0..x.ncols()).map(|k| w[k] * x[[i, k]]).sum::<f64>() + b
}

fn main() {
    harness::run(
        "27",
        vec![
            Check::new("predict/random", DAY, |cx| {
                let (n, d) = (cx.usize_in(1..=20), cx.usize_in(1..=5));
                let (x, w, b) = (cx.matrix(n, d), cx.vector(d), cx.normal());
                let expected = Array1::from_shape_fn(n, |i| {
                    if score(&w, b, &x, i) >= 0.0 {
                        1.0
                    } else {
                        -1.0
                    }
                });
                let got = expect_ok("predict(w, b, x)", predict(w.view(), b, x.view()))?;
                expect_array_close("predict(w, b, x)", &expected, &got, Tol::EXACT)
            }),
            Check::new("predict/on_the_boundary", DAY, |_| {
                let x = ndarray::array![[0.0, 5.0]];
                let got = expect_ok(
                    "predict",
                    predict(ndarray::array![1.0, 0.0].view(), 0.0, x.view()),
                )?;
                expect_eq(
                    "predict for a point exactly on the boundary (w·x + b = 0 counts as +1)",
                    1.0,
                    got[0],
                )
            }),
            Check::new("predict/width_mismatch", DAY, |cx| {
                let x = cx.matrix(3, 4);
                let w = cx.vector(3);
                expect_err(
                    "predict with 3 weights for 4 columns",
                    predict(w.view(), 0.0, x.view()),
                )
                .map(|_| ())
            }),
            Check::new("perceptron_step/mistake", DAY, |cx| {
                let d = cx.usize_in(1..=6);
                let (w0, b0, x) = (cx.vector(d), cx.normal(), cx.vector(d));
                // Label the example against the current prediction: a mistake.
                let y = if w0.dot(&x) + b0 >= 0.0 { -1.0 } else { 1.0 };
                let lr = cx.f64_in(0.1, 2.0);
                let (mut w, mut b) = (w0.clone(), b0);
                let updated = perceptron_step(&mut w, &mut b, x.view(), y, lr);
                expect_eq(
                    "perceptron_step's return value for a mistake",
                    true,
                    updated,
                )?;
                let expected_w = Array1::from_shape_fn(d, |k| w0[k] + lr * y * x[k]);
                expect_array_close("w after perceptron_step", &expected_w, &w, FLOAT)?;
                expect_close("b after perceptron_step", b0 + lr * y, b, FLOAT)
            }),
            Check::new("perceptron_step/correct", DAY, |cx| {
                let d = cx.usize_in(1..=6);
                let (w0, b0, x) = (cx.vector(d), cx.normal(), cx.vector(d));
                let y = if w0.dot(&x) + b0 > 0.0 { 1.0 } else { -1.0 };
                let (mut w, mut b) = (w0.clone(), b0);
                let updated = perceptron_step(&mut w, &mut b, x.view(), y, 1.0);
                expect_eq(
                    "perceptron_step's return value for a correct example",
                    false,
                    updated,
                )?;
                expect_array_close("w (must not change)", &w0, &w, Tol::EXACT)?;
                expect_eq("b (must not change)", b0, b)
            }),
            Check::new("perceptron_step/from_zero", DAY, |_| {
                // Zero weights put every point on the boundary: that counts as a mistake.
                let (mut w, mut b) = (Array1::zeros(2), 0.0);
                let updated =
                    perceptron_step(&mut w, &mut b, ndarray::array![2.0, -1.0].view(), 1.0, 1.0);
                expect_eq(
                    "perceptron_step from w = 0 (y·score = 0 is a mistake)",
                    true,
                    updated,
                )?;
                expect_array_close("w", &ndarray::array![2.0, -1.0], &w, Tol::EXACT)?;
                expect_eq("b", 1.0, b)
            }),
            Check::new("train_perceptron/separable", DAY, |cx| {
                let d = cx.usize_in(2..=4);
                let mut w_true = cx.vector(d);
                w_true /= w_true.dot(&w_true).sqrt();
                let b_true = cx.f64_in(-0.5, 0.5);
                // gap 0.5 and ‖(x, 1)‖ ≤ sqrt(9d + 1) ≈ 6.1 bound the mistakes by
                // Novikoff: (R/γ)² ≤ (6.1 / 0.5)² ≈ 150 passes at worst; 1000 is plenty.
                let gap = 0.5;
                let (x, y) = separable(cx, &w_true, b_true, 200, gap);
                let p = expect_ok(
                    "train_perceptron on separable data",
                    train_perceptron(x.view(), y.view(), 1.0, 1000),
                )?;
                expect_eq("converged on linearly separable data", true, p.converged)?;
                ensure(p.epochs >= 1 && p.epochs <= 1000, || {
                    format!("epochs = {} is outside 1..=1000", p.epochs)
                })?;
                expect_shape("w", &[d], p.w.shape())?;
                for i in 0..x.nrows() {
                    let s = score(&p.w, p.b, &x, i);
                    ensure(y[i] * s > 0.0, || {
                        format!(
                            "training example {i} (label {}) is on the wrong side: y·(w·x + b) = {:.4}",
                            y[i],
                            y[i] * s
                        )
                    })?;
                }
                // A held-out sample from the same generator: the learned hyperplane
                // generalises. The perceptron stops at *a* separating plane, not the best
                // one, so a few held-out points near the gap may fall on the wrong side;
                // with 200 training points in ≤ 4 dimensions the reference's held-out
                // accuracy was at least 97.3 % over 300 seeds, while a rule
                // that does not learn scores about 50 %.
                let (xh, yh) = separable(cx, &w_true, b_true, 1000, gap);
                let right = (0..xh.nrows())
                    .filter(|&i| yh[i] * score(&p.w, p.b, &xh, i) > 0.0)
                    .count();
                let accuracy = right as f64 / xh.nrows() as f64;
                ensure(accuracy >= 0.95, || {
                    format!("held-out accuracy of the learned hyperplane: expected ≥ 0.95, got {accuracy:.3}")
                })
            }),
            Check::new("train_perceptron/xor", DAY, |_| {
                let x = ndarray::array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
                let y = ndarray::array![-1.0, 1.0, 1.0, -1.0];
                let p = expect_ok(
                    "train_perceptron on XOR",
                    train_perceptron(x.view(), y.view(), 1.0, 50),
                )?;
                expect_eq(
                    "converged on XOR (not linearly separable)",
                    false,
                    p.converged,
                )?;
                expect_eq("epochs on XOR with max_epochs = 50", 50, p.epochs)
            }),
            Check::new("train_perceptron/bad_input", DAY, |cx| {
                let x = cx.matrix(4, 2);
                expect_err(
                    "train_perceptron with labels 0/1 instead of -1/+1",
                    train_perceptron(
                        x.view(),
                        ndarray::array![0.0, 1.0, 1.0, 0.0].view(),
                        1.0,
                        10,
                    ),
                )?;
                expect_err(
                    "train_perceptron with 3 labels for 4 rows",
                    train_perceptron(x.view(), ndarray::array![1.0, -1.0, 1.0].view(), 1.0, 10),
                )?;
                let empty = Array2::<f64>::zeros((0, 2));
                expect_err(
                    "train_perceptron with no rows",
                    train_perceptron(empty.view(), Array1::zeros(0).view(), 1.0, 10),
                )
                .map(|_| ())
            }),
            Check::new("margin/random", DAY, |cx| {
                let (n, d) = (cx.usize_in(1..=15), cx.usize_in(1..=4));
                let (x, w, b) = (cx.matrix(n, d), cx.vector(d), cx.normal());
                let y = Array1::from_shape_fn(n, |_| if cx.normal() > 0.0 { 1.0 } else { -1.0 });
                let norm = w.iter().map(|v| v * v).sum::<f64>().sqrt();
                let mut expected = f64::INFINITY;
                for i in 0..n {
                    let m = y[i] * score(&w, b, &x, i) / norm;
                    if m < expected {
                        expected = m;
                    }
                }
                let got = expect_ok(
                    "margin(w, b, x, y)",
                    margin(w.view(), b, x.view(), y.view()),
                )?;
                expect_close("margin(w, b, x, y)", expected, got, FLOAT)
            }),
            Check::new("margin/bad_input", DAY, |cx| {
                let x = cx.matrix(3, 2);
                let y = ndarray::array![1.0, -1.0, 1.0];
                expect_err(
                    "margin with w = 0",
                    margin(Array1::zeros(2).view(), 1.0, x.view(), y.view()),
                )?;
                expect_err(
                    "margin with 3 weights for 2 columns",
                    margin(Array1::ones(3).view(), 0.0, x.view(), y.view()),
                )?;
                expect_err(
                    "margin with 2 labels for 3 rows",
                    margin(
                        Array1::ones(2).view(),
                        0.0,
                        x.view(),
                        ndarray::array![1.0, 1.0].view(),
                    ),
                )
                .map(|_| ())
            }),
            Check::new("activate/sigmoid", DAY, |cx| {
                activation_value_check(Activation::Sigmoid, cx)
            }),
            Check::new("activate/tanh", DAY, |cx| {
                activation_value_check(Activation::Tanh, cx)
            }),
            Check::new("activate/relu", DAY, |cx| {
                activation_value_check(Activation::Relu, cx)
            }),
            Check::new("activate/leaky_relu", DAY, |cx| {
                let alpha = cx.f64_in(0.01, 0.3);
                activation_value_check(Activation::LeakyRelu { alpha }, cx)
            }),
            Check::new("activate/large_inputs", DAY, |_| {
                let z = ndarray::array![[-1000.0, -750.0, -30.0, 0.0, 30.0, 750.0, 1000.0]];
                for act in [
                    Activation::Sigmoid,
                    Activation::Tanh,
                    Activation::Relu,
                    Activation::LeakyRelu { alpha: 0.1 },
                ] {
                    let got = activate(act, &z);
                    let what = format!("activate({}, {z})", name(act));
                    expect_finite(&what, &got)?;
                    expect_array_close(&what, &z.mapv(|v| closed_form(act, v)), &got, FLOAT)?;
                }
                Ok(())
            }),
            Check::new("activate_prime/sigmoid", DAY, |cx| {
                activation_prime_check(Activation::Sigmoid, cx)
            }),
            Check::new("activate_prime/tanh", DAY, |cx| {
                activation_prime_check(Activation::Tanh, cx)
            }),
            Check::new("activate_prime/relu", DAY, |cx| {
                activation_prime_check(Activation::Relu, cx)
            }),
            Check::new("activate_prime/leaky_relu", DAY, |cx| {
                let alpha = cx.f64_in(0.01, 0.3);
                activation_prime_check(Activation::LeakyRelu { alpha }, cx)
            }),
            Check::new("activate_prime/closed_forms", DAY, |cx| {
                // σ' = σ(1 − σ) and tanh' = 1 − tanh², written from the closed forms.
                let z = away_from_zero(cx, 3, 5);
                let s = z.mapv(|v| closed_form(Activation::Sigmoid, v));
                expect_array_close(
                    "activate_prime(sigmoid, z) against σ(z)(1 − σ(z))",
                    &s.mapv(|v| v * (1.0 - v)),
                    &activate_prime(Activation::Sigmoid, &z),
                    FLOAT,
                )?;
                expect_array_close(
                    "activate_prime(tanh, z) against 1 − tanh²(z)",
                    &z.mapv(|v| 1.0 - v.tanh() * v.tanh()),
                    &activate_prime(Activation::Tanh, &z),
                    FLOAT,
                )
            }),
            Check::new("activate_prime/kinks_and_large_inputs", DAY, |_| {
                let z = ndarray::array![[-1000.0, 0.0, 1000.0]];
                expect_array_close(
                    "activate_prime(relu, [-1000, 0, 1000]) (0 at the kink)",
                    &ndarray::array![[0.0, 0.0, 1.0]],
                    &activate_prime(Activation::Relu, &z),
                    Tol::EXACT,
                )?;
                expect_array_close(
                    "activate_prime(leaky_relu(0.2), [-1000, 0, 1000]) (alpha at the kink)",
                    &ndarray::array![[0.2, 0.2, 1.0]],
                    &activate_prime(Activation::LeakyRelu { alpha: 0.2 }, &z),
                    Tol::EXACT,
                )?;
                for act in [Activation::Sigmoid, Activation::Tanh] {
                    let got = activate_prime(act, &z);
                    let what = format!("activate_prime({}, [-1000, 0, 1000])", name(act));
                    expect_finite(&what, &got)?;
                    // f'(0) is 1/4 for the sigmoid and 1 for tanh; both flatten to 0 far out.
                    let mid = if act == Activation::Sigmoid {
                        0.25
                    } else {
                        1.0
                    };
                    expect_array_close(&what, &ndarray::array![[0.0, mid, 0.0]], &got, FLOAT)?;
                }
                Ok(())
            }),
            Check::new("softmax/random", DAY, |cx| {
                let (r, c) = (cx.usize_in(1..=6), cx.usize_in(1..=8));
                let z = cx.matrix(r, c) * 2.0;
                let mut expected = Array2::zeros((r, c));
                for i in 0..r {
                    let row: Vec<f64> = z.row(i).to_vec();
                    for (j, v) in naive_softmax_row(&row).into_iter().enumerate() {
                        expected[[i, j]] = v;
                    }
                }
                expect_array_close("softmax(z)", &expected, &softmax(&z), FLOAT)
            }),
            Check::new("softmax/large_inputs", DAY, |cx| {
                // Shifting a row by a constant leaves softmax unchanged, so the expected
                // value of a huge row is the naive softmax of the row shifted near zero.
                let c = cx.usize_in(2..=6);
                let small = cx.matrix(2, c);
                let mut z = small.clone();
                z.row_mut(0).mapv_inplace(|v| v + 1000.0);
                z.row_mut(1).mapv_inplace(|v| v - 1000.0);
                let got = softmax(&z);
                expect_finite("softmax of rows near ±1000", &got)?;
                let mut expected = Array2::zeros((2, c));
                for i in 0..2 {
                    for (j, v) in naive_softmax_row(&small.row(i).to_vec())
                        .into_iter()
                        .enumerate()
                    {
                        expected[[i, j]] = v;
                    }
                }
                // Adding 1000 costs the inputs ~1e-13 of absolute precision.
                expect_array_close(
                    "softmax of rows near ±1000",
                    &expected,
                    &got,
                    Tol::new(1e-9, 1e-12),
                )?;
                let mixed = ndarray::array![[1000.0, -1000.0, 0.0]];
                let got = softmax(&mixed);
                expect_finite("softmax([1000, -1000, 0])", &got)?;
                expect_array_close(
                    "softmax([1000, -1000, 0])",
                    &ndarray::array![[1.0, 0.0, 0.0]],
                    &got,
                    FLOAT,
                )
            }),
            Check::new("softmax/rows_sum_to_one", DAY, |cx| {
                let (r, c) = (cx.usize_in(1..=10), cx.usize_in(1..=10));
                let z = cx.matrix(r, c) * 300.0;
                let p = softmax(&z);
                expect_shape("softmax(z)", &[r, c], p.shape())?;
                expect_finite("softmax of inputs with scale 300", &p)?;
                for i in 0..r {
                    let sum: f64 = p.row(i).iter().sum();
                    expect_close(&format!("sum of softmax row {i}"), 1.0, sum, FLOAT)?;
                    if let Some(j) = p.row(i).iter().position(|&v| v < 0.0) {
                        fail!("softmax[{i}, {j}] = {} is negative", p[[i, j]]);
                    }
                }
                Ok(())
            }),
            Check::new("softmax_jacobian/random", DAY, |cx| {
                let k = cx.usize_in(1..=7);
                let z = cx.vector(k);
                let mut numerical = Array2::zeros((k, k));
                for j in 0..k {
                    let (mut up, mut down) = (z.to_vec(), z.to_vec());
                    up[j] += H;
                    down[j] -= H;
                    let (pu, pd) = (naive_softmax_row(&up), naive_softmax_row(&down));
                    for i in 0..k {
                        numerical[[i, j]] = (pu[i] - pd[i]) / (2.0 * H);
                    }
                }
                expect_array_close(
                    "softmax_jacobian(z)[i, j] = ∂pᵢ/∂zⱼ against central differences",
                    &numerical,
                    &softmax_jacobian(&z),
                    CENTRAL,
                )
            }),
        ],
    );
}
