//! The targets not met in a year, with the city's explanations.

use crate::base::diagnostic::Diagnostic;
use crate::base::output::OutputFile;
use crate::base::routes;
use crate::check::assess::AssessedInitiative;
use crate::model::Status;
use crate::model::*;

use super::*;

impl Renderer<'_> {
    pub(super) fn shortfall(
        &self,
        i: &AssessedInitiative,
        year: i32,
        lang_root: &str,
    ) -> Result<ShortfallView, Diagnostic> {
        let figures = i
            .indicators
            .iter()
            .filter(|ind| ind.status(year) == Status::NotAchieved)
            .map(|ind| {
                let actual = self
                    .year_figure(ind, year, false)
                    .unwrap_or_else(|| self.word("none"));
                let target = self.year_figure(ind, year, true).unwrap_or_default();
                let line = self.fill(
                    "actual_against_target",
                    &[("actual", &actual), ("target", &target)],
                );
                // Whose verdict the shortfall is, or the city's beside it.
                let j = ind.judgement(year);
                let view = self.judged(j);
                match (view.by_city, view.beside) {
                    (Some(mark), _) => format!("{line}{mark}"),
                    (None, Some(beside)) => format!("{line} {beside}"),
                    (None, None) => line,
                }
            })
            .collect();
        Ok(ShortfallView {
            screen_only: false,
            year: self.year(year),
            number: i.number,
            title: self.txt(&i.title),
            href: format!("{lang_root}{}", routes::initiative(&i.id)),
            figures,
            prose: match i.commentary.get(&(year, CommentaryKind::Shortfall)) {
                Some(t) => self.prose(t, self.word("shortfall"), 4)?,
                None => None,
            },
        })
    }

    pub(super) fn shortfalls(&self, year: i32, paged: &Paged) -> Result<OutputFile, Diagnostic> {
        let first = routes::shortfalls(year);
        let rel = routes::paged(&first, paged.index);
        let year_label = self.year(year);
        let title = self.fill(
            "shortfall_page_title",
            &[
                ("year", &self.short_year(year)),
                ("page", &self.word("shortfall_page")),
            ],
        );
        let title = self.paged_title(title, paged);
        let layout = self.layout(&rel, title.clone(), self.word("shortfall_intro"));
        let lang_root = layout.lang_root.clone();
        let entries = paged
            .slice()
            .iter()
            .map(|i| self.shortfall(i, year, &lang_root))
            .collect::<Result<Vec<_>, _>>()?;
        let years = self
            .plan
            .site
            .reviewed_years()
            .map(|y| YearLink {
                label: self.short_year(y),
                href: format!("{lang_root}{}", routes::shortfalls(y)),
                current: y == year,
            })
            .collect();
        let view = ShortfallsView {
            title,
            year: year_label,
            entries,
            years,
            pager: self.pager(&first, paged, &layout),
        };
        self.render_template(
            "shortfalls.html",
            &rel,
            layout,
            view_value(&view),
            &format!("the targets-not-met page of {year}"),
        )
    }
}
