//! Hidden checks for chapter 17 (kmeans). Expected values come from plain loops, from
//! properties (fixed points, partitions up to relabelling, closed forms such as the
//! total sum of squares) and from linfa-clustering's KMeans — never from the reference
//! solution.

use std::collections::HashMap;
use std::time::Instant;

use harness::prelude::*;
use kmeans::*;
use linfa::prelude::*;
use linfa_clustering::KMeans;
use ndarray::{Array1, Array2, ArrayView2, Axis};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const DAY: &[&str] = &["W11 D1-2"];
/// Sums of a few dozen squared differences, added in a possibly different order:
/// rounding only.
const SUMS: Tol = Tol::new(1e-10, 1e-10);
/// Slack when comparing inertias that must not increase: sums of ~100 squares in a
/// different order differ by far less than 1e-12 relative.
const NO_RISE: f64 = 1e-12;
/// The elbow compares best-of-restarts inertias from separate k-means runs: 1e-9
/// relative absorbs rounding, not a real rise.
const ELBOW_RISE: f64 = 1e-9;
/// At the true k on blobs 40 sd apart the within-cluster sum of squares is about
/// 2 per point (d = 2) against ≥ 2 + 400 per point at k = 1 (two blobs 40 apart, the
/// worst case): about 0.5 %, with sampling noise of ±0.1 %, so 1 % is safe.
const TRUE_K_SHARE: f64 = 0.01;
/// A fixed point reached with tol = 0 is exact up to the rounding of the mean.
const FIXED: Tol = Tol::new(1e-9, 1e-9);
/// Penguins, k = 3, ten k-means++ restarts each: the ARI between the reference fit and
/// linfa's measured 1.0 in the comparison (seed 17) and stayed ≥ 0.9 in 60 random-seed
/// runs of the check; 0.9 leaves room for boundary points that a different stopping
/// rule (linfa stops on the centroid shift < tol) assigns the other way.
const LINFA_ARI_MIN: f64 = 0.9;
/// Lattice step between blob centres, in units of the blobs' standard deviation (1):
/// a point is farther than 20 sd from its own centre with probability far below 1e-20,
/// so the right partition is unambiguous.
const SEPARATION: f64 = 40.0;

// ---------------------------------------------------------------- independent routes

fn naive_sq(a: &[f64], b: &[f64]) -> f64 {
    let mut s = 0.0;
    for f in 0..a.len() {
        s += (a[f] - b[f]) * (a[f] - b[f]);
    }
    s
}

fn row(x: ArrayView2<f64>, i: usize) -> Vec<f64> {
    x.row(i).to_vec()
}

fn naive_distances(x: ArrayView2<f64>, c: ArrayView2<f64>) -> Array2<f64> {
    let mut d = Array2::zeros((x.nrows(), c.nrows()));
    for i in 0..x.nrows() {
        for j in 0..c.nrows() {
            d[[i, j]] = naive_sq(&row(x, i), &row(c, j));
        }
    }
    d
}

/// Nearest centre, lowest index on ties.
fn naive_assign(x: ArrayView2<f64>, c: ArrayView2<f64>) -> Vec<usize> {
    let d = naive_distances(x, c);
    (0..x.nrows())
        .map(|i| {
            let mut best = 0;
            for j in 1..c.nrows() {
                if d[[i, j]] < d[[i, best]] {
                    best = j;
                }
            }
            best
        })
        .collect()
}

/// Means per label; `None` for an empty cluster.
fn naive_means(x: ArrayView2<f64>, labels: &[usize], k: usize) -> Vec<Option<Vec<f64>>> {
    (0..k)
        .map(|j| {
            let members: Vec<usize> = (0..x.nrows()).filter(|&i| labels[i] == j).collect();
            if members.is_empty() {
                return None;
            }
            Some(
                (0..x.ncols())
                    .map(|f| members.iter().map(|&i| x[[i, f]]).sum::<f64>() / members.len() as f64)
                    .collect(),
            )
        })
        .collect()
}

fn naive_inertia(x: ArrayView2<f64>, c: ArrayView2<f64>, labels: &[usize]) -> f64 {
    (0..x.nrows())
        .map(|i| naive_sq(&row(x, i), &row(c, labels[i])))
        .sum()
}

