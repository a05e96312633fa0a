#!/usr/bin/env bash
# CLI test for the graph commands: ingest a small FtM fixture (a covered person, her son,
# the son's landlord from 2012, a foreign officer) and check sphere, path, graph export
# and graph enrich. Usage: bash graph.sh MOLEHUNT SRC_DIR SCRATCH_DIR SHARED_DIR
set -u
MH=$1; S=$3
rm -rf "$S"; mkdir -p "$S"
fails=0
# --identified throughout: these checks read real ids and names (pseudonymised output is
# tested in privacy.sh).
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fails=$((fails+1)); fi; }
cat > "$S/f.jsonl" <<'J'
{"id":"home","schema":"PublicBody","properties":{"name":["Home Office"],"country":["us"],"topics":["molehunt.home"]}}
{"id":"p1","schema":"Person","properties":{"name":["Carol Example"],"nationality":["us"]}}
{"id":"p1s","schema":"Person","properties":{"name":["Sam Example"],"nationality":["us"]}}
{"id":"ll","schema":"Person","properties":{"name":["Li Landlord"],"country":["cn"]}}
{"id":"o1","schema":"Person","properties":{"name":["Jianguo Wang"],"nationality":["cn"],"topics":["gov.security"]}}
{"id":"e1","schema":"Employment","properties":{"employer":["home"],"employee":["p1"],"startDate":["1999"]}}
{"id":"f1","schema":"Family","properties":{"person":["p1"],"relative":["p1s"],"relationship":["son"]}}
{"id":"a1","schema":"Associate","properties":{"person":["p1s"],"associate":["ll"],"relationship":["landlord"],"startDate":["2012-01"],"endDate":["2014"]}}
{"id":"ua1","schema":"UserAccount","properties":{"owner":["p1s"],"username":["u1"]}}
{"id":"b1","schema":"Benefit","properties":{"provider":["o1"],"recipient":["p1s"],"date":["2012-03-01"],"value":["9000"],"currency":["USD"],"kind":["tuition"]}}
{"id":"pay2","schema":"Payment","properties":{"payer":["o1"],"beneficiary":["ll"],"amount":["1200"],"currency":["USD"],"date":["2013-02-01"]}}
{"id":"m1","schema":"Message","properties":{"sender":["p1"],"recipients":["o1"],"date":["2007-06-01"]}}
J
echo '{"@timestamp":"2012-06-01T10:00:00Z","event":{"category":"web","id":"w1"},"user":{"id":"u1"}}' > "$S/e.jsonl"
DB="$S/g.db"
"$MH" --identified --db "$DB" ingest "$S/f.jsonl" "$S/e.jsonl" > "$S/ingest.out" 2>&1
check "ingest the fixture" '[ $? -eq 0 ]'

"$MH" --identified --db "$DB" sphere p1 --as-of 2012-03-01 > "$S/s1" 2>&1
check "sphere 2012: son" 'grep -Eq "^p1s +Sam Example +son " "$S/s1"'
check "sphere 2012: son>landlord with the tenancy dates" 'grep -Eq "^ll .* son>landlord +2012-01-01/2014-12-31" "$S/s1"'
check "sphere 2012: not the officer" '! grep -q "^o1 " "$S/s1"'
"$MH" --identified --db "$DB" sphere p1 --as-of 2011-03-01 --format json > "$S/s2" 2>&1
check "sphere 2011 json: no landlord yet" 'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); ids=[m[\"id\"] for m in d[\"members\"]]; assert ids==[\"p1\",\"p1s\"], ids; assert d[\"members\"][1][\"path\"]==\"son\"" "$S/s2"'
"$MH" --identified --db "$DB" sphere p1 --as-of 2012-03-01 --depth 1 > "$S/s3" 2>&1
check "sphere --depth 1 stops at the son" 'grep -q "^p1s " "$S/s3" && ! grep -q "^ll " "$S/s3"'
"$MH" --identified --db "$DB" sphere nobody > /dev/null 2>&1
check "sphere of an unknown id fails" '[ $? -ne 0 ]'
"$MH" --identified --db "$DB" sphere p1 --as-of notadate > /dev/null 2>&1
check "sphere with a bad date is a usage error" '[ $? -eq 2 ]'

