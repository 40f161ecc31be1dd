//! The tag stage: `documents` + `sentences` → `mentions` of organizations, countries and themes.
//!
//! Dictionaries are embedded from `data/` ([`builtin`]) and extended by the user's files. One
//! case-sensitive automaton finds organizations and countries (each alias as written, and in ALL
//! CAPS unless marked `exact`); one case-insensitive automaton finds theme triggers. Matches count
//! only on word boundaries, longest first. Then come the guards and the document-level steps:
//! ambiguous places resolved by context, acronyms linked to their long forms, and organizations
//! no dictionary knows found by patterns.
//!
//! Modules by concern: [`TagConfig`] (`config.rs`); the document loop and the stage (this file,
//! the crate root `src/tagger.rs`): the [`Tagger`], one pass of the automata over a document,
//! the steps in order, ambiguous places, [`HISTORY`] and the `mentions` rows; countries and
//! their guards (`countries.rs`: false friends, datelines); organizations beyond the dictionary
//! (`organizations.rs`, with the patterns of [`orgs`]); themes (`themes.rs`, with the co-terms of
//! [`coterms`]); the dictionaries ([`dict`], [`builtin`]) and the automata ([`matcher`]); a
//! mention's [`Form`] and [`Method`] (`form.rs`). Word lists are files of `data/tag/`.

pub mod boiler;
pub mod builtin;
pub mod coterms;
pub mod dict;
mod form;
pub mod matcher;
pub mod ner;
pub use newsmill_core::normalize;
pub mod orgs;
mod spans;

mod config;
mod countries;
mod organizations;
mod rows;
mod themes;

pub use config::TagConfig;
pub use dict::{Dictionary, Kind};
pub use form::{Form, Method};
pub use rows::{MentionChunks, MentionRows};

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use arrow::array::{Array, ArrayRef, Int64Builder, StringBuilder};
use arrow::record_batch::RecordBatch;
use newsmill_core::tables::{DOCUMENTS, MENTIONS, SENTENCES};
use newsmill_core::util::{to_i64, CharOffsets};
use newsmill_core::{Error, Result, Stage, Table};

use matcher::{Matcher, Target};

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
    pub form: Option<Form>,
    pub method: Method,
}

/// The tag stage, built from a [`TagConfig`].
#[derive(Debug, Clone)]
pub struct Tagger {
    pub(crate) dict: Arc<Dictionary>,
    /// The automata, built on a thread of their own: [`Tagger::new`] returns without waiting for
    /// them (the caller meanwhile reads its input), the first document does.
    pub(crate) automata: Arc<OnceLock<std::result::Result<Automata, String>>>,
    /// Subdivisions by their letters in capitals ("ILL", "PENN", "WVA", "ONTARIO"), for the
    /// region of a dateline; `None` when the letters name subdivisions of two countries.
    pub(crate) dateline_regions: HashMap<String, Option<usize>>,
    pub(crate) kinds: Vec<Kind>,
    pub(crate) config: TagConfig,
    /// The recognizer's model when not the built-in one (see [`Tagger::with_ner_model`]).
    pub(crate) ner_model: Option<Arc<ner::Model>>,
}

/// What the stage matches with.
#[derive(Debug)]
pub(crate) struct Automata {
    pub(crate) matcher: Matcher,
    /// The co-terms of the theme rules.
    pub(crate) coterms: coterms::CoTermIndex,
    /// Countries only, to look inside organization names (when configured).
    pub(crate) inner_countries: Option<Matcher>,
    /// Theme triggers that are organizations' names too (see `themes::name_triggers`).
    pub(crate) name_triggers: rustc_hash::FxHashSet<String>,
    /// Football clubs by their names without "FC" (see `ner::clubs`).
    pub(crate) club_names: rustc_hash::FxHashMap<String, usize>,
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
            name_triggers: themes::name_triggers(dict),
            club_names: crate::ner::clubs::club_names(dict),
        })
    }
}

/// The letters and digits of `s` in capitals: the key of [`Tagger::dateline_regions`].
pub(crate) fn region_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

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

