//! Each document's measures ([`Aggregator::document_measures`]): the rows whose sums over
//! documents are the aggregate tables' counts, computed by the code that counts them
//! ([`Aggregator::document_counts`], [`crate::DocPairs::of`], the attributes as
//! [`Aggregator::finish`] counts them). Spark's map step asks the engine for them
//! (`newsmill.spark`), so its aggregates, sums of these rows, have this stage's definitions.
//!
//! Every table has `doc_id`, the document's, then (counts as int64):
//!
//! - `ents`: per entity (kind, id) its mentions and its distinct sentences (the title a sentence
//!   of its own): summed, `mentions` and `sentences`; the rows counted, `documents`;
//! - `ups`: the same per theme rolled up along the theme tree (a theme mention counts for the
//!   theme and each ancestor; sentences are the distinct sentences of the theme's subtree);
//! - `names`: per entity (not themes) and attribute values (name, type, country, iso3, fips)
//!   how many mentions give them (`n`), summed to find those most mentions give;
//! - `pairs`: per pair of distinct entities among the document's [`crate::MAX_PAIR_ENTITIES`]
//!   most mentioned, once, ordered by (kind rank, id), with the sentences both are in;
//! - `unknown`: the themes of the mentions that the dictionary's tree lacks (id, parent, name,
//!   qcode, as the mentions give them), once per document.

use std::collections::BTreeSet;
use std::sync::Arc;

use arrow::array::{ArrayRef, Int32Array, Int64Array, RecordBatch, StringArray, UInt32Array};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use newsmill_core::util::str_col;
use newsmill_core::Result;
use rustc_hash::FxHashMap;

use crate::{opt_str_any, rank_of, Attrs, ATTRS};

/// The measure tables, in the order of [`DocMeasures::tables`].
pub const MEASURES: [&str; 5] = ["ents", "ups", "names", "pairs", "unknown"];

/// Each document's measures: the record batches of each table of [`MEASURES`], in its order.
#[derive(Debug, Clone, Default)]
pub struct DocMeasures {
    pub tables: [Vec<RecordBatch>; 5],
}

impl DocMeasures {
    /// The schema of a measure table (`None` for a name not in [`MEASURES`]).
    pub fn schema(name: &str) -> Option<SchemaRef> {
        let s = |n: &str, null: bool| Field::new(n, DataType::Utf8, null);
        let i = |n: &str| Field::new(n, DataType::Int64, false);
        let r = |n: &str| Field::new(n, DataType::Int32, false);
        let fields = match name {
            "ents" => vec![
                s("kind", false),
                s("entity_id", false),
                i("mentions"),
                i("sentences"),
            ],
            "ups" => vec![s("entity_id", false), i("mentions"), i("sentences")],
            "names" => {
                let mut f = vec![s("kind", false), s("entity_id", false)];
                f.extend(ATTRS.iter().map(|a| s(a, true)));
                f.push(i("n"));
                f
            }
            "pairs" => vec![
                r("rank_a"),
                s("kind_a", false),
                s("entity_a", false),
                r("rank_b"),
                s("kind_b", false),
                s("entity_b", false),
                i("sentences"),
            ],
            "unknown" => vec![
                s("entity_id", false),
                s("parent_id", true),
                s("entity_name", true),
                s("qcode", true),
            ],
            _ => return None,
        };
        let mut all = vec![s("doc_id", false)];
        all.extend(fields);
        Some(Arc::new(Schema::new(all)))
    }

    /// The batches of a measure table (none for a name not in [`MEASURES`]).
    pub fn get(&self, name: &str) -> &[RecordBatch] {
        MEASURES
            .iter()
            .position(|m| *m == name)
            .map_or(&[], |k| self.tables[k].as_slice())
    }

    /// Adds what `other` computed after what this one has.
    pub(crate) fn append(&mut self, other: DocMeasures) {
        for (mine, theirs) in self.tables.iter_mut().zip(other.tables) {
            mine.extend(theirs);
        }
    }

    pub(crate) fn push(&mut self, batches: [RecordBatch; 5]) {
        for (mine, b) in self.tables.iter_mut().zip(batches) {
            if b.num_rows() > 0 {
                mine.push(b);
            }
        }
    }
}

/// One batch's measure rows, documents by their row in the batch and entities by code.
#[derive(Default)]
pub(crate) struct Rows {
    /// Per (document, code): the attribute values its mentions give, and how many give each.
    pub attrs: FxHashMap<(u32, u32), Vec<(Attrs, u64)>>,
    /// Per document: the themes the dictionary lacks (id, parent, name, qcode).
    unknown: BTreeSet<(u32, [Option<String>; 4])>,
    /// `(document, code, mentions, sentences)`, not rolled up and rolled up.
    ents: Vec<(u32, u32, u64, u64)>,
    ups: Vec<(u32, u32, u64, u64)>,
    /// `(document, code a, code b, sentences)`, a before b in (kind rank, id) order.
    pairs: Vec<(u32, u32, u32, u64)>,
}

impl Rows {
    /// Theme mention `i` of `mentions`, of document `d`, names a theme the dictionary lacks.
    pub fn unknown_theme(&mut self, d: u32, mentions: &RecordBatch, i: usize) -> Result<()> {
        let mut v: [Option<String>; 4] = Default::default();
        for (k, c) in ["entity_id", "parent_id", "entity_name", "qcode"]
            .iter()
            .enumerate()
        {
            v[k] = opt_str_any(str_col(mentions, c)?, i);
        }
        self.unknown.insert((d, v));
        Ok(())
    }

