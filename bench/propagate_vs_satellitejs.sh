#!/usr/bin/env bash
# SGP4 side by side: Lagrange (batch on 1 and 2 threads, scalar) against satellite.js 7.1.0
# (plain sgp4() and the WASM BulkPropagator, single- and multi-thread runtimes), all on the
# same element sets and times in one run: the first 1,000 near-Earth sets of
# data/tle/starlink_supgp_2026-05-12.tle x 1,440 one-minute steps from 2026-05-13T00:00Z.
# Each figure is the median of REPEATS runs after a warm-up. Prints the JSON lines, then a
# Markdown table (as in docs/PERFORMANCE.md). Then the same sets and times end to end to a
# CSV file: `lagrange propagate` against satellite.js sgp4() writing the same rows.
# PARTS="throughput", "csv" or both (default) chooses what runs.
#
# Usage: bench/propagate_vs_satellitejs.sh [BUILD_DIR] [REPEATS]   (BUILD_DIR default: build,
# configured with -DLAGRANGE_BENCH=ON so that BUILD_DIR/bin/sgp4_throughput exists)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-build}"
repeats="${2:-7}"
[[ "$build" = /* ]] || build="$root/$build"
tle="$root/data/tle/starlink_supgp_2026-05-12.tle"
sats=1000
steps=1440
start=2026-05-13T00:00:00Z
threads=2

parts="${PARTS:-throughput csv}"
lagrange="$build/bin/lagrange"
throughput="$build/bin/sgp4_throughput"
if [[ ! -x "$throughput" ]]; then
  echo "propagate_vs_satellitejs: $throughput not built (configure with -DLAGRANGE_BENCH=ON)" >&2
  exit 1
fi
jsdir="$root/bench/satellitejs"
if [[ ! -d "$jsdir/node_modules/satellite.js" ]]; then
  npm ci --prefix "$jsdir" --no-audit --no-fund >&2
fi

echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ "$parts" == *throughput* ]]; then
  results="$(
    "$throughput" "$tle" "$sats" "$steps" "$start" "$repeats" "$threads"
    node "$jsdir/propagate.mjs" "$tle" "$sats" "$steps" "$start" "$repeats" "$threads"
  )"
  echo "$results"
  echo
  echo "$results" | node "$jsdir/table.mjs"
fi

# End to end to CSV: `lagrange propagate --format csv` (all cores) against satellite.js
# sgp4() writing the same rows with toFixed(9) (propagate_csv.mjs), each timed as a whole
# process writing a file, on the same sets and instants.
if [[ "$parts" == *csv* ]]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  node "$jsdir/propagate_csv.mjs" select "$tle" "$sats" "$tmp/sets.tle"
  end="$(date -u -d "$start + $((steps - 1)) minutes" +%Y-%m-%dT%H:%M:%SZ)"
  lagrange_csv() {
    "$lagrange" propagate --tle "$tmp/sets.tle" --start "$start" --end "$end" --step 60 \
      >"$tmp/lagrange.csv"
  }
  satjs_csv() {
    node "$jsdir/propagate_csv.mjs" csv "$tmp/sets.tle" "$steps" "$start" "$tmp/satjs.csv"
  }
  # "wall user+sys" seconds of each of REPEATS runs after a warm-up, then the medians.
  time_runs() {
    local TIMEFORMAT='%R %U %S'
    "$1"
    for ((r = 0; r < repeats; r++)); do { time "$1"; } 2>&1; done |
      awk '{print $1, $2 + $3}'
  }
  median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
  report_csv() {
    local method="$1" times="$2" file="$3"
    local wall cpu rows
    wall="$(cut -d' ' -f1 <<<"$times" | median)"
    cpu="$(cut -d' ' -f2 <<<"$times" | median)"
    rows="$(($(wc -l <"$file") - 1))"
    echo "{\"method\":\"$method\",\"rows\":$rows,\"bytes\":$(stat -c %s "$file")," \
      "\"seconds_median\":$wall,\"cpu_seconds_median\":$cpu}"
    echo "$wall $cpu" >"$tmp/$method.median"
  }
  lagrange_times="$(time_runs lagrange_csv)"
  satjs_times="$(time_runs satjs_csv)"
  report_csv lagrange "$lagrange_times" "$tmp/lagrange.csv"
  report_csv satellitejs "$satjs_times" "$tmp/satjs.csv"
  read -r lw lc <"$tmp/lagrange.median"
  read -r sw sc <"$tmp/satellitejs.median"
  echo
  echo "| to CSV, $sats sats x $steps steps | wall s (median) | CPU s (median) |"
  echo "|---|---:|---:|"
  echo "| lagrange propagate --format csv | $lw | $lc |"
  echo "| satellite.js sgp4() + toFixed(9) | $sw | $sc |"
  echo "| ratio (satellite.js / lagrange) | $(awk "BEGIN {printf \"%.2f\", $sw / $lw}")x |" \
    "$(awk "BEGIN {printf \"%.2f\", $sc / $lc}")x |"
fi
