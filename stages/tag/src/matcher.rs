//! The automata: one case-sensitive pass for organizations and countries, one ASCII
//! case-insensitive pass for theme triggers; matches are kept only on word boundaries.

use std::collections::HashMap;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};

use crate::dict::{CaseRule, Dictionary, Kind};

/// What an entity pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// An alias (index into `Dictionary::aliases`).
    Alias(usize),
    /// A phrase that is never a mention.
    Suppress,
}

/// The compiled automata.
#[derive(Debug, Clone)]
pub struct Matcher {
    entities: Option<NFA>,
    /// The bytes an entity pattern begins with ([`first_bytes`]).
    entity_first: FirstBytes,
    targets: Vec<Target>,
    /// Per pattern: whether it is an ALL-CAPS variant of an alias written otherwise.
    upper_variant: Vec<bool>,
    themes: Option<NFA>,
    /// The bytes a theme trigger begins with.
    theme_first: FirstBytes,
    theme_targets: Vec<Vec<usize>>,
}

/// Per byte value: whether some pattern begins with it.
pub(crate) type FirstBytes = Box<[bool; 256]>;

/// The bytes the `patterns` begin with (never a UTF-8 continuation byte: a pattern is a string).
pub(crate) fn first_bytes<'a>(patterns: impl Iterator<Item = &'a str>) -> FirstBytes {
    let mut t = Box::new([false; 256]);
    for p in patterns {
        if let Some(&b) = p.as_bytes().first() {
            t[b as usize] = true;
        }
    }
    t
}

/// Whether `c` continues a word.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// ASCII bytes that continue a word (letters, digits, `_`).
static WORD_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        t[i] = c.is_ascii_alphanumeric() || c == b'_';
        i += 1;
    }
    t
};

/// Whether the character at byte `i` of `text` (`i < text.len()`, a character boundary)
/// continues a word, and its length in bytes. Always inlined: it is the inner step of the word
/// scans (an out-of-line call cost word spans 2% of the tag stage's instructions).
#[inline(always)]
fn char_at(text: &str, i: usize) -> (bool, usize) {
    let x = text.as_bytes()[i];
    if x < 0x80 {
        (WORD_BYTE[x as usize], 1)
    } else {
        text[i..]
            .chars()
            .next()
            .map_or((false, 1), |c| (is_word_char(c), c.len_utf8()))
    }
}

/// The end of the run of word characters that begins at `i` (`i` itself if none does).
#[inline]
fn run_end(text: &str, mut i: usize) -> usize {
    while i < text.len() {
        let (word, len) = char_at(text, i);
        if !word {
            break;
        }
        i += len;
    }
    i
}

/// Calls `f` with the byte span of every word of `text`: each maximal run of word characters.
pub fn word_spans(text: &str, mut f: impl FnMut(usize, usize)) {
    let mut i = 0;
    while i < text.len() {
        // Skip to a word, then to its end: two tight loops instead of one with a state.
        let (word, len) = char_at(text, i);
        if !word {
            i += len;
            continue;
        }
        let start = i;
        i += len;
        while i < text.len() {
            let (word, len) = char_at(text, i);
            if !word {
                break;
            }
            i += len;
        }
        f(start, i);
    }
}

/// Whether `text[start..end]` stands on word boundaries (a pattern that begins or ends with a
/// non-word character carries its own boundary on that side).
pub fn on_boundaries(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    let word_byte = |x: u8| WORD_BYTE[x as usize];
    // ASCII bytes decide at once; a non-ASCII character is decoded.
    let first_is_word = match b.get(start) {
        Some(&x) if x.is_ascii() => word_byte(x),
        _ => text[start..end].chars().next().is_some_and(is_word_char),
    };
    let last_is_word = match end.checked_sub(1).and_then(|i| b.get(i)) {
        Some(&x) if x.is_ascii() && end > start => word_byte(x),
        _ => text[start..end]
            .chars()
            .next_back()
            .is_some_and(is_word_char),
    };
    let before_ok = !first_is_word
        || match start.checked_sub(1).map(|i| b[i]) {
            None => true,
            Some(x) if x.is_ascii() => !word_byte(x),
            Some(_) => !text[..start].chars().next_back().is_some_and(is_word_char),
        };
    let after_ok = !last_is_word
        || match b.get(end) {
            None => true,
            Some(&x) if x.is_ascii() => !word_byte(x),
            Some(_) => !text[end..].chars().next().is_some_and(is_word_char),
        };
    before_ok && after_ok
}

