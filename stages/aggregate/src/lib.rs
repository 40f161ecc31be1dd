//! The aggregate stage: `documents` + `mentions` → per-organization, per-country and per-theme
//! tables (themes rolled up to their ancestors), co-occurrence of entities and time series per
//! day, with Polars; and the salience of each theme in each document (`document_themes`, by
//! `newsmill_core::salience`). The only crate that knows Polars; [`bridge`] is where Arrow and
//! Polars meet.
//!
//! Memory stays bounded: each document-aligned batch (documents with all their mentions) is
//! reduced right away to counts per entity, per entity and day, and per pair of entities, kept in
//! hash maps keyed by integer codes (a document never spans two batches, so distinct documents and
//! sentences add up across batches). Polars builds the final tables from those counts: joins with
//! the entities' names and attributes, the theme tree and the roll-up, shares and order. Counting
//! batch by batch in Polars cost more than the counts themselves (a query plan per batch).

pub mod bridge;
mod config;
mod doc_themes;
mod measures;
mod merge;

pub use config::{AggregateConfig, Duplicates};
pub use doc_themes::DocumentThemes;
pub use measures::{DocMeasures, MEASURES};

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, Date32Array, Int64Array, StringArray};
use arrow::datatypes::{DataType as ADataType, Field, Schema, TimeUnit};
use arrow::record_batch::RecordBatch;
use newsmill_core::salience::{salience, ThemeMention};
use newsmill_core::subject::{rank_subjects, DocEntities, Ranker};
use newsmill_core::tables::{
    COOCCURRENCE, COUNTRIES, MENTIONS, ORGANIZATIONS, PERSONS, THEMES, TIMESERIES,
};
use newsmill_core::util::str_col;
use newsmill_core::{Error, Result};
use polars::prelude::*;
use rustc_hash::FxHashMap;

fn perr(e: PolarsError) -> Error {
    Error::Format {
        context: "aggregate".into(),
        message: e.to_string(),
    }
}

/// One theme of the theme tree.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeNode {
    /// The parent theme's id; `None` for a top-level theme.
    pub parent: Option<String>,
    pub name: String,
    pub qcode: Option<String>,
    /// The salience score a document needs to be about the theme; `None` for the default
    /// (`newsmill_core::salience::DEFAULT_THRESHOLD`).
    pub about: Option<f64>,
}

/// The theme tree by theme id (from the tagger's dictionary). Themes it lacks are added from the
/// mentions (their `parent_id`, name and qcode) as they are seen.
pub type ThemeTree = HashMap<String, ThemeNode>;

/// Entity attributes carried from the mentions into the aggregates.
const ATTRS: [&str; 5] = ["entity_name", "entity_type", "country", "iso3", "fips"];
/// The place of `entity_type` in [`ATTRS`].
const ENTITY_TYPE: usize = 1;

/// The values of [`ATTRS`] of one mention.
type Attrs = [Option<String>; 5];

/// No attributes (an entity known only as a theme's ancestor).
const NO_ATTRS: &Attrs = &[None, None, None, None, None];

const ORG: &str = "organization";
const COUNTRY: &str = "country";
const THEME: &str = "theme";
const PERSON: &str = "person";
/// The rank of themes in [`rank_of`].
const THEME_RANK: u8 = 3;

/// The aggregate tables.
#[derive(Debug, Clone)]
pub struct Aggregates {
    pub organizations: RecordBatch,
    pub persons: RecordBatch,
    pub countries: RecordBatch,
    pub themes: RecordBatch,
    /// Built a slice at a time when written: [`DocumentThemes::batches`].
    pub document_themes: DocumentThemes,
    pub cooccurrence: RecordBatch,
    pub timeseries: RecordBatch,
}

/// Accumulates partial counts over document-aligned batches of documents and mentions.
#[derive(Default)]
pub struct Aggregator {
    /// Shared with the aggregators of single batches made by [`Self::sibling`] until one learns a
    /// theme (copied on write).
    tree: Arc<ThemeTree>,
    /// The tree this aggregator started with: [`Self::merge`] takes it only into an aggregator
    /// whose tree is still that one.
    base: Arc<ThemeTree>,
    /// Themes known only as a parent so far (name = id): a mention of them fills them in.
    placeholders: HashSet<String>,
    /// Entity codes by kind rank and id, their keys, and the attributes their mentions give
    /// with how many mentions give each (names come from the data, not from the order in which
    /// documents arrive: [`Self::attrs_of`]).
    codes: [FxHashMap<String, u32>; 4],
    keys: Vec<(String, String)>,
    attrs: Vec<Vec<(Attrs, u64)>>,
    /// Each theme's code and its ancestors' codes (itself first), as the tree is now.
    ancestor_codes: FxHashMap<u32, Vec<u32>>,
    /// Per (entity code, rolled up): counts so far.
    entities: FxHashMap<(u32, bool), EntityCounts>,
    /// Per (entity code, day): mentions and documents so far (themes rolled up).
    series: FxHashMap<(u32, Option<i32>), (u64, u64)>,
    /// Documents counted per publication day (null: undated), for `timeseries.day_documents`.
    day_documents: FxHashMap<Option<i32>, u64>,
    /// Per pair of entity codes, ordered by (kind rank, code): documents and sentences so far.
    pairs: FxHashMap<(u32, u32), (u64, u64)>,
    /// `document_themes` rows so far (theme names are filled in by `finish`).
    doc_themes: DocumentThemes,
    documents: u64,
    /// Whether documents marked `duplicate_of` another are counted.
    count_duplicates: bool,
    /// Whether only `document_themes` is computed ([`Self::document_themes_only`]).
    themes_only: bool,
    /// Whether each document's measures are given instead of counts over the documents
    /// ([`Self::document_measures`]), and the rows so far.
    per_document: bool,
    measures: DocMeasures,
    /// The tree the aggregator was made with (the dictionary's themes): a theme it lacks is an
    /// `unknown` measure row.
    dictionary: Arc<ThemeTree>,
}

