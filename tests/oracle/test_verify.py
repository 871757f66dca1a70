#!/usr/bin/env python3
"""crossgo verify on real artifacts (tests/fixtures/build-fixtures.sh):

- every fixture passes against its true target (from the manifest: goos, goarch and the variant
  variable the build set), and fails with the right code against a wrong arch (CG862), a wrong OS
  (CG863, or CG861 when the format differs) and, where the GOARCH has variants and the file has
  build info, a wrong variant (CG864);
- a GoReleaser dist/ folder (artifacts.json in GoReleaser's shape) in which one binary was swapped
  fails with one finding that names the listed and the actual target; a universal binary passes;
- libc and loader: musl-gcc and gcc binaries against --libc glibc|musl|none, the interpreter taken
  from readelf -l; the glibc floor against the highest GLIBC_ version readelf -V lists;
- outputs: JSON against docs/verify.schema.json, SARIF against the official SARIF 2.1.0 schema
  (npm's @microsoft/sarif-multitool-linux ships it; scripts/install-deps.sh caches it), JUnit
  parsed back with xml.etree, GitHub annotations; --from-env, --targets, --ignore."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import jsonschema

from fixture_lib import load_manifest, parse_args

VARIANT_VAR = {"arm": "GOARM", "amd64": "GOAMD64", "arm64": "GOARM64", "386": "GO386", "mips": "GOMIPS",
               "mipsle": "GOMIPS", "mips64": "GOMIPS64", "mips64le": "GOMIPS64", "ppc64": "GOPPC64",
               "ppc64le": "GOPPC64", "riscv64": "GORISCV64"}
# A different GOARCH of the same GOOS family, and a wrong variant value per variable.
OTHER_ARCH = {"amd64": "arm64", "arm64": "amd64", "arm": "arm64", "386": "amd64", "riscv64": "arm64",
              "ppc64": "ppc64le", "ppc64le": "ppc64", "mips": "mipsle", "mipsle": "mips", "mips64": "mips64le",
              "mips64le": "mips64", "s390x": "amd64", "loong64": "amd64", "wasm": None}
WRONG_VARIANT = {"GOARM": {"5": "7", "6": "7", "7": "6"}, "GOAMD64": {"v1": "v3", "v3": "v1"},
                 "GOARM64": {"v8.0": "v8.1"}, "GO386": {"sse2": "softfloat", "softfloat": "sse2"},
                 "GOMIPS": {"hardfloat": "softfloat"}, "GOMIPS64": {"hardfloat": "softfloat"},
                 "GOPPC64": {"power8": "power9"}}
# Fixtures built on purpose to be wrong for their own target (tests/fixtures/build-fixtures.sh).
KNOWN_BAD = {"linux-arm-5-cgo-armhf": "CG864",  # GOARM=5 Go code linked with hard-float C objects
             "c-hello-arm64-wrong-interp": "CG820"}  # an arm64 binary naming the amd64 loader


class Checker:
    def __init__(self):
        self.problems = []
        self.count = 0

    def expect(self, what, ok, detail=""):
        self.count += 1
        if not ok:
            self.problems.append(f"{what}: {detail}")


def run(args, env=None):
    return subprocess.run(args, capture_output=True, text=True, timeout=300, env=env, errors="surrogateescape")


def verify(crossgo, args, env=None):
    res = run([crossgo, "verify", "--json", *args], env=env)
    try:
        doc = json.loads(res.stdout)
    except json.JSONDecodeError:
        doc = None
    return res, doc


def codes(doc):
    return {c["finding"]["code"] for e in doc["entries"] for c in e["checks"] if c["finding"]}


def true_target(fx):
    args = ["--target", f"{fx['goos']}/{fx['goarch']}"]
    var = VARIANT_VAR.get(fx["goarch"])
    value = fx.get("env", {}).get(var) if var else None
    if value:
        args += ["--" + var.lower(), value]
    return args, var, value


def other_os(goos, fmt):
    if fmt == "elf":
        return ("freebsd" if goos != "freebsd" else "linux"), "CG863"
    return {"darwin": ("ios", "CG863"), "ios": ("darwin", "CG863"), "js": ("wasip1", "CG863"),
            "wasip1": ("js", "CG863")}.get(goos, ("linux", "CG861"))


def check_fixtures(crossgo, fixtures, fxdir, ck, schema):
    for fx in fixtures:
        fmt = fx.get("format", "elf")
        if fmt == "macho-fat" or not fx.get("goarch"):
            continue
        path = os.path.join(fxdir, fx["file"])
        args, var, value = true_target(fx)
        res, doc = verify(crossgo, [*args, path])
        if doc is None:
            ck.expect(f"{fx['name']}: JSON", False, res.stderr[:300])
            continue
        try:
            jsonschema.Draft202012Validator(schema).validate(doc)
        except jsonschema.ValidationError as e:
            ck.expect(f"{fx['name']}: schema", False, e.message)
        want_bad = KNOWN_BAD.get(fx["name"])
        if want_bad:
            ck.expect(f"{fx['name']}: true target fails with {want_bad}", res.returncode == 1 and want_bad in codes(doc),
                      f"rc {res.returncode}, codes {codes(doc)}")
        else:
            ck.expect(f"{fx['name']}: passes {' '.join(args)}", res.returncode == 0 and doc["passed"],
                      f"rc {res.returncode}, codes {codes(doc)}")
        # Wrong arch.
        oa = OTHER_ARCH.get(fx["goarch"])
        if oa:
            res2, d2 = verify(crossgo, ["--target", f"{fx['goos']}/{oa}", path])
            ck.expect(f"{fx['name']}: {fx['goos']}/{oa} fails CG862", res2.returncode == 1 and d2 and "CG862" in codes(d2),
                      f"rc {res2.returncode}, codes {d2 and codes(d2)}")
        # Wrong OS: the format's other OS (CG863) or another format's (CG861). A file with no OS
        # evidence at all (a static C binary, an object file) cannot fail CG863: the check must
        # then be skipped with the reason inspect gives.
        oo, code = other_os(fx["goos"], "elf" if fmt == "archive" else fmt)  # a c-archive holds ELF objects
        res3, d3 = verify(crossgo, ["--target", f"{oo}/{fx['goarch']}", path])
        os_checks = [c for e in (d3 or {}).get("entries", []) for c in e["checks"] if c["check"] == "os"]
        if res3.returncode == 0 and os_checks and all(c["outcome"] == "skipped" for c in os_checks):
            insp = json.loads(run([crossgo, "inspect", "--json", path]).stdout)["artifacts"]
            ck.expect(f"{fx['name']}: OS skipped only without evidence",
                      all(a.get("goos") is None and not a.get("goos_candidates") for a in insp if a.get("format") != "archive"),
                      f"inspect goos {[a.get('goos') for a in insp]}")
            ck.expect(f"{fx['name']}: lang c for an OS-less file", fx.get("lang") != "go", "a Go binary always has OS evidence")
        else:
            ck.expect(f"{fx['name']}: {oo}/{fx['goarch']} fails {code}", res3.returncode == 1 and d3 and code in codes(d3),
                      f"rc {res3.returncode}, codes {d3 and codes(d3)}")
        # Wrong variant, where the build recorded one.
        if var and value and fx.get("lang") == "go" and fx.get("go_version") and value in WRONG_VARIANT.get(var, {}):
            wrong = WRONG_VARIANT[var][value]
            res4, d4 = verify(crossgo, ["--target", f"{fx['goos']}/{fx['goarch']}", "--" + var.lower(), wrong, path])
            ck.expect(f"{fx['name']}: {var}={wrong} fails CG864", res4.returncode == 1 and d4 and "CG864" in codes(d4),
                      f"rc {res4.returncode}, codes {d4 and codes(d4)}")


def readelf(args, path):
    return run(["readelf", *args, path]).stdout


def check_libc_and_floor(crossgo, by_name, fxdir, ck):
    musl, glibc = by_name.get("c-hello-musl"), by_name.get("linux-amd64-cgo")
    static_musl = by_name.get("linux-amd64-musl-static")
    if not (musl and glibc and static_musl):
        ck.expect("libc fixtures present", False, "c-hello-musl, linux-amd64-cgo, linux-amd64-musl-static")
        return
    for fx, libc in ((musl, "musl"), (glibc, "glibc")):
        path = os.path.join(fxdir, fx["file"])
        interp = re.search(r"Requesting program interpreter: ([^\]]+)\]", readelf(["-lW"], path))
        ck.expect(f"{fx['name']}: readelf shows an interpreter", interp is not None)
        other = "glibc" if libc == "musl" else "musl"
        res, doc = verify(crossgo, ["--target", "linux/amd64", "--libc", libc, path])
        ck.expect(f"{fx['name']}: --libc {libc} passes", res.returncode == 0, f"rc {res.returncode} {doc and codes(doc)}")
        res, doc = verify(crossgo, ["--target", "linux/amd64", "--libc", other, path])
        failed = [c for e in doc["entries"] for c in e["checks"] if c["outcome"] == "failed"]
        ck.expect(f"{fx['name']}: --libc {other} fails CG868 and CG867", res.returncode == 1 and
                  {"CG868", "CG867"} <= codes(doc), f"{codes(doc)}")
        ck.expect(f"{fx['name']}: the failure names readelf's interpreter",
                  interp is not None and any(interp.group(1) in c["actual"] for c in failed if c["check"] == "interpreter"),
                  f"{[c['actual'] for c in failed]}")
        ck.expect(f"{fx['name']}: the message explains 'not found'",
                  any("not found" in c["finding"]["message"] for c in failed if c["check"] == "interpreter"))
        res, doc = verify(crossgo, ["--target", "linux/amd64", "--libc", "none", path])
        ck.expect(f"{fx['name']}: --libc none fails CG868", res.returncode == 1 and "CG868" in codes(doc), f"{codes(doc)}")
        # The loader the message blames for the target is absent there and present for its own libc.
        if interp and libc == "musl":
            ck.expect("musl loader installed (the real one)", os.path.exists(interp.group(1)), interp.group(1))
    res, doc = verify(crossgo, ["--target", "linux/amd64", "--libc", "glibc", "--static",
                                os.path.join(fxdir, static_musl["file"])])
    ck.expect("static musl binary loads on a glibc system", res.returncode == 0, f"{doc and codes(doc)}")
    # glibc floor: the highest GLIBC_x.y readelf -V lists for the gcc-built binaries.
    for name in ("linux-amd64-cgo", "c-hello", "c-hello-arm64", "cxx-hello"):
        fx = by_name.get(name)
        if not fx:
            continue
        path = os.path.join(fxdir, fx["file"])
        versions = set(re.findall(r"Name: GLIBC_([0-9.]+)", readelf(["-VW"], path)))
        if not versions:
            continue
        top = max(versions, key=lambda v: tuple(int(x) for x in v.split(".")))
        parts = [int(x) for x in top.split(".")]
        below = f"{parts[0]}.{parts[1] - 1}" if len(parts) > 1 and parts[1] > 0 else "1.0"
        goarch = fx["goarch"]
        res, doc = verify(crossgo, ["--target", f"linux/{goarch}", "--max-glibc", top, path])
        ck.expect(f"{name}: --max-glibc {top} (readelf's highest) passes", res.returncode == 0, f"{doc and codes(doc)}")
        actual = [c["actual"] for e in doc["entries"] for c in e["checks"] if c["check"] == "glibc"]
        ck.expect(f"{name}: floor equals readelf's GLIBC_{top}", actual and actual[0].startswith(f"GLIBC_{top}"), f"{actual}")
        res, doc = verify(crossgo, ["--target", f"linux/{goarch}", "--max-glibc", below, path])
        ck.expect(f"{name}: --max-glibc {below} fails CG869", res.returncode == 1 and "CG869" in codes(doc), f"{doc and codes(doc)}")


def artifact(name, path, goos, goarch, typ="Binary", **variant):
    a = {"name": name, "path": path, "goos": goos, "goarch": goarch, "internal_type": 4 if typ == "Binary" else 20,
         "type": typ, "extra": {"Binary": name.split(".")[0], "Ext": "", "ID": "app"}}
    a.update(variant)
    target = f"{goos}_{goarch}" + "".join(f"_{v}" for v in variant.values())
    if typ == "Binary":
        a["target"] = target
    return a


def check_goreleaser(crossgo, by_name, fxdir, tmp, ck, sarif_schema):
    need = ["linux-amd64", "linux-arm64", "windows-amd64", "darwin-universal", "linux-arm-7"]
    if any(n not in by_name for n in need):
        ck.expect("goreleaser fixtures present", False, ", ".join(n for n in need if n not in by_name))
        return
    project = os.path.join(tmp, "project")
    dist = os.path.join(project, "dist")
    layout = [  # (fixture copied, artifact listed)
        ("linux-amd64", artifact("app", "dist/app_linux_amd64_v1/app", "linux", "amd64", goamd64="v1")),
        ("linux-amd64", artifact("app", "dist/app_linux_arm64_v8.0/app", "linux", "arm64", goarm64="v8.0")),  # swapped
        ("linux-arm-7", artifact("app", "dist/app_linux_arm_7/app", "linux", "arm", goarm="7")),
        ("windows-amd64", artifact("app.exe", "dist/app_windows_amd64_v1/app.exe", "windows", "amd64", goamd64="v1")),
        ("darwin-universal", artifact("app", "dist/app_darwin_all/app", "darwin", "all", typ="Universal Binary")),
    ]
    for fx_name, a in layout:
        dst = os.path.join(project, a["path"])
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy(os.path.join(fxdir, by_name[fx_name]["file"]), dst)
    listing = [a for _, a in layout] + [{"name": "app_1.0_linux_amd64.tar.gz", "path": "dist/app_1.0_linux_amd64.tar.gz",
                                         "goos": "linux", "goarch": "amd64", "type": "Archive", "extra": {"Format": "tar.gz"}}]
    with open(os.path.join(dist, "artifacts.json"), "w") as f:
        json.dump(listing, f)
    res, doc = verify(crossgo, ["--goreleaser", dist])
    ck.expect("goreleaser: exit 1 for the swapped binary", res.returncode == 1, f"rc {res.returncode} {res.stderr[:200]}")
    if doc is None:
        return
    failed = [(e, c) for e in doc["entries"] for c in e["checks"] if c["outcome"] == "failed"]
    ck.expect("goreleaser: exactly one failing check", len(failed) == 1, f"{[(e['path'], c['check']) for e, c in failed]}")
    if failed:
        e, c = failed[0]
        ck.expect("goreleaser: the swapped file is named", e["path"].endswith("app_linux_arm64_v8.0/app"), e["path"])
        ck.expect("goreleaser: CG862 expected arm64, actual amd64",
                  c["finding"]["code"] == "CG862" and c["expected"] == "arm64" and c["actual"].startswith("amd64"), f"{c}")
        ck.expect("goreleaser: the listing is named as the target's source",
                  "artifacts.json" in e["target"]["source"] and "linux_arm64" in e["target"]["source"], e["target"]["source"])
    paths = {e["path"] for e in doc["entries"]}
    ck.expect("goreleaser: every Binary and the universal binary's slices are checked",
              any(p.endswith("app_darwin_all/app(arm64)") for p in paths) and any(p.endswith("app.exe") for p in paths)
              and not any(p.endswith(".tar.gz") for p in paths), f"{sorted(paths)}")
    slices = [c for e in doc["entries"] for c in e["checks"] if c["check"] == "slices"]
    ck.expect("goreleaser: the universal binary holds both slices", slices and slices[0]["outcome"] == "passed", f"{slices}")
    # --ignore turns the failure into an ignored one; an unknown code is a usage error.
    res, doc2 = verify(crossgo, ["--goreleaser", dist, "--ignore", "CG862"])
    ck.expect("--ignore CG862: exit 0, reported as ignored", res.returncode == 0 and doc2 and
              any(c["finding"] and c["finding"]["ignored"] for e in doc2["entries"] for c in e["checks"]), f"rc {res.returncode}")
    res = run([crossgo, "verify", "--goreleaser", dist, "--ignore", "CG999"])
    ck.expect("--ignore CG999: exit 2 naming a near code", res.returncode == 2 and "did you mean" in res.stderr, res.stderr)
    # SARIF, GitHub and JUnit for the same run.
    res = run([crossgo, "verify", "--goreleaser", dist, "--format", "sarif", "--sarif-root", project], env=None)
    try:
        sarif = json.loads(res.stdout)
        if sarif_schema is not None:
            jsonschema.validators.validator_for(sarif_schema)(sarif_schema).validate(sarif)
            ck.expect("SARIF valid against sarif-2.1.0.json", True)
        results = sarif["runs"][0]["results"]
        rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        ck.expect("SARIF: one result, CG862, at the swapped file relative to the root",
                  len(results) == 1 and results[0]["ruleId"] == "CG862" and
                  results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "dist/app_linux_arm64_v8.0/app",
                  json.dumps(results)[:400])
        ck.expect("SARIF: ruleIndex points at its rule", results and rules[results[0]["ruleIndex"]]["id"] == "CG862")
    except (json.JSONDecodeError, KeyError, IndexError) as e:
        ck.expect("SARIF output", False, f"{e}: {res.stdout[:200]}")
    except jsonschema.ValidationError as e:
        ck.expect("SARIF valid against sarif-2.1.0.json", False, e.message)
    res = run([crossgo, "verify", "--goreleaser", dist, "--format", "github"])
    lines = [l for l in res.stdout.splitlines() if l.startswith("::")]
    ck.expect("github: one ::error annotation with file and title", len(lines) == 1 and
              re.match(r"::error file=[^,]*app_linux_arm64_v8\.0/app,title=CG862 wrong-arch::", lines[0] if lines else ""),
              f"{lines}")
    junit = os.path.join(tmp, "verify.xml")
    res, doc = verify(crossgo, ["--goreleaser", dist, "--junit", junit])
    root = ET.parse(junit).getroot()
    cases = root.findall(".//testcase")
    n_checks = sum(len(e["checks"]) for e in doc["entries"])
    fails = root.findall(".//testcase/failure")
    ck.expect("JUnit: one testcase per check", len(cases) == n_checks, f"{len(cases)} vs {n_checks}")
    ck.expect("JUnit: one failure of type CG862", len(fails) == 1 and fails[0].get("type") == "CG862",
              f"{[f.get('type') for f in fails]}")
    ck.expect("JUnit: totals agree", root.get("tests") == str(n_checks) and root.get("failures") == "1",
              f"{root.attrib}")


def check_release_archives(crossgo, by_name, fxdir, tmp, ck):
    """GoReleaser Archive artifacts: the binaries inside tar.gz / zip files (written here with
    Python's tarfile and zipfile) are checked against the archive's target."""
    import tarfile
    import zipfile
    project = os.path.join(tmp, "archives")
    dist = os.path.join(project, "dist")
    os.makedirs(dist)
    linux = os.path.join(fxdir, by_name["linux-amd64"]["file"])
    good = os.path.join(dist, "app_1.0_linux_amd64.tar.gz")
    with tarfile.open(good, "w:gz") as t:
        t.add(linux, arcname="app_1.0_linux_amd64/app")
        t.add(os.path.join(fxdir, "manifest.json"), arcname="app_1.0_linux_amd64/README.md")
    wrong = os.path.join(dist, "app_1.0_windows_amd64.zip")
    with zipfile.ZipFile(wrong, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(linux, arcname="app.exe")  # a linux binary packaged as the windows one
    empty = os.path.join(dist, "app_1.0_linux_arm64.tar.gz")
    with tarfile.open(empty, "w:gz") as t:
        t.add(os.path.join(fxdir, "manifest.json"), arcname="app_1.0_linux_arm64/README.md")
    def arch(name, goos, goarch, binary, **v):
        a = {"name": name, "path": "dist/" + name, "goos": goos, "goarch": goarch, "internal_type": 1,
             "type": "Archive", "extra": {"Binaries": [binary], "Format": name.split(".", 1)[1], "ID": "default"}}
        a.update(v)
        return a
    listing = [arch("app_1.0_linux_amd64.tar.gz", "linux", "amd64", "app", goamd64="v1"),
               arch("app_1.0_windows_amd64.zip", "windows", "amd64", "app.exe", goamd64="v1"),
               arch("app_1.0_linux_arm64.tar.gz", "linux", "arm64", "app"),
               arch("app_1.0_darwin_amd64.tar.gz", "darwin", "amd64", "app")]  # listed, not on disk
    with open(os.path.join(dist, "artifacts.json"), "w") as f:
        json.dump(listing, f)
    res, doc = verify(crossgo, ["--goreleaser", dist])
    ck.expect("archives: exit 1", res.returncode == 1, f"rc {res.returncode} {res.stderr[:300]}")
    if doc is None:
        return
    by_path = {e["path"]: e for e in doc["entries"]}
    inside = [p for p in by_path if p.endswith("app_1.0_linux_amd64.tar.gz(app_1.0_linux_amd64/app)")]
    ck.expect("archives: the binary inside the tar.gz is checked and passes",
              len(inside) == 1 and by_path[inside[0]]["passed"] and by_path[inside[0]]["member"] == "app_1.0_linux_amd64/app",
              f"{sorted(by_path)}")
    ck.expect("archives: the README inside is not checked", not any("README" in p for p in by_path))
    zipped = [e for p, e in by_path.items() if p.endswith("windows_amd64.zip(app.exe)")]
    ck.expect("archives: the linux binary in the windows zip fails CG861",
              zipped and any(c["finding"] and c["finding"]["code"] == "CG861" for c in zipped[0]["checks"]), f"{zipped}")
    missing = [c for e in doc["entries"] for c in e["checks"] if c["check"] == "contents" and c["outcome"] == "failed"]
    ck.expect("archives: the arm64 archive without its binary fails CG877",
              len(missing) == 1 and missing[0]["finding"]["code"] == "CG877" and "app" in missing[0]["finding"]["message"],
              f"{missing}")
    ck.expect("archives: one not on disk is not an error", doc["summary"]["unreadable"] == 0 and
              not any("darwin" in p for p in by_path), f"{sorted(by_path)}")


def check_env_and_targets(crossgo, by_name, fxdir, tmp, ck):
    arm7, arm6 = by_name.get("linux-arm-7"), by_name.get("linux-arm-6")
    if not (arm7 and arm6):
        ck.expect("arm fixtures present", False)
        return
    env = dict(os.environ, TARGETPLATFORM="linux/arm/v7")
    for k in ("GOOS", "GOARCH", "GOARM"):
        env.pop(k, None)
    res, _ = verify(crossgo, ["--from-env", "--static", os.path.join(fxdir, arm7["file"])], env=env)
    ck.expect("--from-env TARGETPLATFORM=linux/arm/v7 passes the GOARM=7 build", res.returncode == 0, res.stdout[-300:])
    res, doc = verify(crossgo, ["--from-env", os.path.join(fxdir, arm6["file"])], env=env)
    ck.expect("--from-env linux/arm/v7 fails the GOARM=6 build with CG864", res.returncode == 1 and doc and "CG864" in codes(doc))
    env = dict(os.environ, GOOS="linux", GOARCH="arm", GOARM="6")
    env.pop("TARGETPLATFORM", None)
    res, _ = verify(crossgo, ["--from-env", os.path.join(fxdir, arm6["file"])], env=env)
    ck.expect("--from-env GOOS/GOARCH/GOARM=6 passes the GOARM=6 build", res.returncode == 0, res.stdout[-300:])
    res = run([crossgo, "verify", "--target", "linux/aarch64", os.path.join(fxdir, arm6["file"])])
    ck.expect("an alias target is a usage error with the Go name", res.returncode == 2 and "arm64" in res.stderr, res.stderr)
    targets = os.path.join(tmp, "targets.txt")
    with open(targets, "w") as f:
        f.write(f"# path glob, target\n*linux-arm-6/* linux/arm/v6\n*linux-arm-7/* linux_arm_7\n")
    res, doc = verify(crossgo, ["--targets", targets, os.path.join(fxdir, arm6["file"]), os.path.join(fxdir, arm7["file"])])
    ck.expect("--targets: each file against its own line", res.returncode == 0 and doc and
              {e["target"]["variant"] for e in doc["entries"]} == {"6", "7"}, f"rc {res.returncode}")
    res = run([crossgo, "verify", os.path.join(fxdir, arm6["file"])])
    ck.expect("no target: usage error", res.returncode == 2, res.stderr)
    res = run([crossgo, "verify", "--target", "linux/arm/v6", os.path.join(fxdir, arm6["file"])])
    ck.expect("quiet success", res.returncode == 0 and res.stdout == "", repr(res.stdout))
    res = run([crossgo, "verify", "--target", "linux/arm/v6", os.path.join(tmp, "missing")])
    ck.expect("a missing file: exit 3", res.returncode == 3, f"rc {res.returncode}")


def main():
    args = parse_args()
    fixtures = load_manifest(args.fixtures)
    by_name = {f["name"]: f for f in fixtures}
    source = args.source or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    with open(os.path.join(source, "docs", "verify.schema.json")) as f:
        schema = json.load(f)
    sarif_path = os.environ.get("CROSSGO_SARIF_SCHEMA") or os.path.join(source, ".cache", "sarif", "sarif-2.1.0.json")
    ck = Checker()
    sarif_schema = None
    if os.path.isfile(sarif_path):
        with open(sarif_path) as f:
            sarif_schema = json.load(f)
    else:
        ck.expect("SARIF 2.1.0 schema available", False, f"{sarif_path} (scripts/install-deps.sh fetches it)")
    tmp = tempfile.mkdtemp(prefix="crossgo-verify-")
    try:
        check_fixtures(args.crossgo, fixtures, args.fixtures, ck, schema)
        check_libc_and_floor(args.crossgo, by_name, args.fixtures, ck)
        check_goreleaser(args.crossgo, by_name, args.fixtures, tmp, ck, sarif_schema)
        check_release_archives(args.crossgo, by_name, args.fixtures, tmp, ck)
        check_env_and_targets(args.crossgo, by_name, args.fixtures, tmp, ck)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for p in ck.problems:
        print("FAIL:", p)
    print(f"{ck.count} verify expectations, {len(ck.problems)} problems")
    return 1 if ck.problems else 0


if __name__ == "__main__":
    sys.exit(main())
