//! `newsmill eval ner --errors N`: the wrong names and the misses by class, to see what to fix
//! (boundaries, label confusion, names of other kinds, headlines, sentence starts).

use std::collections::BTreeMap;

use newsmill_tag::ner::GoldDoc;

use super::Labeled;

/// The class of a predicted span that is not a gold span of its label, or of a gold span not
/// predicted with its label. `others` are the spans of the other side (gold for a prediction,
/// predictions for a gold span) with their labels as the corpus or newsmill writes them.
pub fn class_of(text: &str, span: &Labeled, others: &[(usize, usize, &str)]) -> String {
    let (s, e, label) = *span;
    let overlapping = |same: bool| {
        others
            .iter()
            .filter(move |o| o.0 < e && s < o.1 && (o.2 == label) == same)
    };
    if overlapping(true).next().is_some() {
        return "boundary".into();
    }
    if let Some(o) = overlapping(false).next() {
        return format!("other label: {}", o.2);
    }
    let surface = text.get(s..e).unwrap_or("");
    if !surface.chars().any(char::is_lowercase) {
        return if surface.contains(' ') {
            "no overlap: in capitals".into()
        } else {
            "no overlap: one word in capitals".into()
        };
    }
    let before = text
        .get(..s)
        .unwrap_or("")
        .trim_end_matches([' ', '"', '\'', '“', '‘', '(', '\t']);
    if before.is_empty() || before.ends_with(['.', '!', '?', '\n', ':']) {
        return "no overlap: sentence start".into();
    }
    if surface.contains(' ') {
        "no overlap: several words".into()
    } else {
        "no overlap: one word".into()
    }
}

/// Counts per (label, class) and the most frequent surfaces of each, for predictions that are
/// wrong and gold spans that are missed (exact spans).
pub fn report(docs: &[GoldDoc], pairs: &[(Vec<Labeled>, Vec<Labeled>)], top: usize) -> String {
    // (side, label, class) -> (count, surface -> count)
    type Classes<'a> =
        BTreeMap<(&'static str, &'static str, String), (usize, BTreeMap<&'a str, usize>)>;
    let mut classes: Classes = BTreeMap::new();
    for (d, (gold, pred)) in docs.iter().zip(pairs) {
        let raw: Vec<(usize, usize, &str)> = d
            .entities
            .iter()
            .map(|g| {
                let l = match g.label.as_str() {
                    "GPE" => "LOC",
                    "PERSON" => "PER",
                    l => l,
                };
                (g.byte_start, g.byte_end, l)
            })
            .collect();
        let predicted: Vec<(usize, usize, &str)> = pred.iter().map(|p| (p.0, p.1, p.2)).collect();
        for (side, spans, others) in [("wrong", pred, &raw), ("missed", gold, &predicted)] {
            let exact = if side == "wrong" { gold } else { pred };
            for sp in spans.iter().filter(|sp| !exact.contains(sp)) {
                let class = class_of(&d.text, sp, others);
                let row = classes.entry((side, sp.2, class)).or_default();
                row.0 += 1;
                *row.1
                    .entry(d.text.get(sp.0..sp.1).unwrap_or(""))
                    .or_default() += 1;
            }
        }
    }
    let mut out = String::new();
    for side in ["wrong", "missed"] {
        out.push_str(&format!(
            "\n{side} ({}):\n",
            if side == "wrong" {
                "predicted spans that are no gold span of their label"
            } else {
                "gold spans not predicted exactly"
            }
        ));
        for ((sd, label, class), (n, surfaces)) in &classes {
            if *sd != side {
                continue;
            }
            let mut s: Vec<(&&str, &usize)> = surfaces.iter().collect();
            s.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let examples: Vec<String> = s
                .iter()
                .take(top)
                .map(|(w, c)| {
                    if **c > 1 {
                        format!("{w:?} {c}")
                    } else {
                        format!("{w:?}")
                    }
                })
                .collect();
            out.push_str(&format!(
                "  {label} {class:34} {n:5}  {}\n",
                examples.join(", ")
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_of_wrong_names() {
        let text = "Acme Corp said. ZORB INC rose as Kato of Kestrel Labs met NASA in Rome.";
        let at = |w: &str| text.find(w).unwrap();
        let sp = |w: &str, l: &'static str| (at(w), at(w) + w.len(), l);
        let gold = [
            (at("Acme Corp"), at("Acme Corp") + 9, "ORG"),
            (at("Kato"), at("Kato") + 4, "PER"),
            (at("Kestrel Labs"), at("Kestrel Labs") + 12, "ORG"),
        ];
        let cases = [
            (sp("Acme", "ORG"), "boundary"),
            (sp("Kato", "ORG"), "other label: PER"),
            (sp("ZORB INC", "ORG"), "no overlap: in capitals"),
            (sp("NASA", "ORG"), "no overlap: one word in capitals"),
            (sp("Rome", "LOC"), "no overlap: one word"),
            (sp("said", "PER"), "no overlap: one word"),
        ];
        for (span, want) in cases {
            assert_eq!(class_of(text, &span, &gold), want, "{span:?}");
        }
        let t2 = "Rome fell. Then Big Zorb rose.";
        assert_eq!(
            class_of(t2, &(0, 4, "LOC"), &[]),
            "no overlap: sentence start"
        );
        assert_eq!(
            class_of(t2, &(16, 24, "ORG"), &[]),
            "no overlap: several words"
        );
    }
}
