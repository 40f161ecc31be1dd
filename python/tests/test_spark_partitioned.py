"""newsmill.spark.write(..., partition_by="date"): the row tables and the daily series in a folder
per UTC date (Hive style), read back by Spark, DuckDB, polars and newsmill's own readers (the
Python package's and the command line's stages), equal to the command line's unpartitioned
tables row for row."""

import datetime
import json
import subprocess
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import newsmill

pyspark = pytest.importorskip("pyspark")
import newsmill.spark as ns  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
ROW_TABLES = ("documents", "sentences", "mentions", "document_themes")


def sorted_frame(df: pl.DataFrame) -> pl.DataFrame:
    return df.sort(df.columns, nulls_last=True)


def utc_date(col: str) -> pl.Expr:
    """The partition key of a timestamp column: its UTC date as `YYYY-MM-DD` (null undated)."""
    return pl.col(col).dt.convert_time_zone("UTC").dt.date().cast(pl.String) if col == "published_at" else (
        pl.col(col).dt.date().cast(pl.String)
    )


def expected_order(want: dict, name: str) -> pl.DataFrame:
    """A table of the command line in the order of a partitioned folder read folder by folder:
    by date (undated last), then the command line's order."""
    w = want[name]
    if name == "timeseries":
        key = w.select(utc_date("day").alias("_k"))
    elif name == "documents":
        key = w.select(utc_date("published_at").alias("_k"))
    else:
        dates = want["documents"].select("doc_id", utc_date("published_at").alias("_k"))
        key = w.select("doc_id").join(dates, on="doc_id", how="left", maintain_order="left").select("_k")
    return w.with_columns(key["_k"]).sort("_k", nulls_last=True, maintain_order=True).drop("_k")


