//! One row of a filled-in spreadsheet: which initiative and indicator it
//! names, the figure it asks to store, and every problem with it, said in
//! English and Japanese where it is found.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

pub(crate) use super::sheet::normalize_text;
use super::sheet::{Cell, RowAt, RowProblem, Table, Unusable};
use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::text::Lang;
use crate::model::{CommentaryKind, Direction, Figure, Indicator, Plan};

/// Figures at or above this are surely mistakes (validation agrees).
pub(super) const MAX_FIGURE: f64 = 1e15;

/// One checked row: what it asks to store.
pub(super) struct Row {
    /// `row 5`, as messages name it.
    pub(super) at: String,
    /// `5行目`, as Japanese messages name it.
    pub(super) at_ja: String,
    pub(super) initiative: usize,
    pub(super) indicator: usize,
    pub(super) actual: Option<Figure>,
    /// The actual was written with a decimal point (`81.0`): keep it a float in the TOML.
    pub(super) actual_float: bool,
    pub(super) progress_ja: Option<String>,
    pub(super) progress_en: Option<String>,
}

pub(super) struct Checked {
    /// (number, indicator id) when both are known, for the duplicate check.
    pub(super) key: Option<(u32, String)>,
    /// The row when every cell is fine.
    pub(super) row: Option<Row>,
}

/// Checks every row of a table against the plan (each row with
/// [`check_row`], no indicator twice, the commentary with [`check_progress`]);
/// returns the rows, or every problem at once (with those already in `diags`).
pub(super) fn check_rows(
    file: &Path,
    table: &Table,
    plan: &Plan,
    year: i32,
    mut diags: Diagnostics,
) -> Result<Vec<Row>, Diagnostics> {
    let by_number: HashMap<u32, usize> = plan
        .initiatives
        .iter()
        .enumerate()
        .map(|(n, i)| (i.number, n))
        .collect();
    let mut seen: HashMap<(u32, String), String> = HashMap::new();
    let mut rows = Vec::new();
    // The same problem on several rows is one message naming the rows (a
    // wrong --year is wrong on every row): the problems in the order first
    // found, each with its rows.
    let mut groups: Vec<(RowProblem, Vec<&RowAt>)> = Vec::new();
    let mut group_of: HashMap<RowProblem, usize> = HashMap::new();
    for r in &table.rows {
        let at = &r.at;
        let cell = |name: &str| table.cell(r, name);
        let mut problems: Vec<RowProblem> = Vec::new();
        let mut problem = |p: RowProblem| problems.push(p);
        let row = check_row(plan, year, &by_number, &cell, &mut problem);
        if let Some((number, indicator)) = &row.key {
            let key = (*number, indicator.clone());
            match seen.get(&key) {
                Some(first) => problem(RowProblem::new(
                    format!(
                        "No.{number} {indicator} appears again (first on {first}); each indicator may appear once"
                    ),
                    "delete one of the two rows",
                    format!("No.{number} {indicator} の行が重複しています"),
                    "どちらか一方の行を削除してください",
                )),
                None => {
                    seen.insert(key, at.label.clone());
                }
            }
        }
        for p in problems {
            match group_of.get(&p) {
                Some(&n) => groups[n].1.push(at),
                None => {
                    group_of.insert(p.clone(), groups.len());
                    groups.push((p, vec![at]));
                }
            }
        }
        if let Some(row) = row.row {
            rows.push(Row {
                at: at.label.clone(),
                at_ja: at.label_ja.clone(),
                ..row
            });
        }
    }
    for (p, at) in groups {
        diags.push(row_problem(file, table, &p, &at));
    }
    check_progress(file, plan, year, &rows, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(rows)
}

/// One message for a problem found on the rows `at`: with the row and its
/// source line when it is one row, else naming the rows (`rows 3–18: … (16
/// rows)` / `3〜18行目: …（16 行）`) without the lines.
fn row_problem(file: &Path, table: &Table, p: &RowProblem, at: &[&RowAt]) -> Diagnostic {
    let d = |message: String, ja: String| {
        Diagnostic::error(message)
            .ja(ja)
            .in_file(file)
            .help(p.help.clone())
            .ja_help(p.ja_help.clone())
    };
    match at {
        [one] => {
            let d = d(
                format!("{}: {}", one.label, p.message),
                format!("{}: {}", one.label_ja, p.ja),
            );
            match (&table.source, &one.span) {
                (Some(source), Some(span)) => d.at(source, span.clone()),
                _ => d,
            }
        }
        _ => {
            let numbers: Vec<u64> = at.iter().map(|a| a.number).collect();
            let (en, ja) = row_list(&numbers);
            let n = numbers.len();
            d(
                format!("rows {en}: {} ({n} rows)", p.message),
                format!("{ja}行目: {}（{n} 行）", p.ja),
            )
        }
    }
}

/// Row numbers as a message lists them, runs of consecutive rows as ranges:
/// `3, 5, 7–9` / `3、5、7〜9`. After ten items the rest is left as `…`.
pub(super) fn row_list(numbers: &[u64]) -> (String, String) {
    let mut sorted = numbers.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut runs: Vec<(u64, u64)> = Vec::new();
    for n in sorted {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == n => *last = n,
            _ => runs.push((n, n)),
        }
    }
    const SHOWN: usize = 10;
    let item = |&(a, b): &(u64, u64), dash: &str| {
        if a == b {
            a.to_string()
        } else {
            format!("{a}{dash}{b}")
        }
    };
    let list = |dash: &str, sep: &str| {
        let mut items: Vec<String> = runs.iter().take(SHOWN).map(|r| item(r, dash)).collect();
        if runs.len() > SHOWN {
            items.push("…".to_string());
        }
        items.join(sep)
    };
    (list("–", ", "), list("〜", "、"))
}

