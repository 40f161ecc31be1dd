#!/usr/bin/env python3
"""Compiles data/tag/given_names.txt: common English given names (US Census 1990 first names).

Source: the 1990 US Census name frequency files (dist.male.first, dist.female.first,
dist.all.last; US Census Bureau, public domain), as shipped by the PyPI package `names` 0.3.0
(MIT). Usage:

    pip install names==0.3.0
    python3 data/compile/given_names.py "$(python3 -c 'import names, os; print(os.path.dirname(names.__file__))')"

Kept: names of at least MIN_PERCENT percent of men or of women, and more frequent as a given name
than as a surname ("Lee" and "Thomas" go: surnames too often to tell anything alone).
"""
import os
import sys

# Frequency (percent of the population) a given name needs: about 800 names, the common ones.
MIN_PERCENT = 0.03


def load(path):
    out = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2:
                out[parts[0].capitalize()] = float(parts[1])
    return out


def main():
    src = sys.argv[1]
    male = load(os.path.join(src, "dist.male.first"))
    female = load(os.path.join(src, "dist.female.first"))
    last = load(os.path.join(src, "dist.all.last"))
    given = {}
    for d in (male, female):
        for name, pct in d.items():
            if pct >= MIN_PERCENT:
                given[name] = max(given.get(name, 0.0), pct)
    keep = sorted(n for n, pct in given.items() if last.get(n, 0.0) < pct)
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "..", "tag", "given_names.txt")
    with open(out, "w") as f:
        f.write(
            "# Common English given names: US Census 1990 first names of at least 0.03% of men or\n"
            "# women, more frequent as given names than as surnames (data/compile/given_names.py;\n"
            "# see data/SOURCES.md). One a line.\n"
        )
        for n in keep:
            f.write(n + "\n")
    print(f"{len(keep)} names -> {out}")


if __name__ == "__main__":
    main()
