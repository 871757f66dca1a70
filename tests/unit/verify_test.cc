// verify's decisions on reports whose facts are set by hand (the fixtures' real files are
// checked in tests/oracle/test_verify.py), version constraints, and the target sources.
#include "crossgo/verify.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "crossgo/verify_output.h"
#include "crossgo/verify_sources.h"

namespace crossgo {
namespace {

namespace fs = std::filesystem;

ArtifactReport linux_arm64_static() {
  ArtifactReport r;
  r.path = "dist/app";
  r.format = "elf";
  r.bits = 64;
  r.endian = "little";
  r.machine = "EM_AARCH64 (183)";
  r.goarch = "arm64";
  r.goos = "linux";
  r.linkage = "static";
  r.libc.flavour = "none";
  r.hardening = HardeningReport{};
  r.go = GoReport{};
  r.go->version = "go1.22.3";
  r.go->version_source = "buildinfo";
  r.go->buildinfo = GoBuildInfo{};
  r.go->buildinfo->settings = {{"-trimpath", "true"}, {"CGO_ENABLED", "0"}, {"vcs.modified", "true"}};
  r.go->cgo.linked = false;
  return r;
}

VerifyTarget target(const std::string& text) {
  TargetParse p = parse_target(text);
  EXPECT_TRUE(p.target) << text << ": " << p.error;
  return VerifyTarget{p.target.value_or(Target{}), "--target " + text};
}

// The named check of a result list. The list is kept (results_ owns every list asked about), so
// the pointer stays valid for the test.
const CheckResult* find(std::vector<CheckResult>&& checks, const std::string& name) {
  static std::vector<std::vector<CheckResult>> results_;
  results_.push_back(std::move(checks));
  const auto& kept = results_.back();
  auto it = std::find_if(kept.begin(), kept.end(), [&](const CheckResult& c) { return c.check == name; });
  return it == kept.end() ? nullptr : &*it;
}

const CheckResult* find(const std::vector<CheckResult>& checks, const std::string& name) {
  return find(std::vector<CheckResult>(checks), name);
}

TEST(Verify, TrueTargetPassesAndVariantWithoutBuildInfoIsSkipped) {
  const auto checks = verify_artifact(linux_arm64_static(), target("linux/arm64"), {});
  for (const auto& c : checks) EXPECT_NE(c.outcome, CheckOutcome::failed) << c.check;
  ASSERT_NE(find(checks, "variant"), nullptr);
  EXPECT_EQ(find(checks, "variant")->outcome, CheckOutcome::skipped);
}

TEST(Verify, WrongArchOsAndFormatHaveTheirCodes) {
  const ArtifactReport r = linux_arm64_static();
  const auto arch = verify_artifact(r, target("linux/amd64"), {});
  ASSERT_NE(find(arch, "arch"), nullptr);
  ASSERT_TRUE(find(arch, "arch")->finding);
  EXPECT_EQ(find(arch, "arch")->finding->code, Code::CG862);
  EXPECT_EQ(find(arch, "arch")->finding->location.file, "dist/app");
  const auto os = verify_artifact(r, target("freebsd/arm64"), {});
  ASSERT_TRUE(find(os, "os") && find(os, "os")->finding);
  EXPECT_EQ(find(os, "os")->finding->code, Code::CG863);
  const auto format = verify_artifact(r, target("windows/arm64"), {});
  ASSERT_TRUE(find(format, "format") && find(format, "format")->finding);
  EXPECT_EQ(find(format, "format")->finding->code, Code::CG861);
  ArtifactReport text;
  text.path = "dist/app";
  text.format = "not-binary";
  const auto nb = verify_artifact(text, target("linux/arm64"), {});
  ASSERT_EQ(nb.size(), 1u);
  EXPECT_EQ(nb[0].finding->code, Code::CG860);
}

TEST(Verify, UndecidedOsPassesWhenTheTargetIsACandidate) {
  ArtifactReport r = linux_arm64_static();
  r.goos.reset();
  r.goos_candidates = {"linux", "android"};
  EXPECT_EQ(find(verify_artifact(r, target("android/arm64"), {}), "os")->outcome, CheckOutcome::passed);
  EXPECT_EQ(find(verify_artifact(r, target("freebsd/arm64"), {}), "os")->outcome, CheckOutcome::failed);
  r.goos_candidates.clear();
  r.goos_unknown_because = "no OS evidence";
  const CheckResult* c = find(verify_artifact(r, target("linux/arm64"), {}), "os");
  EXPECT_EQ(c->outcome, CheckOutcome::skipped);
  EXPECT_EQ(c->detail, "no OS evidence");
}

TEST(Verify, VariantsFromBuildInfoAndTheArmFloatAbi) {
  ArtifactReport r = linux_arm64_static();
  r.goarch = "arm";
  r.bits = 32;
  r.arch_flags = {{"goarm", "7,hardfloat"}, {"float_abi", "hard"}};
  EXPECT_EQ(find(verify_artifact(r, target("linux/arm/v7"), {}), "variant")->outcome, CheckOutcome::passed);
  const CheckResult* six = find(verify_artifact(r, target("linux/arm/v6"), {}), "variant");
  ASSERT_TRUE(six->finding);
  EXPECT_EQ(six->finding->code, Code::CG864);
  EXPECT_NE(six->finding->message.find("SIGILL"), std::string::npos) << six->finding->message;
  r.arch_flags = {{"goarm", "5"}, {"float_abi", "hard (double)"}};
  const CheckResult* five = find(verify_artifact(r, target("linux/arm/v5"), {}), "variant");
  ASSERT_TRUE(five->finding);
  EXPECT_EQ(five->actual, "float ABI hard (double)");
  r.goarch = "amd64";
  r.arch_flags = {{"goamd64", "v1"}};
  const CheckResult* v3 = find(verify_artifact(r, target("linux/amd64/v3"), {}), "variant");
  ASSERT_TRUE(v3->finding);
  EXPECT_NE(v3->finding->message.find("runs there"), std::string::npos) << v3->finding->message;
  // C code: the ARM attributes decide.
  r.goarch = "arm";
  r.go.reset();
  r.arch_flags = {{"arm_cpu_arch", "v7"}};
  EXPECT_EQ(find(verify_artifact(r, target("linux/arm/v6"), {}), "variant")->finding->code, Code::CG864);
  EXPECT_EQ(find(verify_artifact(r, target("linux/arm/v7"), {}), "variant")->outcome, CheckOutcome::passed);
}

TEST(Verify, PromisesAreCheckedOnlyWhenAsked) {
  ArtifactReport r = linux_arm64_static();
  EXPECT_EQ(find(verify_artifact(r, target("linux/arm64"), {}), "linkage"), nullptr);
  Expectations e;
  e.static_link = false;
  e.cgo = false;
  e.require_trimpath = true;
  e.no_vcs_modified = true;
  e.go = ">=1.21 <1.23";
  const auto checks = verify_artifact(r, target("linux/arm64"), e);
  EXPECT_EQ(find(checks, "linkage")->finding->code, Code::CG865);
  EXPECT_EQ(find(checks, "cgo")->outcome, CheckOutcome::passed);
  EXPECT_EQ(find(checks, "trimpath")->outcome, CheckOutcome::passed);
  EXPECT_EQ(find(checks, "vcs")->finding->code, Code::CG876);
  EXPECT_EQ(find(checks, "go")->outcome, CheckOutcome::passed);
  e.go = "=1.21";
  EXPECT_EQ(find(verify_artifact(r, target("linux/arm64"), e), "go")->finding->code, Code::CG875);
}

TEST(Verify, LoaderOfAnotherLibcExplainsNotFound) {
  ArtifactReport r = linux_arm64_static();
  r.goarch = "amd64";
  r.linkage = "dynamic";
  r.interpreter = "/lib64/ld-linux-x86-64.so.2";
  r.libc.flavour = "glibc";
  r.min_glibc = VersionFloor{"2.34", "__libc_start_main"};
  Expectations e;
  e.libc = "musl";
  e.max_glibc = "2.28";
  const auto checks = verify_artifact(r, target("linux/amd64"), e);
  const CheckResult* interp = find(checks, "interpreter");
  ASSERT_TRUE(interp && interp->finding);
  EXPECT_EQ(interp->finding->code, Code::CG868);
  EXPECT_NE(interp->finding->message.find("not found"), std::string::npos);
  EXPECT_EQ(find(checks, "libc")->finding->code, Code::CG867);
  EXPECT_EQ(find(checks, "glibc")->finding->code, Code::CG869);
  e.libc = "none";
  EXPECT_EQ(find(verify_artifact(r, target("linux/amd64"), e), "interpreter")->finding->code, Code::CG868);
  e.libc = "glibc";
  e.max_glibc = "2.34";
  for (const auto& c : verify_artifact(r, target("linux/amd64"), e)) EXPECT_NE(c.outcome, CheckOutcome::failed) << c.check;
}

TEST(VersionConstraints, ParseAndSatisfy) {
  std::string error;
  auto c = parse_version_constraints(">=1.21, <1.23", error);
  ASSERT_TRUE(c) << error;
  EXPECT_TRUE(satisfies("go1.22.3", *c));
  EXPECT_TRUE(satisfies("go1.21", *c));
  EXPECT_FALSE(satisfies("go1.23.0", *c));
  EXPECT_FALSE(satisfies("go1.20.14", *c));
  auto eq = parse_version_constraints("1.22", error);
  ASSERT_TRUE(eq);
  EXPECT_TRUE(satisfies("go1.22.9", *eq));
  EXPECT_FALSE(satisfies("go1.2", *eq));
  EXPECT_FALSE(parse_version_constraints(">=latest", error));
  EXPECT_NE(error.find("latest"), std::string::npos);
  EXPECT_FALSE(parse_version_constraints("  ", error));
  EXPECT_LT(compare_versions("2.9", "2.17"), 0);
  EXPECT_EQ(compare_versions("11.0", "11"), 0);
}

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("crossgo-verify-" + std::to_string(::getpid()))) { fs::create_directories(path_); }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }
  void write(const std::string& rel, const std::string& text) const {
    fs::create_directories((path_ / rel).parent_path());
    std::ofstream(path_ / rel) << text;
  }

 private:
  fs::path path_;
};

