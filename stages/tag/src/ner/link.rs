//! From recognized names to mentions: what the dictionaries already found decides ids and
//! countries; a longer name wins over a known one inside it; short forms, acronyms and surnames
//! link to the longer name of the same document; the rest get `new:` ids.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock, OnceLock};

use super::{Label, Model, Span};
use crate::{orgs, Ent, Field, Form, Kind, Mention, Method, Tagger};

/// The built-in model, loaded once per process.
pub fn builtin() -> Option<&'static Model> {
    static M: OnceLock<Option<Model>> = OnceLock::new();
    M.get_or_init(|| Model::from_bytes(super::BUILTIN).ok())
        .as_ref()
}

/// The margin (see [`Span::margin`]) a recognized name needs to become a mention, by label:
/// analysts prefer a miss to a wrong name. Organizations 20: organization precision by overlap
/// 0.894 on CoNLL-2003 dev, 0.841 on the newswire dev part, 0.809 on the Wikinews interviews
/// (0.847 / 0.730 / 0.660 with none; 16 leaves Wikinews at 0.79). Persons 4: precision up by
/// 0.01, F1 up by 0.002 on the newswire dev part.
fn min_margin(label: Label) -> f32 {
    match label {
        Label::Org => 20.0,
        Label::Per => 4.0,
        Label::Loc | Label::Misc => 0.0,
    }
}

/// The margin a recognized organization that holds a country's name needs ([`beside_country`]):
/// 5, tuned on the dev parts (0 adds regions, "East China"; with 10 none of the dev sets changes).
const COUNTRY_NAME_ORG_MARGIN: f32 = 5.0;

fn country_name_org_margin() -> f32 {
    COUNTRY_NAME_ORG_MARGIN
}

/// Last words of the names of religious bodies ("Greek Orthodox Church"): with a demonym before
/// them, the country is no mention (they are no person's last words for the settling rules:
/// Church is a surname too).
const RELIGIOUS_BODIES: &[&str] = &[
    "Church",
    "Churches",
    "Patriarchate",
    "Archdiocese",
    "Diocese",
];

/// Words right before a person's name that attribute a quote ("said Ada Lovell, ...").
const ATTRIBUTIONS: &[&str] = &["said ", "says ", "according to ", "told by "];

/// Whether the name `text[s..e]` stands between an attribution and a comma ("said Ada Lovell,").
fn attributed(text: &str, s: usize, e: usize) -> bool {
    text[e..].starts_with(',') && ATTRIBUTIONS.iter().any(|a| text[..s].ends_with(a))
}

/// Compass words: with a country's name they name a region ("East China", "Northern Iraq").
const COMPASS_WORDS: &[&str] = &[
    "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central",
    "Upper", "Lower", "Greater", "Mainland",
];

/// Whether the words of a name before and after a country's name in it make an organization's
/// name of it ("Environment Canada", "Transport Canada"): capitalized words only, no compass
/// word (a region: "East China"), no "of" (a title or a place: "Khedive of Egypt").
fn beside_country(before: &str, after: &str) -> bool {
    let ok = |part: &str| {
        words(part).all(|w| {
            w.starts_with(|c: char| c.is_uppercase() || c.is_numeric())
                && !COMPASS_WORDS.contains(&w)
        })
    };
    ok(before) && ok(after)
}

/// Words before a person's name that are not part of it.
const TITLES: &[&str] = &[
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Dr",
    "Prof",
    "Professor",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
    "President",
    "Vice",
    "Prime",
    "Minister",
    "Chancellor",
    "Senator",
    "Sen",
    "Rep",
    "Gov",
    "Governor",
    "Mayor",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Pope",
    "Rev",
    "Father",
    "Sheikh",
    "General",
    "Gen",
    "Col",
    "Capt",
    "Lt",
    "Sgt",
    "Judge",
    "Justice",
    "Chairman",
    "Chairwoman",
    "CEO",
    "Chief",
    "Secretary",
    "Ambassador",
    "Coach",
    "Captain",
    "Dean",
    "Director",
    "Minister",
    "Speaker",
    "MP",
    "Legislator",
    "Lawmaker",
    "Councillor",
    "Councilor",
];

/// Occupations that open a sentence before a name ("Singer Bono said", "Striker Wayne Rooney
/// scored"): no part of the name, as titles are not. Kept apart from [`TITLES`], which the
/// learned filter's features read. None of them opens a person's name on the gold sets
/// (CoNLL-2003 train and dev, the newswire).
const OCCUPATIONS: &[&str] = &[
    "Singer",
    "Actor",
    "Actress",
    "Striker",
    "Midfielder",
    "Defender",
    "Goalkeeper",
    "Author",
    "Novelist",
    "Rapper",
    "Comedian",
    "Presenter",
    "Writer",
    "Designer",
    "Chef",
    "Playwright",
    "Composer",
    "Guitarist",
    "Drummer",
    "Batsman",
    "Bowler",
    "Jockey",
    "Golfer",
    "Sprinter",
    "Skipper",
    "Winger",
    "Boxer",
];

/// Whether `w` is a title of persons ("Dr", "President", "Minister").
pub(crate) fn is_title(w: &str) -> bool {
    TITLES.contains(&w)
}

/// Common sentence starters (`data/split/sentence_starters.txt`): written with a capital at the
/// start of a name they are the sentence's word, not the name's ("But DeepSeek", "If Acme").
const STARTERS: &str = include_str!("../../../../data/split/sentence_starters.txt");

/// Starters that also begin names ("First Boston", "One Laptop", "Second Harvest", "All
/// Blacks", "All India Radio").
const STARTERS_IN_NAMES: &[&str] = &["first", "second", "third", "one", "all"];

fn is_starter(w: &str) -> bool {
    static SET: OnceLock<rustc_hash::FxHashSet<String>> = OnceLock::new();
    let set = SET.get_or_init(|| {
        STARTERS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter(|l| !STARTERS_IN_NAMES.contains(l))
            .map(String::from)
            .collect()
    });
    if w.len() > 12 {
        return false;
    }
    // Asked of a recognized name's first words: an ASCII word is put in lower case on the stack.
    if w.is_ascii() {
        let mut buf = [0u8; 12];
        let lower = &mut buf[..w.len()];
        lower.copy_from_slice(w.as_bytes());
        lower.make_ascii_lowercase();
        return std::str::from_utf8(lower).is_ok_and(|l| set.contains(l));
    }
    set.contains(&w.to_lowercase())
}

/// Lower-case words that begin names ("al-Sisi", "bin Salman", "de Gaulle", "van Gogh").
const NAME_PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "bint", "abu", "de", "del", "della", "der", "di", "da", "das", "dos",
    "du", "van", "von", "le", "la", "ter", "ten", "zu",
];

/// Last words that no person's name has: of products named after their maker ("Apple Pay",
/// "Zorbix Cloud", "Acme Maps"), and of places and buildings ("Hartsfield-Jackson Atlanta
/// International Airport", "Kelby Memorial Museum"); not words that are also surnames (Park,
/// Hall, Church, Lake...).
const NOT_PERSON_LAST_WORDS: &[&str] = &[
    "Pay",
    "Wallet",
    "Maps",
    "Cloud",
    "Store",
    "Prime",
    "Office",
    "Search",
    "Translate",
    "Assistant",
    "Music",
    "TV",
    "Phone",
    "Pixel",
    "Play",
    "Drive",
    "Mail",
    "Messenger",
    "OS",
    // places and buildings
    "Airport",
    "Stadium",
    "Station",
    "Bridge",
    "Square",
    "Avenue",
    "Road",
    "Arena",
    "Museum",
    "Palace",
    "Harbour",
    "Harbor",
    "Terminal",
    "Dam",
    "Plant",
    "Mall",
    "Hotel",
    "Temple",
    "Mosque",
    "Cathedral",
    "Beach",
    "Mountains",
    "Islands",
    "Valley",
    "Desert",
    "Province",
    "County",
    "District",
    "Region",
    "Hamlet",
];

/// Whether a name of several words ends with a word no person's name ends with (a product, a
/// place, a building: [`NOT_PERSON_LAST_WORDS`]).
fn is_no_person(name: &str) -> bool {
    words(name).nth(1).is_some()
        && words(name)
            .last()
            .is_some_and(|w| NOT_PERSON_LAST_WORDS.contains(&w))
}

/// A plural acronym ("GPUs", "LLMs", "CEOs"): a common noun, not a name.
fn is_plural_acronym(w: &str) -> bool {
    w.len() >= 3 && w.ends_with('s') && w[..w.len() - 1].chars().all(|c| c.is_ascii_uppercase())
}

