//! Chapter 15: support vector machines (roadmap W9-10 D10-11, "Support Vector Machines").
//!
//! Reference solution. Same public API as `exercises/15-svm`.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use rand::{rngs::StdRng, Rng, SeedableRng};

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

fn check_data(x: ArrayView2<'_, f64>, y: ArrayView1<'_, f64>) -> Result<(), SvmError> {
    if x.nrows() != y.len() {
        return Err(SvmError::RowMismatch {
            left: x.nrows(),
            right: y.len(),
        });
    }
    if x.nrows() == 0 {
        return Err(SvmError::Empty("no rows"));
    }
    match y.iter().position(|&l| l != 1.0 && l != -1.0) {
        Some(row) => Err(SvmError::BadLabel { row, label: y[row] }),
        None => Ok(()),
    }
}

fn check_w(x: ArrayView2<'_, f64>, w: ArrayView1<'_, f64>) -> Result<(), SvmError> {
    if w.len() != x.ncols() {
        return Err(SvmError::ColumnMismatch {
            expected: x.ncols(),
            got: w.len(),
        });
    }
    Ok(())
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
    check_data(x, y)?;
    check_w(x, w)?;
    let f = x.dot(&w) + b;
    let hinge: f64 = f
        .iter()
        .zip(y)
        .map(|(fi, yi)| (1.0 - yi * fi).max(0.0))
        .sum::<f64>()
        / x.nrows() as f64;
    Ok(lambda / 2.0 * w.dot(&w) + hinge)
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
    check_data(x, y)?;
    check_w(x, w)?;
    let n = x.nrows() as f64;
    let mut gw = w.to_owned() * lambda;
    let mut gb = 0.0;
    for (xi, &yi) in x.outer_iter().zip(y) {
        if yi * (xi.dot(&w) + b) < 1.0 {
            gw.scaled_add(-yi / n, &xi);
            gb -= yi / n;
        }
    }
    Ok((gw, gb))
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
    check_data(x, y)?;
    if lambda.is_nan() || lambda <= 0.0 || epochs == 0 {
        return Err(SvmError::BadParam(
            "lambda must be positive and epochs at least 1".into(),
        ));
    }
    let n = x.nrows();
    let mut rng = StdRng::seed_from_u64(seed);
    let mut w = Array1::zeros(x.ncols());
    let mut b = 0.0;
    for t in 1..=epochs * n {
        let i = rng.gen_range(0..n);
        let eta = 1.0 / (lambda * t as f64);
        let xi = x.row(i);
        let inside = y[i] * (xi.dot(&w) + b) < 1.0;
        w *= 1.0 - eta * lambda;
        b *= 1.0 - eta * lambda;
        if inside {
            w.scaled_add(eta * y[i], &xi);
            b += eta * y[i];
        }
    }
    Ok(LinearSvm { w, b })
}

