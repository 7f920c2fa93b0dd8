//! Chapter 30: a reverse-mode autodiff tape and a Keras-like `Sequential` (roadmap
//! W14-15 D7-8 "Introduction to TensorFlow/Keras" and W14-15 D9-10 "Introduction to
//! PyTorch").
//!
//! Reference solution. Same public API as `exercises/30-autograd`.

use std::io::IsTerminal;
use std::ops::Index;
use std::path::Path;

use charts::{palette, with_canvas, FONT};
use indicatif::{ProgressBar, ProgressStyle};
use ndarray::{Array2, Axis};
use plotters::prelude::*;
use rand::seq::SliceRandom;
use rand::Rng;
use rand_distr::{Distribution, Normal};
use thiserror::Error;

/// A handle to one value on a [`Tape`]: its index in `tape.nodes`. Cheap to copy, like a
/// PyTorch tensor that remembers where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Var(pub usize);

/// An element-wise non-linearity (Keras' `activation="relu"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    /// `max(0, x)`.
    Relu,
    /// `1 / (1 + e^−x)`.
    Sigmoid,
    /// `tanh x`.
    Tanh,
    /// The identity: no new node is recorded.
    Linear,
}

/// How a node was made: the operation and the nodes it read (its parents). This is what
/// PyTorch keeps in `tensor.grad_fn`.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// An input or a parameter: no parents.
    Leaf,
    /// `a + b`, same shapes.
    Add(Var, Var),
    /// `a − b`, same shapes.
    Sub(Var, Var),
    /// `a ⊙ b` (element-wise), same shapes.
    Mul(Var, Var),
    /// `a · b`, `(n × k) · (k × m)`.
    MatMul(Var, Var),
    /// `x + b` with the `1 × d` row `b` added to every row of the `n × d` matrix `x`.
    AddBias(Var, Var),
    /// An activation applied element-wise.
    Activate(Var, Activation),
    /// The mean of all entries, as a `1 × 1` value.
    Mean(Var),
    /// The mean softmax cross-entropy of the rows of `logits` against `labels`, `1 × 1`.
    SoftmaxCrossEntropy { logits: Var, labels: Vec<usize> },
}

/// One recorded value and how it was computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Array2<f64>,
    pub op: Op,
}

/// The tape: every value computed so far, in the order it was computed. Because a node
/// can only read nodes that existed before it, that order is already a topological
/// order of the graph, and walking it backwards visits every node after all its users.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tape {
    pub nodes: Vec<Node>,
}

/// The gradient of the loss with respect to every node on the tape (zeros for nodes the
/// loss does not depend on), each with the shape of its node. Index it with a [`Var`].
#[derive(Debug, Clone, PartialEq)]
pub struct Grads(pub Vec<Array2<f64>>);

impl Index<Var> for Grads {
    type Output = Array2<f64>;

    fn index(&self, v: Var) -> &Array2<f64> {
        &self.0[v.0]
    }
}

/// What can go wrong on the tape and in the model.
#[derive(Debug, Error)]
pub enum AutogradError {
    #[error("{op}: shapes {left:?} and {right:?} do not fit together")]
    Shape {
        op: &'static str,
        left: Vec<usize>,
        right: Vec<usize>,
    },
    #[error("backward needs a 1 × 1 loss, got shape {0:?}")]
    NotScalar(Vec<usize>),
    #[error("{got} labels for {rows} rows")]
    LabelCount { rows: usize, got: usize },
    #[error("label {label} in row {row} is not a class index below {classes}")]
    BadLabel {
        row: usize,
        label: usize,
        classes: usize,
    },
    #[error("{what}: expected {expected} tensors, got {got}")]
    Count {
        what: &'static str,
        expected: usize,
        got: usize,
    },
    #[error("the model has no optimizer: call compile first")]
    NotCompiled,
    #[error("batch size must be at least 1")]
    ZeroBatch,
    #[error(transparent)]
    Chart(#[from] charts::ChartError),
}

impl AutogradError {
    /// An [`AutogradError::Shape`] for `op` on two values of these shapes.
    pub fn shape(op: &'static str, left: &Array2<f64>, right: &Array2<f64>) -> Self {
        AutogradError::Shape {
            op,
            left: left.shape().to_vec(),
            right: right.shape().to_vec(),
        }
    }
}

impl Tape {
    /// An empty tape.
    pub fn new() -> Self {
        Tape { nodes: Vec::new() }
    }

    /// The number of nodes recorded.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether nothing is recorded yet.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Record an input or a parameter (`torch.tensor(..., requires_grad=True)`).
    pub fn leaf(&mut self, value: Array2<f64>) -> Var {
        self.push(value, Op::Leaf)
    }

    /// The value of a node.
    ///
    /// # Panics
    /// If `v` does not belong to this tape (its index is past the end).
    pub fn value(&self, v: Var) -> &Array2<f64> {
        &self.nodes[v.0].value
    }

