//! Item status scales, counts of items by status and the plan's headline
//! targets, all written in `site.toml`.

use std::collections::BTreeSet;

use toml::Spanned;

use super::*;
use crate::check::config::{ScaleLevelFile, StatusCountFile, StatusScaleFile};

/// The words `when` may take, for the messages.
const WHEN_WORDS: &str = "target_met, above_baseline, near_baseline, below_baseline, rate_at_least, otherwise, not_assessable";

pub(super) fn scales(site: &SiteFile, diags: &mut Diagnostics) -> Vec<StatusScale> {
    let mut ids = BTreeSet::new();
    let mut out = Vec::new();
    for (n, s) in site.config.status_scales.iter().enumerate() {
        let at = format!("status_scales[{n}]");
        let id = s.id.get_ref();
        if let Err(why) = check_id(id) {
            diags.push(
                site.error_at(s.id.span(), format!("scale id `{id}` {why}"))
                    .ja(format!("評価区分の id `{id}` は{}", why.ja()))
                    .field(format!("{at}.id"))
                    .help("use lower-case letters, digits and \"-\", e.g. id = \"progress\"")
                    .ja_help("英小文字・数字・「-」で書いてください（例：id = \"progress\"）"),
            );
        }
        if !ids.insert(id.clone()) {
            diags.push(
                site.error_at(s.id.span(), format!("scale id `{id}` appears twice"))
                    .ja(format!("評価区分の id `{id}` が2回あります"))
                    .field(format!("{at}.id"))
                    .help("give each [[status_scales]] its own id")
                    .ja_help("[[status_scales]] ごとに別の id を付けてください"),
            );
        }
        out.push(scale(site, &at, s, diags));
    }
    out
}

fn scale(site: &SiteFile, at: &str, s: &StatusScaleFile, diags: &mut Diagnostics) -> StatusScale {
    if s.levels.get_ref().is_empty() {
        diags.push(
            site.error_at(s.levels.span(), "a status scale needs at least one level".into())
                .ja("評価区分には段階が1つ以上必要です")
                .field(format!("{at}.levels"))
                .help("write e.g. levels = [{ key = \"S\", label = { ja = \"計画以上\", en = \"Ahead of plan\" }, on_track = true }, …]")
                .ja_help("levels = [{ key = \"S\", label = { ja = \"計画以上\", en = \"Ahead of plan\" }, on_track = true }, …] のように書いてください"),
        );
    }
    let mut keys = BTreeSet::new();
    let levels: Vec<ScaleLevel> = s
        .levels
        .get_ref()
        .iter()
        .enumerate()
        .map(|(m, l)| {
            let at = format!("{at}.levels[{m}]");
            let key = l.key.get_ref();
            if key.trim().is_empty() || key.chars().any(char::is_control) {
                diags.push(
                    site.error_at(l.key.span(), "a level's key is empty".into())
                        .ja("段階の key が空です")
                        .field(format!("{at}.key"))
                        .help("write the level as the report prints it, e.g. key = \"A\"")
                        .ja_help("報告書の表記どおりに書いてください（例：key = \"A\"）"),
                );
            } else if !keys.insert(key.clone()) {
                diags.push(
                    site.error_at(l.key.span(), format!("level `{key}` appears twice in the scale"))
                        .ja(format!("段階 `{key}` が評価区分の中に2回あります"))
                        .field(format!("{at}.key"))
                        .help("give each level of the scale its own key")
                        .ja_help("段階ごとに別の key を付けてください"),
                );
            }
            if l.on_track && l.separate {
                diags.push(
                    site.error_at(l.key.span(), format!("level `{key}` is both on track and separate"))
                        .ja(format!("段階 `{key}` に on_track と separate の両方が書かれています"))
                        .field(format!("{at}.separate"))
                        .help("a separate state (終了) is neither on track nor behind: delete one of the two")
                        .ja_help("別扱いの状態（終了など）は順調にも遅れにも数えません。どちらかを消してください"),
                );
            }
            ScaleLevel {
                key: key.clone(),
                label: l.label.clone(),
                on_track: l.on_track,
                separate: l.separate,
                when: when(site, &at, l, diags),
            }
        })
        .collect();
    let model = StatusScale {
        id: s.id.get_ref().clone(),
        name: s.name.clone(),
        rule: s.rule.clone(),
        levels,
    };
    if model.is_mechanical() && model.rule.is_none() {
        diags.push(
            site.error_at(
                s.id.span(),
                "a scale computed by a rule (`when`) must state the rule for readers".into(),
            )
            .ja("`when` で段階を判定する評価区分には、読む人のための判定基準（rule）が必要です")
            .field(format!("{at}.rule"))
            .help("add rule = { ja = \"…\", en = \"…\" } in the plan's words")
            .ja_help("rule = { ja = \"…\", en = \"…\" } に計画の判定基準を書いてください"),
        );
    }
    model
}

