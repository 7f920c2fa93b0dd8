//! Chapter 29: a neural network from scratch (roadmap W14-15 D5-6, "Building neural
//! network from scratch (NumPy)").
//!
//! Replace every `todo!()` with your code; read `README.md` beside this folder first.
//! `cargo grader check 29` runs the hidden checks, `cargo grader hint 29::NAME` gives a
//! hint for exercise NAME (ask again with `--level 2` and `--level 3` for more).
// Parameters are unused until you write the bodies.
#![allow(unused_variables, unused_mut)]

use std::path::Path;

use ndarray::{Array1, Array2};
use rand::Rng;
use thiserror::Error;
// You will want these as you write the bodies: `ndarray::Axis`,
// `rand::seq::SliceRandom` (for `shuffle`), `rand_distr::{Distribution, Normal}`,
// `indicatif::{ProgressBar, ProgressStyle}` and `std::io::IsTerminal`.

/// One dense layer: `y = x W + b`, `W` is `fan_in × fan_out`.
#[derive(Debug, Clone, PartialEq)]
pub struct Dense {
    pub w: Array2<f64>,
    pub b: Array1<f64>,
}

/// A multi-layer perceptron: dense layers with ReLU between them and softmax at the end.
#[derive(Debug, Clone, PartialEq)]
pub struct Mlp {
    pub layers: Vec<Dense>,
}

/// The gradient of the loss with respect to one layer's parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct DenseGrads {
    pub dw: Array2<f64>,
    pub db: Array1<f64>,
}

/// Bad input to the network.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum NetError {
    #[error("{what}: expected shape {expected:?}, got {got:?}")]
    Shape {
        what: String,
        expected: Vec<usize>,
        got: Vec<usize>,
    },
    #[error("label {label} in row {row} is not a class index below {classes}")]
    BadLabel {
        row: usize,
        label: usize,
        classes: usize,
    },
    #[error("layer sizes {0:?}: need at least two sizes, all positive")]
    BadSizes(Vec<usize>),
    #[error("batch size must be at least 1")]
    ZeroBatch,
}

/// The state momentum keeps for one parameter tensor: its velocity.
#[derive(Debug, Clone, PartialEq)]
pub struct MomentumState {
    pub velocity: Vec<f64>,
}

impl MomentumState {
    /// Zero velocity for a tensor of `len` parameters.
    pub fn new(len: usize) -> Self {
        MomentumState {
            velocity: vec![0.0; len],
        }
    }
}

/// Adam's hyperparameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adam {
    pub lr: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
}

impl Default for Adam {
    /// The values of the Adam paper: `lr = 1e-3, β₁ = 0.9, β₂ = 0.999, ε = 1e-8`.
    fn default() -> Self {
        Adam {
            lr: 1e-3,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
        }
    }
}

/// The state Adam keeps for one parameter tensor: the running means of the gradient (`m`)
/// and of its square (`v`), and the number of steps taken (`t`).
#[derive(Debug, Clone, PartialEq)]
pub struct AdamState {
    pub m: Vec<f64>,
    pub v: Vec<f64>,
    pub t: u32,
}

impl AdamState {
    /// Zero moments for a tensor of `len` parameters, `t = 0`.
    pub fn new(len: usize) -> Self {
        AdamState {
            m: vec![0.0; len],
            v: vec![0.0; len],
            t: 0,
        }
    }
}

/// Which update rule [`train`] uses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Optimizer {
    Sgd { lr: f64 },
    Momentum { lr: f64, beta: f64 },
    Adam(Adam),
}

/// How [`train`] runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainConfig {
    pub epochs: usize,
    pub batch_size: usize,
    pub optimizer: Optimizer,
    /// Show a progress bar (only ever when stdout is a terminal).
    pub progress: bool,
}

/// He (Kaiming) initialisation: a `fan_in × fan_out` matrix of independent draws from
/// `N(0, 2 / fan_in)`. The factor 2 compensates ReLU zeroing half of its inputs, so the
/// variance of activations stays about the same from layer to layer.
///
/// NumPy: `rng.standard_normal((fan_in, fan_out)) * np.sqrt(2 / fan_in)`.
///
/// ```
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// let w = neural_net::he_init(3, 4, &mut rng);
/// assert_eq!(w.dim(), (3, 4));
/// ```
///
/// # Panics
/// If `fan_in` is 0.
///
/// Hints: `cargo grader hint 29::he_init`.
pub fn he_init<R: Rng>(fan_in: usize, fan_out: usize, rng: &mut R) -> Array2<f64> {
    todo!()
}