TEST(VerifySources, GoReleaserArtifactsJson) {
  TempDir d;
  d.write("dist/artifacts.json", R"([
    {"name":"app","path":"dist/app_linux_arm_7/app","goos":"linux","goarch":"arm","goarm":"7","target":"linux_arm_7","type":"Binary"},
    {"name":"app","path":"dist/app_linux_amd64_v3/app","goos":"linux","goarch":"amd64","goamd64":"v3","type":"Binary"},
    {"name":"app","path":"dist/app_darwin_all/app","goos":"darwin","goarch":"all","type":"Universal Binary"},
    {"name":"app.tar.gz","path":"dist/app.tar.gz","goos":"linux","goarch":"amd64","type":"Archive"}])");
  auto t = goreleaser_targets((d.path() / "dist").string());
  ASSERT_TRUE(t) << t.error().message;
  ASSERT_EQ(t->size(), 3u);
  EXPECT_EQ((*t)[0].target.goarch, "arm");
  EXPECT_EQ((*t)[0].target.variant, "7");
  EXPECT_NE((*t)[0].source.find("linux_arm_7"), std::string::npos);
  EXPECT_EQ((*t)[0].path, (d.path() / "dist/app_linux_arm_7/app").lexically_normal().string());
  EXPECT_EQ((*t)[1].target.variant, "v3");
  EXPECT_TRUE((*t)[2].universal);
  d.write("bad/artifacts.json", R"([{"name":"app","path":"x","goos":"linux","goarch":"aarch64","type":"Binary"}])");
  auto bad = goreleaser_targets((d.path() / "bad").string());
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("aarch64"), std::string::npos) << bad.error().message;
}

