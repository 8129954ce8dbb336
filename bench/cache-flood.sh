#!/usr/bin/env bash
# Page-cache flood (issue 8, finding 1): wrk for 20 s sends addresses
# made unique by junk parameters with 12,000 characters of padding, to
# /api/v1/suggest and to a question page, plus suggest queries that
# really differ (a unique q of ~400 characters) and every question page
# in turn (from the sitemap; far more than 64 MiB of them), so the cache
# must both ignore what routes do not read and keep the rest within its
# byte and entry budgets.
# Prints the server's VmRSS and VmHWM (/proc/<pid>/status) before and
# after, and the cache budget.
#
#   bench/cache-flood.sh [path-to-MedQuAD-zip]
#
# Env: PORT (default 18180), DURATION (20s), BIN (a prebuilt healthqa to
# measure instead of building this checkout, e.g. an older revision),
# SERVE_FLAGS (extra serve flags, e.g. --memory-limit 256MiB), DB (an
# already imported database to copy instead of importing).
# With two cores or more the server runs on CPU 0 and wrk on CPU 1
# (taskset), so that the load generator does not take the server's CPU;
# PIN=0 leaves them unpinned.
set -euo pipefail
cd "$(dirname "$0")/.."
zip=${1:-../shared/data/MedQuAD-master.zip}
port=${PORT:-18180}
dur=${DURATION:-20s}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

bin=${BIN:-}
if [ -z "$bin" ]; then
  go build -o "$work/healthqa" ./cmd/healthqa
  bin=$work/healthqa
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
# gctrace: the collector's own account of the live heap, to tell the
# cache from the collector's headroom in RSS.
# shellcheck disable=SC2086
GODEBUG=gctrace=1 "${server_cpu[@]}" "$bin" serve --db "$work/f.db" --addr "127.0.0.1:$port" --log-level info ${SERVE_FLAGS:-} 2>"$work/serve.log" &
pid=$!
base=http://127.0.0.1:$port
# Ready means the search index is built (suggest answers 503 before).
for _ in $(seq 300); do curl -sf -o /dev/null "$base/readyz" && break; sleep 0.2; done
# Warm up as a reader would: the question page and the suggest index.
curl -sf -o /dev/null "$base/q/what-is-restless-legs-syndrome"
curl -sf -o /dev/null "$base/api/v1/suggest?q=rest"
curl -sf "$base/sitemaps/questions-1.xml" | grep -o '<loc>[^<]*' | sed 's|.*/q/|/q/|' >"$work/paths.txt"
sleep 1

mem() { grep -E '^(VmRSS|VmHWM)' "/proc/$pid/status" | tr -s ' \t' ' ' | tr '\n' ' '; echo; }
kib() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$pid/status"; }
echo "build: $bin ${SERVE_FLAGS:-}; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "cache budget: 64 MiB and 16384 entries (web.Options defaults)"
grep -o 'msg="memory limit".*' "$work/serve.log" || echo "memory limit: none set by serve"
rss0=$(kib VmRSS)
gclive() { grep '^gc ' "$work/serve.log" | tail -1 | sed -E 's/.* ([0-9]+)->([0-9]+)->([0-9]+) MB, ([0-9]+) MB goal.*/heap after last GC: \3 MB live, goal \4 MB/'; }
echo "before: $(mem) $(gclive)"

cat > "$work/flood.lua" <<LUA
local paths = {}
for line in io.lines("$work/paths.txt") do paths[#paths + 1] = line end
LUA
cat >> "$work/flood.lua" <<'LUA'
local pad = string.rep("x", 12000)
local qpad = string.rep("q", 400)
local n = 0
local thread_id = 0
setup = function(thread) thread_id = thread_id + 1; thread:set("tid", thread_id) end
request = function()
  n = n + 1
  local r = tid .. "-" .. n
  local k = n % 4
  if k == 3 then
    return wrk.format("GET", paths[(tid * 7919 + n) % #paths + 1])
  elseif k == 0 then
    return wrk.format("GET", "/api/v1/suggest?q=zzzzq&r=" .. r .. "&pad=" .. pad)
  elseif k == 1 then
    return wrk.format("GET", "/q/what-is-restless-legs-syndrome?r=" .. r .. "&pad=" .. pad)
  end
  return wrk.format("GET", "/api/v1/suggest?q=" .. r .. qpad)
end
LUA
"${wrk_cpu[@]}" wrk -t2 -c64 -d"$dur" -s "$work/flood.lua" "$base" | sed -n '1,12p'
echo "after:  $(mem) $(gclive)"
echo "RSS growth to the peak: $(( ($(kib VmHWM) - rss0) / 1024 )) MiB over a 64 MiB cache budget; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
sleep 5
echo "5 s later: $(mem)"
curl -sf -o /dev/null -w 'still serving: %{http_code}\n' "$base/q/what-is-restless-legs-syndrome"
