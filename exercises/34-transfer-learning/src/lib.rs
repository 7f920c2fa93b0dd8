//! Chapter 34: transfer learning (roadmap W16-17 D7-8, "Transfer Learning (VGG, ResNet,
//! EfficientNet)"), taught offline on MNIST: pretrain on the digits 0–4, then reuse that
//! network for the digits 5–9 with only a few labels.
//!
//! Write the functions below the line "The exercises"; everything above it is given
//! (chapter 31's pieces, compact: you wrote them there, and this crate cannot depend on
//! that one). `cargo grader check 34` grades your work.

#![allow(unused_variables, unused_mut, unused_imports)]

use std::ops::RangeInclusive;
use std::path::Path;

use datasets::mnist::Split;
use ndarray::{Array1, Array2, Axis};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, Normal};
use thiserror::Error;

// ---------------------------------------------------------------------------------------
// Given: the pieces you already wrote in chapter 31, compact and complete.
// ---------------------------------------------------------------------------------------

/// One dense layer `z = x W + b` (`W` is `inputs × outputs`). Gradients have the same type.
#[derive(Debug, Clone, PartialEq)]
pub struct Dense {
    pub w: Array2<f32>,
    pub b: Array1<f32>,
}

impl Dense {
    /// `x W + b` for a batch `x` (`n × inputs`).
    pub fn forward(&self, x: &Array2<f32>) -> Array2<f32> {
        x.dot(&self.w) + &self.b
    }

    /// The parameter gradients from the layer's input `x` and `dz = ∂L/∂z`:
    /// `dW = xᵀ dz`, `db = Σ rows dz`.
    pub fn param_grads(x: &Array2<f32>, dz: &Array2<f32>) -> Dense {
        Dense {
            w: x.t().dot(dz),
            b: dz.sum_axis(Axis(0)),
        }
    }

    /// The gradient for the layer's input: `dx = dz Wᵀ`.
    pub fn input_grad(&self, dz: &Array2<f32>) -> Array2<f32> {
        dz.dot(&self.w.t())
    }

    /// All zeros, shaped like `self`.
    pub fn zeros_like(&self) -> Dense {
        Dense {
            w: Array2::zeros(self.w.dim()),
            b: Array1::zeros(self.b.len()),
        }
    }

    /// One Adam step (chapter 29) on this layer with the gradient `g` and learning rate `lr`.
    pub fn adam_step(&mut self, g: &Dense, state: &mut AdamState, lr: f32, adam: &Adam) {
        state.t += 1;
        let c1 = 1.0 - adam.beta1.powi(state.t);
        let c2 = 1.0 - adam.beta2.powi(state.t);
        let (b1, b2) = (adam.beta1, adam.beta2);
        let update = |p: &mut [f32], g: &[f32], m: &mut [f32], v: &mut [f32]| {
            for i in 0..p.len() {
                m[i] = b1 * m[i] + (1.0 - b1) * g[i];
                v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
                p[i] -= lr * (m[i] / c1) / ((v[i] / c2).sqrt() + adam.eps);
            }
        };
        update(
            self.w.as_slice_mut().expect("standard layout"),
            g.w.as_slice().expect("standard layout"),
            state.m.w.as_slice_mut().expect("standard layout"),
            state.v.w.as_slice_mut().expect("standard layout"),
        );
        update(
            self.b.as_slice_mut().expect("contiguous"),
            g.b.as_slice().expect("contiguous"),
            state.m.b.as_slice_mut().expect("contiguous"),
            state.v.b.as_slice_mut().expect("contiguous"),
        );
    }
}

/// `max(z, 0)` element by element.
pub fn relu(z: &Array2<f32>) -> Array2<f32> {
    z.mapv(|v| v.max(0.0))
}

/// Row-wise softmax (the row maximum subtracted first).
pub fn softmax_rows(z: &Array2<f32>) -> Array2<f32> {
    let mut p = z.clone();
    for mut row in p.rows_mut() {
        let max = row.fold(f32::NEG_INFINITY, |m, &v| m.max(v));
        row.mapv_inplace(|v| (v - max).exp());
        let sum = row.sum();
        row.mapv_inplace(|v| v / sum);
    }
    p
}

