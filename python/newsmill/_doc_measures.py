"""The per-document measures of Spark's map step: their Arrow types and what the driver needs of
the theme tree. The measures themselves are computed by the engine with the aggregate stage's own
code (one definition of each): ``Engine.tag(..., aggregate="measures")`` returns, besides the
tables, one flat table per measure with each row's ``doc_id`` (`stages/aggregate/src/measures.rs`
defines them; ``Aggregator::document_counts`` and ``DocPairs::of`` in
`stages/aggregate/src/lib.rs` are the code whose sums over documents the command line's
aggregates are):

- ``ents``: per entity (kind, id) its mentions and its distinct sentences (the title, sentence
  -1, counting as a sentence of its own): summed over documents they give ``mentions`` and
  ``sentences``, and the rows counted give ``documents``;
- ``ups``: the same per theme rolled up along the theme tree (a theme mention counts for the
  theme and each ancestor; sentences are the distinct sentences of the theme's subtree);
- ``names``: per entity (not themes) and attribute values (name, type, country, iso3, fips) how
  many mentions give them, summed to find those most mentions give;
- ``pairs``: per pair of distinct entities among the document's ``MAX_PAIR_ENTITIES`` most
  mentioned (ties: kind rank, then id), once, ordered by (kind rank, id), with the sentences
  both are in;
- ``unknown``: the themes of the mentions that the dictionary's tree lacks (id, parent, name,
  qcode), from which the driver completes the tree (:func:`learned`).

(Until session 16 this module computed them again in pyarrow from the mentions: a second
definition, and a third of the map step's CPU outside the engine; docs/spark.md, Speed.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List, Optional, Sequence, Tuple

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

#: The most entities of one document whose pairs count in ``cooccurrence`` (the aggregate
#: stage's ``MAX_PAIR_ENTITIES``, which the engine's measures apply).
MAX_PAIR_ENTITIES = 100

ATTRS = ("entity_name", "entity_type", "country", "iso3", "fips")

def types() -> Dict[str, "pa.DataType"]:
    """The Arrow type of each per-document list (one list per document)."""
    import pyarrow as pa

    s = pa.string()
    return {
        "ents": pa.list_(
            pa.struct([("kind", s), ("entity_id", s), ("mentions", pa.int64()), ("sentences", pa.int64())])
        ),
        "ups": pa.list_(pa.struct([("entity_id", s), ("mentions", pa.int64()), ("sentences", pa.int64())])),
        "names": pa.list_(
            pa.struct([("kind", s), ("entity_id", s)] + [(a, s) for a in ATTRS] + [("n", pa.int64())])
        ),
        "pairs": pa.list_(
            pa.struct(
                [
                    ("rank_a", pa.int32()), ("kind_a", s), ("entity_a", s),
                    ("rank_b", pa.int32()), ("kind_b", s), ("entity_b", s),
                    ("sentences", pa.int64()),
                ]
            )
        ),
        "unknown": pa.list_(
            pa.struct([("entity_id", s), ("parent_id", s), ("entity_name", s), ("qcode", s)])
        ),
    }


def ancestors(parents: Dict[str, Optional[str]], i: str) -> List[str]:
    """A theme and its ancestors (itself first), cycles cut, as ``Aggregator::ancestors``."""
    chain, seen, cur = [i], {i}, i
    while True:
        p = parents.get(cur)
        if p is None or p in seen:
            return chain
        chain.append(p)
        seen.add(p)
        cur = p


def learned(
    parents: Dict[str, Optional[str]], unknown: Sequence[Tuple[str, Optional[str]]]
) -> Dict[str, Optional[str]]:
    """The tree `parents` completed with themes it lacks, `(id, parent_id)` in the order they
    are learned (first wins), a parent no one names being a theme of its own (a root)."""
    out = dict(parents)
    for i, p in unknown:
        if i not in out:
            out[i] = p or None
    for i in list(out):
        p = out[i]
        if p is not None and p not in out:
            out[p] = None
    return out


def _lists(at: "pa.Array", n: int, rows: "pa.Table", list_type: "pa.DataType") -> "pa.Array":
    """`rows` as one list per document, `at` giving each row's document (0..n)."""
    import numpy as np
    import pyarrow as pa

    struct_type = list_type.value_type
    where = np.asarray(at.to_numpy(zero_copy_only=False), dtype=np.int64) if len(at) else np.zeros(0, np.int64)
    order = np.argsort(where, kind="stable")
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.bincount(where, minlength=n), out=offsets[1:])
    taken = rows.take(pa.array(order, pa.int64()))
    values = pa.StructArray.from_arrays(
        [taken.column(f.name).combine_chunks().cast(f.type) for f in struct_type], fields=list(struct_type)
    )
    return pa.ListArray.from_arrays(pa.array(offsets), values, type=list_type)
