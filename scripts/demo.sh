#!/usr/bin/env bash
# `make demo`: load the bundled reference case into a fresh store and show what the engine
# finds. Usage: scripts/demo.sh PATH/TO/molehunt
set -euo pipefail
MH=${1:?usage: demo.sh MOLEHUNT}
here=$(cd "$(dirname "$0")/.." && pwd)
out=$here/build/demo
rm -rf "$out"; mkdir -p "$out"
DB=$out/demo.db

echo "== Loading the Claiborne reference case (examples/)"
"$MH" --db "$DB" ingest "$here/examples/claiborne.ftm.jsonl" "$here/examples/claiborne.ecs.jsonl"
echo
echo "== What the store holds"
"$MH" --db "$DB" stats
echo
echo "== The people it knows"
"$MH" --db "$DB" show p-claiborne
