use super::*;
use arrow::array::{
    Array, ArrayRef, Float64Array, Int64Array, StringArray, TimestampMicrosecondArray,
};
use newsmill_core::tables::{ALL, DOCUMENT_THEMES};
use std::sync::Arc;

/// `(doc, sentence, kind, id)`; themes get their parent from [`parent_of`]. Sentence [`TITLE`]
/// is a mention in the title (field `title`, sentence id -1).
type Row<'a> = (&'a str, u32, &'a str, &'a str);

const TITLE: u32 = u32::MAX;

const DAY: i64 = 86_400_000_000;

fn parent_of(id: &str) -> Option<&'static str> {
    match id {
        "export_controls" => Some("trade"),
        "tariffs" => Some("trade"),
        "trade" => Some("economy"),
        _ => None,
    }
}

/// Rows as a mentions batch.
fn mentions(rows: &[Row]) -> RecordBatch {
    let n = rows.len();
    let s = |f: &dyn Fn(&Row) -> Option<String>| -> ArrayRef {
        Arc::new(StringArray::from(rows.iter().map(f).collect::<Vec<_>>()))
    };
    let nulls = || -> ArrayRef { Arc::new(StringArray::from(vec![None::<&str>; n])) };
    let zeros = || -> ArrayRef { Arc::new(Int64Array::from(vec![0; n])) };
    let cols: Vec<ArrayRef> = vec![
        s(&|r| Some(r.0.to_string())),
        s(&|r| Some(if r.1 == TITLE { "title" } else { "text" }.to_string())),
        Arc::new(Int64Array::from(
            rows.iter()
                .map(|r| if r.1 == TITLE { -1 } else { i64::from(r.1) })
                .collect::<Vec<_>>(),
        )),
        zeros(),
        zeros(),
        zeros(),
        zeros(),
        s(&|r| Some(r.3.to_string())),
        s(&|r| Some(r.2.to_string())),
        s(&|r| Some(r.3.to_string())),
        s(&|r| Some(r.3.to_uppercase())),
        s(&|_| Some("dictionary".to_string())),
        nulls(),
        s(&|r| (r.2 == "organization").then(|| "company".to_string())),
        s(&|r| (r.2 == "country").then(|| r.3.to_string())),
        nulls(),
        nulls(),
        s(&|r| (r.2 == "theme").then(|| format!("medtop:{}", r.3.len()))),
        s(&|r| {
            if r.2 == "theme" {
                parent_of(r.3).map(String::from)
            } else {
                None
            }
        }),
    ];
    RecordBatch::try_new(MENTIONS.schema(), cols).unwrap()
}

/// Documents with their publication day (days since the epoch, noon UTC) or none.
fn documents(docs: &[(&str, Option<i64>)]) -> RecordBatch {
    let schema = Arc::new(Schema::new(vec![
        Field::new("doc_id", ADataType::Utf8, false),
        Field::new(
            "published_at",
            ADataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
            true,
        ),
    ]));
    RecordBatch::try_new(
        schema,
        vec![
            Arc::new(StringArray::from(
                docs.iter().map(|d| d.0).collect::<Vec<_>>(),
            )),
            Arc::new(
                TimestampMicrosecondArray::from(
                    docs.iter()
                        .map(|d| d.1.map(|day| day * DAY + DAY / 2))
                        .collect::<Vec<_>>(),
                )
                .with_timezone("UTC"),
            ),
        ],
    )
    .unwrap()
}

/// A string column as strings.
fn strings(b: &RecordBatch, c: &str) -> Vec<Option<String>> {
    let a = b
        .column_by_name(c)
        .unwrap_or_else(|| panic!("no column {c}"));
    let s = a
        .as_any()
        .downcast_ref::<StringArray>()
        .unwrap_or_else(|| panic!("{c} is {}", a.data_type()));
    s.iter().map(|v| v.map(String::from)).collect()
}

fn ids(b: &RecordBatch) -> Vec<String> {
    strings(b, "entity_id")
        .into_iter()
        .map(Option::unwrap)
        .collect()
}

fn nums(b: &RecordBatch, c: &str) -> Vec<u64> {
    b.column_by_name(c)
        .unwrap()
        .as_any()
        .downcast_ref::<Int64Array>()
        .unwrap()
        .values()
        .iter()
        .map(|&v| u64::try_from(v).unwrap())
        .collect()
}

fn rows(b: &RecordBatch) -> Vec<(String, u64, u64, u64)> {
    let (m, d, s) = (
        nums(b, "mentions"),
        nums(b, "documents"),
        nums(b, "sentences"),
    );
    ids(b)
        .into_iter()
        .enumerate()
        .map(|(i, id)| (id, m[i], d[i], s[i]))
        .collect()
}

fn check_contracts(out: &Aggregates) {
    let document_themes = out.document_themes.to_batch().unwrap();
    for (t, b) in [
        (&ORGANIZATIONS, &out.organizations),
        (&PERSONS, &out.persons),
        (&COUNTRIES, &out.countries),
        (&THEMES, &out.themes),
        (&DOCUMENT_THEMES, &document_themes),
        (&COOCCURRENCE, &out.cooccurrence),
        (&TIMESERIES, &out.timeseries),
    ] {
        t.check(&b.schema(), t.name).unwrap();
        assert!(ALL.iter().any(|a| std::ptr::eq(*a, t)));
    }
}

fn tree() -> ThemeTree {
    let node = |parent: Option<&str>, name: &str| ThemeNode {
        parent: parent.map(String::from),
        name: name.to_string(),
        qcode: Some(format!("medtop:{name}")),
        about: None,
    };
    ThemeTree::from([
        ("economy".to_string(), node(None, "Economy")),
        ("trade".to_string(), node(Some("economy"), "Trade")),
        (
            "export_controls".to_string(),
            node(Some("trade"), "Export controls"),
        ),
        ("tariffs".to_string(), node(Some("trade"), "Tariffs")),
        ("sports".to_string(), node(None, "Sports")),
    ])
}

