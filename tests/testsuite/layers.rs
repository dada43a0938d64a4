//! The one-way rule of docs/architecture.md, held against the code: every
//! `crate::…` and `super::…` path in src/ (comments, strings and
//! `#[cfg(test)]` items left out) may point only at its own module or at a
//! module on a later line of the doc's `layers` block, never up or across
//! one line; and every file of src/ is named in the doc.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use crate::common::repo;

/// The modules of the doc's `layers` block, one line a level, from the top.
struct Layers {
    levels: Vec<Vec<String>>,
}

impl Layers {
    fn from_doc(doc: &str) -> Layers {
        let start = doc
            .find("```layers\n")
            .expect("docs/architecture.md has a ```layers block");
        let body = &doc[start + "```layers\n".len()..];
        let body = &body[..body.find("```").expect("the layers block is closed")];
        let levels = body
            .lines()
            .map(|line| line.split('#').next().unwrap_or_default())
            .filter(|line| !line.trim().is_empty())
            .map(|line| line.split_whitespace().map(String::from).collect())
            .collect();
        Layers { levels }
    }

    /// The listed module a path belongs to (the longest that prefixes it),
    /// with its level.
    fn unit(&self, path: &[String]) -> Option<(usize, &str)> {
        let joined = path.join("::");
        self.levels
            .iter()
            .enumerate()
            .flat_map(|(level, names)| names.iter().map(move |name| (level, name.as_str())))
            .filter(|(_, name)| joined == *name || joined.starts_with(&format!("{name}::")))
            .max_by_key(|(_, name)| name.len())
    }

    fn names(&self) -> impl Iterator<Item = &str> {
        self.levels.iter().flatten().map(String::as_str)
    }
}

/// `src` without its comments, the text of its string and character
/// literals, and its `#[cfg(test)]` items; lines stay where they were.
fn strip(src: &str) -> String {
    let text = strip_comments_and_literals(src);
    let mut out = text.clone().into_bytes();
    let mut from = 0;
    while let Some(at) = text[from..].find("#[cfg(test)]") {
        let start = from + at;
        let end = item_end(&text, start + "#[cfg(test)]".len());
        for b in &mut out[start..end] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
        from = end;
    }
    String::from_utf8(out).expect("only ASCII bytes were replaced")
}

/// Where the item that starts at `from` ends: after its `;` or after the `}`
/// that closes its first `{`.
fn item_end(text: &str, from: usize) -> usize {
    let mut depth = 0usize;
    for (i, c) in text[from..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return from + i + 1;
                }
            }
            ';' if depth == 0 => return from + i + 1,
            _ => {}
        }
    }
    text.len()
}

fn strip_comments_and_literals(src: &str) -> String {
    let chars: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let blank = |out: &mut String, run: &[char]| {
        out.extend(run.iter().map(|&c| if c == '\n' { '\n' } else { ' ' }));
    };
    let mut i = 0;
    while i < chars.len() {
        let rest = &chars[i..];
        let starts =
            |s: &str| rest.iter().zip(s.chars()).filter(|(a, b)| *a == b).count() == s.len();
        let after_word = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        let len = if starts("//") {
            rest.iter().position(|&c| c == '\n').unwrap_or(rest.len())
        } else if starts("/*") {
            block_comment_len(rest)
        } else if !after_word && (starts("r\"") || starts("r#") || starts("br\"") || starts("br#"))
        {
            raw_string_len(rest)
        } else if rest[0] == '"' {
            string_len(rest)
        } else if rest[0] == '\'' {
            char_literal_len(rest)
        } else {
            0
        };
        if len == 0 {
            out.push(rest[0]);
            i += 1;
        } else {
            blank(&mut out, &rest[..len]);
            i += len;
        }
    }
    out
}

