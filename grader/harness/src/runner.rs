//! Running a list of checks: one child process per check, a time limit each, one line of
//! output per check, and an exit code that is non-zero unless every check passed.

use std::io::{BufRead, BufReader, Write};
use std::panic::{self, AssertUnwindSafe};
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::check::Check;
use crate::compare::Comparison;
use crate::context::Ctx;
use crate::outcome::{Outcome, Status, RESULT_MARKER};

/// How much of what the learner's code prints is kept per check.
const OUTPUT_CAP: usize = 4000;

/// Environment variable that multiplies every time limit (a slow machine, a debugger).
pub const TIMEOUT_SCALE_ENV: &str = "HARNESS_TIMEOUT_SCALE";

#[derive(Debug, Default)]
struct Args {
    json: bool,
    list: bool,
    verbose: bool,
    seed: Option<u64>,
    only: Vec<String>,
    run: Vec<String>,
    compare: bool,
    timeout_scale: Option<f64>,
}

fn parse_args(raw: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut args = Args::default();
    let mut raw = raw.peekable();
    while let Some(arg) = raw.next() {
        let mut value = |name: &str| raw.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--json" => args.json = true,
            "--list" => args.list = true,
            "--verbose" => args.verbose = true,
            "--compare" => args.compare = true,
            "--seed" => {
                let v = value("--seed")?;
                args.seed = Some(
                    v.parse()
                        .map_err(|_| format!("--seed takes a whole number, got {v:?}"))?,
                );
            }
            "--only" => args.only.push(value("--only")?),
            "--run" => args.run.push(value("--run")?),
            "--timeout-scale" => {
                let v = value("--timeout-scale")?;
                args.timeout_scale = Some(
                    v.parse()
                        .map_err(|_| format!("--timeout-scale takes a number, got {v:?}"))?,
                );
            }
            // `cargo test` may pass its own flags (--quiet, filters): they do not apply here.
            _ => {}
        }
    }
    Ok(args)
}

/// Run the checks of chapter `chapter` (two digits, `"01"`) as the process's `main`.
///
/// Command line (after `--` when run through `cargo test`): `--json` for one JSON object
/// per line, `--seed N` to replay a run, `--only ID` (repeatable; an exercise name or a
/// full check id), `--list` to print the checks without running them, `--verbose` to
/// show everything the learner's code printed.
///
/// Exits with status 0 only when every selected check passed.
pub fn run(chapter: &str, checks: Vec<Check>) -> ! {
    run_inner(chapter, checks, None)
}

/// Like [`run`], for chapters with a library baseline: `--compare` runs `compare` (the
/// learner's model and the baseline on the same data and split) and prints its table
/// (`--json`: one JSON object) instead of running the checks.
pub fn run_with_compare(
    chapter: &str,
    checks: Vec<Check>,
    compare: fn() -> Result<Comparison, String>,
) -> ! {
    run_inner(chapter, checks, Some(compare))
}

