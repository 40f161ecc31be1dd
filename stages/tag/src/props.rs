//! Property tests on arbitrary and hostile Unicode: tagging never panics, every mention lies on
//! char boundaries of the field it points into, and the tagger's char offsets agree with its byte
//! offsets. Case counts are kept small: the whole test suite must stay fast on two cores.

use std::sync::OnceLock;

use newsmill_core::hostile::TOKENS;
use proptest::prelude::*;

use super::*;

fn tagger() -> &'static Tagger {
    static T: OnceLock<Tagger> = OnceLock::new();
    T.get_or_init(|| Tagger::new(&TagConfig::default()).expect("built-in dictionaries load"))
}

/// A text of hostile tokens, each followed by a space or nothing.
fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec((prop::sample::select(TOKENS), any::<bool>()), 0..60)
        .prop_map(newsmill_core::hostile::join)
}

/// Hostile tokens and arbitrary characters of every plane, mixed.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        hostile(),
        any::<String>(),
        (hostile(), any::<String>(), hostile()).prop_map(|(a, b, c)| a + &b + &c)
    ]
}

/// Sentence spans from arbitrary cut points, moved back to char boundaries.
fn spans(text: &str, cuts: &[usize]) -> Vec<(usize, usize)> {
    let mut bounds: Vec<usize> = cuts
        .iter()
        .map(|&c| {
            let mut c = c % (text.len() + 1);
            while !text.is_char_boundary(c) {
                c -= 1;
            }
            c
        })
        .chain([0, text.len()])
        .collect();
    bounds.sort_unstable();
    bounds.dedup();
    bounds
        .windows(2)
        .map(|w| (w[0], w[1]))
        .filter(|(a, b)| a < b)
        .collect()
}

fn check(title: Option<&str>, text: &str, sents: &[(usize, usize)]) -> Result<(), TestCaseError> {
    for m in tagger()
        .tag_titled(title, text, sents, None)
        .expect("tagged")
    {
        let field = match m.field {
            Field::Title => title.unwrap_or_default(),
            Field::Text => text,
        };
        prop_assert!(m.start < m.end && m.end <= field.len(), "{m:?}");
        prop_assert!(
            field.is_char_boundary(m.start) && field.is_char_boundary(m.end),
            "{m:?}"
        );
        if m.field == Field::Text {
            prop_assert!(m.sentence < sents.len(), "{m:?}");
            let (a, b) = sents[m.sentence];
            prop_assert!(a <= m.start && m.end <= b, "{m:?} lies in its sentence");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn tagging_any_text_keeps_mentions_on_char_boundaries(
        t in text(),
        title in prop::option::of(text()),
        cuts in prop::collection::vec(any::<usize>(), 0..8),
    ) {
        let sents = spans(&t, &cuts);
        check(title.as_deref(), &t, &sents)?;
        // One sentence per line, as a splitter would give on short lines.
        let lines = spans(&t, &t.match_indices('\n').map(|(i, _)| i + 1).collect::<Vec<_>>());
        check(None, &t, &lines)?;
        // A `.txt` file: its first line is the title, in no sentence.
        if let Some((first, rest)) = lines.split_first() {
            check(Some(&t[first.0..first.1]), &t, rest)?;
        }
    }
}

/// The words around a mention, found after characters of any width: "£1.5bn India" once sliced
/// into the pound sign.
#[test]
fn prev_and_next_word_after_multibyte_characters() {
    // (text, the mention (its last occurrence), previous word)
    let prev: &[(&str, &str, Option<&str>)] = &[
        ("worth £1.5bn India", "India", Some("1.5bn")),
        ("€20m Chad", "Chad", Some("20m")),
        ("“Quoted” Jordan", "Jordan", None),
        ("Zürich Georgia", "Georgia", Some("Zürich")),
        ("🙂🙂 India", "India", None),
        ("東京 India", "India", Some("東京")),
        ("Mr.O'Neil India", "India", Some("Mr.O'Neil")),
        ("مصر India", "India", Some("مصر")),
        ("—India", "India", None),
        ("India", "India", None),
    ];
    for &(text, mention, want) in prev {
        let start = text.rfind(mention).unwrap();
        assert_eq!(prev_word(text, start), want, "{text:?}");
    }
    // (text, the mention (its first occurrence), next word)
    let next: &[(&str, &str, Option<&str>)] = &[
        ("India £1.5bn", "India", None),
        ("India Zürich", "India", Some("Zürich")),
        ("India 東京", "India", Some("東京")),
        ("India", "India", None),
    ];
    for &(text, mention, want) in next {
        let end = text.find(mention).unwrap() + mention.len();
        assert_eq!(next_word(text, end), want, "{text:?}");
    }
}

/// Tagging texts with currency signs, curly quotes, accents, emoji, CRLF, NUL, combining marks
/// and right-to-left names next to the names of the dictionaries, as one sentence each.
#[test]
fn hostile_texts_tag_without_panic_on_char_boundaries() {
    let texts = [
        "The £1.5bn India deal. A €20m Jordan fund; ¥9bn China.",
        "“Barclays” said ‘Vodafone’ — and Apple… agreed.",
        "Zürich, Côte d'Ivoire and São Paulo met in Москва and 東京.",
        "India\r\nChina\rJordan\0Georgia\u{2028}Chad",
        "Ge\u{301}orgia e\u{301}India A\u{30a}pple",
        "مصر India \u{202e}China\u{202c} ישראל",
        "🙂India🙂 👩‍👩‍👧 Barclays 🇬🇧 plc",
        "LONDON, March 3 - ₹3,000 India US$5 Chad",
        "<BP.L> (NYSE: X) Ltd Inc. Barclays Bank of India Ltd",
    ];
    for t in texts {
        let sents = [(0, t.len())];
        check(None, t, &sents).unwrap();
        check(Some("“India” — £1.5bn"), t, &sents).unwrap();
    }
}
