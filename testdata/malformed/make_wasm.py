#!/usr/bin/python3
"""Writes the hand-crafted malformed WebAssembly modules (wasm-*.bin) in this folder and
wasm-expected.json.

Each file is a small module laid out below from the core spec's binary format (§5.5: preamble,
then sections {id u8, size u32 LEB128, contents}) with one thing broken. The expected outcome is
derived here from the layout -- the file offset of the byte that is wrong -- not from crossgo's
output, so tests/unit/wasm_reader_test.cc fails when the reader reports the wrong thing.

Outcomes: {"error": substring, "offset": N} when the read must fail at file offset N, or
{"warning": substring} when it must succeed and record a warning containing the substring (and,
with "warning_offset", the "at offset 0x…" the warning names).

Usage: /usr/bin/python3 make_wasm.py [OUTPUT_DIR]          (default: this script's folder)
       /usr/bin/python3 make_wasm.py --seeds fuzz/corpus/wasm  (fuzz seeds: Go-shaped miniatures
                                                               and copies of the malformed files)
"""
import json
import os
import sys

PREAMBLE = b"\0asm" + (1).to_bytes(4, "little")
TYPE, IMPORT, FUNCTION, MEMORY, EXPORT, START, CODE, DATA, DATACOUNT = 1, 2, 3, 5, 7, 8, 10, 11, 12


def uleb(n, width=None):
    """Unsigned LEB128; `width` pads to that many bytes (as Go's linker pads section sizes to 5)."""
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n or (width and len(out) + 1 < width):
            out.append(b | 0x80)
        else:
            out.append(b)
            break
    return bytes(out)


def sleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if (n == 0 and not b & 0x40) or (n == -1 and b & 0x40):
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)


def name(s):
    b = s if isinstance(s, bytes) else s.encode()
    return uleb(len(b)) + b


def section(sid, payload):
    return bytes([sid]) + uleb(len(payload)) + payload


def custom(cname, payload=b""):
    return section(0, name(cname) + payload)


def vec(items):
    return uleb(len(items)) + b"".join(items)


def func_import(module, field):
    return name(module) + name(field) + b"\x00" + uleb(0)


def active_segment(addr, data):
    return uleb(0) + b"\x41" + sleb(addr) + b"\x0b" + uleb(len(data)) + data


def producers(lang, version):
    field = name("language") + vec([name(lang) + name(version)])
    return custom("producers", vec([field]))


TYPE_SEC = section(TYPE, vec([b"\x60\x00\x00"]))  # one type: () -> ()
FUNC_SEC = section(FUNCTION, vec([uleb(0)]))
CODE_SEC = section(CODE, vec([uleb(2) + b"\x00\x0b"]))  # one empty body


def go_like(module, exports, version="go1.23.5", buildid_section="go:buildid"):
    """A miniature of what Go's wasm linker writes: build ID custom section first, host imports,
    exports, a data segment holding a version string, producers."""
    bid = b'\xff Go build ID: "abc/def"\n \xff'
    return (PREAMBLE + custom(buildid_section, bid) + TYPE_SEC +
            section(IMPORT, vec([func_import(module, "runtime.wasmExit")])) + FUNC_SEC +
            section(MEMORY, vec([b"\x00" + uleb(1)])) +
            section(EXPORT, vec([name(e) + b"\x00" + uleb(1) for e in exports])) + CODE_SEC +
            section(DATA, vec([active_segment(0x1000, b"\x00\x00" + version.encode() + b"\x00\x00"),
                               active_segment(0x2000, (0x1002).to_bytes(8, "little") +
                                              len(version).to_bytes(8, "little"))])) +
            producers("Go", version) + custom("name", b"\x01\x00"))


