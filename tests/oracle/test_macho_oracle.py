#!/usr/bin/env python3
"""Mach-O fixtures against independent oracles, field by field.

Thin files (manifest "format": "macho"): llvm-readobj-14 --file-headers --needed-libs
--macho-version-min --sections (cputype -> goarch, filetype/MH_PIE -> kind, libraries, platform,
minos, sdk, section count), llvm-objdump-14 --macho --private-headers (every LC_SEGMENT with its
protections and nsects, LC_LOAD_DYLINKER, LC_CODE_SIGNATURE, LC_UUID, ncmds), `file` (bits and
architecture name), `go version -m` (Go version and build info) and `go tool buildid` with the
toolchain that built the fixture. Fat files ("format": "macho-fat"): llvm-lipo-14 -archs lists the
members; crossgo must report one container entry naming them, then one entry per slice equal
(except path and container) to inspecting the thin file it was made from ("derived_from").
Copies whose build info was removed ("derivation": "buildinfo-removed") must still be reported as
Go with the original's version."""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_lib import SKIP, inspect_artifacts, load_manifest, parse_args  # noqa: E402
from test_go_buildinfo import compare as compare_buildinfo, parse_go_version_m  # noqa: E402

READOBJ, OBJDUMP, LIPO = "llvm-readobj-14", "llvm-objdump-14", "llvm-lipo-14"
GOARCH = {"Arm64": "arm64", "X86-64": "amd64", "I386": "386", "Arm": "arm", "PowerPC64": "ppc64"}
KIND = {"Executable": "executable", "Dylib": "shared-library", "Bundle": "bundle",
        "Relocatable": "relocatable", "Core": "core"}
PROT = {"---": 0, "r--": 1, "rw-": 3, "r-x": 5, "rwx": 7, "-w-": 2, "--x": 4, "-wx": 6}


def run(argv):
    return subprocess.run(argv, capture_output=True, text=True, timeout=300, errors="surrogateescape")


def go_for(toolchain):
    if toolchain and toolchain.startswith("go1.23") and os.path.exists("/usr/lib/go-1.23/bin/go"):
        return "/usr/lib/go-1.23/bin/go"
    return shutil.which("go")


def parse_readobj(text):
    r = {"flags": [], "needed": [], "min": [], "sections": 0}
    m = re.search(r"CpuType: (\S+)", text)
    r["cputype"] = m.group(1) if m else None
    m = re.search(r"FileType: (\S+)", text)
    r["filetype"] = m.group(1) if m else None
    r["flags"] = re.findall(r"^\s+(MH_[A-Z_]+) \(0x", text, re.M)
    m = re.search(r"NumOfLoadCommands: (\d+)", text)
    r["ncmds"] = int(m.group(1)) if m else None
    m = re.search(r"NeededLibraries \[\n(.*?)\n\]", text, re.S)
    r["needed"] = [l.strip() for l in m.group(1).splitlines() if l.strip()] if m else []
    for block in re.findall(r"MinVersion \{(.*?)\}", text, re.S):
        f = dict(re.findall(r"^\s*(\w+): (.*)$", block, re.M))
        r["min"].append(f)
    r["sections"] = len(re.findall(r"^\s+Section \{", text, re.M))
    return r


def parse_objdump(text):
    cmds = []
    for chunk in re.split(r"^Load command \d+\n", text, flags=re.M)[1:]:
        f = {}
        for line in chunk.splitlines():
            m = re.match(r"^\s*(\w+) (.*)$", line)
            if m and m.group(1) not in f:
                f[m.group(1)] = m.group(2).strip()
        cmds.append(f)
    return cmds


