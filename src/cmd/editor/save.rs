//! A save: what changed in the form, the files that makes (the TOML through
//! toml_edit, so that comments, order and layout of every untouched line
//! stay), the check of a copy of the content with those files, and the
//! writing itself (each file via a temporary file and a rename, all put back
//! if one fails).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, InlineTable, Item, Table, TableLike, Value};

use super::form::{Current, Field, Form, Input, Message, Place};
use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::text::Lang;
use crate::check::config::BuildOptions;
use crate::cmd::import::edit::{
    FileChange, TomlFile, TomlReadError, insert_inline, insert_year_in_order, replace_value,
    restore, set_actual, toml_figure, write_atomic, year_key,
};
use crate::cmd::import::rows::{normalize_cell, normalize_text, parse_number};
use crate::model::Figure;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A form as sent: its secret, the digests of the files it was made from
/// and its values, by name.
#[derive(Debug, Default)]
pub(super) struct Sent {
    pub(super) token: String,
    pub(super) digests: BTreeMap<String, String>,
    pub(super) values: BTreeMap<String, String>,
}

/// Splits a form body into its parts. A name sent twice is refused (a
/// browser never does that with this form).
pub(super) fn split(body: &[u8]) -> Result<Sent, String> {
    let mut sent = Sent::default();
    let mut token = None;
    for (name, value) in form_urlencoded::parse(body) {
        let (name, value) = (name.into_owned(), value.into_owned());
        let fresh = if name == "token" {
            token.replace(value).is_none()
        } else if let Some(file) = name.strip_prefix("digest:") {
            sent.digests.insert(file.to_string(), value).is_none()
        } else {
            sent.values.insert(name.clone(), value).is_none()
        };
        if !fresh {
            return Err(format!("`{}` was sent twice", shorten(&name)));
        }
    }
    sent.token = token.unwrap_or_default();
    Ok(sent)
}

/// A name from the request, cut short for a message.
pub(super) fn shorten(name: &str) -> String {
    let mut out: String = name.chars().take(60).collect();
    if out.len() < name.len() {
        out.push('…');
    }
    out
}

/// Every value sent must be a field of the form: nothing else is ever
/// written, and no file name comes from the request.
pub(super) fn known_names(form: &Form, sent: &Sent) -> Result<(), String> {
    match sent.values.keys().find(|name| form.field(name).is_none()) {
        Some(name) => Err(format!("there is no field `{}`", shorten(name))),
        None => Ok(()),
    }
}

/// A change to one field.
#[derive(Debug, Clone)]
pub(super) enum Change {
    /// A TOML value set (`Some`) or removed (`None`).
    Toml(Place, Option<Value>),
    /// `target_text` / `actual_text` of a year removed whole (both emptied).
    RemoveYearText {
        indicator: usize,
        year: i32,
        key: &'static str,
    },
    /// A Markdown text written (`Some`) or its file removed (`None`).
    Markdown(usize, Option<String>),
}

/// A one-line text as sent: surrounding blanks dropped, CRLF read as LF.
fn line(s: &str) -> String {
    s.replace("\r\n", "\n").trim().to_string()
}

/// What a figure field says: nothing, a figure (and whether it was written
/// with a point), or words that are no figure (the check says why).
enum Typed {
    Empty,
    Figure(Figure, bool),
    Words(String),
}

fn typed(field: &Field, sent: &str) -> Typed {
    let s = normalize_cell(sent);
    if s.is_empty() {
        return Typed::Empty;
    }
    if field.input == Input::Milestone {
        return match s.as_str() {
            "true" => Typed::Figure(Figure::Done(true), false),
            "false" => Typed::Figure(Figure::Done(false), false),
            _ => Typed::Words(s),
        };
    }
    match parse_number(&s) {
        Ok(n) => Typed::Figure(Figure::Number(n), s.contains('.')),
        Err(_) => Typed::Words(s),
    }
}

