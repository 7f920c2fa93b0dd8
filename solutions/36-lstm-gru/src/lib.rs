//! Chapter 36: recurrent networks, LSTM and GRU cells, backpropagation through time
//! (roadmap W18 D3-4, "LSTM, GRU").
//!
//! Reference solution. Same public API as `exercises/36-lstm-gru`.
//!
//! Conventions used throughout: one sequence at a time (no batch axis), `xs` is a
//! `T × n_x` matrix whose row `t` is the input `x_{t+1}`, and weight matrices act on column
//! vectors, `W x` with `W` of shape `rows × n_x` (PyTorch's `weight_ih_l0` layout).

use std::path::Path;

use ndarray::{s, Array1, Array2, ArrayView1, Axis};
use rand::Rng;
use thiserror::Error;

// ---------------------------------------------------------------------------------------
// Given: errors, cells, parameters, caches, gradients, Adam and the data. Nothing to write
// until the first `todo!()` below.
// ---------------------------------------------------------------------------------------

/// Everything that can go wrong in this chapter.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum RnnError {
    /// An array whose shape does not fit the others.
    #[error("{what}: expected shape {expected:?}, got {got:?}")]
    Shape {
        what: &'static str,
        expected: Vec<usize>,
        got: Vec<usize>,
    },
    /// A sequence with no time steps.
    #[error("the sequence has no time steps")]
    EmptySequence,
    /// A configuration value out of range (`max_norm <= 0`, a batch size of 0, …).
    #[error("invalid {what}: {value}")]
    Invalid { what: &'static str, value: f64 },
}

impl RnnError {
    /// A [`RnnError::Shape`]: `what` should have had shape `expected`.
    pub fn shape(what: &'static str, expected: &[usize], got: &[usize]) -> Self {
        RnnError::Shape {
            what,
            expected: expected.to_vec(),
            got: got.to_vec(),
        }
    }
}

/// The three recurrent cells of the chapter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// `h_t = tanh(W_x x_t + W_h h_{t−1} + b)`.
    Rnn,
    /// Four gates: input, forget, candidate, output.
    Lstm,
    /// Three gates: reset, update, candidate.
    Gru,
}

impl Cell {
    /// How many `n_h`-row blocks the cell's stacked weight matrices hold: 1, 4 or 3.
    pub fn blocks(self) -> usize {
        match self {
            Cell::Rnn => 1,
            Cell::Lstm => 4,
            Cell::Gru => 3,
        }
    }

    /// The cell's name for plots and messages.
    pub fn name(self) -> &'static str {
        match self {
            Cell::Rnn => "RNN",
            Cell::Lstm => "LSTM",
            Cell::Gru => "GRU",
        }
    }
}

/// The logistic function `σ(x) = 1 / (1 + e^(−x))`, written so that it never overflows.
///
/// ```
/// assert_eq!(lstm_gru::sigmoid(0.0), 0.5);
/// assert!(lstm_gru::sigmoid(-1000.0) >= 0.0);
/// ```
pub fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// A `rows × cols` matrix of uniform draws on `±bound`.
fn uniform<R: Rng>(rows: usize, cols: usize, bound: f64, rng: &mut R) -> Array2<f64> {
    Array2::from_shape_fn((rows, cols), |_| rng.gen_range(-bound..bound))
}

/// Checks that `wx` is `k·n_h × n_x`, `wh` is `k·n_h × n_h` and `b` has `k·n_h` entries,
/// and returns `(n_x, n_h)`.
fn stacked_dims(
    k: usize,
    wx: &Array2<f64>,
    wh: &Array2<f64>,
    b: &Array1<f64>,
) -> Result<(usize, usize), RnnError> {
    let n_h = wh.ncols();
    let n_x = wx.ncols();
    if wh.nrows() != k * n_h {
        return Err(RnnError::shape("wh", &[k * n_h, n_h], wh.shape()));
    }
    if wx.nrows() != k * n_h {
        return Err(RnnError::shape("wx", &[k * n_h, n_x], wx.shape()));
    }
    if b.len() != k * n_h {
        return Err(RnnError::shape("b", &[k * n_h], b.shape()));
    }
    if n_h == 0 {
        return Err(RnnError::shape("wh", &[k, 1], wh.shape()));
    }
    Ok((n_x, n_h))
}

/// A vanilla RNN cell: `h_t = tanh(W_x x_t + W_h h_{t−1} + b)`.
#[derive(Debug, Clone, PartialEq)]
pub struct RnnParams {
    /// `n_h × n_x`.
    pub wx: Array2<f64>,
    /// `n_h × n_h`.
    pub wh: Array2<f64>,
    /// `n_h`.
    pub b: Array1<f64>,
}

/// An LSTM cell. The four gates are stacked in PyTorch's order **i, f, g, o**: rows
/// `0..n_h` of `wx`, `wh` and `b` belong to the input gate, `n_h..2n_h` to the forget gate,
/// `2n_h..3n_h` to the candidate `g`, `3n_h..4n_h` to the output gate.
#[derive(Debug, Clone, PartialEq)]
pub struct LstmParams {
    /// `4n_h × n_x` (PyTorch's `weight_ih_l0`).
    pub wx: Array2<f64>,
    /// `4n_h × n_h` (PyTorch's `weight_hh_l0`).
    pub wh: Array2<f64>,
    /// `4n_h` (PyTorch keeps two, `bias_ih_l0 + bias_hh_l0`; only their sum matters).
    pub b: Array1<f64>,
}

/// A GRU cell. The three blocks are stacked in PyTorch's order **r, z, n**: rows `0..n_h`
/// for the reset gate, `n_h..2n_h` for the update gate, `2n_h..3n_h` for the candidate.
/// See [`gru_forward`] for the equations (the Cho et al. placement of `r`).
#[derive(Debug, Clone, PartialEq)]
pub struct GruParams {
    /// `3n_h × n_x`.
    pub wx: Array2<f64>,
    /// `3n_h × n_h`.
    pub wh: Array2<f64>,
    /// `3n_h`.
    pub b: Array1<f64>,
}

impl RnnParams {
    /// PyTorch's initialisation: every entry uniform on `±1/√n_h`.
    pub fn init<R: Rng>(n_x: usize, n_h: usize, rng: &mut R) -> Self {
        let k = 1.0 / (n_h as f64).sqrt();
        RnnParams {
            wx: uniform(n_h, n_x, k, rng),
            wh: uniform(n_h, n_h, k, rng),
            b: uniform(n_h, 1, k, rng).column(0).to_owned(),
        }
    }

