//! The table contracts: every table newsmill reads or writes, defined once.
//!
//! Each [`Table`] has a name, a version and documented columns. The name and version go into the
//! Parquet key-value metadata (`newsmill.table`, `newsmill.table_version`) and are checked when a
//! file is read; batches are checked against the columns by name, type and nullability.

use std::sync::Arc;

use arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};

use crate::{Error, Result};

/// Parquet metadata key that holds the table name.
pub const META_TABLE: &str = "newsmill.table";
/// Parquet metadata key that holds the table version.
pub const META_VERSION: &str = "newsmill.table_version";

/// A column type of a contract (a subset of Arrow's, const-constructible).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    Utf8,
    UInt32,
    UInt64,
    /// Signed 64-bit: offsets and counts, so that analysts can subtract without wrapping.
    Int64,
    Float64,
    Boolean,
    /// Microseconds since the epoch, UTC.
    TimestampUtc,
    /// A UTC day, stored as the timestamp of its midnight without a time zone, so that pandas
    /// reads it as `datetime64` (a `date32` becomes Python objects) and DuckDB as a `TIMESTAMP`.
    Date,
    /// Dictionary-encoded string (Arrow `Dictionary(Int32, Utf8)`): a categorical column for
    /// repeated ids, names and kinds (pandas `category`, polars `Categorical`).
    DictUtf8,
}

impl ColType {
    /// The Arrow type.
    pub fn data_type(self) -> DataType {
        match self {
            ColType::Utf8 => DataType::Utf8,
            ColType::UInt32 => DataType::UInt32,
            ColType::UInt64 => DataType::UInt64,
            ColType::Int64 => DataType::Int64,
            ColType::Float64 => DataType::Float64,
            ColType::Boolean => DataType::Boolean,
            ColType::TimestampUtc => {
                DataType::Timestamp(TimeUnit::Microsecond, Some(Arc::from("UTC")))
            }
            ColType::Date => DataType::Timestamp(TimeUnit::Microsecond, None),
            ColType::DictUtf8 => {
                DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
            }
        }
    }

    /// The name shown in the documentation.
    pub fn doc_name(self) -> &'static str {
        match self {
            ColType::Utf8 => "string",
            ColType::UInt32 => "uint32",
            ColType::UInt64 => "uint64",
            ColType::Int64 => "int64",
            ColType::Float64 => "float64",
            ColType::Boolean => "bool",
            ColType::TimestampUtc => "timestamp[us, UTC]",
            ColType::Date => "timestamp[us] (a day: its midnight, no time zone)",
            ColType::DictUtf8 => "string (dictionary)",
        }
    }
}

/// One documented column.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub ty: ColType,
    pub nullable: bool,
    pub doc: &'static str,
}

const fn col(name: &'static str, ty: ColType, nullable: bool, doc: &'static str) -> Column {
    Column {
        name,
        ty,
        nullable,
        doc,
    }
}

/// A table contract.
#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    pub version: u32,
    pub doc: &'static str,
    pub columns: &'static [Column],
    /// Whether extra nullable string columns may follow the contract's own (carried input fields).
    pub allow_extra: bool,
}

impl Table {
    /// The Arrow schema of the contract's own columns, with the table name and version as metadata.
    pub fn schema(&self) -> SchemaRef {
        self.schema_with_extra(&[])
    }

    /// The schema with extra (carried) nullable string columns after the contract's own.
    pub fn schema_with_extra(&self, extra: &[String]) -> SchemaRef {
        let mut fields: Vec<Field> = self
            .columns
            .iter()
            .map(|c| Field::new(c.name, c.ty.data_type(), c.nullable))
            .collect();
        fields.extend(
            extra
                .iter()
                .map(|name| Field::new(name, DataType::Utf8, true)),
        );
        let mut metadata: std::collections::HashMap<String, String> = [
            (META_TABLE.to_string(), self.name.to_string()),
            (META_VERSION.to_string(), self.version.to_string()),
        ]
        .into_iter()
        .collect();
        // In the Arrow schema stored in the Parquet file, where pyarrow looks for it.
        if let Some(pandas) = self.pandas_metadata() {
            metadata.insert("pandas".to_string(), pandas);
        }
        Arc::new(Schema::new_with_metadata(fields, metadata))
    }