/// The changes the sent values make; a field not sent, or sent as it is
/// now, is no change.
pub(super) fn changes(form: &Form, values: &BTreeMap<String, String>) -> Vec<Change> {
    let mut out = Vec::new();
    for (n, field) in form.fields.iter().enumerate() {
        let Some(sent) = values.get(&field.name) else {
            continue;
        };
        match (&field.current, field.place) {
            (Current::Text(now), Place::Text { lang, .. } | Place::YearText { lang, .. }) => {
                let new = line(sent);
                let old = now.as_deref().map(str::trim).unwrap_or("");
                if new == old {
                    continue;
                }
                let value = if new.is_empty() && lang == Lang::EN {
                    None
                } else {
                    Some(Value::from(new))
                };
                out.push(Change::Toml(field.place, value));
            }
            (Current::Figure(now), Place::Figure { .. }) => {
                let value = match typed(field, sent) {
                    Typed::Empty if now.is_none() => continue,
                    Typed::Empty => None,
                    Typed::Figure(f, _) if *now == Some(f) => continue,
                    Typed::Figure(f, float) => Some(toml_figure(f, float)),
                    // Written as a text, so that the check's own message says
                    // what a figure must be.
                    Typed::Words(w) => Some(Value::from(w)),
                };
                out.push(Change::Toml(field.place, value));
            }
            (Current::Markdown(now), Place::Commentary { .. }) => {
                let new = normalize_text(sent);
                let old = now.as_deref().map(normalize_text);
                match old {
                    Some(old) if old == new => {}
                    None if new.is_empty() => {}
                    _ => out.push(Change::Markdown(
                        n,
                        (!new.is_empty()).then_some(new.clone()),
                    )),
                }
            }
            _ => {}
        }
    }
    // A printed form emptied in every language goes whole: `{ ja = "" }`
    // would be an error, and no text means "print the figure".
    let mut emptied: BTreeMap<(usize, i32, &'static str), (usize, usize)> = BTreeMap::new();
    for field in &form.fields {
        if let Place::YearText {
            indicator,
            year,
            key,
            ..
        } = field.place
        {
            let slot = emptied.entry((indicator, year, key)).or_default();
            slot.0 += 1;
            if values.get(&field.name).is_some_and(|v| line(v).is_empty()) {
                slot.1 += 1;
            }
        }
    }
    for ((indicator, year, key), (fields, empty)) in emptied {
        let touches = |c: &Change| {
            matches!(c, Change::Toml(Place::YearText { indicator: i, year: y, key: k, .. }, _)
                if *i == indicator && *y == year && *k == key)
        };
        if fields == empty && out.iter().any(touches) {
            out.retain(|c| !touches(c));
            out.push(Change::RemoveYearText {
                indicator,
                year,
                key,
            });
        }
    }
    out
}

// ------------------------------------------------------- editing the TOML

/// A table of the document, written either way.
enum Node<'a> {
    Table(&'a mut Table),
    Inline(&'a mut InlineTable),
}

/// Removes `key` from an inline table; when it was the last, the space
/// before the closing brace moves to the new last value (`{ ja = "…" }`).
fn remove_inline(t: &mut InlineTable, key: &str) {
    let was_last = t.iter().last().is_some_and(|(k, _)| k == key);
    let Some(removed) = t.remove(key) else { return };
    if was_last {
        let suffix = removed
            .decor()
            .suffix()
            .and_then(|s| s.as_str())
            .unwrap_or(" ")
            .to_string();
        if let Some((_, last)) = t.iter_mut().last() {
            last.decor_mut().set_suffix(suffix);
        }
    }
}

/// Sets (or, with `None`, removes) the value at `keys` below `node`, making
/// the inline tables on the way when a value is set.
fn set_path(node: Node, keys: &[&str], value: Option<Value>) -> Result<(), String> {
    let Some((first, rest)) = keys.split_first() else {
        return Err("no key".into());
    };
    if rest.is_empty() {
        match (node, value) {
            (Node::Table(t), Some(v)) => match t.get_mut(first) {
                Some(Item::Value(old)) => replace_value(old, v),
                Some(_) => return Err(format!("`{first}` is not a value")),
                None => {
                    t.insert(first, Item::Value(v));
                }
            },
            (Node::Table(t), None) => {
                t.remove(first);
            }
            (Node::Inline(t), Some(v)) => insert_inline(t, first, v),
            (Node::Inline(t), None) => remove_inline(t, first),
        }
        return Ok(());
    }
    let not_table = || format!("`{first}` is not a table");
    let child = match node {
        Node::Table(t) => {
            if !t.contains_key(first) {
                if value.is_none() {
                    return Ok(());
                }
                t.insert(first, Item::Value(Value::InlineTable(InlineTable::new())));
            }
            match t.get_mut(first) {
                Some(Item::Table(c)) => Node::Table(c),
                Some(Item::Value(Value::InlineTable(c))) => Node::Inline(c),
                _ => return Err(not_table()),
            }
        }
        Node::Inline(t) => {
            if !t.contains_key(first) {
                if value.is_none() {
                    return Ok(());
                }
                insert_inline(t, first, Value::InlineTable(InlineTable::new()));
            }
            match t.get_mut(first) {
                Some(Value::InlineTable(c)) => Node::Inline(c),
                _ => return Err(not_table()),
            }
        }
    };
    set_path(child, rest, value)
}

fn indicator<'a>(doc: &'a mut DocumentMut, id: &str) -> Result<Node<'a>, String> {
    let has_id = |t: &dyn TableLike| t.get("id").and_then(Item::as_str) == Some(id);
    match doc.get_mut("indicators") {
        Some(Item::ArrayOfTables(list)) => list
            .iter_mut()
            .find(|t| has_id(*t))
            .map(Node::Table)
            .ok_or_else(|| "the indicator is not in the file".into()),
        Some(Item::Value(Value::Array(list))) => list
            .iter_mut()
            .filter_map(Value::as_inline_table_mut)
            .find(|t| has_id(*t))
            .map(Node::Inline)
            .ok_or_else(|| "the indicator is not in the file".into()),
        _ => Err("the file has no [[indicators]]".into()),
    }
}

