"""The aggregate tables of Spark's result from the partial sums of every batch (pyarrow only, no
Spark): the final sums, the names, the joins and each table's row order, as the aggregate stage
defines them (`stages/aggregate/src/lib.rs`). Spark moves the partial sums (`_spark_rows.partial`)
of all batches in one shuffle to a call per group of tables (:data:`GROUPS`), which computes
and writes its tables with :func:`finals` (docs/spark.md, session 13): one pass for every
aggregate table instead of a chain of Spark aggregations, joins and sorts per table. With
buckets (``aggregate_partitions`` above 1: :func:`split`) each call has the partial sums of a
stable share of the keys; Spark then names the pairs (:func:`pair_sums`, :func:`entity_names`,
:func:`both_orders`) and sorts every table by :data:`ORDER`.

The measures' definitions are those of the per-document measures (the engine's, the aggregate
stage's code: `stages/aggregate/src/measures.rs`, ``_doc_measures``) and the
partial sums (``_spark_rows.partial``); here they are summed again per key:

- per organization, person, country: ``mentions``, ``sentences`` and ``documents`` summed,
  ``first_seen``/``last_seen`` the min/max, ``share_of_documents`` ``documents`` times the
  reciprocal of the documents counted (the stage's float); the name and attributes are those most
  mentions give, ties to the least in string order, nulls first (``Aggregator::attrs_of``);
- themes rolled up along the tree, ``direct_*`` from the theme's own counts, ``about_documents``
  from ``document_themes``;
- ``timeseries`` per entity and UTC day with the day's documents counted;
- ``cooccurrence``: the pairs summed, named, in both orders.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

THEME = "theme"
#: The aggregate tables of each final group, and the partial sums (`_spark_rows.PARTIALS`) it
#: needs: co-occurrence (the most rows) in a group of its own, the other tables in another.
GROUPS: Tuple[Tuple[Tuple[str, ...], Tuple[str, ...]], ...] = (
    (("cooccurrence",), ("pairs", "names")),
    (("organizations", "persons", "countries", "themes", "timeseries"), ("counts", "names", "about", "series")),
)
#: The per-entity tables of one kind each.
BY_KIND = {"organizations": "organization", "persons": "person", "countries": "country"}
PAIR = ("rank_a", "kind_a", "entity_a", "rank_b", "kind_b", "entity_b")


class Context:
    """What the driver knows that the final sums need: the theme tree (id to parent, name,
    qcode; the unknown themes added), the documents counted, and each UTC day's documents
    (`day_documents`: (day as a naive datetime or None, count))."""

    def __init__(
        self,
        tree: Dict[str, Tuple[Optional[str], str, Optional[str]]],
        counted: int,
        day_documents: Sequence[Tuple[Optional[Any], int]],
    ) -> None:
        self.tree = tree
        self.counted = counted
        self.day_documents = list(day_documents)


def _sum(t: "pa.Table", keys: List[str], aggs: List[Tuple[str, str]]) -> "pa.Table":
    """`t` grouped by `keys`, each `(column, function)` of `aggs` into a column of its name."""
    import pyarrow as pa

    g = t.group_by(keys, use_threads=False).aggregate(aggs)
    return pa.table({**{k: g.column(k) for k in keys}, **{c: g.column(f"{c}_{f}") for c, f in aggs}})


def _sorted(t: "pa.Table", keys: List[Tuple[str, str]], nulls: str = "at_end") -> "pa.Table":
    import pyarrow.compute as pc

    return t.take(pc.sort_indices(t, sort_keys=keys, null_placement=nulls))


def _first_per_key(t: "pa.Table", keys: List[str]) -> "pa.Table":
    """The first row of each run of equal `keys` (never null) of a sorted table."""
    import numpy as np
    import pyarrow as pa

    if t.num_rows == 0:
        return t
    new = np.zeros(t.num_rows, dtype=bool)
    new[0] = True
    for k in keys:
        v = t.column(k).to_numpy(zero_copy_only=False)
        new[1:] |= v[1:] != v[:-1]
    return t.filter(pa.array(new))


def attributes(names: "pa.Table", attrs: Sequence[str]) -> "pa.Table":
    """Per (kind, entity_id) the attribute values most mentions give, ties to the least in
    string order with nulls first (``Aggregator::attrs_of``), from the `names` partial sums."""
    summed = _sum(names, ["kind", "entity_id", *attrs], [("n", "sum")])
    keys = [("kind", "ascending"), ("entity_id", "ascending"), ("n", "descending")] + [(a, "ascending") for a in attrs]
    best = _first_per_key(_sorted(summed, keys, nulls="at_start"), ["kind", "entity_id"])
    return best.drop_columns(["n"])


def _left(t: "pa.Table", right: "pa.Table", keys: List[str]) -> "pa.Table":
    return t.join(right, keys, join_type="left outer", use_threads=False)


def _shaped(t: "pa.Table", schema: "pa.Schema") -> "pa.Table":
    import pyarrow as pa

    return pa.Table.from_arrays([t.column(f.name).cast(f.type) for f in schema], schema=schema)


def _tree_table(ctx: Context) -> "pa.Table":
    import pyarrow as pa

    from . import _doc_measures

    parents = {i: v[0] for i, v in ctx.tree.items()}
    ids = list(ctx.tree)
    return pa.table(
        {
            "entity_id": pa.array(ids, pa.string()),
            "tree_name": pa.array([ctx.tree[i][1] for i in ids], pa.string()),
            "tree_qcode": pa.array([ctx.tree[i][2] for i in ids], pa.string()),
            "tree_parent": pa.array([ctx.tree[i][0] for i in ids], pa.string()),
            "depth": pa.array([len(_doc_measures.ancestors(parents, i)) - 1 for i in ids], pa.int64()),
        }
    )


def _names(attrs: "pa.Table", tree: "pa.Table") -> "pa.Table":
    """The name shown of each entity (``Aggregator::name_of``): a theme's from the tree, another's
    from the data."""
    import pyarrow as pa

    return pa.concat_tables(
        [
            pa.table({"kind": attrs.column("kind"), "entity_id": attrs.column("entity_id"), "name": attrs.column("entity_name")}),
            pa.table(
                {
                    "kind": pa.array([THEME] * tree.num_rows, pa.string()),
                    "entity_id": tree.column("entity_id"),
                    "name": tree.column("tree_name"),
                }
            ),
        ]
    )


def finals(
    tables: Sequence[str], partials: Dict[str, "pa.Table"], ctx: Context, schemas: Dict[str, "pa.Schema"]
) -> Dict[str, "pa.Table"]:
    """The aggregate tables `tables` (of one group of :data:`GROUPS`), each in the command line's
    row order with its schema (`schemas`), from the partial sums of every batch (`partials`:
    family to the concatenated partial sums)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from . import _doc_measures

    attr_cols = list(_doc_measures.ATTRS)
    attrs = attributes(partials["names"], attr_cols)
    tree = _tree_table(ctx)
    names = _names(attrs, tree)
    out: Dict[str, "pa.Table"] = {}
    reciprocal = pa.scalar(1.0 / float(max(ctx.counted, 1)), pa.float64())

    def share(documents: "pa.ChunkedArray") -> "pa.ChunkedArray":
        # As the aggregate stage computes it (Polars multiplies by the reciprocal of a literal
        # divisor): the same float64, bit for bit.
        return pc.multiply(documents.cast(pa.float64()), reciprocal)

    if "counts" in partials:
        counts = _sum(
            partials["counts"],
            ["kind", "entity_id", "rolled"],
            [("mentions", "sum"), ("documents", "sum"), ("sentences", "sum"), ("first_seen", "min"), ("last_seen", "max")],
        )
        rolled = counts.column("rolled")
        is_theme = pc.equal(counts.column("kind"), THEME)
        plain = _left(counts.filter(pc.and_(pc.invert(rolled), pc.invert(is_theme))), attrs, ["kind", "entity_id"])
        plain = plain.append_column("share_of_documents", share(plain.column("documents")))
        by_mentions = list(ORDER["themes"])
        for table, kind in BY_KIND.items():
            if table in tables:
                t = plain.filter(pc.equal(plain.column("kind"), kind))
                out[table] = _shaped(_sorted(t, by_mentions), schemas[table])
        if "themes" in tables:
            own = counts.filter(pc.and_(pc.invert(rolled), is_theme)).select(["entity_id", "mentions", "documents", "sentences"])
            own = own.rename_columns(["entity_id", "direct_mentions", "direct_documents", "direct_sentences"])
            about = _sum(partials["about"], ["entity_id"], [("about_documents", "sum")])
            t = counts.filter(rolled).drop_columns(["kind", "rolled"])
            t = _left(_left(_left(t, own, ["entity_id"]), about, ["entity_id"]), tree, ["entity_id"])
            cols = {
                "entity_name": t.column("tree_name"),
                "qcode": t.column("tree_qcode"),
                "parent_id": t.column("tree_parent"),
                "about_documents": pc.coalesce(t.column("about_documents"), 0),
                "share_of_documents": share(t.column("documents")),
            }
            for c in ("direct_mentions", "direct_documents", "direct_sentences"):
                cols[c] = pc.coalesce(t.column(c), 0)
            for c, v in cols.items():
                i = t.schema.get_field_index(c)
                t = t.append_column(c, v) if i < 0 else t.set_column(i, c, v)
            out["themes"] = _shaped(_sorted(t, by_mentions), schemas["themes"])
        if "timeseries" in tables:
            s = _sum(partials["series"], ["kind", "entity_id", "day"], [("mentions", "sum"), ("documents", "sum")])
            # The day's documents by the day's microseconds (a join key that is never null).
            undated = -(2**63)
            key = pc.fill_null(pc.cast(s.column("day"), pa.int64()), undated)
            day_keys = pa.array(
                [undated if d is None else int(pa.scalar(d, pa.timestamp("us")).cast(pa.int64()).as_py()) for d, _ in ctx.day_documents],
                pa.int64(),
            )
            day_counts = pa.array([c for _, c in ctx.day_documents], pa.int64())
            at = pc.index_in(key, value_set=day_keys)
            s = s.append_column("day_documents", pc.take(day_counts, at))
            s = _left(s, names, ["kind", "entity_id"])
            s = s.append_column("entity_name", s.column("name"))
            s = _sorted(s, list(ORDER["timeseries"]))
            out["timeseries"] = _shaped(s, schemas["timeseries"])
    if "cooccurrence" in tables:
        once = pair_sums(partials["pairs"])
        na = names.rename_columns(["kind_a", "entity_a", "name_a"])
        nb = names.rename_columns(["kind_b", "entity_b", "name_b"])
        once = _left(_left(once, na, ["kind_a", "entity_a"]), nb, ["kind_b", "entity_b"])
        out["cooccurrence"] = _shaped(_sorted(both_orders(once), list(ORDER["cooccurrence"])), schemas["cooccurrence"])
    return out