    /// The index of a contract column.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// Checks a schema against the contract, field by field (metadata is not compared).
    /// `context` names where the schema came from (a file, a stage) for the error message.
    pub fn check(&self, schema: &Schema, context: &str) -> Result<()> {
        let mut problems = Vec::new();
        for (i, c) in self.columns.iter().enumerate() {
            match schema.fields().get(i) {
                None => problems.push(format!("column {} `{}` is missing", i, c.name)),
                Some(f) if f.name() != c.name => problems.push(format!(
                    "column {} is `{}`, expected `{}`",
                    i,
                    f.name(),
                    c.name
                )),
                Some(f) if f.data_type() != &c.ty.data_type() => problems.push(format!(
                    "column `{}` has type {}, expected {}",
                    c.name,
                    f.data_type(),
                    c.ty.doc_name()
                )),
                Some(f) if f.is_nullable() && !c.nullable => problems.push(format!(
                    "column `{}` is nullable, expected non-null",
                    c.name
                )),
                Some(_) => {}
            }
        }
        for f in schema.fields().iter().skip(self.columns.len()) {
            if !self.allow_extra {
                problems.push(format!("unexpected column `{}`", f.name()));
            } else if f.data_type() != &DataType::Utf8 {
                problems.push(format!(
                    "extra column `{}` must be a string, found {}",
                    f.name(),
                    f.data_type()
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Schema {
                context: context.to_string(),
                expected: format!("{} v{}", self.name, self.version),
                found: problems.join("; "),
            })
        }
    }

    /// Checks the table name and version found in a file's metadata.
    pub fn check_meta(
        &self,
        name: Option<&str>,
        version: Option<&str>,
        context: &str,
    ) -> Result<()> {
        let want_version = self.version.to_string();
        match (name, version) {
            (Some(n), Some(v)) if n == self.name && v == want_version => Ok(()),
            (Some(n), v) => Err(Error::Schema {
                context: context.to_string(),
                expected: format!("{} v{}", self.name, self.version),
                found: format!("table `{n}` v{}", v.unwrap_or("?")),
            }),
            (None, _) => Err(Error::Schema {
                context: context.to_string(),
                expected: format!("{} v{}", self.name, self.version),
                found: "a file without newsmill table metadata".to_string(),
            }),
        }
    }

    /// The `pandas` schema metadata of the table's Parquet files, when it has nullable integer
    /// columns: it names them as pandas' nullable `Int64`, so that `pd.read_parquet` gives `Int64`
    /// with `<NA>` by default instead of `float64` with NaN (pyarrow honours it; other readers
    /// ignore it).
    pub fn pandas_metadata(&self) -> Option<String> {
        let columns: Vec<String> = self
            .columns
            .iter()
            .filter(|c| c.nullable && c.ty == ColType::Int64)
            .map(|c| {
                format!(
                    r#"{{"name": "{0}", "field_name": "{0}", "pandas_type": "int64", "numpy_type": "Int64", "metadata": null}}"#,
                    c.name
                )
            })
            .collect();
        if columns.is_empty() {
            return None;
        }
        Some(format!(
            r#"{{"index_columns": [], "column_indexes": [], "columns": [{}], "creator": {{"library": "newsmill", "version": "{}"}}}}"#,
            columns.join(", "),
            env!("CARGO_PKG_VERSION")
        ))
    }

    /// The column documentation as a Markdown table.
    pub fn markdown(&self) -> String {
        let mut s = format!(
            "### `{}` (version {})\n\n{}\n\n",
            self.name, self.version, self.doc
        );
        s.push_str("| column | type | null | meaning |\n|---|---|---|---|\n");
        for c in self.columns {
            s.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                c.name,
                c.ty.doc_name(),
                if c.nullable { "yes" } else { "no" },
                c.doc
            ));
        }
        if self.allow_extra {
            s.push_str("| *(carried fields)* | string | yes | input fields named in `ingest.carry`, in that order (`source` as `source_raw`) |\n");
        }
        s
    }
}

use ColType::*;