const NOT_A_YEAR_TABLE: &str = "the year's entry is not a table like { target = … }";

/// The entry of `year` in an indicator's `years`, made (in year order) if
/// `create`; `None` if there is none and it is not to be made.
fn year_entry<'a>(node: Node<'a>, year: i32, create: bool) -> Result<Option<Node<'a>>, String> {
    let empty = || Value::InlineTable(InlineTable::new());
    match node {
        Node::Table(t) => {
            if !t.contains_key("years") {
                if !create {
                    return Ok(None);
                }
                t.insert("years", Item::Table(Table::new()));
            }
            match t.get_mut("years") {
                Some(Item::Table(years)) => {
                    let key = match year_key(years.iter().map(|(k, _)| k), year) {
                        Some(key) => key,
                        None if create => {
                            insert_year_in_order(years, year, Item::Value(empty()));
                            year.to_string()
                        }
                        None => return Ok(None),
                    };
                    match years.get_mut(&key) {
                        Some(Item::Value(Value::InlineTable(e))) => Ok(Some(Node::Inline(e))),
                        Some(Item::Table(e)) => Ok(Some(Node::Table(e))),
                        _ => Err(NOT_A_YEAR_TABLE.into()),
                    }
                }
                Some(Item::Value(Value::InlineTable(years))) => inline_year(years, year, create),
                _ => Err("`years` is not a table".into()),
            }
        }
        Node::Inline(t) => {
            if !t.contains_key("years") {
                if !create {
                    return Ok(None);
                }
                insert_inline(t, "years", empty());
            }
            match t.get_mut("years") {
                Some(Value::InlineTable(years)) => inline_year(years, year, create),
                _ => Err("`years` is not a table".into()),
            }
        }
    }
}

fn inline_year(
    years: &mut InlineTable,
    year: i32,
    create: bool,
) -> Result<Option<Node<'_>>, String> {
    let key = match year_key(years.iter().map(|(k, _)| k), year) {
        Some(key) => key,
        None if create => {
            insert_inline(
                years,
                &year.to_string(),
                Value::InlineTable(InlineTable::new()),
            );
            year.to_string()
        }
        None => return Ok(None),
    };
    match years.get_mut(&key) {
        Some(Value::InlineTable(e)) => Ok(Some(Node::Inline(e))),
        _ => Err(NOT_A_YEAR_TABLE.into()),
    }
}

