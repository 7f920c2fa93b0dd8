//! Hidden checks for chapter 36 (lstm-gru). Forward values are compared with the three
//! cells written again here with plain loops; every gradient and Jacobian is compared with
//! central differences of those loops, in f64. Nothing comes from the reference solution.

use harness::prelude::*;
use lstm_gru::*;
use ndarray::{Array1, Array2};
use rand::{Rng, SeedableRng};

const DAY: &[&str] = &["W18 D3-4"];
/// Sums of a few dozen products of O(1) numbers through tanh/σ: a few ulps each, and the
/// recurrence over ≤ 12 steps with contractive gates does not amplify them.
const FLOAT: Tol = Tol::new(1e-11, 1e-12);
/// Central-difference step: truncation O(h²) ≈ 1e-10 against rounding ε·|L|/h ≈ 1e-10
/// (the loss is a sum of at most 60 terms of size ≤ 3).
const H: f64 = 1e-5;
/// The relative-error threshold for gradients (SPEC §3): a right gradient agrees with
/// central differences to ~1e-8 here, a wrong one (a missing gate derivative, a transpose,
/// a dropped term of the recurrence) is off by 1e-2 or more.
const GRAD_REL: f64 = 1e-6;
/// The denominator floor of the relative error: the numerical side carries up to ~1e-10
/// of absolute noise, so entries below 1e-3 are judged on an absolute 1e-9 instead
/// (= GRAD_REL · FLOOR).
const FLOOR: f64 = 1e-3;

fn sig(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The parameters of any of the three cells, as the check builds them.
#[derive(Clone)]
struct P {
    wx: Array2<f64>,
    wh: Array2<f64>,
    b: Array1<f64>,
}

impl P {
    /// Random parameters for a cell with `k` blocks; entries N(0, 0.5²) keep the gates
    /// away from saturation, where every gradient would be tiny.
    fn random(cx: &mut Ctx, k: usize, n_x: usize, n_h: usize) -> P {
        P {
            wx: cx.matrix(k * n_h, n_x) * 0.5,
            wh: cx.matrix(k * n_h, n_h) * 0.5,
            b: cx.vector(k * n_h) * 0.5,
        }
    }
    fn rnn(&self) -> RnnParams {
        RnnParams {
            wx: self.wx.clone(),
            wh: self.wh.clone(),
            b: self.b.clone(),
        }
    }
    fn lstm(&self) -> LstmParams {
        LstmParams {
            wx: self.wx.clone(),
            wh: self.wh.clone(),
            b: self.b.clone(),
        }
    }
    fn gru(&self) -> GruParams {
        GruParams {
            wx: self.wx.clone(),
            wh: self.wh.clone(),
            b: self.b.clone(),
        }
    }
}

/// Row `r` of `W x + U h + b` restricted to one row, with loops.
fn pre(p: &P, r: usize, x: &[f64], h: &[f64]) -> f64 {
    let mut s = p.b[r];
    for (k, xk) in x.iter().enumerate() {
        s += p.wx[[r, k]] * xk;
    }
    for (k, hk) in h.iter().enumerate() {
        s += p.wh[[r, k]] * hk;
    }
    s
}

fn rows(a: &Array2<f64>) -> Vec<Vec<f64>> {
    a.rows().into_iter().map(|r| r.to_vec()).collect()
}

fn to_array(v: &[Vec<f64>]) -> Array2<f64> {
    let (r, c) = (v.len(), v[0].len());
    Array2::from_shape_fn((r, c), |(i, j)| v[i][j])
}

/// The vanilla RNN with loops: `h_0 … h_T`.
fn naive_rnn(p: &P, xs: &Array2<f64>, h0: &[f64]) -> Vec<Vec<f64>> {
    let n_h = h0.len();
    let mut hs = vec![h0.to_vec()];
    for x in rows(xs) {
        let h = hs.last().unwrap().clone();
        hs.push((0..n_h).map(|j| pre(p, j, &x, &h).tanh()).collect());
    }
    hs
}

/// The LSTM with loops (gate blocks i, f, g, o): `(h_0 … h_T, c_0 … c_T)`.
fn naive_lstm(p: &P, xs: &Array2<f64>, h0: &[f64], c0: &[f64]) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
    let n_h = h0.len();
    let (mut hs, mut cs) = (vec![h0.to_vec()], vec![c0.to_vec()]);
    for x in rows(xs) {
        let (h, c) = (hs.last().unwrap().clone(), cs.last().unwrap().clone());
        let (mut hn, mut cn) = (vec![0.0; n_h], vec![0.0; n_h]);
        for j in 0..n_h {
            let i = sig(pre(p, j, &x, &h));
            let f = sig(pre(p, n_h + j, &x, &h));
            let g = pre(p, 2 * n_h + j, &x, &h).tanh();
            let o = sig(pre(p, 3 * n_h + j, &x, &h));
            cn[j] = f * c[j] + i * g;
            hn[j] = o * cn[j].tanh();
        }
        hs.push(hn);
        cs.push(cn);
    }
    (hs, cs)
}

