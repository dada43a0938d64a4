//! The preview's editor against the real binary: `mieruka serve` on a copy of
//! a fixture, its form fetched and sent back as a browser would, over
//! loopback. A save changes exactly the lines it should; a wrong figure
//! comes back beside its field with nothing written; every refusal is a
//! real request refused.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::common::Workspace;

const ALPHA: &str = "initiatives/01-alpha/initiative.toml";
const PROGRESS: &str = "initiatives/01-alpha/2024.progress.ja.md";
const FORM: &str = "/__mieruka/edit/01-alpha";

/// A running `mieruka serve` with messages in Japanese, killed when the test
/// ends (even on failure).
struct Server {
    child: Child,
    port: u16,
    ws: Workspace,
}

impl Drop for Server {
    fn drop(&mut self) {
        crate::common::stop_serve(&mut self.child);
    }
}

/// A response: status, head and body.
struct Reply {
    code: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

impl Server {
    fn start() -> Server {
        Server::start_on("tests/fixtures/basic")
    }

    fn start_on(fixture: &str) -> Server {
        let ws = Workspace::new(fixture);
        let mut child = Command::new(env!("CARGO_BIN_EXE_mieruka"))
            .env("MIERUKA_LANG", "ja")
            .args(["serve", "--port", "0", "--content"])
            .arg(ws.content())
            .current_dir(ws.dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut server = Server { child, port: 0, ws };
        let mut lines = BufReader::new(stdout).lines();
        for line in lines.by_ref().take(20) {
            let line = line.unwrap();
            if let Some(at) = line.find("http://127.0.0.1:") {
                let rest = &line[at + "http://127.0.0.1:".len()..];
                server.port = rest[..rest.find('/').unwrap()].parse().unwrap();
                break;
            }
        }
        assert_ne!(server.port, 0, "serve did not announce its address");
        std::thread::spawn(move || lines.for_each(drop));
        server
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A hand-written HTTP/1.0 request; the response is read as far as its
    /// Content-Length, so that a server that stops reading early answers.
    fn send(&self, head: &str, body: &[u8]) -> Reply {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        stream.write_all(head.as_bytes()).unwrap();
        // A refused body may not be read at all: the server can close first.
        let _ = stream.write_all(body);
        let mut bytes = Vec::new();
        let mut buf = [0u8; 65536];
        loop {
            if let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&bytes[..end]).to_lowercase();
                let length = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<usize>().ok());
                if length.is_some_and(|n| bytes.len() >= end + 4 + n) {
                    break;
                }
            }
            match stream.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => bytes.extend_from_slice(&buf[..n]),
                Err(e) => panic!("no answer: {e}"),
            }
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let code = head
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        Reply {
            code,
            head: head.to_string(),
            body: body.to_string(),
        }
    }

    fn get_as(&self, path: &str, host: &str) -> Reply {
        self.send(&format!("GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n"), b"")
    }

    fn get(&self, path: &str) -> Reply {
        self.get_as(path, &self.host())
    }

