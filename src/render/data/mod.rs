//! Open data: the figures behind the pages as CSV (UTF-8 with BOM, CRLF, so
//! that Excel opens Japanese correctly) and JSON, for the whole plan and one
//! CSV slice per initiative.

//!
//! `csv.rs` writes the CSV files, `json.rs` `indicators.json`; this module
//! holds their columns and what both write the same way.

use crate::base::diagnostic::Diagnostic;
use crate::base::output::Sink;
use crate::base::routes;
use crate::base::text::{self, Lang, LangText};
use crate::check::assess::{Assessed, AssessedInitiative};
use crate::model::{Direction, Figure, Plan, ScheduleWord};

mod csv;
mod json;

use self::csv::{
    write_benchmarks_csv, write_csv, write_headline_csv, write_plan_revisions_csv,
    write_revisions_csv, write_status_counts_csv, write_statuses_csv,
};
use self::json::json_root;

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
pub(super) fn plain(f: Option<Figure>) -> String {
    match f {
        Some(Figure::Number(n)) => text::plain_number(n),
        Some(Figure::Done(done)) => u8::from(done).to_string(),
        None => String::new(),
    }
}

pub(super) fn en(t: &LangText) -> &str {
    t.get(Lang::EN).text
}

/// The revised field of `ind` as the open data writes it: a figure as a
/// plain number (a milestone 1 or 0), the unit in Japanese, the direction's
/// key; empty where there is none.
pub(super) fn revised_value(
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
