//! The Atom feed (RFC 4287) of a language: one entry per issued edition,
//! dated by the edition (never by the clock), newest first.

use crate::base::markdown::escape_html;
use crate::base::output::OutputFile;
use crate::base::routes;
use crate::model::Date;

use super::*;

/// An edition's date as an Atom date: the start of that day in Japan.
fn atom_date(d: Date) -> String {
    format!("{}T00:00:00+09:00", d.iso())
}

impl Renderer<'_> {
    pub(super) fn feed(&self) -> OutputFile {
        let site = &self.plan.site;
        let path = routes::page(self.lang, routes::FEED);
        // Addresses: absolute with base_url; else relative to the feed.
        let href = |rel: &str| match &site.base_url {
            Some(b) => format!("{b}{}", routes::page(self.lang, rel)),
            None => rel.to_string(),
        };
        // Ids are names, not addresses (RFC 4287 §4.2.6: an entry's id never
        // changes, even when the entry moves): made of the language and the
        // edition's year alone, fixed when the edition is first issued, the
        // same whether or not base_url is set and after `new plan` moves the
        // edition under plans/<id>/ (no two plans report on the same year).
        let id = |what: &str| format!("urn:mieruka:{}:{what}", self.lang.code());
        let title = format!("{} — {}", self.txt(&site.title).text, self.word("editions"));
        // The editions of every plan: the current plan's, then each
        // finished plan's (under its prefix, named with its plan).
        let mut editions: Vec<(String, Option<String>, &Edition)> = self
            .plan
            .editions
            .iter()
            .rev()
            .map(|e| (String::new(), None, e))
            .collect();
        for (id, a) in self.place.earlier.iter().rev() {
            let plan = self.txt(&a.plan.site.plan_name).text;
            editions.extend(
                a.plan
                    .editions
                    .iter()
                    .rev()
                    .map(|e| (routes::plan_prefix(id), Some(plan.clone()), e)),
            );
        }
        let updated = editions
            .iter()
            .map(|(_, _, e)| e.date)
            .max()
            .map(atom_date)
            .unwrap_or_default();
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.push_str(&format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
            self.lang.code()
        ));
        xml.push_str(&format!("  <title>{}</title>\n", escape_html(&title)));
        xml.push_str(&format!("  <id>{}</id>\n", escape_html(&id(routes::FEED))));
        xml.push_str(&format!("  <updated>{updated}</updated>\n"));
        xml.push_str(&format!(
            "  <author><name>{}</name></author>\n",
            escape_html(&self.txt(&site.owner).text)
        ));
        xml.push_str(&format!(
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
            escape_html(&href(routes::FEED))
        ));
        xml.push_str(&format!(
            "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape_html(&href(routes::CHANGES_PAGE))
        ));
        for (prefix, plan, e) in editions {
            let rel = routes::edition(e.year);
            // A finished plan's edition: from the site's root, under its prefix.
            let link = match (&site.base_url, prefix.is_empty()) {
                (_, true) => href(&rel),
                (Some(b), false) => format!("{b}{prefix}{}", routes::page(self.lang, &rel)),
                (None, false) => format!(
                    "{}{prefix}{}",
                    routes::to_root(&path),
                    routes::page(self.lang, &rel)
                ),
            };
            let name = self.edition_name(e);
            let title = match plan {
                Some(plan) => format!("{name} — {plan}"),
                None => name.clone(),
            };
            let date = self.date(e.date);
            let mut summary = self.fill("feed_entry", &[("edition", &name), ("date", &date)]);
            for r in self.edition_replaced(e) {
                summary.push(' ');
                summary.push_str(&r);
            }
            // The record's SHA-256, to check the file downloaded from data/editions/.
            summary.push(' ');
            summary.push_str(&self.fill(
                "feed_record",
                &[
                    (
                        "file",
                        &format!(
                            "{prefix}{}",
                            crate::render::records::version_path(e.year, e.version)
                        ),
                    ),
                    ("digest", e.digest.hex()),
                ],
            ));
            let first = e.replaced.first().map_or(e.date, |r| r.date);
            xml.push_str("  <entry>\n");
            xml.push_str(&format!("    <title>{}</title>\n", escape_html(&title)));
            xml.push_str(&format!(
                "    <id>{}</id>\n",
                escape_html(&id(&format!("editions/{}", e.year)))
            ));
            xml.push_str(&format!(
                "    <published>{}</published>\n",
                atom_date(first)
            ));
            xml.push_str(&format!("    <updated>{}</updated>\n", atom_date(e.date)));
            xml.push_str(&format!(
                "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                escape_html(&link)
            ));
            xml.push_str(&format!(
                "    <summary>{}</summary>\n",
                escape_html(&summary)
            ));
            xml.push_str("  </entry>\n");
        }
        xml.push_str("</feed>\n");
        OutputFile {
            path,
            bytes: xml.into_bytes(),
        }
    }
}
