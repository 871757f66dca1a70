#!/usr/bin/python3
"""`cmake --install` (what `make install PREFIX=…` wraps) puts crossgo, its man page and its user
documentation under a prefix, and the installed binary runs from there. The man page is made at
build time by help2man from crossgo's own --help, so it cannot drift from the options.
Exit 0 pass, 1 fail."""
import os
import re
import subprocess
import sys
import tempfile

from fixture_lib import parse_args


def main():
    args = parse_args()
    build_dir = os.path.dirname(os.path.abspath(args.crossgo))
    failures = []
    with tempfile.TemporaryDirectory(prefix="crossgo-install-") as prefix:
        r = subprocess.run(["cmake", "--install", build_dir, "--prefix", prefix], capture_output=True, text=True,
                           timeout=300)
        if r.returncode != 0:
            print("cmake --install failed:\n" + r.stdout + r.stderr)
            return 1
        exe = os.path.join(prefix, "bin", "crossgo")
        if not os.access(exe, os.X_OK):
            failures.append("bin/crossgo missing or not executable")
        else:
            v = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60)
            if v.returncode != 0 or not re.match(r"^\d+\.\d+\.\d+", v.stdout.strip()):
                failures.append("installed crossgo --version: rc=%d %r" % (v.returncode, v.stdout))
            h = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=60)
            for word in ("inspect", "doctor", "explain"):
                if word not in h.stdout:
                    failures.append("installed crossgo --help does not list %s" % word)
        doc = os.path.join(prefix, "share", "doc", "crossgo")
        for name in ("README.md", "findings.md", "exit-codes.md", "inspect.schema.json", "doctor.schema.json"):
            if not os.path.isfile(os.path.join(doc, name)):
                failures.append("share/doc/crossgo/%s not installed" % name)
        cache = open(os.path.join(build_dir, "CMakeCache.txt")).read()
        help2man = re.search(r"^CROSSGO_HELP2MAN:FILEPATH=(.*)$", cache, re.M)
        if help2man and not help2man.group(1).endswith("NOTFOUND"):
            man = os.path.join(prefix, "share", "man", "man1", "crossgo.1")
            if not os.path.isfile(man):
                failures.append("share/man/man1/crossgo.1 not installed although help2man is present")
            else:
                text = open(man, encoding="utf-8", errors="replace").read()
                if not text.lstrip().startswith(('.\\"', ".TH")) or ".TH CROSSGO" not in text:
                    failures.append("crossgo.1 is not a man page: %r" % text[:80])
                for word in ("doctor", "explain", "inspect"):
                    if word not in text:
                        failures.append("crossgo.1 does not mention %s" % word)
        elif os.environ.get("CI"):
            failures.append("help2man is not installed in CI: scripts/install-deps.sh must install it")
    for f in failures:
        print("FAIL:", f)
    print("install: %d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
