//! What a person reads: check results, the roadmap with its marks.

use std::collections::BTreeMap;

use harness::{Outcome, Status};

use crate::build::CompileError;
use crate::progress::{DayChange, Progress};
use crate::workspace::{Chapter, Workspace};

pub fn mark(status: Status) -> &'static str {
    match status {
        Status::Passed => "✓",
        Status::NotStarted => "·",
        Status::TimedOut => "⧖",
        Status::Failed | Status::CompileError => "✗",
    }
}

/// Results of one chapter, grouped by exercise: one line per exercise, and for the first
/// check of each exercise that did not pass, its message, seed and the hint command.
/// `verbose` shows every check and everything the learner's code printed.
pub fn chapter_results(
    chapter: &Chapter,
    order: &[String],
    outcomes: &[Outcome],
    verbose: bool,
) -> String {
    let mut by_exercise: BTreeMap<&str, Vec<&Outcome>> = BTreeMap::new();
    for o in outcomes {
        by_exercise.entry(o.exercise()).or_default().push(o);
    }
    // The hints file gives the order of the learner's file; unknown exercises go last.
    let mut names: Vec<&str> = order
        .iter()
        .map(String::as_str)
        .filter(|n| by_exercise.contains_key(n))
        .collect();
    for o in outcomes {
        if !names.contains(&o.exercise()) {
            names.push(o.exercise());
        }
    }
    let width = names.iter().map(|n| n.len()).max().unwrap_or(10);
    let mut out = String::new();
    for name in names {
        let checks = &by_exercise[name];
        let passed = checks.iter().filter(|o| o.status == Status::Passed).count();
        let status = if passed == checks.len() {
            Status::Passed
        } else if checks.iter().all(|o| o.status == Status::NotStarted) {
            Status::NotStarted
        } else if checks.iter().any(|o| o.status == Status::TimedOut) {
            Status::TimedOut
        } else {
            Status::Failed
        };
        let summary = match status {
            Status::NotStarted => "not started".to_string(),
            _ => format!("{passed}/{} checks", checks.len()),
        };
        out.push_str(&format!("  {} {name:<width$}  {summary}\n", mark(status)));
        let shown: Vec<&&Outcome> = if verbose {
            checks.iter().collect()
        } else {
            checks
                .iter()
                .filter(|o| !matches!(o.status, Status::Passed | Status::NotStarted))
                .take(1)
                .collect()
        };
        for o in shown {
            if verbose {
                out.push_str(&format!(
                    "      {} {} ({} ms)\n",
                    mark(o.status),
                    o.check,
                    o.ms
                ));
            }
            if o.status != Status::Passed && o.status != Status::NotStarted {
                for line in o.message.lines() {
                    out.push_str(&format!("      {line}\n"));
                }
                out.push_str(&format!(
                    "      replay: cargo grader check {} --seed {}   hint: cargo grader hint {}::{}\n",
                    chapter.num(),
                    o.seed,
                    chapter.num(),
                    name
                ));
            }
            if !o.output.is_empty() {
                let limit = if verbose { usize::MAX } else { 6 };
                out.push_str("      your code printed:\n");
                for line in o.output.lines().take(limit) {
                    out.push_str(&format!("      | {line}\n"));
                }
                let lines = o.output.lines().count();
                if lines > limit {
                    out.push_str(&format!(
                        "      | … {} more lines (--verbose shows them)\n",
                        lines - limit
                    ));
                }
            }
        }
    }
    out
}

pub fn compile_error(ws: &Workspace, chapter: &Chapter, e: &CompileError) -> String {
    let mut out = format!(
        "  ✗ chapter {} does not compile{}\n",
        chapter.num(),
        e.location
            .as_ref()
            .map(|l| format!(" ({l})"))
            .unwrap_or_default()
    );
    for line in e.rendered.lines().take(30) {
        out.push_str(&format!("    {line}\n"));
    }
    if e.count > 1 {
        out.push_str(&format!(
            "    … and {} more errors: fix this one first.\n",
            e.count - 1
        ));
    }
    out.push_str(&format!(
        "    (Only chapter {} is affected; `cargo build -p {}` shows every error.)\n",
        chapter.num(),
        chapter.package(crate::workspace::Side::Exercises)
    ));
    let _ = ws;
    out
}

