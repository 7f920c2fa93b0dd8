//! Chapter 33: a small convolutional network on MNIST (roadmap W16-17 D5-6, "Building CNN
//! for image classification", and W16-17 D9-14, "Project - Image classifier").
//!
//! Replace every `todo!()` with your code; read `README.md` beside this folder first.
//! `cargo grader check 33` runs the hidden checks, `cargo grader hint 33::NAME` gives a
//! hint for exercise NAME (ask again with `--level 2` and `--level 3` for more).
// Parameters are unused until you write the bodies.
#![allow(unused_variables, unused_mut)]

use std::path::Path;

use datasets::mnist::Mnist;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use rand::Rng;
use rand_distr::{Distribution, Normal};
use thiserror::Error;
// You will want these as you write the bodies: `ndarray::linalg::general_mat_mul`,
// `ndarray::s`, `rand::rngs::StdRng`, `rand::SeedableRng`, `rand::seq::SliceRandom`,
// `indicatif::{ProgressBar, ProgressStyle}`, `std::io::IsTerminal`, `std::time::Instant`.

/// The convolution's kernel is 3 × 3 (padding 1, stride 1: "same" size).
pub const KERNEL: usize = 3;
/// Entries of one flattened kernel: `a·3 + b` for row `a`, column `b`.
pub const TAPS: usize = KERNEL * KERNEL;

/// `softmax(flatten(maxpool₂ₓ₂(relu(conv₃ₓ₃(x)))) · W + b)`, in f32.
///
/// Layouts (channels last, as Keras' default):
/// - the input batch `x` is `n × side²`, one image per row, row-major pixels;
/// - the convolution output has one row per pixel of every image,
///   `row = (k·side + i)·side + j` for image `k`, pixel `(i, j)`, and one column per
///   filter;
/// - the pooled features of image `k` are one row of `(side/2)²·filters` values, column
///   `(pi·(side/2) + pj)·filters + o`.
#[derive(Debug, Clone, PartialEq)]
pub struct Cnn {
    /// Input images are `side × side` (`side` even).
    pub side: usize,
    /// `9 × filters`: column `o` is filter `o`, flattened row-major (`a·3 + b`).
    pub conv_w: Array2<f32>,
    /// `filters`.
    pub conv_b: Array1<f32>,
    /// `(side/2)²·filters × classes`.
    pub dense_w: Array2<f32>,
    /// `classes`.
    pub dense_b: Array1<f32>,
}

impl Cnn {
    pub fn filters(&self) -> usize {
        self.conv_w.ncols()
    }
    pub fn classes(&self) -> usize {
        self.dense_w.ncols()
    }
    /// The side of a pooled feature map, `side / 2`.
    pub fn pooled_side(&self) -> usize {
        self.side / 2
    }
    /// Length of the flattened features, `(side/2)²·filters`.
    pub fn features(&self) -> usize {
        self.pooled_side().pow(2) * self.filters()
    }
}

/// One gradient per parameter of a [`Cnn`], with the same shapes.
#[derive(Debug, Clone, PartialEq)]
pub struct Grads {
    pub conv_w: Array2<f32>,
    pub conv_b: Array1<f32>,
    pub dense_w: Array2<f32>,
    pub dense_b: Array1<f32>,
}

impl Grads {
    /// All zeros, shaped like `cnn`'s parameters.
    pub fn zeros_like(cnn: &Cnn) -> Self {
        Grads {
            conv_w: Array2::zeros(cnn.conv_w.dim()),
            conv_b: Array1::zeros(cnn.conv_b.len()),
            dense_w: Array2::zeros(cnn.dense_w.dim()),
            dense_b: Array1::zeros(cnn.dense_b.len()),
        }
    }
}

/// Buffers for one batch of up to `capacity` images, allocated once and reused (as in
/// chapter 31). A batch of `n` images uses the first `n·side²` rows of `cols`, `conv` and
/// `d_conv`, the first `n` rows of `pooled`, `d_pooled` and `p`, and the first
/// `n·features` entries of `argmax`.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The batch im2col, `capacity·side² × 9`.
    pub cols: Array2<f32>,
    /// The convolution after ReLU, `capacity·side² × filters`.
    pub conv: Array2<f32>,
    /// The pooled features, `capacity × features`.
    pub pooled: Array2<f32>,
    /// For every pooled value, the flat index into `conv` (`row·filters + o`) of the
    /// maximum it came from.
    pub argmax: Vec<usize>,
    /// Class probabilities, `capacity × classes` (`∂L/∂logits` after the backward pass).
    pub p: Array2<f32>,
    /// `∂L/∂pooled`, `capacity × features`.
    pub d_pooled: Array2<f32>,
    /// `∂L/∂(convolution before ReLU)`, `capacity·side² × filters`.
    pub d_conv: Array2<f32>,
    /// The gradients of the last batch.
    pub grads: Grads,
}

