//! Revisions of the plan itself (計画の改定), declared in site.toml: a period
//! extended, an initiative added at a revision, a target changed by one and
//! a target first set at a later one. Made-up figures on the basic fixture;
//! each test reads what was published. (Revisions of published figures
//! against an edition are tests/testsuite/revisions.rs.)

use crate::common::Workspace;

/// The basic fixture (2022–2026, latest 2024) with the plan extended to 2027
/// by a revision of February 2023, a second revision on 14 February 2025,
/// 01-alpha's FY2025 target changed by the first (400 → 440) and 02-beta
/// added at the first, with its FY2024 target first set at the second.
fn revised() -> Workspace {
    let ws = Workspace::new("tests/fixtures/basic");
    ws.edit(
        "site.toml",
        "last_year = 2026\n",
        r#"last_year = 2027
original_last_year = 2026

[[plan.revisions]]
id = "2023-02"
date = "2023-02"
name = { ja = "令和5年2月 一部改定", en = "Partial revision of February 2023" }
last_year = 2027

[[plan.revisions]]
id = "2025-02"
date = "2025-02-14"
name = { ja = "令和7年2月 改定", en = "Revision of February 2025" }
"#,
    );
    ws.edit(
        "initiatives/01-alpha/initiative.toml",
        "2025 = { target = 440 }",
        r#"2025 = { target = 440, target_set_at = "2023-02", earlier_target = 400 }"#,
    );
    let beta = "initiatives/02-beta/initiative.toml";
    ws.edit(
        beta,
        "description = { ja = \"費用を抑える\", en = \"Keep costs down.\" }\n",
        "description = { ja = \"費用を抑える\", en = \"Keep costs down.\" }\nadded_at = \"2023-02\"\n",
    );
    ws.edit(beta, "[schedule]\n2022 = \"study_implement\"\n", "");
    ws.edit(beta, "2022 = { target = 90.5, actual = 88.4 }\n", "");
    ws.edit(
        beta,
        "2024 = { target = 90.7, actual = 90.4 }",
        r#"2024 = { target = 90.7, actual = 90.4, target_set_at = "2025-02" }"#,
    );
    ws.edit(
        beta,
        "2022 = { target = true, actual = true }",
        "2023 = { target = true, actual = true }",
    );
    let run = ws.run(&["check", "--strict"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let run = ws.build(&["--strict"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    ws
}

#[test]
fn the_period_is_the_latest_versions_and_says_which_revision_extended_it() {
    let ws = revised();
    let home = ws.page("index.html");
    assert!(
        home.contains(
            "<p class=\"lead\">計画期間: 令和4年度（2022年度）〜令和9年度（2027年度）</p>"
        ),
        "{home}"
    );
    assert!(
        home.contains(
            "令和5年2月 一部改定（2023年2月）：計画期間を令和8年度（2026年度）までから令和9年度（2027年度）までに1年延長"
        ),
        "{home}"
    );
    // Month precision stays a month; a day given is printed.
    assert!(home.contains("令和7年2月 改定（2025年2月14日）"), "{home}");
    let en = ws.page("en/index.html");
    assert!(
        en.contains("Partial revision of February 2023 (February 2023): Plan period extended by 1 year(s): it ends in FY2027 instead of FY2026"),
        "{en}"
    );
    // The figures tables run to the new last year.
    assert!(ws.page("initiatives/01-alpha.html").contains("令和9年度"));
}

#[test]
fn an_initiative_added_at_a_revision_is_marked_and_its_earlier_years_are_not_counted() {
    let ws = revised();
    let page = ws.page("initiatives/02-beta.html");
    assert!(
        page.contains("令和5年2月 一部改定（2023年2月）で追加された取組項目です。令和5年度（2023年度）から評価します。"),
        "{page}"
    );
    // FY2022, before the revision governs: not assessed, and said why.
    assert!(page.contains("評価対象外（計画に追加される前）"), "{page}");
    // A short mark with its text in the lists.
    let list = ws.page("strategies/1.html");
    let card = list.split("02-beta.html").nth(1).unwrap();
    assert!(
        card.split("</li>").next().unwrap().contains("改定で追加"),
        "{list}"
    );
    assert!(
        ws.page("en/strategies/1.html")
            .contains("Added at a revision")
    );
    // 01-alpha was in the plan from the start.
    assert!(!ws.page("initiatives/01-alpha.html").contains("改定で追加"));
}

#[test]
fn a_target_first_set_at_a_later_revision_leaves_its_year_not_assessable() {
    let ws = revised();
    let page = ws.page("initiatives/02-beta.html");
    assert!(page.contains("令和7年2月 改定で設定"), "{page}");
    assert!(
        page.contains("評価対象外（目標は後の改定で設定）"),
        "{page}"
    );
    // 90.4 ≤ 90.7 would be met; the year is not assessed instead.
    let json = ws.page("data/indicators.json");
    let data: serde_json::Value = serde_json::from_str(&json).unwrap();
    let beta = &data["initiatives"][1];
    assert_eq!(beta["added_at"], "2023-02");
    let y2024 = &beta["indicators"][0]["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["fiscal_year"] == 2024)
        .unwrap()
        .clone();
    assert_eq!(y2024["target_set_at"], "2025-02");
    assert_eq!(y2024["status"], "not_assessed");
    assert!(y2024.get("earlier_target").is_none());
    let csv = ws.page("data/indicators.csv");
    assert!(
        csv.lines()
            .any(|l| l.starts_with("2,02-beta,ratio,2024,") && l.contains(",not_assessed,")),
        "{csv}"
    );
}

#[test]
fn a_target_changed_by_a_revision_shows_its_earlier_value_everywhere() {
    let ws = revised();
    let page = ws.page("initiatives/01-alpha.html");
    assert!(
        page.contains("令和5年2月 一部改定で変更（改定前 累計400件）"),
        "{page}"
    );
    // The chart: a faint diamond (a ring is an edition's) and its words.
    let svg = ws.page("charts/01-alpha--procedures.svg");
    assert!(svg.contains("改定前の目標"), "{svg}");
    assert!(
        page.contains("薄いひし形は、計画の改定前の目標値です（令和7年度 累計400件）。"),
        "{page}"
    );
    let changes = ws.page("changes.html");
    let section = changes.split("id=\"plan-revisions\"").nth(1).unwrap();
    assert!(
        section.contains("令和7年度（2025年度）の目標値：累計400件 → 累計440件"),
        "{section}"
    );
    assert!(section.contains("No.2 経常的な費用の抑制"), "{section}");
    assert!(
        section.contains("令和6年度（2024年度）の目標値 90.7%以内 を設定"),
        "{section}"
    );
    let json: serde_json::Value = serde_json::from_str(&ws.page("data/indicators.json")).unwrap();
    let y2025 = json["initiatives"][0]["indicators"][0]["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["fiscal_year"] == 2025)
        .unwrap()
        .clone();
    assert_eq!(y2025["target_set_at"], "2023-02");
    assert_eq!(y2025["earlier_target"], 400.0);
    assert_eq!(json["plan_revisions"][0]["previous_last_year"], 2026);
    assert_eq!(json["plan_revisions"][0]["last_year"], 2027);
    assert_eq!(json["plan_revisions"][1]["date"], "2025-02-14");
    let rows = ws.page("data/plan_revisions.csv");
    let rows: Vec<&str> = rows.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(rows.len(), 6, "{rows:?}");
    assert!(rows.contains(&"2023-02,2023-02,令和5年2月 一部改定,Partial revision of February 2023,2023,revision,2026,2027,,,,,,"));
    assert!(rows.contains(&"2023-02,2023-02,令和5年2月 一部改定,Partial revision of February 2023,2023,initiative_added,,,2,02-beta,,,,"));
    assert!(rows.contains(&"2023-02,2023-02,令和5年2月 一部改定,Partial revision of February 2023,2023,target_changed,,,1,01-alpha,procedures,2025,400,440"));
    assert!(rows.contains(&"2025-02,2025-02-14,令和7年2月 改定,Revision of February 2025,2025,target_set,,,2,02-beta,ratio,2024,,90.7"));
    assert!(ws.page("opendata.html").contains("plan_revisions.csv"));
}

#[test]
fn a_plan_without_revisions_publishes_no_plan_revision_file_or_section() {
    let ws = Workspace::new("tests/fixtures/basic");
    let run = ws.build(&[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(!ws.output().join("data/plan_revisions.csv").exists());
    assert!(!ws.page("changes.html").contains("plan-revisions"));
    assert!(!ws.page("opendata.html").contains("plan_revisions.csv"));
    assert!(!ws.page("data/indicators.json").contains("plan_revisions"));
}

#[test]
fn a_revision_that_ends_elsewhere_than_plan_last_year_is_refused() {
    let ws = Workspace::new("tests/fixtures/basic");
    ws.edit(
        "site.toml",
        "last_year = 2026\n",
        r#"last_year = 2026
original_last_year = 2025

[[plan.revisions]]
id = "2023-02"
date = "2023-02"
name = { ja = "令和5年2月 改定", en = "Revision of February 2023" }
last_year = 2027
"#,
    );
    let run = ws.run(&["check", "--lang", "en"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(
            "plan.last_year is 2026, but the latest revision that moved the period made it 2027"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("write last_year = 2027"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_earlier_target_without_its_revision_is_refused() {
    let ws = Workspace::new("tests/fixtures/basic");
    ws.edit(
        "initiatives/01-alpha/initiative.toml",
        "2025 = { target = 440 }",
        "2025 = { target = 440, earlier_target = 400 }",
    );
    let run = ws.run(&["check", "--lang", "ja"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("目標値を変えた計画の改定が書かれていません"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("target_set_at"), "{}", run.stderr);
}
