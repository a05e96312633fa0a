# CLI tests for eval: a tiny population with scores written straight into the store, a
# truth file with CERT and ISO dates, a CERT user id bound by a UserAccount, a repeated
# insider, an insider with no score row and a malformed row; every number checked below
# was worked out by hand (see the comments).
. "$(dirname "$0")/lib.sh"
# --identified throughout: these checks read real ids and names (pseudonymised output is
# tested in privacy.sh).
DB=$T/t.db

cat > "$T/people.jsonl" <<'J'
{"id":"p1","schema":"Person","properties":{"name":["One"]}}
{"id":"p2","schema":"Person","properties":{"name":["Two"]}}
{"id":"p3","schema":"Person","properties":{"name":["Three"]}}
{"id":"p4","schema":"Person","properties":{"name":["Four"]}}
{"id":"p5","schema":"Person","properties":{"name":["Five"]}}
{"id":"p6","schema":"Person","properties":{"name":["Six"]}}
{"id":"p7","schema":"Person","properties":{"name":["Seven"]}}
{"id":"p8","schema":"Person","properties":{"name":["Eight"]}}
{"id":"ua-3","schema":"UserAccount","properties":{"owner":["p3"],"username":["ABC0003"]}}
J
"$MH" --identified --db "$DB" ingest "$T/people.jsonl" > "$T/out" 2>&1
check "fixture loads" [ $? -eq 0 ]

cat > "$T/truth.csv" <<'C'
dataset,scenario,details,user,start,end
molehunt-sim,exfil,,p2,2011-03-01T00:00:00Z,
4.2,1,r4.2-1-ABC0003.csv,ABC0003,3/1/2011 0:00:00,3/9/2011 10:00:00
4.2,1,r4.2-1-ABC0003.csv,ABC0003,02/20/2011 00:00:00,03/09/2011 10:00:00
molehunt-sim,exfil,,p7,2011-01-01,
4.2,2,x.csv,p5,13/45/2011 00:00:00,
molehunt-sim,exfil,,ghost,2011-01-01,
C

# Before detect has run there are no scores: a clear error.
"$MH" --identified --db "$DB" eval --truth "$T/truth.csv" > "$T/out" 2> "$T/err"
check "no scores: exit 3" [ $? -eq 3 ]
check "no scores: says to run detect" grep -q "run 'molehunt detect' first" "$T/err"

# Scores: p1 .9, p2 .7, p3 .7, p4 .5, p5 .3, p6 p7 p8 0. Detected: p1 (not an insider),
# p2 on 2011-03-04 (3 days after its start), p3 on 2011-02-28 (8 days after its
# earliest start, 02/20, though before the other row's 3/1).
python3 - "$DB" <<'P'
import sqlite3, sys
from datetime import datetime, timezone
ms = lambda *a: int(datetime(*a, tzinfo=timezone.utc).timestamp() * 1000)
db = sqlite3.connect(sys.argv[1])
rows = [("p1", .9, ms(2011, 1, 2)), ("p2", .7, ms(2011, 3, 4)), ("p3", .7, ms(2011, 2, 28)), ("p4", .5, None),
        ("p5", .3, None), ("p6", 0, None), ("p7", 0, None), ("p8", 0, None)]
db.executemany("INSERT INTO scores(person, score, detected_at, body) VALUES(?,?,?,'{}')", rows)
db.commit()
P
check "scores written" [ $? -eq 0 ]

