//! Datelines: the place (and region, date, agency) that opens a news story before a dash,
//! "WASHINGTON, March 3 -", "ST. PAUL, Minn. -", "LAGOS (Reuters) -", "NAIROBI, Kenya, Jan 5
//! (AFP) —", "Kuala Lumpur, 12 May:". One parser for every stage: the splitter makes the
//! dateline a sentence of its own, the tagger reads its city and region as countries' places and
//! keeps theme triggers out of it ("PORTLAND, Ore." is no ore).
//!
//! The accepted set (chosen by measurement, see `docs/engine.md`):
//! - the place opens the span: words in capitals ("SÃO PAULO", "ST. PAUL"), with at least
//!   [`MIN_PLACE_LETTERS`] letters; or capitalized words ("Kuala Lumpur", "BALDWIN Park") when a
//!   date with a month follows (a capitalized word before a comma is most often no place:
//!   "Meanwhile, ...");
//! - or, when the parts are not separated by commas, the splitter's older rule: everything from
//!   the place's comma to the dash is the date if it has a digit ("OKLAHOMA CITY, Okla. March 11,
//!   Reuter -");
//! - then, each after a comma: a region without digits ("Minn.", "Kenya") and a date with a digit
//!   or a day's name ("March 3, 2024", "Tuesday"), both optional; then an agency in parentheses ("(Reuters)"), optional;
//! - then a dash (`-`, `--`, `—`, `–`) and white space, or a colon after a date; after a bare
//!   place or a capitalized one the story goes on with a capital, a digit or a quote ("NATO - the
//!   alliance ..." is no dateline);
//! - all of it on one line, within [`MAX_BYTES`].

/// Longest dateline, from the place to the dash (bytes); set by hand above the longest
/// datelines of newswires ("OAK BROOK, ILL., March 2 -" with an agency), not tuned.
pub const MAX_BYTES: usize = 80;
/// Longest place before its comma ("OAK BROOK", "RIO DE JANEIRO"); set by hand above the
/// longest city names of datelines, not tuned.
pub const PLACE_MAX_BYTES: usize = 40;
/// Longest region ("ILL.", "British Columbia"); set by hand above the longest subdivision names
/// of datelines, not tuned.
pub const REGION_MAX_BYTES: usize = 24;
/// Longest date after its comma (" March 3, 2024"); set by hand, not tuned.
pub const DATE_MAX_BYTES: usize = 24;
/// Longest agency in parentheses (" (Reuters)", " (Agence France-Presse)"); set by hand, not
/// tuned.
pub const AGENCY_MAX_BYTES: usize = 30;
/// Letters a place needs at least ("WASHINGTON", not "A -" or "US -"); set by hand.
pub const MIN_PLACE_LETTERS: usize = 3;

/// Month names and their newswire abbreviations, lower case: a capitalized place needs a date
/// with one of them.
const MONTHS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
];

/// Day names, lower case: a date without a digit ("PORTLAND, Ore., Tuesday -").
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// A date after a dateline's comma: a digit ("March 3", "12 May") or a day's name.
fn is_date(d: &str) -> bool {
    d.contains(|c: char| c.is_ascii_digit()) || WEEKDAYS.contains(&d.to_ascii_lowercase().as_str())
}

/// A region, a date (spans) and where they end.
type Parts = (Option<(usize, usize)>, Option<(usize, usize)>, usize);

/// A dateline found by [`parse`]: byte spans into the text given to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dateline {
    /// The place ("ST. PAUL").
    pub place: (usize, usize),
    /// Whether the place is written in capitals ("ST. PAUL", not "Kuala Lumpur").
    pub place_in_capitals: bool,
    /// The region after the place's comma ("Minn.", "Kenya"), if any.
    pub region: Option<(usize, usize)>,
    /// The date ("March 3, 2024"), if any.
    pub date: Option<(usize, usize)>,
    /// The agency inside its parentheses ("Reuters"), if any.
    pub agency: Option<(usize, usize)>,
    /// The end of the head: the last byte before the dash or colon, spaces left out
    /// ("LAGOS (Reuters)").
    pub head_end: usize,
    /// The end of the dateline: one past its dash or colon.
    pub end: usize,
}

impl Dateline {
    /// The head: from the place to the dash, without it.
    pub fn head(&self) -> (usize, usize) {
        (self.place.0, self.head_end)
    }
}