    /// Append a node and return its handle. Every operation ends with this.
    fn push(&mut self, value: Array2<f64>, op: Op) -> Var {
        self.nodes.push(Node { value, op });
        Var(self.nodes.len() - 1)
    }

    /// `a + b`, element-wise, recorded as [`Op::Add`]. The worked example: check the
    /// shapes, compute the value, record it with the op that made it.
    ///
    /// ```
    /// use ndarray::array;
    /// let mut tape = autograd::Tape::new();
    /// let a = tape.leaf(array![[1.0, 2.0]]);
    /// let b = tape.leaf(array![[10.0, 20.0]]);
    /// let c = tape.add(a, b).unwrap();
    /// assert_eq!(tape.value(c), &array![[11.0, 22.0]]);
    /// ```
    ///
    /// # Errors
    /// [`AutogradError::Shape`] when `a` and `b` differ in shape.
    pub fn add(&mut self, a: Var, b: Var) -> Result<Var, AutogradError> {
        let (x, y) = (self.value(a), self.value(b));
        if x.dim() != y.dim() {
            return Err(AutogradError::shape("add", x, y));
        }
        let value = x + y;
        Ok(self.push(value, Op::Add(a, b)))
    }

    /// `a − b`, element-wise, recorded as [`Op::Sub`].
    ///
    /// ```
    /// use ndarray::array;
    /// let mut tape = autograd::Tape::new();
    /// let a = tape.leaf(array![[1.0, 2.0]]);
    /// let b = tape.leaf(array![[10.0, 20.0]]);
    /// let c = tape.sub(a, b).unwrap();
    /// assert_eq!(tape.value(c), &array![[-9.0, -18.0]]);
    /// ```
    ///
    /// # Errors
    /// [`AutogradError::Shape`] when `a` and `b` differ in shape.
    ///
    /// Hints: `cargo grader hint 30::sub`.
    pub fn sub(&mut self, a: Var, b: Var) -> Result<Var, AutogradError> {
        let (x, y) = (self.value(a), self.value(b));
        if x.dim() != y.dim() {
            return Err(AutogradError::shape("sub", x, y));
        }
        let value = x - y;
        Ok(self.push(value, Op::Sub(a, b)))
    }

    /// `a ⊙ b`, element-wise (NumPy's `a * b`, not a matrix product), recorded as
    /// [`Op::Mul`]. `mul(x, x)` is allowed and is `x²`.
    ///
    /// ```
    /// use ndarray::array;
    /// let mut tape = autograd::Tape::new();
    /// let a = tape.leaf(array![[1.0, 2.0]]);
    /// let b = tape.leaf(array![[3.0, 4.0]]);
    /// let c = tape.mul(a, b).unwrap();
    /// assert_eq!(tape.value(c), &array![[3.0, 8.0]]);
    /// ```
    ///
    /// # Errors
    /// [`AutogradError::Shape`] when `a` and `b` differ in shape.
    ///
    /// Hints: `cargo grader hint 30::mul`.
    pub fn mul(&mut self, a: Var, b: Var) -> Result<Var, AutogradError> {
        let (x, y) = (self.value(a), self.value(b));
        if x.dim() != y.dim() {
            return Err(AutogradError::shape("mul", x, y));
        }
        let value = x * y;
        Ok(self.push(value, Op::Mul(a, b)))
    }

    /// The matrix product `a · b` (NumPy's `a @ b`), recorded as [`Op::MatMul`].
    ///
    /// ```
    /// use ndarray::array;
    /// let mut tape = autograd::Tape::new();
    /// let a = tape.leaf(array![[1.0, 2.0]]);
    /// let b = tape.leaf(array![[3.0], [4.0]]);
    /// let c = tape.matmul(a, b).unwrap();
    /// assert_eq!(tape.value(c), &array![[11.0]]);
    /// ```
    ///
    /// # Errors
    /// [`AutogradError::Shape`] when `a` has not as many columns as `b` has rows.
    ///
    /// Hints: `cargo grader hint 30::matmul`.
    pub fn matmul(&mut self, a: Var, b: Var) -> Result<Var, AutogradError> {
        let (x, y) = (self.value(a), self.value(b));
        if x.ncols() != y.nrows() {
            return Err(AutogradError::shape("matmul", x, y));
        }
        let value = x.dot(y);
        Ok(self.push(value, Op::MatMul(a, b)))
    }

