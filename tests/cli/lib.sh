# Helpers shared by the CLI tests: each test script is run as
#   bash T.sh MOLEHUNT SRC_DIR SCRATCH_DIR SHARED_DIR
# and ends with the plain closing line "N passed, M failed".
set -u
MH=$1; SRC=$2; T=$3; SHARED=${4:-$SRC/../shared}
rm -rf "$T"; mkdir -p "$T"
pass=0; fail=0
ok()  { pass=$((pass+1)); echo "ok   $1"; }
bad() { fail=$((fail+1)); echo "FAIL $1"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else bad "$name"; fi; }
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit $?; }
# json_get FILE PYTHON-EXPR: evaluates EXPR with j = the parsed JSON of FILE.
json_get() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"; }
