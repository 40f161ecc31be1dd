//! JSON files that are not JSON lines: a top-level array of records (`[{...}, {...}]`, as many
//! scrapers and exports write), read element by element without holding the file, and one
//! pretty-printed object (a news API's response saved as it came: `{"status": "ok", "articles":
//! [...]}`): its records are the objects of its largest array of objects, or the object itself
//! when it has none.

use std::io::BufRead;

use crate::read::record_item;
use crate::{limit, sample, IngestConfig, Item, Reject};

/// How a JSON input is laid out, from its first bytes (`head`, a byte order mark passed over).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// One object per line (or a single line).
    Lines,
    /// A top-level array.
    Array,
    /// An object spread over several lines.
    Pretty,
}

/// The layout of a JSON input whose first bytes are `head`.
pub(crate) fn layout(head: &[u8]) -> Layout {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace());
    match start.map(|i| (head[i], &head[i..])) {
        Some((b'[', _)) => Layout::Array,
        Some((b'{', rest)) => {
            // A JSON line holds a whole object on its first line; a pretty-printed object opens
            // with a line that holds no key yet.
            let line = rest.split(|&b| b == b'\n').next().unwrap_or(rest);
            if line.iter().skip(1).all(u8::is_ascii_whitespace) {
                Layout::Pretty
            } else {
                Layout::Lines
            }
        }
        _ => Layout::Lines,
    }
}

/// The records of a top-level JSON array, one element at a time: each element's bytes are cut
/// out by a scanner of strings and brackets and parsed alone, so a bad element is one reject and
/// the next is read (an element over `max_document_bytes` is a reject, not held).
pub(crate) struct JsonArray<'a> {
    reader: Box<dyn BufRead>,
    source: String,
    cfg: &'a IngestConfig,
    /// Elements read so far (their positions, from 1).
    index: u64,
    /// The array closed, the input ended or failed.
    done: bool,
    started: bool,
    fields_told: bool,
    pending: Option<Item>,
}

impl<'a> JsonArray<'a> {
    pub(crate) fn new(reader: Box<dyn BufRead>, source: String, cfg: &'a IngestConfig) -> Self {
        JsonArray {
            reader,
            source,
            cfg,
            index: 0,
            done: false,
            started: false,
            fields_told: false,
            pending: None,
        }
    }

    fn byte(&mut self) -> Option<u8> {
        let buf = self.reader.fill_buf().ok()?;
        let b = *buf.first()?;
        self.reader.consume(1);
        Some(b)
    }

    fn reject(&self, reason: String, raw: &[u8]) -> Item {
        Item::Reject(Reject {
            source: self.source.clone(),
            position: Some(self.index),
            reason,
            sample: sample(raw),
        })
    }

    /// The next element's bytes (white space and the comma before it passed over); `None` at
    /// the array's end. `Err(reason)` when the element is too large or the input ends inside it.
    fn element(&mut self) -> Option<Result<Vec<u8>, BadElement>> {
        if !self.started {
            self.started = true;
            // The byte order mark and the opening bracket.
            loop {
                match self.byte()? {
                    b'[' => break,
                    0xEF | 0xBB | 0xBF => continue,
                    b if b.is_ascii_whitespace() => continue,
                    _ => return None,
                }
            }
        }
        let first = loop {
            match self.byte() {
                None => return None,
                Some(b) if b.is_ascii_whitespace() || b == b',' => continue,
                Some(b']') => return None,
                Some(b) => break b,
            }
        };
        let max = self.cfg.max_document_bytes;
        let mut out = vec![first];
        let mut scan = Scan::default();
        scan.feed(first);
        let mut too_large = false;
        // The element's rest, a buffer at a time (not a byte at a time through the reader).
        while scan.depth > 0 || scan.in_str {
            let buf = match self.reader.fill_buf() {
                Ok(b) if !b.is_empty() => b,
                _ => {
                    self.done = true;
                    return Some(Err(("the input ends inside a record".into(), out)));
                }
            };
            let mut n = 0;
            for &b in buf {
                n += 1;
                scan.feed(b);
                if scan.depth <= 0 && !scan.in_str {
                    break;
                }
            }
            let room = max.saturating_sub(out.len());
            out.extend_from_slice(&buf[..n.min(room)]);
            too_large |= n > room;
            self.reader.consume(n);
        }
        if first != b'{' && first != b'[' && first != b'"' {
            // A number, true, false or null: up to the next comma or bracket.
            while let Ok(buf) = self.reader.fill_buf() {
                match buf.first() {
                    Some(b',' | b']') | None => break,
                    Some(&b) => {
                        out.push(b);
                        self.reader.consume(1);
                    }
                }
            }
        }
        if too_large {
            return Some(Err((limit::too_large(max), out)));
        }
        Some(Ok(out))
    }
}

