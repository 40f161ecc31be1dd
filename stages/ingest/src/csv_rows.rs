//! CSV records, with a bad row's damage kept to that row.
//!
//! A CSV reader that meets a quote that opens a field and never closes (`1,"Text`) reads the
//! rest of the file as that one field: every later row vanishes into it. Here a record is cut
//! from whole physical lines (a line ends at `\n`, `\r\n` or a lone `\r`), and a record that
//! spans several lines because a quoted field runs across a line end is kept only when it is
//! plausible. The rule:
//!
//! 1. A record is the lines from its first line to the first line end outside a quoted field.
//! 2. When that record spans more than one line, it is a record only if the quoted field that
//!    crossed a line end closes regularly (its closing quote is followed by the delimiter or the
//!    line end) and the record has as many fields as the header.
//! 3. Otherwise (rule 2 fails, the quoted field runs to the end of the input, or it runs past
//!    `ingest.max_document_bytes`), the record's first line alone is a bad row: a reject whose
//!    sample is that line, and reading resumes at the next line.
//!
//! A one-line record with another number of fields than the header is a reject too. The fields
//! of a record are parsed by the `csv` crate; this module only decides where records end.
//!
//! Cost stays linear: lines read ahead for a record are kept (at most `max_document_bytes` of
//! them) and read again from memory after a bad row; once a quote was found to run to the end of
//! the input, a quote still open at the end of any later line would run there too (from that
//! line end on, both scans see the same bytes in the same state), so such a row is rejected
//! without a second scan.

use std::collections::VecDeque;
use std::io::BufRead;

/// One physical line of the input.
struct Line {
    /// 1-based line number in the input.
    no: u64,
    /// The line with its terminator; at most `max + 1` bytes of it when it did not fit.
    bytes: Vec<u8>,
    /// Whether the whole line is in `bytes` (it had at most `max` bytes).
    fit: bool,
}

/// What [`CsvRows`] yields.
#[derive(Debug)]
pub(crate) enum Row {
    /// A record: its fields and its raw bytes.
    Record {
        raw: Vec<u8>,
        fields: csv::ByteRecord,
    },
    /// A bad row: its first line (empty after a read error), and why.
    Bad { raw: Vec<u8>, reason: String },
}

/// Reads a line that ends at `\n`, `\r\n` or a lone `\r` into `buf`, keeping at most `max + 1`
/// bytes (the rest is read and dropped). Returns the bytes the line had (0 at the end).
fn read_line(reader: &mut dyn BufRead, buf: &mut Vec<u8>, max: usize) -> std::io::Result<usize> {
    let mut total = 0;
    let mut after_cr = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if after_cr {
            // A `\r` ended the line; a `\n` right after it belongs to the same line end.
            if chunk.first() == Some(&b'\n') {
                if buf.len() <= max {
                    buf.push(b'\n');
                }
                reader.consume(1);
                total += 1;
            }
            return Ok(total);
        }
        if chunk.is_empty() {
            return Ok(total);
        }
        let (used, end) = match chunk.iter().position(|&b| b == b'\n' || b == b'\r') {
            Some(i) if chunk[i] == b'\n' => (i + 1, true),
            Some(i) => match chunk.get(i + 1) {
                Some(&b'\n') => (i + 2, true),
                Some(_) => (i + 1, true),
                None => {
                    after_cr = true;
                    (i + 1, false)
                }
            },
            None => (chunk.len(), false),
        };
        let room = (max + 1).saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..used.min(room)]);
        reader.consume(used);
        total += used;
        if end {
            return Ok(total);
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: it closes the field unless a second quote follows.
    QuoteInQuoted,
}

/// Where quoted fields open and close, line by line, as the `csv` crate reads them.
struct Quotes {
    delimiter: u8,
    state: State,
    /// The line (0-based within the record) the open quoted field began on.
    opened_on: usize,
    /// A quoted field that crossed a line end closed irregularly (its closing quote was
    /// followed by something else than the delimiter or the line end).
    irregular: bool,
}

impl Quotes {
    fn new(delimiter: u8) -> Quotes {
        Quotes {
            delimiter,
            state: State::FieldStart,
            opened_on: 0,
            irregular: false,
        }
    }

    /// Feeds line `index` (0-based within the record).
    fn feed(&mut self, line: &[u8], index: usize) {
        for &b in line {
            self.state = match (self.state, b) {
                (State::Quoted, b'"') => State::QuoteInQuoted,
                (State::Quoted, _) => State::Quoted,
                (State::QuoteInQuoted, b'"') => State::Quoted,
                (State::FieldStart, b'"') => {
                    self.opened_on = index;
                    State::Quoted
                }
                (_, b'\r' | b'\n') => State::FieldStart,
                (_, d) if d == self.delimiter => State::FieldStart,
                (State::QuoteInQuoted, _) => {
                    if index > self.opened_on {
                        self.irregular = true;
                    }
                    State::Unquoted
                }
                _ => State::Unquoted,
            };
        }
    }

