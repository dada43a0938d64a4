//! Editorial review of a checked plan: what the annual update may have left
//! undone. These are warnings, not errors: the site can still be published,
//! but `--strict` (as the repository's CI uses) refuses them.
//!
//! - an English text identical to the Japanese one (copied, not translated);
//! - no progress report for the latest reviewed year, no plan for the next
//!   year, no explanation for a target missed in the latest reviewed year.

use std::path::Path;

use crate::assess::{self, Status};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Bilingual, CommentaryKind, Initiative, Site};
use crate::text::LangText;

/// The review warnings of `site.toml`, which is in `content`.
pub fn site(site: &Site, content: &Path) -> Diagnostics {
    let mut out = Diagnostics::default();
    let site_file = content.join("site.toml");
    for (field, text) in site.texts() {
        untranslated(&site_file, &field, text, &mut out);
    }
    out
}

/// The review warnings of one initiative (a build reviews each as soon as it
/// is read, while its commentary is still in memory).
pub fn initiative(site: &Site, i: &Initiative) -> Diagnostics {
    let mut out = Diagnostics::default();
    let latest = site.latest_year;
    for (field, text) in i.texts() {
        untranslated(&i.path, &field, text, &mut out);
    }
    for ((year, kind), text) in &i.commentary {
        untranslated_markdown(text, &mut out);
        let missed = assess::initiative_status(i, *year) == Status::NotAchieved;
        if *kind == CommentaryKind::Shortfall && !missed {
            for file in [&text.ja, &text.en].into_iter().flatten() {
                out.push(
                    Diagnostic::warning(format!(
                        "an explanation of a missed target for fiscal year {year}, but No.{} did not miss its target that year: it is not published",
                        i.number
                    ))
                    .ja(format!(
                        "{}は目標を達成しているため、この未達成の説明は掲載されません",
                        crate::text::era_label(*year)
                    ))
                    .in_file(&file.path)
                    .help("check the figures of that year, or remove the file")
                    .ja_help("その年度の目標・実績を確認するか、このファイルを削除してください"),
                );
            }
        }
    }
    let dir = i.path.parent().unwrap_or(Path::new(""));
    let mut expect = vec![(latest, CommentaryKind::Progress, "progress", "取組状況")];
    if latest < site.last_year {
        expect.push((latest + 1, CommentaryKind::Plan, "plan", "取組内容"));
    }
    if assess::initiative_status(i, latest) == Status::NotAchieved {
        expect.push((
            latest,
            CommentaryKind::Shortfall,
            "shortfall",
            "目標未達成の原因及び今後の取り組み",
        ));
    }
    for (year, kind, name, name_ja) in expect {
        if i.commentary
            .get(&(year, kind))
            .is_none_or(|t| t.ja.is_none())
        {
            let file = dir.join(format!("{year}.{name}.ja.md"));
            out.push(
                Diagnostic::warning(format!(
                    "initiative No.{} has no {name} text for fiscal year {year}",
                    i.number
                ))
                .ja(format!(
                    "No.{} の{}の{name_ja}がありません",
                    i.number,
                    crate::text::era_label(year)
                ))
                .in_file(&file)
                .help(format!(
                    "write {} (and the .en.md translation)",
                    file.display()
                ))
                .ja_help(format!(
                    "{} を作成してください（英訳は .en.md）",
                    file.display()
                )),
            );
        }
    }
    out
}

/// Whether a text has something to translate (letters or kana/kanji, not only figures and signs).
fn has_words(s: &str) -> bool {
    s.chars().any(char::is_alphabetic)
}

fn placeholder(path: &Path, field: &str, text: &str, out: &mut Diagnostics) {
    if crate::model::is_placeholder(text) {
        let d = Diagnostic::warning(format!("`{}` is still a placeholder", text.trim()))
            .ja(format!(
                "「{}」のままです（書き換えていない入力欄）",
                text.trim()
            ))
            .in_file(path)
            .help("replace it with the real text before publishing")
            .ja_help("公開する前に実際の内容に書き換えてください");
        out.push(if field.is_empty() {
            d
        } else {
            d.field(field.to_string())
        });
    }
}

fn untranslated(path: &Path, field: &str, text: &LangText, out: &mut Diagnostics) {
    placeholder(path, &format!("{field}.ja"), &text.ja, out);
    if let Some(en) = &text.en
        && en.trim() == text.ja.trim()
        && has_words(en)
        && !en.is_ascii()
    {
        out.push(
            Diagnostic::warning(
                "the English text is the same as the Japanese: it looks copied, not translated",
            )
            .ja("英語の文章が日本語と同じです（翻訳されていないようです）")
            .in_file(path)
            .field(format!("{field}.en"))
            .help("write the English translation in `en`")
            .ja_help("`en` に英訳を書いてください"),
        );
    }
}

fn untranslated_markdown(text: &Bilingual, out: &mut Diagnostics) {
    let ja = text.ja.as_ref().and_then(|f| f.text().ok());
    let en = text.en.as_ref().and_then(|f| f.text().ok());
    if let (Some(file), Some(ja)) = (&text.ja, &ja) {
        placeholder(&file.path, "", ja, out);
    }
    if let (Some(ja), Some(en), Some(file)) = (&ja, &en, &text.en)
        && ja.trim() == en.trim()
        && has_words(en)
    {
        out.push(
            Diagnostic::warning("the English commentary is the same as the Japanese: it looks copied, not translated")
                .ja("英語の文章が日本語と同じです（翻訳されていないようです）")
                .in_file(&file.path)
                .help("write the English translation in this file")
                .ja_help("このファイルに英訳を書いてください"),
        );
    }
}

/// How much of the plan is translated: per language other than Japanese,
/// the texts written in it out of the texts that have Japanese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    /// Every text with Japanese: site.toml's, each initiative's, each
    /// commentary file and page.
    pub texts: usize,
    /// Per language, how many of them it has.
    pub translated: Vec<(crate::text::Lang, usize)>,
}

/// Counts the translated texts of a checked plan.
pub fn coverage(plan: &crate::model::Plan) -> Coverage {
    use crate::text::Lang;
    let mut texts = 0;
    let mut english = 0;
    let mut text = |t: &LangText| {
        texts += 1;
        english += usize::from(!t.missing_english());
    };
    plan.site.texts().into_iter().for_each(|(_, t)| text(t));
    for i in &plan.initiatives {
        i.texts().into_iter().for_each(|(_, t)| text(t));
    }
    let markdown = plan
        .initiatives
        .iter()
        .flat_map(|i| i.commentary.values())
        .chain(plan.pages.iter().map(|p| &p.text))
        .filter(|b| b.ja.is_some());
    for b in markdown {
        texts += 1;
        english += usize::from(b.en.is_some());
    }
    let translated = plan
        .site
        .languages
        .iter()
        .filter(|l| **l == Lang::En)
        .map(|l| (*l, english))
        .collect();
    Coverage { texts, translated }
}
