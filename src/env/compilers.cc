// Asking the configured C/C++ compiler which target it produces code for: `$CC -dumpmachine`
// (gcc, clang — clang honours --target/-target given in CC, zig cc honours -target), run with
// argv from CC split the way cmd/go splits it, a timeout and the user's environment. The answer
// (a GNU triplet) is mapped to Go's GOOS/GOARCH so rules can compare it with the build target.
#include <algorithm>
#include <future>

#include "crossgo/env.h"
#include "env/internal.h"

namespace crossgo::env {

void triple_to_go(const std::string& triple, std::string& goos, std::string& goarch) {
  goos.clear();
  goarch.clear();
  if (triple.empty()) return;
  const std::string arch = triple.substr(0, triple.find('-'));
  if (arch == "x86_64" || arch == "amd64") goarch = "amd64";
  else if (arch == "i386" || arch == "i486" || arch == "i586" || arch == "i686") goarch = "386";
  else if (arch == "aarch64" || arch == "arm64") goarch = "arm64";
  else if (starts_with(arch, "arm") || starts_with(arch, "thumb")) goarch = "arm";
  else if (arch == "riscv64") goarch = "riscv64";
  else if (arch == "powerpc64le" || arch == "ppc64le") goarch = "ppc64le";
  else if (arch == "powerpc64" || arch == "ppc64") goarch = "ppc64";
  else if (arch == "s390x") goarch = "s390x";
  else if (arch == "mips" ) goarch = "mips";
  else if (arch == "mipsel") goarch = "mipsle";
  else if (arch == "mips64") goarch = "mips64";
  else if (arch == "mips64el") goarch = "mips64le";
  else if (arch == "loongarch64") goarch = "loong64";
  else if (starts_with(arch, "wasm")) goarch = "wasm";
  const std::string rest = triple.size() > arch.size() ? triple.substr(arch.size()) : "";
  if (contains(rest, "android")) goos = "android";
  else if (contains(rest, "linux")) goos = "linux";
  else if (contains(rest, "mingw") || contains(rest, "windows") || contains(rest, "cygwin")) goos = "windows";
  else if (contains(rest, "ios")) goos = "ios";
  else if (contains(rest, "darwin") || contains(rest, "macos") || contains(rest, "apple")) goos = "darwin";
  else if (contains(rest, "freebsd")) goos = "freebsd";
  else if (contains(rest, "netbsd")) goos = "netbsd";
  else if (contains(rest, "openbsd")) goos = "openbsd";
  else if (contains(rest, "dragonfly")) goos = "dragonfly";
  else if (contains(rest, "solaris")) goos = "solaris";
  else if (contains(rest, "wasi")) goos = "wasip1";
}

std::string triple_float_abi(const std::string& triple) {
  if (contains(triple, "eabihf") || contains(triple, "gnueabihf")) return "hard";
  if (contains(triple, "eabi")) return "soft";
  return "";
}

namespace {

std::string basename_of(const std::string& p) {
  auto slash = p.find_last_of('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

// Value of --flag=X / --flag X / -flag X in argv, or empty.
std::string flag_value(const std::vector<std::string>& argv, const std::string& flag) {
  for (size_t i = 0; i < argv.size(); ++i) {
    for (const std::string& form : {"-" + flag, "--" + flag}) {
      if (argv[i] == form && i + 1 < argv.size()) return argv[i + 1];
      if (starts_with(argv[i], form + "=")) return argv[i].substr(form.size() + 1);
    }
  }
  return "";
}

CompilerProbe probe_one(const Environment& e, const std::string& role, int timeout_ms) {
  CompilerProbe c;
  c.role = role;
  c.command = e.get(role);
  std::string err;
  c.argv = split_quoted(c.command, &err);
  if (!err.empty()) c.error = "$" + role + ": " + err;
  if (c.argv.empty()) return c;
  auto path = e.process.find("PATH");
  auto found = find_executable(c.argv[0], path == e.process.end() ? "" : path->second);
  c.found = found.has_value();
  if (found) c.resolved = *found;
  const std::string base = basename_of(c.argv[0]);
  if (base == "zig" || (c.argv.size() > 1 && c.argv[1] == "cc" && contains(base, "zig"))) c.kind = "zig";
  else if (contains(base, "clang")) c.kind = "clang";
  else if (contains(base, "gcc") || contains(base, "g++") || base == "cc" || base == "c++") c.kind = "gcc";
  else c.kind = "unknown";
  // Flags that decide sysroot and float ABI can also come from CGO_CFLAGS / CGO_LDFLAGS.
  std::vector<std::string> all = c.argv;
  for (const char* k : {"CGO_CFLAGS", "CGO_CPPFLAGS", "CGO_LDFLAGS"}) {
    auto words = split_quoted(e.get(k));
    all.insert(all.end(), words.begin(), words.end());
  }
  c.sysroot = flag_value(all, "-sysroot");
  if (c.sysroot.empty()) c.sysroot = flag_value(all, "isysroot");
  if (c.found) {
    std::vector<std::string> argv = c.argv;
    argv.push_back("-dumpmachine");
    auto r = run_tool(argv, e.process, timeout_ms);
    c.asked = r.started;
    if (r.timed_out) {
      c.error = "`" + c.command + " -dumpmachine` timed out" + (r.error.empty() ? "" : " (" + r.error + ")");
    } else if (r.exit_code == 0) {
      c.dumpmachine = trim_copy(r.out.substr(0, r.out.find('\n')));
      if (c.dumpmachine.size() > 128) c.dumpmachine.resize(128);
    } else if (r.started) {
      c.error = "`" + c.command + " -dumpmachine` failed: " + trim_copy(r.err.substr(0, 300));
    } else {
      c.error = r.error;
    }
  }
  std::string triple = c.dumpmachine;
  if (triple.empty()) {
    triple = flag_value(c.argv, "target");  // clang --target= / zig cc -target
  }
  if (triple.empty()) {
    // A cross gcc is usually named after its triplet: aarch64-linux-gnu-gcc.
    auto dash = base.rfind('-');
    if (dash != std::string::npos && std::count(base.begin(), base.end(), '-') >= 2)
      triple = base.substr(0, dash);
  }
  triple_to_go(triple, c.target_goos, c.target_goarch);
  if (c.dumpmachine.empty() && !triple.empty()) c.dumpmachine = triple + " (from the command, not asked)";
  c.float_abi = triple_float_abi(triple);
  std::string mfloat = flag_value(all, "mfloat-abi");
  if (mfloat == "hard") c.float_abi = "hard";
  else if (mfloat == "soft" || mfloat == "softfp") c.float_abi = "soft";
  return c;
}

}  // namespace

void probe_compilers(Environment& e, int timeout_ms) {
  e.compilers.clear();
  // Independent questions, asked at the same time: two hanging compilers cost one timeout.
  auto cxx = std::async(std::launch::async, [&] { return probe_one(e, "CXX", timeout_ms); });
  e.compilers.push_back(probe_one(e, "CC", timeout_ms));
  e.compilers.push_back(cxx.get());
}

}  // namespace crossgo::env
