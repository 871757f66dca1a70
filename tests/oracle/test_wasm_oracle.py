#!/usr/bin/python3
"""Oracle test: `crossgo inspect --json` on WebAssembly modules against wabt's wasm-objdump
(-h section headers, -x details), LLVM 14's llvm-readobj --sections, `file`, `go tool buildid`
and the fixtures' build recipes.

Files: every fixture in FIXTURE_DIR/manifest.json with "format": "wasm" (Go js/wasm with Go 1.19
and 1.23, wasip1/wasm with Go 1.23), plus non-Go modules made at test time: C compiled with
clang-14 --target=wasm32 (a linked module and a relocatable object) when clang-14 and wasm-ld-14
are installed, and always one module hand-assembled below from the core spec's binary format.

Facts that no tool prints are derived from what the tools print, by the rules docs/formats/wasm.md
states: kind (relocatable with a "linking" custom section, shared-library with "dylink.0",
executable otherwise), stripped (no "name" custom section), GOOS (import modules gojs/go -> js,
wasi_snapshot_preview1 -> wasip1). Go's wasm modules carry no build info (`go version` cannot read
them), so the expected Go version is the toolchain that built the fixture (manifest "toolchain").

Note: llvm-readobj-14 rejects Go's modules ("out of order section type": LLVM checks the order of
known custom sections and Go writes "producers" before "name"); it is compared on the non-Go
modules only, and on Go's it must fail with that message (crossgo must not: the core spec allows
custom sections anywhere).

Every mismatch is printed as "FILE: FIELD: crossgo=… expected=… (source)"; exit 1 if any.
Exit 77 (skip) only when the fixtures are absent.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from fixture_lib import inspect_artifacts, load_manifest, parse_args

OBJDUMP_NAMES = {"Type": "type", "Import": "import", "Function": "function", "Table": "table",
                 "Memory": "memory", "Global": "global", "Export": "export", "Start": "start",
                 "Elem": "element", "Code": "code", "Data": "data", "DataCount": "datacount",
                 "Tag": "tag"}
SECTION_IDS = {"custom": 0, "type": 1, "import": 2, "function": 3, "table": 4, "memory": 5,
               "global": 6, "export": 7, "start": 8, "element": 9, "code": 10, "data": 11,
               "datacount": 12, "tag": 13}
TOOLCHAINS = {"go1.19": ["/usr/lib/go-1.19/bin/go", "/usr/bin/go"], "go1.23": ["/usr/lib/go-1.23/bin/go"]}


class Report:
    def __init__(self):
        self.problems = []

    def chk(self, path, field, got, want, source):
        if got != want:
            self.problems.append(f"{path}: {field}: crossgo={got!r} expected={want!r} ({source})")



def producers_go_version(path):
    """The version of the producers section's language "Go" entry, from wasm-objdump's hex dump
    (tool-conventions ProducersSection.md: name, then values as (name, version) strings)."""
    out = run(["wasm-objdump", "-s", "-j", "producers", path]).stdout
    data = bytearray()
    for line in out.splitlines():
        m = re.match(r"\s*[0-9a-f]{7}:((?: [0-9a-f]{2,4}){1,8})  ", line)
        if m:
            data += bytes.fromhex(m.group(1).replace(" ", ""))
    m = re.search(rb"\x08language[\x01-\x7f]\x02Go([\x01-\x7f])", bytes(data))
    if not m:
        return None
    start = m.end()
    return bytes(data[start:start + m.group(1)[0]]).decode("utf-8", "replace")

def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True, errors="surrogateescape")


# ---------------------------------------------------------------- wasm-objdump parsing

def objdump_headers(path):
    """wasm-objdump -h: [(name, start, size, count-or-None)], custom sections by their name."""
    out = run(["wasm-objdump", "-h", path])
    if out.returncode != 0:
        raise RuntimeError(f"wasm-objdump -h failed: {out.stderr.strip()}")
    secs = []
    for line in out.stdout.splitlines():
        m = re.match(r'\s*(\w+) start=0x([0-9a-f]+) end=0x([0-9a-f]+) \(size=0x([0-9a-f]+)\)(.*)$', line)
        if not m:
            continue
        kind, start, size, rest = m.group(1), int(m.group(2), 16), int(m.group(4), 16), m.group(5)
        if kind == "Custom":
            name = re.search(r'"(.*)"', rest).group(1)
        else:
            name = OBJDUMP_NAMES[kind]
        cm = re.search(r"count: (\d+)", rest)
        secs.append((name, start, size, int(cm.group(1)) if cm else None))
    return secs


def objdump_details(path):
    """wasm-objdump -x: imports ("module.field"), exports, function/data counts, start, active
    segments with an i32 offset."""
    out = run(["wasm-objdump", "-x", path]).stdout
    d = {"imports": [], "import_kinds": [], "exports": [], "function_count": 0, "data_count": 0,
         "start": None, "active": 0}
    section = None
    for line in out.splitlines():
        m = re.match(r"^(\w+)\[(\d+)\]:$", line)
        if m:
            section = m.group(1)
            if section == "Function":
                d["function_count"] = int(m.group(2))
            elif section == "Data":
                d["data_count"] = int(m.group(2))
            continue
        if re.match(r"^\w+:$", line):
            section = line[:-1]
            continue
        if section == "Import":
            m = re.match(r"^ - (\w+)\[\d+\].* <- (.*)$", line)
            if m:
                d["import_kinds"].append(m.group(1))
                d["imports"].append(m.group(2))
        elif section == "Export":
            m = re.match(r'^ - \w+\[\d+\].* -> "(.*)"$', line)
            if m:
                d["exports"].append(m.group(1))
        elif section == "Start":
            m = re.match(r"^ - start function: (\d+)", line)
            if m:
                d["start"] = int(m.group(1))
        elif section == "Data" and re.match(r"^ - segment\[\d+\].* - init i32=", line):
            d["active"] += 1
    return d


def readobj_sections(path):
    """llvm-readobj-14 --sections: [(type name, offset of the section's id byte, size, name)], or
    the error text."""
    out = run(["llvm-readobj-14", "--sections", path])
    if out.returncode != 0:
        return out.stderr.strip()
    secs, cur = [], None
    for line in out.stdout.splitlines():
        line = line.strip()
        if line == "Section {":
            cur = {}
        elif cur is not None and line == "}":
            secs.append(cur)
            cur = None
        elif cur is not None:
            m = re.match(r"^(Type|Size|Offset|Name): (.*)$", line)
            if m and m.group(1) not in cur:
                cur[m.group(1)] = m.group(2)
    return secs


# ---------------------------------------------------------------- non-Go modules

C_SOURCE = """
int counter = 42;
const char greeting[] = "hello from C";
int add(int a, int b) { return a + b + counter; }
const char *greet(void) { return greeting; }
"""


def uleb(n):
    out = bytearray()
    while True:
        b, n = n & 0x7F, n >> 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def hand_module():
    """A module without Go or LLVM: one type, one imported and one defined function, a memory, an
    export, a start function, a data count, an active and a passive data segment, and a custom
    section (core spec §5.5)."""
    def sec(i, payload):
        return bytes([i]) + uleb(len(payload)) + payload

    def name(s):
        return uleb(len(s)) + s.encode()
    return (b"\0asm\x01\0\0\0" +
            sec(1, b"\x01\x60\x00\x00") +
            sec(2, b"\x01" + name("env") + name("tick") + b"\x00\x00") +
            sec(3, b"\x01\x00") +
            sec(5, b"\x01\x00\x01") +
            sec(7, b"\x01" + name("main") + b"\x00\x01") +
            sec(8, b"\x01") +
            sec(12, b"\x02") +
            sec(10, b"\x01\x04\x00\x10\x00\x0b") +  # body: call 0; end
            sec(11, b"\x02" + b"\x00\x41\x80\x08\x0b" + name("hand made") + b"\x01" + name("abc")) +
            sec(0, name("comment") + b"no Go here"))


def non_go_modules(tmp):
    mods = []
    p = os.path.join(tmp, "hand.wasm")
    with open(p, "wb") as f:
        f.write(hand_module())
    mods.append(p)
    if shutil.which("clang-14") and shutil.which("wasm-ld-14"):
        src = os.path.join(tmp, "add.c")
        with open(src, "w") as f:
            f.write(C_SOURCE)
        linked, obj = os.path.join(tmp, "add.wasm"), os.path.join(tmp, "add.o")
        r1 = run(["clang-14", "--target=wasm32", "-nostdlib", "-O1", "-Wl,--no-entry",
                  "-Wl,--export-all", "-o", linked, src])
        r2 = run(["clang-14", "--target=wasm32", "-O1", "-c", "-o", obj, src])
        if r1.returncode != 0 or r2.returncode != 0:
            raise RuntimeError("clang-14 --target=wasm32 failed: " + r1.stderr + r2.stderr)
        mods += [linked, obj]
    else:
        print("note: clang-14/wasm-ld-14 not installed: only the hand-assembled non-Go module")
    return mods


# ---------------------------------------------------------------- comparisons

def go_binary(toolchain):
    for prefix, candidates in TOOLCHAINS.items():
        if toolchain and toolchain.startswith(prefix):
            for c in candidates:
                if os.access(c, os.X_OK):
                    return c
    return None


def load_schema(source):
    """The wasm details schema ($defs/wasm_details of docs/inspect.schema.json) and its validator, or None."""
    try:
        import jsonschema
    except ImportError:
        return None
    here = source or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    import json
    with open(os.path.join(here, "docs", "inspect.schema.json")) as f:
        whole = json.load(f)
    schema = {"$defs": whole["$defs"], "$ref": "#/$defs/wasm_details"}
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def compare(rep, path, a, fx, validator=None):
    chk = lambda field, got, want, src: rep.chk(path, field, got, want, src)
    chk("format", a.get("format"), "wasm", "wasm-objdump: file format wasm 0x1")
    chk("error", a.get("error"), None, "wasm-objdump reads it")
    if a.get("format") != "wasm" or a.get("error"):
        return
    chk("bits", a.get("bits"), 32, "wasm32")
    chk("endian", a.get("endian"), "little", "core spec §5.2")
    chk("goarch", a.get("goarch"), "wasm", "wasm32 is GOARCH=wasm")
    details = (a.get("details") or {}).get("wasm") or {}
    if validator is not None:
        for err in validator.iter_errors(details):
            rep.problems.append(f"{path}: details.wasm: schema: {err.message}")

    heads = objdump_headers(path)
    got = [(s["name"], s["offset"], s["size"]) for s in details.get("sections", [])]
    chk("details.wasm.sections", got, [(n, st, sz) for n, st, sz, _ in heads], "wasm-objdump -h")
    customs = [n for n, st, sz, c in heads if (n, st, sz) in
               {(s["name"], s["offset"], s["size"]) for s in details.get("sections", []) if s["id"] == 0}]
    chk("details.wasm.custom_sections", details.get("custom_sections"), customs, "wasm-objdump -h Custom")
    counts = {n: c for n, st, sz, c in heads if c is not None}
    x = objdump_details(path)
    chk("details.wasm.import_count", details.get("import_count"), counts.get("import", 0), "wasm-objdump -h count")
    imports = [f"{i['module']}.{i['name']}" for i in details.get("imports", [])]
    chk("details.wasm.imports", imports, x["imports"], "wasm-objdump -x Import")
    chk("details.wasm.imports.kind", [i["kind_name"] for i in details.get("imports", [])],
        x["import_kinds"], "wasm-objdump -x Import")
    chk("details.wasm.export_count", details.get("export_count"), counts.get("export", 0), "wasm-objdump -h count")
    chk("details.wasm.exports", details.get("exports"), x["exports"], "wasm-objdump -x Export")
    chk("details.wasm.function_count", details.get("function_count"), x["function_count"], "wasm-objdump -x Function")
    chk("details.wasm.data_segment_count", details.get("data_segment_count"), x["data_count"], "wasm-objdump -x Data")
    chk("details.wasm.active_data_segments", details.get("active_data_segments"), x["active"],
        "wasm-objdump -x Data: init i32=")
    chk("details.wasm.start_function", details.get("start_function"), x["start"], "wasm-objdump -x Start")
    chk("details.wasm.data_count", details.get("data_count"), counts.get("datacount"), "wasm-objdump -h DataCount")

    want_kind = ("relocatable" if "linking" in customs else
                 "shared-library" if {"dylink", "dylink.0"} & set(customs) else "executable")
    chk("kind", a.get("kind"), want_kind, "custom sections (wasm-objdump -h), docs/formats/wasm.md")
    hard = a.get("hardening") or {}
    chk("hardening.stripped", hard.get("stripped"), "name" not in customs, "wasm-objdump -h: name section")
    chk("hardening.dwarf", hard.get("dwarf"), ".debug_info" in customs, "wasm-objdump -h: .debug_info")

    desc = run(["file", "-b", path]).stdout.strip()
    m = re.match(r"WebAssembly \(wasm\) binary module version 0x(\d+)", desc)
    chk("details.wasm.version", details.get("version"), int(m.group(1), 16) if m else None, f"file: {desc}")

    modules = {i.split(".", 1)[0] for i in x["imports"]}
    want_goos = None
    if modules & {"gojs", "go"}:
        want_goos = "js"
    if "wasi_snapshot_preview1" in modules:
        want_goos = "wasip1" if want_goos is None else "conflict"
    if want_goos != "conflict":
        chk("goos", a.get("goos"), want_goos, "wasm-objdump -x import modules")

    ro = readobj_sections(path)
    go = a.get("go")
    if fx is not None:  # a Go fixture
        chk("goos", a.get("goos"), fx["goos"], f"manifest ({fx['name']})")
        chk("goarch", a.get("goarch"), fx["goarch"], f"manifest ({fx['name']})")
        if not go:
            rep.chk(path, "go", go, "Go facts", f"manifest ({fx['name']})")
            return
        gobin = go_binary(fx.get("toolchain"))
        if gobin:
            vm = run([gobin, "version", "-m", path])
            # Go writes no build info into wasm: its own reader cannot read the module.
            chk("go version -m", "unrecognized file format" in (vm.stdout + vm.stderr), True, gobin)
            bid = run([gobin, "tool", "buildid", path])
            chk("go.build_id", go.get("build_id"), bid.stdout.strip() if bid.returncode == 0 else None,
                f"{gobin} tool buildid")
        else:
            rep.problems.append(f"{path}: no Go toolchain for {fx.get('toolchain')} to ask for the build ID")
        chk("go.version", go.get("version"), fx.get("go_version") or fx.get("toolchain"),
            "manifest toolchain (go version cannot read wasm)")
        chk("go.version_source non-empty", bool(go.get("version_source")), True, "how the version was found")
        # The linker names its version in the producers section (language "Go"); the bytes as
        # wasm-objdump dumps them are the oracle, decoded here without crossgo's reader.
        named = producers_go_version(path)
        chk("producers version", named, go.get("version"), "wasm-objdump -s -j producers")
        chk("go.version_source", go.get("version_source"),
            "wasm producers section" if named else go.get("version_source"), "a producers Go entry is read first")
        chk("libc.flavour", (a.get("libc") or {}).get("flavour"), "none", "Go's wasm runtime links no C library")
        chk("llvm-readobj-14 rejects", isinstance(ro, str) and "out of order section" in ro, True,
            "LLVM 14's custom section order check")
    else:
        chk("go", go, None, "non-Go module")
        if not x["imports"]:
            chk("libc.flavour", (a.get("libc") or {}).get("flavour"), "none", "no imports")
        if isinstance(ro, str):
            rep.problems.append(f"{path}: llvm-readobj-14 failed: {ro}")
        else:
            # llvm-readobj's Size of a custom section is its payload, after the name.
            want = [(int(s["Size"]) + len(uleb(len(s["Name"].encode()))) + len(s["Name"].encode()), s["Name"])
                    if s["Type"].startswith("CUSTOM") else (int(s["Size"]), None) for s in ro]
            got_ro = [(s["size"], s["name"] if s["id"] == 0 else None) for s in details.get("sections", [])]
            chk("sections (llvm-readobj)", got_ro, want, "llvm-readobj-14 --sections")
            ids = [int(re.search(r"\(0x([0-9A-Fa-f]+)\)", s["Type"]).group(1), 16) for s in ro]
            chk("section ids (llvm-readobj)", [s["id"] for s in details.get("sections", [])], ids,
                "llvm-readobj-14 --sections Type")
            # llvm-readobj's Offset is the section's id byte; crossgo's the contents after the size.
            with open(path, "rb") as f:
                data = f.read()
            for s, r in zip(details.get("sections", []), ro):
                off = int(r["Offset"])
                ok = data[off] == s["id"] and 2 <= s["offset"] - off <= 6
                chk(f"section {s['name']} offset vs llvm-readobj", ok, True, f"id byte at {off}")


def main():
    args = parse_args()
    fixtures = [f for f in load_manifest(args.fixtures) if f.get("format") == "wasm"]
    for tool in ("wasm-objdump", "file", "llvm-readobj-14"):
        if not shutil.which(tool):
            print(f"FAIL: {tool} is not installed (Debian: wabt, file, llvm-14)")
            return 1
    rep = Report()
    validator = load_schema(args.source)
    with tempfile.TemporaryDirectory() as tmp:
        paths = [(os.path.join(args.fixtures, f["file"]), f) for f in fixtures]
        paths += [(p, None) for p in non_go_modules(tmp)]
        arts = inspect_artifacts(args.crossgo, [p for p, _ in paths])
        by_path = {a["path"]: a for a in arts}
        for p, fx in paths:
            a = by_path.get(p)
            if a is None:
                rep.problems.append(f"{p}: not in crossgo's output")
                continue
            compare(rep, p, a, fx, validator)
    names = sorted({f["name"] for f in fixtures})
    for want in ("js-wasm", "js-wasm-go123", "wasip1-wasm-go123"):
        if want not in names:
            rep.problems.append(f"manifest: fixture {want} missing (have {names})")
    for line in rep.problems:
        print(line)
    print(f"wasm oracle: {len(paths)} modules, {len(rep.problems)} mismatches")
    return 1 if rep.problems else 0


if __name__ == "__main__":
    sys.exit(main())
