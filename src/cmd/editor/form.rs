//! The edit form of one initiative, built from the checked plan: which fields
//! it has (their names are what a save may send, and nothing else), what
//! they hold now, and the plain HTML page that shows them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::base::text::{Lang, LangText, plain_number, year_label};
use crate::check::assess;
use crate::model::Status;
use crate::model::{CommentaryKind, Direction, Figure, Initiative, Plan};

use super::words::Words;

/// What a field edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// `title.ja`, `description.en` in initiative.toml.
    Text { key: &'static str, lang: Lang },
    /// `indicators[N].years.YEAR.target` / `.actual`.
    Figure {
        indicator: usize,
        year: i32,
        key: &'static str,
    },
    /// `indicators[N].years.YEAR.target_text.ja` / `actual_text`.
    YearText {
        indicator: usize,
        year: i32,
        key: &'static str,
        lang: Lang,
    },
    /// The Markdown file `YEAR.KIND.LANG.md`.
    Commentary {
        year: i32,
        kind: CommentaryKind,
        lang: Lang,
    },
}

/// What a field holds in the files now.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Current {
    Text(Option<String>),
    Figure(Option<Figure>),
    Markdown(Option<String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Input {
    Line,
    Area(u8),
    Number,
    Milestone,
}

#[derive(Debug)]
pub(super) struct Field {
    /// The form field's name, which is also the field a diagnostic names
    /// (`indicators[0].years.2024.actual`).
    pub(super) name: String,
    pub(super) place: Place,
    pub(super) label: String,
    pub(super) current: Current,
    pub(super) input: Input,
}

impl Field {
    /// The value the form shows when nothing was sent.
    pub(super) fn shown(&self) -> String {
        match &self.current {
            Current::Text(t) | Current::Markdown(t) => t.clone().unwrap_or_default(),
            Current::Figure(None) => String::new(),
            Current::Figure(Some(Figure::Number(n))) => plain_number(*n),
            Current::Figure(Some(Figure::Done(b))) => b.to_string(),
        }
    }
}

/// A file the form was made from. Its digest goes into the form, so that a
/// save against a file changed since is refused.
#[derive(Debug)]
pub(super) struct FileRef {
    /// `initiative.toml`, `site.toml`, `2024.progress.ja.md`: the digest
    /// field is `digest:NAME`.
    pub(super) name: String,
    pub(super) path: PathBuf,
    /// Relative to the content folder, with `/`.
    pub(super) rel: String,
    /// What it holds (`None`: there is no such file yet).
    pub(super) bytes: Option<Vec<u8>>,
}

/// A group of fields as the page shows them.
#[derive(Debug)]
pub(super) enum Group {
    Basic(Vec<usize>),
    Indicator {
        legend: String,
        /// Per year: its label and the target and actual fields.
        rows: Vec<(String, usize, usize)>,
        /// The texts printed instead of a figure (`target_text` …).
        texts: Vec<usize>,
    },
    Texts(Vec<usize>),
}

#[derive(Debug)]
pub(super) struct Form {
    pub(super) id: String,
    /// `No.1 電子申請の拡大`.
    pub(super) title: String,
    /// The initiative's page in the preview.
    pub(super) page: String,
    pub(super) fields: Vec<Field>,
    pub(super) groups: Vec<Group>,
    pub(super) files: Vec<FileRef>,
    /// The indicator ids, by index.
    pub(super) indicator_ids: Vec<String>,
}

impl Form {
    pub(super) fn field(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }

    pub(super) fn toml(&self) -> &FileRef {
        &self.files[0]
    }

    /// The Markdown file of a commentary field.
    pub(super) fn commentary_file(&self, year: i32, kind: CommentaryKind, lang: Lang) -> &FileRef {
        let name = commentary_name(year, kind, lang);
        self.files
            .iter()
            .find(|f| f.name == name)
            .expect("every commentary field has its file")
    }
}

pub(super) fn kind_name(kind: CommentaryKind) -> &'static str {
    match kind {
        CommentaryKind::Progress => "progress",
        CommentaryKind::Plan => "plan",
        CommentaryKind::Shortfall => "shortfall",
    }
}

