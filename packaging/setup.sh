#!/usr/bin/env bash
# Latent Studio set-up: installs what it needs from Debian 12, configures, builds, and then
#   run   launches the GUI on the default generator (or the start page when there is none)
#   test  what CI runs: builds everything (core, CLI, ui, tests) under AddressSanitizer + UBSan
#         (CMakePresets.json's `ci` preset, build-ci/) and runs the whole test suite there, so
#         every core, CLI, ui and fuzz-corpus test is also a memory-error and UB check; FFmpeg's
#         files are tested without FFmpeg too. ~36 minutes on 2 cores (docs/reliability.md).
#   asan  builds core and the CLI alone, without Qt or FFmpeg, under AddressSanitizer + UBSan
#         (the `asan` preset, build-asan/) and runs the core tests there: proves core stands alone.
#   build only builds;  deb  also makes the .deb with CPack
# Safe to run again: packages already present are not reinstalled, the build is incremental.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${LATENT_BUILD_DIR:-$here/build}"
jobs="$(nproc)"
action="${1:-run}"

packages=(
  build-essential cmake ninja-build pkg-config
  libtorch-dev libgloo-dev libopenblas0-pthread python3-torch
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev libxkbcommon-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  nlohmann-json3-dev libpng-dev
  libavcodec-dev libavformat-dev libavfilter-dev libavutil-dev libswscale-dev
  dataset-fashion-mnist xvfb xauth
)

install_packages() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "setup: installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

configure_and_build() {
  # Debian's libtorch otherwise falls back to the reference BLAS (20x slower convolutions).
  if ! update-alternatives --query libblas.so.3-x86_64-linux-gnu 2>/dev/null | grep -q "Value: .*openblas"; then
    echo "setup: warning: libblas.so.3 does not point at OpenBLAS; inference will be slow" >&2
  fi
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLATENT_BUILD_TESTS=ON
  cmake --build "$build" -j "$jobs"
}

# Core and the CLI on their own (no Qt, no FFmpeg), instrumented, and their tests: proves core
# builds without the ui and finds memory errors in the readers the hostile-input tests feed.
asan_tests() {
  cmake --preset asan
  cmake --build --preset asan -j "$jobs"
  ctest --preset asan -j "$jobs"
}

case "$action" in
  run)
    install_packages
    configure_and_build
    shift || true
    exec "$build/app/latent-studio" "$@"
    ;;
  test)
    install_packages
    cd "$here"
    cmake --preset ci
    cmake --build --preset ci -j "$jobs"
    ctest --preset ci -j "$jobs" --timeout 600
    ;;
  asan)
    install_packages
    cd "$here" && asan_tests
    ;;
  build)
    install_packages
    configure_and_build
    ;;
  deb)
    install_packages
    configure_and_build
    (cd "$build" && cpack -G DEB)
    ;;
  *)
    echo "usage: $0 [run|test|asan|build|deb]" >&2
    exit 2
    ;;
esac
