//! `mieruka serve` against the real binary: pages with the live-reload script,
//! rebuilds on change, a broken edit that keeps the last good site, and what
//! it prints (one language; the warnings once, then only what changed).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::Workspace;

const ALPHA: &str = "initiatives/01-alpha/initiative.toml";

/// A running `mieruka serve`, killed when the test ends (even on failure).
struct Server {
    child: Child,
    port: u16,
    // Kept alive for as long as the server reads from it.
    ws: Workspace,
    /// Every line it printed, standard output and error in the order written.
    output: Arc<Mutex<Vec<String>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        crate::common::stop_serve(&mut self.child);
    }
}

impl Server {
    fn start() -> Server {
        Server::start_in(Workspace::new("tests/fixtures/basic"))
    }

    fn start_in(ws: Workspace) -> Server {
        Server::start_with(ws, &["--lang", "en"])
    }

    /// Starts serve with `args`; standard output and error go to one pipe, so
    /// that the lines keep the order in which they were written.
    fn start_with(ws: Workspace, args: &[&str]) -> Server {
        let (reader, writer) = std::io::pipe().unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_mieruka"))
            .env("MIERUKA_LANG", "en")
            .args(["serve", "--port", "0", "--content"])
            .arg(ws.content())
            .args(args)
            .current_dir(ws.dir.path())
            .stdout(writer.try_clone().unwrap())
            .stderr(writer)
            .spawn()
            .unwrap();
        let output = Arc::new(Mutex::new(Vec::new()));
        let lines = Arc::clone(&output);
        // Keep draining the pipe so the server never blocks on it.
        std::thread::spawn(move || {
            for line in BufReader::new(reader).lines() {
                let Ok(line) = line else { break };
                lines.lock().unwrap().push(line);
            }
        });
        let mut server = Server {
            child,
            port: 0,
            ws,
            output,
        };
        // The address is announced after the first build, in either language.
        let line = server.wait_for_line(|l| l.contains("http://127.0.0.1:"));
        let rest = &line[line.find("http://127.0.0.1:").unwrap() + 17..];
        server.port = rest[..rest.find('/').unwrap()].parse().unwrap();
        server
    }

    fn child_is_running(&self) -> bool {
        // `try_wait` needs `&mut`; a process that ended has no port either.
        TcpStream::connect(("127.0.0.1", self.port)).is_ok()
    }

    fn lines(&self) -> Vec<String> {
        self.output.lock().unwrap().clone()
    }

    /// Waits at most 10 s for a line that `pred` accepts, among those printed.
    fn wait_for_line(&self, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if let Some(line) = self.lines().into_iter().find(|l| pred(l)) {
                return line;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "no such line within 10 s; printed:\n{}",
            self.lines().join("\n")
        );
    }

    /// Waits for the `n`-th line that `pred` accepts and returns all lines
    /// printed up to it.
    fn wait_for_nth(&self, n: usize, pred: impl Fn(&str) -> bool) -> Vec<String> {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            let lines = self.lines();
            if let Some((at, _)) = lines.iter().enumerate().filter(|(_, l)| pred(l)).nth(n - 1) {
                return lines[..=at].to_vec();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "not {n} such lines within 10 s; printed:\n{}",
            self.lines().join("\n")
        );
    }

    /// A hand-written HTTP/1.0 GET: (status code, body).
    fn get(&self, path: &str) -> (u16, String) {
        self.get_as(path, &format!("localhost:{}", self.port))
    }

    /// A GET that names the server as `host` in its `Host` header (none if empty).
    fn get_as(&self, path: &str, host: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let host = if host.is_empty() {
            String::new()
        } else {
            format!("Host: {host}\r\n")
        };
        write!(stream, "GET {path} HTTP/1.0\r\n{host}\r\n").unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let response = String::from_utf8_lossy(&response).into_owned();
        let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
        let code = head
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        (code, body.to_string())
    }

