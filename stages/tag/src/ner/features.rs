//! The features of a token, as 64-bit keys: a template number mixed with hashes of its parts.
//! Computed once per sentence ([`Sentence::prepare`]) except those of the previous tags.

use super::{Hint, Token};

/// A 64-bit mix (the finalizer of splitmix64): keys are the same on every platform and run.
pub(super) fn mix(a: u64, b: u64) -> u64 {
    let mut z = a
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .rotate_left(31)
        .wrapping_add(b);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a over chars, lower-cased (no allocation). ASCII words (most of them) are hashed by
/// bytes: the same values, without the Unicode case tables (the recognizer hashes five slices of
/// every token: 17% of its instructions went to this function).
fn hash_lower(s: &str) -> u64 {
    let mut h = 0xCBF2_9CE4_8422_2325u64;
    if s.is_ascii() {
        for b in s.bytes() {
            h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x100_0000_01B3);
        }
        return h;
    }
    for c in s.chars().flat_map(char::to_lowercase) {
        h = (h ^ u64::from(u32::from(c))).wrapping_mul(0x100_0000_01B3);
    }
    h
}

/// The word's shape, runs collapsed: "Altman" → Xx, "IBM" → X, "U.S" → X.X, "1996-08-30" →
/// d-d-d, "iPhone" → xXx (at most 8 symbols).
fn hash_shape(s: &str) -> u64 {
    let mut h = 0x8422_2325u64;
    let mut last = '\0';
    let mut n = 0;
    for c in s.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if k != last {
            h = mix(h, u64::from(u32::from(k)));
            last = k;
            n += 1;
            if n == 8 {
                break;
            }
        }
    }
    h
}

/// Suffix of `n` chars (or the whole word), lower-cased.
fn hash_suffix(s: &str, n: usize) -> u64 {
    let start = if s.is_ascii() {
        s.len().saturating_sub(n)
    } else {
        s.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i)
    };
    mix(n as u64, hash_lower(&s[start..]))
}

fn hash_prefix(s: &str, n: usize) -> u64 {
    let end = if s.is_ascii() {
        s.len().min(n)
    } else {
        s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
    };
    mix(100 + n as u64, hash_lower(&s[..end]))
}

/// Parts of one token.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Tok {
    pub(super) lower: u64,
    pub(super) shape: u64,
    pub(super) suf2: u64,
    pub(super) suf3: u64,
    pub(super) suf4: u64,
    pub(super) pre3: u64,
    /// The dictionary hint (0 none) and whether the token begins the hinted span.
    pub(super) hint: u64,
    pub(super) len: u64,
    /// A capitalized word (first letter upper case).
    pub(super) cap: bool,
}

/// The ASCII mark a typographic one stands for: curly apostrophes and quotes, guillemets and
/// low quotes (`’` is `'`, `“` is `"`). The recognizer learned from texts typed with straight
/// ones; a news site's "O’Brien" or "Apple’s" is the same word (regression: "Conor O’Brien" was
/// no name, "Conor O'Brien" was).
pub(super) fn ascii_mark(w: &str) -> Option<&'static str> {
    let mut cs = w.chars();
    let (Some(c), None) = (cs.next(), cs.next()) else {
        return None;
    };
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' => Some("'"),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => Some("\""),
        _ => None,
    }
}

impl Tok {
    /// The parts of the word `w`, without its hint.
    pub(super) fn of(w: &str) -> Tok {
        let w = if w.is_ascii() {
            w
        } else {
            ascii_mark(w).unwrap_or(w)
        };
        Tok {
            lower: hash_lower(w),
            shape: hash_shape(w),
            suf2: hash_suffix(w, 2),
            suf3: hash_suffix(w, 3),
            suf4: hash_suffix(w, 4),
            pre3: hash_prefix(w, 3),
            hint: 0,
            len: w.chars().count().min(8) as u64,
            cap: w.chars().next().is_some_and(char::is_uppercase),
        }
    }
}

