//! `mieruka new initiative`: a complete, valid initiative to fill in.

use crate::common::{Workspace, snapshot};

const TOML: &str = "initiatives/03-gamma/initiative.toml";

fn is_japanese(s: &str) -> bool {
    s.chars().any(|c| ('\u{3040}'..='\u{9fff}').contains(&c))
}

/// Mostly ASCII letters.
fn is_english(s: &str) -> bool {
    let letters = s.chars().filter(char::is_ascii_alphabetic).count();
    letters * 2 > s.chars().filter(|c| !c.is_whitespace()).count()
}

#[test]
fn a_new_initiative_builds_at_once_in_both_languages() {
    let ws = Workspace::new("tests/fixtures/basic");
    let run = ws.run(&["new", "initiative", "03-gamma"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Created"), "{}", run.stdout);
    let toml = ws.read(TOML);
    // The next number, the first strategy / area / item and the first division of site.toml.
    for line in [
        "number = 3\n",
        "strategy = 1 ",
        "area = 1 ",
        "item = 1 ",
        "division = \"digital\"",
        "title = { ja = \"（取組項目名を入力）\", en = \"(title of the initiative)\" }",
        "id = \"indicator-1\"\n",
        "direction = \"higher\"\n",
    ] {
        assert!(toml.contains(line), "{line:?} missing in\n{toml}");
    }
    for year in 2022..=2026 {
        assert!(
            toml.contains(&format!("\n{year} = \"implement\"\n")),
            "{toml}"
        );
        assert!(
            toml.contains(&format!("\n{year} = {{ target = 0 }}")),
            "{toml}"
        );
    }
    assert!(
        toml.lines()
            .map(|l| l.split('#').next().unwrap())
            .all(|l| !l.contains("actual")),
        "no actuals yet:\n{toml}"
    );
    // Every field is explained in Japanese and English just above it.
    let lines: Vec<&str> = toml.lines().collect();
    for key in [
        "number =",
        "strategy =",
        "division =",
        "title =",
        "description =",
        "[schedule]",
        "[[indicators]]",
        "id =",
        "name =",
        "unit =",
        "direction =",
        "cumulative =",
        "qualifier =",
        "[indicators.years]",
    ] {
        let at = lines
            .iter()
            .position(|l| l.starts_with(key))
            .unwrap_or_else(|| panic!("{key} missing"));
        let comments: Vec<&str> = lines[..at]
            .iter()
            .rev()
            .take_while(|l| l.starts_with('#'))
            .copied()
            .collect();
        assert!(
            comments.iter().any(|c| is_japanese(c)) && comments.iter().any(|c| is_english(c)),
            "{key} has no comment in both languages: {comments:?}"
        );
    }
    assert_eq!(
        ws.read("initiatives/03-gamma/2024.progress.ja.md"),
        "（令和6年度の取組状況を入力）\n"
    );
    assert!(
        ws.path("initiatives/03-gamma/2024.progress.en.md")
            .is_file()
    );

    // It builds at once (for the preview); its placeholders are warnings, so a
    // --strict build, as CI runs, refuses to publish them.
    let build = ws.build(&[]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(
        build.stderr.contains("is still a placeholder"),
        "{}",
        build.stderr
    );
    assert_eq!(ws.build(&["--strict"]).code, 1);
    let build = ws.build(&[]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let ja = ws.page("initiatives/03-gamma.html");
    assert!(ja.contains("（取組項目名を入力）"));
    assert!(ja.contains("（令和6年度の取組状況を入力）"));
    let en = ws.page("en/initiatives/03-gamma.html");
    assert!(en.contains("(title of the initiative)"));

    // The new initiative takes part in the spreadsheet round trip at once.
    let export = ws.run(&["export", "--year", "2025"]);
    assert_eq!(export.code, 0, "{}", export.stderr);
    assert!(
        export.stdout.contains("\r\n3,03-gamma,indicator-1,"),
        "{}",
        export.stdout
    );
}

#[test]
fn a_given_number_is_used_and_the_next_one_follows_it() {
    let ws = Workspace::new("tests/fixtures/basic");
    let run = ws.run(&["new", "initiative", "10-ten", "--number", "10"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        ws.read("initiatives/10-ten/initiative.toml")
            .contains("\nnumber = 10\n")
    );
    let run = ws.run(&["new", "initiative", "11-eleven"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        ws.read("initiatives/11-eleven/initiative.toml")
            .contains("\nnumber = 11\n")
    );
    assert_eq!(ws.build(&[]).code, 0);
}

#[test]
fn refusals_change_nothing() {
    let ws = Workspace::new("tests/fixtures/basic");
    let before = snapshot(&ws.content());
    for (args, expected) in [
        (
            &["new", "initiative", "01-alpha"][..],
            "there is already a folder `01-alpha`",
        ),
        (
            &["new", "initiative", "03-gamma", "--number", "2"],
            "the number 2 is already used by",
        ),
        (
            &["new", "initiative", "03-gamma", "--number", "0"],
            "initiative numbers start at 1",
        ),
        (
            &["new", "initiative", "New Thing"],
            "may contain only lower-case letters",
        ),
        (&["new", "initiative", "../escape"], "may contain only"),
        (&["new", "initiative", "con"], "reserved by Windows"),
    ] {
        let run = ws.run(args);
        assert_eq!(run.code, 1, "{args:?}");
        assert!(run.stderr.contains(expected), "{args:?}: {}", run.stderr);
    }
    assert_eq!(before, snapshot(&ws.content()));
    assert!(!ws.dir.path().join("escape").exists());
}

#[test]
fn content_with_errors_still_gets_the_next_free_number() {
    let ws = Workspace::new("tests/fixtures/basic");
    ws.edit(
        "initiatives/02-beta/initiative.toml",
        "division = \"finance\"",
        "division = \"no-such-division\"",
    );
    assert_eq!(ws.run(&["check"]).code, 1);
    let run = ws.run(&["new", "initiative", "03-gamma"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(ws.read(TOML).contains("\nnumber = 3\n"));
    let run = ws.run(&["new", "initiative", "04-delta", "--number", "2"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("already used"), "{}", run.stderr);
}
