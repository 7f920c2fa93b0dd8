//! Chapter 15: support vector machines (roadmap W9-10 D10-11, "Support Vector Machines").
//!
//! Replace every `todo!()` with your code; read `README.md` beside this folder first.
//! `cargo grader check 15` runs the hidden checks, `cargo grader hint 15::NAME` gives a
//! hint for exercise NAME (ask again with `--level 2` and `--level 3` for more).
// Parameters are unused until you write the bodies.
#![allow(unused_variables, unused_mut)]

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

/// What can go wrong when fitting or scoring.
#[derive(Debug, thiserror::Error)]
pub enum SvmError {
    /// No rows where some are needed.
    #[error("empty data: {0}")]
    Empty(&'static str),
    /// Two inputs disagree on the number of rows.
    #[error("{left} rows against {right} labels")]
    RowMismatch { left: usize, right: usize },
    /// Weights or rows of the wrong width.
    #[error("expected {expected} features, got {got}")]
    ColumnMismatch { expected: usize, got: usize },
    /// A label other than −1.0 or +1.0.
    #[error("label {label} at row {row} is not -1 or +1")]
    BadLabel { row: usize, label: f64 },
    /// A hyperparameter out of range.
    #[error("bad parameter: {0}")]
    BadParam(String),
    /// The data set could not be read.
    #[error(transparent)]
    Data(#[from] datasets::Error),
}

/// A kernel: a similarity `k(a, b)` that is an inner product in some feature space.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kernel {
    /// `k(a, b) = a · b`
    Linear,
    /// `k(a, b) = exp(−gamma · ‖a − b‖²)`
    Rbf { gamma: f64 },
}

/// A linear SVM `f(x) = w · x + b`; predict `sign(f(x))`.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearSvm {
    pub w: Array1<f64>,
    pub b: f64,
}

/// A kernel SVM from the dual: `f(x) = Σ_i alpha_i y_i k(x_i, x) + b` over the training
/// rows `x` (labels `y`).
#[derive(Debug, Clone, PartialEq)]
pub struct KernelSvm {
    pub kernel: Kernel,
    pub x: Array2<f64>,
    pub y: Array1<f64>,
    pub alpha: Array1<f64>,
    pub b: f64,
}

/// Settings of the simplified SMO solver.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SmoParams {
    /// The box constraint: `0 ≤ alpha_i ≤ c`.
    pub c: f64,
    /// KKT tolerance: a row whose margin error `y_i f(x_i) − 1` violates the conditions by
    /// more than `tol` is worked on.
    pub tol: f64,
    /// Stop after this many consecutive passes over the data with no alpha changed.
    pub max_passes: usize,
    /// Hard limit on the number of passes.
    pub max_iter: usize,
    /// Seeds the `StdRng` that picks the partner index `j`.
    pub seed: u64,
}

/// The regularised hinge loss of a linear SVM (labels −1/+1):
///
/// ```text
/// J(w, b) = λ/2 ‖w‖² + (1/n) Σ_i max(0, 1 − y_i (w · x_i + b))
/// ```
///
/// A row with margin `y f(x) ≥ 1` costs nothing; inside the margin or misclassified it
/// costs linearly.
///
/// ```
/// use ndarray::array;
/// use svm::hinge_loss;
/// let x = array![[2.0], [0.5]];
/// let j = hinge_loss(x.view(), array![1.0, -1.0].view(), array![1.0].view(), 0.0, 0.0).unwrap();
/// assert_eq!(j, 0.75); // row 1: 0; row 2: 1 − (−1)(0.5) = 1.5; mean 0.75
/// ```
///
/// # Errors
/// `RowMismatch`, `Empty`, `BadLabel` (labels must be −1.0 or +1.0), `ColumnMismatch`.
///
/// Hints: `cargo grader hint 15::hinge_loss`.
pub fn hinge_loss(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, f64>,
    w: ArrayView1<'_, f64>,
    b: f64,
    lambda: f64,
) -> Result<f64, SvmError> {
    todo!()
}

