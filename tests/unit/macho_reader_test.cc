// The Mach-O reader, fat splitter, Go layout and analyzer on hand-made files
// (testdata/malformed/make_macho.py writes them): well-formed ones with every decoded field
// compared to the value make_macho.py put there (and llvm-objdump-14 --macho --private-headers
// prints the same for good-arm64.bin), damaged ones with the exact warning or error and offset.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/format_analyzer.h"
#include "crossgo/byte_source.h"
#include "crossgo/format_registry.h"
#include "crossgo/go_layout.h"
#include "output/details.h"

namespace crossgo {
namespace {

namespace fs = std::filesystem;
const fs::path kSource(CROSSGO_SOURCE_DIR);

std::vector<uint8_t> load(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  EXPECT_TRUE(f.good()) << p;
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}
std::vector<uint8_t> malformed(const std::string& name) {
  return load(kSource / "testdata" / "malformed" / ("macho-" + name + ".bin"));
}
std::vector<uint8_t> seed(const std::string& name) { return load(kSource / "fuzz" / "corpus" / "macho" / (name + ".bin")); }

struct Read {
  std::vector<uint8_t> bytes;
  MemorySource source;
  Result<Image> image;
  explicit Read(std::vector<uint8_t> b) : bytes(std::move(b)), source(bytes), image(kMachOReader.read(source)) {}
};

bool has_warning(const Image& img, const std::string& text) {
  for (const auto& w : img.warnings)
    if (w.find(text) != std::string::npos) return true;
  return false;
}

TEST(MachOReader, GoodArm64Executable) {
  Read r(seed("good-arm64"));
  ASSERT_TRUE(kMachOReader.matches(r.bytes));
  ASSERT_TRUE(r.image.ok()) << r.image.error().message;
  const Image& img = *r.image;
  EXPECT_TRUE(img.warnings.empty()) << img.warnings.front();
  EXPECT_EQ(img.format, Format::macho);
  EXPECT_EQ(img.bits, 64);
  EXPECT_EQ(img.endian, Endian::little);
  EXPECT_EQ(img.arch, CpuArch::arm64);
  EXPECT_EQ(img.machine, "CPU_TYPE_ARM64 (subtype CPU_SUBTYPE_ARM64_ALL)");
  EXPECT_EQ(img.kind, ObjectKind::executable);
  EXPECT_TRUE(img.position_independent);
  EXPECT_EQ(img.entry, 0x100000410u);  // LC_MAIN entryoff 0x410 inside __TEXT (fileoff 0)
  ASSERT_TRUE(img.interpreter);
  EXPECT_EQ(*img.interpreter, "/usr/lib/dyld");
  ASSERT_EQ(img.libraries.size(), 2u);
  EXPECT_EQ(img.libraries[0].name, "/usr/lib/libSystem.B.dylib");
  EXPECT_EQ(img.libraries[0].how, LibraryImport::How::needed);
  EXPECT_EQ(img.libraries[1].name, "/usr/lib/libweak.dylib");
  EXPECT_EQ(img.libraries[1].how, LibraryImport::How::weak);
  EXPECT_EQ(img.rpath, std::vector<std::string>{"@executable_path/../Frameworks"});
  EXPECT_FALSE(img.soname);
  // __PAGEZERO has vmsize but no file data; all three LC_SEGMENT_64 have vmsize != 0.
  ASSERT_EQ(img.segments.size(), 3u);
  EXPECT_EQ(img.segments[1].name, "__TEXT");
  EXPECT_TRUE(img.segments[1].exec);
  EXPECT_FALSE(img.segments[1].write);
  EXPECT_TRUE(img.segments[2].write);
  ASSERT_EQ(img.sections.size(), 3u);
  EXPECT_EQ(img.sections[0].segment, "__TEXT");
  EXPECT_EQ(img.sections[0].name, "__text");
  EXPECT_EQ(img.sections[0].addr, 0x100000400u);
  EXPECT_EQ(img.sections[0].offset, 0x400u);
  EXPECT_TRUE(img.sections[0].exec);
  EXPECT_EQ(img.sections[2].name, "__bss");
  EXPECT_FALSE(img.sections[2].has_file_data);  // S_ZEROFILL
  EXPECT_TRUE(img.sections[1].has_file_data);
  EXPECT_TRUE(img.has_symtab);
  EXPECT_FALSE(img.has_debug_info);
  const MachODetails& d = *img.macho;
  EXPECT_EQ(d.magic, 0xfeedfacfu);
  EXPECT_EQ(d.filetype, 2u);
  EXPECT_EQ(d.flags, 0x200004u);
  EXPECT_EQ(d.ncmds, 12u);  // 3 segments, build version, main, dylinker, 2 dylibs, rpath, uuid, symtab, signature
  EXPECT_EQ(d.arch_name, "arm64");
  ASSERT_EQ(d.build_versions.size(), 1u);
  EXPECT_EQ(d.build_versions[0].platform, 1u);
  EXPECT_EQ(d.build_versions[0].minos, "11.0");
  EXPECT_EQ(d.build_versions[0].sdk, "14.2");
  EXPECT_EQ(d.build_versions[0].source, "LC_BUILD_VERSION");
  ASSERT_TRUE(d.uuid);
  EXPECT_EQ(*d.uuid, "00010203-0405-0607-0809-0A0B0C0D0E0F");
  EXPECT_TRUE(d.has_code_signature);
  ASSERT_EQ(d.segments.size(), 3u);
  EXPECT_EQ(d.segments[0].name, "__PAGEZERO");
  EXPECT_EQ(d.segments[2].maxprot, 3u);

  std::vector<std::pair<std::string, uint64_t>> syms;
  std::vector<bool> defined;
  ASSERT_TRUE(img.visit_symbols);
  img.visit_symbols([&](const SymbolRef& s) {
    syms.emplace_back(std::string(s.name), s.value);
    defined.push_back(s.defined);
    return false;
  });
  ASSERT_EQ(syms.size(), 2u);
  EXPECT_EQ(syms[0], (std::pair<std::string, uint64_t>{"_main", 0x100000400}));
  EXPECT_TRUE(defined[0]);
  EXPECT_EQ(syms[1].first, "_write");
  EXPECT_FALSE(defined[1]);
}

TEST(MachOReader, ThirtyTwoBitDylibAndBigEndian) {
  Read dylib(seed("i386-dylib"));
  ASSERT_TRUE(dylib.image.ok());
  EXPECT_EQ(dylib.image->bits, 32);
  EXPECT_EQ(dylib.image->arch, CpuArch::x86);
  EXPECT_EQ(dylib.image->kind, ObjectKind::shared_library);
  EXPECT_EQ(dylib.image->soname.value_or(""), "/usr/lib/libfoo.1.dylib");
  ASSERT_EQ(dylib.image->macho->build_versions.size(), 1u);
  EXPECT_EQ(dylib.image->macho->build_versions[0].platform, 2u);
  EXPECT_EQ(dylib.image->macho->build_versions[0].minos, "9.0");
  EXPECT_EQ(dylib.image->macho->build_versions[0].sdk, "");
  EXPECT_EQ(dylib.image->macho->build_versions[0].source, "LC_VERSION_MIN_IPHONEOS");

  Read ppc(seed("ppc64-big-endian"));
  ASSERT_TRUE(ppc.image.ok());
  EXPECT_EQ(ppc.image->endian, Endian::big);
  EXPECT_EQ(ppc.image->arch, CpuArch::ppc64);
  EXPECT_EQ(ppc.image->machine, "CPU_TYPE_POWERPC64 (subtype CPU_SUBTYPE_POWERPC_ALL)");
  EXPECT_EQ(ppc.image->library_names(), std::vector<std::string>{"/usr/lib/libSystem.B.dylib"});
}

TEST(MachOReader, HeaderErrors) {
  Read t(malformed("truncated-header"));
  ASSERT_FALSE(t.image.ok());
  EXPECT_NE(t.image.error().message.find("mach_header_64: 32 bytes at 0x0 do not fit the file (size 20)"), std::string::npos);
  EXPECT_EQ(t.image.error().offset, 0u);

  Read s(malformed("sizeofcmds-past-eof"));
  ASSERT_FALSE(s.image.ok());
  EXPECT_NE(s.image.error().message.find("sizeofcmds 65536: the load commands (from 0x20) extend past the end of the file (size 32)"),
            std::string::npos);
  EXPECT_EQ(s.image.error().offset, 20u);  // mach_header_64.sizeofcmds
}

struct WarningCase {
  const char* file;
  const char* warning;
};

class MachOWarnings : public ::testing::TestWithParam<WarningCase> {};

TEST_P(MachOWarnings, ReportsAndContinues) {
  Read r(malformed(GetParam().file));
  ASSERT_TRUE(r.image.ok()) << r.image.error().message;
  EXPECT_TRUE(has_warning(*r.image, GetParam().warning))
      << (r.image->warnings.empty() ? std::string("no warnings") : r.image->warnings.front());
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, MachOWarnings,
    ::testing::Values(
        WarningCase{"cmdsize-zero", "load command 0 (LC_UUID) at 0x20: cmdsize 0 is smaller than 8; it and the remaining 1 commands are ignored"},
        WarningCase{"cmdsize-past-sizeofcmds", "load command 0 (LC_LOAD_DYLIB) at 0x20: cmdsize 56 extends past sizeofcmds 40"},
        WarningCase{"dylib-name-offset-outside", "load command 0 (LC_LOAD_DYLIB) at 0x20: dylib name offset 40 is outside the command's string area [24, 32)"},
        WarningCase{"dylib-name-unterminated", "load command 0 (LC_LOAD_DYLIB) at 0x20: dylib name at offset 24 is not NUL-terminated within cmdsize"},
        WarningCase{"rpath-offset-in-header", "load command 0 (LC_RPATH) at 0x20: path offset 4 is outside the command's string area [12, 16)"},
        WarningCase{"nsects-overflow", "segment __TEXT says nsects 1000 but cmdsize 72 holds only 0 section headers"},
        WarningCase{"section-past-eof", "section __DATA,__data (offset 0x7fff0000, size 256) extends past the end of the file (size 184)"},
        WarningCase{"symtab-nsyms-huge", "LC_SYMTAB at 0x20: 268435456 symbols of 16 bytes at symoff 0x40 extend past the end of the file (size 56)"},
        WarningCase{"cmdsize-misaligned", "load command 0 (LC_UUID) at 0x20: cmdsize 28 is not a multiple of 8"},
        WarningCase{"build-version-short", "load command 0 (LC_BUILD_VERSION) at 0x20: cmdsize 16 is smaller than the 24 bytes"},
        WarningCase{"ncmds-huge", "ncmds 4294967295 exceeds the cap of 65536"}),
    [](const auto& p) {
      std::string n = p.param.file;
      for (char& c : n) if (c == '-') c = '_';
      return n;
    });

TEST(MachOReader, DamagedCommandsLeaveNothingBehind) {
  Read name(malformed("dylib-name-unterminated"));
  EXPECT_TRUE(name.image->libraries.empty());
  Read sect(malformed("section-past-eof"));
  ASSERT_EQ(sect.image->sections.size(), 1u);
  EXPECT_FALSE(sect.image->sections[0].has_file_data);
  Read syms(malformed("symtab-nsyms-huge"));
  EXPECT_FALSE(syms.image->has_symtab);
  EXPECT_FALSE(syms.image->visit_symbols);
  Read misaligned(malformed("cmdsize-misaligned"));
  EXPECT_EQ(misaligned.image->macho->uuid.value_or(""), "00000000-0000-0000-0000-000000000000");
}

TEST(FatMachO, SplitsAndChecksSlices) {
  const auto good = seed("fat64-arm64e");
  ASSERT_TRUE(kFatMachOReader.matches(good));
  EXPECT_FALSE(kMachOReader.matches(good));
  MemorySource src(good);
  auto c = kFatMachOReader.split(src);
  ASSERT_TRUE(c.ok());
  ASSERT_EQ(c->members.size(), 1u);
  EXPECT_EQ(c->members[0].name, "arm64e");
  EXPECT_EQ(c->members[0].offset, 0x1000u);
  EXPECT_EQ(c->members[0].size, seed("good-arm64").size());

  const auto past = malformed("fat-slice-past-eof");
  MemorySource past_src(past);
  auto p = kFatMachOReader.split(past_src);
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->members.size(), 1u);
  EXPECT_EQ(p->members[0].name, "arm64");
  ASSERT_EQ(p->warnings.size(), 1u);
  EXPECT_NE(p->warnings[0].find("fat_arch 1 (x86_64) at 0x1c: slice (offset 0x100000, size 4432) extends past the end of the file"),
            std::string::npos);