/// What the documents so far say of one entity (or one theme, rolled up or not).
#[derive(Debug, Default, Clone, Copy)]
struct EntityCounts {
    mentions: u64,
    sentences: u64,
    documents: u64,
    /// `published_at` in microseconds, over the dated documents.
    first_seen: Option<i64>,
    last_seen: Option<i64>,
}

/// The kind's rank in pair order: organization, country, person, theme (any other kind ranks
/// as a theme).
fn rank_of(kind: &str) -> u8 {
    match kind {
        ORG => 0,
        COUNTRY => 1,
        PERSON => 2,
        _ => THEME_RANK,
    }
}

/// A `cooccurrence` row being built: documents, sentences, the sides' places in the pair order,
/// the sides' codes.
type PairRow = (u64, u64, u32, u32, usize, usize);
/// The most entities of one document (or one sentence) whose pairs count in `cooccurrence`:
/// pairs grow with the square of the entities, and a huge text (a book, a 100 MB dump) names
/// thousands. Chosen far above what news has: the news article of Reuters-21578 with most
/// distinct entities has 54 (99th percentile 28; measured on a run of the whole corpus).
pub const MAX_PAIR_ENTITIES: usize = 100;

/// Keeps the `MAX_PAIR_ENTITIES` entities `(kind rank, code, mentions)` with most mentions
/// (ties: kind rank, then id), in (kind rank, code) order; `keys` are the entities' (kind, id)
/// by code. A function of the text, not of the order in which codes were given.
fn most_mentioned(entities: &mut Vec<(u8, u32, u64)>, keys: &[(String, String)]) {
    if entities.len() <= MAX_PAIR_ENTITIES {
        return;
    }
    entities.sort_unstable_by(|a, b| {
        (std::cmp::Reverse(a.2), a.0, &keys[a.1 as usize].1).cmp(&(
            std::cmp::Reverse(b.2),
            b.0,
            &keys[b.1 as usize].1,
        ))
    });
    entities.truncate(MAX_PAIR_ENTITIES);
    entities.sort_unstable();
}

/// The pairs of one document ([`DocPairs::of`]), with buffers kept from one document to the
/// next.
#[derive(Default)]
struct DocPairs {
    /// The document's entities `(kind rank, code, mentions)`, those kept, in (kind rank, code)
    /// order.
    entities: Vec<(u8, u32, u64)>,
    /// One sentence's kept entities, by place in `entities`.
    in_sentence: Vec<usize>,
    /// The sentences of each pair of places `i < j`: `counts[i * n + j]`.
    counts: Vec<u64>,
    /// The pairs `(code a, code b, sentences)`, a before b in (kind rank, code) order.
    out: Vec<(u32, u32, u64)>,
}

impl DocPairs {
    /// The pairs of one document's direct mentions `doc` (sorted by sentence, kind rank and
    /// code) in `self.out`: each pair of distinct entities among its [`MAX_PAIR_ENTITIES`] most
    /// mentioned ([`most_mentioned`]) once, with the number of its sentences that name both (a
    /// mention outside any sentence, in the title, is a sentence of its own). `keys`: the
    /// entities by code.
    fn of(&mut self, doc: &[(u32, u32, u8, u32)], keys: &[(String, String)]) {
        let e = &mut self.entities;
        e.clear();
        e.extend(doc.iter().map(|m| (m.2, m.3, 1)));
        e.sort_unstable();
        e.dedup_by(|b, a| {
            let same = (a.0, a.1) == (b.0, b.1);
            if same {
                a.2 += b.2;
            }
            same
        });
        most_mentioned(e, keys);
        let n = e.len();
        self.counts.clear();
        self.counts.resize(n * n, 0);
        let mut s_at = 0;
        while s_at < doc.len() {
            let s = doc[s_at].1;
            let s_end = s_at + doc[s_at..].partition_point(|m| m.1 == s);
            self.in_sentence.clear();
            // A sentence's mentions come in (kind rank, code) order: their places ascend.
            self.in_sentence.extend(
                doc[s_at..s_end]
                    .iter()
                    .filter_map(|m| e.binary_search_by(|x| (x.0, x.1).cmp(&(m.2, m.3))).ok()),
            );
            self.in_sentence.dedup();
            s_at = s_end;
            for (k, &i) in self.in_sentence.iter().enumerate() {
                for &j in &self.in_sentence[k + 1..] {
                    self.counts[i * n + j] += 1;
                }
            }
        }
        self.out.clear();
        for i in 0..n {
            for j in i + 1..n {
                self.out.push((e[i].1, e[j].1, self.counts[i * n + j]));
            }
        }
    }
}

/// One side of a [`PairRow`]: its code.
type Side = fn(&PairRow) -> usize;

/// The `cooccurrence` rows of `pairs` (`(code, code, documents, sentences)`, each pair once),
/// each pair in both orders (so that a filter on `entity_a` alone finds every partner), sorted
/// by documents, then sentences (most first), then the sides' places in `order` (each code's
/// place in the pair order). Sorted as packed integer keys rather than as 40-byte rows by a
/// four-field comparison: one `u128` a row (`!documents`, `!sentences`, then the two places, 32
/// bits each) when every count fits 32 bits, as in any corpus of fewer than 4 billion sentences;
/// else `!documents` and `!sentences` in a `u128` and the places in a `u64`. No two rows have
/// the same places, so the order is the same.
fn pair_rows(
    pairs: impl Iterator<Item = (u32, u32, u64, u64)> + Clone,
    order: &[u32],
) -> Vec<PairRow> {
    let mut by_place = vec![0usize; order.len()];
    for (code, &place) in order.iter().enumerate() {
        by_place[place as usize] = code;
    }
    let row = |documents: u64, sentences: u64, oa: u32, ob: u32| -> PairRow {
        let (a, b) = (by_place[oa as usize], by_place[ob as usize]);
        (documents, sentences, oa, ob, a, b)
    };
    let rows = 2 * pairs.size_hint().0;
    let narrow = u64::from(u32::MAX);
    if pairs.clone().all(|(_, _, d, s)| d <= narrow && s <= narrow) {
        let mut sorted: Vec<u128> = Vec::with_capacity(rows);
        for (a, b, documents, sentences) in pairs {
            let counts =
                (u128::from(!(documents as u32)) << 96) | (u128::from(!(sentences as u32)) << 64);
            let (oa, ob) = (u128::from(order[a as usize]), u128::from(order[b as usize]));
            sorted.push(counts | (oa << 32) | ob);
            sorted.push(counts | (ob << 32) | oa);
        }
        sorted.sort_unstable();
        return sorted
            .into_iter()
            .map(|k| {
                let documents = u64::from(!((k >> 96) as u32));
                let sentences = u64::from(!((k >> 64) as u32));
                row(documents, sentences, (k >> 32) as u32, k as u32)
            })
            .collect();
    }
    let mut sorted: Vec<(u128, u64)> = Vec::with_capacity(rows);
    for (a, b, documents, sentences) in pairs {
        let counts = (u128::from(!documents) << 64) | u128::from(!sentences);
        let (oa, ob) = (u64::from(order[a as usize]), u64::from(order[b as usize]));
        sorted.push((counts, (oa << 32) | ob));
        sorted.push((counts, (ob << 32) | oa));
    }
    sorted.sort_unstable();
    sorted
        .into_iter()
        .map(|(counts, places)| {
            let (documents, sentences) = (!((counts >> 64) as u64), !(counts as u64));
            row(documents, sentences, (places >> 32) as u32, places as u32)
        })
        .collect()
}

