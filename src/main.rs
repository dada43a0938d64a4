//! The `mieruka` command line.
//!
//! The language of every message, the help and the argument errors included,
//! is decided before the arguments are parsed ([`message_lang`]); in Japanese
//! the clap command is given Japanese texts ([`ja::localize`]) and its errors
//! are written in Japanese ([`ja::error`]).

use std::ffi::OsString;
use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use mieruka::base::diagnostic::Diagnostics;
use mieruka::base::text::Lang;
use mieruka::check::config::BuildOptions;

/// A build allocates many short-lived strings on two threads; mimalloc keeps
/// that cheap (glibc's allocator took about a third of the build's time).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit code when the content has problems (or a file could not be read or written).
const EXIT_CONTENT: u8 = 1;
/// Exit code for a wrong command line: clap's own (unknown option, bad value, …).
const EXIT_USAGE: u8 = 2;
/// Exit code when mieruka itself failed (a bug): distinct from content problems.
const EXIT_INTERNAL: u8 = 70;

/// The exit codes, at the end of `mieruka --help`.
const EXIT_CODES_EN: &str = "\
Exit codes:
  0   success (also for --help and --version)
  1   problems found: in the content, or a file or folder that could not be read or written
      (the messages say which)
  2   wrong command line: an unknown command or option, a missing or unusable value
  70  an internal error of mieruka itself (please report it)";

const EXIT_CODES_JA: &str = "\
終了コード:
  0   成功（--help、--version も 0 です）
  1   問題が見つかりました: コンテンツの誤り、読み書きできないファイルやフォルダーなど
      （内容はメッセージに表示します）
  2   コマンドの書き方が正しくありません: ないコマンドやオプション、値がない、使えない値など
  70  mieruka 自体の内部エラーです（ご連絡ください）";

#[derive(Parser)]
#[command(
    name = "mieruka",
    version,
    about = "Publishes a city's plan and its yearly progress as a bilingual static website.",
    after_help = EXIT_CODES_EN
)]
struct Cli {
    /// With no command, in a folder that holds content/: the preview, in the browser.
    #[command(subcommand)]
    command: Option<Command>,
    /// Language of messages: ja or en (default: the system's language, see MIERUKA_LANG and LANG).
    #[arg(long, global = true, value_enum)]
    lang: Option<MessageLang>,
}

#[derive(Clone, Copy, ValueEnum)]
enum MessageLang {
    Ja,
    En,
}

impl From<MessageLang> for Lang {
    fn from(lang: MessageLang) -> Lang {
        match lang {
            MessageLang::Ja => Lang::JA,
            MessageLang::En => Lang::EN,
        }
    }
}

/// The language of messages, decided before the arguments are parsed so that
/// the help and the argument errors are in it too: `--lang` (see [`lang_flag`]),
/// else the environment and the system ([`resolve_lang`]).
fn message_lang(args: &[OsString]) -> Lang {
    lang_flag(args)
        .unwrap_or_else(|| resolve_lang(&|key| std::env::var(key).ok(), &system_language))
}

/// `--lang ja`, `--lang=ja` (or `en`) anywhere before a `--`; `None` when
/// absent or not a language (clap then reports the bad value).
fn lang_flag(args: &[OsString]) -> Option<Lang> {
    let mut args = args.iter().skip(1).map(|a| a.to_str().unwrap_or(""));
    let mut found = None;
    while let Some(arg) = args.next() {
        let value = match arg {
            "--" => break,
            "--lang" => args.next().unwrap_or(""),
            _ => match arg.strip_prefix("--lang=") {
                Some(value) => value,
                None => continue,
            },
        };
        // Messages are in Japanese or English.
        found = match value {
            "ja" => Some(Lang::JA),
            "en" => Some(Lang::EN),
            _ => found,
        };
    }
    found
}

/// The language when `--lang` is not given: `MIERUKA_LANG`; else the locale of
/// the environment, the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set
/// and not empty (as POSIX orders them), unless it is the neutral `C`, `C.*`
/// or `POSIX`; else the system's user interface language (`system`). Japanese
/// when the value starts with `ja`, English otherwise and when nothing is known.
fn resolve_lang(var: &dyn Fn(&str) -> Option<String>, system: &dyn Fn() -> Option<String>) -> Lang {
    let japanese = |v: &str| {
        if v.to_ascii_lowercase().starts_with("ja") {
            Lang::JA
        } else {
            Lang::EN
        }
    };
    if let Some(v) = var("MIERUKA_LANG").filter(|v| !v.is_empty()) {
        return japanese(&v);
    }
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(var)
        .find(|v| !v.is_empty());
    match locale {
        Some(v) if !(v == "C" || v == "POSIX" || v.starts_with("C.")) => japanese(&v),
        _ => system().map_or(Lang::EN, |v| japanese(&v)),
    }
}

/// The user interface language of Windows or macOS (e.g. `ja-JP`), where the
/// console usually has no locale variable. Elsewhere the locale variables are
/// the system's language, and [`resolve_lang`] has read them already.
#[cfg(any(windows, target_os = "macos"))]
fn system_language() -> Option<String> {
    sys_locale::get_locale()
}

#[cfg(not(any(windows, target_os = "macos")))]
fn system_language() -> Option<String> {
    None
}

