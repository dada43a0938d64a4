//! The Excel workbook of an export: writing it (rust_xlsxwriter), and reading
//! a filled-in one back into a [`Table`] (calamine) for the same row checks
//! as a CSV.
//!
//! The sheet `2025年度実績` has a line of instructions in row 1, the header
//! (the CSV's, [`HEADER`]) in row 2, frozen with the row above, and one row per
//! indicator from row 3. Figures are number cells whose format shows the
//! indicator's decimals and unit (`440件`, `90.7%`). The sheet is protected
//! without a password: only the yellow cells (`actual`, `progress_ja`,
//! `progress_en`) can be changed; Review (校閲) → Unprotect Sheet (シート保護の
//! 解除) lifts it. `actual` accepts decimal numbers, or 実施 / 未実施 from a
//! list for a milestone.
//!
//! Reading takes the sheet named for the year or else the one sheet with a
//! header row, finds the header among the first rows, and turns each cell
//! into a [`Cell`] as Excel saved it: numbers (a formula's saved result too),
//! text (`"452"` typed as text is read like a CSV cell), TRUE / FALSE, and
//! dates, errors (`#VALUE!`) and formulas without a saved result, which the
//! row checks report. Rows are named by the row numbers Excel shows.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader as _, SheetType, Xlsx};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatAlign, FormatBorder,
    ProtectionOptions, Workbook, XlsxError,
};

use super::rows::MAX_FIGURE;
use super::sheet::{Cell, ExportRow, HEADER, RowAt, Table, TableRow, Unusable, header_columns};
use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::text::{Lang, format_number, year_label};
use crate::model::{Direction, Figure, Indicator};

/// The name of the sheet of `year`.
pub(super) fn sheet_name(year: i32) -> String {
    format!("{year}年度実績")
}

/// Rows above the header (the instructions).
const HEADER_ROW: u32 = 1;
/// How far down the header of a workbook is looked for.
const HEADER_SEARCH_ROWS: u32 = 20;
/// More cells than this is not a spreadsheet of actuals.
const MAX_CELLS: usize = 1_000_000;

/// Read-only cells: grey. Cells to fill in: yellow (the instructions say so).
const GREY: u32 = 0xE7E6E6;
const HEADER_GREY: u32 = 0xBFBFBF;
const YELLOW: u32 = 0xFFF2CC;

const DONE: &str = "実施";
const NOT_DONE: &str = "未実施";

// ------------------------------------------------------------------ writing

/// The workbook of an export (see the module doc).
pub(super) fn write(rows: &[ExportRow], year: i32) -> Result<Vec<u8>, Diagnostics> {
    build(rows, year).map_err(|e| {
        Diagnostic::error(format!("could not write the workbook: {e}"))
            .ja(format!("Excel ブックを書き出せませんでした（{e}）"))
            .into()
    })
}

/// The cell formats of the sheet.
struct Formats {
    instructions: Format,
    header: Format,
    locked_text: Format,
    locked_wrapped: Format,
    locked_integer: Format,
    fill_word: Format,
    fill_text: Format,
}

/// A cell of the table: thin grey borders, text at the top.
fn base() -> Format {
    Format::new()
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xA6A6A6))
        .set_align(FormatAlign::Top)
}

/// A cell that cannot be changed: grey.
fn locked() -> Format {
    base().set_background_color(Color::RGB(GREY))
}

/// A cell to fill in: unlocked, yellow.
fn fill(format: Format) -> Format {
    format
        .set_unlocked()
        .set_background_color(Color::RGB(YELLOW))
}

impl Formats {
    fn new() -> Formats {
        Formats {
            instructions: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            header: base()
                .set_bold()
                .set_background_color(Color::RGB(HEADER_GREY)),
            locked_text: locked(),
            locked_wrapped: locked().set_text_wrap(),
            locked_integer: locked().set_num_format("0"),
            fill_word: fill(base()),
            fill_text: fill(base()).set_text_wrap(),
        }
    }
}

