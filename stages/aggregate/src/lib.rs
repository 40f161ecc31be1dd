//! The aggregate stage: `documents` + `mentions` → per-organization, per-country and per-theme
//! tables (themes rolled up to their ancestors), co-occurrence of entities and time series per
//! day, with Polars. The only crate that knows Polars; [`bridge`] is where Arrow and Polars meet.
//!
//! Memory stays bounded: each document-aligned batch (documents with all their mentions) is
//! reduced to partial counts right away (a document never spans two batches, so distinct
//! documents and sentences add up across batches), and partial counts are merged as they pile up.

pub mod bridge;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, Date32Array, Int64Array, StringArray};
use arrow::datatypes::{DataType as ADataType, Field, Schema, TimeUnit};
use arrow::record_batch::RecordBatch;
use newsmill_core::tables::{COOCCURRENCE, COUNTRIES, MENTIONS, ORGANIZATIONS, THEMES, TIMESERIES};
use newsmill_core::{Error, Result};
use polars::prelude::*;

fn perr(e: PolarsError) -> Error {
    Error::Format {
        context: "aggregate".into(),
        message: e.to_string(),
    }
}

/// One theme of the theme tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeNode {
    /// The parent theme's id; `None` for a top-level theme.
    pub parent: Option<String>,
    pub name: String,
    pub qcode: Option<String>,
}

/// The theme tree by theme id (from the tagger's dictionary). Themes it lacks are added from the
/// mentions (their `parent_id`, name and qcode) as they are seen.
pub type ThemeTree = HashMap<String, ThemeNode>;

/// Entity attributes carried from the mentions into the aggregates.
const ATTRS: [&str; 5] = ["entity_name", "entity_type", "country", "iso3", "fips"];

const ORG: &str = "organization";
const COUNTRY: &str = "country";
const THEME: &str = "theme";

/// The aggregate tables.
#[derive(Debug, Clone)]
pub struct Aggregates {
    pub organizations: RecordBatch,
    pub countries: RecordBatch,
    pub themes: RecordBatch,
    pub cooccurrence: RecordBatch,
    pub timeseries: RecordBatch,
}

/// Accumulates partial counts over document-aligned batches of documents and mentions.
#[derive(Default)]
pub struct Aggregator {
    tree: ThemeTree,
    /// Themes known only as a parent so far (name = id): a mention of them fills them in.
    placeholders: HashSet<String>,
    /// (theme, ancestor-or-self) pairs, rebuilt when the tree grows.
    closure: Option<DataFrame>,
    entities: Vec<LazyFrame>,
    series: Vec<LazyFrame>,
    pairs: Vec<LazyFrame>,
    documents: u64,
}

/// How many partial frames to keep before merging them.
const MERGE_EVERY: usize = 32;

fn u64s(e: Expr) -> Expr {
    e.cast(DataType::UInt64)
}

fn ulen() -> Expr {
    u64s(len())
}

/// The kind's rank in pair order: organization, country, theme.
fn kind_rank(c: &str) -> Expr {
    when(col(c).eq(lit(ORG)))
        .then(lit(0i32))
        .when(col(c).eq(lit(COUNTRY)))
        .then(lit(1i32))
        .otherwise(lit(2i32))
}

fn collect(lf: LazyFrame) -> Result<DataFrame> {
    lf.collect().map_err(perr)
}

