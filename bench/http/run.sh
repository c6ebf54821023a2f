#!/usr/bin/env bash
# HTTP load, measured in one run against one `factura serve` (release build) on loopback:
#   - GET /healthz (the ceiling: routing, no storage)
#   - POST /v1/invoices with three lines (durable: decided, fsynced, answered)
#   - POST /v1/payments (durable; each touches the payment's and the invoice's streams)
#   - GET /v1/invoices/{id} (reads the invoice's durable stream)
# The ceiling is measured again right before each scenario, and each ratio is taken against the
# ceiling next to it: the shared machine's speed drifts by 10-30% within minutes, and a ceiling
# from the start of the run would fold that drift into the ratios.
# Usage: bench/http/run.sh [seconds=10] [connections=64]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
seconds=${1:-10}
connections=${2:-64}
source bench/http/server.sh
start_server http-bench 2

# One large sent invoice to take many small payments.
big=$(curl -sf "$api/v1/invoices" -H "$auth" -H "$json" -d '{"customer_id":"'$customer'",
  "line_items":[{"description":"Retainer","quantity":1,"unit_price":100000000.00}]}' |
  grep -o '"id":"inv_[a-z0-9]*' | head -1 | cut -d'"' -f4)
curl -sf -X POST "$api/v1/invoices/$big/send" -H "$auth" > /dev/null
# A typical invoice to read back: three lines, issued.
typical=$(curl -sf "$api/v1/invoices" -H "$auth" -H "$json" -d "$invoice_body" |
  grep -o '"id":"inv_[a-z0-9]*' | head -1 | cut -d'"' -f4)
curl -sf -X POST "$api/v1/invoices/$typical/send" -H "$auth" > /dev/null

run() {  # name, wrk arguments...
  local name=$1; shift
  local out
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@")
  local rate p50 p99 errors
  rate=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(grep -o 'Non-2xx or 3xx responses: [0-9]*' <<<"$out" | grep -o '[0-9]*$' || echo 0)
  printf '%-36s %12s %10s %10s %8s\n' "$name" "$rate" "$p50" "$p99" "${errors:-0}"
  echo "$rate" > "$data/rate_${name%% *}"
}

ceiling() {  # the ceiling right before a scenario, kept for its ratio
  run "healthz (ceiling)" "$api/healthz"
  mv "$data/rate_healthz" "$data/ceiling_$1"
}

printf '%-36s %12s %10s %10s %8s\n' scenario "req/s" p50 p99 non-2xx
ceiling invoices.create
BODY=$invoice_body run "invoices.create (3 lines, durable)" -s bench/http/post.lua "$api/v1/invoices"
ceiling payments.create
BODY='{"invoice_id":"'$big'","amount":0.01,"payment_method":"card"}' \
  run "payments.create (durable)" -s bench/http/post.lua "$api/v1/payments"
ceiling invoices.retrieve
run "invoices.retrieve" -s bench/http/get.lua "$api/v1/invoices/$typical"
for scenario in invoices.create payments.create invoices.retrieve; do
  awk -v a="$(cat "$data/rate_$scenario")" -v c="$(cat "$data/ceiling_$scenario")" \
    -v n="$scenario" 'BEGIN {printf "%-36s %11.1f%%\n", n " / ceiling before it", 100 * a / c}'
done
"${FACTURA:-build/tools/factura}" --data-dir "$data" audit verify 2>/dev/null | tail -1 || true
