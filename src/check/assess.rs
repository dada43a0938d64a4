//! Achievement is computed, never typed: whether each year's target was met.
//!
//! [`assess`] runs once over the checked plan and hands the later stages an
//! [`Assessed`] plan: every initiative and indicator with its status for
//! each year of the plan, so that pages and open data read the statuses
//! instead of working them out again page by page.

use std::ops::Deref;

use crate::model::{
    DashMeaning, Direction, Figure, Indicator, Initiative, LevelRule, Plan, Status, StatusScale,
    Verdict, YearState,
};

/// The status of one year's target and actual.
///
/// - higher: met when actual ≥ target; lower: met when actual ≤ target;
/// - milestone: met when the planned step (`target = true`) is reported done;
/// - no target (or a milestone year with nothing planned): not assessed;
/// - a target without an actual: pending.
pub fn year_status(direction: Direction, target: Option<Figure>, actual: Option<Figure>) -> Status {
    match (direction, target, actual) {
        (_, None, _) | (Direction::Milestone, Some(Figure::Done(false)), _) => Status::NotAssessed,
        (_, Some(_), None) => Status::Pending,
        (Direction::Higher, Some(Figure::Number(t)), Some(Figure::Number(a))) => met(a >= t),
        (Direction::Lower, Some(Figure::Number(t)), Some(Figure::Number(a))) => met(a <= t),
        (Direction::Milestone, Some(Figure::Done(true)), Some(Figure::Done(done))) => met(done),
        // Validation rejects figures of the wrong kind; never call such a year met.
        _ => Status::NotAssessed,
    }
}

fn met(yes: bool) -> Status {
    if yes {
        Status::Achieved
    } else {
        Status::NotAchieved
    }
}

/// A year's status and whose it is: the figures', or the city's verdict
/// where the figures cannot decide (a declared ―, no figure, no target).
/// Where the figures decide and the city says otherwise, its verdict stands
/// `beside` the computed status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Judgement {
    pub status: Status,
    /// The status is the city's verdict, not the figures'.
    pub by_city: bool,
    /// The city's verdict, shown beside a status it is not.
    pub beside: Option<Verdict>,
}

impl Judgement {
    fn of_figures(status: Status) -> Judgement {
        Judgement {
            status,
            by_city: false,
            beside: None,
        }
    }

    /// The figures decided, and the city's verdict says otherwise.
    pub fn differs(&self) -> bool {
        !self.by_city && self.beside.is_some_and(|v| v.differs_from(self.status))
    }
}

/// Whether a status is the figures' decision (met or not met).
fn figures_decide(status: Status) -> bool {
    matches!(status, Status::Achieved | Status::NotAchieved)
}

/// The status of an indicator's year, with the city's verdict where it
/// decides or differs (see [`Judgement`]).
pub fn judge(indicator: &Indicator, year: i32) -> Judgement {
    let computed = figures_status(indicator, year);
    let Some(f) = indicator.years.get(&year) else {
        return Judgement::of_figures(computed);
    };
    let verdict = f.verdict;
    let by_city = |status| Judgement {
        status,
        by_city: true,
        beside: None,
    };
    if f.state == Some(YearState::Missing) {
        match f.dash {
            Some(DashMeaning::MeetsCeiling) => return by_city(Status::Achieved),
            Some(DashMeaning::Fails) => return by_city(Status::NotAchieved),
            _ => {}
        }
    }
    if computed == Status::Undecided {
        return Judgement::of_figures(computed);
    }
    match verdict {
        None => Judgement::of_figures(computed),
        Some(v) if !figures_decide(computed) => match v.status() {
            Some(s) => by_city(s),
            None => Judgement {
                beside: Some(v),
                ..Judgement::of_figures(computed)
            },
        },
        Some(v) => Judgement {
            beside: v.differs_from(computed).then_some(v),
            ..Judgement::of_figures(computed)
        },
    }
}

pub fn indicator_status(indicator: &Indicator, year: i32) -> Status {
    judge(indicator, year).status
}

