//! Scoring primitives: counts behind a precision and a recall, and tallies of disagreements with
//! example documents. Pure: no I/O, no formatting but the one-line summary of a score.

use std::collections::BTreeMap;

use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------------
// Scoring primitives

/// Counts behind a precision and a recall. With exact matching `pred_ok == gold_found`; with
/// overlap matching they may differ (one prediction can cover two nested gold mentions).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    /// Predictions.
    pub pred: u64,
    /// Predictions that are right.
    pub pred_ok: u64,
    /// Gold items.
    pub gold: u64,
    /// Gold items found.
    pub gold_found: u64,
}

/// `a / b`, 0 when `b` is 0.
pub fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

impl Score {
    pub fn precision(&self) -> f64 {
        ratio(self.pred_ok, self.pred)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.gold_found, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    pub(crate) fn add(&mut self, o: Score) {
        self.pred += o.pred;
        self.pred_ok += o.pred_ok;
        self.gold += o.gold;
        self.gold_found += o.gold_found;
    }
    pub(crate) fn line(&self) -> String {
        format!(
            "P {:.3} ({}/{})  R {:.3} ({}/{})  F1 {:.3}",
            self.precision(),
            self.pred_ok,
            self.pred,
            self.recall(),
            self.gold_found,
            self.gold,
            self.f1()
        )
    }
    pub(crate) fn to_json(self) -> Value {
        json!({
            "pred": self.pred, "pred_ok": self.pred_ok, "gold": self.gold, "gold_found": self.gold_found,
            "precision": round(self.precision()), "recall": round(self.recall()), "f1": round(self.f1()),
        })
    }
}

pub(crate) fn round(x: f64) -> f64 {
    (x * 10000.0).round() / 10000.0
}

/// Counts of a disagreement (or a miss) with up to `examples` example ids, in input order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    pub count: u64,
    pub examples: Vec<String>,
}

pub(crate) const EXAMPLES: usize = 2;

pub(crate) fn tally(map: &mut BTreeMap<String, Tally>, key: &str, example: &str) {
    tally_n(map, key, example, EXAMPLES)
}

pub(crate) fn tally_n(
    map: &mut BTreeMap<String, Tally>,
    key: &str,
    example: &str,
    examples: usize,
) {
    let t = map.entry(key.to_string()).or_default();
    t.count += 1;
    if t.examples.len() < examples {
        t.examples.push(example.to_string());
    }
}

/// Most frequent first, then by key.
pub(crate) fn sorted(map: &BTreeMap<String, Tally>) -> Vec<(&String, &Tally)> {
    let mut v: Vec<_> = map.iter().collect();
    v.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
    v
}

pub(crate) fn tallies_json(map: &BTreeMap<String, Tally>, top: usize) -> Value {
    Value::Array(
        sorted(map)
            .into_iter()
            .take(top)
            .map(|(k, t)| json!({"key": k, "count": t.count, "examples": t.examples}))
            .collect(),
    )
}
