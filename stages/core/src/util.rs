//! Small helpers the stages share: typed column access and byte-to-character offsets.

use arrow::array::{Array, Int64Array, StringArray, UInt32Array, UInt64Array};
use arrow::record_batch::RecordBatch;

use crate::{Error, Result};

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

    /// The text it counts in.
    pub fn text(&self) -> &'a str {
        self.text
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

/// The span of a document's title that is tagged (and is sentence -1 of `sentences`): the title
/// without surrounding white space, unless it is empty or the text begins with it (a `.txt`
/// file's first line is both title and text).
pub fn title_span(title: &str, text: &str) -> Option<(usize, usize)> {
    let t = title.trim();
    if t.is_empty() || text.trim_start().starts_with(t) {
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
