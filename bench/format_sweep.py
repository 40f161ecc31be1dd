#!/usr/bin/env python3
"""The corpora's articles as users' inputs: does every realistic document become a document, in
every input format, with its mentions where they say they are?

    python bench/format_sweep.py --corpora ../shared/corpora --newsmill target/debug/newsmill

Takes the documents of the corpora in `--corpora` (the seed article, the worldwide newswire's
Asia and Africa articles, CoNLL-2003 train, `--reuters N` Reuters-21578 stories with a body, the
Wikinews interviews' texts) as (title, text) and writes them under a temp folder in /tmp, one
folder per format:

- `.txt` with the title as first line: LF, CRLF, a blank line after the title or not, the title
  repeated as the text's first paragraph, in Windows-1252 where the text can be; `.md` with YAML (`---`) and TOML (`+++`) front matter
  and with a `# Title` heading;
- JSONL: id/title/text; the title repeated at the start of the text (a line, a paragraph); odd
  field names (`headline`/`articleBody`/`datePublished`/`link`, `Title`/`Content`/`publishedAt`,
  paragraphs as an array); HTML bodies (`<p>` paragraphs, character references);
- CSV: comma (CRLF, quoted newlines), semicolon after a `sep=;` line;
- Parquet;
- perturbed (JSONL unless said): curly quotes, non-breaking spaces, thin spaces, soft hyphens,
  zero-width spaces and joiners, emoji, right-to-left marks, all-caps titles, hard-wrapped at 72
  columns (`.txt` LF and CRLF), one very long line, no punctuation.

Runs `newsmill run FOLDER -o OUT -q` (use the DEBUG build: overflow checks on) on each and checks:
exit 0 and no reject, no panic or internal error on standard error, every article a document,
every mention's surface equal to its byte slice and its character slice of its field, and every
mention inside its sentence. Then compares each format's entities per article (the set of
(kind, entity_id) over title and text) with the plain JSONL's and reports what was lost and
gained, per kind, with the most frequent names. Writes the whole report as JSON (`--report`).

Exit code 1 when a check failed (differences across formats are reported, not failures). The
corpus texts stay under /tmp (`--keep` keeps the folder; it is removed otherwise). Needs pyarrow
(the bench venv: `bash tests/python-env.sh` prints its python).
"""

import argparse
import collections
import csv
import html
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# ---------------------------------------------------------------- the corpora's articles


def para_split(body):
    """Paragraphs of a text: blank-line separated blocks, or lines when it has no blank line."""
    body = body.replace("\r\n", "\n").strip("\n")
    if "\n\n" in body:
        paras = [p.strip("\n") for p in re.split(r"\n\s*\n", body)]
    else:
        paras = body.split("\n")
    return [p for p in paras if p.strip()]


def first_sentence(par):
    """A headline for an article without one: the lede's first sentence (or its first words)."""
    m = re.match(r"(.{20,160}?[.!?])[\"'”’]?\s", par)
    if m:
        return m.group(1), par[m.end():]
    words = par.split()
    return " ".join(words[:10]), " ".join(words[10:])