    /// `x + b` with the `1 × d` row `b` added to every row of the `n × d` matrix `x`
    /// (NumPy broadcasting), recorded as [`Op::AddBias`].
    ///
    /// ```
    /// use ndarray::array;
    /// let mut tape = autograd::Tape::new();
    /// let x = tape.leaf(array![[1.0, 2.0], [3.0, 4.0]]);
    /// let b = tape.leaf(array![[10.0, 20.0]]);
    /// let y = tape.add_bias(x, b).unwrap();
    /// assert_eq!(tape.value(y), &array![[11.0, 22.0], [13.0, 24.0]]);
    /// ```
    ///
    /// # Errors
    /// [`AutogradError::Shape`] when `b` is not `1 × x.ncols()`.
    ///
    /// Hints: `cargo grader hint 30::add_bias`.
    pub fn add_bias(&mut self, x: Var, b: Var) -> Result<Var, AutogradError> {
        let (xv, bv) = (self.value(x), self.value(b));
        if bv.dim() != (1, xv.ncols()) {
            return Err(AutogradError::shape("add_bias", xv, bv));
        }
        let value = xv + bv;
        Ok(self.push(value, Op::AddBias(x, b)))
    }

    /// An activation applied element-wise, recorded as [`Op::Activate`]:
    /// `relu(x) = max(0, x)`, `sigmoid(x) = 1/(1 + e^−x)`, `tanh(x)`. For
    /// [`Activation::Linear`] nothing is recorded and `x` itself is returned.
    ///
    /// ```
    /// use ndarray::array;
    /// use autograd::{Activation, Tape};
    /// let mut tape = Tape::new();
    /// let x = tape.leaf(array![[-1.0, 0.0, 2.0]]);
    /// let r = tape.activate(x, Activation::Relu);
    /// assert_eq!(tape.value(r), &array![[0.0, 0.0, 2.0]]);
    /// let s = tape.activate(x, Activation::Sigmoid);
    /// assert_eq!(tape.value(s)[[0, 1]], 0.5);
    /// assert_eq!(tape.activate(x, Activation::Linear), x);
    /// ```
    ///
    /// Hints: `cargo grader hint 30::activate`.
    pub fn activate(&mut self, x: Var, activation: Activation) -> Var {
        let v = self.value(x);
        let value = match activation {
            Activation::Relu => v.mapv(|z| z.max(0.0)),
            Activation::Sigmoid => v.mapv(|z| 1.0 / (1.0 + (-z).exp())),
            Activation::Tanh => v.mapv(f64::tanh),
            Activation::Linear => return x,
        };
        self.push(value, Op::Activate(x, activation))
    }

    /// The mean of all entries of `x`, as a `1 × 1` value, recorded as [`Op::Mean`]
    /// (`x.mean()`; the mean squared error is `mean((p − y) ⊙ (p − y))`).
    ///
    /// ```
    /// use ndarray::array;
    /// let mut tape = autograd::Tape::new();
    /// let x = tape.leaf(array![[1.0, 2.0], [3.0, 6.0]]);
    /// let m = tape.mean(x);
    /// assert_eq!(tape.value(m), &array![[3.0]]);
    /// ```
    ///
    /// # Panics
    /// If `x` has no entries (the mean of nothing is undefined).
    ///
    /// Hints: `cargo grader hint 30::mean`.
    pub fn mean(&mut self, x: Var) -> Var {
        let v = self.value(x);
        assert!(!v.is_empty(), "mean of an empty {:?} value", v.shape());
        let value = Array2::from_elem((1, 1), v.sum() / v.len() as f64);
        self.push(value, Op::Mean(x))
    }

    /// The mean softmax cross-entropy of the `n × k` `logits` against one class label per
    /// row, as a `1 × 1` value, recorded as [`Op::SoftmaxCrossEntropy`] (PyTorch's
    /// `F.cross_entropy(logits, labels)`, Keras'
    /// `SparseCategoricalCrossentropy(from_logits=True)`):
    ///
    /// ```text
    /// L = −(1/n) Σᵢ log softmax(zᵢ)[yᵢ],   log softmax(z)[c] = z[c] − m − log Σⱼ e^(z[j] − m)
    /// ```
    ///
    /// with `m` the row's maximum, so that logits of ±1000 give finite numbers.
    ///
    /// ```
    /// use ndarray::array;
    /// let mut tape = autograd::Tape::new();
    /// let z = tape.leaf(array![[0.0, 0.0]]);
    /// let loss = tape.softmax_cross_entropy(z, &[1]).unwrap();
    /// assert!((tape.value(loss)[[0, 0]] - 2f64.ln()).abs() < 1e-12);
    /// ```
    ///
    /// # Errors
    /// [`AutogradError::LabelCount`] when there is not one label per row,
    /// [`AutogradError::BadLabel`] for a label `≥ k`.
    ///
    /// Hints: `cargo grader hint 30::softmax_cross_entropy`.
    pub fn softmax_cross_entropy(
        &mut self,
        logits: Var,
        labels: &[usize],
    ) -> Result<Var, AutogradError> {
        let z = self.value(logits);
        let (n, k) = z.dim();
        if labels.len() != n {
            return Err(AutogradError::LabelCount {
                rows: n,
                got: labels.len(),
            });
        }
        if let Some((row, &label)) = labels.iter().enumerate().find(|(_, &l)| l >= k) {
            return Err(AutogradError::BadLabel {
                row,
                label,
                classes: k,
            });
        }
        let mut total = 0.0;
        for (row, &label) in z.rows().into_iter().zip(labels) {
            let max = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
            let log_sum = row.iter().map(|&v| (v - max).exp()).sum::<f64>().ln();
            total -= row[label] - max - log_sum;
        }
        let value = Array2::from_elem((1, 1), total / n.max(1) as f64);
        Ok(self.push(
            value,
            Op::SoftmaxCrossEntropy {
                logits,
                labels: labels.to_vec(),
            },
        ))
    }

