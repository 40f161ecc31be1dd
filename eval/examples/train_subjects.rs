//! Trains the subject ranker (`newsmill_core::subject`) on hand-labelled desks and writes its
//! weights (`data/themes/subject_ranker.tsv`).
//!
//! ```sh
//! cargo run -p newsmill-eval --example train_subjects -- \
//!   --set data/eval/desk_labels_tune.jsonl ../shared/corpora/worldwide_newswire/worldwide_newswire_asia_africa.jsonl \
//!   --set data/eval/desk_labels_conll_tune.jsonl ../shared/corpora/conll2003/conll2003_train.jsonl \
//!   --out data/themes/subject_ranker.tsv
//! ```
//!
//! Each `--set GOLD TEXTS` is a gold file of `eval themes` and the texts it labels (tuning parts
//! only). The documents are tagged and ranked by salience as `newsmill run` does; each top level
//! a document names is a candidate, the first label's top level the desk. `--cv K` (default 5)
//! folds, by a hash of the doc id, score each L2 penalty of `--l2 A,B,...` (default a grid) by the
//! share of documents whose desk comes first (a document whose text names no theme of its desk
//! counts as a miss); the best (ties: the larger penalty) is trained on every document and
//! written. `--drop NAME,...` leaves features out (their weights stay 0). Same inputs, same bytes.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use newsmill_core::subject::{
    accuracy, candidates, per_class_names, train, Example, Ranker, PER_CLASS_HEAD, SHARED,
};
use newsmill_engine::config::Config;
use newsmill_engine::runner::{Stages, Workers};
use newsmill_eval::themes::{analyse_document, load, Tree};
use rayon::prelude::*;

/// The L2 penalties tried by default.
const GRID: [f64; 6] = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3];

/// A stable fold of a doc id (FNV-1a).
fn fold(doc_id: &str, k: usize) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in doc_id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % k as u64) as usize
}

struct Doc {
    id: String,
    example: Option<Example>,
    /// For `--dump`: every theme (id, score, about) and the desk.
    themes: Vec<(String, f64, bool)>,
    desk: String,
}