"$MH" --identified --db "$DB" eval --truth "$T/truth.csv" --k 2 --format json > "$T/j" 2> "$T/err"
check "malformed truth row: exit 1" [ $? -eq 1 ]
check "malformed row named with file:line" grep -q "truth.csv:6: skipped: start \"13/45/2011 00:00:00\"" "$T/err"
check "unranked insider named" grep -q "insider \"ghost\" has no score row" "$T/err"
# Hand-worked: N=8; insiders p2, p3 (via ABC0003, counted once), p7, ghost (unranked) = 4.
check "population and insiders" [ "$(json_get "$T/j" '(j["population"], j["insiders"], j["insiders_ranked"], j["insiders_unranked"])')" = "(8, 4, 3, ['ghost'])" ]
check "truth rows and problems" [ "$(json_get "$T/j" '(j["truth"]["rows"], j["truth"]["unreadable"], j["truth"]["problems"][0]["line"])')" = "(5, 1, 6)" ]
# AUC: negatives p1 p4 p5 p6 p8; p2 and p3 each beat 4 (p4 p5 p6 p8), p7 ties p6 and p8
# (2 x 1/2): (4 + 4 + 1) / (3 x 5) = 0.6.
check "ROC AUC 0.6" [ "$(json_get "$T/j" 'round(j["roc_auc"], 9)')" = "0.6" ]
# 1 % and 5 % of 8 round up to 1 person (p1): nothing found.
check "recall at 1% and 5%" [ "$(json_get "$T/j" '(j["recall_at_1pct"]["k"], j["recall_at_1pct"]["recall"], j["recall_at_5pct"]["k"], j["recall_at_5pct"]["recall"])')" = "(1, 0, 1, 0)" ]
# k: 1, 2 (--k), 5, 8 (10..100 capped at 8). At 2 the cut splits the p2/p3 tie: 2 x 1/2.
check "budgets listed" [ "$(json_get "$T/j" '[a["k"] for a in j["at_k"]]')" = "[1, 2, 5, 8]" ]
check "k=2: found 1 (tie shared), precision 0.5" [ "$(json_get "$T/j" '(j["at_k"][1]["found"], j["at_k"][1]["recall"], j["at_k"][1]["precision"])')" = "(1, 0.25, 0.5)" ]
check "k=5: recall 0.5, precision 0.4" [ "$(json_get "$T/j" '(j["at_k"][2]["recall"], j["at_k"][2]["precision"])')" = "(0.5, 0.4)" ]
check "k=8: recall 0.75, precision 0.375" [ "$(json_get "$T/j" '(j["at_k"][3]["recall"], j["at_k"][3]["precision"])')" = "(0.75, 0.375)" ]
# Per scenario at k = 4 insiders (p1 p2 p3 p4): exfil {p2, p7, ghost} 1/3; "1" {p3} 1.
check "per-scenario recall" [ "$(json_get "$T/j" '[(s["scenario"], s["insiders"], round(s["at_insiders"]["recall"], 6)) for s in j["scenarios"]]')" = "[('exfil', 3, 0.333333), ('1', 1, 1)]" ]
# Time to detection: p2 +3 days, p3 +8 days; p7 and ghost undetected.
check "time to detection" [ "$(json_get "$T/j" '(j["time_to_detection_days"]["detected"], j["time_to_detection_days"]["undetected"], j["time_to_detection_days"]["median"], j["time_to_detection_days"]["worst"])')" = "(2, 2, 5.5, 8)" ]
check "p3 resolved through its account, rank 2" [ "$(json_get "$T/j" '[(i["person"], i["rank"]) for i in j["insider_detail"]]')" = "[('p2', 2), ('p3', 2), ('p7', 6), ('ghost', None)]" ]

# Table output carries the same numbers; a clean truth file exits 0.
grep -v '13/45/2011' "$T/truth.csv" > "$T/clean.csv"
"$MH" --identified --db "$DB" eval --truth "$T/clean.csv" > "$T/tab" 2> "$T/err"
check "clean truth: exit 0" [ $? -eq 0 ]
check "table: AUC" grep -q "ROC AUC 0.6000" "$T/tab"
check "table: time to detection" grep -q "median 5.50 days, worst 8.00 days" "$T/tab"

# A detection before the truth's start is a negative time, not an error.
python3 -c "import sqlite3,sys; d=sqlite3.connect(sys.argv[1]); d.execute(\"UPDATE scores SET detected_at=1293753600000 WHERE person='p7'\"); d.commit()" "$DB"
"$MH" --identified --db "$DB" eval --truth "$T/clean.csv" --format json > "$T/j2" 2>/dev/null
check "negative time to detection (p7 one day early)" [ "$(json_get "$T/j2" '(j["time_to_detection_days"]["detected"], j["time_to_detection_days"]["median"])')" = "(3, 3)" ]
check "p7 detail: -1 day" [ "$(json_get "$T/j2" "[i[\"ttd_days\"] for i in j[\"insider_detail\"] if i[\"person\"]==\"p7\"]")" = "[-1]" ]

# Usage errors.
"$MH" --identified --db "$DB" eval > /dev/null 2>&1
check "no --truth: exit 2" [ $? -eq 2 ]
"$MH" --identified --db "$DB" eval --truth "$T/clean.csv" --k 0 > /dev/null 2>&1
check "--k 0: exit 2" [ $? -eq 2 ]
"$MH" --identified --db "$DB" eval --truth "$T/nope.csv" > /dev/null 2> "$T/err"
check "missing truth file: exit 3, named" grep -q "nope.csv" "$T/err"
printf 'id,date,user\n1,2,3\n' > "$T/wrong.csv"
"$MH" --identified --db "$DB" eval --truth "$T/wrong.csv" > /dev/null 2> "$T/err"
check "not a truth header: exit 3" [ $? -eq 3 ]
finish
