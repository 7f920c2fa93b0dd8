//! The grader's commands.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Result};
use harness::{Outcome, Status};

use crate::grading::{self, ChapterRun, RunOptions};
use crate::hints;
use crate::progress::{self, Progress};
use crate::render;
use crate::workspace::{Chapter, Side, Workspace};

/// The workbook and where its progress is kept.
pub struct Context {
    pub ws: Workspace,
    pub progress_path: PathBuf,
}

impl Context {
    pub fn open(
        workspace: Option<&Path>,
        cwd: &Path,
        progress: Option<PathBuf>,
    ) -> Result<Context> {
        let ws = Workspace::discover(workspace, cwd)?;
        let progress_path = progress.unwrap_or_else(|| ws.root.join("progress.json"));
        Ok(Context { ws, progress_path })
    }

    fn progress(&self) -> Result<Progress> {
        Progress::load(&self.progress_path)
    }
}

pub fn status(ctx: &Context) -> Result<ExitCode> {
    let progress = match ctx.progress() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("warning: {e}\n  (showing the roadmap without your progress)\n");
            Progress::default()
        }
    };
    print!("{}", render::status(&ctx.ws, &progress));
    println!();
    print_next(ctx, &progress)?;
    Ok(ExitCode::SUCCESS)
}

/// The first exercise, in roadmap order, whose checks have not all passed.
fn find_next(ctx: &Context, progress: &Progress) -> Result<Option<(Chapter, String)>> {
    for chapter in &ctx.ws.chapters {
        for e in hints::exercises(&ctx.ws, chapter)? {
            match progress.exercise_counts(&chapter.num(), &e.name) {
                Some((passed, total)) if passed == total => {}
                _ => return Ok(Some((chapter.clone(), e.name))),
            }
        }
    }
    Ok(None)
}

fn print_next(ctx: &Context, progress: &Progress) -> Result<()> {
    match find_next(ctx, progress)? {
        Some((chapter, exercise)) => {
            let file = ctx.ws.learner_file(&chapter);
            let line = line_of(&file, &exercise)
                .map(|l| format!(":{l}"))
                .unwrap_or_default();
            println!(
                "Next: {}::{exercise} in {}{line}",
                chapter.num(),
                ctx.ws.rel(&file)
            );
            println!(
                "      read {}/README.md, then `cargo grader check {}`",
                ctx.ws.rel(&ctx.ws.exercise_dir(&chapter)),
                chapter.num()
            );
        }
        None => println!("Every exercise of every chapter passes. Well done!"),
    }
    Ok(())
}

/// The line of `pub fn NAME` in a file.
fn line_of(file: &Path, name: &str) -> Option<usize> {
    let text = std::fs::read_to_string(file).ok()?;
    let needle = format!("fn {name}");
    text.lines()
        .position(|l| {
            l.find(&needle)
                .is_some_and(|at| l[at + needle.len()..].starts_with(['(', '<']))
        })
        .map(|i| i + 1)
}

/// The chapter of the next unfinished exercise (or the last chapter when all pass).
pub fn current_chapter(ctx: &Context) -> Result<Chapter> {
    let progress = ctx.progress()?;
    match find_next(ctx, &progress)? {
        Some((c, _)) => Ok(c),
        None => ctx
            .ws
            .chapters
            .last()
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("the workbook has no chapters yet")),
    }
}

/// The first exercise of `chapter` whose checks have not all passed.
pub fn first_unfinished(ctx: &Context, chapter: &Chapter) -> Result<Option<String>> {
    let progress = ctx.progress()?;
    Ok(hints::exercises(&ctx.ws, chapter)?
        .into_iter()
        .map(|e| e.name)
        .find(|name| !matches!(progress.exercise_counts(&chapter.num(), name), Some((p, t)) if p == t)))
}

pub fn next(ctx: &Context) -> Result<ExitCode> {
    let progress = ctx.progress()?;
    print_next(ctx, &progress)?;
    Ok(ExitCode::SUCCESS)
}

