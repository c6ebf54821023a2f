#!/usr/bin/env bash
# Sets a fresh Debian 12 machine up and runs the whole test suite twice: the normal build, then
# the AddressSanitizer + UndefinedBehaviorSanitizer build. Exits non-zero if either fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

jobs=$(nproc)
run_suite() {
  local flavour=$1 build_dir=$2
  echo "==> $flavour build"
  tools/setup.sh "$flavour"
  echo "==> $flavour tests"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" --timeout 600
}

run_suite release build
run_suite asan build-asan
