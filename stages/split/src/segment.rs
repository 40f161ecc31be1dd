//! The sentence segmenter: rule-based, one pass over the bytes, exact byte offsets.
//!
//! How a text is cut, in order:
//! 1. **Paragraphs.** A blank line (only whitespace, CRLF or LF) always ends a sentence.
//! 2. **Lines.** Inside a paragraph, a single newline ends a sentence unless the document is
//!    hard-wrapped (detected per document, see [`LineBreaks`]) or the line continues a sentence in
//!    lower case. In wrapped text a newline still ends a sentence before a list item, before an
//!    indented line (a new paragraph) and after a short line without final punctuation (a heading).
//! 3. **Datelines** ("WASHINGTON (Reuters) -", "SALVADOR, Feb 26 -") at the start of a paragraph
//!    are a sentence of their own (read by `newsmill_core::dateline`, as the tagger reads them); **lists** ("1. ... 2. ...", "a) ... b) ...", "• ... • ...")
//!    are cut before each item.
//! 4. **Stops.** `.`, `!`, `?`, `…` (and `。！？`) followed by closing quotes or brackets and then
//!    whitespace are candidate boundaries, decided from the word before (abbreviation, initial,
//!    number, multi-period abbreviation such as "U.S.") and the word after (lower case, number,
//!    capital, sentence starter such as "The", "During", "It"). A period glued to a capitalised
//!    word ("world.Today") is a boundary too, except inside URLs, e-mails and file names.
//!
//! The word lists are data files in `data/split/`, extended from [`SplitConfig`].
use std::collections::HashSet;
use std::hash::{BuildHasher, Hasher};

use crate::config::{LineBreaks, SplitConfig};

/// Characters the copy read as nothing or as a space (an emoji, a byte order mark, a soft hyphen)
/// but that are no white space lie in no span of the copy: a run of them right after a span
/// (no white space between) goes to that span ("ask♥"), any other to the span after it (after
/// the last span, to the last), so that every character of the text but white space stays in a
/// sentence.
fn cover_what_was_read_as_nothing(text: &str, spans: &mut Vec<(usize, usize)>) {
    // The first and last non-white-space characters of `text[from..to]`: their start and end.
    let visible = |from: usize, to: usize| -> Option<(usize, usize)> {
        let gap = &text[from..to];
        let a = gap.find(|c: char| !c.is_whitespace())?;
        let b = gap.rfind(|c: char| !c.is_whitespace())?;
        let last = gap[b..].chars().next().map_or(0, char::len_utf8);
        Some((from + a, from + b + last))
    };
    if spans.is_empty() {
        spans.extend(visible(0, text.len()));
        return;
    }
    for k in 0..spans.len() {
        let mut from = if k == 0 { 0 } else { spans[k - 1].1 };
        if k > 0 {
            // The run that follows the span before without white space: its own.
            let run = text[from..spans[k].0]
                .find(char::is_whitespace)
                .unwrap_or(spans[k].0 - from);
            spans[k - 1].1 += run;
            from += run;
        }
        if let Some((a, _)) = visible(from, spans[k].0) {
            spans[k].0 = a;
        }
    }
    let last = spans.len() - 1;
    if let Some((_, b)) = visible(spans[last].1, text.len()) {
        spans[last].1 = b;
    }
}

#[cfg(test)]
mod tests;

const ABBREVIATIONS: &str = include_str!("../../../data/split/abbreviations.txt");
const TITLE_ABBREVIATIONS: &str = include_str!("../../../data/split/title_abbreviations.txt");
const NUMBER_ABBREVIATIONS: &str = include_str!("../../../data/split/number_abbreviations.txt");
const SENTENCE_STARTERS: &str = include_str!("../../../data/split/sentence_starters.txt");
const EXCEPTIONS: &str = include_str!("../../../data/split/exceptions.txt");
const TIME_WORDS: &str = include_str!("../../../data/split/time_words.txt");

/// Longest word looked up in the lists (longer words are never abbreviations).
const MAX_WORD: usize = 24;
/// Bytes that can start a stop (`.` `!` `?`, the lead bytes of `…` `‼` and full-width stops) or an
/// emoticon (`:` `;`).
static TRIGGER: [bool; 256] = {
    let mut t = [false; 256];
    t[b'.' as usize] = true;
    t[b'!' as usize] = true;
    t[b'?' as usize] = true;
    t[b':' as usize] = true;
    t[b';' as usize] = true;
    t[0xE2] = true;
    t[0xE3] = true;
    t[0xEF] = true;
    t
};
/// Full-width stops, which end a sentence without a following space.
const FULL_WIDTH_STOPS: &[&str] = &["。", "！", "？", "．"];
/// How far ahead the next item of a list is looked for.
const LIST_ITEM_REACH: usize = 2000;
/// Longest token looked at before a stop.
const MAX_TOKEN: usize = 256;
/// An ambiguous abbreviation ends a sentence only when the sentence has at least this many words.
const MIN_WORDS_BEFORE_ABBREVIATION_BREAK: usize = 4;

/// A small, fast hasher for the short keys of the word lists.
#[derive(Debug, Clone, Copy, Default)]
struct FastHash;

