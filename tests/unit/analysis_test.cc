// Analyzer rules on hand-made Images: each expectation comes from the ELF/Go facts the rule encodes
// (ELFArch interpreters in src/cmd/link/internal/<arch>/obj.go, asmbElf in src/cmd/link/internal/ld/elf.go; gABI), not from crossgo's output.
#include <gtest/gtest.h>

#include <array>

#include "analysis/analyzers.h"
#include "crossgo/elf.h"

namespace crossgo::analysis {
namespace {

Image x86_64_image(uint16_t type) {
  Image img;
  img.format = Format::elf;
  img.bits = 64;
  img.endian = Endian::little;
  img.machine = elf::EM_X86_64;
  img.elf_type = type;
  return img;
}

ArtifactReport analyze(const Image& img, std::optional<GoBuildInfo> bi = std::nullopt) {
  ArtifactReport r;
  analyze_arch(img, r);
  analyze_linkage(img, r);
  if (bi) {
    r.go = GoReport{};
    r.go->buildinfo = std::move(bi);
  }
  analyze_os(img, r);
  analyze_libc(img, r);
  analyze_hardening(img, r);
  return r;
}

TEST(DottedVersions, ComparesNumerically) {
  EXPECT_GT(compare_dotted_versions("2.34", "2.4"), 0);
  EXPECT_EQ(compare_dotted_versions("2.17", "2.17"), 0);
  EXPECT_GT(compare_dotted_versions("3.4.30", "3.4.9"), 0);
  EXPECT_LT(compare_dotted_versions("2.2.5", "2.3"), 0);
  EXPECT_GT(compare_dotted_versions("1.3.1", "1.3"), 0);
}

TEST(Linkage, GlibcFloorIsHighestVersionWithItsSymbol) {
  Image img = x86_64_image(elf::ET_DYN);
  img.interpreter = "/lib64/ld-linux-x86-64.so.2";
  img.needed = {"libc.so.6"};
  img.version_needs = {{"libc.so.6", "GLIBC_2.2.5", "malloc"},
                       {"libc.so.6", "GLIBC_2.34", "__libc_start_main"},
                       {"libc.so.6", "GLIBC_2.4", "__stack_chk_fail"},
                       {"libc.so.6", "GLIBC_PRIVATE", "_dl_x"},
                       {"libstdc++.so.6", "GLIBCXX_3.4.9", "a"},
                       {"libstdc++.so.6", "GLIBCXX_3.4.30", "b"},
                       {"libstdc++.so.6", "CXXABI_1.3", "c"}};
  ArtifactReport r = analyze(img);
  ASSERT_TRUE(r.min_glibc);
  EXPECT_EQ(r.min_glibc->version, "2.34");
  EXPECT_EQ(r.min_glibc->symbol, "__libc_start_main");
  ASSERT_TRUE(r.min_glibcxx);
  EXPECT_EQ(r.min_glibcxx->version, "3.4.30");
  ASSERT_TRUE(r.min_cxxabi);
  EXPECT_EQ(r.min_cxxabi->version, "1.3");
  EXPECT_EQ(r.kind, "pie-executable");
  EXPECT_EQ(r.linkage, "dynamic");
  EXPECT_EQ(r.libc.flavour, "glibc");
  EXPECT_EQ(r.goos, "linux");
}

TEST(Linkage, StaticPieIsDynWithPieFlagAndNoInterpreter) {
  Image img = x86_64_image(elf::ET_DYN);
  img.has_dynamic = true;
  img.dt_flags_1 = elf::DF_1_PIE | elf::DF_1_NOW;
  ArtifactReport r = analyze(img);
  EXPECT_EQ(r.kind, "pie-executable");
  EXPECT_EQ(r.linkage, "static-pie");
  EXPECT_TRUE(r.hardening.pie);
  EXPECT_EQ(r.dt_flags, (std::vector<std::string>{"DF_1_NOW", "DF_1_PIE"}));
}

TEST(Linkage, SharedLibraryWithoutPieFlag) {
  Image img = x86_64_image(elf::ET_DYN);
  img.soname = "libfoo.so.1";
  img.needed = {"libc.so.6"};
  ArtifactReport r = analyze(img);
  EXPECT_EQ(r.kind, "shared-library");
  EXPECT_EQ(r.linkage, "dynamic");
  EXPECT_FALSE(r.hardening.pie);
}

TEST(Linkage, RelocatableHasNoLinkage) {
  ArtifactReport r = analyze(x86_64_image(elf::ET_REL));
  EXPECT_EQ(r.kind, "relocatable");
  EXPECT_FALSE(r.linkage);
}

TEST(Os, SolarisInterpreterAloneCannotDecideSolarisOrIllumos) {
  Image img = x86_64_image(elf::ET_EXEC);
  img.interpreter = "/lib/amd64/ld.so.1";
  ArtifactReport r = analyze(img);
  EXPECT_FALSE(r.goos);
  EXPECT_EQ(r.goos_candidates, (std::vector<std::string>{"solaris", "illumos"}));
}

TEST(Os, BuildInfoDecidesIllumos) {
  Image img = x86_64_image(elf::ET_EXEC);
  img.interpreter = "/lib/amd64/ld.so.1";
  img.needed = {"libc.so"};
  GoBuildInfo bi;
  bi.settings = {{"GOOS", "illumos"}};
  ArtifactReport r = analyze(img, bi);
  EXPECT_EQ(r.goos, "illumos");
  EXPECT_EQ(r.libc.flavour, "solaris");
  EXPECT_TRUE(r.warnings.empty()) << r.warnings.front();
}

TEST(Os, BsdMarkers) {
  struct Case {
    uint8_t osabi;
    const char* note_owner;
    const char* want;
  };
  for (const Case& c : {Case{elf::OSABI_FREEBSD, "FreeBSD", "freebsd"}, Case{elf::OSABI_NETBSD, "NetBSD", "netbsd"},
                        Case{elf::OSABI_OPENBSD, "OpenBSD", "openbsd"}}) {
    Image img = x86_64_image(elf::ET_EXEC);
    img.osabi = c.osabi;
    img.notes.push_back(Note{c.note_owner, 1, {}, 0, ".note"});
    ArtifactReport r = analyze(img);
    EXPECT_EQ(r.goos, c.want);
    EXPECT_EQ(r.os_evidence.size(), 2u);
  }
}

TEST(Os, ConflictingEvidenceKeepsTheStrongerAndWarns) {
  Image img = x86_64_image(elf::ET_EXEC);
  img.osabi = elf::OSABI_NETBSD;
  GoBuildInfo bi;
  bi.settings = {{"GOOS", "linux"}};
  ArtifactReport r = analyze(img, bi);
  EXPECT_EQ(r.goos, "linux");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("conflicts"), std::string::npos);
}

TEST(Libc, InterpreterFlavours) {
  struct Case {
    uint16_t machine;
    const char* interp;
    const char* flavour;
    const char* goos;
  };
  for (const Case& c : {Case{elf::EM_AARCH64, "/lib/ld-musl-aarch64.so.1", "musl", "linux"},
                        Case{elf::EM_AARCH64, "/system/bin/linker64", "bionic", "android"},
                        Case{elf::EM_AARCH64, "/lib/ld-linux-aarch64.so.1", "glibc", "linux"},
                        Case{elf::EM_X86_64, "/libexec/ld-elf.so.1", "freebsd", "freebsd"},
                        Case{elf::EM_X86_64, "/usr/libexec/ld.so", "openbsd", "openbsd"},
                        Case{elf::EM_AARCH64, "/libexec/ld.elf_so", "netbsd", "netbsd"},
                        Case{elf::EM_X86_64, "/usr/libexec/ld-elf.so.2", "dragonfly", "dragonfly"}}) {
    Image img = x86_64_image(elf::ET_EXEC);
    img.machine = c.machine;
    img.interpreter = c.interp;
    ArtifactReport r = analyze(img);
    EXPECT_EQ(r.libc.flavour, c.flavour) << c.interp;
    EXPECT_EQ(r.goos, c.goos) << c.interp;
  }
}

TEST(Libc, StaticGlibcIsRecognisedByItsAbiTagNote) {
  Image img = x86_64_image(elf::ET_EXEC);
  static const std::array<uint8_t, 16> kLinux = {0, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0};
  img.notes.push_back(Note{"GNU", 1, kLinux, 0, ".note.ABI-tag"});
  ArtifactReport r = analyze(img);
  EXPECT_EQ(r.linkage, "static");
  EXPECT_EQ(r.libc.flavour, "glibc");
  EXPECT_EQ(r.goos, "linux");
}

TEST(Hardening, RelroAndNx) {
  Image img = x86_64_image(elf::ET_DYN);
  img.interpreter = "/lib64/ld-linux-x86-64.so.2";
  EXPECT_FALSE(analyze(img).hardening.nx_stack);  // no PT_GNU_STACK: unknown, not guessed
  img.segments.push_back(Segment{elf::PT_GNU_STACK, elf::PF_R | elf::PF_W, 0, 0, 0, 0});
  img.segments.push_back(Segment{elf::PT_GNU_RELRO, elf::PF_R, 0, 0, 0, 0});
  ArtifactReport r = analyze(img);
  EXPECT_EQ(r.hardening.nx_stack, true);
  EXPECT_EQ(r.hardening.relro, "partial");
  img.dt_flags = elf::DF_BIND_NOW;
  EXPECT_EQ(analyze(img).hardening.relro, "full");
  img.segments[0].flags |= elf::PF_X;
  EXPECT_EQ(analyze(img).hardening.nx_stack, false);
}

TEST(Arch, GoarchFromMachineClassAndEndianness) {
  struct Case {
    uint16_t machine;
    int bits;
    Endian endian;
    const char* goarch;  // nullptr: not a Go target
  };
  for (const Case& c : {Case{elf::EM_MIPS, 32, Endian::big, "mips"}, Case{elf::EM_MIPS, 32, Endian::little, "mipsle"},
                        Case{elf::EM_MIPS, 64, Endian::big, "mips64"}, Case{elf::EM_MIPS, 64, Endian::little, "mips64le"},
                        Case{elf::EM_PPC64, 64, Endian::big, "ppc64"}, Case{elf::EM_PPC64, 64, Endian::little, "ppc64le"},
                        Case{elf::EM_S390, 64, Endian::big, "s390x"}, Case{elf::EM_LOONGARCH, 64, Endian::little, "loong64"},
                        Case{elf::EM_RISCV, 64, Endian::little, "riscv64"}, Case{elf::EM_386, 32, Endian::little, "386"},
                        Case{elf::EM_X86_64, 32, Endian::little, nullptr}, Case{elf::EM_RISCV, 32, Endian::little, nullptr},
                        Case{elf::EM_ARM, 32, Endian::big, nullptr}}) {
    Image img = x86_64_image(elf::ET_EXEC);
    img.machine = c.machine;
    img.bits = c.bits;
    img.endian = c.endian;
    ArtifactReport r;
    analyze_arch(img, r);
    if (c.goarch) EXPECT_EQ(r.goarch, c.goarch) << c.machine;
    else EXPECT_FALSE(r.goarch) << c.machine;
  }
}

TEST(Arch, ArmHardFloatFromAttributes) {
  Image img = x86_64_image(elf::ET_EXEC);
  img.machine = elf::EM_ARM;
  img.bits = 32;
  img.machine_flags = 0x05000400;  // EABI5, EF_ARM_ABI_FLOAT_HARD
  ArtifactReport r;
  analyze_arch(img, r);
  EXPECT_EQ(r.arch_flags["arm_eabi"], "5");
  EXPECT_EQ(r.arch_flags["float_abi"], "hard");
  img.machine_flags = 0x05000000;
  img.arm_vfp_args = 0;
  ArtifactReport soft;
  analyze_arch(img, soft);
  EXPECT_EQ(soft.arch_flags["float_abi"], "soft");
}

}  // namespace
}  // namespace crossgo::analysis
