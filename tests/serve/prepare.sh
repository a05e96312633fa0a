#!/usr/bin/env bash
# Builds the scratch store the console tests run against: a small simulated world, the
# Claiborne reference case, one activity event whose fields carry script and markup
# payloads (to prove they render as text), the watch list, then detection.
# Usage: prepare.sh MOLEHUNT SRC_DIR DIR   (writes DIR/store.db)
set -euo pipefail
bin=$1 src=$2 dir=$3
rm -rf "$dir" && mkdir -p "$dir"
"$bin" simulate --people 120 --days 200 --start 2008-01-01 --seed 7 --no-background-activity --out "$dir/w" >/dev/null
cat > "$dir/payload.ecs.jsonl" <<'JSON'
{"@timestamp":"2011-06-01T09:00:00Z","event":{"category":"print","action":"print","id":"xss-0001"},"user":{"id":"claibornecm"},"host":{"name":"<script>alert('host')</script>"},"file":{"path":"<img src=x onerror=alert('file')>.docx"}}
JSON
"$bin" --db "$dir/store.db" ingest "$dir/w/entities.ftm.jsonl" "$dir/w/activity.ecs.jsonl" \
  "$src/examples/claiborne.ftm.jsonl" "$src/examples/claiborne.ecs.jsonl" "$dir/payload.ecs.jsonl" >/dev/null
"$bin" --db "$dir/store.db" watchlist load "$dir/w/watchlist.ftm.jsonl" >/dev/null
"$bin" --db "$dir/store.db" detect >/dev/null
