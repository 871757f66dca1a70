#!/usr/bin/python3
"""Writes the hand-crafted malformed ELF files in this folder and expected.json.

Each file starts from a small, valid ELF laid out by the Elf class below (System V gABI layouts,
written with struct only) and then has one field broken. The expected outcome is derived here from
the layout -- the file offset of the field that was broken -- not from crossgo's output, so the
unit test (tests/unit/elf_malformed_test.cc) can fail when the reader reports the wrong thing.

Outcomes: {"error": substring, "offset": N} when read_elf must fail at file offset N, or
{"warning": substring} when it must succeed and record a warning containing the substring.

Usage: /usr/bin/python3 make_malformed.py [OUTPUT_DIR]   (default: this script's folder)
       /usr/bin/python3 make_malformed.py --seeds fuzz/corpus/elf   (fuzz seeds: Go-shaped miniatures
                                                                     and copies of the malformed files)
"""
import json
import os
import struct
import sys

MAX_FILE = 4096

SHT_PROGBITS, SHT_SYMTAB, SHT_STRTAB, SHT_DYNAMIC, SHT_NOTE = 1, 2, 3, 6, 7
SHT_DYNSYM, SHT_GNU_VERNEED, SHT_ARM_ATTRIBUTES = 11, 0x6FFFFFFE, 0x70000003
PT_LOAD, PT_DYNAMIC, PT_INTERP, PT_NOTE = 1, 2, 3, 4
DT_NULL, DT_NEEDED, DT_STRTAB, DT_STRSZ = 0, 1, 5, 10
EM_X86_64, EM_ARM, EM_386 = 62, 40, 3
ET_EXEC, ET_DYN = 2, 3
BASE_VADDR = 0x10000


class Elf:
    """A minimal ELF writer: header, program headers, section data, .shstrtab, section headers."""

    def __init__(self, bits=64, endian="<", machine=EM_X86_64, etype=ET_DYN, eflags=0):
        self.bits, self.e, self.machine, self.etype, self.eflags = bits, endian, machine, etype, eflags
        self.sections = []  # dicts: name, type, data, link, info, align, entsize, flags
        self.segments = []  # dicts: type, flags, section (name) | "all" | (offset, size), align

    @property
    def w(self):
        return "Q" if self.bits == 64 else "I"

    def ehsize(self):
        return 64 if self.bits == 64 else 52

    def phentsize(self):
        return 56 if self.bits == 64 else 32

    def shentsize(self):
        return 64 if self.bits == 64 else 40

    def section(self, name, type_, data=b"", link=0, info=0, align=1, entsize=0, flags=2):
        self.sections.append(dict(name=name, type=type_, data=bytes(data), link=link, info=info,
                                  align=align, entsize=entsize, flags=flags))
        return len(self.sections)  # index in the file: section 0 is the null section

    def segment(self, type_, where, flags=4, align=1):
        self.segments.append(dict(type=type_, where=where, flags=flags, align=align))

    def build(self):
        """Returns (bytearray, layout); layout holds the offsets the expectations need."""
        lay = {"phoff": self.ehsize() if self.segments else 0, "sec_off": {}, "sec_hdr": {},
               "ph_hdr": [], "sec_index": {}}
        pos = self.ehsize() + len(self.segments) * self.phentsize()
        shstr = b"\0"
        name_off = {}
        for s in self.sections + [dict(name=".shstrtab")]:
            name_off[s["name"]] = len(shstr)
            shstr += s["name"].encode() + b"\0"
        blobs = []
        for s in self.sections + [dict(name=".shstrtab", type=SHT_STRTAB, data=shstr, link=0, info=0,
                                       align=1, entsize=0, flags=0)]:
            pos = (pos + s["align"] - 1) // s["align"] * s["align"]
            lay["sec_off"][s["name"]] = pos
            blobs.append((pos, s))
            pos += len(s["data"])
        pos = (pos + 7) // 8 * 8
        shoff = pos
        nsec = len(blobs) + 1
        lay["shoff"] = shoff
        size = shoff + nsec * self.shentsize()
        out = bytearray(size)
        e = self.e
        ident = b"\x7fELF" + bytes([2 if self.bits == 64 else 1, 1 if e == "<" else 2, 1, 0]) + bytes(8)
        out[0:16] = ident
        struct.pack_into(e + "HHI", out, 16, self.etype, self.machine, 1)
        w = self.w
        struct.pack_into(e + w + w + w, out, 24, BASE_VADDR + 0x100, lay["phoff"], shoff)
        rest = 24 + 3 * (8 if self.bits == 64 else 4)
        struct.pack_into(e + "IHHHHHH", out, rest, self.eflags, self.ehsize(), self.phentsize(),
                         len(self.segments), self.shentsize(), nsec, nsec - 1)
        lay["rest"] = rest
        for off, s in blobs:
            out[off:off + len(s["data"])] = s["data"]
        for i, (off, s) in enumerate(blobs):
            h = shoff + (i + 1) * self.shentsize()
            lay["sec_hdr"][s["name"]] = h
            lay["sec_index"][s["name"]] = i + 1
            addr = BASE_VADDR + off if s["flags"] & 2 else 0
            if self.bits == 64:
                struct.pack_into(e + "IIQQQQIIQQ", out, h, name_off[s["name"]], s["type"], s["flags"], addr,
                                 off, len(s["data"]), s["link"], s["info"], s["align"], s["entsize"])
            else:
                struct.pack_into(e + "IIIIIIIIII", out, h, name_off[s["name"]], s["type"], s["flags"], addr,
                                 off, len(s["data"]), s["link"], s["info"], s["align"], s["entsize"])
        for i, seg in enumerate(self.segments):
            h = lay["phoff"] + i * self.phentsize()
            lay["ph_hdr"].append(h)
            where = seg["where"]
            if where == "all":
                off, sz = 0, size
            elif isinstance(where, str):
                off, sz = lay["sec_off"][where], len(self.sections[lay["sec_index"][where] - 1]["data"])
            else:
                off, sz = where
            self.write_phdr(out, h, seg["type"], seg["flags"], off, BASE_VADDR + off, sz, sz, seg["align"])
        assert len(out) < MAX_FILE, len(out)
        return out, lay

    def write_phdr(self, out, h, type_, flags, off, vaddr, filesz, memsz, align):
        e = self.e
        if self.bits == 64:
            struct.pack_into(e + "IIQQQQQQ", out, h, type_, flags, off, vaddr, vaddr, filesz, memsz, align)
        else:
            struct.pack_into(e + "IIIIIIII", out, h, type_, off, vaddr, vaddr, filesz, memsz, flags, align)

    # Field offsets inside headers.
    def e_field(self, name):
        w = 8 if self.bits == 64 else 4
        rest = 24 + 3 * w
        return {"e_phoff": 24 + w, "e_shoff": 24 + 2 * w, "e_ehsize": rest + 4, "e_phentsize": rest + 6,
                "e_phnum": rest + 8, "e_shentsize": rest + 10, "e_shnum": rest + 12,
                "e_shstrndx": rest + 14}[name]

    def sh_field(self, name):
        if self.bits == 64:
            return {"sh_name": 0, "sh_type": 4, "sh_offset": 24, "sh_size": 32, "sh_link": 40,
                    "sh_info": 44}[name]
        return {"sh_name": 0, "sh_type": 4, "sh_offset": 16, "sh_size": 20, "sh_link": 24, "sh_info": 28}[name]


