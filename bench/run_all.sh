#!/usr/bin/env bash
# Runs every benchmark (called by `make bench`). Usage: bench/run_all.sh [BUILD_DIR]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-build}"
[[ "$build" = /* ]] || build="$root/$build"

"$build/bin/sgp4_benchmark" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
"$build/bin/elements_benchmark" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
"$build/bin/routing_benchmark" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
"$root/bench/propagate_vs_satellitejs.sh" "$build"
"$root/bench/contact_plan_starlink.sh" "$build"
"$root/bench/passes_vs_skyfield.sh" "$build"
"$build/bin/sim_benchmark" --benchmark_filter=ThreeBody --benchmark_repetitions=5 \
  --benchmark_report_aggregates_only=true
"$root/bench/run_twin.sh" "$build" 3 three-body  # walker-1000: bench/run_twin.sh "$build" 1
