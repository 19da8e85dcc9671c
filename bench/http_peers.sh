#!/usr/bin/env bash
# cpp-httplib against Boost.Beast on the smallest handler (GET / -> "ok"), measured with wrk
# on loopback, one after the other (docs/PERFORMANCE.md, "The service"). Needs wrk,
# libcpp-httplib-dev and libboost-dev (Beast is only measured, not used by Lagrange).
#   bench/http_peers.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
seconds=${1:-10}
connections=${2:-32}
here="$(cd "$(dirname "$0")" && pwd)"
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT
g++ -std=c++20 -O2 -o "$tmp/httplib" "$here/http_peers/hello_httplib.cpp" \
  $(pkg-config --cflags --libs cpp-httplib) -pthread
g++ -std=c++20 -O2 -o "$tmp/beast" "$here/http_peers/hello_beast.cpp" -pthread
run() {  # name port command...
  local name=$1 port=$2
  shift 2
  "$@" &
  local pid=$!
  sleep 1
  echo "== $name"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port/" |
    grep -E "Requests/sec|Latency|99%|50%"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}
run "cpp-httplib (thread pool of $((connections + 8)))" 18080 "$tmp/httplib" 18080 $((connections + 8))
run "Boost.Beast (asio, 2 threads)" 18081 "$tmp/beast" 18081 2
