//! The original stubs, kept by git: `grader/stubs.toml` lists the git blob id of every
//! file under `exercises/*/src/`, so `reset` restores a stub from the repository's own
//! object store — no download, and it works after the learner commits their own work.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

use crate::workspace::Workspace;

pub const MANIFEST: &str = "grader/stubs.toml";

#[derive(Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    /// Path relative to the workspace root → git blob id.
    pub files: BTreeMap<String, String>,
}

fn git(root: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.arg("-C").arg(root);
    cmd
}

/// `git hash-object` of a file: the blob id git would store for it.
fn blob_id(root: &Path, rel: &str) -> Result<String> {
    let out = git(root)
        .args(["hash-object", "--", rel])
        .output()
        .context("cannot run git (is it installed?)")?;
    if !out.status.success() {
        bail!(
            "git hash-object {rel} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The manifest as the current `exercises/` would make it.
pub fn current(ws: &Workspace) -> Result<Manifest> {
    let mut files = BTreeMap::new();
    for chapter in &ws.chapters {
        let src = ws.exercise_dir(chapter).join("src");
        let mut stack = vec![src];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir)
                .with_context(|| format!("cannot read {}", dir.display()))?
                .flatten()
            {
                let p = entry.path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let rel = ws.rel(&p);
                    let id = blob_id(&ws.root, &rel)?;
                    files.insert(rel, id);
                }
            }
        }
    }
    Ok(Manifest { files })
}

pub fn load(ws: &Workspace) -> Result<Manifest> {
    let path = ws.root.join(MANIFEST);
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {MANIFEST}"))?;
    toml::from_str(&text).with_context(|| format!("{MANIFEST} is not valid"))
}

pub fn write(ws: &Workspace, m: &Manifest) -> Result<()> {
    let header = "# Git blob ids of the original exercise stubs: `cargo grader reset` restores them from\n# git's object store. After changing a stub, run `cargo grader stubs --write` and commit.\n\n";
    let text = format!(
        "{header}{}",
        toml::to_string(m).expect("manifest serialises")
    );
    std::fs::write(ws.root.join(MANIFEST), text).with_context(|| format!("cannot write {MANIFEST}"))
}

/// The original text of `rel` (a path under `exercises/`).
pub fn original(ws: &Workspace, rel: &str) -> Result<String> {
    let manifest = load(ws)?;
    let Some(id) = manifest.files.get(rel) else {
        bail!("{rel} is not one of the workbook's stubs (see {MANIFEST})");
    };
    let out = git(&ws.root)
        .args(["cat-file", "blob", id])
        .output()
        .context("cannot run git (is it installed?)")?;
    if !out.status.success() {
        bail!(
            "the original of {rel} (git blob {id}) is not in this repository's history: was the workbook copied without its .git folder? Clone it with git to use reset."
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
