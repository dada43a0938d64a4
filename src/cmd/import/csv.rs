//! The CSV of an export: writing it, and reading a filled-in one back into
//! rows (decoding UTF-8 or Shift_JIS, finding the columns, labelling rows).

use std::path::Path;
use std::sync::Arc;

use super::sheet::{Cell, ExportRow, HEADER, RowAt, RowProblem, Table, TableRow, header_columns};
use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::text::plain_number;
use crate::model::Figure;

pub(super) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The CSV (UTF-8 with BOM, CRLF) listing every indicator with its target and
/// current actual for `year`, plus a commentary column per language.
pub(super) fn write(rows: &[ExportRow], year: i32) -> Result<Vec<u8>, Diagnostics> {
    let csv_error = |e: csv::Error| -> Diagnostics {
        Diagnostic::error(format!("could not write the CSV: {e}"))
            .ja(format!("CSV を書き出せませんでした（{e}）"))
            .into()
    };
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(BOM.to_vec());
    w.write_record(HEADER).map_err(csv_error)?;
    let year_text = year.to_string();
    for r in rows {
        let number = r.initiative.number.to_string();
        let target = r.target.map(figure_text);
        let actual = r.actual.map(figure_text);
        let unit = r
            .indicator
            .unit
            .as_ref()
            .map(|u| u.ja.as_str())
            .unwrap_or("");
        w.write_record([
            number.as_str(),
            r.initiative.id.as_str(),
            r.indicator.id.as_str(),
            &excel_safe(&r.indicator.name.ja),
            &excel_safe(unit),
            year_text.as_str(),
            target.as_deref().unwrap_or(""),
            actual.as_deref().unwrap_or(""),
            &excel_safe(&r.progress_ja),
            &excel_safe(&r.progress_en),
        ])
        .map_err(csv_error)?;
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
        span: Some(start..end),
        number: row,
    }
}

/// Reads the rows of the CSV into a table; a problem of the header stops
/// the reading, a record that cannot be read ends it (with its problem).
pub(super) fn read_table(
    file: &Path,
    text: &Arc<str>,
) -> Result<(Table, Diagnostics), Diagnostics> {
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
    let header_error = |p: RowProblem| {
        Diagnostic::error(format!("row 1: {}", p.message))
            .ja(format!("1行目: {}", p.ja))
            .in_file(file)
            .at(text, header_span.clone())
            .help(p.help)
            .ja_help(p.ja_help)
    };
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(header_error(RowProblem::new(
                format!("could not read the header row: {e}"),
                format!(
                    "the first row must be the header row written by `mieruka export`: {}",
                    HEADER.join(",")
                ),
                format!("見出し行を読めませんでした（{e}）"),
                format!(
                    "1行目は mieruka export が書いた見出し行にしてください（{}）",
                    HEADER.join(",")
                ),
            ))
            .into());
        }
    };
    let (columns, problems) = header_columns(headers.iter().enumerate());
    for p in problems {
        diags.push(header_error(p));
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let mut table = Table {
        source: Some(Arc::clone(text)),
        columns,
        rows: Vec::new(),
    };
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
        table.rows.push(TableRow {
            at: row_at(text, record.position().map_or(0, |p| p.byte()), row_number),
            cells: record.iter().map(|c| Cell::Text(c.to_string())).collect(),
        });
    }
    Ok((table, diags))
}

#[cfg(test)]
mod tests {
    use super::super::rows::normalize_text;
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
