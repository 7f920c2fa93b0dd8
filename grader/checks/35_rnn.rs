//! Hidden checks for chapter 35 (rnn). Windows, baselines and metrics are recomputed here
//! with plain index loops; AR(p) coefficients come from a least-squares solve by modified
//! Gram–Schmidt QR (not the normal equations); the RNN is written again with loops and
//! every gradient is compared with central differences of it, in f64. Nothing comes from
//! the reference solution.

use harness::prelude::*;
use ndarray::{Array1, Array2};
use rand::Rng;
use rnn::*;

const DAY: &[&str] = &["W18 D1-2"];
/// Sums of at most a few hundred O(1) products: a few ulps each.
const FLOAT: Tol = Tol::new(1e-12, 1e-12);
/// Central-difference step: truncation O(h²) ≈ 1e-10 against rounding ε·|L|/h ≈ 1e-11.
const H: f64 = 1e-5;
/// Relative-error threshold for gradients: a right gradient agrees to ~1e-8 here; a
/// wrong one (a missing tanh′, a transpose of wh, a dropped recurrence term) is off by
/// 1e-2 or more.
const GRAD_REL: f64 = 1e-6;
/// Denominator floor of the relative error (the numerical side has ~1e-10 of noise).
const FLOOR: f64 = 1e-3;

fn air() -> Result<Vec<f64>, Failure> {
    let t = datasets::table("air_passengers").or_fail("loading air_passengers")?;
    let col = t.f64_column("passengers").or_fail("passengers column")?;
    // 144 monthly rows, 1949-01 … 1960-12 (Box & Jenkins, series G).
    expect_eq("air_passengers rows", 144, col.len())?;
    col.into_iter()
        .map(|v| v.ok_or_else(|| Failure::new("missing passengers value")))
        .collect()
}

/// Least squares by modified Gram–Schmidt: X = QR, then R β = Qᵀ y by back substitution.
fn lstsq_mgs(x: &Array2<f64>, y: &Array1<f64>) -> Array1<f64> {
    let (n, k) = x.dim();
    let mut q = x.clone();
    let mut r = Array2::<f64>::zeros((k, k));
    for j in 0..k {
        for i in 0..j {
            let mut d = 0.0;
            for t in 0..n {
                d += q[[t, i]] * q[[t, j]];
            }
            r[[i, j]] = d;
            for t in 0..n {
                q[[t, j]] -= d * q[[t, i]];
            }
        }
        let mut norm = 0.0;
        for t in 0..n {
            norm += q[[t, j]] * q[[t, j]];
        }
        let norm = norm.sqrt();
        r[[j, j]] = norm;
        for t in 0..n {
            q[[t, j]] /= norm;
        }
    }
    // Qᵀy with the same re-orthogonalised columns (MGS applied to y).
    let mut yy = y.clone();
    let mut qty = vec![0.0; k];
    for j in 0..k {
        let mut d = 0.0;
        for t in 0..n {
            d += q[[t, j]] * yy[t];
        }
        qty[j] = d;
        for t in 0..n {
            yy[t] -= d * q[[t, j]];
        }
    }
    let mut beta = Array1::zeros(k);
    for i in (0..k).rev() {
        let mut s = qty[i];
        for j in i + 1..k {
            s -= r[[i, j]] * beta[j];
        }
        beta[i] = s / r[[i, i]];
    }
    beta
}

/// AR(p) design with loops: row for t = p … n−1 is [1, y_{t−1}, …, y_{t−p}].
fn ar_design(s: &[f64], p: usize) -> (Array2<f64>, Array1<f64>) {
    let rows = s.len() - p;
    let mut x = Array2::zeros((rows, p + 1));
    let mut y = Array1::zeros(rows);
    for r in 0..rows {
        let t = r + p;
        x[[r, 0]] = 1.0;
        for k in 1..=p {
            x[[r, k]] = s[t - k];
        }
        y[r] = s[t];
    }
    (x, y)
}

/// Recursive AR forecast with an explicit growing vector.
fn ar_recursive(beta: &Array1<f64>, hist: &[f64], horizon: usize) -> Vec<f64> {
    let p = beta.len() - 1;
    let mut all = hist.to_vec();
    for _ in 0..horizon {
        let n = all.len();
        let mut v = beta[0];
        for k in 1..=p {
            v += beta[k] * all[n - k];
        }
        all.push(v);
    }
    all[hist.len()..].to_vec()
}

/// (MAE, RMSE, MAPE %) with loops.
fn metrics_loop(a: &[f64], f: &[f64]) -> (f64, f64, f64) {
    let n = a.len() as f64;
    let (mut m, mut s, mut p) = (0.0, 0.0, 0.0);
    for i in 0..a.len() {
        m += (a[i] - f[i]).abs();
        s += (a[i] - f[i]) * (a[i] - f[i]);
        p += ((a[i] - f[i]) / a[i]).abs();
    }
    (m / n, (s / n).sqrt(), 100.0 * p / n)
}