/// Total sum of squares about the column means: the inertia of k = 1 in closed form.
fn total_ss(x: ArrayView2<f64>) -> f64 {
    let mut s = 0.0;
    for f in 0..x.ncols() {
        let m = x.column(f).sum() / x.nrows() as f64;
        for i in 0..x.nrows() {
            s += (x[[i, f]] - m).powi(2);
        }
    }
    s
}

/// Two labelings describe the same partition: the map a-label → b-label is a function
/// and one-to-one.
fn same_partition(what: &str, truth: &[usize], got: &[usize]) -> CheckResult {
    expect_eq(&format!("{what}: number of labels"), truth.len(), got.len())?;
    let mut fwd: HashMap<usize, usize> = HashMap::new();
    let mut back: HashMap<usize, usize> = HashMap::new();
    for i in 0..truth.len() {
        let (t, g) = (truth[i], got[i]);
        if let Some(&seen) = back.get(&g) {
            if seen != t {
                fail!("{what}: cluster {g} holds points of true groups {seen} and {t} (row {i}); the clustering is not the true grouping up to relabelling");
            }
        }
        if let Some(&seen) = fwd.get(&t) {
            if seen != g {
                fail!("{what}: true group {t} is split over clusters {seen} and {g} (row {i})");
            }
        }
        fwd.insert(t, g);
        back.insert(g, t);
    }
    Ok(())
}

/// Adjusted Rand index (Hubert and Arabie) from the contingency table.
fn ari(a: &[usize], b: &[usize]) -> f64 {
    let mut table: HashMap<(usize, usize), f64> = HashMap::new();
    let mut ra: HashMap<usize, f64> = HashMap::new();
    let mut rb: HashMap<usize, f64> = HashMap::new();
    for i in 0..a.len() {
        *table.entry((a[i], b[i])).or_default() += 1.0;
        *ra.entry(a[i]).or_default() += 1.0;
        *rb.entry(b[i]).or_default() += 1.0;
    }
    let c2 = |v: f64| v * (v - 1.0) / 2.0;
    let index: f64 = table.values().map(|&v| c2(v)).sum();
    let sa: f64 = ra.values().map(|&v| c2(v)).sum();
    let sb: f64 = rb.values().map(|&v| c2(v)).sum();
    let expected = sa * sb / c2(a.len() as f64);
    let max = (sa + sb) / 2.0;
    // Both labelings put everything in one group (or all singletons): identical.
    if (max - expected).abs() < 1e-12 {
        return 1.0;
    }
    (index - expected) / (max - expected)
}

fn species_ids(species: &[String]) -> Vec<usize> {
    let mut names: Vec<&String> = species.iter().collect();
    names.sort();
    names.dedup();
    species
        .iter()
        .map(|s| names.iter().position(|n| *n == s).unwrap())
        .collect()
}

/// Blobs generated by the check itself: `k` centres on a random lattice of step
/// `SEPARATION`, each coordinate `centre + spread · N(0, 1)`.
fn blobs(cx: &mut Ctx, k: usize, d: usize, n_per: usize, spread: f64) -> (Array2<f64>, Vec<usize>) {
    let mut centres: Vec<Vec<f64>> = Vec::new();
    while centres.len() < k {
        let c: Vec<f64> = (0..d)
            .map(|_| cx.usize_in(0..=9) as f64 * SEPARATION)
            .collect();
        if !centres.contains(&c) {
            centres.push(c);
        }
    }
    let mut x = Array2::zeros((k * n_per, d));
    let mut y = Vec::new();
    // Shuffle the order so a learner cannot rely on blob-sorted rows.
    let mut order: Vec<usize> = (0..k * n_per).collect();
    for i in (1..order.len()).rev() {
        let j = cx.rng.gen_range(0..=i);
        order.swap(i, j);
    }
    for (r, &slot) in order.iter().enumerate() {
        let b = slot / n_per;
        for f in 0..d {
            x[[r, f]] = centres[b][f] + spread * cx.normal();
        }
        y.push(b);
    }
    (x, y)
}

fn linfa_labels(x: &Array2<f64>, k: usize, seed: u64) -> Result<(Array1<usize>, f64), String> {
    let ds = DatasetBase::from(x.clone());
    let model = KMeans::params_with_rng(k, StdRng::seed_from_u64(seed))
        .n_runs(10)
        .tolerance(1e-8)
        .max_n_iterations(300)
        .fit(&ds)
        .map_err(|e| e.to_string())?;
    Ok((model.predict(x), model.inertia()))
}