/// The part of a recognized span that can be a name: without leading tokens that are not
/// capitalized words (punctuation, "'s", lower-case words, sentence starters) and trailing
/// tokens that are neither words with a capital or digit nor the "s" of a possessive ("Poor's")
/// nor the period of an abbreviation ("Corp."); `None` when nothing is left or the name is a
/// plural acronym.
pub(crate) fn trim_name(text: &str, s: usize, e: usize) -> Option<(usize, usize)> {
    let mut toks = Vec::new();
    super::tokenize(text, s, e, &mut toks);
    let word = |t: &(usize, usize)| {
        let w = &text[t.0..t.1];
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
    };
    // Leading punctuation, the "s" of a possessive before the name, sentence starters; not
    // lower-case particles ("al-Sisi", "bin Salman", "de Gaulle").
    let alnum = |t: &(usize, usize)| text[t.0..t.1].starts_with(char::is_alphanumeric);
    let mut a = 0;
    while a < toks.len() {
        let w = &text[toks[a].0..toks[a].1];
        let possessive_s =
            w == "s" && a >= 1 && matches!(&text[toks[a - 1].0..toks[a - 1].1], "'" | "’");
        // A lower-case word before a name is the sentence's ("seeking to ban Acme"), unless it
        // is a particle of names.
        let lower_word = w.chars().all(char::is_lowercase) && !NAME_PARTICLES.contains(&w);
        // A sentence starter is the sentence's word where it opens one ("But DeepSeek"); inside a
        // sentence a capitalized one is the name's ("shareholder Tomorrow Group"). Articles go
        // either way ("the Hoover Institution").
        let starter =
            is_starter(w) && (matches!(w, "The" | "A" | "An") || opens_sentence(text, toks[a].0));
        if alnum(&toks[a]) && !possessive_s && !starter && !lower_word {
            break;
        }
        a += 1;
    }
    let mut b = toks.len();
    while b > a {
        let t = toks[b - 1];
        let w = &text[t.0..t.1];
        // A word joined to the one before ("Jae-in", "Kim Jong-un") is part of it.
        let joined = b >= 3
            && alnum(&t)
            && toks[b - 2].1 == t.0
            && toks[b - 3].1 == toks[b - 2].0
            && &text[toks[b - 2].0..toks[b - 2].1] == "-";
        let keep = word(&t)
            || joined
            || (w == "s" && b >= 2 && matches!(&text[toks[b - 2].0..toks[b - 2].1], "'" | "’"))
            || (w == "."
                && b >= 2
                && word(&toks[b - 2])
                && toks[b - 2].1 == t.0
                && toks[b - 2].1 - toks[b - 2].0 <= 4);
        if keep {
            break;
        }
        b -= 1;
    }
    if a >= b || !toks[a..b].iter().any(word) {
        return None;
    }
    let (s2, e2) = (toks[a].0, toks[b - 1].1);
    if b - a == 1 && is_plural_acronym(&text[s2..e2]) {
        return None;
    }
    let name = &text[s2..e2];
    if is_calendar_word(name) || name.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
        return None;
    }
    Some((s2, e2))
}

/// Capitalized words that never stand inside a name after its first word, but open sentences:
/// pronouns, conjunctions and sentence adverbs ("Akinwunmi Ambode He said", "Senvume While
/// prices rose": two sentences or paragraphs run together). Set by hand from the kind of word,
/// not from any list of names; words that are also surnames or inside names are left out
/// ("Thomas More", "Dan Rather", "Church of Our Lady", "USA Today", "Henry I").
const RUN_ON_WORDS: &[&str] = &[
    "he",
    "she",
    "it",
    "its",
    "they",
    "their",
    "while",
    "if",
    "when",
    "whether",
    "but",
    "however",
    "meanwhile",
    "although",
    "though",
    "because",
    "since",
    "unless",
    "until",
    "moreover",
    "furthermore",
    "nevertheless",
    "nonetheless",
    "therefore",
    "thus",
    "hence",
    "indeed",
    "instead",
    "also",
];

/// More such words inside a person's name, which an organization's may hold ("Bank of The
/// West", "Church of Our Lady", "This Morning"): articles, determiners and the other pronouns.
const RUN_ON_WORDS_PERSON: &[&str] = &[
    "the", "an", "this", "that", "these", "those", "we", "you", "our", "your", "my", "there",
];

/// `[start, end)` (a trimmed name of `label`) cut before the first capitalized word after its
/// first that opens a sentence run on into it ([`RUN_ON_WORDS`], and [`RUN_ON_WORDS_PERSON`] in a
/// person's), trimmed again; as it is when there is none; `None` when nothing of a name is left.
pub(crate) fn before_run_on(
    text: &str,
    start: usize,
    end: usize,
    label: Label,
) -> Option<(usize, usize)> {
    // A run-on word stands after white space: a name of one word (most) has none to look at.
    if !text[start..end].contains(char::is_whitespace) {
        return Some((start, end));
    }
    let mut toks = Vec::new();
    super::tokenize(text, start, end, &mut toks);
    let cut = toks.iter().enumerate().skip(1).find_map(|(i, &(a, b))| {
        let w = &text[a..b];
        let mut cs = w.chars();
        let title_case =
            cs.next().is_some_and(char::is_uppercase) && w.len() >= 2 && cs.all(char::is_lowercase);
        // A word glued to the one before ("Jae-in", "O'Neil") is the name's.
        let spaced = text[..a].ends_with(char::is_whitespace);
        if !title_case || !spaced {
            return None;
        }
        let lower = w.to_ascii_lowercase();
        let run_on = RUN_ON_WORDS.contains(&lower.as_str())
            || (label == Label::Per && RUN_ON_WORDS_PERSON.contains(&lower.as_str()));
        run_on.then_some(toks[i - 1].1)
    });
    match cut {
        Some(e) => trim_name(text, start, e),
        None => Some((start, end)),
    }
}

/// The shortest name (in letters) found in a sentence set in capitals by [`names_in_capitals`]:
/// shorter ones are acronyms and words as often as names there ("US", "AT"). Set by hand.
const CAPITALS_NAME_MIN_LETTERS: usize = 3;

/// Persons the document names elsewhere, found again in its sentences set in capitals (a wire's
/// headline): "SHEARER NAMED AS ENGLAND CAPTAIN" over a story of Alan Shearer. The recognizer
/// reads capitals poorly (a name and a word look alike there), but a person the story spells in
/// mixed case is the same person in its headline. Each person of `out` from a sentence not in
/// capitals (as its surface, and for a name of two words or more, as its last word: the surname,
/// when no other person of the document has it) is looked for in capitals, on word boundaries,
/// in each sentence of `upper_sents`; a match that overlaps no mention of a name or place
/// becomes a mention of the same person (the longest first). Organizations are left out: on
/// CoNLL-2003 dev (headlines in capitals) they added 3 mentions, all the body's errors copied
/// ("MAJOR LEAGUE", "WORLD"), and no right one; persons added 25, recall 0.890 -> 0.901.
/// `text` is the text the mentions index.
pub(crate) fn names_in_capitals(
    text: &str,
    sents: &[(usize, usize)],
    upper_sents: &[bool],
    out: &mut Vec<Mention>,
) {
    if !upper_sents.iter().any(|&u| u) {
        return;
    }
    let in_capitals = |m: &Mention| upper_sents.get(m.sentence).copied().unwrap_or(false);
    // (the name in capitals, the mention it comes from, whether it is a surname)
    let mut names: Vec<(String, usize, bool)> = Vec::new();
    let mut surnames: std::collections::HashMap<String, Option<usize>> = Default::default();
    for (i, m) in out.iter().enumerate() {
        if m.kind != Kind::Person || in_capitals(m) {
            continue;
        }
        let Some(surface) = text.get(m.start..m.end) else {
            continue;
        };
        let letters = |s: &str| s.chars().filter(|c| c.is_alphabetic()).count();
        if letters(surface) >= CAPITALS_NAME_MIN_LETTERS {
            names.push((surface.to_uppercase(), i, false));
        }
        let words: Vec<&str> = surface.split_whitespace().collect();
        if words.len() >= 2 {
            let last = words[words.len() - 1];
            if letters(last) >= CAPITALS_NAME_MIN_LETTERS
                && last.starts_with(char::is_uppercase)
                && !is_starter(last)
            {
                let e = surnames.entry(last.to_uppercase()).or_insert(Some(i));
                if e.is_some_and(|j| out[j].ent != m.ent) {
                    *e = None;
                }
            }
        }
    }
    for (name, i) in surnames {
        if let Some(i) = i {
            names.push((name, i, true));
        }
    }
    if names.is_empty() {
        return;
    }
    // The longest first, then in the order found (the same document gives the same mentions).
    names.sort_by(|a, b| {
        b.0.len()
            .cmp(&a.0.len())
            .then(a.1.cmp(&b.1))
            .then(a.0.cmp(&b.0))
    });
    names.dedup_by(|a, b| a.0 == b.0);
    let word_char = |c: char| c.is_alphanumeric();
    let mut found = Vec::new();
    for (k, &(s, e)) in sents.iter().enumerate() {
        if !upper_sents.get(k).copied().unwrap_or(false) {
            continue;
        }
        let Some(sentence) = text.get(s..e) else {
            continue;
        };
        for (name, i, surname) in &names {
            for (at, _) in sentence.match_indices(name.as_str()) {
                let (a, b) = (s + at, s + at + name.len());
                let bounded = !text[..a].ends_with(word_char) && !text[b..].starts_with(word_char);
                let taken = out
                    .iter()
                    .chain(found.iter())
                    .any(|o: &Mention| o.kind != Kind::Theme && o.start < b && a < o.end);
                if !bounded || taken {
                    continue;
                }
                let from = &out[*i];
                found.push(Mention {
                    field: Field::Text,
                    start: a,
                    end: b,
                    sentence: k,
                    kind: from.kind,
                    ent: from.ent.clone(),
                    form: if *surname {
                        Some(Form::Alias)
                    } else {
                        from.form
                    },
                    method: from.method,
                });
            }
        }
    }
    out.extend(found);
}

/// Whether the word at `at` opens a sentence or a line: nothing before it but white space,
/// quotes and brackets since a sentence's end, a colon, a dash or a line end.
fn opens_sentence(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches([' ', '\t', '"', '\'', '“', '‘', '(', '[']);
    before.is_empty() || before.ends_with(['.', '!', '?', ':', ';', '\n', '\r', '-', '–', '—', '…'])
}

