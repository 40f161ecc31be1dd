#!/usr/bin/env python3
"""Self-check of data/countries/*.tsv. Usage: python3 data/compile/check_countries.py"""
import os
import sys

FORMS = {"name", "abbreviation", "demonym", "capital", "subdivision", "city"}
CASES = {"title", "exact", "any"}
SOURCES = {"iso3166-1", "iso3166-2", "iso3166-3", "geonames", "curated"}


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    errs = []
    if "\r" in text:
        errs.append("%s: CR line ends" % path)
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    head = lines[0].split("\t")
    rows = []
    for i, l in enumerate(lines[1:], 2):
        p = l.split("\t")
        if len(p) != len(head):
            errs.append("%s:%d: %d fields, want %d" % (path, i, len(p), len(head)))
            continue
        rows.append(dict(zip(head, p)))
    return head, rows, errs


def check(out):
    errs = []
    h, countries, e = read(os.path.join(out, "countries.tsv"))
    errs += e
    if h != ["id", "alpha2", "alpha3", "fips", "name", "status"]:
        errs.append("countries.tsv header %r" % h)
    ids = [r["id"] for r in countries]
    if len(ids) != len(set(ids)):
        errs.append("countries.tsv: duplicate ids")
    ids = set(ids)
    if sum(r["status"] == "current" for r in countries) != 249:
        errs.append("countries.tsv: want 249 current rows")
    for r in countries:
        if r["status"] not in ("current", "former") or not r["name"]:
            errs.append("countries.tsv: bad row %r" % r)
    seen_alias = {}
    for fn, srcs in (("aliases.tsv", SOURCES), ("aliases_mledoze.tsv", {"mledoze"})):
        h, rows, e = read(os.path.join(out, fn))
        errs += e
        if h != ["alias", "country", "form", "case", "alternatives", "source"]:
            errs.append("%s header %r" % (fn, h))
        pairs = set()
        for r in rows:
            a = r["alias"]
            if not a.strip() or a != a.strip():
                errs.append("%s: empty/padded alias %r" % (fn, a))
            if r["country"] not in ids:
                errs.append("%s: unknown country %r" % (fn, r))
            for alt in filter(None, r["alternatives"].split("|")):
                if alt not in ids or alt == r["country"]:
                    errs.append("%s: bad alternative %r" % (fn, r))
            if r["form"] not in FORMS or r["case"] not in CASES or r["source"] not in srcs:
                errs.append("%s: bad form/case/source %r" % (fn, r))
            if (a, r["country"]) in pairs:
                errs.append("%s: duplicate (alias, country) %r" % (fn, a))
            pairs.add((a, r["country"]))
            if a in seen_alias:
                errs.append("%s: alias %r also in %s (one primary row per alias)" % (fn, a, seen_alias[a]))
            seen_alias[a] = fn
        for bad in ("AI", "us"):
            if any(r["alias"] == bad for r in rows):
                errs.append("%s: forbidden alias %r" % (fn, bad))
    h, cities, e = read(os.path.join(out, "cities.tsv"))
    errs += e
    if h != ["city", "country", "population", "alternatives"]:
        errs.append("cities.tsv header %r" % h)
    cs = set()
    for r in cities:
        if r["city"] in cs:
            errs.append("cities.tsv: duplicate %r" % r["city"])
        cs.add(r["city"])
        if r["country"] not in ids or not r["population"].isdigit():
            errs.append("cities.tsv: bad row %r" % r)
        for alt in filter(None, r["alternatives"].split("|")):
            if alt not in ids:
                errs.append("cities.tsv: bad alternative %r" % r)
        if r["city"] in seen_alias:
            errs.append("cities.tsv: %r is also an alias" % r["city"])
    return errs


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.dirname(here)), "data", "countries")
    errs = check(out)
    for e in errs:
        print(e)
    print("OK" if not errs else "%d problems" % len(errs))
    sys.exit(1 if errs else 0)
