//! What a check body gets: the seeded random source and generators for typical inputs.

use std::ops::RangeInclusive;

use ndarray::{Array1, Array2};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Distribution, StandardNormal};

/// The context of one check run.
///
/// All randomness in a check must come from here, so that the printed seed replays the
/// exact inputs: `cx.rng` for anything custom, or the helpers below.
pub struct Ctx {
    /// The run's seed (printed on failure).
    pub seed: u64,
    /// Seeded from the run's seed and the check id.
    pub rng: StdRng,
    /// The chapter number (`"03"`).
    pub chapter: String,
}

impl Ctx {
    /// A context whose random stream depends on the run seed and on the check id, so two
    /// checks in one run do not see the same numbers.
    pub fn new(seed: u64, check_id: &str) -> Self {
        Ctx::for_chapter("00", seed, check_id)
    }

    /// Like [`Ctx::new`], for a given chapter (what the runner uses).
    pub fn for_chapter(chapter: &str, seed: u64, check_id: &str) -> Self {
        Ctx {
            seed,
            rng: StdRng::seed_from_u64(seed ^ fnv1a(check_id.as_bytes())),
            chapter: chapter.to_string(),
        }
    }

    /// Where a check should ask the learner's code to write plot `file` (`"hist.png"`):
    /// `$WORKBOOK_PLOTS_DIR/<chapter>/file`, by default `<workspace>/plots/<chapter>/file`.
    /// The folder is created. The grader points solutions' plots elsewhere, so the
    /// learner's `plots/` only ever holds what their own code drew.
    pub fn plot_path(&self, file: &str) -> std::path::PathBuf {
        let dir = plots_dir().join(&self.chapter);
        let _ = std::fs::create_dir_all(&dir);
        dir.join(file)
    }

    /// A uniform integer in `range`.
    pub fn usize_in(&mut self, range: RangeInclusive<usize>) -> usize {
        self.rng.gen_range(range)
    }

    /// A uniform float in `[lo, hi)`.
    pub fn f64_in(&mut self, lo: f64, hi: f64) -> f64 {
        self.rng.gen_range(lo..hi)
    }

    /// A standard normal draw.
    pub fn normal(&mut self) -> f64 {
        StandardNormal.sample(&mut self.rng)
    }

    /// A vector of `n` standard normal values.
    pub fn vector(&mut self, n: usize) -> Array1<f64> {
        Array1::from_shape_fn(n, |_| self.normal())
    }

    /// A `rows × cols` matrix of standard normal values.
    pub fn matrix(&mut self, rows: usize, cols: usize) -> Array2<f64> {
        Array2::from_shape_fn((rows, cols), |_| self.normal())
    }

    /// A `rows × cols` matrix of uniform values in `[lo, hi)`.
    pub fn uniform_matrix(&mut self, rows: usize, cols: usize, lo: f64, hi: f64) -> Array2<f64> {
        Array2::from_shape_fn((rows, cols), |_| self.rng.gen_range(lo..hi))
    }

    /// A vector of `n` small integers in `[lo, hi]`, as floats: good for ties and exact sums.
    pub fn int_vector(&mut self, n: usize, lo: i64, hi: i64) -> Array1<f64> {
        Array1::from_shape_fn(n, |_| self.rng.gen_range(lo..=hi) as f64)
    }
}

/// Environment variable naming the folder plots are written to.
pub const PLOTS_DIR_ENV: &str = "WORKBOOK_PLOTS_DIR";

/// `$WORKBOOK_PLOTS_DIR`, or `plots/` at the workspace root.
pub fn plots_dir() -> std::path::PathBuf {
    std::env::var_os(PLOTS_DIR_ENV)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("plots"))
}

/// The workspace root (this crate lives in `grader/harness/`).
pub fn workspace_root() -> std::path::PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// FNV-1a: a small, stable hash (std's hasher is not stable across releases).
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_and_id_replay_the_same_inputs() {
        let a = Ctx::new(42, "x/y").matrix(3, 4);
        let b = Ctx::new(42, "x/y").matrix(3, 4);
        assert_eq!(a, b);
    }

    #[test]
    fn different_ids_see_different_inputs() {
        let a = Ctx::new(42, "x/y").vector(8);
        let b = Ctx::new(42, "x/z").vector(8);
        assert_ne!(a, b);
    }
}