/// Whether a name is only a date word: a month or weekday name, or its abbreviation with a
/// period ("Feb.", "Tue."). Written capitalized, dates look like names to the recognizer ("Feb."
/// after a day number); no organization or person is named so. Month names that are also given
/// names or surnames (May, June, August) are left to the recognizer.
pub(crate) fn is_calendar_word(name: &str) -> bool {
    const FULL: &[&str] = &[
        "January",
        "February",
        "March",
        "April",
        "July",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    const ABBREVIATED: &[&str] = &[
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mon",
        "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun",
    ];
    FULL.contains(&name)
        || name
            .strip_suffix('.')
            .is_some_and(|w| ABBREVIATED.contains(&w))
}

/// Two companies joined by "and" in one recognized span ("Talmont Air and Brexley Aviation
/// Inc"): when the part after the last " and " is a full company name on its own (two words or
/// more before a legal suffix), or both parts are names of two words or more that begin with the
/// same word or the left one ends with a legal suffix, the two parts; "Johnson and Johnson Inc"
/// stays one name.
fn split_and(text: &str, s: usize, e: usize) -> Option<[(usize, usize); 2]> {
    let name = &text[s..e];
    let i = name.rfind(" and ")?;
    let right = &name[i + 5..];
    let (head, last) = right.rsplit_once(' ')?;
    let suffix = orgs::LEGAL_SUFFIXES
        .iter()
        .any(|x| x.trim_end_matches('.') == last.trim_end_matches('.'));
    if suffix && head.split(' ').filter(|w| !w.is_empty()).count() >= 2 {
        return Some([(s, s + i), (s + i + 5, e)]);
    }
    // Two names of two words or more each, the left one of capitalized words only, that begin
    // with the same word (a group's companies: "Kelby Mining and Kelby Power Holdings", "Arwen
    // Assembly and Arwen Council of Regions") or whose left one ends with a legal suffix ("Kelby
    // Corp and Dunmore Power"). Not "Arwen Road and Bridge Corporation".
    let left = &name[..i];
    let capitalized = |w: &str| w.starts_with(|c: char| c.is_uppercase() || c.is_numeric());
    let two_words = |t: &str| words(t).nth(1).is_some();
    let left_suffix = words(left).last().is_some_and(|l| {
        orgs::LEGAL_SUFFIXES
            .iter()
            .any(|x| x.trim_end_matches('.') == l)
    });
    (!left.contains(" and ")
        && two_words(left)
        && left.split(' ').all(capitalized)
        && two_words(right)
        && right.starts_with(char::is_uppercase)
        && (words(left).next() == words(right).next() || left_suffix))
        .then_some([(s, s + i), (s + i + 5, e)])
}

/// Whether a title stands right before `start`, or the name there begins with one ("Mr
/// Kato", "Dr. Kato", "President Kato").
fn titled(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches([' ', '.']);
    let w = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let inside = text[start..]
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    TITLES.contains(&w) || TITLES.contains(&inside)
}

/// The margin a recognized organization written as bare capitals needs (see
/// [`SpelledOut::is_bare_acronym`]); 30: organization precision by overlap 0.848 on the newswire dev part,
/// 0.831 on the Wikinews interviews (0.841 / 0.810 with the general margin alone), recall -0.003;
/// 40 and more lose recall for no more precision.
const BARE_ACRONYM_MARGIN: f32 = 30.0;

/// What spells letters in capitals out in a document: the letters defined in parentheses
/// ("... (ABC)") and the initials of the recognized and known organizations' names. Built once per
/// document (a huge one has many candidates).
struct SpelledOut<'a> {
    defined: HashSet<&'a str>,
    initials: HashSet<String>,
}

impl<'a> SpelledOut<'a> {
    fn of(text: &'a str, spans: &[Span], known: &[&str]) -> SpelledOut<'a> {
        let defined = text
            .match_indices('(')
            .filter_map(|(i, _)| {
                let rest = &text[i + 1..];
                let n = rest.find(')').filter(|&n| n <= 6)?;
                Some(&rest[..n])
            })
            .collect();
        let initials = spans
            .iter()
            .filter(|o| o.label == Label::Org)
            .map(|o| &text[o.start..o.end])
            .chain(known.iter().copied())
            .map(|long| {
                words(long)
                    .filter_map(|w| w.chars().next())
                    .filter(|c| c.is_uppercase())
                    .collect()
            })
            .collect();
        SpelledOut { defined, initials }
    }

    /// Whether `name` is letters in capitals (2-6, "LLM", "DNA") that no organization of the
    /// document spells out: neither defined in the text ("... (ABC)") nor the initials of a
    /// recognized or known organization's name (as [`is_acronym_of`] reads them).
    fn is_bare_acronym(&self, name: &str) -> bool {
        (2..=6).contains(&name.len())
            && name.bytes().all(|b| b.is_ascii_uppercase())
            && !self.defined.contains(name)
            && !self.initials.contains(name)
    }
}

/// Whether a name of this many words or more is a full name (surnames link to it).
const FULL_NAME_WORDS: usize = 2;

/// `name` without leading titles ("Dr. Jane Goodall" → "Jane Goodall"): its new start.
fn strip_titles(text: &str, s: usize, e: usize) -> usize {
    let mut s = s;
    loop {
        let rest = &text[s..e];
        let w_end = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        let w = &rest[..w_end];
        if w_end == rest.len() || !(TITLES.contains(&w) || OCCUPATIONS.contains(&w)) {
            return s;
        }
        let after = rest[w_end..].trim_start_matches(['.', ' ']);
        if after.is_empty() {
            return s;
        }
        s = e - after.len();
    }
}

/// The words of a name (runs of letters and digits).
fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Whether `short` is the first words of `long` (a short form: "Santa Fe" of "Santa Fe Pacific
/// Gold Corp"), shorter than it. The definition [`Earlier`] finds by key (tests compare them).
#[cfg(test)]
fn is_short_form(short: &str, long: &str) -> bool {
    let mut l = words(long);
    let mut n = 0;
    for w in words(short) {
        if l.next() != Some(w) {
            return false;
        }
        n += 1;
    }
    n > 0 && l.next().is_some()
}

/// Whether `acr` (2-6 capitals) is the initials of the capitalized words of `long`. The
/// definition [`Earlier`] finds by key (tests compare them).
#[cfg(test)]
fn is_acronym_of(acr: &str, long: &str) -> bool {
    if !(2..=6).contains(&acr.len()) || !acr.bytes().all(|b| b.is_ascii_uppercase()) {
        return false;
    }
    let initials: String = words(long)
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    initials == acr
}

/// Whether the part of `text[s..e]` outside `[a, b)` holds a capitalized word that is not a
/// legal suffix nor "The": the longer name is another organization ("Industrial Bank of Japan"
/// around "Bank of Japan"), not the known one with its suffix ("Acme Corp").
fn longer_name(text: &str, (s, e): (usize, usize), (a, b): (usize, usize)) -> bool {
    if orgs::extend_suffix(text, b) >= e && a <= s {
        return false;
    }
    let outside = [&text[s..a.max(s)], &text[b.min(e)..e]];
    outside.iter().any(|part| {
        words(part).any(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w != "The"
                && !orgs::LEGAL_SUFFIXES
                    .iter()
                    .any(|x| x.trim_end_matches('.') == w)
        })
    })
}

/// Words of generic bank names: a name of these words alone ("National Bank", "First Savings
/// Bank", "Central Bank") names no one company, whatever company lists it as an alias.
const GENERIC_BANK_WORDS: &[&str] = &[
    "National",
    "First",
    "Commercial",
    "Industrial",
    "Savings",
    "Central",
    "Federal",
    "United",
    "State",
    "Union",
    "Popular",
    "Citizens",
    "Peoples",
    "People's",
    "Merchants",
    "Security",
    "Mutual",
    "Community",
    "Regional",
    "Cooperative",
    "Development",
    "Investment",
    "Bank",
    "Trust",
    "Banking",
];

/// Whether `name` is a generic bank name (only [`GENERIC_BANK_WORDS`], "Bank" or "Trust" among
/// them).
fn is_generic_bank(name: &str) -> bool {
    let mut any = false;
    for w in name.split(' ').filter(|w| !w.is_empty()) {
        if !GENERIC_BANK_WORDS.contains(&w) {
            return false;
        }
        any |= w == "Bank" || w == "Trust";
    }
    any
}

/// Years that may stand before a company's letters ("in 1987 IBM said").
const YEARS: std::ops::RangeInclusive<u32> = 1800..=2100;

/// Whether the mention at `s` follows an amount ("45 CTS", "30 DLRS a share"): capitals after
/// an amount are a unit, not a company's ticker or acronym. A year is no amount.
fn after_number(text: &str, s: usize) -> bool {
    let before = text[..s].strip_suffix(' ').unwrap_or("");
    let w = before.rsplit(' ').next().unwrap_or("");
    !w.is_empty()
        && w.bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        && w.ends_with(|c: char| c.is_ascii_digit())
        && !w.parse::<u32>().is_ok_and(|y| YEARS.contains(&y))
}

/// Words after a portfolio or a holiday ("Labour Minister", "Labour Day").
const PORTFOLIO_AFTER: &[&str] = &[" Minister", " Ministry", " Day"];

/// Words before a portfolio ("Minister of Labour", "Ministry for Labour").
const PORTFOLIO_BEFORE: &[&str] = &[
    "Minister of ",
    "Ministry of ",
    "Minister for ",
    "Ministry for ",
    "Department of ",
];

/// Whether a one-word organization's name at `text[s..e]` is a portfolio or a holiday, not the
/// organization ("Labour Minister", "Minister of Labour", "Labour Day" are not the Labour Party;
/// on the train parts 7 such names, all wrong). Not letters in capitals ("UN Secretary-General",
/// "Executive Director of UNEP").
fn is_portfolio(text: &str, s: usize, e: usize) -> bool {
    let w = &text[s..e];
    !w.contains(' ')
        && w.chars().any(char::is_lowercase)
        && (PORTFOLIO_AFTER.iter().any(|a| {
            text[e..]
                .strip_prefix(a)
                .is_some_and(|r| !r.starts_with(char::is_alphanumeric))
        }) || PORTFOLIO_BEFORE.iter().any(|b| text[..s].ends_with(b))
            || in_portfolio_list(text, s, e))
}

/// Bytes before a name that [`PORTFOLIO_LIST_BEFORE`] looks at.
const PORTFOLIO_LIST_WINDOW: usize = 120;

/// An office, then up to three portfolios of one or two capitalized words and their separators,
/// at the end of the text before a portfolio ("Minister for Gender, " before "Labour").
static PORTFOLIO_LIST_BEFORE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"(?:Minister|Ministry|Department) (?:of|for) (?:\p{Lu}\p{L}*(?: \p{Lu}\p{L}*)?(?:, and |, | and | & )){1,3}$",
    )
    .expect("valid regex")
});

