#!/usr/bin/env python3
"""Writes the PE/COFF test inputs testdata/malformed/pe-*.bin (well-formed and hostile) that
tests/unit/pe_reader_test.cc reads. Layouts per the Microsoft "PE Format" specification. The
good image (pe-good64.bin), every offset below is fixed so the test can state its expectations:

  0x000 DOS header (e_lfanew 0x80)      0x080 "PE\\0\\0"     0x084 COFF file header
  0x098 optional header PE32+ (240)     0x188 section table (6 x 40 bytes)
  0x400 .text  RVA 0x1000 (0x200)       0x600 .rdata RVA 0x2000 (0x200)
  0x800 .data  RVA 0x3000 (VirtualSize 0x100, SizeOfRawData 0x200)
  0xa00 .idata RVA 0x4000: imports KERNEL32.dll, msvcrt.dll; delay-load USER32.dll
  0xc00 "/4" = .debug_info (long name)  .bss RVA 0x6000 (no file data)
  0xe00 COFF symbols (4 records, one auxiliary), then the string table, then an 8-byte
        "certificate" the security directory points at.

Run from anywhere: python3 testdata/malformed/make_pe.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))

LFANEW = 0x80
COFF = LFANEW + 4
OPT = COFF + 20
SECTIONS = OPT + 240
SYMTAB = 0xE00
IMAGE_BASE = 0x140000000


def section(name, vsize, va, raw_size, raw_ptr, chars):
    return struct.pack("<8sIIIIIIHHI", name, vsize, va, raw_size, raw_ptr, 0, 0, 0, 0, chars)


def symbol(name, value, secnum, aux=0, strtab_off=None):
    raw = struct.pack("<II", 0, strtab_off) if strtab_off is not None else name.ljust(8, b"\0")
    return raw + struct.pack("<IhHBB", value, secnum, 0, 3, aux)


def good64(machine=0x8664, pe32=False, characteristics=0x0022):
    f = bytearray(0xE00)
    f[0:2] = b"MZ"
    struct.pack_into("<I", f, 0x3C, LFANEW)
    f[LFANEW:LFANEW + 4] = b"PE\0\0"
    nsyms = 4
    struct.pack_into("<HHIIIHH", f, COFF, machine, 6, 0x5F000000, SYMTAB, nsyms, 240, characteristics)
    assert struct.calcsize("<HBBIIIIIIIIIHHHHHHIIIIHHIIIIII") == 96
    assert struct.calcsize("<HBBIIIIIQIIHHHHHHIIIIHHQQQQII") == 112
    dirs_at = OPT + (96 if pe32 else 112)
    if pe32:
        # PE32: 96 fixed bytes + 16 directories = 224; keep SizeOfOptionalHeader 240 (16 spare).
        struct.pack_into("<HBBIIIIIIIIIHHHHHHIIIIHHIIIIII", f, OPT, 0x10B, 3, 0, 0x200, 0x400, 0, 0x1000,
                         0x1000, 0x2000, 0x400000, 0x1000, 0x200, 6, 1, 1, 0, 6, 1, 0, 0x7000, 0x400, 0,
                         3, 0x8140, 0x100000, 0x1000, 0x100000, 0x1000, 0, 16)
    else:
        struct.pack_into("<HBBIIIIIQIIHHHHHHIIIIHHQQQQII", f, OPT, 0x20B, 3, 0, 0x200, 0x400, 0, 0x1000,
                         0x1000, IMAGE_BASE, 0x1000, 0x200, 6, 1, 1, 0, 6, 1, 0, 0x7000, 0x400, 0,
                         3, 0x8160, 0x200000, 0x1000, 0x100000, 0x1000, 0, 16)
    def directory(i, rva, size):
        struct.pack_into("<II", f, dirs_at + 8 * i, rva, size)
    directory(1, 0x4000, 40)     # import
    directory(13, 0x4080, 64)    # delay-load import
    secs = [
        section(b".text", 0x200, 0x1000, 0x200, 0x400, 0x60000020),
        section(b".rdata", 0x200, 0x2000, 0x200, 0x600, 0x40000040),
        section(b".data", 0x100, 0x3000, 0x200, 0x800, 0xC0000040),
        section(b".idata", 0x200, 0x4000, 0x200, 0xA00, 0xC0000040),
        section(b"/4", 0x200, 0x5000, 0x200, 0xC00, 0x42000040),
        section(b".bss", 0x80, 0x6000, 0, 0, 0xC0000080),
    ]
    f[SECTIONS:SECTIONS + 240] = b"".join(secs)
    build_id = b'\xff Go build ID: "abc/def"\n \xff'
    f[0x400:0x400 + len(build_id)] = build_id
    # .idata: two import descriptors + terminator at RVA 0x4000, one delay descriptor +
    # terminator at 0x4080, DLL names at 0x4100.
    # Every lookup / address table points at an empty (all-zero) thunk list at RVA 0x4180.
    struct.pack_into("<IIIII", f, 0xA00, 0x4180, 0, 0, 0x4100, 0x4180)
    struct.pack_into("<IIIII", f, 0xA00 + 20, 0x4180, 0, 0, 0x4110, 0x4180)
    struct.pack_into("<IIIIIIII", f, 0xA80, 1, 0x4120, 0, 0x4180, 0x4180, 0, 0, 0)
    f[0xB00:0xB00 + 13] = b"KERNEL32.dll\0"
    f[0xB10:0xB10 + 11] = b"msvcrt.dll\0"
    f[0xB20:0xB20 + 11] = b"USER32.dll\0"
    strtab = b".debug_info\0runtime.pclntab\0"
    syms = (symbol(b"main", 0x10, 1, aux=1) + b"AUXAUXAUXAUXAUXAUX" +
            symbol(None, 0x20, 2, strtab_off=4 + 12) + symbol(b"ext", 0, 0))
    assert len(syms) == 18 * nsyms
    f += syms + struct.pack("<I", 4 + len(strtab)) + strtab
    cert_at = len(f)
    f += b"CERTDATA"
    directory(4, cert_at, 8)     # security: a file offset
    return f


def coff_object():
    """A bare COFF object (arm64): no DOS stub, no optional header, one section."""
    f = bytearray()
    f += struct.pack("<HHIIIHH", 0xAA64, 1, 0, 20 + 40 + 16, 1, 0, 0)
    f += section(b".text", 0, 0, 16, 20 + 40, 0x60500020)
    f += b"\x00" * 16
    f += symbol(b"f", 4, 1) + struct.pack("<I", 4)
    return f


def u16(f, at, v):
    struct.pack_into("<H", f, at, v)


def u32(f, at, v):
    struct.pack_into("<I", f, at, v)


def sec_field(i, rel):
    return SECTIONS + 40 * i + rel


def variants():
    out = {"good64": good64(), "good32-dll": good64(machine=0x14C, pe32=True, characteristics=0x2102),
           "object": coff_object()}

    out["truncated-dos"] = good64()[:40]
    f = good64(); u32(f, 0x3C, 0x7FFFFFF0); out["lfanew-past-eof"] = f
    f = good64(); f[LFANEW:LFANEW + 4] = b"NE\0\0"; out["bad-signature"] = f
    f = good64(); u16(f, COFF + 16, 0x60); out["optional-too-small"] = f
    f = good64(); u16(f, OPT, 0x107); out["bad-optional-magic"] = f
    f = good64(); u16(f, COFF + 16, 0); out["image-without-optional"] = f
    f = good64(); u16(f, COFF + 2, 500); out["sections-past-eof"] = f
    f = good64(); u32(f, OPT + 112 + 8, 0x9000); out["import-unmapped"] = f
    f = good64(); f[0xB00:0xC00] = b"K" * 0x100; out["import-name-unterminated"] = f
    # Descriptors fill .idata to its end without an all-zero terminator.
    f = good64()
    u32(f, OPT + 112 + 8 * 13, 0)  # no delay directory: it shares the section
    for i in range(0x200 // 20):  # 25 descriptors, all naming "KERNEL32.dll" in .rdata
        struct.pack_into("<IIIII", f, 0xA00 + 20 * i, 1, 0, 0, 0x2000, 0)
    f[0x600:0x600 + 13] = b"KERNEL32.dll\0"
    out["import-no-terminator"] = f
    f = good64(); u32(f, COFF + 8, 0x00FFFFF0); out["symtab-past-eof"] = f
    f = good64(); u32(f, SYMTAB + 18 * 4, 0xFFFFFFFF); out["strtab-huge"] = f
    f = good64(); u32(f, sec_field(2, 20), 0x00FF0000); out["section-data-past-eof"] = f
    f = good64(); u32(f, OPT + 108, 0xFFFFFFFF); out["rva-count-huge"] = f
    return out


def main():
    for name, data in variants().items():
        with open(os.path.join(HERE, f"pe-{name}.bin"), "wb") as fh:
            fh.write(bytes(data))
    # Seeds for fuzz/pe_fuzzer.cc: the well-formed inputs (the fuzzer mutates from there).
    corpus = os.path.join(HERE, "..", "..", "fuzz", "corpus", "pe")
    os.makedirs(corpus, exist_ok=True)
    for name in ("good64", "good32-dll", "object", "import-no-terminator"):
        with open(os.path.join(corpus, f"seed-{name}.bin"), "wb") as fh:
            fh.write(bytes(variants()[name]))


if __name__ == "__main__":
    main()