impl Matcher {
    /// Compiles the dictionary. `user_suppress` phrases beat everything; user aliases beat
    /// built-in suppressions; aliases written as in the data beat ALL-CAPS variants; for the same
    /// string, a country beats an organization (an organization alias that is a country name is a
    /// data error).
    pub fn build(
        dict: &Dictionary,
        kinds: &[Kind],
        user_suppress: &[String],
    ) -> Result<Matcher, String> {
        // Priorities: an order, not tuned weights (each rank only has to beat the ones below).
        /// The user's suppressions: above everything.
        const USER_SUPPRESS: u8 = 100;
        /// Aliases of the user's dictionaries (+10 as written, +2 for a country).
        const USER_ALIAS: u8 = 60;
        /// Built-in suppressions: above built-in aliases, below the user's.
        const BUILTIN_SUPPRESS: u8 = 40;
        /// Aliases of the built-in dictionaries (+10 as written, +2 for a country).
        const BUILTIN_ALIAS: u8 = 20;
        /// An alias as written beats the case variants made from any alias.
        const AS_WRITTEN: u8 = 10;
        /// A country beats an organization with the same string.
        const COUNTRY_FIRST: u8 = 2;
        // pattern text -> (priority, target, upper variant); higher priority wins.
        let mut best: HashMap<String, (u8, Target, bool)> = HashMap::new();
        let mut put = |text: String, prio: u8, target: Target, upper: bool| {
            let e = best
                .entry(straight_quotes(text))
                .or_insert((0, target, upper));
            if prio > e.0 {
                *e = (prio, target, upper);
            }
        };
        for p in user_suppress {
            put(p.clone(), USER_SUPPRESS, Target::Suppress, false);
        }
        for p in &dict.suppress {
            put(p.clone(), BUILTIN_SUPPRESS, Target::Suppress, false);
            // Headlines and datelines in capitals: "GULF OF MEXICO RIG COUNT".
            let upper = p.to_uppercase();
            if upper != *p {
                put(upper, BUILTIN_SUPPRESS, Target::Suppress, true);
            }
        }
        let mut theme_pats: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, a) in dict.aliases.iter().enumerate() {
            let e = &dict.entities[a.entity];
            let kind = e.kind.unwrap_or(Kind::Organization);
            if !kinds.contains(&kind) {
                continue;
            }
            if kind == Kind::Theme {
                theme_pats
                    .entry(straight_quotes(a.text.to_lowercase()))
                    .or_default()
                    .push(i);
                continue;
            }
            let base: u8 = if e.user { USER_ALIAS } else { BUILTIN_ALIAS };
            let kind_bonus = if kind == Kind::Country {
                COUNTRY_FIRST
            } else {
                0
            };
            put(
                a.text.clone(),
                base + AS_WRITTEN + kind_bonus,
                Target::Alias(i),
                false,
            );
            match a.case {
                CaseRule::Exact => {}
                CaseRule::Title => {
                    let up = a.text.to_uppercase();
                    if up != a.text {
                        put(up, base + kind_bonus, Target::Alias(i), true);
                    }
                }
                CaseRule::Any => {
                    for v in [
                        a.text.to_uppercase(),
                        a.text.to_lowercase(),
                        title_case(&a.text),
                    ] {
                        if v != a.text {
                            put(v, base + kind_bonus, Target::Alias(i), true);
                        }
                    }
                }
            }
        }
        let mut pats: Vec<(String, (u8, Target, bool))> = best.into_iter().collect();
        pats.sort_by(|a, b| a.0.cmp(&b.0));
        // Triggers in ASCII lower case, matched on text in ASCII lower case: ASCII letters in any
        // case match, other characters as written.
        let mut tpats: Vec<(String, Vec<usize>)> = theme_pats.into_iter().collect();
        tpats.sort_by(|a, b| a.0.cmp(&b.0));
        // The two automata are built at once, each on its own thread (start-up is most of a
        // small run). A DFA for the triggers runs fewer instructions but is slower on real text:
        // its table is too large for the caches.
        let (entities, themes) = std::thread::scope(|scope| {
            let themes = scope.spawn(|| {
                (!tpats.is_empty())
                    .then(|| {
                        aho_corasick::nfa::contiguous::Builder::new()
                            .match_kind(MatchKind::LeftmostLongest)
                            .build(tpats.iter().map(|p| &p.0))
                            .map_err(|e| format!("cannot compile the theme triggers: {e}"))
                    })
                    .transpose()
            });
            let entities = (!pats.is_empty())
                .then(|| {
                    aho_corasick::nfa::contiguous::Builder::new()
                        .match_kind(MatchKind::LeftmostLongest)
                        .build(pats.iter().map(|p| &p.0))
                        .map_err(|e| format!("cannot compile the dictionary: {e}"))
                })
                .transpose();
            let themes = themes
                .join()
                .unwrap_or_else(|_| Err("building the theme automaton panicked".into()));
            (entities, themes)
        });
        let (entities, themes) = (entities?, themes?);
        Ok(Matcher {
            entities,
            entity_first: first_bytes(pats.iter().map(|p| p.0.as_str())),
            targets: pats.iter().map(|p| p.1 .1).collect(),
            upper_variant: pats.iter().map(|p| p.1 .2).collect(),
            themes,
            theme_first: first_bytes(tpats.iter().map(|p| p.0.as_str())),
            theme_targets: tpats.into_iter().map(|p| p.1).collect(),
        })
    }

    /// Entity matches on word boundaries, leftmost-longest, non-overlapping:
    /// `(start, end, target, is_upper_variant)`.
    pub fn entities(&self, text: &str, out: &mut Vec<(usize, usize, Target, bool)>) {
        self.entities_within(text, &[], out)
    }

    /// As [`Matcher::entities`], no match crossing one of the `ends` (ascending byte offsets:
    /// the ends of the sentences, which a mention never crosses). A match across a sentence end
    /// would be dropped later, and the shorter match at its start with it.
    pub fn entities_within(
        &self,
        text: &str,
        ends: &[usize],
        out: &mut Vec<(usize, usize, Target, bool)>,
    ) {
        let Some(ac) = &self.entities else { return };
        scan(ac, &self.entity_first, text, ends, |s, e, pid| {
            out.push((s, e, self.targets[pid], self.upper_variant[pid]))
        });
    }

    /// Theme trigger matches on word boundaries, ASCII letters in any case: `(start, end, alias
    /// indices)`.
    pub fn themes<'a>(&'a self, text: &str, out: &mut Vec<(usize, usize, &'a [usize])>) {
        self.themes_lowered(&text.to_ascii_lowercase(), out)
    }

    /// As [`Matcher::themes`], on text already in ASCII lower case (`str::to_ascii_lowercase`).
    pub fn themes_lowered<'a>(&'a self, lower: &str, out: &mut Vec<(usize, usize, &'a [usize])>) {
        self.themes_within(lower, &[], out)
    }

    /// As [`Matcher::themes_lowered`], no match crossing one of the `ends` (as
    /// [`Matcher::entities_within`]).
    pub fn themes_within<'a>(
        &'a self,
        lower: &str,
        ends: &[usize],
        out: &mut Vec<(usize, usize, &'a [usize])>,
    ) {
        let Some(ac) = &self.themes else { return };
        scan(ac, &self.theme_first, lower, ends, |s, e, pid| {
            out.push((s, e, &self.theme_targets[pid]))
        });
    }
}

