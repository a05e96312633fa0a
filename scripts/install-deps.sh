#!/usr/bin/env bash
# Installs the Debian packages molehunt builds and tests with. Idempotent: it asks dpkg
# first and calls apt-get only for what is missing; uses sudo when not root. Nothing is
# downloaded from anywhere but the Debian archive configured on the machine.
set -euo pipefail

pkgs=(
  build-essential cmake ninja-build pkg-config
  libsqlite3-dev zlib1g-dev libicu-dev libpcre2-dev libsodium-dev
  libmicrohttpd-dev libcmocka-dev libjansson-dev
  clang libfuzzer-14-dev libclang-rt-14-dev
  python3 curl chromium
)
# Node.js and npm build the console (web/); a machine that already has them (any source)
# keeps its own.
command -v node >/dev/null || pkgs+=(nodejs)
command -v npm >/dev/null || pkgs+=(npm)
# Optional extras for the benchmarks; requested with MH_DEPS_EXTRA=1.
if [ "${MH_DEPS_EXTRA:-0}" = 1 ]; then
  pkgs+=(hyperfine wrk)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
