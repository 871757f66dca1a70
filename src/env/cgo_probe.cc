// Proving that the C toolchain can build for the target, instead of trusting that it exists:
// compile and link a tiny program that includes what runtime/cgo includes, with the flags `go
// build` passes, and read what the linker produced. A cross gcc installed without its target C
// library (Debian only *recommends* libc6-dev-<arch>-cross) names the right triplet in
// -dumpmachine and still fails every cgo build; only building shows it.
//
// Flags follow cmd/go/internal/work/exec.go (Go 1.19–1.23): compilerCmd (`-I objdir`, -fPIC except
// on windows, gccArchArgs, -pthread or -mthreads on windows, -fmessage-length=0, -fno-common on
// darwin, -mcmodel=large on aix), then CGO_CPPFLAGS and CGO_CFLAGS (default "-g -O2", envList),
// and for the link CGO_LDFLAGS plus runtime/cgo's own `#cgo LDFLAGS` (runtime/cgo/cgo.go).
// Each probe runs in a private temporary directory that is removed afterwards, with argv (never a
// shell), the user's environment and a timeout; results are cached for the process.
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>

#include "crossgo/env.h"
#include "crossgo/report.h"
#include "env/internal.h"

namespace crossgo::env {

std::string_view to_string(ProbeProblem p) {
  switch (p) {
    case ProbeProblem::none: return "none";
    case ProbeProblem::headers: return "headers";
    case ProbeProblem::libc: return "libc";
    case ProbeProblem::startup_files: return "startup-files";
    case ProbeProblem::libgcc: return "libgcc";
    case ProbeProblem::wrong_linker: return "wrong-linker";
    case ProbeProblem::wrong_output: return "wrong-output";
    case ProbeProblem::library_other_arch: return "library-other-arch";
    case ProbeProblem::library_missing: return "library-missing";
    case ProbeProblem::timed_out: return "timed-out";
    case ProbeProblem::other: return "other";
  }
  return "other";
}

namespace {

std::string between(const std::string& line, const std::string& open, const std::string& close) {
  auto a = line.find(open);
  if (a == std::string::npos) return "";
  a += open.size();
  auto b = line.find(close, a);
  return b == std::string::npos ? "" : line.substr(a, b - a);
}

// "cannot find -lc" / "cannot find crt1.o: No such file" / "cannot find -lfoo: No such file" →
// "-lc", "crt1.o", "-lfoo". GNU ld, gold and lld all say "cannot find"; lld says "unable to find
// library -lc".
std::string cannot_find_what(const std::string& line) {
  std::string rest;
  if (auto p = line.find("cannot find "); p != std::string::npos) rest = line.substr(p + 12);
  else if (auto q = line.find("unable to find library "); q != std::string::npos) rest = line.substr(q + 23);
  else return "";
  auto end = rest.find_first_of(": ");
  return rest.substr(0, end);
}

bool is_libc_library(const std::string& lib) {
  static const char* kLibc[] = {"-lc", "-lpthread", "-lm", "-ldl", "-lrt", "-lutil", "-lresolv", "-lxnet",
                                "-lsocket", "-llog", "-lmsvcrt", "-lucrt", "-lkernel32", "-lmingw32",
                                "-lmingwex", "-lmoldname", "-ladvapi32", "-lshell32", "-luser32"};
  for (const char* l : kLibc) {
    if (lib == l) return true;
  }
  return false;
}

bool is_startup_file(const std::string& f) {
  return f == "crt1.o" || f == "Scrt1.o" || f == "rcrt1.o" || f == "gcrt1.o" || f == "crti.o" || f == "crtn.o" ||
         f == "crt2.o" || f == "dllcrt2.o" || f == "crt0.o";
}

bool is_libgcc(const std::string& f) {
  return f == "-lgcc" || f == "-lgcc_s" || f == "-lgcc_eh" || f.rfind("crtbegin", 0) == 0 ||
         f.rfind("crtend", 0) == 0 || f == "libgcc.a";
}

}  // namespace

ProbeProblem classify_compiler_failure(const std::string& step, const std::string& text, std::string* missing,
                                       std::string* first_error) {
  std::string first, any;
  std::string incompatible;  // "skipping incompatible X when searching for -lfoo" → X
  ProbeProblem found = ProbeProblem::other;
  std::string what;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string line = trim_copy(text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos));
    pos = nl == std::string::npos ? text.size() : nl + 1;
    if (line.empty()) continue;
    if (any.empty()) any = line;
    const bool errorish = contains(line, "error") || contains(line, "cannot find") ||
                          contains(line, "unrecognised emulation") || contains(line, "unrecognized emulation") ||
                          contains(line, "No such file") || contains(line, "not found");
    if (first.empty() && errorish && !starts_with(line, "In file included") && !starts_with(line, "compilation terminated") &&
        !starts_with(line, "collect2:"))
      first = line;
    if (found != ProbeProblem::other) continue;
    if (auto p = line.find("skipping incompatible "); p != std::string::npos && incompatible.empty()) {
      incompatible = line.substr(p + 22, line.find(" when searching") == std::string::npos
                                             ? std::string::npos
                                             : line.find(" when searching") - (p + 22));
      continue;
    }
    // gcc: "p.c:1:10: fatal error: errno.h: No such file or directory"; clang: "'errno.h' file not found".
    if (contains(line, "fatal error:")) {
      std::string h = between(line, "fatal error: ", ": No such file");
      if (h.empty()) h = between(line, "fatal error: '", "' file not found");
      if (!h.empty()) {
        found = ProbeProblem::headers;
        what = h;
        first = line;
        continue;
      }
    }
    if (std::string f = cannot_find_what(line); !f.empty()) {
      what = f;
      first = line;
      if (is_startup_file(f)) found = ProbeProblem::startup_files;
      else if (is_libgcc(f)) found = ProbeProblem::libgcc;
      else if (is_libc_library(f)) found = !incompatible.empty() ? ProbeProblem::wrong_linker : ProbeProblem::libc;
      else if (!incompatible.empty()) {
        found = ProbeProblem::library_other_arch;
        what = incompatible;
      } else if (starts_with(f, "-l")) found = ProbeProblem::library_missing;
      else found = ProbeProblem::other;
      continue;
    }
    if (contains(line, "unrecognised emulation mode") || contains(line, "unrecognized emulation mode") ||
        contains(line, "is incompatible with") || contains(line, "incompatible target") ||
        contains(line, "Relocations in generic ELF") || contains(line, "file in wrong format")) {
      // "ld: ./libfoo.a(foo.o): Relocations in generic ELF (EM: 62)": a library of another
      // architecture is the library's fault; our own probe object in the wrong format, or an
      // emulation the linker lacks, is the linker's.
      const auto ld = line.find("ld: ");
      std::string subject = ld == std::string::npos ? line : line.substr(ld + 4);
      subject = subject.substr(0, subject.find(": "));
      first = line;
      if (!contains(line, "emulation") && !subject.empty() && !contains(subject, "probe.o")) {
        found = ProbeProblem::library_other_arch;
        what = subject.substr(0, subject.find('('));
      } else {
        found = ProbeProblem::wrong_linker;
        what.clear();
      }
    }
  }
  if (first.empty()) first = any;
  if (first.size() > 400) first = first.substr(0, 400) + "…";
  if (missing != nullptr) *missing = what;
  if (first_error != nullptr) *first_error = first;
  if (found == ProbeProblem::other && step == "compile" && contains(text, "No such file or directory") &&
      contains(text, ".h")) {
    return ProbeProblem::headers;
  }
  return found;
}