/// Up to three portfolios, each after a separator, then the office, at the start of the text
/// after a portfolio (" and Employment Minister" after "Labour").
static PORTFOLIO_LIST_AFTER: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"^(?:(?:, and |, | and | & )\p{Lu}\p{L}*(?: \p{Lu}\p{L}*)?){1,3} (?:Minister|Ministry)\b",
    )
    .expect("valid regex")
});

/// Whether the name at `text[s..e]` is one portfolio of a list that an office opens or closes
/// ("Minister for Gender, Labour and Social Development", "Labour and Employment Minister").
fn in_portfolio_list(text: &str, s: usize, e: usize) -> bool {
    let mut from = s.saturating_sub(PORTFOLIO_LIST_WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    PORTFOLIO_LIST_BEFORE.is_match(&text[from..s]) || PORTFOLIO_LIST_AFTER.is_match(&text[e..])
}

/// Whether a dictionary name beginning with "The" ("The National", a newspaper) at `text[s..e]`
/// is only the start of a longer name: a capitalized word follows it after a space ("The
/// National Police Agency", "The National Bank of Arwen"; on the train and dev parts 11 such
/// names, all wrong).
fn opens_longer_name(text: &str, s: usize, e: usize) -> bool {
    text[s..e].starts_with("The ")
        && text[e..]
            .strip_prefix(' ')
            .is_some_and(|r| r.starts_with(char::is_uppercase))
}

impl Tagger {
    /// Dictionary organizations that are no organization in their context: capitals after a
    /// number (a unit), a portfolio or a holiday ([`is_portfolio`]), the start of a longer name
    /// ([`opens_longer_name`]), generic bank names (a bank
    /// no list can tell: a `new:` id). Returns the spans of the units.
    /// The spans of the portfolios and longer names' starts are no longer `taken`: a recognized
    /// name may cross them (regression: "The National Liberation Front" was no name at all,
    /// "The National" dropped but its span still barring the longer name).
    fn dictionary_false_friends(
        &self,
        text: &str,
        out: &mut Vec<Mention>,
        taken: &mut crate::spans::Taken,
    ) -> Vec<(usize, usize)> {
        let mut units = Vec::new();
        out.retain(|m| {
            let surface = &text[m.start..m.end];
            let unit = m.kind == Kind::Organization
                && surface.len() <= 5
                && surface.bytes().all(|b| b.is_ascii_uppercase())
                && after_number(text, m.start);
            if unit {
                units.push((m.start, m.end));
            }
            let portfolio = m.kind == Kind::Organization && is_portfolio(text, m.start, m.end);
            let opens_longer =
                m.kind == Kind::Organization && opens_longer_name(text, m.start, m.end);
            if portfolio || opens_longer {
                taken.remove((m.start, m.end));
            }
            !(unit || portfolio || opens_longer)
        });
        for m in out.iter_mut() {
            if m.kind == Kind::Organization && matches!(m.ent, Ent::Dict(_)) {
                let surface = &text[m.start..m.end];
                if is_generic_bank(surface) {
                    m.ent = Ent::New(Arc::from(surface));
                }
            }
        }
        units
    }

    /// Adds the recognizer's organizations and persons to `out` (the dictionaries' mentions so
    /// far), marks them `taken`, and puts every recognized name in `names`.
    pub(crate) fn recognized_names(
        &self,
        text: &str,
        sents: &[(usize, usize)],
        out: &mut Vec<Mention>,
        taken: &mut crate::spans::Taken,
        names: &mut Vec<Span>,
    ) {
        let units = self.dictionary_false_friends(text, out, taken);
        let model = match self.ner_model.as_deref() {
            Some(m) => m,
            None => match builtin() {
                Some(m) => m,
                None => return,
            },
        };
        let hints = super::hints_of(out);
        let mut spans = Vec::new();
        for sp in model.recognize(text, sents, &hints) {
            match split_and(text, sp.start, sp.end).filter(|_| sp.label == Label::Org) {
                Some(parts) => spans.extend(parts.map(|(start, end)| Span { start, end, ..sp })),
                None => spans.push(sp),
            }
        }
        super::bounds::join_over_particles(text, &mut spans);
        // Trimmed to what can be a name, then settled over the document. An organization's
        // name does not run on into a person's office ("Mars Society President Ada Lovell").
        // The person after the office is a person ("Ada Lovell").
        let mut cut = Vec::new();
        for mut sp in spans {
            let Some((start, end)) = trim_name(text, sp.start, sp.end) else {
                continue;
            };
            // A name runs into the next sentence where its end was missed (paragraphs joined
            // into one line, a heading or caption without a stop): it ends before that
            // sentence's first word.
            let Some((start, end)) = before_run_on(text, start, end, sp.label) else {
                continue;
            };
            // A legal form alone ("S.A.", "GmbH") is no name, and a name followed by one is an
            // organization's, the legal form part of it ("Zeta GmbH", "Vega SpA"): the model,
            // trained on English news, often stops before a legal form it has rarely seen, or
            // takes the name for a person's (see `legal_forms_end_organizations`).
            if super::bounds::is_legal_form(&text[start..end]) {
                continue;
            }
            let with_form = if sp.label == Label::Org {
                orgs::extend_suffix(text, end)
            } else {
                super::bounds::legal_form_after(text, end)
            };
            if with_form > end && sp.label != Label::Misc {
                sp.label = Label::Org;
            }
            // "of" and a place after an organization word belong to the name ("Royal Academy of
            // Arwen"): the model stops before a place.
            let end = if sp.label == Label::Org {
                let end = with_form;
                let end = super::bounds::without_date_after(text, start, end);
                let end = super::bounds::of_after(text, start, end);
                super::bounds::list_after(text, start, end)
            } else {
                end
            };
            // A common given name the model left out before a person's name is its first name
            // ("Mary Young spoke first": the model found "Young").
            let start = if sp.label == Label::Per {
                super::persons::given_name_before(text, start)
            } else {
                start
            };
            if sp.label == Label::Per {
                if let Some((a, b)) = super::bounds::person_at_lowercase(text, start, end) {
                    for (start, end) in std::iter::once(a).chain(b) {
                        cut.push(Span { start, end, ..sp });
                    }
                    continue;
                }
            }
            let inside = (sp.label == Label::Org)
                .then(|| super::bounds::title_inside(text, start, end))
                .flatten();
            match inside {
                Some(((a, b), person)) => {
                    cut.push(Span {
                        start: a,
                        end: b,
                        ..sp
                    });
                    if person < end {
                        cut.push(Span {
                            start: person,
                            end,
                            label: Label::Per,
                            ..sp
                        });
                    }
                }
                None => match (sp.label == Label::Org)
                    .then(|| super::bounds::lowercase_inside(text, start, end))
                    .flatten()
                {
                    // A lower-case word that joins no name ends it ("Dunmore Rovers coach Ada
                    // Lovell", "Barnsley v Huddersfield").
                    Some(((a, b), other)) => {
                        cut.push(Span {
                            start: a,
                            end: b,
                            ..sp
                        });
                        if let Some(((c, d), label)) = other {
                            cut.push(Span {
                                start: c,
                                end: d,
                                label,
                                ..sp
                            });
                        }
                    }
                    None => cut.push(Span { start, end, ..sp }),
                },
            }
        }
        let mut spans = cut;
        // A name between an attribution and a comma ("said JB Baker, vice president") that the
        // model is unsure is an organization is a person's.
        // So is a name the model is unsure is an organization that has the form of a full
        // personal name: a common given name, then capitalized words ("Condoleezza Rice" ...).
        for sp in spans.iter_mut() {
            if sp.label == Label::Org
                && sp.margin < min_margin(Label::Org)
                && (attributed(text, sp.start, sp.end)
                    || super::persons::opens_with_given_name(&text[sp.start..sp.end]))
                && !super::settle::ends_like_org(&text[sp.start..sp.end])
            {
                sp.label = Label::Per;
            }
        }
        let orgs_known: Vec<&str> = out
            .iter()
            .filter(|m| m.kind == Kind::Organization)
            .map(|m| &text[m.start..m.end])
            .collect();
        // Long forms only of the one-word names: they are all that is looked up (a pass over
        // the text when there are any).
        let one_word: Vec<&str> = spans
            .iter()
            .map(|s| &text[s.start..s.end])
            .filter(|w| words(w).nth(1).is_none())
            .collect();
        let long = if one_word.is_empty() {
            super::settle::LongForms::default()
        } else {
            super::settle::LongForms::of_names(text, &one_word)
        };
        // A name right after a noun for a company ("Russian oil giant Yukos") is an
        // organization's, and so is every occurrence of it in the document ("Yukos says"): the
        // model, seeing the name alone, often takes it for a person's surname.
        let companies: rustc_hash::FxHashSet<&str> = spans
            .iter()
            .filter(|sp| {
                sp.label == Label::Per && super::kinds::follows_a_company_noun(text, sp.start)
            })
            .map(|sp| &text[sp.start..sp.end])
            .collect();
        if !companies.is_empty() {
            for sp in spans.iter_mut() {
                if sp.label == Label::Per && companies.contains(&text[sp.start..sp.end]) {
                    sp.label = Label::Org;
                }
            }
        }
        super::settle::settle(text, &mut spans, &orgs_known, &long, |s| titled(text, s));
        names.extend(spans.iter().copied());
        let sentence_of = |s: usize| sents.partition_point(|&(a, _)| a <= s).saturating_sub(1);
        // The sentence that holds `s..e`, if one does: a mention lies inside its sentence.
        let in_sentence = |s: usize, e: usize| {
            let i = sentence_of(s);
            sents.get(i).filter(|&&(a, b)| a <= s && e <= b).map(|_| i)
        };
        let want_org = self.kinds.contains(&Kind::Organization);
        let want_per = self.kinds.contains(&Kind::Person);
        let mut remove = vec![false; out.len()];
        // Accepted names: (start, end, label).
        let mut found: Vec<(usize, usize, Label)> = Vec::new();
        let mut spelled_out: Option<SpelledOut> = None;
        // Whether the document names sport (`Tagger::names_sport`), found once if needed.
        let mut sport: Option<bool> = None;
        // Cities the recognizer took for organizations in a document that names no sport: the
        // places, unless short forms of an organization the document names.
        let mut places_unless_short: HashSet<(usize, usize)> = HashSet::new();
        // The mentions a span overlaps, in their order in `out`, found by start (a scan of every
        // mention per span was quadratic in a document's names).
        let by_start = ByStart::new(out);
        let mut near = Vec::new();
        'span: for sp in &spans {
            // A name lies inside one sentence: one that a legal form or an "of" after it carried
            // past its sentence's end is no mention (a mention's `sentence` holds it).
            if in_sentence(sp.start, sp.end).is_none() {
                continue;
            }
            if sp.label == Label::Per
                && (!is_person_name(&text[sp.start..sp.end])
                    || super::kinds::is_title_of_a_work(text, sp.start, sp.end)
                    || super::kinds::is_named_as_a_company(text, sp.start, sp.end)
                    || super::kinds::is_storm_name(text, sp.start, sp.end))
            {
                // A street's or a place's name holds no organization: a dictionary's name
                // inside it is a word of the place's ("Vale" of "Ebbw Vale", "Santos" of "Los
                // Santos").
                let name = &text[sp.start..sp.end];
                if super::kinds::is_street_name(name) || super::kinds::opens_like_no_person(name) {
                    by_start.overlapping(out, sp.start, sp.end, &mut near);
                    for &i in &near {
                        let m = &out[i];
                        if m.kind == Kind::Organization
                            && sp.start <= m.start
                            && m.end <= sp.end
                            && (m.start, m.end) != (sp.start, sp.end)
                        {
                            remove[i] = true;
                        }
                    }
                }
                continue;
            }
            if sp.label == Label::Misc {
                // Other names that end like an organization's ("Greek Orthodox Church") are no
                // mention, and neither is the country inside them.
                let name = &text[sp.start..sp.end];
                let church = words(name)
                    .last()
                    .is_some_and(|w| RELIGIOUS_BODIES.contains(&w));
                if !self.config.countries_in_org_names
                    && (super::settle::ends_like_org(name) || church)
                {
                    by_start.overlapping(out, sp.start, sp.end, &mut near);
                    // Not around a known organization: the place before it is part of its
                    // name ("Czech Senate", see `bounds`).
                    if !near.iter().any(|&i| out[i].kind == Kind::Organization) {
                        for &i in &near {
                            let m = &out[i];
                            if m.kind == Kind::Country && sp.start <= m.start && m.end <= sp.end {
                                remove[i] = true;
                            }
                        }
                    }
                }
                continue;
            }
            // An organization whose last word says it is one ("... Group", "... Ltd") needs no
            // margin: its form is the evidence (organization recall on the newswire dev part
            // 0.635 against 0.627, precision unchanged).
            // So does a one-word short form of such a name in the document ("Brightwater"
            // and "Brightwater Analytics").
            let surface = &text[sp.start..sp.end];
            let by_form = sp.label == Label::Org
                && (super::settle::ends_like_org(surface)
                    || (words(surface).nth(1).is_none() && long.get(surface).is_some()));
            // So, with a lower margin, does a name that holds a country's name beside other
            // capitalized words ("Environment Canada", "Transport Canada"): the country alone
            // would be taken for the country.
            let mut holds_country = || {
                sp.label == Label::Org
                    && sp.margin >= country_name_org_margin()
                    && words(surface).nth(1).is_some()
                    && {
                        by_start.overlapping(out, sp.start, sp.end, &mut near);
                        near.iter().any(|&i| {
                            let m = &out[i];
                            m.kind == Kind::Country
                                && m.form == Some(Form::Name)
                                && sp.start <= m.start
                                && m.end <= sp.end
                                && (m.start, m.end) != (sp.start, sp.end)
                                && beside_country(&text[sp.start..m.start], &text[m.end..sp.end])
                        })
                    }
            };
            // A name between an attribution and a comma ("said JB Baker, vice president") is a
            // person's, however unsure the model is of its words.
            let attributed = sp.label == Label::Per
                && (attributed(text, sp.start, sp.end)
                    || super::persons::opens_with_given_name(surface));
            if sp.margin < min_margin(sp.label) && !by_form && !attributed && !holds_country() {
                continue;
            }
            // Letters in capitals that nothing in the document spells out are as often a
            // term ("DNA", "LLM") as an organization: they need more.
            if sp.label == Label::Org
                && sp.margin < BARE_ACRONYM_MARGIN
                && spelled_out
                    .get_or_insert_with(|| SpelledOut::of(text, &spans, &orgs_known))
                    .is_bare_acronym(surface)
            {
                continue;
            }
            let (s, e) = (sp.start, sp.end);
            // A product ("the image generator Zorvo", "models such as Ketta, Zorvo") is neither
            // its maker nor a person; a document or an event is no organization.
            let sent_start = sents.get(sentence_of(s)).map_or(0, |x| x.0);
            if super::products::in_product_context(text, sent_start, s)
                || (sp.label == Label::Org && super::products::is_document(surface))
            {
                continue;
            }
            // Crossing a suppressed phrase or a known organization it does not contain, or
            // inside one ("Apple Pay" is a product: a suppressed phrase); a unit.
            if taken.crosses(s, e)
                || taken.covers(s, e)
                || units.iter().any(|&(a, b)| a < e && s < b)
            {
                continue;
            }
            // A dateline's place in capitals before its comma ("LOS ANGELES, March 3 -") is the
            // place, whatever the model makes of it.
            // So is a name in capitals before a comma that opens its sentence ("GLEN COVE, N.Y.,
            // Feb. 12 -"), a place too small for the dictionaries.
            let caps = !text[s..e].chars().any(char::is_lowercase) && text[e..].starts_with(',');
            let opens = sents
                .get(sentence_of(s))
                .is_some_and(|&(a, _)| a <= s && text[a..s].trim().is_empty());
            by_start.overlapping(out, s, e, &mut near);
            if caps && (opens || near.iter().any(|&i| out[i].kind == Kind::Country)) {
                continue;
            }
            match sp.label {
                Label::Per if want_per => {
                    let mut s = strip_titles(text, s, e);
                    // A name glued to the role after it ("Ada LovellFounder") ends before it.
                    let e = super::persons::unglued_end(text, s, e);
                    if is_no_person(&text[s..e]) {
                        continue;
                    }
                    // Initials in capitals before the name are its first names ("JB Baker"),
                    // unless they are a mention of their own ("US", "IBM").
                    if s == sp.start {
                        if let Some(i) = super::products::initials_before(text, s) {
                            by_start.overlapping(out, i, s - 1, &mut near);
                            if near.is_empty() {
                                s = i;
                            }
                        }
                    }
                    // A person is never an organization, nor a place: what the dictionaries
                    // found inside a full name goes ("Tom Cruise", "Chad Miller"); a name the
                    // dictionaries know alone is theirs.
                    let multi = words(&text[s..e]).count() >= FULL_NAME_WORDS;
                    by_start.overlapping(out, s, e, &mut near);
                    for (i, m) in near.iter().map(|&i| (i, &out[i])) {
                        let inside = s <= m.start && m.end <= e;
                        if multi && inside && m.kind != Kind::Theme {
                            remove[i] = true;
                        } else if m.kind != Kind::Theme {
                            continue 'span;
                        }
                    }
                    found.push((s, e, Label::Per));
                }
                Label::Org if want_org => {
                    // A long form with a known acronym after it ("... Organisation (FAO)") is
                    // the acronym step's: the dictionary's organization under other words.
                    if let Some(p) = text[e..].strip_prefix(" (") {
                        let a = e + 2;
                        let acr_end = a + p.find(')').unwrap_or(p.len());
                        by_start.overlapping(out, a, acr_end, &mut near);
                        if near.iter().any(|&i| {
                            let m = &out[i];
                            m.kind == Kind::Organization && m.start == a && m.end == acr_end
                        }) {
                            continue;
                        }
                    }
                    by_start.overlapping(out, s, e, &mut near);
                    for (i, m) in near.iter().map(|&i| (i, &out[i])) {
                        if m.kind == Kind::Theme {
                            continue;
                        }
                        let inside = s <= m.start && m.end <= e;
                        let same = m.start == s && m.end == e;
                        match m.kind {
                            Kind::Organization | Kind::Person => {
                                if same || !inside || !longer_name(text, (s, e), (m.start, m.end)) {
                                    continue 'span;
                                }
                                remove[i] = true;
                            }
                            Kind::Country => {
                                // A country's name alone stays the country (the
                                // dictionaries decide).
                                if same && m.form != Some(Form::City) {
                                    continue 'span;
                                }
                                if !inside {
                                    continue 'span;
                                }
                                // A club named after its city is the club in a document that
                                // names sport ("Liverpool beat Everton"). Elsewhere the city is
                                // the place ("The ferry from Liverpool docked"), unless the
                                // document names an organization it is the short form of
                                // ("Arequipa" of "Arequipa Resources Ltd"): decided when names
                                // are linked.
                                if same
                                    && !*sport.get_or_insert_with(|| {
                                        self.automata()
                                            .is_ok_and(|a| self.names_sport(a, text, sents, out))
                                    })
                                {
                                    places_unless_short.insert((s, e));
                                    continue;
                                }
                                if !self.config.countries_in_org_names || same {
                                    remove[i] = true;
                                }
                            }
                            Kind::Theme => {}
                        }
                    }
                    found.push((s, e, Label::Org));
                }
                _ => {}
            }
        }
        let mut i = 0;
        out.retain(|_| {
            i += 1;
            !remove[i - 1]
        });
        // Links: longer names first, so short forms, acronyms and surnames find them.
        let mut order: Vec<usize> = (0..found.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(found[i].1 - found[i].0));
        let mut ents: Vec<Option<Ent>> = vec![None; found.len()];
        // The earlier names a name may link to, found by key (linear in the names).
        let mut earlier = Earlier::default();
        // Surnames of full names written inside a sentence (a capitalized word that opens one,
        // "Like Wikipedia, ...", may be taken for a first name).
        let mut persons_mid_sentence: std::collections::HashMap<String, Ent> =
            std::collections::HashMap::new();
        // Surnames of two persons of the document ("Winnie Mandela", "Nelson Mandela").
        let mut shared_surnames: HashSet<String> = HashSet::new();
        // Cities of `places_unless_short` that are short forms of organizations after all.
        let mut short_not_places: Vec<(usize, usize)> = Vec::new();
        for m in out.iter().filter(|m| m.kind == Kind::Organization) {
            earlier.add_organization(&text[m.start..m.end], &m.ent);
        }
        for &i in &order {
            let (s, e, label) = found[i];
            let name = &text[s..e];
            let ent = match label {
                Label::Per => {
                    let single = words(name).count() < FULL_NAME_WORDS;
                    let linked = if single {
                        earlier.surnames.get(name).cloned()
                    } else {
                        None
                    };
                    // A club whose short name is a given name ("Chelsea") in a document that
                    // names sport is the club, not a person, unless a full name of the document
                    // ends in it.
                    if single && linked.is_none() && !is_generic_bank(name) {
                        let club = self
                            .automata()
                            .ok()
                            .and_then(|a| a.club_names.get(name).copied());
                        if let Some(c) = club {
                            if *sport.get_or_insert_with(|| {
                                self.automata()
                                    .is_ok_and(|a| self.names_sport(a, text, sents, out))
                            }) {
                                found[i].2 = Label::Org;
                                let ent = Ent::Dict(c);
                                earlier.add_organization(name, &ent);
                                ents[i] = Some(ent);
                                continue;
                            }
                        }
                    }
                    let ent = linked.unwrap_or_else(|| Ent::New(Arc::from(name)));
                    if !single {
                        if let Some(last) = words(name).last() {
                            let first = earlier
                                .surnames
                                .entry(last.to_string())
                                .or_insert_with(|| ent.clone());
                            if *first != ent {
                                shared_surnames.insert(last.to_string());
                            }
                            let opens = sents
                                .get(sentence_of(s))
                                .is_some_and(|&(a, _)| a <= s && text[a..s].trim().is_empty());
                            if !opens {
                                persons_mid_sentence
                                    .entry(last.to_string())
                                    .or_insert_with(|| ent.clone());
                            }
                        }
                    }
                    ent
                }
                _ => {
                    // A one-word name whose long form the patterns find ("Brightwater" and
                    // "Brightwater Analytics") is that organization.
                    let long_form = || {
                        let (a, b) = long.get(name).filter(|_| words(name).nth(1).is_none())?;
                        Some(Ent::New(Arc::from(&text[a..b])))
                    };
                    // A club named without its "FC" ("Liverpool" of "Liverpool F.C.").
                    // Not a generic bank name ("National Bank", also a club of Egypt's): a club
                    // so named is written with its "SC" (regression: a central bank's "The
                    // National Bank bought francs" made a story about sport).
                    let club = || {
                        let clubs = &self.automata().ok()?.club_names;
                        clubs
                            .get(name)
                            .filter(|_| !is_generic_bank(name))
                            .map(|&e| Ent::Dict(e))
                    };
                    if places_unless_short.contains(&(s, e)) {
                        // The place, unless the short form of a longer name, or the surname of
                        // a full name written inside a sentence ("Analyst Lucille Palermo ...
                        // Palermo says": the person, as a dictionary's name is below).
                        ents[i] = earlier.organization(name).or_else(long_form);
                        if ents[i].is_none() {
                            if let Some(p) = persons_mid_sentence.get(name) {
                                found[i].2 = Label::Per;
                                ents[i] = Some(p.clone());
                            }
                        }
                        if ents[i].is_some() {
                            short_not_places.push((s, e));
                        }
                        continue;
                    }
                    let ent = earlier
                        .organization(name)
                        .or_else(long_form)
                        .or_else(|| (label == Label::Org).then(club).flatten())
                        .unwrap_or_else(|| Ent::New(Arc::from(name)));
                    if label == Label::Org {
                        earlier.add_organization(name, &ent);
                    }
                    ent
                }
            };
            ents[i] = Some(ent);
        }
        if !short_not_places.is_empty() {
            out.retain(|m| {
                m.kind != Kind::Country || !short_not_places.contains(&(m.start, m.end))
            });
        }
        for ((s, e, label), ent) in found.into_iter().zip(ents) {
            let Some(ent) = ent else { continue };
            let Some(si) = in_sentence(s, e) else {
                continue;
            };
            let kind = if label == Label::Per {
                Kind::Person
            } else {
                Kind::Organization
            };
            taken.push((s, e));
            out.push(model_mention(s, e, si, kind, ent));
        }
        // A one-word organization of the dictionaries that is the surname of a full personal
        // name of the document is that person ("Sboniso Duma" ... "Duma said", not the Russian
        // Duma; "Tom Cruise" ... "Cruise"): a person is never an organization. On the train
        // and dev parts 9 such names, all wrong as organizations. Only names written inside a
        // sentence count ("Like Wikipedia, ..." is no person's name).
        if want_per && !persons_mid_sentence.is_empty() {
            for m in out.iter_mut() {
                if m.kind != Kind::Organization || !matches!(m.ent, Ent::Dict(_)) {
                    continue;
                }
                let w = &text[m.start..m.end];
                if let Some(ent) = persons_mid_sentence
                    .get(w)
                    .filter(|_| words(w).nth(1).is_none())
                {
                    m.kind = Kind::Person;
                    m.ent = ent.clone();
                    m.form = Some(Form::Name);
                    m.method = Method::Model;
                }
            }
        }
        // A full name's surname alone where the model missed it ("Nelson Mandela ... Mandela
        // became president", `persons::bare_surnames`): one person, counted each time.
        earlier.surnames.retain(|w, _| !shared_surnames.contains(w));
        if want_per && !earlier.surnames.is_empty() {
            let by_start = ByStart::new(out);
            let mut near = Vec::new();
            let mut bare = Vec::new();
            for (s, e, ent) in super::persons::bare_surnames(text, sents, &earlier.surnames) {
                by_start.overlapping(out, s, e, &mut near);
                if near.is_empty() && !taken.crosses(s, e) && !taken.covers(s, e) {
                    bare.push((s, e, ent.clone()));
                }
            }
            for (s, e, ent) in bare {
                let Some(si) = in_sentence(s, e) else {
                    continue;
                };
                taken.push((s, e));
                out.push(model_mention(s, e, si, Kind::Person, ent));
            }
        }
    }
}

