//! Reads JSONL `{"text": ...}` on stdin and writes one line `{"spans": [[start, end], ...]}` per
//! input line, with code-point (character) offsets, for `bench/split_peers.py`.
//!
//! `cargo run --release -p newsmill-split --example split_jsonl < texts.jsonl`
use std::io::{BufRead, BufWriter, Write};

use newsmill_split::{Segmenter, SplitConfig};

fn main() {
    let seg = Segmenter::new(&SplitConfig::default()).expect("default config");
    let stdin = std::io::stdin();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line.expect("stdin");
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line).expect("a JSON line");
        let text = v.get("text").and_then(|t| t.as_str()).unwrap_or("");
        let mut spans = Vec::new();
        let (mut byte, mut cp) = (0usize, 0usize);
        for (s, e) in seg.split(text) {
            cp += text[byte..s].chars().count();
            let cs = cp;
            cp += text[s..e].chars().count();
            byte = e;
            spans.push([cs, cp]);
        }
        writeln!(out, "{}", serde_json::json!({ "spans": spans })).expect("stdout");
    }
}