/// Each of `0..n`'s place in the order of `key`.
fn places<K: Ord>(n: usize, key: impl Fn(usize) -> K) -> Vec<u32> {
    let mut by: Vec<usize> = (0..n).collect();
    by.sort_unstable_by_key(|&i| key(i));
    let mut at = vec![0u32; n];
    for (place, i) in by.into_iter().enumerate() {
        at[i] = place as u32;
    }
    at
}

fn collect(lf: LazyFrame) -> Result<DataFrame> {
    lf.collect().map_err(perr)
}

/// The `(doc_id, ts, day)` of a documents batch: `published_at` as microseconds and as a UTC day.
fn doc_dates(documents: &RecordBatch) -> Result<RecordBatch> {
    let bad = |what: &str| Error::Schema {
        context: "aggregate input".into(),
        expected: "documents with `doc_id` (string) and `published_at` (timestamp[us, UTC])".into(),
        found: what.to_string(),
    };
    let ids = documents
        .column_by_name("doc_id")
        .ok_or_else(|| bad("no `doc_id` column"))?;
    if ids.data_type() != &ADataType::Utf8 {
        return Err(bad(&format!("`doc_id` of type {}", ids.data_type())));
    }
    let ts = documents
        .column_by_name("published_at")
        .ok_or_else(|| bad("no `published_at` column"))?;
    if !matches!(
        ts.data_type(),
        ADataType::Timestamp(TimeUnit::Microsecond, Some(tz)) if tz.as_ref() == "UTC"
    ) {
        return Err(bad(&format!("`published_at` of type {}", ts.data_type())));
    }
    let ts = arrow::compute::cast(ts, &ADataType::Int64)?;
    let ts = ts
        .as_any()
        .downcast_ref::<Int64Array>()
        .ok_or_else(|| Error::Internal("published_at as int64".into()))?;
    const DAY_US: i64 = 86_400_000_000;
    let day: Date32Array = ts
        .iter()
        .map(|t| t.map(|t| t.div_euclid(DAY_US) as i32))
        .collect();
    let schema = Arc::new(Schema::new(vec![
        Field::new("doc_id", ADataType::Utf8, false),
        Field::new("ts", ADataType::Int64, true),
        Field::new("day", ADataType::Date32, true),
    ]));
    Ok(RecordBatch::try_new(
        schema,
        vec![ids.clone(), Arc::new(ts.clone()), Arc::new(day) as ArrayRef],
    )?)
}

/// The documents that are not near-duplicates, and the ids of those that are; `None` when none
/// is one.
fn without_duplicates(documents: &RecordBatch) -> Result<Option<(RecordBatch, HashSet<String>)>> {
    let Some(dup) = documents.column_by_name("duplicate_of") else {
        return Ok(None);
    };
    if dup.null_count() == dup.len() {
        return Ok(None);
    }
    let ids = str_col(documents, "doc_id")?;
    let dups: HashSet<String> = (0..documents.num_rows())
        .filter(|&i| dup.is_valid(i))
        .map(|i| ids.value(i).to_string())
        .collect();
    let keep_docs = arrow::compute::is_null(dup)?;
    Ok(Some((
        arrow::compute::filter_record_batch(documents, &keep_docs)?,
        dups,
    )))
}

/// The mentions of documents not in `dups`.
fn mentions_without(mentions: &RecordBatch, dups: &HashSet<String>) -> Result<RecordBatch> {
    let mids = str_col(mentions, "doc_id")?;
    let keep: arrow::array::BooleanArray = (0..mentions.num_rows())
        .map(|i| Some(!dups.contains(mids.value(i))))
        .collect();
    Ok(arrow::compute::filter_record_batch(mentions, &keep)?)
}

/// Counts the attributes mention `i` gives (the values of `cols`, [`ATTRS`]) in `seen`: each
/// mention gives its entity one tuple of values.
fn count_attrs_in(seen: &mut Vec<(Attrs, u64)>, cols: &[&StringArray], i: usize) {
    let same = |v: &Attrs| {
        v.iter()
            .zip(cols)
            .all(|(v, c)| v.as_deref() == c.is_valid(i).then(|| c.value(i)))
    };
    match seen.iter_mut().find(|(v, _)| same(v)) {
        Some((_, n)) => *n += 1,
        None => seen.push((std::array::from_fn(|a| opt_str_any(cols[a], i)), 1)),
    }
}

/// A value as it is (empty strings kept), null as `None`.
fn opt_str_any(a: &StringArray, i: usize) -> Option<String> {
    a.is_valid(i).then(|| a.value(i).to_string())
}

fn opt_str(a: &StringArray, i: usize) -> Option<String> {
    (!a.is_null(i) && !a.value(i).is_empty()).then(|| a.value(i).to_string())
}

impl Aggregator {
    /// A new, empty aggregator with no theme tree (themes roll up along the `parent_id` of the
    /// mentions only).
    pub fn new() -> Aggregator {
        Aggregator::default()
    }

