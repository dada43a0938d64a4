//! The permanent record: each edition record is sealed by its SHA-256 and
//! chained to the record before it; a record changed by hand, removed from
//! the chain or dropped from a published site is refused, in the user's
//! language, naming the file and line, with nothing written.

use sha2::Digest as _;

use crate::common::{Workspace, snapshot};

fn issued(ws: &Workspace, args: &[&str]) {
    let mut all = vec!["issue"];
    all.extend_from_slice(args);
    let run = ws.run(&all);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
}

/// The fixture with FY2023 and FY2024 issued and the site built.
fn published() -> Workspace {
    let ws = Workspace::new("tests/fixtures/basic");
    issued(&ws, &["2023", "--date", "2024-09-30"]);
    issued(&ws, &["2024", "--date", "2025-06-30"]);
    let run = ws.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    ws
}

fn sha256(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `check` and `build` both refuse, in English and in Japanese, naming
/// `file:line`, exit 1, and leave the content and the published site as
/// they were.
fn refused(ws: &Workspace, at: &str, en: &str, ja: &str) {
    let content = snapshot(&ws.content());
    let site = snapshot(&ws.output());
    for command in [&["check"][..], &["check", "--strict"], &["build"]] {
        let run = ws.run(command);
        assert_eq!(run.code, 1, "{command:?}: {}", run.stderr);
        assert!(
            run.stderr.contains(at),
            "{command:?} names {at}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(en), "{command:?}: {}", run.stderr);
        let mut ja_args = vec!["--lang", "ja"];
        ja_args.extend_from_slice(command);
        let run = ws.run(&ja_args);
        assert_eq!(run.code, 1);
        assert!(run.stderr.contains(at), "{}", run.stderr);
        assert!(run.stderr.contains(ja), "{command:?}: {}", run.stderr);
        assert!(run.stderr.contains("mieruka issue"), "{}", run.stderr);
    }
    assert_eq!(snapshot(&ws.content()), content, "the content was changed");
    assert_eq!(
        snapshot(&ws.output()),
        site,
        "the published site was changed"
    );
}

#[test]
fn a_record_is_sealed_by_its_digest_and_chained_to_the_one_before() {
    let ws = published();
    let first = ws.read("editions/2023.toml");
    let second = ws.read("editions/2024.toml");
    let digest = |record: &str| {
        record
            .lines()
            .find_map(|l| l.strip_prefix("digest = \"sha256:"))
            .map(|d| d.trim_end_matches('"').to_string())
            .unwrap()
    };
    // The published record is the content file without its digest line,
    // and its SHA-256 is that digest.
    for (record, year) in [(&first, 2023), (&second, 2024)] {
        let published =
            std::fs::read(ws.output().join(format!("data/editions/{year}.toml"))).unwrap();
        let without: String = record
            .split_inclusive('\n')
            .filter(|l| !l.starts_with("digest = "))
            .collect();
        assert_eq!(String::from_utf8_lossy(&published), without);
        assert_eq!(sha256(&published), digest(record));
        let version =
            std::fs::read(ws.output().join(format!("data/editions/{year}.v1.toml"))).unwrap();
        assert_eq!(version, published);
    }
    assert!(!first.contains("\nprevious = "), "{first}");
    assert!(
        second.contains(&format!("\nprevious = \"sha256:{}\"\n", digest(&first))),
        "{second}"
    );
    let manifest = ws.page("data/editions/manifest.json");
    for record in [&first, &second] {
        assert!(manifest.contains(&digest(record)), "{manifest}");
    }
}

#[test]
fn a_figure_a_status_or_a_date_changed_by_hand_is_refused() {
    let ws = published();
    let record = ws.read("editions/2024.toml");
    let line_of =
        |text: &str, needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    // A figure, in the record and in the initiative together.
    ws.edit(
        "editions/2024.toml",
        "2024 = { target = 46000, actual = 45872 }",
        "2024 = { target = 46000, actual = 45900 }",
    );
    ws.edit(
        "initiatives/01-alpha/initiative.toml",
        "2024 = { target = 46000, actual = 45872 }",
        "2024 = { target = 46000, actual = 45900 }",
    );
    let line = line_of(&record, "2024 = { target = 46000, actual = 45872 }");
    refused(
        &ws,
        &format!("editions/2024.toml:{line}:"),
        "editions/2024.toml was changed after it was issued: initiatives.indicators.years.2024 of initiative 01-alpha differs from the record the site published (`2024 = { target = 46000, actual = 45872 }`)",
        "editions/2024.toml は発行後に書き換えられています",
    );
    ws.write("editions/2024.toml", &record);
    ws.edit(
        "initiatives/01-alpha/initiative.toml",
        "2024 = { target = 46000, actual = 45900 }",
        "2024 = { target = 46000, actual = 45872 }",
    );
    assert_eq!(ws.run(&["check", "--strict"]).code, 0);

    // A status.
    ws.write(
        "editions/2024.toml",
        &record.replacen("status = \"achieved\"", "status = \"not_achieved\"", 1),
    );
    let line = line_of(&record, "status = \"achieved\"");
    refused(
        &ws,
        &format!("editions/2024.toml:{line}:"),
        "initiatives.status of initiative 02-beta differs from the record the site published (`status = \"achieved\"`)",
        "サイトで公表した記録",
    );

    // The date (backdated), without the published site to compare with:
    // the digest line is named.
    ws.write(
        "editions/2024.toml",
        &record.replacen("date = 2025-06-30", "date = 2025-04-30", 1),
    );
    std::fs::remove_dir_all(ws.output()).unwrap();
    let line = line_of(&record, "digest = ");
    let content = snapshot(&ws.content());
    for lang in ["en", "ja"] {
        let run = ws.run(&["--lang", lang, "check"]);
        assert_eq!(run.code, 1);
        assert!(
            run.stderr.contains(&format!("editions/2024.toml:{line}:")),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains(if lang == "en" {
                "its content no longer has the digest it was issued with"
            } else {
                "内容が、発行したときの digest"
            }),
            "{}",
            run.stderr
        );
        let run = ws.run(&["--lang", lang, "build"]);
        assert_eq!(run.code, 1);
        assert!(!ws.output().exists());
    }
    assert_eq!(snapshot(&ws.content()), content);
}

#[test]
fn a_record_missing_from_the_chain_is_refused() {
    let ws = published();
    let first = ws.read("editions/2023.toml");
    std::fs::remove_file(ws.path("editions/2023.toml")).unwrap();
    let second = ws.read("editions/2024.toml");
    let line = second
        .lines()
        .position(|l| l.starts_with("previous = "))
        .unwrap()
        + 1;
    refused(
        &ws,
        &format!("editions/2024.toml:{line}:"),
        "the record issued before editions/2024.toml",
        "の前に発行した記録",
    );
    // A record put back as the site published it, with its digest line, is whole again.
    let published = ws.page("data/editions/2023.toml");
    let digest_line = first.lines().find(|l| l.starts_with("digest = ")).unwrap();
    let restored = published.replacen(
        "date = 2024-09-30\n",
        &format!("date = 2024-09-30\n{digest_line}\n"),
        1,
    );
    assert_eq!(restored, first);
    ws.write("editions/2023.toml", &restored);
    assert_eq!(ws.build(&[]).code, 0);
}

#[test]
fn a_record_deleted_after_publication_is_not_dropped_from_the_site() {
    let ws = published();
    let edition = ws.page("en/editions/2024/index.html");
    std::fs::remove_file(ws.path("editions/2024.toml")).unwrap();
    let site = snapshot(&ws.output());
    for lang in ["en", "ja"] {
        let run = ws.run(&["--lang", lang, "build", "--strict"]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr.contains("data/editions/manifest.json:"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains(if lang == "en" {
                "this folder published the FY2024 edition (version 1, 2025-06-30), and this build would drop it"
            } else {
                "令和6年度（2024年度）版（第1版、2025-06-30）を公表しています"
            }),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("data/editions/2024.v1.toml"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(snapshot(&ws.output()), site);
    assert_eq!(ws.page("en/editions/2024/index.html"), edition);
    // Another folder has published nothing: the build there goes ahead.
    let elsewhere = ws.dir.path().join("fresh");
    let run = ws.build(&["--output", elsewhere.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// `issue` refuses, exit 1, in both languages, naming `at`, and writes nothing.
fn issue_refused(ws: &Workspace, args: &[&str], at: &str, en: &str, ja: &str) {
    let before = snapshot(&ws.content());
    for (lang, want, nothing) in [
        ("en", en, "Nothing was written."),
        ("ja", ja, "何も書き込んでいません"),
    ] {
        let mut all = vec!["--lang", lang, "issue"];
        all.extend_from_slice(args);
        let run = ws.run(&all);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains(at),
            "{args:?} names {at}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(want), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(nothing), "{}", run.stderr);
    }
    assert_eq!(snapshot(&ws.content()), before, "{args:?} wrote something");
}

#[test]
fn an_empty_actual_of_a_reviewed_year_is_not_issued() {
    let ws = Workspace::new("tests/fixtures/basic");
    ws.edit(
        "initiatives/02-beta/initiative.toml",
        "2024 = { target = 90.7, actual = 90.4 }",
        "2024 = { target = 90.7 }",
    );
    // A warning for check, naming the cell; an error under --strict.
    let run = ws.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("No.2 ratio: the FY2024 actual is empty, though FY2024 is reviewed"),
        "{}",
        run.stderr
    );
    assert_eq!(ws.run(&["check", "--strict"]).code, 1);
    issue_refused(
        &ws,
        &["2024", "--date", "2025-06-30"],
        "initiatives/02-beta/initiative.toml:24:",
        "the FY2024 edition is issued only complete: `mieruka check --strict` finds 1 problem left",
        "令和6年度の実績が空欄です",
    );
    // Saying why (not decided yet) is complete.
    ws.edit(
        "initiatives/02-beta/initiative.toml",
        "2024 = { target = 90.7 }",
        "2024 = { target = 90.7, state = \"undecided\" }",
    );
    assert_eq!(ws.run(&["check", "--strict"]).code, 0);
}

#[test]
fn a_date_too_far_ahead_or_before_the_record_before_is_refused() {
    let ws = Workspace::new("tests/fixtures/basic");
    issue_refused(
        &ws,
        &["2024", "--date", "2099-01-01"],
        "content/editions/2024.toml",
        "the FY2024 edition cannot be dated 2099-01-01: that is more than 31 days after today",
        "今日（",
    );
    issued(&ws, &["2024", "--date", "2025-06-30"]);
    issue_refused(
        &ws,
        &["2023", "--date", "2025-06-29"],
        "editions/2024.toml",
        "the FY2023 edition cannot be dated 2025-06-29: the record issued before it (the FY2024 edition, version 1) is dated 2025-06-30",
        "その前に発行した記録（令和6年度（2024年度）版 第1版）の公表日が 2025-06-30 です",
    );
    issue_refused(
        &ws,
        &[
            "2024",
            "--date",
            "2025-06-29",
            "--replace",
            "--reason",
            "corrected",
        ],
        "editions/2024.toml",
        "the FY2024 edition cannot be dated 2025-06-29",
        "公表日を 2025-06-29 にはできません",
    );
    // The Japanese ways of writing a date are dates.
    issued(&ws, &["2023", "--date", "令和7年7月1日"]);
    assert!(
        ws.read("editions/2023.toml")
            .contains("\ndate = 2025-07-01\n")
    );
}

/// The SHA-256 an edition page shows (`<code class="digest">…</code>`).
fn digest_shown(page: &str) -> String {
    let at = page.find("<code class=\"digest\">").unwrap() + "<code class=\"digest\">".len();
    page[at..at + 64].to_string()
}

#[test]
fn the_digest_shown_is_the_sha256_of_the_published_record() {
    let ws = published();
    for lang in ["", "en/"] {
        for (year, page) in [
            (2023, format!("{lang}editions/2023/index.html")),
            (2024, format!("{lang}editions/2024/index.html")),
            (2024, format!("{lang}editions/2024/shortfalls.html")),
        ] {
            let page = ws.page(&page);
            let record =
                std::fs::read(ws.output().join(format!("data/editions/{year}.v1.toml"))).unwrap();
            assert_eq!(digest_shown(&page), sha256(&record), "{year}");
            assert!(page.contains(&format!("data/editions/{year}.v1.toml\" download")));
        }
    }
    // The open data page lists each record with its digest and says how to check it.
    for (page, words) in [
        ("opendata.html", "certutil -hashfile 2023.v1.toml SHA256"),
        ("en/opendata.html", "sha256sum 2023.v1.toml"),
    ] {
        let page = ws.page(page);
        assert!(page.contains(words), "{page}");
        let record = std::fs::read(ws.output().join("data/editions/2024.v1.toml")).unwrap();
        assert!(page.contains(&sha256(&record)));
    }
    // And each feed entry.
    let feed = ws.page("en/feed.xml");
    let record = std::fs::read(ws.output().join("data/editions/2024.v1.toml")).unwrap();
    assert!(
        feed.contains(&format!(
            "SHA-256 of the record (data/editions/2024.v1.toml): {}",
            sha256(&record)
        )),
        "{feed}"
    );
}

#[test]
fn a_replacement_keeps_the_version_it_replaces_published_and_linked() {
    let ws = published();
    let first = ws.read("editions/2024.toml");
    let v1_page = ws.page("en/editions/2024/initiatives/01-alpha.html");
    ws.edit(
        "initiatives/01-alpha/initiative.toml",
        "2024 = { target = 46000, actual = 45872 }",
        "2024 = { target = 46000, actual = 45900, reason = { ja = \"集計の誤りを訂正\", en = \"a counting error corrected\" } }",
    );
    issued(
        &ws,
        &[
            "2024",
            "--date",
            "2025-07-15",
            "--replace",
            "--reason",
            "No.1 corrected",
        ],
    );
    assert_eq!(ws.read("editions/2024.v1.toml"), first);
    let run = ws.build(&["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The superseded version, as it was issued, at its own address, marked and linked.
    let old = ws.page("en/editions/2024/v1/index.html");
    assert!(
        old.contains("This version 1 was replaced on 15 July 2025. Reason: No.1 corrected"),
        "{old}"
    );
    assert!(old.contains("href=\"../../../../en/editions/2024/index.html\">See the current version (version 2)</a>"), "{old}");
    let old_initiative = ws.page("en/editions/2024/v1/initiatives/01-alpha.html");
    assert!(old_initiative.contains("45,872"), "{old_initiative}");
    assert!(!old_initiative.contains("45,900"));
    assert!(v1_page.contains("45,872"));
    let ja_old = ws.page("editions/2024/v1/index.html");
    assert!(
        ja_old.contains("この第1版は、2025年7月15日に置き換えられました。理由：No.1 corrected"),
        "{ja_old}"
    );
    // The current version links the superseded one.
    let current = ws.page("en/editions/2024/index.html");
    assert!(current.contains("href=\"../../../en/editions/2024/v1/index.html\">See version 1 as published on 30 June 2025 (superseded)</a>"), "{current}");
    assert!(
        ws.page("en/editions/2024/initiatives/01-alpha.html")
            .contains("45,900")
    );
    // Both records published, each with the digest its page shows.
    for (page, file) in [(&old, "2024.v1.toml"), (&current, "2024.v2.toml")] {
        let record = std::fs::read(ws.output().join(format!("data/editions/{file}"))).unwrap();
        assert_eq!(digest_shown(page), sha256(&record), "{file}");
    }
    let manifest = ws.page("data/editions/manifest.json");
    assert!(manifest.contains("\"version\": 2"), "{manifest}");
    assert!(manifest.contains("\"superseded\": true"), "{manifest}");
    // The superseded version cannot be removed: the chain and the published site need it.
    std::fs::remove_file(ws.path("editions/2024.v1.toml")).unwrap();
    let site = snapshot(&ws.output());
    let run = ws.build(&[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("editions/2024.toml:"), "{}", run.stderr);
    assert_eq!(snapshot(&ws.output()), site);
}
