//! `mieruka new initiative`: a complete, valid starting point for the office to fill in.
//!
//! `mieruka new initiative 17-new-initiative [--number 17]` creates
//! `initiatives/17-new-initiative/` with
//!
//! - `initiative.toml`: every field present (optional ones as commented
//!   examples), each explained in Japanese and English, placed under the
//!   first strategy / area / item and the first division of `site.toml`, one
//!   indicator with a target of 0 for every year of the plan, and the schedule
//!   `implement` for every year;
//! - `YEAR.progress.ja.md` / `.en.md` for the latest reviewed year, with a
//!   placeholder sentence.
//!
//! The result passes `mieruka build --strict` as it is, so the new page can
//! be previewed at once and filled in step by step.

use std::fs;
use std::path::{Path, PathBuf};

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::text::era_label;
use crate::check::config::BuildOptions;
use crate::check::config::SiteFile;

/// Creates `initiatives/<slug>/` with a complete, valid initiative.toml (both
/// languages' placeholders, comments explaining each field) and returns its folder.
pub fn new_initiative(
    content: &Path,
    slug: &str,
    number: Option<u32>,
) -> Result<std::path::PathBuf, Diagnostics> {
    if let Err(why) = crate::model::id::check_id(slug) {
        return Err(Diagnostic::error(format!("the folder name `{slug}` {why}"))
            .ja(format!("フォルダー名 `{slug}` は{}", why.ja()))
            .help("use lower-case letters, digits and \"-\", e.g. 17-new-initiative")
            .ja_help("小文字の英字・数字・「-」を使ってください（例：17-new-initiative）")
            .into());
    }
    let site = crate::check::config::load_site(content)?;
    let initiatives = content.join("initiatives");
    let dir = initiatives.join(slug);
    if dir.exists() {
        return Err(Diagnostic::error(format!(
            "there is already a folder `{slug}` in {}",
            initiatives.display()
        ))
        .ja(format!(
            "{} に `{slug}` というフォルダーがすでにあります",
            initiatives.display()
        ))
        .in_file(&dir)
        .help("choose another name; mieruka never overwrites an initiative")
        .ja_help("別の名前にしてください（mieruka は既存の取組項目を上書きしません）")
        .into());
    }
    let used = used_numbers(content);
    let number = match number {
        Some(0) => {
            return Err(Diagnostic::error("initiative numbers start at 1")
                .ja("取組項目の番号は 1 から始まります")
                .into());
        }
        Some(n) => match used.iter().find(|(m, _)| *m == n) {
            Some((_, path)) => {
                return Err(Diagnostic::error(format!(
                    "the number {n} is already used by {}",
                    path.display()
                ))
                .ja(format!(
                    "番号 {n} は {} ですでに使われています",
                    path.display()
                ))
                .in_file(path)
                .help(format!(
                    "leave out --number to take the next free number ({})",
                    next_number(&used)
                ))
                .ja_help(format!(
                    "--number を付けなければ、次の空き番号（{}）になります",
                    next_number(&used)
                ))
                .into());
            }
            None => n,
        },
        None => next_number(&used),
    };
    let placement = placement(&site)?;
    let toml = initiative_toml(&site, &placement, number);
    // The template is ours: if it ever stopped parsing, that is a bug of mieruka.
    if let Err(e) = toml::from_str::<crate::check::load::InitiativeFile>(&toml) {
        return Err(Diagnostic::error(format!(
            "internal error: the new initiative.toml does not parse: {e}"
        ))
        .into());
    }
    let year = site.latest_year();
    let files = [
        ("initiative.toml".to_string(), toml),
        (
            format!("{year}.progress.ja.md"),
            format!("（{}の取組状況を入力）\n", era_label(year)),
        ),
        (
            format!("{year}.progress.en.md"),
            format!("(What was done in FY{year}: write it here.)\n"),
        ),
    ];
    let io = |path: &Path, e: std::io::Error| {
        Diagnostics::from(crate::base::source::io_error(
            path,
            "could not create the initiative",
            &e,
        ))
    };
    fs::create_dir_all(&initiatives).map_err(|e| io(&initiatives, e))?;
    fs::create_dir(&dir).map_err(|e| io(&dir, e))?;
    for (name, text) in &files {
        let path = dir.join(name);
        if let Err(e) = fs::write(&path, text) {
            // The folder is ours and new: leave nothing half-made behind.
            let _ = fs::remove_dir_all(&dir);
            return Err(io(&path, e));
        }
    }
    Ok(dir)
}