def assert_partitioned_like(cli_out: Path, out: Path, spark, cli: str, tmp_path: Path) -> None:
    """`out` (written by date) holds the command line's tables (`cli_out`, unpartitioned), for
    every reader."""
    want, want_manifest = newsmill.read_output(cli_out)
    got, manifest = newsmill.read_output(out)
    assert manifest["counts"] == want_manifest["counts"]
    assert manifest["table_versions"] == want_manifest["table_versions"]
    for name in want:
        w, g = want[name], got[name]
        if name == "rejects":  # the command line samples the raw line (docs/spark.md, Limits)
            w, g = w.drop("sample"), g.drop("sample")
        assert g.schema == w.schema, name
        assert sorted_frame(g).equals(sorted_frame(w)), name
        folder = out / name
        partitioned = name in ns.PARTITIONED
        assert ("partitioned_by" in manifest["files"][name]) == partitioned, name
        parts = newsmill.table_parts(folder)
        assert manifest["files"][name]["parts"] == len(parts), name
        for p in parts:
            # Every part has the table's metadata and columns (no column moved to the path).
            meta = pq.read_schema(p).metadata
            assert meta[b"newsmill.table"] == name.encode(), p
            assert meta[b"newsmill.table_version"] == ns._schema(name).metadata[b"newsmill.table_version"], p
            assert pq.read_schema(p).names == want[name].columns, p
        if not partitioned or w.height == 0:
            continue
        # Folder by folder, part by part: the command line's rows by date, then in its order.
        assert g.equals(expected_order(want, name)), f"{name}: row order"
        # Each folder holds the rows of its date only, and one part per Spark partition.
        for p in parts:
            key = p.parent.name
            assert key.startswith("date="), p
            rows = pl.read_parquet(p, hive_partitioning=False)
            col = ns.PARTITIONED[name]
            if col in rows.columns:
                dates = set(rows.select(utc_date(col)).to_series().to_list())
            else:
                ids = rows.select("doc_id").unique()
                dates = set(
                    want["documents"].join(ids, on="doc_id").select(utc_date("published_at")).to_series().to_list()
                )
            assert dates == {None if key == f"date={ns.NULL_PARTITION}" else key[len("date="):]}, p

    # Spark reads each folder with its `date` (a date column, null for undated rows).
    for name in ns.PARTITIONED:
        df = spark.read.parquet(str(out / name))
        dated = any(not p.parent.name.endswith(ns.NULL_PARTITION) for p in newsmill.table_parts(out / name))
        # (Spark types a key whose every value is null as `void`.)
        assert df.schema[ns.PARTITION_KEY].dataType.typeName() == ("date" if dated else "void"), name
        per_date = {
            (None if r[0] is None else r[0].isoformat()): r[1] for r in df.groupBy(ns.PARTITION_KEY).count().collect()
        }
        want_per_date = expected_order(want, name)
        if name == "timeseries":
            keys = want_per_date.select(utc_date("day")).to_series()
        elif name == "documents":
            keys = want_per_date.select(utc_date("published_at")).to_series()
        else:
            dates = want["documents"].select("doc_id", utc_date("published_at").alias("_k"))
            keys = want_per_date.select("doc_id").join(dates, on="doc_id", how="left")["_k"]
        assert per_date == dict(keys.value_counts().iter_rows()), name
    for name in ("mentions", "sentences"):  # no timestamps: the rows as they are
        g = pl.from_arrow(spark.read.parquet(str(out / name)).drop(ns.PARTITION_KEY).toArrow())
        assert sorted_frame(g.cast(dict(want[name].schema))).equals(sorted_frame(want[name])), name

    # DuckDB and polars read the folders with their Hive partitions.
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    con.sql("SET TimeZone = 'UTC'")
    for name in ns.PARTITIONED:
        rel = con.sql(
            f"SELECT * EXCLUDE ({ns.PARTITION_KEY}) FROM read_parquet('{out / name}/**/*.parquet', hive_partitioning = true)"
        )
        g = pl.from_arrow(rel.arrow())
        w = want[name]
        assert sorted_frame(g.cast(dict(w.schema))).equals(sorted_frame(w)), f"duckdb {name}"
        h = pl.read_parquet(out / name)  # polars: Hive partitions of a folder, by default
        assert ns.PARTITION_KEY in h.columns, name
        assert sorted_frame(h.drop(ns.PARTITION_KEY).cast(dict(w.schema))).equals(sorted_frame(w)), f"polars {name}"

    # newsmill's own stages read the partitioned folder: the aggregate stage over its documents
    # and mentions gives the command line's aggregates; the report reads it too.
    agg = tmp_path / f"agg-{out.name}"
    subprocess.run([cli, "aggregate", str(out), "-o", str(agg), "-q"], check=True)
    for name in ("organizations", "persons", "countries", "themes", "cooccurrence", "timeseries"):
        again = pl.read_parquet(agg / f"{name}.parquet")
        assert again.equals(want[name]), f"newsmill aggregate: {name}"
    subprocess.run([cli, "report", str(out), "-o", str(tmp_path / f"{out.name}.html")], check=True)
    # An incremental run does not add to a partitioned folder (it renumbers one folder's parts).
    done = subprocess.run(
        [cli, "run", str(REPO / "data" / "samples" / "articles.jsonl"), "-o", str(out), "--incremental", "-q"],
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0 and "partitioned" in done.stderr, done.stderr


# Our own texts: stories over three days (one after midnight UTC only in UTC), a copy of one (a
# near-duplicate), undated stories, a repeated id and a record without text.
from test_spark import OTHER, STORY  # noqa: E402  (the same two texts of ours)
RECORDS = [
    {"id": "a1", "text": STORY, "published_at": "2026-03-02T08:00:00Z"},
    {"id": "b1", "text": OTHER, "published_at": "2026-03-02T23:30:00-02:00"},  # 3 March in UTC
    {"id": "u1", "text": "Siemens opened a plant in Kenya, officials in Nairobi said.", "published_at": None},
    {"id": "a2", "text": "PORTVILLE (Wire) - " + STORY, "published_at": "2026-03-03T10:00:00Z"},
    {"id": "a1", "text": "Another text under a repeated id.", "published_at": "2026-03-04T10:00:00Z"},
    {"id": "c1", "text": None, "published_at": "2026-03-04T10:00:00Z"},
    {"id": "d1", "text": "Germany and France met Siemens in Kenya. The euro fell.", "published_at": "2026-03-04T12:00:00Z"},
    {"id": "u2", "text": "The World Bank lent Brazil money for roads and schools.", "published_at": None},
    {"id": "e1", "text": "Toyota and Honda raised prices in Japan and in India.", "published_at": "1969-12-31T23:59:59Z"},
]


def test_spark_written_by_date_reads_back_as_the_command_lines_tables(spark, cli, tmp_path):
    # (The samples by date: test_example_job_writes_the_tables_by_date; 2,000 Reuters stories,
    # all undated for newsmill's date parser: test_spark.py.)
    path = tmp_path / "own.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    done = subprocess.run([cli, "run", str(path), "-o", str(tmp_path / "cli"), "-q"])
    assert done.returncode in (0, 3)  # 3: records rejected
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "2")
    try:
        # Several partitions, each with rows of several dates.
        r = ns.tag(spark.read.json(str(path)), source=str(path), partitions=3)
        manifest = ns.write(r, str(tmp_path / "by-date"), partition_by="date")
    finally:
        spark.conf.unset("spark.sql.execution.arrow.maxRecordsPerBatch")
    assert manifest["files"]["mentions"]["partitioned_by"] == ["date"]
    days = sorted(p.name for p in (tmp_path / "by-date" / "documents").iterdir())
    assert days == [
        "date=1969-12-31", "date=2026-03-02", "date=2026-03-03", "date=2026-03-04", f"date={ns.NULL_PARTITION}"
    ]
    assert_partitioned_like(tmp_path / "cli", tmp_path / "by-date", spark, cli, tmp_path)
    r.unpersist()


