#!/usr/bin/python3
"""Writes the OMM fixtures used by src/orbit/omm_test.cpp: three Three-Body satellites
(SCS-01 A, B and M from data/tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle) expressed
as CCSDS OMM XML and KVN and as CelesTrak-style JSON and CSV.

The field values come from python-sgp4 (Debian python3-sgp4 2.15): `Satrec.twoline2rv`
parses the TLE and `sgp4.exporter.export_omm` converts it to OMM fields, so the numbers are
not Lagrange's. Floats are written with repr(), so they carry python-sgp4's unit
round trips (e.g. 97.36760000000001); the test compares them with the TLE with a tolerance.

Regenerate (from the repository root):
    /usr/bin/python3 src/orbit/testdata/make_omm_fixtures.py
"""
import json
import os

from sgp4.api import Satrec
from sgp4.exporter import export_omm

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..', '..'))
TLE = os.path.join(ROOT, 'data/tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle')
PICKS = ['SCS-01 A', 'SCS-01 B', 'SCS-01 M']
CREATION_DATE = '2026-06-27T00:00:00'
ORIGINATOR = 'python-sgp4 exporter (Lagrange test fixture)'

METADATA = ['OBJECT_NAME', 'OBJECT_ID', 'CENTER_NAME', 'REF_FRAME', 'TIME_SYSTEM',
            'MEAN_ELEMENT_THEORY']
MEAN_ELEMENTS = ['EPOCH', 'MEAN_MOTION', 'ECCENTRICITY', 'INCLINATION', 'RA_OF_ASC_NODE',
                 'ARG_OF_PERICENTER', 'MEAN_ANOMALY']
TLE_PARAMETERS = ['EPHEMERIS_TYPE', 'CLASSIFICATION_TYPE', 'NORAD_CAT_ID', 'ELEMENT_SET_NO',
                  'REV_AT_EPOCH', 'BSTAR', 'MEAN_MOTION_DOT', 'MEAN_MOTION_DDOT']
# The CelesTrak JSON/CSV column order.
CELESTRAK = ['OBJECT_NAME', 'OBJECT_ID'] + MEAN_ELEMENTS + TLE_PARAMETERS
UNITS = {'MEAN_MOTION': 'rev/day', 'INCLINATION': 'deg', 'RA_OF_ASC_NODE': 'deg',
         'ARG_OF_PERICENTER': 'deg', 'MEAN_ANOMALY': 'deg', 'BSTAR': '1/ER',
         'MEAN_MOTION_DOT': 'rev/day**2', 'MEAN_MOTION_DDOT': 'rev/day**3'}


def text(value):
    return repr(value) if isinstance(value, float) else str(value)


def load():
    with open(TLE) as f:
        lines = [l.rstrip() for l in f if l.strip()]
    omms = []
    for i in range(0, len(lines), 3):
        name = lines[i].strip()
        if name in PICKS:
            omms.append(export_omm(Satrec.twoline2rv(lines[i + 1], lines[i + 2]), name))
    return omms


def write_xml(omms, path):
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<ndm xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">']
    for omm in omms:
        out += ['  <omm id="CCSDS_OMM_VERS" version="2.0">',
                '    <header>',
                f'      <CREATION_DATE>{CREATION_DATE}</CREATION_DATE>',
                f'      <ORIGINATOR>{ORIGINATOR}</ORIGINATOR>',
                '    </header>', '    <body>', '      <segment>', '        <metadata>']
        out += [f'          <{k}>{text(omm[k])}</{k}>' for k in METADATA]
        out += ['        </metadata>', '        <data>', '          <meanElements>']
        for k in MEAN_ELEMENTS:
            unit = f' units="{UNITS[k]}"' if k in UNITS else ''
            out.append(f'            <{k}{unit}>{text(omm[k])}</{k}>')
        out += ['          </meanElements>', '          <tleParameters>']
        out += [f'            <{k}>{text(omm[k])}</{k}>' for k in TLE_PARAMETERS]
        out += ['          </tleParameters>', '        </data>', '      </segment>',
                '    </body>', '  </omm>']
    out.append('</ndm>')
    with open(path, 'w') as f:
        f.write('\n'.join(out) + '\n')


def write_kvn(omms, path):
    out = []
    for omm in omms:
        out += ['CCSDS_OMM_VERS = 2.0', f'CREATION_DATE = {CREATION_DATE}',
                f'ORIGINATOR = {ORIGINATOR}', '', 'COMMENT converted from a CelesTrak TLE']
        out += [f'{k:<19} = {text(omm[k])}' for k in METADATA]
        out.append('')
        for k in MEAN_ELEMENTS + TLE_PARAMETERS:
            unit = f' [{UNITS[k]}]' if k in UNITS else ''
            out.append(f'{k:<19} = {text(omm[k])}{unit}')
        out.append('')
    with open(path, 'w') as f:
        f.write('\n'.join(out))


def write_json(omms, path):
    objects = []
    for n, omm in enumerate(omms):
        obj = {k: omm[k] for k in CELESTRAK}
        if n == 1:  # some servers quote every number: both forms must parse
            obj = {k: text(v) for k, v in obj.items()}
        objects.append(obj)
    with open(path, 'w') as f:
        json.dump(objects, f, indent=1)
        f.write('\n')


def write_csv(omms, path):
    rows = [','.join(CELESTRAK)]
    rows += [','.join(text(omm[k]) for k in CELESTRAK) for omm in omms]
    with open(path, 'w') as f:
        f.write('\r\n'.join(rows) + '\r\n')  # CelesTrak serves CSV with CRLF


def main():
    omms = load()
    assert [o['OBJECT_NAME'] for o in omms] == PICKS
    write_xml(omms, os.path.join(HERE, 'three_body_omm.xml'))
    write_kvn(omms, os.path.join(HERE, 'three_body_omm.kvn'))
    write_json(omms, os.path.join(HERE, 'three_body_omm.json'))
    write_csv(omms, os.path.join(HERE, 'three_body_omm.csv'))


if __name__ == '__main__':
    main()
