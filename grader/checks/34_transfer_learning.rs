//! Hidden checks for chapter 34 (transfer learning). Splits and samplers are compared with
//! plain loops over the labels, gradients with f64 central differences on the check's own
//! copy of a tiny network, Adam's first step with its closed form, and the transfer effect
//! is scored here, with an f64 forward pass of the learner's trained networks.

use std::time::{Duration, Instant};

use harness::prelude::*;
use harness::reference::argmax;
use ndarray::{Array1, Array2};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use transfer_learning::*;

const DAYS: &[&str] = &["W16-17 D7-8"];
/// f32 arithmetic against an f64 route: a few f32 roundings (ε ≈ 6e-8) on O(1) values,
/// accumulated over at most a few dozen terms.
const F32: Tol = Tol::new(1e-5, 1e-5);
/// Central differences in f64 on the check's own f64 copy of the network.
const H: f64 = 1e-5;
/// The learner's gradients are f32 (≈ 1e-6 absolute rounding); relative error with a floor
/// of 1e-2 below which entries are compared absolutely. A wrong gradient (a missing 1/n,
/// a missing ReLU mask, the wrong layer's input) is off by 1e-1 or more.
const GRAD_REL: f64 = 1e-4;
const FLOOR: f64 = 1e-2;
const LINE_CHART: (u32, u32) = (800, 500);

type Net64 = Vec<(Array2<f64>, Array1<f64>)>;

fn to64(net: &Net) -> Net64 {
    net.layers
        .iter()
        .map(|l| (l.w.mapv(f64::from), l.b.mapv(f64::from)))
        .collect()
}

/// Pre-activations of the two hidden layers and the logits, with loops.
fn naive_forward(net: &Net64, x: &Array2<f64>) -> Vec<Array2<f64>> {
    let mut out = Vec::new();
    let mut a = x.clone();
    for (l, (w, b)) in net.iter().enumerate() {
        let (n, d) = a.dim();
        let mut z = Array2::zeros((n, w.ncols()));
        for i in 0..n {
            for j in 0..w.ncols() {
                let mut s = b[j];
                for t in 0..d {
                    s += a[[i, t]] * w[[t, j]];
                }
                z[[i, j]] = s;
            }
        }
        a = if l < 2 {
            z.mapv(|v| v.max(0.0))
        } else {
            z.clone()
        };
        out.push(z);
    }
    out
}

fn naive_loss(net: &Net64, x: &Array2<f64>, y: &[u8]) -> f64 {
    let logits = &naive_forward(net, x)[2];
    let mut total = 0.0;
    for (i, row) in logits.rows().into_iter().enumerate() {
        let max = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
        let lse = max + row.iter().map(|v| (v - max).exp()).sum::<f64>().ln();
        total += lse - row[usize::from(y[i])];
    }
    total / x.nrows() as f64
}

/// A random tiny network (weights of O(1)) and a batch with no hidden pre-activation within
/// 1e-3 of ReLU's kink, so central differences are meaningful everywhere.
fn random_batch(cx: &mut Ctx) -> (Net, Array2<f32>, Vec<u8>) {
    let sizes = [
        cx.usize_in(3..=8),
        cx.usize_in(3..=7),
        cx.usize_in(3..=6),
        cx.usize_in(2..=5),
    ];
    let n = cx.usize_in(1..=6);
    loop {
        let net = random_net(cx, sizes);
        let x = cx.uniform_matrix(n, sizes[0], 0.0, 1.0).mapv(|v| v as f32);
        let zs = naive_forward(&to64(&net), &x.mapv(f64::from));
        if zs[..2].iter().all(|z| z.iter().all(|v| v.abs() > 1e-3)) {
            let y = (0..n)
                .map(|_| cx.usize_in(0..=sizes[3] - 1) as u8)
                .collect();
            return (net, x, y);
        }
    }
}

fn random_net(cx: &mut Ctx, s: [usize; 4]) -> Net {
    let mut layer = |i: usize, o: usize| Dense {
        w: (cx.matrix(i, o) * 0.6).mapv(|v| v as f32),
        b: (cx.vector(o) * 0.3).mapv(|v| v as f32),
    };
    Net {
        layers: [layer(s[0], s[1]), layer(s[1], s[2]), layer(s[2], s[3])],
    }
}

