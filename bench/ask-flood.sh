#!/usr/bin/env bash
# /ask under a flood: wrk with 1024 connections for 15 s asks real,
# varied questions (bench/asklib.sh) while a second wrk reads a cached
# question page; the server's RSS is sampled from /proc meanwhile.
# Goal: every /ask answer a 200 within 1 s or an immediate 503 with
# Retry-After, no timeouts, bounded RSS, and the cached page's p99 under
# 20 ms throughout.
#
#   bench/ask-flood.sh [path-to-MedQuAD-zip]
#
# Env: PORT (default 18280), DURATION (15s), CONNS (1024), HEALTHQA_BIN
# (a healthqa binary to measure instead of building this checkout, e.g.
# an older commit's for a before/after), SERVE_FLAGS (extra serve flags),
# DB (an imported database to copy instead of importing), HOG=1 (also
# measure the page while a busy loop, not the flood, shares the server's
# CPU: what any competing work costs the page), FLOOR=1 (also measure the
# page while the same connections flood /healthz, the cheapest request
# the server has: no shed path can cost less).
# With two cores or more the server runs on CPU 0 and both wrk on CPU 1
# (taskset), so that the load generators do not take the server's CPU;
# PIN=0 leaves them unpinned.
# Needs wrk, curl, jq (Debian packages).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/asklib.sh
zip=${1:-../shared/data/MedQuAD-master.zip}
port=${PORT:-18280}
dur=${DURATION:-15s}
conns=${CONNS:-1024}
base=http://127.0.0.1:$port
page=/q/what-is-restless-legs-syndrome
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

bin=${HEALTHQA_BIN:-}
if [ -z "$bin" ]; then
  bin=$work/healthqa
  go build -o "$bin" ./cmd/healthqa
fi
if [ -n "${DB:-}" ]; then
  cp "$DB" "$work/f.db"
else
  "$bin" import medquad "$zip" --db "$work/f.db" >/dev/null 2>&1
fi
server_cpu=() wrk_cpu=()
if [ "${PIN:-1}" != 0 ] && [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
  server_cpu=(taskset -c 0) wrk_cpu=(taskset -c 1)
fi
load() { echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"; }
# shellcheck disable=SC2086
"${server_cpu[@]}" "$bin" serve --db "$work/f.db" --addr "127.0.0.1:$port" --log-level warn ${SERVE_FLAGS:-} 2>"$work/serve.log" &
pid=$!
wait_ready "$base"
ask_questions "$base" "$work/questions.txt"
ask_lua "$work/questions.txt" "$work/ask.lua"
echo "questions: $(wc -l < "$work/questions.txt") ($(head -c 80 "$work/questions.txt" | head -1) …)"
curl -sf -o /dev/null "$base$page" # now cached
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status"; }
echo "build: $bin ${SERVE_FLAGS:-}; server ${server_cpu[*]:-unpinned}, wrk ${wrk_cpu[*]:-unpinned}; RSS before: $(rss) MiB"

echo "== cached $page alone (16 connections, 5s): the peer; $(load)"
"${wrk_cpu[@]}" wrk -t1 -c16 -d5s --latency "$base$page" | grep -E 'Latency|99%|Requests/sec|Non-2xx|Socket'
if [ -n "${HOG:-}" ]; then
  echo "== cached $page while a busy loop shares the server's CPU (5s)"
  "${server_cpu[@]}" sh -c 'while :; do :; done' &
  hog=$!
  "${wrk_cpu[@]}" wrk -t1 -c16 -d5s --latency "$base$page" | grep -E 'Latency|99%|Requests/sec|Non-2xx|Socket'
  kill "$hog"
fi

( while kill -0 "$pid" 2>/dev/null; do rss; sleep 0.25; done ) > "$work/rss.txt" &
sampler=$!
"${wrk_cpu[@]}" wrk -t1 -c16 -d"$dur" --latency "$base$page" > "$work/page.txt" &
pagewrk=$!
echo "== /ask, $conns connections, $dur, varied questions; $(load)"
"${wrk_cpu[@]}" wrk -t2 -c"$conns" -d"$dur" --timeout 2s -s "$work/ask.lua" "$base/"
wait "$pagewrk"
echo "($(load))"
kill "$sampler" 2>/dev/null || true
echo "== cached $page meanwhile (16 connections)"
grep -E 'Latency|99%|Requests/sec|Non-2xx|Socket' "$work/page.txt"
echo "RSS during: max $(sort -n "$work/rss.txt" | tail -1) MiB over $(wc -l < "$work/rss.txt") samples; after: $(rss) MiB"
if [ -n "${FLOOR:-}" ]; then
  echo "== cached $page while $conns connections flood /healthz ($dur); $(load)"
  "${wrk_cpu[@]}" wrk -t1 -c16 -d"$dur" --latency "$base$page" > "$work/floor.txt" &
  floorwrk=$!
  "${wrk_cpu[@]}" wrk -t2 -c"$conns" -d"$dur" --timeout 2s "$base/healthz" | grep -E 'Requests/sec|Socket'
  wait "$floorwrk"
  grep -E 'Latency|99%|Requests/sec|Non-2xx|Socket' "$work/floor.txt"
fi