/// The check's own RNN parameters (plain vectors).
#[derive(Clone)]
struct P {
    wx: Vec<f64>,
    wh: Vec<Vec<f64>>,
    b: Vec<f64>,
    wy: Vec<f64>,
    c: f64,
}

impl P {
    fn random(cx: &mut Ctx, n_h: usize) -> P {
        let mut v = |s: f64| cx.normal() * s;
        P {
            wx: (0..n_h).map(|_| v(0.6)).collect(),
            wh: (0..n_h)
                .map(|_| (0..n_h).map(|_| v(0.4)).collect())
                .collect(),
            b: (0..n_h).map(|_| v(0.3)).collect(),
            wy: (0..n_h).map(|_| v(0.6)).collect(),
            c: v(0.3),
        }
    }
    fn to_lib(&self) -> RnnParams {
        let n_h = self.wx.len();
        RnnParams {
            wx: Array1::from_vec(self.wx.clone()),
            wh: Array2::from_shape_fn((n_h, n_h), |(i, j)| self.wh[i][j]),
            b: Array1::from_vec(self.b.clone()),
            wy: Array1::from_vec(self.wy.clone()),
            c: self.c,
        }
    }
    /// Every parameter as a mutable reference, with a name, in a fixed order.
    fn slots(&mut self) -> Vec<(String, &mut f64)> {
        let mut out: Vec<(String, &mut f64)> = Vec::new();
        for (i, v) in self.wx.iter_mut().enumerate() {
            out.push((format!("wx[{i}]"), v));
        }
        for (i, row) in self.wh.iter_mut().enumerate() {
            for (j, v) in row.iter_mut().enumerate() {
                out.push((format!("wh[{i},{j}]"), v));
            }
        }
        for (i, v) in self.b.iter_mut().enumerate() {
            out.push((format!("b[{i}]"), v));
        }
        for (i, v) in self.wy.iter_mut().enumerate() {
            out.push((format!("wy[{i}]"), v));
        }
        out.push(("c".into(), &mut self.c));
        out
    }
}

/// The Elman RNN with loops: (ŷ, h_0 … h_T).
fn naive_rnn(p: &P, window: &[f64]) -> (f64, Vec<Vec<f64>>) {
    let n_h = p.wx.len();
    let mut hs = vec![vec![0.0; n_h]];
    for &x in window {
        let h = hs.last().unwrap().clone();
        let mut hn = vec![0.0; n_h];
        for i in 0..n_h {
            let mut a = p.wx[i] * x + p.b[i];
            for j in 0..n_h {
                a += p.wh[i][j] * h[j];
            }
            hn[i] = a.tanh();
        }
        hs.push(hn);
    }
    let last = hs.last().unwrap();
    let mut y = p.c;
    for i in 0..n_h {
        y += p.wy[i] * last[i];
    }
    (y, hs)
}

fn naive_mse(p: &P, xs: &[Vec<f64>], ys: &[f64]) -> f64 {
    let mut s = 0.0;
    for (w, y) in xs.iter().zip(ys) {
        let (f, _) = naive_rnn(p, w);
        s += (f - y) * (f - y);
    }
    s / xs.len() as f64
}

fn to_array(rows: &[Vec<f64>]) -> Array2<f64> {
    Array2::from_shape_fn((rows.len(), rows[0].len()), |(i, j)| rows[i][j])
}

/// A noisy sine: sin(2π t / period + phase) + σ ε.
fn noisy_sine(cx: &mut Ctx, n: usize, sigma: f64) -> Vec<f64> {
    let period = cx.f64_in(14.0, 22.0);
    let phase = cx.f64_in(0.0, std::f64::consts::TAU);
    (0..n)
        .map(|t| (std::f64::consts::TAU * t as f64 / period + phase).sin() + sigma * cx.normal())
        .collect()
}

fn windows_loop(s: &[f64], l: usize, h: usize) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i + l + h <= s.len() {
        let mut x = Vec::new();
        for k in 0..l {
            x.push(s[i + k]);
        }
        let mut y = Vec::new();
        for k in 0..h {
            y.push(s[i + l + k]);
        }
        xs.push(x);
        ys.push(y);
        i += 1;
    }
    (xs, ys)
}

fn expect_rows(what: &str, expected: &[Vec<f64>], got: &Array2<f64>) -> CheckResult {
    let cols = expected.first().map_or(0, |r| r.len());
    expect_shape(what, &[expected.len(), cols], got.shape())?;
    if expected.is_empty() {
        return Ok(());
    }
    expect_array_close(what, &to_array(expected), got, Tol::new(0.0, 0.0))
}