    /// A form post with the given extra headers (Host is the server's unless given).
    fn post_with(&self, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        let mut head = format!("POST {path} HTTP/1.0\r\n");
        if !headers.iter().any(|(n, _)| *n == "Host") {
            head.push_str(&format!("Host: {}\r\n", self.host()));
        }
        if !headers.iter().any(|(n, _)| *n == "Content-Length") {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        self.send(&head, body)
    }

    /// Posts a form as the browser sends it from the server's own page.
    fn post(&self, fields: &[(String, String)]) -> Reply {
        self.post_to(FORM, fields)
    }

    fn post_to(&self, path: &str, fields: &[(String, String)]) -> Reply {
        let origin = self.origin();
        self.post_with(
            path,
            &[
                ("Origin", &origin),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            encode(fields).as_bytes(),
        )
    }

    /// The form's fields as a browser would send them.
    fn form(&self) -> Vec<(String, String)> {
        self.form_of(FORM)
    }

    fn form_of(&self, path: &str) -> Vec<(String, String)> {
        let reply = self.get(path);
        assert_eq!(reply.code, 200, "{}", reply.body);
        fields(&reply.body)
    }
}

fn encode(fields: &[(String, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish()
}

fn set(fields: &mut [(String, String)], name: &str, value: &str) {
    let field = fields
        .iter_mut()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("the form has no field {name}"));
    field.1 = value.to_string();
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let len = tag[start..].find('"')?;
    Some(unescape(&tag[start..start + len]))
}

/// The inputs, text areas and selects of a page, in order, with their values.
fn fields(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        let end = rest.find('>').unwrap();
        let tag = &rest[..=end];
        if tag.starts_with("<input ") {
            out.push((attr(tag, "name").unwrap(), attr(tag, "value").unwrap()));
        } else if tag.starts_with("<textarea ") {
            let close = rest.find("</textarea>").unwrap();
            let text = &rest[end + 1..close];
            let text = text.strip_prefix('\n').unwrap_or(text);
            out.push((attr(tag, "name").unwrap(), unescape(text)));
        } else if tag.starts_with("<select ") {
            let close = rest.find("</select>").unwrap();
            let options = &rest[end + 1..close];
            let selected = options
                .split("<option")
                .find(|o| o.contains(" selected"))
                .and_then(|o| attr(o, "value"))
                .unwrap_or_default();
            out.push((attr(tag, "name").unwrap(), selected));
        }
        rest = &rest[end + 1..];
    }
    out
}

/// The message shown beside the field named `name`: the paragraph its
/// `aria-describedby` names, right after the control.
fn message_beside(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!(" name=\"{name}\""))?;
    let tag_end = at + html[at..].find('>')?;
    let tag = &html[html[..at].rfind('<')?..=tag_end];
    let described = attr(tag, "aria-describedby")?;
    let after = &html[tag_end + 1..];
    let p = after.find(&format!("<p class=\"editor-error\" id=\"{described}\">"))?;
    // The message follows the control (a text area's text comes between).
    if after[..p].contains("<input") || after[..p].contains("<label") {
        return None;
    }
    let text = &after[p..];
    Some(text[..text.find("</p>")?].to_string())
}

#[test]
fn a_save_changes_exactly_the_lines_it_should() {
    let server = Server::start();
    let before = server.ws.read(ALPHA);
    let others = crate::common::snapshot(&server.ws.content());

    let page = server.get("/initiatives/01-alpha.html");
    assert_eq!(page.code, 200);
    assert!(
        page.body
            .contains("<a href=\"/__mieruka/edit/01-alpha\">編集</a>"),
        "{}",
        page.body
    );

    let mut form = server.form();
    assert!(form.iter().any(|(n, v)| n == "token" && v.len() == 64));
    set(&mut form, "indicators[0].years.2024.actual", "45900");
    set(
        &mut form,
        "commentary.2024.progress.ja",
        "- 電子申請を431件に増やした。\r\n- 窓口での案内も始めた。",
    );
    let reply = server.post(&form);
    assert_eq!(reply.code, 303, "{}", reply.body);
    assert_eq!(reply.header("Location"), Some("/initiatives/01-alpha.html"));

    let after = server.ws.read(ALPHA);
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(before.lines().count(), after.lines().count(), "{after}");
    assert_eq!(
        changed,
        [(
            "2024 = { target = 46000, actual = 45872 }",
            "2024 = { target = 46000, actual = 45900 }"
        )]
    );
    assert_eq!(
        server.ws.read(PROGRESS),
        "- 電子申請を431件に増やした。\n- 窓口での案内も始めた。\n"
    );
    // Nothing else in the content changed, and no temporary file is left.
    let mut now = crate::common::snapshot(&server.ws.content());
    for rel in [ALPHA, PROGRESS] {
        now.remove(rel);
    }
    let mut expected = others.clone();
    for rel in [ALPHA, PROGRESS] {
        expected.remove(rel);
    }
    assert_eq!(
        now.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    assert_eq!(now, expected);

    // The save waited for the rebuild: the page shows the new figure.
    let page = server.get("/initiatives/01-alpha.html");
    assert!(page.body.contains("45,900"), "{}", page.body);
    assert!(
        page.body.contains("窓口での案内も始めた。"),
        "{}",
        page.body
    );

    // A form sent back as it came changes nothing and goes straight back.
    let form = server.form();
    let reply = server.post(&form);
    assert_eq!(reply.code, 303, "{}", reply.body);
    assert_eq!(server.ws.read(ALPHA), after);
}

#[test]
fn a_wrong_figure_is_shown_beside_its_field_and_nothing_is_written() {
    let server = Server::start();
    let before = crate::common::snapshot(&server.ws.content());
    let mut form = server.form();
    set(&mut form, "indicators[0].years.2025.actual", "452件");
    set(&mut form, "commentary.2025.plan.ja", "- 新しい計画");
    let reply = server.post(&form);
    assert_eq!(reply.code, 422, "{}", reply.body);
    let message = message_beside(&reply.body, "indicators[0].years.2025.actual")
        .unwrap_or_else(|| panic!("no message beside the field:\n{}", reply.body));
    assert!(message.contains("数値を書いてください"), "{message}");
    // What was typed is kept, and nothing was written.
    let shown = fields(&reply.body);
    assert!(shown.contains(&("indicators[0].years.2025.actual".into(), "452件".into())));
    assert!(shown.contains(&("commentary.2025.plan.ja".into(), "- 新しい計画".into())));
    assert!(
        reply.body.contains("保存できませんでした"),
        "{}",
        reply.body
    );
    assert_eq!(crate::common::snapshot(&server.ws.content()), before);

    // A check that is not about the TOML's syntax: the Japanese title emptied.
    let mut form = server.form();
    set(&mut form, "title.ja", "  ");
    let reply = server.post(&form);
    assert_eq!(reply.code, 422, "{}", reply.body);
    let message = message_beside(&reply.body, "title.ja").unwrap();
    assert!(message.contains("日本語の文章が空です"), "{message}");
    assert_eq!(crate::common::snapshot(&server.ws.content()), before);
}

#[test]
fn a_file_changed_elsewhere_is_not_overwritten() {
    let server = Server::start();
    let mut form = server.form();
    // Someone edits the file by hand while the form is open.
    server.ws.edit(
        ALPHA,
        "2023 = { target = 300, actual = 300 }",
        "2023 = { target = 300, actual = 299 }",
    );
    let by_hand = server.ws.read(ALPHA);
    set(&mut form, "indicators[0].years.2024.actual", "45900");
    set(&mut form, "commentary.2024.progress.ja", "新しい文章");
    let reply = server.post(&form);
    assert_eq!(reply.code, 409, "{}", reply.body);
    assert!(
        reply
            .body
            .contains("ほかで変更されました。読み込み直してください"),
        "{}",
        reply.body
    );
    assert_eq!(server.ws.read(ALPHA), by_hand);
    assert!(!server.ws.read(PROGRESS).contains("新しい文章"));
    // The input is kept, with the old digests: sent again, it is refused again.
    let shown = fields(&reply.body);
    assert!(shown.contains(&("commentary.2024.progress.ja".into(), "新しい文章".into())));
    let reply = server.post(&shown);
    assert_eq!(reply.code, 409, "{}", reply.body);
    assert_eq!(server.ws.read(ALPHA), by_hand);

    // A Markdown file made since counts too.
    let mut form = server.form();
    server
        .ws
        .write("initiatives/01-alpha/2022.shortfall.ja.md", "手で書いた\n");
    set(&mut form, "commentary.2022.shortfall.ja", "フォームから");
    assert_eq!(server.post(&form).code, 409);
    assert_eq!(
        server.ws.read("initiatives/01-alpha/2022.shortfall.ja.md"),
        "手で書いた\n"
    );
}

#[test]
fn requests_from_elsewhere_are_refused() {
    let server = Server::start();
    let before = crate::common::snapshot(&server.ws.content());
    let mut form = server.form();
    set(&mut form, "indicators[0].years.2024.actual", "1");
    let body = encode(&form);
    let origin = server.origin();
    let kind = ("Content-Type", "application/x-www-form-urlencoded");

    // Another name for the server (DNS rebinding), or none.
    for host in [
        "evil.example",
        format!("evil.example:{}", server.port).as_str(),
        "127.0.0.1",
        "localhost:1",
    ] {
        assert_eq!(server.get_as(FORM, host).code, 403, "{host}");
        let reply = server.post_with(
            FORM,
            &[("Host", host), ("Origin", &origin), kind],
            body.as_bytes(),
        );
        assert_eq!(reply.code, 403, "{host}");
    }
    let no_host = server.send(&format!("GET {FORM} HTTP/1.0\r\n\r\n"), b"");
    assert_eq!(no_host.code, 403);
    // localhost is the server too.
    let localhost = format!("localhost:{}", server.port);
    assert_eq!(server.get_as(FORM, &localhost).code, 200);

    // A page of another site posting the form, or no origin at all.
    for origin in [
        "http://evil.example",
        "null",
        format!("http://127.0.0.1:{}.evil.example", server.port).as_str(),
    ] {
        let reply = server.post_with(FORM, &[("Origin", origin), kind], body.as_bytes());
        assert_eq!(reply.code, 403, "{origin}");
    }
    assert_eq!(server.post_with(FORM, &[kind], body.as_bytes()).code, 403);
    let referer = format!("http://evil.example/{FORM}");
    assert_eq!(
        server
            .post_with(FORM, &[("Referer", &referer), kind], body.as_bytes())
            .code,
        403
    );

    // Without the secret of this run, or with another.
    let mut wrong = form.clone();
    set(&mut wrong, "token", &"0".repeat(64));
    assert_eq!(server.post(&wrong).code, 403);
    let without: Vec<(String, String)> =
        form.iter().filter(|(n, _)| n != "token").cloned().collect();
    assert_eq!(server.post(&without).code, 403);

    // A field the form does not have, a name sent twice, an initiative that
    // is not there, a path that leads out.
    let mut extra = form.clone();
    extra.push(("indicators[0].years.2031.actual".into(), "1".into()));
    let reply = server.post(&extra);
    assert_eq!(reply.code, 400, "{}", reply.body);
    let mut extra = form.clone();
    extra.push(("../../site.toml".into(), "x".into()));
    assert_eq!(server.post(&extra).code, 400);
    let mut twice = form.clone();
    twice.push(("indicators[0].years.2024.actual".into(), "2".into()));
    assert_eq!(server.post(&twice).code, 400);
    for path in [
        "/__mieruka/edit/99-nowhere",
        "/__mieruka/edit/..%2f..%2fsite.toml",
        "/__mieruka/edit/../site.toml",
        "/__mieruka/edit/",
    ] {
        assert_eq!(server.get(path).code, 404, "{path}");
        let reply = server.post_with(path, &[("Origin", &origin), kind], body.as_bytes());
        assert_eq!(reply.code, 404, "{path}");
    }

    // A body over the limit is refused without being read: the answer comes
    // although the rest of the body is never sent.
    let reply = server.post_with(
        FORM,
        &[("Origin", &origin), kind, ("Content-Length", "2000000")],
        body.as_bytes(),
    );
    assert_eq!(reply.code, 413, "{}", reply.body);
    // Not a form as a browser sends it.
    let reply = server.post_with(
        FORM,
        &[("Origin", &origin), ("Content-Type", "text/plain")],
        body.as_bytes(),
    );
    assert_eq!(reply.code, 415);

    assert_eq!(crate::common::snapshot(&server.ws.content()), before);
    // And the form itself is never framed by another page.
    let reply = server.get(FORM);
    assert_eq!(reply.header("X-Frame-Options"), Some("DENY"));
    assert!(
        reply
            .header("Content-Security-Policy")
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
}

#[test]
fn the_form_is_in_the_language_of_the_messages_and_the_built_files_stay_as_they_are() {
    let server = Server::start();
    let reply = server.get(FORM);
    assert!(reply.body.contains("<html lang=\"ja\">"), "{}", reply.body);
    for words in [
        "保存する",
        "令和6年度（2024年度）の実績",
        "取組項目名（日本語）",
        "取組状況",
    ] {
        assert!(reply.body.contains(words), "{words}");
    }
    let fields: BTreeMap<String, String> = fields(&reply.body).into_iter().collect();
    assert_eq!(fields["indicators[0].years.2024.actual"], "45872");
    assert_eq!(fields["title.en"], "More online applications");
    assert_eq!(
        fields["commentary.2024.progress.ja"],
        "- 電子申請を427件に増やした。\n"
    );
    // The link is added to the page sent, not to the files built.
    let built = std::env::temp_dir()
        .join(format!("mieruka-serve-{}", server.child.id()))
        .join("site/initiatives/01-alpha.html");
    let on_disk = std::fs::read_to_string(&built).unwrap();
    assert!(!on_disk.contains("__mieruka"));
    assert!(on_disk.contains("script-src 'none'"));
}

/// Lines of `after` that are not in `before` and the other way round, in order.
fn changed_lines<'a>(before: &'a str, after: &'a str) -> (Vec<&'a str>, Vec<&'a str>) {
    let gone = before
        .lines()
        .filter(|l| !after.lines().any(|a| a == *l))
        .collect();
    let new = after
        .lines()
        .filter(|l| !before.lines().any(|b| b == *l))
        .collect();
    (gone, new)
}

#[test]
fn the_real_plan_round_trips_and_takes_milestones_and_printed_figures() {
    let server = Server::start_on("content");
    let before = crate::common::snapshot(&server.ws.content());
    let ids: Vec<String> = std::fs::read_dir(server.ws.path("initiatives"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(ids.len() >= 16, "{ids:?}");
    // Every form sent back as it came writes nothing.
    for id in &ids {
        let path = format!("/__mieruka/edit/{id}");
        let reply = server.post_to(&path, &server.form_of(&path));
        assert_eq!(reply.code, 303, "{id}: {}", reply.body);
    }
    assert_eq!(crate::common::snapshot(&server.ws.content()), before);

    // A milestone done in a year that had no entry: one line, in year order.
    let path = "/__mieruka/edit/05-counter-outsourcing";
    let file = "initiatives/05-counter-outsourcing/initiative.toml";
    let mut form = server.form_of(path);
    set(&mut form, "indicators[0].years.2025.actual", "true");
    let old = server.ws.read(file);
    assert_eq!(server.post_to(path, &form).code, 303);
    let new = server.ws.read(file);
    assert_eq!(
        changed_lines(&old, &new),
        (vec![], vec!["2025 = { actual = true }"])
    );
    assert!(
        new.contains("2024 = { actual = true }\n2025 = { actual = true }\n"),
        "{new}"
    );

    // A figure and the words the report prints for it, in one line.
    let path = "/__mieruka/edit/04-paperless-office";
    let file = "initiatives/04-paperless-office/initiative.toml";
    let mut form = server.form_of(path);
    set(&mut form, "indicators[0].years.2024.actual", "212");
    set(
        &mut form,
        "indicators[0].years.2024.actual_text.ja",
        "212万枚削減",
    );
    let old = server.ws.read(file);
    let reply = server.post_to(path, &form);
    assert_eq!(reply.code, 303, "{}", reply.body);
    let new = server.ws.read(file);
    assert_eq!(
        changed_lines(&old, &new),
        (
            vec![
                "2024 = { target = 220, target_text = { ja = \"220万枚削減\", en = \"2,200,000 fewer sheets\", ja-basic = \"220{万枚|まんまい}（{減|へ}らす{数|かず}）\" }, actual = 211, actual_text = { ja = \"211万枚削減\", en = \"2,110,000 fewer sheets\", ja-basic = \"211{万枚|まんまい}（{減|へ}らした{数|かず}）\" } }"
            ],
            vec![
                "2024 = { target = 220, target_text = { ja = \"220万枚削減\", en = \"2,200,000 fewer sheets\", ja-basic = \"220{万枚|まんまい}（{減|へ}らす{数|かず}）\" }, actual = 212, actual_text = { ja = \"212万枚削減\", en = \"2,110,000 fewer sheets\", ja-basic = \"211{万枚|まんまい}（{減|へ}らした{数|かず}）\" } }"
            ]
        )
    );
    // Both printed texts emptied: the figure is printed instead.
    let mut form = server.form_of(path);
    set(&mut form, "indicators[0].years.2024.actual_text.ja", "");
    set(&mut form, "indicators[0].years.2024.actual_text.en", "");
    assert_eq!(server.post_to(path, &form).code, 303);
    let newer = server.ws.read(file);
    assert!(
        newer.contains("2024 = { target = 220, target_text = { ja = \"220万枚削減\", en = \"2,200,000 fewer sheets\", ja-basic = \"220{万枚|まんまい}（{減|へ}らす{数|かず}）\" }, actual = 212 }\n"),
        "{newer}"
    );
}

/// A new initiative from the browser: the same fields as `mieruka new
/// initiative`, then the new initiative's own form. A folder name that is
/// not an id, or one already there, is refused with the message of the
/// command and nothing is made; a post without the run's secret is refused.
#[test]
fn a_new_initiative_is_made_from_the_browser() {
    let server = Server::start();
    let mut fields = server.form_of("/__mieruka/new");
    assert!(fields.iter().any(|(n, _)| n == "slug"), "{fields:?}");

    set(&mut fields, "slug", "../outside");
    let refused = server.post_to("/__mieruka/new", &fields);
    assert_eq!(refused.code, 422, "{}", refused.body);
    assert!(
        refused.body.contains("フォルダー名 `../outside` は"),
        "{}",
        refused.body
    );
    assert!(!server.ws.dir.path().join("outside").exists());

    set(&mut fields, "slug", "01-alpha");
    let taken = server.post_to("/__mieruka/new", &fields);
    assert_eq!(taken.code, 422);
    assert!(taken.body.contains("すでにあります"), "{}", taken.body);

    let mut no_secret = fields.clone();
    set(&mut no_secret, "token", "wrong");
    set(&mut no_secret, "slug", "03-gamma");
    assert_eq!(server.post_to("/__mieruka/new", &no_secret).code, 403);
    assert!(!server.ws.path("initiatives/03-gamma").exists());

    set(&mut fields, "slug", "03-gamma");
    let made = server.post_to("/__mieruka/new", &fields);
    assert_eq!(made.code, 303, "{}", made.body);
    assert_eq!(made.header("Location"), Some("/__mieruka/edit/03-gamma"));
    assert!(
        server
            .ws
            .path("initiatives/03-gamma/initiative.toml")
            .is_file()
    );
    let form = server.get("/__mieruka/edit/03-gamma");
    assert_eq!(form.code, 200, "{}", form.body);
}

/// Each commentary text of the form comes with its rendered preview, the
/// Markdown made safe as on the page.
#[test]
fn commentary_fields_show_the_text_as_the_page_will() {
    let server = Server::start();
    server.ws.write(
        "initiatives/01-alpha/2024.progress.ja.md",
        "- **電子申請**を広げた\n- <script>x</script>\n",
    );
    std::thread::sleep(Duration::from_millis(300));
    let form = server.get(FORM);
    assert_eq!(form.code, 200, "{}", form.body);
    assert!(
        form.body.contains("<summary>ページでの見え方</summary>"),
        "{}",
        form.body
    );
    assert!(
        form.body
            .contains("<li><strong>電子申請</strong>を広げた</li>"),
        "{}",
        form.body
    );
    assert!(!form.body.contains("<script>x"), "the preview is made safe");
}

#[test]
fn a_finished_plans_pages_have_no_edit_link() {
    // Both plans have an initiative 01-alpha; the form edits the current
    // plan's, so the finished plan's page must not lead to it.
    let server = Server::start_on("tests/fixtures/plans");
    let current = server.get("/initiatives/01-alpha.html");
    assert_eq!(current.code, 200);
    assert!(
        current.body.contains("/__mieruka/edit/01-alpha"),
        "{}",
        current.body
    );
    for path in [
        "/plans/2017-2021/initiatives/01-alpha.html",
        "/plans/2017-2021/en/initiatives/01-alpha.html",
        "/plans/2017-2021/editions/2021/initiatives/01-alpha.html",
    ] {
        let page = server.get(path);
        assert_eq!(page.code, 200, "{path}");
        assert!(page.body.contains("plan-notice"), "{path}");
        assert!(!page.body.contains("/__mieruka/edit"), "{path}");
        assert!(!page.body.contains("mieruka-edit"), "{path}");
    }
}
