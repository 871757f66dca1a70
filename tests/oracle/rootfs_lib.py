"""What the `crossgo rootfs` oracle tests share (not a test itself: no test_ prefix).

The roots and cases come from tests/rootfs/build-rootfs.sh (its manifest.json, in .cache/rootfs next
to the fixture directory ctest passes). The oracle is each root's own dynamic loader asked to list
what it would load, run so that it sees only the root:

- glibc, foreign architecture: `qemu-aarch64 -L ROOT ROOT/<loader> FILE` with the guest-only
  environment LD_TRACE_LOADED_OBJECTS=1 (qemu -E). -L makes qemu look every absolute path up in
  ROOT first but fall back to the host's file when ROOT lacks it, so every path the loader reports
  is checked to exist in ROOT (a fallback would otherwise pass silently). The fallback also turns
  any path that does not resolve in ROOT (a symbolic link loop: ELOOP) into the host's answer,
  usually ENOENT, so cases where the error itself matters live in the host-architecture roots.
- glibc and musl, host architecture: the root's loader exec'd after chroot(ROOT) in the child
  (Python's preexec_fn), so the environment reaches only the loader. `chroot ROOT LOADER` with
  LD_TRACE_LOADED_OBJECTS set would trace the host's chroot binary instead, and running the root's
  loader by its host path without a chroot makes it use the host's /etc/ld.so.cache and directories.
- glibc is traced as ldd does it (LD_TRACE_LOADED_OBJECTS=1, the loader run as a program), not
  with `ld.so --list`: glibc 2.36's --list stops at the first library it cannot find (exit 127,
  "error while loading shared libraries"), while trace mode lists every one, "=> not found"
  included, and reports missing symbol versions on stderr.
- musl: `ld-musl-ARCH.so.1 --list FILE` (ldso/dynlink.c __dls3: "--list" sets ldd_mode, as an
  argv[0] ending in "ldd" does); a missing library is "Error loading shared library NAME: ERR
  (needed by OBJ)" on stderr and musl goes on (exit 127 at the end).

A loader run as a program ignores the file's own PT_INTERP, so whether the interpreter exists is
checked on the filesystem (resolve_in_root) and, for host-architecture roots, by exec'ing the file
in the chroot (the kernel fails with ENOENT before anything of the file runs).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

from elftools.elf.elffile import ELFFile

SKIP = 77  # ctest SKIP_RETURN_CODE: only when the roots were never built

# Finding codes of `crossgo rootfs` (docs: the finding registry).
CG_INTERP_MISSING, CG_LIB_MISSING, CG_VERSION_MISSING = "CG880", "CG881", "CG882"
CG_WRONG_ARCH, CG_UNREADABLE, CG_STATIC = "CG883", "CG884", "CG885"

EM_NAMES = {"x86_64": "EM_X86_64", "aarch64": "EM_AARCH64"}


def parse_args():
    ap = argparse.ArgumentParser()
    ap.add_argument("--crossgo", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--source")
    ap.add_argument("--rootfs", help="default: CROSSGO_ROOTFS, else .cache/rootfs next to --fixtures")
    return ap.parse_args()


def rootfs_dir(args):
    return args.rootfs or os.environ.get("CROSSGO_ROOTFS") or os.path.join(
        os.path.dirname(os.path.abspath(args.fixtures)), "rootfs")


def load_manifest(cache):
    """The rootfs manifest, or exits with SKIP when tests/rootfs/build-rootfs.sh never ran."""
    path = os.path.join(cache, "manifest.json")
    if not os.path.isfile(path):
        print(f"SKIP: no root filesystems at {cache} (run tests/rootfs/build-rootfs.sh {cache})")
        sys.exit(SKIP)
    with open(path) as f:
        return json.load(f)


class Checker:
    def __init__(self):
        self.problems = []
        self.count = 0

    def expect(self, what, ok, detail=""):
        self.count += 1
        if not ok:
            self.problems.append(f"{what}: {detail}")
        return ok

    def finish(self, what):
        for p in self.problems:
            print("FAIL:", p)
        print(f"{self.count} {what} expectations, {len(self.problems)} problems")
        return 1 if self.problems else 0


# ---------------------------------------------------------------- paths inside a root
def resolve_in_root(root, path, max_hops=40):
    """PATH with every symbolic link followed inside ROOT (absolute targets are relative to ROOT,
    ".." stops at its top), as open(2) would after chroot(ROOT); None when a component is missing
    or the links loop. What the loader would find, without asking the host's filesystem."""
    parts = [p for p in path.split("/") if p not in ("", ".")]
    done, hops = [], 0
    while parts:
        name = parts.pop(0)
        if name == "..":
            if done:
                done.pop()
            continue
        host = os.path.join(root, *done, name)
        if os.path.islink(host):
            hops += 1
            if hops > max_hops:
                return None
            target = os.readlink(host)
            if target.startswith("/"):
                done = []
            parts = [p for p in target.split("/") if p not in ("", ".")] + parts
            continue
        if not os.path.lexists(host):
            return None
        done.append(name)
    return "/" + "/".join(done)