/// Three documents on days 100 and 101, one undated, one without mentions.
fn corpus() -> Vec<(RecordBatch, RecordBatch)> {
    vec![
        (
            documents(&[("d1", Some(100)), ("d2", None)]),
            mentions(&[
                ("d1", 0, "country", "US"),
                ("d1", 0, "country", "US"),
                ("d1", 0, "organization", "acme"),
                ("d1", 1, "country", "US"),
                ("d1", 1, "theme", "export_controls"),
                ("d2", 0, "country", "CN"),
                ("d2", 0, "organization", "acme"),
                ("d2", 3, "theme", "trade"),
            ]),
        ),
        (documents(&[("d0", Some(99))]), mentions(&[])),
        (
            documents(&[("d3", Some(101))]),
            mentions(&[
                ("d3", 0, "country", "US"),
                ("d3", 2, "theme", "tariffs"),
                ("d3", 2, "theme", "tariffs"),
                ("d3", 2, "theme", "export_controls"),
                ("d3", 4, "organization", "acme"),
            ]),
        ),
    ]
}

fn aggregate(batches: &[(RecordBatch, RecordBatch)], tree: ThemeTree) -> Aggregates {
    let mut a = Aggregator::with_themes(tree);
    for (d, m) in batches {
        a.add(d, m).unwrap();
    }
    let out = a.finish().unwrap();
    check_contracts(&out);
    out
}

/// Everything in one batch.
fn whole(batches: &[(RecordBatch, RecordBatch)]) -> Vec<(RecordBatch, RecordBatch)> {
    let d: Vec<RecordBatch> = batches.iter().map(|b| b.0.clone()).collect();
    let m: Vec<RecordBatch> = batches.iter().map(|b| b.1.clone()).collect();
    vec![(
        arrow::compute::concat_batches(&d[0].schema(), &d).unwrap(),
        arrow::compute::concat_batches(&MENTIONS.schema(), &m).unwrap(),
    )]
}

#[test]
fn batch_by_batch_equals_all_at_once() {
    let split = aggregate(&corpus(), tree());
    let one = aggregate(&whole(&corpus()), tree());
    assert_eq!(split.organizations, one.organizations);
    assert_eq!(split.countries, one.countries);
    assert_eq!(split.themes, one.themes);
    assert_eq!(
        split.document_themes.to_batch().unwrap(),
        one.document_themes.to_batch().unwrap()
    );
    // Written a slice at a time, the rows are the same.
    let all = one.document_themes.to_batch().unwrap();
    assert!(
        all.num_rows() > 3,
        "too few rows to slice: {}",
        all.num_rows()
    );
    let slices: Vec<RecordBatch> = one
        .document_themes
        .batches(2)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(slices.len(), all.num_rows().div_ceil(2));
    assert_eq!(
        arrow::compute::concat_batches(&all.schema(), &slices).unwrap(),
        all
    );
    assert_eq!(split.cooccurrence, one.cooccurrence);
    assert_eq!(split.timeseries, one.timeseries);
}

#[test]
fn counts_mentions_documents_sentences_share_and_dates() {
    let out = aggregate(&corpus(), tree());
    assert_eq!(
        rows(&out.countries),
        vec![("US".into(), 4, 2, 3), ("CN".into(), 1, 1, 1)]
    );
    assert_eq!(rows(&out.organizations), vec![("acme".into(), 3, 3, 3)]);
    // Four documents in the run, one without mentions.
    let share = out
        .countries
        .column_by_name("share_of_documents")
        .unwrap()
        .as_any()
        .downcast_ref::<Float64Array>()
        .unwrap()
        .clone();
    assert_eq!(share.values().to_vec(), vec![0.5, 0.25]);
    let ts = |b: &RecordBatch, c: &str| -> Vec<Option<i64>> {
        b.column_by_name(c)
            .unwrap()
            .as_any()
            .downcast_ref::<TimestampMicrosecondArray>()
            .unwrap()
            .iter()
            .collect()
    };
    // US: d1 (day 100) and d3 (day 101); CN only in the undated d2.
    assert_eq!(
        ts(&out.countries, "first_seen"),
        vec![Some(100 * DAY + DAY / 2), None]
    );
    assert_eq!(
        ts(&out.countries, "last_seen"),
        vec![Some(101 * DAY + DAY / 2), None]
    );
    assert_eq!(
        strings(&out.countries, "entity_name"),
        vec![Some("US".into()), Some("CN".into())]
    );
    assert_eq!(
        strings(&out.organizations, "entity_type"),
        vec![Some("company".into())]
    );
    assert_eq!(
        out.countries.column_by_name("iso3").unwrap().null_count(),
        2
    );
}

#[test]
fn themes_roll_up_to_their_ancestors() {
    let out = aggregate(&corpus(), tree());
    let t = &out.themes;
    assert_eq!(
        rows(t),
        vec![
            // export_controls x2 (d1 s1, d3 s2), tariffs x2 (d3 s2), trade x1 (d2 s3).
            ("economy".into(), 5, 3, 3),
            ("trade".into(), 5, 3, 3),
            ("export_controls".into(), 2, 2, 2),
            ("tariffs".into(), 2, 1, 1),
        ]
    );
    assert_eq!(nums(t, "direct_mentions"), vec![0, 1, 2, 2]);
    assert_eq!(nums(t, "direct_documents"), vec![0, 1, 2, 1]);
    assert_eq!(nums(t, "direct_sentences"), vec![0, 1, 2, 1]);
    let depth = t
        .column_by_name("depth")
        .unwrap()
        .as_any()
        .downcast_ref::<Int64Array>()
        .unwrap()
        .values()
        .to_vec();
    assert_eq!(depth, vec![0, 1, 2, 2]);
    assert_eq!(
        strings(t, "parent_id"),
        vec![
            None,
            Some("economy".into()),
            Some("trade".into()),
            Some("trade".into())
        ]
    );
    assert_eq!(strings(t, "entity_name")[0], Some("Economy".into()));
    assert_eq!(strings(t, "qcode")[1], Some("medtop:Trade".into()));
}

fn bools(b: &RecordBatch, c: &str) -> Vec<bool> {
    let a = b.column_by_name(c).unwrap();
    let a = a
        .as_any()
        .downcast_ref::<arrow::array::BooleanArray>()
        .unwrap();
    a.iter().map(Option::unwrap).collect()
}