/// A subgradient of [`hinge_loss`] with respect to `(w, b)`:
///
/// ```text
/// ∂J/∂w = λ w − (1/n) Σ_{i: y_i f(x_i) < 1} y_i x_i        ∂J/∂b = −(1/n) Σ_{i: y_i f(x_i) < 1} y_i
/// ```
///
/// At the kink (`y_i f(x_i) = 1` exactly) any value between the two sides is a valid
/// subgradient; this workbook takes the zero side: such a row contributes nothing.
///
/// ```
/// use ndarray::array;
/// use svm::hinge_subgradient;
/// let x = array![[2.0], [0.5]];
/// let (gw, gb) = hinge_subgradient(x.view(), array![1.0, -1.0].view(), array![1.0].view(), 0.0, 0.0).unwrap();
/// assert_eq!((gw[0], gb), (0.25, 0.5)); // only row 2 counts: −(−1)(0.5)/2, −(−1)/2
/// ```
///
/// # Errors
/// As [`hinge_loss`].
///
/// Hints: `cargo grader hint 15::hinge_subgradient`.
pub fn hinge_subgradient(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, f64>,
    w: ArrayView1<'_, f64>,
    b: f64,
    lambda: f64,
) -> Result<(Array1<f64>, f64), SvmError> {
    todo!()
}

/// Pegasos: stochastic subgradient descent on the primal with the step `η_t = 1/(λ t)`.
/// The bias is learned as the weight of an extra constant feature 1 (so it is regularised
/// too). Start from zero; for `t = 1 ..= epochs · n`:
///
/// ```text
/// pick i uniformly at random (StdRng::seed_from_u64(seed))
/// η = 1/(λ t)
/// if y_i (w · x_i + b) < 1:  w ← (1 − η λ) w + η y_i x_i,   b ← (1 − η λ) b + η y_i
/// else:                      w ← (1 − η λ) w,               b ← (1 − η λ) b
/// ```
///
/// ```
/// use ndarray::array;
/// use svm::pegasos;
/// let x = array![[-2.0, 0.0], [-1.5, 1.0], [2.0, 0.5], [1.5, -1.0]];
/// let y = array![-1.0, -1.0, 1.0, 1.0];
/// let m = pegasos(x.view(), y.view(), 0.01, 50, 3).unwrap();
/// assert!(m.w[0] > 0.0);
/// ```
///
/// # Errors
/// As [`hinge_loss`], plus `BadParam` when `lambda <= 0` or `epochs == 0`.
///
/// Hints: `cargo grader hint 15::pegasos`.
pub fn pegasos(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, f64>,
    lambda: f64,
    epochs: usize,
    seed: u64,
) -> Result<LinearSvm, SvmError> {
    todo!()
}

