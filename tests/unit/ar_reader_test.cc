// The ar container reader and the Go object reader: hand-built archives and headers with
// hand-computed expectations (member offsets follow from the layout: 8 bytes of magic, 60 per
// header, data padded to even offsets), and the malformed files of testdata/malformed written by
// make_ar.py, each with the message and offset it must produce.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "analysis/format_analyzer.h"
#include "crossgo/byte_source.h"
#include "crossgo/format_registry.h"
#include "formats/goobj/goobj_header.h"

namespace {

namespace fs = std::filesystem;
using crossgo::Container;
using crossgo::ContainerMember;

const fs::path kDir = fs::path(CROSSGO_SOURCE_DIR) / "testdata" / "malformed";

std::vector<uint8_t> slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<uint8_t> bytes_of(const std::string& s) { return {s.begin(), s.end()}; }

std::string pad(std::string s, size_t width) {
  s.resize(width, ' ');
  return s;
}

// One member as binutils' ar writes it (ar_hdr, include/aout/ar.h), padded to an even length.
std::string member(const std::string& name, const std::string& data) {
  std::string h = pad(name, 16) + pad("0", 12) + pad("0", 6) + pad("0", 6) + pad("644", 8) +
                  pad(std::to_string(data.size()), 10) + "`\n";
  std::string out = h + data;
  if (out.size() % 2) out += '\n';
  return out;
}

crossgo::Result<Container> split(const std::vector<uint8_t>& bytes) {
  crossgo::MemorySource source(bytes);
  return crossgo::kArArchiveReader.split(source);
}

bool any_contains(const std::vector<std::string>& v, const std::string& s) {
  for (const auto& x : v)
    if (x.find(s) != std::string::npos) return true;
  return false;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) out += "\n  " + x;
  return out;
}

void expect_members(const Container& c, const std::vector<ContainerMember>& want) {
  ASSERT_EQ(c.members.size(), want.size()) << joined(c.warnings);
  for (size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(c.members[i].name, want[i].name);
    EXPECT_EQ(c.members[i].offset, want[i].offset);
    EXPECT_EQ(c.members[i].size, want[i].size);
  }
}

const std::string kMagic = "!<arch>\n";

// ---------------------------------------------------------------- well-formed archives

TEST(ArReader, MatchesArchAndThinMagicOnly) {
  EXPECT_TRUE(crossgo::kArArchiveReader.matches(bytes_of("!<arch>\nxyz")));
  EXPECT_TRUE(crossgo::kArArchiveReader.matches(bytes_of("!<thin>\n")));
  EXPECT_FALSE(crossgo::kArArchiveReader.matches(bytes_of("!<arch>")));
  EXPECT_FALSE(crossgo::kArArchiveReader.matches(bytes_of("!<ARCH>\n")));
  EXPECT_FALSE(crossgo::kArArchiveReader.matches(bytes_of("\x7f" "ELF")));
}

TEST(ArReader, EmptyArchiveHasNoMembers) {
  auto c = split(bytes_of(kMagic));
  ASSERT_TRUE(c.ok()) << c.error().to_string();
  EXPECT_EQ(c->format, crossgo::Format::archive);
  EXPECT_TRUE(c->members.empty());
  EXPECT_TRUE(c->warnings.empty()) << joined(c->warnings);
}

TEST(ArReader, GnuSymbolTableLongNamesAndShortNames) {
  const std::string table = "a-very-long-member-name.o/\nanother-long-name-here.o/\n";  // 27 + 26 bytes
  const std::string a = kMagic + member("/", std::string(12, '\0'));  // 8 + 60 + 12 = 80
  const std::string b = member("//", table);                          // 80 + 60 + 53 + 1 = 194
  const std::string c1 = member("/0", "AAAAA");                       // data at 254, next 260
  const std::string c2 = member("/27", "BB");                         // data at 320, next 322
  const std::string c3 = member("short.o/", "CCC");                   // data at 382
  const std::string c4 = member("/SYM64/", "xxxx");                   // skipped
  auto c = split(bytes_of(a + b + c1 + c2 + c3 + c4));
  ASSERT_TRUE(c.ok()) << c.error().to_string();
  EXPECT_TRUE(c->warnings.empty()) << joined(c->warnings);
  expect_members(*c, {{"a-very-long-member-name.o", 254, 5}, {"another-long-name-here.o", 320, 2}, {"short.o", 382, 3}});
}

