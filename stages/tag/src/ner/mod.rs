//! A learned recognizer of names: organizations, persons and locations no dictionary lists.
//!
//! A greedy left-to-right averaged perceptron over BIO tags, one sentence at a time. Tokens are
//! runs of letters and digits, or one other non-space character. Features (see [`features`]):
//! the word in lower case and its neighbours, word shapes, affixes, the previous tags, the
//! position (sentence start, a sentence set in capitals) and whether the dictionaries matched
//! the token (organization, country, city, demonym). Features are hashed to 64-bit keys; the
//! model is the table of weights of the keys kept after training (quantized to 16 bits), trained
//! by `cargo run --release -p newsmill-tag --example train_ner` (see docs/ner.md) and embedded
//! from `data/tag/ner.model`.

pub mod bounds;
pub(crate) mod clubs;
pub mod features;
pub mod filter;
mod infer;
pub mod kinds;
pub mod link;
pub mod persons;
pub mod products;
pub mod settle;
pub mod train;

#[cfg(test)]
mod tagger_tests;

/// The labels of names the recognizer finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    Org,
    Per,
    Loc,
    /// Other names (nationalities, events, products...): learned so that they are not taken
    /// for the others, never reported as mentions.
    Misc,
}

impl Label {
    pub const ALL: [Label; 4] = [Label::Org, Label::Per, Label::Loc, Label::Misc];

    pub fn as_str(self) -> &'static str {
        match self {
            Label::Org => "ORG",
            Label::Per => "PER",
            Label::Loc => "LOC",
            Label::Misc => "MISC",
        }
    }

    /// The label of a gold annotation (CoNLL-2003, OntoNotes-like sets): GPE is a location;
    /// facilities, nationalities and products are other names; dates, amounts... are none.
    pub fn from_gold(s: &str) -> Option<Label> {
        match s {
            "ORG" => Some(Label::Org),
            "PER" | "PERSON" => Some(Label::Per),
            "LOC" | "GPE" => Some(Label::Loc),
            "MISC" | "NORP" | "FAC" | "PRODUCT" | "EVENT" | "WORK_OF_ART" | "LAW" | "LANGUAGE" => {
                Some(Label::Misc)
            }
            _ => None,
        }
    }
}

/// Number of BIO tags: O, then B and I of each label.
pub const TAGS: usize = 1 + 2 * Label::ALL.len();

/// The tag index of B (`inside` false) or I of `label`.
pub fn tag_of(label: Label, inside: bool) -> usize {
    let l = Label::ALL.iter().position(|x| *x == label).unwrap_or(0);
    1 + 2 * l + usize::from(inside)
}

/// The label of a tag (None for O) and whether it is I.
pub fn label_of(tag: usize) -> Option<(Label, bool)> {
    if tag == 0 || tag >= TAGS {
        return None;
    }
    Some((Label::ALL[(tag - 1) / 2], (tag - 1) % 2 == 1))
}

/// Whether `tag` may follow `prev` (I-X only after B-X or I-X).
pub fn allowed(prev: usize, tag: usize) -> bool {
    match label_of(tag) {
        Some((l, true)) => matches!(label_of(prev), Some((p, _)) if p == l),
        _ => true,
    }
}

/// What the dictionaries say about a span of text (a feature of its tokens).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    Org,
    Country,
    City,
    Demonym,
    Other,
}

impl Hint {
    fn code(self) -> u64 {
        match self {
            Hint::Org => 1,
            Hint::Country => 2,
            Hint::City => 3,
            Hint::Demonym => 4,
            Hint::Other => 5,
        }
    }
}

/// A name found: byte offsets into the text, and the model's confidence: the smallest margin,
/// over the name's tokens, between the score of the tag chosen and the best other tag allowed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub label: Label,
    pub margin: f32,
}

/// A token: byte offsets.
pub type Token = (usize, usize);

/// Emoji, pictographs and the invisible characters that join or vary them (zero-width joiner,
/// variation selectors, byte order mark): no token, as a space (the recognizer never saw them in
/// training; regression: "The CEO 🚀 Elon Musk said" had no person).
pub fn is_pictograph(c: char) -> bool {
    newsmill_core::normalize::pictograph(c)
        || matches!(
            u32::from(c),
            0x200B
                ..=0x200D // zero-width space, non-joiner, joiner
            | 0x2060 | 0xFEFF // word joiner, byte order mark
        )
}

