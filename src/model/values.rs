//! The values every stage shares: what a figure is, which way is better,
//! the words of a schedule, the kinds of commentary.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use crate::base::source::FIGURE_ERROR_PREFIX;

/// 取組工程: what the plan schedules for a fiscal year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleWord {
    Study,
    Implement,
    Continue,
    StudyImplement,
}

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Met when actual ≥ target.
    Higher,
    /// Met when actual ≤ target.
    Lower,
    /// Done or not done, no number.
    Milestone,
}

/// What a year's actual is, when it is not simply a figure: the report's
/// 暫定 (a provisional figure, assessed but marked), ― (no figure: not
/// assessed) or 未確定 (a verdict left for later: never computed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YearState {
    Provisional,
    Missing,
    Undecided,
}

impl YearState {
    pub fn key(self) -> &'static str {
        match self {
            YearState::Provisional => "provisional",
            YearState::Missing => "missing",
            YearState::Undecided => "undecided",
        }
    }
}

/// What a ― (`state = "missing"`) means, as the content declares it: no
/// figure (not assessed, unless the city's verdict decides), nothing to
/// report, which meets a ceiling (健全化判断比率 such as 将来負担比率 with no
/// burden: achieved), or a failure (not achieved).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DashMeaning {
    NoFigure,
    MeetsCeiling,
    Fails,
}

impl DashMeaning {
    pub fn key(self) -> &'static str {
        match self {
            DashMeaning::NoFigure => "no_figure",
            DashMeaning::MeetsCeiling => "meets_ceiling",
            DashMeaning::Fails => "fails",
        }
    }
}

/// The city's own verdict on a year (`verdict`): where the figures cannot
/// decide, it is the status; where they decide, it stands beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// 達成.
    Achieved,
    /// 未達成.
    NotAchieved,
    /// 順調 / 概ね達成: on course, though the figures may say otherwise.
    OnCourse,
}

impl Verdict {
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Achieved => "achieved",
            Verdict::NotAchieved => "not_achieved",
            Verdict::OnCourse => "on_course",
        }
    }

    /// The status this verdict is, where the figures cannot decide: only
    /// 達成 and 未達成 are statuses; 順調 stands beside one.
    pub fn status(self) -> Option<Status> {
        match self {
            Verdict::Achieved => Some(Status::Achieved),
            Verdict::NotAchieved => Some(Status::NotAchieved),
            Verdict::OnCourse => None,
        }
    }

    /// Whether the verdict says otherwise than a status the figures decided.
    pub fn differs_from(self, computed: Status) -> bool {
        matches!(
            (self, computed),
            (Verdict::Achieved | Verdict::OnCourse, Status::NotAchieved)
                | (Verdict::NotAchieved, Status::Achieved)
        )
    }
}

/// The outcome of one year of one indicator (or, combined, of an
/// initiative): computed by `check::assess`, recorded by an edition as its
/// key (`achieved`, `not_achieved` …), which is also how serde writes and
/// reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
    /// The report leaves the verdict for later (未確定): never computed.
    Undecided,
    /// The report has no figure for the year (―): not assessed.
    NoData,
    /// The year has no target of its own, but a later year (or the plan
    /// period as a whole) has one: it cannot be assessed yet.
    NotYetAssessable,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Achieved,
        Status::NotAchieved,
        Status::Pending,
        Status::NotAssessed,
        Status::Undecided,
        Status::NoData,
        Status::NotYetAssessable,
    ];

    /// The four statuses every plan has; the others are shown only where
    /// some initiative has them.
    pub fn is_common(self) -> bool {
        !matches!(
            self,
            Status::Undecided | Status::NoData | Status::NotYetAssessable
        )
    }

    /// The identifier used in data files and CSS classes.
    pub fn key(self) -> &'static str {
        match self {
            Status::Achieved => "achieved",
            Status::NotAchieved => "not_achieved",
            Status::Pending => "pending",
            Status::NotAssessed => "not_assessed",
            Status::Undecided => "undecided",
            Status::NoData => "no_data",
            Status::NotYetAssessable => "not_yet_assessable",
        }
    }
}

/// The word printed after a target: 以上 / 以内 / 以下, as the plan writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    #[default]
    None,
    /// 以上: at least.
    AtLeast,
    /// 以内: at most.
    AtMost,
    /// 以下: at most, in the plan's other word for it.
    OrLess,
}

/// A target or an actual: a number, or done / not done for a milestone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    Number(f64),
    Done(bool),
}

impl<'de> Deserialize<'de> for Figure {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct FigureVisitor;
        impl Visitor<'_> for FigureVisitor {
            type Value = Figure;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, or true/false for a milestone")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Figure, E> {
                Ok(Figure::Number(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Figure, E> {
                Ok(Figure::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Figure, E> {
                Ok(Figure::Number(v as f64))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Figure, E> {
                Ok(Figure::Done(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Figure, E> {
                Err(E::custom(format!(
                    "{FIGURE_ERROR_PREFIX} (or true/false for a milestone), found the text \"{v}\"; \
                     write the figure without quotes, units or commas, e.g. 45872 or 38.1"
                )))
            }
        }
        d.deserialize_any(FigureVisitor)
    }
}

/// What a commentary file is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CommentaryKind {
    /// 取組状況: what was done in the year.
    Progress,
    /// 取組内容: what is planned for the year.
    Plan,
    /// Why the year's target was missed and what will be done.
    Shortfall,
}

impl CommentaryKind {
    pub fn from_name(s: &str) -> Option<Self> {
        match s {
            "progress" => Some(Self::Progress),
            "plan" => Some(Self::Plan),
            "shortfall" => Some(Self::Shortfall),
            _ => None,
        }
    }
}

/// Whether a text is still a placeholder, as `mieruka new initiative`
/// writes them: 「（…を入力）」.
pub fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    t.starts_with('（') && t.ends_with("を入力）")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_is_written_and_read_as_its_key() {
        #[derive(Serialize, Deserialize)]
        struct T {
            s: Status,
        }
        for s in Status::ALL {
            let text = toml::to_string(&T { s }).unwrap();
            assert_eq!(text.trim(), format!("s = \"{}\"", s.key()));
            assert_eq!(toml::from_str::<T>(&text).unwrap().s, s);
        }
        assert!(toml::from_str::<T>("s = \"met\"").is_err());
    }
}