/// Runs a leftmost-longest automaton, keeping matches on word boundaries: at each start, the
/// longest pattern that ends on a boundary. When the longest pattern at a start runs into a word
/// ("gold mine" in "gold mineralization"), a shorter one at the same start may still end on a
/// boundary ("gold"). When none does, the search goes on from the next character, or rather from
/// the end of the word it starts in.
///
/// The automaton is walked anchored, from each position where a match on boundaries can start: a
/// byte that some pattern begins with (`first`), not a word character inside a word (a match
/// starting there is never on boundaries). An unanchored search finds the same leftmost match,
/// since it starts at no other position either, but it walks the automaton through every byte
/// between them (issue 23: the two passes were a seventh of a run's time, mostly cache misses
/// in the automata's deeper states). One walk from a start meets every pattern the text begins
/// with there, shortest first.
///
/// No match crosses one of `ends` (ascending byte offsets, character boundaries): with runs of
/// spaces matching one ([`MAX_GAP`]), a blank line (two spaces in the tagger's text) is no
/// longer a gap no name spans, and a match across a sentence end, dropped later, would hide the
/// shorter one at its start.
fn scan(
    nfa: &NFA,
    first: &[bool; 256],
    text: &str,
    ends: &[usize],
    mut f: impl FnMut(usize, usize, usize),
) {
    let b = text.as_bytes();
    let Ok(anchored) = nfa.start_state(Anchored::Yes) else {
        return;
    };
    let mut pos = 0;
    // ends[k]: the first end after `start`.
    let mut k = 0;
    loop {
        let start = next_start(first, text, pos);
        if start >= b.len() {
            break;
        }
        while k < ends.len() && ends[k] <= start {
            k += 1;
        }
        let limit = ends.get(k).map_or(b.len(), |&e| e.min(b.len()));
        // The longest pattern at `start` on boundaries: (end, pattern).
        let mut found = None;
        walk_at(nfa, anchored, &text[..limit], start, |end, p| {
            if on_boundaries(text, start, end) {
                found = Some((end, p));
            }
        });
        match found {
            Some((end, p)) => {
                f(start, end, p);
                pos = end;
            }
            None => pos = word_end(text, start),
        }
    }
}