/// The text of a cell as the row checks read it: a number cell in its plain
/// form (`452`, `38.1`); a cell without a usable value is a problem of its own.
pub(super) fn cell_text(
    name: &str,
    cell: Cell,
    problem: &mut dyn FnMut(RowProblem),
) -> Option<String> {
    match cell {
        Cell::Text(t) => Some(t),
        Cell::Number(n) => Some(number_text(n)),
        Cell::Unusable(u) => {
            problem(unusable(name, &u));
            None
        }
    }
}

/// A number of a workbook as text, to 15 significant digits as Excel keeps
/// them (a formula's `0.30000000000000004` is the 0.3 Excel shows).
pub(super) fn number_text(n: f64) -> String {
    let n = if n.is_finite() && n != 0.0 {
        format!("{n:.14e}").parse().unwrap_or(n)
    } else {
        n
    };
    // Rust prints f64 without an exponent, in the shortest form that keeps it.
    format!("{}", n + 0.0)
}

fn unusable(name: &str, why: &Unusable) -> RowProblem {
    match why {
        Unusable::Date(date) => RowProblem::new(
            format!("the cell `{name}` holds a date or time ({date}), not a number"),
            "Excel read what was typed as a date: type the figure again as a plain number (e.g. 452); \
             if it turns into a date again, set the cell's format to General (標準) first",
            format!("{name} のセルが数値ではなく日付・時刻（{date}）になっています"),
            "Excel が入力を日付として読みました。数値（例：452）を入力し直してください。また日付になる場合は、先にセルの表示形式を「標準」にしてください",
        ),
        Unusable::Error(error) => RowProblem::new(
            format!("the cell `{name}` shows the error {error}"),
            "type the figure itself, or correct the formula so that it gives a number",
            format!("{name} のセルがエラー（{error}）になっています"),
            "数値を直接入力するか、数値になるように数式を直してください",
        ),
        Unusable::Formula(formula) => RowProblem::new(
            format!(
                "the cell `{name}` holds the formula `{formula}`, but its result is not saved in the file"
            ),
            "open the file in Excel and save it again (Excel saves the results of formulas), \
             or type the figure instead of the formula",
            format!("{name} のセルの数式 `{formula}` の計算結果がファイルに保存されていません"),
            "Excel で開いて保存し直すか、数式ではなく数値を入力してください",
        ),
    }
}

