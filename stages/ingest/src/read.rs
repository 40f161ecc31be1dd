//! Readers for each input format. Each yields [`Item`]s: a document or a reject with its reason.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use arrow::array::{Array, StringArray};
use arrow::datatypes::DataType;
use arrow::record_batch::RecordBatch;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::config::{Format, IngestConfig};
use crate::csv_rows::{CsvRows, Row};
use crate::{content_id, dates, limit, sample, Doc, Item, Reject, Used};

/// What walking the inputs found besides the files to read.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    /// Canonical paths of the folders walked, so that a folder reached again through a symbolic
    /// link (a loop, or two links to one folder) is read once.
    seen: std::collections::HashSet<PathBuf>,
    /// Entries whose names start with a dot, left out.
    pub hidden: Vec<PathBuf>,
    /// Folders reached again through a link, left out.
    pub revisited: Vec<PathBuf>,
}

/// Collects the files below `dir`, recursively, sorted by path; hidden entries are skipped (and
/// listed in `walk.hidden`); symbolic links to folders are followed once (a loop ends where it
/// comes back).
pub(crate) fn walk(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    walk_state: &mut Walk,
) -> std::io::Result<()> {
    let canonical = std::fs::canonicalize(dir)?;
    if !walk_state.seen.insert(canonical) {
        walk_state.revisited.push(dir.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for p in entries {
        if p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'))
        {
            walk_state.hidden.push(p);
            continue;
        }
        if p.is_dir() {
            walk(&p, out, walk_state)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Compression {
    None,
    Gzip,
    Zstd,
}

/// The format and compression a file name implies.
fn detect(path: &Path) -> (Option<Format>, Compression) {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let (stem, comp) = if let Some(s) = name.strip_suffix(".gz") {
        (s.to_string(), Compression::Gzip)
    } else if let Some(s) = name.strip_suffix(".zst") {
        (s.to_string(), Compression::Zstd)
    } else {
        (name, Compression::None)
    };
    let ext = stem.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let format = match ext {
        "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
        "csv" => Some(Format::Csv),
        "parquet" | "pq" => Some(Format::Parquet),
        "txt" | "md" | "text" => Some(Format::Text),
        _ => None,
    };
    (format, comp)
}

fn file_reject(source: &str, reason: impl Into<String>) -> Box<dyn Iterator<Item = Item>> {
    Box::new(std::iter::once(Item::Reject(Reject {
        source: source.to_string(),
        position: None,
        reason: reason.into(),
        sample: String::new(),
    })))
}

/// Opens one input (a file or `-`) as a stream of items. Failing to open is a reject, not an error.
pub(crate) fn open<'a>(path: &Path, cfg: &'a IngestConfig) -> Box<dyn Iterator<Item = Item> + 'a> {
    let source = path.display().to_string();
    if source == "-" {
        let mut reader: Box<dyn BufRead> = Box::new(BufReader::new(std::io::stdin()));
        let format = match cfg.format {
            Format::Auto => match reader.fill_buf() {
                Ok(buf)
                    // A UTF-8 byte order mark may come first.
                    if buf
                        .strip_prefix(b"\xEF\xBB\xBF")
                        .unwrap_or(buf)
                        .iter()
                        .find(|b| !b.is_ascii_whitespace())
                        .is_some_and(|b| matches!(b, b'{' | b'[')) =>
                {
                    Format::Jsonl
                }
                _ => Format::Text,
            },
            f => f,
        };
        return from_reader(format, reader, source, cfg);
    }
    // A FIFO, socket or device would block or never end: only regular files are read.
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => {}
        Ok(m) => {
            return file_reject(
                &source,
                format!("not a regular file ({}), skipped", file_kind(&m)),
            )
        }
        Err(e) => return file_reject(&source, format!("unreadable file: {e}")),
    }
    let (detected, comp) = detect(path);
    let format = match (cfg.format, detected) {
        (Format::Auto, Some(f)) => f,
        (Format::Auto, None) => {
            return file_reject(&source, "unsupported file type (known: .txt .md .jsonl .ndjson .csv .parquet, optionally .gz or .zst; or set ingest.format)")
        }
        (f, _) => f,
    };
    if format == Format::Parquet {
        if comp != Compression::None {
            return file_reject(
                &source,
                "compressed Parquet is not supported (Parquet compresses its own pages)",
            );
        }
        return parquet_items(path, source, cfg);
    }
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return file_reject(&source, format!("unreadable file: {e}")),
    };
    let reader: Box<dyn BufRead> = match comp {
        Compression::None => Box::new(BufReader::with_capacity(1 << 16, file)),
        Compression::Gzip => Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file))),
        Compression::Zstd => match zstd::stream::read::Decoder::new(file) {
            Ok(d) => Box::new(BufReader::new(d)),
            Err(e) => return file_reject(&source, format!("unreadable zstd file: {e}")),
        },
    };
    let reader = match utf16_to_utf8(reader) {
        Ok(r) => r,
        Err(e) => return file_reject(&source, e),
    };
    // A legacy encoding decoded as the file is read (a byte order mark still wins).
    let reader: Box<dyn BufRead> = match cfg.legacy_encoding() {
        Some(enc) => Box::new(BufReader::with_capacity(
            1 << 16,
            encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(enc))
                .bom_override(true)
                .build(reader),
        )),
        None => reader,
    };
    from_reader(format, reader, source, cfg)
}

/// What a reject for invalid UTF-8 tells the user to do.
const NOT_UTF8: &str =
    "; if the input is in another encoding, set ingest.encoding (e.g. \"windows-1252\")";

