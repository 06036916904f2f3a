#!/usr/bin/env bash
# Installs the Debian 12 packages Veil needs, and only those that are missing.
# Sourced by run.sh and test.sh; safe to run again (does nothing when all are present).
VEIL_DEBS=(
  build-essential cmake ninja-build ccache pkg-config
  qt6-base-dev qt6-base-dev-tools libgl-dev libxkbcommon-dev
  libdcmtk-dev dcmtk
  libopencv-dev
  libtesseract-dev libleptonica-dev tesseract-ocr tesseract-ocr-eng
  libquazip1-qt6-dev
  libopenjp2-7-dev libopenjp2-tools
  libsodium-dev libssl-dev libpoppler-qt6-dev
  fonts-dejavu-core fonts-liberation fonts-noto-core
)
VEIL_TEST_DEBS=(xvfb xauth imagemagick poppler-utils libgdcm-tools libreoffice-impress
  lintian desktop-file-utils appstream appstream-compose dpkg-dev file man-db librsvg2-bin
  orthanc curl python3 parallel clang-format-14)
# Only fuzz/run.sh installs these: clang with its libFuzzer and sanitizer runtimes.
VEIL_FUZZ_DEBS=(clang libclang-rt-14-dev)

veil_install_debs() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "veil: installing missing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  veil_stop_orthanc_service
}

# The orthanc package starts its own service (port 4242, /var/lib/orthanc); the PACS tests
# start their own instance (tests/pacs/orthanc-fixture.sh), so the package's is stopped and
# disabled. Does nothing without the package or without systemd.
veil_stop_orthanc_service() {
  dpkg-query -W -f='${Status}' orthanc 2>/dev/null | grep -q "install ok installed" || return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if [ -d /run/systemd/system ]; then
    $sudo systemctl disable --now orthanc >/dev/null 2>&1 || true
  elif command -v service >/dev/null; then
    $sudo service orthanc stop >/dev/null 2>&1 || true
  fi
}

# veil_configure_build DIR [TARGET...]: configures once, then builds (all targets by default).
veil_configure_build() {
  local dir=$1
  shift
  if [ ! -f "$dir/build.ninja" ]; then
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release
  fi
  local targets=()
  for t in "$@"; do targets+=(--target "$t"); done
  cmake --build "$dir" --parallel "$(nproc)" "${targets[@]}"
}
