//! Hidden checks for chapter 09 (calculus). Expected values come from closed-form
//! derivatives written out by hand here, from the error orders of the difference formulas,
//! from the exact iterates of gradient descent on a diagonal quadratic, and from decoding
//! the PNG the learner draws — never from the reference solution.

use calculus::*;
use harness::prelude::*;
use ndarray::{array, Array1, Array2};

const DERIVATIVES: &[&str] = &["W8 D1-2"];
const PARTIALS: &[&str] = &["W8 D3-4"];
const CHAIN: &[&str] = &["W8 D5-6"];
const DESCENT: &[&str] = &["W8 D7"];

/// Central differences with h = 1e-5: truncation h²·f‴/6 ≈ 1e-10·|f‴| plus rounding
/// ε·|f|/h ≈ 1e-11·|f|; with the functions below both stay under 1e-7 relative.
const CENTRAL: Tol = Tol::new(1e-7, 1e-7);
/// Dual numbers are exact up to rounding: a few ulps per operation over ~10 operations.
const DUAL: Tol = Tol::new(1e-12, 1e-12);
/// Gradient descent on a diagonal quadratic follows a closed form; the iterates differ
/// only by rounding accumulated over ≤ 200 steps.
const ITERATES: Tol = Tol::new(1e-9, 1e-12);

/// A test function with all derivatives nonzero: f(x) = exp(a·x), f⁽ᵏ⁾ = aᵏ·exp(a·x).
fn exp_family(cx: &mut Ctx) -> (f64, f64) {
    (cx.f64_in(0.5, 2.0), cx.f64_in(-1.0, 1.0))
}

/// Error ratio e(h) / e(h/2) of a difference formula on f with exact derivative `exact`.
fn error_ratio(
    estimate: impl Fn(f64) -> Result<f64, CalcError>,
    exact: f64,
    h: f64,
) -> Result<(f64, f64, f64), Failure> {
    let e1 = (expect_ok("the difference at h", estimate(h))? - exact).abs();
    let e2 = (expect_ok("the difference at h/2", estimate(h / 2.0))? - exact).abs();
    Ok((e1, e2, e1 / e2))
}

fn invalid_step(what: &str, r: Result<f64, CalcError>) -> CheckResult {
    let e = expect_err(what, r)?;
    ensure(matches!(e, CalcError::InvalidStep(_)), || {
        format!("{what}: expected CalcError::InvalidStep, got {e:?}")
    })
}

/// A random symmetric quadratic form plus a sine: f(x) = ½ xᵀSx + Σ sin(xᵢ)·cᵢ, with
/// ∇f = Sx + c∘cos(x) by hand.
struct Quadratic {
    s: Array2<f64>,
    c: Array1<f64>,
}

impl Quadratic {
    fn random(cx: &mut Ctx, n: usize) -> Self {
        let a = cx.matrix(n, n);
        Quadratic {
            s: (&a + &a.t()) / 2.0,
            c: cx.vector(n),
        }
    }
    fn value(&self, x: &Array1<f64>) -> f64 {
        let n = x.len();
        let mut v = 0.0;
        for i in 0..n {
            for j in 0..n {
                v += 0.5 * x[i] * self.s[[i, j]] * x[j];
            }
            v += x[i].sin() * self.c[i];
        }
        v
    }
    fn grad(&self, x: &Array1<f64>) -> Array1<f64> {
        let n = x.len();
        Array1::from_shape_fn(n, |i| {
            (0..n).map(|j| self.s[[i, j]] * x[j]).sum::<f64>() + self.c[i] * x[i].cos()
        })
    }
}

/// f(x) = ½ Σ λᵢ (xᵢ − mᵢ)², whose gradient descent iterates are known exactly:
/// xₖ,ᵢ − mᵢ = (1 − η λᵢ)ᵏ (x₀,ᵢ − mᵢ).
struct DiagonalQuadratic {
    lambda: Vec<f64>,
    m: Vec<f64>,
}

