//! A learned filter over the recognizer's organization names (issue 19, third pass): a logistic
//! regression over features of each name a document's recognized organizations give (the
//! model's margin, length, capitalization, last and first word, the words around it, how often
//! and where the document names it, other labels the model gave it), trained on the train parts
//! by `cargo run -p newsmill-eval --example train_org_filter` (docs/ner.md). A name whose score
//! is below the file's threshold is no mention. Dictionary, pattern and acronym mentions are not
//! filtered; neither is a name that one of them also gives.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use super::{Label, Span};
use crate::matcher::Target;
use crate::{Form, Kind, Mention, Method, Tagger};

/// The embedded weights: `threshold`, `bias` and one `feature<TAB>weight` a line.
pub const BUILTIN: &str = include_str!("../../../../data/tag/org_filter.tsv");

/// Weights and threshold of a trained filter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Weights {
    pub threshold: f64,
    pub bias: f64,
    pub features: rustc_hash::FxHashMap<String, f64>,
}

impl Weights {
    /// Reads `threshold`, `bias` and feature rows (`name<TAB>weight`; `#` comments). A row that
    /// does not parse is an error.
    pub fn parse(text: &str) -> Result<Weights, String> {
        let mut w = Weights::default();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (k, v) = line
                .split_once('\t')
                .ok_or_else(|| format!("line {}: no tab", n + 1))?;
            let v: f64 = v
                .trim()
                .parse()
                .map_err(|_| format!("line {}: bad weight {v:?}", n + 1))?;
            match k {
                "threshold" => w.threshold = v,
                "bias" => w.bias = v,
                _ => {
                    w.features.insert(k.to_string(), v);
                }
            }
        }
        Ok(w)
    }

    /// The score of a candidate: the bias plus the weights of its features (unknown: 0).
    pub fn score(&self, features: &[String]) -> f64 {
        self.bias
            + features
                .iter()
                .filter_map(|f| self.features.get(f))
                .sum::<f64>()
    }
}

/// The built-in filter (`data/tag/org_filter.tsv`); `None` if it does not parse (a test checks
/// that it does).
pub fn builtin() -> Option<&'static Weights> {
    static W: LazyLock<Option<Weights>> = LazyLock::new(|| Weights::parse(BUILTIN).ok());
    W.as_ref()
}

/// One organization name the recognizer gave a document: its key (as the by-name scorer
/// normalizes names), the mentions that carry it and its features.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub key: String,
    pub mentions: Vec<usize>,
    pub features: Vec<String>,
}

/// A name as `newsmill eval ner` compares names: lower case, white space runs one space, no
/// leading "the ", no trailing possessive.
pub fn name_key(surface: &str) -> String {
    // Built in one string, cut in place (asked of every organization mention of a document).
    let lower = surface.to_lowercase();
    let mut s = String::with_capacity(lower.len());
    for w in lower.split_whitespace() {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(w);
    }
    if s.starts_with("the ") {
        s.drain(..4);
    }
    for suffix in ["'s", "’s"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            let n = rest.trim_end().len();
            s.truncate(n);
            break;
        }
    }
    s
}

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Words that say what comes before or after a name, as features of their own.
const CONTEXT_WORDS: &[&str] = &[
    "the", "of", "by", "at", "for", "from", "in", "with", "to", "and", "said", "says", "told", "a",
    "an", "on", "as", "its", "his", "her", "their", "v", "vs",
];

/// Margin buckets' upper bounds (the recognizer's organization threshold is 20).
const MARGIN_BUCKETS: &[f32] = &[10.0, 20.0, 40.0, 80.0];

/// The word before `s` (letters and digits, or one other character), if any, in its sentence.
fn word_before(text: &str, sent_start: usize, s: usize) -> Option<&str> {
    let before = text.get(sent_start..s)?.trim_end();
    let c = before.chars().last()?;
    if !c.is_alphanumeric() {
        return Some(&before[before.len() - c.len_utf8()..]);
    }
    let from = before
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(0, |(i, c)| i + c.len_utf8());
    Some(&before[from..])
}

