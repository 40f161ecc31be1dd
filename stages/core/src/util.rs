//! Small helpers the stages share: typed column access and byte-to-character offsets.

use arrow::array::{Array, StringArray, UInt32Array, UInt64Array};
use arrow::record_batch::RecordBatch;

use crate::{Error, Result};

/// Where the body of a text begins when its first line is its title (a `.txt` or `.md` file's
/// first line is both): the byte just past that line's end, when the text's first non-empty line,
/// trimmed, is the title, trimmed and not empty; otherwise `None` (the text is all body).
pub fn title_line_end(title: Option<&str>, text: &str) -> Option<usize> {
    let t = title?.trim();
    if t.is_empty() {
        return None;
    }
    let lead = text.len() - text.trim_start().len();
    let rest = &text[lead..];
    let line_len = rest.find(['\n', '\r']).unwrap_or(rest.len());
    if rest[..line_len].trim() != t {
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

/// The u64 column `name` of `batch`.
pub fn u64_col<'a>(batch: &'a RecordBatch, name: &str) -> Result<&'a UInt64Array> {
    batch
        .column_by_name(name)
        .and_then(|c| c.as_any().downcast_ref::<UInt64Array>())
        .ok_or_else(|| Error::Internal(format!("batch has no u64 column `{name}`")))
}

/// Converts increasing byte offsets of one text to character (code point) offsets in one pass.
/// Offsets may go backwards; it then starts again from the beginning.
#[derive(Debug)]
pub struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
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

    /// The character offset of byte offset `byte` (which must be a char boundary).
    pub fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        let slice = &self.text.as_bytes()[self.byte..byte];
        // Count bytes that start a character (not UTF-8 continuation bytes).
        self.chars += slice.iter().filter(|&&b| (b as i8) >= -0x40).count();
        self.byte = byte;
        self.chars
    }
}

/// A u32 from a usize offset, or an error naming what overflowed (texts are limited to 4 GiB).
pub fn to_u32(v: usize, what: &str) -> Result<u32> {
    u32::try_from(v).map_err(|_| Error::Internal(format!("{what} offset {v} exceeds u32")))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        ];
        for &(title, text, want) in cases {
            assert_eq!(title_line_end(title, text), want, "{title:?} {text:?}");
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
    }
}
