//! Themes: triggers found by the theme automaton, kept when their co-term rule holds and when they
//! are not a word of a company's name, one mention per theme at a span.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::ner::{self, Label};
use crate::spans::Taken;
use crate::word_list;
use crate::{coterms, matcher, orgs, Automata, Ent, Field, Form, Kind, Mention, Method, Tagger};

/// The theme a political party's name is a mention of (see [`Tagger::party_themes`]).
const PARTY_THEME: &str = "political_parties";
/// The top level of politics, whose themes tell a party's acronym from a company's.
const POLITICS_ROOT: &str = "politics_government";
/// The theme a sports club's or league's name is a mention of (see [`Tagger::sports_themes`]).
const SPORT_THEME: &str = "sport";

/// Stock exchanges of a "(EXCHANGE:TICKER)" after a company's name (`data/tag/exchanges.txt`).
static EXCHANGES: LazyLock<Vec<&str>> =
    LazyLock::new(|| word_list(include_str!("../../../data/tag/exchanges.txt")));

impl Tagger {
    /// The theme mentions of `text`, given the names found so far: `out` (organizations, persons,
    /// places), the recognizer's `names` and the head of the text's dateline (`dateline`).
    pub(crate) fn themes(
        &self,
        automata: &Automata,
        text: &str,
        sents: &[(usize, usize)],
        dateline: Option<(usize, usize)>,
        names: &[ner::Span],
        out: &mut Vec<Mention>,
    ) {
        // Triggers and co-terms are matched on a copy in ASCII lower case (byte for byte, so
        // offsets hold): case-sensitive automata over it are smaller and faster than
        // case-insensitive ones over the text, and find the same matches.
        let lower = text.to_ascii_lowercase();
        let mut raw = Vec::new();
        let ends: Vec<usize> = sents.iter().map(|&(_, e)| e).collect();
        automata.matcher.themes_within(&lower, &ends, &mut raw);
        // The co-terms of each sentence that needs them, found once.
        let mut present: FxHashMap<usize, coterms::Present> = FxHashMap::default();
        let mut seen: Vec<usize> = Vec::new();
        // Names are not themes (see [`NameSpans`]).
        let names = NameSpans::new(self, text, sents, dateline, names, out);
        for (s, e, aliases) in raw {
            if names.hides(text, s, e, automata.name_triggers.contains(&lower[s..e])) {
                continue;
            }
            let Some(si) = sents
                .partition_point(|&(a, _)| a <= s)
                .checked_sub(1)
                .filter(|&i| e <= sents[i].1)
            else {
                continue;
            };
            if in_company_name(text, sents[si].0, s, e) {
                continue;
            }
            // One mention per theme at a span: the first of its triggers there whose rule holds
            // (a theme may carry the same trigger twice with other co-terms, as when a user's
            // theme file adds `dollar => stabilize` to a built-in `dollar => fell`).
            seen.clear();
            let first = out.len();
            for &ai in aliases {
                let a = &self.dict.aliases[ai];
                if seen.contains(&a.entity) {
                    continue;
                }
                // Most triggers need no co-term: look at the sentence only when one does.
                let holds = match automata.coterms.rule(ai) {
                    None => true,
                    Some(rule) => rule.holds(present.entry(si).or_insert_with(|| {
                        let (a, b) = coterm_span(text, sents, si);
                        automata.coterms.present(&lower[a..b])
                    })),
                };
                if holds {
                    seen.push(a.entity);
                    out.push(Mention {
                        start: s,
                        field: Field::Text,
                        end: e,
                        sentence: si,
                        kind: Kind::Theme,
                        ent: Ent::Dict(a.entity),
                        form: None,
                        method: Method::of_entity(self.dict.entities[a.entity].user),
                    });
                }
            }
            // A theme and its descendant at one span ("inflation" as inflation and as consumer
            // prices): the descendant alone, which the roll-up counts for the ancestor once.
            if seen.len() > 1 {
                let span = out.split_off(first);
                out.extend(span.into_iter().filter(|m| {
                    !matches!(m.ent, Ent::Dict(t)
                        if seen.iter().any(|&d| self.dict.is_theme_ancestor(t, d)))
                }));
            }
        }
        self.party_themes(out);
        self.sports_themes(out);
    }