def host_path(root, inner):
    return os.path.join(root, inner.lstrip("/"))


@dataclass
class ElfFacts:
    machine: str
    etype: str
    interp: str = None
    needed: list = field(default_factory=list)
    rpath: list = field(default_factory=list)
    runpath: list = field(default_factory=list)


def elf_facts(path):
    """e_machine, e_type, PT_INTERP, DT_NEEDED, DT_RPATH and DT_RUNPATH of PATH, or None when it is
    not an ELF file."""
    try:
        with open(path, "rb") as f:
            if f.read(4) != b"\x7fELF":
                return None
            f.seek(0)
            elf = ELFFile(f)
            facts = ElfFacts(elf["e_machine"], elf["e_type"])
            for seg in elf.iter_segments():
                if seg["p_type"] == "PT_INTERP":
                    facts.interp = seg.get_interp_name()
            dyn = elf.get_section_by_name(".dynamic")
            if dyn is not None:
                tags = list(dyn.iter_tags())
                facts.needed = [t.needed for t in tags if t.entry.d_tag == "DT_NEEDED"]
                facts.rpath = [t.rpath for t in tags if t.entry.d_tag == "DT_RPATH"]
                facts.runpath = [t.runpath for t in tags if t.entry.d_tag == "DT_RUNPATH"]
            return facts
    except Exception:  # a truncated or odd file: not one the scan compares
        return None


def scan_elf_files(root, arch, under=("/",)):
    """Every regular ELF executable or shared object of ARCH below the UNDER directories of ROOT,
    as in-root paths, sorted; /dev, /proc, /sys and /var are left out."""
    machine = EM_NAMES[arch]
    found = set()
    for top in under:
        base = host_path(root, top)
        for dirpath, dirnames, filenames in os.walk(base):
            rel = "/" + os.path.relpath(dirpath, root).lstrip(".").lstrip("/")
            if rel == "/":
                dirnames[:] = [d for d in dirnames if d not in ("dev", "proc", "sys", "var")]
            for name in filenames:
                host = os.path.join(dirpath, name)
                if os.path.islink(host) or not os.path.isfile(host):
                    continue
                facts = elf_facts(host)
                if facts and facts.machine == machine and facts.etype in ("ET_EXEC", "ET_DYN"):
                    found.add(os.path.join(rel, name))
    return sorted(found)


