//! `mieruka serve`: a local preview that rebuilds on change and reloads the browser.
//!
//! The site is built into a temporary folder of its own (never `public/`, which
//! may hold the site about to be published), served on the loopback interface
//! only, and rebuilt in full whenever a file under the content or theme folder
//! changes. Pages learn about rebuilds by polling a small status endpoint; the
//! files on disk are never modified for that, only the HTML sent to the browser.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};
use tiny_http::{Header, Request, Response, Server};

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::text::Lang;
use crate::check::config::BuildOptions;

/// Where the live-reload script is served; the pages are rewritten to load it.
const RELOAD_PATH: &str = "/__mieruka/reload.js";
/// What the script polls: `{"version": N, "error": null | "…"}`.
const STATUS_PATH: &str = "/__mieruka/status";
/// Editors write a file in several steps; wait this long after the last event.
const DEBOUNCE: Duration = Duration::from_millis(50);

/// Polls the status; reloads after a successful rebuild, shows the errors of a
/// failed one over the page (as text, never as HTML) and keeps the page, since
/// the site served is still the last good one.
const RELOAD_JS: &str = r##"(function () {
  var seen = null;
  function overlay(text) {
    var box = document.getElementById("mieruka-error");
    if (text === null || document.body.hasAttribute("data-mieruka-error")) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "mieruka-error";
      Object.assign(box.style, {
        position: "fixed", top: "0", left: "0", right: "0", maxHeight: "60vh",
        overflow: "auto", zIndex: "2147483647", background: "#8b0000", color: "#fff",
        font: "14px/1.4 monospace", padding: "1em", whiteSpace: "pre-wrap"
      });
      var title = document.createElement("strong");
      title.textContent = "ビルドエラー / Build error";
      box.appendChild(title);
      box.appendChild(document.createElement("pre"));
      document.body.appendChild(box);
    }
    box.lastChild.textContent = text;
  }
  function poll() {
    fetch("/__mieruka/status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (seen !== null && s.version !== seen && s.error === null) {
          location.reload();
          return;
        }
        seen = s.version;
        overlay(s.error);
      })
      .catch(function () {})
      .then(function () { setTimeout(poll, 100); });
  }
  poll();
})();
"##;

/// What the browser needs to know about the latest build attempt.
struct Status {
    /// Incremented by every build attempt, successful or not.
    version: u64,
    /// The rendered diagnostics of the latest attempt if it failed.
    error: Option<String>,
    /// Whether any build has succeeded, i.e. whether there is a site to serve.
    built: bool,
}

/// Removes the temporary site folder when `serve` returns (not on Ctrl+C, which
/// ends the process; [`remove_stale`] cleans those up at the next start).
struct TempSite(PathBuf);

impl Drop for TempSite {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Longest request body the preview reads after answering; a request that
/// declares more is answered and its connection closed.
const MAX_DECLARED_BODY: usize = 16 * 1024 * 1024;

/// Builds the site into a temporary folder, serves it on 127.0.0.1:`port`,
/// watches the content and theme folders and rebuilds on change. Blocks until
/// the process is stopped. Everything it prints is in `lang`: the warnings of
/// the first build, then on each rebuild only the warnings that are new or
/// gone, with a count ([`Console`]).
pub fn serve(
    options: &BuildOptions,
    port: u16,
    lang: Lang,
    open_browser: bool,
) -> Result<(), Diagnostics> {
    let server = Server::http(("127.0.0.1", port)).map_err(|e| {
        Diagnostic::error(format!("could not listen on 127.0.0.1:{port}: {e}"))
            .ja(format!(
                "127.0.0.1:{port} でプレビューを始められませんでした（{e}）。ほかのプログラムがこのポートを使っている可能性があります"
            ))
            .help("choose another port with --port, e.g. --port 8081")
            .ja_help("--port で別のポートを指定してください（例：--port 8081）")
    })?;
    let addr = server.server_addr().to_ip().map_or(port, |a| a.port());
    let editor = Arc::new(crate::cmd::editor::Editor::new(options, lang, addr));

    remove_stale();
    let temp = TempSite(std::env::temp_dir().join(format!("mieruka-serve-{}", std::process::id())));
    let _ = fs::remove_dir_all(&temp.0);
    // The site goes one level down so that the staging folders of
    // `write::publish`, made beside the output, stay inside our folder too.
    let root = temp.0.join("site");
    let options = BuildOptions {
        output: root.clone(),
        ..options.clone()
    };

    // Watch before the first build so that no edit made during it is missed.
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx).map_err(|e| {
        Diagnostic::error(format!("could not watch for changes: {e}"))
            .ja(format!("変更の監視を始められませんでした（{e}）"))
    })?;
    for dir in std::iter::once(&options.content).chain(options.theme.as_ref()) {
        watcher.watch(dir, RecursiveMode::Recursive).map_err(|e| {
            Diagnostic::error(format!("could not watch the folder: {e}"))
                .ja(format!("フォルダーの変更を監視できませんでした（{e}）"))
                .in_file(dir)
        })?;
    }

