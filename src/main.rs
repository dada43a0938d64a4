//! The `mieruka` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use mieruka::BuildOptions;
use mieruka::diagnostic::Diagnostics;

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
    /// Write a spreadsheet (CSV) of a fiscal year's targets to fill in the actuals.
    Export {
        /// Fiscal year (Gregorian start year: 2025 for 令和7年度).
        #[arg(long)]
        year: i32,
        /// File to write; standard output when left out.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Read a filled-in spreadsheet back into the content.
    Import {
        /// The CSV file (UTF-8, or Shift_JIS as saved by Excel).
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
             The output folder was not changed. Please report this with the content that caused it."
        );
    }));
    let cli = Cli::parse();
    match std::panic::catch_unwind(move || run(cli)) {
        Ok(code) => code,
        Err(_) => ExitCode::from(EXIT_INTERNAL),
    }
}

fn report(diags: &Diagnostics) {
    for d in diags.iter() {
        eprintln!("{}", d.render());
    }
}

fn summary_counts(diags: &Diagnostics) -> String {
    let (e, w) = (diags.errors(), diags.warnings());
    format!(
        "{e} error{}, {w} warning{}",
        if e == 1 { "" } else { "s" },
        if w == 1 { "" } else { "s" }
    )
}

fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build { dirs, output } => {
            let options = dirs.options(output);
            match mieruka::build(&options) {
                Ok(r) => {
                    report(&r.warnings);
                    println!(
                        "Built {} pages and {} charts into {} in {:.2} s ({} warning{}).",
                        r.pages,
                        r.charts,
                        options.output.display(),
                        r.elapsed.as_secs_f64(),
                        r.warnings.warnings(),
                        if r.warnings.warnings() == 1 { "" } else { "s" }
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    report(&diags);
                    eprintln!(
                        "Build failed: {}. {} was left unchanged.",
                        summary_counts(&diags),
                        options.output.display()
                    );
                    ExitCode::from(EXIT_CONTENT)
                }
            }
        }
        Command::Serve { dirs, port } => {
            let options = dirs.options(PathBuf::from("public"));
            let ready = |addr: &str| {
                println!(
                    "Serving the site at {addr} (Ctrl+C to stop). Edit content/ and the page reloads."
                );
            };
            match mieruka::serve::serve(&options, port, &ready) {
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
        } => match mieruka::import::export(&content, year) {
            Ok(bytes) => {
                let written = match &output {
                    Some(path) => std::fs::write(path, &bytes).map_err(|e| {
                        mieruka::source::io_error(path, "could not write the file", &e)
                    }),
                    None => {
                        std::io::Write::write_all(&mut std::io::stdout(), &bytes).map_err(|e| {
                            mieruka::diagnostic::Diagnostic::error(format!("could not write: {e}"))
                        })
                    }
                };
                match written {
                    Ok(()) => {
                        if let Some(path) = output {
                            eprintln!("Wrote {}.", path.display());
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
                    println!("{line}");
                }
                if dry_run {
                    println!(
                        "Dry run: {} change(s) found, nothing written.",
                        r.changes.len()
                    );
                } else {
                    println!(
                        "Imported {} change(s) into {} file(s).",
                        r.changes.len(),
                        r.files_written
                    );
                }
                ExitCode::SUCCESS
            }
            Err(diags) => {
                report(&diags);
                eprintln!(
                    "Import failed: {}. Nothing was written.",
                    summary_counts(&diags)
                );
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
                println!(
                    "Created {}. Fill in initiative.toml, then run `mieruka check`.",
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(diags) => {
                report(&diags);
                ExitCode::from(EXIT_CONTENT)
            }
        },
        Command::Check { dirs } => {
            let options = dirs.options(PathBuf::from("public"));
            match mieruka::check(&options) {
                Ok((plan, warnings)) => {
                    report(&warnings);
                    println!(
                        "Checked {} initiatives: {}.",
                        plan.initiatives.len(),
                        summary_counts(&warnings)
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    report(&diags);
                    eprintln!("Check failed: {}.", summary_counts(&diags));
                    ExitCode::from(EXIT_CONTENT)
                }
            }
        }
    }
}