/// The network of this chapter: `input → dense → ReLU → dense → ReLU → dense → softmax`.
/// `layers[0]` and `layers[1]` are the **body** (the feature extractor), `layers[2]` is the
/// **head** (the classifier, PyTorch's `model.fc`).
#[derive(Debug, Clone, PartialEq)]
pub struct Net {
    pub layers: [Dense; 3],
}

impl Net {
    /// The sizes `[inputs, hidden1, hidden2, classes]`.
    pub fn sizes(&self) -> [usize; 4] {
        let l = &self.layers;
        [
            l[0].w.nrows(),
            l[0].w.ncols(),
            l[1].w.ncols(),
            l[2].w.ncols(),
        ]
    }
}

/// Adam's hyperparameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adam {
    pub beta1: f32,
    pub beta2: f32,
    pub eps: f32,
}

impl Default for Adam {
    fn default() -> Self {
        Adam {
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
        }
    }
}

/// Adam's moments for one layer and its own step count (a frozen layer never steps).
#[derive(Debug, Clone, PartialEq)]
pub struct AdamState {
    pub m: Dense,
    pub v: Dense,
    pub t: i32,
}

impl AdamState {
    pub fn new(layer: &Dense) -> Self {
        AdamState {
            m: layer.zeros_like(),
            v: layer.zeros_like(),
            t: 0,
        }
    }
}

/// A classification task: inputs in `[0, 1]` (`n × 784`) and labels `0..classes`.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub x: Array2<f32>,
    pub y: Vec<u8>,
}

impl Task {
    /// The rows `idx` of this task, in that order.
    pub fn subset(&self, idx: &[usize]) -> Task {
        Task {
            x: self.x.select(Axis(0), idx),
            y: idx.iter().map(|&i| self.y[i]).collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.y.len()
    }

    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }
}

/// The fraction of `predicted` equal to `labels` (0 for empty input).
pub fn accuracy(predicted: &[u8], labels: &[u8]) -> f64 {
    let right = predicted.iter().zip(labels).filter(|(p, l)| p == l).count();
    right as f64 / labels.len().max(1) as f64
}

/// How a training run goes: minibatch Adam with the learning rate `lr`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainConfig {
    pub epochs: usize,
    pub batch_size: usize,
    pub lr: f32,
    pub adam: Adam,
    /// Seeds the shuffling (and, in [`transfer`], the new weights).
    pub seed: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 1,
            batch_size: 64,
            lr: 1e-3,
            adam: Adam::default(),
            seed: 0,
        }
    }
}

/// Three ways to learn the target task.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Strategy {
    /// The baseline: a fresh network of the same sizes, every layer trained with `lr`.
    Scratch,
    /// Feature extraction: the pretrained body frozen, a new head trained with `lr`.
    FeatureExtraction,
    /// Fine-tuning: a new head trained with `lr`, the pretrained body trained too but with
    /// the smaller rate `lr · body_lr_factor` (discriminative learning rates).
    FineTune { body_lr_factor: f32 },
}

/// One row of the comparison: test accuracies on the target task at one label budget.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BudgetRow {
    pub per_class: usize,
    pub scratch: f64,
    pub frozen: f64,
    pub fine_tuned: f64,
}

/// Bad input.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum TransferError {
    #[error("bad digit range {first}..={last}: need first ≤ last ≤ 9")]
    DigitRange { first: u8, last: u8 },
    #[error("label {label} in row {row} is not a class index below {classes}")]
    BadLabel {
        row: usize,
        label: u8,
        classes: usize,
    },
    #[error("class {class} has only {have} examples, {want} were asked for")]
    NotEnough {
        class: usize,
        have: usize,
        want: usize,
    },
    #[error("{what}: expected {expected}, got {got}")]
    Shape {
        what: &'static str,
        expected: usize,
        got: usize,
    },
    #[error("bad configuration: {0}")]
    Config(String),
}

