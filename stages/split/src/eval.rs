//! Evaluation of the segmenter against gold sentence files (`newsmill eval split --gold FILE`).
//!
//! Two formats are read, detected per line:
//! - **Sentence corpora** (`*.sentences.jsonl`): `{"doc_id", "text", "sentences": [{"start",
//!   "end", ...}]}` with code-point offsets. Scored as boundary precision / recall / F1, where a
//!   boundary is the end of a sentence after trimming whitespace. Boundaries at paragraph breaks
//!   (a blank line follows) and at the end of the document are given away: they count neither for
//!   nor against.
//! - **Golden rules**: `{"id", "name", "text", "expected": [sentences]}`. A rule passes when our
//!   sentences equal the expected ones after trimming and collapsing runs of whitespace (the
//!   report also gives the count with trimming only). Some rules from the Pragmatic Segmenter
//!   README keep the escapes of their source (`\n`, `\"` as two characters) in `text` while
//!   `expected` has them decoded; for a rule whose expected sentences hold no backslash, these two
//!   escapes are decoded before segmenting (counted in the report).
use std::fmt;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::segment::Segmenter;

/// Boundary scores over a sentence corpus.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BoundaryScore {
    /// Documents scored.
    pub documents: usize,
    /// Gold sentences (all of them, including those ending at paragraph breaks).
    pub gold_sentences: usize,
    /// Boundaries found in both.
    pub true_positives: usize,
    /// Boundaries we found that the gold does not have.
    pub false_positives: usize,
    /// Gold boundaries we missed.
    pub false_negatives: usize,
    /// Gold boundaries given away (paragraph breaks and document ends).
    pub given_away: usize,
    /// tp / (tp + fp).
    pub precision: f64,
    /// tp / (tp + fn).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

/// A boundary we got wrong, with some context (`|` marks the place).
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    /// The document.
    pub doc_id: String,
    /// `missed` (a gold boundary we did not find) or `spurious` (one we found that gold lacks).
    pub kind: &'static str,
    /// The code-point offset of the boundary.
    pub offset: usize,
    /// Text around the boundary.
    pub context: String,
}

/// Golden-rule results.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RuleScore {
    /// Rules passed (whitespace-trimmed and collapsed).
    pub passed: usize,
    /// Rules passed comparing whitespace-trimmed sentences only.
    pub passed_strict: usize,
    /// Rules read.
    pub total: usize,
    /// Rules whose text had literal `\n` / `\"` escapes decoded.
    pub escapes_decoded: usize,
    /// The failed rules.
    pub failures: Vec<RuleFailure>,
}

/// One failed golden rule.
#[derive(Debug, Clone, Serialize)]
pub struct RuleFailure {
    /// The rule id.
    pub id: String,
    /// The rule name.
    pub name: String,
    /// The expected sentences.
    pub expected: Vec<String>,
    /// Our sentences.
    pub got: Vec<String>,
}

/// The result of [`evaluate`].
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    /// The gold file.
    pub gold: String,
    /// Scores on sentence-corpus lines, if the file had any.
    pub boundaries: Option<BoundaryScore>,
    /// Scores on golden-rule lines, if the file had any.
    pub rules: Option<RuleScore>,
    /// Up to `max_misses` wrong boundaries.
    pub misses: Vec<Miss>,
    /// Wrong boundaries left out of `misses`.
    pub misses_left_out: usize,
}

impl EvalReport {
    /// The report as JSON.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "split eval on {}", self.gold)?;
        if let Some(b) = &self.boundaries {
            writeln!(
                f,
                "  boundaries: P {:.3}  R {:.3}  F1 {:.3}  (tp {}, fp {}, fn {}; {} documents, {} gold sentences, {} paragraph/document-end boundaries given away)",
                b.precision, b.recall, b.f1, b.true_positives, b.false_positives, b.false_negatives, b.documents, b.gold_sentences, b.given_away
            )?;
        }
        if let Some(r) = &self.rules {
            writeln!(f, "  golden rules: {} of {} passed ({} comparing trimmed text only; {} with escapes decoded)", r.passed, r.total, r.passed_strict, r.escapes_decoded)?;
            for fail in &r.failures {
                writeln!(f, "  FAIL rule {} {}", fail.id, fail.name)?;
                writeln!(f, "       expected {:?}", fail.expected)?;
                writeln!(f, "       got      {:?}", fail.got)?;
            }
        }
        for m in &self.misses {
            writeln!(
                f,
                "  {:8} {} @{}: {}",
                m.kind, m.doc_id, m.offset, m.context
            )?;
        }
        if self.misses_left_out > 0 {
            writeln!(
                f,
                "  ... and {} more wrong boundaries",
                self.misses_left_out
            )?;
        }
        Ok(())
    }
}

