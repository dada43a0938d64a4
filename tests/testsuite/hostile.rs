//! Nothing a content author writes may run script in a citizen's browser.
//!
//! Hostile text goes into every kind of field (site, plan, division and
//! hierarchy names, initiative and indicator texts, units, `*_text`, labels,
//! licence) and into every kind of Markdown (commentary, pages). The build
//! must succeed; then every .html and .svg file of the output is parsed tag by
//! tag (`fuzz/src/html_safety.rs`): no script-capable element, no event-handler
//! attribute, no `javascript:`/`data:` URL (entities and ignored characters
//! decoded first), while the hostile text is still visible, escaped, as text.
//! Addresses in site.toml that would end up in an `href`, the sitemap or
//! robots.txt are refused with a clear message instead.

use std::path::Path;

use crate::common::{Workspace, snapshot};
use crate::html_safety::{problems, tags};

/// Every hostile piece, on one line, for TOML texts.
const PIECES: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"><svg onload=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java&#x09;script:alert(1))",
    "<a href=\"javascript:alert(1)\">a</a>",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "<iframe src=\"https://evil.example/\"></iframe>",
    "<style>body{display:none}</style>",
    "{{ site }}",
    "{% raw %}",
    "{{ 7*7 }}",
    "O'Brien \"quoted\"",
];

fn hostile() -> String {
    PIECES.join(" ")
}

/// A TOML basic string.
fn toml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `{ ja = "…", en = "…" }` with the hostile text after a label.
fn texts(ja: &str, en: &str) -> String {
    let h = hostile();
    format!(
        "{{ ja = {}, en = {} }}",
        toml_str(&format!("{ja}{h}")),
        toml_str(&format!("{en} {h}"))
    )
}

fn site_toml() -> String {
    format!(
        r#"latest_reviewed_year = 2024
base_url = "https://www.city.example.jp/mieruka/"
languages = ["ja", "en"]

[site]
title = {title}
owner = {owner}

[plan]
name = {plan}
first_year = 2022
last_year = 2026

[open_data]
licence = {licence}
licence_url = "https://creativecommons.org/licenses/by/4.0/"

[divisions]
digital = {division}

[[strategies]]
number = 1
name = {strategy}

  [[strategies.areas]]
  number = 1
  name = {area}

    [[strategies.areas.items]]
    number = 1
    name = {item}
"#,
        title = texts("テスト市", "Test City"),
        owner = texts("テスト市", "Test City"),
        plan = texts("計画", "Plan"),
        licence = texts("ライセンス", "Licence"),
        division = texts("デジタル課", "Digital Division"),
        strategy = texts("戦略", "Strategy"),
        area = texts("方向性", "Area"),
        item = texts("項目", "Item"),
    )
}

fn initiative_toml() -> String {
    format!(
        r#"number = 1
strategy = 1
area = 1
item = 1
division = "digital"
title = {title}
description = {description}

[schedule]
2022 = "implement"
2024 = "continue"

[[indicators]]
id = "procedures"
name = {name}
unit = {unit}
direction = "higher"
cumulative = true
baseline = {{ year = 2021, value = 26 }}
final_target = {{ value = 450, text = {final_text} }}

[indicators.years]
2022 = {{ target = 250, actual = 171, target_text = {target_text}, actual_text = {actual_text} }}
2023 = {{ target = 300, actual = 300 }}
2024 = {{ target = 400, actual = 350 }}
2025 = {{ target = 440 }}

[[indicators]]
id = "outsourced"
name = {milestone_name}
direction = "milestone"
milestone_label = {label}
baseline = {{ text = {baseline_text} }}

[indicators.years]
2022 = {{ target = true, actual = true }}
"#,
        title = texts("電子申請", "Online applications"),
        description = texts("説明", "Description"),
        name = texts("手続き数", "Procedures"),
        unit = texts("件", "procedures"),
        final_text = texts("450件", "450"),
        target_text = texts("目標", "target"),
        actual_text = texts("実績", "actual"),
        milestone_name = texts("委託", "Outsourcing"),
        label = texts("実施", "Done"),
        baseline_text = texts("なし", "none"),
    )
}

