//! An initiative's page: hierarchy, description, schedule, indicators with
//! figures and charts, commentary by year.

use crate::base::diagnostic::Diagnostic;
use crate::base::output::OutputFile;
use crate::base::routes;
use crate::base::text::LangText;
use crate::check::assess::{AssessedIndicator, AssessedInitiative};
use crate::model::Status;
use crate::model::*;

use super::*;

impl Renderer<'_> {
    pub(super) fn initiative(
        &self,
        n: usize,
        i: &AssessedInitiative,
    ) -> Result<Vec<OutputFile>, Diagnostic> {
        let site = &self.plan.site;
        let rel = routes::initiative(&i.id);
        let title = self.txt(&i.title);
        let description = self.plain(&i.description);
        let layout = self.layout(
            &rel,
            format!("{}{} {}", self.word("number_prefix"), i.number, title.text),
            description,
        );
        let lang_root = layout.lang_root.clone();
        let strategy = site.strategy(i.strategy);
        let area = strategy.and_then(|s| s.area(i.area));
        let item = area.and_then(|a| a.item(i.item));
        let missing = LangText::default();
        let mut files = Vec::new();
        let mut indicators = Vec::new();
        let revisions = self.revisions(i.initiative);
        for ind in &i.indicators {
            let chart = match self.chart(i, ind)? {
                Some((view, file)) => {
                    files.push(file);
                    Some(view)
                }
                None => None,
            };
            indicators.push(self.indicator_view(ind, Some(i), chart, &revisions));
        }
        let latest = site.latest_year;
        // Every reviewed year's progress report, newest first, so that earlier
        // years stay readable after the next review.
        let mut commentary: Vec<ProseView> = Vec::new();
        for y in site.reviewed_years().rev() {
            if let Some(text) = i.commentary.get(&(y, CommentaryKind::Progress)) {
                let heading = self.heading_for(CommentaryKind::Progress, y);
                let prose = self.prose(text, heading, 4)?;
                commentary.extend(prose.map(|p| ProseView {
                    screen_only: y != latest,
                    ..p
                }));
            }
        }
        let plan = match i.commentary.get(&(latest + 1, CommentaryKind::Plan)) {
            Some(t) => self
                .prose(t, self.heading_for(CommentaryKind::Plan, latest + 1), 4)?
                .map(|p| ProseView {
                    screen_only: true,
                    ..p
                }),
            None => None,
        };
        // Read in the report's order: this year's progress, next year's plan, then earlier years.
        if let Some(plan) = plan {
            let at = usize::from(
                i.commentary
                    .contains_key(&(latest, CommentaryKind::Progress)),
            )
            .min(commentary.len());
            commentary.insert(at, plan);
        }
        // The latest year's shortfall always shows; earlier ones when an explanation was published.
        let shortfalls = site
            .reviewed_years()
            .rev()
            .filter(|y| i.status(*y) == Status::NotAchieved)
            .filter(|y| *y == latest || i.commentary.contains_key(&(*y, CommentaryKind::Shortfall)))
            .map(|y| {
                self.shortfall(i, y, &lang_root).map(|s| ShortfallView {
                    screen_only: y != latest,
                    ..s
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let neighbour = |m: Option<&AssessedInitiative>| {
            m.map(|o| Link {
                href: format!("{lang_root}{}", routes::initiative(&o.id)),
                label: format!(
                    "{}{} {}",
                    self.word("number_prefix"),
                    o.number,
                    self.plain(&o.title)
                ),
            })
        };
        let view = InitiativeView {
            number: i.number,
            title,
            description: self.txt(&i.description),
            division: self.division(i),
            strategy: self.label(
                strategy.map_or(&missing, |s| &s.name),
                format!("{} ", i.strategy),
            ),
            strategy_href: strategy.map(|s| format!("{lang_root}{}", routes::strategy(s.number))),
            area: self.label(area.map_or(&missing, |a| &a.name), format!("({}) ", i.area)),
            item: self.label(
                item.map_or(&missing, |it| &it.name),
                format!("{} ", circled(i.item)),
            ),
            status: self.judged(i.judgement(latest)),
            latest_year: self.year(latest),
            schedule: site
                .years()
                .filter_map(|y| {
                    Some(ScheduleCell {
                        year: self.year(y),
                        word: self.schedule_word(*i.schedule.get(&y)?),
                    })
                })
                .collect(),
            indicators,
            commentary,
            shortfalls,
            previous: neighbour(
                n.checked_sub(1)
                    .and_then(|p| self.assessed.initiatives.get(p)),
            ),
            next: neighbour(self.assessed.initiatives.get(n + 1)),
            data_href: format!(
                "{}{}",
                layout.plan_root,
                crate::base::routes::data_slice(&i.id)
            ),
            added: self.added_mark(i),
            scale_status: self.scale_status(i),
        };
        let what = format!("initiative No.{} ({})", i.number, i.id);
        files.push(self.render_template(
            "initiative.html",
            &rel,
            layout,
            view_value(&view),
            &what,
        )?);
        Ok(files)
    }

    /// The view of an indicator: of an initiative (its schedule, the notes
    /// of plan revisions, the level of its scale's rule), or of the plan as
    /// a whole (a headline target: `initiative` is `None`).
    pub(super) fn indicator_view(
        &self,
        ind: &AssessedIndicator,
        i: Option<&AssessedInitiative>,
        chart: Option<ChartView>,
        revisions: &[crate::check::changes::Revision],
    ) -> IndicatorView {
        let site = &self.plan.site;
        let mut view = IndicatorView {
            id: ind.id.clone(),
            name: self.txt(&ind.name),
            unit: ind.unit.as_ref().map(|u| self.txt(u)),
            direction: self.direction_word(ind),
            cumulative: ind.cumulative,
            baseline: self.baseline(ind),
            final_target: self.final_target(ind),
            table_note: self.table_note(ind),
            rows: site
                .years()
                // Figures at dates have a row per date, never an empty fiscal year.
                .filter(|y| !ind.measured_at_dates() || ind.years.contains_key(y))
                .map(|y| {
                    let f = ind.years.get(&y);
                    let at = f.and_then(|f| f.measured_on());
                    let running = ind.running_total.get(&y);
                    RowView {
                        year: match at {
                            Some(d) => self.as_of(d, false),
                            None => self.row_year(y),
                        },
                        year_note: at.is_none().then(|| self.row_year_note(y)).flatten(),
                        schedule: i
                            .and_then(|i| i.schedule.get(&y))
                            .map(|w| self.schedule_word(*w)),
                        target: self.table_figure(ind, y, true),
                        actual: self.table_figure(ind, y, false),
                        status: self.judged(ind.judgement(y)),
                        approximate: f
                            .is_some_and(|f| f.approximate() && f.target.is_some())
                            .then(|| self.word("approximate_target")),
                        progress: self.progress_words(ind, y),
                        running_target: running.and_then(|r| self.running_figure(ind, r, true)),
                        running_actual: running.and_then(|r| self.running_figure(ind, r, false)),
                        target_note: self.target_from_note(ind, y),
                        status_note: i.and_then(|i| self.row_status_note(i, ind, y)),
                        level: i.and_then(|i| self.rule_level_of(i, ind, y)),
                    }
                })
                .collect(),
            period_total: self.period_total(ind),
            has_progress: crate::check::assess::shows_progress(ind),
            has_running: !ind.running_total.is_empty(),
            target_heading: self.word(if ind.running_total.is_empty() {
                "target"
            } else {
                "target_per_year"
            }),
            actual_heading: self.word(if ind.running_total.is_empty() {
                "actual"
            } else {
                "actual_per_year"
            }),
            when_heading: if ind.measured_at_dates() {
                self.word("as_of_column")
            } else {
                self.word("fiscal_year")
            },
            benchmarks: self.benchmark_rows(ind),
            benchmark_notes: self.benchmark_notes(ind),
            city_verdicts: ind
                .years
                .iter()
                .filter_map(|(y, f)| {
                    let v = f.city_verdict.as_deref()?;
                    Some(CityVerdictView {
                        heading: self.fill("city_verdict", &[("year", &self.point(ind, *y))]),
                        verdict: self.txt(v),
                        computed: self.fill(
                            "computed_status",
                            // The figures' own reading, even where the
                            // city's verdict is the status.
                            &[(
                                "status",
                                &self
                                    .status(crate::check::assess::figures_status(ind, *y))
                                    .label,
                            )],
                        ),
                    })
                })
                .collect(),
            chart,
            movements: crate::check::changes::movements(ind)
                .iter()
                .map(|m| self.movement(ind, m))
                .collect(),
            revisions: revisions
                .iter()
                .filter(|r| std::ptr::eq(r.now, ind.indicator))
                .map(|r| self.revision(r))
                .collect(),
        };
        if let Some(c) = view.chart.as_mut() {
            c.alt = self.chart_alt(&view.name.text, &view.rows, &c.caption);
        }
        view
    }

    /// A chart's text alternative, made from the rows of its figures table:
    /// each year's target, actual and status as the table shows them, with
    /// the words beside the status (暫定, 目標は概数, 市の判断 …), the running
    /// total and the progress; then what the caption adds.
    pub(super) fn chart_alt(&self, name: &str, rows: &[RowView], caption: &str) -> String {
        let none = self.word("none");
        let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| none.clone());
        let rows: Vec<String> = rows
            .iter()
            .map(|r| {
                let mut status = r
                    .status_note
                    .clone()
                    .unwrap_or_else(|| r.status.short.clone());
                for e in [&r.status.by_city, &r.approximate].into_iter().flatten() {
                    let note = e.trim_matches(|c| matches!(c, '（' | '）' | '(' | ')' | ' '));
                    let note = self.fill("paren_note", &[("note", note)]);
                    status = format!("{status}{note}");
                }
                if let Some(b) = &r.status.beside {
                    status = format!("{status}{}{b}", self.word("list_separator"));
                }
                let mut words = self.fill(
                    "chart_row_alt",
                    &[
                        ("year", &r.year),
                        ("target", &or_none(&r.target)),
                        ("actual", &or_none(&r.actual)),
                        ("status", &status),
                    ],
                );
                if r.running_target.is_some() || r.running_actual.is_some() {
                    words = format!(
                        "{words}{}",
                        self.fill(
                            "chart_row_running_alt",
                            &[
                                ("target", &or_none(&r.running_target)),
                                ("actual", &or_none(&r.running_actual)),
                            ],
                        )
                    );
                }
                if let Some(p) = &r.progress {
                    words = format!(
                        "{words}{}",
                        self.fill("chart_row_progress_alt", &[("progress", p)])
                    );
                }
                words
            })
            .collect();
        let space = self.word("sentence_space");
        let head = self.fill("chart_alt_head", &[("name", name)]);
        format!(
            "{head}{}{}{space}{caption}",
            rows.join(&self.word("chart_row_separator")),
            self.word("chart_rows_end")
        )
    }
}
