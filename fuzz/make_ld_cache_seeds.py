#!/usr/bin/python3
"""Writes the seed corpus of fuzz/ld_cache_fuzzer.cc: small ld.so.cache files in every layout
glibc's ldconfig writes (elf/cache.c save_cache: the old "ld.so-1.7.0" table, the new
"glibc-ld.so.cache1.1" table with its extension directory and glibc-hwcaps names, the new table
inside the old one's string table), in both byte orders, and FreeBSD ld-elf.so.hints files
(include/elf-hints.h) in both byte orders. Each is a few hundred bytes.

Usage: /usr/bin/python3 fuzz/make_ld_cache_seeds.py [OUTPUT_DIR]   (default: fuzz/corpus/ld_cache)
"""
import os
import struct
import sys

LIBS = [  # soname, path, flags, hwcaps index or None, ISA level
    (b"libz.so.1", b"/usr/lib/x86_64-linux-gnu/glibc-hwcaps/x86-64-v3/libz.so.1", 0x303, 0, 3),
    (b"libz.so.1", b"/lib/x86_64-linux-gnu/libz.so.1", 0x303, None, 0),
    (b"libc.so.6", b"/lib/x86_64-linux-gnu/libc.so.6", 0x303, None, 0),
    (b"libc.so.6", b"/lib32/libc.so.6", 0x3, None, 0),
    (b"libm.so.6", b"/lib/arm-linux-gnueabihf/libm.so.6", 0x903, None, 0),
]
HWCAPS = [b"x86-64-v3", b"x86-64-v4"]
GENERATOR = b"ldconfig (seed) release version 2.42"


def strings():
    table, offs, hw = b"", [], []
    for soname, path, *_ in LIBS:
        offs.append((len(table), len(table) + len(soname) + 1))
        table += soname + b"\0" + path + b"\0"
    for h in HWCAPS:
        hw.append(len(table))
        table += h + b"\0"
    return table, offs, hw


def new_table(start, bo, endian_flag):
    """The new table written at file offset `start`: its bytes."""
    table, offs, hw = strings()
    n = len(LIBS)
    base = 48 + 24 * n  # string offsets count from the new header
    body = b""
    for (soname, path, flags, hwidx, isa), (k, v) in zip(LIBS, offs):
        hwcap = 0 if hwidx is None else (1 << 62) | (isa << 32) | hwidx
        body += struct.pack(bo + "iIIIQ", flags, base + k, base + v, 0, hwcap)
    after = start + 48 + len(body) + len(table)
    ext = (after + 3) & ~3
    head = b"glibc-ld.so.cache1.1" + struct.pack(bo + "IIB3xI12x", n, len(table), endian_flag, ext)
    data = ext + 8 + 32
    directory = struct.pack(bo + "II", 0xEAA42174, 2)
    directory += struct.pack(bo + "IIII", 0, 0, data + 4 * len(HWCAPS), len(GENERATOR))
    directory += struct.pack(bo + "IIII", 1, 0, data, 4 * len(HWCAPS))
    directory += b"".join(struct.pack(bo + "I", base + o) for o in hw)
    return head + body + table + b"\0" * (ext - after) + directory + GENERATOR


def old_table(bo, embed):
    table, offs, _ = strings()
    n = len(LIBS)
    old_n = (n + 1) & ~1 if embed else n
    shift = 48 + 24 * n if embed else 0
    out = b"ld.so-1.7.0\0" + struct.pack(bo + "I", old_n)
    for i in range(old_n):
        j = min(i, n - 1)
        out += struct.pack(bo + "iII", LIBS[j][2], shift + offs[j][0], shift + offs[j][1])
    return out + (new_table(len(out), bo, 2 if bo == "<" else 3) if embed else table)


def hints(bo, dirs):
    head = struct.pack(bo + "6I", 0x746E6845, 1, 128, len(dirs) + 1, 0, len(dirs)) + b"\0" * 104
    return head + dirs + b"\0"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "corpus", "ld_cache")
    os.makedirs(out_dir, exist_ok=True)
    seeds = {
        "new-le.cache": new_table(0, "<", 2),
        "new-be.cache": new_table(0, ">", 3),
        "new-unmarked-be.cache": new_table(0, ">", 0),
        "old-le.cache": old_table("<", False),
        "old-be.cache": old_table(">", False),
        "compat-le.cache": old_table("<", True),
        "compat-be.cache": old_table(">", True),
        "hints-le.bin": hints("<", b"/lib:/usr/lib:/usr/local/lib"),
        "hints-be.bin": hints(">", b"/lib;/usr/lib::/usr/lib/compat"),
    }
    for name, data in seeds.items():
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