/// An indicator whose figures have decimals (`decimals = 1`, or a figure
/// such as 38.1): a whole number from a number cell (where `90` and `90.0`
/// are the same) is stored as `90.0`, like its other figures.
pub(super) fn has_decimals(indicator: &Indicator) -> bool {
    let fractional = |f: Option<Figure>| matches!(f, Some(Figure::Number(n)) if n.fract() != 0.0);
    indicator.decimals.is_some_and(|d| d > 0)
        || indicator
            .years
            .iter()
            .any(|(_, y)| fractional(y.target) || fractional(y.actual))
}

pub(super) fn check_row(
    plan: &Plan,
    year: i32,
    by_number: &HashMap<u32, usize>,
    cell: &dyn Fn(&str) -> Cell,
    problem: &mut dyn FnMut(RowProblem),
) -> Checked {
    let mut ok = true;
    let mut out = Checked {
        key: None,
        row: None,
    };
    // fiscal_year
    match cell_text("fiscal_year", cell("fiscal_year"), problem) {
        None => ok = false,
        Some(fy) => match parse_integer(&fy) {
            None if fy.trim().is_empty() => {
                ok = false;
                problem(RowProblem::new(
                    "fiscal_year is empty",
                    "write the fiscal year as in the export, e.g. 2025",
                    "fiscal_year が空です",
                    "エクスポートしたときの年度（例：2025）を書いてください",
                ));
            }
            None => {
                ok = false;
                let written = fy.trim();
                // `令和7`, `R7`, `2025年度`: say which year to write.
                let (help, ja_help) = match crate::base::text::parse_year_hint(written) {
                    Some(y) => crate::base::text::year_advice(written, y),
                    None => (
                        "write the Gregorian start year, e.g. 2025 for 令和7年度".to_string(),
                        "西暦の年度開始年を書いてください（令和7年度は 2025）".to_string(),
                    ),
                };
                problem(RowProblem::new(
                    format!("fiscal_year `{written}` is not a year"),
                    help,
                    format!("fiscal_year の `{written}` は年度ではありません"),
                    ja_help,
                ));
            }
            Some(y)
                if !(i64::from(plan.site.first_year)..=i64::from(plan.site.last_year))
                    .contains(&y) =>
            {
                ok = false;
                let (first, last) = (plan.site.first_year, plan.site.last_year);
                problem(RowProblem::new(
                    format!("fiscal_year {y} is outside the plan period {first}–{last}"),
                    "fiscal years are Gregorian start years; 令和7年度 is 2025",
                    format!("{y}年度は計画期間（{first}〜{last}）の外です"),
                    "年度は西暦の開始年で書きます（令和7年度は 2025）",
                ));
            }
            Some(y) if y != i64::from(year) => {
                ok = false;
                problem(RowProblem::new(
                    format!("fiscal_year {y} does not match --year {year}"),
                    format!(
                        "import one fiscal year at a time: export FY{year} again, or import this file with --year {y}"
                    ),
                    format!("fiscal_year の {y} が --year {year} と一致しません"),
                    format!(
                        "一度に取り込めるのは1つの年度です。{year}年度をエクスポートし直すか、このファイルを --year {y} で取り込んでください"
                    ),
                ));
            }
            Some(_) => {}
        },
    }
    // no
    let Some(no) = cell_text("no", cell("no"), problem) else {
        return out;
    };
    let initiative = match parse_integer(&no) {
        Some(n) if (1..=u32::MAX as i64).contains(&n) => match by_number.get(&(n as u32)) {
            Some(&i) => Some(&plan.initiatives[i]),
            None => {
                problem(RowProblem::new(
                    format!("initiative No.{n} does not exist"),
                    "use the numbers written by `mieruka export`",
                    format!("取組項目 No.{n} はありません"),
                    "mieruka export が書いた番号を使ってください",
                ));
                None
            }
        },
        _ if no.trim().is_empty() => {
            problem(RowProblem::new(
                "the column `no` is empty",
                "every row needs the initiative's number (No.) as written by `mieruka export`",
                "no の列が空です",
                "各行に取組項目の番号（No.）が必要です",
            ));
            None
        }
        _ => {
            problem(RowProblem::new(
                format!(
                    "`{}` in the column `no` is not an initiative number",
                    no.trim()
                ),
                "write the number only, e.g. 2 for No.2",
                format!("no の列の `{}` は取組項目の番号ではありません", no.trim()),
                "数字だけを書いてください（No.2 なら 2）",
            ));
            None
        }
    };
    let Some(initiative) = initiative else {
        return out;
    };
    let initiative_index = by_number[&initiative.number];
    match cell_text("initiative_id", cell("initiative_id"), problem) {
        None => ok = false,
        Some(folder) => {
            let folder = folder.trim();
            if !folder.is_empty() && folder != initiative.id {
                ok = false;
                problem(RowProblem::new(
                    format!(
                        "No.{} is `{}`, but initiative_id says `{folder}`",
                        initiative.number, initiative.id
                    ),
                    "the columns `no` and `initiative_id` must belong together; check the row was not shifted",
                    "no と initiative_id の列が対応していません",
                    "行がずれていないか確認してください",
                ));
            }
        }
    }
    let Some(id) = cell_text("indicator_id", cell("indicator_id"), problem) else {
        return out;
    };
    let id = id.trim();
    let Some((indicator_index, indicator)) = initiative
        .indicators
        .iter()
        .enumerate()
        .find(|(_, i)| i.id == id)
    else {
        let known: Vec<&str> = initiative
            .indicators
            .iter()
            .map(|i| i.id.as_str())
            .collect();
        let number = initiative.number;
        let (message, ja) = if id.is_empty() {
            (
                "the column `indicator_id` is empty".to_string(),
                "indicator_id の列が空です".to_string(),
            )
        } else {
            (
                format!("initiative No.{number} has no indicator `{id}`"),
                format!("取組項目 No.{number} に指標 `{id}` はありません"),
            )
        };
        problem(RowProblem::new(
            message,
            format!("the indicators of No.{number} are: {}", known.join(", ")),
            ja,
            "mieruka export が書いた indicator_id を使ってください",
        ));
        return out;
    };
    out.key = Some((initiative.number, id.to_string()));
    let actual_cell = cell("actual");
    let from_number = matches!(actual_cell, Cell::Number(_));
    let actual_text = cell_text("actual", actual_cell, problem).unwrap_or_else(|| {
        ok = false;
        String::new()
    });
    let actual = if actual_text.trim().is_empty() {
        None
    } else {
        match parse_figure(&actual_text, indicator) {
            Ok(f) => Some(f),
            Err((message, help)) => {
                ok = false;
                problem(RowProblem::new(
                    format!(
                        "actual `{}` for No.{} {}: {message}",
                        actual_text.trim(),
                        initiative.number,
                        indicator.id
                    ),
                    help,
                    format!("actual の `{}` は数値として読めません", actual_text.trim()),
                    "単位を付けずに数値だけを書いてください（例：45872、45,872 も可。実施の有無は 実施 / 未実施）",
                ));
                None
            }
        }
    };
    let mut text = |name: &str| match cell_text(name, cell(name), problem) {
        Some(t) => Some(normalize_text(&t)).filter(|t| !t.is_empty()),
        None => {
            ok = false;
            None
        }
    };
    let (progress_ja, progress_en) = (text("progress_ja"), text("progress_en"));
    if ok {
        out.row = Some(Row {
            at: String::new(),
            at_ja: String::new(),
            initiative: initiative_index,
            indicator: indicator_index,
            actual,
            actual_float: if from_number {
                has_decimals(indicator)
            } else {
                normalize_cell(&actual_text).contains('.')
            },
            progress_ja,
            progress_en,
        });
    }
    out
}

