//! Trains the filter of the recognizer's organization names (`data/tag/org_filter.tsv`; see
//! `newsmill_tag::ner::filter` and docs/ner.md) from gold JSONL files.
//!
//! ```text
//! cargo run -p newsmill-eval --example train_org_filter -- --out data/tag/org_filter.tsv \
//!   /work/shared/corpora/conll2003/conll2003_train.jsonl \
//!   /work/shared/corpora/worldwide_newswire/worldwide_newswire_asia_africa.jsonl@train
//! ```
//!
//! The documents are tagged as `newsmill eval ner` tags them, with the filter off and, for each
//! half of them (documents alternate), a recognizer trained on the other half; each name the
//! recognizer's organizations give a document is an example, labelled right when the document's
//! gold organizations hold that name (the by-name scorer's normalization). A logistic regression
//! (full-batch gradient descent, fixed steps: deterministic) is fitted on all examples; the
//! threshold is chosen on scores of two-fold cross-fitting (documents alternate between folds)
//! to maximize F0.5 of organizations by name over the training documents (precision counts
//! twice as much as recall). `FILE@train` keeps the documents of the train part. `--dump FILE`
//! also writes the examples, one a line: 1 or 0 (right or not), a tab, the features.
use std::collections::{BTreeMap, HashSet};

use newsmill_engine::config::Config;
use newsmill_eval::ner::normalize_name;

use newsmill_tag::ner::filter::candidates;
use newsmill_tag::ner::train::{examples_of, hint_config, train, Example};
use newsmill_tag::ner::{hints_of, read_gold, GoldDoc, Label, Model};
use newsmill_tag::{Kind, Tagger};

/// The recognizer's training as `train_ner` does it (its defaults).
const NER_EPOCHS: usize = 8;
const NER_SEED: u64 = 1;
const NER_MIN_WEIGHT: f32 = 2.0;
/// Gradient steps (the loss changes by under 1e-5 a step after about 300 on the train parts).
const STEPS: usize = 400;
/// Step size of the gradient descent on the mean log loss.
const RATE: f64 = 0.5;
/// L2 penalty on the weights (not the bias): 1e-3 keeps one-document words from counting much.
const L2: f64 = 1e-3;
/// Features that fewer examples have are dropped (rare words fit single documents).
const MIN_COUNT: usize = 5;
/// Precision's weight against recall in the threshold's F-beta (0.5: precision counts twice).
const BETA: f64 = 0.5;

/// One document's names: those the filter may drop (features, right or not) and the rest.
struct Doc {
    cands: Vec<(Vec<String>, bool)>,
    /// Predicted organization names that are no candidates: (right?).
    fixed: Vec<bool>,
    gold: usize,
}

fn fit(examples: &[(Vec<usize>, bool)], n: usize) -> (f64, Vec<f64>) {
    let (mut b, mut w) = (0.0f64, vec![0.0f64; n]);
    let m = examples.len().max(1) as f64;
    for _ in 0..STEPS {
        let (mut gb, mut gw) = (0.0f64, vec![0.0f64; n]);
        for (x, y) in examples {
            let z = b + x.iter().map(|&i| w[i]).sum::<f64>();
            let p = 1.0 / (1.0 + (-z).exp());
            let g = p - if *y { 1.0 } else { 0.0 };
            gb += g;
            for &i in x {
                gw[i] += g;
            }
        }
        b -= RATE * gb / m;
        for i in 0..n {
            w[i] -= RATE * (gw[i] / m + L2 * w[i]);
        }
    }
    (b, w)
}

