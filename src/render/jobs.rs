//! What a build renders: one job per page and language (with its charts),
//! and who is on each list, worked out once.

use std::sync::Arc;

use crate::base::routes;
use crate::base::text::Lang;
use crate::check::assess::{Assessed, AssessedInitiative};
use crate::model::Status;
use crate::model::*;

/// One unit of work: a page (with its charts) in one language.
pub(super) enum Job<'a> {
    /// The sitemap and robots.txt.
    Shared,
    /// The open data of the whole plan (streamed: it may be large).
    Data,
    /// An initiative's files that do not depend on the language: its open
    /// data slice and its trend chart.
    Extras(&'a AssessedInitiative<'a>),
    /// The bilingual page a server shows for a missing address.
    NotFound,
    OpenData(Lang),
    /// The Atom feed of the editions (only when one was issued).
    Feed(Lang),
    /// The record of changes.
    Changes(Lang),
    /// The overview of one reviewed year (the latest one is the home page).
    Dashboard(Lang, i32),
    /// One page of a listing.
    Listing(Lang, Listing<'a>, Paged<'a>),
    Initiative(Lang, usize, &'a AssessedInitiative<'a>),
    Page(Lang, &'a Page),
    /// One page of the targets-not-met list of a year.
    Shortfalls(Lang, i32, Paged<'a>),
    /// An issued edition: its overview, its targets not met, an initiative.
    Edition(Lang, &'a Edition),
    EditionShortfalls(Lang, &'a Edition),
    EditionInitiative(Lang, &'a Edition, &'a EditionInitiative),
    /// An address the site published that now sends the reader on (a page
    /// of a finished plan, a withdrawn or renamed initiative).
    Moved(Lang, &'a super::addresses::Moved),
}

/// Which part of a long list one page shows: `per_page` members from `index × per_page`.
#[derive(Clone)]
pub(super) struct Paged<'a> {
    /// Every member of the list, in the order shown.
    pub(super) members: Arc<[&'a AssessedInitiative<'a>]>,
    /// The page, from 0.
    pub(super) index: usize,
    pub(super) per_page: usize,
}

impl<'a> Paged<'a> {
    /// One job per page of `members` (one page when the list is empty).
    pub(super) fn pages(
        members: Vec<&'a AssessedInitiative<'a>>,
        per_page: usize,
    ) -> impl Iterator<Item = Paged<'a>> {
        let members: Arc<[&AssessedInitiative]> = members.into();
        let count = page_count(members.len(), per_page);
        (0..count).map(move |index| Paged {
            members: members.clone(),
            index,
            per_page,
        })
    }

    /// The members this page shows.
    pub(super) fn slice(&self) -> &[&'a AssessedInitiative<'a>] {
        let start = (self.index * self.per_page).min(self.members.len());
        let end = (start + self.per_page).min(self.members.len());
        &self.members[start..end]
    }

    pub(super) fn count(&self) -> usize {
        page_count(self.members.len(), self.per_page)
    }
}

/// Pages needed for `n` members, at least one.
pub(super) fn page_count(n: usize, per_page: usize) -> usize {
    n.div_ceil(per_page.max(1)).max(1)
}

impl Job<'_> {
    pub(super) fn lang(&self) -> Lang {
        match self {
            Job::Shared | Job::Data | Job::Extras(_) | Job::NotFound => Lang::JA,
            Job::OpenData(l)
            | Job::Feed(l)
            | Job::Changes(l)
            | Job::Dashboard(l, _)
            | Job::Listing(l, ..)
            | Job::Initiative(l, ..)
            | Job::Page(l, _)
            | Job::Shortfalls(l, ..)
            | Job::Edition(l, _)
            | Job::EditionShortfalls(l, _)
            | Job::EditionInitiative(l, ..)
            | Job::Moved(l, _) => *l,
        }
    }

    /// The page this job makes, relative to its language's root (every job
    /// but the files of the whole site, the data and an initiative's
    /// extras makes one). The same `routes` as the page's own renderer;
    /// `latest` is the plan's latest reviewed year (its overview is the home).
    pub(super) fn page(&self, latest: i32) -> Option<String> {
        let rel = match self {
            Job::Shared | Job::Data | Job::Extras(_) | Job::Feed(_) => return None,
            Job::NotFound => routes::NOT_FOUND.to_string(),
            Job::OpenData(_) => routes::OPEN_DATA_PAGE.to_string(),
            Job::Changes(_) => routes::CHANGES_PAGE.to_string(),
            Job::Dashboard(_, year) => routes::dashboard(*year, latest),
            Job::Listing(_, listing, paged) => routes::paged(&listing.rel(), paged.index),
            Job::Initiative(_, _, i) => routes::initiative(&i.id),
            Job::Page(_, p) => routes::markdown_page(&p.slug),
            Job::Shortfalls(_, year, paged) => {
                routes::paged(&routes::shortfalls(*year), paged.index)
            }
            Job::Edition(_, e) => routes::edition_version(e.year, e.superseded_version()),
            Job::EditionShortfalls(_, e) => {
                routes::edition_version_shortfalls(e.year, e.superseded_version())
            }
            Job::EditionInitiative(_, e, i) => {
                routes::edition_version_initiative(e.year, e.superseded_version(), &i.id)
            }
            Job::Moved(_, m) => m.rel.clone(),
        };
        Some(rel)
    }

    /// The page's path from its plan's root: `en/initiatives/x.html`.
    pub(super) fn path(&self, latest: i32) -> Option<String> {
        Some(routes::page(self.lang(), &self.page(latest)?))
    }
}

/// The jobs of a plan; a `finished` plan leaves the files of the whole site
/// (sitemap, 404, feeds) to the current plan, which makes the feeds when
/// `feed` (an edition of any plan was issued).
pub(super) fn jobs<'a>(assessed: &'a Assessed<'a>, finished: bool, feed: bool) -> Vec<Job<'a>> {
    let plan = assessed.plan;
    let site = &plan.site;
    let per_page = site.per_page;
    // Who is on each list, worked out once for every language and page.
    let mut listings: Vec<(Listing, Vec<&AssessedInitiative>)> = Vec::new();
    for s in &site.strategies {
        listings.push((Listing::Strategy(s), strategy_members(assessed, s)));
    }
    for key in site.divisions.keys() {
        let members: Vec<&AssessedInitiative> = assessed
            .initiatives
            .iter()
            .filter(|i| &i.division == key)
            .collect();
        if !members.is_empty() {
            listings.push((Listing::Division(key), members));
        }
    }
    // A list per status for each reviewed year, so that every year's
    // overview links the lists of that year.
    for year in site.reviewed_years() {
        let mut by_status: Vec<Vec<&AssessedInitiative>> = vec![Vec::new(); Status::ALL.len()];
        for i in &assessed.initiatives {
            let status = i.status(year);
            if let Some(at) = Status::ALL.iter().position(|s| *s == status) {
                by_status[at].push(i);
            }
        }
        for (status, members) in Status::ALL.into_iter().zip(by_status) {
            if members.is_empty() && !status.is_common() {
                continue;
            }
            listings.push((Listing::Status(status, year, site.latest_year), members));
        }
    }
    let listings: Vec<(Listing, Vec<Paged>)> = listings
        .into_iter()
        .map(|(l, members)| (l, Paged::pages(members, per_page).collect()))
        .collect();
    let shortfalls: Vec<(i32, Vec<Paged>)> = site
        .reviewed_years()
        .map(|year| {
            let members = assessed
                .initiatives
                .iter()
                .filter(|i| i.status(year) == Status::NotAchieved)
                .collect();
            (year, Paged::pages(members, per_page).collect())
        })
        .collect();
    let mut jobs = if finished {
        vec![Job::Data]
    } else {
        vec![Job::Shared, Job::Data, Job::NotFound]
    };
    jobs.extend(assessed.initiatives.iter().map(Job::Extras));
    for &lang in &site.languages {
        jobs.push(Job::OpenData(lang));
        if feed && !finished {
            jobs.push(Job::Feed(lang));
        }
        jobs.push(Job::Changes(lang));
        for year in site.reviewed_years() {
            jobs.push(Job::Dashboard(lang, year));
        }
        for (listing, pages) in &listings {
            for paged in pages {
                jobs.push(Job::Listing(lang, *listing, paged.clone()));
            }
        }
        for (n, i) in assessed.initiatives.iter().enumerate() {
            jobs.push(Job::Initiative(lang, n, i));
        }
        for p in &plan.pages {
            jobs.push(Job::Page(lang, p));
        }
        for (year, pages) in &shortfalls {
            for paged in pages {
                jobs.push(Job::Shortfalls(lang, *year, paged.clone()));
            }
        }
        // Every version of an edition, the superseded ones at their own addresses.
        for e in plan.editions.iter().flat_map(|e| e.versions()) {
            jobs.push(Job::Edition(lang, e));
            jobs.push(Job::EditionShortfalls(lang, e));
            jobs.extend(
                e.initiatives
                    .iter()
                    .map(|i| Job::EditionInitiative(lang, e, i)),
            );
        }
    }
    jobs
}

/// The initiatives of a strategy in the order of its areas and items.
pub(super) fn strategy_members<'a>(
    assessed: &'a Assessed<'a>,
    s: &Strategy,
) -> Vec<&'a AssessedInitiative<'a>> {
    let mut out = Vec::new();
    for a in &s.areas {
        for item in &a.items {
            out.extend(
                assessed
                    .initiatives
                    .iter()
                    .filter(|i| (i.strategy, i.area, i.item) == (s.number, a.number, item.number)),
            );
        }
    }
    out
}

/// A page listing initiatives that share something.
#[derive(Clone, Copy)]
pub(super) enum Listing<'a> {
    Strategy(&'a Strategy),
    Division(&'a String),
    /// The initiatives with this status in the latest reviewed year.
    Status(Status, i32, i32),
}

impl Listing<'_> {
    pub(super) fn rel(&self) -> String {
        match self {
            Listing::Strategy(s) => routes::strategy(s.number),
            Listing::Division(key) => routes::division(key),
            Listing::Status(status, year, latest) => routes::status(status.key(), *year, *latest),
        }
    }
}
