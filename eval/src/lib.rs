//! `newsmill eval reuters` and `newsmill eval mentions`: accuracy of the tag stage against gold
//! labels, through the library (the splitter and the tagger built from the config), not the binary.
//!
//! - `reuters`: document-level labels of Reuters-21578 (`places`, `orgs`, `topics`) against the
//!   sets of countries, organizations and themes that newsmill finds in each story.
//! - `mentions`: mention-level spans of the GUM Wikinews interviews (organizations, and places that
//!   are countries or lie in one) against newsmill's mentions, matched by character overlap.
//!
//! The scoring functions are pure (gold and predictions in, counts out) and tested on small files
//! of our own in `tests/fixtures/eval/`. How to run and read them: `docs/eval.md`.

pub mod ner;
pub mod themes;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{bail, Context, Result};
use newsmill_core::salience::{salience, ThemeMention};
use newsmill_core::Error;
use newsmill_ingest::parse_date;
use newsmill_tag::{Ent, Form, Kind, Mention, Tagger};
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::{json, Value};

use newsmill_engine::config::Config;
use newsmill_engine::runner::{Stages, Workers};

/// Built-in maps from Reuters codes to our ids (overridable on the command line).
const REUTERS_ORGS: &str = include_str!("../../data/organizations/reuters_orgs.tsv");
const REUTERS_TOPICS: &str = include_str!("../../data/themes/reuters_topics.tsv");

// ---------------------------------------------------------------------------------------------
// Scoring primitives

/// Counts behind a precision and a recall. With exact matching `pred_ok == gold_found`; with
/// overlap matching they may differ (one prediction can cover two nested gold mentions).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    /// Predictions.
    pub pred: u64,
    /// Predictions that are right.
    pub pred_ok: u64,
    /// Gold items.
    pub gold: u64,
    /// Gold items found.
    pub gold_found: u64,
}

/// `a / b`, 0 when `b` is 0.
pub fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

impl Score {
    pub fn precision(&self) -> f64 {
        ratio(self.pred_ok, self.pred)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.gold_found, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Score) {
        self.pred += o.pred;
        self.pred_ok += o.pred_ok;
        self.gold += o.gold;
        self.gold_found += o.gold_found;
    }
    fn line(&self) -> String {
        format!(
            "P {:.3} ({}/{})  R {:.3} ({}/{})  F1 {:.3}",
            self.precision(),
            self.pred_ok,
            self.pred,
            self.recall(),
            self.gold_found,
            self.gold,
            self.f1()
        )
    }
    fn to_json(self) -> Value {
        json!({
            "pred": self.pred, "pred_ok": self.pred_ok, "gold": self.gold, "gold_found": self.gold_found,
            "precision": round(self.precision()), "recall": round(self.recall()), "f1": round(self.f1()),
        })
    }
}

fn round(x: f64) -> f64 {
    (x * 10000.0).round() / 10000.0
}

/// Counts of a disagreement (or a miss) with up to `examples` example ids, in input order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    pub count: u64,
    pub examples: Vec<String>,
}

const EXAMPLES: usize = 2;

fn tally(map: &mut BTreeMap<String, Tally>, key: &str, example: &str) {
    tally_n(map, key, example, EXAMPLES)
}

fn tally_n(map: &mut BTreeMap<String, Tally>, key: &str, example: &str, examples: usize) {
    let t = map.entry(key.to_string()).or_default();
    t.count += 1;
    if t.examples.len() < examples {
        t.examples.push(example.to_string());
    }
}

/// Most frequent first, then by key.
fn sorted(map: &BTreeMap<String, Tally>) -> Vec<(&String, &Tally)> {
    let mut v: Vec<_> = map.iter().collect();
    v.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
    v
}

fn tallies_json(map: &BTreeMap<String, Tally>, top: usize) -> Value {
    Value::Array(
        sorted(map)
            .into_iter()
            .take(top)
            .map(|(k, t)| json!({"key": k, "count": t.count, "examples": t.examples}))
            .collect(),
    )
}

/// Reads a TSV with a header into rows of named fields (missing trailing fields are empty).
fn tsv(text: &str) -> Vec<HashMap<String, String>> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let Some(header) = lines.next() else {
        return Vec::new();
    };
    let cols: Vec<&str> = header.split('\t').map(str::trim).collect();
    lines
        .map(|l| {
            let mut fields = l.split('\t');
            cols.iter()
                .map(|c| {
                    (
                        c.to_string(),
                        fields.next().unwrap_or("").trim().to_string(),
                    )
                })
                .collect()
        })
        .collect()
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path)
        .map_err(|e| Error::input(path, e.to_string()))
        .with_context(|| format!("reading {}", path.display()))
}

fn read_jsonl<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>> {
    let text = read(path)?;
    parse_jsonl(&text).map_err(|e| Error::input(path, e).into())
}

fn parse_jsonl<T: for<'de> Deserialize<'de>>(text: &str) -> std::result::Result<Vec<T>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

/// The workers: built once, every config problem reported together, the automata ready (a
/// failed build is an error here, before any document).
pub fn workers(config: &Config) -> Result<Workers> {
    let w = Workers::build(config, Stages::ALL)?;
    w.tagger.ready()?;
    Ok(w)
}

/// The id of a mention's entity.
fn entity_id(tagger: &Tagger, m: &Mention) -> String {
    match &m.ent {
        Ent::Dict(i) => tagger.dictionary().entities[*i].id.clone(),
        Ent::New(name) => newsmill_tag::orgs::new_id(name),
    }
}

// ---------------------------------------------------------------------------------------------
// Reuters-21578: document level

/// One line of the Reuters-21578 JSONL dump (the fields used here).
#[derive(Debug, Clone, Deserialize)]
pub struct ReutersRecord {
    pub newid: Value,
    #[serde(default)]
    pub lewissplit: String,
    #[serde(default)]
    pub topics_attr: String,
    /// `26-FEB-1987 15:01:01.79`: the tagger takes the publication date into account (a city
    /// of a former state counts as that state).
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub dateline: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub topics: Vec<String>,
    #[serde(default)]
    pub places: Vec<String>,
    #[serde(default)]
    pub orgs: Vec<String>,
}

impl ReutersRecord {
    pub fn id(&self) -> String {
        match &self.newid {
            Value::String(s) => s.clone(),
            v => v.to_string(),
        }
    }
    /// The story as published: the dateline, then the body (what `configs/reuters21578.toml`
    /// makes of it). The title is not part of the text: it is tagged as the title, as in
    /// `newsmill run`.
    pub fn text(&self) -> String {
        format!(
            "{}{}",
            self.dateline.as_deref().unwrap_or(""),
            self.body.as_deref().unwrap_or("")
        )
    }
    /// In the ModApte test split (`lewissplit` TEST and `topics` attribute YES).
    pub fn modapte_test(&self) -> bool {
        self.lewissplit == "TEST" && self.topics_attr == "YES"
    }
    /// In the ModApte training split (`lewissplit` TRAIN and `topics` attribute YES): the
    /// stories to tune dictionaries on, keeping the test split held out.
    pub fn modapte_train(&self) -> bool {
        self.lewissplit == "TRAIN" && self.topics_attr == "YES"
    }
}

