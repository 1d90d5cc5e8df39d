#!/usr/bin/env bash
# Regenerates the Swift protobuf code: for every folder proto/<Module>/ whose module folder
# Sources/Plugins/<Module>/ exists, runs protoc with protoc-gen-swift into Sources/Plugins/<Module>/Proto.
# Override the plugin path with PROTOC_GEN_SWIFT=/path/to/protoc-gen-swift.
set -euo pipefail
cd "$(dirname "$0")/.."
plugin="${PROTOC_GEN_SWIFT:-/tmp/swift-protobuf/.build/release/protoc-gen-swift}"
[ -x "$plugin" ] || { echo "protoc-gen-swift not found at $plugin (build swift-protobuf 1.39.0's protoc-gen-swift or set PROTOC_GEN_SWIFT)" >&2; exit 1; }
for dir in proto/*/; do
    module="$(basename "$dir")"
    out="Sources/Plugins/$module/Proto"
    if [ ! -d "Sources/Plugins/$module" ]; then
        echo "skipping proto/$module: no Sources/Plugins/$module" >&2
        continue
    fi
    mkdir -p "$out"
    protoc --plugin=protoc-gen-swift="$plugin" --swift_opt=Visibility=Public --swift_out="$out" \
        -I "proto/$module" "proto/$module"/*.proto
    echo "generated $out"
done