struct FastHasher(u64);

impl BuildHasher for FastHash {
    type Hasher = FastHasher;
    fn build_hasher(&self) -> FastHasher {
        FastHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A word list: entries in lower case match case-insensitively, others exactly.
#[derive(Debug, Clone, Default)]
struct WordList {
    folded: HashSet<Box<[u8]>, FastHash>,
    exact: HashSet<Box<[u8]>, FastHash>,
}

impl WordList {
    fn insert(&mut self, word: &str) {
        if word.chars().any(char::is_uppercase) {
            self.exact.insert(word.as_bytes().into());
        } else {
            self.folded.insert(word.as_bytes().into());
        }
    }

    fn contains(&self, word: &[u8]) -> bool {
        if word.is_empty() || word.len() > MAX_WORD {
            return false;
        }
        if self.exact.contains(word) {
            return true;
        }
        let mut buf = [0u8; MAX_WORD];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word);
        lower.make_ascii_lowercase();
        self.folded.contains(&*lower)
    }
}

/// The built-in list `text` (one entry a line, `#` comments) plus `extra`, checked by `check`.
fn load(
    name: &str,
    text: &str,
    extra: &[String],
    check: fn(&str) -> Option<&'static str>,
    errors: &mut Vec<String>,
) -> WordList {
    let mut list = WordList::default();
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        list.insert(line);
    }
    for (i, entry) in extra.iter().enumerate() {
        match check(entry) {
            Some(problem) => errors.push(format!("{name}[{i}] {entry:?}: {problem}")),
            None => list.insert(entry),
        }
    }
    list
}

fn check_abbreviation(entry: &str) -> Option<&'static str> {
    if entry.trim().is_empty() {
        Some("is empty")
    } else if entry.chars().any(char::is_whitespace) {
        Some("must be a single word without spaces")
    } else if entry.ends_with('.') {
        Some("must be written without the final period")
    } else if entry.len() > MAX_WORD {
        Some("is too long for an abbreviation (at most 24 bytes)")
    } else {
        None
    }
}

fn check_word(entry: &str) -> Option<&'static str> {
    if entry.trim().is_empty() {
        Some("is empty")
    } else if !entry.chars().all(char::is_alphabetic) {
        Some("must be a single word of letters")
    } else if entry.len() > MAX_WORD {
        Some("is too long (at most 24 bytes)")
    } else {
        None
    }
}

fn check_exception(entry: &str) -> Option<&'static str> {
    if entry.chars().any(char::is_whitespace) || entry.len() < 2 {
        Some("must be a single word ending in '!' or '?'")
    } else if !(entry.ends_with('!') || entry.ends_with('?')) {
        Some("must end in '!' or '?'")
    } else if entry.len() > MAX_WORD {
        Some("is too long (at most 24 bytes)")
    } else {
        None
    }
}

/// A compiled segmenter, built once from a [`SplitConfig`].
#[derive(Debug, Clone)]
pub struct Segmenter {
    general: WordList,
    titles: WordList,
    numbers: WordList,
    starters: WordList,
    exceptions: WordList,
    time_words: WordList,
    line_breaks: LineBreaks,
}

/// What follows a candidate stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    End,
    Lower,
    Upper,
    Digit,
    Other,
}

/// The word after a stop: its class, its letters, and whether it is an initial ("R.").
#[derive(Debug, Clone, Copy)]
struct NextWord<'a> {
    kind: Next,
    word: &'a [u8],
    initial: bool,
}

/// The word before a period, classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Before {
    Empty,
    Title,
    Number,
    General,
    Time,
    Initial,
    LowerLetter,
    Plain,
}

/// A list marker at the start of a line or sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Marker {
    bullet: Option<char>,
    /// 0 for a bullet without a number; otherwise the number, or the letter's rank (a = 1).
    ordinal: u32,
    letter: bool,
    /// `b'.'`, `b')'`, `b'>'` for ".)", or 0 for a bullet alone.
    style: u8,
    end: usize,
}

impl Segmenter {
    /// Builds the segmenter; returns every problem of the config at once.
    pub fn new(config: &SplitConfig) -> Result<Segmenter, Vec<String>> {
        let mut errors = Vec::new();
        let seg = Segmenter {
            general: load(
                "abbreviations",
                ABBREVIATIONS,
                &config.abbreviations,
                check_abbreviation,
                &mut errors,
            ),
            titles: load(
                "title_abbreviations",
                TITLE_ABBREVIATIONS,
                &config.title_abbreviations,
                check_abbreviation,
                &mut errors,
            ),
            numbers: load(
                "number_abbreviations",
                NUMBER_ABBREVIATIONS,
                &config.number_abbreviations,
                check_abbreviation,
                &mut errors,
            ),
            starters: load(
                "sentence_starters",
                SENTENCE_STARTERS,
                &config.sentence_starters,
                check_word,
                &mut errors,
            ),
            exceptions: load(
                "exceptions",
                EXCEPTIONS,
                &config.exceptions,
                check_exception,
                &mut errors,
            ),
            time_words: load("time_words", TIME_WORDS, &[], check_word, &mut errors),
            line_breaks: config.line_breaks,
        };
        if errors.is_empty() {
            Ok(seg)
        } else {
            Err(errors)
        }
    }

