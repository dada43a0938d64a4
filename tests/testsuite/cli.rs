//! The command line itself, against the real binary: the help and the
//! argument errors in Japanese, the exit codes, the years it accepts, and the
//! language taken from the environment.

use std::process::Command;

use crate::common::{Run, Workspace, run_in};

/// Runs mieruka with exactly these environment variables of the locale (the
/// others removed), in a fresh folder.
fn run_with_env(env: &[(&str, &str)], args: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mieruka"));
    cmd.args(args).current_dir(dir.path());
    for var in ["MIERUKA_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"] {
        cmd.env_remove(var);
    }
    cmd.envs(env.iter().copied());
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn run(args: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), args)
}

/// The help of every command, in Japanese, as `mieruka --lang ja … --help` prints it.
const COMMANDS: [&[&str]; 10] = [
    &[],
    &["build"],
    &["check"],
    &["serve"],
    &["export"],
    &["import"],
    &["issue"],
    &["new"],
    &["new", "initiative"],
    &["new", "plan"],
];

/// Latin words a Japanese help may hold: the names of commands, options and
/// their values, of files and formats. Anything else is English left over.
const NAMES: &[&str] = &[
    "mieruka",
    "build",
    "check",
    "serve",
    "export",
    "import",
    "new",
    "initiative",
    "issue",
    "editions",
    "help",
    "ja",
    "en",
    "content",
    "public",
    "toml",
    "xlsx",
    "Excel",
    "CSV",
    "UTF",
    "Shift_JIS",
    "MIERUKA_LANG",
    "No",
    "plan",
    "plans",
    "site",
];

/// The Latin words of `text` that are not names: option names (`--dry-run`,
/// `-o`) are left out first.
fn english_words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || !c.is_ascii())
        .filter(|token| !token.starts_with('-'))
        .flat_map(|token| {
            token
                .split(|c: char| !(c.is_ascii_alphabetic() || c == '_'))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|word| word.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|word| !NAMES.contains(&word.as_str()))
        .collect()
}

