//! Editions: a year's report as it was issued, read from
//! `content/editions/YEAR.toml` (written by `mieruka issue`). What the
//! edition pages publish and what the current figures are compared with.

use std::path::PathBuf;

use crate::base::text::LangText;

use super::{CommentaryKind, Indicator, Status, VecMap};

/// A calendar date, as the content writes it (`2025-06-30`): editions are
/// dated by the office, never by the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A valid calendar date (Gregorian, years 1900–2200).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1900..=2200).contains(&year) && (1..=days).contains(&day)).then_some(Date {
            year,
            month,
            day,
        })
    }

    /// `2025-06-30`, also `2025/6/30` and full-width digits.
    pub fn parse(written: &str) -> Option<Date> {
        let plain: String = written
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                '／' | '/' | '－' => '-',
                _ => c,
            })
            .collect();
        let mut parts = plain.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 {
            return None;
        }
        let digits =
            |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
        if !y.bytes().all(|b| b.is_ascii_digit()) || !digits(m) || !digits(d) {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// `2025-06-30`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// One issued edition.
#[derive(Debug)]
pub struct Edition {
    /// The fiscal year it reports on.
    pub year: i32,
    /// The date it was published.
    pub date: Date,
    /// Earlier issues of this edition that it replaced, oldest first.
    pub replaced: Vec<Replacement>,
    pub path: PathBuf,
    /// By number.
    pub initiatives: Vec<EditionInitiative>,
}

#[derive(Debug)]
pub struct Replacement {
    pub date: Date,
    pub reason: String,
}

#[derive(Debug)]
pub struct EditionInitiative {
    pub id: String,
    pub number: u32,
    pub strategy: u32,
    pub area: u32,
    pub item: u32,
    pub division: String,
    pub division_name: LangText,
    pub title: LangText,
    pub description: LangText,
    /// In the edition's year.
    pub status: Status,
    pub indicators: Vec<EditionIndicator>,
    /// The Markdown as published, by year and kind.
    pub commentary: VecMap<(i32, CommentaryKind), LangText>,
}

#[derive(Debug)]
pub struct EditionIndicator {
    pub indicator: Indicator,
    /// The status of each year the edition reviewed.
    pub statuses: VecMap<i32, Status>,
}

impl Edition {
    pub fn initiative(&self, id: &str) -> Option<&EditionInitiative> {
        self.initiatives.iter().find(|i| i.id == id)
    }
}

impl EditionInitiative {
    pub fn indicator(&self, id: &str) -> Option<&EditionIndicator> {
        self.indicators.iter().find(|i| i.indicator.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_calendar_dates() {
        assert_eq!(
            Date::parse("2025-06-30").map(|d| d.iso()),
            Some("2025-06-30".into())
        );
        assert_eq!(
            Date::parse("2025/6/3").map(|d| d.iso()),
            Some("2025-06-03".into())
        );
        assert_eq!(
            Date::parse("２０２５－０６－３０").map(|d| d.iso()),
            Some("2025-06-30".into())
        );
        assert_eq!(Date::parse("2024-02-29").map(|d| d.day), Some(29));
        for bad in [
            "2025-02-29",
            "2025-13-01",
            "2025-06-31",
            "2025-6",
            "20250630",
            "令和7年6月30日",
            "2025-06-30T00:00",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }
}