impl DiagonalQuadratic {
    fn random(cx: &mut Ctx, n: usize) -> Self {
        DiagonalQuadratic {
            lambda: (0..n).map(|_| cx.f64_in(0.5, 10.0)).collect(),
            m: (0..n).map(|_| cx.f64_in(-3.0, 3.0)).collect(),
        }
    }
    fn grad(&self, x: &Array1<f64>) -> Array1<f64> {
        Array1::from_shape_fn(x.len(), |i| self.lambda[i] * (x[i] - self.m[i]))
    }
    fn lambda_max(&self) -> f64 {
        self.lambda.iter().copied().fold(0.0, f64::max)
    }
    fn iterate(&self, x0: &Array1<f64>, lr: f64, k: usize) -> Array1<f64> {
        Array1::from_shape_fn(x0.len(), |i| {
            self.m[i] + (1.0 - lr * self.lambda[i]).powi(k as i32) * (x0[i] - self.m[i])
        })
    }
}

fn rosenbrock_by_hand(x: f64, y: f64) -> f64 {
    (1.0 - x) * (1.0 - x) + 100.0 * (y - x * x) * (y - x * x)
}

fn main() {
    harness::run(
        "09",
        vec![
            // ---------------------------------------------------------------- W8 D1-2
            Check::new("forward_difference/first_order", DERIVATIVES, |cx| {
                let (a, x) = exp_family(cx);
                let f = move |t: f64| (a * t).exp();
                let exact = a * (a * x).exp();
                let h = 1e-2;
                let (e1, e2, ratio) = error_ratio(|h| forward_difference(f, x, h), exact, h)?;
                // First order: e(h) ≈ h·|f″|/2, so e(h)/e(h/2) → 2 (1.8–2.2 allows the h² term).
                ensure((1.8..=2.2).contains(&ratio), || {
                    format!("forward difference of exp({a:.3}x) at x = {x:.3}: error {e1:.3e} at h = {h}, {e2:.3e} at h/2 — ratio {ratio:.3}, expected ≈ 2 (first order)")
                })?;
                expect_close(
                    "forward difference error at h = 1e-2 (≈ h·f″/2)",
                    h * a * a * (a * x).exp() / 2.0,
                    e1,
                    // The leading Taylor term predicts the error up to the next term, a
                    // relative a·h ≤ 2 % for h = 1e-2; 10 % leaves a margin.
                    Tol::rel(0.1),
                )
            }),
            Check::new("forward_difference/invalid_step", DERIVATIVES, |_| {
                invalid_step(
                    "forward_difference with h = 0",
                    forward_difference(|x| x, 1.0, 0.0),
                )?;
                invalid_step(
                    "forward_difference with h = −0.1",
                    forward_difference(|x| x, 1.0, -0.1),
                )
            }),
            Check::new("central_difference/second_order", DERIVATIVES, |cx| {
                let (a, x) = exp_family(cx);
                let f = move |t: f64| (a * t).exp();
                let exact = a * (a * x).exp();
                let h = 1e-2;
                let (e1, e2, ratio) = error_ratio(|h| central_difference(f, x, h), exact, h)?;
                // Second order: e(h) ≈ h²·|f‴|/6, so e(h)/e(h/2) → 4.
                ensure((3.6..=4.4).contains(&ratio), || {
                    format!("central difference of exp({a:.3}x) at x = {x:.3}: error {e1:.3e} at h = {h}, {e2:.3e} at h/2 — ratio {ratio:.3}, expected ≈ 4 (second order)")
                })?;
                expect_close(
                    "central difference error at h = 1e-2 (≈ h²·f‴/6)",
                    h * h * a.powi(3) * (a * x).exp() / 6.0,
                    e1,
                    // The leading Taylor term predicts the error up to the next term, a
                    // relative a·h ≤ 2 % for h = 1e-2; 10 % leaves a margin.
                    Tol::rel(0.1),
                )
            }),
            Check::new("central_difference/accuracy", DERIVATIVES, |cx| {
                let x = cx.f64_in(1.0, 3.0);
                // d/dx [ln(x)·sin(x)] = sin(x)/x + ln(x)·cos(x)
                let got = expect_ok(
                    "central_difference",
                    central_difference(|t| t.ln() * t.sin(), x, 1e-5),
                )?;
                expect_close(
                    &format!("d/dx ln(x)·sin(x) at x = {x:.4}, h = 1e-5"),
                    x.sin() / x + x.ln() * x.cos(),
                    got,
                    CENTRAL,
                )?;
                invalid_step(
                    "central_difference with h = NaN",
                    central_difference(|x| x, 1.0, f64::NAN),
                )
            }),
            Check::new("second_difference/random", DERIVATIVES, |cx| {
                let (a, x) = exp_family(cx);
                let got = expect_ok(
                    "second_difference",
                    second_difference(move |t| (a * t).exp(), x, 1e-4),
                )?;
                // h² truncation ≈ 1e-8·f⁗/12 and rounding ≈ ε·f/h² ≈ 2e-8·f: 1e-6 relative.
                expect_close(
                    &format!("f″ of exp({a:.3}x) at x = {x:.3}, h = 1e-4"),
                    a * a * (a * x).exp(),
                    got,
                    Tol::rel(1e-6),
                )?;
                invalid_step(
                    "second_difference with h = 0",
                    second_difference(|x| x, 1.0, 0.0),
                )
            }),
            // ---------------------------------------------------------------- W8 D3-4
            Check::new("partial_derivative/random", PARTIALS, |cx| {
                let p = array![
                    cx.f64_in(-2.0, 2.0),
                    cx.f64_in(-2.0, 2.0),
                    cx.f64_in(-2.0, 2.0)
                ];
                // f(x, y, z) = x²·y + sin(z)·x
                let f = |v: &Array1<f64>| v[0] * v[0] * v[1] + v[2].sin() * v[0];
                let exact = [
                    2.0 * p[0] * p[1] + p[2].sin(),
                    p[0] * p[0],
                    p[2].cos() * p[0],
                ];
                for (i, &e) in exact.iter().enumerate() {
                    let got = expect_ok("partial_derivative", partial_derivative(f, &p, i, 1e-5))?;
                    expect_close(
                        &format!("∂f/∂x{i} of x²y + sin(z)x at {p}"),
                        e,
                        got,
                        CENTRAL,
                    )?;
                }
                Ok(())
            }),
            Check::new("partial_derivative/errors", PARTIALS, |_| {
                let p = array![1.0, 2.0];
                let e = expect_err(
                    "partial_derivative with i = 2 for a 2-D point",
                    partial_derivative(|v| v[0], &p, 2, 1e-5),
                )?;
                ensure(
                    matches!(e, CalcError::IndexOutOfRange { index: 2, len: 2 }),
                    || {
                        format!(
                            "expected CalcError::IndexOutOfRange {{ index: 2, len: 2 }}, got {e:?}"
                        )
                    },
                )?;
                invalid_step(
                    "partial_derivative with h = 0",
                    partial_derivative(|v| v[0], &p, 0, 0.0),
                )
            }),
            Check::new("gradient/random", PARTIALS, |cx| {
                let n = cx.usize_in(1..=8);
                let q = Quadratic::random(cx, n);
                let x = cx.vector(n);
                let got = expect_ok("gradient", gradient(|v| q.value(v), &x, 1e-5))?;
                expect_array_close(
                    &format!("∇(½xᵀSx + c·sin x) in {n} dimensions"),
                    &q.grad(&x),
                    &got,
                    CENTRAL,
                )?;
                let e = expect_err(
                    "gradient with h = −1e-5",
                    gradient(|v| q.value(v), &x, -1e-5),
                )?;
                ensure(matches!(e, CalcError::InvalidStep(_)), || {
                    format!("h = −1e-5: expected CalcError::InvalidStep, got {e:?}")
                })
            }),
            // ---------------------------------------------------------------- W8 D5-6
            Check::new("dual_arithmetic/rules", CHAIN, |cx| {
                let u = Dual {
                    re: cx.f64_in(0.5, 3.0),
                    eps: cx.normal(),
                };
                let v = Dual {
                    re: cx.f64_in(0.5, 3.0),
                    eps: cx.normal(),
                };
                let pairs = [
                    ("u + v", u + v, u.re + v.re, u.eps + v.eps),
                    ("u − v", u - v, u.re - v.re, u.eps - v.eps),
                    (
                        "u · v (product rule)",
                        u * v,
                        u.re * v.re,
                        u.eps * v.re + u.re * v.eps,
                    ),
                    (
                        "u / v (quotient rule)",
                        u / v,
                        u.re / v.re,
                        (u.eps * v.re - u.re * v.eps) / (v.re * v.re),
                    ),
                ];
                for (what, got, re, eps) in pairs {
                    expect_close(
                        &format!("value of {what} for u = {u:?}, v = {v:?}"),
                        re,
                        got.re,
                        DUAL,
                    )?;
                    expect_close(
                        &format!("derivative part of {what} for u = {u:?}, v = {v:?}"),
                        eps,
                        got.eps,
                        DUAL,
                    )?;
                }
                Ok(())
            }),
            Check::new("dual_functions/chain_rule", CHAIN, |cx| {
                let u = Dual {
                    re: cx.f64_in(0.2, 3.0),
                    eps: cx.f64_in(-2.0, 2.0),
                };
                let cases = [
                    ("sin(u)", u.sin(), u.re.sin(), u.re.cos() * u.eps),
                    ("cos(u)", u.cos(), u.re.cos(), -u.re.sin() * u.eps),
                    ("exp(u)", u.exp(), u.re.exp(), u.re.exp() * u.eps),
                    ("ln(u)", u.ln(), u.re.ln(), u.eps / u.re),
                ];
                for (what, got, re, eps) in cases {
                    expect_close(&format!("value of {what} for u = {u:?}"), re, got.re, DUAL)?;
                    expect_close(
                        &format!("derivative part of {what} for u = {u:?} (chain rule: f′(u)·u′)"),
                        eps,
                        got.eps,
                        DUAL,
                    )?;
                }
                Ok(())
            }),
            Check::new("derivative_dual/closed_forms", CHAIN, |cx| {
                let x = cx.f64_in(0.3, 3.0);
                type Case = (&'static str, fn(Dual) -> Dual, f64);
                let cases: [Case; 5] = [
                    (
                        "x³ − 2x + 1",
                        |x| x * x * x - Dual::constant(2.0) * x + Dual::constant(1.0),
                        3.0 * x * x - 2.0,
                    ),
                    (
                        "sin(x)·exp(x)",
                        |x| x.sin() * x.exp(),
                        x.exp() * (x.sin() + x.cos()),
                    ),
                    ("ln(x) / x", |x| x.ln() / x, (1.0 - x.ln()) / (x * x)),
                    ("cos(x²)", |x| (x * x).cos(), -2.0 * x * (x * x).sin()),
                    (
                        "exp(sin(x)) / (1 + x²)",
                        |x| x.sin().exp() / (Dual::constant(1.0) + x * x),
                        x.sin().exp() * (x.cos() * (1.0 + x * x) - 2.0 * x) / (1.0 + x * x).powi(2),
                    ),
                ];
                for (what, f, exact) in cases {
                    expect_close(
                        &format!("d/dx {what} at x = {x:.4} (vs the closed form)"),
                        exact,
                        derivative_dual(f, x),
                        DUAL,
                    )?;
                }
                Ok(())
            }),
            Check::new("gradient_dual/closed_form", CHAIN, |cx| {
                let n = cx.usize_in(2..=6);
                let x: Vec<f64> = (0..n).map(|_| cx.f64_in(0.2, 2.0)).collect();
                // f(x) = Σᵢ sin(xᵢ)·xᵢ₊₁ + ln(x₀)·exp(xₙ₋₁)
                let f = |p: &[Dual]| {
                    let n = p.len();
                    let mut s = p[0].ln() * p[n - 1].exp();
                    for i in 0..n - 1 {
                        s = s + p[i].sin() * p[i + 1];
                    }
                    s
                };
                let mut exact = vec![0.0; n];
                for i in 0..n - 1 {
                    exact[i] += x[i].cos() * x[i + 1];
                    exact[i + 1] += x[i].sin();
                }
                exact[0] += x[n - 1].exp() / x[0];
                exact[n - 1] += x[0].ln() * x[n - 1].exp();
                let got = gradient_dual(f, &x);
                expect_slice_close(
                    &format!("∇ of Σ sin(xᵢ)xᵢ₊₁ + ln(x₀)exp(xₙ₋₁) in {n} dimensions"),
                    &exact,
                    &got,
                    DUAL,
                )
            }),
            // ---------------------------------------------------------------- W8 D7
            Check::new("rosenbrock/values", DESCENT, |cx| {
                for _ in 0..20 {
                    let (x, y) = (cx.f64_in(-2.0, 2.0), cx.f64_in(-1.0, 3.0));
                    expect_close(
                        &format!("rosenbrock({x:.4}, {y:.4})"),
                        rosenbrock_by_hand(x, y),
                        rosenbrock(&array![x, y]),
                        // The same formula in another order: a few ulps of values ≤ ~2500.
                        Tol::new(1e-12, 1e-12),
                    )?;
                }
                expect_close(
                    "rosenbrock(1, 1) (the minimum)",
                    0.0,
                    rosenbrock(&array![1.0, 1.0]),
                    Tol::EXACT,
                )
            }),
            Check::new(
                "rosenbrock_gradient/vs_central_differences",
                DESCENT,
                |cx| {
                    for _ in 0..20 {
                        let (x, y) = (cx.f64_in(-2.0, 2.0), cx.f64_in(-1.0, 3.0));
                        let h = 1e-6;
                        let gx = (rosenbrock_by_hand(x + h, y) - rosenbrock_by_hand(x - h, y))
                            / (2.0 * h);
                        let gy = (rosenbrock_by_hand(x, y + h) - rosenbrock_by_hand(x, y - h))
                            / (2.0 * h);
                        // f ≤ ~2500 here: rounding ε·f/h ≈ 5e-7 and truncation h²·f‴/6 ≈ 1e-10.
                        expect_array_close(
                            &format!("∇rosenbrock({x:.4}, {y:.4}) (vs central differences)"),
                            &array![gx, gy],
                            &rosenbrock_gradient(&array![x, y]),
                            Tol::new(1e-6, 1e-5),
                        )?;
                    }
                    Ok(())
                },
            ),
            Check::new("gradient_descent/quadratic_iterates", DESCENT, |cx| {
                let n = cx.usize_in(1..=5);
                let q = DiagonalQuadratic::random(cx, n);
                let x0 = Array1::from_shape_fn(n, |_| cx.f64_in(-5.0, 5.0));
                let lr = cx.f64_in(0.2, 1.0) / q.lambda_max();
                let config = GdConfig {
                    learning_rate: lr,
                    max_iter: 150,
                    tol: 0.0,
                    divergence_limit: 1e8,
                };
                let run = expect_ok(
                    "gradient_descent",
                    gradient_descent(|x| q.grad(x), &x0, &config),
                )?;
                expect_eq(
                    "path.len() (the start plus one point per update)",
                    run.iterations + 1,
                    run.path.len(),
                )?;
                expect_array_close("path[0] (the start)", &x0, &run.path[0], Tol::EXACT)?;
                for k in [1, 2, 10, run.iterations] {
                    if k < run.path.len() {
                        expect_array_close(
                            &format!(
                                "x after {k} updates with η = {lr:.4} (vs m + (1 − ηλ)ᵏ(x₀ − m))"
                            ),
                            &q.iterate(&x0, lr, k),
                            &run.path[k],
                            ITERATES,
                        )?;
                    }
                }
                expect_array_close(
                    "run.x (the last point of the path)",
                    run.path.last().expect("non-empty"),
                    &run.x,
                    Tol::EXACT,
                )
            }),
            Check::new("gradient_descent/converges", DESCENT, |cx| {
                let n = cx.usize_in(1..=5);
                let q = DiagonalQuadratic::random(cx, n);
                let x0 = Array1::from_shape_fn(n, |_| cx.f64_in(-5.0, 5.0));
                // η = 1/λ_max: every coordinate shrinks by at most 1 − λ_min/λ_max ≤ 0.95 per step.
                let config = GdConfig {
                    learning_rate: 1.0 / q.lambda_max(),
                    max_iter: 5_000,
                    tol: 1e-9,
                    divergence_limit: 1e8,
                };
                let run = expect_ok(
                    "gradient_descent",
                    gradient_descent(|x| q.grad(x), &x0, &config),
                )?;
                expect_eq("status with η = 1/λ_max", GdStatus::Converged, run.status)?;
                let g = q.grad(&run.x);
                ensure(g.dot(&g).sqrt() <= 1e-9, || {
                    format!(
                        "‖∇f‖ at the returned point is {:e}, above tol = 1e-9",
                        g.dot(&g).sqrt()
                    )
                })?;
                // One step earlier the gradient was still above tol (it stopped at the first chance).
                if run.iterations > 0 {
                    let g = q.grad(&run.path[run.iterations - 1]);
                    ensure(g.dot(&g).sqrt() > 1e-9, || {
                        "the run went on after the gradient fell below tol".into()
                    })?;
                }
                expect_array_close(
                    "the minimiser m",
                    &Array1::from(q.m.clone()),
                    &run.x,
                    // ‖∇f‖ ≤ 1e-9 and every λᵢ ≥ 0.5 put x within 2e-9 of m.
                    Tol::abs(1e-8),
                )
            }),
            Check::new("gradient_descent/learning_rates", DESCENT, |cx| {
                let n = cx.usize_in(1..=5);
                let q = DiagonalQuadratic::random(cx, n);
                let x0 = Array1::from_shape_fn(n, |_| q.m[0] + cx.f64_in(1.0, 5.0));
                let l = q.lambda_max();
                // Too small: after 200 steps of η = 0.001/λ_max the error shrank by at most ~18 %.
                let slow = expect_ok(
                    "gradient_descent (η tiny)",
                    gradient_descent(
                        |x| q.grad(x),
                        &x0,
                        &GdConfig {
                            learning_rate: 0.001 / l,
                            max_iter: 200,
                            tol: 1e-9,
                            divergence_limit: 1e8,
                        },
                    ),
                )?;
                expect_eq(
                    "status with η = 0.001/λ_max and 200 steps (too slow)",
                    GdStatus::MaxIterations,
                    slow.status,
                )?;
                expect_eq("iterations when stopped by max_iter", 200, slow.iterations)?;
                // Too large: with η > 2/λ_max the stiffest coordinate is multiplied by |1 − ηλ| > 1.
                let fast = expect_ok(
                    "gradient_descent (η too large)",
                    gradient_descent(
                        |x| q.grad(x),
                        &x0,
                        &GdConfig {
                            learning_rate: 2.5 / l,
                            max_iter: 10_000,
                            tol: 1e-9,
                            divergence_limit: 1e6,
                        },
                    ),
                )?;
                expect_eq(
                    "status with η = 2.5/λ_max (diverges)",
                    GdStatus::Diverged,
                    fast.status,
                )?;
                ensure(fast.iterations < 10_000, || {
                    "divergence must stop the run early".into()
                })?;
                let blown = fast.x.iter().any(|v| !v.is_finite() || v.abs() > 1e6);
                ensure(blown, || {
                    format!(
                        "Diverged was reported but the last point {} is within the limit 1e6",
                        fast.x
                    )
                })?;
                ensure(
                    fast.path[..fast.path.len() - 1]
                        .iter()
                        .all(|p| p.iter().all(|v| v.is_finite() && v.abs() <= 1e6)),
                    || "the run should stop at the first point beyond the limit".into(),
                )?;
                let e = expect_err(
                    "gradient_descent with η = −0.1",
                    gradient_descent(|x| q.grad(x), &x0, &GdConfig::new(-0.1)),
                )?;
                ensure(matches!(e, CalcError::InvalidLearningRate(_)), || {
                    format!("η = −0.1: expected CalcError::InvalidLearningRate, got {e:?}")
                })
            }),
            Check::new("gradient_descent/rosenbrock", DESCENT, |cx| {
                // The exact gradient by hand, so this check does not depend on rosenbrock_gradient.
                let grad = |p: &Array1<f64>| {
                    array![
                        -2.0 * (1.0 - p[0]) - 400.0 * p[0] * (p[1] - p[0] * p[0]),
                        200.0 * (p[1] - p[0] * p[0])
                    ]
                };
                let x0 = array![cx.f64_in(-1.5, -0.5), cx.f64_in(1.0, 2.0)];
                // η = 1e-3 is stable along the valley (Hessian eigenvalues ≲ 1000 near it).
                let config = GdConfig {
                    learning_rate: 1e-3,
                    max_iter: 100_000,
                    tol: 1e-6,
                    divergence_limit: 1e8,
                };
                let run = expect_ok(
                    "gradient_descent on Rosenbrock",
                    gradient_descent(grad, &x0, &config),
                )?;
                expect_eq(
                    &format!("status on Rosenbrock from {x0} with η = 1e-3"),
                    GdStatus::Converged,
                    run.status,
                )?;
                // ‖∇f‖ ≤ 1e-6 near the minimum, where the smallest Hessian eigenvalue is ≈ 0.4,
                // puts the point within ≈ 1e-6/0.4 = 2.5e-6 of (1, 1); 1e-4 is a 40× margin.
                expect_array_close(
                    "the Rosenbrock minimiser (1, 1)",
                    &array![1.0, 1.0],
                    &run.x,
                    Tol::abs(1e-4),
                )?;
                // Too large a step on the steep valley walls blows up.
                let wild = expect_ok(
                    "gradient_descent on Rosenbrock with η = 0.01",
                    gradient_descent(grad, &x0, &GdConfig::new(0.01)),
                )?;
                expect_eq(
                    "status on Rosenbrock with η = 0.01",
                    GdStatus::Diverged,
                    wild.status,
                )
            }),
            Check::new("plot_descent/png", DESCENT, |cx| {
                // The path comes from this check's own descent loop (η = 1e-3 on Rosenbrock), so
                // only the drawing is tested here.
                let mut p = array![-1.2, 1.0]; // the classic start
                let mut path = vec![p.clone()];
                for _ in 0..5000 {
                    let g = array![
                        -2.0 * (1.0 - p[0]) - 400.0 * p[0] * (p[1] - p[0] * p[0]),
                        200.0 * (p[1] - p[0] * p[0])
                    ];
                    p = &p - &(1e-3 * &g);
                    path.push(p.clone());
                }
                let (w, h) = (cx.usize_in(560..=720) as u32, cx.usize_in(420..=520) as u32);
                let out = cx.plot_path("descent.png");
                expect_ok(
                    "plot_descent",
                    plot_descent(
                        |x, y| rosenbrock_by_hand(x, y),
                        &path,
                        (-2.0, 2.0),
                        (-1.0, 3.0),
                        fresh(&out),
                        (w, h),
                    ),
                )?;
                // Axes and labels alone cover ~1–2 %; contours plus the path add far more.
                expect_png(
                    &format!("{} (the contour dots and the path)", out.display()),
                    &out,
                    (w, h),
                    0.03,
                )?;
                // Bad inputs must be refused before anything is drawn (a scratch file, so the
                // learner's plot above is never overwritten).
                let scratch = std::env::temp_dir()
                    .join(format!("workbook-09-bad-{}.png", std::process::id()));
                let e = expect_err(
                    "plot_descent of an empty path",
                    plot_descent(|x, y| x + y, &[], (0.0, 1.0), (0.0, 1.0), &scratch, (w, h)),
                )?;
                ensure(matches!(e, CalcError::EmptyPath), || {
                    format!("empty path: expected CalcError::EmptyPath, got {e:?}")
                })?;
                let three_d = vec![array![0.0, 0.0], array![1.0, 1.0, 1.0]];
                let e = expect_err(
                    "plot_descent of a path with a 3-D point",
                    plot_descent(
                        |x, y| x + y,
                        &three_d,
                        (0.0, 1.0),
                        (0.0, 1.0),
                        &scratch,
                        (w, h),
                    ),
                )?;
                let _ = std::fs::remove_file(&scratch);
                ensure(
                    matches!(e, CalcError::NotTwoDimensional { index: 1, len: 3 }),
                    || {
                        format!("path point 1 has 3 coordinates: expected CalcError::NotTwoDimensional {{ index: 1, len: 3 }}, got {e:?}")
                    },
                )
            }),
        ],
    );
}
