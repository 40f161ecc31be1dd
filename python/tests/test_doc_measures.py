"""The per-document measures of Spark's map step (the engine's ``tag`` with
``aggregate="measures"``, the aggregate stage's code): summed over the documents they are the
aggregate stage's counts; the tree helpers of ``newsmill._doc_measures``; and the engine's
near-duplicate marks of a whole sequence. No Spark needed."""

import json
from pathlib import Path

import polars as pl
import pyarrow as pa
import pytest

import newsmill
from newsmill import _doc_measures as dm
from newsmill import _native

REPO = Path(__file__).resolve().parents[2]


def engine_and_tables(data: pa.Table, aggregate="all"):
    """The engine of the Spark map step's config and its tables of `data` with `aggregate`
    (near-duplicates not marked, every document counted, as in the map step)."""
    config = newsmill.check_config(None)
    config["ingest"]["duplicates"] = False
    config["aggregate"]["duplicates"] = "include"
    engine = _native.Engine(_native.json_to_toml(json.dumps(config)), None, "config")
    tables = {
        name: pa.RecordBatchReader.from_stream(s).read_all()
        for name, s in engine.tag(data, [], 1, aggregate, "t", None)
    }
    return engine, tables


def flat(out, name: str) -> pl.DataFrame:
    """A measure table's rows: `doc_id`, then the fields of the map step's list type."""
    got = pl.from_arrow(out[name])
    assert got.columns == ["doc_id", *[f.name for f in dm.types()[name].value_type]], name
    return got


def sample_articles() -> pa.Table:
    with (REPO / "data" / "samples" / "articles.jsonl").open(encoding="utf-8") as f:
        return pa.Table.from_pylist([json.loads(line) for line in f])


def test_doc_measures_summed_are_the_aggregate_stage_counts():
    _, t = engine_and_tables(sample_articles())
    _, out = engine_and_tables(sample_articles(), "measures")
    # The row tables and document_themes as with every aggregate; no other aggregate table.
    for name in ("documents", "sentences", "mentions", "document_themes"):
        assert out[name].equals(t[name]), name
    assert not {"organizations", "themes", "cooccurrence", "timeseries"} & set(out)
    ids = set(t["documents"].column("doc_id").to_pylist())
    for name in dm.types():
        assert set(out[name].column("doc_id").to_pylist()) <= ids, name
    keys = ["entity_id", "mentions", "documents", "sentences"]

    def summed(rows: pl.DataFrame, by) -> pl.DataFrame:
        return rows.group_by(by).agg(
            pl.col("mentions").sum(), pl.len().alias("documents"), pl.col("sentences").sum()
        )

    ents = summed(flat(out, "ents"), ["kind", "entity_id"])
    checked = 0
    for table, kind in (("organizations", "organization"), ("persons", "person"), ("countries", "country")):
        want = pl.from_arrow(t[table]).select(keys).sort("entity_id")
        got = ents.filter(pl.col("kind") == kind).select(keys).sort("entity_id").cast(dict(want.schema))
        assert got.equals(want), table
        checked += want.height
    themes = pl.from_arrow(t["themes"])
    want = themes.select(keys).sort("entity_id")
    got = summed(flat(out, "ups"), ["entity_id"]).select(keys).sort("entity_id").cast(dict(want.schema))
    assert got.equals(want), "themes rolled up"
    direct = themes.filter(pl.col("direct_mentions") > 0).select(
        "entity_id", *[pl.col(f"direct_{c}").alias(c) for c in ("mentions", "documents", "sentences")]
    ).sort("entity_id")
    got = ents.filter(pl.col("kind") == "theme").select(keys).sort("entity_id").cast(dict(direct.schema))
    assert got.equals(direct), "themes' own"
    assert checked > 10 and themes.height > 10
    # Co-occurrence: each pair once per document, summed, in both orders.
    pairs = flat(out, "pairs")
    assert (pairs["rank_a"] <= pairs["rank_b"]).all()
    once = pairs.group_by("kind_a", "entity_a", "kind_b", "entity_b").agg(
        pl.len().alias("documents"), pl.col("sentences").sum()
    )
    swapped = once.select(
        pl.col("kind_b").alias("kind_a"), pl.col("entity_b").alias("entity_a"),
        pl.col("kind_a").alias("kind_b"), pl.col("entity_a").alias("entity_b"), "documents", "sentences",
    )
    cols = ["kind_a", "entity_a", "kind_b", "entity_b", "documents", "sentences"]
    want = pl.from_arrow(t["cooccurrence"]).select(cols).sort(cols)
    got = pl.concat([once, swapped]).select(cols).sort(cols).cast(dict(want.schema))
    assert want.height > 100
    assert got.equals(want)
    # Names: the attributes most mentions give are the aggregate tables' names.
    names = flat(out, "names").group_by("kind", "entity_id", "entity_name").agg(pl.col("n").sum())
    best = names.sort(["n", "entity_name"], descending=[True, False]).unique(["kind", "entity_id"], keep="first")
    orgs = pl.from_arrow(t["organizations"]).select("entity_id", "entity_name").sort("entity_id")
    got = best.filter(pl.col("kind") == "organization").select("entity_id", "entity_name").sort("entity_id")
    assert got.equals(orgs)


