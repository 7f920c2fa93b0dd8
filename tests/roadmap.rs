//! roadmap.toml covers the learner's roadmap.md item by item, and agrees with the chapters
//! on disk.

use std::path::Path;

use grader::roadmap::Roadmap;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn roadmap() -> Roadmap {
    Roadmap::load(&root().join("roadmap.toml")).expect("roadmap.toml loads and validates")
}

#[test]
fn every_checkbox_of_phases_1_to_5_is_a_day_in_order() {
    let md = std::fs::read_to_string(root().join("roadmap.md")).unwrap();
    // "- [ ] Day 1-2: NumPy - Arrays, ..." → the title after the first ": ".
    let titles: Vec<&str> = md
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- [ ] Day "))
        .map(|l| l.split_once(": ").map(|(_, t)| t.trim()).unwrap_or(l))
        .collect();
    assert_eq!(titles.len(), 62, "roadmap.md has 62 day checkboxes");
    let rm = roadmap();
    let days: Vec<&str> = rm
        .days
        .iter()
        .filter(|d| d.phase <= 5)
        .map(|d| d.title.as_str())
        .collect();
    assert_eq!(days, titles);
}

#[test]
fn phase_6_topics_and_phase_7_projects_are_listed() {
    let rm = roadmap();
    assert_eq!(
        rm.days.iter().filter(|d| d.phase == 6).count(),
        15,
        "options A, B, C × 5 topics"
    );
    assert_eq!(
        rm.days.iter().filter(|d| d.phase == 7).count(),
        5,
        "five must-have projects"
    );
    let md = std::fs::read_to_string(root().join("roadmap.md")).unwrap();
    for d in rm.days.iter().filter(|d| d.phase >= 6) {
        let head = d.title.split(" - ").next().unwrap();
        assert!(md.contains(head), "{:?} is not in roadmap.md", d.title);
    }
}

#[test]
fn ungraded_days_say_why_and_graded_days_name_catalogue_chapters() {
    let rm = roadmap();
    for d in &rm.days {
        if d.graded {
            assert!(!d.chapters.is_empty(), "{}", d.id);
        } else {
            assert!(
                d.reason.as_deref().is_some_and(|r| r.len() > 20),
                "{} needs a reason",
                d.id
            );
        }
    }
    assert!(
        rm.days.iter().filter(|d| d.phase == 1).all(|d| !d.graded),
        "Django days are not graded"
    );
}

#[test]
fn chapters_on_disk_match_the_catalogue_and_have_all_parts() {
    let rm = roadmap();
    for entry in std::fs::read_dir(root().join("exercises"))
        .unwrap()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        let (num, slug) = name.split_once('-').unwrap();
        let n: u32 = num.parse().unwrap();
        assert_eq!(
            rm.planned_slug(n),
            Some(slug),
            "exercises/{name} is not in the catalogue"
        );
        assert!(
            !rm.days_of_chapter(n).is_empty(),
            "chapter {n} grades no day"
        );
        assert!(
            root()
                .join("solutions")
                .join(&name)
                .join("Cargo.toml")
                .is_file(),
            "solutions/{name}"
        );
        let stem = format!("{num}_{}", slug.replace('-', "_"));
        assert!(
            root()
                .join("grader/checks")
                .join(format!("{stem}.rs"))
                .is_file(),
            "checks for {name}"
        );
        assert!(
            root()
                .join("grader/hints")
                .join(format!("{stem}.toml"))
                .is_file(),
            "hints for {name}"
        );
    }
}

#[test]
fn the_stub_manifest_matches_the_exercises() {
    // `cargo grader reset` restores stubs by the git blob ids in grader/stubs.toml: they must
    // be the ids of the stubs as shipped.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_grader"))
        .arg("stubs")
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