/// The number format of an indicator's figures, with its decimals and its
/// unit: `#,##0"件"`, `#,##0.0"%"`.
fn figure_format(indicator: &Indicator, cell: Format) -> Format {
    let decimals = figure_decimals(indicator);
    let mut code = String::from("#,##0");
    if decimals > 0 {
        code.push('.');
        code.push_str(&"0".repeat(usize::from(decimals)));
    }
    let unit = unit_ja(indicator);
    // A unit with a quote cannot stand in the format; the unit column has it anyway.
    if !unit.is_empty() && !unit.contains('"') {
        code.push_str(&format!("\"{}{unit}\"", unit_gap(unit)));
    }
    cell.set_num_format(code)
}

fn unit_ja(indicator: &Indicator) -> &str {
    indicator.unit.as_ref().map_or("", |u| u.ja.as_str())
}

/// `440件`, `90.7%`, but `12 km`.
fn unit_gap(unit: &str) -> &'static str {
    if unit.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        " "
    } else {
        ""
    }
}

/// The decimals an indicator's figures are shown with: its `decimals`, else
/// as many as its figures have (at most 6).
fn figure_decimals(indicator: &Indicator) -> u8 {
    indicator.decimals.unwrap_or_else(|| {
        let places = |f: Option<Figure>| match f {
            Some(Figure::Number(n)) => format!("{n}").split_once('.').map_or(0, |(_, f)| f.len()),
            _ => 0,
        };
        indicator
            .years
            .iter()
            .map(|(_, y)| places(y.target).max(places(y.actual)))
            .max()
            .unwrap_or(0)
            .min(6) as u8
    })
}

/// A figure as the cell shows it, for the column width.
fn figure_shown(indicator: &Indicator, f: Figure) -> String {
    match f {
        Figure::Number(n) => {
            let unit = unit_ja(indicator);
            format!(
                "{}{}{unit}",
                format_number(n, Some(figure_decimals(indicator))),
                unit_gap(unit)
            )
        }
        Figure::Done(b) => done_word(b).to_string(),
    }
}

fn done_word(done: bool) -> &'static str {
    if done { DONE } else { NOT_DONE }
}

/// Columns of [`HEADER`] by name.
fn column(name: &str) -> u16 {
    HEADER
        .iter()
        .position(|h| *h == name)
        .expect("a column of HEADER") as u16
}

