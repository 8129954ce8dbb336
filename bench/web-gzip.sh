#!/usr/bin/env bash
# Question-page throughput with and without compression: healthqa serve
# against nginx serving the same page as a static file, with
# `gzip_static on` and a pre-made .gz holding the very bytes healthqa
# sends, so both move the same number of bytes. wrk on loopback, 64
# connections, plain first, then with `Accept-Encoding: gzip`; prints
# each wrk report and the two ratios healthqa/nginx.
#
#   bench/web-gzip.sh [path-to-MedQuAD-zip]
#
# Env: PORT (healthqa, default 18180), NGINX_PORT (default PORT+1),
# DURATION (default 15s). Needs wrk and nginx (Debian packages).
set -euo pipefail
cd "$(dirname "$0")/.."
zip=${1:-../shared/data/MedQuAD-master.zip}
page=/q/what-is-restless-legs-syndrome
port=${PORT:-18180}
nport=${NGINX_PORT:-$((port + 1))}
dur=${DURATION:-15s}
work=$(mktemp -d)
chmod 755 "$work" # nginx workers run as an unprivileged user
trap 'kill $(jobs -p) 2>/dev/null || true; [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"' EXIT

go build -o "$work/healthqa" ./cmd/healthqa
"$work/healthqa" import medquad "$zip" --db "$work/b.db" >/dev/null 2>&1
"$work/healthqa" serve --db "$work/b.db" --addr "127.0.0.1:$port" --log-level warn 2>"$work/serve.log" &
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.2; done

mkdir -p "$work/www/q"
curl -sf "http://127.0.0.1:$port$page" -o "$work/www$page"
curl -sf -H 'Accept-Encoding: gzip' "http://127.0.0.1:$port$page" -o "$work/www$page.gz"
gzip -dc "$work/www$page.gz" | cmp - "$work/www$page" # the same page, compressed
cat > "$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  default_type text/html;
  gzip_static on;
  gzip_vary on;
  server {
    listen 127.0.0.1:$nport;
    root $work/www;
  }
}
CONF
nginx -c "$work/nginx.conf"
sleep 0.5
curl -sf -o /dev/null "http://127.0.0.1:$nport$page"
curl -sfI -H 'Accept-Encoding: gzip' "http://127.0.0.1:$nport$page" | grep -qi '^content-encoding: gzip'
echo "page: $(stat -c %s "$work/www$page") bytes plain, $(stat -c %s "$work/www$page.gz") gzip"

rps() { awk '/^Requests\/sec/ {print $2}'; }
run() { # name url [header]
  echo "== $1"
  if [ -n "${3:-}" ]; then wrk -t2 -c64 -d"$dur" --latency -H "$3" "$2"; else wrk -t2 -c64 -d"$dur" --latency "$2"; fi | tee "$work/$1.txt"
}
run nginx-plain "http://127.0.0.1:$nport$page"
run healthqa-plain "http://127.0.0.1:$port$page"
run nginx-gzip "http://127.0.0.1:$nport$page" "Accept-Encoding: gzip"
run healthqa-gzip "http://127.0.0.1:$port$page" "Accept-Encoding: gzip"
for enc in plain gzip; do
  h=$(rps <"$work/healthqa-$enc.txt") n=$(rps <"$work/nginx-$enc.txt")
  echo "$enc: healthqa $h req/s, nginx $n req/s, ratio $(awk -v h="$h" -v n="$n" 'BEGIN {printf "%.2f", h/n}')"
done