fn commentary_name(year: i32, kind: CommentaryKind, lang: Lang) -> String {
    format!("{year}.{}.{}.md", kind_name(kind), lang.code())
}

/// A file as it is now; an unreadable one reads as absent (the check that
/// made the plan has just read it, so that is a race at most).
fn read(path: &Path) -> Option<Vec<u8>> {
    std::fs::read(path).ok()
}

fn rel(content: &Path, path: &Path) -> String {
    path.strip_prefix(content)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The commentary the form offers: every text there is, and those the
/// review expects (progress of the latest reviewed year, plan of the next,
/// why a reviewed year's target was missed).
fn commentary_slots(plan: &Plan, i: &Initiative) -> BTreeSet<(i32, CommentaryKind)> {
    let site = &plan.site;
    let mut slots: BTreeSet<(i32, CommentaryKind)> =
        i.commentary.iter().map(|(key, _)| *key).collect();
    slots.insert((site.latest_year, CommentaryKind::Progress));
    if site.latest_year < site.last_year {
        slots.insert((site.latest_year + 1, CommentaryKind::Plan));
    }
    for year in site.reviewed_years() {
        if assess::initiative_status(i, year) == Status::NotAchieved {
            slots.insert((year, CommentaryKind::Shortfall));
        }
    }
    slots
}

/// The form of initiative `i` of `plan`, whose content folder is `content`,
/// in the words of `lang`.
pub(super) fn build(
    plan: &Plan,
    i: &Initiative,
    content: &Path,
    words: &Words,
    lang: Lang,
) -> Form {
    // The editor writes the Japanese and English texts; further languages'
    // texts are written in the files themselves.
    let langs: Vec<Lang> = [Lang::JA, Lang::EN]
        .into_iter()
        .filter(|l| *l == Lang::JA || plan.site.languages.contains(l))
        .collect();
    let lang_word = |l: Lang| words.word(&format!("editor_lang_{}", l.code()));
    let in_lang = |label: &str, l: Lang| {
        words.fill(
            "editor_in_lang",
            &[("label", label), ("lang", &lang_word(l))],
        )
    };
    let mut fields = Vec::new();
    let mut groups = Vec::new();
    let push = |fields: &mut Vec<Field>, f: Field| {
        fields.push(f);
        fields.len() - 1
    };

    let mut basic = Vec::new();
    for (key, text, word, input) in [
        ("title", &i.title, "editor_title", Input::Line),
        (
            "description",
            &i.description,
            "editor_description",
            Input::Area(4),
        ),
    ] {
        for &l in &langs {
            basic.push(push(
                &mut fields,
                Field {
                    name: format!("{key}.{}", l.code()),
                    place: Place::Text { key, lang: l },
                    label: in_lang(&words.word(word), l),
                    current: Current::Text(text_of(text, l)),
                    input,
                },
            ));
        }
    }
    groups.push(Group::Basic(basic));

    for (n, ind) in i.indicators.iter().enumerate() {
        let name = ind.name.get(lang).text;
        let legend = match &ind.unit {
            Some(unit) => words.fill(
                "editor_indicator_unit",
                &[("name", name), ("unit", unit.get(lang).text)],
            ),
            None => words.fill("editor_indicator", &[("name", name)]),
        };
        let input = if ind.direction == Direction::Milestone {
            Input::Milestone
        } else {
            Input::Number
        };
        let mut rows = Vec::new();
        let mut texts = Vec::new();
        for year in plan.site.years() {
            let figures = ind.years.get(&year);
            let year_word = year_label(year, lang);
            let cell = |fields: &mut Vec<Field>, key: &'static str, figure: Option<Figure>| {
                let what = words.word(key);
                push(
                    fields,
                    Field {
                        name: format!("indicators[{n}].years.{year}.{key}"),
                        place: Place::Figure {
                            indicator: n,
                            year,
                            key,
                        },
                        label: words.fill(
                            "editor_year_figure",
                            &[("year", &year_word), ("what", &what)],
                        ),
                        current: Current::Figure(figure),
                        input,
                    },
                )
            };
            let target = cell(&mut fields, "target", figures.and_then(|f| f.target));
            let actual = cell(&mut fields, "actual", figures.and_then(|f| f.actual));
            rows.push((year_word.clone(), target, actual));
            for (key, word, text) in [
                (
                    "target_text",
                    "editor_target_text",
                    figures.and_then(|f| f.target_text.as_deref()),
                ),
                (
                    "actual_text",
                    "editor_actual_text",
                    figures.and_then(|f| f.actual_text.as_deref()),
                ),
            ] {
                let Some(text) = text else { continue };
                let what = words.word(word);
                let label = words.fill(
                    "editor_year_figure",
                    &[("year", &year_word), ("what", &what)],
                );
                for &l in &langs {
                    texts.push(push(
                        &mut fields,
                        Field {
                            name: format!("indicators[{n}].years.{year}.{key}.{}", l.code()),
                            place: Place::YearText {
                                indicator: n,
                                year,
                                key,
                                lang: l,
                            },
                            label: in_lang(&label, l),
                            current: Current::Text(text_of(text, l)),
                            input: Input::Line,
                        },
                    ));
                }
            }
        }
        groups.push(Group::Indicator {
            legend,
            rows,
            texts,
        });
    }

    let dir = i.path.parent().unwrap_or(Path::new("."));
    let mut files = vec![
        FileRef {
            name: "initiative.toml".into(),
            path: i.path.clone(),
            rel: rel(content, &i.path),
            bytes: read(&i.path),
        },
        FileRef {
            name: "site.toml".into(),
            path: content.join("site.toml"),
            rel: "site.toml".into(),
            bytes: read(&content.join("site.toml")),
        },
    ];
    let mut texts = Vec::new();
    for (year, kind) in commentary_slots(plan, i) {
        let label = words.fill(
            "editor_commentary",
            &[
                ("year", &year_label(year, lang)),
                ("kind", &words.word(kind_name(kind))),
            ],
        );
        for &l in &langs {
            let name = commentary_name(year, kind, l);
            let path = dir.join(&name);
            let bytes = read(&path);
            let text = bytes.as_ref().map(|b| {
                let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
                String::from_utf8_lossy(b).into_owned()
            });
            texts.push(push(
                &mut fields,
                Field {
                    name: format!("commentary.{year}.{}.{}", kind_name(kind), l.code()),
                    place: Place::Commentary {
                        year,
                        kind,
                        lang: l,
                    },
                    label: in_lang(&label, l),
                    current: Current::Markdown(text),
                    input: Input::Area(6),
                },
            ));
            files.push(FileRef {
                name,
                rel: rel(content, &path),
                path,
                bytes,
            });
        }
    }
    groups.push(Group::Texts(texts));

    let page_lang = if plan.site.languages.contains(&lang) {
        lang
    } else {
        Lang::JA
    };
    Form {
        id: i.id.clone(),
        title: format!(
            "{}{} {}",
            words.word("number_prefix"),
            i.number,
            i.title.get(lang).text
        ),
        page: format!(
            "/{}",
            crate::base::routes::page(page_lang, &crate::base::routes::initiative(&i.id))
        ),
        fields,
        groups,
        files,
        indicator_ids: i.indicators.iter().map(|ind| ind.id.clone()).collect(),
    }
}

