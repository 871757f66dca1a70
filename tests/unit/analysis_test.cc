// Analyzer rules on hand-made Images: each expectation comes from the ELF/Go facts the rule encodes
// (ELFArch interpreters in src/cmd/link/internal/<arch>/obj.go, asmbElf in src/cmd/link/internal/ld/elf.go; gABI), not from crossgo's output.
// The Images carry what the ELF reader would put there (neutral identity plus ElfDetails); the
// analyzers run through analysis::analyze() and the report view (fill_report), as inspect does.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "analysis/analyzers.h"
#include "analysis/elf_analysis.h"
#include "crossgo/elf_constants.h"
#include "elf_builder.h"
#include "go_blob_builder.h"
#include "read_helpers.h"

namespace crossgo::analysis {
namespace {

using crossgo::testing::SourcedImage;

CpuArch arch_of(uint16_t machine, int bits) {
  switch (machine) {
    case elf::EM_386: return CpuArch::x86;
    case elf::EM_X86_64: return CpuArch::x86_64;
    case elf::EM_ARM: return CpuArch::arm;
    case elf::EM_AARCH64: return CpuArch::arm64;
    case elf::EM_MIPS: return bits == 64 ? CpuArch::mips64 : CpuArch::mips;
    case elf::EM_LOONGARCH: return CpuArch::loong64;
    default: return CpuArch::unknown;
  }
}

// What the ELF reader derives from the ELF facts (gABI e_type; a DYN object is a PIE executable
// when it names an interpreter or says DF_1_PIE, otherwise a shared library).
void derive_identity(Image& img) {
  const ElfDetails& e = *img.elf;
  img.arch = arch_of(e.machine, img.bits);
  img.machine = "EM_" + std::to_string(e.machine) + " (" + std::to_string(e.machine) + ")";
  img.position_independent = false;
  switch (e.type) {
    case elf::ET_REL: img.kind = ObjectKind::relocatable; break;
    case elf::ET_CORE: img.kind = ObjectKind::core; break;
    case elf::ET_EXEC: img.kind = ObjectKind::executable; break;
    case elf::ET_DYN:
      img.position_independent = true;
      img.kind = (img.interpreter || (e.dt_flags_1 & elf::DF_1_PIE)) ? ObjectKind::executable
                                                                    : ObjectKind::shared_library;
      break;
    default: img.kind = ObjectKind::unknown; break;
  }
}

// An x86-64 ELF Image of `type` over `bytes` (none by default).
SourcedImage x86_64_image(uint16_t type, std::vector<uint8_t> bytes = {}) {
  SourcedImage s(std::move(bytes));
  Image& img = s.image;
  img.format = Format::elf;
  img.bits = 64;
  img.endian = Endian::little;
  img.elf = ElfDetails{};
  img.elf->type = type;
  img.elf->machine = elf::EM_X86_64;
  return s;
}

// Whether the analysis reported `code` (with `message` in the warning or note it shows).
bool has_code(const std::vector<Finding>& findings, Code code) {
  return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) { return f.code == code; });
}

std::string messages(const std::vector<Finding>& findings) {
  std::string out;
  for (const auto& f : findings) out += std::string(f.id()) + " " + f.message + "\n";
  return out;
}

ArtifactReport analyze(Image& img) {
  derive_identity(img);
  const Facts facts = analysis::analyze(img);
  ArtifactReport r;
  fill_report(img, facts, r);
  return r;
}

// Build info with `settings` ("build\tK=V" lines) in a .go.buildinfo section that is the whole file.
std::vector<uint8_t> buildinfo_file(const std::vector<std::string>& settings) {
  std::string mod = "path\texample.com/prog\nmod\texample.com/prog\t(devel)\t\n";
  for (const auto& s : settings) mod += "build\t" + s + "\n";
  return testing::inline_blob("go1.21.0", testing::framed(mod));
}