/// A record's bytes as text: as they are when they are UTF-8; else, with `ingest.encoding =
/// "auto"`, as [`utf8_else_1252`] reads them (`true`: the record was not UTF-8); else the error.
pub(crate) fn record_text<'a>(
    raw: &'a [u8],
    cfg: &IngestConfig,
) -> Result<(Cow<'a, str>, bool), std::str::Utf8Error> {
    match std::str::from_utf8(raw) {
        Ok(t) => Ok((Cow::Borrowed(t), false)),
        Err(_) if cfg.is_auto_encoding() => Ok((Cow::Owned(utf8_else_1252(raw)), true)),
        Err(e) => Err(e),
    }
}

/// `raw` read as UTF-8 where it is, and each run of bytes that is no UTF-8 read as Windows-1252
/// (latin-1's superset, the legacy encoding of Western news files: `0xA3` is "£", `0xE9` "é",
/// `0x93` a curly quote): a file in Windows-1252 reads whole, a UTF-8 file with a stray legacy
/// byte keeps its UTF-8 characters.
pub(crate) fn utf8_else_1252(mut raw: &[u8]) -> String {
    let mut out = String::with_capacity(raw.len() + raw.len() / 8);
    loop {
        match std::str::from_utf8(raw) {
            Ok(t) => {
                out.push_str(t);
                return out;
            }
            Err(e) => {
                let (good, rest) = raw.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(good).unwrap_or_default());
                let (bad, after) = rest.split_at(e.error_len().unwrap_or(rest.len()));
                let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bad);
                out.push_str(&text);
                raw = after;
            }
        }
    }
}

/// `item` marked as read from a record that was not UTF-8 when `legacy` ([`record_text`]).
pub(crate) fn mark_legacy(mut item: Item, legacy: bool) -> Item {
    if let Item::Doc(d) = &mut item {
        d.legacy_decoded |= legacy;
    }
    item
}

/// What kind of special file `m` describes, for a reject's reason.
fn file_kind(m: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = m.file_type();
        if t.is_fifo() {
            return "a FIFO";
        } else if t.is_socket() {
            return "a socket";
        } else if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    if m.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

/// A reader that starts with a UTF-16 byte order mark, decoded to UTF-8 (whole, in memory: such
/// files come from spreadsheet and Windows exports, not from feeds of gigabytes); other readers
/// as they are.
fn utf16_to_utf8(mut reader: Box<dyn BufRead>) -> Result<Box<dyn BufRead>, String> {
    let big_endian = match reader.fill_buf() {
        Ok([0xFF, 0xFE, ..]) => false,
        Ok([0xFE, 0xFF, ..]) => true,
        Ok(_) => return Ok(reader),
        Err(e) => return Err(format!("read error, file skipped: {e}")),
    };
    let mut raw = Vec::new();
    reader
        .read_to_end(&mut raw)
        .map_err(|e| format!("unreadable file: {e}"))?;
    let units = raw[2..].chunks(2).map(|c| match (c, big_endian) {
        ([a, b], false) => u16::from_le_bytes([*a, *b]),
        ([a, b], true) => u16::from_be_bytes([*a, *b]),
        // An odd last byte: not UTF-16; it decodes to U+FFFD.
        _ => 0xD800,
    });
    let text: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    Ok(Box::new(std::io::Cursor::new(text.into_bytes())))
}

fn from_reader<'a>(
    format: Format,
    mut reader: Box<dyn BufRead>,
    source: String,
    cfg: &'a IngestConfig,
) -> Box<dyn Iterator<Item = Item> + 'a> {
    use crate::json_docs::Layout;
    let layout = match format {
        Format::Jsonl => crate::json_docs::layout(reader.fill_buf().unwrap_or_default()),
        _ => Layout::Lines,
    };
    match format {
        Format::Jsonl if layout == Layout::Array => {
            Box::new(crate::json_docs::JsonArray::new(reader, source, cfg))
        }
        Format::Jsonl if layout == Layout::Pretty => crate::json_docs::pretty(reader, source, cfg),
        Format::Jsonl => Box::new(JsonLines {
            reader,
            source,
            cfg,
            line: 0,
            buf: Vec::new(),
            failed: false,
            fields_told: false,
            pending: None,
        }),
        Format::Csv => csv_items(reader, source, cfg),
        Format::Text | Format::Auto => Box::new(std::iter::once(text_item(reader, source, cfg))),
        Format::Parquet => file_reject(&source, "Parquet cannot be read from standard input"),
    }
}

/// A whole text file as one document: the first non-empty line is the title. A front matter
/// (static site generators' Markdown: a first line `---` up to a line `---` or `...`, YAML, or
/// `+++` up to `+++`, TOML) is no text: its `key: value` / `key = value` lines give the title,
/// date, id and URL by the configured field names, and the text is what follows it.
fn text_item(mut reader: Box<dyn BufRead>, source: String, cfg: &IngestConfig) -> Item {
    let max = cfg.max_document_bytes;
    let mut raw = Vec::new();
    let reason = match limit::read_capped(&mut reader, &mut raw, max) {
        Ok(true) => None,
        Ok(false) => Some(limit::too_large(max)),
        Err(e) => Some(format!("unreadable file: {e}")),
    };
    if let Some(reason) = reason {
        return Item::Reject(Reject {
            source,
            position: None,
            reason,
            sample: sample(&raw),
        });
    }
    let body = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&raw);
    let (decoded, legacy) = match record_text(body, cfg) {
        Ok(t) => t,
        Err(e) => {
            return Item::Reject(Reject {
                source,
                position: None,
                reason: format!(
                    "invalid UTF-8 (first bad byte at {}){NOT_UTF8}",
                    e.valid_up_to()
                ),
                sample: sample(&raw),
            })
        }
    };
    let text: &str = &decoded;
    let (front, text) = match front_matter(text) {
        Some((front, rest)) => (front, rest),
        None => (Vec::new(), text),
    };
    if text.trim().is_empty() {
        return Item::Reject(Reject {
            source,
            position: None,
            reason: "empty text".into(),
            sample: sample(&raw),
        });
    }
    let mut used = Used::default();
    let field = |names: &[String], slot: &mut Option<String>| {
        names.iter().find_map(|n| {
            let key = name_key(n);
            front
                .iter()
                .find(|(k, v)| name_key(k) == key && !v.is_empty())
                .map(|(_, v)| {
                    *slot = Some(n.clone());
                    v.to_string()
                })
        })
    };
    // The first non-empty line, without the `#` of a Markdown heading ("# Title").
    let title = field(&cfg.title_fields, &mut used.title).or_else(|| {
        text.lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(|l| {
                newsmill_core::util::markdown_heading(l)
                    .unwrap_or(l)
                    .to_string()
            })
    });
    let date = field(&cfg.date_fields, &mut used.date);
    let url = field(&cfg.url_fields, &mut used.url);
    let id = field(&cfg.id_fields, &mut used.id);
    let published_at = date
        .as_deref()
        .and_then(|d| dates::parse_date(d, &cfg.date_formats));
    Item::Doc(Doc {
        doc_id: id.unwrap_or_else(|| content_id(text)),
        source,
        title,
        published_at,
        unparsed_date: date.is_some() && published_at.is_none(),
        legacy_decoded: legacy,
        url,
        text: text.to_string(),
        outlet: None,
        carried: Vec::new(),
        used,
    })
}