    /// Sentence spans as UTF-8 byte ranges `(start, end)` into `text`, trimmed of surrounding
    /// whitespace, in order, non-overlapping, never empty. The text is read as the tagger reads
    /// it ([`newsmill_core::normalize`]: a zero-width space after a dateline's date hid the
    /// dateline), the spans mapped back into the text as given.
    pub fn split(&self, text: &str) -> Vec<(usize, usize)> {
        let Some(norm) = newsmill_core::normalize::Normalized::of(text) else {
            return self.split_as_read(text);
        };
        let mut spans: Vec<(usize, usize)> = self
            .split_as_read(&norm.text)
            .into_iter()
            .map(|(a, b)| (norm.start_of(a), norm.end_of(b)))
            .filter(|(a, b)| a < b)
            .collect();
        cover_what_was_read_as_nothing(text, &mut spans);
        spans
    }

    /// [`Segmenter::split`] of the text as read.
    fn split_as_read(&self, text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::with_capacity(text.len() / 100 + 1);
        let lines = Lines::of(text);
        let wrapped = match self.line_breaks {
            LineBreaks::Auto => lines.looks_wrapped(text.as_bytes()),
            LineBreaks::Wrapped => true,
            LineBreaks::Lines => false,
        };
        let b = text.as_bytes();
        let mut i = 0;
        while i < lines.all.len() {
            if lines.all[i].blank {
                i += 1;
                continue;
            }
            // A paragraph: lines i..j.
            let mut j = i + 1;
            while j < lines.all.len() && !lines.all[j].blank {
                j += 1;
            }
            let para = &lines.all[i..j];
            let para_ends_in_stop = para
                .last()
                .is_some_and(|l| l.content_end > l.content_start && ends_in_stop(b, l.content_end));
            let mut unit_start = para[0].content_start;
            for k in 0..para.len() {
                let hard = match para.get(k + 1) {
                    None => true,
                    Some(next) => self.hard_break(
                        b,
                        &para[k],
                        next,
                        wrapped,
                        para_ends_in_stop && self.line_breaks == LineBreaks::Auto,
                        &lines,
                    ),
                };
                if hard {
                    self.unit(text, unit_start, para[k].content_end, &mut out);
                    if let Some(next) = para.get(k + 1) {
                        unit_start = next.content_start;
                    }
                }
            }
            i = j;
        }
        out
    }

    /// Whether the newline between `line` and `next` (same paragraph) ends a sentence by itself.
    fn hard_break(
        &self,
        b: &[u8],
        line: &Line,
        next: &Line,
        wrapped: bool,
        may_continue: bool,
        lines: &Lines,
    ) -> bool {
        if self
            .marker(b, next.content_start, next.content_end)
            .is_some()
        {
            return true;
        }
        let first = first_char_class(b, next.content_start, next.content_end);
        if wrapped {
            if next.indent > lines.cont_indent + 1 {
                return true;
            }
            let short = (line.chars as f64) < 0.6 * lines.width as f64;
            short
                && !ends_in_stop(b, line.content_end)
                && !ends_in_soft(b, line.content_end)
                && first != Next::Lower
        } else {
            let continues = first == Next::Lower
                && may_continue
                && !ends_in_stop(b, line.content_end)
                && !matches!(b[line.content_end - 1], b':' | b';');
            !continues
        }
    }

    /// Segments one unit (a run of text with no hard line break inside) and appends the spans.
    fn unit(&self, text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
        let b = text.as_bytes();
        let (mut s, e) = trim(text, start, end);
        if s >= e {
            return;
        }
        if let Some(d) = newsmill_core::dateline::parse(text, s, e) {
            push(text, s, d.end, out);
            s = skip_ws(b, d.end, e);
        }
        self.sentences(text, s, e, out);
    }

    /// The next item of the list whose item `m` starts a sentence: the start of the following
    /// marker of the same kind ("2." after "1.", "b)" after "a)", "•" after "•"), looked for in
    /// the next `LIST_ITEM_REACH` bytes.
    fn next_item(&self, b: &[u8], m: Marker, e: usize) -> Option<usize> {
        let limit = e.min(m.end + LIST_ITEM_REACH);
        let mut p = m.end + 1;
        while p < limit {
            if is_ascii_ws(b[p - 1]) && !is_ascii_ws(b[p]) {
                if let Some(n) = self.marker(b, p, e) {
                    let follows = n.bullet == m.bullet
                        && n.style == m.style
                        && n.letter == m.letter
                        && (n.ordinal == m.ordinal + 1
                            || (n.ordinal == 0
                                && m.ordinal == 0
                                && n.bullet.is_some_and(inline_bullet)));
                    if follows {
                        return Some(p);
                    }
                }
            }
            p += 1;
        }
        None
    }

    /// Where scanning starts in a sentence beginning at `seg` (after a list marker, if any), and
    /// where the next list item starts.
    fn sentence_start(&self, b: &[u8], seg: usize, e: usize) -> (usize, Option<usize>) {
        match self.marker(b, seg, e) {
            Some(m) => (m.end, self.next_item(b, m, e)),
            None => (seg, None),
        }
    }

