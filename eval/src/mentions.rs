//! `newsmill eval mentions`: the GUM Wikinews interviews (gold mentions located in the texts),
//! countries of gold places, and span-overlap scores of organization and place mentions.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use anyhow::{bail, Result};
use newsmill_tag::{Form, Kind, Mention, Tagger};
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::Value;

use newsmill_engine::config::Config;
use newsmill_engine::runner::Workers;

use crate::score::*;
use crate::*;
// ---------------------------------------------------------------------------------------------
// GUM Wikinews interviews: mention level

/// One gold entity mention (`gum_wikinews_interviews_entities.jsonl`).
#[derive(Debug, Clone, Deserialize)]
pub struct GoldEntity {
    pub doc_id: String,
    pub sent_id: String,
    pub etype: String,
    #[serde(default)]
    pub identity: Option<String>,
    pub text: String,
}

/// One document of a `*.sentences.jsonl` file.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldText {
    pub doc_id: String,
    pub text: String,
    pub sentences: Vec<GoldSentence>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldSentence {
    pub id: String,
    /// Code point offsets into the document text.
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub text: Option<String>,
}

/// Every occurrence (code point spans) of a tokenized mention in a sentence: the tokens in order,
/// with any whitespace (or none: "Obama ’s" is "Obama’s" in the text) between them. Occurrences
/// on word boundaries come first; others only if there are none on boundaries.
pub fn occurrences(sentence: &[char], mention: &str) -> Vec<(usize, usize)> {
    let needle: Vec<char> = mention.chars().filter(|c| !c.is_whitespace()).collect();
    if needle.is_empty() {
        return Vec::new();
    }
    // The sentence without whitespace, with each char's position in the sentence.
    let (hay, pos): (Vec<char>, Vec<usize>) = sentence
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(i, c)| (*c, i))
        .unzip();
    let mut on_boundary = Vec::new();
    let mut inside = Vec::new();
    if hay.len() >= needle.len() {
        for i in 0..=hay.len() - needle.len() {
            if hay[i..i + needle.len()] == needle[..] {
                let (s, e) = (pos[i], pos[i + needle.len() - 1] + 1);
                let word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric());
                let glued_before = word(needle.first()) && s > 0 && word(sentence.get(s - 1));
                let glued_after = word(needle.last()) && word(sentence.get(e));
                let bounded = !glued_before && !glued_after;
                if bounded {
                    on_boundary.push((s, e));
                } else {
                    inside.push((s, e));
                }
            }
        }
    }
    if on_boundary.is_empty() {
        inside
    } else {
        on_boundary
    }
}

/// A gold mention located in its document (code point offsets).
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    /// Index into the entities file (0-based line among non-empty lines).
    pub index: usize,
    pub doc: String,
    pub start: usize,
    pub end: usize,
    /// More gold mentions with this text in this sentence than occurrences: placed on the last.
    pub ambiguous: bool,
    /// It starts its sentence.
    pub sentence_initial: bool,
}

/// How locating went.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LocateStats {
    pub located: u64,
    pub ambiguous: u64,
    /// The document or sentence id is not in the texts file.
    pub no_sentence: u64,
    /// The mention text is not in its sentence.
    pub not_found: u64,
    /// Sentences whose `text` differs from the document text at their offsets.
    pub sentence_mismatch: u64,
}

/// A document's characters and its sentences' character spans by sentence id.
pub type TextIndex = (Vec<char>, HashMap<String, (usize, usize)>);

/// Locates gold mentions: the sentence by its id, then the mention text inside it; the k-th gold
/// mention with the same text in a sentence (in file order) takes the k-th occurrence.
pub fn locate(
    entities: &[GoldEntity],
    texts: &HashMap<String, TextIndex>,
    stats: &mut LocateStats,
) -> Vec<Option<Located>> {
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    entities
        .iter()
        .enumerate()
        .map(|(index, e)| {
            let Some((chars, sents)) = texts.get(&e.doc_id) else {
                stats.no_sentence += 1;
                return None;
            };
            let Some(&(ss, se)) = sents.get(&e.sent_id) else {
                stats.no_sentence += 1;
                return None;
            };
            let occ = occurrences(&chars[ss..se], &e.text);
            let k = seen.entry((e.sent_id.clone(), e.text.clone())).or_insert(0);
            let nth = *k;
            *k += 1;
            let Some(&(s, t)) = occ.get(nth).or(occ.last()) else {
                stats.not_found += 1;
                return None;
            };
            let ambiguous = nth >= occ.len();
            stats.located += 1;
            stats.ambiguous += ambiguous as u64;
            Some(Located {
                index,
                doc: e.doc_id.clone(),
                start: ss + s,
                end: ss + t,
                ambiguous,
                sentence_initial: s == 0,
            })
        })
        .collect()
}

