//! Achievement is computed, never typed: whether each year's target was met.

use serde::Serialize;

use crate::model::{Direction, Figure, Indicator, Initiative, Plan};

/// The outcome of one year of one indicator (or, combined, of an initiative).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The target was met.
    Achieved,
    /// The target was not met.
    NotAchieved,
    /// There is a target but no actual yet.
    Pending,
    /// There is no target for the year.
    NotAssessed,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Achieved,
        Status::NotAchieved,
        Status::Pending,
        Status::NotAssessed,
    ];

    /// The identifier used in data files and CSS classes.
    pub fn key(self) -> &'static str {
        match self {
            Status::Achieved => "achieved",
            Status::NotAchieved => "not_achieved",
            Status::Pending => "pending",
            Status::NotAssessed => "not_assessed",
        }
    }
}

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

pub fn indicator_status(indicator: &Indicator, year: i32) -> Status {
    let figures = indicator.years.get(&year);
    year_status(
        indicator.direction,
        figures.and_then(|f| f.target),
        figures.and_then(|f| f.actual),
    )
}

/// An initiative's status in a year: not met if any indicator missed its
/// target, else pending if any is still waiting for its actual, else met if
/// any target was met, else not assessed.
pub fn initiative_status(initiative: &Initiative, year: i32) -> Status {
    initiative
        .indicators
        .iter()
        .map(|i| indicator_status(i, year))
        .min_by_key(|s| match s {
            Status::NotAchieved => 0,
            Status::Pending => 1,
            Status::Achieved => 2,
            Status::NotAssessed => 3,
        })
        .unwrap_or(Status::NotAssessed)
}

/// The numbers of the initiatives whose target was not met in `year`.
pub fn missed(plan: &Plan, year: i32) -> Vec<u32> {
    plan.initiatives
        .iter()
        .filter(|i| initiative_status(i, year) == Status::NotAchieved)
        .map(|i| i.number)
        .collect()
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
