//! Instruction counts of the tag stage, for a machine too noisy for wall-clock timings: run one
//! part of the stage over a corpus once, under `valgrind --tool=callgrind`, which counts
//! instructions (repeatable whatever else the machine does).
//!
//! ```text
//! cargo build --release -p newsmill-tag --example tag_instructions
//! valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.%p --collect-atstart=no \
//!   --toggle-collect='tag_instructions::measure*' \
//!   $CARGO_TARGET_DIR/release/examples/tag_instructions MODE CORPUS.jsonl [MB]
//! ```
//!
//! MODE is `tag` (`Tagger::tag_document`, the stage minus Arrow), `scan` (the stage's automata
//! with their word-boundary checks), `themes` or `entities` (one automaton each) or `bare` (one
//! leftmost-longest aho-corasick over every alias and its upper-case form: the floor of the
//! issue's "within 3x"). CORPUS is JSONL with `body` (after `dateline`) or `text`; the first MB
//! (default 1) megabytes of text are used. Prints the bytes measured; callgrind prints the count
//! (`Collected :`), so instructions per byte = count / bytes. Run without valgrind, it prints the
//! wall-clock time of the measured pass (after a warm-up pass) and MB/s.
use std::collections::HashSet;
use std::hint::black_box;

use aho_corasick::{AhoCorasickBuilder, MatchKind};
use newsmill_split::{SplitConfig, Splitter};
use newsmill_tag::matcher::Matcher;
use newsmill_tag::{Kind, TagConfig, Tagger};

struct Doc {
    text: String,
    flat: String,
    spans: Vec<(usize, usize)>,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (mode, path) = match (args.get(1), args.get(2)) {
        (Some(m), Some(p)) => (m.as_str(), p.as_str()),
        _ => {
            eprintln!("usage: tag_instructions tag|scan|themes|entities|bare CORPUS.jsonl [MB]");
            std::process::exit(2);
        }
    };
    let mb: f64 = args.get(3).and_then(|v| v.parse().ok()).unwrap_or(1.0);
    let tagger = Tagger::new(&TagConfig::default()).expect("the default tagger");
    let splitter = Splitter::new(&SplitConfig::default()).expect("the default splitter");
    let content =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let mut docs = Vec::new();
    let mut total = 0usize;
    for line in content.lines().filter(|l| !l.trim().is_empty()) {
        if total as f64 >= mb * 1e6 {
            break;
        }
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON object a line");
        let text = match (v["body"].as_str(), v["text"].as_str()) {
            (Some(body), _) => format!("{}{body}", v["dateline"].as_str().unwrap_or("")),
            (None, Some(t)) => t.to_string(),
            _ => continue,
        };
        if text.trim().is_empty() {
            continue;
        }
        total += text.len();
        let flat = text.replace(['\n', '\r', '\t'], " ");
        docs.push(Doc {
            spans: splitter.spans(&text),
            flat,
            text,
        });
    }
    let dict = tagger.dictionary();
    let matcher = Matcher::build(dict, &[Kind::Organization, Kind::Country, Kind::Theme], &[])
        .expect("the stage's automata");
    let mut seen = HashSet::new();
    let mut pats = Vec::new();
    for a in &dict.aliases {
        for p in [a.text.clone(), a.text.to_uppercase()] {
            if !p.is_empty() && seen.insert(p.clone()) {
                pats.push(p);
            }
        }
    }
    let bare = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&pats)
        .expect("the bare automaton");
    // Warm-up outside the count: the lazy DFAs of the regexes fill their caches, as they have in
    // a long run.
    run(mode, &docs, &tagger, &matcher, &bare);
    let t = std::time::Instant::now();
    let n = measure(mode, &docs, &tagger, &matcher, &bare);
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{mode}: {} documents, {total} bytes, {n} matches, {secs:.3} s, {:.2} MB/s",
        docs.len(),
        total as f64 / 1e6 / secs
    );
}

/// The counted pass (callgrind's `--toggle-collect`).
#[inline(never)]
fn measure(
    mode: &str,
    docs: &[Doc],
    tagger: &Tagger,
    matcher: &Matcher,
    bare: &aho_corasick::AhoCorasick,
) -> usize {
    run(mode, docs, tagger, matcher, bare)
}

fn run(
    mode: &str,
    docs: &[Doc],
    tagger: &Tagger,
    matcher: &Matcher,
    bare: &aho_corasick::AhoCorasick,
) -> usize {
    let (mut ents, mut themes) = (Vec::new(), Vec::new());
    let mut n = 0;
    for d in docs {
        match mode {
            "tag" => {
                n += tagger
                    .tag_document(black_box(&d.text), &d.spans)
                    .expect("tagged")
                    .len()
            }
            "bare" => n += bare.find_iter(black_box(&d.text)).count(),
            "scan" | "themes" | "entities" => {
                ents.clear();
                themes.clear();
                if mode != "themes" {
                    matcher.entities(black_box(&d.flat), &mut ents);
                }
                if mode != "entities" {
                    matcher.themes(black_box(&d.flat), &mut themes);
                }
                n += ents.len() + themes.len();
            }
            _ => panic!("unknown mode {mode}"),
        }
    }
    n
}
