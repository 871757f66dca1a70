#!/usr/bin/python3
"""Oracle test: `crossgo inspect --json` against GNU readelf (and `file`) on real ELF files.

Files: every fixture in FIXTURE_DIR/manifest.json (built by tests/fixtures/build-fixtures.sh) plus
the ELF files found in /usr/bin and /usr/lib/x86_64-linux-gnu (regular files only, symlinks are not
followed, capped). For each file, `readelf -hlSdnVW --dyn-syms` is parsed independently and
compared field by field with crossgo's JSON; a few facts are also cross-checked with `file -b`, and
the fixtures' build recipes (manifest) are checked against what crossgo reports.

Every mismatch is printed as "FILE: FIELD: crossgo=… expected=… (source)"; exit 1 if any.
Exit 77 (skip) only when the fixtures are absent.
"""
import argparse
import concurrent.futures
import json
import os
import re
import stat
import subprocess
import sys

from fixture_lib import fixtures_of_format, load_manifest

SYSTEM_DIRS = ["/usr/bin", "/usr/lib/x86_64-linux-gnu"]
SYSTEM_CAP = 3000          # system ELF files examined at most
BATCH = 150                # paths per crossgo invocation
MAX_PRINTED = 300          # mismatch lines printed before summarising

# readelf's "Machine:" text -> (e_machine number, function(class, endian) -> GOARCH or None).
# Written from the ELF specification / binutils' names, not from crossgo.
MACHINES = {
    "Advanced Micro Devices X86-64": (62, lambda c, e: "amd64" if c == "ELF64" else None),
    "Intel 80386": (3, lambda c, e: "386"),
    "AArch64": (183, lambda c, e: "arm64" if c == "ELF64" else None),
    "ARM": (40, lambda c, e: "arm"),
    "LoongArch": (258, lambda c, e: "loong64" if c == "ELF64" else None),
    "MIPS R3000": (8, lambda c, e: {("ELF32", "big"): "mips", ("ELF32", "little"): "mipsle",
                                    ("ELF64", "big"): "mips64",
                                    ("ELF64", "little"): "mips64le"}[(c, e)]),
    "PowerPC64": (21, lambda c, e: "ppc64" if e == "big" else "ppc64le"),
    "RISC-V": (243, lambda c, e: "riscv64" if c == "ELF64" else None),
    "IBM S/390": (22, lambda c, e: "s390x" if c == "ELF64" else None),
}

# GOARCH -> a word `file` prints for that architecture.
FILE_ARCH_WORD = {
    "amd64": "x86-64", "386": "Intel 80386", "arm64": "ARM aarch64", "arm": "ARM,",
    "loong64": "LoongArch", "mips": "MIPS", "mipsle": "MIPS", "mips64": "MIPS",
    "mips64le": "MIPS", "ppc64": "PowerPC", "ppc64le": "PowerPC", "riscv64": "RISC-V",
    "s390x": "S/390",
}

KINDS = {"EXEC": "executable", "REL": "relocatable", "CORE": "core"}


# ---------------------------------------------------------------- readelf parsing

def blocks(text):
    """Splits readelf output into blank-line separated blocks."""
    out, cur = [], []
    for line in text.splitlines():
        if line.strip() == "":
            if cur:
                out.append(cur)
                cur = []
        else:
            cur.append(line)
    if cur:
        out.append(cur)
    return out


def version_tuple(v):
    return tuple(int(x) for x in v.split("."))


