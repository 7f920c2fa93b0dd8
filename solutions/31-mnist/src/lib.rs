//! Chapter 31: MNIST end to end (roadmap W14-15 D11-14, "Project - MNIST digit
//! classification").
//!
//! Reference solution. Same public API as `exercises/31-mnist`.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use datasets::mnist::Mnist;
use indicatif::{ProgressBar, ProgressStyle};
use ndarray::linalg::general_mat_mul;
use ndarray::{s, Array1, Array2, ArrayView2, Axis, Zip};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Normal};
use thiserror::Error;

/// A two-layer perceptron in f32: `softmax(relu(x W1 + b1) W2 + b2)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Mlp {
    /// `inputs × hidden`.
    pub w1: Array2<f32>,
    /// `hidden`.
    pub b1: Array1<f32>,
    /// `hidden × classes`.
    pub w2: Array2<f32>,
    /// `classes`.
    pub b2: Array1<f32>,
}

impl Mlp {
    pub fn inputs(&self) -> usize {
        self.w1.nrows()
    }
    pub fn hidden(&self) -> usize {
        self.w1.ncols()
    }
    pub fn classes(&self) -> usize {
        self.w2.ncols()
    }
}

/// One gradient per parameter of an [`Mlp`], with the same shapes.
#[derive(Debug, Clone, PartialEq)]
pub struct Grads {
    pub w1: Array2<f32>,
    pub b1: Array1<f32>,
    pub w2: Array2<f32>,
    pub b2: Array1<f32>,
}

impl Grads {
    /// All zeros, shaped like `mlp`'s parameters.
    pub fn zeros_like(mlp: &Mlp) -> Self {
        Grads {
            w1: Array2::zeros(mlp.w1.dim()),
            b1: Array1::zeros(mlp.b1.len()),
            w2: Array2::zeros(mlp.w2.dim()),
            b2: Array1::zeros(mlp.b2.len()),
        }
    }
}

/// Buffers for one batch of up to `capacity` rows, allocated once and reused for every
/// batch: no allocation in the training loop. A batch of `n` rows uses the first `n` rows
/// of each buffer.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// Hidden activations `relu(x W1 + b1)`, `capacity × hidden`.
    pub h: Array2<f32>,
    /// Class probabilities, `capacity × classes`; `loss_and_grads` turns them into
    /// `∂L/∂logits` in place.
    pub p: Array2<f32>,
    /// `∂L/∂h`, `capacity × hidden`.
    pub dh: Array2<f32>,
    /// The gradients of the last batch.
    pub grads: Grads,
}

impl Workspace {
    /// Buffers for batches of up to `capacity` rows through `mlp`.
    pub fn new(capacity: usize, mlp: &Mlp) -> Self {
        Workspace {
            h: Array2::zeros((capacity, mlp.hidden())),
            p: Array2::zeros((capacity, mlp.classes())),
            dh: Array2::zeros((capacity, mlp.hidden())),
            grads: Grads::zeros_like(mlp),
        }
    }

    /// How many rows a batch may have.
    pub fn capacity(&self) -> usize {
        self.h.nrows()
    }
}

/// Adam's hyperparameters (see chapter 29).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adam {
    pub lr: f32,
    pub beta1: f32,
    pub beta2: f32,
    pub eps: f32,
}

impl Default for Adam {
    fn default() -> Self {
        Adam {
            lr: 1e-3,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
        }
    }
}

/// Adam's running moments for every parameter, and the step count.
#[derive(Debug, Clone, PartialEq)]
pub struct AdamState {
    pub m: Grads,
    pub v: Grads,
    pub t: i32,
}

impl AdamState {
    pub fn new(mlp: &Mlp) -> Self {
        AdamState {
            m: Grads::zeros_like(mlp),
            v: Grads::zeros_like(mlp),
            t: 0,
        }
    }
}

/// How [`train`] runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainConfig {
    pub hidden: usize,
    pub epochs: usize,
    pub batch_size: usize,
    pub adam: Adam,
    /// Seeds the initial weights and the shuffling: the same seed, the same run.
    pub seed: u64,
    /// Show a progress bar (only ever when stdout is a terminal).
    pub progress: bool,
}

