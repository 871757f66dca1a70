// The XCOFF reader against hand-built files (testdata/malformed/make_xcoff.py): the damaged ones
// must give exactly the outcome xcoff-expected.json names (error message and file offset, or a
// warning), the well-formed ones the field values their layout was built with (IBM's "XCOFF
// Object File Format" layouts; the constants below are the generator's, not crossgo's output).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "crossgo/byte_source.h"
#include "crossgo/format_registry.h"
#include "crossgo/go_layout.h"
#include "analysis/format_analyzer.h"

namespace {

namespace fs = std::filesystem;
using namespace crossgo;

const fs::path kDir = fs::path(CROSSGO_SOURCE_DIR) / "testdata" / "malformed";

std::vector<uint8_t> slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

nlohmann::json expectations() {
  std::ifstream in(kDir / "xcoff-expected.json");
  return nlohmann::json::parse(in);
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += "\n  " + s;
  return out;
}

struct Read {
  std::vector<uint8_t> bytes;
  std::unique_ptr<MemorySource> source;
  std::optional<Result<Image>> image;
};

Read read(const std::string& name) {
  Read r;
  r.bytes = slurp(kDir / name);
  r.source = std::make_unique<MemorySource>(r.bytes);
  r.image.emplace(kXcoffReader.read(*r.source));
  return r;
}

TEST(XcoffReader, EveryFileIsListedAndEveryListedFileExists) {
  const nlohmann::json expected = expectations();
  std::set<std::string> on_disk;
  for (const auto& entry : fs::directory_iterator(kDir)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with("xcoff-") || !name.ends_with(".bin")) continue;
    on_disk.insert(name);
    EXPECT_TRUE(expected.contains(name)) << name << " is not listed in xcoff-expected.json";
  }
  for (const auto& [name, outcome] : expected.items()) EXPECT_TRUE(on_disk.count(name)) << name;
  EXPECT_GE(on_disk.size(), 15u);
}

TEST(XcoffReader, MalformedFilesGiveTheExpectedOutcome) {
  const nlohmann::json expected = expectations();
  for (const auto& [name, outcome] : expected.items()) {
    SCOPED_TRACE(name);
    Read r = read(name);
    const auto head = r.source->read_up_to(0, kMagicBytes, "head");
    EXPECT_EQ(kXcoffReader.matches(head), outcome.value("matches", true));
    const Result<Image>& image = *r.image;
    if (outcome.contains("error")) {
      ASSERT_FALSE(image.ok());
      EXPECT_NE(image.error().message.find(outcome["error"].get<std::string>()), std::string::npos)
          << image.error().message;
      ASSERT_TRUE(image.error().offset.has_value());
      EXPECT_EQ(*image.error().offset, outcome["offset"].get<uint64_t>());
      continue;
    }
    ASSERT_TRUE(image.ok()) << image.error().to_string();
    if (outcome.contains("warning")) {
      bool found = false;
      for (const auto& w : image->warnings) found |= w.find(outcome["warning"].get<std::string>()) != std::string::npos;
      EXPECT_TRUE(found) << "warnings:" << joined(image->warnings);
    } else {
      EXPECT_TRUE(image->warnings.empty()) << joined(image->warnings);
    }
    if (outcome.contains("libraries")) {
      EXPECT_EQ(image->libraries.size(), outcome["libraries"].get<size_t>());
    }
    // Whatever the damage, the analyzers and the Go layout must cope with what was read.
    (void)go_layout(*image);
    (void)analysis::xcoff_analyzer().linkage(*image);
  }
}