/// Words that do not make a mention a name: determiners and pronouns ("the", "it", "We").
pub(crate) const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "any", "some", "each", "every", "it",
    "its", "they", "them", "their", "we", "us", "our", "i", "me", "my", "you", "your", "he", "him",
    "his", "she", "her", "one", "there", "here",
];

/// Whether a gold mention is a name: its first word after leading determiners and pronouns is
/// capitalized ("the University of Helsinki", "NATO", "the US"; not "it", "We", "the factory",
/// "a defensive alliance against Soviet aggression"). A capitalized first word at the start of a
/// sentence, with no other capitalized word, is only a name if it is in capitals or the mention
/// has an identity ("Wikinews talks ...", not "Armies were ..." or "Other countries ...").
pub fn is_named(text: &str, sentence_initial: bool, has_identity: bool) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let all_caps = |w: &str| w.chars().count() > 1 && w.chars().all(|c| !c.is_lowercase());
    let function_word =
        |w: &str| FUNCTION_WORDS.contains(&w.to_lowercase().as_str()) && !all_caps(w);
    let capitalized = |w: &str| w.chars().next().is_some_and(|c| c.is_uppercase());
    let Some(first) = words.iter().position(|w| !function_word(w)) else {
        return false;
    };
    if !capitalized(words[first]) {
        return false;
    }
    let others = words[first + 1..].iter().any(|w| capitalized(w));
    if first == 0 && sentence_initial && !has_identity && !others {
        return all_caps(words[0]);
    }
    true
}

