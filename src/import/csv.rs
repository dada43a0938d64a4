//! The CSV of an export: writing it, and reading a filled-in one back into
//! rows (decoding UTF-8 or Shift_JIS, finding the columns, labelling rows).

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::sync::Arc;

use super::rows::{Row, RowAt, RowProblem, check_progress, check_row, normalize_text};
use super::{check_year, options};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{CommentaryKind, Figure, Plan};
use crate::text::{Lang, plain_number};

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

pub(super) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Largest CSV accepted: far beyond any plan's spreadsheet.
pub(super) const MAX_CSV_BYTES: u64 = 32 * 1024 * 1024;

/// The CSV (UTF-8 with BOM, CRLF) listing every indicator with its target and
/// current actual for `year`, plus a commentary column per language.
pub fn export(content: &Path, year: i32) -> Result<Vec<u8>, Diagnostics> {
    let (plan, _) = crate::check(&options(content))?;
    check_year(&plan, year)?;
    let csv_error = |e: csv::Error| {
        Diagnostic::error(format!("could not write the CSV: {e}"))
            .ja(format!("CSV を書き出せませんでした（{e}）"))
    };
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(BOM.to_vec());
    w.write_record(HEADER).map_err(csv_error)?;
    let year_text = year.to_string();
    for i in &plan.initiatives {
        let progress = i.commentary.get(&(year, CommentaryKind::Progress));
        let text = |lang| {
            progress
                .and_then(|b| b.get(lang))
                .and_then(|f| f.text().ok())
                .map(|t| excel_safe(&normalize_text(&t)))
                .unwrap_or_default()
        };
        let (ja, en) = (text(Lang::Ja), text(Lang::En));
        for (n, ind) in i.indicators.iter().enumerate() {
            let figures = ind.years.get(&year);
            let number = i.number.to_string();
            let target = figures.and_then(|f| f.target).map(figure_text);
            let actual = figures.and_then(|f| f.actual).map(figure_text);
            let unit = ind.unit.as_ref().map(|u| u.ja.as_str()).unwrap_or("");
            let first = n == 0;
            w.write_record([
                number.as_str(),
                i.id.as_str(),
                ind.id.as_str(),
                &excel_safe(&ind.name.ja),
                &excel_safe(unit),
                year_text.as_str(),
                target.as_deref().unwrap_or(""),
                actual.as_deref().unwrap_or(""),
                if first { ja.as_str() } else { "" },
                if first { en.as_str() } else { "" },
            ])
            .map_err(csv_error)?;
        }
    }
    w.into_inner().map_err(|e| {
        Diagnostic::error(format!("could not write the CSV: {e}"))
            .ja(format!("CSV を書き出せませんでした（{e}）"))
            .into()
    })
}

/// A figure as the CSV and the change list write it.
pub(super) fn figure_text(f: Figure) -> String {
    match f {
        Figure::Number(n) => plain_number(n),
        Figure::Done(b) => b.to_string(),
    }
}

/// Excel reads a cell starting with `=`, `+`, `-` or `@` as a formula (a
/// Markdown list `- …` would turn into `#NAME?`); a leading space keeps it
/// text. Import trims it again, and Markdown reads ` - item` as `- item`.
pub(super) fn excel_safe(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@']) {
        format!(" {text}")
    } else {
        text.to_string()
    }
}

/// Reads the CSV and decodes it: UTF-8 (with or without BOM) or Shift_JIS.
pub(super) fn read_csv_text(file: &Path) -> Result<Arc<str>, Diagnostic> {
    let io = |e: std::io::Error| crate::source::io_error(file, "could not read the file", &e);
    let meta = fs::metadata(file).map_err(io)?;
    if meta.len() > MAX_CSV_BYTES {
        return Err(Diagnostic::error(format!(
            "the file is {} bytes; a CSV of actuals is at most {MAX_CSV_BYTES} bytes",
            meta.len()
        ))
        .ja(format!(
            "ファイルが {} バイトあります。実績の CSV は {MAX_CSV_BYTES} バイトまでです",
            meta.len()
        ))
        .in_file(file)
        .help("check that this is the file written by `mieruka export`")
        .ja_help("`mieruka export` で書き出したファイルか確かめてください"));
    }
    let bytes = fs::read(file).map_err(io)?;
    decode(&bytes).map_err(|d| d.in_file(file))
}

pub(super) fn decode(bytes: &[u8]) -> Result<Arc<str>, Diagnostic> {
    const HOW: &str = "in Excel choose File → Save As → file type \"CSV UTF-8 (comma delimited) (*.csv)\" \
                       (CSV UTF-8（コンマ区切り）), then import that file";
    const HOW_JA: &str = "Excel で「ファイル」→「名前を付けて保存」→ ファイルの種類「CSV UTF-8（コンマ区切り）(*.csv)」で保存し、そのファイルを取り込んでください";
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(Diagnostic::error(
            "the file is saved as Unicode text (UTF-16), which is not a CSV mieruka can read",
        )
        .ja("ファイルが「Unicode テキスト」（UTF-16）で保存されているため読めません")
        .help(HOW)
        .ja_help(HOW_JA));
    }
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Arc::from(text));
    }
    match encoding_rs::SHIFT_JIS.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok(Arc::from(text.as_ref())),
        None => Err(Diagnostic::error(
            "the encoding of the file could not be recognised: it is neither UTF-8 nor Shift_JIS",
        )
        .ja("ファイルの文字コードが分かりません（UTF-8 でも Shift_JIS でもありません）")
        .help(HOW)
        .ja_help(HOW_JA)),
    }
}

