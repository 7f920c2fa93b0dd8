//! Hidden checks for chapter 01 (arrays). Every expected value is computed here with plain
//! index loops, never with the reference solution.

use arrays::*;
use harness::prelude::*;
use ndarray::{Array1, Array2};

const DAY: &[&str] = &["W4 D1-2"];
const EXACT: Tol = Tol::EXACT;
const FLOAT: Tol = Tol::new(1e-12, 1e-12);

/// A random matrix with 1..=max_rows rows and 1..=max_cols columns.
fn random_matrix(cx: &mut Ctx, max_rows: usize, max_cols: usize) -> Array2<f64> {
    let (r, c) = (cx.usize_in(1..=max_rows), cx.usize_in(1..=max_cols));
    cx.matrix(r, c)
}

fn main() {
    harness::run(
        "01",
        vec![
            Check::new("arange_grid/random", DAY, |cx| {
                let (r, c) = (cx.usize_in(1..=9), cx.usize_in(1..=9));
                let expected = Array2::from_shape_fn((r, c), |(i, j)| (i * c + j) as f64);
                expect_array_close(
                    &format!("arange_grid({r}, {c})"),
                    &expected,
                    &arange_grid(r, c),
                    EXACT,
                )
            }),
            Check::new("arange_grid/empty", DAY, |_| {
                expect_shape("arange_grid(0, 4)", &[0, 4], arange_grid(0, 4).shape())
            }),
            Check::new("linspace/random", DAY, |cx| {
                let (a, b, n) = (
                    cx.f64_in(-10.0, 0.0),
                    cx.f64_in(0.0, 10.0),
                    cx.usize_in(2..=50),
                );
                let got = linspace(a, b, n);
                let mut expected = Array1::zeros(n);
                for i in 0..n {
                    expected[i] = a + (b - a) * i as f64 / (n - 1) as f64;
                }
                expect_array_close(
                    &format!("linspace({a:.3}, {b:.3}, {n})"),
                    &expected,
                    &got,
                    FLOAT,
                )
            }),
            Check::new("linspace/edges", DAY, |_| {
                expect_shape("linspace(0, 1, 0)", &[0], linspace(0.0, 1.0, 0).shape())?;
                expect_array_close(
                    "linspace(3, 7, 1)",
                    &Array1::from_elem(1, 3.0),
                    &linspace(3.0, 7.0, 1),
                    EXACT,
                )
            }),
            Check::new("checkerboard/random", DAY, |cx| {
                let n = cx.usize_in(1..=12);
                let expected = Array2::from_shape_fn((n, n), |(i, j)| ((i + j + 1) % 2) as f64);
                expect_array_close(
                    &format!("checkerboard({n})"),
                    &expected,
                    &checkerboard(n),
                    EXACT,
                )
            }),
            Check::new("last_column/random", DAY, |cx| {
                let a = random_matrix(cx, 8, 8);
                let c = a.ncols();
                let expected = Array1::from_shape_fn(a.nrows(), |i| a[[i, c - 1]]);
                expect_array_close("last_column(a)", &expected, &last_column(&a), EXACT)
            }),
            Check::new("every_other_row/random", DAY, |cx| {
                let a = random_matrix(cx, 11, 6);
                let got = every_other_row(a.view());
                let kept = a.nrows().div_ceil(2);
                let expected = Array2::from_shape_fn((kept, a.ncols()), |(i, j)| a[[2 * i, j]]);
                expect_array_close("every_other_row(a)", &expected, &got, EXACT)?;
                ensure(std::ptr::eq(got.as_ptr(), a.as_ptr()), || {
                    "every_other_row must return a view into `a` (slice it), not a copy: the result's data does not start at a's first element".into()
                })
            }),
            Check::new("zero_border/random", DAY, |cx| {
                let mut a = random_matrix(cx, 9, 9);
                let original = a.clone();
                let (r, c) = a.dim();
                zero_border(&mut a);
                let expected = Array2::from_shape_fn((r, c), |(i, j)| {
                    if i == 0 || j == 0 || i == r - 1 || j == c - 1 {
                        0.0
                    } else {
                        original[[i, j]]
                    }
                });
                expect_array_close("a after zero_border", &expected, &a, EXACT)
            }),
            Check::new("zero_border/empty", DAY, |_| {
                let mut a = Array2::<f64>::zeros((0, 3));
                zero_border(&mut a);
                expect_shape("empty a after zero_border", &[0, 3], a.shape())
            }),
            Check::new("transpose_flatten/random", DAY, |cx| {
                let a = random_matrix(cx, 7, 7);
                let mut expected = Vec::new();
                for j in 0..a.ncols() {
                    for i in 0..a.nrows() {
                        expected.push(a[[i, j]]);
                    }
                }
                expect_slice_close(
                    "transpose_flatten(a)",
                    &expected,
                    transpose_flatten(&a).as_slice().unwrap_or(&[]),
                    EXACT,
                )
            }),
            Check::new("broadcast_add_row/random", DAY, |cx| {
                let a = random_matrix(cx, 8, 8);
                let row = cx.vector(a.ncols());
                let expected = Array2::from_shape_fn(a.dim(), |(i, j)| a[[i, j]] + row[j]);
                expect_array_close(
                    "broadcast_add_row(a, row)",
                    &expected,
                    &broadcast_add_row(&a, &row),
                    FLOAT,
                )
            }),
            Check::new("center_columns/random", DAY, |cx| {
                let a = random_matrix(cx, 10, 6);
                let (r, c) = a.dim();
                let mut expected = a.clone();
                for j in 0..c {
                    let mean = (0..r).map(|i| a[[i, j]]).sum::<f64>() / r as f64;
                    for i in 0..r {
                        expected[[i, j]] -= mean;
                    }
                }
                expect_array_close(
                    "center_columns(a)",
                    &expected,
                    &center_columns(&a),
                    Tol::new(1e-10, 1e-12),
                )
            }),
            Check::new("center_columns/empty", DAY, |_| {
                let a = Array2::<f64>::zeros((0, 2));
                expect_shape(
                    "center_columns of a 0 × 2 matrix",
                    &[0, 2],
                    center_columns(&a).shape(),
                )
            }),
            Check::new("row_norms/random", DAY, |cx| {
                let a = random_matrix(cx, 10, 10);
                let expected = Array1::from_shape_fn(a.nrows(), |i| {
                    (0..a.ncols())
                        .map(|j| a[[i, j]] * a[[i, j]])
                        .sum::<f64>()
                        .sqrt()
                });
                expect_array_close("row_norms(a)", &expected, &row_norms(&a), FLOAT)
            }),
            Check::new("argmax_rows/random", DAY, |cx| {
                // Small integers make ties common: the first maximum must win.
                let (r, c) = (cx.usize_in(1..=12), cx.usize_in(1..=6));
                let a = Array2::from_shape_vec((r, c), cx.int_vector(r * c, 0, 3).to_vec())
                    .expect("r·c values");
                let expected: Vec<usize> = (0..r)
                    .map(|i| {
                        let mut best = 0;
                        for j in 1..c {
                            if a[[i, j]] > a[[i, best]] {
                                best = j;
                            }
                        }
                        best
                    })
                    .collect();
                expect_eq(&format!("argmax_rows of\n{a}\n"), expected, argmax_rows(&a))
            }),
            Check::new("count_above/random", DAY, |cx| {
                let a = random_matrix(cx, 10, 10);
                let t = cx.normal();
                let expected = a.iter().fold(0, |n, &v| if v > t { n + 1 } else { n });
                expect_eq(
                    &format!("count_above(a, {t:.4})"),
                    expected,
                    count_above(&a, t),
                )
            }),
            Check::new("count_above/ties", DAY, |_| {
                let a = ndarray::array![[1.0, 2.0], [2.0, 3.0]];
                expect_eq(
                    "count_above([[1, 2], [2, 3]], 2) (strictly greater)",
                    1,
                    count_above(&a, 2.0),
                )
            }),
            Check::new("replace_above/random", DAY, |cx| {
                let a = random_matrix(cx, 8, 8);
                let (t, value) = (cx.normal(), cx.f64_in(10.0, 20.0));
                let expected =
                    Array2::from_shape_fn(
                        a.dim(),
                        |(i, j)| if a[[i, j]] > t { value } else { a[[i, j]] },
                    );
                expect_array_close(
                    "replace_above(a, t, value)",
                    &expected,
                    &replace_above(&a, t, value),
                    EXACT,
                )
            }),
            Check::new("filter_rows/random", DAY, |cx| {
                let a = random_matrix(cx, 15, 5);
                let t = cx.f64_in(-0.5, 0.5);
                let mut kept = Vec::new();
                for i in 0..a.nrows() {
                    if a[[i, 0]] >= t {
                        kept.extend(a.row(i).iter().copied());
                    }
                }
                let expected = Array2::from_shape_vec((kept.len() / a.ncols(), a.ncols()), kept)
                    .expect("whole rows");
                expect_array_close(
                    &format!("filter_rows(a, {t:.4})"),
                    &expected,
                    &filter_rows(&a, t),
                    EXACT,
                )
            }),
            Check::new("filter_rows/none_kept", DAY, |_| {
                let a = ndarray::array![[-1.0, 2.0, 3.0]];
                expect_shape(
                    "filter_rows(a, 0) when no row qualifies",
                    &[0, 3],
                    filter_rows(&a, 0.0).shape(),
                )
            }),
            Check::new("add_bias_column/random", DAY, |cx| {
                let x = random_matrix(cx, 9, 5);
                let expected = Array2::from_shape_fn((x.nrows(), x.ncols() + 1), |(i, j)| {
                    if j == 0 {
                        1.0
                    } else {
                        x[[i, j - 1]]
                    }
                });
                expect_array_close("add_bias_column(x)", &expected, &add_bias_column(&x), EXACT)
            }),
            Check::new("pairwise_sq_distances/random", DAY, |cx| {
                let d = cx.usize_in(1..=6);
                let (n, m) = (cx.usize_in(1..=12), cx.usize_in(1..=12));
                let (a, b) = (cx.matrix(n, d), cx.matrix(m, d));
                let expected = Array2::from_shape_fn((n, m), |(i, j)| {
                    (0..d).map(|k| (a[[i, k]] - b[[j, k]]).powi(2)).sum::<f64>()
                });
                let got = pairwise_sq_distances(&a, &b);
                expect_array_close(
                    "pairwise_sq_distances(a, b)",
                    &expected,
                    &got,
                    Tol::new(1e-9, 1e-9),
                )?;
                ensure(got.iter().all(|&v| v >= 0.0), || {
                    "squared distances must never be negative (clamp rounding noise to 0)".into()
                })
            }),
            Check::new("pairwise_sq_distances/same_points", DAY, |cx| {
                // Distances of points to themselves: rounding can go below zero if not clamped.
                let a = cx.matrix(6, 3) * 1e3;
                let got = pairwise_sq_distances(&a, &a);
                for i in 0..6 {
                    ensure(got[[i, i]] >= 0.0, || {
                        format!(
                            "d[{i}, {i}] = {} is negative: clamp with max(0)",
                            got[[i, i]]
                        )
                    })?;
                }
                Ok(())
            }),
            Check::new("moving_average/random", DAY, |cx| {
                let n = cx.usize_in(1..=30);
                let w = cx.usize_in(1..=n);
                let x = cx.vector(n);
                let expected: Vec<f64> = (0..=n - w)
                    .map(|i| (i..i + w).map(|k| x[k]).sum::<f64>() / w as f64)
                    .collect();
                expect_slice_close(
                    &format!("moving_average(x, {w}) with {n} values"),
                    &expected,
                    moving_average(x.view(), w).as_slice().unwrap_or(&[]),
                    FLOAT,
                )
            }),
            Check::new("moving_average/window_too_long", DAY, |_| {
                let x = ndarray::array![1.0, 2.0];
                expect_shape(
                    "moving_average of 2 values with w = 3",
                    &[0],
                    moving_average(x.view(), 3).shape(),
                )
            }),
            Check::new("stack_and_max/random", DAY, |cx| {
                let a = random_matrix(cx, 6, 6);
                let b = cx.matrix(a.nrows(), a.ncols());
                let expected = Array2::from_shape_fn(a.dim(), |(i, j)| {
                    if a[[i, j]] > b[[i, j]] {
                        a[[i, j]]
                    } else {
                        b[[i, j]]
                    }
                });
                expect_array_close(
                    "stack_and_max(a, b)",
                    &expected,
                    &stack_and_max(&a, &b),
                    EXACT,
                )
            }),
            Check::new("minmax_scale/random", DAY, |cx| {
                let mut a = random_matrix(cx, 10, 5);
                if a.nrows() > 1 {
                    // One constant column: it must become zeros, not NaN.
                    a.column_mut(0).fill(2.5);
                }
                let (r, c) = a.dim();
                let mut expected = Array2::zeros((r, c));
                for j in 0..c {
                    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
                    for i in 0..r {
                        lo = lo.min(a[[i, j]]);
                        hi = hi.max(a[[i, j]]);
                    }
                    for i in 0..r {
                        expected[[i, j]] = if hi > lo {
                            (a[[i, j]] - lo) / (hi - lo)
                        } else {
                            0.0
                        };
                    }
                }
                expect_array_close("minmax_scale(a)", &expected, &minmax_scale(&a), FLOAT)
            }),
        ],
    );
}
