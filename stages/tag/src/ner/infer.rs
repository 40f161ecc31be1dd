//! The recognizer's scores without one weight lookup per feature (issue 23).
//!
//! [`super::features::Sentence::keys`] gives a token 32 keys; summing their weights is the
//! score. Most of them depend on little: the word alone (its lower case, shape, affixes, length),
//! a neighbour word alone (the word before as "the previous word", ...), the shape and a small
//! value (the previous tag, the hint, whether the token is first), or only small values (the
//! previous tags, the hints). Those partial sums are computed once: the ones over small values
//! when the model is loaded ([`Tables`]), the ones of a word or a shape the first time a thread
//! meets it ([`Cache`]). What is left per token are the five features of two neighbouring
//! tokens (word pairs, shape triples) and, after a tag other than O, the tag with the word.
//! Weights are integers (quantized units) and every feature's weight is added once, as the
//! keys' lookups do, so the sums are equal, not merely close (a test compares them with
//! [`super::Model::scores`] over every key, tag and hint).

use std::cell::RefCell;

use rustc_hash::FxHashMap;

use super::features::{case_counts, mix, set_in_capitals, token_hints, Tok, END, START};
use super::{Model, Token, TAGS};

/// Weights summed in quantized units, one per tag.
pub(super) type Sum = [i32; TAGS];

/// Values a token's hint takes: 0, or a hint's code (1 to 5) times 2 plus one.
pub(super) const HINTS: usize = 12;

/// Words a thread keeps before it forgets them all (about 300 bytes each, so 10 MB; 2^15: a
/// Reuters-21578 run keeps its frequent words, a text of random words cannot grow it).
pub(super) const WORDS_MAX: usize = 1 << 15;

fn add(a: &mut Sum, b: &Sum) {
    for t in 0..TAGS {
        a[t] += b[t];
    }
}

/// The partial sums over small values, built when the model is loaded.
#[derive(Debug, Default)]
pub(super) struct Tables {
    /// Feature 0 (the bias).
    bias: Sum,
    /// Feature 14 by previous tag.
    p1: [Sum; TAGS],
    /// Feature 15 by the previous two tags.
    p1p2: [[Sum; TAGS]; TAGS],
    /// Features 19, 20, 21 by the token's, the previous and the next token's hint.
    hint: [Sum; HINTS],
    hint_m1: [Sum; HINTS],
    hint_p1: [Sum; HINTS],
    /// Feature 31 by previous tag and hint.
    p1_hint: [[Sum; HINTS]; TAGS],
    /// Features 2 and 7 of the first token, 3 and 8 of the last, 4 of the first two, 5 of the
    /// last two: the boundaries' word and shape.
    start_m1: Sum,
    end_p1: Sum,
    start_m2: Sum,
    end_p2: Sum,
}

impl Tables {
    pub(super) fn of(m: &Model) -> Tables {
        let w = |n: u64, v: u64| m.sum(mix(n, v));
        let mut t = Tables {
            bias: w(0, 0),
            start_m1: w(2, START),
            end_p1: w(3, END),
            start_m2: w(4, START),
            end_p2: w(5, END),
            ..Tables::default()
        };
        add(&mut t.start_m1, &w(7, START));
        add(&mut t.end_p1, &w(8, END));
        for p1 in 0..TAGS {
            t.p1[p1] = w(14, p1 as u64);
            for p2 in 0..TAGS {
                t.p1p2[p1][p2] = w(15, mix(p1 as u64, p2 as u64));
            }
            for h in 0..HINTS {
                t.p1_hint[p1][h] = w(31, mix(p1 as u64, h as u64));
            }
        }
        for h in 0..HINTS {
            t.hint[h] = w(19, h as u64);
            t.hint_m1[h] = w(20, h as u64);
            t.hint_p1[h] = w(21, h as u64);
        }
        t
    }
}

/// What a word contributes, whatever its place.
#[derive(Debug)]
struct Word {
    lower: u64,
    shape: u64,
    /// Its shape's entry in [`Cache::shapes`].
    shape_ix: u32,
    cap: bool,
    /// Its upper-case and lower-case letters.
    up: u32,
    low: u32,
    /// Features 1, 6, 10 to 13 and 24, with 18 and 30 of a sentence in lower case ([0]) or set
    /// in capitals ([1]).
    own: [Sum; 2],
    /// Feature 16 after O.
    after_o: Sum,
    /// As the previous word (features 2 and 7), the next (3 and 8), the one before the previous
    /// (4), the one after the next (5).
    as_m1: Sum,
    as_p1: Sum,
    as_m2: Sum,
    as_p2: Sum,
}