# ---------------------------------------------------------------- the loader oracle
@dataclass
class LoaderRun:
    argv: list
    rc: int
    stdout: str
    stderr: str
    static: bool = False
    libraries: dict = field(default_factory=dict)   # soname -> path as printed, None = not found
    order: list = field(default_factory=list)       # sonames in the loader's order
    by_path: list = field(default_factory=list)     # objects printed without "=>" (the loader)
    versions: list = field(default_factory=list)    # (library path, version, required by)
    load_errors: dict = field(default_factory=dict)  # soname -> musl's error text
    errors: list = field(default_factory=list)      # anything else that makes the load fail
    unparsed: list = field(default_factory=list)    # lines this parser does not know
    oracle_problems: list = field(default_factory=list)  # the oracle itself cannot be trusted

    @property
    def loads(self):
        return (not self.unparsed and not self.errors and not self.versions and not self.load_errors
                and all(p is not None for p in self.libraries.values()))


GLIBC_FOUND = re.compile(r"^\t(?P<name>\S+) => (?P<path>.+) \(0x[0-9a-f]+\)$")
GLIBC_MISSING = re.compile(r"^\t(?P<name>\S+) => not found$")
BY_PATH = re.compile(r"^\t(?P<path>\S*) \(0x[0-9a-f]+\)$")
GLIBC_VERSION = re.compile(r"^(?P<file>.+?): (?P<lib>/\S+): version `(?P<ver>[^']+)' not found "
                           r"\(required by (?P<by>.+)\)$")
MUSL_LOAD_ERROR = re.compile(r"^Error loading shared library (?P<name>[^:]+): (?P<err>.+) "
                             r"\(needed by (?P<by>.+)\)$")
MUSL_RELOC_ERROR = re.compile(r"^Error relocating (?P<obj>[^:]+): (?P<msg>.+)$")


def _run(argv, env, chroot=None, timeout=120):
    def enter():
        os.chroot(chroot)
        os.chdir("/")
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout,
                          errors="surrogateescape", preexec_fn=enter if chroot else None)


def run_loader(root, oracle_root, file, env=None, debug=False):
    """The loader of ROOT (a manifest root entry) run on FILE in ORACLE_ROOT (a directory), parsed.
    FILE is an in-root path, or a host path of a file outside the root. ENV is the environment
    the loader sees (LD_LIBRARY_PATH …); DEBUG adds glibc's LD_DEBUG=libs (the paths it tried)."""
    env = dict(env or {})
    loader = root["loader"]
    copied = None
    inner_file = file
    if not root.get("qemu") and not file_in_root(oracle_root, file):
        # A host file and a chroot: give the loader a copy inside the root (the only way it can
        # open it); its $ORIGIN is then the copy's directory.
        copied = tempfile.mkdtemp(prefix="crossgo-oracle-", dir=host_path(oracle_root, "/tmp"))
        shutil.copy(file, copied)
        inner_file = "/tmp/" + os.path.basename(copied) + "/" + os.path.basename(file)
    try:
        if root["libc"] == "glibc":
            env["LD_TRACE_LOADED_OBJECTS"] = "1"
            if debug:
                env["LD_DEBUG"] = "libs"
            args = [inner_file]
        else:
            args = ["--list", inner_file]
        if root.get("qemu"):
            real_loader = resolve_in_root(oracle_root, loader)
            qemu = shutil.which(root["qemu"]) or root["qemu"]
            argv = [qemu, "-L", oracle_root]
            for k, v in env.items():
                argv += ["-E", f"{k}={v}"]  # the guest's environment only, not qemu's own
            argv += [host_path(oracle_root, real_loader or loader), *args]
            res = _run(argv, {})
        else:
            argv = [loader, *args]
            res = _run(argv, env, chroot=oracle_root)
    finally:
        if copied:
            shutil.rmtree(copied, ignore_errors=True)
    run = parse_loader_output(root["libc"], argv, res, oracle_root)
    if copied:
        run.versions = [(lib, ver, file if by == inner_file else by) for lib, ver, by in run.versions]
    if root.get("qemu"):
        guard_qemu_fallback(run, oracle_root)
    return run


def file_in_root(root, file):
    return file.startswith("/") and resolve_in_root(root, file) is not None


