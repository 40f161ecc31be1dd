//! Small helpers the stages share: typed column access and byte-to-character offsets.

use arrow::array::{Array, StringArray, UInt32Array, UInt64Array};
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

/// The u64 column `name` of `batch`.
pub fn u64_col<'a>(batch: &'a RecordBatch, name: &str) -> Result<&'a UInt64Array> {
    batch
        .column_by_name(name)
        .and_then(|c| c.as_any().downcast_ref::<UInt64Array>())
        .ok_or_else(|| Error::Internal(format!("batch has no u64 column `{name}`")))
}

/// Converts byte offsets of one text to character (code point) offsets, counting from the
/// previous offset: linear over increasing offsets, and a step back (a mention that starts before
/// the previous one ended) costs only its own length, not a count from the beginning.
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
        // Count bytes that start a character (not UTF-8 continuation bytes).
        let starts = |s: &[u8]| s.iter().filter(|&&b| (b as i8) >= -0x40).count();
        let bytes = self.text.as_bytes();
        if byte < self.byte {
            self.chars -= starts(&bytes[byte..self.byte]);
        } else {
            self.chars += starts(&bytes[self.byte..byte]);
        }
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
    fn char_offsets_match_char_indices() {
        let text = "Zürich — 東京 and São Paulo 🙂 end";
        let mut conv = CharOffsets::new(text);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(conv.at(bi), ci);
        }
        assert_eq!(conv.at(text.len()), text.chars().count());
        assert_eq!(conv.at(0), 0);
        assert_eq!(conv.at(3), 2); // "Zü" is 3 bytes
                                   // Back and forth, in any order, as mentions that overlap ask.
        let all: Vec<(usize, usize)> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .enumerate()
            .map(|(c, b)| (b, c))
            .collect();
        for step in [1, 3, 7] {
            for i in 0..all.len() {
                let (b, c) = all[(i * step) % all.len()];
                assert_eq!(conv.at(b), c, "byte {b}");
                let (b, c) = all[all.len() - 1 - i];
                assert_eq!(conv.at(b), c, "byte {b}");
            }
        }
    }
}
