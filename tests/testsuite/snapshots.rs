//! Snapshots of the site built from the repository's own content: one file of
//! each kind the build writes (pages in both languages, charts, open data, the
//! sitemap) and what `check` and `build` print. They pin today's output, so
//! that moving code around is shown to change nothing.
//!
//! The snapshots are in tests/testsuite/snapshots/. After a deliberate change of the
//! output, run `INSTA_UPDATE=always cargo test --test testsuite snapshots::` (or
//! `cargo insta review`), read the diff of tests/testsuite/snapshots/ and commit it.
//! With `CI=true` a snapshot that differs fails and nothing is written.

use crate::common::{Run, Workspace};

/// The repository's content built with `--strict` into a temporary folder.
fn site() -> Workspace {
    let ws = Workspace::new("content");
    let run = ws.build(&["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    ws
}

/// The same content with the `base_url` of site.toml set, which adds the
/// sitemap, canonical addresses, `hreflang` links and the print QR code.
fn site_with_base_url() -> Workspace {
    let ws = Workspace::new("content");
    ws.edit(
        "site.toml",
        "# base_url = \"https://www.city.nomi.ishikawa.jp/mieruka/\"",
        "base_url = \"https://www.city.nomi.ishikawa.jp/mieruka/\"",
    );
    let run = ws.build(&["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    ws
}

/// A built file as the text of its snapshot. insta compares text with CRLF
/// read as LF and white space at the end trimmed, so a first line states what
/// that would hide (size, line ends, final newline): the snapshot then matches
/// only the same bytes.
fn file(ws: &Workspace, rel: &str) -> String {
    let bytes =
        std::fs::read(ws.output().join(rel)).unwrap_or_else(|e| panic!("{rel} was not built: {e}"));
    let text = String::from_utf8(bytes).unwrap_or_else(|e| panic!("{rel} is not UTF-8: {e}"));
    let crlf = text.matches("\r\n").count();
    let lf = text.matches('\n').count() - crlf;
    let line_ends = match (crlf, lf) {
        (0, _) => "LF".to_string(),
        (_, 0) => "CRLF".to_string(),
        _ => format!("mixed ({crlf} CRLF, {lf} LF)"),
    };
    let end = if text.ends_with('\n') {
        "ends with a newline"
    } else {
        "no newline at the end"
    };
    format!(
        "{rel}: {} bytes, {line_ends} line ends, {end}\n{text}",
        text.len()
    )
}

/// What a command printed, with its exit code.
fn printed(run: &Run) -> String {
    format!(
        "exit code: {}\n--- stdout\n{}--- stderr\n{}",
        run.code, run.stdout, run.stderr
    )
}

/// The build's summary gives the time it took (`in 0.09 s`, `0.09 秒`), the
/// one thing that changes from run to run; it is replaced by `<elapsed>`.
fn redact_elapsed(text: &str) -> String {
    for unit in [" s (", " 秒"] {
        let Some(end) = text.find(unit) else {
            continue;
        };
        let start = text[..end]
            .char_indices()
            .rev()
            .find(|&(_, c)| !(c.is_ascii_digit() || c == '.'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        assert!(start < end, "no elapsed time in {text:?}");
        return format!("{}<elapsed>{}", &text[..start], &text[end..]);
    }
    panic!("no elapsed time in {text:?}");
}

// ------------------------------------------------------------ pages

#[test]
fn home_page() {
    let ws = site();
    insta::assert_snapshot!("ja_index_html", file(&ws, "index.html"));
    insta::assert_snapshot!("en_index_html", file(&ws, "en/index.html"));
}

#[test]
fn initiative_page() {
    let ws = site();
    insta::assert_snapshot!(
        "ja_initiative_html",
        file(&ws, "initiatives/02-my-number-card.html")
    );
    insta::assert_snapshot!(
        "en_initiative_html",
        file(&ws, "en/initiatives/02-my-number-card.html")
    );
}

#[test]
fn listing_by_status() {
    let ws = site();
    insta::assert_snapshot!(
        "ja_status_listing_html",
        file(&ws, "status/not_achieved.html")
    );
    insta::assert_snapshot!(
        "en_status_listing_html",
        file(&ws, "en/status/not_achieved.html")
    );
}

#[test]
fn listing_by_strategy_division_and_year() {
    let ws = site();
    insta::assert_snapshot!("ja_strategy_listing_html", file(&ws, "strategies/1.html"));
    insta::assert_snapshot!(
        "ja_division_listing_html",
        file(&ws, "divisions/digital-promotion.html")
    );
    insta::assert_snapshot!("ja_year_listing_html", file(&ws, "years/2023.html"));
}

#[test]
fn targets_not_met_page() {
    let ws = site();
    insta::assert_snapshot!("ja_shortfalls_html", file(&ws, "shortfalls/2024.html"));
    insta::assert_snapshot!("en_shortfalls_html", file(&ws, "en/shortfalls/2024.html"));
}

#[test]
fn markdown_page() {
    let ws = site();
    insta::assert_snapshot!("ja_preface_html", file(&ws, "pages/preface.html"));
    insta::assert_snapshot!("en_preface_html", file(&ws, "en/pages/preface.html"));
}

#[test]
fn open_data_page() {
    let ws = site();
    insta::assert_snapshot!("ja_opendata_html", file(&ws, "opendata.html"));
    insta::assert_snapshot!("en_opendata_html", file(&ws, "en/opendata.html"));
}

#[test]
fn changes_page() {
    let ws = site();
    insta::assert_snapshot!("ja_changes_html", file(&ws, "changes.html"));
    insta::assert_snapshot!("en_changes_html", file(&ws, "en/changes.html"));
    insta::assert_snapshot!("ja_feed_xml", file(&ws, "feed.xml"));
    insta::assert_snapshot!(
        "ja_edition_initiative_html",
        file(&ws, "editions/2024/initiatives/07-collection-rate.html")
    );
}

#[test]
fn not_found_page() {
    let ws = site();
    insta::assert_snapshot!("404_html", file(&ws, "404.html"));
}

// ------------------------------------------------------------ charts

#[test]
fn indicator_chart() {
    let ws = site();
    insta::assert_snapshot!(
        "ja_chart_svg",
        file(&ws, "charts/02-my-number-card--cards-issued.svg")
    );
    insta::assert_snapshot!(
        "en_chart_svg",
        file(&ws, "en/charts/02-my-number-card--cards-issued.svg")
    );
}

#[test]
fn trend_chart() {
    let ws = site();
    insta::assert_snapshot!(
        "trend_chart_svg",
        file(&ws, "charts/trend/02-my-number-card.svg")
    );
}

// ------------------------------------------------------------ open data

#[test]
fn open_data_files() {
    let ws = site();
    insta::assert_snapshot!("indicators_csv", file(&ws, "data/indicators.csv"));
    insta::assert_snapshot!(
        "initiative_csv",
        file(&ws, "data/initiatives/02-my-number-card.csv")
    );
    insta::assert_snapshot!("indicators_json", file(&ws, "data/indicators.json"));
}

// ------------------------------------------------------------ with base_url

#[test]
fn sitemap_and_robots() {
    let ws = site_with_base_url();
    insta::assert_snapshot!("sitemap_xml", file(&ws, "sitemap.xml"));
    insta::assert_snapshot!("robots_txt", file(&ws, "robots.txt"));
    // Without base_url there is no sitemap, and robots.txt names none.
    let plain = site();
    assert!(!plain.output().join("sitemap.xml").exists());
    insta::assert_snapshot!("robots_txt_without_base_url", file(&plain, "robots.txt"));
}

#[test]
fn initiative_page_with_base_url() {
    let ws = site_with_base_url();
    insta::assert_snapshot!(
        "ja_initiative_with_base_url_html",
        file(&ws, "initiatives/02-my-number-card.html")
    );
}

// ------------------------------------------------------------ messages

#[test]
fn check_messages() {
    let ws = Workspace::new("content");
    insta::assert_snapshot!("check_en", printed(&ws.run(&["check", "--lang", "en"])));
    insta::assert_snapshot!("check_ja", printed(&ws.run(&["check", "--lang", "ja"])));
    insta::assert_snapshot!(
        "check_strict_en",
        printed(&ws.run(&["check", "--strict", "--lang", "en"]))
    );
}

#[test]
fn build_messages() {
    let ws = Workspace::new("content");
    for (name, lang) in [("build_en", "en"), ("build_ja", "ja")] {
        let mut run = ws.build(&["--strict", "--lang", lang]);
        run.stdout = redact_elapsed(&run.stdout);
        insta::assert_snapshot!(name, printed(&run));
    }
}
