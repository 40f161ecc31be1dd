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
    report = {"pyarrow": {}, "polars": {}, "pandas": {}, "pandas_nullable": {}, "duckdb": {}}
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
        ndf = pd.read_parquet(path, dtype_backend="numpy_nullable")
        report["pandas_nullable"][t] = {"types": [str(d) for d in ndf.dtypes]}
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
            f"SELECT DISTINCT CAST(day AS DATE) AS d FROM read_parquet('{out}/timeseries.parquet') WHERE day IS NOT NULL ORDER BY d"
        ).fetchall()
    ]
    # Joins between aggregate tables work as they are.
    joined = ts.join(countries, on="entity_id", how="inner")
    report["polars"]["timeseries"]["joined_with_countries"] = joined.height
    report["checks"] = analyst_checks(out, con)
    print(json.dumps(report))


def analyst_checks(out: Path, con) -> dict:
    """What an analyst does first, in each reader: each check is true when it works."""
    checks = {}
    m = pl.read_parquet(out / "mentions.parquet")
    # Offsets are signed: subtracting a window does not wrap around.
    checks["polars_char_start_minus_60_is_negative"] = int((m["char_start"] - 60).min()) < 0
    duck_min = con.execute(
        f"SELECT min(char_start - 60) FROM read_parquet('{out}/mentions.parquet')"
    ).fetchone()[0]
    checks["duckdb_char_start_minus_60_is_negative"] = duck_min < 0
    pm = pd.read_parquet(out / "mentions.parquet")
    checks["pandas_char_start_minus_60_is_negative"] = int((pm["char_start"] - 60).min()) < 0
    # The id columns join without a cast: mentions with the organizations table.
    orgs = pl.read_parquet(out / "organizations.parquet")
    joined = m.join(orgs, on="entity_id", how="inner")
    checks["polars_mentions_join_organizations"] = joined.height == m.filter(
        pl.col("kind") == "organization"
    ).height > 0
    pj = pm.merge(pd.read_parquet(out / "organizations.parquet"), on="entity_id")
    checks["pandas_mentions_join_organizations"] = len(pj) == joined.height
    # Nullable integers stay integers in pandas, by default and with numpy_nullable.
    dt = pd.read_parquet(out / "document_themes.parquet")
    checks["pandas_nullable_first_sentence_is_Int64"] = str(dt["first_sentence"].dtype) == "Int64"
    checks["pandas_mentions_sentence_id_is_int64"] = str(pm["sentence_id"].dtype) == "int64"
    for t in ["mentions", "sentences", "rejects", "document_themes", "timeseries", "cooccurrence"]:
        n = pd.read_parquet(out / f"{t}.parquet", dtype_backend="numpy_nullable")
        checks[f"pandas_numpy_nullable_{t}_has_no_float_for_integers"] = all(
            str(n[c].dtype) != "Float64" for c in n.columns if c not in ("share", "score", "share_of_documents")
        )
    # Days are datetimes pandas can resample.
    pts = pd.read_parquet(out / "timeseries.parquet")
    checks["pandas_day_is_datetime64"] = str(pts["day"].dtype).startswith("datetime64")
    weekly = pts.dropna(subset=["day"]).set_index("day").groupby("entity_id")["mentions"].resample("W").sum()
    checks["pandas_day_resamples_weekly"] = int(weekly.sum()) == int(pts.dropna(subset=["day"])["mentions"].sum())
    # The sentence of every mention, title mentions included, is one join away.
    s = pl.read_parquet(out / "sentences.parquet")
    ms = m.join(s.select("doc_id", "sentence_id", pl.col("text").alias("sentence")), on=["doc_id", "sentence_id"], how="left")
    checks["polars_every_mention_finds_its_sentence"] = ms["sentence"].null_count() == 0 and m.height > 0
    checks["polars_title_mentions_find_the_title"] = ms.filter(pl.col("field") == "title").height > 0 and all(
        surface in sentence for surface, sentence in ms.select("surface", "sentence").iter_rows()
    )
    orphan = con.execute(
        f"""SELECT count(*) FROM read_parquet('{out}/mentions.parquet') m
            LEFT JOIN read_parquet('{out}/sentences.parquet') s USING (doc_id, sentence_id)
            WHERE s.text IS NULL OR strpos(s.text, m.surface) = 0"""
    ).fetchone()[0]
    checks["duckdb_every_mention_finds_its_sentence"] = orphan == 0
    psm = pm.merge(pd.read_parquet(out / "sentences.parquet")[["doc_id", "sentence_id", "text"]], on=["doc_id", "sentence_id"], how="left")
    checks["pandas_every_mention_finds_its_sentence"] = int(psm["text"].isna().sum()) == 0
    # Co-occurrence both ways: filtering on entity_a alone finds every partner.
    co = pl.read_parquet(out / "cooccurrence.parquet")
    top = pl.read_parquet(out / "countries.parquet")["entity_id"][0]
    checks["polars_cooccurrence_both_ways"] = (
        co.filter(pl.col("entity_a") == top).height == co.filter(pl.col("entity_b") == top).height > 0
    )
    # Shares of the day are one division.
    ts = pl.read_parquet(out / "timeseries.parquet")
    share = ts["documents"] / ts["day_documents"]
    checks["polars_day_share_between_0_and_1"] = bool(((share > 0) & (share <= 1)).all())
    return checks


if __name__ == "__main__":
    main(Path(sys.argv[1]))
