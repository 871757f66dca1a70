#!/usr/bin/python3
"""Go build info as crossgo reports it vs. the Go toolchain's own reader.

For every fixture with lang "go" in FIXTURE_DIR/manifest.json, runs `crossgo inspect --json FILE`
and the oracles `go version -m FILE` (debug/buildinfo) and `go tool buildid FILE`
(cmd/internal/buildid), then compares field by field: Go version, main package path, main module
(path, version, sum, replacement), every dependency and replacement in order, every build setting
key and value, and the Go build ID.

Exit 0 when everything matches, 1 on any mismatch (with a diff per mismatch), 77 when the fixtures
have not been built.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

from fixture_lib import fixtures_of_format, load_manifest, parse_args

TIMEOUT = 120


# ---------------------------------------------------------------------------------------------
# Reading `go version -m` output. Keys and values of "build" lines are written with
# strconv.Quote when they contain special characters, so undo that exactly like Go does.

def go_unquote(s):
    """strconv.Unquote for "..." and `...` literals. Returns str (invalid UTF-8 decoded with
    U+FFFD replacement, the same way it would end up in JSON)."""
    if len(s) < 2 or s[0] != s[-1] or s[0] not in '"`':
        raise ValueError("not a quoted Go string: %r" % s)
    body = s[1:-1]
    if s[0] == '`':
        if '`' in body:
            raise ValueError("backquote inside raw string: %r" % s)
        return body.replace('\r', '')
    out = bytearray()
    i = 0
    simple = {'a': 7, 'b': 8, 'f': 12, 'n': 10, 'r': 13, 't': 9, 'v': 11, '\\': 92, '"': 34}
    while i < len(body):
        c = body[i]
        if c == '"' or c == '\n':
            raise ValueError("bad character in quoted string: %r" % s)
        if c != '\\':
            out += c.encode('utf-8', 'surrogateescape')
            i += 1
            continue
        if i + 1 >= len(body):
            raise ValueError("trailing backslash: %r" % s)
        e = body[i + 1]
        i += 2
        if e in simple:
            out.append(simple[e])
        elif e in 'xuU':
            n = {'x': 2, 'u': 4, 'U': 8}[e]
            digits = body[i:i + n]
            if len(digits) != n:
                raise ValueError("short escape: %r" % s)
            v = int(digits, 16)
            i += n
            if e == 'x':
                out.append(v)
            else:
                out += chr(v).encode('utf-8')
        elif e in '01234567':
            digits = body[i - 1:i + 2]
            v = int(digits, 8)
            if v > 255:
                raise ValueError("octal escape out of range: %r" % s)
            out.append(v)
            i += 2
        else:
            raise ValueError("unknown escape \\%s in %r" % (e, s))
    return out.decode('utf-8', 'replace')


def quoted_prefix_len(s):
    """Length of the quoted literal at the start of s (strconv.QuotedPrefix)."""
    if s.startswith('`'):
        end = s.index('`', 1)
        return end + 1
    i = 1
    while i < len(s):
        if s[i] == '\\':
            i += 2
            continue
        if s[i] == '"':
            return i + 1
        i += 1
    raise ValueError("unterminated quoted key: %r" % s)


def parse_build_setting(kv):
    if kv[:1] in ('"', '`'):
        n = quoted_prefix_len(kv)
        key = go_unquote(kv[:n])
        raw = kv[n + 1:]
    else:
        key, _, raw = kv.partition('=')
    value = go_unquote(raw) if raw[:1] in ('"', '`') else raw
    return key, value


def module(fields):
    m = {"path": fields[0], "version": fields[1] if len(fields) > 1 else "",
         "sum": fields[2] if len(fields) > 2 else "", "replace": None}
    return m


def parse_go_version_m(text, path):
    """Parses `go version -m` output into the crossgo JSON "go" shape."""
    lines = text.split('\n')
    header = path + ': '
    if not lines or not lines[0].startswith(header):
        raise ValueError("unexpected first line %r" % (lines[0] if lines else ''))
    info = {"version": lines[0][len(header):], "path": None, "main": None, "deps": [],
            "settings": []}
    last = None
    for line in lines[1:]:
        if line in ('', '\t'):
            # BuildInfo.String() ends a replaced module with an empty line, printed as a lone tab.
            continue
        if not line.startswith('\t'):
            raise ValueError("unexpected line %r" % line)
        word, _, rest = line[1:].partition('\t')
        fields = rest.split('\t')
        if word == 'path':
            info["path"] = rest
        elif word == 'mod':
            info["main"] = last = module(fields)
        elif word == 'dep':
            last = module(fields)
            info["deps"].append(last)
        elif word == '=>':
            if last is None:
                raise ValueError("replacement without module: %r" % line)
            last["replace"] = {"path": fields[0], "version": fields[1], "sum": fields[2]}
            last = None
        elif word == 'build':
            info["settings"].append(parse_build_setting(rest))
        else:
            raise ValueError("unknown line %r" % line)
    return info


# ---------------------------------------------------------------------------------------------

def run(argv, env=None):
    return subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT, env=env,
                          errors='surrogateescape')


def go_env(tmp):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tmp,
           "GOCACHE": os.path.join(tmp, "gocache"), "GOFLAGS": "", "GOTOOLCHAIN": "local",
           "GO111MODULE": "", "LC_ALL": "C"}
    if "GOROOT" in os.environ:
        env["GOROOT"] = os.environ["GOROOT"]
    return env


def norm_module(m):
    if m is None:
        return None
    out = {k: m.get(k) if m.get(k) is not None else "" for k in ("path", "version", "sum")}
    rep = m.get("replace")
    out["replace"] = None if rep is None else {k: rep.get(k) or "" for k in ("path", "version", "sum")}
    return out


def compare(name, got, want, problems):
    """got: crossgo's "go" object; want: parsed oracle output."""
    def diff(field, g, w):
        if g != w:
            problems.append("%s: %s differs\n    crossgo: %s\n    go:      %s"
                            % (name, field, json.dumps(g, ensure_ascii=False),
                               json.dumps(w, ensure_ascii=False)))

    if got is None:
        problems.append("%s: crossgo reports no Go information (go is null); go version -m says %s"
                        % (name, want["version"]))
        return
    if got.get("buildinfo_error"):
        problems.append("%s: crossgo buildinfo_error: %s" % (name, got["buildinfo_error"]))
    diff("go.version", got.get("version"), want["version"])
    diff("go.version_source", got.get("version_source"), "buildinfo")
    diff("go.path", got.get("path") or None, want["path"] or None)
    diff("go.main", norm_module(got.get("main")), norm_module(want["main"]))

    got_deps = [norm_module(d) for d in got.get("deps") or []]
    want_deps = [norm_module(d) for d in want["deps"]]
    if len(got_deps) != len(want_deps):
        diff("number of deps", len(got_deps), len(want_deps))
    for i, (g, w) in enumerate(zip(got_deps, want_deps)):
        diff("dep[%d]" % i, g, w)
    for w in want_deps[len(got_deps):]:
        problems.append("%s: dep missing in crossgo: %s" % (name, json.dumps(w)))
    for g in got_deps[len(want_deps):]:
        problems.append("%s: extra dep in crossgo: %s" % (name, json.dumps(g)))

    got_settings = got.get("settings") or {}
    want_settings = dict(want["settings"])
    if len(want_settings) != len(want["settings"]):
        problems.append("%s: oracle has duplicate build setting keys (JSON object can't hold them): %s"
                        % (name, [k for k, _ in want["settings"]]))
    for key in sorted(set(got_settings) | set(want_settings)):
        if key not in want_settings:
            problems.append("%s: build setting %r only in crossgo (value %r)"
                            % (name, key, got_settings[key]))
        elif key not in got_settings:
            problems.append("%s: build setting %r missing in crossgo (go: %r)"
                            % (name, key, want_settings[key]))
        else:
            diff("build setting %r" % key, got_settings[key], want_settings[key])