/// `documents`: one row per article.
pub static DOCUMENTS: Table = Table {
    name: "documents",
    version: 3,
    doc: "One row per input article that could be read.",
    columns: &[
        col("doc_id", Utf8, false, "The input's own id when it has one, else `h:` and 16 hex digits of SHA-256 of the text; unique in a run"),
        col("source", Utf8, false, "Where it came from: file path, plus `:N` for line or row N (1-based) of a multi-record file"),
        col("title", Utf8, true, "Title or headline"),
        col("published_at", TimestampUtc, true, "Publication time in UTC; null when the input has none or it could not be parsed"),
        col("url", Utf8, true, "The article's URL when the input has one"),
        col("text", Utf8, false, "The article text, exactly as read (UTF-8); the offsets of `sentences` point into it, those of `mentions` into it or into `title`"),
        col("content_hash", Utf8, false, "16 hex digits of SHA-256 over the title, a zero byte and the text: an incremental run reprocesses a known `doc_id` only when this changes"),
        col("simhash", UInt64, false, "64-bit SimHash of the text's lowercased word 3-shingles: near-duplicate texts differ in few bits"),
        col("duplicate_of", Utf8, true, "The `doc_id` of the earlier document (in run order, earlier runs first) this one nearly duplicates (SimHash within `ingest.duplicate_max_bits` bits); null for an original. Aggregates leave duplicates out unless `aggregate.duplicates = \"include\"`"),
        col("outlet", Utf8, true, "The publisher, from the first of `ingest.outlet_fields` that holds a string (news APIs' `source.name`, or `source` as a string, `source_name`, `publisher`, `domain`); null when none does"),
    ],
    allow_extra: true,
};

/// `sentences`: one row per sentence.
pub static SENTENCES: Table = Table {
    name: "sentences",
    version: 2,
    doc: "One row per sentence, in document order; a document's title, when it is tagged as a span \
of its own, comes first as sentence -1 with `field = title`, so that every mention joins its sentence \
on `doc_id` and `sentence_id`. A text whose first line is its title (a `.txt` or `.md` file's) has \
its sentences after that line: the line is the title.",
    columns: &[
        col("doc_id", Utf8, false, "The document"),
        col("field", Utf8, false, "The column of `documents` the offsets point into: `title` (sentence -1) or `text`"),
        col("sentence_id", Int64, false, "0-based position of the sentence in its document's text; -1 for the title"),
        col("start", Int64, false, "UTF-8 byte offset of the first byte in `documents.text` (or `title`, as `field` says)"),
        col("end", Int64, false, "UTF-8 byte offset one past the last byte (`text[start..end]` in Rust)"),
        col("char_start", Int64, false, "The same start as a character (code point) offset (`text[char_start:char_end]` in Python)"),
        col("char_end", Int64, false, "The same end as a character offset"),
        col("text", Utf8, true, "The sentence's text (`text[start..end]`); null when `split.sentence_text = false`"),
    ],
    allow_extra: false,
};

/// `mentions`: one row per mention.
pub static MENTIONS: Table = Table {
    name: "mentions",
    version: 3,
    doc: "One row per mention of an organization, a person, a country or a theme, in document order (the \
title's mentions first). The title is tagged as one sentence-like span of its own, unless the text \
begins with it and goes on in the same line. A text whose whole first line is the title (a `.txt` \
file's) has that line tagged as the title (`field` = `title`, offsets into the title), not as text.",
    columns: &[
        col("doc_id", Utf8, false, "The document"),
        col("field", Utf8, false, "The column of `documents` the offsets point into: `title` or `text`"),
        col("sentence_id", Int64, false, "The sentence that holds the mention (`sentences.sentence_id`): 0, 1, ... in the text, -1 in the title"),
        col("start", Int64, false, "UTF-8 byte offset into `documents.title` or `documents.text` (as `field` says)"),
        col("end", Int64, false, "UTF-8 byte offset one past the end; `title[start..end]` or `text[start..end]` is `surface`"),
        col("char_start", Int64, false, "Character offset of the start"),
        col("char_end", Int64, false, "Character offset of the end"),
        col("surface", Utf8, false, "The text as it appears"),
        col("kind", Utf8, false, "`organization`, `country`, `theme` or `person`"),
        col("entity_id", Utf8, false, "Canonical id: Wikidata id or `org:` slug for organizations (`new:` slug of the name for organizations and persons no dictionary lists), ISO 3166 code for countries (alpha-2; alpha-4 for former countries), theme id for themes"),
        col("entity_name", Utf8, false, "Canonical name"),
        col("method", Utf8, false, "How it was found: `dictionary`, `acronym` (defined in the document), `pattern` (an organization no dictionary knows), `model` (an organization or person found by the learned recognizer), `user` (the user's dictionary)"),
        col("form", Utf8, true, "How the entity is named. Countries: `name`, `abbreviation`, `demonym`, `capital`, `subdivision`, `city`; organizations: `name`, `alias`, `acronym`; themes: null"),
        col("entity_type", Utf8, true, "Organizations: `company`, `government_body`, `university`, ...; countries: `current` or `former`; themes: null"),
        col("country", Utf8, true, "ISO code of the country the mention puts in the story (countries) or the home country (organizations)"),
        col("iso3", Utf8, true, "Countries: ISO 3166 alpha-3"),
        col("fips", Utf8, true, "Countries: FIPS 10-4 code (as GDELT uses)"),
        col("qcode", Utf8, true, "Themes: IPTC Media Topics qcode (`medtop:...`) where one exists"),
        col("parent_id", Utf8, true, "Themes: the parent theme's id"),
    ],
    allow_extra: false,
};

