#!/usr/bin/env bash
# Install every Debian 12 package that arnet's build, tests, demo and
# benchmarks need. Installs only what is missing, never prompts, and works
# as root or through sudo. Safe to run again.
set -euo pipefail

PKGS=(
	build-essential cmake pkg-config git
	libsodium-dev libnng-dev libmbedtls-dev nng-utils liblmdb-dev lmdb-utils libcmocka-dev
	libcjson-dev libinih-dev libcsv-dev libunistring-dev libxlsxwriter-dev
	clang libclang-rt-14-dev clang-format
	libcurl4-openssl-dev
	libsqlite3-dev sqlite3 python3 python3-openpyxl
)

missing=()
for p in "${PKGS[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done

if [ "${#missing[@]}" -eq 0 ]; then
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO="sudo -n"
	else
		echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
		exit 1
	fi
fi

echo "install-deps: installing ${missing[*]}" >&2
# env, not export: sudo does not pass the caller's environment on.
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	--no-install-recommends "${missing[@]}" >/dev/null