def load(corpora, n_reuters):
    """[(key, title, body)]: body is the text without the title, paragraphs split by blank lines
    (or by lines, as the corpus has them); LF line ends."""
    docs = []
    seen = set()

    def add(key, title, body):
        title = " ".join(title.split())
        body = body.replace("\r\n", "\n").strip("\n")
        if not title or not body.strip() or (title, body) in seen:
            return
        seen.add((title, body))
        docs.append((key, title, body))

    seed = os.path.join(corpora, "seed", "deepseek_us_china_ai_race.txt")
    if os.path.exists(seed):
        t = open(seed, encoding="utf-8").read()
        title, _, body = t.partition("\n")
        add("seed", title, body)
    nw = os.path.join(corpora, "worldwide_newswire", "worldwide_newswire_asia_africa.jsonl")
    if os.path.exists(nw):
        for line in open(nw, encoding="utf-8"):
            d = json.loads(line)
            t = d["text"].replace("\r\n", "\n")
            lines = t.split("\n")
            if lines and lines[0].startswith("http"):
                t = "\n".join(lines[1:])
            paras = para_split(t)
            if not paras:
                continue
            title, rest = first_sentence(paras[0])
            paras = ([rest] if rest.strip() else []) + paras[1:]
            add("nw-" + d["doc_id"], title, "\n\n".join(paras))
    conll = os.path.join(corpora, "conll2003", "conll2003_train.jsonl")
    if os.path.exists(conll):
        for line in open(conll, encoding="utf-8"):
            d = json.loads(line)
            title, _, body = d["text"].partition("\n")
            add("c-" + d["doc_id"], title, body)
    reuters = os.path.join(corpora, "reuters21578", "reuters21578.jsonl")
    if os.path.exists(reuters):
        n = 0
        for line in open(reuters, encoding="utf-8"):
            if n >= n_reuters:
                break
            d = json.loads(line)
            if not (d.get("body") or "").strip() or not (d.get("title") or "").strip():
                continue
            body = (d.get("dateline") or "").strip() + " " + d["body"]
            add("r-%d" % d["newid"], d["title"], body)
            n += 1
    wn = os.path.join(corpora, "..", "sentences", "ud_english_gum",
                      "gum_wikinews_interviews.sentences.jsonl")
    if os.path.exists(wn):
        for line in open(wn, encoding="utf-8"):
            d = json.loads(line)
            title, _, body = d["text"].partition("\n")
            add("wn-" + d["doc_id"], title, body)
    return docs


# ---------------------------------------------------------------- perturbations of (title, body)


def curly(t, rng):
    t = re.sub(r"(^|[\s(\[])\"", "\\1\u201c", t)
    t = t.replace('"', "\u201d")
    t = re.sub(r"(^|[\s(\[])'", "\\1\u2018", t)
    return t.replace("'", "\u2019")


def spaces_with(chars, share):
    def f(t, rng):
        return re.sub(" ", lambda m: rng.choice(chars) if rng.random() < share else " ", t)
    return f


def soft_hyphens(t, rng):
    # Long words get a soft hyphen in the middle, as hyphenating HTML scrapes carry them.
    return re.sub(r"\b([A-Za-z]{4,})([a-z]{4,})\b",
                  lambda m: m.group(1) + "\u00ad" + m.group(2) if rng.random() < 0.5 else m.group(0), t)


def zero_width(t, rng):
    # Zero-width spaces after words and zero-width joiners inside some words.
    t = re.sub(r"(\w) ", lambda m: m.group(1) + ("\u200b " if rng.random() < 0.15 else " "), t)
    return re.sub(r"\b([a-z]{3})([a-z]{3,})\b",
                  lambda m: m.group(1) + "\u200d" + m.group(2) if rng.random() < 0.05 else m.group(0), t)


EMOJI = ["\U0001F642", "\U0001F525", "\U0001F1EC\U0001F1E7", "\U0001F469\u200d\U0001F469\u200d\U0001F467",
         "\u2764\ufe0f", "\U0001F44D\U0001F3FD"]


def emoji(t, rng):
    return re.sub(r"([.!?]) ", lambda m: m.group(1) + (" " + rng.choice(EMOJI) + " "
                                                        if rng.random() < 0.3 else " "), t)


def rtl_marks(t, rng):
    t = re.sub(r"(\d+)", lambda m: "\u200f" + m.group(1) + "\u200e" if rng.random() < 0.3 else m.group(1), t)
    return "\n\n".join("\u200f" + p if rng.random() < 0.3 else p for p in t.split("\n\n"))


def no_punct(t, rng):
    return re.sub(r"[.!?;:,]", "", t)


def wrap72(body):
    return "\n\n".join(textwrap.fill(" ".join(p.split()), 72, break_long_words=False,
                                     break_on_hyphens=False) for p in para_split(body))


def long_line(body):
    return " ".join(" ".join(p.split()) for p in para_split(body))


def both(f):
    """A perturbation of title and body alike, seeded by the article."""
    def g(title, body, key):
        rng = random.Random(key)
        return f(title, rng), f(body, rng)
    return g


def body_only(f):
    def g(title, body, key):
        return title, f(body)
    return g


