#!/usr/bin/env bash
# Sets a fresh Debian 12 machine up (missing packages, configure, build) and runs Factura.
# With no arguments it runs `factura serve` (storage under ./data); arguments are passed on.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tools/setup.sh release
if (($# == 0)); then set -- serve; fi
exec build/tools/factura "$@"
