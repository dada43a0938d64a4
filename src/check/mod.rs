//! The check layer: from the content folder to a checked [`Plan`].
//!
//! [`config`] (site.toml) → [`load`] (walk and parse `content/`) →
//! [`validate`] (cross-check into a [`Plan`]) → [`review`] (editorial
//! warnings); [`assess`] and [`changes`] are pure functions of the checked
//! plan (was a target met, what moved) that the later layers call.

pub mod assess;
pub mod changes;
pub mod config;
pub mod load;
pub mod review;
pub mod validate;

use crate::base::diagnostic::Diagnostics;
use crate::model::{self, Plan};
use config::BuildOptions;

/// Reads, checks and reviews the content without writing anything.
/// Returns the plan and its warnings, or every problem found.
pub fn check(options: &BuildOptions) -> Result<(Plan, Diagnostics), Diagnostics> {
    let site = config::load_site(&options.content)?;
    let published = published_records(options, None);
    check_plan_with(
        site,
        &options.content,
        options.strict,
        false,
        Some(&published),
        |then| load::load_with(&options.content, then),
    )
}

/// Where the output folder holds the records it published: a record
/// changed since is compared with its published copy, to name the line.
fn published_records(options: &BuildOptions, plan: Option<&str>) -> std::path::PathBuf {
    let mut dir = options.output.clone();
    if let Some(id) = plan {
        dir.push(crate::base::routes::plan_prefix(id));
    }
    dir.join(crate::base::routes::EDITION_RECORDS)
}

/// The whole site: the current plan (whose pages are at the site's own
/// addresses) and the finished plans of `content/plans/` (each under
/// `plans/<id>/`), checked, with the warnings of all of them.
pub fn check_site(
    options: &BuildOptions,
) -> Result<(Plan, Vec<model::FinishedPlan>, Diagnostics), Diagnostics> {
    let site = config::load_site(&options.content)?;
    let folders = match config::load_plans(&site, &options.content) {
        Ok(folders) => folders,
        Err(errors) => {
            let mut diags = Diagnostics(errors);
            diags.sort();
            return Err(diags);
        }
    };
    let mut diags = validate::plans(&site, &folders);
    if options.strict {
        diags.promote_warnings();
    }
    let current = check(options);
    let mut finished = Vec::with_capacity(folders.len());
    for folder in folders {
        let dir = folder.dir.clone();
        let published = published_records(options, Some(&folder.id));
        let checked = check_plan_with(
            folder.file,
            &dir,
            options.strict,
            true,
            Some(&published),
            |then| load::load_with(&dir, then),
        );
        match checked {
            Ok((plan, warnings)) => {
                diags.extend(warnings);
                finished.push(model::FinishedPlan {
                    id: folder.id,
                    plan,
                });
            }
            Err(errors) => diags.extend(errors),
        }
    }
    // Oldest first, whatever the folders are called.
    finished.sort_by_key(|f| f.plan.site.first_year);
    let plan = match current {
        Ok((plan, warnings)) => {
            diags.extend(warnings);
            Some(plan)
        }
        Err(errors) => {
            diags.extend(errors);
            None
        }
    };
    diags.sort();
    match plan {
        Some(plan) if !diags.has_errors() => Ok((plan, finished, diags)),
        _ => Err(diags),
    }
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
    check_plan_with(site, content_dir, strict, false, None, read)
}

/// [`check_with`] for the current plan (`finished` false) or a finished
/// plan of `plans/<id>/` (`finished` true: its site-wide settings are those
/// of `site.toml`, checked and reviewed with the current plan, so their
/// messages are not repeated here; its own settings are in `plan.toml`).
fn check_plan_with<R>(
    site: config::SiteFile,
    content_dir: &std::path::Path,
    strict: bool,
    finished: bool,
    published: Option<&std::path::Path>,
    read: R,
) -> Result<(Plan, Diagnostics), Diagnostics>
where
    R: FnOnce(
        &(dyn Fn(load::LoadedInitiative, &mut Diagnostics) -> Option<CheckedInitiative> + Sync),
    ) -> (load::Content<CheckedInitiative>, Diagnostics),
{
    let settings = site.path.clone();
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
    let editions = load::load_editions(content_dir, published, &mut diags);
    let mut warnings = Diagnostics::default();
    let plan = match validate::finish(model, content, editions, diags) {
        Ok((plan, found)) => {
            warnings.extend(found);
            // Shown only when there is no error, like every review warning.
            warnings.extend(review::settings(&plan.site, &settings));
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
    if finished {
        diags
            .0
            .retain(|d| !d.field.as_deref().is_some_and(config::is_site_wide_field));
    }
    if strict {
        diags.promote_warnings();
    }
    diags.sort();
    match plan {
        Some(plan) if !diags.has_errors() => Ok((plan, diags)),
        _ => Err(diags),
    }
}
