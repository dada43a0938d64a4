//! The CSV files of the open data: one row type each, written through serde
//! by the csv crate (the header row is the file's columns, in order).

use serde::Serialize;

use crate::base::text;
use crate::check::assess::{AssessedIndicator, AssessedInitiative};
use crate::model::{Indicator, Plan, PlanRevision};

use super::schema::{self, Column};
use super::{
    Of, Revised, direction_key, en, figure, number, qualifier_key, rate, revised_value,
    schedule_key,
};

type Out<'w> = &'w mut dyn std::io::Write;

/// A CSV file as Excel on a Japanese PC opens it: a byte-order mark, CRLF
/// line ends, and the header row (written here, so that a file without rows
/// has it too).
fn csv_writer<'w>(
    out: &'w mut dyn std::io::Write,
    columns: &[Column],
) -> Result<csv::Writer<&'w mut dyn std::io::Write>, csv::Error> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .has_headers(false)
        .from_writer(out);
    w.write_record(schema::names(columns))?;
    Ok(w)
}

/// A row of `indicators.csv` (and of an initiative's slice, and of
/// `headline_targets.csv`, where the initiative's columns are empty): one
/// indicator in one fiscal year, with every figure and word its page shows.
/// Its fields are [`schema::INDICATORS`], in order.
#[derive(Serialize, Default, Clone)]
struct IndicatorRow<'a> {
    initiative_no: Option<u32>,
    initiative_id: &'a str,
    indicator_id: &'a str,
    fiscal_year: i32,
    era_year: String,
    schedule: &'static str,
    target: String,
    actual: String,
    unit_ja: &'a str,
    unit_en: &'a str,
    direction: &'static str,
    status: &'static str,
    title_ja: &'a str,
    title_en: &'a str,
    division_ja: &'a str,
    division_en: &'a str,
    target_text_ja: &'a str,
    target_text_en: &'a str,
    actual_text_ja: &'a str,
    actual_text_en: &'a str,
    target_change: String,
    target_approximate: u8,
    measured_on: String,
    running_target: String,
    running_actual: String,
    progress_of_year: String,
    progress_of_period: String,
    plan_id: &'a str,
    latest_reviewed_year: i32,
    edition_year: Option<i32>,
    edition_date: String,
    indicator_name_ja: &'a str,
    indicator_name_en: &'a str,
    qualifier: &'static str,
    cumulative: u8,
    baseline_value: String,
    baseline_year: Option<i32>,
    baseline_text_ja: &'a str,
    baseline_text_en: &'a str,
    final_target: String,
    final_target_text_ja: &'a str,
    final_target_text_en: &'a str,
    final_target_change: String,
    final_target_approximate: u8,
    period_total: String,
    states: &'static str,
    city_verdict_ja: &'a str,
    city_verdict_en: &'a str,
    progress_of_year_against: &'static str,
    progress_of_period_against: &'static str,
    progress_of_period_approximate: u8,
    status_by: &'static str,
    verdict: &'static str,
    verdict_differs: u8,
    dash: &'static str,
}

pub(super) fn write_csv(
    of: Of,
    initiatives: &[&AssessedInitiative],
    out: Out,
) -> Result<(), csv::Error> {
    let plan = of.plan();
    let mut w = csv_writer(out, schema::INDICATORS)?;
    for i in initiatives {
        let division = plan.site.divisions.get(&i.division);
        for ind in &i.indicators {
            let fixed = indicator_row(of, ind);
            for year in plan.site.years() {
                w.serialize(IndicatorRow {
                    initiative_no: Some(i.number),
                    initiative_id: &i.id,
                    schedule: i.schedule.get(&year).map_or("", |s| schedule_key(*s)),
                    title_ja: &i.title.ja,
                    title_en: en(&i.title),
                    division_ja: division.map_or("", |d| d.ja.as_str()),
                    division_en: division.map_or("", en),
                    ..year_row(&fixed, ind, year)
                })?;
            }
        }
    }
    w.flush()?;
    Ok(())
}

