//! Near-duplicate detection: a 64-bit SimHash of each text's word 3-shingles, and an index that
//! finds an earlier document within a few bits of a new one.
//!
//! Syndicated copies of one wire story differ by a dateline, a byline or a trailing line; their
//! shingle sets overlap almost entirely, so their SimHashes differ in a few bits, while unrelated
//! texts differ in about 32. The index splits the 64 bits into `max_bits + 1` blocks: two hashes
//! within `max_bits` bits agree exactly on at least one block (pigeonhole), so only documents
//! sharing a block are compared.

use std::sync::Arc;

use arrow::array::StringBuilder;
use arrow::record_batch::RecordBatch;
use newsmill_core::util::{str_col, u64_col, Fnv1a};
use newsmill_core::{Error, Result};

/// FNV-1a over the lowercased bytes of a word.
fn word_hash(word: &str) -> u64 {
    let mut h = Fnv1a::new();
    if word.is_ascii() {
        for &b in word.as_bytes() {
            h.byte(b.to_ascii_lowercase());
        }
        return h.finish();
    }
    for c in word.chars().flat_map(char::to_lowercase) {
        let mut buf = [0u8; 4];
        h.bytes(c.encode_utf8(&mut buf).as_bytes());
    }
    h.finish()
}

/// The splitmix64 finalizer: spreads a hash's bits evenly.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The words of a text: maximal runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The 64-bit SimHash of a text's lowercased word 3-shingles (a text of one or two words is one
/// shingle; an empty text hashes to 0). Stable across runs, machines and versions.
pub fn simhash(text: &str) -> u64 {
    // Bit i is set when more than half of the shingle hashes have it set.
    let mut counts = BitCounts::new();
    let (mut w0, mut w1, mut n) = (0u64, 0u64, 0usize);
    let mut add = |h: u64| counts.add(mix(h));
    for w in words(text) {
        let w2 = word_hash(w);
        n += 1;
        if n >= 3 {
            add(w0 ^ w1.rotate_left(21) ^ w2.rotate_left(42));
        }
        (w0, w1) = (w1, w2);
    }
    match n {
        0 => return 0,
        1 => add(w1),
        2 => add(w0 ^ w1.rotate_left(21)),
        _ => {}
    }
    let (ones, shingles) = counts.finish();
    ones.iter().enumerate().fold(
        0u64,
        |acc, (i, &c)| {
            if 2 * c > shingles {
                acc | 1 << i
            } else {
                acc
            }
        },
    )
}

/// Bit planes of [`BitCounts`]: 8 count to 255 before a flush into the plain counts.
const PLANES: usize = 8;

/// How many of the 64-bit values added have each bit set, counted bit-sliced (issue 23): plane
/// `k` holds bit `k` of all 64 counters, so adding a value is a carry through a few planes
/// instead of 64 additions; the planes go into plain counts every 255 values, before they can
/// overflow.
struct BitCounts {
    planes: [u64; PLANES],
    pending: u32,
    ones: [u32; 64],
    added: u32,
}

impl BitCounts {
    fn new() -> BitCounts {
        BitCounts {
            planes: [0; PLANES],
            pending: 0,
            ones: [0; 64],
            added: 0,
        }
    }

    fn add(&mut self, h: u64) {
        let mut carry = h;
        for p in &mut self.planes {
            if carry == 0 {
                break;
            }
            let next = *p & carry;
            *p ^= carry;
            carry = next;
        }
        self.added += 1;
        self.pending += 1;
        if self.pending == (1 << PLANES) - 1 {
            self.flush();
        }
    }

    fn flush(&mut self) {
        for (k, p) in self.planes.iter_mut().enumerate() {
            let mut x = std::mem::take(p);
            while x != 0 {
                self.ones[x.trailing_zeros() as usize] += 1 << k;
                x &= x - 1;
            }
        }
        self.pending = 0;
    }

    /// Per bit, how many values had it set; and how many values were added.
    fn finish(mut self) -> ([u32; 64], u32) {
        self.flush();
        (self.ones, self.added)
    }
}

/// Originals seen so far, looked up by SimHash blocks.
///
/// The 64 bits are cut into 8 bytes. Two hashes within `max_bits` ≤ 6 bits agree on at least two
/// of the bytes, so every original is filed under each of its 28 byte pairs (16-bit keys) and a
/// lookup compares only the originals that share a pair; with 7 bits, under each single byte.
/// Each table is a chained hash without allocation per entry: the newest original of each key,
/// and for every original the previous one of the same key.
#[derive(Debug)]
pub struct DupIndex {
    max_bits: u32,
    /// The byte positions of each table's key.
    keys: Vec<Vec<u32>>,
    /// Per table, per key: 1 + the newest original filed under it (0: none).
    heads: Vec<Vec<u32>>,
    /// Per original, per table: 1 + the previous original of the same key (0: none).
    next: Vec<u32>,
    hashes: Vec<u64>,
    ids: Vec<String>,
    /// The hashes filed: a later original with the same hash is not filed again (the earlier
    /// one is the answer for it anyway), so thousands of identical texts do not make long chains.
    filed: std::collections::HashSet<u64>,
}

