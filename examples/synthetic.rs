//! Writes a synthetic content folder of any size, for benchmarks and scale tests.
//!
//! ```sh
//! cargo run --release --example synthetic -- --initiatives 1000 --out /tmp/content-1000 [--seed 7]
//! mieruka check --strict --content /tmp/content-1000
//! ```
//!
//! The output is a complete, valid content folder (see docs/content-format.md):
//! `site.toml` with 3 strategies × 2–3 areas × 1–3 items and about ten
//! divisions, `pages/preface.{ja,en}.md`, and one folder per initiative
//! (`initiatives/00001-slug/`) with an `initiative.toml` (1–3 indicators:
//! higher / lower / milestone, cumulative or not, decimals, baselines, final
//! targets; targets for 2022–2026, actuals for 2022–2024) and its commentary
//! (`2024.progress`, `2025.plan`, and `2024.shortfall` where a 2024 target was
//! missed), in Japanese and English. The text is made from word lists and
//! makes no sense, but has realistic lengths.
//!
//! The same seed always gives the same files. Each initiative has a random
//! stream of its own (derived from the seed and its number), so initiative 7
//! is the same whatever `--initiatives` is, and the folders are written by
//! several threads without changing the result.
//!
//! `--hugo-from CONTENT` and `--jekyll-from CONTENT` instead convert a content
//! folder into the equivalent Hugo or Jekyll site, for scripts/hugo-compare.sh.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

/// Writes a synthetic mieruka content folder.
#[derive(Parser)]
#[command(name = "synthetic")]
struct Args {
    /// Number of initiatives (numbered 1..=N).
    #[arg(long, required_unless_present_any = ["hugo_from", "jekyll_from"])]
    initiatives: Option<u32>,
    /// Folder to create; must not exist yet or be empty.
    #[arg(long)]
    out: PathBuf,
    /// Seed of the pseudo-random generator: the same seed gives the same files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Instead of generating content: convert the content folder DIR into the
    /// equivalent Hugo site (two languages, one page per initiative and
    /// language, a table of the figures, no charts) in --out.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["initiatives", "jekyll_from"])]
    hugo_from: Option<PathBuf>,
    /// Instead of generating content: convert the content folder DIR into the
    /// equivalent Jekyll site (the same pages as --hugo-from, no plugins) in
    /// --out; build it with `jekyll build --source OUT --destination SITE`.
    #[arg(long, value_name = "DIR", conflicts_with = "initiatives")]
    jekyll_from: Option<PathBuf>,
}

const FIRST_YEAR: i32 = 2022;
const LAST_YEAR: i32 = 2026;
const LATEST_REVIEWED: i32 = 2024;

fn main() -> ExitCode {
    let args = Args::parse();
    let start = Instant::now();
    let converted = |tool: &str, stats: Stats| {
        format!(
            "Wrote a {tool} site of {} initiatives in {} files, {:.1} MB, into {} in {:.2} s.",
            stats.converted,
            stats.files,
            stats.bytes as f64 / 1e6,
            args.out.display(),
            start.elapsed().as_secs_f64()
        )
    };
    let result = match (&args.hugo_from, &args.jekyll_from, args.initiatives) {
        (Some(content), _, _) => hugo::convert(content, &args.out).map(|s| converted("Hugo", s)),
        (None, Some(content), _) => {
            jekyll::convert(content, &args.out).map(|s| converted("Jekyll", s))
        }
        (None, None, Some(0) | None) => Err(io::Error::other("--initiatives must be at least 1")),
        (None, None, Some(n)) => generate(n, args.seed, &args.out).map(|stats| {
            format!(
                "Wrote {n} initiatives ({} missed a 2024 target) in {} files, {:.1} MB, into {} in {:.2} s (seed {}).",
                stats.missed,
                stats.files,
                stats.bytes as f64 / 1e6,
                args.out.display(),
                start.elapsed().as_secs_f64(),
                args.seed
            )
        }),
    };
    match result {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

#[derive(Default)]
struct Stats {
    files: u64,
    bytes: u64,
    /// Initiatives with a missed 2024 target (generating).
    missed: u64,
    /// Initiatives converted (Hugo, Jekyll).
    converted: u64,
}

impl Stats {
    fn add(&mut self, other: &Stats) {
        self.files += other.files;
        self.bytes += other.bytes;
        self.missed += other.missed;
        self.converted += other.converted;
    }

    fn write(&mut self, path: &Path, text: &str) -> io::Result<()> {
        fs::write(path, text)?;
        self.files += 1;
        self.bytes += text.len() as u64;
        Ok(())
    }
}

/// Creates `out`, which must not exist yet or be empty.
fn create_empty(out: &Path) -> io::Result<()> {
    if out.exists() && fs::read_dir(out)?.next().is_some() {
        return Err(io::Error::other(format!(
            "{} exists and is not empty; give a new folder",
            out.display()
        )));
    }
    fs::create_dir_all(out)
}

fn generate(initiatives: u32, seed: u64, out: &Path) -> io::Result<Stats> {
    create_empty(out)?;
    fs::create_dir_all(out.join("initiatives"))?;
    fs::create_dir_all(out.join("pages"))?;
    let mut rng = Rng::new(seed);
    let site = Site::generate(&mut rng);
    let mut stats = Stats::default();
    stats.write(&out.join("site.toml"), &site.toml())?;
    for (lang, text) in [("ja", preface_ja(&mut rng)), ("en", preface_en(&mut rng))] {
        stats.write(&out.join(format!("pages/preface.{lang}.md")), &text)?;
    }

    let width = initiatives.to_string().len().max(5);
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(8) as u32;
    let results: Vec<io::Result<Stats>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let site = &site;
                scope.spawn(move || {
                    let mut stats = Stats::default();
                    let mut number = w + 1;
                    while number <= initiatives {
                        let mut rng =
                            Rng::new(seed ^ u64::from(number).wrapping_mul(0xA24B_AED4_963E_E407));
                        let initiative = Initiative::generate(&mut rng, site, number);
                        initiative.write(out, width, &mut stats)?;
                        number += workers;
                    }
                    Ok(stats)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a writer thread panicked"))
            .collect()
    });
    for r in results {
        stats.add(&r?);
    }
    Ok(stats)
}

// ---------------------------------------------------------------------------
// Pseudo-random numbers: SplitMix64, enough for test data.

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut r = Rng(seed);
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A whole number in `lo..=hi`.
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + (self.next() % u64::from(hi - lo + 1)) as u32
    }

    /// A number in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A number in `[lo, hi)`.
    fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn index(&mut self, len: usize) -> usize {
        (self.next() % len as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.index(items.len())]
    }
}

// ---------------------------------------------------------------------------
// Word lists: Japanese administrative vocabulary and its English.