fn when(
    site: &SiteFile,
    at: &str,
    l: &ScaleLevelFile,
    diags: &mut Diagnostics,
) -> Option<LevelRule> {
    let percent = l.percent.as_ref().map(|p| *p.get_ref());
    let Some(w) = &l.when else {
        if let Some(p) = &l.percent {
            diags.push(
                site.error_at(p.span(), "`percent` is written without `when`".into())
                    .ja("`when` がないのに `percent` が書かれています")
                    .field(format!("{at}.percent"))
                    .help("write when = \"near_baseline\" or when = \"rate_at_least\" beside it, or delete percent")
                    .ja_help("when = \"near_baseline\" か when = \"rate_at_least\" を書くか、percent を消してください"),
            );
        }
        return None;
    };
    let needs_percent = matches!(w.get_ref().as_str(), "near_baseline" | "rate_at_least");
    let rule = match (w.get_ref().as_str(), percent) {
        ("target_met", None) => LevelRule::TargetMet,
        ("above_baseline", None) => LevelRule::AboveBaseline,
        ("below_baseline", None) => LevelRule::BelowBaseline,
        ("otherwise", None) => LevelRule::Otherwise,
        ("not_assessable", None) => LevelRule::NotAssessable,
        ("near_baseline", Some(p)) if p.is_finite() && (0.0..=1000.0).contains(&p) => {
            LevelRule::NearBaseline(p)
        }
        ("rate_at_least", Some(p)) if p.is_finite() && (0.0..=1000.0).contains(&p) => {
            LevelRule::RateAtLeast(p)
        }
        (word, _) if needs_percent => {
            diags.push(
                site.error_at(
                    w.span(),
                    format!("when = \"{word}\" needs a percent between 0 and 1000"),
                )
                .ja(format!(
                    "when = \"{word}\" には 0〜1000 の percent が必要です"
                ))
                .field(format!("{at}.percent"))
                .help(format!("write e.g. when = \"{word}\", percent = 10"))
                .ja_help(format!("例：when = \"{word}\", percent = 10")),
            );
            return None;
        }
        (word, Some(_)) if WHEN_WORDS.split(", ").any(|k| k == word) => {
            diags.push(
                site.error_at(w.span(), format!("when = \"{word}\" takes no percent"))
                    .ja(format!("when = \"{word}\" には percent を書きません"))
                    .field(format!("{at}.percent"))
                    .help("delete percent")
                    .ja_help("percent を消してください"),
            );
            return None;
        }
        (word, _) => {
            diags.push(
                site.error_at(w.span(), format!("`{word}` is not a condition of a rule"))
                    .ja(format!("`{word}` は判定の条件ではありません"))
                    .field(format!("{at}.when"))
                    .help(format!("write one of: {WHEN_WORDS}"))
                    .ja_help(format!("次のどれかを書いてください：{WHEN_WORDS}")),
            );
            return None;
        }
    };
    Some(rule)
}

