//! The checked plan: what [`crate::check::validate`] hands to the later stages.
//! Plain data, no spans, every cross-reference known to resolve.

use std::collections::BTreeMap;
use std::path::PathBuf;

mod edition;
pub mod id;
mod revision;
mod values;
mod vecmap;

pub use crate::base::markdown::MarkdownFile;
use crate::base::text::{Lang, LangText};
pub use edition::{
    DIGEST_KEY, Date, Digest, Edition, EditionIndicator, EditionInitiative, MANIFEST_FORMAT,
    Manifest, ManifestEntry, Replacement, canonical_of, line_around, seal,
};
pub use revision::{PeriodChange, PlanDate, PlanRevision, TargetFromRevision};
pub use values::{
    CommentaryKind, DashMeaning, Direction, Figure, Qualifier, ScheduleWord, Status, Verdict,
    YearState, is_placeholder,
};
pub use vecmap::VecMap;

#[derive(Debug)]
pub struct Plan {
    pub site: Site,
    /// Sorted by number.
    pub initiatives: Vec<Initiative>,
    /// Sorted by slug.
    pub pages: Vec<Page>,
    /// The issued editions, by year.
    pub editions: Vec<Edition>,
}

impl Plan {
    /// The newest edition (of the latest year), if any was issued.
    pub fn latest_edition(&self) -> Option<&Edition> {
        self.editions.last()
    }
}

#[derive(Debug)]
pub struct Site {
    pub title: LangText,
    pub owner: LangText,
    pub plan_name: LangText,
    pub first_year: i32,
    pub last_year: i32,
    pub latest_year: i32,
    pub languages: Vec<Lang>,
    pub base_url: Option<String>,
    /// Initiatives per listing page (at least 1).
    pub per_page: usize,
    pub divisions: BTreeMap<String, LangText>,
    pub strategies: Vec<Strategy>,
    pub licence: LangText,
    pub licence_url: String,
    /// The plan's own revisions during its period, in date order (empty
    /// for a plan never revised).
    pub plan_revisions: Vec<PlanRevision>,
    /// The plan's scales of item statuses; the first is the default.
    pub scales: Vec<StatusScale>,
    /// Counts of items by status as reported, by year.
    pub status_counts: Vec<StatusCount>,
    /// 主要目標: targets of the whole plan, in no one initiative.
    pub headline_targets: Vec<Indicator>,
}

/// A scale of item statuses: its levels best first.
#[derive(Debug)]
pub struct StatusScale {
    pub id: String,
    pub name: LangText,
    /// The rule in the plan's words.
    pub rule: Option<LangText>,
    pub levels: Vec<ScaleLevel>,
}

impl StatusScale {
    /// Whether mieruka works the level out from an indicator's figures.
    pub fn is_mechanical(&self) -> bool {
        self.levels.iter().any(|l| l.when.is_some())
    }

    pub fn level(&self, key: &str) -> Option<usize> {
        self.levels.iter().position(|l| l.key == key)
    }
}

#[derive(Debug)]
pub struct ScaleLevel {
    pub key: String,
    pub label: LangText,
    pub on_track: bool,
    /// A state beside the grades (終了).
    pub separate: bool,
    pub when: Option<LevelRule>,
}

/// The condition of a stated mechanical rule, tried in the scale's order:
/// the first level whose condition holds is the level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LevelRule {
    /// The year's target is met.
    TargetMet,
    /// The actual is better than the baseline.
    AboveBaseline,
    /// The actual is within ±percent % of the baseline.
    NearBaseline(f64),
    /// The actual is worse than the baseline.
    BelowBaseline,
    /// The achievement rate (actual ÷ target, for lower is better target ÷ actual) is at least percent %.
    RateAtLeast(f64),
    /// Any figures at all (the last grade).
    Otherwise,
    /// The figures the rule needs are not there (長与町 −).
    NotAssessable,
}

/// The counts of items by status in one year, as the report gives them.
#[derive(Debug)]
pub struct StatusCount {
    pub year: i32,
    /// An index into `Site::scales`.
    pub scale: usize,
    pub total: Option<u32>,
    pub label: Option<LangText>,
    pub rows: Vec<CountRow>,
}

#[derive(Debug)]
pub struct CountRow {
    /// Indexes of the scale's levels counted together, in the scale's order.
    pub levels: Vec<usize>,
    pub count: u32,
    /// The printed share in percent and its decimals as written.
    pub share: Option<(f64, u8)>,
}