#: Each aggregate table's row order (the command line's), as pyarrow sort keys (nulls last):
#: :func:`finals` sorts by them in one task, Spark (``orderBy``) over the buckets' rows.
ORDER: Dict[str, Tuple[Tuple[str, str], ...]] = {
    **{t: (("mentions", "descending"), ("entity_id", "ascending")) for t in (*BY_KIND, "themes")},
    "timeseries": (("kind", "ascending"), ("entity_id", "ascending"), ("day", "ascending")),
    "cooccurrence": (("documents", "descending"), ("sentences", "descending"))
    + tuple((c, "ascending") for c in ("rank_a", "entity_a", "rank_b", "entity_b")),
}


def pair_sums(pairs: "pa.Table") -> "pa.Table":
    """The pairs' partial sums summed per pair (`PAIR`, ``documents``, ``sentences``)."""
    return _sum(pairs, list(PAIR), [("documents", "sum"), ("sentences", "sum")])


def both_orders(once: "pa.Table") -> "pa.Table":
    """The named pair sums (`pair_sums` with ``name_a``, ``name_b``) in both orders: each pair
    once as it is and once with `a` and `b` swapped (unsorted; the ranks kept for the sort)."""
    import pyarrow as pa

    cols = list(PAIR) + ["name_a", "name_b"]
    flip = {c: c.replace("_a", "_x").replace("_b", "_a").replace("_x", "_b") for c in cols}
    return pa.concat_tables(
        [
            once.select(cols + ["documents", "sentences"]),
            pa.table({**{c: once.column(flip[c]) for c in cols}, "documents": once.column("documents"), "sentences": once.column("sentences")}),
        ]
    )