TEST(ArReader, BsdLongNamesCountInTheSizeAndSymdefIsSkipped) {
  // llvm-ar --format=bsd: "#1/28", the 24-byte name NUL-padded to 28, then the data.
  const std::string name = "a-long-bsd-member-name.o";
  const std::string a = kMagic + member("__.SYMDEF", std::string(8, '\0'));  // 8 + 60 + 8 = 76
  const std::string b = member("#1/28", name + std::string(4, '\0') + "DATA");  // data at 136
  const std::string c1 = member("#1/20", std::string("__.SYMDEF SORTED") + std::string(4, '\0'));
  const std::string d = member("s.o", "xyz");
  auto c = split(bytes_of(a + b + c1 + d));
  ASSERT_TRUE(c.ok()) << c.error().to_string();
  EXPECT_TRUE(c->warnings.empty()) << joined(c->warnings);
  // b: 76 + 60 = 136 is the name, data at 164 (4 bytes); next at 168, c1 is 60 + 20: next 248.
  expect_members(*c, {{name, 164, 4}, {"s.o", 248 + 60, 3}});
}

TEST(ArReader, GoPackNamesHaveNoSlashAndOddSizesArePadded) {
  // cmd/pack writes BSD-style 16-byte names; "rt0_linux_amd64.o" is cut to 16 bytes.
  const std::string a = kMagic + member("__.PKGDEF", "go object linux amd64 go1.19.8 X:\n");  // 34: 68..102
  const std::string b = member("_go_.o", "go object linux amd64 go1.19.8 X:\n!\n");          // 36: 162..198
  const std::string c1 = member("rt0_linux_amd64.", "x");
  std::string all = a + b + c1;
  all.pop_back();  // the last member's pad byte may be missing
  auto c = split(bytes_of(all));
  ASSERT_TRUE(c.ok()) << c.error().to_string();
  EXPECT_TRUE(c->warnings.empty()) << joined(c->warnings);
  expect_members(*c, {{"__.PKGDEF", 68, 34}, {"_go_.o", 162, 36}, {"rt0_linux_amd64.", 258, 1}});
}

TEST(ArReader, MembersBeyondTheCapAreAWarning) {
  std::string all = kMagic;
  for (int i = 0; i < 65537; ++i) all += member("m.o/", "");
  auto c = split(bytes_of(all));
  ASSERT_TRUE(c.ok()) << c.error().to_string();
  EXPECT_EQ(c->members.size(), 65536u);
  EXPECT_EQ(c->members.back().offset, 8u + 65536u * 60u);
  // The 65537th member's data: 8 + 65536 * 60 + 60 = 0x3c0044.
  EXPECT_TRUE(any_contains(c->warnings, "more than 65536 members: the rest (from offset 0x3c0044)"))
      << joined(c->warnings);
}

TEST(ArReader, HeadersBeyondTheCapStopTheWalk) {
  std::string all = kMagic;
  for (int i = 0; i < 65553; ++i) all += member("/", "");
  all += member("late.o/", "z");
  auto c = split(bytes_of(all));
  ASSERT_TRUE(c.ok()) << c.error().to_string();
  EXPECT_TRUE(c->members.empty());
  EXPECT_TRUE(any_contains(c->warnings, "more than 65552 member headers")) << joined(c->warnings);
}

TEST(ArReader, FileSourceHoldsOnlyHeaders) {
  const std::string name(300, 'n');
  const std::string all = kMagic + member("#1/300", name + std::string(200000, 'd')) + member("x.o/", "1");
  const fs::path p = fs::temp_directory_path() / ("crossgo-ar-" + std::to_string(::getpid()) + ".a");
  {
    std::ofstream out(p, std::ios::binary);
    out << all;
  }
  auto source = crossgo::FileSource::open(p.string());
  ASSERT_TRUE(source.ok()) << source.error().to_string();
  auto c = crossgo::kArArchiveReader.split(**source);
  fs::remove(p);
  ASSERT_TRUE(c.ok()) << c.error().to_string();
  expect_members(*c, {{name, 8 + 60 + 300, 200000}, {"x.o", 8 + 60 + 200300 + 60, 1}});
  // The head block (the magic, the first header and its BSD name) and the second 60-byte header;
  // the member data past the head is never read.
  EXPECT_EQ((*source)->held_bytes(), crossgo::ByteSource::kHeadBytes + 60u);
}