fn nums32(b: &RecordBatch, c: &str) -> Vec<u32> {
    b.column_by_name(c)
        .unwrap()
        .as_any()
        .downcast_ref::<Int64Array>()
        .unwrap()
        .values()
        .iter()
        .map(|&v| u32::try_from(v).unwrap())
        .collect()
}

fn floats(b: &RecordBatch, c: &str) -> Vec<f64> {
    let a = b.column_by_name(c).unwrap();
    a.as_any()
        .downcast_ref::<Float64Array>()
        .unwrap()
        .values()
        .to_vec()
}

#[test]
fn document_themes_say_what_each_document_is_about() {
    // Tariffs need a score of 3 (as a theme file's `about` column would say).
    let mut t = tree();
    t.get_mut("tariffs").unwrap().about = Some(3.0);
    let out = aggregate(&corpus(), t);
    let dt = &out.document_themes.to_batch().unwrap();
    let docs: Vec<String> = strings(dt, "doc_id")
        .into_iter()
        .map(Option::unwrap)
        .collect();
    // d1: export_controls once in sentence 1 (the lead), all of d1's theme mentions: 1 + 1.
    // d2: trade once in sentence 3 (not the lead), all of d2's: 1.
    // d3: tariffs twice and export_controls once, in sentence 2: tariffs 1 + 0.5 + 1 = 2.5
    // (under its threshold 3), export_controls 1 + 1 (a third of the mentions), trade and
    // economy (rolled up, 3 mentions) 1 + 1 + 1. In d3 trade ranks before economy: tariffs, not
    // about, speak for their nearest ancestor the document is about.
    assert_eq!(
        docs.iter()
            .zip(ids(dt))
            .map(|(d, t)| format!("{d}:{t}"))
            .collect::<Vec<_>>(),
        [
            "d1:export_controls",
            "d1:economy",
            "d1:trade",
            "d2:trade",
            "d2:economy",
            "d3:export_controls",
            "d3:trade",
            "d3:economy",
            "d3:tariffs",
        ]
    );
    // The score: lead 1 + 8 x mass (the part of the document's theme mentions, weighed by
    // place) + 1 x spread (first to last mention over the text's extent): d1 1 + 8 + 0.5; d2
    // 8 + 0.25; d3 (all in sentence 2) export controls 1 + 8/3 + 1/3, the rolled-up themes
    // 1 + 8 + 1/3, tariffs 1 + 16/3 + 1/3 (stored in 32 bits).
    let want = [
        9.5,
        9.5,
        9.5,
        8.25,
        8.25,
        1.0 + 8.0 / 3.0 + 1.0 / 3.0,
        1.0 + 8.0 + 1.0 / 3.0,
        1.0 + 8.0 + 1.0 / 3.0,
        1.0 + 16.0 / 3.0 + 1.0 / 3.0,
    ];
    for (got, want) in floats(dt, "score").iter().zip(want) {
        assert!((got - want).abs() < 1e-6, "{got} {want}");
    }
    assert_eq!(
        bools(dt, "about"),
        [true, true, true, true, true, true, true, true, false]
    );
    // Rank: export controls, named itself, before the broad themes above it.
    assert_eq!(nums32(dt, "rank"), [1, 2, 3, 1, 2, 1, 2, 3, 4]);
    assert_eq!(
        bools(dt, "rolled_up"),
        [false, true, true, false, true, false, true, true, false]
    );
    assert_eq!(nums(dt, "mentions"), [1, 1, 1, 1, 1, 1, 3, 3, 2]);
    assert_eq!(nums(dt, "direct_mentions"), [1, 0, 0, 1, 0, 1, 0, 0, 2]);
    // The only top level, economy, is each document's subject.
    let subject: Vec<Option<u32>> = dt
        .column_by_name("subject_rank")
        .unwrap()
        .as_any()
        .downcast_ref::<Int64Array>()
        .unwrap()
        .iter()
        .map(|v| v.map(|v| u32::try_from(v).unwrap()))
        .collect();
    assert_eq!(
        subject,
        [
            None,
            Some(1),
            None,
            None,
            Some(1),
            None,
            None,
            Some(1),
            None
        ]
    );
    assert_eq!(bools(dt, "in_title"), [false; 9]);
    let first: Vec<Option<i64>> = dt
        .column_by_name("first_sentence")
        .unwrap()
        .as_any()
        .downcast_ref::<Int64Array>()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(first[..5], [Some(1), Some(1), Some(1), Some(3), Some(3)]);
    assert_eq!(floats(dt, "share")[5], 1.0 / 3.0);
    assert_eq!(
        strings(dt, "entity_name")[0],
        Some("Export controls".into())
    );
    // The themes table counts the documents about each theme.
    let about: Vec<(String, u64)> = ids(&out.themes)
        .into_iter()
        .zip(nums(&out.themes, "about_documents"))
        .collect();
    assert_eq!(
        about,
        [
            ("economy".into(), 3),
            ("trade".into(), 3),
            ("export_controls".into(), 2),
            ("tariffs".into(), 0)
        ]
    );
}

#[test]
fn a_theme_in_the_title_is_what_the_document_is_about() {
    let out = aggregate(
        &[(
            documents(&[("d", Some(1))]),
            mentions(&[
                ("d", TITLE, "theme", "tariffs"),
                ("d", 7, "theme", "export_controls"),
                ("d", 8, "theme", "sports"),
                ("d", 9, "theme", "trade"),
                ("d", 9, "theme", "trade"),
                ("d", 9, "theme", "trade"),
                ("d", 9, "theme", "trade"),
            ]),
        )],
        tree(),
    );
    let dt = &out.document_themes.to_batch().unwrap();
    let about: Vec<(String, bool, bool)> = ids(dt)
        .into_iter()
        .zip(bools(dt, "about"))
        .zip(bools(dt, "in_title"))
        .map(|((t, a), ti)| (t, a, ti))
        .collect();
    assert!(about.contains(&("tariffs".into(), true, true)));
    // Once, late, 1 of 7: in passing.
    assert!(about.contains(&("export_controls".into(), false, false)));
    assert!(about.contains(&("sports".into(), false, false)));
}

