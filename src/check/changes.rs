//! What moved in the plan's figures, computed, never typed: a year's target
//! easier than the target before it, a final target that falls behind the
//! baseline.
//!
//! Pure functions of the model, like [`crate::check::assess`]: no words, no files.
//! Two figures are compared as the pages print them, at the indicator's
//! `decimals` (or, without them, at the places the figures are written
//! with), so 90.50 and 90.5 are the same target and no rounding error of a
//! float makes a movement that no reader could see.

use std::cmp::Ordering;

use crate::base::text::LangText;
use crate::model::{Direction, Edition, Figure, Indicator, Initiative};

/// One movement of an indicator's targets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Movement {
    /// The target of `year` is easier than the target of `previous_year`
    /// (the nearest earlier year with a target): lower for an indicator
    /// where higher is better, higher for a ceiling.
    EasierTarget {
        year: i32,
        previous_year: i32,
        target: f64,
        previous: f64,
        /// The target is also worse than the baseline.
        behind_baseline: bool,
    },
    /// The target of the plan's last year is worse than the baseline.
    FinalBehindBaseline { final_target: f64, baseline: f64 },
}

impl Movement {
    /// The two figures compared: the one that moved, then the one it is
    /// compared with.
    pub fn figures(&self) -> (f64, f64) {
        match *self {
            Movement::EasierTarget {
                target, previous, ..
            } => (target, previous),
            Movement::FinalBehindBaseline {
                final_target,
                baseline,
            } => (final_target, baseline),
        }
    }
}

/// The places after the point a figure is written with (at most 6).
pub fn places(x: f64) -> u8 {
    let written = format!("{x}");
    written
        .split_once('.')
        .map_or(0, |(_, f)| f.len().min(6) as u8)
}

/// The places two figures of `ind` are compared (and their gap printed) at.
pub fn compare_places(ind: &Indicator, a: f64, b: f64) -> u8 {
    ind.decimals.unwrap_or_else(|| places(a).max(places(b)))
}

/// `a` against `b` as printed with `places` digits after the point.
pub fn compare_at(a: f64, b: f64, places: u8) -> Ordering {
    let scale = 10f64.powi(i32::from(places));
    let (a, b) = ((a * scale).round(), (b * scale).round());
    a.partial_cmp(&b).unwrap_or(Ordering::Equal)
}

/// Whether `a` is worse than `b` for the indicator (strictly, as printed).
fn worse(ind: &Indicator, a: f64, b: f64) -> bool {
    let order = compare_at(a, b, compare_places(ind, a, b));
    match ind.direction {
        Direction::Higher => order == Ordering::Less,
        Direction::Lower => order == Ordering::Greater,
        Direction::Milestone => false,
    }
}

/// The baseline of `ind` when it is a figure of the indicator itself (a
/// baseline with its own text is not comparable, as it is not drawn).
fn baseline(ind: &Indicator) -> Option<f64> {
    let b = ind.baseline.as_ref()?;
    if b.text.is_some() {
        return None;
    }
    b.value
}

/// Every movement of an indicator's targets, in the order of the years, the
/// final target last. None for a milestone.
pub fn movements(ind: &Indicator) -> Vec<Movement> {
    let mut out = Vec::new();
    if !ind.is_numeric() {
        return out;
    }
    let baseline = baseline(ind);
    let mut before: Option<(i32, f64)> = None;
    for (year, figures) in &ind.years {
        let Some(Figure::Number(target)) = figures.target else {
            continue;
        };
        if let Some((previous_year, previous)) = before
            && worse(ind, target, previous)
        {
            out.push(Movement::EasierTarget {
                year: *year,
                previous_year,
                target,
                previous,
                behind_baseline: baseline.is_some_and(|b| worse(ind, target, b)),
            });
        }
        before = Some((*year, target));
    }
    let final_target = ind.final_target.as_ref().and_then(|f| match f.value {
        Some(Figure::Number(n)) => Some(n),
        _ => None,
    });
    if let (Some(final_target), Some(baseline)) = (final_target, baseline)
        && worse(ind, final_target, baseline)
    {
        out.push(Movement::FinalBehindBaseline {
            final_target,
            baseline,
        });
    }
    out
}

/// What a revision changed: one figure or fact of an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevisedField {
    Target(i32),
    Actual(i32),
    Baseline,
    FinalTarget,
    Unit,
    Direction,
}

