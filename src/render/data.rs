//! Open data: the figures behind the pages as CSV (UTF-8 with BOM, CRLF, so
//! that Excel opens Japanese correctly) and JSON, for the whole plan and one
//! CSV slice per initiative.

use serde::Serialize;

use crate::base::diagnostic::Diagnostic;
use crate::base::output::Sink;
use crate::base::routes;
use crate::base::text::{self, Lang, LangText};
use crate::check::assess::{Assessed, AssessedIndicator, AssessedInitiative};
use crate::model::Status;
use crate::model::{Direction, Figure, Plan, ScheduleWord};

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

/// The columns of the plan revisions' CSV (one row per revision of the plan
/// itself, and one per initiative it added and per target it set or
/// changed), in order. Documented on the open data page; written only for a
/// plan that declares revisions.
pub const PLAN_REVISION_COLUMNS: [&str; 14] = [
    "revision_id",
    "revision_date",
    "revision_name_ja",
    "revision_name_en",
    "applies_from",
    "what",
    "previous_last_year",
    "last_year",
    "initiative_no",
    "initiative_id",
    "indicator_id",
    "fiscal_year",
    "earlier_target",
    "target",
];

/// The columns of the statuses' CSV (one row per initiative and year with a
/// status or a level by the scale's rule). Documented on the open data page.
pub const STATUS_COLUMNS: [&str; 10] = [
    "initiative_no",
    "initiative_id",
    "fiscal_year",
    "era_year",
    "scale",
    "level",
    "level_ja",
    "level_en",
    "on_track",
    "rule_level",
];

/// The columns of the reported counts' CSV (one row per count). Documented
/// on the open data page.
pub const STATUS_COUNT_COLUMNS: [&str; 10] = [
    "fiscal_year",
    "era_year",
    "scale",
    "levels",
    "level_ja",
    "level_en",
    "count",
    "total",
    "share_printed",
    "share",
];

/// The columns of the headline targets' CSV (one row per target and year).
pub const HEADLINE_COLUMNS: [&str; 15] = [
    "indicator_id",
    "name_ja",
    "name_en",
    "fiscal_year",
    "era_year",
    "target",
    "actual",
    "unit_ja",
    "unit_en",
    "direction",
    "status",
    "target_text_ja",
    "target_text_en",
    "actual_text_ja",
    "actual_text_en",
];

