//! Revisions: a figure that differs from the latest edition, computed from
//! the edition record and the content, never typed; shown with its reason
//! on the initiative page, the chart, the record of changes and the open
//! data; `check` warns until a reason is written, `--strict` refuses.

use crate::common::Workspace;

const TOML: &str = "initiatives/01-alpha/initiative.toml";

/// The fixture with the FY2024 edition issued, then a later target
/// (FY2025: 440 → 400) and a past actual (FY2023: 300 → 290) changed.
fn revised() -> Workspace {
    let ws = Workspace::new("tests/fixtures/basic");
    let run = ws.run(&["issue", "2024", "--date", "2025-06-30"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    ws.edit(TOML, "2025 = { target = 440 }", "2025 = { target = 400 }");
    ws.edit(
        TOML,
        "2023 = { target = 300, actual = 300 }",
        "2023 = { target = 300, actual = 290 }",
    );
    ws
}

#[test]
fn a_revision_without_a_reason_is_warned_and_refused_when_strict() {
    let ws = revised();
    let check = ws.run(&["--lang", "en", "check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let out = format!("{}{}", check.stdout, check.stderr);
    for line in [
        "No.1: the FY2025 target of \"Procedures online\" differs from the FY2024 edition (440 → 400) and no reason is given (field `indicators[0].years.2025.target`)",
        "No.1: the FY2023 actual of \"Procedures online\" differs from the FY2024 edition (300 → 290) and no reason is given (field `indicators[0].years.2023.actual`)",
        "initiatives/01-alpha/initiative.toml",
        "say why it changed in `indicators[0].years.2025.reason`",
    ] {
        assert!(out.contains(line), "{line}\n{out}");
    }
    let ja = ws.run(&["--lang", "ja", "check"]);
    let out = format!("{}{}", ja.stdout, ja.stderr);
    assert!(
        out.contains("No.1「電子申請手続き数」の令和7年度の目標値が令和6年度（2024年度）版と違います（440 → 400）。変更の理由が書かれていません"),
        "{out}"
    );
    assert!(
        out.contains("変更の理由を `indicators[0].years.2023.reason` に書いてください"),
        "{out}"
    );
    let strict = ws.run(&["--lang", "en", "check", "--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert!(strict.stderr.contains("FY2025 target"), "{}", strict.stderr);

    // With the reasons written, check is quiet and --strict passes.
    ws.edit(
        TOML,
        "2025 = { target = 400 }",
        "2025 = { target = 400, reason = { ja = \"国の制度変更に合わせて見直しました\", en = \"Revised for the national scheme\" } }",
    );
    ws.edit(
        TOML,
        "2023 = { target = 300, actual = 290 }",
        "2023 = { target = 300, actual = 290, reason = { ja = \"決算の確定により訂正しました\", en = \"Corrected when the accounts were closed\" } }",
    );
    let strict = ws.run(&["--lang", "en", "check", "--strict"]);
    assert_eq!(strict.code, 0, "{}", strict.stderr);
}

#[test]
fn revisions_are_on_the_page_the_chart_the_changes_and_the_open_data() {
    let ws = revised();
    assert_eq!(ws.build(&[]).code, 0);
    // The initiative page: old → new, since which edition.
    let ja = ws.page("initiatives/01-alpha.html");
    for s in [
        "<h3>公表した数値の変更</h3>",
        "令和7年度（2025年度）の目標値：累計440件 → 累計400件（令和6年度（2024年度）版から変更）",
        "令和5年度（2023年度）の実績値：累計300件 → 累計290件（令和6年度（2024年度）版から変更）",
        "理由はまだ書かれていません。",
    ] {
        assert!(ja.contains(s), "{s}");
    }
    let en = ws.page("en/initiatives/01-alpha.html");
    assert!(
        en.contains("Target for FY2025: 440 procedures (cumulative) → 400 procedures (cumulative) (changed since the FY2024 edition)"),
        "{en}"
    );
    // The chart: the earlier target as a faint ring, named in its legend and
    // in the text alternative.
    let svg = ws.page("charts/01-alpha--procedures.svg");
    assert!(svg.contains(r##"fill="none" stroke="#858585""##), "{svg}");
    assert!(svg.contains("R6版の目標"), "{svg}");
    assert!(
        en.contains("Faint rings show the targets of the FY2024 edition (FY2025: 440 procedures (cumulative))."),
        "{en}"
    );
    assert!(ja.contains("薄い丸は令和6年度（2024年度）版の目標値です（令和7年度 累計440件）。"));
    // The other indicator's chart draws none.
    let other = ws.page("charts/02-beta--ratio.svg");
    assert!(!other.contains("#858585"));
    // The record of changes.
    let changes = ws.page("en/changes.html");
    let at = changes
        .find(r#"id="revisions""#)
        .expect("a revisions section");
    let section = &changes[at..];
    assert!(
        section.contains(
            "Actual for FY2023: 300 procedures (cumulative) → 290 procedures (cumulative)"
        )
    );
    assert!(section.contains("Target for FY2025"));
    assert!(section.contains("No reason has been given yet."));
    // The open data, documented on its page.
    let csv = ws.page("data/revisions.csv");
    assert!(
        csv.contains("1,01-alpha,procedures,actual,2023,2024,2025-06-30,300,290,,\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains("1,01-alpha,procedures,target,2025,2024,2025-06-30,440,400,,\r\n"),
        "{csv}"
    );
    // The JSON carries the same rows under the indicator they belong to.
    let json: serde_json::Value =
        serde_json::from_str(&ws.page("data/indicators.json")).expect("indicators.json parses");
    let procedures = &json["initiatives"][0]["indicators"][0];
    assert_eq!(procedures["id"], "procedures");
    let revisions = procedures["revisions"].as_array().expect("revisions");
    // A revised figure is a number, as its page printed it.
    let fields: Vec<(&str, i64, i64, i64)> = revisions
        .iter()
        .map(|r| {
            assert_eq!(r["edition"], 2024);
            assert_eq!(r["edition_date"], "2025-06-30");
            assert!(r["reason"].is_null());
            (
                r["field"].as_str().unwrap(),
                r["fiscal_year"].as_i64().unwrap(),
                r["published"].as_i64().unwrap(),
                r["current"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [("actual", 2023, 300, 290), ("target", 2025, 440, 400)]
    );
    let beta = &json["initiatives"][1]["indicators"][0];
    assert!(beta.get("revisions").is_none(), "{beta}");
    let open = ws.page("en/opendata.html");
    assert!(open.contains("revisions.csv</a>"));
    assert!(open.contains("<code>previous_value</code>"));

    // With reasons written, they are on the page and in the CSV.
    ws.edit(
        TOML,
        "2025 = { target = 400 }",
        "2025 = { target = 400, reason = { ja = \"国の制度変更に合わせて見直しました\", en = \"Revised for the national scheme\" } }",
    );
    assert_eq!(ws.build(&[]).code, 0);
    let ja = ws.page("initiatives/01-alpha.html");
    assert!(
        ja.contains("理由：<span>国の制度変更に合わせて見直しました</span>"),
        "{ja}"
    );
    let en = ws.page("en/changes.html");
    assert!(
        en.contains("Reason: <span>Revised for the national scheme</span>"),
        "{en}"
    );
    let csv = ws.page("data/revisions.csv");
    assert!(
        csv.contains("1,01-alpha,procedures,target,2025,2024,2025-06-30,440,400,国の制度変更に合わせて見直しました,Revised for the national scheme\r\n"),
        "{csv}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&ws.page("data/indicators.json")).expect("indicators.json parses");
    let target = &json["initiatives"][0]["indicators"][0]["revisions"][1];
    assert_eq!(target["field"], "target");
    assert_eq!(target["reason"]["ja"], "国の制度変更に合わせて見直しました");
    assert_eq!(target["reason"]["en"], "Revised for the national scheme");
}

#[test]
fn no_edition_or_unchanged_figures_mean_no_revision() {
    let ws = Workspace::new("tests/fixtures/basic");
    assert_eq!(ws.build(&[]).code, 0);
    let changes = ws.page("en/changes.html");
    assert!(
        changes.contains(
            "Once an edition is published, the figures changed after it are listed here."
        )
    );
    let csv = ws.page("data/revisions.csv");
    assert_eq!(csv.lines().count(), 1, "{csv}");
    assert_eq!(ws.run(&["issue", "2024", "--date", "2025-06-30"]).code, 0);
    let strict = ws.run(&["check", "--strict"]);
    assert_eq!(strict.code, 0, "{}", strict.stderr);
    assert_eq!(ws.build(&[]).code, 0);
    assert!(
        ws.page("en/changes.html")
            .contains("No figure differs from the latest edition.")
    );
}
