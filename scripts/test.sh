#!/usr/bin/env bash
# Runs the whole Parley test suite: installs the Debian packages and the Python reference
# implementations (in .venv), then `swift test` with the interop tests required.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --with-venv
export PARLEY_PYTHON="$PWD/.venv/bin/python"
export PARLEY_LIBP2P_PYTHON="$PWD/.venv-libp2p/bin/python"
export PARLEY_REQUIRE_INTEROP=1
swift build --build-tests
# Run tests through a log so the runners' summary lines can be printed at the end.
set +e
timeout 3600 swift test --skip-build 2>&1 | tee .build/test-output.log
status=${PIPESTATUS[0]}
# Fuzz smoke: every fuzz target for a short (10 s) libFuzzer + ASan run on its seed corpus (scripts/fuzz.sh builds
# parley-fuzz in .build-fuzz); any crash, hang or sanitizer report fails the run.
timeout 1200 scripts/fuzz.sh --all "${PARLEY_FUZZ_SMOKE_SECONDS:-10}" | tee .build/fuzz-smoke.log
fuzz_status=${PIPESTATUS[0]}
set -e
echo "---- summary ----"
sed -n '/^---- fuzz summary ----$/,$p' .build/fuzz-smoke.log | grep -E '^fuzz: ' || echo "fuzz: the smoke did not finish (see its output above)"
grep -E "^Test Suite 'All tests' (passed|failed)|Executed [0-9]+ tests|Test run with [0-9]+ tests" .build/test-output.log | tail -4
if [[ "$status" -eq 0 && "$fuzz_status" -ne 0 ]]; then status=$fuzz_status; fi
exit "$status"
