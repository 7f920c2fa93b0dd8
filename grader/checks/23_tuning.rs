//! Hidden checks for chapter 23 (tuning). Expected values come from loops written here:
//! fold properties counted by hand, means and standard deviations summed over recorded
//! scores, the grid rebuilt by nested loops, a brute-force k-NN with its own
//! standardisation, the moments of `ln x` for the log-uniform law, and a replay of
//! nested cross-validation from the calls it made — never from the reference solution.

use std::cell::RefCell;
use std::collections::BTreeSet;

use harness::prelude::*;
use ndarray::Array2;
use rand::Rng;
use tuning::*;

const DAYS: &[&str] = &["W12-13 D5-6"];
/// Means and standard deviations of at most a few dozen numbers in [0, 1]: summation
/// order may differ, nothing else.
const SUM: Tol = Tol::new(1e-12, 1e-12);

// ---------------------------------------------------------------- independent routes

/// Telco churn parsed here from the raw rows: the ten CHURN_FEATURES, an empty
/// total_charges (tenure-0 customers) read as 0.
fn churn_by_hand() -> (Array2<f64>, Vec<usize>) {
    let t = datasets::table("telco_churn").expect("telco_churn loads");
    let num = [
        "tenure",
        "monthly_charges",
        "total_charges",
        "senior_citizen",
        "partner",
        "dependents",
        "paperless_billing",
    ];
    let idx: Vec<usize> = num.iter().map(|c| t.index(c).unwrap()).collect();
    let col = |c: &str| t.index(c).unwrap();
    let (ci, ii, pi, yi) = (
        col("contract"),
        col("internet_service"),
        col("payment_method"),
        col("churn"),
    );
    let mut v = Vec::new();
    let mut y = Vec::new();
    for r in &t.rows {
        for &j in &idx {
            let f = r[j].trim();
            v.push(if f.is_empty() {
                0.0
            } else {
                f.parse().unwrap()
            });
        }
        v.push(if r[ci] == "Month-to-month" { 1.0 } else { 0.0 });
        v.push(if r[ii] == "Fiber optic" { 1.0 } else { 0.0 });
        v.push(if r[pi] == "Electronic check" {
            1.0
        } else {
            0.0
        });
        y.push(if r[yi] == "Yes" { 1 } else { 0 });
    }
    (Array2::from_shape_vec((y.len(), 10), v).unwrap(), y)
}

/// A random subsample of churn rows (each kept with probability `share`).
fn churn_sample(cx: &mut Ctx, share: f64) -> Data {
    let (x, y) = churn_by_hand();
    let rows: Vec<usize> = (0..y.len()).filter(|_| cx.rng.gen_bool(share)).collect();
    Data {
        x: Array2::from_shape_fn((rows.len(), 10), |(i, j)| x[[rows[i], j]]),
        y: rows.iter().map(|&r| y[r]).collect(),
    }
}

fn mean_std(xs: &[f64]) -> (f64, f64) {
    let mut s = 0.0;
    for x in xs {
        s += x;
    }
    let m = s / xs.len() as f64;
    let mut v = 0.0;
    for x in xs {
        v += (x - m) * (x - m);
    }
    (m, (v / xs.len() as f64).sqrt())
}

/// k-NN by brute force: sort all (distance, index) pairs, count the labels of the first
/// k, the smallest label among the most voted.
fn brute_knn(xt: &Array2<f64>, yt: &[usize], xs: &Array2<f64>, k: usize, p: u8) -> Vec<usize> {
    let mut out = Vec::new();
    for q in 0..xs.nrows() {
        let mut d: Vec<(f64, usize)> = Vec::new();
        for i in 0..xt.nrows() {
            let mut s = 0.0;
            for j in 0..xt.ncols() {
                let diff = xt[[i, j]] - xs[[q, j]];
                s += if p == 1 { diff.abs() } else { diff * diff };
            }
            d.push((if p == 1 { s } else { s.sqrt() }, i));
        }
        d.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap().then(a.1.cmp(&b.1)));
        let mut votes = vec![0; yt.iter().max().unwrap() + 1];
        for &(_, i) in &d[..k] {
            votes[yt[i]] += 1;
        }
        let mut best = 0;
        for c in 0..votes.len() {
            if votes[c] > votes[best] {
                best = c;
            }
        }
        out.push(best);
    }
    out
}

/// The validation accuracy of a k-NN standardised on the training rows, written here.
fn knn_score_by_hand(data: &Data, k: usize, p: u8, split: &Split) -> f64 {
    let d = data.x.ncols();
    let n = split.train.len() as f64;
    let mut mu = vec![0.0; d];
    let mut sd = vec![0.0; d];
    for j in 0..d {
        for &r in &split.train {
            mu[j] += data.x[[r, j]];
        }
        mu[j] /= n;
        for &r in &split.train {
            sd[j] += (data.x[[r, j]] - mu[j]).powi(2);
        }
        sd[j] = (sd[j] / n).sqrt();
        if sd[j] == 0.0 {
            sd[j] = 1.0;
        }
    }
    let scale = |rows: &[usize]| {
        Array2::from_shape_fn((rows.len(), d), |(i, j)| {
            (data.x[[rows[i], j]] - mu[j]) / sd[j]
        })
    };
    let yt: Vec<usize> = split.train.iter().map(|&r| data.y[r]).collect();
    let pred = brute_knn(&scale(&split.train), &yt, &scale(&split.test), k, p);
    let mut right = 0;
    for (i, &r) in split.test.iter().enumerate() {
        if pred[i] == data.y[r] {
            right += 1;
        }
    }
    right as f64 / split.test.len() as f64
}

