//! Chapter 27: the perceptron and activation functions (roadmap W14-15 D1-2,
//! "Perceptron, Activation functions").
//!
//! Replace every `todo!()` with your code; read `README.md` beside this folder first.
//! `cargo grader check 27` runs the hidden checks, `cargo grader hint 27::NAME` gives a
//! hint for exercise NAME (ask again with `--level 2` and `--level 3` for more).
// Parameters are unused until you write the bodies.
#![allow(unused_variables, unused_mut)]

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use thiserror::Error;

/// What a perceptron learned: the hyperplane `w·x + b = 0` and how training went.
#[derive(Debug, Clone, PartialEq)]
pub struct Perceptron {
    /// One weight per feature.
    pub w: Array1<f64>,
    /// The bias (intercept).
    pub b: f64,
    /// How many passes over the data were made (the last one may be the clean pass).
    pub epochs: usize,
    /// Whether a whole pass ended without a single mistake.
    pub converged: bool,
}

/// Bad input to the perceptron functions.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PerceptronError {
    #[error("x has {rows} rows but y has {labels} labels")]
    LengthMismatch { rows: usize, labels: usize },
    #[error("w has {weights} weights but x has {cols} columns")]
    WidthMismatch { weights: usize, cols: usize },
    #[error("label y[{index}] = {value} is not -1 or +1")]
    BadLabel { index: usize, value: f64 },
    #[error("there are no examples")]
    Empty,
    #[error("w is all zeros: it defines no hyperplane")]
    ZeroWeights,
}

/// The activation functions of this chapter. `LeakyRelu` lets a small slope `alpha` through
/// for negative inputs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Activation {
    Sigmoid,
    Tanh,
    Relu,
    LeakyRelu { alpha: f64 },
}

/// The perceptron's prediction for every row of `x`: `+1.0` where `w·x + b ≥ 0`, else `-1.0`
/// (`np.where(x @ w + b >= 0, 1, -1)`).
///
/// ```
/// use ndarray::array;
/// let x = array![[2.0, 0.0], [-1.0, 0.5]];
/// let y = perceptron::predict(array![1.0, 0.0].view(), 0.0, x.view()).unwrap();
/// assert_eq!(y, array![1.0, -1.0]);
/// ```
///
/// # Errors
/// [`PerceptronError::WidthMismatch`] when `w.len() != x.ncols()`.
///
/// Hints: `cargo grader hint 27::predict`.
pub fn predict(
    w: ArrayView1<'_, f64>,
    b: f64,
    x: ArrayView2<'_, f64>,
) -> Result<Array1<f64>, PerceptronError> {
    todo!()
}

/// One step of Rosenblatt's learning rule on one example `(x, y)`, `y ∈ {−1, +1}`.
///
/// If the example is on the wrong side *or on the boundary*, `y·(w·x + b) ≤ 0`, move the
/// hyperplane towards it and return `true`:
///
/// ```text
/// w ← w + lr·y·x        b ← b + lr·y
/// ```
///
/// Otherwise change nothing and return `false`.
///
/// ```
/// use ndarray::array;
/// let (mut w, mut b) = (array![0.0, 0.0], 0.0);
/// let updated = perceptron::perceptron_step(&mut w, &mut b, array![1.0, 2.0].view(), -1.0, 0.5);
/// assert!(updated);
/// assert_eq!((w, b), (array![-0.5, -1.0], -0.5));
/// ```
///
/// # Panics
/// If `w.len() != x.len()`.
///
/// Hints: `cargo grader hint 27::perceptron_step`.
pub fn perceptron_step(
    w: &mut Array1<f64>,
    b: &mut f64,
    x: ArrayView1<'_, f64>,
    y: f64,
    lr: f64,
) -> bool {
    todo!()
}

/// Train a perceptron from zero weights: pass over the rows of `x` in order, applying
/// [`perceptron_step`] to each, until a whole pass makes no mistake (`converged = true`)
/// or `max_epochs` passes are done (`converged = false`). `epochs` counts the passes made,
/// including the clean one.
///
/// If the classes are linearly separable with margin γ and every `‖xᵢ‖ ≤ R`, the rule
/// stops after at most `(R/γ)²` mistakes (Novikoff's theorem); on XOR it never stops.
///
/// ```
/// use ndarray::array;
/// let x = array![[2.0, 1.0], [1.0, 3.0], [-1.0, -2.0], [-2.0, -1.0]];
/// let y = array![1.0, 1.0, -1.0, -1.0];
/// let p = perceptron::train_perceptron(x.view(), y.view(), 1.0, 100).unwrap();
/// assert!(p.converged);
/// ```
///
/// # Errors
/// [`PerceptronError::Empty`] for no rows, [`PerceptronError::LengthMismatch`] when `y`
/// does not have one label per row, [`PerceptronError::BadLabel`] for a label other than
/// `±1`.
///
/// Hints: `cargo grader hint 27::train_perceptron`.
pub fn train_perceptron(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, f64>,
    lr: f64,
    max_epochs: usize,
) -> Result<Perceptron, PerceptronError> {
    todo!()
}