impl RevisedField {
    /// The field of `initiative.toml` the figure is written in, after
    /// `indicators[N].`: `years.2025.target`, `baseline` …
    pub fn field(&self) -> String {
        match self {
            RevisedField::Target(y) => format!("years.{y}.target"),
            RevisedField::Actual(y) => format!("years.{y}.actual"),
            RevisedField::Baseline => "baseline".into(),
            RevisedField::FinalTarget => "final_target".into(),
            RevisedField::Unit => "unit".into(),
            RevisedField::Direction => "direction".into(),
        }
    }

    /// Where its reason is written, after `indicators[N].`: beside the
    /// figure (`years.2025.reason`, `baseline.reason`), or the indicator's
    /// own `reason` for its unit and direction.
    pub fn reason_field(&self) -> String {
        match self {
            RevisedField::Target(y) | RevisedField::Actual(y) => format!("years.{y}.reason"),
            RevisedField::Baseline => "baseline.reason".into(),
            RevisedField::FinalTarget => "final_target.reason".into(),
            RevisedField::Unit | RevisedField::Direction => "reason".into(),
        }
    }

    /// The column value of the open data: `target`, `actual`, `baseline` …
    pub fn key(&self) -> &'static str {
        match self {
            RevisedField::Target(_) => "target",
            RevisedField::Actual(_) => "actual",
            RevisedField::Baseline => "baseline",
            RevisedField::FinalTarget => "final_target",
            RevisedField::Unit => "unit",
            RevisedField::Direction => "direction",
        }
    }

    /// The fiscal year of a target or actual.
    pub fn year(&self) -> Option<i32> {
        match *self {
            RevisedField::Target(y) | RevisedField::Actual(y) => Some(y),
            _ => None,
        }
    }
}

/// A figure or fact that differs between the latest edition and the
/// current content: `was` is the indicator as the edition issued it, `now`
/// as the content has it; the renderer prints the field of each.
#[derive(Debug, Clone, Copy)]
pub struct Revision<'a> {
    /// The indicator's place in its initiative (`indicators[N]`).
    pub index: usize,
    pub field: RevisedField,
    pub was: &'a Indicator,
    pub now: &'a Indicator,
    /// The year of the edition compared with.
    pub edition: i32,
    /// The office's reason, written beside the figure.
    pub reason: Option<&'a LangText>,
}

/// Two optional figures of `ind` differ as the pages print them.
fn figures_differ(ind: &Indicator, a: Option<Figure>, b: Option<Figure>) -> bool {
    match (a, b) {
        (None, None) => false,
        (Some(Figure::Number(a)), Some(Figure::Number(b))) => {
            compare_at(a, b, compare_places(ind, a, b)) != Ordering::Equal
        }
        (Some(Figure::Done(a)), Some(Figure::Done(b))) => a != b,
        _ => true,
    }
}

