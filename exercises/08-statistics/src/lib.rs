//! Chapter 08: statistics (roadmap W7 D1-2, D3-4, D5-6, D7: summary statistics, the normal
//! and binomial distributions, hypothesis tests and p-values, correlation and covariance).
//!
//! Replace every `todo!()` with your code; read `README.md` beside this folder first.
//! `cargo grader check 08` runs the hidden checks, `cargo grader hint 08::NAME` gives a
//! hint for exercise NAME (ask again with `--level 2` and `--level 3` for more).
// Parameters are unused until you write the bodies.
#![allow(unused_variables, unused_mut)]

use ndarray::Array2;
// For `sample_normal` and `clt_sample_means`; unused until you write them.
#[allow(unused_imports)]
use rand::{rngs::StdRng, SeedableRng};
#[allow(unused_imports)]
use rand_distr::{Distribution, Normal, Uniform};

/// What can go wrong in this chapter's functions: a statistic that does not exist for the
/// input is refused with a typed error, never returned as NaN.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StatsError {
    /// No values at all.
    #[error("no values")]
    Empty,
    /// The statistic needs more values (e.g. a sample variance needs two).
    #[error("needs at least {needed} values, got {got}")]
    TooFewValues { needed: usize, got: usize },
    /// A NaN in the data: there is no sensible order or sum.
    #[error("the data contain NaN")]
    NotANumber,
    /// A parameter outside its allowed range (`p` not in [0, 1], `σ ≤ 0`, …).
    #[error("parameter {name} = {value} is out of range")]
    InvalidParameter { name: &'static str, value: f64 },
    /// Two inputs that must have the same length do not.
    #[error("lengths differ: {left} and {right}")]
    LengthMismatch { left: usize, right: usize },
    /// A variable with zero spread where a division by its spread is needed (a correlation
    /// with a constant column, a t-test on identical values).
    #[error("variable {index} has zero variance")]
    ZeroVariance { index: usize },
    /// Drawing or writing a plot failed (the message of the `charts` error).
    #[error("plot failed: {0}")]
    Plot(String),
}

/// The result of a t-test: the statistic, its degrees of freedom and the two-sided p-value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TTest {
    pub t: f64,
    pub df: f64,
    pub p_value: f64,
}

/// The result of a z-test: the statistic and the two-sided p-value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ZTest {
    pub z: f64,
    pub p_value: f64,
}

/// `ln Γ(x)` for `x > 0` (given: you do not write this one). Used by
/// [`students_t_cdf`]. Accurate to about 1e-13: the recurrence `Γ(x) = Γ(x + 1) / x` moves
/// `x` above 10, where Stirling's series with four correction terms is that precise.
///
/// ```
/// assert!((statistics::ln_gamma(5.0) - 24f64.ln()).abs() < 1e-12);
/// ```
pub fn ln_gamma(x: f64) -> f64 {
    let mut x = x;
    let mut shift = 0.0;
    while x < 10.0 {
        shift += x.ln();
        x += 1.0;
    }
    let inv = 1.0 / x;
    let inv2 = inv * inv;
    let series = inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 * (1.0 / 1260.0 - inv2 / 1680.0)));
    (x - 0.5) * x.ln() - x + 0.5 * (2.0 * std::f64::consts::PI).ln() + series - shift
}

/// The arithmetic mean `x̄ = Σ xᵢ / n` (`np.mean`).
///
/// # Errors
/// [`StatsError::Empty`] for no values.
///
/// ```
/// assert_eq!(statistics::mean(&[1.0, 2.0, 6.0]), Ok(3.0));
/// ```
///
/// Hints: `cargo grader hint 08::mean`.
pub fn mean(x: &[f64]) -> Result<f64, StatsError> {
    todo!()
}

/// The middle value of the sorted data; for an even count, the mean of the two middle
/// values (`np.median`).
///
/// # Errors
/// [`StatsError::Empty`]; [`StatsError::NotANumber`] when a value is NaN.
///
/// ```
/// assert_eq!(statistics::median(&[3.0, 1.0, 2.0]), Ok(2.0));
/// assert_eq!(statistics::median(&[4.0, 1.0, 3.0, 2.0]), Ok(2.5));
/// ```
///
/// Hints: `cargo grader hint 08::median`.
pub fn median(x: &[f64]) -> Result<f64, StatsError> {
    todo!()
}

