//! Small helpers the stages share: typed column access and byte-to-character offsets.

use arrow::array::{Array, Int64Array, StringArray, UInt32Array, UInt64Array};
use arrow::record_batch::RecordBatch;

use crate::{Error, Result};

/// Where the body of a text begins when its first line is its title (a `.txt` or `.md` file's
/// first line is both): the byte just past that line's end, when the text's first non-empty line,
/// trimmed, is the title, trimmed and not empty, or a Markdown heading of it (`# Title`, see
/// [`markdown_heading`]); otherwise `None` (the text is all body).
pub fn title_line_end(title: Option<&str>, text: &str) -> Option<usize> {
    let t = title?.trim();
    if t.is_empty() {
        return None;
    }
    let lead = text.len() - text.trim_start().len();
    let rest = &text[lead..];
    let line_len = rest.find(['\n', '\r']).unwrap_or(rest.len());
    let line = rest[..line_len].trim();
    if line != t && markdown_heading(line) != Some(t) {
        return None;
    }
    let mut end = lead + line_len;
    // The line break: CRLF, LF or CR.
    if text[end..].starts_with("\r\n") {
        end += 2;
    } else if end < text.len() {
        end += 1;
    }
    Some(end)
}

/// The text of a Markdown ATX heading line (`# Title`, `## Title ##`: one to six `#`, a space or
/// tab, the text, an optional closing run of `#` after a space), trimmed; `None` when `line` is
/// no heading or its text is empty. "#1 seed" and "#MeToo" are no headings.
pub fn markdown_heading(line: &str) -> Option<&str> {
    let line = line.trim();
    let rest = line.trim_start_matches('#');
    if !(1..=6).contains(&(line.len() - rest.len())) || !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim();
    let open = rest.trim_end_matches('#');
    let text = if open.len() < rest.len() && (open.is_empty() || open.ends_with([' ', '\t'])) {
        open.trim_end()
    } else {
        rest
    };
    (!text.is_empty()).then_some(text)
}

/// The string column `name` of `batch`.
pub fn str_col<'a>(batch: &'a RecordBatch, name: &str) -> Result<&'a StringArray> {
    batch
        .column_by_name(name)
        .and_then(|c| c.as_any().downcast_ref::<StringArray>())
        .ok_or_else(|| Error::Internal(format!("batch has no string column `{name}`")))
}

/// The u32 column `name` of `batch`.
pub fn u32_col<'a>(batch: &'a RecordBatch, name: &str) -> Result<&'a UInt32Array> {
    batch
        .column_by_name(name)
        .and_then(|c| c.as_any().downcast_ref::<UInt32Array>())
        .ok_or_else(|| Error::Internal(format!("batch has no u32 column `{name}`")))
}

/// The i64 column `name` of `batch` (offsets and counts).
pub fn i64_col<'a>(batch: &'a RecordBatch, name: &str) -> Result<&'a Int64Array> {
    batch
        .column_by_name(name)
        .and_then(|c| c.as_any().downcast_ref::<Int64Array>())
        .ok_or_else(|| Error::Internal(format!("batch has no i64 column `{name}`")))
}

/// The u64 column `name` of `batch`.
pub fn u64_col<'a>(batch: &'a RecordBatch, name: &str) -> Result<&'a UInt64Array> {
    batch
        .column_by_name(name)
        .and_then(|c| c.as_any().downcast_ref::<UInt64Array>())
        .ok_or_else(|| Error::Internal(format!("batch has no u64 column `{name}`")))
}

/// Converts byte offsets of one text to character (code point) offsets. It counts from the last
/// offset it was asked, forwards or backwards, so a run of offsets that mostly increase (and step
/// back at most by a mention's length, as overlapping mentions do) costs time linear in the text.
#[derive(Debug)]
pub struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

/// Whether `b` starts a character (is not a UTF-8 continuation byte).
fn starts_char(b: &u8) -> bool {
    (*b as i8) >= -0x40
}

impl<'a> CharOffsets<'a> {
    /// A converter for `text`.
    pub fn new(text: &'a str) -> Self {
        CharOffsets {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// The text it counts in.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The character offset of byte offset `byte` (a char boundary; past the end counts as the
    /// end).
    pub fn at(&mut self, byte: usize) -> usize {
        let bytes = self.text.as_bytes();
        let byte = byte.min(bytes.len());
        if byte >= self.byte {
            self.chars += bytes[self.byte..byte]
                .iter()
                .filter(|b| starts_char(b))
                .count();
        } else {
            self.chars -= bytes[byte..self.byte]
                .iter()
                .filter(|b| starts_char(b))
                .count();
        }
        self.byte = byte;
        self.chars
    }

    /// Bytes it has stepped over so far, for tests that check the work stays linear.
    #[cfg(test)]
    fn at_counting(&mut self, byte: usize, work: &mut usize) -> usize {
        *work += byte.abs_diff(self.byte);
        self.at(byte)
    }
}

/// 64-bit FNV-1a: a small hash that is the same on every machine and in every version, for
/// values that are stored or compared across runs (SimHash shingles, the dictionary version).
#[derive(Debug, Clone, Copy)]
pub struct Fnv1a(u64);

impl Fnv1a {
    /// The hash of nothing (the FNV offset basis).
    pub const fn new() -> Fnv1a {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }

    /// Adds one byte.
    #[inline]
    pub fn byte(&mut self, b: u8) {
        self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }

    /// Adds bytes.
    #[inline]
    pub fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.byte(b);
        }
    }

    /// The hash so far.
    pub fn finish(self) -> u64 {
        self.0
    }
}

