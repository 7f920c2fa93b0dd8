//! Hidden checks for chapter 18 (hierarchical). Expected values come from brute force
//! (every cluster distance recomputed from the points at every merge, Ward from sums of
//! squares rather than centroids), from properties (each merge is a closest pair, single
//! linkage's cophenetic distance is the minimax path distance, partitions up to
//! relabelling), from pair counting, and from linfa-hierarchical (kodama) — never from
//! the reference solution.

use std::collections::HashMap;
use std::time::Instant;

use harness::prelude::*;
use hierarchical::*;
use linfa::prelude::*;
use linfa_hierarchical::{HierarchicalCluster, Method};
use linfa_kernel::{Kernel, KernelInner, KernelMethod};
use ndarray::Array2;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const DAY: &[&str] = &["W11 D3-4"];

/// Euclidean distances of a few coordinates, summed in possibly another order: rounding.
const DIST: Tol = Tol::new(1e-12, 1e-12);
/// Cluster distances by another route (Ward from sums of squares about three means, which
/// cancel; Lance–Williams updates chained over up to 60 merges): rounding grows to about
/// 1e-13 relative, 1e-9 is far above it and far below any real mistake (a missing size
/// factor is off by tens of per cent).
const ROUTE: Tol = Tol::new(1e-9, 1e-12);
/// Slack when checking that a merge height is the smallest cluster distance, relative to
/// that distance (same rounding argument as `ROUTE`).
const MIN_SLACK: f64 = 1e-9;
/// Pearson correlation and ARI from sums of a few thousand terms: rounding only.
const STAT: Tol = Tol::new(1e-9, 1e-12);
/// Blob centres sit on a lattice of this step (in units of the blobs' sd, 1): a point
/// is farther than 15 sd from its centre with probability far below 1e-40, so every
/// linkage must find the blobs.
const SEPARATION: f64 = 40.0;

// ---------------------------------------------------------------- independent routes

fn dist(x: &Array2<f64>, i: usize, j: usize) -> f64 {
    let mut s = 0.0;
    for f in 0..x.ncols() {
        s += (x[[i, f]] - x[[j, f]]).powi(2);
    }
    s.sqrt()
}

/// Within-cluster sum of squares about the cluster's own mean.
fn sse(x: &Array2<f64>, idx: &[usize]) -> f64 {
    let mut total = 0.0;
    for f in 0..x.ncols() {
        let m = idx.iter().map(|&i| x[[i, f]]).sum::<f64>() / idx.len() as f64;
        total += idx.iter().map(|&i| (x[[i, f]] - m).powi(2)).sum::<f64>();
    }
    total
}

/// A cluster distance from the points, by definition (Ward as √(2·ΔSSE)).
fn brute(x: &Array2<f64>, a: &[usize], b: &[usize], method: Linkage) -> f64 {
    let mut all = Vec::new();
    for &i in a {
        for &j in b {
            all.push(dist(x, i, j));
        }
    }
    match method {
        Linkage::Single => all.iter().cloned().fold(f64::INFINITY, f64::min),
        Linkage::Complete => all.iter().cloned().fold(f64::NEG_INFINITY, f64::max),
        Linkage::Average => all.iter().sum::<f64>() / all.len() as f64,
        Linkage::Ward => {
            let union: Vec<usize> = a.iter().chain(b).copied().collect();
            let rise = sse(x, &union) - sse(x, a) - sse(x, b);
            (2.0 * rise.max(0.0)).sqrt()
        }
    }
}

/// Agglomeration by brute force: every step recomputes every cluster distance from the
/// points and merges the closest pair (ties: smallest smaller id, then smallest larger id).
fn brute_linkage(x: &Array2<f64>, method: Linkage) -> Dendrogram {
    let n = x.nrows();
    let mut clusters: Vec<(usize, Vec<usize>)> = (0..n).map(|i| (i, vec![i])).collect();
    let mut merges = Vec::new();
    for step in 0..n.saturating_sub(1) {
        let mut best: Option<(f64, usize, usize)> = None;
        for p in 0..clusters.len() {
            for q in p + 1..clusters.len() {
                let d = brute(x, &clusters[p].1, &clusters[q].1, method);
                let key = |p: usize, q: usize| {
                    let (u, v) = (clusters[p].0, clusters[q].0);
                    (u.min(v), u.max(v))
                };
                let better = match best {
                    None => true,
                    Some((bd, bp, bq)) => d < bd || (d == bd && key(p, q) < key(bp, bq)),
                };
                if better {
                    best = Some((d, p, q));
                }
            }
        }
        let (h, p, q) = best.unwrap();
        let (ip, iq) = (clusters[p].0, clusters[q].0);
        let members: Vec<usize> = clusters[p]
            .1
            .iter()
            .chain(&clusters[q].1)
            .copied()
            .collect();
        merges.push(Merge {
            a: ip.min(iq),
            b: ip.max(iq),
            height: h,
            size: members.len(),
        });
        clusters.remove(q);
        clusters.remove(p);
        clusters.push((n + step, members));
    }
    Dendrogram {
        n_points: n,
        merges,
    }
}

