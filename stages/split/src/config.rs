//! Configuration of the split stage (the `[split]` section of the config file).
//!
//! Every list here extends the built-in lists in `data/split/` (it never replaces them). Entries are
//! written without the final period (except `exceptions`, which keep their `!` or `?`); an entry
//! written all in lower case matches case-insensitively, one with a capital matches exactly.
use serde::{Deserialize, Serialize};

/// The `[split]` section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SplitConfig {
    /// Extra general abbreviations (without the final period), e.g. `["Univ", "dept"]`: a period
    /// after one ends a sentence only before a common sentence starter ("It", "The", "But", ...).
    pub abbreviations: Vec<String>,
    /// Extra titles written before a name (without the final period), e.g. `["Sen", "Gov"]`: a
    /// period after one never ends a sentence.
    pub title_abbreviations: Vec<String>,
    /// Extra abbreviations written before a number (without the final period), e.g. `["No", "p"]`:
    /// a period after one never ends a sentence when a number follows ("No. 1", "p. 55").
    pub number_abbreviations: Vec<String>,
    /// Extra words that commonly start a sentence (decide "the U.S. During ..." versus
    /// "the U.S. Government").
    pub sentence_starters: Vec<String>,
    /// Extra names ending in `!` or `?`, written with the mark, e.g. `["Yahoo!"]`: the mark ends a
    /// sentence only before a sentence starter.
    pub exceptions: Vec<String>,
    /// How a single newline inside a paragraph is read (a blank line always ends a sentence).
    pub line_breaks: LineBreaks,
    /// Whether `sentences.text` holds each sentence's text (default); `false` leaves it null, for
    /// size (the offsets into `documents` stay).
    pub sentence_text: bool,
}

impl Default for SplitConfig {
    fn default() -> Self {
        SplitConfig {
            abbreviations: Vec::new(),
            title_abbreviations: Vec::new(),
            number_abbreviations: Vec::new(),
            sentence_starters: Vec::new(),
            exceptions: Vec::new(),
            line_breaks: LineBreaks::default(),
            sentence_text: true,
        }
    }
}

/// How single newlines are read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LineBreaks {
    /// Decide per document: hard-wrapped text (most lines of similar length, most not ending in
    /// punctuation) is joined across newlines; otherwise each line is its own paragraph.
    #[default]
    Auto,
    /// The text is hard-wrapped: a newline ends a sentence only before a list item or an indented
    /// line, or after a short line without final punctuation (a heading).
    Wrapped,
    /// Every newline ends a sentence (one paragraph, heading or list item a line).
    Lines,
}
