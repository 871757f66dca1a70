#!/usr/bin/env bash
# build-rootfs.sh CACHE_DIR — builds the root filesystems `crossgo rootfs` is tested against, the
# test binaries inside them, and CACHE_DIR/manifest.json describing every root and every test case
# with its expected outcome (tests/oracle/test_rootfs_*.py read it).
#
# Roots (all small: --variant=extract with the packages named below and nothing else):
#   bookworm-arm64      Debian 12 arm64, merged /usr, ld.so.cache written by the tree's own
#                       (static) ldconfig under qemu-aarch64; x86-64 libraries in /usr/local/lib
#   bullseye-amd64      Debian 11 amd64 (glibc 2.31), split /usr, its own ldconfig
#   musl-amd64          Debian's musl package, /etc/ld-musl-x86_64.path extended with /opt/mlib
#   musl-amd64-nopath   the same without the .path file (musl's built-in default path)
#   musl-amd64.tar.gz   the musl tree as a tar archive
#   oci/bookworm-arm64  OCI image layout of the arm64 tree plus a layer whiting out libz.so.1 and a
#                       layer with an opaque /opt/oci/lib; oci-unpacked/ holds umoci's own unpack
#                       of it (where the oracle runs the loader); docker/bookworm-arm64.tar is the
#                       same image as a `docker save` archive
#   oci/multi           a two-platform OCI layout (linux/arm64 = the image above, linux/amd64 =
#                       the musl tree) behind one image index
#
# Debian suites come from the machine's own apt source: the stanza (or sources.list line) whose
# suites include plain `bookworm` gives the URIs and keyring, and other suites (bullseye) are
# taken from the same URIs, checked first to be served there — as scripts/install-deps.sh derives
# bookworm-backports. No mirror is named here.
#
# Caching: a key over this script, tests/rootfs/src and the compilers' versions is stored in
# CACHE_DIR/.key; when it matches, the script exits at once. Needs root (mmdebstrap root mode,
# ldconfig -r chroots, umoci unpack keeps ownership).
set -euo pipefail
{ # One compound command: bash parses the whole script before running it, so editing the file
  # while a build runs cannot break the run.

if [ $# -ne 1 ] || [ "${1:0:1}" = "-" ]; then
  echo "usage: $0 CACHE_DIR" >&2
  exit 2
fi
OUT=$(realpath -m "$1")
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CASES=$SRC/tests/rootfs/src

# ---------------------------------------------------------------- cache key
compute_key() {
  (
    cd "$SRC"
    sha256sum tests/rootfs/build-rootfs.sh scripts/debian-source.sh
    find tests/rootfs/src -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    local cc
    for cc in gcc g++ aarch64-linux-gnu-gcc aarch64-linux-gnu-g++; do
      printf '%s ' "$cc"; "$cc" -dumpfullversion 2>/dev/null || echo missing
    done
    dpkg-query -W -f='${Package} ${Version}\n' musl-dev mmdebstrap umoci 2>/dev/null || true
  ) | sha256sum | cut -d' ' -f1
}
KEY=$(compute_key)
if [ -f "$OUT/.key" ] && [ -f "$OUT/manifest.json" ] && [ "$(cat "$OUT/.key")" = "$KEY" ]; then
  echo "rootfs: up to date in $OUT"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "rootfs: must run as root (mmdebstrap's root mode, ldconfig -r and chroot)" >&2
  exit 1
fi
for tool in mmdebstrap qemu-aarch64 umoci aarch64-linux-gnu-gcc aarch64-linux-gnu-g++ musl-gcc gcc g++ \
    readelf /usr/lib/apt/apt-helper; do
  command -v "$tool" >/dev/null || { echo "rootfs: $tool missing; run scripts/install-deps.sh" >&2; exit 1; }
done

# ---------------------------------------------------------------- fresh output directory
# Only ever delete a directory this script made (or an empty one).
if [ -d "$OUT" ] && [ -n "$(ls -A "$OUT")" ] && [ ! -f "$OUT/.key" ] && [ ! -d "$OUT/.log" ]; then
  echo "rootfs: $OUT exists and is not a rootfs cache directory; refusing to empty it" >&2
  exit 2
fi
rm -rf "$OUT"
mkdir -p "$OUT/.log" "$OUT/.work"
WORK=$OUT/.work
START=$(date +%s)
echo "rootfs: building into $OUT"

# step NAME COMMAND... — runs one build step with its output in .log/NAME.log; on failure the log
# is shown and the script stops. The step runs as a background subshell that is waited for: a
# function called as the condition of `if` or `||` runs with errexit off, so a failing command
# inside it would go unnoticed.
step() {
  local name=$1; shift
  local t0=${EPOCHREALTIME/./} rc=0
  ( "$@" ) >"$OUT/.log/$name.log" 2>&1 &
  wait $! || rc=$?
  if [ "$rc" -ne 0 ]; then
    printf '  FAIL  %s\n' "$name"
    { echo "rootfs: $name failed; output:"; sed 's/^/    /' "$OUT/.log/$name.log"; } >&2
    exit 1
  fi
  local ms=$(( (${EPOCHREALTIME/./} - t0) / 1000 ))
  printf '  ok    %-28s %3d.%ds\n' "$name" $((ms / 1000)) $((ms % 1000 / 100))
}
run() { echo "+ $*"; "$@"; }

# ---------------------------------------------------------------- Debian sources
# debian_source SUITE: a deb822 stanza for SUITE on the machine's own Debian mirror
# (scripts/debian-source.sh).
debian_source() { "$SRC/scripts/debian-source.sh" "$1"; }
# suite_source SUITE: writes $WORK/SUITE.sources and checks that one of its URIs serves the suite
# (its InRelease downloads), so a mirror without it fails here with a clear message rather than
# deep inside mmdebstrap. Debian's own mirror network serves bullseye (oldoldstable) under the
# same URI as bookworm; a partial or bookworm-only mirror may not.
suite_source() {
  local suite=$1 uris u
  debian_source "$suite" >"$WORK/$suite.sources" || {
    echo "rootfs: no Debian bookworm apt source found to derive $suite from" >&2
    return 1
  }
  uris=$(sed -n 's/^URIs:[[:space:]]*//p' "$WORK/$suite.sources")
  for u in $uris; do
    if /usr/lib/apt/apt-helper download-file "${u%/}/dists/$suite/InRelease" "$WORK/$suite.InRelease" \
        >>"$OUT/.log/sources.log" 2>&1; then
      return 0
    fi
  done
  echo "rootfs: the machine's Debian mirror ($uris) does not serve $suite (dists/$suite/InRelease)" >&2
  return 1
}
suite_source bookworm
suite_source bullseye

# debstrap NAME SUITE ARCH PACKAGES [MMDEBSTRAP_OPTION...] — extracts PACKAGES (comma separated)
# into $OUT/NAME; nothing is configured or run. An extract hook records the .deb files apt fetched
# (before mmdebstrap empties its cache) in $WORK/NAME.debs, so the manifest can name every package
# and version, and a dependency nobody listed (apt fetches and mmdebstrap extracts those too) is a
# build failure rather than a silent difference.
debstrap() {
  local name=$1 suite=$2 arch=$3 pkgs=$4; shift 4
  # --skip=check/signed-by: the sources file names its keyring, so mmdebstrap need not ask gpg.
  run mmdebstrap --variant=extract --architectures="$arch" --include="$pkgs" --skip=check/signed-by \
    --extract-hook="ls \"\$1\"/var/cache/apt/archives/ | grep '\\.deb\$' >'$WORK/$name.debs'" \
    "$@" "$suite" "$OUT/$name" "$WORK/$suite.sources"
  local deb want got
  want=$(tr ',' '\n' <<<"$pkgs" | sort)
  got=$(sed 's/_.*//' "$WORK/$name.debs" | sort -u)  # Debian's pool names: PACKAGE_VERSION_ARCH.deb
  if [ "$want" != "$got" ]; then
    echo "extracted packages differ from the listed ones:"; diff <(echo "$want") <(echo "$got") || true
    return 1
  fi
}

# ---------------------------------------------------------------- the trees
A=$OUT/bookworm-arm64
B=$OUT/bullseye-amd64
M=$OUT/musl-amd64
# Every package named, dependencies included (apt fetches them anyway; debstrap fails when one is
# not listed, so the trees' contents are what this script says): gcc-12-base / gcc-10-base are
# what libgcc-s1 and libstdc++6 depend on, Debian 11's libc6 also needs libcrypt1; libc-bin
# carries ldconfig and /etc/ld.so.conf.
step debstrap-bookworm-arm64 debstrap bookworm-arm64 bookworm arm64 \
  libc6,libc-bin,libgcc-s1,gcc-12-base,libstdc++6,zlib1g,libssl3 \
  --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr
step debstrap-bullseye-amd64 debstrap bullseye-amd64 bullseye amd64 \
  libc6,libc-bin,libcrypt1,libgcc-s1,gcc-10-base,libstdc++6,zlib1g
step debstrap-musl-amd64 debstrap musl-amd64 bookworm amd64 musl

# ---------------------------------------------------------------- arm64 test objects
# Linked against the tree's own libraries by path (the trees have no -dev packages): the link
# records each library's SONAME as DT_NEEDED. Stub libraries (a SONAME to link against that must
# not be in the tree) are built into $WORK/stub.
AL=$A/usr/lib/aarch64-linux-gnu   # merged /usr: /lib/aarch64-linux-gnu is this directory
STUB=$WORK/stub
arm64_objects() {
  local acc=(aarch64-linux-gnu-gcc -O2) ashared=(aarch64-linux-gnu-gcc -O2 -shared -fPIC)
  mkdir -p "$A"/opt/cases/bin "$A"/opt/rp/lib "$A"/opt/rp/inner "$A"/opt/origin/bin "$A"/opt/origin/lib \
    "$A"/opt/loop/lib "$A"/opt/oci/lib "$A"/opt/oci/bin "$A"/usr/local/lib "$STUB/arm64" "$WORK/oci-opaque" \
    "$OUT/outside"
  cd "$CASES"
  run "${acc[@]}" -o "$A/opt/cases/bin/zapp" zapp.c "$AL/libz.so.1"
  # The same program outside the root: a binary about to be copied in, named by its host path.
  run "${acc[@]}" -o "$OUT/outside/zapp-arm64" zapp.c "$AL/libz.so.1"
  run aarch64-linux-gnu-g++ -O2 -o "$A/opt/cases/bin/cxxapp" cxxapp.cc
  run "${acc[@]}" -o "$A/opt/cases/bin/sslapp" sslapp.c "$AL/libssl.so.3" "-Wl,-rpath-link,$AL"
  # DT_RPATH is inherited by the executable's dependencies, DT_RUNPATH is not: libouter.so.1 has
  # no search path of its own, so its libinner.so.1 is found through rpath-app's RPATH, and not
  # through runpath-app's RUNPATH (the same two directories).
  run "${ashared[@]}" -Wl,-soname,libinner.so.1 -DLIBFN=inner -o "$A/opt/rp/inner/libinner.so.1" lib.c
  run "${ashared[@]}" -Wl,-soname,libouter.so.1 -o "$A/opt/rp/lib/libouter.so.1" outer.c \
    "$A/opt/rp/inner/libinner.so.1"
  run "${acc[@]}" -Wl,--disable-new-dtags,-rpath,/opt/rp/lib:/opt/rp/inner -o "$A/opt/cases/bin/rpath-app" \
    use-outer.c "$A/opt/rp/lib/libouter.so.1" "-Wl,-rpath-link,$A/opt/rp/inner"
  run "${acc[@]}" -Wl,--enable-new-dtags,-rpath,/opt/rp/lib:/opt/rp/inner -o "$A/opt/cases/bin/runpath-app" \
    use-outer.c "$A/opt/rp/lib/libouter.so.1" "-Wl,-rpath-link,$A/opt/rp/inner"
  # $ORIGIN: the loader substitutes the directory of the object and prints the path unnormalised.
  run "${ashared[@]}" -Wl,-soname,liborigin.so.1 -DLIBFN=origin_fn -o "$A/opt/origin/lib/liborigin.so.1" lib.c
  run "${acc[@]}" -Wl,--enable-new-dtags,-rpath,'$ORIGIN/../lib' -DLIBFN=origin_fn \
    -o "$A/opt/origin/bin/origin-app" app.c "$A/opt/origin/lib/liborigin.so.1"
  # Wrong architecture: the host's x86-64 libz.so.1 in /usr/local/lib (an ld.so.conf directory, so
  # ldconfig lists it too), first on wrongarch-app's RUNPATH: glibc's loader opens it, sees the
  # wrong e_machine, skips it and goes on to the cache. libx86only.so.1 exists only as x86-64.
  run cp -L /lib/x86_64-linux-gnu/libz.so.1 "$A/usr/local/lib/libz.so.1"
  run "${acc[@]}" -Wl,--enable-new-dtags,-rpath,/usr/local/lib -o "$A/opt/cases/bin/wrongarch-app" zapp.c \
    "$AL/libz.so.1"
  run gcc -O2 -shared -fPIC -Wl,-soname,libx86only.so.1 -DLIBFN=x86only -o "$A/usr/local/lib/libx86only.so.1" lib.c
  run "${ashared[@]}" -Wl,-soname,libx86only.so.1 -DLIBFN=x86only -o "$STUB/arm64/libx86only.so.1" lib.c
  run "${acc[@]}" -DLIBFN=x86only -o "$A/opt/cases/bin/x86only-app" app.c "$STUB/arm64/libx86only.so.1"
  # A symbolic link loop where the loader looks first: open(2) fails with ELOOP. (Under qemu -L the
  # loader sees ENOENT instead: qemu retries the host's path when the root's does not resolve. The
  # outcome is the same here; the cases where ELOOP itself matters are in the amd64 trees.)
  run "${ashared[@]}" -Wl,-soname,libloop.so.1 -DLIBFN=loop_fn -o "$STUB/arm64/libloop.so.1" lib.c
  run "${acc[@]}" -Wl,--enable-new-dtags,-rpath,/opt/loop/lib -DLIBFN=loop_fn -o "$A/opt/cases/bin/loop-app" \
    app.c "$STUB/arm64/libloop.so.1"
  run ln -s libloop2.so.1 "$A/opt/loop/lib/libloop.so.1"
  run ln -s libloop.so.1 "$A/opt/loop/lib/libloop2.so.1"
  # A plain missing library.
  run "${ashared[@]}" -Wl,-soname,libnothere.so.1 -DLIBFN=nothere -o "$STUB/arm64/libnothere.so.1" lib.c
  run "${acc[@]}" -DLIBFN=nothere -o "$A/opt/cases/bin/missing-app" app.c "$STUB/arm64/libnothere.so.1"
  # For the OCI image's layers: libfoo.so.1 is in the tree (and the image's first layer), which a
  # later layer's opaque /opt/oci/lib hides; libbar.so.1 only comes with that opaque layer.
  run "${ashared[@]}" -Wl,-soname,libfoo.so.1 -DLIBFN=foo -o "$A/opt/oci/lib/libfoo.so.1" lib.c
  run "${ashared[@]}" -Wl,-soname,libbar.so.1 -DLIBFN=bar -o "$WORK/oci-opaque/libbar.so.1" lib.c
  run "${acc[@]}" -Wl,--enable-new-dtags,-rpath,/opt/oci/lib -DLIBFN=foo -o "$A/opt/oci/bin/app-foo" app.c \
    "$A/opt/oci/lib/libfoo.so.1"
  run "${acc[@]}" -Wl,--enable-new-dtags,-rpath,/opt/oci/lib -DLIBFN=bar -o "$A/opt/oci/bin/app-bar" app.c \
    "$WORK/oci-opaque/libbar.so.1"
  # The cache, by the tree's own ldconfig (Debian's is static-pie, so qemu needs no -L); -r
  # chroots into the tree, so it reads the tree's /etc/ld.so.conf and writes its ld.so.cache.
  run env -i qemu-aarch64 "$A/usr/sbin/ldconfig" -r "$A"
  test -s "$A/etc/ld.so.cache"
  env -i qemu-aarch64 "$A/usr/sbin/ldconfig" -r "$A" -p | tee "$WORK/bookworm-arm64.ldconfig-p"
  grep -q 'libz.so.1 (libc6,AArch64) => /lib/aarch64-linux-gnu/libz.so.1' "$WORK/bookworm-arm64.ldconfig-p"
  # Smoke test: the loader runs under qemu and finds libz through the cache.
  env -i qemu-aarch64 -L "$A" "$A/lib/ld-linux-aarch64.so.1" --list /opt/cases/bin/zapp | tee "$WORK/smoke"
  grep -q 'libz.so.1 => /lib/aarch64-linux-gnu/libz.so.1' "$WORK/smoke"
}
step arm64-objects arm64_objects

# ---------------------------------------------------------------- bullseye test objects
# Built here on Debian 12 (glibc 2.36, GCC 12) for Debian 11 (glibc 2.31, GCC 10).
bullseye_objects() {
  mkdir -p "$B/opt/cases/bin" "$B/opt/cases/lib"
  cd "$CASES"
  run gcc -O2 -pthread -o "$B/opt/cases/bin/new-glibc" new-glibc.c
  run gcc -O2 -shared -fPIC -Wl,-soname,libcompat.so.1 -o "$B/opt/cases/lib/libcompat.so.1" compat.c
  run gcc -O2 -shared -fPIC -Wl,-soname,libzuser.so.1 -o "$B/opt/cases/lib/libzuser.so.1" zuser.c \
    /lib/x86_64-linux-gnu/libz.so.1
  run g++ -O2 -shared -fPIC -Wl,-soname,libcxxnew.so.1 -o "$B/opt/cases/lib/libcxxnew.so.1" cxx-new.cc
  # The libraries meant to load on Debian 11 must need nothing newer than it has.
  local f
  for f in libcompat.so.1 libzuser.so.1; do
    if readelf -VW "$B/opt/cases/lib/$f" | grep -E 'Name: GLIBC_2\.(3[2-9]|[4-9][0-9])'; then
      echo "$f needs a glibc newer than 2.31"; return 1
    fi
  done
  readelf -VW "$B/opt/cases/lib/libcxxnew.so.1" | grep 'Name: GLIBCXX_3.4.29' >/dev/null  # no -q: pipefail
  # glibc's open_path gives up on a search list at an error other than ENOENT/EACCES: with ELOOP
  # in the RUNPATH's first directory, the real libloop.so.1 in its second is never tried (the
  # cache and the default directories still are). A library, as Debian 12's programs need
  # GLIBC_2.34; the kernel's real ELOOP, as this tree's loader runs natively.
  mkdir -p "$B/opt/loop/lib" "$B/opt/loop/real"
  run gcc -O2 -shared -fPIC -Wl,-soname,libloop.so.1 -DLIBFN=loop_fn -o "$B/opt/loop/real/libloop.so.1" lib.c
  run ln -s libloop2.so.1 "$B/opt/loop/lib/libloop.so.1"
  run ln -s libloop.so.1 "$B/opt/loop/lib/libloop2.so.1"
  run gcc -O2 -shared -fPIC -Wl,-soname,libloopuser.so.1 -Wl,--enable-new-dtags,-rpath,/opt/loop/lib:/opt/loop/real \
    -o "$B/opt/cases/lib/libloopuser.so.1" loop-user.c "$B/opt/loop/real/libloop.so.1"
  # Debian 11's ldconfig is static-pie x86-64 too: it runs natively, chrooted by -r.
  run env -i "$B/sbin/ldconfig" -r "$B"
  test -s "$B/etc/ld.so.cache"
}
step bullseye-objects bullseye_objects

# ---------------------------------------------------------------- musl test objects
musl_objects() {
  mkdir -p "$M/opt/cases/bin" "$M/opt/mlib" "$M/opt/mrp/lib" "$M/opt/mrp/inner" "$M/opt/mwrong" \
    "$M/usr/local/lib" "$STUB/musl"
  cd "$CASES"
  run musl-gcc -O2 -o "$M/opt/cases/bin/musl-hello" hello.c
  # Found through /etc/ld-musl-x86_64.path (which lists /opt/mlib below).
  run musl-gcc -O2 -shared -fPIC -Wl,-soname,libmgreet.so -DLIBFN=mgreet -o "$M/opt/mlib/libmgreet.so" lib.c
  run musl-gcc -O2 -DLIBFN=mgreet -o "$M/opt/cases/bin/musl-mgreet" app.c "$M/opt/mlib/libmgreet.so"
  # In /usr/local/lib: on musl's built-in default path, which a .path file replaces.
  run musl-gcc -O2 -shared -fPIC -Wl,-soname,libmlocal.so -DLIBFN=mlocal -o "$M/usr/local/lib/libmlocal.so" lib.c
  run musl-gcc -O2 -DLIBFN=mlocal -o "$M/opt/cases/bin/musl-local" app.c "$M/usr/local/lib/libmlocal.so"
  # musl searches the RPATH/RUNPATH of every object up the chain of loaders (ldso/dynlink.c
  # load_library): unlike glibc, the executable's RUNPATH finds its library's dependency.
  run musl-gcc -O2 -shared -fPIC -Wl,-soname,libminner.so -DLIBFN=inner -o "$M/opt/mrp/inner/libminner.so" lib.c
  run musl-gcc -O2 -shared -fPIC -Wl,-soname,libmouter.so -o "$M/opt/mrp/lib/libmouter.so" outer.c \
    "$M/opt/mrp/inner/libminner.so"
  run musl-gcc -O2 -Wl,--enable-new-dtags,-rpath,/opt/mrp/lib:/opt/mrp/inner -o "$M/opt/cases/bin/musl-runpath-app" \
    use-outer.c "$M/opt/mrp/lib/libmouter.so" "-Wl,-rpath-link,$M/opt/mrp/inner"
  # musl (1.2.3) does not check e_machine when its path search opens a file: the aarch64 libmz.so
  # first on the RUNPATH is taken, the x86-64 one in /opt/mlib is never tried, relocation fails.
  run aarch64-linux-gnu-gcc -O2 -shared -fPIC -Wl,-soname,libmz.so -DLIBFN=mz -o "$M/opt/mwrong/libmz.so" lib.c
  run musl-gcc -O2 -shared -fPIC -Wl,-soname,libmz.so -DLIBFN=mz -o "$M/opt/mlib/libmz.so" lib.c
  run musl-gcc -O2 -Wl,--enable-new-dtags,-rpath,/opt/mwrong -DLIBFN=mz -o "$M/opt/cases/bin/musl-wrongarch" \
    app.c "$M/opt/mlib/libmz.so"
  # musl's path_open stops the whole search at an error other than ENOENT/ENOTDIR/EACCES/
  # ENAMETOOLONG: ELOOP in the RUNPATH's first directory, and neither its second directory nor the
  # system path is tried.
  mkdir -p "$M/opt/mloop/lib" "$M/opt/mloop/real"
  run musl-gcc -O2 -shared -fPIC -Wl,-soname,libmloop.so -DLIBFN=loop_fn -o "$M/opt/mloop/real/libmloop.so" lib.c
  run ln -s libmloop2.so "$M/opt/mloop/lib/libmloop.so"
  run ln -s libmloop.so "$M/opt/mloop/lib/libmloop2.so"
  run musl-gcc -O2 -Wl,--enable-new-dtags,-rpath,/opt/mloop/lib:/opt/mloop/real -DLIBFN=loop_fn \
    -o "$M/opt/cases/bin/musl-loop" app.c "$M/opt/mloop/real/libmloop.so"
  # A glibc program: its interpreter /lib64/ld-linux-x86-64.so.2 is not in the musl tree.
  run gcc -O2 -o "$M/opt/cases/bin/glibc-hello" hello.c
  # The package ships /etc/ld-musl-x86_64.path (its postinst would regenerate it from
  # /etc/ld-musl-x86_64.d/). Appended: a colon-separated line, both separators musl accepts.
  test -f "$M/etc/ld-musl-x86_64.path"
  echo "/opt/mnone:/opt/mlib" >>"$M/etc/ld-musl-x86_64.path"
  cat "$M/etc/ld-musl-x86_64.path"
  # The same tree without the .path file: musl's default /lib:/usr/local/lib:/usr/lib.
  run cp -a "$M" "$OUT/musl-amd64-nopath"
  run rm "$OUT/musl-amd64-nopath/etc/ld-musl-x86_64.path"
  # And as a tar archive (numeric owners, paths "./...", as `tar -C DIR .` writes them).
  run tar -C "$M" --numeric-owner -czf "$OUT/musl-amd64.tar.gz" .
}
step musl-objects musl_objects

# ---------------------------------------------------------------- OCI image and docker archive
L=$OUT/oci/bookworm-arm64
oci_image() {
  mkdir -p "$OUT/oci" "$OUT/oci-unpacked" "$OUT/docker"
  run umoci init --layout "$L"
  run umoci new --image "$L:latest"
  run umoci config --image "$L:latest" --architecture arm64 --os linux --no-history
  # Layer 1: the whole tree, via a bundle that umoci diffs against the (empty) image.
  run umoci unpack --image "$L:latest" "$WORK/bundle"
  run cp -a "$A/." "$WORK/bundle/rootfs/"
  run umoci repack --image "$L:latest" "$WORK/bundle"
  # Layers 2 and 3, written here rather than with `umoci insert`: umoci 0.4.7's insert ends its
  # layer tar without the last member's padding and the end-of-archive blocks (GNU tar: "Unexpected
  # EOF in archive"), and these layers are meant to be well-formed. umoci unpack below checks them.
  run /usr/bin/python3 - "$L" "$WORK/oci-opaque/libbar.so.1" <<'PY'
import gzip, hashlib, io, json, os, sys, tarfile
layout, libbar = sys.argv[1:3]
def blob_path(digest):
    return os.path.join(layout, "blobs", *digest.split(":", 1))
def put_blob(data):
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    with open(blob_path(digest), "wb") as f:
        f.write(data)
    return digest, len(data)
def member(tf, name, kind=tarfile.REGTYPE, data=b"", mode=0o644):
    ti = tarfile.TarInfo(name)
    ti.type, ti.mode, ti.size, ti.mtime = kind, mode, len(data), 0
    tf.addfile(ti, io.BytesIO(data) if data else None)
def layer(build):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tf:
        build(tf)
    return raw.getvalue()
# Layer 2: the whiteout of usr/lib/aarch64-linux-gnu/libz.so.1 (the ld.so.cache still names it).
wh = layer(lambda tf: member(tf, "usr/lib/aarch64-linux-gnu/.wh.libz.so.1"))
# Layer 3: /opt/oci/lib made opaque (hides layer 1's libfoo.so.1), holding only libbar.so.1.
bar = open(libbar, "rb").read()
def opaque(tf):
    member(tf, "opt/oci/lib", tarfile.DIRTYPE, mode=0o755)
    member(tf, "opt/oci/lib/.wh..wh..opq")
    member(tf, "opt/oci/lib/libbar.so.1", data=bar, mode=0o755)
opq = layer(opaque)
with open(os.path.join(layout, "index.json")) as f:
    index = json.load(f)
(desc,) = index["manifests"]
with open(blob_path(desc["digest"])) as f:
    manifest = json.load(f)
with open(blob_path(manifest["config"]["digest"])) as f:
    config = json.load(f)
for raw, what in ((wh, "whiteout usr/lib/aarch64-linux-gnu/libz.so.1"), (opq, "opaque /opt/oci/lib with libbar.so.1")):
    digest, size = put_blob(gzip.compress(raw, mtime=0))
    manifest["layers"].append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": digest,
                               "size": size})
    config["rootfs"]["diff_ids"].append("sha256:" + hashlib.sha256(raw).hexdigest())
    config.setdefault("history", []).append({"created_by": f"crossgo build-rootfs.sh: {what}"})
digest, size = put_blob(json.dumps(config).encode())
manifest["config"].update(digest=digest, size=size)
digest, size = put_blob(json.dumps(manifest).encode())
desc.update(digest=digest, size=size)
with open(os.path.join(layout, "index.json"), "w") as f:
    json.dump(index, f)
PY
  run umoci gc --layout "$L"
  # umoci's own unpack of the final image: the tree the oracle runs the loader in.
  run umoci unpack --image "$L:latest" "$OUT/oci-unpacked/bookworm-arm64"
  test ! -e "$OUT/oci-unpacked/bookworm-arm64/rootfs/usr/lib/aarch64-linux-gnu/libz.so.1"
  test ! -e "$OUT/oci-unpacked/bookworm-arm64/rootfs/opt/oci/lib/libfoo.so.1"
  test -f "$OUT/oci-unpacked/bookworm-arm64/rootfs/opt/oci/lib/libbar.so.1"
  # A two-platform layout: the musl tree as linux/amd64 next to the arm64 image (below, in Python).
  run umoci init --layout "$OUT/oci/multi"
  run umoci new --image "$OUT/oci/multi:amd64"
  run umoci config --image "$OUT/oci/multi:amd64" --architecture amd64 --os linux --no-history
  run umoci unpack --image "$OUT/oci/multi:amd64" "$WORK/bundle-amd64"
  run cp -a "$M/." "$WORK/bundle-amd64/rootfs/"
  run umoci repack --image "$OUT/oci/multi:amd64" "$WORK/bundle-amd64"
  run umoci gc --layout "$OUT/oci/multi"
  /usr/bin/python3 - "$L" "$OUT/oci/multi" "$OUT/docker/bookworm-arm64.tar" <<'PY'
import gzip, hashlib, io, json, os, shutil, sys, tarfile
layout, multi, docker_tar = sys.argv[1:4]

def blob(root, digest):
    algo, hexd = digest.split(":", 1)
    return os.path.join(root, "blobs", algo, hexd)

def read_json(path):
    with open(path) as f:
        return json.load(f)

def write_blob(root, data):
    d = "sha256:" + hashlib.sha256(data).hexdigest()
    with open(blob(root, d), "wb") as f:
        f.write(data)
    return d

index = read_json(os.path.join(layout, "index.json"))
(desc,) = index["manifests"]
manifest = read_json(blob(layout, desc["digest"]))
config_bytes = open(blob(layout, manifest["config"]["digest"]), "rb").read()
config = json.loads(config_bytes)
layers = [open(blob(layout, l["digest"]), "rb").read() for l in manifest["layers"]]
tars = [gzip.decompress(b) if l["mediaType"].endswith("+gzip") else b
        for b, l in zip(layers, manifest["layers"])]

# The layers must hold what the test cases rely on (umoci writes the whiteout names itself).
names = [tarfile.open(fileobj=io.BytesIO(t)).getnames() for t in tars]
norm = [{n.lstrip("./") if n.startswith("./") else n.lstrip("/") for n in ns} for ns in names]
assert len(tars) == 3, f"{len(tars)} layers"
assert "usr/lib/aarch64-linux-gnu/.wh.libz.so.1" in norm[1], sorted(norm[1])
assert "opt/oci/lib/.wh..wh..opq" in norm[2] and "opt/oci/lib/libbar.so.1" in norm[2], sorted(norm[2])

# `docker save` (classic layout): manifest.json, the config as <hex>.json, one directory per layer
# with the uncompressed layer.tar (named after its diff ID, as the tar's entries are addressed).
cfg_hex = hashlib.sha256(config_bytes).hexdigest()
assert [("sha256:" + hashlib.sha256(t).hexdigest()) for t in tars] == config["rootfs"]["diff_ids"]
def add(tf, name, data):
    ti = tarfile.TarInfo(name)
    ti.size, ti.mode, ti.mtime = len(data), 0o644, 0
    tf.addfile(ti, io.BytesIO(data))
layer_dirs = [hashlib.sha256(t).hexdigest() for t in tars]
with tarfile.open(docker_tar, "w", format=tarfile.PAX_FORMAT) as tf:
    add(tf, f"{cfg_hex}.json", config_bytes)
    for d, t in zip(layer_dirs, tars):
        dti = tarfile.TarInfo(d)
        dti.type, dti.mode = tarfile.DIRTYPE, 0o755
        tf.addfile(dti)
        add(tf, f"{d}/VERSION", b"1.0")
        add(tf, f"{d}/layer.tar", t)
    add(tf, "manifest.json", json.dumps([{"Config": f"{cfg_hex}.json",
                                          "RepoTags": ["crossgo-test/bookworm-arm64:latest"],
                                          "Layers": [f"{d}/layer.tar" for d in layer_dirs]}]).encode())
    add(tf, "repositories", json.dumps({"crossgo-test/bookworm-arm64": {"latest": layer_dirs[-1]}}).encode())

# Two platforms behind one image index (what `docker buildx --output type=oci` writes): copy the
# arm64 image's blobs in, describe each manifest with its platform, point index.json at the index.
for sub in ("blobs/sha256",):
    for name in os.listdir(os.path.join(layout, sub)):
        dst = os.path.join(multi, sub, name)
        if not os.path.exists(dst):
            shutil.copy(os.path.join(layout, sub, name), dst)
mindex = read_json(os.path.join(multi, "index.json"))
entries = []
for d in mindex["manifests"] + [desc]:
    m = read_json(blob(multi, d["digest"]))
    c = read_json(blob(multi, m["config"]["digest"]))
    entries.append({"mediaType": d["mediaType"], "digest": d["digest"], "size": d["size"],
                    "platform": {"architecture": c["architecture"], "os": c["os"]}})
entries.sort(key=lambda e: e["platform"]["architecture"])
inner = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                    "manifests": entries}).encode()
digest = write_blob(multi, inner)
with open(os.path.join(multi, "index.json"), "w") as f:
    json.dump({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
               "manifests": [{"mediaType": "application/vnd.oci.image.index.v1+json", "digest": digest,
                              "size": len(inner),
                              "annotations": {"org.opencontainers.image.ref.name": "latest"}}]}, f)
