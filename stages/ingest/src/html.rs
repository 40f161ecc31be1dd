//! Text from HTML: scrapers' and feeds' bodies often hold the page's markup (`<p>...</p>`,
//! `&amp;`, scripts). `ingest.html` decides: `auto` (the default) reads a text that holds HTML
//! tags as HTML, `strip` reads every text so, `keep` leaves the text as it is. Read as HTML, a text
//! loses its tags, comments, scripts and styles; block elements (paragraphs, headings, list
//! items, table rows, `<br>`) become line ends, other white space collapses to one space, and
//! character references are decoded (`&amp;` is `&`, `&nbsp;` a space). Offsets of the tables
//! index this text (the documents' `text`).

use serde::{Deserialize, Serialize};

/// `ingest.html`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Html {
    /// Texts that hold HTML tags are read as HTML.
    #[default]
    Auto,
    /// Every text is read as HTML.
    Strip,
    /// Texts are left as they are.
    Keep,
}

/// Elements whose content is no text of the page.
const HIDDEN: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "svg", "head", "object",
];

/// Elements that end a line (paragraphs and the like: a blank line; `br`: a line end).
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "nav",
    "blockquote",
    "figure",
    "figcaption",
    "pre",
    "dd",
    "dt",
    "dl",
    "hr",
    "main",
    "address",
    "title",
];

/// Whether `text` holds HTML: a closing tag (`</p>`, `</a>`) or a line break (`<br>`). Plain news
/// text writes neither; an opening tag alone is not enough (Reuters-21578 writes the ticker of
/// Phillips Petroleum as `<P>`).
pub fn looks_like_html(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(k) = memchr_lt(&b[i..]) {
        let at = i + k;
        let rest = &b[at + 1..];
        let closing = rest.first() == Some(&b'/') && tag_name_len(&text[at + 2..]).is_some();
        let opening = tag_name_len(&text[at + 1..])
            .is_some_and(|n| text[at + 1..at + 1 + n].eq_ignore_ascii_case("br"));
        if closing || opening {
            return true;
        }
        i = at + 1;
    }
    false
}

fn memchr_lt(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'<')
}

/// The length of the tag name at the start of `s` (a letter, then letters and digits), when it
/// is followed by white space, `>` or `/`.
fn tag_name_len(s: &str) -> Option<usize> {
    let n = s.bytes().take_while(u8::is_ascii_alphanumeric).count();
    if n == 0 || !s.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    match s.as_bytes().get(n) {
        Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r') => Some(n),
        _ => None,
    }
}

/// The lower-case tag name at the start of `s` (see [`tag_name_len`]).
fn tag_name(s: &str) -> Option<String> {
    tag_name_len(s).map(|n| s[..n].to_ascii_lowercase())
}

