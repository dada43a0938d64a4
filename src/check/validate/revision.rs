//! Revisions of the plan itself (`[[plan.revisions]]` in site.toml) and what
//! initiatives say of them: `added_at`, a year's `target_set_at` and
//! `earlier_target`. (Revisions of published figures against an edition are
//! computed in `crate::check::changes`, not written.)

use toml::Spanned;

use super::*;
use crate::check::config::SiteFile;
use crate::check::load::YearFile;

/// The plan revisions of `site.toml`, checked: their ids, dates in order,
/// and each change of the period a real change that ends at
/// `plan.last_year`. Returns what could be read and the problems.
pub(super) fn plan_revisions(site: &SiteFile) -> (Vec<PlanRevision>, Vec<Diagnostic>) {
    let plan = &site.config.plan;
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut before = plan.original_last_year.as_ref().map(|y| *y.get_ref());
    let mut last_move: Option<&Spanned<i32>> = None;
    let mut previous: Option<PlanDate> = None;
    for (n, r) in plan.revisions.iter().enumerate() {
        let at = format!("plan.revisions[{n}]");
        let id = r.id.get_ref();
        if let Err(why) = check_id(id) {
            problems.push(
                site.error_at(r.id.span(), format!("plan revision id `{id}` {why}"))
                    .ja(format!("計画の改定の id `{id}` は{}", why.ja()))
                    .field(format!("{at}.id"))
                    .help("use e.g. the year and month of the revision: id = \"2008-02\"")
                    .ja_help("改定の年月などを使ってください（例：id = \"2008-02\"）"),
            );
        }
        if plan.revisions[..n].iter().any(|o| o.id.get_ref() == id) {
            problems.push(
                site.error_at(
                    r.id.span(),
                    format!("plan revision id `{id}` appears twice"),
                )
                .ja(format!("計画の改定の id `{id}` が2回使われています"))
                .field(format!("{at}.id"))
                .help("give each revision of the plan its own id")
                .ja_help("改定ごとに別の id を付けてください"),
            );
        }
        let written = r.date.get_ref();
        let Some(date) = PlanDate::parse(written) else {
            // 平成20年2月 / 令和6年2月: say the date to write.
            let (help, ja_help) = match era_month(written) {
                Some(iso) => (
                    format!("write it as the Gregorian year and month: date = \"{iso}\" (add the day only if the source gives it)"),
                    format!("西暦の年と月で書いてください：date = \"{iso}\"（日は資料にある場合だけ書きます）"),
                ),
                None => (
                    "write the Gregorian year and month as the source gives them, e.g. \"2008-02\" for 平成20年2月; add the day only if the source gives it (\"2008-02-15\")".to_string(),
                    "資料にある年月を西暦で書いてください（平成20年2月なら \"2008-02\"）。日は資料にある場合だけ書きます（\"2008-02-15\"）".to_string(),
                ),
            };
            problems.push(
                site.error_at(
                    r.date.span(),
                    format!("`{written}` is not a date of the form \"2008-02\" or \"2008-02-15\""),
                )
                .ja(format!(
                    "`{written}` は \"2008-02\" や \"2008-02-15\" の形の日付ではありません"
                ))
                .field(format!("{at}.date"))
                .help(help)
                .ja_help(ja_help),
            );
            continue;
        };
        if let Some(p) = previous
            && earlier_than(date, p)
        {
            problems.push(
                site.error_at(
                    r.date.span(),
                    format!(
                        "the plan revision `{id}` ({}) is dated before the one above it ({})",
                        date.iso(),
                        p.iso()
                    ),
                )
                .ja(format!(
                    "計画の改定 `{id}`（{}）が、その前に書かれた改定（{}）より前の日付です",
                    date.iso(),
                    p.iso()
                ))
                .field(format!("{at}.date"))
                .help("list the [[plan.revisions]] oldest first, or correct the date")
                .ja_help("[[plan.revisions]] は古い順に並べるか、日付を直してください"),
            );
        }
        previous = Some(date);
        let (first, last) = (site.first_year(), site.last_year());
        let fiscal = date.fiscal_year();
        if fiscal < first - 1 || fiscal > last {
            problems.push(
                site.error_at(
                    r.date.span(),
                    format!(
                        "the plan revision `{id}` ({}) is not within the plan period {first}–{last}",
                        date.iso()
                    ),
                )
                .ja(format!(
                    "計画の改定 `{id}`（{}）が計画期間（{first}〜{last}年度）の中にありません",
                    date.iso()
                ))
                .field(format!("{at}.date"))
                .help("check the date: a revision is made while the plan runs (the plan itself, issued before its first year, is not a revision)")
                .ja_help("日付を確かめてください。改定は計画期間中に行われるものです（最初の計画の策定は改定ではありません）"),
            );
        }
        let mut period = None;
        if let Some(after) = &r.last_year {
            let a = *after.get_ref();
            match before {
                None => problems.push(
                    site.error_at(
                        after.span(),
                        format!("the plan revision `{id}` moves the plan's last year to {a}, but the last year before it is not given"),
                    )
                    .ja(format!(
                        "計画の改定 `{id}` で計画の最終年度が {a} になっていますが、改定前の最終年度が書かれていません"
                    ))
                    .field("plan.original_last_year")
                    .help("write the last fiscal year of the plan as first issued under [plan], e.g. original_last_year = 2010")
                    .ja_help("[plan] に、最初の計画の最終年度を書いてください（例：original_last_year = 2010）"),
                ),
                Some(b) if b == a => problems.push(
                    site.error_at(
                        after.span(),
                        format!("the plan revision `{id}` says the last year became {a}, which it already was: that is not a change of the period"),
                    )
                    .ja(format!(
                        "計画の改定 `{id}` で最終年度が {a} になったと書かれていますが、改定前も {a} です（期間は変わっていません）"
                    ))
                    .field(format!("{at}.last_year"))
                    .help("delete `last_year` from a revision that did not extend or shorten the plan")
                    .ja_help("計画期間を延長・短縮しなかった改定からは `last_year` を消してください"),
                ),
                Some(_) if a < first || a - first > 50 => problems.push(
                    site.error_at(
                        after.span(),
                        format!("the plan revision `{id}` moves the last year to {a}, outside the plan starting in {first}"),
                    )
                    .ja(format!(
                        "計画の改定 `{id}` の最終年度 {a} が、{first}年度から始まる計画の期間になりません"
                    ))
                    .field(format!("{at}.last_year"))
                    .help("write the plan's last fiscal year after the revision as a Gregorian year, e.g. 2011")
                    .ja_help("改定後の計画の最終年度を西暦で書いてください（例：2011）"),
                ),
                Some(b) => period = Some(PeriodChange { before: b, after: a }),
            }
            before = Some(a);
            last_move = Some(after);
        }
        out.push(PlanRevision {
            id: id.clone(),
            date,
            name: r.name.clone(),
            applies_from: fiscal + 1,
            period,
        });
    }
    match (&plan.original_last_year, last_move) {
        (Some(o), None) => problems.push(
            site.error_at(
                o.span(),
                "original_last_year is given, but no plan revision moves the plan's last year".into(),
            )
            .ja("original_last_year が書かれていますが、計画の最終年度を変えた改定がありません")
            .field("plan.original_last_year")
            .help("write `last_year` on the [[plan.revisions]] that extended or shortened the plan, or delete original_last_year")
            .ja_help("計画期間を延長・短縮した [[plan.revisions]] に `last_year` を書くか、original_last_year を消してください"),
        ),
        (_, Some(after)) if after.get_ref() != plan.last_year.get_ref() => problems.push(
            site.error_at(
                plan.last_year.span(),
                format!(
                    "plan.last_year is {}, but the latest revision that moved the period made it {}",
                    plan.last_year.get_ref(),
                    after.get_ref()
                ),
            )
            .ja(format!(
                "plan.last_year が {} ですが、期間を変えた最新の改定では {} になっています",
                plan.last_year.get_ref(),
                after.get_ref()
            ))
            .field("plan.last_year")
            .help(format!(
                "plan.last_year is the period of the plan as it stands now: write last_year = {}",
                after.get_ref()
            ))
            .ja_help(format!(
                "plan.last_year には現在の計画の最終年度を書きます：last_year = {}",
                after.get_ref()
            )),
        ),
        _ => {}
    }
    (out, problems)
}

