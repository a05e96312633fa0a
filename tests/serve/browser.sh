#!/usr/bin/env bash
# ctest entry for the browser tests: prepares a store, then runs web/tests/browser.mjs
# (playwright-core + Debian's chromium). Screenshots stay in SCRATCH/shots as artifacts.
# Usage: browser.sh MOLEHUNT SRC_DIR SCRATCH_DIR
set -euo pipefail
bin=$1 src=$2 dir=$3
[ -x /usr/bin/chromium ] || { echo "browser test: /usr/bin/chromium is missing (scripts/install-deps.sh installs it)"; exit 1; }
[ -d "$src/web/node_modules/playwright-core" ] || { echo "browser test: run scripts/web-deps.sh first"; exit 1; }
bash "$src/tests/serve/prepare.sh" "$bin" "$src" "$dir"
cd "$src/web"
exec timeout 110 node tests/browser.mjs "$bin" "$dir/store.db" "$dir/shots"
