//! `mieruka new plan FIRST LAST`: the office starts the next plan. The plan
//! of `site.toml` has finished: it moves, with its initiatives and editions,
//! into `plans/<its first>-<its last>/` (its settings into that folder's
//! `plan.toml`), where it keeps its final report under its own address; the
//! next plan takes its place in `site.toml`, with the period given, the
//! hierarchy and divisions of the finished plan to edit, and no initiatives
//! yet. Refused, writing nothing, when the content does not check, when the
//! finished plan's last year is not reviewed, or when the periods overlap.

use std::fs;
use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, Item, value};

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::source::io_error;
use crate::check::config::BuildOptions;
use crate::check::config::{PLAN_FILE, PLANS_DIR};

/// What `new plan` did.
#[derive(Debug)]
pub struct NewPlan {
    /// Where the finished plan now is: `content/plans/2022-2026/`.
    pub finished: PathBuf,
    pub first_year: i32,
    pub last_year: i32,
}

/// The settings of `site.toml` that belong to its plan (the rest is the site's).
const PLAN_KEYS: [&str; 4] = ["latest_reviewed_year", "plan", "divisions", "strategies"];
/// What belongs to the finished plan alone: its counts by status and its
/// headline targets move to its `plan.toml` and leave `site.toml`. (Its
/// scales are copied: the next plan usually judges on the same scale.)
const FINISHED_ONLY: [&str; 2] = ["status_counts", "headline_targets"];
const COPIED: [&str; 1] = ["status_scales"];

/// Moves the plan of `site.toml` into `plans/<id>/` and starts the plan of
/// `first`–`last` in its place. Nothing is written when it is refused.
pub fn new_plan(content: &Path, first: i32, last: i32) -> Result<NewPlan, Diagnostics> {
    let options = BuildOptions {
        content: content.to_path_buf(),
        ..BuildOptions::default()
    };
    let (plan, _) = crate::check::check(&options)?;
    let site = &plan.site;
    let (old_first, old_last) = (site.first_year, site.last_year);
    let site_toml = content.join("site.toml");
    if site.latest_year != old_last {
        let file = crate::check::config::load_site(content)?;
        let span = file.config.latest_reviewed_year.span();
        return Err(file
            .error_at(
                span,
                format!(
                    "the current plan (FY{old_first}–FY{old_last}) is reviewed up to FY{}, not to its last year",
                    site.latest_year
                ),
            )
        .ja(format!(
            "今の計画（{old_first}–{old_last}年度）の実績が {}年度までで、最後の年度まで入っていません",
            site.latest_year
        ))
        .field("latest_reviewed_year")
        .help(format!(
            "a finished plan keeps its final report: enter the actuals of FY{old_last}, set latest_reviewed_year = {old_last}, issue the edition (mieruka issue {old_last} --date …), then start the next plan"
        ))
        .ja_help(format!(
            "終わった計画は最終の報告を残します。{old_last}年度の実績を入れ、latest_reviewed_year = {old_last} にして版を発行（mieruka issue {old_last} --date …）してから、次の計画を始めてください"
        ))
        .into());
    }
    if first <= old_last || last < first || last - first > 50 {
        return Err(Diagnostic::error(format!(
            "the next plan's period FY{first}–FY{last} must begin after FY{old_last}, when the current plan ends, and end after it begins"
        ))
        .ja(format!(
            "次の計画の期間 {first}–{last}年度 は、今の計画が終わる {old_last}年度より後に始まり、始まりより後に終わるようにしてください"
        ))
        .help(format!(
            "write the first and last fiscal year of the next plan, e.g. mieruka new plan {} {}",
            old_last + 1,
            old_last + 1 + (old_last - old_first)
        ))
        .ja_help(format!(
            "次の計画の最初と最後の年度を西暦で書いてください（例：mieruka new plan {} {}）",
            old_last + 1,
            old_last + 1 + (old_last - old_first)
        ))
        .into());
    }
    let id = format!("{old_first}-{old_last}");
    let plans = content.join(PLANS_DIR);
    let dir = plans.join(&id);
    if dir.exists() {
        return Err(Diagnostic::error(format!(
            "there is already a folder plans/{id}/ in the content folder"
        ))
        .ja(format!("content フォルダーに plans/{id}/ がすでにあります"))
        .in_file(&dir)
        .help("mieruka never overwrites a plan: move that folder away first")
        .ja_help("mieruka は計画を上書きしません。先にそのフォルダーを別の場所へ移してください")
        .into());
    }
    let original =
        fs::read(&site_toml).map_err(|e| io_error(&site_toml, "could not read the file", &e))?;
    let text = String::from_utf8_lossy(&original);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        Diagnostic::error(format!("site.toml could not be read: {}", e.message()))
            .ja("site.toml を読めませんでした")
            .in_file(&site_toml)
    })?;
    let (plan_toml, next_site) = split(&mut doc, &id, (old_first, old_last), (first, last));

    // Every step is undone if a later one fails.
    let mut done: Vec<Step> = Vec::new();
    let result = (|| -> Result<(), Diagnostic> {
        if !plans.exists() {
            fs::create_dir(&plans)
                .map_err(|e| io_error(&plans, "could not create the folder", &e))?;
            done.push(Step::Created(plans.clone()));
        }
        fs::create_dir(&dir).map_err(|e| io_error(&dir, "could not create the folder", &e))?;
        done.push(Step::Created(dir.clone()));
        let file = dir.join(PLAN_FILE);
        crate::cmd::import::edit::write_atomic(&file, plan_toml.as_bytes())?;
        done.push(Step::Wrote(file));
        for sub in ["initiatives", "editions"] {
            let from = content.join(sub);
            if from.exists() {
                let to = dir.join(sub);
                fs::rename(&from, &to)
                    .map_err(|e| io_error(&from, "could not write the file", &e))?;
                done.push(Step::Moved(from, to));
            }
        }
        let initiatives = content.join("initiatives");
        fs::create_dir(&initiatives)
            .map_err(|e| io_error(&initiatives, "could not create the folder", &e))?;
        done.push(Step::Created(initiatives));
        crate::cmd::import::edit::write_atomic(&site_toml, next_site.as_bytes())?;
        Ok(())
    })();
    if let Err(d) = result {
        for step in done.into_iter().rev() {
            match step {
                Step::Created(p) => {
                    let _ = fs::remove_dir(p);
                }
                Step::Wrote(p) => {
                    let _ = fs::remove_file(p);
                }
                Step::Moved(from, to) => {
                    let _ = fs::rename(to, from);
                }
            }
        }
        let _ = crate::cmd::import::edit::write_atomic(&site_toml, &original);
        return Err(d.into());
    }
    Ok(NewPlan {
        finished: dir,
        first_year: first,
        last_year: last,
    })
}

