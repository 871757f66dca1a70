#!/usr/bin/env python3
"""Writes fuzz/corpus/patch/: tiny ELF files (one PT_LOAD over the file, PT_INTERP, PT_DYNAMIC
with DT_NEEDED/DT_RUNPATH/DT_STRTAB/DT_STRSZ, section headers), 32/64-bit, both byte orders,
each behind patch_fuzzer.cc's 4 request bytes. Run once; the outputs are committed."""
import os
import struct
import sys


def elf(bits, big, machine, spare_nulls, request):
    e = ">" if big else "<"
    w = "Q" if bits == 64 else "I"
    ehsize, phsize, shsize = (64, 56, 64) if bits == 64 else (52, 32, 40)
    base = 0x400000
    interp = b"/lib/ld-linux.so.2\0"
    dynstr = b"\0libc.so.6\0/opt/old/runpath\0"
    nphdr = 3
    off_interp = ehsize + nphdr * phsize
    off_dynstr = off_interp + len(interp)
    off_dyn = (off_dynstr + len(dynstr) + 7) // 8 * 8
    ents = [(1, 1), (29, 11), (5, base + off_dynstr), (10, len(dynstr)), (0, 0)] + [(0, 0)] * spare_nulls
    dyn = b"".join(struct.pack(e + w + w, t, v) for t, v in ents)
    shstr = b"\0.interp\0.dynstr\0.dynamic\0.shstrtab\0"
    off_shstr = off_dyn + len(dyn)
    shoff = (off_shstr + len(shstr) + 7) // 8 * 8
    size = shoff + 5 * shsize

    def phdr(t, f, off, sz, align):
        if bits == 64:
            return struct.pack(e + "IIQQQQQQ", t, f, off, base + off, base + off, sz, sz, align)
        return struct.pack(e + "IIIIIIII", t, off, base + off, base + off, sz, sz, f, align)

    def shdr(name, t, flags, off, sz, link=0, entsize=0):
        addr = base + off if flags & 2 else 0
        if bits == 64:
            return struct.pack(e + "IIQQQQIIQQ", name, t, flags, addr, off, sz, link, 0, 1, entsize)
        return struct.pack(e + "IIIIIIIIII", name, t, flags, addr, off, sz, link, 0, 1, entsize)

    ident = b"\x7fELF" + bytes([2 if bits == 64 else 1, 2 if big else 1, 1]) + bytes(9)
    hdr = ident + struct.pack(e + "HHI" + w + w + w + "IHHHHHH", 3, machine, 1, base + 0x100, ehsize, shoff, 0,
                              ehsize, phsize, nphdr, shsize, 5, 4)
    ph = phdr(3, 4, off_interp, len(interp), 1) + phdr(1, 5, 0, size, 0x1000) + phdr(2, 6, off_dyn, len(dyn), 8)
    out = bytearray(hdr + ph + interp + dynstr)
    out += bytes(off_dyn - len(out)) + dyn + shstr
    out += bytes(shoff - len(out))
    out += bytes(shsize) + shdr(1, 1, 2, off_interp, len(interp)) + shdr(9, 3, 2, off_dynstr, len(dynstr))
    out += shdr(17, 6, 3, off_dyn, len(dyn), 2, 16 if bits == 64 else 8) + shdr(26, 3, 0, off_shstr, len(shstr))
    return bytes(request) + bytes(out)


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus", "patch")
    os.makedirs(d, exist_ok=True)
    seeds = {
        "le64-interp-long": elf(64, False, 62, 0, [1, 60, 0, 0]),
        "le64-runpath-spare": elf(64, False, 183, 2, [4, 0, 5, 0]),
        "be32-everything": elf(32, True, 20, 0, [0x47, 40, 30, 3]),
        "le32-remove": elf(32, False, 40, 0, [9, 3, 0, 0]),
        "be64-add-needed": elf(64, True, 21, 1, [0x46, 0, 70, 9]),
    }
    for name, data in seeds.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
