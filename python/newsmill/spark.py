"""newsmill on Spark: the tables of ``newsmill run`` computed by a Spark cluster.

>>> from pyspark.sql import SparkSession
>>> import newsmill.spark
>>> spark = SparkSession.builder.getOrCreate()
>>> articles = spark.read.json("articles.jsonl")
>>> r = newsmill.spark.tag(articles, source="articles.jsonl")
>>> r.mentions.groupBy("entity_name").count()          # Spark DataFrames
>>> newsmill.spark.write(r, "out/articles")             # the output folder of `newsmill run`

How it works (docs/spark.md has the details):

1. **Map.** Each executor builds the engine once per config and tags the articles Arrow batch
   by Arrow batch through ``mapInArrow`` (no Python per row): one output row per input record
   (a document's run-order facts, or a reject), then one per table of the batch, an Arrow IPC
   blob (``_spark_rows``): its documents, sentences, mentions, ``document_themes`` (they need
   the whole document) and the documents' measures (per entity its mentions and sentences,
   themes rolled up, names, co-occurring pairs: computed by the engine with the aggregate
   stage's own code, ``stages/aggregate/src/measures.rs``). Fields are found as the command line
   finds them.
2. **Run order.** The input's row order is the run order (``order=`` sorts by columns first):
   each record gets its place ``row`` (0, 1, ... over the whole input). What ``newsmill run``
   decides in run order is decided on the driver from one collect of a few values per record:
   a repeated ``doc_id`` is a reject of every occurrence but the first, and near-duplicates are
   marked by the engine's own sequential index over the kept documents in run order
   (``Engine.near_duplicate_marks``), exactly as the ingest stage marks them.
3. **Aggregates and rejects** in one pass over the map output: each batch's partial sums
   (pyarrow) of the per-document measures of the documents counted, and its rejects, go by one
   Spark shuffle to a call per group of tables, whose final sums (``_spark_finals``, pyarrow)
   have the aggregate stage's definitions (names from the data with the same tie-break, themes
   rolled up along the dictionary's tree, co-occurrence in both orders among at most 100
   entities per document, time series per UTC day with ``day_documents``). With
   ``aggregate_partitions`` above 1 each group's partial sums are split by a stable hash of
   their key into that many tasks; Spark joins co-occurrence's names and sorts every table.

The tables have the columns of ``newsmill.schema()`` (Spark has no unsigned integers:
``documents.simhash`` is the same 64 bits as a signed ``long`` in Spark, and an unsigned
``uint64`` again in the files :func:`write` writes).
"""

from __future__ import annotations

import json
import os
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple, Union

from . import _doc_measures, _native, _spark_finals, _spark_rows, check_config, schema as _schema
from . import __version__

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pyarrow as pa
    from pyspark.sql import DataFrame

#: The row tables and the aggregate tables, in the order of ``newsmill schema``.
TABLES = tuple(_native.table_names())

#: The most entities of one document whose pairs count in ``cooccurrence`` (the aggregate
#: stage's ``MAX_PAIR_ENTITIES``).
MAX_PAIR_ENTITIES = _doc_measures.MAX_PAIR_ENTITIES

_DAY_US = 86_400_000_000
#: Bits of ``monotonically_increasing_id`` that number a row within its partition.
_ROW_BITS = _spark_rows.ROW_BITS


class SparkResult:
    """The tables of :func:`tag`, each a Spark DataFrame with the table's columns, by name
    (``r.mentions`` or ``r["mentions"]``); ``r.names`` lists them, :func:`table` gives one in
    the command line's row order, :func:`write` writes them all."""

    def __init__(self, frames: Dict[str, "DataFrame"], config: Dict[str, Any], source: str) -> None:
        # Each table with its run-order columns (`row`, `pos`) where it has them.
        self._frames = frames
        #: The config used, defaults filled in.
        self.config = config
        self.source = source
        self._cached: List["DataFrame"] = []
        # The map output's blobs (`_nm_id`, `part`, `blob`: _spark_rows) and the run order's
        # decisions applied when they are read: `write` writes the four row tables from them.
        self._blobs: Optional["DataFrame"] = None
        self._fixes: Optional[_spark_rows.Fixes] = None
        # The whole map output (records and blobs): `write` writes every table from it.
        self._mapped: Optional["DataFrame"] = None
        # What the aggregate tables' final sums need from the driver, and the aggregate tables
        # once computed for the frames (`name`, `blob`: _spark_finals).
        self._context: Optional[_spark_finals.Context] = None
        self._finals: Optional["DataFrame"] = None
        #: The buckets of the aggregate tables' final step (`aggregate_partitions` of :func:`tag`).
        self.aggregate_partitions = 1
        # The final sums by buckets (above one), cached once computed (`_aggregate_frame`).
        self._bucketed: Dict[int, "DataFrame"] = {}

    @property
    def names(self) -> List[str]:
        return list(self._frames)

    @property
    def tables(self) -> Dict[str, "DataFrame"]:
        return {n: self[n] for n in self._frames}

    def __getitem__(self, name: str) -> "DataFrame":
        if name not in self._frames:
            raise KeyError(f"no table `{name}` (tables: {', '.join(self._frames)})")
        df = self._frame(name)
        return df.drop(*[c for c in ("row", "pos") if c in df.columns])

    def _frame(self, name: str) -> "DataFrame":
        # A table's frame is planned when first used (planning is the driver's work: `write`
        # needs few of these frames).
        df = self._frames[name]
        if callable(df):
            df = self._frames[name] = df()
        return df

    def __getattr__(self, name: str) -> "DataFrame":
        if name in self.__dict__.get("_frames", {}):
            return self[name]
        raise AttributeError(name)

    def __contains__(self, name: object) -> bool:
        return name in self._frames

    def __iter__(self):
        return iter(self._frames)

    def unpersist(self) -> None:
        """Frees the cached map output (the tables cannot be used after)."""
        for df in self._cached:
            df.unpersist()

    def __repr__(self) -> str:
        return f"newsmill.spark.SparkResult({', '.join(self._frames)})"


# ---------------------------------------------------------------------------------------------
# Types: the tables' Arrow schemas (newsmill.schema(), one definition) as Spark types.


def spark_type(t: "pa.DataType") -> Any:
    """The Spark type of an Arrow type of a newsmill table (``uint64`` as ``long``)."""
    import pyarrow as pa
    from pyspark.sql import types as T

    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return T.StringType()
    if pa.types.is_int64(t) or pa.types.is_uint64(t):
        return T.LongType()
    if pa.types.is_int32(t):
        return T.IntegerType()
    if pa.types.is_float64(t):
        return T.DoubleType()
    if pa.types.is_boolean(t):
        return T.BooleanType()
    if pa.types.is_binary(t):
        return T.BinaryType()
    if pa.types.is_timestamp(t):
        return T.TimestampType() if t.tz is not None else T.TimestampNTZType()
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return T.ArrayType(spark_type(t.value_type), True)
    if pa.types.is_struct(t):
        return T.StructType([T.StructField(f.name, spark_type(f.type), f.nullable) for f in t])
    raise TypeError(f"no Spark type for Arrow type {t}")


def spark_schema(table: Union[str, "pa.Schema"]) -> Any:
    """The Spark schema (a ``StructType``) of a table, from :func:`newsmill.schema`."""
    from pyspark.sql import types as T

    s = _schema(table) if isinstance(table, str) else table
    return T.StructType([T.StructField(f.name, spark_type(f.type), f.nullable) for f in s])


def _doc_schema(carry: Sequence[str]) -> "pa.Schema":
    import pyarrow as pa

    s = _schema("documents")
    for c in carry:
        s = s.append(pa.field(c, pa.string(), True))
    return s


