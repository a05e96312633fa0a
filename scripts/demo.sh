#!/usr/bin/env bash
# `make demo`: the reference case inside a generated organisation of 5,000 people. It
# simulates ten years of records (families, foreign contacts, disclosures, trips, debts,
# hidden insiders and their look-alikes), loads them with the Claiborne case from
# examples/, runs detection, and shows the ranked queue and her explanation.
# Usage: scripts/demo.sh PATH/TO/molehunt
set -eu
MH=${1:?usage: demo.sh MOLEHUNT}
here=$(cd "$(dirname "$0")/.." && pwd)
out=$here/build/demo
rm -rf "$out"; mkdir -p "$out"
DB=$out/demo.db
export MOLEHUNT_KEY=$out/pseudonym.key
start=$(date +%s)

echo "== 1. A synthetic organisation: 5,000 people, 2007-2016, with hidden insiders"
"$MH" simulate --people 5000 --days 3650 --start 2007-01-01 --seed 2017 --no-background-activity --out "$out/world"
echo
echo "== 2. Loading it, with the Claiborne reference case (examples/)"
"$MH" --db "$DB" ingest "$out/world/entities.ftm.jsonl" "$out/world/activity.ecs.jsonl" \
  "$here/examples/claiborne.ftm.jsonl" "$here/examples/claiborne.ecs.jsonl"
"$MH" --db "$DB" watchlist load "$out/world/watchlist.ftm.jsonl"
echo
echo "== 3. Detection: the rule pack, the SEAD-3 reconciliation detector, the risk model"
"$MH" --db "$DB" detect
echo
echo "== 4. The queue as analysts see it (pseudonymised)"
"$MH" --db "$DB" queue --top 10
echo
echo "== 5. The administrator's identified view (recorded in the audit trail)"
"$MH" --db "$DB" --identified queue --top 10
echo
echo "== 6. Why Candace Claiborne is first"
{ "$MH" --db "$DB" --identified explain p-claiborne || true; } | head -n 60
echo "   ... ('molehunt --db $DB --identified explain p-claiborne' prints it all)"
echo
echo "== 7. How the hidden insiders of the simulated world were found"
# The simulator's answers list its own insiders; the reference case loaded beside them is
# one too (examples/claiborne.*: contact from June 2007 to the interview in 2017), so it is
# scored as one rather than as the false alarm at rank 1 it would otherwise count as.
truth=$out/truth.csv
cp "$out/world/answers/insiders.csv" "$truth"
echo "reference,MOMINT,,p-claiborne,2007-06-01T00:00:00Z,2017-03-28T00:00:00Z" >> "$truth"
{ "$MH" --db "$DB" eval --truth "$truth" 2>/dev/null || true; } | head -n 16
echo
echo "demo finished in $(( $(date +%s) - start )) s; the store is $DB"