fn run_inner(
    chapter: &str,
    checks: Vec<Check>,
    compare: Option<fn() -> Result<Comparison, String>>,
) -> ! {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    check_ids_unique(&checks);

    if args.compare {
        let Some(compare) = compare else {
            eprintln!("error: chapter {chapter} has no baseline to compare with");
            std::process::exit(2);
        };
        run_compare(compare, args.json);
    }

    if !args.run.is_empty() {
        let batch: Vec<&Check> = args
            .run
            .iter()
            .map(|id| {
                checks.iter().find(|c| &c.id == id).unwrap_or_else(|| {
                    eprintln!("error: no check with id {id:?}");
                    std::process::exit(2)
                })
            })
            .collect();
        run_batch_here(chapter, &batch, args.seed.unwrap_or(0));
    }

    let selected: Vec<&Check> = checks
        .iter()
        .filter(|c| args.only.is_empty() || args.only.iter().any(|o| selects(o, &c.id)))
        .collect();
    if !args.only.is_empty() && selected.is_empty() {
        let exercises = exercise_names(&checks).join(", ");
        eprintln!(
            "error: no check matches {:?}; the exercises are: {exercises}",
            args.only
        );
        std::process::exit(2);
    }

    if args.list {
        for c in &selected {
            let line = serde_json::json!({
                "chapter": chapter,
                "check": c.id,
                "exercise": c.exercise(),
                "days": c.days,
                "timeout_ms": c.timeout.as_millis() as u64,
            });
            println!("{line}");
        }
        std::process::exit(0);
    }

    let seed = args.seed.unwrap_or_else(fresh_seed);
    let scale = args
        .timeout_scale
        .or_else(|| {
            std::env::var(TIMEOUT_SCALE_ENV)
                .ok()
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(1.0)
        .max(0.01);
    if !args.json {
        println!("chapter {chapter}: {} checks, seed {seed}", selected.len());
    }
    let (mut passed, mut not_passed) = (0, 0);
    run_in_children(chapter, &selected, seed, scale, |outcome| {
        if outcome.status == Status::Passed {
            passed += 1;
        } else {
            not_passed += 1;
        }
        if args.json {
            println!(
                "{}",
                serde_json::to_string(&outcome).expect("an outcome serialises")
            );
        } else {
            print_for_a_person(&outcome, args.verbose);
        }
        let _ = std::io::stdout().flush();
    });
    if !args.json {
        println!("{passed} passed, {not_passed} failed");
    }
    std::process::exit(if not_passed == 0 { 0 } else { 1 });
}

/// Run a comparison, turning a panic (a `todo!()` in the learner's model) into a message.
fn run_compare(compare: fn() -> Result<Comparison, String>, json: bool) -> ! {
    panic::set_hook(Box::new(|_| {}));
    let result = panic::catch_unwind(compare);
    let _ = panic::take_hook();
    match result {
        Ok(Ok(table)) => {
            if json {
                println!(
                    "{}",
                    serde_json::to_string(&table).expect("a comparison serialises")
                );
            } else {
                print!("{}", table.render());
            }
            std::process::exit(0)
        }
        Ok(Err(message)) => {
            eprintln!("error: {message}");
            std::process::exit(1)
        }
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            if is_todo(&message) {
                eprintln!("error: your model is not written yet (`todo!()` reached): finish the chapter's exercises first");
            } else {
                eprintln!("error: your model panicked: {message}");
            }
            std::process::exit(1)
        }
    }
}

/// `--only broadcast` selects `broadcast/...` and `broadcast` itself, not `broadcast_add`.
fn selects(pattern: &str, id: &str) -> bool {
    id == pattern
        || id
            .strip_prefix(pattern)
            .is_some_and(|rest| rest.starts_with('/'))
}

fn exercise_names(checks: &[Check]) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for c in checks {
        if !names.contains(&c.exercise()) {
            names.push(c.exercise());
        }
    }
    names
}

fn check_ids_unique(checks: &[Check]) {
    for (i, c) in checks.iter().enumerate() {
        if checks[..i].iter().any(|d| d.id == c.id) {
            eprintln!("error: two checks share the id {:?}", c.id);
            std::process::exit(2);
        }
    }
}

fn fresh_seed() -> u64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    // Short enough to type back in.
    (nanos as u64 ^ u64::from(std::process::id())) % 1_000_000_000
}

static PANIC_MESSAGE: Mutex<Option<(String, String)>> = Mutex::new(None);

/// Marks the start of a check in a child's stdout: `@@harness-start@@ID`.
const START_MARKER: &str = "@@harness-start@@";

/// Child side: run `batch` in order in this process. Before each check its start marker
/// goes to stdout; after it, its outcome (after the result marker). The parent reads them,
/// so it knows which check is running, how long it has run, and what it printed.
fn run_batch_here(chapter: &str, batch: &[&Check], seed: u64) -> ! {
    panic::set_hook(Box::new(|info| {
        let message = if let Some(s) = info.payload().downcast_ref::<&str>() {
            s.to_string()
        } else if let Some(s) = info.payload().downcast_ref::<String>() {
            s.clone()
        } else {
            "a panic without a message".to_string()
        };
        let location = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_default();
        if let Ok(mut slot) = PANIC_MESSAGE.lock() {
            // Keep the first panic of a check: later ones are usually consequences.
            slot.get_or_insert((message, location));
        }
    }));
    for check in batch {
        if let Ok(mut slot) = PANIC_MESSAGE.lock() {
            *slot = None;
        }
        {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "\n{START_MARKER}{}", check.id);
            let _ = out.flush();
        }
        let start = Instant::now();
        let mut cx = Ctx::for_chapter(chapter, seed, &check.id);
        let result = panic::catch_unwind(AssertUnwindSafe(|| (check.body)(&mut cx)));
        let ms = start.elapsed().as_millis() as u64;
        let (status, message) = match result {
            Ok(Ok(())) => (Status::Passed, String::new()),
            Ok(Err(failure)) => (Status::Failed, failure.0),
            Err(_) => {
                let (message, location) = PANIC_MESSAGE
                    .lock()
                    .ok()
                    .and_then(|mut m| m.take())
                    .unwrap_or_else(|| ("a panic without a message".into(), String::new()));
                if is_todo(&message) {
                    (
                        Status::NotStarted,
                        format!("not started yet: `todo!()` reached at {location}"),
                    )
                } else {
                    (Status::Failed, format!("panicked at {location}: {message}"))
                }
            }
        };
        let outcome = Outcome {
            chapter: chapter.to_string(),
            check: check.id.clone(),
            days: check.days.clone(),
            status,
            message,
            seed,
            ms,
            output: String::new(),
        };
        let _ = std::io::stderr().flush();
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "\n{RESULT_MARKER}{}",
            serde_json::to_string(&outcome).expect("an outcome serialises")
        );
        let _ = out.flush();
    }
    std::process::exit(0);
}