/// `rejects`: input records that did not become documents.
pub static REJECTS: Table = Table {
    name: "rejects",
    version: 2,
    doc: "One row per input record (or file) that did not become a document, with the reason.",
    columns: &[
        col(
            "source",
            Utf8,
            false,
            "The file (or `-` for standard input)",
        ),
        col(
            "position",
            Int64,
            true,
            "Line (JSONL), row (CSV, Parquet; 1-based, after the header) or null for a whole file",
        ),
        col("reason", Utf8, false, "Why it was rejected"),
        col(
            "sample",
            Utf8,
            false,
            "The first bytes of the raw record (at most 200), lossily decoded as UTF-8",
        ),
    ],
    allow_extra: false,
};

const AGG_DOC_MENTIONS: &str = "Number of mentions";
const AGG_DOC_DOCUMENTS: &str =
    "Number of distinct documents that mention it (presence: a document counts once however often it names it)";
const AGG_DOC_SENTENCES: &str =
    "Number of distinct sentences that mention it (a title counts as a sentence of its own)";
const AGG_DOC_SHARE: &str =
    "`documents` divided by the number of documents counted (in the output; near-duplicates left out unless `aggregate.duplicates = \"include\"`), 0 to 1";
const AGG_DOC_FIRST: &str =
    "Earliest `published_at` of the documents that mention it; null when none of them is dated";
const AGG_DOC_LAST: &str =
    "Latest `published_at` of the documents that mention it; null when none of them is dated";

/// `organizations`: mentions per organization.
pub static ORGANIZATIONS: Table = Table {
    name: "organizations",
    version: 3,
    doc: "One row per organization mentioned, most mentioned first (ties by id).",
    columns: &[
        col("entity_id", Utf8, false, "The organization's id"),
        col("entity_name", Utf8, false, "Its canonical name"),
        col(
            "entity_type",
            Utf8,
            true,
            "Its type (`company`, `government_body`, ...)",
        ),
        col("country", Utf8, true, "Its home country (ISO alpha-2)"),
        col("mentions", Int64, false, AGG_DOC_MENTIONS),
        col("documents", Int64, false, AGG_DOC_DOCUMENTS),
        col("sentences", Int64, false, AGG_DOC_SENTENCES),
        col("share_of_documents", Float64, false, AGG_DOC_SHARE),
        col("first_seen", TimestampUtc, true, AGG_DOC_FIRST),
        col("last_seen", TimestampUtc, true, AGG_DOC_LAST),
    ],
    allow_extra: false,
};

/// `persons`: mentions per person.
pub static PERSONS: Table = Table {
    name: "persons",
    version: 1,
    doc:
        "One row per person mentioned (found by the name recognizer; a surname after the full name \
counts for the full name), most mentioned first (ties by id).",
    columns: &[
        col(
            "entity_id",
            Utf8,
            false,
            "The person's id (`new:` and a slug of the full name)",
        ),
        col("entity_name", Utf8, false, "The full name"),
        col("mentions", Int64, false, AGG_DOC_MENTIONS),
        col("documents", Int64, false, AGG_DOC_DOCUMENTS),
        col("sentences", Int64, false, AGG_DOC_SENTENCES),
        col("share_of_documents", Float64, false, AGG_DOC_SHARE),
        col("first_seen", TimestampUtc, true, AGG_DOC_FIRST),
        col("last_seen", TimestampUtc, true, AGG_DOC_LAST),
    ],
    allow_extra: false,
};

