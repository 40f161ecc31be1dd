//! The tag stage: `documents` + `sentences` → `mentions` of organizations, countries and themes.
//!
//! Dictionaries are embedded from `data/` ([`builtin`]) and extended by the user's files. One
//! case-sensitive automaton finds organizations and countries (each alias as written, and in ALL
//! CAPS unless marked `exact`); one case-insensitive automaton finds theme triggers. Matches count
//! only on word boundaries, longest first. Then come the guards and the document-level steps:
//! ambiguous places resolved by context, acronyms linked to their long forms, and organizations
//! no dictionary knows found by patterns.

pub mod boiler;
pub mod builtin;
pub mod coterms;
pub mod dict;
pub mod matcher;
pub mod orgs;

use std::collections::{HashMap, HashSet};

use rustc_hash::FxHashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use arrow::array::{Array, ArrayRef, StringBuilder, UInt32Builder};
use arrow::record_batch::RecordBatch;
use newsmill_core::tables::{DOCUMENTS, MENTIONS, SENTENCES};
use newsmill_core::util::{str_col, to_u32, u32_col, CharOffsets};
use newsmill_core::{Error, Result, Stage, Table};
use serde::{Deserialize, Serialize};

pub use dict::{Dictionary, Kind};
use matcher::{Matcher, Target};

/// The `[tag]` section of the config.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TagConfig {
    /// Which kinds to tag: any of `organization`, `country`, `theme`.
    pub kinds: Vec<String>,
    /// Your own dictionaries (`.tsv`, `.csv` or `.json`) with columns `id`, `name`, `aliases`
    /// (`|`-separated), and optionally `kind` (`organization` by default, `country`, `theme`),
    /// `type`, `country`, `parent`. An entry with a built-in id adds aliases to it and overrides
    /// its name, type and country; your aliases win over built-in ones.
    pub dictionaries: Vec<PathBuf>,
    /// Your own theme files, in the format of `data/themes/themes.tsv`.
    pub theme_files: Vec<PathBuf>,
    /// Phrases that are never tagged, nor anything inside them (exact case).
    pub suppress: Vec<String>,
    /// Files of such phrases, one a line.
    pub suppress_files: Vec<PathBuf>,
    /// Cities of at least this population put their country in the story (form `city`).
    pub city_min_population: u64,
    /// Whether a country named inside an organization's name ("Bank of China") also counts as a
    /// mention of the country. By default it does not: the organization's home country is in its
    /// `country` column.
    pub countries_in_org_names: bool,
    /// Whether to find organizations no dictionary knows (`method` = `pattern` or `acronym`).
    pub discover_organizations: bool,
}

impl Default for TagConfig {
    fn default() -> Self {
        TagConfig {
            kinds: vec!["organization".into(), "country".into(), "theme".into()],
            dictionaries: Vec::new(),
            theme_files: Vec::new(),
            suppress: Vec::new(),
            suppress_files: Vec::new(),
            city_min_population: 300_000,
            countries_in_org_names: false,
            discover_organizations: true,
        }
    }
}

/// Which entity a mention names.
#[derive(Debug, Clone, PartialEq)]
pub enum Ent {
    /// An entity of the dictionary (index).
    Dict(usize),
    /// An organization found by a pattern: its name (the id is derived from it).
    New(Arc<str>),
}

/// The column of `documents` a mention's offsets point into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Title,
    Text,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Text => "text",
        }
    }
}

/// One mention, before it becomes a row.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Whether `start`..`end` point into the title or the text.
    pub field: Field,
    pub start: usize,
    pub end: usize,
    /// The sentence of the text (0 for a mention in the title).
    pub sentence: usize,
    pub kind: Kind,
    pub ent: Ent,
    pub form: Option<&'static str>,
    pub method: &'static str,
}

/// The tag stage, built from a [`TagConfig`].
#[derive(Debug, Clone)]
pub struct Tagger {
    dict: Arc<Dictionary>,
    /// The automata, built on a thread of their own: [`Tagger::new`] returns without waiting for
    /// them (the caller meanwhile reads its input), the first document does.
    automata: Arc<OnceLock<std::result::Result<Automata, String>>>,
    /// Subdivisions by their letters in capitals ("ILL", "PENN", "WVA", "ONTARIO"), for the
    /// region of a dateline; `None` when the letters name subdivisions of two countries.
    dateline_regions: HashMap<String, Option<usize>>,
    kinds: Vec<Kind>,
    config: TagConfig,
}

/// What the stage matches with.
#[derive(Debug)]
struct Automata {
    matcher: Matcher,
    /// The co-terms of the theme rules.
    coterms: coterms::CoTermIndex,
    /// Countries only, to look inside organization names (when configured).
    inner_countries: Option<Matcher>,
}

impl Automata {
    /// Builds the automata at once, each on a thread of its own.
    fn build(
        dict: &Dictionary,
        kinds: &[Kind],
        suppress: &[String],
        inner: bool,
    ) -> std::result::Result<Automata, String> {
        fn panicked<T>(_: Box<dyn std::any::Any + Send>) -> std::result::Result<T, String> {
            Err("building an automaton panicked".to_string())
        }
        let (matcher, coterms, inner_countries) = std::thread::scope(|scope| {
            let coterms = scope.spawn(|| coterms::CoTermIndex::build(dict));
            let inner = scope.spawn(|| {
                inner
                    .then(|| Matcher::build(dict, &[Kind::Country], suppress))
                    .transpose()
            });
            let matcher = Matcher::build(dict, kinds, suppress);
            (
                matcher,
                coterms.join().unwrap_or_else(panicked),
                inner.join().unwrap_or_else(panicked),
            )
        });
        Ok(Automata {
            matcher: matcher?,
            coterms: coterms?,
            inner_countries: inner_countries?,
        })
    }
}

/// The letters and digits of `s` in capitals: the key of [`Tagger::dateline_regions`].
fn region_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Names that are also first names or surnames, or the first word of company names: next to
/// another capitalized word they are a person ("Chad Miller", "Michael Jordan", "George
/// Washington") or a company ("Nippon Steel", "Nippon Life").
const PERSON_PRONE: &[&str] = &[
    "Nippon",
    "Chad",
    "Jordan",
    "Israel",
    "India",
    "Georgia",
    "Washington",
    "Kenya",
    "Lincoln",
    "Austin",
    "Houston",
    "Dallas",
    "Paris",
    "Victoria",
    "Florence",
    "Sydney",
    "Troy",
    "Chelsea",
    "Regina",
    "Orlando",
    "Phoenix",
    "Denver",
    "Madison",
    "Jackson",
    "Raleigh",
    "Charlotte",
    "Savannah",
    "Columbus",
    "Guinea",
    "Mali",
    "Niger",
    "Cuba",
    "Jersey",
    "Man",
    "Georgian",
    "Holland",
];