/// The members of every cluster id of a (trusted) dendrogram.
fn members(d: &Dendrogram) -> Vec<Vec<usize>> {
    let mut m: Vec<Vec<usize>> = (0..d.n_points).map(|i| vec![i]).collect();
    for mg in &d.merges {
        let joined = m[mg.a].iter().chain(&m[mg.b]).copied().collect();
        m.push(joined);
    }
    m
}

/// Labels numbered by first appearance from "which group is point i in".
fn canonical(group: &[usize]) -> Vec<usize> {
    let mut names: HashMap<usize, usize> = HashMap::new();
    group
        .iter()
        .map(|g| {
            let next = names.len();
            *names.entry(*g).or_insert(next)
        })
        .collect()
}

/// Cut a trusted dendrogram after its first `steps` merges: each point goes to the
/// latest-formed cluster (among the first `steps`) that contains it.
fn cut_after(d: &Dendrogram, steps: usize) -> Vec<usize> {
    let n = d.n_points;
    let m = members(d);
    let mut group: Vec<usize> = (0..n).collect();
    for s in 0..steps {
        for &i in &m[n + s] {
            group[i] = n + s;
        }
    }
    canonical(&group)
}

/// Cophenetic matrix of a trusted dendrogram: for every pair, the first merge whose
/// cluster holds both.
fn coph(d: &Dendrogram) -> Array2<f64> {
    let n = d.n_points;
    let m = members(d);
    let mut c = Array2::from_elem((n, n), f64::NAN);
    for i in 0..n {
        c[[i, i]] = 0.0;
    }
    for (s, mg) in d.merges.iter().enumerate() {
        for &i in &m[n + s] {
            for &j in &m[n + s] {
                if c[[i, j]].is_nan() {
                    c[[i, j]] = mg.height;
                }
            }
        }
    }
    c
}

/// Two labelings describe the same partition: the map between them is one-to-one.
fn same_partition(what: &str, truth: &[usize], got: &[usize]) -> CheckResult {
    expect_eq(&format!("{what}: number of labels"), truth.len(), got.len())?;
    let mut fwd: HashMap<usize, usize> = HashMap::new();
    let mut back: HashMap<usize, usize> = HashMap::new();
    for i in 0..truth.len() {
        let (t, g) = (truth[i], got[i]);
        if let Some(&seen) = back.get(&g) {
            if seen != t {
                fail!("{what}: cluster {g} holds points of true groups {seen} and {t} (row {i}): not the expected partition up to relabelling");
            }
        }
        if let Some(&seen) = fwd.get(&t) {
            if seen != g {
                fail!("{what}: expected group {t} is split over clusters {seen} and {g} (row {i})");
            }
        }
        fwd.insert(t, g);
        back.insert(g, t);
    }
    Ok(())
}

/// ARI by pair counting: a = pairs together in both, b/c = together in one only,
/// d = apart in both; ARI = 2(ad − bc) / ((a+b)(b+d) + (a+c)(c+d)).
fn ari_pairs(u: &[usize], v: &[usize]) -> f64 {
    let (mut a, mut b, mut c, mut d) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for i in 0..u.len() {
        for j in i + 1..u.len() {
            match (u[i] == u[j], v[i] == v[j]) {
                (true, true) => a += 1.0,
                (true, false) => b += 1.0,
                (false, true) => c += 1.0,
                (false, false) => d += 1.0,
            }
        }
    }
    let den = (a + b) * (b + d) + (a + c) * (c + d);
    if den == 0.0 {
        return 1.0;
    }
    2.0 * (a * d - b * c) / den
}

fn method_of(l: Linkage) -> Method {
    match l {
        Linkage::Single => Method::Single,
        Linkage::Complete => Method::Complete,
        Linkage::Average => Method::Average,
        Linkage::Ward => Method::Ward,
    }
}

/// How linfa-hierarchical should stop.
enum Stop {
    Clusters(usize),
    /// Keep the merges with height strictly below this.
    Below(f64),
}

/// linfa-hierarchical's labels. It takes a similarity kernel `s` and clusters on
/// `−ln s`; feeding it `s = exp(−d / scale)` hands kodama the Euclidean distances divided
/// by `scale`. Every linkage here scales with the distances, so the merges are the same.
/// `scale` keeps every `d / scale ≤ 10`, under linfa's clamp at `−ln 1e-6 ≈ 13.8`.
fn linfa_labels(x: &Array2<f64>, method: Linkage, stop: Stop) -> Result<Vec<usize>, String> {
    let n = x.nrows();
    let d = Array2::from_shape_fn((n, n), |(i, j)| dist(x, i, j));
    let max = d.iter().cloned().fold(0.0, f64::max);
    let scale = if max > 0.0 { max / 10.0 } else { 1.0 };
    let sim = d.mapv(|v| (-v / scale).exp());
    let kernel: Kernel<f64> = Kernel {
        inner: KernelInner::Dense(sim),
        method: KernelMethod::Linear,
    };
    let params = HierarchicalCluster::<f64>::default().with_method(method_of(method));
    let params = match stop {
        Stop::Clusters(k) => params.num_clusters(k),
        Stop::Below(t) => params.max_distance(t / scale),
    };
    let out = params.transform(kernel).map_err(|e| e.to_string())?;
    Ok(out.targets().to_vec())
}

