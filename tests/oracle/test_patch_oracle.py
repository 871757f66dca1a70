#!/usr/bin/env python3
"""crossgo patch against real loaders (tests/fixtures/build-fixtures.sh fixtures):

- Go cgo binaries (amd64 external and internal linking, musl, arm64, armhf, riscv64) and C
  programs (gcc, musl-gcc, cross gcc): the interpreter set to a copy of the loader at a longer
  path (a new segment) and at a shorter one (in place); each patched binary is RUN, natively or
  under Debian's qemu-user with -L, and must print what the original printed; then the target's
  own strip runs on it and the stripped result must run the same;
- a program linked against a shared library (c-use-greet, c-libgreet): RPATH/RUNPATH set,
  converted, added to and removed, a needed library replaced by a renamed copy (short and long
  names), each run; patchelf --print-interpreter/--print-rpath/--print-needed and readelf -lWd
  as oracles for what the file now says;
- the original untouched by --dry-run and by refusals (and no temporary file left); -o; mode
  and user.* extended attributes kept; --json validated against docs/patch.schema.json;
- a few hundred random requests on real binaries, each result read by readelf -W -a without a
  warning the input did not already have."""
import hashlib
import json
import os
import random
import re
import shutil
import stat
import subprocess
import sys
import tempfile

import jsonschema

from fixture_lib import SKIP, load_manifest, parse_args

ARCH = {  # GOARCH: (qemu, sysroot, strip)
    "amd64": (None, "", "strip"),
    "arm64": ("qemu-aarch64", "/usr/aarch64-linux-gnu", "aarch64-linux-gnu-strip"),
    "arm": ("qemu-arm", "/usr/arm-linux-gnueabihf", "arm-linux-gnueabihf-strip"),
    "riscv64": ("qemu-riscv64", "/usr/riscv64-linux-gnu", "riscv64-linux-gnu-strip"),
}
RUNNABLE = ["linux-amd64-cgo", "linux-amd64-cgo-std", "linux-amd64-cgo-pie", "linux-amd64-musl-cgo",
            "linux-arm64-cgo", "linux-arm-7-cgo", "linux-riscv64-cgo", "c-hello", "c-hello-nopie",
            "c-hello-musl", "c-hello-arm64", "c-hello-armhf", "c-hello-riscv64", "cxx-hello"]


class Checker:
    def __init__(self):
        self.problems = []
        self.count = 0

    def expect(self, what, ok, detail=""):
        self.count += 1
        if not ok:
            self.problems.append(f"{what}: {detail}")
        return ok


def run(args, env=None, timeout=120):
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env, errors="surrogateescape")


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def interp_of(path):
    m = re.search(r"Requesting program interpreter: ([^\]]+)\]", run(["readelf", "-lW", path]).stdout)
    return m.group(1) if m else None


def dyn_tags(path):
    out = run(["readelf", "-dW", path]).stdout
    tags = {}
    for m in re.finditer(r"\((RPATH|RUNPATH)\)\s+Library (?:rpath|runpath): \[([^\]]*)\]", out):
        tags[m.group(1)] = m.group(2)
    tags["NEEDED"] = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]*)\]", out)
    return tags


def execute(path, goarch, env=None):
    qemu, root, _ = ARCH[goarch]
    args = [path] if qemu is None else [qemu, "-L", root, path]
    e = dict(os.environ if env is None else env)
    e.pop("LD_LIBRARY_PATH", None)
    res = run(args, env=e)
    return res.returncode, res.stdout


class Patcher:
    def __init__(self, crossgo, schema, check):
        self.crossgo, self.schema, self.check = crossgo, schema, check

    def __call__(self, *args, want_rc=0, what=""):
        res = run([self.crossgo, "patch", "--json", *args])
        try:
            doc = json.loads(res.stdout)
            jsonschema.validate(doc, self.schema)
        except (ValueError, jsonschema.ValidationError) as e:
            self.check.expect(f"{what}: JSON", False, f"{e}; stdout={res.stdout[:300]!r} stderr={res.stderr[:300]!r}")
            return None
        self.check.expect(f"{what}: exit code", res.returncode == want_rc,
                          f"{res.returncode} (want {want_rc}): {res.stderr.strip()} {doc.get('refusal')}")
        return doc


def loader_copy(orig, goarch, dest):
    _, root, _ = ARCH[goarch]
    src = root + orig if root and os.path.exists(root + orig) else orig
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    shutil.copy(os.path.realpath(src), dest)
    return dest


