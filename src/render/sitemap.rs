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

/// A plan's pages for the sitemap, under `prefix`, each with its date: the
/// current pages that of the latest edition, an edition's pages their own.
fn sitemap_entries(
    assessed: &crate::check::assess::Assessed,
    prefix: &str,
) -> Vec<(String, String, Option<crate::model::Date>)> {
    let plan = assessed.plan;
    let site = &plan.site;
    let mut rels = vec![
        routes::HOME.to_string(),
        routes::OPEN_DATA_PAGE.to_string(),
        routes::CHANGES_PAGE.to_string(),
    ];
    rels.extend(
        assessed
            .initiatives
            .iter()
            .map(|i| routes::initiative(&i.id)),
    );
    rels.extend(plan.pages.iter().map(|p| routes::markdown_page(&p.slug)));
    rels.extend(site.reviewed_years().map(routes::shortfalls));
    rels.extend(
        site.reviewed_years()
            .filter(|y| *y != site.latest_year)
            .map(|y| routes::dashboard(y, site.latest_year)),
    );
    let latest = plan.latest_edition().map(|e| e.date);
    let mut dated: Vec<(String, String, Option<crate::model::Date>)> = rels
        .into_iter()
        .map(|rel| (prefix.to_string(), rel, latest))
        .collect();
    for current in &plan.editions {
        for e in current.versions() {
            let date = Some(e.date);
            let v = (e.version != current.version).then_some(e.version);
            let mut push = |rel: String| dated.push((prefix.to_string(), rel, date));
            push(routes::edition_version(e.year, v));
            push(routes::edition_version_shortfalls(e.year, v));
            for i in &e.initiatives {
                push(routes::edition_version_initiative(e.year, v, &i.id));
            }
        }
    }
    dated
}
