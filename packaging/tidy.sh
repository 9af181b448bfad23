#!/usr/bin/env bash
# clang-tidy with the project's agreed checks (.clang-tidy) on the given files, or on the files
# changed since main's last commit when none are given:
#   ./packaging/tidy.sh core/edit/explorerstate.cpp ui/document.cpp
# Needs a configured build/ (./packaging/setup.sh build) for compile_commands.json. Clang cannot
# read GCC's precompiled header, so it is dropped from the commands: every file includes what it
# uses, so a file without LibTorch is checked in a second or two, one with it in ~30 s (clang-tidy
# 14 walks all of its headers). The whole tree, in over an hour:
#   ./packaging/tidy.sh $(git ls-files '*.cpp')
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${LATENT_BUILD_DIR:-$here/build}"
command -v clang-tidy >/dev/null || { echo "tidy: install clang-tidy (apt-get install clang-tidy)" >&2; exit 2; }
[ -f "$build/compile_commands.json" ] || { echo "tidy: no $build/compile_commands.json; run ./packaging/setup.sh build first" >&2; exit 2; }
mkdir -p "$build/tidy"
/usr/bin/python3 - "$build" <<'PY'
import json, shlex, sys
build = sys.argv[1]
seen = {}
for c in json.load(open(build + "/compile_commands.json")):
    f = c["file"]
    if f in seen or "/build" in f:
        continue
    args, out, skip = shlex.split(c["command"]), [], False
    for i, a in enumerate(args):
        if skip:
            skip = False
            continue
        if a == "-include" and i + 1 < len(args) and args[i + 1].endswith("cmake_pch.hxx"):
            skip = True
        elif a != "-Winvalid-pch" and not a.startswith("-fsanitize"):
            out.append(a)
    seen[f] = dict(c, command=shlex.join(out))
json.dump(list(seen.values()), open(build + "/tidy/compile_commands.json", "w"), indent=1)
PY
cd "$here"
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  mapfile -t files < <(git diff --name-only HEAD -- '*.cpp'; git ls-files --others --exclude-standard -- '*.cpp')
fi
[ ${#files[@]} -eq 0 ] && { echo "tidy: no changed .cpp files"; exit 0; }
status=0
for f in "${files[@]}"; do
  echo "tidy: $f"
  out="$(clang-tidy -p "$build/tidy" --quiet "$f" 2>/dev/null | grep -v 'warnings generated' || true)"
  if [ -n "$out" ]; then echo "$out"; status=1; fi
done
exit $status
