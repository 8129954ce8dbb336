# Shared by bench/ask-flood.sh and bench/restart.sh (sourced, not run).
# Real questions for /ask: generic consumer phrasings over the topic
# names the server itself lists at /api/v1/topics, so every request is a
# different, realistic question and no test set is involved.

# phrasings a reader uses; %s is a topic name.
ask_phrasings=(
  "what is %s?"
  "what causes %s?"
  "what are the symptoms of %s?"
  "how is %s treated?"
  "is %s inherited?"
  "how many people get %s?"
  "how can I prevent %s?"
  "my mom has %s, what can she do about it?"
)

# ask_questions BASE OUT: writes one URL-encoded question a line, every
# phrasing over topics from a spread of topic-list pages.
ask_questions() {
  local base=$1 out=$2 pages page
  pages=$(curl -sf "$base/api/v1/topics" | jq .pages)
  : > "$out.names"
  for page in $(seq 1 7 "$pages"); do
    curl -sf "$base/api/v1/topics?page=$page" | jq -r '.topics[].name' >> "$out.names"
  done
  local p
  while IFS= read -r name; do
    for p in "${ask_phrasings[@]}"; do
      # shellcheck disable=SC2059
      printf "$p\n" "$name"
    done
  done < "$out.names" | jq -sRr 'split("\n")[] | select(. != "") | @uri' | shuf --random-source=<(yes) > "$out"
  rm -f "$out.names"
}

# ask_lua QUESTIONS OUT: a wrk script that asks the questions in turn
# (each thread from its own offset) and counts statuses and Retry-After.
ask_lua() {
  local questions=$1 out=$2
  cat > "$out" <<LUA
local qs = {}
for line in io.lines("$questions") do qs[#qs + 1] = line end
local threads = {}
local n = 0
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
function init(args)
  n = id * 7919
  counts = {}
  retry_after = 0
end
function request()
  n = n + 1
  return wrk.format("GET", "/ask?q=" .. qs[(n % #qs) + 1])
end
function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
  if status == 503 and headers["Retry-After"] then
    retry_after = retry_after + 1
  end
end
function done(summary, latency, requests)
  local total = {}
  local ra = 0
  for _, t in ipairs(threads) do
    for s, c in pairs(t:get("counts")) do total[s] = (total[s] or 0) + c end
    ra = ra + t:get("retry_after")
  end
  for s, c in pairs(total) do io.write(string.format("status %d: %d\n", s, c)) end
  io.write(string.format("503 with Retry-After: %d\n", ra))
  io.write(string.format("timeouts: %d, connect errors: %d, read errors: %d\n",
    summary.errors.timeout, summary.errors.connect, summary.errors.read))
  io.write(string.format("latency p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
LUA
}

# wait_ready BASE: polls /readyz (on a build without it, asks once).
wait_ready() {
  local base=$1 code
  for _ in $(seq 600); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$base/readyz" || true)
    [ "$code" = 200 ] && return 0
    # A build without /readyz builds its index on the first ask: ask once.
    if [ "$code" = 404 ]; then curl -sf -o /dev/null "$base/ask?q=warm+up" && return 0; fi
    sleep 0.1
  done
  echo "server never became ready" >&2
  return 1
}
