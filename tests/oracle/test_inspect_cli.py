#!/usr/bin/python3
"""Behaviour of the `crossgo inspect` command line: exit codes (0 all read, 2 usage, 3 a named file
missing or malformed while the others are still reported), directory walking (non-binaries listed
in text mode, skipped in JSON unless named), and NO_COLOR / no colour when not on a terminal.

The expectations come from the contract (docs, /tmp/contracts.md), checked on real fixtures.
Exit 0 pass, 1 fail, 77 skip (fixtures absent).
"""
import json
import os
import pty
import select
import shutil
import subprocess
import sys
import tempfile

from fixture_lib import load_manifest, parse_args

ESC = b"\x1b["


class Checks:
    def __init__(self):
        self.failures = []
        self.count = 0

    def expect(self, cond, what):
        self.count += 1
        if not cond:
            self.failures.append(what)
        return cond


def run(crossgo, args, env=None):
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    if env:
        e.update(env)
    return subprocess.run([crossgo, *args], capture_output=True, timeout=300, env=e)


def run_on_pty(crossgo, args, env):
    """Runs crossgo with stdout on a pseudo-terminal; returns (exit code, output bytes)."""
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    e.update(env)
    master, slave = pty.openpty()
    p = subprocess.Popen([crossgo, *args], stdout=slave, stderr=slave, stdin=subprocess.DEVNULL,
                         env=e)
    os.close(slave)
    out = b""
    while True:
        r, _, _ = select.select([master], [], [], 60)
        if not r:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO once the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return p.wait(timeout=60), out


def artifacts_by_path(stdout):
    doc = json.loads(stdout)
    return {a["path"]: a for a in doc["artifacts"]}