  const auto overlap = malformed("fat-overlap");
  MemorySource overlap_src(overlap);
  auto o = kFatMachOReader.split(overlap_src);
  ASSERT_TRUE(o.ok());
  ASSERT_EQ(o->members.size(), 1u);
  ASSERT_EQ(o->warnings.size(), 1u);
  EXPECT_NE(o->warnings[0].find("fat_arch at 0x1c (x86_64): slice overlaps the arm64 slice; left out"), std::string::npos);
}

TEST(FatMachO, RejectsJavaAndHugeCounts) {
  EXPECT_FALSE(kFatMachOReader.matches(malformed("java-class")));
  EXPECT_FALSE(kMachOReader.matches(malformed("java-class")));
  const auto huge = malformed("fat-nfat-huge");
  EXPECT_FALSE(kFatMachOReader.matches(huge));
  MemorySource src(huge);
  auto r = kFatMachOReader.split(src);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("nfat_arch 65 exceeds 64"), std::string::npos);
  EXPECT_EQ(r.error().offset, 4u);
}

TEST(MachOLayout, DataStartAndBuildIdRegions) {
  Read r(seed("good-arm64"));
  const GoLayout l = go_layout_macho(*r.image);
  // No __go_buildinfo: the first segment with vmaddr != 0, filesize != 0, prot == maxprot == rw.
  ASSERT_EQ(l.buildinfo.size(), 1u);
  EXPECT_EQ(l.buildinfo[0].where, "first read-write segment __DATA");
  EXPECT_EQ(l.buildinfo[0].offset, 0x1000u);
  EXPECT_EQ(l.buildinfo[0].size, 0x100u);
  EXPECT_EQ(l.buildinfo[0].addr, 0x100001000u);
  ASSERT_EQ(l.build_id_text.size(), 2u);
  EXPECT_EQ(l.build_id_text[0].offset, 0u);
  EXPECT_EQ(l.build_id_text[1].offset, 0x400u);
  EXPECT_EQ(l.build_id_text[1].size, 0x100u);
  EXPECT_EQ(l.text_start, 0x100000400u);
  ASSERT_EQ(l.data.size(), 1u);
  EXPECT_EQ(l.data[0].where, "__DATA,__data");
}