/// The dateline that opens `text[start..end]` after white space and invisible marks (a
/// right-to-left or left-to-right mark, a zero-width space, a byte order mark), if any.
/// Offsets index `text`; `start` and `end` must be character boundaries (otherwise `None`).
pub fn parse(text: &str, start: usize, end: usize) -> Option<Dateline> {
    let span = text.get(start..end.min(text.len()))?;
    let lead = span.len()
        - span
            .trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}')
            })
            .len();
    let s = start + lead;
    let all = &text[s..start + span.len()];
    let line = &all[..all.find(['\n', '\r']).unwrap_or(all.len())];
    let mut cut = line.len().min(MAX_BYTES);
    while !line.is_char_boundary(cut) {
        cut -= 1;
    }
    let w = &line[..cut];
    // The place.
    let (place_len, caps) = place(w)?;
    let mut p = place_len;
    let mut region = None;
    let mut date = None;
    // A region and a date, each after a comma; or, failing that, one run of date-like words
    // ("OKLAHOMA CITY, Okla. March 11, Reuter -").
    if w[p..].starts_with(',') {
        (region, date, p) = after_place(w, p).or_else(|| loose_date(w, p))?;
    }
    if let Some((a, b)) = date {
        let d = &w[a..b];
        if b - a > DATE_MAX_BYTES
            || !d
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b' ' | b'.' | b','))
        {
            return None;
        }
    }
    let has_month = date.is_some_and(|(a, b)| {
        w[a..b]
            .split(|c: char| !c.is_ascii_alphabetic())
            .any(|t| MONTHS.contains(&t.to_ascii_lowercase().as_str()))
    });
    if !caps && !has_month {
        return None;
    }
    let mut head_end = w[..p].trim_end().trim_end_matches(',').len();
    // An agency: " (Reuters)".
    let q = p + (w[p..].len() - w[p..].trim_start_matches(' ').len());
    let mut agency = None;
    if w[q..].starts_with('(') {
        let close = q + w[q..].find(')')?;
        let a = &w[q + 1..close];
        if close - q > AGENCY_MAX_BYTES
            || a.is_empty()
            || !a
                .bytes()
                .all(|c| c.is_ascii_alphabetic() || matches!(c, b' ' | b'.' | b'&' | b'-'))
        {
            return None;
        }
        agency = Some((q + 1, close));
        p = close + 1;
        head_end = p;
    }
    // The dash, or a colon after a date.
    let q = p + (w[p..].len() - w[p..].trim_start_matches(' ').len());
    let rest = &w[q..];
    let dash = if rest.starts_with("--") {
        2
    } else if rest.starts_with(['-', '\u{2014}', '\u{2013}']) {
        rest.chars().next().map_or(1, char::len_utf8)
    } else if rest.starts_with(':') && q == p && date.is_some() {
        1
    } else {
        return None;
    };
    let dash_end = q + dash;
    // White space after the dash (a line end too), then the story with a capital, a digit or a
    // quote.
    let after = &all[dash_end..];
    let story = after.trim_start();
    // A place in capitals with a region, a date or an agency says enough ("LOS GATOS, CALIF.,
    // April 17 - shr loss ..."); a bare one or a capitalized one needs the story's capital too.
    let bare = region.is_none() && date.is_none() && agency.is_none();
    if story.len() == after.len() || ((bare || !caps) && !opens_story(story)) {
        return None;
    }
    Some(Dateline {
        place: (s, s + place_len),
        place_in_capitals: caps,
        region: region.map(|(a, b)| (s + a, s + b)),
        date: date.map(|(a, b)| (s + a, s + b)),
        agency: agency.map(|(a, b)| (s + a, s + b)),
        head_end: s + head_end,
        end: s + dash_end,
    })
}