def put(elf, out, off, fmt, value):
    struct.pack_into(elf.e + fmt, out, off, value)


def word(elf):
    return elf.w


def dyn_entries(elf, entries):
    fmt = elf.e + ("qQ" if elf.bits == 64 else "iI")
    return b"".join(struct.pack(fmt, t, v) for t, v in entries)


def note(name, type_, desc, e="<", align=4):
    n = name + b"\0" if name else b""
    pad = lambda b: b + bytes((-len(b)) % align)
    return struct.pack(e + "III", len(n), len(desc), type_) + pad(n) + pad(desc)


def plain(bits=64, endian="<", machine=EM_X86_64):
    """A small valid file: one data section, an interpreter, a load segment."""
    elf = Elf(bits, endian, machine)
    elf.section(".interp", SHT_PROGBITS, b"/lib64/ld-linux-x86-64.so.2\0")
    elf.section(".data", SHT_PROGBITS, b"hello, world\0\0\0\0", align=8, flags=3)
    elf.segment(PT_INTERP, ".interp")
    elf.segment(PT_LOAD, "all", flags=5, align=0x1000)
    return elf


CASES = {}


def case(fn):
    CASES[fn.__name__.replace("_", "-") + ".elf"] = fn
    return fn


def err(msg, offset):
    return {"error": msg, "offset": offset}


def warn(msg):
    return {"warning": msg}


# --- identification and header --------------------------------------------------------------

@case
def empty():
    return b"", err("ELF identification: 16 bytes at 0x0 do not fit the file (size 0)", 0)


@case
def truncated_ident():
    return b"\x7fELF\x02\x01\x01", err("ELF identification: 16 bytes at 0x0 do not fit the file (size 7)", 0)


@case
def bad_magic():
    data, _ = plain().build()
    data[1:4] = b"ELV"
    return data, err("not an ELF file (bad magic)", 0)


@case
def bad_class():
    data, _ = plain().build()
    data[4] = 3
    return data, err("invalid ELF class 3", 4)


@case
def bad_data_encoding():
    data, _ = plain().build()
    data[5] = 0
    return data, err("invalid ELF data encoding 0", 5)


@case
def truncated_header_64():
    data, _ = plain(64).build()
    return data[:40], err("ELF header: 64 bytes at 0x0 do not fit the file (size 40)", 0)


@case
def truncated_header_32():
    data, _ = plain(32).build()
    return data[:30], err("ELF header: 52 bytes at 0x0 do not fit the file (size 30)", 0)