/// A front matter's `key` and its value, unquoted.
type FrontPair<'a> = (&'a str, Cow<'a, str>);

/// The front matter of `text` (see [`text_item`]): its `key: value` or `key = value` lines, the
/// values unquoted ([`front_value`]; lists, tables and nested keys are passed over), and the
/// text after it (blank lines after the closing line left out); `None` when the text opens with
/// no front matter or it never closes.
fn front_matter(text: &str) -> Option<(Vec<FrontPair<'_>>, &str)> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?.trim_end();
    let (closers, sep): (&[&str], char) = match first {
        "---" => (&["---", "..."], ':'),
        "+++" => (&["+++"], '='),
        _ => return None,
    };
    let mut at = text.split_inclusive('\n').next()?.len();
    let mut pairs = Vec::new();
    for line in lines {
        at += line.len();
        let l = line.trim_end();
        if closers.contains(&l) {
            let rest = text[at..].trim_start_matches(['\r', '\n']);
            return Some((pairs, rest));
        }
        if line.starts_with([' ', '\t', '-', '#', '[']) {
            continue;
        }
        if let Some((k, v)) = l.split_once(sep) {
            pairs.push((k.trim(), front_value(v.trim())));
        }
    }
    None
}

/// A front matter's scalar value: a double-quoted string (YAML and TOML, JSON's escapes:
/// `\"`, `\\`, `\u00e9`) unescaped, a single-quoted one without its quotes (YAML's `''` is one
/// quote), anything else as it is. A double-quoted value with an escape neither knows stays
/// as written, without its quotes.
fn front_value(v: &str) -> Cow<'_, str> {
    if let Some(inner) = v.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
        if !inner.contains('\\') {
            return Cow::Borrowed(inner);
        }
        return serde_json::from_str::<String>(v).map_or(Cow::Borrowed(inner), Cow::Owned);
    }
    match v.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')) {
        Some(inner) if inner.contains("''") => Cow::Owned(inner.replace("''", "'")),
        Some(inner) => Cow::Borrowed(inner),
        None => Cow::Borrowed(v),
    }
}

/// A field of a record, as the record has it.
pub(crate) enum Field<'a> {
    Missing,
    Null,
    Str(Cow<'a, str>),
    /// An array or object: not a scalar; its JSON text where the format has one.
    Other(Option<String>),
}

/// A field name as it is compared: lower case, without `_`, `-` and spaces, so `publishedAt`,
/// `published_at` and `Published At` are one name.
pub(crate) fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    push_key(&mut key, name);
    key
}

/// Appends the [`name_key`] of `name` to `out`. Field names are nearly always ASCII: their
/// bytes, without the Unicode case tables (`char::to_lowercase` per character made the JSON
/// reader's lookups cost 850 instructions a name).
fn push_key(out: &mut String, name: &str) {
    if name.is_ascii() {
        out.extend(
            name.bytes()
                .filter(|b| !matches!(b, b'_' | b'-' | b' '))
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
    } else {
        out.extend(key_chars(name));
    }
}

/// The characters of [`name_key`], without building the string.
fn key_chars(name: &str) -> impl Iterator<Item = char> + '_ {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
}

/// The position of the column `name` among `names`: the same name, else the same [`name_key`].
pub(crate) fn find_name<S: AsRef<str>>(names: &[S], name: &str) -> Option<usize> {
    names.iter().position(|n| n.as_ref() == name).or_else(|| {
        let key = name_key(name);
        names.iter().position(|n| name_key(n.as_ref()) == key)
    })
}

/// The column `name` of a batch's `columns` (named `names`): the same name, else one with the
/// same [`name_key`]; a dotted name (`source.name`) reads into struct columns, one level at a
/// time, a null struct making its fields null (as [`json_lookup`] in a JSON object).
fn named_column(
    names: &[String],
    columns: &[arrow::array::ArrayRef],
    name: &str,
) -> Option<arrow::array::ArrayRef> {
    if let Some(i) = find_name(names, name) {
        return Some(columns[i].clone());
    }
    let (head, rest) = name.split_once('.')?;
    let parent = columns[find_name(names, head)?]
        .as_any()
        .downcast_ref::<arrow::array::StructArray>()?;
    let field_names: Vec<String> = parent.fields().iter().map(|f| f.name().clone()).collect();
    let child = named_column(&field_names, parent.columns(), rest)?;
    let nulls = arrow::buffer::NullBuffer::union(parent.nulls(), child.nulls());
    let data = child.to_data().into_builder().nulls(nulls).build().ok()?;
    Some(arrow::array::make_array(data))
}

