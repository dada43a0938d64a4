//! The site layer: the rendered files checked and published.
//!
//! [`links`] checks every link of the rendered site; [`write`] stages the
//! files beside the output folder and swaps them in. [`verify`] and [`build`]
//! are the whole pipeline: check, render, then (for a build) publish.

pub mod links;
pub mod manifest;
pub mod write;

use std::time::{Duration, Instant};

use crate::base::diagnostic::Diagnostics;
use crate::base::{diagnostic, output};
use crate::check::config::BuildOptions;
use crate::check::{assess, check_site};
use crate::model::Plan;
use crate::render::{self, theme};

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub charts: usize,
    pub files: usize,
    pub elapsed: Duration,
    /// Warnings that did not stop the build (missing translations …).
    pub warnings: Diagnostics,
}

/// Checks a site before anything is written: what [`build`] would refuse,
/// [`check`] and more, for the `check` command: the pages are rendered with
/// the theme (and thrown away) so that a broken template or a link that
/// leads nowhere is found too. A green `verify` means a green build.
pub fn verify(options: &BuildOptions) -> Result<(Plan, Diagnostics), Diagnostics> {
    let (plan, finished, warnings) = check_site(options)?;
    let theme = theme::Theme::load(options.theme.as_deref())?;
    manifest::guard(&options.output, &plan, &finished)?;
    let checker = links::Checker::default();
    let earlier: Vec<_> = finished
        .iter()
        .map(|f| (f.id.as_str(), assess::assess(&f.plan)))
        .collect();
    render::render_site(
        &assess::assess(&plan),
        &earlier,
        &theme,
        &Checked {
            checker: &checker,
            staging: None,
        },
    )?;
    checker.finish()?;
    Ok((plan, warnings))
}

/// Builds the site: check, render, and publish into the output folder. On any
/// error nothing in the output folder changes.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    // A build killed mid-swap may have left the old site aside: put it back first,
    // whatever happens to this build.
    write::recover(&options.output);
    let (plan, finished, warnings) = check_site(options)?;
    let theme = theme::Theme::load(options.theme.as_deref())?;
    guard_output(options)?;
    manifest::guard(&options.output, &plan, &finished)?;
    // Files go straight to the staging folder as they are rendered; nothing of
    // the site is held in memory. Any error drops the staging folder.
    let staging = write::Staging::begin(&options.output)?;
    let checker = links::Checker::default();
    let sink = Checked {
        checker: &checker,
        staging: Some(&staging),
    };
    let assessed = assess::assess(&plan);
    let earlier: Vec<_> = finished
        .iter()
        .map(|f| (f.id.as_str(), assess::assess(&f.plan)))
        .collect();
    let stats = render::render_site(&assessed, &earlier, &theme, &sink);
    // A file that could not be written comes first: the links of a site
    // that was not written whole say nothing.
    staging.written()?;
    let stats = stats?;
    checker.finish()?;
    staging.commit()?;
    Ok(BuildReport {
        pages: stats.pages,
        charts: stats.charts,
        files: stats.files,
        elapsed: start.elapsed(),
        warnings,
    })
}

/// Each rendered file is link-checked and, in a build, written to the
/// staging folder.
struct Checked<'a> {
    checker: &'a links::Checker,
    staging: Option<&'a write::Staging>,
}

impl output::Sink for Checked<'_> {
    fn put(&self, file: output::OutputFile) -> Result<(), diagnostic::Diagnostic> {
        self.checker.record(&file);
        match self.staging {
            Some(staging) => staging.put(&file),
            None => Ok(()),
        }
    }

    fn put_streamed(
        &self,
        path: &str,
        write: &mut output::StreamFn,
    ) -> Result<(), diagnostic::Diagnostic> {
        self.checker.record_path(path);
        match self.staging {
            Some(staging) => staging.put_streamed(path, write),
            None => write(&mut std::io::sink()).map_err(|e| {
                diagnostic::Diagnostic::error(format!("could not make {path}: {e}"))
                    .ja(format!("{path} を作れませんでした（{e}）"))
            }),
        }
    }
}

/// The output folder is replaced whole, so it must not hold the content or theme.
fn guard_output(options: &BuildOptions) -> Result<(), Diagnostics> {
    let abs = |p: &std::path::Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let output = abs(&options.output);
    let mut inputs = vec![abs(&options.content)];
    inputs.extend(options.theme.as_deref().map(abs));
    if let Ok(cwd) = std::env::current_dir()
        && cwd.starts_with(&output)
    {
        inputs.push(cwd);
    }
    for input in inputs {
        if input.starts_with(&output) {
            return Err(diagnostic::Diagnostic::error(format!(
                "the output folder {} contains {}; building would replace it",
                output.display(),
                input.display()
            ))
            .ja(format!(
                "出力フォルダー {} の中に {} があるため、作成すると消えてしまいます",
                output.display(),
                input.display()
            ))
            .help("choose an output folder of its own, e.g. --output public")
            .ja_help("専用の出力フォルダーを指定してください（例：--output public）")
            .into());
        }
    }
    Ok(())
}
