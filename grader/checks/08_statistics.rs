//! Hidden checks for chapter 08 (statistics). Expected values come from plain loops,
//! counting (ranks, modes), statrs's distributions and erf, shift invariance, and
//! sampling-theory tolerances — never from the reference solution.

use harness::prelude::*;
use ndarray::Array2;
use rand::Rng;
use statistics::*;
use statrs::distribution::{Binomial, ContinuousCDF, Discrete, DiscreteCDF, Normal, StudentsT};

const SUMMARY: &[&str] = &["W7 D1-2"];
const DISTRIBUTIONS: &[&str] = &["W7 D3-4"];
const TESTS: &[&str] = &["W7 D5-6"];
const CORRELATION: &[&str] = &["W7 D7"];

/// Sums of up to a few hundred terms in a different order: a few hundred ulps at most.
const SUM: Tol = Tol::new(1e-11, 1e-12);
/// Abramowitz & Stegun 7.1.26 is within 1.5e-7 of erf; 5e-7 allows any method at least
/// roughly as good.
const ERF: Tol = Tol::abs(5e-7);
/// Φ = ½(1 + erf): half the erf error, plus margin.
const CDF: Tol = Tol::abs(1e-6);
/// The brief's p-value accuracy: 1e-6 absolute against statrs (enough to decide at any
/// sensible significance level; the t integration reaches ~1e-10).
const P_VALUE: Tol = Tol::abs(1e-6);
/// Log-space binomial: ln C(n, k) summed over ≤ 10⁴ terms carries ~1e-12 relative error
/// into a logarithm of size ≤ 10³, so the probability is good to ~1e-9 relative.
const PMF: Tol = Tol::new(1e-8, 1e-300);
/// Summing ≤ 10⁴ probabilities: rounding ≈ 10⁴ · ε.
const BINOM_CDF: Tol = Tol::abs(1e-9);
/// A statistic built from means and variances of ≤ 60 values: the two routes differ by a
/// few hundred ulps at most, and a t near 0 needs the small absolute floor.
const STATISTIC: Tol = Tol::new(1e-10, 1e-12);
/// exp and a few products: a handful of ulps; the absolute floor only lets far-tail values
/// that underflow to 0 match.
const DENSITY: Tol = Tol::new(1e-12, 1e-300);

fn plain_mean(x: &[f64]) -> f64 {
    let mut s = 0.0;
    for v in x {
        s += v;
    }
    s / x.len() as f64
}

fn random_data(cx: &mut Ctx, lo: usize, hi: usize) -> Vec<f64> {
    let n = cx.usize_in(lo..=hi);
    let scale = cx.f64_in(0.5, 20.0);
    let shift = cx.f64_in(-50.0, 50.0);
    (0..n).map(|_| shift + scale * cx.normal()).collect()
}

fn sorted_copy(x: &[f64]) -> Vec<f64> {
    let mut v = x.to_vec();
    v.sort_by(f64::total_cmp);
    v
}

/// Average ranks by counting, O(n²): rank = 1 + #smaller + (#equal − 1)/2. A different
/// route from sorting.
fn counted_ranks(x: &[f64]) -> Vec<f64> {
    x.iter()
        .map(|&v| {
            let smaller = x.iter().filter(|&&w| w < v).count() as f64;
            let equal = x.iter().filter(|&&w| w == v).count() as f64;
            1.0 + smaller + (equal - 1.0) / 2.0
        })
        .collect()
}

