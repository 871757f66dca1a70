#!/bin/sh
# Runs every libFuzzer harness built in BUILD_DIR (fuzz/*_fuzzer.cc, configured with
# -DCROSSGO_FUZZ=ON) for SECONDS seconds each, starting from a copy of its seed corpus
# fuzz/corpus/<name without _fuzzer>/ so the repository is never written. Prints one line per
# fuzzer; exits non-zero when any fuzzer crashes, leaks, times out or runs out of memory.
#
#   scripts/fuzz-smoke.sh /tmp/build-fuzz 30
set -u

if [ $# -ne 2 ]; then
  echo "usage: $0 BUILD_DIR SECONDS" >&2
  exit 2
fi
build_dir=$1
seconds=$2
repo=$(cd "$(dirname "$0")/.." && pwd)

case $seconds in
  ''|*[!0-9]*) echo "SECONDS must be a whole number" >&2; exit 2 ;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/crossgo-fuzz-smoke.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT INT TERM

found=0
failed=0
for src in "$repo"/fuzz/*_fuzzer.cc; do
  [ -e "$src" ] || continue
  name=$(basename "$src" .cc)
  bin=$build_dir/$name
  if [ ! -x "$bin" ]; then
    echo "FAIL $name: $bin not built (configure with -DCROSSGO_FUZZ=ON)"
    failed=1
    continue
  fi
  found=$((found + 1))
  corpus=$work/$name/corpus
  artifacts=$work/$name/artifacts/
  mkdir -p "$corpus" "$artifacts"
  seeds=$repo/fuzz/corpus/${name%_fuzzer}
  if [ -d "$seeds" ]; then cp -R "$seeds"/. "$corpus"/; fi
  log=$work/$name/log
  "$bin" "$corpus" -max_total_time="$seconds" -rss_limit_mb=512 -timeout=5 -max_len=65536 \
    -artifact_prefix="$artifacts" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  nseeds=$(find "$corpus" -type f | wc -l)
  crash=$(find "$artifacts" -type f | head -n 1)
  if [ $rc -ne 0 ] || [ -n "$crash" ]; then
    failed=1
    echo "FAIL $name: exit $rc after ${runs:-?} runs; $(grep -m1 -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" || echo 'see log')"
    if [ -n "$crash" ]; then
      keep=${TMPDIR:-/tmp}/crossgo-fuzz-crash-$name-$(basename "$crash")
      cp "$crash" "$keep" && echo "     crashing input kept at $keep"
    fi
    tail -n 30 "$log" | sed 's/^/     /'
  else
    echo "ok   $name: ${runs:-?} runs in ${seconds}s, corpus ${nseeds} files"
  fi
done

if [ $found -eq 0 ]; then
  echo "no fuzzers found in $build_dir" >&2
  exit 1
fi
exit $failed