/// The word after `e` in its sentence ("'s" counts as one).
fn word_after(text: &str, e: usize, sent_end: usize) -> Option<&str> {
    let after = text.get(e..sent_end)?;
    if after.starts_with("'s") || after.starts_with("’s") {
        return Some("'s");
    }
    let after = after.trim_start();
    let c = after.chars().next()?;
    if !c.is_alphanumeric() {
        return Some(&after[..c.len_utf8()]);
    }
    let to = after
        .char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(after.len(), |(i, _)| i);
    Some(&after[..to])
}

/// Features of the word next to a name, under `side` ("prev" or "next").
fn context_features(side: &str, w: Option<&str>, out: &mut BTreeSet<String>) {
    let Some(w) = w else {
        out.insert(format!("{side}:none"));
        return;
    };
    let lower = w.to_lowercase();
    if CONTEXT_WORDS.contains(&lower.as_str()) || w == "'s" {
        out.insert(format!("{side}={lower}"));
    } else if w.chars().all(|c| c.is_ascii_digit()) {
        out.insert(format!("{side}:number"));
    } else if super::link::is_title(w) {
        out.insert(format!("{side}:title"));
    } else if w.chars().next().is_some_and(char::is_uppercase) {
        out.insert(format!("{side}:capitalized"));
    } else if w.chars().next().is_some_and(char::is_lowercase) {
        out.insert(format!("{side}:lower"));
    } else {
        out.insert(format!("{side}={w}"));
    }
}

/// What `tagger`'s dictionaries find in a name: countries by form, cities, organizations;
/// `is:` when the match is the whole name, `holds:` when it is a part.
fn dictionary_features(tagger: &Tagger, surface: &str, out: &mut BTreeSet<String>) {
    let Ok(automata) = tagger.automata() else {
        return;
    };
    let mut raw = Vec::new();
    automata.matcher.entities(surface, &mut raw);
    let d = tagger.dictionary();
    for (s, e, target, _) in raw {
        let Target::Alias(a) = target else { continue };
        let Some(alias) = d.aliases.get(a) else {
            continue;
        };
        let what = match (
            d.entities.get(alias.entity).and_then(|x| x.kind),
            alias.form,
        ) {
            (Some(Kind::Country), Form::Demonym) => "demonym",
            (Some(Kind::Country), Form::City | Form::Capital) => "city",
            (Some(Kind::Country), Form::Name | Form::Abbreviation) => "country",
            (Some(Kind::Country), _) => "region",
            (Some(Kind::Organization), _) => "organization",
            _ => continue,
        };
        let whole = s == 0 && e == surface.len();
        out.insert(format!("{}:{what}", if whole { "is" } else { "holds" }));
    }
}

