#!/usr/bin/env bash
# A node restarted under load: while wrk reads a cached question page
# (and so keeps the node busy), serve is started on an imported database;
# /readyz is polled until 200, then the first /ask is timed against the
# median of the next 50 (different questions, so none is a cache hit).
# Goal: /readyz 503 until the index is ready, then a first /ask as fast
# as the median.
#
#   bench/restart.sh [path-to-MedQuAD-zip]
#
# Env: PORT (default 18280), HEALTHQA_BIN (a healthqa binary to measure
# instead of building this checkout). Needs wrk, curl, jq.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/asklib.sh
zip=${1:-../shared/data/MedQuAD-master.zip}
port=${PORT:-18280}
base=http://127.0.0.1:$port
page=/q/what-is-restless-legs-syndrome
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

bin=${HEALTHQA_BIN:-}
if [ -z "$bin" ]; then
  bin=$work/healthqa
  go build -o "$bin" ./cmd/healthqa
fi
"$bin" import medquad "$zip" --db "$work/r.db" >/dev/null 2>&1
serve() { "$bin" serve --db "$work/r.db" --addr "127.0.0.1:$port" --log-level warn 2>>"$work/serve.log" & }

# First life: learn the questions to ask, then stop.
serve
pid=$!
wait_ready "$base"
ask_questions "$base" "$work/questions.txt"
kill -TERM "$pid"
wait "$pid" || true

# Second life, under load from the start. wrk keeps reconnecting until
# the node listens.
wrk -t1 -c32 -d60s "$base$page" > "$work/load.txt" 2>&1 &
load=$!
start=$(date +%s.%N)
serve
pid=$!
declare -A seen=()
while :; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base/readyz" || true)
  seen[$code]=$(( ${seen[$code]:-0} + 1 ))
  [ "$code" = 200 ] && break
  [ "$code" = 404 ] && curl -sf -o /dev/null "$base/healthz" && break # a build without /readyz
  sleep 0.05
done
ready=$(date +%s.%N)
echo "/readyz answers until ready: $(for c in "${!seen[@]}"; do printf '%s×%s ' "$c" "${seen[$c]}"; done)"
echo "ready after $(echo "$ready - $start" | bc) s"
ask() { curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$base/ask?q=$(sed -n "${1}p" "$work/questions.txt")" || true; }
first=$(ask 1)
for i in $(seq 2 51); do ask "$i"; done > "$work/next.txt"
median=$(awk '{print $2}' "$work/next.txt" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "first /ask: status ${first% *}, ${first#* } s"
echo "next 50 /ask: statuses $(awk '{print $1}' "$work/next.txt" | sort | uniq -c | tr -s ' ' | tr '\n' ' '), median $median s"
echo "first / median: $(echo "scale=2; ${first#* } / $median" | bc); first is slower than $(awk -v f="${first#* }" '$2 < f' "$work/next.txt" | wc -l) of the next 50"
kill "$load" 2>/dev/null || true