/// `k` Gaussian blobs (sd 1) on a lattice of step `SEPARATION`, rows shuffled.
fn blobs(cx: &mut Ctx, k: usize, d: usize, n_per: usize) -> (Array2<f64>, Vec<usize>) {
    let mut centres: Vec<Vec<f64>> = Vec::new();
    while centres.len() < k {
        let c: Vec<f64> = (0..d)
            .map(|_| cx.usize_in(0..=6) as f64 * SEPARATION)
            .collect();
        if !centres.contains(&c) {
            centres.push(c);
        }
    }
    let mut order: Vec<usize> = (0..k * n_per).collect();
    for i in (1..order.len()).rev() {
        let j = cx.rng.gen_range(0..=i);
        order.swap(i, j);
    }
    let mut x = Array2::zeros((k * n_per, d));
    let mut y = Vec::new();
    for (r, &slot) in order.iter().enumerate() {
        let b = slot / n_per;
        for f in 0..d {
            x[[r, f]] = centres[b][f] + cx.normal();
        }
        y.push(b);
    }
    (x, y)
}

/// Two 5 × 5 grids (step 0.6) centred at (0, 0) and (10, 0), joined by a straight
/// bridge of points 0.29 apart, everything jittered by at most 0.03 per coordinate.
/// Returns the points and which part each is in: 0 = left grid, 1 = right grid,
/// 2 = bridge. Bridge steps (≤ 0.35) are shorter than any grid step (≥ 0.54), so single
/// linkage's last merge cuts a grid, never the bridge: it chains the grids together.
fn bridged_grids(cx: &mut Ctx) -> (Array2<f64>, Vec<usize>) {
    let mut pts: Vec<(f64, f64, usize)> = Vec::new();
    for (part, cx0) in [(0usize, 0.0), (1, 10.0)] {
        for i in 0..5 {
            for j in 0..5 {
                pts.push((cx0 - 1.2 + 0.6 * i as f64, -1.2 + 0.6 * j as f64, part));
            }
        }
    }
    let steps = 26;
    let gap = (8.8 - 1.2) / steps as f64;
    for s in 1..steps {
        pts.push((1.2 + gap * s as f64, 0.0, 2));
    }
    let mut x = Array2::zeros((pts.len(), 2));
    let mut part = Vec::new();
    for (r, &(a, b, p)) in pts.iter().enumerate() {
        x[[r, 0]] = a + cx.f64_in(-0.03, 0.03);
        x[[r, 1]] = b + cx.f64_in(-0.03, 0.03);
        part.push(p);
    }
    (x, part)
}

/// Random disjoint clusters of the rows `0..n` (each non-empty).
fn disjoint(cx: &mut Ctx, n: usize, count: usize) -> Vec<Vec<usize>> {
    let mut idx: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = cx.rng.gen_range(0..=i);
        idx.swap(i, j);
    }
    let mut out = Vec::new();
    let mut start = 0;
    for c in 0..count {
        let left = n - start - (count - c - 1);
        let take = cx.usize_in(1..=left.min(6));
        out.push(idx[start..start + take].to_vec());
        start += take;
    }
    out
}

/// Replay the learner's merges against the points: each must join two clusters that
/// exist, have the right size, the right height, and be a closest pair.
fn replay_minimal(what: &str, x: &Array2<f64>, method: Linkage, z: &Dendrogram) -> CheckResult {
    let n = x.nrows();
    expect_eq(&format!("{what}: n_points"), n, z.n_points)?;
    expect_eq(&format!("{what}: number of merges"), n - 1, z.merges.len())?;
    let mut live: HashMap<usize, Vec<usize>> = (0..n).map(|i| (i, vec![i])).collect();
    for (s, m) in z.merges.iter().enumerate() {
        ensure(m.a < m.b, || {
            format!(
                "{what}: merge {s} is ({}, {}): put the smaller id first",
                m.a, m.b
            )
        })?;
        let (Some(ma), Some(mb)) = (live.get(&m.a).cloned(), live.get(&m.b).cloned()) else {
            fail!("{what}: merge {s} joins clusters {} and {}, but one of them does not exist (or was merged already)", m.a, m.b);
        };
        expect_eq(
            &format!("{what}: size of merge {s}"),
            ma.len() + mb.len(),
            m.size,
        )?;
        let h = brute(x, &ma, &mb, method);
        expect_close(
            &format!(
                "{what}: height of merge {s} (clusters {} and {}, recomputed from the points)",
                m.a, m.b
            ),
            h,
            m.height,
            ROUTE,
        )?;
        let ids: Vec<usize> = live.keys().copied().collect();
        for (p, &u) in ids.iter().enumerate() {
            for &v in &ids[p + 1..] {
                let d = brute(x, &live[&u], &live[&v], method);
                ensure(m.height <= d + MIN_SLACK * d.abs() + 1e-12, || {
                    format!("{what}: merge {s} joins {} and {} at {}, but clusters {u} and {v} are closer ({d}): always merge the closest pair", m.a, m.b, m.height)
                })?;
            }
        }
        live.remove(&m.a);
        live.remove(&m.b);
        live.insert(n + s, ma.into_iter().chain(mb).collect());
    }
    Ok(())
}