fn build(rows: &[ExportRow], year: i32) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name(year))?;

    // Widths in characters, a full-width character counting as two.
    let mut widths: Vec<usize> = HEADER.iter().map(|h| display_width(h)).collect();
    let mut widen = |col: u16, text: &str| {
        let w = &mut widths[usize::from(col)];
        *w = (*w).max(display_width(text));
    };

    let instructions = format!(
        "黄色のセルに{}の実績（actual）を入力してください。数値だけを入力し、単位は付けません。\
         実施の有無は一覧から 実施 / 未実施 を選びます。取組状況の文章（progress_ja / progress_en）は任意です。\
         灰色のセルは変更できません。入力後は Excel ブック（*.xlsx）のまま保存して取り込みます。",
        year_label(year, Lang::JA)
    );
    let last_col = (HEADER.len() - 1) as u16;
    sheet.merge_range(0, 0, 0, last_col, &instructions, &formats.instructions)?;
    sheet.set_row_height(0, 48)?;
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, c as u16, *h, &formats.header)?;
    }

    let (c_no, c_initiative, c_indicator, c_name, c_unit, c_year, c_target, c_actual) = (
        column("no"),
        column("initiative_id"),
        column("indicator_id"),
        column("indicator_ja"),
        column("unit_ja"),
        column("fiscal_year"),
        column("target"),
        column("actual"),
    );
    let (c_progress_ja, c_progress_en) = (column("progress_ja"), column("progress_en"));
    // The wrapped texts of each row, for its height.
    let mut texts_of_row: Vec<(u32, [(u16, &str); 3])> = Vec::new();
    for (n, r) in rows.iter().enumerate() {
        let row = HEADER_ROW + 1 + n as u32;
        let ind = r.indicator;
        let milestone = ind.direction == Direction::Milestone;
        sheet.write_number_with_format(
            row,
            c_no,
            f64::from(r.initiative.number),
            &formats.locked_integer,
        )?;
        widen(c_no, &r.initiative.number.to_string());
        for (col, text) in [
            (c_initiative, r.initiative.id.as_str()),
            (c_indicator, ind.id.as_str()),
            (c_name, ind.name.ja.as_str()),
            (c_unit, unit_ja(ind)),
        ] {
            let format = if col == c_name {
                &formats.locked_wrapped
            } else {
                &formats.locked_text
            };
            sheet.write_string_with_format(row, col, text, format)?;
            widen(col, text);
        }
        sheet.write_number_with_format(row, c_year, f64::from(year), &formats.locked_integer)?;
        let locked_figure = figure_format(ind, locked());
        let fill_figure = figure_format(ind, fill(base()));
        let fill_word = &formats.fill_word;
        match r.target {
            Some(Figure::Number(t)) => {
                sheet.write_number_with_format(row, c_target, t, &locked_figure)?;
            }
            Some(Figure::Done(b)) => {
                sheet.write_string_with_format(
                    row,
                    c_target,
                    done_word(b),
                    &formats.locked_text,
                )?;
            }
            None => {
                sheet.write_blank(row, c_target, &formats.locked_text)?;
            }
        }
        match (r.actual, milestone) {
            (Some(Figure::Number(a)), _) => {
                sheet.write_number_with_format(row, c_actual, a, &fill_figure)?;
            }
            (Some(Figure::Done(b)), _) => {
                sheet.write_string_with_format(row, c_actual, done_word(b), fill_word)?;
            }
            (None, true) => {
                sheet.write_blank(row, c_actual, fill_word)?;
            }
            (None, false) => {
                sheet.write_blank(row, c_actual, &fill_figure)?;
            }
        }
        for (col, f) in [(c_target, r.target), (c_actual, r.actual)] {
            if let Some(f) = f {
                widen(col, &figure_shown(ind, f));
            }
        }
        sheet.add_data_validation(row, c_actual, row, c_actual, &actual_validation(ind)?)?;
        for (col, text) in [
            (c_progress_ja, &r.progress_ja),
            (c_progress_en, &r.progress_en),
        ] {
            if text.is_empty() {
                sheet.write_blank(row, col, &formats.fill_text)?;
            } else {
                sheet.write_string_with_format(row, col, text, &formats.fill_text)?;
                widen(col, text);
            }
        }
        texts_of_row.push((
            row,
            [
                (c_name, ind.name.ja.as_str()),
                (c_progress_ja, &r.progress_ja),
                (c_progress_en, &r.progress_en),
            ],
        ));
    }

    // Room for the figures to be typed; long names and commentary wrap.
    let max = |col: u16| match col {
        c if c == c_name => 40,
        c if c == c_progress_ja || c == c_progress_en => 60,
        _ => 30,
    };
    // The actual is typed where the target is shown: at least as wide.
    widths[usize::from(c_actual)] =
        widths[usize::from(c_actual)].max(widths[usize::from(c_target)]);
    let mut column_width = Vec::new();
    for (c, w) in widths.iter().enumerate() {
        let col = c as u16;
        let min = match col {
            c if c == c_progress_ja || c == c_progress_en => 24,
            c if c == c_actual => 14,
            _ => 4,
        };
        let width = (*w + 2).clamp(min, max(col));
        column_width.push(width);
        sheet.set_column_width(col, width as f64)?;
    }
    for (row, texts) in texts_of_row {
        let lines = texts
            .iter()
            .map(|(col, text)| wrapped_lines(text, column_width[usize::from(*col)]))
            .max()
            .unwrap_or(1);
        if lines > 1 {
            sheet.set_row_height(row, (15 * lines.min(20)) as f64)?;
        }
    }

    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    sheet.set_selection(HEADER_ROW + 1, c_actual, HEADER_ROW + 1, c_actual)?;
    sheet.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    // A4, as Japanese offices print.
    sheet.set_paper_size(9);
    workbook.save_to_buffer()
}

