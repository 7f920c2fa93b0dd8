//! Hidden checks for chapter 31 (MNIST end to end). Small pieces are compared with plain
//! f64 loops and central differences computed here; the training check scores the
//! learner's predictions against the true test labels itself.

use harness::prelude::*;
use harness::reference::argmax;
use mnist::*;
use ndarray::{Array1, Array2};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const DAYS: &[&str] = &["W14-15 D11-14"];
/// f32 arithmetic against an f64 route: a handful of f32 roundings (ε ≈ 6e-8) on O(1)
/// values, accumulated over at most a few dozen terms.
const F32: Tol = Tol::new(1e-5, 1e-6);
/// Central differences in f64 on the check's own f64 copy of the network.
const H: f64 = 1e-5;
/// The learner's gradients are f32: sums over a batch and a hidden layer carry ~1e-6 of
/// absolute rounding, so the relative error (floor 1e-2 below which entries are compared
/// on an absolute 1e-6) must be below 1e-4 (the reference: at most 3.5e-6 over 200 seeds).
/// A wrong gradient (a missing 1/n, a missing
/// ReLU mask, a transpose) is off by 1e-1 or more.
const GRAD_REL: f64 = 1e-4;
const FLOOR: f64 = 1e-2;

fn seeded(cx: &mut Ctx) -> StdRng {
    StdRng::seed_from_u64(cx.rng.gen())
}

/// A small random network in f32 (weights of O(1) so the loss is O(1)).
fn small_net(cx: &mut Ctx, d: usize, hidden: usize, k: usize) -> Mlp {
    let f = |a: Array2<f64>| a.mapv(|v| v as f32);
    let g = |a: Array1<f64>| a.mapv(|v| v as f32);
    Mlp {
        w1: f(cx.matrix(d, hidden) * 0.6),
        b1: g(cx.vector(hidden) * 0.3),
        w2: f(cx.matrix(hidden, k) * 0.6),
        b2: g(cx.vector(k) * 0.3),
    }
}

/// The network in f64, with loops: hidden pre-activations and class probabilities.
fn naive_forward(net: &Mlp64, x: &Array2<f64>) -> (Array2<f64>, Array2<f64>) {
    let (n, d) = x.dim();
    let (hidden, k) = (net.w1.ncols(), net.w2.ncols());
    let mut z1 = Array2::zeros((n, hidden));
    let mut p = Array2::zeros((n, k));
    for i in 0..n {
        for j in 0..hidden {
            let mut s = net.b1[j];
            for t in 0..d {
                s += x[[i, t]] * net.w1[[t, j]];
            }
            z1[[i, j]] = s;
        }
        let mut logits = vec![0.0; k];
        for c in 0..k {
            let mut s = net.b2[c];
            for j in 0..hidden {
                s += z1[[i, j]].max(0.0) * net.w2[[j, c]];
            }
            logits[c] = s;
        }
        let max = logits.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let total: f64 = logits.iter().map(|l| (l - max).exp()).sum();
        for c in 0..k {
            p[[i, c]] = (logits[c] - max).exp() / total;
        }
    }
    (z1, p)
}

#[derive(Clone)]
struct Mlp64 {
    w1: Array2<f64>,
    b1: Array1<f64>,
    w2: Array2<f64>,
    b2: Array1<f64>,
}

fn to64(net: &Mlp) -> Mlp64 {
    Mlp64 {
        w1: net.w1.mapv(f64::from),
        b1: net.b1.mapv(f64::from),
        w2: net.w2.mapv(f64::from),
        b2: net.b2.mapv(f64::from),
    }
}

fn naive_loss(net: &Mlp64, x: &Array2<f64>, y: &[u8]) -> f64 {
    let (_, p) = naive_forward(net, x);
    -(0..x.nrows())
        .map(|i| p[[i, usize::from(y[i])]].ln())
        .sum::<f64>()
        / x.nrows() as f64
}

