//! Speed of the splitter alone, side by side with the `sentencex` crate, on at least 50 MB of text
//! built at run time from the corpora in `../shared/` (nothing is committed).
//!
//! ```text
//! CARGO_TARGET_DIR=/tmp/split-target cargo run --release -p newsmill-split --example bench_split -- \
//!     [--mb 50] [--runs 5] [CORPUS.jsonl ...]
//! ```
//! A corpus line is a JSON object with `body` (and `dateline`, Reuters-21578) or `text`. The
//! documents are repeated until the total reaches `--mb` megabytes; each run segments every
//! document once with each splitter (alternating which goes first) on one core. Prints the median
//! MB/s (10^6 bytes) and words/s over the runs.
use std::time::Instant;

use newsmill_split::{Segmenter, SplitConfig};

const DEFAULT_CORPORA: &[&str] = &[
    "../shared/corpora/reuters21578/reuters21578.jsonl",
    "../shared/sentences/ud_english_gum/en_gum-ud-test.sentences.jsonl",
    "../shared/sentences/ud_english_ewt/en_ewt-ud-test.sentences.jsonl",
];

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[xs.len() / 2]
}

fn main() {
    let (mut mb, mut runs, mut corpora) = (50.0f64, 5usize, Vec::new());
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--mb" => mb = args.next().and_then(|v| v.parse().ok()).expect("--mb N"),
            "--runs" => runs = args.next().and_then(|v| v.parse().ok()).expect("--runs N"),
            _ => corpora.push(a),
        }
    }
    if corpora.is_empty() {
        corpora = DEFAULT_CORPORA.iter().map(|s| s.to_string()).collect();
    }
    let mut base = Vec::new();
    for path in &corpora {
        let content =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
        for line in content.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
            let text = match (
                v.get("body").and_then(|b| b.as_str()),
                v.get("text").and_then(|t| t.as_str()),
            ) {
                (Some(body), _) => format!(
                    "{}{}",
                    v.get("dateline").and_then(|d| d.as_str()).unwrap_or(""),
                    body
                ),
                (None, Some(t)) => t.to_string(),
                _ => continue,
            };
            if !text.trim().is_empty() {
                base.push(text);
            }
        }
    }
    assert!(!base.is_empty(), "no documents in {corpora:?}");
    let target = (mb * 1e6) as usize;
    let mut docs: Vec<&str> = Vec::new();
    let mut bytes = 0usize;
    while bytes < target {
        for d in &base {
            docs.push(d);
            bytes += d.len();
            if bytes >= target {
                break;
            }
        }
    }
    let words: usize = docs.iter().map(|d| d.split_whitespace().count()).sum();
    println!(
        "corpus: {} documents, {:.1} MB, {} words (from {} distinct documents)",
        docs.len(),
        bytes as f64 / 1e6,
        words,
        base.len()
    );

    let seg = Segmenter::new(&SplitConfig::default()).expect("default config");
    let mut results: [(Vec<f64>, usize); 2] = [(Vec::new(), 0), (Vec::new(), 0)];
    for run in 0..runs {
        for k in 0..2 {
            let which = (k + run) % 2;
            let t0 = Instant::now();
            let mut n = 0usize;
            for d in &docs {
                n += if which == 0 {
                    seg.split(d).len()
                } else {
                    sentencex::segment("en", d).len()
                };
            }
            let secs = t0.elapsed().as_secs_f64();
            results[which].0.push(secs);
            results[which].1 = n;
        }
    }
    println!(
        "{:10} {:>10} {:>10} {:>12} {:>12}",
        "splitter", "median s", "MB/s", "words/s", "sentences"
    );
    for (name, (secs, n)) in ["newsmill", "sentencex"].iter().zip(&results) {
        let s = median(secs.clone());
        println!(
            "{:10} {:>10.3} {:>10.1} {:>12.0} {:>12}",
            name,
            s,
            bytes as f64 / 1e6 / s,
            words as f64 / s,
            n
        );
    }
}