    /// A political party named ("Labour", "the Tories", "the ANC": an organization of the
    /// dictionary of type `political_party`) is a mention of [`PARTY_THEME`]: what the name says
    /// it is, as a bank's name says banking. Its words name no other theme ([`NameSpans`]: "Labour"
    /// is no labour). A party's acronym alone is also a company's ("CPC", "BNP"): it counts only
    /// in a sentence that names politics (a theme under [`POLITICS_ROOT`]) or in a text that names
    /// a party by its name.
    fn party_themes(&self, out: &mut Vec<Mention>) {
        let Some(theme) = self.dict.find(Kind::Theme, PARTY_THEME) else {
            return;
        };
        let politics = self.dict.find(Kind::Theme, POLITICS_ROOT);
        // The sentences that name politics, and whether a party is named by its name.
        let mut political: Vec<usize> = Vec::new();
        let mut named = false;
        for m in out.iter() {
            match (m.kind, &m.ent) {
                (Kind::Theme, Ent::Dict(t))
                    if politics.is_some_and(|p| *t == p || self.dict.is_theme_ancestor(p, *t)) =>
                {
                    political.push(m.sentence);
                }
                (Kind::Organization, _) if self.is_party(m) && m.form != Some(Form::Acronym) => {
                    named = true;
                }
                _ => {}
            }
        }
        let method = Method::of_entity(self.dict.entities[theme].user);
        let parties: Vec<Mention> = out
            .iter()
            .filter(|m| m.kind == Kind::Organization && self.is_party(m))
            .filter(|m| named || m.form != Some(Form::Acronym) || political.contains(&m.sentence))
            .map(|m| as_theme(m, theme, method))
            .collect();
        out.extend(parties);
    }

    /// A sports club or league named ("Galatasaray", "the Premier League": an organization of
    /// the dictionary of type `sports`, or one the recognizer found and linked to it) is a mention
    /// of [`SPORT_THEME`], as a party's name is of politics: a results table names its clubs and
    /// no sports word.
    fn sports_themes(&self, out: &mut Vec<Mention>) {
        let Some(theme) = self.dict.find(Kind::Theme, SPORT_THEME) else {
            return;
        };
        let method = Method::of_entity(self.dict.entities[theme].user);
        let sports: Vec<Mention> = out
            .iter()
            .filter(|m| {
                m.kind == Kind::Organization
                    && matches!(&m.ent, Ent::Dict(i)
                        if self.dict.entities[*i].entity_type.as_deref() == Some("sports"))
            })
            .map(|m| as_theme(m, theme, method))
            .collect();
        out.extend(sports);
    }

    /// Whether the text names sport: a trigger of [`SPORT_THEME`] or a theme under it whose
    /// co-term rule holds in its sentence ("Liverpool beat ...", "the match", "soccer"), or a
    /// club or league the dictionaries found among `out` ("Everton", "the Premier League"). What
    /// tells a town from its club ("The ferry from Liverpool" against "Liverpool beat Everton");
    /// the place itself is no evidence.
    pub(crate) fn names_sport(
        &self,
        automata: &Automata,
        text: &str,
        sents: &[(usize, usize)],
        out: &[Mention],
    ) -> bool {
        let Some(sport) = self.dict.find(Kind::Theme, SPORT_THEME) else {
            return false;
        };
        let club = |m: &Mention| {
            m.kind == Kind::Organization
                && matches!(&m.ent, Ent::Dict(i)
                    if self.dict.entities[*i].entity_type.as_deref() == Some("sports"))
        };
        if out.iter().any(club) {
            return true;
        }
        let lower = text.to_ascii_lowercase();
        let ends: Vec<usize> = sents.iter().map(|&(_, e)| e).collect();
        let mut raw = Vec::new();
        automata.matcher.themes_within(&lower, &ends, &mut raw);
        let mut present: FxHashMap<usize, coterms::Present> = FxHashMap::default();
        raw.into_iter().any(|(s, e, aliases)| {
            let Some(si) = sents
                .partition_point(|&(a, _)| a <= s)
                .checked_sub(1)
                .filter(|&i| e <= sents[i].1)
            else {
                return false;
            };
            aliases.iter().any(|&ai| {
                let t = self.dict.aliases[ai].entity;
                (t == sport || self.dict.is_theme_ancestor(sport, t))
                    && automata.coterms.rule(ai).is_none_or(|rule| {
                        rule.holds(present.entry(si).or_insert_with(|| {
                            let (a, b) = coterm_span(text, sents, si);
                            automata.coterms.present(&lower[a..b])
                        }))
                    })
            })
        })
    }

    /// Whether a mention is of a political party of the dictionary.
    fn is_party(&self, m: &Mention) -> bool {
        matches!(&m.ent, Ent::Dict(i)
            if self.dict.entities[*i].entity_type.as_deref() == Some("political_party"))
    }
}

/// Where the co-terms of a trigger in sentence `si` are looked for: the sentence, and with it the
/// next one when the sentence ends in a dash (the text goes on there). A wire's slug ("CRICKET -
/// ENGLAND ALL OUT IN THIRD TEST", "CYCLING - ... WINS SECOND STAGE") is read by the splitter as
/// a bare dateline, a sentence of its own, though its headline is what tells the slug's word is
/// the sport.
fn coterm_span(text: &str, sents: &[(usize, usize)], si: usize) -> (usize, usize) {
    let (a, b) = sents[si];
    let ends_in_dash = text[a..b]
        .trim_end()
        .ends_with(['-', '\u{2013}', '\u{2014}']);
    match sents.get(si + 1) {
        Some(&(na, nb)) if ends_in_dash && na >= b => (a, nb),
        _ => (a, b),
    }
}

