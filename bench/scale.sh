#!/usr/bin/env bash
# Scaling checks (issue 25): time and peak memory of `newsmill run` at several sizes of one
# shape of input, on one core. Benchmarks, not tests: run on demand.
#
#   bash bench/scale.sh huge 25 100          # one document of N MB (Reuters-21578 text, repeated)
#   bash bench/scale.sh tiny 100000 1000000  # N tiny documents (one short sentence each)
#   bash bench/scale.sh bomb 1024            # a .txt.gz of N MB of zeros (a gzip bomb)
#
# Prints per size: wall seconds, CPU seconds (user + sys), peak RSS (MiB, /usr/bin/time -v),
# the exit code and the documents / rejects / co-occurrence rows of the output's manifest.
# Knobs: BIN (default target/release/newsmill under $CARGO_TARGET_DIR or ./target), THREADS (1),
# WORK (/tmp/newsmill-scale), TIMEOUT seconds per run (900), EXTRA (more newsmill options).
set -euo pipefail
shape=${1:?usage: scale.sh huge|tiny|bomb SIZE...}
shift
here=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-${CARGO_TARGET_DIR:-$here/target}/release/newsmill}
THREADS=${THREADS:-1}
WORK=${WORK:-/tmp/newsmill-scale}
TIMEOUT=${TIMEOUT:-900}
EXTRA=${EXTRA:-}
# ../shared beside the main checkout (also when this is a git worktree elsewhere).
main=$(cd "$here" && dirname "$(realpath "$(git rev-parse --git-common-dir 2>/dev/null || echo .git)")")
REUTERS=${REUTERS:-$main/../shared/corpora/reuters21578/reuters21578.jsonl}
[ -x "$BIN" ] || { echo "no binary at $BIN (cargo build --release -p newsmill)"; exit 2; }
mkdir -p "$WORK"

make_input() { # shape size -> path
  local shape=$1 n=$2
  case $shape in
    huge)
      local p=$WORK/huge-$n.txt
      [ -f "$p" ] || python3 - "$REUTERS" "$n" "$p" <<'PY'
import json, sys
src, mb, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
bodies = [json.loads(l).get("body") or "" for l in open(src, encoding="utf-8")]
want, size = mb * 1_000_000, 0
with open(out, "w", encoding="utf-8") as f:
    f.write("One huge document\n")
    while size < want:
        for b in bodies:
            if size >= want:
                break
            f.write(b + "\n\n")
            size += len(b.encode()) + 2
PY
      echo "$p" ;;
    tiny)
      local p=$WORK/tiny-$n.jsonl
      [ -f "$p" ] || python3 - "$n" "$p" <<'PY'
import json, sys
n, out = int(sys.argv[1]), sys.argv[2]
words = ["oil", "wheat", "bank", "rates", "gold", "steel", "ships", "coffee", "sugar", "bonds"]
with open(out, "w") as f:
    for i in range(n):
        w = words[i % 10]; v = words[(i // 10) % 10]
        f.write(json.dumps({"id": f"t{i}", "date": "2025-03-04",
                            "text": f"Note {i}: {w} and {v} prices moved on day {i % 365}."}) + "\n")
PY
      echo "$p" ;;
    bomb)
      local p=$WORK/bomb-$n.txt.gz
      [ -f "$p" ] || head -c "$((n * 1000000))" /dev/zero | gzip -1 > "$p"
      echo "$p" ;;
    *) echo "unknown shape $shape" >&2; exit 2 ;;
  esac
}

printf '%-6s %10s %8s %8s %9s %4s %10s %8s %12s\n' shape size wall_s cpu_s rss_MiB exit documents rejects cooccurrence
for n in "$@"; do
  input=$(make_input "$shape" "$n")
  out=$WORK/out-$shape-$n
  rm -rf "$out"
  log=$WORK/time-$shape-$n.txt
  set +e
  # shellcheck disable=SC2086
  /usr/bin/time -v timeout "$TIMEOUT" "$BIN" run "$input" -o "$out" -q --threads "$THREADS" $EXTRA 2> "$log"
  code=$?
  set -e
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$log")
  cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u+s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  counts=$(python3 -c '
import json, sys
try:
    c = json.load(open(sys.argv[1] + "/manifest.json"))["counts"]
    print(c.get("documents", 0), c.get("rejects", 0), c.get("cooccurrence", 0))
except Exception:
    print("- - -")' "$out")
  # shellcheck disable=SC2086
  printf '%-6s %10s %8s %8s %9s %4s %10s %8s %12s\n' "$shape" "$n" "$wall" "$cpu" "$rss" "$code" $counts
done
