#!/usr/bin/env bash
# Installs what crossgo needs to build, test and demo on Debian 12, from Debian packages only.
# Idempotent and fast when everything is present: apt is only touched for missing packages.
set -euo pipefail

packages=(
  # build
  cmake ninja-build make g++ gcc libc6-dev clang-14 libclang-rt-14-dev
  libcli11-dev libfmt-dev nlohmann-json3-dev libsimdjson-dev libgtest-dev libbenchmark-dev libarchive-dev
  # the man page, made from crossgo --help at build time
  help2man
  # test toolchains: Go (with what Debian only recommends for cgo: gcc, libc6-dev, pkg-config) and
  # Debian's cross compilers. Each cross gcc only *recommends* its target C library, and this script
  # installs without Recommends, so every target libc is named here explicitly.
  golang-go pkg-config
  gcc-aarch64-linux-gnu g++-aarch64-linux-gnu libc6-dev-arm64-cross
  gcc-arm-linux-gnueabihf libc6-dev-armhf-cross
  gcc-arm-linux-gnueabi libc6-dev-armel-cross
  gcc-riscv64-linux-gnu libc6-dev-riscv64-cross
  musl-tools musl-dev
  # deliberately WITHOUT libc6-dev-s390x-cross: the real "cross compiler with no target C library"
  # case for doctor's cgo toolchain probe (tests/oracle/test_doctor_cgo_probe.py)
  gcc-s390x-linux-gnu
  # independent oracles
  binutils binutils-multiarch file llvm-14 python3 python3-jsonschema python3-pyelftools
  # crossgo patch's oracle and benchmark: what users run otherwise
  patchelf
  # benchmarks
  hyperfine pax-utils time
  # root filesystems for `crossgo rootfs`'s oracle tests (tests/rootfs/build-rootfs.sh): mmdebstrap
  # extracts small Debian trees (--variant=extract runs nothing of the tree, so neither binfmt nor
  # fakeroot is needed), qemu-user runs the arm64 tree's own ldconfig and loader by path (its
  # binfmt registration, qemu-user-binfmt, is only recommended and not wanted), umoci builds the
  # OCI image layouts.
  mmdebstrap qemu-user umoci
  # crossgo cgo's tests: Graphviz's dot draws --svg (and checks the DOT output), Debian's Go source
  # of mattn/go-sqlite3 is a real cgo library (under /usr/share/gocode), built against libsqlite3-dev
  golang-github-mattn-go-sqlite3-dev libsqlite3-dev graphviz
  # non-ELF fixtures (tests/fixtures/build-fixtures.sh): the mingw-w64 cross gcc for windows/amd64
  # cgo (mingw-w64-x86-64-dev is its headers and CRT, named although it is a dependency), wabt's
  # wasm-objdump; llvm-14 above brings llvm-readobj-14, llvm-lipo-14 and llvm-objdump-14.
  gcc-mingw-w64-x86-64 mingw-w64-x86-64-dev wabt
)
# From bookworm-backports: Debian's newer Go, the second toolchain the fixtures are built with
# (wasip1/wasm needs Go 1.21+). Installs /usr/lib/go-1.23/bin/go; `go` stays Debian 12's 1.19.
backports_packages=(golang-1.23-go)
# What must exist afterwards.
tools=(patchelf go /usr/lib/go-1.23/bin/go x86_64-w64-mingw32-gcc wasm-objdump llvm-readobj-14 llvm-lipo-14
  llvm-objdump-14 mmdebstrap qemu-aarch64 umoci dot)

if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
missing_bp=()
for p in "${backports_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing_bp+=("$p")
done
check_tools() {
  local t absent=()
  for t in "${tools[@]}"; do command -v "$t" >/dev/null || absent+=("$t"); done
  if [ ${#absent[@]} -ne 0 ]; then
    echo "install-deps: missing although their packages are installed: ${absent[*]}" >&2
    exit 1
  fi
}
if [ ${#missing[@]} -eq 0 ] && [ ${#missing_bp[@]} -eq 0 ]; then
  check_tools
  exit 0
fi

# bookworm-backports, derived from the machine's own Debian source (scripts/debian-source.sh), so
# whichever mirror the machine uses is kept. Written once; later runs find it.
BP_FILE=/etc/apt/sources.list.d/crossgo-backports.sources
has_backports() {
  grep -rqsE '^[[:space:]]*Suites:.*[[:space:]]bookworm-backports([[:space:]]|$)' /etc/apt/sources.list.d/*.sources \
    || grep -qsE '^[[:space:]]*deb[[:space:]]+(\[[^]]*\][[:space:]]+)?[^[:space:]]+[[:space:]]+bookworm-backports[[:space:]]' \
      /etc/apt/sources.list /etc/apt/sources.list.d/*.list
}

updated=
if [ ${#missing_bp[@]} -ne 0 ] && ! has_backports; then
  stanza=$("$(dirname "$0")/debian-source.sh" bookworm-backports) || {
    echo "install-deps: no Debian bookworm apt source found to derive bookworm-backports from" >&2
    exit 1
  }
  echo "install-deps: adding bookworm-backports as $BP_FILE"
  printf '# Written by crossgo scripts/install-deps.sh (derived from the Debian bookworm source)\n%s\n' \
    "$stanza" | $SUDO tee "$BP_FILE" >/dev/null
fi
if [ ${#missing[@]} -ne 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  updated=1
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ${#missing_bp[@]} -ne 0 ]; then
  echo "install-deps: installing ${missing_bp[*]} from bookworm-backports"
  [ -n "$updated" ] || $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends -t bookworm-backports "${missing_bp[@]}" >/dev/null
fi
check_tools
