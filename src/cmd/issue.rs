//! `mieruka issue YEAR --date DATE`: records a year's report as it is
//! published today, every figure, status and text, in
//! `content/editions/YEAR.toml`, so that the site keeps that edition as it
//! was issued after the content moves on.
//!
//! The record is plain TOML written here line by line (diffable, one
//! indicator and one text after another in the content's order); its
//! indicators are in the format of `initiative.toml`. It is read back by
//! `load::load_editions` and checked by `validate/edition.rs`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::text::{Lang, LangText, plain_number, year_label};
use crate::check::assess;
use crate::check::load::{EDITION_FORMAT, EDITIONS_DIR, EditionFile};
use crate::model::*;

/// What `issue` did.
#[derive(Debug)]
pub struct Issued {
    pub path: PathBuf,
    pub initiatives: usize,
    /// An earlier issue of the same year was replaced.
    pub replaced: bool,
}

/// Issues the edition of `year`, published on `date`. `replace` gives the
/// reason for replacing an edition already issued; without it, a year
/// already issued is refused. Nothing is written unless everything checks.
pub fn issue(
    content: &Path,
    year: i32,
    date: Date,
    replace: Option<&str>,
) -> Result<Issued, Diagnostics> {
    let options = crate::check::config::BuildOptions {
        content: content.to_path_buf(),
        ..crate::check::config::BuildOptions::default()
    };
    let (plan, _warnings) = crate::check::check(&options)?;
    let site = &plan.site;
    let (ja, en) = (year_label(year, Lang::JA), year_label(year, Lang::EN));
    if year < site.first_year || year > site.latest_year {
        let (first, latest) = (site.first_year, site.latest_year);
        return Err(Diagnostic::error(format!(
            "{en} cannot be issued: the reviewed years are {first}–{latest} (latest_reviewed_year = {latest})"
        ))
        .ja(format!(
            "{ja}の版は発行できません。評価が済んだ年度は {first}〜{latest}年度です（latest_reviewed_year = {latest}）"
        ))
        .help("enter the year's actuals and raise latest_reviewed_year in site.toml first")
        .ja_help("先にその年度の実績を入力し、site.toml の latest_reviewed_year を上げてください")
        .into());
    }
    let path = content.join(EDITIONS_DIR).join(format!("{year}.toml"));
    let earlier = plan.editions.iter().find(|e| e.year == year);
    let reason = replace.map(str::trim);
    match (earlier, reason) {
        (Some(e), None) => {
            return Err(Diagnostic::error(format!(
                "the {en} edition was already issued on {}",
                e.date.iso()
            ))
            .ja(format!("{ja}版は {} に発行済みです", e.date.iso()))
            .in_file(&path)
            .help(format!(
                "to publish it again as it is now, replace it and say why: mieruka issue {year} --date {} --replace --reason \"…\"",
                date.iso()
            ))
            .ja_help(format!(
                "今の内容で出し直すときは、理由を添えて置き換えてください：mieruka issue {year} --date {} --replace --reason \"…\"",
                date.iso()
            ))
            .into());
        }
        (None, Some(_)) => {
            return Err(Diagnostic::error(format!(
                "--replace: no {en} edition has been issued, so there is nothing to replace"
            ))
            .ja(format!(
                "--replace：{ja}版はまだ発行していないため、置き換えるものがありません"
            ))
            .help(format!(
                "issue it without --replace and --reason: mieruka issue {year} --date {}",
                date.iso()
            ))
            .ja_help(format!(
                "--replace と --reason を付けずに発行してください：mieruka issue {year} --date {}",
                date.iso()
            ))
            .into());
        }
        (Some(_), Some("")) => {
            return Err(
                Diagnostic::error("--reason is empty: say why the edition is replaced")
                    .ja("--reason が空です。版を置き換える理由を書いてください")
                    .help("e.g. --reason \"corrected the FY2024 actual of No.7\"")
                    .ja_help("例：--reason \"No.7 の令和6年度実績を訂正\"")
                    .into(),
            );
        }
        _ => {}
    }
    let fiscal_end = Date::new(year + 1, 4, 1).unwrap_or(date);
    if date < fiscal_end {
        return Err(Diagnostic::error(format!(
            "the {en} edition cannot be dated {}: the fiscal year ends on {}-03-31",
            date.iso(),
            year + 1
        ))
        .ja(format!(
            "{ja}版の公表日を {} にはできません。その年度は {}-03-31 に終わります",
            date.iso(),
            year + 1
        ))
        .help("give the date the report is published, e.g. --date 2025-06-30")
        .ja_help("報告を公表する日を指定してください（例：--date 2025-06-30）")
        .into());
    }
    let mut replaced: Vec<(Date, String)> = Vec::new();
    if let (Some(e), Some(reason)) = (earlier, reason) {
        replaced.extend(e.replaced.iter().map(|r| (r.date, r.reason.clone())));
        replaced.push((e.date, reason.to_string()));
    }
    let text = record(&plan, year, date, &replaced)?;
    // What is written must read back as the same kind of record.
    let source: std::sync::Arc<str> = text.clone().into();
    crate::base::source::parse_toml::<EditionFile>(&path, &source).map_err(|d| {
        Diagnostic::error(format!(
            "internal error: the edition record does not read back ({})",
            d.message
        ))
        .ja("内部エラー：版の記録を読み直せませんでした。何も書き込んでいません")
    })?;
    let dir = content.join(EDITIONS_DIR);
    std::fs::create_dir_all(&dir)
        .map_err(|e| crate::base::source::io_error(&dir, "could not create the folder", &e))?;
    crate::cmd::import::edit::write_atomic(&path, text.as_bytes())?;
    Ok(Issued {
        path,
        initiatives: plan.initiatives.len(),
        replaced: earlier.is_some(),
    })
}