impl Default for Fnv1a {
    fn default() -> Fnv1a {
        Fnv1a::new()
    }
}

/// The span of a document's title that is tagged (and is sentence -1 of `sentences`): the title
/// without surrounding white space, unless it is empty or the text begins with it (a `.txt`
/// file's first line is both title and text).
pub fn title_span(title: &str, text: &str) -> Option<(usize, usize)> {
    let t = title.trim();
    if t.is_empty()
        || (text.trim_start().starts_with(t) && title_line_end(Some(title), text).is_none())
    {
        return None;
    }
    let s = title.len() - title.trim_start().len();
    Some((s, s + t.len()))
}

/// An i64 from a usize offset or count, or an error naming what overflowed.
pub fn to_i64(v: usize, what: &str) -> Result<i64> {
    i64::try_from(v).map_err(|_| Error::Internal(format!("{what} offset {v} exceeds i64")))
}

/// A u32 from a usize offset, or an error naming what overflowed (texts are limited to 4 GiB).
pub fn to_u32(v: usize, what: &str) -> Result<u32> {
    u32::try_from(v).map_err(|_| Error::Internal(format!("{what} offset {v} exceeds u32")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_gives_the_reference_values() {
        // The FNV-1a 64 test vectors of the reference implementation.
        for (input, expected) in [
            ("", 0xcbf2_9ce4_8422_2325u64),
            ("a", 0xaf63_dc4c_8601_ec8c),
            ("foobar", 0x8594_4171_f739_67e8),
        ] {
            let mut h = Fnv1a::new();
            h.bytes(input.as_bytes());
            assert_eq!(h.finish(), expected, "{input:?}");
        }
    }

    #[test]
    fn title_line_end_table() {
        // (title, text) → where the body begins
        let cases: &[(Option<&str>, &str, Option<usize>)] = &[
            (Some("Big news"), "Big news\nThe body.", Some(9)),
            (Some("Big news"), "\n  Big news  \r\nThe body.", Some(15)),
            (Some(" Big news "), "Big news", Some(8)),
            (Some("Big news"), "Big news\rBody", Some(9)),
            // The title is only the start of the first line: a dateline, not a title line.
            (Some("LONDON, March 3"), "LONDON, March 3 - Talks.", None),
            (Some("Other"), "Big news\nThe body.", None),
            (Some("  "), "Big news", None),
            (None, "Big news\nThe body.", None),
            (Some("£5 “deal” 🎉"), "£5 “deal” 🎉\nBody", Some(20)),
            // A Markdown file's heading is its title line ("# " was read as text).
            (Some("Big news"), "# Big news\n\nThe body.", Some(11)),
            (Some("Big news"), "## Big news ##\r\nThe body.", Some(16)),
            (Some("Big news"), "#Big news\nThe body.", None),
        ];
        for &(title, text, want) in cases {
            assert_eq!(title_line_end(title, text), want, "{title:?} {text:?}");
        }
    }

    #[test]
    fn markdown_heading_table() {
        // (line, heading text)
        for (line, want) in [
            ("# Acme buys Vega", Some("Acme buys Vega")),
            ("###   Acme buys Vega  ", Some("Acme buys Vega")),
            ("## Acme buys Vega ##", Some("Acme buys Vega")),
            ("# C#", Some("C#")),
            ("###### Six", Some("Six")),
            ("####### Seven", None),
            ("#1 seed wins", None),
            ("#MeToo grows", None),
            ("# ", None),
            ("# ##", None),
            ("Acme # 1", None),
            ("", None),
        ] {
            assert_eq!(markdown_heading(line), want, "{line:?}");
        }
    }

    #[test]
    fn char_offsets_match_char_indices() {
        let text = "Zürich — 東京 and São Paulo 🙂 end";
        let mut conv = CharOffsets::new(text);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(conv.at(bi), ci);
        }
        assert_eq!(conv.at(text.len()), text.chars().count());
        assert_eq!(conv.at(0), 0);
        assert_eq!(conv.at(3), 2); // "Zü" is 3 bytes
        assert_eq!(conv.at(text.len() + 10), text.chars().count());
    }

    /// Offsets in any order give the counts of `char_indices`.
    #[test]
    fn char_offsets_any_order() {
        let text = "a£b€c🙂d東e\u{301}f";
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let want = |b: usize| text[..b].chars().count();
        let mut conv = CharOffsets::new(text);
        for (k, &b) in bounds.iter().enumerate() {
            let back = bounds[k / 2];
            assert_eq!(conv.at(b), want(b));
            assert_eq!(conv.at(back), want(back));
            assert_eq!(conv.at(b), want(b));
        }
    }

    /// Mentions that start before the previous one ended (an organization and a theme on one
    /// name) once made it count again from byte 0: quadratic in the text. The work it does for
    /// twice the text is twice the work, not four times.
    #[test]
    fn char_offsets_work_is_linear_with_overlapping_spans() {
        let work_for = |n: usize| {
            let text = "Bank of England €5bn. ".repeat(n);
            let mut conv = CharOffsets::new(&text);
            let mut work = 0;
            for (i, _) in text.match_indices("Bank") {
                // Two overlapping mentions per name: its whole span and the first word.
                conv.at_counting(i, &mut work);
                conv.at_counting(i + "Bank of England".len(), &mut work);
                conv.at_counting(i, &mut work);
                conv.at_counting(i + "Bank".len(), &mut work);
            }
            work
        };
        let (small, large) = (work_for(1_000), work_for(2_000));
        assert!(large <= 2 * small + 100, "{small} then {large}");
    }
}
