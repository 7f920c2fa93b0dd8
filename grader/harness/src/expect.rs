//! Comparisons that explain themselves.
//!
//! Every helper returns a [`CheckResult`] whose failure message says what was expected
//! and what came back: shapes first, then the worst element with the tolerance used, e.g.
//! `w: expected shape [3, 2], got [2, 3]` or
//! `w[4]: expected 0.5312 ± 1e-6, got 0.5128 (worst of 6 elements; rel 1e-9, abs 1e-6)`.

use std::fmt::{Debug, Display};

use ndarray::{ArrayBase, Data, Dimension};

use crate::check::{CheckResult, Failure};

/// A tolerance: `|got - expected| <= abs + rel * |expected|`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tol {
    pub rel: f64,
    pub abs: f64,
}

impl Tol {
    /// Bit-for-bit equality (NaN equals NaN).
    pub const EXACT: Tol = Tol { rel: 0.0, abs: 0.0 };

    pub const fn new(rel: f64, abs: f64) -> Self {
        Tol { rel, abs }
    }

    /// Relative tolerance, with an absolute floor of the same size for values near zero.
    pub const fn rel(rel: f64) -> Self {
        Tol { rel, abs: rel }
    }

    /// Absolute tolerance only.
    pub const fn abs(abs: f64) -> Self {
        Tol { rel: 0.0, abs }
    }

    /// The allowed distance around `expected`.
    pub fn allowed(&self, expected: f64) -> f64 {
        self.abs + self.rel * expected.abs()
    }

    /// Whether `got` is close enough to `expected`. NaN only matches NaN; infinities only
    /// match themselves.
    pub fn accepts(&self, expected: f64, got: f64) -> bool {
        if expected.is_nan() || got.is_nan() {
            return expected.is_nan() && got.is_nan();
        }
        if expected.is_infinite() || got.is_infinite() {
            return expected == got;
        }
        (got - expected).abs() <= self.allowed(expected)
    }
}

impl Display for Tol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "rel {:e}, abs {:e}", self.rel, self.abs)
    }
}

/// Pass when `condition` holds, otherwise fail with `message`.
pub fn ensure(condition: bool, message: impl FnOnce() -> String) -> CheckResult {
    if condition {
        Ok(())
    } else {
        Err(Failure::new(message()))
    }
}

/// Exact equality for anything printable: `what: expected 3, got 4`.
pub fn expect_eq<T: PartialEq + Debug>(what: &str, expected: T, got: T) -> CheckResult {
    ensure(expected == got, || {
        format!("{what}: expected {expected:?}, got {got:?}")
    })
}

/// One float within a tolerance: `what: expected 0.5312 ± 1e-6, got 0.5128`.
pub fn expect_close(what: &str, expected: f64, got: f64, tol: Tol) -> CheckResult {
    ensure(tol.accepts(expected, got), || {
        format!(
            "{what}: expected {} ± {:.1e}, got {} ({tol})",
            fmt_num(expected),
            tol.allowed(expected),
            fmt_num(got)
        )
    })
}

/// Shapes must match exactly: `what: expected shape [3, 2], got [2, 3]`.
pub fn expect_shape(what: &str, expected: &[usize], got: &[usize]) -> CheckResult {
    ensure(expected == got, || {
        format!("{what}: expected shape {expected:?}, got {got:?}")
    })
}

/// Arrays of any dimension and float type: same shape, then every element within `tol`.
/// The message names the worst element by its index.
pub fn expect_array_close<S1, S2, A, B, D>(
    what: &str,
    expected: &ArrayBase<S1, D>,
    got: &ArrayBase<S2, D>,
    tol: Tol,
) -> CheckResult
where
    S1: Data<Elem = A>,
    S2: Data<Elem = B>,
    A: Copy + Into<f64>,
    B: Copy + Into<f64>,
    D: Dimension,
{
    expect_shape(what, expected.shape(), got.shape())?;
    let mut worst: Option<(D::Pattern, f64, f64, f64)> = None;
    for ((index, &e), &g) in expected.indexed_iter().zip(got.iter()) {
        let (e, g): (f64, f64) = (e.into(), g.into());
        if tol.accepts(e, g) {
            continue;
        }
        // Badness: how many allowed widths away (NaN and wrong infinities count as worst).
        let badness = if e.is_finite() && g.is_finite() {
            (g - e).abs() / tol.allowed(e).max(f64::MIN_POSITIVE)
        } else {
            f64::INFINITY
        };
        if worst.as_ref().is_none_or(|w| badness > w.3) {
            worst = Some((index, e, g, badness));
        }
    }
    match worst {
        None => Ok(()),
        Some((index, e, g, _)) => {
            let bad = expected
                .iter()
                .zip(got.iter())
                .filter(|(&e, &g)| !tol.accepts(e.into(), g.into()))
                .count();
            Err(Failure::new(format!(
                "{what}{}: expected {} ± {:.1e}, got {} (worst of {bad} wrong elements out of {}; {tol})",
                fmt_index(&format!("{index:?}")),
                fmt_num(e),
                tol.allowed(e),
                fmt_num(g),
                expected.len()
            )))
        }
    }
}