    /// Document `d`'s counts (`in_doc`: per (code, rolled up) mentions, sentences and the last
    /// sentence) and pairs (`(code a, code b, sentences)`); `keys` the entities by code.
    pub fn document(
        &mut self,
        d: u32,
        in_doc: &FxHashMap<(u32, bool), (u64, u64, u32)>,
        pairs: &[(u32, u32, u64)],
        keys: &[(String, String)],
    ) {
        let at = self.ents.len();
        let up_at = self.ups.len();
        for (&(c, rolled), &(mentions, sentences, _)) in in_doc {
            let rows = if rolled {
                &mut self.ups
            } else {
                &mut self.ents
            };
            rows.push((d, c, mentions, sentences));
        }
        // In code order: the rows do not depend on the hash map's order.
        self.ents[at..].sort_unstable();
        self.ups[up_at..].sort_unstable();
        let place = |c: u32| (rank_of(&keys[c as usize].0), &keys[c as usize].1);
        for &(a, b, sentences) in pairs {
            let (a, b) = if place(a) <= place(b) { (a, b) } else { (b, a) };
            self.pairs.push((d, a, b, sentences));
        }
    }

    /// The rows as record batches ([`MEASURES`]' order), `doc_ids` the batch's documents.
    pub fn batches(
        self,
        doc_ids: &StringArray,
        keys: &[(String, String)],
    ) -> Result<[RecordBatch; 5]> {
        let docs = |ds: &mut dyn Iterator<Item = u32>| -> Result<ArrayRef> {
            let at = UInt32Array::from_iter_values(ds);
            Ok(arrow::compute::take(doc_ids, &at, None)?)
        };
        let kind = |cs: &mut dyn Iterator<Item = u32>| -> ArrayRef {
            Arc::new(StringArray::from_iter_values(
                cs.map(|c| keys[c as usize].0.as_str()),
            ))
        };
        let id = |cs: &mut dyn Iterator<Item = u32>| -> ArrayRef {
            Arc::new(StringArray::from_iter_values(
                cs.map(|c| keys[c as usize].1.as_str()),
            ))
        };
        let int = |vs: &mut dyn Iterator<Item = u64>| -> ArrayRef {
            Arc::new(Int64Array::from_iter_values(vs.map(|v| v as i64)))
        };
        let rank = |cs: &mut dyn Iterator<Item = u32>| -> ArrayRef {
            Arc::new(Int32Array::from_iter_values(
                cs.map(|c| i32::from(rank_of(&keys[c as usize].0))),
            ))
        };
        let batch = |name: &str, cols: Vec<ArrayRef>| -> Result<RecordBatch> {
            let schema = DocMeasures::schema(name).expect("a measure table");
            Ok(RecordBatch::try_new(schema, cols)?)
        };
        let e = &self.ents;
        let ents = batch(
            "ents",
            vec![
                docs(&mut e.iter().map(|r| r.0))?,
                kind(&mut e.iter().map(|r| r.1)),
                id(&mut e.iter().map(|r| r.1)),
                int(&mut e.iter().map(|r| r.2)),
                int(&mut e.iter().map(|r| r.3)),
            ],
        )?;
        let u = &self.ups;
        let ups = batch(
            "ups",
            vec![
                docs(&mut u.iter().map(|r| r.0))?,
                id(&mut u.iter().map(|r| r.1)),
                int(&mut u.iter().map(|r| r.2)),
                int(&mut u.iter().map(|r| r.3)),
            ],
        )?;
        let mut named: Vec<(u32, u32, &Attrs, u64)> = self
            .attrs
            .iter()
            .flat_map(|(&(d, c), seen)| seen.iter().map(move |(v, n)| (d, c, v, *n)))
            .collect();
        named.sort_unstable();
        let mut cols = vec![
            docs(&mut named.iter().map(|r| r.0))?,
            kind(&mut named.iter().map(|r| r.1)),
            id(&mut named.iter().map(|r| r.1)),
        ];
        for a in 0..ATTRS.len() {
            cols.push(Arc::new(StringArray::from(
                named.iter().map(|r| r.2[a].as_deref()).collect::<Vec<_>>(),
            )));
        }
        cols.push(int(&mut named.iter().map(|r| r.3)));
        let names = batch("names", cols)?;
        let p = &self.pairs;
        let pairs = batch(
            "pairs",
            vec![
                docs(&mut p.iter().map(|r| r.0))?,
                rank(&mut p.iter().map(|r| r.1)),
                kind(&mut p.iter().map(|r| r.1)),
                id(&mut p.iter().map(|r| r.1)),
                rank(&mut p.iter().map(|r| r.2)),
                kind(&mut p.iter().map(|r| r.2)),
                id(&mut p.iter().map(|r| r.2)),
                int(&mut p.iter().map(|r| r.3)),
            ],
        )?;
        let mut cols = vec![docs(&mut self.unknown.iter().map(|r| r.0))?];
        for k in 0..4 {
            cols.push(Arc::new(StringArray::from(
                self.unknown
                    .iter()
                    .map(|r| r.1[k].as_deref())
                    .collect::<Vec<_>>(),
            )));
        }
        let unknown = batch("unknown", cols)?;
        Ok([ents, ups, names, pairs, unknown])
    }
}