impl Workspace {
    /// Buffers for batches of up to `capacity` images through `cnn`.
    pub fn new(capacity: usize, cnn: &Cnn) -> Self {
        let pixels = capacity * cnn.side * cnn.side;
        Workspace {
            cols: Array2::zeros((pixels, TAPS)),
            conv: Array2::zeros((pixels, cnn.filters())),
            pooled: Array2::zeros((capacity, cnn.features())),
            argmax: vec![0; capacity * cnn.features()],
            p: Array2::zeros((capacity, cnn.classes())),
            d_pooled: Array2::zeros((capacity, cnn.features())),
            d_conv: Array2::zeros((pixels, cnn.filters())),
            grads: Grads::zeros_like(cnn),
        }
    }

    /// How many images a batch may have.
    pub fn capacity(&self) -> usize {
        self.pooled.nrows()
    }
}

/// One layer of the network as [`layer_shapes`] describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    /// `"conv"`, `"relu"`, `"maxpool"`, `"flatten"`, `"dense"` or `"softmax"`.
    pub name: &'static str,
    /// The shape of one image's output of this layer (channels last), e.g. `[28, 28, 16]`.
    pub output: Vec<usize>,
    /// How many trainable numbers the layer has.
    pub params: usize,
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
    pub fn new(cnn: &Cnn) -> Self {
        AdamState {
            m: Grads::zeros_like(cnn),
            v: Grads::zeros_like(cnn),
            t: 0,
        }
    }
}

/// How [`train`] runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainConfig {
    pub filters: usize,
    pub epochs: usize,
    pub batch_size: usize,
    pub adam: Adam,
    /// Train on the first `train_limit` training images only (`None`: all 60 000).
    pub train_limit: Option<usize>,
    /// Seeds the initial weights and the shuffling: the same seed, the same run.
    pub seed: u64,
    /// Show a progress bar (only ever when stdout is a terminal).
    pub progress: bool,
}