    fn version(&self) -> u64 {
        let (code, body) = self.get("/__mieruka/status");
        assert_eq!(code, 200, "{body}");
        let rest = &body[body.find("\"version\": ").unwrap() + 11..];
        rest[..rest.find(',').unwrap()].parse().unwrap()
    }

    /// Polls the status until the version passes `after`; at most 10 s.
    fn wait_for_rebuild(&self, after: u64) -> String {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if self.version() > after {
                return self.get("/__mieruka/status").1;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("no rebuild within 10 s");
    }
}

#[test]
fn serves_pages_with_the_reload_script() {
    let server = Server::start();
    let (code, home) = server.get("/");
    assert_eq!(code, 200);
    assert!(home.contains("lang=\"ja\""), "{home}");
    assert!(home.contains("<script src=\"/__mieruka/reload.js\"></script>"));
    assert!(home.contains("script-src 'self'"));
    assert!(!home.contains("script-src 'none'"));

    let (code, en) = server.get("/en/");
    assert_eq!(code, 200);
    assert!(en.contains("lang=\"en\""), "{en}");

    let (code, js) = server.get("/__mieruka/reload.js");
    assert_eq!(code, 200);
    assert!(js.contains("location.reload()"));

    for bad in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/nowhere.html",
        "/%ff",
    ] {
        assert_eq!(server.get(bad).0, 404, "{bad}");
    }
    let status = server.get("/__mieruka/status").1;
    assert!(status.contains("\"error\": null"), "{status}");

    // Only the response is rewritten: the built files keep their strict policy,
    // and they are in a folder of the server's own, not in public/.
    let built = std::env::temp_dir()
        .join(format!("mieruka-serve-{}", server.child.id()))
        .join("site/index.html");
    let on_disk = std::fs::read_to_string(&built).unwrap();
    assert!(on_disk.contains("script-src 'none'"));
    assert!(!on_disk.contains("reload.js"));
    assert!(!server.ws.output().exists());
}

#[test]
fn an_edit_rebuilds_the_site() {
    let server = Server::start();
    let (code, page) = server.get("/initiatives/01-alpha.html");
    assert_eq!(code, 200);
    assert!(page.contains("電子申請の拡大"));

    let before = server.version();
    server.ws.edit(ALPHA, "電子申請の拡大", "電子申請の大拡大");
    let status = server.wait_for_rebuild(before);
    assert!(status.contains("\"error\": null"), "{status}");
    let (code, page) = server.get("/initiatives/01-alpha.html");
    assert_eq!(code, 200);
    assert!(page.contains("電子申請の大拡大"), "{page}");
}

#[test]
fn a_broken_edit_reports_the_error_and_keeps_the_last_good_site() {
    let server = Server::start();
    let before = server.version();
    let text = server.ws.read(ALPHA);
    server.ws.write(ALPHA, &format!("{text}\ntitle = {{\n"));
    let status = server.wait_for_rebuild(before);
    assert!(!status.contains("\"error\": null"), "{status}");
    assert!(status.contains("initiative.toml"), "{status}");

    let (code, page) = server.get("/initiatives/01-alpha.html");
    assert_eq!(code, 200);
    assert!(page.contains("電子申請の拡大"), "{page}");

    // Fixing it clears the error.
    let before = server.version();
    server.ws.write(ALPHA, &text);
    let status = server.wait_for_rebuild(before);
    assert!(status.contains("\"error\": null"), "{status}");
}

#[test]
fn a_site_that_never_built_shows_the_errors_until_fixed() {
    let ws = Workspace::new("tests/fixtures/basic");
    let text = ws.read(ALPHA);
    ws.write(ALPHA, &format!("{text}\ntitle = {{\n"));
    let server = Server::start_in(ws);
    let (code, page) = server.get("/initiatives/01-alpha.html");
    assert_eq!(code, 500);
    assert!(page.contains("Build error"), "{page}");
    assert!(page.contains("initiative.toml"), "{page}");
    assert!(page.contains("/__mieruka/reload.js"), "{page}");

    let before = server.version();
    server.ws.write(ALPHA, &text);
    server.wait_for_rebuild(before);
    let (code, page) = server.get("/initiatives/01-alpha.html");
    assert_eq!(code, 200);
    assert!(page.contains("電子申請の拡大"), "{page}");
}

