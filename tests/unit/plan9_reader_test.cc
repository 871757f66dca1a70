// The Plan 9 a.out reader against hand-built files (testdata/malformed/make_plan9.py): damaged
// ones must give exactly the outcome plan9-expected.json names (error message and file offset),
// well-formed ones the values a.out(6) and Go's linker imply for their layout (load addresses
// from cmd/link/internal/{x86,amd64,arm}/obj.go: text at UTZERO + header, data at the next
// 4 KiB, or 2 MiB on amd64).
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

struct Read {
  std::vector<uint8_t> bytes;
  std::unique_ptr<MemorySource> source;
  std::optional<Result<Image>> image;
  bool matches = false;
};

Read read(const std::string& name) {
  Read r;
  r.bytes = slurp(kDir / name);
  r.source = std::make_unique<MemorySource>(r.bytes);
  r.matches = kPlan9Reader.matches(r.source->read_up_to(0, kMagicBytes, "head"));
  r.image.emplace(kPlan9Reader.read(*r.source));
  return r;
}

size_t count_symbols(const Image& img) {
  size_t n = 0;
  if (img.visit_symbols) img.visit_symbols([&](const SymbolRef&) { return ++n, false; });
  return n;
}

TEST(Plan9Reader, MalformedFilesGiveTheExpectedOutcome) {
  std::ifstream in(kDir / "plan9-expected.json");
  const nlohmann::json expected = nlohmann::json::parse(in);
  std::set<std::string> on_disk;
  for (const auto& entry : fs::directory_iterator(kDir)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("plan9-") && name.ends_with(".bin")) on_disk.insert(name);
  }
  EXPECT_EQ(on_disk.size(), expected.size());
  for (const auto& [name, outcome] : expected.items()) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(on_disk.count(name));
    Read r = read(name);
    EXPECT_EQ(r.matches, outcome.value("matches", true));
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
    EXPECT_TRUE(image->warnings.empty());
    if (outcome.contains("symbols")) {
      EXPECT_EQ(count_symbols(*image), outcome["symbols"].get<size_t>());
    }
    (void)go_layout(*image);
  }
}

struct Expect {
  const char* file;
  CpuArch arch;
  int bits;
  uint32_t magic;
  uint64_t hdr, text_addr, data_addr, entry;
};

TEST(Plan9Reader, WellFormed) {
  // text is 96 bytes, data 64, bss 0x100; entry = text address + 0x20.
  const Expect cases[] = {
      {"plan9-good-386.bin", CpuArch::x86, 32, 0x01eb, 32, 0x1020, 0x2000, 0x1040},
      {"plan9-good-amd64.bin", CpuArch::x86_64, 64, 0x8a97, 40, 0x200028, 0x400000, 0x200048},
      {"plan9-good-arm.bin", CpuArch::arm, 32, 0x0647, 32, 0x1020, 0x2000, 0x1040},
  };
  for (const Expect& e : cases) {
    SCOPED_TRACE(e.file);
    Read r = read(e.file);
    ASSERT_TRUE(r.image->ok()) << r.image->error().to_string();
    const Image& img = r.image->value();
    EXPECT_EQ(img.format, Format::plan9);
    EXPECT_EQ(img.arch, e.arch);
    EXPECT_EQ(img.bits, e.bits);
    EXPECT_EQ(img.endian, Endian::little);  // the CPU's order; the header is big-endian
    EXPECT_EQ(img.kind, ObjectKind::executable);
    EXPECT_EQ(img.entry, e.entry);
    ASSERT_EQ(img.sections.size(), 5u);
    const char* names[] = {"text", "data", "syms", "spsz", "pcsz"};
    const uint64_t offsets[] = {e.hdr, e.hdr + 96, e.hdr + 160, r.bytes.size(), r.bytes.size()};
    for (size_t i = 0; i < 5; ++i) {
      EXPECT_EQ(img.sections[i].name, names[i]);
      EXPECT_EQ(img.sections[i].offset, offsets[i]);
    }
    EXPECT_EQ(img.sections[0].addr, e.text_addr);
    EXPECT_EQ(img.sections[1].addr, e.data_addr);
    ASSERT_EQ(img.segments.size(), 2u);
    EXPECT_EQ(img.segments[1].memsz, 64u + 0x100u);
    ASSERT_TRUE(img.plan9.has_value());
    EXPECT_EQ(img.plan9->magic, e.magic);
    EXPECT_EQ(img.plan9->has_header_expansion, e.bits == 64);
    EXPECT_TRUE(img.has_symtab);
    // runtime.text, main.main, runtime.data, main.local; the 'z' file entry is not a symbol.
    std::vector<std::string> syms;
    img.visit_symbols([&](const SymbolRef& s) { return syms.emplace_back(s.name), false; });
    EXPECT_EQ(syms, (std::vector<std::string>{"runtime.text", "main.main", "runtime.data", "main.local"}));
    // The Go build ID text was put at the start of text, build info would be at data.
    const GoLayout layout = go_layout(img);
    ASSERT_FALSE(layout.buildinfo.empty());
    EXPECT_EQ(layout.buildinfo[0].offset, e.hdr + 96);
    ASSERT_FALSE(layout.build_id_text.empty());
    EXPECT_EQ(layout.build_id_text[0].offset, e.hdr);
    ASSERT_TRUE(layout.text_start.has_value());
    EXPECT_EQ(*layout.text_start, e.text_addr);  // the runtime.text symbol
    const auto& a = analysis::plan9_analyzer();
    EXPECT_EQ(a.os_votes(img)[0].candidates, std::vector<std::string>{"plan9"});
    const LinkageFacts link = a.linkage(img);
    EXPECT_EQ(link.linkage, Linkage::static_exe);
    EXPECT_EQ(a.libc(img, link, {}, nullptr).flavour, LibcFlavour::none);
    const HardeningFacts h = a.hardening(img, link);
    EXPECT_EQ(h.pie, std::optional<bool>(false));
    EXPECT_FALSE(h.stripped);
  }
}

TEST(Plan9Reader, MatchesNeedsAnEntryInsideText) {
  // I_MAGIC, text 0x100, entry 0x1020 (the first text byte): a match; one byte before: none.
  std::vector<uint8_t> head = {0, 0, 1, 0xeb, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                               0, 0, 0, 0, 0, 0, 0x10, 0x20, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_TRUE(kPlan9Reader.matches(head));
  head[23] = 0x1f;
  EXPECT_FALSE(kPlan9Reader.matches(head));
  head[23] = 0x20;
  head[6] = 0;  // no text at all
  EXPECT_FALSE(kPlan9Reader.matches(head));
}

TEST(Plan9Reader, StrippedHasNoSymbols) {
  Read r = read("plan9-good-386.bin");
  // Zero the syms size: the table becomes trailing bytes the header does not count.
  r.bytes[16] = r.bytes[17] = r.bytes[18] = r.bytes[19] = 0;
  MemorySource src(r.bytes);
  auto img = kPlan9Reader.read(src);
  ASSERT_TRUE(img.ok());
  EXPECT_FALSE(img->has_symtab);
  EXPECT_FALSE(img->visit_symbols);
  EXPECT_TRUE(analysis::plan9_analyzer().hardening(*img, {}).stripped);
}

}  // namespace