/// The upper-case and lower-case letters of `w` (a sentence with more than twice as many upper
/// as lower, and at least 4, is set in capitals).
pub(super) fn case_counts(w: &str) -> (u32, u32) {
    let (mut up, mut low) = (0, 0);
    for c in w.chars() {
        if c.is_uppercase() {
            up += 1;
        } else if c.is_lowercase() {
            low += 1;
        }
    }
    (up, low)
}

/// Whether a sentence with `up` upper-case and `low` lower-case letters is set in capitals.
pub(super) fn set_in_capitals(up: u32, low: u32) -> bool {
    up > 2 * low && up >= 4
}

/// The hint of each token of `toks` (see [`Tok::hint`]); `hints` sorted by start.
pub(super) fn token_hints(toks: &[Token], hints: &[(usize, usize, Hint)], out: &mut Vec<u64>) {
    out.clear();
    let first = toks.first().map_or(0, |t| t.0);
    let mut h = hints.partition_point(|x| x.1 <= first);
    for &(s, e) in toks {
        while h < hints.len() && hints[h].1 <= s {
            h += 1;
        }
        out.push(match hints.get(h) {
            Some(&(a, b, k)) if a < e && s < b => k.code() * 2 + u64::from(a >= s),
            _ => 0,
        });
    }
}

/// Boundary tokens before and after the sentence.
pub(super) const START: u64 = 0x0053_5441_5254;
pub(super) const END: u64 = 0x0045_4E44;

/// One sentence's tokens, ready for [`Sentence::keys`].
#[derive(Debug, Default)]
pub struct Sentence {
    toks: Vec<Tok>,
    /// Set in capitals (a headline, a dateline).
    upper: bool,
}

