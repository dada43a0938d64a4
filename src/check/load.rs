//! Walks `content/` and parses every file: initiatives (TOML), their
//! commentary (Markdown) and standalone pages. Nothing is cross-checked here;
//! that is [`crate::check::validate`]'s job. Spans are kept for its messages.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Deserialize;
use toml::Spanned;
use walkdir::WalkDir;

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::markdown::MarkdownFile;
use crate::base::source;
use crate::base::text::{Lang, LangText};
use crate::model::id::check_id;
use crate::model::{
    CommentaryKind, DashMeaning, Direction, Figure, Qualifier, ScheduleWord, Status, Verdict,
    YearState,
};

/// `initiative.toml` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitiativeFile {
    pub number: Spanned<u32>,
    pub strategy: Spanned<u32>,
    pub area: Spanned<u32>,
    pub item: Spanned<u32>,
    pub division: Spanned<String>,
    pub title: LangText,
    pub description: LangText,
    #[serde(default)]
    pub schedule: BTreeMap<Spanned<String>, ScheduleWord>,
    #[serde(default)]
    pub indicators: Vec<IndicatorFile>,
    /// The plan revision (its id in site.toml) that added the initiative.
    #[serde(default)]
    pub added_at: Option<Spanned<String>>,
    /// The scale `status` is on: a scale's id in site.toml (the first when left out).
    #[serde(default)]
    pub status_scale: Option<Spanned<String>>,
    /// The item's status per fiscal year on its scale, as the city judges it.
    #[serde(default)]
    pub status: BTreeMap<Spanned<String>, Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorFile {
    pub id: Spanned<String>,
    pub name: LangText,
    #[serde(default)]
    pub unit: Option<LangText>,
    pub direction: Spanned<Direction>,
    #[serde(default)]
    pub cumulative: bool,
    #[serde(default)]
    pub qualifier: Qualifier,
    #[serde(default)]
    pub decimals: Option<Spanned<u8>>,
    #[serde(default)]
    pub baseline: Option<BaselineFile>,
    #[serde(default)]
    pub final_target: Option<FinalTargetFile>,
    #[serde(default)]
    pub milestone_label: Option<LangText>,
    #[serde(default)]
    pub years: BTreeMap<Spanned<String>, YearFile>,
    /// An index with no unit (財政力指数 0.670): says that `unit` is left out on purpose.
    #[serde(default)]
    pub no_unit: Option<Spanned<bool>>,
    /// A rank (順位, 3位): whole numbers, lower is better, printed as a place.
    #[serde(default)]
    pub rank: Option<Spanned<bool>>,
    #[serde(default)]
    pub benchmarks: Vec<BenchmarkFile>,
    /// Why the unit or direction differs from the latest edition.
    #[serde(default)]
    pub reason: Option<LangText>,
    /// The target of the plan period as a whole: the sum of the years.
    #[serde(default)]
    pub period_total: Option<PeriodTotalFile>,
    /// A second series, the running total, by fiscal year.
    #[serde(default)]
    pub running_total: BTreeMap<Spanned<String>, RunningYearFile>,
    /// Figures at dates (`2013-04-01 = { … }`) instead of fiscal years.
    #[serde(default)]
    pub dates: BTreeMap<Spanned<String>, YearFile>,
}

/// `period_total = { value = 5140 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodTotalFile {
    pub value: Spanned<Figure>,
    #[serde(default)]
    pub text: Option<LangText>,
}

/// A year of the running-total series: figures and their printed words only.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunningYearFile {
    #[serde(default)]
    pub target: Option<Spanned<Figure>>,
    #[serde(default)]
    pub actual: Option<Spanned<Figure>>,
    #[serde(default)]
    pub target_text: Option<LangText>,
    #[serde(default)]
    pub actual_text: Option<LangText>,
}