def parse_loader_output(libc, argv, res, oracle_root):
    run = LoaderRun(argv, res.returncode, res.stdout, res.stderr)
    prefix = oracle_root.rstrip("/") + "/"

    def unroot(path):  # qemu's loader names itself by the host path it was started with
        return "/" + path[len(prefix):] if path.startswith(prefix) else path

    for line in res.stdout.splitlines():
        if not line.strip():
            continue
        if line.strip() == "statically linked":
            run.static = True
        elif m := GLIBC_MISSING.match(line):
            run.libraries[m["name"]] = None
            run.order.append(m["name"])
        elif m := GLIBC_FOUND.match(line):
            name, path = m["name"], unroot(m["path"])
            if name.startswith("/"):  # the interpreter, named by PT_INTERP, opened by another path
                run.by_path.append(path)
            else:
                run.libraries[name] = path
                run.order.append(name)
        elif m := BY_PATH.match(line):
            if m["path"].startswith("/"):
                run.by_path.append(unroot(m["path"]))
            # else the vDSO ("linux-vdso.so.1", or nameless under qemu): not a file
        else:
            run.unparsed.append(line)
    debug = re.compile(r"^\s*\d+:\s")
    for line in res.stderr.splitlines():
        if not line.strip() or debug.match(line):
            continue
        if libc == "glibc" and (m := GLIBC_VERSION.match(line)):
            run.versions.append((unroot(m["lib"]), m["ver"], m["by"]))
        elif "not a dynamic executable" in line or "Not a valid dynamic program" in line:
            run.static = True
        elif libc == "musl" and (m := MUSL_LOAD_ERROR.match(line)):
            run.load_errors[m["name"]] = m["err"]
            if m["name"] not in run.libraries:
                run.libraries[m["name"]] = None
                run.order.append(m["name"])
        elif libc == "musl" and MUSL_RELOC_ERROR.match(line):
            # After a missing library the unresolved symbols follow; they are a consequence.
            # Otherwise (a wrong-architecture object) they are the failure itself.
            if not run.load_errors:
                run.errors.append(line)
        else:
            run.errors.append(line)
    if libc == "musl" and run.rc != 0 and not (run.static or run.load_errors or run.errors):
        run.errors.append(f"exit status {run.rc}")
    return run


def loader_tried(run):
    """The paths glibc's loader tried (LD_DEBUG=libs "trying file=...")."""
    return re.findall(r"trying file=(\S+)", run.stderr)


def guard_qemu_fallback(run, oracle_root):
    """qemu -L falls back to the host's file when the root lacks a path: a reported path absent
    from the root (or a host /etc/ld.so.preload the root lacks) means the host answered."""
    for soname, path in run.libraries.items():
        if path is not None and resolve_in_root(oracle_root, path) is None:
            run.oracle_problems.append(f"{soname} => {path} is not in {oracle_root}: qemu took the host's file")
    if os.path.exists("/etc/ld.so.preload") and resolve_in_root(oracle_root, "/etc/ld.so.preload") is None:
        run.oracle_problems.append("the host has /etc/ld.so.preload and the root has none: qemu -L reads the host's")


def interpreter_state(root, oracle_root, file):
    """(PT_INTERP or None, its real path in the root or None). FILE as run_loader takes it."""
    host = host_path(oracle_root, resolve_in_root(oracle_root, file)) if file_in_root(oracle_root, file) else file
    facts = elf_facts(host)
    if facts is None or facts.interp is None:
        return None, None
    return facts.interp, resolve_in_root(oracle_root, facts.interp)


def exec_fails_enoent(oracle_root, file):
    """Whether exec'ing FILE (an in-root path) inside a chroot fails with ENOENT: what the kernel
    says when the interpreter is missing. Only called when the interpreter is missing, so nothing
    of the file can run."""
    try:
        _run([file], {}, chroot=oracle_root, timeout=30)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return False