/// Currencies: after a country's name, abbreviation or demonym they name the money, not the
/// country ("Swiss francs", "the Hong Kong dollar", "U.S. dollar bonds", the wire's "U.S. dlrs"),
/// as "US$" does.
const CURRENCIES: &[&str] = &[
    "dollar",
    "dollars",
    "franc",
    "francs",
    "yen",
    "guilder",
    "guilders",
    "lira",
    "lire",
    "peseta",
    "pesetas",
    "krona",
    "kronor",
    "krone",
    "kroner",
    "schilling",
    "schillings",
    "escudo",
    "escudos",
    "rand",
    "peso",
    "pesos",
    "rupee",
    "rupees",
    "ringgit",
    "yuan",
    "renminbi",
    "rouble",
    "roubles",
    "ruble",
    "rubles",
    "drachma",
    "drachmas",
    "dinar",
    "dinars",
    "riyal",
    "riyals",
    "cruzado",
    "cruzados",
    "shekel",
    "shekels",
    "baht",
    "rupiah",
    "sterling",
    "dlr",
    "dlrs",
    "stg",
];

/// Currency words that are also common words ("won", "marks", "real"): a currency only after a
/// demonym ("the South Korean won", "West German marks").
const DEMONYM_CURRENCIES: &[&str] = &[
    "mark", "marks", "pound", "pounds", "won", "real", "crown", "crowns",
];

/// Countries that were part of a former state until a date (microseconds since the epoch, UTC):
/// `(current ids, former id, until)`.
pub const HISTORY: &[(&[&str], &str, i64)] = &[
    (
        &[
            "RU", "UA", "BY", "KZ", "UZ", "GE", "AM", "AZ", "LT", "LV", "EE", "MD", "KG", "TJ",
            "TM",
        ],
        "SUHH",
        693_705_600_000_000, // 1991-12-26
    ),
    (
        &["SI", "HR", "BA", "MK", "RS", "ME", "XK"],
        "YUCS",
        704_332_800_000_000,
    ), // 1992-04-27
    (&["CZ", "SK"], "CSHH", 725_846_400_000_000), // 1993-01-01
];

/// Capitalized words that may stand before a place without making it a person.
const PLACE_CONTEXT: &[&str] = &[
    "In",
    "At",
    "From",
    "To",
    "With",
    "For",
    "On",
    "By",
    "And",
    "Of",
    "The",
    "Across",
    "Into",
    "Against",
    "Between",
    "Visit",
    "Visiting",
    "Both",
    "Neighboring",
    "Neighbouring",
    "North",
    "South",
    "East",
    "West",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Central",
    "Greater",
    "Upper",
    "Lower",
    "New",
    "Old",
    "Like",
    "Unlike",
    "Near",
    "Outside",
    "Inside",
    "Including",
    "Than",
    "Or",
    "But",
    "While",
    "Where",
    "When",
    "Republic",
    "Kingdom",
    "State",
    "Said",
    "Says",
    "Told",
    "Only",
    "Even",
    "Also",
    "Via",
    "Toward",
    "Towards",
    "Over",
    "Under",
    "Within",
    "Beyond",
    "Without",
    "Around",
    "Through",
    "Throughout",
    "About",
    "Since",
    "Until",
    "After",
    "Before",
    "During",
    "Leave",
    "Leaving",
    "Left",
    "Reached",
    "Reaches",
    "Whereas",
    "If",
    "As",
    "Is",
    "Was",
    "Are",
    "Were",
];

fn prev_word(text: &str, start: usize) -> Option<&str> {
    let before = text[..start].strip_suffix(' ')?;
    let ws = before
        .rfind(|c: char| !c.is_alphanumeric() && c != '.' && c != '\'')
        .map_or(0, |i| i + 1);
    let w = &before[ws..];
    (!w.is_empty()).then_some(w)
}

fn next_word(text: &str, end: usize) -> Option<&str> {
    let after = text[end..].strip_prefix(' ')?;
    let we = after
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(after.len());
    let w = &after[..we];
    (!w.is_empty()).then_some(w)
}

fn is_capitalized(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next().is_some_and(char::is_uppercase) && cs.clone().next().is_some_and(char::is_lowercase)
}

/// Whether most letters of `s` are upper case (a headline or dateline in capitals).
fn mostly_upper(s: &str) -> bool {
    let (mut up, mut letters) = (0usize, 0usize);
    if s.is_ascii() {
        // Counts in bytes over chunks that cannot overflow them: the loop vectorizes.
        for chunk in s.as_bytes().chunks(255) {
            let (mut u, mut l) = (0u8, 0u8);
            for &c in chunk {
                u += (c.wrapping_sub(b'A') < 26) as u8;
                l += (c.wrapping_sub(b'a') < 26) as u8;
            }
            up += u as usize;
            letters += (u + l) as usize;
        }
    } else {
        for c in s.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            up += c.is_uppercase() as usize;
        }
    }
    letters >= 8 && up * 10 >= letters * 8
}

