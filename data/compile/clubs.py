#!/usr/bin/env python3
"""Compiles data/organizations/football_clubs.tsv: football clubs of the world and the names news
uses for them, from openfootball's football.db clubs lists (https://github.com/openfootball/clubs,
CC0 1.0: public domain).

Usage:

    git clone https://github.com/openfootball/clubs /tmp/openfootball-clubs
    pip install names==0.3.0 english-words==2.0.2
    python3 data/compile/clubs.py /tmp/openfootball-clubs [SHARED_DIR]

SHARED_DIR (default ../shared beside the repository) gives GeoNames' cities of over 15,000 people
(`gazetteer/geonames_via_geotext/cities15000.txt`, CC BY) and the ISO 3166-2 subdivisions
(`gazetteer/iso-codes/iso_3166-2.json`) for the filter below.

Each club (a line `Name, founded, @ stadium, city` of a `*.clubs.txt` file) becomes an entry of
type `sports` in the country of its file, with the names listed under it (`| Arsenal | FC
Arsenal`). Left out, because newsmill matches every alias wherever it is written capitalized:
- defunct clubs (`Thames AFC (1928-1932)`) and reserve teams (`ii) ...`);
- abbreviations with a period (`Tottenham H.`, `Bayern Mün.`), aliases of one or two letters and
  letters alone ("PSV", "HJK": too many other organizations and terms share them);
- a one-word alias that is a common English word, or one in the singular ("Arsenal", "Palace",
  "Rangers", "Wolves": `english-words` gcide list, MIT), a place (a country, a subdivision, a city
  of `data/countries/cities.tsv` or of GeoNames, a town a club of the lists plays in: "Liverpool",
  "Atlanta", "Kilmarnock", "Wimbledon" of "London (Wimbledon)"; the learned recognizer finds such clubs in a sports context), a given name or a common surname (US Census 1990 via the PyPI package
  `names`, public domain: "Chelsea", "Sutton"), or a generic club word (FC, Sporting, Dynamo);
- an alias that stops inside a word of another name of the same club (the lists carry names cut
  to a width: "Philadelphia Unio");
- any alias two clubs share ("Rangers", "Nacional"), and any alias an earlier organization file
  uses (`data/organizations/curated*.tsv` win: their sports entries keep their ids and names,
  the clubs list only adds names to them when the club is of the same country).
Deterministic: sorted by id. Stdlib only, besides the two word lists.
"""
import csv
import os
import re
import sys
import unicodedata

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(REPO, "data", "organizations", "football_clubs.tsv")
HEADER = ["id", "name", "type", "country", "aliases", "source"]

# File prefixes of openfootball that are not ISO 3166-1 alpha-2 codes.
PREFIX_COUNTRY = {"eng": "GB", "sco": "GB", "wal": "GB", "nir": "GB", "kos": "XK"}

# Words that name a kind of club, not one club (alone they say nothing).
GENERIC = set("""
AFC AC AS CA CD CF CS EC FC FK GKS KS NK SC SD SE SK SS SSC SV TSV UD US VfB VfL
Athletic Atletico Atlético Club Deportivo Dinamo Dynamo Nacional Olimpia Olympic Olympique
Racing Real Sporting Sport Union United Universidad Universitario City Town Rovers Wanderers
""".split())

# A surname must be at least this common (percent of the 1990 US population) to be left out:
# about the 5,000 most common surnames.
MIN_SURNAME_PERCENT = 0.002


