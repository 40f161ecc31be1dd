//! The recognizer's raw spans (before any rule of the tagger) with their labels and margins, for
//! each line of a text file or of standard input, one sentence a line: to see what the model
//! makes of a sentence before the rules decide.
//!
//! ```text
//! echo "Mary Rogers spoke first." | cargo run -p newsmill-tag --example ner_show
//! ```
use std::io::Read;

fn main() {
    let mut text = String::new();
    let read = match std::env::args().nth(1) {
        Some(path) => std::fs::read_to_string(path).map(|t| text = t),
        None => std::io::stdin().read_to_string(&mut text).map(|_| ()),
    };
    if let Err(e) = read {
        eprintln!("ner_show: {e}");
        std::process::exit(2);
    }
    let Some(model) = newsmill_tag::ner::link::builtin() else {
        eprintln!("ner_show: no model");
        std::process::exit(1);
    };
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        println!("{line}");
        for sp in model.recognize(line, &[(0, line.len())], &[]) {
            let label = format!("{:?}", sp.label);
            println!(
                "  {label:5} {:>7.1}  {}",
                sp.margin,
                &line[sp.start..sp.end]
            );
        }
    }
}
