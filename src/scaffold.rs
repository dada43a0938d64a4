//! `mieruka new initiative`: a complete, valid starting point for the office to fill in.

use crate::diagnostic::{Diagnostic, Diagnostics};
use std::path::Path;

/// Creates `initiatives/<slug>/` with a complete, valid initiative.toml (both
/// languages' placeholders, comments explaining each field) and returns its folder.
pub fn new_initiative(
    content: &Path,
    slug: &str,
    number: Option<u32>,
) -> Result<std::path::PathBuf, Diagnostics> {
    let _ = (content, slug, number);
    Err(Diagnostic::error("new is not available yet").into())
}