/// Xavier (Glorot) initialisation: variance `2 / (fan_in + fan_out)`, which balances the
/// forward and the backward pass for tanh or sigmoid units. Draw from
/// `N(0, 2 / (fan_in + fan_out))` (or, equally good, uniformly from `±sqrt(6 / (fan_in +
/// fan_out))`, which has the same variance).
///
/// ```
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// assert_eq!(neural_net::xavier_init(5, 2, &mut rng).dim(), (5, 2));
/// ```
///
/// # Panics
/// If `fan_in + fan_out` is 0.
///
/// Hints: `cargo grader hint 29::xavier_init`.
pub fn xavier_init<R: Rng>(fan_in: usize, fan_out: usize, rng: &mut R) -> Array2<f64> {
    todo!()
}

/// An [`Mlp`] with layer sizes `sizes` (`[inputs, hidden…, classes]`): He-initialised
/// weights ([`he_init`]) and zero biases.
///
/// ```
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// let net = neural_net::init_mlp(&[2, 16, 3], &mut rng).unwrap();
/// assert_eq!(net.layers.len(), 2);
/// assert_eq!(net.layers[1].w.dim(), (16, 3));
/// ```
///
/// # Errors
/// [`NetError::BadSizes`] for fewer than two sizes or a size of 0.
///
/// Hints: `cargo grader hint 29::init_mlp`.
pub fn init_mlp<R: Rng>(sizes: &[usize], rng: &mut R) -> Result<Mlp, NetError> {
    todo!()
}

/// The minibatches of one epoch: the indices `0..n` shuffled with `rng`, cut into
/// consecutive batches of `batch_size` (the last one holds the remainder). Every example
/// appears exactly once per epoch; the same seed gives the same batches.
///
/// ```
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
/// let batches = neural_net::minibatches(10, 4, &mut rng);
/// assert_eq!(batches.iter().map(Vec::len).collect::<Vec<_>>(), vec![4, 4, 2]);
/// ```
///
/// # Panics
/// If `batch_size` is 0.
///
/// Hints: `cargo grader hint 29::minibatches`.
pub fn minibatches<R: Rng>(n: usize, batch_size: usize, rng: &mut R) -> Vec<Vec<usize>> {
    todo!()
}

/// Plain gradient descent on one parameter tensor: `θ ← θ − lr·g`.
///
/// ```
/// let mut p = vec![1.0, 2.0];
/// neural_net::sgd_step(&mut p, &[0.5, -1.0], 0.1);
/// assert_eq!(p, vec![0.95, 2.1]);
/// ```
///
/// # Panics
/// If `params` and `grads` differ in length.
///
/// Hints: `cargo grader hint 29::sgd_step`.
pub fn sgd_step(params: &mut [f64], grads: &[f64], lr: f64) {
    todo!()
}

/// SGD with momentum on one parameter tensor: the velocity accumulates past gradients,
///
/// ```text
/// v ← β·v + g        θ ← θ − lr·v
/// ```
///
/// so steps grow along directions the gradient keeps pointing to and cancel where it
/// oscillates.
///
/// ```
/// let mut p = vec![1.0];
/// let mut s = neural_net::MomentumState::new(1);
/// neural_net::momentum_step(&mut p, &[1.0], &mut s, 0.1, 0.9);
/// neural_net::momentum_step(&mut p, &[1.0], &mut s, 0.1, 0.9);
/// assert!((p[0] - (1.0 - 0.1 - 0.19)).abs() < 1e-12);
/// ```
///
/// # Panics
/// If `params`, `grads` and the state differ in length.
///
/// Hints: `cargo grader hint 29::momentum_step`.
pub fn momentum_step(
    params: &mut [f64],
    grads: &[f64],
    state: &mut MomentumState,
    lr: f64,
    beta: f64,
) {
    todo!()
}

/// One Adam step on one parameter tensor (Kingma & Ba, 2015). With `t` counting steps from 1:
///
/// ```text
/// m ← β₁·m + (1 − β₁)·g          v ← β₂·v + (1 − β₂)·g²
/// m̂ = m / (1 − β₁ᵗ)              v̂ = v / (1 − β₂ᵗ)
/// θ ← θ − lr · m̂ / (√v̂ + ε)
/// ```
///
/// The bias corrections undo the pull towards the zero starting values of `m` and `v`:
/// the very first step moves every parameter by about `lr`, whatever the gradient's scale.
///
/// ```
/// let mut p = vec![0.0];
/// let mut s = neural_net::AdamState::new(1);
/// neural_net::adam_step(&mut p, &[123.0], &mut s, &neural_net::Adam::default());
/// assert!((p[0] + 1e-3).abs() < 1e-9);
/// assert_eq!(s.t, 1);
/// ```
///
/// # Panics
/// If `params`, `grads` and the state differ in length.
///
/// Hints: `cargo grader hint 29::adam_step`.
pub fn adam_step(params: &mut [f64], grads: &[f64], state: &mut AdamState, cfg: &Adam) {
    todo!()
}