/// The status the figures alone give (see [`judge`] for the city's verdict).
pub fn figures_status(indicator: &Indicator, year: i32) -> Status {
    let figures = indicator.years.get(&year);
    match figures.and_then(|f| f.state) {
        Some(YearState::Undecided) => return Status::Undecided,
        Some(YearState::Missing) if figures.is_some_and(|f| f.target.is_some()) => {
            return Status::NoData;
        }
        _ => {}
    }
    if figures.is_some_and(|f| not_yet_assessable(f, year)) {
        return Status::NotAssessed;
    }
    let target = figures.and_then(|f| f.target);
    if target.is_none() && indicator.is_numeric() && !indicator.measured_at_dates() {
        // No target of its own: the period's total decides the last year;
        // a year before a later target (or before the end, under a period
        // total) cannot be assessed yet.
        let last = indicator.years.iter().next_back().map(|(y, _)| *y);
        if let Some(total) = &indicator.period_total {
            return match last {
                Some(l) if year >= l => year_status(
                    indicator.direction,
                    Some(Figure::Number(total.value)),
                    period_so_far(indicator, year)
                        .filter(|_| {
                            figures.is_some_and(|f| f.actual.is_some())
                                || indicator.given_running_total(year).is_some()
                        })
                        .map(Figure::Number),
                ),
                _ => Status::NotYetAssessable,
            };
        }
        if awaits_later_target(indicator, year) {
            return Status::NotYetAssessable;
        }
    }
    year_status(indicator.direction, target, figures.and_then(|f| f.actual))
}

/// How far the period has come by `year`: the running total the city gives,
/// else the sum of the years' actuals (never a sum of incomplete years in
/// place of a total given).
pub fn period_so_far(indicator: &Indicator, year: i32) -> Option<f64> {
    indicator
        .given_running_total(year)
        .or_else(|| indicator.sum_of_actuals(year))
}

/// How far a year's actual has come, in percent (as reports print
/// 進捗率 137.5%, which may pass 100): against the year's own target, and
/// against the plan period's (the sum of the actuals so far against
/// `period_total`, or the year's actual against the last target of the plan).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    pub of_year: Option<f64>,
    pub of_period: Option<f64>,
    /// What the period's progress is measured against.
    pub against: Against,
    /// The target the period's progress is measured against is approximate.
    pub period_approximate: bool,
}

/// The target a period's progress is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Against {
    /// The plan period's total (`period_total`, the sum of the years).
    PeriodTotal,
    /// The indicator's last target: the period's.
    FinalTarget,
}

impl Against {
    /// As the open data writes it.
    pub fn key(self) -> &'static str {
        match self {
            Against::PeriodTotal => "period_total",
            Against::FinalTarget => "final_target",
        }
    }
}

/// Whether an indicator's progress is shown: it has a period total, or a
/// year without a target of its own before a later target.
pub fn shows_progress(indicator: &Indicator) -> bool {
    indicator.is_numeric()
        && !indicator.measured_at_dates()
        && (indicator.period_total.is_some()
            || indicator
                .years
                .iter()
                .any(|(y, _)| awaits_later_target(indicator, *y)))
}

/// A year without a target of its own that waits for a later one: it has an
/// actual (its progress is shown against the later target), or the
/// indicator's only target is in its last year (so every year before is
/// "not yet assessable", not "no target"). A year of a plan with targets in
/// other years and neither a target nor an actual stays "no target".
fn awaits_later_target(indicator: &Indicator, year: i32) -> bool {
    let f = indicator.years.get(&year);
    if f.is_some_and(|f| f.target.is_some()) {
        return false;
    }
    let mut targets = indicator
        .years
        .iter()
        .filter(|(_, g)| g.target.is_some())
        .map(|(y, _)| *y);
    let first_target = targets.next();
    let later = indicator
        .years
        .iter()
        .any(|(y, g)| *y > year && g.target.is_some());
    // The only target is the final target, standing as the last year's.
    let only_final = indicator
        .final_target
        .as_ref()
        .is_some_and(|t| matches!(t.value, Some(Figure::Number(_))))
        && first_target.is_some()
        && targets.next().is_none();
    later && (f.is_some_and(|f| f.actual.is_some()) || only_final)
}