/// The commentary of an initiative may stand on any of its rows, but only one
/// text per language; English needs Japanese (in the CSV or already in a file).
pub(super) fn check_progress(
    file: &Path,
    plan: &Plan,
    year: i32,
    rows: &[Row],
    diags: &mut Diagnostics,
) {
    let mut by_initiative: BTreeMap<usize, Vec<&Row>> = BTreeMap::new();
    for r in rows {
        by_initiative.entry(r.initiative).or_default().push(r);
    }
    for (index, rows) in by_initiative {
        let initiative = &plan.initiatives[index];
        for lang in [Lang::JA, Lang::EN] {
            let given: Vec<(&Row, &String)> = rows
                .iter()
                .filter_map(|r| progress_of(r, lang).map(|t| (*r, t)))
                .collect();
            if let Some((first, text)) = given.first()
                && let Some((other, _)) = given.iter().find(|(_, t)| t != text)
            {
                diags.push(
                    Diagnostic::error(format!(
                        "{}: progress_{} of No.{} differs from the one on {}; an initiative has one commentary per language",
                        other.at,
                        lang.code(),
                        initiative.number,
                        first.at
                    ))
                    .ja(format!(
                        "{}: No.{} の progress_{} が {} のものと違います（文章は取組項目ごと・言語ごとに一つです）",
                        other.at_ja,
                        initiative.number,
                        lang.code(),
                        first.at_ja,
                    ))
                    .in_file(file)
                    .help("keep the commentary on one row of the initiative and leave the others empty")
                    .ja_help("文章はその取組項目の一つの行だけに書き、ほかの行は空にしてください"),
                );
            }
        }
        let has_ja = rows.iter().any(|r| r.progress_ja.is_some())
            || initiative
                .commentary
                .get(&(year, CommentaryKind::Progress))
                .is_some_and(|b| b.ja.is_some());
        if let Some(r) = rows.iter().find(|r| r.progress_en.is_some())
            && !has_ja
        {
            diags.push(
                Diagnostic::error(format!(
                    "{}: No.{} has progress_en but no Japanese progress (progress_ja) for FY{year}",
                    r.at, initiative.number
                ))
                .ja(format!(
                    "{}: No.{} の{}年度に progress_en はありますが、日本語の progress_ja がありません",
                    r.at_ja, initiative.number, year
                ))
                .in_file(file)
                .help("fill in progress_ja as well; the Japanese pages are the reference")
                .ja_help("progress_ja も書いてください（日本語のページが基準です）"),
            );
        }
    }
}

