// doctor's compile-and-link proof of the cgo toolchain: the classifier on the messages real
// compilers print (captured from gcc 12, clang 14 and GNU ld 2.40 on Debian 12), and the rules on
// hermetic fake compilers that fail the way a cross gcc without its target C library does.
#include <gtest/gtest.h>

#include "crossgo/ports.h"
#include "env_fixture.h"

using namespace crossgo;
using namespace crossgo::env;

namespace {

struct Case {
  const char* step;
  const char* text;
  ProbeProblem problem;
  const char* missing;
};

const Case kCases[] = {
    {"compile",
     "In file included from /usr/include/features.h:392,\n                 from /usr/include/errno.h:25,\n"
     "                 from p.c:1:\n/usr/include/features-time64.h:20:10: fatal error: bits/wordsize.h: No such file "
     "or directory\n   20 | #include <bits/wordsize.h>\ncompilation terminated.\n",
     ProbeProblem::headers, "bits/wordsize.h"},
    {"compile", "p.c:1:10: fatal error: errno.h: No such file or directory\n", ProbeProblem::headers, "errno.h"},
    {"compile",
     "In file included from p.c:1:\n/usr/include/features-time64.h:20:10: fatal error: 'bits/wordsize.h' file not "
     "found\n#include <bits/wordsize.h>\n1 error generated.\n",
     ProbeProblem::headers, "bits/wordsize.h"},
    {"link",
     "/usr/bin/aarch64-linux-gnu-ld: cannot find crt1.o: No such file or directory\n/usr/bin/aarch64-linux-gnu-ld: "
     "cannot find crti.o: No such file or directory\ncollect2: error: ld returned 1 exit status\n",
     ProbeProblem::startup_files, "crt1.o"},
    {"link", "/usr/bin/ld: cannot find -lc: No such file or directory\ncollect2: error: ld returned 1 exit status\n",
     ProbeProblem::libc, "-lc"},
    {"link", "ld.lld: error: unable to find library -lpthread\n", ProbeProblem::libc, "-lpthread"},
    {"link", "/usr/bin/ld: cannot find -lgcc: No such file or directory\n", ProbeProblem::libgcc, "-lgcc"},
    {"link", "/usr/bin/ld: cannot find crtbeginS.o: No such file or directory\n", ProbeProblem::libgcc, "crtbeginS.o"},
    {"link",
     "/usr/bin/x86_64-linux-gnu-ld.bfd: unrecognised emulation mode: aarch64linux\nSupported emulations: elf_x86_64 "
     "elf32_x86_64 elf_i386 elf_iamcu i386pep i386pe\nclang: error: linker command failed with exit code 1\n",
     ProbeProblem::wrong_linker, ""},
    {"link",
     "/usr/lib/gcc-cross/aarch64-linux-gnu/12/../../../../aarch64-linux-gnu/bin/ld: skipping incompatible ./libfoo.a "
     "when searching for -lfoo\n/usr/lib/gcc-cross/aarch64-linux-gnu/12/../../../../aarch64-linux-gnu/bin/ld: cannot "
     "find -lfoo: No such file or directory\ncollect2: error: ld returned 1 exit status\n",
     ProbeProblem::library_other_arch, "./libfoo.a"},
    {"link",
     "/usr/bin/aarch64-linux-gnu-ld: ./libfoo.a(foo.o): Relocations in generic ELF (EM: 62)\n"
     "/usr/bin/aarch64-linux-gnu-ld: ./libfoo.a: error adding symbols: file in wrong format\n",
     ProbeProblem::library_other_arch, "./libfoo.a"},
    {"link", "/usr/bin/aarch64-linux-gnu-ld: probe.o: Relocations in generic ELF (EM: 62)\n",
     ProbeProblem::wrong_linker, ""},
    {"link", "/usr/bin/ld: cannot find -lnosuch: No such file or directory\n", ProbeProblem::library_missing,
     "-lnosuch"},
    {"link", "/usr/bin/ld: skipping incompatible /usr/lib/x86_64-linux-gnu/libc.so when searching for -lc\n"
             "/usr/bin/ld: cannot find -lc\n",
     ProbeProblem::wrong_linker, "-lc"},
    {"compile", "cc1: error: unrecognized command-line option '-m64'\n", ProbeProblem::other, ""},
};

class ClassifyTest : public ::testing::TestWithParam<Case> {};

TEST_P(ClassifyTest, ProblemAndMissing) {
  const Case& c = GetParam();
  std::string missing, first;
  EXPECT_EQ(classify_compiler_failure(c.step, c.text, &missing, &first), c.problem) << c.text;
  EXPECT_EQ(missing, c.missing) << c.text;
  EXPECT_FALSE(first.empty());
  EXPECT_EQ(first.find("In file included"), std::string::npos) << first;
  EXPECT_EQ(first.find("collect2"), std::string::npos) << first;
}

INSTANTIATE_TEST_SUITE_P(RealCompilerMessages, ClassifyTest, ::testing::ValuesIn(kCases));

TEST(CPackages, NamesTheTargetLibraryPackage) {
  using ports::CPiece;
  EXPECT_EQ(ports::c_packages(CPiece::c_library, "linux", "arm64", "", false, false, 0).debian,
            "libc6-dev-arm64-cross");
  EXPECT_EQ(ports::c_packages(CPiece::c_library, "linux", "arm", "hard", false, false, 0).debian,
            "libc6-dev-armhf-cross");
  EXPECT_EQ(ports::c_packages(CPiece::c_library, "linux", "arm", "soft", false, false, 0).debian,
            "libc6-dev-armel-cross");
  EXPECT_EQ(ports::c_packages(CPiece::c_library, "linux", "ppc64le", "", false, false, 0).debian,
            "libc6-dev-ppc64el-cross");
  EXPECT_EQ(ports::c_packages(CPiece::libgcc, "linux", "riscv64", "", false, false, 12).debian,
            "libgcc-12-dev-riscv64-cross");
  auto native = ports::c_packages(CPiece::c_library, "linux", "amd64", "", false, true, 0);
  EXPECT_EQ(native.debian, "libc6-dev");
  EXPECT_EQ(native.fedora, "glibc-devel");
  EXPECT_EQ(ports::c_packages(CPiece::c_library, "linux", "amd64", "", true, true, 0).alpine, "musl-dev");
  EXPECT_EQ(ports::c_packages(CPiece::c_library, "windows", "amd64", "", false, false, 0).debian,
            "mingw-w64-x86-64-dev");
  EXPECT_TRUE(ports::c_packages(CPiece::c_library, "windows", "arm64", "", false, false, 0).debian.empty());
  EXPECT_NE(ports::c_packages(CPiece::c_library, "freebsd", "amd64", "", false, false, 0).note.find("--sysroot"),
            std::string::npos);
}

class CgoProbeRules : public EnvFixture {
 protected:
  void SetUp() override {
    EnvFixture::SetUp();
    fake_go();
    fake_cc("gcc", "x86_64-linux-gnu");
    fake_cc("g++", "x86_64-linux-gnu");
  }
  EnvMap cross_arm64(const std::string& cc) {
    return {{"GOOS", "linux"}, {"GOARCH", "arm64"}, {"CGO_ENABLED", "1"}, {"CC", cc}, {"TMPDIR", dir}};
  }
  static const Finding* find(const std::vector<Finding>& fs, const std::string& code) {
    for (const auto& f : fs) {
      if (f.id() == code) return &f;
    }
    return nullptr;
  }
  size_t probe_dirs_left() const {
    size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir)) n += e.path().filename().string().rfind("crossgo-probe-", 0) == 0;
    return n;
  }
};

