//! Chapter 09: calculus (roadmap W8 D1-2, D3-4, D5-6, D7: derivatives, partial derivatives,
//! gradients and the chain rule, gradient descent).
//!
//! Replace every `todo!()` with your code; read `README.md` beside this folder first.
//! `cargo grader check 09` runs the hidden checks, `cargo grader hint 09::NAME` gives a
//! hint for exercise NAME (ask again with `--level 2` and `--level 3` for more).
// Parameters are unused until you write the bodies.
#![allow(unused_variables, unused_mut)]

use std::ops::{Add, Div, Mul, Sub};
use std::path::Path;

use ndarray::Array1;
// For `plot_descent` (ChartBuilder, Circle, LineSeries, RED, …); unused until you write it.
#[allow(unused_imports)]
use plotters::prelude::*;

/// What can go wrong in this chapter's functions.
#[derive(Debug, thiserror::Error)]
pub enum CalcError {
    /// A finite-difference step must be a positive, finite number.
    #[error("step h = {0} must be positive and finite")]
    InvalidStep(f64),
    /// A coordinate index past the end of the point.
    #[error("index {index} is out of range for a point with {len} coordinates")]
    IndexOutOfRange { index: usize, len: usize },
    /// A learning rate must be a positive, finite number.
    #[error("learning rate {0} must be positive and finite")]
    InvalidLearningRate(f64),
    /// Nothing to draw.
    #[error("the descent path is empty")]
    EmptyPath,
    /// A 2-D plot needs 2-D points.
    #[error("point {index} of the path has {len} coordinates, expected 2")]
    NotTwoDimensional { index: usize, len: usize },
    /// Drawing or writing the picture failed.
    #[error(transparent)]
    Plot(#[from] charts::ChartError),
}

/// The forward difference `(f(x + h) − f(x)) / h`, an estimate of `f′(x)` whose error
/// shrinks in proportion to `h` (first order: halving `h` halves the error).
///
/// # Errors
/// [`CalcError::InvalidStep`] when `h` is not positive and finite.
///
/// ```
/// let d = calculus::forward_difference(|x| x * x, 3.0, 1e-3).unwrap();
/// assert!((d - 6.0).abs() < 1.1e-3); // the exact error is h = 1e-3
/// ```
///
/// Hints: `cargo grader hint 09::forward_difference`.
pub fn forward_difference(f: impl Fn(f64) -> f64, x: f64, h: f64) -> Result<f64, CalcError> {
    todo!()
}

/// The central difference `(f(x + h) − f(x − h)) / (2h)`: its error shrinks in proportion
/// to `h²` (second order: halving `h` quarters the error), for the same two evaluations.
///
/// # Errors
/// [`CalcError::InvalidStep`] when `h` is not positive and finite.
///
/// ```
/// let d = calculus::central_difference(|x| x * x, 3.0, 1e-3).unwrap();
/// assert!((d - 6.0).abs() < 1e-9); // exact for a parabola, up to rounding
/// ```
///
/// Hints: `cargo grader hint 09::central_difference`.
pub fn central_difference(f: impl Fn(f64) -> f64, x: f64, h: f64) -> Result<f64, CalcError> {
    todo!()
}

/// The second derivative by the central formula `(f(x + h) − 2 f(x) + f(x − h)) / h²`
/// (error proportional to `h²`; rounding grows like `ε/h²`, so `h ≈ 1e-4` is a good step).
///
/// # Errors
/// [`CalcError::InvalidStep`] when `h` is not positive and finite.
///
/// ```
/// let d2 = calculus::second_difference(|x| x * x * x, 2.0, 1e-4).unwrap();
/// assert!((d2 - 12.0).abs() < 1e-5);
/// ```
///
/// Hints: `cargo grader hint 09::second_difference`.
pub fn second_difference(f: impl Fn(f64) -> f64, x: f64, h: f64) -> Result<f64, CalcError> {
    todo!()
}

/// The partial derivative `∂f/∂xᵢ` of `f: ℝⁿ → ℝ` at `x` by a central difference: move
/// only coordinate `i` by `±h`, keep the others fixed.
///
/// # Errors
/// [`CalcError::InvalidStep`]; [`CalcError::IndexOutOfRange`] when `i ≥ x.len()`.
///
/// ```
/// use ndarray::array;
/// // f(x, y) = x²·y, ∂f/∂y = x² = 4 at (2, 5).
/// let d = calculus::partial_derivative(|p| p[0] * p[0] * p[1], &array![2.0, 5.0], 1, 1e-5).unwrap();
/// assert!((d - 4.0).abs() < 1e-8);
/// ```
///
/// Hints: `cargo grader hint 09::partial_derivative`.
pub fn partial_derivative(
    f: impl Fn(&Array1<f64>) -> f64,
    x: &Array1<f64>,
    i: usize,
    h: f64,
) -> Result<f64, CalcError> {
    todo!()
}

/// The gradient `∇f(x) = (∂f/∂x₀, …, ∂f/∂xₙ₋₁)` by central differences: the direction in
/// which `f` grows fastest. Costs `2n` evaluations of `f`.
///
/// # Errors
/// [`CalcError::InvalidStep`].
///
/// ```
/// use ndarray::array;
/// // f(x, y) = x² + 3y, ∇f = (2x, 3).
/// let g = calculus::gradient(|p| p[0] * p[0] + 3.0 * p[1], &array![1.0, 7.0], 1e-5).unwrap();
/// assert!((g[0] - 2.0).abs() < 1e-8 && (g[1] - 3.0).abs() < 1e-8);
/// ```
///
/// Hints: `cargo grader hint 09::gradient`.
pub fn gradient(
    f: impl Fn(&Array1<f64>) -> f64,
    x: &Array1<f64>,
    h: f64,
) -> Result<Array1<f64>, CalcError> {
    todo!()
}

/// A dual number `re + eps·ε` with `ε² = 0`: carrying a value and its derivative together.
/// Evaluating `f(x + 1·ε)` gives `f(x) + f′(x)·ε` — forward-mode automatic differentiation,
/// exact up to rounding (no step `h`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dual {
    /// The value.
    pub re: f64,
    /// The derivative carried along.
    pub eps: f64,
}