def cases():
    """(file name, bytes, expected outcome)."""
    out = []
    p = len(PREAMBLE)  # first section id

    out.append(("wasm-truncated-preamble.bin", PREAMBLE[:6], {"error": "wasm preamble", "offset": 0}))
    out.append(("wasm-bad-version.bin", b"\0asm" + (2).to_bytes(4, "little") + TYPE_SEC,
                {"error": "wasm version 0x2 is not 1", "offset": 4}))
    out.append(("wasm-component.bin", b"\0asm" + bytes([0x0d, 0, 1, 0]),
                {"error": "WebAssembly component", "offset": 4}))
    out.append(("wasm-unknown-section-id.bin", PREAMBLE + TYPE_SEC + bytes([14, 0]),
                {"error": "unknown section id 14", "offset": p + len(TYPE_SEC)}))
    out.append(("wasm-section-header-truncated.bin", PREAMBLE + bytes([TYPE]),
                {"error": "type section size", "offset": p + 1}))
    out.append(("wasm-section-size-past-eof.bin", PREAMBLE + bytes([TYPE]) + uleb(100) + b"\x01\x60",
                {"error": "type section size 100", "offset": p + 1}))
    # Six-byte encoding of 0: the fifth byte still has its continuation bit set.
    out.append(("wasm-leb-too-long.bin", PREAMBLE + bytes([TYPE]) + b"\x80\x80\x80\x80\x80\x00",
                {"error": "longer than the 5 bytes", "offset": p + 1 + 4}))
    # 0x1f in the fifth byte sets bit 32.
    out.append(("wasm-leb-overflow.bin", PREAMBLE + bytes([TYPE]) + b"\xff\xff\xff\xff\x1f",
                {"error": "overflows 32 bits", "offset": p + 1 + 4}))
    out.append(("wasm-section-out-of-order.bin", PREAMBLE + TYPE_SEC + FUNC_SEC + section(IMPORT, vec([])),
                {"error": "import section at 0x%x is out of order" % (p + len(TYPE_SEC) + len(FUNC_SEC)),
                 "offset": p + len(TYPE_SEC) + len(FUNC_SEC)}))
    out.append(("wasm-section-duplicate.bin", PREAMBLE + TYPE_SEC + TYPE_SEC,
                {"error": "duplicate type section", "offset": p + len(TYPE_SEC)}))
    # Data count comes before code (§5.5.16): after data it is out of order.
    data = section(DATA, vec([]))
    out.append(("wasm-datacount-after-data.bin", PREAMBLE + data + section(DATACOUNT, uleb(0)),
                {"error": "datacount section at 0x%x is out of order" % (p + len(data)), "offset": p + len(data)}))

    # Optional contents: warnings, the module is still read.
    imp = section(IMPORT, vec([name(b"\xff") + name("f") + b"\x00" + uleb(0)]))
    out.append(("wasm-import-bad-utf8.bin", PREAMBLE + imp,
                {"warning": "is not valid UTF-8", "warning_offset": p + 3}))  # id, size, count
    out.append(("wasm-import-count-huge.bin", PREAMBLE + section(IMPORT, uleb(0xFFFFFFFF)),
                {"warning": "import count 4294967295 exceeds the cap", "warning_offset": p + 2}))
    out.append(("wasm-import-bad-kind.bin", PREAMBLE + section(IMPORT, vec([name("m") + name("f") + b"\x07"])),
                {"warning": "import 0 has unknown kind 0x7", "warning_offset": p + 2 + 1 + 2 + 2}))
    exp = section(EXPORT, vec([name("run") + b"\x00" + uleb(0)]) + b"\x00")
    out.append(("wasm-export-leftover.bin", PREAMBLE + exp,
                {"warning": "1 bytes at 0x%x are left over" % (p + len(exp) - 1), "warning_offset": p + len(exp) - 1}))
    seg = uleb(0) + b"\x41" + sleb(16) + b"\x0b" + uleb(50) + b"abc"
    out.append(("wasm-data-size-past-section.bin", PREAMBLE + section(DATA, vec([seg])),
                {"warning": "data segment 0 size 50 extends past the end of the data section",
                 "warning_offset": p + 2 + 1 + 1 + 2 + 1}))
    seg = uleb(0) + b"\x01\x0b" + uleb(0)
    out.append(("wasm-data-bad-expr.bin", PREAMBLE + section(DATA, vec([seg])),
                {"warning": "offset expression starts with opcode 0x1", "warning_offset": p + 2 + 1 + 1}))
    out.append(("wasm-custom-name-past-section.bin", PREAMBLE + section(0, uleb(9) + b"name"),
                {"warning": "custom section name", "warning_offset": p + 2}))
    prod = custom("producers", uleb(1000))
    out.append(("wasm-producers-fields-huge.bin", PREAMBLE + prod,
                {"warning": "producers field count 1000 exceeds the cap", "warning_offset": p + 2 + 10}))
    # The data count section must agree with the data section (§3.4.10).
    out.append(("wasm-datacount-mismatch.bin",
                PREAMBLE + section(DATACOUNT, uleb(2)) + section(DATA, vec([active_segment(0, b"x")])),
                {"warning": "data count section says 2 segments, the data section has 1"}))
    return out


def seeds():
    """Well-formed miniatures for the fuzzer: Go js (old and new import module), Go wasip1, a
    non-Go module with a start function and a passive segment."""
    plain = (PREAMBLE + TYPE_SEC + FUNC_SEC + section(MEMORY, vec([b"\x01" + uleb(1) + uleb(2)])) +
             section(EXPORT, vec([name("add") + b"\x00" + uleb(0)])) + section(START, uleb(0)) +
             section(DATACOUNT, uleb(2)) + CODE_SEC +
             section(DATA, vec([active_segment(8, b"hello"), uleb(1) + uleb(3) + b"abc"])) +
             custom("linking", uleb(2)))
    return [("go-js-1.19.wasm", go_like("go", ["run", "resume", "getsp", "mem"], "go1.19.8", "go.buildid")),
            ("go-js-1.23.wasm", go_like("gojs", ["run", "resume", "getsp", "mem"])),
            ("go-wasip1-1.23.wasm", go_like("wasi_snapshot_preview1", ["_start", "memory"])),
            ("plain-start.wasm", plain)]


def main():
    args = sys.argv[1:]
    if args[:1] == ["--seeds"]:
        outdir = args[1]
        os.makedirs(outdir, exist_ok=True)
        for fname, data in seeds():
            with open(os.path.join(outdir, fname), "wb") as f:
                f.write(data)
        for fname, data, _ in cases():
            with open(os.path.join(outdir, "malformed-" + fname[len("wasm-"):]), "wb") as f:
                f.write(data)
        return
    outdir = args[0] if args else os.path.dirname(os.path.abspath(__file__))
    expected = {}
    for fname, data, outcome in cases():
        with open(os.path.join(outdir, fname), "wb") as f:
            f.write(data)
        expected[fname] = outcome
    with open(os.path.join(outdir, "wasm-expected.json"), "w") as f:
        json.dump(expected, f, indent=2, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
