//! Editions: a year's report as it was issued, read from
//! `content/editions/YEAR.toml` (written by `mieruka issue`). What the
//! edition pages publish and what the current figures are compared with.

use std::path::PathBuf;

use crate::base::text::LangText;

use super::{CommentaryKind, Indicator, Status, VecMap};

/// A calendar date, as the content writes it (`2025-06-30`): editions are
/// dated by the office, never by the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A valid calendar date (Gregorian, years 1900–2200).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1900..=2200).contains(&year) && (1..=days).contains(&day)).then_some(Date {
            year,
            month,
            day,
        })
    }

    /// `2025-06-30`, also `2025/6/30` and full-width digits.
    pub fn parse(written: &str) -> Option<Date> {
        let plain: String = written
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => crate::base::text::narrow_digit(c),
                '／' | '/' | '－' => '-',
                _ => c,
            })
            .collect();
        let mut parts = plain.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 {
            return None;
        }
        let digits =
            |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
        if !y.bytes().all(|b| b.is_ascii_digit()) || !digits(m) || !digits(d) {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// [`Date::parse`], and the Japanese forms an office types:
    /// `2025年9月30日`, `令和7年9月30日` (also 令和元年, 平成), with
    /// full-width digits too.
    pub fn parse_written(written: &str) -> Option<Date> {
        if let Some(d) = Date::parse(written) {
            return Some(d);
        }
        let plain: String = written
            .trim()
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(crate::base::text::narrow_digit)
            .collect();
        let (offset, rest, era_start) = if let Some(r) = plain.strip_prefix("令和") {
            (Some(2018), r, Date::new(2019, 5, 1))
        } else if let Some(r) = plain.strip_prefix("平成") {
            (Some(1988), r, Date::new(1989, 1, 8))
        } else {
            (None, plain.as_str(), None)
        };
        let (y, rest) = rest.split_once('年')?;
        let (m, rest) = rest.split_once('月')?;
        let d = rest.strip_suffix('日')?;
        let number = |s: &str| {
            (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<i32>().ok())
                .flatten()
        };
        let year = match offset {
            Some(o) if y == "元" => o + 1,
            Some(o) => o + number(y).filter(|&n| n >= 1)?,
            None if y.len() == 4 => number(y)?,
            None => return None,
        };
        let month = u8::try_from(number(m)?).ok()?;
        let day = u8::try_from(number(d)?).ok()?;
        let date = Date::new(year, month, day)?;
        // 平成31年5月1日 was never written: the era had changed.
        if offset == Some(1988) && date >= Date::new(2019, 5, 1)? {
            return None;
        }
        match era_start {
            Some(start) if date < start => None,
            _ => Some(date),
        }
    }

    /// `2025-06-30`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The SHA-256 of a record's canonical content (the record file as
/// published under `data/editions/`, that is the content file without its
/// `digest` line), written `sha256:` and 64 lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Digest(String);

impl Digest {
    /// The digest of `bytes`.
    pub fn of(bytes: &[u8]) -> Digest {
        use sha2::Digest as _;
        let hash = sha2::Sha256::digest(bytes);
        let mut hex = String::with_capacity(64);
        for b in hash {
            use std::fmt::Write as _;
            let _ = write!(hex, "{b:02x}");
        }
        Digest(hex)
    }

    /// `sha256:` and 64 hex digits (lowercase), as the records write it.
    pub fn parse(written: &str) -> Option<Digest> {
        let hex = written.strip_prefix("sha256:")?;
        (hex.len() == 64 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
            .then(|| Digest(hex.to_string()))
    }

    /// The 64 hex digits, as `sha256sum` prints them.
    pub fn hex(&self) -> &str {
        &self.0
    }

    /// `sha256:…`, as the records write it.
    pub fn written(&self) -> String {
        format!("sha256:{}", self.0)
    }

    /// The first 12 hex digits, to name a record in a message.
    pub fn short(&self) -> &str {
        &self.0[..12]
    }
}

/// The key of a record's own digest. Its line is not part of the record's
/// canonical content: the content file is the canonical content with this
/// one line added at the end of the top-level keys.
pub const DIGEST_KEY: &str = "digest";

/// The byte range of the whole line (with its line break) holding `at`.
pub fn line_around(text: &str, at: usize) -> std::ops::Range<usize> {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
    start..end
}

/// The canonical content of a record file whose digest value sits at
/// byte `value_at`: the file without that line.
pub fn canonical_of(text: &str, value_at: usize) -> String {
    let line = line_around(text, value_at);
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..line.start]);
    out.push_str(&text[line.end..]);
    out
}

/// The content file of a record: its canonical content with the line
/// `digest = "sha256:…"` added after the last top-level key (before the
/// blank line that opens the first table).
pub fn seal(canonical: &str) -> (String, Digest) {
    let digest = Digest::of(canonical.as_bytes());
    let mut at = 0;
    let mut end_of_keys = None;
    for line in canonical.split_inclusive('\n') {
        if line.starts_with('[') {
            break;
        }
        at += line.len();
        let t = line.trim();
        if !t.is_empty() && !t.starts_with('#') {
            end_of_keys = Some(at);
        }
    }
    let at = end_of_keys.unwrap_or(at);
    let mut out = String::with_capacity(canonical.len() + 80);
    out.push_str(&canonical[..at]);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&format!("{DIGEST_KEY} = \"{}\"\n", digest.written()));
    out.push_str(&canonical[at..]);
    (out, digest)
}