/// The recognizer's organization names in `out` (the document's mentions), grouped by key, with
/// their features; `names` are the recognizer's names of the document with their margins.
/// Names that a mention of another method also gives are left out.
pub fn candidates(
    tagger: &Tagger,
    text: &str,
    sents: &[(usize, usize)],
    names: &[Span],
    out: &[Mention],
) -> Vec<Candidate> {
    // Fx hashes: the maps are only looked up (`order` keeps the names' order).
    let mut by_key: rustc_hash::FxHashMap<String, Vec<usize>> = Default::default();
    let mut order: Vec<String> = Vec::new();
    let mut other_methods: BTreeSet<String> = BTreeSet::new();
    for (i, m) in out.iter().enumerate() {
        if m.kind != Kind::Organization || m.field != crate::Field::Text {
            continue;
        }
        let Some(surface) = text.get(m.start..m.end) else {
            continue;
        };
        let key = name_key(surface);
        if m.method != Method::Model {
            other_methods.insert(key);
            continue;
        }
        by_key
            .entry(key.clone())
            .or_insert_with(|| {
                order.push(key);
                Vec::new()
            })
            .push(i);
    }
    // Other labels the recognizer gave the same name in the document.
    let mut labels_of: rustc_hash::FxHashMap<String, BTreeSet<&'static str>> = Default::default();
    for n in names {
        if let Some(s) = text.get(n.start..n.end) {
            let l = match n.label {
                Label::Per => "per",
                Label::Loc => "loc",
                Label::Misc => "misc",
                Label::Org => continue,
            };
            labels_of.entry(name_key(s)).or_default().insert(l);
        }
    }
    let sentence_of = |s: usize| sents.partition_point(|&(a, _)| a <= s).saturating_sub(1);
    // The recognizer's organization names by start, each with the largest end up to it: the
    // names under a mention are found by a binary search and a walk back while they can still
    // reach it (a scan of every name per mention was quadratic: a 100 MB text ran for hours).
    let mut orgs: Vec<(usize, usize, f32)> = names
        .iter()
        .filter(|n| n.label == Label::Org)
        .map(|n| (n.start, n.end, n.margin))
        .collect();
    orgs.sort_by_key(|&(s, e, _)| (s, e));
    let reach: Vec<usize> = orgs
        .iter()
        .scan(0, |r, &(_, e, _)| {
            *r = (*r).max(e);
            Some(*r)
        })
        .collect();
    let mut found = Vec::new();
    for key in order {
        if other_methods.contains(&key) {
            continue;
        }
        let mentions = by_key.remove(&key).unwrap_or_default();
        let mut f: BTreeSet<String> = BTreeSet::new();
        let Some(first) = mentions.first().map(|&i| &out[i]) else {
            continue;
        };
        let surface = text.get(first.start..first.end).unwrap_or("");
        let ws: Vec<&str> = words(surface).collect();
        f.insert(format!("words:{}", ws.len().min(4)));
        if !surface.chars().any(char::is_lowercase) {
            f.insert(
                if ws.len() == 1 {
                    "caps:one"
                } else {
                    "caps:several"
                }
                .into(),
            );
        }
        if surface.chars().any(|c| c.is_ascii_digit()) {
            f.insert("has:digit".into());
        }
        for (c, name) in [
            ('-', "hyphen"),
            ('&', "amp"),
            ('.', "period"),
            ('\'', "apostrophe"),
        ] {
            if surface.contains(c) {
                f.insert(format!("has:{name}"));
            }
        }
        if ws
            .iter()
            .any(|w| w.chars().next().is_some_and(char::is_lowercase))
        {
            f.insert("has:lower_word".into());
        }
        if super::settle::ends_like_org(surface) {
            f.insert("ends_like_org".into());
        }
        dictionary_features(tagger, surface, &mut f);
        if let Some(last) = ws.last() {
            f.insert(format!("last={}", last.to_lowercase()));
        }
        if ws.len() >= 2 {
            f.insert(format!("first={}", ws[0].to_lowercase()));
            if super::persons::is_given_name(ws[0]) {
                f.insert("first:given_name".into());
            }
        }
        f.insert(
            match mentions.len() {
                1 => "count:1",
                2 => "count:2",
                _ => "count:3+",
            }
            .into(),
        );
        // The largest margin of the recognizer's names under its mentions.
        let mut margin: Option<f32> = None;
        for &i in &mentions {
            let m = &out[i];
            let mut j = orgs.partition_point(|&(s, _, _)| s < m.end);
            while j > 0 && reach[j - 1] > m.start {
                j -= 1;
                let (_, e, x) = orgs[j];
                if m.start < e {
                    margin = Some(margin.map_or(x, |y: f32| y.max(x)));
                }
            }
            let si = sentence_of(m.start);
            let (a, b) = sents.get(si).copied().unwrap_or((0, text.len()));
            if si == 0 {
                f.insert("in:first_sentence".into());
            }
            if text.get(a..m.start).is_some_and(|x| x.trim().is_empty()) {
                f.insert("in:sentence_start".into());
            }
            if text
                .get(a..b)
                .is_some_and(|x| !x.chars().any(char::is_lowercase))
            {
                f.insert("in:caps_sentence".into());
            }
            context_features("prev", word_before(text, a, m.start), &mut f);
            context_features("next", word_after(text, m.end, b.max(m.end)), &mut f);
        }
        match margin {
            None => {
                f.insert("margin:none".into());
            }
            Some(x) => {
                let b = MARGIN_BUCKETS.iter().position(|&t| x < t);
                f.insert(format!("margin:{}", b.unwrap_or(MARGIN_BUCKETS.len())));
            }
        }
        for l in labels_of.get(&key).into_iter().flatten() {
            f.insert(format!("also:{l}"));
        }
        found.push(Candidate {
            key,
            mentions,
            features: f.into_iter().collect(),
        });
    }
    found
}

