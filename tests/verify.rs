//! `grader verify` on the real workspace: every hidden check passes on `solutions/` and
//! none passes on the untouched `exercises/` (they report not started or failed).

use std::collections::BTreeMap;
use std::process::Command;

use serde_json::Value;

#[test]
fn every_check_passes_on_solutions_and_none_on_the_untouched_exercises() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = Command::new(env!("CARGO_BIN_EXE_grader"))
        .args(["verify", "--format", "json"])
        .current_dir(&root)
        .output()
        .expect("the grader runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<Value> = stdout
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();

    // Per chapter and side: how many checks, and how many passed.
    let mut counts: BTreeMap<(String, String), (usize, usize)> = BTreeMap::new();
    for l in &lines {
        let key = (
            l["chapter"].as_str().unwrap().to_string(),
            l["side"].as_str().unwrap().to_string(),
        );
        let entry = counts.entry(key).or_default();
        entry.0 += 1;
        entry.1 += usize::from(l["status"] == "passed");
    }
    let failing_solutions: Vec<String> = lines
        .iter()
        .filter(|l| l["side"] == "solutions" && l["status"] != "passed")
        .map(|l| {
            format!(
                "{} {}: {} {}",
                l["chapter"], l["check"], l["status"], l["message"]
            )
        })
        .collect();
    let passing_stubs: Vec<String> = lines
        .iter()
        .filter(|l| l["side"] == "exercises" && l["status"] == "passed")
        .map(|l| format!("{} {}", l["chapter"], l["check"]))
        .collect();
    assert!(
        failing_solutions.is_empty(),
        "reference solutions fail checks:\n{}",
        failing_solutions.join("\n")
    );
    assert!(
        passing_stubs.is_empty(),
        "checks the untouched stubs pass (they test nothing):\n{}",
        passing_stubs.join("\n")
    );
    for l in lines.iter().filter(|l| l["side"] == "exercises") {
        assert!(
            l["status"] == "not_started" || l["status"] == "failed",
            "stub check {} {} reports {}",
            l["chapter"],
            l["check"],
            l["status"]
        );
    }
    // Both sides ran the same checks in every chapter.
    let chapters: Vec<&String> = counts.keys().map(|(c, _)| c).collect();
    for c in chapters {
        let sol = counts.get(&(c.clone(), "solutions".into())).map(|x| x.0);
        let ex = counts.get(&(c.clone(), "exercises".into())).map(|x| x.0);
        assert_eq!(
            sol, ex,
            "chapter {c}: solutions and exercises ran different numbers of checks"
        );
    }
    let total: usize = lines.iter().filter(|l| l["side"] == "solutions").count();
    assert!(
        total >= 27,
        "at least chapter 01's 27 checks ran, got {total}"
    );
    let last = stdout.lines().last().unwrap_or_default();
    assert_eq!(
        last,
        format!(
            "verify: {total} checks; solutions {total}/{total} passed; exercises 0/{total} passed"
        )
    );
    assert!(
        out.status.success(),
        "verify exited with {}:\n{stderr}",
        out.status
    );
}

/// `grader compare` runs the learner's model and linfa's on the same data: on the reference
/// solution of chapter 11 the closed-form R² agrees with linfa-linear's; on the untouched
/// stub it says the model is not written yet.
#[test]
fn compare_puts_the_model_beside_linfa() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let grader = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_grader"))
            .args(args)
            .current_dir(&root)
            .output()
            .expect("the grader runs")
    };
    let out = grader(&["compare", "11", "--solutions"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("baseline: linfa-linear"), "{text}");
    let row = text
        .lines()
        .find(|l| l.starts_with("R² (test), normal equation"))
        .unwrap_or_else(|| panic!("no normal-equation row in:\n{text}"));
    let numbers: Vec<f64> = row
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    let (yours, linfa) = (numbers[0], numbers[1]);
    assert!((yours - linfa).abs() < 1e-6, "{row}");
    assert!(
        yours > 0.3 && yours < 0.8,
        "diabetes test R² is around 0.5: {row}"
    );

    let stub = grader(&["compare", "11"]);
    assert_eq!(stub.status.code(), Some(2));
    let err = String::from_utf8_lossy(&stub.stderr);
    assert!(err.contains("your model is not written yet"), "{err}");
}
