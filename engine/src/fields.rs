//! What the run learned about its inputs' fields: which field gave the text, title, date, id and
//! URL (for the summary and the manifest), and the stop when no record has any text.

use newsmill_core::{Error, Result};
use newsmill_ingest::IngestBatch;

use crate::runner::Report;

/// How many ids the report keeps as examples of documents with an unparsed date, and of
/// documents read from records that were not UTF-8.
const EXAMPLES: usize = 5;

/// Adds what a batch says about fields to the report.
pub fn account(b: &IngestBatch, report: &mut Report) {
    for (k, n) in &b.fields_used {
        *report.fields_used.entry(k.clone()).or_default() += n;
    }
    report.fields_seen.extend(b.fields_seen.iter().cloned());
    let room = EXAMPLES.saturating_sub(report.unparsed_examples.len());
    report
        .unparsed_examples
        .extend(b.unparsed_examples.iter().take(room).cloned());
    let room = EXAMPLES.saturating_sub(report.legacy_examples.len());
    report
        .legacy_examples
        .extend(b.legacy_examples.iter().take(room).cloned());
}

/// The `fields` line of the summary: `text=content (120), title=headline (118), ...`, or `None`
/// when the inputs had no fields (text files).
pub fn summary_line(report: &Report) -> Option<String> {
    if report.fields_used.is_empty() {
        return None;
    }
    let parts: Vec<String> = report
        .fields_used
        .iter()
        .map(|(k, n)| format!("{k} ({n})"))
        .collect();
    Some(format!("  fields read: {}\n", parts.join(", ")))
}

/// Stops a run whose documents have no text at all (every record title-only or empty) while the
/// records have fields it did not read: the text is likely in one of them. Exit 2, naming the
/// fields seen and the option. (Headlines alone, with no other field, stay documents: a feed
/// of wire flashes.)
pub fn check_some_text(report: &Report) -> Result<()> {
    if report.processed == 0 || report.text_bytes > 0 {
        return Ok(());
    }
    let read: std::collections::HashSet<String> = report
        .fields_used
        .keys()
        .filter_map(|k| k.split_once('='))
        .map(|(_, f)| newsmill_ingest::field_key(f))
        .collect();
    if report
        .fields_seen
        .iter()
        .all(|f| read.contains(&newsmill_ingest::field_key(f)))
    {
        return Ok(());
    }
    let seen: Vec<&str> = report.fields_seen.iter().map(String::as_str).collect();
    Err(Error::Config(vec![format!(
        "none of the {} document(s) has any text (every record is title-only or its text is empty); \
         the input fields are: {}. Set ingest.text_fields (or ingest.text_join) in a config file to the field that holds the text",
        report.processed,
        if seen.is_empty() { "(none)".to_string() } else { seen.join(", ") }
    )]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_text_at_all_is_refused_naming_the_fields() {
        // (documents processed, text bytes, fields read, refused): the fields seen are
        // `headline` and `story_text`.
        let cases: &[(u64, u64, &[&str], bool)] = &[
            (0, 0, &["title=headline"], false),
            (3, 0, &["title=headline"], true),
            (3, 10, &["title=headline"], false),
            (1, 1, &[], false),
            // Every field was read: headlines alone (wire flashes) are documents.
            (3, 0, &["title=headline", "text=story_text"], false),
            (3, 0, &["title=Headline", "text=StoryText"], false),
        ];
        for &(processed, text_bytes, used, refused) in cases {
            let mut r = Report {
                processed,
                text_bytes,
                ..Report::default()
            };
            r.fields_used
                .extend(used.iter().map(|u| (u.to_string(), processed)));
            r.fields_seen
                .extend(["headline".to_string(), "story_text".to_string()]);
            let got = check_some_text(&r);
            assert_eq!(got.is_err(), refused, "{processed} {text_bytes}");
            if let Err(e) = got {
                let m = e.to_string();
                assert!(
                    m.contains("headline, story_text") && m.contains("ingest.text_fields"),
                    "{m}"
                );
            }
        }
    }
}