impl Default for TrainConfig {
    /// 784-128-10, 10 epochs of batch 64, Adam with `lr = 1e-3`.
    fn default() -> Self {
        TrainConfig {
            hidden: 128,
            epochs: 10,
            batch_size: 64,
            adam: Adam::default(),
            seed: 0,
            progress: true,
        }
    }
}

/// What happened during training, one entry per epoch.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct History {
    /// Mean cross-entropy over the epoch's batches.
    pub train_loss: Vec<f64>,
    /// Accuracy on the training batches as they were seen (during the epoch).
    pub train_accuracy: Vec<f64>,
    /// Accuracy on the test set after the epoch.
    pub test_accuracy: Vec<f64>,
    /// Wall-clock seconds of the epoch's training (without the evaluation).
    pub seconds: Vec<f64>,
}

/// Bad input.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum MnistError {
    #[error("{what}: expected shape {expected:?}, got {got:?}")]
    Shape {
        what: &'static str,
        expected: Vec<usize>,
        got: Vec<usize>,
    },
    #[error("label {label} in row {row} is not a class index below {classes}")]
    BadLabel {
        row: usize,
        label: u8,
        classes: usize,
    },
    #[error("bad configuration: {0}")]
    Config(String),
}

/// Pixels `0..=255` as network inputs in `[0, 1]`: `images / 255` in f32.
///
/// ```
/// let x = mnist::to_inputs(&ndarray::array![[0u8, 255, 51]]);
/// assert_eq!(x, ndarray::array![[0.0f32, 1.0, 0.2]]);
/// ```
///
/// Hints: `cargo grader hint 31::to_inputs`.
pub fn to_inputs(images: &Array2<u8>) -> Array2<f32> {
    images.mapv(|p| f32::from(p) / 255.0)
}

/// A fresh network: He-initialised weights (`N(0, 2/fan_in)`, chapter 29) drawn with
/// `rng`, zero biases.
///
/// ```
/// use rand::SeedableRng;
/// let net = mnist::init_mlp(784, 128, 10, &mut rand::rngs::StdRng::seed_from_u64(0));
/// assert_eq!((net.w1.dim(), net.w2.dim()), ((784, 128), (128, 10)));
/// ```
///
/// # Panics
/// If a size is 0.
///
/// Hints: `cargo grader hint 31::init_mlp`.
pub fn init_mlp<R: Rng>(inputs: usize, hidden: usize, classes: usize, rng: &mut R) -> Mlp {
    assert!(
        inputs > 0 && hidden > 0 && classes > 0,
        "sizes must be positive"
    );
    let he = |fan_in: usize, fan_out: usize, rng: &mut R| {
        let normal = Normal::new(0.0f32, (2.0 / fan_in as f32).sqrt()).expect("a positive std");
        Array2::from_shape_fn((fan_in, fan_out), |_| normal.sample(rng))
    };
    Mlp {
        w1: he(inputs, hidden, rng),
        b1: Array1::zeros(hidden),
        w2: he(hidden, classes, rng),
        b2: Array1::zeros(classes),
    }
}

/// The forward pass of a batch `x` (`n × inputs`, `n ≤ ws.capacity()`) into the
/// workspace: `ws.h[..n]` = `relu(x W1 + b1)`, `ws.p[..n]` = `softmax(h W2 + b2)` row by row
/// (subtract the row maximum first). Use `ndarray::linalg::general_mat_mul` to multiply
/// straight into the buffers: no new arrays.
///
/// ```
/// use rand::SeedableRng;
/// let net = mnist::init_mlp(4, 8, 3, &mut rand::rngs::StdRng::seed_from_u64(0));
/// let mut ws = mnist::Workspace::new(2, &net);
/// mnist::forward_into(&net, ndarray::Array2::ones((2, 4)).view(), &mut ws);
/// assert!((ws.p.row(0).sum() - 1.0).abs() < 1e-6);
/// ```
///
/// # Panics
/// If `x` has more rows than the workspace or the wrong number of columns.
///
/// Hints: `cargo grader hint 31::forward_into`.
pub fn forward_into(mlp: &Mlp, x: ArrayView2<'_, f32>, ws: &mut Workspace) {
    let n = x.nrows();
    assert!(
        n <= ws.capacity(),
        "batch of {n} rows, workspace for {}",
        ws.capacity()
    );
    assert_eq!(x.ncols(), mlp.inputs(), "x has the wrong number of columns");
    let mut h = ws.h.slice_mut(s![..n, ..]);
    general_mat_mul(1.0, &x, &mlp.w1, 0.0, &mut h);
    for mut row in h.rows_mut() {
        Zip::from(&mut row).and(&mlp.b1).for_each(|v, &b| {
            *v = (*v + b).max(0.0);
        });
    }
    let mut p = ws.p.slice_mut(s![..n, ..]);
    general_mat_mul(1.0, &h, &mlp.w2, 0.0, &mut p);
    for mut row in p.rows_mut() {
        let mut max = f32::NEG_INFINITY;
        Zip::from(&mut row).and(&mlp.b2).for_each(|v, &b| {
            *v += b;
            max = max.max(*v);
        });
        let mut sum = 0.0;
        row.mapv_inplace(|v| {
            let e = (v - max).exp();
            sum += e;
            e
        });
        row.mapv_inplace(|v| v / sum);
    }
}