/// Numbers in use with the file that uses each. From the checked plan when the
/// content is valid; otherwise from every initiative.toml that can be read.
fn used_numbers(content: &Path) -> Vec<(u32, PathBuf)> {
    let options = BuildOptions {
        content: content.to_path_buf(),
        ..Default::default()
    };
    if let Ok((plan, _)) = crate::check::check(&options) {
        return plan
            .initiatives
            .into_iter()
            .map(|i| (i.number, i.path))
            .collect();
    }
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(content.join("initiatives")) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path().join("initiative.toml");
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let Ok(table) = text.trim_start_matches('\u{feff}').parse::<toml::Table>() else {
            continue;
        };
        if let Some(n) = table.get("number").and_then(toml::Value::as_integer)
            && let Ok(n) = u32::try_from(n)
        {
            out.push((n, path));
        }
    }
    out
}

fn next_number(used: &[(u32, PathBuf)]) -> u32 {
    used.iter()
        .map(|(n, _)| *n)
        .max()
        .unwrap_or(0)
        .saturating_add(1)
}

/// Where the new initiative goes until the office moves it.
struct Placement {
    strategy: u32,
    area: u32,
    item: u32,
    /// For the comments: the names of strategy, area and item.
    names: [String; 3],
    division: String,
    division_name: String,
}

fn placement(site: &SiteFile) -> Result<Placement, Diagnostic> {
    let c = &site.config;
    let found = c.strategies.iter().find_map(|s| {
        s.areas.iter().find_map(|a| {
            a.items.first().map(|i| {
                (
                    (
                        *s.number.get_ref(),
                        *a.number.get_ref(),
                        *i.number.get_ref(),
                    ),
                    [s.name.ja.clone(), a.name.ja.clone(), i.name.ja.clone()],
                )
            })
        })
    });
    let Some(((strategy, area, item), names)) = found else {
        return Err(Diagnostic::error(
            "site.toml has no strategy with an area and an item to place the initiative under",
        )
        .ja("site.toml に、取組項目を置ける取組戦略・取組の方向性・取組項目がありません")
        .in_file(&site.path)
        .help("add [[strategies]] with [[strategies.areas]] and [[strategies.areas.items]] (see docs/content-format.md)")
        .ja_help("[[strategies]]、[[strategies.areas]]、[[strategies.areas.items]] を追加してください（docs/content-format.md 参照）"));
    };
    // The first division as written in the file (the parsed map is sorted).
    let first_key = site
        .source
        .parse::<toml_edit::DocumentMut>()
        .ok()
        .and_then(|doc| {
            doc.get("divisions")
                .and_then(|d| d.as_table_like())
                .and_then(|t| t.iter().next().map(|(k, _)| k.to_string()))
        })
        .filter(|k| c.divisions.contains_key(k));
    let Some((division, name)) = first_key
        .and_then(|k| c.divisions.get_key_value(&k))
        .or_else(|| c.divisions.iter().next())
    else {
        return Err(Diagnostic::error("site.toml lists no divisions ([divisions])")
            .ja("site.toml に所管課（[divisions]）がありません")
            .ja_help("例：digital = { ja = \"デジタル推進課\", en = \"Digital Promotion Division\" } を [divisions] に追加してください")
            .in_file(&site.path)
            .help("add e.g. digital = { ja = \"デジタル推進課\", en = \"Digital Promotion Division\" }"));
    };
    Ok(Placement {
        strategy,
        area,
        item,
        names,
        division: division.clone(),
        division_name: name.ja.clone(),
    })
}

