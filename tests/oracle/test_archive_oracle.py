#!/usr/bin/python3
"""Oracle test: `crossgo inspect --json` on ar archives against GNU ar, llvm-ar-14, readelf and the
Go toolchain.

Archives: built here at test time in a temporary folder --
  * C objects (gcc -c) archived by GNU `ar rcs` (GNU format, a "//" table for the long name), by
    `llvm-ar-14 --format=gnu` and by `llvm-ar-14 --format=bsd` ("#1/N" long names, __.SYMDEF);
  * a Go package archive, `go build -buildmode=archive` (__.PKGDEF and _go_.o), with each Go
    toolchain installed (go1.19 /usr/bin/go, go1.23 /usr/lib/go-1.23/bin/go when present);
  * testdata/go/clib built with -buildmode=c-archive (libclib.a: ELF relocatable members);
  * Go's own $GOROOT/pkg/<goos>_<goarch>/runtime.a when the toolchain ships it (Debian's 1.19 does);
plus every manifest fixture with "format": "archive" or "goobj" when the fixtures are built.

For each archive, independently of crossgo:
  * `ar t` and `llvm-ar-14 t` give the member names in order (the symbol and name tables are not
    members); `ar tv` the sizes; `ar p ARCHIVE MEMBER` the bytes, which must be the bytes at the
    member offset crossgo reports;
  * ELF members (`ar x` into a temporary folder): `readelf -h` Type and Machine → kind, GOARCH;
  * Go members: their first line ("go object GOOS GOARCH VERSION …", `ar p … | head -c 200`) →
    format goobj, GOOS, GOARCH.
crossgo must give one entry for the archive (format "archive", its members in order) followed by
one entry per member, path "ARCHIVE(MEMBER)", "container": {"path", "format", "member", "offset"}.

Every mismatch is printed as "FILE: FIELD: crossgo=… expected=… (source)"; exit 1 if any.
Nothing is skipped: the archives are built here (exit 77 is never used).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from fixture_lib import parse_args

# readelf's "Machine:" text -> GOARCH by ELF class (binutils' names; ELF specification numbers).
READELF_MACHINES = {
    "Advanced Micro Devices X86-64": {"ELF64": "amd64"},
    "Intel 80386": {"ELF32": "386"},
    "AArch64": {"ELF64": "arm64"},
}
READELF_KINDS = {"REL": "relocatable", "EXEC": "executable", "DYN": "shared-library"}

C_SOURCES = {
    "short.c": "int short_fn(int x) { return x + 1; }\n",
    # 27 bytes as an object name: past the 15 a GNU or BSD name field holds.
    "a_rather_long_object_name.c": "int long_fn(int x) { return x * 2; }\n",
}
GO_PACKAGE = "package p\n\nfunc Add(a, b int) int { return a + b }\n"


class Report:
    def __init__(self):
        self.lines = []
        self.checked = 0

    def expect(self, path, field, got, want, source):
        self.checked += 1
        if got != want:
            self.lines.append(f"{path}: {field}: crossgo={got!r} expected={want!r} ({source})")


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, check=True, **kw)


# ---------------------------------------------------------------- building the archives

def build_c_archives(tmp, problems):
    objs = []
    for name, text in C_SOURCES.items():
        src = os.path.join(tmp, name)
        with open(src, "w") as f:
            f.write(text)
        obj = src[:-2] + ".o"
        run(["gcc", "-c", "-O2", "-o", obj, src])
        objs.append(obj)
    out = []
    for name, cmd in [("libgnu.a", ["ar", "rcs"]),
                      ("libllvm-gnu.a", ["llvm-ar-14", "--format=gnu", "rcs"]),
                      ("libllvm-bsd.a", ["llvm-ar-14", "--format=bsd", "rcs"])]:
        path = os.path.join(tmp, name)
        try:
            run(cmd + [path] + objs, cwd=tmp)
            out.append(path)
        except (OSError, subprocess.CalledProcessError) as e:
            problems.append(f"building {name}: {e}")
    return out


def go_toolchains():
    out = ["/usr/bin/go"] if os.path.exists("/usr/bin/go") else []
    if os.path.exists("/usr/lib/go-1.23/bin/go"):
        out.append("/usr/lib/go-1.23/bin/go")
    return out


def go_env(tmp):
    env = dict(os.environ, GOFLAGS="-mod=mod", GOPROXY="off", GOTOOLCHAIN="local",
               GOCACHE=os.path.join(tmp, "gocache"), GOPATH=os.path.join(tmp, "gopath"))
    return env


def build_go_archives(tmp, source_dir, problems):
    out = []
    mod = os.path.join(tmp, "gomod")
    os.makedirs(mod, exist_ok=True)
    with open(os.path.join(mod, "go.mod"), "w") as f:
        f.write("module example.com/p\n\ngo 1.19\n")
    with open(os.path.join(mod, "p.go"), "w") as f:
        f.write(GO_PACKAGE)
    for i, go in enumerate(go_toolchains()):
        path = os.path.join(tmp, f"gopkg{i}.a")
        try:
            run([go, "build", "-buildmode=archive", "-o", path, "."], cwd=mod, env=go_env(tmp))
            out.append(path)
        except (OSError, subprocess.CalledProcessError) as e:
            problems.append(f"go build -buildmode=archive with {go}: {getattr(e, 'stderr', e)}")
    clib = os.path.join(source_dir, "testdata", "go", "clib")
    if os.path.isdir(clib) and go_toolchains():
        path = os.path.join(tmp, "libclib.a")
        try:
            run([go_toolchains()[0], "build", "-buildmode=c-archive", "-o", path, "."], cwd=clib,
                env=dict(go_env(tmp), CGO_ENABLED="1"))
            out.append(path)
        except (OSError, subprocess.CalledProcessError) as e:
            problems.append(f"go build -buildmode=c-archive: {getattr(e, 'stderr', e)}")
    for go in go_toolchains():
        try:
            root = run([go, "env", "GOROOT"], text=True).stdout.strip()
            goos_goarch = run([go, "env", "GOOS", "GOARCH"], text=True).stdout.split()
            runtime_a = os.path.join(root, "pkg", "_".join(goos_goarch), "runtime.a")
            if os.path.isfile(runtime_a):
                out.append(runtime_a)
        except (OSError, subprocess.CalledProcessError):
            pass
    return out


def manifest_archives(fixtures_dir):
    path = os.path.join(fixtures_dir, "manifest.json")
    if not os.path.isfile(path):
        return []
    with open(path) as f:
        fixtures = json.load(f).get("fixtures", [])
    return [os.path.join(fixtures_dir, fx["file"]) for fx in fixtures
            if fx.get("format") in ("archive", "goobj")]


# ---------------------------------------------------------------- oracles

def ar_members(archive):
    """(names in order from `ar t`, sizes from `ar tv`)."""
    names = run(["ar", "t", archive]).stdout.decode("utf-8", "surrogateescape").splitlines()
    sizes = []
    # "rw-r--r-- 0/0   1234 Jan  1 00:00 1970 name": the size is the third column.
    for line in run(["ar", "tv", archive]).stdout.decode("utf-8", "surrogateescape").splitlines():
        m = re.match(r"^\S+\s+\d+/\d+\s+(\d+)\s", line)
        sizes.append(int(m.group(1)) if m else None)
    return names, sizes


def llvm_ar_members(archive):
    return run(["llvm-ar-14", "t", archive]).stdout.decode("utf-8", "surrogateescape").splitlines()


def readelf_header(path):
    text = run(["readelf", "-h", path], text=True).stdout
    fields = dict(re.findall(r"^\s*([A-Za-z ]+):\s*(.*?)\s*$", text, re.M))
    kind = READELF_KINDS.get(fields.get("Type", "").split(" ")[0])
    goarch = READELF_MACHINES.get(fields.get("Machine", ""), {}).get(fields.get("Class", ""))
    return {"kind": kind, "goarch": goarch, "class": fields.get("Class")}


def go_first_line(data):
    """GOOS, GOARCH from "go object GOOS GOARCH …" (cmd/internal/objabi HeaderString)."""
    head = data[:200].split(b"\n", 1)[0].decode("ascii", "replace")
    words = head.split(" ")
    if len(words) >= 5 and words[0] == "go" and words[1] == "object":
        return {"goos": words[2], "goarch": words[3], "go_version": words[4]}
    return None


# ---------------------------------------------------------------- comparison

def member_name(m):
    return m["name"] if isinstance(m, dict) else m


def go_pack_members(archive):
    """Member names as Go's own reader gives them (cmd/internal/archive via `go tool pack t`). A
    toolchain's pack reads only objects of its own version ("go object of a different version"):
    the first toolchain that reads the archive answers."""
    for go in go_toolchains():
        res = subprocess.run([go, "tool", "pack", "t", archive], capture_output=True)
        if res.returncode == 0:
            return res.stdout.decode("utf-8", "surrogateescape").splitlines()
    return None


def oracle_members(rep, archive):
    """(names, sizes, names as GNU ar knows them) from the oracles, which are checked against
    each other first."""
    ar_names, sizes = ar_members(archive)
    with open(archive, "rb") as f:
        written_by_go = f.read(17) == b"!<arch>\n__.PKGDEF"
    names = go_pack_members(archive) if written_by_go else None
    if names is not None:
        # Go package archives (cmd/pack, cmd/go): 16-byte names with no terminator. binutils
        # reads at most 15 bytes of such a name (bfd ar_maxnamelen); Go and LLVM read all 16.
        rep.expect(archive, "ar t vs go tool pack t", ar_names,
                   [n[:15] if len(n) == 16 else n for n in names], "the oracles agree")
        rep.expect(archive, "llvm-ar-14 t vs go tool pack t", llvm_ar_members(archive), names, "the oracles agree")
        return names, sizes, ar_names
    names = llvm_ar_members(archive)
    # GNU ar lists a BSD archive's symbol table (__.SYMDEF, its first member) as a member;
    # llvm-ar does not, and neither does crossgo (it is the archive's index, not a member).
    if ar_names and ar_names[0].startswith("__.SYMDEF") and names[:1] != ar_names[:1]:
        ar_names, sizes = ar_names[1:], sizes[1:]
    rep.expect(archive, "ar t vs llvm-ar-14 t", ar_names, names, "the oracles agree")
    return names, sizes, ar_names


def check_goobj(rep, path, entries):
    """A Go object file on its own (a manifest "goobj" fixture): its first line is the oracle."""
    with open(path, "rb") as f:
        go = go_first_line(f.read(200))
    e = entries[0] if entries else {}
    rep.expect(path, "format", e.get("format"), "goobj" if go else "not-binary", "first line")
    if go:
        rep.expect(path, "goos", e.get("goos"), go["goos"], "first line")
        rep.expect(path, "goarch", e.get("goarch"), go["goarch"], "first line")


def check_archive(rep, archive, entries, tmp):
    with open(archive, "rb") as f:
        if f.read(8) != b"!<arch>\n":
            return check_goobj(rep, archive, entries)
    names, sizes, ar_names = oracle_members(rep, archive)
    heads = [e for e in entries if e.get("path") == archive]
    rep.expect(archive, "container entries", len(heads), 1, "one entry for the archive")
    if not heads:
        return
    head = heads[0]
    rep.expect(archive, "format", head.get("format"), "archive", "!<arch> magic")
    rep.expect(archive, "error", head.get("error"), None, "ar t read it")
    rep.expect(archive, "members", [member_name(m) for m in head.get("members", [])], names,
               "ar t / llvm-ar-14 t / go tool pack t")
    if head.get("members") and isinstance(head["members"][0], dict):
        rep.expect(archive, "member sizes", [m.get("size") for m in head["members"]], sizes, "ar tv")

    members = [e for e in entries if (e.get("container") or {}).get("path") == archive]
    rep.expect(archive, "member entries", [(e["container"] or {}).get("member") for e in members], names,
               "ar t, in order")
    with open(archive, "rb") as f:
        blob = f.read()
    extract = tempfile.mkdtemp(dir=tmp)
    run(["ar", "x", os.path.abspath(archive)], cwd=extract)
    seen = set()
    for e, name, size, ar_name in zip(members, names, sizes, ar_names):
        where = f"{archive}({name})"
        ref = e.get("container") or {}
        rep.expect(where, "path", e.get("path"), where, "ARCHIVE(MEMBER)")
        rep.expect(where, "container.format", ref.get("format"), "archive", "ar")
        if ar_name in seen:  # `ar p` and `ar x` give the first of equal names only
            continue
        seen.add(ar_name)
        data = run(["ar", "p", archive, ar_name]).stdout
        rep.expect(where, "size", len(data), size, "ar tv vs ar p")
        off = ref.get("offset")
        rep.expect(where, "bytes at container.offset",
                   isinstance(off, int) and blob[off:off + len(data)] == data, True, "ar p")
        go = go_first_line(data)
        if data[:4] == b"\x7fELF":
            r = readelf_header(os.path.join(extract, ar_name))
            rep.expect(where, "format", e.get("format"), "elf", "ELF magic")
            rep.expect(where, "kind", e.get("kind"), r["kind"], "readelf -h Type")
            rep.expect(where, "goarch", e.get("goarch"), r["goarch"], "readelf -h Machine/Class")
        elif go:
            rep.expect(where, "format", e.get("format"), "goobj", "go object header")
            rep.expect(where, "kind", e.get("kind"), "relocatable", "a Go object is not linked")
            rep.expect(where, "goos", e.get("goos"), go["goos"], "first line")
            rep.expect(where, "goarch", e.get("goarch"), go["goarch"], "first line")
            rep.expect(where, "machine", e.get("machine"), f"go object {go['goos']}/{go['goarch']}", "first line")
            rep.expect(where, "error", e.get("error"), None, "first line parsed")
    shutil.rmtree(extract, ignore_errors=True)


def main():
    args = parse_args()
    source = args.source or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    rep, problems = Report(), []
    with tempfile.TemporaryDirectory(prefix="crossgo-ar-oracle-") as tmp:
        archives = build_c_archives(tmp, problems) + build_go_archives(tmp, source, problems)
        archives += manifest_archives(args.fixtures)
        kinds = {"gnu": False, "bsd": False, "go": False, "c-archive": False}
        for a in archives:
            res = subprocess.run([args.crossgo, "inspect", "--json", a], capture_output=True, timeout=600)
            try:
                entries = json.loads(res.stdout.decode("utf-8", "surrogateescape"))["artifacts"]
            except (ValueError, KeyError) as e:
                problems.append(f"{a}: crossgo output is not JSON ({e}): {res.stderr[:300]!r}")
                continue
            check_archive(rep, a, entries, tmp)
            kinds["gnu"] |= a.endswith("libgnu.a")
            kinds["bsd"] |= a.endswith("libllvm-bsd.a")
            kinds["go"] |= os.path.basename(a).startswith("gopkg")
            kinds["c-archive"] |= a.endswith("libclib.a")
        for k, built in kinds.items():
            if not built:
                problems.append(f"no {k} archive was built: that variant went unchecked")
    for line in problems:
        print("PROBLEM:", line)
    for line in rep.lines[:300]:
        print("MISMATCH:", line)
    print(f"checked {len(archives)} archives, {rep.checked} comparisons, {len(rep.lines)} mismatches")
    if problems or rep.lines:
        print("FAIL")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