const NOUNS_JA: &[&str] = &[
    "電子申請",
    "窓口業務",
    "行政手続き",
    "マイナンバーカード",
    "公共施設",
    "市税",
    "収納率",
    "ふるさと納税",
    "職員研修",
    "ペーパーレス化",
    "事務事業",
    "指定管理者制度",
    "民間委託",
    "広域連携",
    "地域公共交通",
    "防災体制",
    "子育て支援",
    "公民館",
    "情報発信",
    "市民参画",
    "デジタル人材",
    "庁内ネットワーク",
    "会計年度任用職員",
    "時間外勤務",
    "年次有給休暇",
    "育児休業",
    "女性管理職",
    "未利用財産",
    "市債残高",
    "補助金",
    "使用料",
    "受益者負担",
    "債権管理",
    "滞納整理",
    "コンビニ交付",
    "キャッシュレス決済",
    "オープンデータ",
    "AI-OCR",
    "RPA",
    "テレワーク",
    "文書管理",
    "電子決裁",
    "公用車",
    "長寿命化",
    "上下水道",
    "ごみ減量化",
    "再生可能エネルギー",
    "移住定住",
    "関係人口",
    "観光振興",
    "企業誘致",
    "行政評価",
    "内部統制",
    "人事評価",
    "業務改善",
    "市民サービス",
    "サービスセンター",
    "郵便局",
    "統合型GIS",
    "基幹系システム",
];

const LINKS_JA: &[&str] = &[
    "の",
    "による",
    "に係る",
    "及び",
    "を活用した",
    "に向けた",
    "と連携した",
    "における",
];

const ACTIONS_JA: &[&str] = &[
    "推進",
    "拡大",
    "見直し",
    "強化",
    "適正化",
    "効率化",
    "充実",
    "促進",
    "確保",
    "抑制",
    "活用",
    "導入",
    "整備",
    "再編",
    "改善",
    "削減",
    "向上",
    "普及",
];

const NOUNS_EN: &[&str] = &[
    "online applications",
    "counter services",
    "administrative procedures",
    "My Number Cards",
    "public facilities",
    "city tax",
    "the collection rate",
    "hometown tax donations",
    "staff training",
    "paperless offices",
    "office work",
    "designated managers",
    "outsourcing",
    "regional cooperation",
    "public transport",
    "disaster preparedness",
    "childcare support",
    "community centres",
    "public relations",
    "citizen participation",
    "digital skills",
    "the office network",
    "part-time staff",
    "overtime work",
    "annual leave",
    "parental leave",
    "women managers",
    "unused property",
    "municipal borrowing",
    "subsidies",
    "user fees",
    "receivables",
    "tax arrears",
    "convenience store services",
    "cashless payments",
    "open data",
    "AI-OCR",
    "RPA",
    "telework",
    "records management",
    "electronic approval",
    "official vehicles",
    "facility maintenance",
    "water and sewerage",
    "waste reduction",
    "renewable energy",
    "new residents",
    "tourism",
    "new businesses",
    "policy evaluation",
    "internal control",
    "staff appraisal",
    "service centres",
    "post offices",
    "core systems",
];

const PREPOSITIONS_EN: &[&str] = &["of", "for", "through", "in", "with", "and", "by way of"];

/// (base, past, -ing)
const VERBS_EN: &[(&str, &str, &str)] = &[
    ("expand", "expanded", "Expanding"),
    ("review", "reviewed", "Reviewing"),
    ("strengthen", "strengthened", "Strengthening"),
    ("promote", "promoted", "Promoting"),
    ("improve", "improved", "Improving"),
    ("streamline", "streamlined", "Streamlining"),
    ("reduce", "reduced", "Reducing"),
    ("secure", "secured", "Securing"),
    ("introduce", "introduced", "Introducing"),
    ("support", "supported", "Supporting"),
    ("consolidate", "consolidated", "Consolidating"),
    ("digitise", "digitised", "Digitising"),
    ("encourage", "encouraged", "Encouraging"),
    ("restructure", "restructured", "Restructuring"),
];

/// Makes a text of `min..=max` characters: `make(rng, goal)` writes one of
/// about `goal` characters; tries again when it misses the range, and in the
/// end cuts or pads.
fn fit(rng: &mut Rng, min: usize, max: usize, make: impl Fn(&mut Rng, usize) -> String) -> String {
    let mut last = String::new();
    for _ in 0..200 {
        let goal = rng.range(min as u32, max as u32) as usize;
        let text = make(rng, goal);
        let n = text.chars().count();
        if (min..=max).contains(&n) {
            return text;
        }
        last = text;
    }
    let mut text: String = last.chars().take(max).collect();
    while text.chars().count() < min {
        text.push('…');
    }
    text
}

/// Nouns joined by particles until about `goal` characters.
fn chain_ja(rng: &mut Rng, goal: usize) -> String {
    let mut s = rng.pick(NOUNS_JA).to_string();
    while s.chars().count() + 6 < goal {
        s.push_str(rng.pick(LINKS_JA));
        s.push_str(rng.pick(NOUNS_JA));
    }
    s
}

