//! The name recognizer's load time (issue 19: under 0.2 s): parses the embedded model
//! (`data/tag/ner.model`) as the tagger does on first use.
//!
//! ```text
//! cargo run --release -p newsmill-tag --example ner_load_time
//! ```
fn main() {
    let t = std::time::Instant::now();
    match newsmill_tag::ner::Model::from_bytes(newsmill_tag::ner::BUILTIN) {
        Ok(m) => println!(
            "{} features loaded in {:.3} s",
            m.len(),
            t.elapsed().as_secs_f64()
        ),
        Err(e) => eprintln!("{e}"),
    }
}
