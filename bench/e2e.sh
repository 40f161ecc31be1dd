#!/usr/bin/env bash
# End-to-end benchmark of `newsmill run` (issue 9). Run from anywhere; nothing is committed or kept
# in the repository (all output goes under $WORK, default /tmp/newsmill-e2e).
#
#   bash bench/e2e.sh                 # build, 5 runs each at --threads 1 and 2 on Reuters-21578,
#                                     # then one run on a >= 1 GiB corpus made from it on the fly
#   RUNS=3 BIG=0 bash bench/e2e.sh    # fewer runs, no big corpus
#
# Environment:
#   RUNS=5            runs per thread count (1 and 2 alternate, so noise hits both alike)
#   THREADS="1 2"     thread counts to measure: a run with N threads is pinned to N cores
#                     (taskset -c 0..N-1), since newsmill's reader and writer threads overlap
#                     the N workers and would otherwise use a core that the count does not show
#   BIG=1             also run on the big corpus (0: skip)
#   BIG_COPIES=43     copies of the 25 MB JSONL in the big corpus (43 copies: 1.08 GB)
#   BIG_THREADS=2     --threads of the big run
#   BUILD=1           cargo build --release -p newsmill first (0: use the binary as it is)
#   CARGO_TARGET_DIR  default $HOME/.cache/newsmill/target; the binary is $CARGO_TARGET_DIR/release/newsmill
#   NEWSMILL          the binary to measure (default $CARGO_TARGET_DIR/release/newsmill)
#   WORK=/tmp/newsmill-e2e   scratch folder (outputs, the big corpus, the measurements)
#
# Measures wall time and peak RSS with /usr/bin/time -v (apt-get install -y time) and reads the
# text bytes and document count from each run's manifest.json. MB are 10^6 bytes of article text
# (not of JSONL); words are whitespace-separated tokens of the text (dateline + body), counted once
# with Python. Prints one line per run, then medians, MB/s per core and the 2/1-thread speed-up.
# "start-up s" is the manifest's timings_seconds.build: loading and checking the dictionaries, once
# per process (included in the wall time). The automata are compiled on a thread of their own
# while the input is read; the first batch waits for them, so their cost is in the wall time too.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CORPUS="${CORPUS:-$ROOT/../shared/corpora/reuters21578/reuters21578.jsonl}"
CONFIG="${CONFIG:-$ROOT/configs/reuters21578.toml}"
RUNS="${RUNS:-5}"
THREADS="${THREADS:-1 2}"
BIG="${BIG:-1}"
BIG_COPIES="${BIG_COPIES:-43}"
BIG_THREADS="${BIG_THREADS:-2}"
BUILD="${BUILD:-1}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/newsmill/target}"
BIN="${NEWSMILL:-$CARGO_TARGET_DIR/release/newsmill}"
WORK="${WORK:-/tmp/newsmill-e2e}"
mkdir -p "$WORK"

[ -f "$CORPUS" ] || { echo "e2e: no corpus at $CORPUS (../shared missing?)" >&2; exit 2; }
if [ ! -x /usr/bin/time ]; then
    echo "e2e: /usr/bin/time is missing: apt-get install -y time" >&2
    exit 2
fi
if [ "$BUILD" = 1 ]; then
    cargo build --release -p newsmill
fi
[ -x "$BIN" ] || { echo "e2e: no binary at $BIN" >&2; exit 2; }

# Words of the corpus text (dateline + body, as configs/reuters21578.toml joins them).
WORDS=$(python3 - "$CORPUS" <<'EOF'
import json, sys
n = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        if line.strip():
            d = json.loads(line)
            n += len(((d.get("dateline") or "") + " " + (d.get("body") or "")).split())
print(n)
EOF
)

RESULTS="$WORK/results.tsv"
printf 'corpus\tthreads\trun\twall_s\tpeak_rss_kb\ttext_bytes\tdocuments\twords\tstartup_s\n' > "$RESULTS"

