//! Item status scales, counts of items by status and headline targets
//! (主要目標): written in site.toml, checked, published on the pages and in
//! the open data. Each test builds a small site from the basic fixture and
//! reads what was published or what `check` said.

use crate::common::Workspace;

/// The head of an initiative.toml, up to its first indicator.
fn head(number: u32) -> String {
    format!(
        r#"number = {number}
strategy = 1
area = 1
item = 1
division = "digital"
title = {{ ja = "取組{number}", en = "Initiative {number}" }}
description = {{ ja = "説明", en = "Description" }}
"#
    )
}

/// 下野市's letter scale, judged by hand.
const SHIMOTSUKE: &str = r#"
[[status_scales]]
id = "progress"
name = { ja = "進捗状況", en = "Progress" }
levels = [
  { key = "S", label = { ja = "計画以上", en = "Ahead of plan" }, on_track = true },
  { key = "A", label = { ja = "計画どおり", en = "As planned" }, on_track = true },
  { key = "B", label = { ja = "やや遅れている", en = "Slightly behind" } },
  { key = "C", label = { ja = "ほとんど進んでいない", en = "Hardly started" } },
]
"#;

/// 長与町's stated rule against the target and the baseline.
const NAGAYO: &str = r#"
[[status_scales]]
id = "nagayo"
name = { ja = "達成度", en = "Degree of achievement" }
rule = { ja = "S：現状値が目標値を上回る　A：基準値を上回る　B：基準値の±10%以内　C：基準値を下回る　−：評価できない", en = "S: beats the target; A: beats the baseline; B: within ±10 % of the baseline; C: below the baseline; −: cannot be assessed" }
levels = [
  { key = "S", label = { ja = "S", en = "S" }, on_track = true, when = "target_met" },
  { key = "A", label = { ja = "A", en = "A" }, on_track = true, when = "above_baseline" },
  { key = "B", label = { ja = "B", en = "B" }, when = "near_baseline", percent = 10 },
  { key = "C", label = { ja = "C", en = "C" }, when = "below_baseline" },
  { key = "-", label = { ja = "−（評価できない）", en = "− (cannot be assessed)" }, when = "not_assessable" },
]
"#;

fn with_site(extra: &str) -> Workspace {
    let ws = Workspace::new("tests/fixtures/basic");
    let site = ws.read("site.toml");
    ws.write("site.toml", &format!("{site}\n{extra}"));
    ws
}