impl Site {
    /// Every human-readable text of `site.toml`, with the field it is in.
    pub fn texts(&self) -> Vec<(String, &LangText)> {
        let mut out = vec![
            ("site.title".to_string(), &self.title),
            ("site.owner".to_string(), &self.owner),
            ("plan.name".to_string(), &self.plan_name),
        ];
        out.extend(
            self.divisions
                .iter()
                .map(|(k, t)| (format!("divisions.{k}"), t)),
        );
        for s in &self.strategies {
            out.push((format!("strategy {}", s.number), &s.name));
            for a in &s.areas {
                out.push((format!("strategy {} area {}", s.number, a.number), &a.name));
                for i in &a.items {
                    let field =
                        format!("strategy {} area {} item {}", s.number, a.number, i.number);
                    out.push((field, &i.name));
                }
            }
        }
        out.push(("open_data.licence".to_string(), &self.licence));
        for (n, r) in self.plan_revisions.iter().enumerate() {
            out.push((format!("plan.revisions[{n}].name"), &r.name));
        }
        for (n, scale) in self.scales.iter().enumerate() {
            out.push((format!("status_scales[{n}].name"), &scale.name));
            out.extend(
                scale
                    .rule
                    .iter()
                    .map(|t| (format!("status_scales[{n}].rule"), t)),
            );
            for (m, l) in scale.levels.iter().enumerate() {
                out.push((format!("status_scales[{n}].levels[{m}].label"), &l.label));
            }
        }
        for (n, c) in self.status_counts.iter().enumerate() {
            out.extend(
                c.label
                    .iter()
                    .map(|t| (format!("status_counts[{n}].label"), t)),
            );
        }
        for (n, ind) in self.headline_targets.iter().enumerate() {
            out.extend(ind.texts(&format!("headline_targets[{n}]")));
        }
        out
    }

    /// The plan revision with this id.
    pub fn plan_revision(&self, id: &str) -> Option<&PlanRevision> {
        self.plan_revisions.iter().find(|r| r.id == id)
    }

    pub fn years(&self) -> std::ops::RangeInclusive<i32> {
        self.first_year..=self.last_year
    }

    /// Fiscal years whose actuals are in: the first year of the plan up to the latest reviewed one.
    pub fn reviewed_years(&self) -> std::ops::RangeInclusive<i32> {
        self.first_year..=self.latest_year
    }

    pub fn strategy(&self, n: u32) -> Option<&Strategy> {
        self.strategies.iter().find(|s| s.number == n)
    }
}

#[derive(Debug)]
pub struct Strategy {
    pub number: u32,
    pub name: LangText,
    pub areas: Vec<Area>,
}

impl Strategy {
    pub fn area(&self, n: u32) -> Option<&Area> {
        self.areas.iter().find(|a| a.number == n)
    }
}

#[derive(Debug)]
pub struct Area {
    pub number: u32,
    pub name: LangText,
    pub items: Vec<Item>,
}

impl Area {
    pub fn item(&self, n: u32) -> Option<&Item> {
        self.items.iter().find(|i| i.number == n)
    }
}

#[derive(Debug)]
pub struct Item {
    pub number: u32,
    pub name: LangText,
}

#[derive(Debug)]
pub struct Initiative {
    /// Folder name; the page is `initiatives/<id>.html`.
    pub id: String,
    pub number: u32,
    pub strategy: u32,
    pub area: u32,
    pub item: u32,
    /// A key of `Site::divisions`.
    pub division: String,
    pub title: LangText,
    pub description: LangText,
    pub schedule: VecMap<i32, ScheduleWord>,
    pub indicators: Vec<Indicator>,
    pub commentary: VecMap<(i32, CommentaryKind), MarkdownTexts>,
    pub path: PathBuf,
    /// The plan revision that added the initiative (its id), if it was not
    /// in the plan from the start.
    pub added_at: Option<String>,
    /// The scale of `statuses`: an index into `Site::scales`.
    pub scale: usize,
    /// The city's status per year, as an index of the scale's levels.
    pub statuses: VecMap<i32, usize>,
}

