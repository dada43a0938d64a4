//! Does an HTML or SVG document made by mieruka contain anything that could
//! run script in a browser? Used by the fuzz targets and, through
//! `#[path = "../../fuzz/src/html_safety.rs"]`, by `tests/testsuite/hostile.rs` and
//! `tests/testsuite/robustness.rs`. Plain std, no dependencies.
//!
//! The documents are mieruka's own output, in which every `<` of content is
//! escaped, so every literal `<` starts real markup. Each tag is parsed the way
//! a browser tokenizes it (name, then attributes with quoted or unquoted
//! values) and checked: no script-capable element, no event-handler
//! attribute, no URL attribute with a scheme other than http, https or mailto
//! (after decoding entities and dropping the characters browsers ignore in a
//! URL, so `java&#x09;script:` counts as `javascript:`), no meta refresh but one
//! that sends the reader at once to a relative address of the same site.

/// Elements that run script, load active content, or change how every URL
/// of the page resolves.
const FORBIDDEN_TAGS: &[&str] = &[
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "style",
    "base",
    "form",
    "template",
    "foreignobject",
    "handler",
    "listener",
    "set",
    "animate",
];

/// Attributes whose value a browser follows or loads as a URL.
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "xlink:href",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "srcset",
    "ping",
    "cite",
    "longdesc",
];

/// Tags that rendered commentary Markdown may contain, and nothing else: no
/// images (they load from elsewhere), no raw HTML.
pub const MARKDOWN_TAGS: &[&str] = &[
    "p",
    "a",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
];

/// One tag as a browser would read it.
#[derive(Debug)]
pub struct Tag {
    pub name: String,
    pub closing: bool,
    /// Names lower-cased; values with entities decoded.
    pub attrs: Vec<(String, String)>,
    /// The tag's text as written, for messages.
    pub raw: String,
}

/// Every tag of the document, comments, doctype and XML declaration skipped.
pub fn tags(doc: &str) -> Vec<Tag> {
    let b = doc.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = doc[i..].find('<') {
        let start = i + off;
        let rest = &doc[start..];
        if rest.starts_with("<!--") {
            i = match rest.find("-->") {
                Some(e) => start + e + 3,
                None => doc.len(),
            };
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            i = match rest.find('>') {
                Some(e) => start + e + 1,
                None => doc.len(),
            };
            continue;
        }
        let mut j = start + 1;
        let closing = b.get(j) == Some(&b'/');
        if closing {
            j += 1;
        }
        let name_start = j;
        // A tag name starts with an ASCII letter; anything else is text.
        if !b.get(j).is_some_and(u8::is_ascii_alphabetic) {
            i = start + 1;
            continue;
        }
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'/' && b[j] != b'>' {
            j += 1;
        }
        let name = doc[name_start..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                break;
            }
            let a = j;
            // An attribute name may start with `=`; it ends at space, `/`, `>` or `=`.
            j += 1;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'/' | b'>' | b'=')
            {
                j += 1;
            }
            let attr = doc[a..j].to_ascii_lowercase();
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if b.get(j) == Some(&b'=') {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                match b.get(j) {
                    Some(&q) if q == b'"' || q == b'\'' => {
                        let v = j + 1;
                        let end = doc[v..].find(q as char).map_or(doc.len(), |e| v + e);
                        value = decode_entities(&doc[v..end]);
                        j = (end + 1).min(doc.len());
                    }
                    _ => {
                        let v = j;
                        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                            j += 1;
                        }
                        value = decode_entities(&doc[v..j]);
                    }
                }
            }
            attrs.push((attr, value));
        }
        let end = (j + 1).min(doc.len());
        let raw: String = doc[start..end].chars().take(160).collect();
        out.push(Tag {
            name,
            closing,
            attrs,
            raw,
        });
        i = end;
    }
    out
}

/// Everything in `doc` that could run script. `allowed`, when given, is the
/// complete list of tag names the document may use.
/// The page without the theme's own stylesheet, which the not-found page
/// carries inline (so that it is styled at any address): only a `<style>`
/// element holding exactly the theme's `style.css` is taken out, so any other
/// style element (one from content) is still found by [`problems`].
pub fn without_theme_style(doc: &str) -> std::borrow::Cow<'_, str> {
    const CSS: &str = include_str!("../../theme/static/style.css");
    let inline = format!("<style>{CSS}</style>");
    if doc.contains(&inline) {
        doc.replacen(&inline, "", 1).into()
    } else {
        doc.into()
    }
}

