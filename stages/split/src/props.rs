//! Property tests on arbitrary and hostile Unicode: splitting never panics and every sentence is a
//! non-empty span on char boundaries, in order, inside the text. Case counts are kept small: the
//! whole test suite must stay fast on two cores.

use newsmill_core::hostile::TOKENS;
use proptest::prelude::*;

use crate::{SplitConfig, Splitter};

fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(TOKENS), any::<bool>()), 0..80)
        .prop_map(newsmill_core::hostile::join)
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let splitter = Splitter::new(&SplitConfig::default()).expect("default config");
    let mut last = 0;
    for (s, e) in splitter.spans(text) {
        prop_assert!(
            last <= s && s < e && e <= text.len(),
            "{s}..{e} after {last}"
        );
        prop_assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "{s}..{e}"
        );
        last = e;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn splitting_any_text_gives_ordered_spans_on_char_boundaries(
        t in prop_oneof![hostile(), any::<String>(), (hostile(), any::<String>()).prop_map(|(a, b)| format!("{a}{b}. {a}"))],
    ) {
        check(&t)?;
    }
}

/// Texts that broke or could break byte-offset code: currency signs after words, curly quotes,
/// accented and non-Latin names, emoji, CRLF and lone CR, NUL, combining marks, right to left,
/// no spaces, no full stop.
#[test]
fn hostile_texts_split_on_char_boundaries() {
    let long_word = "x".repeat(10_000);
    let no_stop = "Zürich 東京 £1.5bn “quoted” ".repeat(2_000);
    let texts = [
        "It cost £1.5bn. Then €20m! Then ¥9bn? Done.",
        "“He said.” ‘She said.’ «Il a dit.» — end…",
        "Côte d'Ivoire. São Paulo. Москва. 東京。北京。",
        "One.\r\nTwo.\rThree.\0Four.\u{2028}Five.\u{85}Six.",
        "e\u{301}. A\u{30a}. \u{301}. \u{301}",
        "مصر. ישראל. \u{202e}txet\u{202c}. \u{200f}.",
        "🙂. 👩‍👩‍👧! 🇬🇧? 𝔘𝔖.",
        "U.S. Mr. Inc. Ltd. (ABC). <BP.L>. 3.5. 20250304.",
        "\u{a0}.\u{a0}\u{2009}.\u{feff}.",
        &long_word,
        &no_stop,
        "",
        ".",
        "\n\n\n",
    ];
    for t in texts {
        check(t).unwrap();
    }
}
