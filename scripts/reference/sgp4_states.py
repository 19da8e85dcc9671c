#!/usr/bin/python3
"""TEME states from python-sgp4 (Vallado's SGP4, Debian python3-sgp4), the reference for
Lagrange's SGP4 tests of the gravity models and operation modes.

Usage: /usr/bin/python3 scripts/reference/sgp4_states.py GRAVITY MODE LINE1 LINE2 T_MIN...
  GRAVITY: wgs72old | wgs72 | wgs84;  MODE: i (improved) | a (afspc)
Prints one line per time: t_min error x y z (km) vx vy vz (km/s), full precision.
Called by src/orbit/sgp4_test.cpp at test time.
"""
import sys

from sgp4.api import WGS72, WGS72OLD, WGS84, Satrec

GRAVITY = {'wgs72old': WGS72OLD, 'wgs72': WGS72, 'wgs84': WGS84}


def main():
    gravity, mode, line1, line2 = sys.argv[1:5]
    times = [float(t) for t in sys.argv[5:]]
    elements = Satrec.twoline2rv(line1, line2, GRAVITY[gravity])
    sat = Satrec()
    sat.sgp4init(GRAVITY[gravity], mode, elements.satnum,
                 elements.jdsatepoch + elements.jdsatepochF - 2433281.5,
                 elements.bstar, elements.ndot, elements.nddot, elements.ecco,
                 elements.argpo, elements.inclo, elements.mo, elements.no_kozai,
                 elements.nodeo)
    for t in times:
        error, r, v = sat.sgp4_tsince(t)
        print(repr(t), error, *(repr(x) for x in r), *(repr(x) for x in v))


if __name__ == '__main__':
    main()
