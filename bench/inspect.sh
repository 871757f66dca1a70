#!/usr/bin/env bash
# bench/inspect.sh CROSSGO_BIN FIXTURE_DIR — how fast and how small `crossgo inspect --json` is on
# real files, in one run, against the issue's targets:
#   ≥3× faster than `go version -m` (on the Go files it can read), ≥20× faster than `file` (all
#   files), within 4× of an I/O floor (bench/io_floor.c: open, fstat, pread 64 KiB, close; same
#   thread count as crossgo), peak RSS under 32 MiB.
# With BENCH_EXTRA=1 also timed, for context: `readelf -hldnVW` and `lddtree` (pax-utils, when
# installed and working).
#
# The set, the same files for every tool: every file of FIXTURE_DIR/manifest.json whatever its
# format (the entry's "format", ELF when absent), the large static binaries of bench/build-large.sh
# (built and cached under BENCH_CACHE, default .cache/bench), and from the system the ELF files in
# /usr/bin and /usr/lib/x86_64-linux-gnu plus the ar archives in /usr/lib/x86_64-linux-gnu
# (regular files, no symlinks followed).
#
# Uses hyperfine when installed (BENCH_NO_HYPERFINE=1: don't), else bash's `time` (best of N
# runs). BENCH_RUNS sets N (default 5). Page cache warm (one warm-up run each).
# A benchmark, not a test: a slow or large result is reported, never a failure; the exit status is
# non-zero only on a real error (a tool missing, crossgo crashing or printing invalid JSON, a build
# failing). Not run by ctest. What each number means: bench/README.md.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 CROSSGO_BIN FIXTURE_DIR" >&2
  exit 2
fi
CROSSGO=$(realpath "$1")
FIX=$(realpath "$2")
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=$(realpath -m "${BENCH_CACHE:-$SRC/.cache/bench}")
RUNS=${BENCH_RUNS:-5}
[ -x "$CROSSGO" ] || { echo "bench: $CROSSGO is not executable (make build)" >&2; exit 1; }
[ -f "$FIX/manifest.json" ] || { echo "bench: no fixtures in $FIX (make fixtures)" >&2; exit 1; }
for tool in file go cc /usr/bin/python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }
done
GO=$(command -v go)

