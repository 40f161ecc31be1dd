//! The co-terms of theme rules ("crude => oil, barrel"; a theme's `requires` and `excludes`),
//! found once in a sentence that needs them, so that a rule's check is a lookup of numbers
//! instead of a search of the sentence per term: co-terms of one word by looking each word of
//! the sentence up in a table, the others (`interest rate`, `u.s.`) with one automaton.

use std::collections::HashMap;

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};

use crate::dict::{Dictionary, Kind};
use rustc_hash::FxHashMap;

use crate::matcher::{
    first_bytes, is_word_char, next_start, on_boundaries, walk_at, word_spans, FirstBytes,
};

/// The co-terms of the dictionary's theme rules, numbered, and the rules as lists of numbers.
#[derive(Debug, Clone, Default)]
pub struct CoTermIndex {
    /// Co-terms that are one word (letters, digits, `_`), by their text.
    words: FxHashMap<String, u32>,
    /// The other co-terms, all matches (overlapping ones too), and their numbers.
    /// The bytes they begin with.
    ac: Option<(NFA, FirstBytes)>,
    phrase_ids: Vec<u32>,
    /// By alias index: the index of its rule in `rules`, or `NO_RULE` (most triggers).
    rule_of: Vec<u32>,
    rules: Vec<Rule>,
}

const NO_RULE: u32 = u32::MAX;

/// What a trigger needs in its sentence: one of its own co-terms (if it has any), one of its
/// theme's (if the theme has any), and none of its theme's exclusions.
#[derive(Debug, Clone, Default)]
pub struct Rule {
    pub own: Vec<u32>,
    pub requires: Vec<u32>,
    pub excludes: Vec<u32>,
}

impl Rule {
    /// Whether a sentence holding `p` satisfies the rule.
    pub fn holds(&self, p: &Present) -> bool {
        (self.own.is_empty() || p.any(&self.own))
            && (self.requires.is_empty() || p.any(&self.requires))
            && !p.any(&self.excludes)
    }
}

/// The co-terms a sentence holds on word boundaries: numbers, sorted.
#[derive(Debug, Clone, Default)]
pub struct Present(Vec<u32>);

impl Present {
    /// Whether one of `ids` is present.
    pub fn any(&self, ids: &[u32]) -> bool {
        ids.iter().any(|i| self.0.binary_search(i).is_ok())
    }
}

