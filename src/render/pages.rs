//! The standalone Markdown pages, the open data page and the not-found page.

use crate::base::diagnostic::Diagnostic;
use crate::base::markdown;
use crate::base::output::OutputFile;
use crate::base::routes;
use crate::model::*;

use super::*;

impl Renderer<'_> {
    /// `404.html` at the root, in every language. A server shows it at any
    /// address, so it carries its stylesheet and icon in itself (a relative
    /// `assets/style.css` would not load from a deeper address), and its
    /// links are absolute when `base_url` is known.
    pub(super) fn not_found(&self) -> Result<OutputFile, Diagnostic> {
        use base64::Engine as _;
        use sha2::Digest as _;
        let rel = routes::NOT_FOUND;
        let site = &self.plan.site;
        let mut layout = self.layout(rel, "404".into(), String::new());
        layout.languages.clear();
        // A relative link would not work from the deeper addresses it is shown at.
        layout.feed = None;
        let base = site.base_url.clone().unwrap_or_default();
        if !base.is_empty() {
            layout.root = base.clone();
            layout.plan_root = base.clone();
            layout.lang_root = base.clone();
            layout.home = format!("{base}{}", routes::HOME);
            for link in &mut layout.nav {
                link.href = format!("{base}{}", link.href);
            }
        }
        let words: Vec<NotFoundWords> = site
            .languages
            .iter()
            .filter_map(|lang| {
                let t = self.theme.strings.get(lang)?;
                let word = |k: &str| t.get(k).cloned().unwrap_or_default();
                Some(NotFoundWords {
                    lang: lang.code(),
                    title: word("not_found_title"),
                    text: word("not_found_text"),
                    home: word("not_found_home"),
                    home_href: format!("{base}{}", routes::page(*lang, routes::HOME)),
                })
            })
            .collect();
        layout.description = words
            .iter()
            .map(|w| w.title.as_str())
            .collect::<Vec<_>>()
            .join(" / ");
        let css = self
            .theme
            .assets
            .get("style.css")
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        let hash =
            base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(css.as_bytes()));
        // The icon by its full address when the site's address is known;
        // a relative one would not load from a deeper address.
        let icon = (!base.is_empty() && self.theme.assets.contains_key("favicon.svg"))
            .then(|| format!("{base}{}", routes::asset("favicon.svg")));
        layout.inline_style = Some(InlineStyle {
            css,
            hash: format!("sha256-{hash}"),
            icon,
        });
        let view = minijinja::context! { words => view_value(&words) };
        self.render_template("404.html", rel, layout, view, "the not-found page")
    }

    /// A column of the open data and what it means, for the open data page.
    fn column(&self, c: &crate::render::data::schema::Column) -> ColumnView {
        ColumnView {
            name: c.name,
            description: self.word(&format!("col_{}", c.name)),
        }
    }

    pub(super) fn open_data(&self) -> Result<OutputFile, Diagnostic> {
        let rel = routes::OPEN_DATA_PAGE;
        let title = self.word("open_data");
        let layout = self.layout(rel, title.clone(), self.word("open_data_intro"));
        let root = layout.plan_root.clone();
        let slices_shown = self.fits_on_one_page();
        let view = OpenDataView {
            csv_href: format!("{root}{}", crate::base::routes::DATA_CSV),
            json_href: format!("{root}{}", crate::base::routes::DATA_JSON),
            package_href: format!("{root}{}", crate::base::routes::DATA_PACKAGE),
            json_schema_href: format!("{root}{}", crate::base::routes::DATA_JSON_SCHEMA),
            columns: crate::render::data::schema::INDICATORS
                .iter()
                .map(|c| self.column(c))
                .collect(),
            benchmarks_href: format!("{root}{}", crate::base::routes::DATA_BENCHMARKS_CSV),
            benchmark_columns: crate::render::data::schema::BENCHMARKS
                .iter()
                .map(|c| self.column(c))
                .collect(),
            revisions_href: format!("{root}{}", crate::base::routes::DATA_REVISIONS_CSV),
            revision_columns: crate::render::data::schema::REVISIONS
                .iter()
                .map(|c| self.column(c))
                .collect(),
            plan_revisions_href: (!self.plan.site.plan_revisions.is_empty())
                .then(|| format!("{root}{}", crate::base::routes::DATA_PLAN_REVISIONS_CSV)),
            plan_revision_columns: if self.plan.site.plan_revisions.is_empty() {
                Vec::new()
            } else {
                crate::render::data::schema::PLAN_REVISIONS
                    .iter()
                    .map(|c| self.column(c))
                    .collect()
            },
            licence: self.txt(&self.plan.site.licence),
            licence_url: self.plan.site.licence_url.clone(),
            // Whose data it is comes from site.toml (its owner), never the theme.
            licence_note: self.fill(
                "licence_note",
                // As written, readings included: the page shows them as ruby.
                &[("owner", self.plan.site.owner.get(self.lang).text)],
            ),
            more_files: crate::render::data::more_files(self.plan)
                .into_iter()
                .map(|(path, columns)| DataFileView {
                    name: path.trim_start_matches("data/"),
                    title: self.word(&format!(
                        "data_file_{}",
                        path.trim_start_matches("data/").trim_end_matches(".csv")
                    )),
                    href: format!("{root}{path}"),
                    columns: columns.iter().map(|c| self.column(c)).collect(),
                })
                .collect(),
            records: self
                .plan
                .editions
                .iter()
                .flat_map(|e| e.versions())
                .map(|v| self.record_view(v, &root, &layout.lang_root))
                .collect(),
            manifest_href: format!("{}{}", layout.root, crate::base::routes::EDITION_MANIFEST),
            slices_shown,
            slices: if slices_shown {
                self.assessed
                    .initiatives
                    .iter()
                    .map(|i| Link {
                        href: format!("{root}{}", crate::base::routes::data_slice(&i.id)),
                        label: format!(
                            "{}{} {}",
                            self.word("number_prefix"),
                            i.number,
                            self.plain(&i.title)
                        ),
                    })
                    .collect()
            } else {
                Vec::new()
            },
        };
        self.render_template(
            "opendata.html",
            rel,
            layout,
            view_value(&view),
            "the open data page",
        )
    }

    pub(super) fn page_title(&self, p: &Page) -> Txt {
        let (text, lang) = page_title(p, self.lang);
        self.fallback_txt(text, lang)
    }

    pub(super) fn page(&self, p: &Page) -> Result<OutputFile, Diagnostic> {
        let rel = routes::markdown_page(&p.slug);
        let title = self.page_title(p);
        let prose = self.prose(&p.text, title.text.clone(), 1)?;
        let html = prose
            .as_ref()
            .map(|p| markdown::strip_first_h1(&p.html))
            .unwrap_or_default();
        let layout = self.layout(&rel, title.text.clone(), title.text.clone());
        let view = PageView {
            pending: title.pending,
            title,
            html,
        };
        self.render_template(
            "page.html",
            &rel,
            layout,
            view_value(&view),
            &format!("the page {}", p.slug),
        )
    }
}