    /// A new aggregator that rolls themes up along `tree`.
    pub fn with_themes(tree: ThemeTree) -> Aggregator {
        let tree = Arc::new(tree);
        Aggregator {
            base: Arc::clone(&tree),
            dictionary: Arc::clone(&tree),
            tree,
            ..Aggregator::default()
        }
    }

    /// Adds the themes of a mentions batch that the tree does not know yet (and their parents).
    fn learn_themes(&mut self, mentions: &RecordBatch) -> Result<()> {
        let kind = str_col(mentions, "kind")?;
        let id = str_col(mentions, "entity_id")?;
        let name = str_col(mentions, "entity_name")?;
        let qcode = str_col(mentions, "qcode")?;
        let parent = str_col(mentions, "parent_id")?;
        for i in 0..mentions.num_rows() {
            if kind.value(i) != THEME {
                continue;
            }
            // Borrowed: most mentions name a theme the tree knows, and allocate nothing.
            let p = (!parent.is_null(i) && !parent.value(i).is_empty()).then(|| parent.value(i));
            if !self.tree.contains_key(id.value(i)) || self.placeholders.remove(id.value(i)) {
                self.ancestor_codes.clear();
                Arc::make_mut(&mut self.tree).insert(
                    id.value(i).to_string(),
                    ThemeNode {
                        parent: p.map(String::from),
                        name: name.value(i).to_string(),
                        qcode: opt_str(qcode, i),
                        about: None,
                    },
                );
            }
            if let Some(p) = p {
                if !self.tree.contains_key(p) {
                    self.placeholders.insert(p.to_string());
                    self.ancestor_codes.clear();
                    Arc::make_mut(&mut self.tree).insert(
                        p.to_string(),
                        ThemeNode {
                            parent: None,
                            name: p.to_string(),
                            qcode: None,
                            about: None,
                        },
                    );
                }
            }
        }
        Ok(())
    }

    /// Each theme's ancestors, itself included (cycles are cut).
    fn ancestors(&self, id: &str) -> Vec<String> {
        let mut chain = vec![id.to_string()];
        let mut seen: HashSet<&str> = HashSet::from([id]);
        let mut cur = id;
        while let Some(p) = self.tree.get(cur).and_then(|n| n.parent.as_deref()) {
            if !seen.insert(p) {
                break;
            }
            chain.push(p.to_string());
            cur = p;
        }
        chain
    }

    /// The codes of a theme and its ancestors (itself first), kept until the tree changes.
    fn ancestor_codes(&mut self, code: u32) -> &[u32] {
        if !self.ancestor_codes.contains_key(&code) {
            let id = self.keys[code as usize].1.clone();
            let codes = self
                .ancestors(&id)
                .iter()
                .map(|a| self.code(THEME, a))
                .collect();
            self.ancestor_codes.insert(code, codes);
        }
        &self.ancestor_codes[&code]
    }

    /// The theme tree as a frame: id, name, qcode, parent, depth.
    fn tree_frame(&self) -> Result<DataFrame> {
        let mut ids: Vec<&String> = self.tree.keys().collect();
        ids.sort();
        let node = |id: &str| &self.tree[id];
        DataFrame::new(
            ids.len(),
            vec![
                Column::new(
                    "entity_id".into(),
                    ids.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
                ),
                Column::new(
                    "entity_name".into(),
                    ids.iter()
                        .map(|s| node(s).name.as_str())
                        .collect::<Vec<_>>(),
                ),
                Column::new(
                    "qcode".into(),
                    ids.iter()
                        .map(|s| node(s).qcode.as_deref())
                        .collect::<Vec<_>>(),
                ),
                Column::new(
                    "parent_id".into(),
                    ids.iter()
                        .map(|s| node(s).parent.as_deref())
                        .collect::<Vec<_>>(),
                ),
                Column::new(
                    "depth".into(),
                    ids.iter()
                        .map(|s| (self.ancestors(s).len() - 1) as u32)
                        .collect::<Vec<_>>(),
                ),
            ],
        )
        .map_err(perr)
    }

    /// Whether near-duplicates (documents with a `duplicate_of`) count; by default they do not.
    pub fn count_duplicates(mut self, yes: bool) -> Aggregator {
        self.count_duplicates = yes;
        self
    }

    /// Whether only `document_themes` is computed (each document's themes, their salience and
    /// subject ranks: what needs a whole document), for [`Self::finish_document_themes`]: no
    /// counts per entity, day or pair, no attributes. Its rows are those [`Self::finish`] gives.
    pub fn document_themes_only(mut self, yes: bool) -> Aggregator {
        self.themes_only = yes;
        self
    }

    /// Whether each document's measures are computed instead of the counts over all documents,
    /// for [`Self::finish_measures`] (with `document_themes`; no counts per entity, day or pair
    /// over the documents): per document, the rows whose sums over documents are those counts
    /// ([`DocMeasures`]), by the same code. So a sum elsewhere (Spark's aggregates) has this
    /// stage's definition of each measure.
    pub fn document_measures(mut self, yes: bool) -> Aggregator {
        self.per_document = yes;
        self
    }

    /// Adds one document-aligned batch: documents (at least `doc_id` and `published_at`; with
    /// `duplicate_of`, near-duplicates are left out unless counted) and every mention of those
    /// documents.
    pub fn add(&mut self, documents: &RecordBatch, mentions: &RecordBatch) -> Result<()> {
        self.add_chunks(documents, [Ok(mentions.clone())])
    }

    /// [`Aggregator::add`] with the documents' mentions in chunks of rows, in order (a huge
    /// document's may span several): each chunk is counted and can be dropped before the next
    /// comes. What is kept until the last chunk is a small row per mention (document, sentence,
    /// entity code: 16 bytes) and per theme mention, not the chunks' columns. The counts are
    /// those of one `add` with the chunks' rows together.
    pub fn add_chunks<I>(&mut self, documents: &RecordBatch, chunks: I) -> Result<()>
    where
        I: IntoIterator<Item = Result<RecordBatch>>,
    {
        let mut documents = documents.clone();
        let mut dups: Option<HashSet<String>> = None;
        if !self.count_duplicates {
            if let Some((d, ids)) = without_duplicates(&documents)? {
                documents = d;
                dups = Some(ids);
            }
        }
        let chunks = chunks.into_iter().map(|m| {
            let m = m?;
            MENTIONS.check(&m.schema(), "aggregate input")?;
            match &dups {
                Some(ids) => mentions_without(&m, ids),
                None => Ok(m),
            }
        });
        self.add_all(&documents, chunks)
    }

