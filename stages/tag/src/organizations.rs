//! Organizations beyond the dictionary: acronyms defined after their long forms, names found by
//! the patterns of [`crate::orgs`], and what they hide.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::{orgs, spans, Ent, Field, Form, Kind, Mention, Method, Tagger};

impl Tagger {
    pub(crate) fn organizations_beyond_dictionary(
        &self,
        text: &str,
        sents: &[(usize, usize)],
        upper_sents: &[bool],
        out: &mut Vec<Mention>,
        taken: &mut spans::Taken,
    ) {
        let overlaps = |taken: &spans::Taken, s: usize, e: usize| taken.overlaps(s, e);
        // The mentions found so far, looked up by span rather than scanned per candidate (a huge
        // document has millions): organizations by span and by end (the first in `out` order),
        // countries by span.
        let mut org_spans: HashMap<(usize, usize), usize> = HashMap::new();
        let mut org_ends: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut country_spans: HashSet<(usize, usize)> = HashSet::new();
        for (i, m) in out.iter().enumerate() {
            match m.kind {
                Kind::Organization => {
                    org_spans.entry((m.start, m.end)).or_insert(i);
                    org_ends.entry(m.end).or_default().push(i);
                }
                Kind::Country => {
                    country_spans.insert((m.start, m.end));
                }
                _ => {}
            }
        }
        let org_at = |out: &[Mention], s: usize, e: usize| {
            org_spans.get(&(s, e)).map(|&i| out[i].ent.clone())
        };
        let mut acronyms: HashMap<String, Ent> = HashMap::new();
        let mut not_orgs: Vec<String> = Vec::new();
        let mut new_orgs: Vec<Mention> = Vec::new();
        for (si, &sent) in sents.iter().enumerate() {
            // In a sentence set in capitals (a headline, a dateline) capitalization tells nothing:
            // the patterns below would take any run of words for a name.
            if upper_sents[si] {
                continue;
            }
            // Acronyms defined in parentheses after a long form.
            for ((ls, le), (as_, ae)) in orgs::definitions(text, sent) {
                let acr = &text[as_..ae];
                let in_dict = org_at(out, ls, le).or_else(|| {
                    // A dictionary org that ends where the long form ends (suffix included).
                    org_ends
                        .get(&le)
                        .and_then(|v| v.iter().find(|&&i| out[i].start >= ls))
                        .map(|&i| out[i].ent.clone())
                });
                let free = !overlaps(taken, ls, le);
                let (ent, add_long_form) = match in_dict {
                    Some(ent) => (ent, false),
                    // A long form the dictionary does not know, for an acronym it does know
                    // ("Food and Agricultural Organisation (FAO)"): the known organization.
                    None => match org_at(out, as_, ae) {
                        // Another spelling of the organization the dictionary knows under the
                        // letters ("Organisation of Petroleum Exporting Countries (OPEC)").
                        Some(ent) if orgs::shares_word(&text[ls..le], self.ent_name(&ent)) => {
                            (ent, free)
                        }
                        // Another organization under the same letters.
                        _ if free && orgs::looks_like_org(&text[ls..le]) => {
                            (Ent::New(Arc::from(&text[ls..le])), true)
                        }
                        // A long form that names no organization ("Retail Price Index (RPI)",
                        // "Common Agricultural Policy (CAP)"): here the letters are no
                        // organization at all, whatever the dictionary knows under them.
                        Some(_) => {
                            not_orgs.push(acr.to_string());
                            continue;
                        }
                        None => continue,
                    },
                };
                if add_long_form {
                    taken.push((ls, le));
                    new_orgs.push(Mention {
                        start: ls,
                        field: Field::Text,
                        end: le,
                        sentence: si,
                        kind: Kind::Organization,
                        ent: ent.clone(),
                        form: Some(Form::Name),
                        method: Method::Acronym,
                    });
                }
                acronyms.insert(acr.to_string(), ent);
            }
            // Organizations no dictionary knows.
            let mut found = Vec::new();
            orgs::discover(text, sent, &mut found);
            for (s, e, method) in found {
                // A country's name is not an organization ("Saudi Arabia, the group's largest producer").
                let is_country = country_spans.contains(&(s, e));
                if overlaps(taken, s, e) || is_country {
                    continue;
                }
                taken.push((s, e));
                new_orgs.push(Mention {
                    start: s,
                    field: Field::Text,
                    end: e,
                    sentence: si,
                    kind: Kind::Organization,
                    ent: Ent::New(Arc::from(&text[s..e])),
                    form: Some(Form::Name),
                    method,
                });
            }
        }
        out.extend(new_orgs);
        if !not_orgs.is_empty() {
            out.retain(|m| {
                m.kind != Kind::Organization
                    || !matches!(m.ent, Ent::Dict(_))
                    || !not_orgs.iter().any(|a| *a == text[m.start..m.end])
            });
        }
        if acronyms.is_empty() {
            return;
        }
        // An acronym defined in the document means what the document says, whatever the
        // dictionary knows under those letters ("International Coffee Organization (ICO)").
        for m in out.iter_mut().filter(|m| m.kind == Kind::Organization) {
            if let Some(ent) = acronyms.get(&text[m.start..m.end]) {
                if m.ent != *ent {
                    m.ent = ent.clone();
                    m.method = Method::Acronym;
                    m.form = Some(Form::Acronym);
                }
            }
        }
        // Every use of a defined acronym in the document links to its organization.
        let index: HashMap<String, usize> = acronyms
            .keys()
            .enumerate()
            .map(|(i, k)| (k.clone(), i))
            .collect();
        let ents: Vec<Ent> = {
            let mut v = vec![Ent::New(Arc::from("")); index.len()];
            for (k, i) in &index {
                v[*i] = acronyms[k].clone();
            }
            v
        };
        for (si, &sent) in sents.iter().enumerate() {
            let mut uses = Vec::new();
            orgs::acronym_uses(text, sent, &index, &mut uses);
            for (s, e, i) in uses {
                if overlaps(taken, s, e) {
                    continue;
                }
                taken.push((s, e));
                out.push(Mention {
                    start: s,
                    field: Field::Text,
                    end: e,
                    sentence: si,
                    kind: Kind::Organization,
                    ent: ents[i].clone(),
                    form: Some(Form::Acronym),
                    method: Method::Acronym,
                });
            }
        }
        // A country match inside a newly found organization name is not a country mention.
        if !self.config.countries_in_org_names {
            let mut new_spans = spans::Taken::default();
            for m in out.iter() {
                if m.kind == Kind::Organization && matches!(m.ent, Ent::New(_)) {
                    new_spans.push((m.start, m.end));
                }
            }
            out.retain(|m| m.kind != Kind::Country || !new_spans.covers(m.start, m.end));
        }
    }
}