/// One batch forward and backward: run [`forward_into`], then fill `ws.grads` with the
/// gradient of the mean cross-entropy. Returns that loss and how many rows the forward
/// pass classified right (the largest probability at the label; count them before `ws.p`
/// is overwritten).
///
/// Backward, as in chapter 28: `dZ2 = (P − Y)/n` (in place in `ws.p`), `dW2 = Hᵀ dZ2`,
/// `db2 = Σ rows dZ2`, `dH = dZ2 W2ᵀ ⊙ [H > 0]`, `dW1 = Xᵀ dH`, `db1 = Σ rows dH`, every
/// product with `general_mat_mul` into the workspace.
///
/// ```
/// use rand::SeedableRng;
/// let net = mnist::init_mlp(4, 8, 3, &mut rand::rngs::StdRng::seed_from_u64(0));
/// let mut ws = mnist::Workspace::new(2, &net);
/// let (loss, right) = mnist::loss_and_grads(&net, ndarray::Array2::ones((2, 4)).view(), &[0, 2], &mut ws);
/// assert!(loss > 0.0 && right <= 2 && ws.grads.w1.dim() == (4, 8));
/// ```
///
/// # Panics
/// As [`forward_into`], and if `labels` has not one label per row or a label is not
/// below the number of classes.
///
/// Hints: `cargo grader hint 31::loss_and_grads`.
pub fn loss_and_grads(
    mlp: &Mlp,
    x: ArrayView2<'_, f32>,
    labels: &[u8],
    ws: &mut Workspace,
) -> (f32, usize) {
    let n = x.nrows();
    assert_eq!(labels.len(), n, "one label per row");
    forward_into(mlp, x, ws);
    let k = mlp.classes();
    let scale = 1.0 / n as f32;
    let (mut loss, mut right) = (0.0f32, 0);
    let mut dz = ws.p.slice_mut(s![..n, ..]);
    for (mut row, &label) in dz.rows_mut().into_iter().zip(labels) {
        let label = usize::from(label);
        assert!(label < k, "label {label} for {k} classes");
        if row.iter().all(|&v| v <= row[label]) {
            right += 1;
        }
        loss -= row[label].max(1e-30).ln();
        row[label] -= 1.0;
        row.mapv_inplace(|v| v * scale);
    }
    let h = ws.h.slice(s![..n, ..]);
    let g = &mut ws.grads;
    general_mat_mul(1.0, &h.t(), &dz, 0.0, &mut g.w2);
    g.b2.fill(0.0);
    for row in dz.rows() {
        g.b2 += &row;
    }
    let mut dh = ws.dh.slice_mut(s![..n, ..]);
    general_mat_mul(1.0, &dz, &mlp.w2.t(), 0.0, &mut dh);
    Zip::from(&mut dh).and(&h).for_each(|d, &a| {
        if a <= 0.0 {
            *d = 0.0
        }
    });
    general_mat_mul(1.0, &x.t(), &dh, 0.0, &mut g.w1);
    g.b1.fill(0.0);
    for row in dh.rows() {
        g.b1 += &row;
    }
    (loss * scale, right)
}

