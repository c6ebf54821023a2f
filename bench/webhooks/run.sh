#!/usr/bin/env bash
# Webhook delivery, measured against one `factura serve` (release build) on loopback: 10
# endpoints subscribed to customer.created on a receiver in the load program, customers created
# by 4 writers; deliveries per second and acknowledgement-to-receipt latency.
# Usage: bench/webhooks/run.sh [customers=2000] [endpoints=10] [writers=4]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
customers=${1:-2000}
endpoints=${2:-10}
writers=${3:-4}
factura=build/tools/factura
data=$(mktemp -d -p "$PWD/build" webhook-bench-XXXXXX)
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT

FACTURA_RATE_LIMITING=false FACTURA_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true \
  $factura --data-dir "$data" serve --port 0 > "$data/out" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q "listening on" "$data/out" 2>/dev/null && break; sleep 0.1; done
port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$data/out" | grep -o '[0-9]*$')
key=$(grep -o 'sk_[a-z0-9]*' "$data/out")
build/bench/webhook_load --port "$port" --key "$key" --endpoints "$endpoints" \
  --customers "$customers" --writers "$writers"
