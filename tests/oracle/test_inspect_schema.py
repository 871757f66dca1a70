#!/usr/bin/python3
"""Validates `crossgo inspect --json` output against docs/inspect.schema.json (JSON Schema
Draft 2020-12, python3-jsonschema) over every fixture, a non-binary named explicitly, the fixture
directory walked as a whole, and a malformed ELF (whose document must still be valid).

Exit 0 pass, 1 fail, 77 skip (fixtures absent).
"""
import copy
import json
import os
import subprocess
import sys
import tempfile

from fixture_lib import fixtures_of_format, load_manifest, parse_args

try:
    import jsonschema
except ImportError:  # python3-jsonschema is a declared dependency (scripts/install-deps.sh)
    print("FAIL: python3-jsonschema is not installed")
    sys.exit(1)


def run(crossgo, args, allowed=(0,)):
    p = subprocess.run([crossgo, "inspect", "--json", *args], capture_output=True, timeout=600)
    if p.returncode not in allowed:
        raise RuntimeError(f"crossgo inspect --json {' '.join(args[:3])}… exited {p.returncode}: "
                           f"{p.stderr.decode(errors='replace')[:400]}")
    return json.loads(p.stdout)


def main():
    args = parse_args()
    fixtures = fixtures_of_format(load_manifest(args.fixtures), "elf")  # crossgo reads ELF only
    with open(os.path.join(args.source, "docs", "inspect.schema.json")) as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = [os.path.join(args.fixtures, fx["file"]) for fx in fixtures]

    failures = []
    docs = {}
    with tempfile.TemporaryDirectory(prefix="crossgo-schema-") as tmp:
        bad = os.path.join(tmp, "truncated-elf")
        with open(files[0], "rb") as src, open(bad, "wb") as dst:
            dst.write(src.read(100))  # header intact, program headers cut off
        try:
            docs["fixtures"] = run(args.crossgo, files)
            docs["not-binary named"] = run(args.crossgo, [os.path.join(args.fixtures, "manifest.json")])
            docs["directory walk"] = run(args.crossgo, [args.fixtures])
            docs["malformed"] = run(args.crossgo, [bad, files[0]], allowed=(3,))
        except (RuntimeError, ValueError) as exc:
            print(f"FAIL: {exc}")
            return 1

    for label, doc in docs.items():
        for err in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
            where = "/".join(str(p) for p in err.absolute_path)
            path = ""
            if len(err.absolute_path) >= 2 and err.absolute_path[0] == "artifacts":
                path = doc["artifacts"][err.absolute_path[1]].get("path", "?")
            failures.append(f"{label}: {path}: /{where}: {err.message}")

    # The documents must exercise the interesting branches of the schema, or passing means little.
    arts = docs["fixtures"]["artifacts"]
    if len(arts) != len(files):
        failures.append(f"fixtures: {len(arts)} artifacts for {len(files)} files")
    if not any(a.get("go") for a in arts):
        failures.append("no fixture produced Go facts: the go sub-schema was never exercised")
    if not any(a.get("min_glibc") for a in arts):
        failures.append("no fixture produced min_glibc: the version_need sub-schema was not exercised")
    if not any(a.get("error") for a in docs["malformed"]["artifacts"]):
        failures.append("the truncated ELF produced no error object")

    # And the schema must be strict: small corruptions of a valid document are rejected.
    sample = docs["fixtures"]
    mutations = {
        "unknown key": lambda d: d["artifacts"][0].__setitem__("bogus", 1),
        "bad kind": lambda d: d["artifacts"][0].__setitem__("kind", "exe"),
        "missing key": lambda d: d["artifacts"][0].pop("hardening"),
        "GLIBC_ prefix": lambda d: d["artifacts"][0].__setitem__(
            "min_glibc", {"version": "GLIBC_2.34", "symbol": "x"}),
        "schema_version": lambda d: d.__setitem__("schema_version", 1),
    }
    for name, mutate in mutations.items():
        d = copy.deepcopy(sample)
        mutate(d)
        if validator.is_valid(d):
            failures.append(f"schema accepted a corrupted document ({name})")

    for line in failures:
        print("FAIL:", line)
    total = sum(len(d["artifacts"]) for d in docs.values())
    print(f"validated {total} artifacts in {len(docs)} documents against docs/inspect.schema.json")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
