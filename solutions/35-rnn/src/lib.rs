//! Chapter 35 · RNN — roadmap W18 D1-2 (sequence data, the RNN idea).
//!
//! Sliding windows over a series, a split by time, scaling fitted on the past only, the
//! naive and seasonal-naive baselines, a linear autoregressive model AR(p), an Elman RNN
//! with backpropagation through time, recursive multi-step forecasting, and a comparison
//! of all four on the last 24 months of the air-passengers series.

use std::path::Path;

use charts::Series;
use ndarray::{Array1, Array2};
use rand::seq::SliceRandom;
use rand::Rng;
use thiserror::Error;

/// Everything that can go wrong in this chapter.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum SeriesError {
    /// The series (or history, or data set) has fewer values than the task needs.
    #[error("{what}: needs at least {need} values, got {got}")]
    TooShort {
        what: &'static str,
        need: usize,
        got: usize,
    },
    /// A size or setting that makes no sense (a window of length 0, a season of 0, …).
    #[error("invalid parameter: {0}")]
    InvalidParameter(String),
    /// Two inputs that must have the same length do not.
    #[error("{what}: expected length {expected}, got {got}")]
    LengthMismatch {
        what: &'static str,
        expected: usize,
        got: usize,
    },
    /// A value the computation cannot take (a log of a non-positive number, a zero in MAPE).
    #[error("{what}: value {value} at index {index} is not allowed ({why})")]
    BadValue {
        what: &'static str,
        index: usize,
        value: f64,
        why: &'static str,
    },
    /// The normal equations have no unique solution.
    #[error("singular system: the normal equations have no unique solution")]
    Singular,
    /// The data set could not be loaded.
    #[error("loading data: {0}")]
    Data(String),
}

/// The season of a monthly series.
pub const SEASON: usize = 12;

/// The 144 monthly totals of international airline passengers (thousands), 1949-01 to
/// 1960-12 (Box & Jenkins), in time order. Given: you do not write this one.
///
/// # Errors
/// [`SeriesError::Data`] when the table cannot be read or a value is missing.
pub fn load_air_passengers() -> Result<Vec<f64>, SeriesError> {
    let t = datasets::table("air_passengers").map_err(|e| SeriesError::Data(e.to_string()))?;
    let col = t
        .f64_column("passengers")
        .map_err(|e| SeriesError::Data(e.to_string()))?;
    col.into_iter()
        .enumerate()
        .map(|(i, v)| v.ok_or_else(|| SeriesError::Data(format!("missing value in row {i}"))))
        .collect()
}

/// Cut `series` into every window of `input_len` inputs followed by `horizon` targets.
///
/// Row `i` of the inputs is `series[i .. i + input_len]`, row `i` of the targets is
/// `series[i + input_len .. i + input_len + horizon]`; there are
/// `n − input_len − horizon + 1` windows.
///
/// ```
/// let (x, y) = rnn::sliding_windows(&[1.0, 2.0, 3.0, 4.0, 5.0], 2, 1).unwrap();
/// assert_eq!(x.nrows(), 3);
/// assert_eq!(x.row(1).to_vec(), vec![2.0, 3.0]);
/// assert_eq!(y.row(1).to_vec(), vec![4.0]);
/// ```
///
/// # Errors
/// [`SeriesError::InvalidParameter`] when `input_len` or `horizon` is 0,
/// [`SeriesError::TooShort`] when the series has fewer than `input_len + horizon` values.
///
/// Hints: `cargo grader hint 35::sliding_windows`.
pub fn sliding_windows(
    series: &[f64],
    input_len: usize,
    horizon: usize,
) -> Result<(Array2<f64>, Array2<f64>), SeriesError> {
    if input_len == 0 || horizon == 0 {
        return Err(SeriesError::InvalidParameter(format!(
            "input_len ({input_len}) and horizon ({horizon}) must be at least 1"
        )));
    }
    let need = input_len + horizon;
    if series.len() < need {
        return Err(SeriesError::TooShort {
            what: "sliding_windows",
            need,
            got: series.len(),
        });
    }
    let n = series.len() - need + 1;
    let x = Array2::from_shape_fn((n, input_len), |(i, j)| series[i + j]);
    let y = Array2::from_shape_fn((n, horizon), |(i, j)| series[i + input_len + j]);
    Ok((x, y))
}

/// Train and test windows, split by time.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowSplit {
    pub x_train: Array2<f64>,
    pub y_train: Array2<f64>,
    pub x_test: Array2<f64>,
    pub y_test: Array2<f64>,
}

