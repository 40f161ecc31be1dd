"""The per-document measures of Spark's map step (newsmill._doc_measures): summed over the
documents they are the aggregate stage's counts; and the engine's near-duplicate marks of a
whole sequence. No Spark needed."""

import json
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa
import pytest

import newsmill
from newsmill import _doc_measures as dm
from newsmill import _native

REPO = Path(__file__).resolve().parents[2]


def engine_and_tables(data: pa.Table):
    """The engine of the Spark map step's config and its tables of `data`, aggregates included
    (near-duplicates not marked, every document counted, as in the map step)."""
    config = newsmill.check_config(None)
    config["ingest"]["duplicates"] = False
    config["aggregate"]["duplicates"] = "include"
    engine = _native.Engine(_native.json_to_toml(json.dumps(config)), None, "config")
    tables = {
        name: pa.RecordBatchReader.from_stream(s).read_all() for name, s in engine.tag(data, [], 1, True, "t", None)
    }
    return engine, tables


def flat(lists: pa.Array) -> pl.DataFrame:
    return pl.from_arrow(pa.Table.from_struct_array(lists.flatten()))


def sample_articles() -> pa.Table:
    with (REPO / "data" / "samples" / "articles.jsonl").open(encoding="utf-8") as f:
        return pa.Table.from_pylist([json.loads(line) for line in f])


def test_doc_measures_summed_are_the_aggregate_stage_counts():
    engine, t = engine_and_tables(sample_articles())
    parents = {i: p for i, p, _, _ in engine.theme_tree()}
    ids = t["documents"].column("doc_id").combine_chunks()
    out = dm.measures(t["mentions"], ids, parents)
    assert all(len(out[k]) == len(ids) for k in dm.types())
    keys = ["entity_id", "mentions", "documents", "sentences"]

    def summed(rows: pl.DataFrame, by) -> pl.DataFrame:
        return rows.group_by(by).agg(
            pl.col("mentions").sum(), pl.len().alias("documents"), pl.col("sentences").sum()
        )

    ents = summed(flat(out["ents"]), ["kind", "entity_id"])
    checked = 0
    for table, kind in (("organizations", "organization"), ("persons", "person"), ("countries", "country")):
        want = pl.from_arrow(t[table]).select(keys).sort("entity_id")
        got = ents.filter(pl.col("kind") == kind).select(keys).sort("entity_id").cast(dict(want.schema))
        assert got.equals(want), table
        checked += want.height
    themes = pl.from_arrow(t["themes"])
    want = themes.select(keys).sort("entity_id")
    got = summed(flat(out["ups"]), ["entity_id"]).select(keys).sort("entity_id").cast(dict(want.schema))
    assert got.equals(want), "themes rolled up"
    direct = themes.filter(pl.col("direct_mentions") > 0).select(
        "entity_id", *[pl.col(f"direct_{c}").alias(c) for c in ("mentions", "documents", "sentences")]
    ).sort("entity_id")
    got = ents.filter(pl.col("kind") == "theme").select(keys).sort("entity_id").cast(dict(direct.schema))
    assert got.equals(direct), "themes' own"
    assert checked > 10 and themes.height > 10
    # Co-occurrence: each pair once per document, summed, in both orders.
    pairs = flat(out["pairs"])
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
    names = flat(out["names"]).group_by("kind", "entity_id", "entity_name").agg(pl.col("n").sum())
    best = names.sort(["n", "entity_name"], descending=[True, False]).unique(["kind", "entity_id"], keep="first")
    orgs = pl.from_arrow(t["organizations"]).select("entity_id", "entity_name").sort("entity_id")
    got = best.filter(pl.col("kind") == "organization").select("entity_id", "entity_name").sort("entity_id")
    assert got.equals(orgs)


def mentions_of(rows) -> pa.Table:
    """A mentions table of (doc_id, sentence_id, kind, entity_id) rows, other columns null."""
    n = len(rows)
    s = pa.string()
    return pa.table(
        {
            "doc_id": pa.array([r[0] for r in rows], s),
            "sentence_id": pa.array([r[1] for r in rows], pa.int64()),
            "kind": pa.array([r[2] for r in rows], s),
            "entity_id": pa.array([r[3] for r in rows], s),
            **{c: pa.nulls(n, s) for c in ("entity_name", "entity_type", "country", "iso3", "fips", "qcode", "parent_id")},
        }
    )


def test_doc_measures_pairs_keep_the_most_mentioned_entities_of_a_document():
    # 102 organizations in one document: o000 and o001 twice, the others once; the cap keeps
    # the 100 most mentioned, ties in id order: o100 and o101 drop out.
    rows = [("d", 0, "organization", f"o{i:03d}") for i in range(102)]
    rows += [("d", 1, "organization", "o000"), ("d", 1, "organization", "o001")]
    rows += [("e", 0, "country", "C1"), ("e", 0, "organization", "o050"), ("e", -1, "person", "p1")]
    out = dm.measures(mentions_of(rows), pa.array(["d", "e"]), {})
    pairs = flat(out["pairs"])
    assert dm.MAX_PAIR_ENTITIES == 100
    d_pairs = pairs.filter(pl.col("entity_a").str.starts_with("o") & pl.col("entity_b").str.starts_with("o"))
    assert d_pairs.height == 100 * 99 // 2
    named = set(d_pairs["entity_a"]) | set(d_pairs["entity_b"])
    assert "o100" not in named and "o101" not in named and "o099" in named
    # Sentence counts: o000 and o001 share sentences 0 and 1; o000 and o002 only sentence 0.
    def sentences(a, b):
        return d_pairs.filter((pl.col("entity_a") == a) & (pl.col("entity_b") == b))["sentences"].to_list()

    assert sentences("o000", "o001") == [2]
    assert sentences("o000", "o002") == [1]
    # Document e: pairs in (kind rank, id) order (organization, country, person); the title
    # (sentence -1) is a sentence of its own.
    e = pairs.filter(pl.col("entity_a").is_in(["C1", "p1"]) | pl.col("entity_b").is_in(["C1", "p1"]))
    got = sorted(zip(e["entity_a"], e["entity_b"], e["sentences"]))
    assert got == [("C1", "p1", 0), ("o050", "C1", 1), ("o050", "p1", 0)]
    ents = flat(out["ents"]).filter(pl.col("entity_id").is_in(["o000", "o002"])).sort("entity_id")
    assert ents["mentions"].to_list() == [2, 1] and ents["sentences"].to_list() == [2, 1]


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
    rows = [("d", 0, "theme", "n2"), ("d", 1, "theme", "n2"), ("d", 1, "theme", "a")]
    m = mentions_of(rows)
    m = m.set_column(m.schema.get_field_index("parent_id"), "parent_id", pa.array(["p", "p", None], pa.string()))
    out = dm.measures(m, pa.array(["d"]), {"a": None})
    ups = flat(out["ups"]).sort("entity_id")
    assert ups.select("entity_id", "mentions", "sentences").rows() == [("a", 1, 1), ("n2", 2, 2), ("p", 2, 2)]
    assert flat(out["unknown"])["entity_id"].to_list() == ["n2"]


@pytest.mark.parametrize(
    "groups, pairs",
    [
        ([], []),
        ([7], []),
        ([1, 1, 1], [(0, 1), (0, 2), (1, 2)]),
        ([0, 0, 3, 5, 5], [(0, 1), (3, 4)]),
    ],
)
def test_doc_measures_pairs_within_groups(groups, pairs):
    left, right = dm._within(np.array(groups, dtype=np.int64))
    assert list(zip(left.tolist(), right.tolist())) == pairs


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