TEST(MachOAnalyzer, VotesFloorsLinkageAndChecks) {
  Read r(seed("good-arm64"));
  const auto& a = analysis::macho_analyzer();
  const auto votes = a.os_votes(*r.image);
  ASSERT_EQ(votes.size(), 2u);
  EXPECT_EQ(votes[0].candidates, std::vector<std::string>{"darwin"});
  EXPECT_EQ(votes[0].evidence, "LC_BUILD_VERSION platform macos");
  EXPECT_EQ(votes[1].candidates, (std::vector<std::string>{"darwin", "ios"}));
  const auto link = a.linkage(*r.image);
  EXPECT_EQ(link.linkage, Linkage::dynamic);
  EXPECT_TRUE(link.pie);
  OsFacts os;
  os.goos = "darwin";
  EXPECT_EQ(a.libc(*r.image, link, os, nullptr).flavour, LibcFlavour::libsystem);
  const auto floors = a.floors(*r.image);
  ASSERT_EQ(floors.size(), 2u);
  EXPECT_EQ(floors[0].name, "macos");
  EXPECT_EQ(floors[0].version, "11.0");
  EXPECT_EQ(floors[1].name, "macos-sdk");
  EXPECT_EQ(floors[1].version, "14.2");
  const auto h = a.hardening(*r.image, link);
  EXPECT_EQ(h.pie, true);
  EXPECT_EQ(h.code_signature, true);
  EXPECT_FALSE(h.stripped);
  EXPECT_FALSE(h.dwarf);
  // Signed: no warning. The same image without the signature: the Apple-silicon warning.
  EXPECT_TRUE(a.checks(*r.image, {}, os, nullptr).empty());
  Image unsigned_img = *r.image;
  unsigned_img.macho->has_code_signature = false;
  const auto w = a.checks(unsigned_img, {}, os, nullptr);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].code, Code::CG830);
  EXPECT_NE(w[0].message.find("Killed: 9"), std::string::npos);
  EXPECT_NE(w[0].message.find("codesign -s - FILE"), std::string::npos);
  // Build info saying GOOS=ios against a macos platform.
  GoFacts go;
  go.buildinfo.emplace();
  go.buildinfo->settings.emplace_back("GOOS", "ios");
  const auto ios = a.checks(*r.image, {}, os, &go);
  ASSERT_EQ(ios.size(), 1u);
  EXPECT_EQ(ios[0].code, Code::CG831);
  EXPECT_NE(ios[0].message.find("disagrees with the build info's GOOS=ios"), std::string::npos);
}