def parse_readelf(text):
    """Facts from `readelf -hlSdnVW --dyn-syms` output. Missing parts stay empty/None."""
    r = {"class": None, "endian": None, "type": None, "machine": None, "segments": [],
         "gnu_stack": None, "interp": None, "sections": set(), "dynamic": [],
         "verneed": [], "verdef": None, "dynsyms": set(), "build_id": None, "go_build_id": None,
         "osabi": None}
    for blk in blocks(text):
        head = blk[0]
        if head.startswith("ELF Header:"):
            for line in blk[1:]:
                key, _, val = line.strip().partition(":")
                val = val.strip()
                if key == "Class":
                    r["class"] = val
                elif key == "Data":
                    r["endian"] = "little" if "little endian" in val else (
                        "big" if "big endian" in val else None)
                elif key == "Type":
                    r["type"] = val.split()[0] if val else None
                elif key == "Machine":
                    r["machine"] = val
                elif key == "OS/ABI":
                    r["osabi"] = val
        elif head.startswith("Section Headers:"):
            # readelf -V reads the version tables through the section headers: only with them
            # does its silence mean "no version definitions".
            if r["verdef"] is None:
                r["verdef"] = []
            for line in blk:
                m = re.match(r"\s*\[\s*\d+\]\s+(\S+)", line)
                if m:
                    r["sections"].add(m.group(1))
        elif head.startswith("Program Headers:"):
            for line in blk[2:]:
                m = re.match(r"\s*\[Requesting program interpreter: (.*)\]\s*$", line)
                if m:
                    r["interp"] = m.group(1)
                    continue
                # Type Offset VirtAddr PhysAddr FileSiz MemSiz Flg(3 columns: "RW ", "R E") Align
                m = re.match(r"\s*(\S+)\s+0x[0-9a-f]+\s+0x[0-9a-f]+\s+0x[0-9a-f]+\s+0x[0-9a-f]+"
                             r"\s+0x[0-9a-f]+ (...) 0x[0-9a-f]+\s*$", line)
                if not m:
                    continue
                r["segments"].append(m.group(1))
                if m.group(1) == "GNU_STACK":
                    r["gnu_stack"] = m.group(2).replace(" ", "")
        elif head.startswith("Dynamic section at offset"):
            for line in blk[2:]:
                m = re.match(r"\s*0x[0-9a-f]+ \((\w+)\)\s*(.*)$", line)
                if m:
                    r["dynamic"].append((m.group(1), m.group(2).strip()))
        elif head.startswith("Version definition section"):
            # "  0x001c: Rev: 1  Flags: none  Index: 2  Cnt: 1  Name: ZLIB_1.2.0"; "Parent N:"
            # lines name other definitions. The BASE entry is the library's own name.
            r["verdef"] = []
            for line in blk[2:]:
                m = re.search(r"Flags: (.*?)\s+Index: .*Name: (\S+)", line)
                if m and "BASE" not in m.group(1).split():
                    r["verdef"].append(m.group(2))
        elif head.startswith("Version needs section"):
            for line in blk[2:]:
                m = re.search(r"Name: (\S+)", line)
                if m:
                    r["verneed"].append(m.group(1))
        elif head.startswith("Symbol table '.dynsym'"):
            for line in blk[2:]:
                fields = line.split()
                if len(fields) >= 8:
                    r["dynsyms"].add(fields[7])
        elif head.startswith("Displaying notes found"):
            joined = "\n".join(blk)
            m = re.search(r"Build ID: ([0-9a-fA-F]+)", joined)
            if m:
                r["build_id"] = m.group(1).lower()
            m = re.search(r"GO BUILDID\s+description data:\s*((?:[0-9a-f]{2}\s*)+)", joined)
            if m:
                r["go_build_id"] = bytes(int(b, 16) for b in m.group(1).split()).decode(
                    "latin-1").rstrip("\0")
    return r


def dyn_values(r, tag):
    return [v for t, v in r["dynamic"] if t == tag]


def bracketed(v):
    m = re.search(r"\[(.*)\]", v)
    return m.group(1) if m else v


def highest(verneed, prefix):
    """Highest PREFIX_x.y[.z] among the version needs, as a string, or None."""
    best = None
    for name in verneed:
        m = re.match(re.escape(prefix) + r"_(\d+(?:\.\d+)*)$", name)
        if m and (best is None or version_tuple(m.group(1)) > version_tuple(best)):
            best = m.group(1)
    return best


