//! Runs the built site in a real browser (Debian's Chromium, driven by
//! playwright-core from tests/browser/): phone viewport 390×844 (and 320 px), no horizontal
//! scrolling, charts shown, axe-core finds no violations, and the language
//! switch round-trips, on every page of the repository's content.
//!
//! The preview's editor too (tests/browser/editor.mjs, against a running
//! `mieruka serve`): a figure and a text saved from the form show on the
//! page, a wrong figure's message shows beside its field with nothing
//! written, and axe-core finds no violations on the form.
//!
//! Lighthouse too (tests/browser/lighthouse.mjs, over HTTP from 127.0.0.1):
//! each language's home page and one initiative page score 100 in the mobile
//! accessibility and best-practices categories.
//!
//! Needs `/usr/bin/chromium` (or `CHROMIUM=path`) and `npm ci` in tests/browser
//! (scripts/install-test-tools does both). Without them the tests show as
//! ignored with the reason; under `CI=true` they fail (see `tools`).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::test;
use crate::tools::{Test, browser_scripts, chromium};

pub const TESTS: &[Test] = &[
    test!(
        site_works_in_chromium_at_phone_width,
        [Chromium, BrowserModules]
    ),
    test!(
        paged_site_works_in_chromium_at_phone_width,
        [Chromium, BrowserModules]
    ),
    test!(
        example_sites_work_in_chromium_at_phone_width,
        [Chromium, BrowserModules]
    ),
    test!(
        two_plan_site_works_in_chromium_at_phone_width,
        [Chromium, BrowserModules]
    ),
    test!(
        site_scores_100_in_lighthouse,
        [Chromium, BrowserModules, Lighthouse]
    ),
    test!(editor_works_in_chromium, [Chromium, BrowserModules]),
    test!(
        a_moved_address_opened_from_file_lands_on_its_page,
        [Chromium, BrowserModules]
    ),
];

fn site_works_in_chromium_at_phone_width() {
    check_in_chromium(None);
}

/// The same with `per_page = 3`, so the listings, the targets-not-met pages,
/// the overview and the open data page take the form they have in a big plan
/// (numbered pages, no cards on the overview).
fn paged_site_works_in_chromium_at_phone_width() {
    check_in_chromium(Some(3));
}

/// The example sites from other governments' plans pass the same checks:
/// phone widths, axe, the language switch and print.
fn example_sites_work_in_chromium_at_phone_width() {
    for example in ["examples/iwaki", "examples/miyakojima", "examples/ashikaga"] {
        check_site_in_chromium(example, None, 2);
    }
}

/// A site of two plans (tests/fixtures/plans): the finished plan's pages
/// under plans/2017-2021/ pass the same checks as the current plan's.
fn two_plan_site_works_in_chromium_at_phone_width() {
    check_site_in_chromium("tests/fixtures/plans", None, 2);
}

fn check_in_chromium(per_page: Option<usize>) {
    check_site_in_chromium("content", per_page, 3);
}

/// Builds the content folder `content` (relative to the repository) and runs
/// the page checks on it; the site publishes `languages` languages.
fn check_site_in_chromium(content: &str, per_page: Option<usize>, languages: usize) {
    let (chromium, tests) = (chromium(), browser_scripts());
    let ws = crate::common::Workspace::new(content);
    if let Some(n) = per_page {
        ws.edit(
            "site.toml",
            "latest_reviewed_year = 2024",
            &format!("latest_reviewed_year = 2024\nper_page = {n}"),
        );
    }
    let run = ws.build(&["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    if per_page.is_some() {
        assert!(ws.output().join("status/achieved/2.html").is_file());
    }
    // A server shows the not-found page at any address: a copy at a deeper
    // one must look the same.
    let deep = ws.output().join("initiatives/no-such-folder");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::copy(ws.output().join("404.html"), deep.join("404.html")).unwrap();
    // The language switch must list every language of site.toml.
    let site: toml::Table =
        toml::from_str(&std::fs::read_to_string(ws.content().join("site.toml")).unwrap()).unwrap();
    let listed = site["languages"].as_array().map_or(1, Vec::len);
    assert_eq!(listed, languages, "the languages of {content}");
    let mut cmd = Command::new("node");
    cmd.arg(tests.join("run.mjs"))
        .arg(ws.output())
        .args(["--languages", &listed.to_string()])
        .env("CHROMIUM", &chromium);
    if let Some(dir) = std::env::var_os("MIERUKA_SCREENSHOTS")
        && per_page.is_none()
        && content == "content"
    {
        cmd.arg("--screenshots").arg(dir);
    }
    let out = cmd.output().expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "browser checks failed:\n{stdout}\n{stderr}"
    );
    let last = stdout.lines().last().unwrap_or_default();
    assert!(
        last.ends_with(", 0 failed") && !last.starts_with("0 passed"),
        "{stdout}"
    );
    println!("{last}");
}

