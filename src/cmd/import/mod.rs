//! `mieruka export` / `mieruka import`: the annual review round trip through a spreadsheet.
//!
//! `mieruka export --year 2025 -o 2025.xlsx` writes an Excel workbook with one
//! row per indicator (initiatives in number order, indicators in file order);
//! `-o 2025.csv` (any name not ending in `.xlsx`), or no `-o`, writes the same
//! rows as CSV. The staff fill in the `actual` column (and, if they like, the
//! commentary columns) in Excel and save; `mieruka import 2025.xlsx --year
//! 2025` (or the CSV) writes the figures into each initiative's
//! `initiative.toml` (keeping its comments and layout) and the commentary into
//! `2025.progress.{ja,en}.md`.
//!
//! # The columns
//!
//! Both formats have the same header row:
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
//! | `target` | the year's target (`45872`, `38.1`; a milestone: `true`/`false` in the CSV, 実施/未実施 in the workbook) | ignored |
//! | `actual` | the year's actual if already entered, else empty | the figure to store; empty leaves the file alone |
//! | `progress_ja` | 取組状況 of the year (`YEAR.progress.ja.md`), on the initiative's first row only | written to that file when filled in and different |
//! | `progress_en` | the same in English | the same |
//!
//! Import accepts the columns in any order (extra columns are ignored).
//! Figures may carry thousands separators (`45,872`), full-width digits
//! (`４５８７２`) and surrounding spaces; milestones take
//! `true`/`false`/`実施`/`済`/`未実施`. Every row is checked first and every
//! problem is reported with its row, numbered as Excel numbers it; nothing is
//! written unless the whole file is valid. Each file is written via a
//! temporary file and a rename; if the content no longer checks afterwards,
//! every changed file is put back as it was.
//!
//! # The workbook
//!
//! One sheet, `2025年度実績`: a line of instructions in Japanese in row 1, the
//! header in row 2 (both frozen), the indicators from row 3. Targets and
//! actuals are number cells whose format shows the indicator's decimals and
//! unit (`440件`, `90.7%`). The sheet is protected without a password (校閲 →
//! シート保護の解除 lifts it): only the yellow cells `actual`, `progress_ja`
//! and `progress_en` can be changed, and `actual` accepts a decimal number, or
//! 実施 / 未実施 from a list for a milestone.
//!
//! Import tells a workbook from a CSV by its first bytes. It reads the sheet
//! named for `--year`, else the only sheet with a header row (found among the
//! first 20 rows, so a workbook made by hand may have it in row 1). Cells are
//! taken as Excel saved them: a number cell as its number (`1.0` is written
//! `1`, unless the indicator's figures have decimals), a formula as its saved
//! result, text as in a CSV, TRUE/FALSE for a milestone; a date, an error
//! such as `#VALUE!` or a formula without a saved result is reported.
//!
//! # The CSV
//!
//! UTF-8 with a byte-order mark (so that Excel opens it as UTF-8), CRLF line
//! ends, RFC 4180 quoting. Import reads UTF-8 with or without a byte-order
//! mark or Shift_JIS (CP932, what Japanese Excel saves as "CSV (comma
//! delimited)"), CRLF or LF, commas or tabs.
//!
//! The stages are modules: [`csv`] and [`xlsx`] write and read the files,
//! [`sheet`] is the table of cells both read into, [`rows`] checks each row
//! against the plan, [`edit`] plans and writes the changes.

mod csv;
pub(crate) mod edit;
pub(crate) mod rows;
mod sheet;
mod xlsx;

use std::path::Path;

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::text::{Lang, year_label};
use crate::check::config::BuildOptions;
use crate::model::Plan;

use edit::{plan_changes, restore, write_all};
use rows::{Row, check_rows};
pub use sheet::HEADER;
use sheet::{FileKind, export_rows, file_kind, read_file};

/// What an import changed (or, with `dry_run`, would change).
#[derive(Debug, Default)]
pub struct ImportReport {
    /// One line per change, e.g. `No.1 online-procedures FY2025: actual (none) → 427` /
    /// `No.1 online-procedures 令和7年度：実績 （なし）→ 427`.
    pub changes: Vec<ReportLine>,
    /// Files written (0 with `dry_run`).
    pub files_written: usize,
    /// Things to know that are not changes, e.g. the year is not yet marked as reviewed.
    pub notes: Vec<ReportLine>,
}

/// A line of an [`ImportReport`] in English and Japanese; shown as English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportLine {
    pub en: String,
    pub ja: String,
}

impl ReportLine {
    pub fn new(en: impl Into<String>, ja: impl Into<String>) -> ReportLine {
        ReportLine {
            en: en.into(),
            ja: ja.into(),
        }
    }

