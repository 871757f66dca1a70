#!/usr/bin/env python3
"""crossgo cgo against the Go toolchain itself.

Real modules (testdata/go/cgochain: app -> a -> b -> c joined with `replace`, c with import "C";
the standard library's cgo variants; a package that falls back without cgo, one that breaks, one
with a C file; a file-rules package) and a real cgo library from Debian (mattn/go-sqlite3 under
/usr/share/gocode), for several targets and both Go toolchains. Oracles:
  - `go list -deps -json` for the same target: which packages have cgo sources, their imports
    (every chain step must be a real import, and the chain a shortest one), modules, #cgo flags;
  - `go build` with CGO_ENABLED=0: fails exactly when crossgo predicts it, with the errors crossgo
    predicts, and no others of the kinds it predicts; `go build` with CGO_ENABLED=1 builds;
  - `go list` with CGO_ENABLED=1 and 0: which files of a package build (crossgo cgo --files);
  - Graphviz's `dot -Tsvg` accepts the DOT output; the built binary's cgo packages (--binary).
Every JSON document is validated against docs/cgo.schema.json.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import deque

import jsonschema

from fixture_lib import SKIP, parse_args

GO123 = "/usr/lib/go-1.23/bin/go"
SQLITE_SRC = "/usr/share/gocode/src/github.com/mattn/go-sqlite3"
TARGETS = ["linux/amd64", "linux/arm64", "linux/riscv64", "linux/arm/v7", "windows/amd64", "darwin/arm64",
           "freebsd/amd64"]

problems = []
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        problems.append(what)
    return cond


class Env:
    def __init__(self, args, home):
        self.crossgo = args.crossgo
        self.base = {"PATH": "/usr/bin:/bin", "HOME": home, "GOFLAGS": "", "GOPROXY": "off", "GOENV": "off",
                     "GOCACHE": os.path.realpath(os.path.join(args.fixtures, "..", "gocache")),
                     "GOTOOLCHAIN": "local", "GONOSUMDB": "*", "GOFLAGS_UNUSED": ""}
        with open(os.path.join(args.source, "docs", "cgo.schema.json")) as f:
            self.validator = jsonschema.Draft202012Validator(json.load(f))

    def go_env(self, target=None, cgo=None):
        env = dict(self.base)
        if target:
            parts = target.split("/")
            env["GOOS"], env["GOARCH"] = parts[0], parts[1]
            if len(parts) == 3:
                env["GOARM"] = parts[2].lstrip("v")
        if cgo is not None:
            env["CGO_ENABLED"] = cgo
        return env

    def cgo(self, cwd, *argv, expect_json=True, go="go"):
        cmd = [self.crossgo, "cgo", "--go", go, *argv]
        res = subprocess.run(cmd, cwd=cwd, env=self.base, capture_output=True, text=True, timeout=600)
        doc = None
        if expect_json and res.returncode in (0, 1):
            try:
                doc = json.loads(res.stdout)
            except json.JSONDecodeError as e:
                problems.append(f"{cmd}: not JSON ({e}): {res.stdout[:200]} {res.stderr[:400]}")
                return res, None
            errors = sorted(self.validator.iter_errors(doc), key=lambda e: list(e.path))
            check(not errors, f"{cmd}: schema: {[e.message for e in errors[:3]]}")
        return res, doc


def go_list(env, cwd, patterns, go="go", tags=None, deps=True):
    argv = [go, "list", "-e", "-json"] + (["-deps"] if deps else []) + (["-tags", tags] if tags else []) + patterns
    res = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    if res.returncode != 0:
        raise RuntimeError(f"{argv}: {res.stderr}")
    dec, s, i, out = json.JSONDecoder(), res.stdout, 0, []
    while i < len(s):
        while i < len(s) and s[i].isspace():
            i += 1
        if i >= len(s):
            break
        obj, i = dec.raw_decode(s, i)
        out.append(obj)
    return out


def cgo_sources(p):
    return any(p.get(k) for k in ("CgoFiles", "CFiles", "CXXFiles", "MFiles", "FFiles", "SwigFiles", "SwigCXXFiles"))


def graph_of(listed):
    by_path = {p["ImportPath"]: p for p in listed}
    edges = {}
    for p in listed:
        e = [i for i in p.get("Imports", []) if i in by_path and i != p["ImportPath"]]
        if p.get("CgoFiles") and "runtime/cgo" in by_path and p["ImportPath"] != "runtime/cgo" and "runtime/cgo" not in e:
            e.append("runtime/cgo")
        edges[p["ImportPath"]] = e
    roots = [p["ImportPath"] for p in listed if p.get("Match") and not p.get("DepOnly")]
    return by_path, edges, roots


def distances(edges, roots):
    dist = {r: 1 for r in roots}
    q = deque(roots)
    while q:
        n = q.popleft()
        for m in edges[n]:
            if m not in dist:
                dist[m] = dist[n] + 1
                q.append(m)
    return dist


def check_report_against_go_list(doc, listed, what):
    by_path, edges, roots = graph_of(listed)
    dist = distances(edges, roots)
    expected = sorted(p["ImportPath"] for p in listed if cgo_sources(p))
    got = sorted(p["import_path"] for p in doc["packages"])
    check(got == expected, f"{what}: cgo packages {got} != go list's {expected}")
    check(doc["uses_cgo"] == bool(expected), f"{what}: uses_cgo {doc['uses_cgo']}")
    check(sorted(doc["roots"]) == sorted(roots), f"{what}: roots {doc['roots']} != {roots}")
    for p in doc["packages"]:
        gl = by_path.get(p["import_path"])
        if not check(gl is not None, f"{what}: {p['import_path']} not in go list"):
            continue
        for ours, theirs in (("LDFLAGS", "CgoLDFLAGS"), ("CFLAGS", "CgoCFLAGS"), ("pkg-config", "CgoPkgConfig")):
            check(p["cgo_flags"][ours] == gl.get(theirs, []), f"{what}: {p['import_path']} {ours} {p['cgo_flags'][ours]} != {gl.get(theirs)}")
        kinds = {r["kind"] for r in p["reasons"]}
        if gl.get("CgoFiles"):
            files = {f for r in p["reasons"] if r["kind"] in ("import-C", "std-variant", "runtime-cgo") for f in r["files"]}
            check(files == set(gl["CgoFiles"]), f"{what}: {p['import_path']} import-C files {files} != {gl['CgoFiles']}")
        if gl.get("CFiles"):
            check("c-files" in kinds, f"{what}: {p['import_path']} has C files but no c-files reason")
        check(p["standard"] == bool(gl.get("Standard")), f"{what}: {p['import_path']} standard")
        mod = gl.get("Module")
        if mod:
            check(p["module"] is not None and p["module"]["path"] == mod["Path"]
                  and p["module"]["version"] == mod.get("Version"), f"{what}: {p['import_path']} module {p['module']} != {mod}")
        chains = p["chains"]
        if not check(len(chains) >= 1, f"{what}: {p['import_path']} has no chain"):
            continue
        for chain in chains:
            steps = [s["import_path"] for s in chain]
            check(steps[0] in roots and steps[-1] == p["import_path"], f"{what}: chain {steps} ends")
            for a, b in zip(steps, steps[1:]):
                check(b in edges.get(a, []), f"{what}: chain step {a} -> {b} is no import in go list")
        check(len(chains[0]) == dist.get(p["import_path"]),
              f"{what}: {p['import_path']} chain of {len(chains[0])} is not the shortest ({dist.get(p['import_path'])})")
    # The subgraph: every edge is a real import.
    for e in doc["graph"]["edges"]:
        check(e["to"] in edges.get(e["from"], []), f"{what}: graph edge {e} is no import")


def error_lines(stderr):
    """The go build errors of the kinds crossgo predicts."""
    out = []
    for line in stderr.splitlines():
        m = re.search(r"(build constraints exclude all Go files in \S+|undefined: [\w.]+|Fortran source files not allowed.*)", line)
        if m:
            out.append(m.group(1))
    return out


def check_prediction(e, cwd, doc, pattern, target, what, go="go", tags=None):
    env = e.go_env(target, "0")
    argv = [go, "build", "-o", os.devnull] + (["-tags", tags] if tags else []) + [pattern]
    res = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    predicted = doc["without_cgo"]
    check(predicted["builds"] == (res.returncode == 0),
          f"{what}: predicted CGO_ENABLED=0 builds={predicted['builds']}, go build exit {res.returncode}: {res.stderr[-600:]}")
    real = error_lines(res.stderr)
    for err in predicted["errors"]:
        msg = err["message"]
        check(any(msg in r for r in real) or msg in res.stderr, f"{what}: predicted '{msg}' not in go build's: {res.stderr[-600:]}")
        if err["file"] and err["line"]:
            loc = f"{os.path.basename(err['file'])}:{err['line']}:{err['column']}: {msg}"
            check(loc in res.stderr, f"{what}: predicted position {loc} not in go build's: {res.stderr[-600:]}")
    for r in real:
        check(any(err["message"] in r for err in predicted["errors"]), f"{what}: go build printed '{r}', not predicted")


def chain_scenarios(e, app, go, label):
    for target in TARGETS:
        if go == GO123 or target in ("linux/amd64", "linux/arm64", "windows/amd64"):
            what = f"{label} app {target}"
            res, doc = e.cgo(app, "--json", "--target", target, ".", go=go)
            if not check(res.returncode == 1 and doc, f"{what}: exit {res.returncode}, {res.stderr[:300]}"):
                continue
            listed = go_list(e.go_env(target, "1"), app, ["."], go=go)
            check_report_against_go_list(doc, listed, what)
            c = [p for p in doc["packages"] if p["import_path"] == "example.com/c"]
            if check(c, f"{what}: example.com/c not reported"):
                steps = [s["import_path"] for s in c[0]["chains"][0]]
                check(steps == ["example.com/app", "example.com/a", "example.com/b", "example.com/c"], f"{what}: chain {steps}")
                check(c[0]["without_cgo"]["effect"] == "breaks", f"{what}: c without cgo {c[0]['without_cgo']}")
                check("CG310" in {f["code"] for f in doc["findings"]}, f"{what}: no CG310")
            if target in predicted_targets(go):
                check_prediction(e, app, doc, ".", target, what, go=go)


def predicted_targets(go):
    """Where the prediction is checked with a real `go build` (each target costs a build of the
    standard library for it the first time; go list is checked for every target)."""
    return ("linux/amd64", "linux/arm64") if go == GO123 else ("linux/amd64", "linux/arm64", "windows/amd64", "darwin/arm64")


def scenario_packages(e, app, go, label):
    cases = {
        "./cmd/pure": (0, None),
        "./cmd/fallback": (1, "falls-back"),
        "./cmd/undefined": (1, "breaks"),
        "./cmd/cfiles": (1, None),
        "./cmd/netuser": (1, None),
    }
    for target in ("linux/amd64", "linux/arm64", "windows/amd64", "darwin/arm64"):
        for pattern, (exit_code, effect) in cases.items():
            what = f"{label} {pattern} {target}"
            res, doc = e.cgo(app, "--json", "--target", target, pattern, go=go)
            if not check(doc is not None, f"{what}: exit {res.returncode}: {res.stderr[:300]}"):
                continue
            listed = go_list(e.go_env(target, "1"), app, [pattern], go=go)
            check_report_against_go_list(doc, listed, what)
            if target == "linux/amd64":
                check(res.returncode == exit_code, f"{what}: exit {res.returncode}, wanted {exit_code}")
            if effect:
                own = [p for p in doc["packages"] if not p["standard"]]
                check(own and own[0]["without_cgo"]["effect"] == effect, f"{what}: effect {own and own[0]['without_cgo']}")
            check(res.returncode == (1 if doc["packages"] else 0), f"{what}: exit {res.returncode} with {len(doc['packages'])} packages")
            if target in predicted_targets(go):
                check_prediction(e, app, doc, pattern, target, what, go=go)
    # Tags: net and os/user take their pure-Go variants with netgo and osusergo.
    what = f"{label} netuser tags"
    res, doc = e.cgo(app, "--json", "--tags", "netgo,osusergo", "./cmd/netuser", go=go)
    listed = go_list(e.go_env(None, "1"), app, ["./cmd/netuser"], go=go, tags="netgo,osusergo")
    if check(doc is not None, f"{what}: {res.stderr[:300]}"):
        check_report_against_go_list(doc, listed, what)
        check(res.returncode == 0 and not doc["packages"], f"{what}: exit {res.returncode}, {[p['import_path'] for p in doc['packages']]}")
    res, doc = e.cgo(app, "--json", "--target", "linux/amd64", "./cmd/netuser", go=go)
    if check(doc is not None, f"{label} netuser: {res.stderr[:300]}"):
        kinds = {p["import_path"]: {r["kind"] for r in p["reasons"]} for p in doc["packages"]}
        check("std-variant" in kinds.get("net", set()) and "std-variant" in kinds.get("os/user", set()),
              f"{label} netuser: net/os/user reasons {kinds}")
        check({"CG311"} <= {f["code"] for f in doc["findings"]}, f"{label} netuser: no CG311")


def all_paths(e, app):
    res, doc = e.cgo(app, "--json", "--all-paths", "./...")
    listed = go_list(e.go_env(None, "1"), app, ["./..."])
    if not check(doc is not None, f"all-paths: {res.stderr[:300]}"):
        return
    check_report_against_go_list(doc, listed, "all-paths")
    by_path, edges, roots = graph_of(listed)

    def count(n, target, seen):
        if n == target:
            return 1
        return sum(count(m, target, seen | {m}) for m in edges[n] if m not in seen)

    for p in doc["packages"]:
        want = sum(count(r, p["import_path"], {r}) for r in roots)
        check(len(p["chains"]) == min(want, 64) and p["chains_truncated"] == (want > 64),
              f"all-paths: {p['import_path']}: {len(p['chains'])} chains, go list's graph has {want}")
        check([len(c) for c in p["chains"]] == sorted(len(c) for c in p["chains"]), f"all-paths: {p['import_path']} not shortest first")


def files_view(e, app, go, label):
    pkg = "./internal/constraints"
    targets = TARGETS + (["wasip1/wasm", "js/wasm", "android/arm64", "ios/arm64", "illumos/amd64"] if go == GO123 else ["js/wasm", "android/arm64"])
    for target in targets:
        what = f"{label} --files {target}"
        res, doc = e.cgo(app, "--files", pkg, "--json", "--target", target, go=go)
        if not check(res.returncode == 0 and doc, f"{what}: exit {res.returncode} {res.stderr[:300]}"):
            continue
        check(doc["command"] == "cgo-files" and not doc["disagreements"], f"{what}: disagreements {doc['disagreements']}")
        rows = {f["name"]: f for f in doc["files"]}
        for cgo, key in (("1", "with_cgo"), ("0", "without_cgo")):
            gl = go_list(e.go_env(target, cgo), app, [pkg], go=go, deps=False)[0]
            built = set()
            for k in ("GoFiles", "CgoFiles", "CFiles", "HFiles", "SFiles"):
                built |= set(gl.get(k, []))
            ignored = set(gl.get("IgnoredGoFiles", [])) | set(gl.get("IgnoredOtherFiles", []))
            for name, row in rows.items():
                if name in built:
                    check(row[key]["builds"], f"{what} cgo={cgo}: go list builds {name}, crossgo: {row[key]}")
                elif name in ignored:
                    check(not row[key]["builds"], f"{what} cgo={cgo}: go list ignores {name}, crossgo: {row[key]}")
                elif name.endswith(".go"):
                    check(not row[key]["builds"] and row[key]["rule"] in ("test-file", "ignored-name"),
                          f"{what} cgo={cgo}: {name} not listed by go list, crossgo: {row[key]}")
        check(rows.get("doc_test.go", {}).get("with_cgo", {}).get("rule") == "test-file", f"{what}: doc_test.go")
        check(rows.get("_hidden.go", {}).get("with_cgo", {}).get("rule") == "ignored-name", f"{what}: _hidden.go")
        check(rows.get("usesc.go", {}).get("without_cgo", {}).get("rule") == "cgo-disabled", f"{what}: usesc.go without cgo")


def graphs(e, app, tmp):
    res = subprocess.run([e.crossgo, "cgo", "--format", "dot", "."], cwd=app, env=e.base, capture_output=True, text=True, timeout=300)
    check(res.returncode == 1 and res.stdout.startswith("digraph"), f"dot: exit {res.returncode} {res.stderr[:200]}")
    svg = subprocess.run(["dot", "-Tsvg"], input=res.stdout, capture_output=True, text=True, timeout=60)
    check(svg.returncode == 0 and "<svg" in svg.stdout, f"dot -Tsvg rejects crossgo's DOT: {svg.stderr[:300]}")
    for name in ("example.com/c", "example.com/app", "runtime/cgo"):
        check(f'label="{name}"' in res.stdout, f"dot: no node {name}")
    out = os.path.join(tmp, "graph.svg")
    res = subprocess.run([e.crossgo, "cgo", "--svg", out, "."], cwd=app, env=e.base, capture_output=True, text=True, timeout=300)
    check(res.returncode == 1 and os.path.isfile(out) and "<svg" in open(out).read(), f"--svg: exit {res.returncode} {res.stderr[:200]}")
    check(not [f for f in os.listdir(tmp) if ".crossgo-" in f], "--svg left a temporary file")
    res = subprocess.run([e.crossgo, "cgo", "--format", "mermaid", "."], cwd=app, env=e.base, capture_output=True, text=True, timeout=300)
    lines = res.stdout.splitlines()
    check(res.returncode == 1 and lines and lines[0] == "flowchart LR", f"mermaid: {res.stdout[:100]}")
    declared = set(re.findall(r"^\s*(n\d+)\[", res.stdout, re.M))
    for a, b in re.findall(r"^\s*(n\d+) -[-.]+>(?:\|[^|]*\|)? (n\d+)$", res.stdout, re.M):
        check(a in declared and b in declared, f"mermaid: edge {a}->{b} to an undeclared node")
    check(re.search(r"^\s*n\d+ -", res.stdout, re.M), "mermaid: no edges")
    # No Graphviz on PATH: a clear message, exit 4, nothing written.
    env = dict(e.base, PATH="/nonexistent:/usr/bin:/bin".replace("/usr/bin:/bin", os.path.dirname(shutil.which("go"))))
    if shutil.which("dot", path=env["PATH"]) is None:
        out2 = os.path.join(tmp, "none.svg")
        res = subprocess.run([e.crossgo, "cgo", "--svg", out2, "."], cwd=app, env=env, capture_output=True, text=True, timeout=300)
        check(res.returncode == 4 and "graphviz" in res.stderr.lower() and not os.path.exists(out2),
              f"--svg without dot: exit {res.returncode} {res.stderr[:200]}")


def sqlite(e, tmp):
    if not os.path.isfile(os.path.join(SQLITE_SRC, "go.mod")):
        problems.append(f"{SQLITE_SRC} missing (golang-github-mattn-go-sqlite3-dev)")
        return
    mod = os.path.join(tmp, "sqliteapp")
    os.makedirs(mod)
    with open(os.path.join(mod, "go.mod"), "w") as f:
        f.write("module example.com/sqliteapp\n\ngo 1.19\n\nrequire github.com/mattn/go-sqlite3 v1.14.16\n\n"
                f"replace github.com/mattn/go-sqlite3 => {SQLITE_SRC}\n")
    with open(os.path.join(mod, "main.go"), "w") as f:
        f.write('package main\n\nimport (\n\t"database/sql"\n\t"fmt"\n\n\t_ "github.com/mattn/go-sqlite3"\n)\n\n'
                'func main() {\n\tdb, err := sql.Open("sqlite3", ":memory:")\n\tif err != nil {\n\t\tpanic(err)\n\t}\n'
                '\tvar v string\n\tif err := db.QueryRow("select sqlite_version()").Scan(&v); err != nil {\n\t\tpanic(err)\n\t}\n'
                '\tfmt.Println("sqlite", v)\n}\n')
    res, doc = e.cgo(mod, "--json", ".")
    if not check(res.returncode == 1 and doc, f"sqlite: exit {res.returncode} {res.stderr[:300]}"):
        return
    check_report_against_go_list(doc, go_list(e.go_env(None, "1"), mod, ["."]), "sqlite")
    pkg = [p for p in doc["packages"] if p["import_path"] == "github.com/mattn/go-sqlite3"]
    if check(pkg, "sqlite: go-sqlite3 not reported"):
        check(pkg[0]["module"]["replace"]["path"] == SQLITE_SRC, f"sqlite: module {pkg[0]['module']}")
        steps = [s["import_path"] for s in pkg[0]["chains"][0]]
        check(steps == ["example.com/sqliteapp", "github.com/mattn/go-sqlite3"], f"sqlite: chain {steps}")
    check_prediction(e, mod, doc, ".", None, "sqlite")
    # Built for real with cgo, it runs, and the binary says the same packages call C.
    binary = os.path.join(tmp, "sqliteapp.bin")
    b = subprocess.run(["go", "build", "-o", binary, "."], cwd=mod, env=e.go_env(None, "1"), capture_output=True, text=True, timeout=900)
    if not check(b.returncode == 0, f"sqlite: go build: {b.stderr[-500:]}"):
        return
    run = subprocess.run([binary], capture_output=True, text=True, timeout=60)
    check(run.returncode == 0 and run.stdout.startswith("sqlite 3."), f"sqlite: the program printed {run.stdout!r} {run.stderr[:200]}")
    res, doc = e.cgo(mod, "--json", "--binary", binary, ".")
    if check(doc and doc["binary"], f"sqlite --binary: {res.stderr[:300]}"):
        j = doc["binary"]
        check("github.com/mattn/go-sqlite3" in j["both"] and not j["only_binary"] and not j["only_source"],
              f"sqlite --binary: join {j}")
        check("CG313" not in {f["code"] for f in doc["findings"]}, "sqlite --binary: CG313 although they agree")
    # Built without cgo, the binary calls no C: the join says so (CG313) and why.
    binary0 = os.path.join(tmp, "sqliteapp-nocgo.bin")
    b = subprocess.run(["go", "build", "-o", binary0, "."], cwd=mod, env=e.go_env(None, "0"), capture_output=True, text=True, timeout=900)
    if check(b.returncode == 0, f"sqlite CGO_ENABLED=0 build: {b.stderr[-300:]}"):
        res, doc = e.cgo(mod, "--json", "--binary", binary0, ".")
        if check(doc and doc["binary"], f"sqlite --binary nocgo: {res.stderr[:300]}"):
            j = doc["binary"]
            check(j["only_source"] == ["github.com/mattn/go-sqlite3"] and "CGO_ENABLED=0" in (j["note"] or ""),
                  f"sqlite --binary nocgo: {j}")
            check("CG313" in {f["code"] for f in doc["findings"]}, "sqlite --binary nocgo: no CG313")


def binary_target(e, app, tmp):
    """--binary takes the target from the binary: an arm64 build is analysed for linux/arm64."""
    binary = os.path.join(tmp, "app-arm64")
    env = e.go_env("linux/arm64", "1")
    env["CC"] = "aarch64-linux-gnu-gcc"
    b = subprocess.run(["go", "build", "-o", binary, "."], cwd=app, env=env, capture_output=True, text=True, timeout=900)
    if not check(b.returncode == 0, f"arm64 cgo build: {b.stderr[-300:]}"):
        return
    res, doc = e.cgo(app, "--json", "--binary", binary, ".")
    if check(doc, f"--binary arm64: {res.stderr[:300]}"):
        check(doc["target"]["goarch"] == "arm64", f"--binary arm64: analysed for {doc['target']}")
        check(doc["binary"]["both"] == ["example.com/c"] and not doc["binary"]["only_source"], f"--binary arm64: {doc['binary']}")


def failures(e, tmp):
    empty = os.path.join(tmp, "nomodule")
    os.makedirs(empty)
    res = subprocess.run([e.crossgo, "cgo"], cwd=empty, env=e.base, capture_output=True, text=True, timeout=120)
    check(res.returncode == 3 and ("go.mod" in res.stderr or "main module" in res.stderr), f"no module: exit {res.returncode} {res.stderr[:200]}")
    res = subprocess.run([e.crossgo, "cgo", "--go", "/nonexistent/go", "."], cwd=empty, env=e.base, capture_output=True, text=True, timeout=60)
    check(res.returncode == 3, f"missing go: exit {res.returncode} {res.stderr[:200]}")
    res = subprocess.run([e.crossgo, "cgo", "--format", "png"], cwd=empty, env=e.base, capture_output=True, text=True, timeout=60)
    check(res.returncode == 2, f"--format png: exit {res.returncode}")
    res = subprocess.run([e.crossgo, "cgo", "--target", "linux/arm65"], cwd=empty, env=e.base, capture_output=True, text=True, timeout=60)
    check(res.returncode == 2, f"bad target: exit {res.returncode}")


def main():
    args = parse_args()
    if shutil.which("go") is None:
        print("SKIP: no go")
        return SKIP
    src = os.path.join(args.source, "testdata", "go", "cgochain")
    with tempfile.TemporaryDirectory() as tmp:
        home = os.path.join(tmp, "home")
        os.makedirs(home)
        e = Env(args, home)
        # A copy, so that nothing the go command might write lands in the repository.
        root = os.path.join(tmp, "cgochain")
        shutil.copytree(src, root)
        app = os.path.join(root, "app")
        gos = [("go", "go1.19")] + ([(GO123, "go1.23")] if os.path.exists(GO123) else [])
        for go, label in gos:
            chain_scenarios(e, app, go, label)
            scenario_packages(e, app, go, label)
            files_view(e, app, go, label)
        all_paths(e, app)
        graphs(e, app, tmp)
        sqlite(e, tmp)
        binary_target(e, app, tmp)
        failures(e, tmp)
    for p in problems:
        print("FAIL:", p)
    print(f"cgo oracle: {checks} checks, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
