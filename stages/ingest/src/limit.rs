//! The size limit of one input document (`ingest.max_document_bytes`): reading stops past it,
//! so a huge record or a compressed bomb never inflates into memory, and the record becomes a
//! reject with a reason. Also what keeps a batch's text within Arrow's 2 GiB string offsets.

use std::io::{BufRead, Read};

/// The default limit: 256 MiB of text (far above any article, below what a batch can hold).
pub const DEFAULT_MAX_DOCUMENT_BYTES: usize = 256 << 20;

/// The largest limit a config may set: a batch holds at most `batch_bytes` plus one document
/// of text in one Arrow string array, whose offsets stop at 2 GiB.
pub const MAX_MAX_DOCUMENT_BYTES: usize = 1 << 30;

/// The reject reason of a record or file over the limit.
pub fn too_large(max: usize) -> String {
    format!("too large: more than {max} bytes (ingest.max_document_bytes); not read further")
}

/// Reads all of `reader` into `buf` up to `max` bytes; `Ok(false)` when there was more (not
/// read: reading stops at `max + 1` bytes).
pub fn read_capped(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<bool> {
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    reader.take(limit).read_to_end(buf)?;
    Ok(buf.len() <= max)
}

/// Reads one line (through `\n`) into `buf`, keeping at most `max` bytes of it; the rest of a
/// longer line is read and dropped a buffer at a time. Returns the bytes the line had (0 at
/// the end of the input) and whether it fit.
pub fn read_line_capped(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<(usize, bool)> {
    let mut total = 0;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok((total, total <= max));
        }
        let (used, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let room = (max + 1).saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..used.min(room)]);
        reader.consume(used);
        total += used;
        if done {
            return Ok((total, total <= max));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line as read: (kept bytes, total bytes, fit).
    type Line<'a> = (&'a [u8], usize, bool);

    #[test]
    fn lines_past_the_limit_are_cut_and_the_next_line_is_whole() {
        // (input, limit) -> the lines.
        let cases: &[(&[u8], usize, &[Line])] = &[
            (b"ab\ncd\n", 3, &[(b"ab\n", 3, true), (b"cd\n", 3, true)]),
            (
                b"abcdef\nxy\n",
                3,
                &[(b"abcd", 7, false), (b"xy\n", 3, true)],
            ),
            (b"abcdef", 6, &[(b"abcdef", 6, true)]),
            (b"abcdefg", 6, &[(b"abcdefg", 7, false)]),
            (b"", 6, &[]),
        ];
        for (input, max, want) in cases {
            // A small buffer, so that long lines span several fills.
            let mut r = std::io::BufReader::with_capacity(2, *input);
            let mut got = Vec::new();
            loop {
                let mut buf = Vec::new();
                let (n, fit) = read_line_capped(&mut r, &mut buf, *max).unwrap();
                if n == 0 {
                    break;
                }
                got.push((buf, n, fit));
            }
            let want: Vec<(Vec<u8>, usize, bool)> =
                want.iter().map(|(b, n, f)| (b.to_vec(), *n, *f)).collect();
            assert_eq!(got, want, "{:?} max {max}", String::from_utf8_lossy(input));
        }
    }

    #[test]
    fn a_compressed_bomb_is_not_inflated_past_the_limit() {
        // 64 MiB of zeros, gzipped to about 64 KiB: reading stops at the limit.
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..64 {
            std::io::Write::write_all(&mut gz, &zeros).unwrap();
        }
        let packed = gz.finish().unwrap();
        let mut r = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(&packed[..]));
        let mut buf = Vec::new();
        assert!(!read_capped(&mut r, &mut buf, 1000).unwrap());
        assert_eq!(buf.len(), 1001);
        let mut small = std::io::BufReader::new(&b"short text"[..]);
        let mut buf = Vec::new();
        assert!(read_capped(&mut small, &mut buf, 10).unwrap());
        assert_eq!(buf, b"short text");
    }
}
