//! The template environment: the theme's templates, the filters they may
//! use, and template errors that name the template, the page and the line.

use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::markdown::{escape_html, write_escaped};
use crate::render::theme::Theme;

/// Instructions a template may run per page: the default theme needs a few
/// thousand; a loop that never ends stops with an error naming the template.
pub(super) const TEMPLATE_FUEL: u64 = 5_000_000;

pub(super) fn environment(theme: &Theme) -> Result<Environment<'static>, Diagnostics> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // A template edited by hand must not hang the build: bound the work per page.
    env.set_fuel(Some(TEMPLATE_FUEL));
    // Escape only what HTML needs (& < > " '), so links read as written: `../initiatives/x.html`.
    env.set_formatter(|out, state, value| match value.as_str() {
        Some(s) if *state.auto_escape() == AutoEscape::Html && !value.is_safe() => {
            write_escaped(out, s).map_err(minijinja::Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    });
    // The two smallest pieces of markup are filters rather than macros: they
    // are used a few dozen times per page, and a macro call costs far more.
    env.add_filter("txt", txt_filter);
    env.add_filter("lang_attr", lang_attr_filter);
    env.add_filter("ruby", ruby_filter);
    let mut diags = Diagnostics::default();
    for (name, source) in &theme.templates {
        if let Err(e) = env.add_template_owned(name.clone(), source.clone()) {
            diags.push(template_error(
                &format!("the template {name} has an error"),
                &format!("テンプレート {name} に誤りがあります"),
                &e,
            ));
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(env)
}

/// `{{ t | txt }}`: a text view (`Txt`) as `<span>text</span>`, with
/// ` lang="ja"` and the visible "translation pending" note when the text is a
/// Japanese fallback on an English page.
pub(super) fn txt_filter(t: &Value) -> Result<Value, minijinja::Error> {
    let field = |name: &str| {
        t.get_attr(name)
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_none())
    };
    let text = field("text").ok_or_else(|| {
        minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            "the txt filter needs a text with a `text` field",
        )
    })?;
    let mut out = String::from("<span");
    push_lang_attr(&mut out, t);
    out.push('>');
    match field("ruby") {
        Some(ruby) => out.push_str(&crate::base::text::ruby_html(&ruby.to_string())),
        None => {
            let _ = write_escaped(&mut out, &text.to_string());
        }
    }
    out.push_str("</span>");
    if let Some(note) = field("note") {
        out.push_str(" <small class=\"pending\">");
        let _ = write_escaped(&mut out, &note.to_string());
        out.push_str("</small>");
    }
    Ok(Value::from_safe_string(out))
}

/// `{{ site.t.word | ruby }}`: an interface word (or a sentence made of
/// them) as escaped HTML with its readings as `<ruby>`: easy Japanese words
/// write `{漢字|かんじ}` as the content does.
pub(super) fn ruby_filter(word: &str) -> Value {
    Value::from_safe_string(crate::base::text::ruby_html(word))
}

/// `<span{{ t | lang_attr }}>`: ` lang="ja"` when the text is shown in
/// another language than the page's, else nothing.
pub(super) fn lang_attr_filter(t: &Value) -> Value {
    let mut out = String::new();
    push_lang_attr(&mut out, t);
    Value::from_safe_string(out)
}

pub(super) fn push_lang_attr(out: &mut String, t: &Value) {
    if t.get_attr("pending").is_ok_and(|p| p.is_true())
        && let Ok(lang) = t.get_attr("lang")
        && let Some(lang) = lang.as_str()
    {
        out.push_str(" lang=\"");
        out.push_str(&escape_html(lang));
        out.push('"');
    }
}

/// A template problem: `what` failed (English and Japanese), with the
/// engine's detail (which comes from minijinja, in English) and the line.
pub(super) fn template_error(what: &str, what_ja: &str, e: &minijinja::Error) -> Diagnostic {
    let detail = e
        .detail()
        .map_or_else(|| e.kind().to_string(), str::to_string);
    let mut en = format!("{what}: {detail}");
    let mut ja = format!("{what_ja}：{detail}");
    if let (Some(_), Some(line)) = (e.name(), e.line()) {
        en.push_str(&format!(" (template line {line})"));
        ja.push_str(&format!("（テンプレートの {line} 行目）"));
    }
    let d = Diagnostic::error(en)
        .ja(ja)
        .help("fix the template in the theme folder; see the default theme for the names a page provides")
        .ja_help("テーマのフォルダーにあるテンプレートを直してください（既定のテーマで使える名前を参照）");
    match e.name() {
        Some(name) => d.in_file(&std::path::Path::new("templates").join(name)),
        None => d,
    }
}
