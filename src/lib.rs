//! mieruka (見える化): a static site generator that publishes a city's plan and
//! its yearly progress as a bilingual (Japanese / English) website with an SVG
//! chart per indicator.
//!
//! The build is a pipeline whose stages are the modules below, in order:
//! [`config`] (site.toml) → [`load`] (walk and parse `content/`) →
//! [`validate`] (cross-check into a [`model::Plan`]) → [`assess`] (was each
//! target met? worked out once, into an [`assess::Assessed`] plan) →
//! [`chart`] and [`render`] (pages and SVGs) → [`write`]
//! (stage and swap into the output folder).

pub mod assess;
pub mod changes;
pub mod chart;
pub mod config;
pub mod data;
pub mod diagnostic;
pub mod editor;
pub mod import;
pub mod issue;
pub mod links;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod review;
pub mod routes;
pub mod scaffold;
pub mod serve;
pub mod source;
pub mod text;
pub mod theme;
pub mod validate;
pub mod write;

use std::time::{Duration, Instant};

pub use config::BuildOptions;
use diagnostic::Diagnostics;
use model::Plan;

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

/// Reads, checks and reviews the content without writing anything.
/// Returns the plan and its warnings, or every problem found.
pub fn check(options: &BuildOptions) -> Result<(Plan, Diagnostics), Diagnostics> {
    let site = config::load_site(&options.content)?;
    check_with(site, &options.content, options.strict, |then| {
        load::load_with(&options.content, then)
    })
}

/// Checks a site before anything is written: what [`build`] would refuse,
/// [`check`] and more, for the `check` command: the pages are rendered with
/// the theme (and thrown away) so that a broken template or a link that
/// leads nowhere is found too. A green `verify` means a green build.
pub fn verify(options: &BuildOptions) -> Result<(Plan, Diagnostics), Diagnostics> {
    let (plan, warnings) = check(options)?;
    let theme = theme::Theme::load(options.theme.as_deref())?;
    let checker = links::Checker::default();
    render::render(
        &assess::assess(&plan),
        &theme,
        &Checked {
            checker: &checker,
            staging: None,
        },
    )?;
    checker.finish()?;
    Ok((plan, warnings))
}

/// What an initiative is turned into as soon as it is read: the checked
/// initiative and its review warnings.
pub type CheckedInitiative = (model::Initiative, Diagnostics);

/// The one check pipeline, used by every command and by the fuzz harness:
/// checks `site`, then each initiative that `read` reads (handed to `then`
/// as soon as it is read, so that its source can be let go), then the plan
/// as a whole, then reviews it. `content` is the folder `site` came from.
pub fn check_with<R>(
    site: config::SiteFile,
    content_dir: &std::path::Path,
    strict: bool,
    read: R,
) -> Result<(Plan, Diagnostics), Diagnostics>
where
    R: FnOnce(
        &(dyn Fn(load::LoadedInitiative, &mut Diagnostics) -> Option<CheckedInitiative> + Sync),
    ) -> (load::Content<CheckedInitiative>, Diagnostics),
{
    let mut diags = Diagnostics::default();
    let model = validate::site(&site, &mut diags);
    // Each initiative is checked and reviewed as soon as it is read; then its
    // commentary is let go (read again, and verified, when its page is
    // rendered), so only the checked plan stays in memory.
    let then = |loaded: load::LoadedInitiative, diags: &mut Diagnostics| {
        let mut initiative = validate::initiative(&model, loaded, diags)?;
        let review = review::initiative(&model, &initiative);
        for text in initiative.commentary.values_mut() {
            text.release();
        }
        Some((initiative, review))
    };
    let (content, found) = read(&then);
    drop(site);
    diags.extend(found);
    let mut reviews = Diagnostics::default();
    // Kept in the list they came in (no second list of 10,000 initiatives).
    let initiatives = content
        .initiatives
        .into_iter()
        .map(|(initiative, review)| {
            reviews.extend(review);
            initiative
        })
        .collect();
    let content = load::Content {
        initiatives,
        pages: content.pages,
    };
    let editions = load::load_editions(content_dir, &mut diags);
    let mut warnings = Diagnostics::default();
    let plan = match validate::finish(model, content, editions, diags) {
        Ok((plan, found)) => {
            warnings.extend(found);
            // Shown only when there is no error, like every review warning.
            warnings.extend(review::site(&plan.site, content_dir));
            warnings.extend(review::revisions(&plan));
            warnings.extend(reviews);
            Some(plan)
        }
        Err(errors) => {
            warnings.extend(errors);
            None
        }
    };
    let mut diags = warnings;
    if strict {
        diags.promote_warnings();
    }
    diags.sort();
    match plan {
        Some(plan) if !diags.has_errors() => Ok((plan, diags)),
        _ => Err(diags),
    }
}

/// Builds the site: check, render, and publish into the output folder. On any
/// error nothing in the output folder changes.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    // A build killed mid-swap may have left the old site aside: put it back first,
    // whatever happens to this build.
    write::recover(&options.output);
    let (plan, warnings) = check(options)?;
    let theme = theme::Theme::load(options.theme.as_deref())?;
    guard_output(options)?;
    // Files go straight to the staging folder as they are rendered; nothing of
    // the site is held in memory. Any error drops the staging folder.
    let staging = write::Staging::begin(&options.output)?;
    let checker = links::Checker::default();
    let sink = Checked {
        checker: &checker,
        staging: Some(&staging),
    };
    let assessed = assess::assess(&plan);
    let stats = render::render(&assessed, &theme, &sink);
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