/// Central difference of the check's f64 loss with respect to one parameter.
fn numerical(
    net: &Net64,
    x: &Array2<f64>,
    y: &[u8],
    l: usize,
    bias: bool,
    i: usize,
    j: usize,
) -> f64 {
    let bump = |delta: f64| {
        let mut m = net.clone();
        if bias {
            m[l].1[j] += delta;
        } else {
            m[l].0[[i, j]] += delta;
        }
        naive_loss(&m, x, y)
    };
    (bump(H) - bump(-H)) / (2.0 * H)
}

/// Compare every entry of layer `l`'s gradient with central differences.
fn check_layer_grad(net: &Net, x: &Array2<f32>, y: &[u8], l: usize, g: &Dense) -> CheckResult {
    let layer = &net.layers[l];
    expect_shape(&format!("grads[{l}].w"), layer.w.shape(), g.w.shape())?;
    expect_shape(&format!("grads[{l}].b"), layer.b.shape(), g.b.shape())?;
    let (net64, x64) = (to64(net), x.mapv(f64::from));
    let mut worst: Option<(String, f64, f64, f64)> = None;
    let mut consider = |name: String, a: f32, num: f64| {
        let a = f64::from(a);
        let e = (a - num).abs() / a.abs().max(num.abs()).max(FLOOR);
        let e = if e.is_nan() { f64::INFINITY } else { e };
        if worst.as_ref().is_none_or(|w| e > w.3) {
            worst = Some((name, a, num, e));
        }
    };
    for ((i, j), &a) in g.w.indexed_iter() {
        consider(
            format!("grads[{l}].w[{i}, {j}]"),
            a,
            numerical(&net64, &x64, y, l, false, i, j),
        );
    }
    for (j, &a) in g.b.iter().enumerate() {
        consider(
            format!("grads[{l}].b[{j}]"),
            a,
            numerical(&net64, &x64, y, l, true, 0, j),
        );
    }
    if let Some((name, a, n, e)) = worst {
        if e > GRAD_REL {
            fail!("{name}: analytic {}, numerical {} (central differences in f64, h = {H:e}): relative error {e:.1e} > {GRAD_REL:e} (worst entry; denominator floor {FLOOR:e})", fmt_num(a), fmt_num(n));
        }
    }
    Ok(())
}

fn same_bits(a: &Dense, b: &Dense) -> bool {
    a.w.dim() == b.w.dim()
        && a.b.len() == b.b.len()
        && a.w
            .iter()
            .zip(b.w.iter())
            .all(|(u, v)| u.to_bits() == v.to_bits())
        && a.b
            .iter()
            .zip(b.b.iter())
            .all(|(u, v)| u.to_bits() == v.to_bits())
}

fn random_split(cx: &mut Ctx, n: usize) -> datasets::mnist::Split {
    datasets::mnist::Split {
        images: Array2::from_shape_fn((n, 784), |_| cx.usize_in(0..=255) as u8),
        labels: Array1::from_shape_fn(n, |_| cx.usize_in(0..=9) as u8),
    }
}

/// A small random task for training checks: `n` rows of `d` inputs in [0, 1), labels below
/// `k`, with every class present.
fn random_task(cx: &mut Ctx, n: usize, d: usize, k: usize) -> Task {
    Task {
        x: cx.uniform_matrix(n, d, 0.0, 1.0).mapv(|v| v as f32),
        y: (0..n)
            .map(|i| {
                if i < k {
                    i as u8
                } else {
                    cx.usize_in(0..=k - 1) as u8
                }
            })
            .collect(),
    }
}

/// The check's own test accuracy of `net` on `task`: an f64 forward pass with ndarray.
fn accuracy64(net: &Net, task: &Task) -> f64 {
    let mut a = task.x.mapv(f64::from);
    for (l, (w, b)) in to64(net).into_iter().enumerate() {
        a = a.dot(&w) + &b;
        if l < 2 {
            a.mapv_inplace(|v| v.max(0.0));
        }
    }
    let right = a
        .rows()
        .into_iter()
        .zip(&task.y)
        .filter(|(row, &y)| argmax(row.view()) == usize::from(y))
        .count();
    right as f64 / task.y.len() as f64
}

