//! Open data: the figures behind the pages as CSV (UTF-8 with BOM, CRLF, so
//! that Excel opens Japanese correctly) and JSON, for the whole plan and one
//! CSV slice per initiative, described by `data/datapackage.json` (a Data
//! Package with a Table Schema per CSV) and `data/indicators.schema.json`
//! (a JSON Schema of `indicators.json`).
//!
//! `schema.rs` says what each CSV holds, `csv.rs` writes the CSV files,
//! `json.rs` `indicators.json`, `package.rs` the descriptions; this module
//! holds what they all write the same way. Every figure is written as its
//! page prints it, through [`text::written_number`] at the indicator's
//! decimals ([`Indicator::places`]): 28.0 stays 28.0.

use crate::base::diagnostic::Diagnostic;
use crate::base::output::Sink;
use crate::base::routes;
use crate::base::text::{self, Lang, LangText};
use crate::check::assess::{Assessed, AssessedInitiative};
use crate::model::{Direction, Figure, Indicator, Plan, Qualifier, ScheduleWord};

mod csv;
mod json;
mod package;
pub mod schema;

pub use package::Words;

use self::csv::{
    write_benchmarks_csv, write_csv, write_headline_csv, write_plan_revisions_csv,
    write_revisions_csv, write_status_counts_csv, write_statuses_csv,
};
use self::json::json_root;
use self::schema::Column;

/// The open data files every plan has, with their columns.
pub fn files() -> [(&'static str, &'static [Column]); 3] {
    [
        (routes::DATA_CSV, schema::INDICATORS),
        (routes::DATA_BENCHMARKS_CSV, schema::BENCHMARKS),
        (routes::DATA_REVISIONS_CSV, schema::REVISIONS),
    ]
}

/// Every CSV file of the plan's open data, with its columns.
pub fn all_files(plan: &Plan) -> Vec<(&'static str, &'static [Column])> {
    let mut out = files().to_vec();
    if !plan.site.plan_revisions.is_empty() {
        out.push((routes::DATA_PLAN_REVISIONS_CSV, schema::PLAN_REVISIONS));
    }
    out.extend(more_files(plan));
    out
}

/// The open data files only some plans have (besides `plan_revisions.csv`,
/// shown on its own), with their columns.
pub fn more_files(plan: &Plan) -> Vec<(&'static str, &'static [Column])> {
    let site = &plan.site;
    let mut out: Vec<(&'static str, &'static [Column])> = Vec::new();
    if !site.scales.is_empty() {
        out.push((routes::DATA_STATUSES_CSV, schema::STATUSES));
    }
    if !site.status_counts.is_empty() {
        out.push((routes::DATA_STATUS_COUNTS_CSV, schema::STATUS_COUNTS));
    }
    if !site.headline_targets.is_empty() {
        out.push((routes::DATA_HEADLINE_CSV, schema::INDICATORS));
    }
    out
}

/// Version of the JSON layout; raise it when a field changes meaning or goes away.
/// 2: figures as written (`28.0`), a milestone 1 or 0 as in the CSV, typed
/// revision values, `states` instead of `actual_state`, the plan's id and edition.
pub const SCHEMA_VERSION: u32 = 2;

/// The plan whose open data is written, and where it stands.
#[derive(Clone, Copy)]
pub struct Of<'a> {
    pub assessed: &'a Assessed<'a>,
    /// The plan's id: its folder in `plans/` for a finished plan, its
    /// period (`2022-2026`) for the current one.
    pub plan_id: &'a str,
}

impl<'a> Of<'a> {
    fn plan(&self) -> &'a Plan {
        self.assessed.plan
    }
}