/// The plan's headline targets, one row per target and year, in the
/// columns of `indicators.csv` (those of an initiative empty).
pub(super) fn write_headline_csv(of: Of, out: Out) -> Result<(), csv::Error> {
    let mut w = csv_writer(out, schema::INDICATORS)?;
    for ind in &of.assessed.headline_targets {
        let fixed = indicator_row(of, ind);
        for year in of.plan().site.years() {
            w.serialize(year_row(&fixed, ind, year))?;
        }
    }
    w.flush()?;
    Ok(())
}

/// The columns of an indicator that are the same in every year: the plan
/// and edition, the name, the baseline and the final target.
fn indicator_row<'a>(of: Of<'a>, ind: &'a Indicator) -> IndicatorRow<'a> {
    let plan = of.plan();
    let edition = plan.latest_edition();
    let baseline = ind.baseline.as_ref();
    let baseline_text = baseline.and_then(|b| b.text.as_deref());
    let last = ind.final_target.as_ref();
    let last_text = last.and_then(|t| t.text.as_deref());
    let unit = ind.unit.as_ref();
    IndicatorRow {
        indicator_id: &ind.id,
        unit_ja: unit.map_or("", |u| u.ja.as_str()),
        unit_en: unit.map_or("", en),
        direction: direction_key(ind.direction),
        plan_id: of.plan_id,
        latest_reviewed_year: plan.site.latest_year,
        edition_year: edition.map(|e| e.year),
        edition_date: edition.map(|e| e.date.iso()).unwrap_or_default(),
        indicator_name_ja: &ind.name.ja,
        indicator_name_en: en(&ind.name),
        qualifier: qualifier_key(ind.qualifier),
        cumulative: u8::from(ind.cumulative),
        baseline_value: baseline.map_or_else(String::new, |b| number(ind, b.value, b.places)),
        baseline_year: baseline.and_then(|b| b.year),
        baseline_text_ja: baseline_text.map_or("", |t| t.ja.as_str()),
        baseline_text_en: baseline_text.map_or("", en),
        final_target: last.map_or_else(String::new, |t| figure(ind, t.value, t.places)),
        final_target_text_ja: last_text.map_or("", |t| t.ja.as_str()),
        final_target_text_en: last_text.map_or("", en),
        final_target_change: last
            .and_then(|t| t.change)
            .map_or_else(String::new, |(c, places)| number(ind, Some(c), places)),
        final_target_approximate: u8::from(last.is_some_and(|t| t.approximate)),
        period_total: ind
            .period_total
            .as_ref()
            .map_or_else(String::new, |t| number(ind, Some(t.value), t.places)),
        ..IndicatorRow::default()
    }
}

