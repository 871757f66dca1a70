#!/usr/bin/python3
"""Finding codes at the command line, against docs/findings.md (whose index the unit test
findings_doc_test.cc checks against the registry):
- `doctor --ignore` takes only existing codes: a code that does not exist, a lower-case code or a
  name is a usage error (exit 2) that suggests the nearest existing code; an existing one is
  ignored and the run goes on.
- `explain CODE` describes every code of the index, as the index does (name, severity and its
  documented downgrade, stops build, applies to, title), and its --json follows
  docs/explain.schema.json; an unknown code is a usage error with a suggestion.
Needs no fixtures: everything runs in a scratch HOME with go off PATH (knowledge-only mode)."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import jsonschema

from fixture_lib import parse_args

ROW = re.compile(r"^\| \[(CG[0-9]{3})\]\(#cg[0-9]{3}\) \| `([^`]+)` \| ([^|]+) \| (yes|no) \| ([^|]+) \| (.+) \|$")


def main():
    args = parse_args()
    docs = os.path.join(args.source, "docs")
    with open(os.path.join(docs, "explain.schema.json")) as f:
        schema = json.load(f)
    with open(os.path.join(docs, "findings.md")) as f:
        index = {m.group(1): m.groups()[1:] for m in map(ROW.match, f.read().splitlines()) if m}
    tmp = tempfile.mkdtemp(prefix="crossgo-codes-")
    env = {"PATH": "/nonexistent", "HOME": tmp, "NO_COLOR": "1"}
    failures = []

    def run(*argv):
        p = subprocess.run([args.crossgo, *argv], env=env, capture_output=True, text=True, timeout=120, cwd=tmp)
        return p.returncode, p.stdout, p.stderr

    if len(index) < 60:
        failures.append("docs/findings.md index has only %d rows" % len(index))

    # --ignore: rejected with the nearest code, or accepted.
    for bad, hint in (("CG108", "CG106"), ("CG999", "CG905"), ("cg301", "CG301"), ("goos-invalid", "CG101"),
                      ("CG41", None), ("nope", None)):
        rc, out, err = run("doctor", "--ignore", "CG301", "--ignore", bad)
        if rc != 2 or out:
            failures.append("doctor --ignore %s: exit %d (want 2, no report)" % (bad, rc))
        if hint and "did you mean " + hint not in err:
            failures.append("doctor --ignore %s: no suggestion %s in %r" % (bad, hint, err))
    rc, out, err = run("doctor", "--json", "--ignore", "CG301", "--ignore", "CG901")
    if rc not in (0, 1):
        failures.append("doctor --ignore CG301 --ignore CG901: exit %d" % rc)
    else:
        codes = {f["code"] for f in json.loads(out)["findings"]}
        if codes & {"CG301", "CG901"}:
            failures.append("--ignore kept %s" % sorted(codes & {"CG301", "CG901"}))
        rc, out, err = run("doctor", "--json")
        if "CG901" not in {f["code"] for f in json.loads(out)["findings"]}:
            failures.append("knowledge-only doctor has no CG901, so the --ignore check proves nothing")

    # explain CODE for every indexed code.
    for code, (name, severity, stops, applies, title) in sorted(index.items()):
        rc, out, err = run("explain", code, "--json")
        try:
            doc = json.loads(out)
            jsonschema.validate(doc, schema)
        except (ValueError, jsonschema.ValidationError) as e:
            failures.append("explain %s --json: %s" % (code, str(e)[:200]))
            continue
        f = doc["finding"]
        sev = f["severity"] + (" (or %s)" % f["downgraded"]["severity"] if f["downgraded"] else "")
        got = (f["name"], sev, "yes" if f["stops_build"] else "no", ", ".join(f["applies_to"]), f["title"])
        if rc != 0 or f["code"] != code or got != (name, severity, stops, applies, title.replace("\\|", "|")):
            failures.append("explain %s: exit %d, %s; index says %s" % (code, rc, got, (name, severity, stops, applies, title)))
        if f["help"] != "docs/findings.md#" + code.lower():
            failures.append("explain %s: help %s" % (code, f["help"]))
    rc, out, err = run("explain", "cg401")
    if rc != 0 or "cc-unset-cross" not in out or "warning when GOOS=windows" not in out:
        failures.append("explain cg401: exit %d, %r" % (rc, out))
    rc, out, err = run("explain", "goos-invalid")
    if rc != 0 or not out.startswith("CG101"):
        failures.append("explain goos-invalid: exit %d, %r" % (rc, out))
    for argv, hint in ((["explain", "CG108"], "CG106"), (["explain", "CG401", "--cgo"], None),
                       (["explain", "CG401", "--matrix"], None)):
        rc, out, err = run(*argv)
        if rc != 2:
            failures.append("%s: exit %d, want 2" % (" ".join(argv), rc))
        if hint and "did you mean " + hint not in err:
            failures.append("%s: no suggestion %s in %r" % (" ".join(argv), hint, err))

    shutil.rmtree(tmp, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    print("finding codes: %d indexed, %d problems" % (len(index), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
