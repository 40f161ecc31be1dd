//! The writer's row groups: bounded by bytes as well as rows (issue 25).

use std::sync::Arc;

use arrow::array::{ArrayRef, Int64Array, StringArray};
use arrow::record_batch::RecordBatch;
use newsmill_core::tables::REJECTS;
use parquet::file::reader::{FileReader, SerializedFileReader};

use super::*;

/// `rows` rejects whose `sample` is `bytes` of text that compresses little (letters, digits and
/// multibyte signs in a pseudo-random order).
fn rejects(rows: usize, bytes: usize) -> RecordBatch {
    const SIGNS: [char; 8] = ['£', '€', '¥', '₹', '“', '”', 'é', 'ß'];
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let samples: Vec<String> = (0..rows)
        .map(|_| {
            let mut s = String::with_capacity(bytes + 4);
            while s.len() < bytes {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let k = (seed % 70) as u8;
                match k {
                    0..=25 => s.push((b'a' + k) as char),
                    26..=51 => s.push((b'A' + k - 26) as char),
                    52..=61 => s.push((b'0' + k - 52) as char),
                    _ => s.push(SIGNS[(k - 62) as usize]),
                }
            }
            s
        })
        .collect();
    let cols: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from(vec!["in.jsonl"; rows])),
        Arc::new(Int64Array::from((0..rows as i64).collect::<Vec<_>>())),
        Arc::new(StringArray::from(vec!["too large"; rows])),
        Arc::new(StringArray::from(samples)),
    ];
    RecordBatch::try_new(REJECTS.schema(), cols).expect("a rejects batch")
}

/// Row groups of a written file: (rows, compressed bytes).
fn row_groups(path: &Path) -> Vec<(i64, i64)> {
    let r =
        SerializedFileReader::new(File::open(path).expect("the written file")).expect("parquet");
    r.metadata()
        .row_groups()
        .iter()
        .map(|g| (g.num_rows(), g.compressed_size()))
        .collect()
}

#[test]
fn a_row_group_is_written_when_its_bytes_pass_the_budget() {
    const MIB: usize = 1024 * 1024;
    // (rows, bytes per row, batches the rows come in, fewest row groups)
    let cases: &[(usize, usize, usize, usize)] = &[
        // Text-heavy rows, far fewer than the rows per row group: cut by bytes (between writes;
        // the rows of one write go to one row group, written out right after).
        (48, MIB, 48, 2),
        (48, MIB, 6, 2),
        // A row larger than the budget (compressed too) is a row group of its own.
        (2, 2 * ROW_GROUP_BYTES, 2, 2),
        // News-sized rows stay in one row group.
        (2000, 1000, 4, 1),
    ];
    for &(rows, bytes, batches, fewest) in cases {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let all = rejects(rows, bytes);
        let mut w = TableWriter::create(dir.path(), &REJECTS, all.schema(), DEFAULT_PART_ROWS)
            .expect("a writer");
        let per = rows.div_ceil(batches);
        for start in (0..rows).step_by(per) {
            w.write(&all.slice(start, per.min(rows - start)))
                .expect("write");
        }
        assert_eq!(w.finish().expect("finish"), rows as u64);
        let path = table_path(dir.path(), &REJECTS);
        let groups = row_groups(&path);
        let case = format!("{rows} rows of {bytes} bytes in {batches} batches: {groups:?}");
        assert!(groups.len() >= fewest, "{case}");
        if fewest == 1 {
            assert_eq!(groups.len(), 1, "{case}");
        }
        // A row group passes the budget by one row at most.
        for &(n, size) in &groups {
            assert!(n >= 1, "{case}");
            assert!((size as usize) < ROW_GROUP_BYTES + 2 * bytes, "{case}");
        }
        // The rows read back are the rows written, in order.
        let (batches, schema) = read_table(&path, &REJECTS, READ_BATCH_ROWS).expect("read");
        let back: Vec<RecordBatch> = batches.map(|b| b.expect("a batch")).collect();
        let back = arrow::compute::concat_batches(&schema, &back).expect("concat");
        assert_eq!(back, all, "{case}");
    }
}

