//! The record of changes: how the plan's targets move.

use crate::base::diagnostic::Diagnostic;
use crate::base::output::OutputFile;
use crate::base::routes;

use super::*;

impl Renderer<'_> {
    pub(super) fn changes(&self) -> Result<OutputFile, Diagnostic> {
        let rel = routes::CHANGES_PAGE;
        let title = self.word("changes_page");
        let layout = self.layout(rel, title, self.word("changes_intro"));
        let lang_root = layout.lang_root.clone();
        let movements = self
            .assessed
            .initiatives
            .iter()
            .filter_map(|i| {
                let href = format!("{lang_root}{}", routes::initiative(&i.id));
                let lines: Vec<ChangesLine> = i
                    .indicators
                    .iter()
                    .flat_map(|ind| {
                        let href = format!("{href}#{}", ind.id);
                        crate::check::changes::movements(ind)
                            .into_iter()
                            .map(move |m| (ind, href.clone(), m))
                    })
                    .map(|(ind, href, m)| ChangesLine {
                        indicator: self.txt(&ind.name),
                        href,
                        text: self.movement(ind, &m),
                    })
                    .collect();
                (!lines.is_empty()).then(|| ChangesEntry {
                    number: i.number,
                    title: self.txt(&i.title),
                    href,
                    lines,
                })
            })
            .collect();
        let revisions = self
            .assessed
            .initiatives
            .iter()
            .filter_map(|i| {
                let href = format!("{lang_root}{}", routes::initiative(&i.id));
                let lines: Vec<RevisionLine> = self
                    .revisions(i.initiative)
                    .iter()
                    .map(|r| RevisionLine {
                        indicator: self.txt(&r.now.name),
                        href: format!("{href}#{}", r.now.id),
                        revision: self.revision(r),
                    })
                    .collect();
                (!lines.is_empty()).then(|| RevisionEntry {
                    number: i.number,
                    title: self.txt(&i.title),
                    href,
                    lines,
                })
            })
            .collect();
        let view = ChangesView {
            editions: self.edition_links(&lang_root),
            movements,
            revisions,
            revisions_intro: self
                .plan
                .latest_edition()
                .map(|e| self.fill("revisions_intro", &[("edition", &self.edition_name(e))])),
            plan_revisions: self.plan_revision_views(&lang_root),
        };
        self.render_template(
            "changes.html",
            rel,
            layout,
            view_value(&view),
            "the record of changes",
        )
    }
}
