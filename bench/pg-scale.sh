#!/usr/bin/env bash
# A synthetic corpus at 1× and 10× MedQuAD's size on PostgreSQL (issue
# 10): import time (bench/synthcorpus: the conformance suite's generator,
# one Sync and the search snapshot, as `healthqa import` writes), beside
# SQLite at the same size in the same run; then two `healthqa serve`
# nodes on the PostgreSQL database: time to ready, RSS per node, and
# /api/v1/ask latency (p50, p99) with both nodes asked at once.
#
#   bench/pg-scale.sh
#
# Env: SCALES ("1 10"), DURATION (15s of asks), ASK_CONNS (2 per node),
# PORT (first of two ports, 18600), PGBASE (postgres://postgres@127.0.0.1:5432),
# HEALTHQA_BIN, SQLITE=0 (skip the SQLite import peer), MEMORY_LIMIT
# (serve's --memory-limit; default serve's own). Nothing is pinned.
# Needs wrk, curl, jq, psql.
set -euo pipefail
cd "$(dirname "$0")/.."
scales=${SCALES:-1 10}
dur=${DURATION:-15s}
askconns=${ASK_CONNS:-2}
port=${PORT:-18600}
pgbase=${PGBASE:-postgres://postgres@127.0.0.1:5432}
prefix=hqbench_scale_$$
psqlc() { psql "$pgbase/test?sslmode=disable" -qAt -v ON_ERROR_STOP=1 "$@"; }

work=$(mktemp -d)
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  wait 2>/dev/null || true
  for s in $scales; do psqlc -c "DROP DATABASE IF EXISTS ${prefix}_$s WITH (FORCE)" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
load() { echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"; }

bin=${HEALTHQA_BIN:-}
if [ -z "$bin" ]; then
  bin=$work/healthqa
  go build -o "$bin" ./cmd/healthqa
  echo "built from $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . || echo ', with uncommitted changes')"
fi
go build -o "$work/synthcorpus" ./bench/synthcorpus
echo "build: $("$bin" version | head -1); $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(load)"
memflag=()
[ -n "${MEMORY_LIMIT:-}" ] && memflag=(--memory-limit "$MEMORY_LIMIT")

declare -A pids=()
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/${pids[$1]}/status" 2>/dev/null || echo "-"; }
phrasings=("what is %s?" "what causes %s?" "how is %s treated?" "is %s inherited?" "how can I prevent %s?")

for scale in $scales; do
  db=${prefix}_$scale
  url="$pgbase/$db?sslmode=disable"
  psqlc -c "CREATE DATABASE $db"
  echo "== ${scale}× MedQuAD, synthetic; $(load)"
  if [ "${SQLITE:-1}" != 0 ]; then
    echo "-- import into SQLite (the peer)"
    /usr/bin/time -f "total %e s wall, %U s user, %S s sys, max RSS %M KiB" "$work/synthcorpus" --db "$work/s$scale.db" --scale "$scale" 2>&1
    rm -f "$work/s$scale.db"*
  fi
  echo "-- import into PostgreSQL; $(load)"
  /usr/bin/time -f "total %e s wall, %U s user, %S s sys, max RSS %M KiB" "$work/synthcorpus" --db "$url" --scale "$scale" 2>&1
  psqlc -c "SELECT 'database size ' || pg_size_pretty(pg_database_size('$db'))"

  start=$(date +%s.%N)
  for n in a b; do
    p=$port
    [ "$n" = b ] && p=$((port + 1))
    "$bin" serve --db "$url" --addr "127.0.0.1:$p" --log-level warn "${memflag[@]}" 2>>"$work/serve-$n-$scale.log" &
    pids[$n]=$!
  done
  for p in $port $((port + 1)); do
    for _ in $(seq 3000); do
      [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$p/readyz" || true)" = 200 ] && break
      sleep 0.1
    done
  done
  echo "both nodes ready after $(echo "$(date +%s.%N) - $start" | bc | xargs printf '%.1f') s; RSS MiB: a $(rss a), b $(rss b)"

  psql "$url" -qAt -c "SELECT name FROM topics ORDER BY random() LIMIT 4000" > "$work/names.txt"
  while IFS= read -r name; do
    for ph in "${phrasings[@]}"; do
      # shellcheck disable=SC2059
      printf "$ph\n" "$name"
    done
  done < "$work/names.txt" | jq -sRr 'split("\n")[] | select(. != "") | @uri' | shuf --random-source=<(yes) > "$work/questions.txt"
  half=$(($(wc -l < "$work/questions.txt") / 2))
  head -n "$half" "$work/questions.txt" > "$work/qa.txt"
  tail -n +"$((half + 1))" "$work/questions.txt" > "$work/qb.txt"
  for n in a b; do
    cat > "$work/ask-$n.lua" <<LUA
local qs = {}
for line in io.lines("$work/q$n.txt") do qs[#qs + 1] = line end
local threads = {}
function setup(thread) thread:set("id", #threads); table.insert(threads, thread) end
function init(args) n = 0; counts = {} end
function request()
  -- Each thread starts its own way into the list; every thread and
  -- every pass over the list asks with its own number of spaces after
  -- the first word: the same answer, but a text no request of this run
  -- asked before, so the page cache never answers (it keys on the text).
  local q = qs[((n + id * math.floor(#qs / 1)) % #qs) + 1]
  local variant = math.floor(n / #qs) * 1 + id
  if variant > 0 then q = q:gsub("%%20", string.rep("%%20", variant + 1), 1) end
  n = n + 1
  return wrk.format("GET", "/api/v1/ask?q=" .. q)
end
function response(status, headers, body) counts[status] = (counts[status] or 0) + 1 end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for s, c in pairs(t:get("counts")) do total[s] = (total[s] or 0) + c end
  end
  local line = "statuses:"
  for s, c in pairs(total) do line = line .. string.format(" %d:%d", s, c) end
  io.write(line .. string.format("; 200s or not: p50 %.1f ms, p99 %.1f ms\\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA
  done
  ( while :; do echo "$(rss a) $(rss b)"; sleep 0.5; done ) > "$work/rss.txt" &
  sampler=$!
  echo "-- /api/v1/ask on both nodes at once, $askconns connections each, $dur, $half distinct questions each; $(load)"
  wrk -t1 -c"$askconns" -d"$dur" -s "$work/ask-a.lua" "http://127.0.0.1:$port/" > "$work/wrk-a.txt" 2>&1 &
  wa=$!
  wrk -t1 -c"$askconns" -d"$dur" -s "$work/ask-b.lua" "http://127.0.0.1:$((port + 1))/" > "$work/wrk-b.txt" 2>&1
  wait "$wa"
  kill "$sampler"
  for n in a b; do
    echo "node $n: $(grep -E 'Requests/sec' "$work/wrk-$n.txt" | xargs) $(grep -E 'Socket|Non-2xx' "$work/wrk-$n.txt" | xargs) $(grep statuses "$work/wrk-$n.txt")"
  done
  echo "RSS MiB during the asks, max: a $(awk '{print $1}' "$work/rss.txt" | sort -n | tail -1), b $(awk '{print $2}' "$work/rss.txt" | sort -n | tail -1); after: a $(rss a), b $(rss b); ($(load))"
  grep -hi 'warn\|error' "$work"/serve-*-"$scale".log | head -3 || true
  kill "${pids[a]}" "${pids[b]}"
  wait "${pids[a]}" "${pids[b]}" 2>/dev/null || true
  psqlc -c "DROP DATABASE $db WITH (FORCE)"
done
