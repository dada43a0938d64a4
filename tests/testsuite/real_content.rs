//! The repository's own content: Nomi City's plan with its FY2024 report.
//! Checks completeness, the computed missed targets the city reported, and
//! spot figures against the source document, so a shifted column is caught.

use mieruka::check::assess;
use mieruka::check::config::BuildOptions;
use mieruka::model::{Figure, Plan};

fn plan() -> Plan {
    let options = BuildOptions {
        content: crate::common::repo().join("content"),
        strict: true,
        ..BuildOptions::default()
    };
    match mieruka::check::check(&options) {
        Ok((plan, warnings)) => {
            assert!(warnings.is_empty(), "{warnings}");
            plan
        }
        Err(diags) => panic!("the repository's content has problems:\n{diags}"),
    }
}

#[test]
fn sixteen_initiatives_numbered_without_gaps_all_in_both_languages() {
    // `strict` above already turned every missing English text into an error.
    let plan = plan();
    let numbers: Vec<u32> = plan.initiatives.iter().map(|i| i.number).collect();
    assert_eq!(numbers, (1..=16).collect::<Vec<_>>());
    for i in &plan.initiatives {
        assert!(!i.indicators.is_empty(), "No.{}", i.number);
        let progress = i
            .commentary
            .get(&(2024, mieruka::model::CommentaryKind::Progress));
        let next = i
            .commentary
            .get(&(2025, mieruka::model::CommentaryKind::Plan));
        for (what, text) in [("FY2024 progress", progress), ("FY2025 plan", next)] {
            let text = text.unwrap_or_else(|| panic!("No.{} has no {what}", i.number));
            assert!(
                text.ja.is_some() && text.get(mieruka::base::text::Lang::EN).is_some(),
                "No.{} {what}",
                i.number
            );
        }
    }
    assert_eq!(
        plan.pages
            .iter()
            .map(|p| p.slug.as_str())
            .collect::<Vec<_>>(),
        ["accessibility", "preface"]
    );
}

#[test]
fn missed_targets_are_the_ones_the_city_reported() {
    let plan = plan();
    assert_eq!(assess::missed(&plan, 2022), [1, 2, 7]);
    assert_eq!(assess::missed(&plan, 2023), [1, 2, 4, 6, 7, 16]);
    assert_eq!(assess::missed(&plan, 2024), [2, 4, 10, 15, 16]);
}

/// (No., fiscal year, target, actual) as printed in the source document.
const SPOT_CHECKS: &[(u32, i32, f64, f64)] = &[
    (1, 2024, 350.0, 427.0),
    (2, 2023, 44_000.0, 41_298.0),
    (3, 2022, 4.0, 5.0),
    (4, 2023, 165.0, 122.4),
    (6, 2023, 380.0, 426.0),
    (7, 2024, 26.0, 38.1),
    (8, 2023, 94.8, 103.8),
    (9, 2024, 142.0, 250.0),
    (10, 2024, 90.7, 93.7),
    (11, 2022, 5.6, 3.7),
    (12, 2024, 12.3, 12.3),
    (13, 2022, 60.0, 80.0),
    (14, 2024, 10.0, 11.6),
    (15, 2023, 23.0, 50.0),
    (16, 2022, 31.0, 35.0),
];

#[test]
fn figures_match_the_source_document() {
    let plan = plan();
    for &(no, year, target, actual) in SPOT_CHECKS {
        let i = plan.initiatives.iter().find(|i| i.number == no).unwrap();
        let y = &i.indicators[0].years[&year];
        assert_eq!(
            y.target,
            Some(Figure::Number(target)),
            "No.{no} target {year}"
        );
        assert_eq!(
            y.actual,
            Some(Figure::Number(actual)),
            "No.{no} actual {year}"
        );
    }
    // Final years and odd cases.
    let by_no = |n: u32| &plan.initiatives[n as usize - 1].indicators[0];
    assert_eq!(by_no(2).years[&2026].target, Some(Figure::Number(49_000.0)));
    assert!(
        !by_no(4).years.contains_key(&2022),
        "No.4 has no FY2022 target"
    );
    assert_eq!(by_no(5).years[&2022].target, Some(Figure::Done(true)));
    assert_eq!(by_no(7).years[&2023].target, Some(Figure::Number(38.6)));
    assert_eq!(
        by_no(11).final_target.as_ref().unwrap().value,
        Some(Figure::Number(11.0))
    );
    assert_eq!(by_no(16).years[&2024].actual, Some(Figure::Number(29.3)));
}

