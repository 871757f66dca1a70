"""A tiny ELF64 little-endian writer for crafting hostile inputs at test time: sections with any
data (several section headers may point at the same bytes), program headers, and helpers for Go
metadata (build info, a Go 1.18 pclntab header). Only what the hostile-input tests need; the
files are never executed."""
import struct

SHT_PROGBITS, SHT_STRTAB, SHT_NOTE = 1, 3, 7
PT_LOAD, PT_INTERP = 1, 3
PF_X, PF_W, PF_R = 1, 2, 4


def uvarint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


class Elf:
    def __init__(self, machine=62, etype=2):
        self.machine, self.etype = machine, etype
        self.blobs = []  # (data, align) placed after the headers, in order
        self.sections = []  # (name, type, flags, blob index, addralign)
        self.alias = []  # (name, type, blob index): extra headers pointing at an existing blob
        self.segments = []  # (type, flags, blob index or None, filesz override)

    def blob(self, data, align=16):
        self.blobs.append((bytes(data), align))
        return len(self.blobs) - 1

    def section(self, name, data, stype=SHT_PROGBITS, flags=0, align=16):
        i = self.blob(data, align)
        self.sections.append((name, stype, flags, i, align))
        return i

    def alias_section(self, name, stype, blob_index, count=1):
        for _ in range(count):
            self.sections.append((name, stype, 0, blob_index, 4))

    def segment(self, ptype, flags, blob_index=None, filesz=None):
        self.segments.append((ptype, flags, blob_index, filesz))

    def build(self):
        names = bytearray(b"\0")
        name_off = {}
        for n in [s[0] for s in self.sections] + [".shstrtab"]:
            if n not in name_off:
                name_off[n] = len(names)
                names += n.encode() + b"\0"
        shstr = self.blob(bytes(names), 1)
        phoff = 64
        pos = phoff + 56 * len(self.segments)
        offsets = []
        for data, align in self.blobs:
            pos = (pos + align - 1) // align * align
            offsets.append(pos)
            pos += len(data)
        shoff = (pos + 7) // 8 * 8
        shnum = 1 + len(self.sections) + 1
        out = bytearray(shoff + 64 * shnum)
        struct.pack_into("<4sBBBBB7xHHIQQQIHHHHHH", out, 0, b"\x7fELF", 2, 1, 1, 0, 0, self.etype, self.machine, 1,
                         0x401000, phoff if self.segments else 0, shoff, 0, 64, 56, len(self.segments), 64, shnum,
                         shnum - 1)
        for k, (ptype, flags, bi, filesz) in enumerate(self.segments):
            off = offsets[bi] if bi is not None else 0
            size = filesz if filesz is not None else (len(self.blobs[bi][0]) if bi is not None else 0)
            struct.pack_into("<IIQQQQQQ", out, phoff + 56 * k, ptype, flags, off, 0x400000 + off, 0x400000 + off,
                             size, size, 0x1000 if ptype == PT_LOAD else 1)
        for (data, _), off in zip(self.blobs, offsets):
            out[off:off + len(data)] = data
        sh = shoff + 64
        for name, stype, flags, bi, align in self.sections:
            struct.pack_into("<IIQQQQIIQQ", out, sh, name_off[name], stype, flags, 0, offsets[bi],
                             len(self.blobs[bi][0]), 0, 0, align, 0)
            sh += 64
        struct.pack_into("<IIQQQQIIQQ", out, sh, name_off[".shstrtab"], SHT_STRTAB, 0, 0, offsets[shstr],
                         len(self.blobs[shstr][0]), 0, 0, 1, 0)
        return bytes(out)


INFO_START = bytes.fromhex("3077af0c9274080241e1c107e6d618e6")
INFO_END = bytes.fromhex("f932433186182072008242104116d8f2")


def buildinfo_section(modinfo_text, version="go1.19.8"):
    """.go.buildinfo contents, Go >= 1.18 inline-string layout."""
    mod = INFO_START + modinfo_text.encode() + INFO_END
    head = b"\xff Go buildinf:" + bytes([8, 2]) + bytes(16)
    return head + uvarint(len(version)) + version.encode() + uvarint(len(mod)) + mod


def pclntab_118(funcnames, files):
    """A Go 1.18 pclntab header (magic 0xfffffff0) followed by the function-name and file tables."""
    header_words = 8
    start = 8 + header_words * 8
    funcname_off = start
    cu_off = funcname_off + len(funcnames)
    filetab_off = cu_off
    pctab_off = filetab_off + len(files)
    pcln_off = pctab_off
    head = struct.pack("<IBBBB", 0xFFFFFFF0, 0, 0, 1, 8)
    head += struct.pack("<8Q", 1, 1, 0x401000, funcname_off, cu_off, filetab_off, pctab_off, pcln_off)
    return head + funcnames + files