    /// The line in `lang`.
    pub fn in_lang(&self, lang: Lang) -> &str {
        lang.pick(&self.ja, &self.en)
    }
}

impl std::fmt::Display for ReportLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
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

// ------------------------------------------------------------------ export

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// UTF-8 with a byte-order mark, CRLF (see the module doc).
    Csv,
    /// An Excel workbook with one sheet, `2025年度実績` (see the module doc).
    Xlsx,
}

impl Format {
    /// The format for the file an export is written to: a workbook for a
    /// name ending in `.xlsx`, CSV for any other name and for standard
    /// output; the names of spreadsheet formats mieruka does not write
    /// (`.xls`, `.xlsm`, `.xlsb`, `.ods`) are refused.
    pub fn for_output(output: Option<&Path>) -> Result<Format, Diagnostic> {
        let ext = output
            .and_then(Path::extension)
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" => Ok(Format::Xlsx),
            "xls" | "xlsm" | "xlsb" | "ods" => Err(Diagnostic::error(format!(
                "mieruka writes Excel workbooks as .xlsx (or CSV), not .{ext}"
            ))
            .ja(format!(
                "mieruka が書き出せるのは .xlsx の Excel ブックか CSV です（.{ext} は書き出せません）"
            ))
            .help("name the file e.g. 2025.xlsx (or 2025.csv for a CSV)")
            .ja_help("2025.xlsx のような名前にしてください（CSV なら 2025.csv）")),
            _ => Ok(Format::Csv),
        }
    }
}

/// The spreadsheet of `year` (CSV) listing every indicator with its target
/// and current actual, plus a commentary column per language.
pub fn export(content: &Path, year: i32) -> Result<Vec<u8>, Diagnostics> {
    export_as(content, year, Format::Csv)
}

/// The spreadsheet of `year` in `format`.
pub fn export_as(content: &Path, year: i32, format: Format) -> Result<Vec<u8>, Diagnostics> {
    let (plan, _) = crate::check::check(&options(content))?;
    check_year(&plan, year)?;
    let rows = export_rows(&plan, year);
    match format {
        Format::Csv => csv::write(&rows, year),
        Format::Xlsx => xlsx::write(&rows, year),
    }
}

/// The spreadsheet of `year` for the file `output` (standard output when
/// `None`), in the format its name asks for ([`Format::for_output`]).
pub fn export_to(content: &Path, year: i32, output: Option<&Path>) -> Result<Vec<u8>, Diagnostics> {
    export_as(content, year, Format::for_output(output)?)
}

// ------------------------------------------------------------------ import

/// Reads a filled-in export (a workbook or a CSV, told apart by its bytes)
/// and checks every row; every problem at once.
fn read(file: &Path, plan: &Plan, year: i32) -> Result<Vec<Row>, Diagnostics> {
    let bytes = read_file(file)?;
    let (table, diags) = match file_kind(file, &bytes) {
        FileKind::Workbook => xlsx::read_table(file, bytes, year)?,
        FileKind::OldOrEncrypted => return Err(xlsx::old_or_encrypted(file).into()),
        FileKind::NotAWorkbook => return Err(xlsx::not_a_workbook(file).into()),
        FileKind::Csv => {
            let text = csv::decode(&bytes).map_err(|d| d.in_file(file))?;
            csv::read_table(file, &text)?
        }
    };
    check_rows(file, &table, plan, year, diags)
}

/// Reads a filled-in export and writes the actuals into the initiatives'
/// TOML files (keeping comments and layout) and the commentary into Markdown.
/// Nothing is written unless the whole file is valid.
pub fn import(
    content: &Path,
    file: &Path,
    year: i32,
    dry_run: bool,
) -> Result<ImportReport, Diagnostics> {
    let (plan, _) = crate::check::check(&options(content))?;
    check_year(&plan, year)?;
    let rows = read(file, &plan, year)?;
    let (changes, files) = plan_changes(&plan, year, &rows)?;
    let mut notes = Vec::new();
    if year > plan.site.latest_year {
        let latest = plan.site.latest_year;
        notes.push(ReportLine::new(
            format!(
                "FY{year} is after latest_reviewed_year = {latest} in site.toml: the site shows FY{year}'s \
                 results once you set latest_reviewed_year = {year} there."
            ),
            format!(
                "{}は site.toml の latest_reviewed_year = {latest} より後の年度です。\
                 site.toml で latest_reviewed_year = {year} にすると、サイトにこの年度の実績が表示されます。",
                year_label(year, Lang::JA)
            ),
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
    if let Err(mut diags) = crate::check::check(&options(content)) {
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
            .help("fix the problems below in the spreadsheet or the content and import again")
            .ja_help("下の問題を表（Excel ブックか CSV）かコンテンツで直してから、もう一度取り込んでください"),
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
