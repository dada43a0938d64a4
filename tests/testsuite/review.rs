//! `check` tells the office what the annual update has left undone, in its own language.

use crate::common::Workspace;

#[test]
fn copied_translations_and_missing_commentary_are_reported() {
    let ws = Workspace::new("tests/fixtures/basic");
    ws.edit(
        "initiatives/02-beta/initiative.toml",
        "en = \"Keeping recurring costs down\"",
        "en = \"経常的な費用の抑制\"",
    );
    std::fs::remove_file(ws.path("initiatives/02-beta/2025.plan.ja.md")).unwrap();
    std::fs::remove_file(ws.path("initiatives/02-beta/2025.plan.en.md")).unwrap();
    // No.1 missed its FY2024 target: without an explanation the office is reminded.
    std::fs::remove_file(ws.path("initiatives/01-alpha/2024.shortfall.ja.md")).unwrap();
    std::fs::remove_file(ws.path("initiatives/01-alpha/2024.shortfall.en.md")).unwrap();
    let run = ws.run(&["check"]);
    assert_eq!(run.code, 0, "warnings do not fail a check: {}", run.stderr);
    assert!(
        run.stdout.contains("0 errors, 3 warnings"),
        "{}",
        run.stdout
    );
    let err = &run.stderr;
    assert!(
        err.contains("warning: the English text is the same as the Japanese"),
        "{err}"
    );
    assert!(
        err.contains("initiatives/02-beta/initiative.toml") && err.contains("field `title.en`"),
        "{err}"
    );
    assert!(
        err.contains("initiative No.2 has no plan text for fiscal year 2025"),
        "{err}"
    );
    assert!(err.contains("02-beta/2025.plan.ja.md"), "{err}");
    assert!(
        err.contains("initiative No.1 has no shortfall text for fiscal year 2024"),
        "{err}"
    );

    let strict = ws.run(&["check", "--strict"]);
    assert_eq!(strict.code, 1);
    assert!(
        strict
            .stderr
            .contains("Check failed: 3 errors, 0 warnings."),
        "{}",
        strict.stderr
    );
}

