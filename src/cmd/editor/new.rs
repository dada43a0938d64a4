//! A new initiative from the preview: the same two fields as `mieruka new
//! initiative` (the folder name and, if wanted, the number), made by the
//! same code ([`crate::cmd::scaffold::new_initiative`]), then the new initiative's
//! form. The folder name must be an id (lower-case letters, digits, `-`),
//! so it can name no other place than a new folder under `initiatives/`.

use tiny_http::Request;

use super::form::{esc, page};
use super::words::Words;
use super::{Editor, NEW_PATH, Reply, page_reply, redirect, save};
use crate::base::diagnostic::Diagnostics;

/// What was typed into the form.
#[derive(Debug, Default)]
pub(super) struct Input {
    pub(super) slug: String,
    pub(super) number: String,
}

impl Editor {
    /// The form, with what was typed and the problems found in it.
    pub(super) fn show_new(&self, words: &Words, input: &Input, problems: &[String]) -> Reply {
        let Some(token) = &self.token else {
            return self.message(503, words, &words.word("editor_no_secret"));
        };
        let summary = if problems.is_empty() {
            String::new()
        } else {
            let items: String = problems
                .iter()
                .map(|p| format!("<li>{}</li>", esc(p)))
                .collect();
            format!(
                "<div class=\"editor-summary\" role=\"alert\"><p>{}</p><ul>{items}</ul></div>\n",
                esc(&words.word("editor_not_saved"))
            )
        };
        let invalid = if problems.is_empty() {
            ""
        } else {
            " aria-invalid=\"true\""
        };
        let title = words.word("editor_new_title");
        let main = format!(
            "<p><a href=\"/\">{home}</a></p>\n<h1>{title}</h1>\n<p>{intro}</p>\n{summary}\
             <form method=\"post\" action=\"{NEW_PATH}\">\n\
             <input type=\"hidden\" name=\"token\" value=\"{token}\">\n\
             <div class=\"editor-field\"><label for=\"slug\">{slug}\
             <span class=\"editor-help\">{slug_help}</span></label>\
             <input id=\"slug\" name=\"slug\" value=\"{slug_value}\" required autocomplete=\"off\"{invalid}></div>\n\
             <div class=\"editor-field\"><label for=\"number\">{number}\
             <span class=\"editor-help\">{number_help}</span></label>\
             <input id=\"number\" name=\"number\" value=\"{number_value}\" inputmode=\"numeric\" autocomplete=\"off\"></div>\n\
             <p><button type=\"submit\">{submit}</button></p>\n</form>\n",
            home = esc(&words.word("home")),
            title = esc(&title),
            intro = esc(&words.word("editor_new_intro")),
            token = esc(token),
            slug = esc(&words.word("editor_new_slug")),
            slug_help = esc(&words.word("editor_new_slug_help")),
            slug_value = esc(&input.slug),
            number = esc(&words.word("editor_new_number")),
            number_help = esc(&words.word("editor_new_number_help")),
            number_value = esc(&input.number),
            submit = esc(&words.word("editor_new_submit")),
        );
        let code = if problems.is_empty() { 200 } else { 422 };
        page_reply(code, page(self.lang, &title, &main))
    }

    /// Makes the new initiative, then sends the browser to its form.
    pub(super) fn create(&self, request: &mut Request, words: &Words) -> Reply {
        let mut sent = match self.accept(request, words) {
            Ok(sent) => sent,
            Err(reply) => return reply,
        };
        let input = Input {
            slug: sent
                .values
                .remove("slug")
                .unwrap_or_default()
                .trim()
                .to_string(),
            number: sent
                .values
                .remove("number")
                .unwrap_or_default()
                .trim()
                .to_string(),
        };
        if let Some(name) = sent.values.keys().next() {
            let why = format!("`{}`", save::shorten(name));
            return self.message(
                400,
                words,
                &words.fill("editor_bad_request", &[("why", &why)]),
            );
        }
        let number = if input.number.is_empty() {
            None
        } else {
            match crate::cmd::import::rows::parse_number(&input.number) {
                Ok(n) if n.fract() == 0.0 && (1.0..=1e9).contains(&n) => Some(n as u32),
                _ => {
                    let problem = words.word("editor_new_number_problem");
                    return self.show_new(words, &input, &[problem]);
                }
            }
        };
        let _one_at_a_time = self
            .saving
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match crate::cmd::scaffold::new_initiative(&self.options.content, &input.slug, number) {
            Ok(_) => redirect(&format!("{}{}", super::EDIT_PREFIX, input.slug)),
            Err(diags) => {
                let problems = self.lines(&diags);
                self.show_new(words, &input, &problems)
            }
        }
    }

    /// Each problem as one line in the language of messages, with its advice.
    fn lines(&self, diags: &Diagnostics) -> Vec<String> {
        diags
            .iter()
            .map(|d| {
                let (message, help) = match self.lang {
                    crate::base::text::Lang::JA => (
                        d.message_ja.as_deref().unwrap_or(&d.message),
                        d.help_ja.as_deref().or(d.help.as_deref()),
                    ),
                    _ => (d.message.as_str(), d.help.as_deref()),
                };
                match help {
                    Some(help) => format!("{message} — {help}"),
                    None => message.to_string(),
                }
            })
            .collect()
    }
}