/// The leading ISO code of a `places_to_iso.tsv` cell: `SUHH (ISO 3166-3)` → `SUHH`,
/// `DDDE (ISO 3166-3; now DE)` → `DDDE`, `YE (North Yemen)` → `YE`; `None` when the cell holds no
/// alpha-2 or alpha-4 code (an unmapped place).
pub fn leading_code(cell: &str) -> Option<String> {
    let code: String = cell
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let ok = (code.len() == 2 || code.len() == 4) && code.chars().all(|c| c.is_ascii_uppercase());
    ok.then_some(code)
}

/// `reuters_place → ISO code` from `places_to_iso.tsv` (`None`: listed without a code).
pub fn place_map(text: &str) -> HashMap<String, Option<String>> {
    tsv(text)
        .into_iter()
        .filter_map(|r| {
            let place = r.get("reuters_place")?.clone();
            let code = leading_code(r.get("iso_alpha2_or_note").map_or("", |s| s.as_str()));
            Some((place, code))
        })
        .collect()
}

/// `code → id` from a two-column map (`reuters_orgs.tsv`: reuters_code, org_id); a code on
/// several rows keeps its last. (`reuters_topics.tsv` is read by [`topic_map`].)
pub fn code_map(text: &str, key: &str, value: &str) -> BTreeMap<String, String> {
    tsv(text)
        .into_iter()
        .filter_map(|r| {
            let k = r.get(key)?.clone();
            let v = r.get(value)?.clone();
            (!k.is_empty() && !v.is_empty()).then_some((k, v))
        })
        .collect()
}

/// `reuters_topic → themes` from `reuters_topics.tsv` (columns `reuters_topic`, `theme`): a topic
/// on several rows maps to each of their themes (in file order, without repeats), and a story then
/// predicts the topic if it is about any of them (a topic broader than one theme: `money-fx` covers
/// exchange rates and central banks' money-market operations).
pub fn topic_map(text: &str) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in tsv(text) {
        let (Some(k), Some(v)) = (r.get("reuters_topic"), r.get("theme")) else {
            continue;
        };
        if k.is_empty() || v.is_empty() {
            continue;
        }
        let themes = out.entry(k.clone()).or_default();
        if !themes.contains(v) {
            themes.push(v.clone());
        }
    }
    out
}

/// What newsmill found in one document.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DocPrediction {
    pub countries: BTreeSet<String>,
    pub organizations: BTreeSet<String>,
    /// Themes mentioned, with every ancestor of each (`parent_id` chain).
    pub themes: BTreeSet<String>,
    /// The themes the story is about (`newsmill_core::salience`, as in `document_themes`): a
    /// subset of `themes`.
    pub about: BTreeSet<String>,
}

/// Theme id → its salience threshold (`about` in the theme file), where it has one.
fn theme_thresholds(tagger: &Tagger) -> HashMap<String, f64> {
    tagger
        .dictionary()
        .entities
        .iter()
        .filter(|e| e.kind == Some(Kind::Theme))
        .filter_map(|e| Some((e.id.clone(), e.about?)))
        .collect()
}

/// Theme id → parent theme id, from the dictionary.
fn theme_parents(tagger: &Tagger) -> HashMap<String, String> {
    tagger
        .dictionary()
        .entities
        .iter()
        .filter(|e| e.kind == Some(Kind::Theme))
        .filter_map(|e| Some((e.id.clone(), e.parent_id.clone()?)))
        .filter(|(_, p)| !p.is_empty())
        .collect()
}

/// A theme and all its ancestors.
pub fn with_ancestors(theme: &str, parents: &HashMap<String, String>, out: &mut BTreeSet<String>) {
    let mut t = theme.to_string();
    while out.insert(t.clone()) {
        match parents.get(&t) {
            Some(p) => t = p.clone(),
            None => break,
        }
    }
}

/// The date format of Reuters-21578 (as in `configs/reuters21578.toml`).
const REUTERS_DATE: &str = "%d-%b-%Y %H:%M:%S%.f";

/// Tags one story (its title, if any, and its text) published at `date` (microseconds since the
/// epoch) and collects the entity sets; the themes it is about by the salience rule of
/// `document_themes` (`thresholds`: the themes' own thresholds).
pub fn predict(
    w: &Workers,
    parents: &HashMap<String, String>,
    thresholds: &HashMap<String, f64>,
    title: Option<&str>,
    text: &str,
    date: Option<i64>,
) -> Result<DocPrediction> {
    let spans = w.splitter.body_spans(title, text);
    let mut p = DocPrediction::default();
    let mut theme_mentions: Vec<(String, Option<u32>)> = Vec::new();
    for m in w.tagger.tag_titled(title, text, &spans, date)? {
        let id = entity_id(&w.tagger, &m);
        match m.kind {
            Kind::Country => {
                p.countries.insert(id);
            }
            Kind::Organization => {
                p.organizations.insert(id);
            }
            Kind::Theme => {
                with_ancestors(&id, parents, &mut p.themes);
                let sentence = (m.field == newsmill_tag::Field::Text).then_some(m.sentence as u32);
                theme_mentions.push((id, sentence));
            }
            Kind::Person => {}
        }
    }
    let ms: Vec<ThemeMention> = theme_mentions
        .iter()
        .map(|(theme, sentence)| ThemeMention {
            theme,
            sentence: *sentence,
        })
        .collect();
    p.about = salience(
        &ms,
        |t| parents.get(t).map(String::as_str),
        |t| thresholds.get(t).copied(),
    )
    .into_iter()
    .filter(|s| s.about)
    .map(|s| s.theme)
    .collect();
    Ok(p)
}

/// The sections of `eval reuters`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sections {
    pub countries: bool,
    pub organizations: bool,
    pub themes: bool,
}

impl Sections {
    pub fn parse(list: &[String]) -> Result<Sections> {
        let mut s = Sections {
            countries: false,
            organizations: false,
            themes: false,
        };
        for k in list.iter().flat_map(|k| k.split(',')).map(str::trim) {
            match k {
                "countries" | "country" => s.countries = true,
                "organizations" | "organization" | "orgs" => s.organizations = true,
                "themes" | "theme" | "topics" => s.themes = true,
                "all" => {
                    s = Sections {
                        countries: true,
                        organizations: true,
                        themes: true,
                    }
                }
                "" => {}
                other => {
                    return Err(Error::Config(vec![format!(
                        "--kinds: unknown kind `{other}` (known: countries, organizations, themes)"
                    )])
                    .into())
                }
            }
        }
        Ok(s)
    }
}

/// Country scores over a set of documents.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct CountryScore {
    /// Documents with at least one mapped place.
    pub docs: u64,
    /// (document, country) pairs.
    pub pairs: Score,
    /// Documents where every gold country was found.
    pub all_found: u64,
    /// Country predicted but not in gold: documents per country.
    pub false_pos: BTreeMap<String, Tally>,
    /// Gold country not predicted.
    pub false_neg: BTreeMap<String, Tally>,
}

impl CountryScore {
    pub fn all_found_rate(&self) -> f64 {
        ratio(self.all_found, self.docs)
    }
}

