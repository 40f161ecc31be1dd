//! `newsmill eval ner`: span-level precision, recall and F1 per label against gold names (JSONL:
//! `doc_id`, `text`, `entities[]` with `byte_start`, `byte_end`, `label`), the scorer of
//! `bench/ner_spacy.py`.
//!
//! Labels: ORG, PER, LOC (gold GPE counts as LOC; other gold labels are ignored). Ours: ORG the
//! organization mentions, PER the person mentions, LOC the country mentions other than
//! demonyms and the recognizer's locations that no mention overlaps. Exact: same start, end
//! and label; overlap: a predicted span is right when it overlaps a gold span of its label, a
//! gold span found when a predicted span of its label overlaps it.
//!
//! By name per document (the scorer of issue 19's held-out sets): per document and label, the set
//! of distinct normalized names of the gold spans and of the predicted spans; a name is right when
//! both sets hold it. Counts are summed over documents (micro). Normalizing ([`normalize_name`]):
//! Unicode lower case, runs of whitespace made one space and the ends trimmed, then a leading
//! "the " and a trailing "'s" or "’s" removed; a name that ends up empty is not counted. "ALL"
//! counts (label, name) pairs. `bench/ner_spacy.py` applies the same rule.

mod errors;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use anyhow::Result;
use newsmill_tag::ner::{part_of, GoldDoc, Label};
use newsmill_tag::Kind;
use rayon::prelude::*;
use serde_json::{json, Value};

use newsmill_engine::config::Config;

const LABELS: [&str; 3] = ["ORG", "PER", "LOC"];

/// A span with its label.
pub type Labeled = (usize, usize, &'static str);

/// Counts of one label.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Counts {
    pub gold: u64,
    pub pred: u64,
    pub exact: u64,
    pub pred_overlap: u64,
    pub gold_overlap: u64,
}

fn overlap(a: &Labeled, b: &Labeled) -> bool {
    a.2 == b.2 && a.0 < b.1 && b.0 < a.1
}

/// A name as the by-name scorer compares it: lower case, whitespace collapsed, without a leading
/// "the " or a trailing "'s" / "’s" (the tagger's learned filter keys names the same way).
pub fn normalize_name(surface: &str) -> String {
    newsmill_tag::ner::filter::name_key(surface)
}

/// Counts of one label by name per document: distinct gold names, distinct predicted names and
/// names in both, summed over documents.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct NameCounts {
    pub gold: u64,
    pub pred: u64,
    pub hit: u64,
}

/// The distinct (label, normalized name) pairs of a document's spans; spans off the text's
/// character boundaries and names that normalize to nothing are left out.
fn names_of(text: &str, spans: &[Labeled]) -> HashSet<(&'static str, String)> {
    spans
        .iter()
        .filter_map(|&(start, end, label)| {
            let name = normalize_name(text.get(start..end)?);
            (!name.is_empty()).then_some((label, name))
        })
        .collect()
}

/// Scores documents (text, gold spans, predicted spans) by name per document, per label and over
/// all ("ALL").
pub fn score_names(docs: &[(&str, &[Labeled], &[Labeled])]) -> BTreeMap<&'static str, NameCounts> {
    let mut rows: BTreeMap<&'static str, NameCounts> = LABELS
        .iter()
        .chain(&["ALL"])
        .map(|l| (*l, NameCounts::default()))
        .collect();
    for (text, gold, pred) in docs {
        let g = names_of(text, gold);
        let p = names_of(text, pred);
        for label in LABELS.iter().chain(&["ALL"]) {
            let of = |set: &HashSet<(&'static str, String)>| -> HashSet<(&'static str, String)> {
                set.iter()
                    .filter(|n| *label == "ALL" || n.0 == *label)
                    .cloned()
                    .collect()
            };
            let (gl, pl) = (of(&g), of(&p));
            if let Some(c) = rows.get_mut(label) {
                c.gold += gl.len() as u64;
                c.pred += pl.len() as u64;
                c.hit += gl.intersection(&pl).count() as u64;
            }
        }
    }
    rows
}

/// Scores documents of (gold, predicted) spans per label and over all ("ALL").
pub fn score(docs: &[(Vec<Labeled>, Vec<Labeled>)]) -> BTreeMap<&'static str, Counts> {
    let mut rows = BTreeMap::new();
    for label in LABELS.iter().chain(&["ALL"]) {
        let mut c = Counts::default();
        for (gold, pred) in docs {
            let g: Vec<&Labeled> = gold
                .iter()
                .filter(|s| *label == "ALL" || s.2 == *label)
                .collect();
            let p: Vec<&Labeled> = pred
                .iter()
                .filter(|s| *label == "ALL" || s.2 == *label)
                .collect();
            c.gold += g.len() as u64;
            c.pred += p.len() as u64;
            let gs: HashSet<&Labeled> = g.iter().copied().collect();
            let ps: HashSet<&Labeled> = p.iter().copied().collect();
            c.exact += ps.iter().filter(|s| gs.contains(*s)).count() as u64;
            c.pred_overlap += p.iter().filter(|s| g.iter().any(|x| overlap(s, x))).count() as u64;
            c.gold_overlap += g.iter().filter(|s| p.iter().any(|x| overlap(s, x))).count() as u64;
        }
        rows.insert(*label, c);
    }
    rows
}