    /// Cuts `start..end` (no hard breaks inside) at sentence stops and list items.
    fn sentences(&self, text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
        let b = text.as_bytes();
        let (mut seg, e) = trim(text, start, end);
        if seg >= e {
            return;
        }
        let (mut i, mut item) = self.sentence_start(b, seg, e);
        while i < e {
            // Skip quickly to the next byte that can start a stop or an emoticon.
            let limit = item.map_or(e, |n| n.min(e));
            while i < limit && !TRIGGER[usize::from(b[i])] {
                i += 1;
            }
            if i >= e {
                break;
            }
            if let Some(next) = item.filter(|&n| i >= n) {
                // The next list item: "1. Buy milk 2. Sell eggs".
                push(text, seg, next, out);
                seg = next;
                (i, item) = self.sentence_start(b, seg, e);
                continue;
            }
            let c = b[i];
            let stop = match c {
                b'.' | b'!' | b'?' => true,
                b':' | b';' => {
                    // An emoticon before a capitalised word ends the sentence: "Great :) The ...".
                    let m = emoticon_len(b, i, e);
                    if m > 0 && is_ws_at(b, i + m) && i > seg {
                        let next = next_word(b, i + m, e);
                        if next.kind == Next::Upper {
                            push(text, seg, i + m, out);
                            seg = skip_ws(b, i + m, e);
                            (i, item) = self.sentence_start(b, seg, e);
                            continue;
                        }
                        i += m;
                        continue;
                    }
                    false
                }
                0xE2 => b[i..e].starts_with("…".as_bytes()) || b[i..e].starts_with("‼".as_bytes()),
                0xE3 | 0xEF => FULL_WIDTH_STOPS
                    .iter()
                    .any(|s| b[i..e].starts_with(s.as_bytes())),
                _ => false,
            };
            if !stop {
                i += 1;
                continue;
            }
            let (cut, resume) = self.decide(b, seg, i, e);
            let cut = cut.filter(|&c| c > seg && text.is_char_boundary(c));
            // A cut past the next list item is cut at the item instead.
            if let Some(cut) = cut.filter(|&c| item.is_none_or(|n| c <= n)) {
                push(text, seg, cut, out);
                seg = skip_ws(b, cut, e);
                if seg >= e {
                    return;
                }
                let (j, next_item) = self.sentence_start(b, seg, e);
                i = j.max(resume);
                item = next_item;
            } else {
                i = resume;
            }
        }
        if seg < e {
            push(text, seg, e, out);
        }
    }

    /// Decides the stop starting at byte `i` (sentence started at `seg`): where to cut, if at all,
    /// and where to resume scanning.
    fn decide(&self, b: &[u8], seg: usize, i: usize, e: usize) -> (Option<usize>, usize) {
        // Full-width CJK stops end a sentence without a following space.
        if b[i] == 0xE3 || b[i] == 0xEF {
            let mut j = i;
            while j < e
                && FULL_WIDTH_STOPS
                    .iter()
                    .any(|s| b[j..e].starts_with(s.as_bytes()))
            {
                j += 3;
            }
            let end = skip_closers(b, j, e);
            return (if end < e { Some(end) } else { None }, end.max(i + 1));
        }
        // The run of stops, including spaced ellipses (". . .").
        let mut j = i;
        let (mut dots, mut marks, mut ellipsis, mut spaced) = (0usize, false, false, false);
        while j < e {
            match b[j] {
                b'.' => {
                    dots += 1;
                    j += 1;
                }
                b'!' | b'?' => {
                    marks = true;
                    j += 1;
                }
                0xE2 if b[j..e].starts_with("…".as_bytes()) => {
                    ellipsis = true;
                    j += 3;
                }
                0xE2 if b[j..e].starts_with("‼".as_bytes()) => {
                    marks = true;
                    j += 3;
                }
                b' ' if j > i
                    && b[j - 1] == b'.'
                    && j + 1 < e
                    && b[j + 1] == b'.'
                    && (j + 2 >= e || !b[j + 2].is_ascii_alphanumeric()) =>
                {
                    spaced = true;
                    j += 1;
                }
                _ => break,
            }
        }
        let run_end = j;
        let end = skip_closers(b, run_end, e);
        let closers = end > run_end;
        let attached = i > seg && !is_ascii_ws(b[i - 1]);
        // An elision inside brackets: "[...]".
        if i > 0 && matches!(b[i - 1], b'[' | b'(') {
            return (None, end.max(i + 1));
        }
        if end >= e {
            return (None, e);
        }
        if !is_ws_at(b, end) {
            // Glued to the next word: "world.Today" is a boundary, "example.com" is not.
            if dots == 1 && !marks && !ellipsis && !closers && self.glued_boundary(b, seg, i, e) {
                return (Some(i + 1), i + 1);
            }
            return (None, run_end.max(i + 1));
        }
        // Citation marks after the stop belong to the sentence: "... in 1805. [6] He ...".
        let end = skip_citations(b, end, e);
        if end >= e {
            return (None, e);
        }
        let next = next_word(b, end, e);
        if spaced {
            if attached && dots >= 4 && b[i] == b'.' {
                // "compounds. . . . The": the first period ends the sentence, the ellipsis opens
                // the next one.
                return (
                    if next.kind == Next::Upper {
                        Some(i + 1)
                    } else {
                        None
                    },
                    if next.kind == Next::Upper { i + 1 } else { end },
                );
            }
            return (
                if dots >= 4 && next.kind == Next::Upper {
                    Some(end)
                } else {
                    None
                },
                end,
            );
        }
        if ellipsis || dots >= 2 {
            let cut = next.kind == Next::Upper;
            return (cut.then_some(end), end);
        }
        let token = token_before(b, seg, i);
        if marks {
            let cut = match next.kind {
                // "Really? no way": a boundary, but not after a quote ("'Why?' she asked") nor
                // after a name such as "Yahoo!".
                Next::Lower => {
                    !closers
                        && !self
                            .exceptions
                            .contains(&b[token.0..run_end.min(token.0 + MAX_WORD)])
                }
                _ => {
                    let mut name = [0u8; MAX_WORD];
                    let len = (run_end - token.0).min(MAX_WORD);
                    name[..len].copy_from_slice(&b[token.0..token.0 + len]);
                    !self.exceptions.contains(&name[..len]) || self.is_starter(&next)
                }
            };
            return (cut.then_some(end), end);
        }
        let word = &b[token.0..token.1];
        if closers {
            return ((next.kind != Next::Lower).then_some(end), end);
        }
        let before = self.classify(word);
        let cut = match (before, next.kind) {
            (Before::Title, _) => false,
            (Before::Empty, k) => k == Next::Upper,
            (Before::Plain, Next::Lower) => self.plain_before_lower(word),
            (Before::Plain, _) => true,
            (_, Next::Lower | Next::Digit | Next::Other) => false,
            (_, Next::End) => true,
            (Before::Number | Before::LowerLetter, Next::Upper) => !self.general.contains(word),
            (Before::Initial | Before::General | Before::Time, Next::Upper) => {
                !next.initial
                    && (self.is_starter(&next)
                        || (before == Before::Time
                            && (self.titles.contains(next.word)
                                || !(self.time_words.contains(next.word)
                                    || next.word.iter().all(u8::is_ascii_uppercase)))))
                    && words_in(b, seg, i) >= MIN_WORDS_BEFORE_ABBREVIATION_BREAK
            }
        };
        (cut.then_some(end), end)
    }