/// Progress in percent toward `target`: the actual against the target where
/// higher is better; the cut made against the cut planned from the baseline
/// where lower is better. `None` where a rate means nothing (no baseline,
/// a zero target).
pub fn rate(indicator: &Indicator, actual: f64, target: f64) -> Option<f64> {
    let r = match indicator.direction {
        Direction::Higher if target != 0.0 => actual / target * 100.0,
        Direction::Lower => {
            let base = indicator.baseline.as_ref().and_then(|b| b.value)?;
            if base == target {
                return None;
            }
            (base - actual) / (base - target) * 100.0
        }
        _ => return None,
    };
    r.is_finite().then_some(r)
}

/// The progress of `year`, where [`shows_progress`] and the year has an actual.
pub fn progress(indicator: &Indicator, year: i32) -> Option<Progress> {
    if !shows_progress(indicator) {
        return None;
    }
    let f = indicator.years.get(&year)?;
    let given = indicator.given_running_total(year);
    let actual = match f.actual {
        Some(Figure::Number(actual)) => Some(actual),
        _ => None,
    };
    if actual.is_none() && given.is_none() {
        return None;
    }
    let of_year = match (f.target, actual) {
        (Some(Figure::Number(t)), Some(a)) => rate(indicator, a, t),
        _ => None,
    };
    let against = match indicator.period_total {
        Some(_) => Against::PeriodTotal,
        None => Against::FinalTarget,
    };
    let (of_year, of_period, period_approximate) = match &indicator.period_total {
        Some(total) => (
            of_year,
            period_so_far(indicator, year).and_then(|s| rate(indicator, s, total.value)),
            false,
        ),
        None => {
            let actual = actual?;
            let last = indicator
                .years
                .iter()
                .rev()
                .find_map(|(y, g)| match g.target {
                    Some(Figure::Number(t)) if *y > year => Some((t, g.approximate())),
                    _ => None,
                });
            match last {
                Some((t, approx)) => (of_year, rate(indicator, actual, t), approx),
                // The last target is the period's: its year's progress is
                // the period's, not a year's.
                None if awaited(indicator, year) => (None, of_year, f.approximate()),
                None => (of_year, None, false),
            }
        }
    };
    (of_year.is_some() || of_period.is_some()).then_some(Progress {
        of_year,
        of_period,
        against,
        period_approximate,
    })
}

/// Whether an earlier year waits for `year`'s target (it is the period's).
fn awaited(indicator: &Indicator, year: i32) -> bool {
    indicator
        .years
        .iter()
        .any(|(y, _)| *y < year && awaits_later_target(indicator, *y))
}

/// A target first set at a plan revision that governs only from a later
/// year: the plan had no target for the year when it ran, so the year is
/// not assessed against it (a target the revision changed still is).
pub fn not_yet_assessable(figures: &crate::model::YearFigures, year: i32) -> bool {
    figures
        .target_from
        .as_deref()
        .is_some_and(|t| t.earlier.is_none() && t.applies_from > year)
}

/// An initiative's status in a year: not met if any indicator missed its
/// target, else pending if any is still waiting for its actual, else met if
/// any target was met, else not assessed.
pub fn initiative_status(initiative: &Initiative, year: i32) -> Status {
    initiative_judgement(initiative, year).status
}

/// An initiative's status in a year (see [`initiative_status`]): the city's
/// where every indicator that gives it has it by the city's verdict, with
/// the first verdict of an indicator that stands beside its status.
pub fn initiative_judgement(initiative: &Initiative, year: i32) -> Judgement {
    let judged: Vec<Judgement> = initiative
        .indicators
        .iter()
        .map(|i| judge(i, year))
        .collect();
    let status = judged
        .iter()
        .map(|j| j.status)
        .min_by_key(|s| match s {
            Status::NotAchieved => 0,
            Status::Pending => 1,
            Status::Undecided => 2,
            Status::Achieved => 3,
            Status::NoData => 4,
            Status::NotYetAssessable => 5,
            Status::NotAssessed => 6,
        })
        .unwrap_or(Status::NotAssessed);
    let giving = || judged.iter().filter(|j| j.status == status);
    Judgement {
        status,
        by_city: giving().next().is_some() && giving().all(|j| j.by_city),
        beside: judged.iter().find_map(|j| j.beside),
    }
}

