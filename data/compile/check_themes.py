#!/usr/bin/env python3
"""Validate data/themes/themes.tsv and estimate theme quality (stdlib only).

Usage:
  check_themes.py                                  # validate only
  check_themes.py --reuters PATH/reuters21578.jsonl [--min-count N] [--show-fp TOPIC]
  check_themes.py --text FILE [FILE...]            # list the themes that fire, with evidence

Matching rules (a simple model of the Rust tagger):
  * text is split into sentences; triggers are matched case-insensitively on
    word boundaries, leftmost-longest and non-overlapping (a longer trigger hides shorter
    ones inside it, as in the Rust tagger's aho-corasick automaton) (a phrase must not start or end inside a run of letters/digits;
    runs of whitespace in the text count as one space; punctuation must match).
  * triggers: `|`-separated; an item `phrase => a, b` counts only when one of the
    co-terms a, b appears in the same sentence.
  * requires (row level): if non-empty, one of the co-terms must be in the sentence.
  * excludes (row level): if any co-term is in the sentence, the row's triggers
    do not count in that sentence.
  * a document predicts theme T when T or a descendant of T fires in it.
"""
import argparse
import collections
import csv
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
THEMES = os.path.join(ROOT, "data", "themes", "themes.tsv")
REUTERS_MAP = os.path.join(ROOT, "data", "themes", "reuters_topics.tsv")
IPTC = os.path.normpath(os.path.join(ROOT, "..", "shared", "taxonomies", "iptc_mediatopics", "mediatopics_en.csv"))

HEADER = ["id", "label", "parent", "qcode", "triggers", "requires", "excludes", "about"]
MAP_HEADER = ["reuters_topic", "theme", "note"]
ID_RE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
QCODE_RE = re.compile(r"^medtop:\d{8}$")
TOKEN_RE = re.compile(r"[^\W_]+|[^\w\s]|_", re.UNICODE)


def tokens(s):
    return tuple(t.lower() for t in TOKEN_RE.findall(s))


# ---------------------------------------------------------------- loading


class Theme:
    def __init__(self, row):
        self.id, self.label, self.parent, self.qcode = row[0], row[1], row[2], row[3]
        self.raw_triggers, self.raw_requires, self.raw_excludes = row[4], row[5], row[6]
        self.triggers = []  # (phrase, [guard co-terms])
        self.requires = [x.strip() for x in row[5].split("|") if x.strip()]
        self.excludes = [x.strip() for x in row[6].split("|") if x.strip()]
        self.about = row[7].strip()  # salience threshold; empty = the default (1)


def parse_triggers(raw, errors, tid):
    out = []
    if not raw.strip():
        errors.append(f"{tid}: empty triggers")
        return out
    for item in raw.split("|"):
        if not item.strip():
            errors.append(f"{tid}: empty trigger item in {raw!r}")
            continue
        if item != item.strip():
            errors.append(f"{tid}: trigger item has surrounding spaces: {item!r}")
        if "=>" in item:
            parts = item.split("=>")
            if len(parts) != 2:
                errors.append(f"{tid}: bad guarded trigger {item!r}")
                continue
            phrase = parts[0].strip()
            guards = [g.strip() for g in parts[1].split(",")]
            if not phrase or not guards or any(not g for g in guards):
                errors.append(f"{tid}: bad guarded trigger {item!r}")
                continue
        else:
            phrase, guards = item.strip(), []
        for p in [phrase] + guards:
            if not tokens(p):
                errors.append(f"{tid}: phrase without word characters {p!r}")
            if "," in p or "{" in p or "}" in p:
                errors.append(f"{tid}: stray syntax in phrase {p!r}")
        out.append((phrase, guards))
    return out