pub(super) fn progress_of(row: &Row, lang: Lang) -> Option<&String> {
    match lang {
        Lang::JA => row.progress_ja.as_ref(),
        Lang::EN => row.progress_en.as_ref(),
        // The table has Japanese and English columns only.
        _ => None,
    }
}

/// Full-width ASCII (`４５，８７２`), ideographic spaces and the minus sign
/// read as their plain forms; surrounding spaces dropped.
pub(crate) fn normalize_cell(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '\u{2212}' => '-',
            _ => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

pub(super) fn parse_integer(s: &str) -> Option<i64> {
    let n = parse_number(s).ok()?;
    (n.fract() == 0.0 && n.abs() < 1e12).then_some(n as i64)
}

/// A figure as typed in a spreadsheet: `45872`, `45,872`, `４５８７２`, ` 38.1 `, `-3`.
/// No units, no exponents, no `nan`/`inf`.
pub(crate) fn parse_number(s: &str) -> Result<f64, &'static str> {
    let s = normalize_cell(s);
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(&s);
    let (int, frac) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    if unsigned.is_empty()
        || !unsigned
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return Err("not a number");
    }
    if unsigned.matches('.').count() > 1 {
        return Err("a number has at most one decimal point");
    }
    if frac.is_some_and(|f| f.is_empty() || f.contains(',')) || int.is_empty() && frac.is_none() {
        return Err("not a number");
    }
    if int.contains(',') {
        let mut groups = int.split(',');
        let first = groups.next().unwrap_or("");
        if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
            return Err("the thousands separators are misplaced");
        }
    }
    let plain = s.replace(',', "");
    let value: f64 = plain.parse().map_err(|_| "not a number")?;
    if !value.is_finite() || value.abs() >= MAX_FIGURE {
        return Err("the figure is too large");
    }
    Ok(value)
}

