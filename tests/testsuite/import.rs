//! `mieruka export` / `mieruka import`: the spreadsheet round trip of the annual review.

use std::fs;
use std::path::PathBuf;

use crate::common::{Workspace, snapshot};

const BOM: &[u8] = b"\xEF\xBB\xBF";
const HEADER: &str = "no,initiative_id,indicator_id,indicator_ja,unit_ja,fiscal_year,target,actual,progress_ja,progress_en";

fn csv_path(ws: &Workspace, name: &str) -> PathBuf {
    ws.dir.path().join(name)
}

/// Runs `mieruka export --year YEAR -o export.csv` and returns the bytes.
fn export(ws: &Workspace, year: &str) -> Vec<u8> {
    let run = ws.run(&["export", "--year", year, "-o", "export.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    fs::read(csv_path(ws, "export.csv")).unwrap()
}

/// All rows of a CSV, the header first.
fn rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// Writes rows as a UTF-8 CSV with BOM (what Excel's "CSV UTF-8" saves).
fn write_csv(ws: &Workspace, name: &str, rows: &[Vec<String>]) {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.to_vec());
    for r in rows {
        w.write_record(r).unwrap();
    }
    fs::write(csv_path(ws, name), w.into_inner().unwrap()).unwrap();
}

/// Column index by name in the header row.
fn col(rows: &[Vec<String>], name: &str) -> usize {
    rows[0].iter().position(|c| c == name).unwrap()
}

/// The row of an indicator.
fn row_of(rows: &[Vec<String>], indicator: &str) -> usize {
    let c = col(rows, "indicator_id");
    rows.iter().position(|r| r[c] == indicator).unwrap()
}

fn set(rows: &mut [Vec<String>], indicator: &str, column: &str, value: &str) {
    let (r, c) = (row_of(rows, indicator), col(rows, column));
    rows[r][c] = value.to_string();
}

fn import(ws: &Workspace, name: &str, year: &str, extra: &[&str]) -> crate::common::Run {
    let mut args = vec!["import", name, "--year", year];
    args.extend_from_slice(extra);
    ws.run(&args)
}

/// The office's round trip: export YEAR, fill in `cells` (indicator, column,
/// value) as in Excel, save the sheet as filled.csv and import it with `extra`.
fn fill_in(
    ws: &Workspace,
    year: &str,
    cells: &[(&str, &str, &str)],
    extra: &[&str],
) -> crate::common::Run {
    let mut rows = rows(&export(ws, year));
    for (indicator, column, value) in cells {
        set(&mut rows, indicator, column, value);
    }
    write_csv(ws, "filled.csv", &rows);
    import(ws, "filled.csv", year, extra)
}

/// The table row of a fiscal year on an initiative page.
fn year_row(page: &str, label: &str) -> String {
    page.lines()
        .find(|l| l.contains("<tr><th scope=\"row\">") && l.contains(label))
        .unwrap_or_else(|| panic!("no row for {label}"))
        .to_string()
}

#[test]
fn export_is_a_utf8_csv_with_bom_and_crlf_excel_can_open() {
    let ws = Workspace::new("tests/fixtures/basic");
    let bytes = export(&ws, "2025");
    assert!(bytes.starts_with(BOM), "no byte-order mark");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.starts_with(&format!("{HEADER}\r\n")), "{text}");
    assert!(text.ends_with("\r\n"));
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "every line ends with CRLF"
    );
    let rows = rows(&bytes);
    // One row per indicator: 01-alpha has 1, 02-beta has 2.
    assert_eq!(rows.len(), 1 + 3, "{rows:?}");
    assert!(rows.iter().all(|r| r.len() == 10));
    assert_eq!(
        rows[1],
        [
            "1",
            "01-alpha",
            "procedures",
            "電子申請手続き数",
            "件",
            "2025",
            "440",
            "",
            "",
            ""
        ]
    );
    assert_eq!(rows[2][..3], ["2", "02-beta", "ratio"]);
    assert_eq!(rows[3][..3], ["2", "02-beta", "outsourced"]);
    assert!(rows[1..].iter().all(|r| r[5] == "2025"));
}

