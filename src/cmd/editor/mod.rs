//! The preview's editor: `mieruka serve` shows each initiative's figures and
//! texts as a plain HTML form, and saves what is changed there into the
//! content files, as safely as a person editing them by hand would (more, in
//! fact: nothing is written unless the content still checks).
//!
//! - `GET /__mieruka/edit/<id>`: the form of initiative `<id>` (its title and
//!   description, each indicator's target and actual for every year of the
//!   plan, and the commentary there is or the review expects), in the words
//!   of `--lang`. It works without JavaScript; the editor's pages are served
//!   by the preview only and never written to the site.
//! - `POST /__mieruka/edit/<id>`: a save. The changed values are written
//!   into a copy of the content folder, which is checked as `mieruka check`
//!   checks; if anything is wrong, the form comes back with each message
//!   beside the field it concerns and nothing is written. Otherwise the
//!   TOML is edited through toml_edit (comments, order and layout of every
//!   untouched line kept), each file is written via a temporary file and a
//!   rename (all put back if one fails), and the browser is sent to the
//!   initiative's page once the preview has rebuilt it.
//!
//! The safety checks are in [`guard`]: only requests that name the server
//! itself in `Host`, saves only from the server's own page with the secret
//! of this run, bodies up to a limit, field names only those of the form
//! (so no file name comes from a request), and a save against a file that
//! changed since the form was opened is refused, the input shown again.

mod form;
mod guard;
mod new;
mod save;
mod words;

use std::collections::BTreeMap;
use std::hash::BuildHasher;
use std::io::Cursor;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tiny_http::{Header, Method, Request, Response};

use crate::base::diagnostic::Diagnostics;
use crate::base::text::Lang;
use crate::check::config::BuildOptions;
use form::{Form, Message, State, esc};
use words::Words;

/// The editor's addresses.
pub(crate) const EDIT_PREFIX: &str = "/__mieruka/edit/";
pub(crate) const CSS_PATH: &str = "/__mieruka/edit.css";
/// The form of a new initiative.
pub(crate) const NEW_PATH: &str = "/__mieruka/new";

/// How long a save waits for the preview to rebuild the page it goes back to.
/// The wait ends as soon as the rebuild is done (well under a second on an
/// idle machine); the bound is for a preview whose watcher never reports the
/// change, and is generous because an office PC busy with other programs can
/// take several seconds to notice and rebuild, and going back early shows the
/// old figures as if the save had been lost.
const REBUILD_WAIT: Duration = Duration::from_secs(60);

