#!/usr/bin/env bash
# bench/inspect.sh CROSSGO_BIN FIXTURE_DIR — how fast `crossgo inspect --json` reads real files,
# next to the tools people would otherwise run: `file`, `readelf -hldnVW`, `go version -m` (Go
# files only) and `lddtree` (pax-utils, when installed). One run, the same files for every tool:
# the fixtures plus the ELF files in /usr/bin and /usr/lib/x86_64-linux-gnu (regular files, no
# symlinks followed). Uses hyperfine when installed (BENCH_NO_HYPERFINE=1: don't), else bash's
# `time` (best of N runs). BENCH_RUNS sets N (default 5).
# A benchmark, not a test: it never fails on a slow result and is not run by ctest.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 CROSSGO_BIN FIXTURE_DIR" >&2
  exit 2
fi
CROSSGO=$(realpath "$1")
FIX=$(realpath "$2")
RUNS=${BENCH_RUNS:-5}
[ -f "$FIX/manifest.json" ] || { echo "bench: no fixtures in $FIX (make fixtures)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/crossgo-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# ---------------------------------------------------------------- the file set
summary=$(/usr/bin/python3 - "$FIX" "$WORK" <<'PY'
import json, os, stat, sys
fix, work = sys.argv[1], sys.argv[2]
with open(os.path.join(fix, "manifest.json")) as f:
    fixtures = json.load(f)["fixtures"]
all_files = [os.path.join(fix, x["file"]) for x in fixtures]
go_files = [os.path.join(fix, x["file"]) for x in fixtures
            if x["lang"] == "go" and x["buildmode"] != "c-shared"]  # go version -m refuses .so
seen = set(all_files)
for top in ("/usr/bin", "/usr/lib/x86_64-linux-gnu"):
    for d, dirs, names in os.walk(top):
        dirs.sort()
        for n in sorted(names):
            p = os.path.join(d, n)
            try:
                st = os.lstat(p)
                if not stat.S_ISREG(st.st_mode) or p in seen:
                    continue
                with open(p, "rb") as f:
                    if f.read(4) == b"\x7fELF":
                        all_files.append(p)
                        seen.add(p)
            except OSError:
                pass
for name, files in (("all", all_files), ("go", go_files)):
    with open(os.path.join(work, name + ".list"), "wb") as f:
        f.write(b"\0".join(p.encode() for p in files) + b"\0")
    size = sum(os.path.getsize(p) for p in files)
    print(f"{name} {len(files)} {size}")
PY
)
read -r _ N_ALL SZ_ALL <<<"$(sed -n 1p <<<"$summary")"
read -r _ N_GO _ <<<"$(sed -n 2p <<<"$summary")"
echo "bench: $N_ALL ELF files ($((SZ_ALL / 1048576)) MiB; $N_GO of them Go executables from the fixtures)"

# Every command reads its file list with xargs -0 (batched the same way for every tool).
ALL="xargs -0 -a $WORK/all.list"
GO="xargs -0 -a $WORK/go.list"
declare -a NAMES CMDS
add() { NAMES+=("$1"); CMDS+=("$2"); }
add "crossgo-all"  "$ALL $CROSSGO inspect --json >/dev/null 2>&1; true"
add "file-all"     "$ALL file >/dev/null 2>&1; true"
add "readelf-all"  "$ALL readelf -hldnVW >/dev/null 2>&1; true"
add "crossgo-go"   "$GO $CROSSGO inspect --json >/dev/null 2>&1; true"
add "goversion-go" "$GO go version -m >/dev/null 2>&1; true"
# lddtree is a Python script needing python3-pyelftools; run it with Debian's python3 (a pyenv or
# venv python3 earlier on PATH would lack the module) and only if it works at all.
LDDTREE=$(command -v lddtree || true)
if [ -n "$LDDTREE" ] && /usr/bin/python3 "$LDDTREE" /bin/true >/dev/null 2>&1; then
  add "lddtree-all" "$ALL /usr/bin/python3 $LDDTREE >/dev/null 2>&1; true"
else
  echo "bench: lddtree not installed or not working (pax-utils + python3-pyelftools): skipped"
fi

# ---------------------------------------------------------------- timing
# measure RUNS WARMUP INDEX... : times the listed commands, fills MEAN[name] (seconds).
HAVE_HYPERFINE=0
if [ -z "${BENCH_NO_HYPERFINE:-}" ] && command -v hyperfine >/dev/null; then HAVE_HYPERFINE=1; fi
declare -A MEAN
measure() {
  local runs=$1 warmup=$2; shift 2
  local i
  if [ "$HAVE_HYPERFINE" = 1 ]; then
    local args=()
    for i in "$@"; do args+=(-n "${NAMES[$i]}" "${CMDS[$i]}"); done
    hyperfine --style basic --warmup "$warmup" --runs "$runs" --export-json "$WORK/hf.json" \
      "${args[@]}" 2>&1 | grep -E '^(Benchmark|  Time)' || true
    local n m
    while IFS=$'\t' read -r n m; do MEAN[$n]=$m; done < <(/usr/bin/python3 -c "
import json; d=json.load(open('$WORK/hf.json'))
for r in d['results']: print(r['command'] + '\t' + repr(r['mean']))")
  else
    local TIMEFORMAT=%R best t
    for i in "$@"; do
      best=
      [ "$warmup" -gt 0 ] && bash -c "${CMDS[$i]}"  # warm-up (page cache)
      for _ in $(seq "$runs"); do
        t=$( { time bash -c "${CMDS[$i]}" ; } 2>&1 )
        if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
      done
      MEAN[${NAMES[$i]}]=$best
      printf '  %-14s %6.3f s\n' "${NAMES[$i]}" "$best"
    done
  fi
}
fast=() slow=()
for i in "${!NAMES[@]}"; do
  case ${NAMES[$i]} in lddtree-*) slow+=("$i") ;; *) fast+=("$i") ;; esac
