"""Per-document measures of the aggregate stage, computed in Spark's map step (pyarrow, no Python
per row), so that Spark's aggregates are sums and counts over small per-document rows instead of
distinct counts over every mention.

For each document of a batch, from its mentions (`stages/aggregate/src/lib.rs`, `add_all` and
`count_entities`, are the definitions):

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
- ``unknown``: the themes of the mentions that the tree lacks (parent, name, qcode), from which
  the tree is completed as the aggregate stage completes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List, Optional, Sequence, Tuple

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pyarrow as pa

#: The most entities of one document whose pairs count in ``cooccurrence`` (the aggregate
#: stage's ``MAX_PAIR_ENTITIES``: its definition, not a tuning of this module).
MAX_PAIR_ENTITIES = 100

THEME = "theme"
#: The kind's rank in pair order (``rank_of``): any other kind ranks as a theme.
KIND_RANK = {"organization": 0, "country": 1, "person": 2}
OTHER_RANK = 3
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


def _shaped(rows: "pa.Table", list_type: "pa.DataType") -> "pa.Table":
    """`rows` as `d` (int64) and the fields of `list_type`'s items, in their types."""
    import pyarrow as pa

    fields = list(list_type.value_type)
    cols = [rows.column("d").combine_chunks().cast(pa.int64())]
    cols += [rows.column(f.name).combine_chunks().cast(f.type) for f in fields]
    return pa.Table.from_arrays(cols, schema=pa.schema([pa.field("d", pa.int64())] + [pa.field(f.name, f.type, True) for f in fields]))


def _rank(kind: "pa.Array") -> "pa.Array":
    import pyarrow as pa
    import pyarrow.compute as pc

    known = list(KIND_RANK)
    at = pc.index_in(kind, value_set=pa.array(known))
    ranks = pa.array([KIND_RANK[k] for k in known], pa.int32())
    return pc.fill_null(pc.take(ranks, at), OTHER_RANK).cast(pa.int32())


def _within(group: "np.ndarray") -> Tuple["np.ndarray", "np.ndarray"]:
    """Every pair of places `i < j` of the sorted array `group` within one group (value)."""
    import numpy as np

    m = len(group)
    if m == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    end = np.searchsorted(group, group, side="right")
    after = end - 1 - np.arange(m)
    left = np.repeat(np.arange(m), after)
    right = left + 1 + np.arange(len(left)) - np.repeat(np.cumsum(after) - after, after)
    return left, right


def measures(
    mentions: "pa.Table", doc_ids: "pa.Array", parents: Dict[str, Optional[str]]
) -> Dict[str, "pa.Array"]:
    """The per-document lists (:func:`types`) of the documents `doc_ids` from their `mentions`
    (a ``mentions`` table); `parents` is the dictionary's theme tree (id to parent id)."""
    t = types()
    n = len(doc_ids)
    return {name: _lists(rows.column("d"), n, rows, t[name]) for name, rows in flat(mentions, doc_ids, parents).items()}