/// A name's mention read as a mention of `theme` (a party's name of politics, a club's of sport).
fn as_theme(m: &Mention, theme: usize, method: Method) -> Mention {
    Mention {
        kind: Kind::Theme,
        ent: Ent::Dict(theme),
        form: None,
        method,
        ..*m
    }
}

/// The spans of a document where a theme trigger is part of a name, not a theme mention:
///
/// - inside the name of a place the dictionaries know: "Soviet Union" names no trade union;
/// - inside another name (an organization of the dictionary, the patterns or the recognizer, a
///   person, a place the recognizer found), but for its head (see [`ends_at_head`]), which says
///   what the organization is ("Nippon Steel Corp" makes steel, "Sayam Bank" is a bank, the
///   "Thai Rice Exporters Association" speaks for rice): "Federal Home Loan Bank Board" names no
///   mortgages, "Reserve Oil and Minerals Corp" no crude oil, a "Debt Management Office" no
///   government debt;
/// - a political party's name, even when it is the trigger alone ("Labour said ...");
/// - the dateline before the story ("PORTLAND, Ore., March 3 -": Oregon, not ore; read by
///   `newsmill_core::dateline`).
///
/// A name that is the trigger itself still counts ("FIFA" for football, "Santa Fe"), and so does
/// a trigger that is an organization's name itself ("Federal Reserve", "Moody's") in a longer name
/// of the same institution ("Federal Reserve Board"; see [`name_triggers`]). The recognizer's
/// names count only in sentences not set in capitals (it reads a headline in capitals poorly).
struct NameSpans {
    /// Any overlap hides a trigger (the dateline, a party's name).
    whole: Taken,
    /// A longer span hides a trigger inside it (the dictionaries' places).
    inside: Taken,
    /// Other names: a longer span hides a trigger inside it that does not end at its head.
    names: Taken,
}

impl NameSpans {
    fn new(
        tagger: &Tagger,
        text: &str,
        sents: &[(usize, usize)],
        dateline: Option<(usize, usize)>,
        names: &[ner::Span],
        out: &[Mention],
    ) -> NameSpans {
        let mut n = NameSpans {
            whole: Taken::default(),
            inside: Taken::default(),
            names: Taken::default(),
        };
        let mut upper: FxHashMap<usize, bool> = FxHashMap::default();
        let mut caps = |si: usize| {
            *upper.entry(si).or_insert_with(|| {
                sents
                    .get(si)
                    .is_some_and(|&(a, b)| crate::mostly_upper(&text[a..b]))
            })
        };
        for m in out {
            // Names found by patterns and the recognizer count only in sentences not set in
            // capitals (they read a headline in capitals poorly).
            if (m.kind == Kind::Person || matches!(m.ent, Ent::New(_))) && caps(m.sentence) {
                continue;
            }
            let party = tagger.is_party(m);
            match m.kind {
                Kind::Organization if party => n.whole.push((m.start, m.end)),
                Kind::Organization | Kind::Person => n.names.push((m.start, m.end)),
                Kind::Country => n.inside.push((m.start, m.end)),
                Kind::Theme => {}
            }
        }
        for sp in names {
            let Some(si) = sents
                .partition_point(|&(a, _)| a <= sp.start)
                .checked_sub(1)
            else {
                continue;
            };
            match sp.label {
                _ if caps(si) => {}
                Label::Org | Label::Loc => n.names.push((sp.start, sp.end)),
                // Persons as accepted (in `out`, without their titles: "Treasury Secretary
                // James Baker" is James Baker).
                Label::Per | Label::Misc => {}
            }
        }
        if let Some(d) = dateline {
            n.whole.push(d);
        }
        n
    }

    /// Whether the trigger at `[s, e)` of `text` is part of a name; `institution`: the trigger
    /// is an organization's name itself (see [`name_triggers`]).
    fn hides(&self, text: &str, s: usize, e: usize, institution: bool) -> bool {
        if self.whole.overlaps(s, e) {
            return true;
        }
        !institution
            && (self.inside.holding(s, e).next().is_some()
                || self
                    .names
                    .holding(s, e)
                    .any(|(a, b)| !opens_name(&text[a..s]) && !ends_at_head(text, e, b)))
    }
}

/// Words after the head of a trade body's name ("Thai Rice Exporters Association", "American
/// Petroleum Institute"): the industry it speaks for is its head too. Set by hand from the kinds of
/// trade bodies, not tuned.
const TRADE_BODY_WORDS: &[&str] = &[
    "Association",
    "Associations",
    "Institute",
    "Council",
    "Federation",
    "Board",
    "Producers",
    "Growers",
    "Exporters",
    "Importers",
    "Refiners",
    "Millers",
    "Mills",
    "Processors",
];

