//! Several plans in one content folder (`tests/fixtures/plans`): the current
//! FY2022–FY2026 plan at the site's own addresses, the finished FY2017–FY2021
//! plan with its final edition under `plans/2017-2021/`. The built pages,
//! their links, the feeds, the sitemap and the open data; then bad input.

use crate::common::{Workspace, attr_values, snapshot};

const FIXTURE: &str = "tests/fixtures/plans";
const OLD: &str = "plans/2017-2021/";
const PLAN_TOML: &str = "plans/2017-2021/plan.toml";

fn built() -> Workspace {
    let ws = Workspace::new(FIXTURE);
    let run = ws.build(&["--strict"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    ws
}

#[test]
fn the_home_page_leads_with_the_current_plan_and_links_the_finished_one() {
    let ws = built();
    for (home, old_home, current, name) in [
        (
            "index.html",
            "plans/2017-2021/index.html",
            "テスト計画",
            "第1次テスト計画",
        ),
        (
            "en/index.html",
            "plans/2017-2021/en/index.html",
            "Test Plan",
            "First Test Plan",
        ),
    ] {
        let html = ws.page(home);
        // The page is the current plan's, which is named first; the finished
        // plan comes after it.
        let h1 = html
            .find(&format!("<h1><span>{current}</span></h1>"))
            .unwrap();
        let earlier = html.find("class=\"earlier-plans\"").unwrap();
        assert!(h1 < earlier, "{home}");
        assert!(
            html[earlier..].contains(name),
            "{home} does not name {name}"
        );
        let links: Vec<String> = attr_values(&html, "href")
            .into_iter()
            .map(|h| crate::common::resolve(home, &h))
            .collect();
        assert!(links.iter().any(|l| l == old_home), "{home}: {links:?}");
        // The current plan's pages say nothing of being finished.
        assert!(!html.contains("plan-notice"), "{home}");
    }
}

#[test]
fn every_page_of_the_finished_plan_says_so_and_links_the_current_plan() {
    let ws = built();
    let out = ws.output();
    let pages: Vec<String> = snapshot(&out)
        .into_keys()
        .filter(|p| p.starts_with(OLD) && p.ends_with(".html"))
        .collect();
    // Overview, years, listings, initiative, shortfalls, changes, open data and
    // the final edition, in both languages.
    for rel in [
        "index.html",
        "years/2017.html",
        "strategies/1.html",
        "initiatives/01-alpha.html",
        "shortfalls/2021.html",
        "changes.html",
        "opendata.html",
        "editions/2021/index.html",
        "editions/2021/shortfalls.html",
        "editions/2021/initiatives/01-alpha.html",
    ] {
        for lang in ["", "en/"] {
            let path = format!("{OLD}{lang}{rel}");
            assert!(pages.contains(&path), "{path} was not built");
        }
    }
    for path in &pages {
        let html = ws.page(path);
        assert!(
            html.contains("class=\"plan-notice edition-banner\""),
            "{path}"
        );
        let (notice, home) = if path.starts_with(&format!("{OLD}en/")) {
            ("This plan (FY2017–FY2021) has finished.", "en/index.html")
        } else {
            (
                "この計画の期間は平成29年度（2017年度）〜令和3年度（2021年度）で、すでに終わりました。",
                "index.html",
            )
        };
        assert!(html.contains(notice), "{path}");
        let notice_at = html.find("class=\"plan-notice").unwrap();
        let block = &html[notice_at..html[notice_at..].find("</aside>").unwrap() + notice_at];
        let target = attr_values(block, "href")
            .into_iter()
            .map(|h| crate::common::resolve(path, &h))
            .next()
            .unwrap();
        assert_eq!(target, home, "{path}: the notice leads to the current plan");
        // Every link of the page names a file of the site.
        for href in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            if href.starts_with("https://") || href.starts_with('#') || href.starts_with("data:") {
                continue;
            }
            let file = crate::common::resolve(path, &href);
            assert!(out.join(&file).is_file(), "{path}: {href} → {file}");
        }
        // Its plan, not the current one, is named in the footer.
        assert!(
            html.contains("第1次テスト計画") || html.contains("First Test Plan"),
            "{path}"
        );
    }
    // The finished plan's figures, chart and data are its own.
    let page = ws.page("plans/2017-2021/en/initiatives/01-alpha.html");
    assert!(page.contains("Electronic counters"));
    assert!(
        out.join("plans/2017-2021/en/charts/01-alpha--procedures.svg")
            .is_file()
    );
    let csv = ws.page("plans/2017-2021/data/indicators.csv");
    assert!(csv.contains("2017") && csv.contains("01-alpha"), "{csv}");
    assert!(
        !csv.contains("02-beta"),
        "the current plan's data is not the finished plan's"
    );
    let current = ws.page("data/indicators.csv");
    assert!(!current.contains(",2017,"), "{current}");
}

#[test]
fn the_language_switch_stays_in_the_plan() {
    let ws = built();
    let from = "plans/2017-2021/initiatives/01-alpha.html";
    let html = ws.page(from);
    let nav = &html[html.find("lang-switch").unwrap()..];
    let nav = &nav[..nav.find("</ul>").unwrap()];
    let targets: Vec<String> = attr_values(nav, "href")
        .into_iter()
        .map(|h| crate::common::resolve(from, &h))
        .collect();
    assert_eq!(targets, ["plans/2017-2021/en/initiatives/01-alpha.html"]);
}

#[test]
fn the_files_of_the_whole_site_are_made_once_and_cover_both_plans() {
    let ws = built();
    let out = ws.output();
    for file in [
        "404.html",
        "robots.txt",
        "feed.xml",
        "en/feed.xml",
        "assets/style.css",
    ] {
        assert!(out.join(file).is_file(), "{file}");
        assert!(!out.join(OLD).join(file).exists(), "{OLD}{file}");
    }
    // Each language's feed has the editions of both plans, newest first, and
    // each entry leads to its edition's page.
    for feed in ["feed.xml", "en/feed.xml"] {
        let xml = ws.page(feed);
        let links: Vec<String> = xml
            .match_indices("<link rel=\"alternate\" type=\"text/html\" href=\"")
            .map(|(i, m)| {
                let rest = &xml[i + m.len()..];
                rest[..rest.find('"').unwrap()].to_string()
            })
            .skip(1) // the feed's own page
            .map(|h| crate::common::resolve(feed, &h))
            .collect();
        let lang = if feed.starts_with("en/") { "en/" } else { "" };
        assert_eq!(
            links,
            [
                format!("{lang}editions/2024/index.html"),
                format!("{OLD}{lang}editions/2021/index.html"),
            ],
            "{feed}"
        );
        for l in &links {
            assert!(out.join(l).is_file(), "{l}");
        }
        assert!(xml.contains("<updated>2022-06-30T00:00:00+09:00</updated>"));
    }
    // The finished plan's pages name the site's feed.
    let html = ws.page("plans/2017-2021/en/index.html");
    let feeds: Vec<String> = attr_values(&html, "href")
        .into_iter()
        .filter(|h| h.ends_with("feed.xml"))
        .map(|h| crate::common::resolve("plans/2017-2021/en/index.html", &h))
        .collect();
    assert!(
        !feeds.is_empty() && feeds.iter().all(|f| f == "en/feed.xml"),
        "{feeds:?}"
    );
    // The open data page of the current plan links the finished plan's.
    let data = ws.page("en/opendata.html");
    let targets: Vec<String> = attr_values(&data, "href")
        .into_iter()
        .map(|h| crate::common::resolve("en/opendata.html", &h))
        .collect();
    assert!(
        targets.contains(&"plans/2017-2021/en/opendata.html".to_string()),
        "{targets:?}"
    );
}

#[test]
fn the_sitemap_lists_both_plans_with_their_dates() {
    let ws = Workspace::new(FIXTURE);
    ws.edit(
        "site.toml",
        "languages = [\"ja\", \"en\"]",
        "languages = [\"ja\", \"en\"]\nbase_url = \"https://city.example.jp/plan/\"",
    );
    let run = ws.build(&["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let xml = ws.page("sitemap.xml");
    let entry = |loc: &str| {
        let at = xml
            .find(&format!("<loc>https://city.example.jp/plan/{loc}</loc>"))
            .unwrap_or_else(|| panic!("{loc} is not in the sitemap"));
        xml[at..at + xml[at..].find("</url>").unwrap()].to_string()
    };
    assert!(
        entry("plans/2017-2021/en/initiatives/01-alpha.html")
            .contains("<lastmod>2022-06-30</lastmod>")
    );
    assert!(entry("plans/2017-2021/editions/2021/index.html").contains("2022-06-30"));
    assert!(entry("en/initiatives/02-beta.html").contains("<lastmod>2025-06-30</lastmod>"));
    assert!(entry("plans/2017-2021/index.html").contains(
        "hreflang=\"en\" href=\"https://city.example.jp/plan/plans/2017-2021/en/index.html\""
    ));
    // The canonical address of a finished plan's page is under its prefix.
    let html = ws.page("plans/2017-2021/en/index.html");
    assert!(html.contains("https://city.example.jp/plan/plans/2017-2021/en/index.html"));
}

#[test]
fn a_broken_link_in_the_finished_plan_fails_the_build() {
    let ws = Workspace::new(FIXTURE);
    ws.write(
        "plans/2017-2021/initiatives/01-alpha/2021.progress.en.md",
        "- See [the report](../missing.html).\n",
    );
    let run = ws.build(&["--strict"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.contains("missing.html"), "{}", run.stderr);
}

#[test]
fn a_single_plan_content_folder_builds_as_before() {
    // The fixture without plans/ is the basic fixture: the same pages and
    // files, with no trace of other plans.
    let ws = Workspace::new(FIXTURE);
    std::fs::remove_dir_all(ws.path("plans")).unwrap();
    let run = ws.build(&["--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = snapshot(&ws.output());
    assert!(files.keys().all(|p| !p.starts_with("plans/")));
    let home = ws.page("en/index.html");
    assert!(!home.contains("earlier-plans") && !home.contains("plan-notice"));
    // The feed has only the current plan's edition.
    let feed = ws.page("en/feed.xml");
    assert_eq!(feed.matches("<entry>").count(), 1);
}

// ── Bad input ──────────────────────────────────────────────────────────────

/// Builds the good fixture, breaks it, builds again: exit 1, `public/` as it
/// was, `check` failing too; returns the messages in English and Japanese.
fn fails(break_it: impl FnOnce(&Workspace)) -> (String, String) {
    let ws = built();
    let before = snapshot(&ws.output());
    break_it(&ws);
    let run = ws.build(&["--strict"]);
    assert_eq!(
        run.code, 1,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(
        before,
        snapshot(&ws.output()),
        "public/ changed after a failed build"
    );
    let check = ws.run(&["check", "--strict"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert_eq!(check.stderr.lines().next(), run.stderr.lines().next());
    let ja = ws.run(&["check", "--strict", "--lang", "ja"]);
    assert_eq!(ja.code, 1);
    (run.stderr, ja.stderr)
}

fn at_line(text: &str, file: &str, line: usize) -> bool {
    text.contains(&format!("{file}:{line}:"))
}

#[test]
fn a_finished_plan_that_overlaps_the_current_plan() {
    let (en, ja) = fails(|ws| ws.edit(PLAN_TOML, "last_year = 2021", "last_year = 2023"));
    assert!(at_line(&en, "content/plans/2017-2021/plan.toml", 7), "{en}");
    assert!(
        en.contains("the finished plan plans/2017-2021/ (FY2017–FY2023) overlaps the current plan of site.toml (FY2022–FY2026)"),
        "{en}"
    );
    assert!(en.contains("its last_year must be before 2022"), "{en}");
    assert!(
        ja.contains("今の計画（2022–2026年度）と重なっています"),
        "{ja}"
    );
    assert!(
        ja.contains("last_year を 2022 より前にしてください"),
        "{ja}"
    );
}

#[test]
fn two_plans_both_current() {
    // The office copied the current plan into plans/ as well.
    let (en, ja) = fails(|ws| {
        let dir = ws.path("plans/2022-2026");
        crate::common::copy_dir(&ws.path("plans/2017-2021"), &dir);
        let site = ws.read("site.toml");
        let plan = &site[site.find("[plan]").unwrap()..];
        std::fs::write(
            dir.join("plan.toml"),
            format!("latest_reviewed_year = 2024\n\n{plan}"),
        )
        .unwrap();
        std::fs::remove_dir_all(dir.join("editions")).unwrap();
        for f in [
            "2021.progress.ja.md",
            "2021.progress.en.md",
            "2021.shortfall.ja.md",
            "2021.shortfall.en.md",
        ] {
            std::fs::remove_file(dir.join("initiatives/01-alpha").join(f)).unwrap();
        }
    });
    assert!(at_line(&en, "content/plans/2022-2026/plan.toml", 6), "{en}");
    assert!(
        en.contains("overlaps the current plan of site.toml"),
        "{en}"
    );
    assert!(en.contains("two plans cannot both be current"), "{en}");
    assert!(ja.contains("今の計画は一つだけです"), "{ja}");
}

#[test]
fn two_finished_plans_that_overlap() {
    let (en, ja) = fails(|ws| {
        let dir = ws.path("plans/2012-2017");
        crate::common::copy_dir(&ws.path("plans/2017-2021"), &dir);
        let toml = ws
            .read(PLAN_TOML)
            .replace("first_year = 2017", "first_year = 2012");
        let toml = toml
            .replace("last_year = 2021", "last_year = 2017")
            .replace("latest_reviewed_year = 2021", "latest_reviewed_year = 2017");
        std::fs::write(dir.join("plan.toml"), toml).unwrap();
        std::fs::remove_dir_all(dir.join("editions")).unwrap();
        std::fs::remove_dir_all(dir.join("initiatives")).unwrap();
        crate::common::copy_dir(
            &crate::common::repo()
                .join(FIXTURE)
                .join("plans/2017-2021/initiatives"),
            &dir.join("initiatives"),
        );
        let ini = dir.join("initiatives/01-alpha/initiative.toml");
        let text = std::fs::read_to_string(&ini).unwrap();
        let text = text
            .replace("2017 = \"implement\"", "2012 = \"implement\"")
            .replace("2018 = \"implement\"\n2019 = \"continue\"\n2020 = \"continue\"\n2021 = \"continue\"\n", "")
            .replace("year = 2016", "year = 2011")
            .replace("2017 = { target = 10, actual = 8 }\n2018 = { target = 15, actual = 15 }\n2019 = { target = 20, actual = 21 }\n2020 = { target = 25, actual = 24 }\n2021 = { target = 30, actual = 26 }", "2017 = { target = 30, actual = 31 }");
        std::fs::write(&ini, text).unwrap();
        for f in [
            "2021.progress.ja.md",
            "2021.progress.en.md",
            "2021.shortfall.ja.md",
            "2021.shortfall.en.md",
        ] {
            std::fs::remove_file(dir.join("initiatives/01-alpha").join(f)).unwrap();
        }
    });
    assert!(at_line(&en, "content/plans/2017-2021/plan.toml", 6), "{en}");
    assert!(
        en.contains("the plan plans/2017-2021/ (FY2017–FY2021) overlaps the plan plans/2012-2017/ (FY2012–FY2017)"),
        "{en}"
    );
    assert!(en.contains("make first_year later than 2017"), "{en}");
    assert!(
        ja.contains("first_year を 2017 より後にしてください"),
        "{ja}"
    );
}

#[test]
fn a_plan_folder_without_its_settings() {
    let (en, ja) = fails(|ws| std::fs::remove_file(ws.path(PLAN_TOML)).unwrap());
    assert!(en.contains("content/plans/2017-2021/plan.toml"), "{en}");
    assert!(
        en.contains("the plan folder plans/2017-2021/ has no plan.toml"),
        "{en}"
    );
    assert!(
        en.contains("latest_reviewed_year, [plan] (name, first_year, last_year)"),
        "{en}"
    );
    assert!(
        ja.contains("計画のフォルダー plans/2017-2021/ に plan.toml がありません"),
        "{ja}"
    );
}

#[test]
fn a_file_among_the_plan_folders() {
    let (en, ja) = fails(|ws| ws.write("plans/notes.txt", "memo\n"));
    assert!(en.contains("content/plans/notes.txt"), "{en}");
    assert!(
        en.contains("plans/ holds only the folders of finished plans"),
        "{en}"
    );
    assert!(
        ja.contains("終わった計画のフォルダーだけを置きます"),
        "{ja}"
    );
}

#[test]
fn a_site_wide_setting_in_a_plan_file() {
    let (en, ja) = fails(|ws| {
        ws.edit(
            PLAN_TOML,
            "latest_reviewed_year = 2021",
            "latest_reviewed_year = 2021\nper_page = 10",
        )
    });
    assert!(at_line(&en, "content/plans/2017-2021/plan.toml", 3), "{en}");
    assert!(en.contains("per_page"), "{en}");
    assert!(ja.contains("per_page"), "{ja}");
}

#[test]
fn a_finished_plan_without_its_final_year() {
    let (en, ja) = fails(|ws| {
        ws.edit(
            PLAN_TOML,
            "latest_reviewed_year = 2021",
            "latest_reviewed_year = 2020",
        );
        std::fs::remove_dir_all(ws.path("plans/2017-2021/editions")).unwrap();
        for f in [
            "2021.progress.ja.md",
            "2021.progress.en.md",
            "2021.shortfall.ja.md",
            "2021.shortfall.en.md",
        ] {
            std::fs::remove_file(ws.path("plans/2017-2021/initiatives/01-alpha").join(f)).unwrap();
        }
    });
    assert!(at_line(&en, "content/plans/2017-2021/plan.toml", 2), "{en}");
    assert!(
        en.contains("was reviewed up to FY2020, not to its last year FY2021"),
        "{en}"
    );
    assert!(en.contains("set latest_reviewed_year = 2021"), "{en}");
    assert!(
        ja.contains("2021年度の実績を入れて latest_reviewed_year = 2021 にしてください"),
        "{ja}"
    );
}

#[test]
fn an_error_in_a_finished_plan_names_its_file() {
    let (en, ja) = fails(|ws| {
        ws.edit(
            "plans/2017-2021/initiatives/01-alpha/initiative.toml",
            "division = \"digital\"",
            "division = \"planning\"",
        )
    });
    let file = "content/plans/2017-2021/initiatives/01-alpha/initiative.toml";
    assert!(at_line(&en, file, 5), "{en}");
    assert!(en.contains("planning"), "{en}");
    assert!(at_line(&ja, file, 5), "{ja}");
}

// ── mieruka new plan ───────────────────────────────────────────────────────

/// Runs `new plan` in both languages on content that refuses it: exit 1,
/// the content folder as it was; returns the English and Japanese messages.
fn new_plan_refused(ws: &Workspace, first: &str, last: &str) -> (String, String) {
    let before = snapshot(&ws.content());
    let en = ws.run(&["new", "plan", first, last]);
    assert_eq!(en.code, 1, "{}", en.stdout);
    assert!(en.stderr.contains("Nothing was written"), "{}", en.stderr);
    let ja = ws.run(&["new", "plan", first, last, "--lang", "ja"]);
    assert_eq!(ja.code, 1, "{}", ja.stdout);
    assert!(
        ja.stderr.contains("何も書き込んでいません"),
        "{}",
        ja.stderr
    );
    assert_eq!(before, snapshot(&ws.content()), "new plan wrote something");
    (en.stderr, ja.stderr)
}

#[test]
fn new_plan_waits_for_the_final_report() {
    let ws = Workspace::new(FIXTURE);
    let (en, ja) = new_plan_refused(&ws, "2027", "2031");
    assert!(en.contains("content/site.toml"), "{en}");
    assert!(
        en.contains(
            "the current plan (FY2022–FY2026) is reviewed up to FY2024, not to its last year"
        ),
        "{en}"
    );
    assert!(en.contains("set latest_reviewed_year = 2026"), "{en}");
    assert!(
        ja.contains("latest_reviewed_year = 2026 にして版を発行"),
        "{ja}"
    );
}

#[test]
fn new_plan_refuses_a_period_that_overlaps() {
    let ws = Workspace::new(FIXTURE);
    ws.edit(
        "site.toml",
        "latest_reviewed_year = 2024",
        "latest_reviewed_year = 2026",
    );
    let (en, ja) = new_plan_refused(&ws, "2026", "2030");
    assert!(en.contains("must begin after FY2026"), "{en}");
    assert!(en.contains("mieruka new plan 2027 2031"), "{en}");
    assert!(ja.contains("2026年度より後に始まり"), "{ja}");
    // A folder of that name already there is not overwritten.
    ws.write("plans/2022-2026/notes.md", "memo\n");
    let (en, ja) = new_plan_refused(&ws, "2027", "2031");
    assert!(
        en.contains("there is already a folder plans/2022-2026/"),
        "{en}"
    );
    assert!(ja.contains("plans/2022-2026/ がすでにあります"), "{ja}");
}

#[test]
fn new_plan_moves_the_finished_plan_and_starts_the_next() {
    let ws = Workspace::new(FIXTURE);
    ws.edit(
        "site.toml",
        "latest_reviewed_year = 2024",
        "latest_reviewed_year = 2026",
    );
    let site_before = ws.read("site.toml");
    let beta = ws.read("initiatives/02-beta/initiative.toml");
    let edition = ws.read("editions/2024.toml");
    let run = ws.run(&["new", "plan", "2027", "2031"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("started the next plan (FY2027–FY2031)"),
        "{}",
        run.stdout
    );
    // The finished plan, as it was, in its folder.
    assert_eq!(
        ws.read("plans/2022-2026/initiatives/02-beta/initiative.toml"),
        beta
    );
    assert_eq!(ws.read("plans/2022-2026/editions/2024.toml"), edition);
    let plan_toml = ws.read("plans/2022-2026/plan.toml");
    for kept in [
        "latest_reviewed_year = 2026",
        "first_year = 2022",
        "last_year = 2026",
        "[divisions]",
        "[[strategies]]",
    ] {
        assert!(plan_toml.contains(kept), "{plan_toml}");
    }
    assert!(
        !plan_toml.contains("[site]") && !plan_toml.contains("languages"),
        "{plan_toml}"
    );
    // The next plan in site.toml: the site's settings as they were.
    let site = ws.read("site.toml");
    assert!(
        site.contains("first_year = 2027\nlast_year = 2031"),
        "{site}"
    );
    assert!(site.contains("latest_reviewed_year = 2027"), "{site}");
    let head = |s: &str| s[..s.find("[plan]").unwrap()].replace("2026", "2027");
    assert_eq!(head(&site), head(&site_before));
    assert!(
        std::fs::read_dir(ws.path("initiatives"))
            .unwrap()
            .next()
            .is_none()
    );
    assert!(!ws.path("editions").exists());
    // With its first initiative the site builds: three plans, two finished.
    assert_eq!(ws.run(&["new", "initiative", "01-first"]).code, 0);
    let run = ws.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let home = ws.page("en/index.html");
    let earlier = &home[home.find("class=\"earlier-plans\"").unwrap()..];
    let targets: Vec<String> = attr_values(earlier, "href")
        .into_iter()
        .take(2)
        .map(|h| crate::common::resolve("en/index.html", &h))
        .collect();
    assert_eq!(
        targets,
        [
            "plans/2022-2026/en/index.html",
            "plans/2017-2021/en/index.html"
        ]
    );
    let old = ws.page("plans/2022-2026/en/initiatives/02-beta.html");
    assert!(
        old.contains("This plan (FY2022–FY2026) has finished."),
        "{old}"
    );
    assert!(
        ws.output()
            .join("plans/2022-2026/en/editions/2024/index.html")
            .is_file()
    );
}

#[test]
fn site_toml_without_the_current_plan() {
    // The office moved the current plan's settings out of site.toml as well.
    let (en, ja) = fails(|ws| {
        let site = ws.read("site.toml");
        let site = &site[..site.find("[plan]").unwrap()];
        ws.write(
            "site.toml",
            &site.replace("latest_reviewed_year = 2024\n", ""),
        );
    });
    assert!(en.contains("content/site.toml"), "{en}");
    assert!(en.contains("missing field `latest_reviewed_year`"), "{en}");
    assert!(en.contains("site.toml holds the current plan"), "{en}");
    assert!(ja.contains("plans/ には終わった計画だけを置きます"), "{ja}");
}

/// A plan's counts by status and headline targets are its own: `new plan`
/// moves them into the finished plan's plan.toml (its scale is copied, for
/// the next plan to judge on too), and the finished plan's home page still
/// shows them.
#[test]
fn new_plan_takes_the_counts_and_headline_targets_with_the_finished_plan() {
    let ws = Workspace::new(FIXTURE);
    ws.edit(
        "site.toml",
        "latest_reviewed_year = 2024",
        "latest_reviewed_year = 2026",
    );
    let site = ws.read("site.toml");
    std::fs::write(
        ws.path("site.toml"),
        format!(
            r#"{site}
[[status_scales]]
id = "progress"
name = {{ ja = "進捗状況", en = "Progress" }}
levels = [
  {{ key = "done", label = {{ ja = "達成", en = "Done" }}, on_track = true }},
  {{ key = "partly", label = {{ ja = "部分実施", en = "Partly done" }} }},
]

[[status_counts]]
year = 2026
total = 30
counts = [
  {{ levels = ["done"], count = 24 }},
  {{ levels = ["partly"], count = 6 }},
]

[[headline_targets]]
id = "staff"
name = {{ ja = "全職員数", en = "Staff in all" }}
unit = {{ ja = "人", en = "staff" }}
direction = "lower"
baseline = {{ value = 1344 }}

[headline_targets.years]
2026 = {{ target = 1294, actual = 1290 }}
"#
        ),
    )
    .unwrap();
    let run = ws.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = ws.run(&["new", "plan", "2027", "2031"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let plan_toml = ws.read("plans/2022-2026/plan.toml");
    for moved in [
        "[[status_scales]]",
        "[[status_counts]]",
        "[[headline_targets]]",
    ] {
        assert!(plan_toml.contains(moved), "{moved} in {plan_toml}");
    }
    let next = ws.read("site.toml");
    assert!(next.contains("[[status_scales]]"), "{next}");
    assert!(
        !next.contains("[[status_counts]]") && !next.contains("[[headline_targets]]"),
        "{next}"
    );
    assert_eq!(ws.run(&["new", "initiative", "01-first"]).code, 0);
    let run = ws.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let old = ws.page("plans/2022-2026/en/index.html");
    assert!(old.contains("Staff in all"), "{old}");
    assert!(old.contains("Partly done"), "{old}");
    assert!(
        ws.output()
            .join("plans/2022-2026/charts/plan/staff.svg")
            .is_file()
    );
    let current = ws.page("en/index.html");
    assert!(!current.contains("Staff in all"), "{current}");
}