/// What `actual` accepts: a decimal number, or 実施 / 未実施 for a milestone.
fn actual_validation(indicator: &Indicator) -> Result<DataValidation, XlsxError> {
    if indicator.direction == Direction::Milestone {
        return DataValidation::new()
            .allow_list_strings(&[DONE, NOT_DONE])?
            .set_input_title("実績の入力")?
            .set_input_message("実施したかどうかを一覧から選んでください（実施 / 未実施）。")?
            .set_error_title("一覧から選んでください")?
            .set_error_message("実施 か 未実施 を一覧から選んでください。");
    }
    let unit = unit_ja(indicator);
    let input = if unit.is_empty() {
        "数値だけを入力してください。".to_string()
    } else {
        format!("単位（{unit}）は付けずに、数値だけを入力してください。")
    };
    let validation = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(-MAX_FIGURE, MAX_FIGURE))
        .set_input_title("実績の入力")?
        .set_error_title("数値を入力してください")?
        .set_error_message("単位や文字を付けずに、数値だけを入力してください（例：452、38.1）。")?;
    // An over-long unit only loses the tooltip.
    Ok(validation
        .clone()
        .set_input_message(input)
        .unwrap_or(validation))
}

/// Width in characters as a spreadsheet shows it: full-width characters
/// (kanji, kana, full-width forms) count as two; the longest line counts.
pub(super) fn display_width(text: &str) -> usize {
    text.lines()
        .map(|l| l.chars().map(char_width).sum::<usize>())
        .max()
        .unwrap_or(0)
}

fn char_width(c: char) -> usize {
    if crate::base::text::is_wide(c) { 2 } else { 1 }
}

/// Lines a text takes in a wrapped column `width` characters wide.
fn wrapped_lines(text: &str, width: usize) -> usize {
    let width = width.saturating_sub(1).max(1);
    text.lines()
        .map(|l| display_width(l).div_ceil(width).max(1))
        .sum()
}

// ------------------------------------------------------------------ reading

/// One sheet's cells that hold anything, by row then column.
type SheetCells = BTreeMap<u32, BTreeMap<u32, Cell>>;

/// Reads the sheet of a workbook into a table (see the module doc).
pub(super) fn read_table(
    file: &Path,
    bytes: Vec<u8>,
    year: i32,
) -> Result<(Table, Diagnostics), Diagnostics> {
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(file, &e))?;
    let wanted = sheet_name(year);
    let worksheets: Vec<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    let (name, cells, header) = if worksheets.contains(&wanted) {
        let cells = read_cells(&mut workbook, file, &wanted)?;
        match find_header(&cells) {
            Some(h) => (wanted, cells, h),
            None => return Err(no_header(file, &[wanted], year).into()),
        }
    } else {
        let mut with_header = Vec::new();
        for name in &worksheets {
            let cells = read_cells(&mut workbook, file, name)?;
            if let Some(h) = find_header(&cells) {
                with_header.push((name.clone(), cells, h));
            }
        }
        match with_header.len() {
            0 => return Err(no_header(file, &worksheets, year).into()),
            1 => {
                let (name, cells, h) = with_header.pop().expect("one sheet");
                if let Some(other) = year_of_sheet(&name).filter(|y| *y != year) {
                    return Err(other_year(file, &name, other, year).into());
                }
                (name, cells, h)
            }
            _ => {
                let names: Vec<String> = with_header.into_iter().map(|(n, ..)| n).collect();
                return Err(several_sheets(file, &names, year).into());
            }
        }
    };
    let header_cells = &cells[&header];
    let names: Vec<(usize, &str)> = header_cells
        .iter()
        .filter_map(|(col, cell)| match cell {
            Cell::Text(t) => Some((*col as usize, t.as_str())),
            _ => None,
        })
        .collect();
    let (absolute, problems) = header_columns(names);
    let at = row_at(header);
    let mut diags = Diagnostics::default();
    for p in problems {
        diags.push(
            Diagnostic::error(format!("{}: {} (sheet {name})", at.label, p.message))
                .ja(format!("{}: {}（シート「{name}」）", at.label_ja, p.ja))
                .in_file(file)
                .help(p.help)
                .ja_help(p.ja_help),
        );
    }
    if diags.has_errors() {
        return Err(diags);
    }
    // Each row keeps the header's columns only, in the order of `order`.
    let mut order: Vec<u32> = absolute.values().map(|c| *c as u32).collect();
    order.sort_unstable();
    order.dedup();
    let columns = absolute
        .into_iter()
        .map(|(name, c)| {
            let index = order.binary_search(&(c as u32)).expect("a header column");
            (name, index)
        })
        .collect();
    let mut rows = Vec::new();
    for (&row, row_cells) in cells.range(header + 1..) {
        let cells: Vec<Cell> = order
            .iter()
            .map(|c| row_cells.get(c).cloned().unwrap_or_else(Cell::empty))
            .collect();
        let blank = cells
            .iter()
            .all(|c| matches!(c, Cell::Text(t) if t.trim().is_empty()));
        if !blank {
            rows.push(TableRow {
                at: row_at(row),
                cells,
            });
        }
    }
    let table = Table {
        source: None,
        columns,
        rows,
    };
    Ok((table, Diagnostics::default()))
}

