//! Turns the assessed plan into pages and charts, in every language.
//!
//! Templates get a prepared view (the `*View` structs of `views.rs`): every word is
//! already in the page's language, every figure formatted, every link
//! relative. Templates only lay the view out.
//!
//! One module per job: [`jobs`] says what is rendered, [`env`] holds the
//! templates, [`views`] the prepared views, [`format`] the words and
//! figures; then one module per kind of page.

mod addresses;
mod changes;
pub mod chart;
mod charts;
pub mod data;
mod editions;
mod env;
mod feed;
mod format;
mod initiative;
mod jobs;
mod listing;
mod overview;
mod pages;
mod plan_revisions;
pub mod records;
mod scales;
mod shortfalls;
mod sitemap;
pub mod theme;
mod views;

use std::collections::BTreeMap;

use minijinja::value::Serde;
use minijinja::{Environment, Value};
use serde::Serialize;

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::output::{OutputFile, Sink};
use crate::base::routes;
use crate::base::text::Lang;
use crate::check::assess::Assessed;
use crate::model::*;
use crate::render::theme::Theme;

use rayon::prelude::*;

use env::*;
use format::{circled, qr_svg, svg_size};
use jobs::*;
use views::*;

/// What a render produced (the files themselves went to the sink).
#[derive(Debug, Default)]
pub struct RenderStats {
    pub pages: usize,
    pub charts: usize,
    pub files: usize,
}

/// Renders every page and chart of the plan with the theme, handing each file
/// to `sink` as soon as it is made (pages in parallel; nothing is kept).
pub fn render(
    assessed: &Assessed,
    theme: &Theme,
    sink: &dyn Sink,
) -> Result<RenderStats, Diagnostics> {
    render_site(assessed, &[], theme, sink)
}

/// Renders the current plan at the site's own addresses and each finished
/// plan (`earlier`: its folder name, newest or oldest first as given) by the
/// same renderer under `plans/<id>/`: the same kinds of pages, charts and
/// data, each page saying that its plan has finished. The files of the whole
/// site (sitemap, robots.txt, the feeds, 404, assets) are made once, with the
/// current plan, and cover every plan.
pub fn render_site(
    current: &Assessed,
    earlier: &[(&str, Assessed)],
    theme: &Theme,
    sink: &dyn Sink,
) -> Result<RenderStats, Diagnostics> {
    let env = environment(theme)?;
    let feed = !current.plan.editions.is_empty()
        || earlier.iter().any(|(_, a)| !a.plan.editions.is_empty());
    let site = &current.plan.site;
    // Every address published keeps answering (`addresses`): each plan's
    // pages, its withdrawn initiatives, and the finished plans' pages at
    // the root, newest plan first.
    let pages = |a: &Assessed, finished: bool, moved: &[addresses::Moved]| {
        let mut pages = addresses::pages(&jobs(a, finished, feed), a.plan.site.latest_year);
        pages.extend(moved.iter().map(|m| routes::page(m.lang, &m.rel)));
        pages
    };
    let mut newest_first: Vec<&(&str, Assessed)> = earlier.iter().collect();
    newest_first.sort_by_key(|(_, a)| std::cmp::Reverse(a.plan.site.first_year));
    let finished: Vec<(
        &str,
        Vec<addresses::Moved>,
        std::collections::BTreeSet<String>,
    )> = newest_first
        .iter()
        .map(|(id, a)| {
            let moved = addresses::withdrawn(a);
            let pages = pages(a, true, &moved);
            (*id, moved, pages)
        })
        .collect();
    let mut moved = addresses::withdrawn(current);
    let current_pages = pages(current, false, &moved);
    let owed = addresses::earlier(
        &current_pages,
        &finished
            .iter()
            .map(|(id, _, pages)| (*id, pages.clone()))
            .collect::<Vec<_>>(),
    );
    moved.extend(owed.moved);
    let place = Place {
        id: format!("{}-{}", site.first_year, site.last_year),
        prefix: String::new(),
        current: None,
        earlier,
        feed,
        reused: &owed.reused,
    };
    let recording = addresses::Recording {
        sink,
        paths: Default::default(),
    };
    let mut stats = render_plan(current, theme, &env, &recording, &place, &moved)?;
    for file in records::files(current.plan) {
        stats.count(&file.path);
        recording.put(file)?;
    }
    let mut taken = recording
        .paths
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let none = BTreeMap::new();
    for (id, moved, pages) in &finished {
        let Some((_, assessed)) = earlier.iter().find(|(i, _)| i == id) else {
            continue;
        };
        let prefix = routes::plan_prefix(id);
        let place = Place {
            id: id.to_string(),
            prefix: prefix.clone(),
            current: Some(current.plan),
            earlier: &[],
            feed,
            reused: &none,
        };
        let relay = addresses::Relay {
            prefix: &prefix,
            sink,
            pages,
            taken: &taken,
            copied: Default::default(),
        };
        stats.add(&render_plan(assessed, theme, &env, &relay, &place, moved)?);
        for file in records::files(assessed.plan) {
            stats.count(&file.path);
            relay.put(file)?;
        }
        let copied = relay
            .copied
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for path in &copied {
            stats.count(path);
        }
        taken.extend(copied);
    }
    let current_id = format!("{}-{}", site.first_year, site.last_year);
    let prefixes: Vec<String> = earlier
        .iter()
        .map(|(id, _)| routes::plan_prefix(id))
        .collect();
    let mut plans = vec![(current_id.as_str(), "", current.plan)];
    plans.extend(
        earlier
            .iter()
            .zip(&prefixes)
            .map(|((id, a), prefix)| (*id, prefix.as_str(), a.plan)),
    );
    if let Some(file) = records::manifest(&plans) {
        stats.count(&file.path);
        sink.put(file)?;
    }
    for (name, bytes) in &theme.assets {
        let file = OutputFile {
            path: routes::asset(name),
            bytes: bytes.clone(),
        };
        stats.count(&file.path);
        sink.put(file)?;
    }
    Ok(stats)
}

