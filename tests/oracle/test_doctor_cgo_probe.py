#!/usr/bin/python3
"""doctor's proof of the cgo toolchain (CG410-CG416) against what `go build` really does, with real
compilers: Debian's cross gcc with its target C library (arm64, armhf, riscv64) and one installed
on purpose WITHOUT it (s390x: gcc-s390x-linux-gnu but no libc6-dev-s390x-cross), a CC given an
empty --sysroot, a clang whose linker cannot produce the target, a C++ compiler that is not
installed while the module has C++ files, and pkg-config answering with the host's library or the
target's. For every case the verdict must agree with `go build` of the same module in the same
environment: crossgo reports a build-stopping error exactly when the build fails, and the missing
piece it names appears in Go's own error output. `explain --cgo` must predict the same outcome.
Exit 0 pass, 1 fail, 77 skip (no Go)."""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import doctor_oracle_lib as lib  # noqa: E402

PROBE_CODES = {"CG410", "CG411", "CG412", "CG413", "CG414", "CG415", "CG416"}
STOPPING = PROBE_CODES | {"CG401", "CG402", "CG403", "CG408"}

CXX_GO = """package cxx

// int twice(int);
import "C"

func Twice(x int) int { return int(C.twice(C.int(x))) }
"""
CXX_CC = """#include <string>
extern "C" int twice(int x) { return static_cast<int>(std::to_string(x).size()) * 0 + 2 * x; }
"""
CXX_MAIN = """package main

import (
\t"example.com/cxxapp/cxx"
\t"fmt"
)

func main() { fmt.Println(cxx.Twice(2)) }
"""
PKG_MAIN = """package main

// #cgo pkg-config: crossgofoo
// #include <crossgofoo.h>
import "C"

import "fmt"

func main() { fmt.Println(C.crossgofoo()) }
"""


def doctor(lab, extra, cwd):
    rc, out, err = lab.crossgo(["doctor", "--json"], extra, cwd=cwd)
    try:
        return rc, json.loads(out)
    except ValueError:
        lab.check(False, "doctor with %s: no JSON (exit %d): %s" % (extra, rc, err))
        return rc, None


def explain_cgo(lab, extra, cwd, target):
    env = dict(extra)
    for k in ("GOOS", "GOARCH", "GOARM", "CGO_ENABLED"):
        env.pop(k, None)
    rc, out, err = lab.crossgo(["explain", target, "--cgo", "--json"], env, cwd=cwd)
    try:
        return json.loads(out)
    except ValueError:
        lab.check(False, "explain %s --cgo: no JSON (exit %d): %s" % (target, rc, err))
        return None


def errors_of(report):
    return {f["code"] for f in report["findings"] if f["severity"] == "error"} if report else set()


def finding(report, code):
    for f in report["findings"]:
        if f["code"] == code:
            return f
    return None


def make_pkg(lab, name, cc):
    """A tiny C library crossgofoo built with `cc`, with its header and a .pc file, in its own prefix."""
    prefix = os.path.join(lab.tmp, name)
    for d in ("include", "lib/pkgconfig", "src"):
        os.makedirs(os.path.join(prefix, d), exist_ok=True)
    with open(os.path.join(prefix, "include", "crossgofoo.h"), "w") as f:
        f.write("int crossgofoo(void);\n")
    src = os.path.join(prefix, "src", "foo.c")
    with open(src, "w") as f:
        f.write("int crossgofoo(void) { return 42; }\n")
    obj = os.path.join(prefix, "src", "foo.o")
    subprocess.run([cc, "-fPIC", "-c", src, "-o", obj], check=True)
    subprocess.run(["ar", "rcs", os.path.join(prefix, "lib", "libcrossgofoo.a"), obj], check=True)
    with open(os.path.join(prefix, "lib", "pkgconfig", "crossgofoo.pc"), "w") as f:
        f.write("prefix=%s\nlibdir=${prefix}/lib\nincludedir=${prefix}/include\n\n"
                "Name: crossgofoo\nDescription: test\nVersion: 1.0\nLibs: -L${libdir} -lcrossgofoo\n"
                "Cflags: -I${includedir}\n" % prefix)
    return os.path.join(prefix, "lib", "pkgconfig")


