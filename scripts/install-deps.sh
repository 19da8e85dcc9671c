#!/usr/bin/env bash
# Installs the Debian packages Lagrange needs, only those that are missing.
# Idempotent and quick when everything is present (one dpkg-query call).
set -euo pipefail

packages=(
  build-essential cmake pkg-config clang-format
  liberfa-dev libgeographiclib-dev libyaml-cpp-dev nlohmann-json3-dev libfmt-dev
  libspdlog-dev libcli11-dev libsqlite3-dev libcpp-httplib-dev libgtest-dev
  libbenchmark-dev libpugixml-dev libssl-dev wrk
  clang-14 libclang-rt-14-dev lld-14 libomp-14-dev  # libFuzzer harnesses (fuzz/, make fuzz)
  libonnx-dev libprotobuf-dev libopencv-dnn-dev  # model checks (src/model)
  libonnx-testdata python3-onnx python3-numpy     # their tests: ONNX's cases, generated CNNs
  python3 python3-sgp4 python3-skyfield python3-astropy time
  chromium  # headless screenshot test of the HTML report (src/report), the dashboard's tests
)
# The dashboard (web/) builds with Node.js and npm: Debian's, unless the machine has its own.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then packages+=(nodejs npm); fi

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} > 0)); then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The dashboard (web/, docs/dashboard.md): npm packages pinned by web/package-lock.json
# (CesiumJS, Chart.js, Vite, Vitest, playwright-core, which drives Debian's Chromium: no browser
# is downloaded), installed again only when the lock file changed.
web="$(cd "$(dirname "$0")/.." && pwd)/web"
stamp="$web/node_modules/.lagrange-installed-package-lock.json"
if ! cmp -s "$web/package-lock.json" "$stamp"; then
  if command -v npm >/dev/null; then
    echo "install-deps: npm ci in web/"
    npm ci --prefix "$web" --no-audit --no-fund
    cp "$web/package-lock.json" "$stamp"
  else
    echo "install-deps: npm not found, web/ not installed (the dashboard will not build)" >&2
  fi
fi
