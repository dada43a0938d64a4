//! The plan's own revisions (計画の改定) in words: when the plan was
//! revised, how its period moved, which initiatives a revision added and
//! which targets it set or changed. Distinct from the revisions of published
//! figures against an edition (`Renderer::revision`).

use crate::check::assess::not_yet_assessable;
use crate::model::*;

use super::*;

impl Renderer<'_> {
    /// A date as precise as the source: 2008年2月 / February 2008, or the full date.
    pub(super) fn plan_date(&self, d: PlanDate) -> String {
        match d.day.and_then(|day| Date::new(d.year, d.month, day)) {
            Some(full) => self.date(full),
            None => self.fill(
                "plan_date_month",
                &[
                    ("year", &d.year.to_string()),
                    ("month", &d.month.to_string()),
                    ("month_name", self.month_name(d.month)),
                ],
            ),
        }
    }

    /// 平成20年2月 一部改定（2008年2月）.
    pub(super) fn plan_revision_label(&self, r: &PlanRevision) -> String {
        self.fill(
            "plan_revision_label",
            &[
                ("name", &self.plain(&r.name)),
                ("date", &self.plan_date(r.date)),
            ],
        )
    }

    /// How a revision moved the plan period, in a sentence.
    pub(super) fn plan_period_change(&self, r: &PlanRevision) -> Option<String> {
        let p = r.period?;
        let (before, after) = (self.year(p.before), self.year(p.after));
        let years = (p.after - p.before).abs().to_string();
        let values = [
            ("before", before.as_str()),
            ("after", after.as_str()),
            ("years", years.as_str()),
        ];
        Some(if p.extended() {
            self.fill("plan_period_extended", &values)
        } else {
            self.fill("plan_period_shortened", &values)
        })
    }

    /// What the overview says under the plan period: each revision, and
    /// how it moved the period.
    pub(super) fn plan_revision_lines(&self) -> Vec<String> {
        self.plan
            .site
            .plan_revisions
            .iter()
            .map(|r| match self.plan_period_change(r) {
                Some(change) => self.fill(
                    "plan_revision_line",
                    &[
                        ("revision", &self.plan_revision_label(r)),
                        ("change", &change),
                    ],
                ),
                None => self.plan_revision_label(r),
            })
            .collect()
    }

    /// The mark of an initiative added at a plan revision: a short word for
    /// lists and a sentence for its page.
    pub(super) fn added_mark(&self, i: &Initiative) -> Option<AddedView> {
        let r = self.plan.site.plan_revision(i.added_at.as_deref()?)?;
        Some(AddedView {
            short: self.word("added_at_short"),
            text: self.fill(
                "added_at_text",
                &[
                    ("revision", &self.plan_revision_label(r)),
                    ("from", &self.year(r.applies_from)),
                ],
            ),
        })
    }

    /// The note beside a year's target that a plan revision set or changed.
    pub(super) fn target_from_note(&self, ind: &Indicator, year: i32) -> Option<String> {
        let t = ind.years.get(&year)?.target_from.as_deref()?;
        let r = self.plan.site.plan_revision(&t.revision)?;
        let name = self.plain(&r.name);
        Some(match t.earlier {
            Some(e) => self.fill(
                "target_changed_at",
                &[
                    ("revision", &name),
                    ("earlier", &self.figure(ind, e, t.earlier_places, true)),
                ],
            ),
            None => self.fill("target_set_at", &[("revision", &name)]),
        })
    }

    /// Why a year of the figures table is not assessed, when the plan
    /// revisions are the reason: the initiative was added later, or the
    /// target was first set at a later revision.
    pub(super) fn row_status_note(
        &self,
        i: &Initiative,
        ind: &Indicator,
        year: i32,
    ) -> Option<String> {
        let site = &self.plan.site;
        let added = i
            .added_at
            .as_deref()
            .and_then(|id| site.plan_revision(id))
            .is_some_and(|r| year < r.applies_from);
        if added {
            Some(self.word("status_before_added"))
        } else if ind
            .years
            .get(&year)
            .is_some_and(|f| not_yet_assessable(f, year))
        {
            Some(self.word("status_target_set_later"))
        } else {
            None
        }
    }

    /// The plan revisions on the record of changes: each with its period
    /// change, the initiatives it added and the targets it set or changed.
    pub(super) fn plan_revision_views(&self, lang_root: &str) -> Vec<PlanRevisionView> {
        let site = &self.plan.site;
        site.plan_revisions
            .iter()
            .map(|r| {
                let mut added = Vec::new();
                let mut targets = Vec::new();
                for i in &self.assessed.initiatives {
                    let href = format!("{lang_root}{}", routes::initiative(&i.id));
                    let label = format!(
                        "{}{} {}",
                        self.word("number_prefix"),
                        i.number,
                        self.plain(&i.title)
                    );
                    if i.added_at.as_deref() == Some(r.id.as_str()) {
                        added.push(Link {
                            href: href.clone(),
                            label: label.clone(),
                        });
                    }
                    for ind in &i.indicators {
                        for (year, f) in &ind.years {
                            let Some(t) = f.target_from.as_deref() else {
                                continue;
                            };
                            let (Some(target), true) = (f.target, t.revision == r.id) else {
                                continue;
                            };
                            let now = self.figure(ind, target, f.target_places, true);
                            let text = match t.earlier {
                                Some(e) => self.fill(
                                    "plan_target_changed_line",
                                    &[
                                        ("year", &self.year(*year)),
                                        ("earlier", &self.figure(ind, e, t.earlier_places, true)),
                                        ("now", &now),
                                    ],
                                ),
                                None => self.fill(
                                    "plan_target_set_line",
                                    &[("year", &self.year(*year)), ("now", &now)],
                                ),
                            };
                            targets.push(PlanTargetLine {
                                initiative: label.clone(),
                                indicator: self.txt(&ind.name),
                                href: format!("{href}#{}", ind.id),
                                text,
                            });
                        }
                    }
                }
                PlanRevisionView {
                    id: r.id.clone(),
                    label: self.plan_revision_label(r),
                    applies: self.fill(
                        "plan_revision_applies",
                        &[("from", &self.year(r.applies_from))],
                    ),
                    period: self.plan_period_change(r),
                    added,
                    targets,
                }
            })
            .collect()
    }
}