@case
def wrong_endian_header():
    # A little-endian file whose EI_DATA claims big-endian: e_phoff 0x40 reads as 2^62 and the
    # 16-bit counts and sizes byte-swap into the thousands.
    elf = plain(64, "<")
    data, lay = elf.build()
    data[5] = 2
    phnum = struct.unpack_from(">H", data, elf.e_field("e_phnum"))[0]
    phent = struct.unpack_from(">H", data, elf.e_field("e_phentsize"))[0]
    phoff = struct.unpack_from(">Q", data, elf.e_field("e_phoff"))[0]
    return data, err("program header table (%d entries of %d bytes at 0x%x) extends past the end of the file"
                     % (phnum, phent, phoff), elf.e_field("e_phoff"))


@case
def elf32_with_elf64_sizes():
    # An ELF32 header whose entry sizes are the ELF64 ones: allowed (readelf warns), entries are
    # read with the stride given, so the tables still decode.
    elf = plain(32, "<", EM_386)
    elf.ehsize = lambda: 64
    elf.phentsize = lambda: 56
    elf.shentsize = lambda: 64
    data, _ = elf.build()
    return data, warn("program header entry size 56 is larger than the 32 bytes of an ELF32 entry")


# --- program and section header tables ------------------------------------------------------

@case
def phdr_table_past_eof():
    elf = plain()
    data, lay = elf.build()
    put(elf, data, elf.e_field("e_phnum"), "H", 60)
    return data, err("program header table (60 entries of 56 bytes at 0x40) extends past the end of the file "
                     "(size %d)" % len(data), elf.e_field("e_phoff"))


@case
def shdr_table_past_eof():
    elf = plain(32, "<", EM_386)
    data, lay = elf.build()
    put(elf, data, elf.e_field("e_shoff"), "I", 0x10000)
    return data, err("section header table (4 entries of 40 bytes at 0x10000) extends past the end of the file",
                     elf.e_field("e_shoff"))


@case
def shnum_billions_xnum():
    # Extended numbering: e_shnum 0, the real count in section 0's sh_size.
    elf = plain()
    data, lay = elf.build()
    put(elf, data, elf.e_field("e_shnum"), "H", 0)
    put(elf, data, lay["shoff"] + elf.sh_field("sh_size"), "Q", 3_000_000_000)
    return data, err("section header count 3000000000 exceeds the cap of 262140",
                     lay["shoff"] + elf.sh_field("sh_size"))


@case
def phnum_billions_xnum():
    # e_phnum PN_XNUM: the real count in section 0's sh_info.
    elf = plain()
    data, lay = elf.build()
    put(elf, data, elf.e_field("e_phnum"), "H", 0xFFFF)
    put(elf, data, lay["shoff"] + elf.sh_field("sh_info"), "I", 0xFFFFFFF0)
    return data, err("program header count 4294967280 exceeds the cap of 65535",
                     lay["shoff"] + elf.sh_field("sh_info"))


@case
def phnum_xnum_without_section_headers():
    elf = plain()
    data, lay = elf.build()
    put(elf, data, elf.e_field("e_phnum"), "H", 0xFFFF)
    put(elf, data, elf.e_field("e_shoff"), "Q", 0)
    return data, err("e_phnum is PN_XNUM (0xffff) but there is no section header 0", elf.e_field("e_phnum"))


@case
def xnum_section0_past_eof():
    elf = plain()
    data, lay = elf.build()
    put(elf, data, elf.e_field("e_shnum"), "H", 0)
    put(elf, data, elf.e_field("e_shoff"), "Q", 0x8000)
    return data, err("section header table (1 entries of 64 bytes at 0x8000) extends past the end of the file",
                     elf.e_field("e_shoff"))


@case
def shnum_zero_shoff_nonzero():
    # e_shnum 0 with a section header table whose section 0 gives no count either.
    elf = plain()
    data, lay = elf.build()
    put(elf, data, elf.e_field("e_shnum"), "H", 0)
    return data, warn("e_shnum is 0 and section header 0 holds no count (sh_size 0): the section header table at "
                      "0x%x is empty" % lay["shoff"])


@case
def shentsize_too_small():
    elf = plain()
    data, lay = elf.build()
    put(elf, data, elf.e_field("e_shentsize"), "H", 20)
    return data, err("section header entry size 20 is smaller than 64", elf.e_field("e_shentsize"))


@case
def phentsize_too_small_32():
    elf = plain(32, "<", EM_386)
    data, lay = elf.build()
    put(elf, data, elf.e_field("e_phentsize"), "H", 16)
    return data, err("program header entry size 16 is smaller than 32", elf.e_field("e_phentsize"))


@case
def shstrndx_out_of_range():
    elf = plain()
    data, lay = elf.build()
    put(elf, data, elf.e_field("e_shstrndx"), "H", 200)
    return data, warn("at offset 0x%x: section name table index 200 is out of range (4 sections)"
                      % elf.e_field("e_shstrndx"))


