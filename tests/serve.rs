//! `mieruka serve` against the real binary: pages with the live-reload script,
//! rebuilds on change, and a broken edit that keeps the last good site.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Workspace;

const ALPHA: &str = "initiatives/01-alpha/initiative.toml";

/// A running `mieruka serve`, killed when the test ends (even on failure).
struct Server {
    child: Child,
    port: u16,
    // Kept alive for as long as the server reads from it.
    ws: Workspace,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // A killed server cannot remove its own site folder.
        let _ = std::fs::remove_dir_all(
            std::env::temp_dir().join(format!("mieruka-serve-{}", self.child.id())),
        );
    }
}

impl Server {
    fn start() -> Server {
        Server::start_in(Workspace::new("tests/fixtures/basic"))
    }

    fn start_in(ws: Workspace) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mieruka"))
            .env("MIERUKA_LANG", "en")
            .args(["serve", "--port", "0", "--content"])
            .arg(ws.content())
            .current_dir(ws.dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut server = Server { child, port: 0, ws };
        // Read lines until the address is announced (the first build comes before).
        let mut lines = BufReader::new(stdout).lines();
        let prefix = "Serving the site at http://127.0.0.1:";
        for line in lines.by_ref().take(20) {
            let line = line.unwrap();
            if let Some(rest) = line.strip_prefix(prefix) {
                server.port = rest[..rest.find('/').unwrap()].parse().unwrap();
                break;
            }
        }
        assert_ne!(server.port, 0, "serve did not announce its address");
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        server
    }

    /// A hand-written HTTP/1.0 GET: (status code, body).
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
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