/// `countries`: mentions per country.
pub static COUNTRIES: Table = Table {
    name: "countries",
    version: 3,
    doc: "One row per country mentioned, most mentioned first (ties by id).",
    columns: &[
        col(
            "entity_id",
            Utf8,
            false,
            "ISO 3166-1 alpha-2 (ISO 3166-3 alpha-4 for former countries)",
        ),
        col("entity_name", Utf8, false, "English name"),
        col("iso3", Utf8, true, "ISO alpha-3"),
        col("fips", Utf8, true, "FIPS 10-4 (as GDELT uses)"),
        col(
            "entity_type",
            Utf8,
            true,
            "`current` or `former` (ISO 3166-3)",
        ),
        col("mentions", Int64, false, AGG_DOC_MENTIONS),
        col("documents", Int64, false, AGG_DOC_DOCUMENTS),
        col("sentences", Int64, false, AGG_DOC_SENTENCES),
        col("share_of_documents", Float64, false, AGG_DOC_SHARE),
        col("first_seen", TimestampUtc, true, AGG_DOC_FIRST),
        col("last_seen", TimestampUtc, true, AGG_DOC_LAST),
    ],
    allow_extra: false,
};

/// `themes`: mentions per theme, rolled up to ancestors.
pub static THEMES: Table = Table {
    name: "themes",
    version: 4,
    doc: "One row per theme mentioned or with a descendant mentioned, most mentioned first (ties by id). \
Counts are rolled up: a mention of a theme also counts for each of its ancestors, so `mentions`, \
`documents` and `sentences` include the descendants' and the `direct_*` columns hold the theme's own \
(a theme only its descendants name has `direct_mentions = 0`).",
    columns: &[
        col("entity_id", Utf8, false, "Theme id"),
        col("entity_name", Utf8, false, "Theme label"),
        col("qcode", Utf8, true, "IPTC Media Topics qcode"),
        col("parent_id", Utf8, true, "Parent theme id; null for a top-level theme"),
        col("depth", Int64, false, "0 for a top-level theme, 1 for its children, ..."),
        col(
            "mentions",
            Int64,
            false,
            "Mentions of the theme and of its descendants",
        ),
        col(
            "documents",
            Int64,
            false,
            "Distinct documents that mention the theme or a descendant",
        ),
        col(
            "about_documents",
            Int64,
            false,
            "Of those, the documents that are about the theme (`about` in `document_themes`)",
        ),
        col(
            "sentences",
            Int64,
            false,
            "Distinct sentences that mention the theme or a descendant",
        ),
        col(
            "direct_mentions",
            Int64,
            false,
            "Mentions of the theme itself",
        ),
        col(
            "direct_documents",
            Int64,
            false,
            "Distinct documents that mention the theme itself",
        ),
        col(
            "direct_sentences",
            Int64,
            false,
            "Distinct sentences that mention the theme itself",
        ),
        col(
            "share_of_documents",
            Float64,
            false,
            "`documents` (rolled up) divided by the number of documents in the run",
        ),
        col(
            "first_seen",
            TimestampUtc,
            true,
            "Earliest `published_at` of the documents counted in `documents`; null when none is dated",
        ),
        col(
            "last_seen",
            TimestampUtc,
            true,
            "Latest `published_at` of the documents counted in `documents`; null when none is dated",
        ),
    ],
    allow_extra: false,
};

