//! Chapter 07: linear algebra (roadmap W6 D1-2, D3-4, D5-6, D7: vectors and matrices,
//! dot product and matrix multiplication, eigenvalues and eigenvectors, practice problems).
//!
//! Reference solution. Same public API as `exercises/07-linear-algebra`.

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

fn shape_of(v: &Array1<f64>) -> (usize, usize) {
    (v.len(), 1)
}

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
pub fn vector_norm(x: &Array1<f64>, norm: Norm) -> f64 {
    match norm {
        Norm::L1 => x.iter().map(|v| v.abs()).sum(),
        Norm::Inf => x.iter().fold(0.0, |m, v| m.max(v.abs())),
        Norm::L2 => {
            let scale = x.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            if scale == 0.0 || !scale.is_finite() {
                return scale;
            }
            scale * x.iter().map(|v| (v / scale).powi(2)).sum::<f64>().sqrt()
        }
    }
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
pub fn normalize(x: &Array1<f64>) -> Result<Array1<f64>, LinalgError> {
    let n = vector_norm(x, Norm::L2);
    if n == 0.0 {
        return Err(LinalgError::ZeroVector);
    }
    Ok(x / n)
}

/// The transpose `Aᵀ` as a new matrix: `(Aᵀ)ᵢⱼ = Aⱼᵢ` (NumPy's `a.T`, copied). Write it
/// with loops; ndarray's `.t()` is the one-call version.
///
/// ```
/// let a = ndarray::array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
/// let t = linear_algebra::transpose(&a);
/// assert_eq!(t, ndarray::array![[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]);
/// ```
pub fn transpose(a: &Array2<f64>) -> Array2<f64> {
    let (r, c) = a.dim();
    let mut t = Array2::zeros((c, r));
    for i in 0..r {
        for j in 0..c {
            t[[j, i]] = a[[i, j]];
        }
    }
    t
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
pub fn dot(a: &Array1<f64>, b: &Array1<f64>) -> Result<f64, LinalgError> {
    if a.len() != b.len() {
        return Err(LinalgError::ShapeMismatch {
            op: "dot",
            left: shape_of(a),
            right: shape_of(b),
        });
    }
    Ok(a.iter().zip(b.iter()).map(|(x, y)| x * y).sum())
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
pub fn cosine_similarity(a: &Array1<f64>, b: &Array1<f64>) -> Result<f64, LinalgError> {
    let d = dot(a, b)?;
    let (na, nb) = (vector_norm(a, Norm::L2), vector_norm(b, Norm::L2));
    if na == 0.0 || nb == 0.0 {
        return Err(LinalgError::ZeroVector);
    }
    Ok((d / na / nb).clamp(-1.0, 1.0))
}

fn check_product(a: &Array2<f64>, b: &Array2<f64>, op: &'static str) -> Result<(), LinalgError> {
    if a.ncols() != b.nrows() {
        return Err(LinalgError::ShapeMismatch {
            op,
            left: a.dim(),
            right: b.dim(),
        });
    }
    Ok(())
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
pub fn matmul_naive(a: &Array2<f64>, b: &Array2<f64>) -> Result<Array2<f64>, LinalgError> {
    check_product(a, b, "matmul_naive")?;
    let (n, k, m) = (a.nrows(), a.ncols(), b.ncols());
    let mut c = Array2::zeros((n, m));
    for i in 0..n {
        for j in 0..m {
            let mut s = 0.0;
            for p in 0..k {
                s += a[[i, p]] * b[[p, j]];
            }
            c[[i, j]] = s;
        }
    }
    Ok(c)
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
pub fn matmul_blocked(
    a: &Array2<f64>,
    b: &Array2<f64>,
    block: usize,
) -> Result<Array2<f64>, LinalgError> {
    assert!(block > 0, "block size must be at least 1");
    check_product(a, b, "matmul_blocked")?;
    let (n, k, m) = (a.nrows(), a.ncols(), b.ncols());
    let mut c = Array2::zeros((n, m));
    for i0 in (0..n).step_by(block) {
        for p0 in (0..k).step_by(block) {
            for j0 in (0..m).step_by(block) {
                for i in i0..(i0 + block).min(n) {
                    for p in p0..(p0 + block).min(k) {
                        let aip = a[[i, p]];
                        for j in j0..(j0 + block).min(m) {
                            c[[i, j]] += aip * b[[p, j]];
                        }
                    }
                }
            }
        }
    }
    Ok(c)
}

fn require_square(a: &Array2<f64>) -> Result<usize, LinalgError> {
    let (rows, cols) = a.dim();
    if rows != cols {
        return Err(LinalgError::NotSquare { rows, cols });
    }
    Ok(rows)
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
pub fn rayleigh_quotient(a: &Array2<f64>, x: &Array1<f64>) -> Result<f64, LinalgError> {
    let n = require_square(a)?;
    if x.len() != n {
        return Err(LinalgError::ShapeMismatch {
            op: "rayleigh_quotient",
            left: a.dim(),
            right: shape_of(x),
        });
    }
    let xx = x.dot(x);
    if xx == 0.0 {
        return Err(LinalgError::ZeroVector);
    }
    Ok(x.dot(&a.dot(x)) / xx)
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
pub fn power_iteration(
    a: &Array2<f64>,
    tol: f64,
    max_iter: usize,
) -> Result<EigenPair, LinalgError> {
    let n = require_square(a)?;
    if n == 0 {
        return Err(LinalgError::ZeroVector);
    }
    let mut v = Array1::from_elem(n, 1.0 / (n as f64).sqrt());
    let mut residual = f64::INFINITY;
    for _ in 0..max_iter {
        let w = a.dot(&v);
        let norm = vector_norm(&w, Norm::L2);
        if norm == 0.0 {
            return Ok(EigenPair {
                value: 0.0,
                vector: v,
            });
        }
        v = w / norm;
        let av = a.dot(&v);
        let value = v.dot(&av);
        residual = vector_norm(&(&av - &(value * &v)), Norm::L2);
        if residual <= tol {
            return Ok(EigenPair { value, vector: v });
        }
    }
    Err(LinalgError::NotConverged {
        iterations: max_iter,
        residual,
    })
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
pub fn top_k_eigen(
    a: &Array2<f64>,
    k: usize,
    tol: f64,
    max_iter: usize,
) -> Result<Vec<EigenPair>, LinalgError> {
    let n = require_square(a)?;
    let scale = a.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    for i in 0..n {
        for j in (i + 1)..n {
            if (a[[i, j]] - a[[j, i]]).abs() > 1e-12 * scale {
                return Err(LinalgError::NotSymmetric { row: i, col: j });
            }
        }
    }
    if k > n {
        return Err(LinalgError::TooManyEigenpairs { k, n });
    }
    let mut b = a.clone();
    let mut pairs = Vec::with_capacity(k);
    for _ in 0..k {
        let pair = power_iteration(&b, tol, max_iter)?;
        for i in 0..n {
            for j in 0..n {
                b[[i, j]] -= pair.value * pair.vector[i] * pair.vector[j];
            }
        }
        pairs.push(pair);
    }
    Ok(pairs)
}

/// Gaussian elimination with partial pivoting on `[A | B]` (B has `m` columns): returns
/// the upper-triangular `U`, the transformed right-hand sides and the number of row swaps.
fn eliminate(
    a: &Array2<f64>,
    rhs: &Array2<f64>,
) -> Result<(Array2<f64>, Array2<f64>, usize), LinalgError> {
    let n = require_square(a)?;
    let scale = a.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let (mut u, mut r) = (a.clone(), rhs.clone());
    let mut swaps = 0;
    for col in 0..n {
        let pivot_row = (col..n)
            .max_by(|&i, &j| u[[i, col]].abs().total_cmp(&u[[j, col]].abs()))
            .expect("col < n");
        if u[[pivot_row, col]].abs() <= SINGULAR_TOL * scale || scale == 0.0 {
            return Err(LinalgError::Singular { column: col });
        }
        if pivot_row != col {
            for j in 0..n {
                u.swap([col, j], [pivot_row, j]);
            }
            for j in 0..r.ncols() {
                r.swap([col, j], [pivot_row, j]);
            }
            swaps += 1;
        }
        for i in (col + 1)..n {
            let factor = u[[i, col]] / u[[col, col]];
            if factor == 0.0 {
                continue;
            }
            for j in col..n {
                u[[i, j]] -= factor * u[[col, j]];
            }
            for j in 0..r.ncols() {
                r[[i, j]] -= factor * r[[col, j]];
            }
        }
    }
    Ok((u, r, swaps))
}

/// Back substitution: solve `U X = R` for upper-triangular `U`.
fn back_substitute(u: &Array2<f64>, r: &Array2<f64>) -> Array2<f64> {
    let n = u.nrows();
    let mut x = Array2::zeros(r.dim());
    for c in 0..r.ncols() {
        for i in (0..n).rev() {
            let mut s = r[[i, c]];
            for j in (i + 1)..n {
                s -= u[[i, j]] * x[[j, c]];
            }
            x[[i, c]] = s / u[[i, i]];
        }
    }
    x
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
pub fn solve(a: &Array2<f64>, b: &Array1<f64>) -> Result<Array1<f64>, LinalgError> {
    let n = require_square(a)?;
    if b.len() != n {
        return Err(LinalgError::ShapeMismatch {
            op: "solve",
            left: a.dim(),
            right: shape_of(b),
        });
    }
    let rhs = b.clone().insert_axis(ndarray::Axis(1));
    let (u, r, _) = eliminate(a, &rhs)?;
    Ok(back_substitute(&u, &r).column(0).to_owned())
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
pub fn determinant(a: &Array2<f64>) -> Result<f64, LinalgError> {
    let n = require_square(a)?;
    match eliminate(a, &Array2::zeros((n, 0))) {
        Ok((u, _, swaps)) => {
            let product: f64 = (0..n).map(|i| u[[i, i]]).product();
            Ok(if swaps % 2 == 0 { product } else { -product })
        }
        Err(LinalgError::Singular { .. }) => Ok(0.0),
        Err(e) => Err(e),
    }
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
pub fn inverse(a: &Array2<f64>) -> Result<Array2<f64>, LinalgError> {
    let n = require_square(a)?;
    let (u, r, _) = eliminate(a, &Array2::eye(n))?;
    Ok(back_substitute(&u, &r))
}
