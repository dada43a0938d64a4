//! Building a small fixture plan: the pages, their links, statuses and charts.

use std::path::Path;

use crate::common::{Workspace, attr_values, snapshot};

fn built() -> Workspace {
    let ws = Workspace::new("tests/fixtures/basic");
    let run = ws.build(&["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    ws
}

#[test]
fn prints_a_one_line_summary() {
    let ws = Workspace::new("tests/fixtures/basic");
    let run = ws.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = run.stdout.trim();
    assert!(!line.contains('\n'), "{line}");
    assert!(
        line.starts_with("Built 53 pages and 4 charts into public in "),
        "{line}"
    );
}

#[test]
fn japanese_at_the_root_english_under_en_with_the_same_paths() {
    let ws = built();
    for rel in [
        "index.html",
        "initiatives/01-alpha.html",
        "initiatives/02-beta.html",
        "pages/about.html",
        "shortfalls/2024.html",
    ] {
        let ja = ws.page(rel);
        let en = ws.page(&format!("en/{rel}"));
        assert!(ja.contains("<html lang=\"ja\">"), "{rel}");
        assert!(en.contains("<html lang=\"en\">"), "{rel}");
        // Each page links to its counterpart, relatively.
        let depth = rel.matches('/').count();
        let ja_to_en = format!("{}en/{rel}", "../".repeat(depth));
        let en_to_ja = format!("{}{rel}", "../".repeat(depth + 1));
        assert!(
            attr_values(&ja, "href").contains(&ja_to_en),
            "{rel}: no link to {ja_to_en}"
        );
        assert!(
            attr_values(&en, "href").contains(&en_to_ja),
            "{rel}: no link to {en_to_ja}"
        );
    }
}

#[test]
fn status_is_computed_per_year_and_shown_with_words() {
    let ws = built();
    let ja = ws.page("initiatives/01-alpha.html");
    // 2022: 171 < 250 missed; 2023: 300 ≥ 300 met; 2024: 45,872 < 46,000 missed; 2025/26 pending.
    let rows: Vec<&str> = ja.split("<tr>").skip(2).collect();
    assert_eq!(rows.len(), 5);
    assert!(
        rows[0].contains("令和4年度")
            && rows[0].contains("status-not_achieved")
            && rows[0].contains("未達成")
    );
    assert!(rows[1].contains("status-achieved") && rows[1].contains("達成"));
    assert!(rows[2].contains("status-not_achieved"));
    assert!(rows[3].contains("status-pending") && rows[4].contains("status-pending"));
    assert!(
        ja.contains("累計45,872件"),
        "figures are printed with unit and 累計"
    );

    let beta = ws.page("en/initiatives/02-beta.html");
    // lower is better: 90.4 ≤ 90.7 met; the milestone has no target in 2024.
    assert!(beta.contains("at most 90.7%"), "{beta}");
    assert!(beta.contains("90.4%"));
    assert!(beta.contains("Implemented"));
    let home = ws.page("en/index.html");
    assert!(home.contains("status-not_achieved") && home.contains("Target not met"));
    assert!(home.contains("status-achieved"));
}

#[test]
fn a_chart_per_numeric_indicator_with_a_text_alternative() {
    let ws = built();
    let svgs: Vec<String> = snapshot(&ws.output())
        .into_keys()
        .filter(|k| k.ends_with(".svg") && !k.starts_with("assets/"))
        .collect();
    let (trends, charts): (Vec<String>, Vec<String>) =
        svgs.into_iter().partition(|k| k.contains("/trend/"));
    // One small trend chart per initiative with figures, shared by both languages, on the overview.
    assert_eq!(
        trends,
        ["charts/trend/01-alpha.svg", "charts/trend/02-beta.svg"]
    );
    assert!(
        attr_values(&ws.page("en/index.html"), "src")
            .contains(&"../charts/trend/01-alpha.svg".to_string())
    );
    assert_eq!(
        charts,
        [
            "charts/01-alpha--procedures.svg",
            "charts/02-beta--ratio.svg",
            "en/charts/01-alpha--procedures.svg",
            "en/charts/02-beta--ratio.svg"
        ]
    );
    let svg =
        std::fs::read_to_string(ws.output().join("en/charts/01-alpha--procedures.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    for label in [
        "FY2022",
        "FY2026",
        "Actual",
        "Target",
        "procedures",
        "✓",
        "✗",
    ] {
        assert!(svg.contains(label), "chart lacks {label}");
    }
    let ja_svg =
        std::fs::read_to_string(ws.output().join("charts/01-alpha--procedures.svg")).unwrap();
    assert!(ja_svg.contains("実績") && ja_svg.contains("R6"));

    let en = ws.page("en/initiatives/01-alpha.html");
    let alts = attr_values(&en, "alt");
    assert_eq!(
        alts,
        [
            "Chart of Procedures online. The table&#39;s figures: FY2022: target 250 procedures, actual 171 procedures, Not met; FY2023: target 300 procedures, actual 300 procedures, Met; FY2024: target 46,000 procedures, actual 45,872 procedures, Not met; FY2025: target 440 procedures, actual –, Pending; FY2026: target 450 procedures, actual –, Pending. Procedures online, FY2024: 45,872 procedures (cumulative) against a target of 46,000 procedures (cumulative) — target missed by 128 procedures."
        ]
    );
    assert!(
        attr_values(&en, "src").contains(&"../../en/charts/01-alpha--procedures.svg".to_string())
    );
    let ja = ws.page("initiatives/01-alpha.html");
    assert!(ja.contains("令和6年度（2024年度）の実績は累計45,872件、目標は累計46,000件で、目標に128件届きませんでした。"));
    // The milestone gets no chart.
    assert!(
        !ws.page("initiatives/02-beta.html")
            .contains("02-beta--outsourced.svg")
    );
}

#[test]
fn commentary_and_shortfall_are_published() {
    let ws = built();
    let en = ws.page("en/initiatives/01-alpha.html");
    assert!(en.contains("Online applications grew to 427 procedures."));
    assert!(en.contains("The target was not reached."));
    let shortfalls = ws.page("shortfalls/2024.html");
    assert!(shortfalls.contains("01-alpha.html"));
    assert!(
        !shortfalls.contains("02-beta.html"),
        "beta met its 2024 target"
    );
    assert!(shortfalls.contains("実績：累計45,872件（目標：累計46,000件）"));
}

#[test]
fn every_internal_link_is_relative_and_resolves() {
    let ws = built();
    for (rel, bytes) in snapshot(&ws.output()) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let dir = Path::new(&rel).parent().unwrap();
        for link in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            if link.starts_with("http") || link.starts_with('#') || link.starts_with("mailto:") {
                continue;
            }
            assert!(!link.starts_with('/'), "{rel}: absolute link {link}");
            let target = ws.output().join(dir).join(link.split('#').next().unwrap());
            assert!(target.is_file(), "{rel}: broken link {link}");
        }
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let ws = built();
    let first = snapshot(&ws.output());
    let run = ws.build(&[]);
    assert_eq!(run.code, 0);
    assert_eq!(first, snapshot(&ws.output()));
}

#[test]
fn missing_english_is_published_in_japanese_with_a_note_and_fails_strict() {
    let ws = Workspace::new("tests/fixtures/basic");
    ws.edit(
        "initiatives/02-beta/initiative.toml",
        "title = { ja = \"経常的な費用の抑制\", en = \"Keeping recurring costs down\" }",
        "title = { ja = \"経常的な費用の抑制\" }",
    );
    std::fs::remove_file(ws.path("initiatives/01-alpha/2024.progress.en.md")).unwrap();
    let run = ws.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("(2 warnings)"), "{}", run.stdout);
    assert!(
        run.stderr.contains("initiatives/02-beta/initiative.toml"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("title.en"), "{}", run.stderr);
    assert!(run.stderr.contains("2024.progress.en.md"), "{}", run.stderr);
    let en = ws.page("en/initiatives/02-beta.html");
    assert!(en.contains("<span lang=\"ja\">経常的な費用の抑制</span> <small class=\"pending\">Japanese only: translation pending</small>"), "{en}");
    let alpha = ws.page("en/initiatives/01-alpha.html");
    assert!(
        alpha.contains("<div lang=\"ja\"><ul>\n<li>電子申請を427件に増やした。"),
        "{alpha}"
    );

    let before = snapshot(&ws.output());
    let strict = ws.build(&["--strict"]);
    assert_eq!(strict.code, 1);
    assert!(
        strict.stderr.contains("error: English translation missing"),
        "{}",
        strict.stderr
    );
    assert_eq!(
        before,
        snapshot(&ws.output()),
        "a failed build must not touch public/"
    );
}

#[test]
fn check_writes_nothing_and_a_theme_override_replaces_one_template() {
    let ws = Workspace::new("tests/fixtures/basic");
    let run = ws.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Checked 2 initiatives"),
        "{}",
        run.stdout
    );
    assert!(!ws.output().exists());

    let theme = ws.dir.path().join("mytheme/templates");
    std::fs::create_dir_all(&theme).unwrap();
    std::fs::write(theme.join("page.html"), "{% extends \"base.html\" %}{% block main %}<h1>OVERRIDDEN {{ page.title.text }}</h1>{% endblock %}").unwrap();
    let run = ws.build(&["--theme", "mytheme"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        ws.page("pages/about.html")
            .contains("OVERRIDDEN 計画について")
    );
    assert!(
        ws.page("index.html").contains("class=\"cards\""),
        "other templates stay the default"
    );
}

/// A theme's template may write texts with the `txt` filter or with the
/// `m.txt` macro of macros.html; both give the same markup, with the
/// language of a Japanese fallback on an English page.
#[test]
fn texts_are_written_alike_by_the_txt_filter_and_the_txt_macro() {
    let ws = Workspace::new("tests/fixtures/basic");
    // No English title: the English page shows the Japanese, marked.
    ws.edit(
        "initiatives/01-alpha/initiative.toml",
        "title = { ja = \"電子申請の拡大\", en = \"More online applications\" }",
        "title = { ja = \"電子申請の拡大\" }",
    );
    let theme = ws.dir.path().join("mytheme/templates");
    std::fs::create_dir_all(&theme).unwrap();
    std::fs::write(
        theme.join("initiative.html"),
        "{% extends \"base.html\" %}{% block main %}<p id=f>{{ page.title | txt }}</p><p id=m>{{ m.txt(page.title) }}</p><p id=a>x<span{{ page.title | lang_attr }}></span></p>{% endblock %}",
    )
    .unwrap();
    let run = ws.build(&["--theme", "mytheme"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = ws.page("en/initiatives/01-alpha.html");
    let by_filter = page
        .split("<p id=f>")
        .nth(1)
        .unwrap()
        .split("</p>")
        .next()
        .unwrap();
    let by_macro = page
        .split("<p id=m>")
        .nth(1)
        .unwrap()
        .split("</p>")
        .next()
        .unwrap();
    assert_eq!(by_filter, by_macro);
    assert!(
        by_filter.starts_with(r#"<span lang="ja">電子申請の拡大</span> <small class="pending">"#),
        "{by_filter}"
    );
    assert!(
        page.contains(r#"<p id=a>x<span lang="ja"></span></p>"#),
        "{page}"
    );
}

#[test]
fn a_template_error_names_the_initiative_and_the_template() {
    let ws = Workspace::new("tests/fixtures/basic");
    let theme = ws.dir.path().join("bad/templates");
    std::fs::create_dir_all(&theme).unwrap();
    std::fs::write(
        theme.join("initiative.html"),
        "{% extends \"base.html\" %}{% block main %}{{ page.no_such_field.x }}{% endblock %}",
    )
    .unwrap();
    let run = ws.build(&["--theme", "bad"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("initiative No.1 (01-alpha)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("template initiative.html"),
        "{}",
        run.stderr
    );
    assert!(!ws.output().exists());
    // The office reads it in Japanese: the page, the template and its line.
    let ja = ws.build(&["--theme", "bad", "--lang", "ja"]);
    assert_eq!(ja.code, 1);
    assert!(
        ja.stderr.contains(
            "テンプレート initiative.html でページ initiatives/01-alpha.html を作れませんでした"
        ),
        "{}",
        ja.stderr
    );
    assert!(
        ja.stderr.contains("（テンプレートの 1 行目）"),
        "{}",
        ja.stderr
    );
    assert!(!ws.output().exists());
}

#[test]
fn commentary_reads_in_the_report_order_and_earlier_years_stay() {
    let ws = Workspace::new("tests/fixtures/basic");
    ws.write(
        "initiatives/01-alpha/2023.progress.ja.md",
        "- 令和5年度の取組。\n",
    );
    ws.write(
        "initiatives/01-alpha/2023.progress.en.md",
        "- What was done in FY2023.\n",
    );
    assert_eq!(ws.build(&["--strict"]).code, 0);
    let ja = ws.page("initiatives/01-alpha.html");
    let order: Vec<usize> = [
        "令和6年度の取組状況",
        "令和7年度の取組内容",
        "令和5年度の取組状況",
    ]
    .iter()
    .map(|h| {
        ja.find(&format!("<h2>{h}</h2>"))
            .unwrap_or_else(|| panic!("{h}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(
        ws.page("en/initiatives/01-alpha.html")
            .contains("What was done in FY2023.")
    );
}

/// A rebuild leaves files whose content did not change exactly as they were
/// (same file, same modification time), so an upload tool that compares
/// dates or sizes sends only what changed.
#[cfg(unix)]
#[test]
fn unchanged_files_are_kept_as_they_were_on_rebuild() {
    use std::os::unix::fs::MetadataExt;
    let ws = built();
    let meta = |rel: &str| std::fs::metadata(ws.output().join(rel)).unwrap();
    let (about, chart, alpha) = (
        meta("pages/about.html"),
        meta("charts/02-beta--ratio.svg"),
        meta("initiatives/01-alpha.html"),
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    ws.edit(
        "initiatives/01-alpha/initiative.toml",
        "電子申請の拡大",
        "電子申請の大拡大",
    );
    assert_eq!(ws.build(&[]).code, 0);
    for (rel, before) in [
        ("pages/about.html", about),
        ("charts/02-beta--ratio.svg", chart),
    ] {
        let after = meta(rel);
        assert_eq!(
            (after.ino(), after.mtime_nsec()),
            (before.ino(), before.mtime_nsec()),
            "{rel}"
        );
    }
    assert_ne!(meta("initiatives/01-alpha.html").ino(), alpha.ino());
    assert!(
        ws.page("initiatives/01-alpha.html")
            .contains("電子申請の大拡大")
    );
}

/// The whole-plan open data files are written piece by piece (they can be
/// tens of megabytes); an unchanged one is still kept as it was on rebuild,
/// and a changed one replaced.
#[cfg(unix)]
#[test]
fn streamed_open_data_is_kept_when_unchanged_and_replaced_when_changed() {
    use std::os::unix::fs::MetadataExt;
    let ws = built();
    let meta = |rel: &str| std::fs::metadata(ws.output().join(rel)).unwrap();
    let files = ["data/indicators.csv", "data/indicators.json"];
    let before: Vec<_> = files.iter().map(|f| meta(f).ino()).collect();
    assert_eq!(ws.build(&[]).code, 0);
    let same: Vec<_> = files.iter().map(|f| meta(f).ino()).collect();
    assert_eq!(same, before, "unchanged data files are the published ones");
    ws.edit(
        "initiatives/01-alpha/initiative.toml",
        "電子申請の拡大",
        "電子申請の大拡大",
    );
    assert_eq!(ws.build(&[]).code, 0);
    for (f, old) in files.iter().zip(&before) {
        assert_ne!(meta(f).ino(), *old, "{f} changed");
        assert!(ws.page(f).contains("電子申請の大拡大"), "{f}");
    }
}

/// What is published is what was checked: a commentary file saved after the
/// check (as happens while the preview runs) fails the build, naming the
/// file, instead of being published unchecked.
#[test]
fn a_commentary_file_changed_after_the_check_fails_the_build() {
    let ws = Workspace::new("tests/fixtures/basic");
    let options = mieruka::check::config::BuildOptions {
        content: ws.content(),
        ..mieruka::check::config::BuildOptions::default()
    };
    let (plan, _) = mieruka::check::check(&options).expect("the fixture checks");
    let theme = mieruka::render::theme::Theme::load(None).unwrap();
    let file = "initiatives/01-alpha/2024.progress.ja.md";
    ws.write(file, "- 確認の後に書き換えた\n");
    let sink = mieruka::base::output::MemorySink::default();
    let err =
        mieruka::render::render(&mieruka::check::assess::assess(&plan), &theme, &sink).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("2024.progress.ja.md")
            && text.contains("changed while the site was being built"),
        "{text}"
    );
    // Rendered from the checked text, the same plan renders fine.
    ws.write(
        file,
        &std::fs::read_to_string(
            crate::common::repo()
                .join("tests/fixtures/basic")
                .join(file),
        )
        .unwrap(),
    );
    mieruka::render::render(
        &mieruka::check::assess::assess(&plan),
        &theme,
        &mieruka::base::output::MemorySink::default(),
    )
    .unwrap();
}

/// `check` finds what `build` would refuse, a link that leads nowhere
/// included: a green check means a green build.
#[test]
fn check_reports_a_broken_internal_link_as_build_does() {
    let ws = Workspace::new("tests/fixtures/basic");
    ws.write(
        "initiatives/01-alpha/2024.progress.ja.md",
        "- [計画](../pages/nowhere.html)を見直した\n",
    );
    let check = ws.run(&["check", "--lang", "en"]);
    let build = ws.build(&["--lang", "en"]);
    assert_eq!(
        (check.code, build.code),
        (1, 1),
        "{}\n{}",
        check.stdout,
        check.stderr
    );
    for run in [&check, &build] {
        assert!(
            run.stderr.contains("links to `../pages/nowhere.html`"),
            "{}",
            run.stderr
        );
    }
    assert!(!ws.output().exists(), "nothing is published");
}

/// Every interface word is in strings.toml, in every language: a word a
/// theme gives in one language only is an error naming the key and the file,
/// never a page that shows the key.
#[test]
fn a_word_missing_from_one_language_is_an_error_naming_key_and_file() {
    let ws = Workspace::new("tests/fixtures/basic");
    let theme = ws.dir.path().join("mytheme");
    std::fs::create_dir_all(&theme).unwrap();
    std::fs::write(theme.join("strings.toml"), "[ja]\nbanner = \"お知らせ\"\n").unwrap();
    for (lang, words) in [
        (
            "en",
            "the interface word `banner` is missing from the [en] table",
        ),
        ("ja", "[en] の表に文言 `banner` がありません"),
    ] {
        let run = ws.build(&["--theme", "mytheme", "--lang", lang]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stderr.contains(words), "{}", run.stderr);
        assert!(
            run.stderr.contains("mytheme/strings.toml"),
            "{}",
            run.stderr
        );
    }
    assert!(!ws.output().exists());
}

/// The not-found page works at any address a server shows it at: it loads
/// no stylesheet or icon by a relative address, carries its style in
/// itself, allowed by the style's hash in its Content-Security-Policy, and
/// says everything in both languages with words from strings.toml.
#[test]
fn the_not_found_page_is_self_contained() {
    use base64::Engine as _;
    use sha2::Digest as _;
    let ws = Workspace::new("tests/fixtures/basic");
    let run = ws.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = ws.page("404.html");
    assert!(!html.contains("assets/style.css") && !html.contains("assets/favicon.svg"));
    let css = html
        .split("<style>")
        .nth(1)
        .and_then(|s| s.split("</style>").next())
        .expect("an inline style");
    assert_eq!(
        css,
        std::fs::read_to_string(crate::common::repo().join("theme/static/style.css")).unwrap()
    );
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(css));
    assert!(
        html.contains(&format!("style-src 'self' 'sha256-{hash}'")),
        "{html}"
    );
    assert!(
        html.contains("<h1>ページが見つかりません</h1>")
            && html.contains("<h2>Page not found</h2>")
    );
    // Other pages keep the strict policy and the shared stylesheet.
    assert!(
        ws.page("index.html")
            .contains("style-src 'self'; script-src 'none'")
    );
}