def flat(mentions: "pa.Table", doc_ids: "pa.Array", parents: Dict[str, Optional[str]]) -> Dict[str, "pa.Table"]:
    """The rows of :func:`measures`' lists as flat tables: the fields of each list's items
    (:func:`types`) and `d`, the document's place in `doc_ids` (rows grouped by document)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(doc_ids)
    t = types()
    all_rows = pc.CountOptions(mode="all")
    mentions = mentions.combine_chunks()
    d = pc.index_in(mentions.column("doc_id"), value_set=doc_ids).cast(pa.int64())
    # Entities as integers: `code` orders them by (kind rank, kind, id), as pairs are ordered.
    kind = mentions.column("kind").combine_chunks()
    ids = pc.dictionary_encode(mentions.column("entity_id").combine_chunks())
    kinds = pc.dictionary_encode(kind)
    n_ids, n_kinds = len(ids.dictionary), len(kinds.dictionary)
    id_place = np.empty(n_ids, dtype=np.int64)
    id_place[np.asarray(pc.sort_indices(ids.dictionary))] = np.arange(n_ids)
    rank = np.asarray(_rank(kind).to_numpy(zero_copy_only=False), dtype=np.int64)
    code_np = (rank * n_kinds + np.asarray(kinds.indices.to_numpy(zero_copy_only=False), dtype=np.int64)) * max(
        n_ids, 1
    ) + id_place[np.asarray(ids.indices.to_numpy(zero_copy_only=False), dtype=np.int64)]
    code = pa.array(code_np, pa.int64())
    codes, first = np.unique(code_np, return_index=True)
    first = pa.array(first, pa.int64())
    code_kind = kind.take(first)
    code_id = mentions.column("entity_id").combine_chunks().take(first)
    code_rank = pa.array(rank[np.asarray(first)], pa.int32())

    def decode(c: "pa.Array") -> "pa.Array":
        return pa.array(np.searchsorted(codes, np.asarray(c.to_numpy(zero_copy_only=False))), pa.int64())

    base = pa.table({"d": d, "s": mentions.column("sentence_id"), "code": code})

    def counted(table: "pa.Table", keys: List[str]) -> "pa.Table":
        g = table.group_by(keys, use_threads=False).aggregate(
            [("s", "count", all_rows), ("s", "count_distinct", all_rows)]
        )
        return g.rename_columns([{"s_count": "mentions", "s_count_distinct": "sentences"}.get(c, c) for c in g.column_names])

    ents = counted(base, ["d", "code"])
    at = decode(ents.column("code"))
    ents = ents.append_column("kind", code_kind.take(at)).append_column("entity_id", code_id.take(at))
    out = {"ents": ents}

    # Themes rolled up along the tree (completed with this batch's unknown themes).
    is_theme = pc.equal(kind, THEME)
    theme_rows = mentions.filter(is_theme)
    unknown_rows = pa.table(
        {
            "d": d.filter(is_theme),
            **{c: theme_rows.column(c) for c in ("entity_id", "parent_id", "entity_name", "qcode")},
        }
    )
    known = pc.is_in(unknown_rows.column("entity_id"), value_set=pa.array(list(parents), pa.string()))
    unknown_rows = unknown_rows.filter(pc.invert(known))
    tree = parents
    if unknown_rows.num_rows:
        unknown_rows = unknown_rows.group_by(
            ["d", "entity_id", "parent_id", "entity_name", "qcode"], use_threads=False
        ).aggregate([])
        firsts = sorted(
            zip(*[unknown_rows.column(c).to_pylist() for c in ("entity_id", "parent_id", "entity_name", "qcode")]),
            key=lambda r: tuple("" if x is None else x for x in r),
        )
        tree = learned(parents, [(r[0], r[1]) for r in firsts])
    out["unknown"] = unknown_rows
    themes = base.filter(is_theme)
    theme_codes = np.unique(np.asarray(themes.column("code").to_numpy()))
    theme_ids = code_id.take(decode(pa.array(theme_codes, pa.int64()))).to_pylist()
    up_ids: Dict[str, int] = {}
    anc_code, anc_up = [], []
    for c, i in zip(theme_codes.tolist(), theme_ids):
        for a in ancestors(tree, i):
            anc_code.append(c)
            anc_up.append(up_ids.setdefault(a, len(up_ids)))
    anc = pa.table({"code": pa.array(anc_code, pa.int64()), "up": pa.array(anc_up, pa.int64())})
    rolled = themes.join(anc, "code", use_threads=False)
    ups = counted(rolled, ["d", "up"])
    ups = ups.append_column("entity_id", pa.array(list(up_ids), pa.string()).take(ups.column("up")))
    out["ups"] = ups

    # Names and attributes of the other kinds: how many mentions give each.
    other = pc.invert(is_theme)
    named = pa.table({"d": d.filter(other), "code": code.filter(other), **{a: mentions.column(a).filter(other) for a in ATTRS}})
    named = named.group_by(["d", "code", *ATTRS], use_threads=False).aggregate([("code", "count", all_rows)])
    at = decode(named.column("code"))
    named = named.rename_columns([{"code_count": "n"}.get(c, c) for c in named.column_names])
    named = named.append_column("kind", code_kind.take(at)).append_column("entity_id", code_id.take(at))
    out["names"] = named

    # Pairs among the document's most mentioned entities, once each: code_a < code_b.
    kept = ents.select(["d", "code", "mentions"])
    dd = np.asarray(kept.column("d").to_numpy(), dtype=np.int64)
    if kept.num_rows and np.bincount(dd, minlength=n).max() > MAX_PAIR_ENTITIES:
        # Most mentions first, ties in code order (kind rank, then id).
        kept = kept.sort_by([("d", "ascending"), ("mentions", "descending"), ("code", "ascending")])
        dd = np.asarray(kept.column("d").to_numpy(), dtype=np.int64)
        place = np.arange(len(dd)) - np.searchsorted(dd, dd, side="left")
        kept = kept.filter(pa.array(place < MAX_PAIR_ENTITIES))
        in_kept = base.join(kept.select(["d", "code"]), ["d", "code"], join_type="left semi", use_threads=False)
    else:
        in_kept = base
    # Each document's pairs, `code` < `code_b` (rows sorted by document, then code).
    kept = kept.select(["d", "code"]).sort_by([("d", "ascending"), ("code", "ascending")])
    dd = np.asarray(kept.column("d").to_numpy(), dtype=np.int64)
    kc = np.asarray(kept.column("code").to_numpy(), dtype=np.int64)
    left, right = _within(dd)
    doc_pairs = pa.table({"d": dd[left], "code": kc[left], "code_b": kc[right]})
    # Each sentence's pairs (distinct entities of the sentence), counted per document.
    sent = in_kept.group_by(["d", "s", "code"], use_threads=False).aggregate([])
    sent = sent.sort_by([("d", "ascending"), ("s", "ascending"), ("code", "ascending")])
    sd = np.asarray(sent.column("d").to_numpy(), dtype=np.int64)
    ss = np.asarray(sent.column("s").to_numpy(), dtype=np.int64)
    sc = np.asarray(sent.column("code").to_numpy(), dtype=np.int64)
    group = np.cumsum(np.r_[0, (np.diff(sd) != 0) | (np.diff(ss) != 0)]) if len(sd) else sd
    left, right = _within(group)
    sent_pairs = pa.table({"d": sd[left], "code": sc[left], "code_b": sc[right]})
    sent_pairs = sent_pairs.group_by(["d", "code", "code_b"], use_threads=False).aggregate([("d", "count", all_rows)])
    pairs = doc_pairs.join(sent_pairs, ["d", "code", "code_b"], join_type="left outer", use_threads=False)
    pairs = pairs.rename_columns([{"d_count": "s_count"}.get(c, c) for c in pairs.column_names])
    a, b = decode(pairs.column("code")), decode(pairs.column("code_b"))
    pairs = pa.table(
        {
            "d": pairs.column("d"),
            "rank_a": code_rank.take(a), "kind_a": code_kind.take(a), "entity_a": code_id.take(a),
            "rank_b": code_rank.take(b), "kind_b": code_kind.take(b), "entity_b": code_id.take(b),
            "sentences": pc.fill_null(pairs.column("s_count"), 0),
        }
    )
    out["pairs"] = pairs
    return {name: _shaped(rows, t[name]) for name, rows in out.items()}