/// Tokens of `text[s..e]`: runs of letters and digits, and every other non-space character
/// alone. Offsets index `text`.
pub fn tokenize(text: &str, s: usize, e: usize, out: &mut Vec<Token>) {
    out.clear();
    let Some(t) = text.get(s..e) else { return };
    let b = t.as_bytes();
    let mut run: Option<usize> = None;
    let mut i = 0;
    while i < b.len() {
        // An ASCII byte is classified without decoding a character (most of a text): letters
        // and digits; white space and controls (no token); the rest, one token each.
        let x = b[i];
        let (alnum, none, len) = if x.is_ascii() {
            (
                x.is_ascii_alphanumeric(),
                x == b' ' || x.is_ascii_control(),
                1,
            )
        } else {
            let Some(c) = t[i..].chars().next() else {
                break;
            };
            (
                c.is_alphanumeric(),
                c.is_whitespace() || c.is_control() || is_pictograph(c),
                c.len_utf8(),
            )
        };
        if alnum {
            if run.is_none() {
                run = Some(i);
            }
            i += len;
            continue;
        }
        if let Some(r) = run.take() {
            out.push((s + r, s + i));
        }
        if !none {
            out.push((s + i, s + i + len));
        }
        i += len;
    }
    if let Some(r) = run {
        out.push((s + r, e));
    }
}

/// The trained weights: for each kept feature key (sorted), one 16-bit weight per tag, and the
/// scale that makes them floats. Lookups go through the key's top bits: `buckets[b]` is the
/// first row whose key's top [`BUCKET_BITS`] bits are `b` or more (keys are hashes, so about one
/// row a bucket). Loading decodes the rows into one array, each key stored beside its weights
/// (a lookup reads one place in memory, not a key array then a weight array), and builds the
/// buckets, no hash map: fast to load (issue 19: under 0.2 s), as fast to look up.
#[derive(Debug, Default)]
pub struct Model {
    rows: Vec<(u64, [i16; TAGS])>,
    buckets: Vec<u32>,
    scale: f32,
    /// One bit per value of a key's top [`FILTER_BITS`] bits: set if a kept key has them. Most
    /// keys looked up are not in the model; the bits (128 KiB) tell most of them without
    /// reading the rows (2.5 MB).
    filter: Vec<u64>,
    /// Sums of weights over small values (see [`infer`]).
    tables: Box<infer::Tables>,
    /// This model among the models loaded in the process (threads keep sums per model).
    id: u64,
}

/// The next [`Model::id`] (0 is the empty default model's).
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Bytes of a row: the key and the weights.
const ROW: usize = 8 + 2 * TAGS;

/// Top bits of a key that pick its bucket (2^16 buckets for about 78,000 rows).
const BUCKET_BITS: u32 = 16;

/// Top bits of a key that pick its bit in [`Model::filter`] (2^20 bits for about 78,000 keys:
/// about 7% of the keys absent from the model pass it).
const FILTER_BITS: u32 = 20;

/// Magic bytes of a model file, then version 1.
const MAGIC: &[u8; 8] = b"NMNER\x00\x00\x01";

/// The key of row `r` (at least [`ROW`] bytes).
fn key_at(r: &[u8]) -> u64 {
    u64::from_le_bytes([r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]])
}

