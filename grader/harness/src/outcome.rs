//! The result of one check, as printed on one JSON line and read back by the grader.

use serde::{Deserialize, Serialize};

/// The line prefix a child process uses to hand its result to the parent.
pub const RESULT_MARKER: &str = "@@harness-result@@";

/// How a check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Passed,
    Failed,
    /// The learner's code reached a `todo!()`: the exercise is not started yet.
    NotStarted,
    TimedOut,
    /// The chapter did not compile (set by the grader, never by the harness).
    CompileError,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::Failed => "failed",
            Status::NotStarted => "not_started",
            Status::TimedOut => "timed_out",
            Status::CompileError => "compile_error",
        }
    }
}

/// One check's outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// Chapter number, two digits (`"01"`).
    pub chapter: String,
    /// Check id, `exercise/case`.
    pub check: String,
    /// Roadmap day ids this check counts towards.
    pub days: Vec<String>,
    pub status: Status,
    /// Empty when passed; otherwise what was expected and what came back.
    pub message: String,
    /// The seed every random input was drawn from; `--seed` replays it.
    pub seed: u64,
    pub ms: u64,
    /// What the learner's code printed (capped), if anything.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub output: String,
}

impl Outcome {
    pub fn exercise(&self) -> &str {
        self.check.split('/').next().unwrap_or(&self.check)
    }
}
