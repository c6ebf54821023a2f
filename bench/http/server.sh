# Sourced by the HTTP benchmarks (run.sh, cpu.sh): starts `factura serve` (release build, or
# $FACTURA) on a free loopback port with a fresh data directory under build/, removed on exit,
# with rate limits off, and creates one customer. Sets: data, server (pid), api, KEY (exported),
# auth, json (header lines for curl), customer, invoice_body (three lines, as the benchmarks
# create them).
# Usage: start_server NAME IO_THREADS
start_server() {
  local factura=${FACTURA:-build/tools/factura}
  data=$(mktemp -d -p "$PWD/build" "$1-XXXXXX")
  trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
  FACTURA_RATE_LIMITING=false $factura --data-dir "$data" serve --port 0 --io-threads "$2" \
    > "$data/out" 2>&1 &
  server=$!
  for _ in $(seq 100); do grep -q "listening on" "$data/out" 2>/dev/null && break; sleep 0.1; done
  local port
  port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$data/out" | grep -o '[0-9]*$')
  KEY=$(grep -o 'sk_[a-z0-9]*' "$data/out")
  export KEY
  api=http://127.0.0.1:$port
  auth="Authorization: Bearer $KEY"
  json="Content-Type: application/json"
  customer=$(curl -sf "$api/v1/customers" -H "$auth" -H "$json" \
    -d '{"name":"ACME Corporation","email":"billing@acme.com"}' | grep -o 'cus_[a-z0-9]*' | head -1)
  invoice_body='{"customer_id":"'$customer'","currency":"USD","line_items":[
  {"description":"Web Development Services","quantity":40,"unit_price":150.00,"tax_rate":10},
  {"description":"Annual Web Hosting","quantity":1,"unit_price":1200.00,"tax_rate":10},
  {"description":"Support","quantity":2.5,"unit_price":99.99}],"discount_type":"percent","discount_value":10}'
}