void add_buildinfo_section(Image& img) {
  Section s;
  s.name = ".go.buildinfo";
  s.offset = 0;
  s.size = img.source->size();
  s.addr = 0x500000;
  s.alloc = s.write = true;
  img.sections.push_back(s);
}

bool any_contains(const std::vector<std::string>& v, std::string_view needle) {
  return std::any_of(v.begin(), v.end(), [&](const std::string& s) { return s.find(needle) != std::string::npos; });
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += "\n  " + s;
  return out;
}

TEST(DottedVersions, ComparesNumerically) {
  EXPECT_GT(compare_dotted_versions("2.34", "2.4"), 0);
  EXPECT_EQ(compare_dotted_versions("2.17", "2.17"), 0);
  EXPECT_GT(compare_dotted_versions("3.4.30", "3.4.9"), 0);
  EXPECT_LT(compare_dotted_versions("2.2.5", "2.3"), 0);
  EXPECT_GT(compare_dotted_versions("1.3.1", "1.3"), 0);
}

TEST(Linkage, GlibcFloorIsHighestVersionWithItsSymbol) {
  SourcedImage s = x86_64_image(elf::ET_DYN);
  Image& img = s.image;
  img.interpreter = "/lib64/ld-linux-x86-64.so.2";
  img.libraries = {{"libc.so.6"}};
  img.elf->version_needs = {{"libc.so.6", "GLIBC_2.2.5", "malloc"},
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
  // The same floors, by name, in the format-neutral list.
  ASSERT_EQ(r.floors.size(), 3u);
  EXPECT_EQ(r.floors[0].name, "glibc");
  EXPECT_EQ(r.floors[0].version, "2.34");
  EXPECT_EQ(r.floors[0].evidence, "__libc_start_main");
  EXPECT_EQ(r.floors[1].name, "glibcxx");
  EXPECT_EQ(r.floors[2].name, "cxxabi");
  EXPECT_EQ(r.kind, "pie-executable");
  EXPECT_EQ(r.linkage, "dynamic");
  EXPECT_EQ(r.libc.flavour, "glibc");
  EXPECT_EQ(r.goos, "linux");
}

// Intentional change: on equal versions the need on libc.so.* names the symbol, not the one the
// loader asks for itself (glibc's ld-linux-aarch64.so.1 also provides GLIBC_2.17 names).
TEST(Linkage, GlibcFloorSymbolPrefersLibcOverTheLoaderOnEqualVersions) {
  for (bool loader_first : {true, false}) {
    SCOPED_TRACE(loader_first);
    SourcedImage s = x86_64_image(elf::ET_DYN);
    Image& img = s.image;
    img.bits = 64;
    img.elf->machine = elf::EM_AARCH64;
    img.interpreter = "/lib/ld-linux-aarch64.so.1";
    img.libraries = {{"libc.so.6"}, {"ld-linux-aarch64.so.1"}};
    const ElfVersionNeed loader{"ld-linux-aarch64.so.1", "GLIBC_2.17", "__stack_chk_guard"};
    const ElfVersionNeed libc{"libc.so.6", "GLIBC_2.17", "malloc"};
    img.elf->version_needs = loader_first ? std::vector<ElfVersionNeed>{loader, libc}
                                          : std::vector<ElfVersionNeed>{libc, loader};
    ArtifactReport r = analyze(img);
    ASSERT_TRUE(r.min_glibc);
    EXPECT_EQ(r.min_glibc->version, "2.17");
    EXPECT_EQ(r.min_glibc->symbol, "malloc");
  }
  // A higher version on the loader still sets the floor.
  SourcedImage s = x86_64_image(elf::ET_DYN);
  s.image.interpreter = "/lib64/ld-linux-x86-64.so.2";
  s.image.elf->version_needs = {{"libc.so.6", "GLIBC_2.17", "malloc"},
                                {"ld-linux-x86-64.so.2", "GLIBC_2.35", "__rseq_offset"}};
  ArtifactReport r = analyze(s.image);
  ASSERT_TRUE(r.min_glibc);
  EXPECT_EQ(r.min_glibc->version, "2.35");
  EXPECT_EQ(r.min_glibc->symbol, "__rseq_offset");
}

TEST(Linkage, StaticPieIsDynWithPieFlagAndNoInterpreter) {
  SourcedImage s = x86_64_image(elf::ET_DYN);
  Image& img = s.image;
  img.elf->has_dynamic = true;
  img.elf->dt_flags_1 = elf::DF_1_PIE | elf::DF_1_NOW;
  ArtifactReport r = analyze(img);
  EXPECT_EQ(r.kind, "pie-executable");
  EXPECT_EQ(r.linkage, "static-pie");
  ASSERT_TRUE(r.hardening);
  EXPECT_EQ(r.hardening->pie, true);
  EXPECT_EQ(r.dt_flags, (std::vector<std::string>{"DF_1_NOW", "DF_1_PIE"}));
}

TEST(Linkage, SharedLibraryWithoutPieFlag) {
  SourcedImage s = x86_64_image(elf::ET_DYN);
  Image& img = s.image;
  img.soname = "libfoo.so.1";
  img.libraries = {{"libc.so.6"}};
  ArtifactReport r = analyze(img);
  EXPECT_EQ(r.kind, "shared-library");
  EXPECT_EQ(r.linkage, "dynamic");
  ASSERT_TRUE(r.hardening);
  EXPECT_EQ(r.hardening->pie, false);
}

// A shared object that needs nothing and names no interpreter is still loaded by the dynamic
// loader: "dynamic" (src/analysis/format_elf.cc and docs/inspect.md), with no C library.
TEST(Linkage, SharedObjectWithoutNeedsOrInterpreter) {
  SourcedImage s = x86_64_image(elf::ET_DYN);
  Image& img = s.image;
  img.soname = "libplugin.so";
  img.elf->has_dynamic = true;
  ArtifactReport r = analyze(img);
  EXPECT_EQ(r.kind, "shared-library");
  EXPECT_EQ(r.linkage, "dynamic");
  EXPECT_TRUE(r.needed.empty());
  EXPECT_EQ(r.libc.flavour, "none");
  EXPECT_EQ(r.libc.evidence, std::vector<std::string>{"dynamic object that needs no libraries"});
}

TEST(Linkage, RelocatableHasNoLinkage) {
  SourcedImage s = x86_64_image(elf::ET_REL);
  ArtifactReport r = analyze(s.image);
  EXPECT_EQ(r.kind, "relocatable");
  EXPECT_FALSE(r.linkage);
}

TEST(Os, SolarisInterpreterAloneCannotDecideSolarisOrIllumos) {
  SourcedImage s = x86_64_image(elf::ET_EXEC);
  Image& img = s.image;
  img.interpreter = "/lib/amd64/ld.so.1";
  ArtifactReport r = analyze(img);
  EXPECT_FALSE(r.goos);
  EXPECT_EQ(r.goos_candidates, (std::vector<std::string>{"solaris", "illumos"}));
  EXPECT_EQ(r.goos_unknown_because, "the evidence narrows the OS to 2 candidates");
}

// Intentional change: when goos is unknown, goos_unknown_because says what was looked at.
TEST(Os, UnknownSaysWhatWasLookedAt) {
  SourcedImage s = x86_64_image(elf::ET_EXEC);
  ArtifactReport r = analyze(s.image);
  EXPECT_FALSE(r.goos);
  EXPECT_TRUE(r.goos_candidates.empty());
  EXPECT_TRUE(r.os_evidence.empty());
  EXPECT_EQ(r.goos_unknown_because,
            "nothing in the file names an OS: no OS note, EI_OSABI 0, no interpreter, no needed libraries, not a Go "
            "binary");
  s.image.interpreter = "/opt/odd/ld.so";
  r = analyze(s.image);
  EXPECT_FALSE(r.goos);
  EXPECT_NE(r.goos_unknown_because.find("interpreter /opt/odd/ld.so not known"), std::string::npos)
      << r.goos_unknown_because;
  // Decided: nothing to explain.
  s.image.interpreter = "/lib64/ld-linux-x86-64.so.2";
  r = analyze(s.image);
  EXPECT_EQ(r.goos, "linux");
  EXPECT_EQ(r.goos_unknown_because, "");
}

TEST(Os, BuildInfoDecidesIllumos) {
  SourcedImage s = x86_64_image(elf::ET_EXEC, buildinfo_file({"GOOS=illumos"}));
  Image& img = s.image;
  add_buildinfo_section(img);
  img.interpreter = "/lib/amd64/ld.so.1";
  img.libraries = {{"libc.so"}};
  ArtifactReport r = analyze(img);
  ASSERT_TRUE(r.go);
  ASSERT_TRUE(r.go->buildinfo);
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
    SourcedImage s = x86_64_image(elf::ET_EXEC);
    Image& img = s.image;
    img.elf->osabi = c.osabi;
    img.elf->notes.push_back(ElfNote{c.note_owner, 1, {}, 0, ".note"});
    ArtifactReport r = analyze(img);
    EXPECT_EQ(r.goos, c.want);
    EXPECT_EQ(r.os_evidence.size(), 2u);
  }
}