TEST(VerifySources, TargetsFileAndEnvironment) {
  TempDir d;
  d.write("t.txt", "# comment\n\nbin/*-arm64  linux/arm64\nbin/*  linux_amd64_v3\r\n");
  auto p = read_targets_file((d.path() / "t.txt").string());
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(match_target(*p, "bin/app-arm64")->target.goarch, "arm64");
  EXPECT_EQ(match_target(*p, "bin/app")->target.variant, "v3");
  EXPECT_EQ(match_target(*p, "lib/x"), nullptr);
  d.write("u.txt", "bin/* linux/x86_64\n");
  auto u = read_targets_file((d.path() / "u.txt").string());
  ASSERT_FALSE(u);
  EXPECT_NE(u.error().message.find("u.txt:1"), std::string::npos) << u.error().message;

  std::map<std::string, std::string> env = {{"TARGETPLATFORM", "linux/arm/v7"}, {"GOOS", "windows"}, {"GOARCH", "amd64"}};
  auto get = [&](const char* k) -> std::optional<std::string> {
    auto it = env.find(k);
    return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  auto t = target_from_env(get);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->first.pair(), "linux/arm");
  EXPECT_EQ(t->first.variant, "7");
  env.erase("TARGETPLATFORM");
  env["GOAMD64"] = "v2";
  t = target_from_env(get);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->first.pair(), "windows/amd64");
  EXPECT_EQ(t->first.variant, "v2");
  env.clear();
  EXPECT_FALSE(target_from_env(get));
}

TEST(VerifyOutput, JunitAndGithubEscapeWhatFilesContain) {
  FileVerdict v;
  v.path = v.file = "dist/a<b>&\"\x01\xff";
  v.target = target("linux/arm64");
  v.checks = verify_artifact(linux_arm64_static(), target("linux/amd64"), {});
  const std::string xml = output::verify_junit({v});
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
  EXPECT_EQ(xml.find('\xff'), std::string::npos);
  EXPECT_NE(xml.find("a&lt;b&gt;&amp;&quot;??"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<failure type=\"CG862\""), std::string::npos);
  FileVerdict g;
  g.path = g.file = "dist/x,y:z%";
  g.target = target("linux/arm64");
  g.checks = verify_artifact(linux_arm64_static(), target("linux/amd64"), {});
  const std::string gh = output::verify_github({g});
  EXPECT_NE(gh.find("::error file=dist/x%2Cy%3Az%25,title=CG862 wrong-arch::"), std::string::npos) << gh;
}

}  // namespace
}  // namespace crossgo
