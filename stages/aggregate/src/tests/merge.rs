//! [`Aggregator::merge`]: a batch counted on an aggregator of its own (a worker's isolation
//! check) and merged into the run's gives the tables of the batch added to the run's directly.

use super::*;

/// `mentions` with each theme's `parent_id` from `parent` instead of [`parent_of`].
pub(super) fn with_parents(
    m: RecordBatch,
    parent: &dyn Fn(&str) -> Option<&'static str>,
) -> RecordBatch {
    let kind = str_col(&m, "kind").unwrap();
    let id = str_col(&m, "entity_id").unwrap();
    let parents: StringArray = (0..m.num_rows())
        .map(|i| {
            (kind.value(i) == "theme")
                .then(|| parent(id.value(i)))
                .flatten()
        })
        .collect();
    let at = m.schema().index_of("parent_id").unwrap();
    let mut cols = m.columns().to_vec();
    cols[at] = Arc::new(parents);
    RecordBatch::try_new(m.schema(), cols).unwrap()
}

type Doc<'a> = (&'a str, Option<i64>, Option<&'a str>);

/// Documents `docs[range]` and their mentions (`rows` in document order), parents by `parent`.
fn part(
    docs: &[Doc],
    rows: &[Row],
    range: std::ops::Range<usize>,
    parent: &dyn Fn(&str) -> Option<&'static str>,
) -> (RecordBatch, RecordBatch) {
    let ids: Vec<&str> = docs[range.clone()].iter().map(|d| d.0).collect();
    let m: Vec<Row> = rows
        .iter()
        .filter(|r| ids.contains(&r.0))
        .copied()
        .collect();
    (marked(&docs[range]), with_parents(mentions(&m), parent))
}

/// Parents of the themes: those of the tree's, and of themes the tree lacks (`fishing` under a
/// known theme, `lobsters` under `fishing`, `quotas` under `rules`, which no mention names).
fn parents(id: &str) -> Option<&'static str> {
    match id {
        "fishing" => Some("economy"),
        "lobsters" => Some("fishing"),
        "quotas" => Some("rules"),
        _ => parent_of(id),
    }
}

/// `run` after adding documents `..i` itself, then `i..j` and `j..` counted on siblings made then
/// (as workers do) and merged in order, a sibling it cannot take added instead; and how many
/// it merged.
fn cut_and_merge(
    mut run: Aggregator,
    docs: &[Doc],
    rows: &[Row],
    i: usize,
    j: usize,
) -> (Aggregator, usize) {
    let (d, m) = part(docs, rows, 0..i, &parents);
    run.add(&d, &m).unwrap();
    let halves = [i..j, j..docs.len()].map(|r| {
        let (d, m) = part(docs, rows, r, &parents);
        let mut s = run.sibling();
        s.add(&d, &m).unwrap();
        (s, d, m)
    });
    let mut merged = 0;
    for (s, d, m) in halves {
        if run.merge(s).unwrap() {
            merged += 1;
        } else {
            run.add(&d, &m).unwrap();
        }
    }
    (run, merged)
}