def main():
    args = parse_args()
    fixtures = [fx for fx in load_manifest(args.fixtures) if fx.get("format") in ("macho", "macho-fat")]
    if not fixtures:
        print("SKIP: the manifest lists no Mach-O fixtures")
        return SKIP
    by_name = {fx["name"]: fx for fx in fixtures}
    path_of = {fx["name"]: os.path.abspath(os.path.join(args.fixtures, fx["file"])) for fx in fixtures}
    problems = []

    def chk(name, field, got, want):
        if got != want:
            problems.append(f"{name}: {field}: crossgo {got!r}, oracle {want!r}")

    arts = {}
    for a in inspect_artifacts(args.crossgo, list(path_of.values())):
        # A slice's path is "container(member)"; it is grouped under its container.
        key = (a.get("container") or {}).get("path") or a.get("path")
        arts.setdefault(key, []).append(a)

    for name, fx in by_name.items():
        path = path_of[name]
        entries = arts.get(path, [])
        if fx["format"] == "macho-fat":
            continue
        if len(entries) != 1:
            problems.append(f"{name}: {len(entries)} entries for a thin file")
            continue
        a = entries[0]
        chk(name, "format", a["format"], "macho")
        if a.get("error"):
            problems.append(f"{name}: error {a['error']}")
            continue
        mo = (a.get("details") or {}).get("macho") or {}
        ro = parse_readobj(run([READOBJ, "--file-headers", "--needed-libs", "--macho-version-min",
                                "--sections", path]).stdout)
        chk(name, "goarch", a["goarch"], GOARCH.get(ro["cputype"]))
        chk(name, "goarch (manifest)", a["goarch"], fx.get("goarch"))
        kind = KIND.get(ro["filetype"])
        if kind == "executable" and "MH_PIE" in ro["flags"]:
            kind = "pie-executable"
        chk(name, "kind", a["kind"], kind)
        chk(name, "needed", a["needed"], ro["needed"])
        chk(name, "flag_names", sorted(mo.get("flag_names", [])), sorted(ro["flags"]))
        chk(name, "ncmds", mo.get("ncmds"), ro["ncmds"])
        chk(name, "sections (sum of nsects)", sum(s["nsects"] for s in mo.get("segments", [])), ro["sections"])
        bv = [{"platform": v.get("platform_name"), "minos": v.get("minos"), "sdk": v.get("sdk") or "n/a"}
              for v in mo.get("build_versions", [])]
        want_bv = [{"platform": m.get("Platform"), "minos": m.get("Version"), "sdk": m.get("SDK")}
                   for m in ro["min"]]
        chk(name, "build_versions", bv, want_bv)
        for m in ro["min"]:
            floor = {"macos": "macos", "ios": "ios", "iossimulator": "ios-simulator"}.get(m.get("Platform"))
            if floor:
                got = {f["name"]: f["version"] for f in a.get("floors", [])}
                chk(name, f"floor {floor}", got.get(floor), m.get("Version"))
                chk(name, f"floor {floor}-sdk", got.get(floor + "-sdk"), m.get("SDK"))

        cmds = parse_objdump(run([OBJDUMP, "--macho", "--private-headers", path]).stdout)
        segs = [c for c in cmds if c.get("cmd") in ("LC_SEGMENT_64", "LC_SEGMENT")]
        got_segs = [(s["name"], int(s["vmaddr"], 16), int(s["vmsize"], 16), s["fileoff"], s["filesize"],
                     PROT.get(s["maxprot"]), PROT.get(s["initprot"]), s["nsects"]) for s in mo.get("segments", [])]
        want_segs = [(c["segname"], int(c["vmaddr"], 16), int(c["vmsize"], 16), int(c["fileoff"]),
                      int(c["filesize"]), PROT.get(c["maxprot"]), PROT.get(c["initprot"]), int(c["nsects"]))
                     for c in segs]
        chk(name, "segments", got_segs, want_segs)
        dyld = [c["name"].split(" (offset")[0] for c in cmds if c.get("cmd") == "LC_LOAD_DYLINKER"]
        chk(name, "interpreter", a["interpreter"], dyld[0] if dyld else None)
        chk(name, "linkage", a["linkage"], "dynamic" if dyld else "static")
        signed = any(c.get("cmd") == "LC_CODE_SIGNATURE" for c in cmds)
        chk(name, "hardening.code_signature", (a.get("hardening") or {}).get("code_signature"), signed)
        uuid = [c["uuid"] for c in cmds if c.get("cmd") == "LC_UUID"]
        chk(name, "uuid", mo.get("uuid"), uuid[0] if uuid else None)
        unsigned_warning = any("Killed: 9" in w for w in a.get("warnings", []))
        chk(name, "unsigned arm64 warning", unsigned_warning, a["goarch"] == "arm64" and a["goos"] == "darwin" and not signed)

        desc = run(["file", "-b", path]).stdout
        m = re.match(r"Mach-O (64-bit )?(\S+) ", desc)
        chk(name, "bits (file)", a["bits"], 64 if m and m.group(1) else 32)
        chk(name, "arch_name (file)", mo.get("arch_name"), m.group(2) if m else None)

        chk(name, "goos", a["goos"], fx.get("goos"))
        if any(l.endswith("/libSystem.B.dylib") for l in ro["needed"]):
            chk(name, "libc", (a.get("libc") or {}).get("flavour"), "libsystem")

        go = go_for(fx.get("toolchain"))
        if fx.get("derivation") == "buildinfo-removed":
            g = a.get("go") or {}
            want = fx.get("go_version") or by_name.get(fx.get("derived_from"), {}).get("go_version")
            chk(name, "go.version (buildinfo removed)", g.get("version"), want)
            if not g.get("version_source") or g.get("version_source") == "buildinfo":
                problems.append(f"{name}: version_source {g.get('version_source')!r} for a file without build info")
        elif go:
            vm = run([go, "version", "-m", path])
            if vm.returncode == 0:
                compare_buildinfo(name, a.get("go"), parse_go_version_m(vm.stdout, path), problems)
            else:
                problems.append(f"{name}: go version -m failed: {vm.stderr.strip()}")
        if go and fx.get("lang", "go") == "go":
            bid = run([go, "tool", "buildid", path])
            if bid.returncode == 0:
                chk(name, "go.build_id", (a.get("go") or {}).get("build_id"), bid.stdout.strip())

    # Fat files: lipo's member list, one container entry, then slices identical to the thin files.
    for name, fx in by_name.items():
        if fx["format"] != "macho-fat":
            continue
        path = path_of[name]
        entries = arts.get(path, [])
        archs = run([LIPO, path, "-archs"]).stdout.split()
        if not entries:
            problems.append(f"{name}: no entries")
            continue
        head, slices = entries[0], entries[1:]
        chk(name, "container format", head["format"], "macho-fat")
        chk(name, "members", head.get("members"), archs)
        chk(name, "slice count", len(slices), len(archs))
        sources = fx.get("derived_from") or []
        if isinstance(sources, str):
            sources = [sources]
        thin = {}
        for src in sources:
            sp = path_of.get(src) or os.path.abspath(os.path.join(args.fixtures, by_name.get(src, {}).get("file", src)))
            for a in arts.get(sp, []) or inspect_artifacts(args.crossgo, [sp]):
                thin[a.get("goarch")] = a
        for s in slices:
            c = s.get("container") or {}
            chk(name, "slice container.format", c.get("format"), "macho-fat")
            chk(name, "slice container.path", c.get("path"), path)
            if c.get("member") not in archs:
                problems.append(f"{name}: slice member {c.get('member')!r} not in lipo's {archs}")
            t = thin.get(s.get("goarch"))
            if t is None:
                problems.append(f"{name}: no thin file for the {s.get('goarch')} slice among {sources}")
                continue
            strip = lambda x: {k: v for k, v in x.items() if k not in ("path", "container")}  # noqa: E731
            if strip(s) != strip(t):
                diff = sorted(k for k in set(s) | set(t) if k not in ("path", "container") and s.get(k) != t.get(k))
                problems.append(f"{name}: slice {c.get('member')} differs from the thin file in {diff}")

    for p in problems:
        print("MISMATCH:", p)
    print(f"checked {len(fixtures)} Mach-O fixtures")
    if problems:
        print("FAIL")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
