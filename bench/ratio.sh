#!/usr/bin/env bash
# End-to-end speed of `newsmill run` as a share of one bare scan of the same text (issue 23).
#
#   bash bench/ratio.sh                       # 5 alternating runs each, one core, release binary
#   RUNS=3 NEWSMILL=/path/to/newsmill bash bench/ratio.sh
#
# The bar is one `grep -F -w -o` pass over the text newsmill reads from Reuters-21578 (title,
# dateline and body of every story), with newsmill's own organization and country names as
# patterns: every name and alias of data/organizations/*.tsv, every alias of
# data/countries/{aliases,aliases_mledoze}.tsv and every name of data/countries/countries.tsv.
# grep writes its matches to a file: GNU grep stops at the first match when its output is
# /dev/null, which would not be a scan.
#
# Both run pinned to one core (taskset -c 0), alternating, so the machine's noise hits both
# alike; the figures are the medians. The ratio is grep's wall time over newsmill's (the same
# bytes, so it is the ratio of throughputs); 1.0 would be newsmill as fast as the bare scan.
# newsmill runs with configs/reuters21578.toml and --threads 1, everything on (the recognizer too).
#
# Environment:
#   RUNS=5                  runs of each
#   CARGO_TARGET_DIR        default $HOME/.cache/newsmill/target
#   NEWSMILL                the binary (default $CARGO_TARGET_DIR/release/newsmill)
#   CORPUS                  default ../shared/corpora/reuters21578/reuters21578.jsonl
#   WORK=/tmp/newsmill-ratio  scratch folder
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${RUNS:-5}"
CORPUS="${CORPUS:-$ROOT/../shared/corpora/reuters21578/reuters21578.jsonl}"
CONFIG="$ROOT/configs/reuters21578.toml"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/newsmill/target}"
BIN="${NEWSMILL:-$CARGO_TARGET_DIR/release/newsmill}"
WORK="${WORK:-/tmp/newsmill-ratio}"
mkdir -p "$WORK"

[ -f "$CORPUS" ] || { echo "ratio: no corpus at $CORPUS (../shared missing?)" >&2; exit 2; }
[ -x "$BIN" ] || { echo "ratio: no binary at $BIN (cargo build --release -p newsmill)" >&2; exit 2; }

# The text grep scans, and the patterns.
python3 - "$CORPUS" "$WORK/text.txt" "$WORK/patterns.txt" "$ROOT/data" <<'EOF'
import csv, glob, json, os, sys
corpus, text_path, pat_path, data = sys.argv[1:5]
n = 0
with open(corpus, encoding="utf-8") as f, open(text_path, "w", encoding="utf-8") as out:
    for line in f:
        if not line.strip():
            continue
        d = json.loads(line)
        parts = [d.get("title") or "", (d.get("dateline") or "") + " " + (d.get("body") or "")]
        t = "\n".join(parts) + "\n"
        n += len(t.encode("utf-8"))
        out.write(t)
names = set()
def rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
for path in glob.glob(os.path.join(data, "organizations", "*.tsv")):
    for r in rows(path):
        if "name" not in r:
            continue  # reuters_orgs.tsv maps codes to ids: no names
        names.add(r["name"])
        names.update(a for a in (r.get("aliases") or "").split("|"))
for name in ("aliases.tsv", "aliases_mledoze.tsv"):
    for r in rows(os.path.join(data, "countries", name)):
        names.add(r["alias"])
for r in rows(os.path.join(data, "countries", "countries.tsv")):
    names.add(r["name"])
names = sorted(n.strip() for n in names if n and n.strip())
with open(pat_path, "w", encoding="utf-8") as f:
    f.write("\n".join(names) + "\n")
print(f"ratio: {n / 1e6:.1f} MB of text, {len(names)} patterns", file=sys.stderr)
EOF

TEXT_BYTES=$(stat -c %s "$WORK/text.txt")
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
now() { date +%s.%N; }

: > "$WORK/grep.s"
: > "$WORK/newsmill.s"
for i in $(seq 1 "$RUNS"); do
    t0=$(now)
    taskset -c 0 grep -F -w -o -f "$WORK/patterns.txt" "$WORK/text.txt" > "$WORK/grep.out" || true
    t1=$(now)
    echo "$t1 - $t0" | bc -l >> "$WORK/grep.s"
    rm -rf "$WORK/out"
    t0=$(now)
    rc=0
    taskset -c 0 "$BIN" run "$CORPUS" -c "$CONFIG" --threads 1 -q -o "$WORK/out" > /dev/null 2> "$WORK/stderr.txt" || rc=$?
    t1=$(now)
    # 3 is success with rejects (Reuters has stories without a body).
    if [ "$rc" != 0 ] && [ "$rc" != 3 ]; then
        echo "ratio: newsmill exited $rc:" >&2
        cat "$WORK/stderr.txt" >&2
        exit 1
    fi
    echo "$t1 - $t0" | bc -l >> "$WORK/newsmill.s"
    printf 'run %d: grep %.2f s, newsmill %.2f s\n' "$i" "$(tail -1 "$WORK/grep.s")" "$(tail -1 "$WORK/newsmill.s")"
done

G=$(median < "$WORK/grep.s")
N=$(median < "$WORK/newsmill.s")
MATCHES=$(wc -l < "$WORK/grep.out")
python3 - "$TEXT_BYTES" "$G" "$N" "$MATCHES" <<'EOF'
import sys
b, g, n, m = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
print(f"text: {b / 1e6:.1f} MB; grep -F -w -o: {g:.2f} s ({b / 1e6 / g:.1f} MB/s, {m} matches); "
      f"newsmill run --threads 1: {n:.2f} s ({b / 1e6 / n:.1f} MB/s)")
print(f"ratio newsmill/grep throughput: {g / n:.3f} (target 0.25, stretch 0.5)")
EOF
