#!/usr/bin/env bash
# demo.sh CROSSGO_BIN — what `make demo` runs: builds testdata/go/sample for a few targets with
# Debian's Go and cross compilers (cached in .cache/demo), then shows `crossgo inspect` on them.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 CROSSGO_BIN" >&2
  exit 2
fi
CROSSGO=$(realpath "$1")
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$ROOT/.cache/demo
SAMPLE=$ROOT/testdata/go/sample

# name | environment | -ldflags value (if any)
TARGETS=(
  "linux-amd64|GOOS=linux GOARCH=amd64 CGO_ENABLED=0|"
  "linux-arm64|GOOS=linux GOARCH=arm64 CGO_ENABLED=0|"
  "linux-armv7|GOOS=linux GOARCH=arm GOARM=7 CGO_ENABLED=0|"
  "freebsd-amd64|GOOS=freebsd GOARCH=amd64 CGO_ENABLED=0|"
  "linux-arm64-cgo|GOOS=linux GOARCH=arm64 CGO_ENABLED=1 CC=aarch64-linux-gnu-gcc|"
  "linux-amd64-musl-static|GOOS=linux GOARCH=amd64 CGO_ENABLED=1 CC=musl-gcc|-linkmode external -extldflags -static"
  "darwin-arm64|GOOS=darwin GOARCH=arm64 CGO_ENABLED=0|"
  "windows-amd64|GOOS=windows GOARCH=amd64 CGO_ENABLED=0|"
  "js-wasm|GOOS=js GOARCH=wasm CGO_ENABLED=0|"
)

BASE_ENV=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME="${HOME:-/root}" LANG=C
  GOCACHE="$ROOT/.cache/gocache" GOENV=off GOPROXY=off GOFLAGS= GOTOOLCHAIN=local GO111MODULE=on)

key=$( { sha256sum "${BASH_SOURCE[0]}"; (cd "$ROOT" && find testdata/go -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum);
         go version; gcc -dumpfullversion; aarch64-linux-gnu-gcc -dumpfullversion; } | sha256sum | cut -d' ' -f1)

if [ "$(cat "$OUT/.key" 2>/dev/null)" != "$key" ]; then
  echo "building the demo binaries (first run only) ..."
  rm -rf "$OUT"; mkdir -p "$OUT"
  for t in "${TARGETS[@]}"; do
    IFS='|' read -r name envs ldflags <<<"$t"
    read -r -a env_arr <<<"$envs"
    flag_arr=()
    [ -n "$ldflags" ] && flag_arr=(-ldflags "$ldflags")
    if ! (cd "$SAMPLE" && env -i "${BASE_ENV[@]}" "${env_arr[@]}" \
            go build -buildvcs=false "${flag_arr[@]}" -o "$OUT/$name/sample" . ) >"$OUT/$name.log" 2>&1; then
      echo "demo: building $name failed:" >&2
      cat "$OUT/$name.log" >&2
      exit 1
    fi
    printf '  built %s\n' "$name"
  done
  echo "$key" >"$OUT/.key"
fi

echo
echo "=== crossgo inspect on the same program built ${#TARGETS[@]} ways (ELF, Mach-O, PE, WebAssembly) ==="
for t in "${TARGETS[@]}"; do
  IFS='|' read -r name envs ldflags <<<"$t"
  echo
  echo "\$ $envs go build${ldflags:+ -ldflags '$ldflags'}"
  "$CROSSGO" inspect "$OUT/$name/sample" || true
done

# The other half: before a build, what the environment will make `go build` do. The demo sets up
# the classic trap (cgo on, cross target, no CC) in a clean environment so the machine's own
# settings do not change the story.
echo
echo "=== before the build: crossgo explain and doctor for a cgo cross build with no CC set ==="
DEMO_HOME=$(mktemp -d)
trap 'rm -rf "$DEMO_HOME"' EXIT
echo
echo "\$ crossgo explain linux/arm64 --cgo"
env -i PATH=/usr/bin:/bin HOME="$DEMO_HOME" "$CROSSGO" explain linux/arm64 --cgo || true
echo
echo "\$ GOOS=linux GOARCH=arm64 CGO_ENABLED=1 CC=aarch64-linux-gnu-gcc crossgo doctor"
(cd "$SAMPLE" && env -i PATH=/usr/bin:/bin HOME="$DEMO_HOME" GOOS=linux GOARCH=arm64 CGO_ENABLED=1 \
  CC=aarch64-linux-gnu-gcc "$CROSSGO" doctor) || true
echo
echo "=== the trap a fresh machine sets: a cross gcc installed without its target C library ==="
echo "(scripts/install-deps.sh installs gcc-s390x-linux-gnu but not libc6-dev-s390x-cross, on purpose)"
echo
echo "\$ GOOS=linux GOARCH=s390x CGO_ENABLED=1 CC=s390x-linux-gnu-gcc crossgo doctor"
(cd "$SAMPLE" && env -i PATH=/usr/bin:/bin HOME="$DEMO_HOME" GOOS=linux GOARCH=s390x CGO_ENABLED=1 \
  CC=s390x-linux-gnu-gcc "$CROSSGO" doctor --ignore CG404 --ignore CG407) || true
echo
echo "=== which dependency pulls cgo in, before building: app -> a -> b -> c, and c imports \"C\" ==="
echo "(testdata/go/cgochain: four modules joined with replace; see its README)"
echo
echo "\$ crossgo cgo --target linux/arm64 .        # in testdata/go/cgochain/app"
(cd "$ROOT/testdata/go/cgochain/app" && env -i "${BASE_ENV[@]}" "$CROSSGO" cgo --target linux/arm64 .) || true
echo
echo "\$ crossgo cgo --files ./internal/constraints --target windows/amd64"
(cd "$ROOT/testdata/go/cgochain/app" && env -i "${BASE_ENV[@]}" "$CROSSGO" cgo --files ./internal/constraints \
  --target windows/amd64) || true
