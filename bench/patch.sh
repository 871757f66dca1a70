#!/usr/bin/env bash
# bench/patch.sh CROSSGO_BIN — `crossgo patch` against the tool people would otherwise run,
# `patchelf`, on a ~100 MB dynamically linked binary, in the same run, as ratios: the
# interpreter when it fits PT_INTERP (in place), when it does not (a new segment), and a new
# RUNPATH (patchelf --set-rpath writes DT_RUNPATH). Then the bytes each tool writes for the
# in-place change, counted from the system calls (strace): both copy the file — crossgo inside
# the kernel (copy_file_range, so the temporary file is complete before anything is renamed),
# patchelf through user space — and crossgo then pwrites only the plan's ranges.
# A benchmark, not a test: it exits non-zero only on a real error (a tool missing, a patched
# binary that does not run).
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 CROSSGO_BIN" >&2
  exit 2
fi
CROSSGO=$(realpath "$1")
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${BENCH_RUNS:-5}
for t in patchelf hyperfine gcc objcopy strace; do
  command -v "$t" >/dev/null || { echo "bench: $t is missing (make deps)" >&2; exit 1; }
done
WORK=$(mktemp -d /tmp/crossgo-bench-patch.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# ~100 MB: a gcc program with an incompressible non-loaded section appended (objcopy puts it
# before the section headers, the way debug info sits in real large binaries).
gcc -O2 -o "$WORK/hello" "$SRC/testdata/c/hello.c"
head -c $((100 << 20)) /dev/urandom >"$WORK/payload"
objcopy --add-section .payload="$WORK/payload" --set-section-flags .payload=noload,readonly "$WORK/hello" "$WORK/big"
rm "$WORK/payload"
"$WORK/big" >/dev/null
echo "  input: $(stat -c %s "$WORK/big") bytes, $(readelf -lW "$WORK/big" | grep -c LOAD) PT_LOAD"

LONG=/opt/a/much/longer/directory/for/the/program/interpreter/ld-linux-x86-64.so.2
declare -A CASE_CG CASE_PE
CASE_CG[interp-fits]="--set-interpreter /lib/ld.so"
CASE_PE[interp-fits]="--set-interpreter /lib/ld.so"
CASE_CG[interp-new-segment]="--set-interpreter $LONG"
CASE_PE[interp-new-segment]="--set-interpreter $LONG"
CASE_CG[runpath]="--set-runpath /opt/app/lib/with/a/longer/runpath"
CASE_PE[runpath]="--set-rpath /opt/app/lib/with/a/longer/runpath"

printf '  %-20s %12s %12s %8s\n' case crossgo patchelf ratio
for c in interp-fits interp-new-segment runpath; do
  hyperfine --runs "$RUNS" --warmup 1 --style none --export-json "$WORK/$c.json" \
    --prepare "cp $WORK/big $WORK/t.bin" \
    -n crossgo "$CROSSGO patch $WORK/t.bin ${CASE_CG[$c]}" \
    -n patchelf "patchelf ${CASE_PE[$c]} $WORK/t.bin" >/dev/null 2>&1
  /usr/bin/python3 - "$WORK/$c.json" "$c" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
cg, pe = r["crossgo"]["median"], r["patchelf"]["median"]
print(f"  {sys.argv[2]:<20} {cg * 1000:10.1f}ms {pe * 1000:10.1f}ms {cg / pe:8.2f}")
PY
  # Both results must still run (the interpreter is the real one again for the run).
  cp "$WORK/big" "$WORK/t.bin"
  "$CROSSGO" patch "$WORK/t.bin" ${CASE_CG[$c]} >/dev/null
  if [ "$c" = runpath ]; then "$WORK/t.bin" >/dev/null; fi
done

# Bytes written for the in-place interpreter change.
count() {  # bytes returned by write/pwrite64/copy_file_range/sendfile calls, by kind
  strace -f -qq -e trace=write,pwrite64,copy_file_range,sendfile -o "$WORK/trace" "$@" >/dev/null
  awk -F'= ' '/^[0-9]+ +(write|pwrite64)\(/ {u += $NF} /^[0-9]+ +(copy_file_range|sendfile)\(/ {k += $NF}
              END {printf "%d %d\n", u, k}' "$WORK/trace"
}
cp "$WORK/big" "$WORK/t.bin"
read -r cg_user cg_kernel < <(count "$CROSSGO" patch "$WORK/t.bin" --set-interpreter /lib/ld.so)
cp "$WORK/big" "$WORK/t.bin"
read -r pe_user pe_kernel < <(count patchelf --set-interpreter /lib/ld.so "$WORK/t.bin")
echo "  in-place interpreter change, bytes written from user space (write/pwrite) + copied in the kernel (copy_file_range):"
echo "    crossgo:  $cg_user + $cg_kernel  (the plan: $("$CROSSGO" patch "$WORK/big" --set-interpreter /lib/ld.so --dry-run --json |
  /usr/bin/python3 -c 'import json,sys; print(sum(w["size"] for w in json.load(sys.stdin)["plan"]["writes"]))') bytes, plus the report on stdout)"
echo "    patchelf: $pe_user + $pe_kernel"
