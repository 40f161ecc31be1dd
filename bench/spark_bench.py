"""Throughput of newsmill on Spark (local mode) against the command line, on one corpus.

    python bench/spark_bench.py --cli target/release/newsmill \\
        --corpus ../shared/corpora/reuters21578/reuters21578.jsonl --cores 2

Runs `newsmill run CORPUS -o TMP -j CORES` (wall time, the engine's build included), then in a
Spark session `local[CORES]` (its start excluded) newsmill.spark.tag and write over the same
file (reading, tagging, run-order passes, aggregates and writing every table), and prints both
throughputs (documents per second) and their ratio as JSON. The JSON schema is given to Spark
(inferred from the first lines before the timer) unless `--infer-schema`. The Spark side uses the newsmill
package installed in this python (build it in release mode for figures: the lead's release wheel,
or `pip install ./python`). Checks that both wrote the same number of rows per table.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


#: Lines of the corpus the JSON schema is inferred from, before the timer (all Reuters-21578
#: records have the same fields; a real job names its schema).
SCHEMA_LINES = 1000


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--cli", required=True, help="the newsmill binary (a release build)")
    p.add_argument("--corpus", required=True, help="a JSON lines file of articles")
    p.add_argument("--cores", type=int, default=2)
    p.add_argument("--repeat", type=int, default=1, help="Spark runs (the best is kept)")
    p.add_argument("--skip-cli", action="store_true", help="Spark only (no ratio, no row check)")
    p.add_argument(
        "--profile", action="store_true", help="print each Spark job's and stage's time (event log)"
    )
    p.add_argument(
        "--infer-schema",
        action="store_true",
        help="let Spark infer the JSON schema in the timed run (a full read of the corpus); by "
        "default the schema is given, inferred from the first lines before the timer, as a "
        "production job would give it",
    )
    p.add_argument(
        "--aggregate-partitions",
        type=int,
        default=None,
        help="buckets of the aggregate tables' final step (newsmill.spark.tag's "
        "aggregate_partitions); by default tag's default",
    )
    a = p.parse_args()
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    tmp = tempfile.mkdtemp(prefix="newsmill-spark-bench-")
    try:
        cli_s, cli_counts = None, None
        if not a.skip_cli:
            t = time.perf_counter()
            done = subprocess.run([a.cli, "run", a.corpus, "-o", f"{tmp}/cli", "-q", "-j", str(a.cores)])
            cli_s = time.perf_counter() - t
            if done.returncode not in (0, 3):
                raise SystemExit(f"newsmill run failed ({done.returncode})")
            with open(f"{tmp}/cli/manifest.json", encoding="utf-8") as f:
                cli_counts = json.load(f)["counts"]

        from pyspark.sql import SparkSession

        t = time.perf_counter()
        builder = (
            SparkSession.builder.master(f"local[{a.cores}]")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", str(2 * a.cores))
            # The call sites of DataFrame operations, for error messages: a few JVM round trips
            # per Column function on the driver (docs/spark.md, Speed).
            .config("spark.python.sql.dataFrameDebugging.enabled", "false")
        )
        if a.profile:
            os.makedirs(f"{tmp}/events")
            builder = builder.config("spark.eventLog.enabled", "true").config("spark.eventLog.compress", "false").config(
                "spark.eventLog.dir", f"file://{tmp}/events"
            )
        spark = builder.getOrCreate()
        spark.sparkContext.setLogLevel("ERROR")
        session_s = time.perf_counter() - t
        import newsmill.spark as ns

        schema = None
        if not a.infer_schema:
            with open(a.corpus, encoding="utf-8") as f, open(f"{tmp}/head.jsonl", "w", encoding="utf-8") as head:
                for _, line in zip(range(SCHEMA_LINES), f):
                    head.write(line)
            schema = spark.read.json(f"{tmp}/head.jsonl").schema
        best = None
        for i in range(a.repeat):
            out = f"{tmp}/spark{i}"
            t = time.perf_counter()
            extra = {} if a.aggregate_partitions is None else {"aggregate_partitions": a.aggregate_partitions}
            r = ns.tag(spark.read.json(a.corpus, schema=schema), source=a.corpus, **extra)
            manifest = ns.write(r, out)
            s = time.perf_counter() - t
            r.unpersist()
            best = s if best is None else min(best, s)
            shutil.rmtree(out, ignore_errors=True)
        spark.stop()
        if a.profile:
            profile(f"{tmp}/events")
        if cli_counts is None:
            print(json.dumps({"documents": manifest["counts"]["documents"], "spark_seconds": round(best, 2)}))
            return 0
        if manifest["counts"] != cli_counts:
            raise SystemExit(f"row counts differ: CLI {cli_counts}, Spark {manifest['counts']}")
        docs = cli_counts["documents"]
        report = {
            "corpus": a.corpus,
            "documents": docs,
            "cores": a.cores,
            "cli_seconds": round(cli_s, 2),
            "spark_seconds": round(best, 2),
            "spark_session_start_seconds": round(session_s, 2),
            "json_schema": "inferred in the timed run" if a.infer_schema else f"given (from the first {SCHEMA_LINES} lines)",
            "cli_docs_per_second": round(docs / cli_s, 1),
            "spark_docs_per_second": round(docs / best, 1),
            "spark_docs_per_core_hour": round(docs / best / a.cores * 3600),
            "ratio": round(cli_s / best, 3),
        }
        print(json.dumps(report, indent=2))
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def profile(events: str) -> None:
    """Each job of the event log (its wall time and what called it) and each of its stages
    (tasks, summed task time), to stderr."""
    # Spark 4 writes a folder of rolled files per application (eventlog_v2_*/events_N_*).
    logs = sorted(
        os.path.join(d, f) for d, _, fs in os.walk(events) for f in fs if f.startswith("events_")
    )
    jobs, stages = {}, {}
    for log in logs:
        with open(log, encoding="utf-8") as f:
            lines = f.readlines()
        for line in lines:
            e = json.loads(line)
            kind = e["Event"]
            if kind == "SparkListenerJobStart":
                jobs[e["Job ID"]] = {"start": e["Submission Time"], "stages": e["Stage IDs"]}
            elif kind == "SparkListenerJobEnd":
                jobs[e["Job ID"]]["end"] = e["Completion Time"]
            elif kind == "SparkListenerStageCompleted":
                i = e["Stage Info"]
                task_ms = sum(
                    a["Value"] for a in i.get("Accumulables", []) if a.get("Name") == "internal.metrics.executorRunTime"
                )
                stages[i["Stage ID"]] = (i["Stage Name"], i["Number of Tasks"], task_ms)
    first = min(j["start"] for j in jobs.values())
    for jid, j in sorted(jobs.items()):
        ran = [stages[s] for s in j["stages"] if s in stages]
        name = ran[-1][0] if ran else "(skipped)"
        print(
            f"job {jid:3d} at {(j['start'] - first) / 1000:7.2f}s  {(j['end'] - j['start']) / 1000:6.2f}s  {name}",
            file=sys.stderr,
        )
        for sname, tasks, ms in ran:
            print(f"        stage {tasks:4d} tasks {ms / 1000:7.2f}s task time  {sname}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
