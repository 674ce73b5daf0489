#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls this):
#   1. install what is missing (deploy/install-deps.sh)
#   2. formatting: every C file matches .clang-format
#   3. build into build/ and run every test through ctest
#   4. the same suite in an AddressSanitizer+UndefinedBehaviorSanitizer build
#   5. every benchmark at a small size (deploy/bench.sh --quick)
#   6. each libFuzzer harness for a bounded time (FUZZ_SECONDS, default 30)
# Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
./deploy/install-deps.sh

echo "== format"
files=$(git ls-files '*.c' '*.h' 2>/dev/null || find proto store node cli tests -name '*.[ch]')
if ! clang-format --dry-run --Werror $files; then
	echo "test: formatting differs from .clang-format; run: clang-format -i \$(git ls-files '*.[ch]')" >&2
	exit 1
fi

echo "== build and test"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure -j"$jobs")

echo "== build and test with ASan+UBSan"
cmake -S . -B build-asan -DARNET_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j"$jobs"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-asan && ctest --output-on-failure -j"$jobs")

echo "== benchmarks, small (they must keep running; figures: deploy/bench.sh)"
./deploy/bench.sh --quick

echo "== fuzz"
./deploy/fuzz.sh "${FUZZ_SECONDS:-30}"
echo "== all tests passed"
