//! Addresses for good: every address the site has published keeps answering.
//!
//! The site knows its earlier addresses by deriving them, never from a list
//! in the content:
//!
//! - A finished plan was the current plan, at the site's root, until the
//!   next plan began; the pages it makes now under `plans/<id>/` (the same
//!   jobs) are the addresses it had there. An address the current plan does
//!   not publish again becomes a page that sends the reader on to
//!   `plans/<id>/…` (meta refresh, a link, `rel=canonical`); one it publishes
//!   again says at the top what it showed before, with a link. The newest
//!   finished plan that had an address is the one it names. The plan's
//!   other files (charts, open data) are written again at their old address,
//!   byte for byte, where the current plan has none of its own.
//! - An initiative that an edition of a plan published and the plan no
//!   longer has: its page sends the reader on to the initiative of the same
//!   number (a folder renamed), else to the latest edition that published
//!   it (withdrawn).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use crate::base::diagnostic::Diagnostic;
use crate::base::output::{OutputFile, Sink, StreamFn};
use crate::base::routes;
use crate::base::text::Lang;

use super::*;

/// An address whose page is elsewhere now.
#[derive(Debug)]
pub(super) struct Moved {
    /// From its plan's root, without the language's folder.
    pub(super) rel: String,
    pub(super) lang: Lang,
    /// Where it sends the reader, from the same plan's root (with the
    /// language's folder).
    pub(super) to: String,
    pub(super) why: Why,
}

#[derive(Debug, Clone)]
pub(super) enum Why {
    /// A page of the finished plan of this id, now under `plans/<id>/`.
    Plan(String),
    /// An initiative no longer in the plan, kept by the edition of this year.
    Withdrawn(i32),
    /// The initiative of the same number, in a folder of another name.
    Renamed,
}

/// The pages of a plan's jobs, by their path from the plan's root.
pub(super) fn pages(jobs: &[Job], latest: i32) -> BTreeSet<String> {
    jobs.iter()
        .filter(|j| !matches!(j, Job::NotFound))
        .filter_map(|j| j.path(latest))
        .collect()
}

/// The initiatives an edition of the plan published that the plan no longer
/// has, each language's address sending the reader on.
pub(super) fn withdrawn(assessed: &Assessed) -> Vec<Moved> {
    let plan = assessed.plan;
    let ids: BTreeSet<&str> = assessed.initiatives.iter().map(|i| i.id.as_str()).collect();
    // The latest edition of each initiative gone, and its number.
    let mut gone: BTreeMap<&str, (i32, u32)> = BTreeMap::new();
    for e in &plan.editions {
        for i in &e.initiatives {
            if !ids.contains(i.id.as_str()) {
                gone.insert(&i.id, (e.year, i.number));
            }
        }
    }
    let mut out = Vec::new();
    for (id, (year, number)) in gone {
        let renamed = assessed.initiatives.iter().find(|i| i.number == number);
        for &lang in &plan.site.languages {
            let (to, why) = match renamed {
                Some(now) => (routes::initiative(&now.id), Why::Renamed),
                None => (routes::edition_initiative(year, id), Why::Withdrawn(year)),
            };
            out.push(Moved {
                rel: routes::initiative(id),
                lang,
                to: routes::page(lang, &to),
                why,
            });
        }
    }
    out
}

/// What the current plan's pages and the site's root owe to the finished
/// plans: the addresses that send on, and the pages that say what an
/// address showed before.
pub(super) struct Earlier {
    /// Pages to write at the root that send the reader on.
    pub(super) moved: Vec<Moved>,
    /// A page of the current plan at an address a finished plan had: the
    /// path, and that plan's id.
    pub(super) reused: BTreeMap<String, String>,
}

/// `current`: the current plan's pages (its own withdrawn ones included);
/// `finished`: each finished plan's id and pages, newest first.
pub(super) fn earlier(
    current: &BTreeSet<String>,
    finished: &[(&str, BTreeSet<String>)],
) -> Earlier {
    let mut claimed: BTreeSet<&str> = current.iter().map(String::as_str).collect();
    let mut moved = Vec::new();
    let mut reused = BTreeMap::new();
    for (id, pages) in finished {
        let prefix = routes::plan_prefix(id);
        for path in pages {
            if current.contains(path) {
                reused.entry(path.clone()).or_insert_with(|| id.to_string());
            } else if claimed.insert(path) {
                let (lang, rel) = split_lang(path);
                moved.push(Moved {
                    rel: rel.to_string(),
                    lang,
                    to: format!("{prefix}{path}"),
                    why: Why::Plan(id.to_string()),
                });
            }
        }
    }
    Earlier { moved, reused }
}

/// A page's path as its language and the path from that language's root.
fn split_lang(path: &str) -> (Lang, &str) {
    if let Some((dir, rest)) = path.split_once('/')
        && let Some(lang) = Lang::from_code(dir)
        && lang != Lang::JA
    {
        return (lang, rest);
    }
    (Lang::JA, path)
}

