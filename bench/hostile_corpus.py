#!/usr/bin/env python3
"""Writes a hostile corpus for the soak (bench/soak.sh): news-like records built from pieces that
broke byte-offset code before (currency signs after words, curly quotes, accents, other scripts,
right to left, emoji, combining marks, CRLF, lone CR, NUL), in every input shape newsmill reads
(JSONL with the field names of several news sources, CSV with commas and semicolons, text files,
gzip), plus records that must become rejects (bad JSON, bad UTF-8, no text), a long text without a
full stop and a long word.

Usage: hostile_corpus.py OUT_DIR [--docs N] [--seed S]
Writes OUT_DIR/input/... and OUT_DIR/expected.json with the number of input records, so that the
soak can check records read = documents + rejects. Standard library only.
"""

import argparse
import csv
import gzip
import json
import os
import random

PIECES = [
    "£1.5bn", "€20m", "¥9bn", "₹3,000", "US$5", "5¢", "“", "”", "‘", "’", "«", "»", "—", "–", "…",
    "\u00a0", "\u2009", "\u200b", "\ufeff", "\r\n", "\r", "\n\n", "\t", "\u0000", "\u2028",
    "Zürich", "São Paulo", "Côte d'Ivoire", "e\u0301", "A\u030a", "\u0301", "Ελλάδα", "Москва",
    "東京", "北京", "مصر", "ישראל", "\u202e", "\u200f", "🙂", "👩‍👩‍👧", "🇬🇧", "𝔘𝔖",
    ".", "!", "?", ",", ";", ":", "-", "(", ")", "<", ">", "'", "\"", "&", "Mr.", "U.S.", "Inc.",
    "Ltd", "plc", "(ABC)", "<BP.L>", "India", "Jordan", "Chad", "Georgia", "China", "Barclays",
    "Vodafone", "Apple", "IBM", "Bank", "of", "the", "and", "said", "LONDON", "oil", "gold",
    "inflation", "election", "football", "THE", "GOVERNMENT", "1987", "3.5", "a", "word",
]

# (text field, title field, date field, id field, date format) of several news sources.
SHAPES = [
    ("text", "title", "published_at", "id", "%Y-%m-%dT%H:%M:%SZ"),
    ("content", "title", "publishedAt", "url", "%Y-%m-%dT%H:%M:%S+0000"),
    ("body", "headline", "pubDate", "guid", "%a, %d %b %Y %H:%M:%S GMT"),
    ("full_text", "Title", "date", "doc_id", "%B %d, %Y"),
    ("story", "headline", "seendate", "id", "%Y%m%dT%H%M%SZ"),
    ("article", "title", "datetime", "id", "epoch"),
]


def text(rng, n):
    out = []
    for _ in range(n):
        out.append(rng.choice(PIECES))
        if rng.random() < 0.7:
            out.append(" ")
    return "".join(out)


def date(rng, fmt):
    import datetime

    t = datetime.datetime(2023, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(
        seconds=rng.randrange(0, 365 * 86400)
    )
    return int(t.timestamp()) if fmt == "epoch" else t.strftime(fmt)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--docs", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=17)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    inp = os.path.join(a.out, "input")
    os.makedirs(inp, exist_ok=True)
    records = 0
    # JSONL, one file per source shape, some gzip'd.
    for k, (tf, hf, df, idf, fmt) in enumerate(SHAPES):
        lines = []
        for i in range(a.docs // len(SHAPES)):
            rec = {idf: f"s{k}-{i}", tf: text(rng, rng.randrange(1, 200)), hf: text(rng, 6), df: date(rng, fmt)}
            if rng.random() < 0.1:
                rec["source"] = {"id": None, "name": text(rng, 2)}
            lines.append(json.dumps(rec, ensure_ascii=rng.random() < 0.5))
        # Records that must become rejects.
        lines += ['{"id": "bad-json-%d", "text": "unterminated' % k, '["not an object"]', '{"id": "empty-%d", "text": "  "}' % k]
        records += len(lines)
        body = ("\n".join(lines) + "\n").encode()
        if k % 2:
            with gzip.open(os.path.join(inp, f"shape{k}.jsonl.gz"), "wb") as f:
                f.write(body)
        else:
            with open(os.path.join(inp, f"shape{k}.jsonl"), "wb") as f:
                f.write(body)
    # A line of invalid UTF-8 between good ones.
    with open(os.path.join(inp, "bad_utf8.jsonl"), "wb") as f:
        f.write(b'{"id": "u1", "text": "Good \xc2\xa3 text."}\n{"id": "u2", "text": "Bad \xff\xfe bytes."}\n{"id": "u3", "text": "Good again."}\n')
    records += 3
    # CSV with commas and CSV with semicolons (read with ingest defaults: the semicolon file is
    # one column, so its rows are rejects or documents without text, never lost).
    for name, delim in (("comma.csv", ","), ("semicolon.csv", ";")):
        with open(os.path.join(inp, name), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, delimiter=delim)
            w.writerow(["id", "title", "text", "date"])
            for i in range(200):
                w.writerow([f"{name}-{i}", text(rng, 5), text(rng, rng.randrange(1, 80)).replace("\u0000", ""), date(rng, "%Y-%m-%d %H:%M")])
        records += 200
    # Text files: one document each, one of them UTF-16 with a BOM, one long without a full stop.
    for i in range(50):
        with open(os.path.join(inp, f"doc{i}.txt"), "w", encoding="utf-8") as f:
            f.write(text(rng, 10).replace("\n", " ") + "\n\n" + text(rng, rng.randrange(5, 400)))
    with open(os.path.join(inp, "utf16.txt"), "wb") as f:
        f.write(b"\xff\xfe" + "Zürich £1.5bn India 東京 🙂\n\nBarclays said so.".encode("utf-16-le"))
    with open(os.path.join(inp, "no_full_stop.txt"), "w", encoding="utf-8") as f:
        f.write("India Barclays £1.5bn Zürich “quoted” 東京 " * 40000)
    with open(os.path.join(inp, "long_word.txt"), "w", encoding="utf-8") as f:
        f.write("x" * 2_000_000)
    records += 53
    # A hidden file: skipped with a warning, not a record.
    with open(os.path.join(inp, ".hidden.jsonl"), "w") as f:
        f.write('{"id": "hidden", "text": "Not read."}\n')
    with open(os.path.join(a.out, "expected.json"), "w") as f:
        json.dump({"records": records}, f)
    print(f"{inp}: {records} records")


if __name__ == "__main__":
    main()
