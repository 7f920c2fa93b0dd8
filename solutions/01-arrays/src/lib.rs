//! Chapter 01: arrays (roadmap W4 D1-2, "NumPy - Arrays, Broadcasting, Vectorization").
//!
//! Reference solution. Same public API as `exercises/01-arrays`.

use ndarray::{concatenate, s, Array1, Array2, ArrayView1, ArrayView2, Axis, Zip};

/// The numbers `0, 1, …, rows·cols − 1` laid out row by row in a `rows × cols` matrix,
/// like NumPy's `np.arange(rows * cols).reshape(rows, cols)`.
///
/// ```
/// let g = arrays::arange_grid(2, 3);
/// assert_eq!(g, ndarray::array![[0., 1., 2.], [3., 4., 5.]]);
/// ```
pub fn arange_grid(rows: usize, cols: usize) -> Array2<f64> {
    Array1::range(0.0, (rows * cols) as f64, 1.0)
        .into_shape_with_order((rows, cols))
        .expect("rows·cols elements fill a rows × cols matrix")
}

/// `n` evenly spaced numbers from `start` to `stop`, both included (`np.linspace`).
///
/// `n = 0` gives an empty array and `n = 1` gives `[start]`.
///
/// ```
/// let x = arrays::linspace(0.0, 1.0, 5);
/// assert_eq!(x, ndarray::array![0.0, 0.25, 0.5, 0.75, 1.0]);
/// ```
pub fn linspace(start: f64, stop: f64, n: usize) -> Array1<f64> {
    match n {
        0 => Array1::zeros(0),
        1 => Array1::from_elem(1, start),
        _ => Array1::linspace(start, stop, n),
    }
}

/// A `n × n` checkerboard: `1.0` where `row + col` is even, `0.0` elsewhere.
///
/// ```
/// let b = arrays::checkerboard(3);
/// assert_eq!(b, ndarray::array![[1., 0., 1.], [0., 1., 0.], [1., 0., 1.]]);
/// ```
pub fn checkerboard(n: usize) -> Array2<f64> {
    Array2::from_shape_fn((n, n), |(i, j)| if (i + j) % 2 == 0 { 1.0 } else { 0.0 })
}

/// The last column of `a` as a new 1-D array (`a[:, -1]`).
///
/// # Panics
/// If `a` has no columns.
///
/// ```
/// let a = ndarray::array![[1., 2.], [3., 4.]];
/// assert_eq!(arrays::last_column(&a), ndarray::array![2., 4.]);
/// ```
pub fn last_column(a: &Array2<f64>) -> Array1<f64> {
    a.slice(s![.., -1]).to_owned()
}

