//! `content/site.toml`: the site, the plan period, the hierarchy of strategies,
//! areas and items, and the responsible divisions. Plus the options of a build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::base::diagnostic::Diagnostic;
use crate::base::source;
use crate::base::text::{Lang, LangText};

/// Where a build reads from and writes to.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub content: PathBuf,
    /// `None`: the theme embedded in the binary.
    pub theme: Option<PathBuf>,
    pub output: PathBuf,
    /// Warnings (e.g. a missing translation) fail the build.
    pub strict: bool,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            content: PathBuf::from("content"),
            theme: None,
            output: PathBuf::from("public"),
            strict: false,
        }
    }
}

/// `site.toml` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The newest fiscal year whose actuals are in (Gregorian start year).
    pub latest_reviewed_year: Spanned<i32>,
    /// Used only where an absolute URL is required.
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default = "default_languages")]
    pub languages: Spanned<Vec<String>>,
    /// How many initiatives a listing page shows before it continues on a
    /// next page; a plan with more initiatives than this shows no cards on
    /// its overview, only counts and the ways into the listings.
    #[serde(default = "default_per_page")]
    pub per_page: Spanned<usize>,
    pub site: SiteInfo,
    pub plan: PlanInfo,
    #[serde(default)]
    pub divisions: BTreeMap<String, LangText>,
    /// The plan's hierarchy; none for a plan of headline targets and counts
    /// only (validation asks for it when there are initiatives).
    #[serde(default)]
    pub strategies: Vec<Strategy>,
    /// The licence of the published data (CC BY 4.0 unless the city chooses another).
    #[serde(default)]
    pub open_data: OpenData,
    /// The plan's own scales of item statuses (達成／部分実施／検討中, S–C …);
    /// the first is the site's default.
    #[serde(default)]
    pub status_scales: Vec<StatusScaleFile>,
    /// Counts of items by status, where the report gives only the counts.
    #[serde(default)]
    pub status_counts: Vec<StatusCountFile>,
    /// 主要目標: targets of the whole plan that belong to no one initiative,
    /// in the format of an initiative's indicators.
    #[serde(default)]
    pub headline_targets: Vec<crate::check::load::IndicatorFile>,
}

/// A scale of item statuses as written in `site.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusScaleFile {
    pub id: Spanned<String>,
    pub name: LangText,
    /// The rule in the plan's words, shown to readers.
    #[serde(default)]
    pub rule: Option<LangText>,
    pub levels: Spanned<Vec<ScaleLevelFile>>,
}

/// One level of a scale, best first.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleLevelFile {
    pub key: Spanned<String>,
    pub label: LangText,
    /// Counted as on track (計画どおり以上).
    #[serde(default)]
    pub on_track: bool,
    /// A state beside the grades (終了), neither on track nor behind.
    #[serde(default)]
    pub separate: bool,
    /// The stated rule's condition for this level, when mieruka computes it.
    #[serde(default)]
    pub when: Option<Spanned<String>>,
    /// The percentage `when` needs (`near_baseline`, `rate_at_least`).
    #[serde(default)]
    pub percent: Option<Spanned<f64>>,
}

