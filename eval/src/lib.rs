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
//!
//! Modules: [`score`] (precision, recall, tallies of disagreements); [`reuters`](mod@reuters) (the
//! dump, its code maps, predictions and scores: [`evaluate_reuters`] → [`ReutersReport`]);
//! [`mentions`](mod@mentions) (gold located in the texts, countries of places, span scores:
//! [`evaluate_mentions`] → [`MentionReport`]); [`render`] (the text and JSON reports of both, no
//! scoring); [`ner`] and [`themes`] (`eval ner`, `eval themes`); this file: reading gold files, the
//! workers.

pub mod mentions;
pub mod ner;
pub mod render;
pub mod reuters;
pub mod score;
pub mod themes;

pub use mentions::*;
pub use reuters::*;
pub use score::*;

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result};
use newsmill_core::Error;
use newsmill_tag::{Ent, Mention, Tagger};
use serde::Deserialize;

use newsmill_engine::config::Config;
use newsmill_engine::runner::{Stages, Workers};

/// Built-in maps from Reuters codes to our ids (overridable on the command line).
const REUTERS_ORGS: &str = include_str!("../../data/organizations/reuters_orgs.tsv");
const REUTERS_TOPICS: &str = include_str!("../../data/themes/reuters_topics.tsv");
/// Reads a TSV with a header into rows of named fields (missing trailing fields are empty).
pub(crate) fn tsv(text: &str) -> Vec<HashMap<String, String>> {
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

pub(crate) fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path)
        .map_err(|e| Error::input(path, e.to_string()))
        .with_context(|| format!("reading {}", path.display()))
}

pub(crate) fn read_jsonl<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>> {
    let text = read(path)?;
    parse_jsonl(&text).map_err(|e| Error::input(path, e).into())
}

pub(crate) fn parse_jsonl<T: for<'de> Deserialize<'de>>(
    text: &str,
) -> std::result::Result<Vec<T>, String> {
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
pub(crate) fn entity_id(tagger: &Tagger, m: &Mention) -> String {
    match &m.ent {
        Ent::Dict(i) => tagger.dictionary().entities[*i].id.clone(),
        Ent::New(name) => newsmill_tag::orgs::new_id(name),
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
    use std::path::Path;

    use newsmill_ingest::parse_date;

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
                ..Default::default()
            },
            DocPrediction {
                countries: set(&["DDDE", "US", "FR"]),
                organizations: set(&[]),
                themes: set(&["crude_oil"]),
                about: set(&["crude_oil"]),
                ..Default::default()
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
    fn gold_topics_rank_among_the_story_themes() {
        // Story 1's topics grain and wheat, story 2's crude (and plutonium, unmapped: no pair);
        // a topic counts at the best rank of its themes, never found when the story names none.
        let (records, places) = reuters_fixture();
        let topics = topic_map(&read(&fixture("reuters_topics.tsv")).unwrap());
        let orgs = BTreeMap::new();
        let gold = ReutersGold {
            records: &records,
            places: &places,
            orgs: &orgs,
            topics: &topics,
            examples: 2,
        };
        let known: HashSet<String> = ["grain", "wheat", "crude_oil"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let pred = |ranks: &[(&str, u32)]| DocPrediction {
            rank: ranks.iter().map(|(t, r)| (t.to_string(), *r)).collect(),
            ..Default::default()
        };
        type Case<'a> = (&'a [(&'a str, u32)], &'a [(&'a str, u32)], f64, f64);
        let cases: &[Case] = &[
            // grain 1st, wheat 2nd; crude 1st: reciprocal ranks 1, 1/2, 1.
            (
                &[("grain", 1), ("wheat", 2)],
                &[("crude_oil", 1)],
                2.5 / 3.0,
                1.0,
            ),
            // wheat 6th (beyond the first five), grain unnamed; crude 4th.
            (
                &[("wheat", 6)],
                &[("crude_oil", 4)],
                (1.0 / 6.0 + 0.25) / 3.0,
                1.0 / 3.0,
            ),
            // Nothing named.
            (&[], &[], 0.0, 0.0),
        ];
        for (i, (one, two, mrr, first)) in cases.iter().enumerate() {
            let preds = vec![pred(one), pred(two), pred(&[])];
            let r = score_themes(&gold, &preds, &[0, 1, 2], &known).ranking;
            assert_eq!(r.pairs, 3, "case {i}");
            assert!((r.mrr() - mrr).abs() < 1e-12, "case {i}: {}", r.mrr());
            assert!((r.first_share() - first).abs() < 1e-12, "case {i}");
        }
        assert_eq!(crate::reuters::RankScore::default().mrr(), 0.0);
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