/// Records the path of every file put through it.
pub(super) struct Recording<'a> {
    pub(super) sink: &'a dyn Sink,
    pub(super) paths: Mutex<BTreeSet<String>>,
}

impl Recording<'_> {
    fn record(&self, path: &str) {
        self.paths
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(path.to_string());
    }
}

impl Sink for Recording<'_> {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self.record(&file.path);
        self.sink.put(file)
    }

    fn put_streamed(&self, path: &str, write: &mut StreamFn) -> Result<(), Diagnostic> {
        self.record(path);
        self.sink.put_streamed(path, write)
    }
}

/// A finished plan's files go under its prefix; those that are not pages
/// (charts, open data) and whose old address at the root is free are
/// written there too, byte for byte.
pub(super) struct Relay<'a> {
    pub(super) prefix: &'a str,
    pub(super) sink: &'a dyn Sink,
    /// The plan's own pages (they send on from the root instead).
    pub(super) pages: &'a BTreeSet<String>,
    /// What the root has already: the current plan's files, newer finished plans' copies.
    pub(super) taken: &'a BTreeSet<String>,
    /// The copies written at the root.
    pub(super) copied: Mutex<BTreeSet<String>>,
}

impl Relay<'_> {
    fn copies(&self, path: &str) -> bool {
        !self.pages.contains(path) && !self.taken.contains(path)
    }

    fn record(&self, path: &str) {
        self.copied
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(path.to_string());
    }
}

impl Sink for Relay<'_> {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        if self.copies(&file.path) {
            self.record(&file.path);
            self.sink.put(file.clone())?;
        }
        let path = format!("{}{}", self.prefix, file.path);
        self.sink.put(OutputFile {
            path,
            bytes: file.bytes,
        })
    }

    fn put_streamed(&self, path: &str, write: &mut StreamFn) -> Result<(), Diagnostic> {
        if self.copies(path) {
            self.record(path);
            self.sink.put_streamed(path, write)?;
        }
        self.sink
            .put_streamed(&format!("{}{path}", self.prefix), write)
    }
}

impl Renderer<'_> {
    /// The page at an address that sends the reader on.
    pub(super) fn moved(&self, m: &Moved) -> Result<OutputFile, Diagnostic> {
        let site = &self.plan.site;
        let (text, title) = match &m.why {
            Why::Plan(id) => {
                let plan = self
                    .place
                    .earlier
                    .iter()
                    .find(|(i, _)| i == id)
                    .map_or_else(|| id.clone(), |(_, a)| self.plain(&a.plan.site.plan_name));
                (
                    self.fill("moved_plan", &[("plan", &plan)]),
                    self.word("moved_title"),
                )
            }
            Why::Withdrawn(year) => {
                let edition = self
                    .plan
                    .editions
                    .iter()
                    .find(|e| e.year == *year)
                    .map_or_else(|| self.year(*year), |e| self.edition_name(e));
                (
                    self.fill("moved_withdrawn", &[("edition", &edition)]),
                    self.word("moved_title"),
                )
            }
            Why::Renamed => (self.word("moved_renamed"), self.word("moved_title")),
        };
        let mut layout = self.layout(&m.rel, title.clone(), text.clone());
        let href = format!("{}{}", layout.plan_root, m.to);
        let prefix = &self.place.prefix;
        let canonical = match &site.base_url {
            Some(b) => format!("{b}{prefix}{}", m.to),
            None => href.clone(),
        };
        layout.print_url = canonical.clone();
        layout.qr_svg = site.base_url.as_ref().and_then(|_| qr_svg(&canonical));
        layout.canonical = Some(canonical);
        layout.versions.clear();
        layout.address_notice = None;
        layout.refresh = Some(href.clone());
        let view = MovedView {
            title,
            text,
            href,
            link: self.word("moved_link"),
            address: format!("{prefix}{}", m.to),
        };
        let what = format!("the moved page {}", layout.path);
        self.render_template("moved.html", &m.rel, layout, view_value(&view), &what)
    }

    /// On a page of the current plan at an address a finished plan had:
    /// what it showed before, with a link.
    pub(super) fn address_notice(&self, path: &str, root: &str) -> Option<PlanNotice> {
        let id = self.place.reused.get(path)?;
        let (_, a) = self.place.earlier.iter().find(|(i, _)| i == id)?;
        let plan = self.plain(&a.plan.site.plan_name);
        Some(PlanNotice {
            text: self.fill("address_reused", &[("plan", &plan)]),
            current: Link {
                href: format!("{root}{}{path}", routes::plan_prefix(id)),
                label: self.fill("address_reused_link", &[("plan", &plan)]),
            },
        })
    }
}
