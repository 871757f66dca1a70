#!/usr/bin/env bash
# Installs what crossgo needs to build, test and demo on Debian 12, from Debian packages only.
# Idempotent and fast when everything is present: apt is only touched for missing packages.
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ clang-14 libclang-rt-14-dev
  libcli11-dev libfmt-dev nlohmann-json3-dev libgtest-dev libbenchmark-dev
  # test toolchains: Go and Debian's cross compilers for cgo fixtures
  golang-go gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf gcc-riscv64-linux-gnu musl-tools
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
