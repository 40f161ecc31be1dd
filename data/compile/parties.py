#!/usr/bin/env python3
"""Compiles data/organizations/parties.tsv: political parties of the world with their Wikidata ids,
from Party Facts (https://github.com/hdigital/partyfactsdata, MIT; Döring and Regel 2019, "Party
Facts: A Database of Political Parties Worldwide", Party Politics 25(2)).

Usage:

    git clone https://github.com/hdigital/partyfactsdata /tmp/partyfactsdata
    pip install names==0.3.0 english-words==2.0.2
    python3 data/compile/parties.py /tmp/partyfactsdata [SHARED_DIR]

SHARED_DIR (default ../shared beside the repository): the places of `clubs.py`'s filter.

It reads `import/wikipedia/wikidata.csv` (each core party with its Wikidata id, English name,
short name and native name), `import/wikipedia/wikipedia.csv` (the year it was dissolved) and
`import/elecglob/partyfacts-core-parties.csv` (the core parties' best share of the vote).
Each party becomes an entry of type `political_party` in its country, with the Wikidata id as its
id (the id `data/organizations/curated.tsv` gives the parties it has: Q9626 is the UK's Labour
Party). Left out, because newsmill matches every name wherever it is written capitalized:
- parties dissolved before 1985 (the oldest news the corpora hold is of 1987; the year of
  Wikipedia, else the core list's last year), parties an earlier organization file has (same
  id), and a name that opens with a person's given name and has no party word ("Ali Bapir");
- a Wikipedia disambiguation in brackets is dropped from a name ("Labour Party (Norway)"), then
  any name two parties share ("Labour Party", "Green Party"), and any name or alias an earlier
  organization file or the country files use (the earlier files win);
- a name of two words or fewer made only of common English words and a party word ("Liberal
  Party", "Civic Platform", "The Alternative": another country's party, a movement or a phrase as
  often; `english-words` gcide list, MIT), and a one-word name of fewer than five letters, or
  that is a common word (or its plural: "Citizens"), a place or a person's name ("Lipa"), as
  `clubs.py` decides for clubs;
- a short name unless it is an acronym of four to six characters, at least two of them
  capitals, that is no common word in any case ("SWAPO", "MSZP"), of a party that exists and has
  won at least a twentieth of a national vote: three letters name too many other things ("GPS",
  "CSV", "MSP" are parties' too), and so does an old or a small party's acronym; and a native
  name unless it is written in Latin letters and has two words or more.
Deterministic: sorted by id. Stdlib only, besides the two word lists.
"""
import csv
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clubs import person_names, places  # noqa: E402  (the same filter as the clubs')

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(REPO, "data", "organizations", "parties.tsv")
HEADER = ["id", "name", "type", "country", "aliases", "source"]

# The oldest year of dissolution kept.
MIN_YEAR = 1985

# The least best share of a national vote (percent) for a party's acronym to be kept.
MIN_SHARE_FOR_ACRONYM = 5.0

# Words that make a name a party's whatever else it says; with common words only, such a name
# names no one party.
PARTY_WORDS = set("""
party parties front alliance union movement congress league bloc block coalition platform
federation rally council forum assembly group list organisation organization association
""".split())

# Words that do not count as a name's own ("Party of the Left").
FUNCTION_WORDS = set("the of and for a an in to on with".split())


