//! Open data: the figures behind the pages as CSV (UTF-8 with BOM, CRLF, so
//! that Excel opens Japanese correctly) and JSON, for the whole plan and one
//! CSV slice per initiative.

use serde::Serialize;

use crate::assess::{Assessed, AssessedIndicator, AssessedInitiative, Status};
use crate::diagnostic::Diagnostic;
use crate::model::{Direction, Figure, Plan, ScheduleWord};
use crate::output::Sink;
use crate::routes;
use crate::text::{self, Lang, LangText};

/// The CSV columns, in order. Documented on the open data page.
pub const CSV_COLUMNS: [&str; 27] = [
    "initiative_no",
    "initiative_id",
    "indicator_id",
    "fiscal_year",
    "era_year",
    "schedule",
    "target",
    "actual",
    "unit_ja",
    "unit_en",
    "direction",
    "status",
    "title_ja",
    "title_en",
    "division_ja",
    "division_en",
    "target_text_ja",
    "target_text_en",
    "actual_text_ja",
    "actual_text_en",
    "target_change",
    "target_approximate",
    "measured_on",
    "running_target",
    "running_actual",
    "progress_of_year",
    "progress_of_period",
];

/// The columns of the benchmarks' CSV (one row per reference figure), in order.
/// Documented on the open data page.
pub const BENCHMARK_COLUMNS: [&str; 15] = [
    "initiative_no",
    "initiative_id",
    "indicator_id",
    "label_ja",
    "label_en",
    "value",
    "unit_ja",
    "unit_en",
    "benchmark_year",
    "benchmark_era_year",
    "measure_ja",
    "measure_en",
    "own_value",
    "source_ja",
    "source_en",
];

/// The columns of the revisions' CSV (one row per figure that differs from
/// the latest edition), in order. Documented on the open data page.
pub const REVISION_COLUMNS: [&str; 11] = [
    "initiative_no",
    "initiative_id",
    "indicator_id",
    "field",
    "fiscal_year",
    "edition_year",
    "edition_date",
    "previous_value",
    "current_value",
    "reason_ja",
    "reason_en",
];

/// Version of the JSON layout; raise it when a field changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 1;

/// Writes the open data of the whole plan (CSV and JSON) to `sink`, piece
/// by piece; returns the paths written. The slices per initiative are made
/// with the initiative's other files ([`slice`]).
pub fn write(assessed: &Assessed, sink: &dyn Sink) -> Result<Vec<String>, Diagnostic> {
    let plan = assessed.plan;
    let all: Vec<&AssessedInitiative> = assessed.initiatives.iter().collect();
    sink.put_streamed(routes::DATA_CSV, &mut |w| {
        write_csv(plan, &all, w).map_err(std::io::Error::other)
    })?;
    sink.put_streamed(routes::DATA_BENCHMARKS_CSV, &mut |w| {
        write_benchmarks_csv(&all, w).map_err(std::io::Error::other)
    })?;
    sink.put_streamed(routes::DATA_REVISIONS_CSV, &mut |w| {
        write_revisions_csv(plan, &all, w).map_err(std::io::Error::other)
    })?;
    sink.put_streamed(routes::DATA_JSON, &mut |w| {
        serde_json::to_writer_pretty(&mut *w, &json_root(assessed))
            .map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })?;
    Ok(vec![
        routes::DATA_CSV.to_string(),
        routes::DATA_BENCHMARKS_CSV.to_string(),
        routes::DATA_REVISIONS_CSV.to_string(),
        routes::DATA_JSON.to_string(),
    ])
}

/// The CSV of one initiative.
pub fn slice(plan: &Plan, i: &AssessedInitiative) -> Result<Vec<u8>, Diagnostic> {
    let mut bytes = Vec::new();
    write_csv(plan, &[i], &mut bytes).map_err(|e| {
        Diagnostic::error(format!(
            "writing the open data of initiative No.{}: {e}",
            i.number
        ))
    })?;
    Ok(bytes)
}

pub fn direction_key(d: Direction) -> &'static str {
    match d {
        Direction::Higher => "higher",
        Direction::Lower => "lower",
        Direction::Milestone => "milestone",
    }
}

pub fn schedule_key(w: ScheduleWord) -> &'static str {
    match w {
        ScheduleWord::Study => "study",
        ScheduleWord::Implement => "implement",
        ScheduleWord::Continue => "continue",
        ScheduleWord::StudyImplement => "study_implement",
    }
}

/// A figure as a plain decimal number; a milestone is 1 (done) or 0 (not done).
fn plain(f: Option<Figure>) -> String {
    match f {
        Some(Figure::Number(n)) => text::plain_number(n),
        Some(Figure::Done(done)) => u8::from(done).to_string(),
        None => String::new(),
    }
}

