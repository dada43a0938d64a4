//! Languages, bilingual text, fiscal-year labels and number formatting.
//!
//! This is the one place that knows how a fiscal year or a figure is written
//! in each language, so that pages, charts and data files agree.

use serde::{Deserialize, Serialize};

/// A language a site is published in, by its BCP 47 code (`ja`, `en`,
/// `zh-Hans`, `pt-BR`, …) or `ja-basic` for やさしい日本語 (easy Japanese).
/// Japanese is the source and lives at the root of the output; every other
/// language lives in the folder named by its code (`en/`, `ja-basic/`).
///
/// A language is a small copyable handle: the codes a site lists are kept
/// for the life of the process (a handful of short strings).
///
/// The office's messages (check, build, the editor) are in Japanese or
/// English: [`Lang::JA`] and [`Lang::EN`]; [`Lang::pick`] chooses between the two
/// for any language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Lang(&'static LangCode);

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct LangCode {
    code: &'static str,
    dir: &'static str,
}

static INTERNED: std::sync::Mutex<Vec<&'static LangCode>> = std::sync::Mutex::new(Vec::new());

impl Lang {
    /// Japanese, the source language.
    pub const JA: Lang = Lang(&LangCode {
        code: "ja",
        dir: "",
    });
    pub const EN: Lang = Lang(&LangCode {
        code: "en",
        dir: "en/",
    });
    /// やさしい日本語 (easy Japanese), the code Tokyo's sites use.
    pub const JA_BASIC: Lang = Lang(&LangCode {
        code: "ja-basic",
        dir: "ja-basic/",
    });

    /// The language of a code as site.toml, strings.toml and file names
    /// write it, or `None` when it is not a language tag: two or three
    /// lowercase letters, then subtags of letters and digits after `-`
    /// (`ja`, `en`, `zh-Hans`, `pt-BR`, `ja-basic`).
    pub fn from_code(code: &str) -> Option<Lang> {
        let mut parts = code.split('-');
        let primary = parts.next()?;
        let primary_ok =
            (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase());
        let rest_ok = parts
            .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
        if !primary_ok || !rest_ok {
            return None;
        }
        for known in [Lang::JA, Lang::EN, Lang::JA_BASIC] {
            if known.code() == code {
                return Some(known);
            }
        }
        let mut interned = INTERNED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = interned.iter().find(|l| l.code == code) {
            return Some(Lang(found));
        }
        let code: &'static str = Box::leak(code.to_string().into_boxed_str());
        let dir: &'static str = Box::leak(format!("{code}/").into_boxed_str());
        let leaked: &'static LangCode = Box::leak(Box::new(LangCode { code, dir }));
        interned.push(leaked);
        Some(Lang(leaked))
    }

    pub fn code(self) -> &'static str {
        self.0.code
    }

    /// The folder of this language's pages inside the output ("" for Japanese
    /// at the root, else `code/`).
    pub fn dir(self) -> &'static str {
        self.0.dir
    }

    /// Whether this is Japanese or easy Japanese: years are written with the
    /// era (令和6年度), and messages are in Japanese.
    pub fn is_japanese(self) -> bool {
        self == Lang::JA || self == Lang::JA_BASIC
    }

    /// The `lang` attribute of the pages: easy Japanese is Japanese to a
    /// screen reader, as on Tokyo's sites.
    pub fn html_lang(self) -> &'static str {
        if self.is_japanese() {
            "ja"
        } else {
            self.code()
        }
    }

    /// The `hreflang` of this language's pages, where its code is a real
    /// language tag (`ja-basic` is not one, and it reads as `ja`).
    pub fn hreflang(self) -> Option<&'static str> {
        (self != Lang::JA_BASIC).then(|| self.code())
    }

    /// Where a missing text comes from, in order: easy Japanese and English
    /// fall back to Japanese; every other language to English, then Japanese.
    pub fn fallbacks(self) -> &'static [Lang] {
        if self == Lang::JA {
            &[]
        } else if self.is_japanese() || self == Lang::EN {
            &[Lang::JA]
        } else {
            &[Lang::EN, Lang::JA]
        }
    }

    /// Picks the message for this language: the Japanese one for Japanese
    /// and easy Japanese, else the English one.
    pub fn pick<'a>(self, ja: &'a str, en: &'a str) -> &'a str {
        if self.is_japanese() { ja } else { en }
    }
}

