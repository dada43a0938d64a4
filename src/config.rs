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
            licence: LangText {
                ja: "クリエイティブ・コモンズ 表示 4.0 国際 ライセンス（CC BY 4.0）".into(),
                en: Some("Creative Commons Attribution 4.0 International (CC BY 4.0)".into()),
            },
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

    pub fn languages(&self) -> Vec<Lang> {
        self.config
            .languages
            .get_ref()
            .iter()
            .filter_map(|c| Lang::from_code(c))
            .collect()
    }

    /// An error pointing into `site.toml`.
    pub fn error_at(&self, span: std::ops::Range<usize>, message: String) -> Diagnostic {
        Diagnostic::error(message)
            .in_file(&self.path)
            .at(&self.source, span)
    }

    /// Checks that hold within `site.toml` alone.
    pub fn check(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let c = &self.config;
        let (first, last) = (&c.plan.first_year, &c.plan.last_year);
        if !(1900..=2200).contains(first.get_ref()) || last.get_ref() < first.get_ref() {
            out.push(
                self.error_at(
                    last.span(),
                    format!(
                        "the plan period {}–{} is not a valid range of fiscal years",
                        first.get_ref(),
                        last.get_ref()
                    ),
                )
                .field("plan.last_year")
                .ja(format!(
                    "計画期間 {}–{} が年度の範囲として正しくありません",
                    first.get_ref(),
                    last.get_ref()
                ))
                .help("write the first and last fiscal year as Gregorian years, e.g. 2022 and 2026")
                .ja_help("最初と最後の年度を西暦で書いてください（例：2022 と 2026）"),
            );
        } else if last.get_ref() - first.get_ref() > 50 {
            out.push(
                self.error_at(
                    last.span(),
                    "the plan period is longer than 50 years".into(),
                )
                .ja("計画期間が50年を超えています")
                .field("plan.last_year"),
            );
        }
        let latest = &c.latest_reviewed_year;
        if !(first.get_ref()..=last.get_ref()).contains(&latest.get_ref()) {
            out.push(
                self.error_at(
                    latest.span(),
                    format!(
                        "latest_reviewed_year {} is outside the plan period {}–{}",
                        latest.get_ref(),
                        first.get_ref(),
                        last.get_ref()
                    ),
                )
                .field("latest_reviewed_year")
                .ja(format!(
                    "latest_reviewed_year の {} が計画期間 {}–{} の外です",
                    latest.get_ref(),
                    first.get_ref(),
                    last.get_ref()
                ))
                .help("set it to the newest fiscal year whose actuals are entered")
                .ja_help("実績を入力した最新の年度（西暦、例：2024）にしてください"),
            );
        }
        let langs = c.languages.get_ref();
        let bad: Vec<_> = langs
            .iter()
            .filter(|l| Lang::from_code(l).is_none())
            .collect();
        if !bad.is_empty() || langs.first().map(String::as_str) != Some("ja") {
            out.push(
                self.error_at(
                    c.languages.span(),
                    format!("languages must be [\"ja\"] or [\"ja\", \"en\"], found {langs:?}"),
                )
                .ja("languages は [\"ja\"] か [\"ja\", \"en\"] にしてください")
                .field("languages"),
            );
        }
        let per_page = *c.per_page.get_ref();
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            out.push(
                self.error_at(
                    c.per_page.span(),
                    format!("per_page is {per_page}; it must be between 1 and {MAX_PER_PAGE}"),
                )
                .ja(format!(
                    "per_page が {per_page} です。1 から {MAX_PER_PAGE} までにしてください"
                ))
                .field("per_page")
                .help(format!(
                    "per_page is how many initiatives a listing page shows; remove the line to use {DEFAULT_PER_PAGE}"
                ))
                .ja_help(format!(
                    "per_page は一覧の 1 ページに載せる取組項目の数です。行を消すと {DEFAULT_PER_PAGE} になります"
                )),
            );
        }
        if let Some(url) = &c.base_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            out.push(
                Diagnostic::error(format!("base_url `{url}` is not an http(s) address"))
                    .in_file(&self.path)
                    .field("base_url")
                    .ja(format!("base_url の `{url}` が http(s) のアドレスではありません"))
                    .help("write the full address, e.g. https://www.city.example.jp/plan/")
                    .ja_help("https:// から始まる完全なアドレスを書いてください（例：https://www.city.example.jp/plan/）"),
            );
        }
        for key in c.divisions.keys() {
            if let Err(why) = crate::model::id::check_id(key) {
                out.push(
                    Diagnostic::error(format!("division key `{key}` {why}"))
                        .ja(format!("所管課のキー `{key}` は{}", why.ja()))
                        .in_file(&self.path)
                        .field(format!("divisions.{key}")),
                );
            }
        }
        check_unique(
            self,
            c.strategies.iter().map(|s| &s.number),
            "strategy",
            &mut out,
        );
        for s in &c.strategies {
            check_unique(self, s.areas.iter().map(|a| &a.number), "area", &mut out);
            for a in &s.areas {
                check_unique(self, a.items.iter().map(|i| &i.number), "item", &mut out);
            }
        }
        out
    }
}

fn check_unique<'a>(
    site: &SiteFile,
    numbers: impl Iterator<Item = &'a Spanned<u32>>,
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen = std::collections::BTreeSet::new();
    for n in numbers {
        if !seen.insert(*n.get_ref()) {
            out.push(
                site.error_at(
                    n.span(),
                    format!("{what} number {} appears twice", n.get_ref()),
                )
                .ja(format!("番号 {} が重複しています", n.get_ref()))
                .field("number"),
            );
        }
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