/// What a shape contributes with a small value.
#[derive(Debug)]
struct Shape {
    /// Feature 17 (not first, first), 28 (whether the previous and the next token are
    /// capitalized), 29 (by hint) and 27 (by previous tag).
    first: [Sum; 2],
    caps: [Sum; 4],
    hint: [Sum; HINTS],
    p1: [Sum; TAGS],
}

/// One thread's words and shapes seen with one model, and its buffers.
#[derive(Debug, Default)]
pub(super) struct Cache {
    model: u64,
    index: FxHashMap<Box<str>, u32>,
    words: Vec<Word>,
    shape_index: FxHashMap<u64, u32>,
    shapes: Vec<Shape>,
    /// Per token of a sentence: its word, its hint, the sum of its features that do not depend
    /// on the tags.
    pub(super) toks: Vec<Token>,
    word_of: Vec<u32>,
    hints: Vec<u64>,
    fixed: Vec<Sum>,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
}

/// Runs `f` with this thread's cache, emptied first if it was filled with another model.
pub(super) fn with_cache<R>(m: &Model, f: impl FnOnce(&mut Cache) -> R) -> R {
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.model != m.id {
            c.forget();
            c.model = m.id;
        }
        f(&mut c)
    })
}

impl Cache {
    fn forget(&mut self) {
        self.index.clear();
        self.words.clear();
        self.shape_index.clear();
        self.shapes.clear();
    }

    /// The index of the word `w`, computed the first time.
    fn word(&mut self, m: &Model, w: &str) -> u32 {
        if let Some(&i) = self.index.get(w) {
            return i;
        }
        let t = Tok::of(w);
        let s = |n: u64, v: u64| m.sum(mix(n, v));
        let shape_ix = match self.shape_index.get(&t.shape) {
            Some(&i) => i,
            None => {
                let sh = Shape {
                    first: std::array::from_fn(|f| s(17, mix(f as u64, t.shape))),
                    caps: std::array::from_fn(|c| s(28, mix(c as u64, t.shape))),
                    hint: std::array::from_fn(|h| s(29, mix(h as u64, t.shape))),
                    p1: std::array::from_fn(|p| s(27, mix(p as u64, t.shape))),
                };
                self.shapes.push(sh);
                let i = (self.shapes.len() - 1) as u32;
                self.shape_index.insert(t.shape, i);
                i
            }
        };
        let mut base = s(1, t.lower);
        for part in [
            s(6, t.shape),
            s(10, t.suf3),
            s(11, t.suf2),
            s(12, t.pre3),
            s(13, t.suf4),
            s(24, mix(t.len, t.shape)),
        ] {
            add(&mut base, &part);
        }
        let own = std::array::from_fn(|up| {
            let mut o = base;
            add(&mut o, &s(18, mix(up as u64, t.shape)));
            add(&mut o, &s(30, mix(up as u64, t.lower)));
            o
        });
        let mut as_m1 = s(2, t.lower);
        add(&mut as_m1, &s(7, t.shape));
        let mut as_p1 = s(3, t.lower);
        add(&mut as_p1, &s(8, t.shape));
        let (up, low) = case_counts(w);
        self.words.push(Word {
            lower: t.lower,
            shape: t.shape,
            shape_ix,
            cap: t.cap,
            up,
            low,
            own,
            after_o: s(16, mix(0, t.lower)),
            as_m1,
            as_p1,
            as_m2: s(4, t.lower),
            as_p2: s(5, t.lower),
        });
        let i = (self.words.len() - 1) as u32;
        self.index.insert(w.into(), i);
        i
    }