#[test]
fn without_a_tree_themes_roll_up_along_the_mentions_parents() {
    let out = aggregate(&corpus(), ThemeTree::new());
    // The mentions know the parent of export_controls and tariffs (trade) and of trade
    // (economy), which is never mentioned: its name is its id.
    assert_eq!(ids(&out.themes)[..2], ["economy", "trade"]);
    assert_eq!(
        strings(&out.themes, "entity_name")[0],
        Some("economy".into())
    );
    assert_eq!(nums(&out.themes, "mentions")[..2], [5, 5]);
}

#[test]
fn cooccurrence_pairs_both_ways_at_sentence_and_document_scope() {
    let out = aggregate(&corpus(), tree());
    let c = &out.cooccurrence;
    let got: Vec<(String, String, String, String, u64, u64)> = (0..c.num_rows())
        .map(|i| {
            let s = |col: &str| strings(c, col)[i].clone().unwrap();
            (
                s("kind_a"),
                s("entity_a"),
                s("kind_b"),
                s("entity_b"),
                nums(c, "sentences")[i],
                nums(c, "documents")[i],
            )
        })
        .collect();
    let find = |a: &str, b: &str| {
        got.iter()
            .find(|r| r.1 == a && r.3 == b)
            .unwrap_or_else(|| panic!("no pair {a} {b} in {got:?}"))
            .clone()
    };
    // acme and US: same sentence in d1 only; same document in d1 and d3.
    let p = find("acme", "US");
    assert_eq!(
        (p.0.as_str(), p.2.as_str(), p.4, p.5),
        ("organization", "country", 1, 2)
    );
    // acme and CN: same sentence in d2.
    assert_eq!(find("acme", "CN").4, 1);
    // Same kind: export_controls and tariffs share a sentence in d3.
    let p = find("export_controls", "tariffs");
    assert_eq!((p.4, p.5), (1, 1));
    // Every pair in both orders, with the same counts.
    for r in &got {
        let m = find(&r.3, &r.1);
        assert_eq!((&m.0, &m.2, m.4, m.5), (&r.2, &r.0, r.4, r.5), "{r:?}");
    }
    assert_eq!(
        got.iter()
            .filter(|r| r.1 == "tariffs" && r.3 == "export_controls")
            .count(),
        1
    );
    assert!(got.iter().all(|r| r.1 != r.3));
    // Country and theme: US and export_controls in d1 s1; documents d1 and d3.
    let p = find("US", "export_controls");
    assert_eq!((p.4, p.5), (1, 2));
    // No pairs with ancestors (direct mentions only) and none across documents.
    assert!(got.iter().all(|r| r.1 != "economy" && r.3 != "economy"));
    assert!(got
        .iter()
        .all(|r| !(r.1 == "CN" || r.3 == "CN") || r.5 == 1));
    // Most documents first.
    let docs: Vec<u64> = got.iter().map(|r| r.5).collect();
    assert!(docs.windows(2).all(|w| w[0] >= w[1]), "{docs:?}");
    // Names: organizations and countries from the mentions, themes from the tree.
    let i = got
        .iter()
        .position(|r| r.1 == "acme" && r.3 == "US")
        .unwrap();
    assert_eq!(strings(c, "name_a")[i], Some("ACME".into()));
    assert_eq!(strings(c, "name_b")[i], Some("US".into()));
    let i = got
        .iter()
        .position(|r| r.1 == "export_controls" && r.3 == "tariffs")
        .unwrap();
    assert_eq!(strings(c, "name_a")[i], Some("Export controls".into()));
}

#[test]
fn timeseries_counts_per_day_and_keeps_undated_apart() {
    let out = aggregate(&corpus(), tree());
    let t = &out.timeseries;
    let day = t
        .column_by_name("day")
        .unwrap()
        .as_any()
        .downcast_ref::<TimestampMicrosecondArray>()
        .unwrap()
        .clone();
    assert_eq!(day.timezone(), None, "a day is a naive midnight");
    let got: Vec<(String, String, Option<i32>, u64, u64)> = (0..t.num_rows())
        .map(|i| {
            (
                strings(t, "kind")[i].clone().unwrap(),
                strings(t, "entity_id")[i].clone().unwrap(),
                day.is_valid(i).then(|| {
                    assert_eq!(day.value(i) % DAY, 0, "midnight");
                    i32::try_from(day.value(i) / DAY).unwrap()
                }),
                nums(t, "mentions")[i],
                nums(t, "documents")[i],
            )
        })
        .collect();
    let us: Vec<_> = got.iter().filter(|r| r.1 == "US").collect();
    assert_eq!(
        us.iter().map(|r| (r.2, r.3, r.4)).collect::<Vec<_>>(),
        vec![(Some(100), 3, 1), (Some(101), 1, 1)]
    );
    let cn: Vec<_> = got.iter().filter(|r| r.1 == "CN").collect();
    assert_eq!(cn.len(), 1);
    assert_eq!((cn[0].2, cn[0].3, cn[0].4), (None, 1, 1));
    // acme: days 100 and 101, then the undated document last.
    let acme: Vec<Option<i32>> = got.iter().filter(|r| r.1 == "acme").map(|r| r.2).collect();
    assert_eq!(acme, vec![Some(100), Some(101), None]);
    // Themes are rolled up: per entity the rows add up to the entity tables.
    for (table, kind) in [
        (&out.themes, "theme"),
        (&out.countries, "country"),
        (&out.organizations, "organization"),
    ] {
        for (i, id) in ids(table).iter().enumerate() {
            let (m, d) = got
                .iter()
                .filter(|r| r.0 == kind && &r.1 == id)
                .fold((0, 0), |(m, d), r| (m + r.3, d + r.4));
            assert_eq!(
                (m, d),
                (nums(table, "mentions")[i], nums(table, "documents")[i]),
                "{id}"
            );
        }
    }
    assert_eq!(
        strings(t, "entity_name")
            .iter()
            .zip(strings(t, "entity_id"))
            .find(|(_, id)| id.as_deref() == Some("trade"))
            .unwrap()
            .0,
        &Some("Trade".to_string())
    );
}