/// A Markdown text in Japanese and the languages it has been translated
/// into; any of them may still be missing.
#[derive(Debug, Default)]
pub struct MarkdownTexts {
    pub ja: Option<MarkdownFile>,
    /// The translations, in the site's order of languages.
    pub other: Vec<(Lang, MarkdownFile)>,
}

impl MarkdownTexts {
    /// Lets the texts go (see [`MarkdownFile::release`]).
    pub fn release(&mut self) {
        self.ja
            .iter_mut()
            .chain(self.other.iter_mut().map(|(_, f)| f))
            .for_each(MarkdownFile::release);
    }

    /// The file written in `lang` itself.
    pub fn get(&self, lang: Lang) -> Option<&MarkdownFile> {
        if lang == Lang::JA {
            return self.ja.as_ref();
        }
        self.other.iter().find(|(l, _)| *l == lang).map(|(_, f)| f)
    }

    pub fn set(&mut self, lang: Lang, file: MarkdownFile) {
        if lang == Lang::JA {
            self.ja = Some(file);
        } else if let Some(slot) = self.other.iter_mut().find(|(l, _)| *l == lang) {
            slot.1 = file;
        } else {
            // Most texts have one or two translations: no spare room.
            self.other.reserve_exact(1);
            self.other.push((lang, file));
            self.other.sort_by_key(|(l, _)| *l);
        }
    }

    /// Every file, Japanese first.
    pub fn files(&self) -> impl Iterator<Item = &MarkdownFile> {
        self.ja.iter().chain(self.other.iter().map(|(_, f)| f))
    }
}

#[derive(Debug)]
pub struct Indicator {
    pub id: String,
    pub name: LangText,
    pub unit: Option<LangText>,
    pub direction: Direction,
    pub cumulative: bool,
    pub qualifier: Qualifier,
    pub decimals: Option<u8>,
    pub baseline: Option<Baseline>,
    pub final_target: Option<FinalTarget>,
    /// Rare, so boxed (as are the texts and reasons below): a big plan has
    /// tens of thousands of indicators.
    pub milestone_label: Option<Box<LangText>>,
    /// A rank (3位): whole numbers, lower is better, gaps in places.
    pub rank: bool,
    pub years: VecMap<i32, YearFigures>,
    /// Reference figures (全国平均 …), in the order written.
    pub benchmarks: Vec<Benchmark>,
    /// The office's reason for a unit or direction that differs from the
    /// latest edition (see [`crate::check::changes::revisions`]).
    pub reason: Option<Box<LangText>>,
    /// The target for the plan period as a whole, the sum of the years
    /// (計画期間の合計 5,140百万円); progress is the sum of the actuals against it.
    pub period_total: Option<Box<PeriodTotal>>,
    /// A second series of the same measure as a running total (累計), by
    /// fiscal year; shown beside the years, never assessed instead of them.
    pub running_total: VecMap<i32, RunningFigures>,
}

/// The plan period's total target (see [`Indicator::period_total`]).
#[derive(Debug)]
pub struct PeriodTotal {
    pub value: f64,
    pub places: Option<u8>,
    pub text: Option<LangText>,
}

/// One year of the running-total series.
#[derive(Debug, Default)]
pub struct RunningFigures {
    pub target: Option<f64>,
    pub actual: Option<f64>,
    pub target_places: Option<u8>,
    pub actual_places: Option<u8>,
    pub target_text: Option<LangText>,
    pub actual_text: Option<LangText>,
}

/// How a year's target was written when it is not a plain figure, and when
/// a value was measured at a date. Rare, so boxed in [`YearFigures::shape`].
#[derive(Debug, Default, Clone, PartialEq)]
pub struct YearShape {
    /// The target as a change from the baseline (−50 for 「50人削減」), with
    /// the decimals it was written with; `target` holds the figure it implies.
    pub target_change: Option<(f64, Option<u8>)>,
    /// The target is approximate (概ね / 約).
    pub approximate: bool,
    /// The figures are the state on this date (4月1日現在), not a fiscal
    /// year's; the year is the fiscal year the day before the date is in.
    pub measured_on: Option<Date>,
}

/// A reference figure beside an indicator: a national, prefectural or peer
/// average. On the indicator's own measure it is a line on the chart and a
/// row of the figures table; on a related measure (`measure`) only a note
/// beside the indicator.
#[derive(Debug)]
pub struct Benchmark {
    pub label: LangText,
    pub value: f64,
    pub places: Option<u8>,
    /// `None` when the source gives no year (`no_year = true`).
    pub year: Option<i32>,
    pub source: Option<LangText>,
    pub measure: Option<Measure>,
}