pub(crate) fn prev_word(text: &str, start: usize) -> Option<&str> {
    let before = text[..start].strip_suffix(' ')?;
    // The word starts after the last character that is not part of one (of any width: "£1.5bn").
    let ws = before
        .char_indices()
        .rfind(|&(_, c)| !c.is_alphanumeric() && c != '.' && c != '\'')
        .map_or(0, |(i, c)| i + c.len_utf8());
    let w = &before[ws..];
    (!w.is_empty()).then_some(w)
}

pub(crate) fn next_word(text: &str, end: usize) -> Option<&str> {
    let after = text[end..].strip_prefix(' ')?;
    let we = after
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(after.len());
    let w = &after[..we];
    (!w.is_empty()).then_some(w)
}

pub(crate) fn is_capitalized(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next().is_some_and(char::is_uppercase) && cs.clone().next().is_some_and(char::is_lowercase)
}

/// The words of a list file of `data/tag/`: one a line; blank lines and `#` comments skipped.
pub(crate) fn word_list(text: &'static str) -> Vec<&'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// Letters a text needs before [`mostly_upper`] calls it upper case (shorter ones are often
/// acronyms in a normal sentence); set by hand on headlines and datelines, not tuned.
const MOSTLY_UPPER_MIN_LETTERS: usize = 8;
/// Percent of a text's letters in upper case for [`mostly_upper`] (a headline in capitals keeps
/// some lower-case words, units and tickers); set by hand, not tuned.
const MOSTLY_UPPER_PERCENT: usize = 80;
/// Longest name (in characters; in bytes for organizations) whose upper-case variant counts
/// only in upper-case context ("US", "UK", "ITA"): the length of the acronyms that are also
/// words; set by hand.
pub(crate) const SHORT_UPPER_NAME: usize = 4;
/// Whether most letters of `s` are upper case (a headline or dateline in capitals).
pub(crate) fn mostly_upper(s: &str) -> bool {
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
    letters >= MOSTLY_UPPER_MIN_LETTERS && up * 100 >= letters * MOSTLY_UPPER_PERCENT
}

/// The dictionary of a config: the built-in one, then `theme_files` and the user's
/// `dictionaries`.
fn dictionary_of(config: &TagConfig, problems: &mut Vec<String>) -> Dictionary {
    let mut dict = builtin::dictionary(config.city_min_population, problems);
    for f in &config.theme_files {
        match std::fs::read_to_string(f) {
            Ok(t) => dict.load_themes(&f.display().to_string(), &t, true, problems),
            Err(e) => problems.push(format!("tag.theme_files: {}: {e}", f.display())),
        }
    }
    for f in &config.dictionaries {
        dict.load_user_file(f, problems);
    }
    dict
}

/// The dictionary a [`Tagger`] of `config` uses (built-in and the config's files), without
/// building a tagger: for those who need its entities or its theme tree only.
pub fn load_dictionary(config: &TagConfig) -> Result<Dictionary> {
    let mut problems = Vec::new();
    let dict = dictionary_of(config, &mut problems);
    if problems.is_empty() {
        Ok(dict)
    } else {
        Err(Error::Config(
            problems.into_iter().map(|p| format!("tag: {p}")).collect(),
        ))
    }
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
                    "tag.kinds: unknown kind `{k}` (organization, country, theme, person)"
                )),
            }
        }
        let dict = dictionary_of(config, &mut problems);
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
                a.form != Form::Subdivision && dict.entities[a.entity].kind == Some(Kind::Country)
            })
            .map(|a| region_key(&a.text))
            .collect();
        let mut dateline_regions: HashMap<String, Option<usize>> = HashMap::new();
        for a in dict
            .aliases
            .iter()
            .filter(|a| a.form == Form::Subdivision && a.alternatives.is_empty())
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
            ner_model: None,
        })
    }

    /// This tagger with `model` as the recognizer's model instead of the built-in one (to tag
    /// training documents with a model trained without them: `train_org_filter`).
    pub fn with_ner_model(mut self, model: ner::Model) -> Tagger {
        self.ner_model = Some(Arc::new(model));
        self
    }

    /// The dictionary in use.
    pub fn dictionary(&self) -> &Dictionary {
        &self.dict
    }

    /// Waits for the automata; the error of their build, if it failed.
    pub fn ready(&self) -> Result<()> {
        self.automata().map(|_| ())
    }

    /// The automata, once built (waits for them); the error of their build, if it failed.
    pub(crate) fn automata(&self) -> Result<&Automata> {
        self.automata
            .wait()
            .as_ref()
            .map_err(|e| Error::Config(vec![format!("tag: {e}")]))
    }

    /// Tags one document whose sentences are `sents` (byte spans, in order). Waits for the
    /// automata; fails if their build failed.
    pub fn tag_document(&self, text: &str, sents: &[(usize, usize)]) -> Result<Vec<Mention>> {
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
    ) -> Result<Vec<Mention>> {
        let mut out = self.tag_document_now(text.into(), sents, 0, &mut Vec::new())?;
        self.as_of(&mut out, published_at);
        Ok(out)
    }

    /// Tags one document and gives, beside its mentions, every name the recognizer found in
    /// it (organizations, persons and locations, whether or not they became mentions).
    pub fn tag_document_names(
        &self,
        text: &str,
        sents: &[(usize, usize)],
    ) -> Result<(Vec<Mention>, Vec<ner::Span>)> {
        let mut names = Vec::new();
        let out = self.tag_document_now(text.into(), sents, 0, &mut names)?;
        Ok((out, names))
    }

    /// The part of a title that is tagged: the title without surrounding white space, unless it
    /// is empty or the text begins with it and goes on in the same line (a dateline given as the
    /// title). A text whose whole first line is the title (a `.txt` file's) has its title tagged
    /// as the title: its sentences begin after that line. The split stage writes the same span as
    /// the title's sentence (-1).
    pub fn title_span(title: &str, text: &str) -> Option<(usize, usize)> {
        newsmill_core::util::title_span(title, text)
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
    ) -> Result<Vec<Mention>> {
        let Some((ts, te)) = title.and_then(|t| Tagger::title_span(t, text)) else {
            return self.tag_document_at(text, sents, published_at);
        };
        let title = title.unwrap_or_default();
        // The title, spaces (more than a name's gap, `matcher::MAX_GAP`: no alias spans them)
        // and the text: one string whose first sentence is the title.
        const SEP: &str = "    ";
        const _: () = assert!(SEP.len() > crate::matcher::MAX_GAP);
        let body = title.len() + SEP.len();
        let mut joined = String::with_capacity(body + text.len());
        joined.push_str(title);
        joined.push_str(SEP);
        joined.push_str(text);
        let mut spans = Vec::with_capacity(sents.len() + 1);
        spans.push((ts, te));
        spans.extend(sents.iter().map(|&(a, b)| (a + body, b + body)));
        // Handed over: its white space is flattened in place, not in a copy.
        let mut out = self.tag_document_now(joined.into(), &spans, body, &mut Vec::new())?;
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
        Ok(out)
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
    fn tag_document_now(
        &self,
        text: std::borrow::Cow<'_, str>,
        sents: &[(usize, usize)],
        body: usize,
        names: &mut Vec<ner::Span>,
    ) -> Result<Vec<Mention>> {
        // Soft hyphens, decomposed accents, full-width letters...: read in a normalized copy,
        // the offsets mapped back to the text as given.
        let Some(norm) = normalize::Normalized::of(&text) else {
            return self.tag_as_read(text, sents, body, names);
        };
        let at = |i: usize| norm.to_norm(i);
        let spans: Vec<(usize, usize)> = sents.iter().map(|&(a, b)| (at(a), at(b))).collect();
        let first_name = names.len();
        let mut out = self.tag_as_read(norm.text.as_str().into(), &spans, at(body), names)?;
        // Back in the text as given, inside its sentence (a sentence may end between a letter and
        // its combining mark, which the copy reads as one character).
        for m in &mut out {
            let (a, b) = sents.get(m.sentence).copied().unwrap_or((0, text.len()));
            m.start = norm.start_of(m.start).max(a);
            m.end = norm.end_of(m.end).min(b);
        }
        out.retain(|m| m.start < m.end);
        for n in &mut names[first_name..] {
            (n.start, n.end) = (norm.start_of(n.start), norm.end_of(n.end));
        }
        Ok(out)
    }

    /// Tags a document as [`Tagger::tag_document_now`] reads it (normalized).
    fn tag_as_read(
        &self,
        text: std::borrow::Cow<'_, str>,
        sents: &[(usize, usize)],
        body: usize,
        names: &mut Vec<ner::Span>,
    ) -> Result<Vec<Mention>> {
        let sentence_of = |s: usize, e: usize| -> Option<usize> {
            let i = sents.partition_point(|&(a, _)| a <= s).checked_sub(1)?;
            (e <= sents[i].1).then_some(i)
        };
        let mut out: Vec<Mention> = Vec::new();
        // Hard-wrapped text breaks names across lines: match on a copy whose tabs and line ends
        // are spaces (byte for byte, so offsets are unchanged).
        // Bylines, author bios, "related" lines and lines of links (found on the lines of the
        // text as given) name no theme.
        let boiler = boiler::boilerplate_lines(&text);
        // The dateline, read on the text as given (its line ends too), as the splitter reads it.
        let dateline = countries::dateline_at(&text, sents, body);
        let flat = flatten_whitespace(text);
        let text: &str = &flat;
        // Which sentences are set in capitals (a headline, a dateline), once per sentence.
        let upper_sents: Vec<bool> = sents
            .iter()
            .map(|&(a, b)| mostly_upper(&text[a..b]))
            .collect();
        let mut raw = Vec::new();
        let automata = self.automata()?;
        let ends: Vec<usize> = sents.iter().map(|&(_, e)| e).collect();
        automata.matcher.entities_within(text, &ends, &mut raw);
        let mut taken = spans::Taken::default(); // spans of organizations and suppressions
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
                        method: Method::of_entity(ent.user),
                    });
                }
                Kind::Organization => {
                    if upper && e - s <= SHORT_UPPER_NAME && !upper_sents[si] {
                        continue;
                    }
                    let e2 = extend_within(text, e, sents[si].1);
                    if e2 > e && ent.entity_type.as_deref() == Some("sports") {
                        // A club's name with a legal form after it is a company's ("Astra
                        // Corporation"): sports clubs are not incorporated under their names.
                        continue;
                    }
                    taken.push((s, e2));
                    out.push(Mention {
                        start: s,
                        field: Field::Text,
                        end: e2,
                        sentence: si,
                        kind,
                        ent: Ent::Dict(alias.entity),
                        form: Some(alias.form),
                        method: Method::of_entity(ent.user),
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
                                    method: Method::Dictionary,
                                });
                            }
                        }
                    }
                }
                Kind::Theme | Kind::Person => {}
            }
        }
        if self.kinds.contains(&Kind::Country) {
            if let Some(m) = dateline.and_then(|d| self.dateline_city(text, sents, &d)) {
                if !out.iter().any(|o| o.start < m.end && m.start < o.end) {
                    out.push(m);
                }
            }
            if let Some((r, d)) =
                dateline.and_then(|d| Some((self.dateline_region(text, sents, &d)?, d)))
            {
                // The region says where the place is: "SAN MATEO, Calif." is not the city of
                // the Philippines, "CAMBRIDGE, Mass." not the English one.
                let place = d.place.0;
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
        if self.config.recognize_names {
            self.recognized_names(text, sents, &mut out, &mut taken, names);
        }
        if self.kinds.contains(&Kind::Organization) && self.config.discover_organizations {
            self.organizations_beyond_dictionary(text, sents, &upper_sents, &mut out, &mut taken);
        }
        if self.kinds.contains(&Kind::Organization) && self.config.recognize_names {
            self.drop_offices(text, &mut out);
            self.drop_other_kinds(text, &mut out);
            self.extend_over_places(text, &mut out);
            ner::bounds::without_final_stops(text, sents, &mut out);
            if self.config.filter_names {
                if let Some(w) = ner::filter::builtin() {
                    ner::filter::apply(self, w, text, sents, names, &mut out);
                }
            }
        }
        if self.config.recognize_names {
            ner::link::names_in_capitals(text, sents, &upper_sents, &mut out);
        }
        if self.kinds.contains(&Kind::Theme) {
            let before = out.len();
            // A dateline's head hides theme triggers ("PORTLAND, Ore."), a bare place before a
            // dash too little to tell it from a headline ("OIL PRICES RISE - Analysts ...").
            let head = dateline
                .filter(|d| d.region.or(d.date).or(d.agency).is_some())
                .map(|d| d.head());
            self.themes(automata, text, sents, head, names, &mut out);
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
        Ok(out)
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
    pub(crate) fn ent_name<'a>(&'a self, ent: &'a Ent) -> &'a str {
        match ent {
            Ent::Dict(i) => &self.dict.entities[*i].name,
            Ent::New(name) => name,
        }
    }

    /// The `mentions` rows of (some of) one document's mentions; `chars` count characters in
    /// its title and its text.
    fn append<'t>(
        &self,
        b: &mut Builders,
        doc_id: &str,
        (title_chars, chars): &mut (CharOffsets<'t>, CharOffsets<'t>),
        mentions: &[Mention],
    ) -> Result<()> {
        for m in mentions {
            let chars = match m.field {
                Field::Title => &mut *title_chars,
                Field::Text => &mut *chars,
            };
            let src = chars.text();
            b.doc_id.append_value(doc_id);
            b.field.append_value(m.field.as_str());
            // The title is sentence -1 (as in `sentences`).
            b.sentence_id.append_value(match m.field {
                Field::Title => -1,
                Field::Text => to_i64(m.sentence, "sentence id")?,
            });
            b.start.append_value(to_i64(m.start, "mention")?);
            b.end.append_value(to_i64(m.end, "mention")?);
            b.char_start
                .append_value(to_i64(chars.at(m.start), "mention")?);
            b.char_end.append_value(to_i64(chars.at(m.end), "mention")?);
            b.surface.append_value(&src[m.start..m.end]);
            b.kind.append_value(m.kind.as_str());
            b.entity_name
                .append_value(one_spaced(self.ent_name(&m.ent)));
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
            b.method.append_value(m.method.as_str());
            b.form.append_option(m.form.map(Form::as_str));
        }
        Ok(())
    }
}

/// A name found in the text, its white space one space between words: a name wrapped at a
/// CRLF line end or after a trailing space (two spaces in the tagger's text), or written with
/// no-break or thin spaces, is named as it is read.
fn one_spaced(name: &str) -> std::borrow::Cow<'_, str> {
    let mut prev_space = true;
    let plain = name.chars().all(|c| {
        let ok = c == ' ' && !prev_space || !c.is_whitespace();
        prev_space = c == ' ';
        ok
    }) && !prev_space;
    if plain {
        std::borrow::Cow::Borrowed(name)
    } else {
        std::borrow::Cow::Owned(name.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// `text` with `\n`, `\r` and `\t`, and the no-break, thin and other Unicode spaces and the
/// zero-width space ([`space_len`]), replaced by spaces, one per byte (so offsets hold): a
/// borrowed text is copied when it has any, an owned one is changed in place (no second copy of
/// a huge text). With runs of spaces matching one ([`crate::matcher`]), "United
/// Nations\u{a0}General Assembly" is the name it reads as.
fn flatten_whitespace(text: std::borrow::Cow<'_, str>) -> std::borrow::Cow<'_, str> {
    let b = text.as_bytes();
    if !(0..b.len()).any(|i| space_len(b, i) > 0) {
        return text;
    }
    let mut bytes = text.into_owned().into_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let n = space_len(&bytes, i);
        bytes[i..i + n].fill(b' ');
        i += n.max(1);
    }
    // Whole characters were replaced by ASCII spaces, so the text is still UTF-8.
    std::borrow::Cow::Owned(
        String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    )
}

/// The length in bytes of the white space [`flatten_whitespace`] makes spaces at byte `i` of
/// UTF-8 `b`, 0 when there is none: `\n`, `\r`, `\t`; U+00A0 (no-break space); U+2000 to U+200B
/// (en and em spaces, thin and hair spaces, the zero-width space), U+202F (narrow no-break
/// space). A byte that is no character's first is 0: a replacement never splits a character.
#[inline]
fn space_len(b: &[u8], i: usize) -> usize {
    match b[i] {
        b'\n' | b'\r' | b'\t' => 1,
        0xC2 if b.get(i + 1) == Some(&0xA0) => 2,
        0xE2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x80..=0x8B | 0xAF)) => {
            3
        }
        _ => 0,
    }
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
    sentence_id: Int64Builder,
    start: Int64Builder,
    end: Int64Builder,
    char_start: Int64Builder,
    char_end: Int64Builder,
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
            sentence_id: Int64Builder::new(),
            start: Int64Builder::new(),
            end: Int64Builder::new(),
            char_start: Int64Builder::new(),
            char_end: Int64Builder::new(),
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

    /// The `mentions` batch, its buffers cut to their length: a builder's buffers double as
    /// they grow, and a huge document's mentions would keep up to as much again unused.
    fn finish(mut self) -> Result<RecordBatch> {
        let columns: Vec<ArrayRef> = vec![
            fitted(self.doc_id.finish()),
            fitted(self.field.finish()),
            fitted(self.sentence_id.finish()),
            fitted(self.start.finish()),
            fitted(self.end.finish()),
            fitted(self.char_start.finish()),
            fitted(self.char_end.finish()),
            fitted(self.surface.finish()),
            fitted(self.kind.finish()),
            fitted(self.entity_id.finish()),
            fitted(self.entity_name.finish()),
            fitted(self.method.finish()),
            fitted(self.form.finish()),
            fitted(self.entity_type.finish()),
            fitted(self.country.finish()),
            fitted(self.iso3.finish()),
            fitted(self.fips.finish()),
            fitted(self.qcode.finish()),
            fitted(self.parent_id.finish()),
        ];
        Ok(RecordBatch::try_new(MENTIONS.schema(), columns)?)
    }
}

/// `a` as a column, its buffers shrunk to their length (in place: the unused end is given back).
fn fitted<A: Array + 'static>(mut a: A) -> ArrayRef {
    a.shrink_to_fit();
    Arc::new(a)
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
        let [docs, sents] = inputs else {
            return Err(Error::Internal(
                "tag: expected documents and sentences batches".into(),
            ));
        };
        self.tag_rows(docs, sents)?.batch(self)
    }
}