    /// The code of an entity, given on first sight.
    fn code(&mut self, kind: &str, id: &str) -> u32 {
        let r = rank_of(kind) as usize;
        if let Some(&c) = self.codes[r].get(id) {
            return c;
        }
        let c = self.keys.len() as u32;
        self.codes[r].insert(id.to_string(), c);
        self.keys.push((kind.to_string(), id.to_string()));
        self.attrs.push(Vec::new());
        c
    }

    /// Counts the attributes mention `i` gives entity `code`.
    fn count_attrs(&mut self, code: u32, cols: &[&StringArray], i: usize) {
        count_attrs_in(&mut self.attrs[code as usize], cols, i);
    }

    /// The attributes of an entity (its name first): those most of its mentions give (the
    /// dictionary's for a dictionary entity), ties to the least in string order. A function of
    /// the mentions counted, whatever order they came in.
    fn attrs_of(&self, code: usize) -> &Attrs {
        self.attrs[code]
            .iter()
            .max_by(|(a, n), (b, m)| n.cmp(m).then_with(|| b.cmp(a)))
            .map_or(NO_ATTRS, |(a, _)| a)
    }

    fn add_all<I>(&mut self, documents: &RecordBatch, chunks: I) -> Result<()>
    where
        I: Iterator<Item = Result<RecordBatch>>,
    {
        let dates = doc_dates(documents)?;
        // Counts over the documents: not for `document_themes` only, nor per document.
        let over_documents = !self.themes_only && !self.per_document;
        if over_documents {
            self.documents += dates.num_rows() as u64;
        }
        let days = dates
            .column(2)
            .as_any()
            .downcast_ref::<Date32Array>()
            .ok_or_else(|| Error::Internal("day".into()))?;
        if over_documents {
            for d in 0..days.len() {
                let day = days.is_valid(d).then(|| days.value(d));
                *self.day_documents.entry(day).or_default() += 1;
            }
        }
        // Polars works on integers: documents by their row in this batch, entities by a code
        // (kind and id, with their attributes, kept here), sentences by number.
        let doc_ids = str_col(&dates, "doc_id")?;
        let row_of: FxHashMap<&str, u32> = (0..dates.num_rows())
            .map(|i| (doc_ids.value(i), i as u32))
            .collect();
        let ts_all = dates
            .column(1)
            .as_any()
            .downcast_ref::<Int64Array>()
            .ok_or_else(|| Error::Internal("ts".into()))?
            .clone();
        let day_all = dates
            .column(2)
            .as_any()
            .downcast_ref::<Date32Array>()
            .ok_or_else(|| Error::Internal("day".into()))?
            .clone();
        // Direct mentions: (document, sentence, kind rank, code). Sorted, each document's
        // mentions come sentence by sentence, so each (code, rolled) counts its distinct sentences
        // as it goes, without a row per mention and ancestor (which held a huge document's
        // mentions twice over; issue 25).
        let mut direct: Vec<(u32, u32, u8, u32)> = Vec::new();
        // Per document: its theme mentions (code, sentence) in order, for their salience.
        let mut themes_of: Vec<Vec<(u32, Option<u32>)>> = vec![Vec::new(); dates.num_rows()];
        // Per document: its entity mentions by group, for its top-level subjects.
        let mut entities_of: Vec<DocEntities> = vec![DocEntities::default(); dates.num_rows()];
        // Per document measures: the attributes per (document, code), the themes the dictionary
        // lacks per document.
        let mut doc_rows = measures::Rows::default();
        for mentions in chunks {
            let mentions = mentions?;
            if mentions.num_rows() == 0 {
                continue;
            }
            self.learn_themes(&mentions)?;
            let m_doc = str_col(&mentions, "doc_id")?;
            let m_sent = mentions
                .column_by_name("sentence_id")
                .ok_or_else(|| Error::Internal("sentence_id".into()))?;
            // The title is sentence -1: the (safe) cast makes it null, the title's mark below.
            let m_sent = arrow::compute::cast(m_sent, &ADataType::UInt32)?;
            let m_sent = m_sent
                .as_any()
                .downcast_ref::<arrow::array::UInt32Array>()
                .ok_or_else(|| Error::Internal("sentence_id".into()))?;
            let kind = str_col(&mentions, "kind")?;
            let id = str_col(&mentions, "entity_id")?;
            let attr_cols: Vec<&StringArray> = ATTRS
                .iter()
                .map(|a| str_col(&mentions, a))
                .collect::<Result<_>>()?;
            direct.reserve(mentions.num_rows());
            for i in 0..mentions.num_rows() {
                let d = *row_of.get(m_doc.value(i)).ok_or_else(|| Error::Schema {
                    context: "aggregate input".into(),
                    expected: "mentions of the documents given with them".into(),
                    found: format!("a mention of document `{}`", m_doc.value(i)),
                })?;
                // A mention outside any sentence (a title) is its own sentence.
                let s_i = if m_sent.is_null(i) {
                    u32::MAX
                } else {
                    m_sent.value(i)
                };
                let k = kind.value(i);
                if k != THEME {
                    let t = attr_cols[ENTITY_TYPE];
                    entities_of[d as usize].add(k, t.is_valid(i).then(|| t.value(i)));
                    if self.themes_only {
                        continue;
                    }
                }
                let c = self.code(k, id.value(i));
                if k == THEME {
                    themes_of[d as usize].push((c, m_sent.is_valid(i).then(|| m_sent.value(i))));
                }
                if self.themes_only {
                    continue;
                }
                let r = rank_of(k);
                if !self.per_document {
                    self.count_attrs(c, &attr_cols, i);
                } else if k != THEME {
                    // A theme's name is the tree's: not a measure.
                    count_attrs_in(doc_rows.attrs.entry((d, c)).or_default(), &attr_cols, i);
                } else if !self.dictionary.contains_key(id.value(i)) {
                    doc_rows.unknown_theme(d, &mentions, i)?;
                }
                if r == THEME_RANK {
                    // The ancestors get their codes here, in the order of the mentions.
                    self.ancestor_codes(c);
                }
                direct.push((d, s_i, r, c));
            }
        }
        if self.themes_only {
            return self.add_salience(doc_ids, &themes_of, &entities_of);
        }
        if direct.is_empty() {
            return Ok(());
        }
        self.add_salience(doc_ids, &themes_of, &entities_of)?;
        direct.sort_unstable();
        if self.per_document {
            return self.add_measures(doc_ids, &direct, doc_rows);
        }
        self.count_entities(&direct, &ts_all, &day_all);
        // Pairs in a document and in its sentences (direct mentions), oriented by (kind rank,
        // code) here and by (kind rank, id) in `finish`.
        let mut pairs = DocPairs::default();
        let mut at = 0;
        while at < direct.len() {
            let d = direct[at].0;
            let end = at + direct[at..].partition_point(|m| m.0 == d);
            pairs.of(&direct[at..end], &self.keys);
            at = end;
            for &(a, b, sentences) in &pairs.out {
                let p = self.pairs.entry((a, b)).or_default();
                p.0 += 1;
                p.1 += sentences;
            }
        }
        Ok(())
    }