impl Model {
    /// Reads a model written by [`Model::write`] (rows sorted by key).
    pub fn from_bytes(b: &[u8]) -> Result<Model, String> {
        let bad = || "not a newsmill NER model (or a truncated one)".to_string();
        if b.len() < 20 || &b[..8] != MAGIC {
            return Err(bad());
        }
        let word = |i: usize| -> [u8; 4] { [b[i], b[i + 1], b[i + 2], b[i + 3]] };
        let tags = u32::from_le_bytes(word(8)) as usize;
        if tags != TAGS {
            return Err(format!("the model has {tags} tags, this build {TAGS}"));
        }
        let n = u32::from_le_bytes(word(12)) as usize;
        let scale = f32::from_le_bytes(word(16));
        if b.len() != 20 + n * ROW || scale.is_nan() || scale <= 0.0 {
            return Err(bad());
        }
        let rows: Vec<(u64, [i16; TAGS])> = b[20..]
            .chunks_exact(ROW)
            .map(|r| {
                let w = std::array::from_fn(|t| i16::from_le_bytes([r[8 + 2 * t], r[9 + 2 * t]]));
                (key_at(r), w)
            })
            .collect();
        let mut buckets = vec![n as u32; (1 << BUCKET_BITS) + 1];
        let mut next = 0usize;
        for (i, &(k, _)) in rows.iter().enumerate() {
            if i > 0 && rows[i - 1].0 >= k {
                return Err("the model's features are not sorted by key".into());
            }
            let b = (k >> (64 - BUCKET_BITS)) as usize;
            if next <= b {
                buckets[next..=b].fill(i as u32);
                next = b + 1;
            }
        }
        let mut filter = vec![0u64; (1 << FILTER_BITS) / 64];
        for &(k, _) in &rows {
            let f = (k >> (64 - FILTER_BITS)) as usize;
            filter[f / 64] |= 1 << (f % 64);
        }
        let mut m = Model {
            rows,
            buckets,
            filter,
            scale,
            tables: Box::default(),
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        };
        m.tables = Box::new(infer::Tables::of(&m));
        Ok(m)
    }

    /// Serializes `rows` (key, weights) with weights quantized to 16 bits.
    pub fn write(rows: &[(u64, [f32; TAGS])]) -> Vec<u8> {
        let max = rows
            .iter()
            .flat_map(|(_, w)| w.iter())
            .fold(0f32, |m, w| m.max(w.abs()))
            .max(f32::MIN_POSITIVE);
        let scale = max / f32::from(i16::MAX);
        let mut out = Vec::with_capacity(20 + rows.len() * ROW);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(TAGS as u32).to_le_bytes());
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        for (k, w) in rows {
            out.extend_from_slice(&k.to_le_bytes());
            for x in w {
                let q = (x / scale)
                    .round()
                    .clamp(-f32::from(i16::MAX), f32::from(i16::MAX));
                out.extend_from_slice(&(q as i16).to_le_bytes());
            }
        }
        out
    }

    /// Number of features kept.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Adds the weights of `key` (quantized units) to `scores`.
    #[inline]
    fn add(&self, key: u64, scores: &mut [i32; TAGS]) {
        let f = (key >> (64 - FILTER_BITS)) as usize;
        if self
            .filter
            .get(f / 64)
            .is_none_or(|w| w >> (f % 64) & 1 == 0)
        {
            return;
        }
        let b = (key >> (64 - BUCKET_BITS)) as usize;
        let (Some(&lo), Some(&hi)) = (self.buckets.get(b), self.buckets.get(b + 1)) else {
            return;
        };
        let (lo, hi) = (lo as usize, hi as usize);
        let Some(rows) = self.rows.get(lo..hi) else {
            return;
        };
        if let Some((_, w)) = rows.iter().find(|(k, _)| *k == key) {
            for t in 0..TAGS {
                scores[t] += i32::from(w[t]);
            }
        }
    }

    /// The weights of `key` (quantized units; zero if the model lacks it).
    fn sum(&self, key: u64) -> [i32; TAGS] {
        let mut q = [0; TAGS];
        self.add(key, &mut q);
        q
    }

    /// The scores of the tags for `keys`.
    fn scores(&self, keys: &[u64]) -> [f32; TAGS] {
        let mut q = [0i32; TAGS];
        for &k in keys {
            self.add(k, &mut q);
        }
        q.map(|x| x as f32 * self.scale)
    }

    /// The names in the sentences `sents` of `text`, given the dictionaries' `hints` (sorted by
    /// start, not overlapping).
    pub fn recognize(
        &self,
        text: &str,
        sents: &[(usize, usize)],
        hints: &[(usize, usize, Hint)],
    ) -> Vec<Span> {
        self.recognize_with(text, sents, hints, infer::WORDS_MAX)
    }

    /// [`Model::recognize`]: sentences of at most `fast_max` tokens scored from the sums of
    /// [`infer`], longer ones key by key as in training (the same scores; a sentence longer
    /// than the cache of words would fill it).
    fn recognize_with(
        &self,
        text: &str,
        sents: &[(usize, usize)],
        hints: &[(usize, usize, Hint)],
        fast_max: usize,
    ) -> Vec<Span> {
        let mut out = Vec::new();
        let mut feats = features::Sentence::default();
        let mut keys = Vec::new();
        let mut tags = Vec::new();
        let mut margins = Vec::new();
        infer::with_cache(self, |c| {
            for &(s, e) in sents {
                tokenize(text, s, e, &mut c.toks);
                let n = c.toks.len();
                if n == 0 {
                    continue;
                }
                if n <= fast_max {
                    c.prepare(self, text, hints);
                    greedy(
                        n,
                        |i, p1, p2| c.score(self, i, p1, p2),
                        &mut tags,
                        &mut margins,
                    );
                } else {
                    feats.prepare(text, &c.toks, hints);
                    let by_keys = |i, p1, p2| {
                        feats.keys(i, p1, p2, &mut keys);
                        self.scores(&keys)
                    };
                    greedy(n, by_keys, &mut tags, &mut margins);
                }
                let first = out.len();
                spans_of(&c.toks, &tags, &mut out);
                for sp in &mut out[first..] {
                    let a = c.toks.partition_point(|t| t.0 < sp.start);
                    let z = c.toks.partition_point(|t| t.0 < sp.end);
                    sp.margin = margins[a..z].iter().copied().fold(f32::INFINITY, f32::min);
                }
            }
        });
        out
    }
}

