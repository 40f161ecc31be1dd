"""How near are the near-duplicates newsmill marked? For every document with a `duplicate_of`,
the Jaccard similarity of its word 3-shingles with its original's, grouped by how many SimHash
bits they differ in.

    python bench/duplicates_check.py OUT        # OUT: a newsmill output folder

Needs polars (tests/requirements.txt).
"""
import collections
import re
import sys

import polars as pl


def shingles(text):
    w = [x.lower() for x in re.findall(r"\w+", text)]
    return set(zip(w, w[1:], w[2:]))


def main(out):
    d = pl.read_parquet(f"{out}/documents/*.parquet" if __import__("os").path.isdir(f"{out}/documents") else f"{out}/documents.parquet")
    text = dict(zip(d["doc_id"], d["text"]))
    sim = dict(zip(d["doc_id"], d["simhash"]))
    dups = d.filter(pl.col("duplicate_of").is_not_null())
    by_bits = collections.defaultdict(list)
    for a, b in zip(dups["doc_id"], dups["duplicate_of"]):
        sa, sb = shingles(text[a]), shingles(text[b])
        by_bits[bin(sim[a] ^ sim[b]).count("1")].append(len(sa & sb) / max(1, len(sa | sb)))
    print(f"{len(d)} documents, {len(dups)} marked as near-duplicates")
    print("bits  pairs  jaccard<0.7  min   median")
    for k in sorted(by_bits):
        v = sorted(by_bits[k])
        print(f"{k:>4}  {len(v):>5}  {sum(x < 0.7 for x in v):>11}  {v[0]:.2f}  {v[len(v) // 2]:.2f}")


if __name__ == "__main__":
    main(sys.argv[1])
