// explain's predictions for the eight-combination matrix and the classic traps, in a hermetic
// environment (fake go 1.19 on linux/amd64, fake gcc / aarch64 gcc / musl-gcc).
#include "env_fixture.h"

using namespace crossgo;
using namespace crossgo::env;

class Predict : public EnvFixture {
 protected:
  void SetUp() override {
    EnvFixture::SetUp();
    fake_go();
    fake_cc("gcc", "x86_64-linux-gnu");
    fake_cc("g++", "x86_64-linux-gnu");
    fake_cc("aarch64-linux-gnu-gcc", "aarch64-linux-gnu");
    fake_cc("arm-linux-gnueabihf-gcc", "arm-linux-gnueabihf");
    fake_cc("musl-gcc", "x86_64-linux-musl");
  }
  Prediction at(const std::string& goos, const std::string& goarch, std::optional<bool> cgo, EnvMap extra = {},
                const std::string& mode = "default") {
    // As `explain --cgo` does: a cgo prediction needs the C toolchain asked even where cgo is off.
    CollectOptions o;
    o.process = base();
    for (auto& [k, v] : extra) o.process[k] = v;
    o.target = Target{goos, goarch, ""};
    o.cwd = dir + "/work";
    o.timeout_ms = 5000;
    if (cgo == true) o.cgo_probe = CollectOptions::CgoProbe::always;
    return predict(collect(o), cgo, mode);
  }
};

TEST_F(Predict, NativeAndCrossLinux) {
  auto p = at("linux", "amd64", std::nullopt);
  EXPECT_TRUE(p.cgo);
  EXPECT_TRUE(p.will_build);
  EXPECT_EQ(p.linkage, "dynamic");
  EXPECT_EQ(*p.interpreter, "/lib64/ld-linux-x86-64.so.2");
  EXPECT_EQ(p.libc, "glibc");
  p = at("linux", "amd64", false);
  EXPECT_EQ(p.linkage, "static");
  EXPECT_FALSE(p.interpreter.has_value());
  p = at("linux", "arm64", std::nullopt);
  EXPECT_FALSE(p.cgo);
  EXPECT_TRUE(p.will_build);
  EXPECT_EQ(p.linkage, "static");
  p = at("linux", "arm64", true);
  EXPECT_FALSE(p.will_build);
  ASSERT_FALSE(p.missing.empty());
  EXPECT_NE(p.missing.front().find("aarch64-linux-gnu"), std::string::npos);
  p = at("linux", "arm64", true, {{"CC", "aarch64-linux-gnu-gcc"}});
  EXPECT_TRUE(p.will_build);
  EXPECT_EQ(*p.interpreter, "/lib/ld-linux-aarch64.so.1");
  p = at("linux", "arm", true, {{"CC", "arm-linux-gnueabihf-gcc"}});
  EXPECT_EQ(*p.interpreter, "/lib/ld-linux-armhf.so.3");  // observed with Go 1.19 on Debian 12
  p = at("linux", "amd64", true, {{"CC", "musl-gcc"}});
  EXPECT_EQ(p.libc, "musl");
  EXPECT_EQ(*p.interpreter, "/lib/ld-musl-x86_64.so.1");
}

TEST_F(Predict, WindowsAndDarwin) {
  auto p = at("windows", "amd64", false);
  EXPECT_TRUE(p.will_build);
  EXPECT_EQ(p.format, "PE (position-independent executable)");
  p = at("windows", "amd64", true);  // std-only still builds with the wrong gcc (observed with Go 1.19 on Debian 12)
  EXPECT_TRUE(p.will_build);
  p = at("darwin", "arm64", true);
  EXPECT_FALSE(p.will_build);
  p = at("darwin", "arm64", false);
  EXPECT_TRUE(p.will_build);
  EXPECT_NE(p.format.find("Mach-O"), std::string::npos);
}

TEST_F(Predict, PieAndExternalLinking) {
  auto p = at("linux", "amd64", false, {}, "pie");
  EXPECT_EQ(p.linkage, "dynamic (PIE)");
  EXPECT_EQ(*p.interpreter, "/lib64/ld-linux-x86-64.so.2");  // observed with Go 1.19 on Debian 12
  p = at("linux", "arm", false, {}, "pie");
  EXPECT_EQ(p.linkmode, "external");
  EXPECT_FALSE(p.will_build);  // host gcc: -marm
  p = at("ios", "arm64", std::nullopt);
  EXPECT_FALSE(p.will_build);
  p = at("linux", "amd64", false, {}, "c-shared");
  EXPECT_FALSE(p.will_build);
  p = at("plan9", "arm", false, {}, "c-shared");
  EXPECT_FALSE(p.will_build);
}

TEST_F(Predict, InvalidTargetsFail) {
  auto p = predict(load({{"GOOS", "macos"}}), std::nullopt);
  EXPECT_FALSE(p.will_build);
  EXPECT_EQ(p.format, "none");
}

TEST_F(Predict, MatrixHasEightCases) {
  CollectOptions o;
  o.process = base();
  o.cwd = dir + "/work";
  auto cases = explain_matrix(o);
  ASSERT_EQ(cases.size(), 8u);
  EXPECT_EQ(cases[0].prediction.target.pair(), "linux/amd64");
  EXPECT_EQ(cases[7].prediction.target.pair(), "windows/arm64");
  EXPECT_TRUE(cases[7].cgo);
}
