//! Reading content files: text decoding and TOML parsing whose errors always
//! name the file and point at the place in it.

use std::fs;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::base::diagnostic::Diagnostic;

/// Messages of our own value parsers start with this and carry their own advice.
pub const FIGURE_ERROR_PREFIX: &str = "expected a number";

/// Largest content file accepted; anything bigger is surely not hand-written content.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Reads a content file as UTF-8 text. A byte-order mark is dropped; CRLF line
/// ends are kept (TOML and Markdown read them fine).
///
/// Only regular files are read: a symbolic link is refused (nothing outside
/// `content/` may be published), and so is anything else that is not a plain
/// file (a folder, a named pipe that would block the build forever, a device).
/// At most [`MAX_FILE_BYTES`] are read even if the file grows meanwhile.
pub fn read_text(path: &Path) -> Result<Arc<str>, Diagnostic> {
    let meta =
        fs::symlink_metadata(path).map_err(|e| io_error(path, "could not read the file", &e))?;
    if meta.file_type().is_symlink() {
        return Err(Diagnostic::error(
            "the file is a symbolic link; links in content/ are not followed",
        )
        .ja("このファイルはシンボリックリンクです。content/ の中のリンクはたどりません")
        .in_file(path)
        .help("copy the file into content/ instead of linking to it")
        .ja_help("リンクではなく、ファイルそのものを content/ にコピーしてください"));
    }
    if !meta.is_file() {
        return Err(Diagnostic::error("this is not a regular file")
            .ja("普通のファイルではありません")
            .in_file(path)
            .help("content files are plain text files; move this away or rename it")
            .ja_help(
                "コンテンツはテキストファイルです。これを別の場所に移すか、名前を変えてください",
            ));
    }
    let too_big = |len: u64| {
        Diagnostic::error(format!(
            "the file is {len} bytes; content files may be at most {MAX_FILE_BYTES} bytes"
        ))
        .ja(format!(
            "ファイルが {len} バイトあります。コンテンツのファイルは {MAX_FILE_BYTES} バイトまでです"
        ))
        .in_file(path)
        .help("split the text, or check that this is the right file")
        .ja_help("文章を分けるか、正しいファイルか確かめてください")
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(meta.len()));
    }
    let file = fs::File::open(path).map_err(|e| io_error(path, "could not read the file", &e))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(path, "could not read the file", &e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    decode(path, &bytes)
}

fn decode(path: &Path, bytes: &[u8]) -> Result<Arc<str>, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err(
            Diagnostic::error("the file contains NUL bytes; it is not a text file")
                .ja("テキストファイルではありません（NUL 文字が入っています）")
                .in_file(path)
                .help("save it again as plain text (UTF-8)")
                .ja_help("テキスト形式（UTF-8）で保存し直してください"),
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Arc::from(text)),
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(Diagnostic::error(format!(
                "the file is not UTF-8 text (first invalid byte on line {line}); \
                 it may have been saved as Shift_JIS"
            ))
            .in_file(path)
            .ja(format!(
                "ファイルが UTF-8 ではありません（{line}行目に読めない文字）。Shift_JIS で保存された可能性があります"
            ))
            .help("save the file as UTF-8 (in Notepad: \"Save as\" → Encoding: UTF-8)")
            .ja_help("メモ帳で開き「名前を付けて保存」で文字コードを「UTF-8」にして保存し直してください"))
        }
    }
}

pub fn io_error(path: &Path, what: &str, e: &std::io::Error) -> Diagnostic {
    use std::io::ErrorKind;
    let what_ja = match what {
        "could not read the file" => "ファイルを読めませんでした",
        "could not write the file" => "ファイルを書き込めませんでした",
        "could not create the folder" => "フォルダーを作成できませんでした",
        "could not create the staging folder" => "作業用フォルダーを作成できませんでした",
        "could not move the old site aside" => "公開中のサイトを退避できませんでした",
        "could not put the new site in place" => "新しいサイトを配置できませんでした",
        "could not open the folder" | "could not read the folder" => "フォルダーを開けませんでした",
        "could not read the theme" => "テーマを読めませんでした",
        "invalid output folder" => "出力先のフォルダーが正しくありません",
        _ => "ファイル操作に失敗しました",
    };
    let (why_ja, help_ja) = match e.kind() {
        ErrorKind::NotFound => (
            "見つかりません",
            "ファイルやフォルダーの場所と名前を確かめてください",
        ),
        ErrorKind::PermissionDenied => (
            "権限がありません",
            "ほかのプログラムで開いていないか、書き込みの権限があるか確かめてください",
        ),
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => (
            "ディスクの空きがありません",
            "不要なファイルを消して空きを作ってください",
        ),
        _ => (
            "",
            "もう一度実行してください。続く場合は表示された内容を担当者に伝えてください",
        ),
    };
    let ja = if why_ja.is_empty() {
        format!("{what_ja}（{e}）")
    } else {
        format!("{what_ja}：{why_ja}（{e}）")
    };
    Diagnostic::error(format!("{what}: {e}"))
        .ja(ja)
        .ja_help(help_ja)
        .in_file(path)
}