#[test]
fn merge_of_two_halves_equals_adding_all() {
    // Documents in order: dated and undated, near-duplicates of earlier ones (left out unless
    // counted), one without mentions, titles; entities that recur across any cut.
    let docs: &[Doc] = &[
        ("a", Some(100), None),
        ("b", Some(100), Some("a")),
        ("c", None, None),
        ("d", Some(101), None),
        ("e", Some(99), None),
        ("f", Some(102), Some("d")),
        ("g", Some(102), None),
    ];
    let known: &[Row] = &[
        ("a", TITLE, "country", "US"),
        ("a", 0, "country", "US"),
        ("a", 0, "organization", "acme"),
        ("a", 1, "theme", "tariffs"),
        ("a", 1, "person", "jane_doe"),
        ("b", 0, "country", "US"),
        ("b", 0, "organization", "acme"),
        ("b", 2, "theme", "trade"),
        ("c", 0, "organization", "globex"),
        ("c", 0, "country", "CN"),
        ("c", 1, "theme", "export_controls"),
        ("c", 1, "theme", "tariffs"),
        ("d", TITLE, "theme", "sports"),
        ("d", 0, "country", "CN"),
        ("d", 0, "country", "US"),
        ("d", 0, "organization", "acme"),
        ("d", 3, "person", "jane_doe"),
        ("f", 0, "organization", "globex"),
        ("f", 0, "theme", "trade"),
        ("g", 0, "country", "FR"),
        ("g", 0, "theme", "economy"),
        ("g", 1, "theme", "tariffs"),
        ("g", 1, "organization", "acme"),
    ];
    // The same with themes the tree lacks, one first met as a parent and named later.
    let mut unknown = known.to_vec();
    unknown.extend([
        ("c", 2, "theme", "lobsters"),
        ("d", 1, "theme", "quotas"),
        ("e", 0, "theme", "fishing"),
        ("e", 0, "country", "US"),
        ("g", 2, "theme", "lobsters"),
        ("g", 2, "theme", "rules"),
    ]);
    unknown.sort_by_key(|r| docs.iter().position(|d| d.0 == r.0));
    let n = docs.len();
    // (mentions, whether near-duplicates count)
    let cases: [(&[Row], bool); 4] = [
        (known, false),
        (known, true),
        (&unknown, false),
        (&unknown, true),
    ];
    for (rows, duplicates) in cases {
        let fresh = || Aggregator::with_themes(tree()).count_duplicates(duplicates);
        let all = part(docs, rows, 0..n, &parents);
        let mut one = fresh();
        one.add(&all.0, &all.1).unwrap();
        let all_at_once = all_tables(one.finish().unwrap());
        assert!(all_at_once[4].num_rows() > 0 && all_at_once[5].num_rows() > 0);
        let learned = rows.len() > known.len();
        // The run adds documents ..i itself; i..j and j.. are counted on siblings made then (as
        // workers do), merged in order; a sibling the run cannot take is added instead.
        for i in 0..=n {
            for j in i..=n {
                // The same three batches added one after the other: what a run did before. With
                // themes the tree lacks, a theme's roll-up depends on what the batches before it
                // had learned (a parent met first as a parent has none yet), so only without
                // them is it the same as all at once.
                let mut direct = fresh();
                for r in [0..i, i..j, j..n] {
                    let (d, m) = part(docs, rows, r, &parents);
                    direct.add(&d, &m).unwrap();
                }
                let want = all_tables(direct.finish().unwrap());
                if !learned {
                    assert_eq!(want, all_at_once, "cut at {i} and {j}");
                }
                let (run, merged) = cut_and_merge(fresh(), docs, rows, i, j);
                if !learned {
                    assert_eq!(merged, 2, "cut at {i} and {j}");
                } else {
                    assert!(merged >= 1, "cut at {i} and {j}");
                }
                let got = all_tables(run.finish().unwrap());
                assert_eq!(got, want, "cut at {i} and {j}, duplicates {duplicates}");
                // `document_themes` only, cut and merged alike: the rows of the whole aggregates.
                let only = fresh().document_themes_only(true);
                let (run, merged_only) = cut_and_merge(only, docs, rows, i, j);
                assert_eq!(merged_only, merged, "cut at {i} and {j}");
                let got = run.finish_document_themes().to_batch().unwrap();
                assert_eq!(got, want[4], "document_themes only, cut at {i} and {j}");
            }
        }
    }
}

#[test]
fn merge_refuses_an_aggregator_of_another_tree_or_setting() {
    let (d, m) = part(
        &[("a", Some(100), None)],
        &[("a", 0, "theme", "fishing")],
        0..1,
        &parents,
    );
    let mut run = Aggregator::with_themes(tree());
    // Not a sibling: a tree of its own.
    let mut other = Aggregator::with_themes(tree());
    other.add(&d, &m).unwrap();
    assert!(!run.merge(other).unwrap());
    // A sibling that counts near-duplicates when the run does not.
    let other = run.sibling().count_duplicates(true);
    assert!(!run.merge(other).unwrap());
    // An aggregator of `document_themes` only, and a full one into such.
    let mut other = run.sibling().document_themes_only(true);
    other.add(&d, &m).unwrap();
    assert!(!run.merge(other).unwrap());
    let mut only = Aggregator::with_themes(tree()).document_themes_only(true);
    let mut full = only.sibling().document_themes_only(false);
    full.add(&d, &m).unwrap();
    assert!(!only.merge(full).unwrap());
    // A sibling made before the run learned a theme.
    let late = run.sibling();
    run.add(&d, &m).unwrap();
    assert!(!run.merge(late).unwrap());
    // Refused merges left the run as it was: one document, one theme mention.
    let before = all_tables(run.finish().unwrap());
    let mut again = Aggregator::with_themes(tree());
    again.add(&d, &m).unwrap();
    assert_eq!(before, all_tables(again.finish().unwrap()));
}
