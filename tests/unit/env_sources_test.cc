// Where values come from: GOENV file location, file parsing, precedence, GOROOT/go.env by version,
// compiled-in defaults, and the subprocess helper's limits.
#include "env/internal.h"
#include "env_fixture.h"

using namespace crossgo;
using namespace crossgo::env;

TEST(EnvFile, ParsesLikeCmdGo) {
  auto m = parse_env_file("GOOS=linux\r\n# comment\nlower=x\nNOEQUALS\nGOOS=windows\nGOFLAGS=-a -x\n");
  EXPECT_EQ(m["GOOS"], "linux\r");  // CR kept: the CRLF trap of observed with Go 1.19 on Debian 12
  EXPECT_EQ(m.count("lower"), 0u);
  EXPECT_EQ(m.count("NOEQUALS"), 0u);
  EXPECT_EQ(m["GOFLAGS"], "-a -x");
}

TEST(EnvFile, LocationRules) {
  std::string note;
  EXPECT_EQ(goenv_file_path({{"GOENV", "/x/env"}, {"HOME", "/h"}}, &note), "/x/env");
  EXPECT_EQ(goenv_file_path({{"GOENV", "off"}, {"HOME", "/h"}}, &note), "");
  EXPECT_EQ(goenv_file_path({{"XDG_CONFIG_HOME", "/cfg"}, {"HOME", "/h"}}, &note), "/cfg/go/env");
  EXPECT_EQ(goenv_file_path({{"XDG_CONFIG_HOME", "rel"}, {"HOME", "/h"}}, &note), "");
  EXPECT_EQ(goenv_file_path({{"HOME", "/h"}}, &note), "/h/.config/go/env");
  EXPECT_EQ(goenv_file_path({}, &note), "");
}

TEST_F(EnvFixture, PrecedenceOsOverFileOverGoEnv) {
  fake_go("go1.21.0");
  write(home + "/.config/go/env", "GOOS=windows\nCC=file-cc\nGOFLAGS=-trimpath\n");
  write(goroot + "/go.env", "GOTOOLCHAIN=auto\nGOFLAGS=-mod=mod\nGOPROXY=off\n");
  auto e = load({{"CC", "os-cc"}, {"GOOS", ""}});
  EXPECT_EQ(e.version.minor, 21);
  EXPECT_EQ(e.get("GOOS"), "windows");  // empty OS value does not override
  EXPECT_EQ(e.var("GOOS").origin, Origin::goenv_file);
  EXPECT_TRUE(e.var("GOOS").os_set_empty);
  EXPECT_EQ(e.get("CC"), "os-cc");
  EXPECT_EQ(*e.var("CC").shadowed_file_value, "file-cc");
  EXPECT_EQ(e.get("GOFLAGS"), "-trimpath");  // file beats go.env
  EXPECT_EQ(e.get("GOTOOLCHAIN"), "auto");
  EXPECT_EQ(e.var("GOTOOLCHAIN").origin, Origin::goroot_go_env);
  EXPECT_EQ(e.get("GOROOT"), goroot);
}

TEST_F(EnvFixture, GoRootGoEnvIgnoredBefore121) {
  fake_go("go1.20.5");
  write(goroot + "/go.env", "GOFLAGS=-mod=mod\n");
  auto e = load();
  EXPECT_EQ(e.get("GOFLAGS"), "");
}

TEST_F(EnvFixture, GoenvOffAndXdg) {
  fake_go();
  write(dir + "/xdg/go/env", "GOARCH=arm64\n");
  auto e = load({{"XDG_CONFIG_HOME", dir + "/xdg"}});
  EXPECT_EQ(e.get("GOARCH"), "arm64");
  EXPECT_EQ(e.goenv.path, dir + "/xdg/go/env");
  auto off = load({{"XDG_CONFIG_HOME", dir + "/xdg"}, {"GOENV", "off"}});
  EXPECT_EQ(off.get("GOARCH"), "amd64");
}

TEST_F(EnvFixture, BakedDefaultsFromGoroot) {
  fake_go();
  write(goroot + "/src/internal/buildcfg/zbootstrap.go",
        "const defaultGO386 = `softfloat`\nconst defaultGOARM = `6`\nconst defaultGOEXPERIMENT = ``\n");
  write(goroot + "/src/cmd/go/internal/cfg/zdefaultcc.go",
        "const DefaultPkgConfig = `pkg-config`\nfunc DefaultCC(goos, goarch string) string {\n"
        "\tswitch goos+`/`+goarch {\n\tcase `linux/arm`:\n\t\treturn \"arm-cc\"\n\t}\n\treturn \"mycc\"\n}\n"
        "func DefaultCXX(goos, goarch string) string {\n\treturn \"myc++\"\n}\n");
  auto arm = load({}, Target{"linux", "arm", ""});
  EXPECT_EQ(arm.get("GOARM"), "6");
  EXPECT_EQ(arm.var("GOARM").origin, Origin::toolchain_default);
  EXPECT_EQ(arm.get("CC"), "arm-cc");
  auto x86 = load({}, Target{"linux", "386", ""});
  EXPECT_EQ(x86.get("GO386"), "softfloat");
  EXPECT_EQ(x86.get("CC"), "mycc");
  EXPECT_EQ(x86.get("CXX"), "myc++");
}

TEST_F(EnvFixture, KnowledgeOnlyWithoutGo) {
  auto e = load();
  EXPECT_TRUE(e.go.path.empty());
  EXPECT_FALSE(e.version_known);
  EXPECT_EQ(e.version.minor, ports::kLatestKnownMinor);
  EXPECT_TRUE(has(diagnose(e, {}), "CG901"));
}

TEST_F(EnvFixture, TargetOverridesEnvironment) {
  fake_go();
  write(home + "/.config/go/env", "GOOS=windows\n");
  auto e = load({{"GOARCH", "386"}}, Target{"linux", "arm", "6"});
  EXPECT_EQ(e.get("GOOS"), "linux");
  EXPECT_EQ(e.get("GOARCH"), "arm");
  EXPECT_EQ(e.get("GOARM"), "6");
  EXPECT_EQ(e.var("GOARM").origin, Origin::command_line);
}

TEST(Subprocess, TimeoutKillsAndReports) {
  auto r = run_process({"/bin/sleep", "30"}, {{"PATH", "/bin:/usr/bin"}}, 300);
  EXPECT_TRUE(r.started);
  EXPECT_TRUE(r.timed_out);
}

TEST(Subprocess, CapturesOutputAndExplicitEnv) {
  auto r = run_process({"/bin/sh", "-c", "echo \"$ONLY\"; echo err >&2; exit 3"}, {{"ONLY", "yes"}}, 5000);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "yes\n");
  EXPECT_EQ(r.err, "err\n");
  auto missing = run_process({"no-such-binary-xyz"}, {{"PATH", "/nonexistent"}}, 1000);
  EXPECT_FALSE(missing.started);
}

TEST(Subprocess, SplitQuotedLikeCmdGo) {
  auto w = split_quoted("zig cc -target 'aarch64-linux musl' \"a b\"");
  ASSERT_EQ(w.size(), 5u);
  EXPECT_EQ(w[3], "aarch64-linux musl");
  std::string err;
  split_quoted("a 'b", &err);
  EXPECT_FALSE(err.empty());
}