fn block_comment_len(rest: &[char]) -> usize {
    let (mut depth, mut i) = (0, 0);
    while i < rest.len() {
        if rest[i..].starts_with(&['/', '*']) {
            depth += 1;
            i += 2;
        } else if rest[i..].starts_with(&['*', '/']) {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    rest.len()
}

fn raw_string_len(rest: &[char]) -> usize {
    let prefix = rest.iter().position(|&c| c == 'r').unwrap() + 1;
    let hashes = rest[prefix..].iter().take_while(|&&c| c == '#').count();
    if rest.get(prefix + hashes) != Some(&'"') {
        return 0; // r#ident
    }
    let body = prefix + hashes + 1;
    let closing: Vec<char> = std::iter::once('"')
        .chain(std::iter::repeat_n('#', hashes))
        .collect();
    (body..rest.len())
        .find(|&j| rest[j..].starts_with(&closing))
        .map_or(rest.len(), |j| j + closing.len())
}

fn string_len(rest: &[char]) -> usize {
    let mut j = 1;
    while j < rest.len() && rest[j] != '"' {
        j += if rest[j] == '\\' { 2 } else { 1 };
    }
    (j + 1).min(rest.len())
}

/// A character literal's length, or 0 for a lifetime or a label.
fn char_literal_len(rest: &[char]) -> usize {
    if rest.get(1) == Some(&'\\') {
        return rest
            .get(3..)
            .and_then(|tail| tail.iter().position(|&c| c == '\''))
            .map_or(0, |j| j + 4);
    }
    if rest.get(2) == Some(&'\'') { 3 } else { 0 }
}

/// Every path that starts with `crate::` or `super::` in a stripped file of
/// module `module`, with its line, as absolute module paths (a `use` group
/// gives one path per member, over as many lines as it takes).
fn paths(text: &str, module: &[String]) -> Vec<(usize, Vec<String>)> {
    let mut found = Vec::new();
    let (mut from, mut line, mut counted) = (0, 1, 0);
    while let Some((at, root)) = next_root(&text[from..]) {
        let start = from + at;
        line += text[counted..start].matches('\n').count();
        counted = start;
        let (base, rest) = if root == "crate" {
            (Vec::new(), &text[start + "crate::".len()..])
        } else {
            // super:: from a file is its module's parent; from mod.rs too,
            // as the module of mod.rs is its folder.
            let mut base = module.to_vec();
            let mut rest = &text[start..];
            while let Some(r) = rest.strip_prefix("super::") {
                base.pop();
                rest = r;
            }
            (base, rest)
        };
        let read = expand(rest, &base, &mut |path| found.push((line, path)));
        from = text.len() - rest.len() + read.max(1);
    }
    found
}

/// The files of `#[cfg(test)] mod NAME;` in the file `rel`: test modules.
fn test_children(text: &str, rel: &str) -> Vec<String> {
    let folder = match rel.rsplit_once('/') {
        Some((dir, "mod.rs")) => dir.to_string(),
        _ if rel == "lib.rs" || rel == "main.rs" => String::new(),
        _ => rel.trim_end_matches(".rs").to_string(),
    };
    let mut children = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("#[cfg(test)]") {
        let item = text[from + at + "#[cfg(test)]".len()..].trim_start();
        from += at + 1;
        let Some(rest) = item.strip_prefix("mod ") else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if rest[name.len()..].trim_start().starts_with(';') {
            let dir = if folder.is_empty() {
                String::new()
            } else {
                format!("{folder}/")
            };
            children.push(format!("{dir}{name}.rs"));
            children.push(format!("{dir}{name}/mod.rs"));
        }
    }
    children
}

/// The next `crate::` or `super::` that starts a path (not the end of a word).
fn next_root(line: &str) -> Option<(usize, &'static str)> {
    let mut best: Option<(usize, &'static str)> = None;
    for root in ["crate", "super"] {
        let needle = format!("{root}::");
        let mut from = 0;
        while let Some(at) = line[from..].find(&needle) {
            let at = from + at;
            let before = line[..at].chars().next_back();
            if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                if best.is_none_or(|(b, _)| at < b) {
                    best = Some((at, root));
                }
                break;
            }
            from = at + needle.len();
        }
    }
    best
}

/// Reads one path (or `{ group }`) from `text`, calling `out` with each full
/// path; returns how many bytes it read.
fn expand(text: &str, base: &[String], out: &mut dyn FnMut(Vec<String>)) -> usize {
    let mut path = base.to_vec();
    let mut i = 0;
    let bytes = text.as_bytes();
    loop {
        let word: String = text[i..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !word.is_empty() {
            i += word.len();
            if word != "self" {
                path.push(word);
            }
        } else if bytes.get(i) == Some(&b'{') {
            i += 1;
            loop {
                while bytes
                    .get(i)
                    .is_some_and(|b| b.is_ascii_whitespace() || *b == b',')
                {
                    i += 1;
                }
                match bytes.get(i) {
                    None => return i,
                    Some(b'}') => return i + 1,
                    _ => i += expand(&text[i..], &path, out).max(1),
                }
            }
        } else {
            out(path);
            return i;
        }
        if text[i..].starts_with("::") {
            i += 2;
        } else {
            out(path);
            return i;
        }
    }
}

/// The module of a file below src/: `base/text.rs` is `base::text`,
/// `check/validate/mod.rs` is `check::validate`.
fn module_of(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .trim_end_matches(".rs")
        .split('/')
        .map(String::from)
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// The `.rs` files below `src`, as paths relative to it, sorted.
fn rust_files(src: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(src)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| {
            e.path()
                .strip_prefix(src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

/// Every edge of the tree `src` that the layers do not allow, as
/// `file:line: …` (the crate roots, lib.rs and the binary's main.rs, stand
/// above everything).
fn violations(src: &Path, layers: &Layers) -> Vec<String> {
    let mut found = Vec::new();
    let files = rust_files(src);
    let tests: BTreeSet<String> = files
        .iter()
        .flat_map(|rel| {
            let text = strip_comments_and_literals(&fs::read_to_string(src.join(rel)).unwrap());
            test_children(&text, rel)
        })
        .collect();
    for rel in files {
        if rel == "main.rs" || rel == "lib.rs" || tests.contains(&rel) {
            continue;
        }
        let text = strip(&fs::read_to_string(src.join(&rel)).unwrap());
        let module = module_of(&rel);
        let Some((from_level, from_unit)) = layers.unit(&module) else {
            found.push(format!(
                "src/{rel}: module {} is in no line of the layers",
                module.join("::")
            ));
            continue;
        };
        for (line, path) in paths(&text, &module) {
            let to = path.join("::");
            match layers.unit(&path) {
                Some((_, unit)) if unit == from_unit => {}
                Some((level, _)) if level > from_level => {}
                Some((level, unit)) => found.push(format!(
                    "src/{rel}:{line}: `{from_unit}` uses `{to}` ({unit}), which is {} in docs/architecture.md's layers",
                    if level == from_level { "on the same line" } else { "above it" }
                )),
                None => found.push(format!(
                    "src/{rel}:{line}: `{from_unit}` uses `{to}`, which is in no line of the layers"
                )),
            }
        }
    }
    found
}

fn repo_layers() -> Layers {
    Layers::from_doc(&fs::read_to_string(repo().join("docs/architecture.md")).unwrap())
}

#[test]
fn no_module_uses_one_above_it_or_beside_it() {
    let found = violations(&repo().join("src"), &repo_layers());
    assert!(
        found.is_empty(),
        "edges against docs/architecture.md:\n{}",
        found.join("\n")
    );
}

/// The fixture's base/text.rs uses render::theme (up), site/links.rs uses
/// site::write (across); the same uses in a comment, a string and a
/// `#[cfg(test)]` module are not edges.
#[test]
fn a_backward_use_is_found_with_its_file_and_line() {
    let found = violations(&repo().join("tests/fixtures/layers/src"), &repo_layers());
    assert_eq!(
        found,
        [
            "src/base/text.rs:3: `base::text` uses `render::theme::Theme` (render::theme), which is above it in docs/architecture.md's layers",
            "src/base/text.rs:9: `base::text` uses `render::format::figure` (render), which is above it in docs/architecture.md's layers",
            "src/site/links.rs:4: `site::links` uses `site::write::Staging` (site::write), which is on the same line in docs/architecture.md's layers",
        ],
    );
}

#[test]
fn use_groups_and_super_paths_are_read_whole() {
    let text = strip(
        "use crate::{base::{text::Lang, diagnostic}, model::Plan};\nuse super::super::rows::x;\nlet s = \"crate::cmd\"; // crate::cmd\nlet c = '\"'; crate::site::build(r#\"crate::cmd\"#);\n",
    );
    let module: Vec<String> = ["cmd", "import", "csv"].map(String::from).to_vec();
    let found: Vec<(usize, String)> = paths(&text, &module)
        .into_iter()
        .map(|(line, path)| (line, path.join("::")))
        .collect();
    let want = [
        (1, "base::text::Lang"),
        (1, "base::diagnostic"),
        (1, "model::Plan"),
        (2, "cmd::rows::x"),
        (4, "site::build"),
    ];
    assert_eq!(found, want.map(|(l, p)| (l, p.to_string())));
}

/// Every file of src/ is named in docs/architecture.md by its path below
/// src/, and every module of the layers block is one of src/.
#[test]
fn every_module_of_src_is_in_the_architecture_doc() {
    let doc = fs::read_to_string(repo().join("docs/architecture.md")).unwrap();
    let files = rust_files(&repo().join("src"));
    let missing: Vec<&String> = files
        .iter()
        .filter(|rel| !rel.ends_with("mod.rs") && *rel != "lib.rs" && *rel != "main.rs")
        .filter(|rel| !doc.contains(&format!("`{rel}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "not named in docs/architecture.md (as `path/below/src.rs`): {missing:?}"
    );
    let modules: BTreeSet<String> = files.iter().map(|rel| module_of(rel).join("::")).collect();
    let layers = repo_layers();
    let stale: Vec<&str> = layers
        .names()
        .filter(|name| *name != "main" && !modules.contains(*name))
        .collect();
    assert!(
        stale.is_empty(),
        "the layers name modules src/ does not have: {stale:?}"
    );
}
