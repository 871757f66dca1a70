#!/usr/bin/env bash
# bench/rootfs.sh CROSSGO_BIN [ROOT] — `crossgo rootfs ROOT --all --json` on a full Debian tree
# against the tool people would otherwise run, `lddtree -R ROOT` (pax-utils, Python) over the same
# files, in the same run, as a ratio; and crossgo's peak RSS. ROOT defaults to a Debian 12 amd64
# --variant=minbase tree built with mmdebstrap and cached in BENCH_CACHE (default .cache/bench).
# A benchmark, not a test: it exits non-zero only on a real error (a tool missing, crossgo
# crashing or printing JSON that does not parse).
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 CROSSGO_BIN [ROOT]" >&2
  exit 2
fi
CROSSGO=$(realpath "$1")
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=$(realpath -m "${BENCH_CACHE:-$SRC/.cache/bench}")
RUNS=${BENCH_RUNS:-3}
LDDTREE=$(command -v lddtree || true)
[ -n "$LDDTREE" ] && /usr/bin/python3 "$LDDTREE" /bin/true >/dev/null 2>&1 ||
  { echo "bench: lddtree (pax-utils + python3-pyelftools) is missing or broken" >&2; exit 1; }

ROOT=${2:-}
if [ -z "$ROOT" ]; then
  ROOT=$CACHE/rootfs-bookworm-amd64
  if [ ! -f "$ROOT/.crossgo-bench-done" ]; then
    command -v mmdebstrap >/dev/null || { echo "bench: mmdebstrap is missing (make deps)" >&2; exit 1; }
    echo "bench: building a Debian 12 amd64 minbase tree in $ROOT (once; a minute or two)"
    rm -rf "$ROOT"
    mkdir -p "$CACHE"
    # The machine's own Debian mirror, whichever it is (scripts/debian-source.sh).
    "$SRC/scripts/debian-source.sh" bookworm >"$CACHE/bookworm.sources"
    mmdebstrap --quiet --variant=minbase --skip=check/signed-by --include=libssl3,libstdc++6,zlib1g,python3-minimal \
      bookworm "$ROOT" "$CACHE/bookworm.sources" >/dev/null
    touch "$ROOT/.crossgo-bench-done"
  fi
fi
ROOT=$(realpath "$ROOT")
WORK=$(mktemp -d /tmp/crossgo-bench-rootfs.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# The files: what crossgo's --all checks, so both tools get the same list.
"$CROSSGO" rootfs "$ROOT" --all --json >"$WORK/all.json" || [ $? -eq 1 ]
/usr/bin/python3 - "$WORK/all.json" "$WORK/files" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
with open(sys.argv[2], "w") as f:
    for x in d["files"]:
        f.write(x["path"] + "\n")
print(f"  {len(d['files'])} ELF files in {d['root']['description']}, "
      f"{sum(1 for x in d['files'] if not x['loads'])} that will not load")
PY
N=$(wc -l <"$WORK/files")

best() {  # best wall time of RUNS runs of "$@"
  local t b=
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -o "$WORK/t" -f %e "$@" >/dev/null 2>&1 || true
    t=$(tail -n 1 "$WORK/t")
    if [ -z "$b" ] || awk "BEGIN{exit !($t < $b)}"; then b=$t; fi
  done
  echo "$b"
}
mapfile -t FILES <"$WORK/files"
CG=$(best "$CROSSGO" rootfs "$ROOT" --all --json)
# lddtree exits non-zero on a missing library; its time is still its time.
LT=$(best /usr/bin/python3 "$LDDTREE" -R "$ROOT" --skip-non-elfs "${FILES[@]}")
/usr/bin/time -o "$WORK/rss" -f %M "$CROSSGO" rootfs "$ROOT" --all --json >/dev/null || true
RSS=$(tail -n 1 "$WORK/rss")
echo "wall time (best of $RUNS, $N files):"
printf '  crossgo rootfs --all   %8.3f s\n' "$CG"
printf '  lddtree -R             %8.3f s\n' "$LT"
awk -v c="$CG" -v l="$LT" 'BEGIN { if (c > 0) printf "ratio: crossgo is %.1f× faster than lddtree -R\n", l / c }'
echo "crossgo peak RSS: $((RSS / 1024)) MiB ($RSS KiB)"