// ---------------------------------------------------------------------------------------
// The exercises.
// ---------------------------------------------------------------------------------------

/// Keep the examples of `split` whose digit is in `digits`, in data order, as a [`Task`]:
/// pixels scaled to `[0, 1]` (`p / 255` in f32) and labels **remapped** to start at 0
/// (`label − first`): for `5..=9` the digit 7 becomes class 2.
///
/// ```
/// use ndarray::{array, Array2};
/// let split = datasets::mnist::Split { images: Array2::zeros((3, 784)), labels: array![7, 2, 9] };
/// let task = transfer_learning::split_task(&split, 5..=9).unwrap();
/// assert_eq!(task.y, vec![2, 4]);
/// ```
///
/// # Errors
/// [`TransferError::DigitRange`] when the range is empty or reaches past 9.
///
/// Hints: `cargo grader hint 34::split_task`.
pub fn split_task(split: &Split, digits: RangeInclusive<u8>) -> Result<Task, TransferError> {
    todo!()
}

/// The "few labels" sampler: the indices of `per_class` examples of every class
/// `0..classes`, drawn without replacement from `labels` with a `StdRng` seeded by
/// `seed` (stratified: exactly `per_class` of each class), returned in ascending order.
/// The same seed gives the same indices.
///
/// ```
/// let labels = [0u8, 1, 0, 1, 0, 1];
/// let idx = transfer_learning::few_labels(&labels, 2, 2, 7).unwrap();
/// assert_eq!(idx.len(), 4);
/// ```
///
/// # Errors
/// [`TransferError::Config`] for `classes` or `per_class` of 0, [`TransferError::BadLabel`]
/// for a label `≥ classes`, [`TransferError::NotEnough`] when a class has fewer than
/// `per_class` examples.
///
/// Hints: `cargo grader hint 34::few_labels`.
pub fn few_labels(
    labels: &[u8],
    classes: usize,
    per_class: usize,
    seed: u64,
) -> Result<Vec<usize>, TransferError> {
    todo!()
}

/// A fresh `sizes[0] → sizes[1] → sizes[2] → sizes[3]` network: He-initialised weights
/// (`N(0, 2/fan_in)`) drawn with `rng` layer by layer, zero biases.
///
/// ```
/// use rand::SeedableRng;
/// let net = transfer_learning::init_net([784, 128, 64, 5], &mut rand::rngs::StdRng::seed_from_u64(0));
/// assert_eq!(net.layers[1].w.dim(), (128, 64));
/// ```
///
/// # Panics
/// If a size is 0.
///
/// Hints: `cargo grader hint 34::init_net`.
pub fn init_net<R: Rng>(sizes: [usize; 4], rng: &mut R) -> Net {
    todo!()
}

/// The body's output, the **features** the head classifies: `relu(relu(x W₀ + b₀) W₁ + b₁)`
/// (`n × hidden2`).
///
/// ```
/// use rand::SeedableRng;
/// let net = transfer_learning::init_net([4, 8, 6, 3], &mut rand::rngs::StdRng::seed_from_u64(0));
/// assert_eq!(transfer_learning::features(&net, &ndarray::Array2::ones((2, 4))).dim(), (2, 6));
/// ```
///
/// Hints: `cargo grader hint 34::features`.
pub fn features(net: &Net, x: &Array2<f32>) -> Array2<f32> {
    todo!()
}

/// The predicted class of every row of `x`: the largest logit of the head on
/// [`features`] (the first one on ties).
///
/// ```
/// use rand::SeedableRng;
/// let net = transfer_learning::init_net([4, 8, 6, 3], &mut rand::rngs::StdRng::seed_from_u64(0));
/// assert_eq!(transfer_learning::predict(&net, &ndarray::Array2::ones((5, 4))).len(), 5);
/// ```
///
/// Hints: `cargo grader hint 34::predict`.
pub fn predict(net: &Net, x: &Array2<f32>) -> Vec<u8> {
    todo!()
}

