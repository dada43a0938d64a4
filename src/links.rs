//! Checks the rendered site before it is published: every internal `href` and
//! `src` must be relative (so the site works at a domain root, in a sub-folder
//! and from disk) and must point at a file of the site.
//!
//! Files are recorded one by one as they are rendered ([`Checker::record`]), so
//! the site never has to be held in memory; only the set of paths and each
//! distinct link target (with the first page that uses it) are kept.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::OutputFile;

#[derive(Default)]
pub struct Checker {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    paths: BTreeSet<String>,
    /// Resolved target → the first page (in path order) linking to it, the
    /// link as written there, and how many pages link to it.
    targets: BTreeMap<String, (String, String, usize)>,
    problems: Vec<Diagnostic>,
}

impl Checker {
    /// Notes a file of the site and, for a page, its links.
    pub fn record(&self, file: &OutputFile) {
        let mut targets = Vec::new();
        let mut problems = Vec::new();
        if file.path.ends_with(".html") {
            let html = match std::str::from_utf8(&file.bytes) {
                Ok(text) => std::borrow::Cow::Borrowed(text),
                Err(_) => String::from_utf8_lossy(&file.bytes),
            };
            let dir = file.path.rsplit_once('/').map_or("", |(d, _)| d);
            for link in links(&html) {
                match resolve(dir, &link) {
                    Ok(Some(target)) => targets.push((target, link)),
                    Ok(None) => {}
                    Err(problem) => problems.push(broken(&file.path, &link, &problem)),
                }
            }
        }
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        state.paths.insert(file.path.clone());
        for (target, link) in targets {
            let entry = state
                .targets
                .entry(target)
                .or_insert_with(|| (file.path.clone(), link.clone(), 0));
            entry.2 += 1;
            // Pages arrive in any order: keep the first by path, so messages do not vary.
            if file.path < entry.0 {
                entry.0 = file.path.clone();
                entry.1 = link;
            }
        }
        state.problems.extend(problems);
    }

    /// Every link that leads nowhere, once all files are recorded.
    pub fn finish(self) -> Result<(), Diagnostics> {
        let state = self
            .state
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut diags = Diagnostics(state.problems);
        for (target, (page, link, pages)) in &state.targets {
            let found = state.paths.contains(target)
                || state.paths.contains(&format!("{}index.html", target));
            if !found {
                let shown = target.trim_end_matches('/');
                let others = match pages - 1 {
                    0 => String::new(),
                    1 => " (and 1 other page)".to_string(),
                    n => format!(" (and {n} other pages)"),
                };
                diags.push(broken(
                    page,
                    link,
                    &format!("there is no file {shown} in the site{others}"),
                ));
            }
        }
        if diags.has_errors() {
            diags.sort();
            Err(diags)
        } else {
            Ok(())
        }
    }
}

/// Checks a whole site at once.
pub fn check(files: &[OutputFile]) -> Result<(), Diagnostics> {
    let checker = Checker::default();
    for f in files {
        checker.record(f);
    }
    checker.finish()
}

fn broken(page: &str, link: &str, problem: &str) -> Diagnostic {
    Diagnostic::error(format!("the page {page} links to `{link}`: {problem}"))
        .ja(format!("ページ {page} のリンク `{link}` の行き先がありません（{problem}）"))
        .help("fix the template or the Markdown that writes this link; internal links must be relative")
        .ja_help("このリンクを書いているテンプレートか Markdown を直してください（サイト内のリンクは相対パスにします）")
}

/// Values of `href="…"` and `src="…"` attributes, entity `&amp;` decoded.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Every `="` whose attribute name is href or src (a byte search for `=`).
    for (at, _) in html.match_indices('=') {
        let before = &html[..at];
        if !(before.ends_with(" href") || before.ends_with(" src")) {
            continue;
        }
        let Some(value) = html[at + 1..].strip_prefix('"') else {
            continue;
        };
        if let Some(end) = value.find('"') {
            let link = &value[..end];
            out.push(if link.contains('&') {
                link.replace("&amp;", "&")
            } else {
                link.to_string()
            });
        }
    }
    out
}

/// The site path a link points at; `None` for links that leave the site
/// (other schemes) or stay on the page; an error for links that cannot work.
fn resolve(dir: &str, link: &str) -> Result<Option<String>, String> {
    let link = link.trim();
    if link.is_empty() || link.starts_with('#') {
        return Ok(None);
    }
    if link.starts_with("//") {
        return Err("a protocol-relative address; write it with https:".into());
    }
    if link.starts_with('/') {
        return Err(
            "an absolute path, which breaks when the site is in a sub-folder or opened from disk"
                .into(),
        );
    }
    let before_slash = link.split('/').next().unwrap_or_default();
    if before_slash.contains(':') {
        return Ok(None); // https:, mailto: … external
    }
    let target = link.split(['#', '?']).next().unwrap_or_default();
    let mut parts: Vec<&str> = if dir.is_empty() {
        Vec::new()
    } else {
        dir.split('/').collect()
    };
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err("it leads outside the site".into());
                }
            }
            p => parts.push(p),
        }
    }
    let mut resolved = parts.join("/");
    if target.ends_with('/') && !resolved.is_empty() {
        resolved.push('/');
    }
    Ok(Some(resolved))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(pages: &[(&str, &str)]) -> Vec<OutputFile> {
        pages
            .iter()
            .map(|(p, b)| OutputFile {
                path: p.to_string(),
                bytes: b.as_bytes().to_vec(),
            })
            .collect()
    }

    #[test]
    fn relative_links_resolve() {
        let files = site(&[
            (
                "index.html",
                r##"<a href="en/index.html">x</a><a href="https://example.jp/">y</a><a href="#main">z</a><a href="en/">w</a>"##,
            ),
            (
                "en/index.html",
                r#"<a href="../index.html">x</a><img src="../assets/a.svg">"#,
            ),
            ("assets/a.svg", ""),
        ]);
        assert!(check(&files).is_ok());
    }

    #[test]
    fn broken_and_absolute_links_are_named() {
        let files = site(&[(
            "en/index.html",
            r#"<a href="../nope.html">x</a><a href="/index.html">y</a><a href="../../up.html">z</a>"#,
        )]);
        let err = check(&files).unwrap_err().to_string();
        assert!(
            err.contains(
                "the page en/index.html links to `../nope.html`: there is no file nope.html"
            ),
            "{err}"
        );
        assert!(err.contains("`/index.html`: an absolute path"), "{err}");
        assert!(
            err.contains("`../../up.html`: it leads outside the site"),
            "{err}"
        );
    }
}
