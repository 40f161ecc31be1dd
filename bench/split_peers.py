#!/usr/bin/env python3
"""Scores newsmill's sentence splitter and its peers side by side on the same gold files.

Peers: pysbd, blingfire, syntok, sentencex, spaCy (blank "en" + rule-based sentencizer).
newsmill is run through `cargo run --release -p newsmill-split --example split_jsonl`, which
prints its spans, so every system is scored by the code below.

Scoring is the same as `newsmill eval split` (stages/split/src/eval.rs):
- sentence corpora (*.sentences.jsonl): boundary precision / recall / F1, a boundary being the end
  of a sentence after trimming whitespace, in code points; boundaries followed by a blank line
  (paragraph breaks) or by nothing but whitespace (document end) are given away for everyone.
- golden rules ({"text", "expected"}): a rule passes when the sentences equal the expected ones
  after trimming and collapsing whitespace; literal "\\n" / '\\"' escapes in a rule's text are
  decoded when the expected sentences hold no backslash.

Setup and run (from the repository root):
    python3 -m venv /tmp/peers && /tmp/peers/bin/pip install -r bench/requirements-split.txt
    /tmp/peers/bin/python bench/split_peers.py            # test files + golden rules
    /tmp/peers/bin/python bench/split_peers.py --dev      # dev files instead of test
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "sentences")
TEST_FILES = ["ud_english_gum/en_gum-ud-test.sentences.jsonl", "ud_english_ewt/en_ewt-ud-test.sentences.jsonl"]
DEV_FILES = ["ud_english_gum/en_gum-ud-dev.sentences.jsonl", "ud_english_ewt/en_ewt-ud-dev.sentences.jsonl"]
RULE_FILES = ["golden_rules/golden_rules_en.pysbd.jsonl", "golden_rules/golden_rules_en.pragmatic_segmenter_readme.jsonl"]


# ---------------------------------------------------------------- span helpers


def align(text, sentences):
    """Spans (code points) of sentence strings found in order in text."""
    spans, cur = [], 0
    for s in sentences:
        s = s.strip()
        if not s:
            continue
        i = text.find(s, cur)
        if i < 0:
            # Fall back to the first word, then to the cursor.
            head = s.split()[0]
            i = text.find(head, cur)
            if i < 0:
                continue
            end = min(len(text), i + len(s))
        else:
            end = i + len(s)
        spans.append((i, end))
        cur = end
    return spans


def make_peers(names):
    peers = {}
    for name in names:
        try:
            if name == "pysbd":
                import pysbd

                seg = pysbd.Segmenter(language="en", clean=False)
                peers[name] = lambda t, seg=seg: align(t, seg.segment(t))
            elif name == "blingfire":
                import blingfire

                def bf(t, blingfire=blingfire):
                    _, offsets = blingfire.text_to_sentences_and_offsets(t)
                    return [tuple(o) for o in offsets]

                peers[name] = bf
            elif name == "syntok":
                from syntok import segmenter as syn

                def sy(t, syn=syn):
                    out = []
                    for para in syn.analyze(t):
                        for sent in para:
                            toks = [tok for tok in sent if tok.value]
                            if toks:
                                out.append((toks[0].offset, toks[-1].offset + len(toks[-1].value)))
                    return out

                peers[name] = sy
            elif name == "sentencex":
                import sentencex

                peers[name] = lambda t, sx=sentencex: align(t, list(sx.segment("en", t)))
            elif name == "spacy":
                import spacy

                nlp = spacy.blank("en")
                nlp.add_pipe("sentencizer")
                nlp.max_length = 10**8

                def sp(t, nlp=nlp):
                    return [(s.start_char, s.end_char) for s in nlp(t).sents]

                peers[name] = sp
            else:
                print(f"unknown peer {name}", file=sys.stderr)
        except ImportError as e:
            print(f"peer {name} not installed: {e}", file=sys.stderr)
    return peers


def newsmill_spans(texts, cmd):
    """Runs the newsmill example on all texts at once; returns spans per text and the seconds."""
    payload = "".join(json.dumps({"text": t}) + "\n" for t in texts)
    t0 = time.perf_counter()
    res = subprocess.run(cmd, input=payload, capture_output=True, text=True, cwd=ROOT, shell=True)
    dt = time.perf_counter() - t0
    if res.returncode != 0:
        raise SystemExit(f"newsmill failed: {res.stderr[-2000:]}")
    out = [json.loads(line)["spans"] for line in res.stdout.splitlines() if line.strip()]
    assert len(out) == len(texts), (len(out), len(texts))
    return [[tuple(s) for s in spans] for spans in out], dt


# ---------------------------------------------------------------- scoring (as eval.rs)


def given_away(text, p):
    newlines = 0
    for c in text[p:]:
        if not c.isspace():
            return newlines >= 2
        newlines += c == "\n"
    return True


def trimmed_end(text, start, end):
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def boundary_counts(text, gold_spans, pred_spans):
    gold = {e for e in (trimmed_end(text, s, e) for s, e in gold_spans) if not given_away(text, e)}
    pred = {e for e in (trimmed_end(text, s, min(e, len(text))) for s, e in pred_spans) if not given_away(text, e)}
    tp = len(gold & pred)
    return tp, len(pred) - tp, len(gold) - tp


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def collapse(s):
    return " ".join(s.split())


def rule_text(rule):
    text, expected = rule["text"], rule["expected"]
    if ("\\n" in text or '\\"' in text) and not any("\\" in s for s in expected):
        text = text.replace("\\n", "\n").replace('\\"', '"')
    return text


# ---------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", action="store_true", help="score the dev files instead of the test files")
    ap.add_argument("--gold", nargs="*", help="gold files (default: GUM and EWT test, and the golden rules)")
    ap.add_argument("--peers", default="newsmill,pysbd,blingfire,syntok,sentencex,spacy")
    ap.add_argument("--newsmill-cmd", default="cargo run -q --release -p newsmill-split --example split_jsonl")
    ap.add_argument("--json", help="also write the results to this JSON file")
    args = ap.parse_args()

    files = args.gold or [os.path.join(SHARED, f) for f in (DEV_FILES if args.dev else TEST_FILES) + RULE_FILES]
    names = [n.strip() for n in args.peers.split(",") if n.strip()]
    peers = make_peers([n for n in names if n != "newsmill"])
    systems = [n for n in names if n == "newsmill" or n in peers]
    results = []
    for path in files:
        rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
        is_rules = "expected" in rows[0]
        texts = [rule_text(r) if is_rules else r["text"] for r in rows]
        for name in systems:
            if name == "newsmill":
                spans, secs = newsmill_spans(texts, args.newsmill_cmd)
            else:
                t0 = time.perf_counter()
                spans = [peers[name](t) for t in texts]
                secs = time.perf_counter() - t0
            res = {"file": os.path.basename(path), "system": name, "seconds": round(secs, 3)}
            if is_rules:
                passed = 0
                for r, t, sp in zip(rows, texts, spans):
                    got = [collapse(t[s:e]) for s, e in sp if t[s:e].strip()]
                    passed += got == [collapse(x) for x in r["expected"]]
                res.update(passed=passed, total=len(rows))
            else:
                tp = fp = fn = 0
                for r, t, sp in zip(rows, texts, spans):
                    a, b, c = boundary_counts(t, [(s["start"], s["end"]) for s in r["sentences"]], sp)
                    tp, fp, fn = tp + a, fp + b, fn + c
                p, rc, f = prf(tp, fp, fn)
                res.update(tp=tp, fp=fp, fn=fn, precision=round(p, 4), recall=round(rc, 4), f1=round(f, 4))
            results.append(res)

    print(f"{'file':48} {'system':10} {'P':>6} {'R':>6} {'F1':>6} {'rules':>7} {'secs':>7}")
    for r in results:
        if "f1" in r:
            print(f"{r['file']:48} {r['system']:10} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} {'':>7} {r['seconds']:7.2f}")
        else:
            print(f"{r['file']:48} {r['system']:10} {'':>6} {'':>6} {'':>6} {str(r['passed']) + '/' + str(r['total']):>7} {r['seconds']:7.2f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
