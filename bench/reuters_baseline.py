#!/usr/bin/env python3
"""Supervised baseline for `newsmill eval reuters` themes: would a classifier trained on Reuters'
own labels meet the target (recall >= 0.9 and precision >= 0.7 on each mapped topic)?

A peer comparison, run on demand, not a test. It measures, on the ModApte test split:
- Population: exactly the one `newsmill eval reuters` scores. ModApte train = lewissplit TRAIN and
  topics_attr YES, ModApte test = lewissplit TEST and topics_attr YES, and of those only the
  stories with at least one topic (mapped or not): 7775 train, 3019 test.
- Topics: the 52 distinct topics of data/themes/reuters_topics.tsv (or --topics-map).
- Text: title + dateline + body.
- Classifier: TF-IDF on word unigrams and bigrams (sublinear tf, min_df 2, fitted on train only) and
  one LinearSVC (C=1, --C) per topic, one-vs-rest: the standard strong baseline for Reuters-21578
  (Joachims 1998 and later). Seeded (random_state 0), deterministic.
- Three ways to threshold the SVM's decision scores, per topic:
  default   score >= 0;
  CV-tuned  a threshold chosen by 5-fold cross-validation on TRAIN only (out-of-fold scores, the
            vectorizer refitted in each fold): the best-F1 threshold among those meeting the target
            on the out-of-fold scores, else the best-F1 threshold; applied to the test scores of
            the model trained on all of TRAIN. The fair tuned variant;
  ORACLE    whether ANY threshold on the test scores meets the target. An UPPER BOUND: it peeks at
            the test labels.
- Per topic: support, recall, precision, F1, meets target; counts of topics meeting it; micro
  precision / recall / F1 over the mapped topics. With --newsmill, newsmill's own "about" figures
  from `newsmill eval reuters --kinds themes --split modapte-test --json` beside them.

Setup and run (from the repository root; Python 3.11; nothing is downloaded at run time):
    python3 -m venv /tmp/bench-baseline && /tmp/bench-baseline/bin/pip install -r bench/requirements-baseline.txt
    /tmp/bench-baseline/bin/python bench/reuters_baseline.py \
        [--gold ../shared/corpora/reuters21578/reuters21578.jsonl] \
        [--newsmill ~/.cache/newsmill/target/release/newsmill] [--C 1]
About a minute on one core.
"""
import argparse
import json
import os
import subprocess
import sys

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.model_selection import KFold  # noqa: E402
from sklearn.svm import LinearSVC  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
R_MIN, P_MIN, SEED, FOLDS = 0.9, 0.7, 0, 5


def load(path):
    train, test = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["topics_attr"] != "YES" or not d["topics"]:
                continue
            text = "\n".join(d.get(k) or "" for k in ("title", "dateline", "body"))
            doc = (text, set(d["topics"]))
            if d["lewissplit"] == "TRAIN":
                train.append(doc)
            elif d["lewissplit"] == "TEST":
                test.append(doc)
    return train, test


def mapped_topics(path):
    with open(path, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f][1:]
    return list(dict.fromkeys(r[0] for r in rows if r and r[0]))


def vectorizer():
    return TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2, lowercase=True)


def scores(x_train, y_train, x_test, c=1.0):
    """Decision scores on x_test of one LinearSVC per topic (columns); -1 if no positive example."""
    out = np.full((x_test.shape[0], y_train.shape[1]), -1.0)
    for j in range(y_train.shape[1]):
        if 0 < y_train[:, j].sum() < len(y_train):
            clf = LinearSVC(C=c, random_state=SEED).fit(x_train, y_train[:, j])
            out[:, j] = clf.decision_function(x_test)
    return out


def prf(tp, pred, gold):
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def meets(p, r):
    return r >= R_MIN and p >= P_MIN


def cuts(s, y):
    """For each distinct score t (descending), predicting score >= t: (t, tp, predicted)."""
    order = np.argsort(-s, kind="stable")
    s, y = s[order], y[order]
    tp, n = np.cumsum(y), np.arange(1, len(s) + 1)
    last = np.r_[s[1:] != s[:-1], True]  # keep the last index of each run of equal scores
    return s[last], tp[last], n[last]


def cv_threshold(s, y):
    """Threshold from out-of-fold scores: best F1 among those meeting the target, else best F1."""
    gold = y.sum()
    if gold == 0:
        return 0.0
    ts, tps, ns = cuts(s, y)
    best = None
    for i, (t, tp, n) in enumerate(zip(ts, tps, ns)):
        p, r, f = prf(tp, n, gold)
        key = (meets(p, r), f)
        if best is None or key > best[0]:
            # midway to the next lower score, so the cut is not on a training story's own score
            best = (key, (t + ts[i + 1]) / 2 if i + 1 < len(ts) else t - 1e-6)
    return float(best[1])


def oracle(s, y):
    """Best precision reachable at recall >= R_MIN on these scores, and whether it meets P_MIN."""
    gold = y.sum()
    best_p = 0.0
    for t, tp, n in zip(*cuts(s, y)):
        p, r, _ = prf(tp, n, gold)
        if r >= R_MIN:
            best_p = max(best_p, p)
    return best_p, best_p >= P_MIN and gold > 0