fn text_of(text: &LangText, lang: Lang) -> Option<String> {
    text.own(lang).map(str::to_string)
}

// ------------------------------------------------------------ the page

/// A problem shown on the form.
#[derive(Debug, Clone)]
pub(super) struct Message {
    pub(super) text: String,
    pub(super) help: Option<String>,
}

/// What the page shows besides the fields' current values.
#[derive(Debug, Default)]
pub(super) struct State<'a> {
    /// The values sent, shown instead of the current ones.
    pub(super) values: Option<&'a BTreeMap<String, String>>,
    /// Problems by field index.
    pub(super) messages: BTreeMap<usize, Vec<Message>>,
    /// Problems that belong to no field.
    pub(super) top: Vec<Message>,
    /// The headline above the problems.
    pub(super) headline: Option<String>,
    /// `digest:NAME` fields.
    pub(super) digests: Vec<(String, String)>,
    pub(super) token: &'a str,
}

/// Escapes text for HTML text and attribute values.
pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The frame of every editor page.
pub(super) fn page(lang: Lang, title: &str, main: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<link rel=\"stylesheet\" href=\"/assets/style.css\">\n\
         <link rel=\"stylesheet\" href=\"{}\">\n</head>\n<body>\n\
         <main id=\"main\" class=\"wrap editor\">\n{main}</main>\n</body>\n</html>\n",
        lang.code(),
        esc(title),
        super::CSS_PATH,
    )
}

