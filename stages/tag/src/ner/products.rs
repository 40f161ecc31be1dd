//! Names the recognizer takes for organizations or persons that are products or documents
//! (issue 19: "Tongyi Wanxiang", "SenseNova" of the seed article, "America First Investment
//! Policy"), and initials that begin a person's name ("JB Baker").

/// Nouns of products (not "assistant": "shop assistant Heidi Brandt" is a person; not "game":
/// see [`LIST_ONLY_PRODUCT_NOUNS`]): a name right
/// after one ("the image generator Zorvo", "the chatbot Quill") or in the list after one and
/// "such as" ("models such as Zorvo, Quill and Ketta") names a product, not its maker nor a
/// person.
const PRODUCT_NOUNS: &[&str] = &[
    "model",
    "models",
    "chatbot",
    "chatbots",
    "generator",
    "generators",
    "app",
    "apps",
    "application",
    "applications",
    "platform",
    "platforms",
    "software",
    "browser",
    "browsers",
    "smartphone",
    "smartphones",
    "chip",
    "chips",
    "processor",
    "processors",
    "vaccine",
    "vaccines",
    "drug",
    "drugs",
    "tool",
    "tools",
];

/// Nouns of products that also name matches ("the game Arsenal won"): only a list they open
/// ("games such as Zorvo Quest and Kettle") names products.
const LIST_ONLY_PRODUCT_NOUNS: &[&str] = &["game", "games"];

/// The searchers of [`LIST_OPENERS`], built once (`str::rfind` built one per opener and call: 1% of
/// a Reuters run's instructions).
static LIST_OPENER_FINDERS: std::sync::LazyLock<Vec<memchr::memmem::FinderRev<'static>>> =
    std::sync::LazyLock::new(|| {
        LIST_OPENERS
            .iter()
            .map(memchr::memmem::FinderRev::new)
            .collect()
    });

/// What may stand between a product noun and a list of names.
const LIST_OPENERS: &[&str] = &[
    " such as ",
    " like ",
    " including ",
    " called ",
    " named ",
    " dubbed ",
];

/// How far back (bytes) a list of products may have begun: a sentence's list, not a paragraph's.
const LIST_REACH: usize = 120;

/// The last word of `s` (letters only) and what precedes it.
fn last_word(s: &str) -> (&str, &str) {
    let t = s.trim_end();
    let i = t
        .rfind(|c: char| !c.is_alphabetic())
        .map_or(0, |i| i + t[i..].chars().next().map_or(1, char::len_utf8));
    (&t[..i], &t[i..])
}

/// Whether the name starting at `start` in its sentence (`sent_start`..) is a product by its
/// context: right after a product noun, or in a list that one opens ("models such as A, B
/// and C", "the chatbot called Quill").
pub fn in_product_context(text: &str, sent_start: usize, start: usize) -> bool {
    let Some(before) = text.get(sent_start.min(start)..start) else {
        return false;
    };
    // Right after the noun: "the image generator Zorvo".
    let (_, w) = last_word(before);
    if !before.ends_with(' ') {
        return false;
    }
    if PRODUCT_NOUNS.contains(&w) {
        return true;
    }
    // In the list a noun opens, within reach and the same clause (no ';', ':', '(' between).
    let from = before.len().saturating_sub(LIST_REACH);
    let from = (from..=before.len())
        .find(|&i| before.is_char_boundary(i))
        .unwrap_or(before.len());
    let window = &before[from..];
    for (pat, finder) in LIST_OPENERS.iter().zip(LIST_OPENER_FINDERS.iter()) {
        let Some(i) = finder.rfind(window.as_bytes()) else {
            continue;
        };
        let between = &window[i + pat.len()..];
        if between.contains([';', ':', '(', '"', '“']) {
            continue;
        }
        // The list goes on by commas and "and"/"or" only: the name is its first item or comes
        // after a comma or a conjunction.
        let joined = between.is_empty()
            || between.ends_with(", ")
            || between.ends_with(" and ")
            || between.ends_with(" or ");
        let (_, noun) = last_word(&window[..i]);
        if joined && (PRODUCT_NOUNS.contains(&noun) || LIST_ONLY_PRODUCT_NOUNS.contains(&noun)) {
            return true;
        }
    }
    false
}

