// Every doctor finding, provoked in a hermetic environment (temp HOME, fake go, fake compilers).
#include "env_fixture.h"

using namespace crossgo;
using namespace crossgo::env;

class Rules : public EnvFixture {
 protected:
  std::vector<Finding> run(EnvMap extra = {}, std::optional<Target> t = {}, std::string cwd = "") {
    return diagnose(load(std::move(extra), t, std::move(cwd)), {});
  }
};

TEST_F(Rules, CleanNativeEnvironmentHasNoErrorsOrWarnings) {
  fake_go();
  fake_cc("gcc", "x86_64-linux-gnu");
  fake_cc("g++", "x86_64-linux-gnu");
  auto fs = run();
  for (const auto& f : fs) EXPECT_EQ(f.severity(), Severity::info) << f.id() << " " << f.message;
  EXPECT_TRUE(has(fs, "CG301"));
}

TEST_F(Rules, TargetSpellingPairAndSubarch) {
  fake_go();
  auto fs = run({{"GOOS", "macos"}, {"GOARCH", "x86_64"}});
  EXPECT_TRUE(has(fs, "CG101", Severity::error, true)) << codes(fs);
  EXPECT_TRUE(has(fs, "CG102", Severity::error, true));
  fs = run({{"GOOS", "linux\r"}});
  EXPECT_TRUE(has(fs, "CG101"));
  fs = run({{"GOOS", "darwin"}, {"GOARCH", "386"}});
  EXPECT_TRUE(has(fs, "CG103", Severity::error, true));
  fs = run({{"GOOS", "wasip1"}, {"GOARCH", "wasm"}});  // added in 1.21, this is 1.19
  EXPECT_TRUE(has(fs, "CG103"));
  fs = run({{"GOOS", "linux"}, {"GOARCH", "sparc64"}});
  EXPECT_TRUE(has(fs, "CG104", Severity::warning, true));
  fs = run({{"GOARCH", "arm"}, {"GOARM", "8"}});
  EXPECT_TRUE(has(fs, "CG105", Severity::error, true));
  fs = run({{"GOARCH", "arm64"}, {"GOARM", "7"}, {"GOARM64", "v8.2"}});
  EXPECT_TRUE(has(fs, "CG106", Severity::warning, true));
  EXPECT_EQ(std::count_if(fs.begin(), fs.end(), [](const Finding& f) { return f.code == Code::CG106; }), 2);
}

TEST_F(Rules, PersistedAndShadowedSettings) {
  fake_go();
  write(home + "/.config/go/env", "GOOS=windows\nCGO_ENABLED=yes\nGOARCH=arm64\nCC=x\n");
  auto fs = run({{"GOARCH", "amd64"}, {"CC", ""}});
  EXPECT_TRUE(has(fs, "CG201", Severity::warning, true)) << codes(fs);  // GOOS from the file
  EXPECT_TRUE(has(fs, "CG202"));                                           // GOARCH hidden by OS env
  EXPECT_TRUE(has(fs, "CG203", Severity::warning, true));                 // CC= empty does not override
  EXPECT_TRUE(has(fs, "CG205", Severity::warning, true));                 // CGO_ENABLED=yes ignored
  fs = run({{"GOENV", dir + "/missing.env"}});
  EXPECT_TRUE(has(fs, "CG204"));
  fs = run({{"GOROOT", dir + "/nope"}});
  EXPECT_TRUE(has(fs, "CG206", Severity::error, true));
  fs = run({{"CC", "gcc\r"}});
  EXPECT_TRUE(has(fs, "CG207"));
}

TEST_F(Rules, CgoDefaultsByVersion) {
  // Native, no C compiler on PATH: go1.19 keeps cgo on, go1.20+ turns it off (rule 5).
  fake_go("go1.19.8");
  auto e19 = load();
  EXPECT_EQ(e19.get("CGO_ENABLED"), "1");
  fs::remove(bin + "/go");
  fake_go("go1.20.1");
  auto e20 = load();
  EXPECT_EQ(e20.get("CGO_ENABLED"), "0");
  EXPECT_NE(e20.cgo_reason.find("go1.20"), std::string::npos);
  // ... but an OS CC keeps it on even if missing.
  EXPECT_EQ(load({{"CC", "whatever"}}).get("CGO_ENABLED"), "1");
  // Cross: off by default; CC set but cgo off → CG302.
  auto fs = diagnose(load({{"GOARCH", "arm64"}, {"CC", "aarch64-linux-gnu-gcc"}}), {});
  EXPECT_TRUE(has(fs, "CG302", Severity::warning, true)) << codes(fs);
  // Baked CGO_ENABLED=1 applies to cross builds only since go1.25.
  write(goroot + "/src/internal/buildcfg/zbootstrap.go", "const DefaultCGO_ENABLED = \"1\"\n");
  fs::remove(bin + "/go");
  fake_go("go1.25.0");
  EXPECT_EQ(load({{"GOARCH", "arm64"}}).get("CGO_ENABLED"), "1");
  fs::remove(bin + "/go");
  fake_go("go1.24.0");
  write(goroot + "/src/go/build/zcgo.go", "const defaultCGO_ENABLED = \"1\"\n");
  EXPECT_EQ(load({{"GOARCH", "arm64"}}).get("CGO_ENABLED"), "0");
  // cgo forced on a port without cgo.
  fs = diagnose(load({{"GOOS", "js"}, {"GOARCH", "wasm"}, {"CGO_ENABLED", "1"}}), {});
  EXPECT_TRUE(has(fs, "CG303", Severity::error, true));
}