    /// Whether a quoted field is open (the record goes on at the next line).
    fn open(&self) -> bool {
        self.state == State::Quoted
    }
}

/// The records of a CSV input, after [`Row`]'s rule.
pub(crate) struct CsvRows {
    reader: Box<dyn BufRead>,
    delimiter: u8,
    /// The most bytes of one record (`ingest.max_document_bytes`).
    max: usize,
    /// Lines read and not yet consumed.
    pending: VecDeque<Line>,
    /// The number of the next line to read.
    next_no: u64,
    /// The input ended (or failed).
    ended: bool,
    /// A read error, told once after the lines before it.
    error: Option<String>,
    /// A quote open at the end of a line starting after this one runs to the end of the input.
    open_to_end_from: Option<u64>,
    /// Bytes fed to the quote scanner so far (lines read again after a bad row count again).
    scanned: usize,
}

/// Fields of the record in `raw`, as the `csv` crate parses them; `None` when `raw` is not one
/// record.
fn parse(raw: &[u8], delimiter: u8) -> Option<csv::ByteRecord> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(raw.len().clamp(64, 1 << 16))
        .from_reader(raw);
    let mut rec = csv::ByteRecord::new();
    match rdr.read_byte_record(&mut rec) {
        Ok(true) => {}
        _ => return None,
    }
    let mut more = csv::ByteRecord::new();
    match rdr.read_byte_record(&mut more) {
        Ok(false) => Some(rec),
        _ => None,
    }
}

impl CsvRows {
    /// The records of `reader` from its first line (the tests' constructor).
    #[cfg(test)]
    pub(crate) fn new(reader: Box<dyn BufRead>, delimiter: u8, max: usize) -> CsvRows {
        CsvRows::from_line(reader, delimiter, max, 1)
    }

    /// The records of `reader`, whose first line is line `first_no` (2 after a spreadsheet's
    /// `sep=;` line, read already).
    pub(crate) fn from_line(
        reader: Box<dyn BufRead>,
        delimiter: u8,
        max: usize,
        first_no: u64,
    ) -> CsvRows {
        CsvRows {
            reader,
            delimiter,
            max,
            pending: VecDeque::new(),
            next_no: first_no,
            ended: false,
            error: None,
            open_to_end_from: None,
            scanned: 0,
        }
    }