/// Writes `batch` as the file `path` (a table file of `table`, with its metadata).
fn write_part(path: &Path, table: &'static Table, batch: &RecordBatch) {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    write_table(tmp.path(), table, batch, DEFAULT_PART_ROWS).expect("write");
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
    std::fs::rename(table_path(tmp.path(), table), path).expect("move");
}

#[test]
fn a_table_partitioned_in_key_value_folders_reads_in_folder_then_part_order() {
    let all = rejects(12, 10);
    // (part file under the table folder, first row, rows): written in another order than
    // they are read.
    let layouts: &[&[(&str, usize, usize)]] = &[
        // Days in name order, undated (Spark's name for null) last, parts in number order.
        &[
            ("date=__HIVE_DEFAULT_PARTITION__/part-00000.parquet", 9, 3),
            ("date=1987-03-02/part-00001.parquet", 6, 3),
            ("date=1987-03-02/part-00000.parquet", 4, 2),
            ("date=1987-02-26/part-00003.parquet", 0, 4),
        ],
        // The folder's own parts first, then nested partitions.
        &[
            ("year=1987/month=03/part-00000.parquet", 5, 7),
            ("year=1987/month=02/part-00000.parquet", 2, 3),
            ("part-00000.parquet", 0, 2),
        ],
    ];
    for layout in layouts {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let folder = dir.path().join("rejects");
        for &(name, start, n) in layout.iter() {
            write_part(&folder.join(name), &REJECTS, &all.slice(start, n));
        }
        // Not parts: other files, a hidden folder, a folder whose name is no partition.
        std::fs::create_dir_all(folder.join("_temporary/0")).expect("mkdir");
        write_part(
            &folder.join("_temporary/0/part-00000.parquet"),
            &REJECTS,
            &all,
        );
        write_part(
            &folder.join(".staging=1/part-00000.parquet"),
            &REJECTS,
            &all,
        );
        std::fs::create_dir_all(folder.join("date=1987-03-02")).expect("mkdir");
        std::fs::write(folder.join("date=1987-03-02/_SUCCESS"), b"").expect("write");
        assert!(is_partitioned(&folder), "{layout:?}");
        let (batches, schema) = read_table(&folder, &REJECTS, 5).expect("read");
        let back: Vec<RecordBatch> = batches.map(|b| b.expect("a batch")).collect();
        let back = arrow::compute::concat_batches(&schema, &back).expect("concat");
        assert_eq!(back, all, "{layout:?}");
        let ids: Vec<RecordBatch> = read_columns(&folder, &REJECTS, &["position"])
            .expect("read")
            .map(|b| b.expect("a batch"))
            .collect();
        assert_eq!(ids.iter().map(|b| b.num_rows()).sum::<usize>(), 12);
    }
    let flat = tempfile::tempdir().expect("a temporary folder");
    write_part(&flat.path().join("part-00000.parquet"), &REJECTS, &all);
    assert!(!is_partitioned(flat.path()));
}

#[test]
fn every_part_of_a_partitioned_table_is_checked_against_the_contract() {
    use newsmill_core::tables::MENTIONS;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let folder = dir.path().join("rejects");
    write_part(
        &folder.join("date=1987-02-26/part-00000.parquet"),
        &REJECTS,
        &rejects(3, 10),
    );
    // Another table's file in a partition folder of `rejects`.
    let mentions = RecordBatch::new_empty(MENTIONS.schema());
    write_part(
        &folder.join("date=1987-02-27/part-00000.parquet"),
        &MENTIONS,
        &mentions,
    );
    let err = read_table(&folder, &REJECTS, 5).err().expect("an error");
    assert!(err.to_string().contains("date=1987-02-27"), "{err}");
}