#[derive(Subcommand)]
enum Command {
    /// Build the whole site into the output folder.
    Build {
        #[command(flatten)]
        dirs: Dirs,
        /// Output folder (replaced as a whole once the build has succeeded).
        #[arg(long, short, default_value = "public")]
        output: PathBuf,
    },
    /// Check the content and report every problem; writes nothing.
    Check {
        #[command(flatten)]
        dirs: Dirs,
    },
    /// Preview the site on this computer; rebuilds and reloads on every change.
    Serve {
        #[command(flatten)]
        dirs: Dirs,
        /// Port on 127.0.0.1.
        #[arg(long, short, default_value_t = 8080, value_parser = parse_number::<u16>)]
        port: u16,
        /// Do not open the browser (it is opened only when run in a terminal window).
        #[arg(long)]
        no_open: bool,
    },
    /// Write a spreadsheet of a fiscal year's targets to fill in the actuals: an Excel workbook for -o FILE.xlsx, else CSV.
    Export {
        /// Fiscal year (Gregorian start year: 2025 for 令和7年度).
        #[arg(long, value_parser = parse_year)]
        year: i32,
        /// File to write (.xlsx: an Excel workbook; any other name: CSV); CSV to standard output when left out.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Read a filled-in spreadsheet back into the content.
    Import {
        /// The filled-in file: an Excel workbook (.xlsx) or a CSV (UTF-8, or Shift_JIS as saved by Excel).
        file: PathBuf,
        /// Fiscal year of the actuals in the file (Gregorian start year: 2025 for 令和7年度).
        #[arg(long, value_parser = parse_year)]
        year: i32,
        /// Show what would change without writing anything.
        #[arg(long)]
        dry_run: bool,
        /// Content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Issue a reviewed year's report as an edition: every figure, status and text as published, recorded in content/editions/YEAR.toml.
    Issue {
        /// Fiscal year of the report (Gregorian start year: 2024 for 令和6年度).
        #[arg(value_parser = parse_year)]
        year: i32,
        /// The date the report is published, e.g. 2025-06-30 (or 令和7年6月30日).
        #[arg(long, value_parser = parse_date)]
        date: mieruka::model::Date,
        /// Replace the edition of a year already issued (with --reason).
        #[arg(long, requires = "reason")]
        replace: bool,
        /// Why the edition is replaced; shown on its pages.
        #[arg(long, requires = "replace")]
        reason: Option<String>,
        /// Content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Create something new in the content.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
}

#[derive(Subcommand)]
enum NewCommand {
    /// A new initiative folder with a complete, valid initiative.toml to fill in.
    Initiative {
        /// Folder name: lower-case letters, digits and "-", e.g. 17-new-initiative.
        slug: String,
        /// Its number (No.); the next free number when left out.
        #[arg(long, value_parser = parse_number::<u32>)]
        number: Option<u32>,
        /// Content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Start the next plan: the plan of site.toml, with its initiatives and editions, moves into plans/FIRST-LAST/ and keeps its final report there.
    Plan {
        /// The next plan's first fiscal year (Gregorian start year, e.g. 2027).
        #[arg(value_parser = parse_year)]
        first_year: i32,
        /// Its last fiscal year, e.g. 2031.
        #[arg(value_parser = parse_year)]
        last_year: i32,
        /// Content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
}

#[derive(clap::Args)]
struct Dirs {
    /// Content folder.
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// Theme folder whose files override the built-in theme.
    #[arg(long)]
    theme: Option<PathBuf>,
    /// Treat warnings (such as a missing English translation) as errors.
    #[arg(long)]
    strict: bool,
}

impl Dirs {
    fn options(self, output: PathBuf) -> BuildOptions {
        BuildOptions {
            content: self.content,
            theme: self.theme,
            output,
            strict: self.strict,
        }
    }
}

/// Full-width digits (as typed with the Japanese input method on) as ASCII:
/// `２０２５` → `2025`; surrounding spaces (also the full-width one) dropped.
fn ascii_digits(s: &str) -> String {
    s.trim_matches(|c: char| c.is_whitespace())
        .chars()
        .map(|c| match c {
            '０'..='９' => mieruka::base::text::narrow_digit(c),
            'Ａ'..='Ｚ' => char::from(b'A' + (c as u32 - 'Ａ' as u32) as u8),
            'ａ'..='ｚ' => char::from(b'a' + (c as u32 - 'ａ' as u32) as u8),
            _ => c,
        })
        .collect()
}

/// A number given on the command line, in ASCII or full-width digits.
fn parse_number<T: std::str::FromStr>(s: &str) -> Result<T, String> {
    let digits = ascii_digits(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("write a number in digits".into());
    }
    digits
        .parse()
        .map_err(|_| "the number is too large".to_string())
}

/// `--year`: the Gregorian year in which the fiscal year starts. `2025`,
/// `２０２５`, `2025年度` and `2025年` are all 2025. An era year (`令和7`,
/// `R7`, `平成31年度`) is refused with the Gregorian year to write instead
/// ([`era_year`]): the content keys its years the same way, in Gregorian years.
fn parse_year(s: &str) -> Result<i32, String> {
    let text = ascii_digits(s);
    let digits = text
        .strip_suffix("年度")
        .or_else(|| text.strip_suffix('年'))
        .unwrap_or(&text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return digits
            .parse()
            .map_err(|_| "the year is too large".to_string());
    }
    Err(match era_year(s) {
        Some((era, year)) => format!(
            "write the Gregorian year in which the fiscal year starts: {era}年度 is {year}, so --year {year}"
        ),
        None => "write the Gregorian year in which the fiscal year starts, e.g. 2025 for 令和7年度"
            .to_string(),
    })
}

/// `--date`: a calendar date, `2025-06-30` (also `2025/6/30`, `2025年9月30日`,
/// `令和7年9月30日`, full-width digits).
fn parse_date(s: &str) -> Result<mieruka::model::Date, String> {
    mieruka::model::Date::parse_written(s).ok_or_else(|| {
        "write the date as year-month-day, e.g. 2025-06-30 (or 2025年6月30日, 令和7年6月30日)"
            .to_string()
    })
}

/// An era year as written (`令和7`, `令和７年度`, `R7`, `令和元年`, `H31`) and
/// the Gregorian year its fiscal year starts in: `("令和7", 2025)`. The
/// conversion is the content's ([`mieruka::base::text::parse_year_hint`]); this
/// only says which era was written, for the advice.
fn era_year(s: &str) -> Option<(String, i32)> {
    let year = mieruka::base::text::parse_year_hint(s)?;
    let text = ascii_digits(s);
    let (name, first) = match text.trim_start().chars().next()? {
        '令' | 'R' | 'r' => ("令和", 2019),
        '平' | 'H' | 'h' => ("平成", 1989),
        _ => return None,
    };
    let n = year - first + 1;
    let written = if n == 1 {
        "元".to_string()
    } else {
        n.to_string()
    };
    Some((format!("{name}{written}"), year))
}

/// The clap command in the message language, its after-help and, in
/// Japanese, every text of it.
fn cli_command(lang: Lang) -> clap::Command {
    let cmd = Cli::command();
    match lang {
        Lang::JA => ja::localize(cmd),
        _ => cmd,
    }
}

/// Parses the arguments; on `--help` or `--version` prints them and exits 0,
/// on a wrong command line prints the error in `lang` and exits 2.
fn parse(args: Vec<OsString>, lang: Lang) -> Result<Cli, ExitCode> {
    let parsed = cli_command(lang)
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    parsed.map_err(|e| {
        use clap::error::ErrorKind;
        let is_usage_error =
            !matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion);
        match (lang, is_usage_error) {
            (Lang::JA, true) if e.kind() != ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                eprint!("{}", ja::error(&e, &cli_command(lang), &args));
            }
            _ => {
                let _ = e.print();
            }
        }
        ExitCode::from(if is_usage_error { EXIT_USAGE } else { 0 })
    })
}

/// Tells of a panic in the message language; `main` then exits with [`EXIT_INTERNAL`].
fn panic_hook(lang: Lang) -> Box<dyn Fn(&std::panic::PanicHookInfo<'_>) + Send + Sync> {
    Box::new(move |info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let detail: Vec<&str> = [what.as_str(), place.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        match lang {
            Lang::JA => eprintln!(
                "内部エラー: mieruka が予期せず停止しました（{}）。\
                 出力フォルダーは変更していません。原因となったコンテンツを添えてご連絡ください。",
                detail.join("、")
            ),
            _ => eprintln!(
                "internal error: mieruka stopped unexpectedly ({}).\n\
                 The output folder was not changed. Please report this with the content that caused it.",
                detail.join(" at ")
            ),
        }
    })
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let lang = message_lang(&args);
    std::panic::set_hook(panic_hook(lang));
    let cli = match parse(args, lang) {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    let lang = cli.lang.map_or(lang, Lang::from);
    match std::panic::catch_unwind(move || run(cli, lang)) {
        Ok(code) => code,
        Err(_) => ExitCode::from(EXIT_INTERNAL),
    }
}

/// Prints messages in the user's language.
#[derive(Clone, Copy)]
struct Ui {
    lang: Lang,
}

impl Ui {
    fn report(self, diags: &Diagnostics) {
        for d in diags.iter() {
            eprintln!("{}", d.render_in(self.lang));
        }
    }

    fn counts(self, diags: &Diagnostics) -> String {
        let (e, w) = (diags.errors(), diags.warnings());
        match self.lang {
            Lang::JA => format!("エラー {e} 件、警告 {w} 件"),
            _ => format!(
                "{e} error{}, {w} warning{}",
                if e == 1 { "" } else { "s" },
                if w == 1 { "" } else { "s" }
            ),
        }
    }

    fn say<'a>(self, en: &'a str, ja: &'a str) -> &'a str {
        self.lang.pick(ja, en)
    }
}

/// `mieruka` with no command (a double-click on Windows): in a folder that
/// holds `content/`, the preview, opened in the browser, on port 8080 or,
/// when that is taken (a second window), any free one. Anywhere else it says
/// what it needs.
fn start(ui: Ui) -> ExitCode {
    let options = BuildOptions::default();
    if !options.content.join("site.toml").is_file() {
        eprintln!(
            "{}",
            ui.say(
                "mieruka needs a folder content/ with a site.toml here. Put mieruka in the folder \
                 that holds content/ and start it there, or run `mieruka --help` for the commands.",
                "この場所には content フォルダー（site.toml が入ったもの）がありません。mieruka を \
                 content フォルダーと同じ場所に置いて起動するか、コマンドの一覧を `mieruka --help` で確かめてください。",
            )
        );
        return ExitCode::from(EXIT_USAGE);
    }
    let open = std::io::stdout().is_terminal();
    let result = match mieruka::cmd::serve::serve(&options, 8080, ui.lang, open) {
        Err(_) => mieruka::cmd::serve::serve(&options, 0, ui.lang, open),
        ok => ok,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(diags) => {
            ui.report(&diags);
            ExitCode::from(EXIT_CONTENT)
        }
    }
}

fn run(cli: Cli, lang: Lang) -> ExitCode {
    let ui = Ui { lang };
    let report = |diags: &Diagnostics| ui.report(diags);
    let summary_counts = |diags: &Diagnostics| ui.counts(diags);
    let Some(command) = cli.command else {
        return start(ui);
    };
    match command {
        Command::Build { dirs, output } => {
            let options = dirs.options(output);
            match mieruka::site::build(&options) {
                Ok(r) => {
                    report(&r.warnings);
                    let (pages, charts, out) = (r.pages, r.charts, options.output.display());
                    let (secs, warnings) = (r.elapsed.as_secs_f64(), r.warnings.warnings());
                    match ui.lang {
                        Lang::JA => println!(
                            "{out} に {pages} ページ、グラフ {charts} 枚を作成しました（{secs:.2} 秒、警告 {warnings} 件）。"
                        ),
                        _ => println!(
                            "Built {pages} pages and {charts} charts into {out} in {secs:.2} s ({warnings} warning{}).",
                            if warnings == 1 { "" } else { "s" }
                        ),
                    }
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    report(&diags);
                    let (counts, out) = (summary_counts(&diags), options.output.display());
                    match ui.lang {
                        Lang::JA => eprintln!(
                            "作成できませんでした（{counts}）。{out} は元のまま変更していません。"
                        ),
                        _ => eprintln!("Build failed: {counts}. {out} was left unchanged."),
                    }
                    ExitCode::from(EXIT_CONTENT)
                }
            }
        }
        Command::Serve {
            dirs,
            port,
            no_open,
        } => {
            let options = dirs.options(PathBuf::from("public"));
            let open = !no_open && std::io::stdout().is_terminal();
            match mieruka::cmd::serve::serve(&options, port, ui.lang, open) {
                Ok(()) => ExitCode::SUCCESS,
                Err(diags) => {
                    report(&diags);
                    ExitCode::from(EXIT_CONTENT)
                }
            }
        }
        Command::Export {
            year,
            output,
            content,
        } => match mieruka::cmd::import::export_to(&content, year, output.as_deref()) {
            Ok(bytes) => {
                let written = match &output {
                    Some(path) => std::fs::write(path, &bytes).map_err(|e| {
                        mieruka::base::source::io_error(path, "could not write the file", &e)
                    }),
                    None => {
                        std::io::Write::write_all(&mut std::io::stdout(), &bytes).map_err(|e| {
                            mieruka::base::diagnostic::Diagnostic::error(format!(
                                "could not write: {e}"
                            ))
                            .ja(format!("書き出せませんでした（{e}）"))
                        })
                    }
                };
                match written {
                    Ok(()) => {
                        if let Some(path) = output {
                            eprintln!("{} {}", ui.say("Wrote", "書き出しました:"), path.display());
                        }
                        ExitCode::SUCCESS
                    }
                    Err(d) => {
                        report(&d.into());
                        ExitCode::from(EXIT_CONTENT)
                    }
                }
            }
            Err(diags) => {
                report(&diags);
                ExitCode::from(EXIT_CONTENT)
            }
        },
        Command::Import {
            file,
            year,
            dry_run,
            content,
        } => match mieruka::cmd::import::import(&content, &file, year, dry_run) {
            Ok(r) => {
                for line in &r.changes {
                    println!("{}", line.in_lang(ui.lang));
                }
                for note in &r.notes {
                    println!("{} {}", ui.say("Note:", "注意:"), note.in_lang(ui.lang));
                }
                let (n, files) = (r.changes.len(), r.files_written);
                match (dry_run, ui.lang) {
                    (true, Lang::JA) => {
                        println!("確認のみ（--dry-run）: 変更 {n} 件。何も書き込んでいません。")
                    }
                    (true, _) => println!("Dry run: {n} change(s) found, nothing written."),
                    (false, Lang::JA) => {
                        println!("{files} 個のファイルに {n} 件の変更を取り込みました。")
                    }
                    (false, _) => println!("Imported {n} change(s) into {files} file(s)."),
                }
                ExitCode::SUCCESS
            }
            Err(diags) => refused(
                &ui,
                &diags,
                |counts| format!("取り込めませんでした（{counts}）。何も書き込んでいません。"),
                |counts| format!("Import failed: {counts}. Nothing was written."),
            ),
        },
        Command::Issue {
            year,
            date,
            replace: _,
            reason,
            content,
        } => match mieruka::cmd::issue::issue(&content, year, date, reason.as_deref()) {
            Ok(r) => {
                let (file, n) = (r.path.display(), r.initiatives);
                let (ja_year, en_year) = (
                    mieruka::base::text::year_label(year, Lang::JA),
                    mieruka::base::text::year_label(year, Lang::EN),
                );
                let iso = date.iso();
                match (ui.lang, r.replaced) {
                    (Lang::JA, false) => println!(
                        "{ja_year}版（{iso} 公表）を {file} に記録しました（取組項目 {n} 件）。build でサイトに掲載します。"
                    ),
                    (Lang::JA, true) => println!(
                        "{ja_year}版を置き換え、{iso} 公表の版として {file} に記録しました（取組項目 {n} 件）。build でサイトに掲載します。"
                    ),
                    (_, false) => println!(
                        "Issued the {en_year} edition, published on {iso}, into {file} ({n} initiatives). Build the site to publish it."
                    ),
                    (_, true) => println!(
                        "Replaced the {en_year} edition by one published on {iso}, in {file} ({n} initiatives). Build the site to publish it."
                    ),
                }
                ExitCode::SUCCESS
            }
            Err(diags) => refused(
                &ui,
                &diags,
                |counts| format!("発行できませんでした（{counts}）。何も書き込んでいません。"),
                |counts| format!("Not issued: {counts}. Nothing was written."),
            ),
        },
        Command::New {
            what:
                NewCommand::Initiative {
                    slug,
                    number,
                    content,
                },
        } => match mieruka::cmd::scaffold::new_initiative(&content, &slug, number) {
            Ok(dir) => {
                match ui.lang {
                    Lang::JA => println!(
                        "{} を作成しました。initiative.toml を記入してから `mieruka check` を実行してください。",
                        dir.display()
                    ),
                    _ => println!(
                        "Created {}. Fill in initiative.toml, then run `mieruka check`.",
                        dir.display()
                    ),
                }
                ExitCode::SUCCESS
            }
            Err(diags) => {
                report(&diags);
                ExitCode::from(EXIT_CONTENT)
            }
        },
        Command::New {
            what:
                NewCommand::Plan {
                    first_year,
                    last_year,
                    content,
                },
        } => match mieruka::cmd::new_plan::new_plan(&content, first_year, last_year) {
            Ok(r) => {
                let dir = r.finished.display();
                let (first, last) = (r.first_year, r.last_year);
                match ui.lang {
                    Lang::JA => println!(
                        "終わった計画を {dir} に移し、次の計画（{first}–{last}年度）を始めました。site.toml の計画の名前・取組戦略・所管課を確かめ、mieruka new initiative で取組項目を作ってください。"
                    ),
                    _ => println!(
                        "Moved the finished plan into {dir} and started the next plan (FY{first}–FY{last}). Check the plan's name, strategies and divisions in site.toml, then add its initiatives with `mieruka new initiative`."
                    ),
                }
                ExitCode::SUCCESS
            }
            Err(diags) => {
                report(&diags);
                match ui.lang {
                    Lang::JA => {
                        eprintln!("次の計画を始められませんでした。何も書き込んでいません。")
                    }
                    _ => eprintln!("The next plan was not started. Nothing was written."),
                }
                ExitCode::from(EXIT_CONTENT)
            }
        },
        Command::Check { dirs } => {
            let options = dirs.options(PathBuf::from("public"));
            match mieruka::site::verify(&options) {
                Ok((plan, warnings)) => {
                    report(&warnings);
                    let (n, counts) = (plan.initiatives.len(), summary_counts(&warnings));
                    match ui.lang {
                        Lang::JA => println!("{n} 件の取組項目を確認しました（{counts}）。"),
                        _ => println!("Checked {n} initiatives: {counts}."),
                    }
                    // How much is translated, per further language; what is
                    // missing is listed above as warnings.
                    let coverage = mieruka::check::review::coverage(&plan, &options.content);
                    print_coverage(&ui, &coverage);
                    ExitCode::SUCCESS
                }
                Err(diags) => refused(
                    &ui,
                    &diags,
                    |counts| format!("問題が見つかりました（{counts}）。"),
                    |counts| format!("Check failed: {counts}."),
                ),
            }
        }
    }
}

/// The command line in Japanese: the help of every command and argument, clap's
/// own headings, and the argument errors with what to write instead.
mod ja {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    use std::ffi::OsString;

    use clap::{Arg, Command};
    use mieruka::base::diagnostic::Diagnostic;
    use mieruka::base::text::Lang;

    /// clap's default help layout, with its "Usage:" in Japanese.
    const TEMPLATE: &str =
        "{before-help}{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}";

    /// What each command does, by name.
    pub(super) fn about(command: &str) -> Option<&'static str> {
        Some(match command {
            "mieruka" => {
                "市の計画と毎年の進み具合を、日本語と英語の静的なウェブサイトとして公開します。"
            }
            "build" => "サイト全体を作成して、出力フォルダーに書き出します。",
            "check" => "コンテンツを確認して、すべての問題を表示します。何も書き込みません。",
            "serve" => {
                "このパソコンでサイトをプレビューします。変更のたびに作り直して、ページを更新します。"
            }
            "export" => {
                "年度の目標を、実績を記入する表に書き出します。-o ファイル名.xlsx なら Excel のブック、それ以外は CSV です。"
            }
            "import" => "記入済みの表を読み込んで、コンテンツに取り込みます。",
            "issue" => {
                "評価が済んだ年度の報告を版として発行します。公表する数値・達成状況・文章のすべてを content/editions/年度.toml に記録します。"
            }
            "new" => "コンテンツに新しいものを作成します。",
            "initiative" => {
                "新しい取組項目のフォルダーを、記入用の initiative.toml（そのまま確認を通る内容）付きで作成します。"
            }
            "plan" => {
                "次の計画を始めます。site.toml の計画は、取組項目・版とともに plans/最初-最後/ に移り、最終の報告をそこに残します。"
            }
            "help" => "この説明、または指定したコマンドの説明を表示します。",
            _ => return None,
        })
    }

    /// The help of an argument of `command` and the name of its value.
    pub(super) fn arg(command: &str, id: &str) -> Option<(&'static str, Option<&'static str>)> {
        Some(match (command, id) {
            (_, "help") => ("この説明を表示します", None),
            (_, "version") => ("版の番号を表示します", None),
            (_, "lang") => (
                "メッセージの言語: ja（日本語）か en（英語）。省略時はシステムの言語です（環境変数 MIERUKA_LANG でも指定できます）",
                Some("言語"),
            ),
            (_, "content") => ("コンテンツのフォルダー", Some("フォルダー")),
            (_, "theme") => (
                "組み込みのテーマを上書きするファイルを置いた、テーマのフォルダー",
                Some("フォルダー"),
            ),
            (_, "strict") => ("警告（英訳がないなど）もエラーとして扱います", None),
            ("build", "output") => (
                "出力フォルダー（作成に成功したときに、まとめて置き換えます）",
                Some("フォルダー"),
            ),
            ("serve", "port") => ("127.0.0.1 で使うポートの番号", Some("番号")),
            ("serve", "no_open") => (
                "ブラウザーを開きません（ブラウザーはコマンドの画面から実行したときだけ開きます）",
                None,
            ),
            ("export", "year") => (
                "年度（西暦の年度開始年。令和7年度は 2025。2025年度、２０２５ とも書けます）",
                Some("年度"),
            ),
            ("export", "output") => (
                "書き出すファイル（.xlsx なら Excel のブック、それ以外の名前なら CSV）。省略すると、CSV を画面（標準出力）に書き出します",
                Some("ファイル"),
            ),
            ("import", "file") => (
                "記入済みのファイル: Excel のブック（.xlsx）か CSV（UTF-8、または Excel で保存した Shift_JIS）",
                Some("ファイル"),
            ),
            ("import", "year") => (
                "ファイルの実績の年度（西暦の年度開始年。令和7年度は 2025。2025年度、２０２５ とも書けます）",
                Some("年度"),
            ),
            ("import", "dry_run") => ("何も書き込まずに、変わる内容だけを表示します", None),
            ("issue", "year") => (
                "報告の年度（西暦の年度開始年。令和6年度は 2024）",
                Some("年度"),
            ),
            ("issue", "date") => (
                "報告を公表する日（例: 2025-06-30、令和7年6月30日、2025年6月30日）",
                Some("日付"),
            ),
            ("issue", "replace") => (
                "発行済みの年度の版を置き換えます（--reason と一緒に指定します）",
                None,
            ),
            ("issue", "reason") => ("版を置き換える理由（版のページに表示します）", Some("理由")),
            ("initiative", "slug") => (
                "フォルダー名: 英小文字・数字・「-」で書きます（例: 17-new-initiative）",
                Some("フォルダー名"),
            ),
            ("initiative", "number") => (
                "番号（No.）。省略すると、空いている次の番号です",
                Some("番号"),
            ),
            ("plan", "first_year") => (
                "次の計画の最初の年度（西暦の年度開始年。例: 2027）",
                Some("最初の年度"),
            ),
            ("plan", "last_year") => ("次の計画の最後の年度（例: 2031）", Some("最後の年度")),
            ("help", "subcommand") => ("説明を表示するコマンド", Some("コマンド")),
            _ => return None,
        })
    }

    /// The whole command tree with Japanese texts. It is built first, so that
    /// clap's own `--help`, `--version` and `help` are there to be translated.
    pub(super) fn localize(mut cmd: Command) -> Command {
        cmd.build();
        localize_tree(cmd.after_help(super::EXIT_CODES_JA), false)
    }

    /// `in_help`: inside the `help` command's copy of the tree, which has no
    /// help or usage of its own.
    fn localize_tree(cmd: Command, in_help: bool) -> Command {
        let name = cmd.get_name().to_string();
        let below_help = in_help || name == "help";
        let mut cmd = cmd.mut_subcommands(|sc| localize_tree(sc, below_help));
        if let Some(about) = about(&name) {
            cmd = cmd.about(about).long_about(None::<&str>);
        }
        if in_help {
            return cmd;
        }
        let mut cmd = cmd
            .mut_args(|a| localize_arg(&name, a))
            .subcommand_help_heading("コマンド")
            .subcommand_value_name("コマンド")
            .help_template(TEMPLATE);
        // clap writes "[OPTIONS]" into the usage itself: render it, then translate.
        let usage = cmd.render_usage().to_string();
        let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
        let usage = usage.replace("[OPTIONS]", "[オプション]");
        cmd.override_usage(usage)
    }

    fn localize_arg(command: &str, arg: Arg) -> Arg {
        let Some((help, value_name)) = self::arg(command, arg.get_id().as_str()) else {
            return arg;
        };
        let mut help = help.to_string();
        let defaults: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        let mut arg = arg;
        // A flag's default ("false") is not worth telling.
        if !defaults.is_empty()
            && !arg.is_hide_default_value_set()
            && arg.get_action().takes_values()
        {
            help.push_str(&format!("（省略時: {}）", defaults.join(" ")));
            arg = arg.hide_default_value(true);
        }
        if let Some(value_name) = value_name {
            arg = arg.value_name(value_name);
        }
        let heading = if arg.is_positional() {
            "引数"
        } else {
            "オプション"
        };
        arg.help(help)
            .long_help(None::<&str>)
            .hide_possible_values(true)
            .help_heading(heading)
    }

    /// A clap error in Japanese, like the content's diagnostics: what is
    /// wrong, what to do about it (with clap's suggestion), the usage, and
    /// where to read more.
    pub(super) fn error(e: &clap::Error, cmd: &Command, args: &[OsString]) -> String {
        let string = |kind| match e.get(kind) {
            Some(ContextValue::String(s)) => Some(s.as_str()),
            _ => None,
        };
        let strings = |kind| match e.get(kind) {
            Some(ContextValue::String(s)) => vec![s.clone()],
            Some(ContextValue::Strings(v)) => v.clone(),
            _ => Vec::new(),
        };
        // `--year <年度>` → `--year`; a positional `<ファイル>` stays as it is.
        let full_arg = string(ContextKind::InvalidArg).unwrap_or("");
        let arg = match full_arg.split_once(' ') {
            Some((name, _)) if name.starts_with('-') => name,
            _ => full_arg,
        };
        let value = string(ContextKind::InvalidValue).unwrap_or("");
        let mut help: Vec<String> = Vec::new();
        let message = match e.kind() {
            ErrorKind::InvalidValue | ErrorKind::ValueValidation if value.is_empty() => {
                help.push(format!("{arg} の後に値を書いてください"));
                format!("{arg} の値がありません")
            }
            ErrorKind::InvalidValue => {
                let valid = strings(ContextKind::ValidValue);
                if !valid.is_empty() {
                    help.push(format!("指定できる値: {}", valid.join("、")));
                }
                format!("{arg} に「{value}」は指定できません")
            }
            ErrorKind::ValueValidation => {
                let (explain, advice) = value_advice(arg, value);
                help.push(advice);
                format!("{arg} に「{value}」は指定できません{explain}")
            }
            ErrorKind::UnknownArgument if arg.starts_with('-') => {
                format!("「{arg}」というオプションはありません")
            }
            ErrorKind::UnknownArgument => format!("余分な引数「{arg}」があります"),
            ErrorKind::InvalidSubcommand => format!(
                "「{}」というコマンドはありません",
                string(ContextKind::InvalidSubcommand).unwrap_or("")
            ),
            ErrorKind::MissingRequiredArgument => {
                let missing = strings(ContextKind::InvalidArg).join("、");
                help.push(format!("{missing} を付けて実行してください"));
                format!("次の指定が必要です: {missing}")
            }
            ErrorKind::MissingSubcommand => {
                let valid = strings(ContextKind::ValidSubcommand);
                if !valid.is_empty() {
                    help.push(format!("使えるコマンド: {}", valid.join("、")));
                }
                format!(
                    "{} の後にコマンドを指定してください",
                    string(ContextKind::InvalidSubcommand).unwrap_or("mieruka")
                )
            }
            ErrorKind::ArgumentConflict => match string(ContextKind::PriorArg) {
                Some(prior) if prior != full_arg => {
                    format!("{arg} と {prior} は一緒には使えません")
                }
                _ if !strings(ContextKind::PriorArg).is_empty() && full_arg.is_empty() => {
                    "一緒には使えない指定があります".to_string()
                }
                _ => format!("{arg} は一度だけ指定できます"),
            },
            ErrorKind::TooManyValues => {
                format!("{arg} に指定できる値は一つです（余分な値「{value}」）")
            }
            ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
                format!("{arg} の値の数が正しくありません")
            }
            ErrorKind::NoEquals => format!("{arg} の値は「=」でつないで書いてください"),
            ErrorKind::InvalidUtf8 => {
                "引数に、文字として読めないもの（UTF-8 でない文字）があります".to_string()
            }
            _ => "コマンドの書き方が正しくありません".to_string(),
        };
        help.extend(suggestions(e));

        let mut d =
            Diagnostic::error(e.kind().as_str().unwrap_or("wrong command line")).ja(message);
        if !help.is_empty() {
            d = d.ja_help(help.join("。"));
        }
        let mut out = d.render_in(Lang::JA);
        if !out.ends_with('\n') {
            out.push('\n');
        }
        // The usage of the command the arguments name, also for the errors
        // clap gives none (a value its parser refused).
        let (mut cmd, mut path) = (cmd, vec![cmd.get_name()]);
        for arg in args.iter().skip(1).map(|a| a.to_str().unwrap_or("")) {
            match cmd.find_subcommand(arg) {
                _ if arg == "--" => break,
                Some(sc) if sc.get_name() != "help" => {
                    path.push(sc.get_name());
                    cmd = sc;
                }
                _ => {}
            }
        }
        if let Some(usage) = cmd.get_overridden_usage() {
            out.push_str(&format!(
                "\n使い方: {usage}\n\n詳しくは `{} --help` を実行してください。\n",
                path.join(" ")
            ));
        }
        out
    }

    /// For a value its parser refused: why, after the message, and what to write.
    fn value_advice(arg: &str, value: &str) -> (String, String) {
        let fiscal_year = "。--year には西暦の年度開始年を書きます";
        match arg {
            "--date" => (
                "。日付は年-月-日で書きます".to_string(),
                "--date 2025-06-30 のように書いてください".to_string(),
            ),
            "--year" | "<年度>" => match super::era_year(value) {
                Some((era, year)) => (
                    format!("{fiscal_year}（{era}年度は {year}）"),
                    format!("--year {year} と書いてください"),
                ),
                None => (
                    format!("{fiscal_year}（令和7年度は 2025）"),
                    "--year 2025 のように書いてください".to_string(),
                ),
            },
            "--port" => (
                String::new(),
                "0 から 65535 までの数字で書いてください（例: --port 8081）".to_string(),
            ),
            "--number" => (
                String::new(),
                "取組項目の番号を数字で書いてください（例: --number 17）".to_string(),
            ),
            _ => (String::new(), "値を確かめてください".to_string()),
        }
    }

    /// clap's suggestions in Japanese: a similar command, option or value,
    /// and its tips (the English ones it writes itself, recognised by shape).
    fn suggestions(e: &clap::Error) -> Vec<String> {
        let mut out = Vec::new();
        let similar = |kind| match e.get(kind) {
            Some(ContextValue::String(s)) => vec![s.clone()],
            Some(ContextValue::Strings(v)) => v.clone(),
            _ => Vec::new(),
        };
        for (kind, what) in [
            (ContextKind::SuggestedSubcommand, "コマンド"),
            (ContextKind::SuggestedArg, "オプション"),
            (ContextKind::SuggestedValue, "値"),
        ] {
            let names = similar(kind);
            if !names.is_empty() {
                out.push(format!("似た名前の{what}があります: {}", names.join("、")));
            }
        }
        if let Some(ContextValue::StyledStrs(tips)) = e.get(ContextKind::Suggested) {
            out.extend(tips.iter().filter_map(|t| tip(&t.to_string())));
        }
        out
    }

    /// One of clap's tips in Japanese; `None` for one not known here.
    fn tip(tip: &str) -> Option<String> {
        let quoted: Vec<&str> = tip.split('\'').skip(1).step_by(2).collect();
        if tip.starts_with("to pass ") && quoted.len() == 2 {
            Some(format!(
                "「{}」を値として渡すには「{}」と書きます",
                quoted[0], quoted[1]
            ))
        } else if tip.starts_with("subcommand ") && !quoted.is_empty() {
            Some(format!(
                "コマンド「{}」を使うには、その前の「--」を消してください",
                quoted[0]
            ))
        } else if tip.ends_with("' exists") && quoted.len() == 1 {
            Some(format!("「{}」なら使えます", quoted[0]))
        } else {
            None
        }
    }
}

/// A command that found problems: the messages, then one line with their
/// counts in the user's language, and the content's exit code.
fn refused(
    ui: &Ui,
    diags: &Diagnostics,
    ja: impl Fn(&str) -> String,
    en: impl Fn(&str) -> String,
) -> ExitCode {
    ui.report(diags);
    let counts = ui.counts(diags);
    match ui.lang {
        Lang::JA => eprintln!("{}", ja(&counts)),
        _ => eprintln!("{}", en(&counts)),
    }
    ExitCode::from(EXIT_CONTENT)
}

/// 「翻訳済みの文章：英語 148/148、やさしい日本語 120/148」, then, per
/// language that is not complete, the texts it still lacks (the first few
/// per language; missing English was warned about above).
fn print_coverage(ui: &Ui, coverage: &mieruka::check::review::Coverage) {
    const SHOWN: usize = 10;
    let name = |lang: Lang| match lang.code() {
        "en" => ui.say("English", "英語").to_string(),
        "ja-basic" => ui.say("easy Japanese", "やさしい日本語").to_string(),
        code => code.to_string(),
    };
    let figures: Vec<String> = coverage
        .translated
        .iter()
        .map(|c| format!("{} {}/{}", name(c.lang), c.done, coverage.texts))
        .collect();
    if figures.is_empty() {
        return;
    }
    match ui.lang {
        Lang::JA => println!("翻訳済みの文章：{}", figures.join("、")),
        _ => println!("Translated texts: {}", figures.join(", ")),
    }
    for c in coverage.translated.iter().filter(|c| c.lang != Lang::EN) {
        if c.missing.is_empty() {
            continue;
        }
        match ui.lang {
            Lang::JA => println!("{}でまだ書かれていない文章：", name(c.lang)),
            _ => println!("Not yet written in {}:", name(c.lang)),
        }
        for (path, field) in c.missing.iter().take(SHOWN) {
            if field.is_empty() {
                println!("  {}", path.display());
            } else {
                println!("  {} {field}", path.display());
            }
        }
        if c.missing.len() > SHOWN {
            match ui.lang {
                Lang::JA => println!("  ほか {} 件", c.missing.len() - SHOWN),
                _ => println!("  and {} more", c.missing.len() - SHOWN),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<OsString> {
        line.split(' ').map(OsString::from).collect()
    }

    #[test]
    fn the_flag_is_found_before_parsing() {
        assert_eq!(lang_flag(&args("mieruka build --lang ja")), Some(Lang::JA));
        assert_eq!(lang_flag(&args("mieruka --lang=en check")), Some(Lang::EN));
        assert_eq!(lang_flag(&args("mieruka --lang xx check")), None);
        assert_eq!(lang_flag(&args("mieruka --lang")), None);
        assert_eq!(lang_flag(&args("mieruka import -- --lang ja")), None);
        assert_eq!(lang_flag(&args("mieruka build")), None);
    }

    #[test]
    fn the_language_follows_the_environment_then_the_system() {
        let resolve = |vars: &[(&str, &str)], system: Option<&str>| {
            let var = |k: &str| {
                vars.iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            };
            resolve_lang(&var, &|| system.map(str::to_string))
        };
        assert_eq!(resolve(&[], None), Lang::EN);
        assert_eq!(resolve(&[], Some("ja-JP")), Lang::JA);
        assert_eq!(resolve(&[("LANG", "ja_JP.UTF-8")], None), Lang::JA);
        assert_eq!(resolve(&[("LANG", "en_US.UTF-8")], Some("ja-JP")), Lang::EN);
        // The neutral locales say nothing of the language: the system decides.
        for neutral in ["C", "C.UTF-8", "POSIX", ""] {
            assert_eq!(
                resolve(&[("LANG", neutral)], Some("ja-JP")),
                Lang::JA,
                "{neutral}"
            );
            assert_eq!(resolve(&[("LANG", neutral)], None), Lang::EN, "{neutral}");
        }
        // LC_ALL wins over LANG, as in POSIX, even when it is neutral.
        assert_eq!(
            resolve(&[("LC_ALL", "C"), ("LANG", "ja_JP.UTF-8")], None),
            Lang::EN
        );
        assert_eq!(
            resolve(&[("LC_MESSAGES", "ja_JP"), ("LANG", "en_US")], None),
            Lang::JA
        );
        // MIERUKA_LANG wins over everything but --lang.
        assert_eq!(
            resolve(&[("MIERUKA_LANG", "en"), ("LANG", "ja_JP")], Some("ja")),
            Lang::EN
        );
        assert_eq!(
            resolve(&[("MIERUKA_LANG", "ja"), ("LANG", "en_US")], None),
            Lang::JA
        );
        assert_eq!(
            resolve(&[("MIERUKA_LANG", ""), ("LANG", "ja_JP")], None),
            Lang::JA
        );
    }

    #[test]
    fn years_in_gregorian_are_taken_in_any_width() {
        for year in [
            "2025",
            "２０２５",
            "2025年度",
            "２０２５年度",
            "2025年",
            " 2025 ",
        ] {
            assert_eq!(parse_year(year), Ok(2025), "{year}");
        }
        for bad in ["令和7", "R7", "abc", "", "2025-26"] {
            assert!(parse_year(bad).is_err(), "{bad}");
        }
        assert!(parse_year("令和7").unwrap_err().contains("--year 2025"));
        assert_eq!(parse_number::<u16>("８０８１"), Ok(8081));
        assert!(parse_number::<u16>("99999").is_err());
        assert!(parse_number::<u32>("-1").is_err());
    }

    #[test]
    fn era_years_convert_to_the_fiscal_years_start() {
        let era = era_year;
        assert_eq!(era("令和7"), Some(("令和7".into(), 2025)));
        assert_eq!(era("令和７年度"), Some(("令和7".into(), 2025)));
        assert_eq!(era("R7"), Some(("令和7".into(), 2025)));
        assert_eq!(era("ｒ７"), Some(("令和7".into(), 2025)));
        assert_eq!(era("令和元年度"), Some(("令和元".into(), 2019)));
        assert_eq!(era("平成31年度"), Some(("平成31".into(), 2019)));
        assert_eq!(era("H30"), Some(("平成30".into(), 2018)));
        for bad in ["令和", "令和0", "平成32", "R123", "2025", "昭和60", "R7x"] {
            assert_eq!(era(bad), None, "{bad}");
        }
    }

    /// Every command and argument has its Japanese text, so that a new one
    /// cannot slip into the Japanese help in English.
    #[test]
    fn every_command_and_argument_has_japanese() {
        fn walk(cmd: &clap::Command, missing: &mut Vec<String>) {
            let name = cmd.get_name();
            if ja::about(name).is_none() {
                missing.push(format!("command {name}"));
            }
            for arg in cmd.get_arguments() {
                if ja::arg(name, arg.get_id().as_str()).is_none() {
                    missing.push(format!("{name} {}", arg.get_id()));
                }
            }
            for sc in cmd.get_subcommands() {
                walk(sc, missing);
            }
        }
        let mut cmd = Cli::command();
        cmd.build();
        let mut missing = Vec::new();
        walk(&cmd, &mut missing);
        assert!(missing.is_empty(), "no Japanese for: {missing:?}");
    }

    #[test]
    fn the_command_is_valid_in_both_languages() {
        cli_command(Lang::EN).debug_assert();
        cli_command(Lang::JA).debug_assert();
    }
}