/// Writes the open data of the whole plan (CSV and JSON) to `sink`, piece
/// by piece; returns the paths written. The slices per initiative are made
/// with the initiative's other files ([`slice`]).
pub fn write(of: Of, words: &dyn Words, sink: &dyn Sink) -> Result<Vec<String>, Diagnostic> {
    let plan = of.plan();
    let all: Vec<&AssessedInitiative> = of.assessed.initiatives.iter().collect();
    let mut written = Vec::new();
    for (path, _) in all_files(plan) {
        sink.put_streamed(path, &mut |w| {
            match path {
                routes::DATA_CSV => write_csv(of, &all, w),
                routes::DATA_BENCHMARKS_CSV => write_benchmarks_csv(&all, w),
                routes::DATA_REVISIONS_CSV => write_revisions_csv(plan, &all, w),
                routes::DATA_PLAN_REVISIONS_CSV => write_plan_revisions_csv(plan, &all, w),
                routes::DATA_STATUSES_CSV => write_statuses_csv(plan, &all, w),
                routes::DATA_STATUS_COUNTS_CSV => write_status_counts_csv(plan, w),
                _ => write_headline_csv(of, w),
            }
            .map_err(std::io::Error::other)
        })?;
        written.push(path.to_string());
    }
    sink.put_streamed(routes::DATA_JSON, &mut |w| {
        serde_json::to_writer_pretty(&mut *w, &json_root(of)).map_err(std::io::Error::other)?;
        w.write_all(b"\n")
    })?;
    written.push(routes::DATA_JSON.to_string());
    let described = [
        (routes::DATA_PACKAGE, package::datapackage(of, words)),
        (
            routes::DATA_JSON_SCHEMA,
            Ok(package::JSON_SCHEMA.as_bytes().to_vec()),
        ),
    ];
    for (path, bytes) in described {
        let bytes = bytes.map_err(|e| {
            Diagnostic::error(format!("writing {path}: {e}"))
                .ja(format!("{path} を書き出せませんでした：{e}"))
        })?;
        sink.put(crate::base::output::OutputFile {
            path: path.to_string(),
            bytes,
        })?;
        written.push(path.to_string());
    }
    Ok(written)
}

/// The CSV of one initiative.
pub fn slice(of: Of, i: &AssessedInitiative) -> Result<Vec<u8>, Diagnostic> {
    let mut bytes = Vec::new();
    write_csv(of, &[i], &mut bytes).map_err(|e| {
        Diagnostic::error(format!(
            "writing the open data of initiative No.{}: {e}",
            i.number
        ))
        .ja(format!(
            "取組項目 No.{} のオープンデータを書き出せませんでした：{e}",
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

pub fn qualifier_key(q: Qualifier) -> &'static str {
    match q {
        Qualifier::None => "none",
        Qualifier::AtLeast => "at_least",
        Qualifier::AtMost => "at_most",
        Qualifier::OrLess => "or_less",
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

/// A figure of `ind` as its page prints it, without separators: 28.0 at
/// one decimal, 0.670 as written, 45872; a milestone is 1 (done) or 0 (not
/// done); empty where there is none.
pub(super) fn figure(ind: &Indicator, f: Option<Figure>, places: Option<u8>) -> String {
    match f {
        Some(Figure::Number(n)) => text::written_number(n, ind.places(places)),
        Some(Figure::Done(done)) => u8::from(done).to_string(),
        None => String::new(),
    }
}

/// A number of `ind` as its page prints it (see [`figure`]).
pub(super) fn number(ind: &Indicator, n: Option<f64>, places: Option<u8>) -> String {
    figure(ind, n.map(Figure::Number), places)
}

/// A rate in percent as the pages print it: to one decimal.
pub(super) fn rate(r: Option<f64>) -> String {
    r.map(|r| text::written_number(r, Some(1)))
        .unwrap_or_default()
}

pub(super) fn en(t: &LangText) -> &str {
    t.get(Lang::EN).text
}

/// The revised field of `ind` as the open data writes it: a figure as its
/// page prints it (a milestone 1 or 0), the unit in Japanese, the
/// direction's key; `None` where there is none.
pub(super) fn revised_value(
    ind: &Indicator,
    field: crate::check::changes::RevisedField,
) -> Option<Revised> {
    use crate::check::changes::RevisedField as F;
    let figure = |f: Option<Figure>, places| Some(figure(ind, f, places)).filter(|s| !s.is_empty());
    match field {
        F::Target(y) => {
            let y = ind.years.get(&y)?;
            figure(y.target, y.target_places).map(Revised::Figure)
        }
        F::Actual(y) => {
            let y = ind.years.get(&y)?;
            figure(y.actual, y.actual_places).map(Revised::Figure)
        }
        F::Baseline => {
            let b = ind.baseline.as_ref()?;
            figure(b.value.map(Figure::Number), b.places).map(Revised::Figure)
        }
        F::FinalTarget => {
            let t = ind.final_target.as_ref()?;
            figure(t.value, t.places).map(Revised::Figure)
        }
        F::Unit => ind.unit.as_ref().map(|u| Revised::Text(u.ja.clone())),
        F::Direction => Some(Revised::Text(direction_key(ind.direction).to_string())),
    }
}

/// A revised value: a figure (a number in the JSON) or a word (a string).
pub(super) enum Revised {
    Figure(String),
    Text(String),
}

impl Revised {
    /// As the CSV writes it.
    pub(super) fn text(value: Option<Revised>) -> String {
        match value {
            Some(Revised::Figure(s) | Revised::Text(s)) => s,
            None => String::new(),
        }
    }
}