/// The class probabilities of a batch: dense layers with ReLU between them, then a
/// row-wise (stable) softmax. Each row of the result sums to 1.
///
/// ```
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// let net = neural_net::init_mlp(&[2, 8, 3], &mut rng).unwrap();
/// let p = neural_net::forward(&net, &ndarray::array![[0.5, -1.0]]).unwrap();
/// assert!((p.sum() - 1.0).abs() < 1e-12);
/// ```
///
/// # Errors
/// [`NetError::Shape`] when `x` does not have as many columns as the first layer has
/// inputs (or the layers do not chain).
///
/// Hints: `cargo grader hint 29::forward`.
pub fn forward(mlp: &Mlp, x: &Array2<f64>) -> Result<Array2<f64>, NetError> {
    todo!()
}

/// The mean softmax cross-entropy of a batch and the gradient of every layer's
/// parameters: the backward pass of chapter 28, for any number of layers.
///
/// Keep each layer's input `Aₗ` and pre-activation `Zₗ` on the way forward. On the way
/// back start from `dZ = (P − Y)/n` and for each layer from the last:
/// `dWₗ = Aₗᵀ dZ`, `dbₗ = Σ rows of dZ`, then `dZ ← (dZ Wₗᵀ) ⊙ [Zₗ₋₁ > 0]`.
///
/// ```
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// let net = neural_net::init_mlp(&[2, 8, 3], &mut rng).unwrap();
/// let (loss, grads) = neural_net::loss_and_gradients(&net, &ndarray::array![[0.5, -1.0]], &[2]).unwrap();
/// assert!(loss > 0.0);
/// assert_eq!(grads[0].dw.dim(), (2, 8));
/// ```
///
/// # Errors
/// [`NetError::Shape`] for an input of the wrong width or a label count that is not one
/// per row, [`NetError::BadLabel`] for a label that is not a class index.
///
/// Hints: `cargo grader hint 29::loss_and_gradients`.
pub fn loss_and_gradients(
    mlp: &Mlp,
    x: &Array2<f64>,
    labels: &[usize],
) -> Result<(f64, Vec<DenseGrads>), NetError> {
    todo!()
}

/// The most probable class of every row (`probs.argmax(axis=1)`; the first on ties).
///
/// ```
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// let net = neural_net::init_mlp(&[2, 8, 3], &mut rng).unwrap();
/// let classes = neural_net::predict(&net, &ndarray::array![[0.5, -1.0], [1.0, 1.0]]).unwrap();
/// assert_eq!(classes.len(), 2);
/// ```
///
/// # Errors
/// The [`NetError`] of [`forward`].
///
/// Hints: `cargo grader hint 29::predict`.
pub fn predict(mlp: &Mlp, x: &Array2<f64>) -> Result<Vec<usize>, NetError> {
    todo!()
}

/// Train `mlp` in place with minibatches: for every epoch, shuffle into [`minibatches`]
/// with `rng`, and for every batch compute [`loss_and_gradients`] and update every
/// weight matrix and bias vector with the configured optimizer (one optimizer state per
/// parameter tensor, kept across epochs). Returns the mean training loss of each epoch.
///
/// When `cfg.progress` is set *and* stdout is a terminal, show an indicatif progress bar
/// over the epochs with the latest loss; otherwise draw nothing (checks and pipes stay
/// clean).
///
/// ```
/// use rand::SeedableRng;
/// use neural_net::*;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// let mut net = init_mlp(&[1, 8, 2], &mut rng).unwrap();
/// let x = ndarray::array![[-1.0], [-0.5], [0.5], [1.0]];
/// let cfg = TrainConfig { epochs: 50, batch_size: 2, optimizer: Optimizer::Adam(Adam { lr: 0.05, ..Adam::default() }), progress: false };
/// let losses = train(&mut net, &x, &[0, 0, 1, 1], &cfg, &mut rng).unwrap();
/// assert!(losses[49] < losses[0]);
/// ```
///
/// # Errors
/// [`NetError::ZeroBatch`] for `batch_size = 0`, and the errors of
/// [`loss_and_gradients`].
///
/// Hints: `cargo grader hint 29::train`.
pub fn train<R: Rng>(
    mlp: &mut Mlp,
    x: &Array2<f64>,
    labels: &[usize],
    cfg: &TrainConfig,
    rng: &mut R,
) -> Result<Vec<f64>, NetError> {
    todo!()
}

/// Draw the loss curve (one point per epoch) with `charts::line_chart` into `path`
/// (PNG, or SVG by the extension; 800 × 500 pixels).
///
/// ```no_run
/// neural_net::plot_loss(&[1.0, 0.5, 0.3], std::path::Path::new("plots/29/loss.png")).unwrap();
/// ```
///
/// # Errors
/// The [`charts::ChartError`] of the drawing (no finite loss, a folder that cannot be
/// created).
///
/// Hints: `cargo grader hint 29::plot_loss`.
pub fn plot_loss(losses: &[f64], path: &Path) -> Result<(), charts::ChartError> {
    todo!()
}