/// The related measure a benchmark is of, and the city's own figure on it.
#[derive(Debug)]
pub struct Measure {
    pub name: LangText,
    pub unit: Option<LangText>,
    pub own_value: Option<(f64, Option<u8>)>,
}

impl Initiative {
    /// Every human-readable text of `initiative.toml`, with the field it is in.
    pub fn texts(&self) -> Vec<(String, &LangText)> {
        let mut out = vec![
            ("title".to_string(), &self.title),
            ("description".to_string(), &self.description),
        ];
        for (n, ind) in self.indicators.iter().enumerate() {
            out.extend(ind.texts(&format!("indicators[{n}]")));
        }
        out
    }
}

impl Indicator {
    /// The running total the city gives for `year`, where it is a running
    /// total of the yearly figures: its last target (if it gives targets) is the
    /// period's total
    /// (いわき市's second series, which counts each year's saving again in every
    /// later year, is on another basis, and is never the period's progress).
    pub fn given_running_total(&self, year: i32) -> Option<f64> {
        let total = self.period_total.as_ref()?;
        let last_target = self.running_total.iter().rev().find_map(|(_, r)| r.target);
        if last_target.is_some_and(|t| (t - total.value).abs() > 1e-9 * total.value.abs().max(1.0))
        {
            return None;
        }
        self.running_total.get(&year)?.actual
    }

    /// The sum of the actuals of the years up to `year` (a per-year indicator's
    /// progress against its period total); `None` when there are none.
    pub fn sum_of_actuals(&self, year: i32) -> Option<f64> {
        let actuals = self
            .years
            .iter()
            .filter(|(y, _)| **y <= year)
            .filter_map(|(_, f)| match f.actual {
                Some(Figure::Number(n)) => Some(n),
                _ => None,
            });
        actuals.fold(None, |sum, n| Some(sum.unwrap_or(0.0) + n))
    }

    /// Every human-readable text of the indicator, with its field under `at`.
    pub fn texts(&self, at: &str) -> Vec<(String, &LangText)> {
        let mut out = Vec::new();
        out.push((format!("{at}.name"), &self.name));
        out.extend(self.unit.iter().map(|t| (format!("{at}.unit"), t)));
        out.extend(
            self.milestone_label
                .as_deref()
                .map(|t| (format!("{at}.milestone_label"), t)),
        );
        let baseline = self.baseline.as_ref().and_then(|b| b.text.as_deref());
        out.extend(baseline.map(|t| (format!("{at}.baseline.text"), t)));
        let final_target = self.final_target.as_ref().and_then(|f| f.text.as_deref());
        out.extend(final_target.map(|t| (format!("{at}.final_target.text"), t)));
        out.extend(self.reason.as_deref().map(|t| (format!("{at}.reason"), t)));
        let reason = self.baseline.as_ref().and_then(|b| b.reason.as_deref());
        out.extend(reason.map(|t| (format!("{at}.baseline.reason"), t)));
        let reason = self.final_target.as_ref().and_then(|f| f.reason.as_deref());
        out.extend(reason.map(|t| (format!("{at}.final_target.reason"), t)));
        for (n, b) in self.benchmarks.iter().enumerate() {
            let at = format!("{at}.benchmarks[{n}]");
            out.push((format!("{at}.label"), &b.label));
            out.extend(b.source.iter().map(|t| (format!("{at}.source"), t)));
            if let Some(m) = &b.measure {
                out.push((format!("{at}.measure"), &m.name));
                out.extend(m.unit.iter().map(|t| (format!("{at}.unit"), t)));
            }
        }
        let total = self.period_total.as_ref().and_then(|t| t.text.as_ref());
        out.extend(total.map(|t| (format!("{at}.period_total.text"), t)));
        for (year, r) in &self.running_total {
            out.extend(
                r.target_text
                    .iter()
                    .map(|t| (format!("{at}.running_total.{year}.target_text"), t)),
            );
            out.extend(
                r.actual_text
                    .iter()
                    .map(|t| (format!("{at}.running_total.{year}.actual_text"), t)),
            );
        }
        for (year, y) in &self.years {
            out.extend(
                y.target_text
                    .iter()
                    .map(|t| (format!("{at}.years.{year}.target_text"), &**t)),
            );
            out.extend(
                y.actual_text
                    .iter()
                    .map(|t| (format!("{at}.years.{year}.actual_text"), &**t)),
            );
            out.extend(
                y.city_verdict
                    .iter()
                    .map(|t| (format!("{at}.years.{year}.city_verdict"), &**t)),
            );
            out.extend(
                y.reason
                    .iter()
                    .map(|t| (format!("{at}.years.{year}.reason"), &**t)),
            );
        }
        out
    }

