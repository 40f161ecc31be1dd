//! The aggregate stage: `mentions` → per-organization, per-country and per-theme tables, with
//! Polars. The only crate that knows Polars; [`bridge`] is where Arrow and Polars meet.
//!
//! Memory stays bounded: each document-aligned batch of mentions is reduced to partial counts per
//! entity right away (a document never spans two batches, so distinct documents and sentences
//! add up), and partial counts are merged as they pile up.

pub mod bridge;

use arrow::record_batch::RecordBatch;
use newsmill_core::tables::{COUNTRIES, MENTIONS, ORGANIZATIONS, THEMES};
use newsmill_core::{Error, Result};
use polars::prelude::*;

fn perr(e: PolarsError) -> Error {
    Error::Format {
        context: "aggregate".into(),
        message: e.to_string(),
    }
}

/// Entity attributes carried from the mentions into the aggregates.
const ATTRS: [&str; 7] = [
    "entity_name",
    "entity_type",
    "country",
    "iso3",
    "fips",
    "qcode",
    "parent_id",
];

/// The three aggregate tables.
#[derive(Debug, Clone)]
pub struct Aggregates {
    pub organizations: RecordBatch,
    pub countries: RecordBatch,
    pub themes: RecordBatch,
}

/// Accumulates partial counts over document-aligned batches of mentions.
#[derive(Default)]
pub struct Aggregator {
    partials: Vec<LazyFrame>,
}

/// How many partial frames to keep before merging them.
const MERGE_EVERY: usize = 32;

impl Aggregator {
    /// A new, empty aggregator.
    pub fn new() -> Aggregator {
        Aggregator::default()
    }

    /// Adds one batch of mentions. The batch must hold every mention of its documents.
    pub fn add(&mut self, mentions: &RecordBatch) -> Result<()> {
        MENTIONS.check(&mentions.schema(), "aggregate input")?;
        if mentions.num_rows() == 0 {
            return Ok(());
        }
        let df = bridge::to_polars(mentions)?;
        let firsts = |extra: &[Expr]| -> Vec<Expr> {
            let mut v: Vec<Expr> = ATTRS.iter().map(|a| col(*a).first()).collect();
            v.extend_from_slice(extra);
            v
        };
        // mentions → per (entity, document, sentence) → per (entity, document) → per entity.
        let partial = df
            .lazy()
            .group_by([
                col("kind"),
                col("entity_id"),
                col("doc_id"),
                col("sentence_id"),
            ])
            .agg(firsts(&[len().cast(DataType::UInt64).alias("mentions")]))
            .group_by([col("kind"), col("entity_id"), col("doc_id")])
            .agg(firsts(&[
                col("mentions").sum().alias("mentions"),
                len().cast(DataType::UInt64).alias("sentences"),
            ]))
            .group_by([col("kind"), col("entity_id")])
            .agg(firsts(&[
                col("mentions").sum().alias("mentions"),
                col("sentences").sum().alias("sentences"),
                len().cast(DataType::UInt64).alias("documents"),
            ]));
        // Materialize now so that the batch itself can be freed.
        let partial = partial.collect().map_err(perr)?.lazy();
        self.partials.push(partial);
        if self.partials.len() >= MERGE_EVERY {
            let merged = Self::merge(std::mem::take(&mut self.partials))?
                .collect()
                .map_err(perr)?;
            self.partials.push(merged.lazy());
        }
        Ok(())
    }

    fn merge(partials: Vec<LazyFrame>) -> Result<LazyFrame> {
        let all = concat(partials, UnionArgs::default()).map_err(perr)?;
        let mut aggs: Vec<Expr> = ATTRS.iter().map(|a| col(*a).first()).collect();
        aggs.extend([
            col("mentions").sum(),
            col("sentences").sum(),
            col("documents").sum(),
        ]);
        Ok(all.group_by([col("kind"), col("entity_id")]).agg(aggs))
    }

