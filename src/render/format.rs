//! How figures, years, statuses and texts are written on a page, in each
//! language: the one place a page's words and numbers are made.

use crate::assess::{self, Status};
use crate::diagnostic::Diagnostic;
use crate::markdown;
use crate::model::*;
use crate::text::{self, Lang, LangText, format_number};

use super::*;

/// ① ② ③ … for item numbers up to 20, then (21).
pub(super) fn circled(n: u32) -> String {
    match n {
        1..=20 => char::from_u32(0x2460 + n - 1).map_or_else(|| format!("({n})"), String::from),
        _ => format!("({n})"),
    }
}

/// A QR code of `url` as inline SVG, for the printed page.
pub(super) fn qr_svg(url: &str) -> Option<String> {
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(96, 96)
        .quiet_zone(true)
        .build();
    let start = svg.find("<svg")?;
    Some(svg[start..].replacen("<svg ", "<svg role=\"img\" aria-label=\"QR\" ", 1))
}

pub(super) fn svg_size(svg: &str) -> (u32, u32) {
    let attr = |name: &str| -> Option<u32> {
        let head = &svg[..svg.find('>')?];
        let start = head.find(&format!("{name}=\""))? + name.len() + 2;
        let len = head[start..].find('"')?;
        head[start..start + len].trim_end_matches("px").parse().ok()
    };
    (attr("width").unwrap_or(640), attr("height").unwrap_or(360))
}

