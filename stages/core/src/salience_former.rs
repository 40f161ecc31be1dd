//! The former definition of [`super::salience`] (before session 17 of issue 23 put the themes'
//! ancestors in places instead of ordered-map lookups by name), kept for the test that compares
//! the two on generated documents.

use std::collections::{BTreeMap, BTreeSet};

use super::*;

pub fn former_salience<'p>(
    mentions: &[ThemeMention],
    parent: impl Fn(&str) -> Option<&'p str>,
    threshold: impl Fn(&str) -> Option<f64>,
) -> Vec<ThemeSalience> {
    /// Evidence for a theme: its mentions, whether the title has one, the first and last
    /// sentences of the text that have one.
    #[derive(Default)]
    struct Ev {
        mentions: u32,
        in_title: bool,
        first: Option<u32>,
        last: Option<u32>,
        /// The mentions weighed by their place ([`position_weight`]).
        weight: f64,
    }
    impl Ev {
        fn add(&mut self, sentence: Option<u32>) {
            self.mentions += 1;
            self.weight += position_weight(sentence);
            match sentence {
                None => self.in_title = true,
                Some(s) => {
                    self.first = Some(self.first.map_or(s, |f| f.min(s)));
                    self.last = Some(self.last.map_or(s, |l| l.max(s)));
                }
            }
        }
        /// The points of the rule and the score, over `total` theme mentions weighing
        /// `total_weight` in a text whose mentions reach sentence `extent - 1`.
        fn points_score(&self, total: f64, total_weight: f64, extent: f64) -> (f64, f64) {
            let share = f64::from(self.mentions) / total;
            let repeats = f64::from(self.mentions.saturating_sub(1)) * repeat_scale(total);
            let points = points(self.in_title, self.first, repeats, share);
            let spread = match (self.first, self.last) {
                (Some(f), Some(l)) => f64::from(l - f + 1) / extent,
                _ => 0.0,
            };
            let mass = self.weight / total_weight;
            (
                points,
                continuous_score(self.in_title, self.first, mass, spread),
            )
        }
    }
    // Per theme: the evidence of its mentions and its descendants' (rolled up), and of its own.
    let mut acc: BTreeMap<&str, (Ev, Ev)> = BTreeMap::new();
    // Each theme's ancestors, nearest first (a cycle cut).
    let mut ancestors: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    // Each mentioned theme's chain (itself, then up to the top or a cycle), walked once per
    // theme rather than once per mention.
    let mut chains: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for m in mentions {
        let chain = chains.entry(m.theme).or_insert_with(|| {
            let mut chain: Vec<&str> = Vec::new();
            let mut t: &str = m.theme;
            loop {
                if chain.contains(&t) {
                    break; // a cycle
                }
                chain.push(t);
                match parent(t) {
                    Some(p) if !p.is_empty() => t = p,
                    _ => break,
                }
            }
            for (i, t) in chain.iter().enumerate() {
                ancestors
                    .entry(t)
                    .or_insert_with(|| chain[i + 1..].to_vec());
            }
            chain
        });
        for (i, t) in chain.iter().enumerate() {
            let a = acc.entry(t).or_default();
            a.0.add(m.sentence);
            if i == 0 {
                a.1.add(m.sentence);
            }
        }
    }
    let total = mentions.len().max(1) as f64;
    let total_weight = mentions
        .iter()
        .map(|m| position_weight(m.sentence))
        .sum::<f64>()
        .max(f64::MIN_POSITIVE);
    // The text's extent, as far as its theme mentions show it.
    let extent = mentions
        .iter()
        .filter_map(|m| m.sentence)
        .max()
        .map_or(1.0, |l| f64::from(l) + 1.0);
    let mut out: Vec<ThemeSalience> = acc
        .into_iter()
        .map(|(theme, (a, d))| {
            let (points, score) = a.points_score(total, total_weight, extent);
            ThemeSalience {
                theme: theme.to_string(),
                mentions: a.mentions,
                direct_mentions: d.mentions,
                in_title: a.in_title,
                first_sentence: a.first,
                share: f64::from(a.mentions) / total,
                score,
                about: points >= threshold(theme).unwrap_or(DEFAULT_THRESHOLD),
                points,
                rank: 0,
                subject_rank: None,
            }
        })
        .collect();
    // Dominance, on the points above.
    let related = |a: &str, b: &str| ancestors[a].contains(&b) || ancestors[b].contains(&a);
    let dominated_now: Vec<bool> = out
        .iter()
        .map(|s| {
            if !s.about || s.points > 0.0 {
                return false;
            }
            let leader = out.iter().any(|o| {
                !o.rolled_up() && o.points >= LEADER_POINTS && !related(&s.theme, &o.theme)
            });
            let family = ancestors[s.theme.as_str()]
                .iter()
                .take(FAMILY_LEVELS)
                .filter(|a| ancestors[**a].len() >= FAMILY_MIN_DEPTH)
                .filter_map(|a| out.iter().find(|o| o.theme == *a))
                .any(|f| f.mentions > s.mentions);
            dominated(s.points, leader, family)
        })
        .collect();
    for (s, d) in out.iter_mut().zip(dominated_now) {
        s.about &= !d;
    }
    // Competition among the top levels: the best one sets the bar.
    let is_root = |t: &str| ancestors[t].is_empty();
    let best_root = out
        .iter()
        .filter(|s| is_root(&s.theme))
        .map(|s| s.score)
        .fold(0.0, f64::max);
    for s in out.iter_mut().filter(|s| is_root(&s.theme)) {
        s.about &= s.score >= ABOUT_RELATIVE * best_root;
    }
    // Competition in a long text, below the top levels: the best one sets the bar.
    let best_below = out
        .iter()
        .filter(|s| !is_root(&s.theme))
        .map(|s| s.score)
        .fold(0.0, f64::max);
    let bar = long_ratio(total) * best_below;
    for s in out.iter_mut().filter(|s| !is_root(&s.theme)) {
        s.about &= s.score >= bar;
    }
    // Competition among the most specific themes the document is about (those without a
    // descendant it is about): the best MAX_ABOUT_LEAVES by score stay.
    let about_now: Vec<&str> = out
        .iter()
        .filter(|s| s.about)
        .map(|s| s.theme.as_str())
        .collect();
    // Leaves under one parent are one subject (a grain report's wheat, corn and sorghum).
    let mut groups: BTreeMap<String, (f64, Vec<String>)> = BTreeMap::new();
    for s in out.iter().filter(|s| s.about && !is_root(&s.theme)) {
        let t = s.theme.as_str();
        if about_now.iter().any(|o| ancestors[*o].contains(&t)) {
            continue;
        }
        let family = ancestors[t].first().copied().unwrap_or(t);
        let g = groups
            .entry(family.to_string())
            .or_insert((0.0, Vec::new()));
        g.0 = g.0.max(s.score);
        g.1.push(s.theme.clone());
    }
    let mut groups: Vec<(f64, String, Vec<String>)> = groups
        .into_iter()
        .map(|(f, (sc, ts))| (sc, f, ts))
        .collect();
    groups.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, _, ts) in groups.iter().skip(MAX_ABOUT_LEAVES) {
        for t in ts {
            if let Some(s) = out.iter_mut().find(|s| &s.theme == t) {
                s.about = false;
            }
        }
    }
    // The order: about first, then the specific themes before the broad subject areas (the top
    // FAMILY_MIN_DEPTH levels: a top level's own generic words do not put it before the themes
    // below it), then by the theme's own evidence (a broad theme reached only through its
    // descendants comes after them), then by the rolled-up score.
    let broad = |t: &str| ancestors[t].len() < FAMILY_MIN_DEPTH;
    // The rank's evidence of a theme: its own mentions, and those of its descendants the
    // document is not about, which speak for their nearest ancestor it is about (a tariff named
    // beside export controls tells of trade; a story is about international trade when it names
    // it through its parts).
    let about_set: BTreeSet<&str> = out
        .iter()
        .filter(|s| s.about)
        .map(|s| s.theme.as_str())
        .collect();
    let mut rank_ev: BTreeMap<&str, Ev> = BTreeMap::new();
    for m in mentions {
        let speaks_for = if about_set.contains(m.theme) {
            m.theme
        } else {
            ancestors
                .get(m.theme)
                .and_then(|a| a.iter().find(|a| about_set.contains(*a)))
                .copied()
                .unwrap_or(m.theme)
        };
        rank_ev.entry(speaks_for).or_default().add(m.sentence);
    }
    let rank_score = |t: &str| {
        rank_ev.get(t).map_or(0.0, |e| {
            let score = e.points_score(total, total_weight, extent).1;
            // The lede weighs most: of the lead's points, the first sentence keeps all, the
            // second half, the third a quarter.
            let lede = e
                .first
                .filter(|f| *f < LEAD_SENTENCES)
                .map_or(0.0, |f| LEAD_POINTS * (1.0 - lede_weight(f)));
            score - lede
        })
    };
    // Each theme's place among the broad areas and rank score computed once, not per comparison.
    let mut keyed: Vec<(bool, f64, ThemeSalience)> = out
        .into_iter()
        .map(|s| (broad(&s.theme), rank_score(&s.theme), s))
        .collect();
    keyed.sort_by(|(a_broad, a_own, a), (b_broad, b_own, b)| {
        b.about
            .cmp(&a.about)
            .then(a_broad.cmp(b_broad))
            .then(b_own.total_cmp(a_own))
            .then(b.score.total_cmp(&a.score))
            .then(a.theme.cmp(&b.theme))
    });
    let mut out: Vec<ThemeSalience> = keyed.into_iter().map(|k| k.2).collect();
    for (i, s) in out.iter_mut().enumerate() {
        s.rank = u32::try_from(i + 1).unwrap_or(u32::MAX);
    }
    // The top-level subjects (themes without a parent), by their rolled-up score.
    let mut roots: Vec<usize> = (0..out.len())
        .filter(|&i| ancestors[out[i].theme.as_str()].is_empty())
        .collect();
    roots.sort_by(|&a, &b| {
        out[b]
            .score
            .total_cmp(&out[a].score)
            .then(out[a].theme.cmp(&out[b].theme))
    });
    for (r, i) in roots.into_iter().enumerate() {
        out[i].subject_rank = Some(u32::try_from(r + 1).unwrap_or(u32::MAX));
    }
    out
}
