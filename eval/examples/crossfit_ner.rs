//! Scores the names recognizer on its own training documents without the recognizer having seen
//! them: the documents alternate between two folds, each fold is tagged with a model trained on
//! the other (as `train_ner` trains the built-in one), and organizations and persons are scored
//! as `newsmill eval ner` scores them (exact and by name per document).
//!
//! ```text
//! cargo run -p newsmill-eval --example crossfit_ner -- --models /tmp/cf \
//!   /work/shared/corpora/conll2003/conll2003_train.jsonl \
//!   /work/shared/corpora/worldwide_newswire/worldwide_newswire_asia_africa.jsonl@train
//! ```
//!
//! Post-processing changes are measured on the train parts this way without the model's memory
//! of them (on its own training documents the recognizer is far surer than on news it never
//! saw). `--models DIR` keeps the two fold models (`fold0.model`, `fold1.model`) and reads them
//! back when they are there (delete them after a change of the model or its training).
//! Options as `train_ner`: `--epochs N`, `--seed N`, `--min-weight X`.

use newsmill_engine::config::Config;
use newsmill_engine::runner::Workers;
use newsmill_eval::ner::{predict, score, score_names, Labeled};
use newsmill_tag::ner::train::{examples_of, hint_config, train};
use newsmill_tag::ner::{hints_of, read_gold, GoldDoc, Model};
use newsmill_tag::Tagger;
use rayon::prelude::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (mut models, mut files) = (None, Vec::new());
    let (mut epochs, mut seed, mut min_weight) = (8usize, 1u64, 2.0f32);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--models" => models = args.next(),
            "--epochs" => epochs = args.next().ok_or("--epochs N")?.parse()?,
            "--seed" => seed = args.next().ok_or("--seed N")?.parse()?,
            "--min-weight" => min_weight = args.next().ok_or("--min-weight X")?.parse()?,
            _ => files.push(a),
        }
    }
    let config = Config::default();
    let mut docs: Vec<(String, GoldDoc)> = Vec::new();
    for f in &files {
        docs.extend(read_gold(f)?);
    }
    let hinter = Tagger::new(&hint_config())?;
    let mut fold_models = Vec::new();
    for fold in 0..2 {
        let cached = models
            .as_ref()
            .map(|d| std::path::Path::new(d).join(format!("fold{fold}.model")));
        let bytes = match cached.as_ref().filter(|p| p.exists()) {
            Some(p) => std::fs::read(p)?,
            None => {
                let splitter = newsmill_eval::workers(&config)?.splitter;
                let mut examples = Vec::new();
                for (i, (_, d)) in docs.iter().enumerate() {
                    if i % 2 == fold {
                        continue;
                    }
                    let sents = splitter.spans(&d.text);
                    let hints = hints_of(&hinter.tag_document(&d.text, &sents)?);
                    examples.extend(examples_of(d, &sents, &hints));
                }
                let bytes = train(&examples, epochs, seed, min_weight, |e, acc| {
                    eprintln!("fold {fold}, epoch {}: token accuracy {acc:.4}", e + 1)
                });
                if let Some(p) = &cached {
                    std::fs::create_dir_all(p.parent().unwrap_or(std::path::Path::new(".")))?;
                    std::fs::write(p, &bytes)?;
                }
                bytes
            }
        };
        let w = newsmill_eval::workers(&config)?;
        fold_models.push(Workers {
            tagger: w.tagger.with_ner_model(Model::from_bytes(&bytes)?),
            ..w
        });
    }
    // Each document tagged by the model of the fold it was not trained in.
    let pairs: Vec<(Vec<Labeled>, Vec<Labeled>)> = docs
        .par_iter()
        .enumerate()
        .map(|(i, (_, d))| predict(&fold_models[i % 2], d))
        .collect::<anyhow::Result<_>>()?;
    for f in files
        .iter()
        .map(|f| f.rsplit_once('@').map_or(f.as_str(), |x| x.0))
    {
        let (mut sub, mut texts) = (Vec::new(), Vec::new());
        for ((path, d), p) in docs.iter().zip(&pairs) {
            if path == f {
                sub.push(p.clone());
                texts.push((d.text.as_str(), p));
            }
        }
        let rows = score(&sub);
        let names = score_names(
            &texts
                .iter()
                .map(|(t, (g, p))| (*t, g.as_slice(), p.as_slice()))
                .collect::<Vec<_>>(),
        );
        println!("== {f} ({} documents, cross-fitted)", sub.len());
        for label in ["ORG", "PER"] {
            let c = rows.get(label).cloned().unwrap_or_default();
            let n = names.get(label).cloned().unwrap_or_default();
            let prf = |hp: u64, pred: u64, hg: u64, gold: u64| {
                let p = hp as f64 / pred.max(1) as f64;
                let r = hg as f64 / gold.max(1) as f64;
                let f1 = if p + r > 0.0 {
                    2.0 * p * r / (p + r)
                } else {
                    0.0
                };
                format!("{p:.3} / {r:.3} / {f1:.3}")
            };
            println!(
                "{label} exact {}   by name {}",
                prf(c.exact, c.pred, c.exact, c.gold),
                prf(n.hit, n.pred, n.hit, n.gold)
            );
        }
    }
    Ok(())
}
