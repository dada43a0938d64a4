//! `mieruka export` / `mieruka import`: the annual review round trip through a spreadsheet.
//!
//! `mieruka export --year 2025 -o actuals.csv` writes one row per indicator
//! (initiatives in number order, indicators in file order). The staff fill in
//! the `actual` column (and, if they like, the commentary columns) in Excel and
//! save; `mieruka import actuals.csv --year 2025` writes the figures into each
//! initiative's `initiative.toml` (keeping its comments and layout) and the
//! commentary into `2025.progress.{ja,en}.md`.
//!
//! # The CSV
//!
//! UTF-8 with a byte-order mark (so that Excel opens it as UTF-8), CRLF line
//! ends, RFC 4180 quoting. The header row is exactly
//!
//! ```text
//! no,initiative_id,indicator_id,indicator_ja,unit_ja,fiscal_year,target,actual,progress_ja,progress_en
//! ```
//!
//! | column | export writes | import reads |
//! |---|---|---|
//! | `no` | the initiative's number (No.) | required: which initiative |
//! | `initiative_id` | its folder name | optional: if filled, must match `no` |
//! | `indicator_id` | the indicator's `id` | required: which indicator |
//! | `indicator_ja` | its Japanese name | ignored (for the reader) |
//! | `unit_ja` | its Japanese unit | ignored |
//! | `fiscal_year` | the year exported | required: must equal `--year` |
//! | `target` | the year's target (`45872`, `38.1`; `true`/`false` for a milestone) | ignored |
//! | `actual` | the year's actual if already entered, else empty | the figure to store; empty leaves the file alone |
//! | `progress_ja` | 取組状況 of the year (`YEAR.progress.ja.md`), on the initiative's first row only | written to that file when filled in and different |
//! | `progress_en` | the same in English | the same |
//!
//! Import accepts the columns in any order (extra columns are ignored), UTF-8
//! with or without a byte-order mark or Shift_JIS (CP932, what Japanese Excel
//! saves as "CSV (comma delimited)"), CRLF or LF, commas or tabs. Figures may
//! carry thousands separators (`45,872`), full-width digits (`４５８７２`) and
//! surrounding spaces; milestones take `true`/`false`/`実施`/`済`/`未実施`.
//! Every row is checked first and every problem is reported with its row;
//! nothing is written unless the whole file is valid. Each file is written via
//! a temporary file and a rename; if the content no longer checks afterwards,
//! every changed file is put back as it was.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml_edit::{DocumentMut, InlineTable, Item, Table, Value};

use crate::BuildOptions;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{CommentaryKind, Direction, Figure, Indicator, Initiative, Plan};
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
const REQUIRED: [&str; 4] = ["no", "indicator_id", "fiscal_year", "actual"];

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Largest CSV accepted: far beyond any plan's spreadsheet.
const MAX_CSV_BYTES: u64 = 32 * 1024 * 1024;

/// Figures at or above this are surely mistakes (validation agrees).
const MAX_FIGURE: f64 = 1e15;

/// What an import changed (or, with `dry_run`, would change).
#[derive(Debug, Default)]
pub struct ImportReport {
    /// One human-readable line per change, e.g. `No.1 online-procedures FY2025: actual (none) → 427`.
    pub changes: Vec<String>,
    /// Files written (0 with `dry_run`).
    pub files_written: usize,
    /// Things to know that are not changes, e.g. the year is not yet marked as reviewed.
    pub notes: Vec<String>,
}

fn options(content: &Path) -> BuildOptions {
    BuildOptions {
        content: content.to_path_buf(),
        ..Default::default()
    }
}

fn check_year(plan: &Plan, year: i32) -> Result<(), Diagnostic> {
    let site = &plan.site;
    if site.years().contains(&year) {
        return Ok(());
    }
    Err(Diagnostic::error(format!(
        "fiscal year {year} is outside the plan period {}–{}",
        site.first_year, site.last_year
    ))
    .ja(format!(
        "{year}年度は計画期間（{}〜{}年度）の外です",
        site.first_year, site.last_year
    ))
    .ja_help("--year には西暦の年度開始年を書きます（令和7年度は 2025）")
    .help(format!(
        "give --year as the Gregorian start year of a fiscal year of the plan ({}–{}); 令和7年度 is 2025",
        site.first_year, site.last_year
    )))
}

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
fn figure_text(f: Figure) -> String {
    match f {
        Figure::Number(n) => plain_number(n),
        Figure::Done(b) => b.to_string(),
    }
}

