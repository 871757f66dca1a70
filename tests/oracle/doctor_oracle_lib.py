"""Shared helpers for the doctor/explain oracle tests: a clean, explicit environment for the real
Go toolchain (GOPROXY=off, GOFLAGS=, temp HOME, shared GOCACHE), a tiny std-only-cgo module (net +
os/user, like the Go 1.19 lab's `app`), and readers for what `go build` produced (readelf, go version -m).
Nothing here trusts crossgo's own output."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

APP_MAIN = """package main

import (
	"fmt"
	"net"
	"os/user"
	"runtime"
)

func main() {
	addrs, err := net.LookupHost("localhost")
	u, uerr := user.Current()
	fmt.Println(runtime.GOOS, runtime.GOARCH, addrs, err, u != nil, uerr)
}
"""

CGOAPP_MAIN = """package main

// int add(int a, int b) { return a + b; }
import "C"

import "fmt"

func main() { fmt.Println(C.add(2, 3)) }
"""


def parse_args():
    ap = argparse.ArgumentParser()
    ap.add_argument("--crossgo", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--source", required=True)
    return ap.parse_args()


def go_binary():
    return shutil.which("go", path="/usr/local/go/bin:/usr/bin:/bin")


class Lab:
    def __init__(self, args):
        self.args = args
        self.tmp = tempfile.mkdtemp(prefix="crossgo-doctor-oracle-")
        self.home = os.path.join(self.tmp, "home")
        os.makedirs(self.home)
        cache_parent = os.path.dirname(os.path.abspath(args.fixtures))
        if os.path.isdir(cache_parent):
            self.gocache = os.path.join(cache_parent, "gocache")
        else:
            self.gocache = os.path.join(self.tmp, "gocache")
        os.makedirs(self.gocache, exist_ok=True)
        self.app = self.module("app", APP_MAIN)
        self.cgoapp = self.module("cgoapp", CGOAPP_MAIN)
        self.failures = []

    def module(self, name, main):
        d = os.path.join(self.tmp, name)
        os.makedirs(d)
        with open(os.path.join(d, "go.mod"), "w") as f:
            f.write("module example.com/%s\n\ngo 1.19\n" % name)
        with open(os.path.join(d, "main.go"), "w") as f:
            f.write(main)
        return d

    def env(self, extra=None):
        e = {
            "PATH": "/usr/local/go/bin:/usr/bin:/bin",
            "HOME": self.home,
            "GOCACHE": self.gocache,
            "GOPROXY": "off",
            "GOFLAGS": "",
            "GOTOOLCHAIN": "local",
            "LANG": "C",
            "NO_COLOR": "1",
        }
        for k, v in (extra or {}).items():
            if v is None:
                e.pop(k, None)
            else:
                e[k] = v
        return e

    def go_build(self, extra, cwd=None, flags=()):
        out = os.path.join(self.tmp, "out-%d" % len(os.listdir(self.tmp)))
        p = subprocess.run(["go", "build", *flags, "-o", out, "."], cwd=cwd or self.app, env=self.env(extra),
                           capture_output=True, text=True, timeout=600)
        return p.returncode, (out if p.returncode == 0 else None), p.stderr

    def crossgo(self, argv, extra=None, cwd=None):
        p = subprocess.run([self.args.crossgo, *argv], cwd=cwd or self.app, env=self.env(extra),
                           capture_output=True, text=True, timeout=120)
        return p.returncode, p.stdout, p.stderr

    def check(self, cond, what):
        if not cond:
            self.failures.append(what)
            print("FAIL:", what)

    def finish(self):
        shutil.rmtree(self.tmp, ignore_errors=True)
        if self.failures:
            print("%d check(s) failed" % len(self.failures))
            return 1
        print("all checks passed")
        return 0


def elf_facts(path):
    """INTERP and NEEDED from readelf (the oracle), or None when not ELF."""
    with open(path, "rb") as f:
        magic = f.read(4)
    if magic != b"\x7fELF":
        return None
    interp = None
    prog = subprocess.run(["readelf", "-lW", path], capture_output=True, text=True).stdout
    for line in prog.splitlines():
        if "[Requesting program interpreter:" in line:
            interp = line.split("interpreter:")[1].strip().rstrip("]").strip()
    dyn = subprocess.run(["readelf", "-dW", path], capture_output=True, text=True).stdout
    needed = [l.split("[")[1].split("]")[0] for l in dyn.splitlines() if "(NEEDED)" in l]
    return {"interp": interp, "needed": needed}


def file_format(path):
    with open(path, "rb") as f:
        m = f.read(4)
    if m == b"\x7fELF":
        return "ELF"
    if m[:2] == b"MZ":
        return "PE"
    if m in (b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe"):
        return "Mach-O"
    return "unknown"


def build_settings(path):
    """`go version -m` build settings: the Go toolchain's own record of what it did."""
    p = subprocess.run(["go", "version", "-m", path], capture_output=True, text=True)
    out = {}
    for line in p.stdout.splitlines():
        parts = line.strip().split("\t")
        if len(parts) >= 2 and parts[0] == "build" and "=" in parts[1]:
            k, v = parts[1].split("=", 1)
            out[k] = v
    return out


def compare_with_binary(lab, label, pred, path):
    """Check a prediction against the produced binary using readelf / go version -m."""
    fmt = file_format(path)
    lab.check(pred["format"].startswith(fmt), "%s: predicted format %r, file is %s" % (label, pred["format"], fmt))
    settings = build_settings(path)
    if "CGO_ENABLED" in settings:
        lab.check((settings["CGO_ENABLED"] == "1") == pred["cgo"]["enabled"],
                  "%s: predicted cgo=%s, build info CGO_ENABLED=%s" % (label, pred["cgo"]["enabled"],
                                                                       settings["CGO_ENABLED"]))
    facts = elf_facts(path)
    if facts is None:
        return
    linkage = pred["linkage"]["value"]
    if linkage == "static":
        lab.check(facts["interp"] is None and not facts["needed"],
                  "%s: predicted static, readelf shows %s" % (label, facts))
    elif linkage.startswith("dynamic"):
        lab.check(facts["interp"] == pred["interpreter"],
                  "%s: predicted interpreter %r, readelf shows %r" % (label, pred["interpreter"], facts["interp"]))
    inspect_check(lab, label, pred, path)


def inspect_check(lab, label, pred, path):
    """When the lead's `crossgo inspect --json` is available, it must agree with the prediction."""
    p = subprocess.run([lab.args.crossgo, "inspect", "--json", path], capture_output=True, text=True)
    if p.returncode != 0:
        return
    try:
        art = json.loads(p.stdout)["artifacts"][0]
    except (ValueError, KeyError, IndexError):
        return
    if art.get("interpreter") is not None or pred["interpreter"] is not None:
        lab.check(art.get("interpreter") == pred["interpreter"],
                  "%s: inspect interpreter %r vs predicted %r" % (label, art.get("interpreter"), pred["interpreter"]))


def require_go():
    if go_binary() is None:
        print("go not installed: skipping")
        sys.exit(77)
