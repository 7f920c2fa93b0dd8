//! Chapter 07: linear algebra (roadmap W6 D1-2, D3-4, D5-6, D7: vectors and matrices,
//! dot product and matrix multiplication, eigenvalues and eigenvectors, practice problems).
//!
//! Replace every `todo!()` with your code; read `README.md` beside this folder first.
//! `cargo grader check 07` runs the hidden checks, `cargo grader hint 07::NAME` gives a
//! hint for exercise NAME (ask again with `--level 2` and `--level 3` for more).
// Parameters are unused until you write the bodies.
#![allow(unused_variables, unused_mut)]

use ndarray::{Array1, Array2};

/// What can go wrong in this chapter's functions: bad shapes and matrices that have no
/// answer are refused with a typed error, never turned into NaNs.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LinalgError {
    /// Two operands whose shapes do not fit together (`(rows, cols)`; a vector of length
    /// `n` is reported as `(n, 1)`).
    #[error("{op}: shapes {left:?} and {right:?} do not fit together")]
    ShapeMismatch {
        op: &'static str,
        left: (usize, usize),
        right: (usize, usize),
    },
    /// The operation needs a square matrix.
    #[error("expected a square matrix, got {rows} × {cols}")]
    NotSquare { rows: usize, cols: usize },
    /// Elimination found no usable pivot in this column: the matrix has no inverse.
    #[error("the matrix is singular (no usable pivot in column {column})")]
    Singular { column: usize },
    /// A vector of length zero or of norm zero where a direction is needed.
    #[error("the vector is empty or zero: it has no direction")]
    ZeroVector,
    /// The operation needs a symmetric matrix.
    #[error("the matrix is not symmetric: a[{row}, {col}] ≠ a[{col}, {row}]")]
    NotSymmetric { row: usize, col: usize },
    /// More eigenpairs were asked for than the matrix has.
    #[error("asked for {k} eigenpairs of a {n} × {n} matrix")]
    TooManyEigenpairs { k: usize, n: usize },
    /// An iteration did not reach its tolerance within its budget.
    #[error("no convergence after {iterations} iterations (residual {residual:e})")]
    NotConverged { iterations: usize, residual: f64 },
}

/// Which vector norm [`vector_norm`] computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Norm {
    /// `Σ |xᵢ|` (taxicab / Manhattan length).
    L1,
    /// `√Σ xᵢ²` (Euclidean length).
    L2,
    /// `max |xᵢ|` (the largest component).
    Inf,
}

/// One eigenvalue with its unit-length eigenvector: `A v = λ v`, `‖v‖₂ = 1`.
#[derive(Debug, Clone, PartialEq)]
pub struct EigenPair {
    pub value: f64,
    pub vector: Array1<f64>,
}

/// A pivot counts as zero when `|pivot| ≤ SINGULAR_TOL · max |aᵢⱼ|`: the matrix is then
/// treated as singular. Relative to the matrix's scale, so `1e-3 · A` is as (non)singular
/// as `A`.
pub const SINGULAR_TOL: f64 = 1e-12;

/// The length of `x` in the chosen norm (`np.linalg.norm(x, ord)` with `ord` 1, 2 or
/// `np.inf`). The empty vector has norm 0.
///
/// The L2 norm must not overflow for huge components (`[1e200, 1e200]` has norm
/// `1.414e200`, although `1e200²` is infinite): scale by the largest `|xᵢ|` first.
///
/// ```
/// use linear_algebra::{vector_norm, Norm};
/// let x = ndarray::array![3.0, -4.0];
/// assert_eq!(vector_norm(&x, Norm::L1), 7.0);
/// assert_eq!(vector_norm(&x, Norm::L2), 5.0);
/// assert_eq!(vector_norm(&x, Norm::Inf), 4.0);
/// ```
///
/// Hints: `cargo grader hint 07::vector_norm`.
pub fn vector_norm(x: &Array1<f64>, norm: Norm) -> f64 {
    todo!()
}

/// `x / ‖x‖₂`: the unit vector pointing the same way as `x`.
///
/// # Errors
/// [`LinalgError::ZeroVector`] when `x` is empty or all zeros.
///
/// ```
/// let u = linear_algebra::normalize(&ndarray::array![3.0, 4.0]).unwrap();
/// assert_eq!(u, ndarray::array![0.6, 0.8]);
/// ```
///
/// Hints: `cargo grader hint 07::normalize`.
pub fn normalize(x: &Array1<f64>) -> Result<Array1<f64>, LinalgError> {
    todo!()
}

/// The transpose `Aᵀ` as a new matrix: `(Aᵀ)ᵢⱼ = Aⱼᵢ` (NumPy's `a.T`, copied). Write it
/// with loops; ndarray's `.t()` is the one-call version.
///
/// ```
/// let a = ndarray::array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
/// let t = linear_algebra::transpose(&a);
/// assert_eq!(t, ndarray::array![[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]);
/// ```
///
/// Hints: `cargo grader hint 07::transpose`.
pub fn transpose(a: &Array2<f64>) -> Array2<f64> {
    todo!()
}

