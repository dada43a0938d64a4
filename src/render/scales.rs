//! Item status scales on the pages: an initiative's levels by year, the
//! counts by level on the overviews, the reported counts, and the plan's
//! headline targets (主要目標).

use crate::base::output::OutputFile;
use crate::base::text;
use crate::check::assess::{self, AssessedInitiative};
use crate::model::*;

use super::*;

impl Renderer<'_> {
    pub(super) fn level(&self, scale: &StatusScale, n: usize) -> LevelView {
        let l = &scale.levels[n];
        let (tone, mark) = if l.separate {
            ("apart", "□")
        } else if l.on_track {
            ("on", "○")
        } else {
            ("off", "△")
        };
        LevelView {
            key: l.key.clone(),
            label: self.txt(&l.label),
            tone,
            mark,
        }
    }

    /// The initiative's levels by year, given and (for a scale with a
    /// stated rule) computed; `None` when it has neither.
    pub(super) fn scale_status(&self, i: &AssessedInitiative) -> Option<ScaleStatusView> {
        let site = &self.plan.site;
        let scale = site.scales.get(i.scale)?;
        let computed = scale.is_mechanical() && !i.indicators.is_empty();
        if i.statuses.is_empty() && !computed {
            return None;
        }
        let rows: Vec<ScaleRowView> = site
            .reviewed_years()
            .map(|y| ScaleRowView {
                year: self.year(y),
                given: i.statuses.get(&y).map(|n| self.level(scale, *n)),
                computed: assess::initiative_rule_level(scale, i, y).map(|n| self.level(scale, n)),
            })
            .filter(|r| r.given.is_some() || r.computed.is_some())
            .collect();
        if rows.is_empty() {
            return None;
        }
        Some(ScaleStatusView {
            name: self.txt(&scale.name),
            rule: scale.rule.as_ref().map(|r| self.txt(r)),
            computed,
            given: !i.statuses.is_empty(),
            rows,
            latest: i
                .statuses
                .get(&site.latest_year)
                .map(|n| self.level(scale, *n)),
        })
    }

    /// The level a scale's rule gives one indicator in a year, for the
    /// figures table (beside the computed target status).
    pub(super) fn rule_level_of(
        &self,
        i: &AssessedInitiative,
        ind: &Indicator,
        y: i32,
    ) -> Option<LevelView> {
        let scale = self.plan.site.scales.get(i.scale)?;
        if y > self.plan.site.latest_year {
            return None;
        }
        assess::rule_level(scale, ind, y).map(|n| self.level(scale, n))
    }

    /// The counts by level of each scale some initiative has a status on
    /// in `year`, in the scale's order.
    pub(super) fn level_counts(&self, year: i32) -> Vec<CountsTableView> {
        let site = &self.plan.site;
        site.scales
            .iter()
            .enumerate()
            .filter_map(|(n, scale)| {
                let on_scale: Vec<usize> = self
                    .assessed
                    .initiatives
                    .iter()
                    .filter(|i| i.scale == n)
                    .filter_map(|i| i.statuses.get(&year).copied())
                    .collect();
                if on_scale.is_empty() {
                    return None;
                }
                let total = on_scale.len();
                Some(CountsTableView {
                    heading: self.fill(
                        "level_counts_heading",
                        &[
                            ("scale", &self.plain(&scale.name)),
                            ("year", &self.year(year)),
                        ],
                    ),
                    label: None,
                    rule: scale.rule.as_ref().map(|r| self.txt(r)),
                    rows: (0..scale.levels.len())
                        .map(|l| {
                            let count = on_scale.iter().filter(|x| **x == l).count();
                            CountRowView {
                                levels: vec![self.level(scale, l)],
                                count: u32::try_from(count).unwrap_or(u32::MAX),
                                share: Some(self.plain_share(count as f64 / total as f64 * 100.0)),
                            }
                        })
                        .collect(),
                    total: Some(self.fill("count_total", &[("total", &total.to_string())])),
                    note: Some(self.word("shares_computed_note")),
                })
            })
            .collect()
    }

    fn plain_share(&self, share: f64) -> String {
        format!("{}%", text::format_number(share, Some(1)))
    }

    fn computed_share(&self, share: f64) -> String {
        self.fill(
            "share_computed",
            &[("share", &text::format_number(share, Some(1)))],
        )
    }

    /// The counts the report gives for `year`, as it prints them.
    pub(super) fn reported_counts(&self, year: i32) -> Vec<CountsTableView> {
        let site = &self.plan.site;
        site.status_counts
            .iter()
            .filter(|c| c.year == year)
            .map(|c| {
                let scale = &site.scales[c.scale];
                let sum: u32 = c.rows.iter().map(|r| r.count).sum();
                let whole = c.total.unwrap_or(sum);
                // A share the report does not print is worked out: said once
                // under the table, or beside each such share where the report
                // prints some of them.
                let printed = c.rows.iter().filter(|r| r.share.is_some()).count();
                let mixed = printed > 0;
                CountsTableView {
                    note: (printed == 0 && whole > 0).then(|| self.word("shares_computed_note")),
                    heading: self.fill(
                        "reported_counts_heading",
                        &[
                            ("scale", &self.plain(&scale.name)),
                            ("year", &self.year(year)),
                        ],
                    ),
                    label: c.label.as_ref().map(|l| self.txt(l)),
                    rule: scale.rule.as_ref().map(|r| self.txt(r)),
                    rows: c
                        .rows
                        .iter()
                        .map(|r| CountRowView {
                            levels: r.levels.iter().map(|l| self.level(scale, *l)).collect(),
                            count: r.count,
                            share: match r.share {
                                Some((v, places)) => {
                                    Some(format!("{}%", text::format_number(v, Some(places))))
                                }
                                None if whole > 0 && mixed => {
                                    Some(self.computed_share(
                                        f64::from(r.count) / f64::from(whole) * 100.0,
                                    ))
                                }
                                None if whole > 0 => Some(
                                    self.plain_share(f64::from(r.count) / f64::from(whole) * 100.0),
                                ),
                                None => None,
                            },
                        })
                        .collect(),
                    total: Some(self.fill("count_total", &[("total", &whole.to_string())])),
                }
            })
            .collect()
    }

    /// The headline targets with their figures and charts (on the home page).
    pub(super) fn headline_targets(
        &self,
        files: &mut Vec<OutputFile>,
    ) -> Result<Vec<IndicatorView>, crate::base::diagnostic::Diagnostic> {
        let mut out = Vec::new();
        for ind in &self.assessed.headline_targets {
            let chart = match self.headline_chart(ind)? {
                Some((view, file)) => {
                    files.push(file);
                    Some(view)
                }
                None => None,
            };
            out.push(self.indicator_view(ind, None, chart, &[]));
        }
        Ok(out)
    }
}