namespace {

// The headers runtime/cgo's C files include for the target (runtime/cgo/gcc_*.c, libcgo.h).
std::string c_program(const std::string& goos) {
  if (goos == "windows") {
    return "#include <stdlib.h>\n#define WIN32_LEAN_AND_MEAN\n#include <windows.h>\n#include <process.h>\n"
           "#include <errno.h>\n#include <stdio.h>\n#include <string.h>\n"
           "static void run(void *arg) { (void)arg; }\n"
           "int main(void) { if (_beginthread(run, 0, NULL) == (uintptr_t)-1) return 1;\n"
           "  printf(\"%s %lu\\n\", strerror(errno), (unsigned long)GetCurrentThreadId()); return 0; }\n";
  }
  // stdlib.h first, as in cgo's generated _cgo_export.c, so a missing header is the one the real
  // build reports first.
  std::string s =
      "#include <stdlib.h>\n#include <errno.h>\n#include <pthread.h>\n#include <signal.h>\n#include <stdint.h>\n"
      "#include <stdio.h>\n#include <string.h>\n#include <time.h>\n#include <unistd.h>\n";
  if (goos == "android") s += "#include <android/log.h>\n";
  s += "static void *run(void *arg) { return arg; }\n"
       "int main(void) { pthread_t t; if (pthread_create(&t, NULL, run, NULL) == 0) pthread_join(t, NULL);\n"
       "  printf(\"%s\\n\", strerror(errno)); return 0; }\n";
  return s;
}

const char* kCxxProgram =
    "#include <cstdlib>\n#include <string>\n#include <vector>\n"
    "int main() { std::vector<std::string> v{\"ok\"}; return v.front().size() == 2 ? EXIT_SUCCESS : EXIT_FAILURE; }\n";

// runtime/cgo/cgo.go's `#cgo LDFLAGS` for the target.
std::vector<std::string> runtime_cgo_ldflags(const std::string& goos, const std::string& goarch) {
  if (goos == "linux" || goos == "freebsd" || goos == "netbsd" || goos == "openbsd" || goos == "dragonfly")
    return {"-lpthread"};
  if (goos == "android") return {"-llog"};
  if (goos == "darwin") return goarch == "arm64" ? std::vector<std::string>{"-framework", "CoreFoundation"}
                                                  : std::vector<std::string>{"-lpthread"};
  if (goos == "solaris" || goos == "illumos") return {"-lxnet", "-lsocket"};
  if (goos == "aix") return {"-Wl,-berok"};
  return {};
}

// cmd/go compilerCmd + gccArchArgs for the target.
std::vector<std::string> go_compiler_flags(const Environment& e) {
  const std::string goos = e.get("GOOS"), goarch = e.get("GOARCH");
  std::vector<std::string> a{"-I", "."};
  if (goos != "windows") a.push_back("-fPIC");
  if (goarch == "386") a.push_back("-m32");
  else if (goarch == "amd64") {
    if (goos == "darwin") a.insert(a.end(), {"-arch", "x86_64"});
    a.push_back("-m64");
  } else if (goarch == "arm64" && (goos == "darwin" || goos == "ios")) {
    a.insert(a.end(), {"-arch", "arm64"});
  } else if (goarch == "arm") {
    a.push_back("-marm");
  } else if (goarch == "s390x") {
    a.insert(a.end(), {"-m64", "-march=z196"});
  } else if (goarch == "mips64" || goarch == "mips64le") {
    const std::string f = e.get("GOMIPS64");
    if (f == "hardfloat") a.insert(a.end(), {"-mabi=64", "-mhard-float"});
    else if (f == "softfloat") a.insert(a.end(), {"-mabi=64", "-msoft-float"});
  } else if (goarch == "mips" || goarch == "mipsle") {
    const std::string f = e.get("GOMIPS");
    if (f == "hardfloat") a.insert(a.end(), {"-mabi=32", "-march=mips32", "-mhard-float", "-mfp32", "-mno-odd-spreg"});
    else if (f == "softfloat") a.insert(a.end(), {"-mabi=32", "-march=mips32", "-msoft-float"});
  } else if (goarch == "loong64") {
    a.push_back("-mabi=lp64d");
  } else if (goarch == "ppc64" && goos == "aix") {
    a.push_back("-maix64");
  }
  a.push_back(goos == "windows" ? "-mthreads" : "-pthread");
  if (goos == "aix") a.push_back("-mcmodel=large");
  a.push_back("-fmessage-length=0");
  if (goos == "darwin" || goos == "ios") a.push_back("-fno-common");
  return a;
}

// cmd/go envList: the variable's words, or the default when it is empty.
std::vector<std::string> flags_or_default(const Environment& e, const char* name) {
  const std::string v = e.get(name);
  return split_quoted(v.empty() ? std::string(name) == "CGO_CPPFLAGS" ? "" : "-g -O2" : v);
}

class TempDir {
 public:
  explicit TempDir(const EnvMap& process) {
    std::string base = "/tmp";
    if (auto it = process.find("TMPDIR"); it != process.end() && !it->second.empty() && is_directory(it->second))
      base = it->second;
    std::string templ = base + "/crossgo-probe-XXXXXX";
    if (mkdtemp(templ.data()) != nullptr) path_ = templ;
  }
  ~TempDir() {
    if (path_.empty()) return;
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

std::string absolute_program(const CompilerProbe& c) {
  std::string p = c.resolved.empty() ? c.argv[0] : c.resolved;
  if (p.find('/') != std::string::npos && p[0] != '/') {
    std::error_code ec;
    auto abs = std::filesystem::absolute(p, ec);
    if (!ec) p = abs.string();
  }
  return p;
}

std::mutex g_cache_mutex;
std::map<std::string, BuildProbe>& cache() {
  static std::map<std::string, BuildProbe> c;
  return c;
}

std::string cache_key(const Environment& e, const BuildRequest& r) {
  std::string k = r.role + '\0' + e.get("GOOS") + '/' + e.get("GOARCH") + '\0';
  struct stat st {};
  if (!r.compiler.empty() && stat(r.compiler[0].c_str(), &st) == 0)
    k += std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec) + '\0';
  for (const auto* list : {&r.compiler, &r.compile_flags, &r.link_flags}) {
    for (const auto& w : *list) k += w + '\x1f';
    k += '\0';
  }
  // What else changes a compiler's search paths.
  for (const char* v : {"PATH", "COMPILER_PATH", "LIBRARY_PATH", "CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH",
                        "GCC_EXEC_PREFIX", "SDKROOT", "TMPDIR"}) {
    if (auto it = e.process.find(v); it != e.process.end()) k += std::string(v) + "=" + it->second + '\0';
  }
  return k;
}

std::string describe_output(const ArtifactReport& r) {
  if (r.error || !r.goarch) return r.format;
  std::string s = (r.goos ? *r.goos : std::string("?")) + "/" + *r.goarch;
  if (auto it = r.arch_flags.find("float_abi"); it != r.arch_flags.end()) s += " (" + it->second + "-float)";
  return s;
}

}  // namespace

BuildProbe run_build_probe(const Environment& e, const BuildRequest& r, int timeout_ms) {
  const std::string key = cache_key(e, r);
  {
    std::lock_guard<std::mutex> lock(g_cache_mutex);
    if (auto it = cache().find(key); it != cache().end()) {
      BuildProbe b = it->second;
      b.cached = true;
      return b;
    }
  }
  BuildProbe b;
  b.role = r.role;
  TempDir dir(e.process);
  if (dir.path().empty()) {
    b.skipped = "could not create a private temporary directory";
    return b;
  }
  const std::string src = r.cxx ? "probe.cc" : "probe.c";
  if (!write_file(dir.path() + "/" + src, r.cxx ? kCxxProgram : c_program(e.get("GOOS")))) {
    b.skipped = "could not write the probe source in " + dir.path();
    return b;
  }
  const std::vector<std::string> go_flags = go_compiler_flags(e);
  b.compile_argv = r.compiler;
  b.compile_argv.insert(b.compile_argv.end(), go_flags.begin(), go_flags.end());
  b.compile_argv.insert(b.compile_argv.end(), r.compile_flags.begin(), r.compile_flags.end());
  b.compile_argv.insert(b.compile_argv.end(), {"-c", src, "-o", "probe.o"});
  b.link_argv = r.compiler;
  b.link_argv.insert(b.link_argv.end(), go_flags.begin(), go_flags.end());
  b.link_argv.insert(b.link_argv.end(), {"-o", "probe", "probe.o"});
  b.link_argv.insert(b.link_argv.end(), r.link_flags.begin(), r.link_flags.end());
  b.ran = true;
  auto step = [&](const char* name, const std::vector<std::string>& argv) {
    auto res = run_process(argv, e.process, timeout_ms, dir.path());
    if (res.exit_code == 0 && !res.timed_out) return true;
    b.step = name;
    if (res.timed_out) {
      b.problem = ProbeProblem::timed_out;
      b.first_error = "`" + join(argv, " ") + "` did not finish within " + std::to_string(timeout_ms / 1000) + " s";
    } else if (!res.started) {
      b.problem = ProbeProblem::other;
      b.first_error = res.error;
    } else {
      b.problem = classify_compiler_failure(name, res.err + "\n" + res.out, &b.missing, &b.first_error);
      if (b.first_error.empty()) b.first_error = "exit status " + std::to_string(res.exit_code);
    }
    return false;
  };
  if (step("compile", b.compile_argv) && step("link", b.link_argv)) {
    // The linker said yes; the file it wrote must also be for the target.
    const std::vector<ArtifactReport> reports = inspect_path(dir.path() + "/probe");
    const ArtifactReport& out = reports.front();
    b.output = describe_output(out);
    if (out.goarch && *out.goarch != e.get("GOARCH")) {
      b.step = "link";
      b.problem = ProbeProblem::wrong_output;
      b.first_error = "the linked program is " + b.output + ", not " + e.get("GOOS") + "/" + e.get("GOARCH");
    } else {
      b.ok = true;
    }
  }
  std::lock_guard<std::mutex> lock(g_cache_mutex);
  cache()[key] = b;
  return b;
}

namespace {

BuildProbe probe_role(const Environment& e, const std::string& role, int timeout_ms) {
  BuildProbe b;
  b.role = role;
  const CompilerProbe* c = e.compiler(role);
  const std::string goos = e.get("GOOS"), goarch = e.get("GOARCH");
  if (c == nullptr || c->argv.empty()) {
    b.skipped = role + " is empty";
  } else if (!c->found) {
    b.skipped = c->argv[0] + " is not installed";
  } else if (contains(c->error, "timed out")) {
    b.skipped = "it did not answer -dumpmachine in time";
  } else if ((!c->target_goarch.empty() && c->target_goarch != goarch) ||
             (!c->target_goos.empty() && c->target_goos != goos)) {
    b.skipped = "it targets " + c->dumpmachine + ", not " + goos + "/" + goarch;
  } else {
    return run_build_probe(e, compiler_build_request(e, role), timeout_ms);
  }
  return b;
}

}  // namespace

BuildRequest compiler_build_request(const Environment& e, const std::string& role) {
  BuildRequest r;
  r.role = role;
  r.cxx = role == "CXX";
  const CompilerProbe* c = e.compiler(r.cxx ? "CXX" : "CC");
  if (c == nullptr || c->argv.empty()) return r;
  r.compiler = c->argv;
  r.compiler[0] = absolute_program(*c);
  r.compile_flags = flags_or_default(e, "CGO_CPPFLAGS");
  auto more = flags_or_default(e, r.cxx ? "CGO_CXXFLAGS" : "CGO_CFLAGS");
  r.compile_flags.insert(r.compile_flags.end(), more.begin(), more.end());
  // runtime/cgo's own `#cgo CFLAGS: -Wall -Werror -fno-stack-protector` come after CGO_CFLAGS, so
  // a compiler warning about the user's flags (clang: "argument unused during compilation") stops
  // runtime/cgo; the pkg-config probe stands for the user's own package, which has no -Werror.
  if (role == "CC") r.compile_flags.insert(r.compile_flags.end(), {"-Wall", "-Werror", "-fno-stack-protector"});
  r.link_flags = flags_or_default(e, "CGO_LDFLAGS");
  auto rt = runtime_cgo_ldflags(e.get("GOOS"), e.get("GOARCH"));
  r.link_flags.insert(r.link_flags.end(), rt.begin(), rt.end());
  return r;
}

void probe_cgo_toolchain(Environment& e, int timeout_ms) {
  e.build_probes.clear();
  e.pkg_config = PkgConfigProbe{};
  const std::string goos = e.get("GOOS"), goarch = e.get("GOARCH");
  if (!ports::is_goos(goos) || !ports::is_goarch(goarch)) return;
  if (!ports::port_status(goos, goarch, e.version).cgo_supported) return;  // CG303
  if ((goos == "darwin" || goos == "ios") && e.go.host_goos != "darwin") return;  // CG503
  e.build_probes.push_back(probe_role(e, "CC", timeout_ms));
  if (explicitly_set(e.var("CXX")) || !e.module_use.cxx_files.empty())
    e.build_probes.push_back(probe_role(e, "CXX", timeout_ms));
  if (!e.module_use.pkg_config.empty()) e.pkg_config = probe_pkg_config(e, timeout_ms);
}

}  // namespace crossgo::env
