//! Tiered hints (`grader/hints/NN_slug.toml`): the idea, the approach, nearly the code.

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::workspace::{Chapter, Workspace};

#[derive(Debug, Deserialize)]
struct HintsFile {
    #[serde(rename = "exercise", default)]
    exercises: Vec<Exercise>,
}

/// One exercise of a chapter, in the order of the learner's file.
#[derive(Debug, Clone, Deserialize)]
pub struct Exercise {
    pub name: String,
    pub hints: Vec<String>,
}

/// The exercises of a chapter, with their hints (empty if the chapter has no hints file).
pub fn exercises(ws: &Workspace, chapter: &Chapter) -> Result<Vec<Exercise>> {
    let path = ws.hints_file(chapter);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let file: HintsFile =
        toml::from_str(&text).with_context(|| format!("{} is not valid", ws.rel(&path)))?;
    Ok(file.exercises)
}

/// Resolve `01::arange_grid`, `arrays::arange_grid` or a bare `arange_grid` (searched in
/// every chapter) to its chapter and exercise.
pub fn find<'w>(ws: &'w Workspace, name: &str) -> Result<(&'w Chapter, Exercise)> {
    if let Some((chapter, exercise)) = name.split_once("::") {
        let chapter = ws.chapter(chapter)?;
        let all = exercises(ws, chapter)?;
        return match all.iter().find(|e| e.name == exercise) {
            Some(e) => Ok((chapter, e.clone())),
            None => {
                let names: Vec<&str> = all.iter().map(|e| e.name.as_str()).collect();
                anyhow::bail!(
                    "chapter {} has no exercise {exercise:?}. Its exercises are: {}",
                    chapter.num(),
                    names.join(", ")
                )
            }
        };
    }
    let mut found = Vec::new();
    for chapter in &ws.chapters {
        for e in exercises(ws, chapter)? {
            if e.name == name {
                found.push((chapter, e));
            }
        }
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => anyhow::bail!(
            "there is no exercise {name:?}. Name it as CHAPTER::EXERCISE (e.g. 01::arange_grid); `cargo grader list` shows them all"
        ),
        _ => {
            let options: Vec<String> = found.iter().map(|(c, e)| format!("{}::{}", c.num(), e.name)).collect();
            anyhow::bail!("{name:?} is in several chapters: say which, one of {}", options.join(", "))
        }
    }
}