/// Split by time: the last `n_test` values are the test part, and windows are made so that
/// no training target lies in the test part and every test target does.
///
/// Training windows are all windows of `series[.. n − n_test]`. Test windows are those
/// whose targets lie in `series[n − n_test ..]`; their inputs may reach back into the
/// training part (at forecast time those values are known). There are
/// `n_test − horizon + 1` test windows.
///
/// ```
/// let s: Vec<f64> = (0..10).map(f64::from).collect();
/// let w = rnn::split_windows(&s, 3, 2, 1).unwrap();
/// assert_eq!(w.x_train.nrows(), 5);          // windows of s[..7]
/// assert_eq!(w.y_test.column(0).to_vec(), vec![7.0, 8.0, 9.0]);
/// assert_eq!(w.x_test.row(0).to_vec(), vec![5.0, 6.0]);
/// ```
///
/// # Errors
/// [`SeriesError::InvalidParameter`] when `input_len` or `horizon` is 0 or
/// `n_test < horizon`; [`SeriesError::TooShort`] when the training part has fewer than
/// `input_len + horizon` values.
///
/// Hints: `cargo grader hint 35::split_windows`.
pub fn split_windows(
    series: &[f64],
    n_test: usize,
    input_len: usize,
    horizon: usize,
) -> Result<WindowSplit, SeriesError> {
    if input_len == 0 || horizon == 0 || n_test < horizon {
        return Err(SeriesError::InvalidParameter(format!(
            "need input_len ≥ 1, horizon ≥ 1 and n_test ≥ horizon \
             (got {input_len}, {horizon}, {n_test})"
        )));
    }
    let need = input_len + horizon;
    if series.len() < n_test + need {
        return Err(SeriesError::TooShort {
            what: "split_windows (training part)",
            need: n_test + need,
            got: series.len(),
        });
    }
    let n_train = series.len() - n_test;
    let (x_train, y_train) = sliding_windows(&series[..n_train], input_len, horizon)?;
    let (x_test, y_test) = sliding_windows(&series[n_train - input_len..], input_len, horizon)?;
    Ok(WindowSplit {
        x_train,
        y_train,
        x_test,
        y_test,
    })
}

/// Natural log of every value: turns multiplicative seasonality (swings that grow with the
/// level) into additive seasonality (swings of constant size).
///
/// ```
/// let l = rnn::log_transform(&[1.0, std::f64::consts::E]).unwrap();
/// assert!((l[1] - 1.0).abs() < 1e-15);
/// ```
///
/// # Errors
/// [`SeriesError::BadValue`] for the first value that is not finite and positive.
///
/// Hints: `cargo grader hint 35::log_transform`.
pub fn log_transform(series: &[f64]) -> Result<Vec<f64>, SeriesError> {
    series
        .iter()
        .enumerate()
        .map(|(index, &value)| {
            if value.is_finite() && value > 0.0 {
                Ok(value.ln())
            } else {
                Err(SeriesError::BadValue {
                    what: "log_transform",
                    index,
                    value,
                    why: "the log needs a finite positive value",
                })
            }
        })
        .collect()
}

/// A standard scaler for one series: `z = (x − mean) / std` (population std).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scaler {
    pub mean: f64,
    pub std: f64,
}

