//! The office guides (`docs/guide.ja.md`, `docs/guide.en.md`) show real
//! output: this test runs every command they show and compares.
//!
//! A fenced block (```` ``` ````) whose first line starts with `> mieruka ` is
//! a command and its output. The command is split on spaces, `mieruka` is
//! left out, and `--lang ja` (Japanese guide) or `--lang en` (English guide)
//! is added unless the command has `--lang`. It runs in a fresh copy of the
//! repository's `content/`, with standard output and error read as one stream.
//!
//! The block's other lines are compared, in order and trimmed, with the lines
//! printed, from the first to the last:
//! - a line `…` (or `...`) stands for any number of printed lines;
//! - a timing such as `0.02 s` / `0.02 秒` matches any number, and so does the
//!   port in `127.0.0.1:8080`;
//! - an annotation after `←` is not part of the line.
//!
//! HTML comments on the lines right above a block prepare it:
//! - `<!-- guide-test: edit PATH "FROM" "TO" -->` replaces the first `FROM` by
//!   `TO` in PATH (relative to the folder holding `content/`; `\n` and `\"`
//!   may be used inside the quotes);
//! - `<!-- guide-test: remove PATH -->` deletes PATH;
//! - `<!-- guide-test: skip (reason) -->` does not run the block.
//!
//! `serve` is started with `--port 0` and stopped once it has printed the
//! address of the preview.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::common::Workspace;

struct Block {
    /// Line number of the command in the guide, for the messages.
    line: usize,
    directives: Vec<String>,
    command: String,
    expected: Vec<String>,
}

fn blocks(guide: &str) -> Vec<Block> {
    let lines: Vec<&str> = guide.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].starts_with("```") {
            i += 1;
            continue;
        }
        let start = i;
        let end = (start + 1..lines.len())
            .find(|&j| lines[j].starts_with("```"))
            .expect("a fenced block is not closed");
        i = end + 1;
        let Some(command) = lines
            .get(start + 1)
            .and_then(|l| l.strip_prefix("> mieruka "))
        else {
            continue;
        };
        let mut directives = Vec::new();
        let mut j = start;
        while j > 0 {
            let Some(d) = lines[j - 1]
                .strip_prefix("<!-- guide-test:")
                .and_then(|l| l.strip_suffix("-->"))
            else {
                break;
            };
            directives.insert(0, d.trim().to_string());
            j -= 1;
        }
        out.push(Block {
            line: start + 2,
            directives,
            command: command.to_string(),
            expected: lines[start + 2..end]
                .iter()
                .map(|l| l.to_string())
                .collect(),
        });
    }
    out
}

/// The quoted strings of an `edit` directive, with `\n` and `\"` unescaped.
fn quoted(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut s = String::new();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => match chars.next() {
                    Some('n') => s.push('\n'),
                    Some(other) => s.push(other),
                    None => {}
                },
                _ => s.push(c),
            }
        }
        out.push(s);
    }
    out
}

fn prepare(ws: &Workspace, directive: &str) {
    let root = ws.dir.path();
    if let Some(rest) = directive.strip_prefix("edit ") {
        let (path, strings) = rest.split_once(' ').expect("edit PATH \"FROM\" \"TO\"");
        let [from, to] = <[String; 2]>::try_from(quoted(strings)).expect("edit needs two strings");
        let text = std::fs::read_to_string(root.join(path)).unwrap();
        assert!(text.contains(&from), "{path} does not contain {from:?}");
        std::fs::write(root.join(path), text.replacen(&from, &to, 1)).unwrap();
    } else if let Some(path) = directive.strip_prefix("remove ") {
        std::fs::remove_file(root.join(path.trim())).unwrap();
    } else {
        panic!("unknown guide-test directive: {directive}");
    }
}

/// Runs mieruka in `ws` and returns every line it printed, standard output
/// and error in the order written. `serve` is stopped after its address.
fn run(ws: &Workspace, args: &[&str]) -> Vec<String> {
    let (reader, writer) = std::io::pipe().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_mieruka"))
        .args(args)
        .current_dir(ws.dir.path())
        .env("MIERUKA_LANG", "en")
        .stdin(Stdio::null())
        .stdout(writer.try_clone().unwrap())
        .stderr(writer)
        .spawn()
        .unwrap();
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(reader).lines() {
            let Ok(line) = line else { break };
            if send.send(line).is_err() {
                break;
            }
        }
    });
    let serve = args.first() == Some(&"serve");
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut lines = Vec::new();
    while let Ok(line) = receive.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        let address = line.contains("http://127.0.0.1:");
        lines.push(line);
        if serve && address {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    lines
}