/// Parses TOML into `T`. Syntax errors, missing and misspelt fields come back
/// with the span; for a misspelt field the closest known name is suggested.
///
/// The parser's reasons are said in the office's words, in English and
/// Japanese: the common syntax errors (a missing quote, `=` or comma, a
/// duplicate key, …), a figure typed as in a spreadsheet (`45,872`,
/// `４５８７２`, `452件`), a year written as people write it (`令和7`), a
/// value of the wrong kind and a misspelt word; any other reason is quoted
/// in Japanese as the parser's own words (TOML 読み取り部の原文).
pub fn parse_toml<T: DeserializeOwned>(path: &Path, source: &Arc<str>) -> Result<T, Diagnostic> {
    toml::from_str(source).map_err(|e| toml_error(path, source, &e))
}

fn toml_error(path: &Path, source: &Arc<str>, e: &toml::de::Error) -> Diagnostic {
    let message = e.message().trim().to_string();
    let d = Diagnostic::error(message.clone()).in_file(path);
    let span = e.span().map(|s| one_line(source, s));
    let d = match &span {
        Some(span) => d.at(source, span.clone()),
        None => d,
    };
    let place = span.as_ref().map(|s| s.start);
    // Where the parser stopped, before [`one_line`] moved the mark.
    let stopped = e.span().map(|s| floor_boundary(source, s.start));
    if message.starts_with(FIGURE_ERROR_PREFIX) {
        return d.ja(
            "数値を書いてください。引用符・単位・桁区切りのカンマは付けません（例：45872、38.1。実施の有無は true / false）",
        );
    }
    if let Some(at) = place {
        if !message.starts_with("invalid type")
            && let Some(fix) = figure_mistake(source, at)
        {
            return fix.diagnostic(d, source);
        }
        if let Some(d) = year_written_another_way(d.clone(), source, at, &message) {
            return d;
        }
    }
    if let Some((unknown, expected)) = parse_unknown_field(&message) {
        let closest = closest(&unknown, &expected);
        let d = d
            .field(unknown.clone())
            .ja(format!("`{unknown}` という項目名は使えません"));
        return match closest {
            Some(k) => d
                .help(format!("did you mean `{k}`?"))
                .ja_help(format!("`{k}` の書き間違いではありませんか？")),
            None => d
                .help(format!("known fields here: {}", expected.join(", ")))
                .ja_help(format!("ここで使える項目名: {}", expected.join(", "))),
        };
    }
    if let Some(field) = parse_quoted(&message, "missing field `") {
        return d
            .ja(format!("必須の項目 `{field}` がありません"))
            .help(format!(
                "add `{field} = …` to this table (see docs/content-format.md)"
            ))
            .ja_help(format!(
                "この表に `{field} = …` を書き加えてください（docs/content-format.md を参照）"
            ))
            .field(field);
    }
    if let Some(word) = parse_quoted(&message, "unknown variant `") {
        return unknown_word(d, &word, &quoted_after_expected(&message));
    }
    if let Some(d) = wrong_kind_of_value(d.clone(), &message) {
        return d;
    }
    if let Some(d) = syntax_reason(d.clone(), source, stopped, &message) {
        return d;
    }
    let d = d.ja(format!(
        "TOML の書き方に誤りがあります（TOML 読み取り部の原文: {message}）"
    ));
    if figure_line(source, span) {
        d.help("figures are plain numbers, without units, commas or quotes: e.g. actual = 45872")
            .ja_help("数値は単位・カンマ・引用符を付けずに書きます（例：actual = 45872）")
    } else {
        d.help("check the TOML syntax here: quotes, `=`, brackets and commas")
            .ja_help("この行の引用符「\"」、「=」、かっこ、カンマを確認してください")
    }
}

/// The fields whose value is a fiscal year.
const YEAR_FIELDS: [&str; 4] = ["latest_reviewed_year", "first_year", "last_year", "year"];

/// A fiscal year written as people write it (`令和7`, `R7`, `２０２５`,
/// `2025年度`) where TOML or the field wants a plain number: as a key
/// (`令和7 = { … }`, a syntax error) or as the value of a year field
/// (`latest_reviewed_year = 令和7`, or `"令和7"`). Says which number to write
/// ([`crate::base::text::parse_year_hint`]).
fn year_written_another_way(
    d: Diagnostic,
    source: &Arc<str>,
    at: usize,
    message: &str,
) -> Option<Diagnostic> {
    let token = token_at(source, at);
    let written = &source[token.clone()];
    // `"2025"` is a year in quotes: said as a number in quotes.
    if written.trim_matches('"').parse::<i32>().is_ok() {
        return None;
    }
    let year = crate::base::text::parse_year_hint(written.trim_matches('"'))?;
    let field = key_before(source, token.start);
    let as_key = message.starts_with("invalid unquoted key");
    let as_value = field.is_some_and(|f| YEAR_FIELDS.contains(&f))
        && (message.starts_with("string values must be quoted")
            || message.starts_with("invalid type"));
    if !as_key && !as_value {
        return None;
    }
    let (help, ja_help) = crate::base::text::year_advice(written, year);
    let unquoted = written.trim_matches('"');
    let mut d = d
        .at(source, token)
        .ja(format!("`{unquoted}` は年度ではありません"))
        .help(help)
        .ja_help(ja_help);
    d.message = format!("`{unquoted}` is not a fiscal year");
    Some(match (as_value, field) {
        (true, Some(f)) => d.field(f),
        _ => d,
    })
}

