#!/usr/bin/env bash
# What a user's access token costs the gate against an API key, measured in one run against one
# `factura serve`: the same read by id (GET /v1/invoices/{id}) with the bootstrap API key (one
# hash lookup) and with a user's access token (an ES256 signature check, then the session and the
# user in the identity directory), alternating `rounds` times; each token run as a ratio to the
# key run before it.
# Usage: bench/http/credentials.sh [seconds=8] [connections=64] [rounds=3]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
seconds=${1:-8}
connections=${2:-64}
rounds=${3:-3}
source bench/http/server.sh
start_server credentials-bench 2

typical=$(curl -sf "$api/v1/invoices" -H "$auth" -H "$json" -d "$invoice_body" |
  grep -o '"id":"inv_[a-z0-9]*' | head -1 | cut -d'"' -f4)
# A user who founds an organization reads an invoice of their own.
token=$(curl -sf "$api/v1/auth/register" -H "$json" -d '{"email":"bench@example.com",
  "password":"a long benchmark password","name":"Bench"}' |
  grep -o '"access_token":"[^"]*' | cut -d'"' -f4)
user_customer=$(curl -sf "$api/v1/customers" -H "Authorization: Bearer $token" -H "$json" \
  -d '{"name":"Bench customer","email":"c@bench.test"}' | grep -o 'cus_[a-z0-9]*' | head -1)
mine=$(curl -sf "$api/v1/invoices" -H "Authorization: Bearer $token" -H "$json" \
  -d "${invoice_body/$customer/$user_customer}" | grep -o '"id":"inv_[a-z0-9]*' | head -1 |
  cut -d'"' -f4)

rate() {  # credential, url
  KEY=$1 wrk -t2 -c"$connections" -d"${seconds}s" -s bench/http/get.lua "$2" |
    awk '/Requests\/sec/ {print $2}'
}
printf '%-8s %14s %18s %8s\n' round "API key req/s" "access token req/s" ratio
for round in $(seq "$rounds"); do
  key_rate=$(rate "$KEY" "$api/v1/invoices/$typical")
  token_rate=$(rate "$token" "$api/v1/invoices/$mine")
  awk -v r="$round" -v k="$key_rate" -v t="$token_rate" \
    'BEGIN {printf "%-8s %14s %18s %7.1f%%\n", r, k, t, 100 * t / k}'
done
