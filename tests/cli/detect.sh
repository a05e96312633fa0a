# CLI tests for detect, queue, explain and rules: the reference case inside a generated
# population of 5,000 people ranks first, early, with evidence across guidelines;
# incremental detection equals a full run; protected attributes move no score; a broken
# rule is reported with its place and the rest of the pack still runs; a timely
# disclosure mitigates and is named.
. "$(dirname "$0")/lib.sh"
export MOLEHUNT_KEY=$T/pseudonym.key

# --- the reference case in a population of 5,000 -------------------------------------
"$MH" simulate --people 5000 --days 3650 --start 2007-01-01 --seed 11 --no-background-activity --quiet --out "$T/w"
DB=$T/pop.db
"$MH" --db "$DB" ingest -q "$T/w/entities.ftm.jsonl" "$T/w/activity.ecs.jsonl" \
  "$SRC/examples/claiborne.ftm.jsonl" "$SRC/examples/claiborne.ecs.jsonl"
check "population loads with nothing quarantined" [ $? -eq 0 ]
"$MH" --db "$DB" watchlist load "$T/w/watchlist.ftm.jsonl" > /dev/null
"$MH" --db "$DB" detect > "$T/detect.out" 2>&1
check "detect: exit 0" [ $? -eq 0 ]
check "detect: a full run on first use" grep -q "full run" "$T/detect.out"
"$MH" --db "$DB" --identified queue --format json --top 10 > "$T/q.json"
check "queue: Claiborne ranks first" [ "$(json_get "$T/q.json" 'j[0]["person"]')" = p-claiborne ]
check "queue: her name is shown with --identified" [ "$(json_get "$T/q.json" 'j[0]["name"]')" = "Candace Marie Claiborne" ]
det=$(json_get "$T/q.json" 'j[0]["detected_at"]')
check "queue: detected_at $det falls in 2007-2011" python3 -c "import sys; y=int(sys.argv[1][:4]); sys.exit(0 if 2007<=y<=2011 else 1)" "$det"
"$MH" --db "$DB" --identified explain p-claiborne --format json > "$T/x.json"
n_rules=$(json_get "$T/x.json" 'len({i["rule"] for i in j["indicators"] if i["mitigation"] < 1})')
n_guide=$(json_get "$T/x.json" 'len({g["code"][0] for i in j["indicators"] for g in i["guidelines"]})')
check "explain: at least 6 distinct indicators ($n_rules)" [ "$n_rules" -ge 6 ]
check "explain: at least 3 SEAD-4 guidelines ($n_guide)" [ "$n_guide" -ge 3 ]
check "explain: the son's path is shown" python3 -c "import json,sys; sys.exit(0 if 'son' in json.load(open(sys.argv[1]))['paths'] else 1)" "$T/x.json"
check "explain: every indicator cites a paragraph with text" python3 -c "
import json,sys; j=json.load(open(sys.argv[1]))
sys.exit(0 if all(g['text'] for i in j['indicators'] for g in i['guidelines'] if ' ' in g['code']) else 1)" "$T/x.json"
"$MH" --db "$DB" explain p-claiborne > "$T/err" 2>&1
check "explain: an id without --identified is refused (pseudonyms by default)" [ $? -ne 0 ]
"$MH" --db "$DB" queue --format json --top 3 > "$T/qp.json"
check "queue: pseudonyms by default, no names" python3 -c "
import json,sys; q=json.load(open(sys.argv[1]))
sys.exit(0 if all(r['person'].startswith('P-') and r['name'] is None for r in q) else 1)" "$T/qp.json"
pseudo=$(json_get "$T/qp.json" 'j[0]["person"]')
"$MH" --db "$DB" explain "$pseudo" > "$T/xp.txt" 2>&1
check "explain: works on the pseudonym" grep -q "Evidence timeline" "$T/xp.txt"
check "explain: no real name in pseudonymised output" bash -c "! grep -q 'Claiborne' '$T/xp.txt'"
"$MH" --db "$DB" detect > "$T/detect2.out" 2>&1
check "detect again: nothing new" grep -q "nothing arrived" "$T/detect2.out"
"$MH" --db "$DB" eval --truth "$T/w/answers/insiders.csv" --format json > "$T/eval.json" 2>/dev/null
auc=$(json_get "$T/eval.json" 'j["roc_auc"]' 2>/dev/null || echo 0)
check "eval: ROC AUC on the simulated insiders above 0.85 ($auc)" python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) > 0.85 else 1)" "$auc"

