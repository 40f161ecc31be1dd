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
//! written. `--drop NAME,...` leaves features out (their weights stay 0). `--about` prints, in the
//! same cross-validation at the chosen penalty, the desks among the about top levels and the about
//! top levels per document for rules of the top levels' `about` (see `ABOUT_PROBABILITY_RATIO`).
//! Same inputs, same bytes.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use newsmill_core::subject::{
    about_by_ratio, accuracy, candidates, per_class_names, train, Candidate, Example, Ranker,
    PER_CLASS_HEAD, SHARED,
};
use newsmill_engine::config::Config;
use newsmill_engine::runner::{Stages, Workers};
use newsmill_eval::themes::{analyse_document, load, Tree};
use rayon::prelude::*;

/// The L2 penalties tried by default.
const GRID: [f64; 6] = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3];

/// The desks of the held-out desk corpus's kind (issue 20): arts, economy, politics, science and
/// technology, sport. The cross-validation reports their top-1 apart.
const FIVE_DESKS: [&str; 5] = [
    "arts_culture_media",
    "economy_business_finance",
    "politics_government",
    "science_technology",
    "sport",
];

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
    /// The candidates (also of a document that names no theme of its desk), salience's `about`
    /// of each, and the desk's place among them.
    cands: Vec<Candidate>,
    salience_about: Vec<bool>,
    desk_at: Option<usize>,
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
    let mut about = false;
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
            "--about" => about = true,
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
                let salience_about = cands
                    .iter()
                    .map(|c| themes.iter().any(|s| s.theme == c.root && s.about))
                    .collect();
                Ok(Doc {
                    cands: cands.clone(),
                    salience_about,
                    desk_at: gold,
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
    let n_five = docs
        .iter()
        .filter(|d| FIVE_DESKS.contains(&d.desk.as_str()))
        .count();
    // Top-1 over all documents, and over those of the five desks of the held-out desk corpus's
    // kind (each a share of its documents; a document naming no theme of its desk is a miss).
    let cv = |l2: Option<f64>| -> (f64, f64) {
        let (mut hits, mut hits_five) = (0.0, 0.0);
        for f in 0..k {
            let train_set = fold_training(&docs, k, f);
            let r = match l2 {
                Some(l2) => train(&train_set, l2),
                None => Ranker::default(),
            };
            for d in docs.iter().filter(|d| fold(&d.id, k) == f) {
                let Some(e) = &d.example else { continue };
                let hit = accuracy(&r, std::slice::from_ref(e));
                hits += hit;
                if FIVE_DESKS.contains(&d.desk.as_str()) {
                    hits_five += hit;
                }
            }
        }
        (hits / n, hits_five / n_five.max(1) as f64)
    };
    println!(
        "  (five desks: {n_five} documents of {})",
        FIVE_DESKS.join(", ")
    );
    let (base, base_five) = cv(None);
    println!("  salience order (no weights)  {base:.3}  five desks {base_five:.3}");
    let mut best: Option<(f64, f64)> = None;
    let mut lines = vec![format!(
        "salience order (no weights) {base:.3} (five desks {base_five:.3})"
    )];
    for &l2 in &grid {
        let (a, a_five) = cv(Some(l2));
        println!("  l2 {l2:<8}                  {a:.3}  five desks {a_five:.3}");
        lines.push(format!("l2 {l2} {a:.3} (five desks {a_five:.3})"));
        if best.is_none_or(|(_, b)| a >= b) {
            best = Some((l2, a));
        }
    }
    let Some((l2, a)) = best else {
        bail!("no L2 penalty given");
    };
    if about {
        about_table(&docs, k, l2);
    }
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

/// The `about` ratios `--about` tries.
const ABOUT_GRID: [f64; 10] = [0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1, 0.15, 0.2, 0.3];

/// A rule of the top levels' `about`: (document, learned scores of its candidates, candidate,
/// the first's learned score) -> about.
/// The training examples of fold `f` of `k`: the documents the fold holds out are left out.
fn fold_training(docs: &[Doc], k: usize, f: usize) -> Vec<Example> {
    docs.iter()
        .filter(|d| fold(&d.id, k) != f)
        .filter_map(|d| d.example.clone())
        .collect()
}

type AboutRule<'a> = dyn Fn(&Doc, &[f64], usize, f64) -> bool + 'a;

/// `--about`: per rule of the top levels' `about`, in `k`-fold cross-validation at penalty `l2`
/// (each fold's ranker on the documents it held out): the share of documents whose desk is
/// among the about top levels and the about top levels per document.
fn about_table(docs: &[Doc], k: usize, l2: f64) {
    // Per document: the learned scores of its candidates by the ranker that did not see it.
    let mut scored: Vec<(&Doc, Vec<f64>)> = Vec::new();
    for f in 0..k {
        let train_set = fold_training(docs, k, f);
        let r = train(&train_set, l2);
        for d in docs.iter().filter(|d| fold(&d.id, k) == f) {
            scored.push((d, d.cands.iter().map(|c| r.score(c)).collect()));
        }
    }
    let n = docs.len().max(1) as f64;
    let report = |name: &str, rule: &AboutRule<'_>| {
        let (mut hits, mut about) = (0usize, 0usize);
        for (d, sc) in &scored {
            // The first by the learned score, as rank_subjects orders them.
            let first = (0..sc.len()).max_by(|&a, &b| {
                sc[a]
                    .total_cmp(&sc[b])
                    .then(d.cands[a].score.total_cmp(&d.cands[b].score))
                    .then(d.cands[b].root.cmp(&d.cands[a].root))
            });
            let Some(first) = first else { continue };
            let is_about = |i: usize| i == first || rule(d, sc, i, sc[first]);
            about += (0..sc.len()).filter(|&i| is_about(i)).count();
            hits += usize::from(d.desk_at.is_some_and(is_about));
        }
        println!(
            "  {name:<28} desk about {:.3}  about top levels {:.2}/doc",
            hits as f64 / n,
            about as f64 / n
        );
    };
    println!("about of the top levels ({k}-fold cross-validation, l2 {l2}):");
    report("salience (today)", &|d, _, i, _| d.salience_about[i]);
    for t in ABOUT_GRID {
        report(&format!("ratio >= {t}"), &|_, sc, i, f| {
            about_by_ratio(sc[i], f, t)
        });
    }
    for t in ABOUT_GRID {
        report(&format!("salience and ratio >= {t}"), &|d, sc, i, f| {
            d.salience_about[i] && about_by_ratio(sc[i], f, t)
        });
    }
    for t in ABOUT_GRID {
        report(&format!("salience or ratio >= {t}"), &|d, sc, i, f| {
            d.salience_about[i] || about_by_ratio(sc[i], f, t)
        });
    }
    for t in ABOUT_GRID {
        report(&format!("probability >= {t}"), &|_, sc, i, _| {
            let z: f64 = sc.iter().map(|x| x.exp()).sum();
            sc[i].exp() / z >= t
        });
    }
}
