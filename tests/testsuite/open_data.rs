//! Open data files and deploy-anywhere output.

use crate::common::{Workspace, attr_values, snapshot};
use mieruka::check::assess;
use mieruka::check::config::BuildOptions;

/// The columns of indicators.csv: the first 27 in their places, the rest after them.
const HEADER: &str = "initiative_no,initiative_id,indicator_id,fiscal_year,era_year,schedule,target,actual,unit_ja,unit_en,direction,status,title_ja,title_en,division_ja,division_en,target_text_ja,target_text_en,actual_text_ja,actual_text_en,target_change,target_approximate,measured_on,running_target,running_actual,progress_of_year,progress_of_period,plan_id,latest_reviewed_year,edition_year,edition_date,indicator_name_ja,indicator_name_en,qualifier,cumulative,baseline_value,baseline_year,baseline_text_ja,baseline_text_en,final_target,final_target_text_ja,final_target_text_en,final_target_change,final_target_approximate,period_total,states,city_verdict_ja,city_verdict_en,progress_of_year_against,progress_of_period_against,progress_of_period_approximate,status_by,verdict,verdict_differs,dash";

fn real_site() -> Workspace {
    let ws = Workspace::new("content");
    let run = ws.build(&["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    ws
}

fn read_csv(bytes: &[u8]) -> Vec<csv::StringRecord> {
    let body = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .expect("the CSV starts with a UTF-8 BOM");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(body);
    assert_eq!(
        reader
            .headers()
            .unwrap()
            .iter()
            .collect::<Vec<_>>()
            .join(","),
        HEADER
    );
    reader.records().map(|r| r.unwrap()).collect()
}

#[test]
fn csv_contract_and_statuses_agree_with_the_computation() {
    let ws = real_site();
    let bytes = std::fs::read(ws.output().join("data/indicators.csv")).unwrap();
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.starts_with(&format!("{HEADER}\r\n")));
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "every line ends with CRLF"
    );

    let (plan, _) = mieruka::check::check(&BuildOptions {
        content: ws.content(),
        ..Default::default()
    })
    .unwrap();
    let rows = read_csv(&bytes);
    let indicators: usize = plan.initiatives.iter().map(|i| i.indicators.len()).sum();
    assert_eq!(
        rows.len(),
        indicators * 5,
        "one row per indicator per fiscal year of the plan"
    );
    for row in &rows {
        let no: u32 = row[0].parse().unwrap();
        let year: i32 = row[3].parse().unwrap();
        let i = plan.initiatives.iter().find(|i| i.number == no).unwrap();
        let ind = i.indicators.iter().find(|x| x.id == row[2]).unwrap();
        assert_eq!(
            &row[11],
            assess::indicator_status(ind, year).key(),
            "No.{no} {year}"
        );
        assert!(["higher", "lower", "milestone"].contains(&&row[10]));
        assert_eq!(&row[4], mieruka::base::text::era_label(year));
        for figure in [&row[6], &row[7]] {
            assert!(
                figure.is_empty() || figure.parse::<f64>().is_ok(),
                "plain decimal: {figure}"
            );
            assert!(!figure.contains(','), "{figure}");
        }
    }
    let no2_2024 = rows
        .iter()
        .find(|r| &r[0] == "2" && &r[3] == "2024")
        .unwrap();
    assert_eq!(
        (&no2_2024[6], &no2_2024[7], &no2_2024[11]),
        ("46000", "45872", "not_achieved")
    );
    assert_eq!(&no2_2024[4], "令和6年度");
    assert_eq!(&no2_2024[12], "マイナンバーカードの交付及び利用促進");
    // No.4 prints its figures in its own words (122万4千枚削減), and the CSV says them.
    let no4_2023 = rows
        .iter()
        .find(|r| &r[0] == "4" && &r[3] == "2023")
        .unwrap();
    assert_eq!(
        (&no4_2023[7], &no4_2023[18], &no4_2023[19]),
        ("122.4", "122万4千枚削減", "1,224,000 fewer sheets")
    );
}

/// The rows of a CSV file, each by its columns' names.
fn rows_by_name(bytes: &[u8]) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