/// Whether a name the recognizer labelled a person's can be one: a group named by its office
/// ends in a plural acronym ("Labour MPs", "Tory MEPs"); an event's or an award's name in its
/// last word ("Booker Prize", "Brit Awards", [`super::kinds::is_event_name`]); a building's, or
/// what is left of one, in a facility's ("Arena" of "Manchester Evening News Arena",
/// [`super::kinds::is_facility_name`]); a street's ("Drury Lane",
/// [`super::kinds::is_street_name`]); a title or a Spanish place opens with a word no person's
/// name opens with ("My Own", "San Andreas", [`super::kinds::opens_like_no_person`]).
fn is_person_name(name: &str) -> bool {
    let plural_office = name
        .rsplit(char::is_whitespace)
        .next()
        .is_some_and(is_plural_acronym);
    !plural_office
        && !super::settle::ends_like_org(name)
        && !super::kinds::is_event_name(name)
        && !super::kinds::is_facility_name(name)
        && !super::kinds::is_holiday_name(name)
        && !super::kinds::is_street_name(name)
        && !super::kinds::opens_like_no_person(name)
}

/// A name the recognizer found in the text, as a mention.
fn model_mention(start: usize, end: usize, sentence: usize, kind: Kind, ent: Ent) -> Mention {
    Mention {
        field: Field::Text,
        start,
        end,
        sentence,
        kind,
        ent,
        form: Some(Form::Name),
        method: Method::Model,
    }
}