def agree(lab, label, extra, module, target, expect_codes=(), expect_fix=None, expect_build=None):
    """doctor's verdict, explain --cgo's prediction and `go build` must agree."""
    rc, rep = doctor(lab, extra, module)
    if rep is None:
        return
    errs = errors_of(rep)
    stops = bool(errs & STOPPING)
    brc, out, berr = lab.go_build(extra, cwd=module)
    built = brc == 0
    lab.check(stops != built, "%s: doctor errors %s but go build %s:\n%s" % (
        label, sorted(errs), "succeeded" if built else "failed", berr[-2000:]))
    lab.check((rc == 1) == stops, "%s: doctor exit %d with errors %s" % (label, rc, sorted(errs)))
    if expect_build is not None:
        lab.check(built == expect_build, "%s: expected go build to %s, it %s: %s" % (
            label, "succeed" if expect_build else "fail", "succeeded" if built else "failed", berr[-1500:]))
    for code in expect_codes:
        f = finding(rep, code)
        lab.check(f is not None and f["severity"] == "error", "%s: expected error %s, got %s" % (
            label, code, sorted(errs)))
        if f is not None and expect_fix:
            lab.check(expect_fix in f["fix"], "%s: %s fix should name %r: %s" % (label, code, expect_fix, f["fix"]))
    # The piece crossgo says is missing is what the real build trips over.
    for probe in rep.get("build_probes", []) + ([rep["pkg_config"]["build"]] if rep.get("pkg_config") and
                                                rep["pkg_config"]["build"] else []):
        if probe["ran"] and not probe["ok"] and probe["missing"] and not built:
            missing = probe["missing"].lstrip("./")
            lab.check(missing in berr, "%s: crossgo says %r is missing, go build says:\n%s" % (
                label, probe["missing"], berr[-1500:]))
    if built and out:
        p = subprocess.run(["readelf", "-h", out], capture_output=True, text=True)
        lab.check(p.returncode == 0, "%s: built file is not ELF" % label)
    pred = explain_cgo(lab, extra, module, target)
    if pred is not None:
        lab.check(pred["will_build"] == built, "%s: explain --cgo will_build=%s, go build %s (failures %s)" % (
            label, pred["will_build"], "succeeded" if built else "failed", pred["failures"]))
    print("ok" if not lab.failures else "..", label, sorted(errs), "go build", "ok" if built else "failed")