impl Dual {
    /// A constant: its derivative is 0.
    pub fn constant(c: f64) -> Self {
        Dual { re: c, eps: 0.0 }
    }

    /// The variable we differentiate by: `x + 1·ε` (dx/dx = 1).
    pub fn variable(x: f64) -> Self {
        Dual { re: x, eps: 1.0 }
    }

    /// `sin(u)`, with derivative `cos(u)·u′` (the chain rule).
    ///
    /// ```
    /// let y = calculus::Dual::variable(0.0).sin();
    /// assert_eq!((y.re, y.eps), (0.0, 1.0));
    /// ```
    ///
    /// Hints: `cargo grader hint 09::dual_functions`.
    pub fn sin(self) -> Dual {
        todo!()
    }

    /// `cos(u)`, with derivative `−sin(u)·u′`.
    ///
    /// ```
    /// let y = calculus::Dual::variable(0.0).cos();
    /// assert_eq!((y.re, y.eps), (1.0, 0.0));
    /// ```
    ///
    /// Hints: `cargo grader hint 09::dual_functions`.
    pub fn cos(self) -> Dual {
        todo!()
    }

    /// `exp(u)`, with derivative `exp(u)·u′`.
    ///
    /// ```
    /// let y = calculus::Dual::variable(0.0).exp();
    /// assert_eq!((y.re, y.eps), (1.0, 1.0));
    /// ```
    ///
    /// Hints: `cargo grader hint 09::dual_functions`.
    pub fn exp(self) -> Dual {
        todo!()
    }

    /// `ln(u)`, with derivative `u′/u`. Like `f64::ln`, a non-positive `u` gives NaN or −∞.
    ///
    /// ```
    /// let y = calculus::Dual::variable(2.0).ln();
    /// assert_eq!(y.eps, 0.5);
    /// ```
    ///
    /// Hints: `cargo grader hint 09::dual_functions`.
    pub fn ln(self) -> Dual {
        todo!()
    }
}

/// `(u + v)′ = u′ + v′`.
///
/// ```
/// use calculus::Dual;
/// let s = Dual { re: 1.0, eps: 2.0 } + Dual { re: 3.0, eps: 4.0 };
/// assert_eq!(s, Dual { re: 4.0, eps: 6.0 });
/// ```
///
/// Hints: `cargo grader hint 09::dual_arithmetic`.
impl Add for Dual {
    type Output = Dual;
    fn add(self, rhs: Dual) -> Dual {
        todo!()
    }
}

