//! `mieruka issue YEAR --date DATE`: records a year's report as it is
//! published today, every figure, status and text, in
//! `content/editions/YEAR.toml`, so that the site keeps that edition as it
//! was issued after the content moves on.
//!
//! The record is plain TOML written here line by line (diffable, one
//! indicator and one text after another in the content's order); its
//! indicators are in the format of `initiative.toml`. It is read back by
//! `load::load_editions` and checked by `validate/edition.rs`.

use std::path::{Path, PathBuf};

use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value, value};

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
/// already issued is refused. Nothing is written unless everything checks,
/// as `check --strict` would: an edition is issued only complete.
pub fn issue(
    content: &Path,
    year: i32,
    date: Date,
    replace: Option<&str>,
) -> Result<Issued, Diagnostics> {
    issue_on(content, year, date, replace, today())
}

/// [`issue`] with today's date given: the one use of the clock, which
/// bounds `--date` (at most [`DAYS_AHEAD`] days ahead).
pub fn issue_on(
    content: &Path,
    year: i32,
    date: Date,
    replace: Option<&str>,
    today: Date,
) -> Result<Issued, Diagnostics> {
    let options = crate::check::config::BuildOptions {
        content: content.to_path_buf(),
        strict: true,
        ..crate::check::config::BuildOptions::default()
    };
    let (ja, en) = (year_label(year, Lang::JA), year_label(year, Lang::EN));
    let plan = match crate::check::check(&options) {
        Ok((plan, _)) => plan,
        Err(mut diags) => {
            let n = diags.errors();
            diags.push(
                Diagnostic::error(format!(
                    "the {en} edition is issued only complete: `mieruka check --strict` finds {n} problem{} left (listed above)",
                    if n == 1 { "" } else { "s" }
                ))
                .ja(format!(
                    "{ja}版は、内容がそろってから発行します。mieruka check --strict で残っている問題が {n} 件あります（上に一覧があります）"
                ))
                .help("fix each one (an actual not yet known: write state = \"undecided\" or \"missing\" with a note), then issue again")
                .ja_help("一つずつ直してから、もう一度発行してください（実績がまだ分からないときは state = \"undecided\" か \"missing\" と書き、その理由を添えてください）"),
            );
            return Err(diags);
        }
    };
    let site = &plan.site;
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
    let dir = content.join(EDITIONS_DIR);
    let path = dir.join(format!("{year}.toml"));
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
    let head = head_of_chain(&plan.editions);
    check_date(year, date, head, today, &path)?;
    let links = Links {
        version: earlier.map_or(1, |e| e.version + 1),
        previous: head.map(|h| &h.digest),
        replaces: earlier,
        replaced: match (earlier, reason) {
            (Some(e), Some(reason)) => {
                let mut notes: Vec<(&Edition, String)> = e
                    .superseded
                    .iter()
                    .zip(&e.replaced)
                    .map(|(old, r)| (old, r.reason.clone()))
                    .collect();
                notes.push((e, reason.to_string()));
                notes
            }
            _ => Vec::new(),
        },
    };
    let canonical = record(&plan, year, date, &links)?;
    let (text, _digest) = seal(&canonical);
    // What is written must read back as the same kind of record.
    let source: std::sync::Arc<str> = text.clone().into();
    crate::base::source::parse_toml::<EditionFile>(&path, &source).map_err(|d| {
        Diagnostic::error(format!(
            "internal error: the edition record does not read back ({})",
            d.message
        ))
        .ja("内部エラー：版の記録を読み直せませんでした。何も書き込んでいません")
    })?;
    std::fs::create_dir_all(&dir)
        .map_err(|e| crate::base::source::io_error(&dir, "could not create the folder", &e))?;
    // A replacement keeps the version it replaces, byte for byte, beside it.
    let kept = match earlier {
        Some(e) => {
            let old = std::fs::read(&e.path)
                .map_err(|err| crate::base::source::io_error(&e.path, "could not read", &err))?;
            let kept = dir.join(format!("{year}.v{}.toml", e.version));
            if kept.exists() {
                return Err(Diagnostic::error(format!(
                    "{} is already there: a superseded version is never written over",
                    kept.display()
                ))
                .ja(format!(
                    "{} がすでにあります。置き換えられた版は上書きしません",
                    kept.display()
                ))
                .in_file(&kept)
                .help(RESTORE_HELP)
                .ja_help(RESTORE_HELP_JA)
                .into());
            }
            crate::cmd::import::edit::write_atomic(&kept, &old)?;
            Some(kept)
        }
        None => None,
    };
    if let Err(d) = crate::cmd::import::edit::write_atomic(&path, text.as_bytes()) {
        if let Some(kept) = kept {
            let _ = std::fs::remove_file(kept);
        }
        return Err(d.into());
    }
    Ok(Issued {
        path,
        initiatives: plan.initiatives.len(),
        replaced: earlier.is_some(),
    })
}

