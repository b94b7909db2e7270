//! A deterministic generator of realistic event logs in the annals format, shared by
//! `examples/genlog.rs` and the benchmarks. No dependencies: a fixed-seed SplitMix64.
#![allow(unexpected_cfgs)] // `fuzzing`: set by cargo-fuzz, whose targets share the generator.

use std::collections::HashSet;
use std::fmt::Write as _;

/// The lanes of a generated log, in display order.
pub const LANES: [&str; 4] = ["United States", "China", "Industry", "Third countries"];

/// A word that occurs in many titles and summaries (it is in [`WORDS`]).
#[allow(dead_code)]
pub const COMMON_WORD: &str = "export";

/// A word that occurs in no generated text.
#[allow(dead_code)]
pub const MISSING_WORD: &str = "zqxjvw";

const SEED: u64 = 0x5EED_A11A_1500_2025;

/// SplitMix64: tiny, fast, good enough for test data, and the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "export",
    "controls",
    "chips",
    "advanced",
    "computing",
    "semiconductor",
    "equipment",
    "lithography",
    "foundry",
    "wafer",
    "memory",
    "bandwidth",
    "accelerator",
    "cluster",
    "datacenter",
    "cloud",
    "model",
    "training",
    "inference",
    "frontier",
    "open",
    "weights",
    "license",
    "licence",
    "rule",
    "interim",
    "final",
    "guidance",
    "ministry",
    "agency",
    "department",
    "bureau",
    "commission",
    "council",
    "parliament",
    "congress",
    "senate",
    "committee",
    "hearing",
    "bill",
    "statute",
    "regulation",
    "framework",
    "strategy",
    "plan",
    "action",
    "initiative",
    "alliance",
    "consortium",
    "partnership",
    "agreement",
    "deal",
    "contract",
    "investment",
    "fund",
    "subsidy",
    "grant",
    "tax",
    "credit",
    "tariff",
    "duty",
    "sanction",
    "entity",
    "list",
    "blacklist",
    "waiver",
    "exemption",
    "review",
    "probe",
    "investigation",
    "antitrust",
    "merger",
    "acquisition",
    "stake",
    "shares",
    "market",
    "valuation",
    "revenue",
    "earnings",
    "quarter",
    "forecast",
    "demand",
    "supply",
    "shortage",
    "stockpile",
    "smuggling",
    "diversion",
    "enforcement",
    "penalty",
    "fine",
    "settlement",
    "court",
    "ruling",
    "appeal",
    "lawsuit",
    "patent",
    "standard",
    "benchmark",
    "evaluation",
    "safety",
    "security",
    "risk",
    "testing",
    "audit",
    "disclosure",
    "transparency",
    "privacy",
    "data",
    "localization",
    "transfer",
    "talent",
    "visa",
    "students",
    "researchers",
    "university",
    "laboratory",
    "startup",
    "unicorn",
    "venture",
    "capital",
    "chipmaker",
    "designer",
    "packaging",
    "substrate",
    "gallium",
    "germanium",
    "graphite",
    "minerals",
    "rare",
    "earths",
    "magnets",
    "energy",
    "power",
    "grid",
    "nuclear",
    "solar",
    "cooling",
    "water",
    "land",
    "permits",
    "construction",
    "campus",
    "region",
    "province",
    "city",
    "coastal",
    "northern",
    "southern",
    "eastern",
    "western",
    "national",
    "federal",
    "state",
    "local",
    "global",
    "regional",
    "bilateral",
    "multilateral",
    "summit",
    "meeting",
    "talks",
    "truce",
    "negotiation",
    "envoy",
    "delegation",
    "minister",
    "secretary",
    "president",
    "premier",
    "chairman",
    "chief",
    "executive",
    "officer",
    "founder",
    "engineer",
    "analyst",
    "report",
    "study",
    "survey",
    "paper",
    "release",
    "launch",
    "unveils",
    "announces",
    "signs",
    "approves",
    "blocks",
    "restricts",
    "expands",
    "tightens",
    "loosens",
    "delays",
    "pauses",
    "resumes",
    "cancels",
    "extends",
    "imposes",
    "lifts",
    "warns",
    "urges",
    "plans",
    "weighs",
    "considers",
    "rejects",
    "accepts",
    "confirms",
    "denies",
    "reports",
    "says",
    "new",
    "first",
    "largest",
    "biggest",
    "major",
    "minor",
    "rapid",
    "gradual",
    "sweeping",
    "narrow",
    "broad",
    "targeted",
    "domestic",
    "foreign",
    "overseas",
    "allied",
    "rival",
    "sovereign",
    "private",
    "public",
    "military",
    "civilian",
    "dual",
    "use",
    "critical",
    "emerging",
    "technology",
    "software",
    "hardware",
    "network",
    "telecom",
    "satellite",
    "quantum",
    "robotics",
    "autonomous",
    "vehicles",
    "drones",
    "sensors",
    "platform",
    "service",
    "product",
    "customers",
    "suppliers",
    "partners",
    "vendors",
    "buyers",
    "sellers",
    "prices",
    "costs",
    "margins",
    "capacity",
    "output",
    "yield",
    "node",
    "process",
    "roadmap",
    "timeline",
    "deadline",
    "schedule",
    "window",
    "phase",
    "stage",
    "round",
    "tranche",
    "package",
    "measures",
    "steps",
    "response",
    "retaliation",
    "countermeasures",
    "escalation",
    "pressure",
    "tension",
    "competition",
    "race",
    "lead",
    "gap",
    "edge",
    "advantage",
    "dominance",
    "influence",
    "access",
    "control",
    "oversight",
    "governance",
    "compliance",
    "reporting",
    "threshold",
    "cap",
    "limit",
    "quota",
    "allocation",
    "tier",
    "country",
    "countries",
    "partners",
    "ally",
    "allies",
    "neighbours",
    "exporters",
    "importers",
    "traders",
    "brokers",
    "resellers",
    "distributors",
    "intermediaries",
];