enum Step {
    Created(PathBuf),
    Wrote(PathBuf),
    Moved(PathBuf, PathBuf),
}

/// The finished plan's `plan.toml` (the plan's settings of `site.toml`, as
/// written) and the next `site.toml` (the site's settings as they were; the
/// next plan's period; its name with the years changed; the same hierarchy
/// and divisions to edit).
fn split(doc: &mut DocumentMut, id: &str, old: (i32, i32), new: (i32, i32)) -> (String, String) {
    let mut plan = DocumentMut::new();
    for key in PLAN_KEYS.iter().chain(&COPIED) {
        if let Some(item) = doc.get(key) {
            plan.insert(key, item.clone());
        }
    }
    for key in FINISHED_ONLY {
        if let Some(item) = doc.remove(key) {
            plan.insert(key, item);
        }
    }
    let plan_toml = format!(
        "# 終わった計画（{}–{}年度）の設定です。mieruka new plan が site.toml から移しました。\n# The settings of a finished plan (FY{}–FY{}), moved here from site.toml by `mieruka new plan`.\n# Its pages are published under plans/{id}/.\n{}",
        old.0,
        old.1,
        old.0,
        old.1,
        plan.to_string().trim_start()
    );
    doc["latest_reviewed_year"] = value(i64::from(new.0));
    if let Some(table) = doc.get_mut("plan").and_then(Item::as_table_like_mut) {
        table.insert("first_year", value(i64::from(new.0)));
        table.insert("last_year", value(i64::from(new.1)));
        if let Some(name) = table.get_mut("name").and_then(Item::as_value_mut) {
            rename(name, old, new);
        }
    }
    (plan_toml, doc.to_string())
}

/// The plan's name with the years of the old period replaced by the new
/// ones (`2022▶2026` → `2027▶2031`), in every language.
fn rename(name: &mut toml_edit::Value, old: (i32, i32), new: (i32, i32)) {
    let swap = |s: &str| {
        s.replace(&old.0.to_string(), "\u{0}FIRST")
            .replace(&old.1.to_string(), "\u{0}LAST")
            .replace("\u{0}FIRST", &new.0.to_string())
            .replace("\u{0}LAST", &new.1.to_string())
    };
    match name {
        toml_edit::Value::String(s) => {
            let decor = s.decor().clone();
            *s = toml_edit::Formatted::new(swap(s.value()));
            *s.decor_mut() = decor;
        }
        toml_edit::Value::InlineTable(t) => {
            for (_, v) in t.iter_mut() {
                rename(v, old, new);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_moves_and_the_next_takes_its_name_with_its_years() {
        let mut doc: DocumentMut = "# site\nlatest_reviewed_year = 2026\nlanguages = [\"ja\", \"en\"]\n\n[site]\ntitle = { ja = \"市\" }\n\n[plan]\nname = { ja = \"第2次計画 2022▶2026\", en = \"Plan 2022–2026\" }\nfirst_year = 2022\nlast_year = 2026\n\n[divisions]\na = { ja = \"課\" }\n\n[[strategies]]\nnumber = 1\nname = { ja = \"戦略\" }\n"
            .parse()
            .unwrap();
        let (plan, site) = split(&mut doc, "2022-2026", (2022, 2026), (2027, 2031));
        assert!(plan.contains("latest_reviewed_year = 2026\n"), "{plan}");
        assert!(
            plan.contains("name = { ja = \"第2次計画 2022▶2026\", en = \"Plan 2022–2026\" }"),
            "{plan}"
        );
        assert!(
            plan.contains("[[strategies]]") && plan.contains("[divisions]"),
            "{plan}"
        );
        assert!(
            !plan.contains("[site]") && !plan.contains("languages"),
            "{plan}"
        );
        assert!(
            site.starts_with("# site\nlatest_reviewed_year = 2027\nlanguages"),
            "{site}"
        );
        assert!(site.contains("name = { ja = \"第2次計画 2027▶2031\", en = \"Plan 2027–2031\" }\nfirst_year = 2027\nlast_year = 2031\n"), "{site}");
        assert!(site.contains("[site]\ntitle"), "{site}");
    }
}
