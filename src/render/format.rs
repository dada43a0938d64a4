//! How figures, years, statuses and texts are written on a page, in each
//! language: the one place a page's words and numbers are made.

use crate::base::diagnostic::Diagnostic;
use crate::base::markdown;
use crate::base::text::{self, Lang, LangText, format_number};
use crate::check::assess::{AssessedIndicator, AssessedInitiative, Judgement};
use crate::model::Status;
use crate::model::*;

use super::*;

/// Whether an indicator is a percentage (its Japanese unit is % or ％).
pub(super) fn is_percent(ind: &Indicator) -> bool {
    ind.unit
        .as_ref()
        .is_some_and(|u| matches!(u.ja.trim(), "%" | "％"))
}

/// ① ② ③ … for item numbers up to 20, then (21).
pub(super) fn circled(n: u32) -> String {
    match n {
        1..=20 => char::from_u32(0x2460 + n - 1).map_or_else(|| format!("({n})"), String::from),
        _ => format!("({n})"),
    }
}

/// A QR code of `url` as inline SVG, for the printed page.
pub(super) fn qr_svg(url: &str) -> Option<String> {
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(96, 96)
        .quiet_zone(true)
        .build();
    let start = svg.find("<svg")?;
    Some(svg[start..].replacen("<svg ", "<svg role=\"img\" aria-label=\"QR\" ", 1))
}

pub(super) fn svg_size(svg: &str) -> (u32, u32) {
    let attr = |name: &str| -> Option<u32> {
        let head = &svg[..svg.find('>')?];
        let start = head.find(&format!("{name}=\""))? + name.len() + 2;
        let len = head[start..].find('"')?;
        head[start..start + len].trim_end_matches("px").parse().ok()
    };
    (attr("width").unwrap_or(640), attr("height").unwrap_or(360))
}

