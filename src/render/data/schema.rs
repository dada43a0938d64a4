//! What each CSV file holds: its columns in order, each with its type (a
//! Table Schema field), and the keys between the files. The CSV rows
//! (`csv.rs`), the open data page's tables of columns and
//! `data/datapackage.json` all take the columns from here.

/// A column's type, as a Table Schema field says it.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Text,
    Integer,
    /// A decimal number, written as the pages print it (no separators).
    Number,
    /// `1` or `0`.
    Flag,
    /// `true` or `false`.
    Boolean,
    /// `2025-09-30`.
    Date,
    /// A month (`2008-02`) or a day (`2008-02-15`), as precise as the source.
    PlanDate,
    /// One of the given keys.
    OneOf(&'static [&'static str]),
    /// Keys of `states`, joined by `;`.
    States,
}

/// One column of a CSV file.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    /// Every row has a value.
    pub required: bool,
}

const fn col(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        kind,
        required: false,
    }
}

const fn key(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        kind,
        required: true,
    }
}

/// The keys of every status, as the `status` columns write them (a test
/// holds them to [`crate::model::Status::ALL`]).
pub const STATUS_KEYS: [&str; 7] = [
    "achieved",
    "not_achieved",
    "pending",
    "not_assessed",
    "undecided",
    "no_data",
    "not_yet_assessable",
];

/// The initiative's columns of [`INDICATORS`], empty in `headline_targets.csv`.
pub const INITIATIVE_COLUMNS: [&str; 7] = [
    "initiative_no",
    "initiative_id",
    "schedule",
    "title_ja",
    "title_en",
    "division_ja",
    "division_en",
];

/// The keys of a year's `states`.
pub const STATE_KEYS: [&str; 3] = ["provisional", "missing", "undecided"];

const STATUS: Kind = Kind::OneOf(&STATUS_KEYS);
/// Whose a status is: the figures' or the city's verdict.
pub const STATUS_BY_KEYS: [&str; 2] = ["figures", "city"];
const STATUS_BY: Kind = Kind::OneOf(&STATUS_BY_KEYS);
/// The city's verdict as a status (`verdict`).
pub const VERDICT_KEYS: [&str; 3] = ["achieved", "not_achieved", "on_course"];
const VERDICT: Kind = Kind::OneOf(&VERDICT_KEYS);
/// What a ― means (`dash`).
pub const DASH_KEYS: [&str; 3] = ["no_figure", "meets_ceiling", "fails"];
const DASH: Kind = Kind::OneOf(&DASH_KEYS);
const DIRECTION: Kind = Kind::OneOf(&["higher", "lower", "milestone"]);
const SCHEDULE: Kind = Kind::OneOf(&["study", "implement", "continue", "study_implement"]);
const QUALIFIER: Kind = Kind::OneOf(&["none", "at_least", "at_most", "or_less"]);
/// What a progress rate is measured against.
pub const AGAINST_KEYS: [&str; 3] = ["year_target", "period_total", "final_target"];
const AGAINST: Kind = Kind::OneOf(&AGAINST_KEYS);

use Kind::*;

/// `indicators.csv` (and each initiative's slice): one row per indicator
/// and fiscal year of the plan. The first 27 columns are those of the
/// first layout, in their place. `headline_targets.csv` has the same
/// columns, those of an initiative empty.
pub const INDICATORS: &[Column] = &[
    key("initiative_no", Integer),
    key("initiative_id", Text),
    key("indicator_id", Text),
    key("fiscal_year", Integer),
    key("era_year", Text),
    col("schedule", SCHEDULE),
    col("target", Number),
    col("actual", Number),
    col("unit_ja", Text),
    col("unit_en", Text),
    key("direction", DIRECTION),
    key("status", STATUS),
    key("title_ja", Text),
    key("title_en", Text),
    col("division_ja", Text),
    col("division_en", Text),
    col("target_text_ja", Text),
    col("target_text_en", Text),
    col("actual_text_ja", Text),
    col("actual_text_en", Text),
    col("target_change", Number),
    key("target_approximate", Flag),
    col("measured_on", Date),
    col("running_target", Number),
    col("running_actual", Number),
    col("progress_of_year", Number),
    col("progress_of_period", Number),
    key("plan_id", Text),
    key("latest_reviewed_year", Integer),
    col("edition_year", Integer),
    col("edition_date", Date),
    key("indicator_name_ja", Text),
    key("indicator_name_en", Text),
    key("qualifier", QUALIFIER),
    key("cumulative", Flag),
    col("baseline_value", Number),
    col("baseline_year", Integer),
    col("baseline_text_ja", Text),
    col("baseline_text_en", Text),
    col("final_target", Number),
    col("final_target_text_ja", Text),
    col("final_target_text_en", Text),
    col("final_target_change", Number),
    key("final_target_approximate", Flag),
    col("period_total", Number),
    col("states", States),
    col("city_verdict_ja", Text),
    col("city_verdict_en", Text),
    col("progress_of_year_against", AGAINST),
    col("progress_of_period_against", AGAINST),
    key("progress_of_period_approximate", Flag),
    key("status_by", STATUS_BY),
    col("verdict", VERDICT),
    key("verdict_differs", Flag),
    col("dash", DASH),
];

