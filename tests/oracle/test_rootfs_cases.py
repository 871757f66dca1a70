#!/usr/bin/env python3
"""crossgo rootfs on the expected-outcome cases of tests/rootfs/build-rootfs.sh (its manifest.json
"cases"): RPATH inherited and RUNPATH not, LD_LIBRARY_PATH, $ORIGIN, a wrong-architecture library
skipped (glibc) or fatal (musl), symbolic link loops that end a search, a missing GLIBC_2.34 and
GLIBCXX_3.4.29 on Debian 11, a glibc program in a musl root, musl's .path file against its default
path, a tar archive, an OCI image whose layers white out a library and make a directory opaque, the
same image as a docker archive and behind a two-platform index.

Each case is first checked against the real loader (rootfs_lib.run_loader; glibc's LD_DEBUG=libs
also shows which search list found each library and which files it tried and passed over), so the
expectation itself is re-proved on every run; then crossgo must report the same outcome, the same
paths, rules, findings and verdict, and agree with the loader on everything else it lists.
Finally the command line: exit codes 0/1/2/3, --platform, text output.
"""
import json
import os
import subprocess
import sys

from rootfs_lib import (CG_INTERP_MISSING, CG_LIB_MISSING, CG_STATIC, CG_VERSION_MISSING, CG_WRONG_ARCH, EM_NAMES,
                        SKIP, Checker, case_file, compare_with_loader, crossgo_rootfs, elf_facts, exec_fails_enoent,
                        file_entries, file_in_root, findings, glibc_search_phases, host_path,
                        interpreter_state, libraries_of, load_manifest, loader_tried, needed_depths, parse_args,
                        resolve_in_root, rootfs_dir, run_loader, search_dirs)


def wrong_machine(oracle_root, root, path):
    real = resolve_in_root(oracle_root, path) if path else None
    facts = elf_facts(host_path(oracle_root, real)) if real else None
    return facts is not None and facts.machine != EM_NAMES[root["arch"]]


def rule_fits(rule, soname, run, phase, oracle_root, file, env):
    """Whether RULE can be how glibc's loader found SONAME: the cache and the default directories
    by the phase of the search the trace shows, a search list by its phase and by the library's
    directory being on that list: LD_LIBRARY_PATH, the DT_RUNPATH of an object needing SONAME (it
    serves only the object's own DT_NEEDED), or the DT_RPATH of any object loaded (inherited down
    the chain; an object with a DT_RUNPATH has its DT_RPATH ignored)."""
    path = run.libraries.get(soname)
    if path is None:
        return False
    if rule in ("cache", "system_dirs"):
        return phase == {"cache": "cache", "system_dirs": "default"}[rule]
    if phase != "search_list":
        return False
    lib_dir = os.path.dirname(path)
    if rule == "ld_library_path":
        return lib_dir in env.get("LD_LIBRARY_PATH", "").split(":")
    for obj in [file] + [p for p in run.libraries.values() if p]:
        real = resolve_in_root(oracle_root, obj) if file_in_root(oracle_root, obj) else None
        facts = elf_facts(host_path(oracle_root, real) if real else obj)
        if facts is None or lib_dir not in search_dirs(facts, os.path.dirname(obj), rule):
            continue
        if (rule == "runpath" and soname in facts.needed) or (rule == "rpath" and not facts.runpath):
            return True
    return False