    /// Computes the sums of the tokens `self.toks` of `text` that do not depend on the tags
    /// (see [`Cache::score`]); `hints` sorted by start.
    pub(super) fn prepare(&mut self, m: &Model, text: &str, hints: &[(usize, usize, super::Hint)]) {
        let toks = std::mem::take(&mut self.toks);
        if self.words.len() + toks.len() > WORDS_MAX {
            self.forget();
        }
        self.word_of.clear();
        let (mut up, mut low) = (0, 0);
        for &(s, e) in &toks {
            let i = self.word(m, &text[s..e]);
            let w = &self.words[i as usize];
            up += w.up;
            low += w.low;
            self.word_of.push(i);
        }
        let upper = usize::from(set_in_capitals(up, low));
        token_hints(&toks, hints, &mut self.hints);
        let tb = &m.tables;
        let n = toks.len();
        let word = |i: usize| &self.words[self.word_of[i] as usize];
        let hint = |i: Option<usize>| i.map_or(0, |i| hint_ix(self.hints[i]));
        self.fixed.clear();
        for i in 0..n {
            let t = word(i);
            let sh = &self.shapes[t.shape_ix as usize];
            let prev = i.checked_sub(1).map(word);
            let next = (i + 1 < n).then(|| word(i + 1));
            let h = hint(Some(i));
            let mut q = tb.bias;
            add(&mut q, &t.own[upper]);
            add(&mut q, prev.map_or(&tb.start_m1, |w| &w.as_m1));
            add(&mut q, next.map_or(&tb.end_p1, |w| &w.as_p1));
            add(
                &mut q,
                i.checked_sub(2).map_or(&tb.start_m2, |j| &word(j).as_m2),
            );
            add(
                &mut q,
                (i + 2 < n)
                    .then(|| word(i + 2))
                    .map_or(&tb.end_p2, |w| &w.as_p2),
            );
            add(&mut q, &tb.hint[h]);
            add(&mut q, &tb.hint_m1[hint(i.checked_sub(1))]);
            add(&mut q, &tb.hint_p1[hint((i + 1 < n).then_some(i + 1))]);
            add(&mut q, &sh.first[usize::from(i == 0)]);
            let caps = usize::from(prev.is_some_and(|w| w.cap)) * 2
                + usize::from(next.is_some_and(|w| w.cap));
            add(&mut q, &sh.caps[caps]);
            add(&mut q, &sh.hint[h]);
            let (wm1, sm1) = prev.map_or((START, START), |w| (w.lower, w.shape));
            let (wp1, sp1) = next.map_or((END, END), |w| (w.lower, w.shape));
            for key in [
                mix(9, mix(mix(sm1, t.shape), sp1)),
                mix(22, mix(wm1, t.lower)),
                mix(23, mix(t.lower, wp1)),
                mix(25, mix(wm1, t.shape)),
                mix(26, mix(t.shape, wp1)),
            ] {
                m.add(key, &mut q);
            }
            self.fixed.push(q);
        }
        self.toks = toks;
    }

    /// The scores of the tags of token `i` after the tags `p1` (previous) and `p2`: the weights
    /// of [`super::features::Sentence::keys`], summed.
    pub(super) fn score(&self, m: &Model, i: usize, p1: usize, p2: usize) -> [f32; TAGS] {
        let tb = &m.tables;
        let t = &self.words[self.word_of[i] as usize];
        let h = hint_ix(self.hints[i]);
        let mut q = self.fixed[i];
        add(&mut q, &tb.p1[p1]);
        add(&mut q, &tb.p1p2[p1][p2]);
        add(&mut q, &tb.p1_hint[p1][h]);
        add(&mut q, &self.shapes[t.shape_ix as usize].p1[p1]);
        if p1 == 0 {
            add(&mut q, &t.after_o);
        } else {
            m.add(mix(16, mix(p1 as u64, t.lower)), &mut q);
        }
        q.map(|x| x as f32 * m.scale)
    }
}

/// The row of a token's hint in the tables.
fn hint_ix(h: u64) -> usize {
    (h as usize).min(HINTS - 1)
}

#[cfg(test)]
mod tests {
    use super::super::features::Sentence;
    use super::super::{tokenize, Hint, Model, TAGS};
    use super::*;

