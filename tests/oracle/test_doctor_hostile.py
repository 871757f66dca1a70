#!/usr/bin/python3
"""Regression tests for doctor on build machines nobody configured: a GOENV that is a FIFO,
/dev/zero or a directory; a go env -w file larger than crossgo reads; a C compiler that answers
but leaves a grandchild holding its stdout, or one that escapes with setsid; a relative
CC=./cc/my-cc; an empty PATH with ./go in the current directory; CC never run when cgo is off.
Each run has a generous timeout as its bound. Exit 0 pass, 1 fail, 77 skip (no go)."""
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixture_lib import parse_args  # noqa: E402

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)
    return cond


def doctor(crossgo, env, cwd, argv=("--json",), timeout=60):
    start = time.monotonic()
    try:
        p = subprocess.run([crossgo, "doctor", *argv], env=env, cwd=cwd, capture_output=True, timeout=timeout,
                           stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None, None, timeout
    took = time.monotonic() - start
    try:
        return p.returncode, json.loads(p.stdout), took
    except ValueError:
        return p.returncode, None, took


def script(path, body):
    with open(path, "w") as f:
        f.write("#!/bin/sh\n" + body)
    os.chmod(path, 0o755)
    return path


def codes(rep):
    return {f["code"]: f for f in rep["findings"]} if rep else {}


def main():
    args = parse_args()
    crossgo = os.path.abspath(args.crossgo)
    go = shutil.which("go", path="/usr/bin:/bin")
    if go is None:
        print("go not installed: skipping")
        return 77
    tmp = tempfile.mkdtemp(prefix="crossgo-doctor-hostile-")
    home = os.path.join(tmp, "home")
    os.makedirs(home)
    base = {"PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C", "GOFLAGS": "", "GOPROXY": "off",
            "GOCACHE": os.path.join(tmp, "gocache")}
    try:
        goenv_cases(crossgo, base, tmp)
        compiler_cases(crossgo, base, tmp)
        path_cases(crossgo, base, tmp)
        hanging_cases(crossgo, base, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("doctor hostile: %d failure(s)" % len(failures))
    return 1 if failures else 0


def goenv_cases(crossgo, base, tmp):
    fifo = os.path.join(tmp, "goenv.fifo")
    os.mkfifo(fifo)
    for label, path, sev in (("FIFO", fifo, "error"), ("/dev/zero", "/dev/zero", "error"),
                             ("directory", tmp, "warning")):
        rc, rep, took = doctor(crossgo, dict(base, GOENV=path), tmp, timeout=40)
        if not check(rep is not None, "GOENV=%s: doctor gave no JSON within 40 s" % label):
            continue
        f = codes(rep).get("CG208")
        check(f is not None and f["severity"] == sev, "GOENV=%s: expected CG208 %s, got %s" % (label, sev, sorted(codes(rep))))
        check("CG204" not in codes(rep), "GOENV=%s: reported as a file that does not exist" % label)
        check(rep["go"]["go_env_ok"], "GOENV=%s: go env was not asked safely: %s" % (label, rep["go"]["go_env_error"]))
        check(took < 30, "GOENV=%s: doctor took %.0f s" % (label, took))
    # A 2 MiB go env -w file whose GOOS comes after the first MiB: Go uses it, so must doctor.
    big = os.path.join(tmp, "big.env")
    with open(big, "w") as f:
        for i in range(40000):
            f.write("X%d=%s\n" % (i, "v" * 48))
        f.write("GOOS=windows\n")
    rc, rep, _ = doctor(crossgo, dict(base, GOENV=big), tmp)
    if check(rep is not None, "2 MiB GOENV file: no JSON"):
        goos = [v for v in rep["variables"] if v["name"] == "GOOS"][0]
        check(goos["value"] == "windows" and goos["origin"] == "goenv_file",
              "GOOS after the first MiB of the go env -w file: %s" % goos)
    # Past what crossgo reads (64 MiB): said, not silent.
    with open(big, "a") as f:
        chunk = ("Y=" + "y" * 1000 + "\n") * 1024
        for _ in range(66):
            f.write(chunk)
    rc, rep, _ = doctor(crossgo, dict(base, GOENV=big), tmp)
    if check(rep is not None, "66 MiB GOENV file: no JSON"):
        check("CG209" in codes(rep), "66 MiB GOENV file: no CG209: %s" % sorted(codes(rep)))


def compiler_cases(crossgo, base, tmp):
    bin_dir = os.path.join(tmp, "bin")
    os.makedirs(bin_dir)
    log = os.path.join(tmp, "cc.log")
    # Answers -dumpmachine at once but leaves a grandchild holding stdout for 30 s.
    script(os.path.join(bin_dir, "lingering-gcc"),
           'echo run >> %s\nfor a in "$@"; do [ "$a" = -dumpmachine ] && { sleep 30 & echo aarch64-linux-gnu; exit 0; }; done\n'
           'out=; while [ $# -gt 0 ]; do [ "$1" = -o ] && out=$2; shift; done; [ -n "$out" ] && : > "$out"; exit 0\n' % log)
    env = dict(base, PATH=bin_dir + ":/usr/bin:/bin", GOOS="linux", GOARCH="arm64", CGO_ENABLED="1", CC="lingering-gcc")
    rc, rep, took = doctor(crossgo, env, tmp)
    if check(rep is not None, "lingering grandchild: no JSON"):
        cc = [c for c in rep["compilers"] if c["role"] == "CC"][0]
        check(cc["dumpmachine"] == "aarch64-linux-gnu" and not cc["error"],
              "a compiler that answered was reported as %s" % cc)
        check(took < 20, "lingering grandchild: doctor took %.0f s (waited for the grandchild)" % took)
    # Escapes with setsid: must not outlive doctor.
    marker = "3141.59"
    script(os.path.join(bin_dir, "escaping-gcc"),
           'for a in "$@"; do [ "$a" = -dumpmachine ] && { setsid sleep %s >/dev/null 2>&1 < /dev/null & '
           'echo aarch64-linux-gnu; exit 0; }; done\nexit 1\n' % marker)
    rc, rep, took = doctor(crossgo, dict(env, CC="escaping-gcc"), tmp)
    time.sleep(0.3)
    left = subprocess.run(["pgrep", "-f", "sleep " + marker], capture_output=True, text=True).stdout.split()
    check(not left, "a setsid grandchild of CC outlived doctor: pids %s" % left)
    for p in left:
        subprocess.run(["kill", "-9", p])
    # CGO_ENABLED=0: the C compiler is not run at all.
    open(log, "w").close()
    doctor(crossgo, dict(env, CGO_ENABLED="0", GOARCH="amd64"), tmp)
    with open(log) as f:
        check(f.read() == "", "CC was run although CGO_ENABLED=0")
    # A relative CC is run from where the user is, and a failure says why.
    os.makedirs(os.path.join(tmp, "proj", "cc"))
    script(os.path.join(tmp, "proj", "cc", "my-cc"),
           'for a in "$@"; do [ "$a" = -dumpmachine ] && { echo aarch64-linux-gnu; exit 0; }; done\n'
           'out=; while [ $# -gt 0 ]; do [ "$1" = -o ] && out=$2; shift; done; [ -n "$out" ] && : > "$out"; exit 0\n')
    rc, rep, _ = doctor(crossgo, dict(env, CC="./cc/my-cc"), os.path.join(tmp, "proj"))
    if check(rep is not None, "relative CC: no JSON"):
        cc = [c for c in rep["compilers"] if c["role"] == "CC"][0]
        check(cc["found"] and cc["dumpmachine"] == "aarch64-linux-gnu", "relative CC=./cc/my-cc: %s" % cc)
        probe = rep["build_probes"][0] if rep["build_probes"] else None
        check(probe is not None and probe["ok"], "relative CC: the build probe did not run it: %s" % probe)
    noexec = os.path.join(tmp, "proj", "cc", "broken-cc")
    with open(noexec, "w") as f:
        f.write("#!/nonexistent/interpreter\n")
    os.chmod(noexec, 0o755)
    rc, rep, _ = doctor(crossgo, dict(env, CC="./cc/broken-cc"), os.path.join(tmp, "proj"))
    if check(rep is not None, "broken CC: no JSON"):
        cc = [c for c in rep["compilers"] if c["role"] == "CC"][0]
        check(cc["error"] and "No such file" in cc["error"], "a CC that cannot be executed must say why: %s" % cc)


def path_cases(crossgo, base, tmp):
    # An empty PATH with an executable ./go in the current directory: not "go in $PATH".
    d = os.path.join(tmp, "dot")
    os.makedirs(d)
    script(os.path.join(d, "go"), "echo 'go version go1.99.0 linux/amd64'\n")
    rc, rep, _ = doctor(crossgo, dict(base, PATH=""), d)
    if check(rep is not None, "empty PATH: no JSON"):
        check(rep["go"]["path"] is None, "empty PATH: ./go was taken for the go in $PATH: %s" % rep["go"]["path"])


def timed(crossgo, argv, env, cwd, bound):
    start = time.monotonic()
    try:
        p = subprocess.run([crossgo, *argv], env=env, cwd=cwd, capture_output=True, timeout=bound,
                           stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None, bound
    return p, time.monotonic() - start


def hanging_cases(crossgo, base, tmp):
    # A go or C compiler that never answers: one timeout per tool and run, never one per question,
    # and --timeout bounds the whole command. (Before: doctor 30-40 s, explain --matrix 180-240 s.)
    hang = os.path.join(tmp, "hang")
    os.makedirs(hang)
    script(os.path.join(hang, "go"), "sleep 300\n")
    script(os.path.join(hang, "hang-cc"), "sleep 300\n")
    go_env = dict(base, PATH=hang + ":/usr/bin:/bin")
    cc_env = dict(base, PATH="/usr/bin:/bin:" + hang, CGO_ENABLED="1", CC="hang-cc", CXX="hang-cc")
    for label, env, argv, bound in (("hanging go: doctor", go_env, ["doctor", "--json"], 25),
                                    ("hanging go: doctor --timeout 3", go_env, ["doctor", "--timeout", "3"], 9),
                                    ("hanging go: explain --matrix", go_env, ["explain", "--matrix"], 25),
                                    ("hanging CC: doctor", cc_env, ["doctor", "--json"], 25),
                                    ("hanging CC: explain --matrix", cc_env, ["explain", "--matrix"], 25)):
        p, took = timed(crossgo, argv, env, tmp, bound)
        check(p is not None, "%s: not done within %d s" % (label, bound))
        if p is not None and "--json" in argv:
            rep = json.loads(p.stdout)
            if "go" in label:
                check("timed out" in (rep["go"]["go_env_error"] or ""), "%s: %s" % (label, rep["go"]["go_env_error"]))
            else:
                cc = [c for c in rep["compilers"] if c["role"] == "CC"][0]
                check("timed out" in (cc["error"] or ""), "%s: CC error %r" % (label, cc["error"]))
        left = subprocess.run(["pgrep", "-f", hang], capture_output=True, text=True).stdout.split()
        check(not left, "%s: hanging tools left running: %s" % (label, left))
        for pid in left:
            subprocess.run(["kill", "-9", pid])


if __name__ == "__main__":
    sys.exit(main())