def check_loader(case, file, root, oracle_root, ck):
    """The case's expectation against the real loader; returns (run, PT_INTERP, its real path)."""
    exp, what = case["expect"], f"loader {case['name']}"
    glibc = root["libc"] == "glibc"
    run = run_loader(root, oracle_root, file, env=case["loader_env"], debug=glibc)
    interp, interp_real = interpreter_state(root, oracle_root, file)
    ck.expect(f"{what}: output understood", not run.unparsed, f"{run.unparsed[:3]}")
    ck.expect(f"{what}: oracle trustworthy", not run.oracle_problems, f"{run.oracle_problems}")
    want_interp = exp.get("interpreter") or {}
    if "requested" in want_interp:
        ck.expect(f"{what}: PT_INTERP {want_interp['requested']}", interp == want_interp["requested"], f"{interp}")
    if exp.get("interpreter_missing"):
        ck.expect(f"{what}: interpreter {interp} not in the root", interp and interp_real is None, f"{interp_real}")
        if not root.get("qemu"):
            # qemu would look for a missing interpreter on the host: only the native kernel can say.
            ck.expect(f"{what}: exec in the root fails with ENOENT", exec_fails_enoent(oracle_root, file))
        return run, interp, interp_real
    if interp:
        ck.expect(f"{what}: interpreter {interp} present", interp_real is not None)
    if "real_path" in want_interp:
        ck.expect(f"{what}: interpreter real path", interp_real == want_interp["real_path"], f"{interp_real}")
    if exp.get("static"):
        ck.expect(f"{what}: statically linked", run.static, run.stdout[:200])
    ck.expect(f"{what}: loads {exp['loads']}", run.loads is exp["loads"],
              f"libraries {run.libraries}, versions {run.versions}, errors {run.errors[:2]}")
    for soname, path in exp.get("libraries", {}).items():
        ck.expect(f"{what}: {soname} => {path}", run.libraries.get(soname) == path, f"{run.libraries.get(soname)}")
    for soname in exp.get("missing", []):
        ck.expect(f"{what}: {soname} not found", soname in run.libraries and run.libraries[soname] is None,
                  f"{run.libraries}")
    if glibc:  # musl has no search trace; its rules are from ldso/dynlink.c (see build-rootfs.sh)
        phases = glibc_search_phases(run)
        for soname, rule in exp.get("rules", {}).items():
            ck.expect(f"{what}: {soname} found by {rule}",
                      rule_fits(rule, soname, run, phases.get(soname), oracle_root, file, case["loader_env"]),
                      f"LD_DEBUG: tried in phase {phases.get(soname)}")
        tried = loader_tried(run)
        for sk in exp.get("skipped", []):
            ck.expect(f"{what}: {sk['path']} tried and passed over",
                      sk["path"] in tried and run.libraries.get(sk["soname"]) != sk["path"],
                      f"tried {[t for t in tried if sk['soname'] in t]}")
            ck.expect(f"{what}: {sk['path']} is another architecture's", wrong_machine(oracle_root, root, sk["path"]))
    if CG_WRONG_ARCH in exp.get("codes", []):
        paths = list(run.libraries.values()) + [sk["path"] for sk in exp.get("skipped", [])]
        ck.expect(f"{what}: a wrong-architecture object is involved",
                  any(wrong_machine(oracle_root, root, p) for p in paths), f"{paths}")
    vm = exp.get("version_missing")
    if vm:
        ck.expect(f"{what}: {vm['version']} missing in {vm['library']}",
                  any(v == vm["version"] and os.path.basename(lib) == vm["library"] for lib, v, _ in run.versions),
                  f"{run.versions}")
    if exp.get("depth"):
        depths = needed_depths(oracle_root, file, run)
        for soname, d in exp["depth"].items():
            ck.expect(f"{what}: {soname} at depth {d}", depths.get(soname) == d, f"{depths}")
    return run, interp, interp_real