    /// The aggregate tables, most mentioned first (ties by id).
    pub fn finish(self) -> Result<Aggregates> {
        let merged = if self.partials.is_empty() {
            None
        } else {
            Some(Self::merge(self.partials)?.collect().map_err(perr)?)
        };
        let table = |kind: &str, t: &newsmill_core::Table| -> Result<RecordBatch> {
            let Some(df) = &merged else {
                return Ok(RecordBatch::new_empty(t.schema()));
            };
            let names: Vec<Expr> = t.columns.iter().map(|c| col(c.name)).collect();
            let out = df
                .clone()
                .lazy()
                .filter(col("kind").eq(lit(kind)))
                .sort(
                    ["mentions", "entity_id"],
                    SortMultipleOptions::default().with_order_descending_multi([true, false]),
                )
                .select(names)
                .collect()
                .map_err(perr)?;
            let batch = bridge::from_polars(&out, t.schema())?;
            t.check(&batch.schema(), kind)?;
            Ok(batch)
        };
        Ok(Aggregates {
            organizations: table("organization", &ORGANIZATIONS)?,
            countries: table("country", &COUNTRIES)?,
            themes: table("theme", &THEMES)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{Array, ArrayRef, StringArray, UInt32Array, UInt64Array};
    use std::sync::Arc;

    /// `(doc, sentence, kind, id)`.
    type Row<'a> = (&'a str, u32, &'a str, &'a str);

    /// Rows as a mentions batch.
    fn mentions(rows: &[Row]) -> RecordBatch {
        let n = rows.len();
        let s = |f: &dyn Fn(&Row) -> String| -> ArrayRef {
            Arc::new(StringArray::from(rows.iter().map(f).collect::<Vec<_>>()))
        };
        let nulls = || -> ArrayRef { Arc::new(StringArray::from(vec![None::<&str>; n])) };
        let zeros = || -> ArrayRef { Arc::new(UInt32Array::from(vec![0; n])) };
        let cols: Vec<ArrayRef> = vec![
            s(&|r| r.0.to_string()),
            Arc::new(UInt32Array::from(
                rows.iter().map(|r| r.1).collect::<Vec<_>>(),
            )),
            zeros(),
            zeros(),
            zeros(),
            zeros(),
            s(&|r| r.3.to_string()),
            s(&|r| r.2.to_string()),
            s(&|r| r.3.to_string()),
            s(&|r| r.3.to_uppercase()),
            s(&|_| "dictionary".to_string()),
            nulls(),
            nulls(),
            s(&|r| {
                if r.2 == "country" {
                    r.3.to_string()
                } else {
                    String::new()
                }
            }),
            nulls(),
            nulls(),
            nulls(),
            nulls(),
        ];
        RecordBatch::try_new(MENTIONS.schema(), cols).unwrap()
    }

    fn rows(b: &RecordBatch) -> Vec<(String, u64, u64, u64)> {
        let id = b
            .column_by_name("entity_id")
            .unwrap()
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        let n = |c: &str| {
            b.column_by_name(c)
                .unwrap()
                .as_any()
                .downcast_ref::<UInt64Array>()
                .unwrap()
                .clone()
        };
        let (m, d, s) = (n("mentions"), n("documents"), n("sentences"));
        (0..b.num_rows())
            .map(|i| (id.value(i).to_string(), m.value(i), d.value(i), s.value(i)))
            .collect()
    }

    #[test]
    fn counts_mentions_documents_and_sentences() {
        let batches = [
            mentions(&[
                ("d1", 0, "country", "US"),
                ("d1", 0, "country", "US"),
                ("d1", 1, "country", "US"),
                ("d1", 1, "organization", "acme"),
                ("d2", 0, "country", "CN"),
            ]),
            mentions(&[]),
            mentions(&[
                ("d3", 0, "country", "US"),
                ("d3", 2, "theme", "tariffs"),
                ("d3", 2, "theme", "tariffs"),
            ]),
        ];
        // One batch at a time, and everything in one batch: the same tables.
        let mut a = Aggregator::new();
        for b in &batches {
            a.add(b).unwrap();
        }
        let split = a.finish().unwrap();
        let mut one = Aggregator::new();
        one.add(&arrow::compute::concat_batches(&MENTIONS.schema(), &batches).unwrap())
            .unwrap();
        let whole = one.finish().unwrap();
        for out in [&split, &whole] {
            assert_eq!(
                rows(&out.countries),
                vec![("US".into(), 4, 2, 3), ("CN".into(), 1, 1, 1)]
            );
            assert_eq!(rows(&out.organizations), vec![("acme".into(), 1, 1, 1)]);
            assert_eq!(rows(&out.themes), vec![("tariffs".into(), 2, 1, 1)]);
            let names = out.countries.column_by_name("entity_name").unwrap();
            assert_eq!(
                names
                    .as_any()
                    .downcast_ref::<StringArray>()
                    .unwrap()
                    .value(0),
                "US"
            );
            assert_eq!(
                out.countries.column_by_name("iso3").unwrap().null_count(),
                2
            );
        }
    }

    #[test]
    fn many_batches_merge_to_the_same_counts() {
        let mut a = Aggregator::new();
        for i in 0..(MERGE_EVERY * 2 + 3) {
            a.add(&mentions(&[
                (&format!("d{i}"), 0, "country", "FR"),
                (&format!("d{i}"), 1, "country", "FR"),
            ]))
            .unwrap();
        }
        let n = (MERGE_EVERY * 2 + 3) as u64;
        assert_eq!(
            rows(&a.finish().unwrap().countries),
            vec![("FR".into(), 2 * n, n, 2 * n)]
        );
    }

    #[test]
    fn no_mentions_gives_empty_tables_with_their_schemas() {
        let out = Aggregator::new().finish().unwrap();
        assert_eq!(out.organizations.num_rows(), 0);
        ORGANIZATIONS
            .check(&out.organizations.schema(), "t")
            .unwrap();
    }
}