/// Drops from `out` the recognizer's organization names that `w` scores below its threshold.
pub fn apply(
    tagger: &Tagger,
    w: &Weights,
    text: &str,
    sents: &[(usize, usize)],
    names: &[Span],
    out: &mut Vec<Mention>,
) {
    // Without a recognized organization in the text there is no candidate: no key of every
    // other organization's name to build.
    let model_org = |m: &Mention| {
        m.kind == Kind::Organization && m.field == crate::Field::Text && m.method == Method::Model
    };
    if !out.iter().any(model_org) {
        return;
    }
    let mut drop = vec![false; out.len()];
    for c in candidates(tagger, text, sents, names, out) {
        if w.score(&c.features) < w.threshold {
            for i in c.mentions {
                drop[i] = true;
            }
        }
    }
    let mut i = 0;
    out.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Ent, Field, TagConfig};
    use std::sync::{Arc, OnceLock};

    fn tagger() -> &'static Tagger {
        static T: OnceLock<Tagger> = OnceLock::new();
        T.get_or_init(|| Tagger::new(&TagConfig::default()).expect("built-in dictionaries load"))
    }

    fn org(text: &str, surface: &str, nth: usize, method: Method) -> Mention {
        let start = text
            .match_indices(surface)
            .nth(nth)
            .expect("surface in text")
            .0;
        Mention {
            field: Field::Text,
            start,
            end: start + surface.len(),
            sentence: 0,
            kind: Kind::Organization,
            ent: Ent::New(Arc::from(surface)),
            form: Some(Form::Name),
            method,
        }
    }

    #[test]
    fn the_builtin_weights_parse() {
        assert!(builtin().is_some());
        assert!(Weights::parse("threshold\t0.5\nbias\t-1\nx\t2\n# c\n").is_ok());
        for bad in ["threshold 0.5\n", "bias\tx\n"] {
            assert!(Weights::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn names_are_grouped_by_key_and_described() {
        let text = "Kestrel Systems said on Monday that the Kestrel Systems plant would close.\n\
                    ZORB said, as IBM did.";
        let sents = [(0, 74), (75, text.len())];
        let out = vec![
            org(text, "Kestrel Systems", 0, Method::Model),
            org(text, "Kestrel Systems", 1, Method::Model),
            org(text, "ZORB", 0, Method::Model),
            org(text, "IBM", 0, Method::Dictionary),
        ];
        let names = [Span {
            start: 0,
            end: 15,
            label: Label::Org,
            margin: 25.0,
        }];
        let c = candidates(tagger(), text, &sents, &names, &out);
        let keys: Vec<&str> = c.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["kestrel systems", "zorb"]);
        assert_eq!(c[0].mentions, [0, 1]);
        for f in [
            "words:2",
            "count:2",
            "margin:2",
            "last=systems",
            "first=kestrel",
            "in:first_sentence",
            "in:sentence_start",
            "prev=the",
            "next=said",
        ] {
            assert!(
                c[0].features.iter().any(|x| x == f),
                "{f}: {:?}",
                c[0].features
            );
        }
        for f in [
            "caps:one",
            "margin:none",
            "count:1",
            "next=said",
            "prev:none",
        ] {
            assert!(
                c[1].features.iter().any(|x| x == f),
                "{f}: {:?}",
                c[1].features
            );
        }
        // A name a dictionary also gives is no candidate.
        let mut out2 = out.clone();
        out2.push(org(text, "ZORB", 0, Method::Pattern));
        let c = candidates(tagger(), text, &sents, &names, &out2);
        assert_eq!(c.len(), 1);
    }

    #[test]
    fn what_the_dictionaries_find_in_a_name() {
        let text = "Officials of Transport Kenya met Nairobi Kestrel and Zorbix Kenyan Ltd.";
        let sents = [(0, text.len())];
        let out = vec![
            org(text, "Transport Kenya", 0, Method::Model),
            org(text, "Nairobi Kestrel", 0, Method::Model),
            org(text, "Zorbix Kenyan Ltd", 0, Method::Model),
        ];
        let c = candidates(tagger(), text, &sents, &[], &out);
        let has = |i: usize, f: &str| c[i].features.iter().any(|x| x == f);
        assert!(has(0, "holds:country"), "{:?}", c[0].features);
        assert!(has(1, "holds:city"), "{:?}", c[1].features);
        assert!(has(2, "holds:demonym"), "{:?}", c[2].features);
        assert!(!has(0, "is:country") && !has(2, "holds:country"));
    }

    #[test]
    fn names_scoring_below_the_threshold_go_with_all_their_mentions() {
        let text = "Kestrel Systems and ZORB met. ZORB left.";
        let sents = [(0, text.len())];
        let mut out = vec![
            org(text, "Kestrel Systems", 0, Method::Model),
            org(text, "ZORB", 0, Method::Model),
            org(text, "ZORB", 1, Method::Model),
        ];
        let w = Weights::parse("threshold\t0\nbias\t1\ncaps:one\t-2\n").unwrap();
        apply(tagger(), &w, text, &sents, &[], &mut out);
        let left: Vec<&str> = out.iter().map(|m| &text[m.start..m.end]).collect();
        assert_eq!(left, ["Kestrel Systems"]);
    }

    /// The built-in weights: a name named twice with evidence (after "the", before "said", a
    /// confident model, an organization's last word) passes; a one-off name between capitalized
    /// words that the model was unsure of does not.
    #[test]
    fn the_builtin_weights_tell_evidence_from_doubt() {
        let w = builtin().expect("built-in weights");
        let f = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let backed = f(&[
            "words:2",
            "count:2",
            "margin:3",
            "ends_like_org",
            "prev=the",
            "next=said",
        ]);
        let doubtful = f(&[
            "words:2",
            "count:1",
            "margin:0",
            "prev:capitalized",
            "next:capitalized",
        ]);
        assert!(w.score(&backed) >= w.threshold, "{}", w.score(&backed));
        assert!(w.score(&doubtful) < w.threshold, "{}", w.score(&doubtful));
    }

    #[test]
    fn keys_are_the_scorers_names() {
        for (surface, key) in [
            ("The Harbour  Trust's", "harbour trust"),
            ("ZORB’s", "zorb"),
            ("Théâtre Royal", "théâtre royal"),
        ] {
            assert_eq!(name_key(surface), key);
        }
        // The key as first built (a vector of the words joined, each cut a new string).
        let direct = |surface: &str| {
            let mut s = surface
                .to_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if let Some(rest) = s.strip_prefix("the ") {
                s = rest.to_string();
            }
            for suffix in ["'s", "’s"] {
                if let Some(rest) = s.strip_suffix(suffix) {
                    s = rest.trim_end().to_string();
                    break;
                }
            }
            s
        };
        for surface in [
            "",
            " ",
            "the",
            "The ",
            "the the Acme",
            "THE  Acme \t Corp 's",
            "Acme’s",
            "'s",
            " 's",
            "Acme's's",
            "the 's",
            "\u{2003}Acme\u{3000}Group\n",
            "İstanbul Bank",
            "ΣΟΦΙΑ's",
        ] {
            assert_eq!(name_key(surface), direct(surface), "{surface:?}");
        }
    }
}
