#!/usr/bin/python3
"""Oracle test: `crossgo inspect --json` on every PE fixture (manifest "format": "pe") against
independent readers of the same file:

  llvm-readobj-14 --file-headers --sections --coff-imports: machine, PE32/PE32+, characteristics,
      DllCharacteristics, subsystem, OS / subsystem / linker versions, timestamp, data directories
      (certificate, debug), COFF symbol table, section names, imported and delay-loaded DLLs;
  llvm-objdump-14 -p: the imported DLL names again (a second parser);
  file: PE32 vs PE32+, architecture, DLL or executable, section count;
  go version -m / go tool buildid (the toolchain the manifest names): Go version, build info,
      build ID; for a "buildinfo-removed" copy, the version of the original and how it was found;
  the manifest: goos, goarch, cgo, C runtime.

Every mismatch is printed as "NAME: FIELD: crossgo=… expected=… (source)"; exit 1 if any, 77 only
when the fixtures were never built.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from fixture_lib import inspect_artifacts, load_manifest, parse_args
from test_go_buildinfo import compare as compare_buildinfo, go_env, parse_go_version_m

TIMEOUT = 120
READOBJ = "llvm-readobj-14"
OBJDUMP = "llvm-objdump-14"

# The specification's machine names -> GOARCH (cmd/link/internal/ld/pe.go writes these).
GOARCH = {"IMAGE_FILE_MACHINE_I386": "386", "IMAGE_FILE_MACHINE_AMD64": "amd64",
          "IMAGE_FILE_MACHINE_ARM64": "arm64", "IMAGE_FILE_MACHINE_ARMNT": "arm"}
# GOARCH -> the words file(1) prints.
FILE_ARCH = {"386": "Intel 80386", "amd64": "x86-64", "arm64": "Aarch64", "arm": "ARM"}
DYNAMIC_BASE, HIGH_ENTROPY_VA, NX_COMPAT, GUARD_CF = 0x40, 0x20, 0x100, 0x4000
FILE_DLL, FILE_EXECUTABLE = 0x2000, 0x2
# Toolchains by the version `go env GOVERSION` prints.
GO_CANDIDATES = ["/usr/bin/go", "/usr/lib/go-1.23/bin/go", "/usr/lib/go-1.19/bin/go"]


def run(argv, env=None):
    return subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT, env=env,
                          errors="surrogateescape")


def toolchains(env):
    out = {}
    for go in GO_CANDIDATES:
        if os.access(go, os.X_OK):
            p = run([go, "env", "GOVERSION"], env=env)
            if p.returncode == 0:
                out.setdefault(p.stdout.strip(), go)
    return out


# ---------------------------------------------------------------- llvm-readobj

def parse_readobj(text):
    r = {"sections": [], "imports": [], "delay_imports": []}

    def field(name, conv=str):
        m = re.search(r"^\s*" + re.escape(name) + r": (.*)$", text, re.M)
        return conv(m.group(1).strip()) if m else None

    hexint = lambda v: int(v, 16)
    r["machine"] = field("Machine")
    r["magic"] = field("Magic")  # the first "Magic:" is the optional header's (0x20B), DOS is "MZ"
    # Two-space indented: the COFF header's, then the optional header's DllCharacteristics
    # (section characteristics are indented further).
    chars = [int(v, 16) for v in re.findall(r"^  Characteristics \[ \(0x([0-9A-F]+)\)", text, re.M)]
    r["characteristics"] = chars[0] if chars else None
    r["dll_characteristics"] = chars[1] if len(chars) > 1 else None
    m = re.search(r"TimeDateStamp: .*\(0x([0-9A-F]+)\)", text)
    r["timestamp"] = int(m.group(1), 16) if m else None
    r["pointer_to_symbols"] = field("PointerToSymbolTable", hexint)
    r["symbol_count"] = field("SymbolCount", int)
    r["image_base"] = field("ImageBase", hexint)
    r["entry"] = field("AddressOfEntryPoint", hexint)
    for key in ("MajorLinkerVersion", "MinorLinkerVersion", "MajorOperatingSystemVersion",
                "MinorOperatingSystemVersion", "MajorSubsystemVersion", "MinorSubsystemVersion"):
        r[key] = field(key, int)
    m = re.search(r"Subsystem: \S+ \((0x[0-9A-F]+)\)", text)
    r["subsystem"] = int(m.group(1), 16) if m else None
    for key in ("CertificateTableRVA", "CertificateTableSize", "DebugRVA", "DebugSize"):
        r[key] = field(key, hexint)
    r["sections"] = re.findall(r"^\s*Name: (\S+) \((?:[0-9A-F]{2} ?){8}\)$", text, re.M)
    r["imports"] = re.findall(r"^Import \{\n\s*Name: (.*)$", text, re.M)
    r["delay_imports"] = re.findall(r"^DelayImport \{\n\s*Name: (.*)$", text, re.M)
    return r


def expected(r):
    e = {}
    e["machine_name"] = r["machine"].split(" ")[0] if r["machine"] else None
    e["machine"] = r["machine"].lower() if r["machine"] else None
    e["goarch"] = GOARCH.get(e["machine_name"])
    e["bits"] = {"0x20B": 64, "0x10B": 32}.get(r["magic"])
    c = r["characteristics"] or 0
    e["kind"] = "shared-library" if c & FILE_DLL else ("executable" if c & FILE_EXECUTABLE else None)
    dc = r["dll_characteristics"] or 0
    e["dll_characteristics"] = "0x%04x" % dc
    e["characteristics"] = "0x%04x" % c
    e["pie"] = bool(dc & DYNAMIC_BASE)
    e["nx"] = bool(dc & NX_COMPAT)
    e["cfg"] = bool(dc & GUARD_CF)
    e["high_entropy_va"] = bool(dc & HIGH_ENTROPY_VA) if e["bits"] == 64 else None
    e["code_signature"] = bool(r["CertificateTableRVA"] and r["CertificateTableSize"])
    e["has_debug_directory"] = bool(r["DebugRVA"] and r["DebugSize"])
    e["stripped"] = not (r["pointer_to_symbols"] and r["symbol_count"])
    e["dwarf"] = bool({".debug_info", ".zdebug_info"} & set(r["sections"]))
    e["os_version"] = "%s.%s" % (r["MajorOperatingSystemVersion"], r["MinorOperatingSystemVersion"])
    e["subsystem_version"] = "%s.%s" % (r["MajorSubsystemVersion"], r["MinorSubsystemVersion"])
    e["linker_version"] = "%s.%s" % (r["MajorLinkerVersion"], r["MinorLinkerVersion"])
    e["needed"] = r["imports"] + r["delay_imports"]
    e["linkage"] = "dynamic" if e["needed"] else "static"
    low = [n.lower() for n in e["needed"]]
    if any(n == "ucrtbase.dll" or n.startswith("api-ms-win-crt-") for n in low):
        e["crt"] = "ucrt"
    elif "msvcrt.dll" in low:
        e["crt"] = "msvcrt"
    else:
        e["crt"] = None
    return e


def objdump_dlls(path):
    p = run([OBJDUMP, "-p", path])
    return re.findall(r"^\s*DLL Name: (.*)$", p.stdout, re.M) if p.returncode == 0 else None


# ---------------------------------------------------------------- comparing

class Problems(list):
    def bad(self, name, field, got, want, source):
        if got != want:
            self.append(f"{name}: {field}: crossgo={got!r} expected={want!r} ({source})")


def compare_headers(P, name, a, e, r):
    d = (a.get("details") or {}).get("pe") or a.get("pe") or {}
    h = a.get("hardening") or {}
    P.bad(name, "format", a.get("format"), "pe", "MZ/PE signature")
    P.bad(name, "error", a.get("error"), None, "llvm-readobj parsed the file")
    P.bad(name, "machine", (a.get("machine") or "").lower(), e["machine"], READOBJ)
    P.bad(name, "goarch", a.get("goarch"), e["goarch"], READOBJ + " Machine")
    P.bad(name, "bits", a.get("bits"), e["bits"], READOBJ + " Magic")
    kind = a.get("kind")
    if not (kind == e["kind"] or (e["kind"] == "executable" and e["pie"] and kind == "pie-executable")):
        P.bad(name, "kind", kind, e["kind"], READOBJ + " Characteristics")
    P.bad(name, "linkage", a.get("linkage"), e["linkage"], READOBJ + " imports")
    P.bad(name, "needed", a.get("needed"), e["needed"], READOBJ + " --coff-imports")
    P.bad(name, "details.pe.sections", d.get("sections"), r["sections"], READOBJ + " --sections")
    P.bad(name, "details.pe.delay_imports", d.get("delay_imports"), r["delay_imports"], READOBJ)
    P.bad(name, "details.pe.characteristics", d.get("characteristics"), e["characteristics"], READOBJ)
    P.bad(name, "details.pe.dll_characteristics", d.get("dll_characteristics"), e["dll_characteristics"], READOBJ)
    P.bad(name, "details.pe.subsystem", d.get("subsystem"), r["subsystem"], READOBJ)
    P.bad(name, "details.pe.optional_header", d.get("optional_header"),
          {64: "PE32+", 32: "PE32"}.get(e["bits"]), READOBJ + " Magic")
    P.bad(name, "details.pe.timestamp", d.get("timestamp"), r["timestamp"], READOBJ)
    for key in ("os_version", "subsystem_version", "linker_version"):
        P.bad(name, "details.pe." + key, d.get(key), e[key], READOBJ)
    P.bad(name, "details.pe.has_certificate", d.get("has_certificate"), e["code_signature"], READOBJ)
    P.bad(name, "details.pe.has_debug_directory", d.get("has_debug_directory"), e["has_debug_directory"], READOBJ)
    for key in ("pie", "nx", "cfg", "high_entropy_va", "code_signature", "stripped", "dwarf"):
        P.bad(name, "hardening." + key, h.get(key), e[key], READOBJ)
    P.bad(name, "hardening.aslr", h.get("aslr"), e["pie"], READOBJ + " DYNAMIC_BASE")
    floors = {f.get("name"): f.get("version") for f in a.get("floors") or []}
    P.bad(name, "floors.windows", floors.get("windows"), e["os_version"], READOBJ)
    P.bad(name, "floors.windows-subsystem", floors.get("windows-subsystem"), e["subsystem_version"], READOBJ)
    P.bad(name, "goos", a.get("goos"), "windows", "PE image for a Windows subsystem")
    libc = (a.get("libc") or {}).get("flavour")
    if e["crt"] is not None:
        P.bad(name, "libc.flavour", libc, e["crt"], READOBJ + " imports")


def compare_file(P, name, a, e, desc, sections):
    if not desc.startswith("PE32"):
        P.bad(name, "file", desc[:60], "PE32…", "file")
        return
    P.bad(name, "bits (file)", a.get("bits"), 64 if desc.startswith("PE32+") else 32, "file")
    word = FILE_ARCH.get(a.get("goarch"))
    if word is None or word not in desc:
        P.bad(name, "goarch (file)", a.get("goarch"), desc[:80], "file")
    if ("(DLL)" in desc) != (a.get("kind") == "shared-library"):
        P.bad(name, "kind (file)", a.get("kind"), desc[:80], "file")
    m = re.search(r"(\d+) sections", desc)
    if m:
        P.bad(name, "section count (file)", len(sections or []), int(m.group(1)), "file")


def compare_manifest(P, name, a, fx, by_name):
    src = f"manifest ({fx['name']})"
    P.bad(name, "goarch", a.get("goarch"), fx["goarch"], src)
    P.bad(name, "goos", a.get("goos"), fx["goos"], src)
    go = a.get("go")
    if not go:
        P.append(f"{name}: go: crossgo reports no Go facts ({src})")
        return
    P.bad(name, "go.cgo.linked", (go.get("cgo") or {}).get("linked"), fx["cgo"], src)
    if fx.get("libc") is not None:
        P.bad(name, "libc.flavour", (a.get("libc") or {}).get("flavour"), fx["libc"], src)
    if fx.get("derivation") == "buildinfo-removed":
        orig = by_name.get(fx.get("derived_from"))
        want = orig.get("go_version") if orig else None
        P.bad(name, "go.version", go.get("version"), want, f"manifest go_version of {fx.get('derived_from')}")
        vs = go.get("version_source")
        if not vs or vs == "buildinfo":
            P.bad(name, "go.version_source", vs, "how the version was found without build info", src)


def main():
    args = parse_args()
    fixtures = load_manifest(args.fixtures)
    by_name = {fx["name"]: fx for fx in fixtures}
    pe = [fx for fx in fixtures if fx.get("format") == "pe"]
    if not pe:
        print("FAIL: the manifest lists no PE fixtures")
        return 1
    for tool in (READOBJ, OBJDUMP, "file"):
        if shutil.which(tool) is None:
            print(f"FAIL: oracle {tool} is not installed")
            return 1
    paths = [os.path.join(args.fixtures, fx["file"]) for fx in pe]
    arts = {a.get("path"): a for a in inspect_artifacts(args.crossgo, paths)}
    P = Problems()
    with tempfile.TemporaryDirectory(prefix="crossgo-pe-oracle-") as tmp:
        env = go_env(tmp)
        gos = toolchains(env)
        for fx, path in zip(pe, paths):
            name = fx["name"]
            a = arts.get(path)
            if a is None:
                P.append(f"{name}: crossgo printed no artifact for {path}")
                continue
            ro = run([READOBJ, "--file-headers", "--sections", "--coff-imports", path])
            if ro.returncode != 0:
                P.append(f"{name}: {READOBJ} failed: {ro.stderr.strip()[:300]}")
                continue
            r = parse_readobj(ro.stdout)
            e = expected(r)
            compare_headers(P, name, a, e, r)
            dlls = objdump_dlls(path)
            if dlls is not None:
                P.bad(name, "needed (objdump)", [n for n in (a.get("needed") or []) if n not in r["delay_imports"]],
                      dlls, OBJDUMP + " -p")
            desc = run(["file", "-b", path]).stdout.strip()
            compare_file(P, name, a, e, desc, r["sections"])
            compare_manifest(P, name, a, fx, by_name)

            go = gos.get(fx.get("toolchain") or "")
            if go is None:
                P.append(f"{name}: toolchain {fx.get('toolchain')!r} is not installed (have {sorted(gos)})")
                continue
            bid = run([go, "tool", "buildid", path], env=env)
            if bid.returncode == 0:
                P.bad(name, "go.build_id", (a.get("go") or {}).get("build_id"), bid.stdout.strip(), "go tool buildid")
            else:
                P.append(f"{name}: go tool buildid failed: {bid.stderr.strip()[:200]}")
            if fx.get("derivation") == "buildinfo-removed":
                continue
            vm = run([go, "version", "-m", path], env=env)
            try:
                want = parse_go_version_m(vm.stdout, path)
            except ValueError as exc:
                P.append(f"{name}: go version -m unreadable: {exc}")
                continue
            P.bad(name, "go.version (manifest)", want["version"], fx.get("go_version"), "manifest go_version")
            compare_buildinfo(name, a.get("go"), want, P)
    for p in P:
        print("MISMATCH " + p)
    print(f"{len(pe)} PE fixtures compared with {READOBJ}, {OBJDUMP}, file, go version -m, "
          f"go tool buildid: {len(P)} problems")
    return 1 if P else 0


if __name__ == "__main__":
    sys.exit(main())