/// Text safe inside a `#` comment: one line.
fn comment(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn initiative_toml(site: &SiteFile, p: &Placement, number: u32) -> String {
    let years: Vec<i32> = site.years().collect();
    let first = site.first_year();
    let quoted = |s: &str| toml_edit::Value::from(s).to_string();
    let mut t = String::new();
    t.push_str(&format!(
        "# No.{number} 取組項目 / initiative\n\
         # 各項目の書き方は docs/content-format.md を参照してください。\n\
         # Every field is explained in docs/content-format.md.\n\
         # 「（…を入力）」「(…)」の部分を書き換え、`mieruka check` で確認します。\n\
         # Replace the placeholders in brackets, then run `mieruka check`.\n\
         \n\
         # 取組項目の番号（No.）。計画全体で重複しない番号です。\n\
         # The initiative's number (No.), unique across the plan.\n\
         number = {number}\n\
         \n\
         # 体系上の位置：取組戦略・取組の方向性・取組項目の番号（site.toml の [[strategies]] にあるもの）。\n\
         # Place in the hierarchy: strategy, area (1) and item ① numbers, as listed under [[strategies]] in site.toml.\n\
         strategy = {}   # {}\n\
         area = {}   # {}\n\
         item = {}   # {}\n\
         \n\
         # 所管課：site.toml の [divisions] のキー。\n\
         # Responsible division: a key of [divisions] in site.toml.\n\
         division = {}   # {}\n\
         \n\
         # 取組項目名（日本語は必須。英語がないと英語ページは「翻訳準備中」になります）。\n\
         # Title of the initiative (Japanese required; without English the English page shows \"translation pending\").\n\
         title = {{ ja = \"（取組項目名を入力）\", en = \"(title of the initiative)\" }}\n\
         \n\
         # 取組内容の説明。\n\
         # What the initiative does.\n\
         description = {{ ja = \"（取組内容を入力）\", en = \"(what the initiative does)\" }}\n\
         \n\
         # 取組工程：計画の年度ごとに1語。\n\
         #   study（検討） | implement（実施） | continue（継続） | study_implement（検討・実施）\n\
         # Schedule: one word per fiscal year of the plan (Gregorian start year: 令和6年度 = 2024).\n\
         [schedule]\n",
        p.strategy,
        comment(&p.names[0]),
        p.area,
        comment(&p.names[1]),
        p.item,
        comment(&p.names[2]),
        quoted(&p.division),
        comment(&p.division_name),
    ));
    for y in &years {
        t.push_str(&format!("{y} = \"implement\"\n"));
    }
    t.push_str(&format!(
        "\n\
         # 指標（1つ以上）。指標を増やすときは [[indicators]] から [indicators.years] の年度までをまとめて複写し、id を変えます。\n\
         # Indicators: one or more. To add one, copy everything from [[indicators]] to the end of its\n\
         # [indicators.years] and give the copy its own id.\n\
         [[indicators]]\n\
         # 指標のID：半角英小文字・数字・「-」。ファイル名に使われます。\n\
         # Indicator id: lower-case letters, digits and \"-\"; used in file names.\n\
         id = \"indicator-1\"\n\
         \n\
         # 指標名。\n\
         # Name of the indicator.\n\
         name = {{ ja = \"（指標名を入力）\", en = \"(name of the indicator)\" }}\n\
         \n\
         # 単位（milestone の指標では不要）。\n\
         # Unit of the figures (not needed for a milestone).\n\
         unit = {{ ja = \"件\", en = \"cases\" }}\n\
         \n\
         # 評価の方向：\n\
         #   higher    … 実績が目標以上で達成 / met when actual ≥ target\n\
         #   lower     … 実績が目標以内で達成 / met when actual ≤ target\n\
         #   milestone … 実施・未実施（数値なし。target / actual は true / false）/ done or not done (true / false)\n\
         direction = \"higher\"\n\
         \n\
         # 数値が累計なら true（「累計…」と表示）。\n\
         # true when the figures are running totals (printed as 累計… / cumulative).\n\
         cumulative = false\n\
         \n\
         # 目標値の後に付ける語：none（なし） | at_least（以上） | at_most（以内）。\n\
         # Word printed after the targets: none | at_least (以上) | at_most (以内).\n\
         qualifier = \"none\"\n\
         \n\
         # 任意：小数点以下の桁数（60.0% と表示するなら 1）。\n\
         # Optional: fixed digits after the point (1 prints 60 as 60.0).\n\
         # decimals = 1\n\
         \n\
         # 任意：基準値（報告書で「－」なら書きません）。\n\
         # Optional: baseline; leave it out when the report shows \"－\".\n\
         # baseline = {{ year = {}, value = 0 }}\n\
         \n\
         # 任意：計画最終年度の目標値。\n\
         # Optional: the target at the end of the plan.\n\
         # final_target = {{ value = 0 }}\n\
         \n\
         # 年度ごとの目標（target）と実績（actual）。数値は単位・カンマなしで書きます（例：45872、38.1）。\n\
         # 実績は年度の評価が済んだら actual = … を加えます（mieruka import でも入力できます）。\n\
         # 達成・未達成は目標と実績から自動で判定されます。目標のない年度は行ごと消してかまいません。\n\
         # Target and actual per fiscal year, as plain numbers without units or commas (45872, 38.1).\n\
         # Add actual = … once the year is reviewed (or use `mieruka import`); met / not met is computed.\n\
         # A year without a target may be deleted.\n\
         [indicators.years]\n",
        first - 1,
    ));
    for (n, y) in years.iter().enumerate() {
        let example = if n == 0 {
            "   # 例 / e.g. { target = 250, actual = 171 }"
        } else {
            ""
        };
        t.push_str(&format!("{y} = {{ target = 0 }}{example}\n"));
    }
    t
}