#[test]
fn japanese_help_has_no_english() {
    for command in COMMANDS {
        let mut args = vec!["--lang", "ja"];
        args.extend_from_slice(command);
        args.push("--help");
        let r = run(&args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(
            r.stdout.contains("使い方: mieruka"),
            "{args:?}:\n{}",
            r.stdout
        );
        assert!(r.stdout.contains("オプション:"), "{args:?}:\n{}", r.stdout);
        assert!(
            r.stdout.contains("この説明を表示します"),
            "{args:?}:\n{}",
            r.stdout
        );
        let english = english_words(&r.stdout);
        assert!(
            english.is_empty(),
            "English in `{}`: {english:?}\n{}",
            args.join(" "),
            r.stdout
        );
    }
    // The same from `help COMMAND`, and with the language from the environment.
    let r = run(&["--lang", "ja", "help", "export"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("--year <年度>"), "{}", r.stdout);
    assert!(english_words(&r.stdout).is_empty(), "{}", r.stdout);
    let r = run_with_env(&[("MIERUKA_LANG", "ja")], &["import", "--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("引数:"), "{}", r.stdout);
    assert!(english_words(&r.stdout).is_empty(), "{}", r.stdout);
}

#[test]
fn the_english_help_stays_english() {
    let r = run(&["build", "--help"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("Usage: mieruka build [OPTIONS]"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("[default: public]"), "{}", r.stdout);
    assert!(!r.stdout.contains("使い方"), "{}", r.stdout);
}

#[test]
fn an_era_year_gets_the_gregorian_year_to_write() {
    for (given, year) in [
        ("令和7", "2025"),
        ("R7", "2025"),
        ("令和７年度", "2025"),
        ("令和元年度", "2019"),
        ("平成31", "2019"),
    ] {
        let r = run(&["--lang", "ja", "export", "--year", given]);
        assert_eq!(r.code, 2, "{given}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{}", r.stdout);
        assert!(
            r.stderr.contains("--year には西暦の年度開始年を書きます"),
            "{given}:\n{}",
            r.stderr
        );
        assert!(
            r.stderr
                .contains(&format!("対処: --year {year} と書いてください")),
            "{given}:\n{}",
            r.stderr
        );
        assert!(r.stderr.contains(&format!("「{given}」")), "{}", r.stderr);
        assert!(r.stderr.contains("使い方: mieruka export"), "{}", r.stderr);
        assert!(!r.stderr.contains("error:"), "{}", r.stderr);
        assert!(!r.stderr.contains("invalid value"), "{}", r.stderr);
    }
    // In English too, through clap's own message.
    let r = run(&["export", "--year", "令和7"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("invalid value '令和7'"), "{}", r.stderr);
    assert!(r.stderr.contains("--year 2025"), "{}", r.stderr);
    // A year that is no era gets the rule and an example.
    let r = run(&["--lang", "ja", "import", "x.csv", "--year", "去年"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("令和7年度は 2025"), "{}", r.stderr);
}

#[test]
fn full_width_digits_and_nendo_are_the_year() {
    let ws = Workspace::new("tests/fixtures/basic");
    let plain = ws.run(&["export", "--year", "2025"]);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    for year in ["２０２５", "2025年度", "２０２５年度"] {
        let r = ws.run(&["export", "--year", year]);
        assert_eq!(r.code, 0, "{year}: {}", r.stderr);
        assert_eq!(r.stdout, plain.stdout, "{year}");
    }
}

#[test]
fn japanese_argument_errors_keep_the_suggestion() {
    let r = run(&["--lang", "ja", "biuld"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("「biuld」というコマンドはありません"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("似た名前のコマンドがあります: build"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("詳しくは `mieruka --help`"),
        "{}",
        r.stderr
    );

    let r = run(&["--lang", "ja", "build", "--strct"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("「--strct」というオプションはありません"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--strict"), "{}", r.stderr);
    assert!(
        r.stderr.contains("使い方: mieruka build [オプション]"),
        "{}",
        r.stderr
    );

    let r = run(&["--lang", "ja", "export"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("次の指定が必要です: --year <年度>"),
        "{}",
        r.stderr
    );

    let r = run(&["--lang", "ja", "serve", "--port", "99999"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("0 から 65535 まで"), "{}", r.stderr);

    let r = run_with_env(&[("MIERUKA_LANG", "ja")], &["--lang", "xx", "check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("指定できる値: ja、en"), "{}", r.stderr);

    // No word of clap's English in any of them.
    for args in [
        &["--lang", "ja", "biuld"][..],
        &["--lang", "ja", "build", "--strct"],
        &["--lang", "ja", "export", "--year", "令和7"],
        &["--lang", "ja", "new", "initiative"],
        &["--lang", "ja", "build", "extra"],
        &["--lang", "ja"],
    ] {
        let r = run(args);
        assert_eq!(r.code, 2, "{args:?}");
        for english in ["error", "Usage", "tip", "For more information", "help:"] {
            assert!(!r.stderr.contains(english), "{args:?}:\n{}", r.stderr);
        }
    }
}

#[test]
fn exit_codes() {
    assert_eq!(run(&["--help"]).code, 0);
    assert_eq!(run(&["--version"]).code, 0);
    assert_eq!(run(&["--lang", "ja", "build", "--help"]).code, 0);
    assert_eq!(run(&["help", "build"]).code, 0);
    assert_eq!(run(&["biuld"]).code, 2);
    assert_eq!(run(&["export"]).code, 2);
    assert_eq!(run(&["export", "--year", "R7"]).code, 2);
    assert_eq!(run(&["--lang", "ja", "build", "--strct"]).code, 2);
    assert_eq!(run(&[]).code, 2);
    // Content problems: no content folder at all.
    assert_eq!(run(&["check"]).code, 1);
    assert_eq!(run(&["--lang", "ja", "build"]).code, 1);

    // Every code is told in the help, in both languages.
    let en = run(&["--help"]).stdout;
    assert!(en.contains("Exit codes:"), "{en}");
    let ja = run(&["--lang", "ja", "--help"]).stdout;
    assert!(ja.contains("終了コード:"), "{ja}");
    for code in ["0", "1", "2", "70"] {
        let line = |help: &str| {
            help.lines()
                .any(|l| l.trim_start().starts_with(&format!("{code} ")))
        };
        assert!(line(&en), "exit code {code}:\n{en}");
        assert!(line(&ja), "exit code {code}:\n{ja}");
    }
}

#[test]
fn the_language_comes_from_the_environment() {
    let japanese = |r: &Run| r.stdout.contains("使い方: mieruka");
    let r = run_with_env(&[("LANG", "ja_JP.UTF-8")], &["--help"]);
    assert!(japanese(&r), "{}", r.stdout);
    let r = run_with_env(
        &[("LC_MESSAGES", "ja_JP.UTF-8"), ("LANG", "en_US.UTF-8")],
        &["--help"],
    );
    assert!(japanese(&r), "{}", r.stdout);
    let r = run_with_env(
        &[("MIERUKA_LANG", "ja"), ("LANG", "en_US.UTF-8")],
        &["--help"],
    );
    assert!(japanese(&r), "{}", r.stdout);
    // --lang wins over everything.
    let r = run_with_env(
        &[("MIERUKA_LANG", "ja"), ("LANG", "ja_JP.UTF-8")],
        &["--lang", "en", "--help"],
    );
    assert!(r.stdout.contains("Usage: mieruka"), "{}", r.stdout);
    let r = run_with_env(&[("LANG", "en_US.UTF-8")], &["--lang=ja", "--help"]);
    assert!(japanese(&r), "{}", r.stdout);
    // The messages of a command too, not only the help.
    let r = run_with_env(&[("LANG", "ja_JP.UTF-8")], &["check"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("エラー"), "{}", r.stderr);
}

/// Where the locale variables say nothing (`C`, `POSIX`) the language is the
/// system's: on Windows and macOS its display language, elsewhere English.
#[cfg(not(any(windows, target_os = "macos")))]
#[test]
fn a_neutral_locale_gives_english_here() {
    for env in [
        &[("LANG", "C.UTF-8")][..],
        &[("LANG", "POSIX")],
        &[("LANG", "")],
        &[],
        &[("LC_ALL", "C"), ("LANG", "ja_JP.UTF-8")],
    ] {
        let r = run_with_env(env, &["--help"]);
        assert!(r.stdout.contains("Usage: mieruka"), "{env:?}: {}", r.stdout);
    }
}

/// With no command (a double-click on Windows) and no content/ here,
/// mieruka says in the user's language what it needs, and exits 2.
#[test]
fn no_command_outside_a_content_folder_says_what_it_needs() {
    let r = run_with_env(&[("LANG", "ja_JP.UTF-8")], &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("content フォルダー（site.toml が入ったもの）がありません"),
        "{}",
        r.stderr
    );
    let r = run_with_env(&[("LANG", "en_US.UTF-8")], &[]);
    assert!(
        r.stderr.contains("mieruka needs a folder content/"),
        "{}",
        r.stderr
    );
}

/// With no command in a folder that holds content/, mieruka starts the
/// preview (the browser is opened only from a terminal window, so not here).
#[test]
fn no_command_in_a_content_folder_starts_the_preview() {
    use std::io::{BufRead, BufReader};
    let ws = Workspace::new("tests/fixtures/basic");
    let mut child = Command::new(env!("CARGO_BIN_EXE_mieruka"))
        .current_dir(ws.dir.path())
        .env("MIERUKA_LANG", "ja")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    let found = loop {
        match rx.recv_timeout(std::time::Duration::from_secs(20)) {
            Ok(line) if line.contains("プレビューを http://127.0.0.1:") => break true,
            Ok(line) => seen.push(line),
            Err(_) => break false,
        }
    };
    crate::common::stop_serve(&mut child);
    assert!(found, "no preview address in:\n{}", seen.join("\n"));
    assert!(
        !seen
            .iter()
            .any(|l| l.contains("ブラウザーを開けませんでした"))
    );
}
