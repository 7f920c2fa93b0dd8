//! `watch`: re-check the chapter being edited on every save.
//!
//! File events come from `notify`; a one-second poll of modification times backs them up
//! on file systems where events do not arrive (network drives, WSL), and says so. Saves
//! during a run are queued into a single re-run. Keys are read line by line: `n`, `h`, `l`,
//! `q`, or just Enter to re-run.

use std::collections::HashMap;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context as _, Result};
use notify::{RecursiveMode, Watcher};

use crate::commands::{self, Context};
use crate::workspace::Chapter;

enum Event {
    /// `notify` saw a change to a Rust file of a chapter.
    FileChanged(PathBuf),
    /// The poll saw a modification time change.
    Polled(PathBuf),
    Key(String),
    StdinClosed,
}

const DEBOUNCE: Duration = Duration::from_millis(200);

pub fn watch(ctx: &Context, name: Option<&str>, manual: bool) -> Result<ExitCode> {
    let mut chapter = match name {
        Some(n) => ctx.ws.chapter(n)?.clone(),
        None => commands::current_chapter(ctx)?,
    };
    let (tx, rx) = mpsc::channel();
    spawn_stdin(tx.clone());
    let _watcher = if manual {
        None
    } else {
        Some(start_watcher(ctx, tx.clone())?)
    };
    if !manual {
        spawn_poll(ctx.ws.root.join("exercises"), tx);
    }
    let mut hint_level: HashMap<String, usize> = HashMap::new();
    let mut last_notify = Instant::now() - Duration::from_secs(60);
    let mut suggested_manual = false;
    run(ctx, &chapter, manual);
    loop {
        let event = match rx.recv_timeout(Duration::from_secs(3600)) {
            Ok(e) => e,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return Ok(ExitCode::SUCCESS),
        };
        let changed = match event {
            Event::FileChanged(path) => {
                last_notify = Instant::now();
                Some(path)
            }
            // The poll also sees every change notify reported: only act on the ones it missed.
            Event::Polled(path) if last_notify.elapsed() > Duration::from_secs(3) => {
                if !suggested_manual {
                    println!("(A save was noticed by polling, not by a file event: events may not arrive on this file system.\n If re-checks lag, use `cargo grader watch --manual` and press Enter after each save.)");
                    suggested_manual = true;
                }
                Some(path)
            }
            Event::Polled(_) => None,
            Event::Key(key) => {
                match key.as_str() {
                    "q" | "quit" => return Ok(ExitCode::SUCCESS),
                    "" | "r" => run(ctx, &chapter, manual),
                    "n" => {
                        commands::next(ctx)?;
                        footer(&chapter, manual);
                    }
                    "l" => {
                        commands::list(ctx)?;
                        footer(&chapter, manual);
                    }
                    "h" => {
                        match commands::first_unfinished(ctx, &chapter)? {
                            Some(exercise) => {
                                let key = format!("{}::{exercise}", chapter.num());
                                let level = hint_level.entry(key.clone()).or_insert(0);
                                *level = (*level % 3) + 1;
                                if commands::hint(ctx, &key, *level).is_err() {
                                    println!("(no more hints for {key})");
                                }
                            }
                            None => println!(
                                "Every exercise of chapter {} passes: no hint needed.",
                                chapter.num()
                            ),
                        }
                        footer(&chapter, manual);
                    }
                    other => {
                        println!(
                            "unknown key {other:?}: n next, h hint, l list, q quit, Enter re-check"
                        );
                        footer(&chapter, manual);
                    }
                }
                None
            }
            Event::StdinClosed => {
                if manual {
                    return Ok(ExitCode::SUCCESS);
                }
                None
            }
        };
        if let Some(path) = changed {
            if let Some(c) = chapter_of(ctx, &path) {
                chapter = c;
            }
            // Let a burst of saves settle, then run once for all of them.
            std::thread::sleep(DEBOUNCE);
            drain_files(&rx, &mut last_notify);
            run(ctx, &chapter, manual);
            // Saves made during the run: one more run covers them all.
            if drain_files(&rx, &mut last_notify) {
                run(ctx, &chapter, manual);
            }
        }
    }
}

