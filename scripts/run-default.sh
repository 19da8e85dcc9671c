#!/usr/bin/env bash
# `make run`: the default job. Usage: scripts/run-default.sh path/to/lagrange
#
# Until the default scenario exists, it shows where the Three-Body Computing Constellation's
# twelve SCS-01 satellites are now: SGP4 from the shipped CelesTrak elements, WGS-84
# latitude, longitude and height, as a table that also says how old the elements are.
set -euo pipefail

bin="${1:-build/bin/lagrange}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tle="$root/data/tle/three_body_SCS-01_2025-100_epoch2026-06-26.tle"

if [[ ! -x "$bin" ]]; then
  echo "run-default.sh: no lagrange binary at '$bin' (run 'make build' first)" >&2
  exit 1
fi

echo "Three-Body Computing Constellation (SCS-01 A-M, CelesTrak elements) — positions now"
echo
exec "$bin" propagate --tle "$tle" --start now --frame geodetic --format table
