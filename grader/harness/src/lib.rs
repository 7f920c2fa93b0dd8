//! The check harness behind every hidden check file in `grader/checks/`.
//!
//! A check file is a small `main` that lists its checks and hands them to [`run`]:
//!
//! ```no_run
//! use harness::prelude::*;
//!
//! fn main() {
//!     harness::run("01", vec![
//!         Check::new("dot/random", &["W4 D1-2"], |cx| {
//!             let n = cx.usize_in(1..=50);
//!             let a = cx.vector(n);
//!             let expected: f64 = a.iter().map(|x| x * x).sum();
//!             expect_close("a·a", expected, a.dot(&a), Tol::rel(1e-12))
//!         }),
//!     ]);
//! }
//! ```
//!
//! [`run`] runs the checks in a child process (the same binary, asked to run a list of
//! checks), so a check that panics, overflows its stack or loops forever cannot take the
//! others down: a panic is caught, and a child that overruns a check's time limit or dies
//! is replaced by a fresh one that carries on with the next check. The child gets the
//! run's seed; a `todo!()` panic is reported as "not started"; every outcome is printed as
//! one line (JSON with `--json`).

mod check;
mod compare;
mod context;
pub mod expect;
mod outcome;
pub mod plot;
pub mod reference;
mod runner;

pub use check::{Check, CheckResult, Failure, OrFail};
pub use compare::{CompareRow, Comparison};
pub use context::{plots_dir, workspace_root, Ctx, PLOTS_DIR_ENV};
pub use outcome::{Outcome, Status, RESULT_MARKER};
pub use runner::{run, run_with_compare};

/// Everything a check file needs: `use harness::prelude::*;`.
pub mod prelude {
    pub use crate::check::{Check, CheckResult, Failure, OrFail};
    pub use crate::compare::Comparison;
    pub use crate::context::Ctx;
    pub use crate::expect::*;
    pub use crate::fail;
    pub use crate::plot::{expect_png, expect_svg, fresh, read_png};
}

/// Return early from a check with a formatted failure message.
///
/// ```
/// # use harness::prelude::*;
/// fn check(n: usize) -> CheckResult {
///     if n == 0 {
///         fail!("expected a non-empty result, got {n} rows");
///     }
///     Ok(())
/// }
/// assert!(check(0).is_err());
/// ```
#[macro_export]
macro_rules! fail {
    ($($arg:tt)*) => {
        return ::core::result::Result::Err($crate::Failure::new(format!($($arg)*)))
    };
}