/// Where a plan's pages are, and the other plans its pages link.
struct Place<'a> {
    /// The plan's id: a finished plan's folder in `plans/`, the current
    /// plan's period (`2022-2026`, the folder `new plan` will move it to).
    id: String,
    /// `""` for the current plan; `plans/<id>/` for a finished one.
    prefix: String,
    /// For a finished plan: the current plan (its home is the site's home).
    current: Option<&'a Plan>,
    /// For the current plan: the finished plans.
    earlier: &'a [(&'a str, Assessed<'a>)],
    /// Whether the site has feeds (an edition of any plan was issued).
    feed: bool,
    /// For the current plan: its pages at addresses a finished plan had,
    /// and that plan's id.
    reused: &'a BTreeMap<String, String>,
}

impl Place<'_> {
    fn finished(&self) -> bool {
        self.current.is_some()
    }
}

fn render_plan(
    assessed: &Assessed,
    theme: &Theme,
    env: &Environment<'static>,
    sink: &dyn Sink,
    place: &Place,
    moved: &[addresses::Moved],
) -> Result<RenderStats, Diagnostics> {
    let plan = assessed.plan;
    let mut jobs = jobs(assessed, place.finished(), place.feed);
    jobs.extend(moved.iter().map(|m| Job::Moved(m.lang, m)));
    // What every page of a language shares, prepared once: the interface
    // words (also as a template value) and the menu with the pages' titles.
    let shared: BTreeMap<Lang, Shared> = theme
        .strings
        .iter()
        .map(|(lang, t)| {
            let shared = Shared {
                t,
                t_value: view_value(t),
                menu: menu(plan, place.current, t, *lang),
            };
            (*lang, shared)
        })
        .collect();
    let names: BTreeMap<Lang, String> = shared
        .iter()
        .map(|(lang, s)| (*lang, word(s.t, "lang_name")))
        .collect();
    // A language without its words fails once, before any page is made.
    if let Some(lang) = plan.site.languages.iter().find(|l| !shared.contains_key(l)) {
        return Err(missing_words(*lang).into());
    }
    let results: Vec<Result<RenderStats, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let shared = shared
                .get(&job.lang())
                .ok_or_else(|| missing_words(job.lang()))?;
            let r = Renderer {
                plan,
                assessed,
                place,
                env,
                t: shared.t,
                t_value: shared.t_value.clone(),
                menu: &shared.menu,
                lang: job.lang(),
                names: &names,
                theme,
            };
            r.job(job, sink)
        })
        .collect();
    let mut diags = Diagnostics::default();
    let mut stats = RenderStats::default();
    for r in results {
        match r {
            Ok(s) => stats.add(&s),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(stats)
}

/// site.toml lists a language whose interface words are not in strings.toml.
fn missing_words(lang: Lang) -> Diagnostic {
    let code = lang.code();
    Diagnostic::error(format!(
        "site.toml lists the language `{code}`, but strings.toml has no [{code}] table of interface words"
    ))
    .ja(format!(
        "site.toml に言語 `{code}` がありますが、strings.toml にその言語の文言の表 [{code}] がありません"
    ))
    .in_file(std::path::Path::new("strings.toml"))
    .help(format!(
        "put a strings.toml in your theme folder with a [{code}] table: copy the [en] table of the default theme and translate every word"
    ))
    .ja_help(format!(
        "テーマのフォルダーに strings.toml を置き、[{code}] の表を書いてください（既定のテーマの [en] の表を写して、すべての文言を訳します）"
    ))
}

impl RenderStats {
    fn count(&mut self, path: &str) {
        self.files += 1;
        if path.ends_with(".html") {
            self.pages += 1;
        } else if routes::is_chart(path) {
            self.charts += 1;
        }
    }

    fn add(&mut self, other: &RenderStats) {
        self.pages += other.pages;
        self.charts += other.charts;
        self.files += other.files;
    }
}

struct Renderer<'a> {
    plan: &'a Plan,
    assessed: &'a Assessed<'a>,
    place: &'a Place<'a>,
    env: &'a Environment<'static>,
    t: &'a BTreeMap<String, String>,
    t_value: Value,
    menu: &'a Menu,
    lang: Lang,
    /// Every language's name in itself (`lang_name`), for the language switch.
    names: &'a BTreeMap<Lang, String>,
    theme: &'a Theme,
}