fn prf(hit_p: u64, pred: u64, hit_g: u64, gold: u64) -> (f64, f64, f64) {
    let p = if pred > 0 {
        hit_p as f64 / pred as f64
    } else {
        0.0
    };
    let r = if gold > 0 {
        hit_g as f64 / gold as f64
    } else {
        0.0
    };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

fn r3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// `newsmill eval ner`: the report (text, or JSON when `json`).
pub fn run(
    config: &Config,
    gold: &Path,
    part: &str,
    json_out: bool,
    errors: usize,
) -> Result<String> {
    let text = std::fs::read_to_string(gold)?;
    let mut docs: Vec<GoldDoc> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let d: GoldDoc = serde_json::from_str(line)
            .map_err(|e| anyhow::anyhow!("{}:{}: {e}", gold.display(), i + 1))?;
        if part == "all" || part_of(&d.doc_id) == part {
            docs.push(d);
        }
    }
    let w = crate::workers(config)?;
    let started = std::time::Instant::now();
    let pairs: Vec<(Vec<Labeled>, Vec<Labeled>)> = docs
        .par_iter()
        .map(|d| predict(&w, d))
        .collect::<Result<_>>()?;
    let secs = started.elapsed().as_secs_f64();
    let rows = score(&pairs);
    let by_name = score_names(
        &docs
            .iter()
            .zip(&pairs)
            .map(|(d, (g, p))| (d.text.as_str(), g.as_slice(), p.as_slice()))
            .collect::<Vec<_>>(),
    );
    let mut labels = serde_json::Map::new();
    let mut table = String::new();
    for (label, c) in &rows {
        let (ep, er, ef) = prf(c.exact, c.pred, c.exact, c.gold);
        let (op, or, of) = prf(c.pred_overlap, c.pred, c.gold_overlap, c.gold);
        let n = by_name.get(label).cloned().unwrap_or_default();
        let (np, nr, nf) = prf(n.hit, n.pred, n.hit, n.gold);
        labels.insert(
            label.to_string(),
            json!({"gold": c.gold, "pred": c.pred,
                "exact": {"p": r3(ep), "r": r3(er), "f1": r3(ef)},
                "overlap": {"p": r3(op), "r": r3(or), "f1": r3(of)},
                "by_name": {"gold": n.gold, "pred": n.pred,
                    "p": r3(np), "r": r3(nr), "f1": r3(nf)}}),
        );
        table.push_str(&format!(
            "{label:6} {:6} {:6}   {ep:.3} {er:.3} {ef:.3}   {op:.3} {or:.3} {of:.3}   \
             {np:.3} {nr:.3} {nf:.3}\n",
            c.gold, c.pred
        ));
    }
    if json_out {
        let v: Value = json!({"gold": gold.display().to_string(), "part": part,
            "documents": docs.len(), "labels": labels});
        return Ok(format!("{v}\n"));
    }
    let mut report = format!(
        "newsmill on {} (part {part}): {} documents, {secs:.1} s\n\
         label    gold   pred   exact P    R    F1   overlap P    R    F1   by name P    R    F1\n\
         {table}",
        gold.display(),
        docs.len()
    );
    if errors > 0 {
        report.push_str(&errors::report(&docs, &pairs, errors));
    }
    Ok(report)
}