/// Applies one change to the document.
fn apply(doc: &mut DocumentMut, ids: &[String], change: &Change) -> Result<(), String> {
    let id_of = |n: usize| ids.get(n).map(String::as_str).ok_or("no such indicator");
    match change {
        Change::Toml(Place::Text { key, lang }, value) => set_path(
            Node::Table(doc.as_table_mut()),
            &[*key, lang.code()],
            value.clone(),
        ),
        // Actuals go the way import writes them.
        Change::Toml(
            Place::Figure {
                indicator,
                year,
                key: "actual",
            },
            Some(value),
        ) => set_actual(doc, id_of(*indicator)?, *year, value.clone()),
        Change::Toml(
            Place::Figure {
                indicator,
                year,
                key,
            },
            value,
        ) => {
            let id = id_of(*indicator)?;
            let node = indicator_node(doc, id)?;
            if let Some(entry) = year_entry(node, *year, value.is_some())? {
                set_path(entry, &[key], value.clone())?;
            }
            prune_year(doc, id, *year)
        }
        Change::Toml(
            Place::YearText {
                indicator,
                year,
                key,
                lang,
            },
            value,
        ) => {
            let node = indicator_node(doc, id_of(*indicator)?)?;
            match year_entry(node, *year, value.is_some())? {
                Some(entry) => set_path(entry, &[key, lang.code()], value.clone()),
                None => Ok(()),
            }
        }
        Change::RemoveYearText {
            indicator,
            year,
            key,
        } => {
            let id = id_of(*indicator)?;
            let node = indicator_node(doc, id)?;
            if let Some(entry) = year_entry(node, *year, false)? {
                set_path(entry, &[key], None)?;
            }
            prune_year(doc, id, *year)
        }
        Change::Toml(Place::Commentary { .. }, _) | Change::Markdown(..) => Ok(()),
    }
}

/// Removes a year whose entry a removal left empty (`2024 = {}`).
fn prune_year(doc: &mut DocumentMut, id: &str, year: i32) -> Result<(), String> {
    let is_empty = |item: Option<&Item>| match item {
        Some(Item::Value(Value::InlineTable(t))) => t.is_empty(),
        Some(Item::Table(t)) => t.is_empty(),
        _ => false,
    };
    match indicator_node(doc, id)? {
        Node::Table(t) => match t.get_mut("years") {
            Some(Item::Table(years)) => {
                if let Some(key) = year_key(years.iter().map(|(k, _)| k), year)
                    && is_empty(years.get(&key))
                {
                    years.remove(&key);
                }
            }
            Some(Item::Value(Value::InlineTable(years))) => prune_inline(years, year),
            _ => {}
        },
        Node::Inline(t) => {
            if let Some(Value::InlineTable(years)) = t.get_mut("years") {
                prune_inline(years, year);
            }
        }
    }
    Ok(())
}

fn prune_inline(years: &mut InlineTable, year: i32) {
    if let Some(key) = year_key(years.iter().map(|(k, _)| k), year)
        && matches!(years.get(&key), Some(Value::InlineTable(t)) if t.is_empty())
    {
        remove_inline(years, &key);
    }
}

fn indicator_node<'a>(doc: &'a mut DocumentMut, id: &str) -> Result<Node<'a>, String> {
    indicator(doc, id)
}

/// initiative.toml with the changes, every other line as it was (a
/// byte-order mark and CRLF line ends too).
pub(super) fn edit_toml(
    original: &[u8],
    ids: &[String],
    changes: &[Change],
) -> Result<Vec<u8>, String> {
    let mut file = TomlFile::parse(original).map_err(|why| match why {
        TomlReadError::NotUtf8 => "the file is not UTF-8 text".to_string(),
        TomlReadError::Parse(message) => message,
    })?;
    for change in changes {
        apply(&mut file.doc, ids, change)?;
    }
    Ok(file.bytes())
}

