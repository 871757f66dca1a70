// inspect's cross-checks as coded findings on real artifacts (the fixtures
// tests/fixtures/build-fixtures.sh builds; skipped when they were never built). Which fixture
// must trip which check comes from independent oracles (tests/oracle/test_inspect_pitfalls.py:
// readelf's machine and PT_INTERP, readelf -A, GNU ld's own NSS warning in the build log).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "crossgo/finding_registry.h"
#include "crossgo/report.h"

namespace crossgo {
namespace {

namespace fs = std::filesystem;

std::string fixture(const std::string& name, const std::string& file) {
  return std::string(CROSSGO_FIXTURES_DIR) + "/" + name + "/" + file;
}

class ArtifactFindings : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(std::string(CROSSGO_FIXTURES_DIR) + "/manifest.json"))
      GTEST_SKIP() << "no fixtures at " << CROSSGO_FIXTURES_DIR << " (tests/fixtures/build-fixtures.sh)";
  }

  static ArtifactReport inspect_one(const std::string& path) {
    auto reports = inspect_path(path);
    EXPECT_EQ(reports.size(), 1u) << path;
    return reports.empty() ? ArtifactReport{} : reports.front();
  }

  static std::string codes(const ArtifactReport& r) {
    std::string s;
    for (const auto& f : r.findings) s += std::string(f.id()) + " ";
    return s;
  }

  static const Finding* find(const ArtifactReport& r, Code code) {
    auto it = std::find_if(r.findings.begin(), r.findings.end(), [&](const Finding& f) { return f.code == code; });
    return it == r.findings.end() ? nullptr : &*it;
  }

  // The findings and the strings inspect has always shown are the same list.
  static void expect_strings_follow_findings(const ArtifactReport& r) {
    std::vector<std::string> warnings, notes;
    for (const auto& f : r.findings) (f.severity() == Severity::info ? notes : warnings).push_back(f.message);
    EXPECT_EQ(r.warnings, warnings);
    EXPECT_EQ(r.notes, notes);
    for (const auto& f : r.findings) {
      EXPECT_TRUE(finding_info(f.code).applies_to.artifact) << f.id();
      EXPECT_EQ(f.location.file, r.container ? r.container->path : r.path) << f.id();
    }
  }
};

TEST_F(ArtifactFindings, WrongArchitectureInterpreter) {
  const std::string path = fixture("c-hello-arm64-wrong-interp", "hello");
  const ArtifactReport r = inspect_one(path);
  const Finding* f = find(r, Code::CG820);
  ASSERT_NE(f, nullptr) << codes(r);
  EXPECT_EQ(f->severity(), Severity::error);
  EXPECT_EQ(f->location.file, path);
  EXPECT_EQ(f->actual, "/lib64/ld-linux-x86-64.so.2");
  EXPECT_EQ(f->expected, "/lib/ld-linux-aarch64.so.1");
  expect_strings_follow_findings(r);
  // The same program linked right has no such finding.
  EXPECT_EQ(find(inspect_one(fixture("c-hello-arm64", "hello")), Code::CG820), nullptr);
}

TEST_F(ArtifactFindings, StaticGlibcCallingNss) {
  const ArtifactReport r = inspect_one(fixture("linux-amd64-glibc-static-nss", "sample"));
  const Finding* f = find(r, Code::CG824);
  ASSERT_NE(f, nullptr) << codes(r);
  EXPECT_EQ(f->severity(), Severity::warning);
  EXPECT_NE(f->actual.find("net/cgo_"), std::string::npos) << f->actual;
  expect_strings_follow_findings(r);
  // Static glibc without the NSS users (GNU ld printed no NSS warning for it), and musl.
  EXPECT_EQ(find(inspect_one(fixture("linux-amd64-glibc-static", "cgosample")), Code::CG824), nullptr);
  EXPECT_EQ(find(inspect_one(fixture("linux-amd64-musl-static", "cgosample")), Code::CG824), nullptr);
}

TEST_F(ArtifactFindings, SoftFloatGoarmWithArmhfCObjects) {
  // GOARM=5 Go code, C objects from arm-linux-gnueabihf-gcc: ARMv7 and hard-float.
  const ArtifactReport r = inspect_one(fixture("linux-arm-5-cgo-armhf", "cgosample"));
  const Finding* newer = find(r, Code::CG821);
  const Finding* abi = find(r, Code::CG823);
  ASSERT_NE(newer, nullptr) << codes(r);
  ASSERT_NE(abi, nullptr) << codes(r);
  EXPECT_EQ(newer->location.variable, "GOARM");
  EXPECT_EQ(abi->location.variable, "GOARM");
  EXPECT_EQ(find(r, Code::CG822), nullptr);
  expect_strings_follow_findings(r);
  // GOARM=7 with the same armhf C toolchain is consistent.
  const ArtifactReport ok = inspect_one(fixture("linux-arm-7-cgo", "cgosample"));
  EXPECT_TRUE(ok.findings.empty()) << codes(ok);
}

TEST_F(ArtifactFindings, CleanBinariesHaveNone) {
  for (const char* name : {"linux-amd64", "linux-arm64-cgo", "darwin-arm64", "windows-amd64-cgo", "js-wasm"}) {
    SCOPED_TRACE(name);
    for (const auto& entry : fs::directory_iterator(std::string(CROSSGO_FIXTURES_DIR) + "/" + name)) {
      if (!entry.is_regular_file()) continue;
      for (const ArtifactReport& r : inspect_path(entry.path().string())) {
        EXPECT_TRUE(r.findings.empty()) << r.path << ": " << codes(r);
        expect_strings_follow_findings(r);
      }
    }
  }
}

}  // namespace
}  // namespace crossgo