/// The region and the date after the place's comma at `p`: each after a comma, a region without
/// digits first, then a date and its year. Returns them and where they end.
fn after_place(w: &str, mut p: usize) -> Option<Parts> {
    let mut region = None;
    let mut date: Option<(usize, usize)> = None;
    let (r, q) = part(w, p + 1);
    let rt = r.trim();
    if rt.is_empty() {
        return None;
    }
    let r0 = p + 1 + (r.len() - r.trim_start().len());
    if is_date(rt) {
        date = Some((r0, r0 + rt.len()));
        p = q;
    } else if is_region(rt) {
        region = Some((r0, r0 + rt.len()));
        p = q;
        // A date, unless the comma is a stray one before the dash ("ROCKVILLE, Md, -").
        if w[p..].starts_with(',') && !part(w, p + 1).0.trim().is_empty() {
            let (d, q) = part(w, p + 1);
            let dt = d.trim();
            let d0 = p + 1 + (d.len() - d.trim_start().len());
            if !is_date(dt) {
                return None;
            }
            date = Some((d0, d0 + dt.len()));
            p = q;
        }
    } else {
        return None;
    }
    // A year after the day: ", March 3, 2024".
    if let Some((d0, _)) = date {
        if w[p..].starts_with(',') {
            let (y, q) = part(w, p + 1);
            let yt = y.trim();
            if !yt.is_empty() && yt.bytes().all(|c| c.is_ascii_digit()) {
                date = Some((d0, p + 1 + (y.len() - y.trim_start().len()) + yt.len()));
                p = q;
            }
        }
    }
    // A comma left before the dash ("CHICAGO, March 4, -").
    if w[p..].starts_with(',')
        && w[p + 1..]
            .trim_start_matches(' ')
            .starts_with(['-', '\u{2014}', '\u{2013}'])
    {
        p += 1;
    }
    if w[p..].starts_with(',') {
        return None;
    }
    Some((region, date, p))
}

/// The old rule of the splitter, kept for datelines whose parts are not separated by commas: the
/// text after the place's comma at `p` up to the dash or the agency, of letters, digits, spaces,
/// dots and commas, with a digit, within [`DATE_MAX_BYTES`]: all of it is the date.
fn loose_date(w: &str, p: usize) -> Option<Parts> {
    let b = w.as_bytes();
    let mut q = p + 1;
    while q < b.len()
        && (b[q].is_ascii_alphanumeric() || matches!(b[q], b' ' | b'.' | b','))
        && !(b[q] == b' '
            && b.get(q + 1)
                .is_some_and(|c| matches!(c, b'-' | b'(' | 0xE2)))
    {
        q += 1;
    }
    let d = &w[p + 1..q];
    let t = d.trim().trim_end_matches(',');
    if t.len() > DATE_MAX_BYTES || !t.contains(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let d0 = p + 1 + (d.len() - d.trim_start().len());
    Some((None, Some((d0, d0 + t.len())), q))
}

/// The place at the start of `w`: its length and whether it is in capitals. Words of letters
/// (with `.`, `'`, `-`, `&`, `/` inside: "DALLAS/FORT WORTH") separated by one space; each word opens with a capital. In
/// capitals, a following word must have two capitals or a capital and a dot ("ST. PAUL", "OAK
/// BROOK"); any following word may be a capital and a lower-case letter ("Kuala Lumpur",
/// "BALDWIN Park"), and then the place is not in capitals.
fn place(w: &str) -> Option<(usize, bool)> {
    let mut p = 0;
    let mut letters = 0;
    let mut lower = false;
    loop {
        let word_start = p;
        let mut chars = w[p..].char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let inner = i > 0
                && matches!(c, '.' | '\'' | '-' | '&' | '/')
                && chars.peek().is_some_and(|&(_, n)| n.is_alphabetic());
            let ok = if i == 0 {
                c.is_uppercase()
            } else {
                c.is_alphabetic() || inner || (c == '.' && !lower)
            };
            if !ok {
                break;
            }
            if c.is_alphabetic() {
                letters += 1;
                lower |= c.is_lowercase();
            }
            p = word_start + i + c.len_utf8();
        }
        if p == word_start {
            return None;
        }
        // A next word of the place.
        let rest = &w[p..];
        let mut next = rest.strip_prefix(' ').unwrap_or("").chars();
        let (a, b) = (next.next(), next.next());
        let more = rest.starts_with(' ')
            && a.is_some_and(char::is_uppercase)
            && b.is_some_and(|b| b.is_lowercase() || (!lower && (b.is_uppercase() || b == '.')));
        if !more {
            break;
        }
        p += 1;
    }
    let caps = !lower;
    if letters < MIN_PLACE_LETTERS || p > PLACE_MAX_BYTES {
        return None;
    }
    Some((p, caps))
}

/// The part of `w` from `from` to the next comma, parenthesis or dash (or colon): the text and
/// where it ends.
fn part(w: &str, from: usize) -> (&str, usize) {
    let rest = &w[from..];
    let mut end = rest.len();
    for (i, c) in rest.char_indices() {
        if c == ','
            || c == '('
            || c == ':'
            || ((c == '-' || c == '\u{2014}' || c == '\u{2013}')
                && rest[..i].ends_with(' ')
                && i > 0)
        {
            end = i;
            break;
        }
    }
    (&rest[..end], from + end)
}