/// Decodes a Wikipedia title: `%XX` escapes, underscores as spaces.
pub fn decode_title(t: &str) -> String {
    let b = t.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(if b[i] == b'_' { b' ' } else { b[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// How a gold place reaches a country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceCountry {
    pub country: String,
    /// The form of the dictionary entry that matched (`name`, `capital`, `subdivision`, `city`...).
    pub form: Form,
    /// Whether the tagger, as configured, knows this name (a city below `city_min_population`
    /// is not in scope).
    pub in_scope: bool,
    /// `identity` (the Wikipedia title) or `text` (the mention text).
    pub route: &'static str,
    /// The name looked up.
    pub key: String,
}

/// Names → (country id, form, in scope), from our dictionaries.
#[derive(Debug, Default)]
pub struct PlaceIndex {
    names: HashMap<String, (String, Form, bool)>,
}

pub(crate) fn form_rank(form: Form) -> u8 {
    match form {
        Form::Name => 0,
        Form::Abbreviation => 1,
        Form::Capital => 2,
        Form::Subdivision => 3,
        Form::City => 4,
        _ => 5,
    }
}

impl PlaceIndex {
    /// From the tagger as configured (`scoped`) and one with every city (`full`).
    pub fn new(scoped: &Tagger, full: &Tagger) -> PlaceIndex {
        let scope: HashSet<(String, String)> = aliases(scoped).map(|(t, c, _)| (t, c)).collect();
        let mut names: HashMap<String, (String, Form, bool)> = HashMap::new();
        for (text, country, form) in aliases(full) {
            let in_scope = scope.contains(&(text.clone(), country.clone()));
            let better = names
                .get(&text)
                .is_none_or(|old| form_rank(form) < form_rank(old.1));
            if better {
                names.insert(text, (country, form, in_scope));
            }
        }
        PlaceIndex { names }
    }

    pub(crate) fn get(&self, key: &str, route: &'static str) -> Option<PlaceCountry> {
        let (country, form, in_scope) = self.names.get(key)?;
        Some(PlaceCountry {
            country: country.clone(),
            form: *form,
            in_scope: *in_scope,
            route,
            key: key.to_string(),
        })
    }

    /// A Wikipedia title: as it is, without a trailing "(...)", or "Place, Region" by the region
    /// (then the place).
    pub fn by_title(&self, title: &str) -> Option<PlaceCountry> {
        let t = decode_title(title);
        let t = t.trim();
        if let Some(p) = self.get(t, "identity") {
            return Some(p);
        }
        let bare = match t.find(" (") {
            Some(i) if t.ends_with(')') => t[..i].trim(),
            _ => t,
        };
        if let Some(p) = self.get(bare, "identity") {
            return Some(p);
        }
        if let Some((place, region)) = bare.rsplit_once(", ") {
            return self
                .get(region.trim(), "identity")
                .or_else(|| self.get(place.trim(), "identity"));
        }
        None
    }

    /// A mention text: without leading determiners and a trailing possessive.
    pub fn by_text(&self, text: &str) -> Option<PlaceCountry> {
        let mut words: Vec<&str> = text.split_whitespace().collect();
        while words
            .first()
            .is_some_and(|w| ["the", "The", "a", "A", "an", "An"].contains(w))
        {
            words.remove(0);
        }
        if words.last().is_some_and(|w| ["'s", "’s", "'"].contains(w)) {
            words.pop();
        }
        let key = words.join(" ");
        self.get(&key, "text").or_else(|| {
            key.rsplit_once(", ")
                .and_then(|(_, region)| self.get(region, "text"))
        })
    }

    /// The country of a gold place: by its identity, else by its text.
    pub fn country_of(&self, e: &GoldEntity) -> Option<PlaceCountry> {
        e.identity
            .as_deref()
            .and_then(|t| self.by_title(t))
            .or_else(|| self.by_text(&e.text))
    }
}

/// (alias text, country id, form) of every country alias and name.
pub(crate) fn aliases(t: &Tagger) -> impl Iterator<Item = (String, String, Form)> + '_ {
    let d = t.dictionary();
    let names = d
        .entities
        .iter()
        .filter(|e| e.kind == Some(Kind::Country))
        .map(|e| (e.name.clone(), e.id.clone(), Form::Name));
    d.aliases
        .iter()
        .filter(|a| d.entities[a.entity].kind == Some(Kind::Country))
        .map(move |a| (a.text.clone(), d.entities[a.entity].id.clone(), a.form))
        .chain(names)
}

/// A span (byte offsets into the document text) with what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    /// Entity id (predictions) or country (gold places); empty if none.
    pub id: String,
    /// Predictions: form; gold: route / mapping description.
    pub note: String,
}

pub(crate) fn overlaps(a: &Span, b: &Span) -> bool {
    a.start < b.end && b.start < a.end
}

/// Mention-level scores of one kind, lenient overlap: a prediction is right if it overlaps a
/// gold mention of `correct`; a gold mention of `recall` is found if a prediction overlaps it;
/// predictions overlapping only a gold mention of `neutral` are left out of precision.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SpanScore {
    pub score: Score,
    /// Predictions left out of precision (overlapping a gold mention that is neither right nor
    /// wrong, e.g. a place that maps to no country).
    pub neutral: u64,
    /// Gold found whose overlapping prediction has another id (gold with ids only).
    pub id_mismatch: u64,
    /// (doc, gold index in `recall`) of misses.
    pub misses: Vec<(String, usize)>,
    /// (doc, prediction index) of false positives.
    pub false_pos: Vec<(String, usize)>,
}

/// Per-document gold and predictions for span scoring.
pub struct DocSpans {
    pub doc: String,
    /// Gold mentions to find (recall).
    pub recall: Vec<Span>,
    /// Gold mentions a prediction may overlap to be right (a superset of `recall`).
    pub correct: Vec<Span>,
    /// Gold mentions that make an overlapping prediction neutral.
    pub neutral: Vec<Span>,
    pub pred: Vec<Span>,
}

pub fn score_spans(docs: &[DocSpans]) -> SpanScore {
    let mut s = SpanScore::default();
    for d in docs {
        for (i, g) in d.recall.iter().enumerate() {
            s.score.gold += 1;
            let hits: Vec<&Span> = d.pred.iter().filter(|p| overlaps(p, g)).collect();
            if hits.is_empty() {
                s.misses.push((d.doc.clone(), i));
            } else {
                s.score.gold_found += 1;
                if !g.id.is_empty() && !hits.iter().any(|p| p.id == g.id) {
                    s.id_mismatch += 1;
                }
            }
        }
        for (i, p) in d.pred.iter().enumerate() {
            if d.correct.iter().any(|g| overlaps(p, g)) {
                s.score.pred += 1;
                s.score.pred_ok += 1;
            } else if d.neutral.iter().any(|g| overlaps(p, g)) {
                s.neutral += 1;
            } else {
                s.score.pred += 1;
                s.false_pos.push((d.doc.clone(), i));
            }
        }
    }
    s
}

