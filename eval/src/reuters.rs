//! `newsmill eval reuters`: the Reuters-21578 dump and its code maps, predictions per story, and
//! the document-level scores of countries, organizations and themes.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use anyhow::Result;
use newsmill_core::salience::{salience, ThemeMention};
use newsmill_core::Error;
use newsmill_ingest::parse_date;
use newsmill_tag::{Kind, Tagger};
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::Value;

use newsmill_engine::config::Config;
use newsmill_engine::runner::Workers;

use crate::score::*;
use crate::*;
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
    /// Each theme's place in the story's order (salience's `rank`, 1: what it is most about).
    pub rank: BTreeMap<String, u32>,
}

/// Theme id → its salience threshold (`about` in the theme file), where it has one.
pub(crate) fn theme_thresholds(tagger: &Tagger) -> HashMap<String, f64> {
    tagger
        .dictionary()
        .entities
        .iter()
        .filter(|e| e.kind == Some(Kind::Theme))
        .filter_map(|e| Some((e.id.clone(), e.about?)))
        .collect()
}

/// Theme id → parent theme id, from the dictionary.
pub(crate) fn theme_parents(tagger: &Tagger) -> HashMap<String, String> {
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
pub(crate) const REUTERS_DATE: &str = "%d-%b-%Y %H:%M:%S%.f";

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
    for s in salience(
        &ms,
        |t| parents.get(t).map(String::as_str),
        |t| thresholds.get(t).copied(),
    ) {
        if s.about {
            p.about.insert(s.theme.clone());
        }
        p.rank.insert(s.theme, s.rank);
    }
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
    /// Where the gold topics' themes rank among the story's themes.
    pub ranking: RankScore,
}

/// How high a story's gold topics rank among its themes: per (story, mapped topic) pair, the
/// best `rank` of the topic's themes (a topic whose themes the story does not name counts as
/// never found).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RankScore {
    /// (story, mapped topic) pairs.
    pub pairs: u64,
    /// The sum of 1 / rank over the pairs.
    pub reciprocal: f64,
    /// Pairs whose topic ranks among the story's first [`FIRST_THEMES`] themes.
    pub first: u64,
}

/// How many of a story's first themes count as "among the first" in [`RankScore`] (the seed
/// article's target: its four subjects among the first five).
pub const FIRST_THEMES: u32 = 5;

impl RankScore {
    /// Adds a pair whose topic's best rank is `rank` (`None`: not named).
    pub fn add(&mut self, rank: Option<u32>) {
        self.pairs += 1;
        if let Some(r) = rank.filter(|r| *r > 0) {
            self.reciprocal += 1.0 / f64::from(r);
            self.first += u64::from(r <= FIRST_THEMES);
        }
    }

    /// The mean reciprocal rank (0 without pairs).
    pub fn mrr(&self) -> f64 {
        if self.pairs == 0 {
            0.0
        } else {
            self.reciprocal / self.pairs as f64
        }
    }

    /// The share of pairs among the first themes (0 without pairs).
    pub fn first_share(&self) -> f64 {
        if self.pairs == 0 {
            0.0
        } else {
            self.first as f64 / self.pairs as f64
        }
    }
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
            match gold.topics.get(t) {
                None => *s.unmapped.entry(t.clone()).or_insert(0) += 1,
                Some(themes) => s
                    .ranking
                    .add(themes.iter().filter_map(|th| p.rank.get(th).copied()).min()),
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
/// `newsmill eval reuters`: the report as text, or as JSON with `--json`.
pub fn reuters(config: &Config, a: &ReutersArgs) -> Result<String> {
    let r = evaluate_reuters(config, a)?;
    let (text, js) = crate::render::reuters(&r, a);
    Ok(if a.json { format!("{js}\n") } else { text })
}

/// The scores of one subset of the stories (`all`, `all, text`, `modapte-test`...).
pub type BySubset<T> = Vec<(String, T)>;

/// Everything `newsmill eval reuters` reports, computed: the run's facts and the scores of each
/// section and subset. No formatting; [`crate::render::reuters`] writes it.
pub struct ReutersReport {
    /// The stories read (after `--split`).
    pub documents: usize,
    /// Stories of the ModApte test split among them.
    pub test_documents: usize,
    /// Stories that are a title only.
    pub title_only: usize,
    /// Stories without a date the tagger can use.
    pub undated: usize,
    /// Seconds to tag them.
    pub seconds: f64,
    /// The place table used.
    pub places_path: std::path::PathBuf,
    /// Reuters org code -> org id.
    pub orgs: BTreeMap<String, String>,
    /// The tagger as configured (for the names of ids).
    pub tagger: Tagger,
    /// Countries: gold places not mapped (by code), gold places, scores by subset.
    pub countries: Option<(BTreeMap<String, u64>, u64, BySubset<CountryScore>)>,
    /// Organizations: scores by subset.
    pub organizations: Option<BySubset<OrgScore>>,
    /// Themes: the first subset's name, its scores, and those over its stories with a text.
    pub themes: Option<(String, ThemeScore, ThemeScore)>,
}

/// Reads the gold, tags every story and scores the sections asked for.
pub fn evaluate_reuters(config: &Config, a: &ReutersArgs) -> Result<ReutersReport> {
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
    let countries = sections.countries.then(|| {
        let unmapped = unmapped_places(&gold, main);
        let n_places: u64 = main.iter().map(|&i| records[i].places.len() as u64).sum();
        let scores = subsets
            .iter()
            .map(|(name, which)| (name.to_string(), score_countries(&gold, &preds, which)))
            .collect();
        (unmapped, n_places, scores)
    });
    let organizations = sections.organizations.then(|| {
        subsets
            .iter()
            .map(|(name, which)| (name.to_string(), score_orgs(&gold, &preds, which)))
            .collect()
    });
    // The same over stories with a text (title-only stories give the tagger nothing).
    let themes = sections.themes.then(|| {
        (
            subsets[0].0.to_string(),
            score_themes(&gold, &preds, main, &known_themes),
            score_themes(&gold, &preds, subsets[1].1, &known_themes),
        )
    });
    Ok(ReutersReport {
        documents: records.len(),
        test_documents: test.len(),
        title_only: records.len() - all_text.len(),
        undated,
        seconds: secs,
        places_path,
        orgs,
        tagger: w.tagger,
        countries,
        organizations,
        themes,
    })
}

pub(crate) fn country_name(tagger: &Tagger, id: &str) -> String {
    entity_name(tagger, Kind::Country, id)
}

pub(crate) fn entity_name(tagger: &Tagger, kind: Kind, id: &str) -> String {
    tagger
        .dictionary()
        .find(kind, id)
        .map_or(String::new(), |i| {
            tagger.dictionary().entities[i].name.clone()
        })
}