/// The row of `ind` in `year`: the columns of the year, beside the
/// indicator's own (`fixed`).
fn year_row<'a>(
    fixed: &IndicatorRow<'a>,
    ind: &'a AssessedIndicator,
    year: i32,
) -> IndicatorRow<'a> {
    let y = ind.years.get(&year);
    let target_text = y.and_then(|y| y.target_text.as_deref());
    let actual_text = y.and_then(|y| y.actual_text.as_deref());
    let verdict = y.and_then(|y| y.city_verdict.as_deref());
    let running = ind.running_total.get(&year);
    let progress = crate::check::assess::progress(ind, year);
    let judged = ind.judgement(year);
    IndicatorRow {
        fiscal_year: year,
        era_year: text::era_label(year),
        target: y.map_or_else(String::new, |y| figure(ind, y.target, y.target_places)),
        actual: y.map_or_else(String::new, |y| figure(ind, y.actual, y.actual_places)),
        status: ind.status(year).key(),
        target_text_ja: target_text.map_or("", |t| t.ja.as_str()),
        target_text_en: target_text.map_or("", en),
        actual_text_ja: actual_text.map_or("", |t| t.ja.as_str()),
        actual_text_en: actual_text.map_or("", en),
        target_change: y
            .and_then(|y| y.target_change())
            .map_or_else(String::new, |(c, places)| number(ind, Some(c), places)),
        target_approximate: u8::from(y.is_some_and(|y| y.approximate())),
        measured_on: y
            .and_then(|y| y.measured_on())
            .map(|d| d.iso())
            .unwrap_or_default(),
        running_target: running
            .map_or_else(String::new, |r| number(ind, r.target, r.target_places)),
        running_actual: running
            .map_or_else(String::new, |r| number(ind, r.actual, r.actual_places)),
        progress_of_year: rate(progress.and_then(|p| p.of_year)),
        progress_of_period: rate(progress.and_then(|p| p.of_period)),
        states: y.and_then(|y| y.state).map_or("", |s| s.key()),
        city_verdict_ja: verdict.map_or("", |t| t.ja.as_str()),
        city_verdict_en: verdict.map_or("", en),
        progress_of_year_against: if progress.is_some_and(|p| p.of_year.is_some()) {
            "year_target"
        } else {
            ""
        },
        progress_of_period_against: progress
            .and_then(|p| p.of_period.map(|_| p.against))
            .map_or("", |a| a.key()),
        progress_of_period_approximate: u8::from(progress.is_some_and(|p| p.period_approximate)),
        status_by: if judged.by_city { "city" } else { "figures" },
        verdict: y.and_then(|y| y.verdict).map_or("", |v| v.key()),
        verdict_differs: u8::from(judged.differs()),
        dash: y.and_then(|y| y.dash).map_or("", |d| d.key()),
        ..fixed.clone()
    }
}

/// A row of `statuses.csv`: an initiative's status in a year on its
/// scale, and the level the scale's rule gives it.
#[derive(Serialize, Default)]
struct StatusRow<'a> {
    initiative_no: u32,
    initiative_id: &'a str,
    fiscal_year: i32,
    era_year: String,
    scale: &'a str,
    level: &'a str,
    level_ja: &'a str,
    level_en: &'a str,
    on_track: Option<bool>,
    rule_level: &'a str,
}

/// Each initiative's status per year on its scale, and the level the
/// scale's rule gives it.
pub(super) fn write_statuses_csv(
    plan: &Plan,
    initiatives: &[&AssessedInitiative],
    out: Out,
) -> Result<(), csv::Error> {
    let mut w = csv_writer(out, schema::STATUSES)?;
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
            w.serialize(StatusRow {
                initiative_no: i.number,
                initiative_id: &i.id,
                fiscal_year: year,
                era_year: text::era_label(year),
                scale: &scale.id,
                level: given.map_or("", |l| l.key.as_str()),
                level_ja: given.map_or("", |l| l.label.ja.as_str()),
                level_en: given.map_or("", |l| en(&l.label)),
                on_track: given.map(|l| l.on_track),
                rule_level: ruled.unwrap_or(""),
            })?;
        }
    }
    w.flush()?;
    Ok(())
}

/// A row of `status_counts.csv`: one count of items, of one level or of
/// several counted together.
#[derive(Serialize, Default)]
struct CountRow<'a> {
    fiscal_year: i32,
    era_year: String,
    scale: &'a str,
    levels: String,
    level_ja: String,
    level_en: String,
    count: u32,
    total: Option<u32>,
    share_printed: String,
    share: String,
    count_label_ja: &'a str,
    count_label_en: &'a str,
}

/// The counts of items by status as the report gives them.
pub(super) fn write_status_counts_csv(plan: &Plan, out: Out) -> Result<(), csv::Error> {
    let mut w = csv_writer(out, schema::STATUS_COUNTS)?;
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
            w.serialize(CountRow {
                fiscal_year: c.year,
                era_year: text::era_label(c.year),
                scale: &scale.id,
                levels: levels(&|l| l.key.clone()),
                level_ja: levels(&|l| text::strip_ruby(&l.label.ja).into_owned()),
                level_en: levels(&|l| text::strip_ruby(en(&l.label)).into_owned()),
                count: r.count,
                total: c.total,
                share_printed: r
                    .share
                    .map(|(v, places)| format!("{v:.p$}", p = usize::from(places)))
                    .unwrap_or_default(),
                share,
                count_label_ja: c.label.as_ref().map_or("", |t| t.ja.as_str()),
                count_label_en: c.label.as_ref().map_or("", en),
            })?;
        }
    }
    w.flush()?;
    Ok(())
}