TEST_F(CgoProbeRules, SoundCrossCompilerHasNoProbeFinding) {
  fake_cc("aarch64-linux-gnu-gcc", "aarch64-linux-gnu");
  auto e = load(cross_arm64("aarch64-linux-gnu-gcc"));
  ASSERT_NE(e.build_probe("CC"), nullptr);
  EXPECT_TRUE(e.build_probe("CC")->ran);
  EXPECT_TRUE(e.build_probe("CC")->ok) << e.build_probe("CC")->first_error;
  auto fs = diagnose(e, {});
  for (const char* c : {"CG410", "CG411", "CG412", "CG413", "CG414", "CG415", "CG416"}) EXPECT_FALSE(has(fs, c)) << codes(fs);
  EXPECT_TRUE(predict(e, std::nullopt).will_build);
  EXPECT_EQ(probe_dirs_left(), 0u) << "the probe's private temporary directory must be removed";
}

TEST_F(CgoProbeRules, MissingTargetHeadersIsCG410WithThePackage) {
  fake_failing_cc("aarch64-linux-gnu-gcc", "aarch64-linux-gnu", "compile",
                  "In file included from probe.c:1:\n/usr/include/stdlib.h:26:10: fatal error: "
                  "bits/libc-header-start.h: No such file or directory\ncompilation terminated.\n");
  auto e = load(cross_arm64("aarch64-linux-gnu-gcc"));
  auto fs = diagnose(e, {});
  const Finding* f = find(fs, "CG410");
  ASSERT_NE(f, nullptr) << codes(fs);
  EXPECT_EQ(f->severity(), Severity::error);
  EXPECT_NE(f->message.find("fatal error: bits/libc-header-start.h"), std::string::npos) << f->message;
  EXPECT_NE(f->fix.find("libc6-dev-arm64-cross"), std::string::npos) << f->fix;
  EXPECT_EQ(f->actual, "bits/libc-header-start.h");
  auto p = predict(e, std::nullopt);
  EXPECT_FALSE(p.will_build);
  ASSERT_FALSE(p.failure.empty());
  EXPECT_NE(p.failure.front().find("CG410"), std::string::npos);
  EXPECT_EQ(probe_dirs_left(), 0u);
}

