"""Spark's floor on one corpus: what a `local[N]` session costs before any of newsmill's work.

    python bench/spark_floor.py --corpus ../shared/corpora/reuters21578/reuters21578.jsonl --cores 2

In the session setup of bench/spark_bench.py (its start excluded, the JSON schema given), times
(the median of `--repeat` runs each, printed as JSON):

- `read`: reading the JSON with the given schema and counting the rows;
- `passthrough`: the records numbered and split into ranges of the run order as `newsmill.spark.tag`
  splits them (`monotonically_increasing_id`, `repartitionByRange` over the cores), a
  `mapInArrow` that passes every batch through unchanged, one Parquet table written;
- `tag`: the same with the engine's `tag` on each batch (as the map step calls it), its tables
  read and discarded, the batch passed through;
- `job`: one trivial job (`spark.range(1).count()`): Spark's cost per job;
- with `--cli`: `newsmill run -j CORES` on the same corpus, at the same load.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

#: Lines of the corpus the JSON schema is inferred from, before the timers (as spark_bench.py).
SCHEMA_LINES = 1000


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--corpus", required=True, help="a JSON lines file of articles")
    p.add_argument("--cores", type=int, default=2)
    p.add_argument("--repeat", type=int, default=3, help="runs of each measure (the median is kept)")
    p.add_argument("--cli", help="the newsmill binary: `newsmill run -j CORES` timed too, at the same load")
    a = p.parse_args()
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    tmp = tempfile.mkdtemp(prefix="newsmill-spark-floor-")
    try:
        from pyspark.sql import SparkSession
        from pyspark.sql import functions as F

        spark = (
            SparkSession.builder.master(f"local[{a.cores}]")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", str(2 * a.cores))
            .config("spark.python.sql.dataFrameDebugging.enabled", "false")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        import newsmill.spark as ns

        with open(a.corpus, encoding="utf-8") as f, open(f"{tmp}/head.jsonl", "w", encoding="utf-8") as head:
            for _, line in zip(range(SCHEMA_LINES), f):
                head.write(line)
        schema = spark.read.json(f"{tmp}/head.jsonl").schema
        toml = ns._config(None)[2]

        def ranges():
            df = spark.read.json(a.corpus, schema=schema).withColumn("_nm_id", F.monotonically_increasing_id())
            return df.repartitionByRange(a.cores, "_nm_id")

        def same(batches):
            yield from batches

        def tagged(batches):
            import pyarrow as pa

            engine, _ = ns._executor_engine(toml)
            for b in batches:
                data = pa.Table.from_batches([b]).drop_columns(["_nm_id"])
                for _, stream in engine.tag(data, [], 1, True, "spark", None):
                    pa.RecordBatchReader.from_stream(stream).read_all()
                yield b

        def write(fn, k):
            df = ranges()
            df.mapInArrow(fn, df.schema).write.mode("overwrite").parquet(f"{tmp}/out{k}")

        measures = {
            "read": lambda k: spark.read.json(a.corpus, schema=schema).count(),
            "passthrough": lambda k: write(same, k),
            "tag": lambda k: write(tagged, k),
            "job": lambda k: spark.range(1).count(),
        }
        # A first run of each, timed apart (`first`): Python workers started, the engine built
        # in each (as in a fresh session's `newsmill.spark.tag`).
        report = {"corpus": a.corpus, "cores": a.cores, "repeat": a.repeat}
        for name, run in measures.items():
            t = time.perf_counter()
            run("first")
            report[name + "_first_seconds"] = round(time.perf_counter() - t, 3)
        for name, run in measures.items():
            times = []
            for k in range(a.repeat):
                t = time.perf_counter()
                run(k)
                times.append(time.perf_counter() - t)
            report[name + "_seconds"] = round(statistics.median(times), 3)
            report[name + "_runs"] = [round(x, 3) for x in times]
        spark.stop()
        if a.cli:
            times = []
            for k in range(a.repeat):
                t = time.perf_counter()
                subprocess.run([a.cli, "run", a.corpus, "-o", f"{tmp}/cli{k}", "-q", "-j", str(a.cores)], check=False)
                times.append(time.perf_counter() - t)
            report["cli_seconds"] = round(statistics.median(times), 3)
            report["cli_runs"] = [round(x, 3) for x in times]
        print(json.dumps(report, indent=2))
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