def entity_names(partials: Dict[str, "pa.Table"], ctx: Context, bucket: int, buckets: int) -> "pa.Table":
    """The names shown (kind, entity_id, name) of the entities of bucket `bucket` of `buckets`:
    those of its `names` partial sums (all in the bucket) and its themes of the tree."""
    from . import _doc_measures

    tree = _tree_table(ctx)
    kinds = pa_strings([THEME] * tree.num_rows)
    tree = tree.filter(_in_bucket(bucket_of_entities(kinds, tree.column("entity_id"), buckets), bucket))
    return _names(attributes(partials["names"], list(_doc_measures.ATTRS)), tree)


def pa_strings(values: List[str]) -> "pa.Array":
    import pyarrow as pa

    return pa.array(values, pa.string())


def _in_bucket(of: Any, bucket: int) -> "pa.Array":
    import pyarrow as pa

    return pa.array(of == bucket)


# ---------------------------------------------------------------------------------------------
# Buckets: the partial sums of a group split by a stable hash of their key, one task each.

#: The key of each family of partial sums that decides its bucket: (kind column or the fixed
#: kind, entity column), or `PAIR` for the pairs (docs/spark.md, "Scaling the final step").
BUCKET_KEYS: Dict[str, Tuple[str, str]] = {
    "counts": ("kind", "entity_id"),
    "names": ("kind", "entity_id"),
    "series": ("kind", "entity_id"),
    "about": (THEME, "entity_id"),  # theme ids: the themes' bucket (kind `theme`)
}
#: Multiplier mixing the two entities' hashes of a pair (the 32-bit golden ratio, odd: every
#: `b` hash gives a different pair hash for one `a`).
_PAIR_MIX = 0x9E3779B1