fn is_todo(message: &str) -> bool {
    message.starts_with("not yet implemented") || message.starts_with("not implemented")
}

/// A line from the child, or the end of one of its streams.
enum Line {
    Out(String),
    Err(String),
    OutClosed,
}

/// Parent side: run `checks` in as few child processes as possible. One child runs them
/// in order; if a check overruns its limit the child is killed and a new one carries on
/// with the next check, and if the child dies mid-check (stack overflow, abort) that check
/// fails and a new child carries on. `report` gets each outcome as it is known.
fn run_in_children(
    chapter: &str,
    checks: &[&Check],
    seed: u64,
    scale: f64,
    mut report: impl FnMut(Outcome),
) {
    let mut next = 0;
    while next < checks.len() {
        next = run_one_child(chapter, &checks[next..], seed, scale, &mut report)
            .map(|done| next + done)
            .unwrap_or(checks.len());
    }
}

/// Run a child over `checks`; returns how many checks got an outcome (at least one), or
/// `None` when no child could be started (every remaining check is then reported).
fn run_one_child(
    chapter: &str,
    checks: &[&Check],
    seed: u64,
    scale: f64,
    report: &mut impl FnMut(Outcome),
) -> Option<usize> {
    let started = Instant::now();
    let outcome_for =
        |check: &Check, status: Status, message: String, ms: u64, output: String| Outcome {
            chapter: chapter.to_string(),
            check: check.id.clone(),
            days: check.days.clone(),
            status,
            message,
            seed,
            ms,
            output,
        };
    let spawned = std::env::current_exe().and_then(|exe| {
        let mut cmd = Command::new(exe);
        cmd.arg("--seed").arg(seed.to_string());
        for c in checks {
            cmd.arg("--run").arg(&c.id);
        }
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
    });
    let mut child = match spawned {
        Ok(c) => c,
        Err(e) => {
            for c in checks {
                report(outcome_for(
                    c,
                    Status::Failed,
                    format!("cannot start the check process: {e}"),
                    0,
                    String::new(),
                ));
            }
            return None;
        }
    };
    let (tx, rx) = mpsc::channel();
    let out = child.stdout.take().expect("piped");
    let err = child.stderr.take().expect("piped");
    let tx_out = tx.clone();
    thread::spawn(move || {
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { break };
            if tx_out.send(Line::Out(line)).is_err() {
                return;
            }
        }
        let _ = tx_out.send(Line::OutClosed);
    });
    thread::spawn(move || {
        for line in BufReader::new(err).lines() {
            let Ok(line) = line else { break };
            if tx.send(Line::Err(line)).is_err() {
                return;
            }
        }
    });

    let mut done = 0;
    // The check now running (index into `checks`), when it started, what it printed.
    let mut current: Option<usize> = None;
    let mut since = started;
    let mut printed = String::new();
    let mut printed_bytes = 0usize;
    loop {
        let index = current.unwrap_or(done);
        let limit = checks[index].timeout.mul_f64(scale);
        let left = limit.saturating_sub(since.elapsed());
        match rx.recv_timeout(left) {
            Ok(Line::Out(line)) => {
                if let Some(id) = line.strip_prefix(START_MARKER) {
                    current = checks.iter().position(|c| c.id == id);
                    since = Instant::now();
                    printed.clear();
                    printed_bytes = 0;
                } else if let Some(json) = line.strip_prefix(RESULT_MARKER) {
                    if let (Some(i), Ok(mut outcome)) =
                        (current, serde_json::from_str::<Outcome>(json))
                    {
                        outcome.output = cap(printed.trim_end(), printed_bytes);
                        report(outcome);
                        done = i + 1;
                    }
                    current = None;
                    since = Instant::now();
                    if done == checks.len() {
                        let _ = child.wait();
                        return Some(done);
                    }
                } else {
                    keep(&mut printed, &mut printed_bytes, &line);
                }
            }
            Ok(Line::Err(line)) => keep(&mut printed, &mut printed_bytes, &line),
            Ok(Line::OutClosed) | Err(RecvTimeoutError::Disconnected) => {
                // The child is gone: the running check (or the next one) has no result.
                let status = child.wait().ok();
                // Let stderr drain so the learner sees the last words (a stack overflow says so).
                while let Ok(Line::Err(line)) = rx.recv_timeout(Duration::from_millis(50)) {
                    keep(&mut printed, &mut printed_bytes, &line);
                }
                let how = status
                    .map(describe_exit)
                    .unwrap_or_else(|| "unknown exit".into());
                report(outcome_for(
                    checks[index],
                    Status::Failed,
                    format!("the check's process stopped without a result ({how}): a stack overflow, an abort or `std::process::exit` in the code under test?"),
                    since.elapsed().as_millis() as u64,
                    cap(printed.trim_end(), printed_bytes),
                ));
                return Some(index + 1);
            }
            Err(RecvTimeoutError::Timeout) => {
                let _ = child.kill();
                let _ = child.wait();
                report(outcome_for(
                    checks[index],
                    Status::TimedOut,
                    format!(
                        "did not finish within {:.1} s and was stopped (an endless loop, or far too much work?)",
                        limit.as_secs_f64()
                    ),
                    since.elapsed().as_millis() as u64,
                    cap(printed.trim_end(), printed_bytes),
                ));
                return Some(index + 1);
            }
        }
    }
}