/// `document_themes`: the salience of each theme a document mentions.
pub static DOCUMENT_THEMES: Table = Table {
    name: "document_themes",
    version: 5,
    doc: "One row per document and theme it mentions (rolled up: a theme also when only its \
descendants are named), in document order, and per document in `rank` order. Points (README, \
\"Theme salience\"): named in the title (2), in the text's first 3 sentences (1), each mention \
after the first (0.5, at most 2; in a document of more than 120 theme mentions they count in \
proportion less), a quarter or more of the document's theme mentions (1). A document is about a \
theme when its points reach the theme's threshold (its `about` in the theme file, else 1); a theme \
named once in passing (0 points) is not about when another theme, not its ancestor nor descendant, \
has 4 or more, unless its parent or grandparent below the top two levels covers it; a top level is \
about when it is the first by `subject_rank` or the subject ranker's probability for it reaches 0.04 \
of the first's; in a document of more than 120 \
theme mentions a theme below the top levels is about only with 0.3 x (1 - 120 / mentions) of the \
best score below them; at most 8 subjects (the most \
specific themes it is about, those under one parent together) stay about, the best by score. \
Documents as counted in the aggregates (near-duplicates left out unless `aggregate.duplicates = \
\"include\"`).",
    columns: &[
        col("doc_id", Utf8, false, "The document (a plain string, to join with `documents` and `mentions`)"),
        col("entity_id", Utf8, false, "Theme id"),
        col("entity_name", Utf8, false, "Theme label"),
        col("mentions", Int64, false, "Mentions of the theme and its descendants in the document"),
        col("direct_mentions", Int64, false, "Mentions of the theme itself"),
        col("in_title", Boolean, false, "Whether the title names it (or a descendant)"),
        col("first_sentence", Int64, true, "The first sentence of the text that names it (or a descendant); null when only the title does"),
        col("share", Float64, false, "`mentions` divided by the document's theme mentions, 0 to 1"),
        col("score", Float64, false, "The salience score, relative to the document's length: title 2 + lead 1 + 8 x mass (its part of the document's theme mentions, each weighed by its place: 1 / (1 + sentence / 10)) + 1 x spread (the part of the text from its first to its last mention); no cap"),
        col("about", Boolean, false, "Whether the document is about the theme, not naming it in passing: its points reach the theme's threshold, and it holds its own against the other themes (README, \"Theme salience\")"),
        col("rolled_up", Boolean, false, "True when the document names only descendants of the theme (`direct_mentions` = 0)"),
        col("rank", Int64, false, "The theme's place in the document, 1 first: the themes it is about first, the specific themes before the broad subject areas (the top two levels of the tree), then by the theme's own mentions, then by score"),
        col("subject_rank", Int64, true, "For a top-level subject (an IPTC top level): its place among the document's top levels by the subject ranker (a learned score over salience and the document's entities, ties by score; a contest between political parties is politics), 1 being the desk it would be filed under; null below the top level"),
    ],
    allow_extra: false,
};

/// `cooccurrence`: pairs of entities named in the same sentence or document.
pub static COOCCURRENCE: Table = Table {
    name: "cooccurrence",
    version: 2,
    doc: "One row per pair of entities that occur in the same document, most documents first. \
Pairs of every two kinds (organization, country, person, theme; direct theme mentions, not rolled up), each \
pair **in both orders** (A with B and B with A, same counts), so that `entity_a = X` alone lists \
everything named with X. To count each pair once, keep the rows with `kind_a < kind_b OR (kind_a = \
kind_b AND entity_a < entity_b)`.",
    columns: &[
        col("kind_a", Utf8, false, "`organization`, `country`, `person` or `theme`"),
        col("entity_a", Utf8, false, "Id of the first entity"),
        col("name_a", Utf8, false, "Its canonical name"),
        col("kind_b", Utf8, false, "Kind of the second entity"),
        col("entity_b", Utf8, false, "Id of the second entity"),
        col("name_b", Utf8, false, "Its canonical name"),
        col(
            "sentences",
            Int64,
            false,
            "Sentences that mention both (0 when they only share documents)",
        ),
        col("documents", Int64, false, "Documents that mention both"),
    ],
    allow_extra: false,
};

/// `timeseries`: mentions per entity and day.
pub static TIMESERIES: Table = Table {
    name: "timeseries",
    version: 2,
    doc: "One row per entity and publication day (UTC) with mentions, by kind, entity and day \
(undated last), with the day's number of documents. Documents without a date are counted in the row with `day` null, never given a date. \
Themes are rolled up as in `themes`, so per entity the rows add up to its `mentions` and `documents`.",
    columns: &[
        col("kind", Utf8, false, "`organization`, `country`, `person` or `theme`"),
        col("entity_id", Utf8, false, "The entity's id"),
        col("entity_name", Utf8, false, "Its canonical name"),
        col(
            "day",
            Date,
            true,
            "The UTC day of `published_at`; null for documents without a date",
        ),
        col("mentions", Int64, false, "Mentions that day"),
        col(
            "documents",
            Int64,
            false,
            "Distinct documents of that day that mention it",
        ),
        col(
            "day_documents",
            Int64,
            false,
            "All documents of that day (undated ones in the null row), mentioning it or not, as the aggregates count them: `documents / day_documents` is the entity's share of the day",
        ),
    ],
    allow_extra: false,
};