def test_interpreters(patch, check, fixtures, by_name, work):
    short_dir = tempfile.mkdtemp(prefix="cg", dir="/tmp")  # "/tmp/cgXXXXXXXX/l": shorter than any loader path
    try:
        for name in RUNNABLE:
            fx = by_name.get(name)
            if fx is None:
                continue
            goarch = fx["goarch"]
            if ARCH[goarch][0] and not shutil.which(ARCH[goarch][0]):
                continue
            src = os.path.join(fixtures, fx["file"])
            orig = interp_of(src)
            if not check.expect(f"{name}: has an interpreter", orig is not None):
                continue
            want_rc, want_out = execute(src, goarch)
            if not check.expect(f"{name}: the original runs", want_rc == 0, want_out):
                continue
            for label, dest in (("longer", os.path.join(work, "loaders", name, "a/much/longer/directory/for/the/loader",
                                                         os.path.basename(orig))),
                                ("shorter", os.path.join(short_dir, "l"))):
                loader_copy(orig, goarch, dest)
                out = os.path.join(work, f"{name}-{label}")
                shutil.copy(src, out)
                doc = patch(out, "--set-interpreter", dest, what=f"{name} {label}")
                if doc is None:
                    continue
                check.expect(f"{name} {label}: in place iff shorter", doc["plan"]["in_place"] == (label == "shorter"),
                             json.dumps(doc["plan"]["steps"]))
                check.expect(f"{name} {label}: readelf -l", interp_of(out) == dest, interp_of(out))
                pe = run(["patchelf", "--print-interpreter", out]).stdout.strip()
                check.expect(f"{name} {label}: patchelf --print-interpreter", pe == dest, pe)
                rc, got = execute(out, goarch)
                check.expect(f"{name} {label}: runs", rc == 0 and got == want_out, f"rc={rc} {got[:200]!r}")
                stripped = out + ".stripped"
                res = run([ARCH[goarch][2], "-o", stripped, out])
                if check.expect(f"{name} {label}: {ARCH[goarch][2]}", res.returncode == 0, res.stderr):
                    rc, got = execute(stripped, goarch)
                    check.expect(f"{name} {label}: runs after strip", rc == 0 and got == want_out, f"rc={rc} {got[:200]!r}")
            # --interpreter-for names the file's own loader back (for glibc and musl builds alike).
            libc = "musl" in orig and "musl" or "glibc"
            out = os.path.join(work, f"{name}-for")
            shutil.copy(src, out)
            doc = patch(out, "--interpreter-for", libc, "--dry-run", what=f"{name} --interpreter-for {libc}")
            if doc:
                check.expect(f"{name}: --interpreter-for {libc} is its own loader",
                             doc["plan"]["after"]["interpreter"] == orig and not doc["plan"]["changes"],
                             doc["plan"]["after"]["interpreter"])
    finally:
        shutil.rmtree(short_dir, ignore_errors=True)