/// One Adam step (chapter 29) on every parameter of `mlp` with the gradients `grads`:
/// increment `state.t`, update the moments, and move each parameter by
/// `lr · m̂ / (√v̂ + ε)` with `m̂ = m/(1 − β₁ᵗ)`, `v̂ = v/(1 − β₂ᵗ)`.
///
/// ```
/// use rand::SeedableRng;
/// let mut net = mnist::init_mlp(4, 8, 3, &mut rand::rngs::StdRng::seed_from_u64(0));
/// let mut state = mnist::AdamState::new(&net);
/// let grads = mnist::Grads::zeros_like(&net);
/// mnist::adam_update(&mut net, &grads, &mut state, &mnist::Adam::default());
/// assert_eq!(state.t, 1);
/// ```
///
/// Hints: `cargo grader hint 31::adam_update`.
pub fn adam_update(mlp: &mut Mlp, grads: &Grads, state: &mut AdamState, cfg: &Adam) {
    state.t += 1;
    let c1 = 1.0 - cfg.beta1.powi(state.t);
    let c2 = 1.0 - cfg.beta2.powi(state.t);
    let (b1, b2, eps) = (cfg.beta1, cfg.beta2, cfg.eps);
    let step = cfg.lr / c1;
    let inv_c2 = 1.0 / c2;
    // Plain slice loops: they compile to tight code even at the learner's opt-level 1
    // (ndarray's `Zip` with four operands is generic code that only pays off at opt-level 3).
    // Re-slicing all four to one length lets the compiler drop the bounds checks and use
    // SIMD (four updates per instruction).
    let update = |p: &mut [f32], g: &[f32], m: &mut [f32], v: &mut [f32]| {
        let n = p.len();
        let (g, m, v) = (&g[..n], &mut m[..n], &mut v[..n]);
        for i in 0..n {
            m[i] = b1 * m[i] + (1.0 - b1) * g[i];
            v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
            p[i] -= step * m[i] / ((v[i] * inv_c2).sqrt() + eps);
        }
    };
    // W1 holds 99 % of the parameters: update its two halves on two cores
    // (`rayon::join` runs both closures, in parallel when a second thread is free).
    let w1 = mlp.w1.as_slice_mut().expect("standard layout");
    let half = w1.len() / 2;
    let (p_lo, p_hi) = w1.split_at_mut(half);
    let (g_lo, g_hi) = grads.w1.as_slice().expect("standard layout").split_at(half);
    let (m_lo, m_hi) = state
        .m
        .w1
        .as_slice_mut()
        .expect("standard layout")
        .split_at_mut(half);
    let (v_lo, v_hi) = state
        .v
        .w1
        .as_slice_mut()
        .expect("standard layout")
        .split_at_mut(half);
    rayon::join(
        || update(p_lo, g_lo, m_lo, v_lo),
        || update(p_hi, g_hi, m_hi, v_hi),
    );
    update(
        mlp.w2.as_slice_mut().expect("standard layout"),
        grads.w2.as_slice().expect("standard layout"),
        state.m.w2.as_slice_mut().expect("standard layout"),
        state.v.w2.as_slice_mut().expect("standard layout"),
    );
    for (p, g, m, v) in [
        (&mut mlp.b1, &grads.b1, &mut state.m.b1, &mut state.v.b1),
        (&mut mlp.b2, &grads.b2, &mut state.m.b2, &mut state.v.b2),
    ] {
        update(
            p.as_slice_mut().expect("contiguous"),
            g.as_slice().expect("contiguous"),
            m.as_slice_mut().expect("contiguous"),
            v.as_slice_mut().expect("contiguous"),
        );
    }
}