impl Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// A text in Japanese and any further languages it has been translated into.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LangText {
    pub ja: String,
    /// The translations, in the order they were written.
    pub other: Vec<(Lang, String)>,
}

impl<'de> Deserialize<'de> for LangText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = LangText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("struct LangText")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<LangText, A::Error> {
                use serde::de::Error;
                let mut ja = None;
                let mut other: Vec<(Lang, String)> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value: String = map.next_value()?;
                    if key == "ja" {
                        ja = Some(value);
                        continue;
                    }
                    let lang = Lang::from_code(&key)
                        .ok_or_else(|| A::Error::unknown_field(&key, &["ja", "en", "ja-basic"]))?;
                    if other.iter().any(|(l, _)| *l == lang) {
                        return Err(A::Error::duplicate_field("language"));
                    }
                    other.push((lang, value));
                }
                let ja = ja.ok_or_else(|| A::Error::missing_field("ja"))?;
                // A plan holds tens of thousands of texts: no spare room.
                other.shrink_to_fit();
                Ok(LangText { ja, other })
            }
        }
        d.deserialize_map(Visit)
    }
}

impl LangText {
    /// A text in Japanese only.
    pub fn new(ja: impl Into<String>) -> LangText {
        LangText {
            ja: ja.into(),
            other: Vec::new(),
        }
    }

    /// This text with `lang`'s translation set.
    pub fn with(mut self, lang: Lang, text: impl Into<String>) -> LangText {
        self.set(lang, Some(text.into()));
        self
    }

    /// The text written for `lang` itself, if it is there and not blank.
    /// Japanese without kanji (`%`, `ポイント`) is easy Japanese already, so
    /// it is easy Japanese's own text too, not a fallback.
    pub fn own(&self, lang: Lang) -> Option<&str> {
        if lang == Lang::JA {
            return Some(&self.ja);
        }
        let written = self
            .other
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, t)| t.as_str())
            .filter(|t| !t.trim().is_empty());
        written.or_else(|| {
            (lang.is_japanese() && !self.ja.chars().any(is_kanji)).then_some(self.ja.as_str())
        })
    }

    /// Sets (or, with `None`, removes) the translation for `lang`.
    pub fn set(&mut self, lang: Lang, text: Option<String>) {
        if lang == Lang::JA {
            if let Some(t) = text {
                self.ja = t;
            }
            return;
        }
        match (self.other.iter().position(|(l, _)| *l == lang), text) {
            (Some(i), Some(t)) => self.other[i].1 = t,
            (Some(i), None) => {
                self.other.remove(i);
            }
            (None, Some(t)) => self.other.push((lang, t)),
            (None, None) => {}
        }
    }

    /// The text for `lang`, or its fallback while the translation is missing
    /// (see [`Lang::fallbacks`]).
    pub fn get(&self, lang: Lang) -> Localized<'_> {
        std::iter::once(lang)
            .chain(lang.fallbacks().iter().copied())
            .find_map(|l| self.own(l).map(|text| Localized { text, lang: l }))
            .unwrap_or(Localized {
                text: &self.ja,
                lang: Lang::JA,
            })
    }

    /// Whether the translation for `lang` is still missing.
    pub fn missing(&self, lang: Lang) -> bool {
        self.own(lang).is_none()
    }
}

/// A text together with the language it is actually in, so that a page can
/// mark a Japanese fallback on an English page with `lang="ja"`.
#[derive(Debug, Clone, Copy)]
pub struct Localized<'a> {
    pub text: &'a str,
    pub lang: Lang,
}

/// A full-width digit (０–９, as Japanese input methods type them) as its
/// ASCII digit; any other character as it is.
pub fn narrow_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        _ => c,
    }
}

/// The Japanese eras a fiscal year is named in, newest first: the name, its
/// short letter (R6, H28 on charts) and the Gregorian year of its first year.
const ERAS: [(&str, char, i32); 5] = [
    ("令和", 'R', 2019),
    ("平成", 'H', 1989),
    ("昭和", 'S', 1926),
    ("大正", 'T', 1912),
    ("明治", 'M', 1868),
];