impl DupIndex {
    /// An empty index that finds hashes within `max_bits` bits (at most 7).
    pub fn new(max_bits: u32) -> DupIndex {
        let max_bits = max_bits.min(7);
        let keys: Vec<Vec<u32>> = if max_bits <= 6 {
            (0..8)
                .flat_map(|i| (i + 1..8).map(move |j| vec![i, j]))
                .collect()
        } else {
            (0..8).map(|i| vec![i]).collect()
        };
        DupIndex {
            max_bits,
            heads: keys.iter().map(|k| vec![0; 1 << (8 * k.len())]).collect(),
            keys,
            next: Vec::new(),
            hashes: Vec::new(),
            ids: Vec::new(),
            filed: std::collections::HashSet::new(),
        }
    }

    fn key(hash: u64, bytes: &[u32]) -> usize {
        bytes
            .iter()
            .fold(0usize, |k, &b| k << 8 | (hash >> (8 * b) & 0xff) as usize)
    }

    /// The earliest original within `max_bits` bits of `hash`, if any.
    pub fn find(&self, hash: u64) -> Option<&str> {
        let tables = self.keys.len();
        let mut best: Option<u32> = None;
        for (t, bytes) in self.keys.iter().enumerate() {
            let mut cur = self.heads[t][Self::key(hash, bytes)];
            while cur != 0 {
                let i = cur - 1;
                if best.is_none_or(|x| i < x)
                    && (self.hashes[i as usize] ^ hash).count_ones() <= self.max_bits
                {
                    best = Some(i);
                }
                cur = self.next[i as usize * tables + t];
            }
        }
        best.map(|i| self.ids[i as usize].as_str())
    }

    /// Adds an original.
    pub fn insert(&mut self, doc_id: &str, hash: u64) {
        if !self.filed.insert(hash) {
            return;
        }
        let i = self.hashes.len() as u32;
        for (t, bytes) in self.keys.iter().enumerate() {
            let head = &mut self.heads[t][Self::key(hash, bytes)];
            self.next.push(*head);
            *head = i + 1;
        }
        self.hashes.push(hash);
        self.ids.push(doc_id.to_string());
    }

    /// Originals in the index.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// Marks the near-duplicates of a stream of `documents` batches, in order: each document is
/// compared with the originals before it (and those given with [`Deduper::known`]). Texts under
/// `duplicate_min_words` words are never marked, and never an original either: they are neither
/// looked up nor filed, so a million tiny texts cost nothing here.
#[derive(Debug)]
pub struct Deduper {
    index: DupIndex,
    max_bits: u32,
    min_words: usize,
    enabled: bool,
}

impl Deduper {
    /// From the `[ingest]` settings.
    pub fn new(config: &crate::IngestConfig) -> Deduper {
        Deduper {
            index: DupIndex::new(config.duplicate_max_bits),
            max_bits: config.duplicate_max_bits,
            min_words: config.duplicate_min_words,
            enabled: config.duplicates,
        }
    }

    /// Whether a text is long enough to be marked, or to be an original others are marked
    /// against (at least `duplicate_min_words` words).
    pub fn long_enough(&self, text: &str) -> bool {
        words(text).nth(self.min_words.max(1) - 1).is_some()
    }

    /// Adds an original from an earlier run (a document with no `duplicate_of` whose text is
    /// [`long_enough`](Self::long_enough)).
    pub fn known(&mut self, doc_id: &str, simhash: u64) {
        if self.enabled {
            self.index.insert(doc_id, simhash);
        }
    }

    /// The marks of a whole sequence of documents `(doc_id, simhash, long enough)`, in order, from
    /// nothing: for each, the id of the earliest original within the bound, or `None` for an
    /// original (or a short text). What [`mark`](Self::mark) gives batch by batch for the same
    /// sequence.
    pub fn marks<'a>(
        &self,
        docs: impl IntoIterator<Item = (&'a str, u64, bool)>,
    ) -> Vec<Option<String>> {
        let mut index = DupIndex::new(self.max_bits);
        docs.into_iter()
            .map(|(id, h, long)| {
                if !self.enabled || !long {
                    return None;
                }
                match index.find(h) {
                    Some(first) => Some(first.to_string()),
                    None => {
                        index.insert(id, h);
                        None
                    }
                }
            })
            .collect()
    }

