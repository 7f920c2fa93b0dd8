//! `roadmap.toml`: the learner's plan as data.

use std::collections::HashSet;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Roadmap {
    #[serde(rename = "phase")]
    pub phases: Vec<Phase>,
    #[serde(rename = "chapter")]
    pub chapters: Vec<PlannedChapter>,
    #[serde(rename = "day")]
    pub days: Vec<Day>,
}

#[derive(Debug, Deserialize)]
pub struct Phase {
    pub number: u32,
    pub title: String,
}

/// A chapter of the catalogue, written or not yet.
#[derive(Debug, Deserialize)]
pub struct PlannedChapter {
    pub number: u32,
    pub slug: String,
}

#[derive(Debug, Deserialize)]
pub struct Day {
    pub id: String,
    pub phase: u32,
    pub week: String,
    pub title: String,
    #[serde(default)]
    pub chapters: Vec<u32>,
    #[serde(default = "yes")]
    pub graded: bool,
    #[serde(default)]
    pub reason: Option<String>,
}

fn yes() -> bool {
    true
}

impl Roadmap {
    pub fn load(path: &Path) -> Result<Roadmap> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let roadmap: Roadmap =
            toml::from_str(&text).with_context(|| format!("{} is not valid", path.display()))?;
        roadmap
            .validate()
            .with_context(|| format!("{} is not consistent", path.display()))?;
        Ok(roadmap)
    }

    /// Ids unique; graded days name chapters of the catalogue; ungraded days say why.
    pub fn validate(&self) -> Result<()> {
        let mut seen = HashSet::new();
        for d in &self.days {
            if !seen.insert(d.id.as_str()) {
                bail!("day {:?} appears twice", d.id);
            }
            if !self.phases.iter().any(|p| p.number == d.phase) {
                bail!(
                    "day {:?} is in phase {}, which is not listed",
                    d.id,
                    d.phase
                );
            }
            match (d.graded, d.chapters.is_empty(), d.reason.is_some()) {
                (true, true, _) => bail!("day {:?} is graded but names no chapter", d.id),
                (false, false, _) => bail!("day {:?} is not graded but names chapters", d.id),
                (false, true, false) => bail!("day {:?} is not graded and gives no reason", d.id),
                _ => {}
            }
            for c in &d.chapters {
                if !self.chapters.iter().any(|p| p.number == *c) {
                    bail!(
                        "day {:?} names chapter {c}, which is not in the catalogue",
                        d.id
                    );
                }
            }
        }
        Ok(())
    }

    pub fn day(&self, id: &str) -> Option<&Day> {
        self.days.iter().find(|d| d.id == id)
    }

    /// The days chapter `n` grades, in roadmap order.
    pub fn days_of_chapter(&self, n: u32) -> Vec<&Day> {
        self.days
            .iter()
            .filter(|d| d.chapters.contains(&n))
            .collect()
    }

    pub fn planned_slug(&self, n: u32) -> Option<&str> {
        self.chapters
            .iter()
            .find(|c| c.number == n)
            .map(|c| c.slug.as_str())
    }
}
