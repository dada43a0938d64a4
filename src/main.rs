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