TEST_F(Rules, CrossCompilerChecks) {
  fake_go();
  fake_cc("gcc", "x86_64-linux-gnu");
  fake_cc("g++", "x86_64-linux-gnu");
  fake_cc("aarch64-linux-gnu-gcc", "aarch64-linux-gnu");
  fake_cc("aarch64-linux-gnu-g++", "aarch64-linux-gnu");
  fake_cc("arm-linux-gnueabihf-gcc", "arm-linux-gnueabihf");
  fake_cc("arm-linux-gnueabi-g++", "arm-linux-gnueabi");
  EnvMap cross{{"GOARCH", "arm64"}, {"CGO_ENABLED", "1"}};
  auto fs = diagnose(load(cross), {});
  EXPECT_TRUE(has(fs, "CG401", Severity::error, true)) << codes(fs);
  auto with = cross;
  with["CC"] = "no-such-cc";
  EXPECT_TRUE(has(diagnose(load(with), {}), "CG402", Severity::error, true));
  with["CC"] = "arm-linux-gnueabihf-gcc";
  fs = diagnose(load(with), {});
  EXPECT_TRUE(has(fs, "CG403", Severity::error, true)) << codes(fs);
  with["CC"] = "aarch64-linux-gnu-gcc";
  fs = diagnose(load(with), {});
  EXPECT_FALSE(has(fs, "CG403")) << codes(fs);
  // CXX=g++ targets the host, but CXX is not set and the module has no C++ files: a note.
  EXPECT_TRUE(has(fs, "CG404", Severity::info, true));
  with["CXX"] = "aarch64-linux-gnu-g++";
  with["CGO_CFLAGS"] = "-I/usr/include -O2";
  with["PKG_CONFIG_PATH"] = "/usr/lib/x86_64-linux-gnu/pkgconfig";
  with["CGO_LDFLAGS"] = "--sysroot=" + dir + "/no-sysroot";
  fs = diagnose(load(with), {});
  EXPECT_FALSE(has(fs, "CG404")) << codes(fs);
  EXPECT_TRUE(has(fs, "CG406", Severity::warning, true)) << codes(fs);
  EXPECT_TRUE(has(fs, "CG407", Severity::warning, true));
  EXPECT_TRUE(has(fs, "CG408", Severity::error, true));
  // GOARM=5 with a hard-float toolchain; CC and CXX of different float ABIs.
  EnvMap arm{{"GOARCH", "arm"}, {"CGO_ENABLED", "1"}, {"GOARM", "5"},
             {"CC", "arm-linux-gnueabihf-gcc"}, {"CXX", "arm-linux-gnueabi-g++"}};
  fs = diagnose(load(arm), {});
  EXPECT_TRUE(has(fs, "CG405", Severity::warning, true)) << codes(fs);
  EXPECT_TRUE(has(fs, "CG404"));
  // A compiler that hangs is reported, not waited for.
  script(bin + "/slow-cc", "/bin/sleep 30\n");
  CollectOptions o;
  o.process = base();
  o.process["GOARCH"] = "arm64";
  o.process["CGO_ENABLED"] = "1";
  o.process["CC"] = "slow-cc";
  o.timeout_ms = 300;
  fs = diagnose(collect(o), {});
  EXPECT_TRUE(has(fs, "CG409")) << codes(fs);
}

TEST_F(Rules, ExternalLinkingTargets) {
  fake_go("go1.22.0");
  fake_cc("gcc", "x86_64-linux-gnu");
  auto fs = diagnose(load({}, Target{"ios", "arm64", ""}), {});
  EXPECT_TRUE(has(fs, "CG501", Severity::error, true)) << codes(fs);
  fs = diagnose(load({}, Target{"android", "arm", ""}), {});
  EXPECT_TRUE(has(fs, "CG501"));
  fs = diagnose(load({}, Target{"android", "arm64", ""}), {});
  EXPECT_FALSE(has(fs, "CG501"));
  fs = diagnose(load({}, Target{"ios", "amd64", ""}), {});
  EXPECT_TRUE(has(fs, "CG502", Severity::error, true)) << codes(fs);
  fs = diagnose(load({{"CGO_ENABLED", "1"}}, Target{"darwin", "arm64", ""}), {});
  EXPECT_TRUE(has(fs, "CG503", Severity::error, true)) << codes(fs);
  fake_cc("o64-clang", "x86_64-apple-darwin21");
  fs = diagnose(load({{"CGO_ENABLED", "1"}, {"CC", "o64-clang"}}, Target{"darwin", "amd64", ""}), {});
  EXPECT_FALSE(has(fs, "CG503")) << codes(fs);
  EXPECT_TRUE(has(fs, "CG504"));
}

