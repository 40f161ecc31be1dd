//! Splitting arbitrary text (bytes decoded lossily): never a panic; sentences in order, non-empty,
//! inside the text and on char boundaries.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use newsmill_split::{SplitConfig, Splitter};

fuzz_target!(|data: &[u8]| {
    static S: OnceLock<Splitter> = OnceLock::new();
    let splitter = S.get_or_init(|| Splitter::new(&SplitConfig::default()).expect("default"));
    let text = String::from_utf8_lossy(data);
    let mut last = 0;
    for (s, e) in splitter.spans(&text) {
        assert!(last <= s && s < e && e <= text.len(), "{s}..{e} after {last}");
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
        last = e;
    }
});