#[test]
fn the_site_publishes_preface_and_the_fy2024_report() {
    let ws = crate::common::Workspace::new("content");
    let run = ws.build(&["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("Built 202 pages and 45 charts"),
        "{}",
        run.stdout
    );
    for lang in ["", "en/"] {
        let home = ws.page(&format!("{lang}index.html"));
        assert!(
            home.contains("pages/preface.html"),
            "home links to the preface"
        );
        assert_eq!(home.matches("class=\"card\"").count(), 16);
    }
    let preface = ws.page("pages/preface.html");
    assert!(
        preface.contains("推進期間")
            && preface.contains("進捗管理・公表")
            && preface.contains("実施計画の見直し")
    );
    let report = ws.page("shortfalls/2024.html");
    let listed: Vec<&str> = report
        .match_indices("initiatives/")
        .map(|(i, _)| &report[i + 12..i + 14])
        .collect();
    assert_eq!(listed, ["02", "04", "10", "15", "16"]);
    assert!(
        report.contains("実績：累計45,872枚（目標：累計46,000枚）"),
        "computed figure line"
    );
    assert!(report.contains("参考：交付率 92.3%（県内平均 87.5%）"));
    assert!(report.contains("参考：全国平均 93.1%"));
    assert!(report.contains("実績：211万枚削減（目標：220万枚削減）"));
    let en = ws.page("en/shortfalls/2024.html");
    assert!(en.contains("Actual: 93.7% (target: at most 90.7%)"), "{en}");
    // Cumulative sales print as the report does: the first year without 累計.
    let no8 = ws.page("initiatives/08-unused-property-sales.html");
    assert!(
        no8.contains(
            r#"<td class="num" data-label="目標">15.6百万円</td><td class="num" data-label="実績">23.8百万円</td>"#
        ),
        "{no8}"
    );
    assert!(
        no8.contains(r#"data-label="目標">累計94.8百万円</td>"#),
        "{no8}"
    );
    // English table cells leave "(cumulative)" to the caption, so that the
    // table fits a phone; the report's sentences keep it, and Japanese cells keep 累計.
    let en2 = ws.page("en/initiatives/02-my-number-card.html");
    assert!(
        en2.contains(
            "<caption><span>My Number Cards issued</span> (Unit: cards, cumulative)</caption>"
        ),
        "{en2}"
    );
    assert!(
        en2.contains(r#"<td class="num" data-label="Target">46,000 cards</td><td class="num" data-label="Actual">45,872 cards</td>"#),
        "{en2}"
    );
    assert!(
        en2.contains("45,872 cards (cumulative) against a target of 46,000 cards (cumulative)")
    );
    let ja2 = ws.page("initiatives/02-my-number-card.html");
    assert!(
        ja2.contains("<caption><span>マイナンバーカードの交付枚数</span> (単位: 枚)</caption>")
    );
    assert!(ja2.contains(r#"<td class="num" data-label="目標">累計46,000枚</td><td class="num" data-label="実績">累計45,872枚</td>"#));
    // The missed initiative's own page carries the explanation too.
    let no15 = ws.page("initiatives/15-paternity-leave.html");
    assert!(no15.contains("目標未達成の原因及び今後の取り組み"));
    assert!(no15.contains("実績：80.0%（目標：85.0%）"));
}

/// Two percentages differ by percentage points: No.10's 93.7 % against a
/// ceiling of 90.7 % misses by 3.0 points, not by 3.0 %.
#[test]
fn a_gap_between_percentages_is_in_points() {
    let ws = crate::common::Workspace::new("content");
    let run = ws.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let en = ws.page("en/initiatives/10-recurring-costs.html");
    assert!(
        en.contains("target missed by 3.0 percentage points"),
        "{en}"
    );
    assert!(!en.contains("missed by 3.0%"));
    let ja = ws.page("initiatives/10-recurring-costs.html");
    assert!(ja.contains("目標に3.0ポイント届きませんでした"), "{ja}");
    // A count keeps its unit.
    let cards = ws.page("en/initiatives/02-my-number-card.html");
    assert!(cards.contains("target missed by 128 cards"));
}

/// The movements the figures show, computed: No.7's target falls below its
/// baseline in FY2024, No.10's ceiling rises every year, No.11's from
/// FY2025, and each final target is easier than its baseline. No other
/// initiative's targets move that way.
#[test]
fn the_targets_that_became_easier_are_stated_with_their_figures() {
    let ws = crate::common::Workspace::new("content");
    let run = ws.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = |rel: &str| {
        let page = ws.page(rel);
        let mut out = String::new();
        let mut in_tag = false;
        for c in page.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    };
    let no7 = text("initiatives/07-collection-rate.html");
    for sentence in [
        "令和6年度（2024年度）の目標値（26.0%）は、令和5年度の目標値（38.6%）より12.6ポイント低く、令和3年度の基準値（37.7%）も下回っています。",
        "計画最終年度の目標値（30.0%）は、令和3年度の基準値（37.7%）より7.7ポイント低くなっています。",
    ] {
        assert!(no7.contains(sentence), "{sentence}\n{no7}");
    }
    let no7_en = text("en/initiatives/07-collection-rate.html");
    assert!(no7_en.contains(
        "The target for FY2024 (26.0%) is 12.6 percentage points lower than the target for FY2023 (38.6%), and below the FY2021 baseline (37.7%)."
    ), "{no7_en}");
    let no10 = text("initiatives/10-recurring-costs.html");
    for year in 2023..=2026 {
        let era = year - 2018;
        assert!(
            no10.contains(&format!(
                "令和{era}年度（{year}年度）の目標値（90.{}%以内）は、令和{}年度の目標値（90.{}%以内）より0.1ポイント高く、令和2年度の基準値（90.4%）も上回っています。",
                year - 2017,
                era - 1,
                year - 2018
            )),
            "{year}\n{no10}"
        );
    }
    assert!(no10.contains("計画最終年度の目標値（91％以内）は、令和2年度の基準値（90.4%）より0.6ポイント高くなっています。"));
    let no11 = text("en/initiatives/11-municipal-borrowing.html");
    for sentence in [
        "The target for FY2025 (at most 5.8%) is 0.2 percentage points higher than the target for FY2024 (at most 5.6%), and above the FY2020 baseline (5.6%).",
        "The target for FY2026 (at most 6.0%) is 0.2 percentage points higher than the target for FY2025 (at most 5.8%), and above the FY2020 baseline (5.6%).",
        "The final target of the plan (At most 11%) is 5.4 percentage points higher than the FY2020 baseline (5.6%).",
    ] {
        assert!(no11.contains(sentence), "{sentence}\n{no11}");
    }
    // FY2022–FY2024 stay at 5.6 %: no movement for them.
    assert!(!no11.contains("The target for FY2024 (at most 5.6%) is"));
    // The changes page lists exactly these three, in both languages.
    for rel in ["changes.html", "en/changes.html"] {
        let page = ws.page(rel);
        let listed: Vec<&str> = page
            .match_indices("<h3><a href=\"")
            .map(|(at, m)| {
                let rest = &page[at + m.len()..];
                let href = &rest[..rest.find('"').unwrap()];
                href.trim_start_matches("../en/")
            })
            .collect();
        assert_eq!(
            listed,
            [
                "initiatives/07-collection-rate.html",
                "initiatives/10-recurring-costs.html",
                "initiatives/11-municipal-borrowing.html"
            ],
            "{rel}"
        );
        let section = &page[page.find("id=\"movements\"").unwrap()..];
        let section = &section[..section.find("</section>").unwrap()];
        assert_eq!(section.matches("<li><a href=").count(), 2 + 5 + 3, "{rel}");
    }
    // Every initiative page without a movement says nothing of one.
    let quiet = text("initiatives/01-online-applications.html");
    assert!(!quiet.contains("目標値の動き"));
}

/// The repository issues its first edition, the FY2024 report, and
/// publishes it under its own address, as issued.
#[test]
fn the_fy2024_report_is_issued_as_an_edition() {
    let plan = plan();
    let years: Vec<i32> = plan.editions.iter().map(|e| e.year).collect();
    assert_eq!(years, [2024]);
    let edition = &plan.editions[0];
    assert_eq!(edition.date.iso(), "2025-09-30");
    assert_eq!(edition.initiatives.len(), 16);
    let no7 = edition.initiative("07-collection-rate").unwrap();
    let rate = &no7.indicator("arrears-collection-rate").unwrap().indicator;
    assert_eq!(rate.years[&2024].target, Some(Figure::Number(26.0)));
    assert_eq!(rate.years[&2024].actual, Some(Figure::Number(38.1)));
    // The edition and today's content agree: nothing was revised since.
    let assessed = assess::assess(&plan);
    for i in &assessed.initiatives {
        let recorded = edition.initiative(&i.id).unwrap();
        assert_eq!(recorded.status, i.status(2024), "No.{}", i.number);
    }
    let ws = crate::common::Workspace::new("content");
    assert_eq!(ws.build(&[]).code, 0);
    let page = ws.page("editions/2024/initiatives/07-collection-rate.html");
    assert!(page.contains("令和6年度（2024年度）版"));
    assert!(page.contains("2025年9月30日公表"));
    let en = ws.page("en/editions/2024/shortfalls.html");
    for n in [2, 4, 10, 15] {
        assert!(en.contains(&format!(">No.{n} ")), "No.{n}");
    }
}
