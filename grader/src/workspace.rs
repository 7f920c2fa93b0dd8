//! Finding the workbook on disk and its chapters.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::roadmap::Roadmap;

/// Which crate of a chapter is graded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Exercises,
    Solutions,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Exercises => "exercises",
            Side::Solutions => "solutions",
        }
    }
}

/// A chapter that exists on disk (`exercises/NN-slug/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter {
    pub number: u32,
    pub slug: String,
}

impl Chapter {
    /// `"01"`.
    pub fn num(&self) -> String {
        format!("{:02}", self.number)
    }

    /// `"01-arrays"`.
    pub fn dir_name(&self) -> String {
        format!("{:02}-{}", self.number, self.slug)
    }

    /// `"exercise-01-arrays"` / `"solution-01-arrays"`.
    pub fn package(&self, side: Side) -> String {
        let prefix = match side {
            Side::Exercises => "exercise",
            Side::Solutions => "solution",
        };
        format!("{prefix}-{}", self.dir_name())
    }

    /// `"01_arrays"`: the file stem of the check and hint files.
    pub fn file_stem(&self) -> String {
        format!("{:02}_{}", self.number, self.slug.replace('-', "_"))
    }
}

/// The workbook: its root folder, roadmap and chapters.
#[derive(Debug)]
pub struct Workspace {
    pub root: PathBuf,
    pub roadmap: Roadmap,
    pub chapters: Vec<Chapter>,
}

impl Workspace {
    /// Find the workbook from `start` upwards (a folder with `roadmap.toml` and
    /// `Cargo.toml`), or use `explicit` as given.
    pub fn discover(explicit: Option<&Path>, start: &Path) -> Result<Workspace> {
        let root = match explicit {
            Some(p) => {
                if !is_root(p) {
                    bail!("{} is not the workbook's folder (it has no roadmap.toml and Cargo.toml)", p.display());
                }
                p.to_path_buf()
            }
            None => start
                .ancestors()
                .find(|p| is_root(p))
                .map(Path::to_path_buf)
                .with_context(|| {
                    format!(
                        "{} is not inside the workbook.\n  Run `cargo grader` from the folder you cloned (the one with roadmap.toml),\n  or pass --workspace PATH.",
                        start.display()
                    )
                })?,
        };
        let roadmap = Roadmap::load(&root.join("roadmap.toml"))?;
        let chapters = find_chapters(&root)?;
        Ok(Workspace {
            root,
            roadmap,
            chapters,
        })
    }

    pub fn exercise_dir(&self, c: &Chapter) -> PathBuf {
        self.root.join("exercises").join(c.dir_name())
    }

    pub fn side_dir(&self, c: &Chapter, side: Side) -> PathBuf {
        self.root.join(side.as_str()).join(c.dir_name())
    }

    /// The learner's file: `exercises/NN-slug/src/lib.rs`.
    pub fn learner_file(&self, c: &Chapter) -> PathBuf {
        self.exercise_dir(c).join("src").join("lib.rs")
    }

    pub fn hints_file(&self, c: &Chapter) -> PathBuf {
        self.root
            .join("grader")
            .join("hints")
            .join(format!("{}.toml", c.file_stem()))
    }

    pub fn check_file(&self, c: &Chapter) -> PathBuf {
        self.root
            .join("grader")
            .join("checks")
            .join(format!("{}.rs", c.file_stem()))
    }

    /// Path relative to the root, for messages.
    pub fn rel(&self, p: &Path) -> String {
        p.strip_prefix(&self.root)
            .unwrap_or(p)
            .display()
            .to_string()
    }

    /// Resolve what a learner typed: `1`, `01`, `arrays`, `01-arrays`.
    pub fn chapter(&self, name: &str) -> Result<&Chapter> {
        let name = name.trim().trim_end_matches('/');
        let name = name.rsplit('/').next().unwrap_or(name);
        let by_number = name.parse::<u32>().ok();
        self.chapters
            .iter()
            .find(|c| Some(c.number) == by_number || c.slug == name || c.dir_name() == name)
            .with_context(|| {
                let known: Vec<String> = self
                    .chapters
                    .iter()
                    .map(|c| format!("{} ({})", c.num(), c.slug))
                    .collect();
                format!(
                    "there is no chapter {name:?}. The chapters are: {}",
                    known.join(", ")
                )
            })
    }

    pub fn chapter_by_number(&self, n: u32) -> Option<&Chapter> {
        self.chapters.iter().find(|c| c.number == n)
    }
}

fn is_root(p: &Path) -> bool {
    p.join("roadmap.toml").is_file() && p.join("Cargo.toml").is_file()
}

/// Chapters are the `exercises/NN-slug` folders that have a `Cargo.toml`.
fn find_chapters(root: &Path) -> Result<Vec<Chapter>> {
    let dir = root.join("exercises");
    let mut chapters = Vec::new();
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(_) => return Ok(chapters),
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((num, slug)) = name.split_once('-') else {
            continue;
        };
        let Ok(number) = num.parse::<u32>() else {
            continue;
        };
        if num.len() == 2 && entry.path().join("Cargo.toml").is_file() {
            chapters.push(Chapter {
                number,
                slug: slug.to_string(),
            });
        }
    }
    chapters.sort_by_key(|c| c.number);
    Ok(chapters)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_derived_from_number_and_slug() {
        let c = Chapter {
            number: 7,
            slug: "linear-algebra".into(),
        };
        assert_eq!(c.num(), "07");
        assert_eq!(c.package(Side::Exercises), "exercise-07-linear-algebra");
        assert_eq!(c.package(Side::Solutions), "solution-07-linear-algebra");
        assert_eq!(c.file_stem(), "07_linear_algebra");
    }
}
