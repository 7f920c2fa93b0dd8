//! `PROGRESS.md`: the roadmap's checklist with `[x]` on done days, a table per chapter,
//! and links to the plots the learner's code drew.

use std::path::Path;

use crate::hints;
use crate::progress::Progress;
use crate::workspace::Workspace;

pub fn render(ws: &Workspace, progress: &Progress, report_dir: &Path) -> String {
    let mut out = String::from("# My roadmap progress\n\nWritten by `cargo grader report`. A day is checked when every hidden check tagged with it passes.\n");
    for phase in &ws.roadmap.phases {
        out.push_str(&format!("\n## Phase {}: {}\n", phase.number, phase.title));
        let mut week = "";
        for d in ws.roadmap.days.iter().filter(|d| d.phase == phase.number) {
            if d.week != week {
                week = &d.week;
                out.push_str(&format!("\n### {week}\n\n"));
            }
            let tick = if progress.day_done(&d.id) { "x" } else { " " };
            let mut line = format!("- [{tick}] **{}** {}", d.id, d.title);
            if !d.graded {
                line.push_str(&format!(
                    " — *not graded: {}*",
                    d.reason.as_deref().unwrap_or("")
                ));
            } else {
                let chapters: Vec<String> = d
                    .chapters
                    .iter()
                    .map(|n| match ws.chapter_by_number(*n) {
                        Some(c) => format!("chapter {} {}", c.num(), c.slug),
                        None => format!("chapter {n:02} (not written yet)"),
                    })
                    .collect();
                line.push_str(&format!(" — {}", chapters.join(", ")));
                if let Some(first) = progress
                    .days
                    .get(&d.id)
                    .and_then(|r| r.first_completed.as_deref())
                {
                    line.push_str(&format!(" — first done {}", &first[..first.len().min(10)]));
                }
                for n in &d.chapters {
                    for plot in plots_of(ws, *n) {
                        let rel = relative(&plot, report_dir);
                        let name = plot
                            .file_name()
                            .map(|f| f.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        line.push_str(&format!(" [📈 {name}]({rel})"));
                    }
                }
            }
            out.push_str(&line);
            out.push('\n');
        }
    }
    out.push_str("\n## Chapters\n");
    for chapter in &ws.chapters {
        out.push_str(&format!(
            "\n### {} {}\n\n| exercise | checks passed |\n|---|---|\n",
            chapter.num(),
            chapter.slug
        ));
        for e in hints::exercises(ws, chapter).unwrap_or_default() {
            let cell = match progress.exercise_counts(&chapter.num(), &e.name) {
                None => "not checked yet".to_string(),
                Some((p, t)) if p == t => format!("✓ {p}/{t}"),
                Some((p, t)) => format!("{p}/{t}"),
            };
            out.push_str(&format!("| `{}` | {cell} |\n", e.name));
        }
    }
    out
}

/// PNG and SVG files the learner's code wrote under `plots/NN/`.
fn plots_of(ws: &Workspace, chapter: u32) -> Vec<std::path::PathBuf> {
    let dir = ws.root.join("plots").join(format!("{chapter:02}"));
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "png"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn relative(path: &Path, base: &Path) -> String {
    let base = base.canonicalize().unwrap_or_else(|_| base.to_path_buf());
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    path.strip_prefix(&base)
        .unwrap_or(&path)
        .display()
        .to_string()
}