/// The data prints each figure as its page does: No.7's FY2025 target is
/// 28.0 % on the page, and 28.0 in the CSV and the JSON (not 28); every
/// row carries the indicator's name, baseline and final target.
#[test]
fn figures_are_written_as_the_page_prints_them_with_name_baseline_and_final_target() {
    let ws = real_site();
    let rows = rows_by_name(&std::fs::read(ws.output().join("data/indicators.csv")).unwrap());
    let no7 = |year: &str| {
        rows.iter()
            .find(|r| r["initiative_no"] == "7" && r["fiscal_year"] == year)
            .unwrap()
    };
    assert_eq!(no7("2025")["target"], "28.0");
    assert_eq!(no7("2024")["target"], "26.0");
    assert_eq!(no7("2025")["indicator_name_ja"], "過年度収納率");
    assert_eq!(
        no7("2025")["indicator_name_en"],
        "Collection rate of prior-year arrears"
    );
    assert_eq!(
        (
            &no7("2025")["baseline_value"][..],
            &no7("2025")["baseline_year"][..],
            &no7("2025")["final_target"][..],
        ),
        ("37.7", "2021", "30.0")
    );
    assert_eq!(no7("2025")["plan_id"], "2022-2026");
    assert_eq!(no7("2025")["latest_reviewed_year"], "2024");
    let page = ws.page("initiatives/07-collection-rate.html");
    assert!(page.contains("28.0%"), "the page prints 28.0%");
    let json = ws.page("data/indicators.json");
    assert!(json.contains("\"target\": 28.0,"), "the JSON writes 28.0");
    assert!(!json.contains("\"target\": 28,"));
    // Every figure of the CSV is the JSON's to the digit.
    let data: serde_json::Value = serde_json::from_str(&json).unwrap();
    let no7_json = &data["initiatives"][6]["indicators"][0];
    assert_eq!(no7_json["final_target"], 30.0);
    assert_eq!(no7_json["qualifier"], "none");
}

#[test]
fn json_parses_and_agrees_with_the_csv() {
    let ws = real_site();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(ws.output().join("data/indicators.json")).unwrap())
            .unwrap();
    assert_eq!(json["schema_version"], 2);
    let rows = read_csv(&std::fs::read(ws.output().join("data/indicators.csv")).unwrap());
    let mut seen = 0;
    for i in json["initiatives"].as_array().unwrap() {
        assert!(i["title"]["ja"].is_string() && i["title"]["en"].is_string());
        for ind in i["indicators"].as_array().unwrap() {
            for y in ind["years"].as_array().unwrap() {
                let row = rows
                    .iter()
                    .find(|r| {
                        r[0].parse::<u64>().ok() == i["number"].as_u64()
                            && &r[2] == ind["id"].as_str().unwrap()
                            && r[3].parse::<u64>().ok() == y["fiscal_year"].as_u64()
                    })
                    .unwrap();
                assert_eq!(&row[11], y["status"].as_str().unwrap());
                let num = |v: &serde_json::Value| match v {
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::Bool(b) => u8::from(*b).to_string(),
                    n => n.as_f64().unwrap().to_string(),
                };
                assert_eq!(
                    row[6]
                        .parse::<f64>()
                        .map(|f| f.to_string())
                        .unwrap_or_default(),
                    num(&y["target"])
                );
                assert_eq!(
                    row[7]
                        .parse::<f64>()
                        .map(|f| f.to_string())
                        .unwrap_or_default(),
                    num(&y["actual"])
                );
                // The report's own words, where it prints a figure otherwise.
                let words = |v: &serde_json::Value, lang: &str| {
                    v[lang].as_str().unwrap_or_default().to_string()
                };
                assert_eq!(
                    [&row[16], &row[17], &row[18], &row[19]],
                    [
                        &words(&y["target_text"], "ja"),
                        &words(&y["target_text"], "en"),
                        &words(&y["actual_text"], "ja"),
                        &words(&y["actual_text"], "en"),
                    ]
                );
                seen += 1;
            }
        }
    }
    assert_eq!(seen, rows.len());
    let no1 = &json["initiatives"][0]["indicators"][0];
    assert_eq!(no1["baseline"]["value"], 26.0);
    assert_eq!(no1["final_target"], 450.0);
}

