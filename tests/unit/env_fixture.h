// Hermetic environment for doctor/explain tests: a temp dir with a fake GOROOT whose `go` is a
// shell script answering `version` and `env -json`, fake C compilers answering -dumpmachine, and
// a temp HOME. Nothing from the real machine's environment is used.
#pragma once

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "crossgo/env.h"

namespace fs = std::filesystem;

class EnvFixture : public ::testing::Test {
 protected:
  std::string dir, bin, home, goroot;

  void SetUp() override {
    char tmpl[] = "/tmp/crossgo-env-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir = tmpl;
    bin = dir + "/bin";
    home = dir + "/home";
    goroot = dir + "/goroot";
    for (const auto& d : {bin, home, goroot + "/bin", goroot + "/pkg/tool", dir + "/work"}) fs::create_directories(d);
  }
  void TearDown() override { fs::remove_all(dir); }

  void write(const std::string& path, const std::string& text) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << text;
  }
  void script(const std::string& path, const std::string& body) {
    write(path, "#!/bin/sh\n" + body);
    chmod(path.c_str(), 0755);
  }
  // A fake go: `go version` prints the version; `go env -json …` prints goenv.json if present.
  void fake_go(const std::string& version = "go1.19.8", const std::string& host = "linux/amd64") {
    script(goroot + "/bin/go",
           "if [ \"$1\" = version ]; then echo \"go version " + version + " " + host + "\"; exit 0; fi\n"
           "if [ \"$1\" = env ]; then if [ -f " + dir + "/goenv.json ]; then /bin/cat " + dir +
               "/goenv.json; else echo '{}'; fi; exit 0; fi\nexit 2\n");
    fs::create_symlink(goroot + "/bin/go", bin + "/go");
  }
  // A fake compiler: answers -dumpmachine with `triple`; any other call "builds" by creating the
  // file after -o, so doctor's compile-and-link probe passes (see fake_failing_cc for failures).
  void fake_cc(const std::string& name, const std::string& triple) {
    script(bin + "/" + name, "for a in \"$@\"; do if [ \"$a\" = -dumpmachine ]; then echo " + triple +
                                 "; exit 0; fi; done\nout=\nwhile [ $# -gt 0 ]; do if [ \"$1\" = -o ]; then out=$2; fi; "
                                 "shift; done\n[ -n \"$out\" ] && : > \"$out\" && exit 0\nexit 1\n");
  }
  // A fake compiler that answers -dumpmachine and fails the `step` ("compile": a call with -c,
  // "link": one without) by printing `stderr_text`, as a real one missing a target library would.
  void fake_failing_cc(const std::string& name, const std::string& triple, const std::string& step,
                       const std::string& stderr_text) {
    write(dir + "/" + name + ".err", stderr_text);
    script(bin + "/" + name,
           "compile=0; out=\nfor a in \"$@\"; do if [ \"$a\" = -dumpmachine ]; then echo " + triple +
               "; exit 0; fi; [ \"$a\" = -c ] && compile=1; done\n"
               "while [ $# -gt 0 ]; do if [ \"$1\" = -o ]; then out=$2; fi; shift; done\n"
               "if [ " + std::string(step == "compile" ? "$compile = 1" : "$compile = 0") + " ]; then /bin/cat " + dir + "/" +
               name + ".err >&2; exit 1; fi\n: > \"$out\"; exit 0\n");
  }
  crossgo::env::EnvMap base() const { return {{"PATH", bin}, {"HOME", home}}; }
  crossgo::env::Environment load(crossgo::env::EnvMap extra = {}, std::optional<crossgo::Target> target = {},
                                 std::string cwd = "") {
    crossgo::env::CollectOptions o;
    o.process = base();
    for (auto& [k, v] : extra) o.process[k] = v;
    o.target = target;
    o.cwd = cwd.empty() ? dir + "/work" : cwd;
    o.timeout_ms = 5000;
    return crossgo::env::collect(o);
  }
  static bool has(const std::vector<crossgo::Finding>& fs, const std::string& code,
                  crossgo::Severity sev = crossgo::Severity::info, bool check_sev = false) {
    return std::any_of(fs.begin(), fs.end(), [&](const crossgo::Finding& f) {
      return f.id() == code && (!check_sev || f.severity() == sev);
    });
  }
  static std::string codes(const std::vector<crossgo::Finding>& fs) {
    std::string s;
    for (const auto& f : fs) s += std::string(f.id()) + " ";
    return s;
  }
};