/// `row 5` / `5行目` for the 0-based row index: the number Excel shows.
fn row_at(row: u32) -> RowAt {
    let shown = u64::from(row) + 1;
    RowAt {
        label: format!("row {shown}"),
        label_ja: format!("{shown}行目"),
        span: None,
        number: shown,
    }
}

/// The cells of a sheet that hold a value or a formula, read one by one (a
/// stray cell far down does not make a huge grid).
fn read_cells<RS: std::io::Read + std::io::Seek>(
    workbook: &mut Xlsx<RS>,
    file: &Path,
    name: &str,
) -> Result<SheetCells, Diagnostic> {
    let mut reader = workbook
        .worksheet_cells_reader(name)
        .map_err(|e| unreadable(file, &e))?;
    let mut cells = SheetCells::new();
    let mut count = 0;
    while let Some(c) = reader
        .next_cell_with_formula()
        .map_err(|e| unreadable(file, &e))?
    {
        let value: Data = c.value.into();
        let cell = cell_of(value, c.formula.as_deref());
        if cell == Cell::empty() {
            continue;
        }
        count += 1;
        if count > MAX_CELLS {
            return Err(Diagnostic::error(format!(
                "the sheet {name} has more than {MAX_CELLS} cells; a spreadsheet of actuals has far fewer"
            ))
            .ja(format!(
                "シート「{name}」のセルが {MAX_CELLS} 個を超えています（実績の表はずっと小さいはずです）"
            ))
            .in_file(file)
            .help("check that this is the file written by `mieruka export`")
            .ja_help("`mieruka export` で書き出したファイルか確かめてください"));
        }
        cells.entry(c.pos.0).or_default().insert(c.pos.1, cell);
    }
    Ok(cells)
}

