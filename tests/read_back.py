"""Reads every table of a newsmill output folder with pyarrow, polars, pandas and DuckDB,
independently of newsmill's own reader, and prints what they saw as JSON (the Rust end-to-end
test compares it with what newsmill wrote)."""
import json
import sys
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow.parquet as pq

TABLES = [
    "documents",
    "sentences",
    "mentions",
    "rejects",
    "organizations",
    "countries",
    "themes",
    "cooccurrence",
    "timeseries",
    "document_themes",
    "persons",
]


def main(out: Path) -> None:
    report = {"pyarrow": {}, "polars": {}, "pandas": {}, "duckdb": {}}
    con = duckdb.connect()
    for t in TABLES:
        path = out / f"{t}.parquet"
        table = pq.read_table(path)
        meta = pq.read_metadata(path).metadata or {}
        assert meta.get(b"newsmill.table") == t.encode(), (t, meta)
        report["pyarrow"][t] = {
            "rows": table.num_rows,
            "columns": table.column_names,
            "types": [str(f.type) for f in table.schema],
            "nullable": [f.nullable for f in table.schema],
            "version": meta.get(b"newsmill.table_version", b"").decode(),
            "compression": sorted(
                {
                    pq.ParquetFile(path).metadata.row_group(g).column(c).compression
                    for g in range(pq.ParquetFile(path).metadata.num_row_groups)
                    for c in range(pq.ParquetFile(path).metadata.num_columns)
                }
            ),
        }
        df = pl.read_parquet(path)
        report["polars"][t] = {
            "rows": df.height,
            "columns": df.columns,
            "types": [str(d) for d in df.dtypes],
        }
        pdf = pd.read_parquet(path)
        report["pandas"][t] = {
            "rows": len(pdf),
            "columns": list(pdf.columns),
            "types": [str(d) for d in pdf.dtypes],
        }
        rows = con.execute(f"SELECT count(*) FROM read_parquet('{path}')").fetchone()[0]
        types = [r[1] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()]
        report["duckdb"][t] = {"rows": rows, "types": types}

    def q(sql: str):
        return con.execute(sql.replace("{out}", str(out))).fetchone()

    report["duckdb"]["mentions"]["first_surface"] = q(
        "SELECT surface FROM read_parquet('{out}/mentions.parquet') LIMIT 1"
    )[0]
    report["duckdb"]["countries"]["top"] = q(
        "SELECT entity_id FROM read_parquet('{out}/countries.parquet') ORDER BY mentions DESC, entity_id LIMIT 1"
    )[0]

    # The same few values, read by each reader.
    countries = pl.read_parquet(out / "countries.parquet")
    report["polars"]["countries"]["top"] = countries.sort(
        ["mentions", "entity_id"], descending=[True, False]
    )["entity_id"][0]
    pcountries = pd.read_parquet(out / "countries.parquet")
    report["pandas"]["countries"]["top"] = str(
        pcountries.sort_values(["mentions", "entity_id"], ascending=[False, True]).iloc[0]["entity_id"]
    )
    report["pandas"]["countries"]["first_seen_of_top"] = str(pcountries.iloc[0]["first_seen"])

    themes = pl.read_parquet(out / "themes.parquet")
    report["polars"]["themes"]["direct_mentions"] = int(themes["direct_mentions"].sum())
    report["polars"]["themes"]["top_level_mentions"] = int(
        themes.filter(pl.col("depth") == 0)["mentions"].sum()
    )
    report["duckdb"]["themes"]["direct_mentions"] = int(
        q("SELECT sum(direct_mentions) FROM read_parquet('{out}/themes.parquet')")[0]
    )

    co = pl.read_parquet(out / "cooccurrence.parquet")
    first = co.row(0, named=True)
    report["polars"]["cooccurrence"]["first"] = [
        first["entity_a"], first["entity_b"], first["sentences"], first["documents"]
    ]
    pco = pd.read_parquet(out / "cooccurrence.parquet")
    report["pandas"]["cooccurrence"]["first"] = [
        str(pco.iloc[0]["entity_a"]), str(pco.iloc[0]["entity_b"]),
        int(pco.iloc[0]["sentences"]), int(pco.iloc[0]["documents"]),
    ]
    report["duckdb"]["cooccurrence"]["country_theme_pairs"] = q(
        "SELECT count(*) FROM read_parquet('{out}/cooccurrence.parquet') WHERE kind_a = 'country' AND kind_b = 'theme'"
    )[0]

    ts = pl.read_parquet(out / "timeseries.parquet")
    report["polars"]["timeseries"]["undated_rows"] = ts.filter(pl.col("day").is_null()).height
    report["polars"]["timeseries"]["mentions"] = int(
        ts.filter(pl.col("kind") != "theme")["mentions"].sum()
    )
    pts = pd.read_parquet(out / "timeseries.parquet")
    report["pandas"]["timeseries"]["undated_rows"] = int(pts["day"].isna().sum())
    report["duckdb"]["timeseries"]["days"] = [
        str(r[0])
        for r in con.execute(
            f"SELECT DISTINCT day FROM read_parquet('{out}/timeseries.parquet') WHERE day IS NOT NULL ORDER BY day"
        ).fetchall()
    ]
    # Joins between aggregate tables work as they are (categorical with categorical).
    joined = ts.join(countries, on="entity_id", how="inner")
    report["polars"]["timeseries"]["joined_with_countries"] = joined.height
    print(json.dumps(report))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
