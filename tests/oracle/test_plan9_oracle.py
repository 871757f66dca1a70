#!/usr/bin/python3
"""Plan 9 a.out fixtures (plan9/386, plan9/amd64, plan9/arm): crossgo vs independent readers.

For every manifest fixture with "format": "plan9", runs `crossgo inspect --json` and compares:
  - Go's own reader: a small Go program run with `go run` at test time that prints what
    debug/plan9obj reads (magic, pointer size, load address, header size, bss, every section's
    name, size and offset, and the symbol table) as JSON: magic, the five section sizes, the
    header expansion, goarch from the magic, the text address (LoadAddress + HdrSize, which
    must also be the runtime.text symbol on 386/arm) and the data address (the lowest data or
    bss symbol: where Go's linker really put data);
  - `file` (libmagic knows 386 and ARM Plan 9 executables): architecture;
  - `go version -m` and `go tool buildid` of the toolchain that built the fixture; for a
    buildinfo-removed copy, that crossgo still finds the original's Go version (manifest
    "go_version") and says where it found it;
  - what a.out(6) implies: goos plan9, kind executable, linkage static, libc none, no libraries.
Exit 0 when everything matches, 1 on a mismatch, 77 when the fixtures were never built.
"""
import json
import os
import sys
import tempfile

from fixture_lib import SKIP, inspect_artifacts, load_manifest, parse_args
import subprocess

from test_go_buildinfo import TIMEOUT, compare, go_env, parse_go_version_m, run

TOOLCHAINS = {"go1.19": "/usr/lib/go-1.19/bin/go", "go1.23": "/usr/lib/go-1.23/bin/go"}
READER_GO = r'''
package main

import (
	"debug/plan9obj"
	"encoding/json"
	"os"
)

type section struct {
	Name   string
	Size   uint32
	Offset uint32
}

func main() {
	out := map[string]any{}
	for _, path := range os.Args[1:] {
		f, err := plan9obj.Open(path)
		if err != nil {
			out[path] = map[string]any{"error": err.Error()}
			continue
		}
		r := map[string]any{"magic": f.Magic, "bss": f.Bss, "entry": f.Entry, "ptrsize": f.PtrSize,
			"load_address": f.LoadAddress, "hdrsize": f.HdrSize}
		var secs []section
		for _, s := range f.Sections {
			secs = append(secs, section{s.Name, s.Size, s.Offset})
		}
		r["sections"] = secs
		syms, err := f.Symbols()
		n, lowData := 0, uint64(0)
		symvals := map[string]uint64{}
		for _, s := range syms {
			if s.Type == 'z' || s.Type == 'Z' {
				continue
			}
			n++
			switch s.Type {
			case 'D', 'd', 'B', 'b':
				if s.Value > f.LoadAddress+f.HdrSize+uint64(f.Sections[0].Size) && (lowData == 0 || s.Value < lowData) {
					lowData = s.Value
				}
			}
			if s.Name == "runtime.text" {
				symvals[s.Name] = s.Value
			}
		}
		r["symbols"], r["low_data"], r["symvals"] = n, lowData, symvals
		if err != nil {
			r["symbols_error"] = err.Error()
		}
		f.Close()
		out[path] = r
	}
	json.NewEncoder(os.Stdout).Encode(out)
}
'''
GOARCH_OF_MAGIC = {0x1EB: "386", 0x8A97: "amd64", 0x647: "arm"}
FILE_ARCH = {"Intel 386": "386", "ARM": "arm"}


def toolchain_go(fx):
    tc = fx.get("toolchain") or ""
    for prefix, path in TOOLCHAINS.items():
        if tc.startswith(prefix) and os.path.exists(path):
            return path
    return None


def go_reader(paths, env, tmp):
    """debug/plan9obj's view of each file (Go 1.23's reader when installed, else 1.19's)."""
    go = next((p for p in reversed(TOOLCHAINS.values()) if os.path.exists(p)), None)
    src = os.path.join(tmp, "plan9dump")
    os.makedirs(src, exist_ok=True)
    with open(os.path.join(src, "main.go"), "w") as f:
        f.write(READER_GO.replace("map[string]any", "map[string]interface{}"))
    with open(os.path.join(src, "go.mod"), "w") as f:
        f.write("module plan9dump\n\ngo 1.19\n")
    res = subprocess.run([go, "run", "."] + paths, env=dict(env, GOPROXY="off"), cwd=src, capture_output=True,
                         text=True, timeout=TIMEOUT)
    if res.returncode != 0:
        raise RuntimeError("go run of the debug/plan9obj reader failed: " + res.stderr)
    return json.loads(res.stdout)


