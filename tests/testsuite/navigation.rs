//! Ways through the site for citizens: overview per year, lists by strategy,
//! division and status, breadcrumbs, previous/next, skip link, page metadata.

use crate::common::{Workspace, attr_values, snapshot};

fn built() -> Workspace {
    let ws = Workspace::new("tests/fixtures/basic");
    let run = ws.build(&["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    ws
}

/// The number shown next to a status on an overview page.
fn count(html: &str, status: &str) -> u32 {
    let at = html
        .find(&format!("class=\"count count-{status}\""))
        .unwrap();
    let rest = &html[at..];
    let strong = rest.find("<strong>").unwrap() + "<strong>".len();
    rest[strong..rest.find("</strong>").unwrap()]
        .parse()
        .unwrap()
}

#[test]
fn overview_per_reviewed_year_with_a_year_selector() {
    let ws = built();
    let home = ws.page("index.html");
    let hrefs = attr_values(&home, "href");
    assert!(
        hrefs.contains(&"years/2023.html".to_string())
            && hrefs.contains(&"years/2022.html".to_string())
    );
    assert!(home.contains("<span aria-current=\"page\">令和6年度</span>"));
    // FY2024: alpha missed (45,872 < 46,000), beta met.
    assert_eq!(
        (count(&home, "achieved"), count(&home, "not_achieved")),
        (1, 1)
    );
    // FY2023: both met; FY2022: alpha missed (171 < 250), beta met.
    let y2023 = ws.page("years/2023.html");
    assert_eq!(
        (count(&y2023, "achieved"), count(&y2023, "not_achieved")),
        (2, 0)
    );
    assert!(y2023.contains("<span aria-current=\"page\">令和5年度</span>"));
    let y2022 = ws.page("en/years/2022.html");
    assert_eq!(
        (count(&y2022, "achieved"), count(&y2022, "not_achieved")),
        (1, 1)
    );
    assert!(y2022.contains("Results — FY2022"));
    // Results per strategy, as a table with header cells.
    assert!(
        home.contains("<table class=\"figures strategy-counts\">")
            && home.contains("<th scope=\"row\">")
    );
}

#[test]
fn lists_by_strategy_division_and_status() {
    let ws = built();
    let links = |rel: &str| -> Vec<String> {
        attr_values(&ws.page(rel), "href")
            .into_iter()
            .filter(|h| h.contains("initiatives/"))
            .collect()
    };
    assert_eq!(
        links("status/not_achieved.html"),
        ["../initiatives/01-alpha.html"]
    );
    assert_eq!(
        links("status/achieved.html"),
        ["../initiatives/02-beta.html"]
    );
    assert_eq!(
        links("en/divisions/finance.html"),
        ["../../en/initiatives/02-beta.html"]
    );
    assert_eq!(
        links("strategies/1.html"),
        [
            "../initiatives/01-alpha.html",
            "../initiatives/02-beta.html"
        ]
    );
    assert!(
        ws.page("status/pending.html")
            .contains("該当する取組項目はありません。")
    );
    let home = ws.page("index.html");
    for target in [
        "strategies/1.html",
        "divisions/digital.html",
        "status/not_achieved.html",
    ] {
        assert!(
            attr_values(&home, "href").contains(&target.to_string()),
            "home links {target}"
        );
    }
}

#[test]
fn breadcrumbs_previous_next_and_skip_link() {
    let ws = built();
    let alpha = ws.page("initiatives/01-alpha.html");
    let crumbs =
        &alpha[alpha.find("class=\"breadcrumb\"").unwrap()..alpha.find("</nav>\n<h1>").unwrap()];
    for part in ["ホーム", "1 戦略一", "(1) 方向性一", "① 項目一"] {
        assert!(crumbs.contains(part), "{part} in {crumbs}");
    }
    assert!(alpha.contains("<a rel=\"next\" href=\"../initiatives/02-beta.html\">"));
    assert!(!alpha.contains("rel=\"prev\""));
    let beta = ws.page("en/initiatives/02-beta.html");
    assert!(beta.contains("<a rel=\"prev\" href=\"../../en/initiatives/01-alpha.html\">"));
    for (rel, _) in snapshot(&ws.output())
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
    {
        let html = ws.page(&rel);
        assert_eq!(html.matches("<h1").count(), 1, "{rel} has one h1");
        if rel != "404.html" {
            assert!(
                html.contains("<a class=\"skip\" href=\"#main\">")
                    && html.contains("<main id=\"main\""),
                "{rel}"
            );
        }
    }
}

#[test]
fn every_page_has_its_own_title_description_and_metadata() {
    let ws = built();
    let mut titles = std::collections::BTreeSet::new();
    for (rel, _) in snapshot(&ws.output())
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
    {
        let html = ws.page(&rel);
        let title = &html[html.find("<title>").unwrap() + 7..html.find("</title>").unwrap()];
        assert!(
            titles.insert(title.to_string()),
            "{rel}: title {title:?} is not unique"
        );
        assert!(
            html.contains("<meta name=\"description\" content=\""),
            "{rel}"
        );
        assert!(
            !html.contains("<meta name=\"description\" content=\"\">"),
            "{rel}: empty description"
        );
        assert!(html.contains("<meta property=\"og:title\""), "{rel}");
        // The not-found page links no relative icon: it would not load from
        // a deeper address (with base_url it links the icon's full address).
        assert!(html.contains("rel=\"icon\"") || rel == "404.html", "{rel}");
    }
    assert!(ws.output().join("assets/favicon.svg").is_file());
    assert!(ws.output().join("robots.txt").is_file());
    let not_found = ws.page("404.html");
    assert!(not_found.contains("ページが見つかりません") && not_found.contains("Page not found"));
}

#[test]
fn hreflang_canonical_and_the_print_qr_code_come_with_base_url() {
    let ws = built();
    let page = ws.page("initiatives/01-alpha.html");
    assert!(
        !page.contains("hreflang=\"x-default\"") && !page.contains("<svg"),
        "relative hreflang would be invalid"
    );
    assert!(
        page.contains("<div class=\"print-meta\">")
            && page.contains("URL: initiatives/01-alpha.html")
    );

    ws.edit(
        "site.toml",
        "latest_reviewed_year = 2024",
        "latest_reviewed_year = 2024\nbase_url = \"https://example.jp/plan\"",
    );
    assert_eq!(ws.build(&[]).code, 0);
    let page = ws.page("en/initiatives/01-alpha.html");
    for link in [
        r#"<link rel="alternate" hreflang="ja" href="https://example.jp/plan/initiatives/01-alpha.html">"#,
        r#"<link rel="alternate" hreflang="en" href="https://example.jp/plan/en/initiatives/01-alpha.html">"#,
        r#"<link rel="alternate" hreflang="x-default" href="https://example.jp/plan/initiatives/01-alpha.html">"#,
        r#"<meta property="og:url" content="https://example.jp/plan/en/initiatives/01-alpha.html">"#,
    ] {
        assert!(page.contains(link), "{link}");
    }
    assert!(page.contains("URL: https://example.jp/plan/en/initiatives/01-alpha.html"));
    assert!(page.contains("<div class=\"qr\"><svg role=\"img\" aria-label=\"QR\""));
    // The 404 page is shown at any address, so with base_url its links are absolute.
    assert!(
        attr_values(&ws.page("404.html"), "href")
            .contains(&"https://example.jp/plan/index.html".to_string())
    );
}

#[test]
fn the_accessibility_policy_is_linked_from_every_footer() {
    let ws = Workspace::new("content");
    assert_eq!(ws.build(&["--strict"]).code, 0);
    for rel in [
        "index.html",
        "initiatives/07-collection-rate.html",
        "en/opendata.html",
    ] {
        let html = ws.page(rel);
        let footer = &html[html.find("<footer").unwrap()..];
        assert!(footer.contains("pages/accessibility.html"), "{rel}");
        assert!(
            !html[..html.find("<footer").unwrap()].contains("pages/accessibility.html"),
            "{rel}: not in the menu"
        );
    }
    let policy = ws.page("pages/accessibility.html");
    assert!(
        policy.contains("JIS X 8341-3:2016")
            && policy.contains("AA")
            && policy.contains("axe-core")
    );
}

/// Each reviewed year has its own lists by status, linked from that year's
/// overview: the FY2023 list of targets not met holds the initiatives that
/// missed in FY2023, not those of the latest year.
#[test]
fn status_lists_exist_for_every_reviewed_year() {
    let ws = Workspace::new("content");
    let run = ws.build(&["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let year = ws.page("years/2023.html");
    assert!(
        year.contains("href=\"../status/2023/not_achieved.html\""),
        "the FY2023 overview links its own list"
    );
    let list = ws.page("status/2023/not_achieved.html");
    assert!(
        list.contains("令和5年度（2023年度）"),
        "the list names its year"
    );
    let listed: Vec<String> = attr_values(&list, "href")
        .into_iter()
        .filter(|h| h.contains("initiatives/"))
        .collect();
    // FY2023's missed targets: No.1, 2, 4, 6, 7 and 16 (the source's figures).
    for id in ["01-", "02-", "04-", "06-", "07-", "16-"] {
        assert!(
            listed.iter().any(|h| h.contains(id)),
            "{id} missing: {listed:?}"
        );
    }
    assert!(
        !listed.iter().any(|h| h.contains("10-")),
        "No.10 missed in FY2024 only: {listed:?}"
    );
    assert!(
        ws.page("index.html")
            .contains("href=\"status/not_achieved.html\"")
    );
}

/// The breadcrumb's strategy is a link to the strategy's list.
#[test]
fn the_strategy_in_the_breadcrumb_is_a_link() {
    let ws = built();
    for (page, href) in [
        ("initiatives/01-alpha.html", "../strategies/1.html"),
        ("en/initiatives/01-alpha.html", "strategies/1.html"),
    ] {
        let html = ws.page(page);
        let crumb = &html[html.find("class=\"breadcrumb\"").unwrap()..];
        let crumb = &crumb[..crumb.find("</nav>").unwrap()];
        assert!(
            attr_values(crumb, "href").iter().any(|h| h.ends_with(href)),
            "{page}: {crumb}"
        );
    }
}
