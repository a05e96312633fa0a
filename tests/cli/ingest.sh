# CLI tests for ingest, quarantine, stats and show, including a load killed with SIGKILL.
. "$(dirname "$0")/lib.sh"
DB=$T/t.db

# The reference case loads with nothing quarantined.
"$MH" --db "$DB" ingest "$SRC/examples/claiborne.ftm.jsonl" "$SRC/examples/claiborne.ecs.jsonl" > "$T/out" 2>&1
check "claiborne: exit 0" [ $? -eq 0 ]
check "claiborne: zero quarantined" grep -q "total: read 79 = stored 79 + merged 0 + quarantined 0" "$T/out"
"$MH" --db "$DB" show p-claiborne > "$T/show" 2>&1
check "show: prints the name" grep -q "Candace Marie Claiborne" "$T/show"
"$MH" --db "$DB" show --format json p-son | python3 -c 'import json,sys; o=json.load(sys.stdin); assert o["schema"]=="Person"' 2>/dev/null
check "show --format json" [ $? -eq 0 ]
"$MH" --db "$DB" show nobody > "$T/err" 2>&1
check "show: unknown id exits 3" [ $? -eq 3 ]
check "show: unknown id is named" grep -q 'nobody' "$T/err"

# Bad lines: quarantined with file and line, the rest loads, counts reconcile.
cat > "$T/bad.jsonl" <<'J'
{"id":"a","schema":"Person","properties":{"name":["Ann"]}}
{"id":"b","schema":"Person","properties":{"name":["Bob"],"birthDate":["1980-02-31"]}}
not json at all
{"id":"c","schema":"Spaceship","properties":{}}
{"@timestamp":"2011-06-01T10:00:00Z","event":{"category":"file","id":"x1"}}
J
"$MH" --db "$DB" ingest "$T/bad.jsonl" > "$T/out" 2>&1
check "bad: exit 1 when lines are quarantined" [ $? -eq 1 ]
check "bad: reconciled summary" grep -q "read 5 = stored 2 + merged 0 + quarantined 3" "$T/out"
"$MH" --db "$DB" quarantine > "$T/q" 2>&1
check "quarantine: file:line:col and reason" grep -q "bad.jsonl:2:.*not an ISO 8601 date" "$T/q"
check "quarantine: unknown schema" grep -q "bad.jsonl:4:.*unknown schema \"Spaceship\"" "$T/q"
"$MH" --db "$DB" quarantine --format json | python3 -c 'import json,sys; rows=[json.loads(l) for l in sys.stdin]; assert len(rows)==3 and all(r["source"].endswith("bad.jsonl") for r in rows)'
check "quarantine --format json" [ $? -eq 0 ]
# A line that is not UTF-8 still comes out as valid JSON, its bytes kept in hex.
printf '{"id":"d","schema":"Person","properties":{"name":["Bj\xf6rn"]}}\n' > "$T/latin1.jsonl"
"$MH" --db "$DB" ingest "$T/latin1.jsonl" > /dev/null 2>&1
"$MH" --db "$DB" quarantine --format json | python3 -c '
import json,sys
rows=[json.loads(l) for l in sys.stdin.buffer.read().split(b"\n") if l]
bad=[r for r in rows if r["source"].endswith("latin1.jsonl")]
assert len(bad)==1 and bad[0]["text_utf8"] is False, bad
assert b"Bj\xf6rn" in bytes.fromhex(bad[0]["text_hex"]), bad
assert all("text_hex" not in r for r in rows if r is not bad[0])'
check "quarantine --format json: a line that is not UTF-8 is valid JSON, bytes in hex" [ $? -eq 0 ]

# Idempotence: the same files again change nothing.
"$MH" --db "$DB" stats > "$T/s1"
"$MH" --db "$DB" ingest "$SRC/examples/claiborne.ftm.jsonl" "$T/bad.jsonl" > "$T/out" 2>&1
"$MH" --db "$DB" stats > "$T/s2"
check "idempotent: stats unchanged" cmp -s "$T/s1" "$T/s2"
check "idempotent: second load merged" grep -q "read 72 = stored 0 + merged 72 + quarantined 0" "$T/out"

