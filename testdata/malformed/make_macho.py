#!/usr/bin/env python3
"""Writes the hand-made Mach-O inputs: testdata/malformed/macho-*.bin (each damaged in one way,
asserted by tests/unit/macho_reader_test.cc) and the fuzzing seeds fuzz/corpus/macho/*.bin.
Layouts from <mach-o/loader.h> and <mach-o/fat.h>. Run from anywhere; output is deterministic."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "..", "fuzz", "corpus", "macho")

MH_MAGIC_64, MH_MAGIC = 0xFEEDFACF, 0xFEEDFACE
CPU_TYPE_X86_64, CPU_TYPE_ARM64, CPU_TYPE_X86 = 0x01000007, 0x0100000C, 7
MH_EXECUTE, MH_DYLIB = 2, 6
MH_DYLDLINK, MH_PIE = 0x4, 0x200000
LC_SEGMENT_64, LC_SYMTAB, LC_LOAD_DYLIB, LC_ID_DYLIB = 0x19, 0x2, 0xC, 0xD
LC_LOAD_DYLINKER, LC_UUID, LC_RPATH, LC_CODE_SIGNATURE = 0xE, 0x1B, 0x8000001C, 0x1D
LC_LOAD_WEAK_DYLIB, LC_BUILD_VERSION, LC_MAIN = 0x80000018, 0x32, 0x80000028
LC_VERSION_MIN_IPHONEOS, LC_SEGMENT = 0x25, 0x1


class Builder:
    """A Mach-O file: header + load commands + payload appended after them at known offsets."""

    def __init__(self, bits=64, endian="<", cputype=CPU_TYPE_ARM64, subtype=0, filetype=MH_EXECUTE,
                 flags=MH_DYLDLINK | MH_PIE):
        self.bits, self.e = bits, endian
        self.cputype, self.subtype, self.filetype, self.flags = cputype, subtype, filetype, flags
        self.cmds = []

    def header_size(self):
        return 32 if self.bits == 64 else 28

    def add(self, cmd, body, pad_to=None):
        size = 8 + len(body)
        align = pad_to or (8 if self.bits == 64 else 4)
        body += b"\0" * ((-size) % align)
        self.cmds.append(struct.pack(self.e + "II", cmd, 8 + len(body)) + body)

    def raw(self, data):
        self.cmds.append(data)

    def lc_str(self, cmd, fixed, text):
        # lc_str offset = size of the fixed part (8 bytes of cmd/cmdsize + fixed)
        off = 8 + 4 + len(fixed)
        self.add(cmd, struct.pack(self.e + "I", off) + fixed + text.encode() + b"\0")

    def dylib(self, name, cmd=LC_LOAD_DYLIB):
        self.lc_str(cmd, struct.pack(self.e + "III", 2, 0x10000, 0x10000), name)

    def segment64(self, name, vmaddr, vmsize, fileoff, filesize, maxprot, initprot, sections=()):
        body = struct.pack(self.e + "16sQQQQiiII", name.encode(), vmaddr, vmsize, fileoff, filesize,
                           maxprot, initprot, len(sections), 0)
        for (sect, addr, size, off, flags) in sections:
            body += struct.pack(self.e + "16s16sQQIIIIIIII", sect.encode(), name.encode(), addr, size, off,
                                0, 0, 0, flags, 0, 0, 0)
        self.add(LC_SEGMENT_64, body)

    def build(self, ncmds=None, sizeofcmds=None, tail=b""):
        cmds = b"".join(self.cmds)
        magic = MH_MAGIC_64 if self.bits == 64 else MH_MAGIC
        h = struct.pack(self.e + "IiiIIII", magic, self.cputype, self.subtype, self.filetype,
                        len(self.cmds) if ncmds is None else ncmds,
                        len(cmds) if sizeofcmds is None else sizeofcmds, self.flags)
        if self.bits == 64:
            h += b"\0\0\0\0"
        return h + cmds + tail


def good():
    """A well-formed arm64 executable; every field is asserted by the unit test."""
    b = Builder()
    # __TEXT maps the first 0x1000 bytes; __text at 0x400 (zeros in the tail)
    b.segment64("__PAGEZERO", 0, 0x100000000, 0, 0, 0, 0)
    b.segment64("__TEXT", 0x100000000, 0x1000, 0, 0x1000, 5, 5,
                [("__text", 0x100000400, 0x100, 0x400, 0x80000400)])
    b.segment64("__DATA", 0x100001000, 0x2000, 0x1000, 0x100, 3, 3,
                [("__data", 0x100001000, 0x100, 0x1000, 0), ("__bss", 0x100001100, 0x1000, 0, 1)])
    b.add(LC_BUILD_VERSION, struct.pack("<IIII", 1, 0x000B0000, 0x000E0200, 0))
    b.add(LC_MAIN, struct.pack("<QQ", 0x410, 0))
    b.lc_str(LC_LOAD_DYLINKER, b"", "/usr/lib/dyld")
    b.dylib("/usr/lib/libSystem.B.dylib")
    b.dylib("/usr/lib/libweak.dylib", LC_LOAD_WEAK_DYLIB)
    b.lc_str(LC_RPATH, b"", "@executable_path/../Frameworks")
    b.add(LC_UUID, bytes(range(16)))
    # symbols at 0x1100: two nlist_64, strings at 0x1120
    b.add(LC_SYMTAB, struct.pack("<IIII", 0x1100, 2, 0x1120, 0x20))
    b.add(LC_CODE_SIGNATURE, struct.pack("<II", 0x1140, 0x10))
    data = b.build()
    data += b"\0" * (0x1100 - len(data))
    data += struct.pack("<IBBHQ", 1, 0x0F, 1, 0, 0x100000400)  # _main, N_SECT|N_EXT
    data += struct.pack("<IBBHQ", 7, 0x01, 0, 0, 0)            # _write, undefined external
    data += b"\0_main\0_write\0".ljust(0x20, b"\0")
    data += b"\xfa\xde\x0c\xc0" + b"\0" * 12
    return data


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def malformed():
    out = {}
    out["truncated-header"] = good()[:20]
    out["sizeofcmds-past-eof"] = Builder().build(ncmds=1, sizeofcmds=0x10000)
    b = Builder()
    b.raw(struct.pack("<II", LC_UUID, 0))  # cmdsize 0 would loop forever
    b.dylib("/usr/lib/libSystem.B.dylib")
    out["cmdsize-zero"] = b.build()
    b = Builder()
    b.dylib("/usr/lib/libSystem.B.dylib")
    out["cmdsize-past-sizeofcmds"] = b.build(sizeofcmds=40)
    # a dylib whose name offset points past its cmdsize
    b = Builder()
    b.raw(struct.pack("<IIIIII", LC_LOAD_DYLIB, 32, 40, 0, 0, 0) + b"libx\0\0\0\0")
    out["dylib-name-offset-outside"] = b.build()
    # a dylib name that runs to the end of its command without a NUL
    b = Builder()
    b.raw(struct.pack("<IIIIII", LC_LOAD_DYLIB, 32, 24, 0, 0, 0) + b"libxxxxx")
    out["dylib-name-unterminated"] = b.build()
    # an rpath whose offset points into the fixed part
    b = Builder()
    b.raw(struct.pack("<III", LC_RPATH, 16, 4) + b"/a\0\0")
    out["rpath-offset-in-header"] = b.build()
    # a segment claiming more sections than its cmdsize holds
    b = Builder()
    b.raw(struct.pack("<II16sQQQQiiII", LC_SEGMENT_64, 72, b"__TEXT", 0x1000, 0x1000, 0, 0, 5, 5, 1000, 0))
    out["nsects-overflow"] = b.build()
    # a section whose data lies past the end of the file
    b = Builder()
    b.segment64("__DATA", 0x1000, 0x1000, 0, 0, 3, 3, [("__data", 0x1000, 0x100, 0x7fff0000, 0)])
    out["section-past-eof"] = b.build()
    # LC_SYMTAB with 2^28 symbols
    b = Builder()
    b.add(LC_SYMTAB, struct.pack("<IIII", 0x40, 0x10000000, 0x40, 0))
    out["symtab-nsyms-huge"] = b.build()
    # cmdsize not a multiple of 8 in a 64-bit file: a warning only
    b = Builder()
    b.add(LC_UUID, bytes(16), pad_to=4)
    b.cmds[-1] = struct.pack("<II", LC_UUID, 28) + bytes(16) + b"\0\0\0\0"
    out["cmdsize-misaligned"] = b.build()
    # LC_BUILD_VERSION cut short (cmdsize 16 < 24)
    b = Builder()
    b.raw(struct.pack("<IIII", LC_BUILD_VERSION, 16, 1, 0x000B0000))
    out["build-version-short"] = b.build()
    # ncmds far above the commands present
    b = Builder()
    b.add(LC_UUID, bytes(16))
    out["ncmds-huge"] = b.build(ncmds=0xFFFFFFFF)
    # fat files
    thin = good()
    fat_hdr = struct.pack(">II", 0xCAFEBABE, 2)
    fat = fat_hdr + struct.pack(">iiIII", CPU_TYPE_ARM64, 0, 0x1000, len(thin), 12)
    fat += struct.pack(">iiIII", CPU_TYPE_X86_64, 3, 0x100000, len(thin), 12)
    fat = fat.ljust(0x1000, b"\0") + thin
    out["fat-slice-past-eof"] = fat
    fat = fat_hdr + struct.pack(">iiIII", CPU_TYPE_ARM64, 0, 0x1000, len(thin), 12)
    fat += struct.pack(">iiIII", CPU_TYPE_X86_64, 3, 0x1100, len(thin), 12)
    fat = fat.ljust(0x1000, b"\0") + thin + b"\0" * 0x100
    out["fat-overlap"] = fat
    out["fat-nfat-huge"] = struct.pack(">II", 0xCAFEBABE, 65) + struct.pack(">iiIII", CPU_TYPE_ARM64, 0, 0x1000, 16, 12)
    # a Java class file: same magic, version 52 (Java 8), constant pool follows
    out["java-class"] = bytes.fromhex("cafebabe00000034001d0a0006000f09001000110800120a001300140700150700160100063c696e69743e")
    return out


def seeds():
    s = {"good-arm64": good()}
    b = Builder(bits=32, cputype=CPU_TYPE_X86, subtype=3, filetype=MH_DYLIB, flags=0)
    b.dylib("/usr/lib/libfoo.1.dylib", LC_ID_DYLIB)
    b.add(LC_VERSION_MIN_IPHONEOS, struct.pack("<II", 0x00090000, 0))
    s["i386-dylib"] = b.build()
    b = Builder(endian=">", cputype=0x01000012, filetype=MH_EXECUTE, flags=0)
    b.dylib("/usr/lib/libSystem.B.dylib")
    s["ppc64-big-endian"] = b.build()
    thin = good()
    fat = struct.pack(">II", 0xCAFEBABF, 1) + struct.pack(">iiQQII", CPU_TYPE_ARM64, 2, 0x1000, len(thin), 12, 0)
    s["fat64-arm64e"] = fat.ljust(0x1000, b"\0") + thin
    return s


def main():
    for name, data in malformed().items():
        write(os.path.join(HERE, f"macho-{name}.bin"), data)
    os.makedirs(CORPUS, exist_ok=True)
    for name, data in seeds().items():
        write(os.path.join(CORPUS, f"{name}.bin"), data)
    for name, data in malformed().items():
        write(os.path.join(CORPUS, f"malformed-{name}.bin"), data)


if __name__ == "__main__":
    main()