/// The GRU with loops (blocks r, z, n; r inside the product, z weighting the candidate).
fn naive_gru(p: &P, xs: &Array2<f64>, h0: &[f64]) -> Vec<Vec<f64>> {
    let n_h = h0.len();
    let mut hs = vec![h0.to_vec()];
    for x in rows(xs) {
        let h = hs.last().unwrap().clone();
        let r: Vec<f64> = (0..n_h).map(|j| sig(pre(p, j, &x, &h))).collect();
        let z: Vec<f64> = (0..n_h).map(|j| sig(pre(p, n_h + j, &x, &h))).collect();
        let rh: Vec<f64> = (0..n_h).map(|k| r[k] * h[k]).collect();
        let hn = (0..n_h)
            .map(|j| {
                let cand = pre(p, 2 * n_h + j, &x, &rh).tanh();
                (1.0 - z[j]) * h[j] + z[j] * cand
            })
            .collect();
        hs.push(hn);
    }
    hs
}

/// `L = Σ_t Σ_j G[t−1, j] · h_t[j]`: its gradient with respect to `h_t` is row `t − 1` of `G`.
fn weighted(hs: &[Vec<f64>], g: &Array2<f64>) -> f64 {
    let mut s = 0.0;
    for t in 1..hs.len() {
        for j in 0..hs[t].len() {
            s += g[[t - 1, j]] * hs[t][j];
        }
    }
    s
}

fn rel_err(a: f64, b: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs()).max(FLOOR)
}

/// Compare every entry of the learner's `analytic` gradient (flattened, with `shape`) with
/// `numeric(flat index)`.
fn compare_gradient(
    what: &str,
    expected_shape: &[usize],
    got_shape: &[usize],
    analytic: &[f64],
    mut numeric: impl FnMut(usize) -> f64,
) -> CheckResult {
    expect_shape(what, expected_shape, got_shape)?;
    let mut worst: Option<(usize, f64, f64, f64)> = None;
    for (i, &a) in analytic.iter().enumerate() {
        let n = numeric(i);
        let e = if a.is_finite() {
            rel_err(a, n)
        } else {
            f64::INFINITY
        };
        if worst.is_none_or(|w| e > w.3) {
            worst = Some((i, a, n, e));
        }
    }
    if let Some((i, a, n, e)) = worst {
        if e > GRAD_REL {
            let mut idx = Vec::new();
            let mut flat = i;
            for &d in expected_shape.iter().rev() {
                idx.push(flat % d);
                flat /= d;
            }
            idx.reverse();
            fail!(
                "{what}{idx:?}: analytic {}, numerical {} (central differences, h = {H:e}): relative error {e:.1e} > {GRAD_REL:e} (worst of {} entries; denominator floor {FLOOR:e})",
                fmt_num(a),
                fmt_num(n),
                analytic.len()
            );
        }
    }
    Ok(())
}

/// Which tensor a central difference nudges.
#[derive(Clone, Copy)]
enum Which {
    Wx,
    Wh,
    B,
    H0,
    C0,
}

/// Central difference of `loss(p, h0, c0)` along one entry of one tensor.
fn central(
    p: &P,
    h0: &Array1<f64>,
    c0: &Array1<f64>,
    which: Which,
    i: usize,
    loss: &dyn Fn(&P, &[f64], &[f64]) -> f64,
) -> f64 {
    let bump = |delta: f64| {
        let (mut q, mut h, mut c) = (p.clone(), h0.to_vec(), c0.to_vec());
        match which {
            Which::Wx => q.wx.as_slice_mut().unwrap()[i] += delta,
            Which::Wh => q.wh.as_slice_mut().unwrap()[i] += delta,
            Which::B => q.b[i] += delta,
            Which::H0 => h[i] += delta,
            Which::C0 => c[i] += delta,
        }
        loss(&q, &h, &c)
    };
    (bump(H) - bump(-H)) / (2.0 * H)
}

