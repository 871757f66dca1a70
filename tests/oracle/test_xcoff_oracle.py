#!/usr/bin/python3
"""XCOFF (aix/ppc64) fixtures: crossgo vs independent readers.

For every manifest fixture with "format": "xcoff", runs `crossgo inspect --json` and compares:
  - llvm-readobj-14 --file-headers --sections --auxiliary-header (LLVM's XCOFF reader): magic,
    section count and names, f_flags, f_symptr/f_nsyms, f_opthdr, the auxiliary header's module
    type, TOC anchor, .text/.data start and the loader section number; Arch -> goarch;
  - `file` (libmagic): XCOFF bits and executable kind;
  - the imported libraries against the toolchain's own runtime sources: every
    `//go:cgo_import_dynamic … "libc.a/shr_64.o"` directive of GOROOT/src/runtime/*aix*.go
    names one archive member the linker writes into the loader section (cmd/link xcoff.go,
    Loaderblk/writeLdrScn), as "base(member)";
  - `go version -m` (debug/buildinfo) and `go tool buildid` of the toolchain that built the
    fixture (manifest "toolchain"); for a buildinfo-removed copy, that crossgo still finds the
    Go version of the original (manifest "go_version") and says where it found it.
Exit 0 when everything matches, 1 on a mismatch, 77 when the fixtures were never built.
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

from fixture_lib import SKIP, inspect_artifacts, load_manifest, parse_args
from test_go_buildinfo import compare, go_env, parse_go_version_m, run

TOOLCHAINS = {"go1.19": "/usr/lib/go-1.19/bin/go", "go1.23": "/usr/lib/go-1.23/bin/go"}


def toolchain_go(fx):
    tc = fx.get("toolchain") or ""
    for prefix, path in TOOLCHAINS.items():
        if tc.startswith(prefix) and os.path.exists(path):
            return path
    return None


def readobj(path):
    """llvm-readobj's file header, auxiliary header and sections as dicts."""
    res = run(["llvm-readobj-14", "--file-headers", "--sections", "--auxiliary-header", path])
    if res.returncode != 0:
        raise RuntimeError(res.stderr)
    out = {"sections": [], "aux": {}}
    block = None
    for line in res.stdout.splitlines():
        s = line.strip()
        if s in ("FileHeader {", "AuxiliaryHeader {"):
            block = s.split()[0]
            continue
        if s == "Section {":
            block = "Section"
            out["sections"].append({})
            continue
        if s == "}":
            block = None
            continue
        key, sep, value = s.partition(": ")
        if not sep:
            continue
        if block is None:
            out[key] = value
        elif block == "FileHeader":
            out[key] = value
        elif block == "AuxiliaryHeader":
            out["aux"][key] = value
        else:
            out["sections"][-1][key] = value
    return out


def runtime_imports(goroot_go):
    """The archive members Go's runtime imports on AIX, from its own sources."""
    goroot = run([goroot_go, "env", "GOROOT"]).stdout.strip()
    libs = set()
    for f in glob.glob(os.path.join(goroot, "src", "runtime", "*aix*.go")):
        with open(f, errors="replace") as fh:
            for m in re.finditer(r'^//go:cgo_import_dynamic\s+\S+\s+\S+\s+"([^"/]+)/([^"]+)"', fh.read(), re.M):
                libs.add(f"{m.group(1)}({m.group(2)})")
    return libs