#[test]
fn many_batches_merge_to_the_same_counts() {
    let mut a = Aggregator::new();
    let n = 67;
    for i in 0..n {
        let d = format!("d{i}");
        a.add(
            &documents(&[(&d, Some(i as i64 % 3))]),
            &mentions(&[
                (&d, 0, "country", "FR"),
                (&d, 0, "organization", "acme"),
                (&d, 1, "country", "FR"),
            ]),
        )
        .unwrap();
    }
    let out = a.finish().unwrap();
    let n = n as u64;
    assert_eq!(rows(&out.countries), vec![("FR".into(), 2 * n, n, 2 * n)]);
    assert_eq!(nums(&out.cooccurrence, "documents"), vec![n, n]);
    assert_eq!(nums(&out.cooccurrence, "sentences"), vec![n, n]);
    assert_eq!(out.timeseries.num_rows(), 6);
}

#[test]
fn no_mentions_gives_empty_tables_with_their_schemas() {
    let mut a = Aggregator::new();
    a.add(&documents(&[("d", None)]), &mentions(&[])).unwrap();
    let out = a.finish().unwrap();
    assert_eq!(out.organizations.num_rows(), 0);
    assert_eq!(out.cooccurrence.num_rows(), 0);
    check_contracts(&out);
}

#[test]
fn documents_without_dates_column_are_refused() {
    let mut a = Aggregator::new();
    let err = a
        .add(&mentions(&[("d", 0, "country", "US")]), &mentions(&[]))
        .unwrap_err()
        .to_string();
    assert!(err.contains("published_at"), "{err}");
}

/// A title is a sentence of its own: never sentence 0 of the text, and two entities named in it
/// share a sentence.
#[test]
fn a_title_counts_as_a_sentence_of_its_own() {
    let out = aggregate(
        &[(
            documents(&[("d", Some(100))]),
            mentions(&[
                ("d", TITLE, "country", "US"),
                ("d", TITLE, "organization", "acme"),
                ("d", 0, "country", "US"),
                ("d", 1, "organization", "acme"),
            ]),
        )],
        tree(),
    );
    assert_eq!(rows(&out.countries), vec![("US".into(), 2, 1, 2)]);
    assert_eq!(rows(&out.organizations), vec![("acme".into(), 2, 1, 2)]);
    let c = &out.cooccurrence;
    assert_eq!(c.num_rows(), 2, "one pair, both ways");
    // acme and US share the title only (sentences 0 and 1 name one each).
    assert_eq!((nums(c, "sentences")[0], nums(c, "documents")[0]), (1, 1));
}

/// A mentions batch of `rows` with the entity names given (the other attributes as
/// [`mentions`] makes them).
fn named_mentions(rows: &[Row], names: &[&str]) -> RecordBatch {
    let m = mentions(rows);
    let at = m.schema().index_of("entity_name").unwrap();
    let mut cols = m.columns().to_vec();
    cols[at] = Arc::new(StringArray::from(names.to_vec()));
    RecordBatch::try_new(m.schema(), cols).unwrap()
}

#[test]
fn entity_names_do_not_depend_on_the_order_documents_arrive_in() {
    // (names the mentions give, in document order) -> the name shown.
    let cases: &[(&[&str], &str)] = &[
        (&["Acme Corp", "ACME CORP", "Acme Corp"], "Acme Corp"),
        (&["ACME CORP", "Acme Corp", "Acme Corp"], "Acme Corp"),
        // A tie goes to the least name in byte order.
        (&["Acme Corp", "ACME CORP"], "ACME CORP"),
        (&["ACME CORP", "Acme Corp"], "ACME CORP"),
        (&["Acme"], "Acme"),
    ];
    for (names, want) in cases {
        let batches: Vec<(RecordBatch, RecordBatch)> = names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let d = format!("d{i}");
                (
                    documents(&[(d.as_str(), Some(100))]),
                    named_mentions(&[(d.as_str(), 0, "organization", "acme")], &[name]),
                )
            })
            .collect();
        let forward = aggregate(&batches, tree());
        let backward: Vec<_> = batches.iter().rev().cloned().collect();
        let backward = aggregate(&backward, tree());
        assert_eq!(forward.organizations, backward.organizations, "{names:?}");
        assert_eq!(
            strings(&forward.organizations, "entity_name"),
            vec![Some(want.to_string())],
            "{names:?}"
        );
    }
}

#[test]
fn cooccurrence_of_a_huge_document_is_bounded() {
    // One document naming n organizations, each in a sentence of its own with one country, and
    // a sentence naming all of them: without a bound, n(n-1)/2 pairs at each scope.
    for n in [
        MAX_PAIR_ENTITIES / 2,
        MAX_PAIR_ENTITIES,
        3 * MAX_PAIR_ENTITIES,
    ] {
        let ids: Vec<String> = (0..n).map(|i| format!("org{i:04}")).collect();
        let mut rows: Vec<Row> = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            // org0000 is named most, org0001 next, ...; the rest once in the last sentence.
            for _ in 0..(n - i).min(5) {
                rows.push(("d", i as u32, "organization", id));
            }
            rows.push(("d", n as u32, "organization", id));
        }
        rows.push(("d", 0, "country", "US"));
        let out = aggregate(&[(documents(&[("d", Some(100))]), mentions(&rows))], tree());
        // The entities kept are those named most: the country (one mention, as the last
        // organizations have) takes part only while everything fits; ties go by kind, so the
        // organizations named once come before it.
        let fits = n < MAX_PAIR_ENTITIES;
        let kept = if fits { n + 1 } else { MAX_PAIR_ENTITIES };
        let c = &out.cooccurrence;
        // Each pair in both orders.
        assert_eq!(c.num_rows(), kept * (kept - 1), "n = {n}");
        let us = strings(c, "entity_b")
            .iter()
            .any(|e| e.as_deref() == Some("US"));
        assert_eq!(us, fits, "n = {n}");
        // Sentence pairs: those of the last sentence among the organizations kept, and
        // org0000 with US in sentence 0 when US is kept.
        let orgs = kept - usize::from(fits);
        let sentence_pairs: u64 = nums(c, "sentences").iter().sum();
        assert_eq!(
            sentence_pairs as usize,
            2 * (orgs * (orgs - 1) / 2 + usize::from(fits)),
            "n = {n}"
        );
        assert!(nums(c, "documents").iter().all(|&d| d == 1));
    }
}

