#!/usr/bin/env bash
# SGP4 side by side: Lagrange (batch on 1 and 2 threads, scalar) against satellite.js 7.1.0
# (plain sgp4() and the WASM BulkPropagator, single- and multi-thread runtimes), all on the
# same element sets and times in one run: the first 1,000 near-Earth sets of
# data/tle/starlink_supgp_2026-05-12.tle x 1,440 one-minute steps from 2026-05-13T00:00Z.
# Each figure is the median of REPEATS runs after a warm-up. Prints the JSON lines, then a
# Markdown table (as in docs/PERFORMANCE.md).
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
results="$(
  "$throughput" "$tle" "$sats" "$steps" "$start" "$repeats" "$threads"
  node "$jsdir/propagate.mjs" "$tle" "$sats" "$steps" "$start" "$repeats" "$threads"
)"
echo "$results"
echo
echo "$results" | node "$jsdir/table.mjs"
