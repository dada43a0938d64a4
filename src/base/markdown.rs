//! Markdown: the extensions the content may use, a file's title, and the
//! safe HTML every page gets from it.

use std::path::PathBuf;
use std::sync::Arc;

use pulldown_cmark::{Alignment, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};

use crate::base::diagnostic::Diagnostic;
use crate::base::source;

/// A Markdown file, not yet rendered.
///
/// A build checks each file's text, then lets it go (a big plan's commentary
/// is tens of megabytes) and reads the file again when its page is rendered.
/// What is published must be what was checked, so the text read again is
/// compared with a digest of the checked one; a file saved in between fails
/// the build instead of being published unchecked.
#[derive(Debug, Clone)]
pub struct MarkdownFile {
    pub path: PathBuf,
    text: Held,
}

/// Where a file's text is: in memory, or let go with the digest of what was
/// checked. (One field rather than three: a big plan holds tens of thousands
/// of these.)
#[derive(Debug, Clone)]
enum Held {
    /// Read from the file and not yet let go.
    Read(Arc<str>),
    /// Made in memory, with no file behind it: never let go.
    InMemory(Arc<str>),
    /// Let go; the digest of the checked text.
    Released(Digest),
}

/// The length and hash of a text: enough to tell that a file changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Digest {
    len: usize,
    hash: u64,
}

impl Digest {
    fn of(text: &str) -> Digest {
        use std::hash::{Hash, Hasher};
        // SipHash with fixed keys: the same text gives the same digest in every run.
        let mut hasher = std::hash::DefaultHasher::new();
        text.hash(&mut hasher);
        Digest {
            len: text.len(),
            hash: hasher.finish(),
        }
    }
}

/// The Markdown extensions the content may use.
pub const MARKDOWN_OPTIONS: pulldown_cmark::Options =
    pulldown_cmark::Options::ENABLE_TABLES.union(pulldown_cmark::Options::ENABLE_STRIKETHROUGH);

impl MarkdownFile {
    /// A file read from `path`.
    pub fn new(path: PathBuf, source: Arc<str>) -> MarkdownFile {
        MarkdownFile {
            path,
            text: Held::Read(source),
        }
    }

    /// A text with no file behind it (`path` only names it in messages).
    pub fn in_memory(path: PathBuf, source: Arc<str>) -> MarkdownFile {
        MarkdownFile {
            path,
            text: Held::InMemory(source),
        }
    }

    /// The Markdown text: held, or read again from the file and verified to
    /// be the text that was checked.
    pub fn text(&self) -> Result<Arc<str>, Diagnostic> {
        let checked = match &self.text {
            Held::Read(text) | Held::InMemory(text) => return Ok(text.clone()),
            Held::Released(digest) => *digest,
        };
        let text = source::read_text(&self.path)?;
        match checked {
            digest if digest != Digest::of(&text) => Err(Diagnostic::error(
                "the file changed while the site was being built, so its new text has not been checked",
            )
            .ja("サイトを作っている間にファイルが変更されたため、新しい内容はまだ確認されていません")
            .in_file(&self.path)
            .help("build again (the preview rebuilds by itself)")
            .ja_help("もう一度作成してください（プレビューは自動で作り直します）")),
            _ => Ok(text),
        }
    }

    /// Lets the text go once it is checked; [`MarkdownFile::text`] reads the
    /// file again and verifies it. A text made in memory is kept.
    pub fn release(&mut self) {
        if let Held::Read(text) = &self.text {
            self.text = Held::Released(Digest::of(text));
        }
    }

    /// The text of the first `# ` heading (a page's title), raw HTML in it kept as text.
    pub fn title(&self) -> Option<String> {
        use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
        let mut in_h1 = false;
        let mut title = String::new();
        let text = self.text().ok()?;
        for event in Parser::new_ext(&text, MARKDOWN_OPTIONS) {
            match event {
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                }) => in_h1 = true,
                Event::End(TagEnd::Heading(HeadingLevel::H1)) => return Some(title),
                Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t)
                    if in_h1 =>
                {
                    title.push_str(&t)
                }
                _ => {}
            }
        }
        None
    }
}