done
measure "$RUNS" 1 "${fast[@]}"
# lddtree resolves every dependency in Python: about a minute here, so one run only.
[ ${#slow[@]} -gt 0 ] && measure 1 0 "${slow[@]}"
if [ "$HAVE_HYPERFINE" = 1 ]; then
  METHOD="hyperfine, mean of $RUNS runs after 1 warm-up; lddtree: 1 run"
else
  METHOD="bash time, best of $RUNS runs after 1 warm-up; lddtree: 1 run"
fi

ratio() {  # ratio LABEL CROSSGO_KEY OTHER_KEY
  local c=${MEAN[$2]:-} o=${MEAN[$3]:-}
  [ -n "$c" ] && [ -n "$o" ] || return 0
  awk -v l="$1" -v c="$c" -v o="$o" 'BEGIN {
    if (c <= o) printf "  %-44s %6.1fx faster  (%.3f s vs %.3f s)\n", l, o / c, c, o;
    else        printf "  %-44s %6.1fx slower  (%.3f s vs %.3f s)\n", l, c / o, c, o }'
}
echo
echo "results ($METHOD):"
ratio "crossgo vs file on all ELF files:" crossgo-all file-all
ratio "crossgo vs readelf -hldnVW on all ELF files:" crossgo-all readelf-all
ratio "crossgo vs go version -m on Go binaries:" crossgo-go goversion-go
ratio "crossgo vs lddtree on all ELF files:" crossgo-all lddtree-all

# ---------------------------------------------------------------- memory
if [ -x /usr/bin/time ]; then
  mapfile -d '' files <"$WORK/all.list"
  /usr/bin/time -o "$WORK/rss" -f %M "$CROSSGO" inspect --json "${files[@]}" >/dev/null 2>&1 || true
  rss_all=$(tail -1 "$WORK/rss")
  biggest=$(xargs -0 -a "$WORK/all.list" stat -c '%s %n' | sort -n | tail -n 1 | cut -d' ' -f2-)
  /usr/bin/time -o "$WORK/rss" -f %M "$CROSSGO" inspect --json "$biggest" >/dev/null 2>&1 || true
  rss_big=$(tail -1 "$WORK/rss")
  echo
  echo "crossgo peak RSS: ${rss_all} KiB for all ${#files[@]} files in one run;" \
       "${rss_big} KiB for the largest file alone ($biggest, $(( $(stat -c %s "$biggest") / 1048576 )) MiB)"
fi
