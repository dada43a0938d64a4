//! Listings of initiatives that share a strategy, a division or a status,
//! cut into pages.

use crate::base::diagnostic::Diagnostic;
use crate::base::output::OutputFile;
use crate::base::routes;

use super::*;

impl Renderer<'_> {
    pub(super) fn listing(
        &self,
        listing: &Listing,
        paged: &Paged,
    ) -> Result<OutputFile, Diagnostic> {
        let site = &self.plan.site;
        let latest = site.latest_year;
        let first = listing.rel();
        let rel = routes::paged(&first, paged.index);
        let (title, intro) = match listing {
            Listing::Strategy(s) => (
                format!(
                    "{} {} {}",
                    self.word("strategy"),
                    s.number,
                    self.plain(&s.name)
                ),
                self.word("listing_strategy_intro"),
            ),
            Listing::Division(key) => (
                site.divisions
                    .get(*key)
                    .map_or_else(|| (*key).clone(), |d| self.plain(d)),
                self.word("listing_division_intro"),
            ),
            Listing::Status(status, year, _) => (
                format!("{} — {}", self.status(*status).label, self.year(*year)),
                self.fill("listing_status_intro", &[("year", &self.year(*year))]),
            ),
        };
        // Pages after the first say which page they are in the heading too.
        let title = self.paged_title(title, paged);
        let layout = self.layout(&rel, title.clone(), intro.clone());
        // A status list shows its own year; the others the latest.
        let year = match listing {
            Listing::Status(_, year, _) => *year,
            _ => latest,
        };
        let cards = paged.slice().iter().map(|i| self.card(i, year, &layout));
        let groups = match listing {
            // A strategy's list is grouped by area; a group cut by a page
            // break starts the next page with its heading again.
            Listing::Strategy(s) => {
                let mut groups: Vec<(u32, ItemView)> = Vec::new();
                for (i, card) in paged.slice().iter().zip(cards) {
                    match groups.last_mut() {
                        Some((area, group)) if *area == i.area => group.initiatives.push(card),
                        _ => {
                            let label = match s.areas.iter().find(|a| a.number == i.area) {
                                Some(a) => self.label(&a.name, format!("({}) ", a.number)),
                                None => self.fallback_txt(String::new(), self.lang),
                            };
                            groups.push((
                                i.area,
                                ItemView {
                                    label,
                                    initiatives: vec![card],
                                },
                            ));
                        }
                    }
                }
                groups.into_iter().map(|(_, g)| g).collect()
            }
            Listing::Division(_) | Listing::Status(..) => vec![ItemView {
                label: self.fallback_txt(String::new(), self.lang),
                initiatives: cards.collect(),
            }],
        };
        let view = ListingView {
            title,
            intro,
            groups,
            pager: self.pager(&first, paged, &layout),
        };
        self.render_template(
            "listing.html",
            &rel,
            layout,
            view_value(&view),
            &format!("the list {rel}"),
        )
    }

    /// Whether the whole plan fits on one listing page: if not, the overview
    /// and the open data page leave the full lists to the listings.
    pub(super) fn fits_on_one_page(&self) -> bool {
        self.assessed.initiatives.len() <= self.plan.site.per_page
    }

    /// "Title (2/67)" for the pages after the first of a list, so that every page has its own title.
    pub(super) fn paged_title(&self, title: String, paged: &Paged) -> String {
        if paged.index == 0 {
            title
        } else {
            format!("{title} ({}/{})", paged.index + 1, paged.count())
        }
    }

    /// Links to the other pages of a list, or `None` when it fits on one page.
    pub(super) fn pager(&self, first: &str, paged: &Paged, layout: &Layout) -> Option<PagerView> {
        let total = paged.count();
        if total < 2 {
            return None;
        }
        let href = |index: usize| format!("{}{}", layout.lang_root, routes::paged(first, index));
        let current = paged.index;
        let mut pages = Vec::new();
        let mut last_shown = None;
        for index in 0..total {
            let near = index.abs_diff(current) <= 2;
            if !(index == 0 || index + 1 == total || near) {
                continue;
            }
            if let Some(last) = last_shown
                && index > last + 1
            {
                pages.push(PagerLink {
                    number: None,
                    href: String::new(),
                    current: false,
                });
            }
            pages.push(PagerLink {
                number: Some(index + 1),
                href: href(index),
                current: index == current,
            });
            last_shown = Some(index);
        }
        Some(PagerView {
            current: current + 1,
            total,
            label: self
                .word("page_of")
                .replace("{current}", &(current + 1).to_string())
                .replace("{total}", &total.to_string()),
            previous: (current > 0).then(|| href(current - 1)),
            next: (current + 1 < total).then(|| href(current + 1)),
            pages,
        })
    }
}
