"""Figures of the Python package: import time, wheel size, and newsmill.tag() on a polars
DataFrame of the Reuters-21578 stories against the command line on the same text.

Run it with the Python where the (release) wheel is installed, and the release CLI:

    python bench/python_bench.py --cli target/release/newsmill --wheel dist/newsmill-*.whl \
        --reuters ../shared/corpora/reuters21578/reuters21578.jsonl

Reuters-21578 (../shared/corpora/reuters21578/reuters21578.jsonl, or --reuters PATH): the text of
a story is its dateline followed by its body. The same texts go to both sides: a JSONL file for
the CLI (`newsmill run FILE -o OUT`), a polars DataFrame for `newsmill.tag(df, aggregate=True)`
(the same rows and aggregates, nothing written). Throughput is text MB per second of wall time
for the work itself: the engine is built before the timing on the Python side, and the CLI's
own `build` timing (dictionaries, automata) is subtracted from its `total`. Both sides check
that they found the same mentions.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_REUTERS = HERE.parent.parent / "shared" / "corpora" / "reuters21578" / "reuters21578.jsonl"


def import_seconds(runs: int, module: str) -> float:
    """Median wall time of `import module` in a fresh interpreter."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    times = [
        float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)
        for _ in range(runs)
    ]
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--cli",
        help="the newsmill binary (release) to compare with; without it, newsmill.run() of the "
        "same wheel (Engine::run, the function the binary calls) stands for it",
    )
    ap.add_argument("--wheel", help="the wheel whose size to report")
    ap.add_argument("--reuters", default=str(DEFAULT_REUTERS))
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--runs", type=int, default=3, help="timed runs of each side (the median is kept)")
    ap.add_argument("--limit", type=int, help="only the first N stories (to try the script quickly)")
    args = ap.parse_args()

    import polars as pl

    import newsmill

    out = {"python": sys.version.split()[0], "threads": args.threads}
    out["import_newsmill_s"] = round(import_seconds(5, "newsmill"), 3)
    out["import_polars_s"] = round(import_seconds(5, "polars"), 3)
    if args.wheel:
        out["wheel_mb"] = round(Path(args.wheel).stat().st_size / 1e6, 1)

    stories = pl.read_ndjson(args.reuters).select(
        pl.col("newid").cast(pl.String).alias("id"),
        (pl.col("dateline").fill_null("") + pl.col("body").fill_null("")).alias("text"),
    )
    if args.limit:
        stories = stories.head(args.limit)
    text_bytes = int(stories["text"].str.len_bytes().sum())
    out["documents"] = stories.height
    out["text_mb"] = round(text_bytes / 1e6, 2)

    with tempfile.TemporaryDirectory(prefix="newsmill-bench-") as tmp:
        jsonl = Path(tmp) / "reuters.jsonl"
        stories.write_ndjson(jsonl)
        cli_secs, cli_wall = [], []
        engine = newsmill.Engine()
        for i in range(args.runs):
            dest = Path(tmp) / f"cli{i}"
            report = Path(tmp) / f"report{i}.json"
            t = time.perf_counter()
            if args.cli:
                cmd = [args.cli, "run", str(jsonl), "-o", str(dest), "-q", "-j", str(args.threads)]
                subprocess.run(cmd + ["--report", str(report)], check=False)
                timings = json.loads(report.read_text())["timings_seconds"]
            else:
                timings = engine.run(jsonl, out=dest, threads=args.threads).report["timings_seconds"]
            cli_wall.append(time.perf_counter() - t)
            cli_secs.append(timings["total"] - timings.get("build", 0.0))
        out["cli"] = args.cli or "newsmill.run() (Engine::run in the same wheel)"
        mentions_path = dest / "mentions.parquet"
        cli_mentions = (
            pl.read_parquet(mentions_path)
            if mentions_path.is_file()
            else pl.read_parquet(sorted((dest / "mentions").glob("*.parquet")))
        )

        py_secs = []
        for _ in range(args.runs):
            t = time.perf_counter()
            r = engine.tag(stories, threads=args.threads, aggregate=True)
            py_secs.append(time.perf_counter() - t)
        rows_secs = []
        for _ in range(args.runs):
            t = time.perf_counter()
            engine.tag(stories, threads=args.threads)
            rows_secs.append(time.perf_counter() - t)

    cli = statistics.median(cli_secs)
    py = statistics.median(py_secs)
    out["cli_run_s"] = round(cli, 3)
    out["cli_wall_s"] = round(statistics.median(cli_wall), 3)
    out["tag_aggregate_s"] = round(py, 3)
    out["tag_rows_only_s"] = round(statistics.median(rows_secs), 3)
    out["cli_mb_per_s"] = round(text_bytes / 1e6 / cli, 2)
    out["tag_aggregate_mb_per_s"] = round(text_bytes / 1e6 / py, 2)
    out["tag_vs_cli"] = round(cli / py, 3)
    out["same_mentions"] = r.mentions.equals(cli_mentions)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