/// Lighthouse (mobile) scores 100 in accessibility and best practices on
/// the home page and one initiative page of every language. One test, so that
/// the site is built and Chromium started once.
fn site_scores_100_in_lighthouse() {
    let (chromium, tests) = (chromium(), browser_scripts());
    let ws = crate::common::Workspace::new("content");
    let run = ws.build(&["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = Command::new("node")
        .arg(tests.join("lighthouse.mjs"))
        .arg(ws.output())
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "Lighthouse scores below 100:\n{stdout}\n{stderr}"
    );
    let last = stdout.lines().last().unwrap_or_default();
    assert_eq!(last, "lighthouse: 6 passed, 0 failed", "{stdout}");
    println!("{stdout}");
}

/// A running `mieruka serve`, killed when the test ends (even on failure).
struct Serve(std::process::Child);

impl Drop for Serve {
    fn drop(&mut self) {
        crate::common::stop_serve(&mut self.0);
    }
}

fn editor_works_in_chromium() {
    let (chromium, tests) = (chromium(), browser_scripts());
    let ws = crate::common::Workspace::new("tests/fixtures/basic");
    let mut child = Command::new(env!("CARGO_BIN_EXE_mieruka"))
        .env("MIERUKA_LANG", "ja")
        .args(["serve", "--port", "0", "--content"])
        .arg(ws.content())
        .current_dir(ws.dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let serve = Serve(child);
    let mut lines = BufReader::new(stdout).lines();
    let port: u16 = lines
        .by_ref()
        .take(20)
        .find_map(|line| {
            let line = line.ok()?;
            let rest = &line[line.find("http://127.0.0.1:")? + "http://127.0.0.1:".len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .expect("serve did not announce its address");
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));

    let mut cmd = Command::new("node");
    cmd.arg(tests.join("editor.mjs"))
        .arg(format!("http://127.0.0.1:{port}/"))
        .arg(ws.content())
        .env("CHROMIUM", &chromium);
    if let Some(dir) = std::env::var_os("MIERUKA_SCREENSHOTS") {
        cmd.arg("--screenshots").arg(dir);
    }
    let out = cmd.output().expect("node runs");
    drop(serve);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "editor checks failed:\n{stdout}\n{stderr}"
    );
    let last = stdout.lines().last().unwrap_or_default();
    assert!(
        last.ends_with(", 0 failed") && !last.starts_with("0 passed"),
        "{stdout}"
    );
    println!("{last}");
}

/// Addresses for good: after `mieruka new plan`, addresses the site had
/// published (an initiative's page, an edition's, one of the plan before
/// that) opened from file:// land on their page under plans/<id>/
/// (tests/browser/moved.mjs).
fn a_moved_address_opened_from_file_lands_on_its_page() {
    let (chromium, tests) = (chromium(), browser_scripts());
    let ws = crate::common::Workspace::new("tests/fixtures/plans");
    ws.edit(
        "site.toml",
        "latest_reviewed_year = 2024",
        "latest_reviewed_year = 2026",
    );
    assert_eq!(ws.build(&[]).code, 0);
    for args in [
        &["new", "plan", "2027", "2031"][..],
        &["new", "initiative", "01-first"],
    ] {
        let run = ws.run(args);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let run = ws.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let moves = [
        "en/initiatives/02-beta.html",
        "plans/2022-2026/en/initiatives/02-beta.html",
        "editions/2024/index.html",
        "plans/2022-2026/editions/2024/index.html",
        "en/status/2019/achieved.html",
        "plans/2017-2021/en/status/2019/achieved.html",
    ];
    let out = Command::new("node")
        .arg(tests.join("moved.mjs"))
        .arg(ws.output())
        .args(moves)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "moved addresses failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.ends_with("3 passed, 0 failed\n"), "{stdout}");
}
