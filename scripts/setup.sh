#!/usr/bin/env bash
# Installs what Parley needs on a fresh Debian machine: the C libraries and the test virtualenv.
# Usage: scripts/setup.sh [--with-venv]
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libsecp256k1-dev libsodium-dev libsqlite3-dev libyaml-dev libsnappy-dev libqrencode-dev libpng-dev pkg-config python3-venv)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ "${1:-}" = "--with-venv" ]; then
    if [ ! -x .venv/bin/python ]; then
        python3 -m venv .venv
    fi
    .venv/bin/pip install -q --disable-pip-version-check --no-warn-conflicts -r Tests/Interop/requirements.txt
    # Trinity's RLPx stack (interop peer) without its node-sized dependency tree; see the file.
    .venv/bin/pip install -q --disable-pip-version-check --no-deps -r Tests/Interop/requirements-nodeps.txt
    # py-libp2p (libp2p interop peer) in a venv of its own: its pins conflict with the Trinity peer's (trio, …).
    if [ ! -x .venv-libp2p/bin/python ]; then
        python3 -m venv .venv-libp2p
    fi
    .venv-libp2p/bin/pip install -q --disable-pip-version-check -r Tests/Interop/requirements-libp2p.txt
fi