impl Tagger {
    /// Builds the tagger: loads the built-in and user dictionaries and compiles the automata.
    /// Every problem of the config and the user's files is reported at once.
    pub fn new(config: &TagConfig) -> Result<Tagger> {
        let mut problems = Vec::new();
        let mut kinds = Vec::new();
        for k in &config.kinds {
            match Kind::parse(k).filter(|_| !k.trim().is_empty()) {
                Some(k) => kinds.push(k),
                None => problems.push(format!(
                    "tag.kinds: unknown kind `{k}` (organization, country, theme)"
                )),
            }
        }
        let mut dict = builtin::dictionary(config.city_min_population, &mut problems);
        for f in &config.theme_files {
            match std::fs::read_to_string(f) {
                Ok(t) => dict.load_themes(&f.display().to_string(), &t, true, &mut problems),
                Err(e) => problems.push(format!("tag.theme_files: {}: {e}", f.display())),
            }
        }
        for f in &config.dictionaries {
            dict.load_user_file(f, &mut problems);
        }
        let mut suppress = config.suppress.clone();
        for f in &config.suppress_files {
            match std::fs::read_to_string(f) {
                Ok(t) => suppress.extend(
                    t.lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty() && !l.starts_with('#'))
                        .map(String::from),
                ),
                Err(e) => problems.push(format!("tag.suppress_files: {}: {e}", f.display())),
            }
        }
        if !problems.is_empty() {
            return Err(Error::Config(
                problems.into_iter().map(|p| format!("tag: {p}")).collect(),
            ));
        }
        // The automata take most of the start-up: they are built on a thread of their own
        // while the caller goes on (a panic there is an error of the build, not a lost setter).
        let dict = Arc::new(dict);
        let automata = Arc::new(OnceLock::new());
        {
            let (dict, automata, kinds) = (Arc::clone(&dict), Arc::clone(&automata), kinds.clone());
            let inner = config.countries_in_org_names && kinds.contains(&Kind::Country);
            std::thread::spawn(move || {
                let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    Automata::build(&dict, &kinds, &suppress, inner)
                }))
                .unwrap_or_else(|_| Err("building the automata panicked".to_string()));
                let _ = automata.set(built);
            });
        }
        // Not an ambiguous subdivision ("Georgia"), nor one whose letters also spell a
        // country, a capital or a city.
        let places: HashSet<String> = dict
            .aliases
            .iter()
            .filter(|a| {
                a.form != "subdivision" && dict.entities[a.entity].kind == Some(Kind::Country)
            })
            .map(|a| region_key(&a.text))
            .collect();
        let mut dateline_regions: HashMap<String, Option<usize>> = HashMap::new();
        for a in dict
            .aliases
            .iter()
            .filter(|a| a.form == "subdivision" && a.alternatives.is_empty())
        {
            let key = region_key(&a.text);
            if key.len() < 2 || places.contains(&key) {
                continue;
            }
            let country = dict.entities[a.entity].id.as_str();
            dateline_regions
                .entry(key)
                .and_modify(|e| {
                    if e.is_some_and(|x| dict.entities[x].id != country) {
                        *e = None;
                    }
                })
                .or_insert(Some(a.entity));
        }
        Ok(Tagger {
            dict,
            automata,
            dateline_regions,
            kinds,
            config: config.clone(),
        })
    }

    /// The dictionary in use.
    pub fn dictionary(&self) -> &Dictionary {
        &self.dict
    }

    /// Waits for the automata; the error of their build, if it failed.
    pub fn ready(&self) -> Result<()> {
        self.automata
            .wait()
            .as_ref()
            .map(|_| ())
            .map_err(|e| Error::Config(vec![format!("tag: {e}")]))
    }

    /// The automata, once built.
    ///
    /// # Panics
    /// If their build failed ([`Tagger::ready`] says why).
    fn automata(&self) -> &Automata {
        match self.automata.wait() {
            Ok(a) => a,
            Err(e) => panic!("tag: {e}"),
        }
    }

    /// Whether a country match is a false friend in its context.
    fn country_guard(
        &self,
        text: &str,
        (sent, sent_upper): ((usize, usize), bool),
        s: usize,
        e: usize,
        alias: &dict::Alias,
        upper: bool,
    ) -> bool {
        let surface = &text[s..e];
        // A person: "Chad Miller", "Michael Jordan", "George Washington".
        if PERSON_PRONE.contains(&surface) {
            if let Some(p) = prev_word(text, s).filter(|_| s > sent.0) {
                if is_capitalized(p) && !PLACE_CONTEXT.contains(&p) {
                    return true;
                }
            }
            if let Some(n) = next_word(text, e) {
                if is_capitalized(n) && !PLACE_CONTEXT.contains(&n) && !text[e..].starts_with(", ")
                {
                    return true;
                }
            }
        }
        // Before a legal suffix a country's name is part of a company's ("Chrysler Canada Ltd",
        // "General Motors of Canada Ltd"), counted only if names in organizations count.
        if !self.config.countries_in_org_names
            && text[e..].starts_with(' ')
            && orgs::extend_suffix(text, e) > e
        {
            return true;
        }
        // "US$ 10 billion" is a currency, and so are "Swiss francs".
        if text[e..].starts_with('$') {
            return true;
        }
        if let Some(n) = next_word(text, e) {
            let n = n.to_ascii_lowercase();
            if CURRENCIES.contains(&n.as_str())
                || (alias.form == "demonym" && DEMONYM_CURRENCIES.contains(&n.as_str()))
            {
                return true;
            }
        }
        // "US", "UK" in a sentence set in capitals: the pronoun "US" is as likely.
        if alias.case == dict::CaseRule::Exact && surface.len() <= 2 && sent_upper {
            return true;
        }
        // Upper-case variants of names only count in upper-case context (headlines, datelines).
        if upper && surface.chars().count() <= 4 && !sent_upper {
            return true;
        }
        // Dateline state abbreviations ("Conn.", "Ind.") only after a comma or in "(R-Ind.)".
        if alias.form == "subdivision" && surface.ends_with('.') && surface.len() <= 6 {
            let before = text[..s].trim_end_matches(' ');
            if !(before.ends_with(',') || before.ends_with('-')) {
                return true;
            }
        }
        false
    }

    /// Tags one document whose sentences are `sents` (byte spans, in order).
    pub fn tag_document(&self, text: &str, sents: &[(usize, usize)]) -> Vec<Mention> {
        self.tag_document_at(text, sents, None)
    }

    /// Tags one document published at `published_at` (microseconds since the epoch, UTC): a
    /// country named in a document from before it existed counts as the state it was part of
    /// ("Moscow" in 1987 is the Soviet Union; see [`HISTORY`]).
    pub fn tag_document_at(
        &self,
        text: &str,
        sents: &[(usize, usize)],
        published_at: Option<i64>,
    ) -> Vec<Mention> {
        let mut out = self.tag_document_now(text, sents, 0);
        self.as_of(&mut out, published_at);
        out
    }

    /// The part of a title that is tagged: the title without surrounding white space, unless it
    /// is empty or the text begins with it and goes on in the same line (a dateline given as the
    /// title). A text whose whole first line is the title (a `.txt` file's) has its title tagged
    /// as the title: its sentences begin after that line
    /// ([`newsmill_core::util::title_line_end`]; the split stage leaves the line out).
    pub fn title_span(title: &str, text: &str) -> Option<(usize, usize)> {
        let t = title.trim();
        if t.is_empty()
            || (text.trim_start().starts_with(t)
                && newsmill_core::util::title_line_end(Some(title), text).is_none())
        {
            return None;
        }
        let s = title.len() - title.trim_start().len();
        Some((s, s + t.len()))
    }

    /// Tags a document with its title: the title is one sentence-like span before the text (see
    /// [`Tagger::title_span`]), tagged with the same guards, and context for the text as the text
    /// is for it ("GEORGIA ..." in a headline over a story about Atlanta). The title's mentions
    /// come first, with `field` [`Field::Title`], offsets into the title and `sentence` 0; the
    /// text's are as [`Tagger::tag_document_at`] gives them.
    pub fn tag_titled(
        &self,
        title: Option<&str>,
        text: &str,
        sents: &[(usize, usize)],
        published_at: Option<i64>,
    ) -> Vec<Mention> {
        let Some((ts, te)) = title.and_then(|t| Tagger::title_span(t, text)) else {
            return self.tag_document_at(text, sents, published_at);
        };
        let title = title.unwrap_or_default();
        // The title, two spaces (no alias spans them) and the text: one string whose first
        // sentence is the title.
        let body = title.len() + 2;
        let mut joined = String::with_capacity(body + text.len());
        joined.push_str(title);
        joined.push_str("  ");
        joined.push_str(text);
        let mut spans = Vec::with_capacity(sents.len() + 1);
        spans.push((ts, te));
        spans.extend(sents.iter().map(|&(a, b)| (a + body, b + body)));
        let mut out = self.tag_document_now(&joined, &spans, body);
        for m in &mut out {
            if m.start < body {
                m.field = Field::Title;
                m.sentence = 0;
            } else {
                m.start -= body;
                m.end -= body;
                m.sentence -= 1;
            }
        }
        self.as_of(&mut out, published_at);
        out
    }

    /// Countries that did not exist yet at `published_at` become the state they were part of.
    fn as_of(&self, out: &mut [Mention], published_at: Option<i64>) {
        if let Some(t) = published_at {
            for m in out.iter_mut().filter(|m| m.kind == Kind::Country) {
                let Ent::Dict(e) = m.ent else { continue };
                let id = self.dict.entities[e].id.as_str();
                if let Some((_, former, _)) = HISTORY
                    .iter()
                    .find(|(ids, _, until)| t < *until && ids.contains(&id))
                {
                    if let Some(f) = self.dict.find(Kind::Country, former) {
                        m.ent = Ent::Dict(f);
                    }
                }
            }
        }
    }

    /// Tags `text` whose sentences are `sents`; the article's own text begins at byte `body` (a
    /// title may come before it), where a dateline is looked for.
    fn tag_document_now(&self, text: &str, sents: &[(usize, usize)], body: usize) -> Vec<Mention> {
        let sentence_of = |s: usize, e: usize| -> Option<usize> {
            let i = sents.partition_point(|&(a, _)| a <= s).checked_sub(1)?;
            (e <= sents[i].1).then_some(i)
        };
        let mut out: Vec<Mention> = Vec::new();
        // Hard-wrapped text breaks names across lines: match on a copy whose tabs and line ends
        // are spaces (byte for byte, so offsets are unchanged).
        // Bylines, author bios, "related" lines and lines of links (found on the lines of the
        // text as given) name no theme.
        let boiler = boiler::boilerplate_lines(text);
        let flat = flatten_whitespace(text);
        let text: &str = &flat;
        // Which sentences are set in capitals (a headline, a dateline), once per sentence.
        let upper_sents: Vec<bool> = sents
            .iter()
            .map(|&(a, b)| mostly_upper(&text[a..b]))
            .collect();
        let mut raw = Vec::new();
        let automata = self.automata();
        automata.matcher.entities(text, &mut raw);
        let mut taken: Vec<(usize, usize)> = Vec::new(); // spans of organizations and suppressions
        let mut ambiguous: Vec<(usize, usize)> = Vec::new(); // (index into out, alias)
        let mut suppressed: Vec<(usize, usize)> = Vec::new();
        for &(s, e, target, upper) in &raw {
            let Some(si) = sentence_of(s, e) else {
                continue;
            };
            let alias_idx = match target {
                Target::Suppress => {
                    taken.push((s, e));
                    suppressed.push((s, e));
                    continue;
                }
                Target::Alias(a) => a,
            };
            let alias = &self.dict.aliases[alias_idx];
            let ent = &self.dict.entities[alias.entity];
            let kind = ent.kind.unwrap_or(Kind::Organization);
            match kind {
                Kind::Country => {
                    if self.country_guard(text, (sents[si], upper_sents[si]), s, e, alias, upper) {
                        continue;
                    }
                    if !alias.alternatives.is_empty() {
                        ambiguous.push((out.len(), alias_idx));
                    }
                    out.push(Mention {
                        start: s,
                        field: Field::Text,
                        end: e,
                        sentence: si,
                        kind,
                        ent: Ent::Dict(alias.entity),
                        form: Some(alias.form),
                        method: if ent.user { "user" } else { "dictionary" },
                    });
                }
                Kind::Organization => {
                    if upper && e - s <= 4 && !upper_sents[si] {
                        continue;
                    }
                    let e2 = extend_within(text, e, sents[si].1);
                    taken.push((s, e2));
                    out.push(Mention {
                        start: s,
                        field: Field::Text,
                        end: e2,
                        sentence: si,
                        kind,
                        ent: Ent::Dict(alias.entity),
                        form: Some(alias.form),
                        method: if ent.user { "user" } else { "dictionary" },
                    });
                    if let Some(inner) = &automata.inner_countries {
                        let mut sub = Vec::new();
                        inner.entities(&text[s..e], &mut sub);
                        for (a, b, t, _) in sub {
                            if let Target::Alias(ai) = t {
                                let al = &self.dict.aliases[ai];
                                out.push(Mention {
                                    start: s + a,
                                    field: Field::Text,
                                    end: s + b,
                                    sentence: si,
                                    kind: Kind::Country,
                                    ent: Ent::Dict(al.entity),
                                    form: Some(al.form),
                                    method: "dictionary",
                                });
                            }
                        }
                    }
                }
                Kind::Theme => {}
            }
        }
        if self.kinds.contains(&Kind::Country) {
            if let Some(m) = self.dateline_city(text, sents, body) {
                if !out.iter().any(|o| o.start < m.end && m.start < o.end) {
                    out.push(m);
                }
            }
            if let Some(r) = self.dateline_region(text, sents, body) {
                // The region says where the place is: "SAN MATEO, Calif." is not the city of
                // the Philippines, "CAMBRIDGE, Mass." not the English one.
                let place = text.len() - text[body..].trim_start().len();
                out.retain(|m| {
                    m.kind != Kind::Country || m.start < place || m.end > r.start || m.ent == r.ent
                });
                if !out.iter().any(|o| o.start < r.end && r.start < o.end) {
                    out.push(r);
                }
            }
        }
        let evidence = raw_evidence(&out, &ambiguous);
        self.resolve_ambiguous(&mut out, &ambiguous, &evidence);
        if self.kinds.contains(&Kind::Organization) && self.config.discover_organizations {
            self.organizations_beyond_dictionary(text, sents, &upper_sents, &mut out, &mut taken);
        }
        if self.kinds.contains(&Kind::Theme) {
            let before = out.len();
            self.themes(text, sents, &mut out);
            // Suppressed phrases hide themes too.
            if !suppressed.is_empty() {
                let mut i = before;
                while i < out.len() {
                    if suppressed
                        .iter()
                        .any(|&(a, b)| out[i].start < b && a < out[i].end)
                    {
                        out.swap_remove(i);
                    } else {
                        i += 1;
                    }
                }
            }
            if !boiler.is_empty() {
                out.retain(|m| {
                    m.kind != Kind::Theme
                        || !boiler.iter().any(|&(a, b)| a <= m.start && m.end <= b)
                });
            }
        }
        out.sort_by_key(|m| (m.start, m.kind, m.end));
        out.dedup_by(|a, b| {
            a.start == b.start && a.end == b.end && a.kind == b.kind && a.ent == b.ent
        });
        out
    }

    /// The city of a dateline at the start of the text ("  CINCINNATI, March 3 -", "ST. PAUL,
    /// Minn. -"), looked up among all cities of the gazetteer whatever their population.
    fn dateline_city(&self, text: &str, sents: &[(usize, usize)], body: usize) -> Option<Mention> {
        let start = text.len() - text[body..].trim_start().len();
        let rest = &text[start..];
        let end = rest
            .find(|c: char| !(c.is_uppercase() || c == ' ' || c == '.' || c == '\'' || c == '-'))?;
        let name = rest[..end].trim_end();
        let after = &rest[name.len()..];
        if name.len() < 3
            || !(after.starts_with(',') || after.starts_with(" -"))
            || name.chars().filter(|c| c.is_alphabetic()).count() < 3
        {
            return None;
        }
        let e = *self.dict.dateline_cities.get(name).or_else(|| {
            self.dict
                .dateline_cities
                .get(&name.replacen("ST. ", "SAINT ", 1))
        })?;
        let (s, e_) = (start, start + name.len());
        let sentence = sents
            .partition_point(|&(a, _)| a <= s)
            .checked_sub(1)
            .filter(|&i| e_ <= sents[i].1)?;
        Some(Mention {
            start: s,
            field: Field::Text,
            end: e_,
            sentence,
            kind: Kind::Country,
            ent: Ent::Dict(e),
            form: Some("city"),
            method: "dictionary",
        })
    }

    /// The region of a dateline, after the place and before the date: "OAK BROOK, ILL., March
    /// 2 -", "READING, Penn., Feb 26 -", "CANTON, Mass, March 4 -", "Scarborough, Ontario, Feb
    /// 26 -". Looked up among the subdivisions by its letters in any case, with or without dots
    /// (the abbreviations of the text need a dot and their case; a dateline says what it is).
    fn dateline_region(
        &self,
        text: &str,
        sents: &[(usize, usize)],
        body: usize,
    ) -> Option<Mention> {
        let start = text.len() - text[body..].trim_start().len();
        let line = &text[start..];
        let line = &line[..line.find(['\n', '\r']).unwrap_or(line.len())];
        let head = &line[..line.find(" -")?];
        let c1 = head.find(',')?;
        let place = &head[..c1];
        if place.len() < 2
            || place.len() > 40
            || !place.starts_with(|c: char| c.is_uppercase())
            || place.contains(|c: char| c.is_ascii_digit())
        {
            return None;
        }
        let rest = &head[c1 + 1..];
        let region = &rest[..rest.find(',').unwrap_or(rest.len())];
        let lead = region.len() - region.trim_start().len();
        let region = region.trim();
        if region.is_empty() || region.len() > 24 || region.contains(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let e = (*self.dateline_regions.get(&region_key(region))?)?;
        let s = start + c1 + 1 + lead;
        let e_ = s + region.len();
        let sentence = sents
            .partition_point(|&(a, _)| a <= s)
            .checked_sub(1)
            .filter(|&i| e_ <= sents[i].1)?;
        Some(Mention {
            field: Field::Text,
            start: s,
            end: e_,
            sentence,
            kind: Kind::Country,
            ent: Ent::Dict(e),
            form: Some("subdivision"),
            method: "dictionary",
        })
    }

    /// Ambiguous place names go to the country the context supports: the nearest sentence that
    /// names one of the candidates unambiguously; without evidence, to their primary country.
    fn resolve_ambiguous(
        &self,
        out: &mut [Mention],
        ambiguous: &[(usize, usize)],
        evidence: &Evidence,
    ) {
        for &(i, alias_idx) in ambiguous {
            let m = &out[i];
            let Ent::Dict(primary) = m.ent else { continue };
            let alias = &self.dict.aliases[alias_idx];
            if alias.entity != primary {
                continue;
            }
            // The nearest sentence that names the primary country or an alternative decides;
            // in a tie, or without any, the primary country.
            let dist = |c: usize| -> Option<usize> {
                evidence
                    .sentence
                    .iter()
                    .filter(|(_, e)| *e == c)
                    .map(|(s, _)| s.abs_diff(m.sentence))
                    .min()
            };
            let mut choice = primary;
            let mut best = dist(primary);
            for &alt in &alias.alternatives {
                if let Some(d) = dist(alt) {
                    if best.is_none_or(|b| d < b) {
                        choice = alt;
                        best = Some(d);
                    }
                }
            }
            out[i].ent = Ent::Dict(choice);
        }
    }

    /// The name of a dictionary entity, or of an organization found in the document.
    fn ent_name<'a>(&'a self, ent: &'a Ent) -> &'a str {
        match ent {
            Ent::Dict(i) => &self.dict.entities[*i].name,
            Ent::New(name) => name,
        }
    }

    fn organizations_beyond_dictionary(
        &self,
        text: &str,
        sents: &[(usize, usize)],
        upper_sents: &[bool],
        out: &mut Vec<Mention>,
        taken: &mut Vec<(usize, usize)>,
    ) {
        let overlaps = |taken: &[(usize, usize)], s: usize, e: usize| {
            taken.iter().any(|&(a, b)| s < b && a < e)
        };
        let org_at = |out: &[Mention], s: usize, e: usize| {
            out.iter()
                .find(|m| m.kind == Kind::Organization && m.start == s && m.end == e)
                .map(|m| m.ent.clone())
        };
        let mut acronyms: HashMap<String, Ent> = HashMap::new();
        let mut not_orgs: Vec<String> = Vec::new();
        let mut new_orgs: Vec<Mention> = Vec::new();
        for (si, &sent) in sents.iter().enumerate() {
            // In a sentence set in capitals (a headline, a dateline) capitalization tells nothing:
            // the patterns below would take any run of words for a name.
            if upper_sents[si] {
                continue;
            }
            // Acronyms defined in parentheses after a long form.
            for ((ls, le), (as_, ae)) in orgs::definitions(text, sent) {
                let acr = &text[as_..ae];
                let in_dict = org_at(out, ls, le).or_else(|| {
                    // A dictionary org that ends where the long form ends (suffix included).
                    out.iter()
                        .find(|m| m.kind == Kind::Organization && m.end == le && m.start >= ls)
                        .map(|m| m.ent.clone())
                });
                let free = !overlaps(taken, ls, le);
                let (ent, add_long_form) = match in_dict {
                    Some(ent) => (ent, false),
                    // A long form the dictionary does not know, for an acronym it does know
                    // ("Food and Agricultural Organisation (FAO)"): the known organization.
                    None => match org_at(out, as_, ae) {
                        // Another spelling of the organization the dictionary knows under the
                        // letters ("Organisation of Petroleum Exporting Countries (OPEC)").
                        Some(ent) if orgs::shares_word(&text[ls..le], self.ent_name(&ent)) => {
                            (ent, free)
                        }
                        // Another organization under the same letters.
                        _ if free && orgs::looks_like_org(&text[ls..le]) => {
                            (Ent::New(Arc::from(&text[ls..le])), true)
                        }
                        // A long form that names no organization ("Retail Price Index (RPI)",
                        // "Common Agricultural Policy (CAP)"): here the letters are no
                        // organization at all, whatever the dictionary knows under them.
                        Some(_) => {
                            not_orgs.push(acr.to_string());
                            continue;
                        }
                        None => continue,
                    },
                };
                if add_long_form {
                    taken.push((ls, le));
                    new_orgs.push(Mention {
                        start: ls,
                        field: Field::Text,
                        end: le,
                        sentence: si,
                        kind: Kind::Organization,
                        ent: ent.clone(),
                        form: Some("name"),
                        method: "acronym",
                    });
                }
                acronyms.insert(acr.to_string(), ent);
            }
            // Organizations no dictionary knows.
            let mut found = Vec::new();
            orgs::discover(text, sent, &mut found);
            for (s, e, method) in found {
                // A country's name is not an organization ("Saudi Arabia, the group's largest producer").
                let is_country = out
                    .iter()
                    .any(|m| m.kind == Kind::Country && m.start == s && m.end == e);
                if overlaps(taken, s, e) || is_country {
                    continue;
                }
                taken.push((s, e));
                new_orgs.push(Mention {
                    start: s,
                    field: Field::Text,
                    end: e,
                    sentence: si,
                    kind: Kind::Organization,
                    ent: Ent::New(Arc::from(&text[s..e])),
                    form: Some("name"),
                    method,
                });
            }
        }
        out.extend(new_orgs);
        if !not_orgs.is_empty() {
            out.retain(|m| {
                m.kind != Kind::Organization
                    || !matches!(m.ent, Ent::Dict(_))
                    || !not_orgs.iter().any(|a| *a == text[m.start..m.end])
            });
        }
        if acronyms.is_empty() {
            return;
        }
        // An acronym defined in the document means what the document says, whatever the
        // dictionary knows under those letters ("International Coffee Organization (ICO)").
        for m in out.iter_mut().filter(|m| m.kind == Kind::Organization) {
            if let Some(ent) = acronyms.get(&text[m.start..m.end]) {
                if m.ent != *ent {
                    m.ent = ent.clone();
                    m.method = "acronym";
                    m.form = Some("acronym");
                }
            }
        }
        // Every use of a defined acronym in the document links to its organization.
        let index: HashMap<String, usize> = acronyms
            .keys()
            .enumerate()
            .map(|(i, k)| (k.clone(), i))
            .collect();
        let ents: Vec<Ent> = {
            let mut v = vec![Ent::New(Arc::from("")); index.len()];
            for (k, i) in &index {
                v[*i] = acronyms[k].clone();
            }
            v
        };
        for (si, &sent) in sents.iter().enumerate() {
            let mut uses = Vec::new();
            orgs::acronym_uses(text, sent, &index, &mut uses);
            for (s, e, i) in uses {
                if overlaps(taken, s, e) {
                    continue;
                }
                taken.push((s, e));
                out.push(Mention {
                    start: s,
                    field: Field::Text,
                    end: e,
                    sentence: si,
                    kind: Kind::Organization,
                    ent: ents[i].clone(),
                    form: Some("acronym"),
                    method: "acronym",
                });
            }
        }
        // A country match inside a newly found organization name is not a country mention.
        if !self.config.countries_in_org_names {
            let new_spans: Vec<(usize, usize)> = out
                .iter()
                .filter(|m| m.kind == Kind::Organization && matches!(m.ent, Ent::New(_)))
                .map(|m| (m.start, m.end))
                .collect();
            out.retain(|m| {
                m.kind != Kind::Country
                    || !new_spans.iter().any(|&(a, b)| a <= m.start && m.end <= b)
            });
        }
    }

    fn themes(&self, text: &str, sents: &[(usize, usize)], out: &mut Vec<Mention>) {
        // Triggers and co-terms are matched on a copy in ASCII lower case (byte for byte, so
        // offsets hold): case-sensitive automata over it are smaller and faster than
        // case-insensitive ones over the text, and find the same matches.
        let lower = text.to_ascii_lowercase();
        let mut raw = Vec::new();
        let automata = self.automata();
        automata.matcher.themes_lowered(&lower, &mut raw);
        // The co-terms of each sentence that needs them, found once.
        let mut present: FxHashMap<usize, coterms::Present> = FxHashMap::default();
        let mut seen: Vec<usize> = Vec::new();
        // Names are not themes: a trigger that is (part of) a political party's name ("Labour",
        // "the Greens") is no theme mention. (A trigger inside other names is kept: an industry
        // word in a company's name tells its industry, "Nippon Steel", "Tin Board".)
        let parties: Vec<(usize, usize)> = out
            .iter()
            .filter(|m| m.kind == Kind::Organization)
            .filter(|m| match &m.ent {
                Ent::Dict(i) => {
                    self.dict.entities[*i].entity_type.as_deref() == Some("political_party")
                }
                Ent::New(_) => false,
            })
            .map(|m| (m.start, m.end))
            .collect();
        for (s, e, aliases) in raw {
            if parties.iter().any(|&(a, b)| s < b && a < e) {
                continue;
            }
            let Some(si) = sents
                .partition_point(|&(a, _)| a <= s)
                .checked_sub(1)
                .filter(|&i| e <= sents[i].1)
            else {
                continue;
            };
            if in_company_name(text, sents[si].0, s, e) {
                continue;
            }
            // One mention per theme at a span: the first of its triggers there whose rule holds
            // (a theme may carry the same trigger twice with other co-terms, as when a user's
            // theme file adds `dollar => stabilize` to a built-in `dollar => fell`).
            seen.clear();
            let first = out.len();
            for &ai in aliases {
                let a = &self.dict.aliases[ai];
                if seen.contains(&a.entity) {
                    continue;
                }
                // Most triggers need no co-term: look at the sentence only when one does.
                let holds = match automata.coterms.rule(ai) {
                    None => true,
                    Some(rule) => rule.holds(present.entry(si).or_insert_with(|| {
                        automata.coterms.present(&lower[sents[si].0..sents[si].1])
                    })),
                };
                if holds {
                    seen.push(a.entity);
                    out.push(Mention {
                        start: s,
                        field: Field::Text,
                        end: e,
                        sentence: si,
                        kind: Kind::Theme,
                        ent: Ent::Dict(a.entity),
                        form: None,
                        method: if self.dict.entities[a.entity].user {
                            "user"
                        } else {
                            "dictionary"
                        },
                    });
                }
            }
            // A theme and its descendant at one span ("inflation" as inflation and as consumer
            // prices): the descendant alone, which the roll-up counts for the ancestor once.
            if seen.len() > 1 {
                let span = out.split_off(first);
                out.extend(span.into_iter().filter(|m| {
                    !matches!(m.ent, Ent::Dict(t)
                        if seen.iter().any(|&d| self.dict.is_theme_ancestor(t, d)))
                }));
            }
        }
    }

    /// The `mentions` rows of one document.
    fn append(
        &self,
        b: &mut Builders,
        doc_id: &str,
        title: &str,
        text: &str,
        mentions: &[Mention],
    ) -> Result<()> {
        let (mut title_chars, mut chars) = (CharOffsets::new(title), CharOffsets::new(text));
        for m in mentions {
            let (src, chars) = match m.field {
                Field::Title => (title, &mut title_chars),
                Field::Text => (text, &mut chars),
            };
            b.doc_id.append_value(doc_id);
            b.field.append_value(m.field.as_str());
            match m.field {
                Field::Title => b.sentence_id.append_null(),
                Field::Text => b
                    .sentence_id
                    .append_value(to_u32(m.sentence, "sentence id")?),
            }
            b.start.append_value(to_u32(m.start, "mention")?);
            b.end.append_value(to_u32(m.end, "mention")?);
            b.char_start
                .append_value(to_u32(chars.at(m.start), "mention")?);
            b.char_end.append_value(to_u32(chars.at(m.end), "mention")?);
            b.surface.append_value(&src[m.start..m.end]);
            b.kind.append_value(m.kind.as_str());
            b.entity_name.append_value(self.ent_name(&m.ent));
            match &m.ent {
                Ent::Dict(i) => {
                    let e = &self.dict.entities[*i];
                    b.entity_id.append_value(&e.id);
                    b.entity_type.append_option(e.entity_type.as_deref());
                    b.country.append_option(e.country.as_deref());
                    b.iso3.append_option(e.iso3.as_deref());
                    b.fips.append_option(e.fips.as_deref());
                    b.qcode.append_option(e.qcode.as_deref());
                    b.parent_id.append_option(e.parent_id.as_deref());
                }
                Ent::New(name) => {
                    b.entity_id.append_value(orgs::new_id(name));
                    for c in [
                        &mut b.entity_type,
                        &mut b.country,
                        &mut b.iso3,
                        &mut b.fips,
                        &mut b.qcode,
                        &mut b.parent_id,
                    ] {
                        c.append_null();
                    }
                }
            }
            b.method.append_value(m.method);
            b.form.append_option(m.form);
        }
        Ok(())
    }
}