def load_themes(path=THEMES, iptc_path=IPTC):
    errors, warnings = [], []
    with open(path, encoding="utf-8", newline="") as f:
        data = f.read()
    if "\r" in data:
        errors.append("file contains CR characters (LF only)")
    lines = data.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    else:
        errors.append("file does not end with a newline")
    if not lines or lines[0].split("\t") != HEADER:
        errors.append(f"bad header: {lines[0] if lines else ''!r}")
    themes = collections.OrderedDict()
    for n, line in enumerate(lines[1:], start=2):
        row = line.split("\t")
        if len(row) == len(HEADER) - 1:
            row.append("")  # the last column, `about`, may be left out
        if len(row) != len(HEADER):
            errors.append(f"line {n}: {len(row)} fields, expected {len(HEADER)}")
            continue
        if '"' in line:
            warnings.append(f"line {n}: contains a double quote (no quoting in this format)")
        t = Theme(row)
        if not ID_RE.match(t.id):
            errors.append(f"line {n}: bad id {t.id!r}")
        if t.id in themes:
            errors.append(f"line {n}: duplicate id {t.id}")
        if not t.label.strip():
            errors.append(f"line {n}: empty label")
        t.triggers = parse_triggers(t.raw_triggers, errors, t.id)
        if t.about:
            try:
                if not float(t.about) >= 0:
                    raise ValueError
            except ValueError:
                errors.append(f"{t.id}: about must be a number from 0 up, not {t.about!r}")
        for p in t.requires + t.excludes:
            if "=>" in p or "," in p or not tokens(p):
                errors.append(f"{t.id}: bad co-term {p!r}")
        seen = set()
        for p, _ in t.triggers:
            k = tokens(p)
            if k in seen:
                warnings.append(f"{t.id}: duplicate trigger {p!r}")
            seen.add(k)
        themes[t.id] = t
    # parents and cycles
    for t in themes.values():
        if t.parent and t.parent not in themes:
            errors.append(f"{t.id}: parent {t.parent!r} does not exist")
    for t in themes.values():
        seen, cur = set(), t
        while cur.parent and cur.parent in themes:
            if cur.id in seen:
                errors.append(f"{t.id}: cycle through {cur.id}")
                break
            seen.add(cur.id)
            cur = themes[cur.parent]
    # qcodes
    iptc = {}
    if os.path.exists(iptc_path):
        with open(iptc_path, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                iptc[r["qcode"]] = r
    else:
        warnings.append(f"IPTC file not found at {iptc_path}; qcodes not checked")
    qseen = {}
    for t in themes.values():
        if not t.qcode:
            continue
        if not QCODE_RE.match(t.qcode):
            errors.append(f"{t.id}: bad qcode {t.qcode!r}")
        elif iptc:
            r = iptc.get(t.qcode)
            if r is None:
                errors.append(f"{t.id}: qcode {t.qcode} not in IPTC Media Topics")
            elif r["retired"].strip():
                errors.append(f"{t.id}: qcode {t.qcode} is retired ({r['name_en_gb']})")
        if t.qcode in qseen:
            warnings.append(f"{t.id}: qcode {t.qcode} also used by {qseen[t.qcode]}")
        qseen[t.qcode] = t.id
    # a trigger repeated in an ancestor is redundant (roll-up already covers it)
    owners = collections.defaultdict(set)
    for t in themes.values():
        for p, _ in t.triggers:
            owners[tokens(p)].add(t.id)
    if not any("cycle" in e for e in errors):
        for k, ids in owners.items():
            for tid in ids:
                cur = themes[tid].parent
                while cur and cur in themes:
                    if cur in ids:
                        warnings.append(f"trigger {' '.join(k)!r} in {tid} and its ancestor {cur}")
                    cur = themes[cur].parent
    return themes, errors, warnings, iptc


# ---------------------------------------------------------------- matching

ABBREV = set("""mr mrs ms dr prof sen rep gov gen col lt sgt st jr sr inc corp co ltd bros no vs
jan feb mar apr jun jul aug sep sept oct nov dec mt ft fig al approx est dept univ assn""".split())


def split_sentences(text):
    """Rough English sentence splitter; good enough for an estimate."""
    lines = text.split("\n")
    if max((len(l) for l in lines), default=0) > 100:
        blocks = [l for l in lines if l.strip()]  # one paragraph per line
    else:
        blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]  # hard-wrapped text
    out = []
    for b in blocks:
        b = re.sub(r"\s+", " ", b).strip()
        start = 0
        for m in re.finditer(r"[.!?][\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])", b):
            before = b[start:m.start() + 1]
            w = re.search(r"(\S+)$", before)
            word = w.group(1) if w else ""
            core = word.rstrip(".!?\"')]").lower().lstrip("\"'([")
            if b[m.start()] == "." and (core in ABBREV or re.fullmatch(r"(?:[a-z]\.)*[a-z]", core)):
                continue  # abbreviation or initials (U.S., J.)
            out.append(b[start:m.end()].strip())
            start = m.end()
        if b[start:].strip():
            out.append(b[start:].strip())
    return out


