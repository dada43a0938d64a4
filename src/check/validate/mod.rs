//! Cross-checks what was loaded and turns it into the checked [`Plan`]:
//! numbers unique, hierarchy and divisions known, years inside the plan
//! period, figures finite and of the right kind, translations present.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::text::{Lang, LangText};
use crate::check::config::SiteFile;
use crate::check::load::{Content, LoadedEdition, LoadedInitiative};
use crate::model::id::check_id;
use crate::model::*;

mod edition;
mod initiative;
mod plan;
mod plans;
mod revision;
mod scales;
mod site;

use site::site_model;

/// Figures are printed in full decimal form with at most 6 decimals.
pub(super) const MIN_FIGURE: f64 = 1e-6;

/// Longest text of a TOML field (the longest in the real plan is under 500
/// characters). Titles and names are repeated on many pages, so without a
/// limit one pasted document would multiply into gigabytes of output.
pub(super) const MAX_TEXT_CHARS: usize = 5_000;

/// Longest title of a page (its first `# ` heading), which is also its label
/// in the navigation of every page of the site.
pub(super) const MAX_PAGE_TITLE_CHARS: usize = 200;

/// Checks `site.toml` and returns the site it describes (its problems go to `diags`).
pub fn site(site: &SiteFile, diags: &mut Diagnostics) -> Site {
    for d in site::check_site_file(site) {
        diags.push(d);
    }
    site_model(site, diags)
}

/// Checks the finished plans of `content/plans/` against the current plan
/// of `site.toml`: periods that follow each other, each a final report.
pub fn plans(current: &SiteFile, finished: &[crate::check::config::PlanFolder]) -> Diagnostics {
    plans::check_plans(current, finished)
}

/// Checks one initiative against the site, as soon as it is read, so that
/// its source text and parsed file can be dropped at once (a big plan then
/// never holds every file in memory).
pub fn initiative(
    model: &Site,
    loaded: LoadedInitiative,
    diags: &mut Diagnostics,
) -> Option<Initiative> {
    Validator { model, diags }.initiative(loaded)
}

/// The checks across initiatives, and the standalone pages; returns the plan
/// and its warnings, or every problem found.
pub fn finish(
    model: Site,
    content: Content<Initiative>,
    editions: Vec<LoadedEdition>,
    mut diags: Diagnostics,
) -> Result<(Plan, Diagnostics), Diagnostics> {
    let mut v = Validator {
        model: &model,
        diags: &mut diags,
    };
    let mut initiatives = content.initiatives;
    initiatives.sort_by_key(|i| i.number);
    v.unique_numbers(&initiatives);
    v.unique_chart_names(&initiatives);
    let pages = v.pages(content.pages);
    let records = editions.into_iter().filter_map(|e| v.edition(e)).collect();
    let editions = v.chain(records);
    // A plan that reports only plan-wide figures (headline targets, counts
    // of items by status) is a plan too.
    let plan_wide = !model.headline_targets.is_empty() || !model.status_counts.is_empty();
    if initiatives.is_empty() && !plan_wide && !v.diags.has_errors() {
        v.diags.push(
            Diagnostic::error("the content has no initiatives, no headline targets and no counts of items")
                .ja("取組項目も、主要目標も、評価別の項目数もありません")
                .help("add a folder content/initiatives/NN-name/ with an initiative.toml, or [[headline_targets]] or [[status_counts]] in site.toml")
                .ja_help("content/initiatives/番号-名前/ フォルダーを作って initiative.toml を置くか、site.toml に [[headline_targets]] か [[status_counts]] を書いてください"),
        );
    }
    diags.sort();
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((
        Plan {
            site: model,
            initiatives,
            pages,
            editions,
        },
        diags,
    ))
}

