//! Renderers of the evaluations: the text report and its JSON twin from the computed scores (no
//! scoring here).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use newsmill_tag::Kind;
use serde_json::{json, Value};

use crate::mentions::MentionReport;
use crate::reuters::{country_name, entity_name, meets_target, ReutersArgs, ReutersReport};
use crate::score::*;

/// `newsmill eval reuters`: (text report, JSON).
pub fn reuters(r: &ReutersReport, a: &ReutersArgs) -> (String, Value) {
    let mut text = format!(
        "== Reuters-21578 {}: {} documents ({} in the ModApte test split), tagged in {:.1} s; {} with an empty text (title only, tagged by their title: `, text` lines leave them out); {} without a date the tagger can use\n",
        a.gold.display(),
        r.documents,
        r.test_documents,
        r.seconds,
        r.title_only,
        r.undated
    );
    let mut js = json!({"gold": a.gold.display().to_string(), "split": a.split, "documents": r.documents, "seconds": round(r.seconds)});

    if let Some((unmapped, n_places, scores)) = &r.countries {
        let n_unmapped: u64 = unmapped.values().sum();
        let _ = writeln!(
            text,
            "\n-- countries (document level; gold `places` via {}: {} of {} gold places unmapped and excluded{})",
            r.places_path.display(),
            n_unmapped,
            n_places,
            if unmapped.is_empty() {
                String::new()
            } else {
                format!(
                    ": {}",
                    unmapped
                        .iter()
                        .map(|(p, n)| format!("{p} {n}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        );
        let mut jc = serde_json::Map::new();
        jc.insert("gold_places".into(), json!(n_places));
        jc.insert("unmapped_places".into(), json!(unmapped));
        let mut first = None;
        for (name, s) in scores {
            let _ = writeln!(
                text,
                "{name:<13} {} docs with a mapped place: pairs {}  all gold found {:.3} ({}/{})",
                s.docs,
                s.pairs.line(),
                s.all_found_rate(),
                s.all_found,
                s.docs
            );
            jc.insert(
                name.to_string(),
                json!({"docs": s.docs, "pairs": s.pairs.to_json(), "all_found": s.all_found,
                       "all_found_rate": round(s.all_found_rate()),
                       "false_positives": tallies_json(&s.false_pos, a.top),
                       "false_negatives": tallies_json(&s.false_neg, a.top)}),
            );
            first.get_or_insert(s);
        }
        if let Some(s) = first {
            let name = &scores[0].0;
            let mut dis: Vec<(&str, &String, &Tally)> = sorted(&s.false_pos)
                .into_iter()
                .map(|(k, t)| ("FP", k, t))
                .chain(sorted(&s.false_neg).into_iter().map(|(k, t)| ("FN", k, t)))
                .collect();
            dis.sort_by(|a, b| {
                b.2.count
                    .cmp(&a.2.count)
                    .then(a.1.cmp(b.1))
                    .then(a.0.cmp(b.0))
            });
            let _ = writeln!(
                text,
                "top {} disagreements ({name}; FP = predicted, not in gold; FN = in gold, not predicted; counts are documents):",
                a.top
            );
            for (kind, c, t) in dis.into_iter().take(a.top) {
                let name = country_name(&r.tagger, c);
                let _ = writeln!(
                    text,
                    "  {kind} {c:<5} {name:<28} {:>5}  e.g. {}",
                    t.count,
                    t.examples.join(", ")
                );
            }
        }
        js["countries"] = Value::Object(jc);
    }

    if let Some(scores) = &r.organizations {
        let _ = writeln!(
            text,
            "\n-- organizations (document level; gold `orgs` via reuters_orgs.tsv, {} codes mapped; precision counts only predicted ids that the map contains)",
            r.orgs.len()
        );
        let mut jo = serde_json::Map::new();
        let mut first = None;
        for (name, s) in scores {
            let _ = writeln!(
                text,
                "{name:<13} {} docs with orgs: {}{}",
                s.docs,
                s.score.line(),
                if s.unmapped.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; unmapped gold codes: {}",
                        s.unmapped
                            .iter()
                            .map(|(c, n)| format!("{c} {n}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            );
            jo.insert(
                name.to_string(),
                json!({"docs": s.docs, "score": s.score.to_json(), "unmapped": s.unmapped,
                       "by_code": s.by_code.iter().map(|(c, (n, f))| (c.clone(), json!({"support": n, "found": f}))).collect::<serde_json::Map<_, _>>(),
                       "misses": tallies_json(&s.misses, usize::MAX),
                       "false_positives": tallies_json(&s.false_pos, a.top)}),
            );
            first.get_or_insert(s);
        }
        if let Some(s) = first {
            let _ = writeln!(
                text,
                "by code ({}): support, found, recall, misses e.g.",
                scores[0].0
            );
            let mut codes: Vec<_> = s.by_code.iter().collect();
            codes.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
            for (code, (n, f)) in codes {
                let ex = s
                    .misses
                    .get(code)
                    .map_or(String::new(), |t| t.examples.join(", "));
                let _ = writeln!(
                    text,
                    "  {code:<12} {:<46} {n:>4} {f:>4}  {:.3}  {ex}",
                    format!(
                        "{} ({})",
                        r.orgs[code],
                        entity_name(&r.tagger, Kind::Organization, &r.orgs[code])
                    ),
                    ratio(*f, *n)
                );
            }
            let _ = writeln!(text, "false positives (mapped id predicted, not in gold):");
            for (org, t) in sorted(&s.false_pos).into_iter().take(a.top) {
                let _ = writeln!(
                    text,
                    "  {:<60} {:>5}  e.g. {}",
                    format!(
                        "{org} ({})",
                        entity_name(&r.tagger, Kind::Organization, org)
                    ),
                    t.count,
                    t.examples.join(", ")
                );
            }
        }
        js["organizations"] = Value::Object(jo);
    }

    if let Some((name, s, st)) = &r.themes {
        let _ = writeln!(
            text,
            "\n-- themes ({}; {} docs with at least one topic; a doc predicts a theme if it is about it: salience of the theme and its descendants, as in `document_themes`; `ment R`, `ment P`: any mention)",
            name, s.docs
        );
        if !s.unknown_themes.is_empty() {
            let _ = writeln!(
                text,
                "warning: themes in the map that the dictionary does not know: {}",
                s.unknown_themes
                    .iter()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        let _ = writeln!(
            text,
            "  {:<15} {:<24} {:>7} {:>7} {:>6} {:>7} {:>7} {:>7}   {:>7} {:>7}   {:>7} {:>7}",
            "topic",
            "theme",
            "support",
            "about",
            "hits",
            "recall",
            "precis",
            "F1",
            "ment R",
            "ment P",
            "R text",
            "F1 text"
        );
        let mut rows: Vec<_> = s.topics.iter().collect();
        rows.sort_by(|a, b| b.1.support.cmp(&a.1.support).then(a.0.cmp(b.0)));
        let (mut micro, mut micro_text, mut micro_ment) =
            (Score::default(), Score::default(), Score::default());
        let (mut met, mut met_ment) = (0, 0);
        for (topic, t) in &rows {
            let sc = t.score();
            let scm = t.mentioned_score();
            let sct = st.topics[*topic].score();
            micro.add(sc);
            micro_ment.add(scm);
            micro_text.add(sct);
            met += meets_target(&sc) as usize;
            met_ment += meets_target(&scm) as usize;
            let _ = writeln!(
                text,
                "  {topic:<15} {:<24} {:>7} {:>7} {:>6} {:>7.3} {:>7.3} {:>7.3}   {:>7.3} {:>7.3}   {:>7.3} {:>7.3}",
                t.theme_label(),
                t.support,
                t.predicted,
                t.hits,
                sc.recall(),
                sc.precision(),
                sc.f1(),
                scm.recall(),
                scm.precision(),
                sct.recall(),
                sct.f1()
            );
        }
        let _ = writeln!(text, "  micro over mapped topics, about: {}", micro.line());
        let _ = writeln!(
            text,
            "  micro over mapped topics, mentioned: {}",
            micro_ment.line()
        );
        let _ = writeln!(
            text,
            "  about, over the {} of them with a text: {}",
            st.docs,
            micro_text.line()
        );
        let _ = writeln!(
            text,
            "  topics meeting recall >= 0.9 and precision >= 0.7: about {met} of {}, mentioned {met_ment} of {}",
            rows.len(),
            rows.len()
        );
        let _ = writeln!(
            text,
            "  rank of the gold topics' themes among the story's themes, over {} (story, topic) pairs: mean reciprocal rank {:.4}, among the first {} {:.4}",
            s.ranking.pairs,
            s.ranking.mrr(),
            crate::reuters::FIRST_THEMES,
            s.ranking.first_share()
        );
        let misses: Vec<_> = rows
            .iter()
            .filter(|(_, t)| t.support > 0 && !meets_target(&t.score()))
            .collect();
        if !misses.is_empty() {
            let _ = writeln!(
                text,
                "  missing the target (about; FP = about the theme, not the topic; FN = the topic, not about the theme):"
            );
            for (topic, t) in misses {
                let sc = t.score();
                let _ = writeln!(
                    text,
                    "    {topic:<15} R {:.3} P {:.3}  FP e.g. {}  FN e.g. {}",
                    sc.recall(),
                    sc.precision(),
                    t.false_pos.join(", "),
                    t.false_neg.join(", ")
                );
            }
        }
        let unmapped_total: u64 = s.unmapped.values().sum();
        let _ = writeln!(
            text,
            "  unmapped gold topics: {} (doc, topic) pairs over {} topics{}",
            unmapped_total,
            s.unmapped.len(),
            if s.unmapped.is_empty() {
                String::new()
            } else {
                let mut u: Vec<_> = s.unmapped.iter().collect();
                u.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                format!(
                    "; most frequent: {}",
                    u.iter()
                        .take(a.top)
                        .map(|(t, n)| format!("{t} {n}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        );
        js["themes"] = json!({
            "docs": s.docs, "micro": micro.to_json(), "micro_mentioned": micro_ment.to_json(),
            "meeting_target": met, "meeting_target_mentioned": met_ment, "unmapped": s.unmapped,
            "docs_with_text": st.docs, "micro_with_text": micro_text.to_json(),
            "ranking": {"pairs": s.ranking.pairs, "mrr": round(s.ranking.mrr()), "first_five": round(s.ranking.first_share())},
            "topics": rows.iter().map(|(topic, t)| json!({"topic": topic, "theme": t.theme_label(), "themes": t.themes, "support": t.support,
                "predicted": t.predicted, "hits": t.hits, "recall": round(t.score().recall()),
                "precision": round(t.score().precision()), "f1": round(t.score().f1()),
                "mentioned": t.mentioned_score().to_json(), "false_positives": t.false_pos, "false_negatives": t.false_neg,
                "with_text": st.topics[*topic].score().to_json()})).collect::<Vec<_>>(),
        });
    }
    (text, js)
}

/// `newsmill eval mentions`: (text report, JSON), `top` disagreements of each list.
pub fn mentions(r: &MentionReport, top: usize) -> (String, Value) {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "== mentions: {} gold entity mentions in {} documents; located {} ({} placed on the last of fewer occurrences), sentence not found {}, text not found in its sentence {}; sentences whose text differs from the document {}",
        r.gold_mentions,
        r.documents,
        r.stats.located,
        r.stats.ambiguous,
        r.stats.no_sentence,
        r.stats.not_found,
        r.stats.sentence_mismatch
    );

    // Organizations.
    let _ = writeln!(
        text,
        "\n-- organizations (overlap; recall over named gold organizations, precision against any gold organization mention)\ngold organization mentions {}, named {}: {}",
        r.org_gold,
        r.org_score.gold,
        r.org_score.line()
    );
    write_tallies(
        &mut text,
        "misses (gold text [identity])",
        &r.org_misses,
        top,
    );
    write_tallies(
        &mut text,
        "false positives (surface id form/method (overlapping gold of another type))",
        &r.org_false_pos,
        top,
    );

    // Places → countries.
    let _ = writeln!(
        text,
        "\n-- places -> countries (overlap; gold = named place mentions whose identity or text maps to a country)\ngold place mentions located {}, named {}, mapped to a country {}: {}",
        r.place_counts.0,
        r.place_counts.1,
        r.place_counts.2,
        r.place_score.score.line()
    );
    let _ = writeln!(
        text,
        "predictions left out of precision (overlapping an unmapped or unnamed gold place) {}; found gold whose overlapping prediction names another country {}",
        r.place_score.neutral, r.place_score.id_mismatch
    );
    let _ = writeln!(
        text,
        "without demonym predictions: {}\ngold in scope only (no cities below city_min_population): {}",
        r.no_demonym_score.line(),
        r.in_scope_score.line()
    );
    // Recall by mapping.
    let _ = writeln!(text, "recall by mapping (route form: gold, found, recall):");
    for (k, (n, f)) in &r.by_mapping {
        let _ = writeln!(text, "  {k:<40} {n:>4} {f:>4}  {:.3}", ratio(*f, *n));
    }
    let _ = writeln!(
        text,
        "false positives by form: {}",
        r.false_pos_forms
            .iter()
            .map(|(f, n)| format!("{f} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    write_tallies(
        &mut text,
        "misses (gold text [identity] -> country via route form)",
        &r.place_misses,
        top,
    );
    write_tallies(
        &mut text,
        "false positives (surface id form/method (overlapping gold of another type))",
        &r.place_false_pos,
        top,
    );
    write_tallies(
        &mut text,
        "named gold places not mapped to a country (not scored)",
        &r.unmapped_places,
        top,
    );

    let js = json!({
        "gold_mentions": r.gold_mentions,
        "documents": r.documents,
        "locate": {"located": r.stats.located, "ambiguous": r.stats.ambiguous, "no_sentence": r.stats.no_sentence,
                   "not_found": r.stats.not_found, "sentence_mismatch": r.stats.sentence_mismatch},
        "organizations": {"gold_mentions": r.org_gold, "score": r.org_score.to_json(),
                          "misses": tallies_json(&r.org_misses, top), "false_positives": tallies_json(&r.org_false_pos, top)},
        "places": {"located": r.place_counts.0, "named": r.place_counts.1, "mapped": r.place_counts.2,
                   "score": r.place_score.score.to_json(), "neutral_predictions": r.place_score.neutral,
                   "score_without_demonyms": r.no_demonym_score.to_json(), "score_in_scope": r.in_scope_score.to_json(),
                   "id_mismatch": r.place_score.id_mismatch,
                   "mappings": r.place_routes,
                   "recall_by_mapping": r.by_mapping.iter().map(|(k, (n, f))| (k.clone(), json!({"gold": n, "found": f}))).collect::<serde_json::Map<_, _>>(),
                   "false_positives_by_form": r.false_pos_forms,
                   "misses": tallies_json(&r.place_misses, top), "false_positives": tallies_json(&r.place_false_pos, top),
                   "unmapped": tallies_json(&r.unmapped_places, top)},
    });
    (text, js)
}

/// A tally of disagreements: its total and its `top` most frequent, with example documents.
fn write_tallies(text: &mut String, title: &str, map: &BTreeMap<String, Tally>, top: usize) {
    let total: u64 = map.values().map(|t| t.count).sum();
    let _ = writeln!(text, "{title}: {total} ({} distinct)", map.len());
    for (k, t) in sorted(map).into_iter().take(top) {
        let _ = writeln!(
            text,
            "  {:>3}  {k}  e.g. {}",
            t.count,
            t.examples.join(", ")
        );
    }
}