/// The predicted digit of every row of `x`, computed in batches of 1000 through one
/// workspace.
///
/// ```
/// use rand::SeedableRng;
/// let net = mnist::init_mlp(4, 8, 3, &mut rand::rngs::StdRng::seed_from_u64(0));
/// let classes = mnist::predict(&net, &ndarray::Array2::ones((5, 4)));
/// assert_eq!(classes.len(), 5);
/// ```
///
/// # Panics
/// If `x` has the wrong number of columns.
///
/// Hints: `cargo grader hint 31::predict`.
pub fn predict(mlp: &Mlp, x: &Array2<f32>) -> Vec<u8> {
    let mut ws = Workspace::new(1000.min(x.nrows()).max(1), mlp);
    let mut out = Vec::with_capacity(x.nrows());
    for chunk in x.axis_chunks_iter(Axis(0), ws.capacity()) {
        forward_into(mlp, chunk, &mut ws);
        for row in ws.p.slice(s![..chunk.nrows(), ..]).rows() {
            let mut best = 0;
            for (j, &v) in row.iter().enumerate() {
                if v > row[best] {
                    best = j;
                }
            }
            out.push(best as u8);
        }
    }
    out
}

/// The fraction of `predicted` equal to `labels`.
///
/// ```
/// assert_eq!(mnist::accuracy(&[1, 2, 3, 4], &[1, 2, 0, 4]).unwrap(), 0.75);
/// ```
///
/// # Errors
/// [`MnistError::Shape`] when the lengths differ or are 0.
///
/// Hints: `cargo grader hint 31::accuracy`.
pub fn accuracy(predicted: &[u8], labels: &[u8]) -> Result<f64, MnistError> {
    if predicted.len() != labels.len() || labels.is_empty() {
        return Err(MnistError::Shape {
            what: "predicted",
            expected: vec![labels.len()],
            got: vec![predicted.len()],
        });
    }
    let right = predicted.iter().zip(labels).filter(|(p, l)| p == l).count();
    Ok(right as f64 / labels.len() as f64)
}

/// The 10 × 10 confusion matrix: `cm[t, p]` counts the examples of true digit `t`
/// predicted as `p`. The diagonal holds the correct ones.
///
/// ```
/// let cm = mnist::confusion_matrix(&[1, 1, 7], &[1, 7, 7]).unwrap();
/// assert_eq!((cm[[1, 1]], cm[[7, 1]], cm[[7, 7]]), (1, 1, 1));
/// ```
///
/// # Errors
/// [`MnistError::Shape`] when the lengths differ, [`MnistError::BadLabel`] for a value
/// above 9 in either.
///
/// Hints: `cargo grader hint 31::confusion_matrix`.
pub fn confusion_matrix(predicted: &[u8], labels: &[u8]) -> Result<Array2<usize>, MnistError> {
    if predicted.len() != labels.len() {
        return Err(MnistError::Shape {
            what: "predicted",
            expected: vec![labels.len()],
            got: vec![predicted.len()],
        });
    }
    let mut cm = Array2::zeros((10, 10));
    for (row, (&p, &t)) in predicted.iter().zip(labels).enumerate() {
        if let Some(label) = [t, p].into_iter().find(|&v| v > 9) {
            return Err(MnistError::BadLabel {
                row,
                label,
                classes: 10,
            });
        }
        cm[[usize::from(t), usize::from(p)]] += 1;
    }
    Ok(cm)
}

/// Half of a batch: its gathered rows and labels, and the [`Workspace`] that its forward
/// and backward pass write into. [`train`] keeps two, one per core.
struct Shard {
    x: Array2<f32>,
    y: Vec<u8>,
    ws: Workspace,
}

impl Shard {
    fn new(rows: usize, mlp: &Mlp) -> Self {
        Shard {
            x: Array2::zeros((rows, mlp.inputs())),
            y: vec![0; rows],
            ws: Workspace::new(rows, mlp),
        }
    }

    /// Gather the rows `idx` of `x`/`y` into the buffers, then [`loss_and_grads`] on them.
    fn run(&mut self, mlp: &Mlp, x: &Array2<f32>, y: &[u8], idx: &[usize]) -> (f32, usize) {
        for (k, &i) in idx.iter().enumerate() {
            self.x.row_mut(k).assign(&x.row(i));
            self.y[k] = y[i];
        }
        let n = idx.len();
        loss_and_grads(mlp, self.x.slice(s![..n, ..]), &self.y[..n], &mut self.ws)
    }
}

