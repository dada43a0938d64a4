//! The shapes of other governments' plans (issue 16): years before Reiwa,
//! figures printed as written, benchmarks, ranks, provisional and missing
//! values. Each test builds a small site and reads what was published.

mod common;

use common::Workspace;

/// The basic fixture with its plan moved to `first..=last` (latest reviewed
/// `latest`) and one initiative, `01-alpha`, whose `initiative.toml` is `toml`.
fn site(first: i32, last: i32, latest: i32, toml: &str) -> Workspace {
    let ws = Workspace::new("tests/fixtures/basic");
    ws.edit(
        "site.toml",
        "latest_reviewed_year = 2024",
        &format!("latest_reviewed_year = {latest}"),
    );
    ws.edit(
        "site.toml",
        "first_year = 2022",
        &format!("first_year = {first}"),
    );
    ws.edit(
        "site.toml",
        "last_year = 2026",
        &format!("last_year = {last}"),
    );
    std::fs::remove_dir_all(ws.path("initiatives")).unwrap();
    ws.write("initiatives/01-alpha/initiative.toml", toml);
    ws
}

/// The head of an initiative.toml, up to its first indicator.
const HEAD: &str = r#"number = 1
strategy = 1
area = 1
item = 1
division = "digital"
title = { ja = "電子申請の拡大", en = "More online applications" }
description = { ja = "電子申請を増やす", en = "Offer more procedures online." }
"#;

fn built(ws: &Workspace) {
    let run = ws.build(&[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn years_before_reiwa_are_named_in_their_era() {
    let ws = site(
        2016,
        2020,
        2019,
        &format!(
            r#"{HEAD}
[schedule]
2016 = "implement"

[[indicators]]
id = "procedures"
name = {{ ja = "電子申請手続き数", en = "Procedures online" }}
unit = {{ ja = "件", en = "procedures" }}
direction = "higher"
baseline = {{ year = 1988, value = 3 }}

[indicators.years]
2016 = {{ target = 10, actual = 12 }}
2018 = {{ target = 20, actual = 21 }}
2019 = {{ target = 30, actual = 28 }}
"#
        ),
    );
    built(&ws);
    let ja = ws.page("initiatives/01-alpha.html");
    for label in [
        "平成28年度",
        "平成30年度",
        "令和元年度",
        "令和2年度",
        // The baseline's year, before 平成.
        "昭和63年度",
    ] {
        assert!(ja.contains(label), "{label} missing");
    }
    assert!(ja.contains("（2016年度）"));
    assert!(!ja.contains("2016年度（2016年度）"));
    assert!(!ja.contains(">2016年度<"));
    // The chart's short labels: H28 … R2.
    let chart = ws.page("charts/01-alpha--procedures.svg");
    for label in [">H28<", ">H29<", ">H30<", ">R1<", ">R2<"] {
        assert!(chart.contains(label), "{label} not in the chart");
    }
    // The open data names the era year too.
    let csv = ws.page("data/indicators.csv");
    assert!(csv.contains(",2016,平成28年度,"), "{csv}");
    let en = ws.page("en/initiatives/01-alpha.html");
    assert!(en.contains("FY2016") && !en.contains("平成"));
}
