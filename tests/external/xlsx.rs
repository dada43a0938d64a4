//! The Excel round trip of the annual review: `mieruka export -o FILE.xlsx`,
//! filled in by another program, `mieruka import FILE.xlsx`.
//!
//! The workbooks are read and filled in by tests/xlsx/fill.py with openpyxl,
//! an implementation independent of the crates mieruka uses. Without python3
//! and openpyxl those tests show as ignored with the reason; under `CI=true`
//! they fail (see `tools`).

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use crate::common::{Workspace, repo, snapshot};
use serde_json::{Value, json};

use crate::test;
use crate::tools::Test;

pub const TESTS: &[Test] = &[
    test!(
        export_writes_a_protected_sheet_with_number_cells_and_validation,
        [Openpyxl]
    ),
    test!(
        cells_filled_in_by_another_program_are_read_as_excel_saved_them,
        [Openpyxl]
    ),
    test!(
        bad_cells_are_named_by_the_row_excel_shows_and_nothing_is_written,
        [Openpyxl]
    ),
    test!(
        a_bad_actual_gives_the_message_of_the_csv_with_the_row_excel_shows,
        [Openpyxl]
    ),
    test!(
        a_workbook_written_from_scratch_with_the_header_in_row_1,
        [Openpyxl]
    ),
    test!(
        a_workbook_without_the_header_is_refused_with_advice,
        [Openpyxl]
    ),
    test!(an_untouched_export_imports_as_no_change, []),
    test!(dry_run_and_a_failed_import_write_nothing, []),
    test!(
        the_change_list_of_a_workbook_is_in_japanese_under_lang_ja,
        []
    ),
    test!(
        the_same_problem_on_many_rows_of_a_workbook_is_one_message,
        []
    ),
    test!(
        the_export_of_another_year_is_refused_with_the_year_to_use,
        []
    ),
    test!(files_that_are_not_workbooks_are_refused_with_what_to_do, []),
    test!(the_output_name_chooses_the_format, []),
];

const HEADER: [&str; 10] = [
    "no",
    "initiative_id",
    "indicator_id",
    "indicator_ja",
    "unit_ja",
    "fiscal_year",
    "target",
    "actual",
    "progress_ja",
    "progress_en",
];

fn path(ws: &Workspace, name: &str) -> PathBuf {
    ws.dir.path().join(name)
}

/// Runs tests/xlsx/fill.py in the workspace; its standard output.
fn fill_py(ws: &Workspace, args: &[&str]) -> String {
    let python = crate::tools::python().expect("a python3 with openpyxl");
    let out = Command::new(python)
        .arg(repo().join("tests/xlsx/fill.py"))
        .args(args)
        .current_dir(ws.dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "fill.py {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn export(ws: &Workspace, year: &str, name: &str) {
    let run = ws.run(&["export", "--year", year, "-o", name]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("Wrote {name}")),
        "{}",
        run.stderr
    );
}

/// Exports YEAR as a workbook, fills in `cells` with openpyxl (see fill.py)
/// and saves it as filled.xlsx.
fn fill_in(ws: &Workspace, year: &str, cells: Value) {
    export(ws, year, "export.xlsx");
    fs::write(path(ws, "cells.json"), cells.to_string()).unwrap();
    fill_py(ws, &["fill", "export.xlsx", "filled.xlsx", "cells.json"]);
}

/// A workbook written from scratch by openpyxl: `rows` from row 1.
fn scratch(ws: &Workspace, name: &str, sheet: &str, rows: Value) {
    let book = json!({ "sheet": sheet, "rows": rows });
    fs::write(path(ws, "book.json"), book.to_string()).unwrap();
    fill_py(ws, &["scratch", name, "book.json"]);
}

fn import(ws: &Workspace, name: &str, year: &str, extra: &[&str]) -> crate::common::Run {
    let mut args = vec!["import", name, "--year", year];
    args.extend_from_slice(extra);
    ws.run(&args)
}

