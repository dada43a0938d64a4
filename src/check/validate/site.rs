//! `site.toml`: the plan period, languages, paging and addresses, the
//! hierarchy's numbers and the division keys, then the site they describe.

use toml::Spanned;

use super::*;
use crate::check::config::{DEFAULT_PER_PAGE, MAX_PER_PAGE, SiteFile};

/// Checks that hold within `site.toml` alone.
pub(super) fn check_site_file(site: &SiteFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let c = &site.config;
    let (first, last) = (&c.plan.first_year, &c.plan.last_year);
    if !(1900..=2200).contains(first.get_ref()) || last.get_ref() < first.get_ref() {
        out.push(
            site.error_at(
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
            site.error_at(
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
            site.error_at(
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
    let twice = langs
        .iter()
        .enumerate()
        .find(|(i, l)| langs[..*i].contains(l))
        .map(|(_, l)| l);
    if let Some(code) = bad.first() {
        out.push(
            site.error_at(
                c.languages.span(),
                format!("`{code}` in languages is not a language code"),
            )
            .ja(format!("languages の `{code}` は言語コードではありません"))
            .field("languages")
            .help("write BCP 47 codes such as \"en\", \"zh-Hans\", \"ko\", \"vi\" or \"pt-BR\", and \"ja-basic\" for easy Japanese (やさしい日本語)")
            .ja_help("\"en\"・\"zh-Hans\"・\"ko\"・\"vi\"・\"pt-BR\" のような言語コード（BCP 47）を書きます。やさしい日本語は \"ja-basic\" です"),
        );
    } else if langs.first().map(String::as_str) != Some("ja") {
        out.push(
            site.error_at(
                c.languages.span(),
                format!("languages must start with \"ja\", the source language, found {langs:?}"),
            )
            .ja("languages は日本語（\"ja\"）から始めてください。日本語がもとの文章です")
            .field("languages")
            .help("write for example languages = [\"ja\", \"en\", \"ja-basic\"]")
            .ja_help("例：languages = [\"ja\", \"en\", \"ja-basic\"]"),
        );
    } else if let Some(code) = twice {
        out.push(
            site.error_at(
                c.languages.span(),
                format!("`{code}` is listed twice in languages"),
            )
            .ja(format!("languages に `{code}` が2回あります"))
            .field("languages")
            .help("list each language once")
            .ja_help("言語は1回ずつ書いてください"),
        );
    }
    let per_page = *c.per_page.get_ref();
    if !(1..=MAX_PER_PAGE).contains(&per_page) {
        out.push(
            site.error_at(
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
                .in_file(&site.path)
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
                    .in_file(&site.path)
                    .field(format!("divisions.{key}")),
            );
        }
    }
    out.extend(super::revision::plan_revisions(site).1);
    check_unique(
        site,
        c.strategies.iter().map(|s| &s.number),
        "strategy",
        &mut out,
    );
    for s in &c.strategies {
        check_unique(site, s.areas.iter().map(|a| &a.number), "area", &mut out);
        for a in &s.areas {
            check_unique(site, a.items.iter().map(|i| &i.number), "item", &mut out);
        }
    }
    out
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

pub(super) fn site_model(site: &SiteFile, diags: &mut Diagnostics) -> Site {
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
        per_page: (*c.per_page.get_ref()).clamp(1, crate::check::config::MAX_PER_PAGE),
        divisions: c.divisions.clone(),
        licence: c.open_data.licence.clone(),
        licence_url: c.open_data.licence_url.clone(),
        plan_revisions: super::revision::plan_revisions(site).0,
        scales: Vec::new(),
        status_counts: Vec::new(),
        headline_targets: Vec::new(),
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
    let mut model = model;
    model.scales = super::scales::scales(site, diags);
    model.status_counts = super::scales::counts(site, &model.scales, diags);
    model.headline_targets = super::scales::headline_targets(&model, site, diags);
    for (field, text) in model.texts() {
        check_text(&site.path, &field, text, &model.languages, diags);
    }
    model
}