    let status = Arc::new(RwLock::new(Status {
        version: 0,
        error: None,
        built: false,
    }));
    let mut console = Console::new(lang);
    rebuild(&options, &mut console, &status);
    let url = format!("http://127.0.0.1:{addr}/");
    match lang {
        Lang::JA => println!(
            "プレビューを {url} で表示しています（Ctrl+C で終了）。content/ を編集するとページが更新されます。"
        ),
        _ => {
            println!(
                "Serving the site at {url} (Ctrl+C to stop). Edit content/ and the page reloads."
            )
        }
    }
    if open_browser && webbrowser::open(&url).is_err() {
        match lang {
            Lang::JA => {
                println!("ブラウザーを開けませんでした。{url} をブラウザーで開いてください。")
            }
            _ => println!("The browser could not be opened: open {url} in it."),
        }
    }

    let rebuild_status = Arc::clone(&status);
    std::thread::spawn(move || {
        let _watcher = watcher;
        while wait_for_change(&rx, lang) {
            rebuild(&options, &mut console, &rebuild_status);
        }
    });

    // One thread per request: a slow client holds up only its own thread. If
    // no thread can be made, the request is dropped (tiny_http answers 500).
    for mut request in server.incoming_requests() {
        let (status, root, editor) = (Arc::clone(&status), root.clone(), Arc::clone(&editor));
        let _ = std::thread::Builder::new().spawn(move || {
            let response = respond(&mut request, &root, &status, &editor);
            if request.body_length().is_some_and(|n| n > MAX_DECLARED_BODY) {
                // tiny_http reads the rest of a body once a request is done
                // with, first making room for all of its declared length,
                // which would stop the preview. For a length no form sends,
                // answer and keep the connection from ever being read again
                // (its few bytes are given up; such a request comes only
                // from a program on this computer).
                std::mem::forget(request.upgrade("close", response));
            } else {
                let _ = request.respond(response);
            }
        });
    }
    Ok(())
}