/// A figure typed as people type it, which TOML does not read as a number:
/// with thousands separators (`45,872`), in full-width digits (`４５８７２`)
/// or with its unit (`452件`).
struct FigureMistake {
    /// The field: `actual`, `target`, `value`, or another such as `number`
    /// (which takes no unit).
    key: String,
    /// Where the figure is, as written.
    span: std::ops::Range<usize>,
    /// The figure as it should be written: `45872`.
    number: String,
    comma: bool,
    full_width: bool,
    unit: Option<String>,
}

impl FigureMistake {
    fn diagnostic(self, d: Diagnostic, source: &Arc<str>) -> Diagnostic {
        let written = &source[self.span.clone()];
        let (mut why, mut why_ja, mut how, mut how_ja) = (vec![], vec![], vec![], vec![]);
        if self.full_width {
            why.push("it is in full-width digits".to_string());
            why_ja.push("全角の数字で書かれています".to_string());
            how.push("half-width digits".to_string());
            how_ja.push("半角数字で".to_string());
        }
        if self.comma {
            why.push("it has a thousands separator (,)".to_string());
            why_ja.push("桁区切りのカンマが入っています".to_string());
            how.push("no comma".to_string());
            how_ja.push("カンマを付けずに".to_string());
        }
        if let Some(unit) = &self.unit {
            why.push(format!("it has the unit `{unit}`"));
            why_ja.push(format!("単位「{unit}」が付いています"));
            how.push("no unit: the indicator's `unit` names it".to_string());
            how_ja.push("単位を付けずに".to_string());
        }
        let (key, number) = (&self.key, &self.number);
        let mut d = d
            .at(source, self.span.clone())
            .ja(format!(
                "`{written}` を数値として読めません。{}",
                why_ja.join("。")
            ))
            .help(format!("write {key} = {number} ({})", how.join(", ")))
            .ja_help(format!(
                "{} {key} = {number} と書いてください",
                how_ja.join("、")
            ));
        d.message = format!(
            "`{written}` is not a number TOML can read: {}",
            why.join("; ")
        );
        d
    }
}

/// The figure whose value the error at `at` is in, if it is a figure typed
/// in one of the ways [`FigureMistake`] knows.
fn figure_mistake(source: &str, at: usize) -> Option<FigureMistake> {
    let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[at..].find('\n').map_or(source.len(), |i| at + i);
    let line = &source[line_start..line_end];
    // The last `key =` on the line whose value starts before the error.
    let (key, value_start) = line
        .match_indices('=')
        .filter_map(|(i, _)| {
            let key = line[..i]
                .trim_end()
                .rsplit(|c: char| c.is_whitespace() || c == '{' || c == ',')
                .next()
                .filter(|k| !k.is_empty())?;
            let value = line[i + 1..].trim_start();
            Some((key, line_start + line.len() - value.len()))
        })
        .filter(|(_, v)| *v <= at)
        .max_by_key(|(_, v)| *v)?;
    // A year is said by the year's own message; other fields take no unit.
    if YEAR_FIELDS.contains(&key) {
        return None;
    }
    let is_figure = ["target", "actual", "value"].contains(&key);
    let text = &source[value_start..line_end];
    let is_number_char = |c: char| {
        c.is_ascii_digit()
            || ('０'..='９').contains(&c)
            || matches!(c, ',' | '，' | '.' | '．' | '-' | '−' | '+' | '＋')
    };
    let numeric_len: usize = text
        .chars()
        .take_while(|&c| is_number_char(c))
        .map(char::len_utf8)
        .sum();
    let numeric = text[..numeric_len].trim_end_matches([',', '，']);
    let rest = &text[numeric.len()..];
    let unit_len: usize = if numeric.len() == numeric_len {
        rest.chars()
            .take_while(|&c| !(c.is_whitespace() || matches!(c, '}' | ']' | ',' | '#' | '"')))
            .map(char::len_utf8)
            .sum()
    } else {
        0
    };
    let end = value_start + numeric.len() + unit_len;
    // The error must be in the figure or just after it.
    let next = source[end..line_end]
        .char_indices()
        .find(|(_, c)| !c.is_whitespace())
        .map_or(line_end, |(i, _)| end + i);
    if at > next {
        return None;
    }
    let plain: String = numeric
        .chars()
        .filter_map(|c| match c {
            ',' | '，' => None,
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            '．' => Some('.'),
            '−' => Some('-'),
            '＋' => Some('+'),
            c => Some(c),
        })
        .collect();
    if !plain.chars().any(|c| c.is_ascii_digit()) || plain.parse::<f64>().is_err() {
        return None;
    }
    let number = plain.trim_start_matches('+').to_string();
    let comma = numeric.contains([',', '，']);
    let full_width = !numeric.is_ascii();
    let unit = (unit_len > 0).then(|| rest[..unit_len].to_string());
    if !comma && !full_width && unit.is_none() || unit.is_some() && !is_figure {
        return None;
    }
    Some(FigureMistake {
        key: key.to_string(),
        span: value_start..end,
        number,
        comma,
        full_width,
        unit,
    })
}