print("docker archive", docker_tar, "layers", layer_dirs)
print("multi-platform index", digest, [e["platform"] for e in entries])
PY
}
step oci-image oci_image

# ---------------------------------------------------------------- manifest
# What each root is and what each case must do. The expectations are the real loaders' behaviour
# (tests/oracle/test_rootfs_cases.py checks them against the loader first, then against crossgo).
/usr/bin/python3 - "$OUT" "$WORK" <<'PY'
import json, os, re, subprocess, sys
out, work = sys.argv[1:3]

def packages(name):
    """{package: version} of the .debs extracted into tree NAME."""
    res = {}
    for deb in open(os.path.join(work, name + ".debs")).read().split():
        pkg, ver = deb[:-4].split("_")[:2]
        res[pkg] = ver.replace("%3a", ":")
    return res

def versioned_symbols(path, version):
    """The undefined dynamic symbols of PATH bound to VERSION, as readelf shows them."""
    text = subprocess.run(["readelf", "--dyn-syms", "-W", path], capture_output=True, text=True,
                          check=True).stdout
    return sorted({m.group(1) for m in re.finditer(r"\sUND\s+(\S+?)@" + re.escape(version) + r"\b", text)})

# A root: path (the crossgo ROOT argument, relative to the cache), kind, the target (arch, goarch,
# platform, libc, loader: its PT_INTERP-style path, qemu: the emulator for a foreign arch or null),
# oracle_root (the directory the real loader runs in: for an image, umoci's unpack of it), and
# scan: which ELF files test_rootfs_oracle.py compares, "all" of the tree or only those in /opt.
glibc_arm64 = {"arch": "aarch64", "goarch": "arm64", "platform": "linux/arm64", "libc": "glibc",
               "loader": "/lib/ld-linux-aarch64.so.1", "qemu": "qemu-aarch64"}