def test_spark_write_partitions_by_date_only(spark):
    r = ns.tag(spark.createDataFrame([{"id": "x", "text": OTHER}]), source="t")
    with pytest.raises(ValueError, match="partition_by"):
        ns.write(r, "/nonexistent/never-written", partition_by="day")
    r.unpersist()


def test_date_keys_are_utc_dates_of_any_timestamp():
    utc = datetime.timezone.utc
    cases = [
        # (timestamp, Arrow type, key)
        (datetime.datetime(2026, 3, 2, 0, 0, tzinfo=utc), pa.timestamp("us", "UTC"), "2026-03-02"),
        (datetime.datetime(2026, 3, 2, 23, 59, 59, 999999, tzinfo=utc), pa.timestamp("us", "UTC"), "2026-03-02"),
        (datetime.datetime(1969, 12, 31, 23, 59, 59, tzinfo=utc), pa.timestamp("us", "UTC"), "1969-12-31"),
        (datetime.datetime(1970, 1, 1, tzinfo=utc), pa.timestamp("us", "UTC"), "1970-01-01"),
        (datetime.datetime(1900, 1, 1, 12, 0), pa.timestamp("us"), "1900-01-01"),  # timestamp_ntz (`day`)
        (None, pa.timestamp("us", "UTC"), None),
    ]
    for ts, t, key in cases:
        assert ns.date_keys(pa.array([ts], t)) == [key], (ts, t)
    assert ns.date_keys(pa.chunked_array([pa.array([None, cases[0][0]], pa.timestamp("us", "UTC"))])) == [
        None,
        "2026-03-02",
    ]
    assert list(ns._runs(["a", "a", None, None, "b"])) == [(0, 2, "a"), (2, 4, None), (4, 5, "b")]
    assert list(ns._runs([])) == []


def test_table_parts_order_is_the_command_lines(tmp_path):
    # Own parts first (part order), then KEY=VALUE folders in name order, nested ones too; other
    # files and folders are not parts.
    names = [
        "date=__HIVE_DEFAULT_PARTITION__/part-00000.parquet",
        "date=2026-03-02/part-00002.parquet",
        "date=2026-03-02/part-00010.parquet",
        "date=1999-01-01/part-00001.parquet",
        "part-00001.parquet",
        "y=2026/m=03/part-00000.parquet",
        "_temporary/part-00000.parquet",
        ".staging=1/part-00000.parquet",
        "date=2026-03-02/_SUCCESS",
        "notes.txt",
    ]
    for n in names:
        (tmp_path / n).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / n).write_bytes(b"")
    got = [p.relative_to(tmp_path).as_posix() for p in newsmill.table_parts(tmp_path)]
    assert got == [
        "part-00001.parquet",
        "date=1999-01-01/part-00001.parquet",
        "date=2026-03-02/part-00002.parquet",
        "date=2026-03-02/part-00010.parquet",
        "date=__HIVE_DEFAULT_PARTITION__/part-00000.parquet",
        "y=2026/m=03/part-00000.parquet",
    ]


def test_example_job_writes_the_tables_by_date(cli, tmp_path):
    # examples/spark_job.py as the README runs it (spark-submit, local[2]), by date.
    import os
    import sys

    submit = Path(sys.executable).parent / "spark-submit"
    if not submit.exists():
        pytest.skip("no spark-submit beside this python")
    articles = REPO / "data" / "samples" / "articles.jsonl"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, SPARK_LOCAL_IP=os.environ.get("SPARK_LOCAL_IP", "127.0.0.1"))
    subprocess.run(
        [str(submit), "--master", "local[2]", "--conf", "spark.ui.enabled=false",
         str(REPO / "examples" / "spark_job.py"), str(articles), str(tmp_path / "job"), "--partition-by", "date"],
        check=True, env=env, capture_output=True,
    )
    subprocess.run([cli, "run", str(articles), "-o", str(tmp_path / "cli"), "-q"], check=True)
    want, _ = newsmill.read_output(tmp_path / "cli")
    got, manifest = newsmill.read_output(tmp_path / "job")
    assert sorted(p.name for p in (tmp_path / "job" / "documents").iterdir()) == [
        "date=2025-02-03", "date=2025-02-04", "date=2025-02-05"
    ]
    assert manifest["files"]["timeseries"]["partitioned_by"] == ["date"]
    for name in want:
        w, g = (want[name].drop("sample"), got[name].drop("sample")) if name == "rejects" else (want[name], got[name])
        assert sorted_frame(g).equals(sorted_frame(w)), name
