//! The text as the splitter and the tagger read it: characters that hide a name from the
//! dictionaries and the recognizer, or a dateline from the splitter, normalized in a copy whose
//! offsets map back to the text as given (sentences' and mentions' offsets always point into the
//! original text, as Hugging Face tokenizers' do).
//!
//! | in the text | read as | where it comes from |
//! | --- | --- | --- |
//! | soft hyphen U+00AD, zero-width joiner and non-joiner, word joiner U+2060, U+FEFF | nothing | web pages' hyphenation hints, emoji sequences, byte order marks |
//! | direction marks and controls U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069 | nothing | text beside Arabic or Hebrew, copied from web pages |
//! | zero-width space U+200B | a space (nothing beside white space) | a word break without a visible space |
//! | no-break space U+00A0, the spaces U+2000 to U+200A, U+202F, U+205F | a space | web pages (`&nbsp;`), typesetting (thin spaces in numbers and before punctuation) |
//! | emoji, pictographs, their modifiers, variation selectors and tags (a run of them as one) | a space between two words, else nothing | social posts, feeds, headlines |
//! | a letter followed by combining marks (`e` + U+0301) | its composed form (NFC: `é`) | decomposed text (macOS files, some feeds) |
//! | full-width ASCII U+FF01 to U+FF5E, ideographic space U+3000 | ASCII, a space | East Asian typesetting |
//! | curly quotes and apostrophes U+2018, U+2019, U+201C, U+201D | `'` and `"` | typeset news, word processors |
//! | the Latin ligatures U+FB00 to U+FB06 (`ﬁ`) | their letters (`fi`) | text extracted from PDFs |
//! | a carriage return before a line feed (CRLF) | nothing (LF) | files written on Windows, e-mail, CSV exports |
//!
//! A text that needs none of it (every ASCII text, most others) is not copied.

use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// One piece of the normalized text: `orig` bytes of the text as given read as `norm` bytes.
/// Either the same bytes (`same`), or a replacement whose offsets inside map to its ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    orig: (usize, usize),
    norm: (usize, usize),
    same: bool,
}

/// A text read with [`Normalized::of`]: the normalized copy and how its offsets map back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    pieces: Vec<Piece>,
    orig_len: usize,
}

/// What a character becomes: `None` when it stays as it is.
fn replacement(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{ad}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => "",
        // Direction marks, embeddings, overrides and isolates: invisible, no part of a word.
        '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => "",
        '\u{200b}' | '\u{3000}' => " ",
        // No-break, en, em, thin, hair, narrow no-break and medium mathematical spaces: one
        // space, as a plain space between words is (the recognizer reads a run of spaces
        // otherwise than one).
        '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' => " ",
        // Curly quotes and apostrophes as the ASCII ones ("Moody’s" is "Moody's").
        '\u{2018}' | '\u{2019}' => "'",
        '\u{201c}' | '\u{201d}' => "\"",
        '\u{fb00}' => "ff",
        '\u{fb01}' => "fi",
        '\u{fb02}' => "fl",
        '\u{fb03}' => "ffi",
        '\u{fb04}' => "ffl",
        '\u{fb05}' | '\u{fb06}' => "st",
        _ => return None,
    })
}

/// Emoji, pictographs, their modifiers and the variation selectors and tags that vary them: no
/// part of a name or a sentence's words (the recognizer's tokens skip them too:
/// `newsmill_tag::ner::is_pictograph`).
pub fn pictograph(c: char) -> bool {
    matches!(u32::from(c),
        0x1F000..=0x1FAFF // emoji, pictographs, symbols, regional indicators, skin tones
        | 0x2600..=0x27BF // miscellaneous symbols, dingbats
        | 0x2B00..=0x2BFF // arrows and symbols
        | 0xFE00..=0xFE0F // variation selectors
        | 0xE0000..=0xE007F // tags (flags)
    )
}

/// Whether the character at `i..end` of `text` has white space just before or after it.
fn beside_space(text: &str, i: usize, end: usize) -> bool {
    text[..i]
        .chars()
        .next_back()
        .is_some_and(char::is_whitespace)
        || text[end..].chars().next().is_some_and(char::is_whitespace)
}

/// A full-width form of an ASCII character, as ASCII.
fn narrow(c: char) -> Option<char> {
    matches!(c, '\u{ff01}'..='\u{ff5e}')
        .then(|| char::from_u32(u32::from(c) - 0xfee0))
        .flatten()
}

/// Whether `c` needs reading otherwise (a combining mark only after a letter it can compose
/// with: see [`Normalized::of`]).
fn special(c: char) -> bool {
    replacement(c).is_some() || narrow(c).is_some() || is_combining_mark(c) || pictograph(c)
}