const TAGS: [&str; 40] = [
    "export-controls",
    "chips",
    "semiconductors",
    "cloud",
    "data-centers",
    "open-source",
    "models",
    "safety",
    "standards",
    "trade",
    "tariffs",
    "sanctions",
    "investment",
    "talent",
    "energy",
    "telecom",
    "satellites",
    "quantum",
    "biotech",
    "privacy",
    "cybersecurity",
    "antitrust",
    "subsidies",
    "research",
    "military",
    "diplomacy",
    "supply-chain",
    "rare-earths",
    "robotics",
    "autonomy",
    "compute",
    "licensing",
    "patents",
    "espionage",
    "procurement",
    "education",
    "healthcare",
    "finance",
    "elections",
    "governance",
];

const NAME_FIRST: &[&str] = &[
    "Kestrel", "Harbor", "Granite", "Lumen", "Meridian", "Summit", "Cobalt", "Aurora", "Pioneer",
    "Sterling", "Horizon", "Redwood", "Jade", "Crimson", "Silver", "Beacon", "Atlas", "Vertex",
    "Nimbus", "Orchid", "Falcon", "Lotus", "Pacific", "Northern", "Eastern", "Western", "Southern",
    "Central", "Golden", "Azure", "Phoenix", "Harmony", "Pearl", "Dragon", "Eagle", "Cedar",
    "Willow", "Quartz", "Onyx", "Zenith",
];

const NAME_SECOND: &[&str] = &[
    "Silicon",
    "Compute",
    "Data",
    "Micro",
    "Quantum",
    "Cloud",
    "Systems",
    "Networks",
    "Robotics",
    "Energy",
    "Semiconductor",
    "Photonics",
    "Vision",
    "Logic",
    "Signal",
    "Trade",
    "Industry",
    "Science",
    "Technology",
    "Research",
    "Capital",
    "Security",
    "Digital",
    "Materials",
    "Telecom",
    "Satellite",
    "Software",
    "Devices",
    "Foundry",
    "Memory",
];

const KIND_SUFFIX: &[(&str, &[&str])] = &[
    (
        "government",
        &["Ministry", "Agency", "Bureau", "Commission", "Office"],
    ),
    (
        "company",
        &["Corp", "Labs", "Group", "Holdings", "Technologies", "Inc"],
    ),
    ("alliance", &["Alliance", "Consortium", "Coalition"]),
    (
        "organization",
        &["Institute", "Foundation", "Council", "Association"],
    ),
    ("person", &[]),
    ("country", &[]),
];

