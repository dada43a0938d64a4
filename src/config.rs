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
    let config = source::parse_toml(&path, &source)?;
    Ok(SiteFile {
        path,
        source,
        config,
    })
}