/// Ruby (furigana) as content writes it: `{漢字|かんじ}` is 漢字 read かんじ.
/// Anything else in braces is left as it is written.
fn ruby_spans(text: &str) -> Vec<RubyPart<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let inner = &after[..close];
        // `|`, or the full-width `｜`, which a table cell needs no escape for.
        let split = inner.split_once('|').or_else(|| inner.split_once('｜'));
        match split {
            Some((base, reading))
                if !base.is_empty()
                    && !reading.is_empty()
                    && !inner.contains('{')
                    && !reading.contains(['|', '｜']) =>
            {
                if open > 0 {
                    out.push(RubyPart::Plain(&rest[..open]));
                }
                out.push(RubyPart::Ruby(base, reading));
                rest = &after[close + 1..];
            }
            _ => {
                out.push(RubyPart::Plain(&rest[..open + 1]));
                rest = after;
            }
        }
    }
    if !rest.is_empty() {
        out.push(RubyPart::Plain(rest));
    }
    out
}

enum RubyPart<'a> {
    Plain(&'a str),
    Ruby(&'a str, &'a str),
}

/// Whether a text has ruby notation in it.
pub fn has_ruby(text: &str) -> bool {
    text.contains('{')
        && ruby_spans(text)
            .iter()
            .any(|p| matches!(p, RubyPart::Ruby(..)))
}

/// The text without its readings, for places that take plain text (a page's
/// `<title>`, an attribute, a chart, the open data): `{漢字|かんじ}` → 漢字.
pub fn strip_ruby(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('{') {
        return text.into();
    }
    ruby_spans(text)
        .into_iter()
        .map(|p| match p {
            RubyPart::Plain(s) | RubyPart::Ruby(s, _) => s,
        })
        .collect::<String>()
        .into()
}

/// The text as HTML, escaped, with its ruby as `<ruby>`:
/// `{漢字|かんじ}` → `<ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>`.
pub fn ruby_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for part in ruby_spans(text) {
        match part {
            RubyPart::Plain(s) => escape_into(&mut out, s),
            RubyPart::Ruby(base, reading) => {
                out.push_str("<ruby>");
                escape_into(&mut out, base);
                out.push_str("<rp>(</rp><rt>");
                escape_into(&mut out, reading);
                out.push_str("</rt><rp>)</rp></ruby>");
            }
        }
    }
    out
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
}

/// The era and its year number of a fiscal year, taken from the day the
/// fiscal year starts (1 April): FY1989 is 平成元年度 (平成 began in January
/// 1989), FY1988 昭和63年度, FY1926 大正15年度 (昭和 began in December 1926).
/// The one exception is FY2019, which began in 平成31 (令和 began on 1 May
/// 2019) but is called 令和元年度 by every government; 平成31年度 is read as
/// 2019 too ([`parse_year_hint`]).
fn era(fiscal_year: i32) -> Option<(&'static str, char, i32)> {
    ERAS.iter().find_map(|&(name, letter, first)| {
        // An era that began in January–March has the fiscal year of its
        // first year (平成, 1989); one that began later in the year, the next
        // (昭和 in December 1926: FY1926 is 大正15年度) — except 令和 (above).
        let first_fiscal = match name {
            "平成" | "令和" => first,
            _ => first + 1,
        };
        (fiscal_year >= first_fiscal).then_some((name, letter, fiscal_year - first + 1))
    })
}

/// Japanese era label: 令和6年度 (令和元年度 for 2019), 平成28年度, 平成元年度
/// for 1989, 昭和63年度; a year before the eras (before 1869) as 1868年度.
pub fn era_label(fiscal_year: i32) -> String {
    match era(fiscal_year) {
        Some((name, _, 1)) => format!("{name}元年度"),
        Some((name, _, n)) => format!("{name}{n}年度"),
        None => format!("{fiscal_year}年度"),
    }
}

/// The short axis label for charts: R6 / H28 / FY2024.
pub fn short_year(fiscal_year: i32, lang: Lang) -> String {
    match era(fiscal_year) {
        _ if !lang.is_japanese() => format!("FY{fiscal_year}"),
        Some((_, letter, n)) => format!("{letter}{n}"),
        None => format!("{fiscal_year}"),
    }
}

/// The year as pages print it: 令和6年度（2024年度） / FY2024.
pub fn year_label(fiscal_year: i32, lang: Lang) -> String {
    if lang.is_japanese() {
        format!("{}（{fiscal_year}年度）", era_label(fiscal_year))
    } else {
        format!("FY{fiscal_year}")
    }
}