TEST(Os, ConflictingEvidenceKeepsTheStrongerAndWarns) {
  SourcedImage s = x86_64_image(elf::ET_EXEC, buildinfo_file({"GOOS=linux"}));
  Image& img = s.image;
  add_buildinfo_section(img);
  img.elf->osabi = elf::OSABI_NETBSD;
  ArtifactReport r = analyze(img);
  EXPECT_EQ(r.goos, "linux");
  ASSERT_EQ(r.warnings.size(), 1u) << joined(r.warnings);
  EXPECT_NE(r.warnings[0].find("conflicts"), std::string::npos);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].code, Code::CG802);
  EXPECT_EQ(r.findings[0].message, r.warnings[0]);
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
    SourcedImage s = x86_64_image(elf::ET_EXEC);
    Image& img = s.image;
    img.elf->machine = c.machine;
    img.interpreter = c.interp;
    ArtifactReport r = analyze(img);
    EXPECT_EQ(r.libc.flavour, c.flavour) << c.interp;
    EXPECT_EQ(r.goos, c.goos) << c.interp;
  }
}

// Intentional change: disagreeing libc evidence is recorded in the libc evidence (the first
// decides), not as a report warning.
TEST(Libc, ConflictsAreLibcEvidenceNotWarnings) {
  SourcedImage s = x86_64_image(elf::ET_EXEC);
  Image& img = s.image;
  img.interpreter = "/lib/ld-musl-x86_64.so.1";
  img.libraries = {{"libc.so.6"}};
  ArtifactReport r = analyze(img);
  EXPECT_EQ(r.libc.flavour, "musl");
  EXPECT_EQ(r.libc.evidence,
            (std::vector<std::string>{"interpreter /lib/ld-musl-x86_64.so.1", "needs libc.so.6 (conflicts with musl)"}));
  EXPECT_FALSE(any_contains(r.warnings, "libc")) << joined(r.warnings);
  EXPECT_FALSE(any_contains(r.warnings, "conflict")) << joined(r.warnings);
}