/// `text` with `\n`, `\r` and `\t` replaced by spaces (each is one byte, so offsets hold).
fn flatten_whitespace(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.bytes().any(|b| matches!(b, b'\n' | b'\r' | b'\t')) {
        return std::borrow::Cow::Borrowed(text);
    }
    let bytes: Vec<u8> = text
        .bytes()
        .map(|b| {
            if matches!(b, b'\n' | b'\r' | b'\t') {
                b' '
            } else {
                b
            }
        })
        .collect();
    // Only ASCII bytes were replaced by ASCII bytes, so the text is still UTF-8.
    std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string()))
}

/// Whether a one-word theme trigger at `text[start..end]` is a word of a company's name: written
/// capitalized and followed by a company suffix or a stock ticker, directly or after at most
/// [`COMPANY_NAME_WORDS_AFTER`] more capitalized words ("Armstrong Rubber Co", "Husky Oil Ltd",
/// "Aluminum Co of America", "Silver State Mining Corp", "Silver State Mining <SSMC>", "Silver
/// State Mining (NASDAQ: SSMC)" name companies, not rubber, crude oil, aluminium or silver). In a
/// headline in capitals the name opens the headline, is in capitals too and ends in a legal suffix
/// or a ticker ("SILVER STATE MINING CORP", "SILVER STATE MINING <SSMC>"; not "SILVER PRICES
/// RISE", nor "ACQUIRE" in "PEPSICO TO ACQUIRE CALNY INC"). A
/// trigger inside angle brackets, the newswire's mark of a company's name ("<Royal Gold and Silver
/// Corp>"), is one too.
fn in_company_name(text: &str, sentence_start: usize, start: usize, end: usize) -> bool {
    // The legal suffixes, which also end a name in a headline in capitals...
    const LEGAL: &[&str] = &[
        "Co",
        "Corp",
        "Corporation",
        "Inc",
        "Ltd",
        "Plc",
        "Cos",
        "Holdings",
        "AG",
        "SA",
        "NV",
    ];
    // ... and words that end a name only as written in a text: in a headline "STEEL GROUP",
    // "STEEL INDUSTRIES" may be the industry.
    const OTHERS: &[&str] = &["PLC", "Company", "Companies", "Group", "Industries"];
    let word = &text[start..end];
    if !word.chars().all(matcher::is_word_char)
        || !word.chars().next().is_some_and(char::is_uppercase)
    {
        return false;
    }
    if in_angle_brackets(text, start, end) {
        return true;
    }
    // A word in capitals is a name's only at the start of its heading: elsewhere it may be a
    // verb or noun before a company's name ("PEPSICO TO ACQUIRE CALNY INC").
    let caps = word.len() > 1 && !word.chars().any(char::is_lowercase);
    if caps && !text[sentence_start..start].trim().is_empty() {
        return false;
    }
    let mut rest = &text[end..];
    for words_between in 0..=COMPANY_NAME_WORDS_AFTER {
        let Some(r) = rest.strip_prefix(' ') else {
            return false;
        };
        if starts_with_ticker(r) {
            return true;
        }
        let next = r
            .split(|c: char| !matcher::is_word_char(c))
            .next()
            .unwrap_or("");
        let suffix = if caps {
            LEGAL.iter().any(|l| l.eq_ignore_ascii_case(next))
        } else {
            LEGAL.contains(&next) || OTHERS.contains(&next)
        };
        if suffix {
            return true;
        }
        // Another word of the name, not the last try: capitalized, not in capitals (a heading);
        // in a heading in capitals, in capitals.
        let first_upper = next.chars().next().is_some_and(char::is_uppercase);
        let name_word = if caps {
            first_upper && !next.chars().any(char::is_lowercase)
        } else {
            first_upper && next.chars().skip(1).any(char::is_lowercase)
        };
        if !name_word || words_between == COMPANY_NAME_WORDS_AFTER {
            return false;
        }
        rest = &r[next.len()..];
    }
    false
}

