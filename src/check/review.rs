//! Editorial review of a checked plan: what the annual update may have left
//! undone. These are warnings, not errors: the site can still be published,
//! but `--strict` (as the repository's CI uses) refuses them.
//!
//! - an English text identical to the Japanese one (copied, not translated);
//! - no progress report for the latest reviewed year, no plan for the next
//!   year, no explanation for a target missed in the latest reviewed year.

use std::path::Path;

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::text::LangText;
use crate::check::assess;
use crate::check::changes::{RevisedField, Revision};
use crate::model::Status;
use crate::model::{
    CommentaryKind, Direction, Figure, Indicator, Initiative, MarkdownTexts, Plan, Site,
};

/// The review warnings of `site.toml`, which is in `content`.
pub fn site(site: &Site, content: &Path) -> Diagnostics {
    settings(site, &content.join("site.toml"))
}

/// [`site`] for the settings file `file` (`site.toml`, or a finished plan's `plan.toml`).
pub fn settings(site: &Site, file: &Path) -> Diagnostics {
    let mut out = Diagnostics::default();
    for (field, text) in site.texts() {
        untranslated(file, &field, text, &mut out);
    }
    out
}

/// A warning for every revision without a reason: a figure or fact of an
/// indicator that differs from the latest edition (see
/// [`crate::check::changes::revisions`]), so that no change of a published figure
/// goes unexplained.
pub fn revisions(plan: &Plan) -> Diagnostics {
    let mut out = Diagnostics::default();
    let Some(edition) = plan.latest_edition() else {
        return out;
    };
    let (ja_ed, en_ed) = (
        crate::base::text::year_label(edition.year, crate::base::text::Lang::JA),
        crate::base::text::year_label(edition.year, crate::base::text::Lang::EN),
    );
    for i in &plan.initiatives {
        for r in crate::check::changes::revisions(edition, i) {
            if r.reason.is_some() {
                continue;
            }
            let at = format!("indicators[{}]", r.index);
            let (was, now) = (written(&r, r.was), written(&r, r.now));
            let (what, what_ja) = match r.field {
                RevisedField::Target(y) => (
                    format!("the FY{y} target"),
                    format!("{}の目標値", crate::base::text::era_label(y)),
                ),
                RevisedField::Actual(y) => (
                    format!("the FY{y} actual"),
                    format!("{}の実績値", crate::base::text::era_label(y)),
                ),
                RevisedField::Baseline => ("the baseline".into(), "基準値".into()),
                RevisedField::FinalTarget => ("the final target".into(), "最終目標値".into()),
                RevisedField::Unit => ("the unit".into(), "単位".into()),
                RevisedField::Direction => {
                    ("the direction".into(), "達成の向き（direction）".into())
                }
            };
            let example = match r.field.year() {
                Some(y) => format!("{y} = {{ …, reason = {{ ja = \"…\", en = \"…\" }} }}"),
                None if matches!(r.field, RevisedField::Unit | RevisedField::Direction) => {
                    "reason = { ja = \"…\", en = \"…\" }".to_string()
                }
                None => format!(
                    "{} = {{ …, reason = {{ ja = \"…\", en = \"…\" }} }}",
                    r.field.field()
                ),
            };
            let reason_at = format!("{at}.{}", r.field.reason_field());
            out.push(
                Diagnostic::warning(format!(
                    "No.{}: {what} of \"{}\" differs from the {en_ed} edition ({was} → {now}) and no reason is given",
                    i.number,
                    r.now.name.get(crate::base::text::Lang::EN).text
                ))
                .ja(format!(
                    "No.{}「{}」の{what_ja}が{ja_ed}版と違います（{was} → {now}）。変更の理由が書かれていません",
                    i.number, r.now.name.ja
                ))
                .in_file(&i.path)
                .field(format!("{at}.{}", r.field.field()))
                .help(format!(
                    "say why it changed in `{reason_at}`: {example}"
                ))
                .ja_help(format!(
                    "変更の理由を `{reason_at}` に書いてください：{example}"
                )),
            );
        }
    }
    out
}

