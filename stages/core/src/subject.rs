//! The top-level subject of a document: a learned ranker of the IPTC top levels a document names.
//!
//! [`crate::salience`] scores every theme from where and how often the text names it; among the
//! top levels the highest score is not always the desk a news editor files the story under (a
//! football club's accounts are sport, a minister's trial is crime). The ranker adds evidence of
//! another kind, the document's entities, and weighs both by what hand-labelled desks show
//! (`data/eval/`, the tuning parts only): per document and top level it names, a linear score
//! over
//!
//! - **shared features** (one weight for every top level, see [`SHARED`]): the top level's
//!   salience score relative to the document's best top level, whether it is first by score, its
//!   share of the theme mentions, title, lead, `about`, its best theme below it and how many
//!   distinct themes it gathers;
//! - **per-class features** (one weight per top level, see [`PER_CLASS`]): a bias, the share and
//!   relative score again, and the document's entity counts (organizations by their dictionary
//!   type, persons, countries; `ln(1 + n)`), so that a sports club counts for sport and a
//!   central bank for the economy.
//!
//! The weights are a conditional (multinomial) logistic regression over the top levels the
//! document names, trained by `cargo run -p newsmill-eval --example train_subjects` ([`train`]:
//! full-batch gradient descent from zero, a fixed number of steps, no randomness: the same inputs
//! give the same bytes) and embedded from `data/themes/subject_ranker.tsv`. [`rank_subjects`]
//! sets `subject_rank` from them: by the learned score, then by the salience score, then by id;
//! without weights (an empty file) that is the salience order. With weights it also decides which
//! top levels the document is `about`: the first, and each whose probability (the softmax of the
//! learned scores over the document's top levels) reaches [`ABOUT_PROBABILITY_RATIO`] of the
//! first's. Below the top levels `about` is left as salience sets it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::salience::{ThemeSalience, LEAD_SENTENCES};

/// The entity groups of a document that count (organizations by their dictionary `type`).
pub const ENTITY_GROUPS: [&str; 14] = [
    "org_company",
    "org_central_bank",
    "org_government",
    "org_court",
    "org_military",
    "org_party",
    "org_sports",
    "org_university",
    "org_media",
    "org_ngo",
    "org_intergovernmental",
    "org_other",
    "persons",
    "countries",
];

/// The group of a mention of `kind` whose dictionary entity has `entity_type`; `None` for a
/// theme.
fn group(kind: &str, entity_type: Option<&str>) -> Option<usize> {
    let name = match kind {
        "person" => "persons",
        "country" => "countries",
        "organization" => match entity_type.unwrap_or("") {
            "company" => "org_company",
            "central_bank" => "org_central_bank",
            "government_body" | "legislature" => "org_government",
            "court" => "org_court",
            "military" => "org_military",
            "political_party" => "org_party",
            "sports" => "org_sports",
            "university" | "research_institute" => "org_university",
            "news_organization" => "org_media",
            "ngo" => "org_ngo",
            "intergovernmental" => "org_intergovernmental",
            _ => "org_other",
        },
        _ => return None,
    };
    ENTITY_GROUPS.iter().position(|g| *g == name)
}

/// A document's entity mentions by group ([`ENTITY_GROUPS`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocEntities {
    pub counts: [u32; ENTITY_GROUPS.len()],
}

impl DocEntities {
    /// Counts one mention of `kind` (`organization`, `person`, `country`; themes are not
    /// counted) whose dictionary entity has `entity_type` (`None` for a name the recognizer
    /// found).
    pub fn add(&mut self, kind: &str, entity_type: Option<&str>) {
        if let Some(g) = group(kind, entity_type) {
            self.counts[g] = self.counts[g].saturating_add(1);
        }
    }
}

/// The shared features, in their order in [`Candidate::shared`].
pub const SHARED: [&str; 10] = [
    "score_rel",
    "first_by_score",
    "share",
    "in_title",
    "in_lead",
    "about",
    "best_below_rel",
    "distinct_below",
    "own_part",
    "mentions",
];

