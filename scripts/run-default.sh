#!/usr/bin/env bash
# `make run`: the default job. Usage: scripts/run-default.sh path/to/lagrange
#
# Runs the digital twin on the built-in Three-Body day (data/scenarios/three-body.yaml): the
# twelve real SCS-01 satellites, Chinese and international stations and four tenants, once per
# scheduling policy (bent-pipe, on-board, offload, adaptive). Prints the comparison and writes the report
# (HTML, CZML, JSON, CSV) to lagrange-out/three-body/.
set -euo pipefail

bin="${1:-build/bin/lagrange}"

if [[ ! -x "$bin" ]]; then
  echo "run-default.sh: no lagrange binary at '$bin' (run 'make build' first)" >&2
  exit 1
fi

exec "$bin" run three-body
