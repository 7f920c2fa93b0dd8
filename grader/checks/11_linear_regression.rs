//! Hidden checks for chapter 11 (linear-regression). Expected values come from
//! linfa-linear's least-squares fit, from plain loops, from central differences and
//! from known solutions — never from the reference solution.

use std::time::Instant;

use harness::prelude::*;
use linear_regression::*;
use linfa::prelude::*;
use linfa_linear::LinearRegression;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

const DAY: &[&str] = &["W9-10 D3-4"];
/// Closed forms against linfa's QR-based least squares: SPEC §3 asks 1e-6 relative.
const CLOSED: Tol = Tol::new(1e-6, 1e-9);
/// Loops of a few hundred products: rounding only.
const SUMS: Tol = Tol::new(1e-10, 1e-10);
/// A well-conditioned solve recovers a known answer to near machine precision.
const SOLVE: Tol = Tol::new(1e-9, 1e-9);
/// Central differences in f64 with h = 1e-5 have error ~h² · f''' ≈ 1e-9 relative.
const GRAD: Tol = Tol::new(1e-6, 1e-7);
/// Batch gradient descent with lr 0.1 on standardised data: 3000 epochs leave the
/// training R² within 0.002 of the closed form on diabetes (its features are
/// correlated, so the last digits converge slowly).
const GD_R2_MARGIN: f64 = 0.002;
/// Minibatch steps are noisy: the R² may sit up to 0.01 below the closed form.
const MINIBATCH_R2_MARGIN: f64 = 0.01;
/// The Ames columns the checks use (no missing values in these in the shipped file).
const AMES_COLS: [&str; 5] = [
    "Gr_Liv_Area",
    "Total_Bsmt_SF",
    "Garage_Area",
    "Year_Built",
    "Lot_Area",
];

// ---------------------------------------------------------------- independent routes

/// linfa-linear's OLS (least squares by QR in linfa-linalg, no normal equation).
fn linfa_ols(x: &Array2<f64>, y: &Array1<f64>) -> (f64, Array1<f64>) {
    let ds = Dataset::new(x.clone(), y.clone());
    let fit = LinearRegression::new().fit(&ds).expect("linfa fits");
    (fit.intercept(), fit.params().clone())
}

fn naive_predict(x: ArrayView2<f64>, intercept: f64, coef: ArrayView1<f64>) -> Array1<f64> {
    Array1::from_shape_fn(x.nrows(), |i| {
        intercept + (0..x.ncols()).map(|j| x[[i, j]] * coef[j]).sum::<f64>()
    })
}

fn naive_r2(y: &Array1<f64>, p: &Array1<f64>) -> f64 {
    let m = y.iter().sum::<f64>() / y.len() as f64;
    let mut res = 0.0;
    let mut tot = 0.0;
    for i in 0..y.len() {
        res += (y[i] - p[i]).powi(2);
        tot += (y[i] - m).powi(2);
    }
    1.0 - res / tot
}

fn naive_mse_loss(x: ArrayView2<f64>, y: ArrayView1<f64>, w: &[f64], b: f64) -> f64 {
    let mut s = 0.0;
    for i in 0..x.nrows() {
        let mut p = b;
        for j in 0..x.ncols() {
            p += x[[i, j]] * w[j];
        }
        s += (p - y[i]).powi(2);
    }
    s / x.nrows() as f64
}

fn diabetes() -> (Array2<f64>, Array1<f64>) {
    let ds = linfa_datasets::diabetes();
    (ds.records().clone(), ds.targets().clone())
}

