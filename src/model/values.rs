//! The values every stage shares: what a figure is, which way is better,
//! the words of a schedule, the kinds of commentary.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

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
