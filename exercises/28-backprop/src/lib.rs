//! Chapter 28: forward propagation and backpropagation (roadmap W14-15 D3-4,
//! "Forward propagation, Backpropagation").
//!
//! Replace every `todo!()` with your code; read `README.md` beside this folder first.
//! `cargo grader check 28` runs the hidden checks, `cargo grader hint 28::NAME` gives a
//! hint for exercise NAME (ask again with `--level 2` and `--level 3` for more).
// Parameters are unused until you write the bodies.
#![allow(unused_variables, unused_mut)]

use ndarray::{Array1, Array2};
use thiserror::Error;

/// The floor of the denominator in [`relative_error`]: below it, two numbers are compared
/// on their absolute difference (both are rounding noise around zero).
pub const TINY: f64 = 1e-8;

/// Inputs that do not fit together.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ShapeError {
    #[error("{what}: expected shape {expected:?}, got {got:?}")]
    Mismatch {
        what: &'static str,
        expected: Vec<usize>,
        got: Vec<usize>,
    },
    #[error("label {label} in row {row} is not a class index below {classes}")]
    BadLabel {
        row: usize,
        label: usize,
        classes: usize,
    },
}

impl ShapeError {
    /// A [`ShapeError::Mismatch`]: `what` should have had shape `expected`.
    pub fn mismatch(what: &'static str, expected: &[usize], got: &[usize]) -> Self {
        ShapeError::Mismatch {
            what,
            expected: expected.to_vec(),
            got: got.to_vec(),
        }
    }
}

/// The gradients of a dense layer `Y = XW + b` with respect to its input and parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct DenseGrads {
    /// `∂L/∂X`, shape `n × d_in`.
    pub dx: Array2<f64>,
    /// `∂L/∂W`, shape `d_in × d_out`.
    pub dw: Array2<f64>,
    /// `∂L/∂b`, length `d_out`.
    pub db: Array1<f64>,
}

/// A two-layer network: `logits = relu(X W1 + b1) W2 + b2`.
#[derive(Debug, Clone, PartialEq)]
pub struct TwoLayerNet {
    /// `d_in × hidden`.
    pub w1: Array2<f64>,
    /// `hidden`.
    pub b1: Array1<f64>,
    /// `hidden × classes`.
    pub w2: Array2<f64>,
    /// `classes`.
    pub b2: Array1<f64>,
}

/// The gradient of the loss with respect to every parameter of a [`TwoLayerNet`], each
/// with the shape of its parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Gradients {
    pub w1: Array2<f64>,
    pub b1: Array1<f64>,
    pub w2: Array2<f64>,
    pub b2: Array1<f64>,
}

/// The forward pass of a dense (fully connected) layer: `Y = X W + b` for a batch `X` of
/// `n` rows (`X @ W + b` in NumPy, `b` broadcast over the rows).
///
/// ```
/// use ndarray::array;
/// let y = backprop::dense_forward(&array![[1.0, 2.0]], &array![[1.0], [10.0]], &array![0.5]);
/// assert_eq!(y.unwrap(), array![[21.5]]);
/// ```
///
/// # Errors
/// [`ShapeError::Mismatch`] when `x.ncols() != w.nrows()` or `b.len() != w.ncols()`.
///
/// Hints: `cargo grader hint 28::dense_forward`.
pub fn dense_forward(
    x: &Array2<f64>,
    w: &Array2<f64>,
    b: &Array1<f64>,
) -> Result<Array2<f64>, ShapeError> {
    todo!()
}

