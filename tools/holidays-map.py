#!/usr/bin/env python3
"""Holidays mean average precision through `lookalike-cli query --photos`, as a user sees it.

Every query photo of holidays-dev/queries.tsv is asked of a library that holds the Holidays
photos (and any distractors); the ranking is the command's answer as it comes (duplicates,
the same object, then look-alikes; the query itself left out), 100 photos at most.

    lookalike-cli index lib.db PHOTOS --photos-only [--objects]   # PHOTOS/holidays/*.jpg + distractors
    /usr/bin/python3 tools/holidays-map.py build/app/lookalike-cli lib.db PHOTOS [HOLIDAYS_DIR]
"""
import json
import os
import subprocess
import sys


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    cli, library, root = sys.argv[1:4]
    holidays = sys.argv[4] if len(sys.argv) > 4 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'data', 'images', 'holidays-dev')
    relevant = {}
    with open(os.path.join(holidays, 'queries.tsv')) as f:
        for line in f.read().splitlines()[1:]:
            query, others = line.split('\t')
            relevant[query] = set(others.split())
    precisions = []
    for query, others in relevant.items():
        run = subprocess.run([cli, 'query', library, os.path.join(root, 'holidays', query),
                              '--photos', '-k', '100'], capture_output=True, text=True, check=True)
        ranked = [os.path.basename(p['path']) for p in json.loads(run.stdout)['photos']]
        ranked = [name for name in ranked if name != query]
        hits, total = 0, 0.0
        for i, name in enumerate(ranked):
            if name in others:
                hits += 1
                total += hits / (i + 1)
        precisions.append(total / len(others))
    print(json.dumps({'queries': len(precisions),
                      'mean_average_precision': sum(precisions) / len(precisions)}))


if __name__ == '__main__':
    main()