/// How many capitalized words may stand between a theme trigger and the company suffix that makes
/// it part of a company's name ("Silver State Mining Corp", "Silver King Broadcasting Co").
const COMPANY_NAME_WORDS_AFTER: usize = 2;

/// How far (bytes) a company's name in angle brackets may reach on either side of a trigger.
const BRACKETED_NAME_REACH: usize = 80;

/// Whether `text[start..end]` lies inside a company's name in angle brackets ("<Royal Gold and
/// Silver Corp>", "<ROYAL GOLD AND SILVER CORP>"): a `<` before it followed by a capital letter,
/// and a `>` after it, with no other bracket between, within [`BRACKETED_NAME_REACH`] bytes.
fn in_angle_brackets(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    let lo = start.saturating_sub(BRACKETED_NAME_REACH);
    let Some(open) = b[lo..start]
        .iter()
        .rposition(|&c| c == b'<' || c == b'>')
        .map(|i| lo + i)
        .filter(|&i| b[i] == b'<')
    else {
        return false;
    };
    if !b.get(open + 1).is_some_and(u8::is_ascii_uppercase) {
        return false;
    }
    let hi = (end + BRACKETED_NAME_REACH).min(b.len());
    b[end..hi]
        .iter()
        .find(|&&c| c == b'<' || c == b'>')
        .is_some_and(|&c| c == b'>')
}

