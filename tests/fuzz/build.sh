#!/bin/sh
# Builds the libFuzzer targets (tests/fuzz/*_fuzz.cpp) with clang, AddressSanitizer and UBSan into
# build-fuzz/ (or $1), linking Debian's LibTorch. Then, for example:
#   nice -n 19 build-fuzz/fuzz_session -max_total_time=600 -rss_limit_mb=4096 \
#       build-fuzz/corpus/session tests/fuzz/corpus/session
# (docs/reliability.md, "Fuzzing"). CXX and JOBS override the compiler and the parallelism.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-"$root/build-fuzz"}
cxx=${CXX:-$(command -v clang++-14 || command -v clang++)}
cmake -S "$root/tests/fuzz" -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_COMPILER="$cxx"
nice -n 19 cmake --build "$out" -j "${JOBS:-2}"