/// Nouns joined by prepositions until about `goal` characters.
fn chain_en(rng: &mut Rng, goal: usize) -> String {
    let mut s = rng.pick(NOUNS_EN).to_string();
    while s.len() + 12 < goal {
        s.push(' ');
        s.push_str(rng.pick(PREPOSITIONS_EN));
        s.push(' ');
        s.push_str(rng.pick(NOUNS_EN));
    }
    s
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn title_ja(rng: &mut Rng) -> String {
    fit(rng, 15, 40, |rng, goal| {
        let action = rng.pick(ACTIONS_JA);
        format!("{}の{action}", chain_ja(rng, goal.saturating_sub(3)))
    })
}

fn title_en(rng: &mut Rng) -> String {
    fit(rng, 15, 40, |rng, goal| {
        let verb = rng.pick(VERBS_EN).2;
        format!(
            "{verb} {}",
            chain_en(rng, goal.saturating_sub(verb.len() + 1))
        )
    })
}

/// Clauses ending in `ends` (one is picked) until about `goal` characters.
fn sentence_ja(rng: &mut Rng, goal: usize, ends: &[&str]) -> String {
    const JOINS: &[&str] = &[
        "を図るため、",
        "を進めるとともに、",
        "に取り組み、",
        "により、",
        "を通じて、",
    ];
    let mut s = String::new();
    loop {
        let piece = rng.range(8, 24) as usize;
        s.push_str(&chain_ja(rng, piece));
        s.push('の');
        s.push_str(rng.pick(ACTIONS_JA));
        if s.chars().count() + 18 >= goal {
            s.push_str(rng.pick(ends));
            return s;
        }
        s.push_str(rng.pick(JOINS));
    }
}

fn sentence_en(rng: &mut Rng, goal: usize, subject: &str, past: bool) -> String {
    let mut s = String::new();
    loop {
        let (base, done, _) = rng.pick(VERBS_EN);
        if s.is_empty() {
            s.push_str(subject);
            s.push_str(if past { done } else { base });
        } else {
            s.push_str(", and ");
            s.push_str(if past { done } else { base });
        }
        s.push(' ');
        let piece = rng.range(15, 45) as usize;
        s.push_str(&chain_en(rng, piece));
        if s.len() + 30 >= goal {
            s.push('.');
            return capitalise(&s);
        }
    }
}

fn description_ja(rng: &mut Rng) -> String {
    fit(rng, 80, 200, |rng, goal| {
        sentence_ja(
            rng,
            goal,
            &["を図る", "を推進する", "に取り組む", "を目指す"],
        )
    })
}

fn description_en(rng: &mut Rng) -> String {
    fit(rng, 80, 200, |rng, goal| sentence_en(rng, goal, "", false))
}

/// A Markdown list of 1–4 items of 40–120 characters.
fn bullets(rng: &mut Rng, item: impl Fn(&mut Rng) -> String) -> String {
    let mut s = String::new();
    for _ in 0..rng.range(1, 4) {
        s.push_str("- ");
        s.push_str(&item(rng));
        s.push('\n');
    }
    s
}

fn progress_item_ja(rng: &mut Rng) -> String {
    fit(rng, 40, 120, |rng, goal| {
        let head = rng.pick(NOUNS_JA);
        let tail = if rng.chance(0.4) {
            format!("（{}回/年）", rng.range(2, 120))
        } else {
            String::new()
        };
        let body = sentence_ja(
            rng,
            goal.saturating_sub(head.chars().count() + 10),
            &["を実施した", "を図った", "に取り組んだ"],
        );
        format!("{head}の{}…{body}{tail}。", rng.pick(ACTIONS_JA))
    })
}

fn plan_item_ja(rng: &mut Rng) -> String {
    fit(rng, 40, 120, |rng, goal| {
        let lead = if rng.chance(0.5) { "引き続き" } else { "" };
        let body = sentence_ja(
            rng,
            goal.saturating_sub(5),
            &["を行う", "を図る", "を実施する", "に取り組む"],
        );
        format!("{lead}{body}。")
    })
}

fn progress_item_en(rng: &mut Rng) -> String {
    fit(rng, 40, 120, |rng, goal| {
        let mut s = sentence_en(rng, goal, "We ", true);
        if rng.chance(0.4) {
            s.pop();
            let _ = write!(s, " ({} times a year).", rng.range(2, 120));
        }
        s
    })
}

fn plan_item_en(rng: &mut Rng) -> String {
    fit(rng, 40, 120, |rng, goal| {
        let subject = if rng.chance(0.5) {
            "We will continue to "
        } else {
            "We will "
        };
        sentence_en(rng, goal, subject, false)
    })
}

fn shortfall_ja(rng: &mut Rng) -> String {
    let mut s = String::new();
    for n in 0..rng.range(1, 2) {
        if n > 0 {
            s.push_str("\n\n");
        }
        s.push_str(&fit(rng, 80, 200, |rng, goal| {
            let cause = sentence_ja(rng, goal / 2, &["が進んだ"]);
            let next = sentence_ja(rng, goal / 2, &["に取り組む。"]);
            format!("{cause}が、目標には届かなかった。今後は、{next}")
        }));
    }
    s.push('\n');
    s
}

fn shortfall_en(rng: &mut Rng) -> String {
    let mut s = String::new();
    for n in 0..rng.range(1, 2) {
        if n > 0 {
            s.push_str("\n\n");
        }
        s.push_str(&fit(rng, 80, 200, |rng, goal| {
            let next = sentence_en(rng, goal.saturating_sub(40), "we will ", false);
            format!("The target was not reached. From now on, {next}")
        }));
    }
    s.push('\n');
    s
}

fn preface_ja(rng: &mut Rng) -> String {
    let mut s = String::from("# 計画の趣旨\n\n");
    for _ in 0..3 {
        s.push_str(&fit(rng, 120, 240, |rng, goal| {
            sentence_ja(rng, goal, &["を図る。"])
        }));
        s.push_str("\n\n");
    }
    s.push_str("## 推進期間\n\n令和4年度から令和8年度までの5年間とする。\n");
    s
}

fn preface_en(rng: &mut Rng) -> String {
    let mut s = String::from("# Purpose of the plan\n\n");
    for _ in 0..3 {
        s.push_str(&fit(rng, 200, 400, |rng, goal| {
            sentence_en(rng, goal, "", false)
        }));
        s.push_str("\n\n");
    }
    s.push_str("## Implementation period\n\nThe five years from FY2022 to FY2026.\n");
    s
}

/// A TOML basic string, which is also a YAML double-quoted string.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `{ ja = "…", en = "…" }`
fn lang_text(ja: &str, en: &str) -> String {
    format!("{{ ja = {}, en = {} }}", q(ja), q(en))
}

// ---------------------------------------------------------------------------
// site.toml

const DIVISIONS: &[(&str, &str, &str)] = &[
    (
        "digital-promotion",
        "デジタル推進課",
        "Digital Promotion Division",
    ),
    (
        "citizen-services",
        "市民サービス課",
        "Citizen Services Division",
    ),
    (
        "reform-office",
        "行財政改革推進室",
        "Administrative and Fiscal Reform Office",
    ),
    (
        "taxation",
        "税務債権課",
        "Taxation and Receivables Division",
    ),
    ("property", "管財課", "Property Management Division"),
    ("mayors-office", "市長室", "Mayor's Office"),
    ("finance", "財政課", "Finance Division"),
    ("general-affairs", "総務課", "General Affairs Division"),
    ("planning", "企画振興課", "Planning and Promotion Division"),
    ("welfare", "福祉課", "Welfare Division"),
    (
        "childcare",
        "子育て支援課",
        "Child-Rearing Support Division",
    ),
    ("environment", "環境課", "Environment Division"),
    ("tourism", "観光交流課", "Tourism and Exchange Division"),
    ("education", "教育総務課", "Education Affairs Division"),
];

struct Site {
    divisions: Vec<usize>,
    /// strategies → areas → items: (name ja, name en)
    strategies: Vec<Node>,
    /// (strategy, area, item) numbers of every item, for placing initiatives.
    items: Vec<(u32, u32, u32)>,
}

struct Node {
    ja: String,
    en: String,
    children: Vec<Node>,
}

impl Node {
    fn generate(rng: &mut Rng, children: Vec<Node>) -> Node {
        Node {
            ja: title_ja(rng),
            en: title_en(rng),
            children,
        }
    }
}

impl Site {
    fn generate(rng: &mut Rng) -> Site {
        // About ten divisions: a random 9–11 of the list, in list order.
        let count = rng.range(9, 11) as usize;
        let mut divisions: Vec<usize> = (0..DIVISIONS.len()).collect();
        while divisions.len() > count {
            let drop = rng.range(0, divisions.len() as u32 - 1) as usize;
            divisions.remove(drop);
        }
        let mut strategies = Vec::new();
        let mut items = Vec::new();
        for s in 1..=3 {
            let mut areas = Vec::new();
            for a in 1..=rng.range(2, 3) {
                let mut leaves = Vec::new();
                for i in 1..=rng.range(1, 3) {
                    leaves.push(Node::generate(rng, Vec::new()));
                    items.push((s, a, i));
                }
                areas.push(Node::generate(rng, leaves));
            }
            strategies.push(Node::generate(rng, areas));
        }
        Site {
            divisions,
            strategies,
            items,
        }
    }

    fn division(&self, rng: &mut Rng) -> &'static str {
        DIVISIONS[rng.pick(&self.divisions)].0
    }

    fn toml(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "# Synthetic content written by `cargo run --example synthetic`.\n\
             latest_reviewed_year = {LATEST_REVIEWED}\n\
             languages = [\"ja\", \"en\"]\n\n\
             [site]\n\
             title = {}\n\
             owner = {}\n\n\
             [plan]\n\
             name = {}\n\
             first_year = {FIRST_YEAR}\n\
             last_year = {LAST_YEAR}\n\n\
             [divisions]",
            lang_text(
                "架空市 行政経営プログラム 進捗状況",
                "Imaginary City Program: Progress"
            ),
            lang_text("架空市", "Imaginary City"),
            lang_text(
                "架空市行政経営プログラム2022▶2026 実施計画",
                "Imaginary City Administrative Management Program 2022–2026"
            ),
        );
        for &d in &self.divisions {
            let (key, ja, en) = DIVISIONS[d];
            let _ = writeln!(s, "{key} = {}", lang_text(ja, en));
        }
        for (sn, strategy) in self.strategies.iter().enumerate() {
            let _ = writeln!(
                s,
                "\n[[strategies]]\nnumber = {}\nname = {}",
                sn + 1,
                lang_text(&strategy.ja, &strategy.en)
            );
            for (an, area) in strategy.children.iter().enumerate() {
                let _ = writeln!(
                    s,
                    "\n  [[strategies.areas]]\n  number = {}\n  name = {}",
                    an + 1,
                    lang_text(&area.ja, &area.en)
                );
                for (i, item) in area.children.iter().enumerate() {
                    let _ = writeln!(
                        s,
                        "\n    [[strategies.areas.items]]\n    number = {}\n    name = {}",
                        i + 1,
                        lang_text(&item.ja, &item.en)
                    );
                }
            }
        }
        s
    }
}

