#!/usr/bin/env python3
"""Validate data/organizations/curated.tsv (header, ids, types, countries, alias conflicts).

Usage: python3 data/compile/check_curated.py [path] [--seed article.txt]
Exit status 1 on hard errors. ALL-CAPS collisions are reported as warnings,
because the matcher also matches the upper-cased form of every alias.
"""
import re, sys
from collections import defaultdict

HEADER = ['id', 'name', 'type', 'country', 'aliases', 'source']
TYPES = {'company', 'government_body', 'legislature', 'court', 'central_bank',
         'intergovernmental', 'political_party', 'university', 'research_institute',
         'ngo', 'news_organization', 'military', 'sports', 'other'}
BAD_ALIASES = {'DOC', 'US', 'AI', 'IT', 'Supreme Court'}
# "<Demonym> government" and the like describe a country's government: the demonym is a country
# mention, no organization (docs/ner.md, third pass).
DESCRIPTION_HEADS = ('government', 'authorities', 'administration', 'regime', 'junta', 'cabinet')

def main():
    args = sys.argv[1:]
    seed = None
    if '--seed' in args:
        i = args.index('--seed'); seed = args[i + 1]; del args[i:i + 2]
    path = args[0] if args else 'data/organizations/curated.tsv'
    errors, warnings = [], []
    raw = open(path, 'rb').read()
    if b'\r' in raw: errors.append('CR characters found (must be LF only)')
    lines = raw.decode('utf-8').split('\n')
    if lines and lines[-1] == '': lines.pop()
    if lines[0].split('\t') != HEADER: errors.append(f'bad header: {lines[0]!r}')
    ids, surface, upper = set(), defaultdict(set), defaultdict(set)
    rows = []
    for n, line in enumerate(lines[1:], 2):
        f = line.split('\t')
        if len(f) != 6: errors.append(f'line {n}: {len(f)} fields'); continue
        i, name, typ, cc, aliases, src = f
        rows.append(f)
        if i in ids: errors.append(f'line {n}: duplicate id {i}')
        ids.add(i)
        if not (re.fullmatch(r'Q[1-9][0-9]*', i) or re.fullmatch(r'org:[a-z0-9]+(-[a-z0-9]+)*', i)):
            errors.append(f'line {n}: bad id {i!r}')
        if typ not in TYPES: errors.append(f'line {n}: bad type {typ!r}')
        if cc and not re.fullmatch(r'[A-Z]{2}', cc): errors.append(f'line {n}: bad country {cc!r}')
        if typ == 'intergovernmental' and cc: warnings.append(f'line {n}: intergovernmental with country {cc}')
        if not src.startswith('curated'): errors.append(f'line {n}: bad source {src!r}')
        if not name.strip() or name != name.strip(): errors.append(f'line {n}: bad name {name!r}')
        al = aliases.split('|') if aliases else []
        for a in al:
            if not a or a != a.strip(): errors.append(f'line {n}: empty/padded alias in {aliases!r}')
            elif len(a) <= 2 and a not in ('AP', 'FT'): errors.append(f'line {n}: alias too short {a!r}')
            elif a in BAD_ALIASES: errors.append(f'line {n}: forbidden alias {a!r}')
            elif a.rsplit(' ', 1)[-1] in DESCRIPTION_HEADS: errors.append(f'line {n}: description, no name {a!r}')
        for s in [name] + al:
            surface[s].add(i); upper[s.upper()].add(i)
    for s, owners in surface.items():
        if len(owners) > 1: errors.append(f'surface form {s!r} maps to {sorted(owners)}')
    for s, owners in upper.items():
        if len(owners) > 1 and not any(len(surface.get(x, ())) > 1 for x in [s]):
            warnings.append(f'ALL-CAPS form {s!r} shared by {sorted(owners)}')
    by_type = defaultdict(int)
    for r in rows: by_type[r[2]] += 1
    print(f'{len(rows)} rows')
    for t, c in sorted(by_type.items(), key=lambda x: -x[1]): print(f'  {t:20s} {c}')
    for w in warnings: print('WARN', w)
    for e in errors: print('ERROR', e)
    if seed:
        text = open(seed, encoding='utf-8').read()
        hits = defaultdict(set)
        names = {r[0]: r[1] for r in rows}
        for s, owners in surface.items():
            if re.search(r'(?<![\w-])' + re.escape(s) + r'(?![\w-])', text):
                for o in owners: hits[o].add(s)
        print(f'\nseed matches ({len(hits)} orgs):')
        for o, ss in sorted(hits.items(), key=lambda x: names[x[0]]):
            print(f'  {names[o]} [{o}] via {sorted(ss)}')
    sys.exit(1 if errors else 0)

if __name__ == '__main__':
    main()
