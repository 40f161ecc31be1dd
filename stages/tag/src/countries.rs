//! Countries: the guards against false friends (persons, currencies, companies' names, case)
//! and the city and the region of a dateline.

use std::sync::LazyLock;

use newsmill_core::dateline::Dateline;

use crate::dict;
use crate::{is_capitalized, next_word, prev_word, region_key, word_list, SHORT_UPPER_NAME};
use crate::{orgs, Ent, Field, Form, Kind, Mention, Method, Tagger};

/// Names that are also first names or surnames, or the first word of company names
/// (`data/tag/person_prone.txt`).
static PERSON_PRONE: LazyLock<Vec<&str>> =
    LazyLock::new(|| word_list(include_str!("../../../data/tag/person_prone.txt")));

/// Currency words after a country's name (`data/tag/currencies.txt`).
static CURRENCIES: LazyLock<Vec<&str>> =
    LazyLock::new(|| word_list(include_str!("../../../data/tag/currencies.txt")));

/// Currency words that are also common words: currencies only after a demonym
/// (`data/tag/demonym_currencies.txt`).
static DEMONYM_CURRENCIES: LazyLock<Vec<&str>> =
    LazyLock::new(|| word_list(include_str!("../../../data/tag/demonym_currencies.txt")));

/// Capitalized words that may stand before a place without making it a person
/// (`data/tag/place_context.txt`).
static PLACE_CONTEXT: LazyLock<Vec<&str>> =
    LazyLock::new(|| word_list(include_str!("../../../data/tag/place_context.txt")));

/// Longest dateline abbreviation of a state or province with its dot ("Conn.", "Calif.").
const DATELINE_ABBREVIATION_BYTES: usize = 6;
impl Tagger {
    /// Whether a country match is a false friend in its context.
    pub(crate) fn country_guard(
        &self,
        text: &str,
        (sent, sent_upper): ((usize, usize), bool),
        s: usize,
        e: usize,
        alias: &dict::Alias,
        upper: bool,
    ) -> bool {
        let surface = &text[s..e];
        // A person: "Chad Miller", "Michael Jordan", "George Washington".
        if PERSON_PRONE.contains(&surface) {
            if let Some(p) = prev_word(text, s).filter(|_| s > sent.0) {
                if is_capitalized(p) && !PLACE_CONTEXT.contains(&p) {
                    return true;
                }
            }
            if let Some(n) = next_word(text, e) {
                if is_capitalized(n) && !PLACE_CONTEXT.contains(&n) && !text[e..].starts_with(", ")
                {
                    return true;
                }
            }
        }
        // Before a legal suffix a country's name is part of a company's ("Chrysler Canada Ltd",
        // "General Motors of Canada Ltd"), counted only if names in organizations count.
        if !self.config.countries_in_org_names
            && text[e..].starts_with(' ')
            && orgs::extend_suffix(text, e) > e
        {
            return true;
        }
        // "US$ 10 billion" is a currency, and so are "Swiss francs".
        if text[e..].starts_with('$') {
            return true;
        }
        if let Some(n) = next_word(text, e) {
            let n = n.to_ascii_lowercase();
            if CURRENCIES.contains(&n.as_str())
                || (alias.form == Form::Demonym && DEMONYM_CURRENCIES.contains(&n.as_str()))
            {
                return true;
            }
        }
        // "US", "UK" in a sentence set in capitals: the pronoun "US" is as likely.
        if alias.case == dict::CaseRule::Exact && surface.len() <= 2 && sent_upper {
            return true;
        }
        // Upper-case variants of names only count in upper-case context (headlines, datelines).
        if upper && surface.chars().count() <= SHORT_UPPER_NAME && !sent_upper {
            return true;
        }
        // Dateline state abbreviations ("Conn.", "Ind.") only after a comma or in "(R-Ind.)".
        if alias.form == Form::Subdivision
            && surface.ends_with('.')
            && surface.len() <= DATELINE_ABBREVIATION_BYTES
        {
            let before = text[..s].trim_end_matches(' ');
            if !(before.ends_with(',') || before.ends_with('-')) {
                return true;
            }
        }
        false
    }

    /// The city of the text's dateline (`newsmill_core::dateline`: "CINCINNATI, March 3 -",
    /// "ST. PAUL, Minn. -", "LAGOS (Reuters) -"), looked up among all cities of the gazetteer
    /// whatever their population, by its name in capitals.
    pub(crate) fn dateline_city(
        &self,
        text: &str,
        sents: &[(usize, usize)],
        d: &Dateline,
    ) -> Option<Mention> {
        let (s, e_) = d.place;
        let name = text[s..e_].to_uppercase();
        let e = *self.dict.dateline_cities.get(&name).or_else(|| {
            self.dict
                .dateline_cities
                .get(&name.replacen("ST. ", "SAINT ", 1))
        })?;
        let sentence = sentence_holding(sents, s, e_)?;
        Some(Mention {
            start: s,
            field: Field::Text,
            end: e_,
            sentence,
            kind: Kind::Country,
            ent: Ent::Dict(e),
            form: Some(Form::City),
            method: Method::Dictionary,
        })
    }

    /// The region of the text's dateline, after the place and before the date: "OAK BROOK,
    /// ILL., March 2 -", "READING, Penn., Feb 26 -", "CANTON, Mass, March 4 -", "Scarborough,
    /// Ontario, Feb 26 -". Looked up among the subdivisions by its letters in any case, with or
    /// without dots (the abbreviations of the text need a dot and their case; a dateline says
    /// what it is).
    pub(crate) fn dateline_region(
        &self,
        text: &str,
        sents: &[(usize, usize)],
        d: &Dateline,
    ) -> Option<Mention> {
        let (s, e_) = d.region?;
        let e = (*self.dateline_regions.get(&region_key(&text[s..e_]))?)?;
        let sentence = sentence_holding(sents, s, e_)?;
        Some(Mention {
            field: Field::Text,
            start: s,
            end: e_,
            sentence,
            kind: Kind::Country,
            ent: Ent::Dict(e),
            form: Some(Form::Subdivision),
            method: Method::Dictionary,
        })
    }
}

/// The dateline that opens the article's text: its first sentence from byte `body` (a text
/// file's title line before it is the title's), read by the parser the splitter uses.
pub(crate) fn dateline_at(text: &str, sents: &[(usize, usize)], body: usize) -> Option<Dateline> {
    let mut body_sents = sents.iter().skip_while(|&&(a, _)| a < body);
    let mut first = body_sents.next().map_or(body, |&(a, _)| a);
    // A text that repeats its title first ("Talks resume\n\nGENEVA, March 3 - ..." under the
    // title "Talks resume", as scraped pages have it): the dateline is after the repetition.
    // With a title (`body` > 0), the title is the first sentence.
    if let (true, Some(&(ts, te)), Some(&(a, b))) = (body > 0, sents.first(), sents.get(1)) {
        if a == first && text[a..b].trim() == text[ts..te].trim() {
            first = body_sents.next().map_or(b, |&(a, _)| a);
        }
    }
    newsmill_core::dateline::parse(text, first, text.len())
}

/// The sentence that holds `s..e`.
fn sentence_holding(sents: &[(usize, usize)], s: usize, e: usize) -> Option<usize> {
    sents
        .partition_point(|&(a, _)| a <= s)
        .checked_sub(1)
        .filter(|&i| e <= sents[i].1)
}