@pytest.mark.parametrize(
    "parents, theme, chain",
    [
        ({"a": None, "b": "a", "c": "b"}, "c", ["c", "b", "a"]),
        ({"a": None}, "a", ["a"]),
        ({"x": "y", "y": "x"}, "x", ["x", "y"]),  # a cycle is cut
        ({}, "z", ["z"]),  # unknown: its own root
    ],
)
def test_doc_measures_ancestors(parents, theme, chain):
    assert dm.ancestors(parents, theme) == chain


def test_doc_measures_unknown_themes_join_the_tree_under_their_parents():
    tree = dm.learned({"a": None}, [("n1", "a"), ("n2", "p"), ("n1", "other"), ("n3", None)])
    assert tree == {"a": None, "n1": "a", "n2": "p", "p": None, "n3": None}


def test_aggregate_measures_is_a_name_of_tag():
    engine = _native.Engine(None, None, "config")
    data = pa.table({"id": ["x"], "text": ["Nothing to see here."]})
    names = [n for n, _ in engine.tag(data, [], 1, "measures", "t", None)]
    assert {"document_themes", *dm.types()} <= set(names)
    with pytest.raises(ValueError, match="measures"):
        engine.tag(data, [], 1, "measure", "t", None)


STORY = (
    "The harbour authority said on Tuesday that container traffic through the port rose for a "
    "third month, helped by new shipping routes to Asia and a recovery in car exports, while "
    "bulk cargo volumes fell as coal shipments to power stations declined."
)


def test_near_duplicate_marks_of_a_sequence_are_the_ingest_stage_marks():
    texts = [
        ("a1", STORY),
        ("b1", "Farmers in the north began planting wheat early after heavy autumn rains restored soil moisture."),
        ("a2", "PORTVILLE (Wire) - " + STORY),
        ("s1", "Too short."),
        ("a3", STORY + " Reporting by a correspondent."),  # 8 bits from a1: an original
        ("a4", STORY),  # the same text as a1
    ]
    data = pa.table({"id": [t[0] for t in texts], "text": [t[1] for t in texts]})
    want = newsmill.tag(data).tables["documents"]
    engine = _native.Engine(None, None, "config")
    long = pa.RecordBatchReader.from_stream(engine.long_enough(pa.table({"text": want["text"].to_arrow()}))).read_all()
    hashes = want["simhash"].cast(pl.Int64, wrap_numerical=True).to_list()
    marks = engine.near_duplicate_marks(want["doc_id"].to_list(), hashes, long.column(0).to_pylist())
    assert marks == want["duplicate_of"].to_list() == [None, None, "a1", None, None, "a1"]
    with pytest.raises(RuntimeError, match="differ in length"):
        engine.near_duplicate_marks(["x"], [], [])