PERTURB = {
    "curly_quotes": both(curly),
    "nbsp": both(spaces_with(["\u00a0"], 0.3)),
    "thin_spaces": both(spaces_with(["\u2009", "\u202f", "\u200a"], 0.3)),
    "soft_hyphens": both(soft_hyphens),
    "zero_width": both(zero_width),
    "emoji": lambda t, b, k: ("\U0001F525 " + t, emoji(b, random.Random(k))),
    "rtl_marks": both(rtl_marks),
    "all_caps_title": lambda t, b, k: (t.upper(), b),
    "long_line": body_only(long_line),
    "no_punctuation": both(no_punct),
}


# ---------------------------------------------------------------- writers, one per input format


def paragraphs_text(body):
    """The plain text users' files hold: paragraphs separated by a blank line."""
    return "\n\n".join(para_split(body))


def write_txt(dirname, docs, sep="\n", blank=False, repeat=False, wrap=False, ext=".txt",
              legacy=False):
    """`legacy`: each file in Windows-1252 where its text can be (a British news file's latin-1
    "£"), else in UTF-8, as a folder gathered from several sources holds them."""
    for key, title, body in docs:
        text = wrap72(body) if wrap else paragraphs_text(body)
        if repeat:
            text = title + "\n\n" + text
        s = (title + "\n" + ("\n" if blank else "") + text + "\n").replace("\n", sep)
        data = s.encode("utf-8")
        if legacy:
            try:
                data = s.encode("cp1252")
            except UnicodeEncodeError:
                pass
        with open(os.path.join(dirname, key + ext), "wb") as f:
            f.write(data)


def write_front(dirname, docs, toml):
    for i, (key, title, body) in enumerate(docs):
        date = "2024-%02d-%02dT09:30:00Z" % (1 + i % 12, 1 + i % 28)
        if toml:
            head = '+++\ntitle = %s\ndate = %s\ntags = ["news"]\n+++\n' % (json.dumps(title, ensure_ascii=False), date)
        else:
            head = "---\ntitle: %s\ndate: %s\ntags:\n  - news\n---\n" % (json.dumps(title, ensure_ascii=False), date)
        with open(os.path.join(dirname, key + ".md"), "w", encoding="utf-8") as f:
            f.write(head + "\n" + paragraphs_text(body) + "\n")


def write_md_heading(dirname, docs):
    for key, title, body in docs:
        with open(os.path.join(dirname, key + ".md"), "w", encoding="utf-8") as f:
            f.write("# " + title + "\n\n" + paragraphs_text(body) + "\n")


def write_jsonl(dirname, docs, rec):
    with open(os.path.join(dirname, "articles.jsonl"), "w", encoding="utf-8") as f:
        for i, (key, title, body) in enumerate(docs):
            f.write(json.dumps(rec(i, key, title, body), ensure_ascii=i % 2 == 0) + "\n")


def html_body(title, body, h1):
    ps = "".join("<p>%s</p>\n" % html.escape(p).replace("\u2019", "&rsquo;").replace("\u00a0", "&nbsp;")
                 for p in para_split(body))
    head = "<h1>%s</h1>\n" % html.escape(title) if h1 else ""
    return '<article class="story">\n%s<div class="body">\n%s</div>\n<script>var x = "<p>ad</p>";</script></article>' % (head, ps)


def write_csv(dirname, docs, delimiter, sep_line, lineterminator):
    with open(os.path.join(dirname, "articles.csv"), "w", encoding="utf-8", newline="") as f:
        if sep_line:
            f.write("sep=%s%s" % (delimiter, lineterminator))
        w = csv.writer(f, delimiter=delimiter, lineterminator=lineterminator)
        w.writerow(["id", "title", "published_at", "text"])
        for i, (key, title, body) in enumerate(docs):
            w.writerow([key, title, "2024-03-%02d" % (1 + i % 28), paragraphs_text(body)])


def write_parquet(dirname, docs):
    t = pa.table({"id": [d[0] for d in docs], "title": [d[1] for d in docs],
                  "text": [paragraphs_text(d[2]) for d in docs]})
    pq.write_table(t, os.path.join(dirname, "articles.parquet"))


def plain(i, key, title, body):
    return {"id": key, "title": title, "text": paragraphs_text(body)}


