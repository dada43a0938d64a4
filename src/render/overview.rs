//! The overview of a reviewed year (the latest one is the home page).

use crate::base::diagnostic::Diagnostic;
use crate::base::output::OutputFile;
use crate::base::routes;
use crate::check::assess::{AssessedInitiative, Judgement};
use crate::model::Status;

use super::*;

impl Renderer<'_> {
    // ------------------------------------------------------------ pages

    pub(super) fn card(&self, i: &AssessedInitiative, year: i32, layout: &Layout) -> CardView {
        let lang_root = &layout.lang_root;
        let figures = i
            .indicators
            .iter()
            .filter_map(|ind| {
                let actual = self.year_figure(ind, year, false)?;
                let target = self.year_figure(ind, year, true);
                Some(match target {
                    Some(t) => format!(
                        "{} {actual} / {} {t}",
                        self.word("actual"),
                        self.word("target")
                    ),
                    None => format!("{} {actual}", self.word("actual")),
                })
            })
            .collect();
        CardView {
            number: i.number,
            href: format!("{lang_root}{}", routes::initiative(&i.id)),
            title: self.txt(&i.title),
            division: self.division(i),
            status: self.judged(i.judgement(year)),
            figures,
            level: self
                .plan
                .site
                .scales
                .get(i.scale)
                .and_then(|s| Some(self.level(s, *i.statuses.get(&year)?))),
            trend: i
                .indicators
                .iter()
                .any(|ind| ind.is_numeric())
                .then(|| format!("{}{}", layout.plan_root, routes::trend(&i.id))),
            added: self.added_mark(i),
        }
    }

    pub(super) fn counts(
        &self,
        initiatives: &[&AssessedInitiative],
        year: i32,
        lang_root: &str,
    ) -> Vec<CountView> {
        // The uncommon statuses (未確定, ―) only where some initiative of
        // the whole plan has them, so that every table has the same columns.
        let whole: Vec<Judgement> = self
            .assessed
            .initiatives
            .iter()
            .map(|i| i.judgement(year))
            .collect();
        let judged: Vec<Judgement> = initiatives.iter().map(|i| i.judgement(year)).collect();
        self.counts_of(&judged, &whole, year, lang_root)
    }

    /// The counts of a plan without initiatives: its headline targets'.
    fn headline_counts(&self, year: i32, lang_root: &str) -> Vec<CountView> {
        let judged: Vec<Judgement> = self
            .assessed
            .headline_targets
            .iter()
            .map(|ind| ind.judgement(year))
            .collect();
        self.counts_of(&judged, &judged, year, lang_root)
    }

    /// A count per status of `judged`, the uncommon statuses only where
    /// some of `whole` has them.
    fn counts_of(
        &self,
        judged: &[Judgement],
        whole: &[Judgement],
        year: i32,
        lang_root: &str,
    ) -> Vec<CountView> {
        let shown = |s: &&Status| s.is_common() || whole.iter().any(|j| j.status == **s);
        Status::ALL
            .iter()
            .filter(shown)
            .map(|s| {
                let by_city = judged
                    .iter()
                    .filter(|j| j.status == *s && j.by_city)
                    .count();
                CountView {
                    status: self.status(*s),
                    count: judged.iter().filter(|j| j.status == *s).count(),
                    href: format!(
                        "{lang_root}{}",
                        routes::status(s.key(), year, self.plan.site.latest_year)
                    ),
                    by_city: (by_city > 0)
                        .then(|| self.fill("by_city_count", &[("count", &by_city.to_string())])),
                }
            })
            .collect()
    }

    /// 「目標値と実績値による判定と市の判断が異なるもの：1件」, counting the
    /// indicators (of the initiatives and the headline targets) in `year`.
    fn verdicts_differ(&self, year: i32) -> Option<String> {
        let a = &self.assessed;
        let n = a
            .initiatives
            .iter()
            .flat_map(|i| &i.indicators)
            .chain(&a.headline_targets)
            .filter(|ind| ind.judgement(year).differs())
            .count();
        (n > 0).then(|| self.fill("verdicts_differ", &[("count", &n.to_string())]))
    }

    /// Strategy → area → item → initiatives, for `year`.
    pub(super) fn tree(&self, year: i32, layout: &Layout) -> Vec<StrategyView> {
        self.plan
            .site
            .strategies
            .iter()
            .map(|s| StrategyView {
                label: self.label(&s.name, format!("{} ", s.number)),
                areas: s
                    .areas
                    .iter()
                    .map(|a| AreaView {
                        label: self.label(&a.name, format!("({}) ", a.number)),
                        items: a
                            .items
                            .iter()
                            .map(|item| ItemView {
                                label: self.label(&item.name, format!("{} ", circled(item.number))),
                                initiatives: self
                                    .assessed
                                    .initiatives
                                    .iter()
                                    .filter(|i| {
                                        (i.strategy, i.area, i.item)
                                            == (s.number, a.number, item.number)
                                    })
                                    .map(|i| self.card(i, year, layout))
                                    .collect(),
                            })
                            .filter(|item| !item.initiatives.is_empty())
                            .collect(),
                    })
                    .filter(|a| !a.items.is_empty())
                    .collect(),
            })
            .collect()
    }

    pub(super) fn dashboard(&self, year: i32) -> Result<Vec<OutputFile>, Diagnostic> {
        let site = &self.plan.site;
        let latest = site.latest_year;
        let rel = routes::dashboard(year, latest);
        let title = if year == latest {
            String::new()
        } else {
            format!("{} — {}", self.word("status_of_year"), self.year(year))
        };
        let layout = self.layout(&rel, title, self.index_description());
        let lang_root = layout.lang_root.clone();
        let all: Vec<&AssessedInitiative> = self.assessed.initiatives.iter().collect();
        let cards_shown = self.fits_on_one_page();
        let strategy_counts = site
            .strategies
            .iter()
            .map(|s| {
                let members: Vec<&AssessedInitiative> = all
                    .iter()
                    .copied()
                    .filter(|i| i.strategy == s.number)
                    .collect();
                StrategyCountView {
                    label: self.label(&s.name, format!("{} ", s.number)),
                    href: format!("{lang_root}{}", Listing::Strategy(s).rel()),
                    counts: self.counts(&members, year, &lang_root),
                }
            })
            .collect();
        let mut files = Vec::new();
        let headline_targets = if year == latest {
            self.headline_targets(&mut files)?
        } else {
            Vec::new()
        };
        let view = IndexView {
            verdicts_differ: self.verdicts_differ(year),
            level_counts: self.level_counts(year),
            reported_counts: self.reported_counts(year),
            headline_targets,
            period: self.fill(
                "period_range",
                &[
                    ("first", &self.year(site.first_year)),
                    ("last", &self.year(site.last_year)),
                ],
            ),
            year: self.year(year),
            is_latest: year == latest,
            years: site
                .reviewed_years()
                .rev()
                .map(|y| YearLink {
                    label: self.short_year(y),
                    href: format!("{lang_root}{}", routes::dashboard(y, latest)),
                    current: y == year,
                })
                .collect(),
            // A plan of headline targets only counts those.
            counts: if all.is_empty() {
                self.headline_counts(year, &lang_root)
            } else {
                self.counts(&all, year, &lang_root)
            },
            total: all.len(),
            strategy_counts,
            strategies: if cards_shown {
                self.tree(year, &layout)
            } else {
                Vec::new()
            },
            cards_shown,
            shortfall_link: Link {
                href: format!("{lang_root}{}", routes::shortfalls(year)),
                label: format!("{} — {}", self.word("shortfall_page"), self.year(year)),
            },
            ways: WaysIn {
                strategies: site
                    .strategies
                    .iter()
                    .map(|s| Link {
                        href: format!("{lang_root}{}", Listing::Strategy(s).rel()),
                        label: format!("{} {}", s.number, self.plain(&s.name)),
                    })
                    .collect(),
                divisions: site
                    .divisions
                    .iter()
                    .filter(|(k, _)| self.assessed.initiatives.iter().any(|i| &i.division == *k))
                    .map(|(k, name)| Link {
                        href: format!("{lang_root}{}", Listing::Division(k).rel()),
                        label: self.plain(name),
                    })
                    .collect(),
                statuses_year: self.year(year),
                statuses: self
                    .counts(&all, year, &lang_root)
                    .into_iter()
                    .map(|c| CountLink {
                        href: c.href,
                        status: c.status,
                        count: c.count,
                    })
                    .collect(),
            },
            plan_revisions: self.plan_revision_lines(),
        };
        files.push(self.render_template(
            "index.html",
            &rel,
            layout,
            view_value(&view),
            &format!("the overview of {year}"),
        )?);
        Ok(files)
    }

    pub(super) fn index_description(&self) -> String {
        let site = &self.plan.site;
        let name = self.plain(&site.plan_name);
        let latest = self.year(site.latest_year);
        self.fill("index_description", &[("name", &name), ("latest", &latest)])
    }
}