/// Tags `n` tokens left to right, each with the best tag allowed after the previous one by
/// `score(i, p1, p2)`; `margins` gets each tag's margin over the best other tag allowed.
fn greedy(
    n: usize,
    mut score: impl FnMut(usize, usize, usize) -> [f32; TAGS],
    tags: &mut Vec<usize>,
    margins: &mut Vec<f32>,
) {
    tags.clear();
    margins.clear();
    for i in 0..n {
        let (p1, p2) = features::history(tags, i);
        let scores = score(i, p1, p2);
        let b = best(&scores, p1);
        let second = (0..TAGS)
            .filter(|&t| t != b && allowed(p1, t))
            .map(|t| scores[t])
            .fold(f32::NEG_INFINITY, f32::max);
        tags.push(b);
        margins.push(scores[b] - second);
    }
}

/// The best tag allowed after `prev` (ties: the lowest index, O first).
pub fn best(scores: &[f32; TAGS], prev: usize) -> usize {
    let mut b = 0;
    for t in 1..TAGS {
        if allowed(prev, t) && scores[t] > scores[b] {
            b = t;
        }
    }
    b
}

/// The spans of a tag sequence: a B, or an I after another label, opens a span; the I's of its
/// label extend it.
pub fn spans_of(toks: &[Token], tags: &[usize], out: &mut Vec<Span>) {
    let mut cur: Option<Span> = None;
    for (&(s, e), &t) in toks.iter().zip(tags) {
        match label_of(t) {
            Some((l, true)) if cur.is_some_and(|c| c.label == l) => {
                if let Some(c) = cur.as_mut() {
                    c.end = e;
                }
            }
            Some((l, _)) => {
                out.extend(cur.take());
                cur = Some(Span {
                    start: s,
                    end: e,
                    label: l,
                    margin: 0.0,
                });
            }
            None => out.extend(cur.take()),
        }
    }
    out.extend(cur);
}

/// A labelled span of a gold document (the JSONL of `../shared/corpora/conll2003/` and
/// `../shared/corpora/worldwide_newswire/`): byte offsets into the text and the corpus's label.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct GoldEntity {
    pub byte_start: usize,
    pub byte_end: usize,
    pub label: String,
}

/// One gold document of those corpora, as training (`examples/train_ner.rs`) and `newsmill eval
/// ner` read it.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct GoldDoc {
    pub doc_id: String,
    pub text: String,
    pub entities: Vec<GoldEntity>,
}

/// The part of a gold file a document belongs to when the file has no split of its own: FNV-1a
/// 64 of the UTF-8 `doc_id` modulo 10, 0-6 `train`, 7-9 `dev` (as `bench/ner_spacy.py`).
pub fn part_of(doc_id: &str) -> &'static str {
    let mut h = 0xCBF2_9CE4_8422_2325u64;
    for b in doc_id.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01B3);
    }
    if h % 10 < 7 {
        "train"
    } else {
        "dev"
    }
}