/// A CSV file as Excel on a Japanese PC opens it: a byte-order mark, CRLF
/// line ends, and the header row.
fn csv_writer<'w>(
    out: &'w mut dyn std::io::Write,
    columns: &[&str],
) -> Result<csv::Writer<&'w mut dyn std::io::Write>, csv::Error> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(columns)?;
    Ok(w)
}

fn en(t: &LangText) -> &str {
    t.get(Lang::EN).text
}

fn write_csv(
    plan: &Plan,
    initiatives: &[&AssessedInitiative],
    out: &mut dyn std::io::Write,
) -> Result<(), csv::Error> {
    let mut w = csv_writer(out, &CSV_COLUMNS)?;
    for i in initiatives {
        let division = plan.site.divisions.get(&i.division);
        for ind in &i.indicators {
            for year in plan.site.years() {
                let y = ind.years.get(&year);
                let unit = ind.unit.as_ref();
                let target_text = y.and_then(|y| y.target_text.as_deref());
                let actual_text = y.and_then(|y| y.actual_text.as_deref());
                let running = ind.running_total.get(&year);
                let progress = crate::assess::progress(ind, year);
                let rate = |r: Option<f64>| r.map(|r| format!("{r:.1}")).unwrap_or_default();
                let number = |n: Option<f64>| n.map(text::plain_number).unwrap_or_default();
                w.write_record([
                    i.number.to_string().as_str(),
                    &i.id,
                    &ind.id,
                    &year.to_string(),
                    &text::era_label(year),
                    i.schedule.get(&year).map_or("", |s| schedule_key(*s)),
                    &plain(y.and_then(|y| y.target)),
                    &plain(y.and_then(|y| y.actual)),
                    unit.map_or("", |u| u.ja.as_str()),
                    unit.map_or("", en),
                    direction_key(ind.direction),
                    ind.status(year).key(),
                    &i.title.ja,
                    en(&i.title),
                    division.map_or("", |d| d.ja.as_str()),
                    division.map_or("", en),
                    target_text.map_or("", |t| t.ja.as_str()),
                    target_text.map_or("", en),
                    actual_text.map_or("", |t| t.ja.as_str()),
                    actual_text.map_or("", en),
                    &number(y.and_then(|y| y.target_change()).map(|(c, _)| c)),
                    if y.is_some_and(|y| y.approximate()) {
                        "1"
                    } else {
                        "0"
                    },
                    &y.and_then(|y| y.measured_on())
                        .map(|d| d.iso())
                        .unwrap_or_default(),
                    &number(running.and_then(|r| r.target)),
                    &number(running.and_then(|r| r.actual)),
                    &rate(progress.and_then(|p| p.of_year)),
                    &rate(progress.and_then(|p| p.of_period)),
                ])?;
            }
        }
    }
    w.flush()?;
    Ok(())
}

/// The reference figures of every indicator, one row each.
fn write_benchmarks_csv(
    initiatives: &[&AssessedInitiative],
    out: &mut dyn std::io::Write,
) -> Result<(), csv::Error> {
    let mut w = csv_writer(out, &BENCHMARK_COLUMNS)?;
    for i in initiatives {
        for ind in &i.indicators {
            for b in &ind.benchmarks {
                let measure = b.measure.as_ref();
                // A figure on the indicator's own measure is in its unit.
                let unit = match measure {
                    Some(m) => m.unit.as_ref(),
                    None => ind.unit.as_ref(),
                };
                let own = measure.and_then(|m| m.own_value);
                w.write_record([
                    i.number.to_string().as_str(),
                    &i.id,
                    &ind.id,
                    &b.label.ja,
                    en(&b.label),
                    &text::plain_number(b.value),
                    unit.map_or("", |u| u.ja.as_str()),
                    unit.map_or("", en),
                    &b.year.map(|y| y.to_string()).unwrap_or_default(),
                    &b.year.map(text::era_label).unwrap_or_default(),
                    measure.map_or("", |m| m.name.ja.as_str()),
                    measure.map_or("", |m| en(&m.name)),
                    &own.map(|(n, _)| text::plain_number(n)).unwrap_or_default(),
                    b.source.as_ref().map_or("", |s| s.ja.as_str()),
                    b.source.as_ref().map_or("", en),
                ])?;
            }
        }
    }
    w.flush()?;
    Ok(())
}