fn merge_if_needed(
    frames: &mut Vec<LazyFrame>,
    merge: impl Fn(Vec<LazyFrame>) -> Result<LazyFrame>,
) -> Result<()> {
    if frames.len() >= MERGE_EVERY {
        let merged = collect(merge(std::mem::take(frames))?)?;
        frames.push(merged.lazy());
    }
    Ok(())
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

fn str_column<'a>(b: &'a RecordBatch, name: &str) -> Result<&'a StringArray> {
    b.column_by_name(name)
        .and_then(|c| c.as_any().downcast_ref::<StringArray>())
        .ok_or_else(|| Error::Internal(format!("aggregate: no string column `{name}`")))
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
        Aggregator {
            tree,
            ..Aggregator::default()
        }
    }

    /// Adds the themes of a mentions batch that the tree does not know yet (and their parents).
    fn learn_themes(&mut self, mentions: &RecordBatch) -> Result<()> {
        let kind = str_column(mentions, "kind")?;
        let id = str_column(mentions, "entity_id")?;
        let name = str_column(mentions, "entity_name")?;
        let qcode = str_column(mentions, "qcode")?;
        let parent = str_column(mentions, "parent_id")?;
        for i in 0..mentions.num_rows() {
            if kind.value(i) != THEME {
                continue;
            }
            let p = opt_str(parent, i);
            if !self.tree.contains_key(id.value(i)) || self.placeholders.remove(id.value(i)) {
                self.tree.insert(
                    id.value(i).to_string(),
                    ThemeNode {
                        parent: p.clone(),
                        name: name.value(i).to_string(),
                        qcode: opt_str(qcode, i),
                    },
                );
                self.closure = None;
            }
            if let Some(p) = p {
                if !self.tree.contains_key(&p) {
                    self.placeholders.insert(p.clone());
                    self.tree.insert(
                        p.clone(),
                        ThemeNode {
                            parent: None,
                            name: p,
                            qcode: None,
                        },
                    );
                    self.closure = None;
                }
            }
        }
        Ok(())
    }

    /// Each theme's ancestors, itself included, and its depth (cycles are cut).
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

    fn closure(&mut self) -> Result<DataFrame> {
        if let Some(c) = &self.closure {
            return Ok(c.clone());
        }
        let (mut ids, mut anc) = (Vec::new(), Vec::new());
        let sorted: BTreeMap<&String, ()> = self.tree.keys().map(|k| (k, ())).collect();
        for id in sorted.keys() {
            for a in self.ancestors(id) {
                ids.push(id.to_string());
                anc.push(a);
            }
        }
        let df = DataFrame::new(
            ids.len(),
            vec![
                Column::new("entity_id".into(), ids),
                Column::new("ancestor_id".into(), anc),
            ],
        )
        .map_err(perr)?;
        self.closure = Some(df.clone());
        Ok(df)
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

    /// Adds one document-aligned batch: documents (at least `doc_id` and `published_at`) and
    /// every mention of those documents.
    pub fn add(&mut self, documents: &RecordBatch, mentions: &RecordBatch) -> Result<()> {
        MENTIONS.check(&mentions.schema(), "aggregate input")?;
        let dates = doc_dates(documents)?;
        self.documents += dates.num_rows() as u64;
        if mentions.num_rows() == 0 {
            return Ok(());
        }
        self.learn_themes(mentions)?;
        let closure = self.closure()?.lazy();
        let docs = bridge::to_polars(&dates)?.lazy();
        let m = bridge::to_polars(mentions)?
            .lazy()
            .select(
                [
                    vec![
                        col("doc_id"),
                        // The title is a sentence-like span of its own (its mentions have no
                        // sentence id): -1, so it is never taken for sentence 0.
                        col("sentence_id")
                            .cast(DataType::Int64)
                            .fill_null(lit(-1i64))
                            .alias("sentence_id"),
                        col("kind"),
                        col("entity_id"),
                    ],
                    ATTRS.iter().map(|a| col(*a)).collect(),
                ]
                .concat(),
            )
            .left_join(docs, col("doc_id"), col("doc_id"));
        let m = collect(m)?.lazy();
        let null_str = || lit(NULL).cast(DataType::String);

        // Rows to count: every mention as itself (rolled = false), and every theme mention once
        // more for the theme and each of its ancestors (rolled = true).
        let direct = m.clone().with_column(lit(false).alias("rolled"));
        let rolled = m
            .clone()
            .filter(col("kind").eq(lit(THEME)))
            .inner_join(closure, col("entity_id"), col("entity_id"))
            .select(
                [
                    vec![
                        col("doc_id"),
                        col("sentence_id"),
                        col("kind"),
                        col("ancestor_id").alias("entity_id"),
                    ],
                    ATTRS.iter().map(|a| null_str().alias(*a)).collect(),
                    vec![col("ts"), col("day"), lit(true).alias("rolled")],
                ]
                .concat(),
            );
        let rows = collect(concat([direct, rolled], UnionArgs::default()).map_err(perr)?)?.lazy();

        // Per entity: mentions → per (entity, document, sentence) → per (entity, document) → per
        // entity.
        let firsts = |extra: &[Expr]| -> Vec<Expr> {
            let mut v: Vec<Expr> = ATTRS.iter().map(|a| col(*a).first()).collect();
            v.extend_from_slice(extra);
            v
        };
        let per_doc = rows
            .clone()
            .group_by([
                col("kind"),
                col("entity_id"),
                col("rolled"),
                col("doc_id"),
                col("sentence_id"),
            ])
            .agg(firsts(&[
                ulen().alias("mentions"),
                col("ts").first(),
                col("day").first(),
            ]))
            .group_by([col("kind"), col("entity_id"), col("rolled"), col("doc_id")])
            .agg(firsts(&[
                col("mentions").sum().alias("mentions"),
                ulen().alias("sentences"),
                col("ts").first(),
                col("day").first(),
            ]));
        let per_doc = collect(per_doc)?.lazy();
        let entities = per_doc
            .clone()
            .group_by([col("kind"), col("entity_id"), col("rolled")])
            .agg(firsts(&[
                col("mentions").sum().alias("mentions"),
                col("sentences").sum().alias("sentences"),
                ulen().alias("documents"),
                col("ts").min().alias("first_seen"),
                col("ts").max().alias("last_seen"),
            ]));
        self.entities.push(collect(entities)?.lazy());

        // Per entity and day; themes rolled up.
        let series = per_doc
            .filter(
                col("kind")
                    .eq(lit(THEME))
                    .and(col("rolled"))
                    .or(col("kind").neq(lit(THEME)).and(col("rolled").not())),
            )
            .group_by([col("kind"), col("entity_id"), col("day")])
            .agg([
                col("mentions").sum().alias("mentions"),
                ulen().alias("documents"),
            ]);
        self.series.push(collect(series)?.lazy());

        // Pairs in a sentence and in a document (direct mentions).
        let keyed = m.with_column(kind_rank("kind").alias("rank"));
        let pairs = |keys: &[&str]| -> LazyFrame {
            let mut sel: Vec<Expr> = keys.iter().map(|k| col(*k)).collect();
            sel.extend([col("kind"), col("entity_id"), col("rank")]);
            let distinct = keyed
                .clone()
                .select(sel)
                .unique(None, UniqueKeepStrategy::Any);
            let mut right: Vec<Expr> = keys.iter().map(|k| col(*k)).collect();
            right.extend([
                col("kind").alias("kind_b"),
                col("entity_id").alias("entity_b"),
                col("rank").alias("rank_b"),
            ]);
            let on: Vec<Expr> = keys.iter().map(|k| col(*k)).collect();
            distinct
                .clone()
                .join(
                    distinct.select(right),
                    on.clone(),
                    on,
                    JoinArgs::new(JoinType::Inner),
                )
                .filter(
                    col("rank").lt(col("rank_b")).or(col("rank")
                        .eq(col("rank_b"))
                        .and(col("entity_id").lt(col("entity_b")))),
                )
                .select([
                    col("kind").alias("kind_a"),
                    col("entity_id").alias("entity_a"),
                    col("kind_b"),
                    col("entity_b"),
                ])
        };
        let key = || {
            vec![
                col("kind_a"),
                col("entity_a"),
                col("kind_b"),
                col("entity_b"),
            ]
        };
        let in_sentences = pairs(&["doc_id", "sentence_id"])
            .group_by(key())
            .agg([ulen().alias("sentences")]);
        let in_documents = pairs(&["doc_id"])
            .group_by(key())
            .agg([ulen().alias("documents")]);
        let both = in_documents
            .join(in_sentences, key(), key(), JoinArgs::new(JoinType::Left))
            .with_column(col("sentences").fill_null(lit(0u64)));
        self.pairs.push(collect(both)?.lazy());

        merge_if_needed(&mut self.entities, Self::merge_entities)?;
        merge_if_needed(&mut self.series, Self::merge_series)?;
        merge_if_needed(&mut self.pairs, Self::merge_pairs)?;
        Ok(())
    }

    fn merge_entities(partials: Vec<LazyFrame>) -> Result<LazyFrame> {
        let all = concat(partials, UnionArgs::default()).map_err(perr)?;
        let mut aggs: Vec<Expr> = ATTRS.iter().map(|a| col(*a).first()).collect();
        aggs.extend([
            col("mentions").sum(),
            col("sentences").sum(),
            col("documents").sum(),
            col("first_seen").min(),
            col("last_seen").max(),
        ]);
        Ok(all
            .group_by([col("kind"), col("entity_id"), col("rolled")])
            .agg(aggs))
    }

    fn merge_series(partials: Vec<LazyFrame>) -> Result<LazyFrame> {
        Ok(concat(partials, UnionArgs::default())
            .map_err(perr)?
            .group_by([col("kind"), col("entity_id"), col("day")])
            .agg([col("mentions").sum(), col("documents").sum()]))
    }

    fn merge_pairs(partials: Vec<LazyFrame>) -> Result<LazyFrame> {
        Ok(concat(partials, UnionArgs::default())
            .map_err(perr)?
            .group_by([
                col("kind_a"),
                col("entity_a"),
                col("kind_b"),
                col("entity_b"),
            ])
            .agg([col("documents").sum(), col("sentences").sum()]))
    }

    /// The aggregate tables.
    pub fn finish(self) -> Result<Aggregates> {
        if self.entities.is_empty() {
            return Ok(Aggregates {
                organizations: RecordBatch::new_empty(ORGANIZATIONS.schema()),
                countries: RecordBatch::new_empty(COUNTRIES.schema()),
                themes: RecordBatch::new_empty(THEMES.schema()),
                cooccurrence: RecordBatch::new_empty(COOCCURRENCE.schema()),
                timeseries: RecordBatch::new_empty(TIMESERIES.schema()),
            });
        }
        let total = self.documents.max(1) as f64;
        let tree = self.tree_frame()?.lazy();
        let entities = collect(Self::merge_entities(self.entities)?)?;
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
            .with_columns([
                col("direct_mentions").fill_null(lit(0u64)),
                col("direct_documents").fill_null(lit(0u64)),
                col("direct_sentences").fill_null(lit(0u64)),
                share,
            ])
            .left_join(tree.clone(), col("entity_id"), col("entity_id"));
        let themes = to_batch(collect(by_mentions(themes))?, &THEMES)?;

        // Names: organizations and countries from the mentions, themes from the tree.
        let names = concat(
            [
                entities
                    .clone()
                    .lazy()
                    .filter(col("kind").neq(lit(THEME)).and(col("rolled").not()))
                    .select([col("kind"), col("entity_id"), col("entity_name")]),
                tree.select([
                    lit(THEME).alias("kind"),
                    col("entity_id"),
                    col("entity_name"),
                ]),
            ],
            UnionArgs::default(),
        )
        .map_err(perr)?;
        let names = collect(names)?;

        let series = Self::merge_series(self.series)?
            .join(
                names.clone().lazy(),
                [col("kind"), col("entity_id")],
                [col("kind"), col("entity_id")],
                JoinArgs::new(JoinType::Left),
            )
            .sort(
                ["kind", "entity_id", "day"],
                SortMultipleOptions::default().with_nulls_last(true),
            );
        let timeseries = to_batch(collect(series)?, &TIMESERIES)?;

        let name_of = |side: &str| {
            names.clone().lazy().select([
                col("kind").alias(format!("kind_{side}")),
                col("entity_id").alias(format!("entity_{side}")),
                col("entity_name").alias(format!("name_{side}")),
            ])
        };
        let on = |side: &str| [col(format!("kind_{side}")), col(format!("entity_{side}"))];
        let pairs = Self::merge_pairs(self.pairs)?
            .join(
                name_of("a"),
                on("a"),
                on("a"),
                JoinArgs::new(JoinType::Left),
            )
            .join(
                name_of("b"),
                on("b"),
                on("b"),
                JoinArgs::new(JoinType::Left),
            )
            .with_columns([
                kind_rank("kind_a").alias("rank_a"),
                kind_rank("kind_b").alias("rank_b"),
            ])
            .sort(
                [
                    "documents",
                    "sentences",
                    "rank_a",
                    "entity_a",
                    "rank_b",
                    "entity_b",
                ],
                SortMultipleOptions::default()
                    .with_order_descending_multi([true, true, false, false, false, false]),
            );
        let cooccurrence = to_batch(collect(pairs)?, &COOCCURRENCE)?;
        Ok(Aggregates {
            organizations,
            countries,
            themes,
            cooccurrence,
            timeseries,
        })
    }
}

#[cfg(test)]
mod tests;
