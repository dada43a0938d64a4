//! Checks the rendered site before it is published: every internal `href` and
//! `src` must be relative (so the site works at a domain root, in a sub-folder
//! and from disk) and must point at a file of the site.

use std::collections::BTreeSet;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::OutputFile;

/// All broken or absolute internal links, one problem per page and link.
pub fn check(files: &[OutputFile]) -> Result<(), Diagnostics> {
    let paths: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut diags = Diagnostics::default();
    for file in files.iter().filter(|f| f.path.ends_with(".html")) {
        let html = String::from_utf8_lossy(&file.bytes);
        let dir = file.path.rsplit_once('/').map_or("", |(d, _)| d);
        for link in links(&html) {
            if let Some(problem) = problem(dir, &link, &paths) {
                diags.push(
                    Diagnostic::error(format!("the page {} links to `{link}`: {problem}", file.path))
                        .help("fix the template or the Markdown that writes this link; internal links must be relative"),
                );
            }
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(())
    }
}

/// Values of `href="…"` and `src="…"` attributes, entity `&amp;` decoded.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].replace("&amp;", "&"));
                rest = &rest[end..];
            }
        }
    }
    out
}

fn problem(dir: &str, link: &str, paths: &BTreeSet<&str>) -> Option<String> {
    let link = link.trim();
    if link.is_empty() || link.starts_with('#') {
        return None;
    }
    if link.starts_with("//") {
        return Some("a protocol-relative address; write it with https:".into());
    }
    if link.starts_with('/') {
        return Some(
            "an absolute path, which breaks when the site is in a sub-folder or opened from disk"
                .into(),
        );
    }
    let before_slash = link.split('/').next().unwrap_or_default();
    if before_slash.contains(':') {
        return None; // https:, mailto: … external
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
                    return Some("it leads outside the site".into());
                }
            }
            p => parts.push(p),
        }
    }
    let resolved = parts.join("/");
    let found = paths.contains(resolved.as_str())
        || (target.ends_with('/') || target.is_empty())
            && paths.contains(format!("{resolved}/index.html").trim_start_matches('/'));
    if found {
        None
    } else {
        Some(format!("there is no file {resolved} in the site"))
    }
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
                r##"<a href="en/index.html">x</a><a href="https://example.jp/">y</a><a href="#main">z</a>"##,
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