/// The gold documents of `FILE` or `FILE@PART` (only the documents of that part, [`part_of`]),
/// in file order, each with its file's path: the training and evaluation examples' inputs.
pub fn read_gold(spec: &str) -> Result<Vec<(String, GoldDoc)>, String> {
    let (path, part) = match spec.rsplit_once('@') {
        Some((p, part)) => (p, Some(part)),
        None => (spec, None),
    };
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut docs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let d: GoldDoc =
            serde_json::from_str(line).map_err(|e| format!("{path} line {}: {e}", i + 1))?;
        if part.is_none_or(|p| part_of(&d.doc_id) == p) {
            docs.push((path.to_string(), d));
        }
    }
    Ok(docs)
}

/// The dictionaries' mentions as hints: sorted by start, overlaps dropped (the earlier, then
/// longer, stays).
pub fn hints_of(mentions: &[crate::Mention]) -> Vec<(usize, usize, Hint)> {
    let mut v: Vec<(usize, usize, Hint)> = mentions
        .iter()
        .filter_map(|m| {
            let h = match (m.kind, m.form) {
                (crate::Kind::Organization, _) => Hint::Org,
                (crate::Kind::Country, Some(crate::Form::City)) => Hint::City,
                (crate::Kind::Country, Some(crate::Form::Demonym)) => Hint::Demonym,
                (crate::Kind::Country, _) => Hint::Country,
                _ => return None,
            };
            Some((m.start, m.end, h))
        })
        .collect();
    v.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
    let mut out: Vec<(usize, usize, Hint)> = Vec::with_capacity(v.len());
    for h in v {
        if out.last().is_none_or(|l| l.1 <= h.0) {
            out.push(h);
        }
    }
    out
}

