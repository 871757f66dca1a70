#!/usr/bin/python3
"""Writes the hand-crafted Plan 9 a.out files plan9-*.bin in this folder and plan9-expected.json.

Each file is a small a.out laid out by build() below from the Plan 9 manual a.out(6): the 32-byte
big-endian header {magic, text, data, bss, syms, entry, spsz, pcsz} (plus the 64-bit entry of
HDR_MAGIC files), then text, data, syms, spsz and pcsz back to back; the symbol table entries are
{value (4 or 8 bytes), type | 0x80, name, NUL} as Go's linker writes them
(cmd/link/internal/ld/symtab.go, putplan9sym). At most one field is broken; the expected outcome
(message substring and the broken field's file offset) is derived from this layout, not from
crossgo, so tests/unit/plan9_reader_test.cc fails when the reader reports the wrong thing.

Usage: /usr/bin/python3 make_plan9.py [OUTPUT_DIR]          (default: this script's folder)
       /usr/bin/python3 make_plan9.py --seeds fuzz/corpus/plan9
"""
import json
import os
import struct
import sys

HDR_MAGIC = 0x8000


def magic(f, b):
    return f | ((((4 * b) + 0) * b) + 7)


I_MAGIC, S_MAGIC, E_MAGIC = magic(0, 11), magic(HDR_MAGIC, 26), magic(0, 20)
assert (I_MAGIC, S_MAGIC, E_MAGIC) == (0x1EB, 0x8A97, 0x647)
BUILD_ID = b'\xff Go build ID: "plan9-test-id"\n \xff'


def symtab(ptr, text_addr, data_addr):
    def ent(value, typ, name):
        return value.to_bytes(ptr, "big") + bytes([ord(typ) | 0x80]) + name + b"\0"
    out = ent(text_addr, "T", b"runtime.text")
    out += ent(text_addr + 0x20, "T", b"main.main")
    # A source-file entry: empty name, then 16-bit path-element indexes ended by a 0x0000 pair.
    out += (0).to_bytes(ptr, "big") + bytes([ord("z") | 0x80]) + b"\0" + b"\x00\x01\x00\x02\x00\x00"
    out += ent(data_addr, "D", b"runtime.data")
    out += ent(data_addr + 0x40, "b", b"main.local")
    return out


def build(m=I_MAGIC, text=None, data=None, syms=None, spsz=0, pcsz=0, entry_off=0x20, entry64=None,
          truncate=None, bss=0x100):
    """The file, as a.out(6) lays it out."""
    is64 = m & HDR_MAGIC != 0
    hdr = 40 if is64 else 32
    load = 0x200000 if is64 else 0x1000
    rnd = 0x200000 if is64 else 0x1000
    text_addr = load + hdr
    body_text = BUILD_ID.ljust(96, b"\x90")
    body_data = b"\0" * 64
    text_sz = len(body_text) if text is None else text
    data_addr = (text_addr + len(body_text) + rnd - 1) // rnd * rnd
    body_syms = symtab(8 if is64 else 4, text_addr, data_addr)
    data_sz = len(body_data) if data is None else data
    syms_sz = len(body_syms) if syms is None else syms
    entry = text_addr + entry_off
    e32 = entry & 0x7FFFFFFF if is64 else entry
    out = struct.pack(">8I", m, text_sz, data_sz, bss, syms_sz, e32, spsz, pcsz)
    if is64:
        out += struct.pack(">Q", entry if entry64 is None else entry64)
    out += body_text + body_data + body_syms
    if truncate is not None:
        out = out[:truncate]
    return out


def cases():
    yield "plan9-good-386.bin", build(I_MAGIC), {"ok": True}
    yield "plan9-good-amd64.bin", build(S_MAGIC), {"ok": True}
    yield "plan9-good-arm.bin", build(E_MAGIC), {"ok": True}
    yield "plan9-truncated-header.bin", build(I_MAGIC)[:20], {"error": "Plan 9 a.out header", "offset": 0, "matches": False}
    yield ("plan9-amd64-truncated-expansion.bin", build(S_MAGIC)[:36],
           {"error": "Plan 9 64-bit entry", "offset": 32, "matches": False})
    yield "plan9-bad-magic.bin", build(0x1EC), {"error": "Plan 9 magic 0x1ec", "offset": 0, "matches": False}
    yield "plan9-text-past-eof.bin", build(text=0x7FFFFFFF), {"error": "Plan 9 text size 2147483647", "offset": 4}
    yield "plan9-data-past-eof.bin", build(data=0x10000), {"error": "Plan 9 data size 65536", "offset": 8}
    yield "plan9-syms-past-eof.bin", build(syms=0x10000), {"error": "Plan 9 syms size 65536", "offset": 16}
    yield "plan9-spsz-past-eof.bin", build(spsz=1), {"error": "Plan 9 spsz size 1", "offset": 24}
    yield "plan9-pcsz-past-eof.bin", build(pcsz=0xFFFFFFFF), {"error": "Plan 9 pcsz size 4294967295", "offset": 28}
    # Readable, but not recognised by magic: the entry lies outside text.
    yield "plan9-entry-outside-text.bin", build(entry_off=0x1000), {"ok": True, "matches": False}
    yield ("plan9-amd64-entry-mismatch.bin", build(S_MAGIC, entry64=0x200100),
           {"ok": True, "matches": False})
    # The symbol table ends inside a name: the walk stops after the entries before it.
    good = build(I_MAGIC)
    cut = len(good) - 5
    short = bytearray(good[:cut])
    struct.pack_into(">I", short, 16, struct.unpack(">I", good[16:20])[0] - 5)
    yield "plan9-symtab-unterminated.bin", bytes(short), {"ok": True, "symbols": 3}


def main():
    args = sys.argv[1:]
    seeds = args[:1] == ["--seeds"]
    out_dir = args[1] if seeds else (args[0] if args else os.path.dirname(os.path.abspath(__file__)))
    os.makedirs(out_dir, exist_ok=True)
    expected = {}
    for name, data, outcome in cases():
        with open(os.path.join(out_dir, name if not seeds else name[:-4]), "wb") as f:
            f.write(data)
        expected[name] = outcome
    if not seeds:
        with open(os.path.join(out_dir, "plan9-expected.json"), "w") as f:
            json.dump(expected, f, indent=1, sort_keys=True)
            f.write("\n")


if __name__ == "__main__":
    main()
