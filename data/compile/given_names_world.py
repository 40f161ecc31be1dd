#!/usr/bin/env python3
"""Compiles data/tag/given_names_world.txt: given names of 106 countries beyond the US Census
list of data/tag/given_names.txt (Ahmed, Mehmet, Oleksandr, Somchai, Zoe, ...).

Source: sigpwned/popular-names-by-country-dataset, `common-forenames-by-country.csv` (the most
popular given names by country as Wikipedia's "List of most popular given names" gives them,
July 2023; CC0). Usage:

    git clone https://github.com/sigpwned/popular-names-by-country-dataset
    python3 data/compile/given_names_world.py popular-names-by-country-dataset/common-forenames-by-country.csv /usr/share/dict/words

Kept: the romanized form of each name that is one word of letters only, at least 3 of them,
opening with a capital; not in given_names.txt already; and not an English word (the word
list of Debian's `wamerican` package, /usr/share/dict/words, in lower case: "Ivy", "Jade",
"Said", "Sultan", "Sheikh" go, since a capitalized common word opening a sentence says nothing).
"""
import csv
import os
import sys


def main():
    src, words_path = sys.argv[1], sys.argv[2]
    here = os.path.dirname(os.path.abspath(__file__))
    tag = os.path.join(here, "..", "tag")
    with open(os.path.join(tag, "given_names.txt"), encoding="utf-8") as f:
        have = {l.strip() for l in f if l.strip() and not l.startswith("#")}
    with open(words_path, encoding="utf-8") as f:
        english = {w.strip() for w in f if w.strip().islower()}
    keep = set()
    with open(src, encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            n = row["Romanized Name"].strip()
            if (
                len(n) >= 3
                and n.isalpha()
                and n[0].isupper()
                and n[1:].islower()
                and n not in have
                and n.lower() not in english
            ):
                keep.add(n)
    out = os.path.join(tag, "given_names_world.txt")
    with open(out, "w", encoding="utf-8") as f:
        f.write(
            "# Given names of 106 countries beyond given_names.txt: the most popular given names by\n"
            "# country (sigpwned/popular-names-by-country-dataset, CC0), without English words\n"
            "# (data/compile/given_names_world.py; see data/SOURCES.md). One a line.\n"
        )
        for n in sorted(keep):
            f.write(n + "\n")
    print(f"{len(keep)} names -> {out}")


if __name__ == "__main__":
    main()
