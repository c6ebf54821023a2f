#!/usr/bin/env bash
# Where the machine's time goes per request, in one run against one `factura serve` (release
# build) on loopback: GET /healthz, then POST /v1/invoices with three lines (durable). For each:
# the rate, p99, and per request the server's CPU, wrk's CPU and the machine's idle time (all in
# µs, from /proc); for the invoices, the server's CPU per thread. The two cores are shared by
# the server and wrk, so rate = 2 s / (server + wrk + idle) per request.
# With it, the store's group commits (appends per commit) and the projection lag's p99 over the
# creation run (the read models' histogram).
# Usage: bench/http/cpu.sh [seconds=10] [connections=64] [io-threads=2]
# (FACTURA=path/to/factura measures another build.)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
seconds=${1:-10}
connections=${2:-64}
io_threads=${3:-2}
source bench/http/server.sh
start_server http-cpu "$io_threads"
export BODY=$invoice_body

tick_micros=$((1000000 / $(getconf CLK_TCK)))
server_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
idle_ticks() { awk '/^cpu / {print $5 + $6}' /proc/stat; }
thread_ticks() {  # name ticks, one line per thread
  for task in /proc/"$server"/task/*; do
    local fields=($(sed 's/.*) //' "$task/stat"))
    echo "$(cat "$task/comm") $((fields[11] + fields[12]))"
  done
}

measure() {  # name, wrk arguments...
  local name=$1; shift
  local server0 idle0 server1 idle1 wrk_seconds
  server0=$(server_ticks); idle0=$(idle_ticks)
  TIMEFORMAT='%U %S'
  wrk_seconds=$( { time wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" \
    > "$data/wrk-$name"; } 2>&1 | awk '{print $1 + $2}')
  server1=$(server_ticks); idle1=$(idle_ticks)
  awk -v name="$name" -v rate="$(awk '/Requests\/sec/ {print $2}' "$data/wrk-$name")" \
    -v p99="$(awk '$1=="99%" {print $2}' "$data/wrk-$name")" -v seconds="$seconds" \
    -v server=$((server1 - server0)) -v idle=$((idle1 - idle0)) -v tick="$tick_micros" \
    -v wrk="$wrk_seconds" 'BEGIN {
      n = rate * seconds
      printf "%-16s %8.0f/s  p99 %-8s  per request: server %6.1f µs, wrk %5.1f µs, idle %5.1f µs\n",
        name, rate, p99, server * tick / n, wrk * 1e6 / n, idle * tick / n
    }'
}

measure "healthz" "$api/healthz"
thread_ticks > "$data/threads-before"
measure "invoices.create" -s bench/http/post.lua "$api/v1/invoices"
thread_ticks > "$data/threads-after"
curl -sf "$api/metrics" -H "Authorization: Bearer $KEY" > "$data/metrics"
# The store's group commits over the whole server's life (the setup's few writes included).
awk '/^factura_event_store_commits_total/ {commits = $2}
     /^factura_event_store_appends_total/ {appends = $2}
     /^factura_event_store_batch_appends_bucket\{le="1"\}/ {single = $2}
     END {printf "group commits: %d, %.1f appends each, %.1f%% of them a single append\n",
            commits, appends / commits, 100 * single / commits}' "$data/metrics"
awk '/^factura_read_model_lag_seconds_bucket/ {split($0, le, "\""); bound[n] = le[2]; count[n++] = $NF}
       /^factura_read_model_lag_seconds_count/ {total = $2}
       END {for (i = 0; i < n; i++) if (count[i] >= 0.99 * total) {
              printf "projection lag p99 <= %s s (%d batches)\n", bound[i], total; exit}}' \
  "$data/metrics"
created=$(awk -v s="$seconds" '/Requests\/sec/ {print $2 * s}' "$data/wrk-invoices.create")
echo "server CPU per created invoice, by thread:"
cat "$data/threads-after" <(awk '{print $1, -$2}' "$data/threads-before") |
  awk -v n="$created" -v tick="$tick_micros" '{ticks[$1] += $2}
    END {for (t in ticks) if (ticks[t] > 0) printf "  %-14s %6.1f µs\n", t, ticks[t] * tick / n}' |
  sort -k2 -n -r
