#!/usr/bin/env python3
"""Linear time on hostile shapes (issue 17): runs `newsmill run` on one document of each shape at
two or more sizes and prints seconds and the ratio of times per doubling (about 2 is linear, about
4 quadratic). Shapes: a text with no sentence end, one name a million times, thousands of acronym
definitions. Wall time, so run it on a quiet machine; nothing here is asserted in tests.

Usage: linear.py [--newsmill BIN] [--sizes 0.4,0.8,1.6] [--work DIR]
(BIN defaults to $CARGO_TARGET_DIR/release/newsmill, else debug/newsmill.)
"""

import argparse
import os
import shutil
import subprocess
import time

SHAPES = {
    # An organization and a theme on one name, with no full stop: overlapping mentions once made
    # char offsets restart from byte 0 (quadratic).
    "no_sentence_end": "Bank of England £1.5bn Zürich “gold” inflation India ",
    "one_name_repeated": "Barclays ",
    "acronym_definitions": "the Foo Bar Holdings (FBH) and the Qux Zed Group (QZG) said FBH and QZG. ",
}


def main():
    ap = argparse.ArgumentParser()
    target = os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/newsmill/target"))
    default = os.path.join(target, "release", "newsmill")
    if not os.path.exists(default):
        default = os.path.join(target, "debug", "newsmill")
    ap.add_argument("--newsmill", default=default)
    ap.add_argument("--sizes", default="0.4,0.8,1.6", help="MB of text, comma-separated")
    ap.add_argument("--work", default="/tmp/newsmill-linear")
    ap.add_argument("--shapes", default=",".join(SHAPES))
    a = ap.parse_args()
    sizes = [float(x) for x in a.sizes.split(",")]
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(a.work)
    print(f"{a.newsmill}")
    print(f"{'shape':<22} {'MB':>6} {'seconds':>8} {'ratio':>6}")
    for shape in a.shapes.split(","):
        unit = SHAPES[shape]
        prev = None
        for mb in sizes:
            text = unit * max(1, int(mb * 1e6 / len(unit.encode())))
            path = os.path.join(a.work, f"{shape}-{mb}.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write("Title\n\n" + text)
            out = os.path.join(a.work, f"out-{shape}-{mb}")
            t0 = time.perf_counter()
            r = subprocess.run([a.newsmill, "run", path, "-o", out, "-q", "--threads", "1"], capture_output=True)
            secs = time.perf_counter() - t0
            if r.returncode not in (0, 3):
                print(f"{shape} {mb}: exit {r.returncode}: {r.stderr.decode()[:300]}")
            ratio = f"{secs / prev:.2f}" if prev else ""
            print(f"{shape:<22} {mb:>6} {secs:>8.2f} {ratio:>6}", flush=True)
            prev = secs


if __name__ == "__main__":
    main()
