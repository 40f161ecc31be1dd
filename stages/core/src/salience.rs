//! Document-level theme salience: which themes a document is *about*, as opposed to the themes it
//! merely mentions.
//!
//! One pure function, [`salience`], used by the aggregate stage (the `document_themes` table and
//! `themes.about_documents`) and by `newsmill eval reuters`. The rule, per theme of a document
//! after the roll-up to ancestors (a mention of `wheat` is also one of `grain`, `commodities`, ...):
//!
//! | evidence | points |
//! | --- | --- |
//! | named in the title | 2 |
//! | named in the lead (the text's first [`LEAD_SENTENCES`] sentences) | 1 |
//! | each mention after the first | 0.5, at most 2 |
//! | at least [`DOMINANT_SHARE`] of the document's theme mentions | 1 |
//!
//! The document is about the theme when the score reaches the theme's threshold: its `about`
//! column in the theme file, else [`DEFAULT_THRESHOLD`] (1: a title or lead mention, three
//! mentions, or a quarter of the document's theme mentions). A threshold of 0 makes every
//! mention count (a theme that is rarely named in passing); 0.5 also takes two mentions.
//!
//! **Dominance.** A theme named in passing (score 0: once, after the lead, under a quarter of the
//! mentions) that its threshold of 0 would still count is not what the document is about when
//! another theme clearly leads it: a theme the document names itself, neither an ancestor nor a
//! descendant of this one, that scores [`LEADER_POINTS`] or more (title and lead and more: a
//! cocoa report that names trade once, a bank strike story that names oil once). Unless its
//! family is covered: its parent or grandparent ([`FAMILY_LEVELS`]), when that is not one of the
//! broad subject areas at the top [`FAMILY_MIN_DEPTH`] levels of the tree, also gathers a mention
//! of another descendant (sorghum in a grain report's list of crops is a crop the report covers).
//! See [`dominated`].

use std::collections::BTreeMap;

/// The lead: mentions in the text's sentences `0..LEAD_SENTENCES` score as lead mentions.
pub const LEAD_SENTENCES: u32 = 3;
/// Points for a mention in the title.
pub const TITLE_POINTS: f64 = 2.0;
/// Points for a mention in the lead.
pub const LEAD_POINTS: f64 = 1.0;
/// Points for each mention after the first...
pub const REPEAT_POINTS: f64 = 0.5;
/// ... up to this many points.
pub const REPEAT_MAX: f64 = 2.0;
/// The share of the document's theme mentions that makes a theme dominant...
pub const DOMINANT_SHARE: f64 = 0.25;
/// ... and the points it gives.
pub const DOMINANT_POINTS: f64 = 1.0;
/// The score a theme needs, unless the theme sets its own threshold.
pub const DEFAULT_THRESHOLD: f64 = 1.0;
/// Dominance: the score of another theme that clearly leads the document over a theme named in
/// passing (the title and the lead, and a repeat or a dominant share).
pub const LEADER_POINTS: f64 = 4.0;
/// Dominance: how many levels up a theme's family reaches (1: the parent, 2: the grandparent).
pub const FAMILY_LEVELS: usize = 2;
/// Dominance: the depth (a root has depth 0) an ancestor needs to be a family, not a broad
/// subject area (`economy_business_finance`, `economy`, `market_and_exchange` are not families).
pub const FAMILY_MIN_DEPTH: usize = 2;

/// One theme mention of a document, as the tagger found it (not rolled up).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThemeMention<'a> {
    /// The theme's id.
    pub theme: &'a str,
    /// The sentence of the text that holds it; `None` for a mention in the title.
    pub sentence: Option<u32>,
}

/// What a document says of one theme (the theme itself or one of its descendants).
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeSalience {
    /// The theme's id.
    pub theme: String,
    /// Mentions of the theme and its descendants.
    pub mentions: u32,
    /// Mentions of the theme itself.
    pub direct_mentions: u32,
    /// Whether the title names it (or a descendant).
    pub in_title: bool,
    /// The first sentence of the text that names it (or a descendant); `None` when only the
    /// title does.
    pub first_sentence: Option<u32>,
    /// `mentions` divided by the document's theme mentions (0 to 1).
    pub share: f64,
    /// The salience score (see the module documentation).
    pub score: f64,
    /// Whether the score reaches the theme's threshold: the document is about the theme.
    pub about: bool,
    /// The theme's place in the document's order (1: what the document is most about).
    pub rank: u32,
}

impl ThemeSalience {
    /// Whether the theme counts only through its descendants (no mention of its own).
    pub fn rolled_up(&self) -> bool {
        self.direct_mentions == 0
    }
}