impl Renderer<'_> {
    pub(super) fn word(&self, key: &str) -> String {
        word(self.t, key)
    }

    pub(super) fn txt(&self, t: &LangText) -> Txt {
        let l = t.get(self.lang);
        self.fallback_txt(l.text.to_string(), l.lang)
    }

    pub(super) fn fallback_txt(&self, text: String, lang: Lang) -> Txt {
        let pending = lang != self.lang;
        Txt {
            text,
            lang: lang.code(),
            pending,
            note: pending.then(|| self.word("translation_pending")),
        }
    }

    pub(super) fn status(&self, s: Status) -> StatusView {
        StatusView {
            key: s.key(),
            label: self.word(&format!("status_{}", s.key())),
            short: self.word(&format!("status_short_{}", s.key())),
            icon: match s {
                Status::Achieved => "✓",
                Status::NotAchieved => "✗",
                Status::Pending => "…",
                Status::NotAssessed => "－",
            },
        }
    }

    pub(super) fn year(&self, year: i32) -> String {
        text::year_label(year, self.lang)
    }

    /// 令和6年度 / FY2024, where the Gregorian year is shown nearby anyway.
    pub(super) fn short_year(&self, year: i32) -> String {
        match self.lang {
            Lang::Ja => text::era_label(year),
            Lang::En => format!("FY{year}"),
        }
    }

    // ------------------------------------------------------------ figures

    pub(super) fn unit(&self, ind: &Indicator) -> String {
        ind.unit
            .as_ref()
            .map(|u| u.get(self.lang).text.to_string())
            .unwrap_or_default()
    }

    /// A figure as the report prints it: 累計250件 / 90.5%以内 / 250 procedures (cumulative).
    pub(super) fn figure(&self, ind: &Indicator, fig: Figure, is_target: bool) -> String {
        self.figure_marked(ind, fig, is_target, true)
    }

    /// A figure, with "(cumulative)" after an English one only when `mark` is set.
    pub(super) fn figure_marked(
        &self,
        ind: &Indicator,
        fig: Figure,
        is_target: bool,
        mark: bool,
    ) -> String {
        let n = match fig {
            Figure::Number(n) => n,
            Figure::Done(done) => {
                return match (done, &ind.milestone_label) {
                    (true, Some(l)) => l.get(self.lang).text.to_string(),
                    (true, None) => self.lang.pick("実施", "Done").to_string(),
                    (false, _) => self.lang.pick("未実施", "Not done").to_string(),
                };
            }
        };
        let number = format_number(n, ind.decimals);
        let unit = self.unit(ind);
        let qualifier = if is_target {
            ind.qualifier
        } else {
            Qualifier::None
        };
        match self.lang {
            Lang::Ja => {
                let prefix = if ind.cumulative { "累計" } else { "" };
                let suffix = match qualifier {
                    Qualifier::AtLeast => "以上",
                    Qualifier::AtMost => "以内",
                    Qualifier::None => "",
                };
                format!("{prefix}{number}{unit}{suffix}")
            }
            Lang::En => {
                let sep = if unit.starts_with(|c: char| c.is_alphanumeric()) {
                    " "
                } else {
                    ""
                };
                let prefix = match qualifier {
                    Qualifier::AtLeast => "at least ",
                    Qualifier::AtMost => "at most ",
                    Qualifier::None => "",
                };
                let suffix = if ind.cumulative && mark {
                    " (cumulative)"
                } else {
                    ""
                };
                format!("{prefix}{number}{sep}{unit}{suffix}")
            }
        }
    }

    pub(super) fn year_figure(&self, ind: &Indicator, year: i32, target: bool) -> Option<String> {
        self.year_figure_marked(ind, year, target, true)
    }

    /// A year's figure in the figures table. English cells leave "(cumulative)"
    /// to the caption ([`Self::table_note`]): repeated in every cell, the word
    /// made the table too wide for a phone and pushed the status column off
    /// the screen. Japanese cells keep 累計, as the report prints it.
    pub(super) fn table_figure(&self, ind: &Indicator, year: i32, target: bool) -> Option<String> {
        self.year_figure_marked(ind, year, target, self.lang == Lang::Ja)
    }

    /// "単位: 件" / "Unit: procedures, cumulative" for the figures table's caption.
    pub(super) fn table_note(&self, ind: &Indicator) -> Option<String> {
        let unit = ind
            .unit
            .as_ref()
            .map(|u| format!("{}: {}", self.word("unit"), u.get(self.lang).text));
        let cumulative = (self.lang == Lang::En && ind.cumulative).then(|| self.word("cumulative"));
        match (unit, cumulative) {
            (Some(u), Some(c)) => Some(format!("{u}, {c}")),
            (u, c) => u.or(c),
        }
    }

    pub(super) fn year_figure_marked(
        &self,
        ind: &Indicator,
        year: i32,
        target: bool,
        mark: bool,
    ) -> Option<String> {
        let y = ind.years.get(&year)?;
        let (fig, text) = if target {
            (y.target, &y.target_text)
        } else {
            (y.actual, &y.actual_text)
        };
        match (text, fig) {
            (Some(t), _) => Some(t.get(self.lang).text.to_string()),
            (None, Some(f)) => Some(self.figure_marked(ind, f, target, mark)),
            (None, None) => None,
        }
    }

    pub(super) fn baseline(&self, ind: &Indicator) -> Option<String> {
        let b = ind.baseline.as_ref()?;
        let value = match (&b.text, b.value) {
            (Some(t), _) => t.get(self.lang).text.to_string(),
            (None, Some(v)) => self.figure(ind, Figure::Number(v), false),
            (None, None) => return None,
        };
        Some(match b.year {
            Some(y) => match self.lang {
                Lang::Ja => format!("{value}（{}）", text::era_label(y)),
                Lang::En => format!("{value} (FY{y})"),
            },
            None => value,
        })
    }

    pub(super) fn final_target(&self, ind: &Indicator) -> Option<String> {
        let t = ind.final_target.as_ref()?;
        match (&t.text, t.value) {
            (Some(text), _) => Some(text.get(self.lang).text.to_string()),
            (None, Some(v)) => Some(self.figure(ind, v, true)),
            (None, None) => None,
        }
    }

    /// One sentence on the latest year with both figures, for the chart's text alternative.
    pub(super) fn chart_summary(&self, ind: &Indicator) -> String {
        let latest = ind
            .years
            .iter()
            .rev()
            .find(|(y, f)| **y <= self.plan.site.latest_year && f.actual.is_some())
            .map(|(y, _)| *y);
        let name = ind.name.get(self.lang).text;
        let Some(year) = latest else {
            return match self.lang {
                Lang::Ja => format!("{name}のグラフ。実績はまだありません。"),
                Lang::En => format!("Chart of {name}. No actuals yet."),
            };
        };
        let actual = self.year_figure(ind, year, false).unwrap_or_default();
        let status = assess::indicator_status(ind, year);
        let target = self.year_figure(ind, year, true);
        let y = ind.years.get(&year);
        // Figures printed in the report's own words (target_text / actual_text) are
        // not in a unit that a computed difference could be written in.
        let worded = y.is_some_and(|f| f.target_text.is_some() || f.actual_text.is_some());
        let gap = match (y.and_then(|f| f.target), y.and_then(|f| f.actual)) {
            (Some(Figure::Number(t)), Some(Figure::Number(a))) if !worded => {
                let d = (a - t).abs();
                let decimals = ind.decimals.or_else(|| {
                    // Keep the gap as precise as the figures: 45,872 − 46,000 = 128; 93.7 − 90.7 = 3.0.
                    let places =
                        |x: f64| format!("{x}").split_once('.').map_or(0, |(_, f)| f.len());
                    Some(places(t).max(places(a)).min(6) as u8)
                });
                let unit = self.unit(ind);
                Some(match self.lang {
                    Lang::Ja => format!("{}{unit}", format_number(d, decimals)),
                    Lang::En => {
                        let sep = if unit.starts_with(|c: char| c.is_alphanumeric()) {
                            " "
                        } else {
                            ""
                        };
                        format!("{}{sep}{unit}", format_number(d, decimals))
                    }
                })
            }
            _ => None,
        };
        let year_label = self.year(year);
        match (self.lang, target) {
            (Lang::Ja, Some(target)) => {
                let verdict = match (status, gap) {
                    (Status::Achieved, _) => "目標を達成しました".to_string(),
                    (Status::NotAchieved, Some(g)) => format!("目標に{g}届きませんでした"),
                    (Status::NotAchieved, None) => "目標を達成しませんでした".to_string(),
                    _ => "評価の対象外です".to_string(),
                };
                format!("{name}：{year_label}の実績は{actual}、目標は{target}で、{verdict}。")
            }
            (Lang::Ja, None) => format!("{name}：{year_label}の実績は{actual}（目標の設定なし）。"),
            (Lang::En, Some(target)) => {
                let verdict = match (status, gap) {
                    (Status::Achieved, _) => "target met".to_string(),
                    (Status::NotAchieved, Some(g)) => format!("target missed by {g}"),
                    (Status::NotAchieved, None) => "target missed".to_string(),
                    _ => "not assessed".to_string(),
                };
                format!("{name}, {year_label}: {actual} against a target of {target} — {verdict}.")
            }
            (Lang::En, None) => format!("{name}, {year_label}: {actual} (no target set)."),
        }
    }

    /// "1 最適な…" with the number prefix, keeping the text's language.
    pub(super) fn label(&self, name: &LangText, prefix: String) -> Txt {
        let mut t = self.txt(name);
        t.text = format!("{prefix}{}", t.text);
        t
    }

    pub(super) fn division(&self, i: &Initiative) -> Txt {
        match self.plan.site.divisions.get(&i.division) {
            Some(d) => self.txt(d),
            None => self.fallback_txt(i.division.clone(), self.lang),
        }
    }

    pub(super) fn schedule_word(&self, w: ScheduleWord) -> String {
        match (self.lang, w) {
            (Lang::Ja, ScheduleWord::Study) => "検討",
            (Lang::Ja, ScheduleWord::Implement) => "実施",
            (Lang::Ja, ScheduleWord::Continue) => "継続",
            (Lang::Ja, ScheduleWord::StudyImplement) => "検討・実施",
            (Lang::En, ScheduleWord::Study) => "Study",
            (Lang::En, ScheduleWord::Implement) => "Implement",
            (Lang::En, ScheduleWord::Continue) => "Continue",
            (Lang::En, ScheduleWord::StudyImplement) => "Study & implement",
        }
        .to_string()
    }

    pub(super) fn heading_for(&self, kind: CommentaryKind, year: i32) -> String {
        let word = self.word(match kind {
            CommentaryKind::Progress => "progress",
            CommentaryKind::Plan => "plan",
            CommentaryKind::Shortfall => "shortfall",
        });
        match self.lang {
            Lang::Ja => format!("{}の{word}", text::era_label(year)),
            Lang::En => format!("{word} in FY{year}"),
        }
    }

    /// Commentary in this language, or the Japanese marked as pending translation.
    pub(super) fn prose(
        &self,
        text: &Bilingual,
        heading: String,
        min_level: u8,
    ) -> Result<Option<ProseView>, Diagnostic> {
        let (file, lang) = match (text.get(self.lang), &text.ja) {
            (Some(f), _) => (f, self.lang),
            (None, Some(ja)) => (ja, Lang::Ja),
            (None, None) => return Ok(None),
        };
        Ok(Some(ProseView {
            heading,
            html: markdown::markdown(&file.text()?, min_level),
            lang: lang.code(),
            pending: lang != self.lang,
            note: (lang != self.lang).then(|| self.word("translation_pending")),
        }))
    }
}