/// The label and source span of the `row`-th row (the header is row 1) from
/// the byte offset the CSV reader gives (which, after a CRLF, points at the
/// LF before the row).
pub(super) fn row_at(text: &str, byte: u64, row: u64) -> RowAt {
    let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    start += text[start..].len() - text[start..].trim_start_matches(['\r', '\n']).len();
    let end = text[start..]
        .find(['\r', '\n'])
        .map_or(text.len(), |i| start + i);
    let line = text[..start].matches('\n').count() as u64 + 1;
    let (label, label_ja) = if line == row {
        (format!("row {row}"), format!("{row}行目"))
    } else {
        (
            format!("row {row} (line {line})"),
            format!("{row}行目（{line}行）"),
        )
    };
    RowAt {
        label,
        label_ja,
        span: start..end,
    }
}

/// Parses and checks every row; returns all problems at once.
pub(super) fn read_rows(
    file: &Path,
    text: &Arc<str>,
    plan: &Plan,
    year: i32,
) -> Result<Vec<Row>, Diagnostics> {
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if !first_line.contains(',') && first_line.contains('\t') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut diags = Diagnostics::default();
    let header_span = 0..first_line.len();
    let header_error = |message: String| {
        Diagnostic::error(message)
            .in_file(file)
            .at(text, header_span.clone())
            .help(format!(
                "the first row must be the header row written by `mieruka export`: {}",
                HEADER.join(",")
            ))
    };
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(header_error(format!("could not read the header row: {e}")).into()),
    };
    let mut columns: HashMap<String, usize> = HashMap::new();
    for (n, name) in headers.iter().enumerate() {
        let name = name.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        let name = name.to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        if columns.insert(name.clone(), n).is_some() && HEADER.contains(&name.as_str()) {
            diags.push(header_error(format!(
                "row 1: the column `{name}` appears twice in the header"
            )));
        }
    }
    for name in REQUIRED {
        if !columns.contains_key(name) {
            diags.push(header_error(format!(
                "row 1: the required column `{name}` is missing from the header"
            )));
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let col = |name: &str| columns.get(name).copied();
    let by_number: HashMap<u32, usize> = plan
        .initiatives
        .iter()
        .enumerate()
        .map(|(n, i)| (i.number, n))
        .collect();
    let mut seen: HashMap<(u32, String), String> = HashMap::new();
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut row_number = 1;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => row_number += 1,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                diags.push(
                    Diagnostic::error(format!("the CSV could not be read near line {line}: {e}"))
                        .ja(format!("CSV の {line}行目あたりが読めません（{e}）"))
                        .in_file(file)
                        .help("save the file again from Excel as CSV")
                        .ja_help("Excel から CSV で保存し直してください"),
                );
                break;
            }
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let at = row_at(text, record.position().map_or(0, |p| p.byte()), row_number);
        let cell = |name: &str| {
            col(name)
                .and_then(|n| record.get(n))
                .unwrap_or("")
                .to_string()
        };
        let mut problems: Vec<RowProblem> = Vec::new();
        let mut problem = |p: RowProblem| problems.push(p);
        let row = check_row(plan, year, &by_number, &cell, &mut problem);
        if let Some((number, indicator)) = &row.key {
            let key = (*number, indicator.clone());
            match seen.get(&key) {
                Some(first) => problem(RowProblem::new(
                    format!(
                        "No.{number} {indicator} appears again (first on {first}); each indicator may appear once"
                    ),
                    "delete one of the two rows",
                    format!("No.{number} {indicator} の行が重複しています"),
                    "どちらか一方の行を削除してください",
                )),
                None => {
                    seen.insert(key, at.label.clone());
                }
            }
        }
        for p in problems {
            diags.push(
                Diagnostic::error(format!("{}: {}", at.label, p.message))
                    .ja(format!("{}: {}", at.label_ja, p.ja))
                    .in_file(file)
                    .at(text, at.span.clone())
                    .help(p.help)
                    .ja_help(p.ja_help),
            );
        }
        if let Some(row) = row.row {
            rows.push(Row {
                at: at.label,
                at_ja: at.label_ja,
                ..row
            });
        }
    }
    check_progress(file, plan, year, &rows, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_or_without_bom_and_shift_jis() {
        assert_eq!(&*decode(b"\xEF\xBB\xBFno\r\n").unwrap(), "no\r\n");
        assert_eq!(&*decode("能美".as_bytes()).unwrap(), "能美");
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("能美市,①");
        assert_eq!(&*decode(&sjis).unwrap(), "能美市,①");
        let err = decode(b"\x82\xa0\xff\xfe").unwrap_err();
        assert!(
            err.message.contains("could not be recognised"),
            "{}",
            err.message
        );
        assert!(err.help.as_deref().unwrap().contains("CSV UTF-8"));
        assert!(decode(b"\xFF\xFEn\0o\0").is_err());
    }

    #[test]
    fn excel_formulas_are_avoided() {
        assert_eq!(excel_safe("- item"), " - item");
        assert_eq!(excel_safe("=1+1"), " =1+1");
        assert_eq!(excel_safe("電子申請"), "電子申請");
        assert_eq!(normalize_text(" - a\r\n- b\r\n\r\n"), "- a\n- b");
    }
}
