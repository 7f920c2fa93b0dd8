//! Chapter 35 · RNN — roadmap W18 D1-2 (sequence data, the RNN idea).
//!
//! Sliding windows over a series, a split by time, scaling fitted on the past only, the
//! naive and seasonal-naive baselines, a linear autoregressive model AR(p), an Elman RNN
//! with backpropagation through time, recursive multi-step forecasting, and a comparison
//! of all four on the last 24 months of the air-passengers series.

#![allow(unused_variables, unused_mut)]

use std::path::Path;

#[allow(unused_imports)] // for plot_forecasts and plot_losses
use charts::Series;
use ndarray::{Array1, Array2};
#[allow(unused_imports)] // `.shuffle(rng)` in train_rnn
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
    todo!()
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
    todo!()
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
    todo!()
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
    todo!()
}

impl Scaler {
    /// `(x − mean) / std` for every value.
    ///
    /// Hints: `cargo grader hint 35::fit_scaler`.
    pub fn transform(&self, xs: &[f64]) -> Vec<f64> {
        todo!()
    }

    /// `z · std + mean` for every value: back to the original units.
    ///
    /// Hints: `cargo grader hint 35::fit_scaler`.
    pub fn inverse(&self, zs: &[f64]) -> Vec<f64> {
        todo!()
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
    todo!()
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
    todo!()
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
    todo!()
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
    todo!()
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
        todo!()
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
    todo!()
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
    todo!()
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
    todo!()
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
    todo!()
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
    todo!()
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
    todo!()
}

/// The training-loss curve (one point per epoch) with [`charts::line_chart`] into `path`
/// (PNG, 800 × 500).
///
/// # Errors
/// Those of [`charts::line_chart`].
///
/// Hints: `cargo grader hint 35::plot_losses`.
pub fn plot_losses(losses: &[f64], path: &Path) -> Result<(), charts::ChartError> {
    todo!()
}