    /// Reverse-mode differentiation (`loss.backward()`): the gradient of the `1 × 1`
    /// `loss` with respect to every node on the tape.
    ///
    /// Start with `∂L/∂L = 1` and zeros everywhere else, then visit the nodes from `loss`
    /// back to the first. Each node hands its gradient `G` to its parents with its local
    /// rule, and parents **add** what they receive (`+=`): a value used twice gets the sum
    /// of both contributions, which is the multivariable chain rule.
    ///
    /// ```text
    /// Add(a, b)        dA += G              dB += G
    /// Sub(a, b)        dA += G              dB −= G
    /// Mul(a, b)        dA += G ⊙ B          dB += G ⊙ A
    /// MatMul(a, b)     dA += G Bᵀ           dB += Aᵀ G
    /// AddBias(x, b)    dX += G              dB += Σ rows of G   (1 × d)
    /// relu             dX += G ⊙ [X > 0]
    /// sigmoid (Y)      dX += G ⊙ Y(1 − Y)
    /// tanh (Y)         dX += G ⊙ (1 − Y²)
    /// Mean(x)          dX += g / (number of entries of X)   (g = G's one entry)
    /// SoftmaxCE        dZ += g · (softmax(Z) − onehot(labels)) / n
    /// ```
    ///
    /// ```
    /// use ndarray::array;
    /// let mut tape = autograd::Tape::new();
    /// let x = tape.leaf(array![[3.0]]);
    /// let y = tape.mul(x, x).unwrap();          // y = x², used twice: dy/dx = 2x
    /// let grads = tape.backward(y).unwrap();
    /// assert_eq!(grads[x], array![[6.0]]);
    /// ```
    ///
    /// # Errors
    /// [`AutogradError::NotScalar`] when `loss` is not `1 × 1`.
    ///
    /// # Panics
    /// If `loss` does not belong to this tape.
    ///
    /// Hints: `cargo grader hint 30::backward`.
    pub fn backward(&self, loss: Var) -> Result<Grads, AutogradError> {
        let shape = self.value(loss).dim();
        if shape != (1, 1) {
            return Err(AutogradError::NotScalar(vec![shape.0, shape.1]));
        }
        let mut grads: Vec<Array2<f64>> = self
            .nodes
            .iter()
            .map(|n| Array2::zeros(n.value.dim()))
            .collect();
        grads[loss.0].fill(1.0);
        for i in (0..=loss.0).rev() {
            // Parents were recorded before their child: they all live in `before`.
            let (before, rest) = grads.split_at_mut(i);
            let g = &rest[0];
            let node = &self.nodes[i];
            match &node.op {
                Op::Leaf => {}
                Op::Add(a, b) => {
                    before[a.0] += g;
                    before[b.0] += g;
                }
                Op::Sub(a, b) => {
                    before[a.0] += g;
                    before[b.0] -= g;
                }
                Op::Mul(a, b) => {
                    let ga = g * self.value(*b);
                    let gb = g * self.value(*a);
                    before[a.0] += &ga;
                    before[b.0] += &gb;
                }
                Op::MatMul(a, b) => {
                    let ga = g.dot(&self.value(*b).t());
                    let gb = self.value(*a).t().dot(g);
                    before[a.0] += &ga;
                    before[b.0] += &gb;
                }
                Op::AddBias(x, b) => {
                    before[x.0] += g;
                    before[b.0] += &g.sum_axis(Axis(0)).insert_axis(Axis(0));
                }
                Op::Activate(x, activation) => {
                    let local = match activation {
                        Activation::Relu => {
                            self.value(*x).mapv(|z| if z > 0.0 { 1.0 } else { 0.0 })
                        }
                        Activation::Sigmoid => node.value.mapv(|y| y * (1.0 - y)),
                        Activation::Tanh => node.value.mapv(|y| 1.0 - y * y),
                        Activation::Linear => Array2::ones(node.value.dim()),
                    };
                    before[x.0] += &(g * &local);
                }
                Op::Mean(x) => {
                    let count = self.value(*x).len() as f64;
                    before[x.0].mapv_inplace(|v| v + g[[0, 0]] / count);
                }
                Op::SoftmaxCrossEntropy { logits, labels } => {
                    let z = self.value(*logits);
                    let scale = g[[0, 0]] / z.nrows().max(1) as f64;
                    let mut dz = z.clone();
                    for (mut row, &label) in dz.rows_mut().into_iter().zip(labels) {
                        let max = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
                        row.mapv_inplace(|v| (v - max).exp());
                        let sum = row.sum();
                        row /= sum;
                        row[label] -= 1.0;
                    }
                    before[logits.0].scaled_add(scale, &dz);
                }
            }
        }
        Ok(Grads(grads))
    }
}

/// The index of the largest entry of every row (`argmax(axis=1)`; the first on ties).
pub fn argmax_rows(values: &Array2<f64>) -> Vec<usize> {
    values
        .rows()
        .into_iter()
        .map(|row| {
            let mut best = 0;
            for (j, &v) in row.iter().enumerate() {
                if v > row[best] {
                    best = j;
                }
            }
            best
        })
        .collect()
}

/// A fully connected layer `activation(x W + b)` (Keras' `Dense(units, activation=…)`,
/// PyTorch's `nn.Linear` followed by an activation).
#[derive(Debug, Clone, PartialEq)]
pub struct Dense {
    /// `fan_in × fan_out`.
    pub w: Array2<f64>,
    /// `1 × fan_out`.
    pub b: Array2<f64>,
    pub activation: Activation,
}

/// A [`Dense`] layer with `fan_in` inputs and `fan_out` units: weights drawn from
/// `N(0, σ²)` with He's `σ² = 2/fan_in` for [`Activation::Relu`] and Xavier's
/// `σ² = 2/(fan_in + fan_out)` for the others (Keras' `he_normal` / `glorot_normal`);
/// bias zero.
///
/// ```
/// use rand::SeedableRng;
/// use autograd::{dense, Activation};
/// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
/// let layer = dense(3, 4, Activation::Relu, &mut rng);
/// assert_eq!((layer.w.dim(), layer.b.dim()), ((3, 4), (1, 4)));
/// ```
///
/// # Panics
/// If `fan_in` or `fan_out` is 0.
///
/// Hints: `cargo grader hint 30::dense`.
pub fn dense<R: Rng + ?Sized>(
    fan_in: usize,
    fan_out: usize,
    activation: Activation,
    rng: &mut R,
) -> Dense {
    assert!(
        fan_in > 0 && fan_out > 0,
        "a dense layer needs fan_in and fan_out ≥ 1, got {fan_in} and {fan_out}"
    );
    let variance = match activation {
        Activation::Relu => 2.0 / fan_in as f64,
        _ => 2.0 / (fan_in + fan_out) as f64,
    };
    let normal = Normal::new(0.0, variance.sqrt()).expect("a positive standard deviation");
    Dense {
        w: Array2::from_shape_fn((fan_in, fan_out), |_| normal.sample(rng)),
        b: Array2::zeros((1, fan_out)),
        activation,
    }
}

/// A stack of [`Dense`] layers (Keras' `Sequential([Dense(…), Dense(…)])`). The last
/// layer's output are the logits; softmax lives in the loss.
#[derive(Debug, Clone, PartialEq)]
pub struct Sequential {
    pub layers: Vec<Dense>,
    /// Set by [`Sequential::compile`].
    pub optimizer: Option<Adam>,
}

impl Sequential {
    /// A model of `layers`, not compiled yet.
    pub fn new(layers: Vec<Dense>) -> Self {
        Sequential {
            layers,
            optimizer: None,
        }
    }

