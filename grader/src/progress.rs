//! `progress.json`: which checks passed, which roadmap days are done.
//!
//! Written atomically (a temporary file in the same folder, flushed, then renamed over the
//! old one), so a crash mid-write leaves the previous file intact. A file that cannot be
//! read, or that a newer grader wrote, is never overwritten: it is copied aside and the
//! learner is told what is wrong.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::{bail, Context, Result};
use harness::{Outcome, Status};
use serde::{Deserialize, Serialize};

use crate::roadmap::Roadmap;

/// Bumped when the file's meaning changes; older graders refuse newer files.
pub const SCHEMA_VERSION: u32 = 1;
pub const GRADER_VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Progress {
    pub schema: u32,
    /// Per chapter (`"01"`), the latest result of each of its checks.
    #[serde(default)]
    pub chapters: BTreeMap<String, ChapterRecord>,
    /// Per roadmap day id.
    #[serde(default)]
    pub days: BTreeMap<String, DayRecord>,
    /// Exercises whose reference solution was shown with `--force` before they passed.
    #[serde(default)]
    pub solutions_forced: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct ChapterRecord {
    pub last_run: String,
    pub source_hash: String,
    pub checks: BTreeMap<String, CheckRecord>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CheckRecord {
    pub status: Status,
    pub days: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    pub seed: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DayRecord {
    pub done: bool,
    /// When the day was first completed (kept if it later fails again).
    #[serde(default)]
    pub first_completed: Option<String>,
    /// When it was last completed.
    #[serde(default)]
    pub completed: Option<String>,
    /// The checks that passed when it was last completed.
    #[serde(default)]
    pub checks_passed: Vec<String>,
    /// SHA-256 of the learner's sources of the grading chapters when it was completed.
    #[serde(default)]
    pub source_hash: String,
    #[serde(default)]
    pub grader_version: String,
}

/// How a day changed in one update.
#[derive(Debug, Clone, PartialEq)]
pub enum DayChange {
    NewlyDone {
        id: String,
    },
    StillDone {
        id: String,
    },
    /// It was done; some of its checks do not pass any more.
    Lost {
        id: String,
        failing: usize,
        total: usize,
    },
    NotYet {
        id: String,
        passing: usize,
        total: usize,
    },
}

impl Default for Progress {
    fn default() -> Self {
        Progress {
            schema: SCHEMA_VERSION,
            chapters: BTreeMap::new(),
            days: BTreeMap::new(),
            solutions_forced: Vec::new(),
        }
    }
}

pub fn now() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

impl Progress {
    /// Load `path`; a missing file is an empty progress.
    ///
    /// # Errors
    /// When the file is unreadable, corrupt or from a newer grader: a copy is kept beside
    /// it (`progress.json.bak-<time>`) and the error says where.
    pub fn load(path: &Path) -> Result<Progress> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Progress::default()),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        let problem = match serde_json::from_str::<serde_json::Value>(&text) {
            Err(e) => format!("it is not valid JSON ({e})"),
            Ok(v) => match v.get("schema").and_then(|s| s.as_u64()) {
                Some(s) if s > u64::from(SCHEMA_VERSION) => format!(
                    "it was written by a newer grader (schema {s}; this grader knows {SCHEMA_VERSION}): update the workbook (git pull)"
                ),
                Some(_) => match serde_json::from_value::<Progress>(v) {
                    Ok(p) => return Ok(p),
                    Err(e) => format!("its content does not match schema {SCHEMA_VERSION} ({e})"),
                },
                None => "it has no schema version".to_string(),
            },
        };
        let backup = backup_path(path);
        std::fs::copy(path, &backup)
            .with_context(|| format!("cannot back up {}", path.display()))?;
        bail!(
            "{} cannot be used: {problem}.\n  A copy is kept at {}. Nothing was overwritten.\n  Fix the file, or move it away to start a fresh record.",
            path.display(),
            backup.display()
        )
    }

    /// Write atomically: temp file in the same folder, fsync, rename.
    pub fn save(&self, path: &Path) -> Result<()> {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let tmp = dir.join(format!(
            ".{}.tmp-{}",
            path.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("progress.json"),
            std::process::id()
        ));
        let text = serde_json::to_string_pretty(self).expect("progress serialises");
        let write = || -> std::io::Result<()> {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.write_all(b"\n")?;
            f.sync_all()?;
            std::fs::rename(&tmp, path)
        };
        write()
            .inspect_err(|_| {
                let _ = std::fs::remove_file(&tmp);
            })
            .with_context(|| format!("cannot write {}", path.display()))
    }

    /// Record a run of `chapter`'s checks. A full run replaces the chapter's record (so
    /// removed checks disappear); a partial run (`--only`) updates just those checks.
    pub fn record_run(
        &mut self,
        chapter: &str,
        outcomes: &[Outcome],
        source_hash: &str,
        partial: bool,
    ) {
        let record = self.chapters.entry(chapter.to_string()).or_default();
        if !partial {
            record.checks.clear();
        }
        record.last_run = now();
        record.source_hash = source_hash.to_string();
        for o in outcomes {
            record.checks.insert(
                o.check.clone(),
                CheckRecord {
                    status: o.status,
                    days: o.days.clone(),
                    message: o.message.clone(),
                    seed: o.seed,
                },
            );
        }
    }

    /// Recompute the days graded by `chapter` from every chapter record. A day is done
    /// when every chapter that grades it has been run and every check tagged with the day
    /// passed.
    pub fn update_days(
        &mut self,
        roadmap: &Roadmap,
        chapter: u32,
        source_hash: &str,
    ) -> Vec<DayChange> {
        let mut changes = Vec::new();
        for day in roadmap.days_of_chapter(chapter) {
            let mut total = 0;
            let mut passing = Vec::new();
            let mut all_chapters_seen = true;
            for c in &day.chapters {
                let tagged: Vec<(&String, &CheckRecord)> = self
                    .chapters
                    .get(&format!("{c:02}"))
                    .map(|r| {
                        r.checks
                            .iter()
                            .filter(|(_, ch)| ch.days.contains(&day.id))
                            .collect()
                    })
                    .unwrap_or_default();
                if tagged.is_empty() {
                    all_chapters_seen = false;
                }
                total += tagged.len();
                passing.extend(
                    tagged
                        .iter()
                        .filter(|(_, ch)| ch.status == Status::Passed)
                        .map(|(id, _)| format!("{c:02}::{id}")),
                );
            }
            let done = all_chapters_seen && total > 0 && passing.len() == total;
            let previous = self.days.get(&day.id).cloned();
            let was_done = previous.as_ref().is_some_and(|d| d.done);
            let change = match (was_done, done) {
                (false, true) => DayChange::NewlyDone { id: day.id.clone() },
                (true, true) => DayChange::StillDone { id: day.id.clone() },
                (true, false) => DayChange::Lost {
                    id: day.id.clone(),
                    failing: total - passing.len(),
                    total,
                },
                (false, false) => DayChange::NotYet {
                    id: day.id.clone(),
                    passing: passing.len(),
                    total,
                },
            };
            let entry = self
                .days
                .entry(day.id.clone())
                .or_insert_with(|| DayRecord {
                    done: false,
                    first_completed: None,
                    completed: None,
                    checks_passed: Vec::new(),
                    source_hash: String::new(),
                    grader_version: String::new(),
                });
            entry.done = done;
            if done {
                let stamp = now();
                entry.first_completed.get_or_insert_with(|| stamp.clone());
                entry.completed = Some(stamp);
                entry.checks_passed = passing;
                entry.source_hash = source_hash.to_string();
                entry.grader_version = GRADER_VERSION.to_string();
            }
            changes.push(change);
        }
        changes
    }

    pub fn day_done(&self, id: &str) -> bool {
        self.days.get(id).is_some_and(|d| d.done)
    }

    /// `(passed, total)` checks of an exercise in the latest record, if it was ever run.
    pub fn exercise_counts(&self, chapter: &str, exercise: &str) -> Option<(usize, usize)> {
        let record = self.chapters.get(chapter)?;
        let checks: Vec<&CheckRecord> = record
            .checks
            .iter()
            .filter(|(id, _)| id.split('/').next() == Some(exercise))
            .map(|(_, c)| c)
            .collect();
        if checks.is_empty() {
            return None;
        }
        Some((
            checks.iter().filter(|c| c.status == Status::Passed).count(),
            checks.len(),
        ))
    }
}

fn backup_path(path: &Path) -> PathBuf {
    let stamp = humantime::format_rfc3339_seconds(SystemTime::now())
        .to_string()
        .replace(':', "-");
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("progress.json");
    path.with_file_name(format!("{name}.bak-{stamp}"))
}

/// SHA-256 over every file under the chapter's `src/` (paths and contents, sorted).
pub fn source_hash(dir: &Path) -> String {
    use sha2::{Digest, Sha256};
    let mut files = Vec::new();
    collect_files(&dir.join("src"), &mut files);
    files.sort();
    let mut hasher = Sha256::new();
    for f in files {
        hasher.update(
            f.strip_prefix(dir)
                .unwrap_or(&f)
                .to_string_lossy()
                .as_bytes(),
        );
        hasher.update([0]);
        hasher.update(std::fs::read(&f).unwrap_or_default());
        hasher.update([0]);
    }
    format!("{:x}", hasher.finalize())
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_files(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(check: &str, day: &str, status: Status) -> Outcome {
        Outcome {
            chapter: "01".into(),
            check: check.into(),
            days: vec![day.into()],
            status,
            message: String::new(),
            seed: 1,
            ms: 0,
            output: String::new(),
        }
    }

    fn roadmap() -> Roadmap {
        toml::from_str(
            r#"
            [[phase]]
            number = 2
            title = "P"
            [[chapter]]
            number = 1
            slug = "arrays"
            [[day]]
            id = "W4 D1-2"
            phase = 2
            week = "Week 4"
            title = "NumPy"
            chapters = [1]
            "#,
        )
        .unwrap()
    }

    #[test]
    fn a_day_is_done_when_all_its_checks_pass_and_lost_when_one_fails() {
        let rm = roadmap();
        let mut p = Progress::default();
        p.record_run(
            "01",
            &[
                outcome("a/x", "W4 D1-2", Status::Passed),
                outcome("b/x", "W4 D1-2", Status::Failed),
            ],
            "h",
            false,
        );
        assert_eq!(
            p.update_days(&rm, 1, "h"),
            vec![DayChange::NotYet {
                id: "W4 D1-2".into(),
                passing: 1,
                total: 2
            }]
        );
        p.record_run(
            "01",
            &[outcome("b/x", "W4 D1-2", Status::Passed)],
            "h",
            true,
        );
        assert_eq!(
            p.update_days(&rm, 1, "h"),
            vec![DayChange::NewlyDone {
                id: "W4 D1-2".into()
            }]
        );
        let first = p.days["W4 D1-2"].first_completed.clone();
        assert!(first.is_some());
        p.record_run(
            "01",
            &[
                outcome("a/x", "W4 D1-2", Status::Failed),
                outcome("b/x", "W4 D1-2", Status::Passed),
            ],
            "h",
            false,
        );
        assert_eq!(
            p.update_days(&rm, 1, "h"),
            vec![DayChange::Lost {
                id: "W4 D1-2".into(),
                failing: 1,
                total: 2
            }]
        );
        assert!(!p.day_done("W4 D1-2"));
        assert_eq!(
            p.days["W4 D1-2"].first_completed, first,
            "the first completion is history"
        );
    }

    #[test]
    fn saving_is_atomic_and_loading_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.json");
        let mut p = Progress::default();
        p.record_run(
            "01",
            &[outcome("a/x", "W4 D1-2", Status::Passed)],
            "h",
            false,
        );
        p.save(&path).unwrap();
        assert_eq!(Progress::load(&path).unwrap(), p);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name() != "progress.json")
            .collect();
        assert!(leftovers.is_empty(), "no temporary file is left behind");
    }

    #[test]
    fn corrupt_and_newer_files_are_backed_up_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.json");
        std::fs::write(&path, "{ not json").unwrap();
        let err = Progress::load(&path).unwrap_err().to_string();
        assert!(err.contains("not valid JSON"), "{err}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{ not json",
            "the original stays"
        );
        let backups = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains(".bak-"))
            .count();
        assert_eq!(backups, 1);

        std::fs::write(&path, r#"{"schema": 99}"#).unwrap();
        let err = Progress::load(&path).unwrap_err().to_string();
        assert!(err.contains("newer grader"), "{err}");
    }
}
