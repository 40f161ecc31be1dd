//! Each document's measures ([`Aggregator::document_measures`]): summed over the documents they
//! are the aggregate tables' counts; pairs among the most mentioned entities; unknown themes;
//! siblings merged.

use super::*;
use std::collections::BTreeMap;

/// A cell as text (null: "∅").
fn cell(b: &RecordBatch, c: &str, i: usize) -> String {
    let a = b
        .column_by_name(c)
        .unwrap_or_else(|| panic!("no column {c}"));
    if a.is_null(i) {
        return "∅".into();
    }
    arrow::util::display::array_value_to_string(a, i).unwrap()
}

/// The rows of a measure table, every batch, as text cells of `cols`, and its counts `nums`.
fn table_rows(
    m: &DocMeasures,
    name: &str,
    cols: &[&str],
    ints: &[&str],
) -> Vec<(Vec<String>, Vec<u64>)> {
    let mut out = Vec::new();
    for b in m.get(name) {
        assert_eq!(b.schema(), DocMeasures::schema(name).unwrap(), "{name}");
        for i in 0..b.num_rows() {
            out.push((
                cols.iter().map(|c| cell(b, c, i)).collect(),
                ints.iter().map(|c| nums(b, c)[i]).collect(),
            ));
        }
    }
    out
}

/// Per key (`cols` without `doc_id`): the counts summed and the documents (rows) counted.
fn summed(rows: &[(Vec<String>, Vec<u64>)]) -> BTreeMap<Vec<String>, (Vec<u64>, u64)> {
    let mut out: BTreeMap<Vec<String>, (Vec<u64>, u64)> = BTreeMap::new();
    for (k, v) in rows {
        let e = out.entry(k[1..].to_vec()).or_insert((vec![0; v.len()], 0));
        for (s, x) in e.0.iter_mut().zip(v) {
            *s += x;
        }
        e.1 += 1;
    }
    out
}

fn measured(
    batches: &[(RecordBatch, RecordBatch)],
    tree: ThemeTree,
) -> (DocumentThemes, DocMeasures) {
    let mut a = Aggregator::with_themes(tree).document_measures(true);
    for (d, m) in batches {
        a.add(d, m).unwrap();
    }
    a.finish_measures()
}

/// The corpus with a title mention and a theme the tree lacks (under a parent it lacks too).
fn corpus_and_more() -> Vec<(RecordBatch, RecordBatch)> {
    let mut c = corpus();
    let m = mentions(&[
        ("d4", TITLE, "organization", "acme"),
        ("d4", 0, "organization", "acme"),
        ("d4", 0, "person", "p1"),
        ("d4", 1, "theme", "tariffs"),
        ("d4", 1, "theme", "new_theme"),
        ("d4", 1, "person", "p1"),
    ]);
    let parent: &dyn Fn(&str) -> Option<&'static str> = &|id| match id {
        "new_theme" => Some("new_root"),
        other => parent_of(other),
    };
    c.push((
        documents(&[("d4", Some(100))]),
        super::merge::with_parents(m, parent),
    ));
    c
}

