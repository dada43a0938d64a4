//! Bad content gets a clear message (file, line, column, field, what to do),
//! exit code 1, and leaves the previously published site exactly as it was.

use crate::common::{Workspace, snapshot};

/// Builds the good fixture, applies `break_it`, builds again and checks the
/// failure; returns stderr for the case's own assertions.
fn fails(break_it: impl FnOnce(&Workspace)) -> String {
    let ws = Workspace::new("tests/fixtures/basic");
    assert_eq!(ws.build(&[]).code, 0);
    let before = snapshot(&ws.output());
    break_it(&ws);
    let run = ws.build(&[]);
    assert_eq!(
        run.code, 1,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert!(run.stderr.contains("Build failed"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(
        before,
        snapshot(&ws.output()),
        "public/ changed after a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(ws.dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // `check` reports the same problem and exits 1 too.
    let check = ws.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    run.stderr
}

const ALPHA: &str = "initiatives/01-alpha/initiative.toml";

#[test]
fn toml_syntax_error() {
    let err = fails(|ws| ws.edit(ALPHA, "division = \"digital\"", "division = \"digital"));
    assert!(
        err.contains("content/initiatives/01-alpha/initiative.toml:5:"),
        "{err}"
    );
    assert!(err.contains("division = \"digital\n"), "{err}");
    assert!(
        err.contains("the text has no closing double quote"),
        "{err}"
    );
    assert!(
        err.contains("end the text with \" on the same line"),
        "{err}"
    );
}

/// `check --lang ja` of the fixture with one edit: exit code and stderr.
fn check_ja(rel: &str, from: &str, to: &str) -> (i32, String) {
    let ws = Workspace::new("tests/fixtures/basic");
    ws.edit(rel, from, to);
    let run = ws.run(&["check", "--lang", "ja"]);
    (run.code, run.stderr)
}

#[test]
fn toml_syntax_errors_are_said_in_japanese_without_the_parsers_english() {
    for (from, to, said, advice) in [
        (
            "division = \"digital\"",
            "division = \"digital",
            "エラー: 文字列を閉じる引用符「\"」がありません",
            "対処: 文字列は同じ行の中で「\"」で閉じます",
        ),
        (
            "division = \"digital\"",
            "division = digital",
            "エラー: 文字列 `digital` が引用符「\"」で囲まれていません",
            "対処: 文字列は「\"」で囲みます",
        ),
        (
            "number = 1",
            "number = 1\nnumber = 2",
            "エラー: 項目 `number` が二度書かれています",
            "対処: どちらか一方を消すか、名前を直してください",
        ),
        (
            "direction = \"higher\"",
            "direction = \"hihger\"",
            "エラー: `hihger` はここに書ける値ではありません（書けるのは `higher`・`lower`・`milestone` のいずれかです）",
            "対処: `higher` の書き間違いではありませんか？",
        ),
        (
            "number = 1",
            "number = \"1\"",
            "エラー: ここには0以上の整数を書きます（書かれているのは 文字列 \"1\" です）",
            "対処: 引用符を外して 1 と書いてください",
        ),
        (
            "{ target = 46000, actual = 45872 }",
            "{ target = 46000, actual = 45,872 }",
            "エラー: `45,872` を数値として読めません。桁区切りのカンマが入っています",
            "対処: カンマを付けずに actual = 45872 と書いてください",
        ),
        (
            "{ target = 46000, actual = 45872 }",
            "{ target = 46000, actual = ４５８７２ }",
            "エラー: `４５８７２` を数値として読めません。全角の数字で書かれています",
            "対処: 半角数字で actual = 45872 と書いてください",
        ),
    ] {
        let (code, err) = check_ja(ALPHA, from, to);
        assert_eq!(code, 1, "{to}: {err}");
        assert!(err.contains(said), "{to}: {err}");
        assert!(err.contains(advice), "{to}: {err}");
        for english in [
            "invalid",
            "expected",
            "unknown variant",
            "duplicate key",
            "must be quoted",
        ] {
            assert!(
                !err.contains(english),
                "{to}: the parser's English in {err}"
            );
        }
    }
}

#[test]
fn a_reason_without_a_translation_is_quoted_as_the_parsers_own_words() {
    let (code, err) = check_ja(ALPHA, "number = 1", "number = 0x");
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("エラー: TOML の書き方に誤りがあります（TOML 読み取り部の原文: "),
        "{err}"
    );
}

#[test]
fn a_year_written_as_people_write_it_gets_the_gregorian_year_to_write() {
    const SITE: &str = "site.toml";
    for (rel, from, to, said, advice) in [
        (
            SITE,
            "latest_reviewed_year = 2024",
            "latest_reviewed_year = 令和6",
            "`令和6` は年度ではありません（項目 `latest_reviewed_year`）",
            "令和6 ではなく 2024 と書いてください",
        ),
        (
            SITE,
            "latest_reviewed_year = 2024",
            "latest_reviewed_year = 2024年度",
            "`2024年度` は年度ではありません",
            "2024年度 ではなく 2024 と書いてください",
        ),
        (
            SITE,
            "latest_reviewed_year = 2024",
            "latest_reviewed_year = ２０２４",
            "`２０２４` は年度ではありません",
            "２０２４ ではなく 2024 と書いてください",
        ),
        (
            SITE,
            "first_year = 2022",
            "first_year = R4",
            "`R4` は年度ではありません（項目 `first_year`）",
            "R4 ではなく 2022 と書いてください",
        ),
        (
            SITE,
            "first_year = 2022",
            "first_year = \"令和4\"",
            "`令和4` は年度ではありません（項目 `first_year`）",
            "\"令和4\" ではなく 2022 と書いてください",
        ),
        (
            ALPHA,
            "2025 = \"continue\"",
            "令和7 = \"continue\"",
            "`令和7` は年度ではありません",
            "令和7 ではなく 2025 と書いてください",
        ),
        (
            ALPHA,
            "2025 = \"continue\"",
            "\"令和7年度\" = \"continue\"",
            "`令和7年度` は年度ではありません（項目 `schedule.令和7年度`）",
            "\"令和7年度\" ではなく 2025 と書いてください",
        ),
        (
            ALPHA,
            "2025 = { target = 440 }",
            "令和元 = { target = 440 }",
            "`令和元` は年度ではありません",
            "令和元 ではなく 2019 と書いてください",
        ),
        (
            ALPHA,
            "baseline = { year = 2021,",
            "baseline = { year = 令和3,",
            "`令和3` は年度ではありません（項目 `year`）",
            "令和3 ではなく 2021 と書いてください",
        ),
        (
            ALPHA,
            "baseline = { year = 2021,",
            "baseline = { year = H30,",
            "`H30` は年度ではありません（項目 `year`）",
            "H30 ではなく 2018 と書いてください",
        ),
    ] {
        let (code, err) = check_ja(rel, from, to);
        assert_eq!(code, 1, "{to}: {err}");
        assert!(err.contains(said), "{to}: {err}");
        assert!(err.contains(advice), "{to}: {err}");
        assert!(
            !err.contains("引用符「\"」で囲まれていません"),
            "{to}: {err}"
        );
    }
    // In English too, with the era name of the year.
    let ws = Workspace::new("tests/fixtures/basic");
    ws.edit(
        SITE,
        "latest_reviewed_year = 2024",
        "latest_reviewed_year = 令和6",
    );
    let run = ws.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error: `令和6` is not a fiscal year"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("help: write 2024 (令和6年度) instead of 令和6"),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_required_field() {
    let err = fails(|ws| ws.edit(ALPHA, "division = \"digital\"\n", ""));
    assert!(err.contains("missing field `division`"), "{err}");
    assert!(err.contains("01-alpha/initiative.toml:1:1"), "{err}");
    assert!(err.contains("add `division = …`"), "{err}");
}

#[test]
fn misspelt_field_suggests_the_right_name() {
    let err = fails(|ws| ws.edit(ALPHA, "description = {", "descripton = {"));
    assert!(err.contains("unknown field `descripton`"), "{err}");
    assert!(err.contains("01-alpha/initiative.toml:7:1"), "{err}");
    assert!(err.contains("did you mean `description`?"), "{err}");
    // The offending line is shown with a marker.
    assert!(err.contains("7 | descripton = {"), "{err}");
    assert!(err.contains("^^^^^^^^^^"), "{err}");
}

#[test]
fn misspelt_field_in_a_nested_table() {
    let err = fails(|ws| {
        ws.edit(
            ALPHA,
            "2022 = { target = 250, actual = 171 }",
            "2022 = { target = 250, actaul = 171 }",
        )
    });
    assert!(err.contains("unknown field `actaul`"), "{err}");
    assert!(err.contains("did you mean `actual`?"), "{err}");
}

#[test]
fn two_initiatives_with_the_same_number() {
    let err = fails(|ws| {
        ws.edit(
            "initiatives/02-beta/initiative.toml",
            "number = 2",
            "number = 1",
        )
    });
    assert!(err.contains("two initiatives have the number 1"), "{err}");
    assert!(
        err.contains("01-alpha/initiative.toml") && err.contains("02-beta/initiative.toml"),
        "{err}"
    );
}

#[test]
fn fiscal_year_outside_the_plan() {
    let err = fails(|ws| ws.edit(ALPHA, "2026 = { target = 450 }", "2027 = { target = 450 }"));
    assert!(
        err.contains("fiscal year 2027 is outside the plan period 2022–2026"),
        "{err}"
    );
    assert!(err.contains("01-alpha/initiative.toml:30:1"), "{err}");
    assert!(err.contains("indicators[0].years.2027"), "{err}");
}

#[test]
fn target_that_is_not_a_finite_number() {
    let err = fails(|ws| ws.edit(ALPHA, "2025 = { target = 440 }", "2025 = { target = nan }"));
    assert!(
        err.contains("the figure is not a finite number (field `indicators[0].years.2025.target`)"),
        "{err}"
    );
    assert!(err.contains("01-alpha/initiative.toml:29:19"), "{err}");
    assert!(err.contains("nan and inf are not figures"), "{err}");
}

#[test]
fn actual_written_as_text() {
    let err = fails(|ws| ws.edit(ALPHA, "actual = 45872", "actual = \"45,872枚\""));
    assert!(err.contains("expected a number"), "{err}");
    assert!(err.contains("without quotes, units or commas"), "{err}");
    assert!(err.contains("01-alpha/initiative.toml:28:35"), "{err}");
}

#[test]
fn infinite_actual() {
    let err = fails(|ws| ws.edit(ALPHA, "actual = 171", "actual = inf"));
    assert!(
        err.contains("not a finite number (field `indicators[0].years.2022.actual`)"),
        "{err}"
    );
}

#[test]
fn markdown_for_a_year_outside_the_plan() {
    let err = fails(|ws| ws.write("initiatives/01-alpha/2030.progress.ja.md", "text"));
    assert!(err.contains("2030.progress.ja.md"), "{err}");
    assert!(err.contains("outside the plan period"), "{err}");
}

#[test]
fn markdown_for_an_initiative_that_does_not_exist() {
    let err = fails(|ws| ws.write("initiatives/09-ghost/2024.progress.ja.md", "text"));
    assert!(err.contains("09-ghost"), "{err}");
    assert!(err.contains("no initiative.toml"), "{err}");
}

#[test]
fn markdown_file_with_a_wrong_name() {
    let err = fails(|ws| ws.write("initiatives/01-alpha/2024.ja.md", "text"));
    assert!(
        err.contains("2024.ja.md` is not a commentary file name"),
        "{err}"
    );
}

#[test]
fn unknown_division_suggests_the_closest() {
    let err = fails(|ws| ws.edit(ALPHA, "division = \"digital\"", "division = \"digtal\""));
    assert!(err.contains("unknown division `digtal`"), "{err}");
    assert!(err.contains("did you mean `digital`?"), "{err}");
}

#[test]
fn hierarchy_that_site_toml_does_not_have() {
    let err = fails(|ws| ws.edit(ALPHA, "item = 1", "item = 7"));
    assert!(err.contains("has no item 7"), "{err}");
}

#[test]
fn shift_jis_file_is_named_as_such() {
    let err = fails(|ws| {
        std::fs::write(
            ws.path(ALPHA),
            b"number = 1\ntitle = \"\x94\x5c\x94\xfc\"\n",
        )
        .unwrap()
    });
    assert!(err.contains("not UTF-8"), "{err}");
    assert!(err.contains("Shift_JIS"), "{err}");
    assert!(err.contains("save the file as UTF-8"), "{err}");
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let err = fails(|ws| {
        ws.edit(ALPHA, "division = \"digital\"", "division = \"nope\"");
        ws.edit(
            "initiatives/02-beta/initiative.toml",
            "2022 = { target = 90.5",
            "2031 = { target = 90.5",
        );
    });
    assert!(err.contains("unknown division `nope`"), "{err}");
    assert!(err.contains("fiscal year 2031"), "{err}");
    assert!(err.contains("2 errors"), "{err}");
}

#[test]
fn bom_and_crlf_are_read() {
    let ws = Workspace::new("tests/fixtures/basic");
    let text = ws.read(ALPHA).replace('\n', "\r\n");
    std::fs::write(
        ws.path(ALPHA),
        [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
    )
    .unwrap();
    let run = ws.build(&["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        ws.page("initiatives/01-alpha.html")
            .contains("電子申請の拡大")
    );
}

#[test]
fn missing_content_folder() {
    let dir = tempfile::tempdir().unwrap();
    let run = crate::common::run_in(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no site.toml"), "{}", run.stderr);
    assert!(run.stderr.contains("--content"), "{}", run.stderr);
}

#[test]
fn output_folder_that_holds_the_content_is_refused() {
    let ws = Workspace::new("tests/fixtures/basic");
    let run = ws.run(&["build", "--output", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("building would replace it"),
        "{}",
        run.stderr
    );
    assert!(ws.path("site.toml").exists());
}
