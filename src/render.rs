//! Turns the assessed plan into pages and charts, in every language.
//!
//! Templates get a prepared view (the `*View` structs below): every word is
//! already in the page's language, every figure formatted, every link
//! relative. Templates only lay the view out.

use std::collections::BTreeMap;
use std::sync::Arc;

use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};
use rayon::prelude::*;
use serde::Serialize;

use crate::assess::{self, Status};
use crate::chart::{self, ChartInput, ChartYear};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{self, escape_html, write_escaped};
use crate::model::*;
use crate::output::{OutputFile, Sink};
use crate::routes;
use crate::text::{self, Lang, LangText, format_number};
use crate::theme::Theme;

/// What a render produced (the files themselves went to the sink).
#[derive(Debug, Default)]
pub struct RenderStats {
    pub pages: usize,
    pub charts: usize,
    pub files: usize,
}

/// Renders every page and chart of the plan with the theme, handing each file
/// to `sink` as soon as it is made (pages in parallel; nothing is kept).
pub fn render(plan: &Plan, theme: &Theme, sink: &dyn Sink) -> Result<RenderStats, Diagnostics> {
    let env = environment(theme)?;
    let jobs = jobs(plan);
    // What every page of a language shares, prepared once: the interface
    // words (also as a template value) and the menu with the pages' titles.
    let shared: BTreeMap<Lang, Shared> = theme
        .strings
        .iter()
        .map(|(lang, t)| {
            let shared = Shared {
                t,
                t_value: view_value(t),
                menu: menu(plan, t, *lang),
            };
            (*lang, shared)
        })
        .collect();
    let results: Vec<Result<RenderStats, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let shared = shared.get(&job.lang()).ok_or_else(|| {
                Diagnostic::error(format!(
                    "the theme's strings.toml has no [{}] table",
                    job.lang().code()
                ))
            })?;
            let r = Renderer {
                plan,
                env: &env,
                t: shared.t,
                t_value: shared.t_value.clone(),
                menu: &shared.menu,
                lang: job.lang(),
            };
            r.job(job, sink)
        })
        .collect();
    let mut diags = Diagnostics::default();
    let mut stats = RenderStats::default();
    for r in results {
        match r {
            Ok(s) => stats.add(&s),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    for (name, bytes) in &theme.assets {
        let file = OutputFile {
            path: routes::asset(name),
            bytes: bytes.clone(),
        };
        stats.count(&file.path);
        sink.put(file)?;
    }
    Ok(stats)
}

impl RenderStats {
    fn count(&mut self, path: &str) {
        self.files += 1;
        if path.ends_with(".html") {
            self.pages += 1;
        } else if routes::is_chart(path) {
            self.charts += 1;
        }
    }

    fn add(&mut self, other: &RenderStats) {
        self.pages += other.pages;
        self.charts += other.charts;
        self.files += other.files;
    }
}

/// Instructions a template may run per page: the default theme needs a few
/// thousand; a loop that never ends stops with an error naming the template.
const TEMPLATE_FUEL: u64 = 5_000_000;

fn environment(theme: &Theme) -> Result<Environment<'static>, Diagnostics> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // A template edited by hand must not hang the build: bound the work per page.
    env.set_fuel(Some(TEMPLATE_FUEL));
    // Escape only what HTML needs (& < > " '), so links read as written: `../initiatives/x.html`.
    env.set_formatter(|out, state, value| match value.as_str() {
        Some(s) if *state.auto_escape() == AutoEscape::Html && !value.is_safe() => {
            write_escaped(out, s).map_err(minijinja::Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    });
    // The two smallest pieces of markup are filters rather than macros: they
    // are used a few dozen times per page, and a macro call costs far more.
    env.add_filter("txt", txt_filter);
    env.add_filter("lang_attr", lang_attr_filter);
    let mut diags = Diagnostics::default();
    for (name, source) in &theme.templates {
        if let Err(e) = env.add_template_owned(name.clone(), source.clone()) {
            diags.push(template_error(
                &format!("the template {name} has an error"),
                &format!("テンプレート {name} に誤りがあります"),
                &e,
            ));
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(env)
}

/// `{{ t | txt }}`: a text view (`Txt`) as `<span>text</span>`, with
/// ` lang="ja"` and the visible "translation pending" note when the text is a
/// Japanese fallback on an English page.
fn txt_filter(t: &Value) -> Result<Value, minijinja::Error> {
    let field = |name: &str| {
        t.get_attr(name)
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_none())
    };
    let text = field("text").ok_or_else(|| {
        minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            "the txt filter needs a text with a `text` field",
        )
    })?;
    let mut out = String::from("<span");
    push_lang_attr(&mut out, t);
    out.push('>');
    let _ = write_escaped(&mut out, &text.to_string());
    out.push_str("</span>");
    if let Some(note) = field("note") {
        out.push_str(" <small class=\"pending\">");
        let _ = write_escaped(&mut out, &note.to_string());
        out.push_str("</small>");
    }
    Ok(Value::from_safe_string(out))
}

/// `<span{{ t | lang_attr }}>`: ` lang="ja"` when the text is shown in
/// another language than the page's, else nothing.
fn lang_attr_filter(t: &Value) -> Value {
    let mut out = String::new();
    push_lang_attr(&mut out, t);
    Value::from_safe_string(out)
}

fn push_lang_attr(out: &mut String, t: &Value) {
    if t.get_attr("pending").is_ok_and(|p| p.is_true())
        && let Ok(lang) = t.get_attr("lang")
        && let Some(lang) = lang.as_str()
    {
        out.push_str(" lang=\"");
        out.push_str(&escape_html(lang));
        out.push('"');
    }
}

/// A template problem: `what` failed (English and Japanese), with the
/// engine's detail (which comes from minijinja, in English) and the line.
fn template_error(what: &str, what_ja: &str, e: &minijinja::Error) -> Diagnostic {
    let detail = e
        .detail()
        .map_or_else(|| e.kind().to_string(), str::to_string);
    let mut en = format!("{what}: {detail}");
    let mut ja = format!("{what_ja}：{detail}");
    if let (Some(_), Some(line)) = (e.name(), e.line()) {
        en.push_str(&format!(" (template line {line})"));
        ja.push_str(&format!("（テンプレートの {line} 行目）"));
    }
    let d = Diagnostic::error(en)
        .ja(ja)
        .help("fix the template in the theme folder; see the default theme for the names a page provides")
        .ja_help("テーマのフォルダーにあるテンプレートを直してください（既定のテーマで使える名前を参照）");
    match e.name() {
        Some(name) => d.in_file(&std::path::Path::new("templates").join(name)),
        None => d,
    }
}

/// One unit of work: a page (with its charts) in one language.
enum Job<'a> {
    /// The sitemap and robots.txt.
    Shared,
    /// The open data of the whole plan (streamed: it may be large).
    Data,
    /// An initiative's files that do not depend on the language: its open
    /// data slice and its trend chart.
    Extras(&'a Initiative),
    /// The bilingual page a server shows for a missing address.
    NotFound,
    OpenData(Lang),
    /// The overview of one reviewed year (the latest one is the home page).
    Dashboard(Lang, i32),
    /// One page of a listing.
    Listing(Lang, Listing<'a>, Paged<'a>),
    Initiative(Lang, usize, &'a Initiative),
    Page(Lang, &'a Page),
    /// One page of the targets-not-met list of a year.
    Shortfalls(Lang, i32, Paged<'a>),
}

/// Which part of a long list one page shows: `per_page` members from `index × per_page`.
#[derive(Clone)]
struct Paged<'a> {
    /// Every member of the list, in the order shown.
    members: Arc<[&'a Initiative]>,
    /// The page, from 0.
    index: usize,
    per_page: usize,
}

impl<'a> Paged<'a> {
    /// One job per page of `members` (one page when the list is empty).
    fn pages(members: Vec<&'a Initiative>, per_page: usize) -> impl Iterator<Item = Paged<'a>> {
        let members: Arc<[&Initiative]> = members.into();
        let count = page_count(members.len(), per_page);
        (0..count).map(move |index| Paged {
            members: members.clone(),
            index,
            per_page,
        })
    }

    /// The members this page shows.
    fn slice(&self) -> &[&'a Initiative] {
        let start = (self.index * self.per_page).min(self.members.len());
        let end = (start + self.per_page).min(self.members.len());
        &self.members[start..end]
    }

    fn count(&self) -> usize {
        page_count(self.members.len(), self.per_page)
    }
}

/// Pages needed for `n` members, at least one.
fn page_count(n: usize, per_page: usize) -> usize {
    n.div_ceil(per_page.max(1)).max(1)
}

impl Job<'_> {
    fn lang(&self) -> Lang {
        match self {
            Job::Shared | Job::Data | Job::Extras(_) | Job::NotFound => Lang::Ja,
            Job::OpenData(l)
            | Job::Dashboard(l, _)
            | Job::Listing(l, ..)
            | Job::Initiative(l, ..)
            | Job::Page(l, _)
            | Job::Shortfalls(l, ..) => *l,
        }
    }
}

fn jobs(plan: &Plan) -> Vec<Job<'_>> {
    let site = &plan.site;
    let per_page = site.per_page;
    // Who is on each list, worked out once for every language and page.
    let mut listings: Vec<(Listing, Vec<&Initiative>)> = Vec::new();
    for s in &site.strategies {
        listings.push((Listing::Strategy(s), strategy_members(plan, s)));
    }
    for key in site.divisions.keys() {
        let members: Vec<&Initiative> = plan
            .initiatives
            .iter()
            .filter(|i| &i.division == key)
            .collect();
        if !members.is_empty() {
            listings.push((Listing::Division(key), members));
        }
    }
    let mut by_status: Vec<Vec<&Initiative>> = vec![Vec::new(); Status::ALL.len()];
    for i in &plan.initiatives {
        let status = assess::initiative_status(i, site.latest_year);
        if let Some(at) = Status::ALL.iter().position(|s| *s == status) {
            by_status[at].push(i);
        }
    }
    for (status, members) in Status::ALL.into_iter().zip(by_status) {
        listings.push((Listing::Status(status), members));
    }
    let listings: Vec<(Listing, Vec<Paged>)> = listings
        .into_iter()
        .map(|(l, members)| (l, Paged::pages(members, per_page).collect()))
        .collect();
    let shortfalls: Vec<(i32, Vec<Paged>)> = site
        .reviewed_years()
        .map(|year| {
            let members = plan
                .initiatives
                .iter()
                .filter(|i| assess::initiative_status(i, year) == Status::NotAchieved)
                .collect();
            (year, Paged::pages(members, per_page).collect())
        })
        .collect();
    let mut jobs = vec![Job::Shared, Job::Data, Job::NotFound];
    jobs.extend(plan.initiatives.iter().map(Job::Extras));
    for &lang in &site.languages {
        jobs.push(Job::OpenData(lang));
        for year in site.reviewed_years() {
            jobs.push(Job::Dashboard(lang, year));
        }
        for (listing, pages) in &listings {
            for paged in pages {
                jobs.push(Job::Listing(lang, *listing, paged.clone()));
            }
        }
        for (n, i) in plan.initiatives.iter().enumerate() {
            jobs.push(Job::Initiative(lang, n, i));
        }
        for p in &plan.pages {
            jobs.push(Job::Page(lang, p));
        }
        for (year, pages) in &shortfalls {
            for paged in pages {
                jobs.push(Job::Shortfalls(lang, *year, paged.clone()));
            }
        }
    }
    jobs
}

/// The initiatives of a strategy in the order of its areas and items.
fn strategy_members<'a>(plan: &'a Plan, s: &Strategy) -> Vec<&'a Initiative> {
    let mut out = Vec::new();
    for a in &s.areas {
        for item in &a.items {
            out.extend(
                plan.initiatives
                    .iter()
                    .filter(|i| (i.strategy, i.area, i.item) == (s.number, a.number, item.number)),
            );
        }
    }
    out
}

/// A page listing initiatives that share something.
#[derive(Clone, Copy)]
enum Listing<'a> {
    Strategy(&'a Strategy),
    Division(&'a String),
    /// The initiatives with this status in the latest reviewed year.
    Status(Status),
}

impl Listing<'_> {
    fn rel(&self) -> String {
        match self {
            Listing::Strategy(s) => routes::strategy(s.number),
            Listing::Division(key) => routes::division(key),
            Listing::Status(status) => routes::status(status.key()),
        }
    }
}

// ---------------------------------------------------------------- views

/// A text and the language it is really in; `pending` marks a Japanese
/// fallback shown on an English page.
#[derive(Debug, Serialize)]
struct Txt {
    text: String,
    lang: &'static str,
    pending: bool,
    /// The visible "translation pending" note, when `pending`.
    note: Option<String>,
}

#[derive(Debug, Serialize)]
struct Link {
    href: String,
    label: String,
}

#[derive(Debug, Serialize)]
struct Layout {
    lang: &'static str,
    /// From this page to the output root (`../` …), for assets.
    root: String,
    /// From this page to its language's root.
    lang_root: String,
    home: String,
    path: String,
    alternate: Option<Alternate>,
    /// Every language version of this page (for `hreflang`), this one included.
    versions: Vec<Version>,
    canonical: Option<String>,
    /// Open Graph locale: ja_JP / en_US.
    locale: &'static str,
    /// Printed under the page: where it lives (absolute with `base_url`).
    print_url: String,
    /// A QR code of `print_url` for printed pages, when `base_url` is set.
    qr_svg: Option<String>,
    site_title: Txt,
    owner: Txt,
    plan_name: Txt,
    title: String,
    description: String,
    as_of: String,
    nav: Vec<Link>,
    footer_links: Vec<Link>,
    /// The interface words, converted for the templates once per language.
    t: Value,
}

#[derive(Debug, Serialize)]
struct Version {
    lang: &'static str,
    href: String,
}

#[derive(Debug, Serialize)]
struct Alternate {
    lang: &'static str,
    href: String,
    label: String,
}

#[derive(Debug, Serialize)]
struct StatusView {
    key: &'static str,
    label: String,
    /// A shorter label for narrow table cells ("Met" for "Target met").
    short: String,
    icon: &'static str,
}

#[derive(Debug, Serialize)]
struct CountView {
    status: StatusView,
    count: usize,
    href: String,
}

#[derive(Debug, Serialize)]
struct IndexView {
    period: String,
    /// The year this overview is about.
    year: String,
    is_latest: bool,
    years: Vec<YearLink>,
    counts: Vec<CountView>,
    total: usize,
    strategy_counts: Vec<StrategyCountView>,
    /// Cards by strategy, area and item; empty for a plan with more
    /// initiatives than a page shows (the listings have them).
    strategies: Vec<StrategyView>,
    cards_shown: bool,
    shortfall_link: Link,
    ways: WaysIn,
}

#[derive(Debug, Serialize)]
struct StrategyCountView {
    label: Txt,
    href: String,
    counts: Vec<CountView>,
}

/// Other ways into the initiatives: by strategy, division and status.
#[derive(Debug, Serialize)]
struct WaysIn {
    strategies: Vec<Link>,
    divisions: Vec<Link>,
    statuses: Vec<CountLink>,
}

#[derive(Debug, Serialize)]
struct CountLink {
    href: String,
    status: StatusView,
    count: usize,
}

#[derive(Debug, Serialize)]
struct ListingView {
    title: String,
    intro: String,
    groups: Vec<ItemView>,
    /// Links to the other pages of a list longer than `per_page`.
    pager: Option<PagerView>,
}

/// Where a long list continues: previous / next and the page numbers around
/// this one (the first and last always; `None` hrefs in between are gaps).
#[derive(Debug, Serialize)]
struct PagerView {
    current: usize,
    total: usize,
    /// "Page 2 of 67" in the page's language.
    label: String,
    previous: Option<String>,
    next: Option<String>,
    pages: Vec<PagerLink>,
}

#[derive(Debug, Serialize)]
struct PagerLink {
    /// The page number; empty for a gap ("…").
    number: Option<usize>,
    href: String,
    current: bool,
}

#[derive(Debug, Serialize)]
struct StrategyView {
    label: Txt,
    areas: Vec<AreaView>,
}

#[derive(Debug, Serialize)]
struct AreaView {
    label: Txt,
    items: Vec<ItemView>,
}

#[derive(Debug, Serialize)]
struct ItemView {
    label: Txt,
    initiatives: Vec<CardView>,
}

#[derive(Debug, Serialize)]
struct CardView {
    number: u32,
    href: String,
    title: Txt,
    division: Txt,
    status: StatusView,
    /// "Actual 427 procedures / Target 350 procedures" for the year shown.
    figures: Vec<String>,
    /// Small trend chart of the first indicator with figures.
    trend: Option<String>,
}

#[derive(Debug, Serialize)]
struct InitiativeView {
    number: u32,
    title: Txt,
    description: Txt,
    division: Txt,
    strategy: Txt,
    area: Txt,
    item: Txt,
    status: StatusView,
    latest_year: String,
    schedule: Vec<ScheduleCell>,
    indicators: Vec<IndicatorView>,
    /// Progress reports and next year's plan, in reading order.
    commentary: Vec<ProseView>,
    shortfalls: Vec<ShortfallView>,
    previous: Option<Link>,
    next: Option<Link>,
    /// This initiative's rows of the open data.
    data_href: String,
}

#[derive(Debug, Serialize)]
struct OpenDataView {
    csv_href: String,
    json_href: String,
    columns: Vec<ColumnView>,
    licence: Txt,
    licence_url: String,
    /// One link per initiative, unless there are more than a page shows
    /// (each initiative's page links its own file).
    slices: Vec<Link>,
    slices_shown: bool,
}

#[derive(Debug, Serialize)]
struct ColumnView {
    name: &'static str,
    description: String,
}

#[derive(Debug, Serialize)]
struct ScheduleCell {
    year: String,
    word: String,
}

#[derive(Debug, Serialize)]
struct IndicatorView {
    id: String,
    name: Txt,
    unit: Option<Txt>,
    direction: String,
    cumulative: bool,
    baseline: Option<String>,
    final_target: Option<String>,
    /// What the figures table's caption says after the indicator's name:
    /// 単位: 件 / Unit: procedures, cumulative.
    table_note: Option<String>,
    rows: Vec<RowView>,
    chart: Option<ChartView>,
}

#[derive(Debug, Serialize)]
struct RowView {
    year: String,
    /// The Gregorian year under the era name on Japanese pages: （2024年度）.
    year_note: Option<String>,
    schedule: Option<String>,
    target: Option<String>,
    actual: Option<String>,
    status: StatusView,
}

#[derive(Debug, Serialize)]
struct ChartView {
    /// The SVG file; also offered as a download.
    src: String,
    alt: String,
    width: u32,
    height: u32,
}

#[derive(Debug, Serialize)]
struct ProseView {
    heading: String,
    html: String,
    lang: &'static str,
    pending: bool,
    note: Option<String>,
}

#[derive(Debug, Serialize)]
struct ShortfallView {
    year: String,
    number: u32,
    title: Txt,
    href: String,
    /// "Actual: … (Target: …)" per indicator that missed.
    figures: Vec<String>,
    prose: Option<ProseView>,
}

#[derive(Debug, Serialize)]
struct ShortfallsView {
    title: String,
    year: String,
    entries: Vec<ShortfallView>,
    years: Vec<YearLink>,
    pager: Option<PagerView>,
}

#[derive(Debug, Serialize)]
struct YearLink {
    label: String,
    href: String,
    current: bool,
}

#[derive(Debug, Serialize)]
struct PageView {
    title: Txt,
    html: String,
    pending: bool,
}

// ---------------------------------------------------------------- renderer

struct Renderer<'a> {
    plan: &'a Plan,
    env: &'a Environment<'static>,
    t: &'a BTreeMap<String, String>,
    t_value: Value,
    menu: &'a Menu,
    lang: Lang,
}

/// Prepared once per language for all its pages.
struct Shared<'a> {
    t: &'a BTreeMap<String, String>,
    t_value: Value,
    menu: Menu,
}

