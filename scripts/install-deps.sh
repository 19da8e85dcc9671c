#!/usr/bin/env bash
# Installs the Debian packages Lagrange needs, only those that are missing.
# Idempotent and quick when everything is present (one dpkg-query call).
set -euo pipefail

packages=(
  build-essential cmake pkg-config clang-format
  liberfa-dev libgeographiclib-dev libyaml-cpp-dev nlohmann-json3-dev libfmt-dev
  libspdlog-dev libcli11-dev libsqlite3-dev libcpp-httplib-dev libgtest-dev
  libbenchmark-dev libpugixml-dev
  python3 python3-sgp4 python3-skyfield python3-astropy time
  chromium  # headless screenshot test of the HTML report (src/report)
)

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