/// A random batch (f32 inputs in [0, 1) like pixels) for which no hidden pre-activation
/// is within 1e-3 of ReLU's kink, so central differences are meaningful everywhere.
fn random_batch(cx: &mut Ctx) -> (Mlp, Array2<f32>, Vec<u8>) {
    let (n, d, hidden, k) = (
        cx.usize_in(1..=6),
        cx.usize_in(3..=12),
        cx.usize_in(3..=8),
        cx.usize_in(2..=10),
    );
    loop {
        let net = small_net(cx, d, hidden, k);
        let x = cx.uniform_matrix(n, d, 0.0, 1.0).mapv(|v| v as f32);
        let (z1, _) = naive_forward(&to64(&net), &x.mapv(f64::from));
        if z1.iter().all(|v| v.abs() > 1e-3) {
            let y = (0..n).map(|_| cx.usize_in(0..=k - 1) as u8).collect();
            return (net, x, y);
        }
    }
}

/// `charts::line_chart` draws 800 × 500 pixels; axes and labels alone are about 1 % ink.
const LINE_CHART: (u32, u32) = (800, 500);
const MIN_INK: f64 = 0.01;

/// A line chart from `charts::line_chart`: the right size, not blank, and with a coloured
/// series on it (a 2-pixel line across the plot is ≈ 0.3 % of the pixels; axes, labels and
/// grid are grey and count as ink but not as colour).
fn expect_line_chart(what: &str, path: &std::path::Path) -> CheckResult {
    let png = expect_png(what, path, LINE_CHART, MIN_INK)?;
    ensure(png.colour() >= 0.001, || {
        format!(
            "{what}: only {:.3} % of the pixels are coloured: is the series drawn?",
            100.0 * png.colour()
        )
    })
}

/// A heatmap or image grid, whose size follows its content: it decodes, is at least
/// `min` pixels, and is not blank.
fn expect_png_at_least(what: &str, path: &std::path::Path, min: (u32, u32)) -> CheckResult {
    let png = read_png(what, path)?;
    ensure(png.width >= min.0 && png.height >= min.1, || {
        format!(
            "{what}: expected at least {} × {} pixels, got {} × {}",
            min.0, min.1, png.width, png.height
        )
    })?;
    ensure(png.ink() >= MIN_INK, || {
        format!(
            "{what}: only {:.2} % of the pixels are not white: is anything drawn?",
            100.0 * png.ink()
        )
    })
}