/// Compare all gradients in `g` with central differences of `loss`.
fn compare_all(
    cell: &str,
    p: &P,
    h0: &Array1<f64>,
    c0: &Array1<f64>,
    g: &Grads,
    loss: &dyn Fn(&P, &[f64], &[f64]) -> f64,
) -> CheckResult {
    let flat = |a: &Array2<f64>| a.iter().cloned().collect::<Vec<f64>>();
    compare_gradient(
        &format!("{cell} dW_x"),
        p.wx.shape(),
        g.wx.shape(),
        &flat(&g.wx),
        |i| central(p, h0, c0, Which::Wx, i, loss),
    )?;
    compare_gradient(
        &format!("{cell} dW_h"),
        p.wh.shape(),
        g.wh.shape(),
        &flat(&g.wh),
        |i| central(p, h0, c0, Which::Wh, i, loss),
    )?;
    compare_gradient(
        &format!("{cell} db"),
        p.b.shape(),
        g.b.shape(),
        &g.b.to_vec(),
        |i| central(p, h0, c0, Which::B, i, loss),
    )?;
    compare_gradient(
        &format!("{cell} dh0"),
        h0.shape(),
        g.dh0.shape(),
        &g.dh0.to_vec(),
        |i| central(p, h0, c0, Which::H0, i, loss),
    )?;
    if !c0.is_empty() {
        compare_gradient(
            &format!("{cell} dc0"),
            c0.shape(),
            g.dc0.shape(),
            &g.dc0.to_vec(),
            |i| central(p, h0, c0, Which::C0, i, loss),
        )?;
    }
    Ok(())
}

/// Random small sizes: `(T, n_x, n_h)`.
fn sizes(cx: &mut Ctx) -> (usize, usize, usize) {
    (cx.usize_in(1..=10), cx.usize_in(1..=4), cx.usize_in(1..=5))
}

/// The finite-difference Jacobian `∂h_T/∂h_0` of `last(h0)` (entry `[j, k]`).
fn fd_jacobian(h0: &Array1<f64>, last: impl Fn(&[f64]) -> Vec<f64>) -> Array2<f64> {
    let n_h = h0.len();
    let mut jac = Array2::zeros((n_h, n_h));
    for k in 0..n_h {
        let (mut up, mut down) = (h0.to_vec(), h0.to_vec());
        up[k] += H;
        down[k] -= H;
        let (a, b) = (last(&up), last(&down));
        for j in 0..n_h {
            jac[[j, k]] = (a[j] - b[j]) / (2.0 * H);
        }
    }
    jac
}

/// The Jacobian entries carry ~1e-10 of central-difference noise; entries of a right
/// Jacobian agree to ~1e-10, a wrong one (a missing tanh′, a transposed product, the wrong
/// order of the factors) misses by far more than 1e-7.
const JAC: Tol = Tol::new(1e-6, 1e-8);

/// `charts::line_chart` draws 800 × 500 pixels; axes and labels alone are about 1 % ink.
const LINE_CHART: (u32, u32) = (800, 500);
const MIN_INK: f64 = 0.01;

/// A line chart: the right size, not blank, with coloured series on it (axes and grid are
/// grey; a 2-pixel line across the plot is ≈ 0.3 % of the pixels).
fn expect_line_chart(what: &str, path: &std::path::Path) -> CheckResult {
    let png = expect_png(what, path, LINE_CHART, MIN_INK)?;
    ensure(png.colour() >= 0.001, || {
        format!(
            "{what}: only {:.3} % of the pixels are coloured: are the curves drawn?",
            100.0 * png.colour()
        )
    })
}

fn is_shape_err<T: std::fmt::Debug>(what: &str, r: Result<T, RnnError>) -> CheckResult {
    let e = expect_err(what, r)?;
    ensure(matches!(e, RnnError::Shape { .. }), || {
        format!("{what}: expected RnnError::Shape, got {e:?}")
    })
}