const GIVEN: &[&str] = &[
    "Alice", "Wei", "Carlos", "Priya", "Jonas", "Mei", "Omar", "Sofia", "Hiroshi", "Ngozi", "Liam",
    "Chen", "Fatima", "Dmitri", "Grace", "Ravi", "Ana", "Kenji", "Elena", "Tariq",
];
const FAMILY: &[&str] = &[
    "Zhang", "Smith", "Okafor", "Garcia", "Nakamura", "Patel", "Kowalski", "Haddad", "Larsen",
    "Moreau", "Kim", "Silva", "Novak", "Ibrahim", "Rossi", "Tanaka", "Walker", "Li", "Mueller",
    "Haas",
];
const COUNTRIES: &[&str] = &[
    "Arvenia", "Borland", "Caldera", "Dorvan", "Estmark", "Fenwick", "Galloway", "Halvard",
    "Istria", "Jorvik", "Kaleva", "Lorien", "Marovia", "Norrland", "Ostara", "Pellinor", "Quenby",
    "Ravella", "Sundara", "Tirol", "Umbria", "Valdor", "Westmark", "Yarrow",
];

const PUBLISHERS: &[(&str, &str)] = &[
    ("Reuters", "reuters.com"),
    ("Bloomberg", "bloomberg.com"),
    ("Financial Times", "ft.com"),
    ("The Wall Street Journal", "wsj.com"),
    ("The New York Times", "nytimes.com"),
    ("South China Morning Post", "scmp.com"),
    ("Caixin", "caixinglobal.com"),
    ("Nikkei Asia", "asia.nikkei.com"),
    ("The Information", "theinformation.com"),
    ("Associated Press", "apnews.com"),
    ("Politico", "politico.com"),
    ("The Verge", "theverge.com"),
    ("Xinhua", "english.news.cn"),
    ("Federal Register", "federalregister.gov"),
    ("Tom's Hardware", "tomshardware.com"),
];

/// How many actors a log of `events` events declares.
pub fn actor_count(events: usize) -> usize {
    (events / 3).min(300) + 10
}

struct GenActor {
    id: String,
    name: String,
    aliases: Vec<String>,
    lane: &'static str,
    kind: &'static str,
}

fn kebab(name: &str) -> String {
    let mut out = String::new();
    for part in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&part.to_ascii_lowercase());
    }
    out
}

fn acronym(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}

fn actors(rng: &mut Rng, count: usize) -> Vec<GenActor> {
    let mut ids = HashSet::new();
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let (kind, suffixes) = KIND_SUFFIX[match rng.below(100) {
            0..30 => 0,
            30..70 => 1,
            70..76 => 2,
            76..88 => 3,
            88..96 => 4,
            _ => 5,
        }];
        let name = match kind {
            "person" => format!("{} {}", rng.pick(GIVEN), rng.pick(FAMILY)),
            "country" => rng.pick(COUNTRIES).to_string(),
            _ => format!(
                "{} {} {}",
                rng.pick(NAME_FIRST),
                rng.pick(NAME_SECOND),
                rng.pick(suffixes)
            ),
        };
        let mut id = kebab(&name);
        if !ids.insert(id.clone()) {
            // A second actor of the same name: tell them apart as curators do, by place.
            id = format!("{id}-{}", out.len());
            if !ids.insert(id.clone()) {
                continue;
            }
        }
        let mut aliases = Vec::new();
        let words: Vec<&str> = name.split_whitespace().collect();
        match kind {
            "person" => aliases.push(words[words.len() - 1].to_string()),
            "country" => aliases.push(format!("Government of {name}")),
            _ => {
                aliases.push(acronym(&name));
                aliases.push(words[..2].join(" "));
            }
        }
        if rng.chance(40) {
            aliases.push(format!(
                "{} {}",
                rng.pick(NAME_FIRST),
                rng.pick(NAME_SECOND)
            ));
        }
        aliases.truncate(rng.range(1, 3));
        let lane = match kind {
            "company" | "alliance" if rng.chance(70) => LANES[2],
            _ => LANES[[0, 1, 1, 0, 3][rng.below(5)]],
        };
        out.push(GenActor {
            id,
            name,
            aliases,
            lane,
            kind,
        });
    }
    out
}

/// A date in 2016–2025: mostly days, some months, a few years only.
fn date(rng: &mut Rng) -> String {
    let year = 2016 + rng.below(10);
    let month = rng.range(1, 12);
    let day = rng.range(1, 28);
    match rng.below(100) {
        0..85 => format!("{year}-{month:02}-{day:02}"),
        85..97 => format!("{year}-{month:02}"),
        _ => format!("{year}"),
    }
}

