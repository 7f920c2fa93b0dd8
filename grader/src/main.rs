//! `cargo grader`: the workbook's grader.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};

use grader::commands;

#[derive(Parser)]
#[command(name = "grader", version, about = "Grades the workbook's exercises and tracks your roadmap.", long_about = None)]
struct Cli {
    /// The workbook's folder (found from the current folder when not given).
    #[arg(long, global = true, value_name = "PATH")]
    workspace: Option<PathBuf>,
    /// The progress file (default: progress.json in the workbook's folder).
    #[arg(long, global = true, value_name = "FILE")]
    progress: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// The roadmap with your progress and the next exercise (the default).
    Status,
    /// Run the hidden checks of chapters (default: the chapter you are on) and record the
    /// days they complete.
    Check {
        /// Chapters by number or name (`01`, `arrays`).
        chapters: Vec<String>,
        /// Replay the random inputs of an earlier run.
        #[arg(long)]
        seed: Option<u64>,
        /// Only this exercise (repeatable).
        #[arg(long, value_name = "EXERCISE")]
        only: Vec<String>,
        /// Show every check and everything your code printed.
        #[arg(long, short)]
        verbose: bool,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Check the workbook itself: every check passes on solutions/ and none on the
    /// untouched exercises/.
    Verify {
        /// Chapters to verify (default: all).
        chapters: Vec<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// The chapters and their exercises, with your marks.
    List,
    /// The first exercise not yet passing, with its file.
    Next,
    /// A hint for an exercise: `cargo grader hint 01::linspace --level 2`.
    Hint {
        exercise: String,
        /// 1 = the idea, 2 = the approach, 3 = nearly the code.
        #[arg(long, default_value_t = 1)]
        level: usize,
    },
    /// Write PROGRESS.md: the roadmap's checklist with [x] on done days.
    Report {
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Re-check the chapter you are editing on every save.
    Watch {
        /// The chapter to start with (default: the one you are on).
        chapter: Option<String>,
        /// Re-check when you press Enter, for file systems where save events do not
        /// arrive (network drives, WSL).
        #[arg(long)]
        manual: bool,
    },
    /// The reference solution of an exercise, once its checks pass.
    Solution {
        exercise: String,
        /// Show it before the exercise passes (recorded in progress.json).
        #[arg(long)]
        force: bool,
    },
    /// Restore an exercise (`01::linspace`) or a chapter (`01`) to its original stub; your
    /// version is backed up first.
    Reset {
        target: String,
        /// Do not ask for confirmation.
        #[arg(long, short)]
        yes: bool,
    },
    /// For workbook authors: check grader/stubs.toml against exercises/ (`--write` updates it).
    #[command(hide = true)]
    Stubs {
        #[arg(long)]
        write: bool,
    },
    /// Your model beside the library baseline, on the same data and split.
    Compare {
        chapter: String,
        /// Compare the reference solution instead of your code.
        #[arg(long)]
        solutions: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  because: {cause}");
            }
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let cwd = std::env::current_dir()?;
    let ctx = commands::Context::open(cli.workspace.as_deref(), &cwd, cli.progress)?;
    match cli.command.unwrap_or(Command::Status) {
        Command::Status => commands::status(&ctx),
        Command::Check {
            chapters,
            seed,
            only,
            verbose,
            format,
        } => commands::check(
            &ctx,
            &chapters,
            seed,
            &only,
            verbose,
            format == Format::Json,
        ),
        Command::Verify { chapters, format } => {
            commands::verify(&ctx, &chapters, format == Format::Json)
        }
        Command::List => commands::list(&ctx),
        Command::Next => commands::next(&ctx),
        Command::Hint { exercise, level } => commands::hint(&ctx, &exercise, level),
        Command::Report { output } => commands::report(&ctx, output),
        Command::Compare { chapter, solutions } => commands::compare(&ctx, &chapter, solutions),
        Command::Watch { chapter, manual } => {
            grader::watch::watch(&ctx, chapter.as_deref(), manual)
        }
        Command::Solution { exercise, force } => commands::solution(&ctx, &exercise, force),
        Command::Reset { target, yes } => commands::reset(&ctx, &target, yes),
        Command::Stubs { write } => commands::stubs(&ctx, write),
    }
}
