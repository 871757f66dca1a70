#!/usr/bin/env bash
# scripts/debian-source.sh SUITE — prints a deb822 apt source stanza for SUITE (component main)
# on the URIs, and with the keyring, of the machine's own plain-`bookworm` source (a deb822 file
# in /etc/apt/sources.list.d, or a one-line entry in /etc/apt/sources.list), so whichever mirror
# the machine uses is kept and no mirror is named here. Exits 1 when the machine has none.
# Used for bookworm-backports (scripts/install-deps.sh), the test roots (tests/rootfs/build-rootfs.sh)
# and the rootfs benchmark.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 SUITE" >&2; exit 2; }
suite=$1
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  awk -v suite="$suite" '
    function flush() {
      if (deb && bookworm && uris != "") {
        print "Types: deb"; print "URIs: " uris; print "Suites: " suite; print "Components: main"
        if (signed != "") print "Signed-By: " signed
        found = 1; exit
      }
      deb = bookworm = 0; uris = signed = ""
    }
    /^[[:space:]]*$/ { flush(); next }
    /^[[:space:]]*#/ { next }
    { key = $1; sub(/:$/, "", key); $1 = ""; sub(/^[[:space:]]+/, ""); val = $0 }
    key == "Types" { deb = (" " val " " ~ / deb /) }
    key == "URIs" { uris = val }
    key == "Suites" { bookworm = (" " val " " ~ / bookworm /) }
    key == "Signed-By" { signed = val }
    END { if (!found) flush(); exit !found }' "$f" && exit 0
done
# One-line style: deb [options] URI bookworm components...
[ -f /etc/apt/sources.list ] || exit 1
awk -v suite="$suite" '
  $1 == "deb" {
    i = 2; signed = ""
    if ($2 ~ /^\[/) {
      for (; i <= NF; i++) {
        if ($i ~ /^\[?signed-by=/) { signed = $i; sub(/^\[?signed-by=/, "", signed); sub(/\]$/, "", signed) }
        if ($i ~ /\]$/) { i++; break }
      }
    }
    if ($(i + 1) == "bookworm") {
      print "Types: deb"; print "URIs: " $i; print "Suites: " suite; print "Components: main"
      if (signed != "") print "Signed-By: " signed
      found = 1; exit
    }
  }
  END { exit !found }' /etc/apt/sources.list
