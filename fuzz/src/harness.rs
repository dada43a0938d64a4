//! What one fuzz input goes through, shared by the cargo-fuzz targets and by
//! the proptest harness of `tests/testsuite/robustness.rs` (which includes this file
//! with `#[path]`, next to `html_safety.rs`).
//!
//! Each function panics when it finds a bug — any panic inside mieruka, or an
//! outcome that breaks a promise to users (script that could run in the
//! published site, valid content that cannot be published) — and returns
//! normally when the input was published or rejected with a diagnostic.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use mieruka::base::diagnostic::{Diagnostic, Diagnostics};
use mieruka::base::markdown::MarkdownFile;
use mieruka::base::text::Lang;
use mieruka::check::config::SiteFile;
use mieruka::check::load::{CommentaryFile, Content, InitiativeFile, LoadedInitiative};
use mieruka::model::CommentaryKind;
use mieruka::render::theme::Theme;

use crate::html_safety::{MARKDOWN_TAGS, problems, tags, without_theme_style};

/// The plan every fuzzed initiative is checked against.
pub const SITE_TOML: &str = include_str!("../../tests/fixtures/basic/site.toml");

/// Separates the initiative.toml from the Markdown commentary in one input.
pub const COMMENTARY_SEPARATOR: &str = "\n%%%\n";

/// How an input ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Rejected with at least one error that names what is wrong.
    Rejected,
    /// Passed every check and was rendered into a safe site.
    Published,
}

/// Renders commentary Markdown and checks that the HTML is safe: only the
/// plain Markdown elements, no handler, only http(s)/mailto/relative links,
/// and external links open with `rel="noopener noreferrer"`.
pub fn markdown(source: &str) {
    for level in [1, 3] {
        let html = mieruka::base::markdown::markdown(source, level);
        let found = problems(&html, Some(MARKDOWN_TAGS));
        assert!(
            found.is_empty(),
            "unsafe HTML from Markdown {source:?}:\n{}\n{html}",
            found.join("\n")
        );
        for tag in tags(&html) {
            if tag.name != "a" || tag.closing {
                continue;
            }
            let href = tag.attrs.iter().find(|(n, _)| n == "href");
            let rel = tag.attrs.iter().find(|(n, _)| n == "rel");
            if href.is_some_and(|(_, v)| v.contains(':')) {
                assert_eq!(
                    rel.map(|(_, v)| v.as_str()),
                    Some("noopener noreferrer"),
                    "external link without rel: {}",
                    tag.raw
                );
            }
        }
    }
}

fn theme() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    THEME.get_or_init(|| Theme::load(None).expect("the built-in theme loads"))
}

fn site() -> SiteFile {
    let path = PathBuf::from("content/site.toml");
    let source: Arc<str> = Arc::from(SITE_TOML);
    let config =
        mieruka::base::source::parse_toml(&path, &source).expect("the fixture's site.toml");
    SiteFile {
        path,
        source,
        config,
    }
}

/// A diagnostic must render (in both languages) and say something.
fn check_diagnostic(d: &Diagnostic) {
    assert!(!d.message.trim().is_empty(), "empty message: {d:?}");
    let en = d.render();
    let ja = d.render_in(Lang::JA);
    assert!(!en.is_empty() && !ja.is_empty());
}

/// Runs one input through everything `mieruka build` does after reading the
/// files: parse, validate, render every page and chart, check the links, and
/// scan every page and chart for script. The input is an initiative.toml,
/// optionally followed by [`COMMENTARY_SEPARATOR`] and Markdown used as the
/// initiative's FY2024 progress and shortfall commentary.
pub fn initiative_toml(input: &str) -> Outcome {
    let (toml, commentary) = match input.split_once(COMMENTARY_SEPARATOR) {
        Some((t, c)) => (t, Some(c)),
        None => (input, None),
    };
    let dir = PathBuf::from("content/initiatives/01-fuzz");
    let path = dir.join("initiative.toml");
    let source: Arc<str> = Arc::from(toml);
    let file = match mieruka::base::source::parse_toml::<InitiativeFile>(&path, &source) {
        Ok(f) => f,
        Err(d) => {
            check_diagnostic(&d);
            assert!(
                d.render().contains("initiative.toml"),
                "the message does not name the file: {}",
                d.render()
            );
            return Outcome::Rejected;
        }
    };
    let commentary = commentary
        .map(|text| {
            let text: Arc<str> = Arc::from(text);
            [CommentaryKind::Progress, CommentaryKind::Shortfall]
                .into_iter()
                .flat_map(|kind| {
                    let text = text.clone();
                    let dir = dir.clone();
                    [Lang::JA, Lang::EN]
                        .into_iter()
                        .map(move |lang| CommentaryFile {
                            year: 2024,
                            kind,
                            lang,
                            file: MarkdownFile::in_memory(
                                dir.join(format!("2024.x.{}.md", lang.code())),
                                text.clone(),
                            ),
                        })
                })
                .collect()
        })
        .unwrap_or_default();
    let loaded = LoadedInitiative {
        id: "01-fuzz".into(),
        dir: dir.clone(),
        path,
        source,
        file,
        commentary,
    };
    // The same check pipeline as `mieruka check` and `mieruka build`, with
    // the initiative read from memory instead of the content folder.
    let checked = mieruka::check::check_with(site(), Path::new("content"), false, |then| {
        let mut diags = Diagnostics::default();
        let initiatives = then(loaded, &mut diags).into_iter().collect();
        let content = Content {
            initiatives,
            pages: Vec::new(),
        };
        (content, diags)
    });
    let (plan, warnings) = match checked {
        Ok(ok) => ok,
        Err(diags) => {
            assert!(diags.has_errors(), "rejected without an error");
            diags.iter().for_each(check_diagnostic);
            return Outcome::Rejected;
        }
    };
    warnings.iter().for_each(check_diagnostic);
    let sink = mieruka::base::output::MemorySink::default();
    if let Err(diags) =
        mieruka::render::render(&mieruka::check::assess::assess(&plan), theme(), &sink)
    {
        let text: Vec<String> = diags.iter().map(Diagnostic::render).collect();
        panic!("valid content could not be rendered:\n{}", text.join("\n"));
    }
    let mut files = sink.files.into_inner().unwrap();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    if let Err(diags) = mieruka::site::links::check(&files) {
        // A Markdown link to a file that is not in the site is the author's
        // mistake, reported with the page; anything else is a bug.
        for d in diags.iter() {
            check_diagnostic(d);
            assert!(
                commentary_has_links(input) && d.message.contains("links to"),
                "broken link made by mieruka itself: {}",
                d.render()
            );
        }
        return Outcome::Rejected;
    }
    for f in &files {
        if Path::new(&f.path)
            .extension()
            .is_some_and(|e| e == "html" || e == "svg")
        {
            let text = std::str::from_utf8(&f.bytes).expect("pages are UTF-8");
            let found = problems(&without_theme_style(text), None);
            assert!(
                found.is_empty(),
                "unsafe markup in {}:\n{}",
                f.path,
                found.join("\n")
            );
        }
    }
    Outcome::Published
}

fn commentary_has_links(input: &str) -> bool {
    input
        .split_once(COMMENTARY_SEPARATOR)
        .is_some_and(|(_, md)| md.contains(']') || md.contains('<'))
}
