//! The `[ingest]` section of the config.

use serde::{Deserialize, Serialize};

/// How to read a file. `auto` decides by the file name (`.jsonl`, `.ndjson`, `.csv`, `.parquet`,
/// `.txt`, `.md`, each optionally followed by `.gz` or `.zst`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Auto,
    Text,
    Jsonl,
    Csv,
    Parquet,
}

/// The `[ingest]` section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IngestConfig {
    /// Input format; `auto` decides by file name (standard input: JSON if it starts with `{` or `[`, else text).
    pub format: Format,
    /// Fields that may hold the document id, first present wins. Without one, the id is a hash of the text.
    pub id_fields: Vec<String>,
    /// Fields that may hold the title.
    pub title_fields: Vec<String>,
    /// Fields that may hold the text.
    pub text_fields: Vec<String>,
    /// Fields that hold a summary (news APIs' `description`): the text when no field of
    /// `text_fields` holds a longer one.
    pub summary_fields: Vec<String>,
    /// If set, the text is these fields joined in order (missing ones skipped), instead of `text_fields`.
    /// Example: `["dateline", "body"]` for wire stories whose dateline is a field of its own.
    pub text_join: Vec<String>,
    /// The CSV delimiter: `auto` (the most frequent of comma, semicolon and tab in the header
    /// line), or one character (`","`, `";"`, `"\t"`).
    pub csv_delimiter: String,
    /// The character encoding of text, JSONL and CSV inputs: `auto` (the default: UTF-8, and
    /// in a record that is not, each run of bytes that is no UTF-8 read as Windows-1252, the
    /// legacy encoding of Western news files: a latin-1 "£" is "£", not a lost article; the
    /// run warns how many), `utf-8` (strict: a record that is not UTF-8 is a reject), or any
    /// label of the WHATWG Encoding Standard (`windows-1252`, `latin1`, `iso-8859-15`,
    /// `shift_jis`, `gbk`, `utf-16le`, ...). A file that starts with a byte order mark is read
    /// in the mark's encoding whatever this says. Parquet strings are UTF-8 by definition.
    pub encoding: String,
    /// HTML in texts and titles (scrapers' and feeds' bodies): `auto` reads a text that holds
    /// HTML tags (`</p>`, `<br>`) as HTML, its tags, scripts and styles dropped, paragraphs as line
    /// ends and `&amp;`-style references decoded; `strip` reads every text so; `keep` leaves texts
    /// as they are.
    pub html: crate::html::Html,
    /// Fields that may hold the publication date.
    pub date_fields: Vec<String>,
    /// Fields that may hold the URL.
    pub url_fields: Vec<String>,
    /// Fields that may hold the publisher (`documents.outlet`): the first that holds a string
    /// wins (`source.name` reads `{"source": {"name": ...}}`; an object `source` is passed over).
    pub outlet_fields: Vec<String>,
    /// Extra date formats (chrono strftime syntax), tried after RFC 3339, RFC 2822 and YYYY-MM-DD.
    /// Times without a zone are taken as UTC. Example: `"%d-%b-%Y %H:%M:%S%.f"`.
    pub date_formats: Vec<String>,
    /// Other input fields to carry through as string columns of `documents` (objects and lists
    /// as their JSON text); `source` is carried as the column `source_raw`.
    pub carry: Vec<String>,
    /// Documents per batch.
    pub batch_size: usize,
    /// Bytes of text per batch, at most (a batch closes at whichever limit comes first).
    pub batch_bytes: usize,
    /// Keep a record that has a title but no text (a headline-only wire flash) as a document
    /// with an empty text, its title tagged; off: such records are rejects.
    pub keep_title_only: bool,
    /// Mark near-duplicates (`documents.duplicate_of`): syndicated copies of one story.
    pub duplicates: bool,
    /// Two texts are near-duplicates when their SimHashes differ in at most this many of 64 bits
    /// (0 to 7; on Reuters-21578, pairs within 6 bits share at least 77% of their word
    /// 3-shingles).
    pub duplicate_max_bits: u32,
    /// Texts with fewer words are never marked as duplicates (short texts collide by chance).
    pub duplicate_min_words: usize,
    /// The largest input document (a text file, a JSONL line, a record's text), in bytes, after
    /// decompression; larger ones are rejects and are not read further (at most 1 GiB).
    pub max_document_bytes: usize,
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