/// `timeseries.day_documents` counts every document of the day, with mentions or not (the
/// undated ones in the null row), across batches, so that shares are one division.
#[test]
fn timeseries_carries_the_documents_of_each_day() {
    let mut a = Aggregator::new();
    a.add(
        &documents(&[("d0", Some(5)), ("d1", Some(5)), ("d2", Some(6))]),
        &mentions(&[("d0", 0, "country", "US"), ("d2", 0, "country", "US")]),
    )
    .unwrap();
    // A batch without mentions still counts its documents.
    a.add(&documents(&[("d3", Some(5))]), &mentions(&[]))
        .unwrap();
    a.add(
        &documents(&[("d4", None), ("d5", None)]),
        &mentions(&[("d4", 1, "country", "US")]),
    )
    .unwrap();
    let out = a.finish().unwrap();
    let t = &out.timeseries;
    check_contracts(&out);
    let got: Vec<(u64, u64)> = (0..t.num_rows())
        .map(|i| (nums(t, "documents")[i], nums(t, "day_documents")[i]))
        .collect();
    assert_eq!(got, vec![(1, 3), (1, 1), (1, 2)]);
    assert_eq!(t.column_by_name("day").unwrap().null_count(), 1);
}

/// Persons (issue 19): a table of their own like organizations, in the pairs after countries and
/// before themes, in the time series as they are (never rolled up).
#[test]
fn persons_count_like_organizations_and_pair_after_countries() {
    let batches = vec![(
        documents(&[("d1", Some(100)), ("d2", Some(101))]),
        mentions(&[
            ("d1", 0, "person", "new:ada-quell"),
            ("d1", 0, "country", "US"),
            ("d1", 1, "person", "new:ada-quell"),
            ("d1", 1, "theme", "tariffs"),
            ("d2", 0, "person", "new:ada-quell"),
            ("d2", 0, "person", "new:bo-rin"),
            ("d2", 0, "organization", "acme"),
        ]),
    )];
    let out = aggregate(&batches, tree());
    assert_eq!(
        rows(&out.persons),
        [
            ("new:ada-quell".to_string(), 3, 2, 3),
            ("new:bo-rin".to_string(), 1, 1, 1)
        ]
    );
    assert!(ids(&out.organizations)
        .iter()
        .all(|i| !i.starts_with("new:")));
    assert!(ids(&out.themes).iter().all(|i| !i.starts_with("new:")));
    let c = &out.cooccurrence;
    let pairs: Vec<(String, String)> = (0..c.num_rows())
        .map(|i| {
            (
                strings(c, "kind_a")[i].clone().unwrap(),
                strings(c, "kind_b")[i].clone().unwrap(),
            )
        })
        .collect();
    for want in [
        ("country", "person"),
        ("person", "theme"),
        ("organization", "person"),
        ("person", "person"),
    ] {
        assert!(
            pairs.contains(&(want.0.to_string(), want.1.to_string())),
            "{want:?} in {pairs:?}"
        );
    }
    let ts = &out.timeseries;
    let person_rows = strings(ts, "kind")
        .iter()
        .filter(|k| k.as_deref() == Some("person"))
        .count();
    assert_eq!(person_rows, 3, "ada on two days, bo on one");
}

#[test]
fn rolled_up_sentences_count_once_whatever_order_the_mentions_come_in() {
    // Issue 25: entities are counted sentence by sentence from the sorted mentions, not from a row
    // per mention and ancestor. Mentions out of sentence order, a title, two themes under one
    // ancestor in one sentence, two documents interleaved.
    let rows_in: &[Row] = &[
        ("d1", 3, "theme", "tariffs"),
        ("d2", 0, "theme", "trade"),
        ("d1", TITLE, "theme", "tariffs"),
        ("d1", 1, "theme", "export_controls"),
        ("d1", 3, "theme", "export_controls"),
        ("d2", 0, "theme", "tariffs"),
        ("d1", 1, "theme", "tariffs"),
        ("d1", 3, "organization", "acme"),
        ("d1", 1, "organization", "acme"),
        ("d1", 1, "organization", "acme"),
    ];
    let docs = documents(&[("d1", Some(100)), ("d2", Some(101))]);
    for order in [rows_in.to_vec(), rows_in.iter().rev().copied().collect()] {
        let out = aggregate(&[(docs.clone(), mentions(&order))], tree());
        // (id, mentions, documents, sentences)
        assert_eq!(
            rows(&out.themes),
            vec![
                // d1: 5 theme mentions in sentences 1, 3 and the title; d2: 2 in sentence 0.
                ("economy".into(), 7, 2, 4),
                ("trade".into(), 7, 2, 4),
                ("tariffs".into(), 4, 2, 4),
                ("export_controls".into(), 2, 1, 2),
            ]
        );
        assert_eq!(rows(&out.organizations), vec![("acme".into(), 3, 1, 2)]);
    }
}

/// Every aggregate table of `out`, in a fixed order.
fn all_tables(out: Aggregates) -> Vec<RecordBatch> {
    vec![
        out.organizations,
        out.persons,
        out.countries,
        out.themes,
        out.document_themes.to_batch().unwrap(),
        out.cooccurrence,
        out.timeseries,
    ]
}

/// Documents with a day and a `duplicate_of` mark.
fn marked(docs: &[(&str, Option<i64>, Option<&str>)]) -> RecordBatch {
    let d = documents(&docs.iter().map(|d| (d.0, d.1)).collect::<Vec<_>>());
    let dup: ArrayRef = Arc::new(StringArray::from(
        docs.iter().map(|d| d.2).collect::<Vec<_>>(),
    ));
    let mut fields = d.schema().fields().to_vec();
    fields.push(Arc::new(Field::new("duplicate_of", ADataType::Utf8, true)));
    let mut cols = d.columns().to_vec();
    cols.push(dup);
    RecordBatch::try_new(Arc::new(Schema::new(fields)), cols).unwrap()
}

