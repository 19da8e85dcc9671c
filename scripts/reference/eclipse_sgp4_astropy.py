#!/usr/bin/python3
"""Umbra entry/exit of SCS-01 A (NORAD 63982) from python-sgp4 + astropy, for
src/access/eclipse_reference_test.cpp.

Regenerate with (takes a few minutes):
    /usr/bin/python3 scripts/reference/eclipse_sgp4_astropy.py > data/reference/eclipse_scs01a_astropy.csv

Independent of Lagrange's code: python-sgp4 propagates the TLE (TEME), astropy rotates the
satellite from its TEME frame to GCRS and gives the apparent Sun (get_sun, GCRS); the umbra
is the conical shadow of a spherical Earth (R = 6378.137 km, Sun radius 695,700 km):
separation(Sun, Earth centre) < asin(Re/|r|) - asin(Rs/|s - r|). Crossings are found on a
30 s grid and bisected to ~0.3 ms.
"""
import math
import warnings

from astropy.utils import iers

iers.conf.auto_download = False
iers.conf.iers_degraded_accuracy = "warn"
warnings.simplefilter("ignore")

import astropy.units as u  # noqa: E402
import numpy as np  # noqa: E402
from astropy.coordinates import GCRS, TEME, CartesianRepresentation, get_sun  # noqa: E402
from astropy.time import Time  # noqa: E402
from sgp4.api import Satrec  # noqa: E402

# SCS-01 A from data/tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle
L1 = "1 63982U 25100A   26177.93574109  .00009055  00000+0  41333-3 0  9992"
L2 = "2 63982  97.3676 250.4982 0027079 332.5156  27.4646 15.20497803 62127"
RE_KM = 6378.137
RS_KM = 695700.0
START = "2026-06-27T00:00:00"
MINUTES = 180

sat = Satrec.twoline2rv(L1, L2)


def umbra_margin(times):
    t = Time(times, scale="utc")
    _, r, _ = sat.sgp4_array(np.atleast_1d(t.jd1), np.atleast_1d(t.jd2))
    teme = TEME(CartesianRepresentation(r.T * u.km), obstime=t)
    g = np.atleast_2d(teme.transform_to(GCRS(obstime=t)).cartesian.xyz.to(u.km).value.T)
    s = np.atleast_2d(get_sun(t).cartesian.xyz.to(u.km).value.T)
    out = []
    for gi, si in zip(g, s):
        to_sun = si - gi
        sep = math.atan2(np.linalg.norm(np.cross(to_sun, -gi)), np.dot(to_sun, -gi))
        out.append(sep - (math.asin(RE_KM / np.linalg.norm(gi))
                          - math.asin(RS_KM / np.linalg.norm(to_sun))))
    return out


def bisect(a, b):
    fa = umbra_margin([a])[0]
    for _ in range(25):
        m = Time((Time(a).jd + Time(b).jd) / 2, format="jd", scale="utc").isot
        fm = umbra_margin([m])[0]
        if (fm < 0) == (fa < 0):
            a, fa = m, fm
        else:
            b = m
    return Time(a).isot


grid = Time(START, scale="utc") + np.arange(0, MINUTES * 60, 30) * u.s
margins = umbra_margin(grid.isot)
print("norad_id,event,utc")
for i in range(len(margins) - 1):
    if (margins[i] < 0) != (margins[i + 1] < 0):
        event = "umbra_entry" if margins[i + 1] < 0 else "umbra_exit"
        print(f"63982,{event},{bisect(grid[i].isot, grid[i + 1].isot)}Z")