/// The few rules the editor's pages need beyond the site's style sheet.
const CSS: &str = "\
.editor fieldset { border: 1px solid var(--line, #c9ced6); border-radius: 4px; margin: 1.5rem 0; padding: 0.5rem 1rem 1rem; min-width: 0; }
.editor legend { font-weight: 700; padding: 0 0.25rem; }
.editor-field { margin: 0.75rem 0; }
.editor label { display: block; font-weight: 600; }
.editor input, .editor select, .editor textarea { width: 100%; font: inherit; padding: 0.4rem; border: 1px solid #6b7280; border-radius: 4px; background: var(--paper, #fff); color: var(--ink, #1b1b1b); }
.editor textarea { line-height: 1.6; }
.editor input:focus-visible, .editor select:focus-visible, .editor textarea:focus-visible, .editor button:focus-visible { outline: 3px solid var(--focus, #ffbf47); outline-offset: 1px; }
.editor [aria-invalid=\"true\"] { border: 2px solid #b3261e; }
.editor-figures { width: 100%; border-collapse: collapse; table-layout: fixed; }
.editor-figures th, .editor-figures td { padding: 0.25rem; vertical-align: top; text-align: left; }
.editor-figures th[scope=\"row\"] { font-weight: 400; width: 34%; }
.editor-preview { margin-top: 0.4rem; }
.editor-preview summary { cursor: pointer; color: var(--link, #0b4f9c); }
.editor-preview .prose { border-left: 3px solid var(--line, #c9ced6); padding: 0 0.75rem; margin-top: 0.4rem; }
.editor-hint { color: var(--muted, #4a4a4a); font-size: 0.9rem; }
.editor-error { color: #b3261e; font-weight: 600; margin: 0.25rem 0 0; }
.editor-help { display: block; font-weight: 400; color: var(--ink, #1b1b1b); }
.editor-summary { border: 2px solid #b3261e; border-radius: 4px; padding: 0.5rem 1rem; margin: 1rem 0; }
.editor button { font: inherit; font-weight: 700; min-height: 44px; padding: 0.5rem 1.5rem; border: 0; border-radius: 4px; background: var(--brand, #123d6e); color: #fff; cursor: pointer; }
@media (prefers-color-scheme: dark) {
  .editor-error, .editor [aria-invalid=\"true\"] { color: #ffb4ab; border-color: #ffb4ab; }
  .editor-summary { border-color: #ffb4ab; }
  .editor input, .editor select, .editor textarea { border-color: #9aa3ad; }
}
";

pub type Reply = Response<Cursor<Vec<u8>>>;

/// The editor of one `mieruka serve`.
pub struct Editor {
    /// The content, theme and strictness of the preview (its output is not used).
    options: BuildOptions,
    lang: Lang,
    port: u16,
    /// The secret of this run; `None` if the system gave no randomness, and
    /// then nothing is saved.
    token: Option<String>,
    /// Keys of the files' digests, random for each run.
    keys: std::hash::RandomState,
    /// One save at a time: check, compare and write are one step.
    saving: Mutex<()>,
    /// For the folders of the checked copies.
    copies: AtomicU64,
    /// The word of the link on each initiative's page.
    link: String,
    /// The word of the link to the form of a new initiative.
    new_link: String,
}

impl Editor {
    /// The editor of the content in `options`, for a preview on
    /// 127.0.0.1:`port` whose messages are in `lang`.
    pub fn new(options: &BuildOptions, lang: Lang, port: u16) -> Editor {
        let words = Words::load(options.theme.as_deref(), lang);
        let link = words.word("editor_link");
        let new_link = words.word("editor_new_link");
        Editor {
            options: options.clone(),
            lang,
            port,
            token: guard::new_token(),
            keys: std::hash::RandomState::new(),
            saving: Mutex::new(()),
            copies: AtomicU64::new(0),
            link,
            new_link,
        }
    }

    /// Answers a request for the editor; `None` for any other request.
    /// `version` tells how many builds the preview has attempted, so that
    /// a save can wait for the rebuild that shows it.
    pub fn handle(&self, request: &mut Request, version: &dyn Fn() -> u64) -> Option<Reply> {
        let path = request.url().split(['?', '#']).next().unwrap_or("");
        let id = match path {
            CSS_PATH | NEW_PATH => None,
            p if p.starts_with(EDIT_PREFIX) => Some(p[EDIT_PREFIX.len()..].to_string()),
            p if p == EDIT_PREFIX.trim_end_matches('/') => Some(String::new()),
            _ => return None,
        };
        let words = Words::load(self.options.theme.as_deref(), self.lang);
        if !guard::host_ok(request, self.port) {
            let port = self.port.to_string();
            return Some(self.message(
                403,
                &words,
                &words.fill("editor_refused_host", &[("port", &port)]),
            ));
        }
        let method = request.method().clone();
        let new = path == NEW_PATH;
        Some(match (id, method) {
            (None, Method::Get | Method::Head) if new => {
                self.show_new(&words, &new::Input::default(), &[])
            }
            (None, Method::Post) if new => self.create(request, &words),
            (None, Method::Get | Method::Head) => reply(200, "text/css; charset=utf-8", CSS.into()),
            (Some(id), Method::Get | Method::Head) => self.show(&id, &words),
            (Some(id), Method::Post) => self.save(request, &id, &words, version),
            _ => with_header(
                self.message(405, &words, &words.word("editor_not_allowed")),
                "Allow",
                "GET, HEAD, POST",
            ),
        })
    }

    /// The refusal of a request that does not name the preview itself in
    /// `Host` (a page of another site whose name was pointed at 127.0.0.1);
    /// `None` when it does. The preview asks this before any route, its
    /// pages, charts and status included, and so does [`Editor::handle`].
    pub fn refuse_foreign_host(&self, request: &Request) -> Option<Reply> {
        if guard::host_ok(request, self.port) {
            return None;
        }
        let words = Words::load(self.options.theme.as_deref(), self.lang);
        let port = self.port.to_string();
        Some(self.message(
            403,
            &words,
            &words.fill("preview_refused_host", &[("port", &port)]),
        ))
    }

    /// Adds the link to the editor to an initiative's page (`…/initiatives/<id>.html`),
    /// after its heading; any other file comes back as it was.
    pub fn with_edit_link(&self, file: &Path, bytes: Vec<u8>) -> Vec<u8> {
        let is_page = file.extension().is_some_and(|e| e == "html")
            && file
                .parent()
                .and_then(Path::file_name)
                .is_some_and(|d| d == "initiatives");
        let id = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if !is_page || crate::model::id::check_id(id).is_err() {
            return bytes;
        }
        let html = match String::from_utf8(bytes) {
            Ok(html) => html,
            Err(e) => return e.into_bytes(),
        };
        let link = format!(
            "\n<p class=\"mieruka-edit\"><a href=\"{EDIT_PREFIX}{id}\">{}</a> · <a href=\"{NEW_PATH}\">{}</a></p>",
            esc(&self.link),
            esc(&self.new_link)
        );
        match html.find("</h1>") {
            Some(at) => {
                let at = at + "</h1>".len();
                format!("{}{link}{}", &html[..at], &html[at..]).into_bytes()
            }
            None => html.into_bytes(),
        }
    }

    /// The form of initiative `id` as the files are now.
    fn show(&self, id: &str, words: &Words) -> Reply {
        let Some(token) = &self.token else {
            return self.message(503, words, &words.word("editor_no_secret"));
        };
        let (plan, _) = match crate::check::check(&self.options) {
            Ok(checked) => checked,
            Err(diags) => return self.content_errors(words, &diags),
        };
        let Some(initiative) = plan.initiatives.iter().find(|i| i.id == id) else {
            return self.message(404, words, &words.word("editor_unknown_initiative"));
        };
        let form = form::build(&plan, initiative, &self.options.content, words, self.lang);
        let state = State {
            digests: self.digests(&form),
            token,
            ..State::default()
        };
        page_reply(200, form::render(&form, &state, words, self.lang))
    }

    /// What every post must pass before it is read as a form: the run's
    /// secret exists, the post comes from the server's own page, is a form
    /// within the size limit, and carries the secret. The fields sent, or the
    /// page that refuses it.
    fn accept(&self, request: &mut Request, words: &Words) -> Result<save::Sent, Reply> {
        let Some(token) = &self.token else {
            return Err(self.message(503, words, &words.word("editor_no_secret")));
        };
        if !guard::same_origin(request, self.port) {
            return Err(self.message(403, words, &words.word("editor_refused_origin")));
        }
        if !guard::is_form(request) {
            let why = words.fill(
                "editor_bad_request",
                &[("why", "Content-Type: application/x-www-form-urlencoded")],
            );
            return Err(self.message(415, words, &why));
        }
        let body = match guard::read_body(request) {
            guard::Body::Read(body) => body,
            guard::Body::TooLarge => {
                let limit = (guard::MAX_BODY / (1024 * 1024)).to_string();
                let reply = self.message(
                    413,
                    words,
                    &words.fill("editor_too_large", &[("limit", &limit)]),
                );
                return Err(with_header(reply, "Connection", "close"));
            }
            guard::Body::Unreadable => {
                let why = words.fill("editor_bad_request", &[("why", "body")]);
                return Err(self.message(400, words, &why));
            }
        };
        let sent = match save::split(&body) {
            Ok(sent) => sent,
            Err(why) => {
                return Err(self.message(
                    400,
                    words,
                    &words.fill("editor_bad_request", &[("why", &why)]),
                ));
            }
        };
        if !guard::same_secret(&sent.token, token) {
            return Err(self.message(403, words, &words.word("editor_refused_token")));
        }
        Ok(sent)
    }

    /// A save: see the module's documentation for the steps.
    fn save(
        &self,
        request: &mut Request,
        id: &str,
        words: &Words,
        version: &dyn Fn() -> u64,
    ) -> Reply {
        let sent = match self.accept(request, words) {
            Ok(sent) => sent,
            Err(reply) => return reply,
        };
        // `accept` refused the post if there were no secret.
        let token = self.token.as_deref().unwrap_or_default();
        let _one_at_a_time = self
            .saving
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (plan, _) = match crate::check::check(&self.options) {
            Ok(checked) => checked,
            Err(diags) => return self.content_errors(words, &diags),
        };
        let Some(initiative) = plan.initiatives.iter().find(|i| i.id == id) else {
            return self.message(404, words, &words.word("editor_unknown_initiative"));
        };
        let form = form::build(&plan, initiative, &self.options.content, words, self.lang);
        let digests = self.digests(&form);
        let sent_digests: Vec<(String, String)> = sent
            .digests
            .iter()
            .map(|(name, d)| (format!("digest:{name}"), d.clone()))
            .collect();
        // The form was made from other files: whatever it says could undo
        // someone else's change. Show it again as sent, to be copied, and
        // keep the old digests, so that it cannot be saved as it is.
        if sent_digests != digests {
            return self.conflict(&form, &sent, sent_digests, words, token);
        }
        if let Err(why) = save::known_names(&form, &sent) {
            return self.message(
                400,
                words,
                &words.fill("editor_bad_request", &[("why", &why)]),
            );
        }
        let changes = save::changes(&form, &sent.values);
        if changes.is_empty() {
            return redirect(&form.page);
        }
        let show_again = |code: u16, messages, top: Vec<Message>| {
            let state = State {
                values: Some(&sent.values),
                messages,
                top,
                digests: digests.clone(),
                token,
                ..State::default()
            };
            page_reply(code, form::render(&form, &state, words, self.lang))
        };
        let edits = match save::file_edits(&form, &changes) {
            Ok(edits) => edits,
            Err(why) => {
                let text = format!("{}: {why}", form.toml().rel);
                return show_again(422, BTreeMap::new(), vec![Message { text, help: None }]);
            }
        };
        let copy = std::env::temp_dir()
            .join(format!("mieruka-serve-{}", std::process::id()))
            .join(format!(
                "edit-{}",
                self.copies.fetch_add(1, Ordering::Relaxed)
            ));
        if let Err((copy, diags)) = save::check_copy(&self.options, &edits, copy) {
            let (messages, top) = save::place_messages(&form, &diags, &copy.0, self.lang);
            return show_again(422, messages, top);
        }
        // The check took a while: the files must still be those the form
        // and the edits were made from.
        let now: Vec<Option<Vec<u8>>> = form
            .files
            .iter()
            .map(|f| std::fs::read(&f.path).ok())
            .collect();
        if form.files.iter().zip(&now).any(|(f, now)| f.bytes != *now) {
            return self.conflict(&form, &sent, digests, words, token);
        }
        let before = version();
        if let Err(d) = save::write(&edits) {
            let help = match self.lang {
                Lang::JA => d.help_ja.clone().or_else(|| d.help.clone()),
                _ => d.help.clone(),
            };
            let top = vec![
                Message {
                    text: words.word("editor_write_failed"),
                    help: None,
                },
                Message {
                    text: d.message_in(self.lang).to_string(),
                    help,
                },
            ];
            return show_again(500, BTreeMap::new(), top);
        }
        // Back to the page once the preview has rebuilt it (the watcher sees
        // the files change); if no rebuild comes, the page's own reload does.
        let start = Instant::now();
        while version() == before && start.elapsed() < REBUILD_WAIT {
            std::thread::sleep(Duration::from_millis(20));
        }
        redirect(&form.page)
    }

    /// The form again as sent, with the message that a file changed.
    fn conflict(
        &self,
        form: &Form,
        sent: &save::Sent,
        digests: Vec<(String, String)>,
        words: &Words,
        token: &str,
    ) -> Reply {
        let state = State {
            values: Some(&sent.values),
            headline: Some(words.word("editor_changed_elsewhere")),
            top: vec![Message {
                text: words.word("editor_changed_help"),
                help: None,
            }],
            digests,
            token,
            ..State::default()
        };
        page_reply(409, form::render(form, &state, words, self.lang))
    }

    /// `digest:NAME` of each file the form was made from: its length and a
    /// keyed hash of its bytes, or `none` for a file that is not there.
    fn digests(&self, form: &Form) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = form
            .files
            .iter()
            .map(|f| {
                let digest = match &f.bytes {
                    Some(b) => format!("{}-{:016x}", b.len(), self.keys.hash_one(b)),
                    None => "none".to_string(),
                };
                (format!("digest:{}", f.name), digest)
            })
            .collect();
        out.sort();
        out
    }

    /// The content does not check: the form cannot be made from it.
    fn content_errors(&self, words: &Words, diags: &Diagnostics) -> Reply {
        let mut main = format!(
            "<h1>{}</h1>\n<p>{}</p>\n<ul>\n",
            esc(&words.word("editor_not_saved")),
            esc(&words.word("editor_content_errors"))
        );
        for d in diags.iter().filter(|d| d.is_error()) {
            let file = d
                .file
                .as_deref()
                .map(|f| {
                    f.strip_prefix(&self.options.content)
                        .unwrap_or(f)
                        .display()
                        .to_string()
                })
                .map(|f| format!("{f}: "))
                .unwrap_or_default();
            main.push_str(&format!(
                "<li>{}{}</li>\n",
                esc(&file),
                esc(d.message_in(self.lang))
            ));
        }
        main.push_str("</ul>\n");
        page_reply(
            409,
            form::page(self.lang, &words.word("editor_not_saved"), &main),
        )
    }

    /// A page with one message and a way back to the site.
    fn message(&self, code: u16, words: &Words, text: &str) -> Reply {
        let main = format!(
            "<h1>{}</h1>\n<p><a href=\"/\">{}</a></p>\n",
            esc(text),
            esc(&words.word("home"))
        );
        page_reply(code, form::page(self.lang, text, &main))
    }
}

fn reply(code: u16, kind: &str, body: Vec<u8>) -> Reply {
    let response = Response::from_data(body).with_status_code(code);
    let response = with_header(response, "Content-Type", kind);
    with_header(response, "Cache-Control", "no-store")
}

/// An editor page: never framed, no script, forms only to itself.
fn page_reply(code: u16, html: String) -> Reply {
    let response = reply(code, "text/html; charset=utf-8", html.into_bytes());
    let response = with_header(
        response,
        "Content-Security-Policy",
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; \
         frame-ancestors 'none'; base-uri 'none'",
    );
    let response = with_header(response, "X-Frame-Options", "DENY");
    with_header(response, "Referrer-Policy", "same-origin")
}

fn redirect(to: &str) -> Reply {
    with_header(
        reply(303, "text/plain; charset=utf-8", Vec::new()),
        "Location",
        to,
    )
}

fn with_header(response: Reply, name: &str, value: &str) -> Reply {
    match Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(h) => response.with_header(h),
        Err(()) => response,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initiative_pages_get_the_link() {
        let editor = Editor::new(&BuildOptions::default(), Lang::JA, 8080);
        let page = b"<body><h1>No.1 x</h1><p>y</p></body>".to_vec();
        let out = editor.with_edit_link(Path::new("/s/initiatives/01-alpha.html"), page.clone());
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<body><h1>No.1 x</h1>\n<p class=\"mieruka-edit\"><a href=\"/__mieruka/edit/01-alpha\">編集</a> · <a href=\"/__mieruka/new\">新しい取組項目</a></p><p>y</p></body>"
        );
        let out = editor.with_edit_link(Path::new("/s/en/initiatives/01-alpha.html"), page.clone());
        assert!(
            String::from_utf8(out)
                .unwrap()
                .contains("/__mieruka/edit/01-alpha")
        );
        for other in [
            "/s/index.html",
            "/s/initiatives/a.svg",
            "/s/initiatives/A B.html",
        ] {
            assert_eq!(editor.with_edit_link(Path::new(other), page.clone()), page);
        }
    }
}