/// Markdown with each hostile piece in a paragraph of its own (so that links
/// are read as links) and all of them inline, plus links that must work.
fn markdown(lang: &str) -> String {
    let mut md = format!("# {lang} 見出し {}\n\n", hostile());
    for p in PIECES {
        md.push_str(&format!("{lang}: {p}\n\n"));
    }
    md.push_str(&format!("- {}\n\n", hostile()));
    md.push_str("<a href=\"javascript:alert(1)\">x</a>\n\n");
    md.push_str("<script>\nalert(1)\n</script>\n\n");
    md.push_str("[auto](<javascript:alert(1)>) <javascript:alert(1)> [ref][r] ![img](javascript:alert(1))\n\n");
    md.push_str("[r]: javascript:alert(1)\n\n");
    md.push_str("[市の公式サイト](https://www.city.example.jp/) [mail](mailto:info@city.example.jp) [home](../index.html)\n");
    md
}

fn hostile_workspace() -> Workspace {
    let ws = Workspace::new("tests/fixtures/basic");
    std::fs::remove_dir_all(ws.path("initiatives")).unwrap();
    std::fs::remove_dir_all(ws.path("pages")).unwrap();
    ws.write("site.toml", &site_toml());
    let dir = "initiatives/01-alpha";
    ws.write(&format!("{dir}/initiative.toml"), &initiative_toml());
    for kind in ["2024.progress", "2025.plan", "2024.shortfall"] {
        ws.write(&format!("{dir}/{kind}.ja.md"), &markdown("ja"));
        ws.write(&format!("{dir}/{kind}.en.md"), &markdown("en"));
    }
    ws.write("pages/about.ja.md", &markdown("ja"));
    ws.write("pages/about.en.md", &markdown("en"));
    ws
}

/// Every .html and .svg of the output, by relative path.
fn pages_and_charts(out: &Path) -> Vec<(String, String)> {
    snapshot(out)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".html") || rel.ends_with(".svg"))
        .map(|(rel, bytes)| (rel, String::from_utf8(bytes).unwrap()))
        .collect()
}

