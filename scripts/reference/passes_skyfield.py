#!/usr/bin/python3
"""Reference ground passes from skyfield's EarthSatellite.find_events (the oracle of
src/access/passes_test.cpp, which runs this script at test time).

Usage:
  /usr/bin/python3 scripts/reference/passes_skyfield.py REQUEST.json OUT.json

REQUEST.json: {"tle": path, "norad_ids": [...] (optional subset), "start_unix_s": ...,
               "end_unix_s": ..., "stations": [{"name", "latitude_deg", "longitude_deg",
               "height_m", "elevation_mask_deg"}]}
OUT.json: {"dut1_s": skyfield's UT1-UTC at the window midpoint,
           "events": [{"norad_id", "station", "kind" (0 rise, 1 culmination, 2 set),
                       "unix_s", "elevation_deg"}]}

Elevation is skyfield's geometric altitude (altaz() without a refraction model). Skyfield
takes UT1 from its builtin IERS tables (load.timescale(builtin=True), no download); the
caller passes dut1_s to Lagrange so both rotate the Earth the same way.

find_events' own rise/set instants are coarse for LEO: at high latitude its altitude at its
own events differs from the requested mask by up to ~0.1 deg, i.e. several seconds (skyfield
1.45). Each rise/set is therefore polished by bisection on skyfield's own altitude
((sat - topos).at(t).altaz()) to ~1 ms inside +-30 s of the find_events instant; the raw
instant is kept as "find_events_unix_s". Culminations are find_events' own.
"""
import datetime
import json
import sys

import numpy as np

from skyfield.api import EarthSatellite, load, wgs84


def read_tles(path):
    lines = [l.rstrip() for l in open(path) if l.strip()]
    sets = []
    i = 0
    while i < len(lines):
        if lines[i].startswith('1 ') and i + 1 < len(lines) and lines[i + 1].startswith('2 '):
            sets.append(('', lines[i], lines[i + 1]))
            i += 2
        else:
            sets.append((lines[i].strip(), lines[i + 1], lines[i + 2]))
            i += 3
    return sets


def unix_seconds(t):
    return t.utc_datetime().timestamp()  # microsecond resolution


def polish_crossings(ts, difference, times, kinds, mask_deg):
    """TT Julian dates of the events, rises (0) and sets (2) refined by vectorised bisection
    of skyfield's altitude - mask; culminations unchanged. The bracket is +-30 s around the
    find_events instant, cut at the neighbouring culmination so a short grazing pass keeps
    its two crossings apart; events without a sign change in the bracket stay as they are."""
    tt = np.array(times.tt, dtype=float)
    day_s = 86400.0
    lo = tt - 30.0 / day_s
    hi = tt + 30.0 / day_s
    for i, kind in enumerate(kinds):
        if kind == 0 and i + 1 < len(kinds) and kinds[i + 1] == 1:
            hi[i] = min(hi[i], tt[i + 1])
        if kind == 2 and i > 0 and kinds[i - 1] == 1:
            lo[i] = max(lo[i], tt[i - 1])
    crossing = np.array([k in (0, 2) for k in kinds])

    def above(jd):
        return difference.at(ts.tt_jd(jd)).altaz()[0].degrees - mask_deg

    f_lo = above(lo)
    f_hi = above(hi)
    ok = crossing & (np.sign(f_lo) != np.sign(f_hi))
    for _ in range(17):  # 60 s / 2^17 ~ 0.5 ms
        mid = 0.5 * (lo + hi)
        f_mid = above(mid)
        same_as_lo = np.sign(f_mid) == np.sign(f_lo)
        lo = np.where(same_as_lo, mid, lo)
        f_lo = np.where(same_as_lo, f_mid, f_lo)
        hi = np.where(same_as_lo, hi, mid)
    return np.where(ok, 0.5 * (lo + hi), tt)


def main():
    request = json.load(open(sys.argv[1]))
    ts = load.timescale(builtin=True)
    utc = datetime.timezone.utc
    t0 = ts.from_datetime(datetime.datetime.fromtimestamp(request['start_unix_s'], utc))
    t1 = ts.from_datetime(datetime.datetime.fromtimestamp(request['end_unix_s'], utc))
    wanted = set(request.get('norad_ids', []))
    events = []
    for name, l1, l2 in read_tles(request['tle']):
        sat = EarthSatellite(l1, l2, name, ts)
        if wanted and sat.model.satnum not in wanted:
            continue
        for st in request['stations']:
            topos = wgs84.latlon(st['latitude_deg'], st['longitude_deg'],
                                 elevation_m=st['height_m'])
            times, kinds = sat.find_events(topos, t0, t1,
                                           altitude_degrees=st['elevation_mask_deg'])
            if len(times) == 0:
                continue
            mask = st['elevation_mask_deg']
            polished = polish_crossings(ts, sat - topos, times, kinds, mask)
            alt, _, _ = (sat - topos).at(times).altaz()
            for t, kind, a, tt_polished in zip(times, kinds, alt.degrees, polished):
                events.append({'norad_id': int(sat.model.satnum), 'station': st['name'],
                               'kind': int(kind),
                               'unix_s': unix_seconds(ts.tt_jd(tt_polished)),
                               'find_events_unix_s': unix_seconds(t),
                               'elevation_deg': float(a)})
    mid = ts.tt_jd((t0.tt + t1.tt) / 2)
    json.dump({'dut1_s': float(mid.dut1), 'events': events}, open(sys.argv[2], 'w'))


if __name__ == '__main__':
    main()
