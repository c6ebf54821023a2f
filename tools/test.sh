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
  # G_SLICE=always-malloc: GLib objects (pango's layouts, cairo's fonts) from malloc, so that
  # LeakSanitizer sees one we forget; tools/lsan.supp: the font caches kept for the process's life.
  G_SLICE=always-malloc LSAN_OPTIONS="suppressions=$PWD/tools/lsan.supp:print_suppressions=0" \
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" --timeout 600
}

# The code's layout is part of the build: every C++ file as clang-format (.clang-format) writes it.
check_format() {
  echo "==> format"
  git ls-files -z '*.cc' '*.h' '*.cc.in' | xargs -0 clang-format --dry-run -Werror
}

run_suite release build
check_format
run_suite asan build-asan