fn assert_all(text: &str, expected: &[&str]) {
    for e in expected {
        assert!(text.contains(e), "missing {e:?} in\n{text}");
    }
}

const ALPHA: &str = "initiatives/01-alpha/initiative.toml";
const BETA: &str = "initiatives/02-beta/initiative.toml";

fn export_writes_a_protected_sheet_with_number_cells_and_validation() {
    let ws = Workspace::new("tests/fixtures/basic");
    export(&ws, "2024", "2024.xlsx");
    let book: Value = serde_json::from_str(&fill_py(&ws, &["inspect", "2024.xlsx"])).unwrap();
    assert_eq!(book["sheets"], json!(["2024年度実績"]));
    let instructions = book["instructions"].as_str().unwrap();
    assert!(
        instructions.starts_with("黄色のセルに令和6年度（2024年度）の実績"),
        "{instructions}"
    );
    // The header is the CSV's, in row 2 below the instructions; both stay in view.
    assert_eq!(book["header_row"], 2);
    assert_eq!(book["header"], json!(HEADER));
    assert_eq!(book["freeze_panes"], "A3");
    // Protected without a password; columns may still be widened.
    assert_eq!(book["protected"], true);
    assert_eq!(book["password"], Value::Null);
    assert_eq!(book["may_resize_columns"], true);

    let rows = book["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    let cell = |row: usize, name: &str| &rows[row]["cells"][name];
    let fill_in = ["actual", "progress_ja", "progress_en"];
    for (r, row) in rows.iter().enumerate() {
        assert_eq!(row["row"], r + 3);
        for name in HEADER {
            let c = cell(r, name);
            let open = fill_in.contains(&name);
            assert_eq!(c["locked"], !open, "row {r} {name}: {c}");
            let colour = if open { "FFFFF2CC" } else { "FFE7E6E6" };
            assert_eq!(c["fill"], colour, "row {r} {name}: {c}");
        }
    }
    // Figures are numbers, shown with the indicator's decimals and unit.
    let procedures = (cell(0, "target"), cell(0, "actual"));
    assert_eq!(
        (&procedures.0["value"], &procedures.0["type"]),
        (&json!(46000), &json!("n"))
    );
    assert_eq!(procedures.0["number_format"], "#,##0\"件\"");
    assert_eq!(procedures.1["value"], 45872);
    assert_eq!(procedures.1["number_format"], "#,##0\"件\"");
    let ratio = (cell(1, "target"), cell(1, "actual"));
    assert_eq!(
        (&ratio.0["value"], &ratio.1["value"]),
        (&json!(90.7), &json!(90.4))
    );
    assert_eq!(ratio.1["number_format"], "#,##0.0\"%\"");
    assert_eq!(cell(0, "no")["value"], 1);
    assert_eq!(cell(0, "fiscal_year")["value"], 2024);
    assert_eq!(cell(0, "unit_ja")["value"], "件");
    assert_eq!(
        cell(0, "progress_ja")["value"],
        "- 電子申請を427件に増やした。"
    );
    // The milestone has no figure in 2024: an empty cell to choose in.
    assert_eq!(cell(2, "actual")["value"], Value::Null);

    let validations = book["validations"].as_array().unwrap();
    let on = |cell: &str| {
        validations
            .iter()
            .find(|v| v["sqref"] == cell)
            .unwrap_or_else(|| panic!("no validation on {cell}: {validations:?}"))
    };
    for numeric in ["H3", "H4"] {
        assert_eq!(on(numeric)["type"], "decimal");
        assert_eq!(on(numeric)["error_title"], "数値を入力してください");
    }
    assert_eq!(
        on("H3")["prompt"],
        "単位（件）は付けずに、数値だけを入力してください。"
    );
    assert_eq!(on("H5")["type"], "list");
    assert_eq!(on("H5")["formula1"], "\"実施,未実施\"");
    assert_eq!(validations.len(), 3);

    // Widths fit Japanese text: 電子申請手続き数 is 8 full-width characters.
    let width = |name: &str| book["widths"][name].as_f64().unwrap();
    assert!(width("indicator_ja") >= 16.0, "{}", book["widths"]);
    assert!(
        width("progress_en") > width("unit_ja"),
        "{}",
        book["widths"]
    );
}

fn cells_filled_in_by_another_program_are_read_as_excel_saved_them() {
    // (procedures, ratio, outsourced) as filled in → what the TOML gets.
    let cases = [
        (
            json!({"as": "number", "value": 452}),
            json!({"as": "number", "value": 89.5}),
            json!({"as": "text", "value": "実施"}),
            ("452", "89.5", "true"),
        ),
        // Numbers typed as text, full-width, with separators.
        (
            json!({"as": "text", "value": "45,872"}),
            json!({"as": "text", "value": "８９．５"}),
            json!({"as": "text", "value": "未実施"}),
            ("45872", "89.5", "false"),
        ),
        // 1.0 is the integer 1 where the figures are integers; 90.0 keeps its
        // decimal where the indicator has decimals (decimals = 1).
        (
            json!({"as": "number", "value": 1.0}),
            json!({"as": "number", "value": 90.0}),
            json!({"as": "bool", "value": true}),
            ("1", "90.0", "true"),
        ),
        // A formula with the result Excel saved; text with spaces keeps its
        // decimal as in a CSV.
        (
            json!({"as": "formula", "value": "=400+52", "cached": 452}),
            json!({"as": "text", "value": "\u{3000}90.0 "}),
            json!({"as": "bool", "value": false}),
            ("452", "90.0", "false"),
        ),
        (
            json!({"as": "text", "value": "４５２"}),
            json!({"as": "text", "value": "90"}),
            json!({"as": "text", "value": "済"}),
            ("452", "90", "true"),
        ),
    ];
    for (procedures, ratio, outsourced, (p, r, o)) in cases {
        let ws = Workspace::new("tests/fixtures/basic");
        let with = |indicator: &str, mut cell: Value| {
            cell["indicator"] = json!(indicator);
            cell["column"] = json!("actual");
            cell
        };
        fill_in(
            &ws,
            "2025",
            json!([
                with("procedures", procedures),
                with("ratio", ratio),
                with("outsourced", outsourced),
                {"indicator": "procedures", "column": "progress_ja", "as": "text",
                 "value": "- 受付を始めた。\n- 窓口①で案内した。"},
            ]),
        );
        let alpha_before = ws.read(ALPHA);
        let beta_before = ws.read(BETA);
        let run = import(&ws, "filled.xlsx", "2025", &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stdout.contains("Imported 4 change(s) into 3 file(s)."),
            "{}",
            run.stdout
        );
        // Exactly the year's line changes; comments and the rest stay.
        assert_eq!(
            ws.read(ALPHA),
            alpha_before.replace(
                "2025 = { target = 440 }\n",
                &format!("2025 = {{ target = 440, actual = {p} }}\n")
            )
        );
        assert_eq!(
            ws.read(BETA),
            beta_before
                .replace(
                    "2024 = { target = 90.7, actual = 90.4 }\n",
                    &format!(
                        "2024 = {{ target = 90.7, actual = 90.4 }}\n2025 = {{ actual = {r} }}\n"
                    )
                )
                .replace(
                    "2022 = { target = true, actual = true }\n",
                    &format!(
                        "2022 = {{ target = true, actual = true }}\n2025 = {{ actual = {o} }}\n"
                    )
                )
        );
        assert_eq!(
            ws.read("initiatives/01-alpha/2025.progress.ja.md"),
            "- 受付を始めた。\n- 窓口①で案内した。\n"
        );
        // The same workbook again finds nothing to do.
        let again = import(&ws, "filled.xlsx", "2025", &[]);
        assert!(
            again.stdout.contains("Imported 0 change(s)"),
            "{}",
            again.stdout
        );
    }
}

fn bad_cells_are_named_by_the_row_excel_shows_and_nothing_is_written() {
    let ws = Workspace::new("tests/fixtures/basic");
    fill_in(
        &ws,
        "2025",
        json!([
            {"indicator": "procedures", "column": "actual", "as": "date", "value": "2025-04-05"},
            {"indicator": "ratio", "column": "actual", "as": "error", "value": "#VALUE!"},
            {"indicator": "outsourced", "column": "actual", "as": "formula_unsaved", "value": "=1=1"},
            {"indicator": "procedures", "column": "progress_ja", "as": "text", "value": "受付を始めた。"},
        ]),
    );
    let before = snapshot(&ws.content());
    let run = import(&ws, "filled.xlsx", "2025", &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_all(
        &run.stderr,
        &[
            "filled.xlsx",
            "row 3: the cell `actual` holds a date or time (2025-04-05), not a number",
            "type the figure again as a plain number",
            "row 4: the cell `actual` shows the error #VALUE!",
            "row 5: the cell `actual` holds the formula `=1=1`, but its result is not saved in the file",
            "open the file in Excel and save it again",
            "Nothing was written",
        ],
    );
    assert_eq!(before, snapshot(&ws.content()));
    let ja = import(&ws, "filled.xlsx", "2025", &["--lang", "ja"]);
    assert_eq!(ja.code, 1);
    assert_all(
        &ja.stderr,
        &[
            "3行目: actual のセルが数値ではなく日付・時刻（2025-04-05）になっています",
            "数値（例：452）を入力し直してください",
            "4行目: actual のセルがエラー（#VALUE!）になっています",
            "5行目: actual のセルの数式 `=1=1` の計算結果がファイルに保存されていません",
            "何も書き込んでいません",
        ],
    );
    assert_eq!(before, snapshot(&ws.content()));
}

fn a_bad_actual_gives_the_message_of_the_csv_with_the_row_excel_shows() {
    let ws = Workspace::new("tests/fixtures/basic");
    fill_in(
        &ws,
        "2025",
        json!([
            {"indicator": "procedures", "column": "actual", "as": "number", "value": 452},
            {"indicator": "ratio", "column": "actual", "as": "text", "value": "89.5%"},
            {"indicator": "outsourced", "column": "actual", "as": "number", "value": 1},
        ]),
    );
    fs::write(
        path(&ws, "filled.csv"),
        format!(
            "{}\r\n1,01-alpha,procedures,,,2025,,452,,\r\n2,02-beta,ratio,,,2025,,89.5%,,\r\n\
             2,02-beta,outsourced,,,2025,,1,,\r\n",
            HEADER.join(",")
        ),
    )
    .unwrap();
    let before = snapshot(&ws.content());
    let messages = [
        "actual `89.5%` for No.2 ratio: not a number",
        "actual `1` for No.2 outsourced: this indicator is a milestone",
    ];
    let xlsx = import(&ws, "filled.xlsx", "2025", &[]);
    let csv = import(&ws, "filled.csv", "2025", &[]);
    assert_eq!((xlsx.code, csv.code), (1, 1));
    // The rows as Excel numbers them: below the instructions and the header
    // in the workbook, below the header in the CSV.
    assert_all(
        &xlsx.stderr,
        &[
            &format!("row 4: {}", messages[0]),
            &format!("row 5: {}", messages[1]),
        ],
    );
    assert_all(
        &csv.stderr,
        &[
            &format!("row 3: {}", messages[0]),
            &format!("row 4: {}", messages[1]),
        ],
    );
    let ja = import(&ws, "filled.xlsx", "2025", &["--lang", "ja"]);
    assert_all(
        &ja.stderr,
        &[
            "4行目: actual の `89.5%` は数値として読めません",
            "5行目: actual の `1` は数値として読めません",
        ],
    );
    assert_eq!(before, snapshot(&ws.content()));
}

fn a_workbook_written_from_scratch_with_the_header_in_row_1() {
    let ws = Workspace::new("tests/fixtures/basic");
    // Only the columns needed, in another order, numbers as number cells.
    scratch(
        &ws,
        "own.xlsx",
        "Sheet",
        json!([
            ["indicator_id", "no", "actual", "fiscal_year", "memo"],
            ["procedures", 1, 448, 2025, "checked"],
            [null, null, null, null, null],
            ["ratio", 2, 89.5, 2025, null],
        ]),
    );
    let run = import(&ws, "own.xlsx", "2025", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Imported 2 change(s) into 2 file(s)."),
        "{}",
        run.stdout
    );
    assert!(
        ws.read(ALPHA)
            .contains("2025 = { target = 440, actual = 448 }\n")
    );
    assert!(ws.read(BETA).contains("2025 = { actual = 89.5 }\n"));

    // Rows are named as Excel numbers them: here the header is row 1.
    scratch(
        &ws,
        "bad.xlsx",
        "実績",
        json!([
            ["no", "indicator_id", "fiscal_year", "actual"],
            [1, "procedures", 2025, 450],
            [2, "nothing", 2025, 1],
            [2, "ratio", 2024, 90],
        ]),
    );
    let before = snapshot(&ws.content());
    let run = import(&ws, "bad.xlsx", "2025", &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_all(
        &run.stderr,
        &[
            "row 3: initiative No.2 has no indicator `nothing`",
            "row 4: fiscal_year 2024 does not match --year 2025",
        ],
    );
    assert!(!run.stderr.contains("row 2:"), "{}", run.stderr);
    assert_eq!(before, snapshot(&ws.content()));
}

fn a_workbook_without_the_header_is_refused_with_advice() {
    let ws = Workspace::new("tests/fixtures/basic");
    scratch(
        &ws,
        "figures.xlsx",
        "Sheet1",
        json!([["電子申請手続き数", 452], ["経常収支比率", 89.5]]),
    );
    let run = import(&ws, "figures.xlsx", "2025", &[]);
    assert_eq!(run.code, 1);
    assert_all(
        &run.stderr,
        &[
            "no sheet of the workbook has the header row of an export (sheets: Sheet1)",
            "mieruka export --year 2025 -o 2025.xlsx",
        ],
    );
    let ja = import(&ws, "figures.xlsx", "2025", &["--lang", "ja"]);
    assert!(
        ja.stderr
            .contains("ブックのどのシートにも見出し行がありません"),
        "{}",
        ja.stderr
    );

    // A header missing a column names it, with the row it is in.
    scratch(
        &ws,
        "short.xlsx",
        "Sheet1",
        json!([
            ["メモ"],
            ["no", "indicator_id", "actual"],
            [1, "procedures", 452]
        ]),
    );
    let run = import(&ws, "short.xlsx", "2025", &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "row 2: the required column `fiscal_year` is missing from the header (sheet Sheet1)"
        ),
        "{}",
        run.stderr
    );
    let ja = import(&ws, "short.xlsx", "2025", &["--lang", "ja"]);
    assert!(
        ja.stderr
            .contains("2行目: 見出し行に必要な列 `fiscal_year` がありません（シート「Sheet1」）"),
        "{}",
        ja.stderr
    );
}

// ------------------------------------------------ without another program

fn an_untouched_export_imports_as_no_change() {
    let ws = Workspace::new("tests/fixtures/basic");
    export(&ws, "2024", "2024.xlsx");
    let bytes = fs::read(path(&ws, "2024.xlsx")).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"), "not a zip archive");
    let before = snapshot(&ws.content());
    for extra in [&[][..], &["--dry-run"][..]] {
        let run = import(&ws, "2024.xlsx", "2024", extra);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.contains(" 0 change(s)"), "{}", run.stdout);
        assert_eq!(before, snapshot(&ws.content()));
    }
}

/// A workbook written here with rust_xlsxwriter: `rows` from row 1.
fn workbook(ws: &Workspace, name: &str, rows: &[&[&str]]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match text.parse::<f64>() {
                Ok(n) => sheet.write_number(r, c, n).unwrap(),
                Err(_) => sheet.write_string(r, c, *text).unwrap(),
            };
        }
    }
    book.save(path(ws, name)).unwrap();
}