/// Whether a commentary text belongs in the edition of `year`: the
/// progress and shortfalls up to that year, the plans up to the next.
fn in_edition(year: i32, (y, kind): (i32, CommentaryKind)) -> bool {
    match kind {
        CommentaryKind::Progress | CommentaryKind::Shortfall => y <= year,
        CommentaryKind::Plan => y <= year + 1,
    }
}

/// The edition record of `year` as TOML.
fn record(
    plan: &Plan,
    year: i32,
    date: Date,
    replaced: &[(Date, String)],
) -> Result<String, Diagnostic> {
    let site = &plan.site;
    let langs = &site.languages;
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "# {}版：{} に公表した数値・達成状況・文章の記録です（mieruka issue が書きました。手で直さないでください）。",
        year_label(year, Lang::JA),
        date.iso()
    );
    let _ = writeln!(
        w,
        "# The {} edition as published on {}: every figure, status and text. Written by `mieruka issue`; do not edit by hand.",
        year_label(year, Lang::EN),
        date.iso()
    );
    let _ = writeln!(w, "format = {EDITION_FORMAT}");
    let _ = writeln!(w, "year = {year}");
    let _ = writeln!(w, "date = {}", date.iso());
    for (d, reason) in replaced {
        let _ = writeln!(
            w,
            "\n[[replaced]]\ndate = {}\nreason = {}",
            d.iso(),
            string(reason)
        );
    }
    for i in &plan.initiatives {
        let _ = writeln!(w, "\n[[initiatives]]");
        let _ = writeln!(w, "id = {}", string(&i.id));
        let _ = writeln!(w, "number = {}", i.number);
        let _ = writeln!(
            w,
            "strategy = {}\narea = {}\nitem = {}",
            i.strategy, i.area, i.item
        );
        let _ = writeln!(w, "division = {}", string(&i.division));
        if let Some(d) = site.divisions.get(&i.division) {
            let _ = writeln!(w, "division_name = {}", texts(d, langs));
        }
        let _ = writeln!(w, "title = {}", texts(&i.title, langs));
        let _ = writeln!(w, "description = {}", texts(&i.description, langs));
        let status = assess::initiative_status(i, year);
        let _ = writeln!(w, "status = {}", string(status.key()));
        for ind in &i.indicators {
            indicator(w, ind, year, site.first_year, langs);
        }
        for (&(y, kind), text) in &i.commentary {
            if !in_edition(year, (y, kind)) {
                continue;
            }
            let _ = writeln!(w, "\n[[initiatives.commentary]]");
            let _ = writeln!(w, "year = {y}\nkind = {}", string(kind_name(kind)));
            for &lang in langs {
                if let Some(file) = text.get(lang) {
                    let _ = writeln!(w, "text.{} = {}", lang.code(), long_string(&file.text()?));
                }
            }
        }
    }
    Ok(out)
}