/// One issued edition.
#[derive(Debug)]
pub struct Edition {
    /// The fiscal year it reports on.
    pub year: i32,
    /// The date it was published.
    pub date: Date,
    /// Its version: 1 when first issued, one more for each replacement.
    pub version: u32,
    /// The current version of its year (false for one a replacement
    /// superseded: its pages are then under `editions/YEAR/vN/`).
    pub current: bool,
    /// The digest of its canonical content (the record as published).
    pub digest: Digest,
    /// The digest of the record issued before it (none for the first).
    pub previous: Option<Digest>,
    /// The digest of the version it replaced (none for a first issue).
    pub replaces: Option<Digest>,
    /// Earlier issues of this edition that it replaced, oldest first.
    pub replaced: Vec<Replacement>,
    /// The canonical content: the record file as published under
    /// `data/editions/`, whose SHA-256 is [`Edition::digest`].
    pub canonical: std::sync::Arc<str>,
    /// The earlier versions themselves, as issued, oldest first
    /// (`editions/YEAR.vN.toml`): published at their own addresses.
    pub superseded: Vec<Edition>,
    pub path: PathBuf,
    /// By number.
    pub initiatives: Vec<EditionInitiative>,
}

#[derive(Debug)]
pub struct Replacement {
    pub date: Date,
    pub reason: String,
}

#[derive(Debug)]
pub struct EditionInitiative {
    pub id: String,
    pub number: u32,
    pub strategy: u32,
    pub area: u32,
    pub item: u32,
    pub division: String,
    pub division_name: LangText,
    pub title: LangText,
    pub description: LangText,
    /// In the edition's year.
    pub status: Status,
    pub indicators: Vec<EditionIndicator>,
    /// The Markdown as published, by year and kind.
    pub commentary: VecMap<(i32, CommentaryKind), LangText>,
}

#[derive(Debug)]
pub struct EditionIndicator {
    pub indicator: Indicator,
    /// The status of each year the edition reviewed.
    pub statuses: VecMap<i32, Status>,
}

/// `data/editions/manifest.json`: every record a site published, with its
/// digest. A rebuild into the same folder must publish each of them again,
/// unchanged (as the current version or as a superseded one).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub editions: Vec<ManifestEntry>,
}

/// One published record in [`Manifest`].
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct ManifestEntry {
    /// The plan's period (`2022-2026`).
    pub plan: String,
    pub year: i32,
    pub version: u32,
    pub date: String,
    /// `sha256:…`
    pub digest: String,
    /// Where the record is, from the site's root (`data/editions/2024.v1.toml`).
    pub record: String,
    /// Replaced by a later version.
    pub superseded: bool,
}

/// The format of [`Manifest`] this mieruka writes.
pub const MANIFEST_FORMAT: u32 = 1;

impl Edition {
    /// `Some(version)` for a version a replacement superseded, `None` for
    /// the current one: what the routes of its pages take.
    pub fn superseded_version(&self) -> Option<u32> {
        (!self.current).then_some(self.version)
    }

    /// Every version of this edition, the first first (the current last).
    pub fn versions(&self) -> impl Iterator<Item = &Edition> {
        self.superseded.iter().chain(std::iter::once(self))
    }

    pub fn initiative(&self, id: &str) -> Option<&EditionInitiative> {
        self.initiatives.iter().find(|i| i.id == id)
    }
}

impl EditionInitiative {
    pub fn indicator(&self, id: &str) -> Option<&EditionIndicator> {
        self.indicators.iter().find(|i| i.indicator.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_calendar_dates() {
        assert_eq!(
            Date::parse("2025-06-30").map(|d| d.iso()),
            Some("2025-06-30".into())
        );
        assert_eq!(
            Date::parse("2025/6/3").map(|d| d.iso()),
            Some("2025-06-03".into())
        );
        assert_eq!(
            Date::parse("２０２５－０６－３０").map(|d| d.iso()),
            Some("2025-06-30".into())
        );
        assert_eq!(Date::parse("2024-02-29").map(|d| d.day), Some(29));
        for bad in [
            "2025-02-29",
            "2025-13-01",
            "2025-06-31",
            "2025-6",
            "20250630",
            "令和7年6月30日",
            "2025-06-30T00:00",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_japanese_forms_are_dates_too() {
        for (written, iso) in [
            ("令和7年9月30日", "2025-09-30"),
            ("２０２５年９月３０日", "2025-09-30"),
            ("2025年9月30日", "2025-09-30"),
            ("令和元年5月1日", "2019-05-01"),
            ("平成31年4月30日", "2019-04-30"),
            ("2025-09-30", "2025-09-30"),
        ] {
            assert_eq!(
                Date::parse_written(written).map(|d| d.iso()),
                Some(iso.into()),
                "{written}"
            );
        }
        for bad in [
            "令和7年2月30日",
            "令和0年1月1日",
            "令和元年4月30日",
            "平成31年5月1日",
            "25年9月30日",
            "令和7年9月",
            "昭和60年1月1日",
        ] {
            assert_eq!(Date::parse_written(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_sealed_record_is_its_canonical_content_and_one_line() {
        let canonical = "# note\nformat = 2\nyear = 2024\n\n[[initiatives]]\nid = \"a\"\n";
        let (sealed, digest) = seal(canonical);
        assert_eq!(digest, Digest::of(canonical.as_bytes()));
        let line = format!("digest = \"{}\"\n", digest.written());
        assert_eq!(
            sealed,
            format!("# note\nformat = 2\nyear = 2024\n{line}\n[[initiatives]]\nid = \"a\"\n")
        );
        let at = sealed.find("sha256:").unwrap();
        assert_eq!(canonical_of(&sealed, at), canonical);
        assert_eq!(Digest::parse(&digest.written()), Some(digest.clone()));
        assert_eq!(Digest::parse("sha256:ABC"), None);
        // sha256sum of an empty file.
        assert_eq!(
            Digest::of(b"").hex(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
