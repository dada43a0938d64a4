//! Languages are a list in site.toml: a further language is added with
//! content and interface words only, and every text falls back visibly.

use crate::common::{Workspace, attr_values};

/// The default theme's `[en]` table turned into a `[vi]` table: the words a
/// Vietnamese office would translate (a few here, to find them on the pages).
fn vietnamese_strings() -> String {
    let theme = std::fs::read_to_string(crate::common::repo().join("theme/strings.toml")).unwrap();
    let en = theme
        .split("\n[")
        .find(|t| t.starts_with("en]"))
        .expect("the default theme has an [en] table");
    let words = en
        .trim_start_matches("en]")
        .replace("lang_name = \"English\"", "lang_name = \"Tiếng Việt\"")
        .replace("home = \"Home\"", "home = \"Trang chủ\"");
    format!("[vi]{words}")
}

/// Adds Vietnamese to the test site: site.toml's list, a theme folder with
/// the `[vi]` words, one title and one commentary file in Vietnamese.
fn with_vietnamese(ws: &Workspace) -> std::path::PathBuf {
    ws.edit(
        "site.toml",
        "languages = [\"ja\", \"en\"]",
        "languages = [\"ja\", \"en\", \"vi\"]",
    );
    ws.edit(
        "initiatives/01-alpha/initiative.toml",
        "en = \"More online applications\"",
        "en = \"More online applications\", vi = \"Mở rộng thủ tục trực tuyến\"",
    );
    ws.write(
        "initiatives/01-alpha/2024.progress.vi.md",
        "- Đã mở rộng thủ tục trực tuyến.\n",
    );
    let theme = ws.dir.path().join("theme");
    std::fs::create_dir_all(&theme).unwrap();
    std::fs::write(theme.join("strings.toml"), vietnamese_strings()).unwrap();
    theme
}

#[test]
fn a_fourth_language_needs_content_and_words_only() {
    let ws = Workspace::new("tests/fixtures/basic");
    let theme = with_vietnamese(&ws);
    let run = ws.build(&["--theme", theme.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    // Its own folder, declared in its own language.
    let page = ws.page("vi/initiatives/01-alpha.html");
    assert!(page.contains("<html lang=\"vi\">"), "{page}");
    assert!(page.contains("Mở rộng thủ tục trực tuyến"), "{page}");
    assert!(page.contains("Đã mở rộng thủ tục trực tuyến."), "{page}");
    assert!(page.contains(">Trang chủ<"), "the [vi] words are used");

    // A text not yet in Vietnamese falls back to English, marked as such.
    let beta = ws.page("vi/initiatives/02-beta.html");
    assert!(
        beta.contains("<span lang=\"en\">Keeping recurring costs down</span>"),
        "{beta}"
    );
    // Commentary too: No.1's FY2025 plan exists in Japanese and English only.
    assert!(
        page.contains("<div lang=\"en\">"),
        "the plan text falls back to English: {page}"
    );

    // Every page's switch lists every language by its own name.
    for rel in ["index.html", "en/index.html", "vi/index.html"] {
        let home = ws.page(rel);
        for name in ["日本語", "English", "Tiếng Việt"] {
            assert!(home.contains(&format!(">{name}<")), "{rel} lacks {name}");
        }
    }
    let home = ws.page("index.html");
    assert!(attr_values(&home, "href").contains(&"vi/index.html".to_string()));
    assert!(home.contains("hreflang=\"vi\""), "{home}");

    // The open data carries the Vietnamese text where there is one.
    let json = std::fs::read_to_string(ws.output().join("data/indicators.json")).unwrap();
    assert!(
        json.contains("\"vi\": \"Mở rộng thủ tục trực tuyến\""),
        "{json}"
    );

    // check counts how much is in Vietnamese and lists what is not.
    let run = ws.run(&["check", "--lang", "en", "--theme", theme.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("Translated texts:"))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(line.contains(", vi 2/"), "{line}");
    assert!(
        run.stdout.contains("Not yet written in vi:"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("content/site.toml site.title") && run.stdout.contains("and 15 more"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_language_without_interface_words_is_refused_with_what_to_write() {
    let ws = Workspace::new("tests/fixtures/basic");
    with_vietnamese(&ws);
    // Without the theme folder there are no [vi] words.
    let before = ws.build(&[]);
    assert_ne!(before.code, 0);
    for (lang, words) in [
        ("en", "strings.toml has no [vi] table"),
        ("ja", "strings.toml にその言語の文言の表 [vi] がありません"),
    ] {
        let run = ws.run(&["build", "--lang", lang]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stderr.contains(words), "{}", run.stderr);
    }
    assert!(!ws.output().join("vi").exists(), "nothing is published");
}

#[test]
fn easy_japanese_reads_as_japanese_and_shows_ruby() {
    let ws = Workspace::new("tests/fixtures/basic");
    ws.edit(
        "site.toml",
        "languages = [\"ja\", \"en\"]",
        "languages = [\"ja\", \"en\", \"ja-basic\"]",
    );
    ws.edit(
        "initiatives/01-alpha/initiative.toml",
        "en = \"More online applications\"",
        "en = \"More online applications\", ja-basic = \"インターネットでできる{手続|てつづ}きを{増|ふ}やす\"",
    );
    ws.write(
        "initiatives/01-alpha/2024.progress.ja-basic.md",
        "- {手続|てつづ}きを{増|ふ}やしました。\n",
    );
    let run = ws.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = ws.page("ja-basic/initiatives/01-alpha.html");
    assert!(
        page.contains("<html lang=\"ja\">"),
        "easy Japanese is Japanese to a screen reader"
    );
    assert!(
        page.contains("<ruby>手続<rp>(</rp><rt>てつづ</rt><rp>)</rp></ruby>き"),
        "{page}"
    );
    // Where HTML cannot go, the readings are left out.
    assert!(
        page.contains("<title>No.1 インターネットでできる手続きを増やす"),
        "{page}"
    );
    assert!(!page.contains("{手続|"), "no notation is left on the page");
    // A text not yet in easy Japanese shows the Japanese, marked as pending.
    let beta = ws.page("ja-basic/initiatives/02-beta.html");
    assert!(beta.contains("class=\"pending\""), "{beta}");
    // easy Japanese has no hreflang of its own (it is not a language tag).
    assert!(!page.contains("hreflang=\"ja-basic\""), "{page}");
}
