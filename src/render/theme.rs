//! The theme: templates, interface words and static files. The default theme
//! in `theme/` is embedded in the binary; a theme folder given with `--theme`
//! overrides it file by file (a folder with only `templates/initiative.html`
//! changes just that template).

use std::collections::BTreeMap;
use std::path::Path;

use walkdir::WalkDir;

use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::source;
use crate::base::text::Lang;

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../../theme/", $path)) as &[u8])),*]
    };
}

/// The default theme, compiled in.
const DEFAULT: &[(&str, &[u8])] = embed!(
    "strings.toml",
    "templates/base.html",
    "templates/macros.html",
    "templates/index.html",
    "templates/initiative.html",
    "templates/page.html",
    "templates/shortfalls.html",
    "templates/opendata.html",
    "templates/changes.html",
    "templates/edition_banner.html",
    "templates/edition.html",
    "templates/edition_shortfalls.html",
    "templates/edition_initiative.html",
    "templates/listing.html",
    "templates/404.html",
    "templates/moved.html",
    "static/style.css",
    "static/favicon.svg",
);

/// A theme, with the user's files laid over the default ones.
#[derive(Debug, Clone)]
pub struct Theme {
    /// `templates/*.html` by name (`initiative.html`).
    pub templates: BTreeMap<String, String>,
    /// Files copied to the output as they are (`style.css` → `assets/style.css`).
    pub assets: BTreeMap<String, Vec<u8>>,
    /// Interface words per language.
    pub strings: BTreeMap<Lang, BTreeMap<String, String>>,
}

impl Theme {
    /// The embedded default theme overlaid with the files in `dir`, if any.
    pub fn load(dir: Option<&Path>) -> Result<Theme, Diagnostics> {
        let mut files: BTreeMap<String, Vec<u8>> = DEFAULT
            .iter()
            .map(|(p, b)| (p.to_string(), b.to_vec()))
            .collect();
        let mut diags = Diagnostics::default();
        let mut from_user = std::collections::BTreeSet::new();
        if let Some(dir) = dir {
            if !dir.is_dir() {
                return Err(Diagnostic::error("the theme folder does not exist")
                    .ja("テーマのフォルダーがありません")
                    .in_file(dir)
                    .help("pass an existing folder with --theme, or leave it out to use the built-in theme")
                    .ja_help("--theme に既にあるフォルダーを指定するか、--theme を付けずに標準のテーマを使ってください")
                    .into());
            }
            for entry in WalkDir::new(dir).follow_links(false).sort_by_file_name() {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        diags.push(source::io_error(
                            dir,
                            "could not read the theme",
                            &std::io::Error::from(e),
                        ));
                        continue;
                    }
                };
                if !entry.file_type().is_file() {
                    continue;
                }
                let Ok(rel) = entry.path().strip_prefix(dir) else {
                    continue;
                };
                let rel = rel.to_string_lossy().replace('\\', "/");
                if rel.split('/').any(|part| part.starts_with('.')) {
                    continue;
                }
                match std::fs::read(entry.path()) {
                    Ok(bytes) if rel == "strings.toml" => {
                        // Words are merged key by key rather than replaced.
                        from_user.insert("strings.user.toml".to_string());
                        files.insert("strings.user.toml".to_string(), bytes);
                    }
                    Ok(bytes) => {
                        from_user.insert(rel.clone());
                        files.insert(rel, bytes);
                    }
                    Err(e) => diags.push(source::io_error(
                        entry.path(),
                        "could not read the theme file",
                        &e,
                    )),
                }
            }
        }
        let mut theme = Theme {
            templates: BTreeMap::new(),
            assets: BTreeMap::new(),
            strings: BTreeMap::new(),
        };
        for (path, bytes) in files {
            let shown = match dir {
                Some(d) if path == "strings.user.toml" => d.join("strings.toml"),
                Some(d) if from_user.contains(&path) => d.join(&path),
                _ => Path::new("theme").join(&path),
            };
            if let Some(name) = path.strip_prefix("templates/") {
                match String::from_utf8(bytes) {
                    Ok(text) => {
                        theme.templates.insert(name.to_string(), text);
                    }
                    Err(_) => diags.push(
                        Diagnostic::error("the template is not UTF-8 text")
                            .ja("テンプレートが UTF-8 のテキストではありません")
                            .in_file(&shown)
                            .help("save it as UTF-8")
                            .ja_help("UTF-8 で保存し直してください"),
                    ),
                }
            } else if let Some(name) = path.strip_prefix("static/") {
                theme.assets.insert(name.to_string(), bytes);
            } else if path == "strings.toml" || path == "strings.user.toml" {
                match String::from_utf8(bytes) {
                    Ok(text) => {
                        let text: std::sync::Arc<str> = text.into();
                        match source::parse_toml::<BTreeMap<String, BTreeMap<String, String>>>(
                            &shown, &text,
                        ) {
                            Ok(map) => {
                                for (code, words) in map {
                                    match Lang::from_code(&code) {
                                        Some(lang) => {
                                            theme.strings.entry(lang).or_default().extend(words);
                                        }
                                        None => diags.push(
                                            Diagnostic::error(format!(
                                                "unknown language `{code}` in strings.toml"
                                            ))
                                            .ja(format!(
                                                "strings.toml に知らない言語 `{code}` があります"
                                            ))
                                            .in_file(&shown)
                                            .help("name each table by a language code, such as [ja], [en], [ja-basic] or [zh-Hans]")
                                            .ja_help("表の名前は [ja]・[en]・[ja-basic]・[zh-Hans] のような言語コードにしてください"),
                                        ),
                                    }
                                }
                            }
                            Err(d) => diags.push(d),
                        }
                    }
                    Err(_) => diags.push(
                        Diagnostic::error("strings.toml is not UTF-8 text")
                            .ja("strings.toml が UTF-8 のテキストではありません")
                            .ja_help("UTF-8 で保存し直してください")
                            .in_file(&shown),
                    ),
                }
            }
        }
        theme.check_words(dir, &mut diags);
        if diags.has_errors() {
            Err(diags)
        } else {
            Ok(theme)
        }
    }

    /// Every language has every interface word that any language has: a
    /// missing word is an error naming the key and the file, never a page
    /// that shows the key instead.
    fn check_words(&self, dir: Option<&Path>, diags: &mut Diagnostics) {
        let all: std::collections::BTreeSet<&String> = self
            .strings
            .values()
            .flat_map(|words| words.keys())
            .collect();
        let file = dir.map_or_else(
            || Path::new("theme").join("strings.toml"),
            |d| d.join("strings.toml"),
        );
        for (lang, words) in &self.strings {
            for key in all.iter().filter(|k| !words.contains_key(k.as_str())) {
                diags.push(
                    Diagnostic::error(format!(
                        "the interface word `{key}` is missing from the [{}] table",
                        lang.code()
                    ))
                    .ja(format!("[{}] の表に文言 `{key}` がありません", lang.code()))
                    .in_file(&file)
                    .help(format!(
                        "add `{key} = \"…\"` to the [{}] table",
                        lang.code()
                    ))
                    .ja_help(format!(
                        "[{}] の表に `{key} = \"…\"` を書き加えてください",
                        lang.code()
                    )),
                );
            }
        }
    }
}