musl_amd64 = {"arch": "x86_64", "goarch": "amd64", "platform": "linux/amd64", "libc": "musl",
              "loader": "/lib/ld-musl-x86_64.so.1", "qemu": None}
roots = {
    "bookworm-arm64": dict(glibc_arm64, path="bookworm-arm64", kind="directory", oracle_root="bookworm-arm64",
                           suite="bookworm", merged_usr=True, glibc_version="2.36",
                           packages=packages("bookworm-arm64"), scan="all"),
    "bullseye-amd64": {"path": "bullseye-amd64", "kind": "directory", "oracle_root": "bullseye-amd64",
                       "arch": "x86_64", "goarch": "amd64", "platform": "linux/amd64", "libc": "glibc",
                       "loader": "/lib64/ld-linux-x86-64.so.2", "qemu": None, "suite": "bullseye",
                       "merged_usr": False, "glibc_version": "2.31", "packages": packages("bullseye-amd64"),
                       "scan": "all"},
    "musl-amd64": dict(musl_amd64, path="musl-amd64", kind="directory", oracle_root="musl-amd64",
                       suite="bookworm", packages=packages("musl-amd64"), scan="all"),
    "musl-amd64-nopath": dict(musl_amd64, path="musl-amd64-nopath", kind="directory",
                              oracle_root="musl-amd64-nopath", suite="bookworm",
                              packages=packages("musl-amd64"), scan="opt",
                              description="musl-amd64 without /etc/ld-musl-x86_64.path"),
    "musl-amd64-tar": dict(musl_amd64, path="musl-amd64.tar.gz", kind="tar", oracle_root="musl-amd64",
                           suite="bookworm", packages=packages("musl-amd64"), scan="opt"),
    "oci-bookworm-arm64": dict(glibc_arm64, path="oci/bookworm-arm64", kind="oci-layout",
                               oracle_root="oci-unpacked/bookworm-arm64/rootfs", suite="bookworm",
                               packages=packages("bookworm-arm64"), scan="opt",
                               layers=["bookworm-arm64 tree",
                                       "whiteout usr/lib/aarch64-linux-gnu/.wh.libz.so.1",
                                       "opaque opt/oci/lib/.wh..wh..opq with libbar.so.1"]),
    "docker-bookworm-arm64": dict(glibc_arm64, path="docker/bookworm-arm64.tar", kind="docker-archive",
                                  oracle_root="oci-unpacked/bookworm-arm64/rootfs", suite="bookworm",
                                  packages=packages("bookworm-arm64"), scan="opt"),
    # One layout, two platforms: the crossgo argument --platform picks the image.
    "oci-multi-arm64": dict(glibc_arm64, path="oci/multi", kind="oci-layout", platform_arg="linux/arm64",
                            oracle_root="oci-unpacked/bookworm-arm64/rootfs", suite="bookworm",
                            packages=packages("bookworm-arm64"), scan="opt"),
    "oci-multi-amd64": dict(musl_amd64, path="oci/multi", kind="oci-layout", platform_arg="linux/amd64",
                            oracle_root="musl-amd64", suite="bookworm", packages=packages("musl-amd64"),
                            scan="opt"),
}