/// Stock exchanges named before a ticker in parentheses ("(NYSE: X)").
const EXCHANGES: &[&str] = &[
    "NYSE", "NASDAQ", "Nasdaq", "AMEX", "TSX", "TSE", "LSE", "ASX", "OTC",
];

/// Whether `s` begins with a stock ticker: `<SSMC>`, `<BP.L>` (the newswire's form), or an
/// exchange and a ticker in parentheses, `(NASDAQ: SSMC)`. A bare `(ABC)` is not one: it is as
/// often an acronym ("International Tin Agreement (ITA)").
fn starts_with_ticker(s: &str) -> bool {
    let symbol = |t: &str| {
        !t.is_empty()
            && t.len() <= 12
            && t.bytes().any(|c| c.is_ascii_uppercase())
            && t.bytes()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'.' || c == b'-')
    };
    if let Some(r) = s.strip_prefix('<') {
        return r
            .bytes()
            .take(13)
            .position(|c| c == b'>')
            .is_some_and(|i| symbol(&r[..i]));
    }
    if let Some(r) = s.strip_prefix('(') {
        let Some(close) = r.bytes().take(24).position(|c| c == b')') else {
            return false;
        };
        let Some((exchange, ticker)) = r[..close].split_once(':') else {
            return false;
        };
        return EXCHANGES.contains(&exchange.trim()) && symbol(ticker.trim());
    }
    false
}