/// `benchmarks.csv`: one row per reference figure.
pub const BENCHMARKS: &[Column] = &[
    key("initiative_no", Integer),
    key("initiative_id", Text),
    key("indicator_id", Text),
    key("label_ja", Text),
    key("label_en", Text),
    key("value", Number),
    col("unit_ja", Text),
    col("unit_en", Text),
    col("benchmark_year", Integer),
    col("benchmark_era_year", Text),
    col("measure_ja", Text),
    col("measure_en", Text),
    col("own_value", Number),
    col("source_ja", Text),
    col("source_en", Text),
];

/// `revisions.csv`: one row per figure that differs from the latest edition.
pub const REVISIONS: &[Column] = &[
    key("initiative_no", Integer),
    key("initiative_id", Text),
    key("indicator_id", Text),
    key(
        "field",
        OneOf(&[
            "target",
            "actual",
            "baseline",
            "final_target",
            "unit",
            "direction",
        ]),
    ),
    col("fiscal_year", Integer),
    key("edition_year", Integer),
    key("edition_date", Date),
    col("previous_value", Text),
    col("current_value", Text),
    col("reason_ja", Text),
    col("reason_en", Text),
];

/// `plan_revisions.csv`: one row per revision of the plan itself, and one
/// per initiative it added and per target it set or changed.
pub const PLAN_REVISIONS: &[Column] = &[
    key("revision_id", Text),
    key("revision_date", PlanDate),
    key("revision_name_ja", Text),
    key("revision_name_en", Text),
    key("applies_from", Integer),
    key(
        "what",
        OneOf(&[
            "revision",
            "initiative_added",
            "target_set",
            "target_changed",
        ]),
    ),
    col("previous_last_year", Integer),
    col("last_year", Integer),
    col("initiative_no", Integer),
    col("initiative_id", Text),
    col("indicator_id", Text),
    col("fiscal_year", Integer),
    col("earlier_target", Number),
    col("target", Number),
];

/// `statuses.csv`: one row per initiative and year with a status on its
/// scale or a level by the scale's rule.
pub const STATUSES: &[Column] = &[
    key("initiative_no", Integer),
    key("initiative_id", Text),
    key("fiscal_year", Integer),
    key("era_year", Text),
    key("scale", Text),
    col("level", Text),
    col("level_ja", Text),
    col("level_en", Text),
    col("on_track", Boolean),
    col("rule_level", Text),
];

/// `status_counts.csv`: one row per count of items as the report gives it.
pub const STATUS_COUNTS: &[Column] = &[
    key("fiscal_year", Integer),
    key("era_year", Text),
    key("scale", Text),
    key("levels", Text),
    key("level_ja", Text),
    key("level_en", Text),
    key("count", Integer),
    col("total", Integer),
    col("share_printed", Number),
    col("share", Number),
    col("count_label_ja", Text),
    col("count_label_en", Text),
];

/// The names of `columns`, in order.
pub fn names(columns: &[Column]) -> impl Iterator<Item = &'static str> + '_ {
    columns.iter().map(|c| c.name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    #[test]
    fn the_status_keys_are_the_statuses() {
        let keys: Vec<&str> = Status::ALL.iter().map(|s| s.key()).collect();
        assert_eq!(keys, STATUS_KEYS);
    }
}
