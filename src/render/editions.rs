//! The issued editions, each under its own address and as it was issued:
//! its overview, its targets not met, each initiative's figures and texts.
//! Everything here comes from the edition's record; nothing is computed
//! again from today's content (the statuses are the recorded ones).

use crate::base::diagnostic::Diagnostic;
use crate::base::markdown;
use crate::base::output::OutputFile;
use crate::base::routes;
use crate::base::text::LangText;
use crate::model::Status;
use crate::model::*;

use super::*;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Renderer<'_> {
    /// A date as the page's language writes it: 2025年9月30日 / 30 September 2025.
    pub(super) fn date(&self, d: Date) -> String {
        let month_name = MONTHS[usize::from(d.month.clamp(1, 12)) - 1];
        self.fill(
            "date_format",
            &[
                ("year", &d.year.to_string()),
                ("month", &d.month.to_string()),
                ("month_name", month_name),
                ("day", &d.day.to_string()),
            ],
        )
    }

    /// The English name of a month (1–12), for `{month_name}`.
    pub(super) fn month_name(&self, month: u8) -> &'static str {
        MONTHS[usize::from(month.clamp(1, 12)) - 1]
    }

    /// 令和6年度（2024年度）版 / FY2024 edition.
    pub(super) fn edition_name(&self, e: &Edition) -> String {
        self.fill("edition_name", &[("year", &self.year(e.year))])
    }

    /// "Replaces the edition published on …. Reason: …" for each earlier issue.
    pub(super) fn edition_replaced(&self, e: &Edition) -> Vec<String> {
        e.replaced
            .iter()
            .map(|r| {
                self.fill(
                    "edition_replaced",
                    &[("date", &self.date(r.date)), ("reason", &r.reason)],
                )
            })
            .collect()
    }

    /// "Published: 30 September 2025 (FY2024 edition)", for the foot of a page.
    pub(super) fn published(&self, e: &Edition) -> String {
        self.fill(
            "published_on",
            &[
                ("date", &self.date(e.date)),
                ("edition", &self.edition_name(e)),
            ],
        )
    }

    /// `Some(version)` for a version a replacement superseded (its pages
    /// are under `editions/YEAR/vN/`), `None` for the current one.
    pub(super) fn superseded(&self, e: &Edition) -> Option<u32> {
        e.superseded_version()
    }

    /// For a superseded version: when and why it was replaced, and the
    /// current version.
    fn superseded_note(&self, e: &Edition, lang_root: &str) -> Option<(String, Link)> {
        let current = self
            .plan
            .editions
            .iter()
            .find(|c| c.year == e.year && c.version != e.version)?;
        let index = usize::try_from(e.version).ok()?.checked_sub(1)?;
        let reason = current
            .replaced
            .get(index)
            .map_or("", |r| r.reason.as_str());
        let by = current
            .versions()
            .find(|v| v.version == e.version + 1)
            .unwrap_or(current);
        let note = self.fill(
            "edition_superseded",
            &[
                ("version", &e.version.to_string()),
                ("date", &self.date(by.date)),
                ("reason", reason),
            ],
        );
        let link = Link {
            href: format!("{lang_root}{}", routes::edition(e.year)),
            label: self.fill(
                "edition_current_version",
                &[("version", &current.version.to_string())],
            ),
        };
        Some((note, link))
    }

    /// The record of one version of an edition, linked from a page whose
    /// plan's root is `plan_root` and language root `lang_root`.
    pub(super) fn record_view(&self, v: &Edition, plan_root: &str, lang_root: &str) -> RecordView {
        let path = crate::render::records::version_path(v.year, v.version);
        let name = path.rsplit('/').next().unwrap_or(&path).to_string();
        RecordView {
            label: self.word("edition_record"),
            href: format!("{plan_root}{path}"),
            name,
            digest: v.digest.hex().to_string(),
            edition: self.fill(
                "record_label",
                &[
                    ("edition", &self.edition_name(v)),
                    ("version", &v.version.to_string()),
                    ("date", &self.date(v.date)),
                ],
            ),
            superseded: self
                .plan
                .editions
                .iter()
                .any(|e| e.superseded.iter().any(|s| s.digest == v.digest))
                .then(|| self.word("record_superseded")),
            how: Link {
                href: format!("{lang_root}{}#records", routes::OPEN_DATA_PAGE),
                label: self.word("record_check_link"),
            },
        }
    }

    fn banner(
        &self,
        e: &Edition,
        lang_root: &str,
        plan_root: &str,
        current: Option<String>,
    ) -> EditionBanner {
        let name = self.edition_name(e);
        let date = self.date(e.date);
        EditionBanner {
            earlier: e
                .superseded
                .iter()
                .map(|old| Link {
                    href: format!(
                        "{lang_root}{}",
                        routes::edition_version(old.year, Some(old.version))
                    ),
                    label: self.fill(
                        "edition_earlier_version",
                        &[
                            ("version", &old.version.to_string()),
                            ("date", &self.date(old.date)),
                        ],
                    ),
                })
                .collect(),
            superseded: self.superseded_note(e, lang_root),
            record: self.record_view(e, plan_root, lang_root),
            note: self.fill("edition_note", &[("edition", &name), ("date", &date)]),
            published: self.fill("edition_published", &[("date", &date)]),
            replaced: self.edition_replaced(e),
            overview: Link {
                href: format!(
                    "{lang_root}{}",
                    routes::edition_version(e.year, self.superseded(e))
                ),
                label: name.clone(),
            },
            current: current.map(|rel| Link {
                href: format!("{lang_root}{rel}"),
                label: self.word("edition_current"),
            }),
            name,
        }
    }

    /// A recorded text of Markdown, in this language or the Japanese.
    fn recorded_prose(&self, t: &LangText, heading: String, min_level: u8) -> ProseView {
        let l = t.get(self.lang);
        let pending = l.lang != self.lang;
        ProseView {
            screen_only: false,
            heading,
            html: markdown::markdown(l.text, min_level),
            lang: l.lang.html_lang(),
            pending,
            note: pending.then(|| self.word("translation_pending")),
        }
    }

    fn recorded_shortfall(
        &self,
        e: &Edition,
        i: &EditionInitiative,
        lang_root: &str,
    ) -> ShortfallView {
        let figures = i
            .indicators
            .iter()
            .filter(|ind| ind.statuses.get(&e.year) == Some(&Status::NotAchieved))
            .map(|ind| {
                let ind = &ind.indicator;
                let actual = self.year_figure(ind, e.year, false).unwrap_or_default();
                let target = self.year_figure(ind, e.year, true).unwrap_or_default();
                self.fill(
                    "actual_against_target",
                    &[("actual", &actual), ("target", &target)],
                )
            })
            .collect();
        ShortfallView {
            screen_only: false,
            year: self.year(e.year),
            number: i.number,
            title: self.txt(&i.title),
            href: format!(
                "{lang_root}{}",
                routes::edition_version_initiative(e.year, self.superseded(e), &i.id)
            ),
            figures,
            prose: i
                .commentary
                .get(&(e.year, CommentaryKind::Shortfall))
                .map(|t| self.recorded_prose(t, self.word("shortfall"), 4)),
        }
    }

    pub(super) fn edition(&self, e: &Edition) -> Result<OutputFile, Diagnostic> {
        let rel = routes::edition_version(e.year, self.superseded(e));
        let name = self.edition_name(e);
        let mut layout = self.layout(&rel, name.clone(), self.word("editions_intro"));
        layout.published = Some(self.published(e));
        let lang_root = layout.lang_root.clone();
        let current = self
            .plan
            .site
            .reviewed_years()
            .contains(&e.year)
            .then(|| routes::dashboard(e.year, self.plan.site.latest_year));
        let counts = Status::ALL
            .iter()
            .map(|s| CountLink {
                href: String::new(),
                status: self.status(*s),
                count: e.initiatives.iter().filter(|i| i.status == *s).count(),
            })
            // A plan's shape of its own (targets only in later years) is
            // counted only where an edition has it.
            .filter(|c| c.status.key != Status::NotYetAssessable.key() || c.count > 0)
            .collect();
        let entries = e
            .initiatives
            .iter()
            .map(|i| EditionCard {
                number: i.number,
                href: format!(
                    "{lang_root}{}",
                    routes::edition_version_initiative(e.year, self.superseded(e), &i.id)
                ),
                title: self.txt(&i.title),
                division: self.txt(&i.division_name),
                status: self.status(i.status),
            })
            .collect();
        let view = EditionView {
            banner: self.banner(e, &lang_root, &layout.plan_root, current),
            title: name,
            year: self.year(e.year),
            counts,
            total: e.initiatives.len(),
            entries,
            shortfalls: Link {
                href: format!(
                    "{lang_root}{}",
                    routes::edition_version_shortfalls(e.year, self.superseded(e))
                ),
                label: self.word("shortfall_page"),
            },
        };
        let what = format!("the edition of {}", e.year);
        self.render_template("edition.html", &rel, layout, view_value(&view), &what)
    }

    pub(super) fn edition_shortfalls(&self, e: &Edition) -> Result<OutputFile, Diagnostic> {
        let rel = routes::edition_version_shortfalls(e.year, self.superseded(e));
        let title = format!(
            "{} {}",
            self.edition_name(e),
            self.fill(
                "shortfall_page_title",
                &[
                    ("year", &self.short_year(e.year)),
                    ("page", &self.word("shortfall_page")),
                ],
            )
        );
        let mut layout = self.layout(&rel, title.clone(), self.word("shortfall_intro"));
        layout.published = Some(self.published(e));
        let lang_root = layout.lang_root.clone();
        let current = self
            .plan
            .site
            .reviewed_years()
            .contains(&e.year)
            .then(|| routes::shortfalls(e.year));
        let entries = e
            .initiatives
            .iter()
            .filter(|i| i.status == Status::NotAchieved)
            .map(|i| self.recorded_shortfall(e, i, &lang_root))
            .collect();
        let view = EditionShortfallsView {
            banner: self.banner(e, &lang_root, &layout.plan_root, current),
            title,
            entries,
        };
        let what = format!("the targets not met of the edition of {}", e.year);
        self.render_template(
            "edition_shortfalls.html",
            &rel,
            layout,
            view_value(&view),
            &what,
        )
    }

    pub(super) fn edition_initiative(
        &self,
        e: &Edition,
        i: &EditionInitiative,
    ) -> Result<OutputFile, Diagnostic> {
        let rel = routes::edition_version_initiative(e.year, self.superseded(e), &i.id);
        let title = self.txt(&i.title);
        let mut layout = self.layout(
            &rel,
            format!(
                "{}{} {} ({})",
                self.word("number_prefix"),
                i.number,
                title.text,
                self.edition_name(e)
            ),
            i.description.get(self.lang).text.to_string(),
        );
        layout.published = Some(self.published(e));
        let lang_root = layout.lang_root.clone();
        let current = self
            .plan
            .initiatives
            .iter()
            .any(|c| c.id == i.id)
            .then(|| routes::initiative(&i.id));
        let site = &self.plan.site;
        let indicators = i
            .indicators
            .iter()
            .map(|recorded| {
                let ind = &recorded.indicator;
                let status = |y: i32| match recorded.statuses.get(&y) {
                    Some(s) => *s,
                    // Years after the edition's were not reviewed in it.
                    None => crate::check::assess::year_status(
                        ind.direction,
                        ind.years.get(&y).and_then(|f| f.target),
                        None,
                    ),
                };
                IndicatorView {
                    benchmarks: self.benchmark_rows(ind),
                    benchmark_notes: self.benchmark_notes(ind),
                    city_verdicts: Vec::new(),
                    id: ind.id.clone(),
                    name: self.txt(&ind.name),
                    unit: ind.unit.as_ref().map(|u| self.txt(u)),
                    direction: self.word(match (ind.direction, ind.qualifier) {
                        (Direction::Higher, _) => "direction_higher",
                        (Direction::Lower, Qualifier::OrLess) => "direction_lower_or_less",
                        (Direction::Lower, _) => "direction_lower",
                        (Direction::Milestone, _) => "direction_milestone",
                    }),
                    cumulative: ind.cumulative,
                    baseline: self.baseline(ind),
                    final_target: self.final_target(ind),
                    table_note: self.table_note(ind),
                    rows: site
                        .years()
                        .filter(|y| !ind.measured_at_dates() || ind.years.contains_key(y))
                        .map(|y| RowView {
                            year: match ind.years.get(&y).and_then(|f| f.measured_on()) {
                                Some(d) => self.as_of(d, false),
                                None => self.row_year(y),
                            },
                            year_note: if ind.measured_at_dates() {
                                None
                            } else {
                                self.row_year_note(y)
                            },
                            schedule: None,
                            target: self.table_figure(ind, y, true),
                            actual: self.table_figure(ind, y, false),
                            status: self.status(status(y)),
                            target_note: None,
                            status_note: None,
                            level: None,
                            approximate: None,
                            progress: None,
                            running_target: None,
                            running_actual: None,
                        })
                        .collect(),
                    // An edition records the years' figures only.
                    period_total: None,
                    has_progress: false,
                    has_running: false,
                    when_heading: self.word(if ind.measured_at_dates() {
                        "as_of_column"
                    } else {
                        "fiscal_year"
                    }),
                    target_heading: self.word("target"),
                    actual_heading: self.word("actual"),
                    chart: None,
                    movements: crate::check::changes::movements(ind)
                        .iter()
                        .map(|m| self.movement(ind, m))
                        .collect(),
                    // An edition is shown as issued, without later revisions.
                    revisions: Vec::new(),
                }
            })
            .collect();
        // The report's order: the year's progress, the next year's plan,
        // then the earlier years' progress.
        let mut commentary = Vec::new();
        let progress = |y: i32| {
            i.commentary
                .get(&(y, CommentaryKind::Progress))
                .map(|t| self.recorded_prose(t, self.heading_for(CommentaryKind::Progress, y), 4))
        };
        commentary.extend(progress(e.year));
        commentary.extend(
            i.commentary
                .get(&(e.year + 1, CommentaryKind::Plan))
                .map(|t| {
                    self.recorded_prose(t, self.heading_for(CommentaryKind::Plan, e.year + 1), 4)
                }),
        );
        for y in (site.first_year..e.year).rev() {
            commentary.extend(progress(y));
        }
        let shortfall =
            (i.status == Status::NotAchieved).then(|| self.recorded_shortfall(e, i, &lang_root));
        let view = EditionInitiativeView {
            banner: self.banner(e, &lang_root, &layout.plan_root, current),
            number: i.number,
            title,
            division: self.txt(&i.division_name),
            description: self.txt(&i.description),
            year: self.year(e.year),
            status: self.status(i.status),
            indicators,
            commentary,
            shortfall,
        };
        let what = format!("initiative {} in the edition of {}", i.id, e.year);
        self.render_template(
            "edition_initiative.html",
            &rel,
            layout,
            view_value(&view),
            &what,
        )
    }

    /// The editions, newest first, for the record of changes.
    pub(super) fn edition_links(&self, lang_root: &str) -> Vec<EditionLink> {
        self.plan
            .editions
            .iter()
            .rev()
            .map(|e| EditionLink {
                name: self.edition_name(e),
                published: self.fill("edition_published", &[("date", &self.date(e.date))]),
                href: format!(
                    "{lang_root}{}",
                    routes::edition_version(e.year, self.superseded(e))
                ),
                replaced: self.edition_replaced(e),
            })
            .collect()
    }
}