#[test]
fn each_initiative_links_its_csv_slice_and_chart_and_the_open_data_page_explains_them() {
    let ws = real_site();
    let page = ws.page("en/initiatives/02-my-number-card.html");
    let hrefs = attr_values(&page, "href");
    assert!(
        hrefs.contains(&"../../data/initiatives/02-my-number-card.csv".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"../../en/charts/02-my-number-card--cards-issued.svg".to_string()),
        "{hrefs:?}"
    );
    let slice = read_csv(
        &std::fs::read(ws.output().join("data/initiatives/02-my-number-card.csv")).unwrap(),
    );
    assert_eq!(slice.len(), 5);
    assert!(slice.iter().all(|r| &r[0] == "2"));
    let open = ws.page("opendata.html");
    assert!(
        open.contains("CC BY 4.0") && open.contains("https://creativecommons.org/licenses/by/4.0/")
    );
    for column in HEADER.split(',') {
        assert!(
            open.contains(&format!("<code>{column}</code>")),
            "{column} is explained"
        );
    }
}

#[test]
fn links_are_relative_and_absolute_urls_appear_only_with_base_url() {
    let ws = real_site();
    for (rel, bytes) in snapshot(&ws.output()) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for link in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            assert!(!link.starts_with('/'), "{rel}: {link}");
            if link.contains("://") {
                assert!(
                    link.starts_with("https://creativecommons.org/"),
                    "{rel}: unexpected absolute link {link}"
                );
            }
        }
    }
    assert!(
        !ws.output().join("sitemap.xml").exists(),
        "no sitemap without base_url"
    );

    ws.edit("site.toml", "# base_url = ", "base_url = ");
    assert_eq!(ws.build(&[]).code, 0);
    let page = ws.page("en/initiatives/01-online-applications.html");
    assert!(page.contains("<link rel=\"canonical\" href=\"https://www.city.nomi.ishikawa.jp/mieruka/en/initiatives/01-online-applications.html\">"));
    assert!(
        attr_values(&page, "href")
            .contains(&"../../initiatives/01-online-applications.html".to_string()),
        "internal links stay relative"
    );
    let sitemap = std::fs::read_to_string(ws.output().join("sitemap.xml")).unwrap();
    assert!(sitemap.contains(
        "<loc>https://www.city.nomi.ishikawa.jp/mieruka/initiatives/16-women-managers.html</loc>"
    ));
    assert!(sitemap.contains(
        "hreflang=\"en\" href=\"https://www.city.nomi.ishikawa.jp/mieruka/en/index.html\""
    ));
    let robots = std::fs::read_to_string(ws.output().join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://www.city.nomi.ishikawa.jp/mieruka/sitemap.xml"));
}

#[test]
fn a_broken_link_in_a_template_fails_the_build_and_names_page_and_link() {
    let ws = Workspace::new("tests/fixtures/basic");
    assert_eq!(ws.build(&[]).code, 0);
    let before = snapshot(&ws.output());
    let theme = ws.dir.path().join("theme/templates");
    std::fs::create_dir_all(&theme).unwrap();
    std::fs::write(
        theme.join("page.html"),
        r#"{% extends "base.html" %}{% block main %}<a href="{{ site.root }}missing.html">x</a><a href="/abs.html">y</a>{% endblock %}"#,
    )
    .unwrap();
    let run = ws.build(&["--theme", "theme"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "the page en/pages/about.html links to `../../missing.html`: there is no file missing.html in the site (and 1 other page)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("the page en/pages/about.html links to `/abs.html`: an absolute path"),
        "{}",
        run.stderr
    );
    assert_eq!(before, snapshot(&ws.output()));
}

/// The open data page names every value the `status` column can take, in
/// each language, so that a reader of the CSV can tell what each means.
#[test]
fn the_open_data_page_names_every_status_value() {
    let ws = real_site();
    for page in [
        "opendata.html",
        "en/opendata.html",
        "ja-basic/opendata.html",
    ] {
        let html = ws.page(page);
        let at = html.find("<code>status</code>").expect("the status column");
        let row = &html[at..at + html[at..].find("</tr>").expect("its row")];
        for key in [
            "achieved",
            "not_achieved",
            "pending",
            "not_assessed",
            "not_yet_assessable",
            "undecided",
            "no_data",
        ] {
            assert!(row.contains(key), "{page}: {key} in {row}");
        }
    }
}
