#!/usr/bin/python3
"""Writes the hand-crafted XCOFF files xcoff-*.bin in this folder and xcoff-expected.json.

Each file is a small XCOFF laid out by build() below from IBM's "XCOFF Object File Format"
(file header, auxiliary header, section headers, .text/.data/.bss/.loader, symbol table, string
table: struct layouts only), with at most one field broken. The expected outcome is derived here
from that layout -- the file offset of the broken field -- not from crossgo's output, so
tests/unit/xcoff_reader_test.cc fails when the reader reports the wrong thing.

Outcomes: {"error": substring, "offset": N} when the read must fail at file offset N;
{"warning": substring} when it must succeed with a warning containing the substring;
{"ok": true} for the well-formed files (whose decoded fields the unit test checks by hand).

Usage: /usr/bin/python3 make_xcoff.py [OUTPUT_DIR]          (default: this script's folder)
       /usr/bin/python3 make_xcoff.py --seeds fuzz/corpus/xcoff
"""
import json
import os
import struct
import sys

F_EXEC = 0x0002
STYP_TEXT, STYP_DATA, STYP_BSS, STYP_LOADER, STYP_DWARF = 0x20, 0x40, 0x80, 0x1000, 0x10
C_EXT, C_HIDEXT = 2, 107
TEXT_OFF, DATA_OFF, LOADER_OFF, SYM_OFF = 0x200, 0x240, 0x280, 0x340
TEXT_VA, DATA_VA, BSS_VA = 0x100000200, 0x200000240, 0x200000280
IMPORTS = b"/usr/lib:/lib\0\0\0" + b"\0libc.a\0shr_64.o\0" + b"\0libpthread.a\0shr_xpg5_64.o\0"
BUILD_ID = b'\xff Go build ID: "xcoff-test-id"\n \xff'


def build(is64=True, opthdr=None, nscns=None, symptr=None, nsyms=None, data_scnptr=None,
          loader_size=None, impoff=None, nimpid=3, istlen=None, snloader=4, strtab_len=None,
          dwarf=False, truncate=None, opthdr_field=None):
    """The file and the offsets of its fields, as a dict name -> offset."""
    at = {}
    fh = 24 if is64 else 20
    aux = 120 if is64 else 72
    opthdr = aux if opthdr is None else opthdr
    sh = 72 if is64 else 40
    sections = [(b".text", TEXT_VA, 64, TEXT_OFF, STYP_TEXT), (b".data", DATA_VA, 64, DATA_OFF, STYP_DATA),
                (b".bss", BSS_VA, 0x100, 0, STYP_BSS), (b".loader", 0, 0, LOADER_OFF, STYP_LOADER)]
    if dwarf:
        sections.append((b".dwinfo", 0, 16, 0x330, STYP_DWARF | 0x10000))
    # Loader section: header, then the import file ID table.
    ldhdr = 56 if is64 else 32
    istlen = len(IMPORTS) if istlen is None else istlen
    impoff = ldhdr if impoff is None else impoff
    if is64:
        loader = struct.pack(">6I4Q", 2, 0, 0, istlen, nimpid, 0, impoff, 0, ldhdr, 0)
    else:
        loader = struct.pack(">8I", 1, 0, 0, istlen, nimpid, impoff, 0, 0)
    at["l_impoff"] = LOADER_OFF + (24 if is64 else 20)
    loader += IMPORTS
    loader_size = len(loader) if loader_size is None else loader_size
    sections[3] = (b".loader", 0, loader_size, LOADER_OFF, STYP_LOADER)
    if data_scnptr is not None:
        sections[1] = (b".data", DATA_VA, 64, data_scnptr, STYP_DATA)
    # Symbols: runtime.text (C_HIDEXT, one csect aux entry), main.main (C_EXT), an undefined import.
    strtab = b""
    names = [b"runtime.text", b"main.main", b"_exit"]
    offs = []
    for n in names:
        offs.append(4 + len(strtab))
        strtab += n + b"\0"
    strtab = struct.pack(">I", 4 + len(strtab) if strtab_len is None else strtab_len) + strtab
    syms = b""
    ents = [(TEXT_VA, 0, 1, C_HIDEXT, 1), (TEXT_VA + 16, 1, 1, C_EXT, 0), (0, 2, 0, C_EXT, 0)]
    for value, idx, scnum, sclass, naux in ents:
        if is64:
            syms += struct.pack(">QIhHBB", value, offs[idx], scnum, 0, sclass, naux)
        else:
            name = names[idx]
            nm = name.ljust(8, b"\0") if len(name) <= 8 else struct.pack(">II", 0, offs[idx])
            syms += nm + struct.pack(">IhHBB", value & 0xFFFFFFFF, scnum, 0, sclass, naux)
        # The csect auxiliary entry; XCOFF64 names its type in the last byte (_AUX_CSECT 251).
        syms += (b"\0" * 17 + (b"\xfb" if is64 else b"\0")) * naux
    real_nsyms = len(syms) // 18
    nscns_v = len(sections) if nscns is None else nscns
    symptr_v = SYM_OFF if symptr is None else symptr
    nsyms_v = real_nsyms if nsyms is None else nsyms
    if is64:
        hdr = struct.pack(">HHIQHHI", 0x01F7, nscns_v, 0, symptr_v, opthdr_field or opthdr, F_EXEC, nsyms_v)
    else:
        hdr = struct.pack(">HHIIIHH", 0x01DF, nscns_v, 0, symptr_v, nsyms_v, opthdr_field or opthdr, F_EXEC)
    at["f_nscns"] = 2
    if is64:
        a = struct.pack(">HHIQQQ6H3H6B", 0x010B, 1, 0, TEXT_VA, DATA_VA, DATA_VA + 32,
                        2, 1, 2, 2, snloader, 3, 5, 3, 0x314C, 0, 0, 0, 0, 0, 0)
        a += struct.pack(">6Q3H", 64, 64, 0x100, DATA_VA + 8, 0, 0, 0, 0, 0) + b"\0" * 10
    else:
        a = struct.pack(">HH7I6H3H2B", 0x010B, 1, 64, 64, 0x100, (DATA_VA + 8) & 0xFFFFFFFF,
                        TEXT_VA & 0xFFFFFFFF, DATA_VA & 0xFFFFFFFF, (DATA_VA + 32) & 0xFFFFFFFF,
                        2, 1, 2, 2, snloader, 3, 5, 3, 0x314C, 0, 0)
        a += struct.pack(">3I4B2H", 0, 0, 0, 0, 0, 0, 0, 0, 0)
    assert len(a) == aux, len(a)
    a = a[:opthdr].ljust(opthdr, b"\0")
    shdrs = b""
    table = fh + opthdr
    for i, (name, va, size, off, flags) in enumerate(sections):
        if is64:
            shdrs += struct.pack(">8s6Q3I", name, va, va, size, off, 0, 0, 0, 0, flags) + b"\0" * 4
        else:
            shdrs += struct.pack(">8s6I2HI", name, va & 0xFFFFFFFF, va & 0xFFFFFFFF, size, off, 0, 0, 0, 0, flags)
        at[f"s_scnptr{i}"] = table + i * sh + (32 if is64 else 20)
    out = bytearray(hdr + a + shdrs)
    assert len(out) <= TEXT_OFF
    out += b"\0" * (TEXT_OFF - len(out))
    out += BUILD_ID.ljust(64, b"\0")
    out += b"\0" * 64  # .data
    assert len(out) == LOADER_OFF and len(loader) <= 0x330 - LOADER_OFF
    out += loader
    out = out.ljust(0x330, b"\0")
    out += b"DWARF-ish bytes\0"  # .dwinfo contents when dwarf=True (unused bytes otherwise)
    assert len(out) == SYM_OFF
    out += syms + strtab
    if truncate is not None:
        out = out[:truncate]
    return bytes(out), at