fn main() {
    harness::run(
        "31",
        vec![
            Check::new("to_inputs/scaling", DAYS, |cx| {
                let (r, c) = (cx.usize_in(1..=5), cx.usize_in(1..=784));
                let images = Array2::from_shape_fn((r, c), |_| cx.usize_in(0..=255) as u8);
                let expected = images.mapv(|p| f64::from(p) / 255.0);
                // One f32 division: half an ulp of f32.
                expect_array_close("to_inputs(images)", &expected, &to_inputs(&images), Tol::new(1e-7, 1e-9))
            }),
            Check::new("init_mlp/shapes_and_variance", DAYS, |cx| {
                let mut rng = seeded(cx);
                let net = init_mlp(784, 128, 10, &mut rng);
                expect_shape("w1", &[784, 128], net.w1.shape())?;
                expect_shape("b1", &[128], net.b1.shape())?;
                expect_shape("w2", &[128, 10], net.w2.shape())?;
                expect_shape("b2", &[10], net.b2.shape())?;
                ensure(net.b1.iter().chain(net.b2.iter()).all(|&b| b == 0.0), || "biases must start at zero".into())?;
                // He: variance 2/784. With N = 100 352 draws the sample variance has a
                // standard error of σ²·sqrt(2/N) ≈ 0.45 %; allow five of them.
                let n = net.w1.len() as f64;
                let var = net.w1.iter().map(|&v| f64::from(v).powi(2)).sum::<f64>() / n;
                let target = 2.0 / 784.0;
                let allowed = 5.0 * target * (2.0 / n).sqrt();
                ensure((var - target).abs() <= allowed, || {
                    format!("variance of w1's entries (He: 2/784): expected {} ± {:.1e}, got {}", fmt_num(target), allowed, fmt_num(var))
                })
            }),
            Check::new("forward_into/probabilities", DAYS, |cx| {
                let (net, x, _) = random_batch(cx);
                let n = x.nrows();
                // A workspace with spare rows: only the first n may be used.
                let mut ws = Workspace::new(n + 3, &net);
                forward_into(&net, x.view(), &mut ws);
                let (z1, p) = naive_forward(&to64(&net), &x.mapv(f64::from));
                let h = z1.mapv(|v| v.max(0.0));
                expect_array_close("ws.h (relu(x W1 + b1)) after forward_into", &h, &ws.h.slice(ndarray::s![..n, ..]), F32)?;
                expect_array_close("ws.p (class probabilities) after forward_into", &p, &ws.p.slice(ndarray::s![..n, ..]), F32)
            }),
            Check::new("forward_into/large_logits", DAYS, |cx| {
                let (mut net, x, _) = random_batch(cx);
                net.b2[0] += 200.0;
                net.b2.iter_mut().skip(1).for_each(|b| *b -= 200.0);
                let mut ws = Workspace::new(x.nrows(), &net);
                forward_into(&net, x.view(), &mut ws);
                expect_finite("ws.p with logits near ±200 (subtract the row maximum)", &ws.p)?;
                for (i, row) in ws.p.rows().into_iter().enumerate() {
                    expect_close(&format!("sum of ws.p row {i}"), 1.0, f64::from(row.sum()), F32)?;
                }
                Ok(())
            }),
            Check::new("loss_and_grads/numerical", DAYS, |cx| {
                let (net, x, y) = random_batch(cx);
                let mut ws = Workspace::new(x.nrows(), &net);
                let (loss, right) = loss_and_grads(&net, x.view(), &y, &mut ws);
                let net64 = to64(&net);
                let x64 = x.mapv(f64::from);
                expect_close("loss", naive_loss(&net64, &x64, &y), f64::from(loss), F32)?;
                let (_, p) = naive_forward(&net64, &x64);
                let expected_right = (0..x.nrows()).filter(|&i| argmax(p.row(i)) == usize::from(y[i])).count();
                expect_eq("rows classified right (second value returned)", expected_right, right)?;
                let g = &ws.grads;
                expect_shape("dW1", net.w1.shape(), g.w1.shape())?;
                expect_shape("db1", net.b1.shape(), g.b1.shape())?;
                expect_shape("dW2", net.w2.shape(), g.w2.shape())?;
                expect_shape("db2", net.b2.shape(), g.b2.shape())?;
                // Entries sampled from every parameter tensor: (tensor, row, col).
                let mut entries: Vec<(usize, usize, usize)> = Vec::new();
                for _ in 0..10 {
                    entries.push((0, cx.usize_in(0..=net.w1.nrows() - 1), cx.usize_in(0..=net.w1.ncols() - 1)));
                    entries.push((2, cx.usize_in(0..=net.w2.nrows() - 1), cx.usize_in(0..=net.w2.ncols() - 1)));
                }
                for j in 0..net.b1.len() {
                    entries.push((1, 0, j));
                }
                for j in 0..net.b2.len() {
                    entries.push((3, 0, j));
                }
                let mut worst: Option<(String, f64, f64, f64)> = None;
                for (t, i, j) in entries {
                    let bump = |delta: f64| {
                        let mut m = net64.clone();
                        match t {
                            0 => m.w1[[i, j]] += delta,
                            1 => m.b1[j] += delta,
                            2 => m.w2[[i, j]] += delta,
                            _ => m.b2[j] += delta,
                        }
                        naive_loss(&m, &x64, &y)
                    };
                    let numerical = (bump(H) - bump(-H)) / (2.0 * H);
                    let (name, analytic) = match t {
                        0 => (format!("dW1[{i}, {j}]"), g.w1[[i, j]]),
                        1 => (format!("db1[{j}]"), g.b1[j]),
                        2 => (format!("dW2[{i}, {j}]"), g.w2[[i, j]]),
                        _ => (format!("db2[{j}]"), g.b2[j]),
                    };
                    let a = f64::from(analytic);
                    let e = (a - numerical).abs() / a.abs().max(numerical.abs()).max(FLOOR);
                    let e = if e.is_nan() { f64::INFINITY } else { e };
                    if worst.as_ref().is_none_or(|w| e > w.3) {
                        worst = Some((name, a, numerical, e));
                    }
                }
                if let Some((name, a, n, e)) = worst {
                    if e > GRAD_REL {
                        fail!("{name}: analytic {}, numerical {} (central differences in f64, h = {H:e}): relative error {e:.1e} > {GRAD_REL:e} (worst sampled entry; denominator floor {FLOOR:e})", fmt_num(a), fmt_num(n));
                    }
                }
                Ok(())
            }),
            Check::new("adam_update/closed_form", DAYS, |cx| {
                let (mut net, _, _) = random_batch(cx);
                let cfg = Adam { lr: cx.f64_in(1e-3, 1e-2) as f32, ..Adam::default() };
                let mut state = AdamState::new(&net);
                let mut expected = to64(&net);
                // Zero moments, shaped like the parameters.
                let zero = |a: &Mlp64| Mlp64 {
                    w1: Array2::zeros(a.w1.dim()),
                    b1: Array1::zeros(a.b1.len()),
                    w2: Array2::zeros(a.w2.dim()),
                    b2: Array1::zeros(a.b2.len()),
                };
                let (mut m, mut v) = (zero(&expected), zero(&expected));
                let (b1, b2, eps, lr) = (f64::from(cfg.beta1), f64::from(cfg.beta2), f64::from(cfg.eps), f64::from(cfg.lr));
                for t in 1..=4 {
                    let g = small_net(cx, net.w1.nrows(), net.w1.ncols(), net.w2.ncols());
                    let grads = Grads { w1: g.w1.clone(), b1: g.b1.clone(), w2: g.w2.clone(), b2: g.b2.clone() };
                    adam_update(&mut net, &grads, &mut state, &cfg);
                    let g64 = to64(&g);
                    let c1 = 1.0 - b1.powi(t);
                    let c2 = 1.0 - b2.powi(t);
                    macro_rules! replay {
                        ($f:ident) => {
                            for ((p, &gr), (mm, vv)) in expected.$f.iter_mut().zip(g64.$f.iter()).zip(m.$f.iter_mut().zip(v.$f.iter_mut())) {
                                *mm = b1 * *mm + (1.0 - b1) * gr;
                                *vv = b2 * *vv + (1.0 - b2) * gr * gr;
                                *p -= lr * (*mm / c1) / ((*vv / c2).sqrt() + eps);
                            }
                        };
                    }
                    replay!(w1);
                    replay!(b1);
                    replay!(w2);
                    replay!(b2);
                    expect_eq(&format!("state.t after step {t}"), t, state.t)?;
                    // Parameters move by ~lr per step; f32 keeps ~7 digits of O(1) values.
                    let tol = Tol::new(1e-5, 1e-6);
                    expect_array_close(&format!("w1 after Adam step {t}"), &expected.w1, &net.w1, tol)?;
                    expect_array_close(&format!("b1 after Adam step {t}"), &expected.b1, &net.b1, tol)?;
                    expect_array_close(&format!("w2 after Adam step {t}"), &expected.w2, &net.w2, tol)?;
                    expect_array_close(&format!("b2 after Adam step {t}"), &expected.b2, &net.b2, tol)?;
                }
                Ok(())
            }),
            Check::new("predict/argmax", DAYS, |cx| {
                let (net, _, _) = random_batch(cx);
                // More rows than one internal batch of a typical implementation.
                let n = cx.usize_in(1..=2500);
                let x = cx.uniform_matrix(n, net.w1.nrows(), 0.0, 1.0).mapv(|v| v as f32);
                let (_, p) = naive_forward(&to64(&net), &x.mapv(f64::from));
                let got = predict(&net, &x);
                expect_eq("number of predictions", n, got.len())?;
                for i in 0..n {
                    let row = p.row(i);
                    let best = argmax(row);
                    // Skip near-ties that f32 may order differently.
                    let second = row.iter().enumerate().filter(|(j, _)| *j != best).map(|(_, &v)| v).fold(0.0, f64::max);
                    if row[best] - second > 1e-5 && usize::from(got[i]) != best {
                        fail!("predict row {i}: expected class {best} (probability {:.5}), got {} (probability {:.5})", row[best], got[i], row[usize::from(got[i]).min(row.len() - 1)]);
                    }
                }
                Ok(())
            }),
            Check::new("accuracy/values", DAYS, |cx| {
                let n = cx.usize_in(1..=200);
                let labels: Vec<u8> = (0..n).map(|_| cx.usize_in(0..=9) as u8).collect();
                let predicted: Vec<u8> = labels.iter().map(|&l| if cx.f64_in(0.0, 1.0) < 0.7 { l } else { cx.usize_in(0..=9) as u8 }).collect();
                let right = (0..n).filter(|&i| labels[i] == predicted[i]).count();
                let got = expect_ok("accuracy(predicted, labels)", accuracy(&predicted, &labels))?;
                // One division of two exact counts.
                expect_close("accuracy(predicted, labels)", right as f64 / n as f64, got, Tol::new(1e-12, 1e-12))?;
                expect_err("accuracy with 2 predictions for 3 labels", accuracy(&[1, 2], &[1, 2, 3]))?;
                expect_err("accuracy of nothing", accuracy(&[], &[])).map(|_| ())
            }),
            Check::new("confusion_matrix/counts", DAYS, |cx| {
                let n = cx.usize_in(1..=500);
                let labels: Vec<u8> = (0..n).map(|_| cx.usize_in(0..=9) as u8).collect();
                let predicted: Vec<u8> = (0..n).map(|_| cx.usize_in(0..=9) as u8).collect();
                let mut expected = Array2::<f64>::zeros((10, 10));
                for i in 0..n {
                    expected[[usize::from(labels[i]), usize::from(predicted[i])]] += 1.0;
                }
                let got = expect_ok("confusion_matrix(predicted, labels)", confusion_matrix(&predicted, &labels))?;
                expect_array_close("confusion_matrix[true, predicted]", &expected, &got.mapv(|c| c as f64), Tol::EXACT)?;
                expect_err("confusion_matrix with a label of 10", confusion_matrix(&[1], &[10]))?;
                expect_err("confusion_matrix with 1 prediction for 2 labels", confusion_matrix(&[1], &[1, 2])).map(|_| ())
            }),
            Check::new("train/mnist_accuracy", DAYS, |cx| {
                let data = datasets::mnist::load().or_fail("loading MNIST")?;
                // 784-128-10, batch 64, Adam lr 1e-3, 5 epochs (≈ 2.5 s each in the dev
                // profile on a shared 2-core machine): the reference reached 97.43–97.70 %
                // over four seeds (and ≥ 97.5 % after the benchmark's 10 epochs). 97.0 %
                // leaves about three times that spread for seed luck and for a different
                // but correct implementation; a linear softmax model reaches only about
                // 92 %, and a broken backward pass far less.
                let cfg = TrainConfig { hidden: 128, epochs: 5, batch_size: 64, adam: Adam::default(), seed: cx.rng.gen(), progress: false };
                let (net, history) = expect_ok("train(mnist, cfg)", train(&data, &cfg))?;
                expect_eq("epochs recorded in history.train_loss", cfg.epochs, history.train_loss.len())?;
                expect_eq("epochs recorded in history.test_accuracy", cfg.epochs, history.test_accuracy.len())?;
                let x_test = data.test.images.mapv(|p| f32::from(p) / 255.0);
                let predicted = predict(&net, &x_test);
                let labels = data.test.labels.to_vec();
                expect_eq("number of test predictions", labels.len(), predicted.len())?;
                let right = (0..labels.len()).filter(|&i| predicted[i] == labels[i]).count();
                let acc = right as f64 / labels.len() as f64;
                ensure(acc >= 0.97, || {
                    format!("test accuracy after {} epochs (computed here from your predictions on the 10 000 test digits): expected ≥ 0.970, got {acc:.4}", cfg.epochs)
                })?;
                // The chapter's plots, from this run.
                let (loss_png, acc_png) = (cx.plot_path("loss.png"), cx.plot_path("accuracy.png"));
                expect_ok("plot_history", plot_history(&history, fresh(&loss_png), fresh(&acc_png)))?;
                expect_line_chart("plots/31/loss.png", &loss_png)?;
                expect_line_chart("plots/31/accuracy.png", &acc_png)?;
                let mut cm = Array2::<usize>::zeros((10, 10));
                for i in 0..labels.len() {
                    cm[[usize::from(labels[i]), usize::from(predicted[i])]] += 1;
                }
                let cm_png = cx.plot_path("confusion.png");
                expect_ok("plot_confusion", plot_confusion(&cm, fresh(&cm_png)))?;
                expect_png_at_least("plots/31/confusion.png", &cm_png, (300, 300))?;
                let miss_png = cx.plot_path("misclassified.png");
                let drawn = expect_ok("plot_misclassified", plot_misclassified(&data.test.images, &labels, &predicted, 40, fresh(&miss_png)))?;
                expect_eq("misclassified digits drawn (up to 40)", (labels.len() - right).min(40), drawn)?;
                expect_png_at_least("plots/31/misclassified.png", &miss_png, (200, 100))
            })
            .timeout(std::time::Duration::from_secs(240)),
            Check::new("train/bad_config", DAYS, |_| {
                // Refused before any work: no data is touched, so a tiny fake split does.
                let split = datasets::mnist::Split { images: Array2::zeros((2, 784)), labels: Array1::zeros(2) };
                let data = datasets::mnist::Mnist { train: split.clone(), test: split };
                let cfg = TrainConfig { batch_size: 0, progress: false, ..TrainConfig::default() };
                expect_err("train with batch_size = 0", train(&data, &cfg)).map(|_| ())
            }),
            Check::new("plot_history/png", DAYS, |cx| {
                let e = cx.usize_in(2..=12);
                let history = History {
                    train_loss: (0..e).map(|i| 0.5 / (1.0 + i as f64)).collect(),
                    train_accuracy: (0..e).map(|i| 0.9 + 0.008 * i as f64).collect(),
                    test_accuracy: (0..e).map(|i| 0.92 + 0.005 * i as f64).collect(),
                    seconds: vec![0.5; e],
                };
                let (a, b) = (cx.plot_path("loss_check.png"), cx.plot_path("accuracy_check.png"));
                expect_ok("plot_history", plot_history(&history, fresh(&a), fresh(&b)))?;
                expect_line_chart("plot_history's loss PNG", &a)?;
                expect_line_chart("plot_history's accuracy PNG", &b)
            }),
            Check::new("plot_confusion/png", DAYS, |cx| {
                let cm = Array2::from_shape_fn((10, 10), |(i, j)| if i == j { cx.usize_in(800..=1100) } else { cx.usize_in(0..=15) });
                let path = cx.plot_path("confusion_check.png");
                expect_ok("plot_confusion", plot_confusion(&cm, fresh(&path)))?;
                expect_png_at_least("plot_confusion's PNG", &path, (300, 300))
            }),
            Check::new("plot_misclassified/png", DAYS, |cx| {
                let test = datasets::mnist::load_test().or_fail("loading MNIST")?;
                let labels = test.labels.to_vec();
                // Every third prediction wrong.
                let predicted: Vec<u8> = labels.iter().enumerate().map(|(i, &l)| if i % 3 == 0 { (l + 1) % 10 } else { l }).collect();
                let max = cx.usize_in(5..=30);
                let path = cx.plot_path("misclassified_check.png");
                let drawn = expect_ok("plot_misclassified", plot_misclassified(&test.images, &labels, &predicted, max, fresh(&path)))?;
                expect_eq(&format!("digits drawn with max = {max}"), max, drawn)?;
                expect_png_at_least("plot_misclassified's PNG", &path, (200, 100))
            }),
        ],
    );
}