/// The backward pass of a dense layer. Given `dY = ∂L/∂Y` (same shape as `Y`):
///
/// ```text
/// dX = dY Wᵀ        dW = Xᵀ dY        db = Σ over rows of dY
/// ```
///
/// Each is the chain rule for `Yᵢⱼ = Σₖ Xᵢₖ Wₖⱼ + bⱼ`, summed over everything that
/// depends on the entry.
///
/// ```
/// use ndarray::array;
/// let g = backprop::dense_backward(&array![[1.0, 2.0]], &array![[3.0], [4.0]], &array![[1.0]]).unwrap();
/// assert_eq!(g.dx, array![[3.0, 4.0]]);
/// assert_eq!(g.dw, array![[1.0], [2.0]]);
/// assert_eq!(g.db, array![1.0]);
/// ```
///
/// # Errors
/// [`ShapeError::Mismatch`] when `x.ncols() != w.nrows()` or `dy` is not `n × d_out`.
///
/// Hints: `cargo grader hint 28::dense_backward`.
pub fn dense_backward(
    x: &Array2<f64>,
    w: &Array2<f64>,
    dy: &Array2<f64>,
) -> Result<DenseGrads, ShapeError> {
    todo!()
}

/// ReLU, element-wise: `max(0, z)`.
///
/// ```
/// use ndarray::array;
/// assert_eq!(backprop::relu_forward(&array![[-1.0, 2.0]]), array![[0.0, 2.0]]);
/// ```
///
/// Hints: `cargo grader hint 28::relu_forward`.
pub fn relu_forward(z: &Array2<f64>) -> Array2<f64> {
    todo!()
}

/// The backward pass of ReLU: `dZ = dA ⊙ [Z > 0]`: the gradient flows through where the
/// unit was active and stops where it was not (and at exactly 0).
///
/// ```
/// use ndarray::array;
/// let dz = backprop::relu_backward(&array![[-1.0, 2.0]], &array![[5.0, 7.0]]).unwrap();
/// assert_eq!(dz, array![[0.0, 7.0]]);
/// ```
///
/// # Errors
/// [`ShapeError::Mismatch`] when `da` and `z` differ in shape.
///
/// Hints: `cargo grader hint 28::relu_backward`.
pub fn relu_backward(z: &Array2<f64>, da: &Array2<f64>) -> Result<Array2<f64>, ShapeError> {
    todo!()
}

/// The mean softmax cross-entropy of a batch and its gradient with respect to the logits.
///
/// With `p = softmax(logits)` row by row and `labels[i]` the true class of row `i`:
///
/// ```text
/// L = −(1/n) Σᵢ log p[i, labels[i]]        ∂L/∂logits = (p − Y) / n
/// ```
///
/// where `Y` is the one-hot matrix of the labels. Compute `log p` as
/// `z − max − log Σ e^(z − max)` so that logits of ±1000 give finite numbers.
///
/// ```
/// use ndarray::array;
/// let (loss, grad) = backprop::softmax_cross_entropy(&array![[0.0, 0.0]], &[1]).unwrap();
/// assert!((loss - 2f64.ln()).abs() < 1e-12);
/// assert_eq!(grad, array![[0.5, -0.5]]);
/// ```
///
/// # Errors
/// [`ShapeError::Mismatch`] when there is not one label per row, [`ShapeError::BadLabel`]
/// for a label `≥` the number of columns.
///
/// Hints: `cargo grader hint 28::softmax_cross_entropy`.
pub fn softmax_cross_entropy(
    logits: &Array2<f64>,
    labels: &[usize],
) -> Result<(f64, Array2<f64>), ShapeError> {
    todo!()
}

/// The logits of a [`TwoLayerNet`] for a batch: `relu(X W1 + b1) W2 + b2`.
///
/// ```
/// use ndarray::array;
/// let net = backprop::TwoLayerNet {
///     w1: array![[1.0, -1.0]], b1: array![0.0, 0.0],
///     w2: array![[2.0], [3.0]], b2: array![1.0],
/// };
/// assert_eq!(backprop::forward(&net, &array![[2.0]]).unwrap(), array![[5.0]]);
/// ```
///
/// # Errors
/// [`ShapeError::Mismatch`] when the input or the parameters do not fit together.
///
/// Hints: `cargo grader hint 28::forward`.
pub fn forward(net: &TwoLayerNet, x: &Array2<f64>) -> Result<Array2<f64>, ShapeError> {
    todo!()
}