/// Counts of items by status in one fiscal year, as the report gives them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusCountFile {
    pub year: Spanned<i32>,
    /// A scale's id; the site's first scale when left out.
    #[serde(default)]
    pub scale: Option<Spanned<String>>,
    /// How many items the report counts in all.
    #[serde(default)]
    pub total: Option<Spanned<u32>>,
    /// What the report calls the items (改革・改善の項目).
    #[serde(default)]
    pub label: Option<LangText>,
    pub counts: Vec<CountRowFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountRowFile {
    /// One level's key, or several counted together (計画以上・計画どおり).
    pub levels: Spanned<Vec<String>>,
    pub count: Spanned<u32>,
    /// The share as the report prints it, in percent (65.26).
    #[serde(default)]
    pub share: Option<Spanned<f64>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenData {
    pub licence: LangText,
    pub licence_url: String,
}

impl Default for OpenData {
    fn default() -> Self {
        OpenData {
            licence: LangText::new(
                "クリエイティブ・コモンズ 表示 4.0 国際 ライセンス（CC BY 4.0）",
            )
            .with(
                Lang::EN,
                "Creative Commons Attribution 4.0 International (CC BY 4.0)",
            ),
            licence_url: "https://creativecommons.org/licenses/by/4.0/".into(),
        }
    }
}

/// Initiatives per listing page, unless site.toml says otherwise.
pub const DEFAULT_PER_PAGE: usize = 50;

/// The most initiatives a listing page may show.
pub const MAX_PER_PAGE: usize = 1000;

fn default_per_page() -> Spanned<usize> {
    Spanned::new(0..0, DEFAULT_PER_PAGE)
}

fn default_languages() -> Spanned<Vec<String>> {
    Spanned::new(0..0, vec!["ja".into(), "en".into()])
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteInfo {
    pub title: LangText,
    pub owner: LangText,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanInfo {
    pub name: LangText,
    pub first_year: Spanned<i32>,
    /// The last fiscal year of the plan as it stands now (after its latest
    /// revision, if one moved it).
    pub last_year: Spanned<i32>,
    /// The last fiscal year before any revision moved it; only with a
    /// revision that extends or shortens the plan.
    #[serde(default)]
    pub original_last_year: Option<Spanned<i32>>,
    /// The plan's own revisions during its period (計画の改定), in date order.
    #[serde(default)]
    pub revisions: Vec<PlanRevisionFile>,
}

/// One revision of the plan itself (`[[plan.revisions]]`), not an edition
/// of the report.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanRevisionFile {
    /// Referred to from initiatives (`added_at`, `target_set_at`).
    pub id: Spanned<String>,
    /// As precise as the source: `"2008-02"` or `"2008-02-15"`.
    pub date: Spanned<String>,
    pub name: LangText,
    /// The plan's last fiscal year after this revision, when it moved it.
    #[serde(default)]
    pub last_year: Option<Spanned<i32>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strategy {
    pub number: Spanned<u32>,
    pub name: LangText,
    #[serde(default)]
    pub areas: Vec<Area>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    pub number: Spanned<u32>,
    pub name: LangText,
    #[serde(default)]
    pub items: Vec<Item>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub number: Spanned<u32>,
    pub name: LangText,
}

/// `site.toml` read and parsed, with its text kept for error spans.
#[derive(Debug)]
pub struct SiteFile {
    pub path: PathBuf,
    pub source: Arc<str>,
    pub config: SiteConfig,
}

impl SiteFile {
    pub fn first_year(&self) -> i32 {
        *self.config.plan.first_year.get_ref()
    }

    pub fn last_year(&self) -> i32 {
        *self.config.plan.last_year.get_ref()
    }

    pub fn years(&self) -> impl Iterator<Item = i32> + Clone + use<> {
        self.first_year()..=self.last_year()
    }

    pub fn latest_year(&self) -> i32 {
        *self.config.latest_reviewed_year.get_ref()
    }

    /// An error pointing into `site.toml`.
    pub fn error_at(&self, span: std::ops::Range<usize>, message: String) -> Diagnostic {
        Diagnostic::error(message)
            .in_file(&self.path)
            .at(&self.source, span)
    }

    pub fn languages(&self) -> Vec<Lang> {
        self.config
            .languages
            .get_ref()
            .iter()
            .filter_map(|c| Lang::from_code(c))
            .collect()
    }
}

/// Reads and parses `site.toml` in the content folder.
pub fn load_site(content: &Path) -> Result<SiteFile, Diagnostic> {
    let path = content.join("site.toml");
    if !path.is_file() {
        return Err(Diagnostic::error(format!(
            "no site.toml in the content folder {}",
            content.display()
        ))
        .in_file(&path)
        .ja(format!(
            "コンテンツのフォルダー {} に site.toml がありません",
            content.display()
        ))
        .help("run mieruka in the folder that holds content/, or pass --content DIR")
        .ja_help(
            "content フォルダーがある場所で実行するか、--content でフォルダーを指定してください",
        ));
    }
    let source = source::read_text(&path)?;
    let config = source::parse_toml(&path, &source).map_err(|d| {
        // With finished plans in plans/, a plan's setting missing from
        // site.toml means the current plan was moved there too.
        let missing = d.field.as_deref().is_some_and(|f| {
            ["latest_reviewed_year", "plan", "divisions", "strategies"].contains(&f)
        });
        if missing && content.join(PLANS_DIR).is_dir() && d.message.starts_with("missing field") {
            d.help("site.toml holds the current plan (latest_reviewed_year, [plan], [divisions], [[strategies]]) besides the site's settings; plans/ holds only the finished plans. Move the current plan's plan.toml settings back into site.toml, and its initiatives/ and editions/ into the content folder")
                .ja_help("site.toml には、サイト全体の設定とともに今の計画の設定（latest_reviewed_year・[plan]・[divisions]・[[strategies]]）を書きます。plans/ には終わった計画だけを置きます。今の計画の plan.toml の設定を site.toml に戻し、initiatives/ と editions/ を content フォルダーに戻してください")
        } else {
            d
        }
    })?;
    Ok(SiteFile {
        path,
        source,
        config,
    })
}

/// The folder of the finished plans: `content/plans/<id>/`.
pub const PLANS_DIR: &str = "plans";
/// A finished plan's settings file, in its folder.
pub const PLAN_FILE: &str = "plan.toml";

/// `plans/<id>/plan.toml` as written: what `site.toml` holds for the current
/// plan (the year reviewed last, the plan's name and period, its divisions
/// and hierarchy), for a plan that has finished. The site-wide settings
/// (title, owner, languages, base_url, open data) stay in `site.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanSettings {
    pub latest_reviewed_year: Spanned<i32>,
    pub plan: PlanInfo,
    pub divisions: BTreeMap<String, LangText>,
    pub strategies: Vec<Strategy>,
    /// The plan's scales, counts by status and headline targets, as in
    /// `site.toml`.
    #[serde(default)]
    pub status_scales: Vec<StatusScaleFile>,
    #[serde(default)]
    pub status_counts: Vec<StatusCountFile>,
    #[serde(default)]
    pub headline_targets: Vec<crate::check::load::IndicatorFile>,
}

/// A finished plan's folder, its settings read and parsed.
#[derive(Debug)]
pub struct PlanFolder {
    /// The folder name: the plan's pages are under `plans/<id>/`.
    pub id: String,
    pub dir: PathBuf,
    /// The plan's settings with the site-wide settings of `site.toml`, as a
    /// [`SiteFile`] whose `path` and `source` are those of `plan.toml`.
    pub file: SiteFile,
}

impl SiteFile {
    /// The settings of a finished plan: its `plan.toml` with the site-wide
    /// settings of this (the top-level) `site.toml`.
    pub fn with_plan(&self, path: PathBuf, source: Arc<str>, plan: PlanSettings) -> SiteFile {
        let c = &self.config;
        SiteFile {
            path,
            source,
            config: SiteConfig {
                latest_reviewed_year: plan.latest_reviewed_year,
                base_url: c.base_url.clone(),
                languages: c.languages.clone(),
                per_page: c.per_page.clone(),
                site: c.site.clone(),
                plan: plan.plan,
                divisions: plan.divisions,
                strategies: plan.strategies,
                open_data: c.open_data.clone(),
                status_scales: plan.status_scales,
                status_counts: plan.status_counts,
                headline_targets: plan.headline_targets,
            },
        }
    }
}

/// Reads every `content/plans/<id>/plan.toml` (the finished plans), in the
/// order of their folder names. No folder `plans/`: no finished plan.
pub fn load_plans(site: &SiteFile, content: &Path) -> Result<Vec<PlanFolder>, Vec<Diagnostic>> {
    let dir = content.join(PLANS_DIR);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => return Err(vec![source::io_error(&dir, "could not read the file", &e)]),
    };
    entries.sort();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if !path.is_dir() || path.is_symlink() {
            errors.push(
                Diagnostic::error("plans/ holds only the folders of finished plans")
                    .ja("plans フォルダーには、終わった計画のフォルダーだけを置きます")
                    .in_file(&path)
                    .help("move the file out of plans/, or put it in a plan's folder (plans/2017-2021/…)")
                    .ja_help("ファイルを plans の外に出すか、計画のフォルダー（plans/2017-2021/ など）に入れてください"),
            );
            continue;
        }
        if let Err(why) = crate::model::id::check_id(&name) {
            errors.push(
                Diagnostic::error(format!("the plan folder name `{name}` {why}"))
                    .ja(format!("計画のフォルダー名 `{name}` は{}", why.ja()))
                    .in_file(&path)
                    .help("name the folder by the plan's period, e.g. 2017-2021")
                    .ja_help("フォルダー名は計画期間にしてください（例：2017-2021）"),
            );
            continue;
        }
        let file = path.join(PLAN_FILE);
        if !file.is_file() {
            errors.push(
                Diagnostic::error(format!("the plan folder plans/{name}/ has no {PLAN_FILE}"))
                    .ja(format!("計画のフォルダー plans/{name}/ に {PLAN_FILE} がありません"))
                    .in_file(&file)
                    .help(format!(
                        "write plans/{name}/{PLAN_FILE} with the plan's settings: latest_reviewed_year, [plan] (name, first_year, last_year), [divisions] and [[strategies]], as in site.toml (see docs/content-format.md)"
                    ))
                    .ja_help(format!(
                        "plans/{name}/{PLAN_FILE} に計画の設定を書いてください。site.toml と同じく latest_reviewed_year・[plan]（name・first_year・last_year）・[divisions]・[[strategies]] です（docs/content-format.md 参照）"
                    )),
            );
            continue;
        }
        let parsed = source::read_text(&file).and_then(|text| {
            let settings: PlanSettings = source::parse_toml(&file, &text)?;
            Ok((text, settings))
        });
        match parsed {
            Ok((text, settings)) => out.push(PlanFolder {
                id: name,
                file: site.with_plan(file, text, settings),
                dir: path,
            }),
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Whether a field named in a message is one of the site-wide settings of
/// `site.toml` (not of a plan): `site.title`, `languages`, `open_data.…` ….
pub fn is_site_wide_field(field: &str) -> bool {
    let head = field.split(['.', '[']).next().unwrap_or(field);
    matches!(
        head,
        "site" | "open_data" | "languages" | "base_url" | "per_page"
    )
}