fn score(b: f64, w: &[f64], x: &[usize]) -> f64 {
    b + x.iter().map(|&i| w[i]).sum::<f64>()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (mut out, mut dump, mut files) = (None, None, Vec::new());
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" => out = args.next(),
            "--dump" => dump = args.next(),
            _ => files.push(a),
        }
    }
    let out = out.ok_or("--out FILE is required")?;
    let mut config = Config::default();
    config.tag.filter_names = false;
    let w = newsmill_eval::workers(&config)?;
    let mut gold_docs: Vec<GoldDoc> = Vec::new();
    for f in &files {
        gold_docs.extend(read_gold(f)?.into_iter().map(|(_, d)| d));
    }
    // The recognizer's names on its own training documents are better than on others: each
    // half of the documents is tagged with a model trained on the other half (as train_ner
    // trains the built-in one), so the examples look like the names of unseen news.
    let hinter = Tagger::new(&hint_config())?;
    let mut sentences: Vec<Vec<Example>> = Vec::new();
    for d in &gold_docs {
        let sents = w.splitter.spans(&d.text);
        let hints = hints_of(&hinter.tag_document(&d.text, &sents)?);
        sentences.push(examples_of(d, &sents, &hints));
    }
    let mut taggers = Vec::new();
    for fold in 0..2 {
        let train_on: Vec<Example> = sentences
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 2 != fold)
            .flat_map(|(_, s)| s.iter().cloned())
            .collect();
        let bytes = train(&train_on, NER_EPOCHS, NER_SEED, NER_MIN_WEIGHT, |e, acc| {
            eprintln!("fold {fold}, epoch {}: token accuracy {acc:.4}", e + 1)
        });
        let model = Model::from_bytes(&bytes)?;
        taggers.push(
            newsmill_eval::workers(&config)?
                .tagger
                .with_ner_model(model),
        );
    }
    let mut docs = Vec::new();
    for (i, d) in gold_docs.iter().enumerate() {
        let tagger = &taggers[i % 2];
        let gold: HashSet<String> = d
            .entities
            .iter()
            .filter(|e| Label::from_gold(&e.label) == Some(Label::Org))
            .filter_map(|e| d.text.get(e.byte_start..e.byte_end))
            .map(normalize_name)
            .filter(|n| !n.is_empty())
            .collect();
        let sents = w.splitter.spans(&d.text);
        let (mentions, names) = tagger.tag_document_names(&d.text, &sents)?;
        let cands = candidates(tagger, &d.text, &sents, &names, &mentions);
        let keys: HashSet<&str> = cands.iter().map(|c| c.key.as_str()).collect();
        let fixed: HashSet<String> = mentions
            .iter()
            .filter(|m| m.kind == Kind::Organization)
            .filter_map(|m| d.text.get(m.start..m.end))
            .map(normalize_name)
            .filter(|n| !n.is_empty() && !keys.contains(n.as_str()))
            .collect();
        docs.push(Doc {
            cands: cands
                .iter()
                .map(|c| (c.features.clone(), gold.contains(&c.key)))
                .collect(),
            fixed: fixed.iter().map(|n| gold.contains(n)).collect(),
            gold: gold.len(),
        });
    }
    // The examples, one a line (right or not, then the features), to study classes.
    if let Some(path) = dump {
        let mut text = String::new();
        for (f, y) in docs.iter().flat_map(|d| &d.cands) {
            text.push_str(&format!("{}\t{}\n", u8::from(*y), f.join(" ")));
        }
        std::fs::write(path, text)?;
    }
    // Feature index: features of at least MIN_COUNT examples, in name order.
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &docs {
        for (f, _) in &d.cands {
            for x in f {
                *counts.entry(x.as_str()).or_default() += 1;
            }
        }
    }
    let names: Vec<&str> = counts
        .iter()
        .filter(|(_, &c)| c >= MIN_COUNT)
        .map(|(k, _)| *k)
        .collect();
    let index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    let encode = |f: &[String]| -> Vec<usize> {
        f.iter()
            .filter_map(|x| index.get(x.as_str()).copied())
            .collect()
    };
    let examples_of = |keep: &dyn Fn(usize) -> bool| -> Vec<(Vec<usize>, bool)> {
        docs.iter()
            .enumerate()
            .filter(|(i, _)| keep(*i))
            .flat_map(|(_, d)| d.cands.iter().map(|(f, y)| (encode(f), *y)))
            .collect()
    };
    // Out-of-fold scores for the threshold.
    let mut oof: Vec<Vec<f64>> = docs.iter().map(|d| vec![0.0; d.cands.len()]).collect();
    for fold in 0..2 {
        let (b, wt) = fit(&examples_of(&|i| i % 2 != fold), names.len());
        for (i, d) in docs.iter().enumerate().filter(|(i, _)| i % 2 == fold) {
            for (j, (f, _)) in d.cands.iter().enumerate() {
                oof[i][j] = score(b, &wt, &encode(f));
            }
        }
    }
    // By-name counts over the documents when names scoring below `t` are dropped.
    let counts_at = |t: f64| -> (f64, f64, f64) {
        let (mut pred, mut hit, mut gold) = (0usize, 0usize, 0usize);
        for (d, s) in docs.iter().zip(&oof) {
            gold += d.gold;
            pred += d.fixed.len();
            hit += d.fixed.iter().filter(|&&y| y).count();
            for ((_, y), &x) in d.cands.iter().zip(s) {
                if x >= t {
                    pred += 1;
                    hit += usize::from(*y);
                }
            }
        }
        let p = hit as f64 / pred.max(1) as f64;
        let r = hit as f64 / gold.max(1) as f64;
        let f = (1.0 + BETA * BETA) * p * r / (BETA * BETA * p + r).max(1e-12);
        (p, r, f)
    };
    let (p0, r0, f0) = counts_at(f64::NEG_INFINITY);
    let mut best = (f64::NEG_INFINITY, f0);
    for k in -60..=60 {
        let t = f64::from(k) * 0.05;
        let (_, _, f) = counts_at(t);
        if f > best.1 + 1e-12 {
            best = (t, f);
        }
    }
    let (p1, r1, _) = counts_at(best.0);
    let examples = examples_of(&|_| true);
    let positives = examples.iter().filter(|e| e.1).count();
    let (b, wt) = fit(&examples, names.len());
    let mut text = String::new();
    text.push_str(
        "# The learned filter of the recognizer's organization names (newsmill_tag::ner::filter),\n\
         # written by `cargo run -p newsmill-eval --example train_org_filter` (docs/ner.md).\n",
    );
    text.push_str(&format!(
        "# {} examples ({positives} right) from: {}\n\
         # train, cross-fitted, by name: without the filter P {p0:.3} R {r0:.3}; with it P {p1:.3} R {r1:.3}\n",
        examples.len(),
        files
            .iter()
            .map(|f| f.rsplit('/').next().unwrap_or(f))
            .collect::<Vec<_>>()
            .join(" ")
    ));
    text.push_str(&format!("threshold\t{:.2}\nbias\t{b:.4}\n", best.0));
    for (k, v) in names.iter().zip(&wt) {
        if v.abs() >= 5e-5 {
            text.push_str(&format!("{k}\t{v:.4}\n"));
        }
    }
    std::fs::write(&out, text)?;
    eprintln!(
        "{} examples ({positives} right), {} features; threshold {:.2}: train by name P {p0:.3} -> {p1:.3}, R {r0:.3} -> {r1:.3}",
        examples.len(),
        names.len(),
        best.0
    );
    Ok(())
}