/// A line as compared: without an annotation after `←`, trimmed, with the
/// number of a timing (`0.02 s`, `0.02 秒`) or of a local port as `#`.
fn normalize(line: &str) -> String {
    let line = line.split('←').next().unwrap().trim();
    let mut out = String::new();
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if c.is_ascii_digit() && !out.ends_with(|c: char| c.is_ascii_alphanumeric()) {
            let after = &rest[number_len..];
            let timing = after.starts_with(" 秒")
                || (after.starts_with(" s")
                    && !after[2..].starts_with(|c: char| c.is_alphanumeric()));
            if timing || out.ends_with("127.0.0.1:") {
                out.push('#');
                rest = after;
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Whether `printed` is `expected`, where a `…` line stands for any lines.
fn matches(expected: &[String], printed: &[String]) -> bool {
    match expected.split_first() {
        None => printed.is_empty(),
        Some((gap, rest)) if gap == "…" || gap == "..." => {
            (0..=printed.len()).any(|skip| matches(rest, &printed[skip..]))
        }
        Some((line, rest)) => printed
            .split_first()
            .is_some_and(|(p, more)| p == line && matches(rest, more)),
    }
}

fn check_guide(file: &str, lang: &str) {
    let guide = std::fs::read_to_string(crate::common::repo().join(file)).unwrap();
    let blocks = blocks(&guide);
    let (mut ran, mut skipped, mut failures) = (0, 0, Vec::new());
    for block in &blocks {
        if let Some(d) = block.directives.iter().find(|d| d.starts_with("skip")) {
            assert!(
                d.contains('('),
                "{file}:{}: a skip needs a (reason)",
                block.line
            );
            skipped += 1;
            continue;
        }
        let ws = Workspace::new("content");
        for d in &block.directives {
            prepare(&ws, d);
        }
        let mut args: Vec<&str> = block.command.split(' ').filter(|a| !a.is_empty()).collect();
        if !args.contains(&"--lang") {
            args.extend(["--lang", lang]);
        }
        if args[0] == "serve" && !args.iter().any(|a| *a == "--port" || *a == "-p") {
            args.extend(["--port", "0"]);
        }
        let printed: Vec<String> = run(&ws, &args).iter().map(|l| normalize(l)).collect();
        let expected: Vec<String> = block.expected.iter().map(|l| normalize(l)).collect();
        ran += 1;
        if !matches(&expected, &printed) {
            failures.push(format!(
                "{file}:{}: `mieruka {}` printed:\n{}\n--- the guide shows:\n{}",
                block.line,
                args.join(" "),
                printed.join("\n"),
                expected.join("\n"),
            ));
        }
    }
    assert!(ran >= 5, "{file}: only {ran} command blocks found");
    eprintln!("{file}: {ran} commands compared, {skipped} skipped");
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn the_japanese_guide_shows_what_mieruka_prints() {
    check_guide("docs/guide.ja.md", "ja");
}

#[test]
fn the_english_guide_shows_what_mieruka_prints() {
    check_guide("docs/guide.en.md", "en");
}

#[test]
fn the_comparison_rules() {
    assert_eq!(
        normalize("Built 97 pages in 0.02 s (0 warnings)."),
        "Built 97 pages in # s (0 warnings)."
    );
    assert_eq!(
        normalize("作成しました（0.13 秒、警告 0 件）。"),
        "作成しました（# 秒、警告 0 件）。"
    );
    assert_eq!(
        normalize("at http://127.0.0.1:8080/ (x)"),
        "at http://127.0.0.1:#/ (x)"
    );
    assert_eq!(normalize("  23 | x = 1   ← ③ the line"), "23 | x = 1");
    assert_eq!(normalize("0 errors, 0 steps"), "0 errors, 0 steps");
    let v = |s: &[&str]| s.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    assert!(matches(&v(&["a", "…", "d"]), &v(&["a", "b", "c", "d"])));
    assert!(matches(&v(&["a", "...", "d"]), &v(&["a", "d"])));
    assert!(!matches(&v(&["a", "d"]), &v(&["a", "b", "d"])));
    assert!(!matches(&v(&["a"]), &v(&["a", "b"])));
    assert_eq!(
        quoted(r#""x = 1" "x = 1\ny = \"2\"""#),
        vec!["x = 1", "x = 1\ny = \"2\""]
    );
}