/// A batch's mentions given in chunks of every size (a document cut anywhere, within a
/// sentence, between its title and its text, with chunks of one row) aggregate as the same
/// mentions in one piece (issue 25: a huge document's mentions are made and counted a chunk at a
/// time).
#[test]
fn mentions_in_chunks_aggregate_as_one_piece() {
    // (documents, their mentions in document order)
    let cases: Vec<(RecordBatch, RecordBatch)> = vec![
        whole(&corpus()).remove(0),
        (
            documents(&[("big", Some(100))]),
            mentions(&[
                ("big", TITLE, "country", "US"),
                ("big", TITLE, "theme", "trade"),
                ("big", 0, "country", "US"),
                ("big", 0, "organization", "acme"),
                ("big", 0, "theme", "tariffs"),
                ("big", 1, "country", "CN"),
                ("big", 1, "country", "US"),
                ("big", 1, "organization", "acme"),
                ("big", 2, "theme", "export_controls"),
                ("big", 2, "theme", "tariffs"),
                ("big", 5, "organization", "globex"),
                ("big", 5, "country", "US"),
            ]),
        ),
        (
            marked(&[
                ("a", Some(7), None),
                ("b", Some(7), Some("a")),
                ("c", None, None),
            ]),
            mentions(&[
                ("a", 0, "country", "FR"),
                ("a", 0, "organization", "acme"),
                ("b", 0, "country", "FR"),
                ("b", 1, "organization", "acme"),
                ("c", TITLE, "country", "DE"),
                ("c", 0, "country", "DE"),
                ("c", 0, "theme", "trade"),
            ]),
        ),
    ];
    for (docs, ments) in &cases {
        let mut one = Aggregator::with_themes(tree());
        one.add(docs, ments).unwrap();
        let want = all_tables(one.finish().unwrap());
        assert!(want[5].num_rows() > 0, "no pairs to compare");
        for size in 1..=ments.num_rows() {
            let chunks = || {
                (0..ments.num_rows())
                    .step_by(size)
                    .map(|at| Ok(ments.slice(at, size.min(ments.num_rows() - at))))
            };
            let mut a = Aggregator::with_themes(tree());
            a.add_chunks(docs, chunks()).unwrap();
            assert_eq!(all_tables(a.finish().unwrap()), want, "chunks of {size}");
            let mut a = Aggregator::with_themes(tree()).document_themes_only(true);
            a.add_chunks(docs, chunks()).unwrap();
            let only = a.finish_document_themes().to_batch().unwrap();
            assert_eq!(only, want[4], "document_themes only, chunks of {size}");
        }
        // No chunks and empty chunks count the documents only, as no mentions do.
        let mut a = Aggregator::with_themes(tree());
        a.add_chunks(docs, [Ok(ments.slice(0, 0))]).unwrap();
        let mut b = Aggregator::with_themes(tree());
        b.add(docs, &mentions(&[])).unwrap();
        assert_eq!(
            all_tables(a.finish().unwrap()),
            all_tables(b.finish().unwrap())
        );
    }
}

#[test]
fn subject_rank_weighs_the_documents_entities() {
    // Two IPTC top levels named alike (economy once more), and many countries: the subject
    // ranker of `document_themes` reads the document's entities from the mentions (here 24
    // countries and 2 companies), as `newsmill_core::subject::rank_subjects` does with them.
    let node = |parent: Option<&str>| ThemeNode {
        parent: parent.map(String::from),
        name: String::new(),
        qcode: None,
        about: None,
    };
    let t = ThemeTree::from([
        ("economy_business_finance".to_string(), node(None)),
        ("sport".to_string(), node(None)),
    ]);
    let mut rows: Vec<Row> = vec![
        ("d", 0, "theme", "economy_business_finance"),
        ("d", 0, "theme", "sport"),
        ("d", 4, "theme", "economy_business_finance"),
        ("d", 5, "theme", "sport"),
        ("d", 6, "theme", "economy_business_finance"),
        ("d", 1, "organization", "acme"),
        ("d", 2, "organization", "acme"),
    ];
    let countries = ["US", "CN", "DE", "FR"];
    for i in 0..24 {
        rows.push(("d", i % 7, "country", countries[i as usize % 4]));
    }
    let out = aggregate(
        &[(documents(&[("d", Some(1))]), mentions(&rows))],
        t.clone(),
    );
    let dt = &out.document_themes.to_batch().unwrap();
    let got: Vec<(String, Option<i64>)> = ids(dt)
        .into_iter()
        .zip(
            dt.column_by_name("subject_rank")
                .unwrap()
                .as_any()
                .downcast_ref::<Int64Array>()
                .unwrap()
                .iter(),
        )
        .collect();
    // The same ranking from the salience and the entity counts directly.
    let ms: Vec<ThemeMention> = rows
        .iter()
        .filter(|r| r.2 == "theme")
        .map(|r| ThemeMention {
            theme: r.3,
            sentence: Some(r.1),
        })
        .collect();
    let parent = |x: &str| t.get(x).and_then(|n| n.parent.as_deref());
    let rank = |entities: &DocEntities| {
        let mut themes = salience(&ms, parent, |_| None);
        rank_subjects(&mut themes, parent, entities, Ranker::builtin());
        let mut r: Vec<(String, Option<i64>)> = themes
            .into_iter()
            .map(|s| (s.theme, s.subject_rank.map(i64::from)))
            .collect();
        r.sort_by_key(|x| x.1);
        r
    };
    let mut entities = DocEntities::default();
    for r in rows.iter().filter(|r| r.2 != "theme") {
        entities.add(r.2, (r.2 == "organization").then_some("company"));
    }
    let mut got_sorted = got.clone();
    got_sorted.sort_by_key(|x| x.1);
    assert_eq!(got_sorted, rank(&entities));
    assert_eq!(entities.counts.iter().sum::<u32>(), 26);
    // Without the entities the salience order: economy first; with them the built-in weights
    // put sport first (results tables name many countries): the entities reached the ranker.
    assert_eq!(
        rank(&DocEntities::default())[0].0,
        "economy_business_finance"
    );
    assert_eq!(got_sorted[0].0, "sport");
}

