use super::*;
use std::collections::HashMap;

/// A small tree: two top levels with a theme each, and a third top level.
fn parents() -> HashMap<&'static str, &'static str> {
    HashMap::from([
        ("football", "sport"),
        ("markets", "economy"),
        ("elections", "politics"),
    ])
}

/// A theme as salience gives it: `score`, `share`, whether the title names it.
fn t(theme: &str, score: f64, share: f64, in_title: bool) -> ThemeSalience {
    ThemeSalience {
        theme: theme.into(),
        mentions: (share * 10.0).round() as u32,
        direct_mentions: 1,
        in_title,
        first_sentence: Some(0),
        share,
        score,
        about: true,
        points: 1.0,
        rank: 0,
        subject_rank: None,
    }
}

fn entities(groups: &[(&str, u32)]) -> DocEntities {
    let mut e = DocEntities::default();
    for (g, n) in groups {
        let i = ENTITY_GROUPS.iter().position(|x| x == g).unwrap();
        e.counts[i] = *n;
    }
    e
}

fn first_subject(themes: &[ThemeSalience]) -> &str {
    themes
        .iter()
        .find(|s| s.subject_rank == Some(1))
        .map_or("", |s| s.theme.as_str())
}

fn rank(themes: &mut [ThemeSalience], e: &DocEntities, r: &Ranker) {
    let p = parents();
    rank_subjects(themes, |x| p.get(x).copied(), e, r);
}

#[test]
fn mentions_count_by_group() {
    // (kind, entity type) → group, or none
    let cases: &[(&str, Option<&str>, Option<&str>)] = &[
        ("organization", Some("company"), Some("org_company")),
        ("organization", Some("sports"), Some("org_sports")),
        ("organization", Some("legislature"), Some("org_government")),
        (
            "organization",
            Some("government_body"),
            Some("org_government"),
        ),
        (
            "organization",
            Some("research_institute"),
            Some("org_university"),
        ),
        ("organization", Some("news_organization"), Some("org_media")),
        ("organization", Some("political_party"), Some("org_party")),
        ("organization", None, Some("org_other")), // a name the recognizer found
        ("organization", Some("something new"), Some("org_other")),
        ("person", None, Some("persons")),
        ("country", None, Some("countries")),
        ("theme", None, None),
    ];
    for &(kind, ty, want) in cases {
        let mut e = DocEntities::default();
        e.add(kind, ty);
        let got: Vec<&str> = ENTITY_GROUPS
            .iter()
            .zip(e.counts)
            .filter(|(_, n)| *n > 0)
            .map(|(g, _)| *g)
            .collect();
        assert_eq!(got, want.into_iter().collect::<Vec<_>>(), "{kind} {ty:?}");
    }
}

#[test]
fn without_weights_the_salience_order() {
    let mut themes = vec![
        t("economy", 3.0, 0.3, false),
        t("sport", 5.0, 0.6, true),
        t("football", 5.0, 0.6, true),
        t("politics", 3.0, 0.1, false),
    ];
    rank(&mut themes, &DocEntities::default(), &Ranker::default());
    let order: Vec<(&str, Option<u32>)> = themes
        .iter()
        .map(|s| (s.theme.as_str(), s.subject_rank))
        .collect();
    // Sport by score; economy before politics at the same score by id; no rank below the top.
    assert_eq!(
        order,
        [
            ("economy", Some(2)),
            ("sport", Some(1)),
            ("football", None),
            ("politics", Some(3))
        ]
    );
}

/// A ranker of hand-set weights: the salience score counts, sports clubs count for sport and
/// central banks and companies for the economy.
fn hand_ranker() -> Ranker {
    let text = "# hand-set, for the tests\n\
                feature\tclass\tweight\n\
                score_rel\t*\t2.0\n\
                org_sports\tsport\t1.5\n\
                org_company\teconomy\t1.0\n\
                org_central_bank\teconomy\t1.5\n";
    Ranker::parse(text).unwrap()
}