    /// The counts of one document's `direct` mentions (sorted) in `in_doc`: per (code, rolled up)
    /// its mentions and its distinct sentences (and the last sentence counted). A theme mention
    /// counts for the theme (rolled up or not) and for each ancestor (rolled up).
    fn document_counts(
        &mut self,
        doc: &[(u32, u32, u8, u32)],
        in_doc: &mut FxHashMap<(u32, bool), (u64, u64, u32)>,
    ) {
        in_doc.clear();
        for &(_, s, r, c) in doc {
            let mut count = |key| {
                let e = in_doc.entry(key).or_insert((0, 0, s));
                e.0 += 1;
                if e.1 == 0 || e.2 != s {
                    e.1 += 1;
                    e.2 = s;
                }
            };
            count((c, false));
            if r == THEME_RANK {
                for &a in self.ancestor_codes(c) {
                    count((a, true));
                }
            }
        }
    }

    /// The counts per entity (themes also rolled up to their ancestors) and per entity and day
    /// of the `direct` mentions `(document, sentence, kind rank, code)`, sorted; `ts_of` and
    /// `day_of` by document.
    fn count_entities(
        &mut self,
        direct: &[(u32, u32, u8, u32)],
        ts_of: &Int64Array,
        day_of: &Date32Array,
    ) {
        // Per (code, rolled) of one document: mentions, sentences, the last sentence counted.
        let mut in_doc: FxHashMap<(u32, bool), (u64, u64, u32)> = FxHashMap::default();
        let mut at = 0;
        while at < direct.len() {
            let d = direct[at].0;
            let end = at + direct[at..].partition_point(|m| m.0 == d);
            self.document_counts(&direct[at..end], &mut in_doc);
            at = end;
            let t = ts_of.is_valid(d as usize).then(|| ts_of.value(d as usize));
            let day = day_of
                .is_valid(d as usize)
                .then(|| day_of.value(d as usize));
            for (&(c, rolled), &(mentions, sentences, _)) in &in_doc {
                let e = self.entities.entry((c, rolled)).or_default();
                e.mentions += mentions;
                e.sentences += sentences;
                e.documents += 1;
                if let Some(t) = t {
                    e.first_seen = Some(e.first_seen.map_or(t, |f| f.min(t)));
                    e.last_seen = Some(e.last_seen.map_or(t, |l| l.max(t)));
                }
                // The time series counts themes rolled up and the other kinds as they are.
                let theme = rank_of(&self.keys[c as usize].0) == THEME_RANK;
                if theme == rolled {
                    let s = self.series.entry((c, day)).or_default();
                    s.0 += mentions;
                    s.1 += 1;
                }
            }
        }
    }

    /// Each document's measures of a batch (per-document mode): its counts
    /// ([`Self::document_counts`]) and pairs ([`DocPairs::of`]), the very code whose sums over
    /// documents [`Self::finish`] gives, with the attributes and unknown themes of `rows`.
    fn add_measures(
        &mut self,
        doc_ids: &StringArray,
        direct: &[(u32, u32, u8, u32)],
        mut rows: measures::Rows,
    ) -> Result<()> {
        let mut in_doc: FxHashMap<(u32, bool), (u64, u64, u32)> = FxHashMap::default();
        let mut pairs = DocPairs::default();
        let mut at = 0;
        while at < direct.len() {
            let d = direct[at].0;
            let end = at + direct[at..].partition_point(|m| m.0 == d);
            self.document_counts(&direct[at..end], &mut in_doc);
            pairs.of(&direct[at..end], &self.keys);
            at = end;
            rows.document(d, &in_doc, &pairs.out, &self.keys);
        }
        self.measures.push(rows.batches(doc_ids, &self.keys)?);
        Ok(())
    }

    /// The salience of each theme of each document of a batch: rows of `document_themes`
    /// (without names). `themes_of`: per document (row of `doc_ids`), its theme mentions
    /// (code, sentence) in order; `entities_of`: its entity mentions, for the top levels'
    /// `subject_rank` (`newsmill_core::subject`).
    fn add_salience(
        &mut self,
        doc_ids: &StringArray,
        themes_of: &[Vec<(u32, Option<u32>)>],
        entities_of: &[DocEntities],
    ) -> Result<()> {
        let tree = &self.tree;
        let mut ms = Vec::new();
        for (d, found) in themes_of.iter().enumerate() {
            if found.is_empty() {
                continue;
            }
            ms.clear();
            ms.extend(found.iter().map(|&(c, sentence)| ThemeMention {
                theme: &self.keys[c as usize].1,
                sentence,
            }));
            let mut themes = salience(
                &ms,
                |t| tree.get(t).and_then(|n| n.parent.as_deref()),
                |t| tree.get(t).and_then(|n| n.about),
            );
            rank_subjects(
                &mut themes,
                |t| tree.get(t).and_then(|n| n.parent.as_deref()),
                &entities_of[d],
                Ranker::builtin(),
            );
            self.doc_themes.push(doc_ids.value(d), ms.len(), &themes)?;
        }
        Ok(())
    }

