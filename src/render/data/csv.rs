//! The CSV files of the open data: one row type each, written through serde
//! by the csv crate (the header row is the file's columns, in order).

use serde::Serialize;

use crate::base::text;
use crate::base::text::LangText;
use crate::check::assess::{Assessed, AssessedIndicator, AssessedInitiative};
use crate::model::{Plan, PlanRevision};

use super::{
    BENCHMARK_COLUMNS, CSV_COLUMNS, HEADLINE_COLUMNS, PLAN_REVISION_COLUMNS, REVISION_COLUMNS,
    STATUS_COLUMNS, STATUS_COUNT_COLUMNS, direction_key, en, plain, revised_value, schedule_key,
};

type Out<'w> = &'w mut dyn std::io::Write;

/// A CSV file as Excel on a Japanese PC opens it: a byte-order mark, CRLF
/// line ends, and the header row (written here, so that a file without rows
/// has it too).
fn csv_writer<'w>(
    out: &'w mut dyn std::io::Write,
    columns: &[&str],
) -> Result<csv::Writer<&'w mut dyn std::io::Write>, csv::Error> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .has_headers(false)
        .from_writer(out);
    w.write_record(columns)?;
    Ok(w)
}

/// A row of `indicators.csv` (and of an initiative's slice): one indicator
/// in one fiscal year.
#[derive(Serialize, Default)]
struct IndicatorRow<'a> {
    initiative_no: u32,
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
}

pub(super) fn write_csv(
    plan: &Plan,
    initiatives: &[&AssessedInitiative],
    out: Out,
) -> Result<(), csv::Error> {
    let mut w = csv_writer(out, &CSV_COLUMNS)?;
    for i in initiatives {
        let division = plan.site.divisions.get(&i.division);
        for ind in &i.indicators {
            for year in plan.site.years() {
                w.serialize(indicator_row(i, ind, year, division))?;
            }
        }
    }
    w.flush()?;
    Ok(())
}

fn indicator_row<'a>(
    i: &'a AssessedInitiative,
    ind: &'a AssessedIndicator,
    year: i32,
    division: Option<&'a LangText>,
) -> IndicatorRow<'a> {
    let y = ind.years.get(&year);
    let unit = ind.unit.as_ref();
    let target_text = y.and_then(|y| y.target_text.as_deref());
    let actual_text = y.and_then(|y| y.actual_text.as_deref());
    let running = ind.running_total.get(&year);
    let progress = crate::check::assess::progress(ind, year);
    let rate = |r: Option<f64>| r.map(|r| format!("{r:.1}")).unwrap_or_default();
    let number = |n: Option<f64>| n.map(text::plain_number).unwrap_or_default();
    IndicatorRow {
        initiative_no: i.number,
        initiative_id: &i.id,
        indicator_id: &ind.id,
        fiscal_year: year,
        era_year: text::era_label(year),
        schedule: i.schedule.get(&year).map_or("", |s| schedule_key(*s)),
        target: plain(y.and_then(|y| y.target)),
        actual: plain(y.and_then(|y| y.actual)),
        unit_ja: unit.map_or("", |u| u.ja.as_str()),
        unit_en: unit.map_or("", en),
        direction: direction_key(ind.direction),
        status: ind.status(year).key(),
        title_ja: &i.title.ja,
        title_en: en(&i.title),
        division_ja: division.map_or("", |d| d.ja.as_str()),
        division_en: division.map_or("", en),
        target_text_ja: target_text.map_or("", |t| t.ja.as_str()),
        target_text_en: target_text.map_or("", en),
        actual_text_ja: actual_text.map_or("", |t| t.ja.as_str()),
        actual_text_en: actual_text.map_or("", en),
        target_change: number(y.and_then(|y| y.target_change()).map(|(c, _)| c)),
        target_approximate: u8::from(y.is_some_and(|y| y.approximate())),
        measured_on: y
            .and_then(|y| y.measured_on())
            .map(|d| d.iso())
            .unwrap_or_default(),
        running_target: number(running.and_then(|r| r.target)),
        running_actual: number(running.and_then(|r| r.actual)),
        progress_of_year: rate(progress.and_then(|p| p.of_year)),
        progress_of_period: rate(progress.and_then(|p| p.of_period)),
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
}