/// `plot_elbow` draws 800 × 500 pixels; 2000 of them inked (0.5 %) is more than the axes
/// and labels alone.
const ELBOW_SIZE: (u32, u32) = (800, 500);
const MIN_INK: f64 = 2000.0 / (800.0 * 500.0);

// ---------------------------------------------------------------- the comparison

fn compare() -> Result<Comparison, String> {
    let (x, species) = penguins().map_err(|e| format!("penguins: {e}"))?;
    let truth = species_ids(&species);
    let start = Instant::now();
    let mine = kmeans(
        x.view(),
        &KMeansConfig {
            k: 3,
            n_init: 10,
            max_iter: 300,
            tol: 1e-8,
            seed: 17,
        },
    )
    .map_err(|e| format!("kmeans: {e}"))?;
    let mine_ms = start.elapsed().as_secs_f64() * 1e3;
    let start = Instant::now();
    let (theirs, _) = linfa_labels(&x, 3, 17)?;
    let theirs_ms = start.elapsed().as_secs_f64() * 1e3;
    let theirs = theirs.to_vec();
    let n = x.nrows() as f64;
    // linfa's reported inertia is taken before its last centroid update; recompute both
    // from labels with each cluster's mean so the two numbers mean the same thing.
    let refit = |labels: &[usize]| {
        let means = naive_means(x.view(), labels, 3);
        let c = Array2::from_shape_fn((3, x.ncols()), |(j, f)| {
            means[j].as_ref().map_or(0.0, |m| m[f])
        });
        naive_inertia(x.view(), c.view(), labels)
    };
    let mut table = Comparison::new(
        "linfa-clustering 0.8 (KMeans, k-means++, 10 runs)",
        format!(
            "penguins, {} rows with all four measurements, standardised; k = 3",
            x.nrows()
        ),
    );
    table.timed_row(
        "ARI against species",
        ari(&truth, &mine.labels),
        ari(&truth, &theirs),
        mine_ms,
        theirs_ms,
    );
    table.row("inertia / n", refit(&mine.labels) / n, refit(&theirs) / n);
    table.row(
        "ARI learner vs linfa (1 = same partition)",
        ari(&mine.labels, &theirs),
        1.0,
    );
    let path = harness::plots_dir()
        .join("17")
        .join("compare_elbow_penguins.png");
    let curve = elbow(x.view(), 8, &KMeansConfig::new(1)).map_err(|e| format!("elbow: {e}"))?;
    plot_elbow(&curve, "penguins: elbow curve", &path).map_err(|e| format!("plot: {e}"))?;
    table.plot(&path);
    Ok(table)
}

// ---------------------------------------------------------------- the checks