def slug(name):
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    s = s.replace("&", " and ")
    return "org:" + re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def loose(name):
    """Key under which two spellings of one club meet: no FC/F.C./AFC, no punctuation."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    s = re.sub(r"\b(a\.?f\.?c\.?|f\.?c\.?)(?=\s|$)", " ", s)
    return re.sub(r"[^a-z0-9]+", "", s)


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def places(shared):
    out = set()
    with open(os.path.join(shared, "gazetteer", "geonames_via_geotext", "cities15000.txt"), encoding="utf-8") as f:
        for line in f:
            p = line.split("\t")
            if len(p) > 3:
                out.add(p[1])
                out.add(p[2])
                out.update(a for a in p[3].split(",") if a)
    import json

    with open(os.path.join(shared, "gazetteer", "iso-codes", "iso_3166-2.json"), encoding="utf-8") as f:
        out.update(s["name"] for s in json.load(f)["3166-2"])
    for row in read_tsv(os.path.join(REPO, "data", "countries", "cities.tsv")):
        out.add(row["city"])
        out.update(a.strip() for a in (row.get("alternatives") or "").split("|") if a.strip())
    for row in read_tsv(os.path.join(REPO, "data", "countries", "countries.tsv")):
        out.add(row["name"])
    for f in ("aliases.tsv", "aliases_mledoze.tsv"):
        for row in read_tsv(os.path.join(REPO, "data", "countries", f)):
            out.update(v for k, v in row.items() if k in ("alias", "name") and v)
    return out


def person_names():
    import names  # PyPI `names` 0.3.0: the US Census 1990 files

    root = os.path.dirname(names.__file__)
    out = set()
    for f in ("dist.male.first", "dist.female.first"):
        with open(os.path.join(root, f)) as fh:
            out.update(line.split()[0].capitalize() for line in fh if line.strip())
    with open(os.path.join(root, "dist.all.last")) as fh:
        for line in fh:
            p = line.split()
            if len(p) >= 2 and float(p[1]) >= MIN_SURNAME_PERCENT:
                out.add(p[0].capitalize())
    for f in ("given_names.txt", "person_prone.txt"):
        with open(os.path.join(REPO, "data", "tag", f), encoding="utf-8") as fh:
            out.update(w.strip() for w in fh if w.strip() and not w.startswith("#"))
    return out


def english_words():
    from english_words import get_english_words_set

    return get_english_words_set(["gcide"], lower=True, alpha=True)


def parse(path):
    """Yields (name, [aliases], [towns]) per current club of one openfootball file."""
    club = None
    for raw in open(path, encoding="utf-8"):
        line = raw.rstrip("\n")
        body = line.split("#", 1)[0].rstrip()
        if not body.strip():
            continue
        if body.startswith((" ", "\t")):
            s = body.strip()
            if s.startswith("|") and club is not None:
                club[1].extend(p.strip() for p in s.strip("|").split("|"))
            continue  # an address line or the aliases of a skipped club
        if club is not None:
            yield club
        club = None
        if body.startswith(("=", "ii)", "iii)", "|")):
            continue
        fields = [f.strip() for f in body.split(",")]
        name = fields[0]
        if re.search(r"\(\d{4}\s*-\s*\d{0,4}\)", name) or not re.search(r"[A-Za-z]", name):
            continue  # defunct
        towns = []
        for f in fields[1:]:
            if f and not f.startswith("@") and not re.fullmatch(r"\d{4}", f):
                # "London (Wimbledon)": the town and the district are both places.
                towns.extend(t.strip() for t in re.split(r"[()]", f) if t.strip())
        club = (name, [], towns)
    if club is not None:
        yield club


def clean(alias):
    a = re.sub(r"\[[a-z]{2}\]", "", alias).strip()
    a = re.sub(r"\s+", " ", a)
    return a


def cut(a, b):
    """`a` is `b` cut inside a word ("Philadelphia Unio" of "Philadelphia Union")."""
    return len(b) > len(a) and b.startswith(a) and b[len(a)].isalnum() and a[-1].isalnum()


def keep_alias(a, words, place, persons):
    if len(a) <= 2 or "." in a.replace("F.C.", ""):
        return False
    if not re.search(r"[A-Za-z]", a) or not a[0].isupper() and not a[0].isdigit():
        return False
    if " " in a:
        return a not in place
    if a in GENERIC or a in place or a in persons or a.upper() == a:
        return False
    low = a.lower()
    if low in words or (low.endswith("s") and low[:-1] in words):
        return False
    return True


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    root = sys.argv[1]
    shared = sys.argv[2] if len(sys.argv) == 3 else os.path.join(os.path.dirname(REPO), "shared")
    words, place, persons = english_words(), places(shared), person_names()
    curated = {}
    taken = set()
    ids = set()
    for f in ("curated.tsv", "curated_more.tsv", "intergovernmental.tsv", "companies.tsv"):
        for row in read_tsv(os.path.join(REPO, "data", "organizations", f)):
            forms = [row["name"]] + [a for a in (row["aliases"] or "").split("|") if a]
            taken.update(forms)
            ids.add(row["id"])
            if row["type"] == "sports":
                for form in forms:
                    curated.setdefault((loose(form), row["country"]), row)
    clubs = []
    for dirpath, _, files in sorted(os.walk(root)):
        for fn in sorted(files):
            m = re.fullmatch(r"([a-z]+)\.clubs\.txt", fn)
            if not m:
                continue
            country = PREFIX_COUNTRY.get(m.group(1), m.group(1).upper())
            for name, aliases, towns in parse(os.path.join(dirpath, fn)):
                forms = []
                for a in [name] + aliases:
                    a = clean(a)
                    if a and a not in forms:
                        forms.append(a)
                forms = [a for a in forms if not any(cut(a, b) for b in forms)]
                clubs.append((name, country, forms))
                place.update(towns)
    # An alias of two clubs names neither.
    count = {}
    for _, _, forms in clubs:
        for a in set(forms):
            count[a] = count.get(a, 0) + 1
    rows = {}
    for name, country, forms in clubs:
        cur = next((curated[(loose(f), country)] for f in forms if (loose(f), country) in curated), None)
        keep = [
            a for a in forms
            if count[a] == 1 and a not in taken and keep_alias(a, words, place, persons)
        ]
        if cur is not None:
            if keep:
                row = rows.setdefault(cur["id"], [cur["id"], cur["name"], "sports", cur["country"], []])
                row[4].extend(a for a in keep if a not in row[4])
            continue
        if name not in keep:
            # The club's own name is ambiguous or a place: the entry is found by its other names.
            if not keep:
                continue
            cname, rest = keep[0], keep[1:]
        else:
            cname, rest = name, [a for a in keep if a != name]
        id_ = slug(cname)
        if id_ in ids:
            id_ = "org:club-" + id_[4:]
        if id_ in rows:
            continue
        rows[id_] = [id_, cname, "sports", country, rest]
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        f.write("\t".join(HEADER) + "\n")
        for id_ in sorted(rows):
            i, n, t, c, al = rows[id_]
            f.write("\t".join([i, n, t, c, "|".join(al), "openfootball"]) + "\n")
    print(f"{len(rows)} clubs written to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