/// The value of `name` in a JSON object: the same key, else one with the same [`name_key`]; a
/// dotted name (`source.name`) looks into nested objects, one key at a time.
fn json_lookup<'v>(
    obj: &'v serde_json::Map<String, serde_json::Value>,
    name: &str,
) -> Option<&'v serde_json::Value> {
    JsonRecord::new(obj).get(name)
}

/// A JSON object whose fields are looked up by name ([`json_lookup`]) several times: the
/// [`name_key`] of each of its keys is computed once, the first time a name is not one of its
/// keys as written (a record lacks most of the names the reader asks for, and each of those
/// compared every key's loose form again: 1.4% of the instructions of a Reuters-21578 run).
struct JsonRecord<'v> {
    obj: &'v serde_json::Map<String, serde_json::Value>,
    loose: std::cell::OnceCell<LooseKeys<'v>>,
}

/// The [`name_key`]s of an object's keys, in its order: one string, each key's end in it.
struct LooseKeys<'v> {
    text: String,
    keys: Vec<(usize, &'v serde_json::Value)>,
}

impl<'v> JsonRecord<'v> {
    fn new(obj: &'v serde_json::Map<String, serde_json::Value>) -> Self {
        JsonRecord {
            obj,
            loose: std::cell::OnceCell::new(),
        }
    }

    fn get(&self, name: &str) -> Option<&'v serde_json::Value> {
        if let Some(v) = self.one(name) {
            return Some(v);
        }
        let (head, rest) = name.split_once('.')?;
        json_lookup(self.one(head)?.as_object()?, rest)
    }

    /// The field `n`: the same key, else the first key with the same [`name_key`].
    fn one(&self, n: &str) -> Option<&'v serde_json::Value> {
        self.obj.get(n).or_else(|| {
            let key = name_key(n);
            let loose = self.loose.get_or_init(|| {
                let mut l = LooseKeys {
                    text: String::new(),
                    keys: Vec::with_capacity(self.obj.len()),
                };
                for (k, v) in self.obj {
                    push_key(&mut l.text, k);
                    l.keys.push((l.text.len(), v));
                }
                l
            });
            let mut start = 0;
            loose.keys.iter().find_map(|&(end, v)| {
                let hit = loose.text.get(start..end) == Some(key.as_str());
                start = end;
                hit.then_some(v)
            })
        })
    }
}

/// Turns one record into a document or a reject, given a way to look up its fields.
pub(crate) fn make_doc<'a>(
    get: impl Fn(&str) -> Field<'a>,
    cfg: &IngestConfig,
    source: &str,
    position: u64,
    raw: &[u8],
) -> Item {
    let reject = |reason: String| {
        Item::Reject(Reject {
            source: source.to_string(),
            position: Some(position),
            reason,
            sample: sample(raw),
        })
    };
    let named = |names: &[String]| -> Result<Option<(Cow<'a, str>, String)>, String> {
        for n in names {
            match get(n) {
                Field::Missing | Field::Null => continue,
                Field::Str(s) => return Ok(Some((s, n.clone()))),
                // Paragraphs as a JSON array of strings (scrapers and APIs write text so): one
                // text, the paragraphs separated by a blank line.
                Field::Other(Some(json)) => match serde_json::from_str::<Vec<String>>(&json) {
                    Ok(p) if !p.is_empty() => {
                        return Ok(Some((Cow::Owned(p.join("\n\n")), n.clone())))
                    }
                    _ => return Err(n.clone()),
                },
                Field::Other(None) => return Err(n.clone()),
            }
        }
        Ok(None)
    };
    let mut used = Used::default();
    let opt = |names: &[String], slot: &mut Option<String>| {
        named(names)
            .ok()
            .flatten()
            .map(|(s, n)| (s.trim().to_string(), n))
            .filter(|(s, _)| !s.is_empty())
            .map(|(s, n)| {
                *slot = Some(n);
                s
            })
    };
    let title = opt(&cfg.title_fields, &mut used.title);
    // A headline with no body (a wire flash) is a document when `keep_title_only` is on.
    let title_only = cfg.keep_title_only && title.is_some();
    let text: String = if cfg.text_join.is_empty() {
        // A summary stands in for the text when it is longer (or there is none).
        let summary = named(&cfg.summary_fields).ok().flatten();
        let main = named(&cfg.text_fields);
        let main = match (main, summary) {
            (Ok(Some((t, _))), Some((s, sn))) if s.trim().len() > t.trim().len() => {
                Ok(Some((s, sn)))
            }
            (Ok(None), Some(s)) => Ok(Some(s)),
            (m, _) => m,
        };
        match main.map(|v| {
            v.map(|(t, n)| {
                used.text = Some(n);
                t
            })
        }) {
            Ok(Some(t)) => t.into_owned(),
            Ok(None) if title_only => String::new(),
            Ok(None) => {
                return reject(format!(
                    "missing text field (looked for: {})",
                    cfg.text_fields.join(", ")
                ))
            }
            Err(f) => return reject(format!("text field `{f}` is not a string")),
        }
    } else {
        let mut s = String::new();
        let mut any = false;
        for n in &cfg.text_join {
            match get(n) {
                Field::Str(v) => {
                    s.push_str(&v);
                    any = true;
                }
                Field::Other(_) => return reject(format!("text field `{n}` is not a string")),
                _ => {}
            }
        }
        if !any && !title_only {
            return reject(format!(
                "missing text field (looked for: {})",
                cfg.text_join.join(", ")
            ));
        }
        s
    };
    // HTML (`ingest.html`): the text of the markup, and the title of a record whose text is
    // HTML read the same way.
    let as_html = |t: &str| match cfg.html {
        crate::Html::Keep => false,
        crate::Html::Strip => true,
        crate::Html::Auto => crate::html::looks_like_html(t),
    };
    let html_text = as_html(&text);
    let text = if html_text {
        crate::html::to_text(&text)
    } else {
        text
    };
    // A title is read as HTML when it holds tags itself (or with `strip`); beside an HTML text
    // a plain title has its character references decoded and keeps its angle brackets (a wire's
    // ticker, "VEGA <VGA> UNIT SELLS STAKE", is no tag).
    let title = title
        .map(|t| {
            if as_html(&t) {
                crate::html::to_text(&t)
            } else if html_text && cfg.html == crate::Html::Auto {
                crate::html::decode_references(&t)
            } else {
                t
            }
        })
        .filter(|t| !t.is_empty());
    if text.trim().is_empty() && !title_only {
        return reject("empty text".to_string());
    }
    if text.len() > cfg.max_document_bytes {
        return reject(limit::too_large(cfg.max_document_bytes));
    }
    let doc_id = match named(&cfg.id_fields) {
        Ok(Some((id, n))) if !id.trim().is_empty() => {
            used.id = Some(n);
            id.trim().to_string()
        }
        Ok(_) if text.trim().is_empty() => content_id(title.as_deref().unwrap_or_default()),
        Ok(_) => content_id(&text),
        Err(f) => return reject(format!("id field `{f}` is not a scalar")),
    };
    let date = opt(&cfg.date_fields, &mut used.date);
    let published_at = date
        .as_deref()
        .and_then(|d| dates::parse_date(d, &cfg.date_formats));
    // Objects and lists are carried as their JSON text.
    let carried = cfg
        .carry
        .iter()
        .map(|n| match get(n) {
            Field::Str(s) => Some(s.into_owned()),
            Field::Other(json) => json,
            _ => None,
        })
        .collect();
    let url = opt(&cfg.url_fields, &mut used.url);
    // A record with an `outlet` field (a `documents` table read again) has its outlet, null or
    // not: its `source` is where it was read. Else the first outlet field that holds a string
    // (an object `source` gives way to `source.name` before it and to the names after it).
    let outlet = match get(OUTLET) {
        Field::Null => None,
        Field::Str(s) if s.trim().is_empty() => None,
        Field::Str(s) => Some((s.trim().to_string(), OUTLET.to_string())),
        _ => cfg.outlet_fields.iter().find_map(|n| match get(n) {
            Field::Str(s) if !s.trim().is_empty() => Some((s.trim().to_string(), n.clone())),
            _ => None,
        }),
    }
    .map(|(s, n)| {
        used.outlet = Some(n);
        s
    });
    Item::Doc(Doc {
        doc_id,
        source: format!("{source}:{position}"),
        title,
        published_at,
        unparsed_date: date.is_some() && published_at.is_none(),
        legacy_decoded: false,
        url,
        text,
        outlet,
        carried,
        used,
    })
}

