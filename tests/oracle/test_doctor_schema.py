#!/usr/bin/python3
"""doctor/explain JSON against docs/doctor.schema.json and docs/explain.schema.json (jsonschema),
in several environments: with the real go (if installed), knowledge-only (no go on PATH), a
poisoned go env -w file and invalid targets. Also checks the documented exit codes (0/1/2) and
that every finding code emitted is documented in docs/findings.md."""
import json
import os
import re
import subprocess
import sys
import tempfile

import jsonschema


def main():
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("--crossgo", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--source", required=True)
    a = ap.parse_args()
    docs = os.path.join(a.source, "docs")
    with open(os.path.join(docs, "doctor.schema.json")) as f:
        doctor_schema = json.load(f)
    with open(os.path.join(docs, "explain.schema.json")) as f:
        explain_schema = json.load(f)
    with open(os.path.join(docs, "findings.md")) as f:
        documented = set(re.findall(r"^### (CG[0-9]{3})", f.read(), re.M))
    failures = []
    tmp = tempfile.mkdtemp(prefix="crossgo-schema-")
    home = os.path.join(tmp, "home")
    os.makedirs(os.path.join(home, ".config", "go"))
    with open(os.path.join(home, ".config", "go", "env"), "w") as f:
        f.write("GOOS=windows\nGOAMD64=v5\nCGO_ENABLED=yes\nGOFLAGS=-ldflags=-s -w\n")
    base = {"PATH": "/usr/bin:/bin", "HOME": tmp, "NO_COLOR": "1", "GOTOOLCHAIN": "local", "GOPROXY": "off"}
    envs = [
        ("real go", dict(base)),
        ("knowledge only", dict(base, PATH="/nonexistent")),
        ("poisoned go env -w", dict(base, HOME=home)),
        ("bad values", dict(base, GOOS="macos\r", GOARCH="x86_64", GOARM="9", CC="no-such-cc")),
    ]
    seen = set()

    def run(argv, env):
        p = subprocess.run([a.crossgo, *argv], env=env, capture_output=True, text=True, timeout=120, cwd=tmp)
        return p.returncode, p.stdout, p.stderr

    for label, env in envs:
        rc, out, err = run(["doctor", "--json"], env)
        try:
            rep = json.loads(out)
            jsonschema.validate(rep, doctor_schema)
            errors = sum(1 for f in rep["findings"] if f["severity"] == "error")
            if (rc == 1) != (errors > 0) or rc not in (0, 1):
                failures.append("%s: doctor exit %d with %d errors" % (label, rc, errors))
            seen |= {f["code"] for f in rep["findings"]}
        except (ValueError, jsonschema.ValidationError) as e:
            failures.append("%s: doctor JSON: %s" % (label, str(e)[:300]))
        for argv in (["explain", "linux/arm64", "--json"], ["explain", "linux/arm/v7", "--cgo", "--json"],
                     ["explain", "--matrix", "--json"]):
            rc, out, err = run(argv, env)
            try:
                jsonschema.validate(json.loads(out), explain_schema)
            except (ValueError, jsonschema.ValidationError) as e:
                failures.append("%s: %s: %s" % (label, " ".join(argv), str(e)[:300]))
    # Usage errors exit 2, with a suggestion for typos.
    for argv, hint in ((["explain", "linux/aarch64"], "linux/arm64"), (["explain", "macos/arm64"], "darwin/arm64"),
                       (["doctor", "--target", "linux_x86_64"], "linux/amd64"), (["doctor", "--ignore", "nope"], ""),
                       (["explain"], ""), (["explain", "linux/amd64", "--cgo", "--no-cgo"], "")):
        rc, out, err = run(argv, base)
        if rc != 2:
            failures.append("%s: exit %d, want 2" % (" ".join(argv), rc))
        if hint and hint not in err:
            failures.append("%s: no suggestion %s in %r" % (" ".join(argv), hint, err))
    rc, out, err = run(["doctor", "--json", "--ignore", "CG101", "--ignore", "CG102"], envs[3][1])
    if '"CG101"' in out or '"CG102"' in out:
        failures.append("--ignore did not remove CG101/CG102")
    undocumented = seen - documented
    if undocumented:
        failures.append("finding codes not in docs/findings.md: %s" % sorted(undocumented))
    import shutil
    shutil.rmtree(tmp, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    print("codes seen:", sorted(seen))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