fn compare_z(what: &str, expected: &Dendrogram, got: &Dendrogram) -> CheckResult {
    expect_eq(
        &format!("{what}: n_points"),
        expected.n_points,
        got.n_points,
    )?;
    expect_eq(
        &format!("{what}: number of merges"),
        expected.merges.len(),
        got.merges.len(),
    )?;
    for (s, (e, g)) in expected.merges.iter().zip(&got.merges).enumerate() {
        expect_eq(
            &format!("{what}: merge {s} clusters (a, b)"),
            (e.a, e.b),
            (g.a, g.b),
        )?;
        expect_close(
            &format!("{what}: merge {s} height"),
            e.height,
            g.height,
            ROUTE,
        )?;
        expect_eq(&format!("{what}: merge {s} size"), e.size, g.size)?;
    }
    Ok(())
}

fn linkage_random(method: Linkage) -> impl Fn(&mut Ctx) -> CheckResult {
    move |cx| {
        let (n, d) = (cx.usize_in(5..=30), cx.usize_in(1..=3));
        let x = cx.matrix(n, d);
        let got = expect_ok("linkage", linkage(x.view(), method))?;
        compare_z(
            &format!("{method:?} linkage of {n} random points (against brute force)"),
            &brute_linkage(&x, method),
            &got,
        )
    }
}

fn cluster_distance_random(method: Linkage) -> impl Fn(&mut Ctx) -> CheckResult {
    move |cx| {
        let (n, d) = (cx.usize_in(6..=30), cx.usize_in(1..=4));
        let x = cx.matrix(n, d) * 3.0;
        for _ in 0..5 {
            let parts = disjoint(cx, n, 2);
            let got = expect_ok(
                "cluster_distance",
                cluster_distance(x.view(), &parts[0], &parts[1], method),
            )?;
            expect_close(
                &format!(
                    "{method:?} distance between clusters {:?} and {:?}",
                    parts[0], parts[1]
                ),
                brute(&x, &parts[0], &parts[1], method),
                got,
                ROUTE,
            )?;
        }
        Ok(())
    }
}

/// Integer points in a small square: many equal distances and some duplicates.
fn tie_points(cx: &mut Ctx) -> Array2<f64> {
    let n = cx.usize_in(6..=14);
    Array2::from_shape_fn((n, 2), |_| cx.usize_in(0..=3) as f64)
}

/// `plot_dendrogram` draws 900 × 500 pixels; 1 % inked is more than the axis alone, and
/// coloured branches of 40 leaves cover well over 0.2 % of the canvas.
const PLOT_SIZE: (u32, u32) = (900, 500);
const MIN_INK: f64 = 0.01;
const MIN_COLOUR: f64 = 0.002;

// ---------------------------------------------------------------- the comparison

fn compare() -> Result<Comparison, String> {
    // Three overlapping Gaussian blobs (sd 1.2, centres 5 apart), 50 points each,
    // Box–Muller normals from a fixed seed.
    let mut rng = StdRng::seed_from_u64(18);
    let mut normal = move || {
        let u1: f64 = 1.0 - rng.gen::<f64>();
        let u2: f64 = rng.gen();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    };
    let centres = [(0.0, 0.0), (5.0, 0.0), (2.5, 4.3)];
    let n_per = 50;
    let mut x = Array2::zeros((3 * n_per, 2));
    let mut truth = Vec::new();
    for (b, &(cx0, cy0)) in centres.iter().enumerate() {
        for p in 0..n_per {
            x[[b * n_per + p, 0]] = cx0 + 1.2 * normal();
            x[[b * n_per + p, 1]] = cy0 + 1.2 * normal();
            truth.push(b);
        }
    }
    let mut table = Comparison::new(
        "linfa-hierarchical 0.8 (kodama), fed exp(−distance) as its kernel",
        format!(
            "{} points, three Gaussian blobs (sd 1.2, centres 5 apart), seed 18; cut at k = 3",
            x.nrows()
        ),
    );
    for method in Linkage::ALL {
        let start = Instant::now();
        let z = linkage(x.view(), method).map_err(|e| format!("linkage: {e}"))?;
        let mine = cut_k(&z, 3).map_err(|e| format!("cut_k: {e}"))?;
        let mine_ms = start.elapsed().as_secs_f64() * 1e3;
        let start = Instant::now();
        let theirs = linfa_labels(&x, method, Stop::Clusters(3))?;
        let theirs_ms = start.elapsed().as_secs_f64() * 1e3;
        table.timed_row(
            format!("{method:?}: ARI against the blobs"),
            ari_pairs(&truth, &mine),
            ari_pairs(&truth, &theirs),
            mine_ms,
            theirs_ms,
        );
        let largest = |labels: &[usize]| {
            (0..3)
                .map(|c| labels.iter().filter(|&&l| l == c).count())
                .max()
                .unwrap_or(0) as f64
        };
        table.row(
            format!("{method:?}: points in the largest cluster (of 150)"),
            largest(&mine),
            largest(&canonical(&theirs)),
        );
        table.row(
            format!("{method:?}: ARI learner vs linfa (1 = same partition)"),
            ari_pairs(&mine, &theirs),
            1.0,
        );
        if method == Linkage::Ward {
            let path = harness::plots_dir()
                .join("18")
                .join("compare_dendrogram_ward.png");
            plot_dendrogram(&z, "three blobs: Ward dendrogram", &path)
                .map_err(|e| format!("plot: {e}"))?;
            table.plot(&path);
        }
    }
    Ok(table)
}