B = os.path.join(out, "bullseye-amd64")
new_glibc_syms = versioned_symbols(os.path.join(B, "opt/cases/bin/new-glibc"), "GLIBC_2.34")
cxx_syms = versioned_symbols(os.path.join(B, "opt/cases/lib/libcxxnew.so.1"), "GLIBCXX_3.4.29")
assert new_glibc_syms and cxx_syms, (new_glibc_syms, cxx_syms)

AL = "/lib/aarch64-linux-gnu"
def case(name, root, file, why, expect, args=(), loader_env=None, in_root=True):
    return {"name": name, "root": root, "file": file, "in_root": in_root, "args": list(args),
            "loader_env": loader_env or {}, "why": why, "expect": expect}
# file: an absolute in-root path, or (in_root false) a host file given relative to the cache
# directory (the tests pass its absolute host path). expect keys: loads (bool), static, interpreter_missing, interpreter {requested, real_path},
# libraries {soname: path as the loader prints it}, missing [sonames the loader cannot find],
# rules {soname: rule}, codes [finding codes that must be present], codes_any [at least one],
# skipped [{soname, path}] (objects tried and passed over), version_missing {version, library,
# symbols}, depth {soname: n}.
cases = [
    case("arm64-zlib-cache", "bookworm-arm64", "/opt/cases/bin/zapp",
         "libz.so.1 from ld.so.cache: the path is the cache's value, /lib/... (merged /usr)",
         {"loads": True, "libraries": {"libz.so.1": f"{AL}/libz.so.1", "libc.so.6": f"{AL}/libc.so.6"},
          "rules": {"libz.so.1": "cache"},
          "interpreter": {"requested": "/lib/ld-linux-aarch64.so.1",
                          "real_path": "/usr/lib/aarch64-linux-gnu/ld-linux-aarch64.so.1"}}),
    case("arm64-cxx", "bookworm-arm64", "/opt/cases/bin/cxxapp", "a C++ program: libstdc++, libm, libgcc_s",
         {"loads": True, "libraries": {"libstdc++.so.6": f"{AL}/libstdc++.so.6", "libm.so.6": f"{AL}/libm.so.6",
                                       "libgcc_s.so.1": f"{AL}/libgcc_s.so.1"}}),
    case("arm64-ssl-depth2", "bookworm-arm64", "/opt/cases/bin/sslapp", "libcrypto.so.3 only through libssl.so.3",
         {"loads": True, "libraries": {"libssl.so.3": f"{AL}/libssl.so.3", "libcrypto.so.3": f"{AL}/libcrypto.so.3"},
          "depth": {"libssl.so.3": 1, "libcrypto.so.3": 2}}),
    case("arm64-rpath-inherited", "bookworm-arm64", "/opt/cases/bin/rpath-app",
         "DT_RPATH of the executable also serves its libraries' dependencies",
         {"loads": True, "libraries": {"libouter.so.1": "/opt/rp/lib/libouter.so.1",
                                       "libinner.so.1": "/opt/rp/inner/libinner.so.1"},
          "rules": {"libouter.so.1": "rpath", "libinner.so.1": "rpath"}}),
    case("arm64-runpath-not-inherited", "bookworm-arm64", "/opt/cases/bin/runpath-app",
         "DT_RUNPATH serves only the object's own DT_NEEDED: libouter's libinner is not found",
         {"loads": False, "libraries": {"libouter.so.1": "/opt/rp/lib/libouter.so.1"},
          "rules": {"libouter.so.1": "runpath"}, "missing": ["libinner.so.1"], "codes": ["CG881"]}),
    case("arm64-runpath-ld-library-path", "bookworm-arm64", "/opt/cases/bin/runpath-app",
         "LD_LIBRARY_PATH is searched for every object",
         {"loads": True, "libraries": {"libinner.so.1": "/opt/rp/inner/libinner.so.1"},
          "rules": {"libinner.so.1": "ld_library_path"}},
         args=["--env", "LD_LIBRARY_PATH=/opt/rp/inner"], loader_env={"LD_LIBRARY_PATH": "/opt/rp/inner"}),
    case("arm64-origin", "bookworm-arm64", "/opt/origin/bin/origin-app",
         "$ORIGIN in DT_RUNPATH; the loader prints the substituted path as it is, not normalised",
         {"loads": True, "libraries": {"liborigin.so.1": "/opt/origin/bin/../lib/liborigin.so.1"},
          "rules": {"liborigin.so.1": "runpath"}}),
    case("arm64-wrong-arch-skipped", "bookworm-arm64", "/opt/cases/bin/wrongarch-app",
         "the x86-64 libz.so.1 first on the RUNPATH is skipped; the cache's arm64 one is used",
         {"loads": True, "libraries": {"libz.so.1": f"{AL}/libz.so.1"}, "rules": {"libz.so.1": "cache"},
          "skipped": [{"soname": "libz.so.1", "path": "/usr/local/lib/libz.so.1"}], "codes": ["CG883"],
          "not_error": ["CG883"]}),
    case("arm64-wrong-arch-only", "bookworm-arm64", "/opt/cases/bin/x86only-app",
         "libx86only.so.1 exists only as x86-64 (ldconfig even lists it in the cache): missing",
         {"loads": False, "missing": ["libx86only.so.1"], "codes": ["CG881", "CG883"],
          "skipped": [{"soname": "libx86only.so.1", "path": "/usr/local/lib/libx86only.so.1"}]}),
    case("arm64-symlink-loop", "bookworm-arm64", "/opt/cases/bin/loop-app",
         "libloop.so.1 -> libloop2.so.1 -> libloop.so.1 on the RUNPATH: open fails with ELOOP",
         {"loads": False, "missing": ["libloop.so.1"], "codes_any": ["CG884", "CG881"]}),
    case("arm64-missing", "bookworm-arm64", "/opt/cases/bin/missing-app", "a library nowhere in the root",
         {"loads": False, "missing": ["libnothere.so.1"], "codes": ["CG881"]}),
    case("arm64-outside-file", "bookworm-arm64", "outside/zapp-arm64",
         "a host file (not in the root) resolved against the root",
         {"loads": True, "libraries": {"libz.so.1": f"{AL}/libz.so.1"}}, in_root=False),
    case("arm64-static", "bookworm-arm64", "/usr/sbin/ldconfig", "Debian's ldconfig is static-pie",
         {"loads": True, "static": True, "codes": ["CG885"]}),
    case("arm64-libfoo-in-tree", "bookworm-arm64", "/opt/oci/bin/app-foo", "libfoo.so.1 is in the plain tree",
         {"loads": True, "libraries": {"libfoo.so.1": "/opt/oci/lib/libfoo.so.1"}}),
    case("arm64-libbar-not-in-tree", "bookworm-arm64", "/opt/oci/bin/app-bar",
         "libbar.so.1 only comes with the OCI image's opaque layer",
         {"loads": False, "missing": ["libbar.so.1"], "codes": ["CG881"]}),
    case("bullseye-glibc-2.34", "bullseye-amd64", "/opt/cases/bin/new-glibc",
         "built against glibc 2.36: needs GLIBC_2.34, Debian 11 has 2.31",
         {"loads": False, "codes": ["CG882"], "libraries": {"libc.so.6": "/lib/x86_64-linux-gnu/libc.so.6"},
          "version_missing": {"version": "GLIBC_2.34", "library": "libc.so.6", "symbols": new_glibc_syms},
          "interpreter": {"requested": "/lib64/ld-linux-x86-64.so.2",
                          "real_path": "/lib/x86_64-linux-gnu/ld-2.31.so"}}),
    case("bullseye-glibcxx-3.4.29", "bullseye-amd64", "/opt/cases/lib/libcxxnew.so.1",
         "built with GCC 12: needs GLIBCXX_3.4.29, Debian 11's libstdc++ has up to 3.4.28",
         {"loads": False, "codes": ["CG882"],
          "version_missing": {"version": "GLIBCXX_3.4.29", "library": "libstdc++.so.6", "symbols": cxx_syms}}),
    case("bullseye-symlink-loop-ends-search", "bullseye-amd64", "/opt/cases/lib/libloopuser.so.1",
         "ELOOP in the RUNPATH's first directory ends that list: /opt/loop/real/libloop.so.1 is never tried",
         {"loads": False, "missing": ["libloop.so.1"], "codes_any": ["CG884", "CG881"]}),
    case("bullseye-compat-lib", "bullseye-amd64", "/opt/cases/lib/libcompat.so.1",
         "built on Debian 12 but only needs GLIBC_2.2.5", {"loads": True}),
    case("bullseye-zlib-lib", "bullseye-amd64", "/opt/cases/lib/libzuser.so.1",
         "libz.so.1 through the cache of a split-/usr tree",
         {"loads": True, "libraries": {"libz.so.1": "/lib/x86_64-linux-gnu/libz.so.1"}, "rules": {"libz.so.1": "cache"}}),
    case("musl-hello", "musl-amd64", "/opt/cases/bin/musl-hello", "musl's libc.so is the loader itself",
         {"loads": True, "libraries": {"libc.so": "/lib/ld-musl-x86_64.so.1"},
          "interpreter": {"requested": "/lib/ld-musl-x86_64.so.1", "real_path": "/lib/x86_64-linux-musl/libc.so"}}),
    case("musl-path-file", "musl-amd64", "/opt/cases/bin/musl-mgreet",
         "/etc/ld-musl-x86_64.path lists /opt/mlib (after a colon)",
         {"loads": True, "libraries": {"libmgreet.so": "/opt/mlib/libmgreet.so"}, "rules": {"libmgreet.so": "musl_path"}}),
    case("musl-path-file-replaces-default", "musl-amd64", "/opt/cases/bin/musl-local",
         "with a .path file musl no longer searches its default /usr/local/lib",
         {"loads": False, "missing": ["libmlocal.so"], "codes": ["CG881"]}),
    case("musl-runpath-inherited", "musl-amd64", "/opt/cases/bin/musl-runpath-app",
         "musl searches the RUNPATH of every loader up the chain (glibc does not)",
         {"loads": True, "libraries": {"libmouter.so": "/opt/mrp/lib/libmouter.so",
                                       "libminner.so": "/opt/mrp/inner/libminner.so"}}),
    case("musl-wrong-arch-not-skipped", "musl-amd64", "/opt/cases/bin/musl-wrongarch",
         "musl takes the aarch64 libmz.so first on the RUNPATH and fails; it never tries /opt/mlib",
         {"loads": False, "libraries": {"libmz.so": "/opt/mwrong/libmz.so"}, "codes": ["CG883"]}),
    case("musl-symlink-loop-ends-search", "musl-amd64", "/opt/cases/bin/musl-loop",
         "ELOOP in the RUNPATH's first directory ends musl's whole search",
         {"loads": False, "missing": ["libmloop.so"], "codes_any": ["CG884", "CG881"]}),
    case("musl-glibc-binary", "musl-amd64", "/opt/cases/bin/glibc-hello",
         "a glibc program in a musl root: its interpreter does not exist there",
         {"loads": False, "interpreter_missing": True, "codes": ["CG880"],
          "interpreter": {"requested": "/lib64/ld-linux-x86-64.so.2"}}),
    case("musl-default-path", "musl-amd64-nopath", "/opt/cases/bin/musl-local",
         "without a .path file musl searches /lib:/usr/local/lib:/usr/lib",
         {"loads": True, "libraries": {"libmlocal.so": "/usr/local/lib/libmlocal.so"},
          "rules": {"libmlocal.so": "musl_default"}}),
    case("musl-default-path-lacks-opt", "musl-amd64-nopath", "/opt/cases/bin/musl-mgreet",
         "/opt/mlib is only on the .path file's list", {"loads": False, "missing": ["libmgreet.so"], "codes": ["CG881"]}),
    case("tar-musl-path-file", "musl-amd64-tar", "/opt/cases/bin/musl-mgreet", "the musl tree read from a tar.gz",
         {"loads": True, "libraries": {"libmgreet.so": "/opt/mlib/libmgreet.so"}}),
    case("tar-musl-glibc-binary", "musl-amd64-tar", "/opt/cases/bin/glibc-hello", "interpreter missing, from a tar.gz",
         {"loads": False, "interpreter_missing": True, "codes": ["CG880"]}),
]
# The same image read as an OCI layout, as a docker archive and from the two-platform layout.
for root in ("oci-bookworm-arm64", "docker-bookworm-arm64", "oci-multi-arm64"):
    cases += [
        case(f"{root}-whiteout", root, "/opt/cases/bin/zapp",
             "layer 2 whites out libz.so.1; the cache still names /lib/aarch64-linux-gnu/libz.so.1",
             {"loads": False, "missing": ["libz.so.1"], "codes": ["CG881"]}),
        case(f"{root}-opaque-hides", root, "/opt/oci/bin/app-foo",
             "layer 3's opaque /opt/oci/lib hides layer 1's libfoo.so.1",
             {"loads": False, "missing": ["libfoo.so.1"], "codes": ["CG881"]}),
        case(f"{root}-opaque-adds", root, "/opt/oci/bin/app-bar", "libbar.so.1 comes with the opaque layer",
             {"loads": True, "libraries": {"libbar.so.1": "/opt/oci/lib/libbar.so.1"}}),
        case(f"{root}-untouched", root, "/opt/cases/bin/sslapp", "the layers above do not touch libssl",
             {"loads": True, "libraries": {"libssl.so.3": f"{AL}/libssl.so.3", "libcrypto.so.3": f"{AL}/libcrypto.so.3"}}),
    ]
cases += [
    case("oci-multi-amd64-musl", "oci-multi-amd64", "/opt/cases/bin/musl-mgreet",
         "--platform linux/amd64 picks the musl image of the two",
         {"loads": True, "libraries": {"libmgreet.so": "/opt/mlib/libmgreet.so"}}),
]
for c in cases:
    r = roots[c["root"]]
    if r.get("platform_arg"):
        c["args"] = ["--platform", r["platform_arg"]] + c["args"]
with open(os.path.join(out, "manifest.json"), "w") as f:
    json.dump({"schema": 1, "roots": roots, "cases": cases,
               "multi_platform_layout": {"path": "oci/multi", "platforms": ["linux/amd64", "linux/arm64"]}},
              f, indent=1)
    f.write("\n")
print(f"rootfs: {len(roots)} roots, {len(cases)} cases, manifest {out}/manifest.json")
PY
rm -rf "$WORK"
echo "$KEY" >"$OUT/.key"
echo "rootfs: done in $(( $(date +%s) - START ))s"
exit 0
}
