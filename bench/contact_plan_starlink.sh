#!/usr/bin/env bash
# Wall time and peak memory of the full contact plan (ground passes over the default stations,
# +Grid laser links, eclipses) of the 4,408-satellite Starlink Walker preset over 24 h.
# Usage: bench/contact_plan_starlink.sh [BUILD_DIR]   (figures: docs/PERFORMANCE.md)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-build}"
[[ "$build" = /* ]] || build="$root/$build"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

uptime
/usr/bin/time -v "$build/bin/lagrange" contacts --walker starlink \
  --stations "$root/data/stations/default.yaml" --isl grid \
  --start 2026-06-27T00:00:00Z --end 2026-06-28T00:00:00Z --output "$out/" 2>&1 |
  grep -E "Elapsed|Maximum resident|User time|System time|Percent of CPU"
wc -l "$out"/*.csv | sed "s|$out/||"
ls -l "$out" | awk 'NR > 1 {print $5, $9}'