/// Extends an organization mention over a legal suffix, within its sentence.
fn extend_within(text: &str, end: usize, sentence_end: usize) -> usize {
    let e = orgs::extend_suffix(text, end);
    if e <= sentence_end {
        e
    } else {
        end
    }
}

/// Countries the document names unambiguously: `(sentence, entity index)`.
struct Evidence {
    sentence: HashSet<(usize, usize)>,
}

fn raw_evidence(out: &[Mention], ambiguous: &[(usize, usize)]) -> Evidence {
    let amb: HashSet<usize> = ambiguous.iter().map(|a| a.0).collect();
    let mut ev = Evidence {
        sentence: HashSet::new(),
    };
    for (i, m) in out.iter().enumerate() {
        if m.kind == Kind::Country && !amb.contains(&i) {
            if let Ent::Dict(e) = m.ent {
                ev.sentence.insert((m.sentence, e));
            }
        }
    }
    ev
}

struct Builders {
    doc_id: StringBuilder,
    field: StringBuilder,
    sentence_id: UInt32Builder,
    start: UInt32Builder,
    end: UInt32Builder,
    char_start: UInt32Builder,
    char_end: UInt32Builder,
    surface: StringBuilder,
    kind: StringBuilder,
    entity_id: StringBuilder,
    entity_name: StringBuilder,
    method: StringBuilder,
    form: StringBuilder,
    entity_type: StringBuilder,
    country: StringBuilder,
    iso3: StringBuilder,
    fips: StringBuilder,
    qcode: StringBuilder,
    parent_id: StringBuilder,
}

