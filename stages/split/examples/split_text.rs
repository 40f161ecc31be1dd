//! Prints the sentences of the text on stdin, one per line (newlines shown as ⏎).
//!
//! `echo "It rained. We left." | cargo run -p newsmill-split --example split_text`
use std::io::Read;

use newsmill_split::{Segmenter, SplitConfig};

fn main() {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).expect("stdin");
    let seg = Segmenter::new(&SplitConfig::default()).expect("default config");
    for (s, e) in seg.split(&text) {
        println!("{s}..{e}\t{}", text[s..e].replace('\n', "⏎"));
    }
}
