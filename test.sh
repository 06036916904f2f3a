#!/usr/bin/env bash
# Installs what is missing, builds Veil and runs every test with CTest.
set -euo pipefail
cd "$(dirname "$0")"
source packaging/deps.sh
veil_install_debs "${VEIL_DEBS[@]}" "${VEIL_TEST_DEBS[@]}"
veil_configure_build build
export QT_QPA_PLATFORM=offscreen
cd build
ctest --output-on-failure --timeout 900 -j "$(nproc)" "$@"