/// Scores `seg` on the gold file at `gold_path`, listing at most `max_misses` wrong boundaries.
pub fn evaluate(
    gold_path: &Path,
    seg: &Segmenter,
    max_misses: usize,
) -> Result<EvalReport, String> {
    let content = std::fs::read_to_string(gold_path)
        .map_err(|e| format!("cannot read {}: {e}", gold_path.display()))?;
    let mut report = EvalReport {
        gold: gold_path.display().to_string(),
        boundaries: None,
        rules: None,
        misses: Vec::new(),
        misses_left_out: 0,
    };
    for (n, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let where_ = || format!("{}:{}", gold_path.display(), n + 1);
        let v: Value =
            serde_json::from_str(line).map_err(|e| format!("{}: not JSON: {e}", where_()))?;
        let text = v
            .get("text")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("{}: no \"text\" string", where_()))?;
        if let Some(sentences) = v.get("sentences").and_then(Value::as_array) {
            let doc_id = v
                .get("doc_id")
                .map(value_str)
                .unwrap_or_else(|| format!("line {}", n + 1));
            let mut ends = Vec::with_capacity(sentences.len());
            for s in sentences {
                let (start, end) = (
                    s.get("start").and_then(Value::as_u64),
                    s.get("end").and_then(Value::as_u64),
                );
                match (start, end) {
                    (Some(a), Some(b)) if a <= b => ends.push((a as usize, b as usize)),
                    _ => {
                        return Err(format!(
                            "{}: a sentence without valid \"start\"/\"end\"",
                            where_()
                        ))
                    }
                }
            }
            let score = report.boundaries.get_or_insert_with(BoundaryScore::default);
            score_document(
                &doc_id,
                text,
                &ends,
                seg,
                score,
                &mut report.misses,
                &mut report.misses_left_out,
                max_misses,
            )?;
        } else if let Some(expected) = v.get("expected").and_then(Value::as_array) {
            let expected: Vec<String> = expected.iter().map(value_str).collect();
            let rules = report.rules.get_or_insert_with(RuleScore::default);
            score_rule(&v, text, expected, seg, rules);
        } else {
            return Err(format!(
                "{}: neither \"sentences\" (a sentence corpus) nor \"expected\" (a golden rule)",
                where_()
            ));
        }
    }
    if let Some(b) = report.boundaries.as_mut() {
        let (tp, fp, fn_) = (
            b.true_positives as f64,
            b.false_positives as f64,
            b.false_negatives as f64,
        );
        b.precision = if tp + fp > 0.0 { tp / (tp + fp) } else { 1.0 };
        b.recall = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 1.0 };
        b.f1 = if b.precision + b.recall > 0.0 {
            2.0 * b.precision * b.recall / (b.precision + b.recall)
        } else {
            0.0
        };
    }
    if report.boundaries.is_none() && report.rules.is_none() {
        return Err(format!("{}: no gold lines", gold_path.display()));
    }
    Ok(report)
}

fn value_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Whether the boundary at code point `p` is given away: only whitespace follows up to the end,
/// or the whitespace after it holds a blank line (two newlines).
fn given_away(chars: &[char], p: usize) -> bool {
    let mut newlines = 0;
    for &c in &chars[p.min(chars.len())..] {
        if !c.is_whitespace() {
            return newlines >= 2;
        }
        newlines += usize::from(c == '\n');
    }
    true
}