# --- incremental equals full (a smaller world: 800 people, three years) ---------------
"$MH" simulate --people 800 --days 1095 --start 2008-01-01 --seed 12 --no-background-activity --quiet --out "$T/s"
S=$T/small.db
"$MH" --db "$S" ingest -q "$T/s/entities.ftm.jsonl" "$T/s/activity.ecs.jsonl" "$SRC/examples/claiborne.ftm.jsonl" "$SRC/examples/claiborne.ecs.jsonl"
"$MH" --db "$S" watchlist load "$T/s/watchlist.ftm.jsonl" > /dev/null
"$MH" --db "$S" detect > /dev/null
python3 - "$T/s/entities.ftm.jsonl" "$T/a.jsonl" "$T/b.jsonl" <<'PY'
import json, sys
inter = {"Payment", "Benefit", "Tasking", "Debt", "Email", "Message", "Call", "Event", "Trip", "Disclosure", "Interview"}
lines = open(sys.argv[1]).read().splitlines()
late = [i for i, l in enumerate(lines) if json.loads(l)["schema"] in inter][-600:]
late = set(late)
with open(sys.argv[2], "w") as a, open(sys.argv[3], "w") as b:
    for i, l in enumerate(lines):
        (b if i in late else a).write(l + "\n")
PY
I=$T/inc.db
"$MH" --db "$I" ingest -q "$T/a.jsonl" "$T/s/activity.ecs.jsonl" "$SRC/examples/claiborne.ftm.jsonl" "$SRC/examples/claiborne.ecs.jsonl"
"$MH" --db "$I" watchlist load "$T/s/watchlist.ftm.jsonl" > /dev/null
"$MH" --db "$I" detect > /dev/null
"$MH" --db "$I" ingest -q "$T/b.jsonl"
"$MH" --db "$I" detect > "$T/inc.out" 2>&1
check "incremental: the second run is incremental" grep -q "incremental run" "$T/inc.out"
"$MH" --db "$I" --identified queue --format json --top 0 > "$T/q-inc.json"
"$MH" --db "$S" --identified queue --format json --top 0 > "$T/q-full.json"
check "incremental: the same queue as a full run" cmp -s "$T/q-inc.json" "$T/q-full.json"
check "incremental: the queue is the whole population" [ "$(json_get "$T/q-full.json" 'len(j)')" -ge 800 ]

# --- protected attributes move no score (the same smaller world) ----------------------
python3 - "$T/s/entities.ftm.jsonl" "$T/prot.jsonl" <<'PY'
import json, sys
covered = set()
lines = [json.loads(l) for l in open(sys.argv[1])]
for o in lines:
    if o["schema"] in ("Employment", "Clearance"):
        covered.update(o["properties"].get("employee", []) + o["properties"].get("holder", []))
with open(sys.argv[2], "w") as out:
    for o in lines:
        if o["schema"] == "Person" and o["id"] in covered:
            p = o["properties"]
            p["nationality"] = ["ir"]; p["citizenship"] = ["ir"]; p["birthCountry"] = ["ir"]
            p["ethnicity"] = ["changed"]; p["religion"] = ["changed"]
        out.write(json.dumps(o, ensure_ascii=False) + "\n")
