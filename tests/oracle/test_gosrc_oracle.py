#!/usr/bin/env python3
"""src/gosrc against Go itself.

- File decisions: for Go 1.19 (`go`) and Go 1.23 (/usr/lib/go-1.23/bin/go, when installed) and a
  set of targets, `go list -e -json std ./...` (every std package directory, plus a generated
  module whose files carry diverse names and constraints) against tests/tools/gosrc_decide run
  with the build context `go list` states. Every directory entry must land where go/build put it:
  GoFiles/CgoFiles (builds), TestGoFiles/XTestGoFiles (test-file), IgnoredGoFiles, InvalidGoFiles,
  the C/C++/ObjC/header/Fortran/assembly/SWIG/syso lists, IgnoredOtherFiles, or no list at all.
- Full scan: package-level declaration names against go/parser + go/ast (a helper run with `go
  run`), and every identifier go/ast leaves unresolved (not predeclared) must be among the uses.

Skips (77) when no `go` is installed or the tool was not built."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from fixture_lib import parse_args  # noqa: E402

TARGETS = [  # (GOOS, GOARCH, CGO_ENABLED)
    ("linux", "amd64", "1"), ("linux", "amd64", "0"), ("linux", "arm64", "0"), ("windows", "amd64", "0"),
    ("darwin", "arm64", "1"), ("android", "arm64", "0"), ("illumos", "amd64", "0"), ("ios", "arm64", "0"),
    ("js", "wasm", "0"), ("wasip1", "wasm", "0"), ("freebsd", "riscv64", "0"), ("aix", "ppc64", "0"),
]

BUILD_LISTS = ["GoFiles", "CgoFiles", "CFiles", "CXXFiles", "MFiles", "HFiles", "FFiles", "SFiles",
               "SwigFiles", "SwigCXXFiles", "SysoFiles"]
LIST_KIND = {"CFiles": "c", "CXXFiles": "cxx", "MFiles": "objc", "HFiles": "header", "FFiles": "fortran",
             "SFiles": "assembly", "SwigFiles": "swig", "SwigCXXFiles": "swigcxx", "SysoFiles": "syso",
             "GoFiles": "go", "CgoFiles": "go"}

# The generated module: name -> content. Each exercises one rule of go/build.
P = "package p\n"
MODULE_FILES = {
    "go.mod": "module example.com/m\n\ngo 1.19\n",
    "p/a.go": P, "p/b_linux.go": P, "p/c_linux_arm64.go": P, "p/d_arm64.go": P, "p/e_windows.go": P,
    "p/f_wasip1.go": P, "p/f_wasip1_wasm.go": P, "p/g_test.go": P, "p/h_test.go": "package p_test\n",
    "p/x_linux_test.go": P, "p/_skip.go": P, "p/.hidden.go": P, "p/linux.go": P, "p/k_unknownos.go": P,
    "p/l_unix.go": P, "p/m_android.go": P, "p/n_solaris.go": P, "p/o_darwin.go": P, "p/q_ios.go": P,
    "p/r_illumos.go": P, "p/s_js_wasm.go": P, "p/t_linux.pb.go": P, "p/u_amd64_test.go": P,
    "p/gb_and.go": "//go:build linux && !cgo\n\n" + P,
    "p/gb_or.go": "//go:build (darwin || ios) && arm64\n\n" + P,
    "p/gb_not_paren.go": "//go:build !(linux || windows)\n\n" + P,
    "p/gb_unix.go": "//go:build unix\n\n" + P,
    "p/gb_not_unix.go": "//go:build !unix\n\n" + P,
    "p/gb_ignore.go": "//go:build ignore\n\n" + P,
    "p/gb_cgo.go": "//go:build cgo\n\n" + P,
    "p/gb_release.go": "//go:build go1.21\n\n" + P,
    "p/gb_gc.go": "//go:build gc && go1.19\n\n" + P,
    "p/gb_boring.go": "//go:build boringcrypto\n\n" + P,
    "p/gb_solaris.go": "//go:build solaris\n\n" + P,
    "p/gb_after_pkg.go": P + "\n//go:build ignore\n",
    "p/gb_in_block.go": "/*\n//go:build ignore\n*/\n\n" + P,
    "p/gb_noblank.go": "//go:build ignore\n" + P,
    "p/gb_doc_between.go": "// Copyright line\n//go:build ignore\n// Package doc.\n" + P,
    "p/gb_spaces.go": "   //go:build   windows   \n\n" + P,
    "p/gb_notbuild.go": "//go:builder ignore\n\n" + P,
    "p/gb_bom.go": "\ufeff//go:build ignore\n\n" + P,
    "p/gb_wins.go": "//go:build linux\n// +build windows\n\n" + P,
    "p/pb_old.go": "// +build linux,amd64 darwin\n// +build !cgo\n\n" + P,
    "p/pb_noblank.go": "// +build ignore\n" + P,
    "p/pb_nospace.go": "//+build ignore\n\n" + P,
    "p/pb_bad.go": "// +build !!linux\n\n" + P,
    "p/pb_negbad.go": "// +build !linux-x\n\n" + P,
    "p/pb_empty.go": "// +build\n\n" + P,
    "p/pb_after_block.go": "/* x */\n// +build ignore\n\n" + P,
    "p/pb_buildx.go": "// +buildx ignore\n\n" + P,
    "p/cgo_a.go": "package p\n\n// #cgo LDFLAGS: -lm\n// #include <math.h>\nimport \"C\"\n",
    "p/cgo_b.go": "package p\n\nimport (\n\t\"fmt\"\n\t. \"strings\"\n\t_ \"os\"\n\tC \"C\"\n)\n\nvar _ = fmt.Sprint\nvar _ = Contains\n",
    "p/doc.go": "package documentation\n",
    "p/syn2.go": "//go:build ignore\n\npackage p\nimport (\n",
    "p/nul_after.go": "package p\nfunc f() {}\n// \x00\n",
    "p/c1.c": "//go:build linux\n\nint x;\n", "p/c2_windows.c": "int y;\n", "p/c3.c": "/* +build ignore */\n// +build ignore\n\nint z;\n",
    "p/h1.h": "// +build ignore\n\n", "p/h2_darwin.h": "", "p/asm_amd64.s": "", "p/asm2.S": "//go:build linux\n\n",
    "p/asm3.sx": "", "p/x.cc": "", "p/x.cpp": "//go:build windows\n\n", "p/x.cxx": "", "p/y.m": "", "p/z.f": "",
    "p/z.F": "", "p/z.for": "", "p/z.f90": "", "p/s.swig": "", "p/sc.swigcxx": "", "p/q.syso": "\x00\x01",
    "p/q_windows.syso": "", "p/hh.hh": "", "p/hp.hpp": "", "p/hx.hxx": "", "p/README.txt": "", "p/noext": "",
    "p/X.GO": P,
    "q/q.go": "package q\n\n/*\n#cgo CFLAGS: -DX=1\n#include <stdio.h>\n*/\nimport \"C\"\n",
    "q/asm.S": "", "q/q.c": "",
}

# Files go/build cannot use, each in a directory of its own after an a.go: Go 1.19 stops reading
# a directory at the first file whose constraint does not parse (listing it nowhere, and nothing
# after it); Go 1.23 lists a bad .go file in InvalidGoFiles and a bad C file in IgnoredOtherFiles.
BAD_FILES = {
    "gb_bad.go": "//go:build linux &&\n\n" + P, "gb_bad2.go": "//go:build linux & amd64\n\n" + P,
    "gb_dneg.go": "//go:build !!linux\n\n" + P, "gb_multi.go": "//go:build linux\n//go:build amd64\n\n" + P,
    "gb_paren.go": "//go:build (linux\n\n" + P, "gb_empty.go": "//go:build\n\n" + P,
    "syn.go": "package p\nimport \"fmt\n", "nul.go": "package p\n// \x00\n", "cbad.c": "//go:build linux &&\n\n",
    "nopkg.go": "// just a comment\n", "cgo_test.go": "package p\n\nimport \"C\"\n",
}
for i, (name, content) in enumerate(sorted(BAD_FILES.items())):
    MODULE_FILES[f"bad{i}/a.go"] = P
    MODULE_FILES[f"bad{i}/{name}"] = content

AST_HELPER = r'''package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
)

func main() {
	for _, name := range os.Args[1:] {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, nil, 0)
		out := map[string]interface{}{"file": name}
		if err != nil {
			out["error"] = err.Error()
		}
		decls := []string{}
		unresolved := [][]interface{}{}
		if f != nil {
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Recv == nil && d.Name.Name != "_" {
						decls = append(decls, "func "+d.Name.Name)
					}
				case *ast.GenDecl:
					for _, s := range d.Specs {
						switch s := s.(type) {
						case *ast.ValueSpec:
							for _, n := range s.Names {
								if n.Name != "_" {
									decls = append(decls, d.Tok.String()+" "+n.Name)
								}
							}
						case *ast.TypeSpec:
							if s.Name.Name != "_" {
								decls = append(decls, "type "+s.Name.Name)
							}
						}
					}
				}
			}
			for _, id := range f.Unresolved {
				if types.Universe.Lookup(id.Name) != nil {
					continue
				}
				p := fset.Position(id.Pos())
				unresolved = append(unresolved, []interface{}{id.Name, p.Line, p.Column})
			}
		}
		out["decls"] = decls
		out["unresolved"] = unresolved
		b, _ := json.Marshal(out)
		fmt.Println(string(b))
	}
}
'''


def json_stream(text):
    dec = json.JSONDecoder()
    i, out = 0, []
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return out
        obj, i = dec.raw_decode(text, i)
        out.append(obj)


class Oracle:
    def __init__(self, tool, work):
        self.tool = tool
        self.work = work
        # The build cache survives runs (next to the tool, in the build tree): compiling the go/types
        # helper from nothing is most of this test's time.
        self.gocache = os.path.join(os.path.dirname(os.path.abspath(tool)), "gosrc-oracle-gocache")
        self.problems = []
        self.files_compared = 0
        self.runs = []

    def env(self, goos, goarch, cgo):
        env = {k: v for k, v in os.environ.items() if not k.startswith("GO") and k != "CGO_ENABLED"}
        env.update({"HOME": self.work, "GOPATH": os.path.join(self.work, "gopath"),
                    "GOCACHE": self.gocache, "GOFLAGS": "", "GOPROXY": "off",
                    "GOTOOLCHAIN": "local", "GOOS": goos, "GOARCH": goarch, "CGO_ENABLED": cgo,
                    "GOWORK": "off"})
        return env

    def problem(self, text):
        self.problems.append(text)
        if len(self.problems) <= 60:
            print("DISAGREE", text)

    def context(self, go, env, moddir):
        fmt = ("{{context.GOOS}}|{{context.GOARCH}}|{{context.CgoEnabled}}|{{join context.BuildTags \",\"}}|"
               "{{join context.ToolTags \",\"}}|{{join context.ReleaseTags \",\"}}|{{context.Compiler}}")
        out = subprocess.run([go, "list", "-f", fmt, "unsafe"], env=env, cwd=moddir, capture_output=True,
                             text=True, check=True).stdout.strip()
        goos, goarch, cgo, tags, tool_tags, release_tags, compiler = out.split("|")
        minor = max(int(t[4:]) for t in release_tags.split(",") if t.startswith("go1."))
        return ["--goos", goos, "--goarch", goarch, "--cgo", "1" if cgo == "true" else "0", "--tags", tags,
                "--tool-tags", tool_tags, "--release-tags", release_tags, "--compiler", compiler,
                "--go-minor", str(minor)], minor

    def compare_target(self, go, goos, goarch, cgo, moddir):
        env = self.env(goos, goarch, cgo)
        args, minor = self.context(go, env, moddir)
        if goos == "wasip1" and minor < 21:
            return
        res = subprocess.run([go, "list", "-e", "-json", "std", "./..."], env=env, cwd=moddir,
                             capture_output=True, text=True)
        packages = json_stream(res.stdout)
        label = f"go1.{minor} {goos}/{goarch} cgo={cgo}"
        if not packages:  # a port this Go does not have (freebsd/riscv64 before Go 1.20)
            self.runs.append(f"{label}: not a port of this Go ({res.stderr.strip()[:80]})")
            return
        before = self.files_compared
        for pkg in packages:
            d = pkg.get("Dir")
            if not d or not os.path.isdir(d):
                continue
            out = subprocess.run([self.tool, *args, d], capture_output=True, text=True, check=True).stdout
            self.compare_package(label, pkg, [json.loads(line) for line in out.splitlines()])
        self.runs.append(f"{label}: {len(packages)} packages, {self.files_compared - before} files")

    def compare_package(self, label, pkg, decisions):
        where = {}
        for lst in BUILD_LISTS + ["TestGoFiles", "XTestGoFiles", "IgnoredGoFiles", "InvalidGoFiles",
                                  "IgnoredOtherFiles"]:
            for name in pkg.get(lst) or []:
                where.setdefault(name, set()).add(lst)
        has_cgo = bool(pkg.get("CgoFiles"))
        for dec in decisions:
            self.files_compared += 1
            name, rule, kind = dec["name"], dec["rule"], dec["kind"]
            lists = where.get(name, set())
            ctx = f"{label} {pkg.get('ImportPath')}/{name}: crossgo {rule} ({dec['reason']}), go list {sorted(lists) or 'none'}"
            if rule == "bad-constraint":
                # Go 1.23 files a C file whose constraint does not parse as IgnoredOtherFiles; a Go
                # file (and, in 1.19, any file) is only named in the package's Error.
                ok = lists in ({"IgnoredOtherFiles"}, {"InvalidGoFiles"}, set())
            elif lists == {"IgnoredGoFiles", "InvalidGoFiles"}:
                # Excluded by its constraint, and its header does not parse either.
                ok = rule in ("constraint", "file-name", "cgo-disabled") and bool(dec.get("header_error"))
            elif "InvalidGoFiles" in lists:
                ok = rule == "unreadable" or (rule == "test-file" and dec["imports_c"])
            elif rule in ("ignored-name", "not-source"):
                ok = not lists
            elif rule == "test-file":
                ok = lists <= {"TestGoFiles", "XTestGoFiles"} and bool(lists)
            elif kind == "go":
                if rule == "builds":
                    ok = lists == ({"CgoFiles"} if dec["imports_c"] else {"GoFiles"})
                else:
                    ok = lists == {"IgnoredGoFiles"}
            elif rule == "builds":
                if kind == "assembly" and (name.endswith(".S") or name.endswith(".sx")) and not has_cgo:
                    ok = lists == {"IgnoredOtherFiles"}  # build.go Import: .S/.sx only with cgo files
                else:
                    ok = len(lists) == 1 and LIST_KIND.get(next(iter(lists))) == kind
            else:
                ok = lists == {"IgnoredOtherFiles"}
            if not ok:
                self.problem(ctx)
        names = {d["name"] for d in decisions}
        for name in where:
            if name not in names:
                self.problem(f"{label} {pkg.get('ImportPath')}/{name}: listed by go list, not seen by crossgo")

    def compare_scan(self, go, moddir):
        env = self.env("linux", "amd64", "1")
        res = subprocess.run([go, "list", "-e", "-json", "net", "os/user", "runtime/cgo", "fmt", "go/types",
                              "os", "syscall", "example.com/m/q"], env=env, cwd=moddir, capture_output=True,
                             text=True)
        files = []
        for pkg in json_stream(res.stdout):
            for lst in ("GoFiles", "CgoFiles", "TestGoFiles", "XTestGoFiles", "IgnoredGoFiles"):
                files += [os.path.join(pkg["Dir"], n) for n in pkg.get(lst) or []]
        files = sorted(set(files))
        ast = {}
        helper = os.path.join(moddir, "astdump")
        for i in range(0, len(files), 400):
            out = subprocess.run([go, "run", helper, *files[i:i + 400]], env=env, cwd=moddir,
                                 capture_output=True, text=True, check=True).stdout
            for line in out.splitlines():
                obj = json.loads(line)
                ast[obj["file"]] = obj
        mine = {}
        for i in range(0, len(files), 400):
            out = subprocess.run([self.tool, "--scan", *files[i:i + 400]], capture_output=True, text=True,
                                 check=True).stdout
            for line in out.splitlines():
                obj = json.loads(line)
                mine[obj["file"]] = obj
        uses_checked = 0
        for f in files:
            a, m = ast.get(f), mine.get(f)
            if a is None or m is None:
                self.problem(f"scan {f}: missing output")
                continue
            if a.get("error"):
                continue
            if m["error"]:
                self.problem(f"scan {f}: crossgo error {m['error']}")
                continue
            want = sorted(a["decls"])
            got = sorted(f"{kind} {name}" for name, kind, _ in m["declarations"])
            if want != got:
                self.problem(f"scan {f}: declarations differ: go only {sorted(set(want) - set(got))[:8]}, "
                             f"crossgo only {sorted(set(got) - set(want))[:8]}")
            uses = {(n, p[0], p[1]) for n, p in m["uses"]}
            for name, line, col in a["unresolved"]:
                uses_checked += 1
                if (name, line, col) not in uses:
                    self.problem(f"scan {f}:{line}:{col}: unresolved {name} not among crossgo's uses")
        self.runs.append(f"full scan ({go}): {len(files)} files, {uses_checked} unresolved identifiers checked")


def go_minor(go):
    out = subprocess.run([go, "env", "GOVERSION"], capture_output=True, text=True).stdout.strip()
    return out


def main():
    args = parse_args()
    tool = os.environ.get("GOSRC_DECIDE") or os.path.join(os.path.dirname(args.crossgo), "tests", "gosrc_decide")
    if not os.access(tool, os.X_OK):
        print(f"SKIP: {tool} not built")
        return SKIP
    gos = [g for g in (shutil.which("go"), "/usr/lib/go-1.23/bin/go") if g and os.access(g, os.X_OK)]
    if not gos:
        print("SKIP: no go toolchain")
        return SKIP
    work = tempfile.mkdtemp(prefix="crossgo-gosrc-")
    try:
        moddir = os.path.join(work, "m")
        for rel, content in MODULE_FILES.items():
            path = os.path.join(moddir, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(content.encode("utf-8"))
        os.makedirs(os.path.join(moddir, "astdump"))
        with open(os.path.join(moddir, "astdump", "main.go"), "w") as f:
            f.write(AST_HELPER)
        oracle = Oracle(tool, work)
        seen_versions = set()
        for go in gos:
            version = go_minor(go)
            if version in seen_versions:
                continue
            seen_versions.add(version)
            for goos, goarch, cgo in TARGETS:
                oracle.compare_target(go, goos, goarch, cgo, moddir)
        for go in dict.fromkeys(gos):  # each Go's own sources, parsed by its own go/parser
            oracle.compare_scan(go, moddir)
        for line in oracle.runs:
            print(line)
        print(f"{oracle.files_compared} file decisions compared, {len(oracle.problems)} disagreements")
        return 1 if oracle.problems else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