impl Default for IngestConfig {
    fn default() -> Self {
        IngestConfig {
            format: Format::Auto,
            id_fields: strings(&["id", "doc_id", "docid", "article_id", "guid", "uuid", "url"]),
            title_fields: strings(&["title", "headline"]),
            text_fields: strings(&[
                "text",
                "body",
                "content",
                "article",
                "story",
                "full_text",
                "maintext",
                "article_body",
                "body_text",
            ]),
            summary_fields: strings(&["description", "summary"]),
            text_join: Vec::new(),
            date_fields: strings(&[
                "published_at",
                "published",
                "date",
                "pubdate",
                "publish_date",
                "datetime",
                "seendate",
                "timestamp",
                "date_published",
                "publication_date",
                "published_date",
                "created_at",
                "ts",
            ]),
            url_fields: strings(&["url", "link"]),
            outlet_fields: strings(&[
                "source.name",
                "source",
                "source_name",
                "publisher",
                "domain",
                "source.id",
                "source_id",
            ]),
            csv_delimiter: "auto".to_string(),
            encoding: "auto".to_string(),
            html: crate::html::Html::Auto,
            date_formats: Vec::new(),
            carry: Vec::new(),
            batch_size: 512,
            batch_bytes: 4 << 20,
            keep_title_only: true,
            duplicates: true,
            duplicate_max_bits: 6,
            duplicate_min_words: 40,
            max_document_bytes: crate::limit::DEFAULT_MAX_DOCUMENT_BYTES,
        }
    }
}

/// The column a carried `source` becomes (`source` is the column of where a document was read).
pub const CARRIED_SOURCE: &str = "source_raw";

const RESERVED: [&str; 10] = [
    "doc_id",
    "source",
    "title",
    "published_at",
    "url",
    "text",
    "content_hash",
    "simhash",
    "duplicate_of",
    "outlet",
];

impl IngestConfig {
    /// The names of the carried columns: the `carry` fields, `source` renamed
    /// [`CARRIED_SOURCE`].
    pub fn carried_columns(&self) -> Vec<String> {
        self.carry
            .iter()
            .map(|c| {
                if c == "source" {
                    CARRIED_SOURCE.to_string()
                } else {
                    c.clone()
                }
            })
            .collect()
    }

    /// Every problem with this config (empty when it is fine).
    /// The encoding of `encoding`, `None` for UTF-8 (read as it is) or an unknown label (a
    /// problem of the config).
    pub fn legacy_encoding(&self) -> Option<&'static encoding_rs::Encoding> {
        if self.is_auto_encoding() {
            return None;
        }
        encoding_rs::Encoding::for_label(self.encoding.trim().as_bytes())
            .filter(|e| *e != encoding_rs::UTF_8)
    }

    /// Whether `encoding` is `auto`: UTF-8, what is not read as Windows-1252.
    pub fn is_auto_encoding(&self) -> bool {
        self.encoding.trim().eq_ignore_ascii_case("auto")
    }

    /// Every problem with this config (empty when it is fine).
    pub fn problems(&self) -> Vec<String> {
        let mut p = Vec::new();
        if self.text_fields.is_empty() && self.text_join.is_empty() {
            p.push(
                "ingest.text_fields: must name at least one field (or set ingest.text_join)"
                    .to_string(),
            );
        }
        if self.csv_delimiter != "auto"
            && !matches!(self.csv_delimiter.as_str(), "\\t" | "tab")
            && !(self.csv_delimiter.len() == 1 && self.csv_delimiter.is_ascii())
        {
            p.push(format!(
                "ingest.csv_delimiter: `{}` is not `auto` or one ASCII character",
                self.csv_delimiter
            ));
        }
        if !self.is_auto_encoding()
            && encoding_rs::Encoding::for_label(self.encoding.trim().as_bytes()).is_none()
        {
            p.push(format!(
                "ingest.encoding: `{}` is no encoding (for example `auto`, `utf-8`, `windows-1252`, `latin1`, `shift_jis`, `gbk`)",
                self.encoding
            ));
        }
        if self.batch_size == 0 {
            p.push("ingest.batch_size: must be at least 1".to_string());
        }
        if self.duplicate_max_bits > 7 {
            p.push(format!(
                "ingest.duplicate_max_bits: {} is more than 7 (of 64 bits: unrelated texts would match)",
                self.duplicate_max_bits
            ));
        }
        if self.batch_bytes == 0 {
            p.push("ingest.batch_bytes: must be at least 1".to_string());
        }
        // A batch's text is one Arrow string array (offsets up to 2 GiB): at most `batch_bytes`
        // plus one document.
        let most = crate::limit::MAX_MAX_DOCUMENT_BYTES;
        if self.batch_bytes > most {
            p.push(format!(
                "ingest.batch_bytes: {} is more than {most} (1 GiB)",
                self.batch_bytes
            ));
        }
        if self.max_document_bytes == 0 || self.max_document_bytes > most {
            p.push(format!(
                "ingest.max_document_bytes: {} is not between 1 and {most} (1 GiB)",
                self.max_document_bytes
            ));
        }
        for f in &self.date_formats {
            if let Err(e) = crate::dates::check_format(f) {
                p.push(format!("ingest.date_formats: `{f}`: {e}"));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for (c, column) in self.carry.iter().zip(self.carried_columns()) {
            if c.is_empty() {
                p.push("ingest.carry: empty field name".to_string());
            } else if c != "source" && RESERVED.contains(&c.as_str()) {
                p.push(format!(
                    "ingest.carry: `{c}` is a column of documents already"
                ));
            } else if !seen.insert(column) {
                p.push(format!("ingest.carry: `{c}` is named twice"));
            }
        }
        p
    }
}
