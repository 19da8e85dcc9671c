#!/usr/bin/python3
"""Writes the TLE parsing reference values used by src/orbit/tle_test.cpp.

The values come from python-sgp4 (Debian package python3-sgp4 2.15, `Satrec.twoline2rv`, the
C++ code of Vallado et al. wrapped for Python), not from Lagrange.

Regenerate (from the repository root):
    /usr/bin/python3 src/orbit/testdata/make_tle_reference.py

Outputs (CSV, one row per element set, floats printed with repr() so they round-trip):
    src/orbit/testdata/starlink_reference.csv  every 50th set of
        data/tle/starlink_supgp_2026-05-12.tle (and its last one); `index` is the 0-based
        position of the set in the file.
    src/orbit/testdata/sgp4_ver_reference.csv  every set of Vallado's verification file
        /usr/lib/python3/dist-packages/sgp4/SGP4-VER.TLE (read from the Debian package at
        test time, not copied).
"""
import csv
import os

from sgp4.api import Satrec

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..', '..'))
FIELDS = ['index', 'satnum', 'classification', 'intldesg', 'epochyr', 'epochdays',
          'jdsatepoch', 'jdsatepochF', 'ndot', 'nddot', 'bstar', 'ephtype', 'elnum',
          'inclo', 'nodeo', 'ecco', 'argpo', 'mo', 'no_kozai', 'revnum']


def element_pairs(path):
    """(line1, line2) of every set, in file order; names and comments are skipped."""
    with open(path) as f:
        lines = [l.rstrip('\r\n') for l in f if l.strip() and not l.startswith('#')]
    pairs = []
    for i, line in enumerate(lines):
        if line.startswith('1 ') and i + 1 < len(lines) and lines[i + 1].startswith('2 '):
            pairs.append((line[:69], lines[i + 1][:69]))
    return pairs


def write(path, indexed_pairs):
    with open(path, 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(FIELDS)
        for index, (l1, l2) in indexed_pairs:
            s = Satrec.twoline2rv(l1, l2)
            row = [index]
            for name in FIELDS[1:]:
                value = getattr(s, name)
                row.append(repr(value) if isinstance(value, float) else value)
            w.writerow(row)


def main():
    starlink = element_pairs(os.path.join(ROOT, 'data/tle/starlink_supgp_2026-05-12.tle'))
    picks = sorted(set(range(0, len(starlink), 50)) | {len(starlink) - 1})
    write(os.path.join(HERE, 'starlink_reference.csv'), [(i, starlink[i]) for i in picks])
    vallado = element_pairs('/usr/lib/python3/dist-packages/sgp4/SGP4-VER.TLE')
    write(os.path.join(HERE, 'sgp4_ver_reference.csv'), list(enumerate(vallado)))


if __name__ == '__main__':
    main()
