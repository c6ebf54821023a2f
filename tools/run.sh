#!/usr/bin/env bash
# Sets a fresh Debian 12 machine up (missing packages, configure, build) and runs Factura.
# Until the HTTP server lands (issue 4) this prints the program's help; arguments are passed on.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tools/setup.sh release
if (($# == 0)); then set -- --help; fi
exec build/tools/factura "$@"
