//! Hidden checks for chapter 10 (ml-basics). Expected values come from brute-force loops
//! written here and from linfa-nn's neighbour search, never from the reference solution.

use std::time::Instant;

use harness::prelude::*;
use linfa_nn::distance::{L1Dist, L2Dist};
use linfa_nn::{CommonNearestNeighbour, NearestNeighbour};
use ml_basics::*;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};
use rand::seq::SliceRandom;
use rand::Rng;

const DAY: &[&str] = &["W9-10 D1-2"];
/// Distances are short sums: any summation order agrees to a few ulps.
const DIST: Tol = Tol::new(1e-12, 1e-12);
/// Means of a few targets, or of standardised columns: rounding only.
const MEAN: Tol = Tol::new(1e-10, 1e-10);

// ---------------------------------------------------------------- independent routes

fn naive_distance(a: ArrayView1<f64>, b: ArrayView1<f64>, metric: Metric) -> f64 {
    let mut s = 0.0;
    for i in 0..a.len() {
        let d = a[i] - b[i];
        s += match metric {
            Metric::Euclidean => d * d,
            Metric::Manhattan => d.abs(),
        };
    }
    match metric {
        Metric::Euclidean => s.sqrt(),
        Metric::Manhattan => s,
    }
}

/// Every training row with its distance, sorted by (distance, index).
fn brute_order(train: ArrayView2<f64>, q: ArrayView1<f64>, metric: Metric) -> Vec<(f64, usize)> {
    let mut all: Vec<(f64, usize)> = (0..train.nrows())
        .map(|i| (naive_distance(train.row(i), q, metric), i))
        .collect();
    all.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap().then(a.1.cmp(&b.1)));
    all
}

/// Majority with ties going to the label seen first (nearest), by counting.
fn naive_vote(labels: &[usize]) -> usize {
    let mut counts = vec![0usize; labels.iter().max().map_or(0, |m| m + 1)];
    for &l in labels {
        counts[l] += 1;
    }
    let top = *counts.iter().max().unwrap();
    *labels.iter().find(|&&l| counts[l] == top).unwrap()
}

fn naive_classify(
    train: ArrayView2<f64>,
    y: &[usize],
    queries: ArrayView2<f64>,
    k: usize,
    metric: Metric,
) -> Vec<usize> {
    (0..queries.nrows())
        .map(|r| {
            let order = brute_order(train, queries.row(r), metric);
            let labels: Vec<usize> = order[..k].iter().map(|&(_, i)| y[i]).collect();
            naive_vote(&labels)
        })
        .collect()
}

/// Column mean and population std by loops; a constant column gets std 1.
fn naive_stats(x: ArrayView2<f64>) -> (Vec<f64>, Vec<f64>) {
    let n = x.nrows() as f64;
    let mut means = Vec::new();
    let mut stds = Vec::new();
    for j in 0..x.ncols() {
        let m = (0..x.nrows()).map(|i| x[[i, j]]).sum::<f64>() / n;
        let v = (0..x.nrows()).map(|i| (x[[i, j]] - m).powi(2)).sum::<f64>() / n;
        means.push(m);
        stds.push(if v > 0.0 { v.sqrt() } else { 1.0 });
    }
    (means, stds)
}

fn naive_scale(x: ArrayView2<f64>, means: &[f64], stds: &[f64]) -> Array2<f64> {
    Array2::from_shape_fn(x.dim(), |(i, j)| (x[[i, j]] - means[j]) / stds[j])
}

fn rows(x: ArrayView2<f64>, idx: &[usize]) -> Array2<f64> {
    Array2::from_shape_fn((idx.len(), x.ncols()), |(i, j)| x[[idx[i], j]])
}

/// Three Gaussian blobs in `d` dimensions, labels 0, 1, 2.
fn blobs(cx: &mut Ctx, n: usize, d: usize) -> (Array2<f64>, Vec<usize>) {
    let centres = cx.matrix(3, d) * 2.0;
    let y: Vec<usize> = (0..n).map(|_| cx.usize_in(0..=2)).collect();
    let noise = cx.matrix(n, d);
    let x = Array2::from_shape_fn((n, d), |(i, j)| centres[[y[i], j]] + noise[[i, j]]);
    (x, y)
}