#[allow(clippy::too_many_arguments)]
fn score_document(
    doc_id: &str,
    text: &str,
    gold: &[(usize, usize)],
    seg: &Segmenter,
    score: &mut BoundaryScore,
    misses: &mut Vec<Miss>,
    left_out: &mut usize,
    max_misses: usize,
) -> Result<(), String> {
    let chars: Vec<char> = text.chars().collect();
    score.documents += 1;
    score.gold_sentences += gold.len();
    let mut gold_ends = Vec::with_capacity(gold.len());
    for &(start, end) in gold {
        if end > chars.len() {
            return Err(format!(
                "{doc_id}: sentence end {end} past the text ({} characters)",
                chars.len()
            ));
        }
        let mut e = end;
        while e > start && chars[e - 1].is_whitespace() {
            e -= 1;
        }
        if given_away(&chars, e) {
            score.given_away += 1;
        } else {
            gold_ends.push(e);
        }
    }
    // Our spans, byte offsets to code points.
    let mut ours = Vec::new();
    let (mut byte, mut cp) = (0usize, 0usize);
    for (_, end) in seg.split(text) {
        cp += text[byte..end].chars().count();
        byte = end;
        if !given_away(&chars, cp) {
            ours.push(cp);
        }
    }
    gold_ends.sort_unstable();
    gold_ends.dedup();
    ours.sort_unstable();
    ours.dedup();
    let (mut i, mut j) = (0, 0);
    let mut note = |kind: &'static str, offset: usize| {
        if misses.len() < max_misses {
            let from = offset.saturating_sub(60);
            let to = (offset + 60).min(chars.len());
            let before: String = chars[from..offset].iter().collect();
            let after: String = chars[offset..to].iter().collect();
            misses.push(Miss {
                doc_id: doc_id.to_string(),
                kind,
                offset,
                context: format!("{}|{}", before, after).replace('\n', "⏎"),
            });
        } else {
            *left_out += 1;
        }
    };
    while i < gold_ends.len() || j < ours.len() {
        match (gold_ends.get(i), ours.get(j)) {
            (Some(g), Some(o)) if g == o => {
                score.true_positives += 1;
                i += 1;
                j += 1;
            }
            (Some(g), Some(o)) if g < o => {
                score.false_negatives += 1;
                note("missed", *g);
                i += 1;
            }
            (Some(_), Some(o)) => {
                score.false_positives += 1;
                note("spurious", *o);
                j += 1;
            }
            (Some(g), None) => {
                score.false_negatives += 1;
                note("missed", *g);
                i += 1;
            }
            (None, Some(o)) => {
                score.false_positives += 1;
                note("spurious", *o);
                j += 1;
            }
            (None, None) => break,
        }
    }
    Ok(())
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn score_rule(
    v: &Value,
    text: &str,
    expected: Vec<String>,
    seg: &Segmenter,
    rules: &mut RuleScore,
) {
    rules.total += 1;
    let has_escapes = text.contains("\\n") || text.contains("\\\"");
    let decoded;
    let text = if has_escapes && !expected.iter().any(|s| s.contains('\\')) {
        rules.escapes_decoded += 1;
        decoded = text.replace("\\n", "\n").replace("\\\"", "\"");
        decoded.as_str()
    } else {
        text
    };
    let got: Vec<String> = seg
        .split(text)
        .into_iter()
        .map(|(s, e)| text[s..e].to_string())
        .collect();
    let strict =
        got.len() == expected.len() && got.iter().zip(&expected).all(|(g, x)| g.trim() == x.trim());
    let loose = got.len() == expected.len()
        && got
            .iter()
            .zip(&expected)
            .all(|(g, x)| collapse(g) == collapse(x));
    rules.passed_strict += usize::from(strict);
    rules.passed += usize::from(loose);
    if !loose {
        rules.failures.push(RuleFailure {
            id: v.get("id").map(value_str).unwrap_or_default(),
            name: v.get("name").map(value_str).unwrap_or_default(),
            expected,
            got,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SplitConfig;

    fn write(content: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "newsmill-split-eval-{}-{}",
            std::process::id(),
            content.len()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("gold.jsonl");
        std::fs::write(&path, content).unwrap();
        path
    }

    #[test]
    fn scores_boundaries_and_gives_away_paragraph_breaks() {
        // Our own text: three sentences in one paragraph, then a heading paragraph.
        let text = "Rain fell. The river rose. Boats stayed home.\n\nHarbor news";
        let gold = serde_json::json!({"doc_id": "d1", "text": text, "sentences": [
            {"id": 1, "start": 0, "end": 10, "text": "Rain fell."},
            {"id": 2, "start": 11, "end": 26, "text": "The river rose."},
            {"id": 3, "start": 27, "end": 45, "text": "Boats stayed home."},
            {"id": 4, "start": 47, "end": 58, "text": "Harbor news"}]});
        let path = write(&format!("{gold}\n"));
        let seg = Segmenter::new(&SplitConfig::default()).unwrap();
        let r = evaluate(&path, &seg, 10).unwrap();
        let b = r.boundaries.as_ref().unwrap();
        assert_eq!(
            (
                b.true_positives,
                b.false_positives,
                b.false_negatives,
                b.given_away
            ),
            (2, 0, 0, 2)
        );
        assert!((b.f1 - 1.0).abs() < 1e-9);
        assert!(r.to_string().contains("F1 1.000"));
        assert_eq!(r.to_json()["boundaries"]["true_positives"], 2);
    }

    #[test]
    fn scores_golden_rules_and_lists_failures() {
        let lines = [
            serde_json::json!({"id": 1, "name": "two", "text": "It rained. We left.", "expected": ["It rained.", "We left."]}),
            serde_json::json!({"id": 2, "name": "wrong on purpose", "text": "It rained. We left.", "expected": ["It rained. We left."]}),
            serde_json::json!({"id": 3, "name": "escaped newline", "text": "cats\\ndogs\\n", "expected": ["cats", "dogs"]}),
        ];
        let path = write(&lines.iter().map(|l| format!("{l}\n")).collect::<String>());
        let seg = Segmenter::new(&SplitConfig::default()).unwrap();
        let r = evaluate(&path, &seg, 10).unwrap();
        let rules = r.rules.as_ref().unwrap();
        assert_eq!(
            (rules.passed, rules.total, rules.escapes_decoded),
            (2, 3, 1)
        );
        assert_eq!(rules.failures.len(), 1);
        assert!(r.to_string().contains("FAIL rule 2"));
    }

    #[test]
    fn reports_bad_input() {
        let seg = Segmenter::new(&SplitConfig::default()).unwrap();
        assert!(evaluate(Path::new("/nonexistent/gold.jsonl"), &seg, 5).is_err());
        let path = write("{\"nothing\": 1}\n");
        assert!(evaluate(&path, &seg, 5)
            .unwrap_err()
            .contains("no \"text\""));
    }
}
