//! Whatever comes in, the build either publishes a correct site or stops with
//! a clear message (file, field, what to do) and exit code 1, leaving the
//! published folder exactly as it was — never a panic (exit 70), a hang or
//! unbounded memory.
//!
//! - broken files: empty, only a BOM, invalid UTF-8, NUL bytes, a 2 MB line,
//!   a file over the size limit, a named pipe;
//! - figures: 1e300, 1e16, 1e-300, negative, -0, nan, inf, -inf, a number too
//!   big for u32;
//! - size: 3,000 indicators in one initiative; deeply nested and pathological
//!   Markdown; a 1 MB Markdown file;
//! - names: folder names with spaces, capitals, dots, `con`; indicator ids with
//!   `/`, `..`, `\`; chart file names that would collide;
//! - symbolic links in content/ pointing outside (warned, not followed);
//! - output paths that are a file, inside a file, a folder of other files, or
//!   the project itself reached through `..`;
//! - crash safety: builds killed with SIGKILL at many moments leave public/
//!   exactly the old or exactly the new complete site;
//! - proptest harness for the loader, the validator and the Markdown renderer
//!   (`PROPTEST_CASES` raises the number of cases), and the regression inputs
//!   kept in tests/fuzz_inputs/.

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Workspace, snapshot};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const ALPHA: &str = "initiatives/01-alpha/initiative.toml";
const ALPHA_MD: &str = "initiatives/01-alpha/2024.progress.ja.md";

// ------------------------------------------------------------ running

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mieruka"));
    cmd.args(args)
        .current_dir(dir)
        .env("MIERUKA_LANG", "en")
        .stdin(Stdio::null());
    cmd
}

/// Runs mieruka, failing the test if it runs longer than `limit` (a hang).
fn run_for(dir: &Path, args: &[&str], limit: Duration) -> Run {
    let mut child = command(dir, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let reader = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = r.read_to_end(&mut s);
            String::from_utf8_lossy(&s).into_owned()
        })
    };
    let out = reader(Box::new(child.stdout.take().unwrap()));
    let err = reader(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("mieruka {args:?} did not finish within {limit:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        // None: killed by a signal (a crash).
        code: status.code().unwrap_or(-1),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_for(dir, args, Duration::from_secs(180))
}

/// Exit 0 or 1, never 70 (internal error) or a signal.
fn assert_clean(run: &Run) {
    assert!(
        run.code == 0 || run.code == 1,
        "exit code {}\nstdout: {}\nstderr: {}",
        run.code,
        run.stdout,
        run.stderr
    );
    for bad in ["internal error", "panicked", "RUST_BACKTRACE"] {
        assert!(!run.stderr.contains(bad), "{}", run.stderr);
    }
}

fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect()
}