    /// Choose the optimizer (Keras' `model.compile(optimizer=…)`; the loss is always the
    /// softmax cross-entropy here).
    pub fn compile(&mut self, optimizer: Adam) {
        self.optimizer = Some(optimizer);
    }

    /// Run the model on the tape: for every layer, record its `w` and `b` as leaves and
    /// compute `activation(x · w + b)` with the tape's operations. Returns the output
    /// node and the parameter nodes in the order `[w₀, b₀, w₁, b₁, …]`, so that
    /// `grads[params[k]]` is the gradient of the k-th parameter tensor.
    ///
    /// ```
    /// use ndarray::array;
    /// use autograd::*;
    /// let layer = Dense { w: array![[1.0, -1.0]], b: array![[0.5, 0.5]], activation: Activation::Relu };
    /// let model = Sequential::new(vec![layer]);
    /// let mut tape = Tape::new();
    /// let x = tape.leaf(array![[2.0]]);
    /// let (out, params) = model.forward(&mut tape, x).unwrap();
    /// assert_eq!(tape.value(out), &array![[2.5, 0.0]]);
    /// assert_eq!(params.len(), 2);
    /// ```
    ///
    /// # Errors
    /// [`AutogradError::Shape`] when the input or the layers do not fit together.
    ///
    /// Hints: `cargo grader hint 30::forward`.
    pub fn forward(&self, tape: &mut Tape, x: Var) -> Result<(Var, Vec<Var>), AutogradError> {
        let mut h = x;
        let mut params = Vec::with_capacity(2 * self.layers.len());
        for layer in &self.layers {
            let w = tape.leaf(layer.w.clone());
            let b = tape.leaf(layer.b.clone());
            let z = tape.matmul(h, w)?;
            let z = tape.add_bias(z, b)?;
            h = tape.activate(z, layer.activation);
            params.push(w);
            params.push(b);
        }
        Ok((h, params))
    }
}

/// Adam (Kingma & Ba, 2015) as a framework keeps it: one pair of moment estimates per
/// parameter tensor, created at the first step (`torch.optim.Adam(model.parameters())`).
#[derive(Debug, Clone, PartialEq)]
pub struct Adam {
    pub lr: f64,
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
    /// Steps taken so far.
    pub t: u32,
    /// First moments, one per parameter tensor (empty before the first step).
    pub m: Vec<Array2<f64>>,
    /// Second moments, one per parameter tensor (empty before the first step).
    pub v: Vec<Array2<f64>>,
}

impl Adam {
    /// Adam with learning rate `lr` and the paper's `β₁ = 0.9, β₂ = 0.999, ε = 1e-8`.
    pub fn new(lr: f64) -> Self {
        Adam {
            lr,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            t: 0,
            m: Vec::new(),
            v: Vec::new(),
        }
    }