    /// `(n_x, n_h)` after checking that the three arrays fit together.
    ///
    /// # Errors
    /// [`RnnError::Shape`] when they do not.
    pub fn dims(&self) -> Result<(usize, usize), RnnError> {
        stacked_dims(1, &self.wx, &self.wh, &self.b)
    }
}

impl LstmParams {
    /// PyTorch's initialisation (uniform on `±1/√n_h`), then the forget-gate bias set to 1
    /// so that the cell starts out remembering (Jozefowicz et al., 2015).
    pub fn init<R: Rng>(n_x: usize, n_h: usize, rng: &mut R) -> Self {
        let k = 1.0 / (n_h as f64).sqrt();
        let mut b = uniform(4 * n_h, 1, k, rng).column(0).to_owned();
        b.slice_mut(s![n_h..2 * n_h]).fill(2.0);
        LstmParams {
            wx: uniform(4 * n_h, n_x, k, rng),
            wh: uniform(4 * n_h, n_h, k, rng),
            b,
        }
    }

    /// `(n_x, n_h)` after checking that the three arrays fit together.
    ///
    /// # Errors
    /// [`RnnError::Shape`] when they do not.
    pub fn dims(&self) -> Result<(usize, usize), RnnError> {
        stacked_dims(4, &self.wx, &self.wh, &self.b)
    }
}

impl GruParams {
    /// PyTorch's initialisation (uniform on `±1/√n_h`), then the update-gate bias set to
    /// −1 so that `z ≈ 0.27` and the cell starts out mostly keeping its state (the GRU
    /// counterpart of the LSTM's forget bias of 1).
    pub fn init<R: Rng>(n_x: usize, n_h: usize, rng: &mut R) -> Self {
        let k = 1.0 / (n_h as f64).sqrt();
        let mut b = uniform(3 * n_h, 1, k, rng).column(0).to_owned();
        b.slice_mut(s![n_h..2 * n_h]).fill(-2.0);
        GruParams {
            wx: uniform(3 * n_h, n_x, k, rng),
            wh: uniform(3 * n_h, n_h, k, rng),
            b,
        }
    }

    /// `(n_x, n_h)` after checking that the three arrays fit together.
    ///
    /// # Errors
    /// [`RnnError::Shape`] when they do not.
    pub fn dims(&self) -> Result<(usize, usize), RnnError> {
        stacked_dims(3, &self.wx, &self.wh, &self.b)
    }
}

/// What [`rnn_forward`] remembers for the backward pass.
#[derive(Debug, Clone, PartialEq)]
pub struct RnnCache {
    /// The inputs, `T × n_x`.
    pub xs: Array2<f64>,
    /// The hidden states, `(T + 1) × n_h`: row 0 is `h_0`, row `t` is `h_t`.
    pub hs: Array2<f64>,
}

/// What [`lstm_forward`] remembers for the backward pass.
#[derive(Debug, Clone, PartialEq)]
pub struct LstmCache {
    /// The inputs, `T × n_x`.
    pub xs: Array2<f64>,
    /// The hidden states, `(T + 1) × n_h`: row 0 is `h_0`, row `t` is `h_t`.
    pub hs: Array2<f64>,
    /// The cell states, `(T + 1) × n_h`: row 0 is `c_0`, row `t` is `c_t`.
    pub cs: Array2<f64>,
    /// The gate values after their nonlinearity, `T × 4n_h`: row `t − 1` holds
    /// `[i_t, f_t, g_t, o_t]`.
    pub gates: Array2<f64>,
}

/// What [`gru_forward`] remembers for the backward pass.
#[derive(Debug, Clone, PartialEq)]
pub struct GruCache {
    /// The inputs, `T × n_x`.
    pub xs: Array2<f64>,
    /// The hidden states, `(T + 1) × n_h`: row 0 is `h_0`, row `t` is `h_t`.
    pub hs: Array2<f64>,
    /// The gate values after their nonlinearity, `T × 3n_h`: row `t − 1` holds
    /// `[r_t, z_t, h̃_t]`.
    pub gates: Array2<f64>,
}

/// The gradient of a loss with respect to a cell's parameters and its initial state(s),
/// each with the shape of what it is the gradient of. `dc0` is used by the LSTM only (it
/// has length 0 for the RNN and the GRU).
#[derive(Debug, Clone, PartialEq)]
pub struct Grads {
    pub wx: Array2<f64>,
    pub wh: Array2<f64>,
    pub b: Array1<f64>,
    pub dh0: Array1<f64>,
    pub dc0: Array1<f64>,
}

impl Grads {
    /// Zero gradients for a cell with `blocks` stacked blocks (1, 4 or 3).
    pub fn zeros(blocks: usize, n_x: usize, n_h: usize, with_c: bool) -> Self {
        Grads {
            wx: Array2::zeros((blocks * n_h, n_x)),
            wh: Array2::zeros((blocks * n_h, n_h)),
            b: Array1::zeros(blocks * n_h),
            dh0: Array1::zeros(n_h),
            dc0: Array1::zeros(if with_c { n_h } else { 0 }),
        }
    }

    /// The three parameter gradients as flat slices (for clipping and optimisers).
    pub fn param_slices_mut(&mut self) -> [&mut [f64]; 3] {
        [
            self.wx.as_slice_mut().expect("standard layout"),
            self.wh.as_slice_mut().expect("standard layout"),
            self.b.as_slice_mut().expect("standard layout"),
        ]
    }
}

/// Adam's state for one flat parameter tensor (chapter 29), with the usual defaults
/// `β₁ = 0.9, β₂ = 0.999, ε = 1e-8`.
#[derive(Debug, Clone, PartialEq)]
pub struct AdamState {
    pub m: Vec<f64>,
    pub v: Vec<f64>,
    pub t: i32,
}

impl AdamState {
    /// Zero moments for `len` parameters.
    pub fn new(len: usize) -> Self {
        AdamState {
            m: vec![0.0; len],
            v: vec![0.0; len],
            t: 0,
        }
    }