# ---------------------------------------------------------------- crossgo
_SCHEMA = None


def validate_rootfs_json(doc):
    """Raises jsonschema.ValidationError unless doc follows docs/rootfs.schema.json."""
    global _SCHEMA
    import jsonschema  # Debian's python3-jsonschema
    if _SCHEMA is None:
        here = os.path.dirname(os.path.abspath(__file__))
        with open(os.path.join(here, "..", "..", "docs", "rootfs.schema.json")) as f:
            _SCHEMA = json.load(f)
    jsonschema.validate(doc, _SCHEMA)


def crossgo_rootfs(crossgo, root_path, files, args=(), json_out=True, timeout=900):
    """`crossgo rootfs [--json] ARGS ROOT FILES...`: (CompletedProcess, parsed JSON or None). Every
    JSON document is validated against docs/rootfs.schema.json: one that does not follow it is
    returned as None, which fails the caller's checks."""
    argv = [crossgo, "rootfs", *(["--json"] if json_out else []), *args, root_path, *files]
    res = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, errors="surrogateescape")
    doc = None
    if json_out:
        try:
            doc = json.loads(res.stdout)
            validate_rootfs_json(doc)
        except json.JSONDecodeError:
            pass
        except Exception as e:  # jsonschema.ValidationError
            print(f"FAIL: crossgo rootfs {' '.join(argv[2:])[:200]}: JSON does not follow docs/rootfs.schema.json: {e}")
            doc = None
    return res, doc


def case_file(cache, case):
    """The FILE argument of a manifest case: its in-root path, or the host path of an outside file."""
    return case["file"] if case["in_root"] else os.path.join(cache, case["file"])


def file_entries(doc):
    """{path as given: file entry} of a crossgo rootfs JSON document."""
    return {f["path"]: f for f in (doc or {}).get("files", [])}


def libraries_of(entry):
    return {lib["soname"]: lib for lib in entry.get("libraries") or []}


def findings(entry, code=None):
    return [f for f in entry.get("findings") or [] if code is None or f["code"] == code]


def compare_with_loader(entry, run, interp, ck, what):
    """crossgo's file ENTRY against the loader's RUN: every soname the loader lists has crossgo's
    path (equal to what the loader prints) or is missing for both with a CG881 finding; nothing
    extra but the loader itself; the same order; the same missing versions; the same verdict."""
    libs = libraries_of(entry)
    if run.static:
        ck.expect(f"{what}: loads (the loader says statically linked)", entry.get("loads") is True,
                  f"loads {entry.get('loads')}, findings {findings(entry)}")
        ck.expect(f"{what}: nothing missing", all(l.get("path") for l in libs.values()),
                  f"{[s for s, l in libs.items() if not l.get('path')]}")
        return
    for soname, path in run.libraries.items():
        lib = libs.get(soname)
        if not ck.expect(f"{what}: {soname} listed", lib is not None, f"crossgo lists {sorted(libs)}"):
            continue
        if path is None:
            ck.expect(f"{what}: {soname} not found", lib.get("path") is None, f"crossgo resolved {lib.get('path')}")
            ck.expect(f"{what}: {soname} has a CG881 finding",
                      any(f.get("subject") == soname for f in findings(entry, CG_LIB_MISSING)),
                      f"findings {findings(entry)}")
        else:
            ck.expect(f"{what}: {soname} => {path}", lib.get("path") == path, f"crossgo: {lib.get('path')}")
    # crossgo may list the loader itself (libc.so.6 needs ld-linux-*.so.2), which glibc prints by
    # path; musl prints every reserved name with "=>".
    loader_paths = set(run.by_path) | ({interp} if interp else set())
    loader_names = {os.path.basename(p) for p in loader_paths}
    extra = [s for s, l in libs.items() if s not in run.libraries
             and not (s in loader_names or l.get("path") in loader_paths or l.get("real_path") in loader_paths)]
    ck.expect(f"{what}: nothing the loader does not load", not extra, f"crossgo also lists {extra}")
    # Only what the loader found has a place in its order: glibc prints "not found" entries after
    # the others, musl reports them on stderr.
    found = [s for s in run.order if run.libraries[s] is not None]
    order = [s for s in (lib["soname"] for lib in entry.get("libraries") or []) if s in found]
    ck.expect(f"{what}: load order", order == [s for s in found if s in libs], f"crossgo {order}, loader {found}")
    for lib_path, version, _by in run.versions:
        ck.expect(f"{what}: {version} missing in {lib_path} is a CG882 finding",
                  any(version in (f.get("message", "") + " " + str(f.get("subject")))
                      for f in findings(entry, CG_VERSION_MISSING)), f"findings {findings(entry)}")
    if not run.versions:
        ck.expect(f"{what}: no CG882 (the loader misses no version)", not findings(entry, CG_VERSION_MISSING),
                  f"{findings(entry, CG_VERSION_MISSING)}")
    ck.expect(f"{what}: loads {run.loads} as the loader says", entry.get("loads") is run.loads,
              f"crossgo loads {entry.get('loads')}, findings {[f['code'] for f in findings(entry)]}; "
              f"loader errors {run.errors + list(run.load_errors.values())}")


