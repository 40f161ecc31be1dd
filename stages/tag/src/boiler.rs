//! Lines that say nothing about what a story is about: bylines, author bios, "related stories"
//! and "read more" lines, and lines of links. A theme named in one is not a theme mention (an
//! author bio's "covers enterprise technology" does not make a story about technology).
//!
//! Each class is recognized by generic cues of the line alone (its start, its length, its links),
//! never by what it names.

use std::sync::OnceLock;

use regex::Regex;

/// The longest line that can be a byline or an author bio (bytes): a bio is a sentence or two.
const BIO_MAX_BYTES: usize = 400;

/// A byline: "By Jane Doe", "By Jane Doe and John Roe, Reuters".
const BYLINE_PATTERN: &str = r"^(?:By|BY|Written by|Reporting by|Edited by)\s+\p{Lu}[\p{L}.'’\-]*(?:\s+(?:\p{Lu}[\p{L}.'’\-]*|and|&|,))*\s*(?:[,|/]\s*[\p{L} ]{1,40})?$";

/// An author bio: a name (two to four capitalized words), "is a/an/the ... at/for/with/of/who
/// covers/writes".
const BIO_PATTERN: &str = r"^\p{Lu}[\p{L}.'’\-]+(?:\s+\p{Lu}[\p{L}.'’\-]*){1,3}\s+(?:is|was)\s+(?:a|an|the)\s+[^.]{0,120}?\b(?:at|for|with|of|who covers|who writes|covering|based in)\b";

/// The byte spans of the lines of `text` that are boilerplate (each from its first byte to its
/// end, line break excluded), in order.
pub fn boilerplate_lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if is_boilerplate(body) {
            out.push((start, start + body.len()));
        }
        start += line.len();
    }
    out
}

/// Whether `line` can hold a match of the links' pattern: it has "://" or a "www." in any case
/// (most lines have neither, and the regex need not run).
fn may_link(line: &str) -> bool {
    let b = line.as_bytes();
    memchr::memmem::find(b, b"://").is_some()
        || memchr::memchr_iter(b'.', b).any(|i| i >= 3 && b[i - 3..i].eq_ignore_ascii_case(b"www"))
}

/// Whether one line (without its line break) is boilerplate.
pub fn is_boilerplate(line: &str) -> bool {
    static LINKS: OnceLock<Regex> = OnceLock::new();
    static LEAD_IN: OnceLock<Regex> = OnceLock::new();
    static BYLINE: OnceLock<Regex> = OnceLock::new();
    static BIO: OnceLock<Regex> = OnceLock::new();
    let l = line.trim();
    if l.is_empty() {
        return false;
    }
    // A line of links: links and little else (a bare URL, "Source: https://...", a list).
    let links = LINKS.get_or_init(|| Regex::new(r"(?i)\b(?:https?://|www\.)\S+").expect("regex"));
    let linked: usize = if may_link(l) {
        links.find_iter(l).map(|m| m.len()).sum()
    } else {
        0
    };
    if linked > 0 && (l.len() - linked) < 40 {
        return true;
    }
    // "Related:", "Read more:", "See also -", "ALSO READ |" ...
    let lead_in = LEAD_IN.get_or_init(|| {
        Regex::new(
            r"(?i)^(?:related(?: stories| articles| coverage| content| news)?|read (?:more|also|next)|also read|see also|more on this|recommended(?: reading)?|you may also like|more from [^:]{1,30})\s*[:|\-–—]",
        )
        .expect("regex")
    });
    if starts_like_lead_in(l) && lead_in.is_match(l) {
        return true;
    }
    if l.len() > BIO_MAX_BYTES {
        return false;
    }
    // A byline: "By Jane Doe", "By Jane Doe and John Roe, Reuters".
    let byline = BYLINE.get_or_init(|| Regex::new(BYLINE_PATTERN).expect("regex"));
    if starts_like_byline(l) && byline.is_match(l) {
        return true;
    }
    // An author bio: a name (two to four capitalized words), "is a/an/the ... at/for/with/of/who
    // covers/writes" (a role at a publication or company). Its regex is anchored at a capital
    // (`\p{Lu}`, which `char::is_uppercase` holds for): a line that begins otherwise is none.
    let bio = BIO.get_or_init(|| Regex::new(BIO_PATTERN).expect("regex"));
    l.starts_with(char::is_uppercase) && bio.is_match(l)
}

/// Whether `line` begins with a letter the lead-in regex (`LEAD_IN`, case-insensitive, anchored
/// at "related", "read", "also", "see", "more", "recommended" or "you") can begin with: those
/// five letters in either case, and `ſ` (long s), which Unicode case folding makes an `s`.
fn starts_like_lead_in(line: &str) -> bool {
    line.starts_with(['r', 'R', 'a', 'A', 's', 'S', 'ſ', 'm', 'M', 'y', 'Y'])
}

