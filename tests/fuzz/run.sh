#!/bin/sh
# Runs one libFuzzer target built by build.sh: run.sh TARGET [SECONDS] [BUILD_DIR]
# nice -n 19 (the machine is shared); new inputs go to BUILD_DIR/corpus/TARGET, crashes to
# BUILD_DIR/artifacts/TARGET/, the log to BUILD_DIR/runs/TARGET.log. Seeds: tests/fuzz/corpus/TARGET.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
target=$1
seconds=${2:-600}
out=${3:-"$here/../../build-fuzz"}
cd "$out"
mkdir -p "corpus/$target" "artifacts/$target" runs
LSAN_OPTIONS=suppressions=$here/lsan.supp exec nice -n 19 "./fuzz_$target" \
    -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=10 -max_len=8192 -print_final_stats=1 \
    -artifact_prefix="artifacts/$target/" "corpus/$target" "$here/corpus/$target" \
    > "runs/$target.log" 2>&1
