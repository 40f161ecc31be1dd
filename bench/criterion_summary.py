#!/usr/bin/env python3
"""Summarises the criterion results of `cargo bench -p newsmill-tag --bench tag`: MB/s of each
benchmark of the group `tag` (median time of the last run) and the ratios the issue asks for.

    python3 bench/criterion_summary.py [CRITERION_DIR]

CRITERION_DIR defaults to $CARGO_TARGET_DIR/criterion (CARGO_TARGET_DIR defaulting to
~/.cache/newsmill/target). Standard library only.
"""
import json
import os
import sys

target = os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/newsmill/target"))
root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(target, "criterion")
group = os.path.join(root, "tag")
if not os.path.isdir(group):
    sys.exit(f"no criterion results in {group}: cargo bench -p newsmill-tag --bench tag")

results = {}
for name in sorted(os.listdir(group)):
    est = os.path.join(group, name, "new", "estimates.json")
    meta = os.path.join(group, name, "new", "benchmark.json")
    if not (os.path.isfile(est) and os.path.isfile(meta)):
        continue
    e, m = json.load(open(est)), json.load(open(meta))
    ns = e["median"]["point_estimate"]
    lo, hi = e["median"]["confidence_interval"]["lower_bound"], e["median"]["confidence_interval"]["upper_bound"]
    nbytes = (m.get("throughput") or {}).get("Bytes")
    if not nbytes:
        continue
    results[name] = (nbytes / 1e6 / (ns / 1e9), nbytes / 1e6 / (hi / 1e9), nbytes / 1e6 / (lo / 1e9), ns / 1e6)

print(f"{'benchmark':20} {'ms/iter':>9} {'MB/s':>8}  (95% CI of the median)")
for name, (mbs, lo, hi, ms) in results.items():
    print(f"{name:20} {ms:9.2f} {mbs:8.1f}  ({lo:.1f} - {hi:.1f})")
if "tag_document" in results and "bare_aho_corasick" in results:
    r = results["bare_aho_corasick"][0] / results["tag_document"][0]
    print(f"tag_document is {r:.2f}x the time of the bare aho-corasick pass (target: within 3x)")
if "matcher_scan" in results and "bare_aho_corasick" in results:
    r = results["bare_aho_corasick"][0] / results["matcher_scan"][0]
    print(f"matcher_scan (the stage's own automata) is {r:.2f}x the time of the bare pass")
if "tag_document" in results and "matcher_scan" in results:
    share = results["tag_document"][0] / results["matcher_scan"][0]
    print(f"the automata (matcher_scan) take {100 * share:.0f}% of tag_document's time")