/// The built-in model, embedded from `data/tag/ner.model`.
pub const BUILTIN: &[u8] = include_bytes!("../../../../data/tag/ner.model");

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(t: &str) -> Vec<&str> {
        let mut v = Vec::new();
        tokenize(t, 0, t.len(), &mut v);
        v.iter().map(|&(a, b)| &t[a..b]).collect()
    }

    #[test]
    fn tokens_are_word_runs_and_single_symbols() {
        let cases: &[(&str, &[&str])] = &[
            ("Standard & Poor's", &["Standard", "&", "Poor", "'", "s"]),
            ("U.S. rates", &["U", ".", "S", ".", "rates"]),
            ("£5 — “Zürich”", &["£", "5", "—", "“", "Zürich", "”"]),
            ("a\r\nb\0c", &["a", "b", "c"]),
            ("", &[]),
            ("北京 AI", &["北京", "AI"]),
        ];
        for (t, want) in cases {
            assert_eq!(toks(t), *want, "{t:?}");
        }
    }

    /// `tokenize` as first written: every character decoded.
    fn tokenize_direct(text: &str, s: usize, e: usize, out: &mut Vec<Token>) {
        out.clear();
        let Some(t) = text.get(s..e) else { return };
        let mut run: Option<usize> = None;
        for (i, c) in t.char_indices() {
            if c.is_alphanumeric() {
                if run.is_none() {
                    run = Some(i);
                }
                continue;
            }
            if let Some(r) = run.take() {
                out.push((s + r, s + i));
            }
            if !c.is_whitespace() && !c.is_control() && !is_pictograph(c) {
                out.push((s + i, s + i + c.len_utf8()));
            }
        }
        if let Some(r) = run {
            out.push((s + r, e));
        }
    }

    #[test]
    fn tokenize_equals_its_definition() {
        // Every ASCII character alone and between letters, and characters beyond ASCII of
        // every kind: letters, digits, marks, spaces, controls, pictographs, joiners.
        let mut texts: Vec<String> = (0u8..128)
            .map(|b| {
                let c = char::from(b);
                format!("{c}a{c}Zz9{c}{c} {c}")
            })
            .collect();
        for t in [
            "Zürich — £5 “Élan” naïve café\u{0301} 北京 AI ١٢٣ ½ Ⅻ",
            "a\u{00A0}b\u{2003}c\u{3000}d\u{0085}e\u{200B}f\u{200D}g\u{FEFF}h\u{FE0F}i",
            "The CEO 🚀 Elon Musk said 👩‍👩‍👧 ok 🇫🇷 \u{E0067}x ☃ ⬛",
            "Jean-Luc Picard's iPhone\r\nCRLF\0NUL\x7FDEL\x0Bvt\x0Cff",
            "",
        ] {
            texts.push(t.to_string());
        }
        let (mut got, mut want) = (Vec::new(), Vec::new());
        for t in &texts {
            for (s, e) in [(0, t.len()), (1.min(t.len()), t.len()), (0, t.len() / 2)] {
                tokenize(t, s, e, &mut got);
                tokenize_direct(t, s, e, &mut want);
                assert_eq!(got, want, "{t:?} {s} {e}");
            }
        }
    }

    #[test]
    fn tags_round_trip_and_constrain() {
        for l in Label::ALL {
            assert_eq!(label_of(tag_of(l, false)), Some((l, false)));
            assert_eq!(label_of(tag_of(l, true)), Some((l, true)));
            assert!(allowed(tag_of(l, false), tag_of(l, true)));
            assert!(!allowed(0, tag_of(l, true)));
        }
        assert!(!allowed(
            tag_of(Label::Org, false),
            tag_of(Label::Per, true)
        ));
        assert_eq!(label_of(0), None);
    }

    #[test]
    fn spans_join_b_and_i() {
        let t = "Sam Altman of OpenAI said";
        let mut tk = Vec::new();
        tokenize(t, 0, t.len(), &mut tk);
        let b = |l| tag_of(l, false);
        let i = |l| tag_of(l, true);
        let tags = [b(Label::Per), i(Label::Per), 0, b(Label::Org), 0];
        let mut out = Vec::new();
        spans_of(&tk, &tags, &mut out);
        let got: Vec<(&str, Label)> = out.iter().map(|s| (&t[s.start..s.end], s.label)).collect();
        assert_eq!(got, [("Sam Altman", Label::Per), ("OpenAI", Label::Org)]);
    }

    #[test]
    fn model_bytes_round_trip() {
        let mut w = [0f32; TAGS];
        w[1] = 2.5;
        w[3] = -1.0;
        let bytes = Model::write(&[(7, [0.5; TAGS]), (42, w)]);
        // Rows out of order are refused.
        assert!(Model::from_bytes(&Model::write(&[(42, w), (7, w)])).is_err());
        let m = Model::from_bytes(&bytes).unwrap();
        assert_eq!(m.len(), 2);
        let s = m.scores(&[42]);
        assert!((s[1] - 2.5).abs() < 1e-3 && (s[3] + 1.0).abs() < 1e-3);
        // An unknown key adds nothing; keys in the first and last bucket are found.
        assert_eq!(m.scores(&[43]), [0.0; TAGS]);
        let edge = Model::write(&[(0, w), (u64::MAX, w)]);
        let m = Model::from_bytes(&edge).unwrap();
        assert!((m.scores(&[0, u64::MAX])[1] - 5.0).abs() < 1e-3);
        assert_eq!(m.scores(&[1, u64::MAX - 1]), [0.0; TAGS]);
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(Model::from_bytes(b"garbage").is_err());
    }

    #[test]
    fn parts_are_stable() {
        // FNV-1a 64 values computed independently (bench/ner_spacy.py's fnv1a64).
        let n_dev = (0..1000)
            .filter(|i| part_of(&format!("doc{i}")) == "dev")
            .count();
        assert!((250..350).contains(&n_dev), "{n_dev}");
        assert_eq!(
            part_of("a"),
            if 0xaf63dc4c8601ec8cu64 % 10 < 7 {
                "train"
            } else {
                "dev"
            }
        );
    }

    #[test]
    fn builtin_model_loads() {
        let m = Model::from_bytes(BUILTIN).unwrap();
        assert!(!m.is_empty());
    }

    #[test]
    fn every_kept_key_passes_the_filter() {
        let m = Model::from_bytes(BUILTIN).unwrap();
        for (k, w) in &m.rows {
            assert_eq!(m.sum(*k), w.map(i32::from), "{k:x}");
        }
        // Keys next to kept ones, in the same bucket, are not found.
        let absent = m
            .rows
            .iter()
            .filter(|(k, _)| m.rows.binary_search_by_key(&(k ^ 1), |r| r.0).is_err());
        for (k, _) in absent.take(1000) {
            assert_eq!(m.sum(k ^ 1), [0; TAGS]);
        }
    }
}