/// The level a scale's stated rule gives an indicator in `year`: the first
/// level, in the scale's order, whose condition holds. `None` when the scale
/// has no rule or the year has no figures at all.
///
/// "Better" follows the indicator's direction: for lower is better, an
/// actual below the baseline beats it. The achievement rate is actual ÷
/// target (target ÷ actual for lower is better), in percent.
pub fn rule_level(scale: &StatusScale, indicator: &Indicator, year: i32) -> Option<usize> {
    if !scale.is_mechanical() {
        return None;
    }
    let figures = indicator.years.get(&year)?;
    let number = |f: Option<Figure>| match f {
        Some(Figure::Number(n)) => Some(n),
        _ => None,
    };
    let status = indicator_status(indicator, year);
    let assessable = !matches!(status, Status::Undecided | Status::NoData);
    let actual = number(figures.actual).filter(|_| assessable);
    let target = number(figures.target);
    let baseline = indicator
        .baseline
        .as_ref()
        .filter(|b| b.text.is_none())
        .and_then(|b| b.value);
    let higher = indicator.direction == Direction::Higher;
    let better = |a: f64, b: f64| if higher { a > b } else { a < b };
    let holds = |rule: LevelRule| match rule {
        LevelRule::TargetMet => assessable && status == Status::Achieved,
        LevelRule::AboveBaseline => {
            matches!((actual, baseline), (Some(a), Some(b)) if better(a, b))
        }
        LevelRule::BelowBaseline => {
            matches!((actual, baseline), (Some(a), Some(b)) if better(b, a))
        }
        LevelRule::NearBaseline(p) => matches!((actual, baseline),
            (Some(a), Some(b)) if (a - b).abs() <= b.abs() * p / 100.0 + 1e-9),
        LevelRule::RateAtLeast(p) => {
            let rate = match (actual, target) {
                (Some(a), Some(t)) if higher && t != 0.0 => Some(a / t * 100.0),
                (Some(a), Some(t)) if !higher && a != 0.0 => Some(t / a * 100.0),
                _ => None,
            };
            rate.is_some_and(|r| r + 1e-9 >= p)
        }
        LevelRule::Otherwise => actual.is_some() || (assessable && status == Status::NotAchieved),
        LevelRule::NotAssessable => true,
    };
    scale.levels.iter().position(|l| l.when.is_some_and(holds))
}

/// The level the rule gives an initiative in `year`: the lowest of its
/// indicators' levels (as its status is the worst of theirs), leaving out
/// those that cannot be assessed unless none can.
pub fn initiative_rule_level(
    scale: &StatusScale,
    initiative: &Initiative,
    year: i32,
) -> Option<usize> {
    let levels: Vec<usize> = initiative
        .indicators
        .iter()
        .filter_map(|i| rule_level(scale, i, year))
        .collect();
    // "Cannot be assessed" only where no indicator could be.
    let assessed = |l: &&usize| scale.levels[**l].when != Some(LevelRule::NotAssessable);
    levels
        .iter()
        .filter(assessed)
        .max()
        .or(levels.iter().max())
        .copied()
}

/// The numbers of the initiatives whose target was not met in `year`.
pub fn missed(plan: &Plan, year: i32) -> Vec<u32> {
    plan.initiatives
        .iter()
        .filter(|i| initiative_status(i, year) == Status::NotAchieved)
        .map(|i| i.number)
        .collect()
}

/// The checked plan with every status worked out.
pub struct Assessed<'a> {
    pub plan: &'a Plan,
    /// In the plan's order (by number).
    pub initiatives: Vec<AssessedInitiative<'a>>,
    /// The plan's headline targets (主要目標).
    pub headline_targets: Vec<AssessedIndicator<'a>>,
}

