//! The spreadsheet of the round trip as a table, whatever the file format:
//! the rows an export writes ([`ExportRow`]) and the table an import reads
//! ([`Table`]). The CSV and the workbook modules only turn files into these
//! and back; [`super::rows`] checks the table the same way for both.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::sync::Arc;

use std::ops::Range;

use crate::base::diagnostic::Diagnostic;
use crate::base::text::Lang;
use crate::model::{CommentaryKind, Figure, Indicator, Initiative, Plan};

/// The header row of an export, in order.
pub const HEADER: [&str; 10] = [
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

/// Columns an import cannot do without.
pub(super) const REQUIRED: [&str; 4] = ["no", "indicator_id", "fiscal_year", "actual"];

/// Which row of the file a row is, as messages name it.
pub(super) struct RowAt {
    /// `row 5`: the row number Excel shows. In a CSV (where the header is
    /// row 1) that is also the line of the file unless a cell above holds a
    /// line break; then both are given: `row 5 (line 7)`.
    pub(super) label: String,
    /// The same in Japanese: `5行目`, `5行目（7行）`.
    pub(super) label_ja: String,
    /// Where the row stands in the file's text (a CSV), for the source line.
    pub(super) span: Option<Range<usize>>,
    /// The row number Excel shows (`5` of `row 5`), to name several rows at once.
    pub(super) number: u64,
}

/// A problem of one row, said in English and in Japanese where it is found.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(super) struct RowProblem {
    pub(super) message: String,
    pub(super) help: String,
    pub(super) ja: String,
    pub(super) ja_help: String,
}

impl RowProblem {
    pub(super) fn new(
        message: impl Into<String>,
        help: impl Into<String>,
        ja: impl Into<String>,
        ja_help: impl Into<String>,
    ) -> RowProblem {
        RowProblem {
            message: message.into(),
            help: help.into(),
            ja: ja.into(),
            ja_help: ja_help.into(),
        }
    }
}

/// Commentary as compared and stored: LF line ends, no surrounding blank space.
pub(crate) fn normalize_text(text: &str) -> String {
    text.trim_start_matches('\u{feff}')
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_string()
}

// ------------------------------------------------------------------ export

/// One row of an export: an indicator of an initiative in `year`.
pub(super) struct ExportRow<'a> {
    pub(super) initiative: &'a Initiative,
    pub(super) indicator: &'a Indicator,
    pub(super) target: Option<Figure>,
    pub(super) actual: Option<Figure>,
    /// 取組状況 of the year, on the initiative's first row only (else empty).
    pub(super) progress_ja: String,
    pub(super) progress_en: String,
}

/// Every indicator of the plan (initiatives in number order, indicators in
/// file order) with its figures and commentary for `year`.
pub(super) fn export_rows(plan: &Plan, year: i32) -> Vec<ExportRow<'_>> {
    let mut rows = Vec::new();
    for i in &plan.initiatives {
        let progress = i.commentary.get(&(year, CommentaryKind::Progress));
        let text = |lang| {
            progress
                .and_then(|b| b.get(lang))
                .and_then(|f| f.text().ok())
                .map(|t| normalize_text(&t))
                .unwrap_or_default()
        };
        for (n, ind) in i.indicators.iter().enumerate() {
            let figures = ind.years.get(&year);
            let first = n == 0;
            rows.push(ExportRow {
                initiative: i,
                indicator: ind,
                target: figures.and_then(|f| f.target),
                actual: figures.and_then(|f| f.actual),
                progress_ja: if first { text(Lang::JA) } else { String::new() },
                progress_en: if first { text(Lang::EN) } else { String::new() },
            });
        }
    }
    rows
}

// ------------------------------------------------------------------ import

/// One cell as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
    /// Text: every cell of a CSV; a text cell of a workbook (`"452"` typed
    /// as text, `実施`); TRUE / FALSE of a workbook as `TRUE` / `FALSE`.
    Text(String),
    /// A number cell of a workbook, or the saved result of a formula.
    Number(f64),
    /// A cell of a workbook whose value cannot stand for a figure or a name.
    Unusable(Unusable),
}

/// Why a cell of a workbook has no usable value.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Unusable {
    /// Excel took what was typed for a date or a time (`4/5` becomes 4月5日):
    /// the date as `2025-04-05`, or the time as `13:30`.
    Date(String),
    /// The cell shows an error such as `#VALUE!`.
    Error(String),
    /// A formula whose result was not saved in the file (the formula, with `=`).
    Formula(String),
}

impl Cell {
    pub(super) fn empty() -> Cell {
        Cell::Text(String::new())
    }
}

/// A filled-in spreadsheet as read from the file, before any check.
pub(super) struct Table {
    /// The file's text when it is text (a CSV), for the source line under a message.
    pub(super) source: Option<Arc<str>>,
    /// Column name (lower case) → index into each row's `cells`.
    pub(super) columns: HashMap<String, usize>,
    /// The rows below the header that hold anything.
    pub(super) rows: Vec<TableRow>,
}

pub(super) struct TableRow {
    pub(super) at: RowAt,
    pub(super) cells: Vec<Cell>,
}