    /// Whether there is an `i`-th pending line (read when needed): `false` at the end.
    fn fill(&mut self, i: usize) -> bool {
        while self.pending.len() <= i && !self.ended {
            let mut bytes = Vec::new();
            match read_line(&mut self.reader, &mut bytes, self.max) {
                Ok(0) => self.ended = true,
                Ok(n) => {
                    if self.next_no == 1 {
                        // A UTF-8 byte order mark before the header.
                        if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
                            bytes = rest.to_vec();
                        }
                    }
                    self.pending.push_back(Line {
                        no: self.next_no,
                        bytes,
                        fit: n <= self.max,
                    });
                    self.next_no += 1;
                }
                Err(e) => {
                    self.ended = true;
                    self.error = Some(format!("read error, rest of file skipped: {e}"));
                }
            }
        }
        self.pending.len() > i
    }

    /// The next record or bad row; `columns` is the header's number of fields (`None` for the
    /// header itself). `None` at the end of the input.
    pub(crate) fn next_row(&mut self, columns: Option<usize>) -> Option<Row> {
        loop {
            if !self.fill(0) {
                return self.error.take().map(|reason| Row::Bad {
                    raw: Vec::new(),
                    reason,
                });
            }
            let first = &self.pending[0];
            if first.fit && first.bytes.iter().all(|&b| b == b'\r' || b == b'\n') {
                // Blank lines between records are skipped, as the `csv` crate does.
                self.pending.pop_front();
                continue;
            }
            let (no, fit) = (first.no, first.fit);
            if !fit {
                let line = self.pending.pop_front()?;
                return Some(Row::Bad {
                    raw: line.bytes,
                    reason: crate::limit::too_large(self.max),
                });
            }
            let mut quotes = Quotes::new(self.delimiter);
            quotes.feed(&first.bytes, 0);
            self.scanned += first.bytes.len();
            let mut size = first.bytes.len();
            let mut lines = 1;
            let mut bad = None;
            while quotes.open() {
                if self.open_to_end_from.is_some_and(|from| from < no) {
                    bad = Some(format!("unbalanced quote on line {no}: the quoted field never ends (it would run to the end of the file); this line skipped"));
                    break;
                }
                let max = self.max;
                match self.fill(lines).then(|| &self.pending[lines]) {
                    None => {
                        self.open_to_end_from = Some(no);
                        bad = Some(format!("unbalanced quote on line {no}: the quoted field never ends (it would run to the end of the file); this line skipped"));
                        break;
                    }
                    Some(line) => {
                        size += line.bytes.len();
                        if size > max || !line.fit {
                            bad = Some(format!("unbalanced quote on line {no}: the quoted field runs past {max} bytes (ingest.max_document_bytes); this line skipped"));
                            break;
                        }
                        self.scanned += line.bytes.len();
                        quotes.feed(&line.bytes, lines);
                        lines += 1;
                    }
                }
            }
            if bad.is_none() {
                let raw: Vec<u8> = self
                    .pending
                    .range(..lines)
                    .flat_map(|l| l.bytes.iter().copied())
                    .collect();
                let fields = parse(&raw, self.delimiter);
                let count = fields.as_ref().map(|f| f.len());
                let expected = columns.unwrap_or(count.unwrap_or(0));
                match fields {
                    Some(fields) if count == Some(expected) && !(lines > 1 && quotes.irregular) => {
                        self.pending.drain(..lines);
                        return Some(Row::Record { raw, fields });
                    }
                    _ if lines == 1 => {
                        self.pending.pop_front();
                        return Some(Row::Bad {
                            raw,
                            reason: format!(
                                "malformed CSV row on line {no}: {} fields, the header has {expected}",
                                count.unwrap_or(0)
                            ),
                        });
                    }
                    _ => {
                        bad = Some(format!(
                            "unbalanced quote on line {no}: a quoted field runs across {lines} lines into what is not one record of {expected} fields; this line skipped"
                        ));
                    }
                }
            }
            let line = self.pending.pop_front()?;
            return Some(Row::Bad {
                raw: line.bytes,
                reason: bad.unwrap_or_default(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, buffer capacity, lines)
    type LineCase<'a> = (&'a [u8], usize, &'a [&'a [u8]]);

    #[test]
    fn lines_end_at_lf_crlf_and_a_lone_cr() {
        let cases: &[LineCase] = &[
            (b"a\nb\n", 8, &[b"a\n", b"b\n"]),
            (b"a\r\nb\r\n", 8, &[b"a\r\n", b"b\r\n"]),
            (b"a\rb\rc", 8, &[b"a\r", b"b\r", b"c"]),
            // The `\r` and `\n` of one line end in two buffer fills.
            (b"ab\r\ncd", 3, &[b"ab\r\n", b"cd"]),
            (b"ab\rcd", 3, &[b"ab\r", b"cd"]),
            (b"x\r", 1, &[b"x\r"]),
            (b"", 4, &[]),
        ];
        for (input, cap, want) in cases {
            let mut r = std::io::BufReader::with_capacity(*cap, *input);
            let mut got: Vec<Vec<u8>> = Vec::new();
            loop {
                let mut buf = Vec::new();
                if read_line(&mut r, &mut buf, 100).unwrap() == 0 {
                    break;
                }
                got.push(buf);
            }
            let want: Vec<Vec<u8>> = want.iter().map(|l| l.to_vec()).collect();
            assert_eq!(got, want, "{:?}", String::from_utf8_lossy(input));
        }
    }

    /// Rows of `input` (a header first): each record's first field and line, or `bad@line`.
    fn rows(input: &str, delimiter: u8, max: usize) -> Vec<String> {
        rows_scanned(input, delimiter, max).0
    }

    /// [`rows`] and the bytes the quote scanner was fed.
    fn rows_scanned(input: &str, delimiter: u8, max: usize) -> (Vec<String>, usize) {
        let mut r = CsvRows::new(
            Box::new(std::io::Cursor::new(input.as_bytes().to_vec())),
            delimiter,
            max,
        );
        let header = match r.next_row(None) {
            Some(Row::Record { fields, .. }) => fields,
            other => panic!("no header: {other:?}"),
        };
        let mut out = Vec::new();
        while let Some(row) = r.next_row(Some(header.len())) {
            out.push(match row {
                Row::Record { fields, .. } => String::from_utf8_lossy(&fields[0]).into_owned(),
                // A bad row by the first field of its line.
                Row::Bad { raw, .. } => {
                    let first = raw
                        .split(|&b| b == delimiter || b == b'\r' || b == b'\n')
                        .next()
                        .unwrap_or_default();
                    format!("bad:{}", String::from_utf8_lossy(first))
                }
            });
        }
        (out, r.scanned)
    }

    #[test]
    fn an_unbalanced_quote_costs_its_row_only() {
        // (input, delimiter, rows: the first field of each record, or `bad:` and the first
        // field of a bad row's line)
        let cases: &[(&str, u8, &[&str])] = &[
            // A quote that never closes, in the first, a middle and the last row.
            ("id,text\n1,\"open\n2,b\n3,c\n", b',', &["bad:1", "2", "3"]),
            (
                "id,text\n1,a\n2,\"open\n3,c\n4,d\n5,e\n",
                b',',
                &["1", "bad:2", "3", "4", "5"],
            ),
            ("id,text\n1,a\n2,b\n3,\"open", b',', &["1", "2", "bad:3"]),
            // CRLF, semicolons, tabs.
            (
                "id;text\r\n1;a\r\n2;\"open\r\n3;c\r\n",
                b';',
                &["1", "bad:2", "3"],
            ),
            ("id\ttext\n1\t\"open\n2\tb\n", b'\t', &["bad:1", "2"]),
            // A quoted field over several lines is one record.
            (
                "id,text\n1,\"First line,\nsecond, line\n\nthird \"\"quoted\"\".\"\n2,b\n",
                b',',
                &["1", "2"],
            ),
            (
                "id,text\r\n1,\"First line,\r\nsecond\"\r\n2,b\r\n",
                b',',
                &["1", "2"],
            ),
            // Lone CR line ends (old spreadsheet exports), and a CR inside quotes.
            ("id,text\r1,\"a\rb\"\r2,c\r", b',', &["1", "2"]),
            // A bad quote that a later row's quote would close: the pair does not make a
            // record (the closing quote is followed by text).
            (
                "id,text\n1,\"open\n2,b\n3,\"quoted\" text\n4,d\n",
                b',',
                &["bad:1", "2", "3", "4"],
            ),
            // Two bad quotes: each costs its own row.
            (
                "id,text\n1,\"open\n2,b\n3,\"open\n4,d\n",
                b',',
                &["bad:1", "2", "bad:3", "4"],
            ),
            // A quote closed on a later line into another number of fields than the header.
            (
                "id,title,text\n1,\"open\n2,b\"\n3,d,e\n",
                b',',
                &["bad:1", "bad:2", "3"],
            ),
            // Blank lines are skipped; a one-line row with too few fields is bad.
            ("id,text\n\n1,a\n2\n3,c\n", b',', &["1", "bad:2", "3"]),
        ];
        for (input, delimiter, want) in cases {
            assert_eq!(rows(input, *delimiter, 1000), *want, "{input:?}");
        }
    }

    #[test]
    fn a_bad_row_names_its_line() {
        let mut r = CsvRows::new(
            Box::new(std::io::Cursor::new(
                b"id,text\n1,a\n2,\"open\n3,c\n".to_vec(),
            )),
            b',',
            1000,
        );
        let mut reasons = Vec::new();
        while let Some(row) = r.next_row(Some(2)) {
            if let Row::Bad { reason, raw } = row {
                reasons.push((reason, String::from_utf8_lossy(&raw).into_owned()));
            }
        }
        assert_eq!(reasons.len(), 1, "{reasons:?}");
        assert!(
            reasons[0].0.starts_with("unbalanced quote on line 3:"),
            "{reasons:?}"
        );
        assert_eq!(reasons[0].1, "2,\"open\n");
    }

    #[test]
    fn a_quote_open_past_the_size_limit_costs_its_row_only() {
        let input = format!("id,text\n1,\"open {}\n2,b\n3,c\n", "x".repeat(30));
        assert_eq!(rows(&input, b',', 40), vec!["bad:1", "2", "3"]);
    }

    #[test]
    fn many_unbalanced_quotes_are_each_scanned_once() {
        // Every other row opens a quote that never ends: after the first one reaches the end of
        // the input, the others are known to end there and are not scanned again (the bytes
        // scanned stay below twice the input).
        let mut input = String::from("id,text\n");
        for i in 0..2000 {
            if i % 2 == 0 {
                input.push_str(&format!("{i},\"open\n"));
            } else {
                input.push_str(&format!("{i},fine\n"));
            }
        }
        let (got, scanned) = rows_scanned(&input, b',', 1 << 20);
        assert_eq!(got.len(), 2000);
        assert_eq!(got.iter().filter(|r| r.starts_with("bad:")).count(), 1000);
        assert!(
            scanned < 2 * input.len(),
            "{scanned} bytes scanned of {}",
            input.len()
        );
    }
}