class Matcher:
    def __init__(self, themes):
        self.themes = themes
        self.lookup = collections.defaultdict(set)  # token tuple -> set of phrases (normalised)
        self.maxlen = 1
        self.rows = []  # (theme id, [(trigger key, guard keys)], requires keys, excludes keys)
        for t in themes.values():
            trig = [(tokens(p), [tokens(g) for g in gs], p) for p, gs in t.triggers]
            req = [tokens(x) for x in t.requires]
            exc = [tokens(x) for x in t.excludes]
            for k, gs, _ in trig:
                self._add(k)
                for g in gs:
                    self._add(g)
            for k in req + exc:
                self._add(k)
            self.rows.append((t.id, trig, req, exc))
        self.by_trigger = collections.defaultdict(list)
        for i, (_, trig, _, _) in enumerate(self.rows):
            for k, _, _ in trig:
                self.by_trigger[k].append(i)

    def _add(self, k):
        self.lookup[k]
        self.maxlen = max(self.maxlen, len(k))

    def present(self, sentence):
        toks = tokens(sentence)
        found = set()
        n = len(toks)
        for i in range(n):
            for L in range(1, min(self.maxlen, n - i) + 1):
                k = toks[i:i + L]
                if k in self.lookup:
                    found.add(k)
        return found

    def triggers_in(self, toks):
        """Trigger phrases found leftmost-longest and non-overlapping (as the Rust tagger's
        aho-corasick automaton does): a longer trigger hides the shorter ones inside it."""
        out = set()
        i, n = 0, len(toks)
        while i < n:
            best = 0
            for L in range(min(self.maxlen, n - i), 0, -1):
                if toks[i:i + L] in self.by_trigger:
                    best = L
                    break
            if best:
                out.add(toks[i:i + best])
                i += best
            else:
                i += 1
        return out

    def sentence_themes(self, sentence):
        """Return {theme id: [trigger phrases that counted]}. Co-terms (guards, requires,
        excludes) are looked up anywhere in the sentence; triggers are matched as above."""
        found = self.present(sentence)
        trig_found = self.triggers_in(tokens(sentence))
        hits = collections.defaultdict(list)
        rows = set()
        for k in trig_found:
            rows.update(self.by_trigger.get(k, ()))
        for i in rows:
            tid, trig, req, exc = self.rows[i]
            if exc and any(e in found for e in exc):
                continue
            if req and not any(r in found for r in req):
                continue
            for k, gs, p in trig:
                if k in trig_found and (not gs or any(g in found for g in gs)):
                    hits[tid].append(p)
        return hits

    def doc_themes(self, text):
        counts = collections.Counter()
        evidence = collections.defaultdict(list)
        for s in split_sentences(text):
            for tid, ps in self.sentence_themes(s).items():
                counts[tid] += 1
                evidence[tid].append((ps, s))
        return counts, evidence


def ancestors(themes, tid):
    out = []
    while tid:
        out.append(tid)
        tid = themes[tid].parent
    return out


def rollup(themes, counts):
    """Theme id -> number of sentences where it or a descendant fired."""
    up = collections.Counter()
    for tid, c in counts.items():
        for a in ancestors(themes, tid):
            up[a] += c
    return up


# ---------------------------------------------------------------- reuters


def load_map(path, themes, errors):
    m = {}
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    if lines[-1] == "":
        lines.pop()
    if lines[0].split("\t") != MAP_HEADER:
        errors.append(f"{path}: bad header")
    for n, line in enumerate(lines[1:], start=2):
        row = line.split("\t")
        if len(row) != 3:
            errors.append(f"{path} line {n}: {len(row)} fields")
            continue
        if row[0] in m:
            errors.append(f"{path} line {n}: duplicate topic {row[0]}")
        if row[1] not in themes:
            errors.append(f"{path} line {n}: theme {row[1]!r} not in themes.tsv")
        m[row[0]] = row[1]
    return m


def salient(themes, matcher, text, lede=2):
    """Variant rule: themes firing in the first `lede` sentences or in at least two sentences."""
    sents = split_sentences(text)
    counts = collections.Counter()
    early = set()
    for i, s in enumerate(sents):
        for tid in matcher.sentence_themes(s):
            for a in ancestors(themes, tid):
                counts[a] += 1
                if i < lede:
                    early.add(a)
    return {t for t, c in counts.items() if c >= 2 or t in early}