impl Normalized {
    /// The text as the splitter and the tagger read it, or `None` when that is the text as
    /// given.
    pub fn of(text: &str) -> Option<Normalized> {
        let crlf = text.contains("\r\n");
        if !crlf && (text.is_ascii() || !text.chars().any(special)) {
            return None;
        }
        let mut out = Normalized {
            text: String::with_capacity(text.len()),
            pieces: Vec::new(),
            orig_len: text.len(),
        };
        let mut same_from = 0; // the start of the current run of unchanged bytes
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            // A character with the combining marks after it: one cluster.
            let mut end = i + c.len_utf8();
            while let Some(&(j, m)) = chars.peek() {
                if !is_combining_mark(m) {
                    break;
                }
                end = j + m.len_utf8();
                chars.next();
            }
            let cluster = &text[i..end];
            let new: Option<String> = if pictograph(c) {
                // An emoji with its modifiers and joiners: one run, read at once (linear in
                // its length). It parts two words; beside a space, or at an end, it adds nothing.
                let in_run = |x: char| pictograph(x) || x == '\u{200d}' || is_combining_mark(x);
                while let Some(&(j, x)) = chars.peek() {
                    if !in_run(x) {
                        break;
                    }
                    end = j + x.len_utf8();
                    chars.next();
                }
                let before = text[..i].chars().next_back();
                let after = text[end..].chars().next();
                let parts = before.is_some_and(|x| !x.is_whitespace())
                    && after.is_some_and(|x| !x.is_whitespace());
                // Between two spaces, the run and the space after it are read as nothing, so
                // that the words around it are one space apart, as in the text without it (the
                // recognizer reads two spaces otherwise than one: "U.S. 🔥 Tennis Association"
                // lost its first word). A line break after it stays.
                if before.is_some_and(char::is_whitespace) && after == Some(' ') {
                    end += 1;
                    chars.next();
                }
                Some(if parts { " " } else { "" }.to_string())
            } else if end > i + c.len_utf8() {
                let composed: String = cluster.nfc().collect();
                (composed != cluster).then_some(composed)
            } else if c == '\r' && text[end..].starts_with('\n') {
                // A Windows line end reads as the line feed alone, as the same text with LF:
                // one space inside a hard-wrapped name, not two.
                Some(String::new())
            } else if c == '\u{200b}' && beside_space(text, i, end) {
                // A word break beside a space adds nothing to it.
                Some(String::new())
            } else if let Some(r) = replacement(c) {
                Some(r.to_string())
            } else {
                narrow(c).map(String::from)
            };
            let Some(new) = new else { continue };
            out.copy(text, same_from, i);
            let n = out.text.len();
            out.text.push_str(&new);
            out.pieces.push(Piece {
                orig: (i, end),
                norm: (n, out.text.len()),
                same: false,
            });
            same_from = end;
        }
        out.copy(text, same_from, text.len());
        // Combining marks with nothing to compose with (the vowel signs of Indic scripts).
        (!out.pieces.iter().all(|p| p.same)).then_some(out)
    }

    /// Copies the unchanged bytes `from..to` of `text`.
    fn copy(&mut self, text: &str, from: usize, to: usize) {
        if from < to {
            let n = self.text.len();
            self.text.push_str(&text[from..to]);
            self.pieces.push(Piece {
                orig: (from, to),
                norm: (n, self.text.len()),
                same: true,
            });
        }
    }

    /// The piece that holds normalized byte `j` (not an empty one).
    fn piece_at_norm(&self, j: usize) -> Option<&Piece> {
        let k = self.pieces.partition_point(|p| p.norm.1 <= j);
        self.pieces.get(k).filter(|p| p.norm.0 <= j && j < p.norm.1)
    }

    /// The offset in the text as given where normalized offset `j` starts.
    pub fn start_of(&self, j: usize) -> usize {
        match self.piece_at_norm(j) {
            Some(p) if p.same => p.orig.0 + (j - p.norm.0),
            Some(p) => p.orig.0,
            None => self.orig_len,
        }
    }

    /// The offset in the text as given where a span ending at normalized offset `j` ends.
    pub fn end_of(&self, j: usize) -> usize {
        if j == 0 {
            return self.pieces.first().map_or(0, |p| p.orig.0);
        }
        match self.piece_at_norm(j - 1) {
            Some(p) if p.same => p.orig.0 + (j - p.norm.0),
            Some(p) => p.orig.1,
            None => self.orig_len,
        }
    }

    /// The normalized offset of offset `i` of the text as given (a character boundary).
    pub fn to_norm(&self, i: usize) -> usize {
        let k = self.pieces.partition_point(|p| p.orig.1 <= i);
        match self.pieces.get(k) {
            Some(p) if p.same && p.orig.0 <= i => p.norm.0 + (i - p.orig.0),
            Some(p) => p.norm.0,
            None => self.text.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_to_do_is_no_copy() {
        for t in [
            "",
            "plain ASCII",
            "lines\nwith LF\n\nonly, a lone\rCR",
            "Zürich, São Paulo, Łódź",
            "東京 «quotes» — £5 €3 ₹9 ¥1",
            "नरेंद्र मोदी", // Devanagari's vowel signs are combining marks with nothing to compose
        ] {
            assert_eq!(Normalized::of(t), None, "{t:?}");
        }
    }

    #[test]
    fn normalized_table() {
        // (text as given, as the tagger reads it)
        let cases = [
            ("Mer\u{ad}kel", "Merkel"),
            ("Angela\u{200b}Merkel", "Angela Merkel"),
            (
                "Bank\u{200b} of\u{200b}England \u{200b}",
                "Bank of England ",
            ),
            ("Deutsche\u{2060}Bank\u{feff}", "DeutscheBank"),
            ("Zu\u{308}rich and Franc\u{327}ois", "Zürich and François"),
            ("Nestle\u{301}", "Nestlé"),
            (
                "in \u{ff22}\u{ff45}\u{ff52}\u{ff4c}\u{ff49}\u{ff4e}\u{3000}now",
                "in Berlin now",
            ),
            ("\u{fb01}nance \u{fb02}ows", "finance flows"),
            (
                "Moody\u{2019}s said \u{201c}no\u{201d} to \u{2018}junk\u{2019}",
                "Moody's said \"no\" to 'junk'",
            ),
            (
                "United\u{a0}Nations General\u{2009}Assembly\u{202f}!",
                "United Nations General Assembly !",
            ),
            (
                "\u{200f}Cairo \u{202e}Egypt\u{202c} \u{2067}Israel\u{2069}",
                "Cairo Egypt Israel",
            ),
            ("👩\u{200d}💻 coder", " coder"),
            ("said. 🔥 Treasury", "said. Treasury"),
            (
                "the U.S. 🔥 Tennis Association",
                "the U.S. Tennis Association",
            ),
            ("said. 🔥\nTreasury", "said. \nTreasury"),
            ("a 🔥  b", "a  b"),
            ("Siemens📈rose ❤\u{fe0f}", "Siemens rose "),
            ("🇬🇧 Britain", " Britain"),
            ("up👍\u{1f3fd}👍now", "up now"),
            ("great🚀", "great"),
            (
                "Bank of\r\nEngland\r\n\r\nIt rose.\r",
                "Bank of\nEngland\n\nIt rose.\r",
            ),
        ];
        for (given, want) in cases {
            let n = Normalized::of(given).unwrap_or_else(|| panic!("{given:?}"));
            assert_eq!(n.text, want, "{given:?}");
        }
    }

    #[test]
    fn offsets_map_back_to_the_text_as_given() {
        // (text as given, a word of the normalized text, its slice of the text as given)
        let cases = [
            ("Angela Mer\u{ad}kel met", "Merkel", "Mer\u{ad}kel"),
            (
                "met Franc\u{327}ois Hollande",
                "François",
                "Franc\u{327}ois",
            ),
            (
                "in \u{ff22}\u{ff45}\u{ff52}\u{ff4c}\u{ff49}\u{ff4e}.",
                "Berlin",
                "\u{ff22}\u{ff45}\u{ff52}\u{ff4c}\u{ff49}\u{ff4e}",
            ),
            ("Sie\u{ad}mens\u{ad} shares", "Siemens", "Sie\u{ad}mens"),
            (
                "the \u{fb01}rm's \u{fb01}nances",
                "finances",
                "\u{fb01}nances",
            ),
            ("Nestle\u{301} rose", "rose", "rose"),
            (
                "Bank of\r\nEngland rose",
                "Bank of\nEngland",
                "Bank of\r\nEngland",
            ),
            (
                "the United\u{a0}Nations said",
                "United Nations",
                "United\u{a0}Nations",
            ),
        ];
        for (given, word, want) in cases {
            let n = Normalized::of(given).unwrap();
            let s = n.text.find(word).unwrap();
            let (a, b) = (n.start_of(s), n.end_of(s + word.len()));
            assert_eq!(&given[a..b], want, "{given:?} {word:?}");
            // And back: the original span's ends give the normalized span.
            assert_eq!(
                (n.to_norm(a), n.to_norm(b)),
                (s, s + word.len()),
                "{given:?}"
            );
        }
    }

    #[test]
    fn every_boundary_maps_to_a_boundary_in_order() {
        let given = "a\u{ad}b \u{200b}Zu\u{308}rich \u{ff21}\u{fb03}x\u{feff}";
        let n = Normalized::of(given).unwrap();
        let (mut last_a, mut last_b) = (0, 0);
        for j in (0..=n.text.len()).filter(|&j| n.text.is_char_boundary(j)) {
            let (a, b) = (n.start_of(j), n.end_of(j));
            assert!(
                given.is_char_boundary(a) && given.is_char_boundary(b),
                "{j}"
            );
            // Starts and ends never go back (inside a replacement, "ﬃ" read as "ffi", a start
            // maps to the replaced character's start and an end to its end).
            assert!(a >= last_a && b >= last_b, "{j}: {a} {b}");
            (last_a, last_b) = (a, b);
        }
        // A span to the end ends before the characters read as nothing there (U+FEFF).
        assert_eq!(
            (n.start_of(0), n.end_of(n.text.len())),
            (0, given.len() - '\u{feff}'.len_utf8())
        );
        assert_eq!(n.to_norm(given.len()), n.text.len());
    }
}