/// The index of the scale `id` names (the first scale when `None`), or an
/// error listing the scales.
pub(super) fn find_scale(
    scales: &[StatusScale],
    id: Option<&Spanned<String>>,
    error: impl FnOnce(std::ops::Range<usize>, String) -> Diagnostic,
    field: &str,
) -> Result<usize, Diagnostic> {
    let known = scales
        .iter()
        .map(|s| format!("\"{}\"", s.id))
        .collect::<Vec<_>>()
        .join(", ");
    match id {
        None if !scales.is_empty() => Ok(0),
        None => Err(error(0..0, "site.toml has no [[status_scales]]".to_string())
            .ja("site.toml に評価区分（[[status_scales]]）がありません")
            .field(field.to_string())
            .help("define the plan's scale in site.toml first (see docs/content-format.md, \"Item status scales\")")
            .ja_help("先に site.toml に計画の評価区分を書いてください（docs/content-format.md「評価区分」）")),
        Some(id) => scales.iter().position(|s| &s.id == id.get_ref()).ok_or_else(|| {
            error(id.span(), format!("there is no status scale `{}`", id.get_ref()))
                .ja(format!("評価区分 `{}` が site.toml にありません", id.get_ref()))
                .field(field.to_string())
                .help(if known.is_empty() {
                    "define it under [[status_scales]] in site.toml".to_string()
                } else {
                    format!("write one of the scales of site.toml: {known}")
                })
                .ja_help(if known.is_empty() {
                    "site.toml の [[status_scales]] に書いてください".to_string()
                } else {
                    format!("site.toml の評価区分のどれかを書いてください：{known}")
                })
        }),
    }
}