/// The memory-task configuration every training check uses. Measured with the reference
/// (dev profile, 8 hidden units, T = 25, 256 sequences, 40 epochs): see the README.
fn memory_cfg(cell: Cell) -> TrainConfig {
    TrainConfig {
        cell,
        hidden: 8,
        seq_len: 25,
        train_size: 256,
        test_size: 200,
        epochs: 40,
        batch_size: 16,
        lr: 0.01,
        max_norm: 1.0,
    }
}

fn main() {
    harness::run(
        "36",
        vec![
            Check::new("rnn_forward/random", DAY, |cx| {
                let (t, n_x, n_h) = sizes(cx);
                let p = P::random(cx, 1, n_x, n_h);
                let (xs, h0) = (cx.matrix(t, n_x), cx.vector(n_h));
                let got = expect_ok("rnn_forward", rnn_forward(&p.rnn(), &xs, &h0))?;
                expect_array_close(
                    "rnn_forward(..).hs (rows h_0 … h_T)",
                    &to_array(&naive_rnn(&p, &xs, h0.as_slice().unwrap())),
                    &got.hs,
                    FLOAT,
                )
            }),
            Check::new("rnn_forward/shape_errors", DAY, |cx| {
                let p = P::random(cx, 1, 3, 4).rnn();
                is_shape_err("rnn_forward with xs 5×2 for n_x = 3", rnn_forward(&p, &cx.matrix(5, 2), &cx.vector(4)))?;
                is_shape_err("rnn_forward with h0 of length 3 for n_h = 4", rnn_forward(&p, &cx.matrix(5, 3), &cx.vector(3)))?;
                let bad = RnnParams { wh: cx.matrix(4, 3), ..p.clone() };
                is_shape_err("rnn_forward with a 4×3 W_h", rnn_forward(&bad, &cx.matrix(5, 3), &cx.vector(4)))?;
                let e = expect_err("rnn_forward on a sequence of 0 steps", rnn_forward(&p, &Array2::zeros((0, 3)), &cx.vector(4)))?;
                expect_eq("the error for 0 steps", RnnError::EmptySequence, e)
            }),
            Check::new("rnn_backward/numerical", DAY, |cx| {
                let (t, n_x, n_h) = sizes(cx);
                let p = P::random(cx, 1, n_x, n_h);
                let (xs, h0, g) = (cx.matrix(t, n_x), cx.vector(n_h), cx.matrix(t, n_h));
                let cache = expect_ok("rnn_forward", rnn_forward(&p.rnn(), &xs, &h0))?;
                let grads = expect_ok("rnn_backward", rnn_backward(&p.rnn(), &cache, &g))?;
                let loss = |q: &P, h: &[f64], _: &[f64]| weighted(&naive_rnn(q, &xs, h), &g);
                compare_all("RNN", &p, &h0, &Array1::zeros(0), &grads, &loss)
            }),
            Check::new("rnn_backward/shape_mismatch", DAY, |cx| {
                let p = P::random(cx, 1, 2, 3).rnn();
                let cache = expect_ok("rnn_forward", rnn_forward(&p, &cx.matrix(4, 2), &cx.vector(3)))?;
                is_shape_err("rnn_backward with dhs 3×3 for T = 4", rnn_backward(&p, &cache, &cx.matrix(3, 3)))?;
                is_shape_err("rnn_backward with dhs 4×2 for n_h = 3", rnn_backward(&p, &cache, &cx.matrix(4, 2)))
            }),
            Check::new("lstm_forward/random", DAY, |cx| {
                let (t, n_x, n_h) = sizes(cx);
                let p = P::random(cx, 4, n_x, n_h);
                let (xs, h0, c0) = (cx.matrix(t, n_x), cx.vector(n_h), cx.vector(n_h));
                let got = expect_ok("lstm_forward", lstm_forward(&p.lstm(), &xs, &h0, &c0))?;
                let (hs, cs) = naive_lstm(&p, &xs, h0.as_slice().unwrap(), c0.as_slice().unwrap());
                expect_array_close("lstm_forward(..).hs (rows h_0 … h_T)", &to_array(&hs), &got.hs, FLOAT)?;
                expect_array_close("lstm_forward(..).cs (rows c_0 … c_T)", &to_array(&cs), &got.cs, FLOAT)
            }),
            Check::new("lstm_forward/shape_errors", DAY, |cx| {
                let p = P::random(cx, 4, 2, 3).lstm();
                let (xs, h0) = (cx.matrix(5, 2), cx.vector(3));
                is_shape_err("lstm_forward with c0 of length 2 for n_h = 3", lstm_forward(&p, &xs, &h0, &cx.vector(2)))?;
                is_shape_err("lstm_forward with xs 5×3 for n_x = 2", lstm_forward(&p, &cx.matrix(5, 3), &h0, &cx.vector(3)))?;
                let bad = LstmParams { b: cx.vector(9), ..p.clone() };
                is_shape_err("lstm_forward with a bias of 9 for 4·n_h = 12", lstm_forward(&bad, &xs, &h0, &cx.vector(3)))?;
                let e = expect_err("lstm_forward on 0 steps", lstm_forward(&p, &Array2::zeros((0, 2)), &h0, &cx.vector(3)))?;
                expect_eq("the error for 0 steps", RnnError::EmptySequence, e)
            }),
            Check::new("lstm_backward/numerical", DAY, |cx| {
                let (t, n_x, n_h) = sizes(cx);
                let p = P::random(cx, 4, n_x, n_h);
                let (xs, h0, c0, g) = (cx.matrix(t, n_x), cx.vector(n_h), cx.vector(n_h), cx.matrix(t, n_h));
                let cache = expect_ok("lstm_forward", lstm_forward(&p.lstm(), &xs, &h0, &c0))?;
                let grads = expect_ok("lstm_backward", lstm_backward(&p.lstm(), &cache, &g))?;
                let loss = |q: &P, h: &[f64], c: &[f64]| weighted(&naive_lstm(q, &xs, h, c).0, &g);
                compare_all("LSTM", &p, &h0, &c0, &grads, &loss)
            }),
            Check::new("lstm_backward/last_step_only", DAY, |cx| {
                // The loss looks at h_T only (as in the memory task): everything must flow
                // back through the recurrence, over 15–25 steps.
                let (t, n_x, n_h) = (cx.usize_in(15..=25), cx.usize_in(1..=3), cx.usize_in(2..=4));
                let p = P::random(cx, 4, n_x, n_h);
                let (xs, h0, c0) = (cx.matrix(t, n_x), cx.vector(n_h), cx.vector(n_h));
                let mut g = Array2::zeros((t, n_h));
                for j in 0..n_h {
                    g[[t - 1, j]] = cx.normal();
                }
                let cache = expect_ok("lstm_forward", lstm_forward(&p.lstm(), &xs, &h0, &c0))?;
                let grads = expect_ok("lstm_backward", lstm_backward(&p.lstm(), &cache, &g))?;
                let loss = |q: &P, h: &[f64], c: &[f64]| weighted(&naive_lstm(q, &xs, h, c).0, &g);
                compare_all("LSTM (loss on h_T only)", &p, &h0, &c0, &grads, &loss)
            }),
            Check::new("lstm_backward/shape_mismatch", DAY, |cx| {
                let p = P::random(cx, 4, 2, 3).lstm();
                let cache = expect_ok("lstm_forward", lstm_forward(&p, &cx.matrix(4, 2), &cx.vector(3), &cx.vector(3)))?;
                is_shape_err("lstm_backward with dhs 5×3 for T = 4", lstm_backward(&p, &cache, &cx.matrix(5, 3)))
            }),
            Check::new("gru_forward/random", DAY, |cx| {
                let (t, n_x, n_h) = sizes(cx);
                let p = P::random(cx, 3, n_x, n_h);
                let (xs, h0) = (cx.matrix(t, n_x), cx.vector(n_h));
                let got = expect_ok("gru_forward", gru_forward(&p.gru(), &xs, &h0))?;
                expect_array_close(
                    "gru_forward(..).hs (rows h_0 … h_T)",
                    &to_array(&naive_gru(&p, &xs, h0.as_slice().unwrap())),
                    &got.hs,
                    FLOAT,
                )
            }),
            Check::new("gru_forward/shape_errors", DAY, |cx| {
                let p = P::random(cx, 3, 2, 3).gru();
                is_shape_err("gru_forward with h0 of length 4 for n_h = 3", gru_forward(&p, &cx.matrix(5, 2), &cx.vector(4)))?;
                let bad = GruParams { wx: cx.matrix(8, 2), ..p.clone() };
                is_shape_err("gru_forward with an 8×2 W_x for 3·n_h = 9 rows", gru_forward(&bad, &cx.matrix(5, 2), &cx.vector(3)))?;
                let e = expect_err("gru_forward on 0 steps", gru_forward(&p, &Array2::zeros((0, 2)), &cx.vector(3)))?;
                expect_eq("the error for 0 steps", RnnError::EmptySequence, e)
            }),
            Check::new("gru_backward/numerical", DAY, |cx| {
                let (t, n_x, n_h) = sizes(cx);
                let p = P::random(cx, 3, n_x, n_h);
                let (xs, h0, g) = (cx.matrix(t, n_x), cx.vector(n_h), cx.matrix(t, n_h));
                let cache = expect_ok("gru_forward", gru_forward(&p.gru(), &xs, &h0))?;
                let grads = expect_ok("gru_backward", gru_backward(&p.gru(), &cache, &g))?;
                let loss = |q: &P, h: &[f64], _: &[f64]| weighted(&naive_gru(q, &xs, h), &g);
                compare_all("GRU", &p, &h0, &Array1::zeros(0), &grads, &loss)
            }),
            Check::new("gru_backward/shape_mismatch", DAY, |cx| {
                let p = P::random(cx, 3, 2, 3).gru();
                let cache = expect_ok("gru_forward", gru_forward(&p, &cx.matrix(4, 2), &cx.vector(3)))?;
                is_shape_err("gru_backward with dhs 4×4 for n_h = 3", gru_backward(&p, &cache, &cx.matrix(4, 4)))
            }),
            Check::new("param_count/formula", DAY, |cx| {
                // Count the entries of the arrays a cell of each kind holds (blocks of n_h
                // rows: 1, 4, 3), as `init` builds them.
                for _ in 0..10 {
                    let (n_x, n_h) = (cx.usize_in(1..=50), cx.usize_in(1..=50));
                    let mut rng = rand::rngs::StdRng::seed_from_u64(cx.rng.gen());
                    let size = |wx: &Array2<f64>, wh: &Array2<f64>, b: &Array1<f64>| wx.len() + wh.len() + b.len();
                    let r = RnnParams::init(n_x, n_h, &mut rng);
                    let l = LstmParams::init(n_x, n_h, &mut rng);
                    let g = GruParams::init(n_x, n_h, &mut rng);
                    expect_eq(&format!("param_count(Rnn, {n_x}, {n_h})"), size(&r.wx, &r.wh, &r.b), param_count(Cell::Rnn, n_x, n_h))?;
                    expect_eq(&format!("param_count(Lstm, {n_x}, {n_h})"), size(&l.wx, &l.wh, &l.b), param_count(Cell::Lstm, n_x, n_h))?;
                    expect_eq(&format!("param_count(Gru, {n_x}, {n_h})"), size(&g.wx, &g.wh, &g.b), param_count(Cell::Gru, n_x, n_h))?;
                }
                Ok(())
            }),
            Check::new("pytorch_param_count/formula", DAY, |cx| {
                // PyTorch's parameter list for one layer: weight_ih (k·n_h × n_x),
                // weight_hh (k·n_h × n_h), bias_ih (k·n_h), bias_hh (k·n_h), k = 1, 4, 3.
                for _ in 0..10 {
                    let (n_x, n_h) = (cx.usize_in(1..=50), cx.usize_in(1..=50));
                    for (cell, k) in [(Cell::Rnn, 1), (Cell::Lstm, 4), (Cell::Gru, 3)] {
                        let listed = [k * n_h * n_x, k * n_h * n_h, k * n_h, k * n_h];
                        expect_eq(
                            &format!("pytorch_param_count({cell:?}, {n_x}, {n_h})"),
                            listed.iter().sum::<usize>(),
                            pytorch_param_count(cell, n_x, n_h),
                        )?;
                    }
                }
                Ok(())
            }),
            Check::new("clip_grad_norm/above", DAY, |cx| {
                let mut a: Vec<f64> = (0..cx.usize_in(1..=20)).map(|_| cx.normal() * 3.0).collect();
                let mut b: Vec<f64> = (0..cx.usize_in(1..=20)).map(|_| cx.normal() * 3.0).collect();
                let (a0, b0) = (a.clone(), b.clone());
                let norm: f64 = a0.iter().chain(&b0).map(|v| v * v).sum::<f64>().sqrt();
                let max_norm = norm * cx.f64_in(0.05, 0.9);
                let got = expect_ok("clip_grad_norm", clip_grad_norm(&mut [&mut a[..], &mut b[..]], max_norm))?;
                // Sums of up to 40 squares: a few ulps.
                expect_close("clip_grad_norm's return value (the norm before clipping)", norm, got, FLOAT)?;
                let after: f64 = a.iter().chain(&b).map(|v| v * v).sum::<f64>().sqrt();
                expect_close("the norm after clipping (should be max_norm)", max_norm, after, FLOAT)?;
                // Same direction: every entry scaled by the same max_norm / norm.
                let scale = max_norm / norm;
                let expected: Vec<f64> = a0.iter().chain(&b0).map(|v| v * scale).collect();
                let got: Vec<f64> = a.iter().chain(&b).cloned().collect();
                expect_slice_close("the clipped gradients (each scaled by max_norm / norm)", &expected, &got, FLOAT)
            }),
            Check::new("clip_grad_norm/below", DAY, |cx| {
                let mut a: Vec<f64> = (0..cx.usize_in(1..=20)).map(|_| cx.normal()).collect();
                let a0 = a.clone();
                let norm: f64 = a0.iter().map(|v| v * v).sum::<f64>().sqrt();
                let got = expect_ok("clip_grad_norm", clip_grad_norm(&mut [&mut a[..]], norm * cx.f64_in(1.01, 3.0)))?;
                expect_close("clip_grad_norm's return value", norm, got, FLOAT)?;
                expect_eq("gradients whose norm is below max_norm (untouched)", a0, a)
            }),
            Check::new("clip_grad_norm/invalid", DAY, |cx| {
                let mut a: Vec<f64> = (0..5).map(|_| cx.normal()).collect();
                for bad in [0.0, -1.0, f64::NAN] {
                    let e = expect_err(&format!("clip_grad_norm with max_norm = {bad}"), clip_grad_norm(&mut [&mut a[..]], bad))?;
                    ensure(matches!(e, RnnError::Invalid { .. }), || format!("clip_grad_norm with max_norm = {bad}: expected RnnError::Invalid, got {e:?}"))?;
                }
                Ok(())
            }),
            Check::new("rnn_state_jacobian/numerical", DAY, |cx| {
                let (t, n_x, n_h) = sizes(cx);
                let p = P::random(cx, 1, n_x, n_h);
                let (xs, h0) = (cx.matrix(t, n_x), cx.vector(n_h));
                let got = expect_ok("rnn_state_jacobian", rnn_state_jacobian(&p.rnn(), &xs, &h0))?;
                let expected = fd_jacobian(&h0, |h| naive_rnn(&p, &xs, h).pop().unwrap());
                expect_array_close(&format!("∂h_T/∂h_0 of the RNN (T = {t}; central differences)"), &expected, &got, JAC)
            }),
            Check::new("rnn_state_jacobian/geometric_decay", DAY, |cx| {
                // W_h = αI, no input, h_0 = 0: h stays 0 where tanh′ = 1, so ∂h_T/∂h_0 = αᵀ I
                // exactly — the vanishing gradient in its purest form.
                let (t, n_h) = (cx.usize_in(1..=30), cx.usize_in(1..=5));
                let alpha = cx.f64_in(0.3, 0.95);
                let p = RnnParams { wx: Array2::zeros((n_h, 1)), wh: Array2::<f64>::eye(n_h) * alpha, b: Array1::zeros(n_h) };
                let got = expect_ok("rnn_state_jacobian", rnn_state_jacobian(&p, &Array2::zeros((t, 1)), &Array1::zeros(n_h)))?;
                expect_array_close(&format!("∂h_T/∂h_0 for W_h = {alpha:.3}·I, T = {t}"), &(Array2::<f64>::eye(n_h) * alpha.powi(t as i32)), &got, Tol::new(1e-12, 1e-300))
            }),
            Check::new("lstm_state_jacobian/numerical", DAY, |cx| {
                let (t, n_x, n_h) = sizes(cx);
                let p = P::random(cx, 4, n_x, n_h);
                let (xs, h0, c0) = (cx.matrix(t, n_x), cx.vector(n_h), cx.vector(n_h));
                let got = expect_ok("lstm_state_jacobian", lstm_state_jacobian(&p.lstm(), &xs, &h0, &c0))?;
                let c = c0.to_vec();
                let expected = fd_jacobian(&h0, |h| naive_lstm(&p, &xs, h, &c).0.pop().unwrap());
                expect_array_close(&format!("∂h_T/∂h_0 of the LSTM with c_0 fixed (T = {t}; central differences)"), &expected, &got, JAC)
            }),
            Check::new("train_memory_task/lstm_gru_remember", DAY, |cx| {
                // Measured with the reference at 25 epochs over 30 seeds: held-out accuracy
                // 0.990–1.000 for the LSTM and 0.995–1.000 for the GRU (the RNN: 0.435–0.610;
                // chance is 0.5); in 25 more seeds one LSTM run was still at chance after 25
                // epochs, so the check trains 40: all 50 seeds of a sweep then passed. The bar
                // of 0.9 leaves room for another, correct, order of random draws. Time: 5.4–5.6 s
                // of CPU for the whole check binary (all three cells trained) in the dev profile,
                // more wall time on a loaded machine; the 60 s limit is ~11× that.
                let mut curves = Vec::new();
                for cell in [Cell::Rnn, Cell::Lstm, Cell::Gru] {
                    let cfg = memory_cfg(cell);
                    let mut rng = rand::rngs::StdRng::seed_from_u64(cx.rng.gen());
                    let report = expect_ok(&format!("train_memory_task ({})", cell.name()), train_memory_task(&cfg, &mut rng))?;
                    expect_eq(&format!("number of epoch losses ({})", cell.name()), cfg.epochs, report.losses.len())?;
                    if let Some(bad) = report.losses.iter().position(|l| !l.is_finite()) {
                        fail!("train_memory_task ({}): the loss of epoch {bad} is {}", cell.name(), report.losses[bad]);
                    }
                    if cell != Cell::Rnn {
                        ensure(report.accuracy >= 0.9, || {
                            format!("held-out accuracy of the {} on remember-the-marked-bit (T = {}): expected ≥ 0.9, got {:.3}", cell.name(), cfg.seq_len, report.accuracy)
                        })?;
                    }
                    curves.push((cell.name(), report.losses));
                }
                let path = cx.plot_path("memory_task_loss.png");
                let refs: Vec<(&str, &[f64])> = curves.iter().map(|(n, l)| (*n, &l[..])).collect();
                expect_ok("plot_losses(.., plots/36/memory_task_loss.png)", plot_losses(&refs, fresh(&path)))?;
                expect_line_chart("plots/36/memory_task_loss.png", &path)
            })
            .timeout(std::time::Duration::from_secs(60)),
            Check::new("train_memory_task/invalid", DAY, |cx| {
                let mut rng = rand::rngs::StdRng::seed_from_u64(cx.rng.gen());
                for (what, cfg) in [
                    ("batch_size = 0", TrainConfig { batch_size: 0, ..memory_cfg(Cell::Lstm) }),
                    ("hidden = 0", TrainConfig { hidden: 0, ..memory_cfg(Cell::Gru) }),
                    ("seq_len = 0", TrainConfig { seq_len: 0, ..memory_cfg(Cell::Rnn) }),
                    ("max_norm = 0", TrainConfig { max_norm: 0.0, ..memory_cfg(Cell::Lstm) }),
                ] {
                    let e = expect_err(&format!("train_memory_task with {what}"), train_memory_task(&cfg, &mut rng))?;
                    ensure(matches!(e, RnnError::Invalid { .. }), || format!("train_memory_task with {what}: expected RnnError::Invalid, got {e:?}"))?;
                }
                Ok(())
            }),
            Check::new("plot_losses/png", DAY, |cx| {
                let n = cx.usize_in(5..=40);
                let mut curve = |scale: f64| -> Vec<f64> { (0..n).map(|i| scale / (1.0 + i as f64) + 0.05 * cx.f64_in(0.0, 1.0)).collect() };
                let (a, b, c) = (curve(0.7), curve(0.5), curve(0.3));
                let path = cx.plot_path("losses_check.png");
                expect_ok("plot_losses", plot_losses(&[("RNN", &a[..]), ("LSTM", &b[..]), ("GRU", &c[..])], fresh(&path)))?;
                expect_line_chart("plot_losses's PNG", &path)
            }),
        ],
    );
}
