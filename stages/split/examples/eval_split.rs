//! Scores the segmenter on gold files (the same as `newsmill eval split --gold FILE`).
//!
//! `cargo run --release -p newsmill-split --example eval_split -- [--misses N] [--json] GOLD...`
use std::path::Path;

use newsmill_split::eval::evaluate;
use newsmill_split::{Segmenter, SplitConfig};

fn main() {
    let mut misses = 0;
    let mut json = false;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--misses" => misses = args.next().and_then(|n| n.parse().ok()).unwrap_or(20),
            "--json" => json = true,
            _ => files.push(a),
        }
    }
    if files.is_empty() {
        eprintln!("usage: eval_split [--misses N] [--json] GOLD.jsonl...");
        std::process::exit(2);
    }
    let seg = Segmenter::new(&SplitConfig::default()).expect("default config");
    let mut failed = false;
    for f in files {
        match evaluate(Path::new(&f), &seg, misses) {
            Ok(r) if json => println!("{}", r.to_json()),
            Ok(r) => print!("{r}"),
            Err(e) => {
                eprintln!("{e}");
                failed = true;
            }
        }
    }
    if failed {
        std::process::exit(1);
    }
}