TEST_F(CgoProbeRules, LinkFailuresHaveTheirOwnCodes) {
  struct {
    const char* err;
    const char* code;
    const char* fix_part;
  } cases[] = {
      {"/usr/bin/aarch64-linux-gnu-ld: cannot find crt1.o: No such file or directory\n", "CG412", "libc6-dev-arm64-cross"},
      {"/usr/bin/aarch64-linux-gnu-ld: cannot find -lgcc: No such file or directory\n", "CG412", "libgcc-"},
      {"/usr/bin/aarch64-linux-gnu-ld: cannot find -lc: No such file or directory\n", "CG411", "libc6-dev-arm64-cross"},
      {"/usr/bin/ld.bfd: unrecognised emulation mode: aarch64linux\n", "CG413", "export CC="},
  };
  int i = 0;
  for (const auto& c : cases) {
    const std::string name = "aarch64-linux-gnu-gcc-" + std::to_string(i++);
    fake_failing_cc(name, "aarch64-linux-gnu", "link", c.err);
    auto fs = diagnose(load(cross_arm64(name)), {});
    const Finding* f = find(fs, c.code);
    ASSERT_NE(f, nullptr) << c.err << codes(fs);
    EXPECT_EQ(f->severity(), Severity::error);
    EXPECT_NE(f->fix.find(c.fix_part), std::string::npos) << f->fix;
  }
}

TEST_F(CgoProbeRules, NoProbeWhenCgoIsOffUnlessExplainAsks) {
  fake_failing_cc("aarch64-linux-gnu-gcc", "aarch64-linux-gnu", "compile", "p.c:1:10: fatal error: errno.h: No such file or directory\n");
  auto env = cross_arm64("aarch64-linux-gnu-gcc");
  env["CGO_ENABLED"] = "0";
  auto e = load(env);
  EXPECT_TRUE(e.build_probes.empty());
  CollectOptions o;
  o.process = base();
  for (auto& [k, v] : env) o.process[k] = v;
  o.cwd = dir + "/work";
  o.cgo_probe = CollectOptions::CgoProbe::always;  // explain --cgo
  auto forced = collect(o);
  auto p = predict(forced, true);
  EXPECT_FALSE(p.will_build);
  EXPECT_TRUE(predict(forced, false).will_build);
}

TEST_F(CgoProbeRules, ProbeIsCachedForTheRun) {
  fake_cc("aarch64-linux-gnu-gcc", "aarch64-linux-gnu");
  auto env = cross_arm64("aarch64-linux-gnu-gcc");
  env["CGO_CFLAGS"] = "-O1 -DCACHE_TEST_" + std::to_string(getpid());
  auto first = load(env);
  auto second = load(env);
  ASSERT_NE(second.build_probe("CC"), nullptr);
  EXPECT_FALSE(first.build_probe("CC")->cached);
  EXPECT_TRUE(second.build_probe("CC")->cached);
  env["CGO_CFLAGS"] = "-O2 -DCACHE_TEST_" + std::to_string(getpid());  // other flags: asked again
  EXPECT_FALSE(load(env).build_probe("CC")->cached);
}