/// `(u − v)′ = u′ − v′`.
///
/// Hints: `cargo grader hint 09::dual_arithmetic`.
impl Sub for Dual {
    type Output = Dual;
    fn sub(self, rhs: Dual) -> Dual {
        todo!()
    }
}

/// The product rule `(u·v)′ = u′·v + u·v′` (because `ε² = 0`).
///
/// ```
/// use calculus::Dual;
/// let x = Dual::variable(3.0);
/// assert_eq!(x * x, Dual { re: 9.0, eps: 6.0 });
/// ```
///
/// Hints: `cargo grader hint 09::dual_arithmetic`.
impl Mul for Dual {
    type Output = Dual;
    fn mul(self, rhs: Dual) -> Dual {
        todo!()
    }
}

/// The quotient rule `(u/v)′ = (u′·v − u·v′) / v²`. Like `f64`, dividing by a zero value
/// gives infinities or NaN.
///
/// Hints: `cargo grader hint 09::dual_arithmetic`.
impl Div for Dual {
    type Output = Dual;
    fn div(self, rhs: Dual) -> Dual {
        todo!()
    }
}

/// `f′(x)`, exactly (up to rounding), by evaluating `f` once on the dual number
/// `x + 1·ε` and reading off the `ε` part.
///
/// ```
/// use calculus::Dual;
/// // f(x) = x·sin(x), f′(x) = sin(x) + x·cos(x).
/// let d = calculus::derivative_dual(|x| x * x.sin(), 2.0);
/// assert!((d - (2f64.sin() + 2.0 * 2f64.cos())).abs() < 1e-15);
/// ```
///
/// Hints: `cargo grader hint 09::derivative_dual`.
pub fn derivative_dual(f: impl Fn(Dual) -> Dual, x: f64) -> f64 {
    todo!()
}

/// The gradient of `f: ℝⁿ → ℝ` with dual numbers: one evaluation per coordinate `i`, with
/// `xᵢ` as the variable (`eps = 1`) and every other coordinate a constant (`eps = 0`).
///
/// ```
/// use calculus::Dual;
/// // f(x, y) = x·y + exp(x), ∇f = (y + eˣ, x).
/// let g = calculus::gradient_dual(|p| p[0] * p[1] + p[0].exp(), &[0.0, 5.0]);
/// assert_eq!(g, vec![6.0, 0.0]);
/// ```
///
/// Hints: `cargo grader hint 09::gradient_dual`.
pub fn gradient_dual(f: impl Fn(&[Dual]) -> Dual, x: &[f64]) -> Vec<f64> {
    todo!()
}

/// The Rosenbrock "banana" function `f(x, y) = (1 − x)² + 100·(y − x²)²`, a classic test
/// of optimisers: its minimum 0 at `(1, 1)` lies at the bottom of a long, curved, nearly
/// flat valley.
///
/// # Panics
/// If `p` does not have exactly two coordinates.
///
/// ```
/// assert_eq!(calculus::rosenbrock(&ndarray::array![1.0, 1.0]), 0.0);
/// assert_eq!(calculus::rosenbrock(&ndarray::array![0.0, 0.0]), 1.0);
/// ```
///
/// Hints: `cargo grader hint 09::rosenbrock`.
pub fn rosenbrock(p: &Array1<f64>) -> f64 {
    todo!()
}

/// The exact gradient of [`rosenbrock`], by hand with the chain rule:
/// `∂f/∂x = −2(1 − x) − 400·x·(y − x²)`, `∂f/∂y = 200·(y − x²)`.
///
/// # Panics
/// If `p` does not have exactly two coordinates.
///
/// ```
/// let g = calculus::rosenbrock_gradient(&ndarray::array![0.0, 0.0]);
/// assert_eq!(g, ndarray::array![-2.0, 0.0]);
/// ```
///
/// Hints: `cargo grader hint 09::rosenbrock_gradient`.
pub fn rosenbrock_gradient(p: &Array1<f64>) -> Array1<f64> {
    todo!()
}

/// The settings of [`gradient_descent`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GdConfig {
    /// The step size η in `x ← x − η·∇f(x)`.
    pub learning_rate: f64,
    /// At most this many updates.
    pub max_iter: usize,
    /// Stop (converged) when `‖∇f(x)‖₂ ≤ tol`.
    pub tol: f64,
    /// Stop (diverged) when some `|xᵢ|` exceeds this, or stops being finite.
    pub divergence_limit: f64,
}