/// Drain queued file events; true if there were any.
/// Keys typed during a run are dropped rather than replayed out of order.
fn drain_files(rx: &Receiver<Event>, last_notify: &mut Instant) -> bool {
    let mut any = false;
    while let Ok(e) = rx.try_recv() {
        match e {
            Event::FileChanged(_) => {
                *last_notify = Instant::now();
                any = true;
            }
            Event::Polled(_) if last_notify.elapsed() > Duration::from_secs(3) => any = true,
            _ => {}
        }
    }
    any
}

fn run(ctx: &Context, chapter: &Chapter, manual: bool) {
    if std::io::stdout().is_terminal() {
        print!("\x1b[2J\x1b[H");
    }
    if let Err(e) = commands::check(ctx, &[chapter.num()], None, &[], false, false) {
        println!("error: {e}");
    }
    footer(chapter, manual);
}

fn footer(chapter: &Chapter, manual: bool) {
    let how = if manual {
        "⏎ re-check after you save"
    } else {
        "re-checks on every save"
    };
    println!(
        "watch · chapter {} · {how} · n⏎ next exercise · h⏎ hint · l⏎ list · q⏎ quit",
        chapter.num()
    );
    let _ = std::io::stdout().flush();
}

fn chapter_of(ctx: &Context, path: &Path) -> Option<Chapter> {
    let rel = path.strip_prefix(&ctx.ws.root).ok()?;
    let mut parts = rel.components();
    if parts.next()?.as_os_str() != "exercises" {
        return None;
    }
    let dir = parts.next()?.as_os_str().to_string_lossy().into_owned();
    ctx.ws
        .chapters
        .iter()
        .find(|c| c.dir_name() == dir)
        .cloned()
}

fn is_source(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "rs") && path.components().any(|c| c.as_os_str() == "src")
}

fn spawn_stdin(tx: Sender<Event>) {
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        for line in stdin.lock().lines() {
            let Ok(line) = line else { break };
            if tx.send(Event::Key(line.trim().to_string())).is_err() {
                return;
            }
        }
        let _ = tx.send(Event::StdinClosed);
    });
}

fn start_watcher(ctx: &Context, tx: Sender<Event>) -> Result<notify::RecommendedWatcher> {
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(event) = res {
            if matches!(
                event.kind,
                notify::EventKind::Modify(_) | notify::EventKind::Create(_)
            ) {
                for path in event.paths.into_iter().filter(|p| is_source(p)) {
                    let _ = tx.send(Event::FileChanged(path));
                }
            }
        }
    })
    .context("cannot watch files here: use `cargo grader watch --manual`")?;
    watcher
        .watch(&ctx.ws.root.join("exercises"), RecursiveMode::Recursive)
        .context("cannot watch exercises/: use `cargo grader watch --manual`")?;
    Ok(watcher)
}

/// Every second, compare modification times; report changes `notify` may have missed.
fn spawn_poll(dir: PathBuf, tx: Sender<Event>) {
    std::thread::spawn(move || {
        let mut seen = mtimes(&dir);
        loop {
            std::thread::sleep(Duration::from_secs(1));
            let now = mtimes(&dir);
            for (path, time) in &now {
                if seen.get(path) != Some(time) && tx.send(Event::Polled(path.clone())).is_err() {
                    return;
                }
            }
            seen = now;
        }
    });
}

fn mtimes(dir: &Path) -> HashMap<PathBuf, SystemTime> {
    let mut out = HashMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != "target") {
                    stack.push(p);
                }
            } else if is_source(&p) {
                if let Ok(t) = e.metadata().and_then(|m| m.modified()) {
                    out.insert(p, t);
                }
            }
        }
    }
    out
}
