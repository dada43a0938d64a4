//! One initiative: its place in the hierarchy, its indicators and their
//! figures by year, its commentary files.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use toml::Spanned;

use super::*;
use crate::check::load::{
    BaselineFile, BenchmarkFile, CommentaryFile, FinalTargetFile, IndicatorFile, LoadedInitiative,
    PeriodTotalFile, YearFile,
};
use crate::model::{Date, PeriodTotal, RunningFigures, YearShape};

impl Validator<'_> {
    pub(super) fn year_in_plan(
        &mut self,
        ctx: &FileCtx,
        span: Range<usize>,
        year: i32,
        field: &str,
    ) -> bool {
        if (self.model.first_year..=self.model.last_year).contains(&year) {
            return true;
        }
        self.diags.push(
            ctx.error(
                span,
                format!(
                    "fiscal year {year} is outside the plan period {}–{}",
                    self.model.first_year, self.model.last_year
                ),
            )
            .field(field.to_string())
            .ja(format!(
                "{year}年度は計画期間（{}〜{}年度）の外です",
                self.model.first_year, self.model.last_year
            ))
            .help(format!(
                "fiscal years are Gregorian start years ({}–{}); 令和6年度 is 2024",
                self.model.first_year, self.model.last_year
            ))
            .ja_help(format!(
                "年度は西暦の開始年で書きます（{}〜{}。令和6年度は 2024）",
                self.model.first_year, self.model.last_year
            )),
        );
        false
    }

    pub(super) fn year_key(
        &mut self,
        ctx: &FileCtx,
        key: &Spanned<String>,
        field: &str,
    ) -> Option<i32> {
        match key.get_ref().parse::<i32>() {
            Ok(year) => self
                .year_in_plan(ctx, key.span(), year, &format!("{field}.{year}"))
                .then_some(year),
            Err(_) => {
                let d = ctx
                    .error(
                        key.span(),
                        format!("`{}` is not a fiscal year", key.get_ref()),
                    )
                    .field(format!("{field}.{}", key.get_ref()))
                    .ja(format!("`{}` は年度ではありません", key.get_ref()));
                // `"令和7"`, `"R7"`, `"2025年度"`: say which year to write, as written.
                let d = match crate::base::text::parse_year_hint(key.get_ref()) {
                    Some(year) => {
                        let written = ctx.source.get(key.span()).unwrap_or(key.get_ref());
                        let (help, ja_help) = crate::base::text::year_advice(written, year);
                        d.help(help).ja_help(ja_help)
                    }
                    None => d
                        .help("write the fiscal year as a Gregorian year, e.g. 2024 for 令和6年度")
                        .ja_help("年度は西暦で書いてください（令和6年度は 2024）"),
                };
                self.diags.push(d);
                None
            }
        }
    }

    pub(super) fn initiative(&mut self, loaded: LoadedInitiative) -> Option<Initiative> {
        let ctx = FileCtx {
            path: &loaded.path,
            source: &loaded.source,
            record: false,
        };
        let f = &loaded.file;
        let errors_before = self.diags.errors();
        if let Err(why) = check_id(&loaded.id) {
            self.diags.push(
                Diagnostic::error(format!("the folder name `{}` {why}", loaded.id))
                    .ja(format!("フォルダー名 `{}` は{}", loaded.id, why.ja()))
                    .ja_help("フォルダー名を変えてください（例：01-online-applications）")
                    .in_file(&loaded.dir)
                    .help("rename the folder, e.g. 01-online-applications"),
            );
        }
        if *f.number.get_ref() == 0 {
            self.diags.push(
                ctx.error(f.number.span(), "initiative numbers start at 1")
                    .field("number"),
            );
        }
        self.hierarchy(&ctx, f);
        if !self.model.divisions.contains_key(f.division.get_ref()) {
            let known: Vec<&String> = self.model.divisions.keys().collect();
            let closest = known
                .iter()
                .max_by(|a, b| {
                    strsim::jaro_winkler(a, f.division.get_ref())
                        .total_cmp(&strsim::jaro_winkler(b, f.division.get_ref()))
                })
                .map(|k| format!("did you mean `{k}`? "))
                .unwrap_or_default();
            self.diags.push(
                ctx.error(
                    f.division.span(),
                    format!("unknown division `{}`", f.division.get_ref()),
                )
                .field("division")
                .ja(format!(
                    "所管課 `{}` が site.toml にありません",
                    f.division.get_ref()
                ))
                .help(format!(
                    "{closest}divisions are listed under [divisions] in site.toml"
                ))
                .ja_help("所管課は site.toml の [divisions] にあるものを書きます"),
            );
        }
        let mut schedule = BTreeMap::new();
        for (key, word) in &f.schedule {
            if let Some(year) = self.year_key(&ctx, key, "schedule") {
                schedule.insert(year, *word);
            }
        }
        let (scale, statuses) = self.statuses(&ctx, f);
        if f.indicators.is_empty() && f.status.is_empty() {
            self.diags.push(
                ctx.error(0..0, "an initiative needs at least one indicator")
                    .ja("取組項目には指標が1つ以上必要です")
                    .field("indicators")
                    .help("add an [[indicators]] table (see docs/content-format.md), or the item's [status] per year on the plan's scale")
                    .ja_help("[[indicators]] を書くか、計画の評価区分による年度ごとの [status] を書いてください（docs/content-format.md）"),
            );
        }
        let mut seen = BTreeSet::new();
        let indicators: Vec<Indicator> = f
            .indicators
            .iter()
            .enumerate()
            .filter_map(|(n, i)| {
                if !seen.insert(i.id.get_ref().clone()) {
                    self.diags.push(
                        ctx.error(
                            i.id.span(),
                            format!("indicator id `{}` appears twice", i.id.get_ref()),
                        )
                        .ja(format!(
                            "指標の id `{}` が2回使われています",
                            i.id.get_ref()
                        ))
                        .field(format!("indicators[{n}].id"))
                        .help("give each indicator of the initiative its own id")
                        .ja_help("取組項目の中で、指標ごとに別の id を付けてください"),
                    );
                }
                self.indicator(&ctx, n, i)
            })
            .collect();
        let commentary = self.commentary(&loaded.dir, loaded.commentary);
        let added_at = self.added_at(&ctx, f);
        let initiative = Initiative {
            id: loaded.id,
            number: *f.number.get_ref(),
            strategy: *f.strategy.get_ref(),
            area: *f.area.get_ref(),
            item: *f.item.get_ref(),
            division: f.division.get_ref().clone(),
            title: f.title.clone(),
            description: f.description.clone(),
            schedule: schedule.into_iter().collect(),
            indicators,
            commentary: commentary.into_iter().collect(),
            path: loaded.path,
            added_at,
            scale,
            statuses,
        };
        for (field, text) in initiative.texts() {
            check_text(
                &initiative.path,
                &field,
                text,
                &self.model.languages,
                self.diags,
            );
        }
        (self.diags.errors() == errors_before).then_some(initiative)
    }

    /// The item's status per year on its scale (`status_scale`, else the
    /// site's first scale).
    fn statuses(
        &mut self,
        ctx: &FileCtx,
        f: &crate::check::load::InitiativeFile,
    ) -> (usize, VecMap<i32, usize>) {
        if f.status.is_empty() && f.status_scale.is_none() {
            return (0, VecMap::default());
        }
        let scales = &self.model.scales;
        let scale = match super::scales::find_scale(
            scales,
            f.status_scale.as_ref(),
            |span, m| ctx.error(span, m),
            "status_scale",
        ) {
            Ok(n) => n,
            Err(d) => {
                self.diags.push(d);
                return (0, VecMap::default());
            }
        };
        let mut out = BTreeMap::new();
        for (key, level) in &f.status {
            let Some(year) = self.year_key(ctx, key, "status") else {
                continue;
            };
            let field = format!("status.{year}");
            let scale = &self.model.scales[scale];
            match scale.level(level.get_ref()) {
                Some(l) => {
                    out.insert(year, l);
                }
                None => self.diags.push(super::scales::unknown_level(
                    scale,
                    level.get_ref(),
                    ctx.error(
                        level.span(),
                        format!(
                            "`{}` is not a level of scale `{}`",
                            level.get_ref(),
                            scale.id
                        ),
                    )
                    .field(field.clone()),
                )),
            }
            if year > self.model.latest_year {
                self.diags.push(
                    Diagnostic::warning(format!(
                        "a status is entered for {year}, after the latest reviewed year {}",
                        self.model.latest_year
                    ))
                    .in_file(ctx.path)
                    .at(ctx.source, level.span())
                    .field(field)
                    .ja(format!(
                        "{year}年度の評価が入力されていますが、実績の最新年度（latest_reviewed_year）は {} です",
                        self.model.latest_year
                    ))
                    .help("raise latest_reviewed_year in site.toml once the year's review is done")
                    .ja_help("その年度の評価が済んだら site.toml の latest_reviewed_year を上げてください"),
                );
            }
        }
        (scale, out.into_iter().collect())
    }

    pub(super) fn hierarchy(&mut self, ctx: &FileCtx, f: &crate::check::load::InitiativeFile) {
        let Some(strategy) = self.model.strategy(*f.strategy.get_ref()) else {
            let known: Vec<String> = self
                .model
                .strategies
                .iter()
                .map(|s| s.number.to_string())
                .collect();
            self.diags.push(
                ctx.error(
                    f.strategy.span(),
                    format!("strategy {} is not in site.toml", f.strategy.get_ref()),
                )
                .ja(format!(
                    "取組戦略 {} は site.toml にありません",
                    f.strategy.get_ref()
                ))
                .field("strategy")
                .help(format!("known strategies: {}", known.join(", ")))
                .ja_help(format!("site.toml にある取組戦略：{}", known.join("、"))),
            );
            return;
        };
        let Some(area) = strategy.area(*f.area.get_ref()) else {
            self.diags.push(
                ctx.error(
                    f.area.span(),
                    format!(
                        "strategy {} has no area ({}) in site.toml",
                        strategy.number,
                        f.area.get_ref()
                    ),
                )
                .ja(format!(
                    "取組戦略 {} に取組の方向性 ({}) は site.toml にありません",
                    strategy.number,
                    f.area.get_ref()
                ))
                .field("area")
                .help("add it under [[strategies.areas]] in site.toml, or fix the number")
                .ja_help("site.toml の [[strategies.areas]] に加えるか、番号を直してください"),
            );
            return;
        };
        if area.item(*f.item.get_ref()).is_none() {
            self.diags.push(
                ctx.error(
                    f.item.span(),
                    format!(
                        "area ({}) of strategy {} has no item {} in site.toml",
                        area.number,
                        strategy.number,
                        f.item.get_ref()
                    ),
                )
                .ja(format!(
                    "取組戦略 {} の取組の方向性 ({}) に取組項目 {} は site.toml にありません",
                    strategy.number,
                    area.number,
                    f.item.get_ref()
                ))
                .field("item")
                .help("add it under [[strategies.areas.items]] in site.toml, or fix the number")
                .ja_help(
                    "site.toml の [[strategies.areas.items]] に加えるか、番号を直してください",
                ),
            );
        }
    }

    pub(super) fn figure(
        &mut self,
        ctx: &FileCtx,
        fig: &Spanned<Figure>,
        direction: Direction,
        field: &str,
    ) -> Option<Figure> {
        let value = *fig.get_ref();
        let problem = match (value, direction) {
            (Figure::Number(n), _) if !n.is_finite() => Some((
                "the figure is not a finite number".to_string(),
                "write the figure as a plain number such as 45872 or 38.1 (nan and inf are not figures)",
            )),
            (Figure::Number(n), _) if n.abs() > 1e15 => Some((
                "the figure is too large".to_string(),
                "check the figure: it must be below 10^15 in the indicator's unit",
            )),
            (Figure::Number(n), _) if n != 0.0 && n.abs() < MIN_FIGURE => Some((
                "the figure is too small to print (closer to 0 than 0.000001)".to_string(),
                "check the figure, or use a smaller unit (e.g. 千円 instead of 億円)",
            )),
            (Figure::Number(_), Direction::Milestone) => Some((
                "a number was given, but this indicator is a milestone".to_string(),
                "write true (done / planned) or false (not done), or change `direction`",
            )),
            (Figure::Done(_), Direction::Higher | Direction::Lower) => Some((
                "true/false was given, but this indicator has figures".to_string(),
                "write the figure as a number, or set direction = \"milestone\"",
            )),
            _ => None,
        };
        match problem {
            // -0.0 would print as "-0".
            None => Some(match value {
                Figure::Number(0.0) => Figure::Number(0.0),
                v => v,
            }),
            Some((message, help)) => {
                self.diags.push(
                    ctx.error(fig.span(), message)
                        .field(field.to_string())
                        .ja("この数値は使えません（有限の数値、10^15 未満、0 か 0.000001 以上。実施の有無で評価する指標は true / false）")
                        .help(help)
                        .ja_help("数値を確かめて、単位・カンマを付けずに書いてください（例：45872、38.1）"),
                );
                None
            }
        }
    }

    /// The decimals a number was written with (`0.670` → 3), so that it is
    /// printed as written; an error when the indicator's `decimals` would
    /// print it rounded (`0.675` with `decimals = 1` would read 0.7).
    pub(super) fn places(
        &mut self,
        ctx: &FileCtx,
        fig: &Spanned<Figure>,
        decimals: Option<u8>,
        field: &str,
    ) -> Option<u8> {
        if !matches!(fig.get_ref(), Figure::Number(_)) {
            return None;
        }
        let written = ctx.source.get(fig.span())?;
        let places = written_places(written)?;
        if let Some(d) = decimals
            && places > d
            && let Figure::Number(n) = *fig.get_ref()
            && format!("{n:.prec$}", prec = usize::from(d)).parse::<f64>() != Ok(n)
        {
            let shown = crate::base::text::format_number(n, Some(d));
            self.diags.push(
                ctx.error(
                    fig.span(),
                    format!(
                        "{written} has {places} decimals, but the indicator's `decimals = {d}` would print it as {shown}"
                    ),
                )
                .field(field.to_string())
                .ja(format!(
                    "{written} は小数点以下 {places} 桁ですが、指標の `decimals = {d}` では {shown} と表示されてしまいます"
                ))
                .help(format!(
                    "write the figure as the report prints it, or set decimals = {places} on the indicator (or delete decimals: each figure is then printed as written)"
                ))
                .ja_help(format!(
                    "報告書の表記どおりに数値を書くか、指標の decimals を {places} にしてください（decimals を消すと、数値は書いたとおりに表示されます）"
                )),
            );
        }
        Some(places)
    }

    pub(super) fn indicator(
        &mut self,
        ctx: &FileCtx,
        n: usize,
        i: &IndicatorFile,
    ) -> Option<Indicator> {
        self.indicator_at(ctx, format!("indicators[{n}]"), i)
    }

    /// An indicator whose fields are named from `at` (`headline_targets[0]`).
    pub(super) fn indicator_at(
        &mut self,
        ctx: &FileCtx,
        at: String,
        i: &IndicatorFile,
    ) -> Option<Indicator> {
        let direction = *i.direction.get_ref();
        if let Err(why) = check_id(i.id.get_ref()) {
            self.diags.push(
                ctx.error(
                    i.id.span(),
                    format!("indicator id `{}` {why}", i.id.get_ref()),
                )
                .ja(format!("指標の id `{}` は{}", i.id.get_ref(), why.ja()))
                .field(format!("{at}.id"))
                .help("it becomes part of file names: use e.g. online-procedures")
                .ja_help("ファイル名の一部になります。例：online-procedures"),
            );
        }
        let no_unit = i.no_unit.as_ref().filter(|n| *n.get_ref());
        let rank = i.rank.as_ref().filter(|r| *r.get_ref());
        if let Some(r) = rank {
            self.rank(ctx, &at, r, direction, i);
        }
        match (&i.unit, no_unit.or(rank)) {
            (Some(_), Some(n)) => self.diags.push(
                ctx.error(n.span(), "the indicator has a unit and says `no_unit = true`")
                    .ja("単位（unit）があるのに `no_unit = true` と書かれています")
                    .field(format!("{at}.no_unit"))
                    .help("delete `no_unit = true`, or delete the unit if the figure has none (an index)")
                    .ja_help("`no_unit = true` を消すか、単位のない指数なら unit を消してください"),
            ),
            (None, None) if direction != Direction::Milestone => self.diags.push(
                ctx.error(i.id.span(), "an indicator with figures needs a unit")
                    .ja("数値の指標には単位（unit）が必要です")
                    .field(format!("{at}.unit"))
                    .help("add e.g. unit = { ja = \"件\", en = \"procedures\" }, or no_unit = true for an index with no unit (財政力指数 0.670)")
                    .ja_help("unit = { ja = \"件\", en = \"procedures\" } のように単位を書いてください。単位のない指数（財政力指数 0.670 など）は no_unit = true と書きます"),
            ),
            _ => {}
        }
        let decimals = i.decimals.as_ref().map(|d| *d.get_ref());
        if let Some(d) = &i.decimals
            && *d.get_ref() > 6
        {
            self.diags.push(
                ctx.error(d.span(), "decimals may be at most 6")
                    .field(format!("{at}.decimals")),
            );
        }
        let baseline = i
            .baseline
            .as_ref()
            .map(|b| self.baseline(ctx, &format!("{at}.baseline"), decimals, b));
        let base = baseline
            .as_ref()
            .and_then(|b| b.as_ref())
            .and_then(|b| Some((b.value?, b.places)));
        let final_target = i.final_target.as_ref().map(|t| {
            self.final_target(
                ctx,
                &format!("{at}.final_target"),
                direction,
                decimals,
                t,
                base,
            )
        });
        let mut years = BTreeMap::new();
        for (key, y) in &i.years {
            if let Some(year) = self.year_key(ctx, key, &format!("{at}.years")) {
                let field = format!("{at}.years.{year}");
                let figures = self.year(ctx, &field, direction, decimals, year, y, base);
                years.insert(year, figures);
            }
        }
        self.dates(ctx, &at, i, direction, decimals, base, &mut years);
        // A target only at the end of the plan (final_target) is the last year's
        // target when that year has none of its own, so that the year is assessed.
        if let Some(Some(FinalTarget {
            value: Some(Figure::Number(v)),
            places,
            change,
            approximate,
            ..
        })) = &final_target
            && i.dates.is_empty()
        {
            let last = self.model.last_year;
            let y = years.entry(last).or_default();
            if y.target.is_none() {
                y.target = Some(Figure::Number(*v));
                y.target_places = *places;
                if change.is_some() || *approximate {
                    let shape = y.shape.get_or_insert_with(Box::default);
                    shape.target_change = *change;
                    shape.approximate = *approximate;
                }
            }
        }
        let period_total = i
            .period_total
            .as_ref()
            .and_then(|t| self.period_total(ctx, &at, i, decimals, t));
        let running_total = self.running_total(ctx, &at, i, decimals);
        let benchmarks = i
            .benchmarks
            .iter()
            .enumerate()
            .filter_map(|(n, b)| {
                self.benchmark(
                    ctx,
                    &format!("{at}.benchmarks[{n}]"),
                    direction,
                    decimals,
                    b,
                )
            })
            .collect();
        let indicator = Indicator {
            id: i.id.get_ref().clone(),
            name: i.name.clone(),
            unit: i.unit.clone(),
            direction,
            cumulative: i.cumulative,
            qualifier: i.qualifier,
            decimals,
            baseline: baseline.flatten(),
            final_target: final_target.flatten(),
            milestone_label: i.milestone_label.clone().map(Box::new),
            rank: rank.is_some(),
            years: years.into_iter().collect(),
            benchmarks,
            reason: i.reason.clone().map(Box::new),
            period_total: period_total.map(Box::new),
            running_total,
        };
        if !ctx.record {
            self.running_total_agrees(ctx, &at, i, &indicator);
        }
        Some(indicator)
    }

    /// A running total given beside the years (of the same basis: its last
    /// target is the period's total) that disagrees with the sum of the
    /// years' actuals, where every year up to it has one: a warning naming
    /// both figures. The period's progress is taken from the total given.
    fn running_total_agrees(
        &mut self,
        ctx: &FileCtx,
        at: &str,
        file: &IndicatorFile,
        ind: &Indicator,
    ) {
        for key in file.running_total.keys() {
            let Ok(year) = key.get_ref().parse::<i32>() else {
                continue;
            };
            let Some(given) = ind.given_running_total(year) else {
                continue;
            };
            // Every year from the plan's first up to `year` has its actual.
            let complete = (self.model.first_year..=year).all(|y| {
                ind.years
                    .get(&y)
                    .is_some_and(|f| matches!(f.actual, Some(Figure::Number(_))))
            });
            let Some(sum) = ind.sum_of_actuals(year).filter(|_| complete) else {
                continue;
            };
            if (sum - given).abs() <= 1e-9 * given.abs().max(1.0) {
                continue;
            }
            let (g, s) = (
                crate::base::text::plain_number(given),
                crate::base::text::plain_number(sum),
            );
            self.diags.push(
                Diagnostic::warning(format!(
                    "the running total given for {year} ({g}) and the sum of the years' actuals up to {year} ({s}) disagree; the period's progress is taken from the running total"
                ))
                .in_file(ctx.path)
                .at(ctx.source, key.span())
                .field(format!("{at}.running_total.{year}.actual"))
                .ja(format!(
                    "{year}年度の累計として書かれた数値（{g}）と、{year}年度までの各年度の実績の合計（{s}）が一致しません。計画期間の進捗率は累計の数値から計算します"
                ))
                .help("check both against the report: correct the running total or the year that differs")
                .ja_help("報告書と照らし合わせ、累計か、食い違う年度の実績を直してください"),
            );
        }
    }

    /// A rank is better when lower and is a whole number: 3位, never 3.5位.
    fn rank(
        &mut self,
        ctx: &FileCtx,
        at: &str,
        flag: &Spanned<bool>,
        direction: Direction,
        i: &IndicatorFile,
    ) {
        if direction != Direction::Lower {
            self.diags.push(
                ctx.error(flag.span(), "a rank is better when it is lower, but the indicator's direction is not \"lower\"")
                    .ja("順位は小さいほど良い数値ですが、指標の direction が \"lower\" になっていません")
                    .field(format!("{at}.direction"))
                    .help("write direction = \"lower\" for a rank (1位 is the best)")
                    .ja_help("順位の指標は direction = \"lower\" と書いてください（1位がいちばん上です）"),
            );
        }
        if let Some(d) = &i.decimals
            && *d.get_ref() != 0
        {
            self.diags.push(
                ctx.error(d.span(), "a rank has no decimals")
                    .ja("順位に小数点以下の桁はありません")
                    .field(format!("{at}.decimals"))
                    .help("delete `decimals`: a rank is a whole number")
                    .ja_help("`decimals` を消してください（順位は整数です）"),
            );
        }
        let mut figures: Vec<(String, &Spanned<Figure>)> = Vec::new();
        for (key, y) in &i.years {
            let year = key.get_ref();
            figures.extend(
                y.target
                    .iter()
                    .map(|f| (format!("{at}.years.{year}.target"), f)),
            );
            figures.extend(
                y.actual
                    .iter()
                    .map(|f| (format!("{at}.years.{year}.actual"), f)),
            );
        }
        if let Some(b) = &i.baseline {
            figures.extend(b.value.iter().map(|f| (format!("{at}.baseline.value"), f)));
        }
        if let Some(t) = &i.final_target {
            figures.extend(
                t.value
                    .iter()
                    .map(|f| (format!("{at}.final_target.value"), f)),
            );
        }
        for (field, f) in figures {
            if let Figure::Number(n) = f.get_ref()
                && (n.fract() != 0.0 || *n < 1.0)
            {
                let n = crate::base::text::plain_number(*n);
                self.diags.push(
                    ctx.error(
                        f.span(),
                        format!("{n} is not a rank: a rank is a whole number from 1"),
                    )
                    .ja(format!("{n} は順位になりません。順位は 1 以上の整数です"))
                    .field(field)
                    .help("write the place as the report prints it, e.g. 3 for 3位")
                    .ja_help("報告書の順位を整数で書いてください（3位なら 3）"),
                );
            }
        }
    }

    /// A reference figure: a number with its year, or the statement that the
    /// source gives none; a related measure's unit and the city's own figure on it.
    pub(super) fn benchmark(
        &mut self,
        ctx: &FileCtx,
        at: &str,
        direction: Direction,
        decimals: Option<u8>,
        b: &BenchmarkFile,
    ) -> Option<Benchmark> {
        let label = b.label.ja.as_str();
        let value = match self.figure(ctx, &b.value, Direction::Higher, &format!("{at}.value"))? {
            Figure::Number(n) => n,
            Figure::Done(_) => return None,
        };
        // The indicator's decimals govern a figure on its own measure only.
        let own_decimals = if b.measure.is_some() { None } else { decimals };
        let places = self.places(ctx, &b.value, own_decimals, &format!("{at}.value"));
        let no_year = b.no_year.as_ref().filter(|n| *n.get_ref());
        let year = match (&b.year, no_year) {
            (Some(y), None) => {
                if !(1900..=2200).contains(y.get_ref()) {
                    self.diags.push(
                        ctx.error(y.span(), format!("{} is not a fiscal year", y.get_ref()))
                            .ja(format!("{} は年度ではありません", y.get_ref()))
                            .field(format!("{at}.year"))
                            .help("write the Gregorian start year, e.g. 2020 for 令和2年度 (R2)")
                            .ja_help("年度は西暦の開始年で書いてください（令和2年度は 2020）"),
                    );
                    return None;
                }
                Some(*y.get_ref())
            }
            (Some(y), Some(_)) => {
                self.diags.push(
                    ctx.error(
                        y.span(),
                        format!("the benchmark {label} has a year and says `no_year = true`"),
                    )
                    .ja(format!(
                        "参考値「{label}」に年度（year）があるのに `no_year = true` と書かれています"
                    ))
                    .field(format!("{at}.year"))
                    .help("keep `year` if the source gives the year, else delete it and keep `no_year = true`")
                    .ja_help("出典に年度があれば year を残し、なければ year を消して `no_year = true` を残してください"),
                );
                return None;
            }
            (None, Some(_)) => None,
            (None, None) => {
                self.diags.push(
                    ctx.error(
                        b.value.span(),
                        format!("the benchmark {label} has no year"),
                    )
                    .ja(format!("参考値「{label}」に年度がありません"))
                    .field(format!("{at}.year"))
                    .help("write the fiscal year of the figure, e.g. `year = 2020` for 令和2年度, or `no_year = true` when the source gives none (the page then shows no year)")
                    .ja_help("数値の年度を `year = 2020`（令和2年度）のように書いてください。出典に年度の記載がなければ `no_year = true` と書きます（ページには年度を表示しません）"),
                );
                return None;
            }
        };
        let measure = match &b.measure {
            Some(name) => {
                let own_value = match &b.own_value {
                    Some(v) => {
                        match self.figure(ctx, v, Direction::Higher, &format!("{at}.own_value"))? {
                            Figure::Number(n) => {
                                Some((n, self.places(ctx, v, None, &format!("{at}.own_value"))))
                            }
                            Figure::Done(_) => return None,
                        }
                    }
                    None => None,
                };
                Some(Measure {
                    name: name.clone(),
                    unit: b.unit.clone(),
                    own_value,
                })
            }
            None => {
                // Without a measure the figure is on the indicator's own: its unit, its figures.
                let stray = [
                    ("unit", b.unit.is_some().then(|| b.value.span())),
                    ("own_value", b.own_value.as_ref().map(|v| v.span())),
                ];
                for (field, span) in stray {
                    let Some(span) = span else { continue };
                    self.diags.push(
                        ctx.error(
                            span,
                            format!("`{field}` is only for a benchmark on another measure, and this one has no `measure`"),
                        )
                        .ja(format!(
                            "`{field}` は別の指標の参考値にだけ書きます。この参考値には `measure` がありません"
                        ))
                        .field(format!("{at}.{field}"))
                        .help("for a figure on the indicator's own measure, delete it (the indicator's unit and figures are used); for a related measure, add e.g. measure = { ja = \"交付率\", en = \"Issuance rate\" }")
                        .ja_help("この指標そのものの参考値なら消してください（指標の単位と実績を使います）。関連する別の指標なら measure = { ja = \"交付率\", en = \"Issuance rate\" } のように書き加えてください"),
                    );
                }
                if direction == Direction::Milestone {
                    self.diags.push(
                        ctx.error(b.value.span(), "a milestone has no figure to compare a benchmark with")
                            .ja("実施の有無で評価する指標には、比べる数値がありません")
                            .field(format!("{at}.measure"))
                            .help("name the measure the figure is of, e.g. measure = { ja = \"交付率\", en = \"Issuance rate\" }")
                            .ja_help("参考値が何の数値かを measure = { ja = \"交付率\", en = \"Issuance rate\" } のように書いてください"),
                    );
                    return None;
                }
                None
            }
        };
        Some(Benchmark {
            label: b.label.clone(),
            value,
            places,
            year,
            source: b.source.clone(),
            measure,
        })
    }

    pub(super) fn baseline(
        &mut self,
        ctx: &FileCtx,
        at: &str,
        decimals: Option<u8>,
        b: &BaselineFile,
    ) -> Option<Baseline> {
        if let Some(year) = &b.year
            && !(1900..=2200).contains(year.get_ref())
        {
            self.diags.push(
                ctx.error(
                    year.span(),
                    format!("{} is not a fiscal year", year.get_ref()),
                )
                .field(format!("{at}.year"))
                .help("write the Gregorian start year, e.g. 2021 for 令和3年度 (R3)"),
            );
        }
        let value = match &b.value {
            Some(v) => match self.figure(ctx, v, Direction::Higher, &format!("{at}.value"))? {
                Figure::Number(n) => Some(n),
                Figure::Done(_) => None,
            },
            None => None,
        };
        let places = b
            .value
            .as_ref()
            .and_then(|v| self.places(ctx, v, decimals, &format!("{at}.value")));
        if value.is_none() && b.text.is_none() {
            self.diags.push(
                ctx.error(0..0, "a baseline needs a value or a text")
                    .field(at.to_string())
                    .help("remove the baseline if the report shows none (－)"),
            );
        }
        Some(Baseline {
            year: b.year.as_ref().map(|y| *y.get_ref()),
            value,
            places,
            text: b.text.clone().map(Box::new),
            reason: b.reason.clone().map(Box::new),
        })
    }

    pub(super) fn final_target(
        &mut self,
        ctx: &FileCtx,
        at: &str,
        direction: Direction,
        decimals: Option<u8>,
        t: &FinalTargetFile,
        base: Option<(f64, Option<u8>)>,
    ) -> Option<FinalTarget> {
        let mut value = match &t.value {
            Some(v) => Some(self.figure(ctx, v, direction, &format!("{at}.value"))?),
            None => None,
        };
        let mut places = t
            .value
            .as_ref()
            .and_then(|v| self.places(ctx, v, decimals, &format!("{at}.value")));
        let mut change = None;
        if let Some(c) = &t.change {
            let written = WrittenTarget {
                value: t.value.as_ref(),
                value_field: "value",
                change: c,
                change_field: "change",
                what_en: "the final target",
                what_ja: "計画期間の目標値（final_target）",
            };
            if let Some(implied) = self.change(ctx, at, direction, decimals, base, &written) {
                value = Some(Figure::Number(implied.value));
                places = implied.places;
                change = Some(implied.change);
            }
        }
        let approximate = self.approximate(ctx, at, t.approximate.as_ref(), value.is_some());
        Some(FinalTarget {
            value,
            places,
            text: t.text.clone().map(Box::new),
            reason: t.reason.clone().map(Box::new),
            change,
            approximate,
        })
    }

    /// A target written as a change from the baseline: the figure it implies
    /// (baseline + change, at the decimals of the two), and the change.
    fn change(
        &mut self,
        ctx: &FileCtx,
        at: &str,
        direction: Direction,
        decimals: Option<u8>,
        base: Option<(f64, Option<u8>)>,
        t: &WrittenTarget,
    ) -> Option<Implied> {
        let c = t.change;
        if t.value.is_some() {
            self.diags.push(
                ctx.error(
                    c.span(),
                    format!(
                        "{} is written twice, as a figure (`{}`) and as a change from the baseline (`{}`)",
                        t.what_en, t.value_field, t.change_field
                    ),
                )
                .ja(format!(
                    "{}が、数値（`{}`）と基準値からの増減（`{}`）の2通りで書かれています",
                    t.what_ja, t.value_field, t.change_field
                ))
                .field(format!("{at}.{}", t.change_field))
                .help(format!(
                    "keep one of the two: `{} = 1294` (the figure), or `{} = -50` (the change from the baseline, negative for a cut) as the plan writes it",
                    t.value_field, t.change_field
                ))
                .ja_help(format!(
                    "計画の書き方に合わせて、どちらか一方だけを残してください。数値なら `{} = 1294`、基準値からの増減なら `{} = -50`（削減はマイナス）",
                    t.value_field, t.change_field
                )),
            );
            return None;
        }
        let field = format!("{at}.{}", t.change_field);
        let Figure::Number(n) = self.figure(ctx, c, direction, &field)? else {
            return None;
        };
        let change_places = self.places(ctx, c, decimals, &field);
        let Some((b, base_places)) = base else {
            self.diags.push(
                ctx.error(c.span(), format!("{} is written as a change from the baseline, but the indicator has no baseline figure", t.what_en))
                    .ja(format!("{}が基準値からの増減で書かれていますが、指標に基準値の数値がありません", t.what_ja))
                    .field(field)
                    .help("write the baseline the change is from, e.g. baseline = { year = 2005, value = 4305 }, or write the target itself as a figure")
                    .ja_help("増減のもとになる基準値を baseline = { year = 2005, value = 4305 } のように書くか、目標値を数値で書いてください"),
            );
            return None;
        };
        let places = match (base_places, change_places) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let digits = usize::from(decimals.or(places).unwrap_or(6));
        let implied = format!("{:.digits$}", b + n)
            .parse::<f64>()
            .unwrap_or(b + n);
        Some(Implied {
            value: if implied == 0.0 { 0.0 } else { implied },
            places,
            change: (n, change_places),
        })
    }

    /// `approximate = true` (概ね / 約) belongs to a target.
    fn approximate(
        &mut self,
        ctx: &FileCtx,
        at: &str,
        flag: Option<&Spanned<bool>>,
        has_target: bool,
    ) -> bool {
        let Some(flag) = flag.filter(|f| *f.get_ref()) else {
            return false;
        };
        if !has_target {
            self.diags.push(
                ctx.error(flag.span(), "`approximate = true` marks a target as approximate (概ね, 約), but there is no target figure here")
                    .ja("`approximate = true` は目標値が概数（概ね・約）であることを表しますが、ここには目標値の数値がありません")
                    .field(format!("{at}.approximate"))
                    .help("write the target (`target = 3875`, or `target_change = -430` for a change from the baseline), or delete `approximate`")
                    .ja_help("目標値（`target = 3875`、基準値からの増減なら `target_change = -430`）を書くか、`approximate` を消してください"),
            );
            return false;
        }
        true
    }

    /// `[indicators.dates]`: figures at dates (`2013-04-01`), each counted in
    /// the fiscal year the day before the date is in (1 April closes the year
    /// before it), never mixed with fiscal years in one indicator.
    #[allow(clippy::too_many_arguments)]
    fn dates(
        &mut self,
        ctx: &FileCtx,
        at: &str,
        i: &IndicatorFile,
        direction: Direction,
        decimals: Option<u8>,
        base: Option<(f64, Option<u8>)>,
        years: &mut BTreeMap<i32, YearFigures>,
    ) {
        let Some((first, _)) = i.dates.iter().next() else {
            return;
        };
        if let Some((year_key, _)) = i.years.iter().next() {
            self.diags.push(
                ctx.error(
                    first.span(),
                    "the indicator has figures at dates ([indicators.dates]) and figures by fiscal year ([indicators.years]); one indicator uses one of the two",
                )
                .ja("この指標には、日付時点の数値（[indicators.dates]）と年度の数値（[indicators.years]）の両方があります。1つの指標ではどちらか一方で書きます")
                .field(format!("{at}.dates.{}", first.get_ref()))
                .help(format!(
                    "if the report gives the figures as of a date (4月1日現在), write every figure under [indicators.dates] (e.g. 2013-04-01 = {{ target = 830, actual = 826 }}) and delete [indicators.years] (it starts with {}); if they are the fiscal year's, write them all under [indicators.years]",
                    year_key.get_ref()
                ))
                .ja_help(format!(
                    "報告書が「4月1日現在」のような日付時点の数値なら、すべて [indicators.dates] に（例：2013-04-01 = {{ target = 830, actual = 826 }}）書き、[indicators.years]（{} から始まる表）を消してください。年度の数値なら、すべて [indicators.years] に書いてください",
                    year_key.get_ref()
                )),
            );
            return;
        }
        if !i.running_total.is_empty() {
            self.diags.push(
                ctx.error(first.span(), "a running total ([indicators.running_total]) is kept by fiscal year, but this indicator's figures are at dates")
                    .ja("累計の系列（[indicators.running_total]）は年度ごとに書きますが、この指標の数値は日付時点のものです")
                    .field(format!("{at}.running_total"))
                    .help("delete [indicators.running_total], or write the figures by fiscal year under [indicators.years]")
                    .ja_help("[indicators.running_total] を消すか、数値を年度ごとに [indicators.years] に書いてください"),
            );
        }
        let mut seen: BTreeMap<i32, String> = BTreeMap::new();
        for (key, y) in &i.dates {
            let written = key.get_ref();
            let date = written
                .len()
                .eq(&10)
                .then(|| Date::parse(written))
                .flatten();
            let Some(date) = date else {
                self.diags.push(
                    ctx.error(key.span(), format!("`{written}` is not a date"))
                        .ja(format!("`{written}` は日付ではありません"))
                        .field(format!("{at}.dates.{written}"))
                        .help("write the date the figure is as of as YYYY-MM-DD, e.g. 2013-04-01 for 平成25年4月1日現在")
                        .ja_help("何日現在の数値かを 年-月-日 で書いてください（平成25年4月1日現在なら 2013-04-01）"),
                );
                continue;
            };
            // The day before: 1 April is the state at the close of the year before.
            let year = if (date.month, date.day) > (4, 1) {
                date.year
            } else {
                date.year - 1
            };
            let field = format!("{at}.dates.{written}");
            if !self.year_in_plan(ctx, key.span(), year, &field) {
                continue;
            }
            if let Some(other) = seen.insert(year, written.clone()) {
                self.diags.push(
                    ctx.error(key.span(), format!("{other} and {written} fall in the same fiscal year {year}; an indicator has one figure a year"))
                        .ja(format!("{other} と {written} は同じ {year}年度に入ります。1つの指標の数値は1年度に1つです"))
                        .field(field)
                        .help("keep the date the report gives for that year (a date on 1 April counts for the fiscal year that ended the day before)")
                        .ja_help("その年度について報告書が示す日付だけを残してください（4月1日の数値は前日に終わった年度の数値です）"),
                );
                continue;
            }
            let mut figures = self.year(ctx, &field, direction, decimals, year, y, base);
            figures.shape.get_or_insert_with(Box::default).measured_on = Some(date);
            years.insert(year, figures);
        }
    }

    /// `period_total`: the sum of a per-year indicator's years.
    fn period_total(
        &mut self,
        ctx: &FileCtx,
        at: &str,
        i: &IndicatorFile,
        decimals: Option<u8>,
        t: &PeriodTotalFile,
    ) -> Option<PeriodTotal> {
        let field = format!("{at}.period_total");
        let direction = *i.direction.get_ref();
        if direction == Direction::Milestone || i.cumulative {
            let (en, ja, help, ja_help) = if i.cumulative {
                (
                    "`period_total` sums the years, but this indicator's figures are already running totals (cumulative = true)",
                    "`period_total` は各年度の合計ですが、この指標の数値はすでに累計です（cumulative = true）",
                    "delete `period_total`: the target of the last year (or final_target) is the period's target",
                    "`period_total` を消してください。最終年度の目標値（または final_target）が計画期間の目標になります",
                )
            } else {
                (
                    "`period_total` sums the years' figures, but this indicator is a milestone",
                    "`period_total` は各年度の数値の合計ですが、この指標は実施の有無で評価する指標です",
                    "delete `period_total`, or give the indicator figures (direction = \"higher\" or \"lower\")",
                    "`period_total` を消すか、数値の指標にしてください（direction = \"higher\" か \"lower\"）",
                )
            };
            self.diags.push(
                ctx.error(t.value.span(), en)
                    .ja(ja)
                    .field(field)
                    .help(help)
                    .ja_help(ja_help),
            );
            return None;
        }
        let field = format!("{field}.value");
        let Figure::Number(value) = self.figure(ctx, &t.value, direction, &field)? else {
            return None;
        };
        let places = self.places(ctx, &t.value, decimals, &field);
        Some(PeriodTotal {
            value,
            places,
            text: t.text.clone(),
        })
    }

    /// `[indicators.running_total]`: the same measure as a running total,
    /// which never falls.
    fn running_total(
        &mut self,
        ctx: &FileCtx,
        at: &str,
        i: &IndicatorFile,
        decimals: Option<u8>,
    ) -> VecMap<i32, RunningFigures> {
        let direction = *i.direction.get_ref();
        let Some((first, _)) = i.running_total.iter().next() else {
            return VecMap::default();
        };
        if direction == Direction::Milestone || i.cumulative {
            let (en, ja, help, ja_help) = if i.cumulative {
                (
                    "the indicator is already a running total (cumulative = true), so it has no second running total",
                    "この指標はすでに累計（cumulative = true）なので、2つ目の累計の系列は書けません",
                    "write the per-year figures under [indicators.years] with cumulative = false, and the running total under [indicators.running_total]",
                    "[indicators.years] に単年度の数値を書いて cumulative = false とし、累計は [indicators.running_total] に書いてください",
                )
            } else {
                (
                    "a milestone has no figures to add up into a running total",
                    "実施の有無で評価する指標には、累計にする数値がありません",
                    "delete [indicators.running_total], or give the indicator figures (direction = \"higher\" or \"lower\")",
                    "[indicators.running_total] を消すか、数値の指標にしてください（direction = \"higher\" か \"lower\"）",
                )
            };
            self.diags.push(
                ctx.error(first.span(), en)
                    .ja(ja)
                    .field(format!("{at}.running_total"))
                    .help(help)
                    .ja_help(ja_help),
            );
            return VecMap::default();
        }
        let mut out = BTreeMap::new();
        // The previous figure of each kind, to find a running total that falls.
        let mut previous: [Option<(i32, f64)>; 2] = [None, None];
        for (key, r) in &i.running_total {
            let Some(year) = self.year_key(ctx, key, &format!("{at}.running_total")) else {
                continue;
            };
            let mut figures = RunningFigures {
                target_text: r.target_text.clone(),
                actual_text: r.actual_text.clone(),
                ..RunningFigures::default()
            };
            for (n, kind, fig) in [(0, "target", &r.target), (1, "actual", &r.actual)] {
                let Some(fig) = fig else { continue };
                let field = format!("{at}.running_total.{year}.{kind}");
                let Some(Figure::Number(v)) = self.figure(ctx, fig, direction, &field) else {
                    continue;
                };
                let places = self.places(ctx, fig, decimals, &field);
                if let Some((was_year, was)) = previous[n]
                    && v < was
                {
                    let (was_s, v_s) = (
                        crate::base::text::plain_number(was),
                        crate::base::text::plain_number(v),
                    );
                    let (kind_en, kind_ja) = if n == 0 {
                        ("target", "目標値")
                    } else {
                        ("actual", "実績値")
                    };
                    self.diags.push(
                        ctx.error(
                            fig.span(),
                            format!("the running total's {kind_en} falls from {was_s} in {was_year} to {v_s} in {year}; a running total adds each year to the years before, so it never falls"),
                        )
                        .ja(format!(
                            "累計の{kind_ja}が {was_year}年度の {was_s} から {year}年度の {v_s} に減っています。累計は前の年度までに各年度を足したものなので、減ることはありません"
                        ))
                        .field(field)
                        .help(format!(
                            "check the figure of {year}: write the running total as the report prints it (at least {was_s}); a figure of the year alone belongs in [indicators.years]"
                        ))
                        .ja_help(format!(
                            "{year}年度の数値を確かめ、報告書の累計の数値（{was_s} 以上）を書いてください。その年度だけの数値なら [indicators.years] に書きます"
                        )),
                    );
                }
                previous[n] = Some((year, v));
                if n == 0 {
                    figures.target = Some(v);
                    figures.target_places = places;
                } else {
                    figures.actual = Some(v);
                    figures.actual_places = places;
                }
            }
            out.insert(year, figures);
        }
        out.into_iter().collect()
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn year(
        &mut self,
        ctx: &FileCtx,
        at: &str,
        direction: Direction,
        decimals: Option<u8>,
        year: i32,
        y: &YearFile,
        base: Option<(f64, Option<u8>)>,
    ) -> YearFigures {
        let mut target = y
            .target
            .as_ref()
            .and_then(|f| self.figure(ctx, f, direction, &format!("{at}.target")));
        let actual = y
            .actual
            .as_ref()
            .and_then(|f| self.figure(ctx, f, direction, &format!("{at}.actual")));
        if let Some(a) = &y.actual
            && year > self.model.latest_year
        {
            self.diags.push(
                Diagnostic::warning(format!(
                    "an actual is entered for {year}, after the latest reviewed year {}",
                    self.model.latest_year
                ))
                .in_file(ctx.path)
                .at(ctx.source, a.span())
                .field(format!("{at}.actual"))
                .ja(format!(
                    "{year}年度の実績が入力されていますが、実績の最新年度（latest_reviewed_year）は {} です",
                    self.model.latest_year
                ))
                .help("raise latest_reviewed_year in site.toml once the year's review is done")
                .ja_help("その年度の評価が済んだら site.toml の latest_reviewed_year を上げてください"),
            );
        }
        let mut target_places = y
            .target
            .as_ref()
            .and_then(|f| self.places(ctx, f, decimals, &format!("{at}.target")));
        let mut shape = YearShape::default();
        if let Some(c) = &y.target_change {
            let written = WrittenTarget {
                value: y.target.as_ref(),
                value_field: "target",
                change: c,
                change_field: "target_change",
                what_en: &format!("the target of {year}"),
                what_ja: &format!("{year}年度の目標値"),
            };
            if let Some(implied) = self.change(ctx, at, direction, decimals, base, &written) {
                target = Some(Figure::Number(implied.value));
                target_places = implied.places;
                shape.target_change = Some(implied.change);
            }
        }
        shape.approximate = self.approximate(ctx, at, y.approximate.as_ref(), target.is_some());
        let actual_places = y
            .actual
            .as_ref()
            .and_then(|f| self.places(ctx, f, decimals, &format!("{at}.actual")));
        let state = y.state.as_ref().map(|s| *s.get_ref());
        if let Some(s) = &y.state {
            let (wrong, en, ja, help, ja_help) = match (s.get_ref(), &y.actual) {
                (YearState::Provisional, None) => (
                    true,
                    "a provisional actual (暫定) needs its figure",
                    "暫定値（provisional）には実績の数値が必要です",
                    "write the provisional figure in `actual`, or delete `state` until there is one",
                    "`actual` に暫定の数値を書くか、数値が出るまで `state` を消してください",
                ),
                (YearState::Missing, Some(_)) => (
                    true,
                    "`state = \"missing\"` says the report has no figure (―), but an actual is written",
                    "`state = \"missing\"` は報告書に数値がない（―）ことを表しますが、実績が書かれています",
                    "delete the actual, or delete `state` if the report prints the figure",
                    "実績を消すか、報告書に数値があるなら `state` を消してください",
                ),
                _ => (false, "", "", "", ""),
            };
            if wrong {
                self.diags.push(
                    ctx.error(s.span(), en.to_string())
                        .ja(ja)
                        .field(format!("{at}.state"))
                        .help(help)
                        .ja_help(ja_help),
                );
            }
        }
        self.verdict_rules(ctx, at, direction, y);
        let target_from = self.target_from(ctx, at, direction, decimals, y);
        YearFigures {
            target_from,
            target,
            actual,
            target_places,
            actual_places,
            target_text: y.target_text.clone().map(Box::new),
            actual_text: y.actual_text.clone().map(Box::new),
            state,
            city_verdict: y.city_verdict.clone().map(Box::new),
            verdict: y.verdict.as_ref().map(|v| *v.get_ref()),
            dash: y.dash.as_ref().map(|d| *d.get_ref()),
            reason: y.reason.clone().map(Box::new),
            shape: (shape != YearShape::default()).then(|| Box::new(shape)),
        }
    }

    /// A ― says what it means (`dash`), a meaning only a ― has; "meets a
    /// ceiling" only under a ceiling; the city's verdict neither contradicts
    /// its ― nor decides a year the report leaves undecided.
    fn verdict_rules(&mut self, ctx: &FileCtx, at: &str, direction: Direction, y: &YearFile) {
        let state = y.state.as_ref().map(|s| *s.get_ref());
        let mut refuse =
            |span: Range<usize>, field: &str, en: String, ja: String, help: &str, ja_help: &str| {
                self.diags.push(
                    ctx.error(span, en)
                        .ja(ja)
                        .field(format!("{at}.{field}"))
                        .help(help)
                        .ja_help(ja_help),
                );
            };
        match (&y.state, &y.dash) {
            (Some(s), None) if state == Some(YearState::Missing) && !ctx.record => refuse(
                s.span(),
                "state",
                "a ― (`state = \"missing\"`) must say what it means: the report's ― may be no figure, or nothing to report".into(),
                "「―」（`state = \"missing\"`）には、その意味を書いてください。報告書の「―」は、数値がないことも、報告すべきものがないこともあります".into(),
                "add `dash = \"no_figure\"` (no figure: not assessed), `dash = \"meets_ceiling\"` (nothing to report, which meets a ceiling target: achieved) or `dash = \"fails\"` (not achieved)",
                "`dash = \"no_figure\"`（数値なし：評価しない）、`dash = \"meets_ceiling\"`（報告すべきものがなく、上限の目標を満たす：達成）、`dash = \"fails\"`（未達成）のどれかを書き加えてください",
            ),
            (_, Some(d)) if state != Some(YearState::Missing) => refuse(
                d.span(),
                "dash",
                "`dash` says what a ― means, but the year is not a ― (`state = \"missing\"`)".into(),
                "`dash` は「―」の意味を表しますが、この年度は「―」（`state = \"missing\"`）ではありません".into(),
                "add `state = \"missing\"` if the report prints ―, or delete `dash`",
                "報告書が「―」なら `state = \"missing\"` を書き加え、そうでなければ `dash` を消してください",
            ),
            (_, Some(d)) if *d.get_ref() == DashMeaning::MeetsCeiling && direction != Direction::Lower => refuse(
                d.span(),
                "dash",
                "`dash = \"meets_ceiling\"` says nothing to report meets a ceiling, but this indicator's target is not a ceiling (it is not `direction = \"lower\"`)".into(),
                "`dash = \"meets_ceiling\"` は報告すべきものがなく上限の目標を満たすことを表しますが、この指標の目標は上限ではありません（`direction = \"lower\"` ではありません）".into(),
                "write `dash = \"no_figure\"` or `dash = \"fails\"`, or `direction = \"lower\"` if the target is a ceiling (以下 / 以内)",
                "`dash = \"no_figure\"` か `dash = \"fails\"` と書くか、目標が上限（以下・以内）なら `direction = \"lower\"` と書いてください",
            ),
            _ => {}
        }
        let Some(v) = &y.verdict else { return };
        let said = y.dash.as_ref().map(|d| *d.get_ref());
        let contradicts = matches!(
            (said, *v.get_ref()),
            (Some(DashMeaning::MeetsCeiling), Verdict::NotAchieved)
                | (
                    Some(DashMeaning::Fails),
                    Verdict::Achieved | Verdict::OnCourse
                )
        );
        if contradicts {
            let dash = said.map_or("", DashMeaning::key);
            let verdict = v.get_ref().key();
            refuse(
                v.span(),
                "verdict",
                format!(
                    "`verdict = \"{verdict}\"` contradicts `dash = \"{dash}\"`, which already says whether the ― meets the target"
                ),
                format!(
                    "`verdict = \"{verdict}\"` は、「―」が目標を満たすかをすでに表している `dash = \"{dash}\"` と食い違います"
                ),
                "write the verdict the city gives, and the `dash` that agrees with it",
                "市の判断と、それに合う `dash` を書いてください",
            );
        } else if state == Some(YearState::Undecided) {
            refuse(
                v.span(),
                "verdict",
                "`verdict` gives the city's verdict, but `state = \"undecided\"` says the report leaves it for later (未確定)".into(),
                "`verdict` は市の判断を表しますが、`state = \"undecided\"` は報告書が判断を先に延ばしている（未確定）ことを表します".into(),
                "delete `verdict`, or delete `state` if the city has decided",
                "`verdict` を消すか、市が判断したなら `state` を消してください",
            );
        }
    }

    pub(super) fn commentary(
        &mut self,
        dir: &Path,
        files: Vec<CommentaryFile>,
    ) -> BTreeMap<(i32, CommentaryKind), MarkdownTexts> {
        let mut out: BTreeMap<(i32, CommentaryKind), MarkdownTexts> = BTreeMap::new();
        for c in files {
            if !self.model.languages.contains(&c.lang) {
                self.diags
                    .push(super::unlisted_language(&c.file.path, c.lang));
                continue;
            }
            if !(self.model.first_year..=self.model.last_year).contains(&c.year) {
                self.diags.push(
                    Diagnostic::error(format!(
                        "commentary for fiscal year {}, which is outside the plan period {}–{}",
                        c.year, self.model.first_year, self.model.last_year
                    ))
                    .ja(format!(
                        "{}年度の文章ですが、計画期間（{}〜{}年度）の外です",
                        c.year, self.model.first_year, self.model.last_year
                    ))
                    .in_file(&c.file.path)
                    .help("rename the file to a fiscal year of the plan, e.g. 2024.progress.ja.md")
                    .ja_help(
                        "計画期間内の年度のファイル名にしてください（例：2024.progress.ja.md）",
                    ),
                );
                continue;
            }
            let slot = out.entry((c.year, c.kind)).or_default();
            slot.set(c.lang, c.file);
        }
        for ((year, kind), text) in &out {
            let name = |lang: Lang| {
                let kind = match kind {
                    CommentaryKind::Progress => "progress",
                    CommentaryKind::Plan => "plan",
                    CommentaryKind::Shortfall => "shortfall",
                };
                dir.join(format!("{year}.{kind}.{}.md", lang.code()))
            };
            let english = text.get(Lang::EN).is_some();
            let translated = text.other.first().map(|(_, f)| f);
            match (&text.ja, translated) {
                (Some(_), _) if !english && self.model.languages.contains(&Lang::EN) => self.diags.push(
                    Diagnostic::warning("English translation missing: the English page shows the Japanese text with a \"translation pending\" note")
                        .in_file(&name(Lang::EN))
                        .ja("英語の文章ファイルがありません。英語のページには日本語のまま「翻訳準備中」と表示されます")
                        .help("add the English file next to the Japanese one")
                        .ja_help("日本語のファイルの隣に英語のファイル（.en.md）を作成してください"),
                ),
                // An unreadable Japanese file was reported when it was read.
                (None, Some(_)) if exists_unlinked(&name(Lang::JA)) => {}
                (None, Some(_)) if !english => {
                    let code = text.other.first().map_or("", |(l, _)| l.code());
                    self.diags.push(
                        Diagnostic::error(format!(
                            "there is a commentary in `{code}` but no Japanese one"
                        ))
                        .ja(format!(
                            "`{code}` の文章はありますが、日本語の文章ファイルがありません"
                        ))
                        .in_file(&name(Lang::JA))
                        .help("add the Japanese file; the Japanese pages are the reference")
                        .ja_help("日本語のファイル（.ja.md）を作成してください（日本語のページが基準です）"),
                    )
                }
                (None, Some(_)) => self.diags.push(
                    Diagnostic::error("there is an English commentary but no Japanese one")
                        .ja("英語の文章はありますが、日本語の文章ファイルがありません")
                        .in_file(&name(Lang::JA))
                        .help("add the Japanese file; the Japanese pages are the reference")
                        .ja_help("日本語のファイル（.ja.md）を作成してください（日本語のページが基準です）"),
                ),
                _ => {}
            }
        }
        out
    }
}

/// How many decimals a TOML number is written with: `0.670` → 3, `45_872` →
/// 0; `None` for an exponent (`1e3`), whose printed form is the shortest.
/// The figure a change from the baseline implies, at the decimals of the
/// two, and the change as written (with its decimals).
struct Implied {
    value: f64,
    places: Option<u8>,
    change: (f64, Option<u8>),
}

/// A target as written, for [`Validator::change`]: a figure or a change, and
/// the words that name it in a message.
struct WrittenTarget<'a> {
    value: Option<&'a Spanned<Figure>>,
    value_field: &'a str,
    change: &'a Spanned<Figure>,
    change_field: &'a str,
    what_en: &'a str,
    what_ja: &'a str,
}