/// A reference figure beside an indicator: 全国平均 93.1%.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenchmarkFile {
    pub label: LangText,
    pub value: Spanned<Figure>,
    #[serde(default)]
    pub year: Option<Spanned<i32>>,
    /// The source gives no year: said, so that a year is never left out by mistake.
    #[serde(default)]
    pub no_year: Option<Spanned<bool>>,
    #[serde(default)]
    pub source: Option<LangText>,
    /// A related but different measure (交付率 beside a count of cards).
    #[serde(default)]
    pub measure: Option<LangText>,
    #[serde(default)]
    pub unit: Option<LangText>,
    /// The city's own figure on `measure`.
    #[serde(default)]
    pub own_value: Option<Spanned<Figure>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineFile {
    #[serde(default)]
    pub year: Option<Spanned<i32>>,
    #[serde(default)]
    pub value: Option<Spanned<Figure>>,
    #[serde(default)]
    pub text: Option<LangText>,
    /// Why the baseline differs from the latest edition.
    #[serde(default)]
    pub reason: Option<LangText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinalTargetFile {
    #[serde(default)]
    pub value: Option<Spanned<Figure>>,
    #[serde(default)]
    pub text: Option<LangText>,
    /// Why the final target differs from the latest edition.
    #[serde(default)]
    pub reason: Option<LangText>,
    /// The target as a change from the baseline (−430).
    #[serde(default)]
    pub change: Option<Spanned<Figure>>,
    /// The target is approximate (概ね / 約).
    #[serde(default)]
    pub approximate: Option<Spanned<bool>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearFile {
    #[serde(default)]
    pub target: Option<Spanned<Figure>>,
    /// 暫定 / ― / 未確定: see [`YearState`].
    #[serde(default)]
    pub state: Option<Spanned<YearState>>,
    /// The city's own verdict for the year, in its words, where it differs
    /// from a mechanical reading of the figures.
    #[serde(default)]
    pub city_verdict: Option<LangText>,
    /// The city's verdict as a status: achieved / not_achieved / on_course.
    #[serde(default)]
    pub verdict: Option<Spanned<Verdict>>,
    /// What a ― means: no_figure / meets_ceiling / fails.
    #[serde(default)]
    pub dash: Option<Spanned<DashMeaning>>,
    #[serde(default)]
    pub actual: Option<Spanned<Figure>>,
    #[serde(default)]
    pub target_text: Option<LangText>,
    #[serde(default)]
    pub actual_text: Option<LangText>,
    /// Why the year's target or actual differs from the latest edition.
    #[serde(default)]
    pub reason: Option<LangText>,
    /// The plan revision (its id in site.toml) that set or changed the target.
    #[serde(default)]
    pub target_set_at: Option<Spanned<String>>,
    /// The target in the plan's version before that revision, when it changed it.
    #[serde(default)]
    pub earlier_target: Option<Spanned<Figure>>,
    /// The target as a change from the baseline (−50 for 「50人削減」).
    #[serde(default)]
    pub target_change: Option<Spanned<Figure>>,
    /// The target is approximate (概ね / 約).
    #[serde(default)]
    pub approximate: Option<Spanned<bool>>,
}

/// One commentary file: `2024.progress.ja.md`.
#[derive(Debug)]
pub struct CommentaryFile {
    pub year: i32,
    pub kind: CommentaryKind,
    pub lang: Lang,
    pub file: MarkdownFile,
}

/// One initiative folder.
#[derive(Debug)]
pub struct LoadedInitiative {
    /// The folder name, used as the page's file name.
    pub id: String,
    pub dir: PathBuf,
    pub path: PathBuf,
    pub source: Arc<str>,
    pub file: InitiativeFile,
    pub commentary: Vec<CommentaryFile>,
}

/// A standalone page: `pages/preface.ja.md`.
#[derive(Debug)]
pub struct LoadedPage {
    pub slug: String,
    pub lang: Lang,
    pub file: MarkdownFile,
}

/// Everything read from `content/` besides `site.toml`: the initiatives as
/// read, or as turned into something else by [`load_with`]'s `then`.
#[derive(Debug)]
pub struct Content<I = LoadedInitiative> {
    pub initiatives: Vec<I>,
    pub pages: Vec<LoadedPage>,
}

impl<I> Default for Content<I> {
    fn default() -> Self {
        Content {
            initiatives: Vec::new(),
            pages: Vec::new(),
        }
    }
}

/// Reads `content/initiatives/*/` and `content/pages/`. Problems in one file do
/// not stop the others from being read, so every problem is reported at once.
/// Each initiative is handed to `then` as soon as it is read (in parallel);
/// what `then` returns is kept instead of the files.
pub fn load_with<I: Send>(
    content: &Path,
    then: impl Fn(LoadedInitiative, &mut Diagnostics) -> Option<I> + Sync,
) -> (Content<I>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut out = Content::default();
    let initiatives = content.join("initiatives");
    if is_symlink(&initiatives) {
        diags.push(
            Diagnostic::error(
                "content/initiatives is a symbolic link; links in content/ are not followed",
            )
            .ja("content/initiatives がシンボリックリンクです。content/ の中のリンクはたどりません")
            .in_file(&initiatives)
            .help("move the initiatives folder itself into the content folder")
            .ja_help("initiatives フォルダーそのものを content フォルダーの中に置いてください"),
        );
    } else if initiatives.is_dir() {
        let entries = sorted_entries(&initiatives, &mut diags);
        // The folders are read and parsed in parallel; results keep the folder
        // order. Listing the folders first lets the results go straight into
        // one list of the right length, and then be kept in that same list.
        let dirs: Vec<&PathBuf> = entries
            .iter()
            .filter(|dir| dir.is_dir() && !is_hidden(dir))
            .collect();
        let loaded: Vec<(Option<I>, Diagnostics)> = dirs
            .par_iter()
            .map(|dir| {
                let mut diags = Diagnostics::default();
                let initiative =
                    load_initiative(dir, &mut diags).and_then(|loaded| then(loaded, &mut diags));
                (initiative, diags)
            })
            .collect();
        out.initiatives = loaded
            .into_iter()
            .filter_map(|(initiative, found)| {
                diags.extend(found);
                initiative
            })
            .collect();
        for dir in entries {
            if dir.is_dir() && is_hidden(&dir) {
                // Editor and system folders (.git, .vscode …) are not initiatives.
                if dir.join("initiative.toml").exists() {
                    diags.push(
                        Diagnostic::warning(
                            "ignored: a folder whose name starts with `.` is hidden and not published",
                        )
                        .ja("名前が「.」で始まるフォルダーは隠しフォルダーなので、公開しません")
                        .in_file(&dir)
                        .help("rename the folder without the leading dot, e.g. 01-online-applications")
                        .ja_help("先頭の「.」を取った名前に変えてください（例：01-online-applications）"),
                    );
                }
            } else if !dir.is_dir() && !is_hidden(&dir) {
                diags.push(
                    Diagnostic::warning("ignored: files directly in initiatives/ are not read")
                        .ja("initiatives フォルダーの直下にあるファイルは読みません")
                        .ja_help("取組項目ごとのフォルダーに initiative.toml を置いてください")
                        .in_file(&dir)
                        .help("put each initiative in a folder of its own with an initiative.toml"),
                );
            }
        }
    }
    // No initiatives/ folder: a plan of headline targets and counts only
    // (validation refuses a plan with none of these).
    let pages = content.join("pages");
    if is_symlink(&pages) {
        diags.push(
            Diagnostic::warning(
                "ignored: content/pages is a symbolic link; links in content/ are not followed",
            )
            .ja("content/pages がシンボリックリンクなので読みません")
            .in_file(&pages)
            .help("move the pages folder itself into the content folder")
            .ja_help("pages フォルダーそのものを content フォルダーの中に置いてください"),
        );
    } else if pages.is_dir() {
        for path in sorted_entries(&pages, &mut diags) {
            if is_hidden(&path) {
                continue;
            }
            match page_name(&path) {
                Some((slug, lang)) => match source::read_text(&path) {
                    Ok(source) => out.pages.push(LoadedPage {
                        slug,
                        lang,
                        file: MarkdownFile::new(path, source),
                    }),
                    Err(d) => diags.push(d),
                },
                None => diags.push(
                    Diagnostic::error("a page's file name must be NAME.ja.md or NAME.en.md")
                        .in_file(&path)
                        .ja("ページのファイル名は 名前.ja.md か 名前.en.md にします")
                        .help("rename it, e.g. preface.ja.md")
                        .ja_help("名前を変えてください（例：preface.ja.md）"),
                ),
            }
        }
    }
    (out, diags)
}

fn load_initiative(dir: &Path, diags: &mut Diagnostics) -> Option<LoadedInitiative> {
    let id = dir.file_name()?.to_string_lossy().into_owned();
    let path = dir.join("initiative.toml");
    let entries = sorted_entries(dir, diags);
    let mut commentary = Vec::new();
    for entry in &entries {
        if is_hidden(entry) || entry == &path {
            continue;
        }
        match commentary_name(entry) {
            Ok((year, kind, lang)) => match source::read_text(entry) {
                Ok(source) => commentary.push(CommentaryFile {
                    year,
                    kind,
                    lang,
                    file: MarkdownFile::new(entry.clone(), source),
                }),
                Err(d) => diags.push(d),
            },
            Err(d) => diags.push(d),
        }
    }
    // `entries` holds no symbolic links: a linked initiative.toml was reported
    // and is not read. Anything else by that name is read (or named as not a file).
    if !entries.contains(&path) {
        let linked = is_symlink(&path);
        if entries.iter().any(|e| !is_hidden(e)) {
            let why = if linked {
                "its initiative.toml is a symbolic link, which is not followed"
            } else {
                "it has no initiative.toml"
            };
            diags.push(
                Diagnostic::error(format!(
                    "the folder `{id}`: {why}, so its files belong to no initiative"
                ))
                .in_file(dir)
                .ja(format!("フォルダー `{id}` には initiative.toml がないため、中のファイルはどの取組項目にも属しません"))
                .help("add initiative.toml, or move the commentary into the right initiative's folder")
                .ja_help("initiative.toml を作成するか、文章ファイルを正しい取組項目のフォルダーに移してください"),
            );
        }
        return None;
    }
    let source = match source::read_text(&path) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    if source.trim().is_empty() {
        diags.push(
            Diagnostic::error("initiative.toml is empty")
                .ja("initiative.toml が空です")
                .in_file(&path)
                .help("fill it in (see docs/content-format.md), or run `mieruka new initiative` for a complete one to copy from")
                .ja_help("中身を書いてください（docs/content-format.md）。`mieruka new initiative` で記入例付きのひな形を作れます"),
        );
        return None;
    }
    match source::parse_toml::<InitiativeFile>(&path, &source) {
        Ok(file) => Some(LoadedInitiative {
            id,
            dir: dir.to_path_buf(),
            path,
            source,
            file,
            commentary,
        }),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// Entries of a folder in name order; symbolic links are reported and skipped
/// so that nothing outside `content/` is read.
fn sorted_entries(dir: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .follow_links(false)
        .sort_by_file_name()
    {
        match entry {
            Ok(e) if e.path_is_symlink() => diags.push(
                Diagnostic::warning("ignored: symbolic links in content/ are not followed")
                    .ja("content の中のシンボリックリンクはたどらないので、読みません")
                    .in_file(e.path())
                    .help("copy the file into content/ instead of linking to it")
                    .ja_help("リンクではなく、ファイルそのものを content の中にコピーしてください"),
            ),
            Ok(e) => out.push(e.into_path()),
            Err(e) => diags.push(crate::base::source::io_error(
                dir,
                "could not read the folder",
                &std::io::Error::from(e),
            )),
        }
    }
    out
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

fn is_hidden(path: &Path) -> bool {
    path.file_name().is_some_and(|n| {
        let n = n.to_string_lossy();
        n.starts_with('.') || n.ends_with('~') || n == "Thumbs.db" || n == "desktop.ini"
    })
}

fn commentary_name(path: &Path) -> Result<(i32, CommentaryKind, Lang), Diagnostic> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let bad = || {
        Diagnostic::error(format!(
            "`{name}` is not a commentary file name (YEAR.KIND.LANG.md)"
        ))
        .in_file(path)
        .ja(format!("`{name}` は文章ファイルの名前（年度.種類.言語.md）になっていません"))
        .help("name it like 2024.progress.ja.md; KIND is progress, plan or shortfall, LANG is ja or another of site.toml's languages, such as en or ja-basic")
        .ja_help("2024.progress.ja.md のような名前にしてください（種類は progress・plan・shortfall、言語は ja か、site.toml の languages にある en・ja-basic など）")
    };
    let parts: Vec<&str> = name.split('.').collect();
    let [year, kind, lang, "md"] = parts.as_slice() else {
        return Err(bad());
    };
    let year = year.parse::<i32>().map_err(|_| bad())?;
    let kind = CommentaryKind::from_name(kind).ok_or_else(bad)?;
    let lang = Lang::from_code(lang).ok_or_else(bad)?;
    Ok((year, kind, lang))
}

fn page_name(path: &Path) -> Option<(String, Lang)> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".md")?;
    let (slug, lang) = stem.rsplit_once('.')?;
    let lang = Lang::from_code(lang)?;
    check_id(slug).ok()?;
    Some((slug.to_string(), lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_released_markdown_text_is_read_again_from_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("2024.progress.ja.md");
        std::fs::write(&path, "- 実施した\n").unwrap();
        let mut file = MarkdownFile::new(path.clone(), "- 実施した\n".into());
        file.release();
        assert_eq!(&*file.text().unwrap(), "- 実施した\n");
        // Gone before the page is rendered: an error naming the file, not a panic.
        std::fs::remove_file(&path).unwrap();
        let err = file.text().unwrap_err();
        assert!(
            err.render().contains("2024.progress.ja.md"),
            "{}",
            err.render()
        );
    }

    #[test]
    fn figures_are_numbers_or_booleans() {
        #[derive(Deserialize)]
        struct T {
            a: Figure,
            b: Figure,
            c: Figure,
        }
        let t: T = toml::from_str("a = 1\nb = 2.5\nc = true").unwrap();
        assert_eq!(t.a, Figure::Number(1.0));
        assert_eq!(t.b, Figure::Number(2.5));
        assert_eq!(t.c, Figure::Done(true));
        let e = toml::from_str::<T>("a = \"45,872\"\nb = 1\nc = 1")
            .err()
            .unwrap();
        assert!(e.message().contains("without quotes"), "{}", e.message());
    }

    #[test]
    fn commentary_names() {
        let (y, k, l) = commentary_name(Path::new("x/2024.progress.ja.md")).unwrap();
        assert_eq!((y, k, l), (2024, CommentaryKind::Progress, Lang::JA));
        assert!(commentary_name(Path::new("2024.ja.md")).is_err());
        assert!(commentary_name(Path::new("2024.progress.FR.md")).is_err());
        assert!(commentary_name(Path::new("2024.progress.ja-basic.md")).is_ok());
        assert!(commentary_name(Path::new("notes.txt")).is_err());
    }
}

// ------------------------------------------------------------ editions

/// The folder of the edition records: `content/editions/`.
pub const EDITIONS_DIR: &str = "editions";

/// The format of an edition record `mieruka issue` writes.
/// Format 2 carries the record's digest and the digest of the record
/// before it; format 1 (no digest) is no longer read.
pub const EDITION_FORMAT: u32 = 2;

/// `editions/YEAR.toml` as written by `mieruka issue`: a year's report as it
/// was issued. The indicators are in the format of `initiative.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionFile {
    pub format: Spanned<u32>,
    pub year: Spanned<i32>,
    /// 1 when first issued, one more for each replacement.
    #[serde(default)]
    pub version: Option<Spanned<u32>>,
    pub date: Spanned<toml::value::Datetime>,
    /// The digest of the record issued before this one (`sha256:…`).
    #[serde(default)]
    pub previous: Option<Spanned<String>>,
    /// The digest of the version this one replaced.
    #[serde(default)]
    pub replaces: Option<Spanned<String>>,
    /// The digest of this record's canonical content: the file without this line.
    #[serde(default)]
    pub digest: Option<Spanned<String>>,
    /// Earlier issues of this edition, replaced by `mieruka issue --replace`.
    #[serde(default)]
    pub replaced: Vec<ReplacedFile>,
    #[serde(default)]
    pub initiatives: Vec<EditionInitiativeFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplacedFile {
    /// The version replaced.
    #[serde(default)]
    pub version: Option<u32>,
    pub date: Spanned<toml::value::Datetime>,
    pub reason: String,
    /// The digest of the version replaced.
    #[serde(default)]
    pub record: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionInitiativeFile {
    pub id: String,
    pub number: u32,
    pub strategy: u32,
    pub area: u32,
    pub item: u32,
    pub division: String,
    pub division_name: LangText,
    pub title: LangText,
    pub description: LangText,
    /// The initiative's status in the edition's year.
    pub status: Status,
    #[serde(default)]
    pub indicators: Vec<EditionIndicatorFile>,
    #[serde(default)]
    pub commentary: Vec<EditionCommentaryFile>,
}

/// An indicator as in `initiative.toml`, with the status of each reviewed year.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionIndicatorFile {
    pub id: Spanned<String>,
    pub name: LangText,
    #[serde(default)]
    pub unit: Option<LangText>,
    pub direction: Spanned<Direction>,
    #[serde(default)]
    pub cumulative: bool,
    #[serde(default)]
    pub qualifier: Qualifier,
    #[serde(default)]
    pub decimals: Option<Spanned<u8>>,
    #[serde(default)]
    pub baseline: Option<BaselineFile>,
    #[serde(default)]
    pub final_target: Option<FinalTargetFile>,
    #[serde(default)]
    pub milestone_label: Option<LangText>,
    #[serde(default)]
    pub no_unit: Option<Spanned<bool>>,
    #[serde(default)]
    pub rank: Option<Spanned<bool>>,
    #[serde(default)]
    pub statuses: BTreeMap<Spanned<String>, Status>,
    #[serde(default)]
    pub years: BTreeMap<Spanned<String>, YearFile>,
    /// Figures at dates, recorded by their dates.
    #[serde(default)]
    pub dates: BTreeMap<Spanned<String>, YearFile>,
    /// The reference figures (全国平均 …) as published beside the indicator.
    #[serde(default)]
    pub benchmarks: Vec<BenchmarkFile>,
}

impl EditionIndicatorFile {
    /// The indicator as `initiative.toml` writes it, and the statuses.
    pub fn split(self) -> (IndicatorFile, BTreeMap<Spanned<String>, Status>) {
        let indicator = IndicatorFile {
            id: self.id,
            name: self.name,
            unit: self.unit,
            direction: self.direction,
            cumulative: self.cumulative,
            qualifier: self.qualifier,
            decimals: self.decimals,
            baseline: self.baseline,
            final_target: self.final_target,
            milestone_label: self.milestone_label,
            benchmarks: self.benchmarks,
            no_unit: self.no_unit,
            rank: self.rank,
            years: self.years,
            reason: None,
            // An edition records the figures as they were assessed.
            period_total: None,
            running_total: BTreeMap::new(),
            dates: self.dates,
        };
        (indicator, self.statuses)
    }
}

/// A commentary text as published: `year`, `kind` (progress, plan,
/// shortfall) and the Markdown in each language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionCommentaryFile {
    pub year: i32,
    pub kind: Spanned<String>,
    pub text: LangText,
}

/// One edition record as read.
#[derive(Debug)]
pub struct LoadedEdition {
    pub path: PathBuf,
    pub source: Arc<str>,
    pub file: EditionFile,
    /// The record as the site published it (`data/editions/` of the output
    /// folder), if it is there: a record changed since is compared with it.
    pub published: Option<Arc<str>>,
}

/// Reads every `content/editions/*.toml`, in the order of their names. A
/// record that cannot be read or parsed is an error: the site would
/// otherwise publish its editions without it. `published` is the folder of
/// the records the site published (`public/data/editions/`), if any.
pub fn load_editions(
    content: &Path,
    published: Option<&Path>,
    diags: &mut Diagnostics,
) -> Vec<LoadedEdition> {
    let dir = content.join(EDITIONS_DIR);
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for path in sorted_entries(&dir, diags) {
        if is_hidden(&path) || path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let source = match source::read_text(&path) {
            Ok(s) => s,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        match source::parse_toml::<EditionFile>(&path, &source) {
            Ok(file) => {
                let published = published
                    .zip(path.file_name())
                    .and_then(|(dir, name)| std::fs::read_to_string(dir.join(name)).ok())
                    .map(Arc::from);
                out.push(LoadedEdition {
                    path,
                    source,
                    file,
                    published,
                })
            }
            Err(d) => diags.push(
                d.help("an edition record is written by `mieruka issue`: put back the file as it was issued (e.g. from version control)")
                    .ja_help("版の記録は mieruka issue が書いたものです。公表したときのファイルに戻してください（履歴から取り出すなど）"),
            ),
        }
    }
    out
}