def main():
    args = parse_args()
    fixtures = [f for f in load_manifest(args.fixtures) if f.get("format") == "xcoff"]
    if not fixtures:
        print("SKIP: the manifest has no XCOFF fixtures")
        return SKIP
    paths = [os.path.join(args.fixtures, f["file"]) for f in fixtures]
    got_all = {a["path"]: a for a in inspect_artifacts(args.crossgo, paths)}
    problems, checked = [], 0
    tmp = tempfile.mkdtemp(prefix="xcoff-oracle-")
    env = go_env(tmp)

    def check(name, field, got, want):
        nonlocal checked
        checked += 1
        if got != want:
            problems.append(f"{name}: {field}: crossgo {got!r}, oracle {want!r}")

    for fx, path in zip(fixtures, paths):
        name = fx["name"]
        a = got_all.get(path)
        if a is None or a.get("error"):
            problems.append(f"{name}: crossgo did not read it: {a and a.get('error')}")
            continue
        d = (a.get("details") or {}).get("xcoff") or {}
        ro = readobj(path)
        check(name, "format", a["format"], "xcoff")
        check(name, "magic", int(d.get("magic", "0"), 16), int(ro["Magic"], 16))
        check(name, "bits", a["bits"], 64 if ro["AddressSize"] == "64bit" else 32)
        check(name, "goarch", a["goarch"], {"powerpc64": "ppc64", "powerpc": "ppc"}.get(ro["Arch"]))
        check(name, "section count", len(d.get("section_names", [])), int(ro["NumberOfSections"]))
        check(name, "section names", d.get("section_names"), [s["Name"] for s in ro["sections"]])
        check(name, "flags", int(d.get("flags", "0"), 16), int(ro["Flags"], 16))
        check(name, "symptr", int(d.get("symptr", "0"), 16), int(ro["SymbolTableOffset"], 16))
        check(name, "nsyms", d.get("nsyms"), int(ro["SymbolTableEntries"]))
        check(name, "opthdr", d.get("opthdr"), int(ro["OptionalHeaderSize"], 16))
        aux = d.get("aux_header") or {}
        if ro["aux"]:
            mt = int(ro["aux"]["Module type"], 16)
            check(name, "modtype", aux.get("modtype"), chr(mt >> 8) + chr(mt & 0xFF))
            check(name, "toc", int(aux.get("toc", "0"), 16), int(ro["aux"]["TOC anchor address"], 16))
            check(name, "text_start", int(aux.get("text_start", "0"), 16),
                  int(ro["aux"][".text section start address"], 16))
            check(name, "data_start", int(aux.get("data_start", "0"), 16),
                  int(ro["aux"][".data section start address"], 16))
            check(name, "loader_section", d.get("loader_section"), int(ro["aux"]["Section number of loader data"]))
        # file(1): "64-bit XCOFF executable or object module"
        desc = run(["file", "-b", path]).stdout
        if "XCOFF" in desc:
            check(name, "bits (file)", a["bits"], 64 if desc.startswith("64-bit") else 32)
        go = toolchain_go(fx)
        check(name, "goos", a["goos"], "aix")
        check(name, "kind", a["kind"], "executable")
        if go:
            want_libs = runtime_imports(go)
            check(name, "needed", set(a["needed"]), want_libs)
            check(name, "linkage", a["linkage"], "dynamic" if want_libs else "static")
            check(name, "libc", a["libc"]["flavour"], "aix")
        else:
            problems.append(f"{name}: toolchain {fx.get('toolchain')!r} is not installed")
            continue
        gj = a.get("go") or {}
        if fx.get("derivation") == "buildinfo-removed":
            check(name, "go.buildinfo", gj.get("main"), None)
            check(name, "go.version", gj.get("version"), fx.get("go_version") or fx_original_version(go, env))
            checked += 1
            if not gj.get("version_source") or gj.get("version_source") == "buildinfo":
                problems.append(f"{name}: version_source {gj.get('version_source')!r} for a copy without build info")
        else:
            res = run([go, "version", "-m", path], env=env)
            if res.returncode != 0:
                problems.append(f"{name}: go version -m failed: {res.stderr.strip()}")
            else:
                before = len(problems)
                compare(name, gj, parse_go_version_m(res.stdout.rstrip("\n"), path), problems)
                checked += 1
                check(name, "go.version_source", gj.get("version_source"), "buildinfo")
                del before
        res = run([go, "tool", "buildid", path], env=env)
        if res.returncode == 0:
            check(name, "go.build_id", gj.get("build_id"), res.stdout.strip())
    print(f"xcoff oracle: {len(fixtures)} fixtures, {checked} comparisons, {len(problems)} mismatches")
    for p in problems:
        print("MISMATCH " + p)
    return 1 if problems else 0


def fx_original_version(go, env):
    """`go version` of the toolchain itself (the version a copy's original was built with)."""
    return run([go, "env", "GOVERSION"], env=env).stdout.strip()


if __name__ == "__main__":
    sys.exit(main())