/// The geometric margin of the hyperplane `(w, b)` on labelled data: the smallest signed
/// distance `yᵢ·(w·xᵢ + b) / ‖w‖`. Positive means every point is on its own side, and it
/// is how far the closest one is from the boundary; negative means some point is wrong.
///
/// ```
/// use ndarray::array;
/// let x = array![[3.0, 0.0], [-1.0, 5.0]];
/// let m = perceptron::margin(array![2.0, 0.0].view(), 0.0, x.view(), array![1.0, -1.0].view());
/// assert_eq!(m.unwrap(), 1.0);
/// ```
///
/// # Errors
/// [`PerceptronError::Empty`], [`PerceptronError::LengthMismatch`],
/// [`PerceptronError::WidthMismatch`], and [`PerceptronError::ZeroWeights`] when `‖w‖ = 0`.
///
/// Hints: `cargo grader hint 27::margin`.
pub fn margin(
    w: ArrayView1<'_, f64>,
    b: f64,
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, f64>,
) -> Result<f64, PerceptronError> {
    todo!()
}

/// Apply an activation element-wise:
///
/// | activation | f(z) |
/// |---|---|
/// | `Sigmoid` | `1 / (1 + e^(−z))` |
/// | `Tanh` | `(e^z − e^(−z)) / (e^z + e^(−z))` |
/// | `Relu` | `max(0, z)` |
/// | `LeakyRelu { alpha }` | `z` if `z > 0`, else `alpha·z` |
///
/// Inputs as large as ±1000 must give finite results (no `inf / inf = NaN`).
///
/// ```
/// use ndarray::array;
/// use perceptron::{activate, Activation};
/// let z = array![[-2.0, 0.0, 3.0]];
/// assert_eq!(activate(Activation::Relu, &z), array![[0.0, 0.0, 3.0]]);
/// assert_eq!(activate(Activation::Sigmoid, &z)[[0, 1]], 0.5);
/// ```
///
/// Hints: `cargo grader hint 27::activate`.
pub fn activate(act: Activation, z: &Array2<f64>) -> Array2<f64> {
    todo!()
}

/// The derivative `f'(z)` of an activation, element-wise:
///
/// | activation | f'(z) |
/// |---|---|
/// | `Sigmoid` | `σ(z)·(1 − σ(z))` |
/// | `Tanh` | `1 − tanh²(z)` |
/// | `Relu` | `1` if `z > 0`, else `0` (we take `0` at the kink `z = 0`) |
/// | `LeakyRelu { alpha }` | `1` if `z > 0`, else `alpha` |
///
/// ```
/// use ndarray::array;
/// use perceptron::{activate_prime, Activation};
/// let z = array![[0.0, 2.0]];
/// assert_eq!(activate_prime(Activation::Sigmoid, &z)[[0, 0]], 0.25);
/// assert_eq!(activate_prime(Activation::Relu, &z), array![[0.0, 1.0]]);
/// ```
///
/// Hints: `cargo grader hint 27::activate_prime`.
pub fn activate_prime(act: Activation, z: &Array2<f64>) -> Array2<f64> {
    todo!()
}

/// Softmax of every row: `pᵢⱼ = e^(zᵢⱼ) / Σₖ e^(zᵢₖ)`. Each row becomes a probability
/// distribution (non-negative, sums to 1).
///
/// Subtract each row's maximum first: softmax does not change when a constant is added
/// to a row, and it keeps `e^z` from overflowing, so rows like `[1000, -1000]` work.
///
/// ```
/// use ndarray::array;
/// let p = perceptron::softmax(&array![[0.0, 0.0], [1000.0, 1000.0]]);
/// assert_eq!(p, array![[0.5, 0.5], [0.5, 0.5]]);
/// ```
///
/// Hints: `cargo grader hint 27::softmax`.
pub fn softmax(z: &Array2<f64>) -> Array2<f64> {
    todo!()
}

/// The Jacobian of softmax for one input vector `z` of length `k`: the `k × k` matrix
/// `J[i, j] = ∂pᵢ/∂zⱼ = pᵢ·(δᵢⱼ − pⱼ)`, that is `diag(p) − p pᵀ`.
///
/// ```
/// use ndarray::array;
/// let j = perceptron::softmax_jacobian(&array![0.0, 0.0]);
/// assert_eq!(j, array![[0.25, -0.25], [-0.25, 0.25]]);
/// ```
///
/// Hints: `cargo grader hint 27::softmax_jacobian`.
pub fn softmax_jacobian(z: &Array1<f64>) -> Array2<f64> {
    todo!()
}
