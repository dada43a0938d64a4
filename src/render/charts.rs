//! An indicator's chart and an initiative's trend chart, with their text
//! alternatives.

use crate::base::diagnostic::Diagnostic;
use crate::base::output::OutputFile;
use crate::base::routes;
use crate::base::text;
use crate::check::assess::{AssessedIndicator, AssessedInitiative};
use crate::model::Status;
use crate::model::*;
use crate::render::chart::{self, ChartInput, ChartYear};

use super::*;

impl Renderer<'_> {
    pub(super) fn chart(
        &self,
        i: &AssessedInitiative,
        ind: &AssessedIndicator,
    ) -> Result<Option<(ChartView, OutputFile)>, Diagnostic> {
        if !ind.is_numeric() {
            return Ok(None);
        }
        let mut years = self.chart_years(ind);
        // A target that differs from the latest edition: its earlier value, faint.
        let revisions = self.revisions(i.initiative);
        let mut earlier = Vec::new();
        for r in revisions
            .iter()
            .filter(|r| std::ptr::eq(r.now, ind.indicator))
        {
            let crate::check::changes::RevisedField::Target(y) = r.field else {
                continue;
            };
            let was = r.was.years.get(&y).and_then(|f| f.target);
            let (Some(Figure::Number(v)), Some(slot)) = (
                was,
                self.plan
                    .site
                    .years()
                    .filter(|y| !ind.measured_at_dates() || ind.years.contains_key(y))
                    .position(|x| x == y)
                    .and_then(|n| years.get_mut(n)),
            ) else {
                continue;
            };
            slot.earlier_target = Some(v);
            earlier.push(self.fill(
                "chart_earlier_value",
                &[
                    ("year", &self.short_year(y)),
                    ("value", &self.revised_value(r.was, r.field)),
                ],
            ));
        }
        // A target a plan revision changed: its value before the revision, faint.
        let mut plan_earlier = Vec::new();
        for (y, f) in &ind.years {
            let Some(t) = f.target_from.as_deref() else {
                continue;
            };
            let (Some(Figure::Number(v)), Some(slot)) = (
                t.earlier,
                years.get_mut(usize::try_from(y - self.plan.site.first_year).unwrap_or(usize::MAX)),
            ) else {
                continue;
            };
            slot.plan_earlier_target = Some(v);
            plan_earlier.push(self.fill(
                "chart_earlier_value",
                &[
                    ("year", &self.short_year(*y)),
                    (
                        "value",
                        &self.figure(ind, Figure::Number(v), t.earlier_places, true),
                    ),
                ],
            ));
        }
        let plan_earlier_label = if plan_earlier.is_empty() {
            String::new()
        } else {
            self.word("chart_plan_earlier_target")
        };
        let latest = self.plan.latest_edition();
        let edition = latest.map(|e| self.edition_name(e)).unwrap_or_default();
        let earlier_label = latest
            .map(|e| {
                self.fill(
                    "chart_earlier_target",
                    &[("year", &text::short_year(e.year, self.lang))],
                )
            })
            .unwrap_or_default();
        let rel = routes::chart(&i.id, &ind.id);
        let page = routes::page(self.lang, &routes::initiative(&i.id));
        let what = format!("indicator `{}` of initiative No.{}", ind.id, i.number);
        self.draw_chart(
            ind,
            &years,
            &earlier,
            &earlier_label,
            &edition,
            &plan_earlier,
            &plan_earlier_label,
            &rel,
            &page,
        )
        .map(Some)
        .map_err(|e| {
            Diagnostic::error(format!("drawing the chart of {what}: {e}")).in_file(&i.path)
        })
    }

    /// A headline target's chart (主要目標), drawn for the home page.
    pub(super) fn headline_chart(
        &self,
        ind: &AssessedIndicator,
    ) -> Result<Option<(ChartView, OutputFile)>, Diagnostic> {
        if !ind.is_numeric() {
            return Ok(None);
        }
        let years = self.chart_years(ind);
        let rel = routes::headline_chart(&ind.id);
        let page = routes::page(self.lang, routes::HOME);
        self.draw_chart(ind, &years, &[], "", "", &[], "", &rel, &page)
            .map(Some)
            .map_err(|e| {
                Diagnostic::error(format!(
                    "drawing the chart of headline target `{}`: {e}",
                    ind.id
                ))
                .in_file(std::path::Path::new("site.toml"))
            })
    }

    /// The SVG of an indicator's chart at `rel`, shown on the page `page`.
    #[allow(clippy::too_many_arguments)]
    fn draw_chart(
        &self,
        ind: &AssessedIndicator,
        years: &[ChartYear],
        earlier: &[String],
        earlier_label: &str,
        edition: &str,
        plan_earlier: &[String],
        plan_earlier_label: &str,
        rel: &str,
        page: &str,
    ) -> Result<(ChartView, OutputFile), String> {
        let baseline_label;
        let baseline = match &ind.baseline {
            Some(Baseline {
                value: Some(v),
                text: None,
                year,
                places,
                ..
            }) => {
                let word = self.word("baseline");
                let when = year
                    .map(|y| format!(" ({})", text::short_year(y, self.lang)))
                    .unwrap_or_default();
                baseline_label = format!("{word} {}{when}", self.number(ind, *v, *places));
                Some((*v, baseline_label.as_str()))
            }
            _ => None,
        };
        let unit = self.unit(ind);
        // Reference lines: the benchmarks on the indicator's own measure.
        let reference_labels: Vec<(f64, String)> = ind
            .benchmarks
            .iter()
            .filter(|b| b.measure.is_none())
            .map(|b| {
                let label = format!("{} {}", self.plain(&b.label), self.benchmark_value(ind, b));
                (b.value, label)
            })
            .collect();
        let references: Vec<(f64, &str)> = reference_labels
            .iter()
            .map(|(v, l)| (*v, l.as_str()))
            .collect();
        let running = !ind.running_total.is_empty();
        let (actual_label, target_label) = if running {
            (self.word("actual_per_year"), self.word("target_per_year"))
        } else {
            (self.word("actual"), self.word("target"))
        };
        let running_words = (self.word("actual_running"), self.word("target_running"));
        let input = ChartInput {
            unit: &unit,
            years,
            baseline,
            references: &references,
            actual_label: &actual_label,
            target_label: &target_label,
            earlier_label,
            plan_earlier_label,
            running_labels: running.then_some((running_words.0.as_str(), running_words.1.as_str())),
        };
        let svg = chart::render_svg(&input).map_err(|e| e.to_string())?;
        let (width, height) = svg_size(&svg);
        Ok((
            ChartView {
                src: format!("{}{}", routes::to_root(page), routes::page(self.lang, rel)),
                // Until the table's rows give it (`chart_alt`), the
                // alternative is the caption.
                alt: String::new(),
                caption: {
                    let mut alt = self.chart_summary(ind);
                    let space = self.word("sentence_space");
                    if let Some(words) = self.shapes_in_words(ind) {
                        alt = format!("{alt}{space}{words}");
                    }
                    if let Some(words) = self.benchmarks_in_words(ind) {
                        alt = format!("{alt}{space}{words}");
                    }
                    if !earlier.is_empty() {
                        let list = earlier.join(&self.word("list_separator"));
                        let words = self.fill(
                            "chart_earlier_alt",
                            &[("edition", edition), ("list", &list)],
                        );
                        alt = format!("{alt}{space}{words}");
                    }
                    if !plan_earlier.is_empty() {
                        let list = plan_earlier.join(&self.word("list_separator"));
                        let words = self.fill("chart_plan_earlier_alt", &[("list", &list)]);
                        alt = format!("{alt}{space}{words}");
                    }
                    alt
                },
                width,
                height,
            },
            OutputFile {
                path: routes::page(self.lang, rel),
                bytes: svg.into_bytes(),
            },
        ))
    }

    /// The words the figures table shows beside a year's status, short, for
    /// the chart: 暫定, 未確定, ―, 概数, 市の判断 / 市：順調.
    fn chart_note(&self, ind: &AssessedIndicator, year: i32) -> Option<String> {
        let f = ind.years.get(&year)?;
        let j = ind.judgement(year);
        let mut words = Vec::new();
        if let Some(state) = f.state {
            words.push(self.word(&format!("chart_mark_{}", state.key())));
        }
        if f.approximate() && f.target.is_some() {
            words.push(self.word("chart_mark_approximate"));
        }
        if j.by_city {
            words.push(self.word("chart_mark_city"));
        } else if let Some(v) = j.beside {
            words.push(self.fill(
                "chart_mark_city_beside",
                &[("verdict", &self.word(&format!("verdict_{}", v.key())))],
            ));
        }
        (!words.is_empty()).then(|| words.join(&self.word("chart_mark_separator")))
    }

    pub(super) fn chart_years(&self, ind: &AssessedIndicator) -> Vec<ChartYear> {
        let number = |f: Option<Figure>| match f {
            Some(Figure::Number(n)) => Some(n),
            _ => None,
        };
        self.plan
            .site
            .years()
            .filter(|y| !ind.measured_at_dates() || ind.years.contains_key(y))
            .map(|y| {
                let f = ind.years.get(&y);
                let running = ind.running_total.get(&y);
                ChartYear {
                    label: match f.and_then(|f| f.measured_on()) {
                        Some(d) => self.as_of(d, true),
                        None => text::short_year(y, self.lang),
                    },
                    running_target: running.and_then(|r| r.target),
                    running_actual: running.and_then(|r| r.actual),
                    target: number(f.and_then(|f| f.target)),
                    actual: number(f.and_then(|f| f.actual)),
                    met: match ind.status(y) {
                        Status::Achieved => Some(true),
                        Status::NotAchieved => Some(false),
                        _ => None,
                    },
                    note: self.chart_note(ind, y),
                    earlier_target: None,
                    plan_earlier_target: None,
                }
            })
            .collect()
    }

    /// An initiative's open data slice and the small trend chart of the
    /// overview (it carries no text, so one serves both languages).
    pub(super) fn extras(&self, i: &AssessedInitiative) -> Result<Vec<OutputFile>, Diagnostic> {
        let mut out = vec![OutputFile {
            path: crate::base::routes::data_slice(&i.id),
            bytes: crate::render::data::slice(self.data_of(), i)?,
        }];
        if let Some(ind) = i.indicators.iter().find(|x| x.is_numeric()) {
            let svg = chart::render_sparkline(&self.chart_years(ind)).map_err(|e| {
                Diagnostic::error(format!(
                    "drawing the trend chart of initiative No.{}: {e}",
                    i.number
                ))
                .in_file(&i.path)
            })?;
            out.push(OutputFile {
                path: routes::trend(&i.id),
                bytes: svg.into_bytes(),
            });
        }
        Ok(out)
    }
}
