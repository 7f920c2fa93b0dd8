//! Hidden checks for chapter 07 (linear algebra). Expected values come from plain loops,
//! ndarray's own `dot`, cofactor expansion, matrices built with known eigenvalues and
//! inverses, and linfa-linalg's symmetric eigendecomposition — never from the reference.

use harness::prelude::*;
use linear_algebra::*;
use linfa_linalg::eigh::Eigh;
use ndarray::{array, Array1, Array2};
use rand::Rng;

const VECTORS: &[&str] = &["W6 D1-2"];
const PRODUCTS: &[&str] = &["W6 D3-4"];
const EIGEN: &[&str] = &["W6 D5-6"];
const PRACTICE: &[&str] = &["W6 D7"];

/// Sums of a few dozen terms in another order: a handful of ulps apart.
const SUM: Tol = Tol::new(1e-12, 1e-12);
/// Products of up to 60-term sums of N(0, 1) values: the rounding bound is
/// k · ε · Σ|aᵢₖ bₖⱼ| ≈ 60 · 2.2e-16 · 50 ≈ 7e-13; a margin of 100 on top.
const PRODUCT: Tol = Tol::new(1e-10, 1e-10);
/// Elimination on matrices with condition number ≤ 10 (built below): the forward error is
/// at most cond · n · ε · growth ≈ 10 · 8 · 2.2e-16 · (small), far under 1e-9.
const WELL_CONDITIONED: Tol = Tol::new(1e-9, 1e-10);
/// Power iteration is run to a residual of 1e-11 with eigenvalue gaps of at least ~0.3 ·
/// |λ|: the eigenvector error is about residual / gap ≈ 1e-10 per deflation step, and the
/// eigenvalue (a Rayleigh quotient) is even closer. 1e-7 leaves room for 8 deflations.
const EIGEN_TOL: Tol = Tol::new(1e-7, 1e-7);
const POWER_RESIDUAL: f64 = 1e-11;

/// A random orthogonal matrix: Gram–Schmidt (twice, for accuracy) on a Gaussian matrix.
fn random_orthogonal(cx: &mut Ctx, n: usize) -> Array2<f64> {
    let mut q = cx.matrix(n, n);
    for _pass in 0..2 {
        for j in 0..n {
            for p in 0..j {
                let d: f64 = (0..n).map(|i| q[[i, j]] * q[[i, p]]).sum();
                for i in 0..n {
                    q[[i, j]] -= d * q[[i, p]];
                }
            }
            let norm = (0..n).map(|i| q[[i, j]].powi(2)).sum::<f64>().sqrt();
            for i in 0..n {
                q[[i, j]] /= norm;
            }
        }
    }
    q
}

/// `Q diag(λ) Qᵀ`: a symmetric matrix whose eigenvalues are exactly `lambdas` (up to
/// rounding) and whose eigenvectors are the columns of `Q`.
fn with_eigenvalues(q: &Array2<f64>, lambdas: &[f64]) -> Array2<f64> {
    let n = lambdas.len();
    Array2::from_shape_fn((n, n), |(i, j)| {
        (0..n).map(|k| q[[i, k]] * lambdas[k] * q[[j, k]]).sum()
    })
}

/// Eigenvalues with well-separated magnitudes (each at most 0.6 × the previous one) and
/// random signs, largest first: power iteration converges at a rate ≤ 0.6 per step.
fn separated_eigenvalues(cx: &mut Ctx, n: usize) -> Vec<f64> {
    let mut m = cx.f64_in(5.0, 10.0);
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let sign = if cx.rng.gen_bool(0.5) { 1.0 } else { -1.0 };
        out.push(sign * m);
        m *= cx.f64_in(0.3, 0.6);
    }
    out
}

/// A well-conditioned general (non-symmetric) matrix: `Q diag(s) Rᵀ` with singular values
/// `s` in [1, 10], so its condition number is at most 10.
fn well_conditioned(cx: &mut Ctx, n: usize) -> Array2<f64> {
    let q = random_orthogonal(cx, n);
    let r = random_orthogonal(cx, n);
    let s: Vec<f64> = (0..n).map(|_| cx.f64_in(1.0, 10.0)).collect();
    Array2::from_shape_fn((n, n), |(i, j)| {
        (0..n).map(|k| q[[i, k]] * s[k] * r[[j, k]]).sum()
    })
}

