//! The changes an import makes: planned from the checked rows, applied to
//! the TOML through toml_edit (comments and layout kept) and to the Markdown,
//! written atomically and put back if anything fails.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, InlineTable, Item, Table, Value};

use super::ReportLine;
use super::csv::{BOM, figure_text};
use super::rows::{MAX_FIGURE, Row, normalize_text, progress_of};
use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::text::{Lang, era_label};
use crate::model::{CommentaryKind, Figure, Initiative, Plan};

// ------------------------------------------------------------ the changes

/// A file to write: its new bytes and what was there before (None: new file).
pub(crate) struct FileChange {
    pub(crate) path: PathBuf,
    pub(crate) original: Option<Vec<u8>>,
    pub(crate) bytes: Vec<u8>,
}

pub(super) fn plan_changes(
    plan: &Plan,
    year: i32,
    rows: &[Row],
) -> Result<(Vec<ReportLine>, Vec<FileChange>), Diagnostics> {
    let mut by_initiative: BTreeMap<usize, Vec<&Row>> = BTreeMap::new();
    for r in rows {
        by_initiative.entry(r.initiative).or_default().push(r);
    }
    let mut changes = Vec::new();
    let mut files = Vec::new();
    let mut diags = Diagnostics::default();
    for (index, rows) in by_initiative {
        let initiative = &plan.initiatives[index];
        let mut actuals = Vec::new();
        for r in &rows {
            let indicator = &initiative.indicators[r.indicator];
            let Some(new) = r.actual else { continue };
            let old = indicator.years.get(&year).and_then(|f| f.actual);
            if old == Some(new) {
                continue;
            }
            // A figure printed in the report's own words is not rewritten: say so.
            let worded = indicator
                .years
                .get(&year)
                .and_then(|f| f.actual_text.as_ref());
            let (worded, worded_ja) = worded.map_or_else(Default::default, |t| {
                (
                    format!(
                        " (actual_text still reads \"{}\": update it in initiative.toml)",
                        t.ja
                    ),
                    format!(
                        "（actual_text は「{}」のままです。initiative.toml で書き直してください）",
                        t.ja
                    ),
                )
            });
            let (number, id) = (initiative.number, &indicator.id);
            changes.push(ReportLine::new(
                format!(
                    "No.{number} {id} FY{year}: actual {} → {}{worded}",
                    old.map_or("(none)".to_string(), figure_text),
                    figure_text(new),
                ),
                format!(
                    "No.{number} {id} {}：実績 {} → {}{worded_ja}",
                    era_label(year),
                    old.map_or("（なし）".to_string(), figure_ja),
                    figure_ja(new),
                ),
            ));
            actuals.push((indicator.id.as_str(), toml_figure(new, r.actual_float)));
        }
        if !actuals.is_empty() {
            match edit_toml(&initiative.path, year, &actuals) {
                Ok(change) => files.push(change),
                Err(d) => diags.push(d),
            }
        }
        for lang in [Lang::JA, Lang::EN] {
            let Some(text) = rows.iter().find_map(|r| progress_of(r, lang)) else {
                continue;
            };
            let current = initiative
                .commentary
                .get(&(year, CommentaryKind::Progress))
                .and_then(|b| b.get(lang));
            if current
                .and_then(|f| f.text().ok())
                .is_some_and(|t| normalize_text(&t) == *text)
            {
                continue;
            }
            let path = progress_path(initiative, year, lang);
            let original = match fs::read(&path) {
                Ok(b) => Some(b),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => {
                    diags.push(crate::base::source::io_error(
                        &path,
                        "could not read the file",
                        &e,
                    ));
                    continue;
                }
            };
            let number = initiative.number;
            changes.push(ReportLine::new(
                format!("No.{number} FY{year} progress ({}): new text", lang.code()),
                format!(
                    "No.{number} {} 取組状況（{}）：新しい文章",
                    era_label(year),
                    lang.pick("日本語", "英語"),
                ),
            ));
            files.push(FileChange {
                path,
                original,
                bytes: format!("{text}\n").into_bytes(),
            });
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((changes, files))
}

/// A figure as the Japanese change list says it: `448`, 実施 / 未実施 for a milestone.
fn figure_ja(f: Figure) -> String {
    match f {
        Figure::Done(true) => "実施".to_string(),
        Figure::Done(false) => "未実施".to_string(),
        number => figure_text(number),
    }
}

pub(super) fn progress_path(initiative: &Initiative, year: i32, lang: Lang) -> PathBuf {
    initiative
        .path
        .parent()
        .unwrap_or(Path::new("."))
        .join(format!("{year}.progress.{}.md", lang.code()))
}

/// A TOML file as read for an edit: the document, and how the file was
/// written, so that the edited file keeps its byte-order mark and line ends.
pub(crate) struct TomlFile {
    pub(crate) doc: DocumentMut,
    bom: bool,
    crlf: bool,
}

/// Why a TOML file could not be read for an edit.
pub(crate) enum TomlReadError {
    NotUtf8,
    Parse(String),
}

impl TomlFile {
    pub(crate) fn parse(original: &[u8]) -> Result<TomlFile, TomlReadError> {
        let bom = original.starts_with(BOM);
        let body = original.strip_prefix(BOM).unwrap_or(original);
        let text = std::str::from_utf8(body).map_err(|_| TomlReadError::NotUtf8)?;
        let doc = text
            .parse()
            .map_err(|e: toml_edit::TomlError| TomlReadError::Parse(e.message().to_string()))?;
        Ok(TomlFile {
            doc,
            bom,
            crlf: text.contains("\r\n"),
        })
    }

    /// The bytes to write: every untouched line as it was, with the file's
    /// byte-order mark and line ends.
    pub(crate) fn bytes(&self) -> Vec<u8> {
        let mut out = self.doc.to_string();
        if self.crlf {
            out = out.replace("\r\n", "\n").replace('\n', "\r\n");
        }
        let mut bytes = Vec::with_capacity(out.len() + 3);
        if self.bom {
            bytes.extend_from_slice(BOM);
        }
        bytes.extend_from_slice(out.as_bytes());
        bytes
    }
}

/// The initiative.toml with the new actuals, everything else as it was.
pub(super) fn edit_toml(
    path: &Path,
    year: i32,
    actuals: &[(&str, Value)],
) -> Result<FileChange, Diagnostic> {
    let original = fs::read(path)
        .map_err(|e| crate::base::source::io_error(path, "could not read the file", &e))?;
    let mut file = TomlFile::parse(&original).map_err(|why| match why {
        TomlReadError::NotUtf8 => Diagnostic::error("the file is not UTF-8 text")
            .ja("ファイルが UTF-8 のテキストではありません")
            .in_file(path)
            .help("save it as UTF-8")
            .ja_help("UTF-8 で保存し直してください"),
        TomlReadError::Parse(message) => {
            Diagnostic::error(format!("could not read the TOML: {message}"))
                .ja(format!("TOML を読めませんでした（{message}）"))
                .in_file(path)
        }
    })?;
    let doc = &mut file.doc;
    for (id, value) in actuals {
        set_actual(doc, id, year, value.clone()).map_err(|why| {
            Diagnostic::error(format!(
                "could not write the actual of `{id}` for FY{year}: {why}"
            ))
            .ja(format!(
                "`{id}` の{year}年度の実績を書き込めませんでした（{why}）"
            ))
            .in_file(path)
            .help("enter this actual by hand in initiative.toml")
            .ja_help("この実績は initiative.toml に手で入力してください")
        })?;
    }
    let bytes = file.bytes();
    Ok(FileChange {
        path: path.to_path_buf(),
        original: Some(original),
        bytes,
    })
}

/// Whole numbers without `.0` unless written with a point (`81.0`, as files with
/// `decimals = 1` tend to have them); other numbers in their shortest form
/// (`38.1`); booleans for milestones.
pub(crate) fn toml_figure(f: Figure, written_as_float: bool) -> Value {
    match f {
        Figure::Number(n) if n.fract() == 0.0 && n.abs() < MAX_FIGURE && !written_as_float => {
            Value::from(n as i64)
        }
        Figure::Number(n) => Value::from(n),
        Figure::Done(b) => Value::from(b),
    }
}

/// Sets `[indicators.years] YEAR = { …, actual = X }` for the indicator `id`.
pub(crate) fn set_actual(
    doc: &mut DocumentMut,
    id: &str,
    year: i32,
    value: Value,
) -> Result<(), String> {
    let has_id = |t: &dyn toml_edit::TableLike| t.get("id").and_then(Item::as_str) == Some(id);
    match doc.get_mut("indicators") {
        Some(Item::ArrayOfTables(list)) => {
            let table = list
                .iter_mut()
                .find(|t| has_id(*t))
                .ok_or("the indicator is not in the file")?;
            match table.get_mut("years") {
                Some(years) => set_in_years(years, year, value),
                None => {
                    let mut years = Table::new();
                    years.insert(&year.to_string(), Item::Value(actual_only(value)));
                    table.insert("years", Item::Table(years));
                    Ok(())
                }
            }
        }
        Some(Item::Value(Value::Array(list))) => {
            let table = list
                .iter_mut()
                .filter_map(Value::as_inline_table_mut)
                .find(|t| has_id(*t))
                .ok_or("the indicator is not in the file")?;
            match table.get_mut("years") {
                Some(Value::InlineTable(years)) => {
                    set_in_inline_years(years, year, value);
                    Ok(())
                }
                Some(_) => Err("`years` is not a table".into()),
                None => {
                    let mut years = InlineTable::new();
                    years.insert(year.to_string(), actual_only(value));
                    insert_inline(table, "years", Value::InlineTable(years));
                    Ok(())
                }
            }
        }
        _ => Err("the file has no [[indicators]]".into()),
    }
}

pub(super) fn actual_only(value: Value) -> Value {
    let mut t = InlineTable::new();
    t.insert("actual", value);
    Value::InlineTable(t)
}

/// The key of `year` as written (`2025` or `"2025"`).
pub(crate) fn year_key<'a>(keys: impl Iterator<Item = &'a str>, year: i32) -> Option<String> {
    keys.into_iter()
        .find(|k| k.parse::<i32>() == Ok(year))
        .map(str::to_string)
}

pub(super) fn set_in_years(years: &mut Item, year: i32, value: Value) -> Result<(), String> {
    match years {
        Item::Table(t) => {
            match year_key(t.iter().map(|(k, _)| k), year) {
                Some(key) => set_in_year(t.get_mut(&key).expect("key just found"), value)?,
                None => insert_year_in_order(t, year, Item::Value(actual_only(value))),
            }
            Ok(())
        }
        Item::Value(Value::InlineTable(t)) => {
            set_in_inline_years(t, year, value);
            Ok(())
        }
        _ => Err("`years` is not a table".into()),
    }
}

pub(super) fn set_in_inline_years(years: &mut InlineTable, year: i32, value: Value) {
    match year_key(years.iter().map(|(k, _)| k), year) {
        Some(key) => match years.get_mut(&key) {
            Some(Value::InlineTable(t)) => insert_inline(t, "actual", value),
            Some(other) => replace_value(other, actual_only(value)),
            None => {}
        },
        None => insert_inline(years, &year.to_string(), actual_only(value)),
    }
}

pub(super) fn set_in_year(entry: &mut Item, value: Value) -> Result<(), String> {
    match entry {
        Item::Value(Value::InlineTable(t)) => {
            insert_inline(t, "actual", value);
            Ok(())
        }
        Item::Table(t) => {
            match t.get_mut("actual") {
                Some(Item::Value(old)) => replace_value(old, value),
                _ => {
                    t.insert("actual", Item::Value(value));
                }
            }
            Ok(())
        }
        _ => Err("the year's entry is not a table like { target = … }".into()),
    }
}

/// Replaces a value, keeping the spaces and comment around it.
pub(crate) fn replace_value(old: &mut Value, new: Value) {
    let decor = old.decor().clone();
    *old = new;
    *old.decor_mut() = decor;
}

/// Sets `key` in an inline table: replaces its value, or appends `key = value`
/// before the closing brace with the table's own spacing (`{ a = 1, key = 2 }`).
pub(crate) fn insert_inline(t: &mut InlineTable, key: &str, mut value: Value) {
    if let Some(old) = t.get_mut(key) {
        replace_value(old, value);
        return;
    }
    let trailing = t.iter_mut().last().map(|(_, last)| {
        let suffix = last
            .decor()
            .suffix()
            .and_then(|s| s.as_str())
            .unwrap_or(" ")
            .to_string();
        last.decor_mut().set_suffix("");
        suffix
    });
    value.decor_mut().set_prefix(" ");
    value
        .decor_mut()
        .set_suffix(trailing.unwrap_or_else(|| " ".to_string()));
    t.insert(key, value);
}

/// Adds a year to a `[indicators.years]` table before the first later year, so
/// the years stay in order; the entries moved keep their formatting and comments.
pub(crate) fn insert_year_in_order(t: &mut Table, year: i32, item: Item) {
    let later: Vec<String> = t
        .iter()
        .map(|(k, _)| k.to_string())
        .skip_while(|k| k.parse::<i32>().map_or(true, |y| y < year))
        .collect();
    let moved: Vec<_> = later.iter().filter_map(|k| t.remove_entry(k)).collect();
    t.insert(&year.to_string(), item);
    for (key, item) in moved {
        t.insert_formatted(&key, item);
    }
}

// ------------------------------------------------------------- writing

/// Writes every file via a temporary file and a rename; on a failure the
/// files already written are put back.
pub(super) fn write_all(files: &[FileChange]) -> Result<(), Diagnostics> {
    for (n, f) in files.iter().enumerate() {
        if let Err(d) = write_atomic(&f.path, &f.bytes) {
            let not_restored = restore(&files[..n]);
            let mut d = d;
            if !not_restored.is_empty() {
                d = d.help(format!(
                    "these files could not be restored and may hold part of the import: {}",
                    not_restored.join(", ")
                ));
            }
            return Err(d.into());
        }
    }
    Ok(())
}

/// Puts the files back as they were; returns those that could not be.
pub(crate) fn restore(files: &[FileChange]) -> Vec<String> {
    let mut failed = Vec::new();
    for f in files {
        let ok = match &f.original {
            Some(bytes) => write_atomic(&f.path, bytes).is_ok(),
            None => fs::remove_file(&f.path).is_ok() || !f.path.exists(),
        };
        if !ok {
            failed.push(f.path.display().to_string());
        }
    }
    failed
}

pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    // A hidden name: `load` skips it should it ever be left behind.
    let tmp = dir.join(format!(".{name}.mieruka-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        crate::base::source::io_error(path, "could not write the file", &e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_edits_keep_everything_else() {
        let src = "# top\n[[indicators]]\nid = \"a\"\n\n[indicators.years]\n\
                   2022 = { target = 250, actual = 171 } # note\n# before 2026\n\
                   2026 = { target = 450 }\n2025 = {target=1}\n\n\
                   [[indicators]]\nid = \"b\"\nyears = { 2022 = { target = 1 } }\n\n\
                   [[indicators]]\nid = \"c\"\n";
        let mut doc: DocumentMut = src.parse().unwrap();
        set_actual(
            &mut doc,
            "a",
            2022,
            toml_figure(Figure::Number(200.0), false),
        )
        .unwrap();
        set_actual(
            &mut doc,
            "a",
            2026,
            toml_figure(Figure::Number(448.0), false),
        )
        .unwrap();
        set_actual(
            &mut doc,
            "a",
            2025,
            toml_figure(Figure::Number(38.1), false),
        )
        .unwrap();
        set_actual(&mut doc, "a", 2024, toml_figure(Figure::Number(5.0), false)).unwrap();
        set_actual(&mut doc, "b", 2023, toml_figure(Figure::Done(true), false)).unwrap();
        set_actual(&mut doc, "c", 2024, toml_figure(Figure::Number(1.5), false)).unwrap();
        assert!(set_actual(&mut doc, "zz", 2024, Value::from(1)).is_err());
        assert_eq!(
            doc.to_string(),
            "# top\n[[indicators]]\nid = \"a\"\n\n[indicators.years]\n\
             2022 = { target = 250, actual = 200 } # note\n2024 = { actual = 5 }\n# before 2026\n\
             2026 = { target = 450, actual = 448 }\n2025 = {target=1, actual = 38.1}\n\n\
             [[indicators]]\nid = \"b\"\nyears = { 2022 = { target = 1 }, 2023 = { actual = true } }\n\n\
             [[indicators]]\nid = \"c\"\n\n[indicators.years]\n2024 = { actual = 1.5 }\n"
        );
    }

    #[test]
    fn indicators_written_as_inline_tables_are_edited_too() {
        let src = "indicators = [\n  { id = \"d\", years = { 2022 = { target = 1 } } },\n  { id = \"e\" },\n]\n";
        let mut doc: DocumentMut = src.parse().unwrap();
        set_actual(&mut doc, "d", 2022, Value::from(2)).unwrap();
        set_actual(&mut doc, "e", 2023, Value::from(false)).unwrap();
        assert_eq!(
            doc.to_string(),
            "indicators = [\n  { id = \"d\", years = { 2022 = { target = 1, actual = 2 } } },\n  \
             { id = \"e\", years = { 2023 = { actual = false } } },\n]\n"
        );
    }

    #[test]
    fn written_files_can_be_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("initiative.toml");
        let new = dir.path().join("2025.progress.ja.md");
        fs::write(&old, "number = 1\n").unwrap();
        let files = [
            FileChange {
                path: old.clone(),
                original: Some(b"number = 1\n".to_vec()),
                bytes: b"number = 2\n".to_vec(),
            },
            FileChange {
                path: new.clone(),
                original: None,
                bytes: "取組\n".as_bytes().to_vec(),
            },
        ];
        write_all(&files).unwrap();
        assert_eq!(fs::read_to_string(&old).unwrap(), "number = 2\n");
        assert_eq!(fs::read_to_string(&new).unwrap(), "取組\n");
        assert!(restore(&files).is_empty());
        assert_eq!(fs::read_to_string(&old).unwrap(), "number = 1\n");
        assert!(!new.exists());
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