/// `平成20年2月` → `2008-02` (a month of an era year, as plan covers print it).
fn era_month(written: &str) -> Option<String> {
    let (year, rest) = written.trim().split_once('年')?;
    let month: String = rest
        .trim()
        .strip_suffix('月')?
        .chars()
        .map(crate::base::text::narrow_digit)
        .collect();
    let month: u8 = month.trim().parse().ok().filter(|m| (1..=12).contains(m))?;
    let year = crate::base::text::parse_year_hint(year)?;
    Some(format!("{year:04}-{month:02}"))
}

/// Whether `a` is before `b`; a date given to the month is not before a day of that month.
fn earlier_than(a: PlanDate, b: PlanDate) -> bool {
    match (a.year, a.month).cmp(&(b.year, b.month)) {
        std::cmp::Ordering::Less => true,
        std::cmp::Ordering::Greater => false,
        std::cmp::Ordering::Equal => matches!((a.day, b.day), (Some(x), Some(y)) if x < y),
    }
}

impl Validator<'_> {
    /// A plan revision named in an initiative: it must be declared in site.toml.
    pub(super) fn plan_revision_ref(
        &mut self,
        ctx: &FileCtx,
        id: &Spanned<String>,
        field: &str,
    ) -> Option<&PlanRevision> {
        let model = self.model;
        if let Some(r) = model.plan_revision(id.get_ref()) {
            return Some(r);
        }
        let known: Vec<String> = model
            .plan_revisions
            .iter()
            .map(|r| format!("\"{}\"", r.id))
            .collect();
        let (help, ja_help) = if known.is_empty() {
            (
                "declare the revision in site.toml under [plan]: [[plan.revisions]] with id = \"2008-02\", date = \"2008-02\" and its name".to_string(),
                "site.toml の [plan] の後に [[plan.revisions]] を書き、id = \"2008-02\"、date = \"2008-02\" と改定の名前を書いてください".to_string(),
            )
        } else {
            (
                format!(
                    "write the id of a [[plan.revisions]] of site.toml ({}), or declare this one there",
                    known.join(", ")
                ),
                format!(
                    "site.toml の [[plan.revisions]] の id（{}）を書くか、この改定をそこに書き加えてください",
                    known.join("、")
                ),
            )
        };
        self.diags.push(
            ctx.error(
                id.span(),
                format!(
                    "the plan revision `{}` is not declared in site.toml",
                    id.get_ref()
                ),
            )
            .ja(format!(
                "計画の改定 `{}` が site.toml にありません",
                id.get_ref()
            ))
            .field(field.to_string())
            .help(help)
            .ja_help(ja_help),
        );
        None
    }

    /// An initiative added at a revision has no figures of the years before
    /// the revision governs: the plan did not have it then.
    pub(super) fn added_at(
        &mut self,
        ctx: &FileCtx,
        f: &crate::check::load::InitiativeFile,
    ) -> Option<String> {
        let id = f.added_at.as_ref()?;
        let r = self.plan_revision_ref(ctx, id, "added_at")?;
        let (rid, from) = (r.id.clone(), r.applies_from);
        if from > self.model.last_year {
            self.diags.push(
                ctx.error(
                    id.span(),
                    format!("the plan revision `{rid}` governs from {from}, after the plan's last year {}: an initiative added at it has no year in the plan", self.model.last_year),
                )
                .ja(format!(
                    "計画の改定 `{rid}` は {from}年度からで、計画の最終年度（{}年度）の後です。この改定で追加された取組項目には計画期間の年度がありません",
                    self.model.last_year
                ))
                .field("added_at")
                .help("check the revision's date in site.toml, or the plan's last_year")
                .ja_help("site.toml の改定の日付か、計画の last_year を確かめてください"),
            );
        }
        for (n, ind) in f.indicators.iter().enumerate() {
            for (key, y) in &ind.years {
                let Ok(year) = key.get_ref().parse::<i32>() else {
                    continue;
                };
                if year >= from || (y.target.is_none() && y.actual.is_none()) {
                    continue;
                }
                let field = format!("indicators[{n}].years.{year}");
                self.diags.push(
                    ctx.error(
                        key.span(),
                        format!("the initiative was added at the plan revision `{rid}`, which governs from {from}, but {year} has figures"),
                    )
                    .ja(format!(
                        "この取組項目は計画の改定 `{rid}`（{from}年度から）で追加されたものですが、{year}年度の数値が書かれています"
                    ))
                    .field(field)
                    .help(format!(
                        "delete the year {year}: the plan had no such initiative then. A figure measured before it belongs in the baseline: baseline = {{ year = {year}, value = … }}"
                    ))
                    .ja_help(format!(
                        "{year}年度の行を消してください（その年度の計画にこの取組項目はありません）。追加前に測った数値は基準値に書きます：baseline = {{ year = {year}, value = … }}"
                    )),
                );
            }
        }
        Some(rid)
    }

    /// A year's `target_set_at` / `earlier_target`: the revision known, a
    /// target to come from it, and an earlier target that differs.
    pub(super) fn target_from(
        &mut self,
        ctx: &FileCtx,
        at: &str,
        direction: Direction,
        decimals: Option<u8>,
        y: &YearFile,
    ) -> Option<Box<TargetFromRevision>> {
        let Some(id) = &y.target_set_at else {
            if let Some(e) = &y.earlier_target {
                self.diags.push(
                    ctx.error(e.span(), "an earlier target is given, but not the plan revision that changed it")
                        .ja("改定前の目標値（earlier_target）がありますが、目標値を変えた計画の改定が書かれていません")
                        .field(format!("{at}.earlier_target"))
                        .help("write target_set_at = \"ID\" beside it, the id of the [[plan.revisions]] in site.toml that changed the target")
                        .ja_help("隣に target_set_at = \"ID\" と、目標値を変えた site.toml の [[plan.revisions]] の id を書いてください"),
                );
            }
            return None;
        };
        let revision = self.plan_revision_ref(ctx, id, &format!("{at}.target_set_at"));
        let (rid, applies_from) = revision.map(|r| (r.id.clone(), r.applies_from))?;
        let Some(target) = &y.target else {
            self.diags.push(
                ctx.error(id.span(), "the year says which plan revision set its target, but has no target")
                    .ja("目標値を設定した計画の改定が書かれていますが、その年度に目標値がありません")
                    .field(format!("{at}.target_set_at"))
                    .help("write the target as the revised plan gives it (target = …), or delete target_set_at")
                    .ja_help("改定後の計画の目標値（target = …）を書くか、target_set_at を消してください"),
            );
            return None;
        };
        let earlier = match &y.earlier_target {
            Some(e) => {
                let fig = self.figure(ctx, e, direction, &format!("{at}.earlier_target"))?;
                let places = self.places(ctx, e, decimals, &format!("{at}.earlier_target"));
                // Figures as read: 90.50 and 90.5 are the same number.
                if fig == *target.get_ref() {
                    self.diags.push(
                        ctx.error(e.span(), "the earlier target is the same as the target: the revision did not change it")
                            .ja("改定前の目標値（earlier_target）が今の目標値と同じです。改定で目標値は変わっていません")
                            .field(format!("{at}.earlier_target"))
                            .help("delete earlier_target and target_set_at if the revision left the target as it was")
                            .ja_help("改定で目標値が変わらなかったなら、earlier_target と target_set_at を消してください"),
                    );
                }
                Some((fig, places))
            }
            None => None,
        };
        Some(Box::new(TargetFromRevision {
            revision: rid,
            applies_from,
            earlier: earlier.map(|(f, _)| f),
            earlier_places: earlier.and_then(|(_, p)| p),
        }))
    }
}