    /// One Adam step (chapter 29): `θ ← θ − lr · m̂ / (√v̂ + ε)`.
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

/// The "remember the marked bit" task: `n` sequences of `seq_len` steps with two input
/// features (so each sequence is `seq_len × 2`): column 0 is a random bit `±1` at every
/// step, column 1 is a marker that is 1 at exactly one step, drawn uniformly among the first
/// `min(5, seq_len)` steps, and 0 elsewhere. The label is 1 when the marked bit is `+1` and
/// 0 otherwise. Everything after the marker is noise the model must ignore while it
/// carries one bit to the end of the sequence.
pub fn memory_task<R: Rng>(n: usize, seq_len: usize, rng: &mut R) -> Vec<(Array2<f64>, f64)> {
    (0..n)
        .map(|_| {
            let mut xs = Array2::zeros((seq_len, 2));
            for t in 0..seq_len {
                xs[[t, 0]] = if rng.gen_bool(0.5) { 1.0 } else { -1.0 };
            }
            let mark = rng.gen_range(0..seq_len.clamp(1, 5));
            xs[[mark, 1]] = 1.0;
            let y = if xs[[mark, 0]] > 0.0 { 1.0 } else { 0.0 };
            (xs, y)
        })
        .collect()
}

/// How [`train_memory_task`] runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainConfig {
    pub cell: Cell,
    /// Hidden size `n_h`.
    pub hidden: usize,
    /// Length `T` of every sequence.
    pub seq_len: usize,
    /// Number of training sequences (drawn once with [`memory_task`]).
    pub train_size: usize,
    /// Number of held-out sequences for the accuracy.
    pub test_size: usize,
    pub epochs: usize,
    pub batch_size: usize,
    /// Adam's learning rate.
    pub lr: f64,
    /// The gradient-norm limit for [`clip_grad_norm`].
    pub max_norm: f64,
}

/// What [`train_memory_task`] returns.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainReport {
    /// The mean training loss (binary cross-entropy) of every epoch.
    pub losses: Vec<f64>,
    /// The accuracy on `test_size` fresh sequences after training.
    pub accuracy: f64,
}

// ---------------------------------------------------------------------------------------
// Exercises.
// ---------------------------------------------------------------------------------------

/// Checks `xs` (`T × n_x`, `T ≥ 1`) and `h0` (`n_h`).
fn check_inputs(
    xs: &Array2<f64>,
    h0: &Array1<f64>,
    n_x: usize,
    n_h: usize,
) -> Result<(), RnnError> {
    if xs.nrows() == 0 {
        return Err(RnnError::EmptySequence);
    }
    if xs.ncols() != n_x {
        return Err(RnnError::shape("xs", &[xs.nrows(), n_x], xs.shape()));
    }
    if h0.len() != n_h {
        return Err(RnnError::shape("h0", &[n_h], h0.shape()));
    }
    Ok(())
}

/// Checks that the upstream gradient `dhs` is `T × n_h`.
fn check_dhs(dhs: &Array2<f64>, t: usize, n_h: usize) -> Result<(), RnnError> {
    if dhs.dim() != (t, n_h) {
        return Err(RnnError::shape("dhs", &[t, n_h], dhs.shape()));
    }
    Ok(())
}

/// `a bᵀ` for two vectors (the outer product).
fn outer(a: &Array1<f64>, b: ArrayView1<'_, f64>) -> Array2<f64> {
    let a2 = a.view().insert_axis(Axis(1));
    let b2 = b.insert_axis(Axis(0));
    a2.dot(&b2)
}

/// The vanilla RNN over a whole sequence:
///
/// ```text
/// h_t = tanh(W_x x_t + W_h h_{t−1} + b)      t = 1 … T
/// ```
///
/// NumPy, one step: `h = np.tanh(Wx @ x + Wh @ h + b)`. The result keeps `h_0 … h_T` (the
/// rows of `hs`) and the inputs, which is all the backward pass needs.
///
/// ```
/// use ndarray::array;
/// let p = lstm_gru::RnnParams { wx: array![[1.0]], wh: array![[0.0]], b: array![0.0] };
/// let cache = lstm_gru::rnn_forward(&p, &array![[0.5], [0.0]], &array![0.0]).unwrap();
/// assert!((cache.hs[[1, 0]] - 0.5f64.tanh()).abs() < 1e-15);
/// assert_eq!(cache.hs[[2, 0]], 0.0);
/// ```
///
/// # Errors
/// [`RnnError::Shape`] for parameters that do not fit together, `xs` without `n_x`
/// columns or `h0` without `n_h` entries; [`RnnError::EmptySequence`] when `T = 0`.
///
/// Hints: `cargo grader hint 36::rnn_forward`.
pub fn rnn_forward(
    p: &RnnParams,
    xs: &Array2<f64>,
    h0: &Array1<f64>,
) -> Result<RnnCache, RnnError> {
    let (n_x, n_h) = p.dims()?;
    check_inputs(xs, h0, n_x, n_h)?;
    let t_len = xs.nrows();
    let mut hs = Array2::zeros((t_len + 1, n_h));
    hs.row_mut(0).assign(h0);
    for t in 0..t_len {
        let a = p.wx.dot(&xs.row(t)) + p.wh.dot(&hs.row(t)) + &p.b;
        hs.row_mut(t + 1).assign(&a.mapv(f64::tanh));
    }
    Ok(RnnCache { xs: xs.clone(), hs })
}