fn main() {
    harness::run(
        "35",
        vec![
            Check::new("sliding_windows/contents", DAY, |cx| {
                let n = cx.usize_in(5..=60);
                let l = cx.usize_in(1..=n - 1);
                let h = cx.usize_in(1..=n - l);
                let s = cx.vector(n).to_vec();
                let (x, y) = expect_ok("sliding_windows", sliding_windows(&s, l, h))?;
                // the count n − L − H + 1
                expect_eq("number of windows", n - l - h + 1, x.nrows())?;
                let (ex, ey) = windows_loop(&s, l, h);
                expect_rows("inputs", &ex, &x)?;
                expect_rows("targets", &ey, &y)
            }),
            Check::new("sliding_windows/errors", DAY, |_| {
                let s = [1.0, 2.0, 3.0];
                let (x, _) = expect_ok("exactly L + H values", sliding_windows(&s, 2, 1))?;
                expect_eq("windows from exactly L + H values", 1, x.nrows())?;
                for (l, h) in [(0, 1), (1, 0)] {
                    let e = expect_err("L or H of 0", sliding_windows(&s, l, h))?;
                    ensure(matches!(e, SeriesError::InvalidParameter(_)), || {
                        format!("L = {l}, H = {h}: expected InvalidParameter, got {e:?}")
                    })?;
                }
                let e = expect_err("too short", sliding_windows(&s, 3, 1))?;
                ensure(
                    matches!(
                        e,
                        SeriesError::TooShort {
                            need: 4,
                            got: 3,
                            ..
                        }
                    ),
                    || {
                        format!("3 values, L = 3, H = 1: expected TooShort {{ need: 4, got: 3 }}, got {e:?}")
                    },
                )
            }),
            Check::new("split_windows/no_leakage", DAY, |cx| {
                // values = their own index, so every entry says where it came from
                let n = cx.usize_in(30..=80);
                let l = cx.usize_in(1..=8);
                let h = cx.usize_in(1..=3);
                let n_test = cx.usize_in(h..=n - l - h - 1);
                let s: Vec<f64> = (0..n).map(|i| i as f64).collect();
                let w = expect_ok("split_windows", split_windows(&s, n_test, l, h))?;
                let n_train = n - n_test;
                let (etx, ety) = windows_loop(&s[..n_train], l, h);
                expect_rows("x_train", &etx, &w.x_train)?;
                expect_rows("y_train", &ety, &w.y_train)?;
                if let Some(bad) = w.y_train.iter().find(|&&v| v >= n_train as f64) {
                    fail!("a training target is month {bad}, inside the test part (starts at {n_train})");
                }
                // test windows: every window whose targets all lie in the test part
                let (mut tx, mut ty) = (Vec::new(), Vec::new());
                for start in n_train..=n - h {
                    tx.push((start - l..start).map(|i| s[i]).collect::<Vec<_>>());
                    ty.push((start..start + h).map(|i| s[i]).collect::<Vec<_>>());
                }
                expect_eq(
                    "number of test windows (n_test − H + 1)",
                    n_test - h + 1,
                    w.x_test.nrows(),
                )?;
                expect_rows("x_test", &tx, &w.x_test)?;
                expect_rows("y_test", &ty, &w.y_test)
            }),
            Check::new("split_windows/errors", DAY, |_| {
                let s: Vec<f64> = (0..20).map(f64::from).collect();
                let e = expect_err("n_test < horizon", split_windows(&s, 1, 3, 2))?;
                ensure(matches!(e, SeriesError::InvalidParameter(_)), || {
                    format!("n_test = 1, horizon = 2: expected InvalidParameter, got {e:?}")
                })?;
                let e = expect_err("training part too short", split_windows(&s, 17, 3, 1))?;
                ensure(matches!(e, SeriesError::TooShort { .. }), || {
                    format!("3 training values for L + H = 4: expected TooShort, got {e:?}")
                })
            }),
            Check::new("log_transform/values_and_errors", DAY, |cx| {
                let n = cx.usize_in(1..=30);
                let s: Vec<f64> = (0..n).map(|_| cx.f64_in(0.01, 1000.0)).collect();
                let got = expect_ok("log_transform", log_transform(&s))?;
                let want: Vec<f64> = s.iter().map(|v| v.ln()).collect();
                expect_slice_close("log", &want, &got, FLOAT)?;
                for (bad, idx) in [
                    (vec![1.0, 0.0], 1),
                    (vec![-2.0], 0),
                    (vec![3.0, 2.0, f64::NAN], 2),
                ] {
                    let e = expect_err("log of a non-positive value", log_transform(&bad))?;
                    ensure(
                        matches!(e, SeriesError::BadValue { index, .. } if index == idx),
                        || format!("{bad:?}: expected BadValue at index {idx}, got {e:?}"),
                    )?;
                }
                Ok(())
            }),
            Check::new("fit_scaler/train_only", DAY, |_| {
                let s = air()?;
                let n_train = 120;
                let (train, test) = s.split_at(n_train);
                let sc = expect_ok("fit_scaler(train)", fit_scaler(train))?;
                let mut m = 0.0;
                for v in train {
                    m += v;
                }
                m /= n_train as f64;
                let mut var = 0.0;
                for v in train {
                    var += (v - m) * (v - m);
                }
                let sd = (var / n_train as f64).sqrt();
                expect_close("mean (train part only)", m, sc.mean, FLOAT)?;
                expect_close("std (population, train part only)", sd, sc.std, FLOAT)?;
                let zt = sc.transform(train);
                let zmean = zt.iter().sum::<f64>() / zt.len() as f64;
                // a few ulps of O(100) values, divided by the std
                expect_close(
                    "mean of the scaled train part",
                    0.0,
                    zmean,
                    Tol::new(0.0, 1e-12),
                )?;
                let ztest = sc.transform(test);
                for (i, (&z, &v)) in ztest.iter().zip(test).enumerate() {
                    expect_close(&format!("scaled test value {i}"), (v - m) / sd, z, FLOAT)?;
                }
                // the test part is scaled with the train statistics, so (trend!) it is not
                // centred: its mean is about 2 train standard deviations above zero
                let test_mean = ztest.iter().sum::<f64>() / ztest.len() as f64;
                ensure(test_mean > 1.0, || {
                    format!("mean of the scaled test part is {test_mean:.3}; with train-only statistics it is > 1 (upward trend)")
                })?;
                let back = sc.inverse(&ztest);
                expect_slice_close("inverse(transform(test))", test, &back, FLOAT)
            }),
            Check::new("fit_scaler/errors", DAY, |_| {
                let e = expect_err("empty", fit_scaler(&[]))?;
                ensure(matches!(e, SeriesError::TooShort { .. }), || {
                    format!("empty: expected TooShort, got {e:?}")
                })?;
                let e = expect_err("constant", fit_scaler(&[4.0, 4.0, 4.0]))?;
                ensure(matches!(e, SeriesError::InvalidParameter(_)), || {
                    format!("constant series: expected InvalidParameter, got {e:?}")
                })
            }),
            Check::new("naive_forecast/values", DAY, |cx| {
                let n = cx.usize_in(1..=20);
                let hist = cx.vector(n).to_vec();
                let hz = cx.usize_in(1..=30);
                let got = expect_ok("naive_forecast", naive_forecast(&hist, hz))?;
                let want = vec![hist[hist.len() - 1]; hz];
                expect_slice_close("naive forecast", &want, &got, Tol::new(0.0, 0.0))?;
                let e = expect_err("empty history", naive_forecast(&[], 3))?;
                ensure(matches!(e, SeriesError::TooShort { .. }), || {
                    format!("empty history: expected TooShort, got {e:?}")
                })
            }),
            Check::new("seasonal_naive_forecast/values", DAY, |cx| {
                let season = cx.usize_in(1..=12);
                let n = cx.usize_in(season..=40);
                let hist = cx.vector(n).to_vec();
                let hz = cx.usize_in(1..=30);
                let got = expect_ok(
                    "seasonal_naive_forecast",
                    seasonal_naive_forecast(&hist, hz, season),
                )?;
                // ŷ_{n+h} = y_{n+h−s·⌈h/s⌉}, h = 1 … H, 1-based months → 0-based index
                let want: Vec<f64> = (1..=hz)
                    .map(|h| hist[n + h - season * h.div_ceil(season) - 1])
                    .collect();
                expect_slice_close("seasonal naive forecast", &want, &got, Tol::new(0.0, 0.0))
            }),
            Check::new("seasonal_naive_forecast/errors", DAY, |_| {
                let e = expect_err(
                    "history shorter than a season",
                    seasonal_naive_forecast(&[1.0; 11], 3, 12),
                )?;
                ensure(
                    matches!(
                        e,
                        SeriesError::TooShort {
                            need: 12,
                            got: 11,
                            ..
                        }
                    ),
                    || {
                        format!("11 values, season 12: expected TooShort {{ need: 12, got: 11 }}, got {e:?}")
                    },
                )?;
                let e = expect_err("season 0", seasonal_naive_forecast(&[1.0; 5], 3, 0))?;
                ensure(matches!(e, SeriesError::InvalidParameter(_)), || {
                    format!("season 0: expected InvalidParameter, got {e:?}")
                })
            }),
            Check::new("forecast_metrics/random", DAY, |cx| {
                let n = cx.usize_in(1..=50);
                let a: Vec<f64> = (0..n)
                    .map(|_| cx.f64_in(1.0, 100.0) * if cx.rng.gen_bool(0.5) { 1.0 } else { -1.0 })
                    .collect();
                let f = cx
                    .vector(n)
                    .iter()
                    .zip(&a)
                    .map(|(e, v)| v + 5.0 * e)
                    .collect::<Vec<_>>();
                let m = expect_ok("forecast_metrics", forecast_metrics(&a, &f))?;
                let (mae, rmse, mape) = metrics_loop(&a, &f);
                expect_close("MAE", mae, m.mae, FLOAT)?;
                expect_close("RMSE", rmse, m.rmse, FLOAT)?;
                expect_close("MAPE (%)", mape, m.mape, FLOAT)
            }),
            Check::new("forecast_metrics/errors", DAY, |_| {
                let e = expect_err("lengths differ", forecast_metrics(&[1.0, 2.0], &[1.0]))?;
                ensure(matches!(e, SeriesError::LengthMismatch { .. }), || {
                    format!("expected LengthMismatch, got {e:?}")
                })?;
                let e = expect_err("empty", forecast_metrics(&[], &[]))?;
                ensure(matches!(e, SeriesError::TooShort { .. }), || {
                    format!("empty: expected TooShort, got {e:?}")
                })?;
                let e = expect_err(
                    "actual 0 (MAPE)",
                    forecast_metrics(&[3.0, 0.0], &[1.0, 1.0]),
                )?;
                ensure(matches!(e, SeriesError::BadValue { index: 1, .. }), || {
                    format!("actual [3, 0]: expected BadValue at index 1, got {e:?}")
                })
            }),
            Check::new("fit_ar/random_ar", DAY, |cx| {
                let p = cx.usize_in(1..=4);
                let n = cx.usize_in(60..=200);
                // a stable AR(p): small coefficients with Σ|φ| < 0.9
                let phi: Vec<f64> = (0..p).map(|_| cx.f64_in(-0.9, 0.9) / p as f64).collect();
                let c = cx.f64_in(-1.0, 1.0);
                let mut s = vec![0.0; p];
                for t in p..n + p {
                    let mut v = c + cx.normal();
                    for k in 1..=p {
                        v += phi[k - 1] * s[t - k];
                    }
                    s.push(v);
                }
                let s = s[p..].to_vec();
                let m = expect_ok("fit_ar", fit_ar(&s, p))?;
                let (x, y) = ar_design(&s, p);
                let beta = lstsq_mgs(&x, &y);
                // well-conditioned design (κ ≲ 10): normal equations lose κ² ≈ 100 ulps
                let tol = Tol::new(1e-9, 1e-10);
                expect_close("intercept", beta[0], m.intercept, tol)?;
                expect_slice_close(
                    "coefficients φ_1 … φ_p",
                    &beta.to_vec()[1..],
                    &m.coef.to_vec(),
                    tol,
                )?;
                let k = cx.usize_in(p..=n);
                let want = ar_recursive(&beta, &s[..k], 1)[0];
                let got = expect_ok("predict_next", m.predict_next(&s[..k]))?;
                expect_close("predict_next", want, got, tol)
            }),
            Check::new("fit_ar/air_passengers", DAY, |_| {
                let s: Vec<f64> = air()?.iter().map(|v| v.ln()).collect();
                let train = &s[..120];
                let m = expect_ok("fit_ar(log train, 12)", fit_ar(train, 12))?;
                let (x, y) = ar_design(train, 12);
                let beta = lstsq_mgs(&x, &y);
                // the 13 columns (1 and 12 lags of log passengers) are strongly collinear;
                // the normal equations square their condition number; measured agreement
                // with the QR solve is ~1e-9 relative (largest |φ| ≈ 1), so 1e-6 leaves room
                let tol = Tol::new(1e-6, 1e-6);
                expect_close("intercept", beta[0], m.intercept, tol)?;
                expect_slice_close(
                    "coefficients φ_1 … φ_12",
                    &beta.to_vec()[1..],
                    &m.coef.to_vec(),
                    tol,
                )?;
                // property: residuals orthogonal to every column
                let mut worst = 0.0f64;
                for j in 0..13 {
                    let mut d = 0.0;
                    for r in 0..x.nrows() {
                        let mut f = m.intercept;
                        for k in 1..=12 {
                            f += m.coef[k - 1] * x[[r, k]];
                        }
                        d += x[[r, j]] * (y[r] - f);
                    }
                    worst = worst.max(d.abs());
                }
                // Xᵀr of a least-squares fit is rounding-level: 108 rows of O(5) values
                ensure(worst < 1e-8, || {
                    format!(
                        "|Xᵀ(y − Xβ)| reaches {worst:e}; at the least-squares solution it is ~0"
                    )
                })
            }),
            Check::new("fit_ar/errors", DAY, |_| {
                let e = expect_err("p = 0", fit_ar(&[1.0, 2.0, 3.0], 0))?;
                ensure(matches!(e, SeriesError::InvalidParameter(_)), || {
                    format!("p = 0: expected InvalidParameter, got {e:?}")
                })?;
                let e = expect_err("too short", fit_ar(&[1.0, 2.0, 3.0, 4.0], 2))?;
                ensure(
                    matches!(
                        e,
                        SeriesError::TooShort {
                            need: 5,
                            got: 4,
                            ..
                        }
                    ),
                    || {
                        format!("4 values, p = 2 (3 coefficients, 2 rows): expected TooShort {{ need: 5, got: 4 }}, got {e:?}")
                    },
                )?;
                let e = expect_err("constant series", fit_ar(&[2.0; 10], 1))?;
                ensure(e == SeriesError::Singular, || {
                    format!("constant series (column y_{{t−1}} = intercept column): expected Singular, got {e:?}")
                })
            }),
            Check::new("recursive_forecast/feeds_back", DAY, |cx| {
                let n = cx.usize_in(1..=20);
                let w = cx.usize_in(1..=n);
                let hz = cx.usize_in(1..=15);
                let hist = cx.vector(n).to_vec();
                let outs = cx.vector(hz).to_vec();
                let mut seen: Vec<Vec<f64>> = Vec::new();
                let got = expect_ok(
                    "recursive_forecast",
                    recursive_forecast(&hist, w, hz, |win| {
                        seen.push(win.to_vec());
                        outs[(seen.len() - 1).min(hz - 1)]
                    }),
                )?;
                expect_eq("number of calls to step", hz, seen.len())?;
                expect_slice_close(
                    "forecast (what step returned, in order)",
                    &outs,
                    &got,
                    Tol::new(0.0, 0.0),
                )?;
                let mut all = hist.clone();
                all.extend(&outs);
                for (k, win) in seen.iter().enumerate() {
                    let end = n + k;
                    expect_slice_close(
                        &format!("window passed at step {}", k + 1),
                        &all[end - w..end],
                        win,
                        Tol::new(0.0, 0.0),
                    )?;
                }
                Ok(())
            }),
            Check::new("recursive_forecast/errors", DAY, |_| {
                let e = expect_err(
                    "history shorter than window",
                    recursive_forecast(&[1.0, 2.0], 3, 2, |w| w[0]),
                )?;
                ensure(matches!(e, SeriesError::TooShort { .. }), || {
                    format!("expected TooShort, got {e:?}")
                })?;
                let e = expect_err("window 0", recursive_forecast(&[1.0, 2.0], 0, 2, |_| 0.0))?;
                ensure(matches!(e, SeriesError::InvalidParameter(_)), || {
                    format!("window 0: expected InvalidParameter, got {e:?}")
                })
            }),
            Check::new("rnn_forward/random", DAY, |cx| {
                let n_h = cx.usize_in(1..=6);
                let t = cx.usize_in(1..=15);
                let p = P::random(cx, n_h);
                let win = cx.vector(t).to_vec();
                let (y, hs) = expect_ok("rnn_forward", rnn_forward(&p.to_lib(), &win))?;
                let (ey, ehs) = naive_rnn(&p, &win);
                expect_shape("hs", &[t + 1, n_h], hs.shape())?;
                expect_array_close("hs (h_0 … h_T)", &to_array(&ehs), &hs, FLOAT)?;
                expect_close("ŷ", ey, y, FLOAT)
            }),
            Check::new("rnn_forward/errors", DAY, |cx| {
                let p = P::random(cx, 3).to_lib();
                let e = expect_err("empty window", rnn_forward(&p, &[]))?;
                ensure(matches!(e, SeriesError::TooShort { .. }), || {
                    format!("empty window: expected TooShort, got {e:?}")
                })?;
                let mut bad = p.clone();
                bad.wy = Array1::zeros(2);
                let e = expect_err("wy of length 2 with n_h = 3", rnn_forward(&bad, &[1.0]))?;
                ensure(matches!(e, SeriesError::LengthMismatch { .. }), || {
                    format!("wrong wy length: expected LengthMismatch, got {e:?}")
                })
            }),
            Check::new("rnn_gradients/central_differences", DAY, |cx| {
                let n_h = cx.usize_in(1..=5);
                let t = cx.usize_in(1..=10);
                let n = cx.usize_in(1..=6);
                let mut p = P::random(cx, n_h);
                let xs: Vec<Vec<f64>> = (0..n).map(|_| cx.vector(t).to_vec()).collect();
                let ys = cx.vector(n).to_vec();
                let (loss, g) = expect_ok(
                    "rnn_gradients",
                    rnn_gradients(&p.to_lib(), &to_array(&xs), &ys),
                )?;
                expect_close(
                    "loss (mean squared error)",
                    naive_mse(&p, &xs, &ys),
                    loss,
                    FLOAT,
                )?;
                let analytic = {
                    let mut v: Vec<f64> = g.wx.to_vec();
                    v.extend(g.wh.iter());
                    v.extend(g.b.iter());
                    v.extend(g.wy.iter());
                    v.push(g.c);
                    v
                };
                let count = p.slots().len();
                expect_eq(
                    "number of gradient entries (n_h² + 3n_h + 1)",
                    n_h * n_h + 3 * n_h + 1,
                    count,
                )?;
                for k in 0..count {
                    let base = p.clone();
                    let mut plus = base.clone();
                    *plus.slots()[k].1 += H;
                    let mut minus = base.clone();
                    *minus.slots()[k].1 -= H;
                    let num =
                        (naive_mse(&plus, &xs, &ys) - naive_mse(&minus, &xs, &ys)) / (2.0 * H);
                    let name = p.slots()[k].0.clone();
                    let a = analytic[k];
                    let rel = (a - num).abs() / num.abs().max(a.abs()).max(FLOOR);
                    ensure(rel <= GRAD_REL, || {
                        format!("∂L/∂{name}: BPTT gives {a:.9e}, central differences {num:.9e} (relative error {rel:.1e} > {GRAD_REL:e})")
                    })?;
                }
                Ok(())
            }),
            Check::new("rnn_gradients/errors", DAY, |cx| {
                let p = P::random(cx, 2).to_lib();
                let x = Array2::zeros((3, 4));
                let e = expect_err("3 windows, 2 targets", rnn_gradients(&p, &x, &[1.0, 2.0]))?;
                ensure(matches!(e, SeriesError::LengthMismatch { .. }), || {
                    format!("expected LengthMismatch, got {e:?}")
                })?;
                let e = expect_err("no windows", rnn_gradients(&p, &Array2::zeros((0, 4)), &[]))?;
                ensure(matches!(e, SeriesError::TooShort { .. }), || {
                    format!("no windows: expected TooShort, got {e:?}")
                })
            }),
            // measured ≈ 0.4 s in the dev profile: the default 10 s limit is ample
            Check::new("train_rnn/noisy_sine", DAY, |cx| {
                // 240 values of a noisy sine (σ = 0.1), the last 60 held out; one-step
                // windows of 12. The naive one-step forecast errs by the step-to-step
                // change (RMS ≈ 0.3–0.45 for these periods); a trained RNN should get near
                // the noise floor.
                let s = noisy_sine(cx, 240, 0.1);
                let (n_test, l) = (60, 12);
                let n_train = s.len() - n_test;
                let (xtr, ytr) = windows_loop(&s[..n_train], l, 1);
                let ytr: Vec<f64> = ytr.iter().map(|v| v[0]).collect();
                let cfg = TrainConfig {
                    hidden: 12,
                    epochs: 30,
                    batch_size: 16,
                    lr: 0.01,
                    clip: 1.0,
                };
                let (params, losses) = expect_ok(
                    "train_rnn",
                    train_rnn(&to_array(&xtr), &ytr, &cfg, &mut cx.rng),
                )?;
                expect_eq("one loss per epoch", cfg.epochs, losses.len())?;
                ensure(losses.iter().all(|v| v.is_finite()), || {
                    "a training loss is not finite".into()
                })?;
                ensure(losses[losses.len() - 1] < 0.5 * losses[0], || {
                    format!(
                        "training loss went from {:.4} to {:.4}; it should at least halve",
                        losses[0],
                        losses[losses.len() - 1]
                    )
                })?;
                let (mut se_rnn, mut se_naive) = (0.0, 0.0);
                for start in n_train..s.len() {
                    let win = &s[start - l..start];
                    let (y, _) = expect_ok("rnn_forward", rnn_forward(&params, win))?;
                    se_rnn += (y - s[start]).powi(2);
                    se_naive += (s[start - 1] - s[start]).powi(2);
                }
                let ratio = (se_rnn / se_naive).sqrt();
                // measured over 26 seeds (dev profile, this configuration): the ratio
                // RNN / naive test RMSE ranged 0.31–0.58, median 0.43; 0.75 leaves room for
                // unlucky seeds while an untrained or broken RNN (ratio ≳ 1) fails
                const MAX_RATIO: f64 = 0.75;
                ensure(ratio < MAX_RATIO, || {
                    format!("test RMSE of the RNN is {ratio:.3} × the naive forecast's; a trained RNN reaches < {MAX_RATIO}")
                })
            }),
            Check::new("train_rnn/errors", DAY, |cx| {
                let x = Array2::zeros((4, 3));
                let y = [0.0; 4];
                for cfg in [
                    TrainConfig {
                        hidden: 0,
                        ..TrainConfig::default()
                    },
                    TrainConfig {
                        epochs: 0,
                        ..TrainConfig::default()
                    },
                    TrainConfig {
                        batch_size: 0,
                        ..TrainConfig::default()
                    },
                    TrainConfig {
                        lr: 0.0,
                        ..TrainConfig::default()
                    },
                ] {
                    let e = expect_err("bad config", train_rnn(&x, &y, &cfg, &mut cx.rng))?;
                    ensure(matches!(e, SeriesError::InvalidParameter(_)), || {
                        format!("{cfg:?}: expected InvalidParameter, got {e:?}")
                    })?;
                }
                let e = expect_err(
                    "3 targets for 4 windows",
                    train_rnn(&x, &y[..3], &TrainConfig::default(), &mut cx.rng),
                )?;
                ensure(matches!(e, SeriesError::LengthMismatch { .. }), || {
                    format!("expected LengthMismatch, got {e:?}")
                })
            }),
            // measured ≈ 0.6 s in the dev profile: the default 10 s limit is ample
            Check::new("compare_forecasts/air_passengers", DAY, |cx| {
                let s = air()?;
                let n_test = 24;
                let n_train = s.len() - n_test;
                let (train, test) = s.split_at(n_train);
                let cfg = TrainConfig::default();
                let cmp = expect_ok(
                    "compare_forecasts",
                    compare_forecasts(&s, n_test, &cfg, &mut cx.rng),
                )?;
                let names: Vec<&str> = cmp.rows.iter().map(|r| r.name.as_str()).collect();
                expect_eq(
                    "row names",
                    vec!["naive", "seasonal naive", "AR(12)", "RNN"],
                    names,
                )?;
                let naive: Vec<f64> = (0..n_test).map(|_| train[n_train - 1]).collect();
                let seasonal: Vec<f64> =
                    (0..n_test).map(|h| train[n_train - 12 + h % 12]).collect();
                let logs: Vec<f64> = train.iter().map(|v| v.ln()).collect();
                let (x, y) = ar_design(&logs, 12);
                let beta = lstsq_mgs(&x, &y);
                let ar: Vec<f64> = ar_recursive(&beta, &logs, n_test)
                    .iter()
                    .map(|v| v.exp())
                    .collect();
                // AR: coefficients agree to ~1e-9 (see fit_ar/air_passengers); 24 recursive
                // steps with a stable model and exp keep that within 1e-6 relative
                for (row, want, tol) in [
                    (0, &naive, FLOAT),
                    (1, &seasonal, FLOAT),
                    (2, &ar, Tol::new(1e-6, 1e-6)),
                ] {
                    let r = &cmp.rows[row];
                    expect_slice_close(&format!("{} forecast", r.name), want, &r.forecast, tol)?;
                    let (mae, rmse, mape) = metrics_loop(test, want);
                    expect_close(&format!("{} MAE", r.name), mae, r.metrics.mae, tol)?;
                    expect_close(&format!("{} RMSE", r.name), rmse, r.metrics.rmse, tol)?;
                    expect_close(&format!("{} MAPE", r.name), mape, r.metrics.mape, tol)?;
                }
                let rnn = &cmp.rows[3];
                expect_eq("RNN forecast length", n_test, rnn.forecast.len())?;
                let (mae, rmse, _) = metrics_loop(test, &rnn.forecast);
                expect_close("RNN MAE", mae, rnn.metrics.mae, FLOAT)?;
                expect_close("RNN RMSE", rmse, rnn.metrics.rmse, FLOAT)?;
                expect_eq(
                    "RNN losses (one per epoch)",
                    cfg.epochs,
                    cmp.rnn_losses.len(),
                )?;
                let naive_mae = cmp.rows[0].metrics.mae;
                // measured over 31 seeds with the default configuration: RNN MAE / naive
                // MAE ranged 0.15–0.56 (RNN MAE 17–65 against the naive forecast's 115.2,
                // median 45); 0.8 leaves room for unlucky seeds. A pipeline error (scaling
                // not undone, the level not rebuilt from 12 months back) lands far above 1.
                // Note that an RNN predicting "no change" reproduces the seasonal naive
                // forecast (0.62) and passes: learning itself is checked on the sine.
                const MAX_RATIO: f64 = 0.8;
                ensure(mae < MAX_RATIO * naive_mae, || {
                    format!("RNN test MAE {mae:.1} is not below {MAX_RATIO} × the naive forecast's {naive_mae:.1}")
                })?;
                // the pictures for the README
                let fc: Vec<(&str, &[f64])> = cmp
                    .rows
                    .iter()
                    .map(|r| (r.name.as_str(), r.forecast.as_slice()))
                    .collect();
                plot_forecasts(&s, n_train, &fc, fresh(&cx.plot_path("forecasts.png")))
                    .or_fail("plot_forecasts")?;
                plot_losses(&cmp.rnn_losses, fresh(&cx.plot_path("rnn_loss.png")))
                    .or_fail("plot_losses")?;
                Ok(())
            }),
            Check::new("plot_forecasts/png", DAY, |cx| {
                let s = air()?;
                let n_train = 120;
                let naive = vec![s[n_train - 1]; 24];
                let seasonal: Vec<f64> = (0..24).map(|h| s[n_train - 12 + h % 12]).collect();
                let path = cx.plot_path("forecasts_baselines.png");
                plot_forecasts(
                    &s,
                    n_train,
                    &[("naive", &naive), ("seasonal naive", &seasonal)],
                    fresh(&path),
                )
                .or_fail("plot_forecasts")?;
                let png = expect_png("forecast plot", &path, (800, 500), 0.01)?;
                ensure(png.colour() > 0.001, || {
                    "the forecast plot has no coloured lines".into()
                })
            }),
            Check::new("plot_losses/png", DAY, |cx| {
                let losses: Vec<f64> = (0..40)
                    .map(|i| 1.0 / (1.0 + i as f64) + 0.01 * cx.f64_in(0.0, 1.0))
                    .collect();
                let path = cx.plot_path("loss_curve.png");
                plot_losses(&losses, fresh(&path)).or_fail("plot_losses")?;
                expect_png("loss plot", &path, (800, 500), 0.005).map(|_| ())
            }),
        ],
    );
}
