#!/usr/bin/python3
"""crossgo doctor against the real Go toolchain (Debian's Go + cross gcc):
1. the knowledge base against `go tool dist list -json` (every listed pair is accepted; cgo
   support matches CgoSupported; pairs Go rejects are rejected);
2. effective values against `go env -json` run in the same environment, including values written
   by the real `go env -w` into a temp HOME;
3. for the traps of the Go 1.19 lab runs on Debian 12: doctor reports an error exactly when `go build` fails."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import doctor_oracle_lib as lib  # noqa: E402


def doctor(lab, extra=None, argv=(), cwd=None):
    rc, out, err = lab.crossgo(["doctor", "--json", *argv], extra, cwd=cwd)
    try:
        return rc, json.loads(out)
    except ValueError:
        lab.check(False, "doctor %s %s: no JSON (exit %d): %s" % (extra, argv, rc, err))
        return rc, None


def codes(report):
    return {f["code"] for f in report["findings"]} if report else set()


def var(report, name):
    for v in report["variables"]:
        if v["name"] == name:
            return v
    return None


def go_env(lab, extra, names):
    p = subprocess.run(["go", "env", "-json", *names], cwd="/", env=lab.env(extra), capture_output=True, text=True)
    return json.loads(p.stdout) if p.returncode == 0 else None


def check_ports(lab):
    p = subprocess.run(["go", "tool", "dist", "list", "-json"], env=lab.env(), capture_output=True, text=True)
    ports = json.loads(p.stdout)
    for port in ports:
        pair = "%s/%s" % (port["GOOS"], port["GOARCH"])
        rc, rep = doctor(lab, {"CGO_ENABLED": "1"}, ["--target", pair])
        if rep is None:
            continue
        c = codes(rep)
        lab.check("CG103" not in c, "%s is in go tool dist list but doctor says unsupported" % pair)
        lab.check(("CG303" in c) == (not port["CgoSupported"]),
                  "%s: CgoSupported=%s but doctor findings %s" % (pair, port["CgoSupported"], sorted(c)))
    listed = {"%s/%s" % (p["GOOS"], p["GOARCH"]) for p in ports}
    for pair in ["darwin/386", "windows/mips", "linux/wasm"]:
        assert pair not in listed
        rc, rep = doctor(lab, {}, ["--target", pair])
        lab.check(rep is not None and "CG103" in codes(rep), "%s is not a Go port but doctor accepts it" % pair)
        brc, _, _ = lab.go_build({"GOOS": pair.split("/")[0], "GOARCH": pair.split("/")[1]})
        lab.check(brc != 0, "go build accepted %s" % pair)
    print("checked %d ports against go tool dist list" % len(ports))


NAMES = ["GOOS", "GOARCH", "CGO_ENABLED", "CC", "CXX", "GOFLAGS", "GOARM", "GOAMD64", "GOROOT", "GOENV"]


def check_values(lab):
    home = os.path.join(lab.tmp, "home-values")
    os.makedirs(home)
    scenarios = [
        ("plain", {}),
        ("cross arm64", {"GOARCH": "arm64"}),
        ("cross arm64 with CC", {"GOARCH": "arm64", "CC": "aarch64-linux-gnu-gcc"}),
        ("arm default GOARM", {"GOARCH": "arm"}),
        ("CGO_ENABLED=yes native", {"CGO_ENABLED": "yes"}),
        ("CGO_ENABLED=yes cross", {"GOARCH": "arm64", "CGO_ENABLED": "yes"}),
        ("no gcc on PATH", {"PATH": "/usr/lib/go-1.19/bin:/nonexistent"}),
        ("windows", {"GOOS": "windows"}),
    ]
    # Values persisted by the real `go env -w`.
    wenv = {"HOME": home}
    subprocess.run(["go", "env", "-w", "GOOS=windows", "CC=aarch64-linux-gnu-gcc", "GOFLAGS=-trimpath"],
                   env=lab.env(wenv), check=True, capture_output=True)
    scenarios += [
        ("go env -w file", {"HOME": home}),
        ("file shadowed by OS", {"HOME": home, "GOOS": "linux"}),
        ("empty OS var does not override", {"HOME": home, "GOOS": ""}),
        ("GOENV=off", {"HOME": home, "GOENV": "off"}),
    ]
    for label, extra in scenarios:
        if "PATH" in extra and not os.path.exists("/usr/lib/go-1.19/bin/go"):
            continue
        truth = go_env(lab, extra, NAMES)
        rc, rep = doctor(lab, extra)
        if truth is None or rep is None:
            lab.check(False, "%s: go env or doctor failed" % label)
            continue
        for name in NAMES:
            v = var(rep, name)
            if v is None:
                continue
            lab.check(v["value"] == truth.get(name, ""),
                      "%s: doctor %s=%r (%s) but go env says %r" % (label, name, v["value"], v["origin"],
                                                                  truth.get(name)))
    rc, rep = doctor(lab, {"HOME": home})
    lab.check(var(rep, "GOOS")["origin"] == "goenv_file", "GOOS written by go env -w not attributed to the file")
    lab.check("CG201" in codes(rep), "persisted GOOS not reported (CG201)")
    rc, rep = doctor(lab, {"HOME": home, "GOOS": ""})
    lab.check("CG203" in codes(rep), "empty OS GOOS not reported (CG203)")


def check_traps(lab):
    poisoned = os.path.join(lab.tmp, "home-poisoned")
    os.makedirs(poisoned)
    subprocess.run(["go", "env", "-w", "GOAMD64=v5"], env=lab.env({"HOME": poisoned}), check=True, capture_output=True)
    cgo_home = os.path.join(lab.tmp, "home-cgo")
    os.makedirs(cgo_home)
    subprocess.run(["go", "env", "-w", "CGO_ENABLED=1"], env=lab.env({"HOME": cgo_home}), check=True,
                   capture_output=True)
    newmod = lab.module("newmod", lib.APP_MAIN)
    with open(os.path.join(newmod, "go.mod"), "w") as f:
        f.write("module example.com/newmod\n\ngo 1.21.0\n")
    traps = [
        ("GOOS=macos", {"GOOS": "macos"}, lab.app),
        ("GOARCH=aarch64", {"GOARCH": "aarch64"}, lab.app),
        ("GOOS=linux\\r", {"GOOS": "linux\r"}, lab.app),
        ("GOARM=8", {"GOARCH": "arm", "GOARM": "8"}, lab.app),
        ("GOAMD64=V3", {"GOAMD64": "V3"}, lab.app),
        ("GO386=sse3", {"GOARCH": "386", "GO386": "sse3"}, lab.app),
        ("arm64 + GOARM=7 (ignored)", {"GOARCH": "arm64", "GOARM": "7"}, lab.app),
        ("poisoned GOAMD64=v5 in go env -w", {"HOME": poisoned}, lab.app),
        ("persisted CGO_ENABLED=1, cross arm64", {"HOME": cgo_home, "GOARCH": "arm64"}, lab.app),
        ("persisted CGO_ENABLED=1, arm64 + CC", {"HOME": cgo_home, "GOARCH": "arm64", "CC": "aarch64-linux-gnu-gcc"},
         lab.app),
        ("CC missing", {"CC": "no-such-gcc"}, lab.cgoapp),
        ("CC absolute missing", {"CC": "/opt/cross/bin/x86_64-linux-musl-gcc"}, lab.cgoapp),
        ("native with aarch64 CC", {"CC": "aarch64-linux-gnu-gcc"}, lab.cgoapp),
        ("arm64 with armhf CC", {"GOARCH": "arm64", "CGO_ENABLED": "1", "CC": "arm-linux-gnueabihf-gcc"}, lab.app),
        ("GOFLAGS unknown flag", {"GOFLAGS": "-foo"}, lab.app),
        ("GOFLAGS unquoted ldflags", {"GOFLAGS": "-ldflags=-s -w"}, lab.app),
        ("GOROOT missing", {"GOROOT": "/nonexistent"}, lab.app),
        ("go.mod go 1.21.0 with go1.19", {}, newmod),
        ("ios/arm64 without cgo", {"GOOS": "ios", "GOARCH": "arm64"}, lab.app),
        ("android/arm without cgo", {"GOOS": "android", "GOARCH": "arm"}, lab.app),
        ("android/arm64 without cgo", {"GOOS": "android", "GOARCH": "arm64"}, lab.app),
        ("darwin cgo with gcc", {"GOOS": "darwin", "GOARCH": "arm64", "CGO_ENABLED": "1"}, lab.app),
        ("riscv64 cgo right CC", {"GOARCH": "riscv64", "CGO_ENABLED": "1", "CC": "riscv64-linux-gnu-gcc"},
         lab.cgoapp),
    ]
    for label, extra, mod in traps:
        drc, rep = doctor(lab, extra, cwd=mod)
        brc, _, berr = lab.go_build(extra, cwd=mod)
        print("%-45s doctor exit %d  go build exit %d" % (label, drc, brc))
        lab.check((drc == 1) == (brc != 0),
                  "%s: doctor exit %d (%s) but go build exit %d: %s" % (label, drc, sorted(codes(rep)), brc,
                                                                       berr.strip()[-200:]))


def main():
    args = lib.parse_args()
    lib.require_go()
    lab = lib.Lab(args)
    check_ports(lab)
    check_values(lab)
    check_traps(lab)
    return lab.finish()


if __name__ == "__main__":
    sys.exit(main())
