//! A check: an id, the roadmap days it counts towards, a time limit and a body.

use std::fmt;
use std::time::Duration;

use crate::context::Ctx;

/// What a check body returns: `Ok(())` when the learner's code did the right thing.
pub type CheckResult = Result<(), Failure>;

/// Why a check did not pass, in words a learner can act on.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure(pub String);

impl Failure {
    pub fn new(message: impl Into<String>) -> Self {
        Failure(message.into())
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for Failure {
    fn from(s: String) -> Self {
        Failure(s)
    }
}

impl From<&str> for Failure {
    fn from(s: &str) -> Self {
        Failure(s.to_string())
    }
}

/// Turn any error into a [`Failure`] that says what was being done:
/// `datasets::table("titanic").or_fail("loading titanic")?`.
pub trait OrFail<T> {
    fn or_fail(self, doing: &str) -> Result<T, Failure>;
}

impl<T, E: fmt::Display> OrFail<T> for Result<T, E> {
    fn or_fail(self, doing: &str) -> Result<T, Failure> {
        self.map_err(|e| Failure::new(format!("{doing}: {e}")))
    }
}

/// The time a check may take unless it says otherwise (dev profile, 2 cores).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

type Body = Box<dyn Fn(&mut Ctx) -> CheckResult>;

/// One hidden check.
///
/// The id reads `exercise/case`: the part before the first `/` names the exercise (the
/// function the learner writes), which is what `grader hint` and `grader list` use.
pub struct Check {
    pub(crate) id: String,
    pub(crate) days: Vec<String>,
    pub(crate) timeout: Duration,
    pub(crate) body: Body,
}

impl Check {
    /// A check with the default time limit.
    ///
    /// # Panics
    /// If `id` is empty or contains whitespace, or `days` is empty: every check counts
    /// towards at least one roadmap day.
    pub fn new(id: &str, days: &[&str], body: impl Fn(&mut Ctx) -> CheckResult + 'static) -> Self {
        assert!(
            !id.is_empty() && !id.contains(char::is_whitespace),
            "check id {id:?} must be non-empty and without spaces"
        );
        assert!(
            !days.is_empty(),
            "check {id} must name at least one roadmap day"
        );
        Check {
            id: id.to_string(),
            days: days.iter().map(|d| d.to_string()).collect(),
            timeout: DEFAULT_TIMEOUT,
            body: Box::new(body),
        }
    }

    /// Override the time limit (long training checks).
    pub fn timeout(mut self, limit: Duration) -> Self {
        self.timeout = limit;
        self
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// The exercise this check belongs to: the id up to the first `/`.
    pub fn exercise(&self) -> &str {
        self.id.split('/').next().unwrap_or(&self.id)
    }
}