fn plain_pearson(x: &[f64], y: &[f64]) -> f64 {
    let (mx, my) = (plain_mean(x), plain_mean(y));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for i in 0..x.len() {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    sxy / (sxx.sqrt() * syy.sqrt())
}

fn plain_var(x: &[f64], ddof: usize) -> f64 {
    let m = plain_mean(x);
    x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (x.len() - ddof) as f64
}

fn t_two_sided(t: f64, df: f64) -> f64 {
    let dist = StudentsT::new(0.0, 1.0, df).expect("df > 0");
    2.0 * dist.cdf(-t.abs())
}

fn expect_stats_err(
    what: &str,
    expected: StatsError,
    got: Result<impl std::fmt::Debug, StatsError>,
) -> CheckResult {
    let e = expect_err(what, got)?;
    expect_eq(&format!("the error of {what}"), expected, e)
}

/// The economics data set's columns as numbers (ggplot2's `economics`, 574 monthly rows).
fn economics(column: &str) -> Result<Vec<f64>, Failure> {
    let table = datasets::table("economics").or_fail("loading economics")?;
    let col = table
        .f64_column(column)
        .or_fail(&format!("economics column {column}"))?;
    col.into_iter()
        .map(|v| v.ok_or_else(|| Failure::new(format!("economics.{column} has an empty field"))))
        .collect()
}

fn main() {
    harness::run(
        "08",
        vec![
            // ---------------------------------------------------------------- W7 D1-2
            Check::new("mean/random", SUMMARY, |cx| {
                let x = random_data(cx, 1, 200);
                let got = expect_ok("mean(x)", mean(&x))?;
                expect_close(
                    &format!("mean of {} values", x.len()),
                    plain_mean(&x),
                    got,
                    SUM,
                )
            }),
            Check::new("mean/empty", SUMMARY, |_| {
                expect_stats_err("mean(&[])", StatsError::Empty, mean(&[]))
            }),
            Check::new("median/random", SUMMARY, |cx| {
                let x = random_data(cx, 1, 101);
                let v = sorted_copy(&x);
                let n = v.len();
                let expected = if n % 2 == 1 {
                    v[n / 2]
                } else {
                    (v[n / 2 - 1] + v[n / 2]) / 2.0
                };
                let got = expect_ok("median(x)", median(&x))?;
                expect_close(&format!("median of {n} values"), expected, got, Tol::EXACT)
            }),
            Check::new("median/edges", SUMMARY, |_| {
                expect_stats_err("median(&[])", StatsError::Empty, median(&[]))?;
                expect_stats_err(
                    "median(&[1, NaN, 3])",
                    StatsError::NotANumber,
                    median(&[1.0, f64::NAN, 3.0]),
                )?;
                let got = expect_ok("median(&[4, 1, 3, 2])", median(&[4.0, 1.0, 3.0, 2.0]))?;
                expect_close(
                    "median of [4, 1, 3, 2] (mean of the two middle values)",
                    2.5,
                    got,
                    Tol::EXACT,
                )
            }),
            Check::new("mode/random_ties", SUMMARY, |cx| {
                // Small integers: ties for the most frequent value are common.
                let n = cx.usize_in(1..=40);
                let x = cx.int_vector(n, 0, 6).to_vec();
                let count = |v: f64| x.iter().filter(|&&w| w == v).count();
                let best = x.iter().map(|&v| count(v)).max().unwrap_or(0);
                let expected = x
                    .iter()
                    .copied()
                    .filter(|&v| count(v) == best)
                    .fold(f64::INFINITY, f64::min);
                let got = expect_ok("mode(x)", mode(&x))?;
                expect_close(
                    &format!("mode of {x:?} (smallest of the most frequent)"),
                    expected,
                    got,
                    Tol::EXACT,
                )
            }),
            Check::new("mode/empty", SUMMARY, |_| {
                expect_stats_err("mode(&[])", StatsError::Empty, mode(&[]))
            }),
            Check::new("variance/random", SUMMARY, |cx| {
                let x = random_data(cx, 2, 200);
                for ddof in [0, 1] {
                    let got = expect_ok(&format!("variance(x, {ddof})"), variance(&x, ddof))?;
                    expect_close(
                        &format!("variance of {} values with ddof {ddof}", x.len()),
                        plain_var(&x, ddof),
                        got,
                        SUM,
                    )?;
                }
                Ok(())
            }),
            Check::new("variance/large_offset", SUMMARY, |cx| {
                // Variance ignores a shift. With values near 1e9 the shortcut E[x²] − x̄² has
                // an absolute error of ~ε·1e18 ≈ 100 and returns garbage; two passes do not.
                let n = cx.usize_in(10..=200);
                let noise: Vec<f64> = (0..n).map(|_| cx.normal()).collect();
                let shifted: Vec<f64> = noise.iter().map(|v| 1e9 + v).collect();
                let got = expect_ok("variance(1e9 + noise, 1)", variance(&shifted, 1))?;
                // Storing 1e9 + v rounds v by ≤ 6e-8: the variance moves by ~1e-7 relative.
                expect_close(
                    "variance of 1e9 + noise (= variance of the noise)",
                    plain_var(&noise, 1),
                    got,
                    Tol::rel(1e-5),
                )
            }),
            Check::new("variance/too_few", SUMMARY, |_| {
                expect_stats_err(
                    "variance(&[3], 1)",
                    StatsError::TooFewValues { needed: 2, got: 1 },
                    variance(&[3.0], 1),
                )?;
                let got = expect_ok("variance(&[3], 0)", variance(&[3.0], 0))?;
                expect_close("population variance of one value", 0.0, got, Tol::EXACT)
            }),
            Check::new("std_dev/random", SUMMARY, |cx| {
                let x = random_data(cx, 2, 200);
                for ddof in [0, 1] {
                    let got = expect_ok(&format!("std_dev(x, {ddof})"), std_dev(&x, ddof))?;
                    expect_close(
                        &format!("std_dev of {} values with ddof {ddof}", x.len()),
                        plain_var(&x, ddof).sqrt(),
                        got,
                        SUM,
                    )?;
                }
                Ok(())
            }),
            Check::new("quantile/random", SUMMARY, |cx| {
                let x = random_data(cx, 1, 60);
                let v = sorted_copy(&x);
                let n = v.len();
                for _ in 0..10 {
                    let q = cx.f64_in(0.0, 1.0);
                    // NumPy's default ("linear", type 7): position h = (n − 1)·q.
                    let h = (n - 1) as f64 * q;
                    let lo = h.floor() as usize;
                    let hi = (lo + 1).min(n - 1);
                    let expected = v[lo] + (h - lo as f64) * (v[hi] - v[lo]);
                    let got = expect_ok(&format!("quantile(x, {q:.4})"), quantile(&x, q))?;
                    expect_close(
                        &format!("quantile {q:.4} of {n} values (linear interpolation)"),
                        expected,
                        got,
                        SUM,
                    )?;
                }
                let lo = expect_ok("quantile(x, 0)", quantile(&x, 0.0))?;
                expect_close("quantile(x, 0) = min", v[0], lo, Tol::EXACT)?;
                let hi = expect_ok("quantile(x, 1)", quantile(&x, 1.0))?;
                expect_close("quantile(x, 1) = max", v[n - 1], hi, Tol::EXACT)
            }),
            Check::new("quantile/invalid", SUMMARY, |_| {
                let e = expect_err("quantile(x, 1.5)", quantile(&[1.0, 2.0], 1.5))?;
                ensure(matches!(e, StatsError::InvalidParameter { .. }), || {
                    format!("q = 1.5: expected StatsError::InvalidParameter, got {e:?}")
                })?;
                expect_stats_err("quantile(&[], 0.5)", StatsError::Empty, quantile(&[], 0.5))
            }),
            // ---------------------------------------------------------------- W7 D3-4
            Check::new("erf/random", DISTRIBUTIONS, |cx| {
                for _ in 0..200 {
                    let x = cx.f64_in(-6.0, 6.0);
                    expect_close(
                        &format!("erf({x:.6}) (vs statrs)"),
                        statrs::function::erf::erf(x),
                        erf(x),
                        ERF,
                    )?;
                }
                expect_close("erf(0)", 0.0, erf(0.0), ERF)
            }),
            Check::new("normal_pdf/random", DISTRIBUTIONS, |cx| {
                for _ in 0..50 {
                    let (mu, sigma) = (cx.f64_in(-10.0, 10.0), cx.f64_in(0.1, 5.0));
                    let x = mu + sigma * cx.f64_in(-5.0, 5.0);
                    let z = (x - mu) / sigma;
                    let expected =
                        (-z * z / 2.0).exp() / (sigma * (2.0 * std::f64::consts::PI).sqrt());
                    let got = expect_ok("normal_pdf", normal_pdf(x, mu, sigma))?;
                    expect_close(
                        &format!("normal_pdf({x:.4}, {mu:.4}, {sigma:.4})"),
                        expected,
                        got,
                        DENSITY,
                    )?;
                }
                let e = expect_err("normal_pdf(0, 0, 0)", normal_pdf(0.0, 0.0, 0.0))?;
                ensure(matches!(e, StatsError::InvalidParameter { .. }), || {
                    format!("σ = 0: expected StatsError::InvalidParameter, got {e:?}")
                })
            }),
            Check::new("normal_cdf/random", DISTRIBUTIONS, |cx| {
                for _ in 0..100 {
                    let (mu, sigma) = (cx.f64_in(-10.0, 10.0), cx.f64_in(0.1, 5.0));
                    let x = mu + sigma * cx.f64_in(-6.0, 6.0);
                    let expected = Normal::new(mu, sigma).expect("σ > 0").cdf(x);
                    let got = expect_ok("normal_cdf", normal_cdf(x, mu, sigma))?;
                    expect_close(
                        &format!("normal_cdf({x:.4}, {mu:.4}, {sigma:.4}) (vs statrs)"),
                        expected,
                        got,
                        CDF,
                    )?;
                }
                Ok(())
            }),
            Check::new("binomial_pmf/random", DISTRIBUTIONS, |cx| {
                for _ in 0..30 {
                    let n = cx.usize_in(1..=60) as u64;
                    let k = cx.usize_in(0..=n as usize) as u64;
                    let p = cx.f64_in(0.01, 0.99);
                    let expected = Binomial::new(p, n).expect("valid").pmf(k);
                    let got = expect_ok("binomial_pmf", binomial_pmf(k, n, p))?;
                    expect_close(
                        &format!("binomial_pmf({k}, {n}, {p:.4}) (vs statrs)"),
                        expected,
                        got,
                        PMF,
                    )?;
                }
                Ok(())
            }),
            Check::new("binomial_pmf/large_n", DISTRIBUTIONS, |cx| {
                // C(n, k) overflows f64 for n ≳ 1030: only log space works.
                let n = cx.usize_in(2_000..=10_000) as u64;
                let p = cx.f64_in(0.1, 0.9);
                let centre = (n as f64 * p) as u64;
                for k in [centre, centre + 7, centre.saturating_sub(30)] {
                    let expected = Binomial::new(p, n).expect("valid").pmf(k);
                    let got = expect_ok("binomial_pmf", binomial_pmf(k, n, p))?;
                    expect_close(
                        &format!("binomial_pmf({k}, {n}, {p:.4}) (vs statrs)"),
                        expected,
                        got,
                        PMF,
                    )?;
                }
                Ok(())
            }),
            Check::new("binomial_pmf/edges", DISTRIBUTIONS, |_| {
                expect_close(
                    "binomial_pmf(0, 5, 0)",
                    1.0,
                    expect_ok("binomial_pmf(0, 5, 0)", binomial_pmf(0, 5, 0.0))?,
                    Tol::EXACT,
                )?;
                expect_close(
                    "binomial_pmf(2, 5, 0)",
                    0.0,
                    expect_ok("binomial_pmf(2, 5, 0)", binomial_pmf(2, 5, 0.0))?,
                    Tol::EXACT,
                )?;
                expect_close(
                    "binomial_pmf(5, 5, 1)",
                    1.0,
                    expect_ok("binomial_pmf(5, 5, 1)", binomial_pmf(5, 5, 1.0))?,
                    Tol::EXACT,
                )?;
                expect_close(
                    "binomial_pmf(6, 5, 0.5) (k > n)",
                    0.0,
                    expect_ok("binomial_pmf(6, 5, 0.5)", binomial_pmf(6, 5, 0.5))?,
                    Tol::EXACT,
                )?;
                let e = expect_err("binomial_pmf(1, 5, 1.2)", binomial_pmf(1, 5, 1.2))?;
                ensure(matches!(e, StatsError::InvalidParameter { .. }), || {
                    format!("p = 1.2: expected StatsError::InvalidParameter, got {e:?}")
                })
            }),
            Check::new("binomial_cdf/random", DISTRIBUTIONS, |cx| {
                for _ in 0..20 {
                    let n = cx.usize_in(1..=3000) as u64;
                    let k = cx.usize_in(0..=n as usize) as u64;
                    let p = cx.f64_in(0.01, 0.99);
                    let expected = Binomial::new(p, n).expect("valid").cdf(k);
                    let got = expect_ok("binomial_cdf", binomial_cdf(k, n, p))?;
                    expect_close(
                        &format!("binomial_cdf({k}, {n}, {p:.4}) (vs statrs)"),
                        expected,
                        got,
                        BINOM_CDF,
                    )?;
                }
                let all = expect_ok("binomial_cdf(n, n, p)", binomial_cdf(40, 40, 0.3))?;
                ensure(all <= 1.0, || {
                    format!("binomial_cdf(40, 40, 0.3) = {all:e} exceeds 1: clamp it")
                })?;
                expect_close("binomial_cdf(40, 40, 0.3)", 1.0, all, BINOM_CDF)
            }),
            Check::new("sample_normal/moments", DISTRIBUTIONS, |cx| {
                let n = 20_000;
                let (mu, sigma) = (cx.f64_in(-5.0, 5.0), cx.f64_in(0.5, 3.0));
                let seed = cx.rng.gen::<u64>();
                let x = expect_ok("sample_normal", sample_normal(n, mu, sigma, seed))?;
                expect_eq("number of draws", n, x.len())?;
                // x̄ has standard error σ/√n; 5 standard errors fail a correct sampler with
                // probability 6e-7.
                let se_mean = sigma / (n as f64).sqrt();
                expect_close(
                    &format!("mean of {n} draws from N({mu:.3}, {sigma:.3}²) (±5 standard errors)"),
                    mu,
                    plain_mean(&x),
                    Tol::abs(5.0 * se_mean),
                )?;
                // s² has standard error σ²·√(2/(n − 1)) for normal data.
                let se_var = sigma * sigma * (2.0 / (n as f64 - 1.0)).sqrt();
                expect_close(
                    "variance of the draws (±5 standard errors)",
                    sigma * sigma,
                    plain_var(&x, 1),
                    Tol::abs(5.0 * se_var),
                )?;
                // About 68.27 % within one σ: a binomial proportion, 5 standard errors.
                let inside = x.iter().filter(|v| (*v - mu).abs() < sigma).count() as f64 / n as f64;
                let p68 = 2.0 * Normal::new(0.0, 1.0).expect("standard normal").cdf(1.0) - 1.0;
                expect_close(
                    "share of draws within one σ",
                    p68,
                    inside,
                    Tol::abs(5.0 * (p68 * (1.0 - p68) / n as f64).sqrt()),
                )
            }),
            Check::new("sample_normal/seeded", DISTRIBUTIONS, |cx| {
                let seed = cx.rng.gen::<u64>();
                let a = expect_ok("sample_normal", sample_normal(50, 0.0, 1.0, seed))?;
                let b = expect_ok("sample_normal", sample_normal(50, 0.0, 1.0, seed))?;
                expect_slice_close("two runs with the same seed", &a, &b, Tol::EXACT)?;
                let c = expect_ok("sample_normal", sample_normal(50, 0.0, 1.0, seed ^ 1))?;
                ensure(a != c, || {
                    "two different seeds gave the same draws: seed the generator with `seed`".into()
                })?;
                let e = expect_err(
                    "sample_normal with σ = −1",
                    sample_normal(5, 0.0, -1.0, seed),
                )?;
                ensure(matches!(e, StatsError::InvalidParameter { .. }), || {
                    format!("σ = −1: expected StatsError::InvalidParameter, got {e:?}")
                })
            }),
            Check::new(
                "clt_sample_means/sampling_distribution",
                DISTRIBUTIONS,
                |cx| {
                    let draws = cx.usize_in(5..=40);
                    let samples = 4_000;
                    let seed = cx.rng.gen::<u64>();
                    let means =
                        expect_ok("clt_sample_means", clt_sample_means(draws, samples, seed))?;
                    expect_eq("number of sample means", samples, means.len())?;
                    // Uniform(0, 1): μ = ½, σ² = 1/12, so the means have variance 1/(12·draws).
                    let var_m = 1.0 / (12.0 * draws as f64);
                    let m = plain_mean(&means);
                    expect_close(
                        &format!(
                            "mean of {samples} means of {draws} uniforms (±5 standard errors)"
                        ),
                        0.5,
                        m,
                        Tol::abs(5.0 * (var_m / samples as f64).sqrt()),
                    )?;
                    // The sample variance of nearly normal means has standard error
                    // var_m·√(2/(samples − 1)); 6 of them leave room for the slight non-normality.
                    let se = var_m * (2.0 / (samples as f64 - 1.0)).sqrt();
                    expect_close(
                        "variance of the means, σ²/n = 1/(12·draws) (±6 standard errors)",
                        var_m,
                        plain_var(&means, 1),
                        Tol::abs(6.0 * se),
                    )?;
                    let again =
                        expect_ok("clt_sample_means", clt_sample_means(draws, samples, seed))?;
                    expect_slice_close("two runs with the same seed", &means, &again, Tol::EXACT)
                },
            ),
            Check::new("plot_sampling_distribution/png", DISTRIBUTIONS, |cx| {
                // The means come from this check's own simulation, so only the drawing is tested.
                let draws = cx.usize_in(5..=30);
                let means: Vec<f64> = (0..5000)
                    .map(|_| (0..draws).map(|_| cx.f64_in(0.0, 1.0)).sum::<f64>() / draws as f64)
                    .collect();
                let (w, h) = (cx.usize_in(560..=720) as u32, cx.usize_in(420..=520) as u32);
                let out = cx.plot_path("clt.png");
                expect_ok(
                    "plot_sampling_distribution",
                    plot_sampling_distribution(&means, draws, fresh(&out), (w, h)),
                )?;
                // Axes and labels alone cover ~1–2 %; the histogram bars cover far more.
                expect_png(
                    &format!("{} (the histogram bars and the curve)", out.display()),
                    &out,
                    (w, h),
                    0.05,
                )?;
                // A scratch file, so the learner's plot above is never overwritten.
                let scratch = std::env::temp_dir()
                    .join(format!("workbook-08-bad-{}.png", std::process::id()));
                let result = plot_sampling_distribution(&[], draws, &scratch, (w, h));
                let _ = std::fs::remove_file(&scratch);
                expect_stats_err(
                    "plot_sampling_distribution of no means",
                    StatsError::Empty,
                    result,
                )
            }),
            // ---------------------------------------------------------------- W7 D5-6
            Check::new("students_t_cdf/random", TESTS, |cx| {
                for _ in 0..40 {
                    let df = if cx.rng.gen_bool(0.2) {
                        cx.usize_in(1..=5) as f64
                    } else {
                        cx.f64_in(2.0, 200.0)
                    };
                    let t = cx.f64_in(-8.0, 8.0);
                    let expected = StudentsT::new(0.0, 1.0, df).expect("df > 0").cdf(t);
                    let got = expect_ok("students_t_cdf", students_t_cdf(t, df))?;
                    expect_close(
                        &format!("students_t_cdf({t:.4}, df = {df:.3}) (vs statrs)"),
                        expected,
                        got,
                        P_VALUE,
                    )?;
                }
                let far = expect_ok("students_t_cdf(1e6, 1)", students_t_cdf(1e6, 1.0))?;
                expect_close(
                    "students_t_cdf(1e6, df = 1) (vs statrs)",
                    StudentsT::new(0.0, 1.0, 1.0).expect("df > 0").cdf(1e6),
                    far,
                    P_VALUE,
                )?;
                let e = expect_err("students_t_cdf(1, 0)", students_t_cdf(1.0, 0.0))?;
                ensure(matches!(e, StatsError::InvalidParameter { .. }), || {
                    format!("df = 0: expected StatsError::InvalidParameter, got {e:?}")
                })
            }),
            Check::new("z_test/random", TESTS, |cx| {
                let n = cx.usize_in(5..=100);
                let (mu, sigma) = (cx.f64_in(-5.0, 5.0), cx.f64_in(0.5, 3.0));
                let x: Vec<f64> = (0..n).map(|_| mu + sigma * cx.normal()).collect();
                let mu0 = mu + cx.f64_in(-1.0, 1.0) * sigma / (n as f64).sqrt() * 3.0;
                let z = (plain_mean(&x) - mu0) / (sigma / (n as f64).sqrt());
                let p = 2.0
                    * Normal::new(0.0, 1.0)
                        .expect("standard normal")
                        .cdf(-z.abs());
                let got = expect_ok("z_test", z_test(&x, mu0, sigma))?;
                expect_close(
                    &format!("z statistic ({n} values, μ₀ = {mu0:.4}, σ = {sigma:.4})"),
                    z,
                    got.z,
                    SUM,
                )?;
                expect_close(
                    "two-sided p-value (vs statrs Normal)",
                    p,
                    got.p_value,
                    P_VALUE,
                )
            }),
            Check::new("one_sample_t_test/random", TESTS, |cx| {
                let n = cx.usize_in(3..=60);
                let x = random_data(cx, n, n);
                let s = plain_var(&x, 1).sqrt();
                let mu0 = plain_mean(&x) + cx.f64_in(-1.0, 1.0) * 4.0 * s / (n as f64).sqrt();
                let t = (plain_mean(&x) - mu0) / (s / (n as f64).sqrt());
                let df = (n - 1) as f64;
                let got = expect_ok("one_sample_t_test", one_sample_t_test(&x, mu0))?;
                expect_close(
                    &format!("t statistic ({n} values, μ₀ = {mu0:.4})"),
                    t,
                    got.t,
                    STATISTIC,
                )?;
                expect_close("degrees of freedom (n − 1)", df, got.df, Tol::EXACT)?;
                expect_close(
                    "two-sided p-value (vs statrs StudentsT)",
                    t_two_sided(t, df),
                    got.p_value,
                    P_VALUE,
                )
            }),
            Check::new("one_sample_t_test/degenerate", TESTS, |_| {
                expect_stats_err(
                    "one_sample_t_test(&[1])",
                    StatsError::TooFewValues { needed: 2, got: 1 },
                    one_sample_t_test(&[1.0], 0.0),
                )?;
                expect_stats_err(
                    "one_sample_t_test(&[2, 2, 2])",
                    StatsError::ZeroVariance { index: 0 },
                    one_sample_t_test(&[2.0, 2.0, 2.0], 0.0),
                )
            }),
            Check::new("welch_t_test/random", TESTS, |cx| {
                let (na, nb) = (cx.usize_in(3..=40), cx.usize_in(3..=40));
                let a: Vec<f64> = (0..na).map(|_| 1.0 + 2.0 * cx.normal()).collect();
                let shift = cx.f64_in(0.0, 2.0);
                let b: Vec<f64> = (0..nb).map(|_| 1.0 + shift + 0.7 * cx.normal()).collect();
                let (va, vb) = (plain_var(&a, 1) / na as f64, plain_var(&b, 1) / nb as f64);
                let t = (plain_mean(&a) - plain_mean(&b)) / (va + vb).sqrt();
                let df =
                    (va + vb) * (va + vb) / (va * va / (na - 1) as f64 + vb * vb / (nb - 1) as f64);
                let got = expect_ok("welch_t_test", welch_t_test(&a, &b))?;
                expect_close(
                    &format!("Welch t statistic ({na} vs {nb} values)"),
                    t,
                    got.t,
                    STATISTIC,
                )?;
                expect_close(
                    "Welch–Satterthwaite degrees of freedom",
                    df,
                    got.df,
                    STATISTIC,
                )?;
                expect_close(
                    "two-sided p-value (vs statrs StudentsT)",
                    t_two_sided(t, df),
                    got.p_value,
                    P_VALUE,
                )
            }),
            Check::new("welch_t_test/degenerate", TESTS, |_| {
                expect_stats_err(
                    "welch_t_test(&[1], &[1, 2])",
                    StatsError::TooFewValues { needed: 2, got: 1 },
                    welch_t_test(&[1.0], &[1.0, 2.0]),
                )?;
                expect_stats_err(
                    "welch_t_test of two constant groups",
                    StatsError::ZeroVariance { index: 0 },
                    welch_t_test(&[1.0, 1.0], &[2.0, 2.0, 2.0]),
                )
            }),
            // ---------------------------------------------------------------- W7 D7
            Check::new("covariance_matrix/random", CORRELATION, |cx| {
                let (n, d) = (cx.usize_in(2..=50), cx.usize_in(1..=6));
                let x = cx.matrix(n, d) * 3.0 + 1.0;
                for ddof in [0, 1] {
                    let mut expected = Array2::zeros((d, d));
                    for j in 0..d {
                        for k in 0..d {
                            let (mut mj, mut mk) = (0.0, 0.0);
                            for i in 0..n {
                                mj += x[[i, j]];
                                mk += x[[i, k]];
                            }
                            mj /= n as f64;
                            mk /= n as f64;
                            let mut s = 0.0;
                            for i in 0..n {
                                s += (x[[i, j]] - mj) * (x[[i, k]] - mk);
                            }
                            expected[[j, k]] = s / (n - ddof) as f64;
                        }
                    }
                    let got = expect_ok(
                        &format!("covariance_matrix(x, {ddof})"),
                        covariance_matrix(&x, ddof),
                    )?;
                    expect_array_close(
                        &format!("covariance of a {n}×{d} matrix, ddof {ddof}"),
                        &expected,
                        &got,
                        SUM,
                    )?;
                    ensure(
                        (0..d).all(|j| (0..d).all(|k| got[[j, k]] == got[[k, j]])),
                        || "the covariance matrix must be exactly symmetric".into(),
                    )?;
                }
                Ok(())
            }),
            Check::new("covariance_matrix/too_few", CORRELATION, |cx| {
                expect_stats_err(
                    "covariance_matrix of one row with ddof 1",
                    StatsError::TooFewValues { needed: 2, got: 1 },
                    covariance_matrix(&cx.matrix(1, 3), 1),
                )
            }),
            Check::new("correlation_matrix/random", CORRELATION, |cx| {
                let (n, d) = (cx.usize_in(3..=50), cx.usize_in(1..=6));
                let x = cx.matrix(n, d);
                let cols: Vec<Vec<f64>> = (0..d).map(|j| x.column(j).to_vec()).collect();
                let expected = Array2::from_shape_fn((d, d), |(j, k)| {
                    if j == k {
                        1.0
                    } else {
                        plain_pearson(&cols[j], &cols[k])
                    }
                });
                let got = expect_ok("correlation_matrix(x)", correlation_matrix(&x))?;
                expect_array_close(
                    &format!("correlation matrix of a {n}×{d} matrix"),
                    &expected,
                    &got,
                    SUM,
                )?;
                for j in 0..d {
                    expect_close(
                        &format!("diagonal element [{j}, {j}]"),
                        1.0,
                        got[[j, j]],
                        Tol::EXACT,
                    )?;
                }
                Ok(())
            }),
            Check::new("correlation_matrix/constant_column", CORRELATION, |cx| {
                let mut x = cx.matrix(10, 3);
                x.column_mut(1).fill(4.0);
                expect_stats_err(
                    "correlation_matrix with constant column 1",
                    StatsError::ZeroVariance { index: 1 },
                    correlation_matrix(&x),
                )
            }),
            Check::new("pearson/random", CORRELATION, |cx| {
                let n = cx.usize_in(3..=100);
                let x: Vec<f64> = (0..n).map(|_| cx.normal()).collect();
                let slope = cx.f64_in(-2.0, 2.0);
                let y: Vec<f64> = x.iter().map(|v| slope * v + cx.normal()).collect();
                let got = expect_ok("pearson(x, y)", pearson(&x, &y))?;
                expect_close(
                    &format!("Pearson r of {n} pairs"),
                    plain_pearson(&x, &y),
                    got,
                    SUM,
                )
            }),
            Check::new("pearson/economics", CORRELATION, |_| {
                // Unemployment (thousands) against the personal savings rate (%), 574 months.
                let unemploy = economics("unemploy")?;
                let psavert = economics("psavert")?;
                let got = expect_ok("pearson(unemploy, psavert)", pearson(&unemploy, &psavert))?;
                expect_close(
                    "Pearson r of economics.unemploy and economics.psavert",
                    plain_pearson(&unemploy, &psavert),
                    got,
                    SUM,
                )
            }),
            Check::new("pearson/errors", CORRELATION, |_| {
                expect_stats_err(
                    "pearson of lengths 3 and 2",
                    StatsError::LengthMismatch { left: 3, right: 2 },
                    pearson(&[1.0, 2.0, 3.0], &[1.0, 2.0]),
                )?;
                expect_stats_err(
                    "pearson with constant y",
                    StatsError::ZeroVariance { index: 1 },
                    pearson(&[1.0, 2.0, 3.0], &[5.0, 5.0, 5.0]),
                )
            }),
            Check::new("average_ranks/ties", CORRELATION, |cx| {
                let n = cx.usize_in(1..=40);
                let x = cx.int_vector(n, 0, 8).to_vec();
                let got = expect_ok("average_ranks(x)", average_ranks(&x))?;
                expect_slice_close(
                    &format!("average ranks of {x:?}"),
                    &counted_ranks(&x),
                    &got,
                    Tol::EXACT,
                )
            }),
            Check::new("spearman/random_ties", CORRELATION, |cx| {
                let n = cx.usize_in(4..=60);
                let x = cx.int_vector(n, 0, 10).to_vec();
                let y: Vec<f64> = x
                    .iter()
                    .map(|v| (v + cx.f64_in(-3.0, 3.0)).round())
                    .collect();
                let (rx, ry) = (counted_ranks(&x), counted_ranks(&y));
                if rx.iter().all(|&r| r == rx[0]) || ry.iter().all(|&r| r == ry[0]) {
                    return Ok(()); // a constant sample (vanishingly rare) has no correlation
                }
                let got = expect_ok("spearman(x, y)", spearman(&x, &y))?;
                expect_close(
                    &format!("Spearman ρ of {n} pairs with ties (average ranks)"),
                    plain_pearson(&rx, &ry),
                    got,
                    SUM,
                )
            }),
            Check::new("spearman/monotone_and_economics", CORRELATION, |cx| {
                let n = cx.usize_in(5..=50);
                let x: Vec<f64> = (0..n).map(|_| cx.normal()).collect();
                let y: Vec<f64> = x.iter().map(|v| v.exp() * 3.0).collect();
                let got = expect_ok("spearman(x, exp(x))", spearman(&x, &y))?;
                expect_close(
                    "Spearman ρ of a strictly increasing relationship",
                    1.0,
                    got,
                    SUM,
                )?;
                let (uempmed, psavert) = (economics("uempmed")?, economics("psavert")?);
                let got = expect_ok("spearman(uempmed, psavert)", spearman(&uempmed, &psavert))?;
                let expected = plain_pearson(&counted_ranks(&uempmed), &counted_ranks(&psavert));
                expect_close(
                    "Spearman ρ of economics.uempmed and economics.psavert (many ties)",
                    expected,
                    got,
                    SUM,
                )
            }),
        ],
    );
}