TEST(MachOAnalyzer, Arm64eFlag) {
  Read r(seed("good-arm64"));
  Image img = *r.image;
  img.macho->cpusubtype = 0x80000002;  // CPU_SUBTYPE_ARM64E | CPU_SUBTYPE_PTRAUTH_ABI, version 0
  TargetFacts t;
  analysis::macho_analyzer().arch_flags(img, t);
  EXPECT_EQ(t.arch_flags["arm64e"], "yes");
  EXPECT_EQ(t.arch_flags["ptrauth_abi_version"], "0");
}

TEST(MachODetails, JsonNamesTheNumbers) {
  Read r(seed("good-arm64"));
  std::string text;
  output::JsonWriter writer(text);
  output::macho_details_json(writer, *r.image->macho);
  const auto j = nlohmann::ordered_json::parse(text);
  EXPECT_EQ(j["magic_name"], "MH_MAGIC_64");
  EXPECT_EQ(j["cputype"], "0x100000c");
  EXPECT_EQ(j["filetype_name"], "MH_EXECUTE");
  EXPECT_EQ(j["flags"], "0x200004");
  EXPECT_EQ(j["flag_names"], (nlohmann::ordered_json{"MH_DYLDLINK", "MH_PIE"}));
  EXPECT_EQ(j["entryoff"], "0x410");
  EXPECT_EQ(j["segments"][1]["initprot"], "r-x");
  EXPECT_EQ(j["build_versions"][0]["platform_name"], "macos");
}

}  // namespace
}  // namespace crossgo