/// A random singular matrix: the last row is a combination of the first two.
fn singular_matrix(cx: &mut Ctx, n: usize) -> Array2<f64> {
    let mut a = cx.matrix(n, n);
    let (c1, c2) = (cx.normal(), cx.normal());
    for j in 0..n {
        a[[n - 1, j]] = c1 * a[[0, j]] + c2 * a[[1, j]];
    }
    a
}

/// The determinant by cofactor expansion along the first row: n! terms, fine for n ≤ 7,
/// and a route with no elimination at all.
fn cofactor_det(a: &Array2<f64>) -> f64 {
    let n = a.nrows();
    if n == 0 {
        return 1.0;
    }
    if n == 1 {
        return a[[0, 0]];
    }
    let mut total = 0.0;
    for j in 0..n {
        let minor = Array2::from_shape_fn((n - 1, n - 1), |(r, c)| {
            a[[r + 1, if c < j { c } else { c + 1 }]]
        });
        let sign = if j % 2 == 0 { 1.0 } else { -1.0 };
        total += sign * a[[0, j]] * cofactor_det(&minor);
    }
    total
}

fn naive_matvec(a: &Array2<f64>, x: &Array1<f64>) -> Array1<f64> {
    Array1::from_shape_fn(a.nrows(), |i| {
        (0..a.ncols()).map(|j| a[[i, j]] * x[j]).sum()
    })
}

fn max_abs(x: impl IntoIterator<Item = f64>) -> f64 {
    x.into_iter().fold(0.0, |m, v| m.max(v.abs()))
}

/// The eigenvector `got` equals `expected` up to sign.
fn expect_same_direction(what: &str, expected: &Array1<f64>, got: &Array1<f64>) -> CheckResult {
    expect_shape(what, expected.shape(), got.shape())?;
    let d: f64 = expected.iter().zip(got).map(|(e, g)| e * g).sum();
    let flipped = if d < 0.0 { -got } else { got.clone() };
    expect_array_close(
        &format!("{what} (compared up to sign)"),
        expected,
        &flipped,
        EIGEN_TOL,
    )
}

/// linfa-linalg's eigenpairs of symmetric `a`, sorted by |λ| descending.
fn reference_eigen(a: &Array2<f64>) -> Vec<(f64, Array1<f64>)> {
    let (vals, vecs) = a.eigh().expect("linfa-linalg eigh of a symmetric matrix");
    let mut pairs: Vec<(f64, Array1<f64>)> = vals
        .iter()
        .enumerate()
        .map(|(i, &v)| (v, vecs.column(i).to_owned()))
        .collect();
    pairs.sort_by(|x, y| y.0.abs().total_cmp(&x.0.abs()));
    pairs
}

fn hilbert(n: usize) -> Array2<f64> {
    Array2::from_shape_fn((n, n), |(i, j)| 1.0 / (i + j + 1) as f64)
}

/// `cargo grader compare 07`: your products, solver and eigen-solver beside ndarray's `dot`
/// (matrixmultiply) and linfa-linalg, with timings, on fixed-seed random matrices.
fn compare() -> Result<Comparison, String> {
    use std::time::Instant;
    let mut cx = Ctx::new(7, "compare");
    let n = 200;
    let (a, b) = (cx.matrix(n, n), cx.matrix(n, n));
    let frobenius = |m: &Array2<f64>| m.iter().map(|v| v * v).sum::<f64>().sqrt();
    let timed =
        |f: &dyn Fn() -> Result<Array2<f64>, String>| -> Result<(Array2<f64>, f64), String> {
            let start = Instant::now();
            let out = f()?;
            Ok((out, start.elapsed().as_secs_f64() * 1e3))
        };
    let (theirs, theirs_ms) = timed(&|| Ok(a.dot(&b)))?;
    let (naive, naive_ms) = timed(&|| matmul_naive(&a, &b).map_err(|e| e.to_string()))?;
    let (blocked, blocked_ms) = timed(&|| matmul_blocked(&a, &b, 32).map_err(|e| e.to_string()))?;
    let mut table = Comparison::new(
        "ndarray 0.16 `dot` (matrixmultiply) and linfa-linalg 0.2 `eigh`",
        format!("random N(0, 1) matrices, {n} × {n}, seed 7"),
    );
    table.timed_row(
        "‖A·B‖_F, matmul_naive",
        frobenius(&naive),
        frobenius(&theirs),
        naive_ms,
        theirs_ms,
    );
    table.timed_row(
        "‖A·B‖_F, matmul_blocked (32)",
        frobenius(&blocked),
        frobenius(&theirs),
        blocked_ms,
        theirs_ms,
    );
    table.row(
        "max |C − C_ndarray|, blocked",
        (&blocked - &theirs).iter().fold(0.0, |m, v| m.max(v.abs())),
        0.0,
    );

    let m = 40;
    let q = random_orthogonal(&mut cx, m);
    let lambdas = separated_eigenvalues(&mut cx, 6)
        .into_iter()
        .chain((6..m).map(|i| 0.5 / i as f64))
        .collect::<Vec<_>>();
    let sym = with_eigenvalues(&q, &lambdas);
    let start = Instant::now();
    let pairs = top_k_eigen(&sym, 3, 1e-11, 100_000).map_err(|e| e.to_string())?;
    let mine_ms = start.elapsed().as_secs_f64() * 1e3;
    let start = Instant::now();
    let reference = reference_eigen(&sym);
    let theirs_ms = start.elapsed().as_secs_f64() * 1e3;
    for (i, pair) in pairs.iter().enumerate() {
        table.timed_row(
            format!("λ{} of a {m} × {m} symmetric matrix", i + 1),
            pair.value,
            reference[i].0,
            mine_ms,
            theirs_ms,
        );
    }
    Ok(table)
}