pub fn day_changes(ws: &Workspace, changes: &[DayChange]) -> String {
    let mut out = String::new();
    let title = |id: &str| ws.roadmap.day(id).map(|d| d.title.as_str()).unwrap_or("");
    for c in changes {
        let line = match c {
            DayChange::NewlyDone { id } => format!("  ★ {id} done: {} — recorded in progress.json\n", title(id)),
            DayChange::StillDone { id } => format!("  ✓ {id} still done: {}\n", title(id)),
            DayChange::Lost { id, failing, total } => format!(
                "  ✗ {id} was done, but {failing} of its {total} checks do not pass now: marked not done\n"
            ),
            DayChange::NotYet { id, passing, total } => {
                format!("  · {id} not done yet: {passing}/{total} checks pass — {}\n", title(id))
            }
        };
        out.push_str(&line);
    }
    out
}

/// The roadmap as phases → weeks → days with their marks.
pub fn status(ws: &Workspace, progress: &Progress) -> String {
    let mut out = String::from("Your roadmap\n");
    for phase in &ws.roadmap.phases {
        let days: Vec<_> = ws
            .roadmap
            .days
            .iter()
            .filter(|d| d.phase == phase.number)
            .collect();
        let graded = days.iter().filter(|d| d.graded).count();
        let done = days.iter().filter(|d| progress.day_done(&d.id)).count();
        let share = match (done * 100).checked_div(graded) {
            Some(percent) => format!("{done}/{graded} days ({percent}%)"),
            None => "not graded".into(),
        };
        out.push_str(&format!(
            "\nPhase {} · {}  —  {share}\n",
            phase.number, phase.title
        ));
        if graded == 0 {
            // A phase no code grades: one line per week, the reason once.
            let mut weeks: Vec<&str> = Vec::new();
            for d in &days {
                if !weeks.contains(&d.week.as_str()) {
                    weeks.push(&d.week);
                }
            }
            for w in weeks {
                let n = days.iter().filter(|d| d.week == w).count();
                out.push_str(&format!("  {w}: {n} items\n"));
            }
            if let Some(reason) = days.iter().find_map(|d| d.reason.as_deref()) {
                if days.iter().all(|d| d.reason.as_deref() == Some(reason)) {
                    out.push_str(&format!("  – not graded: {reason}\n"));
                } else {
                    for d in &days {
                        out.push_str(&format!(
                            "  – {:<10} {}: {}\n",
                            d.id,
                            d.title,
                            d.reason.as_deref().unwrap_or("")
                        ));
                    }
                }
            }
            continue;
        }
        let mut week = "";
        for d in &days {
            if d.week != week {
                week = &d.week;
                let in_week: Vec<_> = days.iter().filter(|x| x.week == week && x.graded).collect();
                let done_in_week = in_week.iter().filter(|x| progress.day_done(&x.id)).count();
                out.push_str(&format!(
                    "  {week}  ({done_in_week}/{} days)\n",
                    in_week.len()
                ));
            }
            let (symbol, note) = day_mark(ws, progress, d);
            out.push_str(&format!("    {symbol} {:<13} {}{note}\n", d.id, d.title));
        }
    }
    out
}

fn day_mark(
    ws: &Workspace,
    progress: &Progress,
    d: &crate::roadmap::Day,
) -> (&'static str, String) {
    if !d.graded {
        return (
            "–",
            format!("  (not graded: {})", d.reason.as_deref().unwrap_or("")),
        );
    }
    let chapters: Vec<String> = d
        .chapters
        .iter()
        .map(|n| match ws.chapter_by_number(*n) {
            Some(c) => format!("{} {}", c.num(), c.slug),
            None => format!("{n:02} {}", ws.roadmap.planned_slug(*n).unwrap_or("?")),
        })
        .collect();
    let missing: Vec<&u32> = d
        .chapters
        .iter()
        .filter(|n| ws.chapter_by_number(**n).is_none())
        .collect();
    if progress.day_done(&d.id) {
        return ("✓", format!("  [{}]", chapters.join(", ")));
    }
    if !missing.is_empty() {
        return (
            "○",
            format!("  [{}: chapter not written yet]", chapters.join(", ")),
        );
    }
    let mut total = 0;
    let mut passed = 0;
    for n in &d.chapters {
        if let Some(r) = progress.chapters.get(&format!("{n:02}")) {
            for c in r.checks.values().filter(|c| c.days.contains(&d.id)) {
                total += 1;
                if c.status == Status::Passed {
                    passed += 1;
                }
            }
        }
    }
    if total == 0 {
        ("·", format!("  [{}]", chapters.join(", ")))
    } else {
        (
            "✗",
            format!("  [{}]  {passed}/{total} checks", chapters.join(", ")),
        )
    }
}
