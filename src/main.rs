//! The `mieruka` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use mieruka::BuildOptions;
use mieruka::diagnostic::Diagnostics;
use mieruka::text::Lang;

/// A build allocates many short-lived strings on two threads; mimalloc keeps
/// that cheap (glibc's allocator took about a third of the build's time).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit code when the content has problems.
const EXIT_CONTENT: u8 = 1;
/// Exit code when mieruka itself failed (a bug): distinct from content problems.
const EXIT_INTERNAL: u8 = 70;

#[derive(Parser)]
#[command(
    name = "mieruka",
    version,
    about = "Publishes a city's plan and its yearly progress as a bilingual static website."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Language of messages: ja or en (default: from the system locale, LANG).
    #[arg(long, global = true, value_enum)]
    lang: Option<MessageLang>,
}

#[derive(Clone, Copy, ValueEnum)]
enum MessageLang {
    Ja,
    En,
}

/// The language of messages: `--lang`, else `MIERUKA_LANG`, else the locale
/// (`LC_ALL`, `LC_MESSAGES`, `LANG`): Japanese for `ja*`, English otherwise.
fn message_lang(flag: Option<MessageLang>) -> Lang {
    match flag {
        Some(MessageLang::Ja) => Lang::Ja,
        Some(MessageLang::En) => Lang::En,
        None => {
            let locale = ["MIERUKA_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .filter_map(|k| std::env::var(k).ok())
                .find(|v| !v.is_empty())
                .unwrap_or_default();
            if locale.starts_with("ja") {
                Lang::Ja
            } else {
                Lang::En
            }
        }
    }
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
        #[arg(long, short, default_value_t = 8080)]
        port: u16,
    },
    /// Write a spreadsheet of a fiscal year's targets to fill in the actuals: an Excel workbook for -o FILE.xlsx, else CSV.
    Export {
        /// Fiscal year (Gregorian start year: 2025 for 令和7年度).
        #[arg(long)]
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
        /// Fiscal year of the actuals in the file.
        #[arg(long)]
        year: i32,
        /// Show what would change without writing anything.
        #[arg(long)]
        dry_run: bool,
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
        #[arg(long)]
        number: Option<u32>,
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

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!(
            "internal error: mieruka stopped unexpectedly ({what}{place}).\n\
             The output folder was not changed. Please report this with the content that caused it.\n\
             内部エラー: mieruka が予期せず停止しました。出力フォルダーは変更していません。\
             原因となったコンテンツを添えてご連絡ください。"
        );
    }));
    let cli = Cli::parse();
    match std::panic::catch_unwind(move || run(cli)) {
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
            Lang::Ja => format!("エラー {e} 件、警告 {w} 件"),
            Lang::En => format!(
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

fn run(cli: Cli) -> ExitCode {
    let ui = Ui {
        lang: message_lang(cli.lang),
    };
    let report = |diags: &Diagnostics| ui.report(diags);
    let summary_counts = |diags: &Diagnostics| ui.counts(diags);
    match cli.command {
        Command::Build { dirs, output } => {
            let options = dirs.options(output);
            match mieruka::build(&options) {
                Ok(r) => {
                    report(&r.warnings);
                    let (pages, charts, out) = (r.pages, r.charts, options.output.display());
                    let (secs, warnings) = (r.elapsed.as_secs_f64(), r.warnings.warnings());
                    match ui.lang {
                        Lang::Ja => println!(
                            "{out} に {pages} ページ、グラフ {charts} 枚を作成しました（{secs:.2} 秒、警告 {warnings} 件）。"
                        ),
                        Lang::En => println!(
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
                        Lang::Ja => eprintln!(
                            "作成できませんでした（{counts}）。{out} は元のまま変更していません。"
                        ),
                        Lang::En => eprintln!("Build failed: {counts}. {out} was left unchanged."),
                    }
                    ExitCode::from(EXIT_CONTENT)
                }
            }
        }
        Command::Serve { dirs, port } => {
            let options = dirs.options(PathBuf::from("public"));
            let ready = |addr: &str| match ui.lang {
                Lang::Ja => println!(
                    "プレビューを {addr} で表示しています（Ctrl+C で終了）。content/ を編集するとページが更新されます。\n\
                     Serving the site at {addr} (Ctrl+C to stop). Edit content/ and the page reloads."
                ),
                Lang::En => println!(
                    "Serving the site at {addr} (Ctrl+C to stop). Edit content/ and the page reloads."
                ),
            };
            match mieruka::serve::serve(&options, port, ui.lang, &ready) {
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
        } => match mieruka::import::export_to(&content, year, output.as_deref()) {
            Ok(bytes) => {
                let written = match &output {
                    Some(path) => std::fs::write(path, &bytes).map_err(|e| {
                        mieruka::source::io_error(path, "could not write the file", &e)
                    }),
                    None => {
                        std::io::Write::write_all(&mut std::io::stdout(), &bytes).map_err(|e| {
                            mieruka::diagnostic::Diagnostic::error(format!("could not write: {e}"))
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
        } => match mieruka::import::import(&content, &file, year, dry_run) {
            Ok(r) => {
                for line in &r.changes {
                    println!("{}", line.in_lang(ui.lang));
                }
                for note in &r.notes {
                    println!("{} {}", ui.say("Note:", "注意:"), note.in_lang(ui.lang));
                }
                let (n, files) = (r.changes.len(), r.files_written);
                match (dry_run, ui.lang) {
                    (true, Lang::Ja) => {
                        println!("確認のみ（--dry-run）: 変更 {n} 件。何も書き込んでいません。")
                    }
                    (true, Lang::En) => println!("Dry run: {n} change(s) found, nothing written."),
                    (false, Lang::Ja) => {
                        println!("{files} 個のファイルに {n} 件の変更を取り込みました。")
                    }
                    (false, Lang::En) => println!("Imported {n} change(s) into {files} file(s)."),
                }
                ExitCode::SUCCESS
            }
            Err(diags) => {
                report(&diags);
                let counts = summary_counts(&diags);
                match ui.lang {
                    Lang::Ja => {
                        eprintln!("取り込めませんでした（{counts}）。何も書き込んでいません。")
                    }
                    Lang::En => eprintln!("Import failed: {counts}. Nothing was written."),
                }
                ExitCode::from(EXIT_CONTENT)
            }
        },
        Command::New {
            what:
                NewCommand::Initiative {
                    slug,
                    number,
                    content,
                },
        } => match mieruka::scaffold::new_initiative(&content, &slug, number) {
            Ok(dir) => {
                match ui.lang {
                    Lang::Ja => println!(
                        "{} を作成しました。initiative.toml を記入してから `mieruka check` を実行してください。",
                        dir.display()
                    ),
                    Lang::En => println!(
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
        Command::Check { dirs } => {
            let options = dirs.options(PathBuf::from("public"));
            match mieruka::verify(&options) {
                Ok((plan, warnings)) => {
                    report(&warnings);
                    let (n, counts) = (plan.initiatives.len(), summary_counts(&warnings));
                    match ui.lang {
                        Lang::Ja => println!("{n} 件の取組項目を確認しました（{counts}）。"),
                        Lang::En => println!("Checked {n} initiatives: {counts}."),
                    }
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    report(&diags);
                    let counts = summary_counts(&diags);
                    match ui.lang {
                        Lang::Ja => eprintln!("問題が見つかりました（{counts}）。"),
                        Lang::En => eprintln!("Check failed: {counts}."),
                    }
                    ExitCode::from(EXIT_CONTENT)
                }
            }
        }
    }
}