def main():
    args = parse_args()
    fx = {x["name"]: os.path.join(args.fixtures, x["file"]) for x in load_manifest(args.fixtures)}
    go_bin = fx["linux-amd64"]
    c_bin = fx["c-hello"]
    cg = args.crossgo
    c = Checks()

    with tempfile.TemporaryDirectory(prefix="crossgo-cli-") as tmp:
        # ---- exit 0: everything named could be read
        p = run(cg, ["inspect", go_bin, c_bin])
        c.expect(p.returncode == 0, f"two good binaries: exit {p.returncode}, want 0")
        p = run(cg, ["inspect", "--json", go_bin, c_bin])
        c.expect(p.returncode == 0, f"two good binaries --json: exit {p.returncode}, want 0")
        try:
            arts = artifacts_by_path(p.stdout)
            c.expect(set(arts) == {go_bin, c_bin}, f"--json paths {sorted(arts)}")
        except ValueError as exc:
            c.expect(False, f"--json output is not JSON: {exc}")

        # ---- a FIFO named explicitly: reported as unreadable (exit 3), never waited on
        fifo = os.path.join(tmp, "fifo")
        os.mkfifo(fifo)
        try:
            p = subprocess.run([cg, "inspect", fifo], capture_output=True, timeout=20)
            c.expect(p.returncode == 3, f"FIFO: exit {p.returncode}, want 3")
            c.expect(b"not a regular file" in p.stderr, f"FIFO: stderr {p.stderr[:200]!r}")
        except subprocess.TimeoutExpired:
            c.expect(False, "FIFO: crossgo blocked opening a FIFO")

        # ---- exit 3: a named path is missing; the others are still reported
        missing = os.path.join(tmp, "does-not-exist")
        for mode in ([], ["--json"]):
            p = run(cg, ["inspect", *mode, go_bin, missing, c_bin])
            c.expect(p.returncode == 3, f"missing path {mode}: exit {p.returncode}, want 3")
            out = p.stdout.decode(errors="replace")
            if mode:
                try:
                    arts = artifacts_by_path(p.stdout)
                    c.expect(go_bin in arts and c_bin in arts and
                             not arts[go_bin]["error"] and not arts[c_bin]["error"],
                             "missing path --json: the readable files must still be reported "
                             f"without error, got {sorted(arts)}")
                    if missing in arts:
                        c.expect(arts[missing]["error"] is not None,
                                 "missing path --json: its artifact must carry an error")
                except ValueError as exc:
                    c.expect(False, f"missing path --json: output is not JSON: {exc}")
            else:
                c.expect(go_bin in out and c_bin in out,
                         "missing path (text): the readable files must still be reported")
            c.expect(missing in p.stderr.decode(errors="replace") or missing in out,
                     f"missing path {mode}: the missing path must be named in the output")

        # ---- exit 3: malformed ELF files (bad header; header fine but tables cut off)
        garbage = os.path.join(tmp, "garbage-elf")
        with open(garbage, "wb") as f:
            f.write(b"\x7fELF\x09\x09\x09" + b"\xff" * 9)  # invalid class/data, truncated header
        truncated = os.path.join(tmp, "truncated-elf")
        with open(c_bin, "rb") as src, open(truncated, "wb") as dst:
            dst.write(src.read(120))  # ELF header intact; program/section headers beyond EOF
        for bad in (garbage, truncated):
            name = os.path.basename(bad)
            p = run(cg, ["inspect", "--json", go_bin, bad])
            c.expect(p.returncode == 3, f"{name}: exit {p.returncode}, want 3")
            try:
                arts = artifacts_by_path(p.stdout)
                c.expect(go_bin in arts and not arts[go_bin]["error"],
                         f"{name}: the good file must still be reported without error")
                c.expect(bad in arts and arts[bad]["error"] is not None,
                         f"{name}: the malformed file must be reported with an error object")
            except ValueError as exc:
                c.expect(False, f"{name}: output is not JSON: {exc}")
            p = run(cg, ["inspect", bad, go_bin])
            c.expect(p.returncode == 3, f"{name} (text): exit {p.returncode}, want 3")
            c.expect(go_bin in p.stdout.decode(errors="replace"),
                     f"{name} (text): the good file must still be reported")

        # ---- exit 2: usage errors
        for argv, what in ((["inspect", "--no-such-flag", go_bin], "unknown flag"),
                           (["inspect"], "no path"),
                           (["no-such-command"], "unknown subcommand")):
            p = run(cg, argv)
            c.expect(p.returncode == 2, f"{what}: exit {p.returncode}, want 2")
            c.expect(p.stdout.strip() == b"" or b"Usage" in p.stdout or b"usage" in p.stdout,
                     f"{what}: should not print a report")

        # ---- directory walking
        tree = os.path.join(tmp, "tree")
        os.makedirs(os.path.join(tree, "sub", "deeper"))
        shutil.copy(go_bin, os.path.join(tree, "gobin"))
        shutil.copy(c_bin, os.path.join(tree, "sub", "deeper", "cbin"))
        notes = os.path.join(tree, "sub", "notes.txt")
        with open(notes, "w") as f:
            f.write("not a binary\n")
        os.symlink(go_bin, os.path.join(tree, "link-to-gobin"))
        gobin, cbin = os.path.join(tree, "gobin"), os.path.join(tree, "sub", "deeper", "cbin")

        p = run(cg, ["inspect", tree])
        out = p.stdout.decode(errors="replace")
        c.expect(p.returncode == 0, f"walk (text): exit {p.returncode}, want 0")
        c.expect(gobin in out and cbin in out, "walk (text): both binaries (one nested) listed")
        c.expect(notes in out, "walk (text): the non-binary must be listed in text mode")
        c.expect("link-to-gobin" not in out, "walk (text): symlinks must not be followed")

        p = run(cg, ["inspect", "--json", tree])
        c.expect(p.returncode == 0, f"walk (json): exit {p.returncode}, want 0")
        try:
            arts = artifacts_by_path(p.stdout)
            c.expect(set(arts) == {gobin, cbin},
                     f"walk (json): want exactly the two binaries, got {sorted(arts)}")
        except ValueError as exc:
            c.expect(False, f"walk (json): output is not JSON: {exc}")

        p = run(cg, ["inspect", "--json", tree, notes])
        try:
            arts = artifacts_by_path(p.stdout)
            c.expect(notes in arts and arts[notes]["format"] == "not-binary",
                     "a non-binary named explicitly must be reported (format not-binary) in JSON")
        except ValueError as exc:
            c.expect(False, f"walk + named (json): output is not JSON: {exc}")
        c.expect(p.returncode == 0, f"non-binary named explicitly: exit {p.returncode}, want 0")

        # ---- colour: never when piped, never with NO_COLOR, never in JSON
        p = run(cg, ["inspect", go_bin, c_bin])
        c.expect(ESC not in p.stdout, "piped text output must not contain colour escapes")
        rc, out = run_on_pty(cg, ["inspect", go_bin, c_bin], {"NO_COLOR": "1"})
        c.expect(rc == 0, f"NO_COLOR on a terminal: exit {rc}")
        c.expect(go_bin.encode() in out, "NO_COLOR on a terminal: report printed")
        c.expect(ESC not in out, "NO_COLOR=1 on a terminal must disable colour escapes")
        rc, out = run_on_pty(cg, ["inspect", "--json", go_bin], {})
        c.expect(ESC not in out, "--json on a terminal must not contain colour escapes")

    for f in c.failures:
        print("FAIL:", f)
    print(f"{c.count - len(c.failures)}/{c.count} CLI checks passed")
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())