def check_crossgo(crossgo, cache, case, file, root, loader, ck):
    exp, what = case["expect"], f"crossgo {case['name']}"
    run, interp, _interp_real = loader
    res, doc = crossgo_rootfs(crossgo, os.path.join(cache, root["path"]), [file], case["args"])
    entry = file_entries(doc).get(file)
    if not ck.expect(f"{what}: JSON with the file", entry is not None,
                     f"exit {res.returncode}, stderr {res.stderr[:300]}, stdout {res.stdout[:300]}"):
        return
    ck.expect(f"{what}: exit {0 if exp['loads'] else 1}", res.returncode == (0 if exp["loads"] else 1),
              f"exit {res.returncode}")
    ck.expect(f"{what}: root libc {root['libc']}", (doc.get("root") or {}).get("libc") == root["libc"], f"{doc.get('root')}")
    ck.expect(f"{what}: in_root {case['in_root']}", entry.get("in_root") is case["in_root"], f"{entry.get('in_root')}")
    ck.expect(f"{what}: loads {exp['loads']}", entry.get("loads") is exp["loads"],
              f"findings {[(f['code'], f.get('subject')) for f in findings(entry)]}")
    codes = {f["code"] for f in findings(entry)}
    for code in exp.get("codes", []):
        ck.expect(f"{what}: {code}", code in codes, f"codes {sorted(codes)}")
    if exp.get("codes_any"):
        ck.expect(f"{what}: one of {exp['codes_any']}", codes & set(exp["codes_any"]), f"codes {sorted(codes)}")
    for code in exp.get("not_error", []):
        ck.expect(f"{what}: {code} is not an error here (the load goes on)",
                  all(f.get("severity") != "error" for f in findings(entry, code)), f"{findings(entry, code)}")
    if exp.get("static"):
        ck.expect(f"{what}: static", entry.get("static") is True and CG_STATIC in codes, f"static {entry.get('static')}")
    got_interp = entry.get("interpreter") or {}
    want_interp = exp.get("interpreter") or {}
    for key in ("requested", "real_path"):
        if key in want_interp:
            ck.expect(f"{what}: interpreter {key} {want_interp[key]}", got_interp.get(key) == want_interp[key], f"{got_interp}")
    if exp.get("interpreter_missing"):
        ck.expect(f"{what}: interpreter path null", got_interp.get("path") is None, f"{got_interp}")
        ck.expect(f"{what}: CG880 names the interpreter",
                  any(interp in (f.get("message", "") + str(f.get("subject"))) for f in findings(entry, CG_INTERP_MISSING)),
                  f"{findings(entry, CG_INTERP_MISSING)}")
        return  # the loader's listing ignores PT_INTERP: nothing more to compare
    libs = libraries_of(entry)
    for soname, path in exp.get("libraries", {}).items():
        ck.expect(f"{what}: {soname} => {path}", (libs.get(soname) or {}).get("path") == path, f"{libs.get(soname)}")
    for soname, rule in exp.get("rules", {}).items():
        ck.expect(f"{what}: {soname} rule {rule}", (libs.get(soname) or {}).get("rule") == rule, f"{libs.get(soname)}")
    for soname in exp.get("missing", []):
        lib = libs.get(soname)
        ck.expect(f"{what}: {soname} listed, path null", lib is not None and lib.get("path") is None, f"{lib}")
        if not exp.get("codes_any"):
            ck.expect(f"{what}: CG881 for {soname}",
                      any(f.get("subject") == soname for f in findings(entry, CG_LIB_MISSING)), f"{findings(entry)}")
    for sk in exp.get("skipped", []):
        lib = libs.get(sk["soname"]) or {}
        ck.expect(f"{what}: {sk['path']} skipped", any(s.get("path") == sk["path"] for s in lib.get("skipped") or []),
                  f"{lib.get('skipped')}")
    for soname, d in exp.get("depth", {}).items():
        ck.expect(f"{what}: {soname} depth {d}", (libs.get(soname) or {}).get("depth") == d, f"{libs.get(soname)}")
    if exp.get("depth"):
        ck.expect(f"{what}: needed_by", all(libs.get(s, {}).get("needed_by") for s in exp["depth"]),
                  f"{[(s, libs.get(s, {}).get('needed_by')) for s in exp['depth']]}")
    vm = exp.get("version_missing")
    if vm:
        hits = findings(entry, CG_VERSION_MISSING)
        text = [f.get("message", "") + " " + str(f.get("subject")) for f in hits]
        ck.expect(f"{what}: CG882 names {vm['version']}", any(vm["version"] in t for t in text), f"{hits}")
        ck.expect(f"{what}: CG882 names a symbol bound to it ({', '.join(vm['symbols'])})",
                  any(s in t for t in text for s in vm["symbols"]), f"{hits}")
        ck.expect(f"{what}: CG882 names {vm['library']}", any(vm["library"] in t for t in text), f"{hits}")
    compare_with_loader(entry, run, interp, ck, what)