// ---------------------------------------------------------------- malformed archives

struct ArCase {
  const char* file;
  const char* warning;
  std::vector<ContainerMember> members;
};

const ContainerMember kGood{"good.o", 68, 16};  // make_ar.py good(): the next header is at 84 (0x54)

TEST(ArMalformed, EachFileGivesItsWarningAndKeepsWhatCameBefore) {
  const std::vector<ArCase> cases = {
      {"ar-size-not-decimal.bin", "ar member \"bad.o/\" at offset 0x54: size field (at 0x84) \"12x\" is not a decimal number", {kGood}},
      {"ar-size-empty.bin", "ar member \"bad.o/\" at offset 0x54: size field (at 0x84) is empty", {kGood}},
      {"ar-size-negative.bin", "size field (at 0x84) \"-5\" is not a decimal number", {kGood}},
      {"ar-size-past-end.bin", "ar member \"bad.o/\" at offset 0x54: size 4096 runs past the end of the file (12 bytes left)", {kGood}},
      {"ar-size-huge.bin", "at offset 0x54: size 9999999999 runs past the end of the file", {kGood}},
      {"ar-bad-fmag.bin", "ar member \"bad.o/\" at offset 0x54: the header's end marker (ar_fmag at 0x8e) is not", {kGood}},
      {"ar-truncated-header.bin", "ar member header at offset 0x54 is truncated: 30 bytes left", {kGood}},
      // uid at 0x54 + 16 + 12 = 0x70; the walk goes on: uid.o data at 144, after.o's header at 148.
      {"ar-bad-uid.bin", "ar member \"uid.o/\" at offset 0x54: uid field (at 0x70) \"1x\" is not a decimal number",
       {kGood, {"uid.o", 144, 4}, {"after.o", 208, 2}}},
      // The "//" member takes 8 + 60 + 27 + 1 = 96 (0x60).
      {"ar-long-name-out-of-range.bin",
       "ar member \"/999\" at offset 0x60: long name not resolved: offset 999 is past the end of the \"//\" table (27 bytes)",
       {{"/999", 156, 4}}},
      {"ar-long-name-unterminated.bin",
       "ar member \"/0\" at offset 0x56: long name not resolved: the entry at offset 0 of the \"//\" table has no \"/\\n\" end within 4096 bytes",
       {{"/0", 146, 4}}},
      {"ar-long-name-no-table.bin",
       "ar member \"/0\" at offset 0x8: long name not resolved: the archive has no \"//\" long-name table before it",
       {{"/0", 68, 4}}},
      {"ar-long-name-not-number.bin", "ar member \"/1x\" at offset 0x60: long name not resolved: \"1x\" is not a decimal offset",
       {{"/1x", 156, 4}}},
      // "#1/20" with 10 bytes of data: left out, the walk goes on at 84 + 70 = 154.
      {"ar-bsd-name-past-member.bin",
       "ar member \"#1/20\" at offset 0x54: BSD long-name length 20 exceeds the member size 10; the member is left out",
       {kGood, {"after.o", 214, 2}}},
      {"ar-bsd-name-not-number.bin", "ar member \"#1/x\" at offset 0x54: BSD long-name length \"x\" is not a decimal number",
       {kGood, {"after.o", 214, 2}}},
  };
  for (const ArCase& k : cases) {
    SCOPED_TRACE(k.file);
    auto c = split(slurp(kDir / k.file));
    ASSERT_TRUE(c.ok()) << c.error().to_string();
    EXPECT_TRUE(any_contains(c->warnings, k.warning)) << "want: " << k.warning << "\ngot:" << joined(c->warnings);
    EXPECT_EQ(c->warnings.size(), 1u) << joined(c->warnings);
    expect_members(*c, k.members);
  }
}

TEST(ArMalformed, ThinArchiveIsAnError) {
  auto c = split(slurp(kDir / "ar-thin.bin"));
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("thin archive"), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find("not read"), std::string::npos) << c.error().message;
  EXPECT_EQ(c.error().offset, 0u);
}