/// The site's menu and footer links: targets relative to the language's root, and labels.
struct Menu {
    nav: Vec<(String, String)>,
    footer: Vec<(String, String)>,
}

fn word(t: &BTreeMap<String, String>, key: &str) -> String {
    t.get(key).cloned().unwrap_or_else(|| key.to_string())
}

/// The menu of one language. Page titles come from each page's Markdown, read
/// here once rather than for every page that shows the menu.
fn menu(plan: &Plan, t: &BTreeMap<String, String>, lang: Lang) -> Menu {
    let mut nav = vec![(routes::HOME.to_string(), word(t, "home"))];
    let mut footer = Vec::new();
    for p in &plan.pages {
        let link = (routes::markdown_page(&p.slug), page_title(p, lang).0);
        // The accessibility policy goes in the footer, where such policies are looked for.
        if p.slug == routes::ACCESSIBILITY_PAGE {
            footer.push(link);
        } else {
            nav.push(link);
        }
    }
    nav.push((
        routes::shortfalls(plan.site.latest_year),
        word(t, "shortfall_page"),
    ));
    nav.push((routes::OPEN_DATA_PAGE.to_string(), word(t, "open_data")));
    Menu { nav, footer }
}

/// A page's title (its first `# ` heading) in `lang`, or in Japanese while the
/// translation is missing, with the language it is in.
fn page_title(p: &Page, lang: Lang) -> (String, Lang) {
    let (file, lang) = match p.text.get(lang) {
        Some(f) => (f, lang),
        None => match p.text.ja.as_ref() {
            Some(f) => (f, Lang::Ja),
            None => return (p.slug.clone(), lang),
        },
    };
    (file.title().unwrap_or_else(|| p.slug.clone()), lang)
}