@case
def shstrndx_xindex_out_of_range():
    # e_shstrndx SHN_XINDEX: the real index in section 0's sh_link.
    elf = plain()
    data, lay = elf.build()
    put(elf, data, elf.e_field("e_shstrndx"), "H", 0xFFFF)
    put(elf, data, lay["shoff"] + elf.sh_field("sh_link"), "I", 0x12345)
    return data, warn("at offset 0x%x: section name table index 74565 is out of range"
                      % (lay["shoff"] + elf.sh_field("sh_link")))


@case
def shstrtab_unterminated():
    # The name table's last name runs to the end of the section without a NUL.
    elf = plain()
    data, lay = elf.build()
    strtab_hdr = lay["sec_hdr"][".shstrtab"]
    size = struct.unpack_from("<Q", data, strtab_hdr + elf.sh_field("sh_size"))[0]
    last = lay["sec_off"][".shstrtab"] + size - 1
    assert data[last] == 0
    data[last] = ord("X")
    name_start = lay["sec_off"][".shstrtab"] + data[lay["sec_off"][".shstrtab"]:last].rindex(b"\0") + 1
    return data, warn("section names: at offset 0x%x: unterminated string" % name_start)


@case
def section_name_past_strtab():
    elf = plain()
    data, lay = elf.build()
    hdr = lay["sec_hdr"][".data"]
    put(elf, data, hdr + elf.sh_field("sh_name"), "I", 0x7FFF)
    return data, warn("at offset 0x%x: section 2 name offset 32767 is past the end of the section name table"
                      % hdr)


@case
def section_offset_size_overflow():
    # sh_offset + sh_size wraps around 2^64: must be seen as past the end, not as a tiny range.
    elf = plain()
    data, lay = elf.build()
    hdr = lay["sec_hdr"][".data"]
    put(elf, data, hdr + elf.sh_field("sh_size"), "Q", 0xFFFFFFFFFFFFFFFF)
    return data, warn("section 2 at offset 0x%x (size 18446744073709551615) extends past the end of the file; ignored"
                      % lay["sec_off"][".data"])


@case
def section_offset_max():
    elf = plain()
    data, lay = elf.build()
    hdr = lay["sec_hdr"][".data"]
    put(elf, data, hdr + elf.sh_field("sh_offset"), "Q", 0xFFFFFFFFFFFFFFFF)
    return data, warn("section 2 at offset 0xffffffffffffffff (size 16) extends past the end of the file; ignored")


# --- interpreter ----------------------------------------------------------------------------

@case
def interp_past_eof():
    elf = plain()
    data, lay = elf.build()
    h = lay["ph_hdr"][0]
    put(elf, data, h + 8, "Q", 0x10000)
    return data, warn("PT_INTERP: at offset 0x%x: PT_INTERP segment (offset 0x10000, size 28) extends past the end "
                      "of the file" % h)


@case
def interp_size_overflow_32():
    elf = plain(32, "<", EM_386)
    data, lay = elf.build()
    h = lay["ph_hdr"][0]
    put(elf, data, h + 16, "I", 0xFFFFFFFF)
    # The path-length cap (limits::kMaxStringBytes) is checked before the segment's range.
    return data, warn("PT_INTERP: at offset 0x%x: interpreter path of 4294967295 bytes is longer than any path" % h)


@case
def interp_unterminated():
    elf = Elf()
    elf.section(".interp", SHT_PROGBITS, b"/lib/ld-musl-x86_64.so.1")
    elf.segment(PT_INTERP, ".interp")
    data, lay = elf.build()
    return data, warn("PT_INTERP: at offset 0x%x: interpreter path (24 bytes) is not NUL-terminated"
                      % lay["sec_off"][".interp"])


# --- dynamic section ------------------------------------------------------------------------

def dynamic_elf(entries, bits=64, with_sections=True):
    elf = Elf(bits)
    dynstr = b"\0libc.so.6\0libm.so.6\0"
    strtab = elf.section(".dynstr", SHT_STRTAB, dynstr)
    elf.section(".dynamic", SHT_DYNAMIC, dyn_entries(elf, entries), link=strtab, align=8,
                entsize=16 if bits == 64 else 8, flags=3)
    elf.segment(PT_LOAD, "all", flags=6, align=0x1000)
    elf.segment(PT_DYNAMIC, ".dynamic", flags=6)
    return elf


@case
def dynamic_needed_past_strtab():
    elf = dynamic_elf([(DT_NEEDED, 1), (DT_NEEDED, 0x5000), (DT_NULL, 0)])
    data, lay = elf.build()
    entry = lay["sec_off"][".dynamic"] + 16
    return data, warn("dynamic section: at offset 0x%x: DT_NEEDED string offset 0x5000 is past the end of the "
                      "dynamic string table (21 bytes)" % entry)


@case
def dynamic_needed_unterminated():
    elf = dynamic_elf([(DT_NEEDED, 11), (DT_NULL, 0)])
    data, lay = elf.build()
    end = lay["sec_off"][".dynstr"] + 20
    data[end] = ord("!")  # "libm.so.6" loses its terminator, the last byte of .dynstr
    return data, warn("dynamic section: at offset 0x%x: unterminated string" % (lay["sec_off"][".dynstr"] + 11))