/// `document_themes` only ([`Aggregator::document_themes_only`]) gives the rows, types and
/// metadata of the whole aggregates' `document_themes`: with the tree or without (themes learned
/// from the mentions' parents), near-duplicates left out or counted, batch by batch or at once.
#[test]
fn document_themes_only_gives_the_document_themes_of_all_aggregates() {
    let dup_docs = marked(&[
        ("a", Some(7), None),
        ("b", Some(7), Some("a")),
        ("c", None, None),
    ]);
    let dup_mentions = mentions(&[
        ("a", 0, "theme", "trade"),
        ("a", 0, "organization", "acme"),
        ("b", 0, "theme", "tariffs"),
        ("b", 1, "organization", "acme"),
        ("c", TITLE, "theme", "export_controls"),
        ("c", 0, "country", "DE"),
        ("c", 0, "theme", "trade"),
    ]);
    // (case, batches, tree, near-duplicates counted)
    type Case = (
        &'static str,
        Vec<(RecordBatch, RecordBatch)>,
        Option<ThemeTree>,
        bool,
    );
    let cases: Vec<Case> = vec![
        ("batch by batch", corpus(), Some(tree()), false),
        ("at once", whole(&corpus()), Some(tree()), false),
        ("no tree", corpus(), None, false),
        (
            "near-duplicates left out",
            vec![(dup_docs.clone(), dup_mentions.clone())],
            Some(tree()),
            false,
        ),
        (
            "near-duplicates counted",
            vec![(dup_docs, dup_mentions)],
            Some(tree()),
            true,
        ),
        (
            "no mentions",
            vec![(documents(&[("x", Some(1))]), mentions(&[]))],
            Some(tree()),
            false,
        ),
    ];
    for (case, batches, tree, duplicates) in cases {
        let fresh = || {
            tree.clone()
                .map_or_else(Aggregator::new, Aggregator::with_themes)
                .count_duplicates(duplicates)
        };
        let mut all = fresh();
        let mut only = fresh().document_themes_only(true);
        for (d, m) in &batches {
            all.add(d, m).unwrap();
            only.add(d, m).unwrap();
        }
        let want = all.finish().unwrap().document_themes.to_batch().unwrap();
        let got = only.finish_document_themes().to_batch().unwrap();
        assert_eq!(got, want, "{case}");
        assert_eq!(got.schema(), want.schema(), "{case}: schema and metadata");
        if case != "no mentions" {
            assert!(want.num_rows() > 0, "{case}: no rows to compare");
        }
    }
    // Asked for every table, it has no others to give.
    let mut only = Aggregator::with_themes(tree()).document_themes_only(true);
    let (d, m) = &corpus()[0];
    only.add(d, m).unwrap();
    assert!(matches!(only.finish(), Err(Error::Internal(_))));
}

mod measures;
mod merge;

/// `pair_rows` (rows sorted as packed integer keys) against its former definition: the rows
/// built as `PairRow`s, each pair's first side the one earlier in the order, mirrored, then
/// sorted by a four-field comparison. Tables of pairs with ties on documents and sentences,
/// counts at the ends of `u64`, codes whose places differ from the codes, no pairs, one pair.
#[test]
fn pair_rows_equal_the_former_sort() {
    fn former(pairs: &[(u32, u32, u64, u64)], order: &[u32]) -> Vec<PairRow> {
        let mut rows: Vec<PairRow> = pairs
            .iter()
            .map(|&(a, b, documents, sentences)| {
                let (a, b) = if order[a as usize] > order[b as usize] {
                    (b as usize, a as usize)
                } else {
                    (a as usize, b as usize)
                };
                (documents, sentences, order[a], order[b], a, b)
            })
            .collect();
        let mirrored: Vec<PairRow> = rows
            .iter()
            .map(|&(d, s, oa, ob, a, b)| (d, s, ob, oa, b, a))
            .collect();
        rows.extend(mirrored);
        rows.sort_unstable_by(|x, y| (y.0, y.1, x.2, x.3).cmp(&(x.0, x.1, y.2, y.3)));
        rows
    }
    // A fixed pseudo-random sequence (64-bit LCG), so a failure repeats.
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move |n: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    // (entities, pairs, largest count): small counts make ties on documents and sentences; the
    // last two draw counts at the ends of 32 bits (packed in one key) and of 64 bits (not).
    let wide = u64::from(u32::MAX);
    for (n, m, most) in [
        (2, 1, 1),
        (5, 10, 3),
        (40, 300, 4),
        (300, 2_000, 50),
        (500, 5_000, wide),
        (1_000, 20_000, u64::MAX),
    ] {
        // Each code's place: a permutation unlike the codes.
        let mut order: Vec<u32> = (0..n as u32).collect();
        for i in (1..order.len()).rev() {
            order.swap(i, next(i as u64 + 1) as usize);
        }
        let mut seen = std::collections::HashSet::new();
        let mut pairs = Vec::new();
        while pairs.len() < m {
            let (a, b) = (next(n) as u32, next(n) as u32);
            if a == b || !seen.insert((a.min(b), a.max(b))) {
                continue;
            }
            let count = |next: &mut dyn FnMut(u64) -> u64| match most {
                u64::MAX => {
                    [0, 1, u64::MAX, u64::MAX - 1, 1 << 32, next(1 << 40)][next(6) as usize]
                }
                m if m == wide => [0, 1, wide, wide - 1, 1 << 31, next(1 << 31)][next(6) as usize],
                _ => next(most) + 1,
            };
            let documents = count(&mut next);
            let sentences = count(&mut next);
            pairs.push((a, b, documents, sentences));
        }
        let got = pair_rows(pairs.iter().copied(), &order);
        assert_eq!(got, former(&pairs, &order), "{n} entities, {m} pairs");
        assert_eq!(got.len(), 2 * m);
    }
    assert!(pair_rows(std::iter::empty(), &[0, 1]).is_empty());
}