#[test]
fn entity_evidence_ranks_the_desk_first() {
    // (case, economy score, sport score, entities, first subject)
    type Case<'a> = (&'a str, f64, f64, &'a [(&'a str, u32)], &'a str);
    let cases: &[Case] = &[
        (
            "a football club's match report with one passing word of money: sport",
            3.0,
            5.0,
            &[("org_sports", 2)],
            "sport",
        ),
        (
            "a club's results season told in money words, three clubs named: sport",
            5.0,
            4.0,
            &[("org_sports", 3)],
            "sport",
        ),
        (
            "a sponsor's profits, a company and a central bank named: economy",
            5.0,
            4.0,
            &[("org_company", 2), ("org_central_bank", 1)],
            "economy",
        ),
        (
            "no entities: the salience score decides",
            5.0,
            4.0,
            &[],
            "economy",
        ),
    ];
    for &(case, econ, sport, ents, want) in cases {
        let mut themes = vec![
            t("economy", econ, 0.4, false),
            t("markets", econ, 0.4, false),
            t("sport", sport, 0.4, false),
            t("football", sport, 0.4, false),
        ];
        rank(&mut themes, &entities(ents), &hand_ranker());
        assert_eq!(first_subject(&themes), want, "{case}");
    }
}

#[test]
fn candidates_hold_the_features_of_each_top_level() {
    let themes = vec![
        t("sport", 4.0, 0.5, true),
        t("football", 3.0, 0.4, true),
        t("economy", 2.0, 0.25, false),
    ];
    let p = parents();
    let cs = candidates(&themes, |x| p.get(x).copied(), &entities(&[("persons", 3)]));
    let roots: Vec<&str> = cs.iter().map(|c| c.root.as_str()).collect();
    assert_eq!(roots, ["sport", "economy"]);
    let f = |c: &Candidate, name: &str| c.shared[SHARED.iter().position(|s| *s == name).unwrap()];
    assert_eq!(f(&cs[0], "score_rel"), 1.0);
    assert_eq!(f(&cs[1], "score_rel"), 0.5);
    assert_eq!(f(&cs[0], "first_by_score"), 1.0);
    assert_eq!(f(&cs[1], "first_by_score"), 0.0);
    assert_eq!(f(&cs[0], "in_title"), 1.0);
    assert_eq!(f(&cs[0], "best_below_rel"), 1.0);
    assert_eq!(f(&cs[1], "best_below_rel"), 0.0); // nothing below economy
    assert_eq!(f(&cs[0], "distinct_below"), 1f64.ln_1p());
    let persons =
        PER_CLASS_HEAD.len() + ENTITY_GROUPS.iter().position(|g| *g == "persons").unwrap();
    assert_eq!(cs[0].per_class[persons], 3f64.ln_1p());
    assert_eq!(cs[0].per_class[0], 1.0); // the bias
}