/// Ames columns read by the check itself from the CSV rows.
fn ames_by_hand(cols: &[&str]) -> (Array2<f64>, Array1<f64>) {
    let t = datasets::table("ames_housing").expect("ames_housing loads");
    let idx: Vec<usize> = cols.iter().map(|c| t.index(c).unwrap()).collect();
    let ti = t.index("Sale_Price").unwrap();
    let mut v = Vec::new();
    let mut y = Vec::new();
    for row in &t.rows {
        let fields: Vec<&str> = idx.iter().map(|&j| row[j].as_str()).collect();
        if row[ti].is_empty() || fields.iter().any(|f| f.is_empty() || *f == "NA") {
            continue;
        }
        v.extend(fields.iter().map(|f| f.parse::<f64>().unwrap()));
        y.push(row[ti].parse::<f64>().unwrap());
    }
    (
        Array2::from_shape_vec((y.len(), cols.len()), v).unwrap(),
        Array1::from(y),
    )
}

/// y = x·w + b + small noise, with columns on different scales.
fn synthetic(cx: &mut Ctx, n: usize, d: usize) -> (Array2<f64>, Array1<f64>) {
    let scales = Array1::from_shape_fn(d, |j| 10f64.powi(j as i32 % 3));
    let x = cx.matrix(n, d) * &scales + 3.0;
    let w = cx.vector(d);
    let b = cx.f64_in(-5.0, 5.0);
    let noise = cx.vector(n) * 0.1;
    let y = x.dot(&w) + b + noise;
    (x, y)
}

fn coef_tol(reference: &Array1<f64>) -> Tol {
    // Relative 1e-6 per coefficient, with an absolute floor tied to the largest one so a
    // coefficient that is nearly 0 is not held to an impossible relative standard.
    let big = reference.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    Tol::new(CLOSED.rel, 1e-9 * big.max(1.0))
}

fn check_against_linfa(what: &str, x: &Array2<f64>, y: &Array1<f64>) -> CheckResult {
    let (b, w) = linfa_ols(x, y);
    let m = expect_ok(
        &format!("normal_equation on {what}"),
        normal_equation(x.view(), y.view()),
    )?;
    expect_array_close(
        &format!("coef ({what}) against linfa-linear"),
        &w,
        &m.coef,
        coef_tol(&w),
    )?;
    expect_close(
        &format!("intercept ({what}) against linfa-linear"),
        b,
        m.intercept,
        Tol::new(CLOSED.rel, 1e-9 * b.abs().max(1.0)),
    )
}

/// `plot_predicted_vs_actual` draws 640 × 480 pixels; 2000 of them inked (0.65 %) is more
/// than the axes and labels alone.
const PLOT_SIZE: (u32, u32) = (640, 480);
const MIN_INK: f64 = 2000.0 / (640.0 * 480.0);

// ---------------------------------------------------------------- the comparison

fn compare() -> Result<Comparison, String> {
    let (x, y) = diabetes();
    // diabetes is not sorted by anything: the first 80 % are the training rows.
    let cut = x.nrows() * 4 / 5;
    let (xt, xs) = (
        x.slice(ndarray::s![..cut, ..]).to_owned(),
        x.slice(ndarray::s![cut.., ..]).to_owned(),
    );
    let (yt, ys) = (
        y.slice(ndarray::s![..cut]).to_owned(),
        y.slice(ndarray::s![cut..]).to_owned(),
    );

    let start = Instant::now();
    let mine =
        normal_equation(xt.view(), yt.view()).map_err(|e| format!("normal_equation: {e}"))?;
    let mine_ms = start.elapsed().as_secs_f64() * 1e3;
    let start = Instant::now();
    let ds = Dataset::new(xt.clone(), yt.clone());
    let theirs = LinearRegression::new()
        .fit(&ds)
        .map_err(|e| e.to_string())?;
    let theirs_ms = start.elapsed().as_secs_f64() * 1e3;

    let start = Instant::now();
    let gd = batch_gd(xt.view(), yt.view(), 0.1, 3000).map_err(|e| format!("batch_gd: {e}"))?;
    let gd_ms = start.elapsed().as_secs_f64() * 1e3;

    let mine_test = mine.predict(xs.view()).map_err(|e| e.to_string())?;
    let theirs_test = theirs.predict(&xs);
    let gd_test = gd.model.predict(xs.view()).map_err(|e| e.to_string())?;

    let mut table = Comparison::new(
        "linfa-linear 0.8 (LinearRegression, least squares)",
        format!(
            "diabetes (linfa-datasets), {} rows; first {cut} train, last {} test",
            x.nrows(),
            x.nrows() - cut
        ),
    );
    table.timed_row(
        "R² (test), normal equation",
        naive_r2(&ys, &mine_test),
        naive_r2(&ys, &theirs_test),
        mine_ms,
        theirs_ms,
    );
    table.timed_row(
        "R² (test), batch GD 3000 epochs",
        naive_r2(&ys, &gd_test),
        naive_r2(&ys, &theirs_test),
        gd_ms,
        theirs_ms,
    );
    table.row("intercept", mine.intercept, theirs.intercept());
    let names = [
        "age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6",
    ];
    for (j, name) in names.iter().enumerate() {
        table.row(format!("coef[{name}]"), mine.coef[j], theirs.params()[j]);
    }
    let path = harness::plots_dir()
        .join("11")
        .join("compare_predicted_vs_actual.png");
    plot_predicted_vs_actual(
        ys.view(),
        mine_test.view(),
        "diabetes: predicted vs actual (test)",
        &path,
    )
    .map_err(|e| format!("plot: {e}"))?;
    table.plot(&path);
    Ok(table)
}

