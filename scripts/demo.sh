#!/usr/bin/env bash
# The main job: installs the Debian packages Parley links against, builds `parley`, and runs the
# life-of-a-message demo on an embedded local network (profiles/), narrating every layer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --product parley
exec "$(swift build --show-bin-path)/parley" demo --profiles profiles "$@"