/// The most frequent value; on a tie, the smallest of the most frequent values
/// (`scipy.stats.mode`). Values are compared exactly.
///
/// # Errors
/// [`StatsError::Empty`]; [`StatsError::NotANumber`].
///
/// ```
/// assert_eq!(statistics::mode(&[3.0, 1.0, 3.0, 1.0, 2.0]), Ok(1.0));
/// ```
///
/// Hints: `cargo grader hint 08::mode`.
pub fn mode(x: &[f64]) -> Result<f64, StatsError> {
    todo!()
}

/// The variance `Σ (xᵢ − x̄)² / (n − ddof)`: `ddof = 0` is the population variance
/// (`np.var(x)`), `ddof = 1` the unbiased sample variance (`np.var(x, ddof=1)`, pandas'
/// default). Compute the mean first, then the squared deviations (two passes): the
/// one-pass shortcut `E[x²] − x̄²` loses every digit when the values are large.
///
/// # Errors
/// [`StatsError::TooFewValues`] when `n ≤ ddof`.
///
/// ```
/// assert_eq!(statistics::variance(&[1.0, 2.0, 3.0, 4.0], 0), Ok(1.25));
/// assert_eq!(statistics::variance(&[1.0, 2.0, 3.0, 4.0], 1), Ok(5.0 / 3.0));
/// ```
///
/// Hints: `cargo grader hint 08::variance`.
pub fn variance(x: &[f64], ddof: usize) -> Result<f64, StatsError> {
    todo!()
}

/// The standard deviation: the square root of [`variance`] with the same `ddof`
/// (`np.std(x, ddof=…)`).
///
/// # Errors
/// Those of [`variance`].
///
/// ```
/// assert_eq!(statistics::std_dev(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0], 0), Ok(2.0));
/// ```
///
/// Hints: `cargo grader hint 08::std_dev`.
pub fn std_dev(x: &[f64], ddof: usize) -> Result<f64, StatsError> {
    todo!()
}

/// The `q`-quantile with NumPy's default rule (linear interpolation, "type 7"): sort the
/// values, let `h = (n − 1)·q`, and interpolate between the sorted values at `⌊h⌋` and
/// `⌊h⌋ + 1`: `v[⌊h⌋] + (h − ⌊h⌋)·(v[⌊h⌋+1] − v[⌊h⌋])` (`np.quantile(x, q)`).
///
/// # Errors
/// [`StatsError::Empty`]; [`StatsError::NotANumber`];
/// [`StatsError::InvalidParameter`] when `q` is not in `[0, 1]`.
///
/// ```
/// assert_eq!(statistics::quantile(&[1.0, 2.0, 3.0, 4.0], 0.25), Ok(1.75));
/// ```
///
/// Hints: `cargo grader hint 08::quantile`.
pub fn quantile(x: &[f64], q: f64) -> Result<f64, StatsError> {
    todo!()
}

/// The error function `erf(x) = 2/√π ∫₀ˣ e^(−t²) dt`, with the Abramowitz & Stegun
/// approximation 7.1.26 (absolute error below 1.5e-7):
/// `erf(x) ≈ 1 − (a₁t + a₂t² + a₃t³ + a₄t⁴ + a₅t⁵)·e^(−x²)` with `t = 1/(1 + 0.3275911·x)`
/// for `x ≥ 0`, `a = (0.254829592, −0.284496736, 1.421413741, −1.453152027, 1.061405429)`,
/// and `erf(−x) = −erf(x)`. The checks accept an error up to 5e-7.
///
/// ```
/// assert!((statistics::erf(1.0) - 0.8427007929).abs() < 5e-7);
/// ```
///
/// Hints: `cargo grader hint 08::erf`.
pub fn erf(x: f64) -> f64 {
    todo!()
}

/// The normal density `φ(x) = exp(−(x − μ)² / (2σ²)) / (σ√(2π))`
/// (`scipy.stats.norm.pdf(x, mu, sigma)`).
///
/// # Errors
/// [`StatsError::InvalidParameter`] when `σ ≤ 0`.
///
/// ```
/// let p = statistics::normal_pdf(0.0, 0.0, 1.0).unwrap();
/// assert!((p - 0.3989422804014327).abs() < 1e-15);
/// ```
///
/// Hints: `cargo grader hint 08::normal_pdf`.
pub fn normal_pdf(x: f64, mu: f64, sigma: f64) -> Result<f64, StatsError> {
    todo!()
}

/// The normal cumulative distribution `Φ(x) = P(X ≤ x) = ½(1 + erf((x − μ)/(σ√2)))`
/// (`scipy.stats.norm.cdf`), using your [`erf`]: accurate to about 1e-7.
///
/// # Errors
/// [`StatsError::InvalidParameter`] when `σ ≤ 0`.
///
/// ```
/// assert!((statistics::normal_cdf(1.96, 0.0, 1.0).unwrap() - 0.9750021).abs() < 1e-6);
/// ```
///
/// Hints: `cargo grader hint 08::normal_cdf`.
pub fn normal_cdf(x: f64, mu: f64, sigma: f64) -> Result<f64, StatsError> {
    todo!()
}

