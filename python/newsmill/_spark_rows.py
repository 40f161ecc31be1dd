"""The row tables and per-document measures of Spark's map step as Arrow blobs (pyarrow only, no
Spark): each batch's `documents`, `sentences`, `mentions`, `document_themes` and measure rows
(the engine's per-document measures, ``_doc_measures``) travel through Spark's cache as one compressed Arrow IPC stream per
table and batch, not as Spark rows (which were converted from Arrow, cached, and converted back
to Arrow to be written: docs/spark.md, Speed). The run order's decisions, known only after the map step,
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
#: The measure blobs (the engine's measure tables; `unknown` stays a list of the record row).
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
        first_rows: Optional[Dict[int, int]] = None,
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
        # Each repeated id's rows (documents, and the map step's rejects of an id repeated in
        # its batch) to the row of the id's first occurrence.
        firsts = sorted((first_rows or {}).items())
        self.first_keys = np.array([r for r, _ in firsts], dtype=np.int64)
        self.first_values = np.array([f for _, f in firsts], dtype=np.int64)

    def first_rows(self, rows: "np.ndarray") -> "np.ndarray":
        """The row of the first occurrence of each row's repeated id (-1: none known)."""
        import numpy as np

        if len(self.first_keys) == 0:
            return np.full(len(rows), -1, dtype=np.int64)
        i = np.minimum(np.searchsorted(self.first_keys, rows), len(self.first_keys) - 1)
        return np.where(self.first_keys[i] == rows, self.first_values[i], -1)

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


#: The partial sums the map output's blobs give the aggregates, each from the blobs named:
#: per entity (`rolled`: themes along the tree), per entity and UTC day, per entity and
#: attribute values, per theme the documents it is about, per pair.
PARTIALS = {
    "counts": ("ents", "ups"),
    "series": ("ents", "ups"),
    "names": ("names",),
    "about": ("document_themes",),
    "pairs": ("pairs",),
}
PAIR = ("rank_a", "kind_a", "entity_a", "rank_b", "kind_b", "entity_b")
THEME = "theme"
_DAY_US = 86_400_000_000


def partial_types(ts: "pa.DataType") -> Dict[str, "pa.Schema"]:
    """The schema of each partial sum (:data:`PARTIALS`); `ts` is `published_at`'s type."""
    import pyarrow as pa

    s, i = pa.string(), pa.int64()
    from . import _doc_measures

    attrs = [pa.field(a, s) for a in _doc_measures.ATTRS]
    return {
        "counts": pa.schema(
            [("kind", s), ("entity_id", s), ("rolled", pa.bool_()), ("mentions", i), ("documents", i),
             ("sentences", i), ("first_seen", ts), ("last_seen", ts)]
        ),
        "series": pa.schema([("kind", s), ("entity_id", s), ("day", pa.timestamp("us")), ("mentions", i), ("documents", i)]),
        "names": pa.schema([pa.field("kind", s), pa.field("entity_id", s)] + attrs + [pa.field("n", i)]),
        "about": pa.schema([("entity_id", s), ("about_documents", i)]),
        "pairs": pa.schema(
            [("rank_a", pa.int32()), ("kind_a", s), ("entity_a", s), ("rank_b", pa.int32()), ("kind_b", s),
             ("entity_b", s), ("documents", i), ("sentences", i)]
        ),
    }


def day_of(ts: "pa.Array") -> "pa.Array":
    """The UTC day of each timestamp, a timestamp without zone at midnight (null when null)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    ts = ts.combine_chunks() if isinstance(ts, pa.ChunkedArray) else ts
    micros = np.asarray(pc.cast(ts, pa.int64()).fill_null(0).to_numpy(zero_copy_only=False), dtype=np.int64)
    days = np.floor_divide(micros, _DAY_US) * _DAY_US
    return pa.array(days, pa.timestamp("us"), mask=np.asarray(pc.is_null(ts).to_numpy(zero_copy_only=False)))


def partial(fixes: Fixes, family: str, blobs: List[Tuple[str, "pa.Table"]], schema: "pa.Schema") -> "pa.Table":
    """The partial sums `family` (:data:`PARTIALS`) of the documents counted in `blobs` (`(part,
    table)` of one batch or more): the aggregate stage's sums and counts over these documents,
    which summed again over every batch give its tables (a document is counted once per key:
    each key has one row per document in a measure blob)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    rows = []
    for part, t in blobs:
        if part == "document_themes":
            t = row_table(fixes, part, t)[0]
        else:
            t = measure_rows(fixes, t)
        if family in ("counts", "series"):
            kind = t.column("kind") if part == "ents" else pa.array([THEME] * t.num_rows, pa.string())
            t = pa.table(
                {
                    "kind": kind, "entity_id": t.column("entity_id"), "rolled": pa.array([part == "ups"] * t.num_rows, pa.bool_()),
                    "mentions": t.column("mentions"), "sentences": t.column("sentences"), "ts": t.column("ts"),
                }
            )
            if family == "series":
                # Themes rolled up, the other kinds as they are.
                t = t.filter(pc.equal(t.column("rolled"), pc.equal(t.column("kind"), THEME)))
                t = t.append_column("day", day_of(t.column("ts")))
        elif family == "about":
            t = t.filter(t.column("about")).select(["entity_id"])
        rows.append(t)
    if not rows:
        return schema.empty_table()
    t = pa.concat_tables(rows)
    every = pc.CountOptions(mode="all")
    if family == "counts":
        keys = ["kind", "entity_id", "rolled"]
        aggs = [("mentions", "sum"), ("mentions", "count", every), ("sentences", "sum"), ("ts", "min"), ("ts", "max")]
    elif family == "series":
        keys = ["kind", "entity_id", "day"]
        aggs = [("mentions", "sum"), ("mentions", "count", every)]
    elif family == "names":
        keys = [f.name for f in schema if f.name != "n"]
        aggs = [("n", "sum")]
    elif family == "about":
        keys = ["entity_id"]
        aggs = [("entity_id", "count", every)]
    else:
        keys = list(PAIR)
        aggs = [("sentences", "count", every), ("sentences", "sum")]
    g = t.group_by(keys, use_threads=False).aggregate(aggs)
    names = [f"{a[0]}_{a[1]}" for a in aggs]
    values = [g.column(n) for n in names]
    out = [g.column(k) for k in keys] + values
    return pa.Table.from_arrays([c.cast(f.type) for c, f in zip(out, schema)], schema=schema)
