//! Checks the rendered site before it is published: every internal `href` and
//! `src` must be relative (so the site works at a domain root, in a sub-folder
//! and from disk) and must point at a file of the site.
//!
//! Files are recorded one by one as they are rendered ([`Checker::record`]), so
//! the site never has to be held in memory; only the set of paths and the
//! link targets not seen yet (with the first page that uses each) are kept.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::output::OutputFile;

#[derive(Default)]
pub struct Checker {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Every file of the site so far.
    paths: HashSet<Box<str>>,
    /// Targets linked to before any file had their path: the target → the
    /// first page (in path order) linking to it, the link as written there,
    /// and how many pages link to it. A file arriving later takes its target
    /// off this list, so what is left at the end leads nowhere. Pages and
    /// their charts arrive close together, so the list stays short.
    pending: HashMap<String, (String, String, usize)>,
    problems: Vec<Diagnostic>,
}

impl State {
    fn exists(&self, target: &str) -> bool {
        self.paths.contains(target)
            || ((target.is_empty() || target.ends_with('/'))
                && self.paths.contains(format!("{target}index.html").as_str()))
    }
}

impl Checker {
    /// Notes a file of the site and, for a page, its links.
    pub fn record(&self, file: &OutputFile) {
        let mut targets = Vec::new();
        let mut problems = Vec::new();
        if file.path.ends_with(".html") {
            let dir = file.path.rsplit_once('/').map_or("", |(d, _)| d);
            for link in links(&file.bytes) {
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
        state.add_path(&file.path);
        for (target, link) in targets {
            if state.exists(&target) {
                continue;
            }
            let entry = state
                .pending
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

    /// Notes a file of the site that has no links (one written in pieces).
    pub fn record_path(&self, path: &str) {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .add_path(path);
    }

    /// Every link that leads nowhere, once all files are recorded.
    pub fn finish(self) -> Result<(), Diagnostics> {
        let mut state = self
            .state
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let pending = std::mem::take(&mut state.pending);
        let mut diags = Diagnostics(std::mem::take(&mut state.problems));
        for (target, (page, link, pages)) in &pending {
            if state.exists(target) {
                continue;
            }
            let shown = target.trim_end_matches('/');
            let (others, others_ja) = match pages - 1 {
                0 => (String::new(), String::new()),
                1 => (
                    " (and 1 other page)".to_string(),
                    "（ほか 1 ページも同じ）".to_string(),
                ),
                n => (
                    format!(" (and {n} other pages)"),
                    format!("（ほか {n} ページも同じ）"),
                ),
            };
            diags.push(broken(
                page,
                link,
                &(
                    format!("there is no file {shown} in the site{others}"),
                    format!("サイトに {shown} というファイルはありません{others_ja}"),
                ),
            ));
        }
        if diags.has_errors() {
            diags.sort();
            Err(diags)
        } else {
            Ok(())
        }
    }
}

impl State {
    fn add_path(&mut self, path: &str) {
        self.paths.insert(path.into());
        if !self.pending.is_empty() {
            self.pending.remove(path);
            if let Some(dir) = path.strip_suffix("index.html")
                && (dir.is_empty() || dir.ends_with('/'))
            {
                self.pending.remove(dir);
            }
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

/// Why a link cannot work, in English and Japanese.
type Problem = (String, String);

fn broken(page: &str, link: &str, (problem, problem_ja): &Problem) -> Diagnostic {
    Diagnostic::error(format!("the page {page} links to `{link}`: {problem}"))
        .ja(format!("ページ {page} のリンク `{link}` は使えません：{problem_ja}"))
        .help("fix the template or the Markdown that writes this link; internal links must be relative")
        .ja_help("このリンクを書いているテンプレートか Markdown を直してください（サイト内のリンクは相対パスにします）")
}

/// Values of `href="…"` and `src="…"` attributes, entity `&amp;` decoded.
fn links(html: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    // Every `="` whose attribute name is href or src.
    for at in memchr::memmem::find_iter(html, b"=\"") {
        let before = &html[..at];
        if !(before.ends_with(b" href") || before.ends_with(b" src")) {
            continue;
        }
        let value = &html[at + 2..];
        if let Some(end) = memchr::memchr(b'"', value) {
            let link = String::from_utf8_lossy(&value[..end]);
            out.push(if link.contains('&') {
                link.replace("&amp;", "&")
            } else {
                link.into_owned()
            });
        }
    }
    out
}

/// The site path a link points at; `None` for links that leave the site
/// (other schemes) or stay on the page; an error for links that cannot work.
fn resolve(dir: &str, link: &str) -> Result<Option<String>, Problem> {
    let link = link.trim();
    if link.is_empty() || link.starts_with('#') {
        return Ok(None);
    }
    if link.starts_with("//") {
        return Err((
            "a protocol-relative address; write it with https:".into(),
            "「//」で始まるアドレスです。https: から書いてください".into(),
        ));
    }
    if link.starts_with('/') {
        return Err((
            "an absolute path, which breaks when the site is in a sub-folder or opened from disk"
                .into(),
            "「/」で始まるパスは、サイトをフォルダーの中に置いたときやファイルから開いたときに切れます"
                .into(),
        ));
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
                    return Err((
                        "it leads outside the site".into(),
                        "サイトの外を指しています".into(),
                    ));
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
