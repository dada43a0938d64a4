//! The invalid sites of tests/fixtures/invalid/: one content folder per
//! mistake, each with the messages `check` must print for it beside it
//! (tests/fixtures/invalid/README.md says how the files are read and how to
//! add a case).
//!
//! For each case and each language (`--lang en`, `--lang ja`):
//! - `check` exits 1 and prints every line of `expected.LANG.txt`, and no
//!   error or warning that is not in that file;
//! - `build` does the same and leaves an output folder that already holds a
//!   site exactly as it was (the same files, bytes and modification times);
//! - neither writes anything into the case's folder.
//!
//! A case whose problem `check` does not find yet has `check-today.LANG.txt`:
//! then `check` must exit 0 printing those lines, and only `build` is held to
//! `expected.LANG.txt`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::SystemTime;

use crate::common::{Run, Workspace, repo, run_in, snapshot};

const CASES: &str = "tests/fixtures/invalid";
const LANGS: [&str; 2] = ["en", "ja"];

/// The case folders, by name.
fn cases() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(repo().join(CASES))
        .unwrap()
        .flatten()
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The case folder as given to `--content`, relative to the repository.
fn content(case: &str) -> String {
    format!("{CASES}/{case}")
}

/// The message lines of an expectation file: blank lines and `#` comments
/// left out, `{content}` replaced by the case's folder.
fn lines_of(case: &str, file: &str) -> Option<Vec<String>> {
    let path = repo().join(content(case)).join(file);
    let text = fs::read_to_string(path).ok()?;
    Some(
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| l.replace("{content}", &content(case)))
            .collect(),
    )
}

fn is_headline(line: &str) -> bool {
    ["error:", "warning:", "エラー:", "警告:"]
        .iter()
        .any(|p| line.starts_with(p))
}

/// What is wrong with `run` against the expected exit code and lines; empty
/// if nothing.
fn compare(what: &str, run: &Run, code: i32, expected: &[String]) -> Vec<String> {
    let printed: Vec<&str> = run
        .stdout
        .lines()
        .chain(run.stderr.lines())
        .map(str::trim)
        .collect();
    let mut problems = Vec::new();
    if run.code != code {
        problems.push(format!("{what}: exit code {}, expected {code}", run.code));
    }
    for line in expected {
        if !printed.contains(&line.as_str()) {
            problems.push(format!("{what}: did not print {line:?}"));
        }
    }
    for line in printed.iter().filter(|l| is_headline(l)) {
        if !expected.iter().any(|e| e == line) {
            problems.push(format!("{what}: printed a problem not expected: {line:?}"));
        }
    }
    if !problems.is_empty() {
        problems.push(format!(
            "{what} printed:\n--- stdout\n{}--- stderr\n{}",
            run.stdout, run.stderr
        ));
    }
    problems
}

/// Every file and folder under `dir` with its modification time.
fn modified(dir: &Path) -> BTreeMap<String, SystemTime> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy();
            (rel.into_owned(), e.metadata().unwrap().modified().unwrap())
        })
        .collect()
}

/// Runs `test` on every case, then fails with every case's problems at once.
fn for_each_case(test: impl Fn(&str) -> Vec<String>) {
    let cases = cases();
    assert!(!cases.is_empty(), "no case folders in {CASES}");
    let mut failures = Vec::new();
    for case in &cases {
        let before = snapshot(&repo().join(content(case)));
        let mut problems = test(case);
        if snapshot(&repo().join(content(case))) != before {
            problems.push("the case's folder was changed".to_string());
        }
        if !problems.is_empty() {
            failures.push(format!("== {case}\n{}", problems.join("\n")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

fn expected(case: &str, lang: &str) -> Vec<String> {
    let file = format!("expected.{lang}.txt");
    let lines = lines_of(case, &file).unwrap_or_else(|| panic!("{case} has no {file}"));
    assert!(
        lines.iter().any(|l| is_headline(l)),
        "{case}/{file} names no error"
    );
    lines
}

#[test]
fn check_prints_the_expected_messages_for_each_case() {
    for_each_case(|case| {
        let mut problems = Vec::new();
        for lang in LANGS {
            let run = run_in(
                &repo(),
                &["check", "--content", &content(case), "--lang", lang],
            );
            let what = format!("check --lang {lang}");
            problems.extend(match lines_of(case, &format!("check-today.{lang}.txt")) {
                Some(today) => compare(&what, &run, 0, &today),
                None => compare(&what, &run, 1, &expected(case, lang)),
            });
        }
        problems
    });
}

#[test]
fn build_of_each_case_fails_and_leaves_the_published_site_as_it_was() {
    for_each_case(|case| {
        let site = Workspace::new("tests/fixtures/basic");
        let first = site.build(&[]);
        assert_eq!(first.code, 0, "{}", first.stderr);
        let files = snapshot(&site.output());
        let times = modified(&site.output());
        let output = site.output().to_string_lossy().into_owned();
        let mut problems = Vec::new();
        for lang in LANGS {
            let run = run_in(
                &repo(),
                &[
                    "build",
                    "--content",
                    &content(case),
                    "--output",
                    &output,
                    "--lang",
                    lang,
                ],
            );
            let what = format!("build --lang {lang}");
            problems.extend(compare(&what, &run, 1, &expected(case, lang)));
            if snapshot(&site.output()) != files {
                problems.push(format!("{what}: the files of the output folder changed"));
            } else if modified(&site.output()) != times {
                problems.push(format!("{what}: the output folder was touched"));
            }
        }
        let beside: Vec<String> = fs::read_dir(site.dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != "content" && n != "public")
            .collect();
        if !beside.is_empty() {
            problems.push(format!("left beside the output folder: {beside:?}"));
        }
        problems
    });
}

#[test]
fn the_readme_lists_every_case() {
    let readme = fs::read_to_string(repo().join(CASES).join("README.md")).unwrap();
    let listed: Vec<&str> = readme
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`'))
        .map(|(name, _)| name)
        .collect();
    assert_eq!(listed, cases(), "the table of {CASES}/README.md");
}