/// Backpropagation through time for the vanilla RNN. `dhs` (`T × n_h`) holds
/// `∂L/∂h_t` coming **from the loss directly** at every step (row `t − 1` for `h_t`; zeros
/// where the loss does not look). Walking back from `t = T`:
///
/// ```text
/// dh   = dhs_t + (what flowed back from step t + 1)
/// da   = dh ⊙ (1 − h_t²)                 (tanh′)
/// dW_x += da x_tᵀ    dW_h += da h_{t−1}ᵀ    db += da
/// dh_{t−1} (flowing back) = W_hᵀ da
/// ```
///
/// and what is left after `t = 1` is `∂L/∂h_0`. The result has `dc0` empty.
///
/// ```
/// use ndarray::array;
/// let p = lstm_gru::RnnParams { wx: array![[1.0]], wh: array![[0.5]], b: array![0.0] };
/// let cache = lstm_gru::rnn_forward(&p, &array![[0.0]], &array![0.0]).unwrap();
/// let g = lstm_gru::rnn_backward(&p, &cache, &array![[1.0]]).unwrap();
/// assert_eq!(g.dh0, array![0.5]); // h_1 = tanh(0.5·h_0), slope 0.5 at 0
/// ```
///
/// # Errors
/// [`RnnError::Shape`] when `dhs` is not `T × n_h` or the cache does not fit the parameters.
///
/// Hints: `cargo grader hint 36::rnn_backward`.
pub fn rnn_backward(p: &RnnParams, cache: &RnnCache, dhs: &Array2<f64>) -> Result<Grads, RnnError> {
    let (n_x, n_h) = p.dims()?;
    let t_len = cache.xs.nrows();
    check_inputs(&cache.xs, &cache.hs.row(0).to_owned(), n_x, n_h)?;
    check_dhs(dhs, t_len, n_h)?;
    let mut g = Grads::zeros(1, n_x, n_h, false);
    let mut dh_next = Array1::zeros(n_h);
    for t in (0..t_len).rev() {
        let h = cache.hs.row(t + 1);
        let dh = &dhs.row(t) + &dh_next;
        let da = &dh * &h.mapv(|v| 1.0 - v * v);
        g.wx += &outer(&da, cache.xs.row(t));
        g.wh += &outer(&da, cache.hs.row(t));
        g.b += &da;
        dh_next = p.wh.t().dot(&da);
    }
    g.dh0 = dh_next;
    Ok(g)
}

/// The LSTM over a whole sequence. With `a_t = W_x x_t + W_h h_{t−1} + b` split into four
/// blocks of `n_h` (order i, f, g, o):
///
/// ```text
/// i_t = σ(a_i)     f_t = σ(a_f)     g_t = tanh(a_g)     o_t = σ(a_o)
/// c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t
/// h_t = o_t ⊙ tanh(c_t)
/// ```
///
/// PyTorch: `nn.LSTM(n_x, n_h)` computes exactly this (with `b = b_ih + b_hh`).
///
/// ```
/// use ndarray::{array, Array1, Array2};
/// // All weights zero, biases zero: every gate is σ(0) = 0.5 and g = tanh(0) = 0,
/// // so the cell state halves at every step and h = 0.5·tanh(c).
/// let p = lstm_gru::LstmParams { wx: Array2::zeros((4, 1)), wh: Array2::zeros((4, 1)), b: Array1::zeros(4) };
/// let cache = lstm_gru::lstm_forward(&p, &array![[3.0]], &array![0.0], &array![1.0]).unwrap();
/// assert_eq!(cache.cs[[1, 0]], 0.5);
/// assert!((cache.hs[[1, 0]] - 0.5 * 0.5f64.tanh()).abs() < 1e-15);
/// ```
///
/// # Errors
/// As [`rnn_forward`], and [`RnnError::Shape`] when `c0` does not have `n_h` entries.
///
/// Hints: `cargo grader hint 36::lstm_forward`.
pub fn lstm_forward(
    p: &LstmParams,
    xs: &Array2<f64>,
    h0: &Array1<f64>,
    c0: &Array1<f64>,
) -> Result<LstmCache, RnnError> {
    let (n_x, n_h) = p.dims()?;
    check_inputs(xs, h0, n_x, n_h)?;
    if c0.len() != n_h {
        return Err(RnnError::shape("c0", &[n_h], c0.shape()));
    }
    let t_len = xs.nrows();
    let mut hs = Array2::zeros((t_len + 1, n_h));
    let mut cs = Array2::zeros((t_len + 1, n_h));
    let mut gates = Array2::zeros((t_len, 4 * n_h));
    hs.row_mut(0).assign(h0);
    cs.row_mut(0).assign(c0);
    for t in 0..t_len {
        let a = p.wx.dot(&xs.row(t)) + p.wh.dot(&hs.row(t)) + &p.b;
        let mut gate = a.clone();
        for (k, v) in gate.iter_mut().enumerate() {
            *v = if (2 * n_h..3 * n_h).contains(&k) {
                v.tanh()
            } else {
                sigmoid(*v)
            };
        }
        let i = gate.slice(s![0..n_h]);
        let f = gate.slice(s![n_h..2 * n_h]);
        let g = gate.slice(s![2 * n_h..3 * n_h]);
        let o = gate.slice(s![3 * n_h..4 * n_h]);
        let c = &f * &cs.row(t) + &i * &g;
        let h = &o * &c.mapv(f64::tanh);
        cs.row_mut(t + 1).assign(&c);
        hs.row_mut(t + 1).assign(&h);
        gates.row_mut(t).assign(&gate);
    }
    Ok(LstmCache {
        xs: xs.clone(),
        hs,
        cs,
        gates,
    })
}