/// Organization scores (document level).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct OrgScore {
    /// Documents with at least one gold org code.
    pub docs: u64,
    /// Gold (document, code) pairs whose code has no org id in the map.
    pub unmapped: BTreeMap<String, u64>,
    /// Recall over mapped gold (document, code) pairs; precision over predicted (document, id)
    /// pairs whose id is one of the mapped ids, in every document scored.
    pub score: Score,
    /// Per code: support (documents) and found.
    pub by_code: BTreeMap<String, (u64, u64)>,
    pub misses: BTreeMap<String, Tally>,
    /// Mapped ids predicted in a document whose gold does not have them.
    pub false_pos: BTreeMap<String, Tally>,
}

/// Theme scores for one Reuters topic, over documents with at least one topic.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TopicScore {
    /// The topic's themes (one, or several when the map gives the topic several rows).
    pub themes: Vec<String>,
    /// Documents with the topic.
    pub support: u64,
    /// Documents about the theme (salience): the prediction scored against the target.
    pub predicted: u64,
    /// Both.
    pub hits: u64,
    /// Documents where the theme (or a descendant) is mentioned at all.
    pub mentioned: u64,
    /// Mentioned and with the topic.
    pub mentioned_hits: u64,
    /// Example ids: about the theme without the topic (false positives) and with the topic but
    /// not about the theme (false negatives).
    pub false_pos: Vec<String>,
    pub false_neg: Vec<String>,
}

impl TopicScore {
    /// The themes as printed: `a+b` for several.
    pub fn theme_label(&self) -> String {
        self.themes.join("+")
    }

    /// The "about" prediction (salience).
    pub fn score(&self) -> Score {
        Score {
            pred: self.predicted,
            pred_ok: self.hits,
            gold: self.support,
            gold_found: self.hits,
        }
    }

    /// The "mentioned" prediction (any mention of the theme or a descendant).
    pub fn mentioned_score(&self) -> Score {
        Score {
            pred: self.mentioned,
            pred_ok: self.mentioned_hits,
            gold: self.support,
            gold_found: self.mentioned_hits,
        }
    }
}

/// Whether a score meets the themes target: recall ≥ 0.9 and precision ≥ 0.7.
pub fn meets_target(s: &Score) -> bool {
    s.recall() >= 0.9 && s.precision() >= 0.7
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct ThemeScore {
    /// Documents with at least one topic.
    pub docs: u64,
    pub topics: BTreeMap<String, TopicScore>,
    /// Gold topics with no theme in the map: documents.
    pub unmapped: BTreeMap<String, u64>,
    /// Mapped themes the dictionary does not know.
    pub unknown_themes: BTreeSet<String>,
}

/// The gold side of the Reuters evaluation, mapped to our ids.
pub struct ReutersGold<'a> {
    pub records: &'a [ReutersRecord],
    pub places: &'a HashMap<String, Option<String>>,
    pub orgs: &'a BTreeMap<String, String>,
    pub topics: &'a BTreeMap<String, Vec<String>>,
    /// How many example ids to keep per disagreement.
    pub examples: usize,
}

impl ReutersGold<'_> {
    /// Gold countries of a record, and its places without a code.
    pub fn countries(&self, r: &ReutersRecord) -> (BTreeSet<String>, Vec<String>) {
        let mut set = BTreeSet::new();
        let mut unmapped = Vec::new();
        for p in &r.places {
            match self.places.get(p) {
                Some(Some(code)) => {
                    set.insert(code.clone());
                }
                _ => unmapped.push(p.clone()),
            }
        }
        (set, unmapped)
    }
}

/// Unmapped gold places over the records (occurrences per place).
pub fn unmapped_places(gold: &ReutersGold, which: &[usize]) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for &i in which {
        for p in gold.countries(&gold.records[i]).1 {
            *out.entry(p).or_insert(0) += 1;
        }
    }
    out
}

/// Scores countries on the records `which` (indices into `gold.records` and `preds`).
pub fn score_countries(
    gold: &ReutersGold,
    preds: &[DocPrediction],
    which: &[usize],
) -> CountryScore {
    let mut s = CountryScore::default();
    for &i in which {
        let r = &gold.records[i];
        let (g, _) = gold.countries(r);
        if g.is_empty() {
            continue;
        }
        let p = &preds[i];
        let id = r.id();
        s.docs += 1;
        let hits = g.intersection(&p.countries).count() as u64;
        s.pairs.add(Score {
            pred: p.countries.len() as u64,
            pred_ok: hits,
            gold: g.len() as u64,
            gold_found: hits,
        });
        if hits == g.len() as u64 {
            s.all_found += 1;
        }
        for c in p.countries.difference(&g) {
            tally_n(&mut s.false_pos, c, &id, gold.examples);
        }
        for c in g.difference(&p.countries) {
            tally_n(&mut s.false_neg, c, &id, gold.examples);
        }
    }
    s
}

/// Scores organizations on the records `which`.
pub fn score_orgs(gold: &ReutersGold, preds: &[DocPrediction], which: &[usize]) -> OrgScore {
    let mapped_ids: BTreeSet<&String> = gold.orgs.values().collect();
    let mut s = OrgScore::default();
    for &i in which {
        let r = &gold.records[i];
        let p = &preds[i];
        let id = r.id();
        let mut gold_ids = BTreeSet::new();
        if !r.orgs.is_empty() {
            s.docs += 1;
        }
        for code in r.orgs.iter().collect::<BTreeSet<_>>() {
            let Some(org) = gold.orgs.get(code) else {
                *s.unmapped.entry(code.clone()).or_insert(0) += 1;
                continue;
            };
            gold_ids.insert(org);
            let found = p.organizations.contains(org);
            let e = s.by_code.entry(code.clone()).or_insert((0, 0));
            e.0 += 1;
            s.score.gold += 1;
            if found {
                e.1 += 1;
                s.score.gold_found += 1;
            } else {
                tally_n(&mut s.misses, code, &id, gold.examples);
            }
        }
        for org in p.organizations.iter().filter(|o| mapped_ids.contains(o)) {
            s.score.pred += 1;
            if gold_ids.contains(org) {
                s.score.pred_ok += 1;
            } else {
                tally_n(&mut s.false_pos, org, &id, gold.examples);
            }
        }
    }
    s
}

/// Scores themes on the records `which`.
pub fn score_themes(
    gold: &ReutersGold,
    preds: &[DocPrediction],
    which: &[usize],
    known_themes: &HashSet<String>,
) -> ThemeScore {
    let mut s = ThemeScore::default();
    for (topic, themes) in gold.topics {
        for theme in themes {
            if !known_themes.contains(theme) {
                s.unknown_themes.insert(theme.clone());
            }
        }
        s.topics.insert(
            topic.clone(),
            TopicScore {
                themes: themes.clone(),
                ..Default::default()
            },
        );
    }
    for &i in which {
        let r = &gold.records[i];
        if r.topics.is_empty() {
            continue;
        }
        s.docs += 1;
        let p = &preds[i];
        for t in &r.topics {
            if !gold.topics.contains_key(t) {
                *s.unmapped.entry(t.clone()).or_insert(0) += 1;
            }
        }
        for (topic, ts) in s.topics.iter_mut() {
            let has = r.topics.contains(topic);
            let mentioned = ts.themes.iter().any(|t| p.themes.contains(t));
            let predicted = ts.themes.iter().any(|t| p.about.contains(t));
            ts.support += has as u64;
            ts.predicted += predicted as u64;
            ts.hits += (has && predicted) as u64;
            ts.mentioned += mentioned as u64;
            ts.mentioned_hits += (has && mentioned) as u64;
            if predicted && !has && ts.false_pos.len() < gold.examples {
                ts.false_pos.push(r.id());
            }
            if has && !predicted && ts.false_neg.len() < gold.examples {
                ts.false_neg.push(r.id());
            }
        }
    }
    s
}