#[test]
fn messages_in_japanese_with_lang_ja() {
    let ws = Workspace::new("tests/fixtures/basic");
    std::fs::remove_file(ws.path("initiatives/02-beta/2024.progress.ja.md")).unwrap();
    std::fs::remove_file(ws.path("initiatives/02-beta/2024.progress.en.md")).unwrap();
    let run = ws.run(&["check", "--lang", "ja"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("警告: No.2 の令和6年度の取組状況がありません"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("対処: "), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("2 件の取組項目を確認しました（エラー 0 件、警告 1 件）。"),
        "{}",
        run.stdout
    );

    let built = ws.run(&["build", "--lang", "ja"]);
    assert_eq!(built.code, 0);
    assert!(
        built
            .stdout
            .contains("public に 53 ページ、グラフ 4 枚を作成しました"),
        "{}",
        built.stdout
    );
}

#[test]
fn placeholders_of_a_new_initiative_and_unpublishable_explanations_are_reported() {
    let ws = Workspace::new("tests/fixtures/basic");
    let run = ws.run(&["new", "initiative", "03-gamma"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    ws.write("initiatives/02-beta/2024.shortfall.ja.md", "説明。\n");
    let run = ws.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let err = &run.stderr;
    assert!(
        err.contains("warning: `（取組項目名を入力）` is still a placeholder"),
        "{err}"
    );
    assert!(
        err.contains("03-gamma/initiative.toml") && err.contains("field `title.ja`"),
        "{err}"
    );
    assert!(err.contains("03-gamma/2024.progress.ja.md"), "{err}");
    assert!(
        err.contains("but No.2 did not miss its target that year"),
        "{err}"
    );
    assert!(err.contains("02-beta/2024.shortfall.ja.md"), "{err}");
    // Publishing the placeholders is refused with --strict.
    assert_eq!(ws.build(&["--strict"]).code, 1);
}

#[test]
fn content_errors_in_japanese() {
    let ws = Workspace::new("tests/fixtures/basic");
    ws.edit(
        "initiatives/01-alpha/initiative.toml",
        "2026 = { target = 450 }",
        "2027 = { target = 450 }",
    );
    ws.edit("initiatives/02-beta/initiative.toml", "descrip", "descip");
    let run = ws.run(&["check", "--lang", "ja"]);
    assert_eq!(run.code, 1);
    let err = &run.stderr;
    assert!(
        err.contains("エラー: 2027年度は計画期間（2022〜2026年度）の外です"),
        "{err}"
    );
    assert!(err.contains("対処: 年度は西暦の開始年で書きます"), "{err}");
    assert!(
        err.contains("エラー: `desciption` という項目名は使えません"),
        "{err}"
    );
    assert!(
        err.contains("対処: `description` の書き間違いではありませんか？"),
        "{err}"
    );
    assert!(
        err.contains("問題が見つかりました（エラー 2 件、警告 0 件）。"),
        "{err}"
    );
}

/// Problems with folders, files and the theme speak Japanese too under
/// `--lang ja`, with what to do.
#[test]
fn file_and_folder_errors_in_japanese() {
    let ws = Workspace::new("tests/fixtures/basic");
    let run = ws.run(&["build", "--lang", "ja", "--theme", "no-such-theme"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("エラー: テーマのフォルダーがありません"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("対処: --theme に"), "{}", run.stderr);

    let toml =
        ws.read("initiatives/01-alpha/initiative.toml")
            .replacen("number = 1", "number = 9", 1);
    ws.write("initiatives/Bad_Folder/initiative.toml", &toml);
    ws.write(
        "initiatives/01-alpha/2099.progress.ja.md",
        "- 計画期間の外\n",
    );
    let run = ws.run(&["check", "--lang", "ja"]);
    assert_eq!(run.code, 1);
    let err = &run.stderr;
    assert!(
        err.contains(
            "フォルダー名 `Bad_Folder` は小文字の英字 a–z、数字、「-」「_」だけにしてください"
        ),
        "{err}"
    );
    assert!(
        err.contains("2099年度の文章ですが、計画期間（2022〜2026年度）の外です"),
        "{err}"
    );
    assert!(!err.contains("help:"), "{err}");
}

/// The coverage figure counts every text with Japanese and the ones that
/// have English: a missing English title or commentary file lowers it.
#[test]
fn coverage_counts_translated_texts() {
    let ws = crate::common::Workspace::new("tests/fixtures/basic");
    let options = mieruka::check::config::BuildOptions {
        content: ws.content(),
        ..mieruka::check::config::BuildOptions::default()
    };
    let (plan, _) = mieruka::check::check(&options).unwrap();
    let full = mieruka::check::review::coverage(&plan, &ws.content());
    assert!(full.texts > 10, "{full:?}");
    let [en] = full.translated.as_slice() else {
        panic!("one further language: {full:?}")
    };
    assert_eq!(
        (en.lang, en.done),
        (mieruka::base::text::Lang::EN, full.texts)
    );
    assert!(en.missing.is_empty());

    std::fs::remove_file(ws.path("initiatives/01-alpha/2025.plan.en.md")).unwrap();
    ws.edit(
        "initiatives/02-beta/initiative.toml",
        ", en = \"Keeping recurring costs down\"",
        "",
    );
    let (plan, _) = mieruka::check::check(&options).unwrap();
    let less = mieruka::check::review::coverage(&plan, &ws.content());
    assert_eq!(less.texts, full.texts);
    let en = &less.translated[0];
    assert_eq!(en.done, full.texts - 2);
    let missing: Vec<String> = en
        .missing
        .iter()
        .map(|(path, field)| {
            let path = path.strip_prefix(ws.content()).unwrap_or(path);
            format!("{} {field}", path.display()).trim().to_string()
        })
        .collect();
    assert_eq!(
        missing,
        [
            "initiatives/02-beta/initiative.toml title",
            "initiatives/01-alpha/2025.plan.en.md"
        ]
    );
}

/// `check` prints the coverage figure in the user's language.
#[test]
fn check_prints_how_much_is_translated() {
    let ws = Workspace::new("tests/fixtures/basic");
    let full = ws.run(&["check", "--lang", "en"]);
    assert_eq!(full.code, 0, "{}", full.stderr);
    let line = full
        .stdout
        .lines()
        .find(|l| l.starts_with("Translated texts: English "))
        .expect("a coverage line")
        .to_string();
    let figure = line.trim_start_matches("Translated texts: English ");
    let (done, all) = figure.split_once('/').unwrap();
    assert_eq!(done, all, "{line}");
    std::fs::remove_file(ws.path("initiatives/01-alpha/2025.plan.en.md")).unwrap();
    let ja = ws.run(&["check", "--lang", "ja"]);
    assert!(
        ja.stdout.contains(&format!(
            "翻訳済みの文章：英語 {}/{all}",
            all.parse::<usize>().unwrap() - 1
        )),
        "{}",
        ja.stdout
    );
}
