#!/usr/bin/env bash
# Installs the console's npm packages (web/package-lock.json) with `npm ci`, only when
# web/node_modules is missing or older than the lock file. Idempotent; after it the build
# works offline. Uses the machine's Node.js and npm.
set -euo pipefail
web="$(cd "$(dirname "$0")/../web" && pwd)"
stamp="$web/node_modules/.package-lock.json"
if [ -f "$stamp" ] && [ "$stamp" -nt "$web/package-lock.json" ]; then exit 0; fi
command -v npm >/dev/null || { echo "web-deps: npm is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
echo "web-deps: npm ci in web/" >&2
cd "$web" && npm ci --no-audit --no-fund
