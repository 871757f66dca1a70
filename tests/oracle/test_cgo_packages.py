#!/usr/bin/env python3
"""`go.cgo.packages` against the Go toolchain's own answer.

For every Go fixture, `go list -deps` (same GOOS/GOARCH/CGO_ENABLED/CC and -tags as the build)
says which packages have CgoFiles; crossgo reads the same fact from the binary alone (cgo's
pkg._Cfunc_/pkg._C2func_ wrappers in the pclntab). runtime/cgo is left out (it has cgo files but
no C calls of its own: crossgo reports it as `linked`), and the main package appears as "main".
At least one fixture must reach cgo only transitively, and one must be stripped.
"""
import os
import subprocess
import sys

from fixture_lib import fixtures_of_format, inspect_artifacts, load_manifest, parse_args


def module_of(fx):
    base = os.path.basename(fx["file"])
    if base.startswith("lib") and base.endswith(".so"):
        base = base[3:-3]
    return base


def tags_of(flags):
    for i, f in enumerate(flags):
        if f == "-tags" and i + 1 < len(flags):
            return flags[i + 1]
        if f.startswith("-tags="):
            return f.split("=", 1)[1]
    return ""


def main():
    args = parse_args()
    fixtures = [f for f in fixtures_of_format(load_manifest(args.fixtures), "elf")  # crossgo reads ELF only
                if f["lang"] == "go"]
    problems, compared, transitive, stripped = [], 0, 0, 0
    for fx in fixtures:
        # c-shared libraries' main packages only //export Go functions to C; an export leaves a
        # _cgoexp_<hash>_Name wrapper without a package path, so crossgo cannot name the package
        # (documented in docs/inspect.md). They are compared without it.
        exports_only = fx["buildmode"] == "c-shared"
        moddir = os.path.join(args.source, "testdata", "go", module_of(fx))
        env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "GOFLAGS": "", "GOPROXY": "off", "GOENV": "off",
               "GOCACHE": os.path.realpath(os.path.join(args.fixtures, "..", "gocache")), "GOTOOLCHAIN": "local"}
        env.update({k: v for k, v in fx["env"].items() if k in ("GOOS", "GOARCH", "CGO_ENABLED", "CC", "GOARM")})
        argv = ["go", "list", "-deps", "-f", "{{if .CgoFiles}}{{.ImportPath}}\t{{.Name}}{{end}}"]
        if tags_of(fx["flags"]):
            argv += ["-tags", tags_of(fx["flags"])]
        res = subprocess.run(argv + ["."], cwd=moddir, env=env, capture_output=True, text=True, timeout=120)
        if res.returncode != 0:
            problems.append(f"{fx['name']}: go list failed: {res.stderr.strip()}")
            continue
        want = set()
        for line in res.stdout.splitlines():
            path, name = line.split("\t")
            if path != "runtime/cgo" and not (exports_only and name == "main"):
                want.add("main" if name == "main" else path)
        go = inspect_artifacts(args.crossgo, [os.path.join(args.fixtures, fx["file"])])[0]["go"]
        got = set(go["cgo"]["packages"]) if go else set()
        compared += 1
        if want and "main" not in want:
            transitive += 1
        if want and "-s -w" in " ".join(fx["flags"]):
            stripped += 1
        if got != want:
            problems.append(f"{fx['name']}: go list says {sorted(want)}, crossgo says {sorted(got)}")
    if transitive == 0:
        problems.append("no fixture reaches cgo only through a dependency")
    if stripped == 0:
        problems.append("no stripped fixture calls C")
    for p in problems:
        print("MISMATCH " + p)
    print(f"{compared} Go fixtures compared with go list -deps; {transitive} transitive, {stripped} stripped; "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