fn main() {
    harness::run_with_compare(
        "07",
        vec![
            // ---------------------------------------------------------------- W6 D1-2
            Check::new("vector_norm/random", VECTORS, |cx| {
                let n = cx.usize_in(1..=30);
                let x = cx.vector(n) * cx.f64_in(0.1, 100.0);
                let mut l1 = 0.0;
                let mut l2sq = 0.0;
                let mut linf: f64 = 0.0;
                for &v in &x {
                    l1 += v.abs();
                    l2sq += v * v;
                    linf = linf.max(v.abs());
                }
                expect_close("‖x‖₁", l1, vector_norm(&x, Norm::L1), SUM)?;
                expect_close("‖x‖₂", l2sq.sqrt(), vector_norm(&x, Norm::L2), SUM)?;
                expect_close("‖x‖∞", linf, vector_norm(&x, Norm::Inf), Tol::EXACT)
            }),
            Check::new("vector_norm/no_overflow", VECTORS, |cx| {
                // Squaring 1e200 overflows to infinity; the norm itself is finite.
                let n = cx.usize_in(2..=10);
                let x = Array1::from_elem(n, 1e200);
                expect_close(
                    &format!("‖[1e200; {n}]‖₂ (scale before squaring)"),
                    1e200 * (n as f64).sqrt(),
                    vector_norm(&x, Norm::L2),
                    SUM,
                )
            }),
            Check::new("vector_norm/empty", VECTORS, |_| {
                let x = Array1::<f64>::zeros(0);
                for norm in [Norm::L1, Norm::L2, Norm::Inf] {
                    expect_close(
                        &format!("{norm:?} norm of the empty vector"),
                        0.0,
                        vector_norm(&x, norm),
                        Tol::EXACT,
                    )?;
                }
                Ok(())
            }),
            Check::new("normalize/random", VECTORS, |cx| {
                let n = cx.usize_in(1..=20);
                let x = cx.vector(n);
                let len = x.iter().map(|v| v * v).sum::<f64>().sqrt();
                let expected = x.mapv(|v| v / len);
                let got = expect_ok("normalize(x)", normalize(&x))?;
                expect_array_close("normalize(x)", &expected, &got, SUM)
            }),
            Check::new("normalize/zero", VECTORS, |cx| {
                let n = cx.usize_in(1..=5);
                let e = expect_err("normalize(zero vector)", normalize(&Array1::zeros(n)))?;
                expect_eq("the error for a zero vector", LinalgError::ZeroVector, e)
            }),
            Check::new("transpose/random", VECTORS, |cx| {
                let (r, c) = (cx.usize_in(1..=9), cx.usize_in(1..=9));
                let a = cx.matrix(r, c);
                let expected = Array2::from_shape_fn((c, r), |(i, j)| a[[j, i]]);
                let got = transpose(&a);
                expect_array_close("transpose(a)", &expected, &got, Tol::EXACT)?;
                expect_array_close("transpose(transpose(a))", &a, &transpose(&got), Tol::EXACT)
            }),
            // ---------------------------------------------------------------- W6 D3-4
            Check::new("dot/random", PRODUCTS, |cx| {
                let n = cx.usize_in(0..=40);
                let (a, b) = (cx.vector(n), cx.vector(n));
                let expected = a.dot(&b); // ndarray's own dot
                let got = expect_ok("dot(a, b)", dot(&a, &b))?;
                expect_close(
                    &format!("dot of two length-{n} vectors"),
                    expected,
                    got,
                    SUM,
                )
            }),
            Check::new("dot/length_mismatch", PRODUCTS, |cx| {
                let n = cx.usize_in(1..=10);
                let e = expect_err(
                    &format!("dot of lengths {n} and {}", n + 1),
                    dot(&cx.vector(n), &cx.vector(n + 1)),
                )?;
                ensure(matches!(e, LinalgError::ShapeMismatch { .. }), || {
                    format!("expected LinalgError::ShapeMismatch, got {e:?}")
                })
            }),
            Check::new("cosine_similarity/random", PRODUCTS, |cx| {
                let n = cx.usize_in(1..=20);
                let (a, b) = (cx.vector(n), cx.vector(n));
                let (mut ab, mut aa, mut bb) = (0.0, 0.0, 0.0);
                for i in 0..n {
                    ab += a[i] * b[i];
                    aa += a[i] * a[i];
                    bb += b[i] * b[i];
                }
                let got = expect_ok("cosine_similarity(a, b)", cosine_similarity(&a, &b))?;
                expect_close("cos(a, b)", ab / (aa.sqrt() * bb.sqrt()), got, SUM)?;
                // Scaling either vector by a positive number must not change the angle.
                let scaled = &a * cx.f64_in(0.01, 100.0);
                let again = expect_ok("cosine_similarity(c·a, b)", cosine_similarity(&scaled, &b))?;
                expect_close("cos(c·a, b) = cos(a, b)", got, again, SUM)
            }),
            Check::new("cosine_similarity/parallel_and_zero", PRODUCTS, |cx| {
                let n = cx.usize_in(2..=20);
                let a = cx.vector(n);
                let same = expect_ok(
                    "cosine_similarity(a, 3a)",
                    cosine_similarity(&a, &(&a * 3.0)),
                )?;
                ensure(same <= 1.0, || {
                    format!("cos(a, 3a) = {same:e} exceeds 1: clamp rounding into [-1, 1]")
                })?;
                expect_close("cos(a, 3a)", 1.0, same, SUM)?;
                let opposite = expect_ok("cosine_similarity(a, −a)", cosine_similarity(&a, &-&a))?;
                expect_close("cos(a, −a)", -1.0, opposite, SUM)?;
                let e = expect_err(
                    "cosine_similarity(a, zero vector)",
                    cosine_similarity(&a, &Array1::zeros(n)),
                )?;
                expect_eq("the error for a zero vector", LinalgError::ZeroVector, e)
            }),
            Check::new("matmul_naive/random", PRODUCTS, |cx| {
                let (n, k, m) = (
                    cx.usize_in(1..=12),
                    cx.usize_in(1..=12),
                    cx.usize_in(1..=12),
                );
                let (a, b) = (cx.matrix(n, k), cx.matrix(k, m));
                let got = expect_ok("matmul_naive(a, b)", matmul_naive(&a, &b))?;
                expect_array_close(
                    &format!("matmul_naive of {n}×{k} and {k}×{m} (vs ndarray's a.dot(&b))"),
                    &a.dot(&b),
                    &got,
                    PRODUCT,
                )
            }),
            Check::new("matmul_naive/shape_mismatch", PRODUCTS, |cx| {
                let (a, b) = (cx.matrix(2, 3), cx.matrix(2, 3));
                let e = expect_err("matmul_naive of 2×3 and 2×3", matmul_naive(&a, &b))?;
                ensure(matches!(e, LinalgError::ShapeMismatch { .. }), || {
                    format!("expected LinalgError::ShapeMismatch, got {e:?}")
                })
            }),
            Check::new("matmul_blocked/random", PRODUCTS, |cx| {
                // Sizes that are rarely multiples of the block: the edge tiles matter.
                let (n, k, m) = (
                    cx.usize_in(1..=40),
                    cx.usize_in(1..=40),
                    cx.usize_in(1..=40),
                );
                let block = cx.usize_in(1..=9);
                let (a, b) = (cx.matrix(n, k), cx.matrix(k, m));
                let got = expect_ok("matmul_blocked(a, b)", matmul_blocked(&a, &b, block))?;
                expect_array_close(
                    &format!(
                        "matmul_blocked of {n}×{k} and {k}×{m} with block {block} (vs ndarray's a.dot(&b))"
                    ),
                    &a.dot(&b),
                    &got,
                    PRODUCT,
                )
            }),
            Check::new("matmul_blocked/large", PRODUCTS, |cx| {
                let (n, k, m) = (cx.usize_in(100..=130), 60, cx.usize_in(100..=130));
                let (a, b) = (cx.matrix(n, k), cx.matrix(k, m));
                let got = expect_ok("matmul_blocked(a, b, 32)", matmul_blocked(&a, &b, 32))?;
                expect_array_close(
                    &format!("matmul_blocked of {n}×{k} and {k}×{m} with block 32"),
                    &a.dot(&b),
                    &got,
                    PRODUCT,
                )
            }),
            Check::new("matmul_blocked/shape_mismatch", PRODUCTS, |cx| {
                let (a, b) = (cx.matrix(3, 4), cx.matrix(3, 4));
                let e = expect_err("matmul_blocked of 3×4 and 3×4", matmul_blocked(&a, &b, 2))?;
                ensure(matches!(e, LinalgError::ShapeMismatch { .. }), || {
                    format!("expected LinalgError::ShapeMismatch, got {e:?}")
                })
            }),
            // ---------------------------------------------------------------- W6 D5-6
            Check::new("rayleigh_quotient/random", EIGEN, |cx| {
                let n = cx.usize_in(1..=8);
                let (a, x) = (cx.matrix(n, n), cx.vector(n));
                let ax = naive_matvec(&a, &x);
                let expected = x.iter().zip(&ax).map(|(u, v)| u * v).sum::<f64>()
                    / x.iter().map(|u| u * u).sum::<f64>();
                let got = expect_ok("rayleigh_quotient(a, x)", rayleigh_quotient(&a, &x))?;
                expect_close("xᵀAx / xᵀx", expected, got, SUM)
            }),
            Check::new("rayleigh_quotient/eigenvector", EIGEN, |cx| {
                // At an eigenvector the quotient is the eigenvalue.
                let n = cx.usize_in(2..=6);
                let q = random_orthogonal(cx, n);
                let lambdas = separated_eigenvalues(cx, n);
                let a = with_eigenvalues(&q, &lambdas);
                let j = cx.usize_in(0..=n - 1);
                let v = q.column(j).to_owned() * cx.f64_in(0.5, 3.0);
                let got = expect_ok("rayleigh_quotient(a, v)", rayleigh_quotient(&a, &v))?;
                expect_close(
                    &format!("quotient at eigenvector {j}"),
                    lambdas[j],
                    got,
                    // Q is orthonormal to ~1e-15 and A is built from ~n² rounded products:
                    // the quotient is exact to ~1e-14 relative; 1e-10 is generous.
                    Tol::new(1e-10, 1e-12),
                )
            }),
            Check::new("power_iteration/random_symmetric", EIGEN, |cx| {
                let n = cx.usize_in(2..=8);
                let q = random_orthogonal(cx, n);
                let lambdas = separated_eigenvalues(cx, n);
                let a = with_eigenvalues(&q, &lambdas);
                let pair = expect_ok(
                    "power_iteration(a, 1e-11, 10000)",
                    power_iteration(&a, POWER_RESIDUAL, 10_000),
                )?;
                let reference = reference_eigen(&a);
                expect_close(
                    "dominant eigenvalue (vs linfa-linalg eigh)",
                    reference[0].0,
                    pair.value,
                    EIGEN_TOL,
                )?;
                expect_close(
                    "‖v‖₂ of the returned eigenvector",
                    1.0,
                    pair.vector.dot(&pair.vector).sqrt(),
                    // A normalised vector has length 1 to a few ulps; 1e-9 only catches "not normalised".
                    Tol::new(1e-9, 1e-9),
                )?;
                expect_same_direction(
                    "dominant eigenvector (vs linfa-linalg eigh)",
                    &reference[0].1,
                    &pair.vector,
                )
            }),
            Check::new("power_iteration/not_converging", EIGEN, |_| {
                // Eigenvalues 1 and −1 tie in magnitude: v flips between two directions.
                let a = array![[1.0, 0.0], [0.0, -1.0]];
                let e = expect_err(
                    "power_iteration(diag(1, −1), 1e-10, 500)",
                    power_iteration(&a, 1e-10, 500),
                )?;
                ensure(matches!(e, LinalgError::NotConverged { .. }), || {
                    format!("expected LinalgError::NotConverged, got {e:?}")
                })
            }),
            Check::new("top_k_eigen/random_symmetric", EIGEN, |cx| {
                let n = cx.usize_in(3..=8);
                let k = cx.usize_in(1..=n);
                let q = random_orthogonal(cx, n);
                let lambdas = separated_eigenvalues(cx, n);
                let a = with_eigenvalues(&q, &lambdas);
                let pairs = expect_ok(
                    &format!("top_k_eigen(a, {k}, 1e-11, 10000)"),
                    top_k_eigen(&a, k, POWER_RESIDUAL, 10_000),
                )?;
                expect_eq("number of eigenpairs returned", k, pairs.len())?;
                let reference = reference_eigen(&a);
                for (i, pair) in pairs.iter().enumerate() {
                    expect_close(
                        &format!("eigenvalue {i} of {n}×{n} (vs linfa-linalg eigh, sorted by |λ|)"),
                        reference[i].0,
                        pair.value,
                        EIGEN_TOL,
                    )?;
                    expect_same_direction(
                        &format!("eigenvector {i}"),
                        &reference[i].1,
                        &pair.vector,
                    )?;
                }
                Ok(())
            }),
            Check::new("top_k_eigen/refuses", EIGEN, |cx| {
                let a = cx.matrix(4, 4);
                let mut sym = &a + &a.t();
                sym[[0, 1]] += 0.5; // now not symmetric
                let e = expect_err(
                    "top_k_eigen of a non-symmetric matrix",
                    top_k_eigen(&sym, 1, 1e-10, 1000),
                )?;
                ensure(matches!(e, LinalgError::NotSymmetric { .. }), || {
                    format!("non-symmetric input: expected LinalgError::NotSymmetric, got {e:?}")
                })?;
                let s = &a + &a.t();
                let e = expect_err(
                    "top_k_eigen(a, 5) of a 4×4 matrix",
                    top_k_eigen(&s, 5, 1e-10, 1000),
                )?;
                expect_eq(
                    "the error for k > n",
                    LinalgError::TooManyEigenpairs { k: 5, n: 4 },
                    e,
                )?;
                let e = expect_err(
                    "top_k_eigen of a 3×4 matrix",
                    top_k_eigen(&cx.matrix(3, 4), 1, 1e-10, 1000),
                )?;
                expect_eq(
                    "the error for a 3×4 matrix",
                    LinalgError::NotSquare { rows: 3, cols: 4 },
                    e,
                )
            }),
            // ---------------------------------------------------------------- W6 D7
            Check::new("solve/well_conditioned", PRACTICE, |cx| {
                let n = cx.usize_in(1..=8);
                let a = well_conditioned(cx, n);
                let x_true = cx.vector(n);
                let b = naive_matvec(&a, &x_true);
                let x = expect_ok("solve(a, b)", solve(&a, &b))?;
                expect_array_close(
                    &format!("x solving a {n}×{n} system (b = A·x_true)"),
                    &x_true,
                    &x,
                    WELL_CONDITIONED,
                )
            }),
            Check::new("solve/random_residual", PRACTICE, |cx| {
                // Any Gaussian matrix: partial pivoting is backward stable, so the residual is
                // tiny relative to ‖A‖·‖x‖ even when the condition number is large.
                let n = cx.usize_in(2..=30);
                let (a, b) = (cx.matrix(n, n), cx.vector(n));
                let x = expect_ok("solve(a, b)", solve(&a, &b))?;
                let r = &naive_matvec(&a, &x) - &b;
                let backward = max_abs(r.iter().copied())
                    / (max_abs(a.iter().copied()) * n as f64 * max_abs(x.iter().copied())
                        + max_abs(b.iter().copied()));
                // Backward-stable elimination: ≈ n·ε·growth; 1e-12 leaves a wide margin.
                ensure(backward <= 1e-12, || {
                    format!("relative residual ‖Ax − b‖∞ / (‖A‖·‖x‖ + ‖b‖) for n = {n}: expected ≤ 1e-12, got {backward:e}")
                })
            }),
            Check::new("solve/needs_pivoting", PRACTICE, |_| {
                // A zero pivot: without a row swap the first step divides by zero.
                let x = expect_ok(
                    "solve([[0, 1], [1, 0]], [2, 3])",
                    solve(&array![[0.0, 1.0], [1.0, 0.0]], &array![2.0, 3.0]),
                )?;
                expect_array_close(
                    "x for [[0, 1], [1, 0]] x = [2, 3]",
                    &array![3.0, 2.0],
                    &x,
                    Tol::EXACT,
                )?;
                // A tiny pivot: without a swap the multiplier 1e20 wipes out the answer.
                let a = array![[1e-20, 1.0], [1.0, 1.0]];
                let x = expect_ok(
                    "solve([[1e-20, 1], [1, 1]], [1, 2])",
                    solve(&a, &array![1.0, 2.0]),
                )?;
                // Exact answer: x₁ = 1/(1 − 1e-20), x₂ = (1 − 2e-20)/(1 − 1e-20): both 1 in f64.
                expect_array_close(
                    "x for [[1e-20, 1], [1, 1]] x = [1, 2] (pick the largest pivot)",
                    &array![1.0, 1.0],
                    &x,
                    // With pivoting the answer is 1 to an ulp; without it x₁ comes out 0.
                    Tol::new(1e-12, 1e-12),
                )
            }),
            Check::new("solve/ill_conditioned", PRACTICE, |cx| {
                // The 7×7 Hilbert matrix has condition number ≈ 4.8e8 (∞-norm ≈ 9.9e8).
                let h = hilbert(7);
                let x_true = cx.vector(7);
                let b = naive_matvec(&h, &x_true);
                let x = expect_ok(
                    "solve(hilbert(7), b) (ill-conditioned, not singular)",
                    solve(&h, &b),
                )?;
                // Forward error ≲ cond · ε ≈ 1e9 · 2.2e-16 ≈ 2e-7 relative to ‖x‖; allow 1e-5.
                let scale = max_abs(x_true.iter().copied());
                expect_array_close(
                    "x for the Hilbert system",
                    &x_true,
                    &x,
                    Tol::abs(1e-5 * scale),
                )?;
                let r = &naive_matvec(&h, &x) - &b;
                let backward = max_abs(r.iter().copied()) / max_abs(b.iter().copied());
                // The residual stays tiny: elimination with pivoting is backward stable.
                ensure(backward <= 1e-12, || {
                    format!("relative residual for the Hilbert system: expected ≤ 1e-12, got {backward:e}")
                })
            }),
            Check::new("solve/singular", PRACTICE, |cx| {
                let n = cx.usize_in(3..=7);
                let a = singular_matrix(cx, n);
                let e = expect_err(
                    &format!(
                        "solve of a singular {n}×{n} matrix (row {} = c₁·row 0 + c₂·row 1)",
                        n - 1
                    ),
                    solve(&a, &cx.vector(n)),
                )?;
                ensure(matches!(e, LinalgError::Singular { .. }), || {
                    format!("expected LinalgError::Singular, got {e:?}")
                })?;
                let e = expect_err(
                    "solve of the zero matrix",
                    solve(&Array2::zeros((n, n)), &cx.vector(n)),
                )?;
                ensure(matches!(e, LinalgError::Singular { .. }), || {
                    format!("zero matrix: expected LinalgError::Singular, got {e:?}")
                })
            }),
            Check::new("solve/shapes", PRACTICE, |cx| {
                let e = expect_err(
                    "solve of a 2×3 matrix",
                    solve(&cx.matrix(2, 3), &cx.vector(2)),
                )?;
                expect_eq(
                    "the error for a 2×3 matrix",
                    LinalgError::NotSquare { rows: 2, cols: 3 },
                    e,
                )?;
                let e = expect_err(
                    "solve with a 3×3 matrix and b of length 2",
                    solve(&cx.matrix(3, 3), &cx.vector(2)),
                )?;
                ensure(matches!(e, LinalgError::ShapeMismatch { .. }), || {
                    format!("expected LinalgError::ShapeMismatch, got {e:?}")
                })
            }),
            Check::new("determinant/random", PRACTICE, |cx| {
                let n = cx.usize_in(1..=6);
                let a = cx.matrix(n, n);
                let expected = cofactor_det(&a);
                let got = expect_ok("determinant(a)", determinant(&a))?;
                // Elimination and cofactor expansion round differently: for n ≤ 6 with N(0, 1)
                // entries (|det| up to ~100) both are within ~1e-13 relative; 1e-9 is generous.
                expect_close(
                    &format!("det of a {n}×{n} matrix (vs cofactor expansion)"),
                    expected,
                    got,
                    Tol::new(1e-9, 1e-10),
                )
            }),
            Check::new("determinant/known_eigenvalues", PRACTICE, |cx| {
                // det(Q diag(λ) Qᵀ) = Π λ — the product of the eigenvalues.
                let n = cx.usize_in(2..=8);
                let q = random_orthogonal(cx, n);
                let lambdas = separated_eigenvalues(cx, n);
                let a = with_eigenvalues(&q, &lambdas);
                let got = expect_ok("determinant(a)", determinant(&a))?;
                expect_close(
                    "det = product of the eigenvalues",
                    lambdas.iter().product(),
                    got,
                    // The product of ≤ 8 pivots, each good to ~cond·ε ≈ 1e-12 relative.
                    Tol::new(1e-9, 0.0),
                )
            }),
            Check::new("determinant/singular_and_swaps", PRACTICE, |cx| {
                let n = cx.usize_in(3..=7);
                let got = expect_ok(
                    "determinant of a singular matrix",
                    determinant(&singular_matrix(cx, n)),
                )?;
                expect_close(
                    "det of a singular matrix (a zero pivot means det = 0)",
                    0.0,
                    got,
                    Tol::EXACT,
                )?;
                // One row swap flips the sign.
                let got = expect_ok(
                    "determinant([[0, 1], [1, 0]])",
                    determinant(&array![[0.0, 1.0], [1.0, 0.0]]),
                )?;
                expect_close("det [[0, 1], [1, 0]]", -1.0, got, Tol::EXACT)?;
                let e = expect_err("determinant of a 2×3 matrix", determinant(&cx.matrix(2, 3)))?;
                expect_eq(
                    "the error for a 2×3 matrix",
                    LinalgError::NotSquare { rows: 2, cols: 3 },
                    e,
                )
            }),
            Check::new("inverse/known", PRACTICE, |cx| {
                // (Q diag(λ) Qᵀ)⁻¹ = Q diag(1/λ) Qᵀ.
                let n = cx.usize_in(1..=8);
                let q = random_orthogonal(cx, n);
                let lambdas = separated_eigenvalues(cx, n);
                let a = with_eigenvalues(&q, &lambdas);
                let inv: Vec<f64> = lambdas.iter().map(|l| 1.0 / l).collect();
                let expected = with_eigenvalues(&q, &inv);
                let got = expect_ok("inverse(a)", inverse(&a))?;
                // cond(a) ≤ |λ_max / λ_min| ≤ (1/0.3)^7 ≈ 4600: forward error ≲ 4600 · n · ε.
                expect_array_close(
                    &format!("inverse of a {n}×{n} matrix (vs Q·diag(1/λ)·Qᵀ)"),
                    &expected,
                    &got,
                    Tol::new(1e-8, 1e-8 * max_abs(inv.iter().copied())),
                )
            }),
            Check::new("inverse/identity_property", PRACTICE, |cx| {
                let n = cx.usize_in(1..=10);
                let a = well_conditioned(cx, n);
                let got = expect_ok("inverse(a)", inverse(&a))?;
                expect_shape("inverse(a)", &[n, n], got.shape())?;
                let eye = Array2::<f64>::eye(n);
                // cond ≤ 10 and entries ≤ 10: the residual A·A⁻¹ − I is ~n·cond·ε ≈ 1e-14.
                expect_array_close("a · inverse(a)", &eye, &a.dot(&got), Tol::abs(1e-10))?;
                expect_array_close("inverse(a) · a", &eye, &got.dot(&a), Tol::abs(1e-10))
            }),
            Check::new("inverse/singular", PRACTICE, |cx| {
                let n = cx.usize_in(3..=7);
                let a = singular_matrix(cx, n) * cx.f64_in(1e-3, 1e3);
                let e = expect_err(
                    &format!("inverse of a singular {n}×{n} matrix"),
                    inverse(&a),
                )?;
                ensure(matches!(e, LinalgError::Singular { .. }), || {
                    format!("expected LinalgError::Singular, got {e:?}")
                })
            }),
        ],
        compare,
    );
}
