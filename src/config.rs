//! `content/site.toml`: the site, the plan period, the hierarchy of strategies,
//! areas and items, and the responsible divisions. Plus the options of a build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Diagnostic;
use crate::source;
use crate::text::{Lang, LangText};

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
    pub divisions: BTreeMap<String, LangText>,
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
    pub headline_targets: Vec<crate::load::IndicatorFile>,
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

#[derive(Debug, Deserialize)]
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
    pub last_year: Spanned<i32>,
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
    let config = source::parse_toml(&path, &source)?;
    Ok(SiteFile {
        path,
        source,
        config,
    })
}