/// `unknown variant `contine`, expected one of `study`, …`: the words this
/// field takes, and the one meant if it was misspelt.
fn unknown_word(d: Diagnostic, word: &str, allowed: &[String]) -> Diagnostic {
    let list = allowed.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>();
    let mut d = d.ja(format!(
        "`{word}` はここに書ける値ではありません（書けるのは {} のいずれかです）",
        list.join("・")
    ));
    d.message = format!(
        "`{word}` is not one of the words this field takes: {}",
        list.join(", ")
    );
    match closest(word, allowed) {
        Some(k) => d
            .help(format!("did you mean `{k}`?"))
            .ja_help(format!("`{k}` の書き間違いではありませんか？")),
        None => d
            .help(format!("write one of {}", list.join(", ")))
            .ja_help(format!("{} のいずれかを書いてください", list.join("・"))),
    }
}

/// `invalid type: string "1", expected u32` and `invalid value: integer
/// `-1`, expected u32`: what the field takes, in words.
fn wrong_kind_of_value(d: Diagnostic, message: &str) -> Option<Diagnostic> {
    let (found, expected) = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))?
        .rsplit_once(", expected ")?;
    let (wants, wants_ja) = match expected.trim() {
        "u8" | "u16" | "u32" | "u64" | "usize" => ("a whole number of 0 or more", "0以上の整数"),
        "i8" | "i16" | "i32" | "i64" | "isize" => ("a whole number", "整数"),
        "f32" | "f64" => ("a number", "数値"),
        "a boolean" => ("true or false", "true か false"),
        "a string" | "a borrowed string" => ("a text in double quotes", "「\"」で囲んだ文字列"),
        "a sequence" => ("a list in square brackets [ … ]", "[ ] で囲んだ一覧"),
        "struct LangText" => (
            "a text in Japanese and English: { ja = \"…\", en = \"…\" }",
            "日本語と英語の文章（{ ja = \"…\", en = \"…\" }）",
        ),
        w if w.starts_with("struct ") || w == "a map" => ("a table { … }", "{ } の表"),
        _ => return None,
    };
    let (found_en, found_ja, text) = if let Some(s) = found.strip_prefix("string ") {
        (
            format!("the text {s}"),
            format!("文字列 {s}"),
            Some(s.trim_matches('"')),
        )
    } else if let Some(n) = found
        .strip_prefix("integer ")
        .or_else(|| found.strip_prefix("floating point "))
    {
        let n = n.trim_matches('`');
        (format!("the number {n}"), format!("数値 {n}"), None)
    } else if let Some(b) = found.strip_prefix("boolean ") {
        let b = b.trim_matches('`');
        (b.to_string(), b.to_string(), None)
    } else if found == "map" {
        ("a table".to_string(), "表".to_string(), None)
    } else if found == "sequence" {
        ("a list".to_string(), "一覧".to_string(), None)
    } else {
        return None;
    };
    let mut d = d.ja(format!(
        "ここには{wants_ja}を書きます（書かれているのは {found_ja} です）"
    ));
    d.message = format!("this field takes {wants}, not {found_en}");
    let number_in_quotes = text.filter(|t| {
        !t.trim().is_empty()
            && t.trim().parse::<f64>().is_ok()
            && matches!(wants_ja, "0以上の整数" | "整数" | "数値")
    });
    Some(match (number_in_quotes, text, expected.trim()) {
        (Some(n), _, _) => d
            .help(format!("write {} without the quotes", n.trim()))
            .ja_help(format!("引用符を外して {} と書いてください", n.trim())),
        (None, Some(t), "struct LangText") => d
            .help(format!("write {{ ja = \"{t}\", en = \"…\" }}"))
            .ja_help(format!(
                "{{ ja = \"{t}\", en = \"…\" }} のように日本語と英語を書いてください"
            )),
        (None, Some(t), "a boolean") if matches!(t, "true" | "false") => d
            .help(format!("write {t} without the quotes"))
            .ja_help(format!("引用符を外して {t} と書いてください")),
        _ => d
            .help("see docs/content-format.md for the value this field takes")
            .ja_help("この項目に書ける値は docs/content-format.md を見てください"),
    })
}