/// Backpropagation through time for the LSTM. `dhs` as in [`rnn_backward`]; two
/// gradients flow back between steps, `dh` and `dc`. At step `t` (walking back):
///
/// ```text
/// dh  = dhs_t + dh_next
/// dc  = dc_next + dh ⊙ o ⊙ (1 − tanh²(c_t))
/// do  = dh ⊙ tanh(c_t)      di = dc ⊙ g      dg = dc ⊙ i      df = dc ⊙ c_{t−1}
/// da  = [di ⊙ i(1−i), df ⊙ f(1−f), dg ⊙ (1−g²), do ⊙ o(1−o)]
/// dW_x += da x_tᵀ    dW_h += da h_{t−1}ᵀ    db += da
/// dh_next = W_hᵀ da          dc_next = dc ⊙ f      ← the additive path: ∂c_t/∂c_{t−1} = f_t
/// ```
///
/// What is left after `t = 1` is `dh0` and `dc0`.
///
/// # Errors
/// [`RnnError::Shape`] when `dhs` is not `T × n_h` or the cache does not fit the parameters.
///
/// Hints: `cargo grader hint 36::lstm_backward`.
pub fn lstm_backward(
    p: &LstmParams,
    cache: &LstmCache,
    dhs: &Array2<f64>,
) -> Result<Grads, RnnError> {
    let (n_x, n_h) = p.dims()?;
    let t_len = cache.xs.nrows();
    check_inputs(&cache.xs, &cache.hs.row(0).to_owned(), n_x, n_h)?;
    check_dhs(dhs, t_len, n_h)?;
    if cache.cs.dim() != (t_len + 1, n_h) || cache.gates.dim() != (t_len, 4 * n_h) {
        return Err(RnnError::shape(
            "cache.gates",
            &[t_len, 4 * n_h],
            cache.gates.shape(),
        ));
    }
    let mut gr = Grads::zeros(4, n_x, n_h, true);
    let mut dh_next = Array1::zeros(n_h);
    let mut dc_next = Array1::zeros(n_h);
    for t in (0..t_len).rev() {
        let gate = cache.gates.row(t);
        let i = gate.slice(s![0..n_h]);
        let f = gate.slice(s![n_h..2 * n_h]);
        let g = gate.slice(s![2 * n_h..3 * n_h]);
        let o = gate.slice(s![3 * n_h..4 * n_h]);
        let tc = cache.cs.row(t + 1).mapv(f64::tanh);
        let dh = &dhs.row(t) + &dh_next;
        let dc = &dc_next + &(&dh * &o * &tc.mapv(|v| 1.0 - v * v));
        let mut da = Array1::zeros(4 * n_h);
        for k in 0..n_h {
            da[k] = dc[k] * g[k] * i[k] * (1.0 - i[k]);
            da[n_h + k] = dc[k] * cache.cs[[t, k]] * f[k] * (1.0 - f[k]);
            da[2 * n_h + k] = dc[k] * i[k] * (1.0 - g[k] * g[k]);
            da[3 * n_h + k] = dh[k] * tc[k] * o[k] * (1.0 - o[k]);
        }
        gr.wx += &outer(&da, cache.xs.row(t));
        gr.wh += &outer(&da, cache.hs.row(t));
        gr.b += &da;
        dh_next = p.wh.t().dot(&da);
        dc_next = &dc * &f;
    }
    gr.dh0 = dh_next;
    gr.dc0 = dc_next;
    Ok(gr)
}

/// The GRU over a whole sequence, in this chapter's convention (Cho et al.'s placement of
/// the reset gate, and `z` weighting the **new** candidate). With the blocks r, z, n of
/// `W_x`, `W_h`, `b`:
///
/// ```text
/// r_t = σ(W_xr x_t + W_hr h_{t−1} + b_r)
/// z_t = σ(W_xz x_t + W_hz h_{t−1} + b_z)
/// h̃_t = tanh(W_xn x_t + W_hn (r_t ⊙ h_{t−1}) + b_n)
/// h_t = (1 − z_t) ⊙ h_{t−1} + z_t ⊙ h̃_t
/// ```
///
/// PyTorch's `nn.GRU` differs in two places: it applies `r` after the matrix product,
/// `tanh(W_xn x + b_in + r ⊙ (W_hn h + b_hn))`, and it writes
/// `h_t = (1 − z) ⊙ h̃ + z ⊙ h_{t−1}` (its `z` is our `1 − z`).
///
/// ```
/// use ndarray::{array, Array1, Array2};
/// // Zero weights and biases: z = 0.5, h̃ = 0, so h halves at every step.
/// let p = lstm_gru::GruParams { wx: Array2::zeros((3, 1)), wh: Array2::zeros((3, 1)), b: Array1::zeros(3) };
/// let cache = lstm_gru::gru_forward(&p, &array![[1.0], [1.0]], &array![1.0]).unwrap();
/// assert_eq!(cache.hs.column(0).to_vec(), vec![1.0, 0.5, 0.25]);
/// ```
///
/// # Errors
/// As [`rnn_forward`].
///
/// Hints: `cargo grader hint 36::gru_forward`.
pub fn gru_forward(
    p: &GruParams,
    xs: &Array2<f64>,
    h0: &Array1<f64>,
) -> Result<GruCache, RnnError> {
    let (n_x, n_h) = p.dims()?;
    check_inputs(xs, h0, n_x, n_h)?;
    let t_len = xs.nrows();
    let mut hs = Array2::zeros((t_len + 1, n_h));
    let mut gates = Array2::zeros((t_len, 3 * n_h));
    hs.row_mut(0).assign(h0);
    let (rz, nn) = (0..2 * n_h, 2 * n_h..3 * n_h);
    for t in 0..t_len {
        let x = xs.row(t);
        let h = hs.row(t).to_owned();
        let a_rz = p.wx.slice(s![rz.clone(), ..]).dot(&x)
            + p.wh.slice(s![rz.clone(), ..]).dot(&h)
            + p.b.slice(s![rz.clone()]);
        let rzv = a_rz.mapv(sigmoid);
        let r = rzv.slice(s![0..n_h]);
        let z = rzv.slice(s![n_h..2 * n_h]);
        let rh = &r * &h;
        let a_n = p.wx.slice(s![nn.clone(), ..]).dot(&x)
            + p.wh.slice(s![nn.clone(), ..]).dot(&rh)
            + p.b.slice(s![nn.clone()]);
        let n = a_n.mapv(f64::tanh);
        let h_new = &h + &(&z * &(&n - &h));
        hs.row_mut(t + 1).assign(&h_new);
        gates.slice_mut(s![t, 0..2 * n_h]).assign(&rzv);
        gates.slice_mut(s![t, 2 * n_h..3 * n_h]).assign(&n);
    }
    Ok(GruCache {
        xs: xs.clone(),
        hs,
        gates,
    })
}

