#!/usr/bin/env bash
# Fuzzes Parley's decoders with libFuzzer + AddressSanitizer (targets: `parley-fuzz --list`).
#
#   scripts/fuzz.sh TARGET SECONDS [libFuzzer flags…]   one target, seeded from Tests/Fuzz/corpus/TARGET
#   scripts/fuzz.sh --all SECONDS [libFuzzer flags…]    every target, one after the other
#   scripts/fuzz.sh --build                             only build .build-fuzz/…/parley-fuzz
#
# Each run works on a copy of the committed seed corpus in a temp dir (the repo stays clean) with
# -rss_limit_mb=2048 -timeout=10, and ends with one summary line per target:
#   fuzz: TARGET execs=N exec/s=N cov=N ft=N result=ok|FINDING (crash input: PATH)
# Exit status 1 if any target found something. PARLEY_FUZZ_SCRATCH overrides the build dir.
#
# Build recipe: SwiftPM links executables with `--defsym main=<Module>_main`, which clashes with
# -sanitize=fuzzer's libFuzzer main, so parley-fuzz is built with ASan + SanitizerCoverage only, linked
# with libFuzzer's no-main runtime, and calls LLVMFuzzerRunDriver itself (Sources/App/Fuzz/Driver).
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=${PARLEY_FUZZ_SCRATCH:-.build-fuzz}
swift_dir=$(dirname "$(readlink -f "$(command -v swift)")")
fuzzer_lib=$(ls "$swift_dir"/../lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-"$(uname -m)".a 2>/dev/null | head -1 || true)
if [[ -z "$fuzzer_lib" ]]; then
    echo "fuzz.sh: libclang_rt.fuzzer_no_main-$(uname -m).a not found under $swift_dir/../lib/clang/*/lib/linux/ (a Swift toolchain for Linux ships it)" >&2
    exit 2
fi
flags=(--product parley-fuzz --scratch-path "$scratch"
       -Xswiftc -sanitize=address
       -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table
       -Xlinker "$fuzzer_lib" -Xlinker -lstdc++
       -Xlinker --undefined=LLVMFuzzerRunDriver -Xlinker --export-dynamic-symbol=LLVMFuzzerRunDriver)

build() {
    echo "fuzz.sh: building parley-fuzz (ASan + coverage, libFuzzer) in $scratch" >&2
    swift build "${flags[@]}" >&2
    binary="$(swift build "${flags[@]}" --show-bin-path)/parley-fuzz"
}

# run_target TARGET SECONDS [flags…]: fuzzes one target; prints its summary line; returns 1 on a finding.
run_target() {
    local target=$1 seconds=$2; shift 2
    local work; work=$(mktemp -d "${TMPDIR:-/tmp}/parley-fuzz-$target.XXXXXX")
    mkdir -p "$work/corpus" "$work/artifacts"
    if [[ -d "Tests/Fuzz/corpus/$target" ]]; then cp -r "Tests/Fuzz/corpus/$target/." "$work/corpus/"; fi
    set +e
    "$binary" "$target" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$work/artifacts/" "$@" "$work/corpus" >"$work/log" 2>&1
    local status=$?
    set -e
    local execs rate cov ft result
    execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$work/log" | awk '{print $2}' | tail -1)
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$work/log" | awk '{print $2}' | tail -1)
    cov=$(grep -oE 'cov: [0-9]+' "$work/log" | tail -1 | awk '{print $2}')
    ft=$(grep -oE 'ft: [0-9]+' "$work/log" | tail -1 | awk '{print $2}')
    if [[ $status -eq 0 ]]; then
        result=ok
        rm -rf "$work"
    else
        local artifact; artifact=$(ls "$work"/artifacts/* 2>/dev/null | head -1 || true)
        result="FINDING (exit $status; crash input: ${artifact:-none}; log: $work/log)"
        tail -40 "$work/log" >&2
    fi
    echo "fuzz: $target execs=${execs:-?} exec/s=${rate:-?} cov=${cov:-?} ft=${ft:-?} result=$result"
    [[ $status -eq 0 ]]
}

case "${1:-}" in
    --build)
        build
        echo "$binary"
        ;;
    --all)
        [[ $# -ge 2 ]] || { echo "usage: scripts/fuzz.sh --all SECONDS [libFuzzer flags…]" >&2; exit 2; }
        seconds=$2; shift 2
        build
        failed=0; summary=()
        for target in $("$binary" --list | awk '{print $1}'); do
            line=$(run_target "$target" "$seconds" "$@") || failed=1
            echo "$line"
            summary+=("$line")
        done
        echo "---- fuzz summary ----"
        printf '%s\n' "${summary[@]}"
        exit "$failed"
        ;;
    ""|-h|--help)
        sed -n '2,12p' "$0"
        exit 2
        ;;
    *)
        [[ $# -ge 2 ]] || { echo "usage: scripts/fuzz.sh TARGET SECONDS [libFuzzer flags…]" >&2; exit 2; }
        target=$1 seconds=$2; shift 2
        build
        run_target "$target" "$seconds" "$@"
        ;;
esac