/// The common TOML syntax errors, said for the office in both languages.
fn syntax_reason(
    d: Diagnostic,
    source: &Arc<str>,
    at: Option<usize>,
    message: &str,
) -> Option<Diagnostic> {
    let reason = message.split(", expected").next().unwrap_or(message);
    let at = at?;
    let token = token_at(source, at);
    let written = &source[token.clone()];
    let here = source[at..].chars().next().unwrap_or('\n');
    let key = key_before(source, at);
    // The value as the parser marks it (`1 2`, `yes`), else the word at the error.
    let value = d
        .span
        .clone()
        .map(|s| source[s].trim())
        .filter(|v| !v.is_empty() && !v.contains('\n'))
        .unwrap_or(written);
    let figure = key.is_some_and(|k| ["target", "actual", "value"].contains(&k));
    // `key =` with nothing after it on the line (or just before `}` / `,`).
    let no_value = key.is_some()
        && (matches!(here, '\n' | '\r' | '}' | ',' | '#') || at == source.len())
        && matches!(
            reason,
            "string values must be quoted" | "invalid literal string" | "invalid string"
        );
    let (en, ja, help, ja_help): (String, String, &str, String) = if no_value {
        let key = key.unwrap_or_default();
        (
            format!("`{key} =` has no value"),
            format!("`{key} =` の後に値がありません"),
            "write the value after `=`, or delete the line",
            "「=」の後に値を書くか、その項目を消してください".into(),
        )
    } else {
        match reason {
            "invalid basic string" => (
                "the text has no closing double quote (\")".into(),
                "文字列を閉じる引用符「\"」がありません".into(),
                "end the text with \" on the same line, e.g. division = \"digital\"",
                "文字列は同じ行の中で「\"」で閉じます（例：division = \"digital\"）".into(),
            ),
            "invalid literal string" => (
                "the text has no closing single quote (')".into(),
                "文字列を閉じる引用符「'」がありません".into(),
                "end the text with ' on the same line, or write it in double quotes: \"…\"",
                "文字列は同じ行の中で「'」で閉じるか、「\"」で囲んでください".into(),
            ),
            "string values must be quoted" if written.starts_with(['“', '”', '「', '『', '‘']) => (
                format!("`{written}` is in typographic quotes, which TOML does not read"),
                format!("`{written}` の引用符は TOML では使えません"),
                "put text in straight double quotes (\"…\"), not “ ” or 「 」",
                "文字列は半角の「\"」で囲みます（“ ” や「 」は使えません）".into(),
            ),
            "string values must be quoted" if figure => (
                format!("`{value}` is not a number TOML can read"),
                format!("`{value}` を数値として読めません"),
                "figures are plain numbers, without units, commas or quotes: e.g. actual = 45872",
                "数値は単位・カンマ・引用符を付けずに書きます（例：actual = 45872）".into(),
            ),
            "string values must be quoted"
                if ["yes", "no", "on", "off", "はい", "いいえ", "TRUE", "FALSE", "True", "False"]
                    .contains(&value) =>
            (
                format!("`{value}` is not true or false"),
                format!("`{value}` は true でも false でもありません"),
                "write true or false in lower case, without quotes",
                "true か false を半角の小文字で、引用符を付けずに書いてください".into(),
            ),
            "string values must be quoted"
                if value.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c)) =>
            (
                format!("`{value}` is neither a number nor a text in quotes"),
                format!("`{value}` は数値としても文字列としても読めません"),
                "write a number in half-width digits without spaces, commas or units (e.g. 45872), or put text in double quotes",
                "数値は半角数字だけで（空白・カンマ・単位を付けずに）書き、文字列は「\"」で囲んでください".into(),
            ),
            "string values must be quoted" => (
                format!("the text `{value}` is not in double quotes"),
                format!("文字列 `{value}` が引用符「\"」で囲まれていません"),
                "put text in double quotes, e.g. division = \"digital\"; numbers and true/false go without quotes",
                "文字列は「\"」で囲みます（例：division = \"digital\"）。数値と true / false は囲みません"
                    .into(),
            ),
            "invalid unquoted key" if written.contains('\u{3000}') => (
                format!("`{}` has a full-width space", written.trim_end_matches('\u{3000}')),
                "全角スペースが入っています".into(),
                "use a half-width space, or none",
                "全角スペースを半角スペースにするか、消してください".into(),
            ),
            "invalid unquoted key" => (
                format!("`{written}` cannot be a key (field name) as written"),
                format!("`{written}` は項目名として使えない文字を含んでいます"),
                "write names in half-width letters, digits, - and _ (see docs/content-format.md), or put the name in double quotes",
                "項目名は半角の英数字・「-」・「_」で書くか、「\"」で囲んでください（docs/content-format.md を参照）"
                    .into(),
            ),
            "key with no value" if here == '＝' => (
                "full-width ＝ instead of =".into(),
                "全角の「＝」が使われています".into(),
                "write the half-width =",
                "半角の「=」にしてください".into(),
            ),
            "key with no value" => (
                "`=` is missing between the name and the value".into(),
                "項目名の後に「=」がありません".into(),
                "write name = value, e.g. division = \"digital\"",
                "「項目名 = 値」の形で書いてください（例：division = \"digital\"）".into(),
            ),
            "unexpected key or value" => (
                "something more follows the value on this line".into(),
                "値の後に余分な文字があります".into(),
                "write one name = value per line; text goes in one pair of double quotes",
                "「項目名 = 値」は1行に一つずつ書き、文字列は一組の「\"」で囲んでください".into(),
            ),
            "extra assignment between key-value pairs" => (
                "a comma is missing between two entries of { … }".into(),
                "{ } の中の項目の間にカンマ「,」がありません".into(),
                "separate the entries with commas, e.g. { target = 440, actual = 452 }",
                "{ target = 440, actual = 452 } のように、項目の間をカンマで区切ってください".into(),
            ),
            "missing comma between key-value pairs" => (
                "a comma between two entries of { … }, or its closing }, is missing".into(),
                "{ } の中の項目の間のカンマ「,」か、閉じかっこ「}」がありません".into(),
                "write { … } on one line, entries separated by commas: { target = 440, actual = 452 }",
                "{ target = 440, actual = 452 } のように1行で書き、項目の間をカンマで区切って「}」で閉じてください"
                    .into(),
            ),
            "extra comma in inline table" => (
                "one comma too many in { … }".into(),
                "{ } の中に余分なカンマ「,」があります".into(),
                "separate the entries with one comma each: { target = 440, actual = 452 }",
                "{ target = 440, actual = 452 } のように、項目の間にカンマを一つずつ書いてください".into(),
            ),
            "unclosed table" => (
                "the table name has no closing ]".into(),
                "表の名前を閉じる「]」がありません".into(),
                "close the name on the same line, e.g. [indicators.years]",
                "同じ行の中で「]」で閉じてください（例：[indicators.years]）".into(),
            ),
            "unclosed array table" => (
                "the table name has no closing ]]".into(),
                "表の名前を閉じる「]]」がありません".into(),
                "close the name on the same line, e.g. [[indicators]]",
                "同じ行の中で「]]」で閉じてください（例：[[indicators]]）".into(),
            ),
            "unclosed inline table" => (
                "{ has no closing }".into(),
                "「{」を閉じる「}」がありません".into(),
                "close it on the same line: { ja = \"…\", en = \"…\" }",
                "同じ行の中で「}」で閉じてください（例：{ ja = \"…\", en = \"…\" }）".into(),
            ),
            "unclosed array" => (
                "[ has no closing ]".into(),
                "「[」を閉じる「]」がありません".into(),
                "close the list with ], e.g. [\"ja\", \"en\"]",
                "一覧は「]」で閉じてください（例：[\"ja\", \"en\"]）".into(),
            ),
            "duplicate key" => (
                format!("`{}` is set twice", written.trim_matches('"')),
                format!("項目 `{}` が二度書かれています", written.trim_matches('"')),
                "delete one of the two, or correct the name",
                "どちらか一方を消すか、名前を直してください".into(),
            ),
            "invalid boolean" => (
                format!("`{written}` is not true or false"),
                format!("`{written}` は true でも false でもありません"),
                "write true or false in lower case, without quotes",
                "true か false を半角の小文字で、引用符を付けずに書いてください".into(),
            ),
            "invalid fraction" => (
                "a decimal point with no digit after it".into(),
                "小数点「.」の後に数字がありません".into(),
                "write e.g. 45.5, or 45 without the point",
                "45.5 のように小数点の後に数字を書くか、小数点を消してください".into(),
            ),
            _ => return None,
        }
    };
    let mut d = d.ja(ja).help(help).ja_help(ja_help);
    d.message = en;
    if reason == "duplicate key" {
        d = d.at(source, token);
    }
    // A `{` left open is found on the next line: mark the line where it is.
    if reason == "missing comma between key-value pairs"
        && let Some(last) = source[..at].trim_end().char_indices().next_back()
        && source[..at].trim_end().len() < source[..at].rfind('\n').unwrap_or(0) + 1
    {
        let word = token_at(source, last.0);
        let word = if word.is_empty() {
            last.0..last.0 + last.1.len_utf8()
        } else {
            word
        };
        d = d.at(source, word);
    }
    Some(d)
}

