"""The row tables and per-document measures of Spark's map step as Arrow blobs (pyarrow only, no
Spark): each batch's `documents`, `sentences`, `mentions`, `document_themes` and measure rows
(``_doc_measures.flat``) travel through Spark's cache as one Arrow IPC stream per table and batch,
not as Spark rows (nested rows cost the JVM far more to convert and cache than the engine takes
to tag them: docs/spark.md, Speed). The run order's decisions, known only after the map step,
are applied when a blob is read (:class:`Fixes`): the documents' `source` and `duplicate_of`,
the rows of repeated ids left out, the near-duplicates left out of `document_themes` and of the
measures the aggregates sum.

Every blob row has `_nm_id`, the record's (document's) `monotonically_increasing_id`, from which
:meth:`Fixes.rows` gives its place in the run order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pyarrow as pa

#: Bits of ``monotonically_increasing_id`` that number a row within its partition.
ROW_BITS = 33
#: The row tables, blobs of the same name.
ROW_TABLES = ("documents", "sentences", "mentions", "document_themes")
#: The measure blobs (``_doc_measures.flat``; `unknown` stays a list of the record row).
MEASURES = ("ents", "ups", "names", "pairs")
#: Columns the map step adds to the row tables' blobs.
NM_ID, TS = "_nm_id", "_ts"


#: The blobs' compression: zstd made Reuters-21578's 286 MB of blobs 61 MB for 1.3 s of CPU
#: (lz4: 96 MB, 1.1 s); uncompressed, the cache ran `local[2]`'s 1 GB heap out of memory.
COMPRESSION = "zstd"


def blob(t: "pa.Table") -> bytes:
    """`t` as an Arrow IPC stream (compressed)."""
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, t.schema, options=pa.ipc.IpcWriteOptions(compression=COMPRESSION)) as w:
        w.write_table(t)
    return sink.getvalue().to_pybytes()


def unblob(b: Any) -> "pa.Table":
    """The table of a blob (bytes or a binary scalar's buffer)."""
    import pyarrow as pa

    return pa.ipc.open_stream(pa.py_buffer(b) if isinstance(b, (bytes, bytearray)) else b).read_all()


def blobs_of(batch: "pa.RecordBatch") -> List[Tuple[str, "pa.Table"]]:
    """`(part, table)` of each blob row of a batch of the map output (rows with a `blob`)."""
    part = batch.column(batch.schema.get_field_index("part"))
    data = batch.column(batch.schema.get_field_index("blob"))
    out = []
    for i in range(batch.num_rows):
        if part[i].is_valid:
            out.append((part[i].as_py(), unblob(data[i].as_buffer())))
    return out


def _member(sorted_values: "np.ndarray", x: "np.ndarray") -> "np.ndarray":
    """Whether each of `x` is in the sorted array `sorted_values`."""
    import numpy as np

    if len(sorted_values) == 0:
        return np.zeros(len(x), dtype=bool)
    i = np.searchsorted(sorted_values, x)
    return sorted_values[np.minimum(i, len(sorted_values) - 1)] == x


class Fixes:
    """What the run-order pass decided, for the executors: each partition's first row (`starts`),
    the rows of repeated ids (left out of every table), the near-duplicate marks (row to the
    `doc_id` it duplicates), the `source` name, and whether near-duplicates are counted."""

    def __init__(
        self,
        starts: Dict[int, int],
        repeated: Sequence[int],
        marks: Dict[int, str],
        source: str,
        count_dups: bool,
    ) -> None:
        import numpy as np

        parts = sorted(starts)
        self.parts = np.array(parts, dtype=np.int64)
        self.starts = np.array([starts[p] for p in parts], dtype=np.int64)
        self.repeated = np.unique(np.array(list(repeated), dtype=np.int64))
        marked = sorted(marks)
        self.mark_rows = np.array(marked, dtype=np.int64)
        self.mark_ids = [marks[r] for r in marked]
        self.source = source
        self.count_dups = count_dups

    def rows(self, nm_id: "pa.Array") -> "np.ndarray":
        """The place in the run order (0, 1, ...) of each `_nm_id`."""
        import numpy as np

        nm = np.asarray(nm_id.to_numpy(zero_copy_only=False), dtype=np.int64)
        if len(self.parts) == 0:
            return nm & ((1 << ROW_BITS) - 1)
        at = np.searchsorted(self.parts, nm >> ROW_BITS)
        return self.starts[np.minimum(at, len(self.parts) - 1)] + (nm & ((1 << ROW_BITS) - 1))

    def kept(self, rows: "np.ndarray") -> "np.ndarray":
        """The documents kept (not a repeated id)."""
        return ~_member(self.repeated, rows)

    def counted(self, rows: "np.ndarray") -> "np.ndarray":
        """The documents the aggregates count (kept; near-duplicates unless counted)."""
        keep = self.kept(rows)
        return keep if self.count_dups else keep & ~_member(self.mark_rows, rows)

    def marks(self, rows: "np.ndarray") -> "pa.Array":
        """`duplicate_of` of each row (null unless marked)."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        if len(self.mark_rows) == 0:
            return pa.nulls(len(rows), pa.string())
        i = np.minimum(np.searchsorted(self.mark_rows, rows), len(self.mark_rows) - 1)
        hit = self.mark_rows[i] == rows
        ids = pa.array(self.mark_ids, pa.string()).take(pa.array(i, pa.int64()))
        return pc.if_else(pa.array(hit), ids, pa.nulls(len(rows), pa.string()))


def row_table(fixes: Fixes, name: str, t: "pa.Table") -> Tuple["pa.Table", "np.ndarray", "pa.Array"]:
    """The rows of row table `name` in a blob `t`, the run order's decisions applied: `(table
    without the helper columns, each row's document's place in the run order, each row's
    document's published_at)`. In the blob's order (run order)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    rows = fixes.rows(t.column(NM_ID))
    keep = fixes.counted(rows) if name == "document_themes" else fixes.kept(rows)
    if not keep.all():
        t, rows = t.filter(pa.array(keep)), rows[keep]
    if name == "documents":
        ts = t.column("published_at")
        place = pa.array(rows + 1, pa.int64()).cast(pa.string())
        source = pc.binary_join_element_wise(pa.scalar(fixes.source + ":"), place, "")
        t = t.set_column(t.schema.get_field_index("source"), "source", source)
        dup = t.schema.get_field_index("duplicate_of")
        t = t.set_column(dup, t.schema.field(dup), fixes.marks(rows).cast(t.schema.field(dup).type))
        t = t.drop_columns([NM_ID])
    else:
        ts = t.column(TS)
        t = t.drop_columns([NM_ID, TS])
    return t, np.asarray(rows, dtype=np.int64), ts


def measure_rows(fixes: Fixes, t: "pa.Table") -> "pa.Table":
    """The measure rows of a blob of the documents the aggregates count (`_nm_id` dropped)."""
    import pyarrow as pa

    keep = fixes.counted(fixes.rows(t.column(NM_ID)))
    if not keep.all():
        t = t.filter(pa.array(keep))
    return t.drop_columns([NM_ID])


def with_doc(rows: "pa.Table", d: "pa.Array", nm_ids: "pa.Array", ts: Optional["pa.Array"]) -> "pa.Table":
    """A table of the map step with `_nm_id` (and `_ts` when `ts` is given) of each row's
    document, `d` its place in the batch's documents; `d` dropped if present."""
    if "d" in rows.column_names:
        rows = rows.drop_columns(["d"])
    rows = rows.append_column(NM_ID, nm_ids.take(d))
    if ts is not None:
        rows = rows.append_column(TS, ts.take(d))
    return rows