TEST_F(Rules, ToolchainAndGoMod) {
  fake_go("go1.21.0");
  write(dir + "/mod/go.mod", "module x\n\ngo 1.23.1 // comment\n\ntoolchain go1.24.2\n");
  fs::create_directories(dir + "/mod/sub");
  auto fs = diagnose(load({{"GOTOOLCHAIN", "auto"}}, {}, dir + "/mod/sub"), {});
  EXPECT_TRUE(has(fs, "CG601", Severity::warning, true)) << codes(fs);
  EXPECT_TRUE(has(fs, "CG602", Severity::warning, true));
  fs = diagnose(load({{"GOTOOLCHAIN", "local"}}, {}, dir + "/mod"), {});
  EXPECT_TRUE(has(fs, "CG601", Severity::error, true));
  fs = diagnose(load({{"GOTOOLCHAIN", "go1.22.3"}}), {});
  EXPECT_TRUE(has(fs, "CG603", Severity::error, true));
  fs = diagnose(load({{"GOTOOLCHAIN", "go1.22+foo"}}), {});
  EXPECT_TRUE(has(fs, "CG604", Severity::error, true));
  // An older Go cannot even parse these lines.
  fs::remove(bin + "/go");
  fake_go("go1.19.8");
  fs = diagnose(load({{"GOTOOLCHAIN", "auto"}}, {}, dir + "/mod"), {});
  EXPECT_TRUE(has(fs, "CG605"));
  EXPECT_TRUE(has(fs, "CG606", Severity::error, true)) << codes(fs);
  EXPECT_TRUE(has(fs, "CG607", Severity::error, true));
}

TEST_F(Rules, GoFlags) {
  fake_go();
  EXPECT_TRUE(has(diagnose(load({{"GOFLAGS", "-ldflags=-s -w"}}), {}), "CG704"));  // -w is go env's flag
  EXPECT_FALSE(has(diagnose(load({{"GOFLAGS", "-ldflags=-s -w"}}), {}), "CG702"));
  EXPECT_TRUE(has(diagnose(load({{"GOFLAGS", "-foo"}}), {}), "CG702"));
  EXPECT_TRUE(has(diagnose(load({{"GOFLAGS", "trimpath"}}), {}), "CG701"));
  EXPECT_TRUE(has(diagnose(load({{"GOFLAGS", "-ldflags='-s"}}), {}), "CG701"));
  auto fs = diagnose(load({{"GOFLAGS", "-trimpath '-ldflags=-s -w'"}}), {});
  EXPECT_TRUE(has(fs, "CG703", Severity::warning, true)) << codes(fs);
  EXPECT_FALSE(has(fs, "CG702"));
  EXPECT_TRUE(has(diagnose(load({{"GOFLAGS", "-pgo=auto"}}), {}), "CG702"));  // -pgo is go1.20+
}

TEST_F(Rules, GoFlagsThatBreakGoEnvAreRetried) {
  // Like go1.19: a stray -w in GOFLAGS makes `go env -json` fail ("cannot use -json with -w").
  script(goroot + "/bin/go",
         "if [ \"$1\" = version ]; then echo 'go version go1.19.8 linux/amd64'; exit 0; fi\n"
         "case \" $GOFLAGS \" in *' -w '*) echo 'go: cannot use -json with -w' >&2; exit 1;; esac\n"
         "echo '{\"GOOS\": \"linux\"}'\n");
  fs::create_symlink(goroot + "/bin/go", bin + "/go");
  auto e = load({{"GOFLAGS", "-ldflags=-s -w"}});
  EXPECT_TRUE(e.go.go_env_ok);
  auto fs = diagnose(e, {});
  EXPECT_TRUE(has(fs, "CG705", Severity::warning, true)) << codes(fs);
  EXPECT_FALSE(has(fs, "CG903"));
}

TEST_F(Rules, AgreementWithGoEnv) {
  fake_go();
  write(dir + "/goenv.json", "{\"GOOS\": \"linux\", \"CGO_ENABLED\": \"0\", \"GOARCH\": \"amd64\"}");
  fake_cc("gcc", "x86_64-linux-gnu");
  auto e = load();
  EXPECT_TRUE(e.go.go_env_ok);
  auto fs = diagnose(e, {});
  EXPECT_TRUE(has(fs, "CG902", Severity::warning, true)) << codes(fs);  // we say 1, go says 0
  write(dir + "/goenv.json", "not json");
  EXPECT_TRUE(has(diagnose(load(), {}), "CG903"));
  fs::remove(bin + "/go");
  fake_go("go1.99.0");
  EXPECT_TRUE(has(diagnose(load(), {}), "CG904"));
}

TEST_F(Rules, IgnoreRemovesCodes) {
  fake_go();
  auto fs = diagnose(load({{"GOOS", "macos"}}), {Code::CG101, Code::CG903});
  EXPECT_FALSE(has(fs, "CG101"));
  EXPECT_FALSE(has(fs, "CG903"));
}