FORMATS = {
    # name: (writer(dirname, docs), what the title and body become: None = as they are)
    "jsonl": (lambda d, docs: write_jsonl(d, docs, plain), None),
    "txt_lf": (lambda d, docs: write_txt(d, docs), None),
    "txt_crlf": (lambda d, docs: write_txt(d, docs, sep="\r\n"), None),
    "txt_blank_line": (lambda d, docs: write_txt(d, docs, blank=True), None),
    "txt_blank_line_crlf": (lambda d, docs: write_txt(d, docs, sep="\r\n", blank=True), None),
    "txt_title_repeated": (lambda d, docs: write_txt(d, docs, blank=True, repeat=True), None),
    "txt_wrap72": (lambda d, docs: write_txt(d, docs, wrap=True), None),
    "txt_wrap72_crlf": (lambda d, docs: write_txt(d, docs, sep="\r\n", wrap=True), None),
    "txt_cp1252": (lambda d, docs: write_txt(d, docs, blank=True, legacy=True), None),
    "md_yaml": (lambda d, docs: write_front(d, docs, toml=False), None),
    "md_toml": (lambda d, docs: write_front(d, docs, toml=True), None),
    "md_heading": (write_md_heading, None),
    "jsonl_title_line": (lambda d, docs: write_jsonl(d, docs, lambda i, k, t, b: {
        "id": k, "title": t, "text": t + "\n" + paragraphs_text(b)}), None),
    "jsonl_title_paragraph": (lambda d, docs: write_jsonl(d, docs, lambda i, k, t, b: {
        "id": k, "title": t, "text": t + "\n\n" + paragraphs_text(b)}), None),
    "jsonl_title_sentence": (lambda d, docs: write_jsonl(d, docs, lambda i, k, t, b: {
        "id": k, "title": t, "text": t + ". " + paragraphs_text(b)}), None),
    "jsonl_schema_org": (lambda d, docs: write_jsonl(d, docs, lambda i, k, t, b: {
        "headline": t, "articleBody": paragraphs_text(b), "datePublished": "2024-05-06T07:08:09+02:00",
        "link": "https://example.org/news/" + k, "author": {"name": "Desk"}}), None),
    "jsonl_api": (lambda d, docs: write_jsonl(d, docs, lambda i, k, t, b: {
        "source": {"id": None, "name": "Wire"}, "Title": t, "Content": paragraphs_text(b),
        "publishedAt": "2024-05-06T07:08:09Z", "guid": k}), None),
    "jsonl_paragraph_array": (lambda d, docs: write_jsonl(d, docs, lambda i, k, t, b: {
        "doc_id": k, "headline": t, "body_text": para_split(b)}), None),
    "jsonl_html": (lambda d, docs: write_jsonl(d, docs, lambda i, k, t, b: {
        "id": k, "title": t, "content": html_body(t, b, h1=False)}), None),
    "jsonl_html_h1": (lambda d, docs: write_jsonl(d, docs, lambda i, k, t, b: {
        "id": k, "title": html.escape(t), "content": html_body(t, b, h1=True)}), None),
    "csv_comma": (lambda d, docs: write_csv(d, docs, ",", False, "\r\n"), None),
    "csv_semicolon_sep": (lambda d, docs: write_csv(d, docs, ";", True, "\n"), None),
    "parquet": (write_parquet, None),
}
for name, f in PERTURB.items():
    FORMATS[name] = (lambda d, docs: write_jsonl(d, docs, plain), f)


# ---------------------------------------------------------------- running and checking


def read_table(out, name):
    path = os.path.join(out, name + ".parquet")
    if not os.path.exists(path):
        path = os.path.join(out, name)
    return pq.read_table(path).to_pydict()


def key_of(doc_id, url, source, keys):
    """The article a document is: its id, its URL's last segment, or its file's name."""
    if doc_id in keys:
        return doc_id
    for s in (doc_id, url or ""):
        tail = s.rstrip("/").rsplit("/", 1)[-1]
        if tail in keys:
            return tail
    stem = os.path.splitext(os.path.basename(source.rsplit(":", 1)[0] if not os.path.exists(source) else source))[0]
    return stem if stem in keys else None