// ---------------------------------------------------------------------------
// Indicators

#[derive(Clone, Copy, PartialEq)]
enum Model {
    /// Running total that grows (higher, cumulative).
    Growth,
    /// A percentage that should rise (higher).
    Rate,
    /// A percentage that should stay under a ceiling (lower).
    Ratio,
    /// An amount that should fall (lower).
    Decline,
    /// An amount per year that should rise (higher), sometimes printed in words.
    Amount,
    /// Done or not done.
    Milestone,
}

struct Kind {
    id: &'static str,
    ja: &'static str,
    en: &'static str,
    unit: (&'static str, &'static str),
    model: Model,
    decimals: u8,
    base: (f64, f64),
}

const KINDS: &[Kind] = &[
    Kind {
        id: "online-procedures",
        ja: "電子申請手続き可能件数",
        en: "Procedures that can be applied for online",
        unit: ("件", "procedures"),
        model: Model::Growth,
        decimals: 0,
        base: (20.0, 300.0),
    },
    Kind {
        id: "cards-issued",
        ja: "カードの交付枚数",
        en: "Cards issued",
        unit: ("枚", "cards"),
        model: Model::Growth,
        decimals: 0,
        base: (5000.0, 40000.0),
    },
    Kind {
        id: "people-trained",
        ja: "研修の受講者数",
        en: "People trained",
        unit: ("人", "people"),
        model: Model::Growth,
        decimals: 0,
        base: (50.0, 800.0),
    },
    Kind {
        id: "tasks-automated",
        ja: "自動化した業務数",
        en: "Tasks automated",
        unit: ("業務", "tasks"),
        model: Model::Growth,
        decimals: 0,
        base: (5.0, 60.0),
    },
    Kind {
        id: "collection-rate",
        ja: "市税の収納率",
        en: "City tax collection rate",
        unit: ("%", "%"),
        model: Model::Rate,
        decimals: 1,
        base: (95.0, 98.5),
    },
    Kind {
        id: "satisfaction",
        ja: "市民満足度",
        en: "Resident satisfaction",
        unit: ("%", "%"),
        model: Model::Rate,
        decimals: 1,
        base: (60.0, 85.0),
    },
    Kind {
        id: "women-managers",
        ja: "管理職に占める女性の割合",
        en: "Share of women in management",
        unit: ("%", "%"),
        model: Model::Rate,
        decimals: 1,
        base: (10.0, 25.0),
    },
    Kind {
        id: "current-balance-ratio",
        ja: "経常収支比率",
        en: "Current balance ratio",
        unit: ("%", "%"),
        model: Model::Ratio,
        decimals: 1,
        base: (88.0, 94.0),
    },
    Kind {
        id: "bonds-outstanding",
        ja: "市債残高",
        en: "Outstanding municipal bonds",
        unit: ("億円", "×100 million yen"),
        model: Model::Decline,
        decimals: 0,
        base: (150.0, 400.0),
    },
    Kind {
        id: "overtime",
        ja: "時間外勤務時間（月平均）",
        en: "Overtime per month (average)",
        unit: ("時間", "hours"),
        model: Model::Decline,
        decimals: 1,
        base: (10.0, 20.0),
    },
    Kind {
        id: "donations",
        ja: "寄附額",
        en: "Donations received",
        unit: ("万円", "×10,000 yen"),
        model: Model::Amount,
        decimals: 0,
        base: (5000.0, 60000.0),
    },
    Kind {
        id: "leave-days",
        ja: "年次有給休暇の平均取得日数",
        en: "Average days of annual leave taken",
        unit: ("日", "days"),
        model: Model::Amount,
        decimals: 1,
        base: (9.0, 13.0),
    },
    Kind {
        id: "sheets-reduced",
        ja: "印刷枚数の削減枚数",
        en: "Reduction in sheets printed",
        unit: ("万枚", "×10,000 sheets"),
        model: Model::Amount,
        decimals: 1,
        base: (100.0, 300.0),
    },
    Kind {
        id: "system-introduced",
        ja: "システムの導入",
        en: "Introduction of the system",
        unit: ("", ""),
        model: Model::Milestone,
        decimals: 0,
        base: (0.0, 0.0),
    },
    Kind {
        id: "policy-drawn-up",
        ja: "方針の策定",
        en: "Policy drawn up",
        unit: ("", ""),
        model: Model::Milestone,
        decimals: 0,
        base: (0.0, 0.0),
    },
    Kind {
        id: "outsourcing",
        ja: "業務の民間委託",
        en: "Outsourcing carried out",
        unit: ("", ""),
        model: Model::Milestone,
        decimals: 0,
        base: (0.0, 0.0),
    },
];

/// A figure rounded to `decimals` digits, as it will be printed in the TOML.
fn round(v: f64, decimals: u8) -> f64 {
    let p = 10f64.powi(i32::from(decimals));
    (v * p).round() / p
}

fn num(v: f64, decimals: u8) -> String {
    format!("{:.*}", usize::from(decimals), v)
}

#[derive(Clone, Copy)]
enum Fig {
    Number(f64),
    Done(bool),
}

struct Indicator {
    kind: &'static Kind,
    id: String,
    qualifier: &'static str,
    with_decimals: bool,
    baseline: Option<String>,
    final_target: String,
    milestone_label: bool,
    /// (year, target, actual)
    years: Vec<(i32, Fig, Option<Fig>)>,
    words: bool,
}

