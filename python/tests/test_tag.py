"""newsmill.tag: documents in memory, from every kind of table."""

import os
import signal
import threading

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import newsmill
from newsmill import _native

# Our own texts (not from any corpus), with non-ASCII characters on purpose.
TEXTS = [
    "Apple said on Monday it would open an office in Nairobi, Kenya. The deal is worth £40 million.",
    "Germany and France signed a trade agreement in Paris on Tuesday.",
    "Toyota cut its forecast as the yen rose against the dollar — shares fell 3%.",
]
IDS = ["a", "b", "c"]


def rows(result, name, drop=()):
    return result[name].drop([c for c in drop if c in result[name].columns])


def same(a, b, name, drop=()):
    x, y = rows(a, name, drop), rows(b, name, drop)
    assert x.schema == y.schema, name
    assert x.equals(y), name


@pytest.fixture(scope="module")
def expected():
    return newsmill.tag(pl.DataFrame({"id": IDS, "text": TEXTS}))


def test_tag_finds_the_entities_with_byte_offsets_into_the_text(expected):
    m = expected.mentions
    assert {"KE", "DE", "FR"} <= set(m.filter(m["kind"] == "country")["entity_id"].to_list())
    texts = dict(zip(IDS, TEXTS))
    for row in m.iter_rows(named=True):
        raw = texts[row["doc_id"]].encode()
        assert raw[row["start"]:row["end"]].decode() == row["surface"]
    assert expected.documents["doc_id"].to_list() == IDS
    assert expected.rejects.height == 0


@pytest.mark.parametrize(
    "make",
    [
        lambda: pd.DataFrame({"id": IDS, "text": TEXTS}),
        lambda: pa.table({"id": IDS, "text": TEXTS}),
        lambda: pa.table({"id": IDS, "text": pa.array(TEXTS, pa.large_string())}),
        lambda: pa.RecordBatchReader.from_batches(
            pa.schema([("id", pa.string()), ("text", pa.string())]),
            [pa.record_batch({"id": IDS[:1], "text": TEXTS[:1]}), pa.record_batch({"id": IDS[1:], "text": TEXTS[1:]})],
        ),
    ],
    ids=["pandas", "pyarrow-table", "pyarrow-large-string", "pyarrow-reader"],
)
def test_tag_gives_the_same_rows_for_every_kind_of_table(make, expected):
    got = newsmill.tag(make())
    for name in ("sentences", "mentions", "rejects"):
        same(got, expected, name)
    same(got, expected, "documents", drop=["source"])


class CapsuleOnly:
    """A table known only through the Arrow PyCapsule interface."""

    def __init__(self, table):
        self.table = table

    def __arrow_c_stream__(self, requested_schema=None):
        return self.table.__arrow_c_stream__(requested_schema)


def test_tag_reads_any_object_with_arrow_c_stream(expected):
    got = newsmill.tag(CapsuleOnly(pa.table({"id": IDS, "text": TEXTS})))
    same(got, expected, "mentions")


def test_tag_of_a_list_of_strings_numbers_the_documents(expected):
    got = newsmill.tag(TEXTS)
    assert got.documents["doc_id"].to_list() == ["0", "1", "2"]
    assert got.mentions.drop("doc_id").equals(expected.mentions.drop("doc_id"))


def test_tag_uses_the_columns_named_by_the_caller(expected):
    df = pl.DataFrame({"key": IDS, "story": TEXTS, "text": ["other"] * 3, "headline": ["H"] * 3})
    got = newsmill.tag(df, text="story", id="key", title="headline")
    assert got.documents["doc_id"].to_list() == IDS
    assert got.documents["text"].to_list() == TEXTS
    assert got.documents["title"].to_list() == ["H"] * 3
    assert got.mentions.filter(pl.col("field") == "text").drop("sentence_id").equals(
        expected.mentions.drop("sentence_id")
    )


