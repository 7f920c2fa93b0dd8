//! The grader's command line, end to end, on a temporary copy of the workspace.
//!
//! Each test copies the workbook's own files (chapter 01 only, plus two small chapters made
//! here: 98 does not compile, 99 panics, loops forever and prints a lot) into a temporary
//! folder and runs the real `grader` binary there. The copies share one cargo target
//! directory, `target/e2e`, so dependencies are built once.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if src.is_dir() {
            copy_dir(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

/// A workbook in a temporary folder.
///
/// Copies hold a lock for their whole test: cargo names a path package's artifacts by its
/// path relative to the workspace, so two copies sharing `target/e2e` would overwrite each
/// other's check binaries if they built at the same time.
struct Copy {
    _dir: tempfile::TempDir,
    root: PathBuf,
    _serial: std::sync::MutexGuard<'static, ()>,
}

static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl Copy {
    fn new() -> Copy {
        let serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("workbook");
        let repo = repo();
        for file in ["Cargo.toml", "Cargo.lock", "roadmap.toml", "roadmap.md"] {
            std::fs::create_dir_all(&root).unwrap();
            std::fs::copy(repo.join(file), root.join(file)).unwrap();
        }
        for dir in [
            ".cargo",
            "grader/src",
            "grader/harness/src",
            "grader/checks",
            "grader/hints",
            "tests",
            "fonts",
            "charts/src",
            "datasets/src",
        ] {
            copy_dir(&repo.join(dir), &root.join(dir));
        }
        for file in [
            "grader/Cargo.toml",
            "grader/stubs.toml",
            "grader/harness/Cargo.toml",
            "charts/Cargo.toml",
            "datasets/Cargo.toml",
            "datasets/SHA256SUMS",
        ] {
            std::fs::copy(repo.join(file), root.join(file)).unwrap();
        }
        for side in ["exercises", "solutions"] {
            copy_dir(
                &repo.join(side).join("01-arrays"),
                &root.join(side).join("01-arrays"),
            );
        }
        let copy = Copy {
            _dir: dir,
            root,
            _serial: serial,
        };
        copy.add_test_chapters();
        copy
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap()
    }

    /// Chapter 98 has a type error on line 4; chapter 99 has one check of each kind of
    /// trouble. Both grade a test day "T1" in a test phase.
    fn add_test_chapters(&self) {
        let mut roadmap = self.read("roadmap.toml");
        roadmap.push_str(
            "\n[[phase]]\nnumber = 9\ntitle = \"Test phase\"\n\n[[chapter]]\nnumber = 98\nslug = \"broken\"\n\n[[chapter]]\nnumber = 99\nslug = \"trouble\"\n\n[[day]]\nid = \"T1\"\nphase = 9\nweek = \"Test week\"\ntitle = \"Trouble\"\nchapters = [98, 99]\n",
        );
        self.write("roadmap.toml", &roadmap);
        for (num, slug, lib) in [("98", "broken", "broken"), ("99", "trouble", "trouble")] {
            self.write(
                &format!("exercises/{num}-{slug}/Cargo.toml"),
                &format!(
                    "[package]\nname = \"exercise-{num}-{slug}\"\nedition = \"2021\"\nversion = \"0.1.0\"\npublish = false\n\n[lib]\nname = \"{lib}\"\npath = \"src/lib.rs\"\ndoctest = false\n\n[dev-dependencies]\nharness = {{ path = \"../../grader/harness\" }}\n\n[[test]]\nname = \"hidden\"\npath = \"../../grader/checks/{num}_{slug}.rs\"\nharness = false\ntest = false\n"
                ),
            );
            self.write(
                &format!("exercises/{num}-{slug}/README.md"),
                "# test chapter\n",
            );
        }
        self.write("exercises/98-broken/src/lib.rs", "/// Doubles.\npub fn double(x: i32) -> i32 {\n    // The next line is the learner's mistake.\n    let y: i32 = \"two\";\n    x * y\n}\n");
        self.write(
            "grader/checks/98_broken.rs",
            "use harness::prelude::*;\nfn main() {\n    harness::run(\"98\", vec![Check::new(\"double/two\", &[\"T1\"], |_| expect_eq(\"double(2)\", 4, broken::double(2)))]);\n}\n",
        );
        self.write(
            "grader/hints/98_broken.toml",
            "[[exercise]]\nname = \"double\"\nhints = [\"a\", \"b\", \"c\"]\n",
        );
        self.write(
            "exercises/99-trouble/src/lib.rs",
            "pub fn double(x: i32) -> i32 { x * 2 }\n\
             pub fn boom(v: &[i32]) -> i32 { v[10] }\n\
             pub fn spin() -> u64 { let mut n = 0u64; loop { n = std::hint::black_box(n + 1) % 7; if std::hint::black_box(n == 99) { return n; } } }\n\
             pub fn later() -> i32 { todo!() }\n\
             pub fn crash() -> i32 { std::process::abort() }\n\
             pub fn noisy() -> i32 { for i in 0..5000 { println!(\"line {i}\"); } 0 }\n",
        );
        self.write(
            "grader/checks/99_trouble.rs",
            "use harness::prelude::*;\nuse std::time::Duration;\nfn main() {\n    harness::run(\"99\", vec![\n\
             Check::new(\"double/two\", &[\"T1\"], |_| expect_eq(\"double(2)\", 4, trouble::double(2))),\n\
             Check::new(\"boom/index\", &[\"T1\"], |_| expect_eq(\"boom\", 0, trouble::boom(&[1, 2]))),\n\
             Check::new(\"spin/forever\", &[\"T1\"], |_| expect_eq(\"spin\", 0, trouble::spin())).timeout(Duration::from_millis(1500)),\n\
             Check::new(\"later/stub\", &[\"T1\"], |_| expect_eq(\"later\", 1, trouble::later())),\n\
             Check::new(\"crash/abort\", &[\"T1\"], |_| expect_eq(\"crash\", 0, trouble::crash())),\n\
             Check::new(\"noisy/prints\", &[\"T1\"], |_| expect_eq(\"noisy\", 1, trouble::noisy())),\n\
             Check::new(\"double/three\", &[\"T1\"], |_| expect_eq(\"double(3)\", 6, trouble::double(3))),\n\
             ]);\n}\n",
        );
        self.write(
            "grader/hints/99_trouble.toml",
            "[[exercise]]\nname = \"double\"\nhints = [\"a\"]\n[[exercise]]\nname = \"boom\"\nhints = [\"a\"]\n[[exercise]]\nname = \"spin\"\nhints = [\"a\"]\n[[exercise]]\nname = \"later\"\nhints = [\"a\"]\n[[exercise]]\nname = \"crash\"\nhints = [\"a\"]\n[[exercise]]\nname = \"noisy\"\nhints = [\"a\"]\n",
        );
    }

    fn grader(&self, args: &[&str]) -> Output {
        self.grader_in(&self.root, args)
    }

    fn grader_in(&self, cwd: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_grader"))
            .args(args)
            .current_dir(cwd)
            .env("CARGO_TARGET_DIR", repo().join("target").join("e2e"))
            .env_remove("CARGO_MANIFEST_DIR")
            .output()
            .unwrap()
    }

    fn progress(&self) -> Value {
        serde_json::from_str(&self.read("progress.json")).unwrap()
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json_lines(o: &Output) -> Vec<Value> {
    stdout(o)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

#[test]
fn status_shows_the_roadmap_and_the_next_exercise() {
    let w = Copy::new();
    let out = w.grader(&[]);
    let text = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        text.contains("Phase 2 · Python for Data Science  —  0/7 days (0%)"),
        "{text}"
    );
    assert!(
        text.contains("· W4 D1-2       NumPy - Arrays, Broadcasting, Vectorization  [01 arrays]"),
        "{text}"
    );
    assert!(
        text.contains("not graded: Django is not part of this workbook"),
        "{text}"
    );
    assert!(
        text.contains("○ W4 D3-4"),
        "an unwritten chapter's day is marked as such:\n{text}"
    );
    assert!(
        text.contains("Next: 01::arange_grid in exercises/01-arrays/src/lib.rs:"),
        "{text}"
    );
    // The same view under its own name.
    assert_eq!(stdout(&w.grader(&["status"])), text);
}

#[test]
fn a_solved_chapter_records_its_day_and_a_later_failure_takes_it_back() {
    let w = Copy::new();
    let untouched = w.grader(&["check", "01"]);
    assert_eq!(untouched.status.code(), Some(1));
    assert!(
        stdout(&untouched).contains("· linspace"),
        "{}",
        stdout(&untouched)
    );
    assert!(
        stdout(&untouched).contains("0/27 checks passed"),
        "{}",
        stdout(&untouched)
    );
    assert_eq!(w.progress()["days"]["W4 D1-2"]["done"], false);

    let solution = w.read("solutions/01-arrays/src/lib.rs");
    w.write("exercises/01-arrays/src/lib.rs", &solution);
    let solved = w.grader(&["check", "arrays"]);
    let text = stdout(&solved);
    assert!(solved.status.success(), "{text}\n{}", stderr(&solved));
    assert!(text.contains("27/27 checks passed"), "{text}");
    assert!(text.contains("★ W4 D1-2 done"), "{text}");
    let p = w.progress();
    assert_eq!(p["schema"], 1);
    assert_eq!(p["days"]["W4 D1-2"]["done"], true);
    assert_eq!(
        p["days"]["W4 D1-2"]["checks_passed"]
            .as_array()
            .unwrap()
            .len(),
        27
    );
    assert_eq!(
        p["days"]["W4 D1-2"]["source_hash"].as_str().unwrap().len(),
        64
    );
    assert_eq!(
        p["days"]["W4 D1-2"]["grader_version"],
        env!("CARGO_PKG_VERSION")
    );
    let first = p["days"]["W4 D1-2"]["first_completed"].clone();
    assert!(first.is_string());

    let status = stdout(&w.grader(&["status"]));
    assert!(status.contains("✓ W4 D1-2"), "{status}");
    assert!(
        status.contains("Phase 2 · Python for Data Science  —  1/7 days (14%)"),
        "{status}"
    );
    let report = w.grader(&["report"]);
    assert!(report.status.success());
    let md = w.read("PROGRESS.md");
    assert!(
        md.contains("- [x] **W4 D1-2** NumPy - Arrays, Broadcasting, Vectorization"),
        "{md}"
    );
    assert!(md.contains("- [ ] **W4 D3-4**"), "{md}");
    assert!(md.contains("| `linspace` | ✓ 2/2 |"), "{md}");

    // A regression: linspace no longer ends at `stop`.
    let broken = solution.replace(
        "_ => Array1::linspace(start, stop, n),",
        "_ => Array1::linspace(start, stop + 1.0, n),",
    );
    assert_ne!(broken, solution);
    w.write("exercises/01-arrays/src/lib.rs", &broken);
    let regressed = w.grader(&["check", "01", "--seed", "7"]);
    let text = stdout(&regressed);
    assert_eq!(regressed.status.code(), Some(1));
    assert!(text.contains("✗ linspace"), "{text}");
    assert!(
        text.contains("replay: cargo grader check 01 --seed 7"),
        "{text}"
    );
    assert!(
        text.contains("hint: cargo grader hint 01::linspace"),
        "{text}"
    );
    assert!(
        text.contains(
            "✗ W4 D1-2 was done, but 1 of its 27 checks do not pass now: marked not done"
        ),
        "{text}"
    );
    let p = w.progress();
    assert_eq!(p["days"]["W4 D1-2"]["done"], false);
    assert_eq!(
        p["days"]["W4 D1-2"]["first_completed"], first,
        "history is kept"
    );
}

#[test]
fn a_chapter_that_does_not_compile_is_isolated() {
    let w = Copy::new();
    let out = w.grader(&["check", "98", "01"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text.contains("✗ chapter 98 does not compile (exercises/98-broken/src/lib.rs:4:"),
        "{text}"
    );
    assert!(text.contains("mismatched types"), "{text}");
    assert!(
        text.contains("Chapter 01 · arrays"),
        "chapter 01 is still graded:\n{text}"
    );
    assert!(text.contains("0/27 checks passed"), "{text}");

    let json = w.grader(&["check", "98", "--format", "json"]);
    let lines = json_lines(&json);
    assert_eq!(lines.len(), 1, "{}", stdout(&json));
    assert_eq!(lines[0]["status"], "compile_error");
    assert_eq!(lines[0]["side"], "exercises");
    assert!(
        lines[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("exercises/98-broken/src/lib.rs:4:"),
        "{}",
        lines[0]
    );
}

#[test]
fn panics_timeouts_and_todos_are_reported_and_the_other_checks_still_run() {
    let w = Copy::new();
    let out = w.grader(&["check", "99", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&out);
    let status = |id: &str| {
        let line = lines
            .iter()
            .find(|l| l["check"] == id)
            .unwrap_or_else(|| panic!("no line for {id}: {}", stdout(&out)));
        (
            line["status"].as_str().unwrap().to_string(),
            line["message"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(lines.len(), 7);
    for line in &lines {
        for key in [
            "chapter", "side", "check", "days", "status", "message", "seed", "ms",
        ] {
            assert!(line.get(key).is_some(), "{key} missing in {line}");
        }
    }
    assert_eq!(status("double/two").0, "passed");
    assert_eq!(
        status("double/three").0,
        "passed",
        "a check after the timeout still ran"
    );
    let (s, m) = status("boom/index");
    assert_eq!(s, "failed");
    assert!(
        m.contains("panicked at exercises/99-trouble/src/lib.rs:2:")
            && m.contains("index out of bounds"),
        "{m}"
    );
    let (s, m) = status("spin/forever");
    assert_eq!(s, "timed_out");
    assert!(m.contains("did not finish within 1.5 s"), "{m}");
    let (s, m) = status("later/stub");
    assert_eq!(s, "not_started");
    assert!(m.contains("todo!()"), "{m}");
    assert_eq!(status("noisy/prints").0, "failed");
    let (s, m) = status("crash/abort");
    assert_eq!(s, "failed");
    assert!(
        m.contains("stopped without a result (signal 6, SIGABRT)"),
        "{m}"
    );

    // For a person: short by default, the printed output capped.
    let text = stdout(&w.grader(&["check", "99"]));
    assert!(text.contains("⧖ spin"), "{text}");
    assert!(text.contains("· later"), "{text}");
    assert!(text.contains("your code printed:"), "{text}");
    assert!(text.contains("more lines (--verbose shows them)"), "{text}");
    assert!(text.lines().count() < 60, "short by default:\n{text}");
    assert!(!text.contains("line 4999"), "output is capped:\n{text}");
}

#[test]
fn the_progress_file_is_never_silently_lost() {
    let w = Copy::new();
    // A crash mid-write leaves a temporary file beside an intact progress.json.
    assert_eq!(w.grader(&["check", "99"]).status.code(), Some(1));
    let before = w.read("progress.json");
    w.write(".progress.json.tmp-12345", "{\"schema\": 1, \"chap");
    let again = w.grader(&["check", "99"]);
    assert_eq!(again.status.code(), Some(1));
    let after = w.progress();
    assert_eq!(after["schema"], 1);
    assert!(after["chapters"]["99"]["checks"]["double/two"].is_object());
    assert_ne!(before, "");

    // A corrupt file is reported, backed up and left alone.
    w.write("progress.json", "{ this is not json");
    let out = w.grader(&["check", "99"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("progress.json cannot be used: it is not valid JSON"),
        "{err}"
    );
    assert!(err.contains("Nothing was overwritten"), "{err}");
    assert!(!err.contains("stack backtrace"), "{err}");
    assert_eq!(w.read("progress.json"), "{ this is not json");
    let backups = std::fs::read_dir(&w.root)
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("progress.json.bak-")
        })
        .count();
    assert_eq!(backups, 1);

    // A file from a newer grader likewise.
    w.write("progress.json", "{\"schema\": 2, \"days\": {}}");
    let err = stderr(&w.grader(&["status"]));
    assert!(err.contains("written by a newer grader"), "{err}");
}

#[test]
fn bad_input_is_explained() {
    let w = Copy::new();
    let out = w.grader(&["check", "77"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(
            "there is no chapter \"77\". The chapters are: 01 (arrays), 98 (broken), 99 (trouble)"
        ),
        "{}",
        stderr(&out)
    );

    let out = w.grader(&["hint", "01::nosuch"]);
    assert!(
        stderr(&out).contains(
            "chapter 01 has no exercise \"nosuch\". Its exercises are: arange_grid, linspace"
        ),
        "{}",
        stderr(&out)
    );
    let out = w.grader(&["hint", "nosuch"]);
    assert!(
        stderr(&out).contains("there is no exercise \"nosuch\""),
        "{}",
        stderr(&out)
    );

    let out = w.grader(&["check", "01", "--only", "linspaces"]);
    assert!(
        stderr(&out).contains("chapter 01 has no exercise \"linspaces\""),
        "{}",
        stderr(&out)
    );

    let outside = tempfile::tempdir().unwrap();
    let out = w.grader_in(outside.path(), &["status"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not inside the workbook"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("--workspace PATH"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn hints_list_and_next_guide_the_learner() {
    let w = Copy::new();
    let out = w.grader(&["hint", "01::linspace"]);
    let text = stdout(&out);
    assert!(
        text.starts_with("Hint 1/3 for 01::linspace (the idea):"),
        "{text}"
    );
    assert!(
        text.contains("More: cargo grader hint 01::linspace --level 2"),
        "{text}"
    );
    let level3 = stdout(&w.grader(&["hint", "linspace", "--level", "3"]));
    assert!(
        level3.contains("Hint 3/3") && !level3.contains("More:"),
        "{level3}"
    );
    assert!(stderr(&w.grader(&["hint", "linspace", "--level", "4"])).contains("hint levels 1 to 3"));

    let list = stdout(&w.grader(&["list"]));
    assert!(
        list.contains("01 arrays  (W4 D1-2)  exercises/01-arrays/src/lib.rs"),
        "{list}"
    );
    assert!(list.contains("· 01::minmax_scale"), "{list}");

    // --only narrows a check to one exercise.
    let out = w.grader(&["check", "01", "--only", "checkerboard", "--format", "json"]);
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["check"], "checkerboard/random");
    let next = stdout(&w.grader(&["next"]));
    assert!(
        next.starts_with("Next: 01::arange_grid in exercises/01-arrays/src/lib.rs:"),
        "{next}"
    );
}

/// Make the copy a git repository, as a clone is, so that `reset` finds the original stubs.
fn git_init(w: &Copy) {
    for args in [
        vec!["init", "-q"],
        vec!["add", "-A"],
        vec!["commit", "-qm", "workbook"],
    ] {
        let ok = Command::new("git")
            .args(&args)
            .current_dir(&w.root)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .status()
            .unwrap()
            .success();
        assert!(ok, "git {args:?}");
    }
}

fn run_with_stdin(w: &Copy, args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_grader"))
        .args(args)
        .current_dir(&w.root)
        .env("CARGO_TARGET_DIR", repo().join("target").join("e2e"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn reset_restores_the_original_stub_after_confirming_and_keeps_a_backup() {
    let w = Copy::new();
    git_init(&w);
    let stub = w.read("exercises/01-arrays/src/lib.rs");
    let solution = w.read("solutions/01-arrays/src/lib.rs");
    w.write("exercises/01-arrays/src/lib.rs", &solution);

    let out = w.grader(&["reset", "01::linspace", "--yes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Reset exercise 01::linspace. Your version is kept at .grader/backups/01-arrays/lib.rs."), "{}", stdout(&out));
    let now = w.read("exercises/01-arrays/src/lib.rs");
    let linspace = now
        .split("pub fn linspace")
        .nth(1)
        .unwrap()
        .split("\n}\n")
        .next()
        .unwrap();
    assert!(linspace.contains("todo!()"), "{linspace}");
    assert!(
        now.contains("Array2::from_shape_fn((n, n), |(i, j)| if (i + j) % 2 == 0"),
        "the other exercises keep your code"
    );
    let backups: Vec<_> = std::fs::read_dir(w.root.join(".grader/backups/01-arrays"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(backups.len(), 1);
    assert_eq!(
        std::fs::read_to_string(backups[0].path()).unwrap(),
        solution
    );

    let declined = run_with_stdin(&w, &["reset", "01"], "n\n");
    assert!(
        stdout(&declined).contains("Nothing changed."),
        "{}",
        stdout(&declined)
    );
    assert_eq!(w.read("exercises/01-arrays/src/lib.rs"), now);
    let accepted = run_with_stdin(&w, &["reset", "arrays"], "y\n");
    assert!(
        stdout(&accepted).contains("Reset all of chapter 01"),
        "{}",
        stdout(&accepted)
    );
    assert_eq!(w.read("exercises/01-arrays/src/lib.rs"), stub);
}

#[test]
fn a_solution_is_shown_only_after_its_checks_pass_or_when_forced() {
    let w = Copy::new();
    let locked = w.grader(&["solution", "01::linspace"]);
    assert_eq!(locked.status.code(), Some(2));
    assert!(
        stderr(&locked).contains("the solution of 01::linspace unlocks once all its checks pass"),
        "{}",
        stderr(&locked)
    );

    w.write(
        "exercises/01-arrays/src/lib.rs",
        &w.read("solutions/01-arrays/src/lib.rs"),
    );
    assert!(w
        .grader(&["check", "01", "--only", "linspace"])
        .status
        .success());
    let shown = stdout(&w.grader(&["solution", "01::linspace"]));
    assert!(
        shown.starts_with("Reference solution of 01::linspace (solutions/01-arrays/src/lib.rs:"),
        "{shown}"
    );
    assert!(
        shown.contains("pub fn linspace(start: f64, stop: f64, n: usize) -> Array1<f64> {"),
        "{shown}"
    );
    assert!(
        !shown.contains("pub fn checkerboard"),
        "only the one exercise:\n{shown}"
    );

    let forced = w.grader(&["solution", "01::minmax_scale", "--force"]);
    assert!(
        stdout(&forced).contains("pub fn minmax_scale"),
        "{}",
        stdout(&forced)
    );
    assert_eq!(
        w.progress()["solutions_forced"],
        serde_json::json!(["01::minmax_scale"])
    );
}

/// Read a child's stdout on a thread, so a test can wait for text to appear.
struct Watched {
    child: std::process::Child,
    seen: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Watched {
    fn start(w: &Copy, args: &[&str]) -> Watched {
        let mut child = Command::new(env!("CARGO_BIN_EXE_grader"))
            .args(args)
            .current_dir(&w.root)
            .env("CARGO_TARGET_DIR", repo().join("target").join("e2e"))
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let seen = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let out = child.stdout.take().unwrap();
        let sink = seen.clone();
        std::thread::spawn(move || {
            use std::io::Read;
            let mut out = out;
            let mut buf = [0u8; 4096];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Watched { child, seen }
    }

    /// Wait until `text` has appeared `times` times in the output (up to three minutes).
    fn wait_for(&self, text: &str, times: usize) {
        let start = std::time::Instant::now();
        while self.seen.lock().unwrap().matches(text).count() < times {
            assert!(
                start.elapsed().as_secs() < 180,
                "waited for {text:?} ×{times}; saw:\n{}",
                self.seen.lock().unwrap()
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }

    fn send(&mut self, line: &str) {
        use std::io::Write;
        let stdin = self.child.stdin.as_mut().unwrap();
        stdin.write_all(line.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }
}

#[test]
fn watch_rechecks_on_save_and_answers_keys() {
    let w = Copy::new();
    let mut watch = Watched::start(&w, &["watch", "01"]);
    watch.wait_for("re-checks on every save", 1);
    assert!(watch.seen.lock().unwrap().contains("0/27 checks passed"));

    // Saving the file re-checks it without a key press.
    w.write(
        "exercises/01-arrays/src/lib.rs",
        &w.read("solutions/01-arrays/src/lib.rs"),
    );
    watch.wait_for("27/27 checks passed", 1);
    watch.wait_for("re-checks on every save", 2);

    watch.send("n\n");
    watch.wait_for("Next: 98::double in exercises/98-broken/src/lib.rs:2", 1);
    watch.send("q\n");
    let status = watch.child.wait().unwrap();
    assert!(status.success());
    assert_eq!(w.progress()["days"]["W4 D1-2"]["done"], true);
}

#[test]
fn watch_manual_rechecks_on_enter() {
    let w = Copy::new();
    let mut watch = Watched::start(&w, &["watch", "01", "--manual"]);
    watch.wait_for("⏎ re-check after you save", 1);
    watch.send("h\n");
    watch.wait_for("Hint 1/3 for 01::arange_grid", 1);
    w.write(
        "exercises/01-arrays/src/lib.rs",
        &w.read("solutions/01-arrays/src/lib.rs"),
    );
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert!(
        !watch.seen.lock().unwrap().contains("27/27"),
        "manual mode waits for Enter"
    );
    watch.send("\n");
    watch.wait_for("27/27 checks passed", 1);
    drop(watch.child.stdin.take());
    assert!(
        watch.child.wait().unwrap().success(),
        "closing stdin ends manual mode"
    );
}