/// A Markdown file's new bytes: the text with a final line end, in the
/// file's own line ends and byte-order mark.
fn markdown_bytes(text: &str, original: Option<&[u8]>) -> Vec<u8> {
    let crlf = original.is_some_and(|o| o.windows(2).any(|w| w == b"\r\n"));
    let bom = original.is_some_and(|o| o.starts_with(BOM));
    let mut text = format!("{text}\n");
    if crlf {
        text = text.replace('\n', "\r\n");
    }
    let mut bytes = Vec::with_capacity(text.len() + 3);
    if bom {
        bytes.extend_from_slice(BOM);
    }
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

/// A file a save writes (`bytes`) or removes (`bytes: None`).
#[derive(Debug)]
pub(super) struct FileEdit {
    pub(super) path: PathBuf,
    pub(super) rel: String,
    pub(super) original: Option<Vec<u8>>,
    pub(super) bytes: Option<Vec<u8>>,
}

/// The files the changes make, from the files the form was made from.
pub(super) fn file_edits(form: &Form, changes: &[Change]) -> Result<Vec<FileEdit>, String> {
    let mut out = Vec::new();
    let toml: Vec<Change> = changes
        .iter()
        .filter(|c| !matches!(c, Change::Markdown(..)))
        .cloned()
        .collect();
    if !toml.is_empty() {
        let file = form.toml();
        let original = file.bytes.as_deref().ok_or("initiative.toml is gone")?;
        let bytes = edit_toml(original, &form.indicator_ids, &toml)?;
        out.push(FileEdit {
            path: file.path.clone(),
            rel: file.rel.clone(),
            original: Some(original.to_vec()),
            bytes: Some(bytes),
        });
    }
    for change in changes {
        let Change::Markdown(n, text) = change else {
            continue;
        };
        let Place::Commentary { year, kind, lang } = form.fields[*n].place else {
            continue;
        };
        let file = form.commentary_file(year, kind, lang);
        out.push(FileEdit {
            path: file.path.clone(),
            rel: file.rel.clone(),
            original: file.bytes.clone(),
            bytes: text
                .as_deref()
                .map(|t| markdown_bytes(t, file.bytes.as_deref())),
        });
    }
    Ok(out)
}

// ------------------------------------------------- checking a copy first

/// A copy of the content folder, removed when dropped.
pub(super) struct Copy(pub(super) PathBuf);

impl Drop for Copy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copies the content folder (its plain files and folders; hidden ones and
/// links are left out, as the build leaves them out).
fn copy_content(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            copy_content(&entry.path(), &to.join(&name))?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), to.join(&name))?;
        }
    }
    Ok(())
}

/// Runs the check of `mieruka check` on a copy of the content with the
/// edits made. Returns the copy (whose path the diagnostics name) and the
/// errors, if any.
pub(super) fn check_copy(
    options: &BuildOptions,
    edits: &[FileEdit],
    at: PathBuf,
) -> Result<(), (Copy, Diagnostics)> {
    let copy = Copy(at);
    let _ = std::fs::remove_dir_all(&copy.0);
    let failed = |copy: Copy, e: std::io::Error| {
        let d = crate::base::source::io_error(&options.content, "could not read the folder", &e);
        (copy, Diagnostics::from(d))
    };
    if let Err(e) = copy_content(&options.content, &copy.0) {
        return Err(failed(copy, e));
    }
    for edit in edits {
        let path = copy.0.join(&edit.rel);
        let result = match &edit.bytes {
            Some(bytes) => std::fs::write(&path, bytes),
            None => std::fs::remove_file(&path),
        };
        if let Err(e) = result {
            return Err(failed(copy, e));
        }
    }
    let checked = BuildOptions {
        content: copy.0.clone(),
        ..options.clone()
    };
    // A bug in the check must not stop the preview: report it like an error.
    let result = std::panic::catch_unwind(|| crate::site::verify(&checked)).unwrap_or_else(|_| {
        Err(
            Diagnostic::error("internal error: the check stopped unexpectedly")
                .ja("内部エラー：確認が途中で止まりました")
                .into(),
        )
    });
    match result {
        Ok(_) => Ok(()),
        Err(diags) => {
            let mut errors = Diagnostics::default();
            for d in diags.iter().filter(|d| d.is_error()) {
                errors.push(d.clone());
            }
            Err((copy, errors))
        }
    }
}

