//! Revisions of the plan itself (計画の改定 / 一部改定): the government
//! changing its plan during the period, declared in `site.toml`. Not to be
//! confused with the revisions of published figures against an edition
//! (`crate::check::changes::revisions`), which are computed.

use crate::base::text::LangText;

/// A date as precise as the source gives it: a month (平成20年2月) or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PlanDate {
    pub year: i32,
    pub month: u8,
    /// `None` when the source gives only the month.
    pub day: Option<u8>,
}

impl PlanDate {
    /// `2008-02` or `2008-02-15` (also `2008/2`, full-width digits).
    pub fn parse(written: &str) -> Option<PlanDate> {
        let plain: String = written
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => crate::base::text::narrow_digit(c),
                '／' | '/' | '－' => '-',
                _ => c,
            })
            .collect();
        let parts: Vec<&str> = plain.split('-').collect();
        let digits =
            |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
        match parts.as_slice() {
            [y, m] if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) && digits(m) => {
                let (year, month) = (y.parse().ok()?, m.parse().ok()?);
                // The first of the month is a valid day of it: checks year and month.
                super::Date::new(year, month, 1)?;
                Some(PlanDate {
                    year,
                    month,
                    day: None,
                })
            }
            [_, _, _] => {
                let d = super::Date::parse(&plain)?;
                Some(PlanDate {
                    year: d.year,
                    month: d.month,
                    day: Some(d.day),
                })
            }
            _ => None,
        }
    }

    /// `2008-02` or `2008-02-15`, as precise as written.
    pub fn iso(&self) -> String {
        match self.day {
            Some(d) => format!("{:04}-{:02}-{d:02}", self.year, self.month),
            None => format!("{:04}-{:02}", self.year, self.month),
        }
    }

    /// The fiscal year the date falls in (April to March).
    pub fn fiscal_year(&self) -> i32 {
        if self.month >= 4 {
            self.year
        } else {
            self.year - 1
        }
    }
}

/// One revision of the plan, as `[[plan.revisions]]` declares it.
#[derive(Debug)]
pub struct PlanRevision {
    pub id: String,
    pub date: PlanDate,
    pub name: LangText,
    /// The first fiscal year the revised plan governs: the one after the
    /// fiscal year of the revision (a revision of February 2008, in
    /// FY2007, governs from FY2008).
    pub applies_from: i32,
    /// The plan's last fiscal year before and after this revision, when it
    /// moved it (extended or shortened).
    pub period: Option<PeriodChange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodChange {
    pub before: i32,
    pub after: i32,
}

impl PeriodChange {
    pub fn extended(&self) -> bool {
        self.after > self.before
    }
}

/// Where an initiative's target of a year comes from, when a revision of
/// the plan set it or changed it.
#[derive(Debug, Clone)]
pub struct TargetFromRevision {
    /// The id of the revision (a key of `Site::plan_revisions`).
    pub revision: String,
    /// That revision's first year (see [`PlanRevision::applies_from`]).
    pub applies_from: i32,
    /// The target in the version before the revision; `None` when the
    /// revision set the target first.
    pub earlier: Option<super::Figure>,
    pub earlier_places: Option<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_precise_as_written() {
        let feb = PlanDate::parse("2008-02").unwrap();
        assert_eq!((feb.year, feb.month, feb.day), (2008, 2, None));
        assert_eq!(feb.iso(), "2008-02");
        assert_eq!(feb.fiscal_year(), 2007);
        assert_eq!(
            PlanDate::parse("２００９／３").map(|d| d.iso()).as_deref(),
            Some("2009-03")
        );
        assert_eq!(
            PlanDate::parse("2009-04-01").map(|d| d.fiscal_year()),
            Some(2009)
        );
        assert_eq!(PlanDate::parse("2009-13"), None);
        assert_eq!(PlanDate::parse("2009-02-30"), None);
        assert_eq!(PlanDate::parse("平成20年2月"), None);
        assert!(PlanDate::parse("2008-02") < PlanDate::parse("2008-02-01"));
    }
}