#[cfg(test)]
mod fitted_tests;
#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tree_tests;

#[cfg(test)]
mod flatten_tests {
    use std::borrow::Cow;

    use super::flatten_whitespace;

    /// Regression: a name wrapped at a CRLF line end was named with two spaces ("Center for
    /// Research Security and  Integrity"), one with a no-break space with it.
    #[test]
    fn names_are_one_spaced() {
        // (name, as named)
        for (name, want) in [
            ("Acme Widgets", "Acme Widgets"),
            (
                "Center for Research and  Integrity",
                "Center for Research and Integrity",
            ),
            ("Northern Bridges\u{a0}Project", "Northern Bridges Project"),
            ("Kestrel\u{2009}\u{202f}Systems ", "Kestrel Systems"),
            (" Acme", "Acme"),
            ("Zürich Re", "Zürich Re"),
            ("", ""),
        ] {
            assert_eq!(super::one_spaced(name), want, "{name:?}");
        }
        assert!(matches!(
            super::one_spaced("Acme Widgets"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn flattening_a_huge_owned_text_makes_no_copy() {
        // (text, flattened)
        let cases: &[(&str, &str)] = &[
            ("no breaks", "no breaks"),
            ("a\nb\r\nc\td", "a b  c d"),
            ("£1\n€2\t¥3 ₹4\r", "£1 €2 ¥3 ₹4 "),
            ("", ""),
            // Regression: a name with a no-break or thin space was no dictionary match.
            (
                "United Nations\u{a0}General\u{2009}Assembly",
                "United Nations  General   Assembly",
            ),
            ("a\u{202f}b\u{200b} c\u{2007}d", "a   b    c   d"),
            // Not spaces: a soft hyphen, a joiner, a line separator, curly quotes, ideographs.
            (
                "a\u{ad}b\u{200d}c\u{2028}“d” 東",
                "a\u{ad}b\u{200d}c\u{2028}“d” 東",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(flatten_whitespace(Cow::Borrowed(text)), *want);
            let owned = text.to_string();
            let at = owned.as_ptr();
            let flat = flatten_whitespace(Cow::Owned(owned));
            assert_eq!(flat, *want);
            // The owned text was changed where it is, not copied.
            assert!(matches!(flat, Cow::Owned(_)));
            assert_eq!(flat.as_ptr(), at, "{text:?}");
        }
        // A borrowed text without breaks stays borrowed.
        assert!(matches!(
            flatten_whitespace(Cow::Borrowed("x y")),
            Cow::Borrowed(_)
        ));
    }
}
