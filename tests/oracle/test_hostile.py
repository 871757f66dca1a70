#!/usr/bin/python3
"""Regression tests for the defects found by trying to break crossgo (resource use, semantics and
output safety, not memory errors). Every input is crafted here at test time. Bounds are explicit
and generous: each run has a timeout, and peak memory is bounded through the child's maximum
resident set (ru_maxrss from wait4) — not measured as a benchmark, only capped. Under ASan the
memory bounds are skipped (the sanitizer's own shadow memory dominates).
Exit 0 pass, 1 fail."""
import json
import os
import pwd
import shutil
import subprocess
import struct
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostile_elf as he  # noqa: E402
from fixture_lib import parse_args  # noqa: E402

failures = []
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)
        print("FAIL:", what)
    return cond


def sanitized(crossgo):
    with open(crossgo, "rb") as f:
        return b"AddressSanitizer" in f.read()


def run(crossgo, argv, timeout=60, stdout=subprocess.PIPE, user=None, cwd=None):
    """Runs crossgo (as `user` when given); returns (exit code or None on timeout, stdout, stderr, 0)."""
    cmd = [crossgo, *argv]
    if user is not None:
        cmd = ["setpriv", "--reuid=%d" % user, "--regid=%d" % user, "--clear-groups", *cmd]
    env = {"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "HOME": "/nonexistent", "LANG": "C"}
    p = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env, cwd=cwd)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        return None, b"", b"", 0
    return p.returncode, out or b"", err or b"", 0


def run_measured(crossgo, argv, timeout=60):
    """Like run(), with the child's peak RSS from wait4 (KiB)."""
    p = subprocess.Popen([crossgo, *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                         env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "LANG": "C"})
    start = time.monotonic()
    out = bytearray()
    err = bytearray()
    os.set_blocking(p.stdout.fileno(), False)
    os.set_blocking(p.stderr.fileno(), False)
    while True:
        for stream, buf in ((p.stdout, out), (p.stderr, err)):
            try:
                chunk = stream.read()
                if chunk:
                    buf += chunk
            except BlockingIOError:
                pass
        pid, status, usage = os.wait4(p.pid, os.WNOHANG)
        if pid == p.pid:
            for stream, buf in ((p.stdout, out), (p.stderr, err)):
                os.set_blocking(stream.fileno(), True)
                buf += stream.read()
            return os.waitstatus_to_exitcode(status), bytes(out), bytes(err), usage.ru_maxrss
        if time.monotonic() - start > timeout:
            p.kill()
            os.wait4(p.pid, 0)
            return None, bytes(out), bytes(err), 0
        time.sleep(0.01)


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)
    return path


def main():
    args = parse_args()
    crossgo = os.path.abspath(args.crossgo)
    asan = sanitized(crossgo)
    tmp = tempfile.mkdtemp(prefix="crossgo-hostile-")
    os.chmod(tmp, 0o755)
    try:
        cases(crossgo, asan, tmp)
    finally:
        for root, dirs, _ in os.walk(tmp):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o755)
        shutil.rmtree(tmp, ignore_errors=True)
    print("hostile: %d checks, %d failed" % (checks, len(failures)))
    return 1 if failures else 0