/// A pattern with its curly apostrophes and single quotes (U+2019, U+2018) straight: the text's
/// are read as `'` ([`walk_at`]), so "Moody’s" and "Côte d'Ivoire" match "Moody's" and "Côte
/// d’Ivoire".
fn straight_quotes(p: String) -> String {
    if p.contains(['\u{2019}', '\u{2018}']) {
        p.replace(['\u{2019}', '\u{2018}'], "'")
    } else {
        p
    }
}

/// The longest run of spaces in the tagger's text that matches a pattern's one space: a CRLF
/// line end (2: the tagger's text has line ends and tabs as spaces), a trailing space before a
/// line end (2 or 3), a no-break (2) or thin (3) space, a doubled space. A line end followed by
/// an indentation (Reuters' paragraphs and table rows: 5) stays a gap no name spans, as does the
/// separator after a title (`Tagger::tag_titled`).
pub(crate) const MAX_GAP: usize = 3;

/// Calls `f(end, pattern)` for every pattern of `nfa` that `text[start..]` begins with, shortest
/// first; `anchored` is the automaton's anchored start state. A run of up to [`MAX_GAP`] spaces
/// in the text matches a pattern's one space, so a name wrapped at a CRLF line end
/// ("Relations\r\nCommittee") matches as one wrapped at an LF does; a curly apostrophe or
/// single quote (U+2019, U+2018) is a `'` (the patterns have theirs straight,
/// [`straight_quotes`]).
#[inline]
pub(crate) fn walk_at(
    nfa: &NFA,
    anchored: StateID,
    text: &str,
    start: usize,
    mut f: impl FnMut(usize, usize),
) {
    let mut sid = anchored;
    let b = &text.as_bytes()[start..];
    // Bytes fed to the automaton: the length of the pattern the walk spells.
    let mut walked = 0;
    let mut i = 0;
    while i < b.len() {
        let (x, len) = if b[i] == 0xE2 && b.get(i + 1) == Some(&0x80) {
            match b.get(i + 2) {
                Some(0x98 | 0x99) => (b'\'', 3),
                _ => (b[i], 1),
            }
        } else {
            (b[i], 1)
        };
        walked += 1;
        sid = nfa.next_state(Anchored::Yes, sid, x);
        if nfa.is_dead(sid) {
            break;
        }
        if nfa.is_match(sid) {
            // A state's patterns are the one spelled by the walk (its length) and, in some
            // automata, shorter ones that end here but start later.
            for k in 0..nfa.match_len(sid) {
                let p = nfa.match_pattern(sid, k);
                if nfa.pattern_len(p) == walked {
                    f(start + i + len, p.as_usize());
                }
            }
        }
        i += len;
        if x == b' ' {
            // The spaces after this one, when the run is at most MAX_GAP long.
            let more = b[i..]
                .iter()
                .take(MAX_GAP)
                .take_while(|&&c| c == b' ')
                .count();
            if more < MAX_GAP {
                i += more;
            }
        }
    }
}