struct JsonLines<'a> {
    reader: Box<dyn BufRead>,
    source: String,
    cfg: &'a IngestConfig,
    line: u64,
    buf: Vec<u8>,
    failed: bool,
    /// Whether the field names of the first record were told ([`Item::Fields`]).
    fields_told: bool,
    /// The item of the first record, after its field names.
    pending: Option<Item>,
}

/// `line` with every `\u` escape of a lone UTF-16 surrogate (a high one not followed by a low
/// one's escape, or a low one alone) replaced by `\ufffd`, the replacement character; `None`
/// when there is none. JSON allows such escapes; Rust strings cannot hold them.
pub(crate) fn repair_lone_surrogates(line: &str) -> Option<String> {
    let b = line.as_bytes();
    let unit = |i: usize| -> Option<u16> {
        let h = b.get(i..i + 6)?;
        if h[0] != b'\\' || h[1] != b'u' {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&h[2..6]).ok()?, 16).ok()
    };
    let mut out = String::with_capacity(line.len());
    let (mut i, mut from, mut changed) = (0, 0, false);
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        match unit(i) {
            // A pair: kept.
            Some(0xD800..=0xDBFF)
                if unit(i + 6).is_some_and(|l| (0xDC00..=0xDFFF).contains(&l)) =>
            {
                i += 12;
                continue;
            }
            // A lone half: replaced below.
            Some(0xD800..=0xDFFF) => {}
            // Another escape: skipped whole (`\\` is one escape, not the start of one).
            _ => {
                i += 2;
                continue;
            }
        }
        out.push_str(&line[from..i]);
        out.push_str("\\ufffd");
        i += 6;
        from = i;
        changed = true;
    }
    changed.then(|| {
        out.push_str(&line[from..]);
        out
    })
}

/// A JSON object as a document or a reject (the record at `position` of `source`, its bytes
/// `raw`), its fields found as in JSON lines.
pub(crate) fn record_item(
    obj: &serde_json::Map<String, serde_json::Value>,
    cfg: &IngestConfig,
    source: &str,
    position: u64,
    raw: &[u8],
) -> Item {
    let record = JsonRecord::new(obj);
    make_doc(|n| json_field(record.get(n)), cfg, source, position, raw)
}

/// Whether the JSON object has the field `name` (a loose or dotted name), not null.
pub(crate) fn json_has_field(obj: &serde_json::Map<String, serde_json::Value>, name: &str) -> bool {
    JsonRecord::new(obj).get(name).is_some_and(|v| !v.is_null())
}

fn json_field(v: Option<&serde_json::Value>) -> Field<'_> {
    use serde_json::Value;
    match v {
        None => Field::Missing,
        Some(Value::Null) => Field::Null,
        Some(Value::String(s)) => Field::Str(Cow::Borrowed(s)),
        Some(Value::Number(n)) => Field::Str(Cow::Owned(n.to_string())),
        Some(Value::Bool(b)) => Field::Str(Cow::Owned(b.to_string())),
        Some(v) => Field::Other(Some(v.to_string())),
    }
}