    /// The counts per entity: `code`, `rolled`, `mentions`, `sentences`, `documents`,
    /// `first_seen`, `last_seen` (microseconds).
    fn entities_frame(&self) -> Result<DataFrame> {
        let e: Vec<_> = self.entities.iter().collect();
        let n = e.len();
        DataFrame::new(
            n,
            vec![
                Column::new(
                    "code".into(),
                    e.iter().map(|x| x.0 .0).collect::<Vec<u32>>(),
                ),
                Column::new(
                    "rolled".into(),
                    e.iter().map(|x| x.0 .1).collect::<Vec<bool>>(),
                ),
                Column::new(
                    "mentions".into(),
                    e.iter().map(|x| x.1.mentions).collect::<Vec<u64>>(),
                ),
                Column::new(
                    "sentences".into(),
                    e.iter().map(|x| x.1.sentences).collect::<Vec<u64>>(),
                ),
                Column::new(
                    "documents".into(),
                    e.iter().map(|x| x.1.documents).collect::<Vec<u64>>(),
                ),
                Column::new(
                    "first_seen".into(),
                    e.iter()
                        .map(|x| x.1.first_seen)
                        .collect::<Vec<Option<i64>>>(),
                ),
                Column::new(
                    "last_seen".into(),
                    e.iter()
                        .map(|x| x.1.last_seen)
                        .collect::<Vec<Option<i64>>>(),
                ),
            ],
        )
        .map_err(perr)
    }

    /// The counts per entity and day: `code`, `day`, `mentions`, `documents`.
    fn series_frame(&self) -> Result<DataFrame> {
        let s: Vec<_> = self.series.iter().collect();
        let day = Column::new("day".into(), s.iter().map(|x| x.0 .1).collect::<Vec<_>>())
            .cast(&DataType::Date)
            .map_err(perr)?;
        DataFrame::new(
            s.len(),
            vec![
                Column::new(
                    "code".into(),
                    s.iter().map(|x| x.0 .0).collect::<Vec<u32>>(),
                ),
                day,
                Column::new(
                    "mentions".into(),
                    s.iter().map(|x| x.1 .0).collect::<Vec<u64>>(),
                ),
                Column::new(
                    "documents".into(),
                    s.iter().map(|x| x.1 .1).collect::<Vec<u64>>(),
                ),
                Column::new(
                    "day_documents".into(),
                    s.iter()
                        .map(|x| self.day_documents.get(&x.0 .1).copied().unwrap_or(0))
                        .collect::<Vec<u64>>(),
                ),
            ],
        )
        .map_err(perr)
    }

    /// The name to show for an entity code: a theme's from the tree, another entity's from its
    /// first mention.
    fn name_of(&self, code: usize) -> Option<&str> {
        let (kind, id) = &self.keys[code];
        if kind == THEME {
            self.tree.get(id).map(|t| t.name.as_str())
        } else {
            self.attrs_of(code)[0].as_deref()
        }
    }

    /// The `cooccurrence` rows: each pair twice, in both orders; most documents first, then most
    /// sentences, then by (kind rank, id) of each side.
    fn cooccurrence_frame(&self) -> Result<DataFrame> {
        let keys = &self.keys;
        let order = places(keys.len(), |c| (rank_of(&keys[c].0), &keys[c].1));
        let rows = pair_rows(
            self.pairs
                .iter()
                .map(|(&(a, b), &(documents, sentences))| (a, b, documents, sentences)),
            &order,
        );
        let kind =
            |side: Side| -> Vec<&str> { rows.iter().map(|r| keys[side(r)].0.as_str()).collect() };
        let id =
            |side: Side| -> Vec<&str> { rows.iter().map(|r| keys[side(r)].1.as_str()).collect() };
        // Each entity's name found once, not once per row it is in.
        let names: Vec<Option<&str>> = (0..keys.len()).map(|c| self.name_of(c)).collect();
        let name =
            |side: Side| -> Vec<Option<&str>> { rows.iter().map(|r| names[side(r)]).collect() };
        let (a, b): (Side, Side) = (|r| r.4, |r| r.5);
        DataFrame::new(
            rows.len(),
            vec![
                Column::new("kind_a".into(), kind(a)),
                Column::new("entity_a".into(), id(a)),
                Column::new("name_a".into(), name(a)),
                Column::new("kind_b".into(), kind(b)),
                Column::new("entity_b".into(), id(b)),
                Column::new("name_b".into(), name(b)),
                Column::new(
                    "documents".into(),
                    rows.iter().map(|r| r.0).collect::<Vec<u64>>(),
                ),
                Column::new(
                    "sentences".into(),
                    rows.iter().map(|r| r.1).collect::<Vec<u64>>(),
                ),
            ],
        )
        .map_err(perr)
    }

    /// The entities by code: `code`, `kind`, `entity_id`, the attributes, the name to show (`name`,
    /// [`Self::name_of`]) and `series_order`, the code's place in the order of kind, then id (so
    /// that Polars sorts the time series by an integer rather than by strings).
    fn code_frame(&self) -> Result<DataFrame> {
        let n = self.keys.len();
        let keys = &self.keys;
        let series_order = places(n, |c| (&keys[c].0, &keys[c].1));
        let mut cols = vec![
            Column::new("code".into(), (0..n as u32).collect::<Vec<u32>>()),
            Column::new("series_order".into(), series_order),
            Column::new(
                "name".into(),
                (0..n).map(|c| self.name_of(c)).collect::<Vec<_>>(),
            ),
            Column::new(
                "kind".into(),
                self.keys.iter().map(|k| k.0.as_str()).collect::<Vec<_>>(),
            ),
            Column::new(
                "entity_id".into(),
                self.keys.iter().map(|k| k.1.as_str()).collect::<Vec<_>>(),
            ),
        ];
        for (a, name) in ATTRS.iter().enumerate() {
            cols.push(Column::new(
                (*name).into(),
                (0..n)
                    .map(|c| self.attrs_of(c)[a].as_deref())
                    .collect::<Vec<_>>(),
            ));
        }
        DataFrame::new(n, cols).map_err(perr)
    }

