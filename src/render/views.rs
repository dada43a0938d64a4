//! The prepared views templates get: every word already in the page's
//! language, every figure formatted, every link relative.

use minijinja::Value;
use serde::Serialize;

/// A text and the language it is really in; `pending` marks a Japanese
/// fallback shown on an English page.
#[derive(Debug, Serialize)]
pub(super) struct Txt {
    /// The text as plain text (ruby readings left out), for attributes,
    /// titles and anywhere HTML cannot go.
    pub(super) text: String,
    /// The text as written, when it has ruby (`{漢字|かんじ}`): the `txt`
    /// filter shows it as `<ruby>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) ruby: Option<String>,
    pub(super) lang: &'static str,
    pub(super) pending: bool,
    /// The visible "translation pending" note, when `pending`.
    pub(super) note: Option<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct Link {
    pub(super) href: String,
    pub(super) label: String,
}

#[derive(Debug, Serialize)]
pub(super) struct Layout {
    pub(super) lang: &'static str,
    /// From this page to the output root (`../` …), for assets.
    pub(super) root: String,
    /// From this page to its plan's root: the output root, or a finished
    /// plan's `plans/<id>/` (its charts and open data).
    pub(super) plan_root: String,
    /// From this page to its language's root (of its plan).
    pub(super) lang_root: String,
    /// On a finished plan's pages: that it has finished, and where the current plan is.
    pub(super) plan_notice: Option<PlanNotice>,
    /// On the current plan's pages: the finished plans, newest first.
    pub(super) earlier_plans: Vec<EarlierPlan>,
    /// On a page at an address a finished plan had: what it showed before.
    pub(super) address_notice: Option<PlanNotice>,
    /// On a page that sends the reader on: where (a meta refresh).
    pub(super) refresh: Option<String>,
    pub(super) home: String,
    pub(super) path: String,
    /// The language switch: every language of the site, this one marked.
    pub(super) languages: Vec<Alternate>,
    /// Every language version of this page (for `hreflang`), this one included.
    pub(super) versions: Vec<Version>,
    pub(super) canonical: Option<String>,
    /// Open Graph locale: ja_JP / en_US / pt_BR.
    pub(super) locale: String,
    /// Printed under the page: where it lives (absolute with `base_url`).
    pub(super) print_url: String,
    /// A QR code of `print_url` for printed pages, when `base_url` is set.
    pub(super) qr_svg: Option<String>,
    pub(super) site_title: Txt,
    pub(super) owner: Txt,
    pub(super) plan_name: Txt,
    pub(super) title: String,
    pub(super) description: String,
    pub(super) as_of: String,
    /// When the figures of this page were published: the latest edition's
    /// date (an edition's own on its pages); none before the first edition.
    pub(super) published: Option<String>,
    /// The language's Atom feed of editions, when there is one.
    pub(super) feed: Option<String>,
    pub(super) nav: Vec<Link>,
    pub(super) footer_links: Vec<Link>,
    /// The interface words, converted for the templates once per language.
    pub(super) t: Value,
    /// A page that must work at any address (the not-found page) carries
    /// the stylesheet in itself, allowed by its hash in the page's CSP.
    pub(super) inline_style: Option<InlineStyle>,
}

#[derive(Debug, Serialize)]
pub(super) struct Version {
    pub(super) lang: &'static str,
    pub(super) href: String,
}

#[derive(Debug, Serialize)]
pub(super) struct Alternate {
    /// The `lang` of the language's pages (`ja` for easy Japanese).
    pub(super) lang: &'static str,
    /// Its `hreflang`, where its code is a language tag.
    pub(super) hreflang: Option<&'static str>,
    pub(super) href: String,
    /// The language's name in itself: 日本語, English, やさしい日本語.
    pub(super) label: String,
    /// This page's own language.
    pub(super) current: bool,
}

#[derive(Debug, Serialize)]
pub(super) struct StatusView {
    pub(super) key: &'static str,
    pub(super) label: String,
    /// A shorter label for narrow table cells ("Met" for "Target met").
    pub(super) short: String,
    pub(super) icon: &'static str,
    /// The status is the city's verdict: 「市の判断」.
    pub(super) by_city: Option<String>,
    /// The city's verdict beside a status it is not: 「市の判断：順調」.
    pub(super) beside: Option<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct CountView {
    pub(super) status: StatusView,
    pub(super) count: usize,
    pub(super) href: String,
    /// How many of them have the status by the city's verdict, when any do.
    pub(super) by_city: Option<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct IndexView {
    pub(super) period: String,
    /// The year this overview is about.
    pub(super) year: String,
    pub(super) is_latest: bool,
    pub(super) years: Vec<YearLink>,
    pub(super) counts: Vec<CountView>,
    pub(super) total: usize,
    pub(super) strategy_counts: Vec<StrategyCountView>,
    /// Cards by strategy, area and item; empty for a plan with more
    /// initiatives than a page shows (the listings have them).
    pub(super) strategies: Vec<StrategyView>,
    pub(super) cards_shown: bool,
    pub(super) shortfall_link: Link,
    pub(super) ways: WaysIn,
    /// The plan's own revisions, each with how it moved the period.
    pub(super) plan_revisions: Vec<String>,
    /// Counts by level of the plan's scales, from the initiatives' statuses.
    pub(super) level_counts: Vec<CountsTableView>,
    /// Counts by status as the report gives them for the year.
    pub(super) reported_counts: Vec<CountsTableView>,
    /// 主要目標: the plan's headline targets (home page only).
    pub(super) headline_targets: Vec<IndicatorView>,
    /// How many indicators the city judges otherwise than their figures in
    /// the year, when any.
    pub(super) verdicts_differ: Option<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct StrategyCountView {
    pub(super) label: Txt,
    pub(super) href: String,
    pub(super) counts: Vec<CountView>,
}

/// Other ways into the initiatives: by strategy, division and status.
#[derive(Debug, Serialize)]
pub(super) struct WaysIn {
    pub(super) strategies: Vec<Link>,
    pub(super) divisions: Vec<Link>,
    /// The initiatives by their status in the page's year.
    pub(super) statuses: Vec<CountLink>,
    pub(super) statuses_year: String,
}

#[derive(Debug, Serialize)]
pub(super) struct CountLink {
    pub(super) href: String,
    pub(super) status: StatusView,
    pub(super) count: usize,
}

#[derive(Debug, Serialize)]
pub(super) struct ListingView {
    pub(super) title: String,
    pub(super) intro: String,
    pub(super) groups: Vec<ItemView>,
    /// Links to the other pages of a list longer than `per_page`.
    pub(super) pager: Option<PagerView>,
}

/// Where a long list continues: previous / next and the page numbers around
/// this one (the first and last always; `None` hrefs in between are gaps).
#[derive(Debug, Serialize)]
pub(super) struct PagerView {
    pub(super) current: usize,
    pub(super) total: usize,
    /// "Page 2 of 67" in the page's language.
    pub(super) label: String,
    pub(super) previous: Option<String>,
    pub(super) next: Option<String>,
    pub(super) pages: Vec<PagerLink>,
}

#[derive(Debug, Serialize)]
pub(super) struct PagerLink {
    /// The page number; empty for a gap ("…").
    pub(super) number: Option<usize>,
    pub(super) href: String,
    pub(super) current: bool,
}

#[derive(Debug, Serialize)]
pub(super) struct StrategyView {
    pub(super) label: Txt,
    pub(super) areas: Vec<AreaView>,
}

#[derive(Debug, Serialize)]
pub(super) struct AreaView {
    pub(super) label: Txt,
    pub(super) items: Vec<ItemView>,
}

#[derive(Debug, Serialize)]
pub(super) struct ItemView {
    pub(super) label: Txt,
    pub(super) initiatives: Vec<CardView>,
}

#[derive(Debug, Serialize)]
pub(super) struct CardView {
    pub(super) number: u32,
    pub(super) href: String,
    pub(super) title: Txt,
    pub(super) division: Txt,
    pub(super) status: StatusView,
    /// "Actual 427 procedures / Target 350 procedures" for the year shown.
    pub(super) figures: Vec<String>,
    /// Small trend chart of the first indicator with figures.
    pub(super) trend: Option<String>,
    /// Added to the plan at a revision.
    pub(super) added: Option<AddedView>,
    /// Its status on the plan's scale in the year shown.
    pub(super) level: Option<LevelView>,
}

#[derive(Debug, Serialize)]
pub(super) struct InitiativeView {
    pub(super) number: u32,
    pub(super) title: Txt,
    pub(super) description: Txt,
    pub(super) division: Txt,
    pub(super) strategy: Txt,
    /// The strategy's listing page, for the breadcrumb.
    pub(super) strategy_href: Option<String>,
    pub(super) area: Txt,
    pub(super) item: Txt,
    pub(super) status: StatusView,
    pub(super) latest_year: String,
    pub(super) schedule: Vec<ScheduleCell>,
    pub(super) indicators: Vec<IndicatorView>,
    /// Progress reports and next year's plan, in reading order.
    pub(super) commentary: Vec<ProseView>,
    pub(super) shortfalls: Vec<ShortfallView>,
    pub(super) previous: Option<Link>,
    pub(super) next: Option<Link>,
    /// This initiative's rows of the open data.
    pub(super) data_href: String,
    /// Added to the plan at a revision.
    pub(super) added: Option<AddedView>,
    /// Its status per year on the plan's scale.
    pub(super) scale_status: Option<ScaleStatusView>,
}

#[derive(Debug, Serialize)]
pub(super) struct OpenDataView {
    pub(super) csv_href: String,
    pub(super) json_href: String,
    /// `datapackage.json`: every CSV file's Table Schema.
    pub(super) package_href: String,
    /// `indicators.schema.json`: the JSON Schema of `indicators.json`.
    pub(super) json_schema_href: String,
    pub(super) columns: Vec<ColumnView>,
    pub(super) benchmarks_href: String,
    pub(super) benchmark_columns: Vec<ColumnView>,
    pub(super) revisions_href: String,
    pub(super) revision_columns: Vec<ColumnView>,
    /// The plan revisions' file, only for a plan that has some.
    pub(super) plan_revisions_href: Option<String>,
    pub(super) plan_revision_columns: Vec<ColumnView>,
    pub(super) licence: Txt,
    pub(super) licence_url: String,
    /// How the data may be used, crediting the site's owner.
    pub(super) licence_note: String,
    /// One link per initiative, unless there are more than a page shows
    /// (each initiative's page links its own file).
    pub(super) slices: Vec<Link>,
    pub(super) slices_shown: bool,
    /// Files only some plans have (statuses, counts, headline targets).
    pub(super) more_files: Vec<DataFileView>,
    /// Every version of every edition record, and the manifest of them.
    pub(super) records: Vec<RecordView>,
    pub(super) manifest_href: String,
}

#[derive(Debug, Serialize)]
pub(super) struct ColumnView {
    pub(super) name: &'static str,
    pub(super) description: String,
}

#[derive(Debug, Serialize)]
pub(super) struct ScheduleCell {
    pub(super) year: String,
    pub(super) word: String,
}

#[derive(Debug, Serialize)]
pub(super) struct IndicatorView {
    pub(super) id: String,
    pub(super) name: Txt,
    pub(super) unit: Option<Txt>,
    pub(super) direction: String,
    pub(super) cumulative: bool,
    pub(super) baseline: Option<String>,
    pub(super) final_target: Option<String>,
    /// What the figures table's caption says after the indicator's name:
    /// 単位: 件 / Unit: procedures, cumulative.
    pub(super) table_note: Option<String>,
    pub(super) rows: Vec<RowView>,
    /// Reference figures on the indicator's own measure: rows of the figures table.
    pub(super) benchmarks: Vec<BenchmarkRow>,
    /// Reference figures on a related measure, each a sentence under the table.
    pub(super) benchmark_notes: Vec<String>,
    /// The city's own verdicts, each beside the computed status of its year.
    pub(super) city_verdicts: Vec<CityVerdictView>,
    pub(super) chart: Option<ChartView>,
    /// How the targets move (easier than the year before, behind the baseline), in words.
    pub(super) movements: Vec<String>,
    /// What differs from the latest edition: old → new, and the reason.
    pub(super) revisions: Vec<RevisionView>,
    /// The plan period's total target (the sum of the years), if any.
    pub(super) period_total: Option<String>,
    /// The figures table has a progress column (進捗率).
    pub(super) has_progress: bool,
    /// The figures table has the running-total series beside the years.
    pub(super) has_running: bool,
    /// The first column's heading: 年度, or 時点 for figures at dates.
    pub(super) when_heading: String,
    /// The headings of the target and actual columns: 目標 / 実績, or
    /// 目標（単年度） / 実績（単年度） beside a running total.
    pub(super) target_heading: String,
    pub(super) actual_heading: String,
}

/// A revision: a figure that differs from the latest edition.
#[derive(Debug, Serialize)]
pub(super) struct RevisionView {
    /// "令和7年度の目標値：440件 → 400件（令和6年度（2024年度）版から変更）".
    pub(super) text: String,
    /// The office's reason, if written.
    pub(super) reason: Option<Txt>,
}

#[derive(Debug, Serialize)]
pub(super) struct BenchmarkRow {
    pub(super) label: Txt,
    /// The figure with its unit and, when the source gives one, its year.
    pub(super) value: String,
    pub(super) source: Option<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct RowView {
    pub(super) year: String,
    /// The Gregorian year under the era name on Japanese pages: （2024年度）.
    pub(super) year_note: Option<String>,
    pub(super) schedule: Option<String>,
    pub(super) target: Option<String>,
    pub(super) actual: Option<String>,
    pub(super) status: StatusView,
    /// The plan revision that set or changed the target.
    pub(super) target_note: Option<String>,
    /// Why the year is not assessed, when a plan revision is the reason.
    pub(super) status_note: Option<String>,
    /// The level the scale's stated rule gives the year, beside the status.
    pub(super) level: Option<LevelView>,
    /// 目標は概数, beside the status of a year whose target is approximate.
    pub(super) approximate: Option<String>,
    /// 進捗率: against the year's target and the period's.
    pub(super) progress: Option<String>,
    pub(super) running_target: Option<String>,
    pub(super) running_actual: Option<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct ChartView {
    /// The SVG file; also offered as a download.
    pub(super) src: String,
    /// The text alternative: every figure and status of the figures table,
    /// made from its rows (see `Renderer::chart_alt`).
    pub(super) alt: String,
    /// What the chart shows, in a few sentences, under it.
    pub(super) caption: String,
    pub(super) width: u32,
    pub(super) height: u32,
}

#[derive(Debug, Serialize)]
pub(super) struct ProseView {
    /// Shown on screen, left out of print (an initiative prints on one
    /// page with its latest commentary only).
    pub(super) screen_only: bool,
    pub(super) heading: String,
    pub(super) html: String,
    pub(super) lang: &'static str,
    pub(super) pending: bool,
    pub(super) note: Option<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct ShortfallView {
    /// Shown on screen, left out of print (earlier years' explanations).
    pub(super) screen_only: bool,
    pub(super) year: String,
    pub(super) number: u32,
    pub(super) title: Txt,
    pub(super) href: String,
    /// "Actual: … (Target: …)" per indicator that missed.
    pub(super) figures: Vec<String>,
    pub(super) prose: Option<ProseView>,
}

#[derive(Debug, Serialize)]
pub(super) struct ShortfallsView {
    pub(super) title: String,
    pub(super) year: String,
    pub(super) entries: Vec<ShortfallView>,
    pub(super) years: Vec<YearLink>,
    pub(super) pager: Option<PagerView>,
}

#[derive(Debug, Serialize)]
pub(super) struct YearLink {
    pub(super) label: String,
    pub(super) href: String,
    pub(super) current: bool,
}

/// The record of changes: how the targets move, by initiative.
#[derive(Debug, Serialize)]
pub(super) struct ChangesView {
    /// The issued editions, newest first.
    pub(super) editions: Vec<EditionLink>,
    pub(super) movements: Vec<ChangesEntry>,
    /// What differs from the latest edition, by initiative.
    pub(super) revisions: Vec<RevisionEntry>,
    /// What the revisions section lists, naming the latest edition; none
    /// before the first edition.
    pub(super) revisions_intro: Option<String>,
    /// The plan's own revisions (empty for a plan never revised).
    pub(super) plan_revisions: Vec<PlanRevisionView>,
}

/// One initiative's revisions on the changes page.
#[derive(Debug, Serialize)]
pub(super) struct RevisionEntry {
    pub(super) number: u32,
    pub(super) title: Txt,
    pub(super) href: String,
    pub(super) lines: Vec<RevisionLine>,
}

#[derive(Debug, Serialize)]
pub(super) struct RevisionLine {
    pub(super) indicator: Txt,
    pub(super) href: String,
    pub(super) revision: RevisionView,
}

/// One initiative's lines on the changes page.
#[derive(Debug, Serialize)]
pub(super) struct ChangesEntry {
    pub(super) number: u32,
    pub(super) title: Txt,
    pub(super) href: String,
    /// "指標名: sentence" per movement.
    pub(super) lines: Vec<ChangesLine>,
}

#[derive(Debug, Serialize)]
pub(super) struct ChangesLine {
    pub(super) indicator: Txt,
    pub(super) href: String,
    pub(super) text: String,
}

/// What every page of an edition says first: which edition, when it was
/// published, what it replaced, and where the current page is.
#[derive(Debug, Serialize)]
pub(super) struct EditionBanner {
    /// 令和6年度（2024年度）版 / FY2024 edition.
    pub(super) name: String,
    pub(super) published: String,
    pub(super) note: String,
    pub(super) replaced: Vec<String>,
    pub(super) overview: Link,
    pub(super) current: Option<Link>,
    /// For a version a replacement superseded: when and why, and a link to
    /// the current version.
    pub(super) superseded: Option<(String, Link)>,
    /// For the current version: the versions it superseded, kept as issued.
    pub(super) earlier: Vec<Link>,
    /// The record as issued (`data/editions/YEAR.vN.toml`), its SHA-256,
    /// and the open data page's section on how to check it.
    pub(super) record: RecordView,
}

/// An edition record under `data/editions/`, with its digest.
#[derive(Debug, Serialize)]
pub(super) struct RecordView {
    /// "The record as issued".
    pub(super) label: String,
    pub(super) name: String,
    pub(super) href: String,
    /// 64 hex digits, as `sha256sum` prints them.
    pub(super) digest: String,
    /// 令和6年度（2024年度）版 第1版（…公表）.
    pub(super) edition: String,
    pub(super) superseded: Option<String>,
    /// The open data page's section on checking a record.
    pub(super) how: Link,
}

#[derive(Debug, Serialize)]
pub(super) struct EditionView {
    pub(super) banner: EditionBanner,
    pub(super) title: String,
    pub(super) year: String,
    pub(super) counts: Vec<CountLink>,
    pub(super) total: usize,
    pub(super) entries: Vec<EditionCard>,
    pub(super) shortfalls: Link,
}

#[derive(Debug, Serialize)]
pub(super) struct EditionCard {
    pub(super) number: u32,
    pub(super) href: String,
    pub(super) title: Txt,
    pub(super) division: Txt,
    pub(super) status: StatusView,
}

#[derive(Debug, Serialize)]
pub(super) struct EditionShortfallsView {
    pub(super) banner: EditionBanner,
    pub(super) title: String,
    pub(super) entries: Vec<ShortfallView>,
}

#[derive(Debug, Serialize)]
pub(super) struct EditionInitiativeView {
    pub(super) banner: EditionBanner,
    pub(super) number: u32,
    pub(super) title: Txt,
    pub(super) division: Txt,
    pub(super) description: Txt,
    pub(super) year: String,
    pub(super) status: StatusView,
    pub(super) indicators: Vec<IndicatorView>,
    pub(super) commentary: Vec<ProseView>,
    pub(super) shortfall: Option<ShortfallView>,
}

/// The editions, on the record of changes.
#[derive(Debug, Serialize)]
pub(super) struct EditionLink {
    pub(super) name: String,
    pub(super) published: String,
    pub(super) href: String,
    pub(super) replaced: Vec<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct PageView {
    pub(super) title: Txt,
    pub(super) html: String,
    pub(super) pending: bool,
}

#[derive(Debug, Serialize)]
pub(super) struct InlineStyle {
    pub(super) css: String,
    /// `sha256-…` of the CSS, for `style-src`.
    pub(super) hash: String,
    /// The favicon's full address, when `base_url` gives it.
    pub(super) icon: Option<String>,
}

/// The words of the not-found page in one language.
#[derive(Debug, Serialize)]
pub(super) struct NotFoundWords {
    pub(super) lang: &'static str,
    pub(super) title: String,
    pub(super) text: String,
    pub(super) home: String,
    pub(super) home_href: String,
}

#[derive(Debug, Serialize)]
pub(super) struct CityVerdictView {
    /// 令和6年度（2024年度）の市の判断
    pub(super) heading: String,
    pub(super) verdict: Txt,
    /// The computed reading beside it: 計算による判定：未達成
    pub(super) computed: String,
}

/// A level of an item status scale, in words with a mark: never by colour alone.
#[derive(Debug, Serialize)]
pub(super) struct LevelView {
    pub(super) key: String,
    pub(super) label: Txt,
    /// `on` (on track), `off` (behind) or `apart` (a state beside the grades,
    /// 終了): the badge's class.
    pub(super) tone: &'static str,
    pub(super) mark: &'static str,
}

/// An initiative's statuses per year on its scale.
#[derive(Debug, Serialize)]
pub(super) struct ScaleStatusView {
    pub(super) name: Txt,
    pub(super) rule: Option<Txt>,
    /// The scale is computed by its stated rule: the table has that column.
    pub(super) computed: bool,
    pub(super) given: bool,
    pub(super) rows: Vec<ScaleRowView>,
    /// The status of the latest reviewed year, for the page's head.
    pub(super) latest: Option<LevelView>,
}

#[derive(Debug, Serialize)]
pub(super) struct ScaleRowView {
    pub(super) year: String,
    pub(super) given: Option<LevelView>,
    pub(super) computed: Option<LevelView>,
}

/// Counts of items by level of a scale: worked out from the initiatives'
/// statuses, or as a report gives them.
#[derive(Debug, Serialize)]
pub(super) struct CountsTableView {
    pub(super) heading: String,
    pub(super) label: Option<Txt>,
    pub(super) rule: Option<Txt>,
    pub(super) rows: Vec<CountRowView>,
    /// "全95項目" / "95 items in all".
    pub(super) total: Option<String>,
    /// Says that the shares are worked out from the counts.
    pub(super) note: Option<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct CountRowView {
    pub(super) levels: Vec<LevelView>,
    pub(super) count: u32,
    pub(super) share: Option<String>,
}

/// An open data file shown on the open data page only where the plan has it.
#[derive(Debug, Serialize)]
pub(super) struct DataFileView {
    /// The file's name: statuses.csv.
    pub(super) name: &'static str,
    pub(super) title: String,
    pub(super) href: String,
    pub(super) columns: Vec<ColumnView>,
}

/// What every page of a finished plan says first.
#[derive(Debug, Serialize)]
pub(super) struct MovedView {
    pub(super) title: String,
    pub(super) text: String,
    pub(super) href: String,
    pub(super) link: String,
    /// The page's address from the site's root, as text.
    pub(super) address: String,
}

#[derive(Debug, Serialize)]
pub(super) struct PlanNotice {
    pub(super) text: String,
    pub(super) current: Link,
}

/// A finished plan, as the current plan's pages link it.
#[derive(Debug, Serialize)]
pub(super) struct EarlierPlan {
    pub(super) name: Txt,
    /// Its period, in brackets as the language writes them.
    pub(super) period: String,
    /// Its home page and its open data page.
    pub(super) href: String,
    pub(super) data_href: String,
}

/// An initiative added at a plan revision: a short mark for lists, a
/// sentence for its page.
#[derive(Debug, Serialize)]
pub(super) struct AddedView {
    pub(super) short: String,
    pub(super) text: String,
}

/// One revision of the plan itself on the record of changes.
#[derive(Debug, Serialize)]
pub(super) struct PlanRevisionView {
    pub(super) id: String,
    /// 平成20年2月 一部改定（2008年2月）
    pub(super) label: String,
    /// From which fiscal year the revised plan governs.
    pub(super) applies: String,
    /// How it extended or shortened the plan, if it did.
    pub(super) period: Option<String>,
    /// The initiatives it added.
    pub(super) added: Vec<Link>,
    /// The targets it set or changed.
    pub(super) targets: Vec<PlanTargetLine>,
}

#[derive(Debug, Serialize)]
pub(super) struct PlanTargetLine {
    /// "No.3 …"
    pub(super) initiative: String,
    pub(super) indicator: Txt,
    pub(super) href: String,
    pub(super) text: String,
}