/// The full backward pass of a [`TwoLayerNet`] with a softmax cross-entropy loss: the
/// loss of the batch and the gradient of every parameter.
///
/// Keep the forward values you need (`Z1 = X W1 + b1`, `H = relu(Z1)`, the logits), then
/// walk back: loss gradient → dense 2 → ReLU → dense 1.
///
/// ```
/// use ndarray::array;
/// let net = backprop::TwoLayerNet {
///     w1: array![[1.0, -1.0]], b1: array![0.0, 0.0],
///     w2: array![[1.0, 0.0], [0.0, 1.0]], b2: array![0.0, 0.0],
/// };
/// let (loss, g) = backprop::backward(&net, &array![[1.0]], &[0]).unwrap();
/// assert!(loss > 0.0);
/// assert_eq!(g.w1.dim(), (1, 2));
/// ```
///
/// # Errors
/// The [`ShapeError`] of any layer, or of the labels.
///
/// Hints: `cargo grader hint 28::backward`.
pub fn backward(
    net: &TwoLayerNet,
    x: &Array2<f64>,
    labels: &[usize],
) -> Result<(f64, Gradients), ShapeError> {
    todo!()
}

/// The relative error of two numbers, `|a − b| / max(|a|, |b|, TINY)`: symmetric, 0 for
/// equal numbers, about `10^−k` when they agree to `k` significant digits.
///
/// ```
/// assert_eq!(backprop::relative_error(1.0, 1.0), 0.0);
/// assert!((backprop::relative_error(1.0, 1.1) - 0.1 / 1.1).abs() < 1e-15);
/// assert_eq!(backprop::relative_error(0.0, 0.0), 0.0);
/// ```
///
/// Hints: `cargo grader hint 28::relative_error`.
pub fn relative_error(a: f64, b: f64) -> f64 {
    todo!()
}

/// The gradient of a scalar function `f` at `x` by central differences, entry by entry:
///
/// ```text
/// ∂f/∂xᵢⱼ ≈ (f(x + h·eᵢⱼ) − f(x − h·eᵢⱼ)) / 2h
/// ```
///
/// Its error is O(h²); in f64, `h = 1e-5` balances that against rounding.
///
/// ```
/// use ndarray::array;
/// let x = array![[1.0, 2.0]];
/// let g = backprop::numerical_gradient(|x| x.iter().map(|v| v * v).sum(), &x, 1e-5);
/// assert!((g[[0, 1]] - 4.0).abs() < 1e-8);
/// ```
///
/// Hints: `cargo grader hint 28::numerical_gradient`.
pub fn numerical_gradient<F>(mut f: F, x: &Array2<f64>, h: f64) -> Array2<f64>
where
    F: FnMut(&Array2<f64>) -> f64,
{
    todo!()
}

/// Check an analytic gradient: the worst [`relative_error`] between `analytic` and the
/// [`numerical_gradient`] of `f` at `x` with step `h`. Below about 1e-7 the analytic
/// gradient is right; around 1e-2 or more it has a bug.
///
/// ```
/// use ndarray::array;
/// let x = array![[1.0, -2.0]];
/// let f = |x: &ndarray::Array2<f64>| x.iter().map(|v| v * v).sum::<f64>();
/// let err = backprop::gradient_check(f, &x, &(2.0 * &x), 1e-5).unwrap();
/// assert!(err < 1e-8);
/// ```
///
/// # Errors
/// [`ShapeError::Mismatch`] when `analytic` and `x` differ in shape.
///
/// Hints: `cargo grader hint 28::gradient_check`.
pub fn gradient_check<F>(
    f: F,
    x: &Array2<f64>,
    analytic: &Array2<f64>,
    h: f64,
) -> Result<f64, ShapeError>
where
    F: FnMut(&Array2<f64>) -> f64,
{
    todo!()
}