/// Rows 0, 2, 4, … of `a` as a *view* (`a[::2]`): no data is copied, the result borrows
/// `a`'s memory.
///
/// ```
/// let a = ndarray::array![[1.], [2.], [3.]];
/// let v = arrays::every_other_row(a.view());
/// assert_eq!(v, ndarray::array![[1.], [3.]]);
/// ```
pub fn every_other_row(a: ArrayView2<'_, f64>) -> ArrayView2<'_, f64> {
    a.slice_move(s![..;2, ..])
}

/// Set the outer border of `a` (first and last row, first and last column) to `0.0`,
/// in place, leaving the interior untouched.
///
/// ```
/// let mut a = ndarray::Array2::<f64>::ones((3, 3));
/// arrays::zero_border(&mut a);
/// assert_eq!(a, ndarray::array![[0., 0., 0.], [0., 1., 0.], [0., 0., 0.]]);
/// ```
pub fn zero_border(a: &mut Array2<f64>) {
    if a.is_empty() {
        return;
    }
    a.row_mut(0).fill(0.0);
    a.slice_mut(s![-1, ..]).fill(0.0);
    a.column_mut(0).fill(0.0);
    a.slice_mut(s![.., -1]).fill(0.0);
}

/// The elements of `a` in column-major order (down the first column, then the second…),
/// which is the row-major order of `aᵀ`: `a.T.flatten()`.
///
/// ```
/// let a = ndarray::array![[1., 2.], [3., 4.]];
/// assert_eq!(arrays::transpose_flatten(&a), ndarray::array![1., 3., 2., 4.]);
/// ```
pub fn transpose_flatten(a: &Array2<f64>) -> Array1<f64> {
    a.t().iter().copied().collect()
}

/// `a + row`, adding `row` to every row of `a` by broadcasting.
///
/// # Panics
/// If `row.len() != a.ncols()`.
///
/// ```
/// let a = ndarray::array![[1., 2.], [3., 4.]];
/// let r = ndarray::array![10., 20.];
/// assert_eq!(arrays::broadcast_add_row(&a, &r), ndarray::array![[11., 22.], [13., 24.]]);
/// ```
pub fn broadcast_add_row(a: &Array2<f64>, row: &Array1<f64>) -> Array2<f64> {
    assert_eq!(
        row.len(),
        a.ncols(),
        "row length must equal the number of columns"
    );
    a + row
}

/// Subtract each column's mean from that column, so every column of the result has mean
/// 0 (`a - a.mean(axis=0)`). An empty matrix comes back empty.
///
/// ```
/// let a = ndarray::array![[1., 10.], [3., 30.]];
/// assert_eq!(arrays::center_columns(&a), ndarray::array![[-1., -10.], [1., 10.]]);
/// ```
pub fn center_columns(a: &Array2<f64>) -> Array2<f64> {
    match a.mean_axis(Axis(0)) {
        Some(mean) => a - &mean,
        None => a.clone(),
    }
}

/// The Euclidean length of every row: `‖aᵢ‖ = sqrt(Σⱼ aᵢⱼ²)`.
///
/// ```
/// let a = ndarray::array![[3., 4.], [0., 0.]];
/// assert_eq!(arrays::row_norms(&a), ndarray::array![5., 0.]);
/// ```
pub fn row_norms(a: &Array2<f64>) -> Array1<f64> {
    a.map_axis(Axis(1), |row| row.dot(&row).sqrt())
}

/// For every row, the column index of its largest value; the first one on ties
/// (`a.argmax(axis=1)`).
///
/// # Panics
/// If `a` has no columns.
///
/// ```
/// let a = ndarray::array![[1., 5., 5.], [7., 0., 1.]];
/// assert_eq!(arrays::argmax_rows(&a), vec![1, 0]);
/// ```
pub fn argmax_rows(a: &Array2<f64>) -> Vec<usize> {
    assert!(a.ncols() > 0, "argmax of an empty row");
    a.rows()
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

/// How many elements of `a` are strictly greater than `threshold` (`(a > t).sum()`).
///
/// ```
/// let a = ndarray::array![[1., 5.], [7., 2.]];
/// assert_eq!(arrays::count_above(&a, 2.0), 2);
/// ```
pub fn count_above(a: &Array2<f64>, threshold: f64) -> usize {
    a.iter().filter(|&&v| v > threshold).count()
}

/// Replace the elements strictly greater than `threshold` by `value`, keep the others
/// (`np.where(a > t, value, a)`).
///
/// ```
/// let a = ndarray::array![[1., 5.], [7., 2.]];
/// assert_eq!(arrays::replace_above(&a, 4.0, 0.0), ndarray::array![[1., 0.], [0., 2.]]);
/// ```
pub fn replace_above(a: &Array2<f64>, threshold: f64, value: f64) -> Array2<f64> {
    a.mapv(|v| if v > threshold { value } else { v })
}

/// The rows of `a` whose first element is at least `min_first`, in their original order
/// (`a[a[:, 0] >= t]`). The result has `a.ncols()` columns even when no row qualifies.
///
/// ```
/// let a = ndarray::array![[1., 2.], [-1., 3.], [4., 5.]];
/// assert_eq!(arrays::filter_rows(&a, 0.0), ndarray::array![[1., 2.], [4., 5.]]);
/// ```
pub fn filter_rows(a: &Array2<f64>, min_first: f64) -> Array2<f64> {
    if a.ncols() == 0 {
        return a.clone();
    }
    let keep: Vec<usize> = (0..a.nrows()).filter(|&i| a[[i, 0]] >= min_first).collect();
    a.select(Axis(0), &keep)
}

/// `x` with a column of ones in front (`np.hstack([ones, x])`): the "bias column" that
/// lets a linear model learn an intercept.
///
/// ```
/// let x = ndarray::array![[2.], [3.]];
/// assert_eq!(arrays::add_bias_column(&x), ndarray::array![[1., 2.], [1., 3.]]);
/// ```
pub fn add_bias_column(x: &Array2<f64>) -> Array2<f64> {
    let ones = Array2::ones((x.nrows(), 1));
    concatenate(Axis(1), &[ones.view(), x.view()]).expect("same number of rows")
}

/// Squared Euclidean distances between every row of `a` (`n × d`) and every row of `b`
/// (`m × d`), as an `n × m` matrix — without a loop over pairs, using
/// `‖aᵢ − bⱼ‖² = ‖aᵢ‖² + ‖bⱼ‖² − 2 aᵢ·bⱼ` and one matrix product.
/// Tiny negative values from rounding are clamped to 0.
///
/// # Panics
/// If `a` and `b` have different numbers of columns.
///
/// ```
/// let a = ndarray::array![[0., 0.], [1., 1.]];
/// let b = ndarray::array![[3., 4.]];
/// assert_eq!(arrays::pairwise_sq_distances(&a, &b), ndarray::array![[25.], [13.]]);
/// ```
pub fn pairwise_sq_distances(a: &Array2<f64>, b: &Array2<f64>) -> Array2<f64> {
    assert_eq!(
        a.ncols(),
        b.ncols(),
        "a and b need the same number of columns"
    );
    let a2 = (a * a).sum_axis(Axis(1)).insert_axis(Axis(1));
    let b2 = (b * b).sum_axis(Axis(1)).insert_axis(Axis(0));
    let mut d = a2 + b2 - 2.0 * a.dot(&b.t());
    d.mapv_inplace(|v| v.max(0.0));
    d
}

/// The mean of every window of `w` consecutive values (`np.convolve(x, ones(w)/w,
/// 'valid')`): `x.len() − w + 1` values, or none when `w > x.len()`.
///
/// # Panics
/// If `w == 0`.
///
/// ```
/// let x = ndarray::array![1., 2., 3., 4.];
/// assert_eq!(arrays::moving_average(x.view(), 2), ndarray::array![1.5, 2.5, 3.5]);
/// ```
pub fn moving_average(x: ArrayView1<'_, f64>, w: usize) -> Array1<f64> {
    assert!(w > 0, "a window needs at least one value");
    if w > x.len() {
        return Array1::zeros(0);
    }
    x.windows(w)
        .into_iter()
        .map(|win| win.sum() / w as f64)
        .collect()
}

/// Stack two equally shaped matrices into a 3-D array of shape `(2, rows, cols)`
/// (`np.stack([a, b])`), then return the element-wise maximum over the new axis — a tiny
/// taste of "stack, then reduce along an axis".
///
/// # Panics
/// If the shapes differ.
///
/// ```
/// let a = ndarray::array![[1., 5.]];
/// let b = ndarray::array![[3., 2.]];
/// assert_eq!(arrays::stack_and_max(&a, &b), ndarray::array![[3., 5.]]);
/// ```
pub fn stack_and_max(a: &Array2<f64>, b: &Array2<f64>) -> Array2<f64> {
    assert_eq!(a.shape(), b.shape(), "a and b need the same shape");
    let stacked = ndarray::stack(Axis(0), &[a.view(), b.view()]).expect("same shapes");
    stacked.map_axis(Axis(0), |pair| {
        pair.fold(f64::NEG_INFINITY, |m, &v| m.max(v))
    })
}

/// Min-max scale every column into `[0, 1]`: `(x − min) / (max − min)`, column by column.
/// A constant column (max = min) becomes all zeros instead of NaN.
///
/// ```
/// let a = ndarray::array![[1., 5.], [3., 5.]];
/// assert_eq!(arrays::minmax_scale(&a), ndarray::array![[0., 0.], [1., 0.]]);
/// ```
pub fn minmax_scale(a: &Array2<f64>) -> Array2<f64> {
    let mut out = a.clone();
    for mut col in out.columns_mut() {
        let min = col.fold(f64::INFINITY, |m, &v| m.min(v));
        let max = col.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
        let range = max - min;
        Zip::from(&mut col).for_each(|v| {
            *v = if range > 0.0 { (*v - min) / range } else { 0.0 };
        });
    }
    out
}
