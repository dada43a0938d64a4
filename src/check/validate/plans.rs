//! Several plans in one content folder: the current plan (in `site.toml`)
//! and the finished plans of `plans/<id>/plan.toml` must follow each other,
//! and a finished plan keeps its final report.

use super::*;
use crate::check::config::PlanFolder;

/// Checks the periods of the plans against each other.
pub(super) fn check_plans(current: &SiteFile, finished: &[PlanFolder]) -> Diagnostics {
    let mut out = Diagnostics::default();
    let (first, last) = (current.first_year(), current.last_year());
    // Sorted by period, so that an overlap is reported on the later plan.
    let mut by_period: Vec<&PlanFolder> = finished.iter().collect();
    by_period.sort_by_key(|p| (p.file.first_year(), p.file.last_year()));
    for p in &by_period {
        let f = &p.file;
        let id = &p.id;
        let (pf, pl) = (f.first_year(), f.last_year());
        if pl >= first {
            let span = f.config.plan.last_year.span();
            let both = pf <= last;
            out.push(
                f.error_at(
                    span,
                    if both {
                        format!(
                            "the finished plan plans/{id}/ (FY{pf}–FY{pl}) overlaps the current plan of site.toml (FY{first}–FY{last})"
                        )
                    } else {
                        format!(
                            "the finished plan plans/{id}/ (FY{pf}–FY{pl}) ends after the current plan of site.toml starts (FY{first}–FY{last})"
                        )
                    },
                )
                .field("plan.last_year")
                .ja(format!(
                    "終わった計画 plans/{id}/（{pf}–{pl}年度）の期間が、site.toml の今の計画（{first}–{last}年度）と重なっています"
                ))
                .help(format!(
                    "a plan in plans/ has finished before the current plan began: its last_year must be before {first}. If plans/{id}/ is the current plan, keep it in site.toml, initiatives/ and editions/ instead (two plans cannot both be current)"
                ))
                .ja_help(format!(
                    "plans/ には今の計画より前に終わった計画を置きます。last_year を {first} より前にしてください。plans/{id}/ が今の計画なら、site.toml・initiatives/・editions/ に置いてください（今の計画は一つだけです）"
                )),
            );
        }
        let latest = f.latest_year();
        if latest != pl && (pf..=pl).contains(&latest) {
            out.push(
                Diagnostic::warning(format!(
                    "the finished plan plans/{id}/ was reviewed up to FY{latest}, not to its last year FY{pl}"
                ))
                .ja(format!(
                    "終わった計画 plans/{id}/ の実績が {latest}年度までで、最後の {pl}年度まで入っていません"
                ))
                .in_file(&f.path)
                .at(&f.source, f.config.latest_reviewed_year.span())
                .field("latest_reviewed_year")
                .help(format!(
                    "enter the actuals of FY{pl} and set latest_reviewed_year = {pl}, so that the plan keeps its final report"
                ))
                .ja_help(format!(
                    "{pl}年度の実績を入れて latest_reviewed_year = {pl} にしてください。終わった計画は最終の報告を残します"
                )),
            );
        }
    }
    for pair in by_period.windows(2) {
        let (a, b) = (&pair[0].file, &pair[1].file);
        if b.first_year() <= a.last_year() {
            out.push(
                b.error_at(
                    b.config.plan.first_year.span(),
                    format!(
                        "the plan plans/{}/ (FY{}–FY{}) overlaps the plan plans/{}/ (FY{}–FY{})",
                        pair[1].id,
                        b.first_year(),
                        b.last_year(),
                        pair[0].id,
                        a.first_year(),
                        a.last_year()
                    ),
                )
                .field("plan.first_year")
                .ja(format!(
                    "計画 plans/{}/（{}–{}年度）の期間が、計画 plans/{}/（{}–{}年度）と重なっています",
                    pair[1].id,
                    b.first_year(),
                    b.last_year(),
                    pair[0].id,
                    a.first_year(),
                    a.last_year()
                ))
                .help(format!(
                    "each plan begins after the one before it has ended: make first_year later than {}",
                    a.last_year()
                ))
                .ja_help(format!(
                    "計画は前の計画が終わってから始まります。first_year を {} より後にしてください",
                    a.last_year()
                )),
            );
        }
    }
    out
}
