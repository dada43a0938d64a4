//! Every address of the built site, in one place: where each page, chart and
//! data file is written, relative to the output folder (`/`-separated), and
//! how a page reaches the root. Render, open data, validation and the link
//! checker all take their paths from here.

use crate::base::text::Lang;

/// The home page: the overview of the latest reviewed year.
pub const HOME: &str = "index.html";
/// The page a server shows for a missing address.
pub const NOT_FOUND: &str = "404.html";
/// What the open data is and how to use it.
pub const OPEN_DATA_PAGE: &str = "opendata.html";
/// The record of changes: how the targets move, editions, revisions.
pub const CHANGES_PAGE: &str = "changes.html";
pub const SITEMAP: &str = "sitemap.xml";
/// The Atom feed of the editions, in each language's folder.
pub const FEED: &str = "feed.xml";
pub const ROBOTS: &str = "robots.txt";
/// The open data of the whole plan.
pub const DATA_CSV: &str = "data/indicators.csv";
pub const DATA_JSON: &str = "data/indicators.json";
/// The Data Package describing every CSV file (Table Schemas, keys).
pub const DATA_PACKAGE: &str = "data/datapackage.json";
/// The JSON Schema of `indicators.json`.
pub const DATA_JSON_SCHEMA: &str = "data/indicators.schema.json";
pub const DATA_BENCHMARKS_CSV: &str = "data/benchmarks.csv";
pub const DATA_REVISIONS_CSV: &str = "data/revisions.csv";
/// The plan's own revisions (計画の改定); written only for a plan that has some.
pub const DATA_PLAN_REVISIONS_CSV: &str = "data/plan_revisions.csv";
/// The initiatives' statuses on the plan's scales (only where it has one).
pub const DATA_STATUSES_CSV: &str = "data/statuses.csv";
/// Counts of items by status as reported (only where the content has them).
pub const DATA_STATUS_COUNTS_CSV: &str = "data/status_counts.csv";
/// The plan's headline targets (only where it has them).
pub const DATA_HEADLINE_CSV: &str = "data/headline_targets.csv";
/// The edition records as issued (`YEAR.toml` the current version of each
/// year, `YEAR.vN.toml` every version), byte for byte their canonical
/// content: `sha256sum` of one gives the digest its edition page shows.
pub const EDITION_RECORDS: &str = "data/editions";
/// The editions this folder published, with their digests: a rebuild that
/// would drop or change one is refused.
pub const EDITION_MANIFEST: &str = "data/editions/manifest.json";
/// The slug of the page that is linked from the footer rather than the menu.
pub const ACCESSIBILITY_PAGE: &str = "accessibility";

/// A page of a language: `en/initiatives/x.html` (Japanese at the root).
pub fn page(lang: Lang, rel: &str) -> String {
    format!("{}{rel}", lang.dir())
}

pub fn initiative(id: &str) -> String {
    format!("initiatives/{id}.html")
}

/// The file name (without folder) of an indicator's chart.
pub fn chart_name(initiative: &str, indicator: &str) -> String {
    format!("{initiative}--{indicator}.svg")
}

/// An indicator's chart, under each language's folder: `charts/a--b.svg`.
pub fn chart(initiative: &str, indicator: &str) -> String {
    format!("charts/{}", chart_name(initiative, indicator))
}

/// A headline target's chart (主要目標), under each language's folder.
pub fn headline_chart(indicator: &str) -> String {
    format!("charts/plan/{indicator}.svg")
}

/// An initiative's small trend chart (one for every language).
pub fn trend(initiative: &str) -> String {
    format!("charts/trend/{initiative}.svg")
}

/// Whether a written file is an indicator's chart (not a trend chart).
pub fn is_chart(path: &str) -> bool {
    // `charts/…` at the root, or under one language's folder (`en/charts/…`).
    let rel = match path.split_once('/') {
        Some((dir, rest)) if dir != "charts" && Lang::from_code(dir).is_some() => rest,
        _ => path,
    };
    rel.starts_with("charts/") && !rel.starts_with("charts/trend/")
}