impl LinearSvm {
    /// `f(x) = w · x + b` for every row.
    ///
    /// # Errors
    /// `ColumnMismatch` when the rows are not as wide as `w`.
    ///
    /// Hints: `cargo grader hint 15::decision_function`.
    pub fn decision_function(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>, SvmError> {
        check_w(x, self.w.view())?;
        Ok(x.dot(&self.w) + self.b)
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
    assert_eq!(a.len(), b.len(), "kernel of vectors of different lengths");
    match k {
        Kernel::Linear => a.dot(&b),
        Kernel::Rbf { gamma } => {
            let d2: f64 = a.iter().zip(b).map(|(p, q)| (p - q) * (p - q)).sum();
            (-gamma * d2).exp()
        }
    }
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
    let n = x.nrows();
    let mut g = Array2::zeros((n, n));
    for i in 0..n {
        for j in i..n {
            let v = kernel(k, x.row(i), x.row(j));
            g[[i, j]] = v;
            g[[j, i]] = v;
        }
    }
    g
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
    check_data(x, y)?;
    let n = x.nrows();
    let SmoParams {
        c,
        tol,
        max_passes,
        max_iter,
        seed,
    } = *params;
    if c.is_nan() || c <= 0.0 || tol.is_nan() || tol <= 0.0 || max_passes == 0 || n < 2 {
        return Err(SvmError::BadParam(
            "need c > 0, tol > 0, max_passes ≥ 1 and at least 2 rows".into(),
        ));
    }
    let g = gram_matrix(x, k);
    let mut rng = StdRng::seed_from_u64(seed);
    let mut alpha = Array1::<f64>::zeros(n);
    let mut b = 0.0;
    // f[i] = Σ_j α_j y_j K_ij + b, kept up to date after every change.
    let mut f = Array1::<f64>::zeros(n);
    let (mut passes, mut iter) = (0, 0);
    while passes < max_passes && iter < max_iter {
        iter += 1;
        let mut changed = 0;
        for i in 0..n {
            let ei = f[i] - y[i];
            if !((y[i] * ei < -tol && alpha[i] < c) || (y[i] * ei > tol && alpha[i] > 0.0)) {
                continue;
            }
            // A random partner first; if that pair cannot move, the others in turn.
            let start = rng.gen_range(0..n);
            for s in 0..n {
                let j = (start + s) % n;
                if j == i {
                    continue;
                }
                let ej = f[j] - y[j];
                let (ai, aj) = (alpha[i], alpha[j]);
                let (lo, hi) = if y[i] != y[j] {
                    ((aj - ai).max(0.0), (c + aj - ai).min(c))
                } else {
                    ((ai + aj - c).max(0.0), (ai + aj).min(c))
                };
                if lo >= hi {
                    continue;
                }
                let eta = 2.0 * g[[i, j]] - g[[i, i]] - g[[j, j]];
                if eta >= 0.0 {
                    continue;
                }
                let new_aj = (aj - y[j] * (ei - ej) / eta).clamp(lo, hi);
                if (new_aj - aj).abs() < 1e-12 {
                    continue;
                }
                let new_ai = ai + y[i] * y[j] * (aj - new_aj);
                let (dai, daj) = (new_ai - ai, new_aj - aj);
                let b1 = b - ei - y[i] * dai * g[[i, i]] - y[j] * daj * g[[i, j]];
                let b2 = b - ej - y[i] * dai * g[[i, j]] - y[j] * daj * g[[j, j]];
                let new_b = if new_ai > 0.0 && new_ai < c {
                    b1
                } else if new_aj > 0.0 && new_aj < c {
                    b2
                } else {
                    (b1 + b2) / 2.0
                };
                for m in 0..n {
                    f[m] += y[i] * dai * g[[i, m]] + y[j] * daj * g[[j, m]] + (new_b - b);
                }
                alpha[i] = new_ai;
                alpha[j] = new_aj;
                b = new_b;
                changed += 1;
                break;
            }
        }
        passes = if changed == 0 { passes + 1 } else { 0 };
    }
    Ok(KernelSvm {
        kernel: k,
        x: x.to_owned(),
        y: y.to_owned(),
        alpha,
        b,
    })
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
        if z.ncols() != self.x.ncols() {
            return Err(SvmError::ColumnMismatch {
                expected: self.x.ncols(),
                got: z.ncols(),
            });
        }
        let sv: Vec<usize> = (0..self.alpha.len())
            .filter(|&i| self.alpha[i] != 0.0)
            .collect();
        Ok(z.outer_iter()
            .map(|row| {
                sv.iter()
                    .map(|&i| self.alpha[i] * self.y[i] * kernel(self.kernel, self.x.row(i), row))
                    .sum::<f64>()
                    + self.b
            })
            .collect())
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
        (0..self.alpha.len())
            .filter(|&i| self.alpha[i] > eps)
            .collect()
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
    let t = datasets::table("penguins")?;
    let (sp, bl, bd) = (
        t.index("species")?,
        t.f64_column("bill_length_mm")?,
        t.f64_column("bill_depth_mm")?,
    );
    let mut v = Vec::new();
    let mut y = Vec::new();
    for (r, row) in t.rows.iter().enumerate() {
        let label = match row[sp].as_str() {
            "Adelie" => -1.0,
            "Chinstrap" => 1.0,
            _ => continue,
        };
        if let (Some(a), Some(b)) = (bl[r], bd[r]) {
            v.extend([a, b]);
            y.push(label);
        }
    }
    let n = y.len();
    if n == 0 {
        return Err(SvmError::Empty("no Adelie or Chinstrap rows"));
    }
    let mut x = Array2::from_shape_vec((n, 2), v).expect("2 values per row");
    for mut col in x.columns_mut() {
        let mean = col.sum() / n as f64;
        let sd = (col.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n as f64).sqrt();
        col.mapv_inplace(|v| (v - mean) / sd);
    }
    Ok((x, Array1::from(y)))
}
