#!/usr/bin/env bash
# Load benchmark of `lagrange serve` (docs/PERFORMANCE.md, "The service"): the live twin of a
# scenario at a real-clock speed, one tenant submitting small compute jobs as fast as wrk can
# over keep-alive connections on loopback; prints wrk's throughput and latency percentiles
# and the answers by status.
#
#   bench/serve_load.sh [BUILD_DIR] [SCENARIO] [SPEED] [SECONDS] [CONNECTIONS] [DELAY_MS]
#   (defaults: build walker-300 60 20 32 0; DELAY_MS > 0 paces each connection, e.g. 32
#   connections at 16 ms offer ~2,000 requests/s)
set -euo pipefail
build=${1:-build}
scenario=${2:-walker-300}
speed=${3:-60}
seconds=${4:-20}
connections=${5:-32}
delay_ms=${6:-0}
bin="$build/bin/lagrange"
here="$(cd "$(dirname "$0")" && pwd)"
command -v wrk >/dev/null || { echo "serve_load: wrk is not installed (apt-get install wrk)" >&2; exit 1; }

data=$(mktemp -d)
out=$(mktemp)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data" "$out"' EXIT
"$bin" serve "$scenario" --data "$data" --listen 127.0.0.1:0 ${CLOCK:+--clock $CLOCK} --speed "$speed" --threads "$((connections + 8))" \
  >"$out" 2>"$data/serve.log" &
pid=$!
until grep -q "listening on" "$out" 2>/dev/null; do
  kill -0 "$pid" 2>/dev/null || { cat "$data/serve.log" >&2; exit 1; }
  sleep 0.2
done
url=$(sed -n 's/^listening on //p' "$out")
admin=$(head -1 "$data/admin.key")
key=$(curl -sf -H "Authorization: Bearer $admin" -d '{"name": "bench", "quotas": {"requests_per_s": 1e9}}' \
  "$url/v1/tenants" | sed -n 's/.*"api_key":"\([^"]*\)".*/\1/p')
station=$(curl -sf -H "Authorization: Bearer $key" "$url/v1/constellation" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["stations"][0]["name"])')
echo "serve_load: $scenario at speed $speed, $connections connections, ${seconds} s, delay ${delay_ms} ms, station $station"
LAGRANGE_KEY=$key LAGRANGE_STATION=$station LAGRANGE_DELAY_MS=$delay_ms wrk -t2 -c"$connections" -d"${seconds}s" --latency \
  -s "$here/serve_submit.lua" "$url"
curl -sf -H "Authorization: Bearer $admin" "$url/v1/admin/clock"; echo
curl -sf "$url/metrics" | grep -E "^lagrange_(submissions|journal|engine)"; ps -o etimes=,times= -p "$pid" | sed "s/^/serve wall, CPU seconds: /"