impl Iterator for JsonArray<'_> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if let Some(item) = self.pending.take() {
            return Some(item);
        }
        if self.done {
            return None;
        }
        let Some(element) = self.element() else {
            self.done = true;
            return None;
        };
        self.index += 1;
        let raw = match element {
            Ok(raw) => raw,
            Err((reason, raw)) => return Some(self.reject(reason, &raw)),
        };
        let (value, legacy) = match parse(&raw, self.cfg) {
            Ok(v) => v,
            Err(e) => return Some(self.reject(format!("malformed JSON: {e}"), &raw)),
        };
        let Some(obj) = value.as_object() else {
            return Some(self.reject("not a JSON object".into(), &raw));
        };
        let item = crate::read::mark_legacy(
            record_item(obj, self.cfg, &self.source, self.index, &raw),
            legacy,
        );
        if !self.fields_told {
            self.fields_told = true;
            self.pending = Some(item);
            return Some(Item::Fields(obj.keys().cloned().collect()));
        }
        Some(item)
    }
}

/// JSON bytes as a value; an escape of half a UTF-16 surrogate pair read as U+FFFD, as in JSON
/// lines (`read::repair_lone_surrogates`); bytes that are no UTF-8 read as `ingest.encoding`
/// `auto` reads them (`read::record_text`; `true`: there were some).
fn parse(raw: &[u8], cfg: &IngestConfig) -> serde_json::Result<(serde_json::Value, bool)> {
    let e = match serde_json::from_slice(raw) {
        Ok(v) => return Ok((v, false)),
        Err(e) => e,
    };
    let Ok((text, legacy)) = crate::read::record_text(raw, cfg) else {
        return Err(e);
    };
    // Bytes that were UTF-8 already failed as they are: only the surrogate repair is left.
    let decoded = if legacy {
        serde_json::from_str(&text)
    } else {
        Err(e)
    };
    decoded
        .or_else(|e| {
            crate::read::repair_lone_surrogates(&text)
                .and_then(|l| serde_json::from_str(&l).ok())
                .ok_or(e)
        })
        .map(|v| (v, legacy))
}

/// An element that is no record: the reason and the bytes read of it.
type BadElement = (String, Vec<u8>);

/// Where a scan of JSON bytes is: the brackets open, inside a string, after a backslash in one.
#[derive(Default)]
struct Scan {
    depth: i64,
    in_str: bool,
    escaped: bool,
}

impl Scan {
    fn feed(&mut self, b: u8) {
        if self.in_str {
            if self.escaped {
                self.escaped = false;
            } else if b == b'\\' {
                self.escaped = true;
            } else if b == b'"' {
                self.in_str = false;
            }
        } else {
            match b {
                b'"' => self.in_str = true,
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' => self.depth -= 1,
                _ => {}
            }
        }
    }
}