"$MH" --identified --db "$DB" path ll p1 --format json > "$S/p1" 2>&1
check "path ll -> p1 through the son, inverse labels" 'python3 -c "import json,sys; h=json.load(open(sys.argv[1]))[\"hops\"]; assert [(x[\"from\"],x[\"label\"],x[\"to\"]) for x in h]==[(\"ll\",\"tenant\",\"p1s\"),(\"p1s\",\"parent\",\"p1\")], h" "$S/p1"'
"$MH" --identified --db "$DB" path p1 ll --as-of 2011 > /dev/null 2>&1
check "path before the tenancy: none over ties" '[ $? -ne 0 ]'
"$MH" --identified --db "$DB" path p1 ll --events --as-of 2015 > "$S/p2" 2>&1
check "path with interactions after the tenancy: message, then payment" 'grep -Eq "^p1 +--message--> o1 " "$S/p2" && grep -Eq "^o1 +--payment--> ll " "$S/p2"'

"$MH" --identified --db "$DB" graph export --format graphml > "$S/g.graphml" 2>&1
check "graphml is XML with the son edge" 'python3 -c "
import sys, xml.etree.ElementTree as ET
ns={\"g\":\"http://graphml.graphdrawing.org/xmlns\"}
r=ET.parse(sys.argv[1]).getroot()
e=[x for x in r.iter(\"{http://graphml.graphdrawing.org/xmlns}edge\") if x.get(\"source\")==\"p1\" and x.get(\"target\")==\"p1s\"]
assert e and any(d.text==\"son\" for d in e[0])" "$S/g.graphml"'
"$MH" --identified --db "$DB" graph export --format gexf > "$S/g.gexf" 2>&1
check "gexf parses" 'python3 -c "import sys, xml.etree.ElementTree as ET; ET.parse(sys.argv[1])" "$S/g.gexf"'
"$MH" --identified --db "$DB" graph export --format cytoscape-json --around ll --depth 1 > "$S/g.json" 2>&1
check "cytoscape around ll depth 1" 'python3 -c "import json,sys; d=json.load(open(sys.argv[1]))[\"elements\"]; ids={n[\"data\"][\"id\"] for n in d[\"nodes\"]}; assert ids=={\"ll\",\"p1s\",\"o1\"}, ids" "$S/g.json"'
"$MH" --identified --db "$DB" graph export --format dot > /dev/null 2>&1
check "unknown export format is a usage error" '[ $? -eq 2 ]'

"$MH" --identified --db "$DB" graph enrich --out "$S/enriched.ndjson" > /dev/null 2>&1
check "graph enrich writes NDJSON" '[ $? -eq 0 ] && [ -s "$S/enriched.ndjson" ]'
check "enriched: time order, subjects, paths, counterparty" 'python3 -c "
import json,sys
ev=[json.loads(l) for l in open(sys.argv[1])]
ts=[e[\"@timestamp\"] for e in ev]; assert ts==sorted(ts), ts
by={e[\"event\"][\"id\"]:e for e in ev}
b=by[\"b1\"]; assert b[\"subject\"][\"ids\"]==[\"p1\"] and b[\"subject\"][\"path\"]==[\"son\"], b
assert b[\"counterparty\"][\"id\"]==\"o1\" and b[\"counterparty\"][\"foreign\"] and b[\"counterparty\"][\"official\"], b
assert b[\"record\"][\"amount_value\"]==9000
p=by[\"pay2\"]; assert p[\"subject\"][\"path\"]==[\"son>landlord\"], p
w=by[\"w1\"]; assert w[\"subject\"][\"ids\"]==[\"p1\"] and w[\"subject\"][\"path\"]==[\"son\"], w
m=by[\"m1\"]; assert m[\"subject\"][\"path\"]==[\"self\"] and m[\"counterparty\"][\"id\"]==\"o1\"
" "$S/enriched.ndjson"'
"$MH" --identified --db "$DB" graph enrich --from 2012-06-01 --to 2012-12-31 > "$S/win.ndjson" 2>&1
check "enrich --from/--to keeps the window" 'python3 -c "import json,sys; ids=[json.loads(l)[\"event\"][\"id\"] for l in open(sys.argv[1])]; assert ids==[\"w1\"], ids" "$S/win.ndjson"'

echo "$fails failed"
[ $fails -eq 0 ]