def run_newsmill(binary, gold, topics_map):
    cmd = [binary, "eval", "reuters", "--gold", gold, "--kinds", "themes",
           "--split", "modapte-test", "--json"]
    if topics_map:
        cmd += ["--topics-map", topics_map]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    themes = json.loads(out)["themes"]
    return {t["topic"]: t for t in themes["topics"]}, themes["micro"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", default=os.path.join(os.path.dirname(ROOT), "shared", "corpora",
                                                "reuters21578", "reuters21578.jsonl"))
    ap.add_argument("--topics-map", default=None,
                    help="topic -> theme table (default data/themes/reuters_topics.tsv)")
    ap.add_argument("--newsmill", default=None, help="newsmill binary: print its figures beside")
    ap.add_argument("--C", type=float, default=1.0, help="LinearSVC C (default 1)")
    args = ap.parse_args()

    topics = mapped_topics(args.topics_map or os.path.join(ROOT, "data/themes/reuters_topics.tsv"))
    train, test = load(args.gold)
    y_tr = np.array([[t in d[1] for t in topics] for d in train], dtype=int)
    y_te = np.array([[t in d[1] for t in topics] for d in test], dtype=int)
    txt_tr, txt_te = [d[0] for d in train], [d[0] for d in test]
    print(f"ModApte: {len(train)} train, {len(test)} test stories with a topic; "
          f"{len(topics)} mapped topics", file=sys.stderr)

    # Out-of-fold scores on TRAIN for the CV-tuned thresholds.
    oof = np.zeros(y_tr.shape)
    for k, (a, b) in enumerate(KFold(FOLDS, shuffle=True, random_state=SEED).split(txt_tr)):
        vec = vectorizer()
        xa = vec.fit_transform([txt_tr[i] for i in a])
        oof[b] = scores(xa, y_tr[a], vec.transform([txt_tr[i] for i in b]), args.C)
        print(f"fold {k + 1}/{FOLDS} done", file=sys.stderr)
    thresholds = [cv_threshold(oof[:, j], y_tr[:, j]) for j in range(len(topics))]

    vec = vectorizer()
    x_tr = vec.fit_transform(txt_tr)
    s_te = scores(x_tr, y_tr, vec.transform(txt_te), args.C)
    print(f"vocabulary: {len(vec.vocabulary_)} uni+bigrams", file=sys.stderr)

    nm, nm_micro = run_newsmill(args.newsmill, args.gold, args.topics_map) if args.newsmill \
        else ({}, None)

    rows, micro = [], {"default": [0, 0, 0], "cv": [0, 0, 0]}
    count = {"newsmill": 0, "default": 0, "cv": 0, "oracle": 0}
    for j, topic in enumerate(topics):
        y, s, gold = y_te[:, j], s_te[:, j], int(y_te[:, j].sum())
        row = {"topic": topic, "support": gold}
        for name, t in (("default", 0.0), ("cv", thresholds[j])):
            pred = s >= t
            tp, n = int((pred & (y == 1)).sum()), int(pred.sum())
            p, r, f = prf(tp, n, gold)
            row[name] = (r, p, f, meets(p, r))
            count[name] += meets(p, r)
            for i, v in enumerate((tp, n, gold)):
                micro[name][i] += v
        row["oracle"] = oracle(s, y)
        count["oracle"] += row["oracle"][1]
        if topic in nm:
            t = nm[topic]
            if t["support"] != gold:
                print(f"warning: {topic}: newsmill support {t['support']} != {gold}",
                      file=sys.stderr)
            row["newsmill"] = (t["recall"], t["precision"], t["f1"],
                               meets(t["precision"], t["recall"]))
            count["newsmill"] += row["newsmill"][3]
        rows.append(row)

    def rp(v):
        return f"{v[0]:.3f} / {v[1]:.3f}{' ✓' if v[3] else ''}" if v else "–"

    print(f"ModApte test, {len(test)} stories, {len(topics)} mapped topics; R/P = recall / "
          f"precision, ✓ = meets R ≥ {R_MIN} and P ≥ {P_MIN}. Oracle = best precision at "
          f"recall ≥ {R_MIN} over all thresholds on the test scores (an upper bound that peeks "
          f"at test).\n")
    print("| topic | support | newsmill R / P | SVM default R / P | SVM CV-tuned R / P "
          "| oracle P at R ≥ 0.9 | oracle meets? |")
    print("|---|--:|--:|--:|--:|--:|:-:|")
    for row in rows:
        print(f"| {row['topic']} | {row['support']} | {rp(row.get('newsmill'))} "
              f"| {rp(row['default'])} | {rp(row['cv'])} | {row['oracle'][0]:.3f} "
              f"| {'yes' if row['oracle'][1] else '**no**'} |")
    print(f"\nTopics meeting R ≥ {R_MIN} and P ≥ {P_MIN} on ModApte test (of {len(topics)}):")
    if nm:
        print(f"- newsmill (about): {count['newsmill']}; micro P / R / F1 "
              f"{nm_micro['precision']:.3f} / {nm_micro['recall']:.3f} / {nm_micro['f1']:.3f}")
    for name, label in (("default", "SVM, default threshold 0"),
                        ("cv", "SVM, thresholds by 5-fold CV on train")):
        p, r, f = prf(*micro[name])
        print(f"- {label}: {count[name]}; micro P / R / F1 {p:.3f} / {r:.3f} / {f:.3f}")
    print(f"- SVM, ORACLE threshold per topic (upper bound, peeks at test): {count['oracle']}")
    never = [r["topic"] for r in rows if not r["oracle"][1]]
    print(f"\nNo threshold on the SVM's test scores meets the target ({len(never)}): "
          + ", ".join(never))


if __name__ == "__main__":
    main()