/// Data parallelism on two cores (one pass over the whole batch when rayon has one thread,
/// for example with `RAYON_NUM_THREADS=1`): each shard computes the mean-loss gradients of its half of
/// `batch`, at the same time, and the halves are combined into `shards[0].ws.grads` as the
/// gradient of the whole batch's mean loss:
///
/// `g = (n₀·g₀ + n₁·g₁) / (n₀ + n₁)`,
///
/// the same numbers a single pass over the whole batch gives, up to rounding. Returns the
/// batch's mean loss and how many rows were classified right.
fn batch_grads(
    mlp: &Mlp,
    x: &Array2<f32>,
    y: &[u8],
    batch: &[usize],
    shards: &mut [Shard; 2],
) -> (f32, usize) {
    let [first, second] = shards;
    if batch.len() < 2 || rayon::current_num_threads() < 2 {
        return first.run(mlp, x, y, batch);
    }
    // ⌈m/2⌉ rows and ⌊m/2⌋ rows: the second fits its `batch_size / 2` capacity.
    let (idx0, idx1) = batch.split_at(batch.len().div_ceil(2));
    let ((loss0, right0), (loss1, right1)) = rayon::join(
        || first.run(mlp, x, y, idx0),
        || second.run(mlp, x, y, idx1),
    );
    let n = batch.len() as f32;
    let (w0, w1) = (idx0.len() as f32 / n, idx1.len() as f32 / n);
    let (g, other) = (&mut first.ws.grads, &second.ws.grads);
    for (a, b) in [(&mut g.w1, &other.w1), (&mut g.w2, &other.w2)] {
        let a = a.as_slice_mut().expect("standard layout");
        let b = &b.as_slice().expect("standard layout")[..a.len()];
        for i in 0..a.len() {
            a[i] = w0 * a[i] + w1 * b[i];
        }
    }
    for (a, b) in [(&mut g.b1, &other.b1), (&mut g.b2, &other.b2)] {
        a.zip_mut_with(b, |a, &b| *a = w0 * *a + w1 * b);
    }
    (w0 * loss0 + w1 * loss1, right0 + right1)
}

/// Train a `784-hidden-10` network on `data.train` with minibatch Adam, in f32:
///
/// 1. `to_inputs` both splits once; seed a `StdRng` with `cfg.seed`; `init_mlp`.
/// 2. Allocate one [`Workspace`] of `cfg.batch_size` rows, one [`AdamState`], a batch
///    buffer for inputs and one for labels, and the index order `0..n` — once.
/// 3. Every epoch: shuffle the order; for each batch copy its rows and labels into the
///    batch buffers, call [`loss_and_grads`] and [`adam_update`]; then record the mean loss,
///    the training accuracy seen during the epoch, the test accuracy, and the seconds.
///
/// (This reference goes one step further and splits every batch over two cores — see
/// `batch_grads` in its source. One core is plenty to pass the check.)
///
/// Show an indicatif progress bar over the batches when `cfg.progress` is set and stdout
/// is a terminal.
///
/// ```no_run
/// let data = datasets::mnist::load().unwrap();
/// let (net, history) = mnist::train(&data, &mnist::TrainConfig::default()).unwrap();
/// println!("test accuracy {:.4}", history.test_accuracy.last().unwrap());
/// ```
///
/// # Errors
/// [`MnistError::Config`] for a batch size, hidden size or epoch count of 0.
///
/// Hints: `cargo grader hint 31::train`.
pub fn train(data: &Mnist, cfg: &TrainConfig) -> Result<(Mlp, History), MnistError> {
    if cfg.batch_size == 0 || cfg.hidden == 0 || cfg.epochs == 0 {
        return Err(MnistError::Config(format!(
            "batch_size {}, hidden {}, epochs {}: all must be positive",
            cfg.batch_size, cfg.hidden, cfg.epochs
        )));
    }
    let x_train = to_inputs(&data.train.images);
    let x_test = to_inputs(&data.test.images);
    let y_train = data.train.labels.as_slice().expect("contiguous labels");
    let y_test = data.test.labels.as_slice().expect("contiguous labels");
    let mut rng = StdRng::seed_from_u64(cfg.seed);
    let mut mlp = init_mlp(x_train.ncols(), cfg.hidden, 10, &mut rng);
    // Two shards, one per half batch, each with its own buffers (see `Shard`); the first
    // takes a whole batch when there is only one core.
    let mut shards = [
        Shard::new(cfg.batch_size, &mlp),
        Shard::new(cfg.batch_size / 2, &mlp),
    ];
    let mut adam = AdamState::new(&mlp);
    let n = x_train.nrows();
    let mut order: Vec<usize> = (0..n).collect();
    let batches = n.div_ceil(cfg.batch_size);
    let bar = if cfg.progress && std::io::stdout().is_terminal() {
        let bar = ProgressBar::new((batches * cfg.epochs) as u64);
        if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} batches {msg}") {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let mut history = History::default();
    for epoch in 0..cfg.epochs {
        let start = Instant::now();
        order.shuffle(&mut rng);
        let (mut total_loss, mut right) = (0.0f64, 0usize);
        for batch in order.chunks(cfg.batch_size) {
            let (loss, ok) = batch_grads(&mlp, &x_train, y_train, batch, &mut shards);
            total_loss += f64::from(loss) * batch.len() as f64;
            right += ok;
            adam_update(&mut mlp, &shards[0].ws.grads, &mut adam, &cfg.adam);
            bar.inc(1);
        }
        history.seconds.push(start.elapsed().as_secs_f64());
        history.train_loss.push(total_loss / n as f64);
        history.train_accuracy.push(right as f64 / n as f64);
        let predicted = predict(&mlp, &x_test);
        history
            .test_accuracy
            .push(accuracy(&predicted, y_test).expect("one prediction per test image"));
        bar.set_message(format!(
            "epoch {} loss {:.4} test {:.4}",
            epoch + 1,
            history.train_loss[epoch],
            history.test_accuracy[epoch]
        ));
    }
    bar.finish_and_clear();
    Ok((mlp, history))
}

