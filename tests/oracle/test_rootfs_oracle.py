#!/usr/bin/env python3
"""crossgo rootfs against each root's own dynamic loader (tests/rootfs/build-rootfs.sh builds the
roots; rootfs_lib.py says how the loader is run and why that way):

- every ELF executable and shared object of the root's architecture in the small directory trees
  (Debian 12 arm64 under qemu, Debian 11 amd64 and a musl tree chrooted), and the test binaries in
  /opt of every other root (the tar archive, the OCI layout, the docker archive, the two-platform
  layout — with the loader run in umoci's own unpack of the image);
- for each file: every soname the loader lists has crossgo's path, equal to what the loader prints,
  or is "not found" for both with a CG881 finding; crossgo lists nothing else but the loader itself,
  in the loader's order; missing symbol versions match; crossgo's loads equals the loader's verdict;
  a missing interpreter (which a loader run as a program cannot see) is CG880;
- crossgo's exit code is 0 when every file of a run loads and 1 otherwise.

"""
import os
import sys
from concurrent.futures import ThreadPoolExecutor

from rootfs_lib import (CG_INTERP_MISSING, SKIP, Checker, compare_with_loader, crossgo_rootfs, file_entries,
                        findings, interpreter_state, load_manifest, parse_args, rootfs_dir,
                        run_loader, scan_elf_files)

WORKERS = 2  # the machine has 2 cores and other suites run alongside


def oracle_runs(root, oracle_root, files):
    """{file: (LoaderRun, PT_INTERP, its real path in the root)} for FILES. qemu runs (most of the
    time: hundreds of emulated loader starts) go two at a time; chrooted runs are quick and stay
    serial, because they fork with a preexec_fn, which is not safe while other threads run."""
    def one(f):
        interp, interp_real = interpreter_state(root, oracle_root, f)
        return f, (run_loader(root, oracle_root, f), interp, interp_real)
    if not root.get("qemu"):
        return dict(map(one, files))
    with ThreadPoolExecutor(WORKERS) as pool:
        return dict(pool.map(one, files))


def check_oracle(name, runs, ck):
    """The loader side must be usable before crossgo is compared with it."""
    for f, (run, _interp, _real) in runs.items():
        ck.expect(f"{name} {f}: loader output understood", not run.unparsed,
                  f"{run.unparsed[:3]} from {' '.join(run.argv)}")
        ck.expect(f"{name} {f}: oracle trustworthy", not run.oracle_problems, f"{run.oracle_problems}")


def check_crossgo(crossgo, name, root, root_path, runs, ck):
    args = ["--platform", root["platform_arg"]] if root.get("platform_arg") else []
    files = sorted(runs)
    res, doc = crossgo_rootfs(crossgo, root_path, files, args)
    if not ck.expect(f"{name}: crossgo rootfs --json gives JSON", doc is not None,
                     f"exit {res.returncode}, stderr {res.stderr[:300]}"):
        return
    ck.expect(f"{name}: schema_version 1", doc.get("schema_version") == 1, f"{doc.get('schema_version')}")
    ck.expect(f"{name}: root libc {root['libc']}", (doc.get("root") or {}).get("libc") == root["libc"],
              f"{doc.get('root')}")
    entries = file_entries(doc)
    all_load = True
    for f in files:
        run, interp, interp_real = runs[f]
        entry = entries.get(f)
        what = f"{name} {f}"
        if not ck.expect(f"{what}: reported", entry is not None, f"crossgo reported {sorted(entries)[:5]} …"):
            all_load = False
            continue
        ck.expect(f"{what}: in_root", entry.get("in_root") is True, f"{entry.get('in_root')}")
        if interp is not None and interp_real is None:
            # The loader run as a program ignores PT_INTERP; the kernel would fail the exec.
            all_load = False
            ck.expect(f"{what}: interpreter {interp} missing: CG880, does not load",
                      entry.get("loads") is False and findings(entry, CG_INTERP_MISSING),
                      f"loads {entry.get('loads')}, findings {findings(entry)}")
            continue
        if interp is not None:
            got = entry.get("interpreter") or {}
            ck.expect(f"{what}: interpreter {interp} -> {interp_real}",
                      got.get("requested") == interp and got.get("path") == interp and got.get("real_path") == interp_real,
                      f"{got}")
        all_load = all_load and run.loads
        compare_with_loader(entry, run, interp, ck, what)
    ck.expect(f"{name}: exit {0 if all_load else 1}", res.returncode == (0 if all_load else 1),
              f"exit {res.returncode}, stderr {res.stderr[:300]}")


def main():
    args = parse_args()
    cache = rootfs_dir(args)
    manifest = load_manifest(cache)
    ck = Checker()
    plan = []
    for name, root in manifest["roots"].items():
        oracle_root = os.path.join(cache, root["oracle_root"])
        under = ("/",) if root.get("scan") == "all" else ("/opt",)
        files = scan_elf_files(oracle_root, root["arch"], under)
        ck.expect(f"{name}: ELF files to compare", files, f"none below {under} of {oracle_root}")
        runs = oracle_runs(root, oracle_root, files)
        check_oracle(name, runs, ck)
        plan.append((name, len(files), sum(r.loads for r, _, _ in runs.values())))
        check_crossgo(args.crossgo, name, root, os.path.join(cache, root["path"]), runs, ck)
    for name, n, loading in plan:
        print(f"compared crossgo rootfs with the loader on {n} files of {name} ({loading} load)")
    return ck.finish("rootfs oracle")


if __name__ == "__main__":
    sys.exit(main())