    /// The `document_themes` rows, each theme named from the tree: those [`Self::finish`] gives.
    pub fn finish_document_themes(mut self) -> DocumentThemes {
        self.named_document_themes()
    }

    /// The `document_themes` rows (as [`Self::finish_document_themes`]) and each document's
    /// measures ([`Self::document_measures`]; none when not asked for).
    pub fn finish_measures(mut self) -> (DocumentThemes, DocMeasures) {
        let themes = self.named_document_themes();
        (themes, std::mem::take(&mut self.measures))
    }

    /// The `document_themes` rows so far, taken out, each theme named from the tree.
    fn named_document_themes(&mut self) -> DocumentThemes {
        let tree = &self.tree;
        std::mem::take(&mut self.doc_themes).named(|t| tree.get(t).map(|n| n.name.clone()))
    }

    /// The aggregate tables. An aggregator that computed `document_themes` only
    /// ([`Self::document_themes_only`]) or each document's measures ([`Self::document_measures`])
    /// has no others: an internal error.
    pub fn finish(mut self) -> Result<Aggregates> {
        if self.themes_only {
            return Err(Error::Internal(
                "aggregate: only document_themes was computed (finish_document_themes)".into(),
            ));
        }
        if self.per_document {
            return Err(Error::Internal(
                "aggregate: each document's measures were computed (finish_measures)".into(),
            ));
        }
        if self.entities.is_empty() {
            return Ok(Aggregates {
                organizations: RecordBatch::new_empty(ORGANIZATIONS.schema()),
                persons: RecordBatch::new_empty(PERSONS.schema()),
                countries: RecordBatch::new_empty(COUNTRIES.schema()),
                themes: RecordBatch::new_empty(THEMES.schema()),
                document_themes: DocumentThemes::default(),
                cooccurrence: RecordBatch::new_empty(COOCCURRENCE.schema()),
                timeseries: RecordBatch::new_empty(TIMESERIES.schema()),
            });
        }
        let total = self.documents.max(1) as f64;
        let document_themes = self.named_document_themes();
        let about = document_themes.about_documents();
        let about = DataFrame::new(
            about.len(),
            vec![
                Column::new(
                    "entity_id".into(),
                    about.iter().map(|a| a.0).collect::<Vec<_>>(),
                ),
                Column::new(
                    "about_documents".into(),
                    about.iter().map(|a| a.1).collect::<Vec<u64>>(),
                ),
            ],
        )
        .map_err(perr)?
        .lazy();
        let tree = self.tree_frame()?.lazy();
        let codes = self.code_frame()?.lazy();
        let entities = self.entities_frame()?;
        let entities = collect(entities.lazy().join(
            codes.clone(),
            [col("code")],
            [col("code")],
            JoinArgs::new(JoinType::Left),
        ))?;
        let share =
            (col("documents").cast(DataType::Float64) / lit(total)).alias("share_of_documents");
        let by_mentions = |lf: LazyFrame| {
            lf.sort(
                ["mentions", "entity_id"],
                SortMultipleOptions::default().with_order_descending_multi([true, false]),
            )
        };
        let to_batch = |df: DataFrame, t: &newsmill_core::Table| -> Result<RecordBatch> {
            let batch = bridge::from_polars(&df, t.schema())?;
            t.check(&batch.schema(), t.name)?;
            Ok(batch)
        };
        let direct = |kind: &str| {
            entities
                .clone()
                .lazy()
                .filter(col("kind").eq(lit(kind)).and(col("rolled").not()))
        };
        let organizations = to_batch(
            collect(by_mentions(direct(ORG).with_column(share.clone())))?,
            &ORGANIZATIONS,
        )?;
        let persons = to_batch(
            collect(by_mentions(direct(PERSON).with_column(share.clone())))?,
            &PERSONS,
        )?;
        let countries = to_batch(
            collect(by_mentions(direct(COUNTRY).with_column(share.clone())))?,
            &COUNTRIES,
        )?;
        let own = direct(THEME).select([
            col("entity_id"),
            col("mentions").alias("direct_mentions"),
            col("documents").alias("direct_documents"),
            col("sentences").alias("direct_sentences"),
        ]);
        let themes = entities
            .clone()
            .lazy()
            .filter(col("kind").eq(lit(THEME)).and(col("rolled")))
            .select([
                col("entity_id"),
                col("mentions"),
                col("documents"),
                col("sentences"),
                col("first_seen"),
                col("last_seen"),
            ])
            .left_join(own, col("entity_id"), col("entity_id"))
            .left_join(about, col("entity_id"), col("entity_id"))
            .with_columns([
                col("about_documents").fill_null(lit(0u64)),
                col("direct_mentions").fill_null(lit(0u64)),
                col("direct_documents").fill_null(lit(0u64)),
                col("direct_sentences").fill_null(lit(0u64)),
                share,
            ])
            .left_join(tree.clone(), col("entity_id"), col("entity_id"));
        let themes = to_batch(collect(by_mentions(themes))?, &THEMES)?;

        let series = self
            .series_frame()?
            .lazy()
            .join(
                codes.clone().select([
                    col("code"),
                    col("kind"),
                    col("entity_id"),
                    col("name").alias("entity_name"),
                    col("series_order"),
                ]),
                [col("code")],
                [col("code")],
                JoinArgs::new(JoinType::Left),
            )
            .sort(
                ["series_order", "day"],
                SortMultipleOptions::default().with_nulls_last(true),
            );
        let timeseries = to_batch(collect(series)?, &TIMESERIES)?;

        let cooccurrence = to_batch(self.cooccurrence_frame()?, &COOCCURRENCE)?;
        Ok(Aggregates {
            organizations,
            persons,
            countries,
            themes,
            document_themes,
            cooccurrence,
            timeseries,
        })
    }
}

#[cfg(test)]
mod tests;
