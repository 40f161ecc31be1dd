//! Ingest on arbitrary bytes in every input format: the first byte picks the file name (JSONL,
//! CSV, text, Parquet, each plain, gzip or zstd); the rest is the file. Reading must never panic
//! or hang, and every record becomes a document or a reject.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsmill_ingest::{read_all, IngestConfig, Ingestor};

const NAMES: &[&str] = &[
    "in.jsonl", "in.csv", "in.txt", "in.parquet", "in.jsonl.gz", "in.csv.gz", "in.jsonl.zst",
    "in.csv.zst", "in.txt.gz",
];

fuzz_target!(|data: &[u8]| {
    // The reader catches panics of the parquet crate (a reject of the file); libfuzzer-sys's hook
    // would abort on those caught panics too. A panic that escapes still aborts (libfuzzer-sys
    // runs the target under catch_unwind).
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let name = NAMES[pick as usize % NAMES.len()];
    let dir = std::env::temp_dir().join(format!("newsmill-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(name);
    // Compressed names get compressed bytes half of the time, so the decoders' output is fuzzed
    // too, not only their header checks.
    let bytes = if pick & 0x80 != 0 && name.ends_with(".gz") {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let _ = e.write_all(body);
        e.finish().unwrap_or_default()
    } else if pick & 0x80 != 0 && name.ends_with(".zst") {
        zstd::encode_all(body, 1).unwrap_or_default()
    } else {
        body.to_vec()
    };
    if std::fs::write(&path, bytes).is_err() {
        return;
    }
    let ingestor = Ingestor::new(&IngestConfig::default()).expect("default config");
    if let Ok((docs, _rejects)) = read_all(&ingestor, &[path.as_path()]) {
        for d in docs {
            assert!(d.num_rows() <= 1 << 20);
        }
    }
    let _ = std::fs::remove_file(&path);
});

