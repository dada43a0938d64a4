//! Problems found in the content, with the file and the place in it.
//!
//! Every stage reports through [`Diagnostic`]s so that `check` can list all
//! problems at once and `build` can stop before anything is written. The
//! rendering (source line with a marker under the offending text) is done by
//! annotate-snippets.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::base::text::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem: what is wrong, where, and what to do about it. Boxed, so that
/// `Result<T, Diagnostic>` stays small on the success path.
#[derive(Debug, Clone)]
pub struct Diagnostic(Box<Detail>);

#[derive(Debug, Clone)]
pub struct Detail {
    pub severity: Severity,
    pub message: String,
    /// The file, as the user named it (relative to the working folder when possible).
    pub file: Option<PathBuf>,
    /// The file's text and the byte range of the offending part, when known.
    pub source: Option<Arc<str>>,
    pub span: Option<Range<usize>>,
    /// The field, e.g. `indicators[0].years.2024.target`.
    pub field: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
    /// The message and the advice in Japanese, for `--lang ja` (the office's language).
    pub message_ja: Option<String>,
    pub help_ja: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic(Box::new(Detail {
            severity: Severity::Error,
            message: message.into(),
            file: None,
            source: None,
            span: None,
            field: None,
            help: None,
            message_ja: None,
            help_ja: None,
        }))
    }

    pub fn warning(message: impl Into<String>) -> Self {
        let mut d = Diagnostic::error(message);
        d.severity = Severity::Warning;
        d
    }

    pub fn in_file(mut self, file: &Path) -> Self {
        self.file = Some(file.to_path_buf());
        self
    }

    pub fn at(mut self, source: &Arc<str>, span: Range<usize>) -> Self {
        self.source = Some(Arc::clone(source));
        self.span = Some(span);
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The message in Japanese.
    pub fn ja(mut self, message: impl Into<String>) -> Self {
        self.message_ja = Some(message.into());
        self
    }

    /// The advice in Japanese.
    pub fn ja_help(mut self, help: impl Into<String>) -> Self {
        self.help_ja = Some(help.into());
        self
    }

    /// The message in `lang`, in English where no translation was given.
    pub fn message_in(&self, lang: Lang) -> &str {
        match (lang, &self.message_ja) {
            (Lang::JA, Some(ja)) => ja,
            _ => &self.message,
        }
    }

    fn help_in(&self, lang: Lang) -> Option<&str> {
        match (lang, &self.help_ja) {
            (Lang::JA, Some(ja)) => Some(ja),
            _ => self.help.as_deref(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// 1-based line and column (in characters) of the start of the span.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let (source, span) = (self.source.as_deref()?, self.span.as_ref()?);
        let start = floor_char_boundary(source, span.start.min(source.len()));
        let before = &source[..start];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = source[line_start..start].chars().count() + 1;
        Some((line, col))
    }

    /// The first line of the report: `file:line:col: message`.
    pub fn headline(&self) -> String {
        let mut out = String::new();
        if let Some(file) = &self.file {
            out.push_str(&file.display().to_string());
            if let Some((line, col)) = self.line_col() {
                out.push_str(&format!(":{line}:{col}"));
            }
            out.push_str(": ");
        }
        out.push_str(&self.message);
        out
    }

    /// The whole report in English, with the source line and a marker.
    pub fn render(&self) -> String {
        self.render_in(Lang::EN)
    }

    /// The whole report in `lang`, with the source line and a marker.
    pub fn render_in(&self, lang: Lang) -> String {
        let level = match (self.severity, lang) {
            (Severity::Error, Lang::JA) => Level::ERROR.with_name("エラー"),
            (Severity::Warning, Lang::JA) => Level::WARNING.with_name("警告"),
            (Severity::Error, _) => Level::ERROR,
            (Severity::Warning, _) => Level::WARNING,
        };
        let message = self.message_in(lang);
        let title = match (&self.field, lang) {
            (Some(field), Lang::JA) => format!("{message}（項目 `{field}`）"),
            (Some(field), _) => format!("{message} (field `{field}`)"),
            (None, _) => message.to_string(),
        };
        let path = self.file.as_ref().map(|p| p.display().to_string());
        let mut group = Group::with_title(level.primary_title(title.as_str()));
        let mut group_elements: Vec<annotate_snippets::Element> = Vec::new();
        match (&self.source, &self.span, &path) {
            (Some(source), Some(span), _) => {
                let span = clamp_span(source, span.clone());
                let mut snippet = Snippet::source(&**source).fold(true);
                if let Some(path) = &path {
                    snippet = snippet.path(path.as_str());
                }
                group_elements.push(
                    snippet
                        .annotation(AnnotationKind::Primary.span(span))
                        .into(),
                );
            }
            (_, _, Some(path)) => group_elements.push(Origin::path(path.as_str()).into()),
            _ => {}
        }
        if let Some(help) = self.help_in(lang) {
            let level = match lang {
                Lang::JA => Level::HELP.with_name("対処"),
                _ => Level::HELP,
            };
            group_elements.push(level.message(help).into());
        }
        for element in group_elements {
            group = group.element(element);
        }
        let report: [Group; 1] = [group];
        Renderer::plain().render(&report).to_string()
    }
}

impl std::ops::Deref for Diagnostic {
    type Target = Detail;
    fn deref(&self) -> &Detail {
        &self.0
    }
}

impl std::ops::DerefMut for Diagnostic {
    fn deref_mut(&mut self) -> &mut Detail {
        &mut self.0
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline())
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Keeps a span inside the text and on character boundaries, and never empty
/// when the text has something to point at.
fn clamp_span(source: &str, span: Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(source, span.start.min(source.len()));
    let mut end = floor_char_boundary(source, span.end.min(source.len())).max(start);
    if end == start && end < source.len() {
        end = source[start..]
            .char_indices()
            .nth(1)
            .map_or(source.len(), |(i, _)| start + i);
    }
    start..end
}

/// All problems found by a stage. A stage that found errors returns this as
/// its error; warnings ride along with a successful result.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.0.len() - self.errors()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Turns warnings into errors (`--strict`).
    pub fn promote_warnings(&mut self) {
        for d in &mut self.0 {
            d.severity = Severity::Error;
        }
    }

    /// Stable order: errors before warnings (so that what stops the build is
    /// read first), then by file, position and message.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (
                std::cmp::Reverse(a.severity),
                &a.file,
                a.span.as_ref().map(|s| s.start),
                &a.message,
            )
                .cmp(&(
                    std::cmp::Reverse(b.severity),
                    &b.file,
                    b.span.as_ref().map(|s| s.start),
                    &b.message,
                ))
        });
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{}", d.render())?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let src: Arc<str> = Arc::from("a = 1\ntitle = { ja = \"能美\", jp = 1 }\n");
        let at = src.find("jp").unwrap();
        let d = Diagnostic::error("unknown field `jp`")
            .in_file(Path::new("x.toml"))
            .at(&src, at..at + 2);
        assert_eq!(d.line_col(), Some((2, 22)));
        assert!(d.headline().starts_with("x.toml:2:22: unknown field"));
        let text = d.render();
        assert!(text.contains("jp = 1"), "{text}");
        assert!(text.contains("^^"), "{text}");
    }

    #[test]
    fn japanese_report() {
        let src: Arc<str> = Arc::from("number = 1\n");
        let d = Diagnostic::error("bad")
            .ja("番号が不正です")
            .help("fix it")
            .ja_help("番号を直してください")
            .field("number")
            .in_file(Path::new("a.toml"))
            .at(&src, 9..10);
        let ja = d.render_in(Lang::JA);
        assert!(
            ja.starts_with("エラー: 番号が不正です（項目 `number`）"),
            "{ja}"
        );
        assert!(ja.contains("対処: 番号を直してください"), "{ja}");
        assert!(ja.contains("a.toml:1:10"), "{ja}");
        let en = d.render_in(Lang::EN);
        assert!(
            en.starts_with("error: bad (field `number`)") && en.contains("help: fix it"),
            "{en}"
        );
        // Without a translation the English text is shown.
        assert!(
            Diagnostic::error("only english")
                .render_in(Lang::JA)
                .contains("only english")
        );
    }

    #[test]
    fn span_out_of_range_or_inside_a_character_does_not_panic() {
        let src: Arc<str> = Arc::from("能美");
        let d = Diagnostic::error("x").at(&src, 1..100);
        assert_eq!(d.line_col(), Some((1, 1)));
        let _ = d.render();
    }
}