impl GdConfig {
    /// `learning_rate` with 10 000 iterations, `tol = 1e-8` and a divergence limit of 1e8.
    pub fn new(learning_rate: f64) -> Self {
        GdConfig {
            learning_rate,
            max_iter: 10_000,
            tol: 1e-8,
            divergence_limit: 1e8,
        }
    }
}

/// How a run of gradient descent ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GdStatus {
    /// The gradient became smaller than `tol`.
    Converged,
    /// `max_iter` updates were not enough (the learning rate may be too small).
    MaxIterations,
    /// The iterate blew up (the learning rate is too large).
    Diverged,
}

/// The result of [`gradient_descent`]: the last point, every point visited, the number of
/// updates made and how it ended.
#[derive(Debug, Clone, PartialEq)]
pub struct GdRun {
    /// The last point (`path.last()`).
    pub x: Array1<f64>,
    /// `x₀, x₁, …`: the start and the point after every update, so
    /// `path.len() == iterations + 1`.
    pub path: Vec<Array1<f64>>,
    /// The number of updates made.
    pub iterations: usize,
    pub status: GdStatus,
}

/// Gradient descent: repeat `x ← x − η·∇f(x)` from `x0`. Before each update, stop with
/// [`GdStatus::Converged`] if `‖∇f(x)‖₂ ≤ tol`; after each update, stop with
/// [`GdStatus::Diverged`] if some `xᵢ` is not finite or `|xᵢ| > divergence_limit`; after
/// `max_iter` updates, stop with [`GdStatus::MaxIterations`]. Divergence is an outcome, not
/// an error: the run reports it instead of returning NaNs.
///
/// # Errors
/// [`CalcError::InvalidLearningRate`] when `η` is not positive and finite.
///
/// ```
/// use calculus::{gradient_descent, GdConfig, GdStatus};
/// use ndarray::array;
/// // f(x) = (x − 3)², ∇f = 2(x − 3): with η = 0.25 each step halves the distance to 3.
/// let run = gradient_descent(|x| 2.0 * (x - 3.0), &array![0.0], &GdConfig::new(0.25)).unwrap();
/// assert_eq!(run.status, GdStatus::Converged);
/// assert_eq!(run.path[1], array![1.5]);
/// assert!((run.x[0] - 3.0).abs() < 1e-8);
/// ```
///
/// Hints: `cargo grader hint 09::gradient_descent`.
pub fn gradient_descent(
    grad: impl Fn(&Array1<f64>) -> Array1<f64>,
    x0: &Array1<f64>,
    config: &GdConfig,
) -> Result<GdRun, CalcError> {
    todo!()
}

/// Draw the descent `path` of a 2-D function over contour lines of `f`, into `out` (PNG or
/// SVG by its extension) of `size` pixels, with `charts::with_canvas`.
///
/// Contour lines without a contour routine: evaluate `f` on a fine grid over `x_range` ×
/// `y_range`, cut `ln(1 + f − f_min)` into about 20 equal bands, and put a dot wherever a
/// grid cell's band differs from its right or upper neighbour's. Then draw the path as a
/// line with its start and end marked. Use `charts::FONT` for any text.
///
/// # Errors
/// [`CalcError::EmptyPath`]; [`CalcError::NotTwoDimensional`] for a point that is not 2-D;
/// [`CalcError::Plot`] when drawing or writing fails.
///
/// ```no_run
/// use ndarray::array;
/// let path = vec![array![-1.0, 1.5], array![0.0, 0.5], array![1.0, 1.0]];
/// calculus::plot_descent(
///     |x, y| calculus::rosenbrock(&array![x, y]),
///     &path, (-2.0, 2.0), (-1.0, 3.0),
///     std::path::Path::new("plots/09/descent.png"), (640, 480),
/// ).unwrap();
/// ```
///
/// Hints: `cargo grader hint 09::plot_descent`.
pub fn plot_descent(
    f: impl Fn(f64, f64) -> f64,
    path: &[Array1<f64>],
    x_range: (f64, f64),
    y_range: (f64, f64),
    out: &Path,
    size: (u32, u32),
) -> Result<(), CalcError> {
    todo!()
}