/// The records of one pretty-printed JSON object (read whole, up to `max_document_bytes`): the
/// objects of its largest array of objects (a news API's `articles`, `data`, `results`), or the
/// object itself when it has none or holds a text field of its own.
pub(crate) fn pretty(
    mut reader: Box<dyn BufRead>,
    source: String,
    cfg: &IngestConfig,
) -> Box<dyn Iterator<Item = Item> + '_> {
    let mut raw = Vec::new();
    let reject = |reason: String, raw: &[u8]| -> Box<dyn Iterator<Item = Item>> {
        Box::new(std::iter::once(Item::Reject(Reject {
            source: source.clone(),
            position: Some(1),
            reason,
            sample: sample(raw),
        })))
    };
    match limit::read_capped(&mut reader, &mut raw, cfg.max_document_bytes) {
        Ok(true) => {}
        Ok(false) => return reject(limit::too_large(cfg.max_document_bytes), &raw),
        Err(e) => return reject(format!("unreadable file: {e}"), &raw),
    }
    let body = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&raw);
    let (value, legacy) = match parse(body, cfg) {
        Ok(v) => v,
        Err(e) => return reject(format!("malformed JSON: {e}"), body),
    };
    let Some(obj) = value.as_object() else {
        return reject("not a JSON object".into(), body);
    };
    let has_text = cfg
        .text_fields
        .iter()
        .any(|n| crate::read::json_has_field(obj, n));
    let records: Vec<&serde_json::Map<String, serde_json::Value>> = if has_text {
        vec![obj]
    } else {
        obj.values()
            .filter_map(|v| v.as_array())
            .max_by_key(|a| a.iter().filter(|x| x.is_object()).count())
            .map(|a| a.iter().filter_map(|x| x.as_object()).collect::<Vec<_>>())
            .filter(|r| !r.is_empty())
            .unwrap_or_else(|| vec![obj])
    };
    let mut items = Vec::with_capacity(records.len() + 1);
    if let Some(first) = records.first() {
        items.push(Item::Fields(first.keys().cloned().collect()));
    }
    for (i, r) in records.iter().enumerate() {
        let raw = serde_json::to_vec(r).unwrap_or_default();
        items.push(crate::read::mark_legacy(
            record_item(r, cfg, &source, i as u64 + 1, &raw),
            legacy,
        ));
    }
    Box::new(items.into_iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts() {
        // (head, layout)
        let cases: &[(&[u8], Layout)] = &[
            (b"{\"id\": 1, \"text\": \"x\"}\n{\"id\": 2}", Layout::Lines),
            (b"  [\n {\"id\": 1}]", Layout::Array),
            (b"\xEF\xBB\xBF[]", Layout::Array),
            (b"{\n  \"status\": \"ok\"", Layout::Pretty),
            (b"{   \r\n", Layout::Pretty),
            (b"", Layout::Lines),
            (b"plain text", Layout::Lines),
        ];
        for (head, want) in cases {
            assert_eq!(layout(head), *want, "{:?}", String::from_utf8_lossy(head));
        }
    }

    /// Arrays of records whose strings hold brackets, braces, quotes, escapes and any Unicode,
    /// written compact and pretty by serde_json: every record is read, none is a reject.
    #[test]
    fn every_element_is_cut_where_json_ends_it() {
        let nasty = [
            "plain",
            "} ] { [",
            "quote \" and \\\\ backslash \\\"",
            "£ € ¥ ₹ “curly” 😀 \u{0}",
            "ends with backslash \\",
            "",
        ];
        let records: Vec<serde_json::Value> = nasty
            .iter()
            .enumerate()
            .map(|(i, t)| serde_json::json!({"id": format!("r{i}"), "text": format!("x {t}"), "n": [i, {"k": t}]}))
            .collect();
        let cfg = IngestConfig::default();
        // Half an emoji's escape in an element is read, as in JSON lines.
        let cut: Box<dyn BufRead> = Box::new(std::io::Cursor::new(
            br#"[{"id": "s", "text": "Acme \ud83d rose."}]"#.to_vec(),
        ));
        let items: Vec<Item> = JsonArray::new(cut, "s".into(), &cfg).collect();
        assert!(
            items
                .iter()
                .any(|i| matches!(i, Item::Doc(d) if d.text == "Acme \u{fffd} rose.")),
            "{items:?}"
        );
        for text in [
            serde_json::to_string(&records).unwrap(),
            serde_json::to_string_pretty(&records).unwrap(),
        ] {
            let reader: Box<dyn BufRead> = Box::new(std::io::Cursor::new(text.into_bytes()));
            let items: Vec<Item> = JsonArray::new(reader, "s".into(), &cfg).collect();
            let docs = items.iter().filter(|i| matches!(i, Item::Doc(_))).count();
            let rejects: Vec<_> = items
                .iter()
                .filter_map(|i| match i {
                    Item::Reject(r) => Some(r.reason.clone()),
                    _ => None,
                })
                .collect();
            assert_eq!(docs, nasty.len(), "{rejects:?}");
            assert!(rejects.is_empty(), "{rejects:?}");
        }
    }
}
