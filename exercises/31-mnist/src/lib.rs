//! Chapter 31: MNIST end to end (roadmap W14-15 D11-14, "Project - MNIST digit
//! classification").
//!
//! Replace every `todo!()` with your code; read `README.md` beside this folder first.
//! `cargo grader check 31` runs the hidden checks, `cargo grader hint 31::NAME` gives a
//! hint for exercise NAME (ask again with `--level 2` and `--level 3` for more).
// Parameters are unused until you write the bodies.
#![allow(unused_variables, unused_mut)]

use std::path::Path;

use datasets::mnist::Mnist;
use ndarray::{Array1, Array2, ArrayView2};
use rand::Rng;
use thiserror::Error;
// You will want these as you write the bodies: `ndarray::linalg::general_mat_mul`,
// `ndarray::{s, Axis, Zip}`, `rand::rngs::StdRng`, `rand::SeedableRng`,
// `rand::seq::SliceRandom`, `rand_distr::{Distribution, Normal}`,
// `indicatif::{ProgressBar, ProgressStyle}`, `std::io::IsTerminal`, `std::time::Instant`.

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
    todo!()
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
    todo!()
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
    todo!()
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
    todo!()
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
    todo!()
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
    todo!()
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
    todo!()
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
    todo!()
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
    todo!()
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
    todo!()
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
    todo!()
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
    todo!()
}