def expected_from_readelf(r):
    """What crossgo should report, derived only from readelf's facts."""
    e = {}
    e["class"] = r["class"] if r["class"] in ("ELF32", "ELF64") else None
    e["endian"] = r["endian"]
    flags_1 = " ".join(dyn_values(r, "FLAGS_1"))
    flags = " ".join(dyn_values(r, "FLAGS"))
    has_interp = "INTERP" in r["segments"]
    has_dynamic = "DYNAMIC" in r["segments"]
    pie_flag = re.search(r"\bPIE\b", flags_1) is not None
    if r["type"] == "DYN":
        e["kind"] = "pie-executable" if (has_interp or pie_flag) else "shared-library"
    else:
        e["kind"] = KINDS.get(r["type"])
    e["interpreter"] = r["interp"]
    if r["type"] in ("REL", "CORE") or r["type"] is None:
        e["linkage"] = None
    elif has_interp:
        e["linkage"] = "dynamic"
    elif not has_dynamic:
        e["linkage"] = "static"
    elif r["type"] == "DYN":
        e["linkage"] = "static-pie" if pie_flag else "dynamic"
    else:
        e["linkage"] = "?"  # EXEC with PT_DYNAMIC but no interpreter: not judged
    e["needed"] = [bracketed(v) for v in dyn_values(r, "NEEDED")]
    e["rpath"] = [p for v in dyn_values(r, "RPATH") for p in bracketed(v).split(":")]
    e["runpath"] = [p for v in dyn_values(r, "RUNPATH") for p in bracketed(v).split(":")]
    sonames = [bracketed(v) for v in dyn_values(r, "SONAME")]
    e["soname"] = sonames[0] if sonames else None
    e["version_definitions"] = r["verdef"]
    e["min_glibc"] = highest(r["verneed"], "GLIBC")
    e["min_glibcxx"] = highest(r["verneed"], "GLIBCXX")
    e["min_cxxabi"] = highest(r["verneed"], "CXXABI")
    bind_now = (bool(dyn_values(r, "BIND_NOW")) or re.search(r"\bBIND_NOW\b", flags) is not None
                or re.search(r"\bNOW\b", flags_1) is not None)
    if "GNU_RELRO" not in r["segments"]:
        relro = "none"
    else:
        relro = "full" if bind_now else "partial"
    e["relro"] = relro
    e["pie"] = e["kind"] == "pie-executable"
    e["nx_stack"] = None if r["gnu_stack"] is None else ("E" not in r["gnu_stack"])
    e["stripped"] = ".symtab" not in r["sections"]
    e["dwarf"] = bool({".debug_info", ".zdebug_info"} & r["sections"])
    e["gnu_build_id"] = r["build_id"]
    e["go_build_id"] = r["go_build_id"]
    m = MACHINES.get(r["machine"])
    e["machine_number"] = m[0] if m else None
    e["goarch"] = m[1](r["class"], r["endian"]) if m else "?"
    return e


# ---------------------------------------------------------------- collecting files

def is_elf(path):
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def system_elf_files(cap):
    found = []
    if cap <= 0:
        return found
    for top in SYSTEM_DIRS:
        for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
            dirnames.sort()
            for name in sorted(filenames):
                p = os.path.join(dirpath, name)
                try:
                    st = os.lstat(p)
                except OSError:
                    continue
                if stat.S_ISREG(st.st_mode) and st.st_size > 0 and is_elf(p):
                    found.append(p)
                    if len(found) >= cap:
                        return found
    return found


def run_crossgo(crossgo, paths, problems):
    """Runs crossgo inspect --json on paths in batches; returns {path: artifact}."""
    out = {}
    for i in range(0, len(paths), BATCH):
        batch = paths[i:i + BATCH]
        p = subprocess.run([crossgo, "inspect", "--json", "--", *batch], capture_output=True,
                           timeout=600)
        if p.returncode not in (0, 3):
            problems.append(f"crossgo exited {p.returncode} on a batch starting at {batch[0]}: "
                            f"{p.stderr.decode(errors='replace')[:500]}")
        try:
            doc = json.loads(p.stdout)
        except ValueError as exc:
            problems.append(f"crossgo printed invalid JSON for batch at {batch[0]}: {exc}")
            continue
        for a in doc.get("artifacts", []):
            out[a.get("path")] = a
        if p.returncode == 3:
            for a in doc.get("artifacts", []):
                if a.get("error"):
                    problems.append(f"{a.get('path')}: crossgo could not read it: {a['error']}")
    return out


def run_readelf(path):
    p = subprocess.run(["readelf", "-hlSdnVW", "--dyn-syms", path], capture_output=True,
                       timeout=120)
    return p.returncode, p.stdout.decode("utf-8", errors="replace")


def run_file(paths):
    out = {}
    for i in range(0, len(paths), 400):
        p = subprocess.run(["file", "-N", "-0", "--", *paths[i:i + 400]], capture_output=True,
                           timeout=300)
        for line in p.stdout.decode("utf-8", errors="replace").splitlines():
            name, sep, desc = line.partition("\0")
            if sep:
                out[name] = desc.lstrip(":").strip()
    return out


# ---------------------------------------------------------------- comparing

class Report:
    def __init__(self):
        self.lines = []
        self.by_field = {}

    def bad(self, path, field, got, want, source):
        self.lines.append(f"{path}: {field}: crossgo={got!r} expected={want!r} ({source})")
        self.by_field[field] = self.by_field.get(field, 0) + 1