fn random_metric(cx: &mut Ctx) -> Metric {
    if cx.rng.gen_bool(0.5) {
        Metric::Euclidean
    } else {
        Metric::Manhattan
    }
}

/// The penguins as the check reads them: rows with no empty field, four measurements,
/// species as 0/1/2 in alphabetical order.
fn penguins_by_hand() -> Result<(Array2<f64>, Vec<usize>), Failure> {
    let t = datasets::table("penguins").or_fail("loading penguins")?;
    let cols = [
        "bill_length_mm",
        "bill_depth_mm",
        "flipper_length_mm",
        "body_mass_g",
    ];
    let idx: Vec<usize> = cols.iter().map(|c| t.index(c).unwrap()).collect();
    let sp = t.index("species").unwrap();
    let mut values = Vec::new();
    let mut y = Vec::new();
    for row in &t.rows {
        if row.iter().any(|f| f.is_empty() || f == "NA") {
            continue;
        }
        for &j in &idx {
            values.push(row[j].parse::<f64>().unwrap());
        }
        y.push(match row[sp].as_str() {
            "Adelie" => 0,
            "Chinstrap" => 1,
            "Gentoo" => 2,
            other => fail!("unexpected species {other:?} in penguins.csv"),
        });
    }
    Ok((Array2::from_shape_vec((y.len(), 4), values).unwrap(), y))
}

/// A shuffled 75/25 split drawn by the check.
fn check_split(cx: &mut Ctx, n: usize) -> (Vec<usize>, Vec<usize>) {
    let mut idx: Vec<usize> = (0..n).collect();
    idx.shuffle(&mut cx.rng);
    let test = idx.split_off(n * 3 / 4);
    (idx, test)
}

/// k-NN predictions whose neighbour sets come from linfa-nn (a k-d tree for L2, a ball
/// tree for L1), voting nearest first.
fn linfa_classify(
    train: &Array2<f64>,
    y: &[usize],
    queries: &Array2<f64>,
    k: usize,
    metric: Metric,
) -> Vec<Vec<usize>> {
    let index = match metric {
        Metric::Euclidean => CommonNearestNeighbour::KdTree.from_batch(train, L2Dist),
        Metric::Manhattan => CommonNearestNeighbour::BallTree.from_batch(train, L1Dist),
    }
    .expect("linfa-nn builds an index");
    queries
        .outer_iter()
        .map(|q| {
            index
                .k_nearest(q, k)
                .expect("same dimension")
                .into_iter()
                .map(|(_, i)| y[i])
                .collect()
        })
        .collect()
}

// ---------------------------------------------------------------- the comparison

fn compare() -> Result<Comparison, String> {
    let (x, y) = penguins_by_hand().map_err(|f| f.0)?;
    // A fixed split (every 4th penguin is a test penguin) so the table is repeatable.
    let test: Vec<usize> = (0..y.len()).filter(|i| i % 4 == 0).collect();
    let train: Vec<usize> = (0..y.len()).filter(|i| i % 4 != 0).collect();
    let (xt, xs) = (rows(x.view(), &train), rows(x.view(), &test));
    let (m, s) = naive_stats(xt.view());
    let (xt, xs) = (
        naive_scale(xt.view(), &m, &s),
        naive_scale(xs.view(), &m, &s),
    );
    let yt: Vec<usize> = train.iter().map(|&i| y[i]).collect();
    let ys: Vec<usize> = test.iter().map(|&i| y[i]).collect();
    let acc =
        |p: &[usize]| p.iter().zip(&ys).filter(|(a, b)| a == b).count() as f64 / ys.len() as f64;

    let mut table = Comparison::new(
        "linfa-nn 0.8 (k-d tree / ball tree neighbours, majority vote)",
        format!(
            "penguins, {} complete rows, standardised; every 4th row is a test row ({} test)",
            y.len(),
            ys.len()
        ),
    );
    for (metric, name) in [
        (Metric::Euclidean, "Euclidean"),
        (Metric::Manhattan, "Manhattan"),
    ] {
        for k in [1, 5, 15] {
            let start = Instant::now();
            let model = KnnClassifier { k, metric }
                .fit(xt.view(), Array1::from(yt.clone()).view())
                .map_err(|e| format!("your fit failed: {e}"))?;
            let mine = model
                .predict(xs.view())
                .map_err(|e| format!("your predict failed: {e}"))?;
            let mine_ms = start.elapsed().as_secs_f64() * 1e3;
            let start = Instant::now();
            let theirs: Vec<usize> = linfa_classify(&xt, &yt, &xs, k, metric)
                .iter()
                .map(|l| naive_vote(l))
                .collect();
            let theirs_ms = start.elapsed().as_secs_f64() * 1e3;
            table.timed_row(
                format!("test accuracy, k = {k}, {name}"),
                acc(mine.as_slice().unwrap()),
                acc(&theirs),
                mine_ms,
                theirs_ms,
            );
        }
    }
    Ok(table)
}

