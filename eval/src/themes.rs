//! `newsmill eval themes`: the themes a story is about and its top-level subject against
//! hand-labelled desks (`{doc_id, labels: [theme ids or IPTC qcodes]}`, the first label the main
//! desk), e.g. `data/eval/desk_labels_check.jsonl` over the Asia/Africa newswire.
//!
//! The texts are read as `newsmill run` reads them (the ingest stage, any input format), split and
//! tagged by the config's workers, and each document's themes ranked by
//! `newsmill_core::salience`, as `document_themes` ranks them. A gold document is matched by its
//! `doc_id`, else by its source (the file it was read from, as given or relative to the input
//! folder, with or without the extension). The scoring is pure: [`score`] takes gold and ranked
//! themes and is tested on small cases of our own.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use arrow::array::{Array, Int64Array};
use newsmill_core::salience::{salience, ThemeMention, ThemeSalience};
use newsmill_core::subject::{rank_subjects, DocEntities, Ranker};
use newsmill_core::util::str_col;
use newsmill_core::Error;
use newsmill_tag::{Ent, Kind, Tagger};
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::{json, Value};

use newsmill_engine::config::Config;
use newsmill_engine::runner::Workers;

/// One gold line.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldDesk {
    pub doc_id: String,
    pub labels: Vec<String>,
}

/// The options of `eval themes`.
pub struct ThemesArgs<'a> {
    pub gold: &'a Path,
    pub texts: &'a [PathBuf],
    pub examples: usize,
    pub json: bool,
    /// List each top-1 miss with its first themes.
    pub explain: bool,
}

/// The theme tree of the dictionary: parents, thresholds, qcodes, labels.
pub struct Tree {
    pub parent: HashMap<String, String>,
    pub threshold: HashMap<String, f64>,
    /// Theme id by qcode.
    pub by_qcode: HashMap<String, String>,
    pub label: HashMap<String, String>,
}

impl Tree {
    pub fn new(tagger: &Tagger) -> Tree {
        let mut t = Tree {
            parent: HashMap::new(),
            threshold: HashMap::new(),
            by_qcode: HashMap::new(),
            label: HashMap::new(),
        };
        for e in &tagger.dictionary().entities {
            if e.kind != Some(Kind::Theme) {
                continue;
            }
            if let Some(p) = e.parent_id.as_ref().filter(|p| !p.is_empty()) {
                t.parent.insert(e.id.clone(), p.clone());
            }
            if let Some(a) = e.about {
                t.threshold.insert(e.id.clone(), a);
            }
            if let Some(q) = &e.qcode {
                t.by_qcode.entry(q.clone()).or_insert_with(|| e.id.clone());
            }
            t.label.insert(e.id.clone(), e.name.clone());
        }
        t
    }

    /// The top-level theme above `theme` (itself for a root; a cycle is cut).
    pub fn root<'a>(&'a self, theme: &'a str) -> &'a str {
        let mut t = theme;
        for _ in 0..64 {
            match self.parent.get(t) {
                Some(p) => t = p,
                None => break,
            }
        }
        t
    }

    /// A gold label (a theme id or a qcode) as a theme id.
    pub fn resolve(&self, label: &str) -> Option<String> {
        if self.label.contains_key(label) {
            return Some(label.to_string());
        }
        self.by_qcode.get(label).cloned()
    }
}

/// The themes of one document (title and text) as salience ranks them, with the document's
/// entity counts: what the subject ranker reads.
pub fn analyse_document(
    w: &Workers,
    tree: &Tree,
    title: Option<&str>,
    text: &str,
    date: Option<i64>,
) -> Result<(Vec<ThemeSalience>, DocEntities)> {
    let spans = w.splitter.body_spans(title, text);
    let mut entities = DocEntities::default();
    let mut ids: Vec<(String, Option<u32>)> = Vec::new();
    for m in w.tagger.tag_titled(title, text, &spans, date)? {
        let dict = match &m.ent {
            Ent::Dict(i) => Some(&w.tagger.dictionary().entities[*i]),
            Ent::New(_) => None,
        };
        if m.kind != Kind::Theme {
            entities.add(m.kind.as_str(), dict.and_then(|e| e.entity_type.as_deref()));
            continue;
        }
        let id = match (&m.ent, dict) {
            (_, Some(e)) => e.id.clone(),
            (Ent::New(name), None) => name.to_string(),
            (Ent::Dict(_), None) => continue,
        };
        let sentence = (m.field == newsmill_tag::Field::Text).then_some(m.sentence as u32);
        ids.push((id, sentence));
    }
    let ms: Vec<ThemeMention> = ids
        .iter()
        .map(|(theme, sentence)| ThemeMention {
            theme,
            sentence: *sentence,
        })
        .collect();
    let themes = salience(
        &ms,
        |t| tree.parent.get(t).map(String::as_str),
        |t| tree.threshold.get(t).copied(),
    );
    Ok((themes, entities))
}