impl Indicator {
    fn generate(rng: &mut Rng, kind: &'static Kind, id: String) -> Indicator {
        let d = kind.decimals;
        let mut years = Vec::new();
        let lower = matches!(kind.model, Model::Ratio | Model::Decline);
        if kind.model == Model::Milestone {
            let from = rng.range(FIRST_YEAR as u32, LATEST_REVIEWED as u32) as i32;
            for y in FIRST_YEAR..=LAST_YEAR {
                let actual =
                    (y <= LATEST_REVIEWED).then(|| Fig::Done(y >= from && rng.chance(0.9)));
                years.push((y, Fig::Done(y >= from), actual));
            }
            let final_target = format!(
                "{{ text = {} }}",
                lang_text(
                    &format!("R{}実施", from - 2018),
                    &format!("Implemented in FY{from}")
                )
            );
            return Indicator {
                kind,
                id,
                qualifier: "none",
                with_decimals: false,
                baseline: None,
                final_target,
                milestone_label: rng.chance(0.7),
                years,
                words: false,
            };
        }
        let base = round(rng.between(kind.base.0, kind.base.1), d);
        let step = match kind.model {
            Model::Growth => base * rng.between(0.1, 0.5),
            Model::Rate => rng.between(0.1, 1.0),
            Model::Ratio => rng.between(-0.1, 0.2),
            Model::Decline => -base * rng.between(0.01, 0.05),
            _ => base * rng.between(0.02, 0.15),
        };
        let mut previous_actual = base;
        for (k, y) in (FIRST_YEAR..=LAST_YEAR).enumerate() {
            let mut target = base + step * (k + 1) as f64;
            if kind.unit.0 == "%" {
                target = target.min(99.9);
            }
            let target = round(target, d);
            let actual = (y <= LATEST_REVIEWED).then(|| {
                // About one year in six misses its target.
                let spread = match kind.model {
                    Model::Rate => target + rng.between(-0.4, 1.8),
                    Model::Ratio => target + rng.between(-2.0, 0.4),
                    _ if lower => target * (1.0 + rng.between(-0.08, 0.015)),
                    _ => target * (1.0 + rng.between(-0.04, 0.2)),
                };
                let mut a = spread.max(0.0);
                if kind.unit.0 == "%" {
                    a = a.min(100.0);
                }
                if kind.model == Model::Growth {
                    a = a.max(previous_actual);
                }
                let a = round(a, d);
                previous_actual = a;
                Fig::Number(a)
            });
            years.push((y, Fig::Number(target), actual));
        }
        let qualifier = match kind.model {
            Model::Rate if rng.chance(0.3) => "at_least",
            Model::Ratio => "at_most",
            Model::Decline if rng.chance(0.3) => "at_most",
            _ => "none",
        };
        let baseline = match rng.range(0, 19) {
            0..=14 => Some(format!("{{ year = 2021, value = {} }}", num(base, d))),
            15..=16 => Some(format!(
                "{{ year = 2020, value = {}, text = {} }}",
                num(base, d),
                lang_text(
                    &format!("令和2年度 {}{}", num(base, d), kind.unit.0),
                    &format!("{} {} in FY2020", num(base, d), kind.unit.1)
                )
            )),
            _ => None,
        };
        let Fig::Number(last) = years[years.len() - 1].1 else {
            unreachable!()
        };
        let final_target = if rng.chance(0.3) {
            let (ja, en) = if lower {
                ("以内", "At most")
            } else {
                ("以上", "At least")
            };
            format!(
                "{{ value = {}, text = {} }}",
                num(last, d),
                lang_text(
                    &format!("{}{}{ja}", num(last, d), kind.unit.0),
                    &format!("{en} {} {}", num(last, d), kind.unit.1)
                )
            )
        } else {
            format!("{{ value = {} }}", num(last, d))
        };
        Indicator {
            kind,
            id,
            qualifier,
            with_decimals: d > 0 || rng.chance(0.2),
            baseline,
            final_target,
            milestone_label: false,
            years,
            words: kind.id == "sheets-reduced",
        }
    }

    fn missed(&self, year: i32) -> bool {
        let Some(&(_, target, actual)) = self.years.iter().find(|(y, _, _)| *y == year) else {
            return false;
        };
        let lower = matches!(self.kind.model, Model::Ratio | Model::Decline);
        match (target, actual) {
            (Fig::Number(t), Some(Fig::Number(a))) => {
                if lower {
                    a > t
                } else {
                    a < t
                }
            }
            (Fig::Done(true), Some(Fig::Done(done))) => !done,
            _ => false,
        }
    }

    fn toml(&self, s: &mut String) {
        let k = self.kind;
        let direction = match k.model {
            Model::Ratio | Model::Decline => "lower",
            Model::Milestone => "milestone",
            _ => "higher",
        };
        let _ = writeln!(
            s,
            "\n[[indicators]]\nid = \"{}\"\nname = {}",
            self.id,
            lang_text(k.ja, k.en)
        );
        if k.model != Model::Milestone {
            let _ = writeln!(s, "unit = {}", lang_text(k.unit.0, k.unit.1));
        }
        let _ = writeln!(s, "direction = \"{direction}\"");
        if k.model != Model::Milestone {
            let _ = writeln!(s, "cumulative = {}", k.model == Model::Growth);
        }
        if self.qualifier != "none" {
            let _ = writeln!(s, "qualifier = \"{}\"", self.qualifier);
        }
        if self.with_decimals {
            let _ = writeln!(s, "decimals = {}", k.decimals);
        }
        if self.milestone_label {
            let _ = writeln!(s, "milestone_label = {}", lang_text("実施", "Implemented"));
        }
        if let Some(b) = &self.baseline {
            let _ = writeln!(s, "baseline = {b}");
        }
        let _ = writeln!(s, "final_target = {}", self.final_target);
        s.push_str("\n[indicators.years]\n");
        let d = k.decimals;
        let fig = |f: Fig| match f {
            Fig::Number(v) => num(v, d),
            Fig::Done(b) => b.to_string(),
        };
        for &(y, target, actual) in &self.years {
            let _ = write!(s, "{y} = {{ target = {}", fig(target));
            if self.words
                && let Fig::Number(t) = target
            {
                let _ = write!(
                    s,
                    ", target_text = {}",
                    lang_text(
                        &format!("{}{}削減", num(t, d), k.unit.0),
                        &format!("{} {} fewer", num(t, d), k.unit.1)
                    )
                );
            }
            if let Some(a) = actual {
                let _ = write!(s, ", actual = {}", fig(a));
                if self.words
                    && let Fig::Number(a) = a
                {
                    let _ = write!(
                        s,
                        ", actual_text = {}",
                        lang_text(
                            &format!("{}{}削減", num(a, d), k.unit.0),
                            &format!("{} {} fewer", num(a, d), k.unit.1)
                        )
                    );
                }
            }
            s.push_str(" }\n");
        }
    }
}

// ---------------------------------------------------------------------------
// Initiatives

struct Initiative {
    number: u32,
    slug: String,
    place: (u32, u32, u32),
    division: &'static str,
    title: (String, String),
    description: (String, String),
    schedule: Vec<&'static str>,
    indicators: Vec<Indicator>,
    /// Seed of the commentary's own stream, so that the figures do not
    /// depend on how much text was drawn.
    text_seed: u64,
}

fn slug(title_en: &str) -> String {
    let mut s = String::new();
    for word in title_en
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if s.len() + word.len() + 1 > 40 {
            break;
        }
        if !s.is_empty() {
            s.push('-');
        }
        s.push_str(&word.to_ascii_lowercase());
    }
    if s.is_empty() {
        s.push_str("initiative");
    }
    s
}

