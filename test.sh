#!/usr/bin/env bash
# Installs what is missing, builds Veil and runs every test with CTest; with no arguments
# (what CI's .ci/run does) also the checks CI enforces: every tracked .cpp/.h file
# clang-format clean (.ci/format-check.sh), and the engine tests again in build-asan, built
# with AddressSanitizer + UndefinedBehaviorSanitizer (VEIL_SANITIZE=ON; `ctest -L engine`).
# Arguments go to the first ctest run only (e.g. ./test.sh -R tst_deidjob) and skip the rest.
# VEIL_ASAN=0 skips the sanitizer run.
set -euo pipefail
cd "$(dirname "$0")"
source packaging/deps.sh
veil_install_debs "${VEIL_DEBS[@]}" "${VEIL_TEST_DEBS[@]}"
full=$(( $# == 0 ))
if [ "$full" = 1 ]; then
  .ci/format-check.sh
fi
veil_configure_build build
export QT_QPA_PLATFORM=offscreen
(cd build && ctest --output-on-failure --timeout 900 -j "$(nproc)" "$@")
if [ "$full" = 1 ] && [ "${VEIL_ASAN:-1}" != 0 ]; then
  start=$(date +%s)
  if [ ! -f build-asan/build.ninja ]; then
    # Warnings are the release build's check; -O1 keeps the instrumented tests quick, -g1
    # gives the line tables a sanitizer report needs.
    cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
      -DVEIL_SANITIZE=ON -DVEIL_WERROR=OFF -DVEIL_BUILD_BENCH=OFF
  fi
  cmake --build build-asan --parallel "$(nproc)" --target veil_engine_tests
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
  export LSAN_OPTIONS=suppressions=$PWD/.ci/lsan.supp:print_suppressions=0
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  (cd build-asan && ctest -L engine --output-on-failure --timeout 1800 -j "$(nproc)")
  echo "test.sh: the sanitizer build and its engine tests took $(( $(date +%s) - start )) s"
fi