/// The CV score of a standardised k-NN over `folds`, all computed here.
fn churn_cv(data: &Data, k: usize, p: u8, folds: &[Split]) -> CvScore {
    let scores: Vec<f64> = folds
        .iter()
        .map(|f| knn_score_by_hand(data, k, p, f))
        .collect();
    let (mean, std) = mean_std(&scores);
    CvScore { scores, mean, std }
}

/// Folds built here (row r tests in fold r % k), so a check need not trust your folds.
fn modulo_folds(n: usize, k: usize) -> Vec<Split> {
    (0..k)
        .map(|f| Split {
            train: (0..n).filter(|r| r % k != f).collect(),
            test: (0..n).filter(|r| r % k == f).collect(),
        })
        .collect()
}

/// A deterministic pseudo-random score in [0, 1) for (salt, a configuration, a fold):
/// a "model" whose CV scores the check can recompute.
fn hash_score(salt: u64, p: &Params, s: &Split) -> f64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ salt;
    let mut mix = |v: u64| {
        h ^= v;
        h = h.wrapping_mul(0x0100_0000_01b3);
        h ^= h >> 29;
    };
    for (_, v) in &p.0 {
        mix(v.to_bits());
    }
    for &r in &s.test {
        mix(r as u64);
    }
    mix(s.train.len() as u64);
    (h >> 11) as f64 / (1u64 << 53) as f64
}

fn check_stratified(what: &str, y: &[usize], k: usize, folds: &[Split]) -> CheckResult {
    let n = y.len();
    expect_eq(&format!("{what}: number of folds"), k, folds.len())?;
    let mut seen = BTreeSet::new();
    let n_classes = y.iter().max().unwrap() + 1;
    for (i, f) in folds.iter().enumerate() {
        let mut sorted = f.test.clone();
        sorted.sort_unstable();
        expect_eq(
            &format!("{what}: fold {i} test rows, sorted ascending"),
            sorted,
            f.test.clone(),
        )?;
        let train: Vec<usize> = (0..n).filter(|r| !f.test.contains(r)).collect();
        expect_eq(
            &format!("{what}: fold {i} training rows (every row not in its test part, ascending)"),
            train,
            f.train.clone(),
        )?;
        let size = f.test.len();
        ensure(size == n / k || size == n.div_ceil(k), || {
            format!(
                "{what}: fold {i} tests {size} rows; with n = {n}, k = {k} expected {} or {}",
                n / k,
                n.div_ceil(k)
            )
        })?;
        for &t in &f.test {
            ensure(seen.insert(t), || {
                format!("{what}: row {t} is tested in two folds")
            })?;
        }
        for c in 0..n_classes {
            let n_c = y.iter().filter(|&&l| l == c).count();
            let got = f.test.iter().filter(|&&r| y[r] == c).count();
            ensure(got == n_c / k || got == n_c.div_ceil(k), || {
                format!("{what}: fold {i} tests {got} rows of class {c}; the class has {n_c} rows, so ⌊{n_c}/{k}⌋ or ⌈{n_c}/{k}⌉ expected")
            })?;
        }
    }
    expect_eq(
        &format!("{what}: rows tested once over all folds"),
        n,
        seen.len(),
    )
}

// ---------------------------------------------------------------- the checks