impl Initiative {
    fn generate(rng: &mut Rng, site: &Site, number: u32) -> Initiative {
        let title = (title_ja(rng), title_en(rng));
        let description = (description_ja(rng), description_en(rng));
        // 取組工程: study for a year or two, then implement and continue.
        let start = rng.range(0, 2) as usize;
        let schedule = (0..5)
            .map(|k| match k.cmp(&start) {
                std::cmp::Ordering::Less => "study",
                std::cmp::Ordering::Equal if start > 0 && rng.chance(0.5) => "study_implement",
                std::cmp::Ordering::Equal => "implement",
                std::cmp::Ordering::Greater if k > start + 1 => "continue",
                std::cmp::Ordering::Greater => "implement",
            })
            .collect();
        let mut indicators: Vec<Indicator> = Vec::new();
        for _ in 0..rng.range(1, 3) {
            let kind = &KINDS[rng.index(KINDS.len())];
            let mut id = kind.id.to_string();
            let mut n = 2;
            while indicators.iter().any(|i| i.id == id) {
                id = format!("{}-{n}", kind.id);
                n += 1;
            }
            indicators.push(Indicator::generate(rng, kind, id));
        }
        Initiative {
            number,
            slug: slug(&title.1),
            place: rng.pick(&site.items),
            division: site.division(rng),
            title,
            description,
            schedule,
            indicators,
            text_seed: rng.next(),
        }
    }

    fn toml(&self) -> String {
        let mut s = String::with_capacity(4096);
        let (strategy, area, item) = self.place;
        let _ = writeln!(
            s,
            "# No.{n} {}\nnumber = {n}\nstrategy = {strategy}\narea = {area}\nitem = {item}\n\
             division = \"{}\"\ntitle = {}\ndescription = {}\n\n\
             # 取組工程: study | implement | continue | study_implement\n[schedule]",
            self.title.0,
            self.division,
            lang_text(&self.title.0, &self.title.1),
            lang_text(&self.description.0, &self.description.1),
            n = self.number,
        );
        for (y, word) in (FIRST_YEAR..=LAST_YEAR).zip(&self.schedule) {
            let _ = writeln!(s, "{y} = \"{word}\"");
        }
        for i in &self.indicators {
            i.toml(&mut s);
        }
        s
    }

    fn write(&self, out: &Path, width: usize, stats: &mut Stats) -> io::Result<()> {
        let dir = out.join("initiatives").join(format!(
            "{:0width$}-{}",
            self.number,
            self.slug,
            width = width
        ));
        fs::create_dir(&dir)?;
        stats.write(&dir.join("initiative.toml"), &self.toml())?;
        let mut rng = Rng::new(self.text_seed);
        let files = [
            ("2024.progress.ja.md", bullets(&mut rng, progress_item_ja)),
            ("2024.progress.en.md", bullets(&mut rng, progress_item_en)),
            ("2025.plan.ja.md", bullets(&mut rng, plan_item_ja)),
            ("2025.plan.en.md", bullets(&mut rng, plan_item_en)),
        ];
        for (name, text) in &files {
            stats.write(&dir.join(name), text)?;
        }
        if self.indicators.iter().any(|i| i.missed(LATEST_REVIEWED)) {
            stats.missed += 1;
            stats.write(&dir.join("2024.shortfall.ja.md"), &shortfall_ja(&mut rng))?;
            stats.write(&dir.join("2024.shortfall.en.md"), &shortfall_en(&mut rng))?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// The equivalent Hugo and Jekyll sites, for scripts/hugo-compare.sh.

/// What the Hugo and the Jekyll site are made of, read from a content folder:
/// the site's title, the preface and, for every initiative and language, a
/// page with its title, number, division, figures and a Markdown body (the
/// description, then each commentary file under a heading). The converters
/// write the same pages, each in its own tool's front matter and layouts.
mod peer {
    use std::fmt::Write as _;
    use std::fs;
    use std::io;
    use std::path::{Path, PathBuf};
    use toml::{Table, Value};

    /// A language of the site and the words its pages need.
    pub struct Lang {
        pub code: &'static str,
        /// The language's name in itself, for the link to it.
        pub name: &'static str,
        /// Titles of the home page and of the list of initiatives.
        pub home: &'static str,
        pub list: &'static str,
        /// Headings of the figures table: year, target, actual.
        pub columns: [&'static str; 3],
        /// The heading of each kind of commentary file.
        headings: [(&'static str, &'static str); 3],
    }

    /// The site's languages, the default first.
    pub const LANGS: [Lang; 2] = [
        Lang {
            code: "ja",
            name: "日本語",
            home: "ホーム",
            list: "取組項目",
            columns: ["年度", "目標", "実績"],
            headings: [
                ("progress", "取組状況"),
                ("plan", "取組内容"),
                ("shortfall", "目標未達成の原因及び今後の取り組み"),
            ],
        },
        Lang {
            code: "en",
            name: "English",
            home: "Home",
            list: "Initiatives",
            columns: ["Fiscal year", "Target", "Actual"],
            headings: [
                ("progress", "Progress"),
                ("plan", "Plan"),
                ("shortfall", "Why the target was missed"),
            ],
        },
    ];

    /// One initiative in one language.
    pub struct Page {
        pub title: String,
        pub number: i64,
        /// The division's name, or empty.
        pub division: String,
        pub indicators: Vec<Indicator>,
        /// The description and the commentary, as Markdown.
        pub body: String,
    }

    pub struct Indicator {
        pub name: String,
        /// The unit, or empty.
        pub unit: String,
        /// Year, target and actual (empty when there is none), as displayed.
        pub years: Vec<[String; 3]>,
    }

    fn text<'a>(t: Option<&'a Value>, lang: &Lang) -> &'a str {
        let t = t.and_then(Value::as_table);
        t.and_then(|t| t.get(lang.code).or_else(|| t.get("ja")))
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    fn figure(v: Option<&Value>) -> String {
        match v {
            Some(Value::Integer(i)) => i.to_string(),
            Some(Value::Float(f)) => f.to_string(),
            Some(Value::Boolean(true)) => "✓".into(),
            Some(Value::Boolean(false)) => "－".into(),
            _ => String::new(),
        }
    }

    fn bad(path: &Path, e: impl std::fmt::Display) -> io::Error {
        io::Error::other(format!("{}: {e}", path.display()))
    }

    fn read_table(path: &Path) -> io::Result<Table> {
        fs::read_to_string(path)?.parse().map_err(|e| bad(path, e))
    }

    /// A content folder's `site.toml`.
    pub struct Site {
        content: PathBuf,
        table: Table,
    }

    impl Site {
        pub fn read(content: &Path) -> io::Result<Site> {
            Ok(Site {
                content: content.to_path_buf(),
                table: read_table(&content.join("site.toml"))?,
            })
        }

        pub fn title(&self, lang: &Lang) -> &str {
            text(self.table.get("site").and_then(|s| s.get("title")), lang)
        }

        /// The preface in `lang`, if there is one: its title (its first
        /// `# ` heading) and its Markdown.
        pub fn preface(&self, lang: &Lang) -> Option<(String, String)> {
            let path = self.content.join(format!("pages/preface.{}.md", lang.code));
            let body = fs::read_to_string(path).ok()?;
            let title = body
                .lines()
                .find_map(|l| l.strip_prefix("# "))
                .unwrap_or("preface")
                .to_string();
            Some((title, body))
        }

        /// The initiatives' folders, in order.
        pub fn initiatives(&self) -> io::Result<Vec<Initiative>> {
            let mut dirs: Vec<_> = fs::read_dir(self.content.join("initiatives"))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.join("initiative.toml").is_file())
                .collect();
            dirs.sort();
            Ok(dirs
                .into_iter()
                .map(|dir| Initiative {
                    id: dir
                        .file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .into_owned(),
                    dir,
                })
                .collect())
        }
    }

    /// An initiative's folder.
    pub struct Initiative {
        /// The folder's name, which names the pages too.
        pub id: String,
        dir: PathBuf,
    }

    impl Initiative {
        /// Reads the initiative's page in each language.
        pub fn pages(&self, site: &Site) -> io::Result<Vec<Page>> {
            let i = read_table(&self.dir.join("initiative.toml"))?;
            let divisions = site.table.get("divisions");
            let mut names: Vec<_> = fs::read_dir(&self.dir)?
                .filter_map(Result::ok)
                .filter_map(|e| e.file_name().into_string().ok())
                .collect();
            names.sort();
            let mut pages = Vec::with_capacity(LANGS.len());
            for lang in &LANGS {
                let division = i
                    .get("division")
                    .and_then(Value::as_str)
                    .and_then(|d| divisions.and_then(|t| t.get(d)));
                let indicators = i.get("indicators").and_then(Value::as_array);
                let indicators = indicators
                    .into_iter()
                    .flatten()
                    .map(|ind| Indicator {
                        name: text(ind.get("name"), lang).to_string(),
                        unit: text(ind.get("unit"), lang).to_string(),
                        years: ind
                            .get("years")
                            .and_then(Value::as_table)
                            .into_iter()
                            .flatten()
                            .map(|(year, y)| {
                                [
                                    year.clone(),
                                    figure(y.get("target")),
                                    figure(y.get("actual")),
                                ]
                            })
                            .collect(),
                    })
                    .collect();
                let mut body = format!("{}\n", text(i.get("description"), lang));
                let suffix = format!(".{}.md", lang.code);
                for name in names.iter().filter(|n| n.ends_with(&suffix)) {
                    let mut parts = name.split('.');
                    let (Some(year), Some(kind)) = (parts.next(), parts.next()) else {
                        continue;
                    };
                    let heading = lang
                        .headings
                        .iter()
                        .find(|(k, _)| *k == kind)
                        .map_or(kind, |(_, h)| *h);
                    let text = fs::read_to_string(self.dir.join(name))?;
                    let _ = write!(body, "\n## {heading} ({year})\n\n{text}");
                }
                pages.push(Page {
                    title: text(i.get("title"), lang).to_string(),
                    number: i.get("number").and_then(Value::as_integer).unwrap_or(0),
                    division: text(division, lang).to_string(),
                    indicators,
                    body,
                });
            }
            Ok(pages)
        }
    }
}

/// The Hugo site: `config.toml` with both languages, a content folder per
/// language with TOML front matter, `baseof`/`single`/`list` layouts, i18n.
mod hugo {
    use super::peer::{LANGS, Site};
    use super::{Stats, create_empty, q};
    use std::fmt::Write as _;
    use std::fs;
    use std::io;
    use std::path::Path;

    const BASEOF: &str = r#"<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body>
<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
{{ range .Translations }} <a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a>{{ end }}</header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"#;

    const SINGLE: &str = r#"{{ define "main" }}
<h1>{{ with .Params.number }}No.{{ . }} {{ end }}{{ .Title }}</h1>
{{ with .Params.division }}<p>{{ . }}</p>{{ end }}
{{ .Content }}
{{ range .Params.indicators }}
<h2>{{ .name }}{{ with .unit }} ({{ . }}){{ end }}</h2>
<table>
<tr><th>{{ i18n "year" }}</th><th>{{ i18n "target" }}</th><th>{{ i18n "actual" }}</th></tr>
{{ range .years }}<tr><td>{{ .year }}</td><td>{{ .target }}</td><td>{{ .actual }}</td></tr>
{{ end }}</table>
{{ end }}
{{ end }}
"#;

    const LIST: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ with .Params.number }}No.{{ . }} {{ end }}{{ .Title }}</a></li>
{{ end }}</ul>
{{ end }}
"#;

