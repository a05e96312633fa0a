#!/usr/bin/env bash
# API latency of the console under wrk on loopback: builds (or reuses) a 5,000-person
# world, starts `molehunt serve`, and prints p50/p99 for the queue and for a case file
# (the person, their timeline and their graph). Usage: run.sh MOLEHUNT [WORKDIR]
set -euo pipefail
bin=$1 dir=${2:-/tmp/mh-bench-serve}
command -v wrk >/dev/null || { echo "bench/serve: wrk is missing (MH_DEPS_EXTRA=1 scripts/install-deps.sh)"; exit 1; }
mkdir -p "$dir"
if [ ! -f "$dir/store.db" ]; then
  "$bin" simulate --people 5000 --days 365 --start 2008-01-01 --seed 5 --no-background-activity --out "$dir/w" >/dev/null
  "$bin" --db "$dir/store.db" ingest "$dir/w/entities.ftm.jsonl" "$dir/w/activity.ecs.jsonl" >/dev/null
  "$bin" --db "$dir/store.db" watchlist load "$dir/w/watchlist.ftm.jsonl" >/dev/null
  "$bin" --db "$dir/store.db" detect >/dev/null
fi
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
"$bin" --db "$dir/store.db" serve --listen "127.0.0.1:$port" --quiet &
pid=$!
trap 'kill $pid' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/api/v1/session" >/dev/null && break; sleep 0.1; done
top=$(curl -fs "http://127.0.0.1:$port/api/v1/queue?limit=1&trend=0" | python3 -c 'import json,sys;print(json.load(sys.stdin)["people"][0]["person"])')
curl -fs "http://127.0.0.1:$port/api/v1/people/$top/graph" >/dev/null   # load the graph cache once
lua=$(mktemp)
printf 'done = function(summary, latency, requests)\n  io.write(string.format("p50 %%.2f ms  p99 %%.2f ms  %%d requests  %%d errors\\n", latency:percentile(50)/1000, latency:percentile(99)/1000, summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))\nend\n' > "$lua"
for path in "/api/v1/queue?limit=50" "/api/v1/queue?limit=50&trend=0" "/api/v1/people/$top" "/api/v1/people/$top/timeline" "/api/v1/people/$top/graph"; do
  printf '%-44s ' "${path/$top/TOP}"
  wrk -t2 -c8 -d10s -s "$lua" "http://127.0.0.1:$port$path" | tail -1
done
rm -f "$lua"