def _map_schema(carry: Sequence[str] = ()) -> "pa.Schema":
    """The Arrow schema of the map step's rows: one per input record (a document's run-order
    facts, or a reject), then one per table of the batch (`part`: a row table or a measure, as an
    Arrow IPC `blob`, _spark_rows). `carry` columns travel in the `documents` blobs."""
    import pyarrow as pa

    reject = _schema("rejects").append(pa.field("dup_id", pa.string(), True))
    return pa.schema(
        [
            pa.field("_nm_id", pa.int64(), False),
            pa.field("doc_id", pa.string(), True),
            pa.field("simhash", pa.int64(), True),  # the same 64 bits (Spark has no uint64)
            pa.field("long_enough", pa.bool_(), True),
            pa.field("ts", _schema("documents").field("published_at").type, True),
            # The text's first bytes: the sample of a reject for a repeated id.
            pa.field("head", pa.binary(), True),
            pa.field("reject", pa.struct([pa.field(f.name, f.type, True) for f in reject]), True),
            pa.field("unknown", _doc_measures.types()["unknown"], True),
            pa.field("part", pa.string(), True),
            pa.field("blob", pa.binary(), True),
        ]
    )


#: Bytes of a repeated document's text in its reject's `sample` (the ingest stage's).
SAMPLE_BYTES = 200


# ---------------------------------------------------------------------------------------------
# The map step, on the executors.

#: Engines built in this Python process, by config TOML (executors reuse their Python workers).
_ENGINES: Dict[str, Any] = {}


def _executor_engine(toml: str) -> Any:
    """The engine of a config and its theme tree (id to parent id), built once per process."""
    engine = _ENGINES.get(toml)
    if engine is None:
        built = _native.Engine(toml, None, "config")
        engine = (built, {i: p for i, p, _, _ in built.theme_tree()})
        _ENGINES.clear()
        _ENGINES[toml] = engine
    return engine


def _read(stream: Any) -> "pa.Table":
    import pyarrow as pa

    return pa.RecordBatchReader.from_stream(stream).read_all()


def _row_of(source: "pa.Array", ids: "pa.Array") -> "pa.Array":
    """The `_nm_id` of the input rows named by `SOURCE:ROW` strings (ROW from 1 in the batch)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    k = pc.struct_field(pc.extract_regex(source, r":(?P<k>[0-9]+)$"), [0])
    k = pc.subtract(pc.cast(k, pa.int64()), 1)
    return ids.take(k)


def _map_batch(engine: Any, batch: "pa.RecordBatch", columns: Any, schema: "pa.Schema") -> "pa.RecordBatch":
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    ids = batch.column(batch.schema.get_field_index("_nm_id"))
    data = pa.Table.from_batches([batch]).drop_columns(["_nm_id"])
    # Of the aggregates, what needs a whole document: its themes' salience, and each document's
    # measures (`ents`, `ups`, `names`, `pairs`, `unknown`: the aggregate stage's code,
    # stages/aggregate/src/measures.rs), which the aggregates sum.
    tables = {name: s for name, s in engine.tag(data, columns, 1, "measures", "spark", None)}
    docs = _read(tables["documents"])
    rejects = _read(tables["rejects"])
    n, r = docs.num_rows, rejects.num_rows
    doc_ids = docs.column("doc_id").combine_chunks()
    doc_rows = _row_of(docs.column("source").combine_chunks(), ids).cast(pa.int64())
    ts = docs.column("published_at").combine_chunks().cast(schema.field("ts").type)
    text = docs.column("text").combine_chunks()
    long_enough = _read(engine.long_enough(pa.table({"text": text}))).column(0).combine_chunks()
    head = pc.binary_slice(text.cast(pa.binary()), 0, SAMPLE_BYTES)
    mentions = _read(tables["mentions"]).combine_chunks()
    # Each table's rows with their document's `_nm_id` (and `_ts`), in document order.
    blobs: List[Tuple[str, bytes]] = [
        ("documents", _spark_rows.blob(docs.append_column(_spark_rows.NM_ID, doc_rows)))
    ]
    for name in ("sentences", "mentions", "document_themes"):
        t = mentions if name == "mentions" else _read(tables[name]).combine_chunks()
        d = pc.index_in(t.column("doc_id"), value_set=doc_ids).cast(pa.int64())
        order = np.argsort(np.asarray(d.to_numpy(zero_copy_only=False)), kind="stable")
        t, d = t.take(pa.array(order)), d.take(pa.array(order))
        blobs.append((name, _spark_rows.blob(_spark_rows.with_doc(t, d, doc_rows, ts))))
    measures = {}
    for name in (*_spark_rows.MEASURES, "unknown"):
        m = _read(tables[name]).combine_chunks()
        d = pc.index_in(m.column("doc_id"), value_set=doc_ids).cast(pa.int64())
        measures[name] = (m.drop_columns(["doc_id"]), d.combine_chunks() if isinstance(d, pa.ChunkedArray) else d)
    for name in _spark_rows.MEASURES:
        m, d = measures[name]
        blobs.append((name, _spark_rows.blob(_spark_rows.with_doc(m, d, doc_rows, None).append_column("ts", ts.take(d)))))
    unknown = _doc_measures._lists(measures["unknown"][1], n, measures["unknown"][0], _doc_measures.types()["unknown"])
    # Rejects: a row number (`position`, or `SOURCE:ROW` for a repeated id) in this batch.
    reason = rejects.column("reason").combine_chunks()
    dup = pc.starts_with(reason, "duplicate doc_id `")
    dup_id = pc.struct_field(
        pc.extract_regex(reason, r"^duplicate doc_id `(?P<id>.*)` \(first seen at "), [0]
    )
    dup_id = pc.if_else(dup, dup_id, pa.nulls(r, pa.string()))
    by_position = pc.subtract(pc.cast(rejects.column("position").combine_chunks(), pa.int64()), 1)
    by_source = pc.cast(
        pc.struct_field(pc.extract_regex(rejects.column("source").combine_chunks(), r":(?P<k>[0-9]+)$"), [0]),
        pa.int64(),
    )
    at = pc.if_else(dup, pc.subtract(by_source, 1), by_position)
    reject_rows = ids.take(at).cast(pa.int64())
    reject_type = schema.field("reject").type
    sample = _record_samples(rejects.column("sample").combine_chunks(), by_position, data)
    rcols = [
        dup_id if f.name == "dup_id" else sample if f.name == "sample" else rejects.column(f.name).combine_chunks()
        for f in reject_type
    ]
    reject = pa.StructArray.from_arrays([c.cast(f.type) for c, f in zip(rcols, reject_type)], fields=list(reject_type))
    k = len(blobs)
    # A blob row's `_nm_id`: its batch's first record's (the blobs follow the records in order).
    first = pa.array([ids[0].as_py()] * k, pa.int64()) if len(ids) else pa.array([], pa.int64())

    def pad(a: "pa.Array", before: int, after: int) -> "pa.Array":
        parts = []
        if before:
            parts.append(pa.nulls(before, a.type))
        parts.append(a)
        if after:
            parts.append(pa.nulls(after, a.type))
        return pa.concat_arrays(parts) if len(parts) > 1 else a

    out = [
        pa.concat_arrays([doc_rows, reject_rows, first]),
        pad(doc_ids.cast(pa.string()), 0, r + k),
        pad(pc.cast(docs.column("simhash").combine_chunks(), pa.int64(), safe=False), 0, r + k),
        pad(long_enough, 0, r + k),
        pad(ts, 0, r + k),
        pad(head, 0, r + k),
        pad(reject, n, k),
        pad(unknown, 0, r + k),
        pad(pa.array([b[0] for b in blobs], pa.string()), n + r, 0),
        pad(pa.array([b[1] for b in blobs], pa.binary()), n + r, 0),
    ]
    return pa.RecordBatch.from_arrays(out, schema=schema)


def _record_samples(sample: "pa.Array", position: "pa.Array", data: "pa.Table") -> "pa.Array":
    """The rejects' `sample`s, a record's own where the engine has none (a record Spark parsed
    has no raw line): the record as JSON, null fields left out, cut to SAMPLE_BYTES as the
    ingest stage cuts a raw line. `position`: each reject's row in `data` (null for none)."""
    import pyarrow as pa

    values = sample.to_pylist()
    places = position.to_pylist()
    if all(v or p is None for v, p in zip(values, places)):
        return sample
    for k, (v, p) in enumerate(zip(values, places)):
        if v or p is None:
            continue
        # Rare rows (rejects): one record each, in Python.
        # (A string's first SAMPLE_BYTES characters give the first SAMPLE_BYTES bytes of JSON.)
        record = {
            c: x[:SAMPLE_BYTES] if isinstance(x, str) else x
            for c, x in data.slice(p, 1).to_pylist()[0].items()
            if x is not None
        }
        raw = json.dumps(record, ensure_ascii=False, default=str).encode("utf-8")
        values[k] = raw[:SAMPLE_BYTES].decode("utf-8", "replace")
    return pa.array(values, pa.string())