def check(fmt, out, proc, docs, expect_titles):
    """(failures: [str], entities: {key: set((kind, entity_id))}, names: {(kind, id): name},
    titles differing: [(key, want, got)])."""
    fails = []
    err = proc.stderr
    if proc.returncode != 0:
        fails.append("exit code %d" % proc.returncode)
    for word in ("panicked", "internal_error", "overflow"):
        if word in err:
            fails.append("standard error says %r: %s" % (word, err.strip()[:300]))
    if not os.path.exists(os.path.join(out, "manifest.json")):
        fails.append("no output: " + err.strip()[:300])
        return fails, {}, {}, []
    rej = read_table(out, "rejects")
    for r in range(len(rej["reason"])):
        fails.append("reject %s:%s: %s" % (rej["source"][r], rej["position"][r], rej["reason"][r][:200]))
    d = read_table(out, "documents")
    keys = {k for k, _, _ in docs}
    texts, titles, dkey = {}, {}, {}
    for i, doc_id in enumerate(d["doc_id"]):
        texts[doc_id] = d["text"][i]
        titles[doc_id] = d["title"][i]
        dkey[doc_id] = key_of(doc_id, d["url"][i], d["source"][i], keys)
    if len(d["doc_id"]) != len(docs):
        fails.append("%d documents of %d articles" % (len(d["doc_id"]), len(docs)))
    title_diff = []
    for doc_id, k in dkey.items():
        if k is None:
            fails.append("document %s (%s) is no article" % (doc_id, d["source"][d["doc_id"].index(doc_id)]))
            continue
        want, got = " ".join(expect_titles[k].split()), " ".join((titles[doc_id] or "").split())
        if want != got:
            title_diff.append((k, want, got))
    s = read_table(out, "sentences")
    sent = {}
    for i in range(len(s["doc_id"])):
        sent[(s["doc_id"][i], s["sentence_id"][i])] = (s["field"][i], s["start"][i], s["end"][i])
    m = read_table(out, "mentions")
    enc = {}
    ents = collections.defaultdict(set)
    names = {}
    bad = collections.Counter()
    examples = {}
    for i in range(len(m["doc_id"])):
        doc_id, field = m["doc_id"][i], m["field"][i]
        start, end, cs, ce = m["start"][i], m["end"][i], m["char_start"][i], m["char_end"][i]
        surface, sid = m["surface"][i], m["sentence_id"][i]
        t = texts.get(doc_id) if field == "text" else titles.get(doc_id)
        problem = None
        if t is None:
            problem = "field %s of no document" % field
        else:
            b = enc.get((doc_id, field))
            if b is None:
                b = enc[(doc_id, field)] = t.encode("utf-8")
            if b[start:end].decode("utf-8", "replace") != surface:
                problem = "byte slice is not the surface"
            elif t[cs:ce] != surface:
                problem = "char slice is not the surface"
            else:
                sn = sent.get((doc_id, sid))
                if sn is None:
                    problem = "sentence %d does not exist" % sid
                elif sn[0] != field or not (sn[1] <= start and end <= sn[2]):
                    problem = "outside its sentence"
        if problem:
            bad[problem] += 1
            examples.setdefault(problem, (doc_id, field, sid, start, end, surface))
        k = dkey.get(doc_id)
        if k is not None:
            e = (m["kind"][i], m["entity_id"][i])
            ents[k].add(e)
            names[e] = m["entity_name"][i]
    for problem, n in bad.items():
        fails.append("%d mentions: %s, e.g. %r" % (n, problem, examples[problem]))
    return fails, ents, names, title_diff