@case
def dynamic_strtab_unmapped():
    # No section headers: the string table can only be found through DT_STRTAB, whose address is
    # outside every PT_LOAD.
    elf = dynamic_elf([(DT_NEEDED, 1), (DT_STRTAB, 0x900000), (DT_STRSZ, 21), (DT_NULL, 0)])
    data, lay = elf.build()
    put(elf, data, elf.e_field("e_shoff"), "Q", 0)
    put(elf, data, elf.e_field("e_shnum"), "H", 0)
    put(elf, data, elf.e_field("e_shstrndx"), "H", 0)
    entry = lay["sec_off"][".dynamic"] + 16
    return data, warn("dynamic section: at offset 0x%x: DT_STRTAB address 0x900000 is not in any PT_LOAD segment"
                      % entry)


@case
def dynamic_strsz_past_eof():
    elf = dynamic_elf([(DT_NEEDED, 1), (DT_STRTAB, 0), (DT_STRSZ, 0x100000), (DT_NULL, 0)])
    data, lay = elf.build()
    struct.pack_into("<qQ", data, lay["sec_off"][".dynamic"] + 16, DT_STRTAB,
                     BASE_VADDR + lay["sec_off"][".dynstr"])
    put(elf, data, elf.e_field("e_shoff"), "Q", 0)
    put(elf, data, elf.e_field("e_shnum"), "H", 0)
    put(elf, data, elf.e_field("e_shstrndx"), "H", 0)
    return data, warn("dynamic section: at offset 0x%x: dynamic string table (file offset 0x%x, DT_STRSZ 1048576) "
                      "extends past the end of the file" % (lay["sec_off"][".dynamic"] + 32,
                                                             lay["sec_off"][".dynstr"]))


@case
def dynamic_segment_past_eof():
    elf = dynamic_elf([(DT_NEEDED, 1), (DT_NULL, 0)])
    data, lay = elf.build()
    put(elf, data, elf.e_field("e_shoff"), "Q", 0)
    put(elf, data, elf.e_field("e_shnum"), "H", 0)
    put(elf, data, elf.e_field("e_shstrndx"), "H", 0)
    h = lay["ph_hdr"][1]
    put(elf, data, h + 8, "Q", 0xFFFFFFFFFFFFFF00)
    return data, warn("dynamic section: at offset 0x%x: PT_DYNAMIC segment (offset 0xffffffffffffff00, size 32) "
                      "extends past the end of the file" % h)


@case
def dynamic_strtab_link_out_of_range():
    # .dynamic's sh_link is bad and there is no DT_STRTAB to fall back on.
    elf = dynamic_elf([(DT_NEEDED, 1), (DT_NULL, 0)])
    data, lay = elf.build()
    hdr = lay["sec_hdr"][".dynamic"]
    put(elf, data, hdr + elf.sh_field("sh_link"), "I", 77)
    return data, warn("dynamic string table: at offset 0x%x: .dynamic links to invalid string table section 77"
                      % (hdr + elf.sh_field("sh_link")))


# --- symbol versioning ----------------------------------------------------------------------

def verneed_elf(records, count):
    """records: raw bytes of .gnu.version_r; count: sh_info."""
    elf = Elf()
    strtab = elf.section(".dynstr", SHT_STRTAB, b"\0libc.so.6\0GLIBC_2.34\0GLIBC_2.2.5\0")
    elf.section(".gnu.version_r", SHT_GNU_VERNEED, records, link=strtab, info=count, align=8)
    return elf


def verneed(cnt, file_, aux, next_):
    return struct.pack("<HHIII", 1, cnt, file_, aux, next_)


def vernaux(name, other, next_):
    return struct.pack("<IHHII", 0x09691A75, 0, other, name, next_)


@case
def verneed_cyclic_vn_next():
    # vn_next 0xfffffff0 is -16 in 32-bit arithmetic: a reader that wraps loops forever.
    recs = verneed(1, 1, 16, 0xFFFFFFF0) + vernaux(11, 2, 0)
    elf = verneed_elf(recs, 2)
    data, lay = elf.build()
    base = lay["sec_off"][".gnu.version_r"]
    return data, warn("at offset 0x%x: Elf_Verneed record at section offset 0xfffffff0 runs past the end of "
                      ".gnu.version_r (32 bytes)" % (base + 12))


@case
def verneed_self_vna_next():
    # vna_next pointing back at its own record (-16) with a huge vn_cnt.
    recs = verneed(0xFFFF, 1, 16, 0) + vernaux(11, 2, 0xFFFFFFF0)
    elf = verneed_elf(recs, 1)
    data, lay = elf.build()
    base = lay["sec_off"][".gnu.version_r"]
    return data, warn("at offset 0x%x: Elf_Vernaux record at section offset 0x100000000 runs past the end of "
                      ".gnu.version_r (32 bytes)" % (base + 16 + 12))