/// The ranked themes of one document (title and text), as `document_themes` has them: the
/// salience order, the top levels' `subject_rank` by the built-in subject ranker.
pub fn rank_document(
    w: &Workers,
    tree: &Tree,
    title: Option<&str>,
    text: &str,
    date: Option<i64>,
) -> Result<Vec<ThemeSalience>> {
    let (mut themes, entities) = analyse_document(w, tree, title, text, date)?;
    rank_subjects(
        &mut themes,
        |t| tree.parent.get(t).map(String::as_str),
        &entities,
        Ranker::builtin(),
    );
    Ok(themes)
}

/// `--explain`: how many themes to show per document (the about ones and the top levels).
const EXPLAIN_THEMES: usize = 12;

/// What one document scored.
#[derive(Debug, Clone, PartialEq)]
pub struct DocScore {
    pub doc_id: String,
    /// The desk: the top level of the first gold label.
    pub desk: String,
    /// The top levels the document is given, ranked (first: its subject).
    pub top_levels: Vec<String>,
    /// The top levels it is about.
    pub about_top_levels: Vec<String>,
    /// Themes it is about (any level).
    pub about: usize,
    /// Gold labels (resolved) and how many of them it is about.
    pub labels: usize,
    pub labels_about: usize,
    /// For `--explain`: the first themes in rank order, with score and `about`.
    pub first: Vec<(String, f64, bool)>,
}

impl DocScore {
    pub fn top1(&self) -> bool {
        self.top_levels.first() == Some(&self.desk)
    }
    pub fn desk_about(&self) -> bool {
        self.about_top_levels.contains(&self.desk)
    }
}

/// Scores one document: `labels` resolved to theme ids (first: the desk), `ranked` its themes in
/// rank order.
pub fn score(doc_id: &str, labels: &[String], ranked: &[ThemeSalience], tree: &Tree) -> DocScore {
    let desk = tree.root(&labels[0]).to_string();
    let mut roots: Vec<&ThemeSalience> = ranked
        .iter()
        .filter(|s| !tree.parent.contains_key(&s.theme))
        .collect();
    roots.sort_by_key(|s| s.subject_rank.unwrap_or(u32::MAX));
    let about = |t: &str| ranked.iter().any(|s| s.theme == t && s.about);
    DocScore {
        doc_id: doc_id.to_string(),
        desk,
        top_levels: roots.iter().map(|s| s.theme.clone()).collect(),
        about_top_levels: roots
            .iter()
            .filter(|s| s.about)
            .map(|s| s.theme.clone())
            .collect(),
        about: ranked.iter().filter(|s| s.about).count(),
        labels: labels.len(),
        labels_about: labels.iter().filter(|l| about(l)).count(),
        first: ranked
            .iter()
            .filter(|s| s.about || !tree.parent.contains_key(&s.theme))
            .take(EXPLAIN_THEMES)
            .map(|s| (s.theme.clone(), s.score, s.about))
            .collect(),
    }
}

/// The totals over documents.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Totals {
    pub documents: usize,
    pub top1: usize,
    pub desk_about: usize,
    pub with_top_level: usize,
    pub about_top_levels: usize,
    pub about: usize,
    pub labels: usize,
    pub labels_about: usize,
}