def diff(base, other, names):
    """Entities lost and gained per article against the plain JSONL's."""
    lost, gained = collections.Counter(), collections.Counter()
    lost_kind, gained_kind = collections.Counter(), collections.Counter()
    example = {}
    differing = 0
    for k, a in base.items():
        b = other.get(k, set())
        if a != b:
            differing += 1
        for e in a - b:
            lost[e] += 1
            lost_kind[e[0]] += 1
            example.setdefault(("lost",) + e, k)
        for e in b - a:
            gained[e] += 1
            gained_kind[e[0]] += 1
            example.setdefault(("gained",) + e, k)

    def top(c, what):
        return [{"kind": e[0], "entity_id": e[1], "name": names.get(e), "articles": n,
                 "example": example[(what,) + e]} for e, n in c.most_common(8)]
    return {"articles_differing": differing, "lost": dict(lost_kind), "gained": dict(gained_kind),
            "top_lost": top(lost, "lost"), "top_gained": top(gained, "gained")}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", default=os.path.join(ROOT, "..", "shared", "corpora"))
    ap.add_argument("--newsmill", default=os.path.join(
        os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "debug", "newsmill"))
    ap.add_argument("--reuters", type=int, default=2000, help="Reuters-21578 stories (default 2000)")
    ap.add_argument("--formats", help="comma-separated formats (default all): " + ",".join(FORMATS))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--limit", type=int, help="only the first N articles")
    ap.add_argument("--only", help="only these articles (comma-separated keys as the report names them: r-123, nw-..., c-..., wn-..., seed)")
    ap.add_argument("--report", help="write the report as JSON here")
    ap.add_argument("--keep", help="write the inputs and outputs into this folder (under /tmp) and keep them")
    a = ap.parse_args()

    docs = load(a.corpora, a.reuters)
    if a.only:
        keys = set(a.only.split(","))
        docs = [d for d in docs if d[0] in keys]
    if a.limit:
        docs = docs[: a.limit]
    if not docs:
        sys.exit("no articles under %s" % a.corpora)
    by_corpus = collections.Counter(k.split("-")[0] if "-" in k else k for k, _, _ in docs)
    print("%d articles (%s); newsmill %s" % (len(docs), ", ".join("%s %d" % kv for kv in sorted(by_corpus.items())), a.newsmill))
    formats = a.formats.split(",") if a.formats else list(FORMATS)
    if "jsonl" not in formats:
        formats.insert(0, "jsonl")
    work = a.keep or tempfile.mkdtemp(prefix="newsmill-sweep-", dir="/tmp")
    os.makedirs(work, exist_ok=True)
    report = {"articles": len(docs), "by_corpus": dict(by_corpus), "newsmill": a.newsmill, "formats": {}}
    base = None
    all_names = {}
    failed = 0
    try:
        for fmt in formats:
            writer, perturb = FORMATS[fmt]
            fdocs = [(k,) + perturb(t, b, k) for k, t, b in docs] if perturb else docs
            titles = {k: t for k, t, _ in fdocs}
            inp, out = os.path.join(work, "in", fmt), os.path.join(work, "out", fmt)
            shutil.rmtree(inp, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
            os.makedirs(inp)
            writer(inp, fdocs)
            t0 = time.time()
            proc = subprocess.run([a.newsmill, "run", inp, "-o", out, "-q", "--threads", str(a.threads)],
                                  capture_output=True, text=True)
            secs = time.time() - t0
            fails, ents, names, title_diff = check(fmt, out, proc, fdocs, titles)
            all_names.update(names)
            r = {"seconds": round(secs, 1), "failures": fails, "titles_differing": len(title_diff),
                 "title_examples": title_diff[:5]}
            if fmt == "jsonl":
                base = ents
            elif base is not None:
                r.update(diff(base, ents, all_names))
            report["formats"][fmt] = r
            failed += bool(fails)
            line = "%-22s %5.1f s  %s" % (fmt, secs, "ok" if not fails else "FAILED: %d problems" % len(fails))
            if fmt != "jsonl" and base is not None:
                line += "  | differ %4d articles, lost %s, gained %s" % (
                    r["articles_differing"], dict(sorted(r["lost"].items())), dict(sorted(r["gained"].items())))
            if title_diff:
                line += "  | %d titles differ" % len(title_diff)
            print(line, flush=True)
            for f in fails[:10]:
                print("    " + f)
            if len(fails) > 10:
                print("    ... %d more" % (len(fails) - 10))
            if not a.keep:
                shutil.rmtree(inp, ignore_errors=True)
                shutil.rmtree(out, ignore_errors=True)
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    if a.report:
        with open(a.report, "w") as f:
            json.dump(report, f, indent=1, ensure_ascii=False)
    print("%d of %d formats failed a check" % (failed, len(formats)))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