/// An actual for `indicator`: a number, or done / not done for a milestone.
pub(super) fn parse_figure(
    s: &str,
    indicator: &Indicator,
) -> Result<Figure, (String, &'static str)> {
    if indicator.direction == Direction::Milestone {
        let word = normalize_cell(s).to_lowercase();
        return match word.as_str() {
            "true" | "実施" | "実施済" | "実施済み" | "済" | "済み" => {
                Ok(Figure::Done(true))
            }
            "false" | "未実施" => Ok(Figure::Done(false)),
            _ => Err((
                "this indicator is a milestone (done / not done)".into(),
                "write true (or 実施 / 済) when it was done, false (or 未実施) when it was not",
            )),
        };
    }
    parse_number(s).map(Figure::Number).map_err(|why| {
        (
            why.to_string(),
            "write the figure in the indicator's unit without the unit, e.g. 45872 or 38.1 \
             (45,872 and full-width digits are fine)",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_listed_with_runs_as_ranges() {
        assert_eq!(
            row_list(&(3..=18).collect::<Vec<_>>()),
            ("3–18".to_string(), "3〜18".to_string())
        );
        assert_eq!(
            row_list(&[3, 5, 7, 8, 9]),
            ("3, 5, 7–9".to_string(), "3、5、7〜9".to_string())
        );
        let every_other: Vec<u64> = (0..12).map(|n| 3 + 2 * n).collect();
        assert_eq!(
            row_list(&every_other).0,
            "3, 5, 7, 9, 11, 13, 15, 17, 19, 21, …"
        );
    }

    #[test]
    fn numbers_as_typed_in_a_spreadsheet() {
        assert_eq!(parse_number("45872"), Ok(45872.0));
        assert_eq!(parse_number("45,872"), Ok(45872.0));
        assert_eq!(parse_number("1,224,000"), Ok(1_224_000.0));
        assert_eq!(parse_number("４５８７２"), Ok(45872.0));
        assert_eq!(parse_number("４５，８７２"), Ok(45872.0));
        assert_eq!(parse_number("　38.1 "), Ok(38.1));
        assert_eq!(parse_number("３８．１"), Ok(38.1));
        assert_eq!(parse_number("-3"), Ok(-3.0));
        assert_eq!(parse_number("0.5"), Ok(0.5));
        for bad in [
            "abc", "1.2.3", "nan", "NaN", "inf", "-inf", "1e5", "12,34", "1,2345", ",123", "1.",
            "", "-", "45872件", "1 000", "0x10", "1e20",
        ] {
            assert!(parse_number(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn number_cells_read_as_excel_shows_them() {
        assert_eq!(number_text(452.0), "452");
        assert_eq!(number_text(89.5), "89.5");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(90.39999999999999), "90.4");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(1234567.25), "1234567.25");
        assert_eq!(number_text(1e20), "100000000000000000000");
        assert_eq!(
            parse_number(&number_text(1e20)),
            Err("the figure is too large")
        );
        assert_eq!(number_text(f64::NAN), "NaN");
        assert!(parse_number("NaN").is_err());
    }
}