impl Totals {
    pub fn add(&mut self, d: &DocScore) {
        self.documents += 1;
        self.top1 += usize::from(d.top1());
        self.desk_about += usize::from(d.desk_about());
        self.with_top_level += usize::from(!d.top_levels.is_empty());
        self.about_top_levels += d.about_top_levels.len();
        self.about += d.about;
        self.labels += d.labels;
        self.labels_about += d.labels_about;
    }
    fn rate(a: usize, b: usize) -> f64 {
        if b == 0 {
            0.0
        } else {
            a as f64 / b as f64
        }
    }
    pub fn top1_rate(&self) -> f64 {
        Self::rate(self.top1, self.documents)
    }
    pub fn desk_about_rate(&self) -> f64 {
        Self::rate(self.desk_about, self.documents)
    }
    pub fn with_top_level_rate(&self) -> f64 {
        Self::rate(self.with_top_level, self.documents)
    }
    pub fn mean_about_top_levels(&self) -> f64 {
        Self::rate(self.about_top_levels, self.documents)
    }
    pub fn mean_about(&self) -> f64 {
        Self::rate(self.about, self.documents)
    }
    pub fn label_recall(&self) -> f64 {
        Self::rate(self.labels_about, self.labels)
    }
    fn to_json(&self) -> Value {
        let r = |x: f64| (x * 1000.0).round() / 1000.0;
        json!({
            "documents": self.documents,
            "top1": r(self.top1_rate()),
            "desk_about": r(self.desk_about_rate()),
            "with_top_level": r(self.with_top_level_rate()),
            "mean_about_top_levels": r(self.mean_about_top_levels()),
            "mean_about": r(self.mean_about()),
            "label_recall_about": r(self.label_recall()),
        })
    }
    fn line(&self) -> String {
        format!(
            "{:>5}  top-1 {:.3}  desk about {:.3}  with a top level {:.3}  about top levels {:.2}/doc  about themes {:.2}/doc  labels about {:.3}",
            self.documents,
            self.top1_rate(),
            self.desk_about_rate(),
            self.with_top_level_rate(),
            self.mean_about_top_levels(),
            self.mean_about(),
            self.label_recall()
        )
    }
}

/// The keys a document may be found under: its id, its source as given, relative to an input
/// folder, and each without the extension.
fn keys(doc_id: &str, source: &str, roots: &[PathBuf]) -> Vec<String> {
    let mut k = vec![doc_id.to_string(), source.to_string()];
    let p = Path::new(source);
    for r in roots {
        if let Ok(rel) = p.strip_prefix(r) {
            k.push(rel.display().to_string());
        }
    }
    let more: Vec<String> = k
        .iter()
        .skip(1)
        .filter_map(|s| {
            let p = Path::new(s);
            let stem = p.with_extension("");
            (stem != p).then(|| stem.display().to_string())
        })
        .collect();
    k.extend(more);
    k
}

/// Gold desks and the texts of the documents found for them.
pub struct Loaded {
    pub gold: Vec<GoldDesk>,
    /// Per gold line: its labels as theme ids (first: the desk); empty when none is known.
    pub resolved: Vec<Vec<String>>,
    /// The documents found: (gold line, title, text, date), in gold order.
    pub found: Vec<(usize, Option<String>, String, Option<i64>)>,
    /// Gold ids not found in the texts.
    pub missing: Vec<String>,
    /// Labels the theme dictionary does not know, with their counts.
    pub unknown: BTreeMap<String, usize>,
}