def compare_readelf(rep, path, a, e, r):
    def chk(field, got, want):
        if got != want:
            rep.bad(path, field, got, want, "readelf")

    if a.get("format") != "elf":
        rep.bad(path, "format", a.get("format"), "elf", "ELF magic")
        return
    if a.get("error"):
        rep.bad(path, "error", a.get("error"), None, "readelf parsed the file")
    chk("class", a.get("class"), e["class"])
    chk("endian", a.get("endian"), e["endian"])
    chk("kind", a.get("kind"), e["kind"])
    if e["goarch"] != "?":
        chk("goarch", a.get("goarch"), e["goarch"])
    if e["machine_number"] is not None:
        m = re.search(r"\((\d+)\)\s*$", a.get("machine") or "")
        chk("machine", int(m.group(1)) if m else a.get("machine"), e["machine_number"])
    chk("interpreter", a.get("interpreter"), e["interpreter"])
    if e["linkage"] != "?":
        chk("linkage", a.get("linkage"), e["linkage"])
    chk("needed", a.get("needed"), e["needed"])
    chk("rpath", a.get("rpath"), e["rpath"])
    chk("runpath", a.get("runpath"), e["runpath"])
    chk("soname", a.get("soname"), e["soname"])
    for field, prefix in (("min_glibc", "GLIBC"), ("min_glibcxx", "GLIBCXX"),
                          ("min_cxxabi", "CXXABI")):
        got = a.get(field)
        want = e[field]
        got_v = got.get("version") if isinstance(got, dict) else None
        if got_v != want:
            rep.bad(path, field + ".version", got_v, want, "readelf -V version needs")
        elif want is not None:
            sym = got.get("symbol")
            tagged = {f"{sym}@{prefix}_{want}", f"{sym}@@{prefix}_{want}"}
            carriers = [s for s in r["dynsyms"] if s.endswith(f"@{prefix}_{want}")]
            if not (tagged & r["dynsyms"]) and (sym is not None or carriers):
                rep.bad(path, field + ".symbol", sym,
                        f"a symbol versioned {prefix}_{want}, e.g. {sorted(carriers)[:3]}",
                        "readelf --dyn-syms")
    if e["version_definitions"] is not None:
        elf = (a.get("details") or {}).get("elf") or {}
        chk("details.elf.version_definitions", elf.get("version_definitions"),
            e["version_definitions"])
    h = a.get("hardening") or {}
    chk("hardening.pie", h.get("pie"), e["pie"])
    chk("hardening.relro", h.get("relro"), e["relro"])
    chk("hardening.nx_stack", h.get("nx_stack"), e["nx_stack"])
    chk("hardening.stripped", h.get("stripped"), e["stripped"])
    chk("hardening.dwarf", h.get("dwarf"), e["dwarf"])
    got_id = h.get("gnu_build_id")
    chk("hardening.gnu_build_id", got_id.lower() if isinstance(got_id, str) else got_id,
        e["gnu_build_id"])
    go = a.get("go")
    if e["go_build_id"] is not None:
        if not go:
            rep.bad(path, "go", None, "Go facts (file has a .note.go.buildid)", "readelf -n")
        else:
            chk("go.build_id", go.get("build_id"), e["go_build_id"])


def compare_file(rep, path, a, desc):
    if not desc or not desc.startswith("ELF"):
        return
    goarch = a.get("goarch")
    word = FILE_ARCH_WORD.get(goarch)
    if word and word not in desc:
        rep.bad(path, "goarch", goarch, f"file says: {desc[:80]}", "file")
    linkage = a.get("linkage")
    if "static-pie linked" in desc:
        # file 5.44 also says "static-pie linked" for a shared object without DT_NEEDED (e.g.
        # libabsl_city.so): only believe it for executables.
        if linkage != "static-pie" and "shared object" not in desc:
            rep.bad(path, "linkage", linkage, "static-pie", "file")
    elif "statically linked" in desc:
        if linkage != "static":
            rep.bad(path, "linkage", linkage, "static", "file")
    elif "dynamically linked" in desc:
        if linkage != "dynamic":
            rep.bad(path, "linkage", linkage, "dynamic", "file")
    m = re.search(r"interpreter ([^,]+)", desc)
    if m and a.get("interpreter") != m.group(1).strip():
        rep.bad(path, "interpreter", a.get("interpreter"), m.group(1).strip(), "file")
    if re.search(r"\bpie executable\b", desc) and a.get("kind") != "pie-executable":
        rep.bad(path, "kind", a.get("kind"), "pie-executable", "file")
    if "relocatable" in desc and a.get("kind") != "relocatable":
        rep.bad(path, "kind", a.get("kind"), "relocatable", "file")