def read_tsv(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def english_words():
    from english_words import get_english_words_set

    return get_english_words_set(["gcide"], lower=True, alpha=True)


def taken_names():
    """Ids, and every name and alias (lower case), of the earlier organization files and the
    country files."""
    ids, names = set(), set()
    org_dir = os.path.join(REPO, "data", "organizations")
    for f in sorted(os.listdir(org_dir)):
        if not f.endswith(".tsv") or f in ("parties.tsv", "reuters_orgs.tsv"):
            continue
        for row in read_tsv(os.path.join(org_dir, f)):
            ids.add(row["id"])
            names.add(row["name"].lower())
            names.update(a.strip().lower() for a in (row.get("aliases") or "").split("|") if a.strip())
    for row in read_tsv(os.path.join(REPO, "data", "countries", "countries.tsv")):
        names.add(row["name"].lower())
    for f in ("aliases.tsv", "aliases_mledoze.tsv"):
        for row in read_tsv(os.path.join(REPO, "data", "countries", f)):
            names.add(row["alias"].lower())
    for row in read_tsv(os.path.join(REPO, "data", "countries", "cities.tsv")):
        names.add(row["city"].lower())
    return ids, names


def alpha2():
    return {r["alpha3"]: r["alpha2"] for r in read_tsv(os.path.join(REPO, "data", "countries", "countries.tsv"))}


def clean(name):
    """A name without its disambiguation in brackets, on one line, without the characters the
    TSV files use ("|" separates aliases)."""
    name = re.sub(r"\s*\([^)]*\)\s*$", "", name or "").strip()
    name = re.sub(r"\s+", " ", name)
    return "" if "|" in name or '"' in name else name


def words_of(name):
    return [w for w in re.split(r"[^\w]+", name.lower().replace("'s ", " ")) if w]


def common(w, words):
    """A common word, or the plural of one."""
    return w in words or (w.endswith("s") and w[:-1] in words) or (w.endswith("es") and w[:-2] in words)


def one_word_ok(name, words, place, persons):
    """A one-word name that names the party alone: five letters or more, no common word, no
    place, no person's name."""
    return (
        len(name) >= 5
        and not common(name.lower(), words)
        and name not in place
        and name.capitalize() not in persons
    )


def generic(name, words):
    """A name of common words only, at most two of its own beside the party words ("Liberal
    Party", "Civic Platform", "The Alternative"), or one common word."""
    ws = [w for w in words_of(name) if w not in FUNCTION_WORDS]
    own = [w for w in ws if w not in PARTY_WORDS]
    if not all(common(w, words) or w in PARTY_WORDS for w in ws):
        return False
    return len(ws) <= 2 or len(own) <= 1


def latin(s):
    return all(c.isascii() or "\u00c0" <= c <= "\u024f" for c in s)


def keep_short(s, words):
    return (
        4 <= len(s) <= 6
        and re.fullmatch(r"[A-Za-z0-9\-]+", s) is not None
        and sum(c.isupper() for c in s) >= 2
        and s.lower() not in words
    )


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    root = sys.argv[1]
    shared = sys.argv[2] if len(sys.argv) == 3 else os.path.join(os.path.dirname(REPO), "shared")
    words = english_words()
    place, persons = places(shared), person_names()
    ids, taken = taken_names()
    a2 = alpha2()
    with open(os.path.join(root, "import", "wikipedia", "wikipedia.csv"), encoding="utf-8") as f:
        dissolved = {r["partyfacts_id"]: r["year_dissolved"] for r in csv.DictReader(f)}
    with open(os.path.join(root, "import", "wikipedia", "wikidata.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    core = os.path.join(root, "import", "elecglob", "partyfacts-core-parties.csv")
    with open(core, encoding="utf-8") as f:
        core_rows = list(csv.DictReader(f))
    share = {r["partyfacts_id"]: float(r["share"]) for r in core_rows if r["share"]}
    for r in core_rows:
        # The core list's last year where Wikipedia gives none.
        if r["year_last"] and not dissolved.get(r["partyfacts_id"]):
            dissolved[r["partyfacts_id"]] = r["year_last"]
    parties = []
    for r in rows:
        qid = r["wikidata_id"].strip()
        country = a2.get(r["country"])
        year = dissolved.get(r["partyfacts_id"], "")
        if not re.fullmatch(r"Q\d+", qid) or not country or qid in ids:
            continue
        if year.isdigit() and int(year) < MIN_YEAR:
            continue
        name = clean(r["name"])
        if not name:
            continue
        # A person's name is no party's (the list has a leader's name for a party).
        ws = name.split()
        if ws[0] in persons and not any(w.lower() in PARTY_WORDS for w in ws):
            continue
        names = [name]
        short = (r["name_short"] or "").strip()
        big = share.get(r["partyfacts_id"], 0.0) >= MIN_SHARE_FOR_ACRONYM
        if short and big and not year and keep_short(short, words):
            names.append(short)
        native = clean(r["name_native"])
        if native and latin(native) and len(native.split()) >= 2:
            names.append(native)
        parties.append((qid, country, names))
    # Names two parties share name neither.
    count = {}
    for _, _, names in parties:
        for n in {n.lower() for n in names}:
            count[n] = count.get(n, 0) + 1
    out = []
    for qid, country, names in parties:
        seen, keep = set(), []
        for n in names:
            k = n.lower()
            if k in seen or count[k] > 1 or k in taken or generic(n, words):
                continue
            if n == names[0] and " " not in n and not one_word_ok(n, words, place, persons):
                continue
            if n != names[0] and (n in place or n.capitalize() in persons):
                continue
            seen.add(k)
            keep.append(n)
        if not keep or keep[0] != names[0]:
            # The party's own name must stand: an alias alone would name it by a short form
            # only (and the name is what the tables show).
            continue
        out.append([qid, keep[0], "political_party", country, "|".join(keep[1:]), "partyfacts"])
    out.sort(key=lambda r: int(r[0][1:]))
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        for row in [HEADER] + out:
            f.write("\t".join(row) + "\n")
    print(f"{len(out)} parties of {len(rows)} -> {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