/// Excel reads a cell starting with `=`, `+`, `-` or `@` as a formula (a
/// Markdown list `- …` would turn into `#NAME?`); a leading space keeps it
/// text. Import trims it again, and Markdown reads ` - item` as `- item`.
fn excel_safe(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@']) {
        format!(" {text}")
    } else {
        text.to_string()
    }
}

/// Commentary as compared and stored: LF line ends, no surrounding blank space.
fn normalize_text(text: &str) -> String {
    text.trim_start_matches('\u{feff}')
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_string()
}

// ------------------------------------------------------------------ import

/// Reads a filled-in export and writes the actuals into the initiatives'
/// TOML files (keeping comments and layout) and the commentary into Markdown.
/// Nothing is written unless the whole file is valid.
pub fn import(
    content: &Path,
    file: &Path,
    year: i32,
    dry_run: bool,
) -> Result<ImportReport, Diagnostics> {
    let (plan, _) = crate::check(&options(content))?;
    check_year(&plan, year)?;
    let text = read_csv_text(file)?;
    let rows = read_rows(file, &text, &plan, year)?;
    let (changes, files) = plan_changes(&plan, year, &rows)?;
    let mut notes = Vec::new();
    if year > plan.site.latest_year {
        notes.push(format!(
            "FY{year} is after latest_reviewed_year = {} in site.toml: the site shows FY{year}'s \
             results once you set latest_reviewed_year = {year} there.",
            plan.site.latest_year
        ));
    }
    if dry_run {
        return Ok(ImportReport {
            changes,
            files_written: 0,
            notes,
        });
    }
    write_all(&files)?;
    if let Err(mut diags) = crate::check(&options(content)) {
        let restored = restore(&files);
        let mut out = Diagnostics::default();
        out.push(
            Diagnostic::error(format!(
                "after the import the content no longer checks, so the import was undone ({})",
                if restored.is_empty() {
                    "every changed file was restored".to_string()
                } else {
                    format!("could not restore: {}", restored.join(", "))
                }
            ))
            .ja(if restored.is_empty() {
                "取り込むとコンテンツの確認が通らなくなるため、取り込みを取り消しました（変更したファイルはすべて元に戻しました）".to_string()
            } else {
                format!(
                    "取り込むとコンテンツの確認が通らなくなるため、取り込みを取り消しました。元に戻せなかったファイル：{}",
                    restored.join("、")
                )
            })
            .in_file(file)
            .help("fix the problems below in the CSV or the content and import again")
            .ja_help("下の問題を CSV かコンテンツで直してから、もう一度取り込んでください"),
        );
        diags.0.retain(Diagnostic::is_error);
        out.extend(diags);
        return Err(out);
    }
    Ok(ImportReport {
        changes,
        files_written: files.len(),
        notes,
    })
}