def mem_ok(asan, rss_kib, cap_mib, what):
    if asan:
        return
    check(rss_kib < cap_mib * 1024, "%s: peak RSS %d MiB, cap %d MiB" % (what, rss_kib // 1024, cap_mib))


def cases(crossgo, asan, tmp):
    # 3. 4096 note sections aliasing one note with a 1 MiB name: names are views, not copies.
    e = he.Elf()
    name = b"N" * (1 << 20) + b"\0"
    note = struct.pack("<III", len(name), 0, 1) + name + b"\0" * (-len(name) % 4)
    bi = e.section(".note.big", note, he.SHT_NOTE, align=4)
    e.alias_section(".note.alias", he.SHT_NOTE, bi, count=4095)
    path = write(os.path.join(tmp, "aliased-notes.elf"), e.build())
    rc, out, err, rss = run_measured(crossgo, ["inspect", "--json", path], timeout=120)
    check(rc is not None, "aliased notes: did not finish in 120 s")
    check(rc in (0, 3), "aliased notes: exit %r, stderr %r" % (rc, err[:300]))
    mem_ok(asan, rss, 128, "aliased notes")

    # 4a. cgo package scan: a 1 MiB function-name table of "._Cfunc_" hits with no NUL between them.
    funcnames = b"p._Cfunc_x" * (1 << 17)
    files = b"runtime/cgo/callbacks.go\0runtime/os_linux.go\0"
    e = he.Elf()
    e.section(".text", b"\xc3" * 16, flags=0x6)
    e.section(".gopclntab", he.pclntab_118(funcnames, files), flags=0x2)
    path = write(os.path.join(tmp, "cgo-names.elf"), e.build())
    rc, out, err, rss = run_measured(crossgo, ["inspect", "--json", path], timeout=20)
    check(rc is not None, "cgo name table: did not finish in 20 s (quadratic scan)")
    if rc is not None:
        art = json.loads(out)["artifacts"][0]
        check(art["go"] is not None and art["go"]["cgo"]["linked"] is True,
              "cgo name table: runtime/cgo should be seen as linked: %s" % (art["go"],))

    # 4b + 5. Build settings: 200,000 of them, JSON must stay linear; and a duplicated GOOS.
    lines = ["path\texample.com/x", "build\tGOOS=linux", "build\tGOARCH=amd64"]
    lines += ["build\tK%d=v" % i for i in range(200000)]
    lines += ["build\tGOOS=windows", "build\tGOARCH=arm64"]
    e = he.Elf()
    e.section(".go.buildinfo", he.buildinfo_section("\n".join(lines) + "\n"), flags=0x3)
    path = write(os.path.join(tmp, "many-settings.elf"), e.build())
    for mode in (["--json"], []):
        rc, out, err, rss = run_measured(crossgo, ["inspect", *mode, path], timeout=20)
        check(rc is not None, "200,000 build settings (%s): did not finish in 20 s" % (mode or "text"))
        mem_ok(asan, rss, 512, "200,000 build settings %s" % mode)
    rc, out, err, _ = run_measured(crossgo, ["inspect", "--json", path], timeout=90)
    if rc is not None:
        art = json.loads(out)["artifacts"][0]
        settings = art["go"]["settings"]
        check(settings.get("GOOS") == "linux", "duplicate GOOS: JSON shows %r, the first value is linux" % settings.get("GOOS"))
        check(art["goos"] in ("linux", None), "duplicate GOOS: report goos %r" % art["goos"])
        check(any("GOOS appears more than once" in w and "windows" in w for w in art["warnings"]),
              "duplicate GOOS: no warning naming both values: %s" % art["warnings"][:5])
        check(len(settings) == 200002, "settings: %d keys, expected 200002 distinct" % len(settings))

    # 11. Evidence that cannot be gathered: a Go binary whose pclntab magic is damaged and whose
    # .symtab has no usable string table (sh_link 0) must not be called "cgo not linked".
    e = he.Elf()
    e.section(".go.buildinfo", he.buildinfo_section("path\texample.com/x\nbuild\tCGO_ENABLED=1\n"), flags=0x3)
    damaged = bytearray(he.pclntab_118(b"main.main\0", b"runtime/cgo/callbacks.go\0"))
    damaged[0:4] = b"\x00\x00\x00\x00"
    e.section(".gopclntab", bytes(damaged), flags=0x2)
    strtab = e.section(".strtab", b"\0x_cgo_init\0", he.SHT_STRTAB, align=1)
    e.section(".symtab", bytes(24) + struct.pack("<IBBHQQ", 1, 0x12, 0, 1, 0x401000, 0), 2, align=8)
    path = write(os.path.join(tmp, "damaged-pclntab.elf"), e.build())
    rc, out, err, _ = run_measured(crossgo, ["inspect", "--json", path])
    art = json.loads(out)["artifacts"][0]
    cgo = art["go"]["cgo"] if art["go"] else None
    check(cgo is not None and cgo["linked"] is None, "damaged pclntab with .symtab: cgo must be unknown: %s" % cgo)
    check(cgo is not None and any("no pclntab" in ev and "symbol table" in ev for ev in cgo["evidence"]),
          "damaged pclntab: the evidence must say what could not be read: %s" % cgo)
    check(any("symbol table" in w and "string table" in w for w in art["warnings"]),
          "damaged pclntab: the unusable .symtab must be a warning: %s" % art["warnings"])
    del strtab

    # 2. A 50 GB sparse static ELF without section headers: no whole-file scan.
    # One read-only PT_LOAD covering 50 GB, no section headers.
    big = os.path.join(tmp, "sparse-50g.elf")
    data = bytearray(64 + 56)
    struct.pack_into("<4sBBBBB7xHHIQQQIHHHHHH", data, 0, b"\x7fELF", 2, 1, 1, 0, 0, 2, 62, 1, 0x401000, 64, 0, 0,
                     64, 56, 1, 64, 0, 0)
    struct.pack_into("<IIQQQQQQ", data, 64, he.PT_LOAD, he.PF_R, 0, 0x400000, 0x400000, 50 << 30, 50 << 30, 0x1000)
    write(big, bytes(data))
    try:
        os.truncate(big, 50 << 30)
    except OSError as exc:
        print("SKIP sparse 50 GB file: %s" % exc)
    else:
        rc, out, err, rss = run_measured(crossgo, ["inspect", "--json", big], timeout=60)
        check(rc is not None, "50 GB sparse file: did not finish in 60 s")
        mem_ok(asan, rss, 400, "50 GB sparse file")
        if rc is not None:
            art = json.loads(out)["artifacts"][0]
            ev = " ".join(art["libc"]["evidence"])
            check(art["libc"]["flavour"] == "unknown" and "KiB" in ev,
                  "50 GB sparse file: libc unknown should say what was looked at: %s" % art["libc"])
        os.unlink(big)

    # 1. A file that shrinks while it is read: a clear per-file error, never SIGBUS, and every
    # other file is still reported. 200 MB, one PT_LOAD over all of it and no section headers, so
    # the pclntab search reads far into it while another thread truncates and regrows it.
    shrinking(crossgo, asan, tmp)

    # 6. Text output: a newline in PT_INTERP must not forge report lines; control characters in
    # file names and data are escaped; JSON keeps non-UTF-8 bytes distinguishable.
    e = he.Elf()
    interp = b"/lib/ld.so\n  libc         musl\n  hardening    pie=yes relro=full\x1b[2J\0"
    ii = e.section(".interp", interp, flags=0x2, align=1)
    e.segment(he.PT_INTERP, he.PF_R, ii)
    forged = write(os.path.join(tmp, "forged-interp.elf"), e.build())
    rc, out, err, _ = run_measured(crossgo, ["inspect", forged])
    text = out.decode("utf-8", "replace")
    check(b"\x1b" not in out, "forged interp: an ESC byte reached the text output")
    check(not any(l.startswith("  libc         musl") for l in text.splitlines()),
          "forged interp: the interpreter forged a 'libc musl' line:\n" + text)
    check("\\n  libc" in text, "forged interp: the newline should be shown as \\n:\n" + text)
    esc_name = os.path.join(tmp.encode(), b"evil\x1b]0;owned\x07name")
    with open(esc_name, "wb") as f:
        f.write(b"not a binary\n")
    rc, out, err, _ = run_measured(crossgo, ["inspect", esc_name.decode("utf-8", "surrogateescape"), "/nonexistent\x1b[31m"])
    check(b"\x1b" not in out and b"\x1b" not in err, "ESC in a file name reached the terminal: %r %r" % (out, err))
    ff = write(os.path.join(tmp.encode(), b"x\xff").decode("utf-8", "surrogateescape"), forged_bytes(forged))
    fe = write(os.path.join(tmp.encode(), b"x\xfe").decode("utf-8", "surrogateescape"), forged_bytes(forged))
    rc, out, err, _ = run_measured(crossgo, ["inspect", "--json", ff, fe])
    arts = json.loads(out)["artifacts"]
    raws = [a.get("raw_hex", {}).get("/path") for a in arts]
    check(len(arts) == 2 and raws[0] and raws[1] and raws[0] != raws[1] and raws[0].endswith("78ff")
          and raws[1].endswith("78fe"), "non-UTF-8 paths are not kept apart in JSON: %s" % raws)

    # 7. An unreadable directory is reported and fails the exit code; the rest is still read.
    top = os.path.join(tmp, "walk")
    os.makedirs(os.path.join(top, "locked"))
    write(os.path.join(top, "locked", "hidden.elf"), forged_bytes(forged))
    write(os.path.join(top, "visible.elf"), forged_bytes(forged))
    os.chmod(os.path.join(top, "locked"), 0)
    user = None
    if os.geteuid() == 0:
        user = pwd.getpwnam("nobody").pw_uid
    if user is None and os.access(os.path.join(top, "locked"), os.R_OK):
        print("SKIP unreadable directory: permissions are not enforced for this user")
    else:
        rc, out, err, _ = run(crossgo, ["inspect", top], user=user, cwd="/")
        check(rc == 3, "unreadable directory: exit %r (expected 3), stderr %r" % (rc, err))
        check(b"locked" in err and b"ermission denied" in err, "unreadable directory not named: %r" % err)
        check(b"visible.elf" in out, "the readable file next to it was not reported: %r" % out)
    os.chmod(os.path.join(top, "locked"), 0o755)

    # 8. A write error on stdout fails the command (a full disk in CI).
    with open("/dev/full", "wb") as full:
        for argv in (["inspect", "--json", forged], ["inspect", forged], ["explain", "linux/arm64"],
                     ["doctor", "--json"]):
            rc, out, err, _ = run(crossgo, argv, stdout=full)
            check(rc == 4, "%s > /dev/full: exit %r, expected 4 (stderr %r)" % (" ".join(argv), rc, err[-200:]))
            check(b"could not write" in err, "%s > /dev/full: no message on stderr" % " ".join(argv))


def shrinking(crossgo, asan, tmp):
    import threading
    big = os.path.join(tmp, "growing.elf")
    size = 200 << 20
    head = bytearray(64 + 56)
    struct.pack_into("<4sBBBBB7xHHIQQQIHHHHHH", head, 0, b"\x7fELF", 2, 1, 1, 0, 0, 2, 62, 1, 0x401000, 64, 0, 0,
                     64, 56, 1, 64, 0, 0)
    struct.pack_into("<IIQQQQQQ", head, 64, he.PT_LOAD, he.PF_R, 0, 0x400000, 0x400000, size, size, 0x1000)
    with open(big, "wb") as f:
        f.write(head)
        chunk = bytes(range(256)) * 4096
        while f.tell() < size:
            f.write(chunk)
    other = write(os.path.join(tmp, "steady.elf"), head + b"\0" * 4096)
    stop = threading.Event()

    def churn():
        while not stop.is_set():
            os.truncate(big, 1 << 16)
            time.sleep(0.002)
            os.truncate(big, size)
            time.sleep(0.002)

    t = threading.Thread(target=churn)
    t.start()
    env_note = ""
    caught = 0
    try:
        for i in range(10):
            rc, out, err, _ = run_measured(crossgo, ["inspect", "--json", big, other], timeout=120)
            if not check(rc is not None and rc >= 0, "shrinking file run %d: crossgo died (exit %r): %r" % (i, rc, err[-300:])):
                continue
            check(rc in (0, 3), "shrinking file run %d: exit %d" % (i, rc))
            try:
                arts = json.loads(out)["artifacts"]
            except ValueError:
                check(False, "shrinking file run %d: output is not JSON: %r" % (i, out[:200]))
                continue
            check(len(arts) == 2 and arts[1]["error"] is None, "shrinking file run %d: the other file was not reported"
                  % i)
            e = arts[0]["error"]
            if e is not None:
                caught += 1
                check("changed while it was read" in e["message"] or "truncated" in e["message"] or
                      "past the end" in e["message"] or "outside the file" in e["message"],
                      "shrinking file run %d: unclear error %r" % (i, e["message"]))
    finally:
        stop.set()
        t.join()
    print("shrinking file: %d of 10 runs saw the change%s" % (caught, env_note))
    os.unlink(big)


def forged_bytes(path):
    with open(path, "rb") as f:
        return f.read()


if __name__ == "__main__":
    sys.exit(main())