/// The open data files only some plans have, with their columns.
pub fn more_files(plan: &Plan) -> Vec<(&'static str, &'static [&'static str])> {
    let site = &plan.site;
    let mut out: Vec<(&'static str, &'static [&'static str])> = Vec::new();
    if !site.scales.is_empty() {
        out.push((routes::DATA_STATUSES_CSV, &STATUS_COLUMNS));
    }
    if !site.status_counts.is_empty() {
        out.push((routes::DATA_STATUS_COUNTS_CSV, &STATUS_COUNT_COLUMNS));
    }
    if !site.headline_targets.is_empty() {
        out.push((routes::DATA_HEADLINE_CSV, &HEADLINE_COLUMNS));
    }
    out
}

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
    let mut written = Vec::new();
    if !plan.site.plan_revisions.is_empty() {
        sink.put_streamed(routes::DATA_PLAN_REVISIONS_CSV, &mut |w| {
            write_plan_revisions_csv(plan, &all, w).map_err(std::io::Error::other)
        })?;
        written.push(routes::DATA_PLAN_REVISIONS_CSV.to_string());
    }
    sink.put_streamed(routes::DATA_JSON, &mut |w| {
        serde_json::to_writer_pretty(&mut *w, &json_root(assessed))
            .map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })?;
    let mut out = vec![
        routes::DATA_CSV.to_string(),
        routes::DATA_BENCHMARKS_CSV.to_string(),
        routes::DATA_REVISIONS_CSV.to_string(),
    ];
    out.extend(written);
    out.push(routes::DATA_JSON.to_string());
    let mut written = out;
    for (path, _) in more_files(plan) {
        sink.put_streamed(path, &mut |w| {
            match path {
                routes::DATA_STATUSES_CSV => write_statuses_csv(plan, &all, w),
                routes::DATA_STATUS_COUNTS_CSV => write_status_counts_csv(plan, w),
                _ => write_headline_csv(assessed, w),
            }
            .map_err(std::io::Error::other)
        })?;
        written.push(path.to_string());
    }
    Ok(written)
}

/// Each initiative's status per year on its scale, and the level the
/// scale's rule gives it.
fn write_statuses_csv(
    plan: &Plan,
    initiatives: &[&AssessedInitiative],
    out: &mut dyn std::io::Write,
) -> Result<(), csv::Error> {
    let mut w = csv_writer(out, &STATUS_COLUMNS)?;
    for i in initiatives {
        let Some(scale) = plan.site.scales.get(i.scale) else {
            continue;
        };
        for year in plan.site.reviewed_years() {
            let given = i.statuses.get(&year).map(|n| &scale.levels[*n]);
            let ruled = crate::check::assess::initiative_rule_level(scale, i, year)
                .map(|n| scale.levels[n].key.as_str());
            if given.is_none() && ruled.is_none() {
                continue;
            }
            w.write_record([
                i.number.to_string().as_str(),
                &i.id,
                &year.to_string(),
                &text::era_label(year),
                &scale.id,
                given.map_or("", |l| l.key.as_str()),
                given.map_or("", |l| l.label.ja.as_str()),
                given.map_or("", |l| en(&l.label)),
                given.map_or("", |l| if l.on_track { "true" } else { "false" }),
                ruled.unwrap_or(""),
            ])?;
        }
    }
    w.flush()?;
    Ok(())
}

/// The counts of items by status as the report gives them.
fn write_status_counts_csv(plan: &Plan, out: &mut dyn std::io::Write) -> Result<(), csv::Error> {
    let mut w = csv_writer(out, &STATUS_COUNT_COLUMNS)?;
    for c in &plan.site.status_counts {
        let scale = &plan.site.scales[c.scale];
        let sum: u32 = c.rows.iter().map(|r| r.count).sum();
        let whole = c.total.unwrap_or(sum);
        for r in &c.rows {
            let levels = |f: &dyn Fn(&crate::model::ScaleLevel) -> String| {
                r.levels
                    .iter()
                    .map(|l| f(&scale.levels[*l]))
                    .collect::<Vec<_>>()
                    .join(";")
            };
            let share = if whole > 0 {
                text::plain_number(
                    (f64::from(r.count) / f64::from(whole) * 10_000.0).round() / 100.0,
                )
            } else {
                String::new()
            };
            w.write_record([
                c.year.to_string().as_str(),
                &text::era_label(c.year),
                &scale.id,
                &levels(&|l| l.key.clone()),
                &levels(&|l| text::strip_ruby(&l.label.ja).into_owned()),
                &levels(&|l| text::strip_ruby(en(&l.label)).into_owned()),
                &r.count.to_string(),
                &c.total.map(|t| t.to_string()).unwrap_or_default(),
                &r.share
                    .map(|(v, places)| format!("{v:.p$}", p = usize::from(places)))
                    .unwrap_or_default(),
                &share,
            ])?;
        }
    }
    w.flush()?;
    Ok(())
}

/// The plan's headline targets, one row per target and year.
fn write_headline_csv(assessed: &Assessed, out: &mut dyn std::io::Write) -> Result<(), csv::Error> {
    let plan = assessed.plan;
    let mut w = csv_writer(out, &HEADLINE_COLUMNS)?;
    for ind in &assessed.headline_targets {
        for year in plan.site.years() {
            let y = ind.years.get(&year);
            let unit = ind.unit.as_ref();
            let target_text = y.and_then(|y| y.target_text.as_deref());
            let actual_text = y.and_then(|y| y.actual_text.as_deref());
            w.write_record([
                ind.id.as_str(),
                &ind.name.ja,
                en(&ind.name),
                &year.to_string(),
                &text::era_label(year),
                &plain(y.and_then(|y| y.target)),
                &plain(y.and_then(|y| y.actual)),
                unit.map_or("", |u| u.ja.as_str()),
                unit.map_or("", en),
                direction_key(ind.direction),
                ind.status(year).key(),
                target_text.map_or("", |t| t.ja.as_str()),
                target_text.map_or("", en),
                actual_text.map_or("", |t| t.ja.as_str()),
                actual_text.map_or("", en),
            ])?;
        }
    }
    w.flush()?;
    Ok(())
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
                let progress = crate::check::assess::progress(ind, year);
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
fn revised_value(
    ind: &crate::model::Indicator,
    field: crate::check::changes::RevisedField,
) -> String {
    use crate::check::changes::RevisedField as F;
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
            for r in crate::check::changes::revisions(edition, i.initiative) {
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

/// The plan's own revisions: a row per revision (with the period it moved,
/// if it did), then a row per initiative it added and per target it set or
/// changed.
fn write_plan_revisions_csv(
    plan: &Plan,
    initiatives: &[&AssessedInitiative],
    out: &mut dyn std::io::Write,
) -> Result<(), csv::Error> {
    let mut w = csv_writer(out, &PLAN_REVISION_COLUMNS)?;
    for r in &plan.site.plan_revisions {
        let head = [
            r.id.clone(),
            r.date.iso(),
            r.name.ja.clone(),
            en(&r.name).to_string(),
            r.applies_from.to_string(),
        ];
        let row = |what: &str, rest: [String; 8]| {
            let mut row: Vec<String> = head.to_vec();
            row.push(what.to_string());
            row.extend(rest);
            row
        };
        let (before, after) = r
            .period
            .map(|p| (p.before.to_string(), p.after.to_string()))
            .unwrap_or_default();
        w.write_record(row(
            "revision",
            [
                before,
                after,
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ],
        ))?;
        for i in initiatives {
            if i.added_at.as_deref() == Some(r.id.as_str()) {
                w.write_record(row(
                    "initiative_added",
                    [
                        String::new(),
                        String::new(),
                        i.number.to_string(),
                        i.id.clone(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                    ],
                ))?;
            }
            for ind in &i.indicators {
                for (year, f) in &ind.years {
                    let Some(t) = f.target_from.as_deref().filter(|t| t.revision == r.id) else {
                        continue;
                    };
                    let what = if t.earlier.is_some() {
                        "target_changed"
                    } else {
                        "target_set"
                    };
                    w.write_record(row(
                        what,
                        [
                            String::new(),
                            String::new(),
                            i.number.to_string(),
                            i.id.clone(),
                            ind.id.clone(),
                            year.to_string(),
                            plain(t.earlier),
                            plain(f.target),
                        ],
                    ))?;
                }
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
    share_printed: Option<f64>,
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
struct JsonInitiatives<'a>(&'a Assessed<'a>);

impl Serialize for JsonInitiatives<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (assessed, plan) = (self.0, self.0.plan);
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
    /// The plan revision that set or changed the target, and the target
    /// before it when it changed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    target_set_at: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    earlier_target: Option<serde_json::Value>,
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

/// An indicator in the JSON; `revisions` are its initiative's (see
/// [`crate::check::changes::revisions`]), none for a headline target.
fn indicator_json<'a>(
    i: Option<&AssessedInitiative<'a>>,
    ind: &'a AssessedIndicator<'a>,
    plan: &'a Plan,
    revisions: &[crate::check::changes::Revision<'a>],
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
                    schedule: i
                        .and_then(|i| i.schedule.get(&year))
                        .map(|s| schedule_key(*s)),
                    target: figure_json(y.and_then(|y| y.target)),
                    actual: figure_json(y.and_then(|y| y.actual)),
                    target_text: y.and_then(|y| y.target_text.as_deref()).map(bi),
                    actual_text: y.and_then(|y| y.actual_text.as_deref()).map(bi),
                    actual_state: y.and_then(|y| y.state).map(|s| s.key()),
                    city_verdict: y.and_then(|y| y.city_verdict.as_deref()).map(bi),
                    target_set_at: y
                        .and_then(|y| y.target_from.as_deref())
                        .map(|t| t.revision.as_str()),
                    earlier_target: figure_json(
                        y.and_then(|y| y.target_from.as_deref())
                            .and_then(|t| t.earlier),
                    ),
                    status: ind.status(year),
                    target_change: y.and_then(|y| y.target_change()).map(|(c, _)| c),
                    target_approximate: y.is_some_and(|y| y.approximate()),
                    measured_on: y.and_then(|y| y.measured_on()).map(|d| d.iso()),
                    running_target: ind.running_total.get(&year).and_then(|r| r.target),
                    running_actual: ind.running_total.get(&year).and_then(|r| r.actual),
                    progress_of_year: rounded(
                        crate::check::assess::progress(ind, year).and_then(|p| p.of_year),
                    ),
                    progress_of_period: rounded(
                        crate::check::assess::progress(ind, year).and_then(|p| p.of_period),
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
                revisions
                    .iter()
                    .filter(|r| std::ptr::eq(r.now, ind.indicator))
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
        initiatives: JsonInitiatives(assessed),
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
                        share_printed: r.share.map(|(v, _)| v),
                    })
                    .collect(),
            })
            .collect(),
        headline_targets: assessed
            .headline_targets
            .iter()
            .map(|ind| indicator_json(None, ind, assessed.plan, &[]))
            .collect(),
    }
}