def bucket_of_entities(kinds: Any, ids: Any, buckets: int) -> Any:
    """The bucket (numpy int64, 0 to `buckets` - 1) of each entity (kind, id): CRC-32 (zlib) of
    the UTF-8 of ``kind + "\\0" + id``, modulo `buckets`. The same in every process (unlike
    Python's salted ``hash``); computed once per distinct entity of the arrays."""
    import zlib

    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(ids)
    if buckets <= 1 or n == 0:
        return np.zeros(n, dtype=np.int64)
    keys = pc.binary_join_element_wise(pc.fill_null(kinds, ""), pc.fill_null(ids, ""), "\0")
    enc = pc.dictionary_encode(keys.combine_chunks() if isinstance(keys, pa.ChunkedArray) else keys)
    hashes = np.array([zlib.crc32(v.encode("utf-8")) for v in enc.dictionary.to_pylist()], dtype=np.int64)
    return hashes[np.asarray(enc.indices.to_numpy(zero_copy_only=False))] % buckets


def entity_hashes(kinds: Any, ids: Any) -> Any:
    """The CRC-32 of each entity's key (as :func:`bucket_of_entities` before the modulo)."""
    return bucket_of_entities(kinds, ids, 2**32)


def buckets_of(family: str, t: "pa.Table", buckets: int) -> Any:
    """The bucket of each row of partial sums `family` (:data:`BUCKET_KEYS`; a pair by both its
    entities: ``(hash_a * _PAIR_MIX + hash_b) mod 2**32``, modulo `buckets`)."""
    import numpy as np

    if buckets <= 1 or t.num_rows == 0:
        return np.zeros(t.num_rows, dtype=np.int64)
    if family == "pairs":
        a = entity_hashes(t.column("kind_a"), t.column("entity_a")).astype(np.uint64)
        b = entity_hashes(t.column("kind_b"), t.column("entity_b")).astype(np.uint64)
        mixed = (a * np.uint64(_PAIR_MIX) + b) & np.uint64(0xFFFFFFFF)
        return (mixed % np.uint64(buckets)).astype(np.int64)
    kind, entity = BUCKET_KEYS[family]
    kinds = t.column(kind) if kind in t.column_names else pa_strings([kind] * t.num_rows)
    return bucket_of_entities(kinds, t.column(entity), buckets)


def split(family: str, t: "pa.Table", buckets: int) -> List[Tuple[int, "pa.Table"]]:
    """`(bucket, rows)` of each bucket of `buckets` that has rows of `t` (partial sums
    `family`); `[(0, t)]` for one bucket."""
    import numpy as np
    import pyarrow as pa

    if buckets <= 1:
        return [(0, t)]
    of = buckets_of(family, t, buckets)
    order = np.argsort(of, kind="stable")
    t, of = t.take(pa.array(order)), of[order]
    found, starts = np.unique(of, return_index=True)
    ends = list(starts[1:]) + [len(of)]
    return [(int(b), t.slice(int(s), int(e) - int(s))) for b, s, e in zip(found, starts, ends)]