/// Prepared once per language for all its pages.
struct Shared<'a> {
    t: &'a BTreeMap<String, String>,
    t_value: Value,
    menu: Menu,
}

/// The site's menu and footer links: targets relative to the language's root, and labels.
struct Menu {
    nav: Vec<(String, String)>,
    footer: Vec<(String, String)>,
    /// On a finished plan's pages: the site's own pages (of the current
    /// plan), relative to the language's root of the site.
    site_nav: Vec<(String, String)>,
    site_footer: Vec<(String, String)>,
}

fn word(t: &BTreeMap<String, String>, key: &str) -> String {
    t.get(key).cloned().unwrap_or_else(|| key.to_string())
}

/// The menu of one language. Page titles come from each page's Markdown, read
/// here once rather than for every page that shows the menu.
fn menu(plan: &Plan, current: Option<&Plan>, t: &BTreeMap<String, String>, lang: Lang) -> Menu {
    let mut nav = vec![(routes::HOME.to_string(), word(t, "home"))];
    let mut footer = Vec::new();
    let (mut site_nav, mut site_footer) = (Vec::new(), Vec::new());
    let pages = |pages: &[Page], nav: &mut Vec<_>, footer: &mut Vec<_>| {
        for p in pages {
            let link = (routes::markdown_page(&p.slug), page_title(p, lang).0);
            // The accessibility policy goes in the footer, where such policies are looked for.
            if p.slug == routes::ACCESSIBILITY_PAGE {
                footer.push(link);
            } else {
                nav.push(link);
            }
        }
    };
    pages(&plan.pages, &mut nav, &mut footer);
    if let Some(current) = current {
        pages(&current.pages, &mut site_nav, &mut site_footer);
    }
    nav.push((
        routes::shortfalls(plan.site.latest_year),
        word(t, "shortfall_page"),
    ));
    nav.push((routes::CHANGES_PAGE.to_string(), word(t, "changes_page")));
    nav.push((routes::OPEN_DATA_PAGE.to_string(), word(t, "open_data")));
    Menu {
        nav,
        footer,
        site_nav,
        site_footer,
    }
}

/// A page's title (its first `# ` heading) in `lang`, or in Japanese while the
/// translation is missing, with the language it is in.
fn page_title(p: &Page, lang: Lang) -> (String, Lang) {
    let found = std::iter::once(lang)
        .chain(lang.fallbacks().iter().copied())
        .find_map(|l| p.text.get(l).map(|f| (f, l)));
    let Some((file, lang)) = found else {
        return (p.slug.clone(), lang);
    };
    let title = file
        .title()
        .map(|t| crate::base::text::strip_ruby(&t).into_owned());
    (title.unwrap_or_else(|| p.slug.clone()), lang)
}

fn view_value<T: Serialize>(view: &T) -> Value {
    Value::from(Serde(view))
}