/// Blocks until a change is seen and no other came for [`DEBOUNCE`]. Returns
/// false when the watcher has stopped.
fn wait_for_change(rx: &Receiver<notify::Result<notify::Event>>, lang: Lang) -> bool {
    // Builds open the content files, and inotify reports opens: only changes count.
    let is_change = |e: &notify::Result<notify::Event>| match e {
        Ok(event) => !matches!(event.kind, EventKind::Access(_)),
        Err(e) => {
            match lang {
                Lang::JA => eprintln!("警告: 変更の監視で問題が起きました（{e}）"),
                _ => eprintln!("warning: watching for changes: {e}"),
            }
            false
        }
    };
    loop {
        match rx.recv() {
            Ok(e) if is_change(&e) => break,
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    let mut deadline = Instant::now() + DEBOUNCE;
    loop {
        match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(e) if is_change(&e) => deadline = Instant::now() + DEBOUNCE,
            Ok(_) => {}
            Err(RecvTimeoutError::Timeout) => return true,
            Err(RecvTimeoutError::Disconnected) => return false,
        }
    }
}

/// A full build. The status lock is held throughout, so that no request reads
/// the output folder while `write::publish` swaps it.
fn rebuild(options: &BuildOptions, console: &mut Console, status: &RwLock<Status>) {
    let mut status = status.write().unwrap_or_else(PoisonError::into_inner);
    status.version += 1;
    // A bug in the build must not stop the preview: report it like an error.
    let result = std::panic::catch_unwind(|| crate::site::build(options)).unwrap_or_else(|_| {
        Err(
            Diagnostic::error("internal error: the build stopped unexpectedly")
                .ja("内部エラー: サイトの作成が予期せず止まりました")
                .into(),
        )
    });
    match result {
        Ok(r) => {
            console.built(&r);
            status.error = None;
            status.built = true;
        }
        Err(diags) => {
            console.failed(&diags, status.built);
            let text: Vec<String> = diags.iter().map(|d| d.render_in(console.lang)).collect();
            status.error = Some(text.join("\n"));
        }
    }
}

/// What `serve` prints of each build, in one language: every warning of the
/// first successful build, then on each rebuild only the warnings that are
/// new or gone since the last successful one (compared by their rendered
/// text), and a line with the counts. A failed build prints its errors in
/// full every time, since they are what stops the site from being built.
struct Console {
    lang: Lang,
    /// The rendered warnings of the last successful build; `None` before the first.
    shown: Option<Vec<String>>,
}

impl Console {
    fn new(lang: Lang) -> Console {
        Console { lang, shown: None }
    }

    fn built(&mut self, r: &crate::site::BuildReport) {
        let lang = self.lang;
        let warnings: Vec<String> = r.warnings.iter().map(|d| d.render_in(lang)).collect();
        let w = warnings.len();
        match &self.shown {
            None => {
                for d in &warnings {
                    eprintln!("{d}");
                }
                let (pages, charts, secs) = (r.pages, r.charts, r.elapsed.as_secs_f64());
                match lang {
                    Lang::JA => println!(
                        "{pages} ページ、グラフ {charts} 枚を作成しました（{secs:.2} 秒、警告 {w} 件）。"
                    ),
                    _ => println!(
                        "Built {pages} pages and {charts} charts in {secs:.2} s ({w} warning{}).",
                        plural(w)
                    ),
                }
            }
            Some(shown) => {
                let (new, resolved) = changes(shown, &warnings);
                for d in &new {
                    eprintln!("{d}");
                }
                for d in &resolved {
                    eprintln!("{}", resolved_line(d, lang));
                }
                let (n, g) = (new.len(), resolved.len());
                match lang {
                    Lang::JA => println!(
                        "作り直しました（エラー 0 件、警告 {w} 件。新しい警告 {n} 件、解消した警告 {g} 件）。"
                    ),
                    _ => println!(
                        "Rebuilt (0 errors, {w} warning{}; {n} new, {g} resolved).",
                        plural(w)
                    ),
                }
            }
        }
        self.shown = Some(warnings);
    }

    fn failed(&mut self, diags: &Diagnostics, built: bool) {
        let lang = self.lang;
        for d in diags.iter().filter(|d| d.is_error()) {
            eprintln!("{}", d.render_in(lang));
        }
        let n = diags.errors();
        match (lang, built) {
            (Lang::JA, true) => {
                eprintln!("作成できませんでした（エラー {n} 件）。前回のサイトを表示し続けます。")
            }
            (Lang::JA, false) => {
                eprintln!("作成できませんでした（エラー {n} 件）。直すまでエラーを表示します。")
            }
            (_, built) => eprintln!(
                "Build failed ({n} error{}). {}",
                plural(n),
                if built {
                    "Still serving the last good site."
                } else {
                    "Showing the errors until they are fixed."
                }
            ),
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The warnings of `current` not in `previous` (new) and those of `previous`
/// no longer in `current` (resolved), each as often as it is more frequent.
fn changes<'a>(previous: &'a [String], current: &'a [String]) -> (Vec<&'a str>, Vec<&'a str>) {
    fn minus<'a>(a: &'a [String], b: &'a [String]) -> Vec<&'a str> {
        let mut left: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for x in b {
            *left.entry(x).or_default() += 1;
        }
        a.iter()
            .filter(|x| match left.get_mut(x.as_str()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .map(String::as_str)
            .collect()
    }
    (minus(current, previous), minus(previous, current))
}

/// A warning that went away, in one line: its message and where it was.
fn resolved_line(rendered: &str, lang: Lang) -> String {
    let mut lines = rendered.lines();
    let title = lines.next().unwrap_or("");
    let title = title
        .strip_prefix("警告: ")
        .or_else(|| title.strip_prefix("warning: "))
        .unwrap_or(title);
    let place = lines.find_map(|l| l.trim_start().strip_prefix("--> "));
    match (lang, place) {
        (Lang::JA, Some(place)) => format!("解消しました: {title}（{place}）"),
        (Lang::JA, None) => format!("解消しました: {title}"),
        (_, Some(place)) => format!("resolved: {title} ({place})"),
        (_, None) => format!("resolved: {title}"),
    }
}

/// Builds the response to one request. Never panics on odd input: a request
/// that does not name the preview in `Host` is refused (403) whatever it asks
/// for, and anything that does not name a file inside `root` is a 404. The editor's addresses
/// (`/__mieruka/edit…`) are answered by the editor, which also adds its link
/// to each initiative's page.
fn respond(
    request: &mut Request,
    root: &Path,
    status: &RwLock<Status>,
    editor: &crate::cmd::editor::Editor,
) -> Reply {
    let version = || {
        status
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .version
    };
    if let Some(refused) = editor.refuse_foreign_host(request) {
        return refused;
    }
    if let Some(reply) = editor.handle(request, &version) {
        return reply;
    }
    let url = request.url();
    let path = url.split(['?', '#']).next().unwrap_or("");
    if path == RELOAD_PATH {
        return reply(200, "text/javascript; charset=utf-8", RELOAD_JS.into());
    }
    let status = status.read().unwrap_or_else(PoisonError::into_inner);
    if path == STATUS_PATH {
        let error = status.error.as_deref().map_or("null".into(), json_string);
        let body = format!(r#"{{"version": {}, "error": {error}}}"#, status.version);
        let response = Response::from_data(body.into_bytes());
        let response = with_header(response, "Content-Type", "application/json");
        return with_header(response, "Cache-Control", "no-store");
    }
    if !status.built {
        return reply(
            500,
            "text/html; charset=utf-8",
            error_page(status.error.as_deref().unwrap_or("")),
        );
    }
    match resolve(root, path) {
        // `/en` → `/en/`, so that the page's relative links work.
        Some(file) if file.join("index.html").is_file() => with_header(
            reply(301, "text/plain; charset=utf-8", Vec::new()),
            "Location",
            &format!("/{}/", path.trim_start_matches('/')),
        ),
        Some(file) => match fs::read(&file) {
            // A finished plan's pages (`plans/<id>/…`) are not the
            // current plan's files: no link to edit them.
            Ok(bytes)
                if file
                    .strip_prefix(root)
                    .is_ok_and(|rel| rel.starts_with(crate::check::config::PLANS_DIR)) =>
            {
                file_reply(200, &file, bytes)
            }
            Ok(bytes) => file_reply(200, &file, editor.with_edit_link(&file, bytes)),
            Err(_) => not_found(root),
        },
        None => not_found(root),
    }
}

/// The file a URL path names inside `root`, or `None` for a path that is not
/// plain segments (`..`, `.`, backslashes, drive letters, bad escapes).
fn resolve(root: &Path, path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(path.strip_prefix('/')?)?;
    let mut file = root.to_path_buf();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." || segment.contains(['\\', ':', '\0']) {
            return None;
        }
        file.push(segment);
    }
    if decoded.is_empty() || decoded.ends_with('/') {
        file.push("index.html");
    }
    Some(file)
}

/// `%E8%83%BD` → 能; `None` if an escape is malformed or the result is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The site's own 404.html when it has one, else a plain text 404.
fn not_found(root: &Path) -> Reply {
    let page = root.join(crate::base::routes::NOT_FOUND);
    match fs::read(&page) {
        Ok(bytes) => file_reply(404, &page, bytes),
        Err(_) => reply(
            404,
            "text/plain; charset=utf-8",
            b"404 Not Found\n".to_vec(),
        ),
    }
}

/// A file's response; HTML pages get the live-reload script.
fn file_reply(code: u16, file: &Path, bytes: Vec<u8>) -> Reply {
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
    let kind = content_type(&ext.to_ascii_lowercase());
    match String::from_utf8(bytes) {
        Ok(html) if kind.starts_with("text/html") => {
            reply(code, kind, with_reload(&html).into_bytes())
        }
        Ok(text) => reply(code, kind, text.into_bytes()),
        Err(e) => reply(code, kind, e.into_bytes()),
    }
}

/// The page as sent to the browser: the CSP lets our script in, and the script
/// is loaded just before `</body>`.
fn with_reload(html: &str) -> String {
    let html = html.replacen("script-src 'none'", "script-src 'self'", 1);
    let tag = format!(r#"<script src="{RELOAD_PATH}"></script>"#);
    match html.rfind("</body>") {
        Some(at) => format!("{}{tag}\n{}", &html[..at], &html[at..]),
        None => html + &tag,
    }
}

fn content_type(ext: &str) -> &'static str {
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "json" => "application/json",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Shown instead of the site until the first build succeeds; it loads the
/// reload script, so it turns into the site as soon as the content is fixed.
fn error_page(text: &str) -> Vec<u8> {
    let text = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">\
         <title>ビルドエラー / Build error</title></head>\n\
         <body data-mieruka-error><h1>ビルドエラー / Build error</h1>\n<pre>{text}</pre>\n\
         <script src=\"{RELOAD_PATH}\"></script>\n</body></html>\n"
    )
    .into_bytes()
}

type Reply = Response<std::io::Cursor<Vec<u8>>>;

fn reply(code: u16, kind: &str, body: Vec<u8>) -> Reply {
    let response = Response::from_data(body).with_status_code(code);
    let response = with_header(response, "Content-Type", kind);
    // The preview changes under the browser: always revalidate.
    with_header(response, "Cache-Control", "no-cache")
}

/// Adds a header; one that cannot be sent
/// (a non-ASCII value from an odd request) is left out rather than panicking.
fn with_header(response: Reply, name: &str, value: &str) -> Reply {
    match Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(h) => response.with_header(h),
        Err(()) => response,
    }
}

/// A JSON string literal.
fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// Ctrl+C ends the process before any cleanup can run, so the folders of
/// earlier previews whose process is gone are removed here (where `/proc`
/// tells which processes are alive; elsewhere they are left to the system).
fn remove_stale() {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(pid) = name.strip_prefix("mieruka-serve-")
            && pid.parse::<u32>().is_ok()
            && !Path::new("/proc").join(pid).exists()
        {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside() {
        let root = Path::new("/site");
        assert_eq!(resolve(root, "/"), Some(PathBuf::from("/site/index.html")));
        assert_eq!(
            resolve(root, "/en/"),
            Some(PathBuf::from("/site/en/index.html"))
        );
        assert_eq!(
            resolve(root, "/a%20b.css"),
            Some(PathBuf::from("/site/a b.css"))
        );
        for bad in [
            "/../etc/passwd",
            "/a/%2e%2e/b",
            "/a\\b",
            "/%zz",
            "/c:x",
            "x",
            "/%ff",
        ] {
            assert_eq!(resolve(root, bad), None, "{bad}");
        }
    }

    #[test]
    fn only_changed_warnings_count() {
        let v = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let (before, after) = (v(&["a", "b", "b"]), v(&["b", "c", "b", "b"]));
        let (new, resolved) = changes(&before, &after);
        assert_eq!(new, ["c", "b"]);
        assert_eq!(resolved, ["a"]);
        let same = v(&["a"]);
        let (new, resolved) = changes(&same, &same);
        assert!(new.is_empty() && resolved.is_empty());
        let warning = "警告: 英訳がありません（項目 `title.en`）\n--> content/a.toml\n = 対処: …";
        assert_eq!(
            resolved_line(warning, Lang::JA),
            "解消しました: 英訳がありません（項目 `title.en`）（content/a.toml）"
        );
        assert_eq!(resolved_line("warning: x", Lang::EN), "resolved: x");
    }

    #[test]
    fn pages_get_the_script() {
        let page = "<meta content=\"script-src 'none'\"><body><p>x</p></body></html>";
        let out = with_reload(page);
        assert!(out.contains("script-src 'self'"));
        assert!(out.contains("<script src=\"/__mieruka/reload.js\"></script>\n</body>"));
        assert_eq!(json_string("a\"\n\u{1}能"), "\"a\\\"\\n\\u0001能\"");
    }
}