/// Mentions by start, to find those that overlap a span: the ones starting less than the longest
/// mention before it, up to its end.
struct ByStart {
    /// Indices into the mentions, by start.
    order: Vec<usize>,
    starts: Vec<usize>,
    longest: usize,
}

impl ByStart {
    fn new(out: &[Mention]) -> ByStart {
        let mut order: Vec<usize> = (0..out.len()).collect();
        order.sort_by_key(|&i| out[i].start);
        ByStart {
            starts: order.iter().map(|&i| out[i].start).collect(),
            longest: out.iter().map(|m| m.end - m.start).max().unwrap_or(0),
            order,
        }
    }

    /// The indices of the mentions of `out` that overlap `s..e` (`m.start < e && s < m.end`), in
    /// increasing order (the order of `out`), into `near`.
    fn overlapping(&self, out: &[Mention], s: usize, e: usize, near: &mut Vec<usize>) {
        near.clear();
        let lo = self
            .starts
            .partition_point(|&x| x < s.saturating_sub(self.longest));
        let hi = self.starts.partition_point(|&x| x < e);
        near.extend(
            self.order[lo..hi.max(lo)]
                .iter()
                .copied()
                .filter(|&i| out[i].start < e && s < out[i].end),
        );
        near.sort_unstable();
    }
}