def test_tag_reads_dates_of_any_arrow_type():
    from datetime import date, datetime, timezone

    for dates in (
        ["2026-01-05", "2026-01-06", "2026-01-07"],
        [date(2026, 1, 5), date(2026, 1, 6), date(2026, 1, 7)],
        [datetime(2026, 1, 5, tzinfo=timezone.utc), datetime(2026, 1, 6, tzinfo=timezone.utc), datetime(2026, 1, 7, tzinfo=timezone.utc)],
    ):
        got = newsmill.tag(pl.DataFrame({"id": IDS, "text": TEXTS, "day": dates}), published_at="day")
        days = got.documents["published_at"].dt.date().to_list()
        assert [str(d) for d in days] == ["2026-01-05", "2026-01-06", "2026-01-07"], dates


def test_tag_with_aggregates_equals_run_on_the_same_documents(tmp_path):
    f = tmp_path / "docs.jsonl"
    pl.DataFrame({"id": IDS, "text": TEXTS, "date": ["2026-01-05"] * 3}).write_ndjson(f)
    ran = newsmill.run(f)
    tagged = newsmill.tag(pl.read_ndjson(f), aggregate=True)
    assert sorted(tagged.names) == sorted(ran.names)
    for name in ran:
        same(tagged, ran, name, drop=["source"])


def test_aggregate_document_themes_gives_that_table_of_all_aggregates():
    # The Spark map step's mode: document_themes only, the rows and types of aggregate=True's.
    texts = [t + f" Item {i}." for i in range(40) for t in TEXTS] + TEXTS
    data = pl.DataFrame({"id": [str(i) for i in range(len(texts))], "text": texts})
    for threads in (1, 2):
        every = newsmill.tag(data, aggregate=True, threads=threads)
        only = newsmill.tag(data, aggregate="document_themes", threads=threads)
        assert sorted(only.names) == ["document_themes", "documents", "mentions", "rejects", "sentences"]
        assert only.document_themes.height > 40
        for name in only:
            same(only, every, name)
    with pytest.raises(ValueError, match="document_themes"):
        newsmill.tag(data, aggregate="themes")


def test_bad_rows_are_rejects_not_exceptions():
    got = newsmill.tag(pl.DataFrame({"id": ["1", "2", "1"], "text": ["Kenya grew.", None, "Chile fell."]}))
    assert got.documents["doc_id"].to_list() == ["1"]
    assert got.rejects.height == 2


def test_threads_1_and_2_give_identical_tables():
    texts = [t + f" Item {i}." for i in range(300) for t in TEXTS[:1]]
    one = newsmill.tag(texts, threads=1, aggregate=True)
    two = newsmill.tag(texts, threads=2, aggregate=True)
    for name in one:
        same(one, two, name)


def test_a_missing_column_is_a_config_error_naming_the_columns():
    with pytest.raises(newsmill.ConfigError, match=r"no column `body` \(columns: id, text\)"):
        newsmill.tag(pl.DataFrame({"id": IDS, "text": TEXTS}), text="body")


def test_wrong_inputs_are_type_errors():
    with pytest.raises(TypeError, match="one string"):
        newsmill.tag("Kenya grew.")
    with pytest.raises(TypeError, match="strings"):
        newsmill.tag([1, 2])
    with pytest.raises(TypeError, match="got dict"):
        newsmill.tag({"text": TEXTS})


def test_a_bad_config_lists_every_problem():
    with pytest.raises(newsmill.ConfigError) as e:
        newsmill.tag(TEXTS, config={"ingest": {"batch_size": "many"}, "nope": {}})
    assert len(e.value.problems) == 2, e.value.problems
    with pytest.raises(newsmill.ConfigError, match="nonsense"):
        newsmill.tag(TEXTS, config={"tag": {"kinds": ["nonsense"]}})


def test_progress_reports_every_document():
    seen = []
    engine = _native.Engine(None, None, "config")
    engine.tag(pa.table({"text": TEXTS * 100}), [], 1, False, "t", lambda d, b: seen.append(d))
    assert seen and seen[-1] == 300
    assert seen == sorted(seen)
    newsmill.tag(TEXTS, progress=True)  # tqdm draws a bar; nothing to check but that it works


def test_ctrl_c_stops_a_call_that_would_never_end():
    schema = pa.schema([("text", pa.string())])

    def forever():
        while True:
            yield pa.record_batch({"text": TEXTS * 50}, schema=schema)

    endless = pa.RecordBatchReader.from_batches(schema, forever())
    timer = threading.Timer(1.0, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            newsmill.tag(endless, threads=1)
    finally:
        timer.cancel()