/// Where each problem goes: beside the field it concerns (by the file and
/// the field the diagnostic names, or by where in the file it points), or
/// at the top of the form.
pub(super) fn place_messages(
    form: &Form,
    diags: &Diagnostics,
    copy: &Path,
    lang: Lang,
) -> (BTreeMap<usize, Vec<Message>>, Vec<Message>) {
    let mut by_field: BTreeMap<usize, Vec<Message>> = BTreeMap::new();
    let mut top = Vec::new();
    for d in diags.iter() {
        let rel = d.file.as_deref().map(|f| {
            f.strip_prefix(copy)
                .unwrap_or(f)
                .to_string_lossy()
                .replace('\\', "/")
        });
        let help = match lang {
            Lang::JA => d.help_ja.clone().or_else(|| d.help.clone()),
            _ => d.help.clone(),
        };
        let text = d.message_in(lang).to_string();
        let field = rel.as_deref().and_then(|rel| field_of(form, d, rel));
        match field {
            Some(n) => by_field.entry(n).or_default().push(Message { text, help }),
            None => {
                let text = match (&rel, &d.field) {
                    (Some(rel), Some(field)) => format!("{rel} ({field}): {text}"),
                    (Some(rel), None) => format!("{rel}: {text}"),
                    _ => text,
                };
                top.push(Message { text, help });
            }
        }
    }
    (by_field, top)
}

fn field_of(form: &Form, d: &Diagnostic, rel: &str) -> Option<usize> {
    if rel == form.toml().rel {
        if let Some(field) = &d.field {
            if let Some(n) = form.field(field) {
                return Some(n);
            }
            let prefix = format!("{field}.");
            if let Some(n) = form.fields.iter().position(|f| f.name.starts_with(&prefix)) {
                return Some(n);
            }
        }
        let (source, span) = (d.source.as_deref()?, d.span.clone()?);
        return field_at(form, source, span);
    }
    form.fields.iter().position(|f| match f.place {
        Place::Commentary { year, kind, lang } => form.commentary_file(year, kind, lang).rel == rel,
        _ => false,
    })
}

/// The field whose value is where a diagnostic points in initiative.toml.
fn field_at(form: &Form, source: &str, span: Range<usize>) -> Option<usize> {
    let doc = toml_edit::Document::parse(source.to_string()).ok()?;
    let spans: Vec<(usize, Range<usize>)> = form
        .fields
        .iter()
        .enumerate()
        .filter_map(|(n, f)| Some((n, value_span(&doc, form, f.place)?)))
        .collect();
    spans
        .iter()
        .find(|(_, s)| s.contains(&span.start))
        .or_else(|| {
            spans
                .iter()
                .find(|(_, s)| span.start <= s.start && s.end <= span.end)
        })
        .map(|(n, _)| *n)
}

fn value_span(
    doc: &toml_edit::Document<String>,
    form: &Form,
    place: Place,
) -> Option<Range<usize>> {
    let root: &dyn TableLike = doc.as_table();
    let year_entry = |indicator: usize, year: i32| -> Option<&dyn TableLike> {
        let id = form.indicator_ids.get(indicator)?;
        let has_id = |t: &dyn TableLike| t.get("id").and_then(Item::as_str) == Some(id.as_str());
        let table: &dyn TableLike = match root.get("indicators")? {
            Item::ArrayOfTables(list) => list.iter().find(|t| has_id(*t))?,
            Item::Value(Value::Array(list)) => list
                .iter()
                .filter_map(Value::as_inline_table)
                .find(|t| has_id(*t))?,
            _ => return None,
        };
        let years = table.get("years")?.as_table_like()?;
        let key = year_key(years.iter().map(|(k, _)| k), year)?;
        years.get(&key)?.as_table_like()
    };
    match place {
        Place::Text { key, lang } => root.get(key)?.as_table_like()?.get(lang.code())?.span(),
        Place::Figure {
            indicator,
            year,
            key,
        } => year_entry(indicator, year)?.get(key)?.span(),
        Place::YearText {
            indicator,
            year,
            key,
            lang,
        } => year_entry(indicator, year)?
            .get(key)?
            .as_table_like()?
            .get(lang.code())?
            .span(),
        Place::Commentary { .. } => None,
    }
}

// ------------------------------------------------------------- writing