/// Last words of names of documents and events, not organizations ("America First Investment
/// Policy", "Clean Air Act", "Youth Employment Scheme", "Harbour Summit").
const DOCUMENT_LAST_WORDS: &[&str] = &[
    "Policy",
    "Act",
    "Bill",
    "Scheme",
    "Summit",
    "Report",
    "Strategy",
    "Doctrine",
    "Memorandum",
    "Declaration",
    "Accord",
];

/// Whether a recognized organization's name is a document's or an event's: it ends with such a
/// word and does not begin like an organization ("Institute for Energy Policy" is one).
pub fn is_document(name: &str) -> bool {
    let Some(last) = super::kinds::last_of_two_or_more(name) else {
        return false;
    };
    DOCUMENT_LAST_WORDS.contains(&last) && !crate::orgs::looks_like_org(name)
}

/// The start of initials in capitals right before a person's name at `start` ("JB Baker", "DK
/// Rao": one to three capital letters, a space), if any: they are the person's first names.
/// Not a title ("CEO Ada Lovell"), nor the pronoun or the article ("I Always Hurt").
pub fn initials_before(text: &str, start: usize) -> Option<usize> {
    let before = text.get(..start)?.strip_suffix(' ')?;
    let i = before
        .rfind(|c: char| !c.is_ascii_uppercase())
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let w = &before[i..];
    let open = before[..i].chars().next_back();
    ((1..=3).contains(&w.len())
        && open.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '\''))
        && !matches!(w, "I" | "A")
        && !super::link::is_title(w))
    .then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_a_product_context() {
        // (text, name, product)
        let cases: &[(&str, &str, bool)] = &[
            (
                "It released the image generator Zorvo Wanda in May.",
                "Zorvo",
                true,
            ),
            (
                "It has models such as Ketta for law, Zorvo for banks and Quill.",
                "Zorvo",
                true,
            ),
            (
                "It has models such as Ketta for law, Zorvo for banks and Quill.",
                "Quill",
                true,
            ),
            ("It has models such as Ketta for law.", "Ketta", true),
            ("The chatbot called Quill answered.", "Quill", true),
            ("Rivals such as Zorvo and Quill lost.", "Quill", false),
            ("The model said Quill was late.", "Quill", false),
            ("Shop assistant Heidi Brandt said.", "Heidi", false),
            ("Companies including Zorvo rose.", "Zorvo", false),
            (
                "It has models such as Ketta (for law); Zorvo rose.",
                "Zorvo",
                false,
            ),
            ("Zorvo rose.", "Zorvo", false),
            // Games: matches too; only a list they open names products.
            ("In the game Arsenal won 2-1.", "Arsenal", false),
            (
                "It sells games such as Zorvo Quest and Kettle.",
                "Kettle",
                true,
            ),
            (
                "It sells games such as Zorvo Quest and Kettle.",
                "Zorvo",
                true,
            ),
        ];
        for (t, name, want) in cases {
            let s = t.find(name).unwrap();
            assert_eq!(in_product_context(t, 0, s), *want, "{t} / {name}");
        }
    }

    #[test]
    fn documents_and_events_are_no_organizations() {
        let cases: &[(&str, bool)] = &[
            ("America First Investment Policy", true),
            ("Clean Water Act", true),
            ("Youth Employment Scheme", true),
            ("Institute for Energy Policy", false),
            ("Policy", false),
            ("Acme Holdings", false),
        ];
        for (name, want) in cases {
            assert_eq!(is_document(name), *want, "{name}");
        }
    }

    #[test]
    fn initials_begin_a_persons_name() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("said JB Baker, a vice president", "Baker", Some("JB Baker")),
            ("AJ Rivera said", "Rivera", Some("AJ Rivera")),
            ("(TJ Holm)", "Holm", Some("TJ Holm")),
            ("said CEO Ada Lovell", "Ada", None),
            ("the NASDAQ Baker fund", "Baker", None),
            ("said J. Baker", "Baker", None),
            ("I Always Hurt", "Always", None),
            ("said Baker", "Baker", None),
            ("£JB Baker", "Baker", None),
        ];
        for (t, name, want) in cases {
            let s = t.find(name).unwrap();
            let got = initials_before(t, s).map(|i| &t[i..s + name.len()]);
            assert_eq!(got, *want, "{t}");
        }
    }
}
