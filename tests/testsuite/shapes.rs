//! The shapes of other governments' plans (issue 16): years before Reiwa,
//! figures printed as written, benchmarks, ranks, provisional and missing
//! values. Each test builds a small site and reads what was published.

use crate::common::Workspace;

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
    assert!(header.contains(",target_text_ja,target_text_en,actual_text_ja,actual_text_en,"));
    let row = csv
        .lines()
        .find(|l| l.contains("fiscal-strength,2024,"))
        .unwrap();
    assert!(
        row.contains(",,,0.665（速報値）,0.665 (early figure),"),
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

#[test]
fn the_reports_benchmarks_are_published_with_their_years_or_none() {
    let ws = Workspace::new("content");
    let run = ws.build(&["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    // No.10: two reference figures on its own measure, rows of the table;
    // 全国平均 93.1% has no year in the report, so none is shown.
    let ja = ws.page("initiatives/10-recurring-costs.html");
    let rows: Vec<&str> = ja.split("<tr class=\"benchmark\">").skip(1).collect();
    assert_eq!(rows.len(), 2, "{ja}");
    assert!(
        rows[0].contains("全国平均") && rows[0].contains(">93.1%</td>"),
        "{}",
        rows[0]
    );
    assert!(rows[1].contains("類似団体平均") && rows[1].contains(">91.3%（令和2年度）</td>"));
    // … and lines on the chart, said in its text alternative.
    assert!(ja.contains("参考値：全国平均 93.1%、類似団体平均 91.3%（令和2年度）。"));
    let chart = ws.page("charts/10-recurring-costs--current-balance-ratio.svg");
    assert!(
        chart.contains(">全国平均 93.1%<") && chart.contains(">類似団体平均 91.3%（令和2年度）<")
    );
    assert_eq!(
        chart.matches("stroke-dasharray=\"2 4\"").count(),
        2,
        "two dotted lines"
    );
    let en = ws.page("en/initiatives/10-recurring-costs.html");
    assert!(en.contains(">91.3% (FY2020)</td>") && en.contains(">93.1%</td>"));
    assert!(en.contains("Reference figures: National average 93.1%; Average of similar municipalities 91.3% (FY2020)."));

    // No.11: 全国平均 5.7% for FY2020.
    let ja = ws.page("initiatives/11-municipal-borrowing.html");
    assert!(ja.contains(">5.7%（令和2年度）</td>"));

    // No.2: a related measure, a note under the table and no line on the chart of cards.
    let ja = ws.page("initiatives/02-my-number-card.html");
    assert!(
        ja.contains("<p class=\"benchmark-note\">参考：交付率 92.3%（県内平均 87.5%）</p>"),
        "{ja}"
    );
    assert!(!ja.contains("<tr class=\"benchmark\">"));
    let chart = ws.page("charts/02-my-number-card--cards-issued.svg");
    assert!(!chart.contains("87.5") && !chart.contains("2 4\""));
    let en = ws.page("en/initiatives/02-my-number-card.html");
    assert!(en.contains("For reference: card issuance rate 92.3% (prefecture average 87.5%)"));

    // The open data: benchmarks.csv, one row each, the year empty where the source gives none.
    let csv = ws.page("data/benchmarks.csv");
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "initiative_no,initiative_id,indicator_id,label_ja,label_en,value,unit_ja,unit_en,benchmark_year,benchmark_era_year,measure_ja,measure_en,own_value,source_ja,source_en"
    );
    assert_eq!(lines.len(), 5, "{csv}");
    assert!(lines.contains(&"2,02-my-number-card,cards-issued,県内平均,prefecture average,87.5,%,%,,,交付率,card issuance rate,92.3,,"));
    assert!(lines.contains(
        &"10,10-recurring-costs,current-balance-ratio,全国平均,National average,93.1,%,%,,,,,,,"
    ));
    assert!(lines.contains(&"11,11-municipal-borrowing,real-debt-service-ratio,全国平均,National average,5.7,%,%,2020,令和2年度,,,,,"));
    let json: serde_json::Value = serde_json::from_str(&ws.page("data/indicators.json")).unwrap();
    let no10 = &json["initiatives"][9]["indicators"][0]["benchmarks"];
    assert_eq!(no10[0]["value"], 93.1);
    assert!(no10[0]["fiscal_year"].is_null() && no10[0]["measure"].is_null());
    assert_eq!(no10[1]["fiscal_year"], 2020);
    let no2 = &json["initiatives"][1]["indicators"][0]["benchmarks"][0];
    assert_eq!(
        (no2["measure"]["ja"].as_str(), no2["own_value"].as_f64()),
        (Some("交付率"), Some(92.3))
    );
    // The open data page explains the file.
    assert!(
        ws.page("opendata.html")
            .contains("<code>benchmark_year</code>")
    );
}

#[test]
fn a_benchmark_says_its_year_or_that_there_is_none() {
    let toml = |benchmark: &str| {
        format!(
            r#"{HEAD}
[[indicators]]
id = "ratio"
name = {{ ja = "経常収支比率", en = "Current balance ratio" }}
unit = {{ ja = "%", en = "%" }}
direction = "lower"

[indicators.years]
2024 = {{ target = 90.7, actual = 93.7 }}

[[indicators.benchmarks]]
label = {{ ja = "全国平均", en = "National average" }}
{benchmark}
"#
        )
    };
    for (benchmark, problem) in [
        ("value = 93.1", "has no year"),
        (
            "value = 93.1\nyear = 2020\nno_year = true",
            "has a year and says `no_year = true`",
        ),
        ("value = 93.1\nyear = 20", "20 is not a fiscal year"),
        (
            "value = 93.1\nno_year = true\nown_value = 92.3",
            "`own_value` is only for a benchmark on another measure",
        ),
        ("value = \"93.1%\"\nno_year = true", "expected a number"),
    ] {
        let ws = site(2022, 2026, 2024, &toml(benchmark));
        let run = ws.run(&["check"]);
        assert_eq!(run.code, 1, "{benchmark}: {}", run.stdout);
        let out = format!("{}{}", run.stdout, run.stderr);
        assert!(out.contains(problem), "{benchmark}: {out}");
        assert!(out.contains("initiative.toml:"), "{out}");
    }
    let ws = site(
        2022,
        2026,
        2024,
        &toml(
            "value = 93.1\nno_year = true\nsource = { ja = \"総務省\", en = \"Ministry of Internal Affairs\" }",
        ),
    );
    built(&ws);
    assert!(
        ws.page("initiatives/01-alpha.html")
            .contains("93.1% <span class=\"source\">（出典：総務省）</span>")
    );
}

/// A rank (順位): lower is better, whole numbers, printed as a place, and a
/// missed target said in places, never in percent.
#[test]
fn ranks_are_places_lower_is_better() {
    let ws = site(
        2022,
        2026,
        2024,
        &format!(
            r#"{HEAD}
[[indicators]]
id = "ranking"
name = {{ ja = "住みよさランキングの順位", en = "Rank in a livability ranking" }}
direction = "lower"
rank = true
qualifier = "at_most"
baseline = {{ year = 2021, value = 12 }}

[indicators.years]
2022 = {{ target = 10, actual = 8 }}
2023 = {{ target = 8, actual = 11 }}
2024 = {{ target = 6, actual = 9 }}
"#
        ),
    );
    built(&ws);
    let ja = ws.page("initiatives/01-alpha.html");
    assert!(ja.contains("10位以内"), "the target as a place: {ja}");
    assert!(ja.contains(">8位<") || ja.contains("8位"), "{ja}");
    assert!(ja.contains("12位（令和3年度）"), "the baseline: {ja}");
    // FY2023: 11th against a target of 8th is 3 places short.
    let shortfalls = ws.page("shortfalls/2023.html");
    assert!(shortfalls.contains("11位"), "{shortfalls}");
    // FY2024: 9th against 6th is 3 places short, said in the chart's text.
    assert!(
        ja.contains("目標に3位届きませんでした"),
        "the gap in places: {ja}"
    );
    assert!(!ja.contains("3.0") && !ja.contains("3ポイント"));
    let en = ws.page("en/initiatives/01-alpha.html");
    assert!(en.contains("rank 10"), "{en}");
    assert!(en.contains("target missed by 3 places"), "{en}");
    // FY2022 met its target: 8th within 10th.
    assert!(ws.page("status/2022/achieved.html").contains("01-alpha"));
}

/// A rank with decimals, or one that would be better when higher, is refused
/// with what to write.
#[test]
fn a_rank_must_be_a_whole_number_and_lower_is_better() {
    let ws = site(
        2022,
        2026,
        2024,
        &format!(
            r#"{HEAD}
[[indicators]]
id = "ranking"
name = {{ ja = "順位", en = "Rank" }}
direction = "higher"
rank = true

[indicators.years]
2024 = {{ target = 6, actual = 6.5 }}
"#
        ),
    );
    let run = ws.run(&["check", "--lang", "en"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("6.5 is not a rank: a rank is a whole number from 1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("field `indicators[0].years.2024.actual`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("write direction = \"lower\" for a rank"),
        "{}",
        run.stderr
    );
    let run = ws.run(&["check", "--lang", "ja"]);
    assert!(
        run.stderr.contains("6.5 は順位になりません"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("initiative.toml:"),
        "names the file and line: {}",
        run.stderr
    );
}

/// 暫定 (provisional), ― (no figure) and 未確定 (a verdict left for later):
/// each is marked, none is silently assessed.
#[test]
fn provisional_missing_and_undecided_are_marked_never_silently_assessed() {
    let ws = site(
        2022,
        2026,
        2024,
        &format!(
            r#"{HEAD}
[[indicators]]
id = "rate"
name = {{ ja = "収納率", en = "Collection rate" }}
unit = {{ ja = "%", en = "%" }}
direction = "higher"
decimals = 1

[indicators.years]
2022 = {{ target = 90.0, state = "missing", dash = "no_figure" }}
2023 = {{ target = 91.0, actual = 91.5, state = "undecided" }}
2024 = {{ target = 92.0, actual = 92.4, state = "provisional" }}
"#
        ),
    );
    built(&ws);
    let ja = ws.page("initiatives/01-alpha.html");
    assert!(
        ja.contains("92.4%（暫定）"),
        "a provisional actual is marked: {ja}"
    );
    assert!(ja.contains("status-no_data"), "FY2022 has no figure: {ja}");
    assert!(
        ja.contains("status-undecided") && ja.contains("未確定"),
        "{ja}"
    );
    // The provisional figure is assessed (met), the others are not.
    let en = ws.page("en/initiatives/01-alpha.html");
    assert!(en.contains("92.4% (provisional)"), "{en}");
    assert!(
        en.contains("Not yet decided") || en.contains("Undecided"),
        "{en}"
    );
    // Undecided is never counted as met or missed: FY2023's overview counts it.
    let y2023 = ws.page("years/2023.html");
    assert!(y2023.contains("count-undecided"), "{y2023}");
    assert!(ws.output().join("status/2023/undecided.html").is_file());
    assert!(!ws.page("shortfalls/2023.html").contains("01-alpha.html"));
    // The open data says so too.
    let json = ws.page("data/indicators.json");
    assert!(
        json.contains("\"states\": [\n                \"provisional\"\n              ]"),
        "{json}"
    );
    assert!(json.contains("\"status\": \"undecided\""), "{json}");
    assert!(json.contains("\"status\": \"no_data\""), "{json}");
    let csv = ws.page("data/indicators.csv");
    assert!(csv.contains(",undecided,"), "{csv}");
    assert!(csv.contains(",provisional,"), "{csv}");
    // A plan without such years shows none of these statuses.
    let plain = Workspace::new("tests/fixtures/basic");
    built(&plain);
    assert!(!plain.page("index.html").contains("count-undecided"));
    assert!(!plain.output().join("status/undecided.html").exists());
}

/// A provisional actual needs its figure; a missing one has none.
#[test]
fn a_year_state_must_fit_its_figures() {
    let ws = site(
        2022,
        2026,
        2024,
        &format!(
            r#"{HEAD}
[[indicators]]
id = "rate"
name = {{ ja = "収納率", en = "Collection rate" }}
unit = {{ ja = "%", en = "%" }}
direction = "higher"

[indicators.years]
2023 = {{ target = 91.0, state = "provisional" }}
2024 = {{ target = 92.0, actual = 92.4, state = "missing" }}
"#
        ),
    );
    let run = ws.run(&["check", "--lang", "en"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("a provisional actual (暫定) needs its figure"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("field `indicators[0].years.2023.state`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("says the report has no figure (―), but an actual is written"),
        "{}",
        run.stderr
    );
    let run = ws.run(&["check", "--lang", "ja"]);
    assert!(
        run.stderr
            .contains("暫定値（provisional）には実績の数値が必要です"),
        "{}",
        run.stderr
    );
}

/// The city's own verdict stands beside the computed reading, never in
/// its place: a floor-area cut below its number, judged on track because
/// the agreed projects exceed it.
#[test]
fn the_citys_own_verdict_is_shown_beside_the_computed_status() {
    let ws = site(
        2022,
        2026,
        2024,
        &format!(
            r#"{HEAD}
[[indicators]]
id = "floor-area"
name = {{ ja = "公共施設の延床面積の削減量", en = "Floor area of public buildings cut" }}
unit = {{ ja = "㎡", en = "m²" }}
direction = "higher"

[indicators.years]
2024 = {{ target = 5000, actual = 4200, city_verdict = {{ ja = "概ね達成（合意済みの事業で目標を上回る見込み）", en = "On track (the agreed projects will exceed the target)" }} }}
"#
        ),
    );
    built(&ws);
    let ja = ws.page("initiatives/01-alpha.html");
    assert!(ja.contains("令和6年度（2024年度）の市の判断"), "{ja}");
    assert!(
        ja.contains("概ね達成（合意済みの事業で目標を上回る見込み）"),
        "{ja}"
    );
    // The computed reading stays, beside it and in the status.
    assert!(ja.contains("目標値と実績値による判定：未達成"), "{ja}");
    assert!(ws.page("shortfalls/2024.html").contains("01-alpha.html"));
    let en = ws.page("en/initiatives/01-alpha.html");
    assert!(en.contains("The city&#39;s own verdict for FY2024"), "{en}");
    let json = ws.page("data/indicators.json");
    assert!(json.contains("\"city_verdict\""), "{json}");
    assert!(json.contains("\"status\": \"not_achieved\""), "{json}");
}

/// A second initiative, `02-beta`, of the `site` fixture, with `indicators`
/// below the head of an initiative.toml.
fn second(ws: &Workspace, indicators: &str) {
    ws.write(
        "initiatives/02-beta/initiative.toml",
        &format!(
            "{}\n{indicators}",
            HEAD.replace("number = 1", "number = 2")
                .replace("item = 1", "item = 2")
        ),
    );
}

/// Where the figures cannot decide (a ― that means nothing to report under
/// a ceiling), the city's verdict is the status, marked as the city's on
/// the cards, the counts, the lists and in the open data; where they
/// decide and the city says otherwise, the computed status stands with the
/// city's verdict beside it, on the shortfall page and in the CSV, and the
/// overview counts such differences.
#[test]
fn the_citys_verdict_decides_where_the_figures_cannot_and_stands_beside_where_they_do() {
    let ws = site(
        2022,
        2026,
        2024,
        &format!(
            r#"{HEAD}
[[indicators]]
id = "future-burden"
name = {{ ja = "将来負担比率", en = "Future burden ratio" }}
unit = {{ ja = "%", en = "%" }}
direction = "lower"
qualifier = "or_less"
decimals = 1

[indicators.years]
2024 = {{ target = 350.0, state = "missing", dash = "meets_ceiling", verdict = "achieved", city_verdict = {{ ja = "達成（将来負担なし）", en = "Met (no future burden)" }} }}
"#
        ),
    );
    second(
        &ws,
        r#"[[indicators]]
id = "floor-area"
name = { ja = "公共施設の延床面積の削減量", en = "Floor area of public buildings cut" }
unit = { ja = "㎡", en = "m²" }
direction = "higher"

[indicators.years]
2024 = { target = 5000, actual = 4200, verdict = "on_course", city_verdict = { ja = "順調（合意済みの事業で目標を上回る見込み）", en = "On course (the agreed projects will exceed the target)" } }
"#,
    );
    built(&ws);
    // ― under a ceiling, and the city's 達成: achieved, marked as the city's.
    let home = ws.page("index.html");
    assert!(
        home.contains("status-achieved\"><span class=\"status-icon\" aria-hidden=\"true\">✓</span>達成<span class=\"by-city\">（市の判断）</span>"),
        "the card marks the city's verdict: {home}"
    );
    assert!(home.contains("うち市の判断によるもの 1件"), "{home}");
    assert!(
        home.contains("目標値と実績値による判定と市の判断が異なるもの：1件"),
        "{home}"
    );
    let listed = ws.page("status/achieved.html");
    assert!(
        listed.contains("01-alpha.html") && listed.contains("（市の判断）"),
        "{listed}"
    );
    let page = ws.page("initiatives/01-alpha.html");
    assert!(
        page.contains("<span class=\"by-city\">（市の判断）</span>"),
        "{page}"
    );
    assert!(!page.contains("status-no_data"), "{page}");
    // Figures that miss, judged on course: both, on the shortfall page.
    let short = ws.page("shortfalls/2024.html");
    assert!(short.contains("02-beta.html"), "{short}");
    assert!(!short.contains("01-alpha.html"), "{short}");
    assert!(short.contains("市の判断：順調"), "{short}");
    let en = ws.page("en/shortfalls/2024.html");
    assert!(en.contains("City&#39;s verdict: on course"), "{en}");
    let en_home = ws.page("en/index.html");
    assert!(en_home.contains("(the city&#39;s verdict)"), "{en_home}");
    // The open data says whose each status is.
    let csv = ws.page("data/indicators.csv");
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .unwrap()
    };
    let row = |id: &str| -> Vec<String> {
        csv.lines()
            .find(|l| l.contains(&format!(",{id},2024,")))
            .unwrap()
            .split(',')
            .map(str::to_string)
            .collect()
    };
    let burden = row("future-burden");
    assert_eq!(burden[col("status")], "achieved");
    assert_eq!(burden[col("status_by")], "city");
    assert_eq!(burden[col("dash")], "meets_ceiling");
    assert_eq!(burden[col("verdict")], "achieved");
    let floor = row("floor-area");
    assert_eq!(floor[col("status")], "not_achieved");
    assert_eq!(floor[col("status_by")], "figures");
    assert_eq!(floor[col("verdict")], "on_course");
    assert_eq!(floor[col("verdict_differs")], "1");
    let json = ws.page("data/indicators.json");
    assert!(json.contains("\"status_by\": \"city\""), "{json}");
    assert!(json.contains("\"verdict_differs\": true"), "{json}");
}

/// A ― must say what it means; "meets a ceiling" only under a ceiling.
#[test]
fn a_dash_without_its_meaning_is_refused_with_what_to_write() {
    let ws = site(
        2022,
        2026,
        2024,
        &format!(
            r#"{HEAD}
[[indicators]]
id = "rate"
name = {{ ja = "収納率", en = "Collection rate" }}
unit = {{ ja = "%", en = "%" }}
direction = "higher"

[indicators.years]
2023 = {{ target = 91.0, state = "missing" }}
2024 = {{ target = 92.0, state = "missing", dash = "meets_ceiling" }}
"#
        ),
    );
    let run = ws.run(&["check", "--lang", "en"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for said in [
        "a ― (`state = \"missing\"`) must say what it means",
        "add `dash = \"no_figure\"`",
        "field `indicators[0].years.2023.state`",
        "initiative.toml:",
        "2023 = { target = 91.0, state = \"missing\" }",
        "this indicator's target is not a ceiling",
        "field `indicators[0].years.2024.dash`",
    ] {
        assert!(run.stderr.contains(said), "{said}: {}", run.stderr);
    }
    let run = ws.run(&["check", "--lang", "ja"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("「―」（`state = \"missing\"`）には、その意味を書いてください"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("この指標の目標は上限ではありません"),
        "{}",
        run.stderr
    );
}

/// Yearly figures with a year missing, a period total and the running total
/// the city gives: the period's progress and its status come from the total
/// given, never from the sum of the years there are; where every year has
/// its figure and the sum differs from the total, `check` warns naming both.
#[test]
fn the_periods_progress_comes_from_the_running_total_given() {
    let indicator = |y2023: &str, total: u32| {
        format!(
            r#"{HEAD}
[[indicators]]
id = "savings"
name = {{ ja = "効果額", en = "Savings" }}
unit = {{ ja = "百万円", en = "million yen" }}
direction = "higher"
period_total = {{ value = 300 }}

[indicators.years]
2022 = {{ actual = 100 }}
{y2023}
2024 = {{ actual = 150 }}

[indicators.running_total]
2024 = {{ actual = {total} }}
"#
        )
    };
    let ws = site(2022, 2024, 2024, &indicator("", 320));
    let run = ws.run(&["check", "--lang", "en"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("disagree"), "{}", run.stderr);
    built(&ws);
    let page = ws.page("initiatives/01-alpha.html");
    // 320 of 300, not (100 + 150) of 300.
    assert!(page.contains("計画期間の目標に対して106.7％"), "{page}");
    assert!(!page.contains("83.3％"), "{page}");
    let csv = ws.page("data/indicators.csv");
    let row = csv.lines().find(|l| l.contains(",savings,2024,")).unwrap();
    assert!(row.contains(",achieved,"), "{row}");
    assert!(row.contains(",106.7,"), "{row}");
    // Every year given, and the total differs from their sum: a warning.
    let ws = site(2022, 2024, 2024, &indicator("2023 = { actual = 60 }", 320));
    let run = ws.run(&["check", "--lang", "en"]);
    assert!(
        run.stderr.contains("the running total given for 2024 (320) and the sum of the years' actuals up to 2024 (310) disagree"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("initiative.toml:"), "{}", run.stderr);
    let run = ws.run(&["check", "--lang", "ja"]);
    assert!(
        run.stderr.contains("2024年度の累計として書かれた数値（320）と、2024年度までの各年度の実績の合計（310）が一致しません"),
        "{}",
        run.stderr
    );
}

/// A target only in the last year: that year's progress is the period's,
/// labelled so, never "of the year's target".
#[test]
fn the_final_years_progress_is_labelled_as_the_periods() {
    let ws = site(
        2022,
        2024,
        2024,
        &format!(
            r#"{HEAD}
[[indicators]]
id = "procedures"
name = {{ ja = "電子申請手続き数", en = "Procedures online" }}
unit = {{ ja = "件", en = "procedures" }}
direction = "higher"

[indicators.years]
2022 = {{ actual = 10 }}
2024 = {{ target = 30, actual = 35 }}
"#
        ),
    );
    built(&ws);
    let page = ws.page("initiatives/01-alpha.html");
    assert!(page.contains("計画期間の目標に対して116.7％"), "{page}");
    assert!(!page.contains("年度の目標に対して116.7％"), "{page}");
    let en = ws.page("en/initiatives/01-alpha.html");
    assert!(
        en.contains("116.7% of the plan period&#39;s target"),
        "{en}"
    );
}
