//! The sitemap and robots.txt.

use crate::base::markdown::escape_html;
use crate::base::output::OutputFile;
use crate::base::routes;

use super::*;

impl Renderer<'_> {
    /// `robots.txt` always; `sitemap.xml` when `base_url` gives the absolute
    /// addresses a sitemap requires, with `hreflang` alternates per page.
    pub(super) fn sitemap(&self) -> Vec<OutputFile> {
        let site = &self.plan.site;
        let Some(base) = &site.base_url else {
            return vec![OutputFile {
                path: routes::ROBOTS.into(),
                bytes: b"User-agent: *\nAllow: /\n".to_vec(),
            }];
        };
        let mut dated = sitemap_entries(self.assessed, "");
        for (id, assessed) in self.place.earlier {
            dated.extend(sitemap_entries(assessed, &routes::plan_prefix(id)));
        }
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
        );
        for (prefix, rel, date) in &dated {
            for &lang in &site.languages {
                let loc = escape_html(&format!("{base}{prefix}{}", routes::page(lang, rel)));
                xml.push_str(&format!("  <url>\n    <loc>{loc}</loc>\n"));
                if let Some(d) = date {
                    xml.push_str(&format!("    <lastmod>{}</lastmod>\n", d.iso()));
                }
                // Easy Japanese has no language tag of its own: no alternate.
                for (alt, hreflang) in site
                    .languages
                    .iter()
                    .filter_map(|l| Some((*l, l.hreflang()?)))
                {
                    let href = escape_html(&format!("{base}{prefix}{}", routes::page(alt, rel)));
                    xml.push_str(&format!(
                        "    <xhtml:link rel=\"alternate\" hreflang=\"{hreflang}\" href=\"{href}\"/>\n"
                    ));
                }
                xml.push_str("  </url>\n");
            }
        }
        xml.push_str("</urlset>\n");
        vec![
            OutputFile {
                path: routes::ROBOTS.into(),
                bytes: format!(
                    "User-agent: *\nAllow: /\nSitemap: {base}{}\n",
                    routes::SITEMAP
                )
                .into_bytes(),
            },
            OutputFile {
                path: routes::SITEMAP.into(),
                bytes: xml.into_bytes(),
            },
        ]
    }
}

/// A plan's pages for the sitemap, under `prefix`: every page it makes
/// (the same jobs as the build), each with its date: an edition's pages
/// that of the edition, the others that of the latest edition. The pages
/// that send the reader on and the not-found page are not listed.
fn sitemap_entries(
    assessed: &crate::check::assess::Assessed,
    prefix: &str,
) -> Vec<(String, String, Option<crate::model::Date>)> {
    let plan = assessed.plan;
    let site = &plan.site;
    let Some(&first) = site.languages.first() else {
        return Vec::new();
    };
    let latest = plan.latest_edition().map(|e| e.date);
    let mut seen = std::collections::BTreeSet::new();
    let mut dated = Vec::new();
    for job in super::jobs::jobs(assessed, !prefix.is_empty(), false) {
        if job.lang() != first || matches!(job, Job::NotFound | Job::Moved(..)) {
            continue;
        }
        let Some(rel) = job.page(site.latest_year) else {
            continue;
        };
        let date = match &job {
            Job::Edition(_, e) | Job::EditionShortfalls(_, e) | Job::EditionInitiative(_, e, _) => {
                Some(e.date)
            }
            _ => latest,
        };
        if seen.insert(rel.clone()) {
            dated.push((prefix.to_string(), rel, date));
        }
    }
    dated
}