/// Every table, in pipeline order.
pub static ALL: [&Table; 11] = [
    &DOCUMENTS,
    &SENTENCES,
    &MENTIONS,
    &REJECTS,
    &ORGANIZATIONS,
    &PERSONS,
    &COUNTRIES,
    &THEMES,
    &DOCUMENT_THEMES,
    &COOCCURRENCE,
    &TIMESERIES,
];

/// The table with this name.
pub fn by_name(name: &str) -> Option<&'static Table> {
    ALL.iter().copied().find(|t| t.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_checks_its_own_schema() {
        for t in ALL {
            t.check(&t.schema(), "self").unwrap();
            assert_eq!(t.schema().metadata()[META_TABLE], t.name);
        }
    }

    #[test]
    fn pandas_metadata_names_the_nullable_integers() {
        let m = DOCUMENT_THEMES.pandas_metadata().unwrap();
        assert!(m.contains(r#""name": "first_sentence""#), "{m}");
        assert!(m.contains(r#""numpy_type": "Int64""#), "{m}");
        assert!(!m.contains(r#""mentions""#), "{m}");
        assert!(MENTIONS.pandas_metadata().is_none());
        assert_eq!(m.matches('{').count(), m.matches('}').count(), "{m}");
        assert!(REJECTS.pandas_metadata().unwrap().contains(r#""position""#));
        assert!(ORGANIZATIONS.pandas_metadata().is_none());
    }

    #[test]
    fn offsets_and_counts_are_signed() {
        for t in ALL {
            for c in t.columns {
                assert!(
                    c.ty != ColType::UInt32 && (c.ty != ColType::UInt64 || c.name == "simhash"),
                    "{}.{} is unsigned",
                    t.name,
                    c.name
                );
                assert!(
                    c.ty != ColType::DictUtf8,
                    "{}.{} is a dictionary",
                    t.name,
                    c.name
                );
            }
        }
    }

    #[test]
    fn names_are_unique_and_found() {
        for t in ALL {
            assert!(std::ptr::eq(by_name(t.name).unwrap(), t));
        }
        assert!(by_name("nope").is_none());
    }

    #[test]
    fn check_reports_each_problem() {
        let wrong = Schema::new(vec![
            Field::new("doc_id", DataType::Utf8, false),
            Field::new("field", DataType::Utf8, false),
            Field::new("sentence_id", DataType::UInt32, false),
            Field::new("begin", DataType::Int64, false),
        ]);
        let err = SENTENCES
            .check(&wrong, "x.parquet")
            .unwrap_err()
            .to_string();
        assert!(err.contains("x.parquet"), "{err}");
        assert!(err.contains("expected table `sentences v2`"), "{err}");
        assert!(err.contains("`sentence_id` has type UInt32"), "{err}");
        assert!(
            err.contains("column 3 is `begin`, expected `start`"),
            "{err}"
        );
        assert!(err.contains("`char_end` is missing"), "{err}");
    }

    #[test]
    fn extra_columns_only_where_allowed() {
        let docs = DOCUMENTS.schema_with_extra(&["lang".to_string()]);
        DOCUMENTS.check(&docs, "d").unwrap();
        let mut fields: Vec<Field> = SENTENCES
            .schema()
            .fields()
            .iter()
            .map(|f| f.as_ref().clone())
            .collect();
        fields.push(Field::new("extra", DataType::Utf8, true));
        assert!(SENTENCES.check(&Schema::new(fields), "s").is_err());
    }

    #[test]
    fn meta_mismatch_names_both_tables() {
        let err = MENTIONS
            .check_meta(Some("sentences"), Some("1"), "m.parquet")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("m.parquet")
                && err.contains(&format!("mentions v{}", MENTIONS.version))
                && err.contains("sentences"),
            "{err}"
        );
        assert!(MENTIONS
            .check_meta(Some("mentions"), Some("2"), "m")
            .is_err());
        assert!(MENTIONS.check_meta(None, None, "m").is_err());
        MENTIONS
            .check_meta(Some("mentions"), Some(&MENTIONS.version.to_string()), "m")
            .unwrap();
    }
}
