//! Chapter 12: logistic regression (roadmap W9-10 D5-6, "Logistic Regression").
//!
//! Reference solution. Same public API as `exercises/12-logistic-regression`.

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};

/// What can go wrong when fitting or scoring.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    /// No rows where some are needed.
    #[error("empty data: {0}")]
    Empty(&'static str),
    /// Two inputs disagree on the number of rows.
    #[error("{left} rows/values against {right}")]
    RowMismatch { left: usize, right: usize },
    /// Parameters of the wrong size for the data.
    #[error("expected {expected} columns/weights, got {got}")]
    ColumnMismatch { expected: usize, got: usize },
    /// A label outside `0..n_classes` (binary models take 0 and 1 only).
    #[error("label {label} at row {row} is not below {n_classes}")]
    BadLabel {
        row: usize,
        label: usize,
        n_classes: usize,
    },
    /// A hyperparameter out of range.
    #[error("bad parameter: {0}")]
    BadParam(String),
    /// The data set could not be read.
    #[error(transparent)]
    Data(#[from] datasets::Error),
}

/// A binary logistic model: `P(y = 1 | x) = σ(intercept + x · coef)`.
#[derive(Debug, Clone, PartialEq)]
pub struct LogisticModel {
    pub intercept: f64,
    pub coef: Array1<f64>,
}

/// A softmax (multinomial logistic) model with `K` classes: class scores
/// `z = x · weights + intercepts`, probabilities `softmax(z)`.
#[derive(Debug, Clone, PartialEq)]
pub struct SoftmaxModel {
    /// `d × K`: one column of weights per class.
    pub weights: Array2<f64>,
    /// One intercept per class.
    pub intercepts: Array1<f64>,
}

/// A trained model with the mean training loss after every epoch.
#[derive(Debug, Clone, PartialEq)]
pub struct Trained<M> {
    pub model: M,
    pub losses: Vec<f64>,
}

/// The logistic function `σ(z) = 1 / (1 + e^(−z))`, computed so that it never overflows
/// and stays accurate in both tails: for `z ≥ 0` use `1 / (1 + e^(−z))`, for `z < 0` use
/// `e^z / (1 + e^z)` (only ever `exp` of a non-positive number).
///
/// ```
/// use logistic_regression::sigmoid;
/// assert_eq!(sigmoid(0.0), 0.5);
/// assert_eq!(sigmoid(800.0), 1.0);
/// assert!(sigmoid(-800.0) >= 0.0);
/// ```
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// Binary cross-entropy of one example from its *logit* `z` (not its probability):
/// `−[y ln σ(z) + (1 − y) ln(1 − σ(z))]`, rewritten so it never takes `ln 0`:
///
/// ```text
/// loss = max(z, 0) − z·y + ln(1 + e^(−|z|))
/// ```
///
/// (`ln_1p` keeps the last term accurate when `e^(−|z|)` is tiny.) `y` is 0.0 or 1.0.
///
/// ```
/// use logistic_regression::bce_with_logits;
/// assert!((bce_with_logits(0.0, 1.0) - 2f64.ln()).abs() < 1e-15);
/// assert_eq!(bce_with_logits(800.0, 0.0), 800.0); // a confident mistake costs a lot
/// ```
pub fn bce_with_logits(z: f64, y: f64) -> f64 {
    z.max(0.0) - z * y + (-z.abs()).exp().ln_1p()
}

/// Shared checks for a binary data set and a weight vector.
fn check_binary(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    w_len: usize,
) -> Result<(), LogError> {
    if x.nrows() == 0 {
        return Err(LogError::Empty("no rows"));
    }
    if x.nrows() != y.len() {
        return Err(LogError::RowMismatch {
            left: x.nrows(),
            right: y.len(),
        });
    }
    if w_len != x.ncols() {
        return Err(LogError::ColumnMismatch {
            expected: x.ncols(),
            got: w_len,
        });
    }
    check_labels(y, 2)
}

fn check_labels(y: ArrayView1<'_, usize>, n_classes: usize) -> Result<(), LogError> {
    match y.iter().position(|&l| l >= n_classes) {
        Some(row) => Err(LogError::BadLabel {
            row,
            label: y[row],
            n_classes,
        }),
        None => Ok(()),
    }
}

/// Mean binary cross-entropy `(1/n) Σ bce_with_logits(b + xᵢ·w, yᵢ)` of labels `y`
/// (0 or 1) under weights `w` and intercept `b`.
///
/// ```
/// use ndarray::array;
/// let loss = logistic_regression::bce_loss(
///     array![[1.0], [-1.0]].view(), array![1, 0].view(), array![0.0].view(), 0.0).unwrap();
/// assert!((loss - 2f64.ln()).abs() < 1e-15);
/// ```
///
/// # Errors
/// [`LogError::Empty`], [`LogError::RowMismatch`], [`LogError::ColumnMismatch`] (one
/// weight per column), [`LogError::BadLabel`] for a label other than 0 or 1.
pub fn bce_loss(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    w: ArrayView1<'_, f64>,
    b: f64,
) -> Result<f64, LogError> {
    check_binary(x, y, w.len())?;
    let z = x.dot(&w) + b;
    let total: f64 = z
        .iter()
        .zip(y.iter())
        .map(|(&z, &y)| bce_with_logits(z, y as f64))
        .sum();
    Ok(total / x.nrows() as f64)
}

/// Gradient of [`bce_loss`]: with `pᵢ = σ(b + xᵢ·w)`,
/// `∂J/∂w = (1/n) Xᵀ(p − y)` and `∂J/∂b = (1/n) Σ (pᵢ − yᵢ)` — the same shape as linear
/// regression's gradient, with σ in front.
///
/// ```
/// use ndarray::array;
/// let (gw, gb) = logistic_regression::bce_gradient(
///     array![[2.0]].view(), array![1].view(), array![0.0].view(), 0.0).unwrap();
/// assert_eq!((gw[0], gb), (-1.0, -0.5));
/// ```
///
/// # Errors
/// As [`bce_loss`].
pub fn bce_gradient(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    w: ArrayView1<'_, f64>,
    b: f64,
) -> Result<(Array1<f64>, f64), LogError> {
    check_binary(x, y, w.len())?;
    let n = x.nrows() as f64;
    let err = Array1::from_shape_fn(x.nrows(), |i| sigmoid(b + x.row(i).dot(&w)) - y[i] as f64);
    Ok((x.t().dot(&err) / n, err.sum() / n))
}

impl LogisticModel {
    /// `P(y = 1 | x) = σ(intercept + x · coef)` for every row of `x`.
    ///
    /// ```
    /// use ndarray::array;
    /// let m = logistic_regression::LogisticModel { intercept: 0.0, coef: array![1.0] };
    /// assert_eq!(m.predict_proba(array![[0.0]].view()).unwrap(), array![0.5]);
    /// ```
    ///
    /// # Errors
    /// [`LogError::ColumnMismatch`].
    pub fn predict_proba(&self, x: ArrayView2<'_, f64>) -> Result<Array1<f64>, LogError> {
        if x.ncols() != self.coef.len() {
            return Err(LogError::ColumnMismatch {
                expected: self.coef.len(),
                got: x.ncols(),
            });
        }
        Ok((x.dot(&self.coef) + self.intercept).mapv(sigmoid))
    }

    /// Class 1 where the probability is at least 0.5, else class 0.
    ///
    /// ```
    /// use ndarray::array;
    /// let m = logistic_regression::LogisticModel { intercept: -1.0, coef: array![1.0] };
    /// assert_eq!(m.predict(array![[0.5], [1.0], [3.0]].view()).unwrap(), array![0, 1, 1]);
    /// ```
    ///
    /// # Errors
    /// [`LogError::ColumnMismatch`].
    pub fn predict(&self, x: ArrayView2<'_, f64>) -> Result<Array1<usize>, LogError> {
        Ok(self.predict_proba(x)?.mapv(|p| usize::from(p >= 0.5)))
    }
}

/// Column means and population standard deviations (1.0 for a constant column).
fn column_stats(x: ArrayView2<'_, f64>) -> (Array1<f64>, Array1<f64>) {
    let mean = x.mean_axis(Axis(0)).expect("rows");
    let std = x
        .std_axis(Axis(0), 0.0)
        .mapv(|s| if s > 0.0 { s } else { 1.0 });
    (mean, std)
}

fn check_lr(lr: f64) -> Result<(), LogError> {
    if lr > 0.0 && lr.is_finite() {
        Ok(())
    } else {
        Err(LogError::BadParam(format!(
            "learning rate {lr} must be positive"
        )))
    }
}

/// Fit a binary logistic regression by batch gradient descent.
///
/// Standardise the columns (`z = (x − mean)/std`, population std, 1.0 for a constant
/// column), start from zeros, and for each epoch step `w ← w − lr ∂J/∂w`,
/// `b ← b − lr ∂J/∂b` ([`bce_gradient`] on the standardised data), then record the mean
/// training loss. Return the model in the original units
/// (`coef = w/std`, `intercept = b − coef·mean`).
///
/// ```
/// use ndarray::array;
/// let x = array![[0.0], [1.0], [2.0], [3.0]];
/// let fit = logistic_regression::fit_logistic(x.view(), array![0, 1, 0, 1].view(), 0.5, 100).unwrap();
/// assert_eq!(fit.losses.len(), 100);
/// assert!(fit.losses[99] < fit.losses[0]);
/// ```
///
/// # Errors
/// As [`bce_loss`], and [`LogError::BadParam`] for a learning rate that is not positive.
pub fn fit_logistic(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    learning_rate: f64,
    epochs: usize,
) -> Result<Trained<LogisticModel>, LogError> {
    check_binary(x, y, x.ncols())?;
    check_lr(learning_rate)?;
    let (mean, std) = column_stats(x);
    let z = (&x - &mean) / &std;
    let mut w = Array1::zeros(x.ncols());
    let mut b = 0.0;
    let mut losses = Vec::with_capacity(epochs);
    for _ in 0..epochs {
        let (gw, gb) = bce_gradient(z.view(), y, w.view(), b)?;
        w.scaled_add(-learning_rate, &gw);
        b -= learning_rate * gb;
        losses.push(bce_loss(z.view(), y, w.view(), b)?);
    }
    let coef = &w / &std;
    let intercept = b - coef.dot(&mean);
    Ok(Trained {
        model: LogisticModel { intercept, coef },
        losses,
    })
}

/// Row-wise softmax: `softmax(z)ᵢₖ = e^(zᵢₖ − mᵢ) / Σⱼ e^(zᵢⱼ − mᵢ)` with `mᵢ` the row's
/// maximum. Subtracting the maximum changes nothing mathematically and keeps `exp` from
/// overflowing.
///
/// ```
/// use ndarray::array;
/// let p = logistic_regression::softmax(array![[0.0, 0.0], [1000.0, 0.0]].view());
/// assert_eq!(p, array![[0.5, 0.5], [1.0, 0.0]]);
/// ```
pub fn softmax(z: ArrayView2<'_, f64>) -> Array2<f64> {
    let mut out = z.to_owned();
    for mut row in out.outer_iter_mut() {
        let m = row.fold(f64::NEG_INFINITY, |a, &b| a.max(b));
        row.mapv_inplace(|v| (v - m).exp());
        let s = row.sum();
        row /= s;
    }
    out
}

/// Shared checks for a multi-class data set and parameters.
fn check_multi(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    w: ArrayView2<'_, f64>,
    b: ArrayView1<'_, f64>,
) -> Result<(), LogError> {
    if x.nrows() == 0 {
        return Err(LogError::Empty("no rows"));
    }
    if x.nrows() != y.len() {
        return Err(LogError::RowMismatch {
            left: x.nrows(),
            right: y.len(),
        });
    }
    if w.nrows() != x.ncols() {
        return Err(LogError::ColumnMismatch {
            expected: x.ncols(),
            got: w.nrows(),
        });
    }
    if b.len() != w.ncols() {
        return Err(LogError::ColumnMismatch {
            expected: w.ncols(),
            got: b.len(),
        });
    }
    check_labels(y, w.ncols())
}

/// Log-sum-exp of a row, computed stably.
fn log_sum_exp(row: ArrayView1<'_, f64>) -> f64 {
    let m = row.fold(f64::NEG_INFINITY, |a, &b| a.max(b));
    m + row.iter().map(|v| (v - m).exp()).sum::<f64>().ln()
}

/// Mean softmax cross-entropy: with scores `zᵢ = xᵢ·W + b`,
/// `J = (1/n) Σᵢ −ln softmax(zᵢ)_{yᵢ} = (1/n) Σᵢ (logsumexp(zᵢ) − zᵢ,yᵢ)`.
/// Use the log-sum-exp form (with the row maximum subtracted) so no probability is ever
/// rounded to 0 and then logged.
///
/// ```
/// use ndarray::array;
/// let j = logistic_regression::softmax_loss(
///     array![[1.0]].view(), array![2].view(), array![[0.0, 0.0, 0.0]].view(), array![0.0, 0.0, 0.0].view()).unwrap();
/// assert!((j - 3f64.ln()).abs() < 1e-15);
/// ```
///
/// # Errors
/// [`LogError::Empty`], [`LogError::RowMismatch`], [`LogError::ColumnMismatch`] when
/// `w` is not `d × K` or `b` not of length `K`, [`LogError::BadLabel`] for a label `≥ K`.
pub fn softmax_loss(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    w: ArrayView2<'_, f64>,
    b: ArrayView1<'_, f64>,
) -> Result<f64, LogError> {
    check_multi(x, y, w, b)?;
    let z = x.dot(&w) + b;
    let total: f64 = z
        .outer_iter()
        .zip(y.iter())
        .map(|(row, &k)| log_sum_exp(row) - row[k])
        .sum();
    Ok(total / x.nrows() as f64)
}

/// Gradient of [`softmax_loss`]: with `P = softmax(XW + b)` and `Y` the one-hot labels,
/// `∂J/∂W = (1/n) Xᵀ(P − Y)` (`d × K`) and `∂J/∂b = (1/n) Σᵢ (Pᵢ − Yᵢ)` (length `K`).
///
/// ```
/// use ndarray::array;
/// let (gw, gb) = logistic_regression::softmax_gradient(
///     array![[1.0]].view(), array![0].view(), array![[0.0, 0.0]].view(), array![0.0, 0.0].view()).unwrap();
/// assert_eq!((gw, gb), (array![[-0.5, 0.5]], array![-0.5, 0.5]));
/// ```
///
/// # Errors
/// As [`softmax_loss`].
pub fn softmax_gradient(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    w: ArrayView2<'_, f64>,
    b: ArrayView1<'_, f64>,
) -> Result<(Array2<f64>, Array1<f64>), LogError> {
    check_multi(x, y, w, b)?;
    let n = x.nrows() as f64;
    let mut p = softmax((x.dot(&w) + b).view());
    for (i, &k) in y.iter().enumerate() {
        p[[i, k]] -= 1.0;
    }
    Ok((x.t().dot(&p) / n, p.sum_axis(Axis(0)) / n))
}

impl SoftmaxModel {
    /// Class probabilities, one row per example (each row sums to 1):
    /// `softmax(x · weights + intercepts)`.
    ///
    /// ```
    /// use ndarray::array;
    /// let m = logistic_regression::SoftmaxModel { weights: array![[0.0, 0.0]], intercepts: array![0.0, 0.0] };
    /// assert_eq!(m.predict_proba(array![[3.0]].view()).unwrap(), array![[0.5, 0.5]]);
    /// ```
    ///
    /// # Errors
    /// [`LogError::ColumnMismatch`].
    pub fn predict_proba(&self, x: ArrayView2<'_, f64>) -> Result<Array2<f64>, LogError> {
        if x.ncols() != self.weights.nrows() {
            return Err(LogError::ColumnMismatch {
                expected: self.weights.nrows(),
                got: x.ncols(),
            });
        }
        Ok(softmax((x.dot(&self.weights) + &self.intercepts).view()))
    }

    /// The most probable class of every row (the lowest class index on a tie).
    ///
    /// ```
    /// use ndarray::array;
    /// let m = logistic_regression::SoftmaxModel { weights: array![[1.0, -1.0, 0.0]], intercepts: array![0.0, 0.0, 0.0] };
    /// assert_eq!(m.predict(array![[2.0], [-2.0], [0.0]].view()).unwrap(), array![0, 1, 0]);
    /// ```
    ///
    /// # Errors
    /// [`LogError::ColumnMismatch`].
    pub fn predict(&self, x: ArrayView2<'_, f64>) -> Result<Array1<usize>, LogError> {
        let p = self.predict_proba(x)?;
        Ok(p.outer_iter()
            .map(|row| {
                let mut best = 0;
                for k in 1..row.len() {
                    if row[k] > row[best] {
                        best = k;
                    }
                }
                best
            })
            .collect())
    }
}

/// Fit softmax regression for `n_classes` classes by batch gradient descent: standardise
/// the columns, start from zeros (`W` is `d × K`), step with [`softmax_gradient`] each
/// epoch and record [`softmax_loss`]; return the model in the original units
/// (`weights = W / std` row by row, `intercepts = b − meanᵀ·weights`).
///
/// ```
/// use ndarray::array;
/// let x = array![[0.0], [1.0], [5.0], [6.0], [10.0], [11.0]];
/// let y = array![0, 0, 1, 1, 2, 2];
/// let fit = logistic_regression::fit_softmax(x.view(), y.view(), 3, 0.5, 500).unwrap();
/// assert_eq!(fit.model.predict(x.view()).unwrap(), y);
/// ```
///
/// # Errors
/// As [`softmax_loss`], and [`LogError::BadParam`] for a learning rate that is not
/// positive or fewer than 2 classes.
pub fn fit_softmax(
    x: ArrayView2<'_, f64>,
    y: ArrayView1<'_, usize>,
    n_classes: usize,
    learning_rate: f64,
    epochs: usize,
) -> Result<Trained<SoftmaxModel>, LogError> {
    if n_classes < 2 {
        return Err(LogError::BadParam("need at least 2 classes".into()));
    }
    check_lr(learning_rate)?;
    let mut w = Array2::zeros((x.ncols(), n_classes));
    let mut b = Array1::zeros(n_classes);
    check_multi(x, y, w.view(), b.view())?;
    let (mean, std) = column_stats(x);
    let z = (&x - &mean) / &std;
    let mut losses = Vec::with_capacity(epochs);
    for _ in 0..epochs {
        let (gw, gb) = softmax_gradient(z.view(), y, w.view(), b.view())?;
        w.scaled_add(-learning_rate, &gw);
        b.scaled_add(-learning_rate, &gb);
        losses.push(softmax_loss(z.view(), y, w.view(), b.view())?);
    }
    let weights = &w / &std.view().insert_axis(Axis(1));
    let intercepts = &b - &mean.dot(&weights);
    Ok(Trained {
        model: SoftmaxModel {
            weights,
            intercepts,
        },
        losses,
    })
}

/// The smallest probability [`log_loss`] lets through (scikit-learn clips the same way).
pub const EPS: f64 = 1e-15;

/// Log-loss of predicted probabilities `p` (of class 1) for labels `y` (0 or 1):
/// `−(1/n) Σ [yᵢ ln pᵢ + (1 − yᵢ) ln(1 − pᵢ)]`, with each `pᵢ` first clipped to
/// `[EPS, 1 − EPS]` so a confident mistake costs about 34.5, not infinity.
///
/// ```
/// use ndarray::array;
/// let l = logistic_regression::log_loss(array![1, 0].view(), array![0.5, 0.5].view()).unwrap();
/// assert!((l - 2f64.ln()).abs() < 1e-15);
/// ```
///
/// # Errors
/// [`LogError::Empty`], [`LogError::RowMismatch`], [`LogError::BadLabel`].
pub fn log_loss(y: ArrayView1<'_, usize>, p: ArrayView1<'_, f64>) -> Result<f64, LogError> {
    if y.len() != p.len() {
        return Err(LogError::RowMismatch {
            left: y.len(),
            right: p.len(),
        });
    }
    if y.is_empty() {
        return Err(LogError::Empty("no labels"));
    }
    check_labels(y, 2)?;
    let total: f64 = y
        .iter()
        .zip(p.iter())
        .map(|(&y, &p)| {
            let p = p.clamp(EPS, 1.0 - EPS);
            if y == 1 {
                -p.ln()
            } else {
                -(1.0 - p).ln()
            }
        })
        .sum();
    Ok(total / y.len() as f64)
}

/// The titanic features, in column order.
pub const TITANIC_FEATURES: [&str; 6] = ["male", "class_2nd", "class_3rd", "age", "sibsp", "parch"];

/// The titanic passengers as `(x, y)`, one row per passenger in file order, `y` = 1 for
/// `survived` and 0 for `died`. The columns are [`TITANIC_FEATURES`]:
///
/// - `male`: 1.0 for `sex == "male"`, else 0.0;
/// - `class_2nd`, `class_3rd`: one-hot `pclass` (`1st` is the reference level, all zeros);
/// - `age`: the age, or the **median of the known ages** where it is missing;
/// - `sibsp`, `parch`: as given.
///
/// ```
/// let (x, y) = logistic_regression::load_titanic().unwrap();
/// assert_eq!((x.nrows(), x.ncols()), (y.len(), 6));
/// ```
///
/// # Errors
/// [`LogError::Data`] when the file cannot be read or a field is malformed.
pub fn load_titanic() -> Result<(Array2<f64>, Array1<usize>), LogError> {
    let t = datasets::table("titanic")?;
    let ages = t.f64_column("age")?;
    let sibsp = t.f64_column("sibsp")?;
    let parch = t.f64_column("parch")?;
    let sex = t.column("sex")?;
    let pclass = t.column("pclass")?;
    let survived = t.column("survived")?;
    let mut known: Vec<f64> = ages.iter().flatten().copied().collect();
    known.sort_by(f64::total_cmp);
    let median = if known.is_empty() {
        0.0
    } else if known.len() % 2 == 1 {
        known[known.len() / 2]
    } else {
        (known[known.len() / 2 - 1] + known[known.len() / 2]) / 2.0
    };
    let n = t.len();
    let mut x = Array2::zeros((n, 6));
    let mut y = Array1::zeros(n);
    for i in 0..n {
        x[[i, 0]] = f64::from(sex[i] == Some("male"));
        x[[i, 1]] = f64::from(pclass[i] == Some("2nd"));
        x[[i, 2]] = f64::from(pclass[i] == Some("3rd"));
        x[[i, 3]] = ages[i].unwrap_or(median);
        x[[i, 4]] = sibsp[i].unwrap_or(0.0);
        x[[i, 5]] = parch[i].unwrap_or(0.0);
        y[i] = usize::from(survived[i] == Some("survived"));
    }
    Ok((x, y))
}
