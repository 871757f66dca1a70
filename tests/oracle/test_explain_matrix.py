#!/usr/bin/python3
"""`crossgo explain --matrix` against reality: build the eight (same/other GOOS) x (same/other
GOARCH) x (CGO_ENABLED 0/1) combinations with the real Go toolchain under a clean explicit
environment, and check that success/failure, cgo, format, static/dynamic and the ELF interpreter
are what explain predicted. Oracles: go build's exit status, readelf, go version -m."""
import json
import sys
import os

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import doctor_oracle_lib as lib  # noqa: E402


def main():
    args = lib.parse_args()
    lib.require_go()
    lab = lib.Lab(args)
    rc, out, err = lab.crossgo(["explain", "--matrix", "--json"])
    lab.check(rc == 0, "explain --matrix exit %d: %s" % (rc, err))
    if rc != 0:
        return lab.finish()
    matrix = json.loads(out)["matrix"]
    lab.check(len(matrix) == 8, "matrix has %d cases" % len(matrix))
    for case in matrix:
        pred = case["prediction"]
        t = pred["target"]
        label = "%s/%s CGO_ENABLED=%d" % (t["goos"], t["goarch"], 1 if case["cgo"] else 0)
        rc, path, err = lab.go_build({"GOOS": t["goos"], "GOARCH": t["goarch"],
                                      "CGO_ENABLED": "1" if case["cgo"] else "0"})
        print("%-32s predicted %-6s go build exit %d" % (label, "builds" if pred["will_build"] else "fails", rc))
        lab.check((rc == 0) == pred["will_build"],
                  "%s: predicted will_build=%s, go build exit %d: %s" % (label, pred["will_build"], rc, err[-300:]))
        if path:
            lib.compare_with_binary(lab, label, pred, path)
    # Traps from the Go 1.19 lab runs on Debian 12, each with explain TARGET and the real build.
    traps = [
        ("linux/arm64", ["--cgo"], {"CC": "aarch64-linux-gnu-gcc"}, lab.app),
        ("linux/arm64", ["--cgo"], {"CC": "aarch64-linux-gnu-gcc"}, lab.cgoapp),
        ("linux/arm64", ["--cgo"], {"CC": "arm-linux-gnueabihf-gcc"}, lab.app),
        ("linux/arm/v7", ["--cgo"], {"CC": "arm-linux-gnueabihf-gcc"}, lab.cgoapp),
        ("linux/riscv64", ["--cgo"], {"CC": "riscv64-linux-gnu-gcc"}, lab.cgoapp),
        ("linux/amd64", ["--cgo"], {"CC": "musl-gcc"}, lab.app),
        ("linux/amd64", ["--cgo"], {"CC": "no-such-gcc"}, lab.app),
        ("linux/amd64", ["--no-cgo", "--buildmode", "pie"], {}, lab.app),
        ("linux/arm", ["--no-cgo", "--buildmode", "pie"], {}, lab.app),
        ("linux/arm64", [], {"CGO_ENABLED": "yes"}, lab.app),
        ("ios/arm64", [], {}, lab.app),
        ("android/arm64", [], {}, lab.app),
        ("darwin/arm64", ["--cgo"], {}, lab.app),
    ]
    for target, flags, extra, mod in traps:
        have = [f for f in flags if f in ("--cgo", "--no-cgo")]
        label = "%s %s %s (%s)" % (target, " ".join(flags), extra, os.path.basename(mod))
        if not all(shutil_which(extra.get("CC")) for _ in [0]):
            print("skip (compiler missing):", label)
            continue
        rc, out, err = lab.crossgo(["explain", target, "--json", *flags], extra, cwd=mod)
        lab.check(rc == 0, "%s: explain exit %d %s" % (label, rc, err))
        if rc != 0:
            continue
        pred = json.loads(out)
        benv = dict(extra)
        benv["GOOS"], benv["GOARCH"] = pred["target"]["goos"], pred["target"]["goarch"]
        if pred["target"]["variant_variable"]:
            benv[pred["target"]["variant_variable"]] = pred["target"]["variant"]
        if have:
            benv["CGO_ENABLED"] = "1" if have[0] == "--cgo" else "0"
        bflags = ["-buildmode=" + flags[flags.index("--buildmode") + 1]] if "--buildmode" in flags else []
        rc, path, err = lab.go_build(benv, cwd=mod, flags=bflags)
        print("%-70s predicted %-6s go build exit %d" % (label, "builds" if pred["will_build"] else "fails", rc))
        lab.check((rc == 0) == pred["will_build"],
                  "%s: predicted will_build=%s, go build exit %d: %s" % (label, pred["will_build"], rc, err[-300:]))
        if path:
            lib.compare_with_binary(lab, label, pred, path)
    return lab.finish()


def shutil_which(cc):
    if not cc or cc == "no-such-gcc":
        return True
    import shutil
    return shutil.which(cc) is not None


if __name__ == "__main__":
    sys.exit(main())