/// Draw the learning curves with `charts::line_chart` (800 × 500 pixels each), epochs
/// numbered from 1: the mean training loss into `loss_path`, and the training and test
/// accuracy (two series) into `accuracy_path`.
///
/// ```no_run
/// let h = mnist::History { train_loss: vec![0.3, 0.1], train_accuracy: vec![0.91, 0.97],
///     test_accuracy: vec![0.95, 0.97], seconds: vec![0.5, 0.5] };
/// mnist::plot_history(&h, "plots/31/loss.png".as_ref(), "plots/31/accuracy.png".as_ref()).unwrap();
/// ```
///
/// # Errors
/// The [`charts::ChartError`] of either chart (for example an empty history).
///
/// Hints: `cargo grader hint 31::plot_history`.
pub fn plot_history(
    history: &History,
    loss_path: &Path,
    accuracy_path: &Path,
) -> Result<(), charts::ChartError> {
    let by_epoch = |name: &str, values: &[f64]| {
        charts::Series::new(
            name,
            values
                .iter()
                .enumerate()
                .map(|(e, &v)| ((e + 1) as f64, v))
                .collect(),
        )
    };
    charts::line_chart(
        loss_path,
        "MNIST: training loss",
        "epoch",
        "mean cross-entropy",
        &[by_epoch("training loss", &history.train_loss)],
    )?;
    charts::line_chart(
        accuracy_path,
        "MNIST: accuracy",
        "epoch",
        "accuracy",
        &[
            by_epoch("training (during the epoch)", &history.train_accuracy),
            by_epoch("test", &history.test_accuracy),
        ],
    )
}

/// Draw a confusion matrix (rows: true digit, columns: predicted digit) with
/// `charts::heatmap`, labelled `0`–`9`.
///
/// ```no_run
/// let cm = mnist::confusion_matrix(&[1, 2], &[1, 3]).unwrap();
/// mnist::plot_confusion(&cm, "plots/31/confusion.png".as_ref()).unwrap();
/// ```
///
/// # Errors
/// The [`charts::ChartError`] of the drawing; a matrix that is not 10 × 10 is
/// [`charts::ChartError::Empty`].
///
/// Hints: `cargo grader hint 31::plot_confusion`.
pub fn plot_confusion(cm: &Array2<usize>, path: &Path) -> Result<(), charts::ChartError> {
    if cm.dim() != (10, 10) {
        return Err(charts::ChartError::Empty(format!(
            "a confusion matrix must be 10 × 10, got {:?}",
            cm.dim()
        )));
    }
    let values: Vec<f64> = cm.iter().map(|&c| c as f64).collect();
    let rows: Vec<String> = (0..10).map(|d| format!("true {d}")).collect();
    let cols: Vec<String> = (0..10).map(|d| d.to_string()).collect();
    charts::heatmap(
        path,
        "Confusion matrix (rows: true digit, columns: predicted)",
        &values,
        &rows,
        &cols,
    )
}

