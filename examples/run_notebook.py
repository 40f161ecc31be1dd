"""Executes a notebook (default: examples/newsmill_tour.ipynb) on a newsmill output folder and fails
if any cell fails. CI runs it on the output of the sample run so that the example cannot rot.

    python examples/run_notebook.py OUT [NOTEBOOK] [--save EXECUTED.ipynb]
"""
import argparse
import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

HERE = Path(__file__).resolve().parent


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path, help="a newsmill output folder")
    p.add_argument("notebook", type=Path, nargs="?", default=HERE / "newsmill_tour.ipynb")
    p.add_argument("--save", type=Path, help="write the executed notebook here")
    p.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = p.parse_args()
    os.environ["NEWSMILL_OUT"] = str(args.out.resolve())
    nb = nbformat.read(args.notebook, as_version=4)
    client = NotebookClient(
        nb,
        timeout=args.timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(args.notebook.resolve().parent)}},
    )
    try:
        client.execute()
    except CellExecutionError as e:
        print(f"{args.notebook}: a cell failed:\n{e}", file=sys.stderr)
        return 1
    finally:
        if args.save:
            nbformat.write(nb, args.save)
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"
    ]
    if errors:
        print(f"{args.notebook}: {len(errors)} cell(s) with errors", file=sys.stderr)
        return 1
    cells = sum(c.cell_type == "code" for c in nb.cells)
    print(f"{args.notebook.name}: {cells} code cells ran on {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
