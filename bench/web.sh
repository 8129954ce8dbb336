#!/usr/bin/env bash
# Question-page throughput and latency: healthqa serve against nginx
# serving the same page saved as a static file, in the same run, with
# wrk on loopback (64 connections, 30 s each).
#
#   bench/web.sh [path-to-MedQuAD-zip]
#
# Needs wrk and nginx (Debian packages). Prints both wrk reports.
set -euo pipefail
cd "$(dirname "$0")/.."
zip=${1:-../shared/data/MedQuAD-master.zip}
page=/q/what-is-restless-legs-syndrome
dur=${DURATION:-30s}
work=$(mktemp -d)
chmod 755 "$work" # nginx workers run as an unprivileged user
trap 'kill $(jobs -p) 2>/dev/null || true; [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"' EXIT

go build -o "$work/healthqa" ./cmd/healthqa
"$work/healthqa" import medquad "$zip" --db "$work/b.db" >/dev/null 2>&1
"$work/healthqa" serve --db "$work/b.db" --addr 127.0.0.1:18080 --log-level warn 2>"$work/serve.log" &
for _ in $(seq 50); do curl -sf -o /dev/null http://127.0.0.1:18080/healthz && break; sleep 0.2; done

mkdir -p "$work/www/q"
curl -sf "http://127.0.0.1:18080$page" -o "$work/www$page.html"
cat > "$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  default_type text/html;
  server {
    listen 127.0.0.1:18081;
    root $work/www;
    location / { try_files \$uri.html =404; }
  }
}
CONF
nginx -c "$work/nginx.conf"
sleep 0.5
curl -sf -o /dev/null "http://127.0.0.1:18081$page"

echo "== nginx, static copy of $page"
wrk -t2 -c64 -d"$dur" --latency "http://127.0.0.1:18081$page"
echo "== healthqa serve, $page"
wrk -t2 -c64 -d"$dur" --latency "http://127.0.0.1:18080$page"
