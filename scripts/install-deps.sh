#!/usr/bin/env bash
# Installs what crossgo needs to build, test and demo on Debian 12, from Debian packages only.
# Idempotent and fast when everything is present: apt is only touched for missing packages.
set -euo pipefail

packages=(
  # build
  cmake ninja-build make g++ gcc libc6-dev clang-14 libclang-rt-14-dev
  libcli11-dev libfmt-dev nlohmann-json3-dev libgtest-dev libbenchmark-dev
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
  # benchmarks
  hyperfine pax-utils time
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