fn indicator(w: &mut String, ind: &Indicator, year: i32, first: i32, langs: &[Lang]) {
    let _ = writeln!(w, "\n[[initiatives.indicators]]");
    let _ = writeln!(w, "id = {}", string(&ind.id));
    let _ = writeln!(w, "name = {}", texts(&ind.name, langs));
    match &ind.unit {
        Some(u) => {
            let _ = writeln!(w, "unit = {}", texts(u, langs));
        }
        None => {
            let _ = writeln!(w, "no_unit = true");
        }
    }
    let direction = match ind.direction {
        Direction::Higher => "higher",
        Direction::Lower => "lower",
        Direction::Milestone => "milestone",
    };
    let _ = writeln!(w, "direction = {}", string(direction));
    let _ = writeln!(w, "cumulative = {}", ind.cumulative);
    let qualifier = match ind.qualifier {
        Qualifier::None => "none",
        Qualifier::AtLeast => "at_least",
        Qualifier::AtMost => "at_most",
        Qualifier::OrLess => "or_less",
    };
    let _ = writeln!(w, "qualifier = {}", string(qualifier));
    if ind.rank {
        let _ = writeln!(w, "rank = true");
    }
    if let Some(d) = ind.decimals {
        let _ = writeln!(w, "decimals = {d}");
    }
    if let Some(b) = &ind.baseline {
        let mut parts = Vec::new();
        parts.extend(b.year.map(|y| format!("year = {y}")));
        parts.extend(b.value.map(|v| format!("value = {}", plain_number(v))));
        parts.extend(
            b.text
                .as_ref()
                .map(|t| format!("text = {}", texts(t, langs))),
        );
        let _ = writeln!(w, "baseline = {{ {} }}", parts.join(", "));
    }
    if let Some(f) = &ind.final_target {
        let mut parts = Vec::new();
        parts.extend(f.value.map(|v| format!("value = {}", figure(v))));
        parts.extend(
            f.text
                .as_ref()
                .map(|t| format!("text = {}", texts(t, langs))),
        );
        let _ = writeln!(w, "final_target = {{ {} }}", parts.join(", "));
    }
    if let Some(l) = &ind.milestone_label {
        let _ = writeln!(w, "milestone_label = {}", texts(l, langs));
    }
    let statuses: Vec<String> = (first..=year)
        .map(|y| {
            let f = ind.years.get(&y);
            let status = assess::year_status(
                ind.direction,
                f.and_then(|f| f.target),
                f.and_then(|f| f.actual),
            );
            format!("{y} = {}", string(status.key()))
        })
        .collect();
    let _ = writeln!(w, "statuses = {{ {} }}", statuses.join(", "));
    // The reference figures beside it, as published.
    let number = |v: f64, places: Option<u8>| match places {
        Some(p) => format!("{v:.p$}", p = usize::from(p)),
        None => plain_number(v),
    };
    for b in &ind.benchmarks {
        let _ = writeln!(w, "\n[[initiatives.indicators.benchmarks]]");
        let _ = writeln!(w, "label = {}", texts(&b.label, langs));
        let _ = writeln!(w, "value = {}", number(b.value, b.places));
        match b.year {
            Some(y) => {
                let _ = writeln!(w, "year = {y}");
            }
            None => {
                let _ = writeln!(w, "no_year = true");
            }
        }
        if let Some(t) = &b.source {
            let _ = writeln!(w, "source = {}", texts(t, langs));
        }
        if let Some(m) = &b.measure {
            let _ = writeln!(w, "measure = {}", texts(&m.name, langs));
            if let Some(u) = &m.unit {
                let _ = writeln!(w, "unit = {}", texts(u, langs));
            }
            if let Some((v, places)) = m.own_value {
                let _ = writeln!(w, "own_value = {}", number(v, places));
            }
        }
    }
    // Figures at dates are recorded by their dates, as initiative.toml writes them.
    let table = if ind.measured_at_dates() {
        "dates"
    } else {
        "years"
    };
    let _ = writeln!(w, "\n[initiatives.indicators.{table}]");
    for (&y, f) in &ind.years {
        let mut parts = Vec::new();
        parts.extend(f.target.map(|t| format!("target = {}", figure(t))));
        // What was not yet reviewed in that year is not in its edition.
        if y <= year {
            parts.extend(f.actual.map(|a| format!("actual = {}", figure(a))));
            parts.extend(f.state.map(|s| format!("state = {}", string(s.key()))));
        }
        parts.extend(
            f.target_text
                .as_ref()
                .map(|t| format!("target_text = {}", texts(t, langs))),
        );
        if y <= year {
            parts.extend(
                f.actual_text
                    .as_ref()
                    .map(|t| format!("actual_text = {}", texts(t, langs))),
            );
            parts.extend(
                f.city_verdict
                    .as_ref()
                    .map(|t| format!("city_verdict = {}", texts(t, langs))),
            );
        }
        if !parts.is_empty() {
            let key = f.measured_on().map_or_else(|| y.to_string(), |d| d.iso());
            let _ = writeln!(w, "{key} = {{ {} }}", parts.join(", "));
        }
    }
}

