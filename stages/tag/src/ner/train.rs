//! Training: an averaged perceptron over the greedy decoder of [`super::Model::recognize`],
//! deterministic (fixed order of examples, a fixed-seed shuffle per epoch, keys written sorted).

use rustc_hash::FxHashMap;

use super::features::{history, Sentence};
use super::{best, tag_of, tokenize, Hint, Label, Model, TAGS};

/// One training sentence: its tokens' features are computed from the text, gold tags per token.
#[derive(Debug, Clone)]
pub struct Example {
    pub text: std::sync::Arc<str>,
    pub span: (usize, usize),
    pub hints: Vec<(usize, usize, Hint)>,
    pub tags: Vec<usize>,
}

/// The config of the tagger whose mentions are the recognizer's hints in training
/// ([`super::hints_of`]): the dictionaries' organizations and countries, nothing found beyond
/// them.
pub fn hint_config() -> crate::TagConfig {
    crate::TagConfig {
        kinds: vec!["organization".into(), "country".into()],
        discover_organizations: false,
        recognize_names: false,
        ..crate::TagConfig::default()
    }
}

/// The training sentences of gold document `d` split into `sents`, with `hints` (the
/// dictionaries' mentions, [`super::hints_of`]) and the gold names its labels know.
pub fn examples_of(
    d: &super::GoldDoc,
    sents: &[(usize, usize)],
    hints: &[(usize, usize, Hint)],
) -> Vec<Example> {
    let gold: Vec<(usize, usize, Label)> = d
        .entities
        .iter()
        .filter_map(|e| Some((e.byte_start, e.byte_end, Label::from_gold(&e.label)?)))
        .collect();
    let text: std::sync::Arc<str> = std::sync::Arc::from(d.text.as_str());
    sents
        .iter()
        .map(|&(s, e)| Example {
            text: text.clone(),
            span: (s, e),
            hints: hints
                .iter()
                .filter(|x| x.0 < e && s < x.1)
                .copied()
                .collect(),
            tags: gold_tags(&text, s, e, &gold),
        })
        .collect()
}

/// The gold tags of the tokens of `text[s..e]` given gold names `gold` (byte offsets, any
/// order): a token is inside a name when it overlaps it; the first such token is B.
pub fn gold_tags(text: &str, s: usize, e: usize, gold: &[(usize, usize, Label)]) -> Vec<usize> {
    let mut toks = Vec::new();
    tokenize(text, s, e, &mut toks);
    let mut tags = vec![0; toks.len()];
    for &(gs, ge, l) in gold {
        let mut first = true;
        for (i, &(a, b)) in toks.iter().enumerate() {
            if a < ge && gs < b && tags[i] == 0 {
                tags[i] = tag_of(l, !first);
                first = false;
            }
        }
    }
    tags
}

/// One feature's weights, their running totals and the step of each weight's last change.
type Row = ([f32; TAGS], [f32; TAGS], [u32; TAGS]);

/// Weights with the sums for averaging.
#[derive(Default)]
struct Weights {
    w: FxHashMap<u64, Row>,
}

impl Weights {
    fn score(&self, keys: &[u64]) -> [f32; TAGS] {
        let mut s = [0f32; TAGS];
        for k in keys {
            if let Some((w, _, _)) = self.w.get(k) {
                for t in 0..TAGS {
                    s[t] += w[t];
                }
            }
        }
        s
    }

    fn update(&mut self, keys: &[u64], tag: usize, delta: f32, now: u32) {
        for &k in keys {
            let (w, total, stamp) =
                self.w
                    .entry(k)
                    .or_insert(([0.0; TAGS], [0.0; TAGS], [0; TAGS]));
            total[tag] += (now - stamp[tag]) as f32 * w[tag];
            stamp[tag] = now;
            w[tag] += delta;
        }
    }

    /// The averaged weights, rows sorted by key, rows whose largest weight is below `min`
    /// dropped.
    fn averaged(&self, now: u32, min: f32) -> Vec<(u64, [f32; TAGS])> {
        let mut rows: Vec<(u64, [f32; TAGS])> = self
            .w
            .iter()
            .map(|(&k, (w, total, stamp))| {
                let mut a = [0f32; TAGS];
                for t in 0..TAGS {
                    let tot = total[t] + (now - stamp[t]) as f32 * w[t];
                    a[t] = tot / now.max(1) as f32;
                }
                (k, a)
            })
            .filter(|(_, a)| a.iter().any(|x| x.abs() >= min))
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        rows
    }
}