    /// One update of every parameter tensor (`optimizer.step()`). On the first call,
    /// create zero moments shaped like the parameters; then `t ← t + 1` and for each
    /// tensor, entry by entry:
    ///
    /// ```text
    /// m ← β₁m + (1 − β₁)g      v ← β₂v + (1 − β₂)g²
    /// θ ← θ − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
    /// ```
    ///
    /// ```
    /// use ndarray::array;
    /// let mut adam = autograd::Adam::new(0.1);
    /// let mut w = array![[1.0, 2.0]];
    /// adam.step(&mut [&mut w], &[array![[5.0, -0.01]]]).unwrap();
    /// // The first step moves every entry by about lr, against its gradient's sign.
    /// assert!((w[[0, 0]] - 0.9).abs() < 1e-6 && (w[[0, 1]] - 2.1).abs() < 1e-5);
    /// ```
    ///
    /// # Errors
    /// [`AutogradError::Count`] when there are not as many gradients as parameters (or
    /// not as many as at the first step), [`AutogradError::Shape`] when a gradient and its
    /// parameter differ in shape.
    ///
    /// Hints: `cargo grader hint 30::step`.
    pub fn step(
        &mut self,
        params: &mut [&mut Array2<f64>],
        grads: &[Array2<f64>],
    ) -> Result<(), AutogradError> {
        if params.len() != grads.len() {
            return Err(AutogradError::Count {
                what: "gradients",
                expected: params.len(),
                got: grads.len(),
            });
        }
        for (p, g) in params.iter().zip(grads) {
            if p.dim() != g.dim() {
                return Err(AutogradError::shape("step", p, g));
            }
        }
        if self.m.is_empty() {
            self.m = params.iter().map(|p| Array2::zeros(p.dim())).collect();
            self.v = self.m.clone();
        }
        if self.m.len() != params.len() {
            return Err(AutogradError::Count {
                what: "parameters",
                expected: self.m.len(),
                got: params.len(),
            });
        }
        self.t += 1;
        let (lr, beta1, beta2, eps) = (self.lr, self.beta1, self.beta2, self.eps);
        let c1 = 1.0 - beta1.powi(self.t as i32);
        let c2 = 1.0 - beta2.powi(self.t as i32);
        for (((p, g), m), v) in params
            .iter_mut()
            .zip(grads)
            .zip(&mut self.m)
            .zip(&mut self.v)
        {
            ndarray::Zip::from(&mut **p)
                .and(g)
                .and(m)
                .and(v)
                .for_each(|p, &g, m, v| {
                    *m = beta1 * *m + (1.0 - beta1) * g;
                    *v = beta2 * *v + (1.0 - beta2) * g * g;
                    *p -= lr * (*m / c1) / ((*v / c2).sqrt() + eps);
                });
        }
        Ok(())
    }
}

/// How [`Sequential::fit`] runs (Keras' `fit(x, y, epochs=…, batch_size=…, verbose=…)`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitConfig {
    pub epochs: usize,
    pub batch_size: usize,
    /// Show a progress bar (only ever when stdout is a terminal).
    pub progress: bool,
}

/// What [`Sequential::fit`] returns: one entry per epoch (Keras' `history.history`).
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// The mean training loss of each epoch.
    pub loss: Vec<f64>,
    /// The training accuracy of each epoch (from the logits of its batches).
    pub accuracy: Vec<f64>,
}

