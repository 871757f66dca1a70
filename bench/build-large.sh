#!/usr/bin/env bash
# bench/build-large.sh CACHE_DIR — builds the benchmark's large static Go binaries (~100 MB each)
# into CACHE_DIR/large and writes CACHE_DIR/large/manifest.json in the fixtures' manifest format
# (plus "format"), so bench/inspect.sh reads both sets the same way.
#
#   purego      CGO_ENABLED=0 linux/amd64, statically linked by Go's own linker
#   musl-static cgo with own C code, CC=musl-gcc, -linkmode external -extldflags -static
#   glibc-static-pie  the same cgo program with gcc and glibc as a static PIE (-buildmode=pie,
#               -extldflags -static-pie; netgo,osusergo so glibc's NSS is not needed at run time)
#
# Both embed the same generated payload (bench/large/payload): PAYLOAD_MIB MiB of SHAKE-256
# output from a fixed seed — deterministic, incompressible, and not committed (generated here).
#
# Caching: a key over this script, bench/large and the toolchain versions is kept in
# CACHE_DIR/large/.key; when it matches, nothing is rebuilt. The Go build cache is CACHE_DIR/gocache.
set -euo pipefail

if [ $# -ne 1 ] || [ "${1:0:1}" = "-" ]; then
  echo "usage: $0 CACHE_DIR" >&2
  exit 2
fi
CACHE=$(realpath -m "$1")
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT="$CACHE/large"
PAYLOAD_MIB=92  # + ~8 MiB of code and tables: ~100 MB binaries

# ---------------------------------------------------------------- cache key
compute_key() {
  (
    cd "$SRC"
    sha256sum bench/build-large.sh
    find bench/large -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    go version
    gcc -dumpfullversion
    # musl-gcc is a wrapper around gcc; the musl version is what matters.
    dpkg-query -W -f='musl ${Version}\n' musl-dev 2>/dev/null || echo "musl missing"
  ) | sha256sum | cut -d' ' -f1
}
KEY=$(compute_key)
if [ -f "$OUT/.key" ] && [ -f "$OUT/manifest.json" ] && [ "$(cat "$OUT/.key")" = "$KEY" ]; then
  echo "bench: large binaries up to date in $OUT"
  exit 0
fi
command -v musl-gcc >/dev/null || { echo "bench: musl-gcc missing (apt-get install musl-tools)" >&2; exit 1; }

# Only ever delete what this script made.
if [ -d "$OUT" ] && [ -n "$(ls -A "$OUT")" ] && [ ! -d "$OUT/src" ]; then
  echo "bench: $OUT exists and was not made by $0; refusing to empty it" >&2
  exit 2
fi
rm -rf "$OUT"
mkdir -p "$OUT/src" "$CACHE/gocache"
START=$(date +%s)
echo "bench: building large static binaries into $OUT (first run or sources/toolchain changed)"

# Sources are copied so the generated payload never lands in the work tree.
cp -r "$SRC/bench/large/." "$OUT/src/"
/usr/bin/python3 - "$OUT/src/payload/payload.bin" "$PAYLOAD_MIB" <<'PY'
import hashlib, sys
path, mib = sys.argv[1], int(sys.argv[2])
with open(path, "wb") as f:
    f.write(hashlib.shake_256(b"crossgo bench payload v1").digest(mib << 20))
PY

# Everything under env -i: nothing from the caller's shell (GOFLAGS, CGO_ENABLED, a GOENV file,
# a GOTOOLCHAIN that would download another Go) changes what gets built.
BASE_ENV=(
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  HOME="${HOME:-/root}"
  LANG=C
  GOCACHE="$CACHE/gocache"
  GOENV=off
  GOFLAGS=
  GOPROXY=off
  GOTOOLCHAIN=local
  GO111MODULE=on
  GOOS=linux
  GOARCH=amd64
)
build() {  # NAME PKG ENV... -- FLAGS...
  local name=$1 pkg=$2; shift 2
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  mkdir -p "$OUT/$name"
  (cd "$OUT/src" && env -i "${BASE_ENV[@]}" "${envs[@]}" go build -buildvcs=false -trimpath "$@" \
      -o "$OUT/$name/$pkg" "./$pkg") \
    || { echo "bench: building $name failed" >&2; exit 1; }
}
# Sequential: two 100 MB links at once would double the peak memory for little gain on 2 cores.
build purego purego CGO_ENABLED=0 --
build musl-static staticcgo CGO_ENABLED=1 CC=musl-gcc -- \
  -ldflags "-linkmode external -extldflags -static"
build glibc-static-pie staticcgo CGO_ENABLED=1 CC=gcc -- \
  -buildmode=pie -tags netgo,osusergo -ldflags "-linkmode external -extldflags -static-pie"

/usr/bin/python3 - "$OUT" <<'PY'
import json, os, sys
out = sys.argv[1]
common = {"lang": "go", "goos": "linux", "goarch": "amd64", "buildmode": "exe", "static": True,
          "format": "elf"}
fixtures = [
    dict(common, name="large-purego", file="purego/purego", cgo=False, libc=None,
         env={"CGO_ENABLED": "0"}, flags=["-trimpath"]),
    dict(common, name="large-musl-static", file="musl-static/staticcgo", cgo=True, libc="musl",
         env={"CGO_ENABLED": "1", "CC": "musl-gcc"},
         flags=["-trimpath", "-ldflags", "-linkmode external -extldflags -static"]),
    dict(common, name="large-glibc-static-pie", file="glibc-static-pie/staticcgo", cgo=True,
         libc="glibc", buildmode="pie", env={"CGO_ENABLED": "1", "CC": "gcc"},
         flags=["-trimpath", "-buildmode=pie", "-tags", "netgo,osusergo", "-ldflags",
                "-linkmode external -extldflags -static-pie"]),
]
for f in fixtures:
    if not os.path.isfile(os.path.join(out, f["file"])):
        sys.exit(f"bench: {f['name']}: {f['file']} is missing")
with open(os.path.join(out, "manifest.json"), "w") as f:
    json.dump({"fixtures": fixtures}, f, indent=1)
    f.write("\n")
PY
rm -f "$OUT/src/payload/payload.bin"  # 92 MiB; regenerated from the seed when needed
echo "$KEY" >"$OUT/.key"
echo "bench: large binaries built in $(( $(date +%s) - START ))s"
