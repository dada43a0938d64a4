//! `mieruka export` / `mieruka import`: the annual review round trip through a spreadsheet.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics};

/// What an import changed (or, with `dry_run`, would change).
#[derive(Debug, Default)]
pub struct ImportReport {
    /// One human-readable line per change, e.g. `No.1 online-procedures 2025: actual (none) → 427`.
    pub changes: Vec<String>,
    /// Files written (0 with `dry_run`).
    pub files_written: usize,
}

/// The CSV (UTF-8 with BOM, CRLF) listing every indicator with its target and
/// an empty actual column for `year`, plus a commentary column per language.
pub fn export(content: &Path, year: i32) -> Result<Vec<u8>, Diagnostics> {
    let _ = (content, year);
    Err(Diagnostic::error("export is not available yet").into())
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
    let _ = (content, file, year, dry_run);
    Err(Diagnostic::error("import is not available yet").into())
}
