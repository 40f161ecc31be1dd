//! Themes: triggers found by the theme automaton, kept when their co-term rule holds and when they
//! are not a word of a company's name, one mention per theme at a span.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::word_list;
use crate::{coterms, matcher, orgs, Automata, Ent, Field, Kind, Mention, Method, Tagger};

/// Stock exchanges of a "(EXCHANGE:TICKER)" after a company's name (`data/tag/exchanges.txt`).
static EXCHANGES: LazyLock<Vec<&str>> =
    LazyLock::new(|| word_list(include_str!("../../../data/tag/exchanges.txt")));

impl Tagger {
    pub(crate) fn themes(
        &self,
        automata: &Automata,
        text: &str,
        sents: &[(usize, usize)],
        out: &mut Vec<Mention>,
    ) {
        // Triggers and co-terms are matched on a copy in ASCII lower case (byte for byte, so
        // offsets hold): case-sensitive automata over it are smaller and faster than
        // case-insensitive ones over the text, and find the same matches.
        let lower = text.to_ascii_lowercase();
        let mut raw = Vec::new();
        automata.matcher.themes_lowered(&lower, &mut raw);
        // The co-terms of each sentence that needs them, found once.
        let mut present: FxHashMap<usize, coterms::Present> = FxHashMap::default();
        let mut seen: Vec<usize> = Vec::new();
        // Names are not themes: a trigger that is (part of) a political party's name ("Labour",
        // "the Greens") is no theme mention. (A trigger inside other names is kept: an industry
        // word in a company's name tells its industry, "Nippon Steel", "Tin Board".)
        let parties: Vec<(usize, usize)> = out
            .iter()
            .filter(|m| m.kind == Kind::Organization)
            .filter(|m| match &m.ent {
                Ent::Dict(i) => {
                    self.dict.entities[*i].entity_type.as_deref() == Some("political_party")
                }
                Ent::New(_) => false,
            })
            .map(|m| (m.start, m.end))
            .collect();
        for (s, e, aliases) in raw {
            if parties.iter().any(|&(a, b)| s < b && a < e) {
                continue;
            }
            let Some(si) = sents
                .partition_point(|&(a, _)| a <= s)
                .checked_sub(1)
                .filter(|&i| e <= sents[i].1)
            else {
                continue;
            };
            if in_company_name(text, sents[si].0, s, e) {
                continue;
            }
            // One mention per theme at a span: the first of its triggers there whose rule holds
            // (a theme may carry the same trigger twice with other co-terms, as when a user's
            // theme file adds `dollar => stabilize` to a built-in `dollar => fell`).
            seen.clear();
            let first = out.len();
            for &ai in aliases {
                let a = &self.dict.aliases[ai];
                if seen.contains(&a.entity) {
                    continue;
                }
                // Most triggers need no co-term: look at the sentence only when one does.
                let holds = match automata.coterms.rule(ai) {
                    None => true,
                    Some(rule) => rule.holds(present.entry(si).or_insert_with(|| {
                        automata.coterms.present(&lower[sents[si].0..sents[si].1])
                    })),
                };
                if holds {
                    seen.push(a.entity);
                    out.push(Mention {
                        start: s,
                        field: Field::Text,
                        end: e,
                        sentence: si,
                        kind: Kind::Theme,
                        ent: Ent::Dict(a.entity),
                        form: None,
                        method: Method::of_entity(self.dict.entities[a.entity].user),
                    });
                }
            }
            // A theme and its descendant at one span ("inflation" as inflation and as consumer
            // prices): the descendant alone, which the roll-up counts for the ancestor once.
            if seen.len() > 1 {
                let span = out.split_off(first);
                out.extend(span.into_iter().filter(|m| {
                    !matches!(m.ent, Ent::Dict(t)
                        if seen.iter().any(|&d| self.dict.is_theme_ancestor(t, d)))
                }));
            }
        }
    }
}

