//! Hidden checks for chapter 28 (backprop). Every gradient the learner computes is compared
//! with central differences of a loss written here with plain loops, in f64; values are
//! compared with the same loops. Nothing comes from the reference solution.

use backprop::*;
use harness::prelude::*;
use ndarray::{Array1, Array2, ArrayViewD, IxDyn};

const DAY: &[&str] = &["W14-15 D3-4"];
/// Dot products of a few O(1) numbers: a few ulps.
const FLOAT: Tol = Tol::new(1e-12, 1e-12);
/// Central-difference step: truncation O(h²) ≈ 1e-10 against rounding ε·L/h ≈ 1e-11.
const H: f64 = 1e-5;
/// The relative-error threshold for gradients (SPEC §3): a right gradient agrees with
/// central differences to ~1e-9 here, a wrong one (a missing 1/n, a transpose, a missing
/// ReLU mask) is off by 1e-2 or more.
const GRAD_REL: f64 = 1e-6;
/// The denominator floor of the relative error. The numerical derivative carries up to
/// ~1e-10 of absolute noise (worst disagreement with the reference over 150 seeds: 6e-11,
/// on an entry of size 1.5e-9, where a pure relative error would read 4e-2), so entries
/// smaller than 1e-3 are judged on an absolute 1e-9 (= GRAD_REL · FLOOR) instead.
const FLOOR: f64 = 1e-3;

fn rel_err(a: f64, b: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs()).max(FLOOR)
}

