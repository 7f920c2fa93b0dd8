//! Running a chapter's hidden checks and collecting their outcomes.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};
use harness::{Outcome, Status};

use crate::build::{self, Built, CompileError};
use crate::workspace::{Chapter, Side, Workspace};

/// Options for one grading run.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub seed: Option<u64>,
    /// Only these exercises or check ids.
    pub only: Vec<String>,
    /// Hide cargo's build progress.
    pub quiet_build: bool,
}

/// What grading one side of one chapter produced.
pub enum ChapterRun {
    Graded(Vec<Outcome>),
    CompileError(CompileError),
}

/// Build and run the checks of `chapter` on `side`, calling `on_outcome` as each check
/// finishes (so a long chapter shows progress).
pub fn run_chapter(
    ws: &Workspace,
    chapter: &Chapter,
    side: Side,
    opts: &RunOptions,
    mut on_outcome: impl FnMut(&Outcome),
) -> Result<ChapterRun> {
    let exe = match build::build(ws, chapter, side, opts.quiet_build)? {
        Built::Binary(exe) => exe,
        Built::Failed(e) => return Ok(ChapterRun::CompileError(e)),
    };
    let mut cmd = Command::new(&exe);
    cmd.current_dir(&ws.root).arg("--json");
    if let Some(seed) = opts.seed {
        cmd.args(["--seed", &seed.to_string()]);
    }
    for o in &opts.only {
        cmd.args(["--only", o]);
    }
    // The solutions' plots go under target/, so plots/ only ever shows the learner's own.
    if side == Side::Solutions {
        cmd.env(
            harness::PLOTS_DIR_ENV,
            ws.root.join("target").join("solution-plots"),
        );
    }
    let outcomes = collect(cmd, &exe, &mut on_outcome)?;
    Ok(ChapterRun::Graded(outcomes))
}

fn collect(
    mut cmd: Command,
    exe: &Path,
    on_outcome: &mut impl FnMut(&Outcome),
) -> Result<Vec<Outcome>> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot run {}", exe.display()))?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut outcomes = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.context("reading the checks' output")?;
        if let Ok(o) = serde_json::from_str::<Outcome>(&line) {
            on_outcome(&o);
            outcomes.push(o);
        }
    }
    let output = child.wait_with_output().context("waiting for the checks")?;
    // Exit 0: all passed; 1: some did not; anything else: the harness itself refused.
    if !matches!(output.status.code(), Some(0) | Some(1)) {
        let stderr = String::from_utf8_lossy(&output.stderr);
        bail!(
            "the check binary stopped unexpectedly ({}): {}",
            output.status,
            stderr.trim()
        );
    }
    Ok(outcomes)
}

/// List the checks of a built chapter without running them.
pub fn list_checks(
    ws: &Workspace,
    chapter: &Chapter,
    side: Side,
) -> Result<Result<Vec<serde_json::Value>, CompileError>> {
    let exe = match build::build(ws, chapter, side, true)? {
        Built::Binary(exe) => exe,
        Built::Failed(e) => return Ok(Err(e)),
    };
    let out = Command::new(&exe)
        .arg("--list")
        .output()
        .with_context(|| format!("cannot run {}", exe.display()))?;
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(Ok(text
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()))
}

/// Run the chapter's comparison (`--compare`) and hand back its printed table.
pub fn compare(
    ws: &Workspace,
    chapter: &Chapter,
    side: Side,
) -> Result<Result<String, CompileError>> {
    let exe = match build::build(ws, chapter, side, false)? {
        Built::Binary(exe) => exe,
        Built::Failed(e) => return Ok(Err(e)),
    };
    let mut cmd = Command::new(&exe);
    cmd.current_dir(&ws.root).arg("--compare");
    if side == Side::Solutions {
        cmd.env(
            harness::PLOTS_DIR_ENV,
            ws.root.join("target").join("solution-plots"),
        );
    }
    let out = cmd
        .output()
        .with_context(|| format!("cannot run {}", exe.display()))?;
    if !out.status.success() {
        bail!(
            "{}",
            String::from_utf8_lossy(&out.stderr)
                .trim()
                .trim_start_matches("error: ")
        );
    }
    Ok(Ok(String::from_utf8_lossy(&out.stdout).into_owned()))
}

/// Outcomes standing in for every check of a chapter that did not compile, so that days
/// and counts stay honest.
pub fn compile_error_outcomes(
    chapter: &Chapter,
    e: &CompileError,
    known: &[Outcome],
) -> Vec<Outcome> {
    known
        .iter()
        .map(|o| Outcome {
            chapter: chapter.num(),
            check: o.check.clone(),
            days: o.days.clone(),
            status: Status::CompileError,
            message: e.headline.clone(),
            seed: 0,
            ms: 0,
            output: String::new(),
        })
        .collect()
}