/// The per-class features, in their order in [`Candidate::per_class`]: these three, then
/// [`ENTITY_GROUPS`].
pub const PER_CLASS_HEAD: [&str; 3] = ["bias", "share", "score_rel"];

/// All per-class feature names.
pub fn per_class_names() -> Vec<&'static str> {
    PER_CLASS_HEAD
        .iter()
        .chain(ENTITY_GROUPS.iter())
        .copied()
        .collect()
}

/// How many per-class features there are.
pub const PER_CLASS: usize = PER_CLASS_HEAD.len() + ENTITY_GROUPS.len();

/// One top level a document names, with its features.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The top level's theme id.
    pub root: String,
    /// Its salience score (the tie-break).
    pub score: f64,
    pub shared: [f64; SHARED.len()],
    pub per_class: [f64; PER_CLASS],
}

/// The top level above `theme` (itself for a root; a cycle is cut).
fn root_of<'t>(theme: &'t str, parent: &impl Fn(&str) -> Option<&'t str>) -> &'t str {
    let mut t = theme;
    for _ in 0..64 {
        match parent(t) {
            Some(p) if !p.is_empty() && p != t => t = p,
            _ => break,
        }
    }
    t
}

/// The candidates of a document: each top level among `themes` (the output of
/// [`crate::salience::salience`]) with its features, in the order of `themes`.
pub fn candidates<'p>(
    themes: &[ThemeSalience],
    parent: impl Fn(&str) -> Option<&'p str>,
    entities: &DocEntities,
) -> Vec<Candidate> {
    // Whether each theme is a top level, asked of the tree once per theme.
    let roots: Vec<bool> = themes
        .iter()
        .map(|s| parent(&s.theme).is_none_or(str::is_empty))
        .collect();
    let tops = || {
        themes
            .iter()
            .zip(&roots)
            .filter(|(_, &r)| r)
            .map(|(s, _)| s)
    };
    let others = || {
        themes
            .iter()
            .zip(&roots)
            .filter(|(_, &r)| !r)
            .map(|(s, _)| s)
    };
    let best_root = tops().map(|s| s.score).fold(0.0, f64::max);
    let best_below = others().map(|s| s.score).fold(0.0, f64::max);
    // Per top level: the best score below it and how many themes below it.
    let parent_of = |t: &str| -> Option<&str> { parent(t) };
    let mut below: BTreeMap<&str, (f64, u32)> = BTreeMap::new();
    for s in others() {
        let e = below.entry(root_of(&s.theme, &parent_of)).or_default();
        e.0 = e.0.max(s.score);
        e.1 += 1;
    }
    let rel = |x: f64, best: f64| if best > 0.0 { x / best } else { 0.0 };
    let first = tops()
        .max_by(|a, b| a.score.total_cmp(&b.score).then(b.theme.cmp(&a.theme)))
        .map(|s| s.theme.as_str());
    let ents: Vec<f64> = entities
        .counts
        .iter()
        .map(|&n| f64::from(n).ln_1p())
        .collect();
    tops()
        .map(|s| {
            let (bb, nb) = below.get(s.theme.as_str()).copied().unwrap_or_default();
            let flag = |b: bool| if b { 1.0 } else { 0.0 };
            let score_rel = rel(s.score, best_root);
            let shared = [
                score_rel,
                flag(first == Some(s.theme.as_str())),
                s.share,
                flag(s.in_title),
                flag(s.first_sentence.is_some_and(|f| f < LEAD_SENTENCES)),
                flag(s.about),
                rel(bb, best_below),
                f64::from(nb).ln_1p(),
                rel(f64::from(s.direct_mentions), f64::from(s.mentions)),
                f64::from(s.mentions).ln_1p(),
            ];
            let mut per_class = [0.0; PER_CLASS];
            per_class[0] = 1.0;
            per_class[1] = s.share;
            per_class[2] = score_rel;
            per_class[PER_CLASS_HEAD.len()..].copy_from_slice(&ents);
            Candidate {
                root: s.theme.clone(),
                score: s.score,
                shared,
                per_class,
            }
        })
        .collect()
}