/// Character offsets → byte offsets of a text (one past the end included).
pub(crate) fn byte_offsets(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect()
}

/// Options of `eval mentions`.
pub struct MentionArgs<'a> {
    pub gold: &'a Path,
    pub texts: &'a Path,
    pub top: usize,
    pub json: bool,
}

/// `newsmill eval mentions`.
pub fn mentions(config: &Config, a: &MentionArgs) -> Result<String> {
    let entities: Vec<GoldEntity> = read_jsonl(a.gold)?;
    let docs: Vec<GoldText> = read_jsonl(a.texts)?;
    let w = workers(config)?;
    let mut full_cfg = config.tag.clone();
    full_cfg.city_min_population = 0;
    let full = Tagger::new(&full_cfg)?;
    let index = PlaceIndex::new(&w.tagger, &full);
    let report = mention_report(&w, &index, &entities, &docs, a.top)?;
    Ok(if a.json {
        format!("{}\n", report.1)
    } else {
        report.0
    })
}

/// The mention-level evaluation proper: (text report, JSON).
pub fn mention_report(
    w: &Workers,
    index: &PlaceIndex,
    entities: &[GoldEntity],
    docs: &[GoldText],
    top: usize,
) -> Result<(String, Value)> {
    Ok(crate::render::mentions(
        &evaluate_mentions(w, index, entities, docs)?,
        top,
    ))
}

/// Everything `newsmill eval mentions` reports, computed: counts, scores and tallies of the
/// disagreements. No formatting; [`crate::render::mentions`] writes it.
pub struct MentionReport {
    /// Gold entity mentions and documents read.
    pub gold_mentions: usize,
    pub documents: usize,
    pub stats: LocateStats,
    /// Gold organization mentions (named or not).
    pub org_gold: usize,
    pub org_score: Score,
    pub org_misses: BTreeMap<String, Tally>,
    pub org_false_pos: BTreeMap<String, Tally>,
    /// Gold places located, named, mapped to a country.
    pub place_counts: (u64, u64, u64),
    pub place_score: SpanScore,
    pub no_demonym_score: Score,
    pub in_scope_score: Score,
    /// How gold places reached a country ("route -> form"): how many.
    pub place_routes: BTreeMap<String, u64>,
    /// By "route form": (gold, found).
    pub by_mapping: BTreeMap<String, (u64, u64)>,
    pub false_pos_forms: BTreeMap<String, u64>,
    pub place_misses: BTreeMap<String, Tally>,
    pub place_false_pos: BTreeMap<String, Tally>,
    pub unmapped_places: BTreeMap<String, Tally>,
}

