#!/usr/bin/env python3
"""Fetches the official SARIF 2.1.0 JSON schema that tests/oracle/test_verify.py validates
crossgo's SARIF against: `sarif-2.1.0.json` as npm's @microsoft/sarif-multitool-linux package ships
it (a pinned version, its tarball checked against the registry's sha512 integrity). Cached: does
nothing when the schema is already there. Uses only Python's standard library (no npm needed).

usage: scripts/fetch-sarif-schema.py DEST_DIR"""
import base64
import hashlib
import io
import json
import os
import sys
import tarfile
import urllib.request

PACKAGE = "@microsoft/sarif-multitool-linux"
VERSION = "5.7.0"
MEMBER = "package/sarif-2.1.0.json"
REGISTRY = "https://registry.npmjs.org"


def fetch(url, timeout=300):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read()


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    dest = os.path.join(sys.argv[1], "sarif-2.1.0.json")
    if os.path.isfile(dest):
        return 0
    meta = json.loads(fetch(f"{REGISTRY}/{PACKAGE.replace('/', '%2f')}/{VERSION}"))
    dist = meta["dist"]
    algo, _, digest = dist["integrity"].partition("-")
    if algo != "sha512":
        print(f"fetch-sarif-schema: unexpected integrity {dist['integrity']}", file=sys.stderr)
        return 1
    print(f"fetch-sarif-schema: {PACKAGE}@{VERSION} from the npm registry ({dist['tarball']})")
    tarball = fetch(dist["tarball"])
    if base64.b64encode(hashlib.sha512(tarball).digest()).decode() != digest:
        print("fetch-sarif-schema: the tarball does not match the registry's sha512 integrity", file=sys.stderr)
        return 1
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as tar:
        schema = tar.extractfile(MEMBER).read()
    json.loads(schema)  # it must be JSON
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    tmp = dest + ".tmp"
    with open(tmp, "wb") as f:
        f.write(schema)
    os.replace(tmp, dest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