    /// The batch with `duplicate_of` set; the originals among its documents join the index.
    pub fn mark(&mut self, documents: &RecordBatch) -> Result<RecordBatch> {
        if !self.enabled {
            return Ok(documents.clone());
        }
        let ids = str_col(documents, "doc_id")?;
        let texts = str_col(documents, "text")?;
        let hashes = u64_col(documents, "simhash")?;
        let mut dup = StringBuilder::new();
        for i in 0..documents.num_rows() {
            if !self.long_enough(texts.value(i)) {
                dup.append_null();
                continue;
            }
            let h = hashes.value(i);
            match self.index.find(h) {
                Some(first) => dup.append_value(first),
                None => {
                    dup.append_null();
                    self.index.insert(ids.value(i), h);
                }
            }
        }
        let at = documents
            .schema()
            .index_of("duplicate_of")
            .map_err(|_| Error::Internal("documents without `duplicate_of`".into()))?;
        let mut columns = documents.columns().to_vec();
        columns[at] = Arc::new(dup.finish());
        Ok(RecordBatch::try_new(documents.schema(), columns)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str =
        "The central bank raised its benchmark interest rate by a quarter point on \
        Tuesday, citing persistent inflation in services and a tight labour market. Economists had \
        expected the move after last month's strong jobs report. The bank said further increases \
        were possible if price pressures did not ease over the coming months, and it lowered its \
        forecast for growth next year to 1.2 percent from 1.5 percent.";

    #[test]
    fn syndicated_copies_are_near_and_unrelated_texts_far() {
        let base = simhash(STORY);
        let cases: &[(&str, String, bool)] = &[
            ("identical", STORY.to_string(), true),
            ("other case", STORY.to_uppercase(), true),
            (
                "dateline added",
                format!("FRANKFURT (Wire) - {STORY}"),
                true,
            ),
            (
                "byline appended",
                format!("{STORY} Reporting by A. Writer; editing by B. Editor"),
                true,
            ),
            ("whitespace", STORY.replace(' ', "  "), true),
            (
                "another story",
                "Storms flooded roads across the coast on Sunday and cut power to thousands of \
                 homes, officials said, as rescue crews searched for two hikers missing since \
                 Friday in the hills north of the city. Schools will stay closed on Monday."
                    .to_string(),
                false,
            ),
        ];
        for (name, text, near) in cases {
            let d = (simhash(text) ^ base).count_ones();
            assert_eq!(d <= 6, *near, "{name}: {d} bits apart");
        }
    }

    #[test]
    fn bit_sliced_counts_equal_plain_counts() {
        // Counts of each bit by direct addition, for runs of values around the flushes (255).
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for n in [0usize, 1, 2, 254, 255, 256, 510, 511, 1000, 70_000] {
            let mut c = BitCounts::new();
            let mut want = [0u32; 64];
            for k in 0..n {
                // Dense, sparse and all-ones values, not only random ones.
                let h = match k % 4 {
                    0 => u64::MAX,
                    1 => 1 << (k % 64),
                    _ => {
                        x = mix(x);
                        x
                    }
                };
                for (i, w) in want.iter_mut().enumerate() {
                    *w += (h >> i & 1) as u32;
                }
                c.add(h);
            }
            assert_eq!(c.finish(), (want, n as u32), "{n} values");
        }
    }

    #[test]
    fn empty_and_tiny_texts_hash_stably() {
        assert_eq!(simhash(""), 0);
        assert_eq!(simhash("  ,. "), 0);
        assert_eq!(simhash("Hello"), simhash("hello"));
        assert_ne!(simhash("Hello world"), simhash("Hello"));
        // The value is part of the documents contract: it must not change between versions.
        assert_eq!(
            simhash("one two three four"),
            simhash("ONE two, three; four")
        );
        // Pinned: the values of this version (stored in every output's documents table).
        for (text, pinned) in [
            ("one two three four", 0x3011_3051_2902_4c49u64),
            ("Hello", 0x16fe_05a1_c75b_cd0f),
            ("Zürich, São Paulo und 東京 🙂", 0x956f_75f0_05b1_cd14),
        ] {
            assert_eq!(simhash(text), pinned, "{text}");
        }
    }

    #[test]
    fn index_finds_the_earliest_original_within_the_bound() {
        let mut idx = DupIndex::new(3);
        let a = 0xdead_beef_0123_4567u64;
        idx.insert("a", a);
        idx.insert("b", a ^ 0b1); // one bit from a
        idx.insert("c", !a);
        assert_eq!(idx.find(a ^ 0b110), Some("a")); // 2 bits from a, 3 from b
        assert_eq!(idx.find(a ^ (1 << 63) ^ (1 << 40) ^ (1 << 20)), Some("a"));
        assert_eq!(idx.find(a ^ 0b1111), Some("b")); // 4 from a, 3 from b
        assert_eq!(idx.find(a ^ 0b1_1111), None);
        assert_eq!(idx.find(!a ^ (1 << 5)), Some("c"));
        assert_eq!(idx.len(), 3);
        // The same hash again is not filed twice: the first one stays the answer.
        idx.insert("a-again", a);
        assert_eq!((idx.len(), idx.find(a)), (3, Some("a")));
        let exact = DupIndex::new(0);
        assert!(exact.find(a).is_none());
        // Differences spread over six bytes are still found with 6 bits, not with 5.
        let spread = a ^ (1 << 1) ^ (1 << 9) ^ (1 << 17) ^ (1 << 25) ^ (1 << 33) ^ (1 << 41);
        let mut six = DupIndex::new(6);
        six.insert("a", a);
        assert_eq!(six.find(spread), Some("a"));
        let mut five = DupIndex::new(5);
        five.insert("a", a);
        assert_eq!(five.find(spread), None);
        let mut seven = DupIndex::new(7);
        seven.insert("a", a);
        assert_eq!(seven.find(spread ^ (1 << 49)), Some("a"));
        assert_eq!(seven.find(spread ^ (1 << 49) ^ (1 << 57)), None);
    }

    /// The earliest original within `max_bits` of `h` among `originals`, by brute force.
    fn brute(originals: &[(usize, u64)], h: u64, max_bits: u32) -> Option<usize> {
        originals
            .iter()
            .find(|(_, o)| (o ^ h).count_ones() <= max_bits)
            .map(|(i, _)| *i)
    }

    /// A small deterministic generator (splitmix64), so the test needs no crate.
    struct Gen(u64);
    impl Gen {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            mix(self.0)
        }
    }

    #[test]
    fn the_index_finds_exactly_what_a_brute_force_search_finds() {
        // Hashes of several shapes: uniform, clusters of near copies (0 to 9 bits from a seed),
        // and sparse ones (few bits set, as the hashes of very short texts are), so that keys
        // collide and chains are long.
        let mut g = Gen(7);
        let mut hashes = Vec::new();
        let seeds: Vec<u64> = (0..40).map(|_| g.next()).collect();
        for i in 0..3000 {
            let h = match i % 3 {
                0 => g.next(),
                1 => {
                    let mut h = seeds[(g.next() % 40) as usize];
                    for _ in 0..g.next() % 10 {
                        h ^= 1 << (g.next() % 64);
                    }
                    h
                }
                _ => g.next() & g.next() & g.next() & g.next(),
            };
            hashes.push(h);
        }
        for max_bits in 0..=7 {
            let mut idx = DupIndex::new(max_bits);
            let mut originals: Vec<(usize, u64)> = Vec::new();
            for (i, &h) in hashes.iter().enumerate() {
                let want = brute(&originals, h, max_bits);
                let got = idx.find(h).map(|id| id.parse::<usize>().unwrap());
                assert_eq!(got, want, "max_bits {max_bits}, hash {i}");
                if got.is_none() {
                    idx.insert(&i.to_string(), h);
                    originals.push((i, h));
                }
            }
            assert!(originals.len() < hashes.len(), "some hashes are near");
        }
    }

    #[test]
    fn short_texts_are_neither_marked_nor_originals() {
        let config = crate::IngestConfig {
            duplicate_min_words: 5,
            ..Default::default()
        };
        let d = Deduper::new(&config);
        let cases: &[(&str, bool)] = &[
            ("", false),
            ("one two three four", false),
            ("one two three four five", true),
            ("un, deux; trois! quatre? cinq", true),
        ];
        for (text, long) in cases {
            assert_eq!(d.long_enough(text), *long, "{text:?}");
        }
        let h = simhash("one two three four");
        // The same short text twice: neither is marked, and a long text with the same hash
        // is not marked against a short one.
        let marks = d.marks([
            ("a", h, false),
            ("b", h, false),
            ("c", h, true),
            ("d", h, true),
        ]);
        assert_eq!(marks, vec![None, None, None, Some("c".to_string())]);
        let off = Deduper::new(&crate::IngestConfig {
            duplicates: false,
            ..Default::default()
        });
        assert_eq!(
            off.marks([("a", h, true), ("b", h, true)]),
            vec![None, None]
        );
    }
}