/// The revised field of `ind` as the open data writes it: a figure as a
/// plain number (a milestone 1 or 0), the unit in Japanese, the direction's
/// key; empty where there is none.
fn revised_value(ind: &crate::model::Indicator, field: crate::changes::RevisedField) -> String {
    use crate::changes::RevisedField as F;
    match field {
        F::Target(y) => plain(ind.years.get(&y).and_then(|f| f.target)),
        F::Actual(y) => plain(ind.years.get(&y).and_then(|f| f.actual)),
        F::Baseline => plain(
            ind.baseline
                .as_ref()
                .and_then(|b| b.value)
                .map(Figure::Number),
        ),
        F::FinalTarget => plain(ind.final_target.as_ref().and_then(|f| f.value)),
        F::Unit => ind.unit.as_ref().map(|u| u.ja.clone()).unwrap_or_default(),
        F::Direction => direction_key(ind.direction).to_string(),
    }
}

fn write_revisions_csv(
    plan: &Plan,
    initiatives: &[&AssessedInitiative],
    out: &mut dyn std::io::Write,
) -> Result<(), csv::Error> {
    let mut w = csv_writer(out, &REVISION_COLUMNS)?;
    if let Some(edition) = plan.latest_edition() {
        for i in initiatives {
            for r in crate::changes::revisions(edition, i.initiative) {
                w.write_record([
                    i.number.to_string().as_str(),
                    &i.id,
                    &r.now.id,
                    r.field.key(),
                    &r.field.year().map(|y| y.to_string()).unwrap_or_default(),
                    &edition.year.to_string(),
                    &edition.date.iso(),
                    &revised_value(r.was, r.field),
                    &revised_value(r.now, r.field),
                    r.reason.map_or("", |t| t.ja.as_str()),
                    r.reason.map_or("", en),
                ])?;
            }
        }
    }
    w.flush()?;
    Ok(())
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
struct JsonRoot<'a> {
    schema_version: u32,
    plan: Bi<'a>,
    owner: Bi<'a>,
    first_year: i32,
    last_year: i32,
    latest_reviewed_year: i32,
    licence: Bi<'a>,
    licence_url: &'a str,
    initiatives: JsonInitiatives<'a>,
}

/// The initiatives of the JSON, each prepared only when it is written.
struct JsonInitiatives<'a>(&'a Assessed<'a>);

impl Serialize for JsonInitiatives<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (assessed, plan) = (self.0, self.0.plan);
        s.collect_seq(assessed.initiatives.iter().map(|i| {
            JsonInitiative {
                number: i.number,
                id: &i.id,
                strategy: i.strategy,
                area: i.area,
                item: i.item,
                title: bi(&i.title),
                division: plan.site.divisions.get(&i.division).map(bi),
                indicators: i
                    .indicators
                    .iter()
                    .map(|ind| indicator_json(i, ind, plan))
                    .collect(),
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
    indicators: Vec<JsonIndicator<'a>>,
}

#[derive(Serialize)]
struct JsonIndicator<'a> {
    id: &'a str,
    name: Bi<'a>,
    unit: Option<Bi<'a>>,
    direction: &'static str,
    cumulative: bool,
    baseline: Option<JsonBaseline<'a>>,
    final_target: Option<serde_json::Value>,
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
    period_total: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    final_target_change: Option<f64>,
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
    /// As in revisions.csv: a plain number, the unit in Japanese, the
    /// direction's key; empty where there was none.
    published: String,
    current: String,
    reason: Option<Bi<'a>>,
}

/// A reference figure; `fiscal_year` is null when the source gives no year.
#[derive(Serialize)]
struct JsonBenchmark<'a> {
    label: Bi<'a>,
    value: f64,
    unit: Option<Bi<'a>>,
    fiscal_year: Option<i32>,
    source: Option<Bi<'a>>,
    /// Set when the figure is of a related measure, not of the indicator.
    measure: Option<Bi<'a>>,
    own_value: Option<f64>,
}

#[derive(Serialize)]
struct JsonBaseline<'a> {
    fiscal_year: Option<i32>,
    value: Option<f64>,
    text: Option<Bi<'a>>,
}

#[derive(Serialize)]
struct JsonYear<'a> {
    fiscal_year: i32,
    era_year: String,
    schedule: Option<&'static str>,
    target: Option<serde_json::Value>,
    actual: Option<serde_json::Value>,
    /// The figures in the report's own words, where it prints them so.
    target_text: Option<Bi<'a>>,
    actual_text: Option<Bi<'a>>,
    /// "provisional" (暫定), "missing" (―) or "undecided" (未確定), when
    /// the report says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    actual_state: Option<&'static str>,
    /// The city's own verdict, beside the computed `status`.
    #[serde(skip_serializing_if = "Option::is_none")]
    city_verdict: Option<Bi<'a>>,
    status: Status,
    /// The target as a change from the baseline; `target` is the figure it implies.
    #[serde(skip_serializing_if = "Option::is_none")]
    target_change: Option<f64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    target_approximate: bool,
    /// The date the figures are as of (`2013-04-01`), for figures at a date.
    #[serde(skip_serializing_if = "Option::is_none")]
    measured_on: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    running_target: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    running_actual: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    progress_of_year: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    progress_of_period: Option<f64>,
}

