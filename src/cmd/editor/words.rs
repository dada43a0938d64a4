//! The editor's interface words, from the theme's strings.toml like every
//! word of the site (the `editor_…` keys, and a few the pages use too).

use std::collections::BTreeMap;
use std::path::Path;

use crate::base::text::Lang;
use crate::render::theme::Theme;

#[derive(Debug, Clone, Default)]
pub(super) struct Words(BTreeMap<String, String>);

impl Words {
    /// The words of `lang` in the theme (`None`: the built-in one). A theme
    /// that does not load gives the built-in words: the editor is how a
    /// broken file gets mended, so it must not break with it.
    pub(super) fn load(theme: Option<&Path>, lang: Lang) -> Words {
        let theme = Theme::load(theme).or_else(|_| Theme::load(None));
        let words = theme
            .ok()
            .and_then(|mut t| t.strings.remove(&lang))
            .unwrap_or_default();
        Words(words)
    }

    /// A word; its key if the theme has no such word (never a panic).
    pub(super) fn word(&self, key: &str) -> String {
        self.0.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// A word with `{name}` placeholders filled in.
    pub(super) fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        crate::render::theme::fill(&self.word(key), values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word the editor asks for by name is in the default theme, in
    /// every language.
    #[test]
    fn every_word_the_editor_asks_for_is_in_strings_toml() {
        let theme = Theme::load(None).unwrap();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cmd/editor");
        let mut asked = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let code = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for call in ["word(\"", "fill(\"", "fill(\n", "word(\n", "\"editor_"] {
                for (at, _) in code.match_indices(call) {
                    let rest = code[at + call.len()..].trim_start().trim_start_matches('"');
                    let mut key: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if call == "\"editor_" {
                        key = format!("editor_{key}");
                    }
                    // `editor_lang_{}` is completed with a language code.
                    if key.is_empty() || key.ends_with('_') || key == "editor_" {
                        continue;
                    }
                    asked += 1;
                    for (lang, words) in &theme.strings {
                        assert!(words.contains_key(&key), "[{}] has no `{key}`", lang.code());
                    }
                }
            }
        }
        assert!(asked > 30, "found only {asked} words asked for");
        for lang in [Lang::JA, Lang::EN] {
            let words = Words::load(None, lang);
            assert_ne!(words.word("editor_lang_ja"), "editor_lang_ja");
            assert_ne!(words.word("editor_lang_en"), "editor_lang_en");
        }
    }
}
