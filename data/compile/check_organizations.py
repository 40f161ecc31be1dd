#!/usr/bin/env python3
"""Check every organization list in data/organizations/*.tsv (except reuters_orgs.tsv).

Checks: exact header; 6 columns per row; non-empty id and name; ids unique across all files;
type from the allowed set; country empty or two upper-case letters; no empty alias (no "||",
no leading/trailing "|"), no alias equal to its own name, no duplicate alias within a row;
no surface form (name or alias, case-sensitive) used by two different ids across all files.
Upper-cased forms shared by different ids are reported as warnings only.

Usage: python3 data/compile/check_organizations.py [DIR]   (default: data/organizations)
Exit status 1 if any problem is found; every problem is printed.
Stdlib only.
"""
import glob
import os
import re
import sys

HEADER = ["id", "name", "type", "country", "aliases", "source"]
TYPES = {"company", "government_body", "legislature", "court", "central_bank", "intergovernmental",
         "political_party", "university", "research_institute", "ngo", "news_organization",
         "military", "sports", "other"}
SKIP = {"reuters_orgs.tsv"}


def main():
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(repo, "data", "organizations")
    problems = []
    id_where = {}
    form_ids = {}   # surface form -> {id: [file:line, ...]}
    rows_per_file = {}
    for path in sorted(glob.glob(os.path.join(d, "*.tsv"))):
        fname = os.path.basename(path)
        if fname in SKIP:
            continue
        with open(path, "rb") as f:
            raw = f.read()
        if b"\r" in raw:
            problems.append("%s: contains CR characters (LF line endings required)" % fname)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            problems.append("%s: not UTF-8 (%s)" % (fname, e))
            continue
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if not lines or lines[0].split("\t") != HEADER:
            problems.append("%s: bad header %r" % (fname, lines[0] if lines else ""))
            continue
        n = 0
        for i, line in enumerate(lines[1:], start=2):
            where = "%s:%d" % (fname, i)
            cols = line.split("\t")
            if len(cols) != 6:
                problems.append("%s: %d columns, expected 6" % (where, len(cols)))
                continue
            n += 1
            id_, name, typ, country, aliases, source = cols
            if not id_ or not name:
                problems.append("%s: empty id or name" % where)
            if id_ != id_.strip() or name != name.strip():
                problems.append("%s: leading/trailing spaces in id or name" % where)
            if not (re.fullmatch(r"Q[1-9][0-9]*", id_) or re.fullmatch(r"org:[a-z0-9]+(?:-[a-z0-9]+)*", id_)):
                problems.append("%s: id %r is neither a Wikidata id nor an org: slug" % (where, id_))
            if id_ in id_where:
                problems.append("%s: id %s already used at %s" % (where, id_, id_where[id_]))
            else:
                id_where[id_] = where
            if typ not in TYPES:
                problems.append("%s: invalid type %r" % (where, typ))
            if country and not re.fullmatch(r"[A-Z]{2}", country):
                problems.append("%s: invalid country %r" % (where, country))
            if not source:
                problems.append("%s: empty source" % where)
            alist = aliases.split("|") if aliases else []
            if any(a == "" for a in alist):
                problems.append("%s: empty alias in %r" % (where, aliases))
            if any(a != a.strip() for a in alist):
                problems.append("%s: alias with leading/trailing spaces in %r" % (where, aliases))
            if name in alist:
                problems.append("%s: alias equal to name %r" % (where, name))
            if len(set(alist)) != len(alist):
                problems.append("%s: duplicate alias in %r" % (where, aliases))
            for form in [name] + [a for a in alist if a]:
                form_ids.setdefault(form, {}).setdefault(id_, []).append(where)
        rows_per_file[fname] = n
    conflicts = 0
    for form in sorted(form_ids):
        ids = form_ids[form]
        if len(ids) > 1:
            conflicts += 1
            problems.append("surface form %r maps to %d ids: %s" % (
                form, len(ids), "; ".join("%s (%s)" % (i, ", ".join(w)) for i, w in sorted(ids.items()))))
    # The matcher also matches the ALL-CAPS form of every alias: report (as warnings, not
    # problems) upper-cased forms shared by different ids.
    upper_ids = {}
    for form, ids in form_ids.items():
        upper_ids.setdefault(form.upper(), set()).update(ids)
    warnings = ["ALL-CAPS form %r is shared by ids: %s" % (u, ", ".join(sorted(ids)))
                for u, ids in sorted(upper_ids.items()) if len(ids) > 1]
    for fname, n in sorted(rows_per_file.items()):
        print("%s: %d rows" % (fname, n))
    print("total: %d organizations, %d distinct surface forms" % (sum(rows_per_file.values()), len(form_ids)))
    print("alias conflicts: %d" % conflicts)
    print("ALL-CAPS collisions (warnings): %d" % len(warnings))
    for w in warnings:
        print("WARNING: " + w)
    for p in problems:
        print("PROBLEM: " + p)
    print("OK" if not problems else "%d problems" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