// ---------------------------------------------------------------- the checks

fn main() {
    harness::run_with_compare(
        "18",
        vec![
            Check::new("pairwise_distances/random", DAY, |cx| {
                let (n, d) = (cx.usize_in(1..=40), cx.usize_in(1..=5));
                let x = cx.matrix(n, d) * 4.0;
                let got = expect_ok("pairwise_distances", pairwise_distances(x.view()))?;
                let expected = Array2::from_shape_fn((n, n), |(i, j)| dist(&x, i, j));
                expect_array_close(
                    "distance matrix (n × n) against a double loop",
                    &expected,
                    &got,
                    DIST,
                )
            }),
            Check::new("pairwise_distances/errors", DAY, |cx| {
                expect_err(
                    "pairwise_distances with no rows",
                    pairwise_distances(Array2::<f64>::zeros((0, 2)).view()),
                )?;
                let mut x = cx.matrix(4, 2);
                x[[cx.usize_in(0..=3), cx.usize_in(0..=1)]] = f64::NAN;
                expect_err(
                    "pairwise_distances with a NaN",
                    pairwise_distances(x.view()),
                )?;
                Ok(())
            }),
            Check::new(
                "cluster_distance/single",
                DAY,
                cluster_distance_random(Linkage::Single),
            ),
            Check::new(
                "cluster_distance/complete",
                DAY,
                cluster_distance_random(Linkage::Complete),
            ),
            Check::new(
                "cluster_distance/average",
                DAY,
                cluster_distance_random(Linkage::Average),
            ),
            Check::new(
                "cluster_distance/ward",
                DAY,
                cluster_distance_random(Linkage::Ward),
            ),
            Check::new("cluster_distance/errors", DAY, |cx| {
                let x = cx.matrix(5, 2);
                expect_err(
                    "cluster_distance with an empty cluster",
                    cluster_distance(x.view(), &[], &[1, 2], Linkage::Single),
                )?;
                expect_err(
                    "cluster_distance with point index 5 of 5 points",
                    cluster_distance(x.view(), &[0], &[5], Linkage::Average),
                )?;
                expect_err(
                    "cluster_distance with point 1 in both clusters",
                    cluster_distance(x.view(), &[0, 1], &[1, 2], Linkage::Ward),
                )?;
                Ok(())
            }),
            Check::new("lance_williams/matches_brute_force", DAY, |cx| {
                for method in Linkage::ALL {
                    let (n, d) = (cx.usize_in(3..=18), cx.usize_in(1..=3));
                    let x = cx.matrix(n, d) * 2.0;
                    let p = disjoint(cx, n, 3);
                    let (i, j, k) = (&p[0], &p[1], &p[2]);
                    let ij: Vec<usize> = i.iter().chain(j).copied().collect();
                    let got = lance_williams(
                        method,
                        brute(&x, k, i, method),
                        brute(&x, k, j, method),
                        brute(&x, i, j, method),
                        i.len(),
                        j.len(),
                        k.len(),
                    );
                    expect_close(
                        &format!("{method:?}: d(K, I ∪ J) by Lance–Williams with |I| = {}, |J| = {}, |K| = {} (against the points)", i.len(), j.len(), k.len()),
                        brute(&x, k, &ij, method),
                        got,
                        ROUTE,
                    )?;
                }
                Ok(())
            }),
            Check::new("linkage/single", DAY, linkage_random(Linkage::Single)),
            Check::new("linkage/complete", DAY, linkage_random(Linkage::Complete)),
            Check::new("linkage/average", DAY, linkage_random(Linkage::Average)),
            Check::new("linkage/ward", DAY, linkage_random(Linkage::Ward)),
            Check::new("linkage/ties", DAY, |cx| {
                let x = tie_points(cx);
                for method in [Linkage::Single, Linkage::Complete] {
                    let got = expect_ok("linkage", linkage(x.view(), method))?;
                    // Distances are square roots of small integers, and min/max return one
                    // of them unchanged: ties are exact, so the tie rule decides alone.
                    compare_z(
                        &format!("{method:?} linkage of {} integer points with ties (smaller id first, then larger id)", x.nrows()),
                        &brute_linkage(&x, method),
                        &got,
                    )?;
                }
                for method in [Linkage::Average, Linkage::Ward] {
                    // Averages and Ward may round equal distances differently: check that
                    // every merge is a closest pair instead of the exact order.
                    let got = expect_ok("linkage", linkage(x.view(), method))?;
                    replay_minimal(
                        &format!(
                            "{method:?} linkage of {} integer points with ties",
                            x.nrows()
                        ),
                        &x,
                        method,
                        &got,
                    )?;
                }
                Ok(())
            }),
            Check::new("linkage/tiny", DAY, |cx| {
                for method in Linkage::ALL {
                    let one = cx.matrix(1, 3);
                    let z = expect_ok("linkage of one point", linkage(one.view(), method))?;
                    expect_eq(&format!("{method:?}: n_points of one point"), 1, z.n_points)?;
                    expect_eq(
                        &format!("{method:?}: merges of one point"),
                        0,
                        z.merges.len(),
                    )?;
                    let two = cx.matrix(2, 3);
                    let z = expect_ok("linkage of two points", linkage(two.view(), method))?;
                    expect_eq(
                        &format!("{method:?}: merges of two points"),
                        1,
                        z.merges.len(),
                    )?;
                    let m = z.merges[0];
                    expect_eq(
                        &format!("{method:?}: the merge of two points (a, b, size)"),
                        (0, 1, 2),
                        (m.a, m.b, m.size),
                    )?;
                    expect_close(
                        &format!("{method:?}: height of the merge of two points (their distance; Ward too)"),
                        dist(&two, 0, 1),
                        m.height,
                        DIST,
                    )?;
                    expect_err(
                        "linkage of no points",
                        linkage(Array2::<f64>::zeros((0, 2)).view(), method),
                    )?;
                }
                let mut x = cx.matrix(5, 2);
                x[[2, 1]] = f64::INFINITY;
                expect_err(
                    "linkage with an infinite value",
                    linkage(x.view(), Linkage::Ward),
                )?;
                Ok(())
            }),
            Check::new("linkage/blobs", DAY, |cx| {
                let (k, d, n_per) = (cx.usize_in(2..=4), cx.usize_in(1..=3), cx.usize_in(8..=15));
                let (x, y) = blobs(cx, k, d, n_per);
                for method in Linkage::ALL {
                    let z = expect_ok("linkage", linkage(x.view(), method))?;
                    expect_eq("number of merges", x.nrows() - 1, z.merges.len())?;
                    replay_minimal(&format!("{method:?} linkage of blobs"), &x, method, &z)?;
                    same_partition(
                        &format!(
                            "{method:?} linkage cut at k = {k} on blobs {SEPARATION} sd apart"
                        ),
                        &y,
                        &cut_after(&z, x.nrows() - k),
                    )?;
                }
                Ok(())
            }),
            Check::new("linkage/chaining", DAY, |cx| {
                let (x, part) = bridged_grids(cx);
                let n = x.nrows();
                let single = expect_ok("single linkage", linkage(x.view(), Linkage::Single))?;
                replay_minimal(
                    "single linkage of two grids joined by a bridge",
                    &x,
                    Linkage::Single,
                    &single,
                )?;
                let labels = cut_after(&single, n - 2);
                let left: Vec<usize> = (0..n)
                    .filter(|&i| part[i] == 0)
                    .map(|i| labels[i])
                    .collect();
                let right: Vec<usize> = (0..n)
                    .filter(|&i| part[i] == 1)
                    .map(|i| labels[i])
                    .collect();
                ensure(left.iter().any(|l| right.contains(l)), || {
                    "single linkage cut at k = 2 separates the two grids, but the bridge steps are shorter than every grid step: single linkage must chain across the bridge (check the min)".to_string()
                })?;
                for method in [Linkage::Complete, Linkage::Ward] {
                    let z = expect_ok("linkage", linkage(x.view(), method))?;
                    let labels = cut_after(&z, n - 2);
                    let grids: Vec<usize> = (0..n).filter(|&i| part[i] != 2).collect();
                    same_partition(
                        &format!("{method:?} linkage cut at k = 2: the two grids (bridge points ignored)"),
                        &grids.iter().map(|&i| part[i]).collect::<Vec<_>>(),
                        &grids.iter().map(|&i| labels[i]).collect::<Vec<_>>(),
                    )?;
                }
                Ok(())
            }),
            Check::new("linkage/vs_linfa", DAY, |cx| {
                let (n, d) = (cx.usize_in(10..=40), cx.usize_in(1..=3));
                let x = cx.matrix(n, d);
                for method in Linkage::ALL {
                    let k = cx.usize_in(1..=6);
                    let z = expect_ok("linkage", linkage(x.view(), method))?;
                    expect_eq("number of merges", n - 1, z.merges.len())?;
                    let theirs = linfa_labels(&x, method, Stop::Clusters(k))
                        .or_fail("linfa-hierarchical")?;
                    same_partition(
                        &format!("{method:?} linkage of {n} random points cut at k = {k}, against linfa-hierarchical"),
                        &theirs,
                        &cut_after(&z, n - k),
                    )?;
                }
                Ok(())
            }),
            Check::new("cut_k/random", DAY, |cx| {
                let n = cx.usize_in(5..=30);
                let x = cx.matrix(n, 2);
                for method in Linkage::ALL {
                    let z = brute_linkage(&x, method);
                    let k = cx.usize_in(1..=n);
                    let got = expect_ok("cut_k", cut_k(&z, k))?;
                    expect_eq(
                        &format!("labels of a {method:?} dendrogram of {n} points cut at k = {k} (numbered by first appearance)"),
                        cut_after(&z, n - k),
                        got,
                    )?;
                }
                Ok(())
            }),
            Check::new("cut_k/edges", DAY, |cx| {
                let n = cx.usize_in(3..=12);
                let x = cx.matrix(n, 2);
                let z = brute_linkage(&x, Linkage::Average);
                expect_eq(
                    "cut_k at k = n",
                    (0..n).collect::<Vec<_>>(),
                    expect_ok("cut_k", cut_k(&z, n))?,
                )?;
                expect_eq(
                    "cut_k at k = 1",
                    vec![0; n],
                    expect_ok("cut_k", cut_k(&z, 1))?,
                )?;
                expect_err("cut_k with k = 0", cut_k(&z, 0))?;
                expect_err("cut_k with k = n + 1", cut_k(&z, n + 1))?;
                let one = Dendrogram {
                    n_points: 1,
                    merges: vec![],
                };
                expect_eq(
                    "cut_k of one point at k = 1",
                    vec![0],
                    expect_ok("cut_k", cut_k(&one, 1))?,
                )?;
                let mut bad = z.clone();
                bad.merges[0].b = n + 3; // a cluster that does not exist yet
                expect_err(
                    "cut_k of a dendrogram whose first merge names cluster n + 3",
                    cut_k(&bad, 2),
                )?;
                let mut short = z.clone();
                short.merges.pop();
                expect_err("cut_k of a dendrogram with n − 2 merges", cut_k(&short, 2))?;
                Ok(())
            }),
            Check::new("cut_height/random", DAY, |cx| {
                let n = cx.usize_in(5..=30);
                let x = cx.matrix(n, 2);
                for method in Linkage::ALL {
                    let z = brute_linkage(&x, method);
                    let c = coph(&z);
                    // A random threshold, and exactly a merge height (≤ t means merged).
                    let s = cx.usize_in(0..=n - 2);
                    for t in [
                        cx.f64_in(0.0, z.merges[n - 2].height * 1.1),
                        z.merges[s].height,
                    ] {
                        // Together exactly when their cophenetic distance is ≤ t.
                        let group: Vec<usize> = (0..n)
                            .map(|i| (0..n).find(|&j| c[[i, j]] <= t).unwrap())
                            .collect();
                        let got = expect_ok("cut_height", cut_height(&z, t))?;
                        expect_eq(
                            &format!("labels of a {method:?} dendrogram of {n} points cut at height {t} (merges with height ≤ t applied)"),
                            canonical(&group),
                            got,
                        )?;
                    }
                }
                let z = brute_linkage(&x, Linkage::Single);
                expect_err("cut_height with t = -1", cut_height(&z, -1.0))?;
                expect_err("cut_height with t = NaN", cut_height(&z, f64::NAN))?;
                Ok(())
            }),
            Check::new("cut_height/vs_linfa", DAY, |cx| {
                let n = cx.usize_in(10..=40);
                let x = cx.matrix(n, 2);
                for method in Linkage::ALL {
                    let z = brute_linkage(&x, method);
                    // Halfway between two merge heights: linfa keeps heights < t, scipy ≤ t,
                    // which agree away from the heights themselves.
                    let s = cx.usize_in(0..=n - 3);
                    let t = (z.merges[s].height + z.merges[s + 1].height) / 2.0;
                    let theirs =
                        linfa_labels(&x, method, Stop::Below(t)).or_fail("linfa-hierarchical")?;
                    let got = expect_ok("cut_height", cut_height(&z, t))?;
                    same_partition(
                        &format!("{method:?} dendrogram of {n} points cut at height {t}, against linfa-hierarchical's max_distance"),
                        &theirs,
                        &got,
                    )?;
                }
                Ok(())
            }),
            Check::new("cophenetic/single_is_minimax", DAY, |cx| {
                let n = cx.usize_in(3..=30);
                let d = cx.usize_in(1..=3);
                let x = cx.matrix(n, d);
                let z = brute_linkage(&x, Linkage::Single);
                let got = expect_ok("cophenetic", cophenetic(&z))?;
                // Single linkage joins i and j at the smallest possible "longest hop" over
                // all paths between them: a bottleneck Floyd–Warshall over all distances.
                let mut mm = Array2::from_shape_fn((n, n), |(i, j)| dist(&x, i, j));
                for k in 0..n {
                    for i in 0..n {
                        for j in 0..n {
                            let via = mm[[i, k]].max(mm[[k, j]]);
                            if via < mm[[i, j]] {
                                mm[[i, j]] = via;
                            }
                        }
                    }
                }
                expect_array_close(
                    "single-linkage cophenetic matrix against minimax path distances",
                    &mm,
                    &got,
                    DIST,
                )
            }),
            Check::new("cophenetic/other_linkages", DAY, |cx| {
                let n = cx.usize_in(3..=25);
                let x = cx.matrix(n, 2);
                for method in [Linkage::Complete, Linkage::Average, Linkage::Ward] {
                    let z = brute_linkage(&x, method);
                    let got = expect_ok("cophenetic", cophenetic(&z))?;
                    expect_array_close(
                        &format!("{method:?} cophenetic matrix (height of the first merge holding both points)"),
                        &coph(&z),
                        &got,
                        Tol::EXACT,
                    )?;
                }
                let bad = Dendrogram {
                    n_points: 3,
                    merges: vec![
                        Merge {
                            a: 0,
                            b: 0,
                            height: 1.0,
                            size: 2,
                        },
                        Merge {
                            a: 1,
                            b: 3,
                            height: 2.0,
                            size: 3,
                        },
                    ],
                };
                expect_err(
                    "cophenetic of a dendrogram that merges cluster 0 with itself",
                    cophenetic(&bad),
                )?;
                Ok(())
            }),
            Check::new("cophenetic_correlation/random", DAY, |cx| {
                let n = cx.usize_in(4..=30);
                let d = cx.usize_in(1..=3);
                let x = cx.matrix(n, d);
                for method in Linkage::ALL {
                    let z = brute_linkage(&x, method);
                    let c = coph(&z);
                    let (mut u, mut v) = (Vec::new(), Vec::new());
                    for i in 0..n {
                        for j in i + 1..n {
                            u.push(dist(&x, i, j));
                            v.push(c[[i, j]]);
                        }
                    }
                    let m = u.len() as f64;
                    let (mu, mv) = (u.iter().sum::<f64>() / m, v.iter().sum::<f64>() / m);
                    let cov: f64 = u.iter().zip(&v).map(|(a, b)| (a - mu) * (b - mv)).sum();
                    let su: f64 = u.iter().map(|a| (a - mu).powi(2)).sum::<f64>().sqrt();
                    let sv: f64 = v.iter().map(|b| (b - mv).powi(2)).sum::<f64>().sqrt();
                    let got = expect_ok(
                        "cophenetic_correlation",
                        cophenetic_correlation(x.view(), &z),
                    )?;
                    expect_close(
                        &format!("{method:?}: Pearson correlation of distances and cophenetic distances ({n} points)"),
                        cov / (su * sv),
                        got,
                        STAT,
                    )?;
                }
                let z = brute_linkage(&x, Linkage::Single);
                expect_err(
                    "cophenetic_correlation with one point fewer than the dendrogram",
                    cophenetic_correlation(x.slice(ndarray::s![1.., ..]), &z),
                )?;
                Ok(())
            }),
            Check::new("leaf_order/random", DAY, |cx| {
                let n = cx.usize_in(1..=30);
                let x = cx.matrix(n, 2);
                let method = Linkage::ALL[cx.usize_in(0..=3)];
                let z = brute_linkage(&x, method);
                // Depth-first with an explicit stack: push b then a, so a comes out first.
                let mut expected = Vec::new();
                let mut stack = vec![2 * n - 2];
                while let Some(c) = stack.pop() {
                    if c < n {
                        expected.push(c);
                    } else {
                        let m = z.merges[c - n];
                        stack.push(m.b);
                        stack.push(m.a);
                    }
                }
                let got = expect_ok("leaf_order", leaf_order(&z))?;
                expect_eq(
                    &format!("leaf order of a {method:?} dendrogram of {n} points (a's leaves, then b's, from the root down)"),
                    expected,
                    got,
                )
            }),
            Check::new("plot_dendrogram/png", DAY, |cx| {
                let (x, _) = blobs(cx, 3, 2, 13);
                let z = brute_linkage(&x, Linkage::Ward);
                let path = cx.plot_path("dendrogram.png");
                expect_ok(
                    "plot_dendrogram",
                    plot_dendrogram(&z, "Ward dendrogram of three blobs", fresh(&path)),
                )?;
                let png = expect_png("plot_dendrogram's PNG", &path, PLOT_SIZE, MIN_INK)?;
                let colour = png.colour();
                ensure(colour >= MIN_COLOUR, || {
                    format!("plot_dendrogram's PNG: only {:.3} % of the pixels are coloured (need {:.1} %): draw the branches in a colour", 100.0 * colour, 100.0 * MIN_COLOUR)
                })?;
                let one = Dendrogram {
                    n_points: 1,
                    merges: vec![],
                };
                expect_err(
                    "plot_dendrogram of a single point",
                    plot_dendrogram(&one, "one point", &cx.plot_path("dendrogram_one.png")),
                )?;
                Ok(())
            }),
            Check::new("adjusted_rand_index/random", DAY, |cx| {
                let n = cx.usize_in(2..=60);
                let (ka, kb) = (cx.usize_in(1..=5), cx.usize_in(1..=5));
                let a: Vec<usize> = (0..n).map(|_| cx.usize_in(0..=ka - 1)).collect();
                let b: Vec<usize> = (0..n).map(|_| cx.usize_in(0..=kb - 1)).collect();
                let got = expect_ok("adjusted_rand_index", adjusted_rand_index(&a, &b))?;
                expect_close(
                    &format!("ARI of two random labelings of {n} points (pair counting)"),
                    ari_pairs(&a, &b),
                    got,
                    STAT,
                )?;
                // Renaming the labels changes nothing.
                let renamed: Vec<usize> = a.iter().map(|l| 7 * l + 3).collect();
                let same = expect_ok("adjusted_rand_index", adjusted_rand_index(&a, &renamed))?;
                expect_close("ARI of a labeling and a renamed copy", 1.0, same, STAT)?;
                let near = vec![0usize; n];
                let triv = expect_ok("adjusted_rand_index", adjusted_rand_index(&near, &near))?;
                expect_close(
                    "ARI of two labelings that put everything together",
                    1.0,
                    triv,
                    STAT,
                )?;
                expect_err(
                    "adjusted_rand_index of labelings of different lengths",
                    adjusted_rand_index(&a, &b[1..]),
                )?;
                Ok(())
            }),
        ],
        compare,
    );
}