TEST(XcoffReader, WellFormed64) {
  Read r = read("xcoff-good-64.bin");
  ASSERT_TRUE(r.image->ok()) << r.image->error().to_string();
  const Image& img = r.image->value();
  EXPECT_EQ(img.format, Format::xcoff);
  EXPECT_EQ(img.bits, 64);
  EXPECT_EQ(img.endian, Endian::big);
  EXPECT_EQ(img.arch, CpuArch::ppc64);
  EXPECT_EQ(img.kind, ObjectKind::executable);
  EXPECT_EQ(img.entry, 0x200000248u);  // o_entry: DATA_VA + 8
  ASSERT_EQ(img.sections.size(), 4u);
  EXPECT_EQ(img.sections[0].name, ".text");
  EXPECT_EQ(img.sections[0].addr, 0x100000200u);
  EXPECT_EQ(img.sections[0].offset, 0x200u);
  EXPECT_EQ(img.sections[0].size, 64u);
  EXPECT_TRUE(img.sections[0].exec);
  EXPECT_FALSE(img.sections[0].write);
  EXPECT_TRUE(img.sections[1].write);
  EXPECT_EQ(img.sections[2].name, ".bss");
  EXPECT_FALSE(img.sections[2].has_file_data);
  EXPECT_FALSE(img.sections[3].alloc);
  ASSERT_EQ(img.segments.size(), 2u);
  EXPECT_EQ(img.segments[1].vaddr, 0x200000240u);
  EXPECT_EQ(img.segments[1].filesz, 64u);
  EXPECT_EQ(img.segments[1].memsz, 0x280u - 0x240u + 0x100u);  // .data through the end of .bss
  ASSERT_EQ(img.libraries.size(), 2u);
  EXPECT_EQ(img.libraries[0].name, "libc.a(shr_64.o)");
  EXPECT_EQ(img.libraries[1].name, "libpthread.a(shr_xpg5_64.o)");
  ASSERT_TRUE(img.xcoff.has_value());
  EXPECT_EQ(img.xcoff->magic, 0x01f7);
  EXPECT_EQ(img.xcoff->flags, 0x0002);
  EXPECT_EQ(img.xcoff->loader_section, 4);
  EXPECT_EQ(img.xcoff->libpath, "/usr/lib:/lib");
  EXPECT_EQ(img.xcoff->modtype, "1L");
  EXPECT_EQ(img.xcoff->toc, 0x200000260u);
  EXPECT_EQ(img.xcoff->sn_entry, 2);
  EXPECT_EQ(img.xcoff->loader_version, 2u);
  EXPECT_TRUE(img.has_symtab);
  EXPECT_FALSE(img.has_debug_info);
  std::vector<std::string> names;
  std::vector<bool> defined;
  img.visit_symbols([&](const SymbolRef& s) {
    names.emplace_back(s.name);
    defined.push_back(s.defined);
    return false;
  });
  EXPECT_EQ(names, (std::vector<std::string>{"runtime.text", "main.main", "_exit"}));
  EXPECT_EQ(defined, (std::vector<bool>{true, true, false}));

  const GoLayout layout = go_layout(img);
  ASSERT_FALSE(layout.buildinfo.empty());
  EXPECT_EQ(layout.buildinfo[0].offset, 0x240u);  // .data, debug/buildinfo xcoffExe.DataStart
  ASSERT_TRUE(layout.text_start.has_value());
  EXPECT_EQ(*layout.text_start, 0x100000200u);  // the runtime.text symbol
  ASSERT_FALSE(layout.build_id_text.empty());
  EXPECT_EQ(layout.build_id_text[0].offset, 0x200u);

  const auto& a = analysis::xcoff_analyzer();
  const auto votes = a.os_votes(img);
  ASSERT_EQ(votes.size(), 1u);
  EXPECT_EQ(votes[0].candidates, std::vector<std::string>{"aix"});
  EXPECT_EQ(votes[0].evidence, "XCOFF64 file");
  const LinkageFacts link = a.linkage(img);
  EXPECT_EQ(link.linkage, Linkage::dynamic);
  EXPECT_EQ(a.libc(img, link, {}, nullptr).flavour, LibcFlavour::aix);
  const HardeningFacts h = a.hardening(img, link);
  EXPECT_FALSE(h.stripped);
  EXPECT_FALSE(h.dwarf);
}

TEST(XcoffReader, WellFormed32) {
  Read r = read("xcoff-good-32.bin");
  ASSERT_TRUE(r.image->ok()) << r.image->error().to_string();
  const Image& img = r.image->value();
  EXPECT_EQ(img.bits, 32);
  EXPECT_EQ(img.arch, CpuArch::ppc);
  EXPECT_EQ(img.xcoff->magic, 0x01df);
  EXPECT_EQ(img.entry, 0x248u);
  EXPECT_EQ(img.sections[0].addr, 0x200u);
  EXPECT_EQ(img.libraries.size(), 2u);
  std::vector<std::string> names;
  img.visit_symbols([&](const SymbolRef& s) {
    names.emplace_back(s.name);
    return false;
  });
  // "main.main" and "_exit" fit the 8-byte inline name, "runtime.text" is in the string table.
  EXPECT_EQ(names, (std::vector<std::string>{"runtime.text", "main.main", "_exit"}));
  EXPECT_EQ(analysis::xcoff_analyzer().os_votes(img)[0].evidence, "XCOFF32 file");
}

TEST(XcoffReader, DwarfAndDamagedTables) {
  Read r = read("xcoff-good-dwarf.bin");
  ASSERT_TRUE(r.image->ok());
  EXPECT_TRUE(r.image->value().has_debug_info);
  EXPECT_TRUE(analysis::xcoff_analyzer().hardening(r.image->value(), {}).dwarf);

  Read s = read("xcoff-symtab-past-eof.bin");
  ASSERT_TRUE(s.image->ok());
  EXPECT_FALSE(s.image->value().has_symtab);
  EXPECT_TRUE(analysis::xcoff_analyzer().hardening(s.image->value(), {}).stripped);

  Read l = read("xcoff-loader-impoff-past-section.bin");
  ASSERT_TRUE(l.image->ok());
  const Image& img = l.image->value();
  EXPECT_TRUE(img.libraries.empty());
  EXPECT_EQ(analysis::xcoff_analyzer().linkage(img).linkage, Linkage::static_exe);
  EXPECT_EQ(analysis::xcoff_analyzer().libc(img, {}, {}, nullptr).flavour, LibcFlavour::unknown);
}

TEST(XcoffReader, MatchesOnlyTheTwoMagics) {
  std::vector<uint8_t> head(64, 0);
  head[0] = 0x01, head[1] = 0xf7;
  EXPECT_TRUE(kXcoffReader.matches(head));
  head[1] = 0xdf;
  EXPECT_TRUE(kXcoffReader.matches(head));
  head[1] = 0xe0;
  EXPECT_FALSE(kXcoffReader.matches(head));
  head[1] = 0xf7;
  EXPECT_FALSE(kXcoffReader.matches(std::span<const uint8_t>(head).first(10)));
}

}  // namespace
