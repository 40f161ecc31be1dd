//! The recognizer alone over the texts of a JSONL file (a `text` field a line), sentences taken
//! as lines: time, and a checksum of the names found (to compare outputs across changes).
//!
//! ```text
//! cargo run -p newsmill-tag --example ner_speed -- FILE.jsonl [MAX_DOCS]
//! ```
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: ner_speed FILE.jsonl [MAX_DOCS]");
        std::process::exit(2);
    };
    let max: usize = args
        .get(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(usize::MAX);
    let body = std::fs::read_to_string(path).unwrap_or_default();
    let texts: Vec<String> = body
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(String::from))
        .take(max)
        .collect();
    let Some(model) = newsmill_tag::ner::link::builtin() else {
        eprintln!("no model");
        std::process::exit(1);
    };
    let started = std::time::Instant::now();
    let (mut names, mut sum) = (0usize, 0u64);
    for t in &texts {
        let mut sents = Vec::new();
        let mut off = 0;
        for line in t.split('\n') {
            sents.push((off, off + line.len()));
            off += line.len() + 1;
        }
        for sp in model.recognize(t, &sents, &[]) {
            names += 1;
            sum = sum
                .wrapping_mul(31)
                .wrapping_add((sp.start * 7 + sp.end) as u64 + sp.label as u64)
                .wrapping_add(sp.margin.to_bits() as u64);
        }
    }
    println!(
        "{} documents, {} bytes: {names} names (checksum {sum:016x}) in {:.3} s",
        texts.len(),
        texts.iter().map(String::len).sum::<usize>(),
        started.elapsed().as_secs_f64()
    );
}