impl Default for TrainConfig {
    /// 16 filters, 1 epoch of batch 64 over all 60 000 images, Adam with `lr = 3e-3`.
    fn default() -> Self {
        TrainConfig {
            filters: 16,
            epochs: 1,
            batch_size: 64,
            adam: Adam {
                lr: 3e-3,
                ..Adam::default()
            },
            train_limit: None,
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
pub enum CnnError {
    #[error("{what}: expected shape {expected:?}, got {got:?}")]
    Shape {
        what: &'static str,
        expected: Vec<usize>,
        got: Vec<usize>,
    },
    #[error("bad configuration: {0}")]
    Config(String),
}

/// The shapes and parameter counts of the network for `side × side` inputs, `filters`
/// 3 × 3 filters and `classes` classes, one [`Layer`] per step, in order:
///
/// | name | output | params |
/// |---|---|---|
/// | `conv` | `[side, side, filters]` | `9·filters + filters` |
/// | `relu` | `[side, side, filters]` | 0 |
/// | `maxpool` | `[side/2, side/2, filters]` | 0 |
/// | `flatten` | `[(side/2)²·filters]` | 0 |
/// | `dense` | `[classes]` | `(side/2)²·filters·classes + classes` |
/// | `softmax` | `[classes]` | 0 |
///
/// ```
/// let layers = cnn::layer_shapes(28, 16, 10).unwrap();
/// assert_eq!(layers[0].params, 160);
/// assert_eq!(layers.iter().map(|l| l.params).sum::<usize>(), 31_530);
/// ```
///
/// # Errors
/// [`CnnError::Config`] when a size is 0 or `side` is odd.
///
/// Hints: `cargo grader hint 33::layer_shapes`.
pub fn layer_shapes(side: usize, filters: usize, classes: usize) -> Result<Vec<Layer>, CnnError> {
    todo!()
}

/// A fresh network (given complete: chapter 31's He initialisation): weights from
/// `N(0, 2/fan_in)` with `fan_in = 9` for the filters and `(side/2)²·filters` for the
/// dense layer, zero biases.
///
/// ```
/// use rand::SeedableRng;
/// let net = cnn::init_cnn(28, 16, 10, &mut rand::rngs::StdRng::seed_from_u64(0));
/// assert_eq!((net.conv_w.dim(), net.dense_w.dim()), ((9, 16), (3136, 10)));
/// ```
///
/// # Panics
/// If a size is 0 or `side` is odd.
pub fn init_cnn<R: Rng>(side: usize, filters: usize, classes: usize, rng: &mut R) -> Cnn {
    assert!(
        side > 0 && side.is_multiple_of(2) && filters > 0 && classes > 0,
        "sizes must be positive and side even"
    );
    let he = |fan_in: usize, fan_out: usize, rng: &mut R| {
        let normal = Normal::new(0.0f32, (2.0 / fan_in as f32).sqrt()).expect("a positive std");
        Array2::from_shape_fn((fan_in, fan_out), |_| normal.sample(rng))
    };
    let features = (side / 2).pow(2) * filters;
    Cnn {
        side,
        conv_w: he(TAPS, filters, rng),
        conv_b: Array1::zeros(filters),
        dense_w: he(features, classes, rng),
        dense_b: Array1::zeros(classes),
    }
}

/// The batch im2col (given complete: chapter 32's `im2col`, with one *row* per output
/// pixel of every image and the images stacked): for a batch `x` of `n` images
/// (`n × side²`), fill the first `n·side²` rows of `cols` (`≥ n·side² × 9`) with
///
/// ```text
/// cols[(k·side + i)·side + j,  a·3 + b] = x_k[i + a − 1, j + b − 1]   (0 outside the image)
/// ```
///
/// so that `cols · conv_w` is the 3 × 3, padding-1 convolution of the whole batch in one
/// matrix product.
///
/// # Panics
/// If `x` does not have `side²` columns or `cols` is too small or not 9 wide.
pub fn im2col_batch(x: ArrayView2<'_, f32>, side: usize, cols: &mut Array2<f32>) {
    let n = x.nrows();
    assert_eq!(x.ncols(), side * side, "x must have side² columns");
    assert!(
        cols.nrows() >= n * side * side && cols.ncols() == TAPS,
        "cols is too small"
    );
    let out = cols.as_slice_mut().expect("standard layout");
    for (k, image) in x.rows().into_iter().enumerate() {
        let image = image.to_slice().expect("contiguous rows");
        for i in 0..side {
            for j in 0..side {
                let row = &mut out[((k * side + i) * side + j) * TAPS..][..TAPS];
                for a in 0..KERNEL {
                    for b in 0..KERNEL {
                        let (ii, jj) = ((i + a).wrapping_sub(1), (j + b).wrapping_sub(1));
                        row[a * KERNEL + b] = if ii < side && jj < side {
                            image[ii * side + jj]
                        } else {
                            0.0
                        };
                    }
                }
            }
        }
    }
}

/// The convolution layer with its ReLU, for a whole batch in one product: run
/// [`im2col_batch`] into `ws.cols`, then
///
/// ```text
/// ws.conv[..n·side²] = relu(cols · conv_w + conv_b)      (n·side² × 9) · (9 × filters)
/// ```
///
/// with `general_mat_mul` straight into the buffer, then the bias and the ReLU in place.
///
/// ```
/// use rand::SeedableRng;
/// let net = cnn::init_cnn(4, 2, 3, &mut rand::rngs::StdRng::seed_from_u64(0));
/// let mut ws = cnn::Workspace::new(1, &net);
/// cnn::conv_relu_into(&net, ndarray::Array2::ones((1, 16)).view(), &mut ws);
/// assert!(ws.conv.iter().all(|&v| v >= 0.0));
/// ```
///
/// # Panics
/// If `x` has more rows than the workspace or not `side²` columns.
///
/// Hints: `cargo grader hint 33::conv_relu_into`.
pub fn conv_relu_into(cnn: &Cnn, x: ArrayView2<'_, f32>, ws: &mut Workspace) {
    todo!()
}

/// 2 × 2 max pooling, stride 2, with memory of where each maximum came from. `conv` holds
/// `n` images' feature maps (`n·side² × filters`, rows as in [`Cnn`]); write, for image
/// `k`, pooled position `(pi, pj)` and filter `o`,
///
/// ```text
/// pooled[k, (pi·ps + pj)·f + o] = max over a, b ∈ {0, 1} of conv[(k·side + 2pi + a)·side + 2pj + b, o]
/// argmax[k·features + (pi·ps + pj)·f + o] = that row · f + o      (a flat index into conv)
/// ```
///
/// with `ps = side/2`, `f = filters`, into the first `n` rows of `pooled` and the first
/// `n·features` entries of `argmax`. On a tie keep the first in `(a, b)` order.
///
/// ```
/// let conv = ndarray::Array2::from_shape_vec((4, 1), vec![1.0f32, 5.0, 3.0, 2.0]).unwrap();
/// let mut pooled = ndarray::Array2::zeros((1, 1));
/// let mut argmax = vec![0; 1];
/// cnn::max_pool_into(conv.view(), 2, &mut pooled, &mut argmax);
/// assert_eq!((pooled[[0, 0]], argmax[0]), (5.0, 1));
/// ```
///
/// # Panics
/// If the buffers are too small or `conv`'s rows are not a whole number of images.
///
/// Hints: `cargo grader hint 33::max_pool_into`.
pub fn max_pool_into(
    conv: ArrayView2<'_, f32>,
    side: usize,
    pooled: &mut Array2<f32>,
    argmax: &mut [usize],
) {
    todo!()
}

/// The backward pass of [`max_pool_into`]: each pooled value came from one position, so
/// its gradient goes there and nowhere else. For the `n = d_pooled.nrows()` images, zero
/// the first `n·4·features` entries of `d_conv` (their rows), then
///
/// ```text
/// d_conv.flat[argmax[m]] += d_pooled.flat[m]      for m < n·features
/// ```
///
/// ```
/// let d_pooled = ndarray::array![[2.0f32]];
/// let mut d_conv = ndarray::Array2::from_elem((4, 1), 9.0f32);
/// cnn::max_pool_backward(d_pooled.view(), &[1], &mut d_conv);
/// assert_eq!(d_conv.column(0).to_vec(), vec![0.0, 2.0, 0.0, 0.0]);
/// ```
///
/// # Panics
/// If an index in `argmax` lies outside those rows, or the buffers are too small.
///
/// Hints: `cargo grader hint 33::max_pool_backward`.
pub fn max_pool_backward(
    d_pooled: ArrayView2<'_, f32>,
    argmax: &[usize],
    d_conv: &mut Array2<f32>,
) {
    todo!()
}

/// The convolution's weight and bias gradients from `d_conv = ∂L/∂(cols · conv_w + b)`
/// (`rows × filters`, the ReLU mask already applied) and the im2col `cols` (`rows × 9`)
/// of the same batch:
///
/// ```text
/// dw = colsᵀ · d_conv      (9 × filters)        db = Σ_rows d_conv
/// ```
///
/// exactly a dense layer's `dW = Xᵀ dZ`, with the im2col rows as inputs. Write into `dw`
/// and `db` (overwrite, not accumulate). No `∂L/∂x`: the input is the image itself,
/// which nothing upstream needs a gradient for.
///
/// ```
/// let cols = ndarray::Array2::<f32>::ones((5, 9));
/// let d_conv = ndarray::Array2::<f32>::ones((5, 2));
/// let (mut dw, mut db) = (ndarray::Array2::zeros((9, 2)), ndarray::Array1::zeros(2));
/// cnn::conv_backward(cols.view(), d_conv.view(), &mut dw, &mut db);
/// assert_eq!((dw[[0, 0]], db[1]), (5.0, 5.0));
/// ```
///
/// # Panics
/// If the shapes do not fit.
///
/// Hints: `cargo grader hint 33::conv_backward`.
pub fn conv_backward(
    cols: ArrayView2<'_, f32>,
    d_conv: ArrayView2<'_, f32>,
    dw: &mut Array2<f32>,
    db: &mut Array1<f32>,
) {
    todo!()
}

/// The whole forward pass of a batch `x` (`n × side²`, `n ≤ ws.capacity()`):
/// [`conv_relu_into`], [`max_pool_into`] into `ws.pooled`/`ws.argmax`, then
/// `ws.p[..n] = softmax(pooled · dense_w + dense_b)` row by row (subtract the row maximum
/// first), the product with `general_mat_mul`.
///
/// ```
/// use rand::SeedableRng;
/// let net = cnn::init_cnn(4, 2, 3, &mut rand::rngs::StdRng::seed_from_u64(0));
/// let mut ws = cnn::Workspace::new(2, &net);
/// cnn::forward_into(&net, ndarray::Array2::ones((2, 16)).view(), &mut ws);
/// assert!((ws.p.row(1).sum() - 1.0).abs() < 1e-6);
/// ```
///
/// # Panics
/// As [`conv_relu_into`].
///
/// Hints: `cargo grader hint 33::forward_into`.
pub fn forward_into(cnn: &Cnn, x: ArrayView2<'_, f32>, ws: &mut Workspace) {
    todo!()
}

/// One batch forward and backward: [`forward_into`], then fill `ws.grads` with the
/// gradient of the mean cross-entropy. Returns the loss and how many rows the forward
/// pass classified right.
///
/// ```text
/// dZ = (P − Y)/n                        (in place in ws.p)
/// d dense_w = pooledᵀ dZ,   d dense_b = Σ rows dZ
/// d_pooled = dZ dense_wᵀ
/// d_conv = max_pool_backward(d_pooled) ⊙ [conv > 0]     (the ReLU)
/// d conv_w, d conv_b = conv_backward(cols, d_conv)
/// ```
///
/// ```
/// use rand::SeedableRng;
/// let net = cnn::init_cnn(4, 2, 3, &mut rand::rngs::StdRng::seed_from_u64(0));
/// let mut ws = cnn::Workspace::new(2, &net);
/// let (loss, right) = cnn::loss_and_grads(&net, ndarray::Array2::ones((2, 16)).view(), &[0, 2], &mut ws);
/// assert!(loss > 0.0 && right <= 2 && ws.grads.conv_w.dim() == (9, 2));
/// ```
///
/// # Panics
/// As [`forward_into`], and if `labels` has not one label per row or a label is not
/// below the number of classes.
///
/// Hints: `cargo grader hint 33::loss_and_grads`.
pub fn loss_and_grads(
    cnn: &Cnn,
    x: ArrayView2<'_, f32>,
    labels: &[u8],
    ws: &mut Workspace,
) -> (f32, usize) {
    todo!()
}

/// One Adam step (chapter 29) on every parameter of `cnn` with `grads`: increment
/// `state.t`, update the moments, and move each parameter by `lr · m̂ / (√v̂ + ε)` with
/// `m̂ = m/(1 − β₁ᵗ)`, `v̂ = v/(1 − β₂ᵗ)`. (`side` is not a parameter.)
///
/// ```
/// use rand::SeedableRng;
/// let mut net = cnn::init_cnn(4, 2, 3, &mut rand::rngs::StdRng::seed_from_u64(0));
/// let mut state = cnn::AdamState::new(&net);
/// let grads = cnn::Grads::zeros_like(&net);
/// cnn::adam_update(&mut net, &grads, &mut state, &cnn::Adam::default());
/// assert_eq!(state.t, 1);
/// ```
///
/// Hints: `cargo grader hint 33::adam_update`.
pub fn adam_update(cnn: &mut Cnn, grads: &Grads, state: &mut AdamState, cfg: &Adam) {
    todo!()
}

/// The most likely class of every row of `x` (`n × side²`, any `n`), computed in chunks
/// of at most 256 rows through one reused [`Workspace`].
///
/// ```
/// use rand::SeedableRng;
/// let net = cnn::init_cnn(4, 2, 3, &mut rand::rngs::StdRng::seed_from_u64(0));
/// let digits = cnn::predict(&net, &ndarray::Array2::zeros((300, 16)));
/// assert_eq!(digits.len(), 300);
/// ```
///
/// Hints: `cargo grader hint 33::predict`.
pub fn predict(cnn: &Cnn, x: &Array2<f32>) -> Vec<u8> {
    todo!()
}

/// The fraction of `predicted` equal to `labels` (given complete: chapter 31's).
///
/// ```
/// assert_eq!(cnn::accuracy(&[1, 2, 3, 4], &[1, 2, 0, 4]).unwrap(), 0.75);
/// ```
///
/// # Errors
/// [`CnnError::Shape`] when the lengths differ or are 0.
pub fn accuracy(predicted: &[u8], labels: &[u8]) -> Result<f64, CnnError> {
    if predicted.len() != labels.len() || labels.is_empty() {
        return Err(CnnError::Shape {
            what: "predicted",
            expected: vec![labels.len()],
            got: vec![predicted.len()],
        });
    }
    let right = predicted.iter().zip(labels).filter(|(p, l)| p == l).count();
    Ok(right as f64 / labels.len() as f64)
}

/// Train a CNN with `cfg.filters` filters on (the first `cfg.train_limit` images of)
/// `data.train` with minibatch Adam, in f32, exactly as chapter 31's `train`:
///
/// 1. Pixels / 255 for both splits; a `StdRng` seeded with `cfg.seed`;
///    `init_cnn(28, cfg.filters, 10, rng)`.
/// 2. One [`Workspace`] of `cfg.batch_size` images, one [`AdamState`], a batch buffer for
///    images and one for labels, the index order `0..n` — allocated once.
/// 3. Every epoch: shuffle the order; for each batch gather its rows and labels, call
///    [`loss_and_grads`] and [`adam_update`]; record the mean loss, the training accuracy
///    seen during the epoch, the seconds, and the test accuracy ([`predict`] on
///    `data.test`).
///
/// Show an indicatif progress bar over the batches when `cfg.progress` is set and stdout
/// is a terminal.
///
/// ```no_run
/// let data = datasets::mnist::load().unwrap();
/// let (net, history) = cnn::train(&data, &cnn::TrainConfig::default()).unwrap();
/// println!("test accuracy {:.4}", history.test_accuracy.last().unwrap());
/// ```
///
/// # Errors
/// [`CnnError::Config`] for a batch size, filter count, epoch count or `train_limit` of 0.
///
/// Hints: `cargo grader hint 33::train`.
pub fn train(data: &Mnist, cfg: &TrainConfig) -> Result<(Cnn, History), CnnError> {
    todo!()
}

/// How many pixels each filter weight becomes in [`plot_filters`].
pub const FILTER_ZOOM: usize = 7;

/// Draw every learned 3 × 3 filter with `charts::image_grid`, each weight blown up to a
/// `7 × 7` block (a `21 × 21` picture), 8 per row, captioned `filter 0`, `filter 1`, ….
/// Grey levels (0 = white, 255 = black): `(w / m + 1) / 2 · 255` with `m` the filter's
/// largest `|w|`, so negative weights are light, positive dark, zero mid grey.
///
/// ```no_run
/// use rand::SeedableRng;
/// let net = cnn::init_cnn(28, 16, 10, &mut rand::rngs::StdRng::seed_from_u64(0));
/// cnn::plot_filters(&net, "plots/33/filters.png".as_ref()).unwrap();
/// ```
///
/// # Errors
/// The [`charts::ChartError`] of the drawing.
///
/// Hints: `cargo grader hint 33::plot_filters`.
pub fn plot_filters(cnn: &Cnn, path: &Path) -> Result<(), charts::ChartError> {
    todo!()
}

/// Draw one image and its feature maps with `charts::image_grid`: the input (captioned
/// `input`), then for every filter `o` its map `relu(conv)` (captioned `map o`), each
/// scaled by its own maximum to 0..=255 (an all-zero map stays white), `side × side`
/// pixels, 9 per row. `image` is one row of pixels in `[0, 1]` (`side²` values).
///
/// ```no_run
/// use rand::SeedableRng;
/// let net = cnn::init_cnn(28, 16, 10, &mut rand::rngs::StdRng::seed_from_u64(0));
/// let test = datasets::mnist::load_test().unwrap();
/// let x = test.images.row(0).mapv(|p| f32::from(p) / 255.0);
/// cnn::plot_feature_maps(&net, x.view(), "plots/33/feature_maps.png".as_ref()).unwrap();
/// ```
///
/// # Errors
/// [`charts::ChartError::Empty`] when `image` is not `side²` long; drawing errors.
///
/// Hints: `cargo grader hint 33::plot_feature_maps`.
pub fn plot_feature_maps(
    cnn: &Cnn,
    image: ArrayView1<'_, f32>,
    path: &Path,
) -> Result<(), charts::ChartError> {
    todo!()
}

/// Draw the learning curves with `charts::line_chart` (given complete: chapter 31's), epochs
/// numbered from 1: the mean training loss into `loss_path`, the training and test
/// accuracy into `accuracy_path`.
///
/// # Errors
/// The [`charts::ChartError`] of either chart (for example an empty history).
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
        "MNIST CNN: training loss",
        "epoch",
        "mean cross-entropy",
        &[by_epoch("training loss", &history.train_loss)],
    )?;
    charts::line_chart(
        accuracy_path,
        "MNIST CNN: accuracy",
        "epoch",
        "accuracy",
        &[
            by_epoch("training (during the epoch)", &history.train_accuracy),
            by_epoch("test", &history.test_accuracy),
        ],
    )
}