/// A benchmark's figure as its page prints it: at the indicator's decimals
/// on its own measure, as written on a related one.
fn benchmark_number(ind: &Indicator, b: &crate::model::Benchmark) -> String {
    match b.measure {
        Some(_) => text::written_number(b.value, b.places),
        None => number(ind, Some(b.value), b.places),
    }
}

/// A row of `benchmarks.csv`: one reference figure of an indicator.
#[derive(Serialize, Default)]
struct BenchmarkRow<'a> {
    initiative_no: u32,
    initiative_id: &'a str,
    indicator_id: &'a str,
    label_ja: &'a str,
    label_en: &'a str,
    value: String,
    unit_ja: &'a str,
    unit_en: &'a str,
    benchmark_year: Option<i32>,
    benchmark_era_year: String,
    measure_ja: &'a str,
    measure_en: &'a str,
    own_value: String,
    source_ja: &'a str,
    source_en: &'a str,
}

/// The reference figures of every indicator, one row each.
pub(super) fn write_benchmarks_csv(
    initiatives: &[&AssessedInitiative],
    out: Out,
) -> Result<(), csv::Error> {
    let mut w = csv_writer(out, schema::BENCHMARKS)?;
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
                w.serialize(BenchmarkRow {
                    initiative_no: i.number,
                    initiative_id: &i.id,
                    indicator_id: &ind.id,
                    label_ja: &b.label.ja,
                    label_en: en(&b.label),
                    value: benchmark_number(ind, b),
                    unit_ja: unit.map_or("", |u| u.ja.as_str()),
                    unit_en: unit.map_or("", en),
                    benchmark_year: b.year,
                    benchmark_era_year: b.year.map(text::era_label).unwrap_or_default(),
                    measure_ja: measure.map_or("", |m| m.name.ja.as_str()),
                    measure_en: measure.map_or("", |m| en(&m.name)),
                    own_value: own
                        .map(|(n, places)| text::written_number(n, places))
                        .unwrap_or_default(),
                    source_ja: b.source.as_ref().map_or("", |s| s.ja.as_str()),
                    source_en: b.source.as_ref().map_or("", en),
                })?;
            }
        }
    }
    w.flush()?;
    Ok(())
}

/// A row of `revisions.csv`: a published figure that differs now.
#[derive(Serialize, Default)]
struct RevisionRow<'a> {
    initiative_no: u32,
    initiative_id: &'a str,
    indicator_id: &'a str,
    field: &'static str,
    fiscal_year: Option<i32>,
    edition_year: i32,
    edition_date: String,
    previous_value: String,
    current_value: String,
    reason_ja: &'a str,
    reason_en: &'a str,
}

pub(super) fn write_revisions_csv(
    plan: &Plan,
    initiatives: &[&AssessedInitiative],
    out: Out,
) -> Result<(), csv::Error> {
    let mut w = csv_writer(out, schema::REVISIONS)?;
    if let Some(edition) = plan.latest_edition() {
        for i in initiatives {
            for r in crate::check::changes::revisions(edition, i.initiative) {
                w.serialize(RevisionRow {
                    initiative_no: i.number,
                    initiative_id: &i.id,
                    indicator_id: &r.now.id,
                    field: r.field.key(),
                    fiscal_year: r.field.year(),
                    edition_year: edition.year,
                    edition_date: edition.date.iso(),
                    previous_value: Revised::text(revised_value(r.was, r.field)),
                    current_value: Revised::text(revised_value(r.now, r.field)),
                    reason_ja: r.reason.map_or("", |t| t.ja.as_str()),
                    reason_en: r.reason.map_or("", en),
                })?;
            }
        }
    }
    w.flush()?;
    Ok(())
}

