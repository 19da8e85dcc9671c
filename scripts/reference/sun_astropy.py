#!/usr/bin/python3
"""Reference apparent geocentric Sun positions from astropy, for src/access/sun_test.cpp.

Regenerate with:
    /usr/bin/python3 scripts/reference/sun_astropy.py > data/reference/sun_astropy.csv

get_sun() returns the apparent Sun (light time + aberration) in GCRS; TEME is astropy's own
TEME frame (reached through ITRS; with no IERS download UT1-UTC and polar motion default,
which changes TEME directions by well under 0.001 deg).
"""
import warnings

from astropy.utils import iers

iers.conf.auto_download = False
iers.conf.iers_degraded_accuracy = "warn"
warnings.simplefilter("ignore")

import astropy.units as u  # noqa: E402
from astropy.coordinates import TEME, get_sun  # noqa: E402
from astropy.time import Time  # noqa: E402

TIMES = [
    "2020-03-20T03:50:00", "2024-12-21T09:20:00", "2026-01-01T00:00:00",
    "2026-06-26T12:00:00", "2026-09-23T00:00:00", "2027-04-10T18:30:00",
    "2030-07-04T06:00:00",
]

print("utc,gcrs_x_km,gcrs_y_km,gcrs_z_km,teme_x_km,teme_y_km,teme_z_km")
for text in TIMES:
    t = Time(text, scale="utc")
    sun = get_sun(t)
    g = sun.cartesian.xyz.to(u.km).value
    e = sun.transform_to(TEME(obstime=t)).cartesian.xyz.to(u.km).value
    print(f"{text}Z,{g[0]:.3f},{g[1]:.3f},{g[2]:.3f},{e[0]:.3f},{e[1]:.3f},{e[2]:.3f}")