/// The binomial probability `P(K = k) = C(n, k) pᵏ (1 − p)ⁿ⁻ᵏ` of `k` successes in `n`
/// trials (`scipy.stats.binom.pmf`). Computed in log space —
/// `ln C(n, k) = Σᵢ₌₁ᵏ ln((n − k + i)/i)` plus `k ln p + (n − k) ln(1 − p)`, then `exp` —
/// because `C(1000, 500)` overflows f64 while the probability is a modest 0.025. `k > n`
/// has probability 0; mind `p = 0` and `p = 1` (`ln 0`).
///
/// # Errors
/// [`StatsError::InvalidParameter`] when `p` is not in `[0, 1]`.
///
/// ```
/// let p = statistics::binomial_pmf(2, 4, 0.5).unwrap();
/// assert!((p - 0.375).abs() < 1e-12);
/// ```
///
/// Hints: `cargo grader hint 08::binomial_pmf`.
pub fn binomial_pmf(k: u64, n: u64, p: f64) -> Result<f64, StatsError> {
    todo!()
}

/// The binomial cumulative probability `P(K ≤ k) = Σᵢ₌₀ᵏ P(K = i)`
/// (`scipy.stats.binom.cdf`), clamped to at most 1.
///
/// # Errors
/// [`StatsError::InvalidParameter`] when `p` is not in `[0, 1]`.
///
/// ```
/// let c = statistics::binomial_cdf(1, 2, 0.5).unwrap();
/// assert!((c - 0.75).abs() < 1e-12);
/// ```
///
/// Hints: `cargo grader hint 08::binomial_cdf`.
pub fn binomial_cdf(k: u64, n: u64, p: f64) -> Result<f64, StatsError> {
    todo!()
}

/// `n` draws from the normal distribution `N(μ, σ²)`, reproducibly: the same `seed` gives
/// the same numbers (`np.random.default_rng(seed).normal(mu, sigma, n)`). Use
/// `rand::rngs::StdRng::seed_from_u64(seed)` and `rand_distr::Normal`.
///
/// # Errors
/// [`StatsError::InvalidParameter`] when `σ ≤ 0`.
///
/// ```
/// let a = statistics::sample_normal(5, 10.0, 2.0, 42).unwrap();
/// assert_eq!(a, statistics::sample_normal(5, 10.0, 2.0, 42).unwrap());
/// ```
///
/// Hints: `cargo grader hint 08::sample_normal`.
pub fn sample_normal(n: usize, mu: f64, sigma: f64, seed: u64) -> Result<Vec<f64>, StatsError> {
    todo!()
}

/// The central limit theorem by simulation: `samples` sample means, each the mean of
/// `draws` independent Uniform(0, 1) values, from `StdRng::seed_from_u64(seed)`. Whatever
/// the shape of the uniform distribution, these means are close to normal with mean ½ and
/// variance `σ²/draws = 1/(12·draws)`.
///
/// # Errors
/// [`StatsError::TooFewValues`] when `draws == 0`.
///
/// ```
/// let means = statistics::clt_sample_means(30, 1000, 7).unwrap();
/// assert_eq!(means.len(), 1000);
/// assert!(means.iter().all(|&m| (0.0..=1.0).contains(&m)));
/// ```
///
/// Hints: `cargo grader hint 08::clt_sample_means`.
pub fn clt_sample_means(draws: usize, samples: usize, seed: u64) -> Result<Vec<f64>, StatsError> {
    todo!()
}

/// Draw the central limit theorem: a histogram of the sample `means`, with the normal
/// density the theorem predicts, `N(½, 1/(12·draws))`, drawn over it as a line. Use 40 bins
/// between the smallest and largest mean, scaled as a density (`count / (n · bin width)`, so
/// the bars' total area is 1). Written to `out` (PNG or SVG by its extension) of `size` pixels with
/// `charts::with_canvas`; use `charts::FONT` for text. `use plotters::prelude::*;` inside the
/// function brings `ChartBuilder`, `Rectangle`, `LineSeries` and the colours.
///
/// # Errors
/// [`StatsError::Empty`] for no means; [`StatsError::TooFewValues`] when `draws == 0`;
/// [`StatsError::Plot`] when drawing or writing fails.
///
/// ```no_run
/// let means = statistics::clt_sample_means(10, 5000, 1).unwrap();
/// let out = std::path::Path::new("plots/08/clt.png");
/// statistics::plot_sampling_distribution(&means, 10, out, (640, 480)).unwrap();
/// ```
///
/// Hints: `cargo grader hint 08::plot_sampling_distribution`.
pub fn plot_sampling_distribution(
    means: &[f64],
    draws: usize,
    out: &std::path::Path,
    size: (u32, u32),
) -> Result<(), StatsError> {
    todo!()
}