/// Whether a trigger after `before` (the name's words before it) opens the name or the part
/// after its last "of", alone or in the list of words that opens it ("Debt Management Office",
/// "Cotton, Grain and Rice Price Support Division", "Ministry of Agriculture", "Council of
/// Agriculture"): a body named after what it handles. Not "Reserve Oil and Minerals Corp" (a word
/// before the list).
fn opens_name(before: &str) -> bool {
    let mut rest = before.rsplit_once(" of ").map_or(before, |(_, r)| r);
    while !rest.is_empty() {
        let Some(w) = rest.find([',', ' ']) else {
            return false;
        };
        let after = &rest[w..];
        rest = if let Some(r) = after.strip_prefix(", and ") {
            r
        } else if let Some(r) = after.strip_prefix(", ") {
            r
        } else if let Some(r) = after.strip_prefix(" and ") {
            r
        } else {
            return false;
        };
    }
    true
}

/// Whether a trigger ending at `end` inside a name ending at `name_end` is the name's head, which
/// says what the organization is: the name's last word, or a word before a legal suffix
/// ([`crate::orgs::LEGAL_SUFFIXES`]) or a trade body's word ([`TRADE_BODY_WORDS`]): "Nippon
/// Steel Corp", "Sayam Bank", "Thai Rice Mills Association"; not "Federal Home Loan Bank Board".
fn ends_at_head(text: &str, end: usize, name_end: usize) -> bool {
    let rest = text[end..name_end].trim_start_matches([' ', ',']);
    let next = rest.split([' ', ',']).next().unwrap_or("");
    next.is_empty()
        || crate::orgs::LEGAL_SUFFIXES.contains(&next)
        || TRADE_BODY_WORDS.contains(&next)
}

/// The theme triggers (in ASCII lower case) that are also an organization's name in the
/// dictionary: an institution named as a trigger ("federal reserve", "moody's investors
/// service"), which a longer name of the same institution does not hide.
pub(crate) fn name_triggers(dict: &crate::Dictionary) -> rustc_hash::FxHashSet<String> {
    let orgs: rustc_hash::FxHashSet<String> = dict
        .aliases
        .iter()
        .filter(|a| {
            dict.entities[a.entity].kind.unwrap_or(Kind::Organization) == Kind::Organization
        })
        .map(|a| a.text.to_ascii_lowercase())
        .collect();
    dict.aliases
        .iter()
        .filter(|a| dict.entities[a.entity].kind == Some(Kind::Theme))
        .map(|a| a.text.to_ascii_lowercase())
        .filter(|t| orgs.contains(t))
        .collect()
}

/// Whether a one-word theme trigger at `text[start..end]` is a word of a company's name: written
/// capitalized and followed by a company suffix or a stock ticker, directly or after at most
/// [`COMPANY_NAME_WORDS_AFTER`] more capitalized words ("Armstrong Rubber Co", "Husky Oil Ltd",
/// "Aluminum Co of America", "Silver State Mining Corp", "Silver State Mining <SSMC>", "Silver
/// State Mining (NASDAQ: SSMC)" name companies, not rubber, crude oil, aluminium or silver). In a
/// headline in capitals the name opens the headline, is in capitals too and ends in a legal suffix
/// or a ticker ("SILVER STATE MINING CORP", "SILVER STATE MINING <SSMC>"; not "SILVER PRICES
/// RISE", nor "ACQUIRE" in "PEPSICO TO ACQUIRE CALNY INC"). A
/// trigger inside angle brackets, the newswire's mark of a company's name ("<Royal Gold and Silver
/// Corp>"), is one too.
fn in_company_name(text: &str, sentence_start: usize, start: usize, end: usize) -> bool {
    let word = &text[start..end];
    if !word.chars().all(matcher::is_word_char)
        || !word.chars().next().is_some_and(char::is_uppercase)
    {
        return false;
    }
    if in_angle_brackets(text, start, end) {
        return true;
    }
    // A word in capitals is a name's only at the start of its heading: elsewhere it may be a
    // verb or noun before a company's name ("PEPSICO TO ACQUIRE CALNY INC").
    let caps = word.len() > 1 && !word.chars().any(char::is_lowercase);
    if caps && !text[sentence_start..start].trim().is_empty() {
        return false;
    }
    let mut rest = &text[end..];
    for words_between in 0..=COMPANY_NAME_WORDS_AFTER {
        let Some(r) = rest.strip_prefix(' ') else {
            return false;
        };
        if starts_with_ticker(r) {
            return true;
        }
        let next = r
            .split(|c: char| !matcher::is_word_char(c))
            .next()
            .unwrap_or("");
        let suffix = if caps {
            LEGAL_WORDS.iter().any(|l| l.eq_ignore_ascii_case(next))
        } else {
            LEGAL_WORDS.contains(&next) || NAME_END_WORDS.contains(&next)
        };
        if suffix {
            return true;
        }
        // Another word of the name, not the last try: capitalized, not in capitals (a heading);
        // in a heading in capitals, in capitals; or "and" between them ("Reserve Oil and
        // Minerals Corp").
        let first_upper = next.chars().next().is_some_and(char::is_uppercase);
        let name_word = if next == "and" || next == "AND" {
            true
        } else if caps {
            first_upper && !next.chars().any(char::is_lowercase)
        } else {
            first_upper && next.chars().skip(1).any(char::is_lowercase)
        };
        if !name_word || words_between == COMPANY_NAME_WORDS_AFTER {
            return false;
        }
        rest = &r[next.len()..];
    }
    false
}

