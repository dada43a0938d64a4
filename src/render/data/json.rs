//! `indicators.json`: the plan's figures and words, each initiative
//! prepared only when it is written.

use serde::Serialize;

use crate::base::text::{self, Lang, LangText};
use crate::check::assess::{AssessedIndicator, AssessedInitiative};
use crate::model::Status;
use crate::model::{Indicator, Plan};

use super::{
    Of, Revised, SCHEMA_VERSION, direction_key, en, figure, number, qualifier_key, rate,
    revised_value, schedule_key,
};

/// A number as its page prints it (`28.0`, `0.50`), written into the JSON
/// as that very number, so that a reader sees the digits the page shows.
struct Written(String);

impl Serialize for Written {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let raw = serde_json::value::RawValue::from_string(self.0.clone())
            .map_err(serde::ser::Error::custom)?;
        raw.serialize(s)
    }
}

/// A written figure, or `None` where there is none.
fn written(s: String) -> Option<Written> {
    (!s.is_empty()).then_some(Written(s))
}

/// A revised value: a figure as a number, a word as a string.
enum RevisedJson {
    Figure(Written),
    Text(String),
}

impl Serialize for RevisedJson {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            RevisedJson::Figure(w) => w.serialize(s),
            RevisedJson::Text(t) => t.serialize(s),
        }
    }
}

fn revised_json(value: Option<Revised>) -> Option<RevisedJson> {
    match value? {
        Revised::Figure(f) => Some(RevisedJson::Figure(Written(f))),
        Revised::Text(t) => Some(RevisedJson::Text(t)),
    }
}

/// A text in the open data: `ja`, `en` (the Japanese while the English is
/// missing, as before), then each further translation the text has, by its
/// code (`"ja-basic"`). Ruby readings are left out: the data is plain text.
struct Bi<'a>(&'a LangText);

impl Serialize for Bi<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let t = self.0;
        let more = t
            .other
            .iter()
            .filter(|(l, text)| *l != Lang::EN && !text.trim().is_empty());
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("ja", &text::strip_ruby(&t.ja))?;
        map.serialize_entry("en", &text::strip_ruby(en(t)))?;
        for (lang, text) in more {
            map.serialize_entry(lang.code(), &text::strip_ruby(text))?;
        }
        map.end()
    }
}

fn bi(t: &LangText) -> Bi<'_> {
    Bi(t)
}

#[derive(Serialize)]
pub(super) struct JsonRoot<'a> {
    schema_version: u32,
    /// The plan's id: its folder in `plans/`, or the current plan's period.
    plan_id: &'a str,
    plan: Bi<'a>,
    owner: Bi<'a>,
    first_year: i32,
    last_year: i32,
    latest_reviewed_year: i32,
    /// The latest edition (the report as published): its year and date.
    edition: Option<JsonEdition>,
    licence: Bi<'a>,
    licence_url: &'a str,
    /// The plan's own revisions (計画の改定), when it has any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    plan_revisions: Vec<JsonPlanRevision<'a>>,
    initiatives: JsonInitiatives<'a>,
    /// The plan's scales of item statuses, where it has them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    status_scales: Vec<JsonScale<'a>>,
    /// Counts of items by status as reported.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    status_counts: Vec<JsonCount<'a>>,
    /// 主要目標: the plan's headline targets.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    headline_targets: Vec<JsonIndicator<'a>>,
}

#[derive(Serialize)]
struct JsonEdition {
    fiscal_year: i32,
    date: String,
}

#[derive(Serialize)]
struct JsonScale<'a> {
    id: &'a str,
    name: Bi<'a>,
    rule: Option<Bi<'a>>,
    levels: Vec<JsonLevel<'a>>,
}

#[derive(Serialize)]
struct JsonLevel<'a> {
    key: &'a str,
    label: Bi<'a>,
    on_track: bool,
    separate: bool,
}