/// Slices of floats: same length, then every element within `tol`.
pub fn expect_slice_close(what: &str, expected: &[f64], got: &[f64], tol: Tol) -> CheckResult {
    let e = ndarray::ArrayView1::from(expected);
    let g = ndarray::ArrayView1::from(got);
    expect_array_close(what, &e, &g, tol)
}

/// A `Result` the learner returned must be `Ok`; hands back the value.
pub fn expect_ok<T, E: Debug>(what: &str, result: Result<T, E>) -> Result<T, Failure> {
    result.map_err(|e| Failure::new(format!("{what}: expected Ok(..), got Err({e:?})")))
}

/// A `Result` the learner returned must be `Err` (bad input must be refused, not turned
/// into NaNs); hands back the error.
pub fn expect_err<T: Debug, E>(what: &str, result: Result<T, E>) -> Result<E, Failure> {
    match result {
        Ok(v) => {
            let shown = format!("{v:?}");
            let shown = if shown.len() > 120 {
                format!("{}…", &shown[..shown.floor_char_boundary(120)])
            } else {
                shown
            };
            Err(Failure::new(format!(
                "{what}: expected an error, got Ok({shown})"
            )))
        }
        Err(e) => Ok(e),
    }
}

/// Every value finite (no NaN, no infinity).
pub fn expect_finite<S, A, D>(what: &str, got: &ArrayBase<S, D>) -> CheckResult
where
    S: Data<Elem = A>,
    A: Copy + Into<f64>,
    D: Dimension,
{
    match got.indexed_iter().find(|(_, &v)| !v.into().is_finite()) {
        None => Ok(()),
        Some((index, &v)) => Err(Failure::new(format!(
            "{what}{}: expected a finite number, got {}",
            fmt_index(&format!("{index:?}")),
            v.into()
        ))),
    }
}

/// `(2, 1)` → `[2, 1]`, `3` → `[3]`.
fn fmt_index(debug: &str) -> String {
    let inner = debug.trim_start_matches('(').trim_end_matches(')');
    let inner = inner.trim_end_matches(',');
    format!("[{inner}]")
}

/// Short but exact enough to compare by eye.
pub fn fmt_num(x: f64) -> String {
    if x == 0.0 || x.is_nan() || x.is_infinite() {
        return format!("{x}");
    }
    let magnitude = x.abs();
    if (1e-4..1e7).contains(&magnitude) {
        let s = format!("{x:.10}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        s.to_string()
    } else {
        format!("{x:.6e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn shape_is_reported_before_values() {
        let e = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
        let g = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
        let err = expect_array_close("w", &e, &g, Tol::rel(1e-9)).unwrap_err();
        assert_eq!(err.0, "w: expected shape [3, 2], got [2, 3]");
    }

    #[test]
    fn worst_element_is_named_with_tolerance() {
        let e = array![0.5312, 1.0, 2.0, 3.0, 0.5312, 7.0];
        let mut g = e.clone();
        g[1] = 1.001;
        g[4] = 0.5128;
        let err = expect_array_close("w", &e, &g, Tol::new(1e-9, 1e-6)).unwrap_err();
        assert!(
            err.0
                .starts_with("w[4]: expected 0.5312 ± 1.0e-6, got 0.5128"),
            "{}",
            err.0
        );
        assert!(
            err.0.contains("worst of 2 wrong elements out of 6"),
            "{}",
            err.0
        );
    }

    #[test]
    fn nan_never_matches_a_number() {
        assert!(!Tol::rel(1.0).accepts(1.0, f64::NAN));
        assert!(Tol::EXACT.accepts(f64::NAN, f64::NAN));
        let e = array![1.0, 2.0];
        let g = array![1.0, f64::NAN];
        let err = expect_array_close("v", &e, &g, Tol::rel(1e-3)).unwrap_err();
        assert!(err.0.starts_with("v[1]: expected 2 ±"), "{}", err.0);
    }

    #[test]
    fn close_values_pass() {
        assert!(expect_close("x", 1.0, 1.0 + 1e-12, Tol::rel(1e-9)).is_ok());
        let e = array![[1.0f32, 2.0]];
        let g = array![[1.0f64, 2.0 + 1e-9]];
        assert!(expect_array_close("m", &e, &g, Tol::rel(1e-6)).is_ok());
    }

    #[test]
    fn errors_and_oks_are_told_apart() {
        let bad: Result<i32, &str> = Ok(3);
        assert_eq!(
            expect_err("solve", bad).unwrap_err().0,
            "solve: expected an error, got Ok(3)"
        );
        let ok: Result<i32, &str> = Err("singular");
        assert!(expect_ok("solve", ok).unwrap_err().0.contains("singular"));
    }
}
