//! Checks across initiatives (numbers and chart names unique) and the
//! standalone pages.

use std::collections::BTreeMap;

use super::*;
use crate::check::load::LoadedPage;

impl Validator<'_> {
    /// Each numeric indicator's chart is [`crate::base::routes::chart`], `charts/FOLDER--ID.svg`; since both may
    /// contain `-`, two different pairs can make the same name (`a--b` + `c` and
    /// `a` + `b--c`), and one chart would silently replace the other.
    pub(super) fn unique_chart_names(&mut self, initiatives: &[Initiative]) {
        let mut seen: BTreeMap<String, (&Initiative, &str)> = BTreeMap::new();
        for i in initiatives {
            for ind in &i.indicators {
                let name = crate::base::routes::chart(&i.id, &ind.id);
                match seen.get(&name) {
                    Some((other, other_id)) => self.diags.push(
                        Diagnostic::error(format!(
                            "the chart of indicator `{}` would have the same file name \
                             ({name}) as the chart of indicator `{other_id}` in {}",
                            ind.id,
                            other.path.display()
                        ))
                        .ja(format!(
                            "指標 `{}` のグラフのファイル名（{name}）が、{} の指標 `{other_id}` と同じになります",
                            ind.id,
                            other.path.display()
                        ))
                        .in_file(&i.path)
                        .field("indicators.id")
                        .help("rename the indicator or the folder so that neither contains `--`")
                        .ja_help("指標の id かフォルダー名を、どちらにも「--」が入らないように変えてください"),
                    ),
                    None => {
                        seen.insert(name, (i, &ind.id));
                    }
                }
            }
        }
    }

    pub(super) fn unique_numbers(&mut self, initiatives: &[Initiative]) {
        for pair in initiatives.windows(2) {
            if pair[0].number == pair[1].number {
                self.diags.push(
                    Diagnostic::error(format!(
                        "two initiatives have the number {}: {} and {}",
                        pair[1].number,
                        pair[0].path.display(),
                        pair[1].path.display()
                    ))
                    .in_file(&pair[1].path)
                    .field("number")
                    .ja(format!(
                        "取組項目の番号 {} が重複しています（{} と {}）",
                        pair[1].number,
                        pair[0].path.display(),
                        pair[1].path.display()
                    ))
                    .help("give each initiative its own number")
                    .ja_help("取組項目ごとに別の番号を付けてください"),
                );
            }
        }
    }

    /// A page's title (the text of its first `# ` heading, as the renderer
    /// reads it) is the page's label in the navigation of every page.
    pub(super) fn page_title_length(&mut self, file: &MarkdownFile) {
        use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
        let mut in_h1 = false;
        let mut len = 0;
        let Ok(text) = file.text() else { return };
        for event in Parser::new(&text) {
            match event {
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                }) => in_h1 = true,
                Event::End(TagEnd::Heading(HeadingLevel::H1)) => break,
                Event::Text(t) | Event::Code(t) if in_h1 => len += t.chars().count(),
                _ => {}
            }
        }
        if len > MAX_PAGE_TITLE_CHARS {
            self.diags.push(
                Diagnostic::error(format!(
                    "the page's title (its first `# ` heading) is {len} characters long; \
                     a page title may be at most {MAX_PAGE_TITLE_CHARS}"
                ))
                .ja(format!(
                    "ページの題名（最初の「# 」の見出し）が {len} 文字あります。題名は {MAX_PAGE_TITLE_CHARS} 文字までです"
                ))
                .in_file(&file.path)
                .help("the title is shown in the menu of every page: keep it short, and put the rest in the text below it")
                .ja_help("題名はすべてのページのメニューに出ます。短くして、残りは本文に書いてください"),
            );
        }
    }

    pub(super) fn pages(&mut self, pages: Vec<LoadedPage>) -> Vec<Page> {
        let mut by_slug: BTreeMap<String, MarkdownTexts> = BTreeMap::new();
        for p in pages {
            if !self.model.languages.contains(&p.lang) {
                self.diags
                    .push(super::unlisted_language(&p.file.path, p.lang));
                continue;
            }
            let slot = by_slug.entry(p.slug).or_default();
            slot.set(p.lang, p.file);
        }
        by_slug
            .into_iter()
            .filter_map(|(slug, text)| {
                match (&text.ja, text.other.first().map(|(_, f)| f)) {
                    (None, Some(en))
                        if exists_unlinked(&en.path.with_file_name(format!("{slug}.ja.md"))) =>
                    {
                        // The Japanese file is there but could not be read; that was reported.
                        return None;
                    }
                    (None, Some(en)) => {
                        self.diags.push(
                            Diagnostic::error("a page has an English text but no Japanese one")
                                .ja("英語のページはありますが、日本語のページがありません")
                                .in_file(&en.path)
                                .help(format!("add pages/{slug}.ja.md"))
                                .ja_help(format!("pages/{slug}.ja.md を作成してください")),
                        );
                        return None;
                    }
                    (Some(ja), _) if text.get(Lang::EN).is_none() && self.model.languages.contains(&Lang::EN) => {
                        self.diags.push(
                            Diagnostic::warning("English translation missing: the English page shows the Japanese text with a \"translation pending\" note")
                                .in_file(&ja.path)
                                .ja("英語のページの文章がありません。英語のページには日本語のまま「翻訳準備中」と表示されます")
                                .help(format!("add pages/{slug}.en.md"))
                                .ja_help(format!("pages/{slug}.en.md を作成してください")),
                        );
                    }
                    _ => {}
                }
                for file in text.files() {
                    self.page_title_length(file);
                }
                Some(Page { slug, text })
            })
            .collect()
    }
}