#[derive(Serialize)]
struct JsonCount<'a> {
    fiscal_year: i32,
    scale: &'a str,
    label: Option<Bi<'a>>,
    total: Option<u32>,
    counts: Vec<JsonCountRow<'a>>,
}

#[derive(Serialize)]
struct JsonCountRow<'a> {
    levels: Vec<&'a str>,
    count: u32,
    /// The share as the report prints it (percent), where it does.
    share_printed: Option<Written>,
}

/// A status on the plan's scale: its key and label.
#[derive(Serialize)]
struct JsonStatus<'a> {
    fiscal_year: i32,
    scale: &'a str,
    level: Option<&'a str>,
    label: Option<Bi<'a>>,
    /// The level the scale's stated rule gives from the figures.
    rule_level: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonPlanRevision<'a> {
    id: &'a str,
    /// `2008-02`, or with the day when the source gives it.
    date: String,
    name: Bi<'a>,
    applies_from: i32,
    /// The plan's last fiscal year before and after, when it moved it.
    #[serde(skip_serializing_if = "Option::is_none")]
    previous_last_year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_year: Option<i32>,
}

/// The initiatives of the JSON, each prepared only when it is written.
struct JsonInitiatives<'a>(Of<'a>);

impl Serialize for JsonInitiatives<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (assessed, plan) = (self.0.assessed, self.0.plan());
        s.collect_seq(assessed.initiatives.iter().map(|i| {
            // Worked out once for the initiative, then split by indicator.
            let revisions = plan
                .latest_edition()
                .map(|edition| crate::check::changes::revisions(edition, i.initiative))
                .unwrap_or_default();
            JsonInitiative {
                number: i.number,
                id: &i.id,
                strategy: i.strategy,
                area: i.area,
                item: i.item,
                title: bi(&i.title),
                division: plan.site.divisions.get(&i.division).map(bi),
                added_at: i.added_at.as_deref(),
                indicators: i
                    .indicators
                    .iter()
                    .map(|ind| indicator_json(Some(i), ind, plan, &revisions))
                    .collect(),
                statuses: plan
                    .site
                    .scales
                    .get(i.scale)
                    .map(|scale| {
                        plan.site
                            .reviewed_years()
                            .filter_map(|year| {
                                let given = i.statuses.get(&year).map(|n| &scale.levels[*n]);
                                let ruled =
                                    crate::check::assess::initiative_rule_level(scale, i, year)
                                        .map(|n| scale.levels[n].key.as_str());
                                (given.is_some() || ruled.is_some()).then(|| JsonStatus {
                                    fiscal_year: year,
                                    scale: &scale.id,
                                    level: given.map(|l| l.key.as_str()),
                                    label: given.map(|l| bi(&l.label)),
                                    rule_level: ruled,
                                })
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        }))
    }
}

#[derive(Serialize)]
struct JsonInitiative<'a> {
    number: u32,
    id: &'a str,
    strategy: u32,
    area: u32,
    item: u32,
    title: Bi<'a>,
    division: Option<Bi<'a>>,
    /// The plan revision that added the initiative.
    #[serde(skip_serializing_if = "Option::is_none")]
    added_at: Option<&'a str>,
    indicators: Vec<JsonIndicator<'a>>,
    /// Its status per year on the plan's scale, where it has one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    statuses: Vec<JsonStatus<'a>>,
}

#[derive(Serialize)]
struct JsonIndicator<'a> {
    id: &'a str,
    name: Bi<'a>,
    unit: Option<Bi<'a>>,
    direction: &'static str,
    /// `none`, `at_least` (以上), `at_most` (以内) or `or_less` (以下).
    qualifier: &'static str,
    cumulative: bool,
    baseline: Option<JsonBaseline<'a>>,
    final_target: Option<Written>,
    /// The final target in the plan's words, where it prints them.
    final_target_text: Option<Bi<'a>>,
    years: Vec<JsonYear<'a>>,
    benchmarks: Vec<JsonBenchmark<'a>>,
    /// The figures that differ from the latest edition (the rows of
    /// revisions.csv for this indicator); left out when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    revisions: Vec<JsonRevision<'a>>,
    /// The plan period's total target (the sum of the years).
    #[serde(skip_serializing_if = "Option::is_none")]
    period_total: Option<Written>,
    #[serde(skip_serializing_if = "Option::is_none")]
    final_target_change: Option<Written>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    final_target_approximate: bool,
}

/// A figure published in the latest edition that differs now.
#[derive(Serialize)]
struct JsonRevision<'a> {
    /// `target`, `actual`, `baseline`, `final_target`, `unit` or `direction`.
    field: &'static str,
    fiscal_year: Option<i32>,
    edition: i32,
    edition_date: String,
    /// A figure as a number (as its page printed it), the unit in
    /// Japanese or the direction's key as a string; null where there was none.
    published: Option<RevisedJson>,
    current: Option<RevisedJson>,
    reason: Option<Bi<'a>>,
}