    /// A plain word, a period, then a lower-case word: a boundary (informal text often starts
    /// sentences in lower case), unless the word is a single character or holds periods itself
    /// (an unknown abbreviation such as "voc.ed." or a dotted name).
    fn plain_before_lower(&self, word: &[u8]) -> bool {
        word.len() >= 2 && !word.contains(&b'.') && word.iter().any(u8::is_ascii_alphanumeric)
    }

    fn is_starter(&self, next: &NextWord) -> bool {
        next.kind == Next::Upper && self.starters.contains(next.word)
    }

    fn classify(&self, word: &[u8]) -> Before {
        if word.is_empty() {
            return Before::Empty;
        }
        if self.titles.contains(word)
            || (word.len() <= 5
                && word.len() >= 2
                && word.iter().all(u8::is_ascii_uppercase)
                && self.titles.contains(&capitalized(word)[..word.len()]))
        {
            return Before::Title;
        }
        if word.len() == 1 && word[0].is_ascii_alphabetic() {
            return if word[0].is_ascii_uppercase() {
                Before::Initial
            } else {
                Before::LowerLetter
            };
        }
        if self.numbers.contains(word) {
            return Before::Number;
        }
        if self.general.contains(word) {
            return Before::General;
        }
        if word.contains(&b'.') {
            if is_dotted_abbreviation(word) {
                let lower = word.to_ascii_lowercase();
                return if lower == b"a.m" || lower == b"p.m" {
                    Before::Time
                } else {
                    Before::General
                };
            }
            return Before::Plain;
        }
        Before::Plain
    }

    /// "world.Today": a period glued between a word and a capitalised word.
    fn glued_boundary(&self, b: &[u8], seg: usize, i: usize, e: usize) -> bool {
        let (ts, te) = token_before(b, seg, i);
        let word = &b[ts..te];
        if word.len() < 2
            || word
                .iter()
                .any(|&c| matches!(c, b'@' | b'/' | b':' | b'.' | b'_' | b'\\'))
        {
            return false;
        }
        let last = word[word.len() - 1];
        if !(last.is_ascii_lowercase() || last.is_ascii_digit())
            || self.classify(word) != Before::Plain
        {
            return false;
        }
        // The next word: a capital, then lower-case letters, then not more of a name ("Jane.Doe@").
        let mut p = i + 1;
        if p + 1 >= e || !b[p].is_ascii_uppercase() || !b[p + 1].is_ascii_lowercase() {
            return false;
        }
        while p < e && b[p].is_ascii_alphabetic() {
            p += 1;
        }
        p >= e
            || !(matches!(b[p], b'@' | b'/' | b'_')
                || (b[p] == b'.' && p + 1 < e && b[p + 1].is_ascii_alphanumeric()))
    }