/// Fit a [`Scaler`] on the training part only (like scikit-learn's
/// `StandardScaler().fit(train)`): the mean and the population standard deviation.
///
/// ```
/// let s = rnn::fit_scaler(&[1.0, 3.0]).unwrap();
/// assert_eq!((s.mean, s.std), (2.0, 1.0));
/// assert_eq!(s.transform(&[5.0]), vec![3.0]);
/// assert_eq!(s.inverse(&[3.0]), vec![5.0]);
/// ```
///
/// # Errors
/// [`SeriesError::TooShort`] for an empty slice, [`SeriesError::InvalidParameter`] when the
/// standard deviation is 0 or not finite.
///
/// Hints: `cargo grader hint 35::fit_scaler`.
pub fn fit_scaler(train: &[f64]) -> Result<Scaler, SeriesError> {
    if train.is_empty() {
        return Err(SeriesError::TooShort {
            what: "fit_scaler",
            need: 1,
            got: 0,
        });
    }
    let n = train.len() as f64;
    let mean = train.iter().sum::<f64>() / n;
    let std = (train.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
    if !(std.is_finite() && std > 0.0) {
        return Err(SeriesError::InvalidParameter(format!(
            "fit_scaler: standard deviation {std} (a constant or non-finite series)"
        )));
    }
    Ok(Scaler { mean, std })
}

impl Scaler {
    /// `(x − mean) / std` for every value.
    ///
    /// Hints: `cargo grader hint 35::fit_scaler`.
    pub fn transform(&self, xs: &[f64]) -> Vec<f64> {
        xs.iter().map(|x| (x - self.mean) / self.std).collect()
    }

    /// `z · std + mean` for every value: back to the original units.
    ///
    /// Hints: `cargo grader hint 35::fit_scaler`.
    pub fn inverse(&self, zs: &[f64]) -> Vec<f64> {
        zs.iter().map(|z| z * self.std + self.mean).collect()
    }
}

/// The naive forecast: every future value equals the last one seen,
/// `ŷ_{n+h} = y_n` (one step ahead: `ŷ_{t+1} = y_t`).
///
/// ```
/// assert_eq!(rnn::naive_forecast(&[1.0, 5.0], 3).unwrap(), vec![5.0; 3]);
/// ```
///
/// # Errors
/// [`SeriesError::TooShort`] for an empty history, [`SeriesError::InvalidParameter`] for
/// `horizon == 0`.
///
/// Hints: `cargo grader hint 35::naive_forecast`.
pub fn naive_forecast(history: &[f64], horizon: usize) -> Result<Vec<f64>, SeriesError> {
    if horizon == 0 {
        return Err(SeriesError::InvalidParameter(
            "horizon must be at least 1".into(),
        ));
    }
    let last = *history.last().ok_or(SeriesError::TooShort {
        what: "naive_forecast",
        need: 1,
        got: 0,
    })?;
    Ok(vec![last; horizon])
}

/// The seasonal-naive forecast: repeat the last season,
/// `ŷ_{n+h} = y_{n+h−s·⌈h/s⌉}` (one step ahead: `ŷ_{t+1} = y_{t+1−s}`).
///
/// ```
/// let f = rnn::seasonal_naive_forecast(&[1.0, 2.0, 3.0, 4.0], 5, 2).unwrap();
/// assert_eq!(f, vec![3.0, 4.0, 3.0, 4.0, 3.0]);
/// ```
///
/// # Errors
/// [`SeriesError::InvalidParameter`] for `horizon == 0` or `season == 0`,
/// [`SeriesError::TooShort`] when the history is shorter than one season.
///
/// Hints: `cargo grader hint 35::seasonal_naive_forecast`.
pub fn seasonal_naive_forecast(
    history: &[f64],
    horizon: usize,
    season: usize,
) -> Result<Vec<f64>, SeriesError> {
    if horizon == 0 || season == 0 {
        return Err(SeriesError::InvalidParameter(format!(
            "horizon ({horizon}) and season ({season}) must be at least 1"
        )));
    }
    let n = history.len();
    if n < season {
        return Err(SeriesError::TooShort {
            what: "seasonal_naive_forecast",
            need: season,
            got: n,
        });
    }
    Ok((0..horizon)
        .map(|h| history[n - season + h % season])
        .collect())
}

/// Forecast errors: MAE, RMSE (same units as the series) and MAPE (in percent).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    pub mae: f64,
    pub rmse: f64,
    pub mape: f64,
}

/// `MAE = mean |y − ŷ|`, `RMSE = √mean (y − ŷ)²`, `MAPE = 100 · mean |y − ŷ| / |y|`.
///
/// ```
/// let m = rnn::forecast_metrics(&[10.0, 20.0], &[12.0, 20.0]).unwrap();
/// assert_eq!(m.mae, 1.0);
/// assert!((m.rmse - 2f64.sqrt()).abs() < 1e-15);
/// assert!((m.mape - 10.0).abs() < 1e-12);
/// ```
///
/// # Errors
/// [`SeriesError::LengthMismatch`] when the lengths differ, [`SeriesError::TooShort`] when
/// they are empty, [`SeriesError::BadValue`] for an actual value of 0 (MAPE divides by it).
///
/// Hints: `cargo grader hint 35::forecast_metrics`.
pub fn forecast_metrics(actual: &[f64], predicted: &[f64]) -> Result<Metrics, SeriesError> {
    if actual.len() != predicted.len() {
        return Err(SeriesError::LengthMismatch {
            what: "forecast_metrics (predicted vs actual)",
            expected: actual.len(),
            got: predicted.len(),
        });
    }
    if actual.is_empty() {
        return Err(SeriesError::TooShort {
            what: "forecast_metrics",
            need: 1,
            got: 0,
        });
    }
    if let Some(index) = actual.iter().position(|&a| a == 0.0) {
        return Err(SeriesError::BadValue {
            what: "forecast_metrics",
            index,
            value: 0.0,
            why: "MAPE divides by the actual value",
        });
    }
    let n = actual.len() as f64;
    let (mut abs, mut sq, mut pct) = (0.0, 0.0, 0.0);
    for (a, p) in actual.iter().zip(predicted) {
        let e = a - p;
        abs += e.abs();
        sq += e * e;
        pct += (e / a).abs();
    }
    Ok(Metrics {
        mae: abs / n,
        rmse: (sq / n).sqrt(),
        mape: 100.0 * pct / n,
    })
}

/// A linear autoregressive model `ŷ_t = intercept + Σ_{k=1..p} coef[k−1] · y_{t−k}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ArModel {
    pub intercept: f64,
    /// `coef[k − 1]` multiplies the value `k` steps back.
    pub coef: Array1<f64>,
}

