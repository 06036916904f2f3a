#!/usr/bin/env bash
# fuzz/run.sh TARGET SECONDS [libFuzzer options...]
#   Builds the libFuzzer targets (clang, ASan + UBSan) in build-fuzz/, makes the seed corpus
#   (../shared/samples, the fixtures generator's corpus, zips and DICOMDIRs of them, the
#   project's JSON files) and runs TARGET for SECONDS. Crashes go to build-fuzz/crashes/TARGET/;
#   each one found is turned into a regression test in the normal suite (tests/robustness)
#   built in code (no DICOM file is committed).
#   TARGET: fuzz_dicom_file, fuzz_frame_decode, fuzz_inputs, fuzz_json, or "all" (each in turn).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target=${1:?usage: fuzz/run.sh TARGET SECONDS}
seconds=${2:?usage: fuzz/run.sh TARGET SECONDS}
shift 2
source packaging/deps.sh
veil_install_debs "${VEIL_DEBS[@]}" "${VEIL_FUZZ_DEBS[@]}"

build=$root/build-fuzz
if [ ! -f "$build/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DVEIL_FUZZ=ON -DVEIL_BUILD_TESTS=OFF -DVEIL_BUILD_BENCH=OFF
fi
jobs=${VEIL_FUZZ_JOBS:-$(nproc)}
cmake --build "$build" --target fuzz_all -j "$jobs"

samples=$root/../shared/samples
seeds=$build/seeds
make_seeds() {
  [ -f "$seeds/.done" ] && return
  rm -rf "$seeds"
  mkdir -p "$seeds"/{fuzz_dicom_file,fuzz_frame_decode,fuzz_inputs,fuzz_json,fixtures}
  # The real samples (by path; copied only into this scratch corpus), small ones first.
  if [ -d "$samples" ]; then
    find "$samples" -type f -size -300k | while read -r f; do
      cp "$f" "$seeds/fuzz_dicom_file/$(echo "$f" | md5sum | cut -c1-12)"
    done
  fi
  # The fixtures generator's corpus (every syntax the tests use), from the normal build.
  local fixtures
  fixtures=$(ls "$root"/build/tests/fixtures/veil-fixtures 2>/dev/null || true)
  if [ -z "$fixtures" ]; then
    cmake -S . -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$root/build" --target veil-fixtures -j "$jobs" >/dev/null
    fixtures=$root/build/tests/fixtures/veil-fixtures
  fi
  "$fixtures" "$seeds/fixtures" >/dev/null
  find "$seeds/fixtures" -type f -size -300k ! -name '*.json' | head -300 | while read -r f; do
    cp "$f" "$seeds/fuzz_dicom_file/fx-$(echo "$f" | md5sum | cut -c1-12)"
  done
  # A DICOMDIR over three of them (DCMTK's dcmmkdir), for fuzz_inputs.
  mkdir -p "$seeds/dicomdir/IMAGES"
  local i=0
  for f in $(find "$seeds/fixtures" -name 'IMG0001.dcm' | head -3); do
    i=$((i + 1))
    cp "$f" "$seeds/dicomdir/IMAGES/IM$i"
  done
  (cd "$seeds/dicomdir" && dcmmkdir +I +r IMAGES >/dev/null 2>&1) || true
  python3 "$root/fuzz/make_seeds.py" "$seeds"
  touch "$seeds/.done"
}
make_seeds

run_one() {
  local t=$1
  shift
  mkdir -p "$build/corpus/$t" "$build/crashes/$t"
  echo "fuzz: $t for $seconds s (corpus $build/corpus/$t, crashes $build/crashes/$t)"
  local start=$SECONDS
  set +e
  ( cd "$build/crashes/$t" &&
    ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 \
    UBSAN_OPTIONS=print_stacktrace=1 \
    "$build/fuzz/$t" "$build/corpus/$t" "$seeds/$t" -max_total_time="$seconds" \
      -max_len=307200 -rss_limit_mb=4096 -malloc_limit_mb=2048 -timeout=60 \
      -print_final_stats=1 "$@" )
  local rc=$?
  set -e
  echo "fuzz: $t ran $((SECONDS - start)) s, exit $rc"
  return $rc
}

if [ "$target" = all ]; then
  status=0
  for t in fuzz_dicom_file fuzz_frame_decode fuzz_inputs fuzz_json; do
    run_one "$t" "$@" || status=1
  done
  exit $status
fi
run_one "$target" "$@"