# one_run LABEL INPUT THREADS RUN WORDS
one_run() {
    local label="$1" input="$2" threads="$3" run="$4" words="$5"
    local out="$WORK/out-$label-j$threads" tfile="$WORK/time.txt" rc=0
    rm -rf "$out"
    local cores
    cores=$(seq -s, 0 $((threads - 1)))
    /usr/bin/time -v -o "$tfile" taskset -c "$cores" "$BIN" run "$input" -c "$CONFIG" --threads "$threads" -q -o "$out" \
        > /dev/null 2> "$WORK/stderr-$label-j$threads.txt" || rc=$?
    # 3 = success with rejected records
    if [ "$rc" != 0 ] && [ "$rc" != 3 ]; then
        echo "e2e: newsmill run failed ($rc); see $WORK/stderr-$label-j$threads.txt" >&2
        exit 1
    fi
    python3 - "$tfile" "$out/manifest.json" "$label" "$threads" "$run" "$words" >> "$RESULTS" <<'EOF'
import json, sys
tfile, manifest, label, threads, run, words = sys.argv[1:]
wall = rss = None
for line in open(tfile):
    line = line.strip()
    if line.startswith("Elapsed (wall clock) time"):
        parts = line.rsplit(" ", 1)[1].split(":")
        wall = sum(float(p) * 60 ** i for i, p in enumerate(reversed(parts)))
    elif line.startswith("Maximum resident set size"):
        rss = int(line.rsplit(" ", 1)[1])
m = json.load(open(manifest))
build = m.get("timings_seconds", {}).get("build", 0.0)
print(f"{label}\t{threads}\t{run}\t{wall:.3f}\t{rss}\t{m['text_bytes']}\t{m['counts']['documents']}\t{words}\t{build:.3f}")
EOF
    tail -n 1 "$RESULTS" | awk -F'\t' '{printf "  %-8s threads=%s run=%s  %7.2f s  %6.1f MB/s  peak RSS %6.0f MiB\n", $1, $2, $3, $4, $6/1e6/$4, $5/1024}'
    rm -rf "$out"
}

echo "== Reuters-21578 ($(du -h "$CORPUS" | cut -f1) JSONL, $WORDS words), $RUNS runs per thread count: $BIN"
for r in $(seq 1 "$RUNS"); do
    for t in $THREADS; do
        one_run reuters "$CORPUS" "$t" "$r" "$WORDS"
    done
done

if [ "$BIG" = 1 ]; then
    BIGFILE="$WORK/reuters-x$BIG_COPIES.jsonl"
    if [ ! -s "$BIGFILE" ]; then
        echo "== making $BIGFILE ($BIG_COPIES copies, newid made unique per copy)"
        python3 - "$CORPUS" "$BIGFILE" "$BIG_COPIES" <<'EOF'
import json, sys
src, dst, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = [json.loads(l) for l in open(src, encoding="utf-8") if l.strip()]
with open(dst + ".tmp", "w", encoding="utf-8") as f:
    for c in range(copies):
        for d in lines:
            d = dict(d, newid=c * 1_000_000 + d["newid"])
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
import os
os.replace(dst + ".tmp", dst)
EOF
    fi
    # The copies are near-duplicates of each other (documents.duplicate_of): count them all in the
    # aggregates, so that the aggregation does the work of a corpus of distinct stories.
    BIGCONFIG="$WORK/big.toml"
    { cat "$CONFIG"; printf '\n[aggregate]\nduplicates = "include"\n'; } > "$BIGCONFIG"
    echo "== big corpus: $(du -h "$BIGFILE" | cut -f1), --threads $BIG_THREADS, 1 run (aggregate.duplicates = include)"
    CONFIG="$BIGCONFIG" one_run big "$BIGFILE" "$BIG_THREADS" 1 $((WORDS * BIG_COPIES))
fi

echo "== summary (medians; MB = 10^6 bytes of text; wall time includes start-up and the aggregates)"
python3 - "$RESULTS" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
def med(xs): return statistics.median(xs)
by = {}
for r in rows:
    by.setdefault((r["corpus"], int(r["threads"])), []).append(r)
mbs = {}
print(f"{'corpus':8} {'threads':>7} {'runs':>4} {'wall s':>8} {'start-up s':>10} {'MB/s':>7} {'MB/s/core':>9} {'docs/s':>8} {'words/s':>10} {'peak RSS MiB':>12}")
for (c, t), rs in sorted(by.items()):
    wall = med([float(r["wall_s"]) for r in rs])
    b, d, w = (int(rs[0][k]) for k in ("text_bytes", "documents", "words"))
    rss = max(int(r["peak_rss_kb"]) for r in rs) / 1024
    mbs[(c, t)] = [int(r["text_bytes"]) / 1e6 / float(r["wall_s"]) for r in rs]
    m = med(mbs[(c, t)])
    su = med([float(r["startup_s"]) for r in rs])
    print(f"{c:8} {t:7d} {len(rs):4d} {wall:8.2f} {su:10.2f} {m:7.1f} {m / t:9.1f} {d / wall:8.0f} {w / wall:10.0f} {rss:12.0f}")
if ("reuters", 1) in by and ("reuters", 2) in by:
    # speed-up per run pair (runs alternate), then the median
    pairs = [b / a for a, b in zip(mbs[("reuters", 1)], mbs[("reuters", 2)])]
    print(f"speed-up 1 -> 2 threads: median {med(pairs):.2f}x (per run: {', '.join(f'{p:.2f}' for p in pairs)})")
EOF
echo "raw measurements: $RESULTS"
