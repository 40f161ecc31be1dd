"""Variants of the top-level subject score on the hand-labelled desks (issue 20), without a rebuild.

A copy in Python of the score `newsmill_core::salience` gives a top level (title 2 + lead 1 + 8 x
mass + 1 x spread, each mention weighed by its place) over the theme mentions of a `newsmill run`,
then the same score with each mention weighed otherwise. Prints top-1 (the first top level is the
desk's) per variant; `v0` is the score as built and must equal `newsmill eval themes`' top-1.

    python bench/theme_score_variants.py NEWSMILL \\
        ../shared/corpora/worldwide_newswire/worldwide_newswire_asia_africa.jsonl \\
        data/eval/desk_labels_tune.jsonl

Variants: `surfdecayX` (each further mention of the same trigger word weighs X times the one
before), `surfsqrt` (1 / sqrt of the word's mentions), `themedecayX` (the same per theme), `depth`
(depth / 2, at most 2), `idfX` / `sidfX` (log(N / df) of the theme / the trigger word to the power X,
df over the corpus's articles in neither labelled part). Needs polars.
"""

import collections
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

import polars as pl

VARIANTS = ["v0", "surfdecay0.9", "surfdecay0.8", "surfdecay0.6", "surfsqrt", "themedecay0.9",
            "themedecay0.8", "depth", "idf1", "idf0.5", "idf2", "sidf1", "sidf0.5"]


def main(newsmill: str, corpus: str, gold: str) -> None:
    root = Path(__file__).resolve().parent.parent
    labelled = set()
    for part in ("tune", "check"):
        for line in open(root / f"data/eval/desk_labels_{part}.jsonl"):
            labelled.add(json.loads(line)["doc_id"])
    gold_rows = [json.loads(line) for line in open(gold)]
    wanted = {g["doc_id"] for g in gold_rows}
    tmp = Path(tempfile.mkdtemp())
    with open(tmp / "gold.jsonl", "w") as g, open(tmp / "rest.jsonl", "w") as r:
        for line in open(corpus):
            d = json.loads(line)
            row = json.dumps({"doc_id": d["doc_id"], "text": d["text"]}) + "\n"
            if d["doc_id"] in wanted:
                g.write(row)
            elif d["doc_id"] not in labelled:
                r.write(row)
    for name in ("gold", "rest"):
        subprocess.run([newsmill, "run", str(tmp / f"{name}.jsonl"), "-o", str(tmp / name), "-q"],
                       check=True)
    parent, desk_of = {}, {}
    for line in open(root / "data/themes/themes.tsv"):
        f = line.rstrip("\n").split("\t")
        if f[0] == "id":
            continue
        parent[f[0]] = f[2]
        if not f[2] and f[3].startswith("medtop"):
            desk_of[f[3]] = f[0]

    def chain(t):
        c = [t]
        while parent.get(c[-1]):
            c.append(parent[c[-1]])
        return c

    def themes(out):
        m = pl.read_parquet(out / "mentions.parquet").filter(pl.col("kind") == "theme")
        return m.with_columns(pl.col("surface").str.to_lowercase())

    rest = themes(tmp / "rest")
    n_rest = rest["doc_id"].n_unique()
    df_theme = dict(rest.group_by("entity_id").agg(pl.col("doc_id").n_unique()).iter_rows())
    df_word = dict(rest.group_by("surface").agg(pl.col("doc_id").n_unique()).iter_rows())
    docs = collections.defaultdict(list)
    for d, s, e, w in themes(tmp / "gold").select("doc_id", "sentence_id", "entity_id",
                                                   "surface").iter_rows():
        docs[d].append((None if s < 0 else s, e, w))

    def place(s):
        return 1 / (1 + (s or 0) / 10)

    def top_level(ms, variant):
        words = collections.Counter(w for _, _, w in ms)
        seen_w, seen_t = collections.Counter(), collections.Counter()
        ev = collections.defaultdict(lambda: {"title": False, "first": None, "last": None, "w": 0.0})
        plain = sum(place(s) for s, _, _ in ms) or 1e-9
        extent = max([s for s, _, _ in ms if s is not None], default=0) + 1
        for s, e, w in ms:
            c = chain(e)
            x = place(s)
            seen_w[w] += 1
            seen_t[e] += 1
            if variant == "depth":
                x *= min(len(c), 4) / 2
            elif variant == "surfsqrt":
                x /= math.sqrt(words[w])
            elif variant.startswith("surfdecay"):
                x *= float(variant[9:]) ** (seen_w[w] - 1)
            elif variant.startswith("themedecay"):
                x *= float(variant[10:]) ** (seen_t[e] - 1)
            elif variant.startswith("idf"):
                x *= math.log((n_rest + 1) / (df_theme.get(e, 0) + 1)) ** float(variant[3:])
            elif variant.startswith("sidf"):
                x *= math.log((n_rest + 1) / (df_word.get(w, 0) + 1)) ** float(variant[4:])
            r = ev[c[-1]]
            r["w"] += x
            if s is None:
                r["title"] = True
            else:
                r["first"] = s if r["first"] is None else min(r["first"], s)
                r["last"] = s if r["last"] is None else max(r["last"], s)
        total = plain if variant == "v0" else (sum(r["w"] for r in ev.values()) or 1e-9)
        score = {}
        for t, r in ev.items():
            v = 2.0 * r["title"] + (1.0 if r["first"] is not None and r["first"] < 3 else 0.0)
            v += 8 * r["w"] / total
            if r["first"] is not None:
                v += (r["last"] - r["first"] + 1) / extent
            score[t] = v
        return max(score, key=lambda k: (score[k], k)) if score else None

    for variant in VARIANTS:
        hits = sum(top_level(docs.get(g["doc_id"], []), variant) == desk_of[g["labels"][0]]
                   for g in gold_rows)
        print(f"{variant:14s} top-1 {hits / len(gold_rows):.3f} ({hits}/{len(gold_rows)})")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
