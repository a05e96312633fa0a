# CLI test for pseudonymisation and the audit trail: after ingesting the Claiborne case
# and detecting, no command that shows people prints a Person's real name or entity id
# unless --identified is given; with it they do, and each such use is in the audit trail.
# Also: accounts (password never on argv, minimum length), audit verify after tampering,
# retention and purge, and protected channels kept out of scoring.
. "$(dirname "$0")/lib.sh"
DB=$T/t.db
export MOLEHUNT_KEY=$T/pseudonym.key MOLEHUNT_AUDIT_KEY=$T/audit.key
# The example's summaries never name anyone; real ones do, so two of them here say who.
sed -e 's/"the day after her request"/"the day after Candace Claiborne asked"/' \
    -e 's/"self-initiated contact (June 2007; the day is illustrative)"/"Claiborne, self-initiated contact"/' \
    "$SRC/examples/claiborne.ftm.jsonl" > "$T/claiborne.ftm.jsonl"
check "the summaries now name her" [ "$(grep -c 'Claiborne asked\|"Claiborne, self' "$T/claiborne.ftm.jsonl")" = 2 ]
"$MH" --db "$DB" ingest "$T/claiborne.ftm.jsonl" "$SRC/examples/claiborne.ecs.jsonl" > /dev/null 2>&1
"$MH" --db "$DB" detect > /dev/null 2>&1
check "detect ran" [ $? -eq 0 ]

# Every Person's id and name, straight from the store.
python3 - "$DB" > "$T/secrets" <<'PY'
import json, sqlite3, sys
for id_, props in sqlite3.connect(sys.argv[1]).execute("SELECT id, props FROM entities WHERE schema = 'Person'"):
    print(id_)
    for k in ("name", "alias", "firstName", "lastName"):
        for v in json.loads(props).get(k, []):
            if len(v) >= 4: print(v)
PY
check "the store holds people" [ "$(wc -l < "$T/secrets")" -ge 10 ]
# leaks FILE: the secrets that occur in FILE as whole words
leaks() { grep -F -w -o -f "$T/secrets" "$1" | sort -u; }

P=$("$MH" --db "$DB" queue --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["person"])')
check "queue shows a pseudonym" grep -q '^P-' <<< "$P"
"$MH" --db "$DB" case open "$P" --note "opened from a pseudonym; Candace Claiborne's supervisor called" > /dev/null 2>&1
check "case open takes a pseudonym" [ $? -eq 0 ]
truth=$T/insiders.csv
printf 'dataset,scenario,details,user,start,end\nclaiborne,walkin,,p-claiborne,2007-01-01,\n' > "$truth"

run_all() { # run_all [--identified]: every people-showing command into $T/out$1
    local o=$T/out$1
    : > "$o"
    "$MH" --db "$DB" $1 queue >> "$o" 2>&1
    "$MH" --db "$DB" $1 queue --format json >> "$o" 2>&1
    "$MH" --db "$DB" $1 explain "$2" >> "$o" 2>&1
    "$MH" --db "$DB" $1 case list >> "$o" 2>&1
    "$MH" --db "$DB" $1 case list --format json >> "$o" 2>&1
    "$MH" --db "$DB" $1 case show 1 >> "$o" 2>&1
    "$MH" --db "$DB" $1 case show 1 --format json >> "$o" 2>&1
    "$MH" --db "$DB" $1 eval --truth "$truth" --format json >> "$o" 2>&1
    "$MH" --db "$DB" $1 sphere "$2" >> "$o" 2>&1
    "$MH" --db "$DB" $1 sphere "$2" --format json >> "$o" 2>&1
    for f in graphml gexf cytoscape-json; do "$MH" --db "$DB" $1 graph export --format $f >> "$o" 2>&1; done
    "$MH" --db "$DB" $1 eql 'any where true' >> "$o" 2>&1
    "$MH" --db "$DB" $1 eql --format table 'sequence by user.id [any where true] [any where true]' >> "$o" 2>&1
}
run_all "" "$P"
# Every line of every command's output, evidence included, must be clean.
cp "$T/out" "$T/out.structured"
check "pseudonymised: no Person id or name ($(leaks "$T/out.structured" | tr '\n' ' '))" [ -z "$(leaks "$T/out.structured")" ]
check "pseudonymised: the output is not empty" [ "$(grep -c 'P-' "$T/out")" -ge 10 ]
check "pseudonymised: a summary that named her names her pseudonym" grep -q "the day after $P asked" "$T/out"
check "pseudonymised: so does the case note" grep -q "$P's supervisor called" "$T/out"
check "pseudonymised: eql prints the stored events" [ "$(grep -c '"event":' "$T/out")" -ge 7 ]
check "pseudonymised: without their account name" [ -z "$(grep -o claibornecm "$T/out")" ]
# A lookup by real id is an identified request: it names people, and is recorded first.
"$MH" --db "$DB" sphere p-claiborne > "$T/byid" 2>&1
check "sphere by real id: identified output" grep -q -w "p-son" "$T/byid"
check "sphere by real id: recorded as read.person" [ "$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*) FROM audit WHERE action='read.person' AND object='p-claiborne'\").fetchone()[0])" "$DB")" = 1 ]
# The audit trail and the quarantine name people too: pseudonymised unless --identified.
"$MH" --db "$DB" audit export > "$T/aud" 2>&1
check "audit export: the lookup is there" grep -q '"action":"read.person"' "$T/aud"
check "audit export: by pseudonym, not by id" [ -z "$(leaks "$T/aud")" ]
printf '{"id":"p-broken", "schema":"Person", "properties":{"name":["Candace Claiborne"]} BROKEN\n' > "$T/bad.ftm.jsonl"
"$MH" --db "$DB" ingest "$T/bad.ftm.jsonl" > /dev/null 2>&1
"$MH" --db "$DB" quarantine > "$T/quar" 2>&1
"$MH" --db "$DB" quarantine --format json >> "$T/quar" 2>&1
check "quarantine: the bad line is listed" grep -q "bad.ftm.jsonl:1" "$T/quar"
check "quarantine: without her name ($(leaks "$T/quar" | tr '\n' ' '))" [ -z "$(leaks "$T/quar")" ]
"$MH" --db "$DB" --identified quarantine > "$T/quar-id" 2>&1
check "quarantine --identified: the line as it came" grep -q "Candace Claiborne" "$T/quar-id"
run_all --identified p-claiborne
check "identified: the covered person's name" grep -q "Candace Marie Claiborne" "$T/out--identified"
check "identified: the son's id" grep -q -w "p-son" "$T/out--identified"
check "identified: the summary as written" grep -q "the day after Candace Claiborne asked" "$T/out--identified"
check "identified: eql shows the account name" grep -q '"claibornecm"' "$T/out--identified"
check "identified: eval names the insider" grep -q '"person":"p-claiborne"' "$T/out--identified"
n=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*) FROM audit WHERE action='reveal.cli' AND actor LIKE 'cli:%'\").fetchone()[0])" "$DB")
check "every --identified run is audited (16 = $n)" [ "$n" = 16 ]
check "case actions are audited" [ "$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*) FROM audit WHERE action='case.open'\").fetchone()[0])" "$DB")" = 1 ]