#[test]
fn export_shows_what_is_already_in() {
    let ws = Workspace::new("tests/fixtures/basic");
    let rows = rows(&export(&ws, "2024"));
    let procedures = &rows[row_of(&rows, "procedures")];
    assert_eq!(procedures[6..8], ["46000", "45872"]);
    // Commentary is per initiative: on the first row only. A leading space keeps
    // Excel from reading the Markdown list "- …" as a formula.
    assert_eq!(procedures[8], " - 電子申請を427件に増やした。");
    assert_eq!(
        procedures[9],
        " - Online applications grew to 427 procedures."
    );
    let ratio = &rows[row_of(&rows, "ratio")];
    assert_eq!(
        ratio[6..10],
        [
            "90.7",
            "90.4",
            " - 予算説明会を開いた。",
            " - A budget briefing was held."
        ]
    );
    let outsourced = &rows[row_of(&rows, "outsourced")];
    assert_eq!(outsourced[6..8], ["", ""]);
    let rows22 = self::rows(&export(&ws, "2022"));
    assert_eq!(
        rows22[row_of(&rows22, "outsourced")][6..8],
        ["true", "true"]
    );
}

#[test]
fn export_refuses_a_year_outside_the_plan() {
    let ws = Workspace::new("tests/fixtures/basic");
    let run = ws.run(&["export", "--year", "2030"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("fiscal year 2030 is outside the plan period 2022–2026"),
        "{}",
        run.stderr
    );
}

#[test]
fn reimporting_an_untouched_export_changes_nothing() {
    let ws = Workspace::new("tests/fixtures/basic");
    export(&ws, "2024");
    let before = snapshot(&ws.content());
    let run = import(&ws, "export.csv", "2024", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Imported 0 change(s)"),
        "{}",
        run.stdout
    );
    assert_eq!(before, snapshot(&ws.content()));
}

#[test]
fn round_trip_writes_the_actual_and_keeps_the_rest_of_the_toml_byte_for_byte() {
    let ws = Workspace::new("tests/fixtures/basic");
    let toml = "initiatives/01-alpha/initiative.toml";
    // Comments the office wrote must survive.
    ws.edit(
        toml,
        "[indicators.years]\n",
        "# 年度ごとの目標と実績 / targets and actuals\n[indicators.years]\n",
    );
    ws.edit(
        toml,
        "2025 = { target = 440 }",
        "2025 = { target = 440 }  # R7",
    );
    let before = ws.read(toml);

    let run = fill_in(&ws, "2025", &[("procedures", "actual", "448")], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("No.1 procedures FY2025: actual (none) → 448"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Imported 1 change(s) into 1 file(s)."),
        "{}",
        run.stdout
    );

    let after = ws.read(toml);
    let (old, new): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    assert_eq!(old.len(), new.len(), "{after}");
    let differing: Vec<(&str, &str)> = old
        .iter()
        .zip(&new)
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (*a, *b))
        .collect();
    assert_eq!(
        differing,
        [(
            "2025 = { target = 440 }  # R7",
            "2025 = { target = 440, actual = 448 }  # R7"
        )]
    );
    assert_eq!(
        before.replace("440 }  # R7", "440, actual = 448 }  # R7"),
        after
    );

    // Importing the same file again finds nothing to do.
    let again = import(&ws, "filled.csv", "2025", &[]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again.stdout.contains("Imported 0 change(s)"),
        "{}",
        again.stdout
    );

    // The site shows the figure and the status computed from it.
    let build = ws.build(&[]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let ja = year_row(&ws.page("initiatives/01-alpha.html"), "令和7年度");
    assert!(ja.contains("累計448件"), "{ja}");
    assert!(ja.contains("status-achieved"), "{ja}");
    let en = year_row(&ws.page("en/initiatives/01-alpha.html"), "FY2025");
    assert!(en.contains("448"), "{en}");
    assert!(en.contains("status-achieved"), "{en}");
}

#[test]
fn a_missed_target_is_computed_as_not_met() {
    let ws = Workspace::new("tests/fixtures/basic");
    let run = fill_in(&ws, "2025", &[("procedures", "actual", "430")], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(ws.build(&[]).code, 0);
    let ja = year_row(&ws.page("initiatives/01-alpha.html"), "令和7年度");
    assert!(
        ja.contains("累計430件") && ja.contains("status-not_achieved"),
        "{ja}"
    );
}

#[test]
fn crlf_and_bom_in_the_toml_are_kept() {
    let ws = Workspace::new("tests/fixtures/basic");
    let toml = "initiatives/01-alpha/initiative.toml";
    let crlf = format!("\u{feff}{}", ws.read(toml).replace('\n', "\r\n"));
    ws.write(toml, &crlf);
    let run = fill_in(&ws, "2025", &[("procedures", "actual", "448")], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        ws.read(toml),
        crlf.replace(
            "2025 = { target = 440 }\r\n",
            "2025 = { target = 440, actual = 448 }\r\n"
        )
    );
}

#[test]
fn dry_run_lists_the_changes_and_writes_nothing() {
    let ws = Workspace::new("tests/fixtures/basic");
    let before = snapshot(&ws.content());
    let run = fill_in(
        &ws,
        "2025",
        &[
            ("procedures", "actual", "448"),
            ("procedures", "progress_ja", "受付を始めた。"),
        ],
        &["--dry-run"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("No.1 procedures FY2025: actual (none) → 448"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("No.1 FY2025 progress (ja): new text"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Dry run: 2 change(s) found, nothing written."),
        "{}",
        run.stdout
    );
    // 2025 is not yet marked as reviewed in site.toml: the office is told so.
    assert!(
        run.stdout
            .contains("Note: FY2025 is after latest_reviewed_year = 2024 in site.toml"),
        "{}",
        run.stdout
    );
    assert_eq!(before, snapshot(&ws.content()));
}

#[test]
fn shift_jis_csv_from_japanese_excel_imports_commentary_and_milestones() {
    let ws = Workspace::new("tests/fixtures/basic");
    // What Excel saves as "CSV (comma delimited)" on a Japanese PC: CP932, CRLF,
    // a line break inside a cell as LF; columns rearranged and one extra column.
    let text = "備考,no,indicator_id,fiscal_year,actual,progress_ja,progress_en\r\n\
                ,1,procedures,2025,\"４５，８７２\",\"- 電子申請を拡大した。\r\n- 窓口①で案内した。\",\"- Expanded online applications.\"\r\n\
                確認済,2,outsourced,2025,実施,,\r\n\
                ,2,ratio,2025,,,\r\n";
    let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&sjis).is_err(),
        "the test file must not be UTF-8"
    );
    fs::write(csv_path(&ws, "sjis.csv"), &sjis).unwrap();

    let run = import(&ws, "sjis.csv", "2025", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Imported 4 change(s) into 4 file(s)."),
        "{}",
        run.stdout
    );
    assert_eq!(
        ws.read("initiatives/01-alpha/2025.progress.ja.md"),
        "- 電子申請を拡大した。\n- 窓口①で案内した。\n"
    );
    assert_eq!(
        ws.read("initiatives/01-alpha/2025.progress.en.md"),
        "- Expanded online applications.\n"
    );
    let alpha = ws.read("initiatives/01-alpha/initiative.toml");
    assert!(
        alpha.contains("2025 = { target = 440, actual = 45872 }\n"),
        "{alpha}"
    );
    let beta = ws.read("initiatives/02-beta/initiative.toml");
    assert!(
        beta.ends_with("2022 = { target = true, actual = true }\n2025 = { actual = true }\n"),
        "{beta}"
    );

    // An actual after latest_reviewed_year (2024) is only a warning; once the
    // year is declared reviewed, that warning goes (the review still reminds
    // the office of next year's plans, which this CSV does not carry).
    let build = ws.build(&[]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(
        build.stderr.contains("after the latest reviewed year"),
        "{}",
        build.stderr
    );
    ws.edit(
        "site.toml",
        "latest_reviewed_year = 2024",
        "latest_reviewed_year = 2025",
    );
    let build = ws.build(&[]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(
        !build.stderr.contains("after the latest reviewed year"),
        "{}",
        build.stderr
    );
    let page = ws.page("initiatives/01-alpha.html");
    assert!(
        page.contains("窓口①で案内した。"),
        "commentary not on the page"
    );
}

#[test]
fn every_invalid_row_is_named_and_nothing_is_written() {
    let ws = Workspace::new("tests/fixtures/basic");
    let text = format!(
        "{HEADER}\r\n\
         1,01-alpha,procedures,電子申請手続き数,件,2025,440,448,とても良い,\r\n\
         99,99-nothing,procedures,,,2025,,5,,\r\n\
         2,02-beta,ratio,,,2025,,abc,,\r\n\
         2,02-beta,ratio,,,2024,,1.2.3,,\r\n\
         1,01-alpha,procedures,,,2025,,449,,\r\n\
         2,02-beta,nothing,,,2025,,1,,\r\n\
         2,02-beta,outsourced,,,2025,,42,,\r\n\
         ,,,,,,,,,\r\n\
         2,02-beta,ratio,,,2099,,nan,,\r\n"
    );
    fs::write(csv_path(&ws, "bad.csv"), text).unwrap();
    let before = snapshot(&ws.content());
    let run = import(&ws, "bad.csv", "2025", &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    for expected in [
        "bad.csv",
        "row 3: initiative No.99 does not exist",
        "row 4: actual `abc` for No.2 ratio: not a number",
        "row 5: fiscal_year 2024 does not match --year 2025",
        "row 5: actual `1.2.3` for No.2 ratio: a number has at most one decimal point",
        "row 6: No.1 procedures appears again (first on row 2)",
        "row 7: initiative No.2 has no indicator `nothing`",
        "row 8: actual `42` for No.2 outsourced: this indicator is a milestone",
        "row 10: fiscal_year 2099 is outside the plan period 2022–2026",
        "row 10: actual `nan` for No.2 ratio: not a number",
        "Nothing was written",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?} in\n{}",
            run.stderr
        );
    }
    // Row 2 is valid, but nothing at all is written while any row is wrong.
    assert!(!run.stderr.contains("row 2:"), "{}", run.stderr);
    assert!(!run.stderr.contains("row 9:"), "an empty row is skipped");
    assert_eq!(before, snapshot(&ws.content()));
    assert!(run.stdout.is_empty(), "{}", run.stdout);

    // The same, for the office, in Japanese.
    let ja = import(&ws, "bad.csv", "2025", &["--lang", "ja"]);
    assert_eq!(ja.code, 1);
    for expected in [
        "3行目: 取組項目 No.99 はありません",
        "4行目: actual の `abc` は数値として読めません",
        "5行目: fiscal_year の 2024 が --year 2025 と一致しません",
        "6行目: No.1 procedures の行が重複しています",
        "7行目: 取組項目 No.2 に指標 `nothing` はありません",
        "10行目: 2099年度は計画期間（2022〜2026）の外です",
        "取り込めませんでした",
    ] {
        assert!(
            ja.stderr.contains(expected),
            "missing {expected:?} in\n{}",
            ja.stderr
        );
    }
}

#[test]
fn rows_are_named_as_excel_numbers_them_even_after_a_cell_with_line_breaks() {
    let ws = Workspace::new("tests/fixtures/basic");
    let text = format!(
        "{HEADER}\r\n\
         1,01-alpha,procedures,,,2025,,448,\"一行目\n二行目\",\r\n\
         2,02-beta,ratio,,,2025,,x,,\r\n\
         2,02-beta,outsourced,,,2025,,,,Only English\r\n"
    );
    fs::write(csv_path(&ws, "multi.csv"), text).unwrap();
    let before = snapshot(&ws.content());
    let run = import(&ws, "multi.csv", "2025", &[]);
    assert_eq!(run.code, 1);
    for expected in [
        "row 3 (line 4): actual `x` for No.2 ratio: not a number",
        "row 4 (line 5): No.2 has progress_en but no Japanese progress",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?} in\n{}",
            run.stderr
        );
    }
    assert_eq!(before, snapshot(&ws.content()));
    let ja = import(&ws, "multi.csv", "2025", &["--lang", "ja"]);
    for expected in [
        "3行目（4行）: actual の `x` は数値として読めません",
        "4行目（5行）: No.2 の2025年度に progress_en はありますが、日本語の progress_ja がありません",
    ] {
        assert!(
            ja.stderr.contains(expected),
            "missing {expected:?} in\n{}",
            ja.stderr
        );
    }
}

#[test]
fn two_rows_of_one_initiative_with_different_commentary_are_refused() {
    let ws = Workspace::new("tests/fixtures/basic");
    let text = format!(
        "{HEADER}\r\n\
         2,02-beta,ratio,,,2025,,,窓口を案内した。,\r\n\
         2,02-beta,outsourced,,,2025,,,別の文章。,\r\n"
    );
    fs::write(csv_path(&ws, "two.csv"), text).unwrap();
    let before = snapshot(&ws.content());
    let run = import(&ws, "two.csv", "2025", &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("row 3: progress_ja of No.2 differs from the one on row 2"),
        "{}",
        run.stderr
    );
    let ja = import(&ws, "two.csv", "2025", &["--lang", "ja"]);
    assert!(
        ja.stderr
            .contains("3行目: No.2 の progress_ja が 2行目 のものと違います"),
        "{}",
        ja.stderr
    );
    assert_eq!(before, snapshot(&ws.content()));
}

#[test]
fn thousands_separators_full_width_digits_and_spaces_are_read() {
    for (procedures, ratio, written_p, written_r) in [
        (" 45,872 ", "８９．５", "45872", "89.5"),
        ("４５８７２", "　90.0　", "45872", "90.0"),
    ] {
        let ws = Workspace::new("tests/fixtures/basic");
        let run = fill_in(
            &ws,
            "2025",
            &[
                ("procedures", "actual", procedures),
                ("ratio", "actual", ratio),
            ],
            &[],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let alpha = ws.read("initiatives/01-alpha/initiative.toml");
        assert!(
            alpha.contains(&format!(
                "2025 = {{ target = 440, actual = {written_p} }}\n"
            )),
            "{alpha}"
        );
        // The year had no entry: it is added after 2024, in order.
        let beta = ws.read("initiatives/02-beta/initiative.toml");
        assert!(
            beta.contains(&format!(
                "2024 = {{ target = 90.7, actual = 90.4 }}\n2025 = {{ actual = {written_r} }}\n"
            )),
            "{beta}"
        );
    }
}

#[test]
fn lf_csv_without_bom_is_read_too() {
    let ws = Workspace::new("tests/fixtures/basic");
    let text = "no,indicator_id,fiscal_year,actual\n1,procedures,2025,448\n";
    fs::write(csv_path(&ws, "plain.csv"), text).unwrap();
    let run = import(&ws, "plain.csv", "2025", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        ws.read("initiatives/01-alpha/initiative.toml")
            .contains("actual = 448 }")
    );
}

#[test]
fn a_missing_column_is_named() {
    let ws = Workspace::new("tests/fixtures/basic");
    fs::write(
        csv_path(&ws, "cols.csv"),
        "no,indicator_id,year,value\n1,procedures,2025,448\n",
    )
    .unwrap();
    let run = import(&ws, "cols.csv", "2025", &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("the required column `fiscal_year` is missing"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("the required column `actual` is missing"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_encoding_is_refused_with_advice() {
    let ws = Workspace::new("tests/fixtures/basic");
    let mut bytes = b"no,indicator_id,fiscal_year,actual\r\n1,procedures,2025,".to_vec();
    bytes.extend_from_slice(b"\x82\xa0\xff\xfd\r\n");
    fs::write(csv_path(&ws, "odd.csv"), bytes).unwrap();
    let before = snapshot(&ws.content());
    let run = import(&ws, "odd.csv", "2025", &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("could not be recognised"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("CSV UTF-8"), "{}", run.stderr);
    assert_eq!(before, snapshot(&ws.content()));
}

#[test]
fn import_refuses_a_year_outside_the_plan() {
    let ws = Workspace::new("tests/fixtures/basic");
    export(&ws, "2025");
    let run = import(&ws, "export.csv", "2021", &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("outside the plan period"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_change_list_is_in_japanese_under_lang_ja() {
    let ws = Workspace::new("tests/fixtures/basic");
    let before = snapshot(&ws.content());
    let run = fill_in(
        &ws,
        "2025",
        &[
            ("procedures", "actual", "448"),
            ("procedures", "progress_ja", "受付を始めた。"),
            ("procedures", "progress_en", "Started."),
            ("outsourced", "actual", "実施"),
        ],
        &["--dry-run", "--lang", "ja"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for line in [
        "No.1 procedures 令和7年度：実績 （なし） → 448",
        "No.1 令和7年度 取組状況（日本語）：新しい文章",
        "No.1 令和7年度 取組状況（英語）：新しい文章",
        "No.2 outsourced 令和7年度：実績 （なし） → 実施",
        "注意: 令和7年度（2025年度）は site.toml の latest_reviewed_year = 2024 より後の年度です。\
         site.toml で latest_reviewed_year = 2025 にすると、サイトにこの年度の実績が表示されます。",
        "確認のみ（--dry-run）: 変更 4 件。何も書き込んでいません。",
    ] {
        assert!(
            run.stdout.lines().any(|l| l == line),
            "missing {line:?} in\n{}",
            run.stdout
        );
    }
    for english in [
        "FY2025", "actual", "progress", "(none)", "new text", "Note:",
    ] {
        assert!(
            !run.stdout.contains(english),
            "{english:?} in\n{}",
            run.stdout
        );
    }
    assert_eq!(before, snapshot(&ws.content()));
}

#[test]
fn a_figure_in_the_reports_own_words_is_named_in_japanese_too() {
    let ws = Workspace::new("tests/fixtures/basic");
    ws.edit(
        "initiatives/01-alpha/initiative.toml",
        "2024 = { target = 46000, actual = 45872 }",
        "2024 = { target = 46000, actual = 45872, actual_text = { ja = \"約4.6万件\" } }",
    );
    let cells = [("procedures", "actual", "45900")];
    let ja = fill_in(&ws, "2024", &cells, &["--dry-run", "--lang", "ja"]);
    assert_eq!(ja.code, 0, "{}", ja.stderr);
    assert!(
        ja.stdout.contains(
            "No.1 procedures 令和6年度：実績 45872 → 45900\
             （actual_text は「約4.6万件」のままです。initiative.toml で書き直してください）"
        ),
        "{}",
        ja.stdout
    );
    let en = fill_in(&ws, "2024", &cells, &["--dry-run"]);
    assert!(
        en.stdout.contains(
            "No.1 procedures FY2024: actual 45872 → 45900 \
             (actual_text still reads \"約4.6万件\": update it in initiative.toml)"
        ),
        "{}",
        en.stdout
    );
}

#[test]
fn a_wrong_year_is_one_message_naming_the_rows() {
    let ws = Workspace::new("tests/fixtures/basic");
    export(&ws, "2025");
    let before = snapshot(&ws.content());
    // The 2025 export (rows 2–4) imported as 2024.
    let run = import(&ws, "export.csv", "2024", &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("error: rows 2–4: fiscal_year 2025 does not match --year 2024 (3 rows)"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("does not match").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("Import failed: 1 error"),
        "{}",
        run.stderr
    );
    // No source line (a whole row) under a message of several rows.
    assert!(!run.stderr.contains('^'), "{}", run.stderr);
    assert!(
        run.stderr.contains("import this file with --year 2025"),
        "{}",
        run.stderr
    );
    let ja = import(&ws, "export.csv", "2024", &["--lang", "ja"]);
    assert_eq!(ja.code, 1);
    assert!(
        ja.stderr.contains(
            "エラー: 2〜4行目: fiscal_year の 2025 が --year 2024 と一致しません（3 行）"
        ),
        "{}",
        ja.stderr
    );
    assert!(
        ja.stderr
            .contains("このファイルを --year 2025 で取り込んでください"),
        "{}",
        ja.stderr
    );
    assert_eq!(before, snapshot(&ws.content()));

    // Rows that are not next to each other are listed; a problem of one row
    // keeps its row and its line.
    let mut rows = rows(&export(&ws, "2025"));
    let fy = col(&rows, "fiscal_year");
    rows[1][fy] = "2024".into();
    rows[3][fy] = "2024".into();
    let actual = col(&rows, "actual");
    rows[2][actual] = "abc".into();
    write_csv(&ws, "mixed.csv", &rows);
    let run = import(&ws, "mixed.csv", "2025", &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: rows 2, 4: fiscal_year 2024 does not match --year 2025 (2 rows)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("mixed.csv:3:1"),
        "the one-row problem keeps its line: {}",
        run.stderr
    );
    let ja = import(&ws, "mixed.csv", "2025", &["--lang", "ja"]);
    assert!(
        ja.stderr
            .contains("2、4行目: fiscal_year の 2024 が --year 2025 と一致しません（2 行）"),
        "{}",
        ja.stderr
    );
    assert_eq!(before, snapshot(&ws.content()));
}

#[test]
fn a_fiscal_year_written_as_an_era_year_gets_the_gregorian_year() {
    let ws = Workspace::new("tests/fixtures/basic");
    let before = snapshot(&ws.content());
    let mut rows = rows(&export(&ws, "2025"));
    let fy = col(&rows, "fiscal_year");
    rows[1][fy] = "令和7".into();
    rows[2][fy] = "2025年度".into();
    rows[3][fy] = "R7".into();
    write_csv(&ws, "era.csv", &rows);
    let run = import(&ws, "era.csv", "2025", &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    for expected in [
        "row 2: fiscal_year `令和7` is not a year",
        "help: write 2025 (令和7年度) instead of 令和7",
        "row 3: fiscal_year `2025年度` is not a year",
        "help: write 2025 (令和7年度) instead of 2025年度",
        "row 4: fiscal_year `R7` is not a year",
        "help: write 2025 (令和7年度) instead of R7",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?} in\n{}",
            run.stderr
        );
    }
    let ja = import(&ws, "era.csv", "2025", &["--lang", "ja"]);
    for expected in [
        "2行目: fiscal_year の `令和7` は年度ではありません",
        "対処: 令和7 ではなく 2025 と書いてください",
        "対処: 2025年度 ではなく 2025 と書いてください",
        "対処: R7 ではなく 2025 と書いてください",
    ] {
        assert!(
            ja.stderr.contains(expected),
            "missing {expected:?} in\n{}",
            ja.stderr
        );
    }
    // The same era year on every row is one message.
    for row in rows.iter_mut().skip(1) {
        row[fy] = "令和7".into();
    }
    write_csv(&ws, "era.csv", &rows);
    let run = import(&ws, "era.csv", "2025", &["--lang", "ja"]);
    assert!(
        run.stderr
            .contains("エラー: 2〜4行目: fiscal_year の `令和7` は年度ではありません（3 行）"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("エラー:").count(), 1, "{}", run.stderr);
    assert_eq!(before, snapshot(&ws.content()));
}
