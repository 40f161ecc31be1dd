//! Trains the name recognizer (`data/tag/ner.model`) from gold JSONL files.
//!
//! ```text
//! cargo run -p newsmill-tag --example train_ner -- --out data/tag/ner.model \
//!   /work/shared/corpora/conll2003/conll2003_train.jsonl \
//!   /work/shared/corpora/worldwide_newswire/worldwide_newswire_asia_africa.jsonl@train
//! ```
//!
//! Each FILE is JSONL with `doc_id`, `text` and `entities[]` (`byte_start`, `byte_end`, `label`);
//! `FILE@train` keeps the documents whose id hashes to the train part
//! (`newsmill_tag::ner::part_of`). Sentences come from the default splitter, dictionary hints
//! from the default tagger (organizations and countries, no discovery, no recognizer), as at
//! run time.
//! Options: `--epochs N` (default 8), `--seed N` (default 1), `--min-weight X` (default 2.0).
//! Deterministic: the same files and options give the same bytes.

use newsmill_split::{SplitConfig, Splitter};
use newsmill_tag::ner::train::{examples_of, hint_config, train};
use newsmill_tag::ner::{hints_of, read_gold};
use newsmill_tag::Tagger;

/// Passes over the training sentences (8: dev F1 stopped rising after 6-8 on CoNLL dev).
const EPOCHS: usize = 8;
/// Averaged rows whose largest weight is below this are dropped (2.0: 2.0 MB against 4.9 MB at
/// 0.3, dev exact F1 within 0.006 on CoNLL dev and the newswire dev part).
const MIN_WEIGHT: f32 = 2.0;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (mut out, mut files) = (None, Vec::new());
    let (mut epochs, mut seed, mut min_weight) = (EPOCHS, 1u64, MIN_WEIGHT);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" => out = args.next(),
            "--epochs" => epochs = args.next().ok_or("--epochs N")?.parse()?,
            "--seed" => seed = args.next().ok_or("--seed N")?.parse()?,
            "--min-weight" => min_weight = args.next().ok_or("--min-weight X")?.parse()?,
            _ => files.push(a),
        }
    }
    let out = out.ok_or("--out FILE is required")?;
    let splitter = Splitter::new(&SplitConfig::default())?;
    let tagger = Tagger::new(&hint_config())?;
    let mut examples = Vec::new();
    for f in &files {
        let docs = read_gold(f)?;
        for (_, d) in &docs {
            let sents = splitter.spans(&d.text);
            let hints = hints_of(&tagger.tag_document(&d.text, &sents)?);
            examples.extend(examples_of(d, &sents, &hints));
        }
        eprintln!("{f}: {} documents", docs.len());
    }
    eprintln!("{} sentences", examples.len());
    let bytes = train(&examples, epochs, seed, min_weight, |e, acc| {
        eprintln!("epoch {}: token accuracy {acc:.4}", e + 1)
    });
    std::fs::write(&out, &bytes)?;
    eprintln!("{out}: {} bytes", bytes.len());
    Ok(())
}