def _mapper(toml: str, columns: Any, carry: Sequence[str]):
    schema = _map_schema(carry)

    def run(batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        engine, _ = _executor_engine(toml)
        for b in batches:
            if b.num_rows == 0:
                continue
            yield _map_batch(engine, b, columns, schema)

    return run


# ---------------------------------------------------------------------------------------------
# The driver.


def _config(config: Any) -> Tuple[Dict[str, Any], str, str]:
    """(the config in full, its TOML, the map step's TOML): the map step marks no
    near-duplicates (they are marked over the whole input later) and computes the salience of
    every document (duplicates are left out after)."""
    full = check_config(config)
    mapped = json.loads(json.dumps(full))
    mapped.setdefault("ingest", {})["duplicates"] = False
    mapped.setdefault("aggregate", {})["duplicates"] = "include"
    return full, _native.json_to_toml(json.dumps(full)), _native.json_to_toml(json.dumps(mapped))


def _renamed(df: "DataFrame", columns: Sequence[Tuple[str, str]], full: Dict[str, Any]) -> "DataFrame":
    """The columns the caller named, renamed to the first name the ingest stage looks for (the
    others of that field's list dropped), as ``newsmill.tag`` does."""
    lists = {
        "text": full["ingest"].get("text_fields", []),
        "id": full["ingest"].get("id_fields", []),
        "title": full["ingest"].get("title_fields", []),
        "published_at": full["ingest"].get("date_fields", []),
    }
    from .errors import ConfigError

    for field, column in columns:
        names = lists.get(field)
        if not names:
            raise ConfigError(f"{field}=: no field names in [ingest]", [])
        if column not in df.columns:
            raise ConfigError(f"{field}={column!r}: no such column (columns: {', '.join(df.columns)})", [])
        key = lambda s: s.lower().replace("_", "").replace("-", "").replace(" ", "")  # noqa: E731
        drop = {key(n) for n in names}
        tmp = f"_nm_{field}"
        df = df.withColumnRenamed(column, tmp)
        df = df.drop(*[c for c in df.columns if key(c) in drop])
        df = df.withColumnRenamed(tmp, names[0])
    return df


def tag(
    articles: "DataFrame",
    text: Optional[str] = None,
    id: Optional[str] = None,
    title: Optional[str] = None,
    published_at: Optional[str] = None,
    config: Any = None,
    source: str = "spark",
    order: Union[None, str, Sequence[str]] = None,
    partitions: Optional[int] = None,
    aggregate_partitions: Optional[int] = None,
) -> SparkResult:
    """Tags a Spark DataFrame of articles on the executors and returns every table of
    ``newsmill run`` as Spark DataFrames (:class:`SparkResult`).

    ``text``, ``id``, ``title``, ``published_at`` name the columns to use (else they are found by
    name as the command line finds fields). ``config``: a dict or a TOML path, as elsewhere.
    ``source`` names the input in ``documents.source`` (``SOURCE:ROW``, ROW counted from 1 in run
    order) and ``rejects.source``: give the file's path to get the command line's values.
    ``order``: columns to sort the articles by; without it the DataFrame's order is the run order
    (for a file read by Spark: its lines in order). The run order decides which of two
    documents with one id is kept and which near-duplicate is the original. ``partitions``:
    tag in that many partitions (ranges of the run order); by default the input's, or the
    cores' number when the input has fewer partitions than cores. ``aggregate_partitions``: the
    buckets of the aggregate tables' final step (each group of tables split by a stable hash of
    the entity or pair into that many tasks, then sorted by Spark); by default 1 up to
    :data:`ONE_TASK_DOCUMENTS` documents counted (one task per group), else
    ``spark.sql.shuffle.partitions`` capped by the map step's partitions.

    The map step runs here, once (its output is cached, ``MEMORY_AND_DISK``), with the run-order
    pass on the driver; the tables are computed when used.
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    if aggregate_partitions is not None:
        _buckets(aggregate_partitions, 0, 1, None)  # checked before any work
    full, toml, map_toml = _config(config)
    carry = list(full["ingest"].get("carry", []))
    columns = [
        (f, c)
        for f, c in (("text", text), ("id", id), ("title", title), ("published_at", published_at))
        if c is not None
    ]
    df = _renamed(articles, columns, full)
    if order is not None:
        df = df.orderBy(*([order] if isinstance(order, str) else list(order)))
    df = df.withColumn("_nm_id", F.monotonically_increasing_id())
    # Fewer input partitions than cores (a single file is one partition up to 128 MB) would tag
    # on one core: split into ranges of the run order (the numbering above stays).
    cores = df.sparkSession.sparkContext.defaultParallelism
    in_parts = df.rdd.getNumPartitions()
    n = partitions or (cores if in_parts < cores else None)
    if n:
        df = df.repartitionByRange(n, "_nm_id")
    map_schema = _map_schema(carry)
    mapped = df.mapInArrow(_mapper(map_toml, [], carry), spark_schema(map_schema))
    mapped = mapped.persist(StorageLevel.MEMORY_AND_DISK)
    cached = [mapped]
    # The driver's engine (for the run-order pass and the theme tree) is built while the map
    # step runs: the build releases the GIL, the job is the JVM's.
    with ThreadPoolExecutor(1) as pool:
        built = pool.submit(_native.Engine, toml, None, "config")
        # The run-order pass, on the driver, from one collect of a few values per record.
        records = mapped.where(F.col("part").isNull())
        run = _run_order(records, built.result, full)
        engine = built.result()
    count_dups = full.get("aggregate", {}).get("duplicates", "exclude") == "include"
    fixes = _spark_rows.Fixes(
        run.starts,
        [r for r, first, _ in run.fixes if first is not None],
        {r: m for r, _, m in run.fixes if m is not None},
        source,
        count_dups,
        {r: first for r, first, _ in run.fixes if first is not None},
    )
    blobs = mapped.where(F.col("part").isNotNull()).select("_nm_id", "part", "blob")
    tables: Dict[str, Any] = {"rejects": lambda: _rejects_frame(mapped, fixes)}
    for name in _IN_PARTITION_ORDER:
        # The row tables, read from the blobs when used (`write` writes them from the blobs).
        tables[name] = (lambda name: lambda: _decoded(blobs, fixes, name, full))(name)
    result = SparkResult({}, full, source)
    for name in _AGGREGATES:
        # The aggregate tables, computed together when the first is used (`write` writes them
        # from the same final sums).
        tables[name] = (lambda name: lambda: _aggregate_frame(result, name))(name)
    result._frames = {name: tables[name] for name in TABLES if name in tables}
    result._cached = cached
    result._blobs = blobs
    result._fixes = fixes
    result._mapped = mapped
    result._context = _context(engine, run)
    result.aggregate_partitions = _buckets(aggregate_partitions, run.counted, n or in_parts, df.sparkSession)
    return result


#: Documents counted up to which the aggregate tables' final sums run in one task per group
#: (session 13's path, the fastest on one machine) when `aggregate_partitions` is not given.
#: Chosen well above the corpora timed (21,289 Reuters stories: the final step's partial sums
#: are a few tens of MB there), and well below a year of a large feed; not a measured limit.
ONE_TASK_DOCUMENTS = 1_000_000


def _buckets(given: Optional[int], counted: int, map_partitions: int, spark: Any) -> int:
    """The final step's buckets: `given`, else 1 for small inputs, else the shuffle partitions
    (``spark.sql.shuffle.partitions``) capped by the map step's partitions (at least 2)."""
    if given is not None:
        if int(given) < 1:
            raise ValueError(f"aggregate_partitions={given!r}: at least 1")
        return int(given)
    if counted <= ONE_TASK_DOCUMENTS:
        return 1
    shuffle = int(spark.conf.get("spark.sql.shuffle.partitions", "200"))
    return max(2, min(shuffle, map_partitions))


#: The most documents whose run-order facts (row, id, SimHash, date: about 40 bytes and the id
#: each) the driver collects for the near-duplicate pass; above it `tag` stops with advice
#: rather than exhaust the driver. 100 M documents need about 6 GB of driver memory.
DRIVER_MAX_DOCUMENTS = 200_000_000


class _RunOrder:
    """What the run order decides, found on the driver: each partition's first row, the
    repeated ids, the near-duplicate marks, the documents counted and their days."""

    def __init__(self) -> None:
        self.starts: Dict[int, int] = {}
        # (row, first row of its id, near-duplicate mark): repeated ids (documents and the map
        # step's rejects) and marked documents only.
        self.fixes: List[Tuple[int, Optional[int], Optional[str]]] = []
        self.counted = 0
        self.day_documents: List[Tuple[Optional[Any], int]] = []
        # Themes the dictionary lacks, from the mentions of the documents counted.
        self.unknown: List[Tuple[str, Optional[str], Optional[str], Optional[str]]] = []


def _run_order(mapped: "DataFrame", engine_of: Callable[[], Any], full: Dict[str, Any]) -> _RunOrder:
    """One collect of `(_nm_id, doc_id, simhash, long_enough, ts, dup_id, unknown)` per record
    (a job over the cached map output), then what the ingest stage decides in run order,
    computed as it does: a repeated `doc_id` is a reject after its first occurrence; the
    near-duplicates are marked by the engine's own sequential index (`Deduper::marks`) over the
    kept documents in run order, so the marks are the command line's by construction."""
    import datetime

    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    from pyspark.sql import functions as F

    facts = mapped.select(
        "_nm_id",
        "doc_id",
        "simhash",
        "long_enough",
        "ts",
        F.col("reject.dup_id").alias("dup_id"),
        "unknown",
    ).toArrow()
    run = _RunOrder()
    nm = np.asarray(facts.column("_nm_id").to_numpy(), dtype=np.int64)
    order = np.argsort(nm, kind="stable")
    row = np.empty(len(nm), dtype=np.int64)
    row[order] = np.arange(len(nm))
    parts, firsts = np.unique(nm[order] >> _ROW_BITS, return_index=True)
    run.starts = {int(p): int(f) for p, f in zip(parts, firsts)}
    facts = facts.append_column("row", pa.array(row)).take(pa.array(order))
    is_doc = pc.is_valid(facts.column("doc_id"))
    docs = facts.filter(is_doc)
    if docs.num_rows > DRIVER_MAX_DOCUMENTS:
        raise ValueError(
            f"{docs.num_rows} documents: more than newsmill.spark.DRIVER_MAX_DOCUMENTS "
            f"({DRIVER_MAX_DOCUMENTS}) for the driver's run-order pass; raise it with the driver's memory"
        )
    # The first row of each id (documents are in run order).
    first = docs.group_by("doc_id", use_threads=False).aggregate([("row", "min")])
    first_of = dict(zip(first.column("doc_id").to_pylist(), first.column("row_min").to_pylist()))
    doc_rows = docs.column("row").to_numpy()
    firsts_of_docs = np.asarray(
        pc.take(first.column("row_min"), pc.index_in(docs.column("doc_id"), value_set=first.column("doc_id"))).to_numpy()
    )
    repeat = doc_rows != firsts_of_docs
    for r, f in zip(doc_rows[repeat].tolist(), firsts_of_docs[repeat].tolist()):
        run.fixes.append((r, f, None))
    # Rejects of the map step for an id repeated within a batch name its first occurrence.
    dup = facts.filter(pc.is_valid(facts.column("dup_id")))
    for r, i in zip(dup.column("row").to_pylist(), dup.column("dup_id").to_pylist()):
        run.fixes.append((r, first_of.get(i), None))
    kept = docs.filter(pa.array(~repeat))
    engine = engine_of()
    enabled, _max_bits, _min_words = engine.dedup_settings()
    marks: List[Optional[str]] = [None] * kept.num_rows
    if enabled:
        marks = engine.near_duplicate_marks(
            kept.column("doc_id").to_pylist(), kept.column("simhash").to_pylist(), kept.column("long_enough").to_pylist()
        )
    for r, m in zip(kept.column("row").to_pylist(), marks):
        if m is not None:
            run.fixes.append((r, None, m))
    count_dups = full.get("aggregate", {}).get("duplicates", "exclude") == "include"
    counted = kept if count_dups else kept.filter(pa.array([m is None for m in marks], pa.bool_()))
    run.counted = counted.num_rows
    ts = counted.column("ts")
    micros = pc.cast(ts, pa.int64()).to_numpy(zero_copy_only=False)
    valid = pc.is_valid(ts).to_numpy(zero_copy_only=False)
    days: Dict[Optional[Any], int] = {}
    epoch = datetime.datetime(1970, 1, 1)
    day_numbers = np.floor_divide(np.where(valid, np.nan_to_num(micros).astype(np.int64), 0), _DAY_US)
    for d, c in zip(*np.unique(day_numbers[valid], return_counts=True)):
        days[epoch + datetime.timedelta(days=int(d))] = int(c)
    if (~valid).any():
        days[None] = int((~valid).sum())
    run.day_documents = sorted(days.items(), key=lambda x: (x[0] is None, x[0] or epoch))
    unknown = counted.column("unknown").combine_chunks()
    if len(unknown.flatten()):
        u = pa.Table.from_struct_array(unknown.flatten())
        run.unknown = sorted(
            set(zip(*[u.column(c).to_pylist() for c in ("entity_id", "parent_id", "entity_name", "qcode")])),
            key=lambda r: tuple("" if x is None else x for x in r),
        )
    return run


def _rejects_schema() -> "pa.Schema":
    """The rejects with `row`, their place in the run order (the rows' order)."""
    import pyarrow as pa

    return _schema("rejects").append(pa.field("row", pa.int64(), False))


def _rejects_of(b: "pa.RecordBatch", fixes: _spark_rows.Fixes) -> "pa.Table":
    """The rejects of a batch of the map output (`_rejects_schema`): a repeated `doc_id` is a
    reject of every occurrence after the first in run order (its `source` `SOURCE:ROW`, its
    `sample` the text's first bytes); the map step's rejects get their row in run order, and a
    repeated id within one batch names its first occurrence over the whole input. Rejects are
    rare rows: each is built in Python."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    schema = _rejects_schema()

    def col(name: str) -> "pa.Array":
        return b.column(b.schema.get_field_index(name))

    record = np.asarray(pc.is_null(col("part")).to_numpy(zero_copy_only=False), dtype=bool)
    rows = fixes.rows(col("_nm_id"))
    firsts = fixes.first_rows(rows)
    is_doc = record & np.asarray(pc.is_valid(col("doc_id")).to_numpy(zero_copy_only=False), dtype=bool)
    is_reject = record & np.asarray(pc.is_valid(col("reject")).to_numpy(zero_copy_only=False), dtype=bool)
    at = np.nonzero((is_doc & (firsts >= 0)) | is_reject)[0]
    if len(at) == 0:
        return schema.empty_table()

    def dup_reason(doc_id: str, first: int) -> Optional[str]:
        if first < 0:
            return None
        return f"duplicate doc_id `{doc_id}` (first seen at {fixes.source}:{first + 1})"

    out: Dict[str, List[Any]] = {f.name: [] for f in schema}
    doc_ids, heads, rejects = col("doc_id"), col("head"), col("reject")
    for i in at.tolist():
        row, first = int(rows[i]), int(firsts[i])
        if is_doc[i]:
            head = heads[i].as_py()
            values = (
                f"{fixes.source}:{row + 1}", None, dup_reason(doc_ids[i].as_py(), first),
                None if head is None else head.decode("utf-8", "replace"),
            )
        else:
            r = rejects[i].as_py()
            if r["dup_id"] is None:
                values = (fixes.source, None if r["position"] is None else row + 1, r["reason"], r["sample"])
            else:
                values = (f"{fixes.source}:{row + 1}", None, dup_reason(r["dup_id"], first), r["sample"])
        for name, v in zip(("source", "position", "reason", "sample"), values):
            out[name].append(v)
        out["row"].append(row)
    return pa.Table.from_pydict(out, schema=schema)


def _rejects_frame(mapped: "DataFrame", fixes: _spark_rows.Fixes) -> "DataFrame":
    """The rejects as a Spark DataFrame (with `row`), from the map output's records."""

    def run(batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        for b in batches:
            yield from _rejects_of(b, fixes).to_batches()

    return mapped.mapInArrow(run, spark_schema(_rejects_schema()))


def _decoded(blobs: "DataFrame", fixes: _spark_rows.Fixes, name: str, full: Dict[str, Any]) -> "DataFrame":
    """Row table `name` as a Spark DataFrame (with `row` and `pos`, the run order), from the
    blobs, the run order's decisions applied."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    schema = _arrow_schema(name, full)
    sp = spark_schema(schema)
    sp = T.StructType(list(sp.fields) + [T.StructField("row", T.LongType()), T.StructField("pos", T.LongType())])

    def run(batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        import pyarrow as pa
        import pyarrow.compute as pc

        for b in batches:
            for _, t in _spark_rows.blobs_of(b):
                t, rows, _ = _spark_rows.row_table(fixes, name, t)
                t = _conformed(t, schema)
                if "simhash" in t.column_names:  # the same 64 bits as Spark's long
                    i = t.schema.get_field_index("simhash")
                    t = t.set_column(i, "simhash", pc.cast(t.column(i), pa.int64(), safe=False))
                t = t.append_column("row", pa.array(rows, pa.int64())).append_column(
                    "pos", pa.array(range(t.num_rows), pa.int64())
                )
                yield from t.to_batches()

    return blobs.where(F.col("part") == name).mapInArrow(run, sp)


def _context(engine: Any, run: _RunOrder) -> _spark_finals.Context:
    """What the final sums need from the driver: the theme tree (the dictionary's, plus themes
    only the mentions know: their parent, name and qcode; a parent no one names is a theme of its
    own name), the documents counted and each day's documents."""
    tree: Dict[str, Tuple[Optional[str], str, Optional[str]]] = {
        i: (p, n, q) for i, p, n, q in engine.theme_tree()
    }
    for i, p, n, q in run.unknown:
        if i not in tree:
            tree[i] = (p or None, n, q or None)
    for i in list(tree):
        p = tree[i][0]
        if p is not None and p not in tree:
            tree[p] = (None, p, None)
    return _spark_finals.Context(tree, run.counted, run.day_documents)


def _schema_of(*fields: Tuple[str, str]) -> "pa.Schema":
    import pyarrow as pa

    return pa.schema([(n, getattr(pa, t)()) for n, t in fields])


#: The rows :func:`_one_job` shuffles, and its output: the aggregate tables cached for the frames.
_SHUFFLED = (("group", "int32"), ("bucket", "int32"), ("family", "string"), ("blob", "binary"))
_FINALS = (("name", "string"), ("blob", "binary"))
#: The rows written per table, from the write job.
_COUNTS = (("name", "string"), ("rows", "int64"))


#: The group of the shuffle of :func:`_one_job` that sorts and writes the rejects (after the
#: groups of aggregate tables, `_spark_finals.GROUPS`), and gets the row tables' row counts.
_REJECTS_GROUP = len(_spark_finals.GROUPS)


def _needs(group: int, buckets: int) -> Tuple[str, ...]:
    """The partial sums a final group needs: with buckets, co-occurrence only its pairs (the
    names are joined by Spark, from the entity group's buckets)."""
    names, needs = _spark_finals.GROUPS[group]
    if buckets > 1 and "cooccurrence" in names:
        return ("pairs",)
    return needs


def _partial_rows(
    fixes: _spark_rows.Fixes, groups: Sequence[int], blobs: List[Tuple[str, "pa.Table"]], buckets: int = 1
) -> List[Tuple[int, int, str, bytes]]:
    """The partial sums (`_spark_rows.partial`, the documents counted) of the blobs of a batch of
    the map output, one `(group, bucket, family, blob)` per final group, bucket of `buckets`
    (`_spark_finals.split`) and family it needs."""
    types = _spark_rows.partial_types(_schema("documents").field("published_at").type)
    done: Dict[str, List[Tuple[int, bytes]]] = {}
    rows: List[Tuple[int, int, str, bytes]] = []
    for g in groups:
        for family in _needs(g, buckets):
            if family not in done:
                mine = [x for x in blobs if x[0] in _spark_rows.PARTIALS[family]]
                summed = _spark_rows.partial(fixes, family, mine, types[family])
                done[family] = [(b, _spark_rows.blob(t)) for b, t in _spark_finals.split(family, summed, buckets)]
            rows.extend((g, b, family, blob) for b, blob in done[family])
    return rows


def _one_job(
    result: "SparkResult",
    row_tables: Sequence[str],
    aggregates: Sequence[str],
    rejects: bool,
    emit: Callable[[str, "pa.Table"], Iterator[Tuple[Any, ...]]],
    out: Tuple[Tuple[str, str], ...],
    write_rows: Optional[Callable[[], Any]] = None,
    buckets: int = 1,
) -> "DataFrame":
    """The tables from the cached map output in one pass with one shuffle: a DataFrame (columns `out`) of what
    `emit` yields; nothing runs until it is used. Each partition of the map output (a range of the run order) writes
    its part of each row table `row_tables` (`write_rows()`: a :class:`_RowParts` of the task),
    finds its rejects and sums the partial sums of its batches; one shuffle (`groupBy` and
    `applyInArrow`: the rows stay Arrow and Spark's) gives each group of aggregate tables
    (`_spark_finals.GROUPS`) a call of its own, whose final sums (`_spark_finals.finals`) go to
    `emit(name, table)`, and the rejects to another (:data:`_REJECTS_GROUP`) that sorts them by run
    order (`emit("rejects", table)`) and yields the row tables' `(name, rows)`.

    With `buckets` above 1 each group's partial sums are split by a stable hash of their key
    (`_spark_finals.split`) into that many tasks: the entity group's emit their entities' rows of
    its tables (unsorted across buckets) and, when co-occurrence is wanted, their names
    (`emit("_names", ...)`); co-occurrence's emit their pairs summed (`emit("_pairs", ...)`),
    which :func:`_aggregate_frame` names, orders both ways and sorts in Spark."""
    import pyarrow as pa

    assert result._mapped is not None and result._fixes is not None and result._context is not None
    wanted = set(aggregates)
    cooc = "cooccurrence" in wanted and buckets > 1
    # With buckets, co-occurrence's names come from the entity group's buckets.
    groups = [
        g for g, (names, _) in enumerate(_spark_finals.GROUPS)
        if wanted & set(names) or (cooc and "organizations" in names)
    ]
    fixes, ctx = result._fixes, result._context
    ts = _schema("documents").field("published_at").type
    frame = result._mapped
    if not rejects:
        parts = set(row_tables) | {p for g in groups for f in _needs(g, buckets) for p in _spark_rows.PARTIALS[f]}
        frame = result._blobs.where(result._blobs["part"].isin(sorted(parts)))  # type: ignore[union-attr]

    def mapped(batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        rows_out = write_rows() if row_tables and write_rows is not None else None

        def out(rows: List[Tuple[int, int, str, bytes]]) -> "pa.RecordBatch":
            return pa.RecordBatch.from_pydict(
                {
                    "group": pa.array([r[0] for r in rows], pa.int32()),
                    "bucket": pa.array([r[1] for r in rows], pa.int32()),
                    "family": pa.array([r[2] for r in rows], pa.string()),
                    "blob": pa.array([r[3] for r in rows], pa.binary()),
                }
            )

        for b in batches:
            if b.num_rows == 0:
                continue
            blobs = _spark_rows.blobs_of(b)
            if rows_out is not None:
                for name, t in blobs:
                    if name in rows_out.names:
                        rows_out.add(name, t)
            rows = _partial_rows(fixes, groups, blobs, buckets) if groups else []
            if rejects:
                found = _rejects_of(b, fixes)
                if found.num_rows:
                    rows.append((_REJECTS_GROUP, 0, "rejects", _spark_rows.blob(found)))
            if rows:
                yield out(rows)
        if rows_out is not None:
            counts = rows_out.close()
            done = pa.table({"name": list(counts), "rows": pa.array(list(counts.values()), pa.int64())})
            yield out([(_REJECTS_GROUP, 0, "_rows", _spark_rows.blob(done))])

    def final(index: int, bucket: int, families: List[str], blobs: List[bytes]) -> Iterator[Tuple[Any, ...]]:
        got: Dict[str, List["pa.Table"]] = {}
        for family, blob in zip(families, blobs):
            got.setdefault(family, []).append(_spark_rows.unblob(blob))
        if index == _REJECTS_GROUP:
            for t in got.get("_rows", []):
                yield from zip(t.column("name").to_pylist(), t.column("rows").to_pylist())
            if rejects:
                found = pa.concat_tables(got["rejects"]) if "rejects" in got else _rejects_schema().empty_table()
                found = found.sort_by([("row", "ascending")]).drop_columns(["row"])
                yield from emit("rejects", found.cast(_schema("rejects")))
            return
        if index not in groups:
            return
        names, _ = _spark_finals.GROUPS[index]
        types = _spark_rows.partial_types(ts)
        concat = {f: pa.concat_tables(got[f]) if f in got else types[f].empty_table() for f in _needs(index, buckets)}
        if buckets > 1 and "cooccurrence" in names:
            yield from emit("_pairs", _spark_finals.pair_sums(concat["pairs"]))
            return
        mine = [n for n in names if n in wanted]
        done = _spark_finals.finals(mine, concat, ctx, {n: _schema(n) for n in mine})
        for n in mine:
            yield from emit(n, done[n])
        if cooc:
            yield from emit("_names", _spark_finals.entity_names(concat, ctx, bucket, buckets))

    out_schema = _schema_of(*out)

    def group(t: "pa.Table") -> "pa.Table":
        # One group's rows (`_SHUFFLED`); an RDD's `partitionBy` would carry them through
        # Python twice more, pickled (session 13: the write job 8.1 s against 5.1 s, load 9).
        found = list(final(t.column(0)[0].as_py(), t.column(1)[0].as_py(), t.column(2).to_pylist(), t.column(3).to_pylist()))
        return pa.table({f.name: pa.array([r[i] for r in found], f.type) for i, f in enumerate(out_schema)}, schema=out_schema)

    # (Schemas as Spark types: a DDL string is parsed by the JVM, a round trip of the driver.)
    partials = frame.mapInArrow(mapped, spark_schema(_schema_of(*_SHUFFLED)))
    return partials.groupBy("group", "bucket").applyInArrow(group, spark_schema(out_schema))


def _aggregate_frame(result: "SparkResult", name: str) -> "DataFrame":
    """Aggregate table `name` as a Spark DataFrame, in the command line's row order (every
    aggregate table computed once, in one pass, and cached: the first used computes them all).
    With buckets (`result.aggregate_partitions` above 1): :func:`_sorted_frame`."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    if result.aggregate_partitions > 1:
        return _sorted_frame(result, name, result.aggregate_partitions)
    if result._finals is None:

        def emit(name: str, t: "pa.Table") -> Iterator[Tuple[str, bytes]]:
            yield (name, _spark_rows.blob(t))

        finals = _one_job(result, (), _AGGREGATES, False, emit, _FINALS).persist(StorageLevel.MEMORY_AND_DISK)
        result._cached.append(finals)
        result._finals = finals
    schema = _schema(name)

    def run(batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        import pyarrow as pa
        import pyarrow.compute as pc

        for b in batches:
            for i in range(b.num_rows):
                t = _spark_rows.unblob(b.column(1)[i].as_buffer())
                # Spark's types: the same values (uint64 as long: none in these tables).
                yield from pa.Table.from_arrays(
                    [pc.cast(c, f.type) for c, f in zip(t.columns, schema)], schema=schema
                ).to_batches()

    return result._finals.where(F.col("name") == name).coalesce(1).mapInArrow(run, spark_schema(name))


def _bucketed(result: "SparkResult", buckets: int) -> "DataFrame":
    """The final sums in `buckets` tasks per group (`name`, `blob`: each bucket's rows of the
    entity tables, `_names` and `_pairs`; :func:`_one_job`), computed once and cached."""
    from pyspark import StorageLevel

    if buckets not in result._bucketed:

        def emit(name: str, t: "pa.Table") -> Iterator[Tuple[str, bytes]]:
            yield (name, _spark_rows.blob(t))

        df = _one_job(result, (), _AGGREGATES, False, emit, _FINALS, buckets=buckets).persist(StorageLevel.MEMORY_AND_DISK)
        result._cached.append(df)
        result._bucketed[buckets] = df
    return result._bucketed[buckets]


def _blobs_frame(finals: "DataFrame", name: str, schema: "pa.Schema") -> "DataFrame":
    """The rows of the blobs `name` of final sums (:func:`_bucketed`) as a DataFrame of `schema`."""
    from pyspark.sql import functions as F

    def run(batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        import pyarrow as pa
        import pyarrow.compute as pc

        for b in batches:
            for i in range(b.num_rows):
                t = _spark_rows.unblob(b.column(1)[i].as_buffer())
                yield from pa.Table.from_arrays([pc.cast(t.column(f.name), f.type) for f in schema], schema=schema).to_batches()

    return finals.where(F.col("name") == name).mapInArrow(run, spark_schema(schema))


def _spark_order(keys: Sequence[Tuple[str, str]]) -> List[Any]:
    """pyarrow sort keys (nulls last, `_spark_finals.ORDER`) as Spark's (byte order of strings)."""
    from pyspark.sql import functions as F

    return [F.col(c).desc_nulls_last() if d == "descending" else F.col(c).asc_nulls_last() for c, d in keys]


def _shaped_frame(df: "DataFrame", schema: "pa.Schema") -> "DataFrame":
    """`df`'s columns of `schema`, in its types, the rows' order kept (a map of each partition)."""

    def run(batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        import pyarrow as pa

        for b in batches:
            yield from _conformed(pa.Table.from_batches([b]), schema).to_batches()

    return df.mapInArrow(run, spark_schema(schema))


def _sorted_frame(
    result: "SparkResult", name: str, buckets: int, first: Sequence[Tuple[str, str]] = (), shaped: bool = True
) -> "DataFrame":
    """Aggregate table `name` from the final sums in `buckets` tasks (:func:`_bucketed`), sorted by
    Spark (`first`, then the command line's order, `_spark_finals.ORDER`): range partitions in
    order. Co-occurrence: the pairs summed per bucket, named by Spark's joins with the entities'
    names, in both orders (`_spark_finals.both_orders`), then sorted. `shaped=False`: the table's
    columns in Spark's types and nullability, without the pass through Python that gives its
    own (the writer conforms them)."""
    import pyarrow as pa

    finals = _bucketed(result, buckets)
    schema = _schema(name)
    order = _spark_order(list(first) + list(_spark_finals.ORDER[name]))
    if name != "cooccurrence":
        df = _blobs_frame(finals, name, schema).orderBy(*order)
        return _shaped_frame(df, schema) if shaped else df
    pair_schema = _spark_rows.partial_types(_schema("documents").field("published_at").type)["pairs"]
    pairs = _blobs_frame(finals, "_pairs", pair_schema)
    names = _blobs_frame(finals, "_names", _schema_of(("kind", "string"), ("entity_id", "string"), ("name", "string")))
    named = pairs.join(names.toDF("kind_a", "entity_a", "name_a"), ["kind_a", "entity_a"], "left").join(
        names.toDF("kind_b", "entity_b", "name_b"), ["kind_b", "entity_b"], "left"
    )
    wide = pa.schema(
        [pair_schema.field(c) for c in _spark_finals.PAIR]
        + [pa.field("name_a", pa.string()), pa.field("name_b", pa.string())]
        + [pair_schema.field("documents"), pair_schema.field("sentences")]
    )

    def both(batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        import pyarrow as pa

        for b in batches:
            t = _spark_finals.both_orders(pa.Table.from_batches([b]))
            yield from t.select(wide.names).cast(wide).to_batches()

    df = named.mapInArrow(both, spark_schema(wide)).orderBy(*order)
    return _shaped_frame(df, schema) if shaped else df.select(*schema.names)


#: The aggregate tables (computed from the partial sums by `_spark_finals`).
_AGGREGATES = tuple(n for g in _spark_finals.GROUPS for n in g[0])


def table(result: SparkResult, name: str) -> "DataFrame":
    """A table of ``result`` with exactly the table's columns (no helper columns), in the
    command line's row order."""
    df = result._frame(name)
    order = [c for c in ("row", "pos") if c in df.columns]
    if order and name in _IN_PARTITION_ORDER:
        # Partitions are ranges of the run order already (see tag): a sort in each.
        df = df.sortWithinPartitions(*order).drop(*order)
    elif order:
        df = df.orderBy(*order).drop(*order)
    return df


#: The tables whose partitions hold consecutive ranges of the run order.
_IN_PARTITION_ORDER = ("documents", "sentences", "mentions", "document_themes")

#: The key :func:`write` partitions by (``partition_by="date"``): a UTC date, `YYYY-MM-DD`.
PARTITION_KEY = "date"
#: The folder of the rows without a date (Spark's, DuckDB's, polars' and pyarrow's name for a
#: null partition value).
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
#: The tables written by date with ``partition_by="date"``, and the column whose UTC date is
#: the key: the row tables by their document's ``published_at``, ``timeseries`` by its ``day``.
#: The other tables (``rejects``, one row per entity or pair) have no date: one folder of parts.
PARTITIONED: Dict[str, str] = {
    "documents": "published_at",
    "sentences": "published_at",
    "mentions": "published_at",
    "document_themes": "published_at",
    "timeseries": "day",
}


def write(
    result: SparkResult,
    out: str,
    tables: Optional[Sequence[str]] = None,
    partition_by: Optional[str] = None,
    aggregate_partitions: Optional[int] = None,
) -> Dict[str, Any]:
    """Writes the tables to the output folder ``out`` (a path or a URI pyarrow's filesystems
    open: ``s3://``, ``hdfs://``, ``gs://``), as the command line lays one out: each table a
    folder of part files in the command line's row order (``documents/part-00000.parquet``,
    ...), with the table's schema and metadata (``newsmill.table``, ``newsmill.table_version``),
    zstd-compressed, and ``manifest.json``. The executors write their parts to a staging folder
    that is moved into place when every part is written. Returns the manifest.

    ``partition_by="date"``: the row tables and ``timeseries`` in a folder per UTC date, Hive
    style (``mentions/date=2026-03-02/part-00000.parquet``; undated documents' rows in
    ``date=__HIVE_DEFAULT_PARTITION__``), each part with every column of the table (the key
    is derived from ``published_at`` or ``day``, as :data:`PARTITIONED` says). Read in folder
    order, then part order, a table's rows are the command line's ordered by date (undated
    last) first: the row tables keep one document order, as newsmill's own stages need.

    ``aggregate_partitions``: the buckets of the aggregate tables' final step (by default
    ``result.aggregate_partitions``, :func:`tag`); above 1, each aggregate table is sorted by
    Spark and written a part per range partition, in order."""
    import pyarrow.fs as pafs

    if partition_by not in (None, PARTITION_KEY):
        raise ValueError(f"partition_by={partition_by!r}: newsmill partitions by {PARTITION_KEY!r} only (or None)")
    fs, root = pafs.FileSystem.from_uri(out) if "://" in out else (pafs.LocalFileSystem(), os.path.abspath(out))
    names = list(tables) if tables is not None else list(result.names)
    unknown = [n for n in names if n not in result.names]
    if unknown:
        raise KeyError(f"no table `{unknown[0]}` (tables: {', '.join(result.names)})")
    staging = f"{root.rstrip('/')}/.newsmill-staging-{uuid.uuid4().hex[:12]}"
    fs.create_dir(staging, recursive=True)
    counts: Dict[str, int] = {}
    files: Dict[str, Dict[str, Any]] = {}

    def by_date(name: str) -> Optional[str]:
        return PARTITIONED.get(name) if partition_by else None

    # Every table in one pass: the row tables from the map output's blobs, the rejects and the
    # aggregates' partial sums shuffled once to the tasks that sort and write them.
    buckets = result.aggregate_partitions if aggregate_partitions is None else _buckets(aggregate_partitions, 0, 1, None)
    counts.update(_write_all(result, out, staging, names, bool(partition_by), buckets))
    for name in names:
        parts = [
            f
            for f in fs.get_file_info(pafs.FileSelector(f"{staging}/{name}", allow_not_found=True, recursive=True))
            if f.type == pafs.FileType.File and f.base_name.endswith(".parquet")
        ]
        if not parts:
            _write_empty(fs, f"{staging}/{name}/part-00000.parquet", name, result.config)
            parts = [None]
        files[name] = {"path": f"{name}/", "parts": len(parts)}
        if by_date(name):
            files[name]["partitioned_by"] = [PARTITION_KEY]
    counts = {n: counts[n] for n in names}
    manifest = {
        "command": "spark",
        "newsmill_version": __version__,
        "table_versions": {n: int(_schema(n).metadata[b"newsmill.table_version"]) for n in names},
        "counts": counts,
        "files": files,
        "inputs": [result.source],
        "config": result.config,
    }
    with fs.open_output_stream(f"{staging}/manifest.json") as f:
        f.write(json.dumps(manifest, indent=2, default=str).encode())
    fs.create_dir(root, recursive=True)
    for name in names:
        target = f"{root}/{name}"
        for old in (target, f"{root}/{name}.parquet"):
            info = fs.get_file_info(old)
            if info.type == pafs.FileType.Directory:
                fs.delete_dir(old)
            elif info.type == pafs.FileType.File:
                fs.delete_file(old)
        fs.move(f"{staging}/{name}", target)
    fs.move(f"{staging}/manifest.json", f"{root}/manifest.json")
    fs.delete_dir(staging)
    return manifest


def _arrow_schema(name: str, config: Dict[str, Any]) -> "pa.Schema":
    s = _doc_schema(config.get("ingest", {}).get("carry", [])) if name == "documents" else _schema(name)
    return s


def _write_empty(fs: Any, path: str, name: str, config: Dict[str, Any]) -> None:
    import pyarrow.parquet as pq

    s = _arrow_schema(name, config)
    fs.create_dir(path.rsplit("/", 1)[0], recursive=True)
    with fs.open_output_stream(path) as f:
        pq.write_table(s.empty_table(), f, compression="zstd")


def _write_all(
    result: SparkResult, out: str, staging: str, names: Sequence[str], by_date: bool = False, buckets: int = 1
) -> Dict[str, int]:
    """Writes the tables `names` in one pass (:func:`_one_job`): the row tables a part per
    partition of the map output (a range of the run order); each aggregate table and `rejects`
    into one part (`part-00000`), in the command line's row order. With `by_date`, the row tables
    and `timeseries` a part per date (`timeseries` by day first, undated last). Returns the rows
    per table."""
    config, fixes = result.config, result._fixes
    assert fixes is not None
    row_tables = [n for n in names if n in _IN_PARTITION_ORDER]

    def emit(name: str, t: "pa.Table") -> Iterator[Tuple[str, int]]:
        import pyarrow.compute as pc

        parts = _Parts(_fs_of(out), staging, name, _arrow_schema(name, config), 0)
        date_of = PARTITIONED.get(name) if by_date else None
        if date_of is None:
            parts.write(t)
        else:
            t = t.take(pc.sort_indices(t, sort_keys=[(date_of, "ascending")], null_placement="at_end"))
            for start, end, key in _runs(date_keys(t.column(date_of))):
                parts.write(t.slice(start, end - start), key)
        parts.close()
        yield (name, parts.rows)

    def rows_writer() -> _RowParts:
        return _RowParts(out, staging, row_tables, config, fixes, by_date)

    aggregates = [n for n in names if n in _AGGREGATES]
    job = _one_job(result, row_tables, aggregates if buckets == 1 else [], "rejects" in names, emit, _COUNTS, rows_writer)
    counts = {n: 0 for n in names}
    for name, rows in job.collect():
        counts[name] += rows
    if buckets > 1:
        # One table after the other: submitted together from threads they took 41.4 s against
        # 23.3 s (Reuters-21578, 4 buckets, 2 cores, load 3.5 to 4.8; docs/spark.md).
        for name in aggregates:
            counts[name] += _write_sorted(result, out, staging, name, by_date, buckets)
    return counts


def _write_sorted(result: SparkResult, out: str, staging: str, name: str, by_date: bool, buckets: int) -> int:
    """Writes aggregate table `name` from the final sums in `buckets` tasks: sorted by Spark
    (:func:`_sorted_frame`; with `by_date`, `timeseries` by day first, undated last), a part per
    range partition (`part-NNNNN`: the partition's number, so parts read in order are the
    order). Returns its rows."""
    import pyarrow as pa

    date_of = PARTITIONED.get(name) if by_date else None
    schema = _arrow_schema(name, result.config)
    df = _sorted_frame(result, name, buckets, ((date_of, "ascending"),) if date_of else (), shaped=False)

    def run(batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        from pyspark import TaskContext

        parts = _Parts(_fs_of(out), staging, name, schema, TaskContext.get().partitionId())
        for b in batches:
            t = _conformed(pa.Table.from_batches([b]), schema)
            if date_of is None:
                parts.write(t)
            else:
                for start, end, key in _runs(date_keys(t.column(date_of))):
                    parts.write(t.slice(start, end - start), key)
        parts.close()
        yield pa.RecordBatch.from_pydict({"name": [name], "rows": pa.array([parts.rows], pa.int64())})

    return sum(r for _, r in df.mapInArrow(run, spark_schema(_schema_of(*_COUNTS))).collect())


def date_keys(ts: "pa.Array") -> List[Optional[str]]:
    """The partition key of each timestamp: its UTC date, ``YYYY-MM-DD`` (None when null)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    ts = ts.combine_chunks() if isinstance(ts, pa.ChunkedArray) else ts
    micros = pc.cast(ts, pa.int64()).fill_null(0).to_numpy(zero_copy_only=False)
    days = pa.array(np.floor_divide(micros, _DAY_US).astype(np.int32), mask=pc.is_null(ts).to_numpy(zero_copy_only=False))
    return days.cast(pa.date32()).cast(pa.string()).to_pylist()


def _runs(keys: List[Optional[str]]) -> Iterator[Tuple[int, int, Optional[str]]]:
    """`(start, end, key)` of each run of equal keys, in order."""
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            yield start, i, keys[start]
            start = i


class _Parts:
    """The part files of one table that one task writes: ``TABLE/part-NNNNN.parquet``, or by
    date ``TABLE/date=KEY/part-NNNNN.parquet`` (NNNNN: the task's partition, so that parts read
    in order are the run order's ranges). Rows come grouped by key (sorted): one file per key."""

    def __init__(self, fs: Any, staging: str, name: str, schema: "pa.Schema", part: int) -> None:
        self.fs, self.folder, self.schema, self.part = fs, f"{staging}/{name}", schema, part
        self.key: Any = ()
        self.done: set = set()
        self.writer: Any = None
        self.stream: Any = None
        self.rows = 0

    def write(self, t: "pa.Table", key: Any = ()) -> None:
        """Writes `t`, whose rows have the partition key `key` (`()`: not partitioned)."""
        import pyarrow.parquet as pq

        if t.num_rows == 0:
            return
        if self.writer is None or key != self.key:
            self.close()
            if key in self.done:
                raise RuntimeError(f"{self.folder}: rows of {PARTITION_KEY} {key} after other dates (rows not sorted by date)")
            self.done.add(key)
            self.key = key
            folder = self.folder if key == () else f"{self.folder}/{PARTITION_KEY}={NULL_PARTITION if key is None else key}"
            self.fs.create_dir(folder, recursive=True)
            self.stream = self.fs.open_output_stream(f"{folder}/part-{self.part:05d}.parquet")
            self.writer = pq.ParquetWriter(self.stream, self.schema, compression="zstd")
        self.writer.write_table(t)
        self.rows += t.num_rows

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.stream.close()
            self.writer = self.stream = None


def _fs_of(out: str) -> Any:
    import pyarrow.fs as pafs

    return pafs.FileSystem.from_uri(out)[0] if "://" in out else pafs.LocalFileSystem()


class _RowParts:
    """The parts of the row tables `names` that one task writes from the blobs of its partition of
    the map output (a range of the run order), the run order's decisions applied: one part of each
    table, or with `by_date` one per table and document date (the partition's rows sorted by
    date, then run order, when it is closed)."""

    def __init__(
        self, out: str, staging: str, names: Sequence[str], config: Dict[str, Any], fixes: _spark_rows.Fixes, by_date: bool
    ) -> None:
        from pyspark import TaskContext

        fs = _fs_of(out)
        part = TaskContext.get().partitionId()
        self.names = set(names)
        self.fixes, self.by_date = fixes, by_date
        self.parts = {n: _Parts(fs, staging, n, _arrow_schema(n, config), part) for n in names}
        self.held: Dict[str, List[Tuple["pa.Table", "np.ndarray", "pa.Array"]]] = {n: [] for n in names}

    def add(self, name: str, blob: "pa.Table") -> None:
        t, rows, ts = _spark_rows.row_table(self.fixes, name, blob)
        t = _conformed(t, self.parts[name].schema)
        if self.by_date:
            self.held[name].append((t, rows, ts))
        else:
            self.parts[name].write(t)

    def close(self) -> Dict[str, int]:
        """Writes what is held and closes the parts: the rows written per table."""
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        for name, pieces in self.held.items():
            if not pieces:
                continue
            t = pa.concat_tables([p[0] for p in pieces])
            ts = pa.concat_arrays([pa.chunked_array(p[2]).combine_chunks() if isinstance(p[2], pa.ChunkedArray) else p[2] for p in pieces])
            keys = pa.array(date_keys(ts), pa.string())
            rows = np.concatenate([p[1] for p in pieces])
            order = pc.sort_indices(
                pa.table({"k": keys, "row": rows, "at": np.arange(len(rows))}),
                sort_keys=[("k", "ascending"), ("row", "ascending"), ("at", "ascending")],
                null_placement="at_end",
            )
            t = t.take(order)
            sorted_keys = keys.take(order).to_pylist()
            for start, end, key in _runs(sorted_keys):
                self.parts[name].write(t.slice(start, end - start), key)
        for p in self.parts.values():
            p.close()
        return {n: p.rows for n, p in self.parts.items()}


def _conformed(t: "pa.Table", schema: "pa.Schema") -> "pa.Table":
    """`t`'s columns in the types of a table's schema (`uint64` from Spark's `long`: the same
    64 bits)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    cols = []
    for f in schema:
        c = t.column(f.name)
        if pa.types.is_uint64(f.type) and not pa.types.is_uint64(c.type):
            c = pc.cast(c, pa.int64()).cast(pa.uint64(), safe=False)
        cols.append(c.cast(f.type))
    return pa.Table.from_arrays(cols, schema=schema)


__all__ = [
    "tag", "write", "table", "spark_schema", "spark_type", "date_keys", "SparkResult", "TABLES",
    "MAX_PAIR_ENTITIES", "PARTITION_KEY", "NULL_PARTITION", "PARTITIONED", "ONE_TASK_DOCUMENTS",
]