def main():
    args = parse_args()
    fixtures = [f for f in load_manifest(args.fixtures) if f.get("format") == "plan9"]
    if not fixtures:
        print("SKIP: the manifest has no Plan 9 fixtures")
        return SKIP
    paths = [os.path.abspath(os.path.join(args.fixtures, f["file"])) for f in fixtures]
    got_all = {a["path"]: a for a in inspect_artifacts(args.crossgo, paths)}
    tmp = tempfile.mkdtemp(prefix="plan9-oracle-")
    env = go_env(tmp)
    gor = go_reader(paths, env, tmp)
    problems, checked = [], 0

    def check(name, field, got, want):
        nonlocal checked
        checked += 1
        if got != want:
            problems.append(f"{name}: {field}: crossgo {got!r}, oracle {want!r}")

    for fx, path in zip(fixtures, paths):
        name = fx["name"]
        a = got_all.get(path)
        g = gor.get(path, {})
        if a is None or a.get("error") or "error" in g:
            problems.append(f"{name}: not read: crossgo {a and a.get('error')}, debug/plan9obj {g.get('error')}")
            continue
        d = (a.get("details") or {}).get("plan9") or {}
        check(name, "format", a["format"], "plan9")
        check(name, "magic", int(d.get("magic", "0"), 16), g["magic"])
        check(name, "goarch", a["goarch"], GOARCH_OF_MAGIC.get(g["magic"]))
        check(name, "goarch (manifest)", a["goarch"], fx.get("goarch"))
        check(name, "bits", a["bits"], 8 * g["ptrsize"])
        check(name, "has_header_expansion", d.get("has_header_expansion"), g["hdrsize"] == 40)
        sizes = {s["Name"]: s["Size"] for s in g["sections"]}
        check(name, "section names", [s["Name"] for s in g["sections"]], ["text", "data", "syms", "spsz", "pcsz"])
        for key, sec in (("text_size", "text"), ("data_size", "data"), ("syms_size", "syms"),
                         ("sp_size", "spsz"), ("pc_size", "pcsz")):
            check(name, key, d.get(key), sizes.get(sec))
        check(name, "bss_size", d.get("bss_size"), g["bss"])
        check(name, "entry_field", int(d.get("entry_field", "0"), 16), g["entry"] & 0x7FFFFFFF)
        text_addr = g["load_address"] + g["hdrsize"]
        check(name, "text_addr", int(d.get("text_addr", "0"), 16), text_addr)
        if g["ptrsize"] == 4 and "runtime.text" in g["symvals"]:
            check(name, "text_addr == runtime.text", int(d.get("text_addr", "0"), 16), g["symvals"]["runtime.text"])
        if g["low_data"]:
            check(name, "data_addr (lowest data symbol)", int(d.get("data_addr", "0"), 16), g["low_data"])
        check(name, "stripped", (a.get("hardening") or {}).get("stripped"), g["symbols"] == 0)
        desc = run(["file", "-b", path]).stdout
        if desc.startswith("Plan 9 executable"):
            arch = next((v for k, v in FILE_ARCH.items() if k in desc), None)
            check(name, "goarch (file)", a["goarch"], arch)
        check(name, "goos", a["goos"], "plan9")
        check(name, "kind", a["kind"], "executable")
        check(name, "linkage", a["linkage"], "static")
        check(name, "libc", a["libc"]["flavour"], "none")
        check(name, "needed", a["needed"], [])
        go = toolchain_go(fx)
        if not go:
            problems.append(f"{name}: toolchain {fx.get('toolchain')!r} is not installed")
            continue
        gj = a.get("go") or {}
        if fx.get("derivation") == "buildinfo-removed":
            check(name, "go.main", gj.get("main"), None)
            want = fx.get("go_version") or run([go, "env", "GOVERSION"], env=env).stdout.strip()
            check(name, "go.version", gj.get("version"), want)
            checked += 1
            if not gj.get("version_source") or gj.get("version_source") == "buildinfo":
                problems.append(f"{name}: version_source {gj.get('version_source')!r} for a copy without build info")
        else:
            # Go 1.19's debug/buildinfo cannot read Plan 9 files (it looks at file offsets of a
            # section it takes for addresses); 1.23's can: ask the newest installed toolchain.
            reader = TOOLCHAINS["go1.23"] if os.path.exists(TOOLCHAINS["go1.23"]) else go
            res = run([reader, "version", "-m", path], env=env)
            if res.returncode != 0:
                problems.append(f"{name}: go version -m failed: {res.stderr.strip()}")
            else:
                compare(name, gj, parse_go_version_m(res.stdout.rstrip("\n"), path), problems)
                checked += 1
                check(name, "go.version_source", gj.get("version_source"), "buildinfo")
        res = run([go, "tool", "buildid", path], env=env)
        if res.returncode == 0:
            check(name, "go.build_id", gj.get("build_id"), res.stdout.strip())
        else:
            problems.append(f"{name}: go tool buildid failed: {res.stderr.strip()}")
    print(f"plan9 oracle: {len(fixtures)} fixtures, {checked} comparisons, {len(problems)} mismatches")
    for p in problems:
        print("MISMATCH " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
