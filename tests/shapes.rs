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

#[test]
fn figures_and_words_are_printed_as_the_city_wrote_them() {
    let ws = site(
        2022,
        2026,
        2024,
        &format!(
            r#"{HEAD}
[[indicators]]
id = "fiscal-strength"
name = {{ ja = "財政力指数", en = "Fiscal strength index" }}
no_unit = true
direction = "higher"
baseline = {{ year = 2021, value = 0.650 }}

[indicators.years]
2023 = {{ target = 0.660, actual = 0.670 }}
2024 = {{ target = 0.670, actual = 0.665, actual_text = {{ ja = "0.665（速報値）", en = "0.665 (early figure)" }} }}

[[indicators]]
id = "ratio"
name = {{ ja = "経常収支比率", en = "Current balance ratio" }}
unit = {{ ja = "%", en = "%" }}
direction = "lower"
qualifier = "or_less"

[indicators.years]
2024 = {{ target = 90.0, actual = 88.5 }}
"#
        ),
    );
    built(&ws);
    let ja = ws.page("initiatives/01-alpha.html");
    // Trailing zeros as written, and no unit after an index.
    for figure in [
        ">0.660<",
        ">0.670<",
        "0.650（令和3年度）",
        ">0.665（速報値）<",
    ] {
        assert!(ja.contains(figure), "{figure} missing");
    }
    assert!(!ja.contains(">0.67<") && !ja.contains(">0.66<"));
    // 以下 as written, in the target and in the rule.
    assert!(ja.contains("90.0%以下"), "{ja}");
    assert!(ja.contains("目標値以下で達成"));
    assert!(!ja.contains("90.0%以内"));
    let en = ws.page("en/initiatives/01-alpha.html");
    assert!(en.contains("90.0% or less"));
    // The chart has no unit caption and its text alternative keeps the digits.
    assert!(ja.contains("実績は0.665（速報値）、目標は0.670"), "{ja}");

    // The open data carries the report's words beside the numbers.
    let csv = ws.page("data/indicators.csv");
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with(",target_text_ja,target_text_en,actual_text_ja,actual_text_en"));
    let row = csv
        .lines()
        .find(|l| l.contains("fiscal-strength,2024,"))
        .unwrap();
    assert!(
        row.ends_with(",,,0.665（速報値）,0.665 (early figure)"),
        "{row}"
    );
    let json: serde_json::Value = serde_json::from_str(&ws.page("data/indicators.json")).unwrap();
    let years = &json["initiatives"][0]["indicators"][0]["years"];
    let y2024 = years
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["fiscal_year"] == 2024)
        .unwrap();
    assert_eq!(y2024["actual_text"]["ja"], "0.665（速報値）");
    assert_eq!(y2024["actual_text"]["en"], "0.665 (early figure)");
    assert!(y2024["target_text"].is_null());
    assert_eq!(
        json["initiatives"][0]["indicators"][0]["unit"],
        serde_json::Value::Null
    );
}