#[test]
fn hostile_text_in_every_field_is_published_as_text() {
    let ws = hostile_workspace();
    let run = ws.build(&[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(!run.stderr.contains("internal error"), "{}", run.stderr);

    let files = pages_and_charts(&ws.output());
    assert!(files.len() > 30, "{} files", files.len());
    for (rel, doc) in &files {
        let doc = &crate::html_safety::without_theme_style(doc).into_owned();
        let found = problems(doc, None);
        assert!(found.is_empty(), "{rel}:\n{}", found.join("\n"));
        let lower = doc.to_ascii_lowercase();
        for raw in ["<script", "<iframe", "<style", "<svg onload", "<img src=x"] {
            assert!(!lower.contains(raw), "{rel} contains {raw}");
        }
        // `javascript:` may appear as visible text (also in alt and other
        // text attributes), never in an address.
        for tag in tags(doc) {
            for (name, value) in &tag.attrs {
                let v = value.to_ascii_lowercase();
                let urlish = matches!(name.as_str(), "href" | "src" | "xlink:href" | "action");
                assert!(
                    !(urlish && (v.contains("javascript") || v.starts_with("data:text"))),
                    "{rel}: {name}={value}"
                );
            }
        }
    }

    // The hostile text is there, escaped, as text people can read.
    let escaped = [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(1)&gt;",
        "&gt;&lt;svg onload=alert(1)&gt;",
        "&lt;iframe src=",
        "&lt;style&gt;body{display:none}&lt;/style&gt;",
        "{{ site }}",
        "{% raw %}",
        "{{ 7*7 }}",
    ];
    for rel in [
        "index.html",
        "en/index.html",
        "initiatives/01-alpha.html",
        "en/initiatives/01-alpha.html",
        "shortfalls/2024.html",
        "pages/about.html",
        "en/pages/about.html",
        "opendata.html",
        "divisions/digital.html",
        "strategies/1.html",
    ] {
        let page = ws.page(rel);
        for e in escaped {
            assert!(page.contains(e), "{rel} does not show {e:?} as text");
        }
        // Template syntax in content is printed, not evaluated.
        assert!(!page.contains(">49<"), "{rel}");
        assert_csp(rel, &page);
    }
    for (rel, doc) in &files {
        if rel.ends_with(".html") {
            assert_csp(rel, doc);
        }
    }

    // The chart carries the unit as escaped text.
    let svg = ws.page("charts/01-alpha--procedures.svg");
    assert!(
        svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{svg}"
    );

    // Quotes in texts stay inside the attributes that carry them.
    let page = ws.page("initiatives/01-alpha.html");
    let all = tags(&page);
    let attr = |tag: &str, name: &str| -> Vec<String> {
        all.iter()
            .filter(|t| t.name == tag && !t.closing)
            .flat_map(|t| t.attrs.iter().filter(|(n, _)| n == name))
            .map(|(_, v)| v.clone())
            .collect()
    };
    let quoted = "O'Brien \"quoted\"";
    let alts = attr("img", "alt");
    assert!(
        alts.iter()
            .any(|a| a.contains(quoted) && a.contains("<script>")),
        "{alts:?}"
    );
    let metas: Vec<_> = all
        .iter()
        .filter(|t| t.name == "meta")
        .filter(|t| {
            t.attrs.iter().any(|(n, v)| {
                (n == "name" && v == "description") || (n == "property" && v == "og:title")
            })
        })
        .collect();
    assert_eq!(metas.len(), 2, "{metas:?}");
    for m in metas {
        let content = &m.attrs.iter().find(|(n, _)| n == "content").unwrap().1;
        assert!(content.contains(quoted), "{}", m.raw);
        // The attribute was not broken out of: the tag has exactly the attributes the theme gives it.
        assert_eq!(m.attrs.len(), 2, "{}", m.raw);
    }
    let title = &page[page.find("<title>").unwrap()..page.find("</title>").unwrap()];
    assert!(
        title.contains("O&#39;Brien &quot;quoted&quot;") && title.contains("&lt;script&gt;"),
        "{title}"
    );

    // Markdown links: unsafe ones dropped (their words stay), safe ones kept,
    // external ones with rel="noopener noreferrer".
    for rel in [
        "initiatives/01-alpha.html",
        "pages/about.html",
        "en/pages/about.html",
    ] {
        let page = ws.page(rel);
        let anchors: Vec<_> = tags(&page)
            .into_iter()
            .filter(|t| t.name == "a" && !t.closing)
            .collect();
        let href = |t: &crate::html_safety::Tag| {
            t.attrs
                .iter()
                .find(|(n, _)| n == "href")
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let external: Vec<_> = anchors
            .iter()
            .filter(|t| href(t).starts_with("https://www.city.example.jp/"))
            .collect();
        assert!(!external.is_empty(), "{rel}: the external link is gone");
        for t in anchors.iter().filter(|t| href(t).contains(':')) {
            let rel_attr = t.attrs.iter().find(|(n, _)| n == "rel").map(|(_, v)| v);
            assert!(
                rel_attr.is_some_and(|v| v.contains("noopener") && v.contains("noreferrer")),
                "{rel}: {}",
                t.raw
            );
        }
        assert!(
            anchors
                .iter()
                .any(|t| href(t) == "mailto:info@city.example.jp"),
            "{rel}"
        );
        assert!(anchors.iter().any(|t| href(t) == "../index.html"), "{rel}");
    }
}

/// The page forbids script itself, whatever slips through.
fn assert_csp(rel: &str, page: &str) {
    let csp = tags(page)
        .into_iter()
        .find(|t| {
            t.name == "meta"
                && t.attrs.iter().any(|(n, v)| {
                    n == "http-equiv" && v.eq_ignore_ascii_case("content-security-policy")
                })
        })
        .unwrap_or_else(|| panic!("{rel} has no Content-Security-Policy"));
    let policy = &csp.attrs.iter().find(|(n, _)| n == "content").unwrap().1;
    assert!(policy.contains("script-src 'none'"), "{rel}: {policy}");
    assert!(!policy.contains("unsafe-inline"), "{rel}: {policy}");
    assert!(
        page.contains("<meta http-equiv=\"Content-Security-Policy\""),
        "{rel}"
    );
    // It comes before anything taken from the content.
    assert!(
        page.find("Content-Security-Policy").unwrap() < page.find("<title>").unwrap(),
        "{rel}"
    );
}

#[test]
fn hostile_sitemap_and_robots_come_from_a_checked_address() {
    let ws = hostile_workspace();
    assert_eq!(ws.build(&[]).code, 0);
    let sitemap = std::fs::read_to_string(ws.output().join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("<script"), "{sitemap}");
    let robots = std::fs::read_to_string(ws.output().join("robots.txt")).unwrap();
    assert_eq!(robots.lines().count(), 3, "{robots}");
}

/// Builds the hostile site, applies `break_it` to site.toml and checks that
/// the build stops with the message, naming site.toml and the field, and that
/// public/ is exactly as before.
fn refused(from: &str, to: &str, expect: &[&str]) {
    let ws = hostile_workspace();
    assert_eq!(ws.build(&[]).code, 0);
    let before = snapshot(&ws.output());
    ws.edit("site.toml", from, to);
    let run = ws.build(&[]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("content/site.toml"), "{}", run.stderr);
    for e in expect {
        assert!(run.stderr.contains(e), "{e:?} not in\n{}", run.stderr);
    }
    assert!(!run.stderr.contains("internal error"), "{}", run.stderr);
    assert_eq!(before, snapshot(&ws.output()), "public/ changed");
}

#[test]
fn licence_url_with_a_script_scheme_is_refused() {
    let url = "licence_url = \"https://creativecommons.org/licenses/by/4.0/\"";
    refused(
        url,
        "licence_url = \"javascript:alert(1)\"",
        &["not an http(s) address", "open_data.licence_url"],
    );
    refused(
        url,
        "licence_url = \"JaVaScRiPt:alert(1)\"",
        &["not an http(s) address"],
    );
    refused(
        url,
        "licence_url = \"https://x.example/\\\" onmouseover=\\\"alert(1)\"",
        &["`\"`", "open_data.licence_url"],
    );
}

#[test]
fn base_url_that_would_break_the_sitemap_or_robots_txt_is_refused() {
    let url = "base_url = \"https://www.city.example.jp/mieruka/\"";
    refused(
        url,
        "base_url = \"https://x.example/<script>alert(1)</script>/\"",
        &["`<`", "base_url"],
    );
    refused(
        url,
        "base_url = \"https://x.example/\\nSitemap: https://evil.example/\"",
        &["U+000A", "base_url"],
    );
    refused(
        url,
        "base_url = \"https://x.example/?a=1&b=2\"",
        &["base_url contains `?`"],
    );
    refused(
        url,
        "base_url = \"javascript:alert(1)//\"",
        &["not an http(s) address"],
    );
}

#[test]
fn invisible_control_characters_in_texts_are_named() {
    // U+000B is what Word's manual line break becomes; in an SVG chart it
    // would make the whole file invalid.
    let ws = hostile_workspace();
    assert_eq!(ws.build(&[]).code, 0);
    let before = snapshot(&ws.output());
    ws.edit(
        "initiatives/01-alpha/initiative.toml",
        "unit = { ja = \"件",
        "unit = { ja = \"件\\u000B",
    );
    let run = ws.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("U+000B"), "{}", run.stderr);
    assert!(
        run.stderr.contains("indicators[0].unit.ja")
            && run.stderr.contains("01-alpha/initiative.toml"),
        "{}",
        run.stderr
    );
    assert_eq!(before, snapshot(&ws.output()));
}
