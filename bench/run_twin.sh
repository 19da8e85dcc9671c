#!/usr/bin/env bash
# End-to-end time of the digital twin: `lagrange run` (world, every policy, all output files)
# on the default scenario (three-body) and on the 1,000-satellite benchmark day (walker-1000),
# under /usr/bin/time -v: wall, CPU (user + system) and peak resident memory of each run.
# Usage: bench/run_twin.sh [BUILD_DIR] [RUNS] [SCENARIO...]
#   RUNS (default 3) runs per scenario (take the median); scenarios default to
#   "three-body walker-1000".  Figures: docs/PERFORMANCE.md ("Digital twin").
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-build}"
[[ "$build" = /* ]] || build="$root/$build"
runs="${2:-3}"
shift $(($# > 2 ? 2 : $#))
scenarios=("$@")
[[ ${#scenarios[@]} -gt 0 ]] || scenarios=(three-body walker-1000)
lagrange="$build/bin/lagrange"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

if ! "$lagrange" run --help >/dev/null 2>&1; then
  echo "run_twin.sh: $lagrange has no 'run' command; use build/bin/sim_benchmark instead" >&2
  exit 2
fi

lscpu | grep -E "Model name|^CPU\(s\)"
for scenario in "${scenarios[@]}"; do
  for ((i = 1; i <= runs; i++)); do
    echo "== $scenario run $i/$runs, $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
    /usr/bin/time -v -o "$out/time.txt" "$lagrange" run "$scenario" --no-progress \
      --output "$out/$scenario" >"$out/stdout.txt"
    grep -E "Events|^  *jobs|Delivered" "$out/stdout.txt" | head -3 || true
    awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} /Elapsed/ {w = $2}
      /Maximum resident/ {m = $2}
      END {printf "wall %s  cpu %.2f s (user %s + sys %s)  max RSS %.0f MB\n",
           w, u + s, u, s, m / 1024}' "$out/time.txt"
  done
done