const RESTORE_HELP: &str =
    "put back editions/ as it was issued (from the published site's data/editions/ or a backup)";
const RESTORE_HELP_JA: &str = "editions/ を発行したときの状態に戻してください（公開中のサイトの data/editions/ か、バックアップから）";

/// How far ahead of today an edition may be dated.
pub const DAYS_AHEAD: i64 = 31;

/// The record issued last: the one no other record names as the one before.
fn head_of_chain(editions: &[Edition]) -> Option<&Edition> {
    let all: Vec<&Edition> = editions
        .iter()
        .flat_map(|e| std::iter::once(e).chain(e.superseded.iter()))
        .collect();
    all.iter()
        .copied()
        .filter(|r| !all.iter().any(|o| o.previous.as_ref() == Some(&r.digest)))
        .max_by_key(|r| (r.date, r.year, r.version))
}

/// An edition is dated after its fiscal year ended (31 March), no earlier
/// than the record issued before it, and at most [`DAYS_AHEAD`] days ahead.
fn check_date(
    year: i32,
    date: Date,
    head: Option<&Edition>,
    today: Date,
    path: &Path,
) -> Result<(), Diagnostic> {
    let (ja, en) = (year_label(year, Lang::JA), year_label(year, Lang::EN));
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
        .in_file(path)
        .help("give the date the report is published, e.g. --date 2025-06-30")
        .ja_help("報告を公表する日を指定してください（例：--date 2025-06-30）"));
    }
    if let Some(h) = head
        && date < h.date
    {
        let (hj, he) = (year_label(h.year, Lang::JA), year_label(h.year, Lang::EN));
        return Err(Diagnostic::error(format!(
            "the {en} edition cannot be dated {}: the record issued before it (the {he} edition, version {}) is dated {}",
            date.iso(),
            h.version,
            h.date.iso()
        ))
        .ja(format!(
            "{ja}版の公表日を {} にはできません。その前に発行した記録（{hj}版 第{}版）の公表日が {} です",
            date.iso(),
            h.version,
            h.date.iso()
        ))
        .in_file(&h.path)
        .help(format!("date it {} or later", h.date.iso()))
        .ja_help(format!("{} 以降の日付にしてください", h.date.iso())));
    }
    if days(date) > days(today) + DAYS_AHEAD {
        return Err(Diagnostic::error(format!(
            "the {en} edition cannot be dated {}: that is more than {DAYS_AHEAD} days after today ({})",
            date.iso(),
            today.iso()
        ))
        .ja(format!(
            "{ja}版の公表日を {} にはできません。今日（{}）から {DAYS_AHEAD} 日より先です",
            date.iso(),
            today.iso()
        ))
        .in_file(path)
        .help("give the date the report is published (today, or a day soon): check the year of --date")
        .ja_help("報告を公表する日（今日か、近い日）を指定してください。--date の年を確かめてください"));
    }
    Ok(())
}