    /// A list marker at `p`: "1.", "2)", "3.)", "a.", "b)", "•", "• 9.", "⁃10.", "- ", "* ".
    fn marker(&self, b: &[u8], p: usize, e: usize) -> Option<Marker> {
        let mut q = p;
        let mut bullet = None;
        if q < e {
            let rest = &b[q..e];
            for &(s, ch) in BULLETS {
                if rest.starts_with(s.as_bytes()) {
                    bullet = Some(ch);
                    q += s.len();
                    break;
                }
            }
        }
        let after_bullet = q;
        while q < e && b[q] == b' ' {
            q += 1;
        }
        // A number of 1-2 digits or a single letter.
        let num_start = q;
        while q < e && q - num_start < 3 && b[q].is_ascii_digit() {
            q += 1;
        }
        let (ordinal, letter) = if q > num_start && q - num_start <= 2 {
            (
                std::str::from_utf8(&b[num_start..q])
                    .ok()?
                    .parse::<u32>()
                    .ok()?,
                false,
            )
        } else if q == num_start
            && q < e
            && b[q].is_ascii_lowercase()
            && q + 1 < e
            && matches!(b[q + 1], b'.' | b')')
        {
            q += 1;
            (u32::from(b[q - 1] - b'a') + 1, true)
        } else {
            // A bullet alone, followed by a space.
            return match bullet {
                Some(ch)
                    if after_bullet < e
                        && (b[after_bullet - 1] == b' ' || is_ascii_ws(b[after_bullet])) =>
                {
                    Some(Marker {
                        bullet: Some(ch),
                        ordinal: 0,
                        letter: false,
                        style: 0,
                        end: after_bullet,
                    })
                }
                _ => None,
            };
        };
        let style = if b[q..e].starts_with(b".)") {
            q += 2;
            b'>'
        } else if q < e && (b[q] == b'.' || b[q] == b')') {
            q += 1;
            b[q - 1]
        } else {
            return None;
        };
        // A space after, then a word that is not a number ("1. 5 million" is no list).
        if q >= e || !is_ascii_ws(b[q]) {
            return None;
        }
        let w = skip_ws(b, q, e);
        if w >= e || b[w].is_ascii_digit() {
            return None;
        }
        Some(Marker {
            bullet,
            ordinal,
            letter,
            style,
            end: q,
        })
    }
}

/// Bullet characters recognised at the start of a list item.
const BULLETS: &[(&str, char)] = &[
    ("•", '•'),
    ("⁃", '⁃'),
    ("▪", '▪'),
    ("◦", '◦'),
    ("‣", '‣'),
    ("●", '●'),
    ("- ", '-'),
    ("* ", '*'),
    ("– ", '–'),
];

/// Bullets that also separate items inside a line ("• one • two"); "-" and "*" do not.
fn inline_bullet(c: char) -> bool {
    matches!(c, '•' | '⁃' | '▪' | '◦' | '‣' | '●')
}

/// One line of the text.
#[derive(Debug, Clone, Copy)]
struct Line {
    content_start: usize,
    /// After the last non-whitespace byte.
    content_end: usize,
    blank: bool,
    indent: usize,
    /// Characters up to `content_end`, indent included.
    chars: usize,
}

/// The lines of a text and its wrap statistics.
struct Lines {
    all: Vec<Line>,
    /// A typical full line length (90th percentile), in characters.
    width: usize,
    /// The smallest indent of a line that follows another line (a continuation line's indent).
    cont_indent: usize,
}

impl Lines {
    fn of(text: &str) -> Lines {
        let b = text.as_bytes();
        let mut all = Vec::new();
        let mut start = 0;
        while start <= b.len() {
            let end = memchr_newline(b, start).unwrap_or(b.len());
            let line = &text[start..end];
            let trimmed_end = start + line.trim_end().len();
            let content_start = end - line.trim_start().len();
            let blank = content_start >= trimmed_end;
            let indent = line
                .bytes()
                .take_while(|&c| c == b' ' || c == b'\t')
                .count();
            let chars = if blank {
                0
            } else {
                count_chars(&b[start..trimmed_end])
            };
            all.push(Line {
                content_start,
                content_end: trimmed_end.max(content_start),
                blank,
                indent,
                chars,
            });
            if end == b.len() {
                break;
            }
            start = end + 1;
        }
        let mut lens: Vec<usize> = all.iter().filter(|l| !l.blank).map(|l| l.chars).collect();
        lens.sort_unstable();
        let width = lens.get(lens.len() * 9 / 10).copied().unwrap_or(0);
        let cont_indent = all
            .windows(2)
            .filter(|w| !w[0].blank && !w[1].blank)
            .map(|w| w[1].indent)
            .min()
            .unwrap_or(0);
        Lines {
            all,
            width,
            cont_indent,
        }
    }