/// An address written into pages, the sitemap and robots.txt as it is: only
/// http(s), and none of the characters that would end an attribute, a line or
/// an XML element (they must be percent-encoded in a URL anyway).
pub(super) fn check_url(
    path: &Path,
    field: &str,
    url: &str,
    check_scheme: bool,
    diags: &mut Diagnostics,
) {
    let lower = url.to_ascii_lowercase();
    if check_scheme && !(lower.starts_with("https://") || lower.starts_with("http://")) {
        diags.push(
            Diagnostic::error(format!("`{url}` is not an http(s) address"))
                .ja(format!("`{url}` は http(s) のアドレスではありません"))
                .in_file(path)
                .field(field.to_string())
                .help("write the full address, starting with https://")
                .ja_help("https:// から始まるアドレスを書いてください"),
        );
        return;
    }
    if let Some(c) = url.chars().find(|c| {
        c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '\'' | '`' | '\\')
    }) {
        diags.push(
            Diagnostic::error(format!(
                "the address contains {}, which an address may not contain",
                describe_char(c)
            ))
            .ja(format!(
                "アドレスに使えない文字（{}）が入っています",
                describe_char_ja(c)
            ))
            .in_file(path)
            .field(field.to_string())
            .help("copy the address again from the browser's address bar")
            .ja_help("ブラウザーのアドレス欄からアドレスをコピーし直してください"),
        );
    } else if field == "base_url"
        && let Some(c) = url.chars().find(|c| matches!(c, '?' | '#' | '&'))
    {
        diags.push(
            Diagnostic::error(format!("base_url contains `{c}`"))
                .ja(format!("base_url に `{c}` が入っています"))
                .in_file(path)
                .field(field.to_string())
                .help("base_url is the address of the folder that holds the site, e.g. https://www.city.example.jp/plan/; it has no ?query or #fragment"),
        );
    }
}

/// `a space` / `"<"` / `the invisible control character U+000B`.
pub(super) fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".to_string(),
        c if c.is_whitespace() || c.is_control() => {
            format!("the invisible character U+{:04X}", u32::from(c))
        }
        c => format!("`{c}`"),
    }
}

/// The same in Japanese.
pub(super) fn describe_char_ja(c: char) -> String {
    match c {
        ' ' => "空白".to_string(),
        '\u{3000}' => "全角空白".to_string(),
        c if c.is_whitespace() || c.is_control() => format!("U+{:04X}", u32::from(c)),
        c => format!("`{c}`"),
    }
}

/// Control characters other than tab and line ends make SVG and XML invalid and
/// show as nothing or as boxes; they come with text copied from Word or Excel
/// (U+000B is Word's manual line break, U+0093 a mis-decoded curly quote).
pub(super) fn control_char(text: &str) -> Option<(usize, char)> {
    text.chars().enumerate().find(|(_, c)| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    })
}

/// Japanese must be there; missing English is a warning (an error with
/// `--strict`). A text in a language the site does not publish is an error
/// (usually a mistyped code). Other languages' missing texts are counted
/// and listed by the coverage report, not warned about: a second
/// translation is often partial, and falls back visibly.
pub(super) fn check_text(
    path: &Path,
    field: &str,
    text: &LangText,
    languages: &[Lang],
    diags: &mut Diagnostics,
) {
    let all = std::iter::once((Lang::JA, &text.ja)).chain(text.other.iter().map(|(l, t)| (*l, t)));
    for (lang, t) in all.clone() {
        if !languages.contains(&lang) {
            diags.push(unlisted_language(path, lang).field(format!("{field}.{}", lang.code())));
            continue;
        }
        if let Some((at, c)) = control_char(t) {
            diags.push(
                Diagnostic::error(format!(
                    "the text contains {} (character {} of the text)",
                    describe_char(c),
                    at + 1
                ))
                .ja(format!(
                    "文章に見えない制御文字 {} が入っています（{} 文字目）",
                    describe_char_ja(c),
                    at + 1
                ))
                .in_file(path)
                .field(format!("{field}.{}", lang.code()))
                .help("it usually comes from copying from Word or Excel: delete it, or retype the text around it")
                .ja_help("Word や Excel からのコピーで入ることがあります。その文字を消すか、前後を打ち直してください"),
            );
        }
        let len = t.chars().count();
        if len > MAX_TEXT_CHARS {
            diags.push(
                Diagnostic::error(format!(
                    "the text is {len} characters long; a text here may be at most {MAX_TEXT_CHARS}"
                ))
                .ja(format!(
                    "文章が {len} 文字あります。ここに書ける文章は {MAX_TEXT_CHARS} 文字までです"
                ))
                .in_file(path)
                .field(format!("{field}.{}", lang.code()))
                .help("check that nothing else was pasted here; long explanations belong in the Markdown commentary (YEAR.KIND.LANG.md)")
                .ja_help("ほかの文章が貼り付けられていないか確認してください。長い説明は Markdown の文章（年度.種類.言語.md）に書きます"),
            );
        }
    }
    if text.ja.trim().is_empty() {
        diags.push(
            Diagnostic::error("the Japanese text is empty")
                .in_file(path)
                .field(format!("{field}.ja"))
                .ja("日本語の文章が空です")
                .help("write the Japanese text; it is what the Japanese pages show")
                .ja_help("日本語の文章を書いてください（日本語のページに表示されます）"),
        );
    }
    if text.missing(Lang::EN) && languages.contains(&Lang::EN) {
        diags.push(
            Diagnostic::warning("English translation missing: the English pages show the Japanese text with a \"translation pending\" note")
                .in_file(path)
                .field(format!("{field}.en"))
                .ja("英訳がありません。英語のページには日本語のまま「翻訳準備中」と表示されます")
                .help("add `en = \"…\"` next to `ja`")
                .ja_help("`ja` の隣に `en = \"…\"` を書き加えてください"),
        );
    }
}