/// Fit AR(p) by least squares: one row per `t = p … n−1` with features
/// `1, y_{t−1}, …, y_{t−p}` and target `y_t`; solve the normal equations
/// `(XᵀX) β = Xᵀy` by Gaussian elimination with partial pivoting.
///
/// ```
/// // y_t = 1 + 0.5 y_{t−1} − 0.3 y_{t−2}, exactly, from y_0 = 0, y_1 = 5
/// let mut s = vec![0.0, 5.0];
/// for t in 2..14 { s.push(1.0 + 0.5 * s[t - 1] - 0.3 * s[t - 2]); }
/// let m = rnn::fit_ar(&s, 2).unwrap();
/// assert!((m.intercept - 1.0).abs() < 1e-8);
/// assert!((m.coef[0] - 0.5).abs() < 1e-8 && (m.coef[1] + 0.3).abs() < 1e-8);
/// ```
///
/// # Errors
/// [`SeriesError::InvalidParameter`] for `p == 0`, [`SeriesError::TooShort`] when there are
/// fewer rows (`n − p`) than coefficients (`p + 1`), [`SeriesError::Singular`] when a pivot
/// is (numerically) zero.
///
/// Hints: `cargo grader hint 35::fit_ar`.
pub fn fit_ar(series: &[f64], p: usize) -> Result<ArModel, SeriesError> {
    if p == 0 {
        return Err(SeriesError::InvalidParameter(
            "AR order p must be at least 1".into(),
        ));
    }
    if series.len() < 2 * p + 1 {
        return Err(SeriesError::TooShort {
            what: "fit_ar",
            need: 2 * p + 1,
            got: series.len(),
        });
    }
    let rows = series.len() - p;
    let x = Array2::from_shape_fn(
        (rows, p + 1),
        |(i, j)| {
            if j == 0 {
                1.0
            } else {
                series[p + i - j]
            }
        },
    );
    let y = Array1::from_iter(series[p..].iter().copied());
    let xtx = x.t().dot(&x);
    let xty = x.t().dot(&y);
    let beta = solve(xtx, xty)?;
    Ok(ArModel {
        intercept: beta[0],
        coef: beta.slice(ndarray::s![1..]).to_owned(),
    })
}

/// Gaussian elimination with partial pivoting.
fn solve(mut a: Array2<f64>, mut b: Array1<f64>) -> Result<Array1<f64>, SeriesError> {
    let n = b.len();
    let scale = a.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    for col in 0..n {
        let piv = (col..n)
            .max_by(|&i, &j| a[[i, col]].abs().total_cmp(&a[[j, col]].abs()))
            .unwrap_or(col);
        let pivot = a[[piv, col]].abs();
        if pivot.is_nan() || pivot <= 1e-13 * scale {
            return Err(SeriesError::Singular);
        }
        if piv != col {
            for k in 0..n {
                a.swap([piv, k], [col, k]);
            }
            b.swap(piv, col);
        }
        for r in col + 1..n {
            let f = a[[r, col]] / a[[col, col]];
            for k in col..n {
                a[[r, k]] -= f * a[[col, k]];
            }
            b[r] -= f * b[col];
        }
    }
    let mut xs = Array1::zeros(n);
    for r in (0..n).rev() {
        let mut s = b[r];
        for k in r + 1..n {
            s -= a[[r, k]] * xs[k];
        }
        xs[r] = s / a[[r, r]];
    }
    Ok(xs)
}

impl ArModel {
    /// The order `p`.
    pub fn order(&self) -> usize {
        self.coef.len()
    }

    /// One step ahead from the end of `history`:
    /// `intercept + Σ_k coef[k−1] · history[n−k]`.
    ///
    /// # Errors
    /// [`SeriesError::TooShort`] when `history` has fewer than `p` values.
    ///
    /// Hints: `cargo grader hint 35::fit_ar`.
    pub fn predict_next(&self, history: &[f64]) -> Result<f64, SeriesError> {
        let (n, p) = (history.len(), self.order());
        if n < p {
            return Err(SeriesError::TooShort {
                what: "ArModel::predict_next",
                need: p,
                got: n,
            });
        }
        Ok(self.intercept
            + self
                .coef
                .iter()
                .enumerate()
                .map(|(k, c)| c * history[n - 1 - k])
                .sum::<f64>())
    }
}

/// Forecast `horizon` steps by feeding predictions back in: `step` sees the last `window`
/// values (oldest first) of history-then-predictions and returns the next value.
///
/// ```
/// // "next = last + 1" from [1, 2]: 3, 4, 5
/// let f = rnn::recursive_forecast(&[1.0, 2.0], 1, 3, |w| w[0] + 1.0).unwrap();
/// assert_eq!(f, vec![3.0, 4.0, 5.0]);
/// ```
///
/// # Errors
/// [`SeriesError::InvalidParameter`] for `window == 0` or `horizon == 0`,
/// [`SeriesError::TooShort`] when `history` is shorter than `window`.
///
/// Hints: `cargo grader hint 35::recursive_forecast`.
pub fn recursive_forecast<F: FnMut(&[f64]) -> f64>(
    history: &[f64],
    window: usize,
    horizon: usize,
    mut step: F,
) -> Result<Vec<f64>, SeriesError> {
    if window == 0 || horizon == 0 {
        return Err(SeriesError::InvalidParameter(format!(
            "window ({window}) and horizon ({horizon}) must be at least 1"
        )));
    }
    if history.len() < window {
        return Err(SeriesError::TooShort {
            what: "recursive_forecast",
            need: window,
            got: history.len(),
        });
    }
    let mut buf = history[history.len() - window..].to_vec();
    let mut out = Vec::with_capacity(horizon);
    for _ in 0..horizon {
        let y = step(&buf);
        out.push(y);
        buf.remove(0);
        buf.push(y);
    }
    Ok(out)
}