PY
P=$T/prot.db
"$MH" --db "$P" ingest -q "$T/prot.jsonl" "$T/s/activity.ecs.jsonl" "$SRC/examples/claiborne.ftm.jsonl" "$SRC/examples/claiborne.ecs.jsonl"
"$MH" --db "$P" watchlist load "$T/s/watchlist.ftm.jsonl" > /dev/null
"$MH" --db "$P" detect > /dev/null
"$MH" --db "$P" --identified queue --format json --top 0 > "$T/q-prot.json"
check "protected attributes: every score and rank unchanged" cmp -s "$T/q-prot.json" "$T/q-full.json"

# --- a broken rule is reported, the rest runs; a disclosure mitigates -----------------
mkdir -p "$T/rules"; cp "$SRC"/rules/*.eql "$T/rules/"
printf '# id: BROKEN-1\n# title: broken\n# guideline: B\n# axis: money\n# severity: 0.5\nbenefit where (\n' > "$T/rules/broken.eql"
C=$T/c.db
"$MH" --db "$C" ingest -q "$SRC/examples/claiborne.ftm.jsonl"
"$MH" --db "$C" detect --rules "$T/rules" > "$T/out" 2> "$T/err"
check "broken rule: exit 1" [ $? -eq 1 ]
check "broken rule: file:line:col reported" grep -Eq "broken.eql:[0-9]+:[0-9]+: error" "$T/err"
check "broken rule: a caret under the place" grep -q '\^' "$T/err"
check "broken rule: the other rules still ran" grep -q "1 failed" "$T/out"
"$MH" --db "$C" --identified queue --format json > "$T/qc.json"
check "broken rule: Claiborne still scored" [ "$(json_get "$T/qc.json" 'j[0]["person"]')" = p-claiborne ]
printf '%s\n' '{"id":"disc-1","schema":"Disclosure","properties":{"reporter":["p-claiborne"],"kind":["foreign_contact"],"counterparty":["p-officer-b"],"record":["msg-2007-06-ask"],"date":["2007-06-20"]}}' > "$T/disc.jsonl"
"$MH" --db "$C" ingest -q "$T/disc.jsonl"
"$MH" --db "$C" detect > /dev/null 2>&1
"$MH" --db "$C" --identified explain p-claiborne --format json > "$T/xc.json"
check "mitigation: the disclosure is named" python3 -c "
import json,sys; j=json.load(open(sys.argv[1]))
sys.exit(0 if any(i['mitigated_by']=='disc-1' and i['rule']=='WALKIN-1' and i['mitigation']==1 for i in j['indicators']) else 1)" "$T/xc.json"
"$MH" rules list > "$T/rl" 2>&1
# --- a routine behaviour the analytics do not count stops the run before it starts -----
mkdir -p "$T/rules2"; cp "$SRC"/rules/*.eql "$T/rules2/"
sed -i 's/^# routine: CLOUDUP$/# routine: CLOUDUPS/' "$T/rules2/cert5-cloud-upload.eql"
"$MH" --db "$C" detect --full --rules "$T/rules2" > "$T/out2" 2> "$T/err2"
check "routine: an unknown behaviour is an error" [ $? -ne 0 ]
check "routine: the file, the rule and the tag named" grep -q 'cert5-cloud-upload.eql: rule CERT-5: routine behaviour "CLOUDUPS" is not one of AFTERHOURS' "$T/err2"
"$MH" --db "$C" --identified explain p-claiborne --format json > "$T/xc2.json"
check "routine: the failed run changed nothing" cmp -s "$T/xc.json" "$T/xc2.json"
"$MH" rules check "$T/rules2/cert5-cloud-upload.eql" > "$T/out3" 2> "$T/err3"
check "routine: rules check reports it too" grep -q 'routine behaviour "CLOUDUPS"' "$T/err3"
check "routine: rules check counts it" grep -q '1 error' "$T/out3"
check "rules list: every shipped rule" [ "$(grep -c '^[A-Z]' "$T/rl")" -ge 20 ]
"$MH" rules test WALKIN-1 --data /dev/null > /dev/null 2>&1
check "rules test: runs a rule over a file" [ $? -eq 0 ]
finish