/// Every revision of an initiative against `edition` (the latest issued),
/// indicator by indicator, in the order of the fields: direction, unit,
/// baseline, each year's target and actual, final target. An indicator the
/// edition did not have is new, not revised; the actuals are compared up to
/// the edition's year, as later ones were not yet in it.
pub fn revisions<'a>(edition: &'a Edition, i: &'a Initiative) -> Vec<Revision<'a>> {
    let mut out = Vec::new();
    let Some(issued) = edition.initiative(&i.id) else {
        return out;
    };
    for (index, now) in i.indicators.iter().enumerate() {
        let Some(was) = issued.indicator(&now.id).map(|e| &e.indicator) else {
            continue;
        };
        let mut push = |field: RevisedField, reason: Option<&'a LangText>| {
            out.push(Revision {
                index,
                field,
                was,
                now,
                edition: edition.year,
                reason,
            });
        };
        if was.direction != now.direction {
            push(RevisedField::Direction, now.reason.as_deref());
        }
        let unit = |ind: &'a Indicator| ind.unit.as_ref().map(|u| u.ja.trim());
        if unit(was) != unit(now) {
            push(RevisedField::Unit, now.reason.as_deref());
        }
        let baseline = |ind: &Indicator| {
            ind.baseline
                .as_ref()
                .map(|b| (b.year, b.value.map(Figure::Number)))
        };
        let (b_was, b_now) = (baseline(was), baseline(now));
        let baseline_differs = match (b_was, b_now) {
            (None, None) => false,
            (Some((yw, vw)), Some((yn, vn))) => yw != yn || figures_differ(now, vw, vn),
            _ => true,
        };
        if baseline_differs {
            let reason = now.baseline.as_ref().and_then(|b| b.reason.as_deref());
            push(RevisedField::Baseline, reason);
        }
        let years: std::collections::BTreeSet<i32> = was
            .years
            .iter()
            .chain(now.years.iter())
            .map(|(y, _)| *y)
            .collect();
        for year in years {
            let (fw, fnow) = (was.years.get(&year), now.years.get(&year));
            let reason = fnow.and_then(|f| f.reason.as_deref());
            if figures_differ(now, fw.and_then(|f| f.target), fnow.and_then(|f| f.target)) {
                push(RevisedField::Target(year), reason);
            }
            if year <= edition.year
                && figures_differ(now, fw.and_then(|f| f.actual), fnow.and_then(|f| f.actual))
            {
                push(RevisedField::Actual(year), reason);
            }
        }
        let final_target = |ind: &Indicator| ind.final_target.as_ref().and_then(|f| f.value);
        if figures_differ(now, final_target(was), final_target(now)) {
            let reason = now.final_target.as_ref().and_then(|f| f.reason.as_deref());
            push(RevisedField::FinalTarget, reason);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Baseline, FinalTarget, Qualifier, VecMap, YearFigures};

    fn indicator(direction: Direction, decimals: Option<u8>, targets: &[(i32, f64)]) -> Indicator {
        let years: VecMap<i32, YearFigures> = targets
            .iter()
            .map(|&(y, t)| {
                let figures = YearFigures {
                    target: Some(Figure::Number(t)),
                    ..YearFigures::default()
                };
                (y, figures)
            })
            .collect();
        Indicator {
            id: "x".into(),
            name: toml::from_str("ja = \"x\"").unwrap(),
            unit: None,
            direction,
            cumulative: false,
            qualifier: Qualifier::None,
            decimals,
            baseline: None,
            final_target: None,
            milestone_label: None,
            rank: false,
            benchmarks: Vec::new(),
            years,
            reason: None,
            period_total: None,
            running_total: VecMap::default(),
        }
    }

    #[test]
    fn a_lower_target_is_easier_where_higher_is_better() {
        // No.7: 38.1, 38.6, 26.0, 28.0, 30.0 against a baseline of 37.7.
        let mut ind = indicator(
            Direction::Higher,
            Some(1),
            &[
                (2022, 38.1),
                (2023, 38.6),
                (2024, 26.0),
                (2025, 28.0),
                (2026, 30.0),
            ],
        );
        ind.baseline = Some(Baseline {
            year: Some(2021),
            value: Some(37.7),
            text: None,
            places: None,
            reason: None,
        });
        ind.final_target = Some(FinalTarget {
            value: Some(Figure::Number(30.0)),
            text: None,
            places: None,
            reason: None,
            change: None,
            approximate: false,
        });
        assert_eq!(
            movements(&ind),
            [
                Movement::EasierTarget {
                    year: 2024,
                    previous_year: 2023,
                    target: 26.0,
                    previous: 38.6,
                    behind_baseline: true,
                },
                Movement::FinalBehindBaseline {
                    final_target: 30.0,
                    baseline: 37.7
                }
            ]
        );
    }

    #[test]
    fn a_higher_target_is_easier_for_a_ceiling_and_equal_is_no_movement() {
        let ind = indicator(
            Direction::Lower,
            Some(1),
            &[(2022, 5.6), (2023, 5.6), (2025, 5.8)],
        );
        assert_eq!(
            movements(&ind),
            [Movement::EasierTarget {
                year: 2025,
                previous_year: 2023,
                target: 5.8,
                previous: 5.6,
                behind_baseline: false,
            }]
        );
    }

    #[test]
    fn figures_are_compared_as_printed() {
        // 0.1 + 0.2 is not 0.3 in a float, but both print as 0.3.
        let ind = indicator(Direction::Higher, None, &[(2022, 0.1 + 0.2), (2023, 0.3)]);
        assert!(movements(&ind).is_empty());
        // With one decimal, 10.04 and 10.0 are the same printed target.
        let ind = indicator(Direction::Higher, Some(1), &[(2022, 10.04), (2023, 10.0)]);
        assert!(movements(&ind).is_empty());
        let ind = indicator(Direction::Higher, None, &[(2022, 10.04), (2023, 10.0)]);
        assert_eq!(movements(&ind).len(), 1);
        assert_eq!(places(38.1), 1);
        assert_eq!(places(45872.0), 0);
        assert_eq!(compare_at(90.50, 90.5, 2), Ordering::Equal);
    }

    #[test]
    fn milestones_do_not_move() {
        let ind = indicator(Direction::Milestone, None, &[(2022, 2.0), (2023, 1.0)]);
        assert!(movements(&ind).is_empty());
    }
}