def main():
    args = lib.parse_args()
    lib.require_go()
    lab = lib.Lab(args)
    empty = os.path.join(lab.tmp, "empty-sysroot")
    os.makedirs(empty)
    cxxapp = lab.module("cxxapp", CXX_MAIN)
    os.makedirs(os.path.join(cxxapp, "cxx"))
    with open(os.path.join(cxxapp, "cxx", "cxx.go"), "w") as f:
        f.write(CXX_GO)
    with open(os.path.join(cxxapp, "cxx", "impl.cc"), "w") as f:
        f.write(CXX_CC)
    pkgapp = lab.module("pkgapp", PKG_MAIN)
    have = lambda tool: shutil.which(tool, path="/usr/bin:/bin") is not None  # noqa: E731
    arm64 = {"GOOS": "linux", "GOARCH": "arm64", "CGO_ENABLED": "1", "CC": "aarch64-linux-gnu-gcc"}

    # Sound setups stay free of errors and build.
    agree(lab, "native gcc", {"CGO_ENABLED": "1"}, lab.app, "linux/amd64", expect_build=True)
    agree(lab, "arm64 cross gcc with libc6-dev-arm64-cross", arm64, lab.app, "linux/arm64", expect_build=True)
    agree(lab, "armhf cross gcc", {"GOOS": "linux", "GOARCH": "arm", "GOARM": "7", "CGO_ENABLED": "1",
                                   "CC": "arm-linux-gnueabihf-gcc"}, lab.app, "linux/arm/v7", expect_build=True)
    agree(lab, "riscv64 cross gcc", {"GOOS": "linux", "GOARCH": "riscv64", "CGO_ENABLED": "1",
                                     "CC": "riscv64-linux-gnu-gcc"}, lab.app, "linux/riscv64", expect_build=True)
    agree(lab, "arm64 with C++ (g++-aarch64-linux-gnu)", dict(arm64, CXX="aarch64-linux-gnu-g++"), cxxapp,
          "linux/arm64", expect_build=True)

    # A cross compiler installed without its target C library.
    if os.path.exists("/usr/s390x-linux-gnu/include/stdlib.h"):
        print("SKIP s390x-without-libc: libc6-dev-s390x-cross is installed on this machine")
    elif not have("s390x-linux-gnu-gcc"):
        lab.check(False, "s390x-linux-gnu-gcc missing: scripts/install-deps.sh installs it for this test")
    else:
        agree(lab, "s390x cross gcc without libc6-dev-s390x-cross",
              {"GOOS": "linux", "GOARCH": "s390x", "CGO_ENABLED": "1", "CC": "s390x-linux-gnu-gcc"}, lab.app,
              "linux/s390x", expect_codes=["CG410"], expect_fix="libc6-dev-s390x-cross", expect_build=False)

    # An empty --sysroot: the native gcc looks only there and fails; Debian's cross gcc keeps its
    # own /usr/<triplet> directories and still builds. Either way crossgo must agree with go build.
    agree(lab, "native gcc with an empty --sysroot", {"CGO_ENABLED": "1", "CC": "gcc --sysroot=" + empty},
          lab.app, "linux/amd64", expect_codes=["CG410"], expect_fix=empty, expect_build=False)
    agree(lab, "arm64 cross gcc with an empty --sysroot in CGO_CFLAGS/CGO_LDFLAGS",
          dict(arm64, CGO_CFLAGS="-g -O2 --sysroot=" + empty, CGO_LDFLAGS="-g -O2 --sysroot=" + empty),
          lab.app, "linux/arm64")

    # A clang -target whose linker cannot produce the target.
    if have("clang-14"):
        agree(lab, "clang --target=aarch64 linking with the host's ld.bfd",
              {"GOOS": "linux", "GOARCH": "arm64", "CGO_ENABLED": "1", "CC": "clang-14 --target=aarch64-linux-gnu",
               "CGO_LDFLAGS": "-fuse-ld=/usr/bin/x86_64-linux-gnu-ld.bfd"}, lab.app, "linux/arm64",
              expect_codes=["CG413"], expect_build=False)

    # CXX set but not installed, with C++ files in the module (g++-riscv64-linux-gnu is not installed).
    if not have("riscv64-linux-gnu-g++"):
        agree(lab, "riscv64 with CXX not installed and C++ files",
              {"GOOS": "linux", "GOARCH": "riscv64", "CGO_ENABLED": "1", "CC": "riscv64-linux-gnu-gcc",
               "CXX": "riscv64-linux-gnu-g++"}, cxxapp, "linux/riscv64", expect_codes=["CG415"], expect_build=False)

    # pkg-config answering with the host's library, then with the target's.
    host_pc = make_pkg(lab, "foo-host", "gcc")
    target_pc = make_pkg(lab, "foo-arm64", "aarch64-linux-gnu-gcc")
    # Each with its own GOCACHE: cmd/go's action ID (buildActionID, Go 1.19) does not include
    # pkg-config's answer, so a cached package would keep the previous case's -L flags.
    cache = lambda name: os.path.join(lab.tmp, "gocache-" + name)  # noqa: E731
    agree(lab, "pkg-config answers with the host's library",
          dict(arm64, PKG_CONFIG_PATH=host_pc, GOCACHE=cache("host")), pkgapp,
          "linux/arm64", expect_codes=["CG416"], expect_build=False)
    agree(lab, "pkg-config answers with the target's library",
          dict(arm64, PKG_CONFIG_PATH=target_pc, GOCACHE=cache("target")), pkgapp,
          "linux/arm64", expect_build=True)
    agree(lab, "pkg-config has no such package", dict(arm64, PKG_CONFIG_PATH=empty, GOCACHE=cache("none")), pkgapp,
          "linux/arm64", expect_codes=["CG416"], expect_build=False)

    # The probe never touches the module it is run in.
    before = sorted(os.listdir(lab.app))
    doctor(lab, arm64, lab.app)
    lab.check(sorted(os.listdir(lab.app)) == before, "doctor wrote into the module directory")
    return lab.finish()


if __name__ == "__main__":
    sys.exit(main())