def test_search_paths(patch, check, fixtures, by_name, work):
    prog, lib = by_name.get("c-use-greet"), by_name.get("c-libgreet")
    if not prog or not lib:
        return
    libdir = os.path.join(work, "greet-lib")
    os.makedirs(libdir, exist_ok=True)
    libsrc = os.path.join(fixtures, lib["file"])
    shutil.copy(libsrc, os.path.join(libdir, "libgreet.so.1"))
    longname = "libgreet-renamed-with-a-much-longer-name-than-before.so.1"
    for n in ("libgreet2.so.1", longname):
        shutil.copy(libsrc, os.path.join(libdir, n))
    bindir = os.path.join(work, "greet-bin")
    os.makedirs(bindir, exist_ok=True)
    src = os.path.join(fixtures, prog["file"])
    base = os.path.join(bindir, "use-greet")
    shutil.copy(src, base)
    rc, _ = execute(base, "amd64")
    check.expect("use-greet: fails without its library directory", rc != 0, f"rc={rc}")

    def step(label, start, args, tag, value, needed=None, runs=True):
        out = os.path.join(bindir, label)
        shutil.copy(start, out)
        doc = patch(out, *args, what=label)
        tags = dyn_tags(out)
        other = "RUNPATH" if tag == "RPATH" else "RPATH"
        if tag:
            check.expect(f"{label}: readelf -d {tag}", tags.get(tag) == value and other not in tags, tags)
            pr = run(["patchelf", "--print-rpath", out]).stdout.strip()
            check.expect(f"{label}: patchelf --print-rpath", pr == value, pr)
        else:
            check.expect(f"{label}: no RPATH/RUNPATH", "RPATH" not in tags and "RUNPATH" not in tags, tags)
        if needed:
            pn = run(["patchelf", "--print-needed", out]).stdout.split()
            check.expect(f"{label}: patchelf --print-needed", pn == needed, pn)
        rc, got = execute(out, "amd64")
        check.expect(f"{label}: {'runs' if runs else 'does not find its library'}", (rc == 0) == runs, f"rc={rc} {got!r}")
        return out, doc

    rp, _ = step("set-rpath", base, ["--set-rpath", libdir], "RPATH", libdir)
    rn, _ = step("set-runpath", rp, ["--set-runpath", libdir], "RUNPATH", libdir)
    step("remove-rpath", rn, ["--remove-rpath"], None, None, runs=False)
    step("add-rpath", rn, ["--add-rpath", "/opt/other"], "RUNPATH", libdir + ":/opt/other")
    longdir = os.path.join(work, "greet-lib-at-a-much-longer-path-than-any-string-in-the-file", "lib")
    os.makedirs(longdir, exist_ok=True)
    shutil.copy(libsrc, os.path.join(longdir, "libgreet.so.1"))
    step("set-runpath-long", base, ["--set-runpath", longdir], "RUNPATH", longdir)
    step("replace-needed", rn, ["--replace-needed", "libgreet.so.1", "libgreet2.so.1"], "RUNPATH", libdir,
         needed=["libgreet2.so.1", "libc.so.6"])
    step("replace-needed-long", rn, ["--replace-needed", "libgreet.so.1", longname], "RUNPATH", libdir,
         needed=[longname, "libc.so.6"])
    # The shared library itself: a RUNPATH added to it (a new string, an entry it may have no
    # slot for) and the program still loads it.
    patched_lib = os.path.join(libdir, "libgreet.so.1")
    patch(patched_lib, "--set-runpath", "/opt/greet/private/lib/dir/for/its/own/dependencies", what="library runpath")
    check.expect("library runpath: readelf", dyn_tags(patched_lib).get("RUNPATH") == "/opt/greet/private/lib/dir/for/its/own/dependencies")
    rc, _ = execute(rn, "amd64")
    check.expect("library runpath: the program still loads it", rc == 0, f"rc={rc}")
    for label in ("replace-needed", "replace-needed-long", "set-runpath-long"):
        out = os.path.join(bindir, label)
        stripped = out + ".stripped"
        if check.expect(f"{label}: strip", run(["strip", "-o", stripped, out]).returncode == 0):
            rc, _ = execute(stripped, "amd64")
            check.expect(f"{label}: runs after strip", rc == 0, f"rc={rc}")
    # Go cgo binaries: a new RUNPATH (a string that does not fit, an entry that may not).
    for name in ("linux-amd64-cgo", "linux-amd64-cgo-std", "linux-arm64-cgo"):
        fx = by_name.get(name)
        if not fx:
            continue
        src = os.path.join(fixtures, fx["file"])
        want = execute(src, fx["goarch"])
        out = os.path.join(work, f"{name}-runpath")
        shutil.copy(src, out)
        patch(out, "--set-runpath", "/opt/some/long/runpath/that/is/not/in/the/file", what=f"{name} runpath")
        check.expect(f"{name} runpath: readelf", dyn_tags(out).get("RUNPATH") == "/opt/some/long/runpath/that/is/not/in/the/file")
        check.expect(f"{name} runpath: runs", execute(out, fx["goarch"]) == want)
        stripped = out + ".stripped"
        if check.expect(f"{name} runpath: strip", run([ARCH[fx["goarch"]][2], "-o", stripped, out]).returncode == 0):
            check.expect(f"{name} runpath: runs after strip", execute(stripped, fx["goarch"]) == want)


