"""What every inspect oracle script shares: its command line (as ctest passes it) and the fixture
manifest written by tests/fixtures/build-fixtures.sh. Not a test itself (no test_ prefix)."""
import argparse
import json
import os
import subprocess
import sys

SKIP = 77  # ctest SKIP_RETURN_CODE: only when the fixtures were never built


def parse_args():
    ap = argparse.ArgumentParser()
    ap.add_argument("--crossgo", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--source")
    return ap.parse_args()


def load_manifest(fixtures_dir):
    """The manifest's fixture list, or exits with SKIP when the fixtures were never built."""
    path = os.path.join(fixtures_dir, "manifest.json")
    if not os.path.isfile(path):
        print(f"SKIP: no fixtures at {fixtures_dir} (run tests/fixtures/build-fixtures.sh)")
        sys.exit(SKIP)
    with open(path) as f:
        return json.load(f)["fixtures"]


def inspect_artifacts(crossgo, paths, timeout=300):
    """`crossgo inspect --json PATHS` as a list of artifact objects (any exit code)."""
    res = subprocess.run([crossgo, "inspect", "--json", *paths], capture_output=True, text=True,
                         timeout=timeout, errors="surrogateescape")
    return json.loads(res.stdout)["artifacts"]


def fixtures_of_format(fixtures, fmt, derived=True):
    """The manifest fixtures whose "format" is fmt (elf, macho, macho-fat, pe, xcoff, plan9, wasm,
    archive). derived=False leaves out the fixtures the script derived from built ones ("derived_from":
    the lipo'd fat file, the copies whose build info was removed), which no `go build` recipe or
    `go version -m` describes."""
    return [fx for fx in fixtures
            if fx.get("format", "elf") == fmt and (derived or "derived_from" not in fx)]