/// The end of the tag that starts at `at` (`<`): after its `>`, quoted attribute values passed
/// over; the text's end when it never closes.
fn tag_end(text: &str, at: usize) -> usize {
    let b = text.as_bytes();
    let mut quote = None;
    for (i, &c) in b.iter().enumerate().skip(at + 1) {
        match (quote, c) {
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    text.len()
}

/// `text` with its character references decoded (`&amp;`, `&#39;`, `&nbsp;` as a space) and
/// nothing else changed: a plain title beside an HTML text.
pub fn decode_references(text: &str) -> String {
    html_escape::decode_html_entities(text)
        .chars()
        .map(|c| if c == '\u{a0}' { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// The text of the HTML `html` (see the module's description).
pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    // Text since the last tag, to be decoded and its white space collapsed.
    let mut run = String::new();
    let mut i = 0;
    let lower = html.to_ascii_lowercase();
    let flush = |run: &mut String, out: &mut String| {
        if run.is_empty() {
            return;
        }
        let decoded = html_escape::decode_html_entities(run.as_str());
        for c in decoded.chars() {
            let c = if c == '\u{a0}' { ' ' } else { c };
            if c.is_whitespace() {
                if !out.is_empty() && !out.ends_with([' ', '\n']) {
                    out.push(' ');
                }
            } else {
                out.push(c);
            }
        }
        run.clear();
    };
    let line_end = |out: &mut String, blank: bool| {
        while out.ends_with(' ') {
            out.pop();
        }
        if out.is_empty() {
            return;
        }
        let want = if blank { "\n\n" } else { "\n" };
        let have = out.len() - out.trim_end_matches('\n').len();
        for _ in have..want.len() {
            out.push('\n');
        }
    };
    while i < html.len() {
        let Some(k) = html[i..].find('<') else {
            run.push_str(&html[i..]);
            break;
        };
        run.push_str(&html[i..i + k]);
        let at = i + k;
        let rest = &html[at + 1..];
        if rest.starts_with("!--") {
            flush(&mut run, &mut out);
            i = lower[at..].find("-->").map_or(html.len(), |e| at + e + 3);
            continue;
        }
        let (closing, name_at) = match rest.strip_prefix('/') {
            Some(_) => (true, at + 2),
            None => (false, at + 1),
        };
        let named = tag_name(&html[name_at..]);
        if named.is_none() && !rest.starts_with('!') && !rest.starts_with('?') {
            // A lone "<" ("a < b") is text.
            run.push('<');
            i = at + 1;
            continue;
        }
        flush(&mut run, &mut out);
        let end = tag_end(html, at);
        let name = named.unwrap_or_default();
        if !closing && HIDDEN.contains(&name.as_str()) {
            // Up to the element's closing tag.
            let close = format!("</{name}");
            i = lower[end..]
                .find(&close)
                .map_or(html.len(), |e| tag_end(html, end + e));
            continue;
        }
        if name == "br" {
            line_end(&mut out, false);
        } else if BLOCKS.contains(&name.as_str()) {
            line_end(&mut out, true);
        }
        i = end;
    }
    flush(&mut run, &mut out);
    let trimmed = out.trim_end();
    trimmed.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_told_from_text() {
        // (text, holds HTML)
        let cases: &[(&str, bool)] = &[
            ("<p>Acme rose.</p>", true),
            ("Acme rose.<br>Vega fell.", true),
            ("Acme <b>rose</b>.", true),
            ("<div class=\"x\">Acme</div>", true),
            ("Acme rose as 2 < 3 and 5 > 4.", false),
            ("Shares of <Acme> rose.", false),
            ("Phillips Petroleum <P> and Acme <ACME.N> rose.", false),
            ("Plain text about AT&T & Co.", false),
            ("", false),
        ];
        for (t, want) in cases {
            assert_eq!(looks_like_html(t), *want, "{t}");
        }
    }

    #[test]
    fn html_becomes_text() {
        // (HTML, text)
        let cases: &[(&str, &str)] = &[
            (
                "<p>Acme Corp&nbsp;said <b>Tues</b>day it would buy Vega S.A. for &euro;2&nbsp;billion.</p><script>var x = '<p>';</script>",
                "Acme Corp said Tuesday it would buy Vega S.A. for €2 billion.",
            ),
            (
                "<h1>Title</h1>\n<p>First   para\ngraph.</p><p>Second.</p>",
                "Title\n\nFirst para graph.\n\nSecond.",
            ),
            ("One<br>Two<br/>Three", "One\nTwo\nThree"),
            (
                "<!-- ad --><p>Procter &amp; Gamble &#8212; P&amp;G &#x1F600;</p>",
                "Procter & Gamble — P&G 😀",
            ),
            (
                "<style>p { color: red }</style><p>Text</p><STYLE>x</STYLE>",
                "Text",
            ),
            ("<a href=\"/x?a=1&b=>\">Link</a> text", "Link text"),
            ("2 < 3 and <p>ok</p>", "2 < 3 and\n\nok"),
            // Never closed: the rest is the tag's.
            ("Text <div class=\"open", "Text"),
            ("<script>never closed", ""),
            ("<ul><li>£5</li><li>€6</li></ul>", "£5\n\n€6"),
        ];
        for (html, want) in cases {
            assert_eq!(to_text(html), *want, "{html}");
        }
    }

    /// Random strings of the characters HTML is made of (a fixed-seed generator, 20,000 strings):
    /// no panic, and a text read as HTML holds no `&amp;`-style reference that was whole in it.
    #[test]
    fn random_markup_never_panics() {
        const PARTS: &[&str] = &[
            "<",
            ">",
            "/",
            "</",
            "<!--",
            "-->",
            "&",
            ";",
            "&amp;",
            "&#x1F600;",
            "&nbsp;",
            "p",
            "br",
            "script",
            "style",
            " ",
            "\n",
            "\"",
            "'",
            "=",
            "é",
            "😀",
            "a",
            "<p>",
            "</p>",
            "<br/>",
            "<script>",
            "</script>",
            "\u{0}",
        ];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..20_000 {
            let n = (next() % 24) as usize;
            let s: String = (0..n)
                .map(|_| PARTS[(next() % PARTS.len() as u64) as usize])
                .collect();
            let t = to_text(&s);
            let _ = looks_like_html(&s);
            if !s.contains("&amp;amp;") && !s.contains("&&") {
                assert!(!t.contains("&amp;"), "{s:?} -> {t:?}");
            }
        }
    }

    /// Any input, however broken, gives text without panicking (bytes cut inside characters are
    /// not possible: the input is a `str`).
    #[test]
    fn broken_html_never_panics() {
        for s in [
            "<",
            "</",
            "<!",
            "<!--",
            "<p",
            "<p ",
            "</p",
            "&",
            "&#",
            "&#x",
            "&#xZZ;",
            "<<>>",
            "<a '>'",
            "<p>é</p",
            "<scr<script>",
            "&amp",
            "<br",
            "\u{0}<p>\u{0}</p>",
        ] {
            let _ = to_text(s);
            let _ = looks_like_html(s);
        }
    }
}