/// A fixed-seed generator for the shuffles (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

/// Trains for `epochs` passes; returns the model bytes (see [`Model::write`]). `min_weight`:
/// averaged rows whose weights are all smaller are dropped. `progress` is told each epoch's
/// token accuracy.
pub fn train(
    examples: &[Example],
    epochs: usize,
    seed: u64,
    min_weight: f32,
    mut progress: impl FnMut(usize, f64),
) -> Vec<u8> {
    let mut weights = Weights::default();
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng(seed.max(1));
    let mut now: u32 = 0;
    let mut toks = Vec::new();
    let mut sent = Sentence::default();
    let mut keys = Vec::with_capacity(64);
    let mut tags = Vec::new();
    for epoch in 0..epochs {
        // Fisher-Yates with the fixed generator.
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let (mut right, mut all) = (0u64, 0u64);
        for &x in &order {
            let ex = &examples[x];
            tokenize(&ex.text, ex.span.0, ex.span.1, &mut toks);
            if toks.len() != ex.tags.len() || toks.is_empty() {
                continue;
            }
            sent.prepare(&ex.text, &toks, &ex.hints);
            tags.clear();
            for i in 0..toks.len() {
                now += 1;
                let (p1, p2) = history(&tags, i);
                sent.keys(i, p1, p2, &mut keys);
                let guess = best(&weights.score(&keys), p1);
                let gold = ex.tags[i];
                if guess != gold {
                    weights.update(&keys, gold, 1.0, now);
                    weights.update(&keys, guess, -1.0, now);
                } else {
                    right += 1;
                }
                all += 1;
                tags.push(guess);
            }
        }
        progress(epoch, right as f64 / all.max(1) as f64);
    }
    Model::write(&weights.averaged(now, min_weight))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_tags_cover_overlapping_tokens() {
        let t = "Mr. Kato of Sexual Minorities Uganda spoke";
        let gold = [(4, 8, Label::Per), (12, 36, Label::Org)];
        let tags = gold_tags(t, 0, t.len(), &gold);
        let (bp, bo, io) = (
            tag_of(Label::Per, false),
            tag_of(Label::Org, false),
            tag_of(Label::Org, true),
        );
        assert_eq!(tags, [0, 0, bp, 0, bo, io, io, 0]);
    }

    /// A tiny made-up set: the perceptron learns it, and two runs give the same bytes.
    #[test]
    fn training_learns_and_is_deterministic() {
        let mut examples = Vec::new();
        let names = ["Zorblat", "Quenmar", "Vistrel", "Ombrix", "Teluvo"];
        for (i, n) in names.iter().enumerate() {
            for (j, p) in ["Anna", "Boris", "Chen"].iter().enumerate() {
                let text: std::sync::Arc<str> =
                    format!("{p} Smith{j} joined {n} Corp in {i} years").into();
                let ps = 0;
                let pe = text.find(" joined").unwrap();
                let os = pe + " joined ".len();
                let oe = text.find(" in").unwrap();
                let gold = [(ps, pe, Label::Per), (os, oe, Label::Org)];
                let tags = gold_tags(&text, 0, text.len(), &gold);
                examples.push(Example {
                    span: (0, text.len()),
                    text,
                    hints: vec![],
                    tags,
                });
            }
        }
        let a = train(&examples, 5, 7, 0.0, |_, _| {});
        let b = train(&examples, 5, 7, 0.0, |_, _| {});
        assert_eq!(a, b);
        let m = Model::from_bytes(&a).unwrap();
        let t = "Dana Smith2 joined Krellwick Corp in 3 years";
        let got: Vec<(&str, Label)> = m
            .recognize(t, &[(0, t.len())], &[])
            .iter()
            .map(|s| (&t[s.start..s.end], s.label))
            .collect();
        assert_eq!(
            got,
            [("Dana Smith2", Label::Per), ("Krellwick Corp", Label::Org)]
        );
    }
}