/// A reference figure; `fiscal_year` is null when the source gives no year.
#[derive(Serialize)]
struct JsonBenchmark<'a> {
    label: Bi<'a>,
    value: Written,
    unit: Option<Bi<'a>>,
    fiscal_year: Option<i32>,
    source: Option<Bi<'a>>,
    /// Set when the figure is of a related measure, not of the indicator.
    measure: Option<Bi<'a>>,
    own_value: Option<Written>,
}

#[derive(Serialize)]
struct JsonBaseline<'a> {
    fiscal_year: Option<i32>,
    value: Option<Written>,
    text: Option<Bi<'a>>,
}

#[derive(Serialize)]
struct JsonYear<'a> {
    fiscal_year: i32,
    era_year: String,
    schedule: Option<&'static str>,
    /// As the page prints it; a milestone 1 (planned, done) or 0 (not done).
    target: Option<Written>,
    actual: Option<Written>,
    /// The figures in the report's own words, where it prints them so.
    target_text: Option<Bi<'a>>,
    actual_text: Option<Bi<'a>>,
    /// What the report says of the year's figure: "provisional" (暫定),
    /// "missing" (―), "undecided" (未確定); left out when it says none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    states: Vec<&'static str>,
    /// The city's own verdict, beside the computed `status`.
    #[serde(skip_serializing_if = "Option::is_none")]
    city_verdict: Option<Bi<'a>>,
    /// The plan revision that set or changed the target, and the target
    /// before it when it changed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    target_set_at: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    earlier_target: Option<Written>,
    status: Status,
    /// Whose the status is: "figures", or "city" where the city's verdict
    /// decides what the figures cannot.
    status_by: &'static str,
    /// The city's verdict as a status: "achieved", "not_achieved", "on_course".
    #[serde(skip_serializing_if = "Option::is_none")]
    verdict: Option<&'static str>,
    /// The figures decided, and the city's verdict says otherwise.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    verdict_differs: bool,
    /// What a ― means: "no_figure", "meets_ceiling", "fails".
    #[serde(skip_serializing_if = "Option::is_none")]
    dash: Option<&'static str>,
    /// The target as a change from the baseline; `target` is the figure it implies.
    #[serde(skip_serializing_if = "Option::is_none")]
    target_change: Option<Written>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    target_approximate: bool,
    /// The date the figures are as of (`2013-04-01`), for figures at a date.
    #[serde(skip_serializing_if = "Option::is_none")]
    measured_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    running_target: Option<Written>,
    #[serde(skip_serializing_if = "Option::is_none")]
    running_actual: Option<Written>,
    /// Percent, to one decimal as the page prints it.
    #[serde(skip_serializing_if = "Option::is_none")]
    progress_of_year: Option<Written>,
    #[serde(skip_serializing_if = "Option::is_none")]
    progress_of_period: Option<Written>,
    /// What the period's progress is measured against: `period_total` or `final_target`.
    #[serde(skip_serializing_if = "Option::is_none")]
    progress_of_period_against: Option<&'static str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    progress_of_period_approximate: bool,
}