/// The earlier names of a document that a name may link to, by key: a full person name by its
/// last word, an organization by each of its proper word prefixes (a short form: "Santa Fe" of
/// "Santa Fe Pacific Gold Corp") and by its capital initials (an acronym). The first added wins,
/// as the first in order did when every name scanned every earlier one (quadratic: a 10 MB text
/// ran for hours).
#[derive(Default)]
struct Earlier {
    surnames: std::collections::HashMap<String, Ent>,
    /// Key -> (place in the order added, entity).
    prefixes: std::collections::HashMap<String, (usize, Ent)>,
    initials: std::collections::HashMap<String, (usize, Ent)>,
    added: usize,
}

impl Earlier {
    /// Adds an organization's name (after those added before).
    fn add_organization(&mut self, long: &str, ent: &Ent) {
        let place = self.added;
        self.added += 1;
        let ws: Vec<&str> = words(long).collect();
        for k in 1..ws.len() {
            self.prefixes
                .entry(ws[..k].join("\0"))
                .or_insert_with(|| (place, ent.clone()));
        }
        let initials: String = ws
            .iter()
            .filter_map(|w| w.chars().next())
            .filter(|c| c.is_uppercase())
            .collect();
        self.initials
            .entry(initials)
            .or_insert_with(|| (place, ent.clone()));
    }