# Accounts: the password never comes from argv; short ones are refused.
echo "a long enough password" | "$MH" --db "$DB" user add alice --role analyst > /dev/null 2>&1
check "user add from stdin" [ $? -eq 0 ]
MOLEHUNT_PASSWORD=short "$MH" --db "$DB" user add bob --role analyst > /dev/null 2>&1
check "short password refused" [ $? -ne 0 ]
"$MH" --db "$DB" user add carol --role wizard < /dev/null > /dev/null 2>&1
check "unknown role refused" [ $? -eq 2 ]
"$MH" --db "$DB" user role alice auditor > /dev/null && "$MH" --db "$DB" user disable alice > /dev/null
"$MH" --db "$DB" user list --format json > "$T/users"
check "user list" [ "$(json_get "$T/users" '[(u["name"], u["role"], u["disabled"]) for u in j]')" = "[('alice', 'auditor', True)]" ]
check "no password hash in the listing" [ -z "$(grep -i argon "$T/users")" ]

# The audit trail verifies, and a change made behind its back is found and placed.
"$MH" --db "$DB" audit verify > "$T/v"
check "audit verify: intact" grep -q "audit trail intact" "$T/v"
"$MH" --db "$DB" audit export --format csv > "$T/csv"
check "audit export csv" [ "$(head -1 "$T/csv")" = "seq,at,actor,action,object,detail,hash" ]
"$MH" --db "$DB" audit export --from 2000-01-01 > "$T/nd"
check "audit export ndjson" python3 -c "import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; assert r[-1]['action']=='audit.export' and all(len(x['hash'])==64 for x in r)" "$T/nd"
python3 -c "import sqlite3,sys; d=sqlite3.connect(sys.argv[1]); d.execute(\"UPDATE audit SET actor='nobody' WHERE seq=3\"); d.commit()" "$DB"
"$MH" --db "$DB" audit verify > "$T/v"
check "audit verify: edit found (exit 1)" [ $? -eq 1 ]
check "audit verify: edit placed at entry 3" grep -q "BROKEN at entry 3: edited" "$T/v"

# Retention and purge.
"$MH" --db "$DB" retention set records 365 > /dev/null
"$MH" --db "$DB" purge --dry-run > "$T/p"
check "purge --dry-run counts" grep -q "would purge: [1-9][0-9]* entities, 7 events" "$T/p"
check "purge --dry-run deletes nothing" [ "$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM events').fetchone()[0])" "$DB")" = 7 ]
"$MH" --db "$DB" retention clear records > /dev/null

# Protected channels: a whistleblower report is stored but never scored.
D2=$T/ch.db
"$MH" --db "$D2" ingest "$SRC/examples/claiborne.ftm.jsonl" > /dev/null 2>&1
"$MH" --db "$D2" ingest --channel whistleblower "$SRC/examples/claiborne.ecs.jsonl" > /dev/null 2>&1
"$MH" --db "$D2" detect > "$T/d2" 2>&1
check "protected events are not read by detect" grep -q "and 0 events" "$T/d2"
check "but they are stored" [ "$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM events').fetchone()[0])" "$D2")" = 7 ]

# Rotating the key changes every pseudonym.
"$MH" --db "$DB" key rotate > /dev/null
P2=$("$MH" --db "$DB" queue --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["person"])')
check "key rotate: new pseudonym" [ -n "$P2" ] && [ "$P2" != "$P" ]
finish