/// The legal suffixes of one word (`data/tag/legal_suffixes.txt`, without a final period: the
/// word after a trigger is compared without its punctuation), which end a company's name, also in
/// a headline in capitals ("GOLD FIELDS LTD", "SILVER KING CORP").
static LEGAL_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    orgs::LEGAL_SUFFIXES
        .iter()
        .map(|s| s.trim_end_matches('.'))
        .filter(|s| !s.is_empty() && s.chars().all(matcher::is_word_char))
        .collect()
});

/// Words that end a company's name without being a legal form, only as written in a text: in a
/// headline "STEEL GROUP", "STEEL INDUSTRIES", "GRAIN RESERVE HOLDINGS" may be the industry or the
/// commodity.
const NAME_END_WORDS: &[&str] = &["Company", "Companies", "Group", "Holdings", "Industries"];

/// How many capitalized words may stand between a theme trigger and the company suffix that makes
/// it part of a company's name ("Silver State Mining Corp", "Silver King Broadcasting Co").
const COMPANY_NAME_WORDS_AFTER: usize = 2;

/// How far (bytes) a company's name in angle brackets may reach on either side of a trigger.
const BRACKETED_NAME_REACH: usize = 80;

/// Whether `text[start..end]` lies inside a company's name in angle brackets ("<Royal Gold and
/// Silver Corp>", "<ROYAL GOLD AND SILVER CORP>"): a `<` before it followed by a capital letter,
/// and a `>` after it, with no other bracket between, within [`BRACKETED_NAME_REACH`] bytes.
fn in_angle_brackets(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    let lo = start.saturating_sub(BRACKETED_NAME_REACH);
    let Some(open) = b[lo..start]
        .iter()
        .rposition(|&c| c == b'<' || c == b'>')
        .map(|i| lo + i)
        .filter(|&i| b[i] == b'<')
    else {
        return false;
    };
    if !b.get(open + 1).is_some_and(u8::is_ascii_uppercase) {
        return false;
    }
    let hi = (end + BRACKETED_NAME_REACH).min(b.len());
    b[end..hi]
        .iter()
        .find(|&&c| c == b'<' || c == b'>')
        .is_some_and(|&c| c == b'>')
}