/// The chapter's network, pretraining and few-label settings (the README's table uses
/// the same).
const SIZES: [usize; 4] = [784, 256, 128, 5];
const PRETRAIN: TrainConfig = TrainConfig {
    epochs: 1,
    batch_size: 64,
    lr: 1e-3,
    adam: Adam {
        beta1: 0.9,
        beta2: 0.999,
        eps: 1e-8,
    },
    seed: 0,
};
const FEW: TrainConfig = TrainConfig {
    epochs: 40,
    batch_size: 32,
    lr: 1e-2,
    adam: Adam {
        beta1: 0.9,
        beta2: 0.999,
        eps: 1e-8,
    },
    seed: 0,
};

/// A head on the frozen pretrained features, 50 labels per class: measured 0.838–0.891 over
/// 10 seeds; chance is 0.20, and a broken freeze or head scores far lower.
const FROZEN_MIN: f64 = 0.75;
/// Fine-tuned minus scratch, 50 labels per class: measured −0.009 to +0.009 over 10 seeds;
/// 0.04 is four times that spread (a fine-tune that wrecks the body loses 0.1 or more).
const TUNED_GAP: f64 = 0.04;

fn main() {
    harness::run(
        "34",
        vec![
            Check::new("split_task/remap_random", DAYS, |cx| {
                let n = cx.usize_in(1..=60);
                let split = random_split(cx, n);
                let first = cx.usize_in(0..=9) as u8;
                let last = cx.usize_in(usize::from(first)..=9) as u8;
                let task = expect_ok(&format!("split_task(split, {first}..={last})"), split_task(&split, first..=last))?;
                let (mut rows, mut y) = (Vec::new(), Vec::new());
                for i in 0..split.len() {
                    let label = split.labels[i];
                    if label >= first && label <= last {
                        rows.push(i);
                        y.push(label - first);
                    }
                }
                expect_eq(&format!("remapped labels of {first}..={last} (label − {first}, in data order)"), &y, &task.y)?;
                let mut x = Array2::<f64>::zeros((rows.len(), 784));
                for (r, &i) in rows.iter().enumerate() {
                    for c in 0..784 {
                        x[[r, c]] = f64::from(split.images[[i, c]]) / 255.0;
                    }
                }
                // One f32 division: half an ulp.
                expect_array_close("task.x (kept rows, pixels / 255)", &x, &task.x, Tol::new(1e-7, 1e-9))
            }),
            Check::new("split_task/mnist_counts", DAYS, |_| {
                let test = datasets::mnist::load_test().or_fail("loading MNIST")?;
                let low = expect_ok("split_task(test, 0..=4)", split_task(&test, 0..=4))?;
                let high = expect_ok("split_task(test, 5..=9)", split_task(&test, 5..=9))?;
                let mut counts = [0usize; 10];
                for &l in test.labels.iter() {
                    counts[usize::from(l)] += 1;
                }
                let mut low_counts = [0usize; 5];
                let mut high_counts = [0usize; 5];
                for &y in &low.y {
                    low_counts[usize::from(y).min(4)] += 1;
                }
                for &y in &high.y {
                    high_counts[usize::from(y).min(4)] += 1;
                }
                expect_eq("per-class counts of the 0..=4 task", counts[..5].to_vec(), low_counts.to_vec())?;
                expect_eq("per-class counts of the 5..=9 task (digit d is class d − 5)", counts[5..].to_vec(), high_counts.to_vec())?;
                expect_shape("task.x of 5..=9", &[high.y.len(), 784], high.x.shape())
            }),
            Check::new("split_task/bad_range", DAYS, |cx| {
                let split = random_split(cx, 5);
                expect_err("split_task(split, 5..=10)", split_task(&split, 5..=10))?;
                let e = expect_err("split_task(split, 7..=3)", split_task(&split, 7..=3))?;
                ensure(matches!(e, TransferError::DigitRange { first: 7, last: 3 }), || format!("split_task(split, 7..=3): expected TransferError::DigitRange {{ first: 7, last: 3 }}, got {e:?}"))
            }),
            Check::new("few_labels/stratified", DAYS, |cx| {
                let classes = cx.usize_in(2..=6);
                let k = cx.usize_in(1..=8);
                let n = classes * k * 4;
                // Every class gets at least 2k examples (so the draw is a real choice).
                let labels: Vec<u8> = (0..n).map(|i| if i < 2 * k * classes { (i % classes) as u8 } else { cx.usize_in(0..=classes - 1) as u8 }).collect();
                let seed: u64 = cx.rng.gen();
                let idx = expect_ok("few_labels", few_labels(&labels, classes, k, seed))?;
                expect_eq("number of indices (classes × per_class)", classes * k, idx.len())?;
                ensure(idx.windows(2).all(|w| w[0] < w[1]), || format!("indices must be strictly ascending (distinct), got {idx:?}"))?;
                ensure(idx.iter().all(|&i| i < n), || format!("indices must be below {n}, got {idx:?}"))?;
                let mut counts = vec![0usize; classes];
                for &i in &idx {
                    counts[usize::from(labels[i])] += 1;
                }
                expect_eq(&format!("examples per class (want {k} of each)"), vec![k; classes], counts)?;
                let again = expect_ok("few_labels (same seed)", few_labels(&labels, classes, k, seed))?;
                expect_eq("few_labels with the same seed twice", &idx, &again)?;
                // Two other seeds: with ≥ 2k candidates per class, the chance that two
                // independent draws coincide is at most 1/C(2k, k)^classes ≤ 1/4 for each,
                // so demand that at least one of 3 seeds differ (failure ≤ 1/64 would be
                // too flaky: use 8 seeds, ≤ 4^-8).
                let differs = (1..=8).any(|s| few_labels(&labels, classes, k, seed.wrapping_add(s)).map(|o| o != idx).unwrap_or(false));
                ensure(differs, || "few_labels gave the same indices for 9 different seeds: is the seed used?".into())
            }),
            Check::new("few_labels/errors", DAYS, |cx| {
                let labels: Vec<u8> = (0..20).map(|i| (i % 4) as u8).collect();
                let seed = cx.rng.gen();
                let e = expect_err("few_labels with 6 per class of 5 available", few_labels(&labels, 4, 6, seed))?;
                ensure(matches!(e, TransferError::NotEnough { have: 5, want: 6, .. }), || format!("expected TransferError::NotEnough {{ have: 5, want: 6, .. }}, got {e:?}"))?;
                let e = expect_err("few_labels with a label 3 for 3 classes", few_labels(&labels, 3, 1, seed))?;
                ensure(matches!(e, TransferError::BadLabel { label: 3, classes: 3, .. }), || format!("expected TransferError::BadLabel {{ label: 3, classes: 3, .. }}, got {e:?}"))?;
                expect_err("few_labels with per_class = 0", few_labels(&labels, 4, 0, seed)).map(|_| ())
            }),
            Check::new("init_net/shapes_and_variance", DAYS, |cx| {
                let mut rng = StdRng::seed_from_u64(cx.rng.gen());
                let net = init_net(SIZES, &mut rng);
                for (l, (i, o)) in [(784, 256), (256, 128), (128, 5)].into_iter().enumerate() {
                    expect_shape(&format!("layers[{l}].w"), &[i, o], net.layers[l].w.shape())?;
                    expect_shape(&format!("layers[{l}].b"), &[o], net.layers[l].b.shape())?;
                    ensure(net.layers[l].b.iter().all(|&b| b == 0.0), || format!("layers[{l}].b must start at zero"))?;
                    // He: variance 2/fan_in; the sample variance of N draws has a standard
                    // error of σ²·sqrt(2/N): allow five of them.
                    let n = net.layers[l].w.len() as f64;
                    let var = net.layers[l].w.iter().map(|&v| f64::from(v).powi(2)).sum::<f64>() / n;
                    let target = 2.0 / i as f64;
                    let allowed = 5.0 * target * (2.0 / n).sqrt();
                    ensure((var - target).abs() <= allowed, || format!("variance of layers[{l}].w (He: 2/{i}): expected {} ± {:.1e}, got {}", fmt_num(target), allowed, fmt_num(var)))?;
                }
                Ok(())
            }),
            Check::new("features/naive", DAYS, |cx| {
                let (net, x, _) = random_batch(cx);
                let z = naive_forward(&to64(&net), &x.mapv(f64::from));
                expect_array_close("features(net, x) = relu(relu(x W0 + b0) W1 + b1)", &z[1].mapv(|v| v.max(0.0)), &features(&net, &x), F32)
            }),
            Check::new("predict/argmax", DAYS, |cx| {
                let (net, _, _) = random_batch(cx);
                let n = cx.usize_in(1..=300);
                let x = cx.uniform_matrix(n, net.sizes()[0], 0.0, 1.0).mapv(|v| v as f32);
                let logits = &naive_forward(&to64(&net), &x.mapv(f64::from))[2];
                let got = predict(&net, &x);
                expect_eq("number of predictions", n, got.len())?;
                for i in 0..n {
                    let row = logits.row(i);
                    let best = argmax(row);
                    // Skip near-ties that f32 may order differently.
                    let second = row.iter().enumerate().filter(|(j, _)| *j != best).map(|(_, &v)| v).fold(f64::NEG_INFINITY, f64::max);
                    if row[best] - second > 1e-4 && usize::from(got[i]) != best {
                        fail!("predict row {i}: expected class {best} (largest logit {:.5}), got {}", row[best], got[i]);
                    }
                }
                Ok(())
            }),
            Check::new("loss_and_grads/all_layers", DAYS, |cx| {
                let (net, x, y) = random_batch(cx);
                let (loss, grads) = loss_and_grads(&net, &x, &y, [true; 3]);
                expect_close("loss (mean cross-entropy)", naive_loss(&to64(&net), &x.mapv(f64::from), &y), f64::from(loss), F32)?;
                for (l, g) in grads.iter().enumerate() {
                    let Some(g) = g else { fail!("grads[{l}] is None, but layer {l} is trainable") };
                    check_layer_grad(&net, &x, &y, l, g)?;
                }
                Ok(())
            }),
            Check::new("loss_and_grads/frozen_layers", DAYS, |cx| {
                let (net, x, y) = random_batch(cx);
                // The feature-extraction mask, then a random other one.
                let other = [cx.usize_in(0..=1) == 1, cx.usize_in(0..=1) == 1, cx.usize_in(0..=1) == 1];
                for mask in [[false, false, true], other] {
                    let (loss, grads) = loss_and_grads(&net, &x, &y, mask);
                    expect_close(&format!("loss with trainable = {mask:?}"), naive_loss(&to64(&net), &x.mapv(f64::from), &y), f64::from(loss), F32)?;
                    for l in 0..3 {
                        match (&grads[l], mask[l]) {
                            (Some(g), true) => check_layer_grad(&net, &x, &y, l, g)?,
                            (None, false) => {}
                            (Some(_), false) => fail!("trainable = {mask:?}: grads[{l}] must be None for a frozen layer"),
                            (None, true) => fail!("trainable = {mask:?}: grads[{l}] is None, but layer {l} is trainable"),
                        }
                    }
                }
                Ok(())
            }),
            Check::new("train/frozen_bit_identical", DAYS, |cx| {
                let mut net = init_net([12, 10, 8, 3], &mut StdRng::seed_from_u64(cx.rng.gen()));
                let before = net.clone();
                let task = random_task(cx, 60, 12, 3);
                let cfg = TrainConfig { epochs: 30, batch_size: 16, lr: 1e-2, seed: cx.rng.gen(), ..TrainConfig::default() };
                let losses = expect_ok("train(net, task, [0, 0, 1e-2], cfg)", train(&mut net, &task, [0.0, 0.0, 1e-2], &cfg))?;
                expect_eq("losses recorded (one per epoch)", cfg.epochs, losses.len())?;
                for l in 0..2 {
                    ensure(same_bits(&before.layers[l], &net.layers[l]), || format!("layers[{l}] has learning rate 0 (frozen) but changed during train: frozen weights must stay bit-identical"))?;
                }
                ensure(before.layers[2] != net.layers[2], || "the head (learning rate 1e-2) did not change during train".into())?;
                // 30 epochs of Adam on a 3-class head: the loss falls (the reference: by 10–40 %).
                ensure(losses[cfg.epochs - 1] < losses[0], || format!("the epoch loss did not fall: first {:.4}, last {:.4}", losses[0], losses[cfg.epochs - 1]))
            }),
            Check::new("train/adam_first_step", DAYS, |cx| {
                // One epoch of one full batch: a single Adam step from zero moments moves each
                // trainable parameter by lr·g/(|g| + ε) ≈ lr·sign(g) (m̂ = g, v̂ = g²).
                let (mut net, x, y) = random_batch(cx);
                let before = net.clone();
                let lrs = [cx.f64_in(1e-3, 1e-2) as f32, 0.0, cx.f64_in(1e-3, 1e-2) as f32];
                let cfg = TrainConfig { epochs: 1, batch_size: x.nrows(), lr: 1e-3, seed: cx.rng.gen(), ..TrainConfig::default() };
                let task = Task { x: x.clone(), y: y.clone() };
                expect_ok("train (one full batch)", train(&mut net, &task, lrs, &cfg))?;
                ensure(same_bits(&before.layers[1], &net.layers[1]), || "layers[1] has learning rate 0 but changed".into())?;
                let (net64, x64) = (to64(&before), x.mapv(f64::from));
                for l in [0, 2] {
                    let lr = f64::from(lrs[l]);
                    for ((i, j), &w) in net.layers[l].w.indexed_iter() {
                        let g = numerical(&net64, &x64, &y, l, false, i, j);
                        // Gradients near 0 make g/(|g| + ε) sensitive to f32 rounding: skip them.
                        if g.abs() < 1e-3 {
                            continue;
                        }
                        let expected = f64::from(before.layers[l].w[[i, j]]) - lr * g.signum();
                        // An f32 parameter of O(1) holds ~1e-7 of rounding.
                        expect_close(&format!("layers[{l}].w[{i}, {j}] after one Adam step with lr {lr:.4}"), expected, f64::from(w), Tol::new(1e-5, 1e-6))?;
                    }
                }
                Ok(())
            }),
            Check::new("train/bad_config", DAYS, |cx| {
                let mut net = init_net([6, 5, 4, 3], &mut StdRng::seed_from_u64(cx.rng.gen()));
                let task = random_task(cx, 10, 6, 3);
                let cfg = TrainConfig::default();
                expect_err("train with epochs = 0", train(&mut net, &task, [1e-3; 3], &TrainConfig { epochs: 0, ..cfg }))?;
                expect_err("train with batch_size = 0", train(&mut net, &task, [1e-3; 3], &TrainConfig { batch_size: 0, ..cfg }))?;
                expect_err("train with a learning rate of −1e-3", train(&mut net, &task, [1e-3, -1e-3, 1e-3], &cfg))?;
                expect_err("train with a NaN learning rate", train(&mut net, &task, [1e-3, 1e-3, f32::NAN], &cfg))?;
                let wide = random_task(cx, 10, 7, 3);
                expect_err("train on 7 columns for a 6-input net", train(&mut net, &wide, [1e-3; 3], &cfg))?;
                let mut bad = task.clone();
                bad.y[4] = 3;
                let e = expect_err("train with a label 3 for a 3-class head", train(&mut net, &bad, [1e-3; 3], &cfg))?;
                ensure(matches!(e, TransferError::BadLabel { row: 4, label: 3, classes: 3 }), || format!("expected TransferError::BadLabel {{ row: 4, label: 3, classes: 3 }}, got {e:?}"))
            }),
            Check::new("replace_head/body_copied", DAYS, |cx| {
                let mut rng = StdRng::seed_from_u64(cx.rng.gen());
                let net = init_net([30, 200, 400, 10], &mut rng);
                let classes = cx.usize_in(2..=8);
                let new = replace_head(&net, classes, &mut rng);
                for l in 0..2 {
                    ensure(same_bits(&net.layers[l], &new.layers[l]), || format!("replace_head must copy layers[{l}] unchanged"))?;
                }
                expect_shape("new head w", &[400, classes], new.layers[2].w.shape())?;
                expect_shape("new head b", &[classes], new.layers[2].b.shape())?;
                ensure(new.layers[2].b.iter().all(|&b| b == 0.0), || "the new head's bias must start at zero".into())?;
                let n = new.layers[2].w.len() as f64;
                let var = new.layers[2].w.iter().map(|&v| f64::from(v).powi(2)).sum::<f64>() / n;
                let target = 2.0 / 400.0;
                // Five standard errors of a sample variance of n normal draws.
                let allowed = 5.0 * target * (2.0 / n).sqrt();
                ensure((var - target).abs() <= allowed, || format!("variance of the new head's weights (He: 2/400): expected {} ± {:.1e}, got {}", fmt_num(target), allowed, fmt_num(var)))
            }),
            Check::new("transfer/strategies", DAYS, |cx| {
                let pretrained = init_net([12, 10, 8, 4], &mut StdRng::seed_from_u64(cx.rng.gen()));
                let task = random_task(cx, 40, 12, 3);
                let cfg = TrainConfig { epochs: 5, batch_size: 8, lr: 1e-2, seed: cx.rng.gen(), ..TrainConfig::default() };
                let frozen = expect_ok("transfer(FeatureExtraction)", transfer(&pretrained, &task, 3, Strategy::FeatureExtraction, &cfg))?;
                expect_eq("sizes after FeatureExtraction", [12, 10, 8, 3], frozen.sizes())?;
                for l in 0..2 {
                    ensure(same_bits(&pretrained.layers[l], &frozen.layers[l]), || format!("FeatureExtraction changed the pretrained layers[{l}]: the body must stay bit-identical"))?;
                }
                let tuned = expect_ok("transfer(FineTune { body_lr_factor: 0.1 })", transfer(&pretrained, &task, 3, Strategy::FineTune { body_lr_factor: 0.1 }, &cfg))?;
                expect_eq("sizes after FineTune", [12, 10, 8, 3], tuned.sizes())?;
                ensure(tuned.layers[0] != pretrained.layers[0] && tuned.layers[1] != pretrained.layers[1], || "FineTune with body_lr_factor 0.1 must train the body too".into())?;
                // A body rate of lr/10 for 25 Adam steps moves a weight by at most 25·lr/10;
                // with lr 1e-2 that is 0.025 (Adam's step is ≤ lr per parameter, roughly).
                let moved = tuned.layers[0].w.iter().zip(pretrained.layers[0].w.iter()).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
                ensure(moved <= 0.03, || format!("FineTune body_lr_factor 0.1 (body rate 1e-3, 25 steps): a body weight moved by {moved}, more than 25 steps of 1e-3 allow"))?;
                let scratch = expect_ok("transfer(Scratch)", transfer(&pretrained, &task, 3, Strategy::Scratch, &cfg))?;
                expect_eq("sizes after Scratch", [12, 10, 8, 3], scratch.sizes())?;
                // Scratch draws new weights: not the pretrained ones plus small steps.
                let far = scratch.layers[0].w.iter().zip(pretrained.layers[0].w.iter()).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
                ensure(far > 0.2, || format!("Scratch's first layer stays within {far} of the pretrained one: start from init_net, not from the pretrained body"))?;
                expect_err("transfer with a negative body_lr_factor", transfer(&pretrained, &task, 3, Strategy::FineTune { body_lr_factor: -1.0 }, &cfg)).map(|_| ())
            }),
            Check::new("compare_budgets/transfer_effect", DAYS, |cx| {
                let data = datasets::mnist::load().or_fail("loading MNIST")?;
                let source = expect_ok("split_task(train, 0..=4)", split_task(&data.train, 0..=4))?;
                let target = expect_ok("split_task(train, 5..=9)", split_task(&data.train, 5..=9))?;
                let target_test = expect_ok("split_task(test, 5..=9)", split_task(&data.test, 5..=9))?;
                let source_test = expect_ok("split_task(test, 0..=4)", split_task(&data.test, 0..=4))?;
                // Pretraining: one epoch over the ~30 600 training digits 0–4.
                let start = Instant::now();
                let pre_cfg = TrainConfig { seed: cx.rng.gen(), ..PRETRAIN };
                let (pretrained, _) = expect_ok("pretrain(source 0..=4)", pretrain(&source, SIZES, &pre_cfg))?;
                let seconds = start.elapsed().as_secs_f64();
                // Measured 1.24–1.31 s for the reference over 10 seeds (dev profile, 2 shared
                // cores): 30 s leaves a slower but sensible loop (one that allocates per
                // batch, or runs on a loaded machine) room, and catches many epochs.
                ensure(seconds <= 30.0, || format!("pretraining (1 epoch, 784-256-128-5, batch 64) took {seconds:.1} s; the reference takes about 1.3 s: allowed 30 s"))?;
                let source_acc = accuracy64(&pretrained, &source_test);
                // Measured 0.985–0.991 for the reference over 10 seeds; 0.95 catches a broken loop.
                ensure(source_acc >= 0.95, || format!("the pretrained net's test accuracy on digits 0–4 (computed here): expected ≥ 0.95, got {source_acc:.4}"))?;
                // 50 labels per class, three strategies, scored here.
                let few_cfg = TrainConfig { seed: cx.rng.gen(), ..FEW };
                let idx = expect_ok("few_labels(target.y, 5, 50)", few_labels(&target.y, 5, 50, few_cfg.seed))?;
                expect_eq("few_labels(target.y, 5, 50) count", 250, idx.len())?;
                let few = target.subset(&idx);
                let frozen = expect_ok("transfer(FeatureExtraction)", transfer(&pretrained, &few, 5, Strategy::FeatureExtraction, &few_cfg))?;
                for l in 0..2 {
                    ensure(same_bits(&pretrained.layers[l], &frozen.layers[l]), || format!("feature extraction changed the pretrained layers[{l}]"))?;
                }
                let scratch = expect_ok("transfer(Scratch)", transfer(&pretrained, &few, 5, Strategy::Scratch, &few_cfg))?;
                let tuned = expect_ok("transfer(FineTune 0.1)", transfer(&pretrained, &few, 5, Strategy::FineTune { body_lr_factor: 0.1 }, &few_cfg))?;
                let (a_scratch, a_frozen, a_tuned) = (accuracy64(&scratch, &target_test), accuracy64(&frozen, &target_test), accuracy64(&tuned, &target_test));
                // The honest result on MNIST (README): a from-scratch MLP is strong with 250
                // labels, and frozen 0–4 features lose to it (measured 0.838–0.891 frozen vs
                // 0.898–0.913 scratch over 10 seeds). What holds: the frozen features carry the
                // new digits far above chance (0.2), and fine-tuning matches training from scratch.
                // (Frozen pretrained vs frozen random body: +0.016 to +0.087 on 10 seeds, but
                // −0.002 on one more, so it is measured in the README, not asserted.)
                ensure(a_frozen >= FROZEN_MIN, || format!("with 50 labels per class, a head on the frozen pretrained body scores {a_frozen:.4} on the 5–9 test digits (computed here): expected ≥ {FROZEN_MIN}"))?;
                ensure(a_tuned >= a_scratch - TUNED_GAP, || format!("with 50 labels per class, fine-tuning scores {a_tuned:.4} and training from scratch {a_scratch:.4} (computed here): fine-tuning must be within {TUNED_GAP} of scratch or better"))?;
                // The whole comparison and its plot.
                let rows = expect_ok("compare_budgets(…, [10, 50, 200])", compare_budgets(&pretrained, &target, &target_test, 5, &[10, 50, 200], 0.1, &few_cfg))?;
                expect_eq("budgets in the rows", vec![10, 50, 200], rows.iter().map(|r| r.per_class).collect::<Vec<_>>())?;
                // Same sample, seed and strategy as above, so the same networks: only
                // the f32 vs f64 scoring differs (a handful of test digits near a tie).
                let r50 = rows[1];
                for (name, mine, theirs) in [("scratch", a_scratch, r50.scratch), ("frozen", a_frozen, r50.frozen), ("fine_tuned", a_tuned, r50.fine_tuned)] {
                    expect_close(&format!("rows[1].{name} (50 per class; scored here {mine:.4})"), mine, theirs, Tol::abs(2e-3))?;
                }
                let path = cx.plot_path("budgets.png");
                expect_ok("plot_budgets", plot_budgets(&rows, fresh(&path)))?;
                let png = expect_png("plots/34/budgets.png", &path, LINE_CHART, 0.01)?;
                ensure(png.colour() >= 0.001, || "plots/34/budgets.png: no coloured series drawn".into())
            })
            .timeout(Duration::from_secs(240)),
            Check::new("plot_budgets/png", DAYS, |cx| {
                let rows: Vec<BudgetRow> = [5, 20, 100].iter().map(|&k| BudgetRow { per_class: k, scratch: cx.f64_in(0.5, 0.8), frozen: cx.f64_in(0.7, 0.9), fine_tuned: cx.f64_in(0.7, 0.95) }).collect();
                let path = cx.plot_path("budgets_check.png");
                expect_ok("plot_budgets", plot_budgets(&rows, fresh(&path)))?;
                let png = expect_png("plot_budgets' PNG", &path, LINE_CHART, 0.01)?;
                ensure(png.colour() >= 0.001, || "plot_budgets' PNG: no coloured series drawn".into())?;
                expect_err("plot_budgets with no rows", plot_budgets(&[], &cx.plot_path("budgets_empty.png"))).map(|_| ())
            }),
        ],
    );
}
