"""Reads every table of a newsmill output folder with pyarrow and DuckDB, independently of
newsmill's own reader, and prints what they saw as JSON (the Rust end-to-end test compares it)."""
import json
import sys
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

TABLES = ["documents", "sentences", "mentions", "rejects", "organizations", "countries", "themes"]


def main(out: Path) -> None:
    report = {"pyarrow": {}, "duckdb": {}}
    con = duckdb.connect()
    for t in TABLES:
        path = out / f"{t}.parquet"
        table = pq.read_table(path)
        meta = pq.read_metadata(path).metadata or {}
        assert meta.get(b"newsmill.table") == t.encode(), (t, meta)
        entry = {"rows": table.num_rows, "columns": table.column_names}
        if t == "documents":
            entry["published_at_type"] = str(table.schema.field("published_at").type)
        report["pyarrow"][t] = entry
        rows = con.execute(f"SELECT count(*) FROM read_parquet('{path}')").fetchone()[0]
        report["duckdb"][t] = {"rows": rows}
    report["duckdb"]["mentions"]["first_surface"] = con.execute(
        f"SELECT surface FROM read_parquet('{out / 'mentions.parquet'}') LIMIT 1"
    ).fetchone()[0]
    report["duckdb"]["countries"]["top"] = con.execute(
        f"SELECT entity_id FROM read_parquet('{out / 'countries.parquet'}') ORDER BY mentions DESC, entity_id LIMIT 1"
    ).fetchone()[0]
    print(json.dumps(report))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
