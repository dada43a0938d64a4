//! An edition record (`editions/YEAR.toml`): written by `mieruka issue`,
//! read back as the edition it records. Its indicators are checked as an
//! initiative's are; the record must also name its own year and a date
//! after that fiscal year ended.

use toml::Spanned;
use toml::value::Datetime;

use super::*;
use crate::check::load::{EDITION_FORMAT, LoadedEdition};

impl Validator<'_> {
    pub(super) fn edition(&mut self, loaded: LoadedEdition) -> Option<Edition> {
        let ctx = FileCtx {
            path: &loaded.path,
            source: &loaded.source,
            record: true,
        };
        let f = loaded.file;
        let errors = self.diags.errors();
        if *f.format.get_ref() != EDITION_FORMAT {
            self.diags.push(
                ctx.error(
                    f.format.span(),
                    format!(
                        "this edition record has format {}, which this mieruka does not read (it reads {EDITION_FORMAT})",
                        f.format.get_ref()
                    ),
                )
                .field("format")
                .ja(format!(
                    "この版の記録の形式 {} は、この mieruka では読めません（読める形式は {EDITION_FORMAT}）",
                    f.format.get_ref()
                ))
                .help("use the mieruka that issued it, or a newer one")
                .ja_help("記録を書いた mieruka か、それより新しい mieruka を使ってください"),
            );
        }
        let year = *f.year.get_ref();
        let stem = loaded
            .path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("");
        if stem != year.to_string() {
            self.diags.push(
                ctx.error(
                    f.year.span(),
                    format!("the edition of {year} is recorded in {stem}.toml; its file must be {year}.toml"),
                )
                .field("year")
                .ja(format!(
                    "{year}年度の版が {stem}.toml に記録されています。ファイル名は {year}.toml にしてください"
                ))
                .help(format!("rename the file to editions/{year}.toml"))
                .ja_help(format!("ファイル名を editions/{year}.toml に変えてください")),
            );
        }
        if self.year_in_plan(&ctx, f.year.span(), year, "year") && year > self.model.latest_year {
            self.diags.push(
                ctx.error(
                    f.year.span(),
                    format!(
                        "an edition of {year} is recorded, but the latest reviewed year is {}",
                        self.model.latest_year
                    ),
                )
                .field("year")
                .ja(format!(
                    "{year}年度の版が記録されていますが、実績の最新年度（latest_reviewed_year）は {} です",
                    self.model.latest_year
                ))
                .help("an edition reports on a reviewed year: raise latest_reviewed_year in site.toml, or remove the record")
                .ja_help("版は評価が済んだ年度のものです。site.toml の latest_reviewed_year を確かめるか、この記録を削除してください"),
            );
        }
        let date = self.edition_date(&ctx, &f.date, "date");
        if let Some(d) = date
            && d < Date::new(year + 1, 4, 1).unwrap_or(d)
        {
            self.diags.push(
                ctx.error(
                    f.date.span(),
                    format!(
                        "the edition of {year} is dated {}, before that fiscal year ended",
                        d.iso()
                    ),
                )
                .field("date")
                .ja(format!(
                    "{year}年度の版の公表日が {} で、その年度が終わる前です",
                    d.iso()
                ))
                .help(format!(
                    "a report on fiscal year {year} is published from {}-04-01",
                    year + 1
                ))
                .ja_help(format!(
                    "{year}年度の報告は {}-04-01 以降に公表するものです",
                    year + 1
                )),
            );
        }
        let replaced: Vec<Replacement> = f
            .replaced
            .iter()
            .enumerate()
            .filter_map(|(n, r)| {
                Some(Replacement {
                    date: self.edition_date(&ctx, &r.date, &format!("replaced[{n}].date"))?,
                    reason: r.reason.clone(),
                })
            })
            .collect();
        let mut initiatives = Vec::new();
        for (n, i) in f.initiatives.into_iter().enumerate() {
            let at = format!("initiatives[{n}]");
            let mut indicators = Vec::new();
            for (k, ind) in i.indicators.into_iter().enumerate() {
                let (ind, statuses) = ind.split();
                let Some(indicator) = self.indicator(&ctx, k, &ind) else {
                    continue;
                };
                let statuses = statuses
                    .iter()
                    .filter_map(|(key, s)| {
                        let field = format!("{at}.indicators[{k}].statuses");
                        Some((self.year_key(&ctx, key, &field)?, *s))
                    })
                    .collect();
                indicators.push(EditionIndicator {
                    indicator,
                    statuses,
                });
            }
            let mut commentary = Vec::new();
            for (k, c) in i.commentary.into_iter().enumerate() {
                match CommentaryKind::from_name(c.kind.get_ref()) {
                    Some(kind) => commentary.push(((c.year, kind), c.text)),
                    None => self.diags.push(
                        ctx.error(
                            c.kind.span(),
                            format!("`{}` is not a kind of commentary", c.kind.get_ref()),
                        )
                        .field(format!("{at}.commentary[{k}].kind"))
                        .ja(format!("`{}` は文章の種類ではありません", c.kind.get_ref()))
                        .help("the kinds are progress, plan and shortfall")
                        .ja_help("種類は progress、plan、shortfall のどれかです"),
                    ),
                }
            }
            initiatives.push(EditionInitiative {
                id: i.id,
                number: i.number,
                strategy: i.strategy,
                area: i.area,
                item: i.item,
                division: i.division,
                division_name: i.division_name,
                title: i.title,
                description: i.description,
                status: i.status,
                indicators,
                commentary: commentary.into_iter().collect(),
            });
        }
        initiatives.sort_by_key(|i| i.number);
        if self.diags.errors() > errors {
            return None;
        }
        Some(Edition {
            year,
            date: date?,
            replaced,
            path: loaded.path,
            initiatives,
        })
    }

    /// A TOML date (`2025-06-30`, no time) as a [`Date`].
    fn edition_date(
        &mut self,
        ctx: &FileCtx,
        written: &Spanned<Datetime>,
        field: &str,
    ) -> Option<Date> {
        let dt = written.get_ref();
        let date = match (&dt.date, &dt.time, &dt.offset) {
            (Some(d), None, None) => Date::new(i32::from(d.year), d.month, d.day),
            _ => None,
        };
        if date.is_none() {
            self.diags.push(
                ctx.error(written.span(), format!("{dt} is not a date"))
                    .field(field.to_string())
                    .ja(format!("{dt} は日付ではありません"))
                    .help("write the date alone, e.g. 2025-06-30")
                    .ja_help("日付だけを書いてください（例：2025-06-30）"),
            );
        }
        date
    }
}
