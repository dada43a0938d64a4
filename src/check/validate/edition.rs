//! An edition record (`editions/YEAR.toml`, and `editions/YEAR.vN.toml`
//! for a version that a replacement superseded): written by `mieruka
//! issue`, read back as the edition it records. Its indicators are checked
//! as an initiative's are; the record must also name its own year and a
//! date after that fiscal year ended.
//!
//! Every record is sealed: it carries the SHA-256 of its canonical content
//! (the file without its `digest` line, which is what the site publishes
//! under `data/editions/`) and the digest of the record issued before it,
//! so the records of a plan are one chain in the order they were issued
//! (years and replacements alike). A record changed by hand, a record
//! missing from the chain or a chain broken is an error here, for `check`
//! and `build` alike.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;
use toml::value::Datetime;

use super::*;
use crate::check::load::{EDITION_FORMAT, LoadedEdition};

/// What to do about a record that is not as issued, in both languages.
const RESTORE: &str = "put back the file as it was issued: from the published site (data/editions/ holds every record; add back its line digest = \"sha256:…\", which the edition's page shows) or from a backup. `mieruka issue YEAR --date DATE --replace --reason \"…\"` is the one way to change a record";
const RESTORE_JA: &str = "発行したときのファイルに戻してください。公開中のサイトの data/editions/ にすべての記録があります（版のページに表示している digest = \"sha256:…\" の行を加えてください）。バックアップから戻すこともできます。記録を変えるときは、mieruka issue 年度 --date 日付 --replace --reason \"…\" で置き換えるのが唯一の方法です";

/// One record as checked, with where its links to other records are written.
pub(super) struct Issued {
    edition: Edition,
    source: Arc<str>,
    /// `YEAR.vN.toml`: a version a replacement superseded.
    superseded: bool,
    year_span: Range<usize>,
    date_span: Range<usize>,
    previous_span: Option<Range<usize>>,
    replaces_span: Option<Range<usize>>,
}

impl Issued {
    fn ctx(&self) -> FileCtx<'_> {
        FileCtx {
            path: &self.edition.path,
            source: &self.source,
            record: true,
        }
    }

    fn name(&self) -> String {
        file_name(&self.edition.path)
    }
}

fn file_name(path: &std::path::Path) -> String {
    format!(
        "editions/{}",
        path.file_name().and_then(|s| s.to_str()).unwrap_or("")
    )
}