/// The closest of `known` to `word`, if close enough to be a misspelling.
fn closest<'a>(word: &str, known: &'a [String]) -> Option<&'a String> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(word, k), k))
        .filter(|(score, _)| *score > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// The words in backquotes after `expected` in a serde message.
fn quoted_after_expected(message: &str) -> Vec<String> {
    let Some((_, rest)) = message.split_once("expected") else {
        return Vec::new();
    };
    rest.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A span of the parser on the line where it starts: the parser marks a
/// missing closing quote or value from the line's end into the next line;
/// that becomes the last word before the line's end (`"digital`, `=`).
fn one_line(source: &str, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let start = floor_boundary(source, span.start);
    let end = floor_boundary(source, span.end).max(start);
    let line_end = source[start..]
        .find(['\r', '\n'])
        .map_or(source.len(), |i| start + i);
    if start < line_end {
        return start..end.min(line_end);
    }
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    match source[line_start..start]
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_whitespace())
    {
        Some((i, c)) => {
            let last = line_start + i;
            let word = token_at(source, last);
            if word.is_empty() {
                last..last + c.len_utf8()
            } else {
                word
            }
        }
        None => start..end,
    }
}

/// The word around `at`: the run of characters between spaces, `=`, commas,
/// brackets and braces (quotes included): `令和7` of `令和7 = {`, `"R7"`.
fn token_at(source: &str, at: usize) -> std::ops::Range<usize> {
    let at = floor_boundary(source, at);
    let stop =
        |c: char| c.is_ascii_whitespace() || matches!(c, '=' | ',' | '{' | '}' | '[' | ']' | '#');
    let start = source[..at]
        .char_indices()
        .rev()
        .find(|(_, c)| stop(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = source[at..]
        .char_indices()
        .find(|(_, c)| stop(*c))
        .map_or(source.len(), |(i, _)| at + i);
    start..end.max(start)
}

/// The key of the `key = value` whose value starts at `at` on its line, if any.
fn key_before(source: &str, at: usize) -> Option<&str> {
    let at = floor_boundary(source, at);
    let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = source[line_start..at]
        .trim_end()
        .strip_suffix('=')?
        .trim_end();
    let key = before
        .rsplit(|c: char| c.is_whitespace() || c == '{' || c == ',')
        .next()?
        .trim_matches('"');
    (!key.is_empty()).then_some(key)
}

/// Whether the error is on a line that sets a figure (`target = …`, `actual = …`, `value = …`).
fn figure_line(source: &str, span: Option<std::ops::Range<usize>>) -> bool {
    let Some(span) = span else { return false };
    let at = floor_boundary(source, span.start);
    let start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = source[at..].find('\n').map_or(source.len(), |i| at + i);
    let line = &source[start..end];
    ["target", "actual", "value"].iter().any(|k| {
        line.match_indices(k)
            .any(|(i, _)| line[i + k.len()..].trim_start().starts_with('='))
    })
}

/// `unknown field `titel`, expected one of `a`, `b`` → ("titel", ["a", "b"]).
fn parse_unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let unknown = parse_quoted(message, "unknown field `")?;
    message.split_once("expected")?;
    Some((unknown, quoted_after_expected(message)))
}

fn parse_quoted(message: &str, prefix: &str) -> Option<String> {
    let start = message.find(prefix)? + prefix.len();
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
        number: u32,
    }

    #[test]
    fn misspelt_field_suggests_the_closest() {
        let src: Arc<str> = Arc::from("titel = \"a\"\nnumber = 1\n");
        let d = parse_toml::<T>(Path::new("a.toml"), &src).unwrap_err();
        assert!(d.message.contains("titel"), "{}", d.message);
        assert_eq!(d.help.as_deref(), Some("did you mean `title`?"));
        assert_eq!(d.line_col(), Some((1, 1)));
    }

    #[test]
    fn a_figure_with_units_gets_advice_about_figures() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct F {
            years: std::collections::BTreeMap<String, toml::Value>,
        }
        let src: Arc<str> = Arc::from("[years]\n2024 = { target = 46000, actual = 45,872枚 }\n");
        let d = parse_toml::<F>(Path::new("a.toml"), &src).unwrap_err();
        assert_eq!(
            d.message,
            "`45,872枚` is not a number TOML can read: it has a thousands separator (,); it has the unit `枚`"
        );
        assert!(
            d.help
                .as_deref()
                .unwrap()
                .starts_with("write actual = 45872 (no comma, no unit"),
            "{d:?}"
        );
        let ja = d.render_in(crate::base::text::Lang::JA);
        assert!(
            ja.contains("カンマを付けずに、単位を付けずに actual = 45872 と書いてください"),
            "{ja}"
        );
        // The figure is marked, not the place where the parser stopped.
        assert_eq!(d.line_col(), Some((2, 35)));
    }

    /// What `parse_toml` says in Japanese (message and advice) for a file.
    fn japanese(src: &str) -> (String, String) {
        let src: Arc<str> = Arc::from(src);
        let d = parse_toml::<toml::Table>(Path::new("a.toml"), &src).unwrap_err();
        (
            d.message_ja.clone().unwrap_or_default(),
            d.help_ja.clone().unwrap_or_default(),
        )
    }

    #[test]
    fn the_common_syntax_errors_are_said_in_japanese() {
        for (src, ja, ja_help) in [
            (
                "division = \"digital\n",
                "文字列を閉じる引用符「\"」がありません",
                "同じ行の中で「\"」で閉じます",
            ),
            (
                "division = digital\n",
                "文字列 `digital` が引用符「\"」で囲まれていません",
                "「\"」で囲みます",
            ),
            (
                "division = “digital”\n",
                "の引用符は TOML では使えません",
                "半角の「\"」で囲みます",
            ),
            (
                "division ＝ \"digital\"\n",
                "全角の「＝」が使われています",
                "半角の「=」にしてください",
            ),
            (
                "division \"digital\"\n",
                "項目名の後に「=」がありません",
                "「項目名 = 値」の形で",
            ),
            (
                "division　= \"digital\"\n",
                "全角スペースが入っています",
                "半角スペース",
            ),
            (
                "デジタル = 1\n",
                "`デジタル` は項目名として使えない文字を含んでいます",
                "半角の英数字",
            ),
            (
                "number = 1\nnumber = 2\n",
                "項目 `number` が二度書かれています",
                "どちらか一方を消す",
            ),
            (
                "a = \"x\" \"y\"\n",
                "値の後に余分な文字があります",
                "1行に一つずつ",
            ),
            (
                "a = { b = 1 c = 2 }\n",
                "{ } の中の項目の間にカンマ「,」がありません",
                "カンマで区切って",
            ),
            (
                "a = { b = 1\nc = 2\n",
                "カンマ「,」か、閉じかっこ「}」がありません",
                "「}」で閉じて",
            ),
            (
                "[a\nb = 1\n",
                "表の名前を閉じる「]」がありません",
                "「]」で閉じて",
            ),
            (
                "a = True\n",
                "`True` は true でも false でもありません",
                "半角の小文字",
            ),
            (
                "a = yes\n",
                "`yes` は true でも false でもありません",
                "半角の小文字",
            ),
            ("a = 45.\n", "小数点「.」の後に数字がありません", "45.5"),
            (
                "a =\nb = 1\n",
                "`a =` の後に値がありません",
                "「=」の後に値を書く",
            ),
            (
                "a = 1 2\n",
                "`1 2` は数値としても文字列としても読めません",
                "半角数字だけで",
            ),
            (
                "number = １\n",
                "`１` を数値として読めません。全角の数字で書かれています",
                "半角数字で number = 1 と",
            ),
            (
                "actual = 45,872\n",
                "`45,872` を数値として読めません。桁区切りのカンマが入っています",
                "カンマを付けずに actual = 45872 と",
            ),
            (
                "target = 1,224,000\n",
                "桁区切りのカンマ",
                "カンマを付けずに target = 1224000 と",
            ),
            (
                "令和7 = 1\n",
                "`令和7` は年度ではありません",
                "令和7 ではなく 2025 と書いてください",
            ),
            (
                "２０２５ = 1\n",
                "`２０２５` は年度ではありません",
                "２０２５ ではなく 2025 と書いてください",
            ),
            (
                "2025年度 = 1\n",
                "`2025年度` は年度ではありません",
                "2025年度 ではなく 2025 と書いてください",
            ),
            (
                "latest_reviewed_year = 令和元\n",
                "`令和元` は年度ではありません",
                "令和元 ではなく 2019 と書いてください",
            ),
            (
                "first_year = R4\n",
                "`R4` は年度ではありません",
                "R4 ではなく 2022 と書いてください",
            ),
            (
                "b = { year = 平成30 }\n",
                "`平成30` は年度ではありません",
                "平成30 ではなく 2018 と書いてください",
            ),
        ] {
            let (message, help) = japanese(src);
            assert!(message.contains(ja), "{src:?}: {message}");
            assert!(help.contains(ja_help), "{src:?}: {help}");
            assert!(
                !message.contains("expected") && !message.contains("invalid"),
                "{src:?}: the parser's English in {message}"
            );
        }
    }

    #[test]
    fn other_parser_reasons_are_quoted_as_the_parsers_own_words() {
        let (message, _) = japanese("a = 0x\n");
        assert!(
            message.starts_with("TOML の書き方に誤りがあります（TOML 読み取り部の原文: "),
            "{message}"
        );
    }

    #[test]
    fn wrong_kinds_of_values_and_words_are_said_with_what_to_write() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct S {
            number: Option<u32>,
            year: Option<i32>,
            title: Option<crate::base::text::LangText>,
            direction: Option<crate::model::Direction>,
            flag: Option<bool>,
        }
        let said = |src: &str| {
            let src: Arc<str> = Arc::from(src);
            parse_toml::<S>(Path::new("a.toml"), &src).unwrap_err()
        };
        let d = said("number = \"1\"\n");
        assert_eq!(
            d.message,
            "this field takes a whole number of 0 or more, not the text \"1\""
        );
        assert_eq!(
            d.message_ja.as_deref(),
            Some("ここには0以上の整数を書きます（書かれているのは 文字列 \"1\" です）")
        );
        assert_eq!(
            d.help_ja.as_deref(),
            Some("引用符を外して 1 と書いてください")
        );
        let d = said("title = \"電子申請\"\n");
        assert!(
            d.help_ja
                .as_deref()
                .unwrap()
                .starts_with("{ ja = \"電子申請\", en = \"…\" }")
        );
        let d = said("flag = \"true\"\n");
        assert_eq!(d.help.as_deref(), Some("write true without the quotes"));
        let d = said("year = \"令和7\"\n");
        assert_eq!(d.message, "`令和7` is not a fiscal year");
        assert_eq!(
            d.help.as_deref(),
            Some("write 2025 (令和7年度) instead of \"令和7\"")
        );
        let d = said("direction = \"hihger\"\n");
        assert_eq!(
            d.message,
            "`hihger` is not one of the words this field takes: `higher`, `lower`, `milestone`"
        );
        assert_eq!(
            d.message_ja.as_deref(),
            Some(
                "`hihger` はここに書ける値ではありません（書けるのは `higher`・`lower`・`milestone` のいずれかです）"
            )
        );
        assert_eq!(d.help.as_deref(), Some("did you mean `higher`?"));
        assert_eq!(
            d.help_ja.as_deref(),
            Some("`higher` の書き間違いではありませんか？")
        );
        let d = said("direction = \"up\"\n");
        assert_eq!(
            d.help_ja.as_deref(),
            Some("`higher`・`lower`・`milestone` のいずれかを書いてください")
        );
    }

    #[test]
    fn missing_field_is_named() {
        let src: Arc<str> = Arc::from("title = \"a\"\n");
        let d = parse_toml::<T>(Path::new("a.toml"), &src).unwrap_err();
        assert_eq!(d.field.as_deref(), Some("number"));
    }

    #[test]
    fn bom_is_dropped_and_shift_jis_is_named() {
        let ok = decode(Path::new("a"), b"\xEF\xBB\xBFx = 1").unwrap();
        assert_eq!(&*ok, "x = 1");
        // 能美 in Shift_JIS
        let err = decode(Path::new("a"), b"x = \"\x94\x5c\x94\xfc\"").unwrap_err();
        assert!(err.message.contains("Shift_JIS"));
        assert!(decode(Path::new("a"), b"a\0b").is_err());
    }
}