TEST(Libc, StaticGlibcIsRecognisedByItsAbiTagNote) {
  SourcedImage s = x86_64_image(elf::ET_EXEC);
  Image& img = s.image;
  static const std::array<uint8_t, 16> kLinux = {0, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0};
  img.elf->notes.push_back(ElfNote{"GNU", 1, kLinux, 0, ".note.ABI-tag"});
  ArtifactReport r = analyze(img);
  EXPECT_EQ(r.linkage, "static");
  EXPECT_EQ(r.libc.flavour, "glibc");
  EXPECT_EQ(r.goos, "linux");
}

// Intentional change: musl's own libc.so — a shared object that needs nothing, has no symbol
// versions and defines __libc_start_main — is musl (glibc's libc.so.6 needs ld-linux).
TEST(Libc, MuslLibcSoItself) {
  SourcedImage s = x86_64_image(elf::ET_DYN);
  Image& img = s.image;
  img.soname = "libc.so";
  img.elf->has_dynamic = true;
  bool defined = true;
  img.visit_symbols = [&defined](const SymbolVisitor& v) {
    for (const char* name : {"malloc", "__libc_start_main", "printf"}) {
      SymbolRef sym;
      sym.name = name;
      sym.defined = defined;
      sym.dynamic = true;
      if (v(sym)) return;
    }
  };
  ArtifactReport r = analyze(img);
  EXPECT_EQ(r.libc.flavour, "musl");
  ASSERT_EQ(r.libc.evidence.size(), 1u);
  EXPECT_NE(r.libc.evidence[0].find("musl's libc.so itself"), std::string::npos) << r.libc.evidence[0];
  // Only importing __libc_start_main (any program does) is not musl's libc.
  defined = false;
  r = analyze(img);
  EXPECT_EQ(r.libc.flavour, "none");
}

