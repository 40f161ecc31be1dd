//! Tagging arbitrary text (bytes decoded lossily; a first line of the input is the title): never
//! a panic; every mention inside its field, on char boundaries, in a sentence that exists.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use newsmill_split::{SplitConfig, Splitter};
use newsmill_tag::{Field, TagConfig, Tagger};

fuzz_target!(|data: &[u8]| {
    static W: OnceLock<(Splitter, Tagger)> = OnceLock::new();
    let (splitter, tagger) = W.get_or_init(|| {
        (
            Splitter::new(&SplitConfig::default()).expect("default"),
            Tagger::new(&TagConfig::default()).expect("built-in dictionaries"),
        )
    });
    let all = String::from_utf8_lossy(data);
    let (title, text) = match all.split_once('\u{1}') {
        Some((t, x)) => (Some(t), x),
        None => (None, all.as_ref()),
    };
    let sents = splitter.spans(text);
    for m in tagger.tag_titled(title, text, &sents, None) {
        let field = match m.field {
            Field::Title => title.unwrap_or_default(),
            Field::Text => text,
        };
        assert!(m.start < m.end && m.end <= field.len(), "{m:?}");
        assert!(field.is_char_boundary(m.start) && field.is_char_boundary(m.end), "{m:?}");
        assert!(m.field == Field::Title || m.sentence < sents.len(), "{m:?}");
    }
});