/// Lines that hold no Japanese (paths, source lines of a diagnostic) are
/// allowed only with these marks of a diagnostic's layout.
fn has_japanese(line: &str) -> bool {
    line.chars().any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}'))
}

#[test]
fn in_japanese_serve_prints_no_english() {
    let ws = Workspace::new("tests/fixtures/basic");
    ws.edit(ALPHA, r#", en = "More online applications""#, "");
    let server = Server::start_with(ws, &["--lang", "ja"]);
    server.wait_for_line(|l| l.starts_with("プレビューを http://127.0.0.1:"));
    // A rebuild with one more warning, a broken edit and its fix.
    let before = server.version();
    server.ws.edit(ALPHA, r#", en = "Procedures online""#, "");
    server.wait_for_rebuild(before);
    server.wait_for_line(|l| l.starts_with("作り直しました"));
    let text = server.ws.read(ALPHA);
    let before = server.version();
    server.ws.write(ALPHA, &format!("{text}\ntitle = {{\n"));
    server.wait_for_rebuild(before);
    server.wait_for_line(|l| l.starts_with("作成できませんでした"));
    let before = server.version();
    server.ws.write(ALPHA, &text);
    server.wait_for_rebuild(before);
    server.wait_for_nth(2, |l| l.starts_with("作り直しました"));

    let lines = server.lines();
    for english in [
        "Serving",
        "Built",
        "Rebuilt",
        "Build failed",
        "warning:",
        "error:",
        "help:",
    ] {
        assert!(
            !lines.iter().any(|l| l.contains(english)),
            "{english:?} printed:\n{}",
            lines.join("\n")
        );
    }
    // Every line is Japanese but the parts of a diagnostic that quote the file.
    for line in &lines {
        let quoted = ["-->", "|"]
            .iter()
            .any(|m| line.trim_start().starts_with(m))
            || line
                .trim_start()
                .split_once(" |")
                .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
            || line.trim().is_empty();
        assert!(
            has_japanese(line) || quoted,
            "not Japanese: {line:?}\n{}",
            lines.join("\n")
        );
    }
}

#[test]
fn a_rebuild_prints_only_the_warnings_that_changed() {
    // Two warnings from the start: alpha's title and alpha's indicator have no English.
    let ws = Workspace::new("tests/fixtures/basic");
    ws.edit(ALPHA, r#", en = "More online applications""#, "");
    ws.edit(ALPHA, r#", en = "Procedures online""#, "");
    let server = Server::start_with(ws, &["--lang", "en"]);
    let title = "field `title.en`";
    let name = "field `indicators[0].name.en`";
    let description = "field `description.en`";
    let count = |lines: &[String], what: &str| lines.iter().filter(|l| l.contains(what)).count();
    let first = server.wait_for_line(|l| l.starts_with("Built "));
    assert!(first.contains("(2 warnings)"), "{first}");
    let lines = server.lines();
    assert_eq!(count(&lines, title), 1, "{}", lines.join("\n"));
    assert_eq!(count(&lines, name), 1, "{}", lines.join("\n"));

    // The title gets its English back and the description loses it: one new
    // warning printed in full, one resolved, the unchanged one not again.
    let before = server.version();
    server.ws.edit(
        ALPHA,
        r#"title = { ja = "電子申請の拡大" }"#,
        r#"title = { ja = "電子申請の拡大", en = "More online applications" }"#,
    );
    server
        .ws
        .edit(ALPHA, r#", en = "Offer more procedures online.""#, "");
    server.wait_for_rebuild(before);
    let lines = server.wait_for_nth(1, |l| l.starts_with("Rebuilt"));
    assert_eq!(
        lines.last().unwrap(),
        "Rebuilt (0 errors, 2 warnings; 1 new, 1 resolved).",
        "{}",
        lines.join("\n")
    );
    assert_eq!(count(&lines, name), 1, "reprinted:\n{}", lines.join("\n"));
    assert_eq!(count(&lines, description), 1, "{}", lines.join("\n"));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("resolved: ") && l.contains(title)),
        "{}",
        lines.join("\n")
    );
    assert_eq!(count(&lines, "warning: "), 3, "{}", lines.join("\n"));

    // A change that leaves the warnings as they were prints none of them.
    let before = server.version();
    server.ws.edit(ALPHA, "電子申請の拡大", "電子申請の大拡大");
    server.wait_for_rebuild(before);
    let lines = server.wait_for_nth(2, |l| l.starts_with("Rebuilt"));
    assert_eq!(
        lines.last().unwrap(),
        "Rebuilt (0 errors, 2 warnings; 0 new, 0 resolved).",
        "{}",
        lines.join("\n")
    );
    assert_eq!(count(&lines, "warning: "), 3, "{}", lines.join("\n"));
}

/// A request that declares an absurd body length (no browser sends one) is
/// answered and closed; the preview goes on serving.
#[test]
fn an_absurd_declared_body_does_not_stop_the_preview() {
    let server = Server::start();
    for path in ["/", "/__mieruka/edit/01-alpha"] {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "POST {path} HTTP/1.1\r\nHost: localhost:{}\r\nContent-Length: 100000000000000\r\n\r\nx",
            server.port
        )
        .unwrap();
        let mut head = [0u8; 12];
        stream.read_exact(&mut head).unwrap();
        assert!(head.starts_with(b"HTTP/1."), "{head:?}");
    }
    std::thread::sleep(Duration::from_millis(200));
    assert!(server.child_is_running(), "{}", server.lines().join("\n"));
    let (code, _) = server.get("/");
    assert_eq!(code, 200);
}

/// A page of another site whose name was pointed at 127.0.0.1 (DNS
/// rebinding) reads nothing of the preview: every address refuses a request
/// that does not name the preview itself in `Host`, the site's pages, charts,
/// data, the status and the editor alike, and so does the error page of a
/// site that never built.
#[test]
fn every_address_refuses_a_foreign_host() {
    let server = Server::start();
    let own = format!("127.0.0.1:{}", server.port);
    let paths = [
        "/",
        "/index.html",
        "/en/",
        "/en",
        "/initiatives/01-alpha.html",
        "/data/indicators.csv",
        "/data/indicators.json",
        "/sitemap.xml",
        "/no-such-page.html",
        "/__mieruka/status",
        "/__mieruka/reload.js",
        "/__mieruka/edit/01-alpha",
        "/__mieruka/new",
    ];
    let mut served = 0;
    for path in paths {
        let (code, _) = server.get_as(path, &own);
        if code == 200 {
            served += 1;
        }
        for host in [
            "evil.example".to_string(),
            format!("evil.example:{}", server.port),
            format!("127.0.0.1:{}.evil.example", server.port),
            "127.0.0.1".to_string(),
            String::new(),
        ] {
            let (refused, text) = server.get_as(path, &host);
            assert_eq!(refused, 403, "{path} with Host {host:?}: {text}");
            assert!(
                text.contains(&format!("http://127.0.0.1:{}/", server.port)),
                "{path}: the refusal names the preview's own address: {text}"
            );
            assert!(
                !text.contains("電子申請") && !text.contains("version"),
                "{path}: the site was sent to {host:?}: {text}"
            );
        }
    }
    assert!(served >= 10, "the own address serves the pages ({served})");

    // Before the first good build the errors are a draft too.
    let ws = Workspace::new("tests/fixtures/basic");
    let text = ws.read(ALPHA);
    ws.write(ALPHA, &format!("{text}\ntitle = {{\n"));
    let broken = Server::start_in(ws);
    let (code, page) = broken.get("/");
    assert_eq!(code, 500);
    assert!(page.contains("initiative.toml"), "{page}");
    let (code, text) = broken.get_as("/", "evil.example");
    assert_eq!(code, 403);
    assert!(!text.contains("initiative.toml"), "{text}");
}