/// Options of `eval reuters`.
pub struct ReutersArgs<'a> {
    pub gold: &'a Path,
    pub places: Option<&'a Path>,
    pub orgs_map: Option<&'a Path>,
    pub topics_map: Option<&'a Path>,
    pub split: &'a str,
    pub top: usize,
    /// Example ids per disagreement.
    pub examples: usize,
    pub kinds: &'a [String],
    pub json: bool,
}

/// `newsmill eval reuters`: returns the report (text or JSON).
pub fn reuters(config: &Config, a: &ReutersArgs) -> Result<String> {
    let sections = Sections::parse(a.kinds)?;
    let only: Option<fn(&ReutersRecord) -> bool> = match a.split {
        "all" => None,
        "modapte-test" => Some(ReutersRecord::modapte_test),
        "modapte-train" => Some(ReutersRecord::modapte_train),
        other => {
            return Err(Error::Config(vec![format!(
                "--split: unknown split `{other}` (known: all, modapte-train, modapte-test)"
            )])
            .into())
        }
    };
    let mut records: Vec<ReutersRecord> = read_jsonl(a.gold)?;
    if let Some(keep) = only {
        records.retain(keep);
    }
    let places_path = match a.places {
        Some(p) => p.to_path_buf(),
        None => a
            .gold
            .parent()
            .unwrap_or(Path::new("."))
            .join("places_to_iso.tsv"),
    };
    let places = place_map(&read(&places_path)?);
    let orgs = code_map(
        &match a.orgs_map {
            Some(p) => read(p)?,
            None => REUTERS_ORGS.to_string(),
        },
        "reuters_code",
        "org_id",
    );
    let topics = topic_map(&match a.topics_map {
        Some(p) => read(p)?,
        None => REUTERS_TOPICS.to_string(),
    });
    let w = workers(config)?;
    let parents = theme_parents(&w.tagger);
    let thresholds = theme_thresholds(&w.tagger);
    let known_themes: HashSet<String> = w
        .tagger
        .dictionary()
        .entities
        .iter()
        .filter(|e| e.kind == Some(Kind::Theme))
        .map(|e| e.id.clone())
        .collect();
    let mut date_formats = config.ingest.date_formats.clone();
    date_formats.push(REUTERS_DATE.to_string());
    let undated = records
        .iter()
        .filter(|r| {
            r.date
                .as_deref()
                .and_then(|d| parse_date(d, &date_formats))
                .is_none()
        })
        .count();
    let t0 = std::time::Instant::now();
    let preds: Vec<DocPrediction> = records
        .par_iter()
        .map(|r| {
            let date = r.date.as_deref().and_then(|d| parse_date(d, &date_formats));
            predict(
                &w,
                &parents,
                &thresholds,
                r.title.as_deref(),
                &r.text(),
                date,
            )
        })
        .collect::<Result<_>>()?;
    let secs = t0.elapsed().as_secs_f64();
    let gold = ReutersGold {
        records: &records,
        places: &places,
        orgs: &orgs,
        topics: &topics,
        examples: a.examples,
    };
    let all: Vec<usize> = (0..records.len()).collect();
    let test: Vec<usize> = all
        .iter()
        .copied()
        .filter(|&i| records[i].modapte_test())
        .collect();
    // Stories with no dateline nor body (a title only) are tagged by their title; the `, text`
    // lines leave them out.
    let nonempty = |v: &[usize]| -> Vec<usize> {
        v.iter()
            .copied()
            .filter(|&i| !records[i].text().trim().is_empty())
            .collect()
    };
    let (all_text, test_text) = (nonempty(&all), nonempty(&test));
    let subsets: Vec<(&str, &[usize])> = if a.split == "modapte-test" {
        vec![("modapte-test", &test), ("test, text", &test_text)]
    } else if a.split == "modapte-train" {
        vec![("modapte-train", &all), ("train, text", &all_text)]
    } else {
        vec![
            ("all", &all),
            ("all, text", &all_text),
            ("modapte-test", &test),
            ("test, text", &test_text),
        ]
    };
    let main = subsets[0].1;

    let mut text = format!(
        "== Reuters-21578 {}: {} documents ({} in the ModApte test split), tagged in {:.1} s; {} with an empty text (title only, tagged by their title: `, text` lines leave them out); {} without a date the tagger can use\n",
        a.gold.display(),
        records.len(),
        test.len(),
        secs,
        records.len() - all_text.len(),
        undated
    );
    let mut js = json!({"gold": a.gold.display().to_string(), "split": a.split, "documents": records.len(), "seconds": round(secs)});

    if sections.countries {
        let unmapped = unmapped_places(&gold, main);
        let n_unmapped: u64 = unmapped.values().sum();
        let n_places: u64 = main.iter().map(|&i| records[i].places.len() as u64).sum();
        let _ = writeln!(
            text,
            "\n-- countries (document level; gold `places` via {}: {} of {} gold places unmapped and excluded{})",
            places_path.display(),
            n_unmapped,
            n_places,
            if unmapped.is_empty() {
                String::new()
            } else {
                format!(
                    ": {}",
                    unmapped
                        .iter()
                        .map(|(p, n)| format!("{p} {n}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        );
        let mut jc = serde_json::Map::new();
        jc.insert("gold_places".into(), json!(n_places));
        jc.insert("unmapped_places".into(), json!(unmapped));
        let mut first = None;
        for (name, which) in &subsets {
            let s = score_countries(&gold, &preds, which);
            let _ = writeln!(
                text,
                "{name:<13} {} docs with a mapped place: pairs {}  all gold found {:.3} ({}/{})",
                s.docs,
                s.pairs.line(),
                s.all_found_rate(),
                s.all_found,
                s.docs
            );
            jc.insert(
                name.to_string(),
                json!({"docs": s.docs, "pairs": s.pairs.to_json(), "all_found": s.all_found,
                       "all_found_rate": round(s.all_found_rate()),
                       "false_positives": tallies_json(&s.false_pos, a.top),
                       "false_negatives": tallies_json(&s.false_neg, a.top)}),
            );
            first.get_or_insert(s);
        }
        if let Some(s) = first {
            let name = subsets[0].0;
            let mut dis: Vec<(&str, &String, &Tally)> = sorted(&s.false_pos)
                .into_iter()
                .map(|(k, t)| ("FP", k, t))
                .chain(sorted(&s.false_neg).into_iter().map(|(k, t)| ("FN", k, t)))
                .collect();
            dis.sort_by(|a, b| {
                b.2.count
                    .cmp(&a.2.count)
                    .then(a.1.cmp(b.1))
                    .then(a.0.cmp(b.0))
            });
            let _ = writeln!(
                text,
                "top {} disagreements ({name}; FP = predicted, not in gold; FN = in gold, not predicted; counts are documents):",
                a.top
            );
            for (kind, c, t) in dis.into_iter().take(a.top) {
                let name = country_name(&w.tagger, c);
                let _ = writeln!(
                    text,
                    "  {kind} {c:<5} {name:<28} {:>5}  e.g. {}",
                    t.count,
                    t.examples.join(", ")
                );
            }
        }
        js["countries"] = Value::Object(jc);
    }

    if sections.organizations {
        let _ = writeln!(
            text,
            "\n-- organizations (document level; gold `orgs` via reuters_orgs.tsv, {} codes mapped; precision counts only predicted ids that the map contains)",
            orgs.len()
        );
        let mut jo = serde_json::Map::new();
        let mut first = None;
        for (name, which) in &subsets {
            let s = score_orgs(&gold, &preds, which);
            let _ = writeln!(
                text,
                "{name:<13} {} docs with orgs: {}{}",
                s.docs,
                s.score.line(),
                if s.unmapped.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; unmapped gold codes: {}",
                        s.unmapped
                            .iter()
                            .map(|(c, n)| format!("{c} {n}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            );
            jo.insert(
                name.to_string(),
                json!({"docs": s.docs, "score": s.score.to_json(), "unmapped": s.unmapped,
                       "by_code": s.by_code.iter().map(|(c, (n, f))| (c.clone(), json!({"support": n, "found": f}))).collect::<serde_json::Map<_, _>>(),
                       "misses": tallies_json(&s.misses, usize::MAX),
                       "false_positives": tallies_json(&s.false_pos, a.top)}),
            );
            first.get_or_insert(s);
        }
        if let Some(s) = first {
            let _ = writeln!(
                text,
                "by code ({}): support, found, recall, misses e.g.",
                subsets[0].0
            );
            let mut codes: Vec<_> = s.by_code.iter().collect();
            codes.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
            for (code, (n, f)) in codes {
                let ex = s
                    .misses
                    .get(code)
                    .map_or(String::new(), |t| t.examples.join(", "));
                let _ = writeln!(
                    text,
                    "  {code:<12} {:<46} {n:>4} {f:>4}  {:.3}  {ex}",
                    format!(
                        "{} ({})",
                        gold.orgs[code],
                        entity_name(&w.tagger, Kind::Organization, &gold.orgs[code])
                    ),
                    ratio(*f, *n)
                );
            }
            let _ = writeln!(text, "false positives (mapped id predicted, not in gold):");
            for (org, t) in sorted(&s.false_pos).into_iter().take(a.top) {
                let _ = writeln!(
                    text,
                    "  {:<60} {:>5}  e.g. {}",
                    format!(
                        "{org} ({})",
                        entity_name(&w.tagger, Kind::Organization, org)
                    ),
                    t.count,
                    t.examples.join(", ")
                );
            }
        }
        js["organizations"] = Value::Object(jo);
    }

    if sections.themes {
        let s = score_themes(&gold, &preds, main, &known_themes);
        // The same over stories with a text (title-only stories give the tagger nothing).
        let st = score_themes(&gold, &preds, subsets[1].1, &known_themes);
        let _ = writeln!(
            text,
            "\n-- themes ({}; {} docs with at least one topic; a doc predicts a theme if it is about it: salience of the theme and its descendants, as in `document_themes`; `ment R`, `ment P`: any mention)",
            subsets[0].0, s.docs
        );
        if !s.unknown_themes.is_empty() {
            let _ = writeln!(
                text,
                "warning: themes in the map that the dictionary does not know: {}",
                s.unknown_themes
                    .iter()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        let _ = writeln!(
            text,
            "  {:<15} {:<24} {:>7} {:>7} {:>6} {:>7} {:>7} {:>7}   {:>7} {:>7}   {:>7} {:>7}",
            "topic",
            "theme",
            "support",
            "about",
            "hits",
            "recall",
            "precis",
            "F1",
            "ment R",
            "ment P",
            "R text",
            "F1 text"
        );
        let mut rows: Vec<_> = s.topics.iter().collect();
        rows.sort_by(|a, b| b.1.support.cmp(&a.1.support).then(a.0.cmp(b.0)));
        let (mut micro, mut micro_text, mut micro_ment) =
            (Score::default(), Score::default(), Score::default());
        let (mut met, mut met_ment) = (0, 0);
        for (topic, t) in &rows {
            let sc = t.score();
            let scm = t.mentioned_score();
            let sct = st.topics[*topic].score();
            micro.add(sc);
            micro_ment.add(scm);
            micro_text.add(sct);
            met += meets_target(&sc) as usize;
            met_ment += meets_target(&scm) as usize;
            let _ = writeln!(
                text,
                "  {topic:<15} {:<24} {:>7} {:>7} {:>6} {:>7.3} {:>7.3} {:>7.3}   {:>7.3} {:>7.3}   {:>7.3} {:>7.3}",
                t.theme_label(),
                t.support,
                t.predicted,
                t.hits,
                sc.recall(),
                sc.precision(),
                sc.f1(),
                scm.recall(),
                scm.precision(),
                sct.recall(),
                sct.f1()
            );
        }
        let _ = writeln!(text, "  micro over mapped topics, about: {}", micro.line());
        let _ = writeln!(
            text,
            "  micro over mapped topics, mentioned: {}",
            micro_ment.line()
        );
        let _ = writeln!(
            text,
            "  about, over the {} of them with a text: {}",
            st.docs,
            micro_text.line()
        );
        let _ = writeln!(
            text,
            "  topics meeting recall >= 0.9 and precision >= 0.7: about {met} of {}, mentioned {met_ment} of {}",
            rows.len(),
            rows.len()
        );
        let misses: Vec<_> = rows
            .iter()
            .filter(|(_, t)| t.support > 0 && !meets_target(&t.score()))
            .collect();
        if !misses.is_empty() {
            let _ = writeln!(
                text,
                "  missing the target (about; FP = about the theme, not the topic; FN = the topic, not about the theme):"
            );
            for (topic, t) in misses {
                let sc = t.score();
                let _ = writeln!(
                    text,
                    "    {topic:<15} R {:.3} P {:.3}  FP e.g. {}  FN e.g. {}",
                    sc.recall(),
                    sc.precision(),
                    t.false_pos.join(", "),
                    t.false_neg.join(", ")
                );
            }
        }
        let unmapped_total: u64 = s.unmapped.values().sum();
        let _ = writeln!(
            text,
            "  unmapped gold topics: {} (doc, topic) pairs over {} topics{}",
            unmapped_total,
            s.unmapped.len(),
            if s.unmapped.is_empty() {
                String::new()
            } else {
                let mut u: Vec<_> = s.unmapped.iter().collect();
                u.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                format!(
                    "; most frequent: {}",
                    u.iter()
                        .take(a.top)
                        .map(|(t, n)| format!("{t} {n}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        );
        js["themes"] = json!({
            "docs": s.docs, "micro": micro.to_json(), "micro_mentioned": micro_ment.to_json(),
            "meeting_target": met, "meeting_target_mentioned": met_ment, "unmapped": s.unmapped,
            "docs_with_text": st.docs, "micro_with_text": micro_text.to_json(),
            "topics": rows.iter().map(|(topic, t)| json!({"topic": topic, "theme": t.theme_label(), "themes": t.themes, "support": t.support,
                "predicted": t.predicted, "hits": t.hits, "recall": round(t.score().recall()),
                "precision": round(t.score().precision()), "f1": round(t.score().f1()),
                "mentioned": t.mentioned_score().to_json(), "false_positives": t.false_pos, "false_negatives": t.false_neg,
                "with_text": st.topics[*topic].score().to_json()})).collect::<Vec<_>>(),
        });
    }
    Ok(if a.json { format!("{js}\n") } else { text })
}

fn country_name(tagger: &Tagger, id: &str) -> String {
    entity_name(tagger, Kind::Country, id)
}

fn entity_name(tagger: &Tagger, kind: Kind, id: &str) -> String {
    tagger
        .dictionary()
        .find(kind, id)
        .map_or(String::new(), |i| {
            tagger.dictionary().entities[i].name.clone()
        })
}

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
const FUNCTION_WORDS: &[&str] = &[
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

fn form_rank(form: Form) -> u8 {
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

    fn get(&self, key: &str, route: &'static str) -> Option<PlaceCountry> {
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
fn aliases(t: &Tagger) -> impl Iterator<Item = (String, String, Form)> + '_ {
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

fn overlaps(a: &Span, b: &Span) -> bool {
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
fn byte_offsets(text: &str) -> Vec<usize> {
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

    let mut text = String::new();
    let _ = writeln!(
        text,
        "== mentions: {} gold entity mentions in {} documents; located {} ({} placed on the last of fewer occurrences), sentence not found {}, text not found in its sentence {}; sentences whose text differs from the document {}",
        entities.len(),
        docs.len(),
        stats.located,
        stats.ambiguous,
        stats.no_sentence,
        stats.not_found,
        stats.sentence_mismatch
    );

    // Organizations.
    let n_org_gold = entities
        .iter()
        .filter(|e| e.etype == "organization")
        .count();
    let _ = writeln!(
        text,
        "\n-- organizations (overlap; recall over named gold organizations, precision against any gold organization mention)\ngold organization mentions {}, named {}: {}",
        n_org_gold,
        org_score.score.gold,
        org_score.score.line()
    );
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
    write_tallies(&mut text, "misses (gold text [identity])", &org_misses, top);
    write_tallies(
        &mut text,
        "false positives (surface id form/method (overlapping gold of another type))",
        &org_fps,
        top,
    );

    // Places → countries.
    let _ = writeln!(
        text,
        "\n-- places -> countries (overlap; gold = named place mentions whose identity or text maps to a country)\ngold place mentions located {}, named {}, mapped to a country {}: {}",
        place_counts.0,
        place_counts.1,
        place_counts.2,
        place_score.score.line()
    );
    let _ = writeln!(
        text,
        "predictions left out of precision (overlapping an unmapped or unnamed gold place) {}; found gold whose overlapping prediction names another country {}",
        place_score.neutral, place_score.id_mismatch
    );
    let _ = writeln!(
        text,
        "without demonym predictions: {}\ngold in scope only (no cities below city_min_population): {}",
        no_demonym_score.line(),
        in_scope_score.line()
    );
    // Recall by mapping.
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
    let _ = writeln!(text, "recall by mapping (route form: gold, found, recall):");
    for (k, (n, f)) in &by_map {
        let _ = writeln!(text, "  {k:<40} {n:>4} {f:>4}  {:.3}", ratio(*f, *n));
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
    let _ = writeln!(
        text,
        "false positives by form: {}",
        fp_forms
            .iter()
            .map(|(f, n)| format!("{f} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    write_tallies(
        &mut text,
        "misses (gold text [identity] -> country via route form)",
        &place_misses,
        top,
    );
    write_tallies(
        &mut text,
        "false positives (surface id form/method (overlapping gold of another type))",
        &place_fps,
        top,
    );
    write_tallies(
        &mut text,
        "named gold places not mapped to a country (not scored)",
        &unmapped_places,
        top,
    );

    let js = json!({
        "gold_mentions": entities.len(),
        "documents": docs.len(),
        "locate": {"located": stats.located, "ambiguous": stats.ambiguous, "no_sentence": stats.no_sentence,
                   "not_found": stats.not_found, "sentence_mismatch": stats.sentence_mismatch},
        "organizations": {"gold_mentions": n_org_gold, "score": org_score.score.to_json(),
                          "misses": tallies_json(&org_misses, top), "false_positives": tallies_json(&org_fps, top)},
        "places": {"located": place_counts.0, "named": place_counts.1, "mapped": place_counts.2,
                   "score": place_score.score.to_json(), "neutral_predictions": place_score.neutral,
                   "score_without_demonyms": no_demonym_score.to_json(), "score_in_scope": in_scope_score.to_json(),
                   "id_mismatch": place_score.id_mismatch,
                   "mappings": place_routes,
                   "recall_by_mapping": by_map.iter().map(|(k, (n, f))| (k.clone(), json!({"gold": n, "found": f}))).collect::<serde_json::Map<_, _>>(),
                   "false_positives_by_form": fp_forms,
                   "misses": tallies_json(&place_misses, top), "false_positives": tallies_json(&place_fps, top),
                   "unmapped": tallies_json(&unmapped_places, top)},
    });
    Ok((text, js))
}

fn write_tallies(text: &mut String, title: &str, map: &BTreeMap<String, Tally>, top: usize) {
    let total: u64 = map.values().map(|t| t.count).sum();
    let _ = writeln!(text, "{title}: {total} ({} distinct)", map.len());
    for (k, t) in sorted(map).into_iter().take(top) {
        let _ = writeln!(
            text,
            "  {:>3}  {k}  e.g. {}",
            t.count,
            t.examples.join(", ")
        );
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/eval")
            .join(name)
    }

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn leading_codes_of_the_place_table() {
        for (cell, want) in [
            ("US", Some("US")),
            ("SUHH (ISO 3166-3)", Some("SUHH")),
            ("DDDE (ISO 3166-3; now DE)", Some("DDDE")),
            ("YE (North Yemen)", Some("YE")),
            ("", None),
            ("-", None),
            ("no ISO code (region)", None),
            ("eu", None),
        ] {
            assert_eq!(leading_code(cell).as_deref(), want, "{cell:?}");
        }
        let map = place_map(&read(&fixture("places_to_iso.tsv")).unwrap());
        assert_eq!(map["ussr"].as_deref(), Some("SUHH"));
        assert_eq!(map["east-germany"].as_deref(), Some("DDDE"));
        assert_eq!(map["usa"].as_deref(), Some("US"));
        assert_eq!(map["atlantis"], None);
    }

    #[test]
    fn score_arithmetic() {
        let s = Score {
            pred: 4,
            pred_ok: 3,
            gold: 6,
            gold_found: 3,
        };
        assert_eq!(s.precision(), 0.75);
        assert_eq!(s.recall(), 0.5);
        assert_eq!(s.f1(), 0.6);
        assert_eq!(Score::default().f1(), 0.0);
    }

    /// Two made-up stories: gold places usa, ussr, atlantis (unmapped) and usa, east-germany;
    /// predictions US, GB and DDDE, US, FR.
    fn reuters_fixture() -> (Vec<ReutersRecord>, HashMap<String, Option<String>>) {
        let records: Vec<ReutersRecord> = read_jsonl(&fixture("reuters.jsonl")).unwrap();
        let places = place_map(&read(&fixture("places_to_iso.tsv")).unwrap());
        (records, places)
    }

    #[test]
    fn reuters_countries_orgs_and_themes() {
        let (records, places) = reuters_fixture();
        assert_eq!(records.len(), 3);
        assert_eq!(records[0].id(), "1");
        assert!(records[0].text().starts_with("GOTHAM, March 3 - "));
        assert!(!records[0].modapte_test() && records[1].modapte_test());
        assert!(records[0].modapte_train() && !records[1].modapte_train());
        let date = records[0].date.as_deref().unwrap();
        assert!(parse_date(date, &[REUTERS_DATE.to_string()]).is_some());
        let orgs = code_map(
            &read(&fixture("reuters_orgs.tsv")).unwrap(),
            "reuters_code",
            "org_id",
        );
        let topics = topic_map(&read(&fixture("reuters_topics.tsv")).unwrap());
        let gold = ReutersGold {
            records: &records,
            places: &places,
            orgs: &orgs,
            topics: &topics,
            examples: 2,
        };
        let parents: HashMap<String, String> = [("wheat", "grain"), ("grain", "agriculture")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let mut themes0 = BTreeSet::new();
        with_ancestors("wheat", &parents, &mut themes0);
        assert_eq!(themes0, set(&["agriculture", "grain", "wheat"]));
        let preds = vec![
            DocPrediction {
                countries: set(&["US", "GB"]),
                organizations: set(&["Q1", "Q2", "new:acme-corp"]),
                about: set(&["grain"]),
                themes: themes0,
            },
            DocPrediction {
                countries: set(&["DDDE", "US", "FR"]),
                organizations: set(&[]),
                themes: set(&["crude_oil"]),
                about: set(&["crude_oil"]),
            },
            DocPrediction::default(),
        ];
        let all = [0, 1, 2];
        // Countries: gold {US, SUHH} and {US, DDDE} (atlantis unmapped, third story has none).
        assert_eq!(
            unmapped_places(&gold, &all),
            [("atlantis".to_string(), 1)].into()
        );
        let c = score_countries(&gold, &preds, &all);
        assert_eq!(c.docs, 2);
        assert_eq!(
            c.pairs,
            Score {
                pred: 5,
                pred_ok: 3,
                gold: 4,
                gold_found: 3
            }
        );
        assert_eq!(c.pairs.precision(), 0.6);
        assert_eq!(c.pairs.recall(), 0.75);
        assert_eq!(c.all_found, 1);
        assert_eq!(c.all_found_rate(), 0.5);
        assert_eq!(c.false_pos["GB"].examples, vec!["1"]);
        assert_eq!(c.false_pos["FR"].count, 1);
        assert_eq!(c.false_neg["SUHH"].examples, vec!["1"]);
        assert_eq!(c.false_neg.len(), 1);
        let test = score_countries(&gold, &preds, &[1]);
        assert_eq!(
            (test.pairs.precision(), test.pairs.recall()),
            (2.0 / 3.0, 1.0)
        );

        // Organizations: gold imf (Q1) and opec (Q3) in story 1, ec (unmapped here) in story 2;
        // predicted Q1, Q2 (mapped: worldbank), new:acme-corp (not mapped: ignored).
        let o = score_orgs(&gold, &preds, &all);
        assert_eq!(o.docs, 2);
        assert_eq!(
            o.score,
            Score {
                pred: 2,
                pred_ok: 1,
                gold: 2,
                gold_found: 1
            }
        );
        assert_eq!(o.unmapped, [("ec".to_string(), 1)].into());
        assert_eq!(o.by_code["imf"], (1, 1));
        assert_eq!(o.by_code["opec"], (1, 0));
        assert_eq!(o.misses["opec"].examples, vec!["1"]);
        assert_eq!(o.false_pos["Q2"].count, 1);

        // Themes: story 1 has grain and wheat, story 2 crude and a topic with no theme, story 3
        // no topics (not scored).
        let known: HashSet<String> = ["grain", "wheat", "crude_oil"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let t = score_themes(&gold, &preds, &all, &known);
        assert_eq!(t.docs, 2);
        assert!(t.unknown_themes.contains("gold_metal"));
        assert_eq!(t.unmapped, [("plutonium".to_string(), 1)].into());
        let grain = &t.topics["grain"];
        assert_eq!((grain.support, grain.predicted, grain.hits), (1, 1, 1));
        let crude = &t.topics["crude"];
        assert_eq!((crude.support, crude.predicted, crude.hits), (1, 1, 1));
        let gold_t = &t.topics["gold"];
        assert_eq!((gold_t.support, gold_t.predicted, gold_t.hits), (0, 0, 0));
        // Story 1 mentions wheat but is about grain only: a miss of the "about" prediction, a
        // hit of the "mentioned" one.
        let wheat = &t.topics["wheat"];
        assert_eq!((wheat.support, wheat.predicted, wheat.hits), (1, 0, 0));
        assert_eq!((wheat.mentioned, wheat.mentioned_hits), (1, 1));
        assert_eq!(wheat.score().recall(), 0.0);
        assert_eq!(wheat.mentioned_score().f1(), 1.0);
        assert_eq!(wheat.false_neg, vec!["1"]);
        assert!(wheat.false_pos.is_empty());
        assert!(meets_target(&grain.score()) && !meets_target(&wheat.score()));
    }

    #[test]
    fn a_topic_on_several_rows_maps_to_each_theme() {
        let map = topic_map(
            "reuters_topic\ttheme\tnote\n\
             money-fx\tforeign_exchange\texchange rates\n\
             crude\tcrude_oil\t\n\
             money-fx\tmoney_markets\tliquidity operations\n\
             money-fx\tforeign_exchange\ta repeat\n\
             empty\t\t\n",
        );
        let cases: &[(&str, &[&str])] = &[
            ("money-fx", &["foreign_exchange", "money_markets"]),
            ("crude", &["crude_oil"]),
        ];
        for (topic, themes) in cases {
            assert_eq!(map[*topic], *themes, "{topic}");
        }
        assert!(!map.contains_key("empty"));

        // A story predicts the topic when it is about any of its themes; mentioned likewise.
        let (records, places) = reuters_fixture();
        let topics: BTreeMap<String, Vec<String>> = [(
            "crude".to_string(),
            vec!["crude_oil".to_string(), "refined_products".to_string()],
        )]
        .into();
        let orgs = BTreeMap::new();
        let gold = ReutersGold {
            records: &records,
            places: &places,
            orgs: &orgs,
            topics: &topics,
            examples: 2,
        };
        let known: HashSet<String> = ["crude_oil"].iter().map(|s| s.to_string()).collect();
        let pred = |themes: &[&str], about: &[&str]| DocPrediction {
            themes: set(themes),
            about: set(about),
            ..Default::default()
        };
        // Story 2 (crude) is about refined products only, story 1 (grain) about crude oil.
        let preds = vec![
            pred(&["crude_oil"], &["crude_oil"]),
            pred(&["crude_oil", "refined_products"], &["refined_products"]),
            pred(&[], &[]),
        ];
        let t = score_themes(&gold, &preds, &[0, 1, 2], &known);
        let crude = &t.topics["crude"];
        assert_eq!(crude.theme_label(), "crude_oil+refined_products");
        assert_eq!(
            (crude.support, crude.predicted, crude.hits),
            (1, 2, 1),
            "both stories predict crude, one of them rightly"
        );
        assert_eq!((crude.mentioned, crude.mentioned_hits), (2, 1));
        assert_eq!(crude.false_pos, vec!["1"]);
        assert!(crude.false_neg.is_empty());
        assert_eq!(t.unknown_themes, set(&["refined_products"]));
    }

    #[test]
    fn sections_parse() {
        let s = Sections::parse(&["countries,themes".to_string()]).unwrap();
        assert!(s.countries && s.themes && !s.organizations);
        assert!(Sections::parse(&["people".to_string()]).is_err());
    }

    #[test]
    fn tokenized_mentions_are_found_in_their_sentence() {
        let sent: Vec<char> = "Ms. Reyes’s firm, Reyes Holdings, can’t sell to Reyes."
            .chars()
            .collect();
        let at = |s: usize, e: usize| sent[s..e].iter().collect::<String>();
        let occ = occurrences(&sent, "Reyes ’s");
        assert_eq!(occ.len(), 1);
        assert_eq!(at(occ[0].0, occ[0].1), "Reyes’s");
        let occ = occurrences(&sent, "Reyes");
        assert_eq!(occ.len(), 3);
        assert_eq!(occ[1], (18, 23));
        assert_eq!(occurrences(&sent, "ca n’t").len(), 1);
        // Not inside a word unless nothing else fits.
        assert_eq!(occurrences(&sent, "eyes"), vec![(5, 9), (19, 23), (49, 53)]);
        assert!(occurrences(&sent, "Atlantis").is_empty());
    }

    #[test]
    fn names_and_titles() {
        for (t, want) in [
            ("the University of Nowhere", true),
            ("NATO", true),
            ("US", true),
            ("the US", true),
            ("it", false),
            ("We", false),
            ("the factory", false),
            ("They", false),
            ("a defensive alliance against Zorblat aggression", false),
            ("32 countries", false),
            ("a Zorblat administration", true),
        ] {
            assert_eq!(is_named(t, false, false), want, "{t}");
        }
        // At the start of a sentence, a lone capitalized first word needs an identity or capitals.
        assert!(!is_named("Armies", true, false));
        assert!(!is_named("Other countries", true, false));
        assert!(is_named("Zorblat", true, true));
        assert!(is_named("ZBX", true, false));
        assert!(is_named("Zorblat Holdings", true, false));
        assert!(is_named("Zorblat", false, false));
        assert_eq!(decode_title("Phoenix%2C_Arizona"), "Phoenix, Arizona");
        assert_eq!(decode_title("Washington_%28state%29"), "Washington (state)");
        assert_eq!(decode_title("S%C3%A3o_Paulo"), "São Paulo");
    }

    #[test]
    fn span_scoring_by_overlap() {
        let sp = |s: usize, e: usize, id: &str| Span {
            start: s,
            end: e,
            id: id.to_string(),
            note: String::new(),
        };
        let docs = vec![DocSpans {
            doc: "d".into(),
            // Gold: [0,10) "the Foo Org" named, [20,25) named, [30,34) unnamed (correct only).
            recall: vec![sp(0, 10, "A"), sp(20, 25, "B")],
            correct: vec![sp(0, 10, "A"), sp(20, 25, "B"), sp(30, 34, "")],
            neutral: vec![sp(40, 45, "")],
            // Predictions: inside the first (other id), inside the unnamed one, a neutral, a FP.
            pred: vec![
                sp(4, 7, "X"),
                sp(31, 33, "C"),
                sp(41, 44, "D"),
                sp(50, 52, "E"),
            ],
        }];
        let s = score_spans(&docs);
        assert_eq!(
            s.score,
            Score {
                pred: 3,
                pred_ok: 2,
                gold: 2,
                gold_found: 1
            }
        );
        assert_eq!(s.neutral, 1);
        assert_eq!(s.id_mismatch, 1);
        assert_eq!(s.misses, vec![("d".to_string(), 1)]);
        assert_eq!(s.false_pos, vec![("d".to_string(), 3)]);
        assert_eq!(s.score.precision(), 2.0 / 3.0);
        assert_eq!(s.score.recall(), 0.5);
        assert!((s.score.f1() - 4.0 / 7.0).abs() < 1e-12);
    }

    /// The whole mention evaluation on a made-up interview, with the built-in dictionaries.
    #[test]
    fn mention_eval_end_to_end() {
        let entities: Vec<GoldEntity> = read_jsonl(&fixture("gum_entities.jsonl")).unwrap();
        let docs: Vec<GoldText> = read_jsonl(&fixture("gum_sentences.jsonl")).unwrap();
        let config = Config::default();
        let w = workers(&config).unwrap();
        let mut full_cfg = config.tag.clone();
        full_cfg.city_min_population = 0;
        let index = PlaceIndex::new(&w.tagger, &Tagger::new(&full_cfg).unwrap());
        assert_eq!(index.by_title("France").unwrap().country, "FR");
        assert_eq!(index.by_title("Lyon").unwrap().country, "FR");
        assert_eq!(index.by_text("the United States").unwrap().country, "US");
        assert!(index.by_title("Atlantis").is_none());

        let mut stats = LocateStats::default();
        let mut texts = HashMap::new();
        for d in &docs {
            let chars: Vec<char> = d.text.chars().collect();
            let sents = d
                .sentences
                .iter()
                .map(|s| (s.id.clone(), (s.start, s.end)))
                .collect();
            texts.insert(d.doc_id.clone(), (chars, sents));
        }
        let located = locate(&entities, &texts, &mut stats);
        assert_eq!(stats.located, entities.len() as u64);
        // "the World Health Organization ’s" is found as "the World Health Organization’s".
        let who = located[1].as_ref().unwrap();
        let chars: Vec<char> = docs[0].text.chars().collect();
        assert_eq!(
            chars[who.start..who.end].iter().collect::<String>(),
            "the World Health Organization’s"
        );
        // The second "France" of sentence 2 takes the second occurrence.
        let (a, b) = (located[4].as_ref().unwrap(), located[5].as_ref().unwrap());
        assert!(a.start < b.start);

        let (text, js) = mention_report(&w, &index, &entities, &docs, 10).unwrap();
        assert!(text.contains("-- organizations"), "{text}");
        // Gold orgs: WHO (named), "it" (not named) → recall 1/1 if the tagger finds the WHO.
        assert_eq!(js["organizations"]["score"]["gold"], 1);
        assert_eq!(js["organizations"]["score"]["gold_found"], 1);
        // Gold places: Lyon (city), France three times, "there" (unnamed), "Atlantis" (unmapped).
        assert_eq!(js["places"]["located"], 6);
        assert_eq!(js["places"]["named"], 5);
        assert_eq!(js["places"]["mapped"], 4);
        assert_eq!(js["places"]["score"]["gold"], 4);
    }
}