/// An interface word with each `{name}` in it replaced by its value: the
/// one way a word of strings.toml takes figures and names.
pub fn fill(word: &str, values: &[(&str, &str)]) -> String {
    let mut out = word.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word the pages ask for by name is in the default theme, in
    /// every language (the render code asks through `word` and `fill`).
    #[test]
    fn words_take_their_values_by_name() {
        let word = "{name}：{year}の実績は{actual}";
        assert_eq!(
            fill(
                word,
                &[
                    ("year", "令和6年度"),
                    ("name", "指標"),
                    ("actual", "45,872件")
                ]
            ),
            "指標：令和6年度の実績は45,872件"
        );
        assert_eq!(fill("{unknown} stays", &[]), "{unknown} stays");
    }

    #[test]
    fn every_word_the_code_asks_for_is_in_strings_toml() {
        let theme = Theme::load(None).unwrap();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/render");
        let mut asked = 0;
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let path = entry.unwrap().into_path();
            // This file's own tests call `fill` with made-up words.
            if path.ends_with("theme.rs") || path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let code = std::fs::read_to_string(path).unwrap();
            for call in ["word(\"", "fill(\"", "fill(\n"] {
                for (at, _) in code.match_indices(call) {
                    let rest = code[at + call.len()..].trim_start().trim_start_matches('"');
                    let key: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if key.is_empty() {
                        continue;
                    }
                    asked += 1;
                    for (lang, words) in &theme.strings {
                        assert!(words.contains_key(&key), "[{}] has no `{key}`", lang.code());
                    }
                }
            }
        }
        assert!(asked > 40, "found only {asked} words asked for");
    }
}