@case
def verneed_huge_cnt():
    # vn_cnt 65535 but only two Elf_Vernaux records before the section ends.
    recs = verneed(0xFFFF, 1, 16, 0) + vernaux(11, 2, 16) + vernaux(22, 3, 16)
    elf = verneed_elf(recs, 1)
    data, lay = elf.build()
    base = lay["sec_off"][".gnu.version_r"]
    return data, warn("at offset 0x%x: Elf_Vernaux record at section offset 0x30 runs past the end of "
                      ".gnu.version_r (48 bytes)" % (base + 32 + 12))


@case
def verneed_aux_past_section():
    recs = verneed(1, 1, 0x7FFFFFFF, 0)
    elf = verneed_elf(recs, 1)
    data, lay = elf.build()
    base = lay["sec_off"][".gnu.version_r"]
    return data, warn("at offset 0x%x: Elf_Vernaux record at section offset 0x7fffffff runs past" % (base + 8))


@case
def verneed_name_past_strtab():
    recs = verneed(1, 1, 16, 0) + vernaux(0x4000, 2, 0)
    elf = verneed_elf(recs, 1)
    data, lay = elf.build()
    base = lay["sec_off"][".gnu.version_r"]
    return data, warn("at offset 0x%x: vna_name name offset 0x4000 is past the end of the string table (34 bytes)"
                      % (base + 16 + 8))


# --- symbols --------------------------------------------------------------------------------

def dynsym_elf():
    """.dynsym with a defined symbol and an undefined one that needs GLIBC_2.34 (version index 2),
    so the reader must read the undefined symbol's name to say who needs the version."""
    elf = Elf()
    strtab = elf.section(".dynstr", SHT_STRTAB, b"\0main\0__libc_start_main\0libc.so.6\0GLIBC_2.34\0")
    syms = bytes(24) + struct.pack("<IBBHQQ", 1, 0x12, 0, 1, 0x1000, 0) + struct.pack("<IBBHQQ", 6, 0x12, 0, 0, 0, 0)
    dynsym = elf.section(".dynsym", SHT_DYNSYM, syms, link=strtab, info=1, align=8, entsize=24)
    elf.section(".gnu.version", 0x6FFFFFFF, struct.pack("<HHH", 0, 1, 2), link=dynsym, align=2)
    elf.section(".gnu.version_r", SHT_GNU_VERNEED, verneed(1, 24, 16, 0) + vernaux(34, 2, 0), link=strtab, info=1,
                align=8)
    return elf


@case
def dynsym_link_out_of_range():
    elf = dynsym_elf()
    data, lay = elf.build()
    hdr = lay["sec_hdr"][".dynsym"]
    put(elf, data, hdr + elf.sh_field("sh_link"), "I", 99)
    return data, warn("dynamic symbols: at offset 0x%x: .dynsym links to invalid string table section 99 "
                      "(6 sections)" % (hdr + elf.sh_field("sh_link")))


@case
def dynsym_name_past_strtab():
    elf = dynsym_elf()
    data, lay = elf.build()
    sym2 = lay["sec_off"][".dynsym"] + 48
    put(elf, data, sym2, "I", 0x3000)
    return data, warn("dynamic symbols: at offset 0x%x: symbol 2 name offset 0x3000 is past the end of the string "
                      "table" % sym2)


# --- notes ----------------------------------------------------------------------------------

def note_elf(notes):
    elf = Elf()
    elf.section(".note.test", SHT_NOTE, notes, align=4)
    return elf


@case
def note_namesz_huge():
    elf = note_elf(note(b"GNU", 3, b"\x01\x02\x03\x04") + struct.pack("<III", 0xFFFFFFFF, 4, 1) + bytes(8))
    data, lay = elf.build()
    hdr = lay["sec_off"][".note.test"] + 20
    return data, warn("note section .note.test: at offset 0x%x: note namesz 4294967295 runs past the end of the "
                      "notes (8 bytes left)" % hdr)


@case
def note_descsz_huge():
    elf = note_elf(struct.pack("<III", 4, 0xFFFFFFFC, 3) + b"GNU\0" + bytes(8))
    data, lay = elf.build()
    hdr = lay["sec_off"][".note.test"]
    return data, warn("note section .note.test: at offset 0x%x: note descsz 4294967292 runs past the end of the notes"
                      % (hdr + 4))


@case
def note_desc_past_end():
    elf = note_elf(struct.pack("<III", 3, 20, 1) + b"Go\0\0" + bytes(8))
    data, lay = elf.build()
    hdr = lay["sec_off"][".note.test"]
    return data, warn("note section .note.test: at offset 0x%x: note descsz 20 runs past the end of the notes "
                      "(8 bytes left)" % (hdr + 4))


@case
def note_header_truncated():
    elf = note_elf(note(b"GNU", 3, b"\xaa" * 8) + bytes(6))
    data, lay = elf.build()
    at = lay["sec_off"][".note.test"] + 24
    return data, warn("note section .note.test: at offset 0x%x: note header truncated: 12 bytes needed, only 6 left"
                      % at)