/// The mean cross-entropy of the batch `(x, labels)` and the gradient of every
/// **trainable** layer: `grads[l]` is `Some` exactly when `trainable[l]`, and `None` for a
/// frozen layer (PyTorch leaves `.grad` as `None` when `requires_grad` is off).
///
/// Forward through the three layers keeping each layer's input; backward from
/// `dz₂ = (P − Y)/n`: `Dense::param_grads(input, dz)` for a trainable layer,
/// `input_grad(dz) ⊙ [h > 0]` to step down a layer. Stop as soon as no layer below is
/// trainable: with a frozen body the backward pass is one matrix product.
///
/// ```
/// use rand::SeedableRng;
/// let net = transfer_learning::init_net([4, 8, 6, 3], &mut rand::rngs::StdRng::seed_from_u64(0));
/// let (loss, grads) = transfer_learning::loss_and_grads(&net, &ndarray::Array2::ones((2, 4)), &[0, 2], [false, false, true]);
/// assert!(loss > 0.0 && grads[0].is_none() && grads[2].is_some());
/// ```
///
/// # Panics
/// If `labels` has not one label per row or a label is not below the number of classes.
///
/// Hints: `cargo grader hint 34::loss_and_grads`.
pub fn loss_and_grads(
    net: &Net,
    x: &Array2<f32>,
    labels: &[u8],
    trainable: [bool; 3],
) -> (f32, [Option<Dense>; 3]) {
    todo!()
}

/// Minibatch Adam on `task` with one learning rate per layer, `lrs`; a rate of `0.0`
/// **freezes** that layer: no gradient is computed for it (`trainable[l] = lrs[l] > 0`) and
/// it is never updated, so its parameters stay bit-identical. Each epoch shuffles the rows
/// with a `StdRng` seeded once by `cfg.seed` and runs [`loss_and_grads`] and
/// `Dense::adam_step` on each batch of `cfg.batch_size` rows. Returns the mean loss of every
/// epoch (weighted by batch size).
///
/// ```
/// use rand::SeedableRng;
/// let mut net = transfer_learning::init_net([4, 8, 6, 2], &mut rand::rngs::StdRng::seed_from_u64(0));
/// let task = transfer_learning::Task { x: ndarray::Array2::ones((6, 4)), y: vec![0, 1, 0, 1, 0, 1] };
/// let cfg = transfer_learning::TrainConfig { epochs: 3, batch_size: 4, ..Default::default() };
/// let losses = transfer_learning::train(&mut net, &task, [0.0, 0.0, 1e-2], &cfg).unwrap();
/// assert_eq!(losses.len(), 3);
/// ```
///
/// # Errors
/// [`TransferError::Config`] for 0 epochs, a batch size of 0, an empty task or a negative
/// or non-finite rate; [`TransferError::Shape`] when `task.x` has not `sizes()[0]` columns
/// or `task.y` not one label per row; [`TransferError::BadLabel`] for a label `≥` the
/// head's classes.
///
/// Hints: `cargo grader hint 34::train`.
pub fn train(
    net: &mut Net,
    task: &Task,
    lrs: [f32; 3],
    cfg: &TrainConfig,
) -> Result<Vec<f64>, TransferError> {
    todo!()
}

/// The **source task**: a fresh [`init_net`] of `sizes` (seeded by `cfg.seed`) trained on
/// `source` with `cfg.lr` for every layer. Returns the network and the epoch losses.
///
/// ```no_run
/// let data = datasets::mnist::load().unwrap();
/// let source = transfer_learning::split_task(&data.train, 0..=4).unwrap();
/// let (net, _) = transfer_learning::pretrain(&source, [784, 128, 64, 5], &Default::default()).unwrap();
/// ```
///
/// # Errors
/// As [`train`].
///
/// Hints: `cargo grader hint 34::pretrain`.
pub fn pretrain(
    source: &Task,
    sizes: [usize; 4],
    cfg: &TrainConfig,
) -> Result<(Net, Vec<f64>), TransferError> {
    todo!()
}

