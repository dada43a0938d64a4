//! Cross-checks what was loaded and turns it into the checked [`Plan`]:
//! numbers unique, hierarchy and divisions known, years inside the plan
//! period, figures finite and of the right kind, translations present.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use toml::Spanned;

use crate::config::SiteFile;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{
    BaselineFile, CommentaryFile, Content, FinalTargetFile, IndicatorFile, LoadedInitiative,
    LoadedPage, YearFile,
};
use crate::model::id::check_id;
use crate::model::*;
use crate::text::{Lang, LangText};

/// Figures are printed in full decimal form with at most 6 decimals.
const MIN_FIGURE: f64 = 1e-6;

/// Longest text of a TOML field (the longest in the real plan is under 500
/// characters). Titles and names are repeated on many pages, so without a
/// limit one pasted document would multiply into gigabytes of output.
const MAX_TEXT_CHARS: usize = 5_000;

/// Longest title of a page (its first `# ` heading), which is also its label
/// in the navigation of every page of the site.
const MAX_PAGE_TITLE_CHARS: usize = 200;

/// Checks a whole loaded content folder at once (the build checks each
/// initiative as it is read instead; see [`initiative`]).
pub fn validate(site: SiteFile, content: Content) -> Result<(Plan, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::default();
    let model = self::site(&site, &mut diags);
    let initiatives = content
        .initiatives
        .into_iter()
        .filter_map(|loaded| initiative(&model, loaded, &mut diags))
        .collect();
    let content = Content {
        initiatives,
        pages: content.pages,
    };
    finish(model, content, diags)
}

/// Checks `site.toml` and returns the site it describes (its problems go to `diags`).
pub fn site(site: &SiteFile, diags: &mut Diagnostics) -> Site {
    for d in site.check() {
        diags.push(d);
    }
    site_model(site, diags)
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
    if initiatives.is_empty() && !v.diags.has_errors() {
        v.diags.push(
            Diagnostic::error("the content has no initiatives")
                .ja("取組項目が一つもありません")
                .help("add a folder content/initiatives/NN-name/ with an initiative.toml")
                .ja_help("content/initiatives/番号-名前/ フォルダーを作り、initiative.toml を置いてください"),
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
        },
        diags,
    ))
}