/// Draw up to `max` misclassified digits (in data order) with `charts::image_grid`, each
/// captioned `true → predicted` (for example `4 → 9`), 10 per row. Returns how many were
/// drawn.
///
/// ```no_run
/// let test = datasets::mnist::load_test().unwrap();
/// let labels = test.labels.to_vec();
/// let predicted: Vec<u8> = labels.iter().map(|&l| (l + 1) % 10).collect();
/// mnist::plot_misclassified(&test.images, &labels, &predicted, 30, "plots/31/miss.png".as_ref()).unwrap();
/// ```
///
/// # Errors
/// [`charts::ChartError::Empty`] when nothing is misclassified or the lengths differ;
/// drawing errors.
///
/// Hints: `cargo grader hint 31::plot_misclassified`.
pub fn plot_misclassified(
    images: &Array2<u8>,
    labels: &[u8],
    predicted: &[u8],
    max: usize,
    path: &Path,
) -> Result<usize, charts::ChartError> {
    if labels.len() != images.nrows() || predicted.len() != images.nrows() {
        return Err(charts::ChartError::Empty(format!(
            "{} images, {} labels, {} predictions",
            images.nrows(),
            labels.len(),
            predicted.len()
        )));
    }
    let wrong: Vec<usize> = (0..labels.len())
        .filter(|&i| labels[i] != predicted[i])
        .take(max)
        .collect();
    let pictures: Vec<Vec<u8>> = wrong.iter().map(|&i| images.row(i).to_vec()).collect();
    let captions: Vec<String> = wrong
        .iter()
        .map(|&i| format!("{} → {}", labels[i], predicted[i]))
        .collect();
    charts::image_grid(
        path,
        "Misclassified test digits (true → predicted)",
        &pictures,
        &captions,
        28,
        10,
    )?;
    Ok(wrong.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two-core gradient must be the one-pass gradient of the whole batch: 13 rows
    /// (an odd count, so the halves differ) through a 20-16-10 network, on a pool forced to
    /// two threads so the split really happens.
    #[test]
    fn sharded_gradient_matches_one_pass() {
        let mut rng = StdRng::seed_from_u64(7);
        let mlp = init_mlp(20, 16, 10, &mut rng);
        let x = Array2::from_shape_fn((40, 20), |_| rng.gen::<f32>());
        let y: Vec<u8> = (0..40).map(|_| rng.gen_range(0..10)).collect();
        let batch: Vec<usize> = (0..13).map(|k| 3 * k).collect();

        let mut whole = Shard::new(13, &mlp);
        let (loss, right) = whole.run(&mlp, &x, &y, &batch);

        let mut shards = [Shard::new(13, &mlp), Shard::new(6, &mlp)];
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("a two-thread pool");
        let (sharded_loss, sharded_right) =
            pool.install(|| batch_grads(&mlp, &x, &y, &batch, &mut shards));

        assert_eq!(sharded_right, right);
        assert!((sharded_loss - loss).abs() <= 1e-6 * loss.abs());
        let (a, b) = (&whole.ws.grads, &shards[0].ws.grads);
        let pairs = [
            (a.w1.view().into_dyn(), b.w1.view().into_dyn()),
            (a.b1.view().into_dyn(), b.b1.view().into_dyn()),
            (a.w2.view().into_dyn(), b.w2.view().into_dyn()),
            (a.b2.view().into_dyn(), b.b2.view().into_dyn()),
        ];
        for (one_pass, sharded) in pairs {
            let scale = one_pass.iter().fold(0.0f32, |m, v| m.max(v.abs()));
            assert!(scale > 0.0, "a gradient of all zeros would prove nothing");
            for (u, v) in one_pass.iter().zip(sharded.iter()) {
                assert!((u - v).abs() <= 1e-5 * scale, "{u} vs {v}");
            }
        }
    }
}