/// Days since 1970-01-01 (proleptic Gregorian).
fn days(d: Date) -> i64 {
    let (y, m) = if d.month <= 2 {
        (i64::from(d.year) - 1, i64::from(d.month) + 9)
    } else {
        (i64::from(d.year), i64::from(d.month) - 3)
    };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + i64::from(d.day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01.
fn from_days(z: i64) -> Option<Date> {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date::new(
        i32::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
    )
}

/// Today in Japan (UTC+9), from the clock.
fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
    from_days((secs + 9 * 3600).div_euclid(86_400)).unwrap_or(Date {
        year: 2200,
        month: 12,
        day: 31,
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

/// Where a record stands in the chain of the plan's records.
pub(crate) struct Links<'a> {
    pub version: u32,
    /// The record issued before it (the head of the chain).
    pub previous: Option<&'a Digest>,
    /// The version it replaces.
    pub replaces: Option<&'a Edition>,
    /// The notes of every version replaced, oldest first.
    pub replaced: Vec<(&'a Edition, String)>,
}

/// The edition record of `year` as TOML: its canonical content, without
/// the digest line [`seal`] adds. Written through toml_edit, one indicator
/// and one text after another in the content's order, so that the same
/// content gives the same bytes.
fn record(plan: &Plan, year: i32, date: Date, links: &Links) -> Result<String, Diagnostic> {
    let site = &plan.site;
    let langs = &site.languages;
    let mut doc = DocumentMut::new();
    doc["format"] = value(i64::from(EDITION_FORMAT));
    if let Some(mut key) = doc.as_table_mut().key_mut("format") {
        key.leaf_decor_mut().set_prefix(format!(
            "# {}版：{} に公表した数値・達成状況・文章の記録です（mieruka issue が書きました。手で直さないでください）。\n# The {} edition as published on {}: every figure, status and text. Written by `mieruka issue`; do not edit by hand.\n# digest: the SHA-256 of this file without its digest line, that is of the file the site publishes as data/editions/{year}.v{}.toml.\n",
            year_label(year, Lang::JA),
            date.iso(),
            year_label(year, Lang::EN),
            date.iso(),
            links.version
        ));
    }
    doc["year"] = value(i64::from(year));
    doc["version"] = value(i64::from(links.version));
    doc["date"] = raw(&date.iso());
    if let Some(p) = links.previous {
        doc["previous"] = value(p.written());
    }
    if let Some(r) = links.replaces {
        doc["replaces"] = value(r.digest.written());
    }
    if !links.replaced.is_empty() {
        let mut notes = ArrayOfTables::new();
        for (e, reason) in &links.replaced {
            let mut t = Table::new();
            t["version"] = value(i64::from(e.version));
            t["date"] = raw(&e.date.iso());
            t["reason"] = value(reason.as_str());
            t["record"] = value(e.digest.written());
            notes.push(t);
        }
        doc["replaced"] = Item::ArrayOfTables(notes);
    }
    let mut initiatives = ArrayOfTables::new();
    for i in &plan.initiatives {
        let mut t = Table::new();
        t["id"] = value(i.id.as_str());
        t["number"] = value(i64::from(i.number));
        t["strategy"] = value(i64::from(i.strategy));
        t["area"] = value(i64::from(i.area));
        t["item"] = value(i64::from(i.item));
        t["division"] = value(i.division.as_str());
        if let Some(d) = site.divisions.get(&i.division) {
            t["division_name"] = texts(d, langs);
        }
        t["title"] = texts(&i.title, langs);
        t["description"] = texts(&i.description, langs);
        t["status"] = value(assess::initiative_status(i, year).key());
        let mut indicators = ArrayOfTables::new();
        for ind in &i.indicators {
            indicators.push(indicator(ind, year, site.first_year, langs));
        }
        if !indicators.is_empty() {
            t["indicators"] = Item::ArrayOfTables(indicators);
        }
        let mut commentary = ArrayOfTables::new();
        for (&(y, kind), text) in &i.commentary {
            if !in_edition(year, (y, kind)) {
                continue;
            }
            let mut c = Table::new();
            c["year"] = value(i64::from(y));
            c["kind"] = value(kind_name(kind));
            let mut by_lang = Table::new();
            by_lang.set_dotted(true);
            for &lang in langs {
                if let Some(file) = text.get(lang) {
                    by_lang[lang.code()] = value(&*file.text()?);
                }
            }
            c["text"] = Item::Table(by_lang);
            commentary.push(c);
        }
        if !commentary.is_empty() {
            t["commentary"] = Item::ArrayOfTables(commentary);
        }
        initiatives.push(t);
    }
    doc["initiatives"] = Item::ArrayOfTables(initiatives);
    Ok(doc.to_string())
}

/// A value written as the content writes it (a figure's decimals, a
/// date), through toml_edit's parser.
fn raw(written: &str) -> Item {
    match written.parse::<Value>() {
        Ok(mut v) => {
            v.decor_mut().clear();
            Item::Value(v)
        }
        Err(_) => value(written),
    }
}

fn inline(parts: Vec<(&str, Item)>) -> Item {
    let mut t = InlineTable::new();
    for (k, v) in parts {
        if let Item::Value(v) = v {
            t.insert(k, v);
        }
    }
    Item::Value(Value::InlineTable(t))
}

fn indicator(ind: &Indicator, year: i32, first: i32, langs: &[Lang]) -> Table {
    let mut t = Table::new();
    t["id"] = value(ind.id.as_str());
    t["name"] = texts(&ind.name, langs);
    match &ind.unit {
        Some(u) => t["unit"] = texts(u, langs),
        None => t["no_unit"] = value(true),
    }
    let direction = match ind.direction {
        Direction::Higher => "higher",
        Direction::Lower => "lower",
        Direction::Milestone => "milestone",
    };
    t["direction"] = value(direction);
    t["cumulative"] = value(ind.cumulative);
    let qualifier = match ind.qualifier {
        Qualifier::None => "none",
        Qualifier::AtLeast => "at_least",
        Qualifier::AtMost => "at_most",
        Qualifier::OrLess => "or_less",
    };
    t["qualifier"] = value(qualifier);
    if ind.rank {
        t["rank"] = value(true);
    }
    if let Some(d) = ind.decimals {
        t["decimals"] = value(i64::from(d));
    }
    if let Some(b) = &ind.baseline {
        let mut parts = Vec::new();
        parts.extend(b.year.map(|y| ("year", value(i64::from(y)))));
        parts.extend(b.value.map(|v| ("value", raw(&plain_number(v)))));
        parts.extend(b.text.as_ref().map(|x| ("text", texts(x, langs))));
        t["baseline"] = inline(parts);
    }
    if let Some(f) = &ind.final_target {
        let mut parts = Vec::new();
        parts.extend(f.value.map(|v| ("value", raw(&figure(v)))));
        parts.extend(f.text.as_ref().map(|x| ("text", texts(x, langs))));
        t["final_target"] = inline(parts);
    }
    if let Some(l) = &ind.milestone_label {
        t["milestone_label"] = texts(l, langs);
    }
    let statuses: Vec<(String, Item)> = (first..=year)
        .map(|y| {
            let f = ind.years.get(&y);
            let status = assess::year_status(
                ind.direction,
                f.and_then(|f| f.target),
                f.and_then(|f| f.actual),
            );
            (y.to_string(), value(status.key()))
        })
        .collect();
    t["statuses"] = inline(
        statuses
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect(),
    );
    // The reference figures beside it, as published.
    let number = |v: f64, places: Option<u8>| match places {
        Some(p) => raw(&format!("{v:.p$}", p = usize::from(p))),
        None => raw(&plain_number(v)),
    };
    let mut benchmarks = ArrayOfTables::new();
    for b in &ind.benchmarks {
        let mut bt = Table::new();
        bt["label"] = texts(&b.label, langs);
        bt["value"] = number(b.value, b.places);
        match b.year {
            Some(y) => bt["year"] = value(i64::from(y)),
            None => bt["no_year"] = value(true),
        }
        if let Some(s) = &b.source {
            bt["source"] = texts(s, langs);
        }
        if let Some(m) = &b.measure {
            bt["measure"] = texts(&m.name, langs);
            if let Some(u) = &m.unit {
                bt["unit"] = texts(u, langs);
            }
            if let Some((v, places)) = m.own_value {
                bt["own_value"] = number(v, places);
            }
        }
        benchmarks.push(bt);
    }
    if !benchmarks.is_empty() {
        t["benchmarks"] = Item::ArrayOfTables(benchmarks);
    }
    // Figures at dates are recorded by their dates, as initiative.toml writes them.
    let key = if ind.measured_at_dates() {
        "dates"
    } else {
        "years"
    };
    let mut years = Table::new();
    for (&y, f) in &ind.years {
        let mut parts = Vec::new();
        parts.extend(f.target.map(|x| ("target", raw(&figure(x)))));
        // What was not yet reviewed in that year is not in its edition.
        if y <= year {
            parts.extend(f.actual.map(|a| ("actual", raw(&figure(a)))));
            parts.extend(f.state.map(|s| ("state", value(s.key()))));
        }
        parts.extend(
            f.target_text
                .as_ref()
                .map(|x| ("target_text", texts(x, langs))),
        );
        if y <= year {
            parts.extend(
                f.actual_text
                    .as_ref()
                    .map(|x| ("actual_text", texts(x, langs))),
            );
            parts.extend(
                f.city_verdict
                    .as_ref()
                    .map(|x| ("city_verdict", texts(x, langs))),
            );
        }
        if !parts.is_empty() {
            let at = f.measured_on().map_or_else(|| y.to_string(), |d| d.iso());
            years[at.as_str()] = inline(parts);
        }
    }
    t[key] = Item::Table(years);
    t
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
fn texts(t: &LangText, langs: &[Lang]) -> Item {
    let parts: Vec<(&str, Item)> = langs
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
            text.map(|x| (lang.code(), value(x)))
        })
        .collect();
    inline(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_read_back_as_written() {
        for text in [
            "plain",
            "quote \" and \\ backslash",
            "tab\tand\u{7}bell",
            "ends with a quote\"",
            "\"\"\" three \'\'\' and three",
            "行政経営プログラム",
            "# 見出し\n\n- 一つ目\n- 二つ目\n",
            "\nstarts with a line break\n",
        ] {
            let mut doc = DocumentMut::new();
            doc["a"] = value(text);
            let mut t = Table::new();
            t.set_dotted(true);
            t["ja"] = value(text);
            doc["text"] = Item::Table(t);
            let written = doc.to_string();
            let v: toml::Table = toml::from_str(&written).unwrap();
            assert_eq!(v["a"].as_str(), Some(text), "{written}");
            assert_eq!(v["text"]["ja"].as_str(), Some(text), "{written}");
        }
    }

    #[test]
    fn days_count_from_1970() {
        for (iso, n) in [
            ("1970-01-01", 0),
            ("2000-03-01", 11_017),
            ("2025-09-30", 20_361),
        ] {
            let d = Date::parse(iso).unwrap();
            assert_eq!(days(d), n, "{iso}");
            assert_eq!(from_days(n), Some(d));
        }
    }

    #[test]
    fn figures_keep_their_decimals() {
        let mut doc = DocumentMut::new();
        doc["a"] = raw("93.10");
        doc["b"] = raw("2025-09-30");
        doc["c"] = inline(vec![("target", raw("350")), ("actual", raw("37.7"))]);
        assert_eq!(
            doc.to_string(),
            "a = 93.10\nb = 2025-09-30\nc = { target = 350, actual = 37.7 }\n"
        );
    }
}