/// The fiscal year meant by a year as people write it, when that is not the
/// plain Gregorian number mieruka reads: the Japanese era (`令和7`, `令和7年度`,
/// `令和元年`, `R7`, `R 7`, `Ｒ７`, `平成30`, `H30`, `平成31` for 2019, `昭和63`,
/// `S63`), full-width digits
/// (`２０２５`), a `年度` / `年` suffix (`2025年度`) or an `FY` prefix
/// (`FY2025`). A plain `2025` gives 2025 too; anything else (or a year
/// outside 1900–2200) gives `None`.
///
/// This is the one place that turns such a year into the number to write,
/// so that every message about a year says the same.
pub fn parse_year_hint(written: &str) -> Option<i32> {
    let plain: String = written
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect();
    let s = plain.trim();
    let s = s
        .strip_suffix("年度")
        .or_else(|| s.strip_suffix('年'))
        .unwrap_or(s)
        .trim_end();
    let era = |prefixes: &[&str]| {
        prefixes.iter().find_map(|p| {
            s.get(..p.len())
                .filter(|head| head.eq_ignore_ascii_case(p))
                .map(|_| s[p.len()..].trim_start())
        })
    };
    let year = if let Some(n) = era(&["令和", "R"]) {
        2019 + era_number(n, 99)? - 1
    } else if let Some(n) = era(&["平成", "H"]) {
        1989 + era_number(n, 31)? - 1
    } else if let Some(n) = era(&["昭和", "S"]) {
        1926 + era_number(n, 64)? - 1
    } else {
        let digits = era(&["FY"]).unwrap_or(s);
        if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()?
    };
    (1900..=2200).contains(&year).then_some(year)
}

/// The year of an era: `元` (the first) or 1–`max` in digits.
fn era_number(n: &str, max: i32) -> Option<i32> {
    if n == "元" {
        return Some(1);
    }
    if n.is_empty() || n.len() > 2 || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i32 = n.parse().ok()?;
    (1..=max).contains(&n).then_some(n)
}

/// What to write instead of a year written another way (see
/// [`parse_year_hint`]), in English and Japanese: `write 2025 (令和7年度)
/// instead of 令和7` / `令和7 ではなく 2025 と書いてください`.
pub fn year_advice(written: &str, fiscal_year: i32) -> (String, String) {
    (
        format!(
            "write {fiscal_year} ({}) instead of {written}",
            era_label(fiscal_year)
        ),
        format!("{written} ではなく {fiscal_year} と書いてください"),
    )
}

/// Whole numbers below this (in magnitude) are exact in an `i64` and in an `f64`.
const WHOLE_LIMIT: f64 = 1e15;

/// A number as written: the given count of decimals, or the shortest form
/// that keeps the value, without separators: 45872 → "45872", 28 with 1
/// decimal → "28.0", 0.5 with 2 → "0.50". Pages ([`format_number`]) and the
/// open data print the same digits, through this one function.
pub fn written_number(value: f64, decimals: Option<u8>) -> String {
    match decimals {
        // A whole number (most figures and every tick of a whole-number axis):
        // its digits as an integer's, which is what the float formatting
        // prints, without its slow exact path. Zero is left to it for "-0".
        _ if value.fract() == 0.0 && value != 0.0 && value.abs() < WHOLE_LIMIT => {
            let mut s = (value as i64).to_string();
            if let Some(d @ 1..) = decimals {
                s.push('.');
                s.extend(std::iter::repeat_n('0', usize::from(d)));
            }
            s
        }
        Some(d) => format!("{value:.prec$}", prec = usize::from(d)),
        // Rust prints f64 without an exponent, shortest round-trip form.
        None => format!("{value}"),
    }
}

/// A number with thousands separators and either the given count of decimals
/// or the shortest form that keeps the value: 45872 → "45,872", 38.1 → "38.1",
/// 60 with 1 decimal → "60.0" (the digits of [`written_number`], grouped).
pub fn format_number(value: f64, decimals: Option<u8>) -> String {
    let raw = written_number(value, decimals);
    let (sign, unsigned) = match raw.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", raw.as_str()),
    };
    let (int, frac) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// The plain decimal form used in data files: no separators, shortest form.
pub fn plain_number(value: f64) -> String {
    written_number(value, None)
}

/// A kanji (CJK unified ideograph, its extensions, or 々).
pub fn is_kanji(c: char) -> bool {
    matches!(c as u32, 0x3005 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFD)
}