fn main() {
    harness::run(
        "23",
        vec![
            Check::new("stratified_kfold/properties", DAYS, |cx| {
                let n = cx.usize_in(30..=300);
                let classes = cx.usize_in(2..=4);
                let k = cx.usize_in(2..=8);
                let y: Vec<usize> = (0..n).map(|_| cx.usize_in(0..=classes - 1)).collect();
                let seed = cx.rng.gen::<u64>();
                let folds = expect_ok("stratified_kfold", stratified_kfold(&y, k, seed))?;
                check_stratified(&format!("{k} folds of {n} labels"), &y, k, &folds)?;
                expect_eq(
                    "the same seed gives the same folds",
                    folds.clone(),
                    expect_ok("stratified_kfold", stratified_kfold(&y, k, seed))?,
                )?;
                // 30+ rows dealt into folds: two seeds (almost surely) deal differently.
                let other = expect_ok("stratified_kfold", stratified_kfold(&y, k, seed ^ 1))?;
                ensure(other != folds, || {
                    "two seeds gave the same folds: shuffle each class with the seeded generator"
                        .into()
                })
            }),
            Check::new("stratified_kfold/churn", DAYS, |cx| {
                let (_, y) = churn_by_hand();
                let k = cx.usize_in(3..=10);
                let folds = expect_ok(
                    "stratified_kfold on the 7043 churn labels",
                    stratified_kfold(&y, k, cx.rng.gen()),
                )?;
                check_stratified(&format!("{k} folds of churn"), &y, k, &folds)
            }),
            Check::new("stratified_kfold/bad_input", DAYS, |_| {
                expect_err("stratified_kfold(&[], 2, 0)", stratified_kfold(&[], 2, 0))?;
                expect_err(
                    "stratified_kfold(y, 1, 0)",
                    stratified_kfold(&[0, 1, 0], 1, 0),
                )?;
                expect_err(
                    "stratified_kfold(3 labels, k = 4)",
                    stratified_kfold(&[0, 1, 0], 4, 0),
                )?;
                let folds = expect_ok(
                    "stratified_kfold(2 labels, k = 2)",
                    stratified_kfold(&[1, 0], 2, 0),
                )?;
                check_stratified("2 labels, 2 folds", &[1, 0], 2, &folds)
            }),
            Check::new("cross_val_score/recorded", DAYS, |cx| {
                let n = cx.usize_in(20..=100);
                let k = cx.usize_in(2..=10);
                let folds = modulo_folds(n, k);
                let salt = cx.rng.gen::<u64>();
                let p = Params(vec![]);
                let mut seen = Vec::new();
                let cv = expect_ok(
                    "cross_val_score",
                    cross_val_score(&folds, |f| {
                        seen.push(f.clone());
                        Ok(hash_score(salt, &p, f))
                    }),
                )?;
                expect_eq(
                    "the folds handed to fit_score, in order",
                    folds.clone(),
                    seen,
                )?;
                let expected: Vec<f64> = folds.iter().map(|f| hash_score(salt, &p, f)).collect();
                expect_slice_close("scores, fold by fold", &expected, &cv.scores, Tol::EXACT)?;
                let (m, s) = mean_std(&expected);
                expect_close("mean of the fold scores", m, cv.mean, SUM)?;
                expect_close(
                    "population std (divide by k) of the fold scores",
                    s,
                    cv.std,
                    SUM,
                )
            }),
            Check::new("cross_val_score/errors", DAYS, |_| {
                expect_err(
                    "cross_val_score with no folds",
                    cross_val_score(&[], |_| Ok(1.0)),
                )?;
                let folds = modulo_folds(6, 3);
                let mut calls = 0;
                expect_err(
                    "cross_val_score when fit_score fails on fold 1",
                    cross_val_score(&folds, |f| {
                        calls += 1;
                        if f.test.contains(&1) {
                            Err(TuneError::BadParam("fails".into()))
                        } else {
                            Ok(0.5)
                        }
                    }),
                )?;
                ensure(calls <= 2, || {
                    format!("fit_score was called {calls} times after failing on the 2nd fold: stop at the first error")
                })
            }),
            Check::new("param_grid/product", DAYS, |cx| {
                let n_axes = cx.usize_in(1..=4);
                let names = ["k", "p", "depth", "c"];
                let values: Vec<Vec<f64>> = (0..n_axes)
                    .map(|a| {
                        (0..cx.usize_in(1..=4))
                            .map(|i| (10 * a + i) as f64 + 0.5)
                            .collect()
                    })
                    .collect();
                let axes: Vec<(&str, &[f64])> = (0..n_axes)
                    .map(|a| (names[a], values[a].as_slice()))
                    .collect();
                let grid = expect_ok("param_grid", param_grid(&axes))?;
                // Configuration number i written in mixed radix, last axis the lowest digit.
                let size: usize = values.iter().map(Vec::len).product();
                let mut expected = Vec::new();
                for i in 0..size {
                    let mut digit = vec![0usize; n_axes];
                    let mut rest = i;
                    for a in (0..n_axes).rev() {
                        digit[a] = rest % values[a].len();
                        rest /= values[a].len();
                    }
                    expected.push(Params(
                        (0..n_axes)
                            .map(|a| (names[a].to_string(), values[a][digit[a]]))
                            .collect(),
                    ));
                }
                expect_eq("grid size (product of the axis lengths)", size, grid.len())?;
                expect_eq(
                    "the grid, first axis outermost, last axis fastest",
                    expected,
                    grid,
                )
            }),
            Check::new("param_grid/edge_cases", DAYS, |_| {
                let none = expect_ok("param_grid(&[])", param_grid(&[]))?;
                expect_eq(
                    "param_grid(&[]): one empty configuration",
                    vec![Params(vec![])],
                    none,
                )?;
                expect_err(
                    "param_grid with an empty axis",
                    param_grid(&[("k", &[1.0]), ("p", &[])]),
                )?;
                expect_err(
                    "param_grid with a name used twice",
                    param_grid(&[("k", &[1.0]), ("k", &[2.0])]),
                )?;
                Ok(())
            }),
            Check::new("grid_search/argmax", DAYS, |cx| {
                let m = cx.usize_in(2..=30);
                let candidates: Vec<Params> = (0..m)
                    .map(|i| {
                        Params(vec![
                            ("a".into(), i as f64),
                            ("b".into(), cx.f64_in(0.0, 1.0)),
                        ])
                    })
                    .collect();
                let n = cx.usize_in(20..=60);
                let k = cx.usize_in(2..=6);
                let folds = modulo_folds(n, k);
                let salt = cx.rng.gen::<u64>();
                let r = expect_ok(
                    "grid_search",
                    grid_search(&candidates, &folds, |p, f| Ok(hash_score(salt, p, f))),
                )?;
                expect_eq("number of candidates reported", m, r.candidates.len())?;
                let mut best = 0;
                let mut best_mean = f64::NEG_INFINITY;
                for (i, c) in candidates.iter().enumerate() {
                    let scores: Vec<f64> = folds.iter().map(|f| hash_score(salt, c, f)).collect();
                    let (mean, std) = mean_std(&scores);
                    let got = &r.candidates[i];
                    expect_eq(
                        &format!("candidate {i}'s params (search order kept)"),
                        c,
                        &got.params,
                    )?;
                    expect_close(
                        &format!("candidate {i}: mean over {k} folds"),
                        mean,
                        got.cv.mean,
                        SUM,
                    )?;
                    expect_close(
                        &format!("candidate {i}: std over {k} folds"),
                        std,
                        got.cv.std,
                        SUM,
                    )?;
                    if mean > best_mean {
                        best_mean = mean;
                        best = i;
                    }
                }
                expect_eq("best: the index of the largest mean", best, r.best)
            }),
            Check::new("grid_search/ties_and_errors", DAYS, |_| {
                let grid = expect_ok("param_grid", param_grid(&[("a", &[1.0, 2.0, 3.0, 4.0])]))?;
                let folds = modulo_folds(8, 2);
                // a = 2 and a = 4 tie at the top: the first one wins (as GridSearchCV's rank 1).
                let r = expect_ok(
                    "grid_search with tied means",
                    grid_search(&grid, &folds, |p, _| {
                        Ok(if p.get("a").unwrap() % 2.0 == 0.0 {
                            0.9
                        } else {
                            0.1
                        })
                    }),
                )?;
                expect_eq("best of tied candidates: the first", 1, r.best)?;
                let r = expect_ok(
                    "grid_search where the first candidate scores NaN",
                    grid_search(&grid, &folds, |p, _| {
                        Ok(if p.get("a").unwrap() == 1.0 {
                            f64::NAN
                        } else {
                            0.5
                        })
                    }),
                )?;
                expect_eq(
                    "best when candidate 0 has a NaN mean (NaN never wins)",
                    1,
                    r.best,
                )?;
                expect_err(
                    "grid_search with no candidates",
                    grid_search(&[], &folds, |_, _| Ok(0.0)),
                )?;
                expect_err(
                    "grid_search when fit_score fails",
                    grid_search(&grid, &folds, |_, _| {
                        Err(TuneError::BadParam("boom".into()))
                    }),
                )?;
                Ok(())
            }),
            Check::new("sample/log_uniform_moments", DAYS, |cx| {
                use rand::SeedableRng;
                let lo = 10f64.powf(cx.f64_in(-6.0, 0.0));
                let hi = lo * 10f64.powf(cx.f64_in(1.0, 6.0));
                let d = Dist::LogUniform { lo, hi };
                let mut rng = rand::rngs::StdRng::seed_from_u64(cx.rng.gen());
                let n = 4000;
                let logs: Vec<f64> = (0..n)
                    .map(|_| d.sample(&mut rng))
                    .map(|v: f64| v.ln())
                    .collect();
                for (i, &l) in logs.iter().enumerate() {
                    ensure(l >= lo.ln() - 1e-12 && l <= hi.ln() + 1e-12, || {
                        format!("draw {i} = {} is outside [{lo:e}, {hi:e}]", l.exp())
                    })?;
                }
                // ln x ~ U(a, b): mean (a + b)/2, variance (b − a)²/12. Sample mean and
                // variance within 5 standard errors (a false alarm about once in 1.7 million).
                let (a, b) = (lo.ln(), hi.ln());
                let (m, s) = mean_std(&logs);
                let var_u = (b - a).powi(2) / 12.0;
                let se_mean = (var_u / n as f64).sqrt();
                ensure((m - (a + b) / 2.0).abs() < 5.0 * se_mean, || {
                    format!("mean of ln(draws) = {m:.4}, expected {:.4} ± {:.4} (5 SE): log-uniform means ln x is uniform on [ln lo, ln hi]", (a + b) / 2.0, 5.0 * se_mean)
                })?;
                // Var of (u − μ)² for a uniform: (b−a)⁴/80 − ((b−a)²/12)² = (b−a)⁴/180.
                let se_var = ((b - a).powi(4) / 180.0 / n as f64).sqrt();
                ensure((s * s - var_u).abs() < 5.0 * se_var, || {
                    format!(
                        "variance of ln(draws) = {:.4}, expected {var_u:.4} ± {:.4} (5 SE)",
                        s * s,
                        5.0 * se_var
                    )
                })
            }),
            Check::new("sample/uniform_and_choice", DAYS, |cx| {
                use rand::SeedableRng;
                let lo = cx.f64_in(-5.0, 5.0);
                let hi = lo + cx.f64_in(0.5, 10.0);
                let mut rng = rand::rngs::StdRng::seed_from_u64(cx.rng.gen());
                let n = 4000;
                let draws: Vec<f64> = (0..n)
                    .map(|_| Dist::Uniform { lo, hi }.sample(&mut rng))
                    .collect();
                ensure(draws.iter().all(|&v| v >= lo && v < hi), || {
                    format!("a uniform draw is outside [{lo}, {hi})")
                })?;
                let (m, _) = mean_std(&draws);
                let se = (hi - lo) / (12.0 * n as f64).sqrt();
                ensure((m - (lo + hi) / 2.0).abs() < 5.0 * se, || {
                    format!("mean of {n} Uniform[{lo:.3}, {hi:.3}) draws = {m:.4}, expected {:.4} ± {:.4} (5 SE)", (lo + hi) / 2.0, 5.0 * se)
                })?;
                let values = vec![3.0, 7.0, 11.0, 19.0];
                let d = Dist::Choice(values.clone());
                let mut counts = [0usize; 4];
                for _ in 0..n {
                    let v = d.sample(&mut rng);
                    let Some(i) = values.iter().position(|&w| w == v) else {
                        fail!("Choice drew {v}, not one of {values:?}");
                    };
                    counts[i] += 1;
                }
                // Each count is Binomial(n, 1/4): within 5 standard deviations.
                let sd = (n as f64 * 0.25 * 0.75).sqrt();
                for (i, &c) in counts.iter().enumerate() {
                    ensure((c as f64 - n as f64 / 4.0).abs() < 5.0 * sd, || {
                        format!(
                            "Choice drew {} {c} times in {n}; expected {} ± {:.0} (5 SD)",
                            values[i],
                            n / 4,
                            5.0 * sd
                        )
                    })?;
                }
                Ok(())
            }),
            Check::new("random_configs/seeded", DAYS, |cx| {
                let n = cx.usize_in(5..=60);
                let seed = cx.rng.gen::<u64>();
                let space = [
                    ("k", Dist::Choice((1..=50).map(f64::from).collect())),
                    ("lr", Dist::LogUniform { lo: 1e-5, hi: 1e-1 }),
                    ("frac", Dist::Uniform { lo: 0.1, hi: 0.9 }),
                ];
                let c = expect_ok("random_configs", random_configs(&space, n, seed))?;
                expect_eq("number of configurations", n, c.len())?;
                for (i, p) in c.iter().enumerate() {
                    let names: Vec<&str> = p.0.iter().map(|(s, _)| s.as_str()).collect();
                    expect_eq(
                        &format!("names of configuration {i}, in axis order"),
                        vec!["k", "lr", "frac"],
                        names,
                    )?;
                    let (k, lr, fr) = (p.0[0].1, p.0[1].1, p.0[2].1);
                    ensure(
                        (1.0..=50.0).contains(&k)
                            && k.fract() == 0.0
                            && (1e-5..1e-1).contains(&lr)
                            && (0.1..0.9).contains(&fr),
                        || format!("configuration {i} = {p} is outside its space"),
                    )?;
                }
                expect_eq(
                    "the same seed gives the same configurations",
                    c.clone(),
                    expect_ok("random_configs", random_configs(&space, n, seed))?,
                )?;
                let other = expect_ok("random_configs", random_configs(&space, n, seed ^ 1))?;
                ensure(other != c, || {
                    "two seeds gave the same configurations: use StdRng::seed_from_u64(seed)".into()
                })?;
                let distinct: BTreeSet<u64> = c.iter().map(|p| p.0[1].1.to_bits()).collect();
                ensure(distinct.len() == n, || {
                    "the learning rates repeat: draw every configuration anew".into()
                })
            }),
            Check::new("random_configs/bad_space", DAYS, |_| {
                expect_err(
                    "Uniform with lo = hi",
                    random_configs(&[("a", Dist::Uniform { lo: 1.0, hi: 1.0 })], 3, 0),
                )?;
                expect_err(
                    "LogUniform with lo = 0",
                    random_configs(&[("a", Dist::LogUniform { lo: 0.0, hi: 1.0 })], 3, 0),
                )?;
                expect_err(
                    "LogUniform with lo > hi",
                    random_configs(&[("a", Dist::LogUniform { lo: 2.0, hi: 1.0 })], 3, 0),
                )?;
                expect_err(
                    "an empty Choice",
                    random_configs(&[("a", Dist::Choice(vec![]))], 3, 0),
                )?;
                expect_err(
                    "a name used twice",
                    random_configs(
                        &[
                            ("a", Dist::Choice(vec![1.0])),
                            ("a", Dist::Choice(vec![2.0])),
                        ],
                        3,
                        0,
                    ),
                )?;
                Ok(())
            }),
            Check::new("knn_predict/brute_force", DAYS, |cx| {
                let n = cx.usize_in(5..=80);
                let d = cx.usize_in(1..=4);
                // Integer coordinates make equal distances common: the tie rules matter.
                let xt = Array2::from_shape_fn((n, d), |_| cx.usize_in(0..=4) as f64);
                let xs = Array2::from_shape_fn((30, d), |_| cx.usize_in(0..=4) as f64);
                let yt: Vec<usize> = (0..n).map(|_| cx.usize_in(0..=2)).collect();
                let k = cx.usize_in(1..=n);
                for (p, metric) in [(1u8, Metric::Manhattan), (2, Metric::Euclidean)] {
                    let got = expect_ok(
                        "knn_predict",
                        knn_predict(xt.view(), &yt, xs.view(), k, metric),
                    )?;
                    expect_eq(
                        &format!("k-NN predictions ({metric:?}, k = {k}, {n} training rows; distance ties by lower row index, vote ties by smaller label)"),
                        brute_knn(&xt, &yt, &xs, k, p),
                        got,
                    )?;
                }
                Ok(())
            }),
            Check::new("knn_predict/bad_input", DAYS, |_| {
                let x = Array2::<f64>::zeros((3, 2));
                expect_err(
                    "knn_predict with k = 0",
                    knn_predict(x.view(), &[0, 1, 0], x.view(), 0, Metric::Euclidean),
                )?;
                expect_err(
                    "knn_predict with k > n",
                    knn_predict(x.view(), &[0, 1, 0], x.view(), 4, Metric::Euclidean),
                )?;
                expect_err(
                    "knn_predict with 2 labels for 3 rows",
                    knn_predict(x.view(), &[0, 1], x.view(), 1, Metric::Euclidean),
                )?;
                let q = Array2::<f64>::zeros((1, 3));
                expect_err(
                    "knn_predict with 2 against 3 columns",
                    knn_predict(x.view(), &[0, 1, 0], q.view(), 1, Metric::Euclidean),
                )?;
                Ok(())
            }),
            Check::new("knn_fit_score/churn_fold", DAYS, |cx| {
                let data = churn_sample(cx, 0.06);
                let n = data.y.len();
                let folds = modulo_folds(n, 4);
                let f = &folds[cx.usize_in(0..=3)];
                let k = 2 * cx.usize_in(0..=10) + 1;
                for p in [1u8, 2] {
                    let params = Params(vec![("k".into(), k as f64), ("p".into(), p as f64)]);
                    let got = expect_ok("knn_fit_score", knn_fit_score(&data, &params, f))?;
                    expect_close(
                        &format!("validation accuracy of k-NN ({params}) standardised with the training rows' mean and population std, on {n} churn rows"),
                        knn_score_by_hand(&data, k, p, f),
                        got,
                        Tol::EXACT,
                    )?;
                }
                Ok(())
            }),
            Check::new("knn_fit_score/train_statistics_only", DAYS, |cx| {
                // Column 1 decides the label; the validation rows spread 100 times wider
                // in it. Scaled with the training rows' std, column 1 dominates the
                // distance and the accuracy is high; a std taken over all rows shrinks it
                // and lets the noise column 0 decide. The value must match the check's own
                // train-only standardisation exactly.
                let (n_train, n_test) = (60, 40);
                let n = n_train + n_test;
                let mut x = Array2::<f64>::zeros((n, 2));
                let mut y = vec![0; n];
                for i in 0..n {
                    let wide = if i < n_train { 1.0 } else { 100.0 };
                    x[[i, 0]] = cx.normal();
                    x[[i, 1]] = wide * cx.normal();
                    y[i] = usize::from(x[[i, 1]] > 0.0);
                }
                let data = Data { x, y };
                let split = Split {
                    train: (0..n_train).collect(),
                    test: (n_train..n).collect(),
                };
                let k = 2 * cx.usize_in(0..=3) + 1;
                let params = Params(vec![("k".into(), k as f64), ("p".into(), 2.0)]);
                let got = expect_ok("knn_fit_score", knn_fit_score(&data, &params, &split))?;
                expect_close(
                    &format!("validation accuracy (k = {k}) with statistics from the 60 training rows only"),
                    knn_score_by_hand(&data, k, 2, &split),
                    got,
                    Tol::EXACT,
                )
            }),
            Check::new("knn_fit_score/bad_params", DAYS, |_| {
                let data = Data {
                    x: Array2::from_shape_fn((6, 1), |(i, _)| i as f64),
                    y: vec![0, 0, 0, 1, 1, 1],
                };
                let s = modulo_folds(6, 2).remove(0);
                let p = |v: Vec<(&str, f64)>| {
                    Params(v.into_iter().map(|(a, b)| (a.to_string(), b)).collect())
                };
                expect_err(
                    "knn_fit_score without k",
                    knn_fit_score(&data, &p(vec![("p", 2.0)]), &s),
                )?;
                expect_err(
                    "knn_fit_score with k = 2.5",
                    knn_fit_score(&data, &p(vec![("k", 2.5)]), &s),
                )?;
                expect_err(
                    "knn_fit_score with p = 3",
                    knn_fit_score(&data, &p(vec![("k", 1.0), ("p", 3.0)]), &s),
                )?;
                let empty = Split {
                    train: vec![0, 1],
                    test: vec![],
                };
                expect_err(
                    "knn_fit_score with no validation rows",
                    knn_fit_score(&data, &p(vec![("k", 1.0)]), &empty),
                )?;
                // A constant column must not turn into NaN (std 0 → only centred).
                let flat = Data {
                    x: Array2::from_shape_fn((6, 2), |(i, j)| if j == 0 { 1.0 } else { i as f64 }),
                    y: data.y.clone(),
                };
                let got = expect_ok(
                    "knn_fit_score with a constant column",
                    knn_fit_score(&flat, &p(vec![("k", 1.0)]), &s),
                )?;
                expect_close(
                    "accuracy with a constant column",
                    knn_score_by_hand(&flat, 1, 2, &s),
                    got,
                    Tol::EXACT,
                )
            }),
            Check::new("grid_search/knn_churn", DAYS, |cx| {
                // The check runs its own loops over the folds for every configuration.
                let data = churn_sample(cx, 0.05);
                let folds = modulo_folds(data.y.len(), 3);
                let ks = [1.0, 7.0, 25.0];
                let grid = expect_ok("param_grid", param_grid(&[("k", &ks), ("p", &[1.0, 2.0])]))?;
                let r = expect_ok(
                    "grid_search of k-NN on churn",
                    grid_search(&grid, &folds, |p, s| knn_fit_score(&data, p, s)),
                )?;
                let mut best = (0, f64::NEG_INFINITY);
                for (i, c) in r.candidates.iter().enumerate() {
                    let k = c.params.get("k").unwrap() as usize;
                    let p = c.params.get("p").unwrap() as u8;
                    let scores: Vec<f64> = folds
                        .iter()
                        .map(|f| knn_score_by_hand(&data, k, p, f))
                        .collect();
                    let (m, s) = mean_std(&scores);
                    expect_close(
                        &format!("mean CV accuracy of {}", c.params),
                        m,
                        c.cv.mean,
                        SUM,
                    )?;
                    expect_close(
                        &format!("std of CV accuracy of {}", c.params),
                        s,
                        c.cv.std,
                        SUM,
                    )?;
                    if m > best.1 {
                        best = (i, m);
                    }
                }
                expect_eq(
                    "the best configuration",
                    grid[best.0].clone(),
                    r.best().params.clone(),
                )
            })
            .timeout(std::time::Duration::from_secs(30)),
            Check::new("nested_cv/replay", DAYS, |cx| {
                let n = cx.usize_in(40..=120);
                let y: Vec<usize> = (0..n).map(|_| usize::from(cx.rng.gen_bool(0.3))).collect();
                let (outer_k, inner_k) = (cx.usize_in(2..=5), cx.usize_in(2..=4));
                let salt = cx.rng.gen::<u64>();
                let candidates: Vec<Params> = (0..cx.usize_in(2..=8))
                    .map(|i| Params(vec![("i".into(), i as f64)]))
                    .collect();
                let calls = RefCell::new(Vec::<(Params, Split)>::new());
                let r = expect_ok(
                    "nested_cv",
                    nested_cv(&y, outer_k, inner_k, cx.rng.gen(), &candidates, |p, s| {
                        calls.borrow_mut().push((p.clone(), s.clone()));
                        Ok(hash_score(salt, p, s))
                    }),
                )?;
                let calls = calls.into_inner();
                // Each outer fold: candidates × inner_k inner calls, then one outer call.
                let per = candidates.len() * inner_k + 1;
                expect_eq(
                    "number of fit_score calls (outer_k × (candidates × inner_k + 1))",
                    outer_k * per,
                    calls.len(),
                )?;
                let mut tested = BTreeSet::new();
                let mut outer_scores = Vec::new();
                for o in 0..outer_k {
                    let block = &calls[o * per..(o + 1) * per];
                    let (best_p, outer) = &block[per - 1];
                    for &t in &outer.test {
                        ensure(tested.insert(t), || {
                            format!("row {t} is in two outer test parts")
                        })?;
                    }
                    let outer_test: BTreeSet<usize> = outer.test.iter().copied().collect();
                    // No row of the outer test part may be used by the inner search.
                    for (p, s) in &block[..per - 1] {
                        if let Some(r) = s
                            .train
                            .iter()
                            .chain(&s.test)
                            .find(|r| outer_test.contains(r))
                        {
                            fail!("outer fold {o}: the inner search for {p} used row {r}, which is in the outer test part (leak: map inner positions through outer.train)");
                        }
                    }
                    // Recompute the inner means from the recorded calls, candidate by candidate.
                    let mut best = (0, f64::NEG_INFINITY);
                    for (c, cand) in candidates.iter().enumerate() {
                        let rows = &block[c * inner_k..(c + 1) * inner_k];
                        for (p, _) in rows {
                            expect_eq(
                                &format!("outer fold {o}: inner calls grouped by candidate"),
                                cand,
                                p,
                            )?;
                        }
                        let scores: Vec<f64> =
                            rows.iter().map(|(p, s)| hash_score(salt, p, s)).collect();
                        let m = mean_std(&scores).0;
                        if m > best.1 {
                            best = (c, m);
                        }
                    }
                    expect_eq(&format!("outer fold {o}: the configuration scored on the outer test part (the inner winner)"), &candidates[best.0], best_p)?;
                    expect_eq(
                        &format!("outer fold {o}: chosen"),
                        &candidates[best.0],
                        &r.chosen[o],
                    )?;
                    expect_close(
                        &format!("outer fold {o}: inner_best"),
                        best.1,
                        r.inner_best[o],
                        SUM,
                    )?;
                    outer_scores.push(hash_score(salt, best_p, outer));
                }
                expect_eq("rows tested by the outer folds", n, tested.len())?;
                expect_slice_close("outer scores", &outer_scores, &r.outer_scores, Tol::EXACT)?;
                let (m, s) = mean_std(&outer_scores);
                expect_close("nested mean", m, r.mean, SUM)?;
                expect_close("nested std", s, r.std, SUM)
            }),
            Check::new("nested_cv/noise_labels", DAYS, |cx| {
                // Labels that are coin flips: no model can beat 0.5 on new data. A
                // "model" that guesses (hash_score's bit) has CV accuracy ≈ N(0.5, 0.5/√n).
                let n = 400;
                let y: Vec<usize> = (0..n).map(|_| usize::from(cx.rng.gen_bool(0.5))).collect();
                let salt = cx.rng.gen::<u64>();
                let guess = |p: &Params, s: &Split| -> Result<f64, TuneError> {
                    let right = s
                        .test
                        .iter()
                        .filter(|&&r| {
                            let one = Split {
                                train: vec![],
                                test: vec![r],
                            };
                            usize::from(hash_score(salt, p, &one) < 0.5) == y[r]
                        })
                        .count();
                    Ok(right as f64 / s.test.len() as f64)
                };
                let grid: Vec<Params> = (0..40)
                    .map(|i| Params(vec![("seed".into(), i as f64)]))
                    .collect();
                let folds = expect_ok("stratified_kfold", stratified_kfold(&y, 5, cx.rng.gen()))?;
                let search = expect_ok(
                    "grid_search of 40 guessers",
                    grid_search(&grid, &folds, guess),
                )?;
                let nested = expect_ok(
                    "nested_cv of 40 guessers",
                    nested_cv(&y, 5, 4, cx.rng.gen(), &grid, guess),
                )?;
                // The best of 40 CV means sits about 2.2 SE above 0.5; all 40 at or below 0.5
                // has probability below 0.53^40 ≈ 1e-11.
                ensure(search.best().cv.mean > 0.5, || {
                    format!("the best grid CV accuracy on coin-flip labels is {:.3}: the best of 40 should be above 0.5", search.best().cv.mean)
                })?;
                let inner = mean_std(&nested.inner_best).0;
                // The outer estimate is the accuracy of guesses on all 400 rows: SE 0.025,
                // within 5 SE of 0.5.
                ensure((nested.mean - 0.5).abs() < 5.0 * 0.025, || {
                    format!(
                        "nested estimate {:.3} on coin-flip labels; expected 0.5 ± 0.125 (5 SE)",
                        nested.mean
                    )
                })?;
                // The inner winners' means are maxima of 40 estimates: optimistic.
                ensure(inner > 0.5, || {
                    format!("mean of the inner best scores {inner:.3} should be above 0.5 (the best of 40 guessers)")
                })
            }),
            Check::new("load_churn/rows", DAYS, |_| {
                let (x, y) = churn_by_hand();
                let d = expect_ok("load_churn()", load_churn())?;
                // IBM's telco churn sample: 7043 customers, 11 of them with an empty
                // total_charges (tenure 0), kept with total_charges 0.
                expect_shape("x of load_churn()", &[7043, 10], d.x.shape())?;
                expect_array_close(
                    "x (CHURN_FEATURES, file order, empty total_charges → 0)",
                    &x,
                    &d.x,
                    Tol::EXACT,
                )?;
                expect_eq("y (churn Yes = 1)", y, d.y)
            }),
            Check::new("plot_validation_curve/png_svg", DAYS, |cx| {
                // A real validation curve: k-NN (Euclidean) on ~350 churn rows, 3 folds,
                // scored by the check's own k-NN, so only the drawing is yours.
                let data = churn_sample(cx, 0.05);
                let folds = modulo_folds(data.y.len(), 3);
                let pts: Vec<(f64, CvScore)> = [1usize, 3, 9, 27, 81]
                    .iter()
                    .map(|&k| (k as f64, churn_cv(&data, k, 2, &folds)))
                    .collect();
                let png = cx.plot_path("validation_curve.png");
                expect_ok(
                    "plot_validation_curve",
                    plot_validation_curve("k", &pts, true, fresh(&png)),
                )?;
                // 3000 inked pixels (0.75 %): three lines on top of the axes.
                expect_png(
                    "plot_validation_curve's PNG",
                    &png,
                    (800, 500),
                    3000.0 / 400_000.0,
                )?;
                let svg = cx.plot_path("validation_curve.svg");
                expect_ok(
                    "plot_validation_curve to .svg",
                    plot_validation_curve("k", &pts, true, fresh(&svg)),
                )?;
                expect_svg(
                    "the validation curve's SVG",
                    &svg,
                    &["log10(k)", "mean + std", "mean - std", "CV score"],
                )?;
                expect_err(
                    "plot_validation_curve with no points",
                    plot_validation_curve("k", &[], false, &png),
                )?;
                expect_err(
                    "plot_validation_curve with log_x and a value 0",
                    plot_validation_curve("k", &[(0.0, pts[0].1.clone())], true, &png),
                )?;
                Ok(())
            }),
            Check::new("plot_search_heatmap/png_svg", DAYS, |cx| {
                // A real 3 × 2 grid (k × p) on ~350 churn rows, scored by the check's own k-NN.
                let data = churn_sample(cx, 0.05);
                let folds = modulo_folds(data.y.len(), 3);
                let grid = expect_ok(
                    "param_grid",
                    param_grid(&[("k", &[1.0, 5.0, 25.0]), ("p", &[1.0, 2.0])]),
                )?;
                let candidates: Vec<Candidate> = grid
                    .iter()
                    .map(|p| Candidate {
                        params: p.clone(),
                        cv: churn_cv(
                            &data,
                            p.get("k").unwrap() as usize,
                            p.get("p").unwrap() as u8,
                            &folds,
                        ),
                    })
                    .collect();
                let r = SearchResult {
                    candidates,
                    best: 0,
                };
                let png = cx.plot_path("grid_heatmap.png");
                expect_ok(
                    "plot_search_heatmap",
                    plot_search_heatmap(&r, "k", "p", fresh(&png)),
                )?;
                let img = read_png("plot_search_heatmap's PNG", &png)?;
                // The best cell alone is a fully shaded 60 × 60 square (4.4 % of the 300 × 270
                // canvas), plus six grey cell borders and the labels: ask for 3 %.
                ensure(img.ink() > 0.03, || {
                    format!(
                        "the heatmap is nearly blank ({:.1} % ink)",
                        100.0 * img.ink()
                    )
                })?;
                let svg = cx.plot_path("grid_heatmap.svg");
                expect_ok(
                    "plot_search_heatmap to .svg",
                    plot_search_heatmap(&r, "k", "p", fresh(&svg)),
                )?;
                // The cell of k = 25, p = 2 (candidate 5) shows its mean to two decimals.
                let m = r.candidates[5].cv.mean;
                expect_svg(
                    "the heatmap's SVG (row labels k=…, column labels p=…, the title, the k=25, p=2 cell's mean)",
                    &svg,
                    &["k=1", "k=25", "p=2", "mean CV score", &format!("{m:.2}")],
                )?;
                let empty = SearchResult {
                    candidates: vec![],
                    best: 0,
                };
                expect_err(
                    "plot_search_heatmap with no candidates",
                    plot_search_heatmap(&empty, "k", "p", &png),
                )?;
                expect_err(
                    "plot_search_heatmap with an unknown parameter",
                    plot_search_heatmap(&r, "k", "depth", &png),
                )?;
                Ok(())
            }),
        ],
    );
}