fn dry_run_and_a_failed_import_write_nothing() {
    let ws = Workspace::new("tests/fixtures/basic");
    workbook(
        &ws,
        "good.xlsx",
        &[
            &["no", "indicator_id", "fiscal_year", "actual", "progress_ja"],
            &["1", "procedures", "2025", "448", "受付を始めた。"],
        ],
    );
    let before = snapshot(&ws.content());
    let run = import(&ws, "good.xlsx", "2025", &["--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_all(
        &run.stdout,
        &[
            "No.1 procedures FY2025: actual (none) → 448",
            "No.1 FY2025 progress (ja): new text",
            "Dry run: 2 change(s) found, nothing written.",
        ],
    );
    assert_eq!(before, snapshot(&ws.content()));

    // One good row and one bad: nothing at all is written.
    workbook(
        &ws,
        "bad.xlsx",
        &[
            &["no", "indicator_id", "fiscal_year", "actual"],
            &["1", "procedures", "2025", "448"],
            &["2", "ratio", "2025", "abc"],
        ],
    );
    let run = import(&ws, "bad.xlsx", "2025", &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_all(
        &run.stderr,
        &[
            "row 3: actual `abc` for No.2 ratio: not a number",
            "Nothing was written",
        ],
    );
    assert!(!run.stderr.contains("row 2:"), "{}", run.stderr);
    assert_eq!(before, snapshot(&ws.content()));

    // Then the good one goes in.
    let run = import(&ws, "good.xlsx", "2025", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        ws.read(ALPHA)
            .contains("2025 = { target = 440, actual = 448 }\n")
    );
}

fn the_change_list_of_a_workbook_is_in_japanese_under_lang_ja() {
    let ws = Workspace::new("tests/fixtures/basic");
    workbook(
        &ws,
        "good.xlsx",
        &[
            &["no", "indicator_id", "fiscal_year", "actual", "progress_ja"],
            &["1", "procedures", "2025", "448", "受付を始めた。"],
            &["2", "outsourced", "2025", "未実施", ""],
        ],
    );
    let before = snapshot(&ws.content());
    let run = import(&ws, "good.xlsx", "2025", &["--dry-run", "--lang", "ja"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_all(
        &run.stdout,
        &[
            "No.1 procedures 令和7年度：実績 （なし） → 448",
            "No.1 令和7年度 取組状況（日本語）：新しい文章",
            "No.2 outsourced 令和7年度：実績 （なし） → 未実施",
            "注意: 令和7年度（2025年度）は site.toml の latest_reviewed_year = 2024 より後の年度です。",
        ],
    );
    assert!(!run.stdout.contains("FY2025"), "{}", run.stdout);
    assert_eq!(before, snapshot(&ws.content()));
}

fn the_same_problem_on_many_rows_of_a_workbook_is_one_message() {
    let ws = Workspace::new("tests/fixtures/basic");
    workbook(
        &ws,
        "2024.xlsx",
        &[
            &["no", "indicator_id", "fiscal_year", "actual"],
            &["1", "procedures", "2024", "448"],
            &["2", "ratio", "2024", "90.1"],
            &["2", "outsourced", "令和7", "実施"],
        ],
    );
    let before = snapshot(&ws.content());
    let run = import(&ws, "2024.xlsx", "2025", &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_all(
        &run.stderr,
        &[
            "error: rows 2–3: fiscal_year 2024 does not match --year 2025 (2 rows)",
            "error: row 4: fiscal_year `令和7` is not a year",
            "help: write 2025 (令和7年度) instead of 令和7",
            "Import failed: 2 errors",
        ],
    );
    assert_eq!(
        run.stderr.matches("does not match").count(),
        1,
        "{}",
        run.stderr
    );
    let ja = import(&ws, "2024.xlsx", "2025", &["--lang", "ja"]);
    assert_all(
        &ja.stderr,
        &[
            "エラー: 2〜3行目: fiscal_year の 2024 が --year 2025 と一致しません（2 行）",
            "エラー: 4行目: fiscal_year の `令和7` は年度ではありません",
            "対処: 令和7 ではなく 2025 と書いてください",
        ],
    );
    assert_eq!(before, snapshot(&ws.content()));
}

fn the_export_of_another_year_is_refused_with_the_year_to_use() {
    let ws = Workspace::new("tests/fixtures/basic");
    export(&ws, "2024", "2024.xlsx");
    let before = snapshot(&ws.content());
    let run = import(&ws, "2024.xlsx", "2025", &[]);
    assert_eq!(run.code, 1);
    assert_all(
        &run.stderr,
        &[
            "the workbook is the export of FY2024 (sheet 2024年度実績), not of FY2025",
            "import it with --year 2024",
            "mieruka export --year 2025 -o 2025.xlsx",
        ],
    );
    let ja = import(&ws, "2024.xlsx", "2025", &["--lang", "ja"]);
    assert!(
        ja.stderr.contains(
            "このブックは2024年度の書き出し（シート「2024年度実績」）で、2025年度のものではありません"
        ),
        "{}",
        ja.stderr
    );
    assert_eq!(before, snapshot(&ws.content()));
}

fn files_that_are_not_workbooks_are_refused_with_what_to_do() {
    let ws = Workspace::new("tests/fixtures/basic");
    let before = snapshot(&ws.content());
    // A CSV renamed .xlsx.
    fs::write(
        path(&ws, "renamed.xlsx"),
        "no,indicator_id,fiscal_year,actual\r\n",
    )
    .unwrap();
    let run = import(&ws, "renamed.xlsx", "2025", &[]);
    assert_eq!(run.code, 1);
    assert_all(
        &run.stderr,
        &[
            "the file is named .xlsx but is not an Excel workbook",
            "Excel Workbook (*.xlsx)",
        ],
    );
    let ja = import(&ws, "renamed.xlsx", "2025", &["--lang", "ja"]);
    assert!(
        ja.stderr
            .contains("ファイル名は .xlsx ですが、Excel ブック（.xlsx）ではありません"),
        "{}",
        ja.stderr
    );
    // A broken zip archive.
    fs::write(path(&ws, "broken.xlsx"), b"PK\x03\x04not really a workbook").unwrap();
    let run = import(&ws, "broken.xlsx", "2025", &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("the file could not be read as an Excel workbook"),
        "{}",
        run.stderr
    );
    // The old format (or a workbook with a password): the same container.
    let mut cfb = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    cfb.resize(1024, 0);
    fs::write(path(&ws, "old.xls"), cfb).unwrap();
    let run = import(&ws, "old.xls", "2025", &["--lang", "ja"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("Excel 97-2003 ブック（.xls）か、パスワード付きで保存されたブック"),
        "{}",
        run.stderr
    );
    assert_eq!(before, snapshot(&ws.content()));
}

fn the_output_name_chooses_the_format() {
    let ws = Workspace::new("tests/fixtures/basic");
    export(&ws, "2025", "UPPER.XLSX");
    assert!(
        fs::read(path(&ws, "UPPER.XLSX"))
            .unwrap()
            .starts_with(b"PK\x03\x04")
    );
    export(&ws, "2025", "plain.txt");
    assert!(
        fs::read(path(&ws, "plain.txt"))
            .unwrap()
            .starts_with(b"\xEF\xBB\xBFno,")
    );
    let run = ws.run(&["export", "--year", "2025", "-o", "old.xls"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("mieruka writes Excel workbooks as .xlsx (or CSV), not .xls"),
        "{}",
        run.stderr
    );
    assert!(!path(&ws, "old.xls").exists());
    // Without -o: CSV on standard output, as before.
    let run = ws.run(&["export", "--year", "2025"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("\u{feff}no,initiative_id"),
        "{}",
        run.stdout
    );
}