/// Gold (ORG, PER, LOC) and predicted spans of one document.
pub fn predict(
    w: &newsmill_engine::runner::Workers,
    d: &GoldDoc,
) -> Result<(Vec<Labeled>, Vec<Labeled>)> {
    let gold: Vec<Labeled> = d
        .entities
        .iter()
        .filter_map(|e| {
            let l = match Label::from_gold(&e.label)? {
                Label::Org => "ORG",
                Label::Per => "PER",
                Label::Loc => "LOC",
                Label::Misc => return None,
            };
            Some((e.byte_start, e.byte_end, l))
        })
        .collect();
    let sents = w.splitter.spans(&d.text);
    let (mentions, names) = w.tagger.tag_document_names(&d.text, &sents)?;
    let mut pred: Vec<Labeled> = mentions
        .iter()
        .filter_map(|m| {
            let l = match m.kind {
                Kind::Organization => "ORG",
                Kind::Person => "PER",
                Kind::Country if m.form != Some(newsmill_tag::Form::Demonym) => "LOC",
                _ => return None,
            };
            Some((m.start, m.end, l))
        })
        .collect();
    for n in names.iter().filter(|n| n.label == Label::Loc) {
        if !mentions
            .iter()
            .any(|m| m.kind != Kind::Theme && m.start < n.end && n.start < m.end)
        {
            pred.push((n.start, n.end, "LOC"));
        }
    }
    pred.sort_unstable();
    pred.dedup();
    Ok((gold, pred))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_and_overlap_per_label() {
        let gold = vec![(0, 10, "ORG"), (20, 30, "PER"), (40, 50, "LOC")];
        let pred = vec![
            (0, 10, "ORG"),
            (22, 30, "PER"),
            (40, 50, "ORG"),
            (60, 70, "PER"),
        ];
        let rows = score(&[(gold, pred)]);
        let org = &rows["ORG"];
        assert_eq!(
            (org.gold, org.pred, org.exact, org.pred_overlap),
            (1, 2, 1, 1)
        );
        let per = &rows["PER"];
        assert_eq!((per.exact, per.pred_overlap, per.gold_overlap), (0, 1, 1));
        let loc = &rows["LOC"];
        assert_eq!((loc.gold, loc.pred, loc.gold_overlap), (1, 0, 0));
        let all = &rows["ALL"];
        assert_eq!((all.gold, all.pred, all.exact), (3, 4, 1));
        assert_eq!(prf(1, 2, 1, 1), (0.5, 1.0, 2.0 / 3.0));
        assert_eq!(prf(0, 0, 0, 0), (0.0, 0.0, 0.0));
    }

    #[test]
    fn normalize_name_rule() {
        let cases = [
            ("Acme Widgets", "acme widgets"),
            ("  ACME\n  Widgets\t", "acme widgets"),
            ("The Daily Lantern", "daily lantern"),
            ("the  Harbour Trust", "harbour trust"),
            ("Theodora Quill", "theodora quill"),
            ("Acme's", "acme"),
            ("Acme’s", "acme"),
            ("The Guild of Ropemakers's", "guild of ropemakers"),
            ("Ångström Ltd", "ångström ltd"),
            ("ÉCOLE NORMALE", "école normale"),
            ("The", "the"),
            ("'s", ""),
        ];
        for (surface, want) in cases {
            assert_eq!(normalize_name(surface), want, "{surface:?}");
        }
    }

    #[test]
    fn by_name_per_document() {
        // Each case: texts with gold and predicted names, and (gold, pred, hit) for ORG, PER and ALL.
        type Doc = (&'static str, Vec<Labeled>, Vec<Labeled>);
        type Case = (&'static str, Vec<Doc>, [(u64, u64, u64); 3]);
        let t1 = "Acme Widgets hired Ada Lovell. Acme widgets said the Acme Widgets board met.";
        let t2 = "The Harbour Trust and Acme's staff met Lovell.";
        let cases: Vec<Case> = vec![
            (
                "repeated and case-variant names count once per document",
                vec![(
                    t1,
                    vec![
                        (0, 12, "ORG"),
                        (19, 29, "PER"),
                        (31, 43, "ORG"),
                        (53, 65, "ORG"),
                    ],
                    vec![(0, 12, "ORG"), (31, 43, "ORG"), (19, 29, "PER")],
                )],
                [(1, 1, 1), (1, 1, 1), (2, 2, 2)],
            ),
            (
                "a wrong span or label is a miss and a wrong name",
                vec![(
                    t1,
                    vec![(0, 12, "ORG"), (19, 29, "PER")],
                    vec![(0, 4, "ORG"), (19, 29, "ORG")],
                )],
                [(1, 2, 0), (1, 0, 0), (2, 2, 0)],
            ),
            (
                "the leading 'the' and the possessive do not matter",
                vec![(
                    t2,
                    vec![(0, 17, "ORG"), (22, 26, "ORG")],
                    vec![(4, 17, "ORG"), (22, 28, "ORG")],
                )],
                [(2, 2, 2), (0, 0, 0), (2, 2, 2)],
            ),
            (
                "documents are summed: the same name in two documents counts twice",
                vec![
                    (t1, vec![(0, 12, "ORG")], vec![(0, 12, "ORG")]),
                    (
                        t2,
                        vec![(22, 26, "ORG"), (39, 45, "PER")],
                        vec![(22, 26, "ORG")],
                    ),
                ],
                [(2, 2, 2), (1, 0, 0), (3, 2, 2)],
            ),
            (
                "a span off a character boundary is left out",
                vec![("Ünal Corp", vec![(0, 9, "ORG")], vec![(1, 9, "ORG")])],
                [(1, 0, 0), (0, 0, 0), (1, 0, 0)],
            ),
        ];
        for (what, docs, want) in cases {
            let refs: Vec<(&str, &[Labeled], &[Labeled])> = docs
                .iter()
                .map(|(t, g, p)| (*t, g.as_slice(), p.as_slice()))
                .collect();
            let rows = score_names(&refs);
            for (label, (gold, pred, hit)) in ["ORG", "PER", "ALL"].iter().zip(want) {
                assert_eq!(
                    rows[label],
                    NameCounts { gold, pred, hit },
                    "{what}: {label}"
                );
            }
        }
    }
}