/// The body of `net` (layers 0 and 1, copied unchanged) with a **new head** for `classes`
/// classes: He-initialised `hidden2 × classes` weights drawn with `rng`, zero bias. This is
/// `model.fc = nn.Linear(model.fc.in_features, classes)` in PyTorch.
///
/// ```
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// let net = transfer_learning::init_net([4, 8, 6, 5], &mut rng);
/// let new = transfer_learning::replace_head(&net, 3, &mut rng);
/// assert_eq!((new.layers[0] == net.layers[0], new.sizes()), (true, [4, 8, 6, 3]));
/// ```
///
/// # Panics
/// If `classes` is 0.
///
/// Hints: `cargo grader hint 34::replace_head`.
pub fn replace_head<R: Rng>(net: &Net, classes: usize, rng: &mut R) -> Net {
    todo!()
}

/// Learn the target task `task` (labels `0..classes`) with `strategy`, starting from
/// `pretrained`. With `rng = StdRng::seed_from_u64(cfg.seed)`:
///
/// - `Scratch`: `init_net([inputs, hidden1, hidden2, classes], rng)` (pretrained's sizes,
///   `classes` outputs), learning rates `[lr, lr, lr]`;
/// - `FeatureExtraction`: `replace_head(pretrained, classes, rng)`, rates `[0, 0, lr]`;
/// - `FineTune { body_lr_factor }`: `replace_head` too, rates
///   `[lr·factor, lr·factor, lr]`;
///
/// then [`train`] with `cfg`. Returns the trained network.
///
/// ```no_run
/// # let (pretrained, task): (transfer_learning::Net, transfer_learning::Task) = todo!();
/// use transfer_learning::{transfer, Strategy};
/// let net = transfer(&pretrained, &task, 5, Strategy::FeatureExtraction, &Default::default()).unwrap();
/// ```
///
/// # Errors
/// [`TransferError::Config`] for `classes` of 0 or a factor that is negative or not
/// finite; the errors of [`train`].
///
/// Hints: `cargo grader hint 34::transfer`.
pub fn transfer(
    pretrained: &Net,
    task: &Task,
    classes: usize,
    strategy: Strategy,
    cfg: &TrainConfig,
) -> Result<Net, TransferError> {
    todo!()
}

/// The experiment: for every budget `k` in `budgets`, sample `few_labels(target_train.y,
/// classes, k, cfg.seed)`, learn that subset with the three strategies (`Scratch`,
/// `FeatureExtraction`, `FineTune { body_lr_factor }`, each with `cfg`) and record their
/// [`accuracy`] on `target_test`.
///
/// ```no_run
/// # let (pretrained, train, test): (transfer_learning::Net, transfer_learning::Task, transfer_learning::Task) = todo!();
/// let rows = transfer_learning::compare_budgets(&pretrained, &train, &test, 5, &[10, 50, 200], 0.1, &Default::default()).unwrap();
/// ```
///
/// # Errors
/// The errors of [`few_labels`] and [`transfer`].
///
/// Hints: `cargo grader hint 34::compare_budgets`.
pub fn compare_budgets(
    pretrained: &Net,
    target_train: &Task,
    target_test: &Task,
    classes: usize,
    budgets: &[usize],
    body_lr_factor: f32,
    cfg: &TrainConfig,
) -> Result<Vec<BudgetRow>, TransferError> {
    todo!()
}

/// Draw test accuracy against labels per class with `charts::line_chart` (800 × 500), one
/// series per strategy: "from scratch", "frozen features", "fine-tuned".
///
/// ```no_run
/// let rows = [transfer_learning::BudgetRow { per_class: 10, scratch: 0.6, frozen: 0.8, fine_tuned: 0.8 }];
/// transfer_learning::plot_budgets(&rows, "plots/34/budgets.png".as_ref()).unwrap();
/// ```
///
/// # Errors
/// The [`charts::ChartError`] of the drawing (for example no rows).
///
/// Hints: `cargo grader hint 34::plot_budgets`.
pub fn plot_budgets(rows: &[BudgetRow], path: &Path) -> Result<(), charts::ChartError> {
    todo!()
}
