//! The former definition of [`super::salience`] after the evidence is gathered (before session 17
//! of issue 23 put the themes' ancestors in places instead of ordered-map lookups by name), kept
//! for the test that compares the two on generated documents. The gathering itself, unchanged by
//! that rewrite, is the live [`super::gather`].

use std::collections::{BTreeMap, BTreeSet};

use super::*;

pub fn former_salience<'p>(
    mentions: &[ThemeMention],
    parent: impl Fn(&str) -> Option<&'p str>,
    threshold: impl Fn(&str) -> Option<f64>,
) -> Vec<ThemeSalience> {
    let Gathered {
        mut out,
        ancestors,
        total,
        total_weight,
        extent,
    } = gather(mentions, &parent, &threshold);
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