def cases():
    good, at = build()
    yield "xcoff-good-64.bin", good, {"ok": True}
    yield "xcoff-good-32.bin", build(is64=False)[0], {"ok": True}
    yield "xcoff-good-dwarf.bin", build(dwarf=True)[0], {"ok": True}
    yield "xcoff-truncated-header.bin", good[:12], {"error": "XCOFF64 file header", "offset": 0, "matches": False}
    yield "xcoff-nscns-over-cap.bin", build(nscns=5000)[0], {"error": "f_nscns 5000 exceeds the cap", "offset": 2}
    yield ("xcoff-section-table-past-eof.bin", build(nscns=400)[0],
           {"error": "section header table (400 headers", "offset": 2})
    yield ("xcoff-opthdr-past-eof.bin", build(opthdr_field=0xFFF0)[0],
           {"error": "after f_opthdr 65520", "offset": 16})
    yield "xcoff-aux-short.bin", build(opthdr=28)[0], {"warning": "auxiliary header of 28 bytes"}
    yield ("xcoff-data-past-eof.bin", build(data_scnptr=0x7FFFFFF0)[0],
           {"warning": f"section .data data (64 bytes at s_scnptr 0x7ffffff0, field at {hex(at['s_scnptr1'])})"})
    yield ("xcoff-loader-impoff-past-section.bin", build(impoff=0x1000)[0],
           {"warning": f"l_impoff 0x1000, l_istlen {len(IMPORTS)}) at {hex(at['l_impoff'])}"})
    yield ("xcoff-loader-nimpid-too-many.bin", build(nimpid=50)[0],
           {"warning": "import file ID 3 at", "libraries": 2})
    yield ("xcoff-loader-unterminated.bin", build(istlen=len(IMPORTS) - 1)[0],
           {"warning": "unterminated string", "libraries": 1})
    yield "xcoff-loader-too-small.bin", build(loader_size=10)[0], {"warning": "cannot hold the 56-byte loader header"}
    yield "xcoff-snloader-wrong.bin", build(snloader=1)[0], {"warning": "o_snloader 1 does not name an STYP_LOADER"}
    yield "xcoff-symtab-past-eof.bin", build(nsyms=0x10000000)[0], {"warning": "symbol table (268435456 entries"}
    yield "xcoff-strtab-length-past-eof.bin", build(strtab_len=0x100000)[0], {"warning": "string table length 1048576"}


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
        with open(os.path.join(out_dir, "xcoff-expected.json"), "w") as f:
            json.dump(expected, f, indent=1, sort_keys=True)
            f.write("\n")


if __name__ == "__main__":
    main()