impl Renderer<'_> {
    fn word(&self, key: &str) -> String {
        word(self.t, key)
    }

    fn txt(&self, t: &LangText) -> Txt {
        let l = t.get(self.lang);
        self.fallback_txt(l.text.to_string(), l.lang)
    }

    fn fallback_txt(&self, text: String, lang: Lang) -> Txt {
        let pending = lang != self.lang;
        Txt {
            text,
            lang: lang.code(),
            pending,
            note: pending.then(|| self.word("translation_pending")),
        }
    }

    fn status(&self, s: Status) -> StatusView {
        StatusView {
            key: s.key(),
            label: self.word(&format!("status_{}", s.key())),
            short: self.word(&format!("status_short_{}", s.key())),
            icon: match s {
                Status::Achieved => "✓",
                Status::NotAchieved => "✗",
                Status::Pending => "…",
                Status::NotAssessed => "－",
            },
        }
    }

    fn year(&self, year: i32) -> String {
        text::year_label(year, self.lang)
    }

    /// 令和6年度 / FY2024, where the Gregorian year is shown nearby anyway.
    fn short_year(&self, year: i32) -> String {
        match self.lang {
            Lang::Ja => text::era_label(year),
            Lang::En => format!("FY{year}"),
        }
    }

    /// Makes the files of one job and hands them to `sink`.
    fn job(&self, job: &Job, sink: &dyn Sink) -> Result<RenderStats, Diagnostic> {
        let mut stats = RenderStats::default();
        if let Job::Data = job {
            // Large: written piece by piece rather than made whole first.
            for path in crate::data::write(self.plan, sink)? {
                stats.count(&path);
            }
            return Ok(stats);
        }
        for file in self.files(job)? {
            stats.count(&file.path);
            sink.put(file)?;
        }
        Ok(stats)
    }

    /// The files of a job that are made whole (every job but [`Job::Data`]).
    fn files(&self, job: &Job) -> Result<Vec<OutputFile>, Diagnostic> {
        match job {
            Job::Shared => Ok(self.sitemap()),
            Job::Data => Ok(Vec::new()), // streamed by `job`
            Job::Extras(i) => self.extras(i),
            Job::NotFound => self.not_found().map(|f| vec![f]),
            Job::OpenData(_) => self.open_data().map(|f| vec![f]),
            Job::Dashboard(_, year) => self.dashboard(*year).map(|f| vec![f]),
            Job::Listing(_, listing, paged) => self.listing(listing, paged).map(|f| vec![f]),
            Job::Initiative(_, n, i) => self.initiative(*n, i),
            Job::Page(_, p) => self.page(p).map(|f| vec![f]),
            Job::Shortfalls(_, year, paged) => self.shortfalls(*year, paged).map(|f| vec![f]),
        }
    }

    fn layout(&self, rel: &str, title: String, description: String) -> Layout {
        let site = &self.plan.site;
        let path = routes::page(self.lang, rel);
        let root = routes::to_root(&path);
        let lang_root = format!("{root}{}", self.lang.dir());
        let other = self.lang.other();
        let alternate = site.languages.contains(&other).then(|| Alternate {
            lang: other.code(),
            href: format!("{root}{}", routes::page(other, rel)),
            label: self.word("switch_language"),
        });
        let link = |(rel, label): &(String, String)| Link {
            href: format!("{lang_root}{rel}"),
            label: label.clone(),
        };
        let nav = self.menu.nav.iter().map(link).collect();
        let footer_links = self.menu.footer.iter().map(link).collect();
        let site_title = self.txt(&site.title);
        let full_title = if title.is_empty() || title == site_title.text {
            site_title.text.clone()
        } else {
            format!("{title} | {}", site_title.text)
        };
        let canonical = site.base_url.as_ref().map(|b| format!("{b}{path}"));
        // hreflang needs absolute addresses, so the versions are listed only with base_url.
        let versions = match &site.base_url {
            Some(b) => site
                .languages
                .iter()
                .map(|&l| Version {
                    lang: l.code(),
                    href: format!("{b}{}", routes::page(l, rel)),
                })
                .collect(),
            None => Vec::new(),
        };
        Layout {
            lang: self.lang.code(),
            locale: self.lang.pick("ja_JP", "en_US"),
            print_url: canonical.clone().unwrap_or_else(|| path.clone()),
            qr_svg: canonical.as_deref().and_then(qr_svg),
            versions,
            home: format!("{lang_root}index.html"),
            root,
            lang_root,
            canonical,
            path,
            alternate,
            site_title,
            owner: self.txt(&site.owner),
            plan_name: self.txt(&site.plan_name),
            title: full_title,
            description,
            as_of: self.year(site.latest_year),
            nav,
            footer_links,
            t: self.t_value.clone(),
        }
    }

    fn render_template(
        &self,
        template: &str,
        rel: &str,
        layout: Layout,
        page: Value,
        what: &str,
    ) -> Result<OutputFile, Diagnostic> {
        let path = routes::page(self.lang, rel);
        let tmpl = self.env.get_template(template).map_err(|e| {
            template_error(
                &format!("rendering {what}: no template {template}"),
                &format!("ページ {path} を作るテンプレート {template} がありません"),
                &e,
            )
        })?;
        let html = tmpl
            .render(minijinja::context! { site => view_value(&layout), page => page })
            .map_err(|e| {
                template_error(
                    &format!(
                        "rendering {what} ({}) with template {template}",
                        self.lang.code()
                    ),
                    &format!("テンプレート {template} でページ {path} を作れませんでした"),
                    &e,
                )
            })?;
        Ok(OutputFile {
            path,
            bytes: html.into_bytes(),
        })
    }

    // ------------------------------------------------------------ figures

    fn unit(&self, ind: &Indicator) -> String {
        ind.unit
            .as_ref()
            .map(|u| u.get(self.lang).text.to_string())
            .unwrap_or_default()
    }

    /// A figure as the report prints it: 累計250件 / 90.5%以内 / 250 procedures (cumulative).
    fn figure(&self, ind: &Indicator, fig: Figure, is_target: bool) -> String {
        self.figure_marked(ind, fig, is_target, true)
    }

    /// A figure, with "(cumulative)" after an English one only when `mark` is set.
    fn figure_marked(&self, ind: &Indicator, fig: Figure, is_target: bool, mark: bool) -> String {
        let n = match fig {
            Figure::Number(n) => n,
            Figure::Done(done) => {
                return match (done, &ind.milestone_label) {
                    (true, Some(l)) => l.get(self.lang).text.to_string(),
                    (true, None) => self.lang.pick("実施", "Done").to_string(),
                    (false, _) => self.lang.pick("未実施", "Not done").to_string(),
                };
            }
        };
        let number = format_number(n, ind.decimals);
        let unit = self.unit(ind);
        let qualifier = if is_target {
            ind.qualifier
        } else {
            Qualifier::None
        };
        match self.lang {
            Lang::Ja => {
                let prefix = if ind.cumulative { "累計" } else { "" };
                let suffix = match qualifier {
                    Qualifier::AtLeast => "以上",
                    Qualifier::AtMost => "以内",
                    Qualifier::None => "",
                };
                format!("{prefix}{number}{unit}{suffix}")
            }
            Lang::En => {
                let sep = if unit.starts_with(|c: char| c.is_alphanumeric()) {
                    " "
                } else {
                    ""
                };
                let prefix = match qualifier {
                    Qualifier::AtLeast => "at least ",
                    Qualifier::AtMost => "at most ",
                    Qualifier::None => "",
                };
                let suffix = if ind.cumulative && mark {
                    " (cumulative)"
                } else {
                    ""
                };
                format!("{prefix}{number}{sep}{unit}{suffix}")
            }
        }
    }

    fn year_figure(&self, ind: &Indicator, year: i32, target: bool) -> Option<String> {
        self.year_figure_marked(ind, year, target, true)
    }

    /// A year's figure in the figures table. English cells leave "(cumulative)"
    /// to the caption ([`Self::table_note`]): repeated in every cell, the word
    /// made the table too wide for a phone and pushed the status column off
    /// the screen. Japanese cells keep 累計, as the report prints it.
    fn table_figure(&self, ind: &Indicator, year: i32, target: bool) -> Option<String> {
        self.year_figure_marked(ind, year, target, self.lang == Lang::Ja)
    }

    /// "単位: 件" / "Unit: procedures, cumulative" for the figures table's caption.
    fn table_note(&self, ind: &Indicator) -> Option<String> {
        let unit = ind
            .unit
            .as_ref()
            .map(|u| format!("{}: {}", self.word("unit"), u.get(self.lang).text));
        let cumulative = (self.lang == Lang::En && ind.cumulative).then(|| self.word("cumulative"));
        match (unit, cumulative) {
            (Some(u), Some(c)) => Some(format!("{u}, {c}")),
            (u, c) => u.or(c),
        }
    }

    fn year_figure_marked(
        &self,
        ind: &Indicator,
        year: i32,
        target: bool,
        mark: bool,
    ) -> Option<String> {
        let y = ind.years.get(&year)?;
        let (fig, text) = if target {
            (y.target, &y.target_text)
        } else {
            (y.actual, &y.actual_text)
        };
        match (text, fig) {
            (Some(t), _) => Some(t.get(self.lang).text.to_string()),
            (None, Some(f)) => Some(self.figure_marked(ind, f, target, mark)),
            (None, None) => None,
        }
    }

    fn baseline(&self, ind: &Indicator) -> Option<String> {
        let b = ind.baseline.as_ref()?;
        let value = match (&b.text, b.value) {
            (Some(t), _) => t.get(self.lang).text.to_string(),
            (None, Some(v)) => self.figure(ind, Figure::Number(v), false),
            (None, None) => return None,
        };
        Some(match b.year {
            Some(y) => match self.lang {
                Lang::Ja => format!("{value}（{}）", text::era_label(y)),
                Lang::En => format!("{value} (FY{y})"),
            },
            None => value,
        })
    }

    fn final_target(&self, ind: &Indicator) -> Option<String> {
        let t = ind.final_target.as_ref()?;
        match (&t.text, t.value) {
            (Some(text), _) => Some(text.get(self.lang).text.to_string()),
            (None, Some(v)) => Some(self.figure(ind, v, true)),
            (None, None) => None,
        }
    }

    /// One sentence on the latest year with both figures, for the chart's text alternative.
    fn chart_summary(&self, ind: &Indicator) -> String {
        let latest = ind
            .years
            .iter()
            .rev()
            .find(|(y, f)| **y <= self.plan.site.latest_year && f.actual.is_some())
            .map(|(y, _)| *y);
        let name = ind.name.get(self.lang).text;
        let Some(year) = latest else {
            return match self.lang {
                Lang::Ja => format!("{name}のグラフ。実績はまだありません。"),
                Lang::En => format!("Chart of {name}. No actuals yet."),
            };
        };
        let actual = self.year_figure(ind, year, false).unwrap_or_default();
        let status = assess::indicator_status(ind, year);
        let target = self.year_figure(ind, year, true);
        let y = ind.years.get(&year);
        // Figures printed in the report's own words (target_text / actual_text) are
        // not in a unit that a computed difference could be written in.
        let worded = y.is_some_and(|f| f.target_text.is_some() || f.actual_text.is_some());
        let gap = match (y.and_then(|f| f.target), y.and_then(|f| f.actual)) {
            (Some(Figure::Number(t)), Some(Figure::Number(a))) if !worded => {
                let d = (a - t).abs();
                let decimals = ind.decimals.or_else(|| {
                    // Keep the gap as precise as the figures: 45,872 − 46,000 = 128; 93.7 − 90.7 = 3.0.
                    let places =
                        |x: f64| format!("{x}").split_once('.').map_or(0, |(_, f)| f.len());
                    Some(places(t).max(places(a)).min(6) as u8)
                });
                let unit = self.unit(ind);
                Some(match self.lang {
                    Lang::Ja => format!("{}{unit}", format_number(d, decimals)),
                    Lang::En => {
                        let sep = if unit.starts_with(|c: char| c.is_alphanumeric()) {
                            " "
                        } else {
                            ""
                        };
                        format!("{}{sep}{unit}", format_number(d, decimals))
                    }
                })
            }
            _ => None,
        };
        let year_label = self.year(year);
        match (self.lang, target) {
            (Lang::Ja, Some(target)) => {
                let verdict = match (status, gap) {
                    (Status::Achieved, _) => "目標を達成しました".to_string(),
                    (Status::NotAchieved, Some(g)) => format!("目標に{g}届きませんでした"),
                    (Status::NotAchieved, None) => "目標を達成しませんでした".to_string(),
                    _ => "評価の対象外です".to_string(),
                };
                format!("{name}：{year_label}の実績は{actual}、目標は{target}で、{verdict}。")
            }
            (Lang::Ja, None) => format!("{name}：{year_label}の実績は{actual}（目標の設定なし）。"),
            (Lang::En, Some(target)) => {
                let verdict = match (status, gap) {
                    (Status::Achieved, _) => "target met".to_string(),
                    (Status::NotAchieved, Some(g)) => format!("target missed by {g}"),
                    (Status::NotAchieved, None) => "target missed".to_string(),
                    _ => "not assessed".to_string(),
                };
                format!("{name}, {year_label}: {actual} against a target of {target} — {verdict}.")
            }
            (Lang::En, None) => format!("{name}, {year_label}: {actual} (no target set)."),
        }
    }

    fn chart(
        &self,
        i: &Initiative,
        ind: &Indicator,
    ) -> Result<Option<(ChartView, OutputFile)>, Diagnostic> {
        if !ind.is_numeric() {
            return Ok(None);
        }
        let years = self.chart_years(ind);
        let baseline_label;
        let baseline = match &ind.baseline {
            Some(Baseline {
                value: Some(v),
                text: None,
                year,
            }) => {
                let word = self.word("baseline");
                let when = year
                    .map(|y| format!(" ({})", text::short_year(y, self.lang)))
                    .unwrap_or_default();
                baseline_label = format!("{word} {}{when}", format_number(*v, ind.decimals));
                Some((*v, baseline_label.as_str()))
            }
            _ => None,
        };
        let unit = self.unit(ind);
        let input = ChartInput {
            unit: &unit,
            years: &years,
            baseline,
            actual_label: &self.word("actual"),
            target_label: &self.word("target"),
        };
        let svg = chart::render_svg(&input).map_err(|e| {
            Diagnostic::error(format!(
                "drawing the chart of indicator `{}` of initiative No.{}: {e}",
                ind.id, i.number
            ))
            .in_file(&i.path)
        })?;
        let rel = routes::chart(&i.id, &ind.id);
        let (width, height) = svg_size(&svg);
        let page = routes::page(self.lang, &routes::initiative(&i.id));
        Ok(Some((
            ChartView {
                src: format!(
                    "{}{}",
                    routes::to_root(&page),
                    routes::page(self.lang, &rel)
                ),
                alt: self.chart_summary(ind),
                width,
                height,
            },
            OutputFile {
                path: routes::page(self.lang, &rel),
                bytes: svg.into_bytes(),
            },
        )))
    }

    // ------------------------------------------------------------ pages

    fn card(&self, i: &Initiative, year: i32, layout: &Layout) -> CardView {
        let lang_root = &layout.lang_root;
        let figures = i
            .indicators
            .iter()
            .filter_map(|ind| {
                let actual = self.year_figure(ind, year, false)?;
                let target = self.year_figure(ind, year, true);
                Some(match target {
                    Some(t) => format!(
                        "{} {actual} / {} {t}",
                        self.word("actual"),
                        self.word("target")
                    ),
                    None => format!("{} {actual}", self.word("actual")),
                })
            })
            .collect();
        CardView {
            number: i.number,
            href: format!("{lang_root}{}", routes::initiative(&i.id)),
            title: self.txt(&i.title),
            division: self.division(i),
            status: self.status(assess::initiative_status(i, year)),
            figures,
            trend: i
                .indicators
                .iter()
                .any(Indicator::is_numeric)
                .then(|| format!("{}{}", layout.root, routes::trend(&i.id))),
        }
    }

    fn chart_years(&self, ind: &Indicator) -> Vec<ChartYear> {
        let number = |f: Option<Figure>| match f {
            Some(Figure::Number(n)) => Some(n),
            _ => None,
        };
        self.plan
            .site
            .years()
            .map(|y| {
                let f = ind.years.get(&y);
                ChartYear {
                    label: text::short_year(y, self.lang),
                    target: number(f.and_then(|f| f.target)),
                    actual: number(f.and_then(|f| f.actual)),
                    met: match assess::indicator_status(ind, y) {
                        Status::Achieved => Some(true),
                        Status::NotAchieved => Some(false),
                        _ => None,
                    },
                }
            })
            .collect()
    }

    /// An initiative's open data slice and the small trend chart of the
    /// overview (it carries no text, so one serves both languages).
    fn extras(&self, i: &Initiative) -> Result<Vec<OutputFile>, Diagnostic> {
        let mut out = vec![OutputFile {
            path: crate::routes::data_slice(&i.id),
            bytes: crate::data::slice(self.plan, i)?,
        }];
        if let Some(ind) = i.indicators.iter().find(|x| x.is_numeric()) {
            let svg = chart::render_sparkline(&self.chart_years(ind)).map_err(|e| {
                Diagnostic::error(format!(
                    "drawing the trend chart of initiative No.{}: {e}",
                    i.number
                ))
                .in_file(&i.path)
            })?;
            out.push(OutputFile {
                path: routes::trend(&i.id),
                bytes: svg.into_bytes(),
            });
        }
        Ok(out)
    }

    fn division(&self, i: &Initiative) -> Txt {
        match self.plan.site.divisions.get(&i.division) {
            Some(d) => self.txt(d),
            None => self.fallback_txt(i.division.clone(), self.lang),
        }
    }

    fn counts(&self, initiatives: &[&Initiative], year: i32, lang_root: &str) -> Vec<CountView> {
        Status::ALL
            .iter()
            .map(|s| CountView {
                status: self.status(*s),
                count: initiatives
                    .iter()
                    .filter(|i| assess::initiative_status(i, year) == *s)
                    .count(),
                href: format!("{lang_root}{}", Listing::Status(*s).rel()),
            })
            .collect()
    }

    /// Strategy → area → item → initiatives, for `year`.
    fn tree(&self, year: i32, layout: &Layout) -> Vec<StrategyView> {
        self.plan
            .site
            .strategies
            .iter()
            .map(|s| StrategyView {
                label: self.label(&s.name, format!("{} ", s.number)),
                areas: s
                    .areas
                    .iter()
                    .map(|a| AreaView {
                        label: self.label(&a.name, format!("({}) ", a.number)),
                        items: a
                            .items
                            .iter()
                            .map(|item| ItemView {
                                label: self.label(&item.name, format!("{} ", circled(item.number))),
                                initiatives: self
                                    .plan
                                    .initiatives
                                    .iter()
                                    .filter(|i| {
                                        (i.strategy, i.area, i.item)
                                            == (s.number, a.number, item.number)
                                    })
                                    .map(|i| self.card(i, year, layout))
                                    .collect(),
                            })
                            .filter(|item| !item.initiatives.is_empty())
                            .collect(),
                    })
                    .filter(|a| !a.items.is_empty())
                    .collect(),
            })
            .collect()
    }

    fn dashboard(&self, year: i32) -> Result<OutputFile, Diagnostic> {
        let site = &self.plan.site;
        let latest = site.latest_year;
        let rel = routes::dashboard(year, latest);
        let title = if year == latest {
            String::new()
        } else {
            format!("{} — {}", self.word("status_of_year"), self.year(year))
        };
        let layout = self.layout(&rel, title, self.index_description());
        let lang_root = layout.lang_root.clone();
        let all: Vec<&Initiative> = self.plan.initiatives.iter().collect();
        let cards_shown = self.fits_on_one_page();
        let strategy_counts = site
            .strategies
            .iter()
            .map(|s| {
                let members: Vec<&Initiative> = all
                    .iter()
                    .copied()
                    .filter(|i| i.strategy == s.number)
                    .collect();
                StrategyCountView {
                    label: self.label(&s.name, format!("{} ", s.number)),
                    href: format!("{lang_root}{}", Listing::Strategy(s).rel()),
                    counts: self.counts(&members, year, &lang_root),
                }
            })
            .collect();
        let view = IndexView {
            period: match self.lang {
                Lang::Ja => format!(
                    "{}〜{}",
                    text::year_label(site.first_year, Lang::Ja),
                    text::year_label(site.last_year, Lang::Ja)
                ),
                Lang::En => format!("FY{}–FY{}", site.first_year, site.last_year),
            },
            year: self.year(year),
            is_latest: year == latest,
            years: site
                .reviewed_years()
                .rev()
                .map(|y| YearLink {
                    label: self.short_year(y),
                    href: format!("{lang_root}{}", routes::dashboard(y, latest)),
                    current: y == year,
                })
                .collect(),
            counts: self.counts(&all, year, &lang_root),
            total: all.len(),
            strategy_counts,
            strategies: if cards_shown {
                self.tree(year, &layout)
            } else {
                Vec::new()
            },
            cards_shown,
            shortfall_link: Link {
                href: format!("{lang_root}{}", routes::shortfalls(year)),
                label: format!("{} — {}", self.word("shortfall_page"), self.year(year)),
            },
            ways: WaysIn {
                strategies: site
                    .strategies
                    .iter()
                    .map(|s| Link {
                        href: format!("{lang_root}{}", Listing::Strategy(s).rel()),
                        label: format!("{} {}", s.number, s.name.get(self.lang).text),
                    })
                    .collect(),
                divisions: site
                    .divisions
                    .iter()
                    .filter(|(k, _)| self.plan.initiatives.iter().any(|i| &i.division == *k))
                    .map(|(k, name)| Link {
                        href: format!("{lang_root}{}", Listing::Division(k).rel()),
                        label: name.get(self.lang).text.to_string(),
                    })
                    .collect(),
                statuses: self
                    .counts(&all, latest, &lang_root)
                    .into_iter()
                    .map(|c| CountLink {
                        href: c.href,
                        status: c.status,
                        count: c.count,
                    })
                    .collect(),
            },
        };
        self.render_template(
            "index.html",
            &rel,
            layout,
            view_value(&view),
            &format!("the overview of {year}"),
        )
    }

    fn listing(&self, listing: &Listing, paged: &Paged) -> Result<OutputFile, Diagnostic> {
        let site = &self.plan.site;
        let latest = site.latest_year;
        let first = listing.rel();
        let rel = routes::paged(&first, paged.index);
        let (title, intro) = match listing {
            Listing::Strategy(s) => (
                format!(
                    "{} {} {}",
                    self.word("strategy"),
                    s.number,
                    s.name.get(self.lang).text
                ),
                self.word("listing_strategy_intro"),
            ),
            Listing::Division(key) => (
                site.divisions
                    .get(*key)
                    .map_or_else(|| (*key).clone(), |d| d.get(self.lang).text.to_string()),
                self.word("listing_division_intro"),
            ),
            Listing::Status(status) => (
                format!("{} — {}", self.status(*status).label, self.year(latest)),
                self.word("listing_status_intro"),
            ),
        };
        // Pages after the first say which page they are in the heading too.
        let title = self.paged_title(title, paged);
        let layout = self.layout(&rel, title.clone(), intro.clone());
        let cards = paged.slice().iter().map(|i| self.card(i, latest, &layout));
        let groups = match listing {
            // A strategy's list is grouped by area; a group cut by a page
            // break starts the next page with its heading again.
            Listing::Strategy(s) => {
                let mut groups: Vec<(u32, ItemView)> = Vec::new();
                for (i, card) in paged.slice().iter().zip(cards) {
                    match groups.last_mut() {
                        Some((area, group)) if *area == i.area => group.initiatives.push(card),
                        _ => {
                            let label = match s.areas.iter().find(|a| a.number == i.area) {
                                Some(a) => self.label(&a.name, format!("({}) ", a.number)),
                                None => self.fallback_txt(String::new(), self.lang),
                            };
                            groups.push((
                                i.area,
                                ItemView {
                                    label,
                                    initiatives: vec![card],
                                },
                            ));
                        }
                    }
                }
                groups.into_iter().map(|(_, g)| g).collect()
            }
            Listing::Division(_) | Listing::Status(_) => vec![ItemView {
                label: self.fallback_txt(String::new(), self.lang),
                initiatives: cards.collect(),
            }],
        };
        let view = ListingView {
            title,
            intro,
            groups,
            pager: self.pager(&first, paged, &layout),
        };
        self.render_template(
            "listing.html",
            &rel,
            layout,
            view_value(&view),
            &format!("the list {rel}"),
        )
    }

    /// Whether the whole plan fits on one listing page: if not, the overview
    /// and the open data page leave the full lists to the listings.
    fn fits_on_one_page(&self) -> bool {
        self.plan.initiatives.len() <= self.plan.site.per_page
    }

    /// "Title (2/67)" for the pages after the first of a list, so that every page has its own title.
    fn paged_title(&self, title: String, paged: &Paged) -> String {
        if paged.index == 0 {
            title
        } else {
            format!("{title} ({}/{})", paged.index + 1, paged.count())
        }
    }

    /// Links to the other pages of a list, or `None` when it fits on one page.
    fn pager(&self, first: &str, paged: &Paged, layout: &Layout) -> Option<PagerView> {
        let total = paged.count();
        if total < 2 {
            return None;
        }
        let href = |index: usize| format!("{}{}", layout.lang_root, routes::paged(first, index));
        let current = paged.index;
        let mut pages = Vec::new();
        let mut last_shown = None;
        for index in 0..total {
            let near = index.abs_diff(current) <= 2;
            if !(index == 0 || index + 1 == total || near) {
                continue;
            }
            if let Some(last) = last_shown
                && index > last + 1
            {
                pages.push(PagerLink {
                    number: None,
                    href: String::new(),
                    current: false,
                });
            }
            pages.push(PagerLink {
                number: Some(index + 1),
                href: href(index),
                current: index == current,
            });
            last_shown = Some(index);
        }
        Some(PagerView {
            current: current + 1,
            total,
            label: self
                .word("page_of")
                .replace("{current}", &(current + 1).to_string())
                .replace("{total}", &total.to_string()),
            previous: (current > 0).then(|| href(current - 1)),
            next: (current + 1 < total).then(|| href(current + 1)),
            pages,
        })
    }

    fn index_description(&self) -> String {
        let site = &self.plan.site;
        let name = site.plan_name.get(self.lang).text;
        let latest = self.year(site.latest_year);
        match self.lang {
            Lang::Ja => format!("{name}の取組項目ごとの目標・実績と達成状況（{latest}まで）。"),
            Lang::En => format!(
                "Targets, actuals and results of each initiative of the {name}, up to {latest}."
            ),
        }
    }

    /// "1 最適な…" with the number prefix, keeping the text's language.
    fn label(&self, name: &LangText, prefix: String) -> Txt {
        let mut t = self.txt(name);
        t.text = format!("{prefix}{}", t.text);
        t
    }

    /// Commentary in this language, or the Japanese marked as pending translation.
    fn prose(
        &self,
        text: &Bilingual,
        heading: String,
        min_level: u8,
    ) -> Result<Option<ProseView>, Diagnostic> {
        let (file, lang) = match (text.get(self.lang), &text.ja) {
            (Some(f), _) => (f, self.lang),
            (None, Some(ja)) => (ja, Lang::Ja),
            (None, None) => return Ok(None),
        };
        Ok(Some(ProseView {
            heading,
            html: markdown::markdown(&file.text()?, min_level),
            lang: lang.code(),
            pending: lang != self.lang,
            note: (lang != self.lang).then(|| self.word("translation_pending")),
        }))
    }

    fn initiative(&self, n: usize, i: &Initiative) -> Result<Vec<OutputFile>, Diagnostic> {
        let site = &self.plan.site;
        let rel = routes::initiative(&i.id);
        let title = self.txt(&i.title);
        let description = i.description.get(self.lang).text.to_string();
        let layout = self.layout(
            &rel,
            format!("{}{} {}", self.word("number_prefix"), i.number, title.text),
            description,
        );
        let lang_root = layout.lang_root.clone();
        let strategy = site.strategy(i.strategy);
        let area = strategy.and_then(|s| s.area(i.area));
        let item = area.and_then(|a| a.item(i.item));
        let missing = LangText {
            ja: String::new(),
            en: None,
        };
        let mut files = Vec::new();
        let mut indicators = Vec::new();
        for ind in &i.indicators {
            let chart = match self.chart(i, ind)? {
                Some((view, file)) => {
                    files.push(file);
                    Some(view)
                }
                None => None,
            };
            indicators.push(IndicatorView {
                id: ind.id.clone(),
                name: self.txt(&ind.name),
                unit: ind.unit.as_ref().map(|u| self.txt(u)),
                direction: self.word(match ind.direction {
                    Direction::Higher => "direction_higher",
                    Direction::Lower => "direction_lower",
                    Direction::Milestone => "direction_milestone",
                }),
                cumulative: ind.cumulative,
                baseline: self.baseline(ind),
                final_target: self.final_target(ind),
                table_note: self.table_note(ind),
                rows: site
                    .years()
                    .map(|y| RowView {
                        year: match self.lang {
                            Lang::Ja => text::era_label(y),
                            Lang::En => self.year(y),
                        },
                        year_note: (self.lang == Lang::Ja).then(|| format!("（{y}年度）")),
                        schedule: i.schedule.get(&y).map(|w| self.schedule_word(*w)),
                        target: self.table_figure(ind, y, true),
                        actual: self.table_figure(ind, y, false),
                        status: self.status(assess::indicator_status(ind, y)),
                    })
                    .collect(),
                chart,
            });
        }
        let latest = site.latest_year;
        // Every reviewed year's progress report, newest first, so that earlier
        // years stay readable after the next review.
        let mut commentary: Vec<ProseView> = Vec::new();
        for y in site.reviewed_years().rev() {
            if let Some(text) = i.commentary.get(&(y, CommentaryKind::Progress)) {
                let heading = self.heading_for(CommentaryKind::Progress, y);
                commentary.extend(self.prose(text, heading, 4)?);
            }
        }
        let plan = match i.commentary.get(&(latest + 1, CommentaryKind::Plan)) {
            Some(t) => self.prose(t, self.heading_for(CommentaryKind::Plan, latest + 1), 4)?,
            None => None,
        };
        // Read in the report's order: this year's progress, next year's plan, then earlier years.
        if let Some(plan) = plan {
            let at = usize::from(
                i.commentary
                    .contains_key(&(latest, CommentaryKind::Progress)),
            )
            .min(commentary.len());
            commentary.insert(at, plan);
        }
        // The latest year's shortfall always shows; earlier ones when an explanation was published.
        let shortfalls = site
            .reviewed_years()
            .rev()
            .filter(|y| assess::initiative_status(i, *y) == Status::NotAchieved)
            .filter(|y| *y == latest || i.commentary.contains_key(&(*y, CommentaryKind::Shortfall)))
            .map(|y| self.shortfall(i, y, &lang_root))
            .collect::<Result<Vec<_>, _>>()?;
        let neighbour = |m: Option<&Initiative>| {
            m.map(|o| Link {
                href: format!("{lang_root}{}", routes::initiative(&o.id)),
                label: format!(
                    "{}{} {}",
                    self.word("number_prefix"),
                    o.number,
                    o.title.get(self.lang).text
                ),
            })
        };
        let view = InitiativeView {
            number: i.number,
            title,
            description: self.txt(&i.description),
            division: self.division(i),
            strategy: self.label(
                strategy.map_or(&missing, |s| &s.name),
                format!("{} ", i.strategy),
            ),
            area: self.label(area.map_or(&missing, |a| &a.name), format!("({}) ", i.area)),
            item: self.label(
                item.map_or(&missing, |it| &it.name),
                format!("{} ", circled(i.item)),
            ),
            status: self.status(assess::initiative_status(i, latest)),
            latest_year: self.year(latest),
            schedule: site
                .years()
                .filter_map(|y| {
                    Some(ScheduleCell {
                        year: self.year(y),
                        word: self.schedule_word(*i.schedule.get(&y)?),
                    })
                })
                .collect(),
            indicators,
            commentary,
            shortfalls,
            previous: neighbour(n.checked_sub(1).and_then(|p| self.plan.initiatives.get(p))),
            next: neighbour(self.plan.initiatives.get(n + 1)),
            data_href: format!("{}{}", layout.root, crate::routes::data_slice(&i.id)),
        };
        let what = format!("initiative No.{} ({})", i.number, i.id);
        files.push(self.render_template(
            "initiative.html",
            &rel,
            layout,
            view_value(&view),
            &what,
        )?);
        Ok(files)
    }

    fn heading_for(&self, kind: CommentaryKind, year: i32) -> String {
        let word = self.word(match kind {
            CommentaryKind::Progress => "progress",
            CommentaryKind::Plan => "plan",
            CommentaryKind::Shortfall => "shortfall",
        });
        match self.lang {
            Lang::Ja => format!("{}の{word}", text::era_label(year)),
            Lang::En => format!("{word} in FY{year}"),
        }
    }

    fn schedule_word(&self, w: ScheduleWord) -> String {
        match (self.lang, w) {
            (Lang::Ja, ScheduleWord::Study) => "検討",
            (Lang::Ja, ScheduleWord::Implement) => "実施",
            (Lang::Ja, ScheduleWord::Continue) => "継続",
            (Lang::Ja, ScheduleWord::StudyImplement) => "検討・実施",
            (Lang::En, ScheduleWord::Study) => "Study",
            (Lang::En, ScheduleWord::Implement) => "Implement",
            (Lang::En, ScheduleWord::Continue) => "Continue",
            (Lang::En, ScheduleWord::StudyImplement) => "Study & implement",
        }
        .to_string()
    }

    fn shortfall(
        &self,
        i: &Initiative,
        year: i32,
        lang_root: &str,
    ) -> Result<ShortfallView, Diagnostic> {
        let figures = i
            .indicators
            .iter()
            .filter(|ind| assess::indicator_status(ind, year) == Status::NotAchieved)
            .map(|ind| {
                let actual = self.year_figure(ind, year, false).unwrap_or_default();
                let target = self.year_figure(ind, year, true).unwrap_or_default();
                match self.lang {
                    Lang::Ja => format!("実績：{actual}（目標：{target}）"),
                    Lang::En => format!("Actual: {actual} (target: {target})"),
                }
            })
            .collect();
        Ok(ShortfallView {
            year: self.year(year),
            number: i.number,
            title: self.txt(&i.title),
            href: format!("{lang_root}{}", routes::initiative(&i.id)),
            figures,
            prose: match i.commentary.get(&(year, CommentaryKind::Shortfall)) {
                Some(t) => self.prose(t, self.word("shortfall"), 4)?,
                None => None,
            },
        })
    }

    fn shortfalls(&self, year: i32, paged: &Paged) -> Result<OutputFile, Diagnostic> {
        let first = routes::shortfalls(year);
        let rel = routes::paged(&first, paged.index);
        let year_label = self.year(year);
        let title = match self.lang {
            Lang::Ja => format!(
                "{}に{}",
                text::era_label(year),
                "目標を達成しなかった取り組み"
            ),
            Lang::En => format!("{} in FY{year}", self.word("shortfall_page")),
        };
        let title = self.paged_title(title, paged);
        let layout = self.layout(&rel, title.clone(), self.word("shortfall_intro"));
        let lang_root = layout.lang_root.clone();
        let entries = paged
            .slice()
            .iter()
            .map(|i| self.shortfall(i, year, &lang_root))
            .collect::<Result<Vec<_>, _>>()?;
        let years = self
            .plan
            .site
            .reviewed_years()
            .map(|y| YearLink {
                label: self.short_year(y),
                href: format!("{lang_root}{}", routes::shortfalls(y)),
                current: y == year,
            })
            .collect();
        let view = ShortfallsView {
            title,
            year: year_label,
            entries,
            years,
            pager: self.pager(&first, paged, &layout),
        };
        self.render_template(
            "shortfalls.html",
            &rel,
            layout,
            view_value(&view),
            &format!("the targets-not-met page of {year}"),
        )
    }

    /// `robots.txt` always; `sitemap.xml` when `base_url` gives the absolute
    /// addresses a sitemap requires, with `hreflang` alternates per page.
    fn sitemap(&self) -> Vec<OutputFile> {
        let site = &self.plan.site;
        let Some(base) = &site.base_url else {
            return vec![OutputFile {
                path: routes::ROBOTS.into(),
                bytes: b"User-agent: *\nAllow: /\n".to_vec(),
            }];
        };
        let mut rels = vec![routes::HOME.to_string(), routes::OPEN_DATA_PAGE.to_string()];
        rels.extend(
            self.plan
                .initiatives
                .iter()
                .map(|i| routes::initiative(&i.id)),
        );
        rels.extend(
            self.plan
                .pages
                .iter()
                .map(|p| routes::markdown_page(&p.slug)),
        );
        rels.extend(site.reviewed_years().map(routes::shortfalls));
        rels.extend(
            site.reviewed_years()
                .filter(|y| *y != site.latest_year)
                .map(|y| routes::dashboard(y, site.latest_year)),
        );
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
        );
        for rel in &rels {
            for &lang in &site.languages {
                let loc = escape_html(&format!("{base}{}", routes::page(lang, rel)));
                xml.push_str(&format!("  <url>\n    <loc>{loc}</loc>\n"));
                for &alt in &site.languages {
                    let href = escape_html(&format!("{base}{}", routes::page(alt, rel)));
                    xml.push_str(&format!(
                        "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{href}\"/>\n",
                        alt.code()
                    ));
                }
                xml.push_str("  </url>\n");
            }
        }
        xml.push_str("</urlset>\n");
        vec![
            OutputFile {
                path: routes::ROBOTS.into(),
                bytes: format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n")
                    .into_bytes(),
            },
            OutputFile {
                path: routes::SITEMAP.into(),
                bytes: xml.into_bytes(),
            },
        ]
    }

    /// `404.html` at the root, in both languages. A server shows it at any
    /// address, so its links are absolute when `base_url` is known.
    fn not_found(&self) -> Result<OutputFile, Diagnostic> {
        let rel = routes::NOT_FOUND;
        let mut layout = self.layout(
            rel,
            "404".into(),
            "ページが見つかりません / Page not found".into(),
        );
        layout.alternate = None;
        if let Some(base) = &self.plan.site.base_url {
            layout.root = base.clone();
            layout.lang_root = base.clone();
            layout.home = format!("{base}index.html");
            for link in &mut layout.nav {
                link.href = format!("{base}{}", link.href);
            }
        }
        let en_home = format!("{}en/index.html", layout.root);
        let view = minijinja::context! { en_home => en_home };
        self.render_template("404.html", rel, layout, view, "the not-found page")
    }

    fn open_data(&self) -> Result<OutputFile, Diagnostic> {
        let rel = routes::OPEN_DATA_PAGE;
        let title = self.word("open_data");
        let layout = self.layout(rel, title.clone(), self.word("open_data_intro"));
        let root = layout.root.clone();
        let slices_shown = self.fits_on_one_page();
        let view = OpenDataView {
            csv_href: format!("{root}{}", crate::routes::DATA_CSV),
            json_href: format!("{root}{}", crate::routes::DATA_JSON),
            columns: crate::data::CSV_COLUMNS
                .iter()
                .map(|c| ColumnView {
                    name: c,
                    description: self.word(&format!("col_{c}")),
                })
                .collect(),
            licence: self.txt(&self.plan.site.licence),
            licence_url: self.plan.site.licence_url.clone(),
            slices_shown,
            slices: if slices_shown {
                self.plan
                    .initiatives
                    .iter()
                    .map(|i| Link {
                        href: format!("{root}{}", crate::routes::data_slice(&i.id)),
                        label: format!(
                            "{}{} {}",
                            self.word("number_prefix"),
                            i.number,
                            i.title.get(self.lang).text
                        ),
                    })
                    .collect()
            } else {
                Vec::new()
            },
        };
        self.render_template(
            "opendata.html",
            rel,
            layout,
            view_value(&view),
            "the open data page",
        )
    }

    fn page_title(&self, p: &Page) -> Txt {
        let (text, lang) = page_title(p, self.lang);
        self.fallback_txt(text, lang)
    }

    fn page(&self, p: &Page) -> Result<OutputFile, Diagnostic> {
        let rel = routes::markdown_page(&p.slug);
        let title = self.page_title(p);
        let prose = self.prose(&p.text, title.text.clone(), 1)?;
        let html = prose
            .as_ref()
            .map(|p| markdown::strip_first_h1(&p.html))
            .unwrap_or_default();
        let layout = self.layout(&rel, title.text.clone(), title.text.clone());
        let view = PageView {
            pending: title.pending,
            title,
            html,
        };
        self.render_template(
            "page.html",
            &rel,
            layout,
            view_value(&view),
            &format!("the page {}", p.slug),
        )
    }
}

