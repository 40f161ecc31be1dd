//! Pieces of hostile text: what news from anywhere holds and what broke byte-offset code before
//! (multi-byte characters next to words and punctuation, line ends of every kind, marks that
//! combine, right-to-left scripts, names the dictionaries know). Property tests, fuzz targets and
//! the hostile corpus generator build texts from them; nothing in the stages uses them.

/// Tokens to join (with or without spaces) into hostile texts.
/// A text made of picked tokens, each followed by a space when its flag says so (the property
/// tests of split, tag and the whole chain draw the picks).
pub fn join<'a>(picks: impl IntoIterator<Item = (&'a str, bool)>) -> String {
    let mut out = String::new();
    for (t, space) in picks {
        out.push_str(t);
        if space {
            out.push(' ');
        }
    }
    out
}

pub const TOKENS: &[&str] = &[
    // Currency signs before and after numbers and words.
    "£1.5bn",
    "£",
    "€",
    "€20m",
    "¥",
    "₹3,000",
    "US$",
    "$",
    "5¢",
    // Quotes, dashes, spaces that are not ASCII.
    "“",
    "”",
    "‘",
    "’",
    "«",
    "»",
    "—",
    "–",
    "…",
    "\u{a0}",
    "\u{2009}",
    "\u{200b}",
    "\u{feff}",
    // Characters the tagger reads otherwise (soft hyphens, full-width letters, ligatures).
    "\u{ad}",
    "Mer\u{ad}kel",
    "\u{ff22}\u{ff45}\u{ff52}\u{ff4c}\u{ff49}\u{ff4e}",
    "\u{3000}",
    "\u{fb01}",
    "Franc\u{327}ois",
    // Line ends and control characters.
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "\t",
    "\0",
    "\u{2028}",
    "\u{85}",
    // Accents, combining marks, other scripts, right to left, emoji.
    "Zürich",
    "São Paulo",
    "Côte d'Ivoire",
    "e\u{301}",
    "A\u{30a}",
    "\u{301}",
    "Ελλάδα",
    "Москва",
    "東京",
    "北京",
    "مصر",
    "ישראל",
    "\u{202e}",
    "\u{200f}",
    "🙂",
    "👩‍👩‍👧",
    "🇬🇧",
    "𝔘𝔖",
    // ASCII punctuation the stages look at.
    ".",
    ". ",
    "!",
    "?",
    ",",
    ";",
    ":",
    "-",
    " - ",
    "(",
    ")",
    "[",
    "]",
    "<",
    ">",
    "'",
    "\"",
    "&",
    "/",
    "Mr.",
    "U.S.",
    "U.K.",
    "Inc.",
    "Ltd",
    "Corp",
    "plc",
    "(ABC)",
    "<BP.L>",
    "(NYSE: X)",
    // Names and words the dictionaries know, and their neighbours.
    "India",
    "Jordan",
    "Chad",
    "Georgia",
    "China",
    "Barclays",
    "Vodafone",
    "Apple",
    "IBM",
    "Reuters",
    "Bank",
    "of",
    "the",
    "and",
    "said",
    "Chancellor",
    "LONDON",
    "CANCUN, Mexico",
    "Ill.",
    "oil",
    "gold",
    "inflation",
    "election",
    "football",
    // Words in capitals and digits.
    "THE",
    "GOVERNMENT",
    "SAID",
    "1987",
    "3.5",
    "20250304",
    "a",
    "word",
];
