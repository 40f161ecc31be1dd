"""Are two newsmill output folders the same? Table by table, row for row.

    python bench/compare_outputs.py BEFORE AFTER        # exit code 0: identical, 1: differences

Every table (`NAME.parquet` or a folder of part files `NAME/part-*.parquet`) of either folder is
read with pyarrow; the two must have the same columns with the same types and the same rows. Rows
are compared as sorted lists (an output's row order is deterministic, but a refactor may
legitimately write the same rows in other part boundaries). The Parquet key-value metadata
(table name and version) must agree. `manifest.json` is compared without the fields that depend
on the moment or the machine (`finished_at`, `timings_seconds`, `throughput`, `inputs`,
`newsmill_version`). Prints one line per table and the first differing rows.

Needs pyarrow (tests/requirements.txt: `bash tests/python-env.sh` prints a python that has it).
"""
import json
import os
import sys

import pyarrow as pa
import pyarrow.parquet as pq

# Manifest fields that change from run to run without the output changing.
VOLATILE = {"finished_at", "timings_seconds", "throughput", "inputs", "newsmill_version"}
# Rows of a differing table to print.
SHOW = 5


def tables(folder):
    """name -> list of Parquet files, for every table in an output folder."""
    found = {}
    for entry in sorted(os.listdir(folder)):
        path = os.path.join(folder, entry)
        if entry.startswith("."):
            continue
        if entry.endswith(".parquet") and os.path.isfile(path):
            found[entry[: -len(".parquet")]] = [path]
        elif os.path.isdir(path):
            parts = sorted(
                os.path.join(path, p) for p in os.listdir(path) if p.endswith(".parquet")
            )
            if parts:
                found[entry] = parts
    return found


def read(paths):
    parts = [pq.read_table(p) for p in paths]
    meta = parts[0].schema.metadata or {}
    return pa.concat_tables(parts), {k: v for k, v in meta.items() if k != b"ARROW:schema"}


def canonical(value):
    """A sortable, comparable form of one cell (lists, structs, floats, nulls, timestamps)."""
    if value is None:
        return (0, "")
    if isinstance(value, float):
        return (1, repr(value))
    if isinstance(value, (list, tuple)):
        return (2, tuple(canonical(v) for v in value))
    if isinstance(value, dict):
        return (3, tuple((k, canonical(v)) for k, v in sorted(value.items())))
    return (4, repr(value))


def rows(table):
    cols = [table.column(i).to_pylist() for i in range(table.num_columns)]
    return sorted(tuple(canonical(c[i]) for c in cols) for i in range(table.num_rows))


def compare_table(name, a_paths, b_paths):
    a, a_meta = read(a_paths)
    b, b_meta = read(b_paths)
    problems = []
    if a.schema.remove_metadata() != b.schema.remove_metadata():
        problems.append(f"schema differs:\n    {a.schema.remove_metadata()}\n    {b.schema.remove_metadata()}")
        return problems
    if a_meta != b_meta:
        problems.append(f"metadata differs: {a_meta} vs {b_meta}")
    if a.num_rows != b.num_rows:
        problems.append(f"rows: {a.num_rows} vs {b.num_rows}")
    ra, rb = rows(a), rows(b)
    if ra != rb:
        sa, sb = set(ra), set(rb)
        only_a = [r for r in ra if r not in sb][:SHOW]
        only_b = [r for r in rb if r not in sa][:SHOW]
        problems.append(f"rows differ ({len(sa - sb)} distinct only in the first, {len(sb - sa)} only in the second)")
        cols = a.column_names
        for r in only_a:
            problems.append("    - " + str(dict(zip(cols, (v[1] for v in r)))))
        for r in only_b:
            problems.append("    + " + str(dict(zip(cols, (v[1] for v in r)))))
    return problems


def manifest(folder):
    path = os.path.join(folder, "manifest.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        m = json.load(f)
    return {k: v for k, v in m.items() if k not in VOLATILE}


def main(before, after):
    ta, tb = tables(before), tables(after)
    same = True
    for name in sorted(set(ta) | set(tb)):
        if name not in ta or name not in tb:
            print(f"{name}: only in {'the first' if name in ta else 'the second'}")
            same = False
            continue
        problems = compare_table(name, ta[name], tb[name])
        n = pq.ParquetFile(ta[name][0]).metadata.num_rows if len(ta[name]) == 1 else sum(
            pq.ParquetFile(p).metadata.num_rows for p in ta[name]
        )
        if problems:
            same = False
            print(f"{name}: DIFFERENT")
            for p in problems:
                print(f"  {p}")
        else:
            print(f"{name}: identical ({n} rows)")
    ma, mb = manifest(before), manifest(after)
    if ma != mb:
        same = False
        keys = sorted(set(ma or {}) | set(mb or {}))
        diff = [k for k in keys if (ma or {}).get(k) != (mb or {}).get(k)]
        print(f"manifest.json: DIFFERENT in {diff}")
        for k in diff:
            print(f"  {k}: {json.dumps((ma or {}).get(k))[:300]}\n  vs {json.dumps((mb or {}).get(k))[:300]}")
    else:
        print("manifest.json: identical (but for " + ", ".join(sorted(VOLATILE)) + ")")
    print("SAME" if same else "DIFFERENT")
    return 0 if same else 1


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