#[test]
fn weights_parse_and_write_back() {
    let r = hand_ranker();
    let text = r.to_tsv("a comment\non two lines");
    assert!(text.starts_with("# a comment\n# on two lines\nfeature\tclass\tweight\n"));
    assert_eq!(Ranker::parse(&text).unwrap(), r);
    // Malformed files are errors, not panics.
    for bad in [
        "feature\tclass\tweight\nscore_rel\t*\n",
        "feature\tclass\tweight\nscore_rel\t*\tmany\n",
        "feature\tclass\tweight\nno_such\t*\t1\n",
        "feature\tclass\tweight\nno_such\tsport\t1\n",
        "score_rel\t*\t1\n",
    ] {
        assert!(Ranker::parse(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn the_builtin_weights_parse() {
    let r = Ranker::parse(BUILTIN).expect("data/themes/subject_ranker.tsv");
    assert_eq!(&r, Ranker::builtin());
}

/// Toy documents where the desk is the second top level by score whenever a sports club is
/// named, the first otherwise.
fn toy_examples() -> Vec<Example> {
    let p = parents();
    let mut out = Vec::new();
    for i in 0..20u32 {
        let clubs = i % 2;
        let (econ, sport) = if i % 4 < 2 { (5.0, 4.0) } else { (4.0, 5.0) };
        let themes = vec![
            t("economy", econ, 0.5, false),
            t("sport", sport, 0.5, false),
        ];
        let cands = candidates(
            &themes,
            |x| p.get(x).copied(),
            &entities(&[("org_sports", clubs * 2)]),
        );
        let desk = if clubs == 1 { "sport" } else { "economy" };
        let gold = cands.iter().position(|c| c.root == desk).unwrap();
        out.push(Example {
            candidates: cands,
            gold,
        });
    }
    out
}

#[test]
fn training_learns_the_evidence() {
    let ex = toy_examples();
    assert_eq!(accuracy(&Ranker::default(), &ex), 0.5);
    let r = train(&ex, 0.001);
    assert_eq!(accuracy(&r, &ex), 1.0);
    let sports = PER_CLASS_HEAD.len()
        + ENTITY_GROUPS
            .iter()
            .position(|g| *g == "org_sports")
            .unwrap();
    assert!(r.per_class["sport"][sports] > 0.0);
}

#[test]
fn training_is_deterministic() {
    let ex = toy_examples();
    let a = train(&ex, 0.01).to_tsv("run");
    let b = train(&ex, 0.01).to_tsv("run");
    assert_eq!(a, b);
    // A stronger penalty gives smaller weights.
    let small = train(&ex, 1.0);
    let big = train(&ex, 0.01);
    let norm = |r: &Ranker| -> f64 {
        r.per_class
            .values()
            .flat_map(|w| w.iter())
            .chain(r.shared.iter())
            .map(|w| w * w)
            .sum()
    };
    assert!(norm(&small) < norm(&big));
}

#[test]
fn about_by_the_ratio_of_probabilities() {
    // (learned score, first's learned score, ratio) → about
    let cases: &[(f64, f64, f64, bool)] = &[
        (2.0, 2.0, 0.04, true),   // the first itself
        (-1.0, 2.0, 0.04, true),  // exp(-3) = 0.0498
        (-1.3, 2.0, 0.04, false), // exp(-3.3) = 0.0369
        (0.0, 0.0, 1.0, true),    // a tie at the strictest ratio
        (-0.1, 0.0, 1.0, false),  // below the first at the strictest ratio
        (-50.0, 0.0, 0.0, true),  // every top level at ratio 0
    ];
    for &(score, first, ratio, want) in cases {
        assert_eq!(
            about_by_ratio(score, first, ratio),
            want,
            "{score} {first} {ratio}"
        );
    }
}

/// A ranker that weighs the relative salience score strongly and sports clubs for sport.
fn about_ranker() -> Ranker {
    let text = "feature\tclass\tweight\n\
                score_rel\t*\t6.0\n\
                org_sports\tsport\t1.0\n";
    Ranker::parse(text).unwrap()
}

#[test]
fn the_ranker_decides_which_top_levels_are_about() {
    // (case, scores of sport / economy / politics, salience's about of them, entities,
    //  top levels about after ranking)
    type Case<'a> = (
        &'a str,
        [f64; 3],
        [bool; 3],
        &'a [(&'a str, u32)],
        &'a [&'a str],
    );
    let cases: &[Case] = &[
        (
            // exp(6 x (0.6 - 1)) = 0.09 keeps economy; exp(6 x (0.1 - 1)) = 0.005 drops politics.
            "a close second stays, a distant third goes",
            [5.0, 3.0, 0.5],
            [true, true, true],
            &[],
            &["sport", "economy"],
        ),
        (
            // Salience left sport out (a results table names few sports words); its clubs make
            // it the first (6 x 0.8 + ln 4 = 6.19 against 6.0), so it is about, and economy,
            // close behind, is about too.
            "the first by the ranker is about though salience left it out",
            [2.4, 3.0, 0.3],
            [false, true, false],
            &[("org_sports", 3)],
            &["sport", "economy"],
        ),
        (
            "one top level alone is about",
            [4.0, 0.2, 0.1],
            [true, true, false],
            &[],
            &["sport"],
        ),
    ];
    for (case, scores, salience_about, ents, want) in cases {
        let mut themes = vec![
            t("sport", scores[0], 0.5, false),
            t("football", scores[0], 0.5, false),
            t("economy", scores[1], 0.3, false),
            t("politics", scores[2], 0.1, false),
        ];
        // Salience's order: about first, the specific before the broad, then by score.
        themes[0].about = salience_about[0];
        themes[2].about = salience_about[1];
        themes[3].about = salience_about[2];
        themes[1].about = false;
        themes.sort_by(|a, b| b.about.cmp(&a.about).then(b.score.total_cmp(&a.score)));
        for (i, s) in themes.iter_mut().enumerate() {
            s.rank = i as u32 + 1;
        }
        rank(&mut themes, &entities(ents), &about_ranker());
        let about: Vec<&str> = themes
            .iter()
            .filter(|s| s.about && s.subject_rank.is_some())
            .map(|s| s.theme.as_str())
            .collect();
        let mut want_sorted = want.to_vec();
        want_sorted.sort_unstable();
        let mut got_sorted = about.clone();
        got_sorted.sort_unstable();
        assert_eq!(got_sorted, want_sorted, "{case}");
        // Below the top levels `about` is salience's.
        assert!(
            !themes.iter().find(|s| s.theme == "football").unwrap().about,
            "{case}"
        );
        // The themes are in rank order, the about ones first, ranks 1..n.
        let ranks: Vec<u32> = themes.iter().map(|s| s.rank).collect();
        assert_eq!(
            ranks,
            (1..=themes.len() as u32).collect::<Vec<_>>(),
            "{case}"
        );
        let first_not_about = themes.iter().position(|s| !s.about).unwrap_or(themes.len());
        assert!(themes[first_not_about..].iter().all(|s| !s.about), "{case}");
    }
}