/// East Asian wide / fullwidth characters (kana, kanji, hangul, fullwidth
/// forms): twice as wide as a Latin letter, in a chart or a spreadsheet column.
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_years_map_to_reiwa() {
        assert_eq!(era_label(2024), "令和6年度");
        assert_eq!(era_label(2019), "令和元年度");
        assert_eq!(era_label(2022), "令和4年度");
        assert_eq!(year_label(2024, Lang::JA), "令和6年度（2024年度）");
        assert_eq!(year_label(2024, Lang::EN), "FY2024");
        assert_eq!(short_year(2026, Lang::JA), "R8");
    }

    #[test]
    fn years_before_reiwa_have_their_own_era() {
        for (year, label, short) in [
            (2019, "令和元年度", "R1"),
            (2018, "平成30年度", "H30"),
            (2016, "平成28年度", "H28"),
            (1990, "平成2年度", "H2"),
            (1989, "平成元年度", "H1"),
            (1988, "昭和63年度", "S63"),
            (1927, "昭和2年度", "S2"),
            // 昭和 began on 25 December 1926: FY1926 began in 大正15.
            (1926, "大正15年度", "T15"),
            (1913, "大正2年度", "T2"),
            (1912, "明治45年度", "M45"),
            (1900, "明治33年度", "M33"),
        ] {
            assert_eq!(era_label(year), label, "{year}");
            assert_eq!(short_year(year, Lang::JA), short, "{year}");
            assert_eq!(short_year(year, Lang::EN), format!("FY{year}"));
        }
        assert_eq!(year_label(2016, Lang::JA), "平成28年度（2016年度）");
        assert_eq!(year_label(1988, Lang::JA), "昭和63年度（1988年度）");
        assert_eq!(era_label(1868), "1868年度");
        // FY2019 is 令和元年度, and 平成31 still means it.
        assert_eq!(parse_year_hint("平成31年度"), Some(2019));
        assert_eq!(parse_year_hint("令和元年度"), Some(2019));
        assert_eq!(parse_year_hint("平成元年度"), Some(1989));
        assert_eq!(parse_year_hint("昭和63年度"), Some(1988));
        assert_eq!(parse_year_hint("S63"), Some(1988));
        assert_eq!(parse_year_hint("昭和65"), None);
        // Every label reads back as its year.
        for year in 1927..=2117 {
            assert_eq!(parse_year_hint(&era_label(year)), Some(year), "{year}");
        }
    }

    #[test]
    fn years_written_another_way_are_understood() {
        for (written, year) in [
            ("令和7", 2025),
            ("令和7年度", 2025),
            ("令和７年度", 2025),
            ("令和 7 年度", 2025),
            ("令和元", 2019),
            ("令和元年度", 2019),
            ("R7", 2025),
            ("r7", 2025),
            ("R 7", 2025),
            ("Ｒ７", 2025),
            ("R7年度", 2025),
            ("平成30", 2018),
            ("平成30年度", 2018),
            ("平成元年", 1989),
            ("H30", 2018),
            ("h31", 2019),
            ("２０２５", 2025),
            ("2025年度", 2025),
            ("２０２５年度", 2025),
            ("2025年", 2025),
            ("FY2025", 2025),
            (" 2025 ", 2025),
            ("2025", 2025),
        ] {
            assert_eq!(parse_year_hint(written), Some(year), "{written}");
        }
        for not_a_year in [
            "",
            "令和",
            "R",
            "令和100",
            "平成32",
            "R0",
            "H0",
            "45872",
            "４５８７２",
            "202",
            "abc",
            "2025-26",
            "令和7年度末",
            "Reiwa 7",
            "1899",
            "2201",
            "R7.5",
            "年度",
        ] {
            assert_eq!(parse_year_hint(not_a_year), None, "{not_a_year}");
        }
        assert_eq!(
            year_advice("令和7", 2025),
            (
                "write 2025 (令和7年度) instead of 令和7".to_string(),
                "令和7 ではなく 2025 と書いてください".to_string()
            )
        );
        assert!(year_advice("H30", 2018).0.contains("(平成30年度)"));
        assert!(year_advice("R1", 2019).0.contains("(令和元年度)"));
        assert!(year_advice("S63", 1988).0.contains("(昭和63年度)"));
    }

    #[test]
    fn numbers_read_as_the_report_prints_them() {
        assert_eq!(format_number(45872.0, None), "45,872");
        assert_eq!(format_number(38.1, None), "38.1");
        assert_eq!(format_number(60.0, Some(1)), "60.0");
        assert_eq!(format_number(1_224_000.0, None), "1,224,000");
        assert_eq!(format_number(-1234.5, None), "-1,234.5");
        assert_eq!(format_number(245.0, None), "245");
        assert_eq!(format_number(1e21, None), "1,000,000,000,000,000,000,000");
        assert_eq!(plain_number(45872.0), "45872");
    }

    #[test]
    fn whole_numbers_print_as_the_float_formatting_does() {
        assert_eq!(format_number(45_872.0, Some(1)), "45,872.0");
        assert_eq!(format_number(-1_500.0, Some(0)), "-1,500");
        assert_eq!(format_number(2.0, Some(3)), "2.000");
        assert_eq!(format_number(0.0, Some(2)), "0.00");
        assert_eq!(format_number(-0.0, Some(0)), "-0");
        assert_eq!(format_number(-0.0, None), "-0");
        assert_eq!(
            format_number(999_999_999_999_999.0, None),
            "999,999,999,999,999"
        );
        assert_eq!(format_number(1e15, Some(1)), "1,000,000,000,000,000.0");
        // Whole numbers of every size, both sides of the limit, against
        // Rust's float formatting (separators aside).
        let mut wholes = vec![1.0, 7.0, 10.0, 999.0, 1000.0, 65_536.0];
        let mut v = 1.0_f64;
        while v < 1e17 {
            v = (v * 7.3).floor() + 3.0;
            wholes.extend([v, WHOLE_LIMIT - v, WHOLE_LIMIT + v]);
        }
        for w in wholes.iter().flat_map(|&w| [w, -w]) {
            assert_eq!(format_number(w, None).replace(',', ""), format!("{w}"));
            for d in 0..=3u8 {
                let want = format!("{w:.prec$}", prec = usize::from(d));
                assert_eq!(format_number(w, Some(d)).replace(',', ""), want);
            }
        }
    }

    #[test]
    fn english_falls_back_to_japanese() {
        let t = LangText::new("能美市");
        let l = t.get(Lang::EN);
        assert_eq!((l.text, l.lang), ("能美市", Lang::JA));
        assert!(t.missing(Lang::EN));
    }

    #[test]
    fn each_language_falls_back_along_its_chain() {
        let vi = Lang::from_code("vi").unwrap();
        let t = LangText::new("能美市").with(Lang::EN, "Nomi City");
        assert_eq!(t.get(Lang::JA_BASIC).lang, Lang::JA);
        assert_eq!(t.get(vi).text, "Nomi City");
        assert_eq!(t.get(vi).lang, Lang::EN);
        let t = t.with(Lang::JA_BASIC, "のみし");
        assert_eq!(t.get(Lang::JA_BASIC).text, "のみし");
        assert_eq!(LangText::new("x").get(vi).lang, Lang::JA);
        // Japanese without kanji is easy Japanese already; with kanji it is a fallback.
        assert_eq!(LangText::new("%").get(Lang::JA_BASIC).lang, Lang::JA_BASIC);
        assert!(!LangText::new("%").missing(Lang::JA_BASIC));
        assert!(LangText::new("件").missing(Lang::JA_BASIC));
        assert_eq!(Lang::JA_BASIC.html_lang(), "ja");
        assert_eq!(Lang::JA_BASIC.hreflang(), None);
        assert_eq!(vi.dir(), "vi/");
        assert_eq!(Lang::from_code("pt-BR").unwrap().code(), "pt-BR");
        assert_eq!(Lang::from_code("zh-Hans"), Lang::from_code("zh-Hans"));
        for bad in [
            "", "J", "JA", "japanese", "ja_basic", "ja-", "../x", "ja/en",
        ] {
            assert_eq!(Lang::from_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn ruby_is_written_in_braces() {
        let t = "{収納率|しゅうのうりつ}を{上|あ}げます";
        assert_eq!(strip_ruby(t), "収納率を上げます");
        assert_eq!(
            ruby_html(t),
            "<ruby>収納率<rp>(</rp><rt>しゅうのうりつ</rt><rp>)</rp></ruby>を<ruby>上<rp>(</rp><rt>あ</rt><rp>)</rp></ruby>げます"
        );
        assert!(has_ruby(t));
        assert_eq!(strip_ruby("{能美|のみ}"), "能美");
        assert_eq!(ruby_html("{市|し}"), ruby_html("{市｜し}"));
        // Braces that are not ruby stay as written, escaped.
        for plain in ["{注}", "a { b", "{|x}", "{x|}", "<b>{a}</b>"] {
            assert!(!has_ruby(plain), "{plain}");
            assert_eq!(strip_ruby(plain), plain);
        }
        assert_eq!(ruby_html("<b>{a}</b>"), "&lt;b&gt;{a}&lt;/b&gt;");
    }
}