// ---------------------------------------------------------------- the checks

fn main() {
    harness::run_with_compare(
        "10",
        vec![
            Check::new("euclidean/random", DAY, |cx| {
                let d = cx.usize_in(1..=10);
                let (a, b) = (cx.vector(d), cx.vector(d));
                let expected = naive_distance(a.view(), b.view(), Metric::Euclidean);
                expect_close(
                    "euclidean(a, b)",
                    expected,
                    euclidean(a.view(), b.view()),
                    DIST,
                )?;
                expect_close("euclidean(a, a)", 0.0, euclidean(a.view(), a.view()), DIST)
            }),
            Check::new("manhattan/random", DAY, |cx| {
                let d = cx.usize_in(1..=10);
                let (a, b) = (cx.vector(d), cx.vector(d));
                let expected = naive_distance(a.view(), b.view(), Metric::Manhattan);
                expect_close(
                    "manhattan(a, b)",
                    expected,
                    manhattan(a.view(), b.view()),
                    DIST,
                )?;
                expect_close(
                    "manhattan(b, a) (symmetry)",
                    expected,
                    manhattan(b.view(), a.view()),
                    DIST,
                )
            }),
            Check::new("k_nearest/brute_force", DAY, |cx| {
                let (n, d) = (cx.usize_in(2..=60), cx.usize_in(1..=5));
                let train = cx.matrix(n, d);
                let q = cx.vector(d);
                let k = cx.usize_in(1..=n);
                let metric = random_metric(cx);
                let expected: Vec<usize> = brute_order(train.view(), q.view(), metric)[..k]
                    .iter()
                    .map(|p| p.1)
                    .collect();
                let got = expect_ok("k_nearest", k_nearest(train.view(), q.view(), k, metric))?;
                expect_eq(
                    &format!("k_nearest of a random query among {n} rows, k = {k}, {metric:?} (indices, nearest first)"),
                    expected,
                    got,
                )
            }),
            Check::new("k_nearest/linfa_nn", DAY, |cx| {
                let (n, d) = (cx.usize_in(20..=200), cx.usize_in(1..=4));
                let train = cx.matrix(n, d);
                let metric = random_metric(cx);
                let k = cx.usize_in(1..=10);
                let index = match metric {
                    Metric::Euclidean => CommonNearestNeighbour::KdTree.from_batch(&train, L2Dist),
                    Metric::Manhattan => {
                        CommonNearestNeighbour::BallTree.from_batch(&train, L1Dist)
                    }
                }
                .or_fail("linfa-nn index")?;
                for _ in 0..5 {
                    let q = cx.vector(d);
                    let expected: Vec<usize> = index
                        .k_nearest(q.view(), k)
                        .unwrap()
                        .into_iter()
                        .map(|(_, i)| i)
                        .collect();
                    let got = expect_ok("k_nearest", k_nearest(train.view(), q.view(), k, metric))?;
                    expect_eq(
                        &format!("k_nearest among {n} rows, k = {k}, {metric:?}, against linfa-nn's neighbours"),
                        expected,
                        got,
                    )?;
                }
                Ok(())
            }),
            Check::new("k_nearest/ties", DAY, |cx| {
                // Small integer coordinates: many rows are exactly equally far away, and
                // the lower row index must come first.
                let (n, d) = (cx.usize_in(5..=40), cx.usize_in(1..=2));
                let train =
                    Array2::from_shape_vec((n, d), cx.int_vector(n * d, -2, 2).to_vec()).unwrap();
                let q = cx.int_vector(d, -1, 1);
                let k = cx.usize_in(1..=n);
                let metric = random_metric(cx);
                let expected: Vec<usize> = brute_order(train.view(), q.view(), metric)[..k]
                    .iter()
                    .map(|p| p.1)
                    .collect();
                let got = expect_ok("k_nearest", k_nearest(train.view(), q.view(), k, metric))?;
                expect_eq(
                    &format!("k_nearest with tied distances (ties by lower index), train =\n{train}\nquery = {q}, k = {k}, {metric:?}"),
                    expected,
                    got,
                )
            }),
            Check::new("k_nearest/bad_input", DAY, |cx| {
                let train = cx.matrix(4, 2);
                let q = cx.vector(2);
                expect_err(
                    "k_nearest with k = 0",
                    k_nearest(train.view(), q.view(), 0, Metric::Euclidean),
                )?;
                expect_err(
                    "k_nearest with k = 5 > 4 rows",
                    k_nearest(train.view(), q.view(), 5, Metric::Euclidean),
                )?;
                expect_err(
                    "k_nearest with a 3-feature query on 2-feature rows",
                    k_nearest(train.view(), cx.vector(3).view(), 2, Metric::Euclidean),
                )?;
                Ok(())
            }),
            Check::new("majority_vote/random", DAY, |cx| {
                for _ in 0..20 {
                    let len = cx.usize_in(1..=9);
                    let labels: Vec<usize> = (0..len).map(|_| cx.usize_in(0..=3)).collect();
                    expect_eq(
                        &format!("majority_vote({labels:?}) (ties go to the nearest, i.e. first-seen, label)"),
                        naive_vote(&labels),
                        majority_vote(&labels),
                    )?;
                }
                Ok(())
            }),
            Check::new("majority_vote/tie_goes_to_nearest", DAY, |_| {
                // Counts 2, 2, 1: labels 2 and 1 tie, and a 2 is the nearest neighbour.
                expect_eq(
                    "majority_vote([2, 1, 1, 2, 0])",
                    2,
                    majority_vote(&[2, 1, 1, 2, 0]),
                )?;
                expect_eq(
                    "majority_vote([1, 2, 2, 1])",
                    1,
                    majority_vote(&[1, 2, 2, 1]),
                )?;
                expect_eq("majority_vote([7])", 7, majority_vote(&[7]))
            }),
            Check::new("knn_classifier/brute_force", DAY, |cx| {
                let (n, d) = (cx.usize_in(10..=80), cx.usize_in(1..=4));
                let (x, y) = blobs(cx, n, d);
                let nq = cx.usize_in(1..=30);
                let queries = cx.matrix(nq, d) * 2.0;
                let k = cx.usize_in(1..=n.min(9));
                let metric = random_metric(cx);
                let model = expect_ok(
                    "KnnClassifier::fit",
                    KnnClassifier { k, metric }.fit(x.view(), Array1::from(y.clone()).view()),
                )?;
                let got = expect_ok(
                    "FittedKnnClassifier::predict",
                    model.predict(queries.view()),
                )?;
                let expected = naive_classify(x.view(), &y, queries.view(), k, metric);
                expect_eq(
                    &format!(
                        "predictions for {} queries, k = {k}, {metric:?}, {n} training rows",
                        queries.nrows()
                    ),
                    expected,
                    got.to_vec(),
                )
            }),
            Check::new("knn_classifier/linfa_nn_penguins", DAY, |cx| {
                let (x, y) = penguins_by_hand()?;
                let (train, test) = check_split(cx, y.len());
                let (xt, xs) = (rows(x.view(), &train), rows(x.view(), &test));
                let (m, s) = naive_stats(xt.view());
                let (xt, xs) = (
                    naive_scale(xt.view(), &m, &s),
                    naive_scale(xs.view(), &m, &s),
                );
                let yt: Vec<usize> = train.iter().map(|&i| y[i]).collect();
                let k = [1, 3, 5, 7][cx.usize_in(0..=3)];
                let metric = random_metric(cx);
                let model = expect_ok(
                    "KnnClassifier::fit on penguins",
                    KnnClassifier { k, metric }.fit(xt.view(), Array1::from(yt.clone()).view()),
                )?;
                let got = expect_ok("predict on penguins", model.predict(xs.view()))?;
                expect_shape("predictions", &[xs.nrows()], got.shape())?;
                let neighbours = linfa_classify(&xt, &yt, &xs, k, metric);
                let mut compared = 0;
                for (r, labels) in neighbours.iter().enumerate() {
                    // Where two of the k + 1 nearest are equally far, a tree may order them
                    // differently from the "lower index first" rule: skip that row.
                    let order = brute_order(xt.view(), xs.row(r), metric);
                    let tied = order[..(k + 1).min(order.len())]
                        .windows(2)
                        .any(|w| w[0].0 == w[1].0);
                    if tied {
                        continue;
                    }
                    compared += 1;
                    let expected = naive_vote(labels);
                    if got[r] != expected {
                        fail!(
                            "test penguin {r} (k = {k}, {metric:?}): expected species {expected} (vote of linfa-nn's neighbours' labels {labels:?}), got {}",
                            got[r]
                        );
                    }
                }
                ensure(compared > xs.nrows() / 2, || {
                    format!(
                        "only {compared} of {} test rows were free of distance ties",
                        xs.nrows()
                    )
                })
            }),
            Check::new("knn_classifier/bad_input", DAY, |cx| {
                let x = cx.matrix(5, 2);
                let knn = KnnClassifier {
                    k: 3,
                    metric: Metric::Euclidean,
                };
                expect_err(
                    "fit with 5 rows and 4 labels",
                    knn.fit(x.view(), Array1::from(vec![0, 1, 0, 1]).view()),
                )?;
                expect_err(
                    "fit on 0 rows",
                    knn.fit(
                        Array2::<f64>::zeros((0, 2)).view(),
                        Array1::<usize>::zeros(0).view(),
                    ),
                )?;
                expect_err(
                    "fit with k = 6 on 5 rows",
                    KnnClassifier {
                        k: 6,
                        metric: Metric::Euclidean,
                    }
                    .fit(x.view(), Array1::from(vec![0; 5]).view()),
                )?;
                let model = expect_ok(
                    "fit on 5 rows",
                    knn.fit(x.view(), Array1::from(vec![0, 1, 0, 1, 1]).view()),
                )?;
                expect_err(
                    "predict with 3 columns after fitting on 2",
                    model.predict(cx.matrix(2, 3).view()),
                )?;
                Ok(())
            }),
            Check::new("knn_regressor/brute_force", DAY, |cx| {
                let (n, d) = (cx.usize_in(5..=60), cx.usize_in(1..=4));
                let x = cx.matrix(n, d);
                let y = cx.vector(n);
                let nq = cx.usize_in(1..=20);
                let queries = cx.matrix(nq, d);
                let k = cx.usize_in(1..=n.min(8));
                let metric = random_metric(cx);
                let model = expect_ok(
                    "KnnRegressor::fit",
                    KnnRegressor { k, metric }.fit(x.view(), y.view()),
                )?;
                let got = expect_ok("FittedKnnRegressor::predict", model.predict(queries.view()))?;
                let expected = Array1::from_shape_fn(queries.nrows(), |r| {
                    let order = brute_order(x.view(), queries.row(r), metric);
                    order[..k].iter().map(|&(_, i)| y[i]).sum::<f64>() / k as f64
                });
                expect_array_close(
                    &format!(
                        "k-NN regression predictions (mean of the {k} nearest targets, {metric:?})"
                    ),
                    &expected,
                    &got,
                    MEAN,
                )
            }),
            Check::new("knn_regressor/k_equals_n", DAY, |cx| {
                // With k = n every query's neighbours are all rows: the prediction is ȳ.
                let n = cx.usize_in(2..=30);
                let x = cx.matrix(n, 2);
                let y = cx.vector(n);
                let model = expect_ok(
                    "KnnRegressor::fit",
                    KnnRegressor {
                        k: n,
                        metric: Metric::Manhattan,
                    }
                    .fit(x.view(), y.view()),
                )?;
                let got = expect_ok("predict", model.predict(cx.matrix(3, 2).view()))?;
                let mean = y.iter().sum::<f64>() / n as f64;
                expect_array_close(
                    "predictions with k = n (all equal ȳ)",
                    &Array1::from_elem(3, mean),
                    &got,
                    MEAN,
                )?;
                expect_err(
                    &format!("fit with {} targets for {n} rows", n + 1),
                    KnnRegressor {
                        k: 1,
                        metric: Metric::Manhattan,
                    }
                    .fit(x.view(), cx.vector(n + 1).view()),
                )?;
                Ok(())
            }),
            Check::new("standardizer/random", DAY, |cx| {
                let (n, d) = (cx.usize_in(2..=40), cx.usize_in(1..=5));
                let mut x = cx.matrix(n, d) * 3.0 + 7.0;
                // A constant column must not divide by zero (4.0 sums exactly in any order).
                x.column_mut(0).fill(4.0);
                let (m, s) = naive_stats(x.view());
                let sc = expect_ok("Standardizer::fit", Standardizer::fit(x.view()))?;
                expect_slice_close(
                    "Standardizer mean",
                    &m,
                    sc.mean.as_slice().unwrap_or(&[]),
                    MEAN,
                )?;
                expect_slice_close(
                    "Standardizer std (population, 1.0 for a constant column)",
                    &s,
                    sc.std.as_slice().unwrap_or(&[]),
                    MEAN,
                )?;
                let got = expect_ok("Standardizer::transform", sc.transform(x.view()))?;
                expect_array_close("transform(x)", &naive_scale(x.view(), &m, &s), &got, MEAN)
            }),
            Check::new("standardizer/new_rows_use_training_stats", DAY, |cx| {
                let train = cx.matrix(20, 3) * 2.0 - 1.0;
                let other = cx.matrix(5, 3) * 10.0;
                let (m, s) = naive_stats(train.view());
                let sc = expect_ok("Standardizer::fit", Standardizer::fit(train.view()))?;
                let got = expect_ok("transform of new rows", sc.transform(other.view()))?;
                expect_array_close(
                    "transform of rows not seen in fit (uses the training mean and std)",
                    &naive_scale(other.view(), &m, &s),
                    &got,
                    MEAN,
                )?;
                expect_err(
                    "transform with 2 columns after fitting on 3",
                    sc.transform(cx.matrix(2, 2).view()),
                )?;
                expect_err(
                    "fit on 0 rows",
                    Standardizer::fit(Array2::<f64>::zeros((0, 3)).view()),
                )?;
                Ok(())
            }),
            Check::new("train_test_split/properties", DAY, |cx| {
                // n ≥ 50 and a fraction ≥ 0.1 give ≥ 5 test rows: a shuffled split is then
                // (almost surely) neither a block at one end nor repeated by another seed.
                let n = cx.usize_in(50..=500);
                let frac = cx.f64_in(0.1, 0.5);
                let seed = cx.rng.gen::<u64>();
                let (train, test) = expect_ok("train_test_split", train_test_split(n, frac, seed))?;
                expect_eq(
                    &format!(
                        "test size for n = {n}, test_fraction = {frac:.3} (round(n · fraction))"
                    ),
                    (n as f64 * frac).round() as usize,
                    test.len(),
                )?;
                let mut all: Vec<usize> = train.iter().chain(test.iter()).copied().collect();
                all.sort_unstable();
                expect_eq(
                    "train ∪ test, sorted (every index exactly once)",
                    (0..n).collect::<Vec<_>>(),
                    all,
                )?;
                let again = expect_ok("train_test_split again", train_test_split(n, frac, seed))?;
                expect_eq(
                    "the same seed gives the same split",
                    (train.clone(), test.clone()),
                    again,
                )?;
                let other = expect_ok(
                    "train_test_split",
                    train_test_split(n, frac, seed.wrapping_add(1)),
                )?;
                ensure(other != (train.clone(), test.clone()), || {
                    "a different seed gave the same split: is the seed used?".into()
                })?;
                let mut sorted_test = test.clone();
                sorted_test.sort_unstable();
                ensure(
                    sorted_test != ((n - test.len())..n).collect::<Vec<_>>()
                        && sorted_test != (0..test.len()).collect::<Vec<_>>(),
                    || "the test indices are a block at one end: shuffle before splitting".into(),
                )
            }),
            Check::new("train_test_split/bad_input", DAY, |_| {
                expect_err("train_test_split(10, 0.0, 1)", train_test_split(10, 0.0, 1))?;
                expect_err("train_test_split(10, 1.0, 1)", train_test_split(10, 1.0, 1))?;
                expect_err(
                    "train_test_split(10, NaN, 1)",
                    train_test_split(10, f64::NAN, 1),
                )?;
                expect_err("train_test_split(0, 0.2, 1)", train_test_split(0, 0.2, 1))?;
                Ok(())
            }),
            Check::new("accuracy/random", DAY, |cx| {
                let n = cx.usize_in(1..=100);
                let a: Vec<usize> = (0..n).map(|_| cx.usize_in(0..=2)).collect();
                let b: Vec<usize> = (0..n).map(|_| cx.usize_in(0..=2)).collect();
                let mut same = 0;
                for i in 0..n {
                    if a[i] == b[i] {
                        same += 1;
                    }
                }
                let got = expect_ok(
                    "accuracy",
                    accuracy(Array1::from(a).view(), Array1::from(b).view()),
                )?;
                expect_close(
                    &format!("accuracy of {n} labels"),
                    same as f64 / n as f64,
                    got,
                    Tol::new(1e-15, 1e-15), // one division of two counts
                )?;
                expect_err(
                    "accuracy of 0 labels",
                    accuracy(
                        Array1::<usize>::zeros(0).view(),
                        Array1::<usize>::zeros(0).view(),
                    ),
                )?;
                expect_err(
                    "accuracy with 2 and 3 labels",
                    accuracy(
                        Array1::from(vec![0, 1]).view(),
                        Array1::from(vec![0, 1, 1]).view(),
                    ),
                )?;
                Ok(())
            }),
            Check::new("load_penguins/rows", DAY, |_| {
                let (ex, ey) = penguins_by_hand()?;
                // palmerpenguins has 344 rows; 11 have an empty field (2 of them have no
                // measurements at all), so dropna() keeps 333.
                let (x, y) = expect_ok("load_penguins()", load_penguins())?;
                expect_shape(
                    "x (penguins after dropping rows with any missing field)",
                    &[333, 4],
                    x.shape(),
                )?;
                expect_array_close("x (penguin measurements, file order)", &ex, &x, Tol::EXACT)?;
                expect_eq(
                    "y (species: Adelie 0, Chinstrap 1, Gentoo 2)",
                    ey,
                    y.to_vec(),
                )
            }),
            Check::new("evaluate_knn/penguins", DAY, |cx| {
                let (x, y) = penguins_by_hand()?;
                let (train, test) = check_split(cx, y.len());
                let k = cx.usize_in(1..=9);
                let metric = random_metric(cx);
                let (xt, xs) = (rows(x.view(), &train), rows(x.view(), &test));
                let (m, s) = naive_stats(xt.view());
                let yt: Vec<usize> = train.iter().map(|&i| y[i]).collect();
                let pred = naive_classify(
                    naive_scale(xt.view(), &m, &s).view(),
                    &yt,
                    naive_scale(xs.view(), &m, &s).view(),
                    k,
                    metric,
                );
                let right = pred.iter().zip(&test).filter(|(p, &i)| **p == y[i]).count();
                let got = expect_ok(
                    "evaluate_knn",
                    evaluate_knn(
                        x.view(),
                        Array1::from(y.clone()).view(),
                        &train,
                        &test,
                        k,
                        metric,
                    ),
                )?;
                expect_close(
                    &format!("test accuracy on penguins (k = {k}, {metric:?}, standardised with training statistics only)"),
                    right as f64 / test.len() as f64,
                    got,
                    Tol::new(1e-12, 1e-12), // a ratio of counts; the predictions must match exactly
                )
            }),
        ],
        compare,
    );
}
