//! Addresses for good: every address the site has published keeps answering
//! after `mieruka new plan` and after an initiative is withdrawn or its
//! folder renamed, either with the same page or with a page that sends the
//! reader on; the feed ids do not change; the sitemap lists every live page.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::{Workspace, attr_values, snapshot};

const FIXTURE: &str = "tests/fixtures/plans";
const BASE: &str = "https://example.org/progress/";

/// The address a page sends the reader on to, if it is such a page.
fn refresh(html: &str) -> Option<String> {
    let at = html.find("<meta http-equiv=\"refresh\" content=\"0; url=")?;
    let rest = &html[at + "<meta http-equiv=\"refresh\" content=\"0; url=".len()..];
    Some(rest[..rest.find('"').unwrap()].to_string())
}

/// Every file of a built site, and where each one answering with a page
/// that sends on leads (checked: a page of the site that is itself no such
/// page, also named by its link and its `rel=canonical`).
fn answering(out: &Path) -> (BTreeMap<String, Vec<u8>>, BTreeMap<String, String>) {
    let files = snapshot(out);
    let mut moved = BTreeMap::new();
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let Some(to) = refresh(&html) else { continue };
        let target = crate::common::resolve(path, &to);
        let page = files
            .get(&target)
            .unwrap_or_else(|| panic!("{path} sends the reader to {target}, which is missing"));
        assert!(
            refresh(&String::from_utf8_lossy(page)).is_none(),
            "{path} sends the reader to {target}, which sends on again"
        );
        let hrefs = attr_values(&html, "href");
        assert!(hrefs.contains(&to), "{path} has no link to {to}");
        assert!(
            html.contains(&format!("<link rel=\"canonical\" href=\"{BASE}"))
                || html.contains(&format!("<link rel=\"canonical\" href=\"{to}\"")),
            "{path} has no rel=canonical"
        );
        moved.insert(path.clone(), target);
    }
    (files, moved)
}

/// The `<id>`s of each language's feed.
fn feed_ids(out: &Path) -> BTreeMap<String, Vec<String>> {
    ["feed.xml", "en/feed.xml"]
        .into_iter()
        .map(|feed| {
            let xml = std::fs::read_to_string(out.join(feed)).unwrap();
            let ids = xml
                .split("<id>")
                .skip(1)
                .map(|s| s[..s.find("</id>").unwrap()].to_string())
                .collect();
            (feed.to_string(), ids)
        })
        .collect()
}

/// The two-plan fixture with an absolute address, reviewed to its last
/// year so that `new plan` can start the next plan.
fn finished_site() -> Workspace {
    let ws = Workspace::new(FIXTURE);
    ws.edit(
        "site.toml",
        "latest_reviewed_year = 2024",
        &format!("latest_reviewed_year = 2026\nbase_url = \"{BASE}\""),
    );
    ws
}

#[test]
fn after_new_plan_every_address_answers_and_the_feed_ids_stay() {
    let ws = finished_site();
    let run = ws.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (before_files, _) = answering(&ws.output());
    let ids_before = feed_ids(&ws.output());
    assert!(ids_before["en/feed.xml"].len() >= 3, "{ids_before:?}");

    let run = ws.run(&["new", "plan", "2027", "2031"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(ws.run(&["new", "initiative", "01-first"]).code, 0);
    let run = ws.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (after, moved) = answering(&ws.output());

    let before: BTreeSet<&String> = before_files.keys().collect();
    let missing: Vec<&&String> = before.iter().filter(|p| !after.contains_key(**p)).collect();
    assert!(missing.is_empty(), "no longer answering: {missing:?}");
    // The finished plan's initiative page sends the reader to its new address.
    for lang in ["", "en/"] {
        let from = format!("{lang}initiatives/02-beta.html");
        assert_eq!(
            moved.get(&from).map(String::as_str),
            Some(format!("plans/2022-2026/{lang}initiatives/02-beta.html").as_str()),
            "{from}"
        );
    }
    let stub = String::from_utf8_lossy(&after["en/initiatives/02-beta.html"]).into_owned();
    assert!(stub.contains("This page has moved"), "{stub}");
    assert!(
        stub.contains(&format!(
            "<link rel=\"canonical\" href=\"{BASE}plans/2022-2026/en/initiatives/02-beta.html\">"
        )),
        "{stub}"
    );
    let ja = String::from_utf8_lossy(&after["initiatives/02-beta.html"]).into_owned();
    assert!(ja.contains("このページは移りました"), "{ja}");
    // A chart and an open data file are the same bytes at their old address.
    for file in [
        "charts/02-beta--ratio.svg",
        "en/charts/02-beta--ratio.svg",
        "data/initiatives/02-beta.csv",
    ] {
        assert_eq!(after.get(file), before_files.get(file), "{file}");
        assert!(after.contains_key(file), "{file}");
    }
    // An address the next plan uses again says what it showed before.
    let home = String::from_utf8_lossy(&after["en/index.html"]).into_owned();
    let notice = &home[home
        .find("class=\"address-notice")
        .expect("no notice on the reused home page")..];
    assert!(
        notice.contains("this address showed that plan&#39;s page"),
        "{notice}"
    );
    let link = crate::common::resolve("en/index.html", &attr_values(notice, "href")[0]);
    assert_eq!(link, "plans/2022-2026/en/index.html");
    let home_ja = String::from_utf8_lossy(&after["index.html"]).into_owned();
    assert!(home_ja.contains("このアドレスは、"), "{home_ja}");

    // The feed ids are the same as before.
    assert_eq!(feed_ids(&ws.output()), ids_before);

    // The sitemap lists every live page, and no page that sends on.
    let sitemap = String::from_utf8_lossy(&after["sitemap.xml"]).into_owned();
    let listed: BTreeSet<String> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s[..s.find("</loc>").unwrap()].replace(BASE, ""))
        .collect();
    for path in after.keys().filter(|p| p.ends_with(".html")) {
        let live = !moved.contains_key(path) && path != "404.html";
        assert_eq!(listed.contains(path), live, "{path} in the sitemap");
    }
}

#[test]
fn a_withdrawn_initiative_and_a_renamed_folder_keep_their_addresses() {
    let ws = Workspace::new(FIXTURE);
    let run = ws.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = snapshot(&ws.output());
    // No.2 leaves the plan; No.1's folder gets another name.
    std::fs::remove_dir_all(ws.path("initiatives/02-beta")).unwrap();
    std::fs::rename(
        ws.path("initiatives/01-alpha"),
        ws.path("initiatives/01-first"),
    )
    .unwrap();
    let run = ws.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (after, moved) = answering(&ws.output());
    for lang in ["", "en/"] {
        for page in ["initiatives/01-alpha.html", "initiatives/02-beta.html"] {
            let path = format!("{lang}{page}");
            assert!(before.contains_key(&path), "{path}");
            assert!(after.contains_key(&path), "{path} no longer answers");
        }
        assert_eq!(
            moved[&format!("{lang}initiatives/01-alpha.html")],
            format!("{lang}initiatives/01-first.html")
        );
        assert_eq!(
            moved[&format!("{lang}initiatives/02-beta.html")],
            format!("{lang}editions/2024/initiatives/02-beta.html")
        );
    }
    let en = String::from_utf8_lossy(&after["en/initiatives/02-beta.html"]).into_owned();
    assert!(
        en.contains("This initiative was withdrawn from the plan after"),
        "{en}"
    );
    let ja = String::from_utf8_lossy(&after["initiatives/01-alpha.html"]).into_owned();
    assert!(
        ja.contains("この取組のページのアドレスが変わりました"),
        "{ja}"
    );
}