    /// The entity of the first organization added that `name` is a short form
    /// ([`is_short_form`]) or an acronym ([`is_acronym_of`]) of.
    fn organization(&self, name: &str) -> Option<Ent> {
        let ws: Vec<&str> = words(name).collect();
        let short = if ws.is_empty() {
            None
        } else {
            self.prefixes.get(&ws.join("\0"))
        };
        let acronym = ((2..=6).contains(&name.len())
            && name.bytes().all(|b| b.is_ascii_uppercase()))
        .then(|| self.initials.get(name))
        .flatten();
        [short, acronym]
            .into_iter()
            .flatten()
            .min_by_key(|(place, _)| *place)
            .map(|(_, ent)| ent.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_starter_equals_its_definition() {
        let direct = |w: &str| {
            let set: std::collections::HashSet<String> = STARTERS
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .filter(|l| !STARTERS_IN_NAMES.contains(l))
                .map(String::from)
                .collect();
            w.len() <= 12 && set.contains(&w.to_lowercase())
        };
        // Every starter as written in any case, words of 12 bytes and more, non-ASCII ones.
        let mut ws: Vec<String> = Vec::new();
        for l in STARTERS
            .lines()
            .map(str::trim)
            .filter(|l| !l.starts_with('#'))
        {
            let cap = l
                .chars()
                .next()
                .map(|c| c.to_uppercase().collect::<String>() + &l[c.len_utf8()..]);
            ws.extend([l.to_string(), l.to_uppercase()]);
            ws.extend(cap);
        }
        ws.extend(
            [
                "",
                "The",
                "First",
                "ALL",
                "Acme",
                "Nevertheless",
                "Notwithstanding",
                "Über",
                "ÜBER",
                "İ",
            ]
            .map(String::from),
        );
        for w in &ws {
            assert_eq!(is_starter(w), direct(w), "{w:?}");
        }
        assert!(is_starter("But") && !is_starter("First") && !is_starter("Acme"));
    }

    #[test]
    fn titles_are_not_part_of_names() {
        let cases = [
            ("Dr. Jane Goodall", "Jane Goodall"),
            ("President Joe Biden", "Joe Biden"),
            ("Prime Minister Narendra Modi", "Narendra Modi"),
            ("Mr Kato", "Kato"),
            ("MP Ada Lovell", "Ada Lovell"),
            ("Legislator Jan Novak", "Jan Novak"),
            ("Singer Bono", "Bono"),
            ("Striker Wayne Rooney", "Wayne Rooney"),
            ("Jane Goodall", "Jane Goodall"),
            ("Dr.", "Dr."),
        ];
        for (t, want) in cases {
            assert_eq!(&t[strip_titles(t, 0, t.len())..], want, "{t}");
        }
    }

    #[test]
    fn names_are_trimmed_to_capitalized_words() {
        let cases: &[(&str, Option<&str>)] = &[
            ("'s Baker", Some("Baker")),
            ("But Acme Corp", Some("Acme Corp")),
            ("Acme Corp.", Some("Acme Corp.")),
            ("Standard & Poor's", Some("Standard & Poor's")),
            ("Bank of Japan", Some("Bank of Japan")),
            ("Acme said", Some("Acme")),
            ("First Boston", Some("First Boston")),
            ("All Velk Radio", Some("All Velk Radio")),
            ("But Velk Radio", Some("Velk Radio")),
            ("said", None),
            ("al-Sisi", Some("al-Sisi")),
            ("bin Salman", Some("bin Salman")),
            ("de Gaulle", Some("de Gaulle")),
            ("ban Zorbix", Some("Zorbix")),
            ("Moon Jae-in", Some("Moon Jae-in")),
            ("the Kato", Some("Kato")),
            ("-", None),
            ("GPUs", None),
            ("The Hoover Institution", Some("Hoover Institution")),
            ("3M", Some("3M")),
            ("Zürich Insurance —", Some("Zürich Insurance")),
            // Date words and single letters are no names; month names that are names stay.
            ("Feb.", None),
            ("Tue.", None),
            ("September", None),
            ("D", None),
            ("D.", None),
            ("May", Some("May")),
            ("Sun", Some("Sun")),
            ("Sun Microsystems", Some("Sun Microsystems")),
            ("Dell", Some("Dell")),
        ];
        for (t, want) in cases {
            let got = trim_name(t, 0, t.len()).map(|(a, b)| &t[a..b]);
            assert_eq!(got, *want, "{t:?}");
        }
        // A starter inside a sentence is the name's (regression: "shareholder Tomorrow Group"
        // was left as "Group", no name); where it opens a sentence or a line, the sentence's.
        let cases: &[(&str, &str, Option<&str>)] = &[
            (
                "major shareholder Tomorrow Group failed",
                "Tomorrow Group",
                Some("Tomorrow Group"),
            ),
            (
                "It fell. Tomorrow Group said",
                "Tomorrow Group",
                Some("Group"),
            ),
            (
                "LONDON - Yesterday Acme said",
                "Yesterday Acme",
                Some("Acme"),
            ),
            ("\"Today Acme said", "Today Acme", Some("Acme")),
            (
                "said The Hoover Institution",
                "The Hoover Institution",
                Some("Hoover Institution"),
            ),
        ];
        for (t, span, want) in cases {
            let s = t.find(span).unwrap();
            let got = trim_name(t, s, s + span.len()).map(|(a, b)| &t[a..b]);
            assert_eq!(got, *want, "{t:?}");
        }
    }

    #[test]
    fn names_end_before_a_sentence_run_on_into_them() {
        // (text of ours, the recognized span, its label, the name left): paragraphs joined into
        // one line, or a heading without a stop, run a name into the next sentence's first word.
        let cases: &[(&str, &str, Label, Option<&str>)] = &[
            (
                "said Governor Ada Lovell He added that",
                "Ada Lovell He",
                Label::Per,
                Some("Ada Lovell"),
            ),
            (
                "the chairman Olu Bakare The union wants",
                "Olu Bakare The",
                Label::Per,
                Some("Olu Bakare"),
            ),
            (
                "Kelby Ports Board While prices rose",
                "Kelby Ports Board While",
                Label::Org,
                Some("Kelby Ports Board"),
            ),
            (
                "met Zorvia Holdings However the deal",
                "Zorvia Holdings However",
                Label::Org,
                Some("Zorvia Holdings"),
            ),
            ("X He said", "X He", Label::Per, None),
            // Words that stand inside names stay.
            (
                "Bank of The West",
                "Bank of The West",
                Label::Org,
                Some("Bank of The West"),
            ),
            (
                "Church of Our Lady",
                "Church of Our Lady",
                Label::Org,
                Some("Church of Our Lady"),
            ),
            (
                "Thomas More wrote",
                "Thomas More",
                Label::Per,
                Some("Thomas More"),
            ),
            (
                "Dan Rather said",
                "Dan Rather",
                Label::Per,
                Some("Dan Rather"),
            ),
            ("King Henry I died", "Henry I", Label::Per, Some("Henry I")),
            (
                "Jennifer A Smith said",
                "Jennifer A Smith",
                Label::Per,
                Some("Jennifer A Smith"),
            ),
            (
                "USA Today reported",
                "USA Today",
                Label::Org,
                Some("USA Today"),
            ),
            (
                "Hyun-It Kim",
                "Hyun-It Kim",
                Label::Per,
                Some("Hyun-It Kim"),
            ),
        ];
        for (t, span, label, want) in cases {
            let s = t.find(span).unwrap();
            let got = before_run_on(t, s, s + span.len(), *label).map(|(a, b)| &t[a..b]);
            assert_eq!(got, *want, "{t:?}");
        }
    }

    #[test]
    fn bare_acronyms_are_those_nothing_spells_out() {
        let text = "The Zorvian Transit Authority met the Kelby Ports Board (KPB). DNA and ZTA.";
        let at = |w: &str| text.find(w).unwrap();
        let spans = [Span {
            start: at("Zorvian"),
            end: at("Zorvian") + "Zorvian Transit Authority".len(),
            label: Label::Org,
            margin: 1.0,
        }];
        let s = SpelledOut::of(text, &spans, &["Acme Group"]);
        let cases = [
            ("DNA", true),
            ("ZTA", false),
            ("KPB", false),
            ("AG", false),
            ("Dna", false),
            ("D", false),
            ("ABCDEFG", false),
        ];
        for (n, want) in cases {
            assert_eq!(s.is_bare_acronym(n), want, "{n}");
        }
    }

    #[test]
    fn products_places_and_buildings_are_no_persons() {
        let cases = [
            ("Apple Pay", true),
            ("Zorbix Cloud", true),
            ("Kelby-Marsh Dunmore International Airport", true),
            ("Ada Lovell Memorial Museum", true),
            ("Dunmore County", true),
            ("Ada Lovell", false),
            ("Pay", false),
            ("Jane Park", false),
            ("Sarah Hall", false),
            ("Moon Jae-in", false),
        ];
        for (n, want) in cases {
            assert_eq!(is_no_person(n), want, "{n}");
        }
    }

    #[test]
    fn units_after_numbers_and_generic_banks() {
        let after = [
            ("earned 45 CTS a share", "CTS", true),
            ("1,250.5 DLRS", "DLRS", true),
            ("the CTS board", "CTS", false),
            ("in 1987 IBM said", "IBM", false),
            ("2,000 IBM shares", "IBM", true),
            ("CTS", "CTS", false),
        ];
        for (t, w, want) in after {
            assert_eq!(after_number(t, t.find(w).unwrap()), want, "{t}");
        }
        let banks = [
            ("National Bank", true),
            ("First Savings Bank", true),
            ("Central Bank", true),
            ("National Bank Holdings", false),
            ("Bank of Japan", false),
            ("Federal Reserve", false),
            ("National", false),
        ];
        for (n, want) in banks {
            assert_eq!(is_generic_bank(n), want, "{n}");
        }
    }

    #[test]
    fn a_the_name_before_a_capitalized_word_opens_a_longer_name() {
        // (text, dictionary name, the start of a longer name)
        let cases: &[(&str, &str, bool)] = &[
            ("The National Police Agency said", "The National", true),
            ("as The National Bank of Arwen said", "The National", true),
            ("The National reported on Monday", "The National", false),
            ("The National\nPolice said", "The National", false),
            ("in The National.", "The National", false),
            ("Acme Bank Group said", "Acme Bank", false),
        ];
        for (t, name, want) in cases {
            let s = t.find(name).unwrap();
            assert_eq!(opens_longer_name(t, s, s + name.len()), *want, "{t}");
        }
    }

    #[test]
    fn portfolios_and_holidays_are_no_organizations() {
        // (text, name, portfolio)
        let cases: &[(&str, &str, bool)] = &[
            ("the Labour Minister said", "Labour", true),
            ("the Minister of Labour said", "Labour", true),
            ("on Labour Day, shops", "Labour", true),
            ("Labour won the seat", "Labour", false),
            ("the Labour Ministers' group", "Labour", false),
            ("the UN Secretary-General", "UN", false),
            ("Executive Director of UNEP", "UNEP", false),
            ("the UN Day of Peace", "UN", false),
            // One portfolio of a list the office opens or closes.
            (
                "the Minister for Gender, Labour, and Social Development said",
                "Labour",
                true,
            ),
            ("the Ministry of Employment and Labour said", "Labour", true),
            ("the Labour and Employment Minister said", "Labour", true),
            (
                "the Labour, Health and Welfare Ministry said",
                "Labour",
                true,
            ),
            (
                "the Minister for Health met Labour leaders",
                "Labour",
                false,
            ),
            ("Labour and the Conservatives said", "Labour", false),
            ("the Labour and Green parties' ministers", "Labour", false),
        ];
        for (t, name, want) in cases {
            let s = t.find(name).unwrap();
            assert_eq!(is_portfolio(t, s, s + name.len()), *want, "{t}");
        }
    }

    #[test]
    fn two_companies_joined_by_and() {
        let cases: &[(&str, Option<[&str; 2]>)] = &[
            (
                "Talmont Air and Brexley Aviation Inc",
                Some(["Talmont Air", "Brexley Aviation Inc"]),
            ),
            ("Johnson and Johnson Inc", None),
            ("Food and Agriculture Organization", None),
            (
                "Acme and Zorb Group Corp.",
                Some(["Acme", "Zorb Group Corp."]),
            ),
            // A group's companies, or a left name with a legal suffix.
            (
                "Kelby Mining and Kelby Power Holdings",
                Some(["Kelby Mining", "Kelby Power Holdings"]),
            ),
            (
                "Arwen Assembly and Arwen Council of Regions",
                Some(["Arwen Assembly", "Arwen Council of Regions"]),
            ),
            (
                "Kelby Corp and Dunmore Power",
                Some(["Kelby Corp", "Dunmore Power"]),
            ),
            // One name with "and" inside.
            ("Arwen Road and Bridge Corporation", None),
            ("Kelby Research and Innovation Council", None),
            ("Bank of Arwen and Dunmore", None),
            ("Kelby Mining and Kelby", None),
        ];
        for (t, want) in cases {
            let got = split_and(t, 0, t.len()).map(|p| p.map(|(a, b)| &t[a..b]));
            assert_eq!(got, *want, "{t}");
        }
    }

    #[test]
    fn short_forms_and_acronyms() {
        let cases = [
            ("Santa Fe", "Santa Fe Pacific Gold Corp", true),
            ("Santa", "Santa Fe Pacific Gold Corp", true),
            ("Pacific Gold", "Santa Fe Pacific Gold Corp", false),
            (
                "Santa Fe Pacific Gold Corp",
                "Santa Fe Pacific Gold Corp",
                false,
            ),
        ];
        for (s, l, want) in cases {
            assert_eq!(is_short_form(s, l), want, "{s} / {l}");
        }
        let acr = [
            ("SMUG", "Sexual Minorities Uganda Group", true),
            ("NBH", "National Bank Holdings", true),
            ("NB", "National Bank Holdings", false),
            ("nbh", "National Bank Holdings", false),
        ];
        for (a, l, want) in acr {
            assert_eq!(is_acronym_of(a, l), want, "{a} / {l}");
        }
    }

    #[test]
    fn longer_names_are_other_organizations() {
        // (text, recognized span, known span inside, whether the longer name wins)
        let cases = [
            (
                "Industrial Bank of Japan",
                "Industrial Bank of Japan",
                "Bank of Japan",
                true,
            ),
            ("Acme Corp said", "Acme Corp", "Acme", false),
            ("The Zorb Group", "The Zorb Group", "Zorb Group", false),
            (
                "Zorb Group Holdings",
                "Zorb Group Holdings",
                "Zorb Group",
                true,
            ),
        ];
        for (t, span, known, want) in cases {
            let s = t.find(span).unwrap();
            let a = t.find(known).unwrap();
            assert_eq!(
                longer_name(t, (s, s + span.len()), (a, a + known.len())),
                want,
                "{span} / {known}"
            );
        }
    }

    #[test]
    fn earlier_names_are_found_by_key_as_by_scanning_them_all() {
        // Organizations added in order, then names looked up: the first added that the name is a
        // short form or an acronym of, as a scan with `is_short_form` / `is_acronym_of` finds.
        let added = [
            "Santa Fe Pacific Gold Corp",
            "Bank of Japan",
            "Santa Fe Southern",
            "International Business Machines",
            "Banco Bilbao Vizcaya Argentaria",
            "Zürich Versicherungs Gesellschaft",
            "Acme",
            "BOJ Holdings",
        ];
        let names = [
            "Santa Fe",
            "Santa",
            "Bank",
            "Bank of",
            "IBM",
            "BJ",
            "BOJ",
            "BBVA",
            "ZVG",
            "Acme",
            "Fe",
            "SFPGC",
            "SFS",
            "Santa Fe Pacific Gold Corp",
            "I",
            "ibm",
            "",
            "BOJ Holdings",
        ];
        let mut earlier = Earlier::default();
        for (i, long) in added.iter().enumerate() {
            earlier.add_organization(long, &Ent::Dict(i));
        }
        for name in names {
            let scanned = added
                .iter()
                .position(|long| is_short_form(name, long) || is_acronym_of(name, long))
                .map(Ent::Dict);
            let keyed = earlier.organization(name);
            assert_eq!(keyed, scanned, "{name:?}");
        }
    }

    #[test]
    fn overlapping_mentions_by_start_are_those_a_scan_finds() {
        // Mention spans (out of order, nested, touching), and query spans.
        let spans = [
            (10, 20),
            (0, 5),
            (15, 40),
            (5, 6),
            (38, 39),
            (60, 61),
            (18, 19),
            (40, 45),
        ];
        let out: Vec<Mention> = spans
            .iter()
            .map(|&(start, end)| Mention {
                field: Field::Text,
                start,
                end,
                sentence: 0,
                kind: Kind::Organization,
                ent: Ent::Dict(0),
                form: None,
                method: crate::Method::Dictionary,
            })
            .collect();
        let by = ByStart::new(&out);
        let mut near = Vec::new();
        for s in 0..70 {
            for e in s..70 {
                by.overlapping(&out, s, e, &mut near);
                let scan: Vec<usize> = (0..out.len())
                    .filter(|&i| out[i].start < e && s < out[i].end)
                    .collect();
                assert_eq!(near, scan, "{s}..{e}");
            }
        }
    }
}