fn figure_json(f: Option<Figure>) -> Option<serde_json::Value> {
    match f? {
        Figure::Number(n) => serde_json::Number::from_f64(n).map(serde_json::Value::Number),
        Figure::Done(d) => Some(serde_json::Value::Bool(d)),
    }
}

/// A rate to one decimal, as pages print it.
fn rounded(r: Option<f64>) -> Option<f64> {
    r.and_then(|r| format!("{r:.1}").parse().ok())
}

fn indicator_json<'a>(
    i: &AssessedInitiative<'a>,
    ind: &'a AssessedIndicator<'a>,
    plan: &'a Plan,
) -> JsonIndicator<'a> {
    JsonIndicator {
        id: &ind.id,
        name: bi(&ind.name),
        unit: ind.unit.as_ref().map(bi),
        direction: direction_key(ind.direction),
        cumulative: ind.cumulative,
        baseline: ind.baseline.as_ref().map(|b| JsonBaseline {
            fiscal_year: b.year,
            value: b.value,
            text: b.text.as_deref().map(bi),
        }),
        final_target: ind.final_target.as_ref().and_then(|t| figure_json(t.value)),
        final_target_text: ind
            .final_target
            .as_ref()
            .and_then(|t| t.text.as_deref())
            .map(bi),
        years: plan
            .site
            .years()
            .map(|year| {
                let y = ind.years.get(&year);
                JsonYear {
                    fiscal_year: year,
                    era_year: text::era_label(year),
                    schedule: i.schedule.get(&year).map(|s| schedule_key(*s)),
                    target: figure_json(y.and_then(|y| y.target)),
                    actual: figure_json(y.and_then(|y| y.actual)),
                    target_text: y.and_then(|y| y.target_text.as_deref()).map(bi),
                    actual_text: y.and_then(|y| y.actual_text.as_deref()).map(bi),
                    actual_state: y.and_then(|y| y.state).map(|s| s.key()),
                    city_verdict: y.and_then(|y| y.city_verdict.as_deref()).map(bi),
                    status: ind.status(year),
                    target_change: y.and_then(|y| y.target_change()).map(|(c, _)| c),
                    target_approximate: y.is_some_and(|y| y.approximate()),
                    measured_on: y.and_then(|y| y.measured_on()).map(|d| d.iso()),
                    running_target: ind.running_total.get(&year).and_then(|r| r.target),
                    running_actual: ind.running_total.get(&year).and_then(|r| r.actual),
                    progress_of_year: rounded(
                        crate::assess::progress(ind, year).and_then(|p| p.of_year),
                    ),
                    progress_of_period: rounded(
                        crate::assess::progress(ind, year).and_then(|p| p.of_period),
                    ),
                }
            })
            .collect(),
        benchmarks: ind
            .benchmarks
            .iter()
            .map(|b| {
                let measure = b.measure.as_ref();
                JsonBenchmark {
                    label: bi(&b.label),
                    value: b.value,
                    unit: match measure {
                        Some(m) => m.unit.as_ref(),
                        None => ind.unit.as_ref(),
                    }
                    .map(bi),
                    fiscal_year: b.year,
                    source: b.source.as_ref().map(bi),
                    measure: measure.map(|m| bi(&m.name)),
                    own_value: measure.and_then(|m| m.own_value).map(|(n, _)| n),
                }
            })
            .collect(),
        revisions: plan
            .latest_edition()
            .map(|edition| {
                crate::changes::revisions(edition, i.initiative)
                    .into_iter()
                    .filter(|r| r.now.id == ind.id)
                    .map(|r| JsonRevision {
                        field: r.field.key(),
                        fiscal_year: r.field.year(),
                        edition: edition.year,
                        edition_date: edition.date.iso(),
                        published: revised_value(r.was, r.field),
                        current: revised_value(r.now, r.field),
                        reason: r.reason.map(bi),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        period_total: ind.period_total.as_ref().map(|t| t.value),
        final_target_change: ind
            .final_target
            .as_ref()
            .and_then(|t| t.change)
            .map(|(c, _)| c),
        final_target_approximate: ind.final_target.as_ref().is_some_and(|t| t.approximate),
    }
}

fn json_root<'a>(assessed: &'a Assessed<'a>) -> JsonRoot<'a> {
    let site = &assessed.plan.site;
    JsonRoot {
        schema_version: SCHEMA_VERSION,
        plan: bi(&site.plan_name),
        owner: bi(&site.owner),
        first_year: site.first_year,
        last_year: site.last_year,
        latest_reviewed_year: site.latest_year,
        licence: bi(&site.licence),
        licence_url: &site.licence_url,
        initiatives: JsonInitiatives(assessed),
    }
}