/// The counts of items by status as the report gives them.
pub(super) fn write_status_counts_csv(plan: &Plan, out: Out) -> Result<(), csv::Error> {
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
            })?;
        }
    }
    w.flush()?;
    Ok(())
}

/// A row of `headline_targets.csv`: one of the plan's headline targets in
/// one fiscal year.
#[derive(Serialize, Default)]
struct HeadlineRow<'a> {
    indicator_id: &'a str,
    name_ja: &'a str,
    name_en: &'a str,
    fiscal_year: i32,
    era_year: String,
    target: String,
    actual: String,
    unit_ja: &'a str,
    unit_en: &'a str,
    direction: &'static str,
    status: &'static str,
    target_text_ja: &'a str,
    target_text_en: &'a str,
    actual_text_ja: &'a str,
    actual_text_en: &'a str,
}

/// The plan's headline targets, one row per target and year.
pub(super) fn write_headline_csv(assessed: &Assessed, out: Out) -> Result<(), csv::Error> {
    let plan = assessed.plan;
    let mut w = csv_writer(out, &HEADLINE_COLUMNS)?;
    for ind in &assessed.headline_targets {
        for year in plan.site.years() {
            let y = ind.years.get(&year);
            let unit = ind.unit.as_ref();
            let target_text = y.and_then(|y| y.target_text.as_deref());
            let actual_text = y.and_then(|y| y.actual_text.as_deref());
            w.serialize(HeadlineRow {
                indicator_id: &ind.id,
                name_ja: &ind.name.ja,
                name_en: en(&ind.name),
                fiscal_year: year,
                era_year: text::era_label(year),
                target: plain(y.and_then(|y| y.target)),
                actual: plain(y.and_then(|y| y.actual)),
                unit_ja: unit.map_or("", |u| u.ja.as_str()),
                unit_en: unit.map_or("", en),
                direction: direction_key(ind.direction),
                status: ind.status(year).key(),
                target_text_ja: target_text.map_or("", |t| t.ja.as_str()),
                target_text_en: target_text.map_or("", en),
                actual_text_ja: actual_text.map_or("", |t| t.ja.as_str()),
                actual_text_en: actual_text.map_or("", en),
            })?;
        }
    }
    w.flush()?;
    Ok(())
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
                w.serialize(BenchmarkRow {
                    initiative_no: i.number,
                    initiative_id: &i.id,
                    indicator_id: &ind.id,
                    label_ja: &b.label.ja,
                    label_en: en(&b.label),
                    value: text::plain_number(b.value),
                    unit_ja: unit.map_or("", |u| u.ja.as_str()),
                    unit_en: unit.map_or("", en),
                    benchmark_year: b.year,
                    benchmark_era_year: b.year.map(text::era_label).unwrap_or_default(),
                    measure_ja: measure.map_or("", |m| m.name.ja.as_str()),
                    measure_en: measure.map_or("", |m| en(&m.name)),
                    own_value: own.map(|(n, _)| text::plain_number(n)).unwrap_or_default(),
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
    let mut w = csv_writer(out, &REVISION_COLUMNS)?;
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
                    previous_value: revised_value(r.was, r.field),
                    current_value: revised_value(r.now, r.field),
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
    let mut w = csv_writer(out, &PLAN_REVISION_COLUMNS)?;
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
                        earlier_target: plain(t.earlier),
                        target: plain(f.target),
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
            (header(IndicatorRow::default()), &CSV_COLUMNS[..]),
            (header(StatusRow::default()), &STATUS_COLUMNS[..]),
            (header(CountRow::default()), &STATUS_COUNT_COLUMNS[..]),
            (header(HeadlineRow::default()), &HEADLINE_COLUMNS[..]),
            (header(BenchmarkRow::default()), &BENCHMARK_COLUMNS[..]),
            (header(RevisionRow::default()), &REVISION_COLUMNS[..]),
            (
                header(PlanRevisionRow::default()),
                &PLAN_REVISION_COLUMNS[..],
            ),
        ];
        for (got, want) in cases {
            assert_eq!(got, want.join(","));
        }
    }
}