/// The mention-level evaluation proper: gold located in the texts, the documents tagged, the
/// spans scored and the disagreements tallied.
pub fn evaluate_mentions(
    w: &Workers,
    index: &PlaceIndex,
    entities: &[GoldEntity],
    docs: &[GoldText],
) -> Result<MentionReport> {
    let mut stats = LocateStats::default();
    let mut texts = HashMap::new();
    for d in docs {
        let chars: Vec<char> = d.text.chars().collect();
        let mut sents = HashMap::new();
        for s in &d.sentences {
            if s.start > s.end || s.end > chars.len() {
                bail!(
                    "{}: sentence {} has offsets {}..{} outside a text of {} characters",
                    d.doc_id,
                    s.id,
                    s.start,
                    s.end,
                    chars.len()
                );
            }
            if let Some(t) = &s.text {
                if chars[s.start..s.end].iter().collect::<String>() != *t {
                    stats.sentence_mismatch += 1;
                }
            }
            sents.insert(s.id.clone(), (s.start, s.end));
        }
        texts.insert(d.doc_id.clone(), (chars, sents));
    }
    let located = locate(entities, &texts, &mut stats);

    // Our mentions, per document, in file order of the documents.
    let preds: Vec<Vec<(Mention, String)>> = docs
        .par_iter()
        .map(|d| {
            let spans = w.splitter.spans(&d.text);
            Ok(w.tagger
                .tag_document(&d.text, &spans)?
                .into_iter()
                .map(|m| {
                    let id = entity_id(&w.tagger, &m);
                    (m, id)
                })
                .collect())
        })
        .collect::<Result<_>>()?;

    let named = |l: &Located| {
        let e = &entities[l.index];
        is_named(&e.text, l.sentence_initial, e.identity.is_some())
    };
    let mut orgs = Vec::new();
    let mut places = Vec::new();
    // Gold places by mapping: (route, form, in scope) → count; unmapped named places.
    let mut place_routes: BTreeMap<String, u64> = BTreeMap::new();
    let mut unmapped_places: BTreeMap<String, Tally> = BTreeMap::new();
    let mut place_gold_info: Vec<Vec<(usize, PlaceCountry)>> = Vec::new();
    let mut place_counts = (0u64, 0u64, 0u64); // located places, named, mapped
    for (di, d) in docs.iter().enumerate() {
        let bytes = byte_offsets(&d.text);
        let span = |l: &Located, id: String, note: String| Span {
            start: bytes[l.start],
            end: bytes[l.end],
            id,
            note,
        };
        let mine: Vec<&Located> = located
            .iter()
            .flatten()
            .filter(|l| l.doc == d.doc_id)
            .collect();
        let pred = |kind: Kind| -> Vec<Span> {
            preds[di]
                .iter()
                .filter(|(m, _)| m.kind == kind)
                .map(|(m, id)| Span {
                    start: m.start,
                    end: m.end,
                    id: id.clone(),
                    note: format!("{}/{}", m.form.map_or("-", Form::as_str), m.method),
                })
                .collect()
        };
        // Organizations: recall over named gold organizations; a prediction is right if it
        // overlaps any gold organization mention.
        let gold_orgs: Vec<&&Located> = mine
            .iter()
            .filter(|l| entities[l.index].etype == "organization")
            .collect();
        orgs.push(DocSpans {
            doc: d.doc_id.clone(),
            recall: gold_orgs
                .iter()
                .filter(|l| named(l))
                .map(|l| span(l, String::new(), l.index.to_string()))
                .collect(),
            correct: gold_orgs
                .iter()
                .map(|l| span(l, String::new(), l.index.to_string()))
                .collect(),
            neutral: Vec::new(),
            pred: pred(Kind::Organization),
        });
        // Places: named gold places that map to a country.
        let mut recall = Vec::new();
        let mut neutral = Vec::new();
        let mut info = Vec::new();
        for l in mine.iter().filter(|l| entities[l.index].etype == "place") {
            let e = &entities[l.index];
            place_counts.0 += 1;
            if !named(l) {
                neutral.push(span(l, String::new(), l.index.to_string()));
                continue;
            }
            place_counts.1 += 1;
            match index.country_of(e) {
                Some(pc) => {
                    place_counts.2 += 1;
                    *place_routes
                        .entry(format!(
                            "{} -> {}{}",
                            pc.route,
                            pc.form,
                            if pc.in_scope { "" } else { " (not in scope)" }
                        ))
                        .or_insert(0) += 1;
                    recall.push(span(l, pc.country.clone(), l.index.to_string()));
                    info.push((l.index, pc));
                }
                None => {
                    tally(
                        &mut unmapped_places,
                        &format!("{} [{}]", e.text, e.identity.as_deref().unwrap_or("-")),
                        &d.doc_id,
                    );
                    neutral.push(span(l, String::new(), l.index.to_string()));
                }
            }
        }
        place_gold_info.push(info);
        places.push(DocSpans {
            doc: d.doc_id.clone(),
            correct: recall.clone(),
            recall,
            neutral,
            pred: pred(Kind::Country),
        });
    }
    let org_score = score_spans(&orgs);
    let place_score = score_spans(&places);
    // Variants: without demonym predictions ("American scientists" is no place in GUM), and
    // recall over gold in the tagger's scope (cities of at least `city_min_population`).
    let no_demonyms: Vec<DocSpans> = places
        .iter()
        .map(|d| DocSpans {
            doc: d.doc.clone(),
            recall: d.recall.clone(),
            correct: d.correct.clone(),
            neutral: d.neutral.clone(),
            pred: d
                .pred
                .iter()
                .filter(|p| !p.note.starts_with("demonym/"))
                .cloned()
                .collect(),
        })
        .collect();
    let no_demonym_score = score_spans(&no_demonyms).score;
    let in_scope: Vec<DocSpans> = places
        .iter()
        .zip(&place_gold_info)
        .map(|(d, info)| DocSpans {
            doc: d.doc.clone(),
            recall: d
                .recall
                .iter()
                .zip(info)
                .filter(|(_, (_, pc))| pc.in_scope)
                .map(|(g, _)| g.clone())
                .collect(),
            correct: d.correct.clone(),
            neutral: d.neutral.clone(),
            pred: d.pred.clone(),
        })
        .collect();
    let in_scope_score = score_spans(&in_scope).score;

    // What a false positive overlaps, if anything (another etype).
    let doc_index: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.doc_id.as_str(), i))
        .collect();
    let overlapping_gold = |doc: &str, p: &Span| -> String {
        let di = doc_index[doc];
        let bytes = byte_offsets(&docs[di].text);
        let mut hits: Vec<String> = located
            .iter()
            .flatten()
            .filter(|l| l.doc == doc)
            .filter(|l| bytes[l.start] < p.end && p.start < bytes[l.end])
            .map(|l| format!("{}:\"{}\"", entities[l.index].etype, entities[l.index].text))
            .collect();
        hits.sort_by_key(|h| h.len());
        hits.truncate(1);
        hits.join("")
    };
    let surface = |doc: &str, p: &Span| -> String {
        docs[doc_index[doc]].text[p.start..p.end]
            .replace('\n', " ")
            .to_string()
    };
    // A false positive as listed: surface, id, form/method and the gold it overlaps.
    let fp_label = |doc: &str, p: &Span, over: &str| -> String {
        let over = if over.is_empty() {
            String::new()
        } else {
            format!(" (gold {over})")
        };
        format!("\"{}\" {} {}{}", surface(doc, p), p.id, p.note, over)
    };

    let n_org_gold = entities
        .iter()
        .filter(|e| e.etype == "organization")
        .count();
    let mut org_misses: BTreeMap<String, Tally> = BTreeMap::new();
    for (doc, i) in &org_score.misses {
        let di = doc_index[doc.as_str()];
        let g = &orgs[di].recall[*i];
        let e = &entities[g.note.parse::<usize>().unwrap_or(0)];
        tally(
            &mut org_misses,
            &format!("\"{}\" [{}]", e.text, e.identity.as_deref().unwrap_or("-")),
            doc,
        );
    }
    let mut org_fps: BTreeMap<String, Tally> = BTreeMap::new();
    for (doc, i) in &org_score.false_pos {
        let p = &orgs[doc_index[doc.as_str()]].pred[*i];
        let over = overlapping_gold(doc, p);
        tally(&mut org_fps, &fp_label(doc, p, &over), doc);
    }
    let mut by_map: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let missed: HashSet<(String, usize)> = place_score.misses.iter().cloned().collect();
    for (di, info) in place_gold_info.iter().enumerate() {
        for (i, (_, pc)) in info.iter().enumerate() {
            let key = format!(
                "{} {}{}",
                pc.route,
                pc.form,
                if pc.in_scope { "" } else { " (not in scope)" }
            );
            let e = by_map.entry(key).or_insert((0, 0));
            e.0 += 1;
            if !missed.contains(&(docs[di].doc_id.clone(), i)) {
                e.1 += 1;
            }
        }
    }
    let mut place_misses: BTreeMap<String, Tally> = BTreeMap::new();
    for (doc, i) in &place_score.misses {
        let di = doc_index[doc.as_str()];
        let (ei, pc) = &place_gold_info[di][*i];
        let e = &entities[*ei];
        tally(
            &mut place_misses,
            &format!(
                "\"{}\" [{}] -> {} via {} {}{}",
                e.text,
                e.identity.as_deref().unwrap_or("-"),
                pc.country,
                pc.route,
                pc.form,
                if pc.in_scope { "" } else { " (not in scope)" }
            ),
            doc,
        );
    }
    let mut place_fps: BTreeMap<String, Tally> = BTreeMap::new();
    let mut fp_forms: BTreeMap<String, u64> = BTreeMap::new();
    for (doc, i) in &place_score.false_pos {
        let p = &places[doc_index[doc.as_str()]].pred[*i];
        let over = overlapping_gold(doc, p);
        *fp_forms
            .entry(p.note.split('/').next().unwrap_or("-").to_string())
            .or_insert(0) += 1;
        tally(&mut place_fps, &fp_label(doc, p, &over), doc);
    }
    Ok(MentionReport {
        gold_mentions: entities.len(),
        documents: docs.len(),
        stats,
        org_gold: n_org_gold,
        org_score: org_score.score,
        org_misses,
        org_false_pos: org_fps,
        place_counts,
        place_score,
        no_demonym_score,
        in_scope_score,
        place_routes,
        by_mapping: by_map,
        false_pos_forms: fp_forms,
        place_misses,
        place_false_pos: place_fps,
        unmapped_places,
    })
}