fn sentence(rng: &mut Rng, out: &mut String, words: usize, capital: bool) {
    for k in 0..words {
        if k > 0 {
            out.push(' ');
        }
        let w = rng.pick(WORDS);
        if k == 0 && capital {
            let mut chars = w.chars();
            if let Some(c) = chars.next() {
                out.push(c.to_ascii_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push_str(w);
        }
    }
}

/// A generated summary of 20-60 words in sentences, as a multi-line string.
fn summary(rng: &mut Rng, out: &mut String) {
    out.push_str("summary = \"\"\"\n");
    let mut left = rng.range(20, 60);
    let mut line_words = 0;
    while left > 0 {
        // Sentences of 6-16 words, lines broken after about fifteen words.
        let s = rng.range(6, 16).min(left);
        sentence(rng, out, s, true);
        out.push('.');
        line_words += s;
        left -= s;
        if left > 0 {
            if line_words > 14 {
                out.push('\n');
                line_words = 0;
            } else {
                out.push(' ');
            }
        }
    }
    out.push_str("\n\"\"\"\n");
}

/// One or two generated sources for an event of `date`.
fn sources(rng: &mut Rng, out: &mut String, date: &str) {
    for _ in 0..rng.range(1, 2) {
        let (publisher, domain) = PUBLISHERS[rng.below(PUBLISHERS.len())];
        out.push_str("\n[[events.sources]]\n");
        let _ = writeln!(out, "publisher = \"{publisher}\"");
        let mut title = String::new();
        let words = rng.range(5, 12);
        sentence(rng, &mut title, words, true);
        let _ = writeln!(out, "title = \"{title}\"");
        let _ = writeln!(
            out,
            "url = \"https://www.{domain}/{}/{}\"",
            &date[..4],
            kebab(&title)
        );
        if date.len() == 10 && rng.chance(50) {
            let _ = writeln!(out, "date = \"{date}\"");
        }
    }
}

/// The `[timeline]` table and the actors of a generated log of `n` events.
fn header(out: &mut String, n: usize, actors: &[GenActor]) {
    let _ = writeln!(out, "[timeline]");
    let _ = writeln!(out, "title = \"Synthetic benchmark log ({n} events)\"");
    let _ = writeln!(
        out,
        "description = \"Generated events over ten years, for measuring annals on big logs.\""
    );
    let _ = writeln!(
        out,
        "lanes = [{}]\n",
        LANES.map(|l| format!("\"{l}\"")).join(", ")
    );
    for a in actors {
        let _ = writeln!(out, "[actors.{}]", a.id);
        let _ = writeln!(out, "name = \"{}\"", a.name);
        let aliases: Vec<String> = a.aliases.iter().map(|s| format!("\"{s}\"")).collect();
        let _ = writeln!(out, "aliases = [{}]", aliases.join(", "));
        let _ = writeln!(out, "lane = \"{}\"", a.lane);
        let _ = writeln!(out, "kind = \"{}\"\n", a.kind);
    }
}

/// A whole log of `n` events, the same for the same `n` on every machine.
pub fn generate(n: usize) -> String {
    let mut rng = Rng::new(SEED);
    let actors = actors(&mut rng, actor_count(n));
    let mut out = String::with_capacity(n * 900 + 64 * actors.len());
    let _ = writeln!(
        out,
        "# Generated by `cargo run --release --example genlog -- {n}`: synthetic, deterministic.\n"
    );
    header(&mut out, n, &actors);

    // Ids first, so that `related` can point anywhere; then the events in shuffled order.
    let ids: Vec<String> = (0..n)
        .map(|i| format!("{}-{}-{i}", rng.pick(WORDS), rng.pick(WORDS)))
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = rng.below(i + 1);
        order.swap(i, j);
    }
    for (k, &i) in order.iter().enumerate() {
        let date = date(&mut rng);
        let _ = writeln!(out, "[[events]]");
        let _ = writeln!(out, "id = \"{}\"", ids[i]);
        let _ = writeln!(out, "date = \"{date}\"");
        if rng.chance(4) && date.len() == 10 {
            // A few events last a while: same month, a later day.
            let day: usize = date[8..].parse().unwrap_or(1);
            let end = rng.range(day, 28);
            let _ = writeln!(out, "end = \"{}-{end:02}\"", &date[..7]);
        }
        out.push_str("title = \"");
        let words = rng.range(6, 14);
        sentence(&mut rng, &mut out, words, true);
        out.push_str("\"\n");
        // Every actor acts at least once (the first events of the file go round them all);
        // the rest are skewed: a few actors are in most events, as in real logs.
        let mut chosen: Vec<usize> = Vec::with_capacity(4);
        if k < actors.len() {
            chosen.push(k);
        }
        let want = rng.range(1, 4);
        while chosen.len() < want {
            let r = rng.below(1 << 16) as u64;
            let a = ((((r * r) >> 16) as usize) * actors.len()) >> 16;
            if !chosen.contains(&a) {
                chosen.push(a);
            }
        }
        let list: Vec<String> = chosen
            .iter()
            .map(|&a| format!("\"{}\"", actors[a].id))
            .collect();
        let _ = writeln!(out, "actors = [{}]", list.join(", "));
        let mut tags: Vec<&str> = Vec::with_capacity(3);
        let want = rng.range(1, 3);
        while tags.len() < want {
            let t = rng.pick(&TAGS);
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        let list: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
        let _ = writeln!(out, "tags = [{}]", list.join(", "));
        let importance = match rng.below(10) {
            0..3 => 1,
            3..8 => 2,
            _ => 3,
        };
        let _ = writeln!(out, "importance = {importance}");
        summary(&mut rng, &mut out);
        let links = match rng.below(10) {
            0..5 => 0,
            5..8 => 1,
            _ => 2,
        };
        if links > 0 && n > 1 {
            let mut related: Vec<usize> = Vec::with_capacity(2);
            while related.len() < links.min(n - 1) {
                let j = rng.below(n);
                if j != i && !related.contains(&j) {
                    related.push(j);
                }
            }
            let list: Vec<String> = related.iter().map(|&j| format!("\"{}\"", ids[j])).collect();
            let _ = writeln!(out, "related = [{}]", list.join(", "));
        }
        sources(&mut rng, &mut out, &date);
        out.push('\n');
    }
    out
}

/// A log of `n` events as small as an event can be: an id, a year, a one-letter title and
/// one actor (about 67 bytes each). Each warns twice (no summary, no source), as such a
/// log would.
#[allow(dead_code)]
pub fn generate_tiny(n: usize) -> String {
    let mut out = String::with_capacity(n * 68 + 64);
    out.push_str("[timeline]\ntitle = \"Tiny events\"\n\n[actors.a]\nname = \"A\"\n\n");
    for i in 0..n {
        let _ = writeln!(
            out,
            "[[events]]\nid = \"e{i}\"\ndate = \"{}\"\ntitle = \"T\"\nactors = [\"a\"]",
            2016 + i % 10
        );
    }
    out
}

/// The log sizes every benchmark runs at, with their labels.
/// Fewer, longer samples for the 100k log, whose iterations are slow; `large` and `small`
/// are how long to measure at 100k and below it.
#[allow(dead_code)]
#[cfg(not(fuzzing))] // The fuzz targets share the generator, without criterion.
pub fn measure_for(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    n: usize,
    large: std::time::Duration,
    small: std::time::Duration,
) {
    if n >= 100_000 {
        group.sample_size(10).measurement_time(large);
    } else {
        group.sample_size(20).measurement_time(small);
    }
}

#[allow(dead_code)]
pub const SIZES: [(usize, &str); 3] = [(1_000, "1k"), (10_000, "10k"), (100_000, "100k")];

/// The environment variable that adds the 1M size to the benchmarks that take it
/// (`ANNALS_BENCH_1M=1 cargo bench --bench load`): a 1 GB log, minutes per benchmark.
#[allow(dead_code)]
pub const MILLION_VARIABLE: &str = "ANNALS_BENCH_1M";

/// [`SIZES`], and 1M when [`MILLION_VARIABLE`] is set to `1`.
#[allow(dead_code)]
pub fn sizes() -> Vec<(usize, &'static str)> {
    let mut sizes = SIZES.to_vec();
    if std::env::var(MILLION_VARIABLE).is_ok_and(|v| v == "1") {
        sizes.push((1_000_000, "1M"));
    }
    sizes
}

/// A generated log, loaded and validated.
#[allow(dead_code)]
pub fn timeline(n: usize) -> annals::model::Timeline {
    let report = annals::load::parse(&generate(n));
    assert_eq!(report.errors().count(), 0, "the generated log has errors");
    report.timeline.expect("a generated log loads")
}