def eval_reuters(themes, matcher, tmap, path, min_count=1, show_fp=None, show_fn=None, limit=8, rule="any"):
    stats = {t: [0, 0, 0, 0, 0] for t in tmap}  # tp, fp, fn, tp and fn among stories with a body
    ndocs = 0
    examples = collections.defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if not d.get("topics"):
                continue
            ndocs += 1
            text = (d.get("dateline") or "") + " " + (d.get("body") or "")
            counts, ev = matcher.doc_themes(text)
            up = rollup(themes, counts)
            if rule == "salient":
                keep = salient(themes, matcher, text)
                up = collections.Counter({t: c for t, c in up.items() if t in keep})
            gold = set(d["topics"])
            has_body = len((d.get("body") or "").strip()) >= 20
            for topic, tid in tmap.items():
                pred = up.get(tid, 0) >= min_count
                g = topic in gold
                if g and has_body:
                    stats[topic][3 if pred else 4] += 1
                if pred and g:
                    stats[topic][0] += 1
                elif pred:
                    stats[topic][1] += 1
                    if topic == show_fp and len(examples["fp"]) < limit:
                        sub = [x for x in ev if x == tid or tid in ancestors(themes, x)]
                        examples["fp"].append((d["newid"], d["topics"], [(x, ev[x][:2]) for x in sub]))
                elif g:
                    stats[topic][2] += 1
                    if topic == show_fn and len(examples["fn"]) < limit:
                        examples["fn"].append((d["newid"], d["topics"], text[:600]))
    return ndocs, stats, examples


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--themes", default=THEMES)
    ap.add_argument("--map", default=REUTERS_MAP)
    ap.add_argument("--iptc", default=IPTC)
    ap.add_argument("--reuters", help="path to reuters21578.jsonl")
    ap.add_argument("--min-count", type=int, default=1, help="sentences needed to predict a theme (default 1)")
    ap.add_argument("--rule", choices=["any", "salient"], default="any",
                    help="any: a theme fires anywhere (the project rule); salient: in the first two sentences or in two or more sentences")
    ap.add_argument("--show-fp", help="print false-positive examples for this Reuters topic")
    ap.add_argument("--show-fn", help="print missed examples for this Reuters topic")
    ap.add_argument("--text", nargs="*", help="text files to tag")
    ap.add_argument("--strict", action="store_true", help="treat warnings as errors")
    a = ap.parse_args()

    themes, errors, warnings, _ = load_themes(a.themes, a.iptc)
    tmap = load_map(a.map, themes, errors) if os.path.exists(a.map) else {}
    tops = [t for t in themes.values() if not t.parent]
    print(f"themes: {len(themes)}  top levels: {len(tops)}  with qcode: {sum(1 for t in themes.values() if t.qcode)}"
          f"  triggers: {sum(len(t.triggers) for t in themes.values())}  reuters topics mapped: {len(tmap)}")
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("ERROR:", e)
    if errors or (a.strict and warnings):
        sys.exit(1)

    matcher = Matcher(themes)
    for path in a.text or []:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        counts, ev = matcher.doc_themes(text)
        print(f"\n== {path}")
        for tid, c in sorted(counts.items(), key=lambda x: (-x[1], x[0])):
            trig = collections.Counter(p for ps, _ in ev[tid] for p in ps)
            path_s = " > ".join(reversed(ancestors(themes, tid)))
            print(f"{c:3d}  {tid:28s} {dict(trig)}   [{path_s}]")

    if a.reuters:
        ndocs, stats, ex = eval_reuters(themes, matcher, tmap, a.reuters, a.min_count, a.show_fp, a.show_fn, rule=a.rule)
        print(f"\nReuters-21578 documents with topics: {ndocs}  (rule: {a.rule}, min sentences per theme: {a.min_count})")
        print("recall_b: recall over stories whose body is not empty (some stories are a headline only)")
        print(f"{'topic':16s} {'theme':24s} {'gold':>5s} {'pred':>5s} {'recall':>7s} {'prec':>7s} {'recall_b':>8s}  ok")
        ok_all = 0
        for topic in sorted(stats, key=lambda t: -(stats[t][0] + stats[t][2])):
            tp, fp, fn, tpb, fnb = stats[topic]
            recb = tpb / (tpb + fnb) if tpb + fnb else 0.0
            rec = tp / (tp + fn) if tp + fn else 0.0
            prec = tp / (tp + fp) if tp + fp else 0.0
            ok = rec >= 0.9 and prec >= 0.7
            ok_all += ok
            print(f"{topic:16s} {tmap[topic]:24s} {tp+fn:5d} {tp+fp:5d} {rec:7.3f} {prec:7.3f} {recb:8.3f}  {'yes' if ok else '-'}")
        print(f"topics meeting recall>=0.9 and precision>=0.7: {ok_all}/{len(stats)}")
        for kind in ("fp", "fn"):
            for e in ex.get(kind, []):
                print(f"\n[{kind}] {e[0]} {e[1]}")
                if kind == "fp":
                    for tid, evs in e[2]:
                        for ps, s in evs:
                            print(f"   {tid} {ps}: {s[:300]}")
                else:
                    print("   " + re.sub(r"\s+", " ", e[2]))


if __name__ == "__main__":
    main()
