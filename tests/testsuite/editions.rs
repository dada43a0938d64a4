//! Editions (`mieruka issue`): a year's report recorded as issued, every
//! refusal with nothing written, and the edition's own pages.

use crate::common::{Workspace, snapshot};

fn issued(ws: &Workspace, args: &[&str]) -> crate::common::Run {
    let mut all = vec!["issue"];
    all.extend_from_slice(args);
    ws.run(&all)
}

#[test]
fn issuing_records_every_figure_status_and_text_of_the_year() {
    let ws = Workspace::new("tests/fixtures/basic");
    let run = issued(&ws, &["2024", "--date", "2025-06-30"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(
            "Issued the FY2024 edition, published on 2025-06-30, into content/editions/2024.toml (2 initiatives)."
        ),
        "{}",
        run.stdout
    );
    let record = ws.read("editions/2024.toml");
    for line in [
        "format = 2\n",
        "year = 2024\n",
        "version = 1\n",
        "date = 2025-06-30\n",
        "id = \"01-alpha\"\n",
        "status = \"not_achieved\"\n",
        "statuses = { 2022 = \"not_achieved\", 2023 = \"achieved\", 2024 = \"not_achieved\" }\n",
        "2024 = { target = 46000, actual = 45872 }\n",
        "2025 = { target = 440 }\n",
        "kind = \"shortfall\"\n",
    ] {
        assert!(record.contains(line), "{line}\n{record}");
    }
    // Texts are kept as written, one line of Markdown after another.
    let shortfall = ws.read("initiatives/01-alpha/2024.shortfall.ja.md");
    let first_line = shortfall.lines().next().unwrap();
    assert!(record.contains(first_line), "{record}");
    // The record is part of the content: it checks, in both languages.
    let check = ws.run(&["check", "--strict"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    // Issuing again in another folder gives the same bytes: nothing of the clock.
    let again = Workspace::new("tests/fixtures/basic");
    assert_eq!(issued(&again, &["2024", "--date", "2025-06-30"]).code, 0);
    assert_eq!(again.read("editions/2024.toml"), record);
}

#[test]
fn the_refusals_write_nothing() {
    let ws = Workspace::new("tests/fixtures/basic");
    let before = snapshot(&ws.content());
    let refused = |args: &[&str], en: &str, ja: &str| {
        let run = issued(&ws, args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(en), "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("Nothing was written."),
            "{}",
            run.stderr
        );
        let mut ja_args = vec!["--lang", "ja"];
        ja_args.extend_from_slice(args);
        let run = issued(&ws, &ja_args);
        assert_eq!(run.code, 1);
        assert!(run.stderr.contains(ja), "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("何も書き込んでいません"),
            "{}",
            run.stderr
        );
        assert_eq!(snapshot(&ws.content()), before, "{args:?} wrote something");
    };
    // A year not yet reviewed (latest_reviewed_year = 2024), or before the plan.
    refused(
        &["2025", "--date", "2026-06-30"],
        "FY2025 cannot be issued: the reviewed years are 2022–2024",
        "令和7年度（2025年度）の版は発行できません",
    );
    refused(
        &["2021", "--date", "2022-06-30"],
        "FY2021 cannot be issued",
        "令和3年度（2021年度）の版は発行できません",
    );
    // A date before the fiscal year ended.
    refused(
        &["2024", "--date", "2025-03-31"],
        "the FY2024 edition cannot be dated 2025-03-31",
        "令和6年度（2024年度）版の公表日を 2025-03-31 にはできません",
    );
    // --replace for a year never issued.
    refused(
        &["2024", "--date", "2025-06-30", "--replace", "--reason", "x"],
        "no FY2024 edition has been issued",
        "令和6年度（2024年度）版はまだ発行していない",
    );

    // Once issued, a second issue needs --replace and a reason.
    assert_eq!(issued(&ws, &["2024", "--date", "2025-06-30"]).code, 0);
    let before = snapshot(&ws.content());
    let refused_again = |args: &[&str], en: &str| {
        let run = issued(&ws, args);
        assert_ne!(run.code, 0, "{args:?}");
        assert!(run.stderr.contains(en), "{args:?}: {}", run.stderr);
        assert_eq!(snapshot(&ws.content()), before, "{args:?} wrote something");
        run.code
    };
    assert_eq!(
        refused_again(
            &["2024", "--date", "2025-07-01"],
            "the FY2024 edition was already issued on 2025-06-30"
        ),
        1
    );
    // clap refuses --replace without --reason (a wrong command line: 2).
    assert_eq!(
        refused_again(&["2024", "--date", "2025-07-01", "--replace"], "--reason"),
        2
    );
    assert_eq!(
        refused_again(
            &["2024", "--date", "2025-07-01", "--replace", "--reason", " "],
            "--reason is empty"
        ),
        1
    );
    // A bad date is a wrong command line too.
    assert_eq!(
        refused_again(&["2024", "--date", "2025-02-30"], "2025-02-30"),
        2
    );

    // A record that does not parse stops issuing (and checking, and building).
    let record = ws.read("editions/2024.toml");
    ws.write(
        "editions/2024.toml",
        &record.replacen("format = 2", "format = [", 1),
    );
    let before = snapshot(&ws.content());
    let run = issued(
        &ws,
        &["2024", "--date", "2025-07-01", "--replace", "--reason", "x"],
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("editions/2024.toml"), "{}", run.stderr);
    assert!(run.stderr.contains("mieruka issue"), "{}", run.stderr);
    assert_eq!(snapshot(&ws.content()), before);
    let run = ws.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!ws.output().exists());
}

#[test]
fn replacing_keeps_the_reason_and_the_earlier_date() {
    let ws = Workspace::new("tests/fixtures/basic");
    assert_eq!(issued(&ws, &["2024", "--date", "2025-06-30"]).code, 0);
    let first = ws.read("editions/2024.toml");
    ws.edit(
        "initiatives/01-alpha/initiative.toml",
        "2024 = { target = 46000, actual = 45872 }",
        "2024 = { target = 46000, actual = 45900, reason = { ja = \"集計の誤りを訂正\", en = \"a counting error corrected\" } }",
    );
    let run = issued(
        &ws,
        &[
            "2024",
            "--date",
            "2025-07-15",
            "--replace",
            "--reason",
            "FY2024 actual of No.1 corrected",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("Replaced the FY2024 edition"));
    let record = ws.read("editions/2024.toml");
    assert!(
        record.contains(
            "[[replaced]]\nversion = 1\ndate = 2025-06-30\nreason = \"FY2024 actual of No.1 corrected\"\nrecord = \"sha256:"
        ),
        "{record}"
    );
    // The version replaced is kept as it was issued, beside the new one.
    assert_eq!(ws.read("editions/2024.v1.toml"), first);
    assert!(record.contains("\nversion = 2\n"), "{record}");
    assert!(record.contains("date = 2025-07-15\n"));
    assert!(record.contains("2024 = { target = 46000, actual = 45900 }"));
    assert_eq!(ws.build(&[]).code, 0);
    let page = ws.page("en/editions/2024/index.html");
    assert!(
        page.contains(
            "It replaces the edition published on 30 June 2025. Reason: FY2024 actual of No.1 corrected"
        ),
        "{page}"
    );
}

#[test]
fn an_edition_is_published_as_issued_under_its_own_address() {
    let ws = Workspace::new("tests/fixtures/basic");
    assert_eq!(issued(&ws, &["2024", "--date", "2025-06-30"]).code, 0);
    // The content moves on after the edition: a corrected actual and new text.
    ws.edit(
        "initiatives/01-alpha/initiative.toml",
        "2024 = { target = 46000, actual = 45872 }",
        "2024 = { target = 46000, actual = 46500 }",
    );
    ws.write(
        "initiatives/01-alpha/2024.progress.en.md",
        "Rewritten after the edition.\n",
    );
    let run = ws.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (rel, name, date) in [
        (
            "editions/2024/index.html",
            "令和6年度（2024年度）版",
            "2025年6月30日公表",
        ),
        (
            "en/editions/2024/index.html",
            "FY2024 edition",
            "published on 30 June 2025",
        ),
        (
            "editions/2024/shortfalls.html",
            "令和6年度（2024年度）版",
            "2025年6月30日公表",
        ),
        (
            "en/editions/2024/shortfalls.html",
            "FY2024 edition",
            "published on 30 June 2025",
        ),
        (
            "editions/2024/initiatives/01-alpha.html",
            "令和6年度（2024年度）版",
            "2025年6月30日公表",
        ),
        (
            "en/editions/2024/initiatives/02-beta.html",
            "FY2024 edition",
            "published on 30 June 2025",
        ),
    ] {
        let page = ws.page(rel);
        assert!(page.contains(name), "{rel}");
        assert!(page.contains(date), "{rel}");
    }
    // The edition keeps what was issued; today's page shows today's.
    let edition = ws.page("en/editions/2024/initiatives/01-alpha.html");
    assert!(edition.contains("45,872"), "{edition}");
    assert!(!edition.contains("46,500"));
    assert!(!edition.contains("Rewritten after the edition."));
    assert!(
        edition.contains("href=\"../../../../en/initiatives/01-alpha.html\""),
        "{edition}"
    );
    let today = ws.page("en/initiatives/01-alpha.html");
    assert!(today.contains("46,500") && today.contains("Rewritten after the edition."));
    // The edition's report of targets not met: No.1 missed in FY2024 as issued.
    let shortfalls = ws.page("en/editions/2024/shortfalls.html");
    assert!(shortfalls.contains("No.1"), "{shortfalls}");
    assert!(shortfalls.contains("45,872"), "{shortfalls}");
    // Today No.1 met its target, so today's report no longer lists it.
    assert!(!ws.page("en/shortfalls/2024.html").contains("No.1 "));
    // The record of changes links the edition.
    let changes = ws.page("changes.html");
    assert!(
        changes.contains("<a href=\"editions/2024/index.html\">令和6年度（2024年度）版</a>"),
        "{changes}"
    );
}

/// Every page says when its figures were published, the feed of each
/// language parses as Atom and announces the edition, and the sitemap
/// dates the pages by their edition.
#[test]
fn pages_are_dated_by_their_edition_and_a_feed_announces_it() {
    let ws = Workspace::new("tests/fixtures/basic");
    // Before the first edition: no date, no feed.
    assert_eq!(ws.build(&[]).code, 0);
    assert!(!ws.output().join("feed.xml").exists());
    assert!(!ws.page("index.html").contains("公表日"));
    assert_eq!(issued(&ws, &["2023", "--date", "2024-09-30"]).code, 0);
    assert_eq!(issued(&ws, &["2024", "--date", "2025-06-30"]).code, 0);
    ws.edit(
        "site.toml",
        "languages = [\"ja\", \"en\"]",
        "languages = [\"ja\", \"en\"]\nbase_url = \"https://example.jp/plan/\"",
    );
    let run = ws.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut pages = 0;
    for (rel, bytes) in snapshot(&ws.output()) {
        if !rel.ends_with(".html") {
            continue;
        }
        pages += 1;
        let page = String::from_utf8(bytes).unwrap();
        let (date, edition) = if rel.contains("editions/2023/") {
            ("2024年9月30日", "令和5年度（2023年度）版")
        } else {
            ("2025年6月30日", "令和6年度（2024年度）版")
        };
        let (date, edition) = if rel.starts_with("en/") {
            if rel.contains("editions/2023/") {
                ("30 September 2024", "FY2023 edition")
            } else {
                ("30 June 2025", "FY2024 edition")
            }
        } else {
            (date, edition)
        };
        let line = if rel.starts_with("en/") {
            format!("Published: {date} ({edition})")
        } else {
            format!("公表日：{date}（{edition}）")
        };
        // In the printed footer too (print-meta is what print shows).
        let print = &page[page.find("class=\"print-meta\"").unwrap_or(0)..];
        assert!(print.contains(&line), "{rel}: {line}");
    }
    assert!(pages > 40, "{pages}");
    for (rel, lang, link) in [
        (
            "feed.xml",
            "ja",
            "https://example.jp/plan/editions/2024/index.html",
        ),
        (
            "en/feed.xml",
            "en",
            "https://example.jp/plan/en/editions/2024/index.html",
        ),
    ] {
        let xml = ws.page(rel);
        let feed = feed_rs::parser::parse(xml.as_bytes())
            .unwrap_or_else(|e| panic!("{rel} does not parse: {e}\n{xml}"));
        assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
        assert_eq!(feed.language.as_deref(), Some(lang));
        // Ids are names fixed at issue, not addresses: base_url does not change them.
        assert_eq!(feed.id, format!("urn:mieruka:{lang}:feed.xml"));
        assert_eq!(
            feed.entries[0].id,
            format!("urn:mieruka:{lang}:editions/2024")
        );
        assert_eq!(
            feed.updated.unwrap().to_rfc3339(),
            "2025-06-29T15:00:00+00:00"
        );
        assert_eq!(feed.entries.len(), 2, "{xml}");
        let newest = &feed.entries[0];
        assert_eq!(newest.links[0].href, link);
        assert_eq!(
            newest.updated.unwrap().to_rfc3339(),
            "2025-06-29T15:00:00+00:00"
        );
        assert!(newest.title.as_ref().unwrap().content.contains("2024"));
        assert!(!feed.authors.is_empty());
        // Every page of the language points to its feed.
        let home = ws.page(&rel.replace("feed.xml", "index.html"));
        let href = if lang == "en" {
            "../en/feed.xml"
        } else {
            "feed.xml"
        };
        assert!(
            home.contains(&format!("type=\"application/atom+xml\" href=\"{href}\"")),
            "{home}"
        );
    }
    let sitemap = ws.page("sitemap.xml");
    assert!(sitemap.contains(
        "<loc>https://example.jp/plan/editions/2023/index.html</loc>\n    <lastmod>2024-09-30</lastmod>"
    ));
    assert!(sitemap.contains(
        "<loc>https://example.jp/plan/index.html</loc>\n    <lastmod>2025-06-30</lastmod>"
    ));
    // Built again, the site is the same, byte for byte.
    let first = snapshot(&ws.output());
    assert_eq!(ws.build(&[]).code, 0);
    assert_eq!(snapshot(&ws.output()), first);
}

/// Without base_url the feed's links are relative to it, and its ids stable names.
#[test]
fn the_feed_needs_no_base_url() {
    let ws = Workspace::new("tests/fixtures/basic");
    assert_eq!(issued(&ws, &["2024", "--date", "2025-06-30"]).code, 0);
    assert_eq!(ws.build(&[]).code, 0);
    let feed = feed_rs::parser::parse(ws.page("en/feed.xml").as_bytes()).unwrap();
    assert_eq!(feed.id, "urn:mieruka:en:feed.xml");
    assert_eq!(feed.entries[0].id, "urn:mieruka:en:editions/2024");
    assert!(
        feed.entries[0].links[0]
            .href
            .ends_with("editions/2024/index.html")
    );
}

/// The repository's FY2024 edition keeps the reference figures as they
/// were published beside the indicators (全国平均 93.1 %, with no year, as
/// the source gives none), and its pages show them after the content moves
/// on: a benchmark changed in the content does not change the edition.
#[test]
fn an_edition_keeps_the_benchmarks_as_published() {
    let ws = Workspace::new("content");
    let toml = "initiatives/10-recurring-costs/initiative.toml";
    let now = std::fs::read_to_string(ws.path(toml)).unwrap();
    assert!(
        now.contains("value = 93.1"),
        "the fixture has the benchmark"
    );
    ws.edit(toml, "value = 93.1", "value = 92.9");
    let run = ws.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let edition = ws.page("editions/2024/initiatives/10-recurring-costs.html");
    assert!(edition.contains("全国平均"), "{edition}");
    assert!(edition.contains("93.1%"), "{edition}");
    assert!(!edition.contains("92.9%"), "{edition}");
    let current = ws.page("initiatives/10-recurring-costs.html");
    assert!(current.contains("92.9%"), "{current}");
    let en = ws.page("en/editions/2024/initiatives/02-my-number-card.html");
    // A figure on a related measure is a note beside the indicator, not a row.
    assert!(en.contains("prefecture average"), "{en}");
    assert!(en.contains("87.5"), "{en}");
}
