#!/usr/bin/env bash
# Installs what is missing, builds Veil (Release, Ninja) and opens it on the demo study.
set -euo pipefail
cd "$(dirname "$0")"
source packaging/deps.sh
veil_install_debs "${VEIL_DEBS[@]}"
veil_configure_build build veil veil-cli veil_demo_study
exec ./build/app/veil "$@" build/resources/demo-study