impl Renderer<'_> {
    /// On a finished plan's pages, the notice that it has finished, with a
    /// link to the current plan; on the current plan's, the finished plans.
    fn plans_notes(&self, root: &str) -> (Option<PlanNotice>, Vec<EarlierPlan>) {
        let dir = self.lang.dir();
        let period = |site: &Site| {
            self.fill(
                "period_range",
                &[
                    ("first", &self.year(site.first_year)),
                    ("last", &self.year(site.last_year)),
                ],
            )
        };
        if let Some(current) = self.place.current {
            let site = &self.plan.site;
            let notice = PlanNotice {
                text: self.fill("plan_finished_notice", &[("period", &period(site))]),
                current: Link {
                    href: format!("{root}{dir}{}", routes::HOME),
                    label: self.fill(
                        "plan_current_link",
                        &[("plan", &self.txt(&current.site.plan_name).text)],
                    ),
                },
            };
            return (Some(notice), Vec::new());
        }
        let earlier = self
            .place
            .earlier
            .iter()
            .rev()
            .map(|(id, a)| {
                let site = &a.plan.site;
                let at = format!("{root}{}{dir}", routes::plan_prefix(id));
                EarlierPlan {
                    name: self.txt(&site.plan_name),
                    period: self.fill("earlier_plan_period", &[("period", &period(site))]),
                    href: format!("{at}{}", routes::HOME),
                    data_href: format!("{at}{}", routes::OPEN_DATA_PAGE),
                }
            })
            .collect();
        (None, earlier)
    }

    /// The plan whose open data this renderer writes (its words, for the
    /// data package, are those of [`crate::render::data::Words`]).
    fn data_of(&self) -> crate::render::data::Of<'_> {
        crate::render::data::Of {
            assessed: self.assessed,
            plan_id: &self.place.id,
        }
    }

    /// Makes the files of one job and hands them to `sink`.
    fn job(&self, job: &Job, sink: &dyn Sink) -> Result<RenderStats, Diagnostic> {
        let mut stats = RenderStats::default();
        if let Job::Data = job {
            // Large: written piece by piece rather than made whole first.
            for path in crate::render::data::write(self.data_of(), self, sink)? {
                stats.count(&path);
            }
            return Ok(stats);
        }
        for file in self.files(job)? {
            stats.count(&file.path);
            sink.put(file)?;
        }
        Ok(stats)
    }

    /// The files of a job that are made whole (every job but [`Job::Data`]).
    fn files(&self, job: &Job) -> Result<Vec<OutputFile>, Diagnostic> {
        match job {
            Job::Shared => Ok(self.sitemap()),
            Job::Data => Ok(Vec::new()), // streamed by `job`
            Job::Extras(i) => self.extras(i),
            Job::NotFound => self.not_found().map(|f| vec![f]),
            Job::OpenData(_) => self.open_data().map(|f| vec![f]),
            Job::Changes(_) => self.changes().map(|f| vec![f]),
            Job::Feed(_) => Ok(vec![self.feed()]),
            Job::Dashboard(_, year) => self.dashboard(*year),
            Job::Listing(_, listing, paged) => self.listing(listing, paged).map(|f| vec![f]),
            Job::Initiative(_, n, i) => self.initiative(*n, i),
            Job::Page(_, p) => self.page(p).map(|f| vec![f]),
            Job::Shortfalls(_, year, paged) => self.shortfalls(*year, paged).map(|f| vec![f]),
            Job::Edition(_, e) => self.edition(e).map(|f| vec![f]),
            Job::EditionShortfalls(_, e) => self.edition_shortfalls(e).map(|f| vec![f]),
            Job::EditionInitiative(_, e, i) => self.edition_initiative(e, i).map(|f| vec![f]),
            Job::Moved(_, m) => self.moved(m).map(|f| vec![f]),
        }
    }

    fn layout(&self, rel: &str, title: String, description: String) -> Layout {
        let site = &self.plan.site;
        let prefix = &self.place.prefix;
        let path = format!("{prefix}{}", routes::page(self.lang, rel));
        // The site's root (assets, the current plan), then this plan's.
        let root = routes::to_root(&path);
        let plan_root = format!("{root}{prefix}");
        let lang_root = format!("{plan_root}{}", self.lang.dir());
        let site_lang_root = format!("{root}{}", self.lang.dir());
        // The language switch: every language by its own name.
        let languages = if site.languages.len() > 1 {
            site.languages
                .iter()
                .map(|&l| Alternate {
                    lang: l.html_lang(),
                    hreflang: l.hreflang(),
                    href: format!("{plan_root}{}", routes::page(l, rel)),
                    label: self
                        .names
                        .get(&l)
                        .cloned()
                        .unwrap_or_else(|| l.code().to_string()),
                    current: l == self.lang,
                })
                .collect()
        } else {
            Vec::new()
        };
        let link = |(rel, label): &(String, String)| Link {
            href: format!("{lang_root}{rel}"),
            label: label.clone(),
        };
        let site_link = |(rel, label): &(String, String)| Link {
            href: format!("{site_lang_root}{rel}"),
            label: label.clone(),
        };
        let nav = (self.menu.nav.iter().map(link))
            .chain(self.menu.site_nav.iter().map(site_link))
            .collect();
        let footer_links = (self.menu.footer.iter().map(link))
            .chain(self.menu.site_footer.iter().map(site_link))
            .collect();
        let site_title = self.txt(&site.title);
        let full_title = if title.is_empty() || title == site_title.text {
            site_title.text.clone()
        } else {
            format!("{title} | {}", site_title.text)
        };
        let canonical = site.base_url.as_ref().map(|b| format!("{b}{path}"));
        // hreflang needs absolute addresses, so the versions are listed only with base_url.
        let versions = match &site.base_url {
            Some(b) => site
                .languages
                .iter()
                .filter_map(|&l| {
                    Some(Version {
                        lang: l.hreflang()?,
                        href: format!("{b}{prefix}{}", routes::page(l, rel)),
                    })
                })
                .collect(),
            None => Vec::new(),
        };
        let feed = self
            .place
            .feed
            .then(|| format!("{site_lang_root}{}", routes::FEED));
        let (plan_notice, earlier_plans) = self.plans_notes(&root);
        let address_notice = self.address_notice(&path, &root);
        Layout {
            lang: self.lang.html_lang(),
            locale: match self.lang.code() {
                "en" => "en_US".to_string(),
                _ if self.lang.is_japanese() => "ja_JP".to_string(),
                code => code.replace('-', "_"),
            },
            print_url: canonical.clone().unwrap_or_else(|| path.clone()),
            qr_svg: canonical.as_deref().and_then(qr_svg),
            versions,
            home: format!("{lang_root}{}", routes::HOME),
            root,
            plan_root,
            lang_root,
            plan_notice,
            earlier_plans,
            address_notice,
            refresh: None,
            canonical,
            path,
            languages,
            site_title,
            owner: self.txt(&site.owner),
            plan_name: self.txt(&site.plan_name),
            title: full_title,
            description,
            as_of: self.year(site.latest_year),
            published: self.plan.latest_edition().map(|e| self.published(e)),
            feed,
            nav,
            footer_links,
            t: self.t_value.clone(),
            inline_style: None,
        }
    }

    fn render_template(
        &self,
        template: &str,
        rel: &str,
        layout: Layout,
        page: Value,
        what: &str,
    ) -> Result<OutputFile, Diagnostic> {
        let path = routes::page(self.lang, rel);
        let tmpl = self.env.get_template(template).map_err(|e| {
            template_error(
                &format!("rendering {what}: no template {template}"),
                &format!("ページ {path} を作るテンプレート {template} がありません"),
                &e,
            )
        })?;
        let html = tmpl
            .render(minijinja::context! { site => view_value(&layout), page => page })
            .map_err(|e| {
                template_error(
                    &format!(
                        "rendering {what} ({}) with template {template}",
                        self.lang.code()
                    ),
                    &format!("テンプレート {template} でページ {path} を作れませんでした"),
                    &e,
                )
            })?;
        Ok(OutputFile {
            path,
            bytes: html.into_bytes(),
        })
    }
}

/// The meaning of each open data column, in Japanese and English, for the
/// data package: the open data page's words.
impl crate::render::data::Words for Renderer<'_> {
    fn column(&self, name: &str) -> (String, String) {
        let key = format!("col_{name}");
        let ja = self.theme.strings.get(&Lang::JA).map(|t| word(t, &key));
        let en = self.theme.strings.get(&Lang::EN).map(|t| word(t, &key));
        let ja = ja.unwrap_or_else(|| word(self.t, &key));
        let en = en.unwrap_or_else(|| ja.clone());
        (crate::base::text::strip_ruby(&ja).into_owned(), en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn circled_numbers() {
        assert_eq!(circled(1), "①");
        assert_eq!(circled(3), "③");
        assert_eq!(circled(21), "(21)");
    }
}