/// Student's t cumulative distribution `P(T ≤ t)` with `df = ν` degrees of freedom
/// (`scipy.stats.t.cdf(t, df)`), by numerical integration.
///
/// Substitute `t = √ν·tan θ`: the density becomes `c·cos^(ν−1) θ` on `(−π/2, π/2)` with
/// `c = Γ((ν+1)/2) / (√π·Γ(ν/2))`, a smooth bounded function on a finite interval. So
/// `P(T ≤ t) = ½ + sign(t)·c·∫₀^θₜ cos^(ν−1) θ dθ` with `θₜ = atan(|t|/√ν)`, and Simpson's
/// rule with 2 000 intervals gives about 1e-10 for `ν = 1` and `ν ≥ 2` (the checks ask for
/// 1e-6). Use the given [`ln_gamma`] for `c`.
///
/// # Errors
/// [`StatsError::InvalidParameter`] when `df < 1`.
///
/// ```
/// // With one degree of freedom, T is Cauchy: P(T ≤ 1) = ¾.
/// assert!((statistics::students_t_cdf(1.0, 1.0).unwrap() - 0.75).abs() < 1e-9);
/// ```
///
/// Hints: `cargo grader hint 08::students_t_cdf`.
pub fn students_t_cdf(t: f64, df: f64) -> Result<f64, StatsError> {
    todo!()
}

/// The two-sided one-sample z-test of `H₀: μ = mu0` when the population `σ` is known:
/// `z = (x̄ − μ₀) / (σ/√n)` and `p = 2·(1 − Φ(|z|))` with your [`normal_cdf`].
///
/// # Errors
/// [`StatsError::Empty`]; [`StatsError::InvalidParameter`] when `σ ≤ 0`.
///
/// ```
/// let r = statistics::z_test(&[1.0, 2.0, 3.0, 4.0], 2.0, 1.0).unwrap();
/// assert!((r.z - 1.0).abs() < 1e-12);
/// assert!((r.p_value - 0.3173105).abs() < 1e-6);
/// ```
///
/// Hints: `cargo grader hint 08::z_test`.
pub fn z_test(x: &[f64], mu0: f64, sigma: f64) -> Result<ZTest, StatsError> {
    todo!()
}

/// The two-sided one-sample t-test of `H₀: μ = mu0` with unknown σ
/// (`scipy.stats.ttest_1samp(x, mu0)`): `t = (x̄ − μ₀) / (s/√n)` with the sample standard
/// deviation `s` (ddof 1), `df = n − 1`, `p = 2·(1 − F(|t|))` with your [`students_t_cdf`].
///
/// # Errors
/// [`StatsError::TooFewValues`] for fewer than 2 values; [`StatsError::ZeroVariance`]
/// when all values are equal.
///
/// ```
/// let r = statistics::one_sample_t_test(&[5.1, 4.9, 5.3, 5.2, 4.8], 5.0).unwrap();
/// assert_eq!(r.df, 4.0);
/// assert!((r.t - 0.6469966).abs() < 1e-6);
/// ```
///
/// Hints: `cargo grader hint 08::one_sample_t_test`.
pub fn one_sample_t_test(x: &[f64], mu0: f64) -> Result<TTest, StatsError> {
    todo!()
}

/// Welch's two-sample t-test of `H₀: μ_a = μ_b` without assuming equal variances
/// (`scipy.stats.ttest_ind(a, b, equal_var=False)`):
/// `t = (ā − b̄) / √(s_a²/n_a + s_b²/n_b)` and the Welch–Satterthwaite degrees of freedom
/// `df = (s_a²/n_a + s_b²/n_b)² / ((s_a²/n_a)²/(n_a − 1) + (s_b²/n_b)²/(n_b − 1))`,
/// two-sided `p = 2·(1 − F(|t|))`. Sample variances use ddof 1.
///
/// # Errors
/// [`StatsError::TooFewValues`] when a group has fewer than 2 values;
/// [`StatsError::ZeroVariance`] when both groups are constant.
///
/// ```
/// let r = statistics::welch_t_test(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]).unwrap();
/// assert!((r.t + 3.6742346).abs() < 1e-6);
/// assert!((r.df - 4.0).abs() < 1e-12);
/// ```
///
/// Hints: `cargo grader hint 08::welch_t_test`.
pub fn welch_t_test(a: &[f64], b: &[f64]) -> Result<TTest, StatsError> {
    todo!()
}

