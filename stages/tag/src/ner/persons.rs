//! Persons the recognizer finds that are no persons, or not as written (issue 19, classes of the
//! seed article): a given name alone used as a figure of speech ("an inspiring David to the
//! Goliath"), and a name glued to the role after it when a space is missing ("Ada
//! LovellFounder", "Jan NovakCEO").

use std::collections::HashSet;
use std::sync::LazyLock;

/// Common English given names (`data/tag/given_names.txt`, compiled from the US Census 1990
/// first names by `data/compile/given_names.py`).
static GIVEN_NAMES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    crate::word_list(include_str!("../../../../data/tag/given_names.txt"))
        .into_iter()
        .collect()
});

/// Whether `w` is a common given name ("David", "Maria").
pub fn is_given_name(w: &str) -> bool {
    GIVEN_NAMES.contains(w)
}

/// Lower-case modifiers that may stand between an indefinite article and a name used as a
/// figure of speech ("an inspiring David"): at most this many.
const MAX_MODIFIERS: usize = 2;

/// Lower-case words that are no modifier of the name after them: the article then belongs to
/// another phrase ("a swipe at David", "a boy named David", "a letter to David").
const NOT_MODIFIERS: &[&str] = &[
    "at",
    "to",
    "by",
    "for",
    "with",
    "of",
    "in",
    "on",
    "from",
    "about",
    "after",
    "before",
    "against",
    "into",
    "over",
    "under",
    "between",
    "among",
    "like",
    "as",
    "than",
    "that",
    "which",
    "who",
    "and",
    "or",
    "but",
    "is",
    "was",
    "are",
    "were",
    "be",
    "been",
    "has",
    "had",
    "have",
    "said",
    "says",
    "named",
    "called",
    "surnamed",
    "nicknamed",
    "dubbed",
];

/// Whether the name at `start` comes right after an indefinite article, with at most
/// [`MAX_MODIFIERS`] lower-case modifiers between ("a David", "an inspiring David", "An
/// unlikely David" at a sentence's start; not "for An Marchal", where "An" is a name).
pub fn after_indefinite_article(text: &str, start: usize) -> bool {
    let Some(mut rest) = text.get(..start).and_then(|t| t.strip_suffix(' ')) else {
        return false;
    };
    for _ in 0..=MAX_MODIFIERS {
        let (head, w) = match rest.rfind(' ') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => ("", rest),
        };
        let opens = head
            .trim_end()
            .chars()
            .next_back()
            .is_none_or(|c| matches!(c, '.' | '!' | '?' | '"' | '“' | ':'));
        if matches!(w, "a" | "an") || (matches!(w, "A" | "An") && opens) {
            return true;
        }
        let modifier = !w.is_empty()
            && w.chars().all(|c| c.is_lowercase() || c == '-')
            && !NOT_MODIFIERS.contains(&w);
        if !modifier || head.is_empty() {
            return false;
        }
        rest = head;
    }
    false
}

/// Whether a one-word person `name` at `start` is a figure of speech: a common given name right
/// after an indefinite article ("an inspiring David to the big tech Goliath"). The caller checks
/// that no full name of the document begins or ends with it and no title stands before it.
pub fn is_figure_of_speech(text: &str, start: usize, name: &str) -> bool {
    is_given_name(name) && after_indefinite_article(text, start)
}

/// Roles that follow a person's name, in bylines and author notes, and may be glued to it when
/// a space is missing ("Ada LovellFounder, Acme").
const GLUED_ROLES: &[&str] = &[
    "Founder",
    "Cofounder",
    "CEO",
    "CTO",
    "CFO",
    "COO",
    "President",
    "Director",
    "Chairman",
    "Chairwoman",
    "Editor",
    "Reporter",
    "Correspondent",
    "Columnist",
    "Contributor",
    "Analyst",
    "Author",
    "Writer",
    "Partner",
    "Principal",
    "Manager",
    "Professor",
    "Researcher",
    "Fellow",
    "Consultant",
];

/// Where a person's name `text[s..e]` really ends when its last word is a name glued to a role
/// ("Ada LovellFounder" ends after "Lovell"): a role word of [`GLUED_ROLES`] at the end of the
/// last word, right after a lower-case letter, with at least two letters before it in the word.
/// `e` when there is none ("McDonald", "DeShawn": no role after the capital).
pub fn unglued_end(text: &str, s: usize, e: usize) -> usize {
    let Some(name) = text.get(s..e) else {
        return e;
    };
    let word_start = name.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |i| {
        i + name[i..].chars().next().map_or(1, char::len_utf8)
    });
    for role in GLUED_ROLES {
        let Some(head) = name.strip_suffix(role) else {
            continue;
        };
        let glued = head.len() >= word_start + 2
            && head.chars().next_back().is_some_and(char::is_lowercase);
        if glued {
            return s + head.len();
        }
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_given_name_after_an_indefinite_article_is_a_figure_of_speech() {
        // (text, name, figure of speech)
        let cases: &[(&str, &str, bool)] = &[
            (
                "Orvel looked like an inspiring David to the Goliath of the trade.",
                "David",
                true,
            ),
            ("The start-up is a David among giants.", "David", true),
            ("An unlikely David won the tender.", "David", true),
            ("They met a very modest Maria at the fair.", "Maria", true),
            // Another phrase's article, or a name that is no given name.
            ("She took a swipe at David over the plan.", "David", false),
            ("A boy named David was found.", "David", false),
            ("It was a gift to David from the club.", "David", false),
            ("said a composed Lovell after the match", "Lovell", false),
            ("the search for An Marchal went on", "Marchal", false),
            ("David said the plan was late.", "David", false),
        ];
        for (t, name, want) in cases {
            let s = t.find(name).unwrap();
            assert_eq!(is_figure_of_speech(t, s, name), *want, "{t}");
        }
    }

    #[test]
    fn a_name_glued_to_a_role_ends_before_it() {
        // (text, name as found, name as it ends)
        let cases: &[(&str, &str, &str)] = &[
            (
                "Ada Pelz-LovellFounder, Orvel Analysis",
                "Ada Pelz-LovellFounder",
                "Ada Pelz-Lovell",
            ),
            ("Jan NovakCEO of Velk", "Jan NovakCEO", "Jan Novak"),
            ("by Mara KovEditor", "Mara KovEditor", "Mara Kov"),
            ("£ Émile ZolaAuthor", "Émile ZolaAuthor", "Émile Zola"),
            // No role after the capital, or nothing of a name before it.
            ("Ronald McDonald said", "Ronald McDonald", "Ronald McDonald"),
            ("Ada Lovell said", "Ada Lovell", "Ada Lovell"),
            ("Ada Founder said", "Ada Founder", "Ada Founder"),
            ("Ada XFounder said", "Ada XFounder", "Ada XFounder"),
            ("Ada LOVELLCEO said", "Ada LOVELLCEO", "Ada LOVELLCEO"),
        ];
        for (t, name, want) in cases {
            let s = t.find(name).unwrap();
            let e = unglued_end(t, s, s + name.len());
            assert_eq!(&t[s..e], *want, "{t}");
        }
    }
}