#[test]
fn document_measures_summed_are_the_counts_of_all_aggregates() {
    for (case, batches) in [
        ("batch by batch", corpus_and_more()),
        ("at once", whole(&corpus_and_more())),
    ] {
        let all = aggregate(&batches, tree());
        let (themes, m) = measured(&batches, tree());
        assert_eq!(
            themes.to_batch().unwrap(),
            all.document_themes.to_batch().unwrap(),
            "{case}: document_themes"
        );
        let ents = summed(&table_rows(
            &m,
            "ents",
            &["doc_id", "kind", "entity_id"],
            &["mentions", "sentences"],
        ));
        // Organizations, persons, countries; themes' own counts.
        let want_of = |b: &RecordBatch| -> Vec<(String, u64, u64, u64)> {
            let mut r = rows(b);
            r.sort();
            r
        };
        let got_of = |kind: &str| -> Vec<(String, u64, u64, u64)> {
            let mut r: Vec<_> = ents
                .iter()
                .filter(|(k, _)| k[0] == kind)
                .map(|(k, (v, docs))| (k[1].clone(), v[0], *docs, v[1]))
                .collect();
            r.sort();
            r
        };
        for (kind, table) in [
            ("organization", &all.organizations),
            ("person", &all.persons),
            ("country", &all.countries),
        ] {
            assert!(table.num_rows() > 0, "{case}: no {kind}");
            assert_eq!(got_of(kind), want_of(table), "{case}: {kind}");
        }
        let t = &all.themes;
        let direct: Vec<(String, u64, u64, u64)> = {
            let (m, d, s) = (
                nums(t, "direct_mentions"),
                nums(t, "direct_documents"),
                nums(t, "direct_sentences"),
            );
            let mut r: Vec<_> = ids(t)
                .into_iter()
                .enumerate()
                .filter(|&(i, _)| m[i] > 0)
                .map(|(i, id)| (id, m[i], d[i], s[i]))
                .collect();
            r.sort();
            r
        };
        assert_eq!(got_of("theme"), direct, "{case}: themes' own");
        // Themes rolled up (the tree completed with the theme it lacks and its parent).
        let ups = summed(&table_rows(
            &m,
            "ups",
            &["doc_id", "entity_id"],
            &["mentions", "sentences"],
        ));
        let mut got: Vec<_> = ups
            .iter()
            .map(|(k, (v, docs))| (k[0].clone(), v[0], *docs, v[1]))
            .collect();
        got.sort();
        assert_eq!(got, want_of(t), "{case}: themes rolled up");
        assert!(got.iter().any(|r| r.0 == "new_root"), "{case}");
        // Pairs: once per document, a before b; the table has each in both orders.
        let pairs = summed(&table_rows(
            &m,
            "pairs",
            &[
                "doc_id", "rank_a", "kind_a", "entity_a", "rank_b", "kind_b", "entity_b",
            ],
            &["sentences"],
        ));
        let c = &all.cooccurrence;
        let mut want: Vec<(String, String, u64, u64)> = (0..c.num_rows())
            .map(|i| {
                (
                    cell(c, "entity_a", i),
                    cell(c, "entity_b", i),
                    nums(c, "documents")[i],
                    nums(c, "sentences")[i],
                )
            })
            .collect();
        want.sort();
        let mut got = Vec::new();
        for (k, (v, docs)) in &pairs {
            assert!(
                (&k[0], &k[2]) <= (&k[3], &k[5]),
                "{case}: {k:?} in pair order"
            );
            assert_eq!(k[0], rank_of(&k[1]).to_string(), "{case}: {k:?}");
            got.push((k[2].clone(), k[5].clone(), *docs, v[0]));
            got.push((k[5].clone(), k[2].clone(), *docs, v[0]));
        }
        got.sort();
        assert!(want.len() > 10, "{case}");
        assert_eq!(got, want, "{case}: cooccurrence");
        // Names: the attributes most mentions give, ties to the least.
        let names = summed(&table_rows(
            &m,
            "names",
            &[
                "doc_id",
                "kind",
                "entity_id",
                "entity_name",
                "entity_type",
                "country",
                "iso3",
                "fips",
            ],
            &["n"],
        ));
        assert!(
            names.keys().all(|k| k[0] != "theme"),
            "{case}: no theme names"
        );
        let mut best: BTreeMap<String, (u64, String)> = BTreeMap::new();
        for (k, (v, _)) in &names {
            if k[0] != "organization" {
                continue;
            }
            let e = best.entry(k[1].clone()).or_insert((0, String::new()));
            if v[0] > e.0 || (v[0] == e.0 && k[2] < e.1) {
                *e = (v[0], k[2].clone());
            }
        }
        let o = &all.organizations;
        let want: BTreeMap<String, (u64, String)> = (0..o.num_rows())
            .map(|i| {
                (
                    cell(o, "entity_id", i),
                    (best[&cell(o, "entity_id", i)].0, cell(o, "entity_name", i)),
                )
            })
            .collect();
        assert_eq!(best, want, "{case}: names");
        // The theme the dictionary's tree lacks, once, with what its mentions give.
        let unknown = table_rows(
            &m,
            "unknown",
            &["doc_id", "entity_id", "parent_id", "entity_name", "qcode"],
            &[],
        );
        let want = ["d4", "new_theme", "new_root", "NEW_THEME", "medtop:9"];
        assert_eq!(
            unknown.iter().map(|r| r.0.clone()).collect::<Vec<_>>(),
            vec![want.iter().map(|s| s.to_string()).collect::<Vec<_>>()],
            "{case}: unknown"
        );
    }
    // Asked for every table, it has no others to give.
    let mut a = Aggregator::with_themes(tree()).document_measures(true);
    let (d, m) = &corpus()[0];
    a.add(d, m).unwrap();
    assert!(matches!(a.finish(), Err(Error::Internal(_))));
}