pub fn problems(doc: &str, allowed: Option<&[&str]>) -> Vec<String> {
    let mut out = Vec::new();
    for tag in tags(doc) {
        if FORBIDDEN_TAGS.contains(&tag.name.as_str()) {
            out.push(format!("element <{}>: {}", tag.name, tag.raw));
        }
        if let Some(allowed) = allowed
            && !allowed.contains(&tag.name.as_str())
        {
            out.push(format!("unexpected element <{}>: {}", tag.name, tag.raw));
        }
        if tag.closing {
            continue;
        }
        for (name, value) in &tag.attrs {
            if name.starts_with("on") {
                out.push(format!("event handler `{name}`: {}", tag.raw));
            }
            if URL_ATTRS.contains(&name.as_str()) && !safe_url(value) {
                out.push(format!("{name}=\"{value}\": {}", tag.raw));
            }
            if name == "style" {
                let v = value.to_ascii_lowercase();
                if ["url(", "expression", "javascript", "@import", "\\"]
                    .iter()
                    .any(|bad| v.contains(bad))
                {
                    out.push(format!("style `{value}`: {}", tag.raw));
                }
            }
            if tag.name == "meta"
                && name == "http-equiv"
                && value.eq_ignore_ascii_case("refresh")
                && !sends_on_within(&tag.attrs)
            {
                out.push(format!("meta refresh: {}", tag.raw));
            }
        }
    }
    out
}

/// A meta refresh that only sends the reader on to another page of the
/// same site, at once (a published address whose page moved): `0; url=`
/// and a relative URL without a scheme or a host.
fn sends_on_within(attrs: &[(String, String)]) -> bool {
    let Some((_, content)) = attrs.iter().find(|(n, _)| n == "content") else {
        return false;
    };
    let Some(url) = content.strip_prefix("0; url=") else {
        return false;
    };
    let relative = !url.contains(':') && !url.starts_with("//") && !url.starts_with('/');
    relative && !url.is_empty() && url.chars().all(|c| c > ' ' && c != '\\') && safe_url(url)
}

/// A URL a browser would follow without running script: relative, or http,
/// https, mailto. The characters browsers drop (ASCII tab and line ends
/// anywhere, C0 controls and spaces at the ends) are dropped first.
pub fn safe_url(url: &str) -> bool {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    match cleaned.find([':', '/', '?', '#', '\\']) {
        Some(i) if cleaned.as_bytes()[i] == b':' => {
            matches!(&cleaned[..i], "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// Decodes the character references a browser decodes in an attribute value.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map_or(rest.len(), |e| e + 1);
        let body = &rest[1..end];
        let decoded = if let Some(num) = body.strip_prefix('#') {
            let n = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => num.parse::<u32>().ok(),
            };
            n.map(|n| char::from_u32(n).unwrap_or('\u{FFFD}'))
        } else {
            match body {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "colon" => Some(':'),
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                "sol" => Some('/'),
                "num" => Some('#'),
                "lpar" => Some('('),
                "rpar" => Some(')'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end..];
                if rest.starts_with(';') {
                    rest = &rest[1..];
                }
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_runs_script() {
        for bad in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<a href=\"java&#x09;script:alert(1)\">x</a>",
            "<a href='JaVaScRiPt:alert(1)'>x</a>",
            "<a href=\" javascript:alert(1)\">x</a>",
            "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>",
            "<svg/onload=alert(1)>",
            "<iframe src=\"https://x\"></iframe>",
            "<meta http-equiv=\"refresh\" content=\"0;url=https://x\">",
            "<meta http-equiv=\"refresh\" content=\"0; url=https://x\">",
            "<meta http-equiv=\"refresh\" content=\"0; url=//x/\">",
            "<meta http-equiv=\"refresh\" content=\"0; url=javascript:alert(1)\">",
            "<p style=\"background:url(javascript:x)\">",
        ] {
            assert!(!problems(bad, None).is_empty(), "{bad}");
        }
    }

    #[test]
    fn escaped_text_is_fine() {
        let ok = "<p title=\"&quot; onload=alert(1)\">&lt;script&gt;alert(1)&lt;/script&gt; javascript:alert(1)</p>\
                  <a href=\"https://x.jp/?a=1&amp;b=2\" rel=\"noopener noreferrer\">x</a><a href=\"../a.html#b\">y</a>\
                  <a href=\"mailto:a@b.jp\">m</a>";
        assert_eq!(problems(ok, Some(MARKDOWN_TAGS)), Vec::<String>::new());
        // A page of the site that sends the reader on to another of its pages.
        let moved =
            "<meta http-equiv=\"refresh\" content=\"0; url=../plans/2022-2026/en/index.html\">";
        assert_eq!(problems(moved, None), Vec::<String>::new());
    }
}