/// The first position from `pos` on where a match on word boundaries can start (`text.len()` if
/// none): a byte some pattern begins with (`first`; never a continuation byte, so the position
/// is a character boundary) that is not a word character inside a word.
#[inline]
pub(crate) fn next_start(first: &[bool; 256], text: &str, mut pos: usize) -> usize {
    let b = text.as_bytes();
    while pos < b.len() {
        if !first[b[pos] as usize] {
            pos += 1;
        } else if inside_word(text, pos) {
            pos = run_end(text, pos);
        } else {
            return pos;
        }
    }
    b.len()
}

/// Whether the character at byte `i` of `text` (a character boundary) and the one before it
/// both continue a word: no match on boundaries starts at `i` ([`on_boundaries`]).
fn inside_word(text: &str, i: usize) -> bool {
    if i == 0 || i >= text.len() || !char_at(text, i).0 {
        return false;
    }
    let x = text.as_bytes()[i - 1];
    if x.is_ascii() {
        WORD_BYTE[x as usize]
    } else {
        text[..i].chars().next_back().is_some_and(is_word_char)
    }
}

/// The position after `start` where a match on boundaries can begin: past the word characters
/// that follow `start` when a word character is there (every position among them has a word
/// character before it), else the next character.
fn word_end(text: &str, start: usize) -> usize {
    match char_at(text, start) {
        (true, _) => run_end(text, start),
        (false, len) => start + len,
    }
}

fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !is_word_char(c);
    }
    out
}