/// Whether `line` begins as a byline must ([`is_boilerplate`]'s `BYLINE` regex is anchored at
/// one of these words): the regex need not run on the other lines, which are nearly all.
fn starts_like_byline(line: &str) -> bool {
    ["By", "BY", "Written by", "Reporting by", "Edited by"]
        .iter()
        .any(|w| line.starts_with(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_without_a_link_cue_have_no_link() {
        let links = Regex::new(r"(?i)\b(?:https?://|www\.)\S+").unwrap();
        let cases = [
            "Prices rose 3.5 pct in May.",
            "See WWW.EXAMPLE.COM for more",
            "visit www.example.org/a today",
            "HTTPS://EXAMPLE.COM",
            "ftp://example.com and mailto:x",
            "ww.example.com w.w.w.",
            "awww.example.com",
            "ſ: httpſ://example.com",
            "",
            "www.",
            "…www.x — “quoted”",
        ];
        for l in cases {
            if !may_link(l) {
                assert!(!links.is_match(l), "{l:?}");
            }
        }
        assert!(may_link("Source: https://example.com/a"));
        assert!(may_link("Www.example.com"));
        assert!(!may_link("Prices rose 3.5 pct in May."));
    }

    /// The first letters of the lead-in regex: every character that its case-insensitive
    /// alternatives can begin with passes `starts_like_lead_in`, and no other.
    #[test]
    fn lead_in_first_letters_are_the_regex_ones() {
        let first = Regex::new(r"(?i)^(?:r|a|s|m|y)").unwrap();
        let mut passed = 0;
        for c in (0..=0x10_FFFF_u32).filter_map(char::from_u32) {
            let line = format!("{c}x");
            assert_eq!(starts_like_lead_in(&line), first.is_match(&line), "{c:?}");
            passed += usize::from(starts_like_lead_in(&line));
        }
        assert_eq!(passed, 11);
        // The regex's alternatives begin with those five letters.
        for lead in [
            "Related: x",
            "READ MORE: x",
            "Also read | x",
            "See also - x",
            "More on this: x",
            "Recommended: x",
            "You may also like: x",
            "More from Example: x",
            "ſee also: x",
        ] {
            assert!(starts_like_lead_in(lead), "{lead:?}");
            assert!(is_boilerplate(lead), "{lead:?}");
        }
    }

    /// The checks before the byline and bio regexes (`starts_like_byline`, a capital first)
    /// against the former definition, the regexes alone: every line either regex matches passes
    /// its check, so `is_boilerplate` is unchanged. Lines of the table below and generated ones:
    /// each opening (bylines' words in every case, capitals and other letters beyond ASCII,
    /// title case, digits, emoji) before each rest (names, bios, story text).
    #[test]
    fn checks_before_the_regexes_keep_every_match() {
        let byline = Regex::new(BYLINE_PATTERN).unwrap();
        let bio = Regex::new(BIO_PATTERN).unwrap();
        let openings = [
            "By",
            "BY",
            "by",
            "bY",
            "Written by",
            "written by",
            "Reporting by",
            "Edited by",
            "Edited By",
            "Byron",
            "Jane",
            "Émile",
            "Ölund",
            "Łukasz",
            "Ⓐnna",
            "Ⅻ",
            "ǅemal",
            "ǆemal",
            "élise",
            "jane",
            "3M",
            "🎉",
            "\u{2003}By",
            "",
            "Σοφία",
            "Дмитрий",
        ];
        let rests = [
            " Jane Doe",
            " Jane Doe and Omar Ruiz, Staff Writers",
            " Doe is a senior writer at Example Media.",
            " Lin Zhou was the correspondent of a daily.",
            " Smith is a member of the trade committee.",
            " the end of the year, tariffs will double.",
            "",
            " Émile Zola | Le Monde",
            " Ruiz is an editor for Example Weekly.",
        ];
        let mut matched = 0;
        for o in openings {
            for r in rests {
                let line = format!("{o}{r}");
                let l = line.trim();
                if byline.is_match(l) {
                    matched += 1;
                    assert!(starts_like_byline(l), "{l:?}");
                }
                if bio.is_match(l) {
                    matched += 1;
                    assert!(l.starts_with(char::is_uppercase), "{l:?}");
                }
            }
        }
        assert!(matched >= 20, "{matched}");
    }

    #[test]
    fn boilerplate_line_table() {
        // (line, boilerplate) — our own lines, one class each.
        let cases: &[(&str, bool)] = &[
            // Lines of links.
            ("https://example.com/news/2024/05/trade-talks-resume", true),
            ("www.example.org/sport/football", true),
            ("Source: https://example.com/a https://example.com/b", true),
            ("Related: Tariffs rise again as talks stall", true),
            ("READ MORE: Chip makers brace for export rules", true),
            ("See also - Oil prices climb", true),
            ("Also read | Central bank holds rates", true),
            // Bylines.
            ("By Jane Doe", true),
            ("By Jane Doe and Omar Ruiz, Staff Writers", true),
            ("Reporting by Ana Lima", true),
            // Author bios.
            ("Jane Doe is a senior news writer at Example Media covering AI and chips.", true),
            ("Omar Ruiz is an editor for Example Weekly.", true),
            ("Mei Lin Zhou was the technology correspondent of a national daily.", true),
            // Story lines that look a little like them.
            ("By the end of the year, tariffs on steel will double.", false),
            ("Smith is a member of the trade committee.", false),
            ("The minister is a former banker at a state lender.", false),
            (
                "Read the full report, which the ministry published on its website on Monday, for the figures.",
                false,
            ),
            (
                "Officials said the figures, published at https://example.gov/stats, show exports fell for a third month.",
                false,
            ),
            ("Related industries, from steel to shipping, are also hit.", false),
            ("", false),
            ("£5bn “deal” 🎉 agreed", false),
        ];
        for &(line, want) in cases {
            assert_eq!(is_boilerplate(line), want, "{line:?}");
        }
    }

    #[test]
    fn spans_of_boilerplate_lines() {
        let text =
            "Trade talks resume\r\nBy Jane Doe\r\nThe talks resumed.\nRelated: More trade news\n";
        let spans = boilerplate_lines(text);
        let lines: Vec<&str> = spans.iter().map(|&(a, b)| &text[a..b]).collect();
        assert_eq!(lines, ["By Jane Doe", "Related: More trade news"]);
    }
}
