#!/usr/bin/env python3
"""Go binaries whose build info was removed, in every format: crossgo must still call them Go and
recover the Go version from the runtime's own data (runtime.buildVersion, reached through the
symbol table or structurally through its string header), equal to what `go version` printed for
the original. ELF copies are also stripped of their symbol tables (binutils `strip`), so the
structural path is exercised, not only the symbol lookup. Fixtures: tests/fixtures/build-fixtures.sh
("derivation": "buildinfo-removed")."""
import os
import shutil
import subprocess
import sys
import tempfile

from fixture_lib import inspect_artifacts, load_manifest, parse_args

RECOVERED = {"runtime.buildVersion", "runtime.buildVersion symbol"}


def main():
    args = parse_args()
    fixtures = load_manifest(args.fixtures)
    by_name = {f["name"]: f for f in fixtures}
    copies = [f for f in fixtures if f.get("derivation") == "buildinfo-removed"]
    problems = []
    if not copies:
        problems.append("no buildinfo-removed fixtures in the manifest")
    tmp = tempfile.mkdtemp(prefix="crossgo-version-")
    try:
        cases = []
        for f in copies:
            original = by_name.get(f["derived_from"])
            want = original and original.get("go_version")
            if not want:
                problems.append(f"{f['name']}: the original {f['derived_from']} has no go_version in the manifest")
                continue
            path = os.path.join(args.fixtures, f["file"])
            cases.append((f["name"], path, want, f["format"]))
            if f["format"] == "elf":
                stripped = os.path.join(tmp, f["name"] + ".stripped")
                subprocess.run(["strip", "-o", stripped, path], check=True)
                cases.append((f["name"] + " (stripped)", stripped, want, "elf"))
        arts = inspect_artifacts(args.crossgo, [c[1] for c in cases])
        if len(arts) != len(cases):
            problems.append(f"crossgo returned {len(arts)} artifacts for {len(cases)} files")
        for (name, path, want, fmt), a in zip(cases, arts):
            go = a.get("go")
            if a.get("format") != fmt:
                problems.append(f"{name}: format {a.get('format')!r}, expected {fmt!r}")
                continue
            if go is None:
                problems.append(f"{name}: not recognised as Go after its build info was removed")
                continue
            if go.get("buildinfo_error") is not None or go.get("path") is not None:
                problems.append(f"{name}: build info still reported: {go.get('path')!r} {go.get('buildinfo_error')!r}")
            if go.get("version") != want:
                problems.append(f"{name}: version {go.get('version')!r} ({go.get('version_source')}), "
                                f"`go version` said {want!r} for the original")
            elif go.get("version_source") not in RECOVERED:
                problems.append(f"{name}: version found via {go.get('version_source')!r}, not runtime.buildVersion")
            if not go.get("evidence"):
                problems.append(f"{name}: no evidence of Go-ness listed")
            print(f"  {name}: {go.get('version')} via {go.get('version_source')}; evidence {go.get('evidence')}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for p in problems:
        print("FAIL:", p)
    print(f"{len(cases) if copies else 0} build-info-removed binaries checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