/// The dot product `a · b = Σᵢ aᵢ bᵢ` (`np.dot(a, b)` for vectors).
///
/// # Errors
/// [`LinalgError::ShapeMismatch`] when the lengths differ.
///
/// ```
/// let d = linear_algebra::dot(&ndarray::array![1.0, 2.0, 3.0], &ndarray::array![4.0, 5.0, 6.0]);
/// assert_eq!(d, Ok(32.0));
/// ```
///
/// Hints: `cargo grader hint 07::dot`.
pub fn dot(a: &Array1<f64>, b: &Array1<f64>) -> Result<f64, LinalgError> {
    todo!()
}

/// Cosine similarity `a·b / (‖a‖₂ ‖b‖₂)`: 1 for the same direction, 0 for perpendicular,
/// −1 for opposite (scikit-learn's `cosine_similarity` for one pair). Clamp the result
/// into `[−1, 1]`: rounding can otherwise give `1.0000000000000002`.
///
/// # Errors
/// [`LinalgError::ShapeMismatch`] when the lengths differ, [`LinalgError::ZeroVector`]
/// when either vector is zero (it has no direction).
///
/// ```
/// let c = linear_algebra::cosine_similarity(&ndarray::array![1.0, 0.0], &ndarray::array![1.0, 1.0]);
/// assert!((c.unwrap() - 0.5f64.sqrt()).abs() < 1e-12);
/// ```
///
/// Hints: `cargo grader hint 07::cosine_similarity`.
pub fn cosine_similarity(a: &Array1<f64>, b: &Array1<f64>) -> Result<f64, LinalgError> {
    todo!()
}

/// The matrix product `C = A B` with three nested loops: `cᵢⱼ = Σₖ aᵢₖ bₖⱼ`
/// (`a @ b`). `A` is `n × k`, `B` is `k × m`, `C` is `n × m`.
///
/// # Errors
/// [`LinalgError::ShapeMismatch`] when `A`'s column count differs from `B`'s row count.
///
/// ```
/// let a = ndarray::array![[1.0, 2.0], [3.0, 4.0]];
/// let b = ndarray::array![[5.0], [6.0]];
/// assert_eq!(linear_algebra::matmul_naive(&a, &b), Ok(ndarray::array![[17.0], [39.0]]));
/// ```
///
/// Hints: `cargo grader hint 07::matmul_naive`.
pub fn matmul_naive(a: &Array2<f64>, b: &Array2<f64>) -> Result<Array2<f64>, LinalgError> {
    todo!()
}

/// The same product `A B`, computed tile by tile: the loops walk `block × block` tiles of
/// `A`, `B` and `C` so that the numbers being combined stay in the CPU cache. The edge
/// tiles are smaller when a dimension is not a multiple of `block`. The result equals
/// [`matmul_naive`]'s up to rounding.
///
/// # Panics
/// If `block == 0`.
///
/// # Errors
/// [`LinalgError::ShapeMismatch`] as for [`matmul_naive`].
///
/// ```
/// let a = ndarray::array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
/// let b = ndarray::array![[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]];
/// let c = linear_algebra::matmul_blocked(&a, &b, 2).unwrap();
/// assert_eq!(c, ndarray::array![[4.0, 5.0], [10.0, 11.0]]);
/// ```
///
/// Hints: `cargo grader hint 07::matmul_blocked`.
pub fn matmul_blocked(
    a: &Array2<f64>,
    b: &Array2<f64>,
    block: usize,
) -> Result<Array2<f64>, LinalgError> {
    todo!()
}

/// The Rayleigh quotient `xᵀ A x / xᵀ x`: for an eigenvector `x` it is exactly the
/// eigenvalue, and for a near-eigenvector it is a very good estimate of it.
///
/// # Errors
/// [`LinalgError::NotSquare`], [`LinalgError::ShapeMismatch`] when `x.len() ≠ n`,
/// [`LinalgError::ZeroVector`] when `x` is zero.
///
/// ```
/// let a = ndarray::array![[2.0, 0.0], [0.0, 5.0]];
/// let q = linear_algebra::rayleigh_quotient(&a, &ndarray::array![0.0, 3.0]);
/// assert_eq!(q, Ok(5.0));
/// ```
///
/// Hints: `cargo grader hint 07::rayleigh_quotient`.
pub fn rayleigh_quotient(a: &Array2<f64>, x: &Array1<f64>) -> Result<f64, LinalgError> {
    todo!()
}