/// Reads the gold file and, from the texts (read as `newsmill run` reads them), the documents it
/// names.
pub fn load(w: &Workers, tree: &Tree, gold: &Path, texts: &[PathBuf]) -> Result<Loaded> {
    let text = std::fs::read_to_string(gold)
        .map_err(|e| Error::input(gold, e.to_string()))
        .with_context(|| format!("reading {}", gold.display()))?;
    let gold_path = gold;
    let mut gold: Vec<GoldDesk> = Vec::new();
    for (i, l) in text.lines().enumerate() {
        if l.trim().is_empty() {
            continue;
        }
        let g: GoldDesk = serde_json::from_str(l)
            .map_err(|e| Error::input(gold_path, format!("line {}: {e}", i + 1)))?;
        gold.push(g);
    }
    // Resolve the labels; a gold line without any known label is left out (and reported).
    let mut unknown: BTreeMap<String, usize> = BTreeMap::new();
    let mut wanted: HashMap<String, usize> = HashMap::new();
    let mut resolved: Vec<Vec<String>> = Vec::with_capacity(gold.len());
    for (i, g) in gold.iter().enumerate() {
        let mut ls = Vec::new();
        for l in &g.labels {
            match tree.resolve(l) {
                Some(t) if !ls.contains(&t) => ls.push(t),
                Some(_) => {}
                None => *unknown.entry(l.clone()).or_default() += 1,
            }
        }
        wanted.insert(g.doc_id.clone(), i);
        resolved.push(ls);
    }
    // Read the texts as `newsmill run` does.
    let roots: Vec<PathBuf> = texts.iter().filter(|p| p.is_dir()).cloned().collect();
    let inputs: Vec<&Path> = texts.iter().map(PathBuf::as_path).collect();
    let (batches, _) = newsmill_ingest::read_all(&w.ingestor, &inputs)?;
    type Found = (usize, Option<String>, String, Option<i64>);
    let mut found: Vec<Found> = Vec::new();
    for b in &batches {
        let ids = str_col(b, "doc_id")?;
        let sources = str_col(b, "source")?;
        let titles = str_col(b, "title")?;
        let texts = str_col(b, "text")?;
        let dates = b
            .column_by_name("published_at")
            .and_then(|c| arrow::compute::cast(c, &arrow::datatypes::DataType::Int64).ok());
        let dates = dates
            .as_ref()
            .and_then(|c| c.as_any().downcast_ref::<Int64Array>());
        for r in 0..b.num_rows() {
            let hit = keys(ids.value(r), sources.value(r), &roots)
                .iter()
                .find_map(|k| wanted.get(k).copied());
            if let Some(g) = hit {
                let title = titles.is_valid(r).then(|| titles.value(r).to_string());
                let date = dates.and_then(|d| d.is_valid(r).then(|| d.value(r)));
                found.push((g, title, texts.value(r).to_string(), date));
            }
        }
    }
    found.sort_by_key(|f| f.0);
    found.dedup_by_key(|f| f.0);
    let missing: Vec<String> = {
        let have: std::collections::HashSet<usize> = found.iter().map(|f| f.0).collect();
        (0..gold.len())
            .filter(|i| !have.contains(i))
            .map(|i| gold[i].doc_id.clone())
            .collect()
    };
    Ok(Loaded {
        gold,
        resolved,
        found,
        missing,
        unknown,
    })
}

/// `newsmill eval themes`.
pub fn themes(config: &Config, a: &ThemesArgs) -> Result<String> {
    let w = Workers::build(config, newsmill_engine::runner::Stages::ALL)?;
    let tree = Tree::new(&w.tagger);
    let Loaded {
        gold,
        resolved,
        found,
        missing,
        unknown,
    } = load(&w, &tree, a.gold, a.texts)?;
    let missing: Vec<&str> = missing.iter().map(String::as_str).collect();
    let scores: Vec<DocScore> = found
        .par_iter()
        .filter(|(g, ..)| !resolved[*g].is_empty())
        .map(|(g, title, text, date)| {
            let ranked = rank_document(&w, &tree, title.as_deref(), text, *date)?;
            Ok(score(&gold[*g].doc_id, &resolved[*g], &ranked, &tree))
        })
        .collect::<Result<_>>()?;
    let mut out = report(&scores, &tree, &missing, &unknown, a.examples, a.json);
    if a.explain && !a.json {
        let _ = writeln!(out, "\ntop-1 misses, their first themes (score, * about):");
        for d in scores.iter().filter(|d| !d.top1()) {
            let first: Vec<String> = d
                .first
                .iter()
                .map(|(t, s, a)| format!("{t} {s:.2}{}", if *a { "*" } else { "" }))
                .collect();
            let _ = writeln!(out, "  {} [{}]: {}", d.doc_id, d.desk, first.join(", "));
        }
    }
    Ok(out)
}

