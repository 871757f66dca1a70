#!/usr/bin/env python3
"""crossgo inspect's cross-check warnings, against independent oracles (the Go 1.19 lab runs on Debian 12, final table).

- Static glibc + NSS: GNU ld itself warns "Using 'getaddrinfo' in statically linked applications
  requires at runtime the shared libraries from the glibc version used for linking" while linking
  the fixture (the build log is kept in FIXTURE_DIR/.log/NAME.log). crossgo must warn about NSS
  exactly for the static glibc fixtures whose link printed that warning.
- GOARM vs C objects: `readelf -A` gives Tag_CPU_arch and Tag_ABI_VFP_args of the linked C objects,
  `go version -m` gives GOARM. crossgo must warn exactly when GOARM 5/6 code is linked with newer
  (v7) or hard-float C objects.
- Interpreter vs machine: readelf's Machine and PT_INTERP, with the loader names glibc and musl
  document per architecture (table below, written from their manuals, not from crossgo):
  crossgo must warn exactly when the loader belongs to another architecture.
Each check needs at least one positive and one negative fixture, so it cannot pass vacuously.
"""
import os
import re
import subprocess
import sys

from fixture_lib import inspect_artifacts, load_manifest, parse_args


def go_setting(path, key):
    res = subprocess.run(["go", "version", "-m", path], capture_output=True, text=True, timeout=60,
                         env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", "GOFLAGS": ""})
    for line in res.stdout.splitlines():
        parts = line.strip().split("\t")
        if len(parts) == 2 and parts[0] == "build" and parts[1].startswith(key + "="):
            return parts[1].split("=", 1)[1]
    return None


def arm_attributes(path):
    out = subprocess.run(["readelf", "-A", path], capture_output=True, text=True, timeout=60).stdout
    arch = re.search(r"Tag_CPU_arch: v(\d+)", out)
    vfp = "Tag_ABI_VFP_args: VFP registers" in out
    return (int(arch.group(1)) if arch else None), vfp


# glibc's and musl's dynamic loader per readelf "Machine:" text.
LOADERS = {
    "Advanced Micro Devices X86-64": {"/lib64/ld-linux-x86-64.so.2", "/lib/ld-musl-x86_64.so.1"},
    "Intel 80386": {"/lib/ld-linux.so.2", "/lib/ld-musl-i386.so.1"},
    "AArch64": {"/lib/ld-linux-aarch64.so.1", "/lib/ld-musl-aarch64.so.1"},
    "ARM": {"/lib/ld-linux-armhf.so.3", "/lib/ld-linux.so.3", "/lib/ld-musl-arm.so.1", "/lib/ld-musl-armhf.so.1"},
    "RISC-V": {"/lib/ld-linux-riscv64-lp64d.so.1", "/lib/ld-linux-riscv64-lp64.so.1", "/lib/ld-musl-riscv64.so.1"},
}
ALL_LOADERS = set().union(*LOADERS.values())


def machine_and_interp(path):
    out = subprocess.run(["readelf", "-hlW", path], capture_output=True, text=True, timeout=60).stdout
    machine = re.search(r"Machine:\s+(.+)", out)
    interp = re.search(r"Requesting program interpreter: ([^\]]+)\]", out)
    return (machine.group(1).strip() if machine else None), (interp.group(1) if interp else None)


def main():
    args = parse_args()
    fixtures = load_manifest(args.fixtures)
    problems, seen = [], {"nss+": 0, "nss-": 0, "arm+": 0, "arm-": 0, "interp+": 0, "interp-": 0}

    for fx in fixtures:
        path = os.path.join(args.fixtures, fx["file"])
        warnings = inspect_artifacts(args.crossgo, [path])[0]["warnings"]
        machine, interp = machine_and_interp(path)
        if machine in LOADERS and interp in ALL_LOADERS:
            expect = interp not in LOADERS[machine]
            got = any(w.startswith("interpreter ") and "is the loader for" in w for w in warnings)
            seen["interp+" if expect else "interp-"] += 1
            if got != expect:
                problems.append(f"{fx['name']}: {machine} with {interp}: expected loader warning {expect}, crossgo {got}")
        if fx["lang"] != "go":
            continue
        nss_warned = any("NSS" in w for w in warnings)
        if fx.get("libc") == "glibc" and fx.get("static"):
            log = os.path.join(args.fixtures, ".log", fx["name"] + ".log")
            linker_warned = "in statically linked applications requires at runtime" in open(log, errors="replace").read()
            seen["nss+" if linker_warned else "nss-"] += 1
            if nss_warned != linker_warned:
                problems.append(f"{fx['name']}: GNU ld NSS warning {linker_warned}, crossgo NSS warning {nss_warned}")
        elif nss_warned:
            problems.append(f"{fx['name']}: NSS warning on a binary that is not static glibc")

        if fx["goarch"] == "arm" and fx.get("cgo"):
            goarm = go_setting(path, "GOARM")
            cpu_arch, vfp = arm_attributes(path)
            level = int(goarm[0]) if goarm else 7
            expect = (cpu_arch is not None and cpu_arch > level) or (level == 5 and vfp)
            got = any("GOARM=" in w for w in warnings)
            seen["arm+" if expect else "arm-"] += 1
            if got != expect:
                problems.append(f"{fx['name']}: GOARM={goarm}, C Tag_CPU_arch v{cpu_arch}, VFP args {vfp}: "
                                f"expected GOARM warning {expect}, crossgo {got} ({warnings})")

    for kind, n in seen.items():
        if n == 0:
            problems.append(f"no fixture exercises case {kind}: the check would pass vacuously")
    for p in problems:
        print("MISMATCH " + p)
    print(f"pitfall checks: {seen}, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