/// An initiative and its status in each year of the plan; reads as the
/// initiative itself (`Deref`), with its indicators assessed too.
pub struct AssessedInitiative<'a> {
    pub initiative: &'a Initiative,
    pub indicators: Vec<AssessedIndicator<'a>>,
    years: Years,
}

/// An indicator and its status in each year of the plan.
pub struct AssessedIndicator<'a> {
    pub indicator: &'a Indicator,
    years: Years,
}

/// Statuses of the years of the plan, from its first year.
struct Years {
    first: i32,
    judged: Box<[Judgement]>,
}

impl Years {
    fn of(first: i32, last: i32, judge: impl Fn(i32) -> Judgement) -> Years {
        Years {
            first,
            judged: (first..=last).map(judge).collect(),
        }
    }

    /// A year outside the plan has no target, so it is not assessed.
    fn get(&self, year: i32) -> Judgement {
        usize::try_from(year - self.first)
            .ok()
            .and_then(|n| self.judged.get(n).copied())
            .unwrap_or(Judgement::of_figures(Status::NotAssessed))
    }
}

/// Works out every status of the plan, once.
pub fn assess(plan: &Plan) -> Assessed<'_> {
    let (first, last) = (plan.site.first_year, plan.site.last_year);
    let initiatives = plan
        .initiatives
        .iter()
        .map(|i| AssessedInitiative {
            initiative: i,
            indicators: i
                .indicators
                .iter()
                .map(|ind| AssessedIndicator {
                    indicator: ind,
                    years: Years::of(first, last, |y| judge(ind, y)),
                })
                .collect(),
            years: Years::of(first, last, |y| initiative_judgement(i, y)),
        })
        .collect();
    let headline_targets = plan
        .site
        .headline_targets
        .iter()
        .map(|ind| AssessedIndicator {
            indicator: ind,
            years: Years::of(first, last, |y| judge(ind, y)),
        })
        .collect();
    Assessed {
        plan,
        initiatives,
        headline_targets,
    }
}

impl AssessedInitiative<'_> {
    pub fn status(&self, year: i32) -> Status {
        self.years.get(year).status
    }

    pub fn judgement(&self, year: i32) -> Judgement {
        self.years.get(year)
    }
}

impl AssessedIndicator<'_> {
    pub fn status(&self, year: i32) -> Status {
        self.years.get(year).status
    }

    pub fn judgement(&self, year: i32) -> Judgement {
        self.years.get(year)
    }
}

impl Deref for AssessedInitiative<'_> {
    type Target = Initiative;

    fn deref(&self) -> &Initiative {
        self.initiative
    }
}

impl Deref for AssessedIndicator<'_> {
    type Target = Indicator;

    fn deref(&self) -> &Indicator {
        self.indicator
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Direction::*;
    use Figure::*;

    #[test]
    fn the_rules() {
        let n = |x| Some(Number(x));
        assert_eq!(year_status(Higher, n(350.0), n(427.0)), Status::Achieved);
        assert_eq!(
            year_status(Higher, n(46000.0), n(45872.0)),
            Status::NotAchieved
        );
        assert_eq!(year_status(Higher, n(6.0), n(6.0)), Status::Achieved);
        assert_eq!(year_status(Lower, n(90.7), n(93.7)), Status::NotAchieved);
        assert_eq!(year_status(Lower, n(380.0), n(372.0)), Status::Achieved);
        assert_eq!(year_status(Lower, n(5.6), n(5.6)), Status::Achieved);
        assert_eq!(year_status(Higher, None, n(1.0)), Status::NotAssessed);
        assert_eq!(year_status(Higher, n(1.0), None), Status::Pending);
        let d = |x| Some(Done(x));
        assert_eq!(year_status(Milestone, d(true), d(true)), Status::Achieved);
        assert_eq!(
            year_status(Milestone, d(true), d(false)),
            Status::NotAchieved
        );
        assert_eq!(year_status(Milestone, None, d(true)), Status::NotAssessed);
        assert_eq!(year_status(Milestone, d(true), None), Status::Pending);
    }
}