fn site_model(site: &SiteFile, diags: &mut Diagnostics) -> Site {
    let c = &site.config;
    // site.toml's own check makes sure base_url starts with http(s)://.
    if let Some(url) = &c.base_url {
        check_url(&site.path, "base_url", url, false, diags);
    }
    check_url(
        &site.path,
        "open_data.licence_url",
        &c.open_data.licence_url,
        true,
        diags,
    );
    let model = Site {
        title: c.site.title.clone(),
        owner: c.site.owner.clone(),
        plan_name: c.plan.name.clone(),
        first_year: site.first_year(),
        last_year: site.last_year(),
        latest_year: site.latest_year(),
        languages: site.languages(),
        base_url: c
            .base_url
            .as_ref()
            .map(|u| format!("{}/", u.trim_end_matches('/'))),
        per_page: (*c.per_page.get_ref()).clamp(1, crate::config::MAX_PER_PAGE),
        divisions: c.divisions.clone(),
        licence: c.open_data.licence.clone(),
        licence_url: c.open_data.licence_url.clone(),
        strategies: c
            .strategies
            .iter()
            .map(|s| Strategy {
                number: *s.number.get_ref(),
                name: s.name.clone(),
                areas: s
                    .areas
                    .iter()
                    .map(|a| Area {
                        number: *a.number.get_ref(),
                        name: a.name.clone(),
                        items: a
                            .items
                            .iter()
                            .map(|i| Item {
                                number: *i.number.get_ref(),
                                name: i.name.clone(),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    };
    for (field, text) in model.texts() {
        check_text(&site.path, &field, text, diags);
    }
    model
}

/// An address written into pages, the sitemap and robots.txt as it is: only
/// http(s), and none of the characters that would end an attribute, a line or
/// an XML element (they must be percent-encoded in a URL anyway).
fn check_url(path: &Path, field: &str, url: &str, check_scheme: bool, diags: &mut Diagnostics) {
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
fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".to_string(),
        c if c.is_whitespace() || c.is_control() => {
            format!("the invisible character U+{:04X}", u32::from(c))
        }
        c => format!("`{c}`"),
    }
}

/// The same in Japanese.
fn describe_char_ja(c: char) -> String {
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
fn control_char(text: &str) -> Option<(usize, char)> {
    text.chars().enumerate().find(|(_, c)| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    })
}

/// Japanese must be there; missing English is a warning (an error with `--strict`).
fn check_text(path: &Path, field: &str, text: &LangText, diags: &mut Diagnostics) {
    for (lang, t) in [("ja", Some(&text.ja)), ("en", text.en.as_ref())] {
        if let Some((at, c)) = t.and_then(|t| control_char(t)) {
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
                .field(format!("{field}.{lang}"))
                .help("it usually comes from copying from Word or Excel: delete it, or retype the text around it")
                .ja_help("Word や Excel からのコピーで入ることがあります。その文字を消すか、前後を打ち直してください"),
            );
        }
    }
    for (lang, t) in [("ja", Some(&text.ja)), ("en", text.en.as_ref())] {
        let len = t.map_or(0, |t| t.chars().count());
        if len > MAX_TEXT_CHARS {
            diags.push(
                Diagnostic::error(format!(
                    "the text is {len} characters long; a text here may be at most {MAX_TEXT_CHARS}"
                ))
                .ja(format!(
                    "文章が {len} 文字あります。ここに書ける文章は {MAX_TEXT_CHARS} 文字までです"
                ))
                .in_file(path)
                .field(format!("{field}.{lang}"))
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
    if text.missing_english() {
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

/// Something other than a symbolic link is at `path` (a file that could not
/// be read is reported when it is read, not again as missing).
fn exists_unlinked(path: &Path) -> bool {
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
}

impl FileCtx<'_> {
    fn error(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message)
            .in_file(self.path)
            .at(self.source, span)
    }
}

impl Validator<'_> {
    fn year_in_plan(&mut self, ctx: &FileCtx, span: Range<usize>, year: i32, field: &str) -> bool {
        if (self.model.first_year..=self.model.last_year).contains(&year) {
            return true;
        }
        self.diags.push(
            ctx.error(
                span,
                format!(
                    "fiscal year {year} is outside the plan period {}–{}",
                    self.model.first_year, self.model.last_year
                ),
            )
            .field(field.to_string())
            .ja(format!(
                "{year}年度は計画期間（{}〜{}年度）の外です",
                self.model.first_year, self.model.last_year
            ))
            .help(format!(
                "fiscal years are Gregorian start years ({}–{}); 令和6年度 is 2024",
                self.model.first_year, self.model.last_year
            ))
            .ja_help(format!(
                "年度は西暦の開始年で書きます（{}〜{}。令和6年度は 2024）",
                self.model.first_year, self.model.last_year
            )),
        );
        false
    }

    fn year_key(&mut self, ctx: &FileCtx, key: &Spanned<String>, field: &str) -> Option<i32> {
        match key.get_ref().parse::<i32>() {
            Ok(year) => self
                .year_in_plan(ctx, key.span(), year, &format!("{field}.{year}"))
                .then_some(year),
            Err(_) => {
                self.diags.push(
                    ctx.error(
                        key.span(),
                        format!("`{}` is not a fiscal year", key.get_ref()),
                    )
                    .field(format!("{field}.{}", key.get_ref()))
                    .ja(format!("`{}` は年度ではありません", key.get_ref()))
                    .help("write the fiscal year as a Gregorian year, e.g. 2024 for 令和6年度")
                    .ja_help("年度は西暦で書いてください（令和6年度は 2024）"),
                );
                None
            }
        }
    }

    fn initiative(&mut self, loaded: LoadedInitiative) -> Option<Initiative> {
        let ctx = FileCtx {
            path: &loaded.path,
            source: &loaded.source,
        };
        let f = &loaded.file;
        let errors_before = self.diags.errors();
        if let Err(why) = check_id(&loaded.id) {
            self.diags.push(
                Diagnostic::error(format!("the folder name `{}` {why}", loaded.id))
                    .ja(format!("フォルダー名 `{}` は{}", loaded.id, why.ja()))
                    .ja_help("フォルダー名を変えてください（例：01-online-applications）")
                    .in_file(&loaded.dir)
                    .help("rename the folder, e.g. 01-online-applications"),
            );
        }
        if *f.number.get_ref() == 0 {
            self.diags.push(
                ctx.error(f.number.span(), "initiative numbers start at 1")
                    .field("number"),
            );
        }
        self.hierarchy(&ctx, f);
        if !self.model.divisions.contains_key(f.division.get_ref()) {
            let known: Vec<&String> = self.model.divisions.keys().collect();
            let closest = known
                .iter()
                .max_by(|a, b| {
                    strsim::jaro_winkler(a, f.division.get_ref())
                        .total_cmp(&strsim::jaro_winkler(b, f.division.get_ref()))
                })
                .map(|k| format!("did you mean `{k}`? "))
                .unwrap_or_default();
            self.diags.push(
                ctx.error(
                    f.division.span(),
                    format!("unknown division `{}`", f.division.get_ref()),
                )
                .field("division")
                .ja(format!(
                    "所管課 `{}` が site.toml にありません",
                    f.division.get_ref()
                ))
                .help(format!(
                    "{closest}divisions are listed under [divisions] in site.toml"
                ))
                .ja_help("所管課は site.toml の [divisions] にあるものを書きます"),
            );
        }
        let mut schedule = BTreeMap::new();
        for (key, word) in &f.schedule {
            if let Some(year) = self.year_key(&ctx, key, "schedule") {
                schedule.insert(year, *word);
            }
        }
        if f.indicators.is_empty() {
            self.diags.push(
                ctx.error(0..0, "an initiative needs at least one indicator")
                    .ja("取組項目には指標が1つ以上必要です")
                    .field("indicators")
                    .help("add an [[indicators]] table (see docs/content-format.md)"),
            );
        }
        let mut seen = BTreeSet::new();
        let indicators: Vec<Indicator> = f
            .indicators
            .iter()
            .enumerate()
            .filter_map(|(n, i)| {
                if !seen.insert(i.id.get_ref().clone()) {
                    self.diags.push(
                        ctx.error(
                            i.id.span(),
                            format!("indicator id `{}` appears twice", i.id.get_ref()),
                        )
                        .field(format!("indicators[{n}].id")),
                    );
                }
                self.indicator(&ctx, n, i)
            })
            .collect();
        let commentary = self.commentary(&loaded.dir, loaded.commentary);
        let initiative = Initiative {
            id: loaded.id,
            number: *f.number.get_ref(),
            strategy: *f.strategy.get_ref(),
            area: *f.area.get_ref(),
            item: *f.item.get_ref(),
            division: f.division.get_ref().clone(),
            title: f.title.clone(),
            description: f.description.clone(),
            schedule: schedule.into_iter().collect(),
            indicators,
            commentary: commentary.into_iter().collect(),
            path: loaded.path,
        };
        for (field, text) in initiative.texts() {
            check_text(&initiative.path, &field, text, self.diags);
        }
        (self.diags.errors() == errors_before).then_some(initiative)
    }

    fn hierarchy(&mut self, ctx: &FileCtx, f: &crate::load::InitiativeFile) {
        let Some(strategy) = self.model.strategy(*f.strategy.get_ref()) else {
            let known: Vec<String> = self
                .model
                .strategies
                .iter()
                .map(|s| s.number.to_string())
                .collect();
            self.diags.push(
                ctx.error(
                    f.strategy.span(),
                    format!("strategy {} is not in site.toml", f.strategy.get_ref()),
                )
                .field("strategy")
                .help(format!("known strategies: {}", known.join(", "))),
            );
            return;
        };
        let Some(area) = strategy.area(*f.area.get_ref()) else {
            self.diags.push(
                ctx.error(
                    f.area.span(),
                    format!(
                        "strategy {} has no area ({}) in site.toml",
                        strategy.number,
                        f.area.get_ref()
                    ),
                )
                .field("area")
                .help("add it under [[strategies.areas]] in site.toml, or fix the number"),
            );
            return;
        };
        if area.item(*f.item.get_ref()).is_none() {
            self.diags.push(
                ctx.error(
                    f.item.span(),
                    format!(
                        "area ({}) of strategy {} has no item {} in site.toml",
                        area.number,
                        strategy.number,
                        f.item.get_ref()
                    ),
                )
                .field("item")
                .help("add it under [[strategies.areas.items]] in site.toml, or fix the number"),
            );
        }
    }

    fn figure(
        &mut self,
        ctx: &FileCtx,
        fig: &Spanned<Figure>,
        direction: Direction,
        field: &str,
    ) -> Option<Figure> {
        let value = *fig.get_ref();
        let problem = match (value, direction) {
            (Figure::Number(n), _) if !n.is_finite() => Some((
                "the figure is not a finite number".to_string(),
                "write the figure as a plain number such as 45872 or 38.1 (nan and inf are not figures)",
            )),
            (Figure::Number(n), _) if n.abs() > 1e15 => Some((
                "the figure is too large".to_string(),
                "check the figure: it must be below 10^15 in the indicator's unit",
            )),
            (Figure::Number(n), _) if n != 0.0 && n.abs() < MIN_FIGURE => Some((
                "the figure is too small to print (closer to 0 than 0.000001)".to_string(),
                "check the figure, or use a smaller unit (e.g. 千円 instead of 億円)",
            )),
            (Figure::Number(_), Direction::Milestone) => Some((
                "a number was given, but this indicator is a milestone".to_string(),
                "write true (done / planned) or false (not done), or change `direction`",
            )),
            (Figure::Done(_), Direction::Higher | Direction::Lower) => Some((
                "true/false was given, but this indicator has figures".to_string(),
                "write the figure as a number, or set direction = \"milestone\"",
            )),
            _ => None,
        };
        match problem {
            // -0.0 would print as "-0".
            None => Some(match value {
                Figure::Number(0.0) => Figure::Number(0.0),
                v => v,
            }),
            Some((message, help)) => {
                self.diags.push(
                    ctx.error(fig.span(), message)
                        .field(field.to_string())
                        .ja("この数値は使えません（有限の数値、10^15 未満、0 か 0.000001 以上。実施の有無で評価する指標は true / false）")
                        .help(help)
                        .ja_help("数値を確かめて、単位・カンマを付けずに書いてください（例：45872、38.1）"),
                );
                None
            }
        }
    }

    fn indicator(&mut self, ctx: &FileCtx, n: usize, i: &IndicatorFile) -> Option<Indicator> {
        let at = format!("indicators[{n}]");
        let direction = *i.direction.get_ref();
        if let Err(why) = check_id(i.id.get_ref()) {
            self.diags.push(
                ctx.error(
                    i.id.span(),
                    format!("indicator id `{}` {why}", i.id.get_ref()),
                )
                .ja(format!("指標の id `{}` は{}", i.id.get_ref(), why.ja()))
                .field(format!("{at}.id"))
                .help("it becomes part of file names: use e.g. online-procedures")
                .ja_help("ファイル名の一部になります。例：online-procedures"),
            );
        }
        match &i.unit {
            Some(_) => {}
            None if direction != Direction::Milestone => self.diags.push(
                ctx.error(i.id.span(), "an indicator with figures needs a unit")
                    .ja("数値の指標には単位（unit）が必要です")
                    .field(format!("{at}.unit"))
                    .help("add e.g. unit = { ja = \"件\", en = \"procedures\" }"),
            ),
            None => {}
        }
        let decimals = i.decimals.as_ref().map(|d| *d.get_ref());
        if let Some(d) = &i.decimals
            && *d.get_ref() > 6
        {
            self.diags.push(
                ctx.error(d.span(), "decimals may be at most 6")
                    .field(format!("{at}.decimals")),
            );
        }
        let baseline = i
            .baseline
            .as_ref()
            .map(|b| self.baseline(ctx, &format!("{at}.baseline"), b));
        let final_target = i
            .final_target
            .as_ref()
            .map(|t| self.final_target(ctx, &format!("{at}.final_target"), direction, t));
        let mut years = BTreeMap::new();
        for (key, y) in &i.years {
            if let Some(year) = self.year_key(ctx, key, &format!("{at}.years")) {
                let field = format!("{at}.years.{year}");
                let figures = self.year(ctx, &field, direction, year, y);
                years.insert(year, figures);
            }
        }
        Some(Indicator {
            id: i.id.get_ref().clone(),
            name: i.name.clone(),
            unit: i.unit.clone(),
            direction,
            cumulative: i.cumulative,
            qualifier: i.qualifier,
            decimals,
            baseline: baseline.flatten(),
            final_target: final_target.flatten(),
            milestone_label: i.milestone_label.clone(),
            years: years.into_iter().collect(),
        })
    }

    fn baseline(&mut self, ctx: &FileCtx, at: &str, b: &BaselineFile) -> Option<Baseline> {
        if let Some(year) = &b.year
            && !(1900..=2200).contains(year.get_ref())
        {
            self.diags.push(
                ctx.error(
                    year.span(),
                    format!("{} is not a fiscal year", year.get_ref()),
                )
                .field(format!("{at}.year"))
                .help("write the Gregorian start year, e.g. 2021 for 令和3年度 (R3)"),
            );
        }
        let value = match &b.value {
            Some(v) => match self.figure(ctx, v, Direction::Higher, &format!("{at}.value"))? {
                Figure::Number(n) => Some(n),
                Figure::Done(_) => None,
            },
            None => None,
        };
        if value.is_none() && b.text.is_none() {
            self.diags.push(
                ctx.error(0..0, "a baseline needs a value or a text")
                    .field(at.to_string())
                    .help("remove the baseline if the report shows none (－)"),
            );
        }
        Some(Baseline {
            year: b.year.as_ref().map(|y| *y.get_ref()),
            value,
            text: b.text.clone(),
        })
    }

    fn final_target(
        &mut self,
        ctx: &FileCtx,
        at: &str,
        direction: Direction,
        t: &FinalTargetFile,
    ) -> Option<FinalTarget> {
        let value = match &t.value {
            Some(v) => Some(self.figure(ctx, v, direction, &format!("{at}.value"))?),
            None => None,
        };
        Some(FinalTarget {
            value,
            text: t.text.clone(),
        })
    }

    fn year(
        &mut self,
        ctx: &FileCtx,
        at: &str,
        direction: Direction,
        year: i32,
        y: &YearFile,
    ) -> YearFigures {
        let target = y
            .target
            .as_ref()
            .and_then(|f| self.figure(ctx, f, direction, &format!("{at}.target")));
        let actual = y
            .actual
            .as_ref()
            .and_then(|f| self.figure(ctx, f, direction, &format!("{at}.actual")));
        if let Some(a) = &y.actual
            && year > self.model.latest_year
        {
            self.diags.push(
                Diagnostic::warning(format!(
                    "an actual is entered for {year}, after the latest reviewed year {}",
                    self.model.latest_year
                ))
                .in_file(ctx.path)
                .at(ctx.source, a.span())
                .field(format!("{at}.actual"))
                .ja(format!(
                    "{year}年度の実績が入力されていますが、実績の最新年度（latest_reviewed_year）は {} です",
                    self.model.latest_year
                ))
                .help("raise latest_reviewed_year in site.toml once the year's review is done")
                .ja_help("その年度の評価が済んだら site.toml の latest_reviewed_year を上げてください"),
            );
        }
        YearFigures {
            target,
            actual,
            target_text: y.target_text.clone().map(Box::new),
            actual_text: y.actual_text.clone().map(Box::new),
        }
    }

    fn commentary(
        &mut self,
        dir: &Path,
        files: Vec<CommentaryFile>,
    ) -> BTreeMap<(i32, CommentaryKind), Bilingual> {
        let mut out: BTreeMap<(i32, CommentaryKind), Bilingual> = BTreeMap::new();
        for c in files {
            if !(self.model.first_year..=self.model.last_year).contains(&c.year) {
                self.diags.push(
                    Diagnostic::error(format!(
                        "commentary for fiscal year {}, which is outside the plan period {}–{}",
                        c.year, self.model.first_year, self.model.last_year
                    ))
                    .ja(format!(
                        "{}年度の文章ですが、計画期間（{}〜{}年度）の外です",
                        c.year, self.model.first_year, self.model.last_year
                    ))
                    .in_file(&c.file.path)
                    .help("rename the file to a fiscal year of the plan, e.g. 2024.progress.ja.md")
                    .ja_help(
                        "計画期間内の年度のファイル名にしてください（例：2024.progress.ja.md）",
                    ),
                );
                continue;
            }
            let slot = out.entry((c.year, c.kind)).or_default();
            match c.lang {
                Lang::Ja => slot.ja = Some(c.file),
                Lang::En => slot.en = Some(c.file),
            }
        }
        for ((year, kind), text) in &out {
            let name = |lang: Lang| {
                let kind = match kind {
                    CommentaryKind::Progress => "progress",
                    CommentaryKind::Plan => "plan",
                    CommentaryKind::Shortfall => "shortfall",
                };
                dir.join(format!("{year}.{kind}.{}.md", lang.code()))
            };
            match (&text.ja, &text.en) {
                (Some(_), None) if self.model.languages.contains(&Lang::En) => self.diags.push(
                    Diagnostic::warning("English translation missing: the English page shows the Japanese text with a \"translation pending\" note")
                        .in_file(&name(Lang::En))
                        .ja("英語の文章ファイルがありません。英語のページには日本語のまま「翻訳準備中」と表示されます")
                        .help("add the English file next to the Japanese one")
                        .ja_help("日本語のファイルの隣に英語のファイル（.en.md）を作成してください"),
                ),
                // An unreadable Japanese file was reported when it was read.
                (None, Some(_)) if exists_unlinked(&name(Lang::Ja)) => {}
                (None, Some(_)) => self.diags.push(
                    Diagnostic::error("there is an English commentary but no Japanese one")
                        .ja("英語の文章はありますが、日本語の文章ファイルがありません")
                        .in_file(&name(Lang::Ja))
                        .help("add the Japanese file; the Japanese pages are the reference")
                        .ja_help("日本語のファイル（.ja.md）を作成してください（日本語のページが基準です）"),
                ),
                _ => {}
            }
        }
        out
    }

    /// Each numeric indicator's chart is [`crate::routes::chart`], `charts/FOLDER--ID.svg`; since both may
    /// contain `-`, two different pairs can make the same name (`a--b` + `c` and
    /// `a` + `b--c`), and one chart would silently replace the other.
    fn unique_chart_names(&mut self, initiatives: &[Initiative]) {
        let mut seen: BTreeMap<String, (&Initiative, &str)> = BTreeMap::new();
        for i in initiatives {
            for ind in &i.indicators {
                let name = crate::routes::chart(&i.id, &ind.id);
                match seen.get(&name) {
                    Some((other, other_id)) => self.diags.push(
                        Diagnostic::error(format!(
                            "the chart of indicator `{}` would have the same file name \
                             ({name}) as the chart of indicator `{other_id}` in {}",
                            ind.id,
                            other.path.display()
                        ))
                        .ja(format!(
                            "指標 `{}` のグラフのファイル名（{name}）が、{} の指標 `{other_id}` と同じになります",
                            ind.id,
                            other.path.display()
                        ))
                        .in_file(&i.path)
                        .field("indicators.id")
                        .help("rename the indicator or the folder so that neither contains `--`")
                        .ja_help("指標の id かフォルダー名を、どちらにも「--」が入らないように変えてください"),
                    ),
                    None => {
                        seen.insert(name, (i, &ind.id));
                    }
                }
            }
        }
    }

    fn unique_numbers(&mut self, initiatives: &[Initiative]) {
        for pair in initiatives.windows(2) {
            if pair[0].number == pair[1].number {
                self.diags.push(
                    Diagnostic::error(format!(
                        "two initiatives have the number {}: {} and {}",
                        pair[1].number,
                        pair[0].path.display(),
                        pair[1].path.display()
                    ))
                    .in_file(&pair[1].path)
                    .field("number")
                    .ja(format!(
                        "取組項目の番号 {} が重複しています（{} と {}）",
                        pair[1].number,
                        pair[0].path.display(),
                        pair[1].path.display()
                    ))
                    .help("give each initiative its own number")
                    .ja_help("取組項目ごとに別の番号を付けてください"),
                );
            }
        }
    }

    /// A page's title (the text of its first `# ` heading, as the renderer
    /// reads it) is the page's label in the navigation of every page.
    fn page_title_length(&mut self, file: &MarkdownFile) {
        use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
        let mut in_h1 = false;
        let mut len = 0;
        let Ok(text) = file.text() else { return };
        for event in Parser::new(&text) {
            match event {
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                }) => in_h1 = true,
                Event::End(TagEnd::Heading(HeadingLevel::H1)) => break,
                Event::Text(t) | Event::Code(t) if in_h1 => len += t.chars().count(),
                _ => {}
            }
        }
        if len > MAX_PAGE_TITLE_CHARS {
            self.diags.push(
                Diagnostic::error(format!(
                    "the page's title (its first `# ` heading) is {len} characters long; \
                     a page title may be at most {MAX_PAGE_TITLE_CHARS}"
                ))
                .ja(format!(
                    "ページの題名（最初の「# 」の見出し）が {len} 文字あります。題名は {MAX_PAGE_TITLE_CHARS} 文字までです"
                ))
                .in_file(&file.path)
                .help("the title is shown in the menu of every page: keep it short, and put the rest in the text below it")
                .ja_help("題名はすべてのページのメニューに出ます。短くして、残りは本文に書いてください"),
            );
        }
    }

    fn pages(&mut self, pages: Vec<LoadedPage>) -> Vec<Page> {
        let mut by_slug: BTreeMap<String, Bilingual> = BTreeMap::new();
        for p in pages {
            let slot = by_slug.entry(p.slug).or_default();
            match p.lang {
                Lang::Ja => slot.ja = Some(p.file),
                Lang::En => slot.en = Some(p.file),
            }
        }
        by_slug
            .into_iter()
            .filter_map(|(slug, text)| {
                match (&text.ja, &text.en) {
                    (None, Some(en))
                        if exists_unlinked(&en.path.with_file_name(format!("{slug}.ja.md"))) =>
                    {
                        // The Japanese file is there but could not be read; that was reported.
                        return None;
                    }
                    (None, Some(en)) => {
                        self.diags.push(
                            Diagnostic::error("a page has an English text but no Japanese one")
                                .ja("英語のページはありますが、日本語のページがありません")
                                .in_file(&en.path)
                                .help(format!("add pages/{slug}.ja.md"))
                                .ja_help(format!("pages/{slug}.ja.md を作成してください")),
                        );
                        return None;
                    }
                    (Some(ja), None) if self.model.languages.contains(&Lang::En) => {
                        self.diags.push(
                            Diagnostic::warning("English translation missing: the English page shows the Japanese text with a \"translation pending\" note")
                                .in_file(&ja.path)
                                .ja("英語のページの文章がありません。英語のページには日本語のまま「翻訳準備中」と表示されます")
                                .help(format!("add pages/{slug}.en.md"))
                                .ja_help(format!("pages/{slug}.en.md を作成してください")),
                        );
                    }
                    _ => {}
                }
                for file in [&text.ja, &text.en].into_iter().flatten() {
                    self.page_title_length(file);
                }
                Some(Page { slug, text })
            })
            .collect()
    }
}
