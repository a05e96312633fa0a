# CLI tests for the CERT dataset path: a simulated world in the r6.2 and r4.2 layouts
# with every CERT scenario the release has, imported with ingest --cert (dirty rows
# quarantined, counts reconciled, a wrong --release refused), detection, and the
# published protocol (eval --cert-answers) with the recall it reaches asserted.
. "$(dirname "$0")/lib.sh"

# ---- r6.2: all five scenarios ----
W=$T/r62; DB=$T/r62.db
"$MH" simulate --people 120 --days 90 --start 2010-01-04 --seed 11 --cert-layout r6.2 \
  --scenario CERT1:1 --scenario CERT2:1 --scenario CERT3:1 --scenario CERT4:1 --scenario CERT5:1 --out "$W" -q
check "r6.2: simulated" [ -s "$W/cert/http.csv" ]
# dirty rows, as the real data has: a bad date, an unknown activity, an unterminated quote
printf '%s\n' '{ZZ01-00000000-00000001},13/45/2010 10:00:00,AAA0001,PC-0001,Logon' \
              '{ZZ01-00000000-00000002},1/5/2010 10:00:00,AAA0001,PC-0001,Dance' >> "$W/cert/logon.csv"
printf '%s\n' '{ZZ01-00000000-00000003},1/5/2010 10:00:00,AAA0001,PC-0001,http://x.org/,WWW Visit,"open quote' >> "$W/cert/http.csv"
"$MH" --db "$DB" ingest --cert "$W/cert" --release r4.2 > "$T/out" 2>&1; rc=$?
check "r6.2: --release r4.2 refused (exit $rc)" [ $rc -ne 0 -a $rc -ne 1 ]
check "r6.2: refusal names the layout" grep -q 'r4.2 layout' "$T/out"
"$MH" --db "$DB" ingest --cert "$W/cert" --release r6.2 > "$T/out" 2>&1
check "r6.2: exit 1 for quarantined rows" [ $? -eq 1 ]
check "r6.2: release read" grep -q '(CERT r6.2)' "$T/out"
line=$(grep 'CERT r6.2' "$T/out")
read -r rd st un ld qu <<<"$(echo "$line" | sed -E 's/.*read ([0-9]+) = stored ([0-9]+) \+ unchanged ([0-9]+) \+ LDAP ([0-9]+) \+ quarantined ([0-9]+).*/\1 \2 \3 \4 \5/')"
check "r6.2: counts reconcile" [ "$rd" -eq $((st + un + ld + qu)) ]
check "r6.2: three rows quarantined" [ "$qu" -eq 3 ]
"$MH" --db "$DB" quarantine > "$T/q" 2>&1
check "r6.2: quarantine names the date" grep -q 'unreadable date' "$T/q"
check "r6.2: quarantine names the quote" grep -q 'unterminated quoted field' "$T/q"
"$MH" --db "$DB" ingest --cert "$W/cert" > "$T/out2" 2>&1
check "r6.2: re-import stores nothing" grep -q "stored 0 + unchanged $st " "$T/out2"
"$MH" --db "$DB" detect > "$T/det" 2>&1
check "r6.2: detect runs" [ $? -eq 0 -o $? -eq 1 ]
"$MH" --db "$DB" eval --cert-answers "$W/answers" --release r6.2 --format json > "$T/eval.json" 2> "$T/eval.err"
check "r6.2: eval runs" [ -s "$T/eval.json" ]
check "r6.2: five insiders" [ "$(json_get "$T/eval.json" 'len(j["insiders"])')" -eq 5 ]
# Measured on this world (seed 11): every insider has a malicious user-day scored above
# the 0.78 % false-positive threshold; assert at least 4 of 5 so a tuning change shows.
dr=$(json_get "$T/eval.json" '[a for a in j["at_fpr"] if a["target"]==0.0078][0]["dr"]')
check "r6.2: >= 80 % of insiders at 0.78 % FPR (got $dr)" python3 -c "import sys; sys.exit(0 if $dr >= 0.8 else 1)"
fpr=$(json_get "$T/eval.json" '[a for a in j["at_fpr"] if a["target"]==0.0078][0]["fpr"]')
check "r6.2: the FPR held (got $fpr)" python3 -c "import sys; sys.exit(0 if $fpr <= 0.0078 else 1)"
cr=$(json_get "$T/eval.json" 'j["cr"]["25"]')
check "r6.2: CR-25 above 0.5 (got $cr)" python3 -c "import sys; sys.exit(0 if $cr > 0.5 else 1)"
"$MH" --db "$DB" eval --cert-answers "$W/answers" --split 2010-02-01 > "$T/eval.txt" 2>&1
check "r6.2: --split moves the test period" grep -q 'test from 2010-02-01' "$T/eval.txt"

# ---- r4.2: scenarios 1-3, unquoted content ----
W=$T/r42; DB=$T/r42.db
"$MH" simulate --people 80 --days 80 --start 2010-01-04 --seed 12 --cert-layout r4.2 \
  --scenario CERT1:1 --scenario CERT2:1 --scenario CERT3:1 --out "$W" -q
# r4.2 writes content unquoted, commas and all: such a row must load, not be quarantined
printf '%s\n' '{ZZ02-00000000-00000001},3/9/2010 10:00:00,AAA0001,PC-0001,http://x.org/a,words, with, commas, "and quotes"' >> "$W/cert/http.csv"
"$MH" --db "$DB" ingest --cert "$W/cert" > "$T/out" 2>&1
check "r4.2: loads clean" [ $? -eq 0 ]
check "r4.2: release read" grep -q '(CERT r4.2)' "$T/out"
check "r4.2: nothing quarantined (the comma row included)" grep -q 'quarantined 0;' "$T/out"
"$MH" --db "$DB" detect > "$T/det" 2>&1
"$MH" --db "$DB" eval --cert-answers "$W/answers" --release r4.2 --format json > "$T/eval.json" 2> "$T/eval.err"
check "r4.2: three insiders" [ "$(json_get "$T/eval.json" 'len(j["insiders"])')" -eq 3 ]
dr=$(json_get "$T/eval.json" '[a for a in j["at_fpr"] if a["target"]==0.0078][0]["dr"]')
check "r4.2: >= 2 of 3 insiders at 0.78 % FPR (got $dr)" python3 -c "import sys; sys.exit(0 if $dr >= 0.66 else 1)"
finish