fn built(ws: &Workspace) {
    let run = ws.build(&[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn an_item_with_a_status_and_no_indicator_is_published_on_the_scale() {
    let ws = with_site(SHIMOTSUKE);
    ws.write(
        "initiatives/03-gamma/initiative.toml",
        &format!("{}\n[status]\n2023 = \"B\"\n2024 = \"A\"\n", head(3)),
    );
    ws.edit(
        "initiatives/02-beta/initiative.toml",
        "[[indicators]]",
        "[status]\n2024 = \"S\"\n\n[[indicators]]",
    );
    built(&ws);
    let page = ws.page("initiatives/03-gamma.html");
    // The latest year's level at the head, every year's in the table, in words.
    assert!(
        page.contains("<span>進捗状況</span>: <span class=\"level level-on\">"),
        "{page}"
    );
    let table = &page[page.find("scale-table").unwrap()..];
    let b = table.find("やや遅れている").unwrap();
    let a = table.find("計画どおり").unwrap();
    assert!(b < a, "FY2023 (B) comes before FY2024 (A)");
    assert!(table.contains("level-off") && table.contains("△"));
    let en = ws.page("en/initiatives/03-gamma.html");
    assert!(en.contains("Slightly behind") && en.contains("As planned"));
    // The overview counts the initiatives by level in the scale's order,
    // with every level, and shares worked out from the counts.
    let home = ws.page("index.html");
    let counts = &home[home.find("進捗状況の内訳").expect("counts by level")..];
    let at = |w: &str| counts.find(w).unwrap_or_else(|| panic!("{w} missing"));
    assert!(at("計画以上") < at("計画どおり"));
    assert!(at("計画どおり") < at("やや遅れている"));
    assert!(at("やや遅れている") < at("ほとんど進んでいない"));
    assert!(
        counts.contains("全2項目"),
        "two initiatives have a FY2024 status"
    );
    assert!(counts.contains(">50.0%<") && counts.contains("割合は件数から算出しています"));
    // FY2023: only 03-gamma has a status.
    let y2023 = ws.page("years/2023.html");
    assert!(y2023.contains("全1項目") && y2023.contains(">100.0%<"));
    // The open data: key and label.
    let csv = ws.page("data/statuses.csv");
    assert!(
        csv.contains("3,03-gamma,2023,令和5年度,progress,B,やや遅れている,Slightly behind,false,"),
        "{csv}"
    );
    let json = ws.page("data/indicators.json");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let gamma = v["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "03-gamma")
        .unwrap();
    assert_eq!(gamma["statuses"][1]["level"], "A");
    assert_eq!(gamma["statuses"][1]["label"]["en"], "As planned");
    assert_eq!(v["status_scales"][0]["levels"][0]["key"], "S");
    let opendata = ws.page("opendata.html");
    assert!(opendata.contains("statuses.csv") && opendata.contains("<code>rule_level</code>"));
}

#[test]
fn a_status_not_on_the_scale_is_an_error_listing_the_levels() {
    let ws = with_site(SHIMOTSUKE);
    ws.edit(
        "initiatives/02-beta/initiative.toml",
        "[[indicators]]",
        "[status]\n2024 = \"D\"\n\n[[indicators]]",
    );
    for (lang, words) in [
        ("en", "`D` is not a level of scale `progress`"),
        ("ja", "`D` は評価区分「進捗状況」の段階ではありません"),
    ] {
        let run = ws.run(&["check", "--lang", lang]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        let out = format!("{}{}", run.stdout, run.stderr);
        assert!(out.contains(words), "{out}");
        assert!(out.contains("02-beta/initiative.toml"), "{out}");
        assert!(out.contains("status.2024"), "{out}");
        assert!(out.contains("\"S\"（計画以上）, \"A\"（計画どおり）, \"B\"（やや遅れている）, \"C\"（ほとんど進んでいない）"), "{out}");
    }
    // A scale that is not in site.toml.
    ws.edit(
        "initiatives/02-beta/initiative.toml",
        "[schedule]",
        "status_scale = \"grades\"\n[schedule]",
    );
    let run = ws.run(&["check", "--lang", "en"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("there is no status scale `grades`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("\"progress\""), "{}", run.stderr);
}

#[test]
fn a_stated_rule_is_computed_from_the_figures_and_a_disagreement_is_reported() {
    let ws = with_site(NAGAYO);
    // 01-alpha: baseline 26; FY2022 target 250, actual 171 (beats the
    // baseline: A); FY2023 300 / 300 (met: S); FY2024 46000 / 45872 (A).
    ws.edit(
        "initiatives/01-alpha/initiative.toml",
        "[[indicators]]",
        "[status]\n2023 = \"S\"\n2024 = \"B\"\n\n[[indicators]]",
    );
    // 02-beta is lower-is-better: see what its rows say.
    built(&ws);
    let page = ws.page("initiatives/01-alpha.html");
    let rows = &page[page.find("class=\"figures\"").unwrap()..];
    let row = |year: &str| {
        let start = rows.find(year).unwrap();
        &rows[start..start + rows[start..].find("</tr>").unwrap()]
    };
    assert!(row("令和4年度").contains("判定基準では：<span class=\"level level-on\"><span class=\"status-icon\" aria-hidden=\"true\">○</span><span>A</span></span>"));
    assert!(row("令和5年度").contains("</span><span>S</span></span>"));
    // The years after the latest reviewed one get no level.
    assert!(!row("令和7年度").contains("判定基準では"));
    // The rule is shown in words.
    assert!(page.contains("S：現状値が目標値を上回る"));
    // The given B for FY2024 disagrees with the rule's A: a warning, and
    // --strict refuses it.
    let run = ws.run(&["check", "--lang", "en"]);
    assert!(
        run.stderr.contains(
            "No.1 gives `B` for fiscal year 2024, but the scale's rule gives `A` from the figures"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("fiscal year 2023, but"), "S agrees");
    let run = ws.run(&["check", "--lang", "ja"]);
    assert!(
        run.stderr
            .contains("評価は「B」ですが、評価区分の判定基準では数値から「A」"),
        "{}",
        run.stderr
    );
    let csv = ws.page("data/statuses.csv");
    assert!(
        csv.contains("1,01-alpha,2024,令和6年度,nagayo,B,B,B,false,A"),
        "{csv}"
    );
}

#[test]
fn the_rule_reads_the_baseline_both_ways() {
    let ws = with_site(NAGAYO);
    std::fs::remove_dir_all(ws.path("initiatives")).unwrap();
    let ind = |n: u32, direction: &str, years: &str| {
        format!(
            "{}\n[[indicators]]\nid = \"x\"\nname = {{ ja = \"指標\", en = \"Indicator\" }}\nunit = {{ ja = \"件\", en = \"cases\" }}\ndirection = \"{direction}\"\nbaseline = {{ year = 2021, value = 100 }}\n\n[indicators.years]\n{years}\n",
            head(n)
        )
    };
    // Higher is better, baseline 100, target 150.
    ws.write(
        "initiatives/01-a/initiative.toml",
        &ind(1, "higher", "2022 = { target = 150, actual = 160 }\n2023 = { target = 150, actual = 120 }\n2024 = { target = 150, actual = 95 }"),
    );
    ws.write(
        "initiatives/02-b/initiative.toml",
        &ind(
            2,
            "higher",
            "2022 = { target = 150, actual = 80 }\n2023 = { target = 150 }",
        ),
    );
    // Lower is better, baseline 100, target 50: 40 meets it, 70 beats the baseline, 130 is worse.
    ws.write(
        "initiatives/03-c/initiative.toml",
        &ind(3, "lower", "2022 = { target = 50, actual = 40 }\n2023 = { target = 50, actual = 70 }\n2024 = { target = 50, actual = 130 }"),
    );
    built(&ws);
    let csv = ws.page("data/statuses.csv");
    for row in [
        "1,01-a,2022,令和4年度,nagayo,,,,,S",
        "1,01-a,2023,令和5年度,nagayo,,,,,A",
        "1,01-a,2024,令和6年度,nagayo,,,,,B",
        "2,02-b,2022,令和4年度,nagayo,,,,,C",
        "2,02-b,2023,令和5年度,nagayo,,,,,-",
        "3,03-c,2022,令和4年度,nagayo,,,,,S",
        "3,03-c,2023,令和5年度,nagayo,,,,,A",
        "3,03-c,2024,令和6年度,nagayo,,,,,C",
    ] {
        assert!(csv.contains(row), "{row} missing from\n{csv}");
    }
}

#[test]
fn a_rate_scale_scores_the_achievement_rate() {
    // 佐野市 scores the achievement rate 1–7 (100 % → 7, 90–100 % → 6, …,
    // under 50 % → 1); this fixture fills the bands between as 10 % steps.
    let mut levels = String::new();
    for (score, at_least) in [(7, 100), (6, 90), (5, 80), (4, 70), (3, 60), (2, 50)] {
        levels.push_str(&format!(
            "  {{ key = \"{score}\", label = {{ ja = \"{score}\", en = \"{score}\" }}, on_track = {}, when = \"rate_at_least\", percent = {at_least} }},\n",
            score >= 6
        ));
    }
    levels
        .push_str("  { key = \"1\", label = { ja = \"1\", en = \"1\" }, when = \"otherwise\" },\n");
    let ws = with_site(&format!(
        "[[status_scales]]\nid = \"sano\"\nname = {{ ja = \"達成度\", en = \"Score\" }}\nrule = {{ ja = \"達成率100%以上は7、90%以上100%未満は6 … 50%未満は1\", en = \"100 % or more: 7; 90–100 %: 6; … under 50 %: 1\" }}\nlevels = [\n{levels}]\n"
    ));
    built(&ws);
    // 01-alpha: 171 of 250 = 68.4 % → 3; 300 of 300 → 7; 45872 of 46000 = 99.7 % → 6.
    let csv = ws.page("data/statuses.csv");
    assert!(
        csv.contains("1,01-alpha,2022,令和4年度,sano,,,,,3"),
        "{csv}"
    );
    assert!(
        csv.contains("1,01-alpha,2023,令和5年度,sano,,,,,7"),
        "{csv}"
    );
    assert!(
        csv.contains("1,01-alpha,2024,令和6年度,sano,,,,,6"),
        "{csv}"
    );
}

/// 群馬県: A 大きな成果あり 17 / B 成果あり 12 / C 実施 1 / D 未実施 0.
const GUNMA: &str = r#"
[[status_scales]]
id = "gunma"
name = { ja = "取組の成果", en = "Results of the items" }
levels = [
  { key = "A", label = { ja = "大きな成果あり", en = "Major results" }, on_track = true },
  { key = "B", label = { ja = "成果あり", en = "Results" }, on_track = true },
  { key = "C", label = { ja = "実施", en = "Carried out" } },
  { key = "D", label = { ja = "未実施", en = "Not carried out" } },
]

[[status_counts]]
year = 2024
total = 30
counts = [
  { levels = ["A"], count = 17 },
  { levels = ["B"], count = 12 },
  { levels = ["C"], count = 1 },
  { levels = ["D"], count = 0 },
]
"#;

#[test]
fn reported_counts_are_shown_in_the_scale_order_with_their_shares() {
    let ws = with_site(GUNMA);
    built(&ws);
    let home = ws.page("index.html");
    let counts = &home[home.find("取組の成果の項目数").expect("reported counts")..];
    let cells: Vec<&str> = counts
        .split("<td class=\"num\" data-label=\"件数\">")
        .skip(1)
        .map(|c| &c[..c.find('<').unwrap()])
        .collect();
    assert_eq!(cells, ["17", "12", "1", "0"]);
    assert!(counts.contains("全30項目"));
    // 17 of 30 = 56.7 %, worked out and said so.
    assert!(
        counts.contains(">56.7%<") && counts.contains("割合は件数から算出しています"),
        "{counts}"
    );
    let en = ws.page("en/index.html");
    assert!(en.contains("Major results") && en.contains("30 items in all"));
    // Only on the year's overview.
    assert!(!ws.page("years/2023.html").contains("取組の成果の項目数"));
    let csv = ws.page("data/status_counts.csv");
    assert!(
        csv.contains("2024,令和6年度,gunma,A,大きな成果あり,Major results,17,30,,56.67"),
        "{csv}"
    );
    let v: serde_json::Value = serde_json::from_str(&ws.page("data/indicators.json")).unwrap();
    assert_eq!(v["status_counts"][0]["counts"][0]["count"], 17);
    assert_eq!(v["status_counts"][0]["total"], 30);
}

#[test]
fn printed_shares_are_kept_as_printed_and_checked() {
    // 宮古島市 FY2013: 62 (65.26 %) / 8 (8.42 %) / 25 (26.32 %).
    let scale = r#"
[[status_scales]]
id = "progress"
name = { ja = "進捗", en = "Progress" }
levels = [
  { key = "on", label = { ja = "計画どおり以上", en = "On or above plan" }, on_track = true },
  { key = "below", label = { ja = "計画未満・未実施", en = "Below plan or not done" } },
  { key = "finished", label = { ja = "終了", en = "Finished" }, separate = true },
]
"#;
    let ws = with_site(&format!(
        "{scale}\n[[status_counts]]\nyear = 2024\ncounts = [\n  {{ levels = [\"on\"], count = 62, share = 65.26 }},\n  {{ levels = [\"below\"], count = 8, share = 8.42 }},\n  {{ levels = [\"finished\"], count = 25, share = 26.32 }},\n]\n"
    ));
    built(&ws);
    let home = ws.page("index.html");
    for share in ["65.26%", "8.42%", "26.32%"] {
        assert!(home.contains(&format!(">{share}<")), "{share}");
    }
    assert!(
        home.contains("全95項目"),
        "the total is the sum when every level is counted"
    );
    assert!(home.contains("level-apart"), "finished is shown apart");
    // A share the report does not print, beside printed ones, is marked as worked out.
    ws.edit("site.toml", ", share = 26.32", "");
    built(&ws);
    let home = ws.page("index.html");
    assert!(home.contains(">26.3%（件数から算出）<"), "{home}");
    assert!(home.contains(">65.26%<"));
    // A printed share that is not the count's: a warning naming the field.
    ws.edit("site.toml", "share = 8.42", "share = 8.24");
    let run = ws.run(&["check", "--lang", "en"]);
    assert!(
        run.stderr
            .contains("the share 8.24 % is not 8 of 95 (8.42 %)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("status_counts[0].counts[1].share"),
        "{}",
        run.stderr
    );
}

#[test]
fn counts_that_do_not_add_up_or_name_no_level_are_errors() {
    let ws = with_site(&GUNMA.replace("total = 30", "total = 31"));
    let run = ws.run(&["check", "--lang", "en"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("the counts add up to 30, but the total is 31"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("site.toml"), "{}", run.stderr);
    let run = ws.run(&["check", "--lang", "ja"]);
    assert!(
        run.stderr
            .contains("件数の合計が 30 で、総数 31 と合いません"),
        "{}",
        run.stderr
    );

    let ws = with_site(&GUNMA.replace("levels = [\"D\"]", "levels = [\"E\"]"));
    let run = ws.run(&["check", "--lang", "en"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("`E` is not a level of scale `gunma`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("\"D\"（未実施）"), "{}", run.stderr);

    // A level left out: the sum may be below the total, never above it.
    let ws = with_site(
        &GUNMA
            .replace("  { levels = [\"D\"], count = 0 },\n", "")
            .replace("total = 30", "total = 29"),
    );
    let run = ws.run(&["check", "--lang", "en"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("the counts add up to 30, more than the total 29"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_headline_target_of_the_whole_plan_is_on_the_home_page() {
    // A Tama-area city: 全職員 1,344 → 1,294 人.
    let ws = with_site(
        r#"
[[headline_targets]]
id = "staff"
name = { ja = "全職員数", en = "Staff in all" }
unit = { ja = "人", en = "staff" }
direction = "lower"
baseline = { value = 1344 }
final_target = { value = 1294 }

[headline_targets.years]
2026 = { target = 1294 }
"#,
    );
    built(&ws);
    let home = ws.page("index.html");
    let section = &home[home.find("計画全体の主要目標").expect("headline targets")..];
    assert!(section.contains("全職員数"));
    assert!(
        section.contains("1,344人") && section.contains("1,294人"),
        "{section}"
    );
    assert!(section.contains("charts/plan/staff.svg"));
    let svg = ws.page("charts/plan/staff.svg");
    assert!(svg.starts_with("<svg"));
    assert!(
        ws.page("en/index.html")
            .contains("Headline targets of the plan")
    );
    // Not on the earlier years' overviews.
    assert!(!ws.page("years/2023.html").contains("計画全体の主要目標"));
    // In the columns of indicators.csv, the initiative's left empty.
    let csv = ws.page("data/headline_targets.csv");
    assert!(
        csv.contains(",,staff,2026,令和8年度,,1294,,人,staff,lower,pending,"),
        "{csv}"
    );
    assert!(csv.contains(",全職員数,Staff in all,"), "{csv}");
    let v: serde_json::Value = serde_json::from_str(&ws.page("data/indicators.json")).unwrap();
    assert_eq!(v["headline_targets"][0]["baseline"]["value"], 1344.0);

    // The same checks as an initiative's indicator, named by their field.
    ws.edit("site.toml", "unit = { ja = \"人\", en = \"staff\" }\n", "");
    let run = ws.run(&["check", "--lang", "en"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("headline_targets[0].unit"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_plan_without_scales_publishes_no_status_files() {
    let ws = Workspace::new("tests/fixtures/basic");
    built(&ws);
    for f in [
        "data/statuses.csv",
        "data/status_counts.csv",
        "data/headline_targets.csv",
    ] {
        assert!(!ws.output().join(f).exists(), "{f}");
    }
    let v: serde_json::Value = serde_json::from_str(&ws.page("data/indicators.json")).unwrap();
    assert!(v.get("status_scales").is_none() && v.get("headline_targets").is_none());
    assert!(!ws.page("index.html").contains("level-counts"));
}

#[test]
fn a_rule_scale_must_state_its_rule_and_know_its_words() {
    let ws = with_site(&NAGAYO.replace("rule = {", "# rule = {"));
    let run = ws.run(&["check", "--lang", "en"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("must state the rule for readers"),
        "{}",
        run.stderr
    );
    let ws = with_site(&NAGAYO.replace("when = \"above_baseline\"", "when = \"above_base\""));
    let run = ws.run(&["check", "--lang", "en"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("`above_base` is not a condition of a rule"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("target_met, above_baseline"),
        "{}",
        run.stderr
    );
    let ws = with_site(&NAGAYO.replace(", percent = 10", ""));
    let run = ws.run(&["check", "--lang", "en"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("when = \"near_baseline\" needs a percent"),
        "{}",
        run.stderr
    );
}