/// An Elman RNN reading one scalar per step, with a linear read-out of the last state:
/// `h_t = tanh(wx · x_t + wh h_{t−1} + b)`, `h_0 = 0`, `ŷ = wy · h_T + c`.
/// The same struct holds gradients (see [`RnnGrads`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RnnParams {
    /// `n_h` input weights (one input feature).
    pub wx: Array1<f64>,
    /// `n_h × n_h` recurrent weights.
    pub wh: Array2<f64>,
    /// `n_h` biases.
    pub b: Array1<f64>,
    /// `n_h` read-out weights.
    pub wy: Array1<f64>,
    /// Read-out bias.
    pub c: f64,
}

/// Gradients have the same shapes as the parameters.
pub type RnnGrads = RnnParams;

impl RnnParams {
    /// PyTorch's initialisation: every entry uniform in `±1/√n_h`.
    pub fn init<R: Rng>(n_h: usize, rng: &mut R) -> Self {
        let k = 1.0 / (n_h as f64).sqrt();
        let mut u = || rng.gen_range(-k..=k);
        RnnParams {
            wx: Array1::from_shape_fn(n_h, |_| u()),
            wh: Array2::from_shape_fn((n_h, n_h), |_| u()),
            b: Array1::from_shape_fn(n_h, |_| u()),
            wy: Array1::from_shape_fn(n_h, |_| u()),
            c: u(),
        }
    }

    /// All zeros, for accumulating gradients.
    pub fn zeros(n_h: usize) -> Self {
        RnnParams {
            wx: Array1::zeros(n_h),
            wh: Array2::zeros((n_h, n_h)),
            b: Array1::zeros(n_h),
            wy: Array1::zeros(n_h),
            c: 0.0,
        }
    }

    /// The hidden size, after checking that every shape agrees with `wx`.
    ///
    /// # Errors
    /// [`SeriesError::LengthMismatch`] naming the first array of the wrong size.
    pub fn n_h(&self) -> Result<usize, SeriesError> {
        let n_h = self.wx.len();
        let bad = |what, got| {
            Err(SeriesError::LengthMismatch {
                what,
                expected: n_h,
                got,
            })
        };
        if self.wh.nrows() != n_h {
            return bad("wh rows", self.wh.nrows());
        }
        if self.wh.ncols() != n_h {
            return bad("wh columns", self.wh.ncols());
        }
        if self.b.len() != n_h {
            return bad("b", self.b.len());
        }
        if self.wy.len() != n_h {
            return bad("wy", self.wy.len());
        }
        Ok(n_h)
    }

    /// Every number in a fixed order: wx, wh (row-major), b, wy, c.
    pub fn to_vec(&self) -> Vec<f64> {
        let mut v: Vec<f64> = self.wx.iter().copied().collect();
        v.extend(self.wh.iter());
        v.extend(self.b.iter());
        v.extend(self.wy.iter());
        v.push(self.c);
        v
    }

    /// The inverse of [`RnnParams::to_vec`] for hidden size `n_h`.
    ///
    /// # Panics
    /// If `v.len() != n_h² + 3 n_h + 1`.
    pub fn from_vec(n_h: usize, v: &[f64]) -> Self {
        assert_eq!(v.len(), n_h * n_h + 3 * n_h + 1, "parameter vector length");
        let (wx, rest) = v.split_at(n_h);
        let (wh, rest) = rest.split_at(n_h * n_h);
        let (b, rest) = rest.split_at(n_h);
        let (wy, rest) = rest.split_at(n_h);
        RnnParams {
            wx: Array1::from_vec(wx.to_vec()),
            wh: Array2::from_shape_vec((n_h, n_h), wh.to_vec()).expect("n_h × n_h"),
            b: Array1::from_vec(b.to_vec()),
            wy: Array1::from_vec(wy.to_vec()),
            c: rest[0],
        }
    }
}