impl Builders {
    fn new() -> Self {
        Builders {
            doc_id: StringBuilder::new(),
            field: StringBuilder::new(),
            sentence_id: UInt32Builder::new(),
            start: UInt32Builder::new(),
            end: UInt32Builder::new(),
            char_start: UInt32Builder::new(),
            char_end: UInt32Builder::new(),
            surface: StringBuilder::new(),
            kind: StringBuilder::new(),
            entity_id: StringBuilder::new(),
            entity_name: StringBuilder::new(),
            method: StringBuilder::new(),
            form: StringBuilder::new(),
            entity_type: StringBuilder::new(),
            country: StringBuilder::new(),
            iso3: StringBuilder::new(),
            fips: StringBuilder::new(),
            qcode: StringBuilder::new(),
            parent_id: StringBuilder::new(),
        }
    }

    fn finish(mut self) -> Result<RecordBatch> {
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.doc_id.finish()),
            Arc::new(self.field.finish()),
            Arc::new(self.sentence_id.finish()),
            Arc::new(self.start.finish()),
            Arc::new(self.end.finish()),
            Arc::new(self.char_start.finish()),
            Arc::new(self.char_end.finish()),
            Arc::new(self.surface.finish()),
            Arc::new(self.kind.finish()),
            Arc::new(self.entity_id.finish()),
            Arc::new(self.entity_name.finish()),
            Arc::new(self.method.finish()),
            Arc::new(self.form.finish()),
            Arc::new(self.entity_type.finish()),
            Arc::new(self.country.finish()),
            Arc::new(self.iso3.finish()),
            Arc::new(self.fips.finish()),
            Arc::new(self.qcode.finish()),
            Arc::new(self.parent_id.finish()),
        ];
        Ok(RecordBatch::try_new(MENTIONS.schema(), columns)?)
    }
}

static INPUTS: [&Table; 2] = [&DOCUMENTS, &SENTENCES];

impl Stage for Tagger {
    fn name(&self) -> &'static str {
        "tag"
    }

    fn inputs(&self) -> &'static [&'static Table] {
        &INPUTS
    }

    fn output(&self) -> &'static Table {
        &MENTIONS
    }

    fn process(&self, inputs: &[&RecordBatch]) -> Result<RecordBatch> {
        self.ready()?;
        let [docs, sents] = inputs else {
            return Err(Error::Internal(
                "tag: expected documents and sentences batches".into(),
            ));
        };
        let (ids, texts) = (str_col(docs, "doc_id")?, str_col(docs, "text")?);
        let titles = str_col(docs, "title")?;
        let dates = docs.column_by_name("published_at").and_then(|c| {
            c.as_any()
                .downcast_ref::<arrow::array::TimestampMicrosecondArray>()
        });
        let (sids, starts, ends) = (
            str_col(sents, "doc_id")?,
            u32_col(sents, "start")?,
            u32_col(sents, "end")?,
        );
        let mut b = Builders::new();
        let mut row = 0;
        let mut spans = Vec::new();
        for d in 0..docs.num_rows() {
            let (id, text) = (ids.value(d), texts.value(d));
            spans.clear();
            while row < sents.num_rows() && sids.value(row) == id {
                let (s, e) = (starts.value(row) as usize, ends.value(row) as usize);
                if s > e || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e)
                {
                    return Err(Error::Schema {
                        context: format!("sentences of document `{id}`"),
                        expected: "offsets inside the document text".into(),
                        found: format!("{s}..{e} in a text of {} bytes", text.len()),
                    });
                }
                spans.push((s, e));
                row += 1;
            }
            let date = dates.and_then(|a| a.is_valid(d).then(|| a.value(d)));
            let title = titles.is_valid(d).then(|| titles.value(d));
            let mentions = self.tag_titled(title, text, &spans, date);
            self.append(&mut b, id, title.unwrap_or_default(), text, &mentions)?;
        }
        if row != sents.num_rows() {
            return Err(Error::Schema {
                context: "tag input".into(),
                expected: "sentences in the order of their documents".into(),
                found: format!(
                    "sentence row {row} (document `{}`) does not follow its document",
                    sids.value(row)
                ),
            });
        }
        b.finish()
    }
}

#[cfg(test)]
mod tests;
