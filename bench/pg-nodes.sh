#!/usr/bin/env bash
# Several nodes on PostgreSQL (issue 10): wrk on a question page and on
# /api/v1/ask against, in the same run,
#   sqlite   one node on SQLite (today's default),
#   pg1      one node on PostgreSQL, direct,
#   lb1      nginx in front of that one node (what the proxy costs),
#   lb2      nginx round-robin over two nodes on the same PostgreSQL
#            database (bench/nginx-2nodes.conf);
# then, per repetition, wrk through nginx while one of the two nodes is
# killed with kill -9 five seconds in: wrk's non-2xx and socket errors
# are printed. Before the load, the MedQuAD import is timed into SQLite
# and into PostgreSQL in the same run (hyperfine), the 2× goal of issue 10.
#
#   bench/pg-nodes.sh [path-to-MedQuAD-zip]
#
# Env: REPS (3), DURATION (10s per wrk run), CONNS (page, 32), ASK_CONNS
# (8), PORT (first of five ports, 18500), PGBASE (server URL without a
# database, postgres://postgres@127.0.0.1:5432), HEALTHQA_BIN (a binary
# to measure instead of building this checkout), IMPORT=0 (skip the
# import timing), PIN=0 (leave everything unpinned; by default the nodes
# run on CPU 0 and wrk and nginx on CPU 1; PostgreSQL, a shared server,
# is never pinned). Needs wrk, nginx, hyperfine, curl, psql, sqlite3.
#
# Asks are distinct questions, eight consumer phrasings over every topic
# name, shuffled and cut into one slice per wrk run; a run that gets
# through its slice asks it again with extra spaces after the first word
# (the same answer, another text), so no ask is ever answered from a
# node's page cache: every 200 is an ask computed.
set -euo pipefail
cd "$(dirname "$0")/.."
zip=${1:-../shared/data/MedQuAD-master.zip}
reps=${REPS:-3}
dur=${DURATION:-10s}
conns=${CONNS:-32}
askconns=${ASK_CONNS:-8}
port=${PORT:-18500}
pgbase=${PGBASE:-postgres://postgres@127.0.0.1:5432}
page=/q/what-is-restless-legs-syndrome
dbname=hqbench_nodes_$$
pgurl="$pgbase/$dbname?sslmode=disable"
psqlc() { psql "$pgbase/test?sslmode=disable" -qAt -v ON_ERROR_STOP=1 "$@"; }

work=$(mktemp -d)
chmod 755 "$work" # nginx workers run as an unprivileged user
cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  kill $(jobs -p) 2>/dev/null || true
  wait 2>/dev/null || true
  psqlc -c "DROP DATABASE IF EXISTS $dbname WITH (FORCE)" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

node_cpu=() load_cpu=()
if [ "${PIN:-1}" != 0 ] && [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
  node_cpu=(taskset -c 0) load_cpu=(taskset -c 1)
fi
load() { echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"; }

bin=${HEALTHQA_BIN:-}
if [ -z "$bin" ]; then
  bin=$work/healthqa
  go build -o "$bin" ./cmd/healthqa
  echo "built from $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . || echo ', with uncommitted changes')"
fi
echo "build: $("$bin" version | head -1); nodes ${node_cpu[*]:-unpinned}, wrk and nginx ${load_cpu[*]:-unpinned}; $(nproc) cores; $(load)"

# --- import, SQLite and PostgreSQL in the same run ---------------------
if [ "${IMPORT:-1}" != 0 ]; then
  echo "== MedQuAD import, $reps runs each, fresh database each run; $(load)"
  hyperfine --runs "$reps" --style basic --export-json "$work/import.json" \
    -n sqlite --prepare "rm -f $work/i.db $work/i.db-wal $work/i.db-shm" \
    "$bin import medquad $zip --db $work/i.db" \
    -n postgres --prepare "psql '$pgbase/test?sslmode=disable' -qc 'DROP DATABASE IF EXISTS $dbname' -c 'CREATE DATABASE $dbname'" \
    "$bin import medquad $zip --db '$pgurl'" | grep -vE '^ *$'
  jq -r '.results[] | "\(.command): runs \(.times | map(. * 100 | round / 100) | join(", ")) s"' "$work/import.json"
  echo "($(load))"
  mv "$work/i.db" "$work/s.db"
else
  psqlc -c "CREATE DATABASE $dbname"
  "$bin" import medquad "$zip" --db "$work/s.db" >/dev/null 2>&1
  "$bin" import medquad "$zip" --db "$pgurl" >/dev/null 2>&1
fi

# --- nodes and nginx -----------------------------------------------------
declare -A pids=() ports=([sqlite]=$port [a]=$((port + 1)) [b]=$((port + 2)))
lb2=$((port + 3)) lb1=$((port + 4))
start_node() { # name db
  # shellcheck disable=SC2086
  "${node_cpu[@]}" "$bin" serve --db "$2" --addr "127.0.0.1:${ports[$1]}" --log-level warn 2>>"$work/serve-$1.log" &
  pids[$1]=$!
}
wait_ready() { # port
  for _ in $(seq 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/readyz" || true)" = 200 ] && return 0
    sleep 0.1
  done
  echo "node on port $1 never became ready" >&2
  return 1
}
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/${pids[$1]}/status" 2>/dev/null || echo "-"; }
start_node sqlite "$work/s.db"
start_node a "$pgurl"
start_node b "$pgurl"
for n in sqlite a b; do wait_ready "${ports[$n]}"; done
sed -e "s|@WORK@|$work|g" -e "s|@PORT_A@|${ports[a]}|g" -e "s|@PORT_B@|${ports[b]}|g" \
  -e "s|@PORT_LB@|$lb2|g" -e "s|@PORT_LB1@|$lb1|g" bench/nginx-2nodes.conf > "$work/nginx.conf"
"${load_cpu[@]}" nginx -c "$work/nginx.conf"
for p in $lb2 $lb1; do wait_ready "$p"; done

# --- questions: one slice per wrk run of /api/v1/ask ------------------
runs=$((reps * 5))
sqlite3 "$work/s.db" 'SELECT name FROM topics' > "$work/names.txt"
phrasings=("what is %s?" "what causes %s?" "what are the symptoms of %s?" "how is %s treated?"
  "is %s inherited?" "how many people get %s?" "how can I prevent %s?" "my mom has %s, what can she do about it?")
while IFS= read -r name; do
  for p in "${phrasings[@]}"; do
    # shellcheck disable=SC2059
    printf "$p\n" "$name"
  done
done < "$work/names.txt" | jq -sRr 'split("\n")[] | select(. != "") | @uri' | shuf --random-source=<(yes) > "$work/questions.txt"
per=$(($(wc -l < "$work/questions.txt") / runs))
split -d -a 3 -l "$per" "$work/questions.txt" "$work/qs."
echo "questions: $(wc -l < "$work/questions.txt"), $per per ask run"
slice=0
ask_lua() { # out: a wrk script asking the next slice's questions in turn
  local qs
  qs=$(printf '%s/qs.%03d' "$work" "$slice")
  slice=$((slice + 1))
  cat > "$1" <<LUA
local qs = {}
for line in io.lines("$qs") do qs[#qs + 1] = line end
local threads = {}
function setup(thread) thread:set("id", #threads); table.insert(threads, thread) end
function init(args) n = 0; counts = {} end
function request()
  -- Each thread starts its own way into the list; every thread and
  -- every pass over the list asks with its own number of spaces after
  -- the first word: the same answer, but a text no request of this run
  -- asked before, so the page cache never answers (it keys on the text).
  local q = qs[((n + id * math.floor(#qs / 2)) % #qs) + 1]
  local variant = math.floor(n / #qs) * 2 + id
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
  io.write(line .. "\n")
end
LUA
}

# wrk_run LABEL URL [wrk args…]: one line of figures.
wrk_run() {
  local label=$1 url=$2
  shift 2
  "${load_cpu[@]}" wrk --latency "$@" "$url" > "$work/wrk.txt" 2>&1 || true
  awk -v label="$label" -v la="$(cut -d' ' -f1 /proc/loadavg)" '
    /Requests\/sec/ {rps = $2}
    /^ +50%/ {p50 = $2} /^ +99%/ {p99 = $2}
    /requests in/ {total = $1; secs = $4; sub(/s,?$/, "", secs)}
    /Non-2xx/ {non2xx = $NF}
    /Socket errors/ {sock = $0; sub(/.*Socket errors: /, "", sock)}
    /^statuses:/ {st = " " $0; if (match($0, /200:[0-9]+/)) ok = substr($0, RSTART + 4, RLENGTH - 4); st = st sprintf(" (%.0f 200s/s)", ok / secs)}
    END {printf "%-22s %9s req/s  p50 %8s  p99 %8s  requests %7s  non-2xx %s  socket errors %s%s  (load %s)\n",
      label, rps, p50, p99, total, non2xx ? non2xx : 0, sock ? sock : "none", st, la
      # for the summary: label, rate (200s a second for asks), p99
      printf "%s\t%s\t%s\n", label, st ? ok / secs : rps, p99 >> results}' results="$work/results.tsv" "$work/wrk.txt"
}

# summary: per label, each repetition's rate and its ratio to the same
# repetition's SQLite node (page to page, ask to ask), then the median.
summary() {
  echo "== summary: rate (page: req/s; ask: 200s/s), its ratio to the sqlite and pg1 nodes' in the same repetition, p99"
  awk -F'\t' '
    function median(list,   a, n) { n = split(list, a, " "); asort(a); return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    { split($1, w, " "); kind = w[2]; sub(/,$/, "", kind) }
    NR == FNR { r = ++first[$1]; if (w[1] == "sqlite") base[kind, r] = $2; if (w[1] == "pg1") pg[kind, r] = $2; next }
    { r = ++second[$1]
      rates[$1] = rates[$1] sprintf(" %.0f", $2); p99s[$1] = p99s[$1] " " $3
      if ((kind, r) in base) ratios[$1] = ratios[$1] sprintf(" %.2f", $2 / base[kind, r])
      if ((kind, r) in pg) pgratios[$1] = pgratios[$1] sprintf(" %.2f", $2 / pg[kind, r])
      if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
    END { for (i = 1; i <= n; i++) { l = order[i]
      printf "%-18s rate%s (median %.0f)  ÷sqlite%s (median %.2f)  ÷pg1%s (median %.2f)  p99%s\n", l, rates[l], median(rates[l]),
        ratios[l], median(ratios[l]), pgratios[l], median(pgratios[l]), p99s[l] } }' "$work/results.tsv" "$work/results.tsv"
}

declare -A url=([sqlite]=http://127.0.0.1:${ports[sqlite]} [pg1]=http://127.0.0.1:${ports[a]}
  [lb1]=http://127.0.0.1:$lb1 [lb2]=http://127.0.0.1:$lb2)
for rep in $(seq "$reps"); do
  echo "== repetition $rep: $page (-t2 -c$conns), /api/v1/ask (-t2 -c$askconns), $dur each; $(load)"
  for t in sqlite pg1 lb1 lb2; do
    curl -sf -o /dev/null "${url[$t]}$page" && curl -sf -o /dev/null "${url[$t]}$page" # cached on every node
    wrk_run "$t page" "${url[$t]}$page" -t2 -c"$conns" -d"$dur"
    ask_lua "$work/ask.lua"
    wrk_run "$t ask" "${url[$t]}/" -t2 -c"$askconns" -d"$dur" -s "$work/ask.lua"
  done
  echo "RSS MiB: sqlite $(rss sqlite), a $(rss a), b $(rss b)"

  echo "-- lb2 while node b is killed (kill -9) 5 s into 15 s"
  for what in page ask; do
    if [ "$what" = page ]; then
      args=(-t2 -c"$conns" -d15s) target=$page
    else
      ask_lua "$work/ask.lua"
      args=(-t2 -c"$askconns" -d15s -s "$work/ask.lua") target=/
    fi
    ( sleep 5; kill -9 "${pids[b]}" ) &
    killer=$!
    wrk_run "lb2 $what, b killed" "${url[lb2]}$target" "${args[@]}"
    wait "$killer"
    wait "${pids[b]}" 2>/dev/null || true
    start_node b "$pgurl"
    wait_ready "${ports[b]}"
    curl -sf -o /dev/null "http://127.0.0.1:${ports[b]}$page"
    sleep 5 # nginx's fail_timeout: b is back in the rotation
  done
done
echo "($(load))"
summary
echo "nginx error log, by message and node:"
grep -h 'upstream' "$work/nginx-error.log" | sed -E 's/^.*\*[0-9]+ //; s/, client.*upstream: "http:\/\/([0-9.:]+)\/.*/ (\1)/; s/, client.*//' |
  sort | uniq -c | sort -rn | head -8 || true
if [ -n "${KEEP:-}" ]; then cp -r "$work" "$KEEP"; fi