/// The score of a theme from its evidence.
pub fn score(in_title: bool, first_sentence: Option<u32>, mentions: u32, share: f64) -> f64 {
    let mut s = 0.0;
    if in_title {
        s += TITLE_POINTS;
    }
    if first_sentence.is_some_and(|f| f < LEAD_SENTENCES) {
        s += LEAD_POINTS;
    }
    s += (f64::from(mentions.saturating_sub(1)) * REPEAT_POINTS).min(REPEAT_MAX);
    if share >= DOMINANT_SHARE {
        s += DOMINANT_POINTS;
    }
    s
}

/// Dominance: whether a theme whose threshold counts it is still not what the document is about,
/// from its `score`, whether another theme leads the document (`leader`: a theme named itself,
/// not an ancestor nor a descendant, scoring [`LEADER_POINTS`] or more) and whether its family
/// covers it (`family`: the parent or grandparent at depth [`FAMILY_MIN_DEPTH`] or more has a
/// mention of another descendant, or of its own). Only a theme named in passing (score 0) can be
/// dominated.
pub fn dominated(score: f64, leader: bool, family: bool) -> bool {
    score <= 0.0 && leader && !family
}

/// The salience of every theme a document mentions, rolled up to the ancestors (`parent` gives a
/// theme's parent; a cycle is cut), each theme with its threshold (`threshold`; `None` takes
/// [`DEFAULT_THRESHOLD`]), a theme named in passing left out when another theme dominates
/// ([`dominated`]). Sorted: themes the document is about first, then by score (highest first),
/// then by id.
pub fn salience<'p>(
    mentions: &[ThemeMention],
    parent: impl Fn(&str) -> Option<&'p str>,
    threshold: impl Fn(&str) -> Option<f64>,
) -> Vec<ThemeSalience> {
    struct Acc {
        mentions: u32,
        direct: u32,
        in_title: bool,
        first: Option<u32>,
    }
    let mut acc: BTreeMap<&str, Acc> = BTreeMap::new();
    // Each theme's ancestors, nearest first (a cycle cut).
    let mut ancestors: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for m in mentions {
        let mut chain: Vec<&str> = Vec::new();
        let mut t: &str = m.theme;
        let mut direct = true;
        loop {
            if chain.contains(&t) {
                break; // a cycle
            }
            chain.push(t);
            let a = acc.entry(t).or_insert(Acc {
                mentions: 0,
                direct: 0,
                in_title: false,
                first: None,
            });
            a.mentions += 1;
            a.direct += u32::from(direct);
            match m.sentence {
                None => a.in_title = true,
                Some(s) => a.first = Some(a.first.map_or(s, |f| f.min(s))),
            }
            direct = false;
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
    }
    let total = mentions.len().max(1) as f64;
    let mut out: Vec<ThemeSalience> = acc
        .into_iter()
        .map(|(theme, a)| {
            let share = f64::from(a.mentions) / total;
            let score = score(a.in_title, a.first, a.mentions, share);
            ThemeSalience {
                theme: theme.to_string(),
                mentions: a.mentions,
                direct_mentions: a.direct,
                in_title: a.in_title,
                first_sentence: a.first,
                share,
                score,
                about: score >= threshold(theme).unwrap_or(DEFAULT_THRESHOLD),
                rank: 0,
            }
        })
        .collect();
    // Dominance, on the scores above.
    let related = |a: &str, b: &str| ancestors[a].contains(&b) || ancestors[b].contains(&a);
    let dominated_now: Vec<bool> = out
        .iter()
        .map(|s| {
            if !s.about || s.score > 0.0 {
                return false;
            }
            let leader = out.iter().any(|o| {
                !o.rolled_up() && o.score >= LEADER_POINTS && !related(&s.theme, &o.theme)
            });
            let family = ancestors[s.theme.as_str()]
                .iter()
                .take(FAMILY_LEVELS)
                .filter(|a| ancestors[**a].len() >= FAMILY_MIN_DEPTH)
                .filter_map(|a| out.iter().find(|o| o.theme == *a))
                .any(|f| f.mentions > s.mentions);
            dominated(s.score, leader, family)
        })
        .collect();
    for (s, d) in out.iter_mut().zip(dominated_now) {
        s.about &= !d;
    }
    out.sort_by(|a, b| {
        b.about
            .cmp(&a.about)
            .then(b.score.total_cmp(&a.score))
            .then(a.theme.cmp(&b.theme))
    });
    for (i, s) in out.iter_mut().enumerate() {
        s.rank = u32::try_from(i + 1).unwrap_or(u32::MAX);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn tree() -> HashMap<&'static str, &'static str> {
        HashMap::from([
            ("wheat", "grain"),
            ("corn", "grain"),
            ("grain", "commodities"),
            ("commodities", "markets"),
            ("markets", "economy"),
            ("trade", "economy"),
            ("inflation", "economy"),
            ("crude_oil", "energy"),
            // A cycle is cut.
            ("loop_a", "loop_b"),
            ("loop_b", "loop_a"),
        ])
    }

    fn m(theme: &str, sentence: Option<u32>) -> ThemeMention<'_> {
        ThemeMention { theme, sentence }
    }

    fn run(mentions: &[ThemeMention], thresholds: &[(&str, f64)]) -> Vec<ThemeSalience> {
        let t = tree();
        let th: HashMap<&str, f64> = thresholds.iter().copied().collect();
        salience(mentions, |x| t.get(x).copied(), |x| th.get(x).copied())
    }

    fn get<'a>(out: &'a [ThemeSalience], theme: &str) -> &'a ThemeSalience {
        out.iter().find(|s| s.theme == theme).unwrap()
    }

    #[test]
    fn score_table() {
        // (in title, first sentence, mentions, share) → score
        let cases: &[(bool, Option<u32>, u32, f64, f64)] = &[
            (false, Some(9), 1, 0.1, 0.0),  // once, in passing
            (true, None, 1, 0.1, 2.0),      // the title
            (false, Some(0), 1, 0.1, 1.0),  // the first sentence
            (false, Some(2), 1, 0.1, 1.0),  // the third sentence is still the lead
            (false, Some(3), 1, 0.1, 0.0),  // the fourth is not
            (false, Some(9), 2, 0.1, 0.5),  // twice
            (false, Some(9), 3, 0.1, 1.0),  // three times
            (false, Some(9), 9, 0.1, 2.0),  // repetition is capped
            (false, Some(9), 1, 0.25, 1.0), // a quarter of the theme mentions
            (true, Some(1), 9, 0.5, 6.0),   // everything
        ];
        for &(title, first, n, share, want) in cases {
            assert_eq!(
                score(title, first, n, share),
                want,
                "{title} {first:?} {n} {share}"
            );
        }
    }

    #[test]
    fn about_in_title_lead_repeated_or_dominant_not_in_passing() {
        // A story about wheat (title, lead) that names crude oil once, deep in the text, among
        // other themes.
        let ms = [
            m("wheat", None),
            m("wheat", Some(0)),
            m("corn", Some(4)),
            m("wheat", Some(5)),
            m("crude_oil", Some(7)),
        ];
        let out = run(&ms, &[]);
        let wheat = get(&out, "wheat");
        assert_eq!(
            (wheat.mentions, wheat.direct_mentions, wheat.in_title),
            (3, 3, true)
        );
        assert_eq!(wheat.first_sentence, Some(0));
        assert_eq!(wheat.score, 2.0 + 1.0 + 1.0 + 1.0);
        assert!(wheat.about && !wheat.rolled_up());
        // Rolled up: grain has wheat's and corn's mentions and none of its own.
        let grain = get(&out, "grain");
        assert_eq!((grain.mentions, grain.direct_mentions), (4, 0));
        assert!(grain.rolled_up() && grain.about);
        assert_eq!(grain.share, 0.8);
        // Corn: once, in sentence 4, 1 of 5 mentions: named in passing.
        let corn = get(&out, "corn");
        assert_eq!(corn.score, 0.0);
        assert!(!corn.about);
        // Crude oil and its parent: once in passing, 1 of 5.
        assert!(!get(&out, "crude_oil").about);
        assert!(!get(&out, "energy").about);
        // Order: about first, then by score (the ancestors gather corn's mention too), then
        // by id.
        assert_eq!(get(&out, "commodities").score, 5.5);
        let order: Vec<&str> = out.iter().map(|s| s.theme.as_str()).collect();
        assert_eq!(
            order,
            [
                "commodities",
                "economy",
                "grain",
                "markets",
                "wheat",
                "corn",
                "crude_oil",
                "energy"
            ]
        );
    }

    #[test]
    fn per_theme_thresholds() {
        let ms = [
            m("wheat", None),
            m("wheat", Some(1)),
            m("wheat", Some(2)),
            m("wheat", Some(3)),
            m("wheat", Some(4)),
            m("wheat", Some(5)),
            m("corn", Some(8)),
            m("crude_oil", Some(6)),
            m("crude_oil", Some(9)),
        ];
        // Defaults: corn (once, in passing) and crude oil (twice: 0.5; 2 of 9 mentions) are not
        // about.
        let out = run(&ms, &[]);
        assert!(!get(&out, "corn").about);
        assert!(!get(&out, "crude_oil").about);
        // Threshold 0: any mention; 0.5: two mentions; a higher one asks for more.
        let out = run(&ms, &[("corn", 0.0), ("crude_oil", 0.5), ("wheat", 6.5)]);
        assert!(get(&out, "corn").about);
        assert!(get(&out, "crude_oil").about);
        assert!(!get(&out, "wheat").about);
    }

    #[test]
    fn dominated_table() {
        // (score, another theme leads, the family covers it) → dominated
        let cases: &[(f64, bool, bool, bool)] = &[
            (0.0, true, false, true),   // named in passing, another theme leads
            (0.0, false, false, false), // nothing leads: the threshold decides
            (0.0, true, true, false),   // its family is covered
            (0.5, true, false, false),  // named twice: not in passing
            (1.0, true, false, false),  // in the lead
        ];
        for &(score, leader, family, want) in cases {
            assert_eq!(
                dominated(score, leader, family),
                want,
                "{score} {leader} {family}"
            );
        }
    }

    #[test]
    fn dominance_table() {
        // Tree: wheat, corn < grain < commodities < markets < economy; trade, inflation <
        // economy; crude_oil < energy. Every theme here has threshold 0 (any mention counts),
        // so only dominance can leave one out.
        let zero: Vec<(&str, f64)> = [
            "wheat",
            "corn",
            "grain",
            "trade",
            "inflation",
            "crude_oil",
            "energy",
        ]
        .iter()
        .map(|t| (*t, 0.0))
        .collect();
        // A theme named four times, in the title and the lead (5.5 points): it leads the
        // document, and a fifth theme mention is under a quarter of them (in passing).
        let lead = |t| [m(t, None), m(t, Some(0)), m(t, Some(4)), m(t, Some(5))];
        let with = |t, more: &[ThemeMention<'static>]| {
            let mut v = lead(t).to_vec();
            v.extend_from_slice(more);
            v
        };
        // (mentions, theme, about)
        let cases: Vec<(Vec<ThemeMention>, &str, bool)> = vec![
            // A wheat story that names trade once in passing: wheat leads.
            (with("wheat", &[m("trade", Some(9))]), "trade", false),
            // Trade named once in passing among themes that do not lead (each once, in
            // passing): the threshold decides.
            (
                vec![
                    m("trade", Some(9)),
                    m("corn", Some(10)),
                    m("crude_oil", Some(11)),
                    m("inflation", Some(12)),
                    m("wheat", Some(13)),
                ],
                "trade",
                true,
            ),
            // A theme named in the title only (2 points) does not lead clearly.
            (
                vec![
                    m("wheat", None),
                    m("trade", Some(9)),
                    m("corn", Some(10)),
                    m("crude_oil", Some(11)),
                    m("inflation", Some(12)),
                ],
                "trade",
                true,
            ),
            // Named twice: not in passing.
            (
                with("wheat", &[m("trade", Some(9)), m("trade", Some(11))]),
                "trade",
                true,
            ),
            // Corn in a list of crops of a wheat report: grain (depth 3) gathers wheat's
            // mentions too and scores: corn's family is covered.
            (with("wheat", &[m("corn", Some(9))]), "corn", true),
            // Corn once in an oil story: its family has nothing else.
            (with("crude_oil", &[m("corn", Some(9))]), "corn", false),
            // A broad subject area is no family: inflation leads, and economy (a root)
            // gathering its mentions does not cover trade.
            (with("inflation", &[m("trade", Some(9))]), "trade", false),
            // An ancestor does not lead over its descendants: grain leads, corn once (and
            // grain's mentions cover it besides).
            (with("grain", &[m("corn", Some(9))]), "corn", true),
        ];
        for (i, (ms, theme, want)) in cases.iter().enumerate() {
            let out = run(ms, &zero);
            if i != 3 {
                assert_eq!(get(&out, theme).score, 0.0, "case {i}: named in passing");
            }
            assert_eq!(get(&out, theme).about, *want, "case {i}: {theme}");
        }
    }

    #[test]
    fn dominant_theme_without_title_or_lead() {
        // Sentence 5 onwards only, but 2 of the document's 3 theme mentions.
        let out = run(
            &[
                m("crude_oil", Some(5)),
                m("crude_oil", Some(8)),
                m("corn", Some(9)),
            ],
            &[],
        );
        let crude = get(&out, "crude_oil");
        assert_eq!(crude.score, 0.5 + 1.0);
        assert!(crude.about);
        assert!(get(&out, "corn").about, "1 of 3 is a quarter too");
    }

    #[test]
    fn empty_unknown_and_cyclic() {
        assert!(run(&[], &[]).is_empty());
        // A theme the tree does not know is its own root.
        let out = run(&[m("mystery", Some(0))], &[]);
        assert_eq!(out.len(), 1);
        assert!(out[0].about && out[0].share == 1.0);
        // A cycle in the tree is cut: each theme once.
        let out = run(&[m("loop_a", Some(9))], &[]);
        assert_eq!(out.len(), 2);
        assert_eq!(get(&out, "loop_b").mentions, 1);
    }
}