/// Whether the lower-cased `hay` holds `term` (lower case) on word boundaries.
pub fn contains_word(hay: &str, term: &str) -> bool {
    let mut from = 0;
    while let Some(i) = hay[from..].find(term) {
        let s = from + i;
        if on_boundaries(hay, s, s + term.len()) {
            return true;
        }
        from = s + hay[s..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries() {
        let cases: &[(&str, usize, usize, bool)] = &[
            ("the U.S. and", 4, 8, true),
            ("U.S.-China", 5, 10, true),
            ("Nigeria", 0, 5, false),
            ("Nvidia's chips", 0, 6, true),
            ("xChina", 1, 6, false),
            ("(China)", 1, 6, true),
            ("Zürich", 0, 1, false),
        ];
        for (text, s, e, want) in cases {
            assert_eq!(on_boundaries(text, *s, *e), *want, "{text:?} {s}..{e}");
        }
    }

    #[test]
    fn word_spans_are_maximal_runs() {
        let cases: &[(&str, &[&str])] = &[
            ("the U.S. and China", &["the", "U", "S", "and", "China"]),
            ("  Zürich's_banks, 5G!", &["Zürich", "s_banks", "5G"]),
            ("", &[]),
            ("---", &[]),
            ("oil", &["oil"]),
        ];
        for (text, want) in cases {
            let mut got = Vec::new();
            word_spans(text, |s, e| got.push(&text[s..e]));
            assert_eq!(&got, want, "{text:?}");
        }
    }

    #[test]
    fn scan_skips_only_what_cannot_match() {
        // What the scan must find, by brute force: character by character, the longest pattern
        // that starts there and is on word boundaries, a run of up to MAX_GAP spaces in the text
        // matching a space of the pattern.
        fn match_end(text: &str, pos: usize, pat: &str) -> Option<usize> {
            let (t, mut i) = (text.as_bytes(), pos);
            for &c in pat.as_bytes() {
                if c == b'\'' && matches!(t.get(i..i + 3), Some([0xE2, 0x80, 0x98 | 0x99])) {
                    i += 3;
                    continue;
                }
                if t.get(i) != Some(&c) {
                    return None;
                }
                let run = t[i..].iter().take_while(|&&x| x == b' ').count();
                i += if c == b' ' && run <= MAX_GAP { run } else { 1 };
            }
            Some(i)
        }
        fn by_char(pats: &[&str], text: &str) -> Vec<(usize, usize, usize)> {
            let (mut pos, mut out) = (0, Vec::new());
            while pos < text.len() {
                let best = (0..pats.len())
                    .filter_map(|i| {
                        let e = match_end(text, pos, pats[i])?;
                        on_boundaries(text, pos, e).then_some((e, i))
                    })
                    .max_by_key(|&(_, i)| pats[i].len());
                if let Some((e, i)) = best {
                    out.push((pos, e, i));
                    pos = e;
                } else {
                    pos += text[pos..].chars().next().map_or(1, char::len_utf8);
                }
            }
            out
        }
        let pats = [
            "oil",
            "oil price",
            "-based",
            "us",
            "usa",
            "zür",
            "ürich",
            "so",
            "ab",
            "(r-",
            ".net",
            "a",
            "o'brien",
        ];
        let ac = aho_corasick::nfa::contiguous::Builder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(pats)
            .expect("patterns");
        let texts = [
            "soil and oil prices; oil price; us-based usa, abus ab",
            // The longest pattern runs into a word, a shorter one does not.
            "oil pricey, oil pricing; usab usa",
            "zürich ürich zürichs (r-ny) asp.net .net a-b aa a",
            "taboo so-so usus us",
            "",
            "a",
            "émigré oil—gas ab·ab",
            // Patterns inside words (after a letter, a digit, `_`, a non-ASCII letter), after
            // punctuation and at the very end; a pattern that is a prefix of a longer one.
            "xoil 9oil _oil éoil (oil) [us] oil",
            "oil pric oil price oil prices. so, usa-based; asp.netx (r-",
            "\u{1F600}oil\r\noil\0us £us € usa",
            // Regression: a name wrapped at a CRLF line end (two spaces in the tagger's text)
            // or with a doubled space was no match; a run of up to MAX_GAP spaces is one.
            "oil  price, oil   prices; oil \tprice oil  pric  us  a",
            // A longer run (a line end and an indentation) is no gap within a name.
            "oil    price; oil     prices, oil   price",
            // Regression: a curly apostrophe in the text ("Moody’s") matched no pattern
            // written with a straight one.
            "o’brien’s o'brien o‘brien o’brie o’briens ’us’ o’’brien",
        ];
        for t in texts {
            let mut got = Vec::new();
            scan(
                &ac,
                &first_bytes(pats.iter().copied()),
                t,
                &[],
                |s, e, p| got.push((s, e, p)),
            );
            assert_eq!(got, by_char(&pats, t), "{t:?}");
        }
    }

    /// Regression: with runs of spaces matching one, "oil" ending a paragraph and "price"
    /// opening the next (a blank line: two spaces in the tagger's text) matched "oil price",
    /// which, crossing a sentence end, was dropped, and "oil" with it.
    #[test]
    fn a_match_never_crosses_an_end() {
        let pats = ["oil", "oil price"];
        let ac = aho_corasick::nfa::contiguous::Builder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(pats)
            .expect("patterns");
        // (text, ends, matches)
        type Case<'a> = (&'a str, &'a [usize], &'a [(usize, usize)]);
        let cases: &[Case] = &[
            ("oil  price", &[], &[(0, 9 + 1)]),
            ("oil  price", &[3, 10], &[(0, 3)]),
            ("oil  price oil price", &[3, 20], &[(0, 3), (11, 20)]),
            ("x oil  price", &[1, 12], &[(2, 12)]),
        ];
        for (text, ends, want) in cases {
            let mut got = Vec::new();
            scan(
                &ac,
                &first_bytes(pats.iter().copied()),
                text,
                ends,
                |s, e, _| got.push((s, e)),
            );
            assert_eq!(&got, want, "{text:?} {ends:?}");
        }
    }

    #[test]
    fn words() {
        assert!(contains_word("the price of crude oil rose", "oil"));
        assert!(!contains_word("the soil", "oil"));
        assert!(contains_word("soil and oil", "oil"));
        assert!(contains_word("oil", "oil"));
        assert!(!contains_word("", "oil"));
        assert_eq!(title_case("new york CITY"), "New York City");
    }
}