/// Keep a line of the learner's output, up to twice the cap (the rest is only counted).
fn keep(printed: &mut String, bytes: &mut usize, line: &str) {
    if printed.is_empty() && line.is_empty() {
        return;
    }
    *bytes += line.len() + 1;
    if printed.len() < 2 * OUTPUT_CAP {
        printed.push_str(line);
        printed.push('\n');
    }
}

/// At most `OUTPUT_CAP` bytes of `text`, saying how much of `total` was left out.
fn cap(text: &str, total: usize) -> String {
    if text.len() <= OUTPUT_CAP && total <= text.len() + 1 {
        return text.to_string();
    }
    let cut = text.floor_char_boundary(OUTPUT_CAP.min(text.len()));
    format!(
        "{}\n… ({} more bytes not shown)",
        &text[..cut],
        total.saturating_sub(cut)
    )
}

#[cfg(unix)]
fn describe_exit(status: std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (_, Some(6)) => "signal 6, SIGABRT".into(),
        (_, Some(11)) => "signal 11, SIGSEGV".into(),
        (_, Some(9)) => "signal 9, SIGKILL: out of memory?".into(),
        (_, Some(sig)) => format!("signal {sig}"),
        (Some(code), _) => format!("exit code {code}"),
        _ => "unknown exit".into(),
    }
}

#[cfg(not(unix))]
fn describe_exit(status: std::process::ExitStatus) -> String {
    format!("{status}")
}

fn print_for_a_person(o: &Outcome, verbose: bool) {
    let mark = match o.status {
        Status::Passed => "✓",
        Status::NotStarted => "·",
        Status::TimedOut => "⧖",
        _ => "✗",
    };
    println!("  {mark} {:<40} {:>6} ms", o.check, o.ms);
    if o.status != Status::Passed {
        println!("      {}", o.message);
        println!("      (seed {}: replay with --seed {})", o.seed, o.seed);
    }
    if !o.output.is_empty() && (verbose || o.status != Status::Passed) {
        for line in o.output.lines().take(if verbose { usize::MAX } else { 10 }) {
            println!("      | {line}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_selects_whole_exercise_names() {
        assert!(selects("broadcast", "broadcast/rows"));
        assert!(selects("broadcast/rows", "broadcast/rows"));
        assert!(!selects("broadcast", "broadcast_add/rows"));
    }

    #[test]
    fn todo_panics_mean_not_started() {
        assert!(is_todo("not yet implemented"));
        assert!(is_todo("not yet implemented: mean_rows"));
        assert!(!is_todo("index out of bounds"));
    }

    #[test]
    fn args_are_parsed_and_unknown_flags_ignored() {
        let a = parse_args(
            ["--json", "--quiet", "--seed", "7", "--only", "dot"]
                .map(String::from)
                .into_iter(),
        )
        .unwrap();
        assert!(a.json);
        assert_eq!(a.seed, Some(7));
        assert_eq!(a.only, vec!["dot".to_string()]);
        assert!(parse_args(["--seed", "x"].map(String::from).into_iter()).is_err());
    }

    #[test]
    fn long_output_is_capped() {
        let long = "x".repeat(OUTPUT_CAP * 2);
        let capped = cap(&long, long.len());
        assert!(capped.len() < OUTPUT_CAP + 100);
        assert!(capped.ends_with("more bytes not shown)"));
    }
}