WORK=$(mktemp -d /tmp/crossgo-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# ---------------------------------------------------------------- inputs
"$SRC/bench/build-large.sh" "$CACHE"
# Compiled each run (it takes a fraction of a second) so it always matches bench/io_floor.c.
cc -O2 -pthread -o "$WORK/io_floor" "$SRC/bench/io_floor.c"

# ---------------------------------------------------------------- the file set
# Writes WORK/all.list and WORK/gocand.list (NUL-separated) and WORK/files.tsv (path, format,
# size, lang); prints the summary lines read below.
/usr/bin/python3 - "$FIX" "$CACHE/large" "$WORK" >"$WORK/summary" <<'PY'
import json, os, stat, sys
fix, large, work = sys.argv[1:4]
rows, seen = [], set()
def add(path, fmt, lang, origin):
    if path in seen:
        return
    seen.add(path)
    rows.append((path, fmt, os.path.getsize(path), lang, origin))
for base, origin in ((fix, "fixture"), (large, "large")):
    with open(os.path.join(base, "manifest.json")) as f:
        for x in json.load(f)["fixtures"]:
            # Fixtures of other formats carry "format"; older manifests are all ELF.
            add(os.path.join(base, x["file"]), x.get("format", "elf"), x.get("lang", "?"), origin)
def magic(p):
    with open(p, "rb") as f:
        head = f.read(8)
    if head[:4] == b"\x7fELF":
        return "elf"
    if head in (b"!<arch>\n", b"!<thin>\n"):
        return "ar"
    return None
for top, wanted in (("/usr/bin", {"elf"}), ("/usr/lib/x86_64-linux-gnu", {"elf", "ar"})):
    for d, dirs, names in os.walk(top):
        dirs.sort()
        for n in sorted(names):
            p = os.path.join(d, n)
            try:
                if not stat.S_ISREG(os.lstat(p).st_mode):
                    continue
                fmt = magic(p)
                if fmt in wanted:
                    add(p, fmt, "system", "system")
            except OSError:
                pass
def write_list(name, paths):
    with open(os.path.join(work, name), "wb") as f:
        f.write(b"".join(p.encode() + b"\0" for p in paths))
write_list("all.list", [r[0] for r in rows])
# For context: the same set without archives, whose members crossgo reports one by one (an
# archive is one pread for the floor and `file`, tens to thousands of objects for crossgo).
write_list("noar.list", [r[0] for r in rows if r[1] not in ("ar", "archive")])
# verify's set: the fixtures with a target in the manifest, and a --targets file naming each.
targeted = []
with open(os.path.join(fix, "manifest.json")) as f:
    for x in json.load(f)["fixtures"]:
        if x.get("goos") and x.get("goarch"):
            targeted.append((os.path.join(fix, x["file"]), x["goos"] + "/" + x["goarch"]))
write_list("verify.list", [p for p, _ in targeted])
with open(os.path.join(work, "verify.targets"), "w") as f:
    f.write("".join(f"{p} {t}\n" for p, t in targeted))
write_list("gocand.list", [r[0] for r in rows if r[3] == "go"])
write_list("large.list", [r[0] for r in rows if r[4] == "large" or r[2] >= 32 << 20])
with open(os.path.join(work, "files.tsv"), "w") as f:
    for r in rows:
        f.write("\t".join(map(str, r[:4])) + "\n")
formats = {}
for r in rows:
    formats[r[1]] = formats.get(r[1], 0) + 1
print(len(rows), sum(r[2] for r in rows))
print(" ".join(f"{k} {v}" for k, v in sorted(formats.items(), key=lambda kv: (-kv[1], kv[0]))))
print(sum(1 for r in rows if r[4] == "fixture"), sum(1 for r in rows if r[4] == "large"),
      sum(1 for r in rows if r[4] == "system"), sum(1 for r in rows if r[3] == "go"))
PY
read -r N_ALL SZ_ALL < <(sed -n 1p "$WORK/summary")
FORMATS=$(sed -n 2p "$WORK/summary")
read -r N_FIX N_LARGE N_SYS N_GOCAND < <(sed -n 3p "$WORK/summary")

# The Go files `go version -m` can read: asked once per file, untimed. Which formats it reads
# depends on the installed Go (1.19's debug/buildinfo: ELF, PE, Mach-O, XCOFF; no Plan 9, wasm,
# fat Mach-O or ar), so the answer is taken from go itself rather than from a table here.
: >"$WORK/gvm.list"
: >"$WORK/gvm.excluded"
while IFS= read -r -d '' p; do
  out=$("$GO" version -m "$p" 2>"$WORK/gvm.err" || true)
  case $out in
    "$p: go"*) printf '%s\0' "$p" >>"$WORK/gvm.list" ;;
    *)
      reason=$(head -n 1 "$WORK/gvm.err"); reason=${reason#"$p: "}
      fmt=$(awk -F'\t' -v p="$p" '$1 == p { print $2; exit }' "$WORK/files.tsv")
      printf '%s\t%s\n' "$fmt" "${reason:-no output}" >>"$WORK/gvm.excluded" ;;
  esac
done <"$WORK/gocand.list"
N_GVM=$(tr -cd '\0' <"$WORK/gvm.list" | wc -c)
N_EXCL=$(wc -l <"$WORK/gvm.excluded")
SZ_GVM=$(xargs -0 -r -a "$WORK/gvm.list" stat -c %s | awk '{ s += $1 } END { print s + 0 }')

echo
echo "set: $N_ALL files, $((SZ_ALL / 1048576)) MiB — $N_FIX fixtures, $N_LARGE large static (bench/build-large.sh), $N_SYS system files"
echo "  per format: $FORMATS"
echo "  Go files: $N_GOCAND; go version -m set: $N_GVM files ($((SZ_GVM / 1048576)) MiB), $N_EXCL excluded$([ "$N_EXCL" -gt 0 ] && echo ':')"
if [ "$N_EXCL" -gt 0 ]; then sort "$WORK/gvm.excluded" | uniq -c | sed 's/^ */    /; s/\t/: /'; fi
echo "  large files (per-file RSS):"
xargs -0 -a "$WORK/large.list" stat -c '%s %n' | sort -n | awk '{ printf "    %6.1f MiB  %s\n", $1 / 1048576, $2 }'
echo "  threads: crossgo and io_floor both use min(hardware threads, 8) = $(( $(nproc) < 8 ? $(nproc) : 8 ))"
echo "  go: $("$GO" version); file: $(file --version | head -n 1)"

# ---------------------------------------------------------------- sanity and peak RSS
# One crossgo run over the whole set in one invocation (all paths as arguments): its peak RSS is a
# headline number, and it is also the check that crossgo works at all. Exit 3 means some file
# could not be read or parsed (reported, not an error of the benchmark); anything else — a crash,
# a usage error, JSON that does not parse or misses files — is a real error.
mapfile -d '' ALL_FILES <"$WORK/all.list"
rc=0
/usr/bin/time -o "$WORK/rss" -f %M "$CROSSGO" inspect --json "${ALL_FILES[@]}" >"$WORK/all.json" 2>"$WORK/all.err" || rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
  echo "bench: crossgo inspect --json over the set exited $rc:" >&2
  grep -v '^Command exited' "$WORK/rss" >&2 || true
  tail -n 5 "$WORK/all.err" >&2
  exit 1
fi
RSS_ALL=$(tail -n 1 "$WORK/rss")
read -r N_OUT N_ERRFILES N_ENTRIES < <(/usr/bin/python3 - "$WORK/all.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
# Container members (ar members, fat slices) are entries of their own, after their container's;
# the files given are the entries whose "container" is null.
arts = [a for a in d["artifacts"] if a.get("container") is None]
print(len(arts), sum(1 for a in arts if a.get("error")), len(d["artifacts"]))
PY
) || { echo "bench: crossgo's JSON output does not parse" >&2; exit 1; }
if [ "$N_OUT" -ne "$N_ALL" ]; then
  echo "bench: crossgo reported $N_OUT artifacts for $N_ALL files" >&2
  exit 1
fi
echo "  crossgo reports $N_ENTRIES entries for the $N_ALL files: each archive member and universal-binary slice is one"
# The other tools once each, untimed: a tool that cannot run at all must not produce a fast time.
"$WORK/io_floor" -0 "$WORK/all.list" || { echo "bench: io_floor failed on the set" >&2; exit 1; }
file -b /bin/true >/dev/null || { echo "bench: file does not run" >&2; exit 1; }

# Peak RSS of one invocation per large file (the biggest mappings and tables).
RSS_BIG=0 RSS_BIG_FILE=
while IFS= read -r -d '' p; do
  rc=0
  /usr/bin/time -o "$WORK/rss" -f %M "$CROSSGO" inspect --json "$p" >/dev/null 2>&1 || rc=$?
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then echo "bench: crossgo inspect --json $p exited $rc" >&2; exit 1; fi
  r=$(tail -n 1 "$WORK/rss")
  if [ "$r" -gt "$RSS_BIG" ]; then RSS_BIG=$r RSS_BIG_FILE=$p; fi
done <"$WORK/large.list"

# ---------------------------------------------------------------- commands
# Every command reads its file list with xargs -0 (batched the same way for every tool). Exit
# statuses are ignored here: they were checked above, and a tool that rejects some files (readelf
# on ar members, go version -m on a C file) is still timed on the whole list.
ALL="xargs -0 -a $WORK/all.list"
GVM="xargs -0 -a $WORK/gvm.list"
declare -a NAMES CMDS
add() { NAMES+=("$1"); CMDS+=("$2"); }
add "crossgo-all"  "$ALL $CROSSGO inspect --json >/dev/null 2>&1; true"
add "file-all"     "$ALL file >/dev/null 2>&1; true"
add "iofloor-all"  "$ALL $WORK/io_floor >/dev/null 2>&1; true"
NOAR="xargs -0 -a $WORK/noar.list"
add "crossgo-noar" "$NOAR $CROSSGO inspect --json >/dev/null 2>&1; true"
add "iofloor-noar" "$NOAR $WORK/io_floor >/dev/null 2>&1; true"
# verify against inspect on the same files (the fixtures with a target), one invocation each.
VER="xargs -0 -a $WORK/verify.list"
add "inspect-fix" "$VER $CROSSGO inspect --json >/dev/null 2>&1; true"
add "verify-fix"  "$VER $CROSSGO verify --json --targets $WORK/verify.targets >/dev/null 2>&1; true"
if [ "$N_GVM" -gt 0 ]; then
  add "crossgo-go"   "$GVM $CROSSGO inspect --json >/dev/null 2>&1; true"
  add "goversion-go" "$GVM $GO version -m >/dev/null 2>&1; true"
  # For context: the same Go files (release binaries of every format, the large static ones among
  # them) under file and the floor, a set like the release directories the issue starts from.
  add "file-go"      "$GVM file >/dev/null 2>&1; true"
  add "iofloor-go"   "$GVM $WORK/io_floor >/dev/null 2>&1; true"
fi
# For context only, with BENCH_EXTRA=1: readelf -hldnVW and lddtree. They are slow on this set
# (readelf over a minute per run, lddtree several minutes: libLLVM and the 100 MB binaries) and
# no target depends on them.
if [ -n "${BENCH_EXTRA:-}" ]; then
  add "readelf-all" "$ALL readelf -hldnVW >/dev/null 2>&1; true"
  # lddtree is a Python script needing python3-pyelftools; run it with Debian's python3 (a pyenv
  # or venv python3 earlier on PATH would lack the module) and only if it works at all.
  LDDTREE=$(command -v lddtree || true)
  if [ -n "$LDDTREE" ] && /usr/bin/python3 "$LDDTREE" /bin/true >/dev/null 2>&1; then
    add "lddtree-all" "$ALL /usr/bin/python3 $LDDTREE >/dev/null 2>&1; true"
  else
    echo "bench: lddtree not installed or not working (pax-utils + python3-pyelftools): skipped"
  fi
fi

# ---------------------------------------------------------------- timing
# measure RUNS WARMUP INDEX... : times the listed commands, fills MEAN[name] (seconds).
HAVE_HYPERFINE=0
if [ -z "${BENCH_NO_HYPERFINE:-}" ] && command -v hyperfine >/dev/null; then HAVE_HYPERFINE=1; fi
declare -A MEAN CPU
measure() {
  local runs=$1 warmup=$2; shift 2
  local i
  if [ "$HAVE_HYPERFINE" = 1 ]; then
    local args=()
    for i in "$@"; do args+=(-n "${NAMES[$i]}" "${CMDS[$i]}"); done
    hyperfine --style basic --warmup "$warmup" --runs "$runs" --export-json "$WORK/hf.json" \
      "${args[@]}" >"$WORK/hf.out" 2>&1 || { cat "$WORK/hf.out" >&2; echo "bench: hyperfine failed" >&2; exit 1; }
    # Ratios use the median: on a shared or virtual machine a single run stalled by a neighbour
    # moves the mean a lot (σ of half the mean was seen), the median hardly.
    # CPU is user+system time of the command and its children (mean): unlike wall time it hardly
    # moves when other work competes for the cores.
    local n m s med c
    while IFS=$'\t' read -r n m s med c; do
      MEAN[$n]=$med
      CPU[$n]=$c
      printf '  %-14s median %8.3f s   mean %8.3f s ± %.3f   cpu %8.3f s\n' "$n" "$med" "$m" "$s" "$c"
    done < <(/usr/bin/python3 -c "
import json; d=json.load(open('$WORK/hf.json'))
for r in d['results']:
    print('\t'.join([r['command'], repr(r['mean']), repr(r['stddev'] or 0.0), repr(r['median']),
                     repr(r['user'] + r['system'])]))")
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
      printf '  %-14s %8.3f s\n' "${NAMES[$i]}" "$best"
    done
  fi
}
# Wall times mean little when the machine is busy with other work: say so, with the numbers.
LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)
all=() go=() slow=()
for i in "${!NAMES[@]}"; do
  case ${NAMES[$i]} in lddtree-*) slow+=("$i") ;; *-go) go+=("$i") ;; *) all+=("$i") ;; esac