/// Backpropagation through time for the GRU. At step `t`, with `dh = dhs_t + dh_next`:
///
/// ```text
/// dh̃ = dh ⊙ z          dz = dh ⊙ (h̃ − h_{t−1})        dh_prev = dh ⊙ (1 − z)
/// da_n = dh̃ ⊙ (1 − h̃²)
/// dW_xn += da_n x_tᵀ    dW_hn += da_n (r ⊙ h_{t−1})ᵀ    db_n += da_n
/// d(r⊙h) = W_hnᵀ da_n   dr = d(r⊙h) ⊙ h_{t−1}           dh_prev += d(r⊙h) ⊙ r
/// da_r = dr ⊙ r(1 − r)  da_z = dz ⊙ z(1 − z)
/// dW_x{r,z} += da x_tᵀ  dW_h{r,z} += da h_{t−1}ᵀ        db{r,z} += da
/// dh_prev += W_hrᵀ da_r + W_hzᵀ da_z
/// ```
///
/// # Errors
/// [`RnnError::Shape`] when `dhs` is not `T × n_h` or the cache does not fit the parameters.
///
/// Hints: `cargo grader hint 36::gru_backward`.
pub fn gru_backward(p: &GruParams, cache: &GruCache, dhs: &Array2<f64>) -> Result<Grads, RnnError> {
    let (n_x, n_h) = p.dims()?;
    let t_len = cache.xs.nrows();
    check_inputs(&cache.xs, &cache.hs.row(0).to_owned(), n_x, n_h)?;
    check_dhs(dhs, t_len, n_h)?;
    if cache.gates.dim() != (t_len, 3 * n_h) {
        return Err(RnnError::shape(
            "cache.gates",
            &[t_len, 3 * n_h],
            cache.gates.shape(),
        ));
    }
    let mut gr = Grads::zeros(3, n_x, n_h, false);
    let mut dh_next: Array1<f64> = Array1::zeros(n_h);
    let nn = 2 * n_h..3 * n_h;
    for t in (0..t_len).rev() {
        let gate = cache.gates.row(t);
        let r = gate.slice(s![0..n_h]);
        let z = gate.slice(s![n_h..2 * n_h]);
        let n = gate.slice(s![2 * n_h..3 * n_h]);
        let h = cache.hs.row(t);
        let x = cache.xs.row(t);
        let dh = &dhs.row(t) + &dh_next;
        let da_n = &dh * &z * &n.mapv(|v| 1.0 - v * v);
        let rh = &r * &h;
        let drh = p.wh.slice(s![nn.clone(), ..]).t().dot(&da_n);
        let mut da = Array1::zeros(3 * n_h);
        let mut dh_prev = Array1::zeros(n_h);
        for k in 0..n_h {
            da[k] = drh[k] * h[k] * r[k] * (1.0 - r[k]);
            da[n_h + k] = dh[k] * (n[k] - h[k]) * z[k] * (1.0 - z[k]);
            da[2 * n_h + k] = da_n[k];
            dh_prev[k] = dh[k] * (1.0 - z[k]) + drh[k] * r[k];
        }
        let da_rz = da.slice(s![0..2 * n_h]).to_owned();
        gr.wx += &outer(&da, x);
        gr.wh
            .slice_mut(s![0..2 * n_h, ..])
            .scaled_add(1.0, &outer(&da_rz, h));
        gr.wh
            .slice_mut(s![nn.clone(), ..])
            .scaled_add(1.0, &outer(&da_n, rh.view()));
        gr.b += &da;
        dh_prev += &p.wh.slice(s![0..2 * n_h, ..]).t().dot(&da_rz);
        dh_next = dh_prev;
    }
    gr.dh0 = dh_next;
    Ok(gr)
}

/// The number of trainable parameters of one cell in this chapter's layout (one bias
/// vector per block):
///
/// ```text
/// blocks · (n_h·(n_x + n_h) + n_h)        blocks = 1 (RNN), 4 (LSTM), 3 (GRU)
/// ```
///
/// ```
/// assert_eq!(lstm_gru::param_count(lstm_gru::Cell::Lstm, 1, 1), 12);
/// ```
///
/// Hints: `cargo grader hint 36::param_count`.
pub fn param_count(cell: Cell, n_x: usize, n_h: usize) -> usize {
    cell.blocks() * (n_h * (n_x + n_h) + n_h)
}

/// The number of parameters PyTorch reports for `nn.RNN`, `nn.LSTM` or `nn.GRU` with one
/// layer: the same weights, but **two** bias vectors per block (`bias_ih` and `bias_hh`),
/// so `blocks · (n_h·(n_x + n_h) + 2n_h)`. (`sum(p.numel() for p in nn.LSTM(10, 20).parameters())`
/// is 2560.)
///
/// ```
/// assert_eq!(lstm_gru::pytorch_param_count(lstm_gru::Cell::Lstm, 10, 20), 2560);
/// ```
///
/// Hints: `cargo grader hint 36::pytorch_param_count`.
pub fn pytorch_param_count(cell: Cell, n_x: usize, n_h: usize) -> usize {
    cell.blocks() * (n_h * (n_x + n_h) + 2 * n_h)
}

/// Gradient-norm clipping, PyTorch's `torch.nn.utils.clip_grad_norm_`: treat all the
/// tensors as one long vector `g`; if `‖g‖₂ > max_norm`, scale every entry by
/// `max_norm / ‖g‖₂` (the direction is kept, the length becomes `max_norm`); otherwise
/// leave them untouched. Returns the norm **before** clipping.
///
/// ```
/// let mut a = [3.0];
/// let mut b = [4.0];
/// let norm = lstm_gru::clip_grad_norm(&mut [&mut a[..], &mut b[..]], 1.0).unwrap();
/// assert_eq!(norm, 5.0);
/// assert!((a[0] - 0.6).abs() < 1e-15 && (b[0] - 0.8).abs() < 1e-15);
/// ```
///
/// # Errors
/// [`RnnError::Invalid`] when `max_norm` is not a positive finite number.
///
/// Hints: `cargo grader hint 36::clip_grad_norm`.
pub fn clip_grad_norm(grads: &mut [&mut [f64]], max_norm: f64) -> Result<f64, RnnError> {
    if !(max_norm > 0.0 && max_norm.is_finite()) {
        return Err(RnnError::Invalid {
            what: "max_norm",
            value: max_norm,
        });
    }
    let norm = grads
        .iter()
        .flat_map(|g| g.iter())
        .map(|v| v * v)
        .sum::<f64>()
        .sqrt();
    if norm > max_norm {
        let scale = max_norm / norm;
        for g in grads.iter_mut() {
            for v in g.iter_mut() {
                *v *= scale;
            }
        }
    }
    Ok(norm)
}

