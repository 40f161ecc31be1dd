#!/usr/bin/env python3
"""Shares of a `newsmill run` by stage, from a perf profile with call graphs (issue 23).

    perf record -F 499 --call-graph dwarf,16384 -o run.data taskset -c 0 \\
        newsmill run CORPUS -c CONFIG --threads 1 -q -o OUT
    perf script -i run.data -F tid,ip,sym > run.txt      # minutes: perf unwinds every sample
    python3 bench/perf_breakdown.py run.txt [--other]

Each sample goes to the category of the innermost frame of its stack that names one (so the
recognizer's inference inside the tag stage counts as the recognizer, zstd inside a table write
as Parquet). Samples whose stack perf could not unwind past a libc function (malloc, free,
memcmp, memcpy) have no caller and are shown as `libc, caller unknown`; `--other` lists the
most frequent of them. Standard library only.
"""
import collections
import re
import sys

# (category, pattern on a frame's symbol); the order only matters for a frame matching two.
CATEGORIES = [
    ("g start-up", r"Automata::build|Workers::build|Tagger::new|builtin::dictionary|OnceLock<T>::initialize|Regex::new|Ranker::builtin|_dl_|dl_main"),
    ("d1 recognizer inference", r"ner::Model::recognize|ner::infer::|ner::greedy|ner::tokenize"),
    ("f row building + Parquet + zstd", r"TableWriter::|write_table|ArrowWriter|MentionRows|MentionChunks|newsmill_tag::rows::|ZSTD_|zstd|parquet::"),
    ("d2 recognizer post-processing", r"recognized_names|ner::filter::|ner::settle::|ner::bounds::|ner::link::|ner::persons|ner::products|drop_offices|drop_other_kinds|extend_over_places"),
    ("b split", r"newsmill_split::"),
    ("e aggregation", r"newsmill_aggregate::|aggregate_check|salience|subject::|write_aggregates|polars"),
    ("c tag stage without the recognizer", r"newsmill_tag::|tag_rows|tag_titled"),
    ("a reading + JSON + documents", r"newsmill_ingest::|serde_json|DocStream|JsonLines|sha2|simhash"),
]
LIBC = re.compile(r"malloc|free|memcmp|memcpy|memmove|memset|realloc|unlink_chunk|tcache|_int_")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if not args:
        sys.exit(__doc__)
    cats = [(n, re.compile(p)) for n, p in CATEGORIES]
    counts, unknown = collections.Counter(), collections.Counter()
    total = 0
    for block in open(args[0], encoding="utf-8", errors="replace").read().split("\n\n"):
        lines = [l for l in block.strip().split("\n") if l.strip()]
        if len(lines) < 2:
            continue
        total += 1
        frames = [l.strip().split(None, 1)[1] if len(l.strip().split(None, 1)) > 1 else "" for l in lines[1:]]
        cat = next((n for f in frames for n, p in cats if p.search(f)), None)
        if cat is None:
            cat = "libc, caller unknown" if LIBC.search(frames[0]) else "other"
            unknown[" <- ".join(f[:60] for f in frames[:3])] += 1
        counts[cat] += 1
    print(f"{total} samples")
    for name, n in sorted(counts.items()):
        print(f"{100 * n / max(total, 1):6.1f}%  {n:6d}  {name}")
    if "--other" in sys.argv:
        for k, n in unknown.most_common(15):
            print(f"   {n:5d}  {k}")


if __name__ == "__main__":
    main()