/// The covariance matrix of the columns of `x` (rows are observations, columns are
/// variables): `Cⱼₖ = Σᵢ (xᵢⱼ − x̄ⱼ)(xᵢₖ − x̄ₖ) / (n − ddof)`
/// (`np.cov(x, rowvar=False, ddof=…)`, `df.cov()` with ddof 1).
///
/// # Errors
/// [`StatsError::TooFewValues`] when `n ≤ ddof`.
///
/// ```
/// let x = ndarray::array![[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]];
/// let c = statistics::covariance_matrix(&x, 1).unwrap();
/// assert_eq!(c, ndarray::array![[1.0, 2.0], [2.0, 4.0]]);
/// ```
///
/// Hints: `cargo grader hint 08::covariance_matrix`.
pub fn covariance_matrix(x: &Array2<f64>, ddof: usize) -> Result<Array2<f64>, StatsError> {
    todo!()
}

/// The Pearson correlation matrix of the columns of `x`:
/// `Rⱼₖ = Cⱼₖ / √(Cⱼⱼ Cₖₖ)` (`np.corrcoef(x, rowvar=False)`, `df.corr()`), with an exact
/// 1 on the diagonal.
///
/// # Errors
/// [`StatsError::TooFewValues`] for fewer than 2 rows; [`StatsError::ZeroVariance`] naming
/// the first constant column.
///
/// ```
/// let x = ndarray::array![[1.0, 3.0], [2.0, 2.0], [3.0, 1.0]];
/// let r = statistics::correlation_matrix(&x).unwrap();
/// assert_eq!(r, ndarray::array![[1.0, -1.0], [-1.0, 1.0]]);
/// ```
///
/// Hints: `cargo grader hint 08::correlation_matrix`.
pub fn correlation_matrix(x: &Array2<f64>) -> Result<Array2<f64>, StatsError> {
    todo!()
}

/// The Pearson correlation of two equally long samples:
/// `r = Σ (xᵢ − x̄)(yᵢ − ȳ) / √(Σ (xᵢ − x̄)² · Σ (yᵢ − ȳ)²)` (`scipy.stats.pearsonr`),
/// clamped into `[−1, 1]`.
///
/// # Errors
/// [`StatsError::LengthMismatch`]; [`StatsError::TooFewValues`] for fewer than 2 values;
/// [`StatsError::ZeroVariance`] (index 0 for `x`, 1 for `y`) when either is constant.
///
/// ```
/// let r = statistics::pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 7.0]).unwrap();
/// assert!((r - 0.9933992677987828).abs() < 1e-12);
/// ```
///
/// Hints: `cargo grader hint 08::pearson`.
pub fn pearson(x: &[f64], y: &[f64]) -> Result<f64, StatsError> {
    todo!()
}

/// The ranks of `x`, 1 for the smallest, with ties given the average of the ranks they
/// span (`scipy.stats.rankdata(x)`, `pd.Series.rank()`): `[10, 20, 20, 30]` ranks as
/// `[1, 2.5, 2.5, 4]`.
///
/// # Errors
/// [`StatsError::NotANumber`].
///
/// ```
/// assert_eq!(statistics::average_ranks(&[30.0, 10.0, 20.0, 20.0]), Ok(vec![4.0, 1.0, 2.5, 2.5]));
/// ```
///
/// Hints: `cargo grader hint 08::average_ranks`.
pub fn average_ranks(x: &[f64]) -> Result<Vec<f64>, StatsError> {
    todo!()
}

/// Spearman's rank correlation: the Pearson correlation of the [`average_ranks`] of `x`
/// and of `y` (`scipy.stats.spearmanr`). It measures any monotone relationship, not only
/// a straight line, and is robust to outliers.
///
/// # Errors
/// Those of [`pearson`] and [`average_ranks`].
///
/// ```
/// // y = x³ is monotone: Spearman is exactly 1 although Pearson is not.
/// let r = statistics::spearman(&[1.0, 2.0, 3.0, 4.0], &[1.0, 8.0, 27.0, 64.0]).unwrap();
/// assert!((r - 1.0).abs() < 1e-12);
/// ```
///
/// Hints: `cargo grader hint 08::spearman`.
pub fn spearman(x: &[f64], y: &[f64]) -> Result<f64, StatsError> {
    todo!()
}
