//! Runs the built site in a real browser (Debian's Chromium, driven by
//! playwright-core from tests/browser/): phone viewport 390×844 (and 320 px), no horizontal
//! scrolling, charts shown, axe-core finds no violations, and the language
//! switch round-trips, on every page of the repository's content.
//!
//! Needs `/usr/bin/chromium` (or `CHROMIUM=path`) and `npm ci` in tests/browser.
//! Without them the test says that it skipped; with `MIERUKA_REQUIRE_BROWSER=1`
//! (set by .ci/run) it fails instead.

mod common;

use std::path::Path;
use std::process::Command;

fn skip_or_fail(why: &str) {
    if std::env::var_os("MIERUKA_REQUIRE_BROWSER").is_some() {
        panic!("browser tests required but {why}");
    }
    eprintln!(
        "SKIPPED browser tests: {why} (install with: apt-get install -y chromium && npm ci --prefix tests/browser)"
    );
}

#[test]
fn site_works_in_chromium_at_phone_width() {
    check_in_chromium(None);
}

/// The same with `per_page = 3`, so the listings, the targets-not-met pages,
/// the overview and the open data page take the form they have in a big plan
/// (numbered pages, no cards on the overview).
#[test]
fn paged_site_works_in_chromium_at_phone_width() {
    check_in_chromium(Some(3));
}

fn check_in_chromium(per_page: Option<usize>) {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let tests = common::repo().join("tests/browser");
    if !Path::new(&chromium).exists() {
        return skip_or_fail(&format!("{chromium} is not installed"));
    }
    if !tests.join("node_modules/playwright-core").is_dir() {
        return skip_or_fail("tests/browser/node_modules is missing");
    }
    let ws = common::Workspace::new("content");
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
    let mut cmd = Command::new("node");
    cmd.arg(tests.join("run.mjs"))
        .arg(ws.output())
        .env("CHROMIUM", &chromium);
    if let Some(dir) = std::env::var_os("MIERUKA_SCREENSHOTS")
        && per_page.is_none()
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