impl Validator<'_> {
    pub(super) fn edition(&mut self, loaded: LoadedEdition) -> Option<Issued> {
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
                .help(if *f.format.get_ref() < EDITION_FORMAT {
                    "a record of format 1 carries no digest: move it out of editions/ and issue the year again with the same date (mieruka issue YEAR --date DATE); the figures are those of the content"
                } else {
                    "use the mieruka that issued it, or a newer one"
                })
                .ja_help(if *f.format.get_ref() < EDITION_FORMAT {
                    "形式 1 の記録には digest がありません。editions/ の外へ移し、同じ公表日でその年度を発行し直してください（mieruka issue 年度 --date 日付）。数値は内容のものになります"
                } else {
                    "記録を書いた mieruka か、それより新しい mieruka を使ってください"
                }),
            );
            return None;
        }
        let name = file_name(&loaded.path);
        let sealed = self.seal(&ctx, &name, &f.digest, loaded.published.as_deref());
        let year = *f.year.get_ref();
        let version = f.version.as_ref().map_or(1, |v| *v.get_ref());
        let stem = loaded
            .path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("");
        let superseded = stem != year.to_string();
        if superseded && stem != format!("{year}.v{version}") {
            self.diags.push(
                ctx.error(
                    f.year.span(),
                    format!("the edition of {year} (version {version}) is recorded in {stem}.toml; its file must be {year}.toml (or {year}.v{version}.toml once a replacement superseded it)"),
                )
                .field("year")
                .ja(format!(
                    "{year}年度の版（第{version}版）が {stem}.toml に記録されています。ファイル名は {year}.toml（置き換えられた版は {year}.v{version}.toml）にしてください"
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
        let previous = self.link(&ctx, f.previous.as_ref(), "previous");
        let replaces = self.link(&ctx, f.replaces.as_ref(), "replaces");
        if self.diags.errors() > errors {
            return None;
        }
        Some(Issued {
            edition: Edition {
                year,
                date: date?,
                version,
                current: !superseded,
                digest: sealed.as_ref()?.0.clone(),
                canonical: sealed?.1.into(),
                previous,
                replaces,
                replaced,
                superseded: Vec::new(),
                path: loaded.path,
                initiatives,
            },
            source: loaded.source,
            superseded,
            year_span: f.year.span(),
            date_span: f.date.span(),
            previous_span: f.previous.as_ref().map(Spanned::span),
            replaces_span: f.replaces.as_ref().map(Spanned::span),
        })
    }

    /// The record's digest, checked against its canonical content. When the
    /// site published the record, the first line that differs from it is
    /// named.
    fn seal(
        &mut self,
        ctx: &FileCtx,
        name: &str,
        written: &Option<Spanned<String>>,
        published: Option<&str>,
    ) -> Option<(Digest, String)> {
        let Some(written) = written else {
            self.diags.push(
                ctx.error(
                    0..0,
                    format!("{name} has no digest line: it is not a record as mieruka issued it"),
                )
                .field(DIGEST_KEY)
                .ja(format!(
                    "{name} に digest の行がありません。mieruka が発行したままの記録ではありません"
                ))
                .help(RESTORE)
                .ja_help(RESTORE_JA),
            );
            return None;
        };
        let Some(digest) = Digest::parse(written.get_ref()) else {
            self.diags.push(
                ctx.error(
                    written.span(),
                    format!("`{}` is not a digest", written.get_ref()),
                )
                .field(DIGEST_KEY)
                .ja(format!("`{}` は digest ではありません", written.get_ref()))
                .help(RESTORE)
                .ja_help(RESTORE_JA),
            );
            return None;
        };
        let canonical = canonical_of(ctx.source, written.span().start);
        if Digest::of(canonical.as_bytes()) == digest {
            return Some((digest, canonical));
        }
        let digest_line = line_around(ctx.source, written.span().start);
        let changed = published
            .filter(|p| Digest::of(p.as_bytes()) == digest)
            .and_then(|p| first_difference(&canonical, p));
        let d = match changed {
            Some(diff) => {
                // Back to the content file's lines: the digest line is not in the canonical text.
                let at = if diff.at >= digest_line.start {
                    diff.at + digest_line.len()
                } else {
                    diff.at
                };
                let span = line_around(ctx.source, at.min(ctx.source.len()));
                let span = span.start..span.end.saturating_sub(1).max(span.start);
                ctx.error(
                    span,
                    format!(
                        "{name} was changed after it was issued: {}{} differs from the record the site published ({})",
                        diff.field,
                        diff.initiative.as_ref().map(|i| format!(" of initiative {i}")).unwrap_or_default(),
                        diff.published
                    ),
                )
                .field(diff.field.clone())
                .ja(format!(
                    "{name} は発行後に書き換えられています。{}{} が、サイトで公表した記録（{}）と違います",
                    diff.initiative.as_ref().map(|i| format!("取組項目 {i} の ")).unwrap_or_default(),
                    diff.field,
                    diff.published_ja
                ))
            }
            None => ctx
                .error(
                    written.span(),
                    format!(
                        "{name} was changed after it was issued: its content no longer has the digest it was issued with ({})",
                        digest.written()
                    ),
                )
                .field(DIGEST_KEY)
                .ja(format!(
                    "{name} は発行後に書き換えられています。内容が、発行したときの digest（{}）と合いません",
                    digest.written()
                )),
        };
        self.diags.push(d.help(RESTORE).ja_help(RESTORE_JA));
        None
    }

    /// A link to another record (`previous`, `replaces`), as written.
    fn link(
        &mut self,
        ctx: &FileCtx,
        written: Option<&Spanned<String>>,
        field: &str,
    ) -> Option<Digest> {
        let written = written?;
        let digest = Digest::parse(written.get_ref());
        if digest.is_none() {
            self.diags.push(
                ctx.error(
                    written.span(),
                    format!("`{}` is not a digest", written.get_ref()),
                )
                .field(field.to_string())
                .ja(format!("`{}` は digest ではありません", written.get_ref()))
                .help(RESTORE)
                .ja_help(RESTORE_JA),
            );
        }
        digest
    }

    /// The records of one plan as one chain: every record names the one
    /// issued before it (all but the first), no two name the same, none is
    /// dated before the one before it, and each replacement names the
    /// version it replaced, kept beside it. Returns the current editions by
    /// year, each with its superseded versions.
    pub(super) fn chain(&mut self, records: Vec<Issued>) -> Vec<Edition> {
        let errors = self.diags.errors();
        let by_digest: BTreeMap<&Digest, &Issued> =
            records.iter().map(|r| (&r.edition.digest, r)).collect();
        let mut followed: BTreeMap<&Digest, &Issued> = BTreeMap::new();
        let mut first: Option<&Issued> = None;
        let mut order: Vec<&Issued> = records.iter().collect();
        order.sort_by_key(|r| (r.edition.date, r.edition.year, r.edition.version));
        for r in &order {
            let e = &r.edition;
            let name = r.name();
            let ctx = r.ctx();
            match &e.previous {
                None => match first {
                    None => first = Some(r),
                    Some(f) => self.diags.push(
                        ctx.error(
                            r.year_span.clone(),
                            format!(
                                "{name} names no record issued before it, as {} does: the records of a plan are one chain, and only the first has no `previous`",
                                f.name()
                            ),
                        )
                        .field("previous")
                        .ja(format!(
                            "{name} には前の記録（previous）がありません。{} も同じです。一つの計画の記録は一本の鎖で、previous がないのは最初の記録だけです",
                            f.name()
                        ))
                        .help(RESTORE)
                        .ja_help(RESTORE_JA),
                    ),
                },
                Some(p) => {
                    let span = r.previous_span.clone().unwrap_or(0..0);
                    match by_digest.get(p) {
                        None => self.diags.push(
                            ctx.error(
                                span.clone(),
                                format!(
                                    "the record issued before {name} ({}…) is missing from editions/",
                                    p.short()
                                ),
                            )
                            .field("previous")
                            .ja(format!(
                                "{name} の前に発行した記録（{}…）が editions/ にありません",
                                p.short()
                            ))
                            .help(RESTORE)
                            .ja_help(RESTORE_JA),
                        ),
                        Some(before) if before.edition.date > e.date => self.diags.push(
                            ctx.error(
                                r.date_span.clone(),
                                format!(
                                    "{name} is dated {}, before the record issued before it ({}, {})",
                                    e.date.iso(),
                                    before.name(),
                                    before.edition.date.iso()
                                ),
                            )
                            .field("date")
                            .ja(format!(
                                "{name} の公表日 {} が、その前に発行した記録（{}、{}）より前です",
                                e.date.iso(),
                                before.name(),
                                before.edition.date.iso()
                            ))
                            .help(RESTORE)
                            .ja_help(RESTORE_JA),
                        ),
                        Some(_) => {}
                    }
                    if let Some(other) = followed.insert(p, r) {
                        self.diags.push(
                            ctx.error(
                                span,
                                format!(
                                    "{name} and {} both follow the same record: the chain of records has a fork",
                                    other.name()
                                ),
                            )
                            .field("previous")
                            .ja(format!(
                                "{name} と {} が同じ記録の次になっています。記録の鎖が枝分かれしています",
                                other.name()
                            ))
                            .help(RESTORE)
                            .ja_help(RESTORE_JA),
                        );
                    }
                }
            }
            self.replacement(r, &by_digest);
        }
        // A superseded version is kept beside a replacement that names it.
        for r in records.iter().filter(|r| r.superseded) {
            let replaced = records.iter().any(|o| {
                o.edition.replaces.as_ref() == Some(&r.edition.digest)
                    && o.edition.year == r.edition.year
            });
            if !replaced {
                let name = r.name();
                self.diags.push(
                    r.ctx()
                        .error(
                            r.year_span.clone(),
                            format!(
                                "{name} is a superseded version, but no record of {} replaces it",
                                r.edition.year
                            ),
                        )
                        .field("replaces")
                        .ja(format!(
                            "{name} は置き換えられた版ですが、{}年度の記録のどれもこれを置き換えていません",
                            r.edition.year
                        ))
                        .help(RESTORE)
                        .ja_help(RESTORE_JA),
                );
            }
        }
        if self.diags.errors() > errors {
            return Vec::new();
        }
        let (current, superseded): (Vec<Issued>, Vec<Issued>) =
            records.into_iter().partition(|r| !r.superseded);
        let mut editions: Vec<Edition> = current.into_iter().map(|r| r.edition).collect();
        for old in superseded {
            if let Some(e) = editions.iter_mut().find(|e| e.year == old.edition.year) {
                e.superseded.push(old.edition);
            }
        }
        for e in &mut editions {
            e.superseded.sort_by_key(|s| s.version);
        }
        editions.sort_by_key(|e| e.year);
        editions
    }

    /// A version after the first names the version it replaced, which is
    /// kept beside it as `YEAR.vN.toml`, of the same year, one version
    /// before, and dated no later.
    fn replacement(&mut self, r: &Issued, by_digest: &BTreeMap<&Digest, &Issued>) {
        let e = &r.edition;
        let name = r.name();
        let ctx = r.ctx();
        let span = r.replaces_span.clone().unwrap_or(r.year_span.clone());
        let problem = match (&e.replaces, e.version) {
            (None, 1) => return,
            (None, v) => Some((
                format!("{name} is version {v} of its edition but names no version it replaces"),
                format!("{name} は第{v}版ですが、置き換えた版（replaces）がありません"),
            )),
            (Some(d), v) => match by_digest.get(d) {
                None => {
                    let want = format!("editions/{}.v{}.toml", e.year, v.saturating_sub(1));
                    Some((
                        format!(
                            "the version {name} replaced ({}…) is missing: {want} must be kept",
                            d.short()
                        ),
                        format!(
                            "{name} が置き換えた版（{}…）がありません。{want} を残しておく必要があります",
                            d.short()
                        ),
                    ))
                }
                Some(old)
                    if old.edition.year != e.year
                        || old.edition.version + 1 != v
                        || !old.superseded =>
                {
                    Some((
                        format!(
                            "{name} (version {v} of {}) names {} as the version it replaced, which is version {} of {}",
                            e.year,
                            old.name(),
                            old.edition.version,
                            old.edition.year
                        ),
                        format!(
                            "{name}（{}年度 第{v}版）が置き換えた版として {} を指していますが、それは {}年度の第{}版です",
                            e.year,
                            old.name(),
                            old.edition.year,
                            old.edition.version
                        ),
                    ))
                }
                Some(old) if old.edition.date > e.date => Some((
                    format!(
                        "{name} is dated {}, before the version it replaced ({})",
                        e.date.iso(),
                        old.edition.date.iso()
                    ),
                    format!(
                        "{name} の公表日 {} が、置き換えた版の公表日（{}）より前です",
                        e.date.iso(),
                        old.edition.date.iso()
                    ),
                )),
                Some(_) => None,
            },
        };
        if let Some((en, ja)) = problem {
            self.diags.push(
                ctx.error(span, en)
                    .field("replaces")
                    .ja(ja)
                    .help(RESTORE)
                    .ja_help(RESTORE_JA),
            );
        }
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

/// Where a record first differs from the one published.
struct Difference {
    /// Byte offset in the canonical text.
    at: usize,
    /// The key, as a path of tables (`initiatives.indicators.years.2024`
    /// of initiative `01-…`).
    field: String,
    /// The initiative whose part of the record it is.
    initiative: Option<String>,
    /// The line as published, or that it ended there.
    published: String,
    published_ja: String,
}

/// The first line where `now` differs from `published`, and its field.
fn first_difference(now: &str, published: &str) -> Option<Difference> {
    let mut at = 0;
    let mut table = String::new();
    let mut initiative = None::<String>;
    let mut theirs = published.split_inclusive('\n');
    for line in now.split_inclusive('\n') {
        let other = theirs.next();
        let t = line.trim();
        if other != Some(line) {
            let key = t.split(['=', ' ']).next().unwrap_or("").trim();
            let key = if t.starts_with('[') { "" } else { key };
            let field = match (table.is_empty(), key.is_empty()) {
                (true, _) => key.to_string(),
                (false, true) => table.clone(),
                (false, false) => format!("{table}.{key}"),
            };
            let (published, published_ja) = match other {
                Some(o) => (format!("`{}`", o.trim()), format!("`{}`", o.trim())),
                None => (
                    "which ended before this line".to_string(),
                    "この行の前で終わっています".to_string(),
                ),
            };
            return Some(Difference {
                at,
                field,
                initiative,
                published,
                published_ja,
            });
        }
        if let Some(h) = t.strip_prefix("[[").and_then(|h| h.strip_suffix("]]")) {
            table = h.trim().to_string();
            if table == "initiatives" {
                initiative = None;
            }
        } else if let Some(h) = t.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            table = h.trim().to_string();
        } else if table == "initiatives"
            && let Some(id) = t.strip_prefix("id = ")
        {
            initiative = Some(id.trim_matches('"').to_string());
        }
        at += line.len();
    }
    theirs.next().map(|o| Difference {
        at: now.len(),
        field: table,
        initiative,
        published: format!("`{}`, which is no longer there", o.trim()),
        published_ja: format!("`{}` がなくなっています", o.trim()),
    })
}