def check_cli(crossgo, cache, manifest, ck):
    """The command line around the cases: platforms, exit codes, text output, several files."""
    roots, cases = manifest["roots"], {c["name"]: c for c in manifest["cases"]}
    multi = os.path.join(cache, manifest["multi_platform_layout"]["path"])
    app = "/opt/cases/bin/musl-mgreet"
    res, _ = crossgo_rootfs(crossgo, multi, [app])
    ck.expect("two-platform layout without --platform: an error naming both platforms",
              res.returncode in (2, 3) and all(p in res.stderr for p in manifest["multi_platform_layout"]["platforms"]),
              f"exit {res.returncode}, stderr {res.stderr[:300]}")
    # Without --platform, a FILE on this machine names it: an arm64 program picks linux/arm64.
    outside = os.path.join(cache, "outside", "zapp-arm64")
    res, doc = crossgo_rootfs(crossgo, multi, [outside])
    ck.expect("two-platform layout, an arm64 FILE on the host: its platform is picked",
              res.returncode in (0, 1) and doc is not None and "linux/arm64" in doc["root"]["description"],
              f"exit {res.returncode}, stderr {res.stderr[:300]}, root {(doc or {}).get('root')}")
    res, _ = crossgo_rootfs(crossgo, multi, [app], ["--platform", "linux/riscv64"])
    ck.expect("--platform absent from the layout: an error", res.returncode in (2, 3),
              f"exit {res.returncode}, stderr {res.stderr[:300]}")
    arm64 = os.path.join(cache, roots["bookworm-arm64"]["path"])
    for argv, why in (([], "no ROOT"), ([arm64], "no FILE"),
                      (["--no-such-option", arm64, "/opt/cases/bin/zapp"], "an unknown option")):
        res = subprocess.run([crossgo, "rootfs", *argv], capture_output=True, text=True, timeout=60)
        ck.expect(f"{why}: exit 2", res.returncode == 2, f"exit {res.returncode}, stderr {res.stderr[:200]}")
    res, _ = crossgo_rootfs(crossgo, os.path.join(cache, "no-such-root"), ["/bin/sh"])
    ck.expect("a ROOT that does not exist: exit 3", res.returncode == 3, f"exit {res.returncode}")
    res, doc = crossgo_rootfs(crossgo, arm64, ["/opt/no/such/file"])
    ck.expect("a FILE neither in the root nor on the host: exit 3", res.returncode == 3, f"exit {res.returncode}")
    # Several files: exit 1 when one does not load, the files reported in the order given.
    good, bad = cases["arm64-zlib-cache"]["file"], cases["arm64-runpath-not-inherited"]["file"]
    res, doc = crossgo_rootfs(crossgo, arm64, [good, bad])
    ck.expect("two files, one failing: exit 1", res.returncode == 1, f"exit {res.returncode}")
    ck.expect("files in the order given", [f["path"] for f in (doc or {}).get("files", [])] == [good, bad],
              f"{[f['path'] for f in (doc or {}).get('files', [])]}")
    # Text output: the same exit codes, and it names what is missing.
    res, _ = crossgo_rootfs(crossgo, arm64, [bad], json_out=False)
    ck.expect("text: exit 1 naming libinner.so.1", res.returncode == 1 and "libinner.so.1" in res.stdout,
              f"exit {res.returncode}, stdout {res.stdout[:300]}")
    res, _ = crossgo_rootfs(crossgo, arm64, [good], json_out=False)
    ck.expect("text: exit 0 for a file that loads", res.returncode == 0, f"exit {res.returncode}")


def check_verify_rootfs(crossgo, cache, manifest, ck):
    """verify --rootfs: the same loader model as a gate. A file on disk (here the in-root case files,
    given by their host paths) fails a "rootfs" check with the CG88x code the rootfs command gives,
    and passes it where the file loads."""
    roots, cases = manifest["roots"], {c["name"]: c for c in manifest["cases"]}
    for name, target, code in (("musl-glibc-binary", "linux/amd64", "CG880"),
                               ("bullseye-glibc-2.34", "linux/amd64", "CG882"),
                               ("arm64-runpath-not-inherited", "linux/arm64", "CG881"),
                               ("arm64-zlib-cache", "linux/arm64", None)):
        case = cases[name]
        root = os.path.join(cache, roots[case["root"]]["path"])
        # The oracle copy of the root holds the same files as ROOT for directory roots.
        host = host_path(os.path.join(cache, roots[case["root"]]["oracle_root"]), case["file"])
        res = subprocess.run([crossgo, "verify", "--json", "--target", target, "--rootfs", root, host],
                             capture_output=True, text=True, timeout=120)
        try:
            doc = json.loads(res.stdout)
        except ValueError:
            ck.expect(f"verify --rootfs {name}: JSON", False, f"exit {res.returncode}, stderr {res.stderr[:300]}")
            continue
        checks = [c for e in doc["entries"] for c in e["checks"] if c["check"] == "rootfs"]
        failed = sorted({c["finding"]["code"] for c in checks if c["outcome"] == "failed"})
        if code is None:
            ck.expect(f"verify --rootfs {name}: passes", res.returncode == 0 and checks and not failed,
                      f"exit {res.returncode}, rootfs checks {checks}")
        else:
            ck.expect(f"verify --rootfs {name}: exit 1 with {code}", res.returncode == 1 and code in failed,
                      f"exit {res.returncode}, failed {failed}")


def main():
    args = parse_args()
    cache = rootfs_dir(args)
    manifest = load_manifest(cache)
    ck = Checker()
    for case in manifest["cases"]:
        root = manifest["roots"][case["root"]]
        oracle_root = os.path.join(cache, root["oracle_root"])
        file = case_file(cache, case)
        loader = check_loader(case, file, root, oracle_root, ck)
        check_crossgo(args.crossgo, cache, case, file, root, loader, ck)
    check_cli(args.crossgo, cache, manifest, ck)
    check_verify_rootfs(args.crossgo, cache, manifest, ck)
    return ck.finish("rootfs case")


if __name__ == "__main__":
    sys.exit(main())
