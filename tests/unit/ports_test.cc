// Knowledge-base facts, each checked against the number or rule Go's source / the Go 1.19 lab runs on Debian 12 cites.
#include <gtest/gtest.h>

#include <algorithm>

#include "crossgo/ports.h"

using namespace crossgo::ports;

namespace {
GoVersion V(int minor) { return GoVersion{minor, 0, "go1." + std::to_string(minor)}; }
}  // namespace

TEST(GoVersion, ParsesTheSpellingsToolsPrint) {
  EXPECT_EQ(GoVersion::parse("go1.19.8")->minor, 19);
  EXPECT_EQ(GoVersion::parse("go1.19.8")->patch, 8);
  EXPECT_EQ(GoVersion::parse("go1.21rc2")->minor, 21);
  EXPECT_EQ(GoVersion::parse("1.22")->minor, 22);
  EXPECT_EQ(GoVersion::parse("devel go1.28-abcdef Tue")->minor, 28);
  EXPECT_EQ(GoVersion::parse("go1.23.0 X:boringcrypto")->minor, 23);
  EXPECT_FALSE(GoVersion::parse("go2").has_value());
  EXPECT_FALSE(GoVersion::parse("").has_value());
  EXPECT_FALSE(GoVersion::parse("go1.").has_value());
}

TEST(Ports, CountsMatchDistListOfGo119And127) {
  // observed with Go 1.19 on Debian 12: go1.19 `go tool dist list` = 46 pairs, 40 with CgoSupported.
  auto l19 = all_ports(V(19), false);
  EXPECT_EQ(l19.size(), 46u);
  auto cgo = std::count_if(l19.begin(), l19.end(),
                           [](const Pair& p) { return port_status(p.goos, p.goarch, V(19)).cgo_supported; });
  EXPECT_EQ(cgo, 40);
  // src/cmd/dist/build.go, cgoEnabled and broken: 49 pairs at 1.27, 47 listed without -broken.
  EXPECT_EQ(all_ports(V(27), true).size(), 49u);
  EXPECT_EQ(all_ports(V(27), false).size(), 47u);
}

TEST(Ports, StatusChangesByVersion) {
  EXPECT_EQ(port_status("windows", "arm", V(23)).state, PortState::supported);
  EXPECT_EQ(port_status("windows", "arm", V(24)).state, PortState::broken);
  EXPECT_EQ(port_status("windows", "arm", V(26)).state, PortState::removed);
  EXPECT_EQ(port_status("wasip1", "wasm", V(20)).state, PortState::not_yet);
  EXPECT_EQ(port_status("wasip1", "wasm", V(21)).state, PortState::supported);
  EXPECT_EQ(port_status("linux", "sparc64", V(19)).state, PortState::broken);
  EXPECT_EQ(port_status("openbsd", "riscv64", V(22)).state, PortState::broken);
  EXPECT_FALSE(port_status("openbsd", "riscv64", V(22)).cgo_supported);
  EXPECT_EQ(port_status("openbsd", "riscv64", V(23)).state, PortState::supported);
  EXPECT_TRUE(port_status("openbsd", "riscv64", V(23)).cgo_supported);
  EXPECT_FALSE(port_status("linux", "ppc64", V(26)).cgo_supported);
  EXPECT_TRUE(port_status("linux", "ppc64", V(27)).cgo_supported);
  EXPECT_EQ(port_status("freebsd", "riscv64", V(26)).state, PortState::broken);
  EXPECT_EQ(port_status("openbsd", "mips64", V(27)).state, PortState::removed);
  EXPECT_EQ(port_status("darwin", "386", V(19)).state, PortState::unknown);
  EXPECT_TRUE(port_status("linux", "arm64", V(19)).first_class);
  EXPECT_FALSE(port_status("linux", "riscv64", V(19)).first_class);
}

TEST(Ports, MustLinkExternal) {
  EXPECT_TRUE(must_link_external("ios", "arm64", false, V(19)));
  EXPECT_TRUE(must_link_external("android", "arm", false, V(27)));
  EXPECT_FALSE(must_link_external("android", "arm64", false, V(27)));
  EXPECT_FALSE(must_link_external("linux", "mips", false, V(27)));
  EXPECT_TRUE(must_link_external("linux", "mips", true, V(27)));
  EXPECT_TRUE(must_link_external("linux", "riscv64", true, V(21)));
  EXPECT_FALSE(must_link_external("linux", "riscv64", true, V(22)));
  EXPECT_TRUE(must_link_external("linux", "loong64", true, V(24)));
  EXPECT_FALSE(must_link_external("linux", "loong64", true, V(25)));
  EXPECT_TRUE(must_link_external("windows", "arm64", true, V(25)));
  EXPECT_FALSE(must_link_external("windows", "arm64", true, V(26)));
  EXPECT_TRUE(must_link_external("linux", "ppc64", true, V(26)));
  EXPECT_FALSE(must_link_external("linux", "ppc64", true, V(27)));
  EXPECT_TRUE(must_link_external("aix", "ppc64", true, V(27)));
  EXPECT_FALSE(must_link_external("linux", "amd64", true, V(19)));
}