/// A cell as the row checks take it.
fn cell_of(value: Data, formula: Option<&str>) -> Cell {
    match value {
        Data::Empty => match formula.map(str::trim).filter(|f| !f.is_empty()) {
            Some(f) => Cell::Unusable(Unusable::Formula(format!("={}", f.trim_start_matches('=')))),
            None => Cell::empty(),
        },
        Data::String(s) => Cell::Text(s),
        Data::Float(n) => Cell::Number(n),
        Data::Int(n) => Cell::Number(n as f64),
        Data::Bool(b) => Cell::Text(if b { "TRUE" } else { "FALSE" }.to_string()),
        Data::DateTime(dt) => {
            let (y, mo, d, h, mi, ..) = dt.to_ymd_hms_milli();
            let time = format!("{h}:{mi:02}");
            Cell::Unusable(Unusable::Date(if dt.is_duration() || dt.as_f64() < 1.0 {
                time
            } else if h == 0 && mi == 0 {
                format!("{y}-{mo:02}-{d:02}")
            } else {
                format!("{y}-{mo:02}-{d:02} {time}")
            }))
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Unusable(Unusable::Date(s)),
        Data::Error(e) => Cell::Unusable(Unusable::Error(e.to_string())),
    }
}

/// The header: the first row near the top naming at least two columns of
/// the export (`no`, `indicator_id`, …), so that a header missing a column
/// is still found and the missing column named.
fn find_header(cells: &SheetCells) -> Option<u32> {
    cells
        .range(..HEADER_SEARCH_ROWS)
        .find(|(_, row)| {
            row.values()
                .filter(|c| match c {
                    Cell::Text(t) => HEADER.contains(&t.trim().to_ascii_lowercase().as_str()),
                    _ => false,
                })
                .count()
                >= 2
        })
        .map(|(r, _)| *r)
}

/// `2024` of a sheet named `2024年度実績`.
fn year_of_sheet(name: &str) -> Option<i32> {
    name.strip_suffix("年度実績")?.trim().parse().ok()
}

fn export_command(year: i32) -> String {
    format!("mieruka export --year {year} -o {year}.xlsx")
}

fn unreadable(file: &Path, e: &dyn std::fmt::Display) -> Diagnostic {
    Diagnostic::error(format!("the file could not be read as an Excel workbook ({e})"))
        .ja(format!("ファイルを Excel ブックとして読めませんでした（{e}）"))
        .in_file(file)
        .help(
            "open it in Excel and save it again with File → Save As → \"Excel Workbook (*.xlsx)\", \
             then import that file",
        )
        .ja_help("Excel で開き、「ファイル」→「名前を付けて保存」→ ファイルの種類「Excel ブック (*.xlsx)」で保存し直して、そのファイルを取り込んでください")
}

fn no_header(file: &Path, sheets: &[String], year: i32) -> Diagnostic {
    let list = sheets.join(", ");
    Diagnostic::error(format!(
        "no sheet of the workbook has the header row of an export (sheets: {list}): \
         none of their first {HEADER_SEARCH_ROWS} rows names the columns no, indicator_id, fiscal_year, actual"
    ))
    .ja(format!(
        "ブックのどのシートにも見出し行がありません（シート：{}）。最初の{HEADER_SEARCH_ROWS}行に no、indicator_id、fiscal_year、actual の列名が見つかりません",
        sheets.join("、")
    ))
    .in_file(file)
    .help(format!(
        "keep the header row that `mieruka export` wrote ({}), or export a new workbook with `{}` and fill that in",
        HEADER.join(","),
        export_command(year)
    ))
    .ja_help(format!(
        "mieruka export が書いた見出し行（{}）を消さずに残すか、`{}` で書き出し直したブックに入力してください",
        HEADER.join(","),
        export_command(year)
    ))
}

fn other_year(file: &Path, sheet: &str, found: i32, year: i32) -> Diagnostic {
    Diagnostic::error(format!(
        "the workbook is the export of FY{found} (sheet {sheet}), not of FY{year}"
    ))
    .ja(format!(
        "このブックは{found}年度の書き出し（シート「{sheet}」）で、{year}年度のものではありません"
    ))
    .in_file(file)
    .help(format!(
        "import it with --year {found}, or export FY{year} with `{}` and fill that in",
        export_command(year)
    ))
    .ja_help(format!(
        "--year {found} で取り込むか、`{}` で{year}年度を書き出して入力してください",
        export_command(year)
    ))
}

fn several_sheets(file: &Path, sheets: &[String], year: i32) -> Diagnostic {
    let wanted = sheet_name(year);
    Diagnostic::error(format!(
        "several sheets of the workbook have a header row ({}) and none is named {wanted}",
        sheets.join(", ")
    ))
    .ja(format!(
        "見出し行のあるシートが複数あり（{}）、「{wanted}」という名前のシートがありません",
        sheets.join("、")
    ))
    .in_file(file)
    .help(format!(
        "name the sheet to import {wanted} (double-click its tab), or delete the other sheets"
    ))
    .ja_help(format!(
        "取り込むシートの名前を「{wanted}」にする（シート見出しをダブルクリック）か、ほかのシートを削除してください"
    ))
}

/// A file of the old format or with a password (both come in the same container).
pub(super) fn old_or_encrypted(file: &Path) -> Diagnostic {
    Diagnostic::error(
        "the file is an Excel 97-2003 workbook (.xls) or a workbook saved with a password; mieruka reads neither",
    )
    .ja("ファイルが Excel 97-2003 ブック（.xls）か、パスワード付きで保存されたブックのため読めません")
    .in_file(file)
    .help(
        "open it in Excel and save it with File → Save As → \"Excel Workbook (*.xlsx)\"; \
         if it asks for a password to open, remove the password first (File → Info → Protect Workbook → \
         Encrypt with Password, and clear it)",
    )
    .ja_help(
        "Excel で開き、「ファイル」→「名前を付けて保存」→ ファイルの種類「Excel ブック (*.xlsx)」で保存してください。\
         開くときにパスワードを聞かれる場合は、先に「ファイル」→「情報」→「ブックの保護」→「パスワードを使用して暗号化」でパスワードを消してください",
    )
}

/// A file named like a workbook that is not one (a CSV renamed .xlsx, an .ods …).
pub(super) fn not_a_workbook(file: &Path) -> Diagnostic {
    let ext = file
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    Diagnostic::error(format!(
        "the file is named .{ext} but is not an Excel workbook (.xlsx) nor a CSV mieruka can tell apart"
    ))
    .ja(format!(
        "ファイル名は .{ext} ですが、Excel ブック（.xlsx）ではありません"
    ))
    .in_file(file)
    .help(
        "save it from Excel with File → Save As → \"Excel Workbook (*.xlsx)\" (or as \"CSV UTF-8 (comma delimited) (*.csv)\" \
         with a .csv name), then import that file",
    )
    .ja_help(
        "Excel で「ファイル」→「名前を付けて保存」→ ファイルの種類「Excel ブック (*.xlsx)」（または「CSV UTF-8（コンマ区切り）(*.csv)」で名前を .csv に）して保存し、そのファイルを取り込んでください",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{CellErrorType, ExcelDateTime, ExcelDateTimeType};

    #[test]
    fn full_width_characters_count_twice() {
        assert_eq!(display_width("actual"), 6);
        assert_eq!(display_width("電子申請手続き数"), 16);
        assert_eq!(display_width("４５２件"), 8);
        assert_eq!(display_width("- 一行目\n- 二"), 8);
        assert_eq!(wrapped_lines("電子申請を拡大した。", 12), 2);
        assert_eq!(wrapped_lines("a\nb\nc", 30), 3);
    }

    #[test]
    fn cells_as_excel_saves_them() {
        assert_eq!(cell_of(Data::Float(452.0), None), Cell::Number(452.0));
        assert_eq!(
            cell_of(Data::Float(452.0), Some("400+52")),
            Cell::Number(452.0)
        );
        assert_eq!(
            cell_of(Data::Empty, Some("400+52")),
            Cell::Unusable(Unusable::Formula("=400+52".into()))
        );
        assert_eq!(cell_of(Data::Empty, None), Cell::empty());
        assert_eq!(cell_of(Data::Bool(true), None), Cell::Text("TRUE".into()));
        assert_eq!(
            cell_of(Data::String("４５２".into()), None),
            Cell::Text("４５２".into())
        );
        assert_eq!(
            cell_of(Data::Error(CellErrorType::Value), None),
            Cell::Unusable(Unusable::Error("#VALUE!".into()))
        );
        let date = |serial| {
            cell_of(
                Data::DateTime(ExcelDateTime::new(
                    serial,
                    ExcelDateTimeType::DateTime,
                    false,
                )),
                None,
            )
        };
        assert_eq!(
            date(45752.0),
            Cell::Unusable(Unusable::Date("2025-04-05".into()))
        );
        assert_eq!(date(0.5625), Cell::Unusable(Unusable::Date("13:30".into())));
        // Nonsense serials do not panic.
        for serial in [-1.0, f64::NAN, f64::INFINITY, 1e300] {
            assert!(matches!(date(serial), Cell::Unusable(Unusable::Date(_))));
        }
    }

    #[test]
    fn sheet_years_and_header_labels() {
        assert_eq!(year_of_sheet("2024年度実績"), Some(2024));
        assert_eq!(year_of_sheet("Sheet1"), None);
        let at = row_at(4);
        assert_eq!(
            (at.label.as_str(), at.label_ja.as_str()),
            ("row 5", "5行目")
        );
    }
}