TEST(Hardening, RelroAndNx) {
  SourcedImage s = x86_64_image(elf::ET_DYN);
  Image& img = s.image;
  img.interpreter = "/lib64/ld-linux-x86-64.so.2";
  ArtifactReport r = analyze(img);
  ASSERT_TRUE(r.hardening);
  EXPECT_FALSE(r.hardening->nx_stack);  // no PT_GNU_STACK: unknown, not guessed
  auto phdr = [](uint32_t type, uint32_t flags) {
    ElfProgramHeader ph;
    ph.type = type;
    ph.flags = flags;
    return ph;
  };
  img.elf->program_headers.push_back(phdr(elf::PT_GNU_STACK, elf::PF_R | elf::PF_W));
  img.elf->program_headers.push_back(phdr(elf::PT_GNU_RELRO, elf::PF_R));
  r = analyze(img);
  EXPECT_EQ(r.hardening->nx_stack, true);
  EXPECT_EQ(r.hardening->relro, "partial");
  img.elf->dt_flags = elf::DF_BIND_NOW;
  EXPECT_EQ(analyze(img).hardening->relro, "full");
  img.elf->program_headers[0].flags |= elf::PF_X;
  EXPECT_EQ(analyze(img).hardening->nx_stack, false);
}

// The machine → GOARCH mapping through the reader (e_machine, class, data encoding) and the
// analyzers, as inspect sees it.
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
    SCOPED_TRACE(std::to_string(c.machine) + "/" + std::to_string(c.bits));
    testing::ElfBuilder b(c.bits, c.endian, c.machine, elf::ET_EXEC);
    const auto img = testing::read_elf(b.build());
    ASSERT_TRUE(img.ok()) << img.error().to_string();
    const Facts f = analysis::analyze(*img);
    if (c.goarch) {
      EXPECT_EQ(f.target.goarch, c.goarch);
      EXPECT_FALSE(has_code(f.findings, Code::CG801)) << messages(f.findings);
    } else {
      EXPECT_FALSE(f.target.goarch);
      EXPECT_TRUE(has_code(f.findings, Code::CG801)) << messages(f.findings);
    }
  }
}

