//! Speed of the tag stage alone, next to a bare aho-corasick pass over the same dictionary.
//!
//! ```text
//! CARGO_TARGET_DIR=$HOME/.cache/newsmill/target cargo bench -p newsmill-tag --bench tag
//! python3 bench/criterion_summary.py      # MB/s per benchmark and the ratios, from target/criterion
//! ```
//!
//! The text is built at run time: our own sample articles (`data/samples/*.txt`), each one a
//! document, repeated until the total reaches about 1 MB (`TAG_BENCH_MB` changes the size). Set
//! `TAG_BENCH_JSONL=path/to/corpus.jsonl` to take the documents from a JSONL corpus instead (a line
//! is an object with `body`, preceded by `dateline` when present, or `text`), for example
//! `../shared/corpora/reuters21578/reuters21578.jsonl`. Sentence spans come from
//! `newsmill_split::Splitter`, computed once, outside the measurement.
//!
//! Benchmarks, all in the group `tag`, throughput in bytes of text:
//! - `tag_document`: `Tagger::tag_document` on every document (the whole stage minus Arrow);
//! - `matcher_scan`: the stage's own automata (`Matcher::entities` + `Matcher::themes`, with the
//!   word-boundary checks) on the whitespace-flattened text, as `tag_document` runs them;
//! - `bare_aho_corasick`: one `AhoCorasick` (leftmost-longest) over every alias text of the
//!   dictionary and its upper-case form, counting `find_iter` matches: the floor;
//! - `split_spans`: `Splitter::spans` on the same documents, for the per-stage table.
//!
//! The issue's target: `tag_document` within 3x of `bare_aho_corasick`.
use std::collections::HashSet;
use std::hint::black_box;
use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsmill_split::{SplitConfig, Splitter};
use newsmill_tag::matcher::Matcher;
use newsmill_tag::{Kind, TagConfig, Tagger};

struct Doc {
    text: String,
    flat: String,
    spans: Vec<(usize, usize)>,
}

fn base_texts() -> Vec<String> {
    if let Ok(path) = std::env::var("TAG_BENCH_JSONL") {
        let content =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
        let mut out = Vec::new();
        for line in content.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("a JSON object a line");
            let text = match (
                v.get("body").and_then(|b| b.as_str()),
                v.get("text").and_then(|t| t.as_str()),
            ) {
                (Some(body), _) => format!(
                    "{}{body}",
                    v.get("dateline").and_then(|d| d.as_str()).unwrap_or("")
                ),
                (None, Some(t)) => t.to_string(),
                _ => continue,
            };
            if !text.trim().is_empty() {
                out.push(text);
            }
        }
        return out;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/samples");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("a UTF-8 sample article"))
        .collect()
}

/// The tag stage matches on a copy whose tabs and line ends are spaces.
fn flatten(text: &str) -> String {
    text.chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn documents(splitter: &Splitter) -> Vec<Doc> {
    let target_bytes = std::env::var("TAG_BENCH_MB")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
        .unwrap_or(1.0)
        * 1e6;
    let base = base_texts();
    assert!(!base.is_empty(), "no documents to benchmark on");
    let mut docs = Vec::new();
    let mut total = 0usize;
    'outer: loop {
        for t in &base {
            if total as f64 >= target_bytes {
                break 'outer;
            }
            total += t.len();
            docs.push(Doc {
                spans: splitter.spans(t),
                flat: flatten(t),
                text: t.clone(),
            });
        }
    }
    docs
}

/// Every alias text of the dictionary and its upper-case form (deduplicated).
fn bare_patterns(tagger: &Tagger) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut pats = Vec::new();
    for a in &tagger.dictionary().aliases {
        for p in [a.text.clone(), a.text.to_uppercase()] {
            if !p.is_empty() && seen.insert(p.clone()) {
                pats.push(p);
            }
        }
    }
    pats
}

fn bench_tag(c: &mut Criterion) {
    let tagger = Tagger::new(&TagConfig::default()).expect("the default tagger");
    let splitter = Splitter::new(&SplitConfig::default()).expect("the default splitter");
    let docs = documents(&splitter);
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let words: usize = docs.iter().map(|d| d.text.split_whitespace().count()).sum();
    let pats = bare_patterns(&tagger);
    let bare: AhoCorasick = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&pats)
        .expect("the bare automaton");
    let dict = tagger.dictionary();
    let matcher = Matcher::build(dict, &[Kind::Organization, Kind::Country, Kind::Theme], &[])
        .expect("the stage's automata");
    let mentions: usize = docs
        .iter()
        .map(|d| {
            tagger
                .tag_document(&d.text, &d.spans)
                .expect("tagged")
                .len()
        })
        .sum();
    let bare_matches: usize = docs.iter().map(|d| bare.find_iter(&d.text).count()).sum();
    eprintln!(
        "tag bench: {} documents, {bytes} bytes, {words} words, {} sentences; {} dictionary \
         aliases, {} bare patterns; {mentions} mentions, {bare_matches} bare matches",
        docs.len(),
        docs.iter().map(|d| d.spans.len()).sum::<usize>(),
        dict.aliases.len(),
        pats.len(),
    );

    let mut g = c.benchmark_group("tag");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(20);
    g.bench_function("tag_document", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for d in &docs {
                n += tagger
                    .tag_document(black_box(&d.text), &d.spans)
                    .expect("tagged")
                    .len();
            }
            black_box(n)
        })
    });
    g.bench_function("matcher_scan", |b| {
        let (mut ents, mut themes) = (Vec::new(), Vec::new());
        b.iter(|| {
            let mut n = 0usize;
            for d in &docs {
                ents.clear();
                themes.clear();
                matcher.entities(black_box(&d.flat), &mut ents);
                matcher.themes(black_box(&d.flat), &mut themes);
                n += ents.len() + themes.len();
            }
            black_box(n)
        })
    });
    g.bench_function("bare_aho_corasick", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for d in &docs {
                n += bare.find_iter(black_box(&d.text)).count();
            }
            black_box(n)
        })
    });
    g.bench_function("split_spans", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for d in &docs {
                n += splitter.spans(black_box(&d.text)).len();
            }
            black_box(n)
        })
    });
    g.finish();
}

criterion_group!(benches, bench_tag);
criterion_main!(benches);
