//! The CSV files of the open data, one writer each.

use crate::base::text;
use crate::check::assess::{Assessed, AssessedInitiative};
use crate::model::Plan;

use super::{
    BENCHMARK_COLUMNS, CSV_COLUMNS, HEADLINE_COLUMNS, PLAN_REVISION_COLUMNS, REVISION_COLUMNS,
    STATUS_COLUMNS, STATUS_COUNT_COLUMNS, csv_writer, direction_key, en, plain, revised_value,
    schedule_key,
};

/// Each initiative's status per year on its scale, and the level the
/// scale's rule gives it.
pub(super) fn write_statuses_csv(
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
pub(super) fn write_status_counts_csv(
    plan: &Plan,
    out: &mut dyn std::io::Write,
) -> Result<(), csv::Error> {
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
pub(super) fn write_headline_csv(
    assessed: &Assessed,
    out: &mut dyn std::io::Write,
) -> Result<(), csv::Error> {
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

pub(super) fn write_csv(
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
pub(super) fn write_benchmarks_csv(
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

pub(super) fn write_revisions_csv(
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
pub(super) fn write_plan_revisions_csv(
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
