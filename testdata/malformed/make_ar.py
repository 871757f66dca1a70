#!/usr/bin/python3
"""Writes the hand-crafted malformed ar archives (ar-*.bin) and Go object headers (goobj-*.bin) in
this folder. Each starts from a small valid archive laid out by member() below (the ar_hdr of
binutils include/aout/ar.h: name[16] date[12] uid[6] gid[6] mode[8] size[10] fmag[2], data padded
to an even offset) and then has one thing broken. The expected outcomes (message and file offset)
are asserted in tests/unit/ar_reader_test.cc, derived there from the same layout.

Usage: /usr/bin/python3 make_ar.py [OUTPUT_DIR]          (default: this script's folder)
       /usr/bin/python3 make_ar.py --seeds fuzz/corpus   (also writes fuzz seeds to corpus/ar and
                                                          corpus/goobj)
"""
import os
import sys

MAGIC = b"!<arch>\n"
GOOD = b"\x7fELF-member-data"  # 16 bytes: the first member of every archive below


def field(value, width):
    data = value if isinstance(value, bytes) else str(value).encode()
    assert len(data) <= width, (value, width)
    return data + b" " * (width - len(data))


def header(name, size, date=b"0", uid=b"0", gid=b"0", mode=b"644", fmag=b"`\n"):
    h = (field(name, 16) + field(date, 12) + field(uid, 6) + field(gid, 6) + field(mode, 8) +
         field(size, 10) + fmag)
    assert len(h) == 60
    return h


def member(name, data, **kw):
    out = header(name, len(data), **kw) + data
    return out + (b"\n" if len(out) % 2 else b"")


def good():
    return MAGIC + member(b"good.o/", GOOD)  # 8 + 60 + 16: the next header is at 84


def files():
    f = {}
    # Broken size fields: the walk stops at the member, good.o is still listed.
    f["ar-size-not-decimal.bin"] = good() + header(b"bad.o/", b"12x") + b"x" * 12
    f["ar-size-empty.bin"] = good() + header(b"bad.o/", b"") + b"x" * 12
    f["ar-size-negative.bin"] = good() + header(b"bad.o/", b"-5") + b"x" * 12
    f["ar-size-past-end.bin"] = good() + header(b"bad.o/", 4096) + b"x" * 12
    f["ar-size-huge.bin"] = good() + header(b"bad.o/", b"9999999999") + b"x" * 12
    f["ar-bad-fmag.bin"] = good() + header(b"bad.o/", 4, fmag=b"`\r") + b"xxxx"
    f["ar-truncated-header.bin"] = good() + header(b"bad.o/", 4)[:30]
    # A bad uid is reported but does not stop the walk (the size is intact).
    f["ar-bad-uid.bin"] = good() + member(b"uid.o/", b"abcd", uid=b"1x") + member(b"after.o/", b"ab")
    # GNU long names.
    table = b"a-very-long-member-name.o/\n"  # 27 bytes, entry 0
    gnu = MAGIC + member(b"//", table)  # 8 + 60 + 27 + 1 pad = 96
    f["ar-long-name-out-of-range.bin"] = gnu + member(b"/999", b"abcd")
    f["ar-long-name-unterminated.bin"] = MAGIC + member(b"//", b"no-terminator-here") + member(b"/0", b"abcd")
    f["ar-long-name-no-table.bin"] = MAGIC + member(b"/0", b"abcd")
    f["ar-long-name-not-number.bin"] = gnu + member(b"/1x", b"abcd")
    # BSD long names: "#1/N" with N past the member's size, or not a number.
    f["ar-bsd-name-past-member.bin"] = good() + member(b"#1/20", b"0123456789") + member(b"after.o", b"ab")
    f["ar-bsd-name-not-number.bin"] = good() + member(b"#1/x", b"0123456789") + member(b"after.o", b"ab")
    # Thin archives are refused.
    f["ar-thin.bin"] = b"!<thin>\n" + header(b"/path/to/x.o/", 1234)
    # Go object headers.
    f["goobj-no-newline.bin"] = b"go object linux amd64 go1.19.8 " + b"X" * 1100
    f["goobj-nonprintable.bin"] = b"go object linux am\x01d64 go1.19.8 X:\n"
    f["goobj-no-goarch.bin"] = b"go object linux\n"
    f["goobj-bad-goos.bin"] = b"go object Linux amd64 go1.19.8 X:\n"
    f["goobj-no-version.bin"] = b"go object linux amd64 X:regabiargs\n"
    f["goobj-unknown-goarch.bin"] = b"go object linux vax go1.19.8 X:\n!\n\x00go119ld"
    return f


def seeds():
    """Well-formed miniatures for the fuzzers: every naming scheme, and Go headers."""
    s = {}
    gnu_table = b"a-very-long-member-name.o/\nanother-long-name-here.o/\n"
    s["ar/gnu.a"] = (MAGIC + member(b"/", b"\x00\x00\x00\x01\x00\x00\x00\x00sym\x00") +
                     member(b"//", gnu_table) + member(b"/0", b"\x7fELF" + b"\x00" * 60) +
                     member(b"/27", b"\x7fELF" + b"\x00" * 12) + member(b"short.o/", b"odd"))
    name = b"a-long-bsd-member-name.o"  # 24 bytes, padded with NULs to 28 as llvm-ar does
    s["ar/bsd.a"] = (MAGIC + member(b"__.SYMDEF", b"\x00" * 8) +
                     member(b"#1/28", name + b"\x00" * 4 + b"\x7fELF" + b"\x00" * 12) +
                     member(b"s.o", b"abc"))
    go_header = b"go object linux amd64 go1.19.8 X:regabiwrappers,regabiargs\n"
    s["ar/go.a"] = (MAGIC + member(b"__.PKGDEF", go_header + b"build id \"x\"\n\n$$B\n") +
                    member(b"_go_.o", go_header + b"!\n\x00go119ld" + b"\x00" * 32))
    s["goobj/go119.o"] = go_header + b"!\n\x00go119ld" + b"\x00" * 32
    s["goobj/go123.o"] = b"go object darwin arm64 go1.23.5 X:regabiwrappers,regabiargs,coverageredesign\n"
    s["goobj/go123-level.o"] = b"go object linux amd64 go1.23.5 GOAMD64=v3 X:regabiwrappers\n"
    s["goobj/devel.o"] = b"go object linux riscv64 devel go1.22-5f4ba3c Tue Jan 2 15:04:05 2024 +0000 X:\n"
    return s


def write(directory, name, data):
    path = os.path.join(directory, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as out:
        out.write(data)


def main():
    args = sys.argv[1:]
    if args[:1] == ["--seeds"]:
        corpus = args[1]
        for name, data in seeds().items():
            write(corpus, name, data)
        for name, data in files().items():
            write(corpus, ("goobj/" if name.startswith("goobj-") else "ar/") + name, data)
        return
    out = args[0] if args else os.path.dirname(os.path.abspath(__file__))
    for name, data in files().items():
        write(out, name, data)


if __name__ == "__main__":
    main()