/// `[3, 7]` for messages.
fn idx_str(idx: &[usize]) -> String {
    format!(
        "[{}]",
        idx.iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Up to `k` distinct random indices of an array of `shape` (all of them if fewer).
fn sample_indices(cx: &mut Ctx, shape: &[usize], k: usize) -> Vec<Vec<usize>> {
    let total: usize = shape.iter().product();
    let unravel = |mut flat: usize| {
        let mut idx = vec![0; shape.len()];
        for d in (0..shape.len()).rev() {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        idx
    };
    if total <= k {
        return (0..total).map(unravel).collect();
    }
    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < k {
        let f = cx.usize_in(0..=total - 1);
        if !chosen.contains(&f) {
            chosen.push(f);
        }
    }
    chosen.into_iter().map(unravel).collect()
}

/// Compare the learner's `analytic` gradient at the `samples` with `numeric(index)`.
fn compare_gradient(
    what: &str,
    expected_shape: &[usize],
    analytic: ArrayViewD<'_, f64>,
    samples: &[Vec<usize>],
    mut numeric: impl FnMut(&[usize]) -> f64,
) -> CheckResult {
    expect_shape(what, expected_shape, analytic.shape())?;
    let mut worst: Option<(Vec<usize>, f64, f64, f64)> = None;
    for idx in samples {
        let n = numeric(idx);
        let a = analytic[IxDyn(idx)];
        let e = if a.is_finite() {
            rel_err(a, n)
        } else {
            f64::INFINITY
        };
        if worst.as_ref().is_none_or(|w| e > w.3) {
            worst = Some((idx.clone(), a, n, e));
        }
    }
    if let Some((idx, a, n, e)) = worst {
        if e > GRAD_REL {
            fail!(
                "{what}{}: analytic {}, numerical {} (central differences, h = {H:e}): relative error {e:.1e} > {GRAD_REL:e} (worst of {} sampled entries; denominator floor {FLOOR:e})",
                idx_str(&idx),
                fmt_num(a),
                fmt_num(n),
                samples.len()
            );
        }
    }
    Ok(())
}

/// `X W + b` with loops.
fn naive_dense(x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>) -> Array2<f64> {
    let (n, d) = x.dim();
    let m = w.ncols();
    let mut y = Array2::zeros((n, m));
    for i in 0..n {
        for j in 0..m {
            let mut s = b[j];
            for k in 0..d {
                s += x[[i, k]] * w[[k, j]];
            }
            y[[i, j]] = s;
        }
    }
    y
}

/// Mean softmax cross-entropy with loops (log-sum-exp shifted by the row maximum).
fn naive_ce(logits: &Array2<f64>, labels: &[usize]) -> f64 {
    let n = logits.nrows();
    let mut total = 0.0;
    for i in 0..n {
        let row = logits.row(i);
        let max = row.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let lse = max + row.iter().map(|v| (v - max).exp()).sum::<f64>().ln();
        total += lse - row[labels[i]];
    }
    total / n as f64
}

fn naive_logits(net: &TwoLayerNet, x: &Array2<f64>) -> Array2<f64> {
    let h = naive_dense(x, &net.w1, &net.b1).mapv(|v| if v > 0.0 { v } else { 0.0 });
    naive_dense(&h, &net.w2, &net.b2)
}

fn naive_net_loss(net: &TwoLayerNet, x: &Array2<f64>, labels: &[usize]) -> f64 {
    naive_ce(&naive_logits(net, x), labels)
}

/// Random labels in `0..k`.
fn labels(cx: &mut Ctx, n: usize, k: usize) -> Vec<usize> {
    (0..n).map(|_| cx.usize_in(0..=k - 1)).collect()
}

/// A random network and batch whose hidden pre-activations all stay at least 1e-3 from
/// ReLU's kink, so a step of h = 1e-5 never crosses it (which would make central
/// differences meaningless there).
fn random_problem(cx: &mut Ctx) -> (TwoLayerNet, Array2<f64>, Vec<usize>) {
    let (n, d, hidden, k) = (
        cx.usize_in(1..=8),
        cx.usize_in(2..=5),
        cx.usize_in(3..=8),
        cx.usize_in(2..=5),
    );
    loop {
        let net = TwoLayerNet {
            w1: cx.matrix(d, hidden) * 0.8,
            b1: cx.vector(hidden) * 0.5,
            w2: cx.matrix(hidden, k) * 0.8,
            b2: cx.vector(k) * 0.5,
        };
        let x = cx.matrix(n, d);
        let z1 = naive_dense(&x, &net.w1, &net.b1);
        if z1.iter().all(|v| v.abs() > 1e-3) {
            let y = labels(cx, n, k);
            return (net, x, y);
        }
    }
}

fn main() {
    harness::run(
        "28",
        vec![
            Check::new("dense_forward/random", DAY, |cx| {
                let (n, d, m) = (cx.usize_in(1..=7), cx.usize_in(1..=6), cx.usize_in(1..=6));
                let (x, w, b) = (cx.matrix(n, d), cx.matrix(d, m), cx.vector(m));
                let got = expect_ok("dense_forward(x, w, b)", dense_forward(&x, &w, &b))?;
                expect_array_close(
                    "dense_forward(x, w, b)",
                    &naive_dense(&x, &w, &b),
                    &got,
                    FLOAT,
                )
            }),
            Check::new("dense_forward/shape_mismatch", DAY, |cx| {
                let (x, w) = (cx.matrix(3, 4), cx.matrix(5, 2));
                expect_err(
                    "dense_forward with x 3×4 and w 5×2",
                    dense_forward(&x, &w, &cx.vector(2)),
                )?;
                let w = cx.matrix(4, 2);
                expect_err(
                    "dense_forward with w 4×2 and b of length 3",
                    dense_forward(&x, &w, &cx.vector(3)),
                )
                .map(|_| ())
            }),
            Check::new("dense_backward/numerical", DAY, |cx| {
                let (n, d, m) = (cx.usize_in(1..=6), cx.usize_in(1..=5), cx.usize_in(1..=5));
                let (x, w, b, g) = (
                    cx.matrix(n, d),
                    cx.matrix(d, m),
                    cx.vector(m),
                    cx.matrix(n, m),
                );
                // L = Σ G ⊙ (XW + b) has ∂L/∂Y = G: the upstream gradient dy.
                let loss = |x: &Array2<f64>, w: &Array2<f64>, b: &Array1<f64>| {
                    (naive_dense(x, w, b) * &g).sum()
                };
                let got = expect_ok("dense_backward(x, w, dy)", dense_backward(&x, &w, &g))?;
                let all_x = sample_indices(cx, &[n, d], usize::MAX);
                compare_gradient("dx", &[n, d], got.dx.view().into_dyn(), &all_x, |i| {
                    let (mut up, mut down) = (x.clone(), x.clone());
                    up[[i[0], i[1]]] += H;
                    down[[i[0], i[1]]] -= H;
                    (loss(&up, &w, &b) - loss(&down, &w, &b)) / (2.0 * H)
                })?;
                let all_w = sample_indices(cx, &[d, m], usize::MAX);
                compare_gradient("dw", &[d, m], got.dw.view().into_dyn(), &all_w, |i| {
                    let (mut up, mut down) = (w.clone(), w.clone());
                    up[[i[0], i[1]]] += H;
                    down[[i[0], i[1]]] -= H;
                    (loss(&x, &up, &b) - loss(&x, &down, &b)) / (2.0 * H)
                })?;
                let all_b = sample_indices(cx, &[m], usize::MAX);
                compare_gradient("db", &[m], got.db.view().into_dyn(), &all_b, |i| {
                    let (mut up, mut down) = (b.clone(), b.clone());
                    up[i[0]] += H;
                    down[i[0]] -= H;
                    (loss(&x, &w, &up) - loss(&x, &w, &down)) / (2.0 * H)
                })
            }),
            Check::new("dense_backward/shape_mismatch", DAY, |cx| {
                let (x, w) = (cx.matrix(3, 4), cx.matrix(4, 2));
                expect_err(
                    "dense_backward with dy 3×3 for y 3×2",
                    dense_backward(&x, &w, &cx.matrix(3, 3)),
                )?;
                expect_err(
                    "dense_backward with x 3×4 and w 5×2",
                    dense_backward(&x, &cx.matrix(5, 2), &cx.matrix(3, 2)),
                )
                .map(|_| ())
            }),
            Check::new("relu_forward/random", DAY, |cx| {
                let (r, c) = (cx.usize_in(1..=6), cx.usize_in(1..=6));
                let z = cx.matrix(r, c);
                let expected = z.mapv(|v| if v > 0.0 { v } else { 0.0 });
                expect_array_close("relu_forward(z)", &expected, &relu_forward(&z), Tol::EXACT)
            }),
            Check::new("relu_backward/numerical", DAY, |cx| {
                let (r, c) = (cx.usize_in(1..=6), cx.usize_in(1..=6));
                // Keep z at least 1e-3 from the kink so the step h never crosses it.
                let z = cx
                    .matrix(r, c)
                    .mapv(|v| if v.abs() < 1e-3 { v + 2e-3 } else { v });
                let g = cx.matrix(r, c);
                let loss = |z: &Array2<f64>| (z.mapv(|v| if v > 0.0 { v } else { 0.0 }) * &g).sum();
                let got = expect_ok("relu_backward(z, da)", relu_backward(&z, &g))?;
                let all = sample_indices(cx, &[r, c], usize::MAX);
                compare_gradient("dz", &[r, c], got.view().into_dyn(), &all, |i| {
                    let (mut up, mut down) = (z.clone(), z.clone());
                    up[[i[0], i[1]]] += H;
                    down[[i[0], i[1]]] -= H;
                    (loss(&up) - loss(&down)) / (2.0 * H)
                })
            }),
            Check::new("relu_backward/shape_mismatch", DAY, |cx| {
                expect_err(
                    "relu_backward with z 2×3 and da 3×2",
                    relu_backward(&cx.matrix(2, 3), &cx.matrix(3, 2)),
                )
                .map(|_| ())
            }),
            Check::new("softmax_cross_entropy/loss", DAY, |cx| {
                let (n, k) = (cx.usize_in(1..=8), cx.usize_in(2..=6));
                let z = cx.matrix(n, k) * 2.0;
                let y = labels(cx, n, k);
                // Naive route: p = e^z / Σ e^z, loss = −mean log p[label] (fine for |z| < 10).
                let mut expected = 0.0;
                for i in 0..n {
                    let s: f64 = z.row(i).iter().map(|v| v.exp()).sum();
                    expected -= (z[[i, y[i]]].exp() / s).ln();
                }
                expected /= n as f64;
                let (loss, _) = expect_ok(
                    "softmax_cross_entropy(logits, labels)",
                    softmax_cross_entropy(&z, &y),
                )?;
                expect_close("softmax_cross_entropy loss", expected, loss, FLOAT)
            }),
            Check::new("softmax_cross_entropy/gradient", DAY, |cx| {
                let (n, k) = (cx.usize_in(1..=8), cx.usize_in(2..=6));
                let z = cx.matrix(n, k) * 2.0;
                let y = labels(cx, n, k);
                let (_, grad) = expect_ok(
                    "softmax_cross_entropy(logits, labels)",
                    softmax_cross_entropy(&z, &y),
                )?;
                let all = sample_indices(cx, &[n, k], usize::MAX);
                compare_gradient("dlogits", &[n, k], grad.view().into_dyn(), &all, |i| {
                    let (mut up, mut down) = (z.clone(), z.clone());
                    up[[i[0], i[1]]] += H;
                    down[[i[0], i[1]]] -= H;
                    (naive_ce(&up, &y) - naive_ce(&down, &y)) / (2.0 * H)
                })
            }),
            Check::new("softmax_cross_entropy/large_logits", DAY, |cx| {
                // Shifting a row changes neither the loss nor the gradient.
                let k = cx.usize_in(2..=5);
                let small = cx.matrix(2, k);
                let mut big = small.clone();
                big.row_mut(0).mapv_inplace(|v| v + 1000.0);
                big.row_mut(1).mapv_inplace(|v| v - 1000.0);
                let y = labels(cx, 2, k);
                let (loss, grad) = expect_ok(
                    "softmax_cross_entropy on logits near ±1000",
                    softmax_cross_entropy(&big, &y),
                )?;
                ensure(loss.is_finite(), || {
                    format!("loss on logits near ±1000: expected a finite number, got {loss}")
                })?;
                expect_finite("gradient on logits near ±1000", &grad)?;
                // The shift by 1000 costs the inputs ~1e-13 of absolute precision.
                expect_close(
                    "loss on logits near ±1000 (equal to the loss of the unshifted rows)",
                    naive_ce(&small, &y),
                    loss,
                    Tol::new(1e-9, 1e-12),
                )
            }),
            Check::new("softmax_cross_entropy/bad_labels", DAY, |cx| {
                let z = cx.matrix(3, 4);
                expect_err(
                    "softmax_cross_entropy with label 4 for 4 classes",
                    softmax_cross_entropy(&z, &[0, 4, 1]),
                )?;
                expect_err(
                    "softmax_cross_entropy with 2 labels for 3 rows",
                    softmax_cross_entropy(&z, &[0, 1]),
                )
                .map(|_| ())
            }),
            Check::new("forward/random", DAY, |cx| {
                let (net, x, _) = random_problem(cx);
                let got = expect_ok("forward(net, x)", forward(&net, &x))?;
                expect_array_close(
                    "forward(net, x) (logits)",
                    &naive_logits(&net, &x),
                    &got,
                    FLOAT,
                )
            }),
            Check::new("forward/shape_mismatch", DAY, |cx| {
                let (net, _, _) = random_problem(cx);
                let wrong = cx.matrix(2, net.w1.nrows() + 1);
                expect_err(
                    "forward with an input of the wrong width",
                    forward(&net, &wrong),
                )
                .map(|_| ())
            }),
            Check::new("backward/numerical", DAY, |cx| {
                let (net, x, y) = random_problem(cx);
                let (loss, g) = expect_ok("backward(net, x, labels)", backward(&net, &x, &y))?;
                expect_close(
                    "loss from backward",
                    naive_net_loss(&net, &x, &y),
                    loss,
                    FLOAT,
                )?;
                // Sample entries from every parameter tensor and compare each with the
                // central difference of the loss computed here with loops.
                const SAMPLES: usize = 12;
                let numeric = |which: usize, i: &[usize]| {
                    let bump = |delta: f64| {
                        let mut n = net.clone();
                        match which {
                            0 => n.w1[[i[0], i[1]]] += delta,
                            1 => n.b1[i[0]] += delta,
                            2 => n.w2[[i[0], i[1]]] += delta,
                            _ => n.b2[i[0]] += delta,
                        }
                        naive_net_loss(&n, &x, &y)
                    };
                    (bump(H) - bump(-H)) / (2.0 * H)
                };
                let s = sample_indices(cx, net.w1.shape(), SAMPLES);
                compare_gradient("dW1", net.w1.shape(), g.w1.view().into_dyn(), &s, |i| {
                    numeric(0, i)
                })?;
                let s = sample_indices(cx, net.b1.shape(), SAMPLES);
                compare_gradient("db1", net.b1.shape(), g.b1.view().into_dyn(), &s, |i| {
                    numeric(1, i)
                })?;
                let s = sample_indices(cx, net.w2.shape(), SAMPLES);
                compare_gradient("dW2", net.w2.shape(), g.w2.view().into_dyn(), &s, |i| {
                    numeric(2, i)
                })?;
                let s = sample_indices(cx, net.b2.shape(), SAMPLES);
                compare_gradient("db2", net.b2.shape(), g.b2.view().into_dyn(), &s, |i| {
                    numeric(3, i)
                })
            }),
            Check::new("backward/bad_labels", DAY, |cx| {
                let (net, x, _) = random_problem(cx);
                let k = net.b2.len();
                let bad = vec![k; x.nrows()];
                expect_err(
                    "backward with labels equal to the number of classes",
                    backward(&net, &x, &bad),
                )
                .map(|_| ())
            }),
            Check::new("relative_error/values", DAY, |cx| {
                for _ in 0..20 {
                    let (a, b) = (cx.normal() * 10.0, cx.normal() * 10.0);
                    let expected = (a - b).abs() / a.abs().max(b.abs()).max(TINY);
                    expect_close(
                        &format!("relative_error({a}, {b})"),
                        expected,
                        relative_error(a, b),
                        FLOAT,
                    )?;
                    expect_close(
                        &format!("relative_error({b}, {a}) (it is symmetric)"),
                        expected,
                        relative_error(b, a),
                        FLOAT,
                    )?;
                }
                expect_eq("relative_error(0, 0)", 0.0, relative_error(0.0, 0.0))?;
                expect_close(
                    "relative_error(1, -1)",
                    2.0,
                    relative_error(1.0, -1.0),
                    FLOAT,
                )?;
                // Both tiny: the TINY floor keeps this from being 1 (or NaN).
                expect_close(
                    "relative_error(1e-12, 2e-12)",
                    1e-12 / TINY,
                    relative_error(1e-12, 2e-12),
                    FLOAT,
                )
            }),
            Check::new("numerical_gradient/smooth_function", DAY, |cx| {
                let (r, c) = (cx.usize_in(1..=5), cx.usize_in(1..=5));
                let x = cx.matrix(r, c);
                // f(x) = Σ sin(x)·x² + (Σ x)², ∂f/∂xᵢⱼ = cos(x)x² + 2x·sin(x) + 2Σx.
                let f = |x: &Array2<f64>| {
                    x.iter().map(|v| v.sin() * v * v).sum::<f64>() + x.sum().powi(2)
                };
                let total = x.sum();
                let expected = x.mapv(|v| v.cos() * v * v + 2.0 * v * v.sin() + 2.0 * total);
                // O(h²) truncation with h = 1e-5 and third derivatives of O(10): ~1e-9.
                expect_array_close(
                    "numerical_gradient(f, x, 1e-5) for f = Σ sin(x)x² + (Σx)²",
                    &expected,
                    &numerical_gradient(f, &x, H),
                    Tol::new(1e-7, 1e-7),
                )
            }),
            Check::new("numerical_gradient/central_not_forward", DAY, |cx| {
                // For f = Σ x³ the central difference is exactly 3x² + h²; a one-sided
                // difference would be off by 3xh.
                let x = cx.matrix(2, 3);
                let h = 1e-2;
                let f = |x: &Array2<f64>| x.iter().map(|v| v * v * v).sum::<f64>();
                expect_array_close(
                    "numerical_gradient(Σx³, x, h = 0.01) (central differences: 3x² + h²)",
                    &x.mapv(|v| 3.0 * v * v + h * h),
                    &numerical_gradient(f, &x, h),
                    // Exact up to rounding: ε·|f|/h ≈ 1e-14 here; a forward difference
                    // would miss by 3|x|h ≈ 3e-2.
                    Tol::new(1e-9, 1e-10),
                )
            }),
            Check::new("gradient_check/right_and_wrong", DAY, |cx| {
                let (r, c) = (cx.usize_in(2..=5), cx.usize_in(2..=5));
                let x = cx.matrix(r, c);
                // f' = v² + 1 + cos(v)/2 ≥ 0.5 everywhere: no gradient entry is near 0, where
                // the numerical side's rounding noise (~1e-9 absolute here) would swamp a
                // relative error. (With sin(v)·v², entries near 0 failed 3 seeds in 30.)
                let f = |x: &Array2<f64>| {
                    x.iter()
                        .map(|v| v * v * v / 3.0 + v + 0.5 * v.sin())
                        .sum::<f64>()
                };
                let right = x.mapv(|v| v * v + 1.0 + 0.5 * v.cos());
                let err = expect_ok(
                    "gradient_check(f, x, right gradient)",
                    gradient_check(f, &x, &right, H),
                )?;
                ensure(err < 1e-7, || {
                    format!("gradient_check with the right gradient: expected a relative error below 1e-7, got {err:e}")
                })?;
                // One entry 10 % off: the worst relative error is then |0.1 g|/|1.1 g| = 1/11.
                let mut wrong = right.clone();
                let (i, j) = (cx.usize_in(0..=r - 1), cx.usize_in(0..=c - 1));
                wrong[[i, j]] = 1.1 * right[[i, j]] + if right[[i, j]] == 0.0 { 1.0 } else { 0.0 };
                let expected = (wrong[[i, j]] - right[[i, j]]).abs()
                    / wrong[[i, j]].abs().max(right[[i, j]].abs()).max(TINY);
                let err = expect_ok(
                    "gradient_check(f, x, wrong gradient)",
                    gradient_check(f, &x, &wrong, H),
                )?;
                // The numerical side carries ~1e-10 of noise.
                expect_close(
                    &format!("gradient_check with entry [{i}, {j}] 10 % off"),
                    expected,
                    err,
                    Tol::new(1e-6, 1e-9),
                )
            }),
            Check::new("gradient_check/shape_mismatch", DAY, |cx| {
                let x = cx.matrix(2, 3);
                let f = |x: &Array2<f64>| x.sum();
                expect_err(
                    "gradient_check with a 3×2 gradient for a 2×3 x",
                    gradient_check(f, &x, &cx.matrix(3, 2), H),
                )
                .map(|_| ())
            }),
        ],
    );
}
