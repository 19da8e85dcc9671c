#!/usr/bin/python3
"""Times skyfield's EarthSatellite.find_events on a deterministic sample of the
satellite-station pairs of the pass benchmark, and checks that it finds as many passes as
Lagrange did for the same pairs. Called by bench/passes_vs_skyfield.sh:

  /usr/bin/python3 bench/passes_skyfield_sample.py TLE STATIONS_CSV START END LAGRANGE_CSV \
      SAT_STRIDE STATION_STRIDE

Sample: every SAT_STRIDE-th element set of TLE and every STATION_STRIDE-th station.
Prints one line: pairs, passes (skyfield / Lagrange), wall and CPU seconds, ms per
satellite-station-day (CPU and wall).
"""
import csv
import datetime
import sys
import time

from skyfield.api import EarthSatellite, load, wgs84


def main():
    tle, stations_csv, start, end, lagrange_csv = sys.argv[1:6]
    sat_stride, station_stride = int(sys.argv[6]), int(sys.argv[7])
    ts = load.timescale(builtin=True)
    lines = [l.rstrip() for l in open(tle) if l.strip()]
    sets = [(lines[i], lines[i + 1], lines[i + 2]) for i in range(0, len(lines), 3)]
    sats = [EarthSatellite(l1, l2, name.strip(), ts) for name, l1, l2 in sets[::sat_stride]]
    rows = [r for r in csv.reader(l for l in open(stations_csv) if not l.startswith('#'))]
    header, rows = rows[0], rows[1:]
    col = {name: i for i, name in enumerate(header)}
    stations = rows[::station_stride]
    t0 = ts.from_datetime(datetime.datetime.fromisoformat(start.replace('Z', '+00:00')))
    t1 = ts.from_datetime(datetime.datetime.fromisoformat(end.replace('Z', '+00:00')))
    days = (t1.tt - t0.tt)

    wanted = {(s.model.satnum, st[col['name']]) for s in sats for st in stations}
    lagrange_passes = 0
    with open(lagrange_csv) as f:
        for row in csv.DictReader(f):
            if (int(row['norad_id']), row['station']) in wanted:
                lagrange_passes += 1

    passes = 0
    began = time.perf_counter()
    began_cpu = time.process_time()
    for st in stations:
        topos = wgs84.latlon(float(st[col['latitude_deg']]), float(st[col['longitude_deg']]),
                             elevation_m=float(st[col['height_m']]))
        mask = float(st[col['elevation_mask_deg']])
        for sat in sats:
            _, kinds = sat.find_events(topos, t0, t1, altitude_degrees=mask)
            # A pass per rise, plus one already up at the window start.
            passes += int(sum(1 for k in kinds if k == 0))
            passes += 1 if len(kinds) and kinds[0] != 0 else 0
    seconds = time.perf_counter() - began
    cpu_seconds = time.process_time() - began_cpu
    pairs = len(sats) * len(stations)
    print(f"skyfield: {pairs} pairs, {passes} passes (Lagrange: {lagrange_passes}), "
          f"wall {seconds:.2f} s, CPU {cpu_seconds:.2f} s, "
          f"{1000.0 * cpu_seconds / (pairs * days):.2f} ms CPU per satellite-station-day, "
          f"{1000.0 * seconds / (pairs * days):.2f} ms wall per satellite-station-day")


if __name__ == '__main__':
    main()