@case
def note_segment_past_eof():
    elf = Elf()
    elf.segment(PT_NOTE, (0x200, 0xFFFFFFFFFFFFFFF0))
    data, lay = elf.build()
    return data, warn("PT_NOTE segment: at offset 0x%x: PT_NOTE segment (offset 0x200, size 18446744073709551600) "
                      "extends past the end of the file" % lay["ph_hdr"][0])


# --- ARM attributes -------------------------------------------------------------------------

def uleb(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        out.append(b | (0x80 if v else 0))
        if not v:
            return bytes(out)


def arm_elf(attributes):
    elf = Elf(32, "<", EM_ARM, eflags=0x05000400)
    elf.section(".ARM.attributes", SHT_ARM_ATTRIBUTES, attributes, flags=0)
    return elf


def aeabi(file_attrs, length=None, block_size=None):
    block = b"\x01" + struct.pack("<I", block_size if block_size is not None else 5 + len(file_attrs)) + file_attrs
    sub = b"aeabi\0" + block
    return b"A" + struct.pack("<I", length if length is not None else 4 + len(sub)) + sub


@case
def arm_attributes_bad_length():
    attrs = aeabi(uleb(28) + uleb(1), length=0x1000)
    elf = arm_elf(attrs)
    data, lay = elf.build()
    at = lay["sec_off"][".ARM.attributes"] + 1
    return data, warn(".ARM.attributes: at offset 0x%x: attribute subsection length 4096 does not fit the %d bytes left"
                      % (at, len(attrs) - 1))


@case
def arm_attributes_short_length():
    elf = arm_elf(aeabi(uleb(28) + uleb(1), length=3))
    data, lay = elf.build()
    at = lay["sec_off"][".ARM.attributes"] + 1
    return data, warn(".ARM.attributes: at offset 0x%x: attribute subsection length 3 is shorter than its own header"
                      % at)


@case
def arm_attributes_bad_block_size():
    elf = arm_elf(aeabi(uleb(28) + uleb(1), block_size=0x7000))
    data, lay = elf.build()
    at = lay["sec_off"][".ARM.attributes"] + 1 + 4 + 6 + 1
    return data, warn(".ARM.attributes: at offset 0x%x: attribute block size 28672 does not fit" % at)


@case
def arm_attributes_unterminated():
    # Tag_CPU_name (5) is a NUL-terminated string; this one runs to the end of its block.
    attrs = uleb(5) + b"Cortex-A7"
    elf = arm_elf(aeabi(attrs))
    data, lay = elf.build()
    at = lay["sec_off"][".ARM.attributes"] + 1 + 4 + 6 + 5 + 1
    return data, warn(".ARM.attributes: at offset 0x%x: unterminated string" % at)


@case
def arm_attributes_uleb_overflow():
    # Tag_ABI_VFP_args with a value of ten 0xff bytes: more than 64 bits.
    attrs = uleb(28) + b"\xff" * 10 + b"\x01"
    elf = arm_elf(aeabi(attrs))
    data, lay = elf.build()
    at = lay["sec_off"][".ARM.attributes"] + 1 + 4 + 6 + 5 + 1 + 9
    return data, warn(".ARM.attributes: at offset 0x%x: varint overflows 64 bits" % at)


@case
def arm_attributes_bad_version():
    attrs = bytearray(aeabi(uleb(28) + uleb(1)))
    attrs[0] = ord("B")
    elf = arm_elf(bytes(attrs))
    data, lay = elf.build()
    return data, warn(".ARM.attributes: at offset 0x%x: unknown attribute format version 0x42"
                      % lay["sec_off"][".ARM.attributes"])


# --- valid seeds for the fuzzers (--seeds DIR) ----------------------------------------------
# Go binaries are megabytes, so these are Go-shaped miniatures: a Go 1.18+ build info blob, a
# go1.18 pclntab header whose tables name runtime/cgo's functions, and the Go build ID note, so
# that fuzzing starts from inputs that reach the Go analyzers.

def uvarint(v):
    return uleb(v)


GO_INFO_START = bytes.fromhex("3077af0c9274080241e1c107e6d618e6")
GO_INFO_END = bytes.fromhex("f932433186182072008242104116d8f2")


def go_buildinfo(ptr_size, big, goarch):
    mod = ("path\texample.com/hello\nmod\texample.com/hello\t(devel)\t\n"
           "dep\tgolang.org/x/sys\tv0.5.0\th1:5ADc6K5mY6q8Yr5wG5KlHc0rIuYh3Yb1U5l2e6JmC4E=\n"
           "build\t-compiler=gc\nbuild\tCGO_ENABLED=1\nbuild\tGOARCH=%s\nbuild\tGOOS=linux\n" % goarch).encode()
    framed = GO_INFO_START + mod + GO_INFO_END
    b = b"\xff Go buildinf:" + bytes([ptr_size, 0x2 | (1 if big else 0)])
    b += bytes(32 - len(b))
    b += uvarint(8) + b"go1.19.8" + uvarint(len(framed)) + framed
    return b + bytes((-len(b)) % 16)


def go_pclntab(ptr_size, e):
    w = "Q" if ptr_size == 8 else "I"
    funcnames = b"main.main\0crosscall2\0runtime.cgocallback\0"
    files = b"/src/hello/main.go\0runtime/cgo/callbacks.go\0"
    header = 8 + 8 * ptr_size  # magic, pad, quantum, ptrsize, nfunc, nfiles, textStart, 5 offsets
    funcname_off = header
    cu_off = funcname_off + len(funcnames)
    filetab_off = cu_off + 4
    pctab_off = filetab_off + len(files)
    pcln_off = pctab_off + 4
    body = struct.pack(e + "I", 0xFFFFFFF0) + bytes([0, 0, 1, ptr_size])
    body += struct.pack(e + w * 8, 3, 2, 0x401000, funcname_off, cu_off, filetab_off, pctab_off, pcln_off)
    return body + funcnames + bytes(4) + files + bytes(4) + bytes(16)


SEEDS = {}


def seed(fn):
    SEEDS[fn.__name__.replace("_", "-") + ".elf"] = fn
    return fn


def go_seed(bits, endian, machine, goarch, dynamic):
    elf = Elf(bits, endian, machine, ET_EXEC)
    ptr = bits // 8
    elf.section(".note.go.buildid", SHT_NOTE, note(b"Go\0", 4, b"abcdefghijkl/mnopqrstuv/wxyz0123/456789ABCD", endian), align=4)
    if dynamic:
        elf.section(".interp", SHT_PROGBITS, b"/lib/ld-linux-aarch64.so.1\0")
        strtab = elf.section(".dynstr", SHT_STRTAB, b"\0libc.so.6\0x_cgo_init\0GLIBC_2.17\0")
        sym = elf.e + ("IBBHQQ" if bits == 64 else "IIIBBH")
        syms = bytes(24 if bits == 64 else 16) + (struct.pack(sym, 11, 0x12, 0, 0, 0, 0) if bits == 64
                                                  else struct.pack(sym, 11, 0, 0, 0x12, 0, 0))
        dynsym = elf.section(".dynsym", SHT_DYNSYM, syms, link=strtab, info=1, align=8, entsize=len(syms) // 2)
        elf.section(".gnu.version", 0x6FFFFFFF, struct.pack(elf.e + "HH", 0, 2), link=dynsym, align=2)
        elf.section(".gnu.version_r", SHT_GNU_VERNEED,
                    struct.pack(elf.e + "HHIII", 1, 1, 1, 16, 0) + struct.pack(elf.e + "IHHII", 0x0D696917, 0, 2, 22, 0),
                    link=strtab, info=1, align=4)
        elf.section(".dynamic", SHT_DYNAMIC, dyn_entries(elf, [(DT_NEEDED, 1), (DT_NULL, 0)]), link=strtab, align=8,
                    flags=3)
    elf.section(".gopclntab", SHT_PROGBITS, go_pclntab(ptr, endian), align=8)
    elf.section(".go.buildinfo", SHT_PROGBITS, go_buildinfo(ptr, endian == ">", goarch), align=16, flags=3)
    if dynamic:
        elf.segment(PT_INTERP, ".interp")
        elf.segment(PT_DYNAMIC, ".dynamic", flags=6)
    elf.segment(PT_LOAD, "all", flags=5, align=0x1000)
    elf.segment(PT_NOTE, ".note.go.buildid")
    data, _ = elf.build()
    return data


@seed
def go_linux_amd64_static():
    return go_seed(64, "<", EM_X86_64, "amd64", False)


@seed
def go_linux_arm64_cgo_dynamic():
    return go_seed(64, "<", 183, "arm64", True)


@seed
def go_linux_mips_static():
    return go_seed(32, ">", 8, "mips", False)


@seed
def go_linux_arm_cgo_dynamic():
    return go_seed(32, "<", EM_ARM, "arm", True)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--seeds":
        # The malformed files seed the fuzzer too: each sits next to a reader error path.
        seeds = dict((name, fn) for name, fn in SEEDS.items())
        seeds.update(("malformed-" + name, (lambda fn=fn: fn()[0])) for name, fn in CASES.items() if name != "empty.elf")
        for name, fn in seeds.items():
            data = fn()
            assert len(data) < MAX_FILE, (name, len(data))
            with open(os.path.join(sys.argv[2], name), "wb") as f:
                f.write(bytes(data))
        print("wrote %d seeds to %s" % (len(seeds), sys.argv[2]))
        return
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    expected = {}
    for name, fn in CASES.items():
        data, outcome = fn()
        assert len(data) < MAX_FILE, (name, len(data))
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(bytes(data))
        expected[name] = outcome
    with open(os.path.join(out_dir, "expected.json"), "w") as f:
        json.dump(expected, f, indent=2, sort_keys=True)
        f.write("\n")
    print("wrote %d files and expected.json to %s" % (len(expected), out_dir))


if __name__ == "__main__":
    main()