# stdin and gzip; forced format.
gzip -c "$SRC/examples/claiborne.ecs.jsonl" > "$T/e.jsonl.gz"
"$MH" --db "$T/g.db" ingest "$T/e.jsonl.gz" > "$T/out" 2>&1
check "gzip input" grep -q "read 7 = stored 7" "$T/out"
"$MH" --db "$T/g.db" ingest - < "$SRC/examples/claiborne.ecs.jsonl" > "$T/out" 2>&1
check "stdin input (idempotent)" grep -q "read 7 = stored 0 + merged 7" "$T/out"
"$MH" --db "$T/f.db" ingest --format ecs "$SRC/examples/claiborne.ftm.jsonl" > "$T/out" 2>&1
check "--format ecs on FtM lines quarantines them" grep -q "quarantined 72" "$T/out"
"$MH" --db "$T/f.db" ingest /nonexistent/file.jsonl > "$T/out" 2>&1
check "missing file: exit 3" [ $? -eq 3 ]
check "missing file: named" grep -q "/nonexistent/file.jsonl" "$T/out"
"$MH" --db "$T/f.db" ingest --format xml "$T/bad.jsonl" > "$T/out" 2>&1
check "bad option value: exit 2" [ $? -eq 2 ]

# Killed in the middle: what was reported committed is there; a rerun completes the
# load with no duplicates.
N=300000
awk -v n=$N 'BEGIN { for (i = 0; i < n; i++) {
  if (i % 3 == 0) printf "{\"id\":\"p%d\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Person %d\"],\"birthDate\":[\"1970-01\"]}}\n", i, i;
  else printf "{\"@timestamp\":\"2011-01-01T00:00:%02dZ\",\"event\":{\"category\":\"file\",\"id\":\"k%d\"},\"user\":{\"id\":\"u%d\"}}\n", i % 60, i, i % 97 } }' > "$T/big.jsonl"
# The first 100,000 lines come through a pipe that stays open, so the load cannot finish
# however slow this check is to look (on a loaded machine it once did, from a file).
mkfifo "$T/fifo"
"$MH" --db "$T/k.db" ingest --progress --batch 5000 - < "$T/fifo" > /dev/null 2> "$T/progress" &
pid=$!
exec 7> "$T/fifo"
head -n 100000 "$T/big.jsonl" >&7
for i in $(seq 1 600); do
  c=$(grep -c 'lines committed' "$T/progress" 2>/dev/null); [ "${c:-0}" -ge 3 ] && break; sleep 0.05
done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
exec 7>&-
committed=$(grep 'lines committed' "$T/progress" | tail -1 | sed 's/.*: \([0-9]*\) lines committed/\1/')
"$MH" --db "$T/k.db" stats --format json > "$T/ks.json"
have=$(json_get "$T/ks.json" 'sum(r["count"] for r in j if r["kind"] in ("entity","event"))')
check "killed: a batch was committed before the kill (${committed:-none})" [ "${committed:-0}" -gt 0 ]
check "killed: all $committed committed lines are there ($have)" [ "$have" -ge "${committed:-1}" ]
check "killed: the load was really interrupted ($have < $N)" [ "$have" -lt $N ]
"$MH" --db "$T/k.db" ingest "$T/big.jsonl" > "$T/out" 2>&1
check "rerun: exit 0" [ $? -eq 0 ]
"$MH" --db "$T/k.db" stats --format json > "$T/ks.json"
have=$(json_get "$T/ks.json" 'sum(r["count"] for r in j if r["kind"] in ("entity","event"))')
check "rerun: exactly $N records, no duplicates ($have)" [ "$have" -eq $N ]
check "rerun: reconciled, nothing quarantined" grep -Eq "read $N = stored [0-9]+ \+ merged [0-9]+ \+ quarantined 0" "$T/out"
finish