def compare_manifest(rep, path, a, fx):
    def chk(field, got, want):
        if got != want:
            rep.bad(path, field, got, want, f"manifest ({fx['name']})")

    chk("goarch", a.get("goarch"), fx["goarch"])
    if fx["lang"] == "go":
        chk("goos", a.get("goos"), fx["goos"])
        go = a.get("go")
        if not go:
            rep.bad(path, "go", None, "Go facts", f"manifest ({fx['name']})")
        else:
            chk("go.cgo.linked", (go.get("cgo") or {}).get("linked"), fx["cgo"])
            # The build info records the target variables and the flags the fixture was built with.
            settings = go.get("settings") or {}
            for var in ("GOOS", "GOARCH", "GOARM", "GOAMD64", "CGO_ENABLED"):
                if var in fx["env"]:
                    chk(f"go.settings.{var}", settings.get(var), fx["env"][var])
            flags = fx["flags"]
            for i, flag in enumerate(flags):
                if flag in ("-ldflags", "-tags") and i + 1 < len(flags):
                    chk(f"go.settings.{flag}", settings.get(flag), flags[i + 1])
                elif flag == "-trimpath":
                    chk("go.settings.-trimpath", settings.get("-trimpath"), "true")
    else:
        chk("go", a.get("go"), None)
    if fx["libc"] in ("glibc", "musl"):
        chk("libc.flavour", (a.get("libc") or {}).get("flavour"), fx["libc"])
    if fx["static"] is True:
        if a.get("linkage") not in ("static", "static-pie"):
            rep.bad(path, "linkage", a.get("linkage"), "static or static-pie",
                    f"manifest ({fx['name']})")
    elif fx["static"] is False:
        chk("linkage", a.get("linkage"), "dynamic")
    if fx["lang"] == "go" and fx["goos"] == "linux" and fx["env"].get("CGO_ENABLED") == "0" \
            and fx["buildmode"] == "exe":
        chk("linkage", a.get("linkage"), "static")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--crossgo", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--source", required=False)
    ap.add_argument("--system-cap", type=int, default=SYSTEM_CAP,
                    help="how many system ELF files to examine (0: fixtures only)")
    args = ap.parse_args()

    fixtures = {os.path.abspath(os.path.join(args.fixtures, fx["file"])): fx
                for fx in fixtures_of_format(load_manifest(args.fixtures), "elf", derived=False)}
    paths = list(fixtures) + [p for p in system_elf_files(args.system_cap) if p not in fixtures]

    problems = []
    arts = run_crossgo(args.crossgo, paths, problems)
    with concurrent.futures.ThreadPoolExecutor(max_workers=(os.cpu_count() or 2) * 2) as pool:
        readelf = dict(zip(paths, pool.map(run_readelf, paths)))
    file_out = run_file(paths)

    rep = Report()
    unjudged = 0
    for path in paths:
        a = arts.get(path)
        if a is None:
            rep.bad(path, "artifact", None, "an entry in the JSON output", "crossgo")
            continue
        rc, text = readelf[path]
        if rc != 0 or "ELF Header:" not in text:
            unjudged += 1
            continue
        r = parse_readelf(text)
        compare_readelf(rep, path, a, expected_from_readelf(r), r)
        compare_file(rep, path, a, file_out.get(path))
        if path in fixtures:
            compare_manifest(rep, path, a, fixtures[path])

    for line in problems:
        print("PROBLEM:", line)
    for line in rep.lines[:MAX_PRINTED]:
        print("MISMATCH:", line)
    if len(rep.lines) > MAX_PRINTED:
        print(f"... and {len(rep.lines) - MAX_PRINTED} more mismatches")
    print(f"checked {len(paths)} ELF files ({len(fixtures)} fixtures, "
          f"{len(paths) - len(fixtures)} system files; {unjudged} not judged: readelf failed)")
    if rep.by_field:
        print("mismatches by field: " + ", ".join(f"{k}={v}" for k, v in
                                                  sorted(rep.by_field.items())))
    if problems or rep.lines:
        print("FAIL")
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