/// An indicator in the JSON; `revisions` are its initiative's (see
/// [`crate::check::changes::revisions`]), none for a headline target.
fn indicator_json<'a>(
    i: Option<&AssessedInitiative<'a>>,
    ind: &'a AssessedIndicator<'a>,
    plan: &'a Plan,
    revisions: &[crate::check::changes::Revision<'a>],
) -> JsonIndicator<'a> {
    let last = ind.final_target.as_ref();
    JsonIndicator {
        id: &ind.id,
        name: bi(&ind.name),
        unit: ind.unit.as_ref().map(bi),
        direction: direction_key(ind.direction),
        qualifier: qualifier_key(ind.qualifier),
        cumulative: ind.cumulative,
        baseline: ind.baseline.as_ref().map(|b| JsonBaseline {
            fiscal_year: b.year,
            value: written(number(ind, b.value, b.places)),
            text: b.text.as_deref().map(bi),
        }),
        final_target: last.and_then(|t| written(figure(ind, t.value, t.places))),
        final_target_text: last.and_then(|t| t.text.as_deref()).map(bi),
        years: plan
            .site
            .years()
            .map(|year| year_json(i, ind, year))
            .collect(),
        benchmarks: ind
            .benchmarks
            .iter()
            .map(|b| benchmark_json(ind, b))
            .collect(),
        revisions: plan
            .latest_edition()
            .map(|edition| {
                revisions
                    .iter()
                    .filter(|r| std::ptr::eq(r.now, ind.indicator))
                    .map(|r| JsonRevision {
                        field: r.field.key(),
                        fiscal_year: r.field.year(),
                        edition: edition.year,
                        edition_date: edition.date.iso(),
                        published: revised_json(revised_value(r.was, r.field)),
                        current: revised_json(revised_value(r.now, r.field)),
                        reason: r.reason.map(bi),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        period_total: ind
            .period_total
            .as_ref()
            .and_then(|t| written(number(ind, Some(t.value), t.places))),
        final_target_change: last
            .and_then(|t| t.change)
            .and_then(|(c, places)| written(number(ind, Some(c), places))),
        final_target_approximate: last.is_some_and(|t| t.approximate),
    }
}

/// One fiscal year of an indicator in the JSON.
fn year_json<'a>(
    i: Option<&AssessedInitiative<'a>>,
    ind: &'a AssessedIndicator<'a>,
    year: i32,
) -> JsonYear<'a> {
    let y = ind.years.get(&year);
    let running = ind.running_total.get(&year);
    let progress = crate::check::assess::progress(ind, year);
    let of_period = progress.and_then(|p| p.of_period.map(|_| p));
    let judged = ind.judgement(year);
    JsonYear {
        fiscal_year: year,
        era_year: text::era_label(year),
        schedule: i
            .and_then(|i| i.schedule.get(&year))
            .map(|s| schedule_key(*s)),
        target: y.and_then(|y| written(figure(ind, y.target, y.target_places))),
        actual: y.and_then(|y| written(figure(ind, y.actual, y.actual_places))),
        target_text: y.and_then(|y| y.target_text.as_deref()).map(bi),
        actual_text: y.and_then(|y| y.actual_text.as_deref()).map(bi),
        states: y
            .and_then(|y| y.state)
            .map(|s| s.key())
            .into_iter()
            .collect(),
        city_verdict: y.and_then(|y| y.city_verdict.as_deref()).map(bi),
        target_set_at: y
            .and_then(|y| y.target_from.as_deref())
            .map(|t| t.revision.as_str()),
        earlier_target: y
            .and_then(|y| y.target_from.as_deref())
            .and_then(|t| written(figure(ind, t.earlier, t.earlier_places))),
        status: ind.status(year),
        status_by: if judged.by_city { "city" } else { "figures" },
        verdict: y.and_then(|y| y.verdict).map(|v| v.key()),
        verdict_differs: judged.differs(),
        dash: y.and_then(|y| y.dash).map(|d| d.key()),
        target_change: y
            .and_then(|y| y.target_change())
            .and_then(|(c, places)| written(number(ind, Some(c), places))),
        target_approximate: y.is_some_and(|y| y.approximate()),
        measured_on: y.and_then(|y| y.measured_on()).map(|d| d.iso()),
        running_target: running.and_then(|r| written(number(ind, r.target, r.target_places))),
        running_actual: running.and_then(|r| written(number(ind, r.actual, r.actual_places))),
        progress_of_year: written(rate(progress.and_then(|p| p.of_year))),
        progress_of_period: written(rate(progress.and_then(|p| p.of_period))),
        progress_of_period_against: of_period.map(|p| p.against.key()),
        progress_of_period_approximate: of_period.is_some_and(|p| p.period_approximate),
    }
}

/// A reference figure in the JSON, its figures as its page prints them.
fn benchmark_json<'a>(ind: &'a Indicator, b: &'a crate::model::Benchmark) -> JsonBenchmark<'a> {
    let measure = b.measure.as_ref();
    JsonBenchmark {
        label: bi(&b.label),
        value: Written(match measure {
            Some(_) => text::written_number(b.value, b.places),
            None => number(ind, Some(b.value), b.places),
        }),
        unit: match measure {
            Some(m) => m.unit.as_ref(),
            None => ind.unit.as_ref(),
        }
        .map(bi),
        fiscal_year: b.year,
        source: b.source.as_ref().map(bi),
        measure: measure.map(|m| bi(&m.name)),
        own_value: measure
            .and_then(|m| m.own_value)
            .map(|(n, places)| Written(text::written_number(n, places))),
    }
}

pub(super) fn json_root<'a>(of: Of<'a>) -> JsonRoot<'a> {
    let (assessed, plan) = (of.assessed, of.plan());
    let site = &plan.site;
    JsonRoot {
        schema_version: SCHEMA_VERSION,
        plan_id: of.plan_id,
        edition: plan.latest_edition().map(|e| JsonEdition {
            fiscal_year: e.year,
            date: e.date.iso(),
        }),
        plan: bi(&site.plan_name),
        owner: bi(&site.owner),
        first_year: site.first_year,
        last_year: site.last_year,
        latest_reviewed_year: site.latest_year,
        licence: bi(&site.licence),
        licence_url: &site.licence_url,
        plan_revisions: site
            .plan_revisions
            .iter()
            .map(|r| JsonPlanRevision {
                id: &r.id,
                date: r.date.iso(),
                name: bi(&r.name),
                applies_from: r.applies_from,
                previous_last_year: r.period.map(|p| p.before),
                last_year: r.period.map(|p| p.after),
            })
            .collect(),
        initiatives: JsonInitiatives(of),
        status_scales: site
            .scales
            .iter()
            .map(|s| JsonScale {
                id: &s.id,
                name: bi(&s.name),
                rule: s.rule.as_ref().map(bi),
                levels: s
                    .levels
                    .iter()
                    .map(|l| JsonLevel {
                        key: &l.key,
                        label: bi(&l.label),
                        on_track: l.on_track,
                        separate: l.separate,
                    })
                    .collect(),
            })
            .collect(),
        status_counts: site
            .status_counts
            .iter()
            .map(|c| JsonCount {
                fiscal_year: c.year,
                scale: &site.scales[c.scale].id,
                label: c.label.as_ref().map(bi),
                total: c.total,
                counts: c
                    .rows
                    .iter()
                    .map(|r| JsonCountRow {
                        levels: r
                            .levels
                            .iter()
                            .map(|l| site.scales[c.scale].levels[*l].key.as_str())
                            .collect(),
                        count: r.count,
                        share_printed: r
                            .share
                            .map(|(v, places)| Written(text::written_number(v, Some(places)))),
                    })
                    .collect(),
            })
            .collect(),
        headline_targets: assessed
            .headline_targets
            .iter()
            .map(|ind| indicator_json(None, ind, plan, &[]))
            .collect(),
    }
}