    /// A sentence and its hints (start, end, hint).
    type Case = (&'static str, Vec<(usize, usize, Hint)>);

    /// Sentences of our own, with the dictionaries' hints of every kind.
    fn cases() -> Vec<Case> {
        let hinted = |t: &'static str, parts: &[(&str, Hint)]| {
            let h = parts
                .iter()
                .map(|&(p, k)| {
                    let s = t.find(p).unwrap_or(0);
                    (s, s + p.len(), k)
                })
                .collect::<Vec<_>>();
            (t, h)
        };
        vec![
            hinted(
                "Shares of Acme Corp fell in Oslo after Norwegian traders sold.",
                &[
                    ("Acme Corp", Hint::Org),
                    ("Oslo", Hint::City),
                    ("Norwegian", Hint::Demonym),
                ],
            ),
            hinted(
                "ZEPHYR MOTORS TO BUY A STAKE IN PERU MINER",
                &[("PERU", Hint::Country), ("MINER", Hint::Other)],
            ),
            (
                "Ada Lovell, chief executive of Brightwater Ltd, said on Monday.",
                vec![],
            ),
            (
                "“Zürich” — £5 for 北京 AI, Jean-Luc Picard's iPhone.\r\nCRLF\0NUL 😀",
                vec![],
            ),
            ("x", vec![]),
            ("A B", vec![]),
            ("the the the the THE The tHe", vec![]),
        ]
    }

    /// A model with a distinct weight for every key those sentences give, after any tags: a
    /// feature counted wrongly, or not at all, changes a sum.
    fn dense_model() -> Model {
        let mut keys = Vec::new();
        let mut all = std::collections::BTreeSet::new();
        let mut toks = Vec::new();
        let mut sent = Sentence::default();
        for (t, hints) in cases() {
            tokenize(t, 0, t.len(), &mut toks);
            sent.prepare(t, &toks, &hints);
            for i in 0..toks.len() {
                for p1 in 0..TAGS {
                    for p2 in 0..TAGS {
                        sent.keys(i, p1, p2, &mut keys);
                        all.extend(keys.iter().copied());
                    }
                }
            }
        }
        let rows: Vec<(u64, [f32; TAGS])> = all
            .into_iter()
            .map(|k| {
                let w = std::array::from_fn(|t| (mix(k, t as u64) % 2001) as f32 - 1000.0);
                (k, w)
            })
            .collect();
        Model::from_bytes(&Model::write(&rows)).unwrap()
    }

    #[test]
    fn sums_equal_the_keys_weights_for_every_token_and_tags() {
        let m = dense_model();
        let mut keys = Vec::new();
        let mut sent = Sentence::default();
        with_cache(&m, |c| {
            for (t, hints) in cases() {
                tokenize(t, 0, t.len(), &mut c.toks);
                sent.prepare(t, &c.toks, &hints);
                c.prepare(&m, t, &hints);
                for i in 0..c.toks.len() {
                    for p1 in 0..TAGS {
                        for p2 in 0..TAGS {
                            sent.keys(i, p1, p2, &mut keys);
                            let want = m.scores(&keys);
                            assert_eq!(c.score(&m, i, p1, p2), want, "{t:?} token {i} {p1} {p2}");
                        }
                    }
                }
            }
        });
    }

    #[test]
    fn recognize_equals_the_key_by_key_path() {
        let dense = dense_model();
        let builtin = Model::from_bytes(super::super::BUILTIN).unwrap();
        // Twice each, so that the second pass reads words and shapes the first one cached,
        // and with two models on the same thread.
        for m in [&dense, &builtin, &dense, &builtin] {
            for (t, hints) in cases() {
                let sents = [(0, t.len())];
                let fast = m.recognize(t, &sents, &hints);
                let slow = m.recognize_with(t, &sents, &hints, 0);
                assert_eq!(fast, slow, "{t:?}");
            }
        }
    }

    #[test]
    fn the_cache_of_words_stays_bounded() {
        let m = Model::from_bytes(super::super::BUILTIN).unwrap();
        // More distinct words than the cache holds, in sentences of 1,000 words.
        let text: String = (0..WORDS_MAX + 5_000).map(|i| format!("W{i} ")).collect();
        let mut sents = Vec::new();
        let mut start = 0;
        for (n, (i, _)) in text.match_indices(' ').enumerate() {
            if n % 1000 == 999 {
                sents.push((start, i));
                start = i + 1;
            }
        }
        let fast = m.recognize(&text, &sents, &[]);
        assert_eq!(fast, m.recognize_with(&text, &sents, &[], 0));
        with_cache(&m, |c| {
            assert!(c.words.len() <= WORDS_MAX, "{}", c.words.len())
        });
    }
}