impl CoTermIndex {
    pub fn build(dict: &Dictionary) -> Result<CoTermIndex, String> {
        let mut number: HashMap<String, u32> = HashMap::new();
        let mut terms: Vec<String> = Vec::new();
        let mut ids = |list: &[String]| -> Vec<u32> {
            let mut v: Vec<u32> = list
                .iter()
                .map(|t| t.trim().to_lowercase())
                .filter(|t| !t.is_empty())
                .map(|t| {
                    *number.entry(t.clone()).or_insert_with(|| {
                        terms.push(t);
                        (terms.len() - 1) as u32
                    })
                })
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let mut index = CoTermIndex {
            rule_of: vec![NO_RULE; dict.aliases.len()],
            ..CoTermIndex::default()
        };
        for (i, a) in dict.aliases.iter().enumerate() {
            if dict.entities[a.entity].kind != Some(Kind::Theme) {
                continue;
            }
            let none = Vec::new();
            let requires = dict.theme_requires.get(&a.entity).unwrap_or(&none);
            let excludes = dict.theme_excludes.get(&a.entity).unwrap_or(&none);
            if a.requires.is_empty() && requires.is_empty() && excludes.is_empty() {
                continue;
            }
            index.rule_of[i] = index.rules.len() as u32;
            index.rules.push(Rule {
                own: ids(&a.requires),
                requires: ids(requires),
                excludes: ids(excludes),
            });
        }
        let mut phrases = Vec::new();
        for (id, t) in terms.into_iter().enumerate() {
            if t.chars().all(is_word_char) {
                index.words.insert(t, id as u32);
            } else {
                phrases.push(t);
                index.phrase_ids.push(id as u32);
            }
        }
        if !phrases.is_empty() {
            let nfa = aho_corasick::nfa::contiguous::Builder::new()
                .match_kind(MatchKind::Standard)
                .build(&phrases)
                .map_err(|e| format!("cannot compile the theme co-terms: {e}"))?;
            index.ac = Some((nfa, first_bytes(phrases.iter().map(String::as_str))));
        }
        Ok(index)
    }

    /// The rule of a trigger (alias index), if it has one.
    pub fn rule(&self, alias: usize) -> Option<&Rule> {
        match self.rule_of.get(alias) {
            Some(&r) if r != NO_RULE => Some(&self.rules[r as usize]),
            _ => None,
        }
    }

    /// The co-terms a sentence holds on word boundaries; `lower` is the sentence in ASCII lower
    /// case (`str::to_ascii_lowercase`), so ASCII letters match in any case.
    pub fn present(&self, lower: &str) -> Present {
        // A one-word co-term is on boundaries exactly where it is a whole word of the sentence.
        let mut v: Vec<u32> = Vec::new();
        if !self.words.is_empty() {
            word_spans(lower, |s, e| {
                if let Some(&id) = self.words.get(&lower[s..e]) {
                    v.push(id);
                }
            });
        }
        // Every match on boundaries, overlapping ones too: the automaton walked anchored from
        // each position where one can start (as the dictionary scan does, issue 23).
        if let Some((ac, first)) = &self.ac {
            if let Ok(anchored) = ac.start_state(Anchored::Yes) {
                let mut start = next_start(first, lower, 0);
                while start < lower.len() {
                    walk_at(ac, anchored, lower, start, |end, p| {
                        if on_boundaries(lower, start, end) {
                            v.push(self.phrase_ids[p]);
                        }
                    });
                    start = next_start(first, lower, start + 1);
                }
            }
        }
        v.sort_unstable();
        v.dedup();
        Present(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn present_finds_every_phrase_on_boundaries_overlapping_ones_too() {
        let phrases = [
            "interest rate",
            "rate cut",
            "u.s.",
            "s. bank",
            "oil-",
            "-based",
            "café au",
            "a",
        ];
        let words = [("oil", 20u32), ("rate", 21)];
        let nfa = aho_corasick::nfa::contiguous::Builder::new()
            .match_kind(MatchKind::Standard)
            .build(phrases)
            .expect("phrases");
        let index = CoTermIndex {
            words: words.iter().map(|&(w, i)| (w.to_string(), i)).collect(),
            ac: Some((nfa, first_bytes(phrases.iter().copied()))),
            phrase_ids: (0..phrases.len() as u32).map(|i| i * 2).collect(),
            ..CoTermIndex::default()
        };
        // By definition: every start of every phrase, kept on boundaries, and the whole words.
        let want = |t: &str| {
            let mut v = Vec::new();
            for (i, p) in phrases.iter().enumerate() {
                for s in 0..t.len() {
                    if t.is_char_boundary(s)
                        && t[s..].starts_with(p)
                        && on_boundaries(t, s, s + p.len())
                    {
                        v.push(i as u32 * 2);
                    }
                }
            }
            word_spans(t, |s, e| {
                v.extend(words.iter().filter(|w| w.0 == &t[s..e]).map(|w| w.1));
            });
            v.sort_unstable();
            v.dedup();
            v
        };
        for t in [
            "the interest rate cut in the u.s. bank",
            "interest rated; xinterest rate; interest rate-cut",
            "the u.s.s. banks; u.s. banks",
            "oil-based oil- -based oil-basedx",
            "café au lait, xcafé au, a a.a",
            "",
            "a",
            "\u{1F600}interest rate\r\nu.s.\0 £a €",
        ] {
            assert_eq!(index.present(t).0, want(t), "{t:?}");
        }
    }
}
