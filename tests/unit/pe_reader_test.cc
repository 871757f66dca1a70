// The PE/COFF reader, the PE Go layout and the PE analyzer on the inputs make_pe.py writes
// (testdata/malformed/pe-*.bin). Expected values are the ones the generator lays out by hand
// (see its docstring); llvm-readobj-14 reads the well-formed ones the same way (section names,
// imports, delay imports, symbols). Hostile inputs must give exactly the error (message and
// file offset of the wrong field) or the warning named here.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "analysis/format_analyzer.h"
#include "crossgo/byte_source.h"
#include "crossgo/format_registry.h"
#include "crossgo/go_layout.h"

namespace crossgo {
namespace {

namespace fs = std::filesystem;

std::vector<uint8_t> slurp(const std::string& name) {
  const fs::path p = fs::path(CROSSGO_SOURCE_DIR) / "testdata" / "malformed" / ("pe-" + name + ".bin");
  std::ifstream in(p, std::ios::binary);
  EXPECT_TRUE(in.good()) << p;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Loaded {
  std::vector<uint8_t> bytes;
  std::unique_ptr<MemorySource> source;
  Result<Image> image = Error{"not read", std::nullopt};
};

std::unique_ptr<Loaded> load(const std::string& name) {
  auto l = std::make_unique<Loaded>();
  l->bytes = slurp(name);
  l->source = std::make_unique<MemorySource>(l->bytes);
  EXPECT_TRUE(kPeReader.matches(std::span<const uint8_t>(l->bytes).first(std::min<size_t>(l->bytes.size(), kMagicBytes))));
  l->image = kPeReader.read(*l->source);
  return l;
}

bool has_warning(const Image& img, const std::string& needle) {
  for (const auto& w : img.warnings)
    if (w.find(needle) != std::string::npos) return true;
  return false;
}

std::vector<std::string> section_names(const Image& img) {
  std::vector<std::string> out;
  for (const auto& s : img.sections) out.push_back(s.name);
  return out;
}

struct Sym {
  std::string name;
  uint64_t value;
  bool defined;
  bool operator==(const Sym&) const = default;
};

std::vector<Sym> symbols(const Image& img) {
  std::vector<Sym> out;
  if (img.visit_symbols)
    img.visit_symbols([&](const SymbolRef& s) {
      out.push_back({std::string(s.name), s.value, s.defined});
      return false;
    });
  return out;
}

TEST(PeReader, Good64Headers) {
  auto l = load("good64");
  ASSERT_TRUE(l->image.ok()) << l->image.error().to_string();
  const Image& img = *l->image;
  EXPECT_EQ(img.format, Format::pe);
  EXPECT_EQ(img.bits, 64);
  EXPECT_EQ(img.kind, ObjectKind::executable);
  EXPECT_EQ(img.arch, CpuArch::x86_64);
  EXPECT_EQ(img.machine, "IMAGE_FILE_MACHINE_AMD64 (0x8664)");
  EXPECT_EQ(img.image_base, 0x140000000u);
  EXPECT_EQ(img.entry, 0x140001000u);
  EXPECT_TRUE(img.position_independent);  // DllCharacteristics 0x8160 has DYNAMIC_BASE
  EXPECT_TRUE(img.has_symtab);
  EXPECT_TRUE(img.has_debug_info);  // "/4" → .debug_info through the string table
  EXPECT_TRUE(img.warnings.empty());
  ASSERT_TRUE(img.pe);
  const PeDetails& d = *img.pe;
  EXPECT_TRUE(d.has_optional_header);
  EXPECT_TRUE(d.pe32_plus);
  EXPECT_EQ(d.machine, 0x8664);
  EXPECT_EQ(d.characteristics, 0x0022);
  EXPECT_EQ(d.timestamp, 0x5f000000u);
  EXPECT_EQ(d.subsystem, 3);
  EXPECT_EQ(d.dll_characteristics, 0x8160);
  EXPECT_EQ(d.major_os_version, 6);
  EXPECT_EQ(d.minor_os_version, 1);
  EXPECT_EQ(d.major_subsystem_version, 6);
  EXPECT_EQ(d.minor_subsystem_version, 1);
  EXPECT_EQ(d.major_linker_version, 3);
  EXPECT_EQ(d.minor_linker_version, 0);
  EXPECT_TRUE(d.has_certificate);
  EXPECT_FALSE(d.has_debug_directory);
  EXPECT_EQ(d.delay_imports, std::vector<std::string>{"USER32.dll"});
  EXPECT_EQ(d.section_names, section_names(img));
}

TEST(PeReader, Good64SectionsSegmentsImports) {
  auto l = load("good64");
  ASSERT_TRUE(l->image.ok());
  const Image& img = *l->image;
  EXPECT_EQ(section_names(img), (std::vector<std::string>{".text", ".rdata", ".data", ".idata", ".debug_info", ".bss"}));
  const Section& data = img.sections[2];
  EXPECT_EQ(data.addr, 0x140003000u);
  EXPECT_EQ(data.offset, 0x800u);
  EXPECT_EQ(data.size, 0x100u);  // min(VirtualSize 0x100, SizeOfRawData 0x200)
  EXPECT_TRUE(data.has_file_data && data.alloc && data.write && !data.exec);
  EXPECT_EQ(data.flags, 0xC0000040u);
  const Section& text = img.sections[0];
  EXPECT_TRUE(text.exec && !text.write);
  const Section& bss = img.sections[5];
  EXPECT_FALSE(bss.has_file_data);
  EXPECT_EQ(bss.size, 0x80u);
  ASSERT_EQ(img.segments.size(), 6u);
  EXPECT_EQ(img.segments[5].filesz, 0u);
  EXPECT_EQ(img.segments[5].memsz, 0x80u);
  // The build ID text the generator put at the start of .text, through its absolute address.
  const auto at = img.read_at_address(0x140001000, 5);
  ASSERT_TRUE(at);
  EXPECT_EQ(std::string(at->begin(), at->end()), "\xff Go ");
  EXPECT_FALSE(img.read_at_address(0x140003100, 1));  // past .data's file bytes
  ASSERT_EQ(img.libraries.size(), 3u);
  EXPECT_EQ(img.library_names(), (std::vector<std::string>{"KERNEL32.dll", "msvcrt.dll", "USER32.dll"}));
  EXPECT_EQ(img.libraries[0].how, LibraryImport::How::needed);
  EXPECT_EQ(img.libraries[2].how, LibraryImport::How::delay);
  // One auxiliary record is skipped; values are section addresses plus Value.
  EXPECT_EQ(symbols(img), (std::vector<Sym>{{"main", 0x140001010, true},
                                            {"runtime.pclntab", 0x140002020, true},
                                            {"ext", 0, false}}));
}

TEST(PeReader, Good32Dll) {
  auto l = load("good32-dll");
  ASSERT_TRUE(l->image.ok()) << l->image.error().to_string();
  const Image& img = *l->image;
  EXPECT_EQ(img.bits, 32);
  EXPECT_EQ(img.kind, ObjectKind::shared_library);
  EXPECT_EQ(img.arch, CpuArch::x86);
  EXPECT_EQ(img.machine, "IMAGE_FILE_MACHINE_I386 (0x14c)");
  EXPECT_EQ(img.image_base, 0x400000u);
  EXPECT_EQ(img.entry, 0x401000u);
  EXPECT_FALSE(img.pe->pe32_plus);
  EXPECT_EQ(img.pe->dll_characteristics, 0x8140);
  EXPECT_EQ(img.library_names().size(), 3u);
  EXPECT_EQ(img.sections[4].name, ".debug_info");
}

TEST(PeReader, CoffObject) {
  auto l = load("object");
  ASSERT_TRUE(l->image.ok()) << l->image.error().to_string();
  const Image& img = *l->image;
  EXPECT_EQ(img.kind, ObjectKind::relocatable);
  EXPECT_EQ(img.arch, CpuArch::arm64);
  EXPECT_EQ(img.bits, 64);
  EXPECT_FALSE(img.pe->has_optional_header);
  EXPECT_TRUE(img.segments.empty());
  ASSERT_EQ(img.sections.size(), 1u);
  EXPECT_EQ(img.sections[0].offset, 60u);
  EXPECT_EQ(img.sections[0].size, 16u);
  EXPECT_EQ(symbols(img), (std::vector<Sym>{{"f", 4, true}}));
}

struct ErrorCase {
  const char* file;
  const char* message;
  uint64_t offset;
};

class PeErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(PeErrors, FailsAtTheField) {
  auto l = load(GetParam().file);
  ASSERT_FALSE(l->image.ok());
  EXPECT_NE(l->image.error().message.find(GetParam().message), std::string::npos) << l->image.error().message;
  EXPECT_EQ(l->image.error().offset, GetParam().offset);
}

// Offsets: e_lfanew 0x3c; signature 0x80; COFF header 0x84 (NumberOfSections +2,
// SizeOfOptionalHeader +16); optional header 0x98.
INSTANTIATE_TEST_SUITE_P(
    Malformed, PeErrors,
    ::testing::Values(ErrorCase{"truncated-dos", "DOS header", 0},
                      ErrorCase{"lfanew-past-eof", "e_lfanew 0x7ffffff0", 0x3c},
                      ErrorCase{"bad-signature", "no PE signature (PE\\0\\0) at e_lfanew 0x80: found 0x454e", 0x80},
                      ErrorCase{"optional-too-small", "SizeOfOptionalHeader 96 is smaller than the 112 bytes", 0x94},
                      ErrorCase{"bad-optional-magic", "optional header magic 0x107", 0x98},
                      ErrorCase{"image-without-optional", "SizeOfOptionalHeader is 0", 0x94},
                      ErrorCase{"sections-past-eof", "NumberOfSections 500", 0x86}));

struct WarningCase {
  const char* file;
  const char* warning;
};

class PeWarnings : public ::testing::TestWithParam<WarningCase> {};

TEST_P(PeWarnings, ReadsTheRest) {
  auto l = load(GetParam().file);
  ASSERT_TRUE(l->image.ok()) << l->image.error().to_string();
  EXPECT_TRUE(has_warning(*l->image, GetParam().warning)) << GetParam().warning;
  EXPECT_EQ(l->image->sections.size(), 6u);
}

// The import directory entry is at 0x110 (optional header 0x98 + 112 + 8).
INSTANTIATE_TEST_SUITE_P(
    Malformed, PeWarnings,
    ::testing::Values(
        WarningCase{"import-unmapped", "descriptor 0 at RVA 0x9000 is not inside any section's file data (at 0x110)"},
        WarningCase{"import-name-unterminated", "import DLL name at RVA 0x4100 is not NUL-terminated within its section (at 0xa0c)"},
        WarningCase{"import-no-terminator", "descriptor 25 at RVA 0x41f4 is not inside any section's file data (at 0x110)"},
        WarningCase{"symtab-past-eof", "COFF symbol table (4 records at 0xfffff0, field at 0x8c) extends past the end"},
        WarningCase{"strtab-huge", "COFF string table at 0xe48 (size 4294967295)"},
        WarningCase{"section-data-past-eof", "section .data (header at 0x1d8): data at file offset 0xff0000"},
        WarningCase{"rva-count-huge", "NumberOfRvaAndSizes (at 0x104) is 4294967295"}));

TEST(PeReader, DamagedTablesKeepWhatWasRead) {
  auto unmapped = load("import-unmapped");
  EXPECT_EQ(unmapped->image->library_names(), std::vector<std::string>{"USER32.dll"});  // the delay import survives
  auto noterm = load("import-no-terminator");
  EXPECT_EQ(noterm->image->libraries.size(), 25u);
  auto strtab = load("strtab-huge");
  EXPECT_EQ(strtab->image->sections[4].name, "/4");
  EXPECT_TRUE(has_warning(*strtab->image, "section header at 0x228: long name /4 is not in the COFF string table"));
  EXPECT_FALSE(strtab->image->has_debug_info);
  auto symtab = load("symtab-past-eof");
  EXPECT_FALSE(symtab->image->has_symtab);
  EXPECT_FALSE(symtab->image->visit_symbols);
  auto data = load("section-data-past-eof");
  EXPECT_FALSE(data->image->sections[2].has_file_data);
}

// Every prefix of a well-formed file is either read or rejected with an offset inside the file.
TEST(PeReader, EveryTruncationIsHandled) {
  const auto bytes = slurp("good64");
  for (size_t n = 0; n <= bytes.size(); n += 7) {
    MemorySource src(std::span<const uint8_t>(bytes).first(n));
    const auto img = kPeReader.read(src);
    if (!img.ok()) {
      ASSERT_TRUE(img.error().offset.has_value()) << n;
      EXPECT_LE(*img.error().offset, std::max<size_t>(n, 0x3c)) << n;
    } else {
      for (const auto& s : img->sections) {
        if (s.has_file_data) {
          EXPECT_TRUE(src.contains(s.offset, s.size)) << n;
        }
      }
    }
  }
}

TEST(PeLayout, GoRegions) {
  auto l = load("good64");
  const GoLayout g = go_layout_pe(*l->image);
  ASSERT_EQ(g.buildinfo.size(), 1u);  // .data: CNT_INITIALIZED_DATA|MEM_READ|MEM_WRITE
  EXPECT_EQ(g.buildinfo[0].offset, 0x800u);
  EXPECT_EQ(g.buildinfo[0].size, 0x100u);
  EXPECT_EQ(g.buildinfo[0].addr, 0x140003000u);
  EXPECT_TRUE(g.pclntab_sections.empty());  // runtime.pclntab without runtime.epclntab
  ASSERT_EQ(g.pclntab_search.size(), 1u);
  EXPECT_EQ(g.pclntab_search[0].where, ".rdata");
  EXPECT_EQ(g.pclntab_search[0].offset, 0x600u);
  ASSERT_EQ(g.build_id_text.size(), 2u);
  EXPECT_EQ(g.build_id_text[0].offset, 0u);
  EXPECT_EQ(g.build_id_text[0].size, l->bytes.size());  // under 32 KiB: the whole file
  EXPECT_EQ(g.build_id_text[1].offset, 0x400u);
  EXPECT_EQ(g.text_start, 0x140001000u);
}

TEST(PeAnalyzer, Good64) {
  auto l = load("good64");
  const Image& img = *l->image;
  const auto& a = analysis::pe_analyzer();
  const auto votes = a.os_votes(img);
  ASSERT_EQ(votes.size(), 1u);
  EXPECT_EQ(votes[0].candidates, std::vector<std::string>{"windows"});
  EXPECT_EQ(votes[0].evidence, "PE image, subsystem IMAGE_SUBSYSTEM_WINDOWS_CUI (3)");
  const LinkageFacts link = a.linkage(img);
  EXPECT_EQ(link.linkage, Linkage::dynamic);
  EXPECT_TRUE(link.pie);
  EXPECT_EQ(link.evidence, "imports 3 DLLs (KERNEL32.dll, msvcrt.dll, USER32.dll)");
  const LibcFacts libc = a.libc(img, link, OsFacts{}, nullptr);
  EXPECT_EQ(libc.flavour, LibcFlavour::msvcrt);
  EXPECT_EQ(libc.evidence, std::vector<std::string>{"imports msvcrt.dll"});
  const HardeningFacts h = a.hardening(img, link);
  EXPECT_EQ(h.pie, true);
  EXPECT_EQ(h.aslr, true);
  EXPECT_EQ(h.high_entropy_va, true);
  EXPECT_EQ(h.nx, true);
  EXPECT_EQ(h.cfg, false);
  EXPECT_EQ(h.code_signature, true);
  EXPECT_FALSE(h.stripped);
  EXPECT_TRUE(h.dwarf);
  const auto floors = a.floors(img);
  ASSERT_EQ(floors.size(), 2u);
  EXPECT_EQ(floors[0].name, "windows");
  EXPECT_EQ(floors[0].version, "6.1");
  EXPECT_NE(floors[0].evidence.find("Windows 7"), std::string::npos);
  EXPECT_EQ(floors[1].name, "windows-subsystem");
  EXPECT_TRUE(a.checks(img, TargetFacts{}, OsFacts{}, nullptr).empty());
}

TEST(PeAnalyzer, GoWithoutCgoHasNoCRuntime) {
  auto l = load("good64");
  Image& img = *l->image;
  img.libraries = {{"kernel32.dll", LibraryImport::How::needed}};
  GoFacts go;
  go.cgo.linked = false;
  const auto& a = analysis::pe_analyzer();
  EXPECT_EQ(a.libc(img, a.linkage(img), OsFacts{}, &go).flavour, LibcFlavour::none);
  go.cgo.linked = true;
  EXPECT_EQ(a.libc(img, a.linkage(img), OsFacts{}, &go).flavour, LibcFlavour::unknown);
  img.libraries = {{"KERNEL32.dll", LibraryImport::How::needed}, {"api-ms-win-crt-runtime-l1-1-0.dll", LibraryImport::How::needed},
                   {"msvcrt.dll", LibraryImport::How::needed}};
  const LibcFacts both = a.libc(img, a.linkage(img), OsFacts{}, &go);
  EXPECT_EQ(both.flavour, LibcFlavour::ucrt);
  EXPECT_EQ(both.evidence.front(), "imports api-ms-win-crt-runtime-l1-1-0.dll");
  const auto both_crts = a.checks(img, TargetFacts{}, OsFacts{}, &go);
  ASSERT_EQ(both_crts.size(), 1u);
  EXPECT_EQ(both_crts[0].code, Code::CG840);
}

TEST(PeAnalyzer, Object) {
  auto l = load("object");
  const auto& a = analysis::pe_analyzer();
  EXPECT_EQ(a.linkage(*l->image).linkage, Linkage::unknown);
  EXPECT_FALSE(a.hardening(*l->image, {}).pie.has_value());
  EXPECT_TRUE(a.floors(*l->image).empty());
}

}  // namespace
}  // namespace crossgo