/// Writes and removes the files; if one fails, those already done are put
/// back and the error names the file (and any that could not be put back).
pub(super) fn write(edits: &[FileEdit]) -> Result<(), Diagnostic> {
    let mut done: Vec<FileChange> = Vec::new();
    for edit in edits {
        let result = match &edit.bytes {
            Some(bytes) => write_atomic(&edit.path, bytes),
            None => std::fs::remove_file(&edit.path).map_err(|e| {
                crate::base::source::io_error(&edit.path, "could not write the file", &e)
            }),
        };
        match result {
            Ok(()) => done.push(FileChange {
                path: edit.path.clone(),
                original: edit.original.clone(),
                bytes: edit.bytes.clone().unwrap_or_default(),
            }),
            Err(d) => {
                let not_restored = restore(&done);
                return Err(if not_restored.is_empty() {
                    d
                } else {
                    d.help(format!(
                        "these files could not be put back: {}",
                        not_restored.join(", ")
                    ))
                    .ja_help(format!(
                        "次のファイルは元に戻せませんでした：{}",
                        not_restored.join("、")
                    ))
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> Vec<String> {
        vec!["a".into(), "b".into()]
    }

    fn text(place: Place, v: Option<&str>) -> Change {
        Change::Toml(place, v.map(Value::from))
    }

    fn edited(src: &str, changes: &[Change]) -> String {
        String::from_utf8(edit_toml(src.as_bytes(), &ids(), changes).unwrap()).unwrap()
    }

    const SRC: &str = "# No.1\nnumber = 1\ntitle = { ja = \"電子申請\", en = \"Online\" } # the name\n\
        description = { ja = \"増やす\" }\n\n[[indicators]]\nid = \"a\"\n\n[indicators.years]\n\
        2022 = { target = 250, actual = 171 } # R4\n2024 = { target = 350 }\n\n\
        [[indicators]]\nid = \"b\"\nyears = { 2022 = { target = true, target_text = { ja = \"実施\", en = \"Done\" } } }\n";

    #[test]
    fn only_the_changed_values_are_written() {
        let figure = |indicator, year, key| Place::Figure {
            indicator,
            year,
            key,
        };
        let out = edited(
            SRC,
            &[
                text(
                    Place::Text {
                        key: "title",
                        lang: Lang::EN,
                    },
                    Some("More online"),
                ),
                text(
                    Place::Text {
                        key: "description",
                        lang: Lang::EN,
                    },
                    Some("Offer more"),
                ),
                Change::Toml(figure(0, 2022, "actual"), Some(Value::from(200))),
                Change::Toml(figure(0, 2024, "target"), None),
                Change::Toml(figure(0, 2023, "target"), Some(Value::from(300))),
                Change::Toml(figure(0, 2025, "actual"), Some(Value::from(1.5))),
                Change::RemoveYearText {
                    indicator: 1,
                    year: 2022,
                    key: "target_text",
                },
                Change::Toml(figure(1, 2023, "target"), Some(Value::from(false))),
            ],
        );
        assert_eq!(
            out,
            "# No.1\nnumber = 1\ntitle = { ja = \"電子申請\", en = \"More online\" } # the name\n\
             description = { ja = \"増やす\", en = \"Offer more\" }\n\n[[indicators]]\nid = \"a\"\n\n\
             [indicators.years]\n2022 = { target = 250, actual = 200 } # R4\n2023 = { target = 300 }\n\
             2025 = { actual = 1.5 }\n\n[[indicators]]\nid = \"b\"\n\
             years = { 2022 = { target = true }, 2023 = { target = false } }\n"
        );
    }

    #[test]
    fn texts_emptied_and_kept_apart() {
        let out = edited(
            SRC,
            &[
                text(
                    Place::Text {
                        key: "title",
                        lang: Lang::EN,
                    },
                    None,
                ),
                text(
                    Place::YearText {
                        indicator: 1,
                        year: 2022,
                        key: "target_text",
                        lang: Lang::JA,
                    },
                    Some("R4実施"),
                ),
            ],
        );
        assert!(
            out.contains("title = { ja = \"電子申請\" } # the name\n"),
            "{out}"
        );
        assert!(
            out.contains("target_text = { ja = \"R4実施\", en = \"Done\" }"),
            "{out}"
        );
        // CRLF and a byte-order mark stay.
        let crlf = format!("\u{feff}{}", SRC.replace('\n', "\r\n"));
        let out = edit_toml(
            crlf.as_bytes(),
            &ids(),
            &[Change::Toml(
                Place::Figure {
                    indicator: 0,
                    year: 2022,
                    key: "actual",
                },
                Some(Value::from(5)),
            )],
        )
        .unwrap();
        let expected = crlf.replace("actual = 171", "actual = 5");
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    /// Whatever is typed into a text or figure field, the TOML written is
    /// valid and holds exactly what was typed (the check then judges it).
    #[test]
    fn any_typed_text_makes_valid_toml() {
        use proptest::prelude::*;
        let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
            cases: 200,
            ..Default::default()
        });
        runner
            .run(&(any::<String>(), any::<String>()), |(a, b)| {
                let changes = [
                    text(
                        Place::Text {
                            key: "title",
                            lang: Lang::EN,
                        },
                        Some(&a),
                    ),
                    text(
                        Place::YearText {
                            indicator: 1,
                            year: 2022,
                            key: "target_text",
                            lang: Lang::JA,
                        },
                        Some(&b),
                    ),
                    Change::Toml(
                        Place::Figure {
                            indicator: 0,
                            year: 2025,
                            key: "actual",
                        },
                        Some(Value::from(b.as_str())),
                    ),
                ];
                let out = edited(SRC, &changes);
                let doc: toml::Table =
                    toml::from_str(&out).map_err(|e| TestCaseError::fail(format!("{e}\n{out}")))?;
                prop_assert_eq!(doc["title"]["en"].as_str(), Some(a.as_str()));
                let b_table = &doc["indicators"][1]["years"]["2022"]["target_text"];
                prop_assert_eq!(b_table["ja"].as_str(), Some(b.as_str()));
                prop_assert_eq!(
                    doc["indicators"][0]["years"]["2025"]["actual"].as_str(),
                    Some(b.as_str())
                );
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn a_failed_write_puts_back_what_was_written() {
        let dir = tempfile::tempdir().unwrap();
        let toml = dir.path().join("initiative.toml");
        let gone = dir.path().join("2024.plan.ja.md");
        std::fs::write(&toml, "number = 1\n").unwrap();
        std::fs::write(&gone, "計画\n").unwrap();
        let edit = |path: PathBuf, original: Option<&str>, bytes: Option<&str>| FileEdit {
            rel: String::new(),
            path,
            original: original.map(|s| s.as_bytes().to_vec()),
            bytes: bytes.map(|s| s.as_bytes().to_vec()),
        };
        let edits = [
            edit(toml.clone(), Some("number = 1\n"), Some("number = 2\n")),
            edit(gone.clone(), Some("計画\n"), None),
            // A folder that is not there: this one fails.
            edit(dir.path().join("no/such.md"), None, Some("x\n")),
        ];
        assert!(write(&edits).is_err());
        assert_eq!(std::fs::read_to_string(&toml).unwrap(), "number = 1\n");
        assert_eq!(std::fs::read_to_string(&gone).unwrap(), "計画\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
        // Without the failing one, both are done.
        write(&edits[..2]).unwrap();
        assert_eq!(std::fs::read_to_string(&toml).unwrap(), "number = 2\n");
        assert!(!gone.exists());
    }

    #[test]
    fn markdown_keeps_its_line_ends() {
        assert_eq!(markdown_bytes("a\nb", None), b"a\nb\n");
        assert_eq!(
            markdown_bytes("a\nb", Some(b"\xEF\xBB\xBFx\r\n")),
            b"\xEF\xBB\xBFa\r\nb\r\n"
        );
    }

    #[test]
    fn forms_split() {
        let sent = split(b"token=abc&digest%3Asite.toml=1-2&title.ja=%E8%83%BD+%E7%BE%8E").unwrap();
        assert_eq!(sent.token, "abc");
        assert_eq!(sent.digests["site.toml"], "1-2");
        assert_eq!(sent.values["title.ja"], "能 美");
        assert!(split(b"a=1&a=2").is_err());
        assert!(split(b"token=1&token=1").is_err());
        // Bad escapes and bytes do not stop it.
        assert!(split(b"a=%zz%ff&b").is_ok());
    }
}
