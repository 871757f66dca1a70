// `#cgo pkg-config: NAME` in the module: does PKG_CONFIG answer for the target's libraries, or
// the build machine's? cmd/go runs `$PKG_CONFIG --cflags -- NAMES` and `--libs -- NAMES`
// (cmd/go/internal/work/exec.go, getPkgConfigFlags) and adds the answers to the C compile and
// link. The host pkg-config answers a cross build with the host's .pc files; the cross link then
// skips the host library as "incompatible" and fails. So the answer is checked twice: where each
// .pc file lives, and whether CC can really link the program with those flags for the target.
#include "crossgo/env.h"
#include "env/internal.h"

namespace crossgo::env {
namespace {

std::string first_line(const std::string& s) {
  std::string t = trim_copy(s);
  return trim_copy(t.substr(0, t.find('\n')));
}

// The build machine's own pkg-config directories: a cross build must not read these.
bool is_host_pc_dir(const std::string& dir, const std::string& host_goarch) {
  std::string d = dir;
  while (d.size() > 1 && d.back() == '/') d.pop_back();
  for (const char* h : {"/usr/lib/pkgconfig", "/usr/lib64/pkgconfig", "/usr/local/lib/pkgconfig",
                        "/usr/local/lib64/pkgconfig", "/lib/pkgconfig"}) {
    if (d == h) return true;
  }
  for (const auto& t : ports::gnu_triplets("linux", host_goarch, "")) {
    if (d == "/usr/lib/" + t + "/pkgconfig" || d == "/usr/local/lib/" + t + "/pkgconfig" ||
        d == "/lib/" + t + "/pkgconfig")
      return true;
  }
  return false;
}

}  // namespace

PkgConfigProbe probe_pkg_config(const Environment& e, int timeout_ms) {
  PkgConfigProbe p;
  p.ran = true;
  p.command = e.get("PKG_CONFIG").empty() ? "pkg-config" : e.get("PKG_CONFIG");
  std::vector<std::string> argv = split_quoted(p.command);
  if (argv.empty()) argv = {"pkg-config"};
  auto path = e.process.find("PATH");
  auto exe = find_executable(argv[0], path == e.process.end() ? "" : path->second);
  if (!exe) {
    p.error = "exec: \"" + argv[0] + "\": executable file not found in $PATH";
    return p;
  }
  p.found = true;
  argv[0] = *exe;
  auto ask = [&](std::vector<std::string> extra, std::string& answer) {
    std::vector<std::string> cmd = argv;
    cmd.insert(cmd.end(), extra.begin(), extra.end());
    auto r = run_tool(cmd, e.process, timeout_ms);
    if (r.timed_out) {
      p.error = join(cmd, " ");
      p.error.insert(0, 1, '`').append("` timed out");  // not "`" + …: GCC 12 false -Wrestrict (PR 105329)
      return false;
    }
    if (r.exit_code != 0) {
      p.error = first_line(r.err.empty() ? r.out : r.err);
      if (p.error.empty()) p.error = r.error.empty() ? "exit status " + std::to_string(r.exit_code) : r.error;
      return false;
    }
    answer = trim_copy(r.out);
    return true;
  };
  const auto& names = e.module_use.pkg_config;
  std::vector<std::string> cflags_cmd{"--cflags", "--"}, libs_cmd{"--libs", "--"};
  cflags_cmd.insert(cflags_cmd.end(), names.begin(), names.end());
  libs_cmd.insert(libs_cmd.end(), names.begin(), names.end());
  if (!ask(cflags_cmd, p.cflags) || !ask(libs_cmd, p.libs)) return p;
  for (const auto& n : names) {
    std::string dir;
    if (!ask({"--variable=pcfiledir", "--", n}, dir)) {
      p.error.clear();  // old pkg-config without pcfiledir: the link below still decides
      continue;
    }
    p.pc_dirs.emplace_back(n, dir);
    if (e.cross() && is_host_pc_dir(dir, e.go.host_goarch)) p.host_dirs.push_back(dir);
  }
  const BuildProbe* cc = e.build_probe("CC");
  if (cc == nullptr || !cc->ok) return p;  // CC itself cannot build: that finding comes first
  BuildRequest r = compiler_build_request(e, "PKG_CONFIG");
  auto cf = split_quoted(p.cflags), lf = split_quoted(p.libs);
  r.compile_flags.insert(r.compile_flags.end(), cf.begin(), cf.end());
  r.link_flags.insert(r.link_flags.end(), lf.begin(), lf.end());
  p.build = run_build_probe(e, r, timeout_ms);
  return p;
}

}  // namespace crossgo::env
