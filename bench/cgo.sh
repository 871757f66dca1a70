#!/usr/bin/env bash
# bench/cgo.sh CROSSGO_BIN — what `crossgo cgo` costs on top of the `go list -deps -json` it runs,
# on the largest module tree available offline: the standard library and the Go toolchain's own
# commands (`std cmd`, a few hundred packages and thousands of files), with both Go toolchains
# (Debian 12's go and bookworm-backports' 1.23). Both commands run in the same hyperfine run,
# with the same environment and a warm cache; the target is crossgo's own time (parsing the
# stream, deciding every file again without cgo, chains, the JSON) under 10% of go list's.
# A benchmark, not a test: a slow result is printed as NOT met, never a failure; it exits
# non-zero only on a real error (a tool missing, crossgo failing or printing JSON that does not
# parse).
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 CROSSGO_BIN" >&2
  exit 2
fi
CROSSGO=$(realpath "$1")
RUNS=${BENCH_RUNS:-10}
command -v hyperfine >/dev/null || { echo "bench: hyperfine is missing (make deps)" >&2; exit 1; }
WORK=$(mktemp -d /tmp/crossgo-bench-cgo.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
# CGO_ENABLED=1 and GIT_TERMINAL_PROMPT=0 are what crossgo sets for its go list (docs/cgo.md): the
# plain go list runs with them too, so the difference is crossgo's own work (an explicit
# CGO_ENABLED=1 alone makes go list 1.23 about 15% slower than its default here).
export HOME=$WORK GOFLAGS= GOPROXY=off GOENV=off GOTOOLCHAIN=local GOCACHE=$WORK/gocache CGO_ENABLED=1 GIT_TERMINAL_PROMPT=0
cd "$WORK"

for GO in go /usr/lib/go-1.23/bin/go; do
  [ -x "$(command -v "$GO")" ] || continue
  version=$("$GO" env GOVERSION)
  # Exit 1 is crossgo's "cgo is used" (std's net, os/user and runtime/cgo): expected here.
  "$CROSSGO" cgo --go "$GO" --json std cmd >"$WORK/out.json" || [ $? -eq 1 ] ||
    { echo "bench: crossgo cgo failed with $GO" >&2; exit 1; }
  /usr/bin/python3 - "$WORK/out.json" "$version" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]}: std cmd = {d['package_count']} packages, {len(d['packages'])} use cgo "
      f"({', '.join(p['import_path'] for p in d['packages'])})")
PY
  hyperfine --warmup 2 --runs "$RUNS" --export-json "$WORK/h.json" -N \
    "$GO list -e -deps -json std cmd" \
    "$CROSSGO cgo --go $GO --json std cmd" -i >/dev/null
  /usr/bin/python3 - "$WORK/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
# Medians: on a shared machine one slow run should not decide the result. CPU time (user + system,
# children included) is the second view: it does not depend on what else the machine runs.
golist, crossgo = r[0]["median"], r[1]["median"]
cpu = [x["user"] + x["system"] for x in r]
overhead = (crossgo - golist) / golist
print(f"  go list -deps -json   {golist * 1000:8.1f} ms   cpu {cpu[0] * 1000:7.1f} ms")
print(f"  crossgo cgo --json    {crossgo * 1000:8.1f} ms   cpu {cpu[1] * 1000:7.1f} ms")
print(f"  crossgo's own time: {overhead * 100:+.1f}% of go list's wall time, {(cpu[1] - cpu[0]) / cpu[0] * 100:+.1f}% of its CPU;"
      f" target < 10%: {'met' if overhead < 0.10 else 'NOT met'}")
PY
done