impl Iterator for JsonLines<'_> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if let Some(item) = self.pending.take() {
            return Some(item);
        }
        loop {
            if self.failed {
                return None;
            }
            self.buf.clear();
            self.line += 1;
            let max = self.cfg.max_document_bytes;
            match limit::read_line_capped(&mut self.reader, &mut self.buf, max) {
                Ok((0, _)) => return None,
                Ok((_, true)) => {}
                Ok((_, false)) => {
                    return Some(Item::Reject(Reject {
                        source: self.source.clone(),
                        position: Some(self.line),
                        reason: limit::too_large(max),
                        sample: sample(&self.buf),
                    }));
                }
                Err(e) => {
                    self.failed = true;
                    return Some(Item::Reject(Reject {
                        source: self.source.clone(),
                        position: Some(self.line),
                        reason: format!("read error, rest of file skipped: {e}"),
                        sample: sample(&self.buf),
                    }));
                }
            }
            let mut raw = &self.buf[..];
            if self.line == 1 {
                // A UTF-8 byte order mark before the first record.
                raw = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw);
            }
            if raw.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let reject = |reason: String| {
                Some(Item::Reject(Reject {
                    source: self.source.clone(),
                    position: Some(self.line),
                    reason,
                    sample: sample(raw),
                }))
            };
            let (line, legacy) = match record_text(raw, self.cfg) {
                Ok(l) => l,
                Err(e) => {
                    return reject(format!(
                        "invalid UTF-8 (first bad byte at {}){NOT_UTF8}",
                        e.valid_up_to()
                    ))
                }
            };
            let line: &str = &line;
            let value: serde_json::Value = match serde_json::from_str(line) {
                Ok(v) => v,
                // Half an emoji cut by a scraper or a truncation (`\ud83d` alone, as Python's
                // `json.dumps` writes it) is a replacement character, not a lost record.
                Err(e) => {
                    match repair_lone_surrogates(line).and_then(|l| serde_json::from_str(&l).ok()) {
                        Some(v) => v,
                        None => return reject(format!("malformed JSON: {e}")),
                    }
                }
            };
            let Some(obj) = value.as_object() else {
                return reject("not a JSON object".to_string());
            };
            let record = JsonRecord::new(obj);
            let item = mark_legacy(
                make_doc(
                    |n| json_field(record.get(n)),
                    self.cfg,
                    &self.source,
                    self.line,
                    raw,
                ),
                legacy,
            );
            if !self.fields_told {
                self.fields_told = true;
                self.pending = Some(item);
                return Some(Item::Fields(obj.keys().cloned().collect()));
            }
            return Some(item);
        }
    }
}

/// A spreadsheet's delimiter line at the start of `head` (`sep=;`, `SEP=,`, `sep=\t`, a byte
/// order mark before it): the delimiter and the line's length in bytes with its line end.
fn excel_separator(head: &[u8]) -> Option<(u8, usize)> {
    let bom = if head.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let h = &head[bom..];
    if h.len() < 5 || !h[..4].eq_ignore_ascii_case(b"sep=") {
        return None;
    }
    let d = h[4];
    let end = match &h[5..] {
        [b'\r', b'\n', ..] => 7,
        [b'\n', ..] => 6,
        _ => return None,
    };
    (d.is_ascii() && !d.is_ascii_alphanumeric() && d != b'"').then_some((d, bom + end))
}

/// The delimiter of a CSV file whose first bytes are `head`: of comma, semicolon and tab, the one
/// its header line holds most often outside quotes (a comma when none).
pub(crate) fn sniff_delimiter(head: &[u8]) -> u8 {
    let line = head.split(|&b| b == b'\n').next().unwrap_or(head);
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3)
        .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        [b',', b';', b'\t'][best]
    }
}

fn csv_items<'a>(
    mut reader: Box<dyn BufRead>,
    source: String,
    cfg: &'a IngestConfig,
) -> Box<dyn Iterator<Item = Item> + 'a> {
    // A spreadsheet's first line `sep=;` names the delimiter (Excel writes it; it is no header).
    let directive = excel_separator(reader.fill_buf().unwrap_or_default());
    if let Some((_, len)) = directive {
        reader.consume(len);
    }
    let delimiter = match cfg.csv_delimiter.as_str() {
        "auto" => match directive {
            Some((d, _)) => d,
            None => sniff_delimiter(reader.fill_buf().unwrap_or_default()),
        },
        "\\t" | "tab" => b'\t',
        d => d.bytes().next().unwrap_or(b','),
    };
    let first_line = if directive.is_some() { 2 } else { 1 };
    let mut rows = CsvRows::from_line(reader, delimiter, cfg.max_document_bytes, first_line);
    let headers: Vec<String> = match rows.next_row(None) {
        Some(Row::Record { fields, .. }) => match fields
            .iter()
            .map(|f| record_text(f, cfg).map(|(s, _)| s.trim().to_string()))
            .collect()
        {
            Ok(h) => h,
            Err(_) => {
                return file_reject(
                    &source,
                    format!("invalid UTF-8 in the CSV header{NOT_UTF8}"),
                )
            }
        },
        Some(Row::Bad { reason, .. }) => {
            return file_reject(&source, format!("unreadable CSV header: {reason}"))
        }
        None => return file_reject(&source, "unreadable CSV header: the file is empty"),
    };
    let told = Item::Fields(headers.clone());
    let mut row = 0u64;
    let iter = std::iter::from_fn(move || {
        let next = rows.next_row(Some(headers.len()))?;
        row += 1;
        let reject = |reason: String, raw: &[u8]| {
            Some(Item::Reject(Reject {
                source: source.clone(),
                position: Some(row),
                reason,
                sample: sample(raw),
            }))
        };
        let (raw, rec) = match next {
            Row::Record { raw, fields, .. } => (raw, fields),
            Row::Bad { raw, reason, .. } => return reject(reason, &raw),
        };
        let fields: Result<Vec<(Cow<str>, bool)>, _> =
            rec.iter().map(|f| record_text(f, cfg)).collect();
        let fields = match fields {
            Ok(f) => f,
            Err(e) => {
                return reject(
                    format!(
                        "invalid UTF-8 (in a field, first bad byte at {}){NOT_UTF8}",
                        e.valid_up_to()
                    ),
                    &raw,
                )
            }
        };
        let legacy = fields.iter().any(|f| f.1);
        let get = |name: &str| match find_name(&headers, name) {
            Some(i) => match fields.get(i) {
                Some(v) => Field::Str(Cow::Owned(v.0.to_string())),
                None => Field::Missing,
            },
            None => Field::Missing,
        };
        Some(mark_legacy(make_doc(get, cfg, &source, row, &raw), legacy))
    });
    Box::new(std::iter::once(told).chain(iter))
}