// The committed files are what the committed script writes.
TEST(ArMalformed, GeneratorReproducesTheCommittedFiles) {
  if (!fs::exists("/usr/bin/python3")) GTEST_SKIP() << "/usr/bin/python3 not installed";
  const fs::path out = fs::temp_directory_path() / ("crossgo-ar-malformed-" + std::to_string(::getpid()));
  fs::create_directories(out);
  const std::string cmd = "/usr/bin/python3 '" + (kDir / "make_ar.py").string() + "' '" + out.string() + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  size_t compared = 0;
  for (const auto& entry : fs::directory_iterator(out)) {
    SCOPED_TRACE(entry.path().filename().string());
    EXPECT_EQ(slurp(entry.path()), slurp(kDir / entry.path().filename()));
    ++compared;
  }
  fs::remove_all(out);
  EXPECT_EQ(compared, 21u);
}

// ---------------------------------------------------------------- Go object headers

crossgo::Result<crossgo::Image> read_goobj(crossgo::MemorySource& source) {
  return crossgo::kGoObjectReader.read(source);
}

TEST(GoObject, Go119HeaderGivesTargetAndVersion) {
  const auto bytes = bytes_of("go object linux amd64 go1.19.8 X:regabiwrappers,regabiargs\n!\n\x00go119ld");
  EXPECT_TRUE(crossgo::kGoObjectReader.matches(bytes));
  crossgo::MemorySource source(bytes);
  auto image = read_goobj(source);
  ASSERT_TRUE(image.ok()) << image.error().to_string();
  EXPECT_EQ(image->format, crossgo::Format::goobj);
  EXPECT_EQ(image->kind, crossgo::ObjectKind::relocatable);
  EXPECT_EQ(image->arch, crossgo::CpuArch::x86_64);
  EXPECT_EQ(image->bits, 64);
  EXPECT_EQ(image->endian, crossgo::Endian::little);
  EXPECT_EQ(image->machine, "go object linux/amd64");
  EXPECT_EQ(image->source, &source);
  EXPECT_TRUE(image->sections.empty());
  EXPECT_TRUE(image->warnings.empty());
  auto h = crossgo::goobj::read_go_object_header(source);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->goos, "linux");
  EXPECT_EQ(h->goarch, "amd64");
  EXPECT_EQ(h->go_version, "go1.19.8");
  EXPECT_EQ(h->arch_level, "");
  EXPECT_TRUE(h->has_experiments);
  EXPECT_EQ(h->experiments, "regabiwrappers,regabiargs");
  EXPECT_EQ(h->line_length, 59u);
}

TEST(GoObject, Go123ArchLevelAndDevelVersions) {
  const auto s1_bytes = bytes_of("go object linux amd64 go1.23.5 GOAMD64=v1 X:regabiwrappers,coverageredesign\n");
  crossgo::MemorySource s1(s1_bytes);
  auto h1 = crossgo::goobj::read_go_object_header(s1);
  ASSERT_TRUE(h1.ok()) << h1.error().to_string();
  EXPECT_EQ(h1->go_version, "go1.23.5");
  EXPECT_EQ(h1->arch_level, "GOAMD64=v1");
  EXPECT_EQ(h1->experiments, "regabiwrappers,coverageredesign");

  const auto s2_bytes = bytes_of("go object windows arm64 devel go1.22-5f4ba3c Tue Jan 2 15:04:05 2024 +0000 X:\n");
  crossgo::MemorySource s2(s2_bytes);
  auto h2 = crossgo::goobj::read_go_object_header(s2);
  ASSERT_TRUE(h2.ok()) << h2.error().to_string();
  EXPECT_EQ(h2->go_version, "devel go1.22-5f4ba3c Tue Jan 2 15:04:05 2024 +0000");
  EXPECT_TRUE(h2->has_experiments);
  EXPECT_EQ(h2->experiments, "");
}

