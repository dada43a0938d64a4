//! Long lists are cut into pages of `per_page` initiatives (site.toml), so a
//! plan of thousands of initiatives gives pages a phone can open. Built from
//! the real content (16 initiatives) with a small `per_page`.

use crate::common::{Workspace, attr_values};

/// The real content with `per_page` set in site.toml.
fn with_per_page(n: usize) -> Workspace {
    let ws = Workspace::new("content");
    ws.edit(
        "site.toml",
        "latest_reviewed_year = 2024",
        &format!("latest_reviewed_year = 2024\nper_page = {n}"),
    );
    let run = ws.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    ws
}

/// The initiative links of the cards on a listing page, in order.
fn cards(html: &str) -> Vec<String> {
    attr_values(html, "href")
        .into_iter()
        .filter(|h| h.contains("initiatives/") && h.ends_with(".html"))
        .collect()
}

#[test]
fn a_listing_continues_on_numbered_pages_with_every_initiative_once() {
    let ws = with_per_page(3);
    // Status "achieved" in FY2024: collect the cards over all its pages.
    let first = ws.page("status/achieved.html");
    let total: usize = first
        .split("<p>")
        .find_map(|p| p.split_once("ページ中 1ページ目"))
        .and_then(|(n, _)| n.parse().ok())
        .expect("the first page says how many pages there are: 〇ページ中 1ページ目");
    assert!(
        total >= 2,
        "more than 3 achieved initiatives need several pages"
    );
    let mut seen = cards(&first);
    assert_eq!(seen.len(), 3, "a page shows per_page cards");
    assert!(
        first.contains(r#"rel="next" href="../status/achieved/2.html""#),
        "{first}"
    );
    for k in 2..=total {
        let page = ws.page(&format!("status/achieved/{k}.html"));
        // Links from the deeper folder still lead back to the first page and home.
        assert!(
            page.contains(r#"href="../../status/achieved.html""#),
            "{page}"
        );
        assert!(
            page.contains(&format!("{total}ページ中 {k}ページ目")),
            "{page}"
        );
        assert!(
            page.contains(&format!("({k}/{total})</title>"))
                || page.contains(&format!("({k}/{total}) |")),
            "own title"
        );
        assert!(
            page.contains(&format!("({k}/{total})</h1>")),
            "the heading names the page too: {page}"
        );
        let here = cards(&page);
        assert!(!here.is_empty() && here.len() <= 3);
        seen.extend(here.into_iter().map(|h| h.replacen("../", "", 1)));
    }
    assert!(
        !ws.output()
            .join(format!("status/achieved/{}.html", total + 1))
            .exists()
    );
    // Every achieved initiative appears exactly once over the pages.
    let unpaged = with_per_page(100);
    let all = cards(&unpaged.page("status/achieved.html"));
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), seen.len(), "no initiative twice: {seen:?}");
    let mut expected = all.clone();
    expected.sort();
    assert_eq!(sorted, expected);
}

#[test]
fn a_strategy_page_repeats_the_area_heading_when_an_area_continues() {
    let ws = with_per_page(2);
    let second = ws.page("en/strategies/1/2.html");
    // Cards on a continued page still sit under their area's heading.
    let h2 = second.find("<h2>").expect("an area heading on page 2");
    let card = second.find(r#"class="card""#).expect("cards on page 2");
    assert!(h2 < card, "{second}");
    assert!(second.contains("Page 2 of "), "{second}");
    assert!(
        second.contains(r#"rel="prev" href="../../../en/strategies/1.html""#),
        "{second}"
    );
}

#[test]
fn a_big_plan_keeps_the_overview_short_and_the_open_data_page_small() {
    let ws = with_per_page(5);
    let home = ws.page("index.html");
    // 16 initiatives > 5: counts and the ways in, no cards.
    assert!(!home.contains(r#"class="card""#));
    assert!(home.contains("取組項目が多いため"), "{home}");
    assert!(home.contains("strategies/1.html"));
    let open = ws.page("en/opendata.html");
    assert!(!open.contains("data/initiatives/"), "no list of 16 slices");
    assert!(
        open.contains("Each initiative&#39;s page has a link"),
        "{open}"
    );
    // The slices are still there, linked from each initiative.
    let page = ws.page("en/initiatives/01-online-applications.html");
    assert!(page.contains("data/initiatives/01-online-applications.csv"));

    let small = with_per_page(50);
    assert!(small.page("index.html").contains(r#"class="card""#));
    assert!(small.page("opendata.html").contains("data/initiatives/"));
}

#[test]
fn per_page_out_of_range_is_refused_with_the_line() {
    for (value, said) in [
        ("0", "per_page is 0; it must be between 1 and 1000"),
        ("5000", "per_page is 5000; it must be between 1 and 1000"),
        ("\"50\"", "not the text \"50\""),
    ] {
        let ws = Workspace::new("content");
        ws.edit(
            "site.toml",
            "latest_reviewed_year = 2024",
            &format!("latest_reviewed_year = 2024\nper_page = {value}"),
        );
        let run = ws.build(&[]);
        assert_eq!(run.code, 1, "{value}");
        assert!(run.stderr.contains("site.toml:6:"), "{}", run.stderr);
        assert!(run.stderr.contains(said), "{}", run.stderr);
        assert!(!ws.output().exists(), "nothing published");
    }
}

#[test]
fn the_targets_not_met_continue_on_numbered_pages() {
    let ws = with_per_page(2);
    let first = ws.page("en/shortfalls/2024.html");
    let total: usize = first
        .split("Page 1 of ")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .and_then(|n| n.trim().parse().ok())
        .expect("the first page says how many pages there are");
    assert!(
        total >= 2,
        "five initiatives missed FY2024 targets: {first}"
    );
    let entries = |html: &str| html.matches(r#"<section class="shortfall">"#).count();
    let mut count = entries(&first);
    assert_eq!(count, 2, "per_page entries on the first page");
    for k in 2..=total {
        let page = ws.page(&format!("en/shortfalls/2024/{k}.html"));
        assert!(
            page.contains(&format!("({k}/{total})</h1>")),
            "the heading names the page: {page}"
        );
        assert!(
            page.contains(r#"href="../../../en/shortfalls/2023.html""#),
            "the year links work from the deeper folder: {page}"
        );
        count += entries(&page);
    }
    let unpaged = with_per_page(100);
    assert_eq!(
        count,
        entries(&unpaged.page("en/shortfalls/2024.html")),
        "every explanation once over the pages"
    );
}
