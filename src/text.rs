//! Languages, bilingual text, fiscal-year labels and number formatting.
//!
//! This is the one place that knows how a fiscal year or a figure is written
//! in each language, so that pages, charts and data files agree.

use serde::{Deserialize, Serialize};

/// The languages a site is published in. Japanese is the default and lives at
/// the root of the output; English lives under `en/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The folder of this language's pages inside the output ("" for the root).
    pub fn dir(self) -> &'static str {
        match self {
            Lang::Ja => "",
            Lang::En => "en/",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Ja => Lang::En,
            Lang::En => Lang::Ja,
        }
    }

    /// Picks the word for this language.
    pub fn pick<'a>(self, ja: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

/// A text in Japanese and, once translated, English.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LangText {
    pub ja: String,
    #[serde(default)]
    pub en: Option<String>,
}

impl LangText {
    /// The text for `lang`, falling back to Japanese while the English is missing.
    pub fn get(&self, lang: Lang) -> Localized<'_> {
        match (lang, self.en.as_deref()) {
            (Lang::En, Some(en)) if !en.trim().is_empty() => Localized {
                text: en,
                lang: Lang::En,
            },
            _ => Localized {
                text: &self.ja,
                lang: Lang::Ja,
            },
        }
    }

    pub fn missing_english(&self) -> bool {
        self.en.as_deref().is_none_or(|en| en.trim().is_empty())
    }
}

/// A text together with the language it is actually in, so that a page can
/// mark a Japanese fallback on an English page with `lang="ja"`.
#[derive(Debug, Clone, Copy)]
pub struct Localized<'a> {
    pub text: &'a str,
    pub lang: Lang,
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
    match (lang, era(fiscal_year)) {
        (Lang::Ja, Some((_, letter, n))) => format!("{letter}{n}"),
        (Lang::Ja, None) => format!("{fiscal_year}"),
        (Lang::En, _) => format!("FY{fiscal_year}"),
    }
}

/// The year as pages print it: 令和6年度（2024年度） / FY2024.
pub fn year_label(fiscal_year: i32, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("{}（{fiscal_year}年度）", era_label(fiscal_year)),
        Lang::En => format!("FY{fiscal_year}"),
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

/// A number with thousands separators and either the given count of decimals
/// or the shortest form that keeps the value: 45872 → "45,872", 38.1 → "38.1",
/// 60 with 1 decimal → "60.0".
pub fn format_number(value: f64, decimals: Option<u8>) -> String {
    let raw = match decimals {
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
    };
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
    format_number(value, None).replace(',', "")
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
        assert_eq!(year_label(2024, Lang::Ja), "令和6年度（2024年度）");
        assert_eq!(year_label(2024, Lang::En), "FY2024");
        assert_eq!(short_year(2026, Lang::Ja), "R8");
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
            assert_eq!(short_year(year, Lang::Ja), short, "{year}");
            assert_eq!(short_year(year, Lang::En), format!("FY{year}"));
        }
        assert_eq!(year_label(2016, Lang::Ja), "平成28年度（2016年度）");
        assert_eq!(year_label(1988, Lang::Ja), "昭和63年度（1988年度）");
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
        let t = LangText {
            ja: "能美市".into(),
            en: None,
        };
        let l = t.get(Lang::En);
        assert_eq!((l.text, l.lang), ("能美市", Lang::Ja));
        assert!(t.missing_english());
    }
}