#[test]
fn document_measures_pairs_keep_the_most_mentioned_entities_of_a_document() {
    // 102 organizations in one document: o000 and o001 twice, the others once; the cap keeps
    // the 100 most mentioned, ties in id order: o100 and o101 drop out.
    let ids: Vec<String> = (0..102).map(|i| format!("o{i:03}")).collect();
    let mut rows: Vec<Row> = ids
        .iter()
        .map(|id| ("d", 0, "organization", id.as_str()))
        .collect();
    rows.push(("d", 1, "organization", "o000"));
    rows.push(("d", 1, "organization", "o001"));
    rows.extend([
        ("e", 0, "country", "C1"),
        ("e", 0, "organization", "o050"),
        ("e", TITLE, "person", "p1"),
    ]);
    let docs = documents(&[("d", Some(1)), ("e", None)]);
    let (_, m) = measured(&[(docs, mentions(&rows))], tree());
    let pairs = table_rows(
        &m,
        "pairs",
        &["doc_id", "entity_a", "entity_b"],
        &["sentences"],
    );
    assert_eq!(MAX_PAIR_ENTITIES, 100);
    let d: Vec<_> = pairs.iter().filter(|p| p.0[0] == "d").collect();
    assert_eq!(d.len(), 100 * 99 / 2);
    assert!(d.iter().all(|p| p.0[1] < p.0[2]), "ids in order");
    let named: std::collections::BTreeSet<&str> = d
        .iter()
        .flat_map(|p| [p.0[1].as_str(), p.0[2].as_str()])
        .collect();
    assert!(!named.contains("o100") && !named.contains("o101") && named.contains("o099"));
    // Sentence counts: o000 and o001 share sentences 0 and 1; o000 and o002 only sentence 0.
    let sentences = |a: &str, b: &str| {
        d.iter()
            .filter(|p| p.0[1] == a && p.0[2] == b)
            .map(|p| p.1[0])
            .collect::<Vec<_>>()
    };
    assert_eq!(sentences("o000", "o001"), [2]);
    assert_eq!(sentences("o000", "o002"), [1]);
    // Document e: pairs in (kind rank, id) order (organization, country, person); the title is
    // a sentence of its own.
    let mut e: Vec<_> = pairs
        .iter()
        .filter(|p| p.0[0] == "e")
        .map(|p| (p.0[1].as_str(), p.0[2].as_str(), p.1[0]))
        .collect();
    e.sort();
    assert_eq!(e, [("C1", "p1", 0), ("o050", "C1", 1), ("o050", "p1", 0)]);
    let ents = table_rows(
        &m,
        "ents",
        &["doc_id", "entity_id"],
        &["mentions", "sentences"],
    );
    let of = |id: &str| ents.iter().find(|r| r.0[1] == id).unwrap().1.clone();
    assert_eq!(
        (of("o000"), of("o002"), of("p1")),
        (vec![2, 2], vec![1, 1], vec![1, 1])
    );
}

#[test]
fn document_measures_of_a_sibling_merge_as_the_batch_added() {
    let batches = corpus_and_more();
    let mut direct = Aggregator::with_themes(tree()).document_measures(true);
    let mut merged = Aggregator::with_themes(tree()).document_measures(true);
    for (d, m) in &batches {
        direct.add(d, m).unwrap();
        let mut s = merged.sibling();
        s.add(d, m).unwrap();
        if !merged.merge(s).unwrap() {
            // The sibling learned a theme the tree had not: the batch is added again.
            merged.add(d, m).unwrap();
        }
    }
    let (dt, dm) = direct.finish_measures();
    let (mt, mm) = merged.finish_measures();
    assert_eq!(dt.to_batch().unwrap(), mt.to_batch().unwrap());
    // The same rows (within a document in the order of codes, which differ between the two).
    let sorted_rows = |m: &DocMeasures, name: &str| {
        let schema = DocMeasures::schema(name).unwrap();
        let cols: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        let mut r = table_rows(m, name, &cols, &[]);
        r.sort();
        r
    };
    for name in MEASURES {
        assert_eq!(sorted_rows(&dm, name), sorted_rows(&mm, name), "{name}");
    }
    assert!(!dm.get("pairs").is_empty());
    // A sibling of another mode is refused.
    let mut all = Aggregator::with_themes(tree());
    let mut per_document = all.sibling().document_measures(true);
    let (d, m) = &corpus()[0];
    per_document.add(d, m).unwrap();
    assert!(!all.merge(per_document).unwrap());
}
