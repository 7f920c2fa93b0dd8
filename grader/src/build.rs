//! Building a chapter's hidden-check binary with cargo, and reading its first error.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::workspace::{Chapter, Side, Workspace};

/// The first compiler error of a chapter that does not build.
#[derive(Debug, Clone)]
pub struct CompileError {
    /// `exercises/01-arrays/src/lib.rs:12:5`, when the compiler named a place.
    pub location: Option<String>,
    /// The error as rustc renders it (with the code excerpt), without colours.
    pub rendered: String,
    /// The first line of the error (`error[E0308]: mismatched types`).
    pub headline: String,
    /// How many errors there were.
    pub count: usize,
}

/// What `cargo test --no-run` produced.
pub enum Built {
    Binary(PathBuf),
    Failed(CompileError),
}

#[derive(Deserialize)]
struct Message {
    reason: String,
    #[serde(default)]
    message: Option<Diagnostic>,
    #[serde(default)]
    target: Option<Target>,
    #[serde(default)]
    executable: Option<PathBuf>,
}

#[derive(Deserialize)]
struct Target {
    name: String,
}

#[derive(Deserialize)]
struct Diagnostic {
    level: String,
    message: String,
    #[serde(default)]
    rendered: Option<String>,
    #[serde(default)]
    spans: Vec<Span>,
}

#[derive(Deserialize)]
struct Span {
    file_name: String,
    line_start: usize,
    column_start: usize,
    is_primary: bool,
}

/// The cargo that runs us (`$CARGO` under `cargo run`), or `cargo` from `PATH`.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Build the `hidden` test target of one side of a chapter. Cargo's progress goes to our
/// stderr (a cold build takes minutes and should not look frozen); its JSON messages are
/// read for the executable or the first error.
pub fn build(ws: &Workspace, chapter: &Chapter, side: Side, quiet: bool) -> Result<Built> {
    let package = chapter.package(side);
    let mut cmd = cargo();
    cmd.current_dir(&ws.root)
        .args([
            "test",
            "--no-run",
            "--message-format=json",
            "-p",
            &package,
            "--test",
            "hidden",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(if quiet {
            Stdio::null()
        } else {
            Stdio::inherit()
        });
    // A grader started by `cargo run` sees cargo's own variables; none of them should leak
    // into the build of the learner's crate.
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if key.starts_with("CARGO_PKG_")
            || key == "CARGO_MANIFEST_DIR"
            || key == "CARGO_PRIMARY_PACKAGE"
        {
            cmd.env_remove(key.as_ref());
        }
    }
    let mut child = cmd
        .spawn()
        .context("cannot start cargo (is it installed and on PATH?)")?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut executable = None;
    let mut errors: Vec<CompileError> = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.context("reading cargo's output")?;
        let Ok(msg) = serde_json::from_str::<Message>(&line) else {
            continue;
        };
        match msg.reason.as_str() {
            "compiler-artifact" if msg.target.as_ref().is_some_and(|t| t.name == "hidden") => {
                executable = msg.executable.or(executable);
            }
            "compiler-message" => {
                if let Some(d) = msg.message.filter(|d| d.level == "error") {
                    errors.push(to_compile_error(d));
                }
            }
            _ => {}
        }
    }
    let status = child.wait().context("waiting for cargo")?;
    if let Some(mut first) = errors.first().cloned() {
        // rustc ends with "aborting due to N previous errors": count the real ones.
        let real = errors
            .iter()
            .filter(|e| !e.headline.starts_with("aborting due to"))
            .count();
        first.count = real.max(1);
        return Ok(Built::Failed(first));
    }
    match (status.success(), executable) {
        (true, Some(exe)) => Ok(Built::Binary(exe)),
        (_, _) => Ok(Built::Failed(CompileError {
            location: None,
            rendered: format!("cargo could not build {package} (exit status {status}); run `cargo test -p {package} --test hidden --no-run` to see why"),
            headline: format!("cargo could not build {package}"),
            count: 1,
        })),
    }
}

fn to_compile_error(d: Diagnostic) -> CompileError {
    let location = d
        .spans
        .iter()
        .find(|s| s.is_primary)
        .map(|s| format!("{}:{}:{}", s.file_name, s.line_start, s.column_start));
    let rendered = d.rendered.unwrap_or_else(|| d.message.clone());
    let headline = rendered.lines().next().unwrap_or(&d.message).to_string();
    CompileError {
        location,
        rendered,
        headline,
        count: 1,
    }
}