/// Run the RNN over one window (`x_1 … x_T`, oldest first) from `h_0 = 0`.
/// Returns `(ŷ, hs)` where `hs` is `(T + 1) × n_h` with `h_0 … h_T` as rows.
///
/// ```
/// use ndarray::{array, Array2};
/// let p = rnn::RnnParams { wx: array![1.0], wh: Array2::zeros((1, 1)), b: array![0.0],
///                          wy: array![2.0], c: 0.5 };
/// let (y, hs) = rnn::rnn_forward(&p, &[0.3, 0.0]).unwrap();
/// assert_eq!(hs.nrows(), 3);
/// assert_eq!(y, 0.5); // h_2 = tanh(0) = 0
/// ```
///
/// # Errors
/// [`SeriesError::TooShort`] for an empty window, [`SeriesError::LengthMismatch`] when the
/// parameter shapes disagree (see [`RnnParams::n_h`]).
///
/// Hints: `cargo grader hint 35::rnn_forward`.
pub fn rnn_forward(p: &RnnParams, window: &[f64]) -> Result<(f64, Array2<f64>), SeriesError> {
    let n_h = p.n_h()?;
    if window.is_empty() {
        return Err(SeriesError::TooShort {
            what: "rnn_forward (window)",
            need: 1,
            got: 0,
        });
    }
    let t_len = window.len();
    let mut hs = Array2::zeros((t_len + 1, n_h));
    for (t, &x) in window.iter().enumerate() {
        let a = &p.wx * x + p.wh.dot(&hs.row(t)) + &p.b;
        hs.row_mut(t + 1).assign(&a.mapv(f64::tanh));
    }
    let y = p.wy.dot(&hs.row(t_len)) + p.c;
    Ok((y, hs))
}

/// The mean squared error `L = (1/N) Σ_i (ŷ_i − y_i)²` over the windows (rows of `x`)
/// and its gradient with respect to every parameter, by backpropagation through time.
///
/// Per window, with `e = 2(ŷ − y)/N`: `dwy += e h_T`, `dc += e`, `dh = e wy`; then for
/// `t = T … 1`: `da = dh ⊙ (1 − h_t²)`, `dwx += da x_t`, `dwh += da h_{t−1}ᵀ`, `db += da`,
/// `dh = whᵀ da`.
///
/// # Errors
/// [`SeriesError::TooShort`] when `x` has no rows or no columns,
/// [`SeriesError::LengthMismatch`] when `y.len() != x.nrows()` or the parameter shapes
/// disagree.
///
/// Hints: `cargo grader hint 35::rnn_gradients`.
pub fn rnn_gradients(
    p: &RnnParams,
    x: &Array2<f64>,
    y: &[f64],
) -> Result<(f64, RnnGrads), SeriesError> {
    let n_h = p.n_h()?;
    if x.nrows() == 0 || x.ncols() == 0 {
        return Err(SeriesError::TooShort {
            what: "rnn_gradients (windows)",
            need: 1,
            got: x.nrows().min(x.ncols()),
        });
    }
    if y.len() != x.nrows() {
        return Err(SeriesError::LengthMismatch {
            what: "rnn_gradients (targets)",
            expected: x.nrows(),
            got: y.len(),
        });
    }
    let n = x.nrows() as f64;
    let mut g = RnnParams::zeros(n_h);
    let mut loss = 0.0;
    for (row, &target) in x.rows().into_iter().zip(y) {
        let window = row.to_vec();
        let (pred, hs) = rnn_forward(p, &window)?;
        let t_len = window.len();
        loss += (pred - target).powi(2) / n;
        let e = 2.0 * (pred - target) / n;
        g.wy.scaled_add(e, &hs.row(t_len));
        g.c += e;
        let mut dh = &p.wy * e;
        for t in (0..t_len).rev() {
            let h = hs.row(t + 1);
            let da = &dh * &h.mapv(|v| 1.0 - v * v);
            g.wx.scaled_add(window[t], &da);
            let h_prev = hs.row(t);
            for i in 0..n_h {
                for j in 0..n_h {
                    g.wh[[i, j]] += da[i] * h_prev[j];
                }
            }
            g.b += &da;
            dh = p.wh.t().dot(&da);
        }
    }
    Ok((loss, g))
}

/// Adam (chapter 29) over one flat parameter vector, with `β₁ = 0.9, β₂ = 0.999,
/// ε = 1e-8`. Given.
#[derive(Debug, Clone, PartialEq)]
pub struct Adam {
    pub m: Vec<f64>,
    pub v: Vec<f64>,
    pub t: i32,
}

impl Adam {
    /// Zero moments for `len` parameters.
    pub fn new(len: usize) -> Self {
        Adam {
            m: vec![0.0; len],
            v: vec![0.0; len],
            t: 0,
        }
    }