/// The open data of one initiative.
pub fn data_slice(initiative: &str) -> String {
    format!("data/initiatives/{initiative}.csv")
}

/// The overview of a reviewed year; the latest one is the home page.
pub fn dashboard(year: i32, latest: i32) -> String {
    if year == latest {
        HOME.to_string()
    } else {
        format!("years/{year}.html")
    }
}

pub fn strategy(number: u32) -> String {
    format!("strategies/{number}.html")
}

pub fn division(key: &str) -> String {
    format!("divisions/{key}.html")
}

/// The initiatives of one status (by its key) in a reviewed year:
/// `status/achieved.html` for the latest year, `status/2023/achieved.html`
/// for an earlier one.
pub fn status(key: &str, year: i32, latest: i32) -> String {
    if year == latest {
        format!("status/{key}.html")
    } else {
        format!("status/{year}/{key}.html")
    }
}

/// The targets not met in a year.
pub fn shortfalls(year: i32) -> String {
    format!("shortfalls/{year}.html")
}

/// An issued edition's overview: `editions/2024/index.html`.
pub fn edition(year: i32) -> String {
    edition_version(year, None)
}

/// An edition's targets not met.
pub fn edition_shortfalls(year: i32) -> String {
    edition_version_shortfalls(year, None)
}

/// An initiative as an edition published it.
pub fn edition_initiative(year: i32, id: &str) -> String {
    edition_version_initiative(year, None, id)
}

/// The folder of an edition's pages: `editions/2024/` for its current
/// version, `editions/2024/v1/` for version 1 once a replacement superseded
/// it (an address that never changes after).
fn edition_dir(year: i32, superseded: Option<u32>) -> String {
    match superseded {
        None => format!("editions/{year}/"),
        Some(v) => format!("editions/{year}/v{v}/"),
    }
}

/// [`edition`] of a version, `superseded` naming it when it is not the current one.
pub fn edition_version(year: i32, superseded: Option<u32>) -> String {
    format!("{}index.html", edition_dir(year, superseded))
}

pub fn edition_version_shortfalls(year: i32, superseded: Option<u32>) -> String {
    format!("{}shortfalls.html", edition_dir(year, superseded))
}

pub fn edition_version_initiative(year: i32, superseded: Option<u32>, id: &str) -> String {
    format!("{}initiatives/{id}.html", edition_dir(year, superseded))
}

/// A standalone Markdown page.
pub fn markdown_page(slug: &str) -> String {
    format!("pages/{slug}.html")
}

/// A file of the theme's `static/` folder.
pub fn asset(name: &str) -> String {
    format!("assets/{name}")
}

/// The address of page `index` (from 0) of a list whose first page is
/// `first`: `status/achieved.html`, then `status/achieved/2.html` …
pub fn paged(first: &str, index: usize) -> String {
    if index == 0 {
        first.to_string()
    } else {
        format!("{}/{}.html", first.trim_end_matches(".html"), index + 1)
    }
}

/// Where a finished plan's pages are: `plans/2017-2021/` (then its
/// `index.html`, `en/initiatives/…` as the current plan's).
pub fn plan_prefix(id: &str) -> String {
    format!("plans/{id}/")
}

/// `../` repeated for each folder between `path` and the output root.
pub fn to_root(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_roots() {
        assert_eq!(to_root("index.html"), "");
        assert_eq!(to_root("en/initiatives/a.html"), "../../");
    }

    #[test]
    fn charts_are_told_from_trend_charts() {
        assert!(is_chart("charts/a--b.svg"));
        assert!(is_chart("en/charts/a--b.svg"));
        assert!(!is_chart("charts/trend/a.svg"));
        assert!(!is_chart("en/charts/trend/a.svg"));
        assert!(!is_chart("initiatives/charts.html"));
    }

    #[test]
    fn later_pages_of_a_list() {
        assert_eq!(paged("status/achieved.html", 0), "status/achieved.html");
        assert_eq!(paged("status/achieved.html", 2), "status/achieved/3.html");
    }
}