/// Whether a one-word theme trigger at `text[start..end]` is a word of a company's name: written
/// capitalized and followed by a company suffix or a stock ticker, directly or after at most
/// [`COMPANY_NAME_WORDS_AFTER`] more capitalized words ("Armstrong Rubber Co", "Husky Oil Ltd",
/// "Aluminum Co of America", "Silver State Mining Corp", "Silver State Mining <SSMC>", "Silver
/// State Mining (NASDAQ: SSMC)" name companies, not rubber, crude oil, aluminium or silver). In a
/// headline in capitals the name opens the headline, is in capitals too and ends in a legal suffix
/// or a ticker ("SILVER STATE MINING CORP", "SILVER STATE MINING <SSMC>"; not "SILVER PRICES
/// RISE", nor "ACQUIRE" in "PEPSICO TO ACQUIRE CALNY INC"). A
/// trigger inside angle brackets, the newswire's mark of a company's name ("<Royal Gold and Silver
/// Corp>"), is one too.
fn in_company_name(text: &str, sentence_start: usize, start: usize, end: usize) -> bool {
    let word = &text[start..end];
    if !word.chars().all(matcher::is_word_char)
        || !word.chars().next().is_some_and(char::is_uppercase)
    {
        return false;
    }
    if in_angle_brackets(text, start, end) {
        return true;
    }
    // A word in capitals is a name's only at the start of its heading: elsewhere it may be a
    // verb or noun before a company's name ("PEPSICO TO ACQUIRE CALNY INC").
    let caps = word.len() > 1 && !word.chars().any(char::is_lowercase);
    if caps && !text[sentence_start..start].trim().is_empty() {
        return false;
    }
    let mut rest = &text[end..];
    for words_between in 0..=COMPANY_NAME_WORDS_AFTER {
        let Some(r) = rest.strip_prefix(' ') else {
            return false;
        };
        if starts_with_ticker(r) {
            return true;
        }
        let next = r
            .split(|c: char| !matcher::is_word_char(c))
            .next()
            .unwrap_or("");
        let suffix = if caps {
            LEGAL_WORDS.iter().any(|l| l.eq_ignore_ascii_case(next))
        } else {
            LEGAL_WORDS.contains(&next) || NAME_END_WORDS.contains(&next)
        };
        if suffix {
            return true;
        }
        // Another word of the name, not the last try: capitalized, not in capitals (a heading);
        // in a heading in capitals, in capitals.
        let first_upper = next.chars().next().is_some_and(char::is_uppercase);
        let name_word = if caps {
            first_upper && !next.chars().any(char::is_lowercase)
        } else {
            first_upper && next.chars().skip(1).any(char::is_lowercase)
        };
        if !name_word || words_between == COMPANY_NAME_WORDS_AFTER {
            return false;
        }
        rest = &r[next.len()..];
    }
    false
}

/// The legal suffixes of one word (`data/tag/legal_suffixes.txt`, without a final period: the
/// word after a trigger is compared without its punctuation), which end a company's name, also in
/// a headline in capitals ("GOLD FIELDS LTD", "SILVER KING CORP").
static LEGAL_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    orgs::LEGAL_SUFFIXES
        .iter()
        .map(|s| s.trim_end_matches('.'))
        .filter(|s| !s.is_empty() && s.chars().all(matcher::is_word_char))
        .collect()
});

/// Words that end a company's name without being a legal form, only as written in a text: in a
/// headline "STEEL GROUP", "STEEL INDUSTRIES", "GRAIN RESERVE HOLDINGS" may be the industry or the
/// commodity.
const NAME_END_WORDS: &[&str] = &["Company", "Companies", "Group", "Holdings", "Industries"];

/// How many capitalized words may stand between a theme trigger and the company suffix that makes
/// it part of a company's name ("Silver State Mining Corp", "Silver King Broadcasting Co").
const COMPANY_NAME_WORDS_AFTER: usize = 2;

/// How far (bytes) a company's name in angle brackets may reach on either side of a trigger.
const BRACKETED_NAME_REACH: usize = 80;

/// Whether `text[start..end]` lies inside a company's name in angle brackets ("<Royal Gold and
/// Silver Corp>", "<ROYAL GOLD AND SILVER CORP>"): a `<` before it followed by a capital letter,
/// and a `>` after it, with no other bracket between, within [`BRACKETED_NAME_REACH`] bytes.
fn in_angle_brackets(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    let lo = start.saturating_sub(BRACKETED_NAME_REACH);
    let Some(open) = b[lo..start]
        .iter()
        .rposition(|&c| c == b'<' || c == b'>')
        .map(|i| lo + i)
        .filter(|&i| b[i] == b'<')
    else {
        return false;
    };
    if !b.get(open + 1).is_some_and(u8::is_ascii_uppercase) {
        return false;
    }
    let hi = (end + BRACKETED_NAME_REACH).min(b.len());
    b[end..hi]
        .iter()
        .find(|&&c| c == b'<' || c == b'>')
        .is_some_and(|&c| c == b'>')
}

/// Whether `s` begins with a stock ticker: `<SSMC>`, `<BP.L>` (the newswire's form), or an
/// exchange and a ticker in parentheses, `(NASDAQ: SSMC)`. A bare `(ABC)` is not one: it is as
/// often an acronym ("International Tin Agreement (ITA)").
fn starts_with_ticker(s: &str) -> bool {
    /// Longest ticker symbol ("BRK.B", "600519.SS"); set by hand, not tuned.
    const TICKER_BYTES: usize = 12;
    /// Longest "(EXCHANGE:TICKER)" inside its brackets.
    const EXCHANGE_TICKER_BYTES: usize = 24;
    let symbol = |t: &str| {
        !t.is_empty()
            && t.len() <= TICKER_BYTES
            && t.bytes().any(|c| c.is_ascii_uppercase())
            && t.bytes()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'.' || c == b'-')
    };
    if let Some(r) = s.strip_prefix('<') {
        return r
            .bytes()
            .take(TICKER_BYTES + 1)
            .position(|c| c == b'>')
            .is_some_and(|i| symbol(&r[..i]));
    }
    if let Some(r) = s.strip_prefix('(') {
        let Some(close) = r
            .bytes()
            .take(EXCHANGE_TICKER_BYTES)
            .position(|c| c == b')')
        else {
            return false;
        };
        let Some((exchange, ticker)) = r[..close].split_once(':') else {
            return false;
        };
        return EXCHANGES.contains(&exchange.trim()) && symbol(ticker.trim());
    }
    false
}
