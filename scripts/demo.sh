#!/usr/bin/env bash
# The main job: installs the Debian packages Parley links against, builds `parley`, and runs the
# demo network from profiles/demo, narrating what happens.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --product parley
exec "$(swift build --show-bin-path)/parley" demo --profiles profiles/demo "$@"