/// A row of `plan_revisions.csv`: a revision of the plan itself, or one
/// initiative it added, or one target it set or changed.
#[derive(Serialize, Default)]
struct PlanRevisionRow<'a> {
    revision_id: &'a str,
    revision_date: String,
    revision_name_ja: &'a str,
    revision_name_en: &'a str,
    applies_from: i32,
    what: &'static str,
    previous_last_year: Option<i32>,
    last_year: Option<i32>,
    initiative_no: Option<u32>,
    initiative_id: &'a str,
    indicator_id: &'a str,
    fiscal_year: Option<i32>,
    earlier_target: String,
    target: String,
}

impl<'a> PlanRevisionRow<'a> {
    /// The row of the revision `r` itself, with the period it moved, if it did.
    fn of(r: &'a PlanRevision) -> PlanRevisionRow<'a> {
        PlanRevisionRow {
            revision_id: &r.id,
            revision_date: r.date.iso(),
            revision_name_ja: &r.name.ja,
            revision_name_en: en(&r.name),
            applies_from: r.applies_from,
            what: "revision",
            previous_last_year: r.period.map(|p| p.before),
            last_year: r.period.map(|p| p.after),
            initiative_no: None,
            initiative_id: "",
            indicator_id: "",
            fiscal_year: None,
            earlier_target: String::new(),
            target: String::new(),
        }
    }
}

/// The plan's own revisions: a row per revision (with the period it moved,
/// if it did), then a row per initiative it added and per target it set or
/// changed.
pub(super) fn write_plan_revisions_csv(
    plan: &Plan,
    initiatives: &[&AssessedInitiative],
    out: Out,
) -> Result<(), csv::Error> {
    let mut w = csv_writer(out, schema::PLAN_REVISIONS)?;
    for r in &plan.site.plan_revisions {
        w.serialize(PlanRevisionRow::of(r))?;
        let below = || PlanRevisionRow {
            previous_last_year: None,
            last_year: None,
            ..PlanRevisionRow::of(r)
        };
        for i in initiatives {
            if i.added_at.as_deref() == Some(r.id.as_str()) {
                w.serialize(PlanRevisionRow {
                    what: "initiative_added",
                    initiative_no: Some(i.number),
                    initiative_id: &i.id,
                    ..below()
                })?;
            }
            for ind in &i.indicators {
                for (year, f) in &ind.years {
                    let Some(t) = f.target_from.as_deref().filter(|t| t.revision == r.id) else {
                        continue;
                    };
                    w.serialize(PlanRevisionRow {
                        what: if t.earlier.is_some() {
                            "target_changed"
                        } else {
                            "target_set"
                        },
                        initiative_no: Some(i.number),
                        initiative_id: &i.id,
                        indicator_id: &ind.id,
                        fiscal_year: Some(*year),
                        earlier_target: figure(ind, t.earlier, t.earlier_places),
                        target: figure(ind, f.target, f.target_places),
                        ..below()
                    })?;
                }
            }
        }
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header a row type writes through serde: its field names, in order.
    fn header<T: Serialize>(row: T) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize(row).unwrap();
        let bytes = w.into_inner().unwrap();
        String::from_utf8(bytes)
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_string()
    }

    /// Each row type's fields are the documented columns of its file, in order.
    #[test]
    fn rows_are_the_documented_columns() {
        let cases = [
            (header(IndicatorRow::default()), schema::INDICATORS),
            (header(StatusRow::default()), schema::STATUSES),
            (header(CountRow::default()), schema::STATUS_COUNTS),
            (header(BenchmarkRow::default()), schema::BENCHMARKS),
            (header(RevisionRow::default()), schema::REVISIONS),
            (header(PlanRevisionRow::default()), schema::PLAN_REVISIONS),
        ];
        for (got, want) in cases {
            assert_eq!(got, schema::names(want).collect::<Vec<_>>().join(","));
        }
    }
}