fn outcome_json(o: &Outcome, side: Side) -> String {
    serde_json::json!({
        "chapter": o.chapter,
        "side": side.as_str(),
        "check": o.check,
        "days": o.days,
        "status": o.status,
        "message": o.message,
        "seed": o.seed,
        "ms": o.ms,
    })
    .to_string()
}

fn chapters_named(ctx: &Context, names: &[String]) -> Result<Vec<Chapter>> {
    names.iter().map(|n| ctx.ws.chapter(n).cloned()).collect()
}

pub fn check(
    ctx: &Context,
    names: &[String],
    seed: Option<u64>,
    only: &[String],
    verbose: bool,
    json: bool,
) -> Result<ExitCode> {
    // Read the progress first: a corrupt file must stop us before any work is done.
    let mut progress = ctx.progress()?;
    let chapters = if names.is_empty() {
        vec![current_chapter(ctx)?]
    } else {
        chapters_named(ctx, names)?
    };
    if !only.is_empty() && chapters.len() != 1 {
        bail!("--only needs exactly one chapter (e.g. `cargo grader check 01 --only linspace`)");
    }
    let opts = RunOptions {
        seed,
        only: only.to_vec(),
        quiet_build: json,
    };
    let mut all_passed = true;
    for chapter in &chapters {
        let order: Vec<String> = hints::exercises(&ctx.ws, chapter)?
            .into_iter()
            .map(|e| e.name)
            .collect();
        if let Some(bad) = only
            .iter()
            .find(|o| !order.iter().any(|e| e == o.split('/').next().unwrap_or(o)))
        {
            bail!(
                "chapter {} has no exercise {bad:?}. Its exercises are: {}",
                chapter.num(),
                order.join(", ")
            );
        }
        if !json {
            println!(
                "Chapter {} · {} — {}",
                chapter.num(),
                chapter.slug,
                ctx.ws.rel(&ctx.ws.learner_file(chapter))
            );
        }
        let hash = progress::source_hash(&ctx.ws.exercise_dir(chapter));
        let run = grading::run_chapter(&ctx.ws, chapter, Side::Exercises, &opts, |o| {
            if json {
                println!("{}", outcome_json(o, Side::Exercises));
            }
        })?;
        let outcomes = match run {
            ChapterRun::Graded(outcomes) => {
                if !json {
                    print!(
                        "{}",
                        render::chapter_results(chapter, &order, &outcomes, verbose)
                    );
                    let passed = outcomes
                        .iter()
                        .filter(|o| o.status == Status::Passed)
                        .count();
                    println!("  {passed}/{} checks passed", outcomes.len());
                }
                outcomes
            }
            ChapterRun::CompileError(e) => {
                let known: Vec<Outcome> = progress
                    .chapters
                    .get(&chapter.num())
                    .map(|r| {
                        r.checks
                            .iter()
                            .map(|(id, c)| Outcome {
                                chapter: chapter.num(),
                                check: id.clone(),
                                days: c.days.clone(),
                                status: c.status,
                                message: String::new(),
                                seed: 0,
                                ms: 0,
                                output: String::new(),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let outcomes = grading::compile_error_outcomes(chapter, &e, &known);
                if json {
                    let days: Vec<String> = ctx
                        .ws
                        .roadmap
                        .days_of_chapter(chapter.number)
                        .iter()
                        .map(|d| d.id.clone())
                        .collect();
                    let message = match &e.location {
                        Some(l) => format!("{l}: {}", e.headline),
                        None => e.headline.clone(),
                    };
                    println!(
                        "{}",
                        serde_json::json!({
                            "chapter": chapter.num(), "side": "exercises", "check": "(build)", "days": days,
                            "status": Status::CompileError, "message": message, "seed": 0, "ms": 0,
                        })
                    );
                } else {
                    print!("{}", render::compile_error(&ctx.ws, chapter, &e));
                }
                all_passed = false;
                if outcomes.is_empty() {
                    continue;
                }
                outcomes
            }
        };
        all_passed &= outcomes.iter().all(|o| o.status == Status::Passed);
        progress.record_run(&chapter.num(), &outcomes, &hash, !only.is_empty());
        let changes = progress.update_days(&ctx.ws.roadmap, chapter.number, &hash);
        progress.save(&ctx.progress_path)?;
        if !json {
            print!("{}", render::day_changes(&ctx.ws, &changes));
            println!();
        }
    }
    Ok(if all_passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub fn verify(ctx: &Context, names: &[String], json: bool) -> Result<ExitCode> {
    let chapters = if names.is_empty() {
        ctx.ws.chapters.clone()
    } else {
        chapters_named(ctx, names)?
    };
    let opts = RunOptions {
        seed: None,
        only: Vec::new(),
        quiet_build: json,
    };
    let (mut total, mut sol_passed, mut ex_passed) = (0usize, 0usize, 0usize);
    let mut problems: Vec<String> = Vec::new();
    for chapter in &chapters {
        let order: Vec<String> = hints::exercises(&ctx.ws, chapter)?
            .into_iter()
            .map(|e| e.name)
            .collect();
        if order.is_empty() {
            problems.push(format!(
                "{}: no hints file at {}",
                chapter.num(),
                ctx.ws.rel(&ctx.ws.hints_file(chapter))
            ));
        }
        if !ctx.ws.exercise_dir(chapter).join("README.md").is_file() {
            problems.push(format!(
                "{}: exercises/{}/README.md is missing",
                chapter.num(),
                chapter.dir_name()
            ));
        }
        let mut counts = [0usize; 2];
        let mut checks_here = 0;
        for (k, side) in [Side::Solutions, Side::Exercises].into_iter().enumerate() {
            let run = grading::run_chapter(&ctx.ws, chapter, side, &opts, |o| {
                if json {
                    println!("{}", outcome_json(o, side));
                }
            })?;
            match run {
                ChapterRun::CompileError(e) => {
                    problems.push(format!(
                        "{} {}: does not compile: {}{}",
                        chapter.num(),
                        side.as_str(),
                        e.location.map(|l| format!("{l}: ")).unwrap_or_default(),
                        e.headline
                    ));
                    if json {
                        println!(
                            "{}",
                            serde_json::json!({"chapter": chapter.num(), "side": side.as_str(), "check": "(build)", "days": [],
                                "status": Status::CompileError, "message": e.headline, "seed": 0, "ms": 0})
                        );
                    }
                }
                ChapterRun::Graded(outcomes) => {
                    if side == Side::Solutions {
                        checks_here = outcomes.len();
                    }
                    for o in &outcomes {
                        let passed = o.status == Status::Passed;
                        counts[k] += usize::from(passed);
                        match (side, passed) {
                            (Side::Solutions, false) => problems.push(format!(
                                "{} solutions: {} {}: {} (seed {})",
                                chapter.num(),
                                o.check,
                                o.status.as_str(),
                                o.message,
                                o.seed
                            )),
                            (Side::Exercises, true) => problems.push(format!(
                                "{} exercises: {} passes on the untouched stub: it tests nothing",
                                chapter.num(),
                                o.check
                            )),
                            _ => {}
                        }
                        if !order.is_empty() && !order.iter().any(|e| e == o.exercise()) {
                            problems.push(format!(
                                "{}: check {} has no hints entry for {:?}",
                                chapter.num(),
                                o.check,
                                o.exercise()
                            ));
                        }
                    }
                }
            }
        }
        total += checks_here;
        sol_passed += counts[0];
        ex_passed += counts[1];
        if !json {
            println!(
                "{} {:<22} solutions {}/{checks_here} passed, exercises {}/{checks_here} passed",
                chapter.num(),
                chapter.slug,
                counts[0],
                counts[1]
            );
        }
    }
    problems.sort();
    problems.dedup();
    for p in &problems {
        eprintln!("problem: {p}");
    }
    let ok = problems.is_empty() && sol_passed == total && ex_passed == 0;
    println!("verify: {total} checks; solutions {sol_passed}/{total} passed; exercises {ex_passed}/{total} passed");
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub fn list(ctx: &Context) -> Result<ExitCode> {
    let progress = ctx.progress()?;
    for chapter in &ctx.ws.chapters {
        let days: Vec<String> = ctx
            .ws
            .roadmap
            .days_of_chapter(chapter.number)
            .iter()
            .map(|d| d.id.clone())
            .collect();
        println!(
            "{} {}  ({})  {}",
            chapter.num(),
            chapter.slug,
            days.join(", "),
            ctx.ws.rel(&ctx.ws.learner_file(chapter))
        );
        for e in hints::exercises(&ctx.ws, chapter)? {
            let (symbol, note) = match progress.exercise_counts(&chapter.num(), &e.name) {
                None => ("·", "not checked yet".to_string()),
                Some((p, t)) if p == t => ("✓", format!("{p}/{t} checks")),
                Some((p, t)) => ("✗", format!("{p}/{t} checks")),
            };
            println!("    {symbol} {}::{:<28} {note}", chapter.num(), e.name);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn hint(ctx: &Context, name: &str, level: usize) -> Result<ExitCode> {
    let (chapter, exercise) = hints::find(&ctx.ws, name)?;
    let levels = exercise.hints.len();
    if levels == 0 {
        bail!("{}::{} has no hints yet", chapter.num(), exercise.name);
    }
    if level == 0 || level > levels {
        bail!(
            "{}::{} has hint levels 1 to {levels}",
            chapter.num(),
            exercise.name
        );
    }
    let label = ["the idea", "the approach", "nearly the code"]
        .get(level - 1)
        .copied()
        .unwrap_or("more");
    println!(
        "Hint {level}/{levels} for {}::{} ({label}):\n",
        chapter.num(),
        exercise.name
    );
    println!("  {}\n", exercise.hints[level - 1]);
    if level < levels {
        println!(
            "More: cargo grader hint {}::{} --level {}",
            chapter.num(),
            exercise.name,
            level + 1
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn report(ctx: &Context, output: Option<PathBuf>) -> Result<ExitCode> {
    let progress = ctx.progress()?;
    let path = output.unwrap_or_else(|| ctx.ws.root.join("PROGRESS.md"));
    let text = crate::report::render(&ctx.ws, &progress, path.parent().unwrap_or(Path::new(".")));
    std::fs::write(&path, text)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    let done = ctx
        .ws
        .roadmap
        .days
        .iter()
        .filter(|d| progress.day_done(&d.id))
        .count();
    let graded = ctx.ws.roadmap.days.iter().filter(|d| d.graded).count();
    println!(
        "wrote {} ({done}/{graded} graded days done)",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn compare(ctx: &Context, name: &str, solutions: bool) -> Result<ExitCode> {
    let chapter = ctx.ws.chapter(name)?;
    let side = if solutions {
        Side::Solutions
    } else {
        Side::Exercises
    };
    match grading::compare(&ctx.ws, chapter, side)? {
        Ok(table) => {
            println!(
                "Chapter {} · {} — {} beside the baseline\n",
                chapter.num(),
                chapter.slug,
                if solutions {
                    "the reference solution"
                } else {
                    "your model"
                }
            );
            print!("{table}");
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            print!("{}", render::compile_error(&ctx.ws, chapter, &e));
            Ok(ExitCode::from(1))
        }
    }
}

/// Show the reference solution of one exercise, once its checks pass (or with `force`,
/// which progress.json records).
pub fn solution(ctx: &Context, name: &str, force: bool) -> Result<ExitCode> {
    let (chapter, exercise) = hints::find(&ctx.ws, name)?;
    let id = format!("{}::{}", chapter.num(), exercise.name);
    let mut progress = ctx.progress()?;
    match progress.exercise_counts(&chapter.num(), &exercise.name) {
        Some((p, t)) if p == t => {}
        counts if !force => {
            let now = counts
                .map(|(p, t)| format!(" (now {p}/{t} checks pass)"))
                .unwrap_or_default();
            bail!(
                "the solution of {id} unlocks once all its checks pass{now}.\n  Try `cargo grader hint {id} --level 3` first; `--force` shows it anyway and notes that in progress.json."
            );
        }
        _ => {
            if !progress.solutions_forced.contains(&id) {
                progress.solutions_forced.push(id.clone());
                progress.save(&ctx.progress_path)?;
            }
        }
    }
    let file = ctx
        .ws
        .side_dir(chapter, Side::Solutions)
        .join("src")
        .join("lib.rs");
    let text = std::fs::read_to_string(&file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", ctx.ws.rel(&file)))?;
    let Some(span) = crate::source::find_fn(&text, &exercise.name) else {
        bail!(
            "cannot find `fn {}` in {}",
            exercise.name,
            ctx.ws.rel(&file)
        );
    };
    println!(
        "Reference solution of {id} ({}:{}):\n",
        ctx.ws.rel(&file),
        span.signature + 1
    );
    println!(
        "{}",
        crate::source::lines_between(&text, span.doc_start, span.end)
    );
    Ok(ExitCode::SUCCESS)
}

/// Restore an exercise (one function) or a whole chapter to its original stub, keeping a
/// backup of the learner's version.
pub fn reset(ctx: &Context, target: &str, yes: bool) -> Result<ExitCode> {
    let (chapter, exercise) = if target.contains("::") || ctx.ws.chapter(target).is_err() {
        let (c, e) = hints::find(&ctx.ws, target)?;
        (c.clone(), Some(e.name))
    } else {
        (ctx.ws.chapter(target)?.clone(), None)
    };
    let file = ctx.ws.learner_file(&chapter);
    let rel = ctx.ws.rel(&file);
    let original = crate::stubs::original(&ctx.ws, &rel)?;
    let current =
        std::fs::read_to_string(&file).map_err(|e| anyhow::anyhow!("cannot read {rel}: {e}"))?;
    let (what, restored) = match &exercise {
        Some(name) => {
            let Some(text) = crate::source::replace_fn(&current, &original, name) else {
                bail!("cannot find `fn {name}` in both {rel} and its original stub: reset the whole chapter with `cargo grader reset {}`", chapter.num());
            };
            (format!("exercise {}::{name}", chapter.num()), text)
        }
        None => (
            format!("all of chapter {} ({rel})", chapter.num()),
            original,
        ),
    };
    if restored == current {
        println!("{what} is already the original stub: nothing to do.");
        return Ok(ExitCode::SUCCESS);
    }
    if !yes {
        print!("Reset {what} to its original stub? Your version is saved first. [y/N] ");
        std::io::Write::flush(&mut std::io::stdout())?;
        let mut answer = String::new();
        std::io::stdin().read_line(&mut answer)?;
        if !matches!(answer.trim().to_lowercase().as_str(), "y" | "yes") {
            println!("Nothing changed.");
            return Ok(ExitCode::SUCCESS);
        }
    }
    let backup_dir = ctx
        .ws
        .root
        .join(".grader")
        .join("backups")
        .join(chapter.dir_name());
    std::fs::create_dir_all(&backup_dir)?;
    let stamp = progress::now().replace(':', "-");
    let backup = backup_dir.join(format!("lib.rs.{stamp}"));
    std::fs::write(&backup, &current)
        .map_err(|e| anyhow::anyhow!("cannot save a backup at {}: {e}", backup.display()))?;
    std::fs::write(&file, restored).map_err(|e| anyhow::anyhow!("cannot write {rel}: {e}"))?;
    println!(
        "Reset {what}. Your version is kept at {}.",
        ctx.ws.rel(&backup)
    );
    Ok(ExitCode::SUCCESS)
}

/// For workbook authors: check (or `--write`) grader/stubs.toml against exercises/.
pub fn stubs(ctx: &Context, write: bool) -> Result<ExitCode> {
    let current = crate::stubs::current(&ctx.ws)?;
    if write {
        crate::stubs::write(&ctx.ws, &current)?;
        println!(
            "wrote {} ({} files)",
            crate::stubs::MANIFEST,
            current.files.len()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let saved = crate::stubs::load(&ctx.ws)?;
    if saved == current {
        println!(
            "{} matches exercises/ ({} files)",
            crate::stubs::MANIFEST,
            current.files.len()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        let changed: Vec<&String> = current
            .files
            .keys()
            .filter(|k| saved.files.get(*k) != current.files.get(*k))
            .collect();
        println!(
            "{} is out of date for: {:?}; run `cargo grader stubs --write`",
            crate::stubs::MANIFEST,
            changed
        );
        Ok(ExitCode::from(1))
    }
}