impl Sequential {
    /// Train the model (Keras' `model.fit`): every epoch, shuffle the rows with `rng` and
    /// cut them into batches of `cfg.batch_size`; for each batch build a fresh tape (as
    /// PyTorch does every iteration), run [`Sequential::forward`], take the
    /// [`Tape::softmax_cross_entropy`] loss, [`Tape::backward`] it, and give the
    /// parameters and their gradients to the compiled optimizer's [`Adam::step`].
    ///
    /// Returns the [`History`]: per epoch, the mean loss over the rows (each batch's loss
    /// weighted by its size) and the share of rows whose logits' argmax was the label.
    /// With `cfg.progress` set *and* stdout a terminal, show an indicatif bar over the
    /// epochs; otherwise draw nothing.
    ///
    /// ```
    /// use ndarray::array;
    /// use rand::SeedableRng;
    /// use autograd::*;
    /// let mut rng = rand::rngs::StdRng::seed_from_u64(0);
    /// let mut model = Sequential::new(vec![
    ///     dense(1, 8, Activation::Tanh, &mut rng),
    ///     dense(8, 2, Activation::Linear, &mut rng),
    /// ]);
    /// model.compile(Adam::new(0.05));
    /// let x = array![[-1.0], [-0.5], [0.5], [1.0]];
    /// let cfg = FitConfig { epochs: 30, batch_size: 2, progress: false };
    /// let history = model.fit(&x, &[0, 0, 1, 1], &cfg, &mut rng).unwrap();
    /// assert!(history.loss[29] < history.loss[0]);
    /// ```
    ///
    /// # Errors
    /// [`AutogradError::NotCompiled`] before [`Sequential::compile`],
    /// [`AutogradError::ZeroBatch`], [`AutogradError::LabelCount`], and the errors of the
    /// forward pass and the loss.
    ///
    /// Hints: `cargo grader hint 30::fit`.
    pub fn fit<R: Rng + ?Sized>(
        &mut self,
        x: &Array2<f64>,
        labels: &[usize],
        cfg: &FitConfig,
        rng: &mut R,
    ) -> Result<History, AutogradError> {
        if cfg.batch_size == 0 {
            return Err(AutogradError::ZeroBatch);
        }
        if labels.len() != x.nrows() {
            return Err(AutogradError::LabelCount {
                rows: x.nrows(),
                got: labels.len(),
            });
        }
        let mut optimizer = self.optimizer.take().ok_or(AutogradError::NotCompiled)?;
        let result = self.fit_with(&mut optimizer, x, labels, cfg, rng);
        self.optimizer = Some(optimizer);
        result
    }

    fn fit_with<R: Rng + ?Sized>(
        &mut self,
        optimizer: &mut Adam,
        x: &Array2<f64>,
        labels: &[usize],
        cfg: &FitConfig,
        rng: &mut R,
    ) -> Result<History, AutogradError> {
        let bar = if cfg.progress && std::io::stdout().is_terminal() {
            let bar = ProgressBar::new(cfg.epochs as u64);
            if let Ok(style) = ProgressStyle::with_template("{bar:30} epoch {pos}/{len} {msg}") {
                bar.set_style(style);
            }
            bar
        } else {
            ProgressBar::hidden()
        };
        let n = x.nrows();
        let mut history = History {
            loss: Vec::with_capacity(cfg.epochs),
            accuracy: Vec::with_capacity(cfg.epochs),
        };
        let mut order: Vec<usize> = (0..n).collect();
        for _ in 0..cfg.epochs {
            order.shuffle(rng);
            let (mut total, mut right) = (0.0, 0usize);
            for batch in order.chunks(cfg.batch_size) {
                let yb: Vec<usize> = batch.iter().map(|&i| labels[i]).collect();
                let mut tape = Tape::new();
                let input = tape.leaf(x.select(Axis(0), batch));
                let (out, params) = self.forward(&mut tape, input)?;
                let loss = tape.softmax_cross_entropy(out, &yb)?;
                let grads = tape.backward(loss)?;
                total += tape.value(loss)[[0, 0]] * batch.len() as f64;
                right += argmax_rows(tape.value(out))
                    .iter()
                    .zip(&yb)
                    .filter(|(p, y)| p == y)
                    .count();
                let g: Vec<Array2<f64>> = params.iter().map(|&p| grads[p].clone()).collect();
                let mut refs: Vec<&mut Array2<f64>> = self
                    .layers
                    .iter_mut()
                    .flat_map(|l| [&mut l.w, &mut l.b])
                    .collect();
                optimizer.step(&mut refs, &g)?;
            }
            let mean = total / n.max(1) as f64;
            history.loss.push(mean);
            history.accuracy.push(right as f64 / n.max(1) as f64);
            bar.set_message(format!("loss {mean:.4}"));
            bar.inc(1);
        }
        bar.finish_and_clear();
        Ok(history)
    }

