#!/usr/bin/env bash
# Configure and build arnet into build/ (or $1), installing what is missing.
#   deploy/build.sh [BUILD_DIR] [extra cmake args...]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
shift || true
./deploy/install-deps.sh
cmake -S . -B "$dir" "$@" >/dev/null
cmake --build "$dir" -j"$(nproc)"
