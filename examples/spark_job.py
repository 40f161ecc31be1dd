"""newsmill on Spark: reads a dataset of articles (JSON lines or Parquet), writes every table of
`newsmill run` to an output folder. Ready for spark-submit (README, "Spark"; docs/spark.md):

    spark-submit --master 'local[2]' examples/spark_job.py data/samples/articles.jsonl out/spark
    spark-submit --master yarn --archives newsmill-env.tar.gz#env \\
        --conf spark.pyspark.python=./env/bin/python \\
        examples/spark_job.py s3://bucket/news/2026/ s3://bucket/newsmill/2026 --format parquet

Options: --format jsonl|parquet (default: from the input's name), --config FILE (a newsmill TOML
config), --text/--id/--title/--published-at COLUMN (else found by name), --order COLUMN... (the
run order: which of two documents with one id is kept, which near-duplicate is the original;
default: the input's order), --partitions N (partitions to tag in: about 2 to 4 per executor core),
--aggregate-partitions N (buckets of the aggregate tables' final step; default: 1 for small
inputs, else spark.sql.shuffle.partitions capped by the map partitions),
--partition-by date (the row tables and the daily series in a folder per UTC date, Hive style:
mentions/date=2026-03-02/part-00000.parquet; docs/spark.md).
"""

import argparse
import json
import sys
import time

from pyspark.sql import SparkSession

import newsmill.spark as ns


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("input", help="a JSON lines file or folder, or Parquet (any path Spark reads)")
    p.add_argument("out", help="the output folder (a local path, or s3://, hdfs://, gs://)")
    p.add_argument("--format", choices=["jsonl", "parquet"], default=None)
    p.add_argument("--config", default=None, help="a newsmill config (TOML)")
    for field in ("text", "id", "title", "published-at"):
        p.add_argument(f"--{field}", default=None, metavar="COLUMN")
    p.add_argument("--order", nargs="+", default=None, metavar="COLUMN")
    p.add_argument("--partitions", type=int, default=None)
    p.add_argument("--aggregate-partitions", type=int, default=None)
    p.add_argument("--partition-by", choices=[ns.PARTITION_KEY], default=None)
    a = p.parse_args(argv)

    # Without the call sites of DataFrame operations (kept for error messages), the driver
    # plans newsmill's queries with fewer JVM round trips (docs/spark.md, Speed).
    spark = (
        SparkSession.builder.appName("newsmill")
        .config("spark.python.sql.dataFrameDebugging.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("WARN")
    fmt = a.format or ("parquet" if a.input.rstrip("/").endswith(".parquet") else "jsonl")
    reader = spark.read.parquet if fmt == "parquet" else spark.read.json
    articles = reader(a.input)
    t0 = time.perf_counter()
    result = ns.tag(
        articles,
        text=a.text,
        id=a.id,
        title=a.title,
        published_at=a.published_at,
        config=a.config,
        source=a.input,
        order=a.order,
        partitions=a.partitions,
        aggregate_partitions=a.aggregate_partitions,
    )
    manifest = ns.write(result, a.out, partition_by=a.partition_by)
    seconds = time.perf_counter() - t0
    counts = manifest["counts"]
    print(
        f"newsmill on Spark: {counts['documents']} documents, {counts['rejects']} rejected, "
        f"{counts['mentions']} mentions in {seconds:.1f} s -> {a.out}"
    )
    print(json.dumps(counts))
    result.unpersist()
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