/// Renders commentary Markdown to HTML, safely: raw HTML is shown as text,
/// links with schemes other than http(s) and mailto are dropped (their text
/// stays), external links open with `rel="noopener noreferrer"`, images are
/// shown as their description (pages load nothing from elsewhere), and headings
/// are moved below the page's own (`min_level` is the highest level allowed).
pub fn markdown(source: &str, min_level: u8) -> String {
    let options = MARKDOWN_OPTIONS;
    let shift = |level: HeadingLevel| -> HeadingLevel {
        let n = (level as u8 + min_level - 1).min(6);
        HeadingLevel::try_from(n as usize).unwrap_or(HeadingLevel::H6)
    };
    // For each open link: how it is closed (nothing, plain </a>).
    let mut links: Vec<bool> = Vec::new();
    let mut events = Vec::new();
    // Text merged into one event per run, so that ruby (`{漢字|かんじ}`)
    // split by the parser is seen whole.
    for event in pulldown_cmark::TextMergeStream::new(Parser::new_ext(source, options)) {
        let out = match event {
            Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
            Event::Text(text) if crate::base::text::has_ruby(&text) => {
                Event::InlineHtml(CowStr::from(crate::base::text::ruby_html(&text)))
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => Event::Start(Tag::Heading {
                level: shift(level),
                id,
                classes,
                attrs,
            }),
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shift(level))),
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                dest_url,
                ..
            }) => {
                links.push(true);
                Event::InlineHtml(CowStr::from(format!(
                    "<a href=\"mailto:{}\" rel=\"noopener noreferrer\">",
                    escape_html(&dest_url)
                )))
            }
            // Alignment would be written as a style attribute, which the pages' policy forbids.
            Event::Start(Tag::Table(columns)) => {
                Event::Start(Tag::Table(vec![Alignment::None; columns.len()]))
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let keep = safe_url(&dest_url);
                links.push(keep);
                if !keep {
                    continue;
                }
                let external = dest_url.contains(':');
                let rel = if external {
                    " rel=\"noopener noreferrer\""
                } else {
                    ""
                };
                Event::InlineHtml(CowStr::from(format!(
                    "<a href=\"{}\"{rel}>",
                    escape_html(&dest_url)
                )))
            }
            Event::End(TagEnd::Link) => {
                if links.pop().unwrap_or(false) {
                    Event::InlineHtml(CowStr::Borrowed("</a>"))
                } else {
                    continue;
                }
            }
            // The description of an image stays as text; the image is not loaded.
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => continue,
            other => other,
        };
        events.push(out);
    }
    let mut html = String::with_capacity(source.len() * 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.split_once(':') {
        Some((scheme, _))
            if !scheme.contains('/') && !scheme.contains('?') && !scheme.contains('#') =>
        {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// Drops a leading `<h1>` of rendered page Markdown (the template prints the title).
pub fn strip_first_h1(html: &str) -> String {
    if let Some(rest) = html.trim_start().strip_prefix("<h1>")
        && let Some(end) = rest.find("</h1>")
    {
        return rest[end + "</h1>".len()..].trim_start().to_string();
    }
    html.to_string()
}

pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let _ = write_escaped(&mut out, s);
    out
}

/// Writes `s` with `& < > " '` escaped, copying the runs between them whole.
pub fn write_escaped(out: &mut impl std::fmt::Write, s: &str) -> std::fmt::Result {
    let mut start = 0;
    for (at, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.write_str(&s[start..at])?;
        out.write_str(entity)?;
        start = at + 1;
    }
    out.write_str(&s[start..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_changed_after_its_check_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("2024.progress.ja.md");
        std::fs::write(&path, "- 実施した\n").unwrap();
        let mut file = MarkdownFile::new(path.clone(), "- 実施した\n".into());
        file.release();
        std::fs::write(&path, "- 実施した（追記）\n").unwrap();
        let err = file.text().unwrap_err();
        assert!(
            err.render()
                .contains("changed while the site was being built")
        );
        assert!(
            err.render_in(crate::base::text::Lang::JA)
                .contains("2024.progress.ja.md")
        );
        // A text made in memory has no file to read again, so it is kept.
        let mut held = MarkdownFile::in_memory(dir.path().join("none.md"), "x".into());
        held.release();
        assert_eq!(&*held.text().unwrap(), "x");
    }

    #[test]
    fn ruby_in_paragraphs_lists_and_table_cells() {
        let html = markdown(
            "{収納率|しゅうのうりつ}を{上|あ}げます\n\n**{上|あ}げ**\n\n- {税金|ぜいきん}\n\n| a |\n|---|\n| {能美市｜のみし} |\n\n{<b>|x}",
            3,
        );
        assert!(
            html.contains("<ruby>収納率<rp>(</rp><rt>しゅうのうりつ</rt><rp>)</rp></ruby>を"),
            "{html}"
        );
        assert!(html.contains("<p><strong><ruby>上<rp>"), "{html}");
        assert!(html.contains("<li><ruby>税金"), "{html}");
        assert!(
            html.contains("<td><ruby>能美市<rp>(</rp><rt>のみし"),
            "{html}"
        );
        assert!(html.contains("{&lt;b&gt;|x}"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
    }

    #[test]
    fn markdown_escapes_html_and_drops_script_links() {
        let html = markdown(
            "<script>alert(1)</script>\n\n[a](javascript:alert(1)) [b](https://x.jp)",
            3,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("href=\"https://x.jp\""), "{html}");
    }

    #[test]
    fn external_links_get_noopener_and_images_become_text() {
        let html = markdown(
            "[a](https://x.jp/?a=1&b=\"2\") [b](../x.html) ![圖](https://t.jp/p.png) [c](JAVASCRIPT:x) [d](data:text/html,x)",
            3,
        );
        assert!(
            html.contains(
                r#"<a href="https://x.jp/?a=1&amp;b=&quot;2&quot;" rel="noopener noreferrer">a</a>"#
            ),
            "{html}"
        );
        assert!(html.contains(r#"<a href="../x.html">b</a>"#), "{html}");
        assert!(!html.contains("<img") && html.contains('圖'), "{html}");
        assert!(
            !html.to_lowercase().contains("javascript") && !html.contains("data:"),
            "{html}"
        );
        assert!(html.contains(" c ") && html.contains('d'), "{html}");
    }

    #[test]
    fn email_autolinks_tables_and_titles() {
        let html = markdown("<a@b.jp>\n\n| x | y |\n|:-:|--:|\n| 1 | 2 |", 3);
        assert!(
            html.contains(r#"<a href="mailto:a@b.jp" rel="noopener noreferrer">a@b.jp</a>"#),
            "{html}"
        );
        assert!(!html.contains("style="), "{html}");
        assert_eq!(
            MarkdownFile::new("p.md".into(), "# A <T> ~~b~~\n".into())
                .title()
                .as_deref(),
            Some("A <T> b")
        );
    }

    #[test]
    fn headings_move_below_the_page() {
        assert!(markdown("# A", 3).contains("<h3>A</h3>"));
        assert!(markdown("###### A", 3).contains("<h6>A</h6>"));
    }
}
