//! Reading content files: text decoding and TOML parsing whose errors always
//! name the file and point at the place in it.

use std::fs;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::diagnostic::Diagnostic;

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
pub fn parse_toml<T: DeserializeOwned>(path: &Path, source: &Arc<str>) -> Result<T, Diagnostic> {
    toml::from_str(source).map_err(|e| toml_error(path, source, &e))
}

fn toml_error(path: &Path, source: &Arc<str>, e: &toml::de::Error) -> Diagnostic {
    let message = e.message().trim().to_string();
    let mut d = Diagnostic::error(message.clone()).in_file(path);
    if let Some(span) = e.span() {
        d = d.at(source, span);
    }
    if let Some((unknown, expected)) = parse_unknown_field(&message) {
        let closest = expected
            .iter()
            .map(|k| (strsim::jaro_winkler(&unknown, k), k))
            .filter(|(score, _)| *score > 0.7)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        d = d
            .field(unknown.clone())
            .ja(format!("`{unknown}` という項目名は使えません"));
        d = match closest {
            Some((_, k)) => d
                .help(format!("did you mean `{k}`?"))
                .ja_help(format!("`{k}` の書き間違いではありませんか？")),
            None => d
                .help(format!("known fields here: {}", expected.join(", ")))
                .ja_help(format!("ここで使える項目名: {}", expected.join(", "))),
        };
    } else if let Some(field) = parse_quoted(&message, "missing field `") {
        d = d
            .ja(format!("必須の項目 `{field}` がありません"))
            .help(format!(
                "add `{field} = …` to this table (see docs/content-format.md)"
            ))
            .ja_help(format!(
                "この表に `{field} = …` を書き加えてください（docs/content-format.md を参照）"
            ))
            .field(field);
    } else if [
        "invalid type",
        "unknown variant",
        "invalid value",
        "invalid length",
    ]
    .iter()
    .any(|m| message.contains(m))
    {
        d = d
            .ja(format!("値の種類が正しくありません（{message}）"))
            .help("see docs/content-format.md for the value this field takes")
            .ja_help("この項目に書ける値は docs/content-format.md を見てください");
    } else if message.starts_with(FIGURE_ERROR_PREFIX) {
        d = d.ja(
            "数値を書いてください。引用符・単位・桁区切りのカンマは付けません（例：45872、38.1。実施の有無は true / false）",
        );
    } else if figure_line(source, e.span()) {
        // `actual = 45,872枚` is not a TOML value at all: say what is meant.
        d = d
            .ja(format!("TOML の書き方に誤りがあります（{message}）"))
            .help("figures are plain numbers, without units, commas or quotes: e.g. actual = 45872")
            .ja_help("数値は単位・カンマ・引用符を付けずに書きます（例：actual = 45872）");
    } else {
        d = d
            .ja(format!("TOML の書き方に誤りがあります（{message}）"))
            .help("check the TOML syntax here: quotes, `=`, brackets and commas")
            .ja_help("この行の引用符「\"」、「=」、かっこ、カンマを確認してください");
    }
    d
}

/// Whether the error is on a line that sets a figure (`target = …`, `actual = …`, `value = …`).
fn figure_line(source: &str, span: Option<std::ops::Range<usize>>) -> bool {
    let Some(span) = span else { return false };
    let at = span.start.min(source.len());
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
    let rest = message.split_once("expected")?.1;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((unknown, expected))
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
        assert!(
            d.help.as_deref().unwrap().contains("e.g. actual = 45872"),
            "{d:?}"
        );
        assert!(
            d.render_in(crate::text::Lang::Ja)
                .contains("数値は単位・カンマ・引用符を付けずに書きます")
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