/// A file or text in a language that site.toml does not list.
pub(super) fn unlisted_language(path: &Path, lang: Lang) -> Diagnostic {
    let code = lang.code();
    Diagnostic::error(format!(
        "this is written in `{code}`, a language that site.toml's `languages` does not list"
    ))
    .ja(format!(
        "言語 `{code}` で書かれていますが、site.toml の `languages` にその言語がありません"
    ))
    .in_file(path)
    .help(format!(
        "add \"{code}\" to `languages` in site.toml, or correct the language code"
    ))
    .ja_help(format!(
        "site.toml の `languages` に \"{code}\" を加えるか、言語コードを直してください"
    ))
}

/// Something other than a symbolic link is at `path` (a file that could not
/// be read is reported when it is read, not again as missing).
pub(super) fn exists_unlinked(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_symlink())
}

struct Validator<'a> {
    model: &'a Site,
    diags: &'a mut Diagnostics,
}

/// Where an initiative's problems point.
struct FileCtx<'a> {
    path: &'a Path,
    source: &'a Arc<str>,
    /// An edition record: what was published is read as it was written, so
    /// rules added since (a ―'s declared meaning) are not asked of it.
    record: bool,
}

impl FileCtx<'_> {
    pub(super) fn error(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message)
            .in_file(self.path)
            .at(self.source, span)
    }
}

/// How many decimals a figure was written with in the content (`0.670` →
/// 3, `45872` → 0); `None` for an exponent or what is not a number. Shared
/// by the checks of initiatives, scales and plan revisions.
pub(super) fn written_places(written: &str) -> Option<u8> {
    let w = written.trim();
    if w.contains(['e', 'E']) || !w.starts_with(|c: char| c.is_ascii_digit() || "+-.".contains(c)) {
        return None;
    }
    let places = w
        .split_once('.')
        .map_or(0, |(_, f)| f.chars().filter(char::is_ascii_digit).count());
    u8::try_from(places).ok()
}

#[cfg(test)]
mod tests {
    use super::written_places;

    #[test]
    fn places_as_written() {
        assert_eq!(written_places("0.670"), Some(3));
        assert_eq!(written_places("45872"), Some(0));
        assert_eq!(written_places("45_872"), Some(0));
        assert_eq!(written_places("-1_234.50"), Some(2));
        assert_eq!(written_places("60.0"), Some(1));
        assert_eq!(written_places("1e3"), None);
        assert_eq!(written_places("1.5E2"), None);
        assert_eq!(written_places("true"), None);
        assert_eq!(written_places("nan"), None);
    }
}
