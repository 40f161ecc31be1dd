//! Countries: the guards against false friends (persons, currencies, companies' names, case)
//! and the city and the region of a dateline.

use std::sync::LazyLock;

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
/// Longest place before the first comma of a dateline ("OAK BROOK"): longer heads are not
/// datelines; set by hand above the longest city names, not tuned.
const DATELINE_PLACE_BYTES: usize = 40;
/// Longest region of a dateline ("ILL.", "British Columbia"): set by hand above the longest
/// subdivision names of datelines, not tuned.
const DATELINE_REGION_BYTES: usize = 24;

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

    /// The city of a dateline at the start of the text ("  CINCINNATI, March 3 -", "ST. PAUL,
    /// Minn. -"), looked up among all cities of the gazetteer whatever their population.
    pub(crate) fn dateline_city(
        &self,
        text: &str,
        sents: &[(usize, usize)],
        body: usize,
    ) -> Option<Mention> {
        let start = text.len() - text[body..].trim_start().len();
        let rest = &text[start..];
        let end = rest
            .find(|c: char| !(c.is_uppercase() || c == ' ' || c == '.' || c == '\'' || c == '-'))?;
        let name = rest[..end].trim_end();
        let after = &rest[name.len()..];
        if name.len() < 3
            || !(after.starts_with(',') || after.starts_with(" -"))
            || name.chars().filter(|c| c.is_alphabetic()).count() < 3
        {
            return None;
        }
        let e = *self.dict.dateline_cities.get(name).or_else(|| {
            self.dict
                .dateline_cities
                .get(&name.replacen("ST. ", "SAINT ", 1))
        })?;
        let (s, e_) = (start, start + name.len());
        let sentence = sents
            .partition_point(|&(a, _)| a <= s)
            .checked_sub(1)
            .filter(|&i| e_ <= sents[i].1)?;
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

    /// The region of a dateline, after the place and before the date: "OAK BROOK, ILL., March
    /// 2 -", "READING, Penn., Feb 26 -", "CANTON, Mass, March 4 -", "Scarborough, Ontario, Feb
    /// 26 -". Looked up among the subdivisions by its letters in any case, with or without dots
    /// (the abbreviations of the text need a dot and their case; a dateline says what it is).
    pub(crate) fn dateline_region(
        &self,
        text: &str,
        sents: &[(usize, usize)],
        body: usize,
    ) -> Option<Mention> {
        let start = text.len() - text[body..].trim_start().len();
        let line = &text[start..];
        let line = &line[..line.find(['\n', '\r']).unwrap_or(line.len())];
        let head = &line[..line.find(" -")?];
        let c1 = head.find(',')?;
        let place = &head[..c1];
        if place.len() < 2
            || place.len() > DATELINE_PLACE_BYTES
            || !place.starts_with(|c: char| c.is_uppercase())
            || place.contains(|c: char| c.is_ascii_digit())
        {
            return None;
        }
        let rest = &head[c1 + 1..];
        let region = &rest[..rest.find(',').unwrap_or(rest.len())];
        let lead = region.len() - region.trim_start().len();
        let region = region.trim();
        if region.is_empty()
            || region.len() > DATELINE_REGION_BYTES
            || region.contains(|c: char| c.is_ascii_digit())
        {
            return None;
        }
        let e = (*self.dateline_regions.get(&region_key(region))?)?;
        let s = start + c1 + 1 + lead;
        let e_ = s + region.len();
        let sentence = sents
            .partition_point(|&(a, _)| a <= s)
            .checked_sub(1)
            .filter(|&i| e_ <= sents[i].1)?;
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
