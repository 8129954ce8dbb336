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
# an older commit's for a before/after), SERVE_FLAGS (extra serve flags).
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
"$bin" import medquad "$zip" --db "$work/f.db" >/dev/null 2>&1
# shellcheck disable=SC2086
"$bin" serve --db "$work/f.db" --addr "127.0.0.1:$port" --log-level warn ${SERVE_FLAGS:-} 2>"$work/serve.log" &
pid=$!
wait_ready "$base"
ask_questions "$base" "$work/questions.txt"
ask_lua "$work/questions.txt" "$work/ask.lua"
echo "questions: $(wc -l < "$work/questions.txt") ($(head -c 80 "$work/questions.txt" | head -1) …)"
curl -sf -o /dev/null "$base$page" # now cached
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status"; }
echo "RSS before: $(rss) MiB"

echo "== cached $page alone (16 connections, 5s): the peer"
wrk -t1 -c16 -d5s --latency "$base$page" | grep -E 'Latency|99%|Requests/sec|Non-2xx|Socket'

( while kill -0 "$pid" 2>/dev/null; do rss; sleep 0.25; done ) > "$work/rss.txt" &
sampler=$!
wrk -t1 -c16 -d"$dur" --latency "$base$page" > "$work/page.txt" &
pagewrk=$!
echo "== /ask, $conns connections, $dur, varied questions"
wrk -t2 -c"$conns" -d"$dur" --timeout 2s -s "$work/ask.lua" "$base/"
wait "$pagewrk"
kill "$sampler" 2>/dev/null || true
echo "== cached $page meanwhile (16 connections)"
grep -E 'Latency|99%|Requests/sec|Non-2xx|Socket' "$work/page.txt"
echo "RSS during: max $(sort -n "$work/rss.txt" | tail -1) MiB over $(wc -l < "$work/rss.txt") samples; after: $(rss) MiB"