/// The field of a revision as `initiative.toml` writes it, for a message.
fn written(r: &Revision, ind: &Indicator) -> String {
    let figure = |f: Option<Figure>| match f {
        Some(Figure::Number(n)) => crate::base::text::plain_number(n),
        Some(Figure::Done(d)) => d.to_string(),
        None => "—".into(),
    };
    match r.field {
        RevisedField::Target(y) => figure(ind.years.get(&y).and_then(|f| f.target)),
        RevisedField::Actual(y) => figure(ind.years.get(&y).and_then(|f| f.actual)),
        RevisedField::Baseline => match &ind.baseline {
            Some(b) => match b.year {
                Some(y) => format!("{} ({y})", figure(b.value.map(Figure::Number))),
                None => figure(b.value.map(Figure::Number)),
            },
            None => "—".into(),
        },
        RevisedField::FinalTarget => figure(ind.final_target.as_ref().and_then(|f| f.value)),
        RevisedField::Unit => ind.unit.as_ref().map_or("—".into(), |u| u.ja.clone()),
        RevisedField::Direction => match ind.direction {
            Direction::Higher => "higher",
            Direction::Lower => "lower",
            Direction::Milestone => "milestone",
        }
        .into(),
    }
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
            for file in text.files() {
                out.push(
                    Diagnostic::warning(format!(
                        "an explanation of a missed target for fiscal year {year}, but No.{} did not miss its target that year: it is not published",
                        i.number
                    ))
                    .ja(format!(
                        "{}は目標を達成しているため、この未達成の説明は掲載されません",
                        crate::base::text::era_label(*year)
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
                    crate::base::text::era_label(year)
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
    disagreements(site, i, &mut out);
    empty_actuals(site, i, &mut out);
    out
}

/// A reviewed year with a target and no actual, and no word of why (a
/// state such as undecided or missing, or an actual text): the report is
/// not complete, and `issue` (which requires `--strict`) refuses it.
fn empty_actuals(site: &Site, i: &Initiative, out: &mut Diagnostics) {
    let mut source: Option<std::sync::Arc<str>> = None;
    for (k, ind) in i.indicators.iter().enumerate() {
        if ind.measured_at_dates() {
            continue;
        }
        for (&y, f) in &ind.years {
            if y < site.first_year
                || y > site.latest_year
                || f.target.is_none()
                || f.actual.is_some()
                || f.state.is_some()
                || f.actual_text.is_some()
            {
                continue;
            }
            let source = source
                .get_or_insert_with(|| std::fs::read_to_string(&i.path).unwrap_or_default().into());
            let span = year_line(source, &ind.id, y);
            let mut d = Diagnostic::warning(format!(
                "No.{} {}: the FY{y} actual is empty, though FY{y} is reviewed (latest_reviewed_year = {})",
                i.number, ind.id, site.latest_year
            ))
            .ja(format!(
                "No.{} {}：{}の実績が空欄です（評価済みの年度です。latest_reviewed_year = {}）",
                i.number,
                ind.id,
                crate::base::text::era_label(y),
                site.latest_year
            ))
            .in_file(&i.path)
            .field(format!("indicators[{k}].years.{y}.actual"))
            .help(format!(
                "write the actual: {y} = {{ target = …, actual = … }}; if it is not known, say so: state = \"undecided\" (not decided yet) or \"missing\" (not measured), with actual_text = {{ ja = \"…\", en = \"…\" }} saying why"
            ))
            .ja_help(format!(
                "実績を書いてください：{y} = {{ target = …, actual = … }}。分からないときは、その旨を書きます：state = \"undecided\"（未確定）か \"missing\"（測っていない）と、理由を actual_text = {{ ja = \"…\", en = \"…\" }} に"
            ));
            if let Some(span) = span {
                d = d.at(source, span);
            }
            out.push(d);
        }
    }
}

/// The line `YEAR = …` of an indicator in its initiative.toml, after the
/// line of its `id`.
fn year_line(source: &str, id: &str, year: i32) -> Option<std::ops::Range<usize>> {
    let id_at = source
        .find(&format!("id = \"{id}\""))
        .or_else(|| source.find(&format!("id = '{id}'")))?;
    let key = format!("\n{year} = ");
    let at = source[id_at..].find(&key)? + id_at + 1;
    let end = source[at..].find('\n').map_or(source.len(), |e| at + e);
    Some(at..end)
}

/// A level the city gives that is not the one its scale's stated rule
/// gives from the figures.
fn disagreements(site: &Site, i: &Initiative, out: &mut Diagnostics) {
    let Some(scale) = site.scales.get(i.scale) else {
        return;
    };
    for (year, given) in &i.statuses {
        let Some(computed) = assess::initiative_rule_level(scale, i, *year) else {
            continue;
        };
        let (given, computed) = (&scale.levels[*given], &scale.levels[computed]);
        if given.key == computed.key || given.when.is_none() {
            continue;
        }
        out.push(
            Diagnostic::warning(format!(
                "No.{} gives `{}` for fiscal year {year}, but the scale's rule gives `{}` from the figures",
                i.number, given.key, computed.key
            ))
            .ja(format!(
                "No.{} の{}の評価は「{}」ですが、評価区分の判定基準では数値から「{}」になります",
                i.number,
                crate::base::text::era_label(*year),
                crate::base::text::strip_ruby(&given.label.ja),
                crate::base::text::strip_ruby(&computed.label.ja)
            ))
            .in_file(&i.path)
            .field(format!("status.{year}"))
            .help("check the figures and the status against the report; if the report itself differs, keep its status (both are published)")
            .ja_help("数値と評価を報告書と見比べてください。報告書の評価そのものが異なるときは、そのままにします（両方が掲載されます）"),
        );
    }
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
    // Easy Japanese may rightly read the same as the Japanese; any other
    // language that does looks copied.
    for (lang, t) in text.other.iter().filter(|(l, _)| !l.is_japanese()) {
        if t.trim() == text.ja.trim() && has_words(t) && !t.is_ascii() {
            let (name, name_ja) = language_name(*lang);
            out.push(
                Diagnostic::warning(format!(
                    "the {name} text is the same as the Japanese: it looks copied, not translated"
                ))
                .ja(format!(
                    "{name_ja}の文章が日本語と同じです（翻訳されていないようです）"
                ))
                .in_file(path)
                .field(format!("{field}.{}", lang.code()))
                .help(format!("write the {name} translation in `{}`", lang.code()))
                .ja_help(format!("`{}` に{name_ja}の訳を書いてください", lang.code())),
            );
        }
    }
}

/// A language as messages name it: English / 英語, else its code.
fn language_name(lang: crate::base::text::Lang) -> (String, String) {
    match lang.code() {
        "en" => ("English".into(), "英語".into()),
        code => (format!("`{code}`"), format!("`{code}` ")),
    }
}

fn untranslated_markdown(text: &MarkdownTexts, out: &mut Diagnostics) {
    let ja = text.ja.as_ref().and_then(|f| f.text().ok());
    if let (Some(file), Some(ja)) = (&text.ja, &ja) {
        placeholder(&file.path, "", ja, out);
    }
    let Some(ja) = ja else { return };
    for (lang, file) in text.other.iter().filter(|(l, _)| !l.is_japanese()) {
        if let Ok(t) = file.text()
            && ja.trim() == t.trim()
            && has_words(&t)
        {
            let (name, name_ja) = language_name(*lang);
            out.push(
                Diagnostic::warning(format!(
                    "the {name} commentary is the same as the Japanese: it looks copied, not translated"
                ))
                .ja(format!("{name_ja}の文章が日本語と同じです（翻訳されていないようです）"))
                .in_file(&file.path)
                .help(format!("write the {name} translation in this file"))
                .ja_help(format!("このファイルに{name_ja}の訳を書いてください")),
            );
        }
    }
}

/// How much of the plan is translated: per language other than Japanese,
/// the texts written in it out of the texts that have Japanese, and where
/// the missing ones are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    /// Every text with Japanese: site.toml's, each initiative's, each
    /// commentary file and page.
    pub texts: usize,
    /// Per further language, in the site's order: how many texts it has,
    /// and the file and field (empty for a Markdown file) of each one it
    /// has not.
    pub translated: Vec<LanguageCoverage>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageCoverage {
    pub lang: crate::base::text::Lang,
    pub done: usize,
    pub missing: Vec<(std::path::PathBuf, String)>,
}

/// Counts the translated texts of a checked plan.
pub fn coverage(plan: &crate::model::Plan, content: &Path) -> Coverage {
    let site_file = content.join("site.toml");
    let langs: Vec<_> = plan.site.languages.iter().skip(1).copied().collect();
    let mut texts = 0;
    let mut translated: Vec<LanguageCoverage> = langs
        .iter()
        .map(|&lang| LanguageCoverage {
            lang,
            done: 0,
            missing: Vec::new(),
        })
        .collect();
    let mut text = |path: &Path, field: String, has: &dyn Fn(crate::base::text::Lang) -> bool| {
        texts += 1;
        for c in &mut translated {
            if has(c.lang) {
                c.done += 1;
            } else {
                c.missing.push((path.to_path_buf(), field.clone()));
            }
        }
    };
    let has = |t: &LangText, l: crate::base::text::Lang| !t.missing(l);
    for (field, t) in plan.site.texts() {
        text(&site_file, field, &|l| has(t, l));
    }
    for i in &plan.initiatives {
        for (field, t) in i.texts() {
            text(&i.path, field, &|l| has(t, l));
        }
    }
    let markdown = plan
        .initiatives
        .iter()
        .flat_map(|i| i.commentary.values())
        .chain(plan.pages.iter().map(|p| &p.text));
    for b in markdown {
        if let Some(ja) = &b.ja {
            // A missing translation is named by the file it would be.
            let name = ja.path.file_name().unwrap_or_default().to_string_lossy();
            let stem = name.strip_suffix(".ja.md").unwrap_or(&name).to_string();
            let dir = ja.path.parent().unwrap_or(Path::new("")).to_path_buf();
            texts += 1;
            for c in &mut translated {
                if b.get(c.lang).is_some() {
                    c.done += 1;
                } else {
                    c.missing.push((
                        dir.join(format!("{stem}.{}.md", c.lang.code())),
                        String::new(),
                    ));
                }
            }
        }
    }
    Coverage { texts, translated }
}