impl Renderer<'_> {
    pub(super) fn word(&self, key: &str) -> String {
        word(self.t, key)
    }

    /// The text in this page's language (or its fallback) as plain text,
    /// ruby readings left out: for attributes, titles, charts and summaries.
    pub(super) fn plain(&self, t: &LangText) -> String {
        text::strip_ruby(t.get(self.lang).text).into_owned()
    }

    pub(super) fn txt(&self, t: &LangText) -> Txt {
        let l = t.get(self.lang);
        self.fallback_txt(l.text.to_string(), l.lang)
    }

    pub(super) fn fallback_txt(&self, text: String, lang: Lang) -> Txt {
        let pending = lang != self.lang;
        let (text, ruby) = if text::has_ruby(&text) {
            (text::strip_ruby(&text).into_owned(), Some(text))
        } else {
            (text, None)
        };
        Txt {
            text,
            ruby,
            lang: lang.html_lang(),
            pending,
            note: pending.then(|| self.word("translation_pending")),
        }
    }

    pub(super) fn status(&self, s: Status) -> StatusView {
        StatusView {
            key: s.key(),
            label: self.word(&format!("status_{}", s.key())),
            short: self.word(&format!("status_short_{}", s.key())),
            icon: match s {
                Status::Achieved => "✓",
                Status::NotAchieved => "✗",
                Status::Pending => "…",
                Status::NotAssessed => "－",
                Status::Undecided => "？",
                Status::NoData => "―",
                Status::NotYetAssessable => "…",
            },
            by_city: None,
            beside: None,
        }
    }

    /// A status with whose it is: marked as the city's verdict, or with the
    /// city's verdict beside it.
    pub(super) fn judged(&self, j: Judgement) -> StatusView {
        StatusView {
            by_city: j.by_city.then(|| self.word("status_by_city")),
            beside: j.beside.map(|v| self.city_beside(v)),
            ..self.status(j.status)
        }
    }

    /// 「市の判断：順調」.
    pub(super) fn city_beside(&self, v: Verdict) -> String {
        self.fill(
            "city_beside",
            &[("verdict", &self.word(&format!("verdict_{}", v.key())))],
        )
    }

    pub(super) fn year(&self, year: i32) -> String {
        text::year_label(year, self.lang)
    }

    /// 令和6年度 / FY2024, where the Gregorian year is shown nearby anyway.
    pub(super) fn short_year(&self, year: i32) -> String {
        if self.lang.is_japanese() {
            text::era_label(year)
        } else {
            format!("FY{year}")
        }
    }

    /// The year in a figures table's row: 令和6年度 / FY2024.
    pub(super) fn row_year(&self, year: i32) -> String {
        if self.lang.is_japanese() {
            self.short_year(year)
        } else {
            self.year(year)
        }
    }

    /// The Gregorian year under the era name on Japanese pages: （2024年度）.
    pub(super) fn row_year_note(&self, year: i32) -> Option<String> {
        self.lang.is_japanese().then(|| format!("（{year}年度）"))
    }

    // ------------------------------------------------------------ figures

    pub(super) fn unit(&self, ind: &Indicator) -> String {
        ind.unit.as_ref().map(|u| self.plain(u)).unwrap_or_default()
    }

    /// A figure as the report prints it: 累計250件 / 90.5%以内 / 250 procedures
    /// (cumulative), with the decimals it was written with (`places`) unless
    /// the indicator sets `decimals`.
    pub(super) fn figure(
        &self,
        ind: &Indicator,
        fig: Figure,
        places: Option<u8>,
        is_target: bool,
    ) -> String {
        self.figure_marked(ind, fig, places, is_target, true)
    }

    /// A number of the indicator as written: its `decimals`, else the
    /// decimals it was written with (0.670), else the shortest form.
    pub(super) fn number(&self, ind: &Indicator, n: f64, places: Option<u8>) -> String {
        format_number(n, ind.places(places))
    }

    /// A figure, marked as cumulative (累計 / "(cumulative)") only when `mark` is set.
    pub(super) fn figure_marked(
        &self,
        ind: &Indicator,
        fig: Figure,
        places: Option<u8>,
        is_target: bool,
        mark: bool,
    ) -> String {
        let n = match fig {
            Figure::Number(n) => n,
            Figure::Done(done) => {
                return match (done, &ind.milestone_label) {
                    (true, Some(l)) => self.plain(l),
                    (true, None) => self.word("milestone_done"),
                    (false, _) => self.word("milestone_not_done"),
                };
            }
        };
        let number = self.number(ind, n, places);
        let unit = self.unit(ind);
        let qualifier = if is_target {
            ind.qualifier
        } else {
            Qualifier::None
        };
        let figure = if ind.rank {
            self.fill("rank_figure", &[("n", &number)])
        } else {
            self.with_unit(&number, &unit)
        };
        // The cumulative mark stands inside the qualifier: 累計250件以上, at least 250 (cumulative).
        let figure = if ind.cumulative && mark {
            self.fill("figure_cumulative", &[("figure", &figure)])
        } else {
            figure
        };
        match qualifier {
            Qualifier::AtLeast => self.fill("figure_at_least", &[("figure", &figure)]),
            Qualifier::AtMost => self.fill("figure_at_most", &[("figure", &figure)]),
            Qualifier::OrLess => self.fill("figure_or_less", &[("figure", &figure)]),
            Qualifier::None => figure,
        }
    }

    /// The difference between two figures: percentage points between two
    /// percentages (93.7% against 90.7% is 3.0 points), places between two
    /// ranks (2 places), else the number with the unit.
    pub(super) fn gap(&self, ind: &Indicator, gap: &str, unit: &str) -> String {
        if ind.rank {
            self.fill("gap_places", &[("gap", gap)])
        } else if is_percent(ind) {
            self.fill("gap_points", &[("gap", gap)])
        } else {
            self.with_unit(gap, unit)
        }
    }

    /// A number and its unit, with the language's space between them when
    /// the unit is a word (`250 procedures`, but `38.1%` and `250件`).
    pub(super) fn with_unit(&self, number: &str, unit: &str) -> String {
        let sep = if unit.starts_with(|c: char| c.is_alphanumeric()) {
            self.word("unit_space")
        } else {
            String::new()
        };
        format!("{number}{sep}{unit}")
    }

    /// The interface word `key` with each `{name}` replaced by its value.
    pub(super) fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        crate::render::theme::fill(&self.word(key), values)
    }

    pub(super) fn year_figure(&self, ind: &Indicator, year: i32, target: bool) -> Option<String> {
        self.year_figure_marked(ind, year, target, true)
    }

    /// A year's figure in the figures table. English cells leave "(cumulative)"
    /// to the caption ([`Self::table_note`]): repeated in every cell, the word
    /// made the table too wide for a phone and pushed the status column off
    /// the screen. Japanese cells keep 累計, as the report prints it.
    pub(super) fn table_figure(&self, ind: &Indicator, year: i32, target: bool) -> Option<String> {
        self.year_figure_marked(ind, year, target, self.cumulative_in_cells())
    }

    /// Whether the figures table marks a cumulative figure in each cell (as
    /// the Japanese report prints 累計) or once in its caption (`cumulative_in_cells`
    /// in strings.toml).
    fn cumulative_in_cells(&self) -> bool {
        self.word("cumulative_in_cells") == "yes"
    }

    /// "単位: 件" / "Unit: procedures, cumulative" for the figures table's caption.
    pub(super) fn table_note(&self, ind: &Indicator) -> Option<String> {
        let unit = ind
            .unit
            .as_ref()
            .map(|u| format!("{}: {}", self.word("unit"), self.plain(u)));
        let cumulative =
            (!self.cumulative_in_cells() && ind.cumulative).then(|| self.word("cumulative"));
        match (unit, cumulative) {
            (Some(u), Some(c)) => Some(format!("{u}, {c}")),
            (u, c) => u.or(c),
        }
    }

    pub(super) fn year_figure_marked(
        &self,
        ind: &Indicator,
        year: i32,
        target: bool,
        mark: bool,
    ) -> Option<String> {
        let y = ind.years.get(&year)?;
        let (fig, places, text) = if target {
            (y.target, y.target_places, &y.target_text)
        } else {
            (y.actual, y.actual_places, &y.actual_text)
        };
        let figure = match (text, fig) {
            (Some(t), _) => Some(self.plain(t)),
            (None, Some(f)) => Some(self.figure_marked(ind, f, places, target, mark)),
            (None, None) => None,
        };
        // A target written as a change (50人削減) or approximately (概ね):
        // as the plan writes it, with the figure it is assessed against.
        let figure = match (target, fig, text) {
            (true, Some(f), None) => figure.map(|plain| {
                self.shaped_target(ind, plain, y.target_change(), y.approximate(), f, places)
            }),
            (true, Some(f), Some(t)) if y.target_change().is_some() || y.approximate() => {
                let implied = self.figure_marked(ind, f, places, true, mark);
                let implied = if y.approximate() {
                    self.fill("figure_approximate", &[("figure", &implied)])
                } else {
                    implied
                };
                Some(self.fill(
                    "implied_target",
                    &[("text", &self.plain(t)), ("figure", &implied)],
                ))
            }
            _ => figure,
        };
        // The report's marks on an actual: 38.1%（暫定）, and ― for no figure.
        match (target, y.state) {
            (false, Some(YearState::Provisional)) => {
                figure.map(|f| self.fill("figure_provisional", &[("figure", &f)]))
            }
            (false, Some(YearState::Missing)) => Some(self.word("figure_missing")),
            _ => figure,
        }
    }

    pub(super) fn baseline(&self, ind: &Indicator) -> Option<String> {
        let b = ind.baseline.as_ref()?;
        let value = match (&b.text, b.value) {
            (Some(t), _) => self.plain(t),
            (None, Some(v)) => self.figure(ind, Figure::Number(v), b.places, false),
            (None, None) => return None,
        };
        Some(match b.year {
            Some(y) => self.fill(
                "value_in_year",
                &[("value", &value), ("year", &self.short_year(y))],
            ),
            None => value,
        })
    }

    pub(super) fn final_target(&self, ind: &Indicator) -> Option<String> {
        let t = ind.final_target.as_ref()?;
        let shaped = t.change.is_some() || t.approximate;
        match (&t.text, t.value) {
            (Some(text), Some(v)) if shaped => {
                let implied = self.figure(ind, v, t.places, true);
                let implied = if t.approximate {
                    self.fill("figure_approximate", &[("figure", &implied)])
                } else {
                    implied
                };
                Some(self.fill(
                    "implied_target",
                    &[("text", &self.plain(text)), ("figure", &implied)],
                ))
            }
            (Some(text), _) => Some(self.plain(text)),
            (None, Some(v)) => {
                let plain = self.figure(ind, v, t.places, true);
                Some(self.shaped_target(ind, plain, t.change, t.approximate, v, t.places))
            }
            (None, None) => None,
        }
    }

    /// A target as the plan writes it: 「50人削減（1,294人）」 for a change
    /// from the baseline, 「概ね…」 for an approximate one, else `plain`.
    fn shaped_target(
        &self,
        ind: &Indicator,
        plain: String,
        change: Option<(f64, Option<u8>)>,
        approximate: bool,
        fig: Figure,
        places: Option<u8>,
    ) -> String {
        let approx = |f: String| {
            if approximate {
                self.fill("figure_approximate", &[("figure", &f)])
            } else {
                f
            }
        };
        match change {
            Some((c, c_places)) => {
                let amount =
                    self.figure_marked(ind, Figure::Number(c.abs()), c_places, false, false);
                let key = if c < 0.0 {
                    "target_change_cut"
                } else {
                    "target_change_rise"
                };
                let implied = self.figure_marked(ind, fig, places, true, true);
                self.fill(key, &[("change", &approx(amount)), ("figure", &implied)])
            }
            None => approx(plain),
        }
    }

    /// A figure of the running-total series, as written or in its own words.
    pub(super) fn running_figure(
        &self,
        ind: &Indicator,
        r: &RunningFigures,
        target: bool,
    ) -> Option<String> {
        let (value, places, text) = if target {
            (r.target, r.target_places, &r.target_text)
        } else {
            (r.actual, r.actual_places, &r.actual_text)
        };
        match (text, value) {
            (Some(t), _) => Some(self.plain(t)),
            (None, Some(v)) => {
                Some(self.figure_marked(ind, Figure::Number(v), places, target, false))
            }
            (None, None) => None,
        }
    }

    /// The plan period's total target: 5,140百万円.
    pub(super) fn period_total(&self, ind: &Indicator) -> Option<String> {
        let t = ind.period_total.as_ref()?;
        let figure = match &t.text {
            Some(text) => self.plain(text),
            None => self.figure_marked(ind, Figure::Number(t.value), t.places, true, false),
        };
        Some(format!(
            "{figure}{}",
            self.fill("paren_note", &[("note", &self.word("period_total_note"))])
        ))
    }

    /// A rate in percent as reports print it, to one decimal: 219.5％.
    pub(super) fn rate(&self, rate: f64) -> String {
        self.fill(
            "progress_percent",
            &[("rate", &format_number(rate, Some(1)))],
        )
    }

    /// A year's progress in words: 年度の目標に対して219.5％、計画期間の目標に対して40.6％.
    pub(super) fn progress_words(&self, ind: &Indicator, year: i32) -> Option<String> {
        let p = crate::check::assess::progress(ind, year)?;
        let mut parts = Vec::new();
        if let Some(r) = p.of_year {
            parts.push(self.fill("progress_of_year", &[("rate", &self.rate(r))]));
        }
        if let Some(r) = p.of_period {
            let mut words = self.fill("progress_of_period", &[("rate", &self.rate(r))]);
            if p.period_approximate {
                words = format!(
                    "{words}{}",
                    self.fill("paren_note", &[("note", &self.word("approximate_target"))])
                );
            }
            parts.push(words);
        }
        (!parts.is_empty()).then(|| parts.join(&self.word("list_separator")))
    }

    /// The date a figure is as of: 2013年4月1日現在 / as of 1 April 2013.
    pub(super) fn as_of(&self, d: Date, short: bool) -> String {
        let months = self.word("month_names");
        let month = months
            .split(',')
            .nth(usize::from(d.month) - 1)
            .unwrap_or_default()
            .to_string();
        let era = text::short_year(d.year, Lang::JA);
        let key = if short { "as_of_short" } else { "as_of_date" };
        let values = [
            ("year", d.year.to_string()),
            ("era", era),
            ("month", month),
            ("m", d.month.to_string()),
            ("day", d.day.to_string()),
        ];
        let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.fill(key, &values)
    }

    /// A year of an indicator as pages name it: the fiscal year, or the date
    /// its figures are as of (never a 年度 for those).
    pub(super) fn point(&self, ind: &Indicator, year: i32) -> String {
        match ind.years.get(&year).and_then(|f| f.measured_on()) {
            Some(d) => self.as_of(d, false),
            None => self.year(year),
        }
    }

    /// A benchmark's figure with its unit, and its year when the source gives
    /// one: 91.3%（令和2年度） / 91.3% (FY2020); 93.1% (no year given).
    pub(super) fn benchmark_value(&self, ind: &Indicator, b: &Benchmark) -> String {
        let (number, unit) = match &b.measure {
            Some(m) => (
                format_number(b.value, b.places),
                m.unit.as_ref().map(|u| self.plain(u)).unwrap_or_default(),
            ),
            None => (self.number(ind, b.value, b.places), self.unit(ind)),
        };
        let value = if ind.rank && b.measure.is_none() {
            self.fill("rank_figure", &[("n", &number)])
        } else {
            self.with_unit(&number, &unit)
        };
        match b.year {
            Some(y) => self.fill(
                "value_in_year",
                &[("value", &value), ("year", &self.short_year(y))],
            ),
            None => value,
        }
    }

    /// The benchmarks on the indicator's own measure, for the figures table.
    pub(super) fn benchmark_rows(&self, ind: &Indicator) -> Vec<BenchmarkRow> {
        ind.benchmarks
            .iter()
            .filter(|b| b.measure.is_none())
            .map(|b| BenchmarkRow {
                label: self.txt(&b.label),
                value: self.benchmark_value(ind, b),
                source: b
                    .source
                    .as_ref()
                    .map(|s| self.fill("benchmark_source", &[("source", &self.plain(s))])),
            })
            .collect()
    }

    /// The benchmarks on a related measure, each a note beside the indicator:
    /// 参考：交付率 92.3%（県内平均 87.5%）.
    pub(super) fn benchmark_notes(&self, ind: &Indicator) -> Vec<String> {
        ind.benchmarks
            .iter()
            .filter_map(|b| {
                let m = b.measure.as_ref()?;
                let label = &self.plain(&b.label);
                let value = self.benchmark_value(ind, b);
                let measure = &self.plain(&m.name);
                let note = match m.own_value {
                    Some((own, places)) => {
                        let unit = m.unit.as_ref().map(|u| self.plain(u)).unwrap_or_default();
                        let own = self.with_unit(&format_number(own, places), &unit);
                        self.fill(
                            "benchmark_related",
                            &[
                                ("measure", measure),
                                ("own", &own),
                                ("label", label),
                                ("value", &value),
                            ],
                        )
                    }
                    None => self.fill(
                        "benchmark_related_alone",
                        &[("measure", measure), ("label", label), ("value", &value)],
                    ),
                };
                Some(match &b.source {
                    Some(s) => format!(
                        "{note} {}",
                        self.fill("benchmark_source", &[("source", &self.plain(s))])
                    ),
                    None => note,
                })
            })
            .collect()
    }

    /// The chart's reference lines said in words, for its text alternative:
    /// 参考値：全国平均 93.1%、類似団体平均 91.3%（令和2年度）。
    pub(super) fn benchmarks_in_words(&self, ind: &Indicator) -> Option<String> {
        let drawn: Vec<String> = ind
            .benchmarks
            .iter()
            .filter(|b| b.measure.is_none())
            .map(|b| format!("{} {}", self.plain(&b.label), self.benchmark_value(ind, b)))
            .collect();
        (!drawn.is_empty()).then(|| {
            self.fill(
                "chart_benchmarks",
                &[("list", &drawn.join(&self.word("list_separator")))],
            )
        })
    }

    /// The running total and the progress of the latest year with an actual,
    /// for the chart's text alternative.
    pub(super) fn shapes_in_words(&self, ind: &AssessedIndicator) -> Option<String> {
        let latest = ind
            .years
            .iter()
            .rev()
            .find(|(y, f)| **y <= self.plan.site.latest_year && f.actual.is_some())
            .map(|(y, _)| *y)?;
        let year = self.point(ind, latest);
        let mut out = Vec::new();
        if let Some(r) = ind.running_total.get(&latest)
            && let (Some(t), Some(a)) = (
                self.running_figure(ind, r, true),
                self.running_figure(ind, r, false),
            )
        {
            out.push(self.fill(
                "chart_running_summary",
                &[("year", &year), ("target", &t), ("actual", &a)],
            ));
        }
        if let Some(list) = self.progress_words(ind, latest) {
            out.push(self.fill(
                "chart_progress_summary",
                &[("year", &year), ("list", &list)],
            ));
        }
        (!out.is_empty()).then(|| out.join(&self.word("sentence_space")))
    }

    /// One sentence on the latest year with both figures, for the chart's text alternative.
    pub(super) fn chart_summary(&self, ind: &AssessedIndicator) -> String {
        let latest = ind
            .years
            .iter()
            .rev()
            .find(|(y, f)| **y <= self.plan.site.latest_year && f.actual.is_some())
            .map(|(y, _)| *y);
        let name = self.plain(&ind.name);
        let Some(year) = latest else {
            return self.fill("chart_no_actuals", &[("name", &name)]);
        };
        let actual = self.year_figure(ind, year, false).unwrap_or_default();
        let status = ind.status(year);
        let target = self.year_figure(ind, year, true);
        let y = ind.years.get(&year);
        // Figures printed in the report's own words (target_text / actual_text) are
        // not in a unit that a computed difference could be written in.
        let worded = y.is_some_and(|f| f.target_text.is_some() || f.actual_text.is_some());
        let gap = match (y.and_then(|f| f.target), y.and_then(|f| f.actual)) {
            (Some(Figure::Number(t)), Some(Figure::Number(a))) if !worded => {
                let d = (a - t).abs();
                let decimals = ind.decimals.or_else(|| {
                    // Keep the gap as precise as the figures: 45,872 − 46,000 = 128; 93.7 − 90.7 = 3.0.
                    let shortest =
                        |x: f64| format!("{x}").split_once('.').map_or(0, |(_, f)| f.len());
                    let places = |x: f64, written: Option<u8>| {
                        written.map_or(shortest(x), usize::from).max(shortest(x))
                    };
                    let f = y?;
                    Some(
                        places(t, f.target_places)
                            .max(places(a, f.actual_places))
                            .min(6) as u8,
                    )
                });
                let unit = self.unit(ind);
                let gap = format_number(d, decimals);
                // Two percentages differ by percentage points, not percent:
                // 93.7% against 90.7% is 3.0 points.
                Some(self.gap(ind, &gap, &unit))
            }
            _ => None,
        };
        let year_label = self.point(ind, year);
        let Some(target) = target else {
            return self.fill(
                "chart_summary_no_target",
                &[("name", &name), ("year", &year_label), ("actual", &actual)],
            );
        };
        let verdict = match (status, gap) {
            (Status::Achieved, _) => self.word("verdict_met"),
            (Status::NotAchieved, Some(g)) => self.fill("verdict_missed_by", &[("gap", &g)]),
            (Status::NotAchieved, None) => self.word("verdict_missed"),
            (Status::Undecided, _) => self.word("verdict_undecided"),
            (Status::NoData, _) => self.word("verdict_no_data"),
            (Status::NotYetAssessable, _) => self.word("verdict_not_yet_assessable"),
            _ => self.word("verdict_not_assessed"),
        };
        let verdict = if y.is_some_and(|f| f.approximate()) {
            format!(
                "{verdict}{}",
                self.fill("paren_note", &[("note", &self.word("approximate_target"))])
            )
        } else {
            verdict
        };
        self.fill(
            "chart_summary",
            &[
                ("name", &name),
                ("year", &year_label),
                ("actual", &actual),
                ("target", &target),
                ("verdict", &verdict),
            ],
        )
    }

    /// A movement of an indicator's targets in neutral words, with the
    /// figures and the gap between them as the page prints them.
    pub(super) fn movement(&self, ind: &Indicator, m: &crate::check::changes::Movement) -> String {
        use crate::check::changes::{Movement, compare_places};
        let (a, b) = m.figures();
        let gap = format_number((a - b).abs(), Some(compare_places(ind, a, b)));
        let gap = self.gap(ind, &gap, &self.unit(ind));
        // Which way the figure moved, in the words of the page.
        let lower = a < b;
        let baseline = || {
            let value = ind
                .baseline
                .as_ref()
                .and_then(|b| Some((b.value?, b.places)))
                .map(|(v, places)| self.figure(ind, Figure::Number(v), places, false))
                .unwrap_or_default();
            match ind.baseline.as_ref().and_then(|b| b.year) {
                Some(y) => self.fill(
                    "movement_baseline",
                    &[("year", &self.short_year(y)), ("value", &value)],
                ),
                None => self.fill("movement_baseline_no_year", &[("value", &value)]),
            }
        };
        match *m {
            Movement::EasierTarget {
                year,
                previous_year,
                behind_baseline,
                ..
            } => {
                let key = match (lower, behind_baseline) {
                    (true, false) => "movement_target_lower",
                    (false, false) => "movement_target_higher",
                    (true, true) => "movement_target_lower_baseline",
                    (false, true) => "movement_target_higher_baseline",
                };
                let target = self.year_figure(ind, year, true).unwrap_or_default();
                let previous = self
                    .year_figure(ind, previous_year, true)
                    .unwrap_or_default();
                // The key is chosen above: each of the four is in strings.toml.
                crate::render::theme::fill(
                    &self.word(key),
                    &[
                        ("year", &self.year(year)),
                        ("target", &target),
                        ("previous_year", &self.short_year(previous_year)),
                        ("previous", &previous),
                        ("gap", &gap),
                        ("baseline", &baseline()),
                    ],
                )
            }
            Movement::FinalBehindBaseline { .. } => {
                let key = if lower {
                    "movement_final_lower"
                } else {
                    "movement_final_higher"
                };
                let final_target = self.final_target(ind).unwrap_or_default();
                crate::render::theme::fill(
                    &self.word(key),
                    &[
                        ("final", &final_target),
                        ("gap", &gap),
                        ("baseline", &baseline()),
                    ],
                )
            }
        }
    }

    /// How the indicator's target is met, in words: 目標値以上で達成 …
    pub(super) fn direction_word(&self, ind: &Indicator) -> String {
        self.word(match (ind.direction, ind.qualifier) {
            (Direction::Higher, _) => "direction_higher",
            // The plan's own word: 以下 where it writes 以下, else 以内.
            (Direction::Lower, Qualifier::OrLess) => "direction_lower_or_less",
            (Direction::Lower, _) => "direction_lower",
            (Direction::Milestone, _) => "direction_milestone",
        })
    }

    /// What a revision changed, in words: 令和7年度の目標値, Baseline …
    pub(super) fn revised_what(&self, field: crate::check::changes::RevisedField) -> String {
        use crate::check::changes::RevisedField as F;
        match field {
            F::Target(y) => self.fill("revised_target", &[("year", &self.year(y))]),
            F::Actual(y) => self.fill("revised_actual", &[("year", &self.year(y))]),
            F::Baseline => self.word("baseline"),
            F::FinalTarget => self.word("final_target"),
            F::Unit => self.word("unit"),
            F::Direction => self.word("revised_direction"),
        }
    }

    /// The revised field of `ind` as the page prints it (or "－").
    pub(super) fn revised_value(
        &self,
        ind: &Indicator,
        field: crate::check::changes::RevisedField,
    ) -> String {
        use crate::check::changes::RevisedField as F;
        let value = match field {
            F::Target(y) => self.year_figure(ind, y, true),
            F::Actual(y) => self.year_figure(ind, y, false),
            F::Baseline => self.baseline(ind),
            F::FinalTarget => self.final_target(ind),
            F::Unit => ind.unit.as_ref().map(|u| self.plain(u)),
            F::Direction => Some(self.direction_word(ind)),
        };
        value.unwrap_or_else(|| self.word("none"))
    }

    /// A revision in words, "令和7年度の目標値：440件 → 400件（令和6年度（2024年度）版から変更）",
    /// and the office's reason.
    pub(super) fn revision(&self, r: &crate::check::changes::Revision) -> RevisionView {
        let edition = self.fill("edition_name", &[("year", &self.year(r.edition))]);
        RevisionView {
            text: self.fill(
                "revision_line",
                &[
                    ("what", &self.revised_what(r.field)),
                    ("was", &self.revised_value(r.was, r.field)),
                    ("now", &self.revised_value(r.now, r.field)),
                    ("edition", &edition),
                ],
            ),
            reason: r.reason.map(|t| self.txt(t)),
        }
    }

    /// The revisions of an initiative against the latest edition (none
    /// before the first edition).
    pub(super) fn revisions<'p>(
        &'p self,
        i: &'p Initiative,
    ) -> Vec<crate::check::changes::Revision<'p>> {
        match self.plan.latest_edition() {
            Some(e) => crate::check::changes::revisions(e, i),
            None => Vec::new(),
        }
    }

    /// "1 最適な…" with the number prefix, keeping the text's language.
    pub(super) fn label(&self, name: &LangText, prefix: String) -> Txt {
        let mut t = self.txt(name);
        t.text = format!("{prefix}{}", t.text);
        t
    }

    pub(super) fn division(&self, i: &AssessedInitiative) -> Txt {
        match self.plan.site.divisions.get(&i.division) {
            Some(d) => self.txt(d),
            None => self.fallback_txt(i.division.clone(), self.lang),
        }
    }

    pub(super) fn schedule_word(&self, w: ScheduleWord) -> String {
        self.word(match w {
            ScheduleWord::Study => "schedule_study",
            ScheduleWord::Implement => "schedule_implement",
            ScheduleWord::Continue => "schedule_continue",
            ScheduleWord::StudyImplement => "schedule_study_implement",
        })
    }

    pub(super) fn heading_for(&self, kind: CommentaryKind, year: i32) -> String {
        let word = self.word(match kind {
            CommentaryKind::Progress => "progress",
            CommentaryKind::Plan => "plan",
            CommentaryKind::Shortfall => "shortfall",
        });
        self.fill(
            "commentary_heading",
            &[("year", &self.short_year(year)), ("kind", &word)],
        )
    }

    /// Commentary in this language, or the Japanese marked as pending translation.
    pub(super) fn prose(
        &self,
        text: &MarkdownTexts,
        heading: String,
        min_level: u8,
    ) -> Result<Option<ProseView>, Diagnostic> {
        let Some((file, lang)) = std::iter::once(self.lang)
            .chain(self.lang.fallbacks().iter().copied())
            .find_map(|l| text.get(l).map(|f| (f, l)))
        else {
            return Ok(None);
        };
        Ok(Some(ProseView {
            screen_only: false,
            heading,
            html: markdown::markdown(&file.text()?, min_level),
            lang: lang.html_lang(),
            pending: lang != self.lang,
            note: (lang != self.lang).then(|| self.word("translation_pending")),
        }))
    }
}