fn kind_name(kind: CommentaryKind) -> &'static str {
    match kind {
        CommentaryKind::Progress => "progress",
        CommentaryKind::Plan => "plan",
        CommentaryKind::Shortfall => "shortfall",
    }
}

fn figure(f: Figure) -> String {
    match f {
        Figure::Number(n) => plain_number(n),
        Figure::Done(d) => d.to_string(),
    }
}

/// A text in each language it is written in (a missing translation is left
/// out, as the pages marked it): `{ ja = "…", en = "…" }`.
fn texts(t: &LangText, langs: &[Lang]) -> String {
    let parts: Vec<String> = langs
        .iter()
        .filter_map(|&lang| {
            // Only what is written in the content, never a fallback.
            let text = if lang == Lang::JA {
                Some(t.ja.as_str())
            } else {
                t.other
                    .iter()
                    .find(|(l, x)| *l == lang && !x.trim().is_empty())
                    .map(|(_, x)| x.as_str())
            };
            text.map(|x| format!("{} = {}", lang.code(), string(x)))
        })
        .collect();
    format!("{{ {} }}", parts.join(", "))
}

/// A TOML basic string on one line.
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        escape(c, &mut out, false);
    }
    out.push('"');
    out
}

/// A TOML multi-line basic string: Markdown stays readable, line by line,
/// in a diff.
fn long_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    out.push_str("\"\"\"\n");
    for c in s.chars() {
        escape(c, &mut out, true);
    }
    out.push_str("\"\"\"");
    out
}

fn escape(c: char, out: &mut String, multi_line: bool) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\n' if multi_line => out.push('\n'),
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        c if c.is_control() => {
            let _ = write!(out, "\\u{:04X}", c as u32);
        }
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_read_back_as_written() {
        for s in [
            "plain",
            "quote \" and \\ backslash",
            "tab\tand\u{7}bell",
            "ends with a quote\"",
            "\"\"\" three",
            "行政経営プログラム",
        ] {
            let doc = format!("a = {}\nb = {}\n", string(s), long_string(s));
            let v: toml::Table = toml::from_str(&doc).unwrap();
            assert_eq!(v["a"].as_str(), Some(s), "{doc}");
            assert_eq!(v["b"].as_str(), Some(s), "{doc}");
        }
        let md = "# 見出し\n\n- 一つ目\n- 二つ目\n";
        let v: toml::Table = toml::from_str(&format!("b = {}\n", long_string(md))).unwrap();
        assert_eq!(v["b"].as_str(), Some(md));
    }
}