impl LinearSvm {
    /// `f(x) = w · x + b` for every row.
    ///
    /// # Errors
    /// `ColumnMismatch` when the rows are not as wide as `w`.
    ///
    /// Hints: `cargo grader hint 15::decision_function`.
    pub fn decision_function(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>, SvmError> {
        todo!()
    }
}

/// Evaluate a kernel on two vectors of the same length.
///
/// ```
/// use ndarray::array;
/// use svm::{kernel, Kernel};
/// let (a, b) = (array![1.0, 2.0], array![3.0, 0.0]);
/// assert_eq!(kernel(Kernel::Linear, a.view(), b.view()), 3.0);
/// assert_eq!(kernel(Kernel::Rbf { gamma: 0.5 }, a.view(), a.view()), 1.0);
/// ```
///
/// # Panics
/// When `a` and `b` differ in length.
///
/// Hints: `cargo grader hint 15::kernel`.
pub fn kernel(k: Kernel, a: ArrayView1<'_, f64>, b: ArrayView1<'_, f64>) -> f64 {
    todo!()
}

/// The Gram matrix `G[i][j] = k(x_i, x_j)`: n × n, symmetric, positive semi-definite for a
/// valid kernel. Compute each pair once and mirror it.
///
/// ```
/// use ndarray::array;
/// use svm::{gram_matrix, Kernel};
/// let g = gram_matrix(array![[1.0, 0.0], [0.0, 2.0]].view(), Kernel::Linear);
/// assert_eq!(g, array![[1.0, 0.0], [0.0, 4.0]]);
/// ```
///
/// Hints: `cargo grader hint 15::gram_matrix`.
pub fn gram_matrix(x: ArrayView2<'_, f64>, k: Kernel) -> Array2<f64> {
    todo!()
}

/// Simplified SMO for the soft-margin dual
///
/// ```text
/// max_α Σ α_i − ½ Σ_i Σ_j α_i α_j y_i y_j K_ij    subject to 0 ≤ α_i ≤ C, Σ α_i y_i = 0
/// ```
///
/// (the CS229 "simplified SMO"). Keep `E_i = f(x_i) − y_i`. In each pass, for every `i`
/// that violates the KKT conditions by more than `tol` (`y_i E_i < −tol` with `α_i < C`, or
/// `y_i E_i > tol` with `α_i > 0`): pick a partner `j ≠ i` at random (if that pair cannot
/// move, try the following indices in turn, wrapping around, until one can), clip the pair's new `α_j` to the
/// segment `[L, H]` allowed by the box and the equality constraint, with
/// `η = 2K_ij − K_ii − K_jj` and `α_j ← α_j − y_j (E_i − E_j)/η`; move `α_i` by the opposite
/// amount (`y_i y_j` times); update `b` from whichever of the two is strictly inside
/// `(0, C)` (else the mean of both candidates). Skip when `L = H`, `η ≥ 0`, or `α_j` moved
/// less than 1e-12 (try the next partner). Keep `f(x_i)` for every row in a cache and update
/// it after each change. Stop after `max_passes` passes in a row with no change or `max_iter`
/// passes in all.
///
/// # Errors
/// As [`hinge_loss`], plus `BadParam` for `c <= 0`, `tol <= 0`, `max_passes == 0`,
/// or fewer than 2 rows.
///
/// Hints: `cargo grader hint 15::smo`.
pub fn smo(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, f64>,
    k: Kernel,
    params: &SmoParams,
) -> Result<KernelSvm, SvmError> {
    todo!()
}

impl KernelSvm {
    /// `f(z) = Σ_i α_i y_i k(x_i, z) + b` for every row `z` (rows with `α_i = 0` add
    /// nothing and may be skipped).
    ///
    /// ```
    /// use ndarray::array;
    /// use svm::{Kernel, KernelSvm};
    /// let m = KernelSvm { kernel: Kernel::Linear, x: array![[1.0], [-1.0]], y: array![1.0, -1.0], alpha: array![0.5, 0.5], b: 0.0 };
    /// assert_eq!(m.decision_function(array![[2.0]].view()).unwrap().to_vec(), vec![2.0]);
    /// ```
    ///
    /// # Errors
    /// `ColumnMismatch` when the rows are not as wide as the training rows.
    ///
    /// Hints: `cargo grader hint 15::decision_function`.
    pub fn decision_function(&self, z: ArrayView2<'_, f64>) -> Result<Array1<f64>, SvmError> {
        todo!()
    }

    /// Indices of the support vectors: training rows with `alpha_i > eps`, ascending.
    ///
    /// ```
    /// use ndarray::array;
    /// use svm::{Kernel, KernelSvm};
    /// let m = KernelSvm { kernel: Kernel::Linear, x: array![[1.0], [0.0], [-1.0]], y: array![1.0, 1.0, -1.0], alpha: array![0.5, 1e-12, 0.5], b: 0.0 };
    /// assert_eq!(m.support_vectors(1e-8), vec![0, 2]);
    /// ```
    ///
    /// Hints: `cargo grader hint 15::support_vectors`.
    pub fn support_vectors(&self, eps: f64) -> Vec<usize> {
        todo!()
    }
}

/// Two penguin species as a binary problem: Adelie → −1.0, Chinstrap → +1.0 (Gentoo rows
/// are dropped), features `[bill_length_mm, bill_depth_mm]` of the rows where both are
/// known, each column standardised to mean 0 and (population) standard deviation 1.
///
/// # Errors
/// `Data` when the file cannot be read.
///
/// Hints: `cargo grader hint 15::load_penguin_pair`.
pub fn load_penguin_pair() -> Result<(Array2<f64>, Array1<f64>), SvmError> {
    todo!()
}