fn main() {
    harness::run_with_compare(
        "17",
        vec![
            Check::new("squared_distances/random", DAY, |cx| {
                let (n, k, d) = (cx.usize_in(5..=40), cx.usize_in(1..=6), cx.usize_in(1..=5));
                let x = cx.matrix(n, d);
                let c = cx.matrix(k, d);
                let got = expect_ok("squared_distances", squared_distances(x.view(), c.view()))?;
                expect_array_close(
                    "squared distances (n × k) against a double loop",
                    &naive_distances(x.view(), c.view()),
                    &got,
                    SUMS,
                )
            }),
            Check::new("squared_distances/mismatch", DAY, |cx| {
                let x = cx.matrix(4, 3);
                let c = cx.matrix(2, 2);
                expect_err(
                    "squared_distances with 3-column points and 2-column centres",
                    squared_distances(x.view(), c.view()),
                )?;
                expect_err(
                    "squared_distances with no points",
                    squared_distances(Array2::<f64>::zeros((0, 3)).view(), cx.matrix(2, 3).view()),
                )?;
                Ok(())
            }),
            Check::new("assign/random", DAY, |cx| {
                let (n, k, d) = (cx.usize_in(10..=60), cx.usize_in(1..=7), cx.usize_in(1..=4));
                let x = cx.matrix(n, d);
                let c = cx.matrix(k, d);
                let got = expect_ok("assign", assign(x.view(), c.view()))?;
                expect_eq(
                    "labels (nearest centre) against a loop",
                    naive_assign(x.view(), c.view()),
                    got,
                )
            }),
            Check::new("assign/ties", DAY, |cx| {
                // A point exactly halfway between two centres goes to the lower index.
                let a = cx.f64_in(-5.0, 5.0).round();
                let x = Array2::from_shape_vec((1, 1), vec![a]).unwrap();
                let c = Array2::from_shape_vec((3, 1), vec![a + 20.0, a + 2.0, a - 2.0]).unwrap();
                let got = expect_ok("assign", assign(x.view(), c.view()))?;
                expect_eq(
                    "label of a point tied between centres 1 and 2 (lowest index wins)",
                    vec![1],
                    got,
                )
            }),
            Check::new("update_centroids/random_with_empty", DAY, |cx| {
                let (n, d) = (cx.usize_in(10..=50), cx.usize_in(1..=4));
                let k = cx.usize_in(3..=6);
                let x = cx.matrix(n, d);
                let empty = cx.usize_in(0..=k - 1);
                // Labels that never use `empty`, so that cluster must keep its old centre.
                let labels: Vec<usize> = (0..n)
                    .map(|_| loop {
                        let l = cx.usize_in(0..=k - 1);
                        if l != empty {
                            break l;
                        }
                    })
                    .collect();
                let prev = cx.matrix(k, d) * 10.0;
                let got = expect_ok(
                    "update_centroids",
                    update_centroids(x.view(), &labels, prev.view()),
                )?;
                let means = naive_means(x.view(), &labels, k);
                let expected = Array2::from_shape_fn((k, d), |(j, f)| {
                    means[j].as_ref().map_or(prev[[j, f]], |m| m[f])
                });
                expect_array_close(&format!("centroids (means of members; cluster {empty} is empty and keeps its previous centre)"), &expected, &got, SUMS)
            }),
            Check::new("update_centroids/bad_input", DAY, |cx| {
                let x = cx.matrix(5, 2);
                let prev = cx.matrix(2, 2);
                expect_err(
                    "update_centroids with label 2 when k = 2",
                    update_centroids(x.view(), &[0, 1, 2, 0, 1], prev.view()),
                )?;
                expect_err(
                    "update_centroids with 4 labels for 5 points",
                    update_centroids(x.view(), &[0, 1, 0, 1], prev.view()),
                )?;
                expect_err(
                    "update_centroids with 3-column previous centres",
                    update_centroids(x.view(), &[0; 5], cx.matrix(2, 3).view()),
                )?;
                Ok(())
            }),
            Check::new("inertia/random", DAY, |cx| {
                let (n, k, d) = (cx.usize_in(5..=50), cx.usize_in(1..=5), cx.usize_in(1..=4));
                let x = cx.matrix(n, d);
                let c = cx.matrix(k, d);
                let labels: Vec<usize> = (0..n).map(|_| cx.usize_in(0..=k - 1)).collect();
                let got = expect_ok("inertia", inertia(x.view(), c.view(), &labels))?;
                expect_close(
                    "inertia against a loop",
                    naive_inertia(x.view(), c.view(), &labels),
                    got,
                    SUMS,
                )
            }),
            Check::new("lloyd/fixed_point", DAY, |cx| {
                let (n, k, d) = (
                    cx.usize_in(60..=150),
                    cx.usize_in(2..=5),
                    cx.usize_in(2..=4),
                );
                let x = cx.matrix(n, d);
                // Start from k distinct random rows.
                let mut rows: Vec<usize> = Vec::new();
                while rows.len() < k {
                    let r = cx.usize_in(0..=n - 1);
                    if !rows.contains(&r) {
                        rows.push(r);
                    }
                }
                let init = x.select(Axis(0), &rows);
                let fit = expect_ok("lloyd with tol = 0", lloyd(x.view(), init.view(), 500, 0.0))?;
                ensure(fit.converged, || {
                    format!(
                        "lloyd did not converge in 500 rounds with tol = 0 (n_iter = {})",
                        fit.n_iter
                    )
                })?;
                expect_shape("centroids", &[k, d], fit.centroids.shape())?;
                expect_eq(
                    "labels: every point is nearest its own centre (checked by a loop)",
                    naive_assign(x.view(), fit.centroids.view()),
                    fit.labels.clone(),
                )?;
                let means = naive_means(x.view(), &fit.labels, k);
                for (j, m) in means.iter().enumerate() {
                    if let Some(m) = m {
                        expect_slice_close(
                            &format!("centre {j}: the mean of its points"),
                            m,
                            &fit.centroids.row(j).to_vec(),
                            FIXED,
                        )?;
                    }
                }
                expect_close(
                    "inertia of the returned fit",
                    naive_inertia(x.view(), fit.centroids.view(), &fit.labels),
                    fit.inertia,
                    SUMS,
                )?;
                expect_eq("history length = n_iter", fit.n_iter, fit.history.len())?;
                for w in fit.history.windows(2) {
                    ensure(w[1] <= w[0] * (1.0 + NO_RISE), || {
                        format!(
                            "inertia history went up: {} then {} — Lloyd's steps never increase it",
                            w[0], w[1]
                        )
                    })?;
                }
                Ok(())
            }),
            Check::new("lloyd/bad_params", DAY, |cx| {
                let x = cx.matrix(10, 2);
                let init = x.select(Axis(0), &[0, 1]);
                expect_err(
                    "lloyd with tol = -1",
                    lloyd(x.view(), init.view(), 10, -1.0),
                )?;
                expect_err(
                    "lloyd with max_iter = 0",
                    lloyd(x.view(), init.view(), 0, 1e-6),
                )?;
                expect_err(
                    "lloyd with 3-column initial centres",
                    lloyd(x.view(), cx.matrix(2, 3).view(), 10, 1e-6),
                )?;
                Ok(())
            }),
            Check::new("kmeans_plus_plus/data_points", DAY, |cx| {
                let (n, d) = (cx.usize_in(10..=80), cx.usize_in(1..=4));
                let k = cx.usize_in(1..=n.min(8));
                let x = cx.matrix(n, d);
                let mut rng = StdRng::seed_from_u64(cx.rng.gen());
                let c = expect_ok("kmeans_plus_plus", kmeans_plus_plus(x.view(), k, &mut rng))?;
                expect_shape("initial centres", &[k, d], c.shape())?;
                let mut used = Vec::new();
                for j in 0..k {
                    let hit = (0..n).find(|&i| x.row(i) == c.row(j));
                    match hit {
                        None => fail!("centre {j} = {:?} is not a row of x (k-means++ only picks data points)", c.row(j).to_vec()),
                        Some(i) if used.contains(&i) => fail!("centre {j} repeats row {i}: a chosen point has D² = 0 and cannot be picked again"),
                        Some(i) => used.push(i),
                    }
                }
                Ok(())
            }),
            Check::new("kmeans_plus_plus/separated_blobs", DAY, |cx| {
                // Blobs with spread 0.01 at least 40 apart: D² inside a covered blob is
                // ≈ 4e-4 against ≥ 1600 outside, so a draw lands in a covered blob with
                // probability ≈ 2.5e-7; over these 5 rounds a false failure is below 1e-5.
                for _ in 0..5 {
                    let k = cx.usize_in(2..=5);
                    let (x, y) = blobs(cx, k, 2, 30, 0.01);
                    let mut rng = StdRng::seed_from_u64(cx.rng.gen());
                    let c = expect_ok("kmeans_plus_plus", kmeans_plus_plus(x.view(), k, &mut rng))?;
                    expect_shape("initial centres", &[k, 2], c.shape())?;
                    let mut got: Vec<usize> = (0..k)
                        .map(|j| {
                            (0..x.nrows())
                                .find(|&i| x.row(i) == c.row(j))
                                .map_or(usize::MAX, |i| y[i])
                        })
                        .collect();
                    got.sort();
                    expect_eq(
                        &format!("blobs holding the {k} initial centres (each blob exactly once)"),
                        (0..k).collect::<Vec<_>>(),
                        got,
                    )?;
                }
                Ok(())
            }),
            Check::new("kmeans_plus_plus/far_point", DAY, |cx| {
                // 99 points within 1 of the origin and one at 1000: after the first centre,
                // the far point carries more than 99.9 % of the D² mass.
                let mut x = cx.uniform_matrix(100, 2, -0.5, 0.5);
                let far = cx.usize_in(0..=99);
                x.row_mut(far).fill(1000.0);
                let mut rng = StdRng::seed_from_u64(cx.rng.gen());
                let c = expect_ok("kmeans_plus_plus", kmeans_plus_plus(x.view(), 2, &mut rng))?;
                ensure((0..2).any(|j| c[[j, 0]] == 1000.0), || {
                    format!("with one point at (1000, 1000) and the rest near 0, k = 2 should pick it (D² weighting); got centres {:?}", c.outer_iter().map(|r| r.to_vec()).collect::<Vec<_>>())
                })
            }),
            Check::new("kmeans_plus_plus/errors_and_seed", DAY, |cx| {
                let x = cx.matrix(5, 2);
                let mut rng = StdRng::seed_from_u64(1);
                expect_err(
                    "kmeans_plus_plus with k = 0",
                    kmeans_plus_plus(x.view(), 0, &mut rng),
                )?;
                expect_err(
                    "kmeans_plus_plus with k = 6 > n = 5",
                    kmeans_plus_plus(x.view(), 6, &mut rng),
                )?;
                expect_err(
                    "kmeans_plus_plus on no points",
                    kmeans_plus_plus(Array2::<f64>::zeros((0, 2)).view(), 1, &mut rng),
                )?;
                let x = cx.matrix(40, 3);
                let seed = cx.rng.gen();
                let a = expect_ok(
                    "kmeans_plus_plus",
                    kmeans_plus_plus(x.view(), 4, &mut StdRng::seed_from_u64(seed)),
                )?;
                let b = expect_ok(
                    "kmeans_plus_plus",
                    kmeans_plus_plus(x.view(), 4, &mut StdRng::seed_from_u64(seed)),
                )?;
                expect_array_close(
                    "centres from two generators with the same seed",
                    &a,
                    &b,
                    Tol::EXACT,
                )
            }),
            Check::new("kmeans/blobs_recovered", DAY, |cx| {
                let k = cx.usize_in(2..=5);
                let d = cx.usize_in(2..=3);
                let (x, y) = blobs(cx, k, d, 40, 1.0);
                let cfg = KMeansConfig {
                    k,
                    n_init: 5,
                    max_iter: 300,
                    tol: 1e-8,
                    seed: cx.rng.gen(),
                };
                let fit = expect_ok("kmeans", kmeans(x.view(), &cfg))?;
                expect_shape("centroids", &[k, d], fit.centroids.shape())?;
                same_partition(
                    &format!("kmeans (k = {k}) on well-separated blobs"),
                    &y,
                    &fit.labels,
                )
            }),
            Check::new("kmeans/restarts", DAY, |cx| {
                let n = cx.usize_in(80..=150);
                let x = cx.matrix(n, 2);
                let seed = cx.rng.gen();
                let one = expect_ok(
                    "kmeans with n_init = 1",
                    kmeans(
                        x.view(),
                        &KMeansConfig {
                            k: 6,
                            n_init: 1,
                            max_iter: 300,
                            tol: 1e-8,
                            seed,
                        },
                    ),
                )?;
                let ten = expect_ok(
                    "kmeans with n_init = 10",
                    kmeans(
                        x.view(),
                        &KMeansConfig {
                            k: 6,
                            n_init: 10,
                            max_iter: 300,
                            tol: 1e-8,
                            seed,
                        },
                    ),
                )?;
                let again = expect_ok(
                    "kmeans with n_init = 10",
                    kmeans(
                        x.view(),
                        &KMeansConfig {
                            k: 6,
                            n_init: 10,
                            max_iter: 300,
                            tol: 1e-8,
                            seed,
                        },
                    ),
                )?;
                // The first restart of both runs draws the same numbers from the same seed,
                // so the best of ten is at most the first one.
                ensure(ten.inertia <= one.inertia * (1.0 + NO_RISE), || {
                    format!("best-of-10 inertia {} is above the single-run inertia {} from the same seed: keep the lowest", ten.inertia, one.inertia)
                })?;
                expect_close(
                    "inertia reported against a loop over its labels and centres",
                    naive_inertia(x.view(), ten.centroids.view(), &ten.labels),
                    ten.inertia,
                    SUMS,
                )?;
                expect_eq(
                    "labels: nearest centre of the returned centroids",
                    naive_assign(x.view(), ten.centroids.view()),
                    ten.labels.clone(),
                )?;
                expect_close(
                    "inertia of a second run with the same seed",
                    ten.inertia,
                    again.inertia,
                    Tol::EXACT,
                )?;
                expect_err(
                    "kmeans with n_init = 0",
                    kmeans(
                        x.view(),
                        &KMeansConfig {
                            k: 2,
                            n_init: 0,
                            max_iter: 300,
                            tol: 1e-8,
                            seed,
                        },
                    ),
                )?;
                expect_err("kmeans with k = 0", kmeans(x.view(), &KMeansConfig::new(0)))?;
                Ok(())
            }),
            Check::new("kmeans/penguins_vs_linfa", DAY, |cx| {
                let (x, _) = expect_ok("penguins", penguins())?;
                let seed: u64 = cx.rng.gen();
                let fit = expect_ok(
                    "kmeans on penguins",
                    kmeans(
                        x.view(),
                        &KMeansConfig {
                            k: 3,
                            n_init: 10,
                            max_iter: 300,
                            tol: 1e-8,
                            seed,
                        },
                    ),
                )?;
                let (theirs, _) = linfa_labels(&x, 3, seed).or_fail("linfa k-means")?;
                let score = ari(&theirs.to_vec(), &fit.labels);
                ensure(score >= LINFA_ARI_MIN, || {
                    format!("adjusted Rand index between your penguin clusters and linfa's KMeans: {score:.4}, expected ≥ {LINFA_ARI_MIN} (1 = same partition up to relabelling)")
                })
            }),
            Check::new("elbow/blobs", DAY, |cx| {
                let k_true = cx.usize_in(2..=4);
                let (x, _) = blobs(cx, k_true, 2, 25, 1.0);
                let k_max = 6;
                let cfg = KMeansConfig {
                    k: 1,
                    n_init: 8,
                    max_iter: 300,
                    tol: 1e-8,
                    seed: cx.rng.gen(),
                };
                let curve = expect_ok("elbow", elbow(x.view(), k_max, &cfg))?;
                expect_eq("number of inertias (k = 1..=6)", k_max, curve.len())?;
                expect_close(
                    "inertia at k = 1 (total sum of squares about the mean)",
                    total_ss(x.view()),
                    curve[0],
                    SUMS,
                )?;
                for k in 1..k_max {
                    ensure(curve[k] <= curve[k - 1] * (1.0 + ELBOW_RISE), || {
                        format!("elbow curve rises from k = {} ({}) to k = {} ({}): best-of-restarts inertia should not increase with k", k, curve[k - 1], k + 1, curve[k])
                    })?;
                }
                // At the true k the clusters are the blobs: a steep drop then a flat tail.
                ensure(curve[k_true - 1] < TRUE_K_SHARE * curve[0], || {
                    format!("inertia at the true k = {k_true} is {} — more than 1 % of k = 1 ({}) on blobs {SEPARATION} sd apart", curve[k_true - 1], curve[0])
                })?;
                expect_err("elbow with k_max = 0", elbow(x.view(), 0, &cfg))?;
                expect_err("elbow with k_max > n", elbow(x.view(), x.nrows() + 1, &cfg))?;
                Ok(())
            }),
            Check::new("plot_elbow/png", DAY, |cx| {
                let curve: Vec<f64> = (1..=8)
                    .map(|k| 100.0 / k as f64 + cx.f64_in(0.0, 1.0))
                    .collect();
                let path = cx.plot_path("elbow.png");
                expect_ok("plot_elbow", plot_elbow(&curve, "elbow", fresh(&path)))?;
                expect_png("plot_elbow's PNG", &path, ELBOW_SIZE, MIN_INK)?;
                expect_err(
                    "plot_elbow with no values",
                    plot_elbow(&[], "empty", &cx.plot_path("elbow_empty.png")),
                )?;
                Ok(())
            }),
            Check::new("make_blobs/statistics", DAY, |cx| {
                let k = cx.usize_in(2..=4);
                let d = cx.usize_in(1..=3);
                let centres = cx.matrix(k, d) * 10.0;
                let std = cx.f64_in(0.5, 2.0);
                let n_per = 2000;
                let mut rng = StdRng::seed_from_u64(cx.rng.gen());
                let (x, y) = expect_ok(
                    "make_blobs",
                    make_blobs(centres.view(), n_per, std, &mut rng),
                )?;
                expect_shape("points", &[k * n_per, d], x.shape())?;
                let expected_labels: Vec<usize> = (0..k)
                    .flat_map(|b| std::iter::repeat(b).take(n_per))
                    .collect();
                expect_eq(
                    "labels (blob 0 first, then 1, …)",
                    expected_labels,
                    y.clone(),
                )?;
                // Sample mean of 2000 draws: sd = std/√2000; 6 sd of slack keeps a false
                // failure below 1e-8 per coordinate.
                let mean_tol = Tol::abs(6.0 * std / (n_per as f64).sqrt());
                // Sample sd of 2000 normals has relative sd ≈ 1/√(2·2000) ≈ 1.6 %: 10 % is > 6 sd.
                let sd_tol = Tol::new(0.1, 0.0);
                let means = naive_means(x.view(), &y, k);
                for b in 0..k {
                    let m = means[b].as_ref().unwrap();
                    expect_slice_close(
                        &format!("sample mean of blob {b}"),
                        &centres.row(b).to_vec(),
                        m,
                        mean_tol,
                    )?;
                    for f in 0..d {
                        let var = (0..x.nrows())
                            .filter(|&i| y[i] == b)
                            .map(|i| (x[[i, f]] - m[f]).powi(2))
                            .sum::<f64>()
                            / (n_per - 1) as f64;
                        expect_close(
                            &format!("sample sd of blob {b}, column {f}"),
                            std,
                            var.sqrt(),
                            sd_tol,
                        )?;
                    }
                }
                expect_err(
                    "make_blobs with std = -1",
                    make_blobs(centres.view(), 5, -1.0, &mut rng),
                )?;
                expect_err(
                    "make_blobs with no centres",
                    make_blobs(Array2::<f64>::zeros((0, 2)).view(), 5, 1.0, &mut rng),
                )?;
                Ok(())
            }),
            Check::new("standardise/random", DAY, |cx| {
                let (n, d) = (cx.usize_in(2..=40), cx.usize_in(1..=5));
                let mut x = cx.matrix(n, d) * 7.0 + 3.0;
                let constant = cx.usize_in(0..=d - 1);
                // An integer constant: its mean is exact, so its sd is exactly 0 by any route.
                x.column_mut(constant).fill(4.0);
                let got = expect_ok("standardise", standardise(x.view()))?;
                let mut expected = Array2::zeros((n, d));
                for f in 0..d {
                    let m = x.column(f).sum() / n as f64;
                    let var = x.column(f).iter().map(|v| (v - m).powi(2)).sum::<f64>() / n as f64;
                    for i in 0..n {
                        expected[[i, f]] = if var > 0.0 {
                            (x[[i, f]] - m) / var.sqrt()
                        } else {
                            0.0
                        };
                    }
                }
                expect_array_close(
                    &format!(
                        "standardised columns (population sd; constant column {constant} → 0)"
                    ),
                    &expected,
                    &got,
                    SUMS,
                )?;
                expect_err(
                    "standardise with no rows",
                    standardise(Array2::<f64>::zeros((0, 3)).view()),
                )?;
                Ok(())
            }),
            Check::new("penguins/rows", DAY, |cx| {
                let (x, species) = expect_ok("penguins", penguins())?;
                let t = datasets::table("penguins").or_fail("loading penguins")?;
                let cols: Vec<Vec<Option<f64>>> = PENGUIN_FEATURES
                    .iter()
                    .map(|c| t.f64_column(c).unwrap())
                    .collect();
                let sp = t.column("species").unwrap();
                let keep: Vec<usize> = (0..t.len())
                    .filter(|&i| cols.iter().all(|c| c[i].is_some()))
                    .collect();
                expect_shape(
                    "penguin features (rows with all four measurements × 4)",
                    &[keep.len(), 4],
                    x.shape(),
                )?;
                expect_eq(
                    "species of the kept rows",
                    keep.iter()
                        .map(|&i| sp[i].unwrap().to_string())
                        .collect::<Vec<_>>(),
                    species,
                )?;
                // Spot-check standardised values computed by hand for random rows.
                for f in 0..4 {
                    let vals: Vec<f64> = keep.iter().map(|&i| cols[f][i].unwrap()).collect();
                    let m = vals.iter().sum::<f64>() / vals.len() as f64;
                    let sd = (vals.iter().map(|v| (v - m).powi(2)).sum::<f64>()
                        / vals.len() as f64)
                        .sqrt();
                    for _ in 0..5 {
                        let r = cx.usize_in(0..=keep.len() - 1);
                        expect_close(
                            &format!("standardised {} at kept row {r}", PENGUIN_FEATURES[f]),
                            (vals[r] - m) / sd,
                            x[[r, f]],
                            SUMS,
                        )?;
                    }
                }
                Ok(())
            }),
        ],
        compare,
    );
}
