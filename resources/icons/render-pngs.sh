#!/usr/bin/env bash
# Renders veil.svg into the hicolor PNG sizes committed beside it (veil-SIZE.png; the
# install rules in resources/CMakeLists.txt take every veil-*.png). Run again after
# changing the SVG; needs rsvg-convert (librsvg2-bin, in VEIL_TEST_DEBS). The packaging
# test renders them again and fails when a committed PNG no longer matches the SVG.
set -euo pipefail
cd "$(dirname "$0")"
for s in 16 22 24 32 48 64 128 256; do
  rsvg-convert -w "$s" -h "$s" veil.svg -o "veil-$s.png"
done
