#!/usr/bin/env bash
# Query-side load on a large data directory made by build/bench/readmodel_load, in one run:
#   1. projection lag while POST /v1/invoices (durable) runs at full speed: the p50/p99 of
#      factura_read_model_lag_seconds over that run, from the histogram's buckets (first, while
#      nothing else runs: wrk leaves its last requests running in the server when it stops);
#   2. GET /healthz (the ceiling);
#   3. GET /v1/invoices with a status filter, a sort and a search term (1 connection, then all);
#   4. GET /v1/reports/aging over all invoices, on one connection.
# Usage: bench/http/lists.sh DATA_DIR KEY SEARCH [seconds=10] [connections=64]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
data=$1 key=$2 search=$3 seconds=${4:-10} connections=${5:-64}
factura=build/tools/factura
log=$(mktemp)
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -f "$log"' EXIT
FACTURA_RATE_LIMITING=false FACTURA_OVERDUE_INTERVAL_MS=0 \
  $factura --data-dir "$data" serve --port 0 > "$log" 2>&1 &
server=$!
for _ in $(seq 600); do grep -q "listening on" "$log" 2>/dev/null && break; sleep 0.1; done
port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$log" | grep -o '[0-9]*$')
api=http://127.0.0.1:$port
export KEY=$key
auth="Authorization: Bearer $KEY"

run() {  # name, wrk arguments...
  local name=$1; shift
  local out
  out=$(wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"${seconds}s" --latency "$@")
  printf '%-44s %10s req/s  p50 %8s  p99 %8s  non-2xx %s\n' "$name" \
    "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" "$(awk '$1=="50%" {print $2}' <<<"$out")" \
    "$(awk '$1=="99%" {print $2}' <<<"$out")" \
    "$(grep -o 'Non-2xx or 3xx responses: [0-9]*' <<<"$out" | grep -o '[0-9]*$' || echo 0)"
}

query=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$search")
curl -sf "$api/v1/invoices?status=sent&sort=-due_date&search=$query&limit=25" -H "$auth" |
  grep -o '"total_count":[0-9]*'
lag_buckets() {
  curl -sf "$api/metrics" | grep '^factura_read_model_lag_seconds_bucket' |
    sed -E 's/.*le="([^"]*)"\} ([0-9.e+]*)/\1 \2/'
}
before=$(lag_buckets)
customer=$(curl -sf "$api/v1/customers?limit=1" -H "$auth" | grep -o 'cus_[a-z0-9]*' | head -1)
export BODY='{"customer_id":"'$customer'","currency":"USD","line_items":[
  {"description":"Web Development Services","quantity":40,"unit_price":150.00,"tax_rate":10},
  {"description":"Annual Web Hosting","quantity":1,"unit_price":1200.00,"tax_rate":10},
  {"description":"Support","quantity":2.5,"unit_price":99.99}]}'
run "invoices.create (durable; lag measured)" -s bench/http/post.lua "$api/v1/invoices"
sleep 1
after=$(lag_buckets)
paste <(echo "$before") <(echo "$after") | awk '
  { bound[NR] = $1; count[NR] = $4 - $2 }
  END {
    total = count[NR]
    for (i = 1; i <= NR; i++) {
      if (!p50 && count[i] >= 0.5 * total) p50 = bound[i]
      if (!p99 && count[i] >= 0.99 * total) p99 = bound[i]
    }
    printf "projection lag during the write run: %d batches, p50 <= %s s, p99 <= %s s\n", total, p50, p99
    printf "  batches by lag (s):"
    for (i = 1; i <= NR; i++) if (count[i] > (i > 1 ? count[i - 1] : 0)) printf " <=%s:%d", bound[i], count[i] - (i > 1 ? count[i - 1] : 0)
    printf "\n"
  }'

run "healthz (ceiling)" "$api/healthz"
list="$api/v1/invoices?status=sent&sort=-due_date&search=$query&limit=25"
connections=1 run "invoices.list (status, sort, search), 1 conn" -s bench/http/get.lua "$list"
run "invoices.list (status, sort, search)" -s bench/http/get.lua "$list"
connections=1 run "reports.aging (all invoices, 1 connection)" -s bench/http/get.lua "$api/v1/reports/aging?as_of_date=2026-02-01"