/// Whether `s` begins with a stock ticker: `<SSMC>`, `<BP.L>` (the newswire's form), or an
/// exchange and a ticker in parentheses, `(NASDAQ: SSMC)`. A bare `(ABC)` is not one: it is as
/// often an acronym ("International Tin Agreement (ITA)").
fn starts_with_ticker(s: &str) -> bool {
    /// Longest ticker symbol ("BRK.B", "600519.SS"); set by hand, not tuned.
    const TICKER_BYTES: usize = 12;
    /// Longest "(EXCHANGE:TICKER)" inside its brackets.
    const EXCHANGE_TICKER_BYTES: usize = 24;
    let symbol = |t: &str| {
        !t.is_empty()
            && t.len() <= TICKER_BYTES
            && t.bytes().any(|c| c.is_ascii_uppercase())
            && t.bytes()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'.' || c == b'-')
    };
    if let Some(r) = s.strip_prefix('<') {
        return r
            .bytes()
            .take(TICKER_BYTES + 1)
            .position(|c| c == b'>')
            .is_some_and(|i| symbol(&r[..i]));
    }
    if let Some(r) = s.strip_prefix('(') {
        let Some(close) = r
            .bytes()
            .take(EXCHANGE_TICKER_BYTES)
            .position(|c| c == b')')
        else {
            return false;
        };
        let Some((exchange, ticker)) = r[..close].split_once(':') else {
            return false;
        };
        return EXCHANGES.contains(&exchange.trim()) && symbol(ticker.trim());
    }
    false
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use super::*;
    use crate::TagConfig;

    fn tagger() -> &'static Tagger {
        static T: OnceLock<Tagger> = OnceLock::new();
        T.get_or_init(|| Tagger::new(&TagConfig::default()).expect("built-in dictionaries load"))
    }

    /// The surfaces of the theme mentions of `text`, one sentence a line.
    fn theme_surfaces(text: &str) -> Vec<&str> {
        let mut sents = Vec::new();
        let mut off = 0;
        for line in text.split_inclusive('\n') {
            if !line.trim().is_empty() {
                sents.push((off, off + line.trim_end().len()));
            }
            off += line.len();
        }
        tagger()
            .tag_document(text, &sents)
            .expect("tagged")
            .into_iter()
            .filter(|m| m.kind == Kind::Theme)
            .map(|m| &text[m.start..m.end])
            .collect()
    }

    /// Regression (issue 20): theme triggers inside names and datelines made stories about
    /// metals (a dateline's "Ore."), crude oil (a company's name), mortgages (a board's name)
    /// and government debt (a capitalized "Debt" in a name). One class a row, our own sentences:
    /// `(text, trigger that must not count, trigger that must)`.
    #[test]
    fn triggers_inside_names_and_datelines_are_not_themes() {
        let cases: &[(&str, Option<&str>, Option<&str>)] = &[
            // A dateline's region.
            (
                "PORTLAND, Ore., March 3 - Lumber mills reopened after the storm.",
                Some("Ore"),
                Some("Lumber"),
            ),
            ("Iron ore prices rose in Asia.", None, Some("Iron ore")),
            // A word inside a company's name, before its legal suffix.
            (
                "Reserve Oil and Minerals Corp said its board would meet in May.",
                Some("Oil"),
                None,
            ),
            ("Crude oil prices rose on Monday.", None, Some("oil")),
            // A word inside a public body's name.
            (
                "The Federal Home Loan Bank Board said new rules for thrifts would follow.",
                Some("Home Loan"),
                None,
            ),
            ("Home loan rates climbed again.", None, Some("Home loan")),
            // A capitalized "Debt" inside a name (a recognized one; one the patterns find).
            (
                "The Jubilee Debt Campaign said the loans were unfair.",
                Some("Debt"),
                None,
            ),
            (
                "Officials of the Asian Debt Relief Fund met bankers in Manila.",
                Some("Debt"),
                Some("bankers"),
            ),
            (
                "Public debt rose to 90 percent of output.",
                None,
                Some("Public debt"),
            ),
            // A word inside a place's name.
            (
                "Trade talks with the Soviet Union resumed in Geneva.",
                Some("Union"),
                None,
            ),
        ];
        for &(text, not, yes) in cases {
            let themes = theme_surfaces(text);
            if let Some(n) = not {
                assert!(!themes.iter().any(|t| t.contains(n)), "{text}: {themes:?}");
            }
            if let Some(y) = yes {
                assert!(themes.iter().any(|t| t.contains(y)), "{text}: {themes:?}");
            }
        }
    }

    /// What a name says it is or handles still counts: its head, the field it opens with or
    /// names after "of", a trigger that is the whole name or an institution's own name.
    #[test]
    fn what_a_name_says_it_is_still_counts() {
        let cases: &[(&str, &str)] = &[
            ("Nippon Steel Corp said exports fell.", "Steel"),
            (
                "The Ministry of Agriculture said the harvest was good.",
                "Agriculture",
            ),
            ("The Federal Reserve Board raised rates.", "Federal Reserve"),
            ("FIFA fined the club after the match.", "FIFA"),
        ];
        for &(text, yes) in cases {
            let themes = theme_surfaces(text);
            assert!(themes.iter().any(|t| t.contains(yes)), "{text}: {themes:?}");
        }
    }

    #[test]
    fn name_parts_table() {
        // (words of the name before the trigger) -> the trigger opens the name or its "of" part
        for (before, want) in [
            ("", true),
            ("Cotton, Grain and ", true),
            ("Council of ", true),
            ("Ministry of Trade and ", true),
            ("Reserve ", false),
            ("Federal ", false),
            ("Council of Agriculture's ", false),
        ] {
            assert_eq!(opens_name(before), want, "{before:?}");
        }
        // (name, trigger) -> the trigger ends at the name's head
        for (name, trigger, want) in [
            ("Nippon Steel Corp", "Steel", true),
            ("Toshin Steel Co Ltd", "Steel", true),
            ("Sayam Bank", "Bank", true),
            ("Thai Rice Mills Association", "Rice", true),
            ("Federal Home Loan Bank Board", "Home Loan", false),
            ("Jubilee Debt Campaign", "Debt", false),
        ] {
            let end = name.find(trigger).unwrap() + trigger.len();
            assert_eq!(
                ends_at_head(name, end, name.len()),
                want,
                "{name}: {trigger}"
            );
        }
    }

    /// The `(surface, theme id)` of the theme mentions of `text`, one sentence a line.
    fn theme_ids(text: &str) -> Vec<(String, String)> {
        let t = tagger();
        let sents: Vec<(usize, usize)> = vec![(0, text.len())];
        t.tag_document(text, &sents)
            .expect("tagged")
            .into_iter()
            .filter(|m| m.kind == Kind::Theme)
            .filter_map(|m| match m.ent {
                Ent::Dict(i) => Some((
                    text[m.start..m.end].to_string(),
                    t.dictionary().entities[i].id.clone(),
                )),
                Ent::New(_) => None,
            })
            .collect()
    }

    /// The surfaces of the mentions of `theme` in `text`, split into sentences at the byte
    /// offsets `cuts`.
    fn theme_surfaces_split(text: &str, cuts: &[usize], theme: &str) -> Vec<String> {
        let t = tagger();
        let mut sents = Vec::new();
        let mut a = 0;
        for &c in cuts.iter().chain([text.len()].iter()) {
            let s = &text[a..c];
            let lead = s.len() - s.trim_start().len();
            sents.push((a + lead, a + s.trim_end().len()));
            a = c;
        }
        t.tag_document(text, &sents)
            .expect("tagged")
            .into_iter()
            .filter(|m| m.kind == Kind::Theme)
            .filter(|m| matches!(m.ent, Ent::Dict(i) if t.dictionary().entities[i].id == theme))
            .map(|m| text[m.start..m.end].to_string())
            .collect()
    }

    /// Regression (issue 20: results stories of the CoNLL-2003 wire named no theme): a wire's
    /// slug before a dash, which the splitter cuts off as a bare dateline, finds its sport's
    /// co-terms in the headline after the dash; and sports named by their slug
    /// (squash, Australian rules, motocross, motorcycling, rallying; athletics at a meeting or a
    /// record). Our own headlines: `(text, where the splitter cuts, surfaces of other sports)`.
    #[test]
    fn a_sports_slug_reads_its_headline() {
        let cases: &[(&str, &[usize], &[&str])] = &[
            // The slug's co-terms in the headline after the dash.
            (
                "CRICKET - HOSTS 210-4 AT TEA ON SECOND DAY OF FIRST TEST.",
                &[9],
                &["CRICKET"],
            ),
            // Cricket's own words: a session of a test, the toss, the bowlers.
            ("CRICKET - VISITORS 95-1 AT LUNCH.", &[9], &["CRICKET"]),
            ("CRICKET - HOSTS WIN THE TOSS AND BAT.", &[9], &["CRICKET"]),
            ("The cricket chirped all night.", &[], &[]),
            (
                "CYCLING - DUTCH RIDER TAKES THIRD STAGE OF TOUR.",
                &[9],
                &["CYCLING"],
            ),
            (
                "ATHLETICS - RESULTS OF THE OSLO MEETING.",
                &[11],
                &["ATHLETICS"],
            ),
            (
                "SQUASH - TOP SEED THROUGH TO SECOND ROUND OF OPEN.",
                &[8],
                &["SQUASH"],
            ),
            (
                "RALLYING - LEADER CRASHES ON FINAL STAGE.",
                &[10],
                &["RALLYING"],
            ),
            (
                "MOTOCROSS - RIDERS READY FOR SEASON OPENER.",
                &[11],
                &["MOTOCROSS"],
            ),
            (
                "AUSTRALIAN RULES - WEEKEND SCORES.",
                &[17],
                &["AUSTRALIAN RULES"],
            ),
            // A sentence that does not end in a dash lends the next none of its co-terms.
            ("CRICKET CLUB SOLD. THIRD TEST ENDS IN A DRAW.", &[18], &[]),
            // The co-term rule still holds in the slug's own line.
            ("CRICKET - CLUB ACCOUNTS PUBLISHED.", &[9], &[]),
            // Squash the vegetable, a squashed revolt, a rally of voters name no sport.
            ("Add the squash and simmer for ten minutes.", &[], &[]),
            ("Troops moved to squash the revolt in the north.", &[], &[]),
            (
                "Voters went to a rally before the final stage of the campaign.",
                &[],
                &[],
            ),
        ];
        for (text, cuts, want) in cases {
            let got = theme_surfaces_split(text, cuts, "other_sports");
            assert_eq!(got, want.to_vec(), "{text}");
        }
    }

    /// News words of whole desks that named no theme (issue 20: the politics and technology
    /// desks were the weakest): parties and the opposition, members of parliament and the offices
    /// and votes of parliaments, computer
    /// viruses and spam, handsets and text messages, games consoles, blogs and downloads; and
    /// words of two senses (an activist protests only at a protest). One class a row, our own
    /// sentences: `(text, surface, theme it must be, or "" for no theme
    /// at all)`.
    #[test]
    fn news_words_of_politics_and_technology_name_their_themes() {
        let cases: &[(&str, &str, &str)] = &[
            // Parties and the opposition are politics; a bare "opposition" needs a word of
            // politics beside it.
            (
                "The opposition walked out, and the government lost the vote.",
                "opposition",
                "political_parties",
            ),
            (
                "Opposition leaders accused the government of hiding the report.",
                "Opposition leaders",
                "political_parties",
            ),
            (
                "The ruling party lost two seats in the poll.",
                "ruling party",
                "political_parties",
            ),
            (
                "The opposition party said the minister should resign.",
                "opposition party",
                "political_parties",
            ),
            // Opposition to a plan is no party.
            (
                "Residents voiced strong opposition to the new road.",
                "opposition",
                "",
            ),
            // A third party is no party either.
            (
                "Data was shared with a third party without consent.",
                "party",
                "",
            ),
            // A party named is politics (its words are no other theme: "Labour" is no labour).
            (
                "Labour and the Tories traded blows over the budget.",
                "Labour",
                "political_parties",
            ),
            (
                "Labour and the Tories traded blows over the budget.",
                "Tories",
                "political_parties",
            ),
            // A club's or league's name is sport, as a party's is politics: a results line names
            // no sports word. A company of a club's name is no club ("Astra Corporation").
            (
                "Galatasaray 2 Fenerbahçe 1, Feyenoord 0 Juventus 0.",
                "Galatasaray",
                "sport",
            ),
            (
                "The Premier League sold its rights.",
                "Premier League",
                "sport",
            ),
            ("Astra Corporation raised its dividend.", "Astra", ""),
            // An acronym alone counts in a text of politics; in a company's story it is no party
            // (regression: "CPC", a food company in 1987, was the Chinese Communist Party).
            (
                "The ANC lost its majority in the election.",
                "ANC",
                "political_parties",
            ),
            (
                "CPC said its offer for the baker's shares was final.",
                "CPC",
                "",
            ),
            // An activist is a campaigner; at a protest, a protester.
            (
                "The activist won a prize for her work on land rights.",
                "activist",
                "",
            ),
            (
                "Activists marched on parliament and police fired tear gas.",
                "Activists",
                "protests",
            ),
            // The offices and votes of parliaments.
            (
                "The Home Secretary announced new rules for asylum claims.",
                "Home Secretary",
                "government",
            ),
            (
                "The opposition tabled a motion of no confidence in the cabinet.",
                "motion of no confidence",
                "government",
            ),
            (
                "The Speaker suspended the sitting after MPs clashed.",
                "Speaker",
                "government",
            ),
            (
                "The speaker at the conference praised the new phones.",
                "speaker",
                "",
            ),
            (
                "The chief minister of the state opened the bridge.",
                "chief minister",
                "government",
            ),
            (
                "The city council approved the plan for a new market.",
                "city council",
                "government",
            ),
            (
                "Its manifesto pledges smaller classes before the election.",
                "manifesto",
                "elections",
            ),
            (
                "The designers published a manifesto on simple tools.",
                "manifesto",
                "",
            ),
            // Members of parliament.
            (
                "Forty MPs signed the letter to the speaker.",
                "MPs",
                "government",
            ),
            (
                "The MP for the northern constituency asked the minister a question.",
                "MP",
                "government",
            ),
            // "MP" without parliament nearby (a camera's megapixels) is no theme.
            ("The camera has a 12 MP sensor and a bright lens.", "MP", ""),
            // A computer virus is no epidemic.
            (
                "The computer virus spread quickly and infected thousands of PCs.",
                "computer virus",
                "cybersecurity",
            ),
            (
                "Anti-virus firms said the virus spread through e-mail attachments.",
                "virus",
                "",
            ),
            (
                "The virus spread to three more provinces, with 40 new cases.",
                "virus",
                "pandemics",
            ),
            (
                "Most of the e-mail sent each day is spam.",
                "spam",
                "cybersecurity",
            ),
            // Handsets and text messages are telecommunications.
            (
                "Handset makers shipped more phones with cameras this year.",
                "Handset",
                "telecommunications",
            ),
            (
                "Users sent a billion text messages over the holiday.",
                "text messages",
                "telecommunications",
            ),
            // Games consoles are devices, the technology desk's as music players are (session
            // 17); the games played on them are the technology desk's too (session 18: news
            // sites file the games industry, its consoles, developers and sales under
            // technology); the Olympic games are not.
            (
                "The new games console sold out in its first week.",
                "games console",
                "technology",
            ),
            (
                "Gamers queued overnight for the handheld console.",
                "console",
                "technology",
            ),
            (
                "Sales of video games overtook box office takings.",
                "video games",
                "technology",
            ),
            (
                "The Olympic games opened with a parade of athletes.",
                "games",
                "",
            ),
            // Blogs and downloads of music are the internet; a download of data is not.
            (
                "Bloggers broke the story before the papers did.",
                "Bloggers",
                "internet",
            ),
            (
                "Legal music downloads overtook sales of singles.",
                "downloads",
                "internet",
            ),
            (
                "The engineers will download the logs from the engine.",
                "download",
                "",
            ),
        ];
        let mut failures = Vec::new();
        for &(text, surface, want) in cases {
            let got = theme_ids(text);
            let at: Vec<&str> = got
                .iter()
                .filter(|(s, _)| s == surface)
                .map(|(_, id)| id.as_str())
                .collect();
            let ok = if want.is_empty() {
                at.is_empty()
            } else {
                at.contains(&want)
            };
            if !ok {
                failures.push(format!("{text:?}: {surface:?} -> {at:?}, want {want:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