TEST(Ports, BuildModesAndPie) {
  EXPECT_FALSE(build_mode_supported("c-shared", "linux", "loong64", V(20)));
  EXPECT_TRUE(build_mode_supported("c-shared", "linux", "loong64", V(21)));
  EXPECT_FALSE(build_mode_supported("pie", "windows", "arm64", V(19)));
  EXPECT_TRUE(build_mode_supported("pie", "windows", "arm64", V(20)));
  EXPECT_TRUE(build_mode_supported("c-archive", "js", "wasm", V(20)));   // the old "dubious" rule
  EXPECT_FALSE(build_mode_supported("c-archive", "js", "wasm", V(21)));
  EXPECT_FALSE(build_mode_supported("exe", "darwin", "386", V(19)));
  EXPECT_TRUE(default_pie("windows", "amd64", false, V(19)));
  EXPECT_FALSE(default_pie("windows", "amd64", true, V(19)));
  EXPECT_FALSE(default_pie("darwin", "amd64", false, V(21)));
  EXPECT_TRUE(default_pie("darwin", "amd64", false, V(22)));
  EXPECT_FALSE(default_pie("linux", "amd64", false, V(27)));
  // observed with Go 1.19 on Debian 12: linux/arm PIE without cgo needs the external linker.
  EXPECT_FALSE(internal_link_pie_supported("linux", "arm", V(19)));
  EXPECT_TRUE(internal_link_pie_supported("linux", "arm64", V(19)));
  EXPECT_FALSE(internal_link_pie_supported("linux", "s390x", V(26)));
  EXPECT_TRUE(internal_link_pie_supported("linux", "s390x", V(27)));
  EXPECT_EQ(output_format("ios"), "Mach-O");
  EXPECT_EQ(output_format("aix"), "XCOFF");
  EXPECT_EQ(output_format("wasip1"), "WebAssembly");
}

TEST(Ports, SubArchValidationByVersion) {
  EXPECT_FALSE(check_subarch("GOARM", "8", V(19)).valid);
  EXPECT_EQ(check_subarch("GOARM", "8", V(19)).message, "invalid GOARM: must be 5, 6, 7");  // observed with Go 1.19 on Debian 12
  EXPECT_FALSE(check_subarch("GOARM", "v7", V(19)).valid);
  EXPECT_FALSE(check_subarch("GOARM", "7,softfloat", V(21)).valid);
  EXPECT_TRUE(check_subarch("GOARM", "7,softfloat", V(22)).valid);
  EXPECT_EQ(check_subarch("GOAMD64", "v5", V(19)).message, "invalid GOAMD64: must be v1, v2, v3, v4");
  EXPECT_FALSE(check_subarch("GOAMD64", "V3", V(19)).valid);
  EXPECT_TRUE(check_subarch("GOARM64", "v8.2,lse,crypto", V(23)).valid);
  EXPECT_FALSE(check_subarch("GOARM64", "v9.6", V(23)).valid);
  EXPECT_FALSE(check_subarch("GOARM64", "v8.2,foo", V(23)).valid);
  EXPECT_FALSE(check_subarch("GOPPC64", "power10", V(19)).valid);
  EXPECT_TRUE(check_subarch("GOPPC64", "power10", V(20)).valid);
  EXPECT_FALSE(check_subarch("GORISCV64", "rva23u64", V(24)).valid);
  EXPECT_TRUE(check_subarch("GORISCV64", "rva23u64", V(25)).valid);
  EXPECT_FALSE(check_subarch("GO386", "sse3", V(19)).valid);
  EXPECT_FALSE(check_subarch("GOWASM", "satconv,bogus", V(21)).valid);
  EXPECT_TRUE(check_subarch("GOMIPS", "softfloat", V(19)).valid);
}

TEST(Ports, SubArchDefaults) {
  EXPECT_EQ(subarch_for("arm", "linux", V(20))->default_value, "5");
  EXPECT_EQ(subarch_for("arm", "linux", V(21))->default_value, "7");
  EXPECT_EQ(subarch_for("arm", "android", V(19))->default_value, "7");
  EXPECT_FALSE(subarch_for("arm64", "linux", V(22)).has_value());
  EXPECT_EQ(subarch_for("arm64", "linux", V(23))->variable, "GOARM64");
  EXPECT_FALSE(subarch_for("s390x", "linux", V(27)).has_value());
  EXPECT_EQ(subarch_since("GORISCV64"), 23);
}

TEST(Ports, ElfInterpreters) {
  EXPECT_EQ(elf_interpreter("linux", "arm64", V(19), false), "/lib/ld-linux-aarch64.so.1");
  EXPECT_EQ(elf_interpreter("linux", "amd64", V(19), true), "/lib64/ld-linux-x86-64.so.2");  // no musl before 1.20
  EXPECT_EQ(elf_interpreter("linux", "amd64", V(20), true), "/lib/ld-musl-x86_64.so.1");
  EXPECT_EQ(elf_interpreter("linux", "riscv64", V(26), false), "/lib/ld.so.1");
  EXPECT_EQ(elf_interpreter("linux", "riscv64", V(27), false), "/lib/ld-linux-riscv64-lp64d.so.1");
  EXPECT_EQ(elf_interpreter("linux", "loong64", V(21), false), "/lib64/ld.so.1");
  EXPECT_EQ(elf_interpreter("linux", "loong64", V(22), false), "/lib64/ld-linux-loongarch-lp64d.so.1");
  EXPECT_EQ(elf_interpreter("android", "arm64", V(19), false), "/system/bin/linker64");
  EXPECT_EQ(elf_interpreter("freebsd", "amd64", V(19), false), "/libexec/ld-elf.so.1");
  EXPECT_EQ(elf_interpreter("windows", "amd64", V(19), false), "");
}

TEST(Ports, DefaultCompiler) {
  EXPECT_EQ(default_cc("darwin", "linux", V(21)), "clang");
  EXPECT_EQ(default_cc("darwin", "linux", V(20)), "gcc");
  EXPECT_EQ(default_cc("linux", "darwin", V(20)), "clang");
  EXPECT_EQ(default_cc("linux", "darwin", V(21)), "gcc");
  EXPECT_EQ(gnu_triplets("linux", "arm", "5").front(), "arm-linux-gnueabi");
  EXPECT_EQ(gnu_triplets("linux", "arm", "7").front(), "arm-linux-gnueabihf");
}