    /// One step: `θ ← θ − lr · m̂ / (√v̂ + ε)`.
    ///
    /// # Panics
    /// If `params`, `grads` and the state differ in length.
    pub fn step(&mut self, params: &mut [f64], grads: &[f64], lr: f64) {
        assert_eq!(params.len(), grads.len());
        assert_eq!(params.len(), self.m.len());
        let (b1, b2, eps) = (0.9, 0.999, 1e-8);
        self.t += 1;
        let (c1, c2) = (1.0 - f64::powi(b1, self.t), 1.0 - f64::powi(b2, self.t));
        for (((p, &g), m), v) in params
            .iter_mut()
            .zip(grads)
            .zip(&mut self.m)
            .zip(&mut self.v)
        {
            *m = b1 * *m + (1.0 - b1) * g;
            *v = b2 * *v + (1.0 - b2) * g * g;
            *p -= lr * (*m / c1) / ((*v / c2).sqrt() + eps);
        }
    }
}

/// Gradient-norm clipping (chapter 36 has it as an exercise): if `‖g‖₂ > max_norm`, scale
/// `g` to length `max_norm`. Returns the norm before clipping. Given.
pub fn clip_grad_norm(g: &mut [f64], max_norm: f64) -> f64 {
    let norm = g.iter().map(|v| v * v).sum::<f64>().sqrt();
    if norm > max_norm {
        let s = max_norm / norm;
        g.iter_mut().for_each(|v| *v *= s);
    }
    norm
}

/// Settings for [`train_rnn`].
#[derive(Debug, Clone, PartialEq)]
pub struct TrainConfig {
    pub hidden: usize,
    pub epochs: usize,
    pub batch_size: usize,
    pub lr: f64,
    /// Maximum gradient norm (clipping).
    pub clip: f64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            hidden: 16,
            epochs: 60,
            batch_size: 16,
            lr: 0.01,
            clip: 1.0,
        }
    }
}

/// Train an RNN on windows `x` (one window per row) with one-step targets `y`:
/// initialise with [`RnnParams::init`], then for every epoch shuffle the rows, and for
/// every mini-batch take [`rnn_gradients`], clip the gradient norm to `cfg.clip`
/// ([`clip_grad_norm`]) and take one [`Adam`] step. Returns the parameters and one loss per
/// epoch: the mean of the epoch's batch losses weighted by batch size.
///
/// # Errors
/// [`SeriesError::InvalidParameter`] for `hidden`, `epochs` or `batch_size` of 0 or a
/// non-positive learning rate or clip; the errors of [`rnn_gradients`].
///
/// Hints: `cargo grader hint 35::train_rnn`.
pub fn train_rnn<R: Rng>(
    x: &Array2<f64>,
    y: &[f64],
    cfg: &TrainConfig,
    rng: &mut R,
) -> Result<(RnnParams, Vec<f64>), SeriesError> {
    if cfg.hidden == 0
        || cfg.epochs == 0
        || cfg.batch_size == 0
        || cfg.lr.is_nan()
        || cfg.lr <= 0.0
        || cfg.clip.is_nan()
        || cfg.clip <= 0.0
    {
        return Err(SeriesError::InvalidParameter(format!("{cfg:?}")));
    }
    if y.len() != x.nrows() {
        return Err(SeriesError::LengthMismatch {
            what: "train_rnn (targets)",
            expected: x.nrows(),
            got: y.len(),
        });
    }
    let n_h = cfg.hidden;
    let mut params = RnnParams::init(n_h, rng);
    let mut theta = params.to_vec();
    let mut adam = Adam::new(theta.len());
    let mut order: Vec<usize> = (0..x.nrows()).collect();
    let mut losses = Vec::with_capacity(cfg.epochs);
    for _ in 0..cfg.epochs {
        order.shuffle(rng);
        let mut total = 0.0;
        for batch in order.chunks(cfg.batch_size) {
            let xb = x.select(ndarray::Axis(0), batch);
            let yb: Vec<f64> = batch.iter().map(|&i| y[i]).collect();
            let (loss, g) = rnn_gradients(&params, &xb, &yb)?;
            total += loss * batch.len() as f64;
            let mut gv = g.to_vec();
            clip_grad_norm(&mut gv, cfg.clip);
            adam.step(&mut theta, &gv, cfg.lr);
            params = RnnParams::from_vec(n_h, &theta);
        }
        losses.push(total / x.nrows() as f64);
    }
    Ok((params, losses))
}

/// One model's forecast of the test part and its errors.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastRow {
    pub name: String,
    pub forecast: Vec<f64>,
    pub metrics: Metrics,
}

/// The comparison: one row per model, and the RNN's training losses.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub rows: Vec<ForecastRow>,
    pub rnn_losses: Vec<f64>,
}

