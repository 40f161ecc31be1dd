"""CPU time of the Spark map step's engine call (`Engine.tag` on one Arrow batch, one thread, as
`newsmill.spark._map_batch` calls it) per `aggregate` mode, in one process, the modes alternated.

    python bench/spark_tag_cpu.py --corpus ../shared/corpora/reuters21578/reuters21578.jsonl \\
        --stories 10000 --runs 3 --modes True,document_themes,False

Prints each run's CPU time (`time.process_time`: every thread of the process), wall time and load
average, then the median per mode. Needs the `newsmill` package (a release wheel for figures)."""

import argparse
import os
import time

import pyarrow as pa
import pyarrow.json as pj

from newsmill import _native


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True, help="a JSON lines file of Reuters-21578 (newid, title, body, date)")
    ap.add_argument("--stories", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--modes", default="True,document_themes", help="aggregate values, comma-separated")
    a = ap.parse_args()
    modes = [{"True": True, "False": False}.get(m, m) for m in a.modes.split(",")]
    t = pj.read_json(a.corpus).select(["newid", "title", "body", "date"]).slice(0, a.stories)
    t = t.set_column(0, "newid", t.column("newid").cast(pa.string()))
    c0 = time.process_time()
    engine = _native.Engine(None, None, "config")
    print(f"{t.num_rows} stories; engine built in {time.process_time() - c0:.2f} s of CPU", flush=True)
    columns = [("id", "newid"), ("text", "body")]
    engine.tag(t.slice(0, 50), columns, 1, True, "spark", None)
    cpu = {str(m): [] for m in modes}
    for r in range(a.runs):
        for m in modes:
            load = os.getloadavg()[0]
            c0, w0 = time.process_time(), time.perf_counter()
            tables = {k: pa.RecordBatchReader.from_stream(s).read_all() for k, s in engine.tag(t, columns, 1, m, "spark", None)}
            c, w = time.process_time() - c0, time.perf_counter() - w0
            cpu[str(m)].append(c)
            rows = tables["document_themes"].num_rows if "document_themes" in tables else 0
            print(f"run {r + 1} aggregate={m!s:16} cpu {c:6.2f} s  wall {w:6.2f} s  load {load:4.1f}  document_themes {rows}", flush=True)
    for m, v in cpu.items():
        print(f"aggregate={m}: median {sorted(v)[len(v) // 2]:.2f} s of CPU ({', '.join(f'{x:.2f}' for x in v)})")


if __name__ == "__main__":
    main()