def test_safety(patch, check, fixtures, by_name, work):
    d = os.path.join(work, "safety")
    os.makedirs(d, exist_ok=True)
    src = os.path.join(fixtures, by_name["c-hello"]["file"])
    f = os.path.join(d, "hello")
    shutil.copy(src, f)
    before = sha(f)
    doc = patch(f, "--set-interpreter", "/a/much/longer/path/than/the/one/in/the/file/ld.so", "--dry-run", what="dry run")
    check.expect("dry run: planned", doc and doc["status"] == "planned" and doc["plan"]["new_segment"] is not None, doc)
    check.expect("dry run: original untouched", sha(f) == before)
    static = by_name.get("c-hello-static")
    if static:
        s = os.path.join(d, "static")
        shutil.copy(os.path.join(fixtures, static["file"]), s)
        h = sha(s)
        doc = patch(s, "--set-interpreter", "/lib/ld.so", want_rc=1, what="static")
        check.expect("static: CG891", doc and doc["refusal"] and doc["refusal"]["code"] == "CG891", doc)
        doc = patch(s, "--set-rpath", "/x", want_rc=1, what="static rpath")
        check.expect("static rpath: CG892", doc and doc["refusal"] and doc["refusal"]["code"] == "CG892", doc)
        check.expect("static: untouched", sha(s) == h)
    doc = patch(f, "--replace-needed", "libnope.so", "libx.so", want_rc=1, what="needed missing")
    check.expect("needed missing: CG893", doc and doc["refusal"]["code"] == "CG893", doc)
    pe = by_name.get("windows-amd64")
    if pe:
        doc = patch(os.path.join(fixtures, pe["file"]), "--set-interpreter", "/x", want_rc=1, what="PE")
        check.expect("PE: CG890", doc and doc["refusal"]["code"] == "CG890", doc)
    patch(os.path.join(d, "does-not-exist"), "--set-interpreter", "/x", want_rc=3, what="missing file")
    res = run([patch.crossgo, "patch", f])
    check.expect("no operation: usage error", res.returncode == 2, res.returncode)
    check.expect("refusals leave no temporary file", sorted(os.listdir(d)) == sorted(["hello"] + (["static"] if static else [])),
                 os.listdir(d))
    # -o: the input stays as it was.
    out = os.path.join(d, "out")
    doc = patch(f, "--set-interpreter", "/lib64/ld-linux-x86-64.so.2x", "-o", out, what="-o")
    check.expect("-o: input untouched", sha(f) == before)
    check.expect("-o: output patched", interp_of(out) == "/lib64/ld-linux-x86-64.so.2x", interp_of(out))
    os.unlink(out)
    # Mode and extended attributes survive the rename.
    os.chmod(f, 0o751)
    xattr = True
    try:
        os.setxattr(f, "user.crossgo", b"kept")
    except OSError:
        xattr = False
    patch(f, "--set-interpreter", "/a/much/longer/path/than/the/one/in/the/file/ld.so", what="mode")
    check.expect("mode kept", stat.S_IMODE(os.stat(f).st_mode) == 0o751, oct(os.stat(f).st_mode))
    if xattr:
        check.expect("xattr kept", os.getxattr(f, "user.crossgo") == b"kept")
    check.expect("in-place patch leaves no temporary file", sorted(os.listdir(d)) == sorted(["hello"] + (["static"] if static else [])),
                 os.listdir(d))


def readelf_warnings(path):
    res = run(["readelf", "-W", "-a", path])
    return {line for line in res.stderr.splitlines() if "arning" in line or "rror" in line}


def test_random(patch, check, fixtures, by_name, work):
    rng = random.Random(890)
    d = os.path.join(work, "random")
    os.makedirs(d, exist_ok=True)
    names = [n for n in ("c-hello", "c-use-greet", "linux-amd64-cgo", "c-hello-arm64", "linux-arm-7-cgo", "c-libgreet",
                         "c-hello-musl") if n in by_name]
    base_warn = {n: readelf_warnings(os.path.join(fixtures, by_name[n]["file"])) for n in names}
    needed = {n: dyn_tags(os.path.join(fixtures, by_name[n]["file"]))["NEEDED"] for n in names}
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789/._-$"
    word = lambda: "".join(rng.choice(alphabet) for _ in range(rng.choice([1, 3, 8, 20, 40, 120, 300])))
    for i in range(300):
        n = rng.choice(names)
        args = []
        if rng.random() < 0.5 and n != "c-libgreet":
            args += ["--set-interpreter", "/" + word()]
        op = rng.choice(["--set-rpath", "--set-runpath", "--add-rpath", "--remove-rpath", None])
        if op == "--remove-rpath":
            args.append(op)
        elif op:
            args += [op, word()]
        if rng.random() < 0.3 and needed[n]:
            args += ["--replace-needed", rng.choice(needed[n]), "lib" + word().replace("/", "_") + ".so"]
        if not args:
            args = ["--set-runpath", word()]
        out = os.path.join(d, f"r{i}")
        doc = patch(os.path.join(fixtures, by_name[n]["file"]), *args, "-o", out, what=f"random {i} {n} {args}")
        if doc is None or doc["status"] != "patched":
            continue
        new = readelf_warnings(out) - base_warn[n]
        check.expect(f"random {i} {n} {args}: readelf -W -a warns nothing new", not new, new)
        os.unlink(out)


def main():
    args = parse_args()
    fixtures_list = load_manifest(args.fixtures)
    for tool in ("readelf", "patchelf", "strip"):
        if not shutil.which(tool):
            print(f"SKIP: {tool} is not installed")
            sys.exit(SKIP)
    with open(os.path.join(args.source, "docs", "patch.schema.json")) as f:
        schema = json.load(f)
    by_name = {fx["name"]: fx for fx in fixtures_list}
    check = Checker()
    patch = Patcher(args.crossgo, schema, check)
    work = tempfile.mkdtemp(prefix="crossgo-patch-")
    try:
        test_interpreters(patch, check, args.fixtures, by_name, work)
        test_search_paths(patch, check, args.fixtures, by_name, work)
        test_safety(patch, check, args.fixtures, by_name, work)
        test_random(patch, check, args.fixtures, by_name, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for p in check.problems:
        print("FAIL", p)
    print(f"{check.count - len(check.problems)}/{check.count} expectations hold")
    sys.exit(1 if check.problems else 0)


if __name__ == "__main__":
    main()