    /// Writes the Hugo site for the content folder `content` into `out`.
    pub fn convert(content: &Path, out: &Path) -> io::Result<Stats> {
        create_empty(out)?;
        let site = Site::read(content)?;
        let mut stats = Stats::default();
        for dir in [
            "layouts/_default",
            "i18n",
            "content/ja/initiatives",
            "content/en/initiatives",
        ] {
            fs::create_dir_all(out.join(dir))?;
        }
        let [ja, en] = &LANGS;
        stats.write(
            &out.join("config.toml"),
            &format!(
                "baseURL = \"https://example.org/\"\n\
                 defaultContentLanguage = \"ja\"\n\
                 disableKinds = [\"taxonomy\", \"term\", \"RSS\"]\n\n\
                 [languages.ja]\nlanguageName = {}\nweight = 1\n\
                 contentDir = \"content/ja\"\ntitle = {}\n\n\
                 [languages.en]\nlanguageName = {}\nweight = 2\n\
                 contentDir = \"content/en\"\ntitle = {}\n",
                q(ja.name),
                q(site.title(ja)),
                q(en.name),
                q(site.title(en))
            ),
        )?;
        stats.write(&out.join("layouts/_default/baseof.html"), BASEOF)?;
        stats.write(&out.join("layouts/_default/single.html"), SINGLE)?;
        stats.write(&out.join("layouts/_default/list.html"), LIST)?;
        for lang in &LANGS {
            let [year, target, actual] = lang.columns.map(q);
            stats.write(
                &out.join(format!("i18n/{}.toml", lang.code)),
                &format!("year = {year}\ntarget = {target}\nactual = {actual}\n"),
            )?;
            stats.write(
                &out.join(format!("content/{}/_index.md", lang.code)),
                &format!("+++\ntitle = {}\n+++\n", q(lang.home)),
            )?;
            stats.write(
                &out.join(format!("content/{}/initiatives/_index.md", lang.code)),
                &format!("+++\ntitle = {}\n+++\n", q(lang.list)),
            )?;
            if let Some((title, body)) = site.preface(lang) {
                stats.write(
                    &out.join(format!("content/{}/preface.md", lang.code)),
                    &format!("+++\ntitle = {}\n+++\n{body}", q(&title)),
                )?;
            }
        }
        for initiative in site.initiatives()? {
            for (lang, page) in LANGS.iter().zip(initiative.pages(&site)?) {
                let number = page.number;
                let mut s = format!(
                    "+++\ntitle = {}\nweight = {number}\nnumber = {number}\ndivision = {}\n",
                    q(&page.title),
                    q(&page.division),
                );
                for ind in &page.indicators {
                    let _ = writeln!(
                        s,
                        "[[indicators]]\nname = {}\nunit = {}",
                        q(&ind.name),
                        q(&ind.unit)
                    );
                    for [year, target, actual] in &ind.years {
                        let _ = writeln!(
                            s,
                            "[[indicators.years]]\nyear = {}\ntarget = {}\nactual = {}",
                            q(year),
                            q(target),
                            q(actual)
                        );
                    }
                }
                s.push_str("+++\n");
                s.push_str(&page.body);
                stats.write(
                    &out.join(format!(
                        "content/{}/initiatives/{}.md",
                        lang.code, initiative.id
                    )),
                    &s,
                )?;
            }
            stats.converted += 1;
        }
        Ok(stats)
    }
}