    /// The decimals a figure of the indicator is printed with, on the pages
    /// and in the open data alike: the indicator's `decimals`, else those the
    /// figure was written with (`written`), else `None` (the shortest form).
    pub fn places(&self, written: Option<u8>) -> Option<u8> {
        self.decimals.or(written)
    }

    pub fn is_numeric(&self) -> bool {
        self.direction != Direction::Milestone
    }

    /// Whether the figures are the state at dates (4月1日現在), not fiscal years'.
    pub fn measured_at_dates(&self) -> bool {
        self.years.values().any(|y| y.measured_on().is_some())
    }
}

#[derive(Debug)]
pub struct Baseline {
    pub year: Option<i32>,
    pub value: Option<f64>,
    /// The decimals `value` was written with (see [`YearFigures::target_places`]).
    pub places: Option<u8>,
    /// Printed instead of the value; a baseline with its own text is not drawn.
    pub text: Option<Box<LangText>>,
    /// Why it differs from the latest edition.
    pub reason: Option<Box<LangText>>,
}

#[derive(Debug)]
pub struct FinalTarget {
    pub value: Option<Figure>,
    /// The decimals `value` was written with (see [`YearFigures::target_places`]).
    pub places: Option<u8>,
    pub text: Option<Box<LangText>>,
    /// Why it differs from the latest edition.
    pub reason: Option<Box<LangText>>,
    /// Written as a change from the baseline (−430 for 「概ね430人の削減」);
    /// `value` holds the figure it implies.
    pub change: Option<(f64, Option<u8>)>,
    /// Approximate (概ね / 約).
    pub approximate: bool,
}

#[derive(Debug, Default)]
pub struct YearFigures {
    pub target: Option<Figure>,
    pub actual: Option<Figure>,
    /// How many decimals the target was written with in the content
    /// (`0.670` → 3, `45872` → 0), so that it is printed as written when the
    /// indicator sets no `decimals`; `None` for an exponent (`1e3`) or no target.
    pub target_places: Option<u8>,
    pub actual_places: Option<u8>,
    /// Rare, so boxed: a plan has five of these per indicator.
    pub target_text: Option<Box<LangText>>,
    pub actual_text: Option<Box<LangText>>,
    /// 暫定 / ― / 未確定, when the report says so.
    pub state: Option<YearState>,
    /// The city's own verdict in its words. Rare, so boxed.
    pub city_verdict: Option<Box<LangText>>,
    /// The city's verdict as a status (`verdict`): the year's status where
    /// the figures cannot decide, beside it where they do.
    pub verdict: Option<Verdict>,
    /// What a ― means (`dash`), with `state = "missing"`.
    pub dash: Option<DashMeaning>,
    /// Why the target or actual differs from the latest edition.
    pub reason: Option<Box<LangText>>,
    /// The plan revision that set or changed the target. Rare, so boxed.
    pub target_from: Option<Box<TargetFromRevision>>,
    /// A target written as a change or approximately, a value at a date.
    pub shape: Option<Box<YearShape>>,
}

impl YearFigures {
    pub fn target_change(&self) -> Option<(f64, Option<u8>)> {
        self.shape.as_ref().and_then(|s| s.target_change)
    }

    pub fn approximate(&self) -> bool {
        self.shape.as_ref().is_some_and(|s| s.approximate)
    }

    pub fn measured_on(&self) -> Option<Date> {
        self.shape.as_ref().and_then(|s| s.measured_on)
    }
}

#[derive(Debug)]
pub struct Page {
    pub slug: String,
    pub text: MarkdownTexts,
}

/// A plan that has finished, published with its final report under
/// `plans/<id>/` beside the current plan.
#[derive(Debug)]
pub struct FinishedPlan {
    /// Its folder name in `content/plans/`.
    pub id: String,
    pub plan: Plan,
}
