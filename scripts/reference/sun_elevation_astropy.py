#!/usr/bin/python3
"""The Sun's geometric elevation (deg) at ground points, from astropy, for capture_test.cpp.

Usage: /usr/bin/python3 scripts/reference/sun_elevation_astropy.py ISO LAT LON [ISO LAT LON ...]
Prints one elevation per triple. Uses astropy's get_sun (GCRS, light time and aberration)
transformed to AltAz at the WGS-84 geodetic point with pressure 0 (no refraction). No
downloads: astropy's bundled IERS data, degraded-accuracy warnings silenced (polar motion and
UT1 extrapolation move the Sun by well under 0.01 deg).
"""
import sys
import warnings

warnings.simplefilter("ignore")

from astropy.utils import iers  # noqa: E402

iers.conf.auto_download = False
iers.conf.auto_max_age = None
iers.conf.iers_degraded_accuracy = "ignore"

import astropy.units as u  # noqa: E402
from astropy.coordinates import AltAz, EarthLocation, get_sun  # noqa: E402
from astropy.time import Time  # noqa: E402


def main(args):
    if len(args) % 3 != 0 or not args:
        sys.exit("usage: sun_elevation_astropy.py ISO LAT LON [ISO LAT LON ...]")
    t = Time([a.rstrip("Z") for a in args[0::3]], scale="utc")
    loc = EarthLocation.from_geodetic(lon=[float(a) for a in args[2::3]] * u.deg,
                                      lat=[float(a) for a in args[1::3]] * u.deg,
                                      height=[0.0] * len(t) * u.m)
    frame = AltAz(obstime=t, location=loc, pressure=0 * u.hPa)
    for alt in get_sun(t).transform_to(frame).alt.deg:
        print(f"{alt:.6f}")


if __name__ == "__main__":
    main(sys.argv[1:])