fn message_html(m: &Message) -> String {
    match &m.help {
        Some(help) => format!(
            "{} <span class=\"editor-help\">{}</span>",
            esc(&m.text),
            esc(help)
        ),
        None => esc(&m.text),
    }
}

pub(super) fn render(form: &Form, state: &State, words: &Words, lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "<p><a href=\"{}\">{}</a></p>\n<h1>{}</h1>\n<p>{}</p>\n",
        esc(&form.page),
        esc(&words.word("editor_back")),
        esc(&words.fill("editor_heading", &[("title", &form.title)])),
        esc(&words.word("editor_intro")),
    ));
    if state.headline.is_some() || !state.messages.is_empty() || !state.top.is_empty() {
        out.push_str("<div class=\"editor-summary\" role=\"alert\">\n");
        let headline = state
            .headline
            .clone()
            .unwrap_or_else(|| words.word("editor_not_saved"));
        out.push_str(&format!(
            "<p><strong>{}</strong></p>\n<ul>\n",
            esc(&headline)
        ));
        for m in &state.top {
            out.push_str(&format!("<li>{}</li>\n", message_html(m)));
        }
        for (n, messages) in &state.messages {
            for m in messages {
                out.push_str(&format!(
                    "<li><a href=\"#f{n}\">{}</a>{}{}</li>\n",
                    esc(&form.fields[*n].label),
                    esc(&words.word("editor_colon")),
                    esc(&m.text)
                ));
            }
        }
        out.push_str("</ul>\n</div>\n");
    }
    out.push_str(&format!(
        "<form method=\"post\" action=\"{}{}\" accept-charset=\"utf-8\">\n\
         <input type=\"hidden\" name=\"token\" value=\"{}\">\n",
        super::EDIT_PREFIX,
        esc(&form.id),
        esc(state.token)
    ));
    for (name, digest) in &state.digests {
        out.push_str(&format!(
            "<input type=\"hidden\" name=\"{}\" value=\"{}\">\n",
            esc(name),
            esc(digest)
        ));
    }
    let value = |n: usize| -> String {
        let f = &form.fields[n];
        state
            .values
            .and_then(|v| v.get(&f.name).cloned())
            .unwrap_or_else(|| f.shown())
    };
    for group in &form.groups {
        match group {
            Group::Basic(list) => {
                out.push_str(&format!(
                    "<fieldset>\n<legend>{}</legend>\n",
                    esc(&words.word("editor_basic"))
                ));
                for &n in list {
                    out.push_str(&field_html(form, state, words, n, &value(n), true));
                }
                out.push_str("</fieldset>\n");
            }
            Group::Indicator {
                legend,
                rows,
                texts,
            } => {
                out.push_str(&format!(
                    "<fieldset>\n<legend>{}</legend>\n<p class=\"editor-hint\">{}</p>\n\
                     <table class=\"editor-figures\">\n<thead><tr><th scope=\"col\">{}</th>\
                     <th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
                    esc(legend),
                    esc(&words.word("editor_figure_hint")),
                    esc(&words.word("fiscal_year")),
                    esc(&words.word("target")),
                    esc(&words.word("actual")),
                ));
                for (year, target, actual) in rows {
                    out.push_str(&format!("<tr><th scope=\"row\">{}</th>", esc(year)));
                    for &n in [target, actual] {
                        out.push_str(&format!(
                            "<td>{}</td>",
                            field_html(form, state, words, n, &value(n), false)
                        ));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
                for &n in texts {
                    out.push_str(&field_html(form, state, words, n, &value(n), true));
                }
                out.push_str("</fieldset>\n");
            }
            Group::Texts(list) => {
                if list.is_empty() {
                    continue;
                }
                out.push_str(&format!(
                    "<fieldset>\n<legend>{}</legend>\n<p class=\"editor-hint\">{}</p>\n",
                    esc(&words.word("editor_texts")),
                    esc(&words.word("editor_texts_hint"))
                ));
                for &n in list {
                    out.push_str(&field_html(form, state, words, n, &value(n), true));
                }
                out.push_str("</fieldset>\n");
            }
        }
    }
    out.push_str(&format!(
        "<p><button type=\"submit\">{}</button></p>\n</form>\n",
        esc(&words.word("editor_save"))
    ));
    page(
        lang,
        &words.fill("editor_page_title", &[("title", &form.title)]),
        &out,
    )
}

/// One field: its label (visible, or only for assistive technology in the
/// figures table, whose headers label it for the eye), its control and its
/// problems.
fn field_html(
    form: &Form,
    state: &State,
    words: &Words,
    n: usize,
    value: &str,
    visible_label: bool,
) -> String {
    let f = &form.fields[n];
    let id = format!("f{n}");
    let problems = state.messages.get(&n);
    let mut attrs = format!("id=\"{id}\" name=\"{}\"", esc(&f.name));
    if problems.is_some() {
        attrs.push_str(&format!(
            " aria-invalid=\"true\" aria-describedby=\"{id}-error\""
        ));
    }
    if !visible_label {
        attrs.push_str(&format!(" aria-label=\"{}\"", esc(&f.label)));
    }
    let control = match f.input {
        Input::Line => format!("<input type=\"text\" {attrs} value=\"{}\">", esc(value)),
        Input::Number => format!(
            "<input type=\"text\" inputmode=\"decimal\" autocomplete=\"off\" {attrs} value=\"{}\">",
            esc(value)
        ),
        Input::Area(rows) => format!(
            // The line break after the tag is dropped by the browser, so
            // a text that starts with one keeps it.
            "<textarea {attrs} rows=\"{rows}\">\n{}</textarea>",
            esc(value)
        ),
        Input::Milestone => {
            let mut s = format!("<select {attrs}>");
            for (v, word) in [
                ("", "editor_not_entered"),
                ("true", "milestone_done"),
                ("false", "milestone_not_done"),
            ] {
                let selected = if value.trim() == v { " selected" } else { "" };
                s.push_str(&format!(
                    "<option value=\"{v}\"{selected}>{}</option>",
                    esc(&words.word(word))
                ));
            }
            s.push_str("</select>");
            s
        }
    };
    let errors = problems
        .map(|list| {
            let text: Vec<String> = list.iter().map(message_html).collect();
            format!(
                "<p class=\"editor-error\" id=\"{id}-error\">{}</p>",
                text.join("<br>")
            )
        })
        .unwrap_or_default();
    // A commentary text is shown as its page will show it, under the field
    // (the text in the field when the page was made: no script is needed).
    let preview = match f.place {
        Place::Commentary { lang, .. } if !value.trim().is_empty() => format!(
            "<details class=\"editor-preview\"><summary>{}</summary><div class=\"prose\" lang=\"{}\">{}</div></details>",
            esc(&words.word("editor_preview")),
            lang.code(),
            crate::base::markdown::markdown(value, 3)
        ),
        _ => String::new(),
    };
    if visible_label {
        format!(
            "<div class=\"editor-field\"><label for=\"{id}\">{}</label>{control}{errors}{preview}</div>\n",
            esc(&f.label)
        )
    } else {
        format!("{control}{errors}")
    }
}