    /// Hard-wrapped: a typical width of 30-130 characters, and among the lines that go on to a
    /// non-indented line of the same paragraph without ending in a stop, at least two and at
    /// least half are near the width and followed by a line that starts in lower case, with a
    /// digit or a bracket (a sentence running on). A list of headlines or short items is not.
    fn looks_wrapped(&self, b: &[u8]) -> bool {
        if !(30..=130).contains(&self.width) {
            return false;
        }
        let (mut candidates, mut running_on) = (0usize, 0usize);
        for w in self.all.windows(2) {
            if w[0].blank
                || w[1].blank
                || w[1].indent > self.cont_indent + 1
                || ends_in_stop(b, w[0].content_end)
            {
                continue;
            }
            candidates += 1;
            let first = b[w[1].content_start];
            let continues = first.is_ascii_lowercase()
                || first.is_ascii_digit()
                || matches!(first, b'(' | b'$' | b'%' | b'&');
            if continues && w[0].chars as f64 >= 0.6 * self.width as f64 {
                running_on += 1;
            }
        }
        running_on >= 2 && running_on * 2 >= candidates
    }
}

fn memchr_newline(b: &[u8], from: usize) -> Option<usize> {
    b[from..].iter().position(|&c| c == b'\n').map(|p| p + from)
}

fn count_chars(b: &[u8]) -> usize {
    b.iter().filter(|&&c| (c as i8) >= -0x40).count()
}

/// Whether the text ends at `end` (exclusive) with a stop, possibly followed by closers.
fn ends_in_stop(b: &[u8], end: usize) -> bool {
    let mut p = end;
    while p > 0 {
        let c = b[p - 1];
        match c {
            b'.' | b'!' | b'?' => return true,
            b')' | b']' | b'"' | b'\'' => p -= 1,
            0x9D | 0x99 | 0xA6 if p >= 3 && b[p - 3] == 0xE2 && b[p - 2] == 0x80 => {
                if c == 0xA6 {
                    return true;
                }
                p -= 3;
            }
            _ => return false,
        }
    }
    false
}

/// Whether a line ends in a mark that continues the sentence on the next line (`,` `;` `:` `-`).
fn ends_in_soft(b: &[u8], end: usize) -> bool {
    end > 0 && matches!(b[end - 1], b',' | b';' | b':' | b'-' | b'(' | b'&')
}

fn is_ascii_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

/// Whether a whitespace character (ASCII or non-breaking space) starts at `p`.
fn is_ws_at(b: &[u8], p: usize) -> bool {
    p < b.len()
        && (is_ascii_ws(b[p])
            || (b[p] == 0xC2 && b.get(p + 1) == Some(&0xA0))
            || (b[p] == 0xE2
                && b.get(p + 1) == Some(&0x80)
                && b.get(p + 2)
                    .is_some_and(|&c| (0x80..=0x8A).contains(&c) || c == 0xAF)))
}

fn skip_ws(b: &[u8], mut p: usize, e: usize) -> usize {
    while p < e && is_ascii_ws(b[p]) {
        p += 1;
    }
    p
}

/// Skips closing quotes and brackets (and stops mixed with them, as in `?").` ).
fn skip_closers(b: &[u8], mut p: usize, e: usize) -> usize {
    while p < e {
        match b[p] {
            b')' | b']' | b'}' | b'"' | b'\'' => p += 1,
            b'.' | b'!' | b'?'
                if p > 0 && matches!(b[p - 1], b')' | b']' | b'"' | b'\'' | 0x9D | 0x99 | 0xBB) =>
            {
                p += 1
            }
            0xE2 if b[p..e].starts_with("”".as_bytes())
                || b[p..e].starts_with("’".as_bytes())
                || b[p..e].starts_with("›".as_bytes()) =>
            {
                p += 3
            }
            0xC2 if b[p..e].starts_with("»".as_bytes()) => p += 2,
            _ => break,
        }
    }
    p
}

/// Skips citation marks after a stop: "[12]", "[3, 4]", "[...]", "[…]", and a bare footnote
/// number before a capitalised word ("... rights. 4 Even though ...").
fn skip_citations(b: &[u8], end: usize, e: usize) -> usize {
    let mut end = end;
    loop {
        let p = skip_ws(b, end, e);
        if p >= e {
            return end;
        }
        if b[p] == b'[' {
            let mut q = p + 1;
            while q < e
                && q - p <= 12
                && (b[q].is_ascii_digit() || matches!(b[q], b',' | b' ' | b'.' | b'-'))
            {
                q += 1;
            }
            let ellipsis = b[p + 1..e].starts_with("…]".as_bytes());
            if ellipsis {
                q = p + 4;
            }
            if q < e
                && b[q] == b']'
                && (q > p + 1)
                && (ellipsis
                    || b[p + 1..q].iter().any(|c| c.is_ascii_digit())
                    || b[p + 1..q].iter().all(|&c| c == b'.'))
            {
                end = q + 1;
                continue;
            }
            return end;
        }
        let m = emoticon_len(b, p, e);
        if m > 0 && (p + m >= e || is_ws_at(b, p + m)) {
            end = p + m;
            continue;
        }
        if b[p].is_ascii_digit() {
            let mut q = p;
            while q < e && b[q].is_ascii_digit() {
                q += 1;
            }
            if q - p <= 2
                && q < e
                && b[q] == b' '
                && q + 2 < e
                && b[q + 1].is_ascii_uppercase()
                && b[q + 2].is_ascii_lowercase()
            {
                return q;
            }
        }
        return end;
    }
}

