"""CPU time of the Spark map step (`newsmill.spark._map_batch`: the engine's `tag`, then the
measures, blobs and record rows) on one Arrow batch of the first N stories, in one process, after
a warm-up call on 50 stories: the whole call and the engine's `tag` within it (`time.process_time`,
every thread of the process).

    python bench/spark_map_cpu.py --corpus ../shared/corpora/reuters21578/reuters21578.jsonl \\
        --stories 10000 --runs 3 [--profile]

To compare two versions of the Python files over one wheel, run it twice with `PYTHONPATH`
naming each (they differ in `spark.py`, not in this script). `--profile` prints the last run's
cProfile, 25 functions by own time. Needs the `newsmill` package (a release wheel for figures)."""

import argparse
import cProfile
import os
import pstats
import time

import pyarrow as pa
import pyarrow.json as pj

import newsmill
from newsmill import _native
from newsmill import spark as ns


class Timed:
    """The engine, its `tag` calls' CPU time counted."""

    def __init__(self, engine):
        self.engine, self.tag_cpu = engine, 0.0

    def tag(self, *args):
        c0 = time.process_time()
        try:
            return self.engine.tag(*args)
        finally:
            self.tag_cpu += time.process_time() - c0

    def __getattr__(self, name):
        return getattr(self.engine, name)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True, help="a JSON lines file of Reuters-21578 (newid, title, body, date)")
    ap.add_argument("--stories", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--profile", action="store_true")
    a = ap.parse_args()
    t = pj.read_json(a.corpus).select(["newid", "title", "body", "date"]).slice(0, a.stories)
    t = t.set_column(0, "newid", t.column("newid").cast(pa.string()))
    t = t.append_column("_nm_id", pa.array(range(t.num_rows), pa.int64()))
    batch = t.combine_chunks().to_batches()[0]
    _, _, toml = ns._config(None)
    engine = Timed(_native.Engine(toml, None, "config"))
    schema = ns._map_schema([])
    columns = [("id", "newid"), ("text", "body")]
    print(f"{batch.num_rows} stories; newsmill from {os.path.dirname(newsmill.__file__)}", flush=True)
    ns._map_batch(engine, batch.slice(0, 50), columns, schema)
    total, tags = [], []
    for r in range(a.runs):
        load = os.getloadavg()[0]
        prof = cProfile.Profile(time.process_time) if a.profile and r == a.runs - 1 else None
        engine.tag_cpu = 0.0
        c0 = time.process_time()
        if prof:
            prof.enable()
        out = ns._map_batch(engine, batch, columns, schema)
        if prof:
            prof.disable()
        c = time.process_time() - c0
        total.append(c)
        tags.append(engine.tag_cpu)
        print(
            f"run {r + 1}: _map_batch {c:6.2f} s of CPU, tag {engine.tag_cpu:6.2f} s, rest {c - engine.tag_cpu:5.2f} s"
            f"  (load {load:4.1f}, {out.num_rows} rows)",
            flush=True,
        )
    med = lambda v: sorted(v)[len(v) // 2]  # noqa: E731
    rest = [c - g for c, g in zip(total, tags)]
    print(f"median: _map_batch {med(total):.2f} s, tag {med(tags):.2f} s, rest {med(rest):.2f} s")
    if a.profile:
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