    /// The mean softmax cross-entropy and the accuracy of the model on `x` (Keras'
    /// `model.evaluate(x, y)`), with no training.
    ///
    /// ```
    /// use ndarray::array;
    /// use autograd::*;
    /// let layer = Dense { w: array![[1.0, -1.0]], b: array![[0.0, 0.0]], activation: Activation::Linear };
    /// let model = Sequential::new(vec![layer]);
    /// let (loss, accuracy) = model.evaluate(&array![[1.0], [-1.0]], &[0, 0]).unwrap();
    /// assert_eq!(accuracy, 0.5);
    /// assert!(loss > 0.0);
    /// ```
    ///
    /// # Errors
    /// The errors of the forward pass and of the loss.
    ///
    /// Hints: `cargo grader hint 30::evaluate`.
    pub fn evaluate(&self, x: &Array2<f64>, labels: &[usize]) -> Result<(f64, f64), AutogradError> {
        let mut tape = Tape::new();
        let input = tape.leaf(x.clone());
        let (out, _) = self.forward(&mut tape, input)?;
        let loss = tape.softmax_cross_entropy(out, labels)?;
        let right = argmax_rows(tape.value(out))
            .iter()
            .zip(labels)
            .filter(|(p, y)| p == y)
            .count();
        Ok((
            tape.value(loss)[[0, 0]],
            right as f64 / labels.len().max(1) as f64,
        ))
    }

    /// The predicted class of every row: the argmax of the logits (`model.predict(x)
    /// .argmax(axis=1)`).
    ///
    /// # Errors
    /// The errors of the forward pass.
    pub fn predict(&self, x: &Array2<f64>) -> Result<Vec<usize>, AutogradError> {
        let mut tape = Tape::new();
        let input = tape.leaf(x.clone());
        let (out, _) = self.forward(&mut tape, input)?;
        Ok(argmax_rows(tape.value(out)))
    }
}

/// Draw a two-feature classifier's decision regions and the data into a 600 × 600 PNG
/// at `path`: cover the data's range (padded by 10 % on each side) with a grid of at
/// least 100 × 100 cells, fill each cell with `palette(class).mix(0.35)` of the class
/// [`Sequential::predict`] gives its centre, then draw every point as a filled circle of
/// radius 3 in `palette(label)` on top. Axis labels `x₁`, `x₂` in `charts::FONT`.
///
/// ```no_run
/// # use autograd::*;
/// # let model: Sequential = unimplemented!();
/// let x = ndarray::array![[0.0, 0.0], [1.0, 1.0]];
/// plot_decision_boundary(&model, &x, &[0, 1], std::path::Path::new("plots/30/boundary.png")).unwrap();
/// ```
///
/// # Errors
/// [`AutogradError::Shape`] when `x` has not two columns or the model does not take two
/// inputs, [`AutogradError::LabelCount`] when there is not one label per row,
/// [`AutogradError::Chart`] when drawing fails.
///
/// Hints: `cargo grader hint 30::plot_decision_boundary`.
pub fn plot_decision_boundary(
    model: &Sequential,
    x: &Array2<f64>,
    labels: &[usize],
    path: &Path,
) -> Result<(), AutogradError> {
    if x.ncols() != 2 || x.nrows() == 0 {
        return Err(AutogradError::Shape {
            op: "plot_decision_boundary (needs n × 2 points, n ≥ 1)",
            left: x.shape().to_vec(),
            right: vec![x.nrows(), 2],
        });
    }
    if labels.len() != x.nrows() {
        return Err(AutogradError::LabelCount {
            rows: x.nrows(),
            got: labels.len(),
        });
    }
    let range = |col: usize| {
        let c = x.column(col);
        let lo = c.fold(f64::INFINITY, |m, &v| m.min(v));
        let hi = c.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
        let pad = if hi > lo { 0.1 * (hi - lo) } else { 1.0 };
        (lo - pad, hi + pad)
    };
    let ((x0, x1), (y0, y1)) = (range(0), range(1));
    const CELLS: usize = 120;
    let (dx, dy) = ((x1 - x0) / CELLS as f64, (y1 - y0) / CELLS as f64);
    let grid = Array2::from_shape_fn((CELLS * CELLS, 2), |(k, c)| {
        let (i, j) = (k / CELLS, k % CELLS);
        if c == 0 {
            x0 + (i as f64 + 0.5) * dx
        } else {
            y0 + (j as f64 + 0.5) * dy
        }
    });
    let classes = model.predict(&grid)?;
    with_canvas(path, (600, 600), |root| {
        let mut chart = ChartBuilder::on(root)
            .caption("Decision regions", (FONT, 22))
            .margin(15)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc("x₁")
            .y_desc("x₂")
            .label_style((FONT, 14))
            .draw()?;
        chart.draw_series(classes.iter().enumerate().map(|(k, &c)| {
            let (i, j) = (k / CELLS, k % CELLS);
            let (a, b) = (x0 + i as f64 * dx, y0 + j as f64 * dy);
            Rectangle::new([(a, b), (a + dx, b + dy)], palette(c).mix(0.35).filled())
        }))?;
        chart.draw_series(
            x.rows()
                .into_iter()
                .zip(labels)
                .map(|(p, &l)| Circle::new((p[0], p[1]), 3, palette(l).filled())),
        )?;
        Ok(())
    })?;
    Ok(())
}
