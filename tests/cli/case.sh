# CLI tests for cases: open (only for a stored Person, one open case per person), assign,
# note, close with a disposition, reopen, list and show; the history is append-only and
# names each action's actor.
. "$(dirname "$0")/lib.sh"
# --identified throughout: these checks read real ids and names (pseudonymised output is
# tested in privacy.sh).
DB=$T/t.db
export USER=carol

cat > "$T/people.jsonl" <<'J'
{"id":"p1","schema":"Person","properties":{"name":["Ann Example"]}}
{"id":"p2","schema":"Person","properties":{"name":["Bob Example"]}}
{"id":"acme","schema":"Company","properties":{"name":["Acme Ltd"]}}
J
"$MH" --identified --db "$DB" ingest "$T/people.jsonl" > "$T/out" 2>&1
check "fixture loads" [ $? -eq 0 ]
# history: the case_events rows of case $1 as "actor|action|detail" lines.
history() { python3 -c "import sqlite3,sys; [print(f'{a}|{b}|{c}') for a,b,c in sqlite3.connect(sys.argv[1]).execute('SELECT actor, action, detail FROM case_events WHERE case_id=? ORDER BY rid', (int(sys.argv[2]),))]" "$DB" "$1"; }

"$MH" --identified --db "$DB" case open p1 --note "tip from the field office" > "$T/out" 2>&1
check "open: exit 0" [ $? -eq 0 ]
check "open: says case 1" grep -q "case 1 opened for p1" "$T/out"
"$MH" --identified --db "$DB" case open p1 > "$T/out" 2>&1
check "second open case refused" [ $? -eq 3 ]
check "refusal names the open case" grep -q "already has an open case: case 1" "$T/out"
"$MH" --identified --db "$DB" case open acme > "$T/out" 2>&1
check "not a Person: refused" [ $? -eq 3 ]
check "not a Person: says so" grep -q "is a Company, not a Person" "$T/out"
"$MH" --identified --db "$DB" case open nobody > "$T/out" 2>&1
check "unknown id: refused" [ $? -eq 3 ]
check "unknown id: named" grep -q '"nobody"' "$T/out"

"$MH" --identified --db "$DB" case assign 1 --to alice --actor bob > "$T/out" 2>&1
check "assign: exit 0" [ $? -eq 0 ]
"$MH" --identified --db "$DB" case note 1 saw the car at the embassy > "$T/out" 2>&1
check "note: exit 0" [ $? -eq 0 ]
history 1 > "$T/h1"
check "history so far" [ "$(cat "$T/h1")" = "carol|open|None
carol|note|tip from the field office
bob|assign|alice
carol|note|saw the car at the embassy" ]

"$MH" --identified --db "$DB" case close 1 > "$T/out" 2>&1
check "close without disposition: exit 2" [ $? -eq 2 ]
"$MH" --identified --db "$DB" case close 1 --disposition maybe > "$T/out" 2>&1
check "close with an unknown disposition: exit 2" [ $? -eq 2 ]
"$MH" --identified --db "$DB" case close 1 --disposition referred --note "handed to the FBI" > "$T/out" 2>&1
check "close: exit 0" [ $? -eq 0 ]
"$MH" --identified --db "$DB" case note 1 one more thing > "$T/out" 2>&1
check "note on a closed case: refused" [ $? -eq 3 ]
check "refusal says closed and how to reopen" grep -q "case 1 is closed (referred).*reopen" "$T/out"
"$MH" --identified --db "$DB" case assign 1 --to dave > "$T/out" 2>&1
check "assign on a closed case: refused" [ $? -eq 3 ]
"$MH" --identified --db "$DB" case close 1 --disposition confirmed > "$T/out" 2>&1
check "closing twice: refused" [ $? -eq 3 ]
"$MH" --identified --db "$DB" case reopen 1 > "$T/out" 2>&1
check "reopen without a note: exit 2" [ $? -eq 2 ]

# With case 1 closed, p1 may get a new case; case 1 then cannot be reopened beside it.
"$MH" --identified --db "$DB" case open p1 > "$T/out" 2>&1
check "new case after close" grep -q "case 2 opened for p1" "$T/out"
"$MH" --identified --db "$DB" case reopen 1 --note "new evidence" > "$T/out" 2>&1
check "reopen beside an open case: refused" grep -q "already has an open case: case 2" "$T/out"
"$MH" --identified --db "$DB" case close 2 --disposition unfounded > /dev/null 2>&1
env -u USER "$MH" --identified --db "$DB" case reopen 1 --note "new evidence" > "$T/out" 2>&1
check "reopen: exit 0" [ $? -eq 0 ]

# Append-only: what was recorded before is still there, unchanged, in order.
history 1 > "$T/h2"
check "earlier history unchanged" [ "$(head -4 "$T/h2")" = "$(cat "$T/h1")" ]
check "later history appended" [ "$(tail -n +5 "$T/h2")" = "carol|close|referred
carol|note|handed to the FBI
$(id -un)|reopen|referred
$(id -un)|note|new evidence" ]

"$MH" --identified --db "$DB" case show 1 --format json > "$T/j"
check "show json: state" [ "$(json_get "$T/j" '(j["id"], j["person"], j["name"], j["status"], j["disposition"], j["assignee"], j["closed_at"], j["opened_by"])')" = "(1, 'p1', 'Ann Example', 'open', None, 'alice', None, 'carol')" ]
check "show json: history" [ "$(json_get "$T/j" '[h["action"] for h in j["history"]]')" = "['open', 'note', 'assign', 'note', 'close', 'note', 'reopen', 'note']" ]
check "history times in order" [ "$(python3 -c "import sqlite3,sys; t=[r[0] for r in sqlite3.connect(sys.argv[1]).execute('SELECT at FROM case_events WHERE case_id=1 ORDER BY rid')]; print(len(t) == 8 and t == sorted(t) and t[0] > 1.5e12)" "$DB")" = "True" ]
"$MH" --identified --db "$DB" case show 2 > "$T/show"
check "show table: disposition" grep -q "status       closed, unfounded" "$T/show"
check "show table: history line" grep -q "close   unfounded" "$T/show"

"$MH" --identified --db "$DB" case list --status open --format json > "$T/j"
check "list --status open" [ "$(json_get "$T/j" '[c["id"] for c in j]')" = "[1]" ]
"$MH" --identified --db "$DB" case list --status closed --format json > "$T/j"
check "list --status closed" [ "$(json_get "$T/j" '[(c["id"], c["disposition"]) for c in j]')" = "[(2, 'unfounded')]" ]
"$MH" --identified --db "$DB" case list --person p2 --format json > "$T/j"
check "list --person with no cases" [ "$(json_get "$T/j" 'len(j)')" = "0" ]
"$MH" --identified --db "$DB" case list > "$T/list"
check "list table: both cases" [ "$(grep -c 'p1 (Ann Example)' "$T/list")" = "2" ]

"$MH" --identified --db "$DB" case show 99 > "$T/out" 2>&1
check "show unknown case: exit 3" [ $? -eq 3 ]
check "show unknown case: named" grep -q "no case 99" "$T/out"
"$MH" --identified --db "$DB" case show abc > /dev/null 2>&1
check "bad case number: exit 2" [ $? -eq 2 ]
"$MH" --identified --db "$DB" case frobnicate 1 > /dev/null 2>&1
check "unknown verb: exit 2" [ $? -eq 2 ]
"$MH" --identified --db "$DB" case list --status pending > /dev/null 2>&1
check "bad --status: exit 2" [ $? -eq 2 ]
finish