/// Forecast the last `n_test` values of a positive monthly series from the values before
/// them, with four models, and score each against the truth with [`forecast_metrics`]:
///
/// 1. `"naive"`: [`naive_forecast`] of the training part;
/// 2. `"seasonal naive"`: [`seasonal_naive_forecast`] with season [`SEASON`];
/// 3. `"AR(12)"`: [`fit_ar`] with `p = 12` on the log of the training part, forecast with
///    [`recursive_forecast`] and `predict_next`, then `exp`;
/// 4. `"RNN"`: the year-over-year changes of the log, `d_t = log y_t − log y_{t−12}`
///    (growth without trend or season), a [`Scaler`] fitted on them, one-step windows of
///    length 12 ([`sliding_windows`]), [`train_rnn`] with `cfg`, a recursive forecast of
///    the scaled changes with [`rnn_forward`], back through the scaler, then rebuild
///    `log y_t = log y_{t−12} + d_t` month by month (using forecasts once `t − 12` is in
///    the test part) and `exp`.
///
/// # Errors
/// [`SeriesError::TooShort`] when the training part is shorter than `2·12 + 1`; the
/// errors of the pieces.
///
/// Hints: `cargo grader hint 35::compare_forecasts`.
pub fn compare_forecasts<R: Rng>(
    series: &[f64],
    n_test: usize,
    cfg: &TrainConfig,
    rng: &mut R,
) -> Result<Comparison, SeriesError> {
    let p = SEASON;
    if n_test == 0 {
        return Err(SeriesError::InvalidParameter(
            "n_test must be at least 1".into(),
        ));
    }
    if series.len() < n_test + 2 * p + 1 {
        return Err(SeriesError::TooShort {
            what: "compare_forecasts",
            need: n_test + 2 * p + 1,
            got: series.len(),
        });
    }
    let n_train = series.len() - n_test;
    let (train, test) = series.split_at(n_train);
    let log_train = log_transform(train)?;

    let naive = naive_forecast(train, n_test)?;
    let seasonal = seasonal_naive_forecast(train, n_test, SEASON)?;

    let ar = fit_ar(&log_train, p)?;
    let ar_log = recursive_forecast(&log_train, p, n_test, |w| {
        ar.predict_next(w).expect("window has p values")
    })?;
    let ar_fc: Vec<f64> = ar_log.iter().map(|v| v.exp()).collect();

    // the RNN reads year-over-year changes of the log: d_t = log y_t − log y_{t−12}
    let diffs: Vec<f64> = (SEASON..n_train)
        .map(|t| log_train[t] - log_train[t - SEASON])
        .collect();
    let scaler = fit_scaler(&diffs)?;
    let z = scaler.transform(&diffs);
    let (x, y) = sliding_windows(&z, p, 1)?;
    let y: Vec<f64> = y.column(0).to_vec();
    let (params, rnn_losses) = train_rnn(&x, &y, cfg, rng)?;
    let rnn_z = recursive_forecast(&z, p, n_test, |w| {
        rnn_forward(&params, w).expect("valid window").0
    })?;
    let mut logs = log_train.clone();
    for d in scaler.inverse(&rnn_z) {
        let next = logs[logs.len() - SEASON] + d;
        logs.push(next);
    }
    let rnn_fc: Vec<f64> = logs[n_train..].iter().map(|v| v.exp()).collect();

    let mut rows = Vec::new();
    for (name, forecast) in [
        ("naive", naive),
        ("seasonal naive", seasonal),
        ("AR(12)", ar_fc),
        ("RNN", rnn_fc),
    ] {
        let metrics = forecast_metrics(test, &forecast)?;
        rows.push(ForecastRow {
            name: name.to_string(),
            forecast,
            metrics,
        });
    }
    Ok(Comparison { rows, rnn_losses })
}

/// Draw the series, a vertical line at the train/test split (between index `n_train − 1`
/// and `n_train`), and every forecast at indices `n_train, n_train + 1, …` with a legend,
/// with [`charts::line_chart`] into `path` (PNG, 800 × 500).
///
/// # Errors
/// Those of [`charts::line_chart`].
///
/// Hints: `cargo grader hint 35::plot_forecasts`.
pub fn plot_forecasts(
    series: &[f64],
    n_train: usize,
    forecasts: &[(&str, &[f64])],
    path: &Path,
) -> Result<(), charts::ChartError> {
    let mut lines = vec![Series::indexed("actual", series)];
    let lo = series.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = series.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let split = n_train as f64 - 0.5;
    lines.push(Series::new("train | test", vec![(split, lo), (split, hi)]));
    for (name, f) in forecasts {
        lines.push(Series::new(
            *name,
            f.iter()
                .enumerate()
                .map(|(i, &v)| ((n_train + i) as f64, v))
                .collect(),
        ));
    }
    charts::line_chart(
        path,
        "Forecasts of the test part",
        "month index",
        "value",
        &lines,
    )
}

/// The training-loss curve (one point per epoch) with [`charts::line_chart`] into `path`
/// (PNG, 800 × 500).
///
/// # Errors
/// Those of [`charts::line_chart`].
///
/// Hints: `cargo grader hint 35::plot_losses`.
pub fn plot_losses(losses: &[f64], path: &Path) -> Result<(), charts::ChartError> {
    charts::line_chart(
        path,
        "RNN training loss",
        "epoch",
        "MSE (scaled units)",
        &[Series::indexed("training loss", losses)],
    )
}
