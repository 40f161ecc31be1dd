#!/usr/bin/env bash
# Soak (issue 17): runs `newsmill run` over real non-ASCII news, Reuters-21578 and a generated
# hostile corpus, and checks for each: no panic, no internal error, an exit code of 0 or 3, and
# records read = documents + rejects. Prints one line per corpus; exits 1 if any check fails.
#
#   bash bench/soak.sh                  # the debug binary of $CARGO_TARGET_DIR (build it first)
#   NEWSMILL=path/to/newsmill bash bench/soak.sh
#
# Environment:
#   NEWSMILL        the binary (default $CARGO_TARGET_DIR/debug/newsmill)
#   SHARED          the shared corpora (default /work/shared)
#   WORK            scratch folder (default /tmp/newsmill-soak); outputs and the hostile corpus
#   HOSTILE_DOCS    JSONL records of the hostile corpus (default 3000)
#   THREADS         --threads (default 2)
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
NEWSMILL="${NEWSMILL:-${CARGO_TARGET_DIR:-$HOME/.cache/newsmill/target}/debug/newsmill}"
SHARED="${SHARED:-/work/shared}"
WORK="${WORK:-/tmp/newsmill-soak}"
THREADS="${THREADS:-2}"
rm -rf "$WORK" && mkdir -p "$WORK"
python3 "$here/hostile_corpus.py" "$WORK/hostile" --docs "${HOSTILE_DOCS:-3000}" >/dev/null

# name | input | number of input records
corpora=(
  "worldwide_newswire_asia_africa|$SHARED/corpora/worldwide_newswire/worldwide_newswire_asia_africa.jsonl|$(grep -c . "$SHARED/corpora/worldwide_newswire/worldwide_newswire_asia_africa.jsonl")"
  "reuters21578|$SHARED/corpora/reuters21578/reuters21578.jsonl|$(grep -c . "$SHARED/corpora/reuters21578/reuters21578.jsonl")"
  "hostile|$WORK/hostile/input|$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['records'])" "$WORK/hostile/expected.json")"
)
failed=0
printf '%-32s %6s %8s %9s %8s %8s %6s %s\n' corpus exit records documents rejects internal secs check
for c in "${corpora[@]}"; do
  IFS='|' read -r name input records <<<"$c"
  out="$WORK/out-$name"
  start=$(date +%s.%N)
  "$NEWSMILL" run "$input" -o "$out" -q --threads "$THREADS" --report "$WORK/$name.json" 2>"$WORK/$name.stderr"
  code=$?
  secs=$(python3 -c "import sys;print(f'{float(sys.argv[2])-float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)")
  read -r docs rejects internal < <(python3 - "$WORK/$name.json" <<'PY'
import json, sys
try:
    r = json.load(open(sys.argv[1]))
except Exception:
    print("? ? ?"); sys.exit()
c = r.get("counts", {})
print(c.get("documents", "?"), c.get("rejects", "?"), r.get("rejects_by_reason", {}).get("internal_error", 0))
PY
)
  check=ok
  if grep -qE "panicked|internal error" "$WORK/$name.stderr"; then check="panic (see $WORK/$name.stderr)"; fi
  if [[ "$code" != 0 && "$code" != 3 ]]; then check="exit $code (see $WORK/$name.stderr)"; fi
  if [[ "$docs" == "?" || $((docs + rejects)) -ne "$records" ]]; then check="${check}; read $records != $docs + $rejects"; fi
  [[ "$check" == ok ]] || failed=1
  printf '%-32s %6s %8s %9s %8s %8s %6s %s\n' "$name" "$code" "$records" "$docs" "$rejects" "$internal" "$secs" "$check"
done
exit $failed