def main():
    args = parse_args()
    # crossgo reads ELF only; derived copies without build info have nothing to compare.
    go_fixtures = [fx for fx in fixtures_of_format(load_manifest(args.fixtures), "elf", derived=False)
                   if fx.get("lang") == "go"]
    if not go_fixtures:
        print("FAIL: manifest lists no Go fixtures; nothing to compare")
        return 1
    go = shutil.which("go", path=os.environ.get("PATH", "/usr/bin:/bin")) or "/usr/bin/go"
    if not os.access(args.crossgo, os.X_OK):
        print("FAIL: crossgo binary %s is not executable" % args.crossgo)
        return 1

    problems = []
    checked = 0
    with tempfile.TemporaryDirectory(prefix="crossgo-oracle-") as tmp:
        env = go_env(tmp)
        for fx in go_fixtures:
            name = fx.get("name", fx["file"])
            path = os.path.join(args.fixtures, fx["file"])
            if not os.path.exists(path):
                problems.append("%s: fixture file %s is missing" % (name, path))
                continue

            # `go version` skips files without an execute bit ("not executable file"), which is
            # how c-shared libraries are written; give the oracle an executable copy instead.
            oracle_path = path
            if not os.access(path, os.X_OK):
                oracle_path = os.path.join(tmp, "exe-" + os.path.basename(path))
                shutil.copyfile(path, oracle_path)
                os.chmod(oracle_path, 0o755)
            oracle = run([go, "version", "-m", oracle_path], env=env)
            if oracle.returncode == 0 and oracle_path != path:
                oracle.stdout = oracle.stdout.replace(oracle_path + ": ", path + ": ", 1)
            if oracle.returncode != 0 or not oracle.stdout.startswith(path + ": "):
                problems.append("%s: go version -m failed (rc %d): %s"
                                % (name, oracle.returncode, (oracle.stderr or oracle.stdout).strip()))
                continue
            try:
                want = parse_go_version_m(oracle.stdout, path)
            except ValueError as e:
                problems.append("%s: could not read go version -m output: %s" % (name, e))
                continue

            res = run([args.crossgo, "inspect", "--json", path])
            if res.returncode != 0:
                problems.append("%s: crossgo inspect exited %d: %s"
                                % (name, res.returncode, res.stderr.strip()))
                continue
            try:
                doc = json.loads(res.stdout)
                artifact = doc["artifacts"][0]
            except (ValueError, KeyError, IndexError) as e:
                problems.append("%s: crossgo JSON unreadable: %s" % (name, e))
                continue
            got = artifact.get("go")
            compare(name, got, want, problems)

            bid = run([go, "tool", "buildid", path], env=env)
            if bid.returncode == 0 and got is not None:
                want_id = bid.stdout.strip()
                if got.get("build_id") != want_id:
                    problems.append("%s: go.build_id differs\n    crossgo: %s\n    go:      %s"
                                    % (name, got.get("build_id"), want_id))
            elif bid.returncode != 0:
                problems.append("%s: go tool buildid failed: %s" % (name, bid.stderr.strip()))
            checked += 1

    for p in problems:
        print("MISMATCH " + p)
    print("%d Go fixtures compared with go version -m / go tool buildid, %d problems"
          % (checked, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