def glibc_search_phases(run):
    """{soname: phase} from glibc's LD_DEBUG=libs trace: whether the path the loader used was tried
    before it consulted ld.so.cache ("search_list": RPATH, LD_LIBRARY_PATH or RUNPATH), as the
    cache's answer ("cache"), or after it ("default": the system directories). Which search list
    found a library cannot be read off the trace: glibc labels a directory ("search path=… (RUNPATH
    from file …)") with the list that first used it, so a directory on two lists keeps one label."""
    phases, name, phase, tried = {}, None, None, []

    def close():
        if name and run.libraries.get(name):
            hits = [ph for p, ph in tried if p == run.libraries[name]]
            if hits:
                phases[name] = hits[-1]

    for line in run.stderr.splitlines():
        m = re.match(r"^\s*\d+:\s?(.*)$", line)
        if not m:
            continue
        msg = m.group(1)
        if f := re.match(r"^find library=(\S+) \[\d+\]; searching", msg):
            close()
            name, phase, tried = f.group(1), "search_list", []
        elif msg.startswith(" search cache="):
            phase = "cache"
        elif msg.startswith(" search path=") and phase == "cache":
            phase = "default"
        elif t := re.match(r"^\s+trying file=(\S+)", msg):
            tried.append((t.group(1), phase))
    close()
    return phases


def search_dirs(facts, obj_dir, kind):
    """FACTS' DT_RPATH or DT_RUNPATH (KIND) directories with $ORIGIN / ${ORIGIN} as OBJ_DIR."""
    dirs = []
    for entry in getattr(facts, kind) or []:
        for d in entry.split(":"):
            dirs.append(d.replace("${ORIGIN}", obj_dir).replace("$ORIGIN", obj_dir))
    return dirs


def needed_depths(oracle_root, file, run):
    """{soname: depth} of the loaded objects, breadth first from FILE (depth 1: its own DT_NEEDED),
    following the paths the loader reported."""
    host = host_path(oracle_root, resolve_in_root(oracle_root, file)) if file_in_root(oracle_root, file) else file
    depths, frontier, depth = {}, [host], 0
    while frontier:
        depth += 1
        nxt = []
        for obj in frontier:
            facts = elf_facts(obj)
            for soname in (facts.needed if facts else []):
                if soname in depths:
                    continue
                depths[soname] = depth
                path = run.libraries.get(soname)
                real = resolve_in_root(oracle_root, path) if path else None
                if real:
                    nxt.append(host_path(oracle_root, real))
        frontier = nxt
    return depths