TEST_F(CgoProbeRules, ProbeUsesGoBuildFlags) {
  fake_cc("arm-linux-gnueabihf-gcc", "arm-linux-gnueabihf");
  EnvMap env{{"GOOS", "linux"}, {"GOARCH", "arm"}, {"GOARM", "7"}, {"CGO_ENABLED", "1"},
             {"CC", "arm-linux-gnueabihf-gcc"}, {"CGO_CFLAGS", "-O1 -DX"}, {"CGO_LDFLAGS", "-Wl,-z,now"}};
  auto e = load(env);
  const BuildProbe* b = e.build_probe("CC");
  ASSERT_NE(b, nullptr);
  auto has_word = [](const std::vector<std::string>& v, const std::string& w) {
    return std::find(v.begin(), v.end(), w) != v.end();
  };
  for (const char* w : {"-fPIC", "-marm", "-pthread", "-fmessage-length=0", "-O1", "-DX", "-c"})
    EXPECT_TRUE(has_word(b->compile_argv, w)) << w;
  EXPECT_FALSE(has_word(b->compile_argv, "-O2")) << "CGO_CFLAGS replaces Go's default -g -O2";
  for (const char* w : {"-Wl,-z,now", "-lpthread", "probe.o"}) EXPECT_TRUE(has_word(b->link_argv, w)) << w;
  EXPECT_EQ(b->compile_argv.front()[0], '/') << "the compiler is run by absolute path";
}

TEST_F(CgoProbeRules, CxxSetButNotInstalledAndNamedForAnotherTarget) {
  fake_cc("aarch64-linux-gnu-gcc", "aarch64-linux-gnu");
  auto env = cross_arm64("aarch64-linux-gnu-gcc");
  env["CXX"] = "riscv64-linux-gnu-g++";  // not installed, and its name says riscv64
  auto fs = diagnose(load(env), {});
  const Finding* f = find(fs, "CG415");
  ASSERT_NE(f, nullptr) << codes(fs);
  EXPECT_EQ(f->severity(), Severity::warning) << "no C++ files in the module";
  const Finding* m = find(fs, "CG404");
  ASSERT_NE(m, nullptr) << codes(fs);
  EXPECT_NE(m->message.find("riscv64"), std::string::npos) << m->message;
  // With C++ files in the module, CXX is needed: an error.
  write(dir + "/work/go.mod", "module example.com/w\n\ngo 1.19\n");
  write(dir + "/work/lib/impl.cc", "int f() { return 1; }\n");
  fs = diagnose(load(env), {});
  f = find(fs, "CG415");
  ASSERT_NE(f, nullptr) << codes(fs);
  EXPECT_EQ(f->severity(), Severity::error);
  EXPECT_NE(f->message.find("lib/impl.cc"), std::string::npos) << f->message;
}

TEST_F(CgoProbeRules, CcNotInstalledStillComparedByName) {
  auto fs = diagnose(load(cross_arm64("riscv64-linux-gnu-gcc")), {});
  EXPECT_TRUE(has(fs, "CG402", Severity::error, true)) << codes(fs);
  const Finding* m = find(fs, "CG403");
  ASSERT_NE(m, nullptr) << codes(fs);
  EXPECT_NE(m->actual.find("riscv64-linux-gnu"), std::string::npos) << m->actual;
}

TEST_F(CgoProbeRules, ModuleScanFindsPkgConfigDirectives) {
  write(dir + "/work/go.mod", "module example.com/w\n\ngo 1.19\n");
  write(dir + "/work/z/z.go", "package z\n\n// #cgo linux pkg-config: zlib libpng\n// #cgo pkg-config: --static zlib\nimport \"C\"\n");
  write(dir + "/work/testdata/t.go", "// #cgo pkg-config: ignored\n");
  write(dir + "/work/sub/go.mod", "module example.com/other\n");
  write(dir + "/work/sub/s.go", "// #cgo pkg-config: other-module\n");
  auto use = scan_module_cgo_use(dir + "/work");
  EXPECT_EQ(use.pkg_config, (std::vector<std::string>{"zlib", "libpng"}));
  EXPECT_EQ(use.pkg_config_where, "z/z.go:3");
  EXPECT_TRUE(use.cxx_files.empty());
}

TEST_F(CgoProbeRules, PkgConfigThatCannotAnswerIsCG416) {
  fake_cc("aarch64-linux-gnu-gcc", "aarch64-linux-gnu");
  script(bin + "/pkg-config", "echo \"Package zlib was not found in the pkg-config search path.\" >&2; exit 1\n");
  write(dir + "/work/go.mod", "module example.com/w\n\ngo 1.19\n");
  write(dir + "/work/main.go", "package main\n\n// #cgo pkg-config: zlib\nimport \"C\"\n\nfunc main() {}\n");
  auto fs = diagnose(load(cross_arm64("aarch64-linux-gnu-gcc")), {});
  const Finding* f = find(fs, "CG416");
  ASSERT_NE(f, nullptr) << codes(fs);
  EXPECT_EQ(f->severity(), Severity::error);
  EXPECT_NE(f->message.find("Package zlib was not found"), std::string::npos) << f->message;
  EXPECT_NE(f->message.find("main.go:3"), std::string::npos) << f->message;
}

}  // namespace