/// The levels of a scale, for a message: "S", "A", "B", "C".
pub(super) fn level_list(scale: &StatusScale) -> String {
    scale
        .levels
        .iter()
        .map(|l| {
            format!(
                "\"{}\"（{}）",
                l.key,
                crate::base::text::strip_ruby(&l.label.ja)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn unknown_level(scale: &StatusScale, key: &str, d: Diagnostic) -> Diagnostic {
    let list = level_list(scale);
    d.ja(format!(
        "`{key}` は評価区分「{}」の段階ではありません",
        crate::base::text::strip_ruby(&scale.name.ja)
    ))
    .help(format!(
        "write one of the levels of scale `{}`: {list}",
        scale.id
    ))
    .ja_help(format!("次の段階のどれかを書いてください：{list}"))
}

pub(super) fn counts(
    site: &SiteFile,
    scales: &[StatusScale],
    diags: &mut Diagnostics,
) -> Vec<StatusCount> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (n, c) in site.config.status_counts.iter().enumerate() {
        let at = format!("status_counts[{n}]");
        if let Some(count) = count(site, scales, &at, c, diags) {
            if !seen.insert((
                count.year,
                count.scale,
                c.label.as_ref().map(|l| l.ja.clone()),
            )) {
                diags.push(
                    site.error_at(c.year.span(), format!("the counts of {} are written twice", count.year))
                        .ja(format!("{}年度の件数が2回書かれています", count.year))
                        .field(format!("{at}.year"))
                        .help("write one [[status_counts]] per year and scale (or give each its own label)")
                        .ja_help("年度と評価区分ごとに [[status_counts]] を1つにしてください（別の集計なら label を付けます）"),
                );
            }
            out.push(count);
        }
    }
    out.sort_by_key(|c| c.year);
    out
}

fn count(
    site: &SiteFile,
    scales: &[StatusScale],
    at: &str,
    c: &StatusCountFile,
    diags: &mut Diagnostics,
) -> Option<StatusCount> {
    let year = *c.year.get_ref();
    if !site.years().any(|y| y == year) {
        diags.push(
            site.error_at(
                c.year.span(),
                format!(
                    "fiscal year {year} is outside the plan period {}–{}",
                    site.first_year(),
                    site.last_year()
                ),
            )
            .ja(format!(
                "{year}年度は計画期間（{}〜{}年度）の外です",
                site.first_year(),
                site.last_year()
            ))
            .field(format!("{at}.year"))
            .help("fiscal years are Gregorian start years; 平成24年度 is 2012")
            .ja_help("年度は西暦の開始年で書きます（平成24年度は 2012）"),
        );
        return None;
    }
    let scale_at = format!("{at}.scale");
    let scale_n = match find_scale(
        scales,
        c.scale.as_ref(),
        |span, m| site.error_at(span, m),
        &scale_at,
    ) {
        Ok(n) => n,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let scale = &scales[scale_n];
    let mut counted = BTreeSet::new();
    let mut rows = Vec::new();
    let mut ok = true;
    for (m, r) in c.counts.iter().enumerate() {
        let at = format!("{at}.counts[{m}]");
        let mut levels = Vec::new();
        if r.levels.get_ref().is_empty() {
            diags.push(
                site.error_at(r.levels.span(), "a count needs the level it counts".into())
                    .ja("件数には、その段階（levels）が必要です")
                    .field(format!("{at}.levels"))
                    .help(format!(
                        "write e.g. levels = [\"{}\"]",
                        scale.levels.first().map_or("A", |l| l.key.as_str())
                    ))
                    .ja_help(format!(
                        "例：levels = [\"{}\"]",
                        scale.levels.first().map_or("A", |l| l.key.as_str())
                    )),
            );
            ok = false;
        }
        for key in r.levels.get_ref() {
            match scale.level(key) {
                Some(l) if counted.insert(l) => levels.push(l),
                Some(_) => {
                    diags.push(
                        site.error_at(r.levels.span(), format!("level `{key}` is counted twice"))
                            .ja(format!("段階 `{key}` が2回数えられています"))
                            .field(format!("{at}.levels"))
                            .help("count each level once")
                            .ja_help("段階ごとに1回だけ数えてください"),
                    );
                    ok = false;
                }
                None => {
                    diags.push(unknown_level(
                        scale,
                        key,
                        site.error_at(
                            r.levels.span(),
                            format!("`{key}` is not a level of scale `{}`", scale.id),
                        )
                        .field(format!("{at}.levels")),
                    ));
                    ok = false;
                }
            }
        }
        levels.sort_unstable();
        let share = r.share.as_ref().and_then(|s| {
            let v = *s.get_ref();
            if !(0.0..=100.0).contains(&v) {
                diags.push(
                    site.error_at(
                        s.span(),
                        format!("the share {v} is not a percentage between 0 and 100"),
                    )
                    .ja(format!("割合 {v} が 0〜100 の百分率ではありません"))
                    .field(format!("{at}.share"))
                    .help("write the share in percent as printed, e.g. share = 65.26 for 65.26 %")
                    .ja_help(
                        "割合は報告書の表記どおりに百分率で書きます（65.26% なら share = 65.26）",
                    ),
                );
                ok = false;
                return None;
            }
            let places = site
                .source
                .get(s.span())
                .and_then(super::written_places)
                .unwrap_or(0);
            Some((v, places))
        });
        rows.push(CountRow {
            levels,
            count: *r.count.get_ref(),
            share,
        });
    }
    if c.counts.is_empty() {
        diags.push(
            site.error_at(c.year.span(), "the counts are missing".into())
                .ja("件数（counts）がありません")
                .field(format!("{at}.counts"))
                .help("write counts = [{ levels = [\"A\"], count = 17 }, …]")
                .ja_help("counts = [{ levels = [\"A\"], count = 17 }, …] のように書いてください"),
        );
        ok = false;
    }
    let sum: u64 = rows.iter().map(|r| u64::from(r.count)).sum();
    let every_level = counted.len() == scale.levels.len();
    let total = c.total.as_ref().map(|t| *t.get_ref());
    if let Some(t) = &c.total {
        let t_val = u64::from(*t.get_ref());
        let wrong = if every_level {
            sum != t_val
        } else {
            sum > t_val
        };
        if wrong && ok {
            let (en, ja) = if every_level {
                (
                    format!("the counts add up to {sum}, but the total is {t_val}"),
                    format!("件数の合計が {sum} で、総数 {t_val} と合いません"),
                )
            } else {
                (
                    format!("the counts add up to {sum}, more than the total {t_val}"),
                    format!("件数の合計 {sum} が総数 {t_val} を超えています"),
                )
            };
            diags.push(
                site.error_at(t.span(), en)
                    .ja(ja)
                    .field(format!("{at}.total"))
                    .help("check the counts and the total against the report")
                    .ja_help("件数と総数を報告書と見比べてください"),
            );
            ok = false;
        }
    } else if !every_level {
        let missing: Vec<&str> = scale
            .levels
            .iter()
            .enumerate()
            .filter(|(n, _)| !counted.contains(n))
            .map(|(_, l)| l.key.as_str())
            .collect();
        diags.push(
            site.error_at(
                c.year.span(),
                format!(
                    "the counts leave out level(s) {} and give no total",
                    missing.join(", ")
                ),
            )
            .ja(format!(
                "段階 {} の件数がなく、総数（total）もありません",
                missing.join("・")
            ))
            .field(format!("{at}.total"))
            .help("write the total the report gives (total = 91), or a count for every level")
            .ja_help(
                "報告書の総数を total に書くか（total = 91）、すべての段階の件数を書いてください",
            ),
        );
        ok = false;
    }
    // A printed share that is not the count's share, at the decimals printed.
    let whole = total.map(u64::from).unwrap_or(sum);
    if ok && whole > 0 {
        for (m, (row, file)) in rows.iter().zip(&c.counts).enumerate() {
            let (Some((v, places)), Some(span)) =
                (row.share, file.share.as_ref().map(|s| s.span()))
            else {
                continue;
            };
            let computed = f64::from(row.count) * 100.0 / whole as f64;
            let p = usize::from(places);
            if format!("{computed:.p$}") != format!("{v:.p$}") {
                diags.push(
                    Diagnostic::warning(format!(
                        "the share {v:.p$} % is not {} of {whole} ({computed:.p$} %)",
                        row.count
                    ))
                    .in_file(&site.path)
                    .at(&site.source, span)
                    .field(format!("{at}.counts[{m}].share"))
                    .ja(format!(
                        "割合 {v:.p$}% が {whole} 件中 {} 件（{computed:.p$}%）と合いません",
                        row.count
                    ))
                    .help("check the count, the total and the share against the report")
                    .ja_help("件数・総数・割合を報告書と見比べてください"),
                );
            }
        }
    }
    ok.then_some(StatusCount {
        year,
        scale: scale_n,
        total,
        label: c.label.clone(),
        rows,
    })
}

/// 主要目標: each in the format of an initiative's indicator.
pub(super) fn headline_targets(
    model: &Site,
    site: &SiteFile,
    diags: &mut Diagnostics,
) -> Vec<Indicator> {
    let ctx = FileCtx {
        path: &site.path,
        source: &site.source,
        record: false,
    };
    let mut v = Validator { model, diags };
    let mut ids = BTreeSet::new();
    let mut out = Vec::new();
    for (n, i) in site.config.headline_targets.iter().enumerate() {
        let at = format!("headline_targets[{n}]");
        if !ids.insert(i.id.get_ref().clone()) {
            v.diags.push(
                ctx.error(
                    i.id.span(),
                    format!("headline target id `{}` appears twice", i.id.get_ref()),
                )
                .ja(format!(
                    "主要目標の id `{}` が2回使われています",
                    i.id.get_ref()
                ))
                .field(format!("{at}.id"))
                .help("give each headline target its own id")
                .ja_help("主要目標ごとに別の id を付けてください"),
            );
        }
        if let Some(ind) = v.indicator_at(&ctx, at.clone(), i) {
            out.push(ind);
        }
    }
    out
}