// ---------------------------------------------------------------- the checks

fn main() {
    harness::run_with_compare(
        "11",
        vec![
            Check::new("solve/random", DAY, |cx| {
                let n = cx.usize_in(1..=8);
                // Diagonally dominant, hence well conditioned: the known answer is recoverable.
                let a = cx.matrix(n, n) + Array2::<f64>::eye(n) * (2.0 * n as f64);
                let truth = cx.vector(n);
                let b = a.dot(&truth);
                let got = expect_ok("solve(a, b)", solve(a.view(), b.view()))?;
                expect_array_close(
                    &format!("w solving a {n} × {n} system a·w = b (known w)"),
                    &truth,
                    &got,
                    SOLVE,
                )
            }),
            Check::new("solve/needs_pivoting", DAY, |cx| {
                // a[0][0] = 0: elimination without a row swap divides by zero.
                let (p, q) = (cx.f64_in(1.0, 5.0), cx.f64_in(1.0, 5.0));
                let a = ndarray::array![[0.0, p, 1.0], [q, 1.0, 0.0], [1.0, 1.0, 1.0]];
                let truth = cx.vector(3);
                let b = a.dot(&truth);
                let got = expect_ok(
                    "solve with a zero in the top-left corner",
                    solve(a.view(), b.view()),
                )?;
                expect_array_close("w (zero first pivot: swap rows)", &truth, &got, SOLVE)
            }),
            Check::new("solve/bad_input", DAY, |cx| {
                let mut a = cx.matrix(3, 3);
                let r0 = a.row(0).to_owned();
                a.row_mut(2).assign(&(&r0 * 2.0)); // row 2 = 2 · row 0
                let err = expect_err(
                    "solve with a singular matrix",
                    solve(a.view(), cx.vector(3).view()),
                )?;
                ensure(matches!(err, LinError::Singular), || {
                    format!("a singular matrix should give LinError::Singular, got {err:?}")
                })?;
                expect_err(
                    "solve with a 2 × 3 matrix",
                    solve(cx.matrix(2, 3).view(), cx.vector(2).view()),
                )?;
                expect_err(
                    "solve with b of the wrong length",
                    solve(cx.matrix(3, 3).view(), cx.vector(4).view()),
                )?;
                Ok(())
            }),
            Check::new("normal_equation/random", DAY, |cx| {
                let (n, d) = (cx.usize_in(20..=200), cx.usize_in(1..=6));
                let (x, y) = synthetic(cx, n, d);
                check_against_linfa(&format!("random {n} × {d}"), &x, &y)
            }),
            Check::new("normal_equation/diabetes", DAY, |_| {
                let (x, y) = diabetes();
                // linfa-datasets' diabetes has 441 rows (SPEC §8), 10 features.
                expect_shape("diabetes records", &[441, 10], x.shape())?;
                check_against_linfa("diabetes", &x, &y)
            }),
            Check::new("normal_equation/ames", DAY, |_| {
                let (x, y) = ames_by_hand(&AMES_COLS);
                check_against_linfa(
                    &format!("ames_housing {:?} → Sale_Price", AMES_COLS),
                    &x,
                    &y,
                )
            }),
            Check::new("normal_equation/singular", DAY, |cx| {
                let mut x = cx.matrix(30, 3);
                let c0 = x.column(0).to_owned();
                x.column_mut(2).assign(&(&c0 * 3.0));
                let err = expect_err(
                    "normal_equation with column 2 = 3 · column 0",
                    normal_equation(x.view(), cx.vector(30).view()),
                )?;
                ensure(matches!(err, LinError::Singular), || {
                    format!("a duplicated column should give LinError::Singular, got {err:?}")
                })?;
                let mut x = cx.matrix(30, 2);
                x.column_mut(1).fill(4.0);
                expect_err(
                    "normal_equation with a constant column (collinear with the intercept)",
                    normal_equation(x.view(), cx.vector(30).view()),
                )?;
                expect_err(
                    "normal_equation with 30 rows and 29 targets",
                    normal_equation(cx.matrix(30, 2).view(), cx.vector(29).view()),
                )?;
                expect_err(
                    "normal_equation on 0 rows",
                    normal_equation(
                        Array2::<f64>::zeros((0, 2)).view(),
                        Array1::<f64>::zeros(0).view(),
                    ),
                )?;
                Ok(())
            }),
            Check::new("predict/random", DAY, |cx| {
                let (n, d) = (cx.usize_in(1..=30), cx.usize_in(1..=6));
                let x = cx.matrix(n, d);
                let m = LinearModel {
                    intercept: cx.normal(),
                    coef: cx.vector(d),
                };
                let got = expect_ok("LinearModel::predict", m.predict(x.view()))?;
                expect_array_close(
                    "ŷ = intercept + x·coef",
                    &naive_predict(x.view(), m.intercept, m.coef.view()),
                    &got,
                    SUMS,
                )?;
                expect_err(
                    "predict with one column too many",
                    m.predict(cx.matrix(2, d + 1).view()),
                )?;
                Ok(())
            }),
            Check::new("mse/random", DAY, |cx| {
                let n = cx.usize_in(1..=50);
                let (y, p) = (cx.vector(n), cx.vector(n));
                let expected = (0..n).map(|i| (y[i] - p[i]).powi(2)).sum::<f64>() / n as f64;
                expect_close(
                    "mse(y, ŷ)",
                    expected,
                    expect_ok("mse", mse(y.view(), p.view()))?,
                    SUMS,
                )?;
                expect_err(
                    "mse of 3 and 4 values",
                    mse(cx.vector(3).view(), cx.vector(4).view()),
                )?;
                expect_err(
                    "mse of no values",
                    mse(
                        Array1::<f64>::zeros(0).view(),
                        Array1::<f64>::zeros(0).view(),
                    ),
                )?;
                Ok(())
            }),
            Check::new("mae/random", DAY, |cx| {
                let n = cx.usize_in(1..=50);
                let (y, p) = (cx.vector(n), cx.vector(n));
                let expected = (0..n).map(|i| (y[i] - p[i]).abs()).sum::<f64>() / n as f64;
                expect_close(
                    "mae(y, ŷ)",
                    expected,
                    expect_ok("mae", mae(y.view(), p.view()))?,
                    SUMS,
                )?;
                expect_err(
                    "mae of 3 and 4 values",
                    mae(cx.vector(3).view(), cx.vector(4).view()),
                )?;
                Ok(())
            }),
            Check::new("r2/random", DAY, |cx| {
                let n = cx.usize_in(2..=50);
                let (y, p) = (cx.vector(n), cx.vector(n));
                expect_close(
                    "r2(y, ŷ)",
                    naive_r2(&y, &p),
                    expect_ok("r2", r2(y.view(), p.view()))?,
                    SUMS,
                )?;
                expect_close(
                    "r2(y, y) (a perfect fit)",
                    1.0,
                    expect_ok("r2", r2(y.view(), y.view()))?,
                    SUMS,
                )?;
                let mean = Array1::from_elem(n, y.sum() / n as f64);
                expect_close(
                    "r2(y, ȳ) (predicting the mean)",
                    0.0,
                    expect_ok("r2", r2(y.view(), mean.view()))?,
                    SUMS,
                )?;
                expect_err(
                    "r2 of a constant target",
                    r2(Array1::from_elem(4, 2.0).view(), cx.vector(4).view()),
                )?;
                Ok(())
            }),
            Check::new("mse_gradient/central_differences", DAY, |cx| {
                let (n, d) = (cx.usize_in(2..=30), cx.usize_in(1..=5));
                let x = cx.matrix(n, d);
                let y = cx.vector(n);
                let w = cx.vector(d);
                let b = cx.normal();
                let (gw, gb) = expect_ok(
                    "mse_gradient",
                    mse_gradient(x.view(), y.view(), w.view(), b),
                )?;
                let h = 1e-5;
                let mut numeric = Vec::new();
                for j in 0..d {
                    let (mut up, mut down) = (w.to_vec(), w.to_vec());
                    up[j] += h;
                    down[j] -= h;
                    numeric.push(
                        (naive_mse_loss(x.view(), y.view(), &up, b)
                            - naive_mse_loss(x.view(), y.view(), &down, b))
                            / (2.0 * h),
                    );
                }
                expect_slice_close(
                    "∂J/∂w against central differences",
                    &numeric,
                    gw.as_slice().unwrap_or(&[]),
                    GRAD,
                )?;
                let nb = (naive_mse_loss(x.view(), y.view(), w.as_slice().unwrap(), b + h)
                    - naive_mse_loss(x.view(), y.view(), w.as_slice().unwrap(), b - h))
                    / (2.0 * h);
                expect_close("∂J/∂b against central differences", nb, gb, GRAD)?;
                expect_err(
                    "mse_gradient with d + 1 weights",
                    mse_gradient(x.view(), y.view(), cx.vector(d + 1).view(), b),
                )?;
                Ok(())
            }),
            Check::new("batch_gd/random", DAY, |cx| {
                let (n, d) = (cx.usize_in(30..=200), cx.usize_in(1..=4));
                let (x, y) = synthetic(cx, n, d);
                let (b, w) = linfa_ols(&x, &y);
                let fit = expect_ok(
                    "batch_gd(x, y, 0.1, 2000)",
                    batch_gd(x.view(), y.view(), 0.1, 2000),
                )?;
                expect_eq("losses.len() (one per epoch)", 2000, fit.losses.len())?;
                // Independent random columns standardise to a near-identity XᵀX: 2000
                // steps of 0.1 converge to ~1e-12, so 1e-6 relative is generous.
                expect_array_close(
                    "coef after 2000 epochs (original units) against linfa-linear",
                    &w,
                    &fit.model.coef,
                    coef_tol(&w),
                )?;
                expect_close(
                    "intercept after 2000 epochs against linfa-linear",
                    b,
                    fit.model.intercept,
                    Tol::new(1e-6, 1e-6), // converged GD: same margin as the coefficients
                )
            }),
            Check::new("batch_gd/diabetes", DAY, |_| {
                let (x, y) = diabetes();
                let (b, w) = linfa_ols(&x, &y);
                let best = naive_r2(&y, &naive_predict(x.view(), b, w.view()));
                let fit = expect_ok(
                    "batch_gd on diabetes",
                    batch_gd(x.view(), y.view(), 0.1, 3000),
                )?;
                for (e, pair) in fit.losses.windows(2).enumerate() {
                    // With lr 0.1 below 1/λmax of the standardised problem, each step lowers
                    // the loss; allow rounding noise only.
                    if pair[1] > pair[0] * (1.0 + 1e-12) {
                        fail!("the training MSE went up at epoch {}: {} → {} (too large a step, or a sign error?)", e + 1, pair[0], pair[1]);
                    }
                }
                let got = naive_r2(
                    &y,
                    &naive_predict(x.view(), fit.model.intercept, fit.model.coef.view()),
                );
                ensure(got >= best - GD_R2_MARGIN, || {
                    format!("training R² after 3000 epochs of batch GD (lr 0.1): expected ≥ {:.4} (closed form {best:.4} − {GD_R2_MARGIN}), got {got:.4}", best - GD_R2_MARGIN)
                })
            }),
            Check::new("minibatch_gd/diabetes", DAY, |cx| {
                let (x, y) = diabetes();
                let (b, w) = linfa_ols(&x, &y);
                let best = naive_r2(&y, &naive_predict(x.view(), b, w.view()));
                let seed = cx.usize_in(0..=1_000_000) as u64;
                let fit = expect_ok(
                    "minibatch_gd on diabetes",
                    minibatch_gd(x.view(), y.view(), 0.02, 200, 32, seed),
                )?;
                expect_eq("losses.len() (one per epoch)", 200, fit.losses.len())?;
                let got = naive_r2(
                    &y,
                    &naive_predict(x.view(), fit.model.intercept, fit.model.coef.view()),
                );
                ensure(got >= best - MINIBATCH_R2_MARGIN, || {
                    format!("training R² after 200 epochs of minibatch GD (batch 32, lr 0.02): expected ≥ {:.4} (closed form {best:.4} − {MINIBATCH_R2_MARGIN}), got {got:.4}", best - MINIBATCH_R2_MARGIN)
                })?;
                let again = expect_ok(
                    "minibatch_gd with the same seed",
                    minibatch_gd(x.view(), y.view(), 0.02, 200, 32, seed),
                )?;
                expect_array_close(
                    "coef with the same seed (must repeat exactly)",
                    &fit.model.coef,
                    &again.model.coef,
                    Tol::EXACT,
                )?;
                let other = expect_ok(
                    "minibatch_gd with another seed",
                    minibatch_gd(x.view(), y.view(), 0.02, 200, 32, seed + 1),
                )?;
                ensure(other.model.coef != fit.model.coef, || {
                    "two seeds gave identical coefficients: is the row order shuffled with the seed?".into()
                })?;
                expect_err(
                    "minibatch_gd with batch_size 0",
                    minibatch_gd(x.view(), y.view(), 0.02, 10, 0, seed),
                )?;
                expect_err(
                    "minibatch_gd with a negative learning rate",
                    minibatch_gd(x.view(), y.view(), -0.1, 10, 8, seed),
                )?;
                Ok(())
            }),
            Check::new("minibatch_gd/batch_of_everything", DAY, |cx| {
                // One batch holding every row is batch GD (the order of rows does not change
                // a full-batch gradient beyond rounding).
                let (x, y) = synthetic(cx, 40, 2);
                let full = expect_ok("batch_gd", batch_gd(x.view(), y.view(), 0.05, 50))?;
                let mini = expect_ok(
                    "minibatch_gd with batch_size = n",
                    minibatch_gd(x.view(), y.view(), 0.05, 50, 40, 3),
                )?;
                expect_slice_close(
                    "losses: minibatch with batch_size = n against batch_gd",
                    &full.losses,
                    &mini.losses,
                    Tol::new(1e-9, 1e-9), // same arithmetic, rows summed in another order
                )
            }),
            Check::new("polynomial_features/random", DAY, |cx| {
                let (n, deg) = (cx.usize_in(1..=20), cx.usize_in(1..=5));
                let x = cx.vector(n);
                let mut expected = Array2::zeros((n, deg));
                for i in 0..n {
                    let mut p = 1.0;
                    for j in 0..deg {
                        p *= x[i];
                        expected[[i, j]] = p;
                    }
                }
                let got = expect_ok("polynomial_features", polynomial_features(x.view(), deg))?;
                expect_array_close(
                    &format!("polynomial_features(x, {deg})"),
                    &expected,
                    &got,
                    SUMS,
                )?;
                expect_err(
                    "polynomial_features with degree 0",
                    polynomial_features(x.view(), 0),
                )?;
                Ok(())
            }),
            Check::new("polynomial_features/fits_a_cubic", DAY, |cx| {
                let x = Array1::linspace(-2.0, 2.0, 60);
                let c = cx.vector(4);
                let y = x.mapv(|t| c[0] + c[1] * t + c[2] * t * t + c[3] * t * t * t)
                    + cx.vector(60) * 0.05;
                let p = expect_ok(
                    "polynomial_features(x, 3)",
                    polynomial_features(x.view(), 3),
                )?;
                expect_shape("polynomial_features(x, 3)", &[60, 3], p.shape())?;
                let (b, w) = linfa_ols(&p.to_owned(), &y);
                let m = expect_ok(
                    "normal_equation on the cubic features",
                    normal_equation(p.view(), y.view()),
                )?;
                expect_array_close(
                    "cubic coefficients against linfa-linear",
                    &w,
                    &m.coef,
                    coef_tol(&w),
                )?;
                expect_close(
                    "cubic intercept against linfa-linear",
                    b,
                    m.intercept,
                    Tol::new(1e-6, 1e-9), // closed form against QR, as CLOSED
                )
            }),
            Check::new("load_ames/columns", DAY, |cx| {
                let k = cx.usize_in(1..=AMES_COLS.len());
                let cols = &AMES_COLS[..k];
                let (ex, ey) = ames_by_hand(cols);
                let (x, y) = expect_ok(&format!("load_ames({cols:?})"), load_ames(cols))?;
                expect_array_close(&format!("x of load_ames({cols:?})"), &ex, &x, Tol::EXACT)?;
                expect_array_close("y (Sale_Price)", &ey, &y, Tol::EXACT)?;
                expect_err("load_ames with a text column", load_ames(&["Neighborhood"]))?;
                Ok(())
            }),
            Check::new("plot_predicted_vs_actual/png", DAY, |cx| {
                let actual = cx.vector(100) * 50.0 + 150.0;
                let predicted = &actual + &(cx.vector(100) * 20.0);
                let path = cx.plot_path("predicted_vs_actual.png");
                expect_ok(
                    "plot_predicted_vs_actual",
                    plot_predicted_vs_actual(
                        actual.view(),
                        predicted.view(),
                        "check",
                        fresh(&path),
                    ),
                )?;
                expect_png("plot_predicted_vs_actual's PNG", &path, PLOT_SIZE, MIN_INK)?;
                expect_err(
                    "plot with 100 actual and 99 predicted",
                    plot_predicted_vs_actual(
                        actual.view(),
                        predicted.slice(ndarray::s![..99]),
                        "bad",
                        &path,
                    ),
                )?;
                Ok(())
            }),
            Check::new("plot_predicted_vs_actual/diabetes", DAY, |cx| {
                let (x, y) = diabetes();
                let (b, w) = linfa_ols(&x, &y);
                let p = naive_predict(x.view(), b, w.view());
                let path = cx.plot_path("diabetes_predicted_vs_actual.svg");
                expect_ok(
                    "plot_predicted_vs_actual to an .svg",
                    plot_predicted_vs_actual(y.view(), p.view(), "diabetes", fresh(&path)),
                )?;
                let text = std::fs::read_to_string(&path)
                    .or_fail(&format!("reading {}", path.display()))?;
                ensure(
                    text.contains("<svg") && text.matches("<circle").count() >= 441,
                    || {
                        format!(
                            "{} should be an SVG with one circle per example (441), found {}",
                            path.display(),
                            text.matches("<circle").count()
                        )
                    },
                )
            }),
        ],
        compare,
    );
}