/// The weights of the ranker.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ranker {
    pub shared: [f64; SHARED.len()],
    /// Per top level (theme id): its per-class weights.
    pub per_class: BTreeMap<String, [f64; PER_CLASS]>,
}

/// The built-in weights (see the module documentation).
const BUILTIN: &str = include_str!("../../../data/themes/subject_ranker.tsv");

impl Ranker {
    /// The learned score of a candidate (a top level without its own weights has only the
    /// shared part).
    pub fn score(&self, c: &Candidate) -> f64 {
        let mut s: f64 = self.shared.iter().zip(&c.shared).map(|(w, x)| w * x).sum();
        if let Some(w) = self.per_class.get(&c.root) {
            s += w.iter().zip(&c.per_class).map(|(w, x)| w * x).sum::<f64>();
        }
        s
    }

    /// Whether there are no weights (the salience order; `about` as salience sets it).
    pub fn is_empty(&self) -> bool {
        self.shared.iter().all(|w| *w == 0.0)
            && self
                .per_class
                .values()
                .all(|ws| ws.iter().all(|w| *w == 0.0))
    }

    /// The built-in ranker; should its file not parse (a test checks it does), no weights: the
    /// salience order.
    pub fn builtin() -> &'static Ranker {
        static R: OnceLock<Ranker> = OnceLock::new();
        R.get_or_init(|| Ranker::parse(BUILTIN).unwrap_or_default())
    }

    /// Reads weights: `#` comment lines, a header `feature class weight`, then one weight a line,
    /// tab-separated, the class `*` for a shared feature.
    pub fn parse(text: &str) -> Result<Ranker, String> {
        let mut r = Ranker::default();
        let per = per_class_names();
        let mut header = false;
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if !header {
                if f != ["feature", "class", "weight"] {
                    return Err(format!("line {}: expected the header", i + 1));
                }
                header = true;
                continue;
            }
            let [name, class, w] = f[..] else {
                return Err(format!("line {}: expected three fields", i + 1));
            };
            let w: f64 = w
                .parse()
                .map_err(|_| format!("line {}: bad weight `{w}`", i + 1))?;
            if class == "*" {
                let k = SHARED
                    .iter()
                    .position(|s| *s == name)
                    .ok_or_else(|| format!("line {}: unknown shared feature `{name}`", i + 1))?;
                r.shared[k] = w;
            } else {
                let k = per
                    .iter()
                    .position(|s| *s == name)
                    .ok_or_else(|| format!("line {}: unknown feature `{name}`", i + 1))?;
                r.per_class
                    .entry(class.to_string())
                    .or_insert([0.0; PER_CLASS])[k] = w;
            }
        }
        Ok(r)
    }

    /// The weights as [`Ranker::parse`] reads them, after `comment` (each line prefixed by `# `);
    /// zero weights are left out.
    pub fn to_tsv(&self, comment: &str) -> String {
        let mut out = String::new();
        for l in comment.lines() {
            out.push_str("# ");
            out.push_str(l);
            out.push('\n');
        }
        out.push_str("feature\tclass\tweight\n");
        let mut line = |name: &str, class: &str, w: f64| {
            if w != 0.0 {
                out.push_str(&format!("{name}\t{class}\t{w:.6}\n"));
            }
        };
        for (n, w) in SHARED.iter().zip(&self.shared) {
            line(n, "*", *w);
        }
        let per = per_class_names();
        for (class, ws) in &self.per_class {
            for (n, w) in per.iter().zip(ws) {
                line(n, class, *w);
            }
        }
        out
    }
}