impl Sentence {
    /// Computes the parts of the tokens `toks` of `text`; `hints` sorted by start.
    pub fn prepare(&mut self, text: &str, toks: &[Token], hints: &[(usize, usize, Hint)]) {
        self.toks.clear();
        let (mut up, mut low) = (0, 0);
        let mut th = Vec::with_capacity(toks.len());
        token_hints(toks, hints, &mut th);
        for (&(s, e), hint) in toks.iter().zip(th) {
            let w = &text[s..e];
            let (u, l) = case_counts(w);
            up += u;
            low += l;
            self.toks.push(Tok { hint, ..Tok::of(w) });
        }
        self.upper = set_in_capitals(up, low);
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    fn at(&self, i: isize) -> (u64, u64, u64) {
        if i < 0 {
            (START, START, 0)
        } else {
            match self.toks.get(i as usize) {
                Some(t) => (t.lower, t.shape, t.hint),
                None => (END, END, 0),
            }
        }
    }

    /// The keys of token `i` after the tags `p1` (previous) and `p2` (the one before).
    pub fn keys(&self, i: usize, p1: usize, p2: usize, out: &mut Vec<u64>) {
        out.clear();
        let t = &self.toks[i];
        let ii = i as isize;
        let (wm2, _, _) = self.at(ii - 2);
        let (wm1, sm1, hm1) = self.at(ii - 1);
        let (wp1, sp1, hp1) = self.at(ii + 1);
        let (wp2, _, _) = self.at(ii + 2);
        let up = u64::from(self.upper);
        let (p1, p2) = (p1 as u64, p2 as u64);
        // Whether the next capitalized word continues a run of capitalized words.
        let next_cap = self.toks.get(i + 1).is_some_and(|x| x.cap);
        let prev_cap = i > 0 && self.toks[i - 1].cap;
        let f = |n: u64, v: u64| mix(n, v);
        out.extend_from_slice(&[
            f(0, 0),
            f(1, t.lower),
            f(2, wm1),
            f(3, wp1),
            f(4, wm2),
            f(5, wp2),
            f(6, t.shape),
            f(7, sm1),
            f(8, sp1),
            f(9, mix(mix(sm1, t.shape), sp1)),
            f(10, t.suf3),
            f(11, t.suf2),
            f(12, t.pre3),
            f(13, t.suf4),
            f(14, p1),
            f(15, mix(p1, p2)),
            f(16, mix(p1, t.lower)),
            f(17, mix(u64::from(i == 0), t.shape)),
            f(18, mix(up, t.shape)),
            f(19, t.hint),
            f(20, hm1),
            f(21, hp1),
            f(22, mix(wm1, t.lower)),
            f(23, mix(t.lower, wp1)),
            f(24, mix(t.len, t.shape)),
            f(25, mix(wm1, t.shape)),
            f(26, mix(t.shape, wp1)),
            f(27, mix(p1, t.shape)),
            f(
                28,
                mix(u64::from(prev_cap) * 2 + u64::from(next_cap), t.shape),
            ),
            f(29, mix(t.hint, t.shape)),
            f(30, mix(up, t.lower)),
            f(31, mix(p1, t.hint)),
        ]);
    }
}

/// The previous two tags at position `i` of `tags` (0 = O before the sentence).
pub fn history(tags: &[usize], i: usize) -> (usize, usize) {
    let p1 = if i >= 1 { tags[i - 1] } else { 0 };
    let p2 = if i >= 2 { tags[i - 2] } else { 0 };
    (p1, p2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_collapse_runs() {
        let same = [
            ("Altman", "Xavier"),
            ("IBM", "X"),
            ("1996", "7"),
            ("U.S", "E.U"),
        ];
        for (a, b) in same {
            assert_eq!(hash_shape(a), hash_shape(b), "{a} {b}");
        }
        let differ = [("Altman", "altman"), ("IBM", "Ibm"), ("iPhone", "Phone")];
        for (a, b) in differ {
            assert_ne!(hash_shape(a), hash_shape(b), "{a} {b}");
        }
    }

    #[test]
    fn lower_and_affixes_ignore_case_and_handle_short_words() {
        assert_eq!(hash_lower("ReUters"), hash_lower("reuters"));
        assert_eq!(hash_suffix("Corp", 4), hash_suffix("corp", 4));
        assert_eq!(hash_suffix("Co", 3), hash_suffix("co", 3));
        assert_eq!(hash_prefix("É", 3), hash_prefix("é", 3));
        assert_ne!(hash_suffix("bank", 3), hash_suffix("bank", 2));
    }

    #[test]
    fn ascii_hashes_are_the_unicode_path_s() {
        // The byte path for ASCII words gives the values of the char path (the model's keys).
        let slow_lower = |s: &str| {
            let mut h = 0xCBF2_9CE4_8422_2325u64;
            for c in s.chars().flat_map(char::to_lowercase) {
                h = (h ^ u64::from(u32::from(c))).wrapping_mul(0x100_0000_01B3);
            }
            h
        };
        let slow_suffix = |s: &str, n: usize| {
            let start = s.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
            mix(n as u64, slow_lower(&s[start..]))
        };
        let slow_prefix = |s: &str, n: usize| {
            let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
            mix(100 + n as u64, slow_lower(&s[..end]))
        };
        for w in [
            "",
            "a",
            "Co",
            "IBM",
            "Reuters",
            "U.S",
            "1996-08-30",
            "McDONALD'S",
            "x_y",
        ] {
            assert_eq!(hash_lower(w), slow_lower(w), "{w}");
            for n in 2..=4 {
                assert_eq!(hash_suffix(w, n), slow_suffix(w, n), "{w} {n}");
            }
            assert_eq!(hash_prefix(w, 3), slow_prefix(w, 3), "{w}");
        }
    }

    #[test]
    fn hints_mark_the_tokens_they_cover() {
        let text = "Shares of Acme Corp fell";
        let mut toks = Vec::new();
        super::super::tokenize(text, 0, text.len(), &mut toks);
        let mut s = Sentence::default();
        s.prepare(text, &toks, &[(10, 19, Hint::Org)]);
        let hints: Vec<u64> = s.toks.iter().map(|t| t.hint).collect();
        let org = Hint::Org.code() * 2;
        assert_eq!(hints, [0, 0, org + 1, org, 0]);
    }
}