done
if [ "$HAVE_HYPERFINE" = 1 ]; then
  METHOD="hyperfine, median of N runs after 1 warm-up"
else
  METHOD="bash time, best of N runs after 1 warm-up"
fi
# The go version -m set takes tens of milliseconds: at least 20 runs, so noise averages out.
GO_RUNS=$(( RUNS > 20 ? RUNS : 20 ))
echo
echo "wall time ($METHOD; *-all: $N_ALL files, N=$RUNS; *-go: $N_GVM files, N=$GO_RUNS):"
measure "$RUNS" 1 "${all[@]}"
[ ${#go[@]} -gt 0 ] && measure "$GO_RUNS" 1 "${go[@]}"
# lddtree resolves every dependency in Python: minutes on this set, so one run only.
[ ${#slow[@]} -gt 0 ] && measure 1 0 "${slow[@]}"

LOAD_AFTER=$(cut -d' ' -f1 /proc/loadavg)
if awk -v a="$LOAD_BEFORE" -v b="$LOAD_AFTER" -v n="$(nproc)" 'BEGIN { exit !(a > n || b > n) }'; then
  echo "  WARNING: load average $LOAD_BEFORE before, $LOAD_AFTER after on $(nproc) CPUs: other work" \
       "competed for the cores, wall times and their ratios are inflated and noisy$([ "$HAVE_HYPERFINE" = 1 ] && echo '; the cpu column much less')"
fi

# ---------------------------------------------------------------- results
# ratio LABEL CROSSGO_KEY OTHER_KEY: how many times faster (or slower) crossgo is.
ratio() {
  local c=${MEAN[$2]:-} o=${MEAN[$3]:-}
  if [ "${4:-}" = cpu ]; then c=${CPU[$2]:-} o=${CPU[$3]:-}; fi
  [ -n "$c" ] && [ -n "$o" ] || return 0
  awk -v l="$1" -v c="$c" -v o="$o" 'BEGIN {
    if (c <= o) printf "  %-40s %6.1f× faster  (%.3f s vs %.3f s)\n", l, o / c, c, o;
    else        printf "  %-40s %6.1f× slower  (%.3f s vs %.3f s)\n", l, c / o, c, o }'
}
echo
echo "ratios:"
ratio "crossgo vs go version -m (Go files):" crossgo-go goversion-go
ratio "crossgo vs file (all files):" crossgo-all file-all
ratio "crossgo vs io floor (all files):" crossgo-all iofloor-all
ratio "crossgo vs io floor (no archives):" crossgo-noar iofloor-noar
ratio "crossgo vs file (Go files):" crossgo-go file-go
ratio "crossgo vs io floor (Go files):" crossgo-go iofloor-go
ratio "verify vs inspect (fixtures):" verify-fix inspect-fix
ratio "crossgo vs readelf -hldnVW (all files):" crossgo-all readelf-all
ratio "crossgo vs lddtree (all files):" crossgo-all lddtree-all
if [ "$HAVE_HYPERFINE" = 1 ]; then
  echo "ratios of CPU time (user+sys, for context; the targets are on wall time):"
  ratio "crossgo vs go version -m (Go files):" crossgo-go goversion-go cpu
  ratio "crossgo vs file (all files):" crossgo-all file-all cpu
  ratio "crossgo vs io floor (all files):" crossgo-all iofloor-all cpu
  ratio "crossgo vs io floor (no archives):" crossgo-noar iofloor-noar cpu
  ratio "crossgo vs io floor (Go files):" crossgo-go iofloor-go cpu
fi

echo
echo "crossgo peak RSS: $((RSS_ALL / 1024)) MiB ($RSS_ALL KiB) for all $N_ALL files in one invocation;" \
     "$((RSS_BIG / 1024)) MiB ($RSS_BIG KiB) max over one invocation per large file ($RSS_BIG_FILE)"
if [ "$N_ERRFILES" -gt 0 ]; then
  echo "crossgo reported an error for $N_ERRFILES of the $N_ALL files (first: $(head -n 1 "$WORK/all.err"))"
fi

# target LABEL VALUE OP LIMIT: one "met/NOT met" line; VALUE may be empty (not measured).
target() {
  local label=$1 value=$2 op=$3 limit=$4 unit=${5:-×}
  if [ -z "$value" ]; then printf 'target %s: not measured\n' "$label"; return 0; fi
  awk -v l="$label" -v v="$value" -v op="$op" -v lim="$limit" -v u="$unit" 'BEGIN {
    ok = (op == ">=") ? (v >= lim) : (op == "<=") ? (v <= lim) : (v < lim)
    printf "target %s: %s (%.1f%s)\n", l, ok ? "met" : "NOT met", v, u }'
}
div() { [ -n "${1:-}" ] && [ -n "${2:-}" ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", a / b }'; }
echo
echo "targets (wall time, as above):"
target "≥3× vs go version -m" "$(div "${MEAN[goversion-go]:-}" "${MEAN[crossgo-go]:-}")" ">=" 3
target "≥20× vs file" "$(div "${MEAN[file-all]:-}" "${MEAN[crossgo-all]:-}")" ">=" 20
target "within 4× of the I/O floor" "$(div "${MEAN[crossgo-all]:-}" "${MEAN[iofloor-all]:-}")" "<=" 4
RSS_MAX=$(( RSS_ALL > RSS_BIG ? RSS_ALL : RSS_BIG ))
target "verify at most 10% over inspect" "$(div "${MEAN[verify-fix]:-}" "${MEAN[inspect-fix]:-}")" "<=" 1.10
target "peak RSS < 32 MiB" "$(div "$RSS_MAX" 1024)" "<" 32 " MiB"