impl Table {
    /// The cell of `row` in the column `name`; empty when there is none.
    pub(super) fn cell(&self, row: &TableRow, name: &str) -> Cell {
        self.columns
            .get(name)
            .and_then(|&n| row.cells.get(n))
            .cloned()
            .unwrap_or_else(Cell::empty)
    }
}

/// The columns of a header row: `names` are (index, cell text). Problems are
/// said without the row; the reader adds where the header is.
pub(super) fn header_columns<'a>(
    names: impl IntoIterator<Item = (usize, &'a str)>,
) -> (HashMap<String, usize>, Vec<RowProblem>) {
    let mut columns: HashMap<String, usize> = HashMap::new();
    let mut problems = Vec::new();
    for (n, name) in names {
        let name = name.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        let name = name.to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        if columns.insert(name.clone(), n).is_some() && HEADER.contains(&name.as_str()) {
            problems.push(RowProblem::new(
                format!("the column `{name}` appears twice in the header"),
                "keep one of the two columns",
                format!("見出し行に `{name}` の列が2つあります"),
                "どちらか一方の列を削除してください",
            ));
        }
    }
    for name in REQUIRED {
        if !columns.contains_key(name) {
            problems.push(RowProblem::new(
                format!("the required column `{name}` is missing from the header"),
                format!(
                    "the header row must be the one written by `mieruka export`: {}",
                    HEADER.join(",")
                ),
                format!("見出し行に必要な列 `{name}` がありません"),
                format!(
                    "見出し行は mieruka export が書いたとおりにしてください（{}）",
                    HEADER.join(",")
                ),
            ));
        }
    }
    (columns, problems)
}

/// Largest file accepted: far beyond any plan's spreadsheet.
pub(super) const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// The bytes of the file to import, refusing one far too large to be ours.
pub(super) fn read_file(file: &Path) -> Result<Vec<u8>, Diagnostic> {
    let io = |e: std::io::Error| crate::base::source::io_error(file, "could not read the file", &e);
    let meta = fs::metadata(file).map_err(io)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(format!(
            "the file is {} bytes; a spreadsheet of actuals is at most {MAX_FILE_BYTES} bytes",
            meta.len()
        ))
        .ja(format!(
            "ファイルが {} バイトあります。実績の表は {MAX_FILE_BYTES} バイトまでです",
            meta.len()
        ))
        .in_file(file)
        .help("check that this is the file written by `mieruka export`")
        .ja_help("`mieruka export` で書き出したファイルか確かめてください"));
    }
    fs::read(file).map_err(io)
}

/// What kind of file an import was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FileKind {
    /// An Excel workbook (.xlsx, .xlsm): a zip archive.
    Workbook,
    /// A file of the old binary format (.xls), or a workbook saved with a
    /// password (Excel then wraps it in the same container).
    OldOrEncrypted,
    /// Named like a spreadsheet that mieruka does not read (.xls, .ods, .numbers …)
    /// but not a zip or the old format either, or named .xlsx but not a workbook.
    NotAWorkbook,
    /// Anything else is read as CSV.
    Csv,
}

/// The kind of file by its first bytes, then by its extension: a workbook
/// renamed to .csv is still read as a workbook.
pub(super) fn file_kind(file: &Path, bytes: &[u8]) -> FileKind {
    const ZIP: &[u8] = b"PK\x03\x04";
    const CFB: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    if bytes.starts_with(ZIP) {
        return FileKind::Workbook;
    }
    if bytes.starts_with(CFB) {
        return FileKind::OldOrEncrypted;
    }
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" | "numbers" => FileKind::NotAWorkbook,
        _ => FileKind::Csv,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_told_apart_by_their_bytes_first() {
        let kind = |name: &str, bytes: &[u8]| file_kind(Path::new(name), bytes);
        assert_eq!(kind("a.xlsx", b"PK\x03\x04rest"), FileKind::Workbook);
        assert_eq!(kind("a.csv", b"PK\x03\x04rest"), FileKind::Workbook);
        assert_eq!(
            kind("a.xls", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"),
            FileKind::OldOrEncrypted
        );
        assert_eq!(kind("a.XLSX", b"no,indicator_id"), FileKind::NotAWorkbook);
        assert_eq!(kind("a.ods", b""), FileKind::NotAWorkbook);
        assert_eq!(kind("a.csv", b"no,indicator_id"), FileKind::Csv);
        assert_eq!(kind("actuals", b"no,indicator_id"), FileKind::Csv);
    }

    #[test]
    fn header_problems_are_said_in_both_languages() {
        let (columns, problems) =
            header_columns([(0, "No"), (1, " indicator_id "), (2, "no"), (3, "")]);
        assert_eq!(columns.get("indicator_id"), Some(&1));
        assert_eq!(columns.get("no"), Some(&2));
        let messages: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (p.message.as_str(), p.ja.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                (
                    "the column `no` appears twice in the header",
                    "見出し行に `no` の列が2つあります"
                ),
                (
                    "the required column `fiscal_year` is missing from the header",
                    "見出し行に必要な列 `fiscal_year` がありません"
                ),
                (
                    "the required column `actual` is missing from the header",
                    "見出し行に必要な列 `actual` がありません"
                ),
            ]
        );
    }
}