fn parquet_items<'a>(
    path: &Path,
    source: String,
    cfg: &'a IngestConfig,
) -> Box<dyn Iterator<Item = Item> + 'a> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return file_reject(&source, format!("unreadable file: {e}")),
    };
    let reader = match ParquetRecordBatchReaderBuilder::try_new(file)
        .and_then(|b| b.with_batch_size(1024).build())
    {
        Ok(r) => r,
        Err(e) => return file_reject(&source, format!("unreadable Parquet file: {e}")),
    };
    let columns: Vec<String> = arrow::record_batch::RecordBatchReader::schema(&reader)
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let wanted = wanted_fields(cfg);
    let mut row = 0u64;
    let mut failed = false;
    let told = Item::Fields(columns);
    // The Parquet crate panics on some corrupt metadata (a negative column start, found by
    // fuzzing): a panic there is an error of this file, and the file's end.
    let mut reader = reader;
    let mut broken = false;
    let batches = std::iter::from_fn(move || {
        if broken {
            return None;
        }
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| reader.next())).unwrap_or_else(
            |_| {
                broken = true;
                Some(Err(arrow::error::ArrowError::ParquetError(
                    "the Parquet reader panicked on corrupt metadata".into(),
                )))
            },
        )
    });
    // `map_while` ends at the first error: a reader of a corrupt page may return errors forever.
    let iter = batches.map_while(move |batch| -> Option<Vec<Item>> {
        if failed {
            return None;
        }
        match batch {
            Ok(b) => Some(batch_items_of(&b, &wanted, cfg, &source, &mut row)),
            Err(e) => {
                failed = true;
                Some(vec![Item::Reject(Reject {
                    source: source.clone(),
                    position: None,
                    reason: format!("unreadable Parquet data, rest of file skipped: {e}"),
                    sample: String::new(),
                })])
            }
        }
    });
    Box::new(std::iter::once(told).chain(iter.flatten()))
}

/// A list column of strings as one string a row, the strings joined by a blank line; `None` for
/// any other column. A row whose list is empty or holds a null is null.
fn joined_paragraphs(c: &arrow::array::ArrayRef) -> Option<arrow::array::ArrayRef> {
    use arrow::array::{Array, AsArray};
    let lists: Vec<Option<arrow::array::ArrayRef>> = match c.data_type() {
        DataType::List(f) | DataType::LargeList(f)
            if !matches!(
                f.data_type(),
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
            ) =>
        {
            return None
        }
        DataType::List(_) => c.as_list::<i32>().iter().collect(),
        DataType::LargeList(_) => c.as_list::<i64>().iter().collect(),
        _ => return None,
    };
    let mut out = arrow::array::StringBuilder::new();
    for l in lists {
        let strings = l.and_then(|a| arrow::compute::cast(&a, &DataType::Utf8).ok());
        let joined = strings.and_then(|a| {
            let a = a.as_string::<i32>().clone();
            (!a.is_empty() && a.null_count() == 0)
                .then(|| a.iter().flatten().collect::<Vec<_>>().join("\n\n"))
        });
        out.append_option(joined);
    }
    Some(std::sync::Arc::new(out.finish()))
}

/// The field of a record that is its outlet when present, null or not: the column of `documents`.
const OUTLET: &str = "outlet";
static OUTLET_FIELD: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| OUTLET.to_string());

/// The fields of a record the config may use, each once.
fn wanted_fields(cfg: &IngestConfig) -> Vec<&String> {
    let mut wanted: Vec<&String> = cfg
        .id_fields
        .iter()
        .chain(&cfg.title_fields)
        .chain(&cfg.text_fields)
        .chain(&cfg.summary_fields)
        .chain(&cfg.text_join)
        .chain(&cfg.date_fields)
        .chain(&cfg.url_fields)
        .chain(&cfg.outlet_fields)
        .chain(&cfg.carry)
        .chain(std::iter::once(&*OUTLET_FIELD))
        .collect();
    wanted.sort();
    wanted.dedup();
    wanted
}

/// The records of an Arrow record batch (from a Parquet file or from memory) as documents or
/// rejects, their fields found by name as in any other input; `row` counts the records of the
/// source so far (positions start at 1).
pub fn batch_items(
    batch: &RecordBatch,
    cfg: &IngestConfig,
    source: &str,
    row: &mut u64,
) -> Vec<Item> {
    batch_items_of(batch, &wanted_fields(cfg), cfg, source, row)
}