/// The Jacobian `∂h_T/∂h_0` (`n_h × n_h`, entry `[j, k] = ∂h_T[j]/∂h_0[k]`) of the vanilla
/// RNN on the sequence `xs`: the product of the one-step Jacobians
///
/// ```text
/// ∂h_t/∂h_{t−1} = diag(1 − h_t²) W_h        ∂h_T/∂h_0 = J_T J_{T−1} ⋯ J_1
/// ```
///
/// Its norm shrinks (or grows) geometrically in `T`: that is the vanishing (exploding)
/// gradient.
///
/// ```
/// use ndarray::array;
/// let p = lstm_gru::RnnParams { wx: array![[0.0]], wh: array![[0.5]], b: array![0.0] };
/// let j = lstm_gru::rnn_state_jacobian(&p, &array![[0.0], [0.0], [0.0]], &array![0.0]).unwrap();
/// assert_eq!(j[[0, 0]], 0.125); // 0.5³: h stays at 0, where tanh′ = 1
/// ```
///
/// # Errors
/// As [`rnn_forward`].
///
/// Hints: `cargo grader hint 36::rnn_state_jacobian`.
pub fn rnn_state_jacobian(
    p: &RnnParams,
    xs: &Array2<f64>,
    h0: &Array1<f64>,
) -> Result<Array2<f64>, RnnError> {
    let cache = rnn_forward(p, xs, h0)?;
    let n_h = h0.len();
    let mut jac = Array2::eye(n_h);
    for t in 1..=xs.nrows() {
        let mut step = p.wh.clone();
        for (j, mut row) in step.rows_mut().into_iter().enumerate() {
            let h = cache.hs[[t, j]];
            row *= 1.0 - h * h;
        }
        jac = step.dot(&jac);
    }
    Ok(jac)
}

/// The Jacobian `∂h_T/∂h_0` of the LSTM on `xs`, with `c_0` held fixed (`n_h × n_h`, entry
/// `[j, k] = ∂h_T[j]/∂h_0[k]`). Row `j` is the gradient of the scalar `h_T[j]` with respect
/// to `h_0`, which is exactly what [`lstm_backward`] returns as `dh0` when `dhs` is zero
/// except for a 1 at `[T − 1, j]`: one backward pass per row.
///
/// ```
/// use ndarray::{array, Array1, Array2};
/// let p = lstm_gru::LstmParams { wx: Array2::zeros((4, 1)), wh: Array2::zeros((4, 1)), b: Array1::zeros(4) };
/// let j = lstm_gru::lstm_state_jacobian(&p, &array![[1.0]], &array![0.3], &array![0.0]).unwrap();
/// assert_eq!(j[[0, 0]], 0.0); // W_h = 0: h_0 cannot reach h_1
/// ```
///
/// # Errors
/// As [`lstm_forward`].
///
/// Hints: `cargo grader hint 36::lstm_state_jacobian`.
pub fn lstm_state_jacobian(
    p: &LstmParams,
    xs: &Array2<f64>,
    h0: &Array1<f64>,
    c0: &Array1<f64>,
) -> Result<Array2<f64>, RnnError> {
    let cache = lstm_forward(p, xs, h0, c0)?;
    let (t_len, n_h) = (xs.nrows(), h0.len());
    let mut jac = Array2::zeros((n_h, n_h));
    for j in 0..n_h {
        let mut dhs = Array2::zeros((t_len, n_h));
        dhs[[t_len - 1, j]] = 1.0;
        let g = lstm_backward(p, &cache, &dhs)?;
        jac.row_mut(j).assign(&g.dh0);
    }
    Ok(jac)
}

/// The parameters of any of the three cells plus a logistic read-out `v·h_T + c`.
enum Model {
    Rnn(RnnParams),
    Lstm(LstmParams),
    Gru(GruParams),
}

impl Model {
    fn params_mut(&mut self) -> [&mut [f64]; 3] {
        let (wx, wh, b) = match self {
            Model::Rnn(p) => (&mut p.wx, &mut p.wh, &mut p.b),
            Model::Lstm(p) => (&mut p.wx, &mut p.wh, &mut p.b),
            Model::Gru(p) => (&mut p.wx, &mut p.wh, &mut p.b),
        };
        [
            wx.as_slice_mut().expect("standard layout"),
            wh.as_slice_mut().expect("standard layout"),
            b.as_slice_mut().expect("standard layout"),
        ]
    }

    /// The forward pass from `h_0 = c_0 = 0`: `h_T` and whatever the backward pass needs.
    fn forward(&self, xs: &Array2<f64>, n_h: usize) -> Result<(Array1<f64>, Cache), RnnError> {
        let zero = Array1::zeros(n_h);
        let cache = match self {
            Model::Rnn(p) => Cache::Rnn(rnn_forward(p, xs, &zero)?),
            Model::Lstm(p) => Cache::Lstm(lstm_forward(p, xs, &zero, &zero)?),
            Model::Gru(p) => Cache::Gru(gru_forward(p, xs, &zero)?),
        };
        let hs = match &cache {
            Cache::Rnn(c) => &c.hs,
            Cache::Lstm(c) => &c.hs,
            Cache::Gru(c) => &c.hs,
        };
        Ok((hs.row(xs.nrows()).to_owned(), cache))
    }

    /// The cell's gradients when the loss depends on `h_T` only, with `∂L/∂h_T = dh_last`.
    fn backward_last(&self, cache: &Cache, dh_last: &Array1<f64>) -> Result<Grads, RnnError> {
        let (n_h, t_len) = (dh_last.len(), cache_len(cache));
        let mut dhs = Array2::zeros((t_len, n_h));
        dhs.row_mut(t_len - 1).assign(dh_last);
        match (self, cache) {
            (Model::Rnn(p), Cache::Rnn(c)) => rnn_backward(p, c, &dhs),
            (Model::Lstm(p), Cache::Lstm(c)) => lstm_backward(p, c, &dhs),
            (Model::Gru(p), Cache::Gru(c)) => gru_backward(p, c, &dhs),
            _ => unreachable!("a model and its own cache"),
        }
    }
}

/// The cache of any of the three cells.
enum Cache {
    Rnn(RnnCache),
    Lstm(LstmCache),
    Gru(GruCache),
}

fn cache_len(cache: &Cache) -> usize {
    match cache {
        Cache::Rnn(c) => c.xs.nrows(),
        Cache::Lstm(c) => c.xs.nrows(),
        Cache::Gru(c) => c.xs.nrows(),
    }
}

/// Binary cross-entropy of the logit `s` for the label `y ∈ {0, 1}`, stable for any `s`:
/// `log(1 + e^s) − y·s`.
fn bce_with_logit(s: f64, y: f64) -> f64 {
    s.max(0.0) + (-s.abs()).exp().ln_1p() - y * s
}