/// The report: totals, per desk, the confusions with example ids.
pub fn report(
    scores: &[DocScore],
    tree: &Tree,
    missing: &[&str],
    unknown: &BTreeMap<String, usize>,
    examples: usize,
    as_json: bool,
) -> String {
    let mut all = Totals::default();
    let mut per_desk: BTreeMap<&str, Totals> = BTreeMap::new();
    // (desk, predicted) → ids
    let mut confusions: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for d in scores {
        all.add(d);
        per_desk.entry(&d.desk).or_default().add(d);
        if !d.top1() {
            let p = d.top_levels.first().map_or("(none)", String::as_str);
            confusions.entry((&d.desk, p)).or_default().push(&d.doc_id);
        }
    }
    let mut conf: Vec<(&(&str, &str), &Vec<&str>)> = confusions.iter().collect();
    conf.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    let label = |t: &str| tree.label.get(t).cloned().unwrap_or_else(|| t.to_string());
    if as_json {
        let desks: Vec<Value> = per_desk
            .iter()
            .map(|(d, t)| {
                let mut v = t.to_json();
                v["desk"] = json!(d);
                v
            })
            .collect();
        let c: Vec<Value> = conf
            .iter()
            .map(|((d, p), ids)| {
                json!({"desk": d, "predicted": p, "documents": ids.len(),
                       "examples": ids.iter().take(examples).collect::<Vec<_>>()})
            })
            .collect();
        let mut v = all.to_json();
        v["desks"] = json!(desks);
        v["confusions"] = json!(c);
        v["missing"] = json!(missing);
        v["unknown_labels"] = json!(unknown);
        return format!("{v}\n");
    }
    let mut out = String::new();
    let _ = writeln!(out, "== themes against hand-labelled desks");
    let _ = writeln!(out, "all   {}", all.line());
    let _ = writeln!(out, "\nper desk (the first label's top level):");
    for (d, t) in &per_desk {
        let _ = writeln!(out, "  {:<42} {}", label(d), t.line());
    }
    if !conf.is_empty() {
        let _ = writeln!(out, "\ntop-1 misses (desk → first top level given):");
        for ((d, p), ids) in &conf {
            let ex: Vec<&str> = ids.iter().take(examples).copied().collect();
            let _ = writeln!(
                out,
                "  {:>3}  {} → {}  e.g. {}",
                ids.len(),
                label(d),
                label(p),
                ex.join(", ")
            );
        }
    }
    if !missing.is_empty() {
        let _ = writeln!(
            out,
            "\n{} gold documents not found in the texts, e.g. {}",
            missing.len(),
            missing
                .iter()
                .take(5)
                .copied()
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if !unknown.is_empty() {
        let _ = writeln!(
            out,
            "\nlabels the theme dictionary does not know (left out):"
        );
        for (l, n) in unknown {
            let _ = writeln!(out, "  {n:>4}  {l}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> Tree {
        let mut t = Tree {
            parent: HashMap::new(),
            threshold: HashMap::new(),
            by_qcode: HashMap::new(),
            label: HashMap::new(),
        };
        for (id, parent, q) in [
            ("sport", "", "medtop:15000000"),
            ("football", "sport", "medtop:20001065"),
            ("politics", "", "medtop:11000000"),
            ("elections", "politics", "medtop:20000574"),
            ("economy", "", "medtop:04000000"),
        ] {
            if !parent.is_empty() {
                t.parent.insert(id.into(), parent.into());
            }
            t.by_qcode.insert(q.into(), id.into());
            t.label.insert(id.into(), id.into());
        }
        t
    }

    fn s(theme: &str, about: bool) -> ThemeSalience {
        ThemeSalience {
            theme: theme.into(),
            mentions: 1,
            direct_mentions: 1,
            in_title: false,
            first_sentence: Some(0),
            share: 0.5,
            score: 1.0,
            about,
            points: 1.0,
            rank: 0,
            subject_rank: None,
        }
    }

    #[test]
    fn resolve_labels_and_roots() {
        let t = tree();
        assert_eq!(t.resolve("medtop:20001065").as_deref(), Some("football"));
        assert_eq!(t.resolve("elections").as_deref(), Some("elections"));
        assert_eq!(t.resolve("medtop:99999999"), None);
        assert_eq!(t.root("football"), "sport");
        assert_eq!(t.root("sport"), "sport");
    }

    #[test]
    fn score_table() {
        let t = tree();
        // (labels, ranked themes) → (top-1, desk about, top levels, about top levels, labels about)
        type Case<'a> = (
            &'a [&'a str],
            Vec<ThemeSalience>,
            (bool, bool, usize, usize, usize),
        );
        let cases: Vec<Case> = vec![
            // A football story ranked sport first and about it.
            (
                &["sport"],
                vec![s("football", true), s("sport", true), s("politics", false)],
                (true, true, 2, 1, 1),
            ),
            // The desk given at a lower level (elections → politics), ranked second but about.
            (
                &["elections", "economy"],
                vec![
                    s("economy", true),
                    s("politics", true),
                    s("elections", true),
                ],
                (false, true, 2, 2, 2),
            ),
            // No theme at all: no top level, nothing about.
            (&["sport"], vec![], (false, false, 0, 0, 0)),
            // First but not about.
            (
                &["politics"],
                vec![s("politics", false)],
                (true, false, 1, 0, 0),
            ),
        ];
        for (i, (labels, ranked, want)) in cases.into_iter().enumerate() {
            let labels: Vec<String> = labels.iter().map(|l| l.to_string()).collect();
            let d = score("d", &labels, &ranked, &t);
            let got = (
                d.top1(),
                d.desk_about(),
                d.top_levels.len(),
                d.about_top_levels.len(),
                d.labels_about,
            );
            assert_eq!(got, want, "case {i}");
        }
    }

    #[test]
    fn totals_and_keys() {
        let t = tree();
        let mut all = Totals::default();
        all.add(&score("a", &["sport".into()], &[s("sport", true)], &t));
        all.add(&score("b", &["politics".into()], &[s("sport", true)], &t));
        all.add(&score("c", &["economy".into()], &[], &t));
        assert_eq!((all.documents, all.top1, all.with_top_level), (3, 1, 2));
        assert!((all.mean_about_top_levels() - 2.0 / 3.0).abs() < 1e-9);
        let k = keys("h1", "/in/bbc/sport/001.txt", &[PathBuf::from("/in")]);
        assert!(k.contains(&"bbc/sport/001.txt".to_string()));
        assert!(k.contains(&"bbc/sport/001".to_string()));
        assert!(k.contains(&"h1".to_string()));
    }

    #[test]
    fn txt_title_line_scores_as_the_jsonl_title() {
        // A .txt file's first line is its title: the same scores as a record with that title and
        // the body as its text (regression: the title line used to count as the text's first
        // sentence, `in_title` never set).
        let config = Config::default();
        let w = Workers::build(&config, newsmill_engine::runner::Stages::ALL).unwrap();
        let tree = Tree::new(&w.tagger);
        let title = "Chip export controls tighten as the AI race heats up";
        let body = "Regulators widened export controls on advanced chips on Monday.\n\
                    Semiconductor makers said the rules would cut sales.\n\
                    Analysts expect more tariffs on electronics next year.\n";
        let txt = format!("{title}\r\n{body}");
        let as_txt = rank_document(&w, &tree, Some(title), &txt, None).unwrap();
        let as_jsonl = rank_document(&w, &tree, Some(title), body, None).unwrap();
        assert!(!as_txt.is_empty());
        assert!(as_txt.iter().any(|s| s.in_title));
        assert_eq!(as_txt, as_jsonl);
        // Without the title the title line is text, and nothing is in a title.
        let untitled = rank_document(&w, &tree, None, &txt, None).unwrap();
        assert!(untitled.iter().all(|s| !s.in_title));
    }

    #[test]
    fn the_first_subject_of_short_stories_of_our_own() {
        // Stories written for this test (title, text, the desk an editor would file them under):
        // the subject ranker (built-in weights) over salience and entities gives the desk first.
        let config = Config::default();
        let w = Workers::build(&config, newsmill_engine::runner::Stages::ALL).unwrap();
        let tree = Tree::new(&w.tagger);
        let cases: &[(&str, &str, &str)] = &[
            (
                "Late goal sends United into the cup final",
                "Manchester United beat Chelsea 2-1 at Old Trafford on Saturday to reach the cup \
                 final. The striker scored in the 89th minute after the keeper had saved a penalty. \
                 The win lifts the club's hopes of a trophy worth millions in prize money. The \
                 manager praised his players and the fans after the match.",
                "sport",
            ),
            (
                "Central bank raises interest rates again",
                "The central bank raised its benchmark interest rate by half a point on Thursday to \
                 fight inflation, which reached 7 percent in May. Bond yields rose and the currency \
                 gained against the dollar. Economists expect another increase in the autumn.",
                "economy_business_finance",
            ),
            (
                "Opposition wins the election",
                "The opposition party won a majority in parliament in Sunday's general election, \
                 ending ten years of rule by the governing coalition. Its leader promised a new \
                 cabinet within a week. Turnout was 64 percent, the election commission said.",
                "politics_government",
            ),
            (
                "Former minister jailed for bribery",
                "A court sentenced a former transport minister to six years in prison on Tuesday \
                 for taking bribes from construction firms. The judge said the defendant had \
                 abused his office. His lawyers said they would appeal the verdict.",
                "crime_law_justice",
            ),
        ];
        for (title, text, want) in cases {
            let ranked = rank_document(&w, &tree, Some(title), text, None).unwrap();
            let first = ranked
                .iter()
                .find(|s| s.subject_rank == Some(1))
                .map(|s| s.theme.as_str());
            assert_eq!(first, Some(*want), "{title}");
        }
    }
}