/// The length of an emoticon at `p` (":)", ":-(", ";)", ":D", ":P"), or 0.
fn emoticon_len(b: &[u8], p: usize, e: usize) -> usize {
    if p >= e || !matches!(b[p], b':' | b';') {
        return 0;
    }
    let q = if p + 1 < e && b[p + 1] == b'-' {
        p + 2
    } else {
        p + 1
    };
    if q < e
        && matches!(b[q], b')' | b'(' | b'D' | b'P' | b'p')
        && (q + 1 >= e || !b[q + 1].is_ascii_alphanumeric())
    {
        q + 1 - p
    } else {
        0
    }
}

/// Skips opening quotes and brackets.
fn skip_openers(b: &[u8], mut p: usize, e: usize) -> usize {
    while p < e {
        match b[p] {
            b'(' | b'[' | b'{' | b'"' | b'\'' => p += 1,
            0xE2 if b[p..e].starts_with("“".as_bytes())
                || b[p..e].starts_with("‘".as_bytes())
                || b[p..e].starts_with("‹".as_bytes()) =>
            {
                p += 3
            }
            0xC2 if b[p..e].starts_with("«".as_bytes())
                || b[p..e].starts_with("¿".as_bytes())
                || b[p..e].starts_with("¡".as_bytes()) =>
            {
                p += 2
            }
            _ => break,
        }
    }
    p
}

/// The class of the first character at `p` (after whitespace and openers are skipped).
fn first_char_class(b: &[u8], p: usize, e: usize) -> Next {
    if p >= e {
        return Next::End;
    }
    let c = b[p];
    if c.is_ascii_lowercase() {
        Next::Lower
    } else if c.is_ascii_uppercase() {
        Next::Upper
    } else if c.is_ascii_digit() {
        Next::Digit
    } else if c >= 0xC0 {
        match char_at(b, p, e) {
            Some(ch) if ch.is_lowercase() => Next::Lower,
            Some(ch) if ch.is_uppercase() => Next::Upper,
            _ => Next::Other,
        }
    } else {
        Next::Other
    }
}

/// The character starting at byte `p` (a char boundary), if it ends before `e`.
fn char_at(b: &[u8], p: usize, e: usize) -> Option<char> {
    let len = match b[p] {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    };
    std::str::from_utf8(b.get(p..(p + len).min(e))?)
        .ok()?
        .chars()
        .next()
}

/// The word after whitespace at `p`.
fn next_word(b: &[u8], p: usize, e: usize) -> NextWord<'_> {
    let p = skip_ws(b, p, e);
    let p = skip_openers(b, p, e);
    let kind = first_char_class(b, p, e);
    let mut q = p;
    while q < e && b[q].is_ascii_alphabetic() {
        q += 1;
    }
    let word = &b[p..q];
    let initial = word.len() == 1 && q < e && b[q] == b'.';
    NextWord {
        kind,
        word,
        initial,
    }
}

/// The word before the stop at `i`: from the last whitespace (or `seg`) to `i`, without openers.
/// A token longer than `MAX_TOKEN` bytes is returned empty (a long URL or garbage, never an
/// abbreviation), which also keeps the segmenter linear on text without spaces.
fn token_before(b: &[u8], seg: usize, i: usize) -> (usize, usize) {
    let floor = seg.max(i.saturating_sub(MAX_TOKEN));
    let mut k = i;
    while k > floor && !is_ascii_ws(b[k - 1]) && !(b[k - 1] == 0xA0 && k >= 2 && b[k - 2] == 0xC2) {
        k -= 1;
    }
    if k == floor && k > seg {
        return (i, i);
    }
    let k = skip_openers(b, k, i);
    (k, i)
}

/// Words from `seg` to `i`, counted up to the threshold.
fn words_in(b: &[u8], seg: usize, i: usize) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for &c in &b[seg..i] {
        if is_ascii_ws(c) {
            in_word = false;
        } else if !in_word {
            in_word = true;
            n += 1;
            if n >= MIN_WORDS_BEFORE_ABBREVIATION_BREAK {
                return n;
            }
        }
    }
    n
}

/// "GEN" as "Gen" (words of at most five ASCII letters).
fn capitalized(word: &[u8]) -> [u8; 5] {
    let mut out = [0u8; 5];
    for (i, &c) in word.iter().take(5).enumerate() {
        out[i] = if i == 0 { c } else { c.to_ascii_lowercase() };
    }
    out
}

/// "U.S", "e.g", "Ph.D", "a.m": groups of one to three letters joined by periods, one of them a
/// single letter.
fn is_dotted_abbreviation(word: &[u8]) -> bool {
    let mut single = false;
    for part in word.split(|&c| c == b'.') {
        if part.is_empty() || part.len() > 3 || !part.iter().all(u8::is_ascii_alphabetic) {
            return false;
        }
        single |= part.len() == 1;
    }
    single
}

/// `start..end` without surrounding (Unicode) whitespace.
fn trim(text: &str, start: usize, end: usize) -> (usize, usize) {
    let s = &text[start..end];
    let t = s.trim_start();
    let start = start + (s.len() - t.len());
    (start, start + t.trim_end().len())
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let (s, e) = trim(text, start, end);
    if s < e {
        out.push((s, e));
    }
}