TEST(Arch, ArmHardFloatFromAttributes) {
  SourcedImage s = x86_64_image(elf::ET_EXEC);
  Image& img = s.image;
  img.elf->machine = elf::EM_ARM;
  img.bits = 32;
  img.elf->flags = 0x05000400;  // EABI5, EF_ARM_ABI_FLOAT_HARD
  ArtifactReport r = analyze(img);
  EXPECT_EQ(r.arch_flags["arm_eabi"], "5");
  EXPECT_EQ(r.arch_flags["float_abi"], "hard");
  img.elf->flags = 0x05000000;
  img.elf->arm_vfp_args = 0;
  ArtifactReport soft = analyze(img);
  EXPECT_EQ(soft.arch_flags["float_abi"], "soft");
}

// GOARM from build info against the C objects' Tag_CPU_arch. Intentional change: GOARM=6 Go code
// with ARMv7 C objects is a note (fine on armhf distributions), not a warning; GOARM=5 with v7
// objects stays a warning.
TEST(Checks, GoarmAgainstLinkedCObjects) {
  struct Case {
    const char* goarm;
    uint32_t cpu_arch;
    bool note, warning;
  };
  for (const Case& c : {Case{"6", 10, true, false}, Case{"5", 10, false, true}, Case{"7", 10, false, false},
                        Case{"6", 6, false, false}}) {
    SCOPED_TRACE(std::string("GOARM=") + c.goarm + " Tag_CPU_arch " + std::to_string(c.cpu_arch));
    SourcedImage s = x86_64_image(elf::ET_EXEC, buildinfo_file({"GOARCH=arm", std::string("GOARM=") + c.goarm,
                                                                "GOOS=linux"}));
    Image& img = s.image;
    add_buildinfo_section(img);
    img.bits = 32;
    img.elf->machine = elf::EM_ARM;
    img.elf->flags = 0x05000400;
    img.elf->arm_cpu_arch = c.cpu_arch;
    ArtifactReport r = analyze(img);
    EXPECT_EQ(r.arch_flags["goarm"], c.goarm);
    EXPECT_EQ(any_contains(r.notes, "GOARM=" + std::string(c.goarm)), c.note) << joined(r.notes);
    EXPECT_EQ(any_contains(r.warnings, "GOARM=" + std::string(c.goarm)), c.warning) << joined(r.warnings);
    EXPECT_EQ(has_code(r.findings, Code::CG822), c.note) << messages(r.findings);
    EXPECT_EQ(has_code(r.findings, Code::CG821), c.warning) << messages(r.findings);
    if (c.note) {
      ASSERT_EQ(r.notes.size(), 1u);
      EXPECT_NE(r.notes[0].find("not on ARMv6 boards"), std::string::npos) << r.notes[0];
    }
  }
}

// The wrong-architecture interpreter check. Intentional change: glibc's /lib64/ld.so.1 is the
// mips64 n64 loader (and what Go writes for loong64), so neither is flagged.
TEST(Checks, InterpreterOfAnotherArchitecture) {
  struct Case {
    uint16_t machine;
    Endian endian;
    const char* interp;
    bool flagged;
  };
  for (const Case& c : {Case{elf::EM_MIPS, Endian::big, "/lib64/ld.so.1", false},
                        Case{elf::EM_MIPS, Endian::little, "/lib64/ld.so.1", false},
                        Case{elf::EM_LOONGARCH, Endian::little, "/lib64/ld.so.1", false},
                        Case{elf::EM_X86_64, Endian::little, "/lib/ld-linux-aarch64.so.1", true}}) {
    SCOPED_TRACE(std::to_string(c.machine) + " " + c.interp);
    SourcedImage s = x86_64_image(elf::ET_EXEC);
    Image& img = s.image;
    img.elf->machine = c.machine;
    img.endian = c.endian;
    img.interpreter = c.interp;
    ArtifactReport r = analyze(img);
    EXPECT_EQ(any_contains(r.warnings, "is the loader for"), c.flagged) << joined(r.warnings);
    EXPECT_EQ(has_code(r.findings, Code::CG820), c.flagged) << messages(r.findings);
  }
}

}  // namespace
}  // namespace crossgo::analysis