/// A party contest is politics: the party theme first and `about`, politics an `about` top level
/// below another; not a war, not when either is no `about`, not when the parties come second.
#[test]
fn a_party_contest_is_politics() {
    // (theme, about, subject rank), in rank order
    type Row = (&'static str, bool, Option<u32>);
    let run = |rows: &[Row]| -> Vec<(String, Option<u32>)> {
        let mut themes: Vec<ThemeSalience> = rows
            .iter()
            .enumerate()
            .map(|(i, &(theme, about, subject_rank))| ThemeSalience {
                about,
                rank: i as u32 + 1,
                subject_rank,
                ..t(theme, 1.0, 0.1, false)
            })
            .collect();
        party_contest_first(&mut themes);
        themes
            .into_iter()
            .map(|s| (s.theme, s.subject_rank))
            .collect()
    };
    let ranks =
        |rows: &[(String, Option<u32>)]| -> Vec<Option<u32>> { rows.iter().map(|r| r.1).collect() };
    let cases: &[(&[Row], &[Option<u32>])] = &[
        // Parties first, politics second: politics first, health second.
        (
            &[
                (PARTY_THEME, true, None),
                ("health", true, Some(1)),
                (PARTY_DESK, true, Some(2)),
            ],
            &[None, Some(2), Some(1)],
        ),
        // Politics third: the two before it move down one, the fourth stays.
        (
            &[
                (PARTY_THEME, true, None),
                ("education", true, Some(1)),
                ("labour", true, Some(2)),
                (PARTY_DESK, true, Some(3)),
                ("economy", false, Some(4)),
            ],
            &[None, Some(2), Some(3), Some(1), Some(4)],
        ),
        // The parties not about, or not first: unchanged.
        (
            &[
                (PARTY_THEME, false, None),
                ("health", true, Some(1)),
                (PARTY_DESK, true, Some(2)),
            ],
            &[None, Some(1), Some(2)],
        ),
        (
            &[
                ("hospitals", true, None),
                (PARTY_THEME, true, None),
                ("health", true, Some(1)),
                (PARTY_DESK, true, Some(2)),
            ],
            &[None, None, Some(1), Some(2)],
        ),
        // Politics no about top level: unchanged.
        (
            &[
                (PARTY_THEME, true, None),
                ("health", true, Some(1)),
                (PARTY_DESK, false, Some(2)),
            ],
            &[None, Some(1), Some(2)],
        ),
        // A war: unchanged.
        (
            &[
                (PARTY_THEME, true, None),
                (WAR_DESK, true, Some(1)),
                (PARTY_DESK, true, Some(2)),
            ],
            &[None, Some(1), Some(2)],
        ),
    ];
    for (rows, want) in cases {
        let got = run(rows);
        assert_eq!(ranks(&got), *want, "{rows:?}");
    }
}