/// Builds the fixture, breaks it, builds again: exit 1, each of `expect` in
/// the messages, public/ byte-identical to before, no leftovers. Returns stderr.
fn fails(break_it: impl FnOnce(&Workspace), expect: &[&str]) -> String {
    let ws = Workspace::new("tests/fixtures/basic");
    let first = run(ws.dir.path(), &["build"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before = snapshot(&ws.output());
    break_it(&ws);
    let r = run(ws.dir.path(), &["build"]);
    assert_clean(&r);
    assert_eq!(r.code, 1, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    for e in expect {
        assert!(r.stderr.contains(e), "{e:?} not in:\n{}", r.stderr);
    }
    assert!(r.stderr.contains("Build failed"), "{}", r.stderr);
    assert_eq!(before, snapshot(&ws.output()), "public/ changed");
    assert_eq!(leftovers(ws.dir.path()), Vec::<String>::new());
    let check = run(ws.dir.path(), &["check"]);
    assert_clean(&check);
    assert_eq!(check.code, 1, "{}", check.stderr);
    r.stderr
}

/// Builds the fixture after `change`; must succeed. Returns the workspace.
fn builds(change: impl FnOnce(&Workspace)) -> (Workspace, Run) {
    let ws = Workspace::new("tests/fixtures/basic");
    change(&ws);
    let r = run(ws.dir.path(), &["build"]);
    assert_clean(&r);
    assert_eq!(r.code, 0, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    (ws, r)
}

fn set_2024(ws: &Workspace, figures: &str) {
    ws.edit(
        ALPHA,
        "2024 = { target = 46000, actual = 45872 }",
        &format!("2024 = {{ {figures} }}"),
    );
}

// ------------------------------------------------------------ broken files

#[test]
fn empty_initiative_toml() {
    let err = fails(
        |ws| ws.write(ALPHA, ""),
        &[
            "initiative.toml is empty",
            "content/initiatives/01-alpha/initiative.toml",
        ],
    );
    assert!(err.contains("docs/content-format.md"), "{err}");
}

#[test]
fn initiative_toml_of_only_a_bom_or_blanks() {
    fails(
        |ws| fs::write(ws.path(ALPHA), b"\xEF\xBB\xBF").unwrap(),
        &["initiative.toml is empty", "01-alpha/initiative.toml"],
    );
    fails(
        |ws| fs::write(ws.path(ALPHA), b"\xEF\xBB\xBF\r\n  \n").unwrap(),
        &["initiative.toml is empty"],
    );
}

#[test]
fn empty_site_toml() {
    let err = fails(
        |ws| ws.write("site.toml", ""),
        &["content/site.toml", "missing field"],
    );
    assert!(err.contains("add `"), "{err}");
}

#[test]
fn invalid_utf8() {
    let err = fails(
        |ws| fs::write(ws.path(ALPHA), b"number = 1\ntitle = \"\xff\xfe\"\n").unwrap(),
        &["not UTF-8", "line 2", "01-alpha/initiative.toml"],
    );
    assert!(err.contains("save the file as UTF-8"), "{err}");
    // In Markdown too; and the unreadable Japanese file is not reported a
    // second time as "missing".
    let err = fails(
        |ws| fs::write(ws.path(ALPHA_MD), b"- \x94\x5c\x94\xfc").unwrap(),
        &["not UTF-8", "2024.progress.ja.md", "1 error"],
    );
    assert!(!err.contains("no Japanese"), "{err}");
}

#[test]
fn nul_bytes() {
    fails(
        |ws| fs::write(ws.path(ALPHA), b"number = 1\0\n").unwrap(),
        &["NUL bytes", "01-alpha/initiative.toml"],
    );
    let err = fails(
        |ws| fs::write(ws.path("pages/about.ja.md"), b"# a\0b").unwrap(),
        &["NUL bytes", "pages/about.ja.md", "1 error"],
    );
    assert!(!err.contains("no Japanese"), "{err}");
}

/// A 2 MB title (a whole document pasted into it) is refused: titles are
/// repeated on many pages, so it would multiply into gigabytes of output.
/// A 2 MB line of Markdown is published.
#[test]
fn a_two_megabyte_line() {
    let title = "長".repeat(700_000); // 2.1 MB of UTF-8 on one line
    fails(
        |ws| {
            ws.edit(
                ALPHA,
                "ja = \"電子申請の拡大\"",
                &format!("ja = \"{title}\""),
            )
        },
        &[
            "the text is 700000 characters long",
            "(field `title.ja`)",
            "01-alpha/initiative.toml",
        ],
    );
    let longest = "長".repeat(5_000);
    let (ws, _) = builds(|ws| {
        ws.edit(
            ALPHA,
            "ja = \"電子申請の拡大\"",
            &format!("ja = \"{longest}\""),
        )
    });
    assert!(ws.page("initiatives/01-alpha.html").contains(&longest));
    let line = format!("- {}", "長".repeat(700_000));
    let (ws, _) = builds(|ws| ws.write(ALPHA_MD, &line));
    assert!(ws.page("initiatives/01-alpha.html").contains(&line[2..]));
    // A page's title is its label in every page's menu.
    fails(
        |ws| {
            ws.write(
                "pages/about.ja.md",
                &format!("# {}\n\ntext", "長".repeat(1_000)),
            )
        },
        &["page's title", "at most 200", "pages/about.ja.md"],
    );
}

#[test]
fn a_file_over_the_size_limit() {
    let limit = mieruka::base::source::MAX_FILE_BYTES;
    let err = fails(
        |ws| {
            let f = fs::File::create(ws.path(ALPHA_MD)).unwrap();
            f.set_len(limit + 1).unwrap();
        },
        &["content files may be at most", "2024.progress.ja.md"],
    );
    assert!(err.contains(&format!("{}", limit + 1)), "{err}");
    assert!(!err.contains("no Japanese"), "{err}");
    // Exactly at the limit is read (and, being blanks, published).
    let (ws, _) = builds(|ws| {
        fs::write(ws.path(ALPHA_MD), " ".repeat(limit as usize)).unwrap();
    });
    assert!(ws.output().join("index.html").is_file());
}

#[cfg(unix)]
#[test]
fn a_named_pipe_does_not_hang_the_build() {
    let err = fails(
        |ws| {
            fs::remove_file(ws.path(ALPHA_MD)).unwrap();
            let made = Command::new("mkfifo").arg(ws.path(ALPHA_MD)).status();
            assert!(made.is_ok_and(|s| s.success()), "mkfifo failed");
        },
        &["not a regular file", "2024.progress.ja.md"],
    );
    assert!(!err.contains("no Japanese"), "{err}");
}

#[test]
fn a_folder_where_a_file_belongs() {
    fails(
        |ws| {
            fs::remove_file(ws.path(ALPHA_MD)).unwrap();
            fs::create_dir(ws.path(ALPHA_MD)).unwrap();
        },
        &["not a regular file", "2024.progress.ja.md"],
    );
}

// ------------------------------------------------------------ figures

#[test]
fn figures_too_large() {
    for big in ["1e300", "1e16", "-1e300", "1.7976931348623157e308"] {
        fails(
            |ws| set_2024(ws, &format!("target = {big}, actual = 1")),
            &[
                "the figure is too large",
                "indicators[0].years.2024.target",
                "01-alpha/initiative.toml:28:",
            ],
        );
    }
}

#[test]
fn figures_too_small_to_print() {
    for tiny in ["1e-300", "5e-324", "-1e-7"] {
        fails(
            |ws| set_2024(ws, &format!("target = 1, actual = {tiny}")),
            &["too small to print", "indicators[0].years.2024.actual"],
        );
    }
}

#[test]
fn not_a_number_and_infinities() {
    for v in ["nan", "+nan", "-nan", "inf", "+inf", "-inf"] {
        fails(
            |ws| set_2024(ws, &format!("target = 1, actual = {v}")),
            &["not a finite number", "indicators[0].years.2024.actual"],
        );
    }
}

#[test]
fn negative_zero_and_limit_figures_are_published() {
    let (ws, _) = builds(|ws| {
        set_2024(ws, "target = -0.0, actual = -1234.5");
        ws.edit(ALPHA, "2025 = { target = 440 }", "2025 = { target = 1e15 }");
        ws.edit(
            ALPHA,
            "2026 = { target = 450 }",
            "2026 = { target = 0.000001 }",
        );
    });
    for rel in ["initiatives/01-alpha.html", "en/initiatives/01-alpha.html"] {
        let page = ws.page(rel);
        assert!(page.contains("-1,234.5"), "{rel}");
        assert!(page.contains("1,000,000,000,000,000"), "{rel}");
        assert!(page.contains("0.000001"), "{rel}");
        assert!(!page.contains("-0件") && !page.contains(">-0 "), "{rel}");
    }
    let svg = ws.page("charts/01-alpha--procedures.svg");
    assert!(svg.starts_with("<svg"), "{svg}");
}

#[test]
fn integer_too_big_for_a_number() {
    for n in ["4294967296", "99999999999999999999", "-1", "1.5"] {
        fails(
            |ws| ws.edit(ALPHA, "number = 1\n", &format!("number = {n}\n")),
            &[
                "01-alpha/initiative.toml:1:10",
                "see docs/content-format.md",
            ],
        );
    }
}

// ------------------------------------------------------------ size

/// 3,000 indicators (and so 6,000 charts) in one initiative: the build
/// finishes and every chart is there.
#[test]
fn three_thousand_indicators() {
    const N: usize = 3000;
    let (ws, r) = builds(|ws| {
        let text = ws.read(ALPHA);
        let (head, indicator) = text.split_at(text.find("[[indicators]]").unwrap());
        let mut out = head.to_string();
        for k in 0..N {
            out.push_str(&indicator.replacen("id = \"procedures\"", &format!("id = \"p{k}\""), 1));
            out.push('\n');
        }
        ws.write(ALPHA, &out);
    });
    assert!(r.stdout.contains("Built"), "{}", r.stdout);
    let charts = fs::read_dir(ws.output().join("charts"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("01-alpha--p"))
        .count();
    assert_eq!(charts, N);
    assert!(ws.page("initiatives/01-alpha.html").contains("p2999"));
}

#[test]
fn deeply_nested_and_pathological_markdown() {
    let cases: Vec<(&str, String)> = vec![
        (
            "10,000 nested quotes",
            format!("{} deep", ">".repeat(10_000)),
        ),
        (
            "10,000 nested list items",
            format!("{}deep", "- ".repeat(10_000)),
        ),
        (
            "2,000 indented list levels",
            (0..2_000)
                .map(|i| format!("{}- level {i}\n", "  ".repeat(i)))
                .collect(),
        ),
        ("100k stars", "*".repeat(100_000)),
        ("100k alternating emphasis", "*a _".repeat(25_000)),
        (
            "100k brackets",
            format!("{}a{}", "[".repeat(50_000), "](".repeat(50_000)),
        ),
        ("100k backticks", "`".repeat(100_000)),
        ("100k angle brackets", "<a ".repeat(33_000)),
        (
            "a table that pads its rows",
            format!(
                "{}|\n{}|\n{}",
                "|a".repeat(5_000),
                "|-".repeat(5_000),
                "x\n".repeat(5_000)
            ),
        ),
    ];
    for (what, md) in cases {
        let ws = Workspace::new("tests/fixtures/basic");
        ws.write(ALPHA_MD, &md);
        let start = Instant::now();
        let r = run_for(ws.dir.path(), &["build"], Duration::from_secs(120));
        assert_clean(&r);
        assert_eq!(r.code, 0, "{what}: {}", r.stderr);
        let page = ws.page("initiatives/01-alpha.html");
        assert!(
            crate::html_safety::problems(&page, None).is_empty(),
            "{what}"
        );
        eprintln!("{what}: {:?}", start.elapsed());
    }
}

#[test]
fn a_one_megabyte_markdown_file() {
    let para = "令和6年度は**電子申請**を[市のサイト](https://www.city.example.jp/)で広げた。_強調_ と `code`。\n\n";
    let md: String = para.repeat(1_000_000 / para.len() + 1);
    assert!(md.len() >= 1_000_000);
    let (ws, _) = builds(|ws| ws.write(ALPHA_MD, &md));
    let page = ws.page("initiatives/01-alpha.html");
    assert!(page.len() > 1_000_000);
    assert!(crate::html_safety::problems(&page, None).is_empty());
}

// ------------------------------------------------------------ names

#[test]
fn bad_initiative_folder_names() {
    for name in [
        "01 alpha",
        "01-Alpha",
        "a..",
        "con",
        "nul",
        "-01",
        "01.alpha",
        "ａｌｐｈａ",
    ] {
        fails(
            |ws| {
                fs::rename(
                    ws.path("initiatives/01-alpha"),
                    ws.path(&format!("initiatives/{name}")),
                )
                .unwrap()
            },
            &[&format!("the folder name `{name}`"), "rename the folder"],
        );
    }
}

#[cfg(unix)]
#[test]
fn folder_name_that_is_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::OsStr::from_bytes(b"01-\xff");
    fails(
        |ws| {
            fs::rename(
                ws.path("initiatives/01-alpha"),
                ws.path("initiatives").join(name),
            )
            .unwrap()
        },
        &["may contain only lower-case letters", "initiatives/01-"],
    );
}

#[test]
fn hidden_folders_are_not_initiatives() {
    // `..a`, `.git`, `.vscode`: hidden, like hidden files. One that holds an
    // initiative.toml gets a warning so that the initiative is not lost silently.
    let (ws, r) = builds(|ws| {
        fs::rename(ws.path("initiatives/01-alpha"), ws.path("initiatives/..a")).unwrap();
        ws.write("initiatives/.git/HEAD", "ref: refs/heads/main");
    });
    assert!(r.stderr.contains("initiatives/..a"), "{}", r.stderr);
    assert!(r.stderr.contains("hidden"), "{}", r.stderr);
    assert!(!r.stderr.contains(".git"), "{}", r.stderr);
    assert!(!ws.output().join("initiatives/..a.html").exists());
    let strict = run(ws.dir.path(), &["build", "--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
}

#[test]
fn bad_indicator_ids() {
    for (id, toml) in [
        ("a/b", "a/b"),
        ("..", ".."),
        ("a\\b", "a\\\\b"),
        ("", ""),
        ("CON", "CON"),
    ] {
        fails(
            |ws| ws.edit(ALPHA, "id = \"procedures\"", &format!("id = \"{toml}\"")),
            &[
                &format!("indicator id `{id}`"),
                "indicators[0].id",
                "01-alpha/initiative.toml:17:6",
            ],
        );
    }
}

#[test]
fn a_bad_indicator_id_is_explained_in_japanese() {
    let ws = Workspace::new("tests/fixtures/basic");
    ws.edit(ALPHA, "id = \"procedures\"", "id = \"CON\"");
    let r = run(ws.dir.path(), &["check", "--lang", "ja"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("指標の id `CON` は小文字の英字 a–z、数字、「-」「_」だけにしてください"),
        "{}",
        r.stderr
    );
}

#[test]
fn chart_file_names_that_would_collide() {
    // `01-alpha` + `p--ratio` and `01-alpha--p` + `ratio` are both charts/01-alpha--p--ratio.svg.
    fails(
        |ws| {
            fs::rename(
                ws.path("initiatives/02-beta"),
                ws.path("initiatives/01-alpha--p"),
            )
            .unwrap();
            ws.edit(ALPHA, "id = \"procedures\"", "id = \"p--ratio\"");
        },
        &["charts/01-alpha--p--ratio.svg", "the same file name"],
    );
}

// ------------------------------------------------------------ symbolic links

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    const SECRET: &str = "SECRET-FROM-OUTSIDE";

    /// A folder outside content/ with an initiative, a Markdown file and a site.toml.
    fn outside() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let init = dir.path().join("05-evil");
        crate::common::copy_dir(
            &crate::common::repo().join("tests/fixtures/basic/initiatives/01-alpha"),
            &init,
        );
        let toml = fs::read_to_string(init.join("initiative.toml")).unwrap();
        let toml =
            toml.replacen("number = 1\n", "number = 5\n", 1)
                .replacen("電子申請の拡大", SECRET, 1);
        fs::write(init.join("initiative.toml"), toml).unwrap();
        fs::write(
            dir.path().join("secret.md"),
            format!("# {SECRET}\n\n{SECRET}"),
        )
        .unwrap();
        let site = fs::read_to_string(crate::common::repo().join("tests/fixtures/basic/site.toml"))
            .unwrap();
        fs::write(
            dir.path().join("site.toml"),
            site.replacen("テスト市 進捗", SECRET, 1),
        )
        .unwrap();
        dir
    }

    fn nothing_from_outside(ws: &Workspace) {
        for (rel, bytes) in snapshot(&ws.output()) {
            assert!(
                !String::from_utf8_lossy(&bytes).contains(SECRET),
                "{rel} holds text from outside content/"
            );
        }
    }

    /// Warned, ignored, nothing from outside published.
    fn ignored(link: &str, target: &Path) {
        let out = outside();
        let (ws, r) = builds(|ws| symlink(out.path().join(target), ws.path(link)).unwrap());
        assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
        assert!(
            r.stderr.contains(&format!("content/{link}")),
            "{}",
            r.stderr
        );
        nothing_from_outside(&ws);
    }

    #[test]
    fn linked_initiative_folder() {
        ignored("initiatives/05-evil", Path::new("05-evil"));
    }

    #[test]
    fn linked_markdown_files() {
        ignored(
            "initiatives/01-alpha/2025.progress.ja.md",
            Path::new("secret.md"),
        );
        ignored("pages/secret.ja.md", Path::new("secret.md"));
    }

    #[test]
    fn linked_initiative_toml() {
        // The folder holds only the link: warned and left out.
        let out = outside();
        let (ws, r) = builds(|ws| {
            fs::create_dir(ws.path("initiatives/05-evil")).unwrap();
            symlink(
                out.path().join("05-evil/initiative.toml"),
                ws.path("initiatives/05-evil/initiative.toml"),
            )
            .unwrap();
        });
        assert!(
            r.stderr.contains("initiatives/05-evil/initiative.toml"),
            "{}",
            r.stderr
        );
        nothing_from_outside(&ws);
        // With commentary beside it: an error that says why.
        let err = fails(
            |ws| {
                fs::remove_file(ws.path(ALPHA)).unwrap();
                symlink(out.path().join("05-evil/initiative.toml"), ws.path(ALPHA)).unwrap();
            },
            &["initiative.toml is a symbolic link", "01-alpha"],
        );
        assert!(!err.contains(SECRET), "{err}");
    }

    #[test]
    fn linked_pages_folder() {
        let out = outside();
        let (ws, r) = builds(|ws| {
            fs::create_dir(out.path().join("pages")).unwrap();
            fs::copy(
                out.path().join("secret.md"),
                out.path().join("pages/secret.ja.md"),
            )
            .unwrap();
            fs::remove_dir_all(ws.path("pages")).unwrap();
            symlink(out.path().join("pages"), ws.path("pages")).unwrap();
        });
        assert!(r.stderr.contains("content/pages"), "{}", r.stderr);
        nothing_from_outside(&ws);
    }

    #[test]
    fn linked_initiatives_folder_and_site_toml() {
        let out = outside();
        fails(
            |ws| {
                fs::rename(ws.path("initiatives"), out.path().join("initiatives")).unwrap();
                symlink(out.path().join("initiatives"), ws.path("initiatives")).unwrap();
            },
            &["content/initiatives is a symbolic link"],
        );
        fails(
            |ws| {
                fs::remove_file(ws.path("site.toml")).unwrap();
                symlink(out.path().join("site.toml"), ws.path("site.toml")).unwrap();
            },
            &["symbolic link", "content/site.toml"],
        );
    }
}

// ------------------------------------------------------------ output folder

#[test]
fn output_path_that_is_a_file() {
    let ws = Workspace::new("tests/fixtures/basic");
    fs::write(ws.output(), "not a folder").unwrap();
    let r = run(ws.dir.path(), &["build"]);
    assert_clean(&r);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("is not a folder"), "{}", r.stderr);
    assert!(r.stderr.contains("public"), "{}", r.stderr);
    assert_eq!(fs::read_to_string(ws.output()).unwrap(), "not a folder");
    // Below a file.
    let r = run(ws.dir.path(), &["build", "--output", "public/site"]);
    assert_clean(&r);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("public"), "{}", r.stderr);
    assert_eq!(fs::read_to_string(ws.output()).unwrap(), "not a folder");
    assert!(leftovers(ws.dir.path()).is_empty());
}

#[test]
fn output_that_would_replace_other_files_is_refused() {
    let ws = Workspace::new("tests/fixtures/basic");
    ws.write("../docs/report.txt", "keep me");
    let r = run(ws.dir.path(), &["build", "--output", "docs"]);
    assert_clean(&r);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("not a site built by mieruka"),
        "{}",
        r.stderr
    );
    assert_eq!(
        fs::read_to_string(ws.dir.path().join("docs/report.txt")).unwrap(),
        "keep me"
    );
}

/// `--output ../NAME` from inside the project names the project folder
/// itself: building must not move or delete it.
#[test]
fn output_that_is_the_project_folder_through_dot_dot() {
    let ws = Workspace::new("tests/fixtures/basic");
    let project = ws.dir.path().join("project");
    fs::create_dir(&project).unwrap();
    fs::rename(ws.content(), project.join("content")).unwrap();
    let before = snapshot(&project);
    for out in [
        "../project",
        "../project/",
        "./../project",
        "../project/content/..",
    ] {
        let r = run(&project, &["build", "--output", out]);
        assert_clean(&r);
        assert_eq!(r.code, 1, "{out}: {}", r.stderr);
        assert_eq!(before, snapshot(&project), "{out}: the project changed");
        let names: BTreeSet<String> = fs::read_dir(ws.dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, BTreeSet::from(["project".to_string()]), "{out}");
    }
}

// ------------------------------------------------------------ crash safety

/// `n` copies of the fixture's first initiative, numbered 1..=n.
fn large_content(dir: &Path, n: usize, title_suffix: &str) {
    let fixture = crate::common::repo().join("tests/fixtures/basic");
    fs::create_dir_all(dir.join("initiatives")).unwrap();
    fs::copy(fixture.join("site.toml"), dir.join("site.toml")).unwrap();
    crate::common::copy_dir(&fixture.join("pages"), &dir.join("pages"));
    let alpha = fixture.join("initiatives/01-alpha");
    let toml = fs::read_to_string(alpha.join("initiative.toml")).unwrap();
    assert!(toml.starts_with("number = 1\n") && toml.contains("title = { ja = \""));
    for i in 1..=n {
        let to = dir.join(format!("initiatives/{i:05}-a"));
        crate::common::copy_dir(&alpha, &to);
        let text = toml
            .replacen("number = 1\n", &format!("number = {i}\n"), 1)
            .replacen(
                "title = { ja = \"",
                &format!("title = {{ ja = \"{title_suffix}"),
                1,
            );
        fs::write(to.join("initiative.toml"), text).unwrap();
    }
}

/// Every file under `dir`, by relative path (no contents).
fn file_list(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect();
    out.sort();
    out
}

/// `a` and `b` hold exactly the same files, byte for byte.
fn same_tree(a: &Path, b: &Path) -> bool {
    let list = file_list(a);
    list == file_list(b)
        && list
            .iter()
            .all(|rel| fs::read(a.join(rel)).ok() == fs::read(b.join(rel)).ok())
}

fn build_into(dir: &Path, content: &str, output: &str) -> Duration {
    let start = Instant::now();
    let r = run(dir, &["build", "--content", content, "--output", output]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    start.elapsed()
}

/// A build killed with SIGKILL at any moment leaves public/ either exactly
/// the old complete site or exactly the new one, never a mix and never
/// missing; the next build removes what the killed one left beside it.
#[test]
fn killed_builds_leave_the_old_or_the_new_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // Large enough that a build takes a while (≥ 0.5 s) here.
    let mut n = 250;
    let (old_time, new_time) = loop {
        for d in ["content-old", "content-new", "old", "new"] {
            let _ = fs::remove_dir_all(root.join(d));
        }
        large_content(&root.join("content-old"), n, "");
        large_content(&root.join("content-new"), n, "改訂 ");
        let old_time = build_into(root, "content-old", "old");
        let new_time = build_into(root, "content-new", "new");
        if old_time >= Duration::from_millis(500) || n >= 16_000 {
            break (old_time, new_time);
        }
        n *= 2;
    };
    eprintln!("{n} initiatives: a build takes {old_time:?} (old) / {new_time:?} (new)");
    assert!(!same_tree(&root.join("old"), &root.join("new")));
    let files = file_list(&root.join("old")).len();

    let public = root.join("public");
    let mut outcomes = Vec::new();
    let fractions = [
        0.0, 0.01, 0.03, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.96, 0.98,
        1.0, 1.05,
    ];
    for (k, f) in fractions.iter().enumerate() {
        // Start each time from the complete old site, published by mieruka.
        let _ = fs::remove_dir_all(&public);
        crate::common::copy_dir(&root.join("old"), &public);
        let delay = Duration::from_millis(2 + k as u64).max(new_time.mul_f64(*f));
        let mut child: Child = command(root, &["build", "--content", "content-new"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        child.kill().unwrap(); // SIGKILL on Unix
        let status = child.wait().unwrap();
        assert!(
            public.is_dir(),
            "after a kill at {delay:?}: public/ is missing"
        );
        let outcome = if same_tree(&public, &root.join("old")) {
            "old"
        } else if same_tree(&public, &root.join("new")) {
            "new"
        } else {
            panic!(
                "after a kill at {delay:?}: public/ is neither the old nor the new site ({} files of {files})",
                file_list(&public).len()
            );
        };
        outcomes.push(format!("{delay:?}: {outcome} ({status})"));
    }
    eprintln!("{}", outcomes.join("\n"));
    assert!(outcomes.iter().any(|o| o.contains(": old")), "{outcomes:?}");

    // The next build completes, publishes the new site and cleans up.
    let r = run(root, &["build", "--content", "content-new"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(same_tree(&public, &root.join("new")));
    assert_eq!(leftovers(root), Vec::<String>::new());
}

// ------------------------------------------------------------ fuzzing

/// Cases per property: few by default (fast), more with PROPTEST_CASES=N.
fn runner(default_cases: u32) -> TestRunner {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

/// Text made of TOML-ish tokens, so that inputs get past the syntax often.
fn tomlish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("number = 1\n".to_string()),
        Just("strategy = 1\narea = 1\nitem = 1\n".to_string()),
        Just("division = \"digital\"\n".to_string()),
        Just("title = { ja = \"題\", en = \"T\" }\n".to_string()),
        Just("description = { ja = \"説明\" }\n".to_string()),
        Just("[schedule]\n2024 = \"implement\"\n".to_string()),
        Just("[[indicators]]\nid = \"x\"\nname = { ja = \"名\" }\n".to_string()),
        Just("unit = { ja = \"件\", en = \"items\" }\n".to_string()),
        Just("direction = \"higher\"\n".to_string()),
        Just("direction = \"milestone\"\n".to_string()),
        Just("[indicators.years]\n".to_string()),
        Just("baseline = { year = 2021, value = 1 }\n".to_string()),
        Just("final_target = { text = { ja = \"x\" } }\n".to_string()),
        (2015i32..2035, any::<f64>(), any::<f64>())
            .prop_map(|(y, t, a)| format!("{y} = {{ target = {t:?}, actual = {a:?} }}\n")),
        any::<u64>().prop_map(|n| format!("number = {n}\n")),
        "[a-z_\\[\\]={}\" .,0-9\\n-]{0,12}",
        any::<String>(),
    ];
    prop::collection::vec(token, 0..24).prop_map(|v| v.concat())
}

/// Any text as initiative.toml: `mieruka::check::check` answers with the plan or
/// with diagnostics, and never panics.
#[test]
fn proptest_any_initiative_toml_through_check() {
    let ws = Workspace::new("tests/fixtures/basic");
    let options = mieruka::check::config::BuildOptions {
        content: ws.content(),
        output: ws.output(),
        ..mieruka::check::config::BuildOptions::default()
    };
    let strategy = prop_oneof![any::<String>(), tomlish()];
    runner(48)
        .run(&strategy, |text| {
            fs::write(ws.path(ALPHA), &text).unwrap();
            if let Err(diags) = mieruka::check::check(&options) {
                prop_assert!(diags.has_errors());
                for d in diags.iter() {
                    let _ = d.render();
                }
            }
            Ok(())
        })
        .unwrap();
}

/// Any text as Markdown commentary: `mieruka::check::check` never panics.
#[test]
fn proptest_any_markdown_through_check() {
    let ws = Workspace::new("tests/fixtures/basic");
    let options = mieruka::check::config::BuildOptions {
        content: ws.content(),
        ..mieruka::check::config::BuildOptions::default()
    };
    runner(32)
        .run(&any::<String>(), |text| {
            fs::write(ws.path(ALPHA_MD), &text).unwrap();
            let _ = mieruka::check::check(&options);
            Ok(())
        })
        .unwrap();
}

/// Markdown-ish text: rendered safely (see `crate::harness::markdown`).
#[test]
fn proptest_markdown_renders_safe_html() {
    let piece = prop_oneof![
        Just("["),
        Just("]("),
        Just(")"),
        Just("javascript:"),
        Just("JaVaScRiPt:"),
        Just("java&#x09;script:"),
        Just("&#106;"),
        Just("&colon;"),
        Just("data:text/html,"),
        Just("https://x.jp/"),
        Just("mailto:a@b.jp"),
        Just("//x"),
        Just("<"),
        Just(">"),
        Just("<script>"),
        Just("<img src=x onerror=alert(1)>"),
        Just("\""),
        Just("'"),
        Just("**"),
        Just("_"),
        Just("`"),
        Just("```\n"),
        Just("> "),
        Just("- "),
        Just("1. "),
        Just("# "),
        Just("|a|b|\n|-|:-:|\n"),
        Just("\n"),
        Just("\n\n"),
        Just("\\"),
        Just("!["),
        Just("[r]: "),
        Just("<https://x.jp>"),
        Just("<a@b.jp>"),
        Just(" "),
        Just("能美"),
    ];
    let strategy = prop_oneof![
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat()),
        any::<String>(),
    ];
    runner(256)
        .run(&strategy, |md| {
            crate::harness::markdown(&md);
            Ok(())
        })
        .unwrap();
}

/// A TOML basic string holding any text (control characters escaped).
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML float for any f64, nan and infinities included.
fn toml_float(v: f64) -> String {
    if v.is_nan() {
        "nan".into()
    } else if v.is_infinite() {
        if v > 0.0 { "inf".into() } else { "-inf".into() }
    } else {
        format!("{v:?}")
    }
}

/// Structurally valid initiatives with arbitrary figures, texts, ids, years
/// and options, through parse, validate, render, link check and the script
/// scan (see `crate::harness::initiative_toml`).
#[test]
fn proptest_initiatives_publish_or_are_rejected() {
    let figure = prop_oneof![
        any::<f64>().prop_map(toml_float),
        (-1e6f64..1e6).prop_map(toml_float),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<bool>().prop_map(|b| b.to_string()),
        Just("1e15".to_string()),
        Just("-0.0".to_string()),
        Just("1e-7".to_string()),
    ];
    let text = prop_oneof![any::<String>(), "[a-zA-Z0-9 <>\"'&:/()\\[\\]{}%]{0,30}"];
    let year = (
        2015i32..2032,
        prop::option::of(figure.clone()),
        prop::option::of(figure.clone()),
    );
    let strategy = (
        text.clone(),
        text.clone(),
        prop_oneof![Just("procedures".to_string()), "[a-z0-9./\\\\_-]{0,10}"],
        prop_oneof![Just("higher"), Just("lower"), Just("milestone")],
        prop_oneof![Just("none"), Just("at_least"), Just("at_most")],
        any::<bool>(),
        prop::option::of(0u8..12),
        prop::collection::vec(year, 0..6),
        prop::option::of(figure),
        prop::option::of(any::<String>()),
    );
    runner(48)
        .run(
            &strategy,
            |(title, unit, id, direction, qualifier, cumulative, decimals, years, baseline, md)| {
                let mut toml = format!(
                    "number = 1\nstrategy = 1\narea = 1\nitem = 1\ndivision = \"digital\"\n\
                     title = {{ ja = {}, en = {} }}\ndescription = {{ ja = \"説明\" }}\n\n\
                     [[indicators]]\nid = {}\nname = {{ ja = \"名\", en = {} }}\n\
                     unit = {{ ja = {}, en = {} }}\ndirection = \"{direction}\"\n\
                     qualifier = \"{qualifier}\"\ncumulative = {cumulative}\n",
                    toml_string(&title),
                    toml_string(&title),
                    toml_string(&id),
                    toml_string(&title),
                    toml_string(&unit),
                    toml_string(&unit),
                );
                if let Some(d) = decimals {
                    toml.push_str(&format!("decimals = {d}\n"));
                }
                if let Some(b) = baseline {
                    toml.push_str(&format!("baseline = {{ year = 2021, value = {b} }}\n"));
                }
                toml.push_str("\n[indicators.years]\n");
                let mut seen = BTreeSet::new();
                for (y, t, a) in years {
                    if !seen.insert(y) {
                        continue;
                    }
                    let mut parts = Vec::new();
                    parts.extend(t.map(|t| format!("target = {t}")));
                    parts.extend(a.map(|a| format!("actual = {a}")));
                    toml.push_str(&format!("{y} = {{ {} }}\n", parts.join(", ")));
                }
                if let Some(md) = md {
                    toml.push_str(crate::harness::COMMENTARY_SEPARATOR);
                    toml.push_str(&md);
                }
                let _ = crate::harness::initiative_toml(&toml);
                Ok(())
            },
        )
        .unwrap();
}

/// The fixture's own initiatives pass the in-memory harness (so that the
/// harness itself is known to publish valid content).
#[test]
fn harness_publishes_the_fixture() {
    let alpha = fs::read_to_string(
        crate::common::repo()
            .join("tests/fixtures/basic")
            .join(ALPHA),
    )
    .unwrap();
    assert_eq!(
        crate::harness::initiative_toml(&alpha),
        crate::harness::Outcome::Published
    );
    let with_md = format!(
        "{alpha}{}- [x](https://x.jp/) **y**",
        crate::harness::COMMENTARY_SEPARATOR
    );
    assert_eq!(
        crate::harness::initiative_toml(&with_md),
        crate::harness::Outcome::Published
    );
}

/// Inputs found by fuzzing (or written to reproduce a bug), kept for good:
/// tests/fuzz_inputs/markdown/* must render safely; tests/fuzz_inputs/
/// initiative_toml/* must be rejected (`rejected-*`) or published
/// (`published-*`), never panic.
#[test]
fn fuzz_regression_inputs() {
    let dir = crate::common::repo().join("tests/fuzz_inputs");
    let mut count = 0;
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() || entry.file_name() == "README.md" {
            continue;
        }
        let bytes = fs::read(entry.path()).unwrap();
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue; // the targets skip what is not UTF-8, like the loader
        };
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry
            .path()
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        match kind.as_str() {
            "markdown" => crate::harness::markdown(text),
            "initiative_toml" => {
                let outcome = crate::harness::initiative_toml(text);
                if name.starts_with("rejected-") {
                    assert_eq!(outcome, crate::harness::Outcome::Rejected, "{name}");
                } else if name.starts_with("published-") {
                    assert_eq!(outcome, crate::harness::Outcome::Published, "{name}");
                }
            }
            other => panic!("unknown fuzz input folder {other}"),
        }
        count += 1;
    }
    assert!(count > 0, "no inputs in {}", dir.display());
}

/// A theme edited by a contractor can loop for ever (nested `range` loops);
/// the build must stop with a message naming the template instead of hanging.
/// The template engine's work per page is bounded (`TEMPLATE_FUEL` in
/// src/render/env.rs, minijinja's `Environment::set_fuel`).
#[test]
fn a_template_that_never_ends_is_stopped() {
    let ws = Workspace::new("tests/fixtures/basic");
    let theme = ws.dir.path().join("theme/templates");
    fs::create_dir_all(&theme).unwrap();
    let page = fs::read_to_string(crate::common::repo().join("theme/templates/404.html")).unwrap();
    let endless =
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}";
    fs::write(
        theme.join("404.html"),
        page.replacen(
            "{% block main %}",
            &format!("{{% block main %}}{endless}"),
            1,
        ),
    )
    .unwrap();
    let r = run_for(
        ws.dir.path(),
        &["build", "--theme", "theme"],
        Duration::from_secs(60),
    );
    assert_clean(&r);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("404.html"), "{}", r.stderr);
}
