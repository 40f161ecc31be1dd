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