/// Train a cell plus a logistic read-out `p = σ(v·h_T + c)` on [`memory_task`] with Adam
/// and gradient clipping, and report the loss curve and the held-out accuracy.
///
/// The recipe: initialise the cell with its `init` (from `rng`), `v` and `c` at 0; draw
/// `train_size` training sequences; each epoch, shuffle them and walk through mini-batches
/// of `batch_size`: for each sequence run the forward pass from `h_0 = c_0 = 0`, the loss
/// `BCE(σ(v·h_T + c), y)`, and the backward pass with `dhs` zero except its last row
/// `(p − y)·v`; average the gradients over the batch, clip all of them (cell and read-out
/// together) to `max_norm`, and take one Adam step per tensor. The epoch's loss is the
/// mean over its sequences. At the end, the accuracy is measured on `test_size` fresh
/// sequences (predict 1 when `v·h_T + c > 0`).
///
/// PyTorch: `nn.LSTM` + `nn.Linear(n_h, 1)` + `nn.BCEWithLogitsLoss` +
/// `clip_grad_norm_` + `torch.optim.Adam`.
///
/// # Errors
/// [`RnnError::Invalid`] for a hidden size, sequence length, training size, batch size or
/// test size of 0, a learning rate or `max_norm` that is not a positive finite number.
///
/// Hints: `cargo grader hint 36::train_memory_task`.
pub fn train_memory_task<R: Rng>(cfg: &TrainConfig, rng: &mut R) -> Result<TrainReport, RnnError> {
    for (what, value) in [
        ("hidden", cfg.hidden),
        ("seq_len", cfg.seq_len),
        ("train_size", cfg.train_size),
        ("test_size", cfg.test_size),
        ("batch_size", cfg.batch_size),
    ] {
        if value == 0 {
            return Err(RnnError::Invalid { what, value: 0.0 });
        }
    }
    if !(cfg.lr.is_finite() && cfg.lr > 0.0) {
        return Err(RnnError::Invalid {
            what: "lr",
            value: cfg.lr,
        });
    }
    if !(cfg.max_norm.is_finite() && cfg.max_norm > 0.0) {
        return Err(RnnError::Invalid {
            what: "max_norm",
            value: cfg.max_norm,
        });
    }
    let n_h = cfg.hidden;
    let mut model = match cfg.cell {
        Cell::Rnn => Model::Rnn(RnnParams::init(2, n_h, rng)),
        Cell::Lstm => Model::Lstm(LstmParams::init(2, n_h, rng)),
        Cell::Gru => Model::Gru(GruParams::init(2, n_h, rng)),
    };
    let mut v = Array1::<f64>::zeros(n_h);
    let mut c = [0.0f64];
    let data = memory_task(cfg.train_size, cfg.seq_len, rng);
    let k = cfg.cell.blocks();
    let mut adam: Vec<AdamState> = [2 * k * n_h, k * n_h * n_h, k * n_h, n_h, 1]
        .iter()
        .map(|&len| AdamState::new(len))
        .collect();
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut losses = Vec::with_capacity(cfg.epochs);
    for _ in 0..cfg.epochs {
        // Fisher–Yates shuffle.
        for i in (1..order.len()).rev() {
            order.swap(i, rng.gen_range(0..=i));
        }
        let mut total = 0.0;
        for batch in order.chunks(cfg.batch_size) {
            let mut g = Grads::zeros(k, 2, n_h, false);
            let mut dv = Array1::<f64>::zeros(n_h);
            let mut dc = [0.0];
            for &idx in batch {
                let (xs, y) = &data[idx];
                let (h, cache) = model.forward(xs, n_h)?;
                let s = v.dot(&h) + c[0];
                total += bce_with_logit(s, *y);
                let ds = sigmoid(s) - y;
                dv.scaled_add(ds, &h);
                dc[0] += ds;
                let gi = model.backward_last(&cache, &(&v * ds))?;
                g.wx += &gi.wx;
                g.wh += &gi.wh;
                g.b += &gi.b;
            }
            let m = batch.len() as f64;
            g.wx /= m;
            g.wh /= m;
            g.b /= m;
            dv /= m;
            dc[0] /= m;
            let [gwx, gwh, gb] = g.param_slices_mut();
            let dv_slice = dv.as_slice_mut().expect("standard layout");
            clip_grad_norm(&mut [gwx, gwh, gb, dv_slice, &mut dc], cfg.max_norm)?;
            let [pwx, pwh, pb] = model.params_mut();
            let [gwx, gwh, gb] = g.param_slices_mut();
            adam[0].step(pwx, gwx, cfg.lr);
            adam[1].step(pwh, gwh, cfg.lr);
            adam[2].step(pb, gb, cfg.lr);
            adam[3].step(
                v.as_slice_mut().expect("standard layout"),
                dv.as_slice().expect("standard layout"),
                cfg.lr,
            );
            adam[4].step(&mut c, &dc, cfg.lr);
        }
        losses.push(total / data.len() as f64);
    }
    let test = memory_task(cfg.test_size, cfg.seq_len, rng);
    let mut correct = 0usize;
    for (xs, y) in &test {
        let s = v.dot(&model.forward(xs, n_h)?.0) + c[0];
        if (s > 0.0) == (*y > 0.5) {
            correct += 1;
        }
    }
    Ok(TrainReport {
        losses,
        accuracy: correct as f64 / test.len() as f64,
    })
}

/// Draw one loss curve per `(name, losses)` pair (x: epoch, y: mean training loss) on one
/// chart with `charts::line_chart` (800 × 500, PNG or SVG by the extension).
///
/// ```no_run
/// lstm_gru::plot_losses(&[("RNN", &[0.7, 0.69][..]), ("LSTM", &[0.7, 0.1][..])],
///     std::path::Path::new("plots/36/memory_task_loss.png")).unwrap();
/// ```
///
/// # Errors
/// The [`charts::ChartError`] of the drawing (no finite point, a folder that cannot be
/// created).
///
/// Hints: `cargo grader hint 36::plot_losses`.
pub fn plot_losses(curves: &[(&str, &[f64])], path: &Path) -> Result<(), charts::ChartError> {
    let series: Vec<charts::Series> = curves
        .iter()
        .map(|(name, losses)| charts::Series::indexed(*name, losses))
        .collect();
    charts::line_chart(
        path,
        "Remember the marked bit: training loss",
        "epoch",
        "mean binary cross-entropy",
        &series,
    )
}
