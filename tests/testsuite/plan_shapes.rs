//! The plan shapes of other governments (issue 16, second part): targets for
//! some years only and progress against the period's target, targets written
//! as a change from the baseline or approximately, a running total beside the
//! years, figures at a date; and what is refused. Each test builds a small
//! site (or an example) and reads what was published.

use crate::common::{Workspace, repo, run_in};

/// The basic fixture with its plan moved to `first..=last` (latest reviewed
/// `latest`) and one initiative, `01-alpha`, whose indicator is `indicator`.
fn site(first: i32, last: i32, latest: i32, indicator: &str) -> Workspace {
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
    ws.write(
        "initiatives/01-alpha/initiative.toml",
        &format!(
            r#"number = 1
strategy = 1
area = 1
item = 1
division = "digital"
title = {{ ja = "効果額", en = "Savings" }}
description = {{ ja = "効果額を増やす", en = "Save more." }}

[[indicators]]
{indicator}"#
        ),
    );
    ws
}

fn built(ws: &Workspace) {
    let run = ws.build(&[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

/// The text of the figures table of a page, tags dropped, spaces squeezed.
fn table_text(page: &str) -> String {
    let start = page
        .find("<table class=\"figures\"")
        .expect("a figures table");
    let end = start + page[start..].find("</table>").unwrap();
    let mut out = String::new();
    let mut in_tag = false;
    for c in page[start..end].chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#39;", "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The CSV row of `year` as columns, with the header's names.
fn csv_row(csv: &str, year: i32) -> std::collections::BTreeMap<String, String> {
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row = lines
        .find(|l| l.split(',').nth(3) == Some(&year.to_string()))
        .unwrap_or_else(|| panic!("no row for {year}: {csv}"));
    header
        .iter()
        .map(|h| h.to_string())
        .zip(row.split(',').map(str::to_string))
        .collect()
}

const SAVINGS: &str = r#"id = "savings"
name = { ja = "改革の効果額", en = "Savings" }
unit = { ja = "百万円", en = "million yen" }
direction = "higher"
period_total = { value = 5140 }

[indicators.years]
2006 = { target = 950, actual = 2085 }
2007 = { target = 1030 }
2008 = { target = 1200 }
2009 = { target = 840 }
2010 = { target = 1120 }

[indicators.running_total]
2006 = { target = 950, actual = 7739 }
2007 = { target = 2930 }
2008 = { target = 6110 }
2009 = { target = 10130 }
2010 = { target = 15270 }
"#;

#[test]
fn progress_against_the_year_and_the_period_passes_100_percent_as_printed() {
    let ws = site(2006, 2010, 2006, SAVINGS);
    built(&ws);
    let ja = table_text(&ws.page("initiatives/01-alpha.html"));
    // 2,085 / 950 and 2,085 / 5,140, to one decimal as the report prints them.
    assert!(
        ja.contains("年度の目標に対して219.5％、計画期間の目標に対して40.6％"),
        "{ja}"
    );
    let en = table_text(&ws.page("en/initiatives/01-alpha.html"));
    assert!(
        en.contains("219.5% of the year's target; 40.6% of the plan period's target"),
        "{en}"
    );
    let page = ws.page("initiatives/01-alpha.html");
    assert!(page.contains("計画期間の合計目標") && page.contains("5,140百万円"));
    let row = csv_row(&ws.page("data/indicators.csv"), 2006);
    assert_eq!(row["progress_of_year"], "219.5");
    assert_eq!(row["progress_of_period"], "40.6");
    let json = ws.page("data/indicators.json");
    // As written: 5140, not 5140.0.
    assert!(
        json.contains("\"period_total\": 5140") && !json.contains("5140.0"),
        "{json}"
    );
    assert!(json.contains("\"progress_of_period\": 40.6"), "{json}");
}

#[test]
fn two_series_share_one_table_and_one_chart_told_apart_by_shape() {
    let ws = site(2006, 2010, 2006, SAVINGS);
    built(&ws);
    let ja = table_text(&ws.page("initiatives/01-alpha.html"));
    for heading in [
        "目標（単年度）",
        "実績（単年度）",
        "目標（累計）",
        "実績（累計）",
    ] {
        assert!(ja.contains(heading), "{heading} missing: {ja}");
    }
    assert!(
        ja.contains("950百万円 2,085百万円 950百万円 7,739百万円"),
        "{ja}"
    );
    assert!(ja.contains("15,270百万円"), "{ja}");
    let chart = ws.page("charts/01-alpha--savings.svg");
    // The running total's target: a dashed line of its own, square marks,
    // and the legend names both series.
    assert!(chart.contains("stroke-dasharray=\"12 5\""), "{chart}");
    for word in [
        "実績（単年度）",
        "目標（単年度）",
        "実績（累計）",
        "目標（累計）",
    ] {
        assert!(chart.contains(word), "{word} not in the chart");
    }
    let row = csv_row(&ws.page("data/indicators.csv"), 2008);
    assert_eq!(row["running_target"], "6110");
    assert_eq!(row["target"], "1200");
}

#[test]
fn a_target_only_in_the_final_year_is_not_yet_assessable_before_it() {
    let ws = site(
        2022,
        2026,
        2024,
        r#"id = "savings"
name = { ja = "効果額", en = "Savings" }
unit = { ja = "百万円", en = "million yen" }
direction = "higher"
final_target = { value = 400 }

[indicators.years]
2022 = { actual = 100 }
2023 = { actual = 250 }
2024 = { actual = 550 }
"#,
    );
    built(&ws);
    let ja = table_text(&ws.page("initiatives/01-alpha.html"));
    assert!(ja.contains("評価時期前"), "{ja}");
    assert!(!ja.contains("目標なし"), "{ja}");
    // The progress towards the final target: 550 / 400.
    assert!(ja.contains("計画期間の目標に対して137.5％"), "{ja}");
    // The final year is assessed against the final target.
    assert!(ja.contains("400百万円"), "{ja}");
    let row = csv_row(&ws.page("data/indicators.csv"), 2024);
    assert_eq!(row["status"], "not_yet_assessable");
    assert_eq!(row["progress_of_period"], "137.5");
    let row = csv_row(&ws.page("data/indicators.csv"), 2026);
    assert_eq!(row["target"], "400");
    assert_eq!(row["status"], "pending");
    // The overview counts the status.
    let index = ws.page("index.html");
    assert!(index.contains("評価時期前"), "not counted on the overview");
}

#[test]
fn a_change_from_the_baseline_is_shown_as_written_and_assessed_by_the_figure_it_implies() {
    let ws = site(
        2022,
        2026,
        2024,
        r#"id = "staff"
name = { ja = "全職員数", en = "Staff" }
unit = { ja = "人", en = "staff" }
direction = "lower"
baseline = { year = 2021, value = 1344 }
final_target = { change = -430, approximate = true }

[indicators.years]
2024 = { target_change = -50, actual = 1300 }
"#,
    );
    built(&ws);
    let ja = table_text(&ws.page("initiatives/01-alpha.html"));
    // 1,344 − 50 = 1,294: 1,300 is above it, so not met.
    assert!(ja.contains("50人削減（1,294人）"), "{ja}");
    assert!(ja.contains("未達成"), "{ja}");
    // The final target, approximate, marked wherever its verdict is shown.
    assert!(ja.contains("概ね430人削減（914人）"), "{ja}");
    assert!(ja.contains("目標は概数"), "{ja}");
    let en = table_text(&ws.page("en/initiatives/01-alpha.html"));
    assert!(en.contains("50 staff fewer (1,294 staff)"), "{en}");
    assert!(en.contains("approximate target"), "{en}");
    let csv = ws.page("data/indicators.csv");
    let row = csv_row(&csv, 2024);
    assert_eq!(row["target"], "1294");
    assert_eq!(row["target_change"], "-50");
    assert_eq!(row["status"], "not_achieved");
    let row = csv_row(&csv, 2026);
    assert_eq!(row["target"], "914");
    assert_eq!(row["target_approximate"], "1");
}

#[test]
fn figures_at_a_date_are_labelled_by_the_date_never_as_a_fiscal_year() {
    let ws = site(
        2010,
        2014,
        2013,
        r#"id = "staff"
name = { ja = "職員数", en = "Staff" }
unit = { ja = "人", en = "staff" }
direction = "lower"

[indicators.dates]
2013-04-01 = { target = 830, actual = 826 }
2014-04-01 = { target = 798, actual = 793 }
"#,
    );
    built(&ws);
    let ja = table_text(&ws.page("initiatives/01-alpha.html"));
    assert!(ja.contains("2013年4月1日現在 － 830人 826人"), "{ja}");
    assert!(ja.contains("2014年4月1日現在"), "{ja}");
    assert!(
        !ja.contains("年度"),
        "a figure at a date labelled as a fiscal year: {ja}"
    );
    let en = table_text(&ws.page("en/initiatives/01-alpha.html"));
    assert!(en.contains("as of 1 April 2013"), "{en}");
    assert!(!en.contains("FY"), "{en}");
    let chart = ws.page("charts/01-alpha--staff.svg");
    assert!(
        chart.contains(">H25.4.1<") && chart.contains(">H26.4.1<"),
        "{chart}"
    );
    assert!(!chart.contains(">H22<"), "{chart}");
    let en_chart = ws.page("en/charts/01-alpha--staff.svg");
    assert!(en_chart.contains(">1 April 2013<"), "{en_chart}");
    // 1 April closes the year before: 2013-04-01 is reported with FY2012.
    let row = csv_row(&ws.page("data/indicators.csv"), 2012);
    assert_eq!(row["measured_on"], "2013-04-01");
    assert_eq!(row["status"], "achieved");
    let json = ws.page("data/indicators.json");
    assert!(json.contains("\"measured_on\": \"2014-04-01\""), "{json}");
}

/// `check` of a site whose indicator is `indicator`: exit code and messages.
fn refused(indicator: &str) -> (i32, String) {
    let ws = site(2022, 2026, 2024, indicator);
    let en = ws.run(&["check", "--lang", "en"]);
    let ja = ws.run(&["check", "--lang", "ja"]);
    assert_eq!(en.code, ja.code);
    (
        en.code,
        format!("{}{}\n{}{}", en.stdout, en.stderr, ja.stdout, ja.stderr),
    )
}

#[test]
fn a_shape_written_wrongly_is_refused_with_what_to_write() {
    let head = r#"id = "x"
name = { ja = "職員数", en = "Staff" }
unit = { ja = "人", en = "staff" }
direction = "lower"
"#;
    let cases = [
        (
            // A change needs the baseline it is a change from.
            format!("{head}\n[indicators.years]\n2024 = {{ target_change = -50 }}\n"),
            vec![
                "indicators[0].years.2024.target_change",
                "baseline = {",
                "基準値",
            ],
        ),
        (
            // A running total on an indicator that is already one.
            format!(
                "{head}cumulative = true\n[indicators.years]\n2024 = {{ target = 5 }}\n[indicators.running_total]\n2024 = {{ target = 5 }}\n"
            ),
            vec!["indicators[0].running_total", "cumulative = false"],
        ),
        (
            // approximate without a target.
            format!("{head}\n[indicators.years]\n2024 = {{ actual = 5, approximate = true }}\n"),
            vec!["indicators[0].years.2024.approximate", "概ね"],
        ),
        (
            // Not a date.
            format!("{head}\n[indicators.dates]\n2013-13-01 = {{ target = 5 }}\n"),
            vec![
                "`2013-13-01` is not a date",
                "2013-04-01",
                "日付ではありません",
            ],
        ),
        (
            // A period total on a running total.
            format!(
                "{head}cumulative = true\nperiod_total = {{ value = 10 }}\n[indicators.years]\n2024 = {{ target = 5 }}\n"
            ),
            vec!["indicators[0].period_total", "final_target"],
        ),
    ];
    for (toml, words) in cases {
        let (code, out) = refused(&toml);
        assert_eq!(code, 1, "{toml}\n{out}");
        for w in words {
            assert!(out.contains(w), "{w} missing for\n{toml}\n{out}");
        }
        assert!(!out.contains("panicked"), "{out}");
    }
}

#[test]
fn a_refused_shape_leaves_the_published_site_as_it_was() {
    let ws = site(2006, 2010, 2006, SAVINGS);
    built(&ws);
    let before = crate::common::snapshot(&ws.output());
    ws.edit(
        "initiatives/01-alpha/initiative.toml",
        "2008 = { target = 6110 }",
        "2008 = { target = 2000 }",
    );
    let run = ws.build(&[]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("running_total.2008.target"),
        "{}",
        run.stderr
    );
    assert_eq!(before, crate::common::snapshot(&ws.output()));
}

#[test]
fn the_examples_use_the_shapes_with_their_sources_figures() {
    for example in ["iwaki", "miyakojima"] {
        let content = format!("examples/{example}");
        let run = run_in(&repo(), &["check", "--strict", "--content", &content]);
        assert_eq!(run.code, 0, "{example}: {}{}", run.stdout, run.stderr);
    }
    let iwaki = std::fs::read_to_string(
        repo().join("examples/iwaki/initiatives/01-reform-savings/initiative.toml"),
    )
    .unwrap();
    for figure in ["5140", "2930", "6110", "10130", "15270", "7739"] {
        assert!(iwaki.contains(figure), "{figure} missing from iwaki");
    }
    let staff = std::fs::read_to_string(
        repo().join("examples/iwaki/initiatives/02-staff-numbers/initiative.toml"),
    )
    .unwrap();
    assert!(staff.contains("change = -430, approximate = true"));
}

#[test]
fn an_edition_records_figures_at_dates_by_their_dates() {
    let ws = Workspace::new("examples/miyakojima");
    let run = ws.run(&["issue", "2013", "--date", "2014-06-30"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let record = ws.read("editions/2013.toml");
    assert!(
        record.contains(
            "[initiatives.indicators.dates]\n2013-04-01 = { target = 830, actual = 826 }"
        ),
        "{record}"
    );
    let run = ws.build(&["--strict"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let page = table_text(&ws.page("editions/2013/initiatives/05-staff-numbers.html"));
    assert!(
        page.contains("時点") && page.contains("2014年4月1日現在 798人 793人"),
        "{page}"
    );
    assert!(!page.contains("年度"), "{page}");
}

#[test]
fn a_year_with_neither_target_nor_actual_before_a_target_stays_no_target() {
    // 宮古島市's collection rates: one reported year, nothing before it.
    let ws = site(
        2010,
        2014,
        2013,
        r#"id = "rate"
name = { ja = "徴収率", en = "Collection rate" }
unit = { ja = "%", en = "%" }
direction = "higher"

[indicators.years]
2012 = { target = 95.68, actual = 97.96 }
"#,
    );
    built(&ws);
    let csv = ws.page("data/indicators.csv");
    assert_eq!(csv_row(&csv, 2010)["status"], "not_assessed");
    assert_eq!(csv_row(&csv, 2012)["status"], "achieved");
    assert!(!csv.contains("not_yet_assessable"), "{csv}");
    assert!(
        !ws.output()
            .join("status/2010/not_yet_assessable.html")
            .exists()
    );
}

/// The text between `start` and the next `end` after it, from `at`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = html.find(start)? + start.len();
    let len = html[from..].find(end)?;
    Some(&html[from..from + len])
}

/// Every value a figures table row shows: its year, figures, status and the
/// words beside the status, as written in the page's HTML (escaped alike).
fn row_values(row: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(year) = between(row, "<th scope=\"row\">", "<") {
        out.push(year.to_string());
    }
    let mut rest = row;
    while let Some(at) = rest.find("<td class=\"num\"") {
        rest = &rest[at..];
        let cell = between(rest, ">", "<").unwrap_or_default();
        out.push(cell.to_string());
        rest = &rest[1..];
    }
    if let Some(cell) = between(row, "<td class=\"progress-cell\"", "</td>") {
        out.push(cell.split_once('>').map_or("", |(_, v)| v).to_string());
    }
    if let Some(status) = between(
        row,
        "<span class=\"status-icon\" aria-hidden=\"true\">",
        "</span>",
    )
    .and_then(|_| row.split("aria-hidden=\"true\">").nth(1))
    .and_then(|s| s.split_once("</span>").map(|(_, after)| after))
    .map(|s| s.split('<').next().unwrap_or_default())
    {
        out.push(status.to_string());
    }
    for class in ["by-city", "city-beside", "approximate"] {
        if let Some(words) = between(row, &format!("<span class=\"{class}\">"), "<") {
            out.push(
                words
                    .trim_matches(|c| matches!(c, '（' | '）' | '(' | ')' | ' '))
                    .to_string(),
            );
        }
    }
    out.retain(|v| !v.is_empty() && v != "－" && v != "–");
    out
}

/// For every chart of the repository and of every example, on every page
/// that shows one (the initiatives' and the headline targets'), in every
/// language: its text alternative names each year, figure and status its
/// figures table shows, with the words beside the status.
#[test]
fn every_charts_alternative_names_what_its_table_shows() {
    let mut sites = vec![repo().join("content")];
    for e in std::fs::read_dir(repo().join("examples")).unwrap() {
        let dir = e.unwrap().path();
        if dir.join("site.toml").is_file() {
            sites.push(dir);
        }
    }
    sites.sort();
    let (mut charts, mut values) = (0, 0);
    for content in sites {
        let out = tempfile::tempdir().unwrap();
        let run = run_in(
            out.path(),
            &[
                "build",
                "--content",
                content.to_str().unwrap(),
                "--output",
                out.path().join("public").to_str().unwrap(),
            ],
        );
        assert_eq!(run.code, 0, "{}: {}", content.display(), run.stderr);
        for page in walk_html(&out.path().join("public")) {
            let html = std::fs::read_to_string(&page).unwrap();
            for figure in html.split("<figure class=\"chart\">").skip(1) {
                let alt = between(figure, "alt=\"", "\"").unwrap();
                let body = between(figure, "<tbody>", "</tbody>").unwrap();
                for row in body.split("<tr>").skip(1) {
                    for value in row_values(row) {
                        values += 1;
                        assert!(
                            alt.contains(&value),
                            "{}: the chart's alternative does not say {value:?}, which its table shows\nalt: {alt}\nrow: {row}",
                            page.display()
                        );
                    }
                }
                charts += 1;
            }
        }
    }
    // The repository's 45 indicators with figures and the examples'.
    assert!(
        charts > 60 && values > 10 * charts,
        "only {charts} charts and {values} values were checked"
    );
}

fn walk_html(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk_html(&p));
        } else if p.extension().is_some_and(|x| x == "html") {
            out.push(p);
        }
    }
    out
}
