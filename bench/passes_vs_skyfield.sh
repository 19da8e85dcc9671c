#!/usr/bin/env bash
# Pass prediction benchmark: every Starlink element set (10,361) over 50 stations for 24 h
# with `lagrange passes`, wall time and peak memory from /usr/bin/time -v, side by side with
# skyfield's find_events on a sample of the same satellite-station pairs.
#
# Usage: bench/passes_vs_skyfield.sh [BUILD_DIR]   (default build; needs bin/lagrange)
# Results go in docs/PERFORMANCE.md ("Ground passes").
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"
bin="$build/bin/lagrange"
tle="$here/data/tle/starlink_supgp_2026-05-12.tle"
stations="$here/data/stations/bench_50.csv"
start=2026-05-12T12:00:00Z
end=2026-05-13T12:00:00Z
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

n_sats=$(( $(grep -c '^1 ' "$tle") ))
n_stations=$(( $(grep -v '^#' "$stations" | wc -l) - 1 ))
pairs=$(( n_sats * n_stations ))

run_lagrange() {  # $1 = threads
  /usr/bin/time -v "$bin" passes --tle "$tle" --stations "$stations" --start "$start" \
    --end "$end" --threads "$1" >"$out/passes.csv" 2>"$out/time.txt"
  local wall rss user sys
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0;
                      for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$out/time.txt")
  user=$(awk -F': ' '/User time/ {print $2}' "$out/time.txt")
  sys=$(awk -F': ' '/System time/ {print $2}' "$out/time.txt")
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$out/time.txt")
  local cpu
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')
  echo "lagrange (threads=$1): $n_sats satellites x $n_stations stations, $(( $(wc -l <"$out/passes.csv") - 1 )) passes," \
       "wall ${wall} s, CPU ${cpu} s (user ${user}, sys ${sys}), peak RSS $(( rss / 1024 )) MB," \
       "$(awk -v c="$cpu" -v p="$pairs" 'BEGIN {printf "%.1f", 1e6 * c / p}') us CPU and" \
       "$(awk -v w="$wall" -v p="$pairs" 'BEGIN {printf "%.1f", 1e6 * w / p}') us wall per satellite-station-day"
  echo "$wall" >"$out/wall_$1"
  echo "$cpu" >"$out/cpu_$1"
}

lscpu | grep -E 'Model name|^CPU\(s\)'
run_lagrange 0
run_lagrange 1
sky=$(/usr/bin/python3 "$here/bench/passes_skyfield_sample.py" "$tle" "$stations" "$start" "$end" \
      "$out/passes.csv" 259 5)
echo "$sky"
sky_cpu_ms=$(echo "$sky" | sed -E 's/.* ([0-9.]+) ms CPU per satellite-station-day.*/\1/')
sky_wall_ms=$(echo "$sky" | sed -E 's/.* ([0-9.]+) ms wall per satellite-station-day/\1/')
# CPU: both single-threaded work per pair (the fair per-core ratio on a loaded machine);
# wall: end-to-end, Lagrange on all cores vs skyfield on one.
awk -v s="$sky_cpu_ms" -v c="$(cat "$out/cpu_1")" -v p="$pairs" 'BEGIN {
  us = 1e6 * c / p; printf "ratio CPU (threads=1): skyfield %.2f ms / lagrange %.1f us = %.0fx\n", s, us, 1000 * s / us }'
awk -v s="$sky_wall_ms" -v w="$(cat "$out/wall_0")" -v p="$pairs" 'BEGIN {
  us = 1e6 * w / p; printf "ratio wall (threads=0): skyfield %.2f ms / lagrange %.1f us = %.0fx\n", s, us, 1000 * s / us }'