fn main() -> Result<()> {
    let mut sets: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut out: Option<PathBuf> = None;
    let mut k = 5usize;
    let mut grid: Vec<f64> = GRID.to_vec();
    let mut drop: Vec<String> = Vec::new();
    let mut dump: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut next = || args.next().with_context(|| format!("{a} needs a value"));
        match a.as_str() {
            "--set" => {
                let g = next()?;
                let t = next()?;
                sets.push((g.into(), t.into()));
            }
            "--out" => out = Some(next()?.into()),
            "--dump" => dump = Some(next()?.into()),
            "--cv" => k = next()?.parse()?,
            "--l2" => {
                grid = next()?
                    .split(',')
                    .map(str::parse)
                    .collect::<Result<_, _>>()?
            }
            "--drop" => drop = next()?.split(',').map(String::from).collect(),
            _ => bail!("unknown argument {a}"),
        }
    }
    if sets.is_empty() {
        bail!("give at least one --set GOLD TEXTS");
    }
    let per = per_class_names();
    for d in &drop {
        if !SHARED.contains(&d.as_str()) && !per.contains(&d.as_str()) {
            bail!("unknown feature {d}");
        }
    }
    let w = Workers::build(&Config::default(), Stages::ALL)?;
    let tree = Tree::new(&w.tagger);
    let mut docs: Vec<Doc> = Vec::new();
    for (gold, texts) in &sets {
        let l = load(&w, &tree, gold, std::slice::from_ref(texts))?;
        if !l.missing.is_empty() {
            bail!(
                "{}: {} documents not found in {}",
                gold.display(),
                l.missing.len(),
                texts.display()
            );
        }
        let part: Vec<Doc> = l
            .found
            .par_iter()
            .filter(|(g, ..)| !l.resolved[*g].is_empty())
            .map(|(g, title, text, date)| {
                let (themes, ents) = analyse_document(&w, &tree, title.as_deref(), text, *date)?;
                let mut cands =
                    candidates(&themes, |t| tree.parent.get(t).map(String::as_str), &ents);
                for c in &mut cands {
                    for (n, x) in SHARED.iter().zip(c.shared.iter_mut()) {
                        if drop.iter().any(|d| d == n) {
                            *x = 0.0;
                        }
                    }
                    for (n, x) in per.iter().zip(c.per_class.iter_mut()) {
                        if drop.iter().any(|d| d == n) {
                            *x = 0.0;
                        }
                    }
                }
                let desk = tree.root(&l.resolved[*g][0]);
                let gold = cands.iter().position(|c| c.root == desk);
                Ok(Doc {
                    themes: themes
                        .iter()
                        .map(|s| (s.theme.clone(), s.score, s.about))
                        .collect(),
                    desk: desk.to_string(),
                    id: l.gold[*g].doc_id.clone(),
                    example: gold.map(|gold| Example {
                        candidates: cands,
                        gold,
                    }),
                })
            })
            .collect::<Result<_>>()?;
        docs.extend(part);
    }
    if let Some(p) = &dump {
        let mut text = String::new();
        for d in &docs {
            let v = serde_json::json!({
                "id": d.id,
                "fold": fold(&d.id, k),
                "desk": d.desk,
                "gold": d.example.as_ref().map(|e| e.gold),
                "themes": d.themes,
                "candidates": d.example.as_ref().map(|e| e.candidates.iter().map(|c| serde_json::json!({
                    "root": c.root, "score": c.score, "shared": c.shared.to_vec(), "per_class": c.per_class.to_vec()
                })).collect::<Vec<_>>()),
            });
            text.push_str(&v.to_string());
            text.push('\n');
        }
        std::fs::write(p, text)?;
    }
    let named = docs.iter().filter(|d| d.example.is_some()).count();
    println!(
        "{} documents, {} name a theme of their desk; {k}-fold cross-validation (top-1 over all documents):",
        docs.len(),
        named
    );
    let n = docs.len() as f64;
    let cv = |l2: Option<f64>| -> f64 {
        let mut hits = 0.0;
        for f in 0..k {
            let train_set: Vec<Example> = docs
                .iter()
                .filter(|d| fold(&d.id, k) != f)
                .filter_map(|d| d.example.clone())
                .collect();
            let test_set: Vec<Example> = docs
                .iter()
                .filter(|d| fold(&d.id, k) == f)
                .filter_map(|d| d.example.clone())
                .collect();
            let r = match l2 {
                Some(l2) => train(&train_set, l2),
                None => Ranker::default(),
            };
            hits += accuracy(&r, &test_set) * test_set.len() as f64;
        }
        hits / n
    };
    let base = cv(None);
    println!("  salience order (no weights)  {base:.3}");
    let mut best: Option<(f64, f64)> = None;
    let mut lines = vec![format!("salience order (no weights) {base:.3}")];
    for &l2 in &grid {
        let a = cv(Some(l2));
        println!("  l2 {l2:<8}                  {a:.3}");
        lines.push(format!("l2 {l2} {a:.3}"));
        if best.is_none_or(|(_, b)| a >= b) {
            best = Some((l2, a));
        }
    }
    let Some((l2, a)) = best else {
        bail!("no L2 penalty given");
    };
    let all: Vec<Example> = docs.iter().filter_map(|d| d.example.clone()).collect();
    let r = train(&all, l2);
    println!(
        "chosen l2 {l2} (cross-validated top-1 {a:.3}); on the training documents {:.3}",
        accuracy(&r, &all) * all.len() as f64 / n
    );
    if let Some(out) = out {
        let sets_txt: Vec<String> = sets
            .iter()
            .map(|(g, t)| {
                format!(
                    "--set {} {}",
                    g.display(),
                    t.file_name().map_or_else(
                        || t.display().to_string(),
                        |f| f.to_string_lossy().into_owned()
                    )
                )
            })
            .collect();
        let comment = format!(
            "The subject ranker's weights (newsmill_core::subject), written by\n\
             cargo run -p newsmill-eval --example train_subjects -- {}{} --out {}\n\
             {} documents ({} name a theme of their desk), {k}-fold cross-validated top-1:\n{}\n\
             chosen l2 {l2}; features: shared {}; per class {} and the entity groups",
            sets_txt.join(" "),
            if drop.is_empty() {
                String::new()
            } else {
                format!(" --drop {}", drop.join(","))
            },
            out.display(),
            docs.len(),
            named,
            lines.join("\n"),
            SHARED.join(", "),
            PER_CLASS_HEAD.join(", "),
        );
        std::fs::write(&out, r.to_tsv(&comment))
            .with_context(|| format!("writing {}", out.display()))?;
        println!("wrote {}", out.display());
    }
    Ok(())
}
