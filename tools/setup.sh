#!/usr/bin/env bash
# Installs the Debian 12 packages Factura needs (only those missing), then configures and builds.
#
#   tools/setup.sh [release|asan]     build directory: build/ or build-asan/
#
# Idempotent: with every package present it runs no apt-get at all, and the build is incremental.
set -euo pipefail

readonly kPackages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  librocksdb-dev libsimdjson-dev libcereal-dev prometheus-cpp-dev
  libsqlite3-dev libjemalloc-dev libssl-dev libcli11-dev libtomlplusplus-dev libspdlog-dev libfmt-dev
  libyaml-dev libsodium-dev libjwt-dev
  libcairo2-dev libpango1.0-dev libqrencode-dev fontconfig fonts-dejavu-core fonts-dejavu-extra fonts-noto-cjk
  libgtest-dev libgmock-dev libbenchmark-dev
  curl wrk ccache openssl clang-format tzdata python3-jsonschema poppler-utils chromium
)

install_missing_packages() {
  local missing=()
  for package in "${kPackages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  ((${#missing[@]} == 0)) && return 0
  echo "setup: installing ${missing[*]}" >&2
  local sudo=()
  [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

configure_and_build() {
  local flavour=$1 build_dir cmake_args=()
  case "$flavour" in
    release) build_dir=build; cmake_args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
    asan)
      build_dir=build-asan
      cmake_args=(-DCMAKE_BUILD_TYPE=Debug -DFACTURA_SANITIZE=ON -DFACTURA_BUILD_BENCH=OFF)
      ;;
    *) echo "setup: unknown flavour '$flavour' (release|asan)" >&2; return 2 ;;
  esac
  if [[ ! -f "$build_dir/build.ninja" ]]; then
    cmake -S . -B "$build_dir" -G Ninja "${cmake_args[@]}" >/dev/null
  fi
  cmake --build "$build_dir" -j "$(nproc)"
}

main() {
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  install_missing_packages
  configure_and_build "${1:-release}"
}

# Run only when executed, so that run.sh and test.sh can source the functions.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