/// Reads the CSV and decodes it: UTF-8 (with or without BOM) or Shift_JIS.
fn read_csv_text(file: &Path) -> Result<Arc<str>, Diagnostic> {
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

fn decode(bytes: &[u8]) -> Result<Arc<str>, Diagnostic> {
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

/// One checked row: what it asks to store.
struct Row {
    /// `row 5`, as messages name it.
    at: String,
    /// `5行目`, as Japanese messages name it.
    at_ja: String,
    initiative: usize,
    indicator: usize,
    actual: Option<Figure>,
    /// The actual was written with a decimal point (`81.0`): keep it a float in the TOML.
    actual_float: bool,
    progress_ja: Option<String>,
    progress_en: Option<String>,
}

/// Where a row starts in the decoded text, for the diagnostic's source line.
struct RowAt {
    /// `row 5`: the row number Excel shows (the header is row 1), which is
    /// also the line of the file unless a cell above holds a line break; then
    /// both are given: `row 5 (line 7)`.
    label: String,
    /// The same in Japanese: `5行目`, `5行目（7行）`.
    label_ja: String,
    span: Range<usize>,
}

/// A problem of one row, said in English and in Japanese where it is found.
struct RowProblem {
    message: String,
    help: String,
    ja: String,
    ja_help: String,
}

impl RowProblem {
    fn new(
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

/// The label and source span of the `row`-th row (the header is row 1) from
/// the byte offset the CSV reader gives (which, after a CRLF, points at the
/// LF before the row).
fn row_at(text: &str, byte: u64, row: u64) -> RowAt {
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
fn read_rows(
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

struct Checked {
    /// (number, indicator id) when both are known, for the duplicate check.
    key: Option<(u32, String)>,
    /// The row when every cell is fine.
    row: Option<Row>,
}

fn check_row(
    plan: &Plan,
    year: i32,
    by_number: &HashMap<u32, usize>,
    cell: &dyn Fn(&str) -> String,
    problem: &mut dyn FnMut(RowProblem),
) -> Checked {
    let mut ok = true;
    let mut out = Checked {
        key: None,
        row: None,
    };
    // fiscal_year
    let fy = cell("fiscal_year");
    match parse_integer(&fy) {
        None if fy.trim().is_empty() => {
            ok = false;
            problem(RowProblem::new(
                "fiscal_year is empty",
                "write the fiscal year as in the export, e.g. 2025",
                "fiscal_year が空です",
                "エクスポートしたときの年度（例：2025）を書いてください",
            ));
        }
        None => {
            ok = false;
            problem(RowProblem::new(
                format!("fiscal_year `{}` is not a year", fy.trim()),
                "write the Gregorian start year, e.g. 2025 for 令和7年度",
                format!("fiscal_year の `{}` は年度ではありません", fy.trim()),
                "西暦の年度開始年を書いてください（令和7年度は 2025）",
            ));
        }
        Some(y)
            if !(i64::from(plan.site.first_year)..=i64::from(plan.site.last_year)).contains(&y) =>
        {
            ok = false;
            let (first, last) = (plan.site.first_year, plan.site.last_year);
            problem(RowProblem::new(
                format!("fiscal_year {y} is outside the plan period {first}–{last}"),
                "fiscal years are Gregorian start years; 令和7年度 is 2025",
                format!("{y}年度は計画期間（{first}〜{last}）の外です"),
                "年度は西暦の開始年で書きます（令和7年度は 2025）",
            ));
        }
        Some(y) if y != i64::from(year) => {
            ok = false;
            problem(RowProblem::new(
                format!("fiscal_year {y} does not match --year {year}"),
                "import one fiscal year at a time: export that year, or run import with the year of this row",
                format!("fiscal_year の {y} が --year {year} と一致しません"),
                "一度に取り込めるのは1つの年度です。その年度でエクスポートし直すか、--year をこの行の年度にしてください",
            ));
        }
        Some(_) => {}
    }
    // no
    let no = cell("no");
    let initiative = match parse_integer(&no) {
        Some(n) if (1..=u32::MAX as i64).contains(&n) => match by_number.get(&(n as u32)) {
            Some(&i) => Some(&plan.initiatives[i]),
            None => {
                problem(RowProblem::new(
                    format!("initiative No.{n} does not exist"),
                    "use the numbers written by `mieruka export`",
                    format!("取組項目 No.{n} はありません"),
                    "mieruka export が書いた番号を使ってください",
                ));
                None
            }
        },
        _ if no.trim().is_empty() => {
            problem(RowProblem::new(
                "the column `no` is empty",
                "every row needs the initiative's number (No.) as written by `mieruka export`",
                "no の列が空です",
                "各行に取組項目の番号（No.）が必要です",
            ));
            None
        }
        _ => {
            problem(RowProblem::new(
                format!(
                    "`{}` in the column `no` is not an initiative number",
                    no.trim()
                ),
                "write the number only, e.g. 2 for No.2",
                format!("no の列の `{}` は取組項目の番号ではありません", no.trim()),
                "数字だけを書いてください（No.2 なら 2）",
            ));
            None
        }
    };
    let Some(initiative) = initiative else {
        return out;
    };
    let initiative_index = by_number[&initiative.number];
    let folder = cell("initiative_id");
    let folder = folder.trim();
    if !folder.is_empty() && folder != initiative.id {
        ok = false;
        problem(RowProblem::new(
            format!(
                "No.{} is `{}`, but initiative_id says `{folder}`",
                initiative.number, initiative.id
            ),
            "the columns `no` and `initiative_id` must belong together; check the row was not shifted",
            "no と initiative_id の列が対応していません",
            "行がずれていないか確認してください",
        ));
    }
    let id = cell("indicator_id");
    let id = id.trim();
    let Some((indicator_index, indicator)) = initiative
        .indicators
        .iter()
        .enumerate()
        .find(|(_, i)| i.id == id)
    else {
        let known: Vec<&str> = initiative
            .indicators
            .iter()
            .map(|i| i.id.as_str())
            .collect();
        let number = initiative.number;
        let (message, ja) = if id.is_empty() {
            (
                "the column `indicator_id` is empty".to_string(),
                "indicator_id の列が空です".to_string(),
            )
        } else {
            (
                format!("initiative No.{number} has no indicator `{id}`"),
                format!("取組項目 No.{number} に指標 `{id}` はありません"),
            )
        };
        problem(RowProblem::new(
            message,
            format!("the indicators of No.{number} are: {}", known.join(", ")),
            ja,
            "mieruka export が書いた indicator_id を使ってください",
        ));
        return out;
    };
    out.key = Some((initiative.number, id.to_string()));
    let actual_cell = cell("actual");
    let actual = if actual_cell.trim().is_empty() {
        None
    } else {
        match parse_figure(&actual_cell, indicator) {
            Ok(f) => Some(f),
            Err((message, help)) => {
                ok = false;
                problem(RowProblem::new(
                    format!(
                        "actual `{}` for No.{} {}: {message}",
                        actual_cell.trim(),
                        initiative.number,
                        indicator.id
                    ),
                    help,
                    format!("actual の `{}` は数値として読めません", actual_cell.trim()),
                    "単位を付けずに数値だけを書いてください（例：45872、45,872 も可。実施の有無は 実施 / 未実施）",
                ));
                None
            }
        }
    };
    let text = |name: &str| Some(normalize_text(&cell(name))).filter(|t| !t.is_empty());
    if ok {
        out.row = Some(Row {
            at: String::new(),
            at_ja: String::new(),
            initiative: initiative_index,
            indicator: indicator_index,
            actual,
            actual_float: normalize_cell(&actual_cell).contains('.'),
            progress_ja: text("progress_ja"),
            progress_en: text("progress_en"),
        });
    }
    out
}

/// The commentary of an initiative may stand on any of its rows, but only one
/// text per language; English needs Japanese (in the CSV or already in a file).
fn check_progress(file: &Path, plan: &Plan, year: i32, rows: &[Row], diags: &mut Diagnostics) {
    let mut by_initiative: BTreeMap<usize, Vec<&Row>> = BTreeMap::new();
    for r in rows {
        by_initiative.entry(r.initiative).or_default().push(r);
    }
    for (index, rows) in by_initiative {
        let initiative = &plan.initiatives[index];
        for lang in Lang::ALL {
            let given: Vec<(&Row, &String)> = rows
                .iter()
                .filter_map(|r| progress_of(r, lang).map(|t| (*r, t)))
                .collect();
            if let Some((first, text)) = given.first()
                && let Some((other, _)) = given.iter().find(|(_, t)| t != text)
            {
                diags.push(
                    Diagnostic::error(format!(
                        "{}: progress_{} of No.{} differs from the one on {}; an initiative has one commentary per language",
                        other.at,
                        lang.code(),
                        initiative.number,
                        first.at
                    ))
                    .ja(format!(
                        "{}: No.{} の progress_{} が {} のものと違います（文章は取組項目ごと・言語ごとに一つです）",
                        other.at_ja,
                        initiative.number,
                        lang.code(),
                        first.at_ja,
                    ))
                    .in_file(file)
                    .help("keep the commentary on one row of the initiative and leave the others empty")
                    .ja_help("文章はその取組項目の一つの行だけに書き、ほかの行は空にしてください"),
                );
            }
        }
        let has_ja = rows.iter().any(|r| r.progress_ja.is_some())
            || initiative
                .commentary
                .get(&(year, CommentaryKind::Progress))
                .is_some_and(|b| b.ja.is_some());
        if let Some(r) = rows.iter().find(|r| r.progress_en.is_some())
            && !has_ja
        {
            diags.push(
                Diagnostic::error(format!(
                    "{}: No.{} has progress_en but no Japanese progress (progress_ja) for FY{year}",
                    r.at, initiative.number
                ))
                .ja(format!(
                    "{}: No.{} の{}年度に progress_en はありますが、日本語の progress_ja がありません",
                    r.at_ja, initiative.number, year
                ))
                .in_file(file)
                .help("fill in progress_ja as well; the Japanese pages are the reference")
                .ja_help("progress_ja も書いてください（日本語のページが基準です）"),
            );
        }
    }
}

fn progress_of(row: &Row, lang: Lang) -> Option<&String> {
    match lang {
        Lang::Ja => row.progress_ja.as_ref(),
        Lang::En => row.progress_en.as_ref(),
    }
}

/// Full-width ASCII (`４５，８７２`), ideographic spaces and the minus sign
/// read as their plain forms; surrounding spaces dropped.
fn normalize_cell(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '\u{2212}' => '-',
            _ => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

fn parse_integer(s: &str) -> Option<i64> {
    let n = parse_number(s).ok()?;
    (n.fract() == 0.0 && n.abs() < 1e12).then_some(n as i64)
}

/// A figure as typed in a spreadsheet: `45872`, `45,872`, `４５８７２`, ` 38.1 `, `-3`.
/// No units, no exponents, no `nan`/`inf`.
fn parse_number(s: &str) -> Result<f64, &'static str> {
    let s = normalize_cell(s);
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(&s);
    let (int, frac) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    if unsigned.is_empty()
        || !unsigned
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return Err("not a number");
    }
    if unsigned.matches('.').count() > 1 {
        return Err("a number has at most one decimal point");
    }
    if frac.is_some_and(|f| f.is_empty() || f.contains(',')) || int.is_empty() && frac.is_none() {
        return Err("not a number");
    }
    if int.contains(',') {
        let mut groups = int.split(',');
        let first = groups.next().unwrap_or("");
        if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
            return Err("the thousands separators are misplaced");
        }
    }
    let plain = s.replace(',', "");
    let value: f64 = plain.parse().map_err(|_| "not a number")?;
    if !value.is_finite() || value.abs() >= MAX_FIGURE {
        return Err("the figure is too large");
    }
    Ok(value)
}

/// An actual for `indicator`: a number, or done / not done for a milestone.
fn parse_figure(s: &str, indicator: &Indicator) -> Result<Figure, (String, &'static str)> {
    if indicator.direction == Direction::Milestone {
        let word = normalize_cell(s).to_lowercase();
        return match word.as_str() {
            "true" | "実施" | "実施済" | "実施済み" | "済" | "済み" => {
                Ok(Figure::Done(true))
            }
            "false" | "未実施" => Ok(Figure::Done(false)),
            _ => Err((
                "this indicator is a milestone (done / not done)".into(),
                "write true (or 実施 / 済) when it was done, false (or 未実施) when it was not",
            )),
        };
    }
    parse_number(s).map(Figure::Number).map_err(|why| {
        (
            why.to_string(),
            "write the figure in the indicator's unit without the unit, e.g. 45872 or 38.1 \
             (45,872 and full-width digits are fine)",
        )
    })
}

// ------------------------------------------------------------ the changes

/// A file to write: its new bytes and what was there before (None: new file).
struct FileChange {
    path: PathBuf,
    original: Option<Vec<u8>>,
    bytes: Vec<u8>,
}

fn plan_changes(
    plan: &Plan,
    year: i32,
    rows: &[Row],
) -> Result<(Vec<String>, Vec<FileChange>), Diagnostics> {
    let mut by_initiative: BTreeMap<usize, Vec<&Row>> = BTreeMap::new();
    for r in rows {
        by_initiative.entry(r.initiative).or_default().push(r);
    }
    let mut changes = Vec::new();
    let mut files = Vec::new();
    let mut diags = Diagnostics::default();
    for (index, rows) in by_initiative {
        let initiative = &plan.initiatives[index];
        let mut actuals = Vec::new();
        for r in &rows {
            let indicator = &initiative.indicators[r.indicator];
            let Some(new) = r.actual else { continue };
            let old = indicator.years.get(&year).and_then(|f| f.actual);
            if old == Some(new) {
                continue;
            }
            // A figure printed in the report's own words is not rewritten: say so.
            let worded = indicator
                .years
                .get(&year)
                .and_then(|f| f.actual_text.as_ref())
                .map(|t| {
                    format!(
                        " (actual_text still reads \"{}\": update it in initiative.toml)",
                        t.ja
                    )
                })
                .unwrap_or_default();
            changes.push(format!(
                "No.{} {} FY{year}: actual {} → {}{worded}",
                initiative.number,
                indicator.id,
                old.map_or("(none)".to_string(), figure_text),
                figure_text(new)
            ));
            actuals.push((indicator.id.as_str(), toml_figure(new, r.actual_float)));
        }
        if !actuals.is_empty() {
            match edit_toml(&initiative.path, year, &actuals) {
                Ok(change) => files.push(change),
                Err(d) => diags.push(d),
            }
        }
        for lang in Lang::ALL {
            let Some(text) = rows.iter().find_map(|r| progress_of(r, lang)) else {
                continue;
            };
            let current = initiative
                .commentary
                .get(&(year, CommentaryKind::Progress))
                .and_then(|b| b.get(lang));
            if current
                .and_then(|f| f.text().ok())
                .is_some_and(|t| normalize_text(&t) == *text)
            {
                continue;
            }
            let path = progress_path(initiative, year, lang);
            let original = match fs::read(&path) {
                Ok(b) => Some(b),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => {
                    diags.push(crate::source::io_error(
                        &path,
                        "could not read the file",
                        &e,
                    ));
                    continue;
                }
            };
            changes.push(format!(
                "No.{} FY{year} progress ({}): new text",
                initiative.number,
                lang.code()
            ));
            files.push(FileChange {
                path,
                original,
                bytes: format!("{text}\n").into_bytes(),
            });
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((changes, files))
}

fn progress_path(initiative: &Initiative, year: i32, lang: Lang) -> PathBuf {
    initiative
        .path
        .parent()
        .unwrap_or(Path::new("."))
        .join(format!("{year}.progress.{}.md", lang.code()))
}

/// The initiative.toml with the new actuals, everything else as it was.
fn edit_toml(path: &Path, year: i32, actuals: &[(&str, Value)]) -> Result<FileChange, Diagnostic> {
    let original =
        fs::read(path).map_err(|e| crate::source::io_error(path, "could not read the file", &e))?;
    let bom = original.starts_with(BOM);
    let body = original.strip_prefix(BOM).unwrap_or(&original);
    let text = std::str::from_utf8(body).map_err(|_| {
        Diagnostic::error("the file is not UTF-8 text")
            .ja("ファイルが UTF-8 のテキストではありません")
            .in_file(path)
            .help("save it as UTF-8")
            .ja_help("UTF-8 で保存し直してください")
    })?;
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        Diagnostic::error(format!("could not read the TOML: {}", e.message()))
            .ja(format!("TOML を読めませんでした（{}）", e.message()))
            .in_file(path)
    })?;
    for (id, value) in actuals {
        set_actual(&mut doc, id, year, value.clone()).map_err(|why| {
            Diagnostic::error(format!(
                "could not write the actual of `{id}` for FY{year}: {why}"
            ))
            .ja(format!(
                "`{id}` の{year}年度の実績を書き込めませんでした（{why}）"
            ))
            .in_file(path)
            .help("enter this actual by hand in initiative.toml")
            .ja_help("この実績は initiative.toml に手で入力してください")
        })?;
    }
    let mut out = doc.to_string();
    if text.contains("\r\n") {
        out = out.replace("\r\n", "\n").replace('\n', "\r\n");
    }
    let mut bytes = Vec::with_capacity(out.len() + 3);
    if bom {
        bytes.extend_from_slice(BOM);
    }
    bytes.extend_from_slice(out.as_bytes());
    Ok(FileChange {
        path: path.to_path_buf(),
        original: Some(original),
        bytes,
    })
}

/// Whole numbers without `.0` unless written with a point (`81.0`, as files with
/// `decimals = 1` tend to have them); other numbers in their shortest form
/// (`38.1`); booleans for milestones.
fn toml_figure(f: Figure, written_as_float: bool) -> Value {
    match f {
        Figure::Number(n) if n.fract() == 0.0 && n.abs() < MAX_FIGURE && !written_as_float => {
            Value::from(n as i64)
        }
        Figure::Number(n) => Value::from(n),
        Figure::Done(b) => Value::from(b),
    }
}

/// Sets `[indicators.years] YEAR = { …, actual = X }` for the indicator `id`.
fn set_actual(doc: &mut DocumentMut, id: &str, year: i32, value: Value) -> Result<(), String> {
    let has_id = |t: &dyn toml_edit::TableLike| t.get("id").and_then(Item::as_str) == Some(id);
    match doc.get_mut("indicators") {
        Some(Item::ArrayOfTables(list)) => {
            let table = list
                .iter_mut()
                .find(|t| has_id(*t))
                .ok_or("the indicator is not in the file")?;
            match table.get_mut("years") {
                Some(years) => set_in_years(years, year, value),
                None => {
                    let mut years = Table::new();
                    years.insert(&year.to_string(), Item::Value(actual_only(value)));
                    table.insert("years", Item::Table(years));
                    Ok(())
                }
            }
        }
        Some(Item::Value(Value::Array(list))) => {
            let table = list
                .iter_mut()
                .filter_map(Value::as_inline_table_mut)
                .find(|t| has_id(*t))
                .ok_or("the indicator is not in the file")?;
            match table.get_mut("years") {
                Some(Value::InlineTable(years)) => {
                    set_in_inline_years(years, year, value);
                    Ok(())
                }
                Some(_) => Err("`years` is not a table".into()),
                None => {
                    let mut years = InlineTable::new();
                    years.insert(year.to_string(), actual_only(value));
                    insert_inline(table, "years", Value::InlineTable(years));
                    Ok(())
                }
            }
        }
        _ => Err("the file has no [[indicators]]".into()),
    }
}

fn actual_only(value: Value) -> Value {
    let mut t = InlineTable::new();
    t.insert("actual", value);
    Value::InlineTable(t)
}

/// The key of `year` as written (`2025` or `"2025"`).
fn year_key<'a>(keys: impl Iterator<Item = &'a str>, year: i32) -> Option<String> {
    keys.into_iter()
        .find(|k| k.parse::<i32>() == Ok(year))
        .map(str::to_string)
}

fn set_in_years(years: &mut Item, year: i32, value: Value) -> Result<(), String> {
    match years {
        Item::Table(t) => {
            match year_key(t.iter().map(|(k, _)| k), year) {
                Some(key) => set_in_year(t.get_mut(&key).expect("key just found"), value)?,
                None => insert_year_in_order(t, year, Item::Value(actual_only(value))),
            }
            Ok(())
        }
        Item::Value(Value::InlineTable(t)) => {
            set_in_inline_years(t, year, value);
            Ok(())
        }
        _ => Err("`years` is not a table".into()),
    }
}

fn set_in_inline_years(years: &mut InlineTable, year: i32, value: Value) {
    match year_key(years.iter().map(|(k, _)| k), year) {
        Some(key) => match years.get_mut(&key) {
            Some(Value::InlineTable(t)) => insert_inline(t, "actual", value),
            Some(other) => replace_value(other, actual_only(value)),
            None => {}
        },
        None => insert_inline(years, &year.to_string(), actual_only(value)),
    }
}

fn set_in_year(entry: &mut Item, value: Value) -> Result<(), String> {
    match entry {
        Item::Value(Value::InlineTable(t)) => {
            insert_inline(t, "actual", value);
            Ok(())
        }
        Item::Table(t) => {
            match t.get_mut("actual") {
                Some(Item::Value(old)) => replace_value(old, value),
                _ => {
                    t.insert("actual", Item::Value(value));
                }
            }
            Ok(())
        }
        _ => Err("the year's entry is not a table like { target = … }".into()),
    }
}

/// Replaces a value, keeping the spaces and comment around it.
fn replace_value(old: &mut Value, new: Value) {
    let decor = old.decor().clone();
    *old = new;
    *old.decor_mut() = decor;
}

/// Sets `key` in an inline table: replaces its value, or appends `key = value`
/// before the closing brace with the table's own spacing (`{ a = 1, key = 2 }`).
fn insert_inline(t: &mut InlineTable, key: &str, mut value: Value) {
    if let Some(old) = t.get_mut(key) {
        replace_value(old, value);
        return;
    }
    let trailing = t.iter_mut().last().map(|(_, last)| {
        let suffix = last
            .decor()
            .suffix()
            .and_then(|s| s.as_str())
            .unwrap_or(" ")
            .to_string();
        last.decor_mut().set_suffix("");
        suffix
    });
    value.decor_mut().set_prefix(" ");
    value
        .decor_mut()
        .set_suffix(trailing.unwrap_or_else(|| " ".to_string()));
    t.insert(key, value);
}

/// Adds a year to a `[indicators.years]` table before the first later year, so
/// the years stay in order; the entries moved keep their formatting and comments.
fn insert_year_in_order(t: &mut Table, year: i32, item: Item) {
    let later: Vec<String> = t
        .iter()
        .map(|(k, _)| k.to_string())
        .skip_while(|k| k.parse::<i32>().map_or(true, |y| y < year))
        .collect();
    let moved: Vec<_> = later.iter().filter_map(|k| t.remove_entry(k)).collect();
    t.insert(&year.to_string(), item);
    for (key, item) in moved {
        t.insert_formatted(&key, item);
    }
}

// ------------------------------------------------------------- writing

/// Writes every file via a temporary file and a rename; on a failure the
/// files already written are put back.
fn write_all(files: &[FileChange]) -> Result<(), Diagnostics> {
    for (n, f) in files.iter().enumerate() {
        if let Err(d) = write_atomic(&f.path, &f.bytes) {
            let not_restored = restore(&files[..n]);
            let mut d = d;
            if !not_restored.is_empty() {
                d = d.help(format!(
                    "these files could not be restored and may hold part of the import: {}",
                    not_restored.join(", ")
                ));
            }
            return Err(d.into());
        }
    }
    Ok(())
}

/// Puts the files back as they were; returns those that could not be.
fn restore(files: &[FileChange]) -> Vec<String> {
    let mut failed = Vec::new();
    for f in files {
        let ok = match &f.original {
            Some(bytes) => write_atomic(&f.path, bytes).is_ok(),
            None => fs::remove_file(&f.path).is_ok() || !f.path.exists(),
        };
        if !ok {
            failed.push(f.path.display().to_string());
        }
    }
    failed
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    // A hidden name: `load` skips it should it ever be left behind.
    let tmp = dir.join(format!(".{name}.mieruka-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        crate::source::io_error(path, "could not write the file", &e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_typed_in_a_spreadsheet() {
        assert_eq!(parse_number("45872"), Ok(45872.0));
        assert_eq!(parse_number("45,872"), Ok(45872.0));
        assert_eq!(parse_number("1,224,000"), Ok(1_224_000.0));
        assert_eq!(parse_number("４５８７２"), Ok(45872.0));
        assert_eq!(parse_number("４５，８７２"), Ok(45872.0));
        assert_eq!(parse_number("　38.1 "), Ok(38.1));
        assert_eq!(parse_number("３８．１"), Ok(38.1));
        assert_eq!(parse_number("-3"), Ok(-3.0));
        assert_eq!(parse_number("0.5"), Ok(0.5));
        for bad in [
            "abc", "1.2.3", "nan", "NaN", "inf", "-inf", "1e5", "12,34", "1,2345", ",123", "1.",
            "", "-", "45872件", "1 000", "0x10", "1e20",
        ] {
            assert!(parse_number(bad).is_err(), "{bad:?}");
        }
    }

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
    fn toml_edits_keep_everything_else() {
        let src = "# top\n[[indicators]]\nid = \"a\"\n\n[indicators.years]\n\
                   2022 = { target = 250, actual = 171 } # note\n# before 2026\n\
                   2026 = { target = 450 }\n2025 = {target=1}\n\n\
                   [[indicators]]\nid = \"b\"\nyears = { 2022 = { target = 1 } }\n\n\
                   [[indicators]]\nid = \"c\"\n";
        let mut doc: DocumentMut = src.parse().unwrap();
        set_actual(
            &mut doc,
            "a",
            2022,
            toml_figure(Figure::Number(200.0), false),
        )
        .unwrap();
        set_actual(
            &mut doc,
            "a",
            2026,
            toml_figure(Figure::Number(448.0), false),
        )
        .unwrap();
        set_actual(
            &mut doc,
            "a",
            2025,
            toml_figure(Figure::Number(38.1), false),
        )
        .unwrap();
        set_actual(&mut doc, "a", 2024, toml_figure(Figure::Number(5.0), false)).unwrap();
        set_actual(&mut doc, "b", 2023, toml_figure(Figure::Done(true), false)).unwrap();
        set_actual(&mut doc, "c", 2024, toml_figure(Figure::Number(1.5), false)).unwrap();
        assert!(set_actual(&mut doc, "zz", 2024, Value::from(1)).is_err());
        assert_eq!(
            doc.to_string(),
            "# top\n[[indicators]]\nid = \"a\"\n\n[indicators.years]\n\
             2022 = { target = 250, actual = 200 } # note\n2024 = { actual = 5 }\n# before 2026\n\
             2026 = { target = 450, actual = 448 }\n2025 = {target=1, actual = 38.1}\n\n\
             [[indicators]]\nid = \"b\"\nyears = { 2022 = { target = 1 }, 2023 = { actual = true } }\n\n\
             [[indicators]]\nid = \"c\"\n\n[indicators.years]\n2024 = { actual = 1.5 }\n"
        );
    }

    #[test]
    fn indicators_written_as_inline_tables_are_edited_too() {
        let src = "indicators = [\n  { id = \"d\", years = { 2022 = { target = 1 } } },\n  { id = \"e\" },\n]\n";
        let mut doc: DocumentMut = src.parse().unwrap();
        set_actual(&mut doc, "d", 2022, Value::from(2)).unwrap();
        set_actual(&mut doc, "e", 2023, Value::from(false)).unwrap();
        assert_eq!(
            doc.to_string(),
            "indicators = [\n  { id = \"d\", years = { 2022 = { target = 1, actual = 2 } } },\n  \
             { id = \"e\", years = { 2023 = { actual = false } } },\n]\n"
        );
    }

    #[test]
    fn written_files_can_be_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("initiative.toml");
        let new = dir.path().join("2025.progress.ja.md");
        fs::write(&old, "number = 1\n").unwrap();
        let files = [
            FileChange {
                path: old.clone(),
                original: Some(b"number = 1\n".to_vec()),
                bytes: b"number = 2\n".to_vec(),
            },
            FileChange {
                path: new.clone(),
                original: None,
                bytes: "取組\n".as_bytes().to_vec(),
            },
        ];
        write_all(&files).unwrap();
        assert_eq!(fs::read_to_string(&old).unwrap(), "number = 2\n");
        assert_eq!(fs::read_to_string(&new).unwrap(), "取組\n");
        assert!(restore(&files).is_empty());
        assert_eq!(fs::read_to_string(&old).unwrap(), "number = 1\n");
        assert!(!new.exists());
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn excel_formulas_are_avoided() {
        assert_eq!(excel_safe("- item"), " - item");
        assert_eq!(excel_safe("=1+1"), " =1+1");
        assert_eq!(excel_safe("電子申請"), "電子申請");
        assert_eq!(normalize_text(" - a\r\n- b\r\n\r\n"), "- a\n- b");
    }
}