/// The Jekyll site, which needs no gems beyond Jekyll's own (no Gemfile, no
/// plugins): `_config.yml`, a folder per language with YAML front matter,
/// `default`/`single`/`list` layouts, the words of each language in
/// `_data/i18n.yml`. The same pages as the Hugo site, pretty URLs.
mod jekyll {
    use super::peer::{LANGS, Site};
    use super::{Stats, create_empty, q};
    use std::fmt::Write as _;
    use std::fs;
    use std::io;
    use std::path::Path;

    // Jekyll 4 keeps the Markdown it converted in `.jekyll-cache` in the
    // source folder; switched off, so that every build converts every page,
    // as mieruka and Hugo do.
    const CONFIG: &str = "markdown: kramdown\n\
                          permalink: pretty\n\
                          disable_disk_cache: true\n\
                          plugins: []\n";

    const DEFAULT: &str = r#"{%- assign t = site.data.i18n[page.lang] -%}
{%- assign other = site.data.i18n[t.other] -%}
<!DOCTYPE html>
<html lang="{{ page.lang }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ page.title | escape }} | {{ t.title | escape }}</title></head>
<body>
<header><a href="{{ t.home }}">{{ t.title | escape }}</a>
 <a href="{{ page.url | replace_first: t.home, other.home }}" hreflang="{{ t.other }}">{{ other.name }}</a></header>
<main>{{ content }}</main>
</body>
</html>
"#;

    const SINGLE: &str = r#"---
layout: default
---
{%- assign t = site.data.i18n[page.lang] %}
<h1>{% if page.number %}No.{{ page.number }} {% endif %}{{ page.title | escape }}</h1>
{% if page.division %}<p>{{ page.division | escape }}</p>{% endif %}
{{ content }}
{% for i in page.indicators %}
<h2>{{ i.name | escape }}{% if i.unit %} ({{ i.unit | escape }}){% endif %}</h2>
<table>
<tr><th>{{ t.year }}</th><th>{{ t.target }}</th><th>{{ t.actual }}</th></tr>
{% for y in i.years %}<tr><td>{{ y.year }}</td><td>{{ y.target }}</td><td>{{ y.actual }}</td></tr>
{% endfor %}</table>
{% endfor %}
"#;

    // A page lists the pages whose `section` is its `lists`, by weight.
    const LIST: &str = r#"---
layout: default
---
<h1>{{ page.title | escape }}</h1>
{{ content }}
<ul>
{% assign pages = site.pages | where: "section", page.lists | sort: "weight" -%}
{% for p in pages %}<li><a href="{{ p.url }}">{% if p.number %}No.{{ p.number }} {% endif %}{{ p.title | escape }}</a></li>
{% endfor %}</ul>
"#;

    /// Front matter common to all pages: layout, language, title; content
    /// is Markdown, never a Liquid template.
    fn front(layout: &str, lang: &str, title: &str) -> String {
        format!(
            "---\nlayout: {layout}\nlang: {lang}\ntitle: {}\nrender_with_liquid: false\n",
            q(title)
        )
    }

    /// Writes the Jekyll site for the content folder `content` into `out`.
    pub fn convert(content: &Path, out: &Path) -> io::Result<Stats> {
        create_empty(out)?;
        let site = Site::read(content)?;
        let mut stats = Stats::default();
        fs::create_dir_all(out.join("_layouts"))?;
        fs::create_dir_all(out.join("_data"))?;
        for lang in &LANGS {
            fs::create_dir_all(out.join(lang.code).join("initiatives"))?;
        }
        stats.write(
            &out.join("_config.yml"),
            &format!("title: {}\n{CONFIG}", q(site.title(&LANGS[0]))),
        )?;
        stats.write(&out.join("_layouts/default.html"), DEFAULT)?;
        stats.write(&out.join("_layouts/single.html"), SINGLE)?;
        stats.write(&out.join("_layouts/list.html"), LIST)?;
        let mut i18n = String::new();
        for (lang, other) in LANGS.iter().zip(LANGS.iter().rev()) {
            let [year, target, actual] = lang.columns.map(q);
            let _ = write!(
                i18n,
                "{code}:\n  name: {}\n  title: {}\n  home: \"/{code}/\"\n  other: {}\n  \
                 year: {year}\n  target: {target}\n  actual: {actual}\n",
                q(lang.name),
                q(site.title(lang)),
                other.code,
                code = lang.code,
            );
        }
        stats.write(&out.join("_data/i18n.yml"), &i18n)?;
        for lang in &LANGS {
            let code = lang.code;
            stats.write(
                &out.join(format!("{code}/index.md")),
                &format!("{}lists: {code}\n---\n", front("list", code, lang.home)),
            )?;
            stats.write(
                &out.join(format!("{code}/initiatives/index.md")),
                &format!(
                    "{}section: {code}\nweight: 1\nlists: {code}/initiatives\n---\n",
                    front("list", code, lang.list)
                ),
            )?;
            if let Some((title, body)) = site.preface(lang) {
                stats.write(
                    &out.join(format!("{code}/preface.md")),
                    &format!(
                        "{}section: {code}\nweight: 2\n---\n{body}",
                        front("single", code, &title)
                    ),
                )?;
            }
        }
        for initiative in site.initiatives()? {
            for (lang, page) in LANGS.iter().zip(initiative.pages(&site)?) {
                let (code, number) = (lang.code, page.number);
                let mut s = front("single", code, &page.title);
                let _ = writeln!(
                    s,
                    "section: {code}/initiatives\nweight: {number}\nnumber: {number}"
                );
                if !page.division.is_empty() {
                    let _ = writeln!(s, "division: {}", q(&page.division));
                }
                if !page.indicators.is_empty() {
                    s.push_str("indicators:\n");
                }
                for ind in &page.indicators {
                    let _ = writeln!(s, "- name: {}", q(&ind.name));
                    if !ind.unit.is_empty() {
                        let _ = writeln!(s, "  unit: {}", q(&ind.unit));
                    }
                    s.push_str("  years:\n");
                    for [year, target, actual] in &ind.years {
                        let _ = writeln!(
                            s,
                            "  - year: {}\n    target: {}\n    actual: {}",
                            q(year),
                            q(target),
                            q(actual)
                        );
                    }
                }
                s.push_str("---\n");
                s.push_str(&page.body);
                stats.write(
                    &out.join(format!("{code}/initiatives/{}.md", initiative.id)),
                    &s,
                )?;
            }
            stats.converted += 1;
        }
        Ok(stats)
    }
}