/// The dominant eigenpair of `A` (largest `|λ|`) by power iteration: start from the unit
/// vector `v = (1, …, 1)/√n`, and repeat `v ← A v / ‖A v‖₂`, `λ = vᵀ A v`, until the
/// residual `‖A v − λ v‖₂ ≤ tol`. Returns `λ` and the unit vector `v` (its sign is
/// arbitrary).
///
/// It converges when one eigenvalue is strictly largest in magnitude, at the rate
/// `|λ₂ / λ₁|` per step. When `A v = 0` the answer is `λ = 0` with that `v`.
///
/// # Errors
/// [`LinalgError::NotSquare`]; [`LinalgError::ZeroVector`] for a 0 × 0 matrix;
/// [`LinalgError::NotConverged`] (with the last residual) when `max_iter` steps do not
/// reach `tol` — e.g. `diag(1, −1)`, whose two eigenvalues tie in magnitude.
///
/// ```
/// let a = ndarray::array![[2.0, 1.0], [1.0, 2.0]];
/// let p = linear_algebra::power_iteration(&a, 1e-12, 1000).unwrap();
/// assert!((p.value - 3.0).abs() < 1e-12);
/// ```
///
/// Hints: `cargo grader hint 07::power_iteration`.
pub fn power_iteration(
    a: &Array2<f64>,
    tol: f64,
    max_iter: usize,
) -> Result<EigenPair, LinalgError> {
    todo!()
}

/// The `k` eigenpairs of a symmetric matrix with the largest `|λ|`, in that order, by
/// power iteration with deflation: after finding `(λ, v)`, continue on
/// `A ← A − λ v vᵀ`, which has the same eigenvectors but `λ` replaced by 0.
///
/// # Errors
/// [`LinalgError::NotSquare`]; [`LinalgError::NotSymmetric`] when some
/// `|aᵢⱼ − aⱼᵢ| > 1e-12 · max |a|`; [`LinalgError::TooManyEigenpairs`] when `k > n`;
/// those of [`power_iteration`] for each pair.
///
/// ```
/// let a = ndarray::array![[4.0, 0.0, 0.0], [0.0, -2.0, 0.0], [0.0, 0.0, 1.0]];
/// let pairs = linear_algebra::top_k_eigen(&a, 2, 1e-12, 1000).unwrap();
/// assert!((pairs[0].value - 4.0).abs() < 1e-12);
/// assert!((pairs[1].value + 2.0).abs() < 1e-12);
/// ```
///
/// Hints: `cargo grader hint 07::top_k_eigen`.
pub fn top_k_eigen(
    a: &Array2<f64>,
    k: usize,
    tol: f64,
    max_iter: usize,
) -> Result<Vec<EigenPair>, LinalgError> {
    todo!()
}

/// Solve `A x = b` by Gaussian elimination with partial pivoting, then back substitution
/// (`np.linalg.solve(a, b)`). In column `c`, swap up the row with the largest `|aᵢc|` at
/// or below the diagonal, then subtract multiples of it to zero the entries below.
///
/// # Errors
/// [`LinalgError::NotSquare`]; [`LinalgError::ShapeMismatch`] when `b.len() ≠ n`;
/// [`LinalgError::Singular`] when a pivot is at most [`SINGULAR_TOL`] `· max |aᵢⱼ|`.
///
/// ```
/// let a = ndarray::array![[2.0, 1.0], [1.0, 3.0]];
/// let x = linear_algebra::solve(&a, &ndarray::array![3.0, 5.0]).unwrap();
/// assert!((x[0] - 0.8).abs() < 1e-12 && (x[1] - 1.4).abs() < 1e-12);
/// ```
///
/// Hints: `cargo grader hint 07::solve`.
pub fn solve(a: &Array2<f64>, b: &Array1<f64>) -> Result<Array1<f64>, LinalgError> {
    todo!()
}

/// The determinant `det A` from the same elimination: the product of the pivots, times
/// `−1` for every row swap (`np.linalg.det`). A singular matrix (a pivot at most
/// [`SINGULAR_TOL`] `· max |aᵢⱼ|`) has determinant exactly `0.0`; the 0 × 0 matrix has 1.
///
/// # Errors
/// [`LinalgError::NotSquare`].
///
/// ```
/// let a = ndarray::array![[0.0, 2.0], [3.0, 4.0]];
/// assert_eq!(linear_algebra::determinant(&a), Ok(-6.0));
/// ```
///
/// Hints: `cargo grader hint 07::determinant`.
pub fn determinant(a: &Array2<f64>) -> Result<f64, LinalgError> {
    todo!()
}

/// The inverse `A⁻¹`, with `A A⁻¹ = A⁻¹ A = I` (`np.linalg.inv`): solve `A X = I` for all
/// `n` columns of the identity at once with the same elimination.
///
/// # Errors
/// [`LinalgError::NotSquare`]; [`LinalgError::Singular`] as for [`solve`].
///
/// ```
/// let a = ndarray::array![[2.0, 0.0], [0.0, 4.0]];
/// assert_eq!(linear_algebra::inverse(&a), Ok(ndarray::array![[0.5, 0.0], [0.0, 0.25]]));
/// ```
///
/// Hints: `cargo grader hint 07::inverse`.
pub fn inverse(a: &Array2<f64>) -> Result<Array2<f64>, LinalgError> {
    todo!()
}