/// A region: words of letters with dots, apostrophes or hyphens, the first capitalized ("Minn.",
/// "British Columbia", "ILL.", "Puerto rico"), within [`REGION_MAX_BYTES`].
fn is_region(r: &str) -> bool {
    r.len() <= REGION_MAX_BYTES
        && r.starts_with(char::is_uppercase)
        && r.chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '\'' | '-'))
}

/// A story opens with a capital or a digit, after any opening quotes or brackets.
fn opens_story(story: &str) -> bool {
    let openers = [
        '(', '[', '{', '"', '\'', '\u{201C}', '\u{2018}', '\u{2039}', '\u{AB}', '\u{BF}', '\u{A1}',
        // The newswires' mark of a company's name: "<Condor Computer Corp> said ...".
        '<',
    ];
    story
        .trim_start_matches(openers)
        .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Place, region, date, agency and head of a dateline.
    type Spans<'a> = (
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
        &'a str,
    );
    /// (text, the dateline's spans), or `None` for no dateline.
    type Case = (&'static str, Option<Spans<'static>>);

    fn spans(text: &str) -> Option<Spans<'_>> {
        let d = parse(text, 0, text.len())?;
        let s = |(a, b): (usize, usize)| &text[a..b];
        Some((
            s(d.place),
            d.region.map(s),
            d.date.map(s),
            d.agency.map(s),
            s(d.head()),
        ))
    }

    #[test]
    fn datelines_table() {
        let cases: &[Case] = &[
            (
                "WASHINGTON, March 3 - The board met.",
                Some((
                    "WASHINGTON",
                    None,
                    Some("March 3"),
                    None,
                    "WASHINGTON, March 3",
                )),
            ),
            (
                "ST. PAUL, Minn. - Snow closed roads.",
                Some(("ST. PAUL", Some("Minn."), None, None, "ST. PAUL, Minn.")),
            ),
            (
                "LAGOS (Reuters) - Oil output rose.",
                Some(("LAGOS", None, None, Some("Reuters"), "LAGOS (Reuters)")),
            ),
            (
                "NAIROBI, Kenya, Jan 5 (AFP) \u{2014} Rains came.",
                Some((
                    "NAIROBI",
                    Some("Kenya"),
                    Some("Jan 5"),
                    Some("AFP"),
                    "NAIROBI, Kenya, Jan 5 (AFP)",
                )),
            ),
            (
                "Kuala Lumpur, 12 May: Palm oil fell.",
                Some((
                    "Kuala Lumpur",
                    None,
                    Some("12 May"),
                    None,
                    "Kuala Lumpur, 12 May",
                )),
            ),
            (
                "OAK BROOK, ILL., March 2, 1987 -- Sales rose.",
                Some((
                    "OAK BROOK",
                    Some("ILL."),
                    Some("March 2, 1987"),
                    None,
                    "OAK BROOK, ILL., March 2, 1987",
                )),
            ),
            (
                "  S\u{c3}O PAULO, May 2 -- Coffee fell.",
                Some((
                    "S\u{c3}O PAULO",
                    None,
                    Some("May 2"),
                    None,
                    "S\u{c3}O PAULO, May 2",
                )),
            ),
            (
                "Z\u{dc}RICH \u{2013} \"Rates stay,\" the bank said.",
                Some(("Z\u{dc}RICH", None, None, None, "Z\u{dc}RICH")),
            ),
            (
                "PORTLAND, Ore., Tuesday - Mills reopened.",
                Some((
                    "PORTLAND",
                    Some("Ore."),
                    Some("Tuesday"),
                    None,
                    "PORTLAND, Ore., Tuesday",
                )),
            ),
            (
                "Scarborough, Ontario, Feb 26 - Talks resumed.",
                Some((
                    "Scarborough",
                    Some("Ontario"),
                    Some("Feb 26"),
                    None,
                    "Scarborough, Ontario, Feb 26",
                )),
            ),
            (
                "ANN ARBOR, Mich., March 2 - <Kestrel Data Corp> said it grew.",
                Some((
                    "ANN ARBOR",
                    Some("Mich."),
                    Some("March 2"),
                    None,
                    "ANN ARBOR, Mich., March 2",
                )),
            ),
            (
                "DALLAS/FORT WORTH AIRPORT, Texas, March 9 - Flights resumed.",
                Some((
                    "DALLAS/FORT WORTH AIRPORT",
                    Some("Texas"),
                    Some("March 9"),
                    None,
                    "DALLAS/FORT WORTH AIRPORT, Texas, March 9",
                )),
            ),
            (
                "BANGOR, Maine, - Mills reopened.",
                Some(("BANGOR", Some("Maine"), None, None, "BANGOR, Maine")),
            ),
            (
                "CHICAGO, March 4, - Trade slowed.",
                Some(("CHICAGO", None, Some("March 4"), None, "CHICAGO, March 4")),
            ),
            (
                "LOS GATOS, CALIF., April 17 -\n    shr loss 17 cts",
                Some((
                    "LOS GATOS",
                    Some("CALIF."),
                    Some("April 17"),
                    None,
                    "LOS GATOS, CALIF., April 17",
                )),
            ),
            (
                "BALDWIN Park, Calif, March 30 - Sales rose.",
                Some((
                    "BALDWIN Park",
                    Some("Calif"),
                    Some("March 30"),
                    None,
                    "BALDWIN Park, Calif, March 30",
                )),
            ),
            (
                "PONCE, Puerto rico, April 9 - Sales rose.",
                Some((
                    "PONCE",
                    Some("Puerto rico"),
                    Some("April 9"),
                    None,
                    "PONCE, Puerto rico, April 9",
                )),
            ),
            (
                "OKLAHOMA CITY, Okla. March 11, Reuter - The state said.",
                Some((
                    "OKLAHOMA CITY",
                    None,
                    Some("Okla. March 11, Reuter"),
                    None,
                    "OKLAHOMA CITY, Okla. March 11, Reuter",
                )),
            ),
            // A CRLF line end after the dateline does not belong to it.
            (
                "TOKYO, June 1 -\r\nShares fell.",
                Some(("TOKYO", None, Some("June 1"), None, "TOKYO, June 1")),
            ),
            // Not datelines.
            ("APPLE, the company, said it would grow.", None),
            ("NATO - the alliance met.", None),
            ("paris, March 3 - Mills reopened.", None),
            ("Meanwhile, analysts - Most agreed.", None),
            ("Revenue, 12 million - A record.", None),
            ("Portland, Ore. - Mills reopened.", None),
            ("Friday, March 3 - we met.", None),
            ("OIL PRICES RISE, analysts say - Most agreed.", None),
            ("US - Trade rose.", None),
            ("NOTE: Prices are final.", None),
            ("Mills reopened in PORTLAND, Ore. - Trade rose.", None),
            ("TOKYO, June 1\r\n- Shares fell.", None),
            ("", None),
        ];
        for &(text, want) in cases {
            assert_eq!(spans(text), want, "{text:?}");
        }
    }

    #[test]
    fn too_long_is_no_dateline() {
        let text = format!("PORTLAND, {} - Mills reopened.", "Ore. ".repeat(20));
        assert_eq!(parse(&text, 0, text.len()), None);
        let text = format!("{} - Mills reopened.", "PORTLAND ".repeat(6));
        assert_eq!(parse(&text, 0, text.len()), None);
    }

    #[test]
    fn offsets_index_the_text_given() {
        let text = "Mills reopen\n\nPORTLAND, Ore., March 3 - Mills reopened.";
        let from = text.find("\n\n").unwrap_or(0);
        let d = parse(text, from, text.len()).expect("a dateline");
        assert_eq!(&text[d.place.0..d.place.1], "PORTLAND");
        assert_eq!(&text[d.end..d.end + 6], " Mills");
        // Regression (bench/format_sweep.py): a right-to-left mark or a zero-width space
        // before the place hid the dateline.
        for text in [
            "\u{200f}PORTLAND, Ore., March 3 - X",
            "\u{feff}\u{200b} PORTLAND - X",
        ] {
            let d = parse(text, 0, text.len()).expect("a dateline");
            assert_eq!(&text[d.place.0..d.place.1], "PORTLAND", "{text:?}");
        }
        // Not at a character boundary, or out of the text.
        assert_eq!(parse("SÃO PAULO - X", 2, 12), None);
        assert_eq!(parse("LONDON - X", 0, 99).map(|d| d.end), Some(8));
    }

    #[test]
    fn hostile_text_never_panics() {
        for text in [
            "\u{0}\u{0} - \u{0}",
            "£€¥₹, 5 May - X",
            "ÉÉÉ, 5 \u{2014}",
            "ABC (\u{1F600}) - X",
            "ABC, Jan 5 (",
            "ABC,",
            "ABC -",
            "ABC \u{2014}\u{2014}",
        ] {
            for s in 0..=text.len() {
                let _ = parse(text, s, text.len());
            }
        }
    }
}