/// A QR code of `url` as inline SVG, for the printed page.
fn qr_svg(url: &str) -> Option<String> {
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(96, 96)
        .quiet_zone(true)
        .build();
    let start = svg.find("<svg")?;
    Some(svg[start..].replacen("<svg ", "<svg role=\"img\" aria-label=\"QR\" ", 1))
}

fn view_value<T: Serialize>(view: &T) -> Value {
    Value::from(Serde(view))
}

/// ① ② ③ … for item numbers up to 20, then (21).
fn circled(n: u32) -> String {
    match n {
        1..=20 => char::from_u32(0x2460 + n - 1).map_or_else(|| format!("({n})"), String::from),
        _ => format!("({n})"),
    }
}

fn svg_size(svg: &str) -> (u32, u32) {
    let attr = |name: &str| -> Option<u32> {
        let head = &svg[..svg.find('>')?];
        let start = head.find(&format!("{name}=\""))? + name.len() + 2;
        let len = head[start..].find('"')?;
        head[start..start + len].trim_end_matches("px").parse().ok()
    };
    (attr("width").unwrap_or(640), attr("height").unwrap_or(360))
}

// ---------------------------------------------------------------- markdown

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn circled_numbers() {
        assert_eq!(circled(1), "①");
        assert_eq!(circled(3), "③");
        assert_eq!(circled(21), "(21)");
    }
}