TEST(GoObject, GoarchMapsToArchitectureWidthAndByteOrder) {
  struct Case {
    const char* goarch;
    crossgo::CpuArch arch;
    int bits;
    crossgo::Endian endian;
  };
  using crossgo::CpuArch;
  const crossgo::Endian le = crossgo::Endian::little, be = crossgo::Endian::big;
  const Case cases[] = {{"386", CpuArch::x86, 32, le},       {"arm", CpuArch::arm, 32, le},
                        {"arm64", CpuArch::arm64, 64, le},   {"mips", CpuArch::mips, 32, be},
                        {"mipsle", CpuArch::mips, 32, le},   {"mips64", CpuArch::mips64, 64, be},
                        {"mips64le", CpuArch::mips64, 64, le}, {"ppc64", CpuArch::ppc64, 64, be},
                        {"ppc64le", CpuArch::ppc64, 64, le}, {"s390x", CpuArch::s390x, 64, be},
                        {"riscv64", CpuArch::riscv64, 64, le}, {"loong64", CpuArch::loong64, 64, le},
                        {"wasm", CpuArch::wasm32, 32, le}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.goarch);
    const auto source_bytes = bytes_of(std::string("go object linux ") + c.goarch + " go1.19.8 X:\n");
    crossgo::MemorySource source(source_bytes);
    auto image = read_goobj(source);
    ASSERT_TRUE(image.ok()) << image.error().to_string();
    EXPECT_EQ(image->arch, c.arch);
    EXPECT_EQ(image->bits, c.bits);
    EXPECT_EQ(image->endian, c.endian);
  }
}

TEST(GoObject, AnalyzerVotesForTheHeadersGoosOnly) {
  const auto& analyzer = crossgo::analysis::goobj_analyzer();
  const auto source_bytes = bytes_of("go object freebsd arm64 go1.19.8 X:\n");
  crossgo::MemorySource source(source_bytes);
  auto image = read_goobj(source);
  ASSERT_TRUE(image.ok());
  const auto votes = analyzer.os_votes(*image);
  ASSERT_EQ(votes.size(), 1u);
  EXPECT_EQ(votes[0].candidates, std::vector<std::string>{"freebsd"});
  EXPECT_EQ(votes[0].evidence, "go object header");
  EXPECT_EQ(analyzer.linkage(*image).linkage, crossgo::Linkage::unknown);
  EXPECT_EQ(analyzer.libc(*image, {}, {}, nullptr).flavour, crossgo::LibcFlavour::unknown);
  const auto hardening = analyzer.hardening(*image, {});
  EXPECT_FALSE(hardening.pie.has_value());
  EXPECT_FALSE(hardening.relro.has_value());

  const auto other_bytes = bytes_of("go object plan10 amd64 go1.19.8 X:\n");
  crossgo::MemorySource other(other_bytes);
  auto image2 = read_goobj(other);
  ASSERT_TRUE(image2.ok());
  EXPECT_TRUE(analyzer.os_votes(*image2).empty());
}

struct GoCase {
  const char* file;
  const char* error;  // nullptr: reads, with `warning`
  uint64_t offset;
  const char* warning;
};

TEST(GoObjectMalformed, EachFileGivesItsErrorAndOffset) {
  const GoCase cases[] = {
      {"goobj-no-newline.bin", "no end of line within the first 1024 bytes", 1024, nullptr},
      {"goobj-nonprintable.bin", "byte 0x01 is not printable text", 18, nullptr},
      {"goobj-no-goarch.bin", "no GOARCH after the GOOS", 15, nullptr},
      {"goobj-bad-goos.bin", "GOOS \"Linux\" is not a Go GOOS name", 10, nullptr},
      {"goobj-no-version.bin", "no Go version after the GOARCH", 22, nullptr},
      {"goobj-unknown-goarch.bin", nullptr, 0, "GOARCH \"vax\" is not a known Go architecture"},
  };
  for (const GoCase& k : cases) {
    SCOPED_TRACE(k.file);
    const auto bytes = slurp(kDir / k.file);
    EXPECT_TRUE(crossgo::kGoObjectReader.matches(bytes));
    crossgo::MemorySource source(bytes);
    auto image = read_goobj(source);
    if (k.error != nullptr) {
      ASSERT_FALSE(image.ok());
      EXPECT_NE(image.error().message.find(k.error), std::string::npos) << image.error().message;
      EXPECT_EQ(image.error().offset, k.offset) << image.error().to_string();
    } else {
      ASSERT_TRUE(image.ok()) << image.error().to_string();
      EXPECT_TRUE(any_contains(image->warnings, k.warning)) << joined(image->warnings);
      EXPECT_EQ(image->arch, crossgo::CpuArch::unknown);
    }
  }
}

}  // namespace