fn batch_items_of(
    batch: &RecordBatch,
    wanted: &[&String],
    cfg: &IngestConfig,
    source: &str,
    row: &mut u64,
) -> Vec<Item> {
    let columns: Vec<String> = batch
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    // Cast the columns we may use to strings; non-scalar columns stay "other".
    let mut cols: Vec<(String, Option<StringArray>)> = Vec::new();
    for name in wanted {
        if let Some(c) = &named_column(&columns, batch.columns(), name) {
            // A timestamp with a zone holds UTC instants; arrow cannot write a zone's name
            // ("UTC") without the zone database, so it is cast without it (naive text is UTC).
            let c = match c.data_type() {
                DataType::Timestamp(unit, Some(_)) => {
                    arrow::compute::cast(c, &DataType::Timestamp(*unit, None))
                        .unwrap_or_else(|_| c.clone())
                }
                _ => c.clone(),
            };
            let c = &c;
            let scalar = !matches!(
                c.data_type(),
                DataType::List(_)
                    | DataType::Struct(_)
                    | DataType::Map(..)
                    | DataType::LargeList(_)
            );
            // Paragraphs as a list of strings in a text, summary or title column: one text, the
            // paragraphs separated by a blank line (as a JSON array of strings).
            let prose = cfg
                .text_fields
                .iter()
                .chain(&cfg.summary_fields)
                .chain(&cfg.title_fields)
                .any(|n| n == *name);
            let s = if scalar {
                arrow::compute::cast(c, &DataType::Utf8).ok()
            } else if prose {
                joined_paragraphs(c)
            } else {
                None
            };
            cols.push((
                (*name).clone(),
                s.and_then(|a| a.as_any().downcast_ref::<StringArray>().cloned()),
            ));
        }
    }
    let mut items = Vec::with_capacity(batch.num_rows());
    for r in 0..batch.num_rows() {
        *row += 1;
        let get = |name: &str| match cols.iter().find(|(n, _)| n == name) {
            None => Field::Missing,
            Some((_, None)) => Field::Other(None),
            Some((_, Some(a))) if a.is_null(r) => Field::Null,
            Some((_, Some(a))) => Field::Str(Cow::Borrowed(a.value(r))),
        };
        let raw = cfg.text_fields.iter().find_map(|n| match get(n) {
            Field::Str(s) => Some(s.as_bytes().to_vec()),
            _ => None,
        });
        items.push(make_doc(
            get,
            cfg,
            source,
            *row,
            raw.as_deref().unwrap_or(b""),
        ));
    }
    items
}

#[cfg(test)]
mod key_tests {
    use super::*;

    #[test]
    fn a_record_finds_a_key_by_its_name_key() {
        // (object key, configured name, same field?)
        let cases = [
            ("publishedAt", "published_at", true),
            ("Published At", "published-at", true),
            ("PUBLISHED_AT", "publishedat", true),
            ("published", "published_at", false),
            ("publishedAtX", "published_at", false),
            ("", "", true),
            ("_-_", "", true),
            ("Straße", "STRASSE", false),
            ("ÉTÉ", "été", true),
            ("İd", "i̇d", true),
            // ASCII keys against non-ASCII names and the other way round
            ("Ete", "été", false),
            ("été", "ete", false),
            ("Body_Text", "bodytext", true),
            ("bodytext", "body_text_", true),
            ("body", "bodytext", false),
            ("bodytext", "body", false),
            ("Body Text!", "body text", false),
        ];
        for (k, n, same) in cases {
            assert_eq!(same, name_key(k) == name_key(n), "{k:?} vs {n:?}");
            for x in [k, n] {
                assert_eq!(name_key(x), key_chars(x).collect::<String>(), "{x:?}");
            }
            // The key among others, before and after it in the object's order; each record
            // asked twice (the second time from the loose keys computed by the first).
            let mut obj = serde_json::Map::new();
            obj.insert("aaa".into(), 0.into());
            obj.insert(k.into(), 1.into());
            obj.insert("zzz".into(), 2.into());
            let record = JsonRecord::new(&obj);
            for _ in 0..2 {
                let got = record.get(n).and_then(|v| v.as_i64());
                assert_eq!(got, same.then_some(1), "{k:?} vs {n:?}");
                assert_eq!(record.get("zzz").and_then(|v| v.as_i64()), Some(2));
            }
        }
    }

    #[test]
    fn the_first_key_with_the_name_key_wins() {
        let v: serde_json::Value =
            serde_json::from_str(r#"{"Body_Text": 1, "body text": 2, "BodyText": 3, "body": 4}"#)
                .expect("json");
        let obj = v.as_object().expect("object");
        let first = obj
            .iter()
            .find(|(k, _)| name_key(k) == "bodytext")
            .map(|(_, v)| v);
        let record = JsonRecord::new(obj);
        assert_eq!(record.get("body-text"), first);
        assert_eq!(record.get("BodyText").and_then(|v| v.as_i64()), Some(3));
        assert_eq!(record.get("BODY").and_then(|v| v.as_i64()), Some(4));
        assert!(record.get("text").is_none());
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        // (line, repaired)
        let cases: &[(&str, Option<&str>)] = &[
            (r#"{"t": "a \ud83d b"}"#, Some(r#"{"t": "a \ufffd b"}"#)),
            (r#"{"t": "a \udc00"}"#, Some(r#"{"t": "a \ufffd"}"#)),
            (
                r#"{"t": "\ud83d\ud83d\ude00"}"#,
                Some(r#"{"t": "\ufffd\ud83d\ude00"}"#),
            ),
            // A whole pair, an escaped backslash before "ud83d", no escape at all: unchanged.
            (r#"{"t": "\ud83d\ude00"}"#, None),
            (r#"{"t": "\\ud83d"}"#, None),
            (r#"{"t": "plain"}"#, None),
        ];
        for (line, want) in cases {
            let got = repair_lone_surrogates(line);
            assert_eq!(got.as_deref(), *want, "{line}");
            if let Some(l) = got {
                assert!(serde_json::from_str::<serde_json::Value>(&l).is_ok(), "{l}");
            }
        }
    }

    #[test]
    fn json_lookup_finds_fields_by_loose_and_dotted_names() {
        let v: serde_json::Value = serde_json::from_str(
            r#"{"Published_At": "2020-01-02", "source": {"Site-Name": "x"}, "body": 1}"#,
        )
        .expect("json");
        let obj = v.as_object().expect("object");
        assert_eq!(
            json_lookup(obj, "publishedAt").and_then(|v| v.as_str()),
            Some("2020-01-02")
        );
        assert_eq!(
            json_lookup(obj, "source.site_name").and_then(|v| v.as_str()),
            Some("x")
        );
        assert!(json_lookup(obj, "published").is_none());
        assert!(json_lookup(obj, "source.site").is_none());
    }
}