/// `about` of the top levels: a top level is about when the ranker's probability for it reaches
/// this part of the first one's (the first is always about). Of 0.02 to 0.3 in 5-fold
/// cross-validation on the tuning desks (`train_subjects --about`), the most desks among `about`
/// (0.956, from 0.933) with at most 2.5 about top levels an article (2.38, from 1.98).
pub const ABOUT_PROBABILITY_RATIO: f64 = 0.04;

/// Whether a top level whose learned score is `score` is about, the document's first scoring
/// `first` (see [`ABOUT_PROBABILITY_RATIO`]): the ratio of their probabilities is
/// `exp(score - first)`.
pub fn about_by_ratio(score: f64, first: f64, ratio: f64) -> bool {
    (score - first).exp() >= ratio
}

/// Sets `subject_rank` of the top levels among `themes` (as [`crate::salience::salience`] gives
/// them) by `ranker`'s score, then the salience score, then the id; with weights, also the top
/// levels' `about` ([`ABOUT_PROBABILITY_RATIO`]) and, as `about` comes first in the salience
/// order, every theme's `rank` again (the order is otherwise kept). `themes` stays in rank order.
pub fn rank_subjects<'p>(
    themes: &mut [ThemeSalience],
    parent: impl Fn(&str) -> Option<&'p str>,
    entities: &DocEntities,
    ranker: &Ranker,
) {
    let mut cands: Vec<(f64, Candidate)> = {
        let cs = candidates(themes, &parent, entities);
        cs.into_iter().map(|c| (ranker.score(&c), c)).collect()
    };
    cands.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(b.1.score.total_cmp(&a.1.score))
            .then(a.1.root.cmp(&b.1.root))
    });
    let first = cands.first().map_or(0.0, |c| c.0);
    let learned = !ranker.is_empty();
    for (r, (learned_score, c)) in cands.iter().enumerate() {
        if let Some(s) = themes.iter_mut().find(|s| s.theme == c.root) {
            s.subject_rank = Some(u32::try_from(r + 1).unwrap_or(u32::MAX));
            if learned {
                s.about = r == 0 || about_by_ratio(*learned_score, first, ABOUT_PROBABILITY_RATIO);
            }
        }
    }
    if learned {
        // About first, otherwise the order salience gave (a stable sort on its rank).
        themes.sort_by(|a, b| b.about.cmp(&a.about).then(a.rank.cmp(&b.rank)));
        for (i, s) in themes.iter_mut().enumerate() {
            s.rank = u32::try_from(i + 1).unwrap_or(u32::MAX);
        }
    }
    party_contest_first(themes);
}

/// The theme of political parties and movements: when it is a story's first theme...
pub const PARTY_THEME: &str = "political_parties";
/// ... the story is filed under politics, if politics is one of its `about` top levels...
pub const PARTY_DESK: &str = "politics_government";
/// ... unless the first top level is a war (armed groups are parties to a conflict).
pub const WAR_DESK: &str = "conflict_war_peace";

/// A contest between parties is politics, whatever the policy it is fought over: a story whose
/// first theme (`themes` in rank order) is [`PARTY_THEME`], `about`, is filed under
/// [`PARTY_DESK`] when that top level is `about` too ("Parties clash over NHS waiting times" had
/// health first, a row over school exams education). The top levels ranked before it move down
/// one place. Not a war story ([`WAR_DESK`] first). On the labelled desks (`data/eval/`): 11
/// documents have the party theme first and another top level before an `about` politics: of
/// the 9 of the tuning parts 5 are labelled politics, 3 otherwise, 1 is wrong either way; the 2
/// of the check parts are wars, which the war exception keeps. On the reading aids of British
/// news: 8 politics stories, no other (docs/tagging.md, "A party contest is politics").
fn party_contest_first(themes: &mut [ThemeSalience]) {
    let Some(first) = themes.first() else {
        return;
    };
    if first.theme != PARTY_THEME || !first.about {
        return;
    }
    let Some(desk) = themes
        .iter()
        .find(|s| s.theme == PARTY_DESK && s.about)
        .and_then(|s| s.subject_rank)
    else {
        return;
    };
    if desk == 1
        || themes
            .iter()
            .any(|s| s.subject_rank == Some(1) && s.theme == WAR_DESK)
    {
        return;
    }
    for s in themes.iter_mut() {
        match s.subject_rank {
            Some(_) if s.theme == PARTY_DESK => s.subject_rank = Some(1),
            Some(r) if r < desk => s.subject_rank = Some(r + 1),
            _ => {}
        }
    }
}

/// One training document: its candidates and which of them is the desk.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub candidates: Vec<Candidate>,
    pub gold: usize,
}

/// Training: how many full-batch gradient steps (set by hand, not tuned; the L2 penalty is what
/// cross-validation chooses).
pub const TRAIN_STEPS: usize = 3000;
/// Training: the step size (set by hand for a loss that is the mean over documents and features
/// of 0 to a few).
pub const TRAIN_RATE: f64 = 0.5;

/// Fits the ranker to `examples` (a conditional logistic regression: the desk's probability
/// among the document's candidates), with an L2 penalty `l2` on every weight: full-batch gradient
/// descent from zero, [`TRAIN_STEPS`] steps of [`TRAIN_RATE`]. Deterministic.
pub fn train(examples: &[Example], l2: f64) -> Ranker {
    let mut r = Ranker::default();
    for e in examples {
        for c in &e.candidates {
            r.per_class
                .entry(c.root.clone())
                .or_insert([0.0; PER_CLASS]);
        }
    }
    let n = examples.len().max(1) as f64;
    let mut probs: Vec<f64> = Vec::new();
    for _ in 0..TRAIN_STEPS {
        let mut g_shared = [0.0; SHARED.len()];
        let mut g_per: BTreeMap<&str, [f64; PER_CLASS]> = BTreeMap::new();
        for e in examples {
            probs.clear();
            probs.extend(e.candidates.iter().map(|c| r.score(c)));
            let max = probs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let mut z = 0.0;
            for p in probs.iter_mut() {
                *p = (*p - max).exp();
                z += *p;
            }
            for (i, c) in e.candidates.iter().enumerate() {
                // d(-log p_gold)/d score_i = p_i - [i == gold]
                let d = probs[i] / z - if i == e.gold { 1.0 } else { 0.0 };
                if d == 0.0 {
                    continue;
                }
                for (g, x) in g_shared.iter_mut().zip(&c.shared) {
                    *g += d * x;
                }
                let gp = g_per.entry(&c.root).or_insert([0.0; PER_CLASS]);
                for (g, x) in gp.iter_mut().zip(&c.per_class) {
                    *g += d * x;
                }
            }
        }
        for (w, g) in r.shared.iter_mut().zip(&g_shared) {
            *w -= TRAIN_RATE * (g / n + l2 * *w);
        }
        for (class, ws) in r.per_class.iter_mut() {
            let g = g_per
                .get(class.as_str())
                .copied()
                .unwrap_or([0.0; PER_CLASS]);
            for (w, g) in ws.iter_mut().zip(&g) {
                *w -= TRAIN_RATE * (g / n + l2 * *w);
            }
        }
    }
    r
}

/// The share of `examples` whose desk the ranker puts first (ties broken as in
/// [`rank_subjects`]).
pub fn accuracy(r: &Ranker, examples: &[Example]) -> f64 {
    let hits = examples
        .iter()
        .filter(|e| {
            let best = e.candidates.iter().enumerate().max_by(|(_, a), (_, b)| {
                r.score(a)
                    .total_cmp(&r.score(b))
                    .then(a.score.total_cmp(&b.score))
                    .then(b.root.cmp(&a.root))
            });
            best.map(|(i, _)| i) == Some(e.gold)
        })
        .count();
    hits as f64 / examples.len().max(1) as f64
}

#[cfg(test)]
mod tests;
