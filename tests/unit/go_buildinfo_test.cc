// Go build info blob decoding: both layouts (inline strings, Go >= 1.18; pointers, before), both
// byte orders, 4- and 8-byte pointers, where the blob is searched for, and how damage is reported.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "crossgo/go_info.h"
#include "crossgo/go_layout.h"
#include "go_blob_builder.h"
#include "read_helpers.h"

namespace crossgo {
namespace {

using namespace crossgo::testing;

const std::string kModinfo =
    "path\texample.com/prog\n"
    "mod\texample.com/prog\t(devel)\t\n"
    "dep\tgolang.org/x/sys\tv0.1.0\th1:abc=\n"
    "dep\texample.com/old\tv1.0.0\n"
    "=>\texample.com/new\tv1.2.0\th1:def=\n"
    "build\t-compiler=gc\n"
    "build\t-ldflags=\"-s -w -X 'main.v=1 2'\"\n"
    "build\tCGO_ENABLED=1\n"
    "build\tGOOS=linux\n";

void expect_sample(const GoBuildInfo& bi) {
  EXPECT_EQ(bi.go_version, "go1.19.8");
  EXPECT_EQ(bi.path, "example.com/prog");
  ASSERT_TRUE(bi.main.has_value());
  EXPECT_EQ(bi.main->path, "example.com/prog");
  EXPECT_EQ(bi.main->version, "(devel)");
  EXPECT_EQ(bi.main->sum, "");
  ASSERT_EQ(bi.deps.size(), 2u);
  EXPECT_EQ(bi.deps[0].path, "golang.org/x/sys");
  EXPECT_EQ(bi.deps[0].sum, "h1:abc=");
  EXPECT_FALSE(bi.deps[0].replace.has_value());
  ASSERT_TRUE(bi.deps[1].replace.has_value());
  EXPECT_EQ(bi.deps[1].replace->path, "example.com/new");
  EXPECT_EQ(bi.deps[1].replace->version, "v1.2.0");
  EXPECT_EQ(bi.deps[1].replace->sum, "h1:def=");
  ASSERT_EQ(bi.settings.size(), 4u);
  ASSERT_NE(bi.setting("-ldflags"), nullptr);
  EXPECT_EQ(*bi.setting("-ldflags"), "-s -w -X 'main.v=1 2'");
  EXPECT_EQ(*bi.setting("CGO_ENABLED"), "1");
  EXPECT_EQ(bi.settings[3].first, "GOOS");
}

struct Layout {
  int ptr_size;
  bool big;
};

std::string layout_name(const ::testing::TestParamInfo<Layout>& p) {
  return "ptr" + std::to_string(p.param.ptr_size) + (p.param.big ? "_big" : "_little");
}

class InlineLayouts : public ::testing::TestWithParam<Layout> {};

TEST_P(InlineLayouts, Decodes) {
  const auto [ptr, big] = GetParam();
  const auto blob = inline_blob("go1.19.8", framed(kModinfo), ptr, big);
  auto r = decode_buildinfo_region(blob, 0x5000, nullptr);
  ASSERT_TRUE(r) << r.error().to_string();
  expect_sample(*r);
  EXPECT_TRUE(r->inline_strings);
  EXPECT_EQ(r->pointer_size, ptr);
  EXPECT_EQ(r->endian, big ? Endian::big : Endian::little);
  EXPECT_EQ(r->offset, 0x5000u);
}

INSTANTIATE_TEST_SUITE_P(All, InlineLayouts,
                         ::testing::Values(Layout{8, false}, Layout{4, false}, Layout{8, true},
                                           Layout{4, true}),
                         layout_name);

class PointerLayouts : public ::testing::TestWithParam<Layout> {};

TEST_P(PointerLayouts, DecodesThroughTheImage) {
  const auto [ptr, big] = GetParam();
  PointerImage p;
  pointer_blob(p, "go1.17.13", framed(kModinfo), ptr, big);
  auto r = decode_buildinfo_region(p.bytes, 0, &p.image);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->go_version, "go1.17.13");
  EXPECT_FALSE(r->inline_strings);
  EXPECT_EQ(r->pointer_size, ptr);
  EXPECT_EQ(r->endian, big ? Endian::big : Endian::little);
  ASSERT_EQ(r->deps.size(), 2u);
  EXPECT_EQ(r->deps[1].replace->path, "example.com/new");
  EXPECT_EQ(*r->setting("-ldflags"), "-s -w -X 'main.v=1 2'");
}

INSTANTIATE_TEST_SUITE_P(All, PointerLayouts,
                         ::testing::Values(Layout{8, false}, Layout{4, false}, Layout{8, true},
                                           Layout{4, true}),
                         layout_name);

TEST(GoBuildInfo, PointerFormatWithoutModulesHasNoModuleInfo) {
  PointerImage p;
  pointer_blob(p, "go1.12", "", 8, false);  // GOPATH-mode build: empty runtime.modinfo
  auto r = decode_buildinfo_region(p.bytes, 0, &p.image);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->go_version, "go1.12");
  EXPECT_FALSE(r->main.has_value());
  EXPECT_TRUE(r->path.empty());
}

TEST(GoBuildInfo, RealGo119BlobsFromTheCorpus) {
  struct Case {
    const char* file;
    int ptr;
    Endian endian;
    const char* goarch;
  };
  for (const Case& c : {Case{"go1.19-linux-amd64.bin", 8, Endian::little, "amd64"},
                        Case{"go1.19-linux-386.bin", 4, Endian::little, "386"},
                        Case{"go1.19-linux-mips.bin", 4, Endian::big, "mips"},
                        Case{"go1.19-linux-s390x.bin", 8, Endian::big, "s390x"}}) {
    SCOPED_TRACE(c.file);
    std::ifstream in(std::string(CROSSGO_SOURCE_DIR) + "/fuzz/corpus/buildinfo/" + c.file,
                     std::ios::binary);
    ASSERT_TRUE(in.good());
    const std::vector<uint8_t> blob((std::istreambuf_iterator<char>(in)), {});
    auto r = decode_buildinfo_region(blob, 0x19a000, nullptr);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->go_version, "go1.19.8");
    EXPECT_EQ(r->pointer_size, c.ptr);
    EXPECT_EQ(r->endian, c.endian);
    EXPECT_EQ(r->path, "example.com/prog");
    ASSERT_TRUE(r->main);
    EXPECT_EQ(r->main->version, "(devel)");
    ASSERT_NE(r->setting("GOARCH"), nullptr);
    EXPECT_EQ(*r->setting("GOARCH"), c.goarch);
    EXPECT_EQ(*r->setting("CGO_ENABLED"), "0");
  }
}

TEST(GoBuildInfo, FindsAlignedMagicAfterOtherData) {
  std::vector<uint8_t> region(48, 0x11);
  // An unaligned copy of the magic (e.g. a string constant) must be skipped, not decoded.
  std::copy(kMagic.begin(), kMagic.end(), region.begin() + 3);
  const auto blob = inline_blob("go1.21.0", framed(kModinfo));
  region.insert(region.end(), blob.begin(), blob.end());
  auto r = decode_buildinfo_region(region, 0x1000, nullptr);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->offset, 0x1030u);
  EXPECT_EQ(r->go_version, "go1.21.0");
}

TEST(GoBuildInfo, UnframedModuleInfoIsIgnoredLikeGo) {
  const auto blob = inline_blob("go1.19.8", kModinfo);  // no sentinels
  auto r = decode_buildinfo_region(blob, 0, nullptr);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_FALSE(r->main.has_value());
  EXPECT_TRUE(r->settings.empty());
}

// ---- Malformed blobs: each names what is wrong and where in the file. ----

TEST(GoBuildInfoErrors, NoMagic) {
  std::vector<uint8_t> region(64, 0);
  auto r = decode_buildinfo_region(region, 0x400, nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "no Go build info magic found");
  EXPECT_EQ(r.error().offset, 0x400u);
}

TEST(GoBuildInfoErrors, MisalignedMagic) {
  std::vector<uint8_t> region(8, 0);
  const auto blob = inline_blob("go1.19.8", framed(kModinfo));
  region.insert(region.end(), blob.begin(), blob.end());
  auto r = decode_buildinfo_region(region, 0x2000, nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "Go build info magic is not 16-byte aligned (offset 8 into the search region)");
  EXPECT_EQ(r.error().offset, 0x2008u);
}

TEST(GoBuildInfoErrors, TruncatedHeader) {
  auto blob = inline_blob("go1.19.8", framed(kModinfo));
  blob.resize(20);
  auto r = decode_buildinfo_region(blob, 0x3000, nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "Go build info magic is followed by only 20 bytes, the header needs 32");
  EXPECT_EQ(r.error().offset, 0x3000u);
}

TEST(GoBuildInfoErrors, TruncatedVersionVarint) {
  auto blob = inline_blob("", "");
  blob.resize(32);
  blob.push_back(0x80);  // continuation bit set, then the region ends
  blob.push_back(0x80);
  auto r = decode_buildinfo_region(blob, 0x3000, nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "length of Go version: truncated varint");
  EXPECT_EQ(r.error().offset, 0x3020u);
}

TEST(GoBuildInfoErrors, OverlongVarint) {
  auto blob = inline_blob("", "");
  blob.resize(32);
  for (int i = 0; i < 11; ++i) blob.push_back(0xff);
  blob.push_back(0x01);
  auto r = decode_buildinfo_region(blob, 0, nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "length of Go version: varint overflows 64 bits");
  EXPECT_EQ(r.error().offset, 32u);
}

TEST(GoBuildInfoErrors, VersionLengthPastEnd) {
  auto blob = inline_blob("", "");
  blob.resize(32);
  blob.push_back(200);
  blob.push_back(0x01);  // uvarint 200
  append(blob, "go1.19");
  auto r = decode_buildinfo_region(blob, 0x100, nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "Go version length 200 runs past the end of the build info region (6 bytes left)");
  EXPECT_EQ(r.error().offset, 0x120u);
}

TEST(GoBuildInfoErrors, ModuleInfoLengthPastEnd) {
  auto blob = inline_blob("go1.19.8", "");
  blob.resize(32 + 1 + 8);
  put_uvarint(blob, 1000);
  append(blob, "path\tx\n");
  auto r = decode_buildinfo_region(blob, 0x100, nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "module info length 1000 runs past the end of the build info region (7 bytes left)");
  EXPECT_EQ(r.error().offset, 0x100u + 41);
}

TEST(GoBuildInfoErrors, BadPointerSize) {
  auto blob = inline_blob("go1.19.8", "");
  blob[14] = 3;
  auto r = decode_buildinfo_region(blob, 0x100, nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "build info pointer size is 3, not 4 or 8");
  EXPECT_EQ(r.error().offset, 0x10eu);
}

TEST(GoBuildInfoErrors, EmptyVersion) {
  const auto blob = inline_blob("", framed(kModinfo));
  auto r = decode_buildinfo_region(blob, 0x100, nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "build info has an empty Go version");
  EXPECT_EQ(r.error().offset, 0x100u);
}

TEST(GoBuildInfoErrors, BadModuleInfoLineNamesItsFileOffset) {
  const std::string bad = "path\tx\nmod\ta\tb\tc\td\n";
  const auto blob = inline_blob("go1.19.8", framed(bad));
  auto r = decode_buildinfo_region(blob, 0x100, nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "could not parse Go build info: line 2: expected 2 or 3 columns; got 4");
  // header 32 + varint 1 + "go1.19.8" 8 + varint 1 + sentinel 16 + "path\tx\n" 7
  EXPECT_EQ(r.error().offset, 0x100u + 32 + 1 + 8 + 1 + 16 + 7);
}

TEST(GoBuildInfoErrors, PointerOutsideImage) {
  PointerImage p;
  pointer_blob(p, "go1.17", framed(kModinfo), 8, false);
  put_word(p.bytes, 16, 0xdead0000, 8, false);
  auto r = decode_buildinfo_region(p.bytes, 0, &p.image);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "runtime.buildVersion pointer 0xdead0000 does not point into file-backed data of the image");
  EXPECT_EQ(r.error().offset, 16u);
}

TEST(GoBuildInfoErrors, StringDataOutsideImage) {
  PointerImage p;
  pointer_blob(p, "go1.17", framed(kModinfo), 4, true);
  put_word(p.bytes, 0x60, 0x7fff0000, 4, true);  // modinfo header's data pointer
  auto r = decode_buildinfo_region(p.bytes, 0, &p.image);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "runtime.modinfo data 0x7fff0000 (+" +
                                   std::to_string(framed(kModinfo).size()) +
                                   " bytes) is not backed by file data of the image");
  EXPECT_EQ(r.error().offset, 0x60u);
}

TEST(GoBuildInfoErrors, PointerFormatNeedsAnImage) {
  PointerImage p;
  pointer_blob(p, "go1.17", "", 8, false);
  auto r = decode_buildinfo_region(p.bytes, 0x40, nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            "pre-Go 1.18 build info holds pointers, but no image was given to resolve them");
  EXPECT_EQ(r.error().offset, 0x50u);
}

// ---- Where read_go_buildinfo looks. ----

// An image over `file` (a MemorySource the result owns) with one section.
SourcedImage image_with_section(const std::vector<uint8_t>& file, const char* name, uint64_t offset,
                                uint64_t size, Format format = Format::elf) {
  SourcedImage si(file);
  Image& img = si.image;
  img.format = format;
  if (format == Format::elf) img.elf = ElfDetails{};
  Section s;
  s.name = name;
  s.offset = offset;
  s.size = size;
  s.addr = 0x400000 + offset;
  img.sections.push_back(s);
  return si;
}

BuildInfoResult read_go_buildinfo(const SourcedImage& si) {
  return crossgo::read_go_buildinfo(si.image, go_layout(si.image));
}

// The Mach-O and PE Go layout adapters have not landed yet (placeholders): the region their
// adapters name (debug/buildinfo's machoExe/peExe DataStart) is given by hand.
BuildInfoResult read_go_buildinfo_in(const SourcedImage& si, const std::string& where) {
  GoLayout l;
  FileRegion r = region_of(si.image.sections.front());
  r.where = where;
  l.buildinfo.push_back(r);
  return crossgo::read_go_buildinfo(si.image, l);
}

TEST(ReadGoBuildInfo, FromGoBuildinfoSection) {
  std::vector<uint8_t> file(0x100, 0);
  const auto blob = inline_blob("go1.19.8", framed(kModinfo));
  file.insert(file.end(), blob.begin(), blob.end());
  const SourcedImage img = image_with_section(file, ".go.buildinfo", 0x100, blob.size());
  auto r = read_go_buildinfo(img);
  EXPECT_FALSE(r.not_go);
  ASSERT_FALSE(r.error) << r.error->to_string();
  ASSERT_TRUE(r.info);
  expect_sample(*r.info);
  EXPECT_EQ(r.info->offset, 0x100u);
}

TEST(ReadGoBuildInfo, MachOSectionName) {
  const auto blob = inline_blob("go1.19.8", framed(kModinfo));
  const SourcedImage img = image_with_section(blob, "__go_buildinfo", 0, blob.size(), Format::macho);
  auto r = read_go_buildinfo_in(img, "__DATA,__go_buildinfo");
  ASSERT_TRUE(r.info);
  EXPECT_EQ(r.info->go_version, "go1.19.8");
}

TEST(ReadGoBuildInfo, PeDataSection) {
  const auto blob = inline_blob("go1.19.8", framed(kModinfo));
  const SourcedImage img = image_with_section(blob, ".data", 0, blob.size(), Format::pe);
  auto r = read_go_buildinfo_in(img, ".data");
  ASSERT_TRUE(r.info);
  EXPECT_EQ(r.info->path, "example.com/prog");
}

TEST(ReadGoBuildInfo, ElfFallsBackToFirstWritableSegment) {
  std::vector<uint8_t> file(0x200, 0xcc);
  const auto blob = inline_blob("go1.20.1", framed(kModinfo));
  std::copy(kMagic.begin(), kMagic.end(), file.begin() + 0x40);  // in the read-only segment: not searched
  file.insert(file.end(), blob.begin(), blob.end());
  SourcedImage img(file);
  img.image.format = Format::elf;
  img.image.elf = ElfDetails{};
  auto load = [](uint64_t offset, uint64_t size, uint64_t vaddr, bool write, bool exec) {
    Segment s;
    s.vaddr = vaddr;
    s.memsz = size;
    s.offset = offset;
    s.filesz = size;
    s.read = true;
    s.write = write;
    s.exec = exec;
    return s;
  };
  img.image.segments.push_back(load(0, 0x100, 0x400000, false, true));              // R+X
  img.image.segments.push_back(load(0x100, 0x100, 0x500000, false, false));         // R
  img.image.segments.push_back(load(0x200, blob.size(), 0x600000, true, false));    // RW
  auto r = read_go_buildinfo(img);
  ASSERT_FALSE(r.error) << r.error->to_string();
  ASSERT_TRUE(r.info);
  EXPECT_EQ(r.info->go_version, "go1.20.1");
  EXPECT_EQ(r.info->offset, 0x200u);
}

TEST(ReadGoBuildInfo, NoMagicMeansNotGo) {
  std::vector<uint8_t> file(0x100, 0);
  const SourcedImage img = image_with_section(file, ".go.buildinfo", 0, file.size());
  auto r = read_go_buildinfo(img);
  EXPECT_TRUE(r.not_go);
  EXPECT_FALSE(r.error);
  EXPECT_FALSE(r.info);
}

TEST(ReadGoBuildInfo, NoRegionMeansNotGo) {
  std::vector<uint8_t> file(0x100, 0);
  const SourcedImage img = image_with_section(file, ".data", 0, file.size());  // ELF .data is not searched
  auto r = read_go_buildinfo(img);
  EXPECT_TRUE(r.not_go);
  EXPECT_FALSE(r.error);
}

TEST(ReadGoBuildInfo, DamagedBlobIsAnErrorNotNotGo) {
  auto blob = inline_blob("go1.19.8", framed(kModinfo));
  blob.resize(40);  // cut inside the version string
  const SourcedImage img = image_with_section(blob, ".go.buildinfo", 0, blob.size());
  auto r = read_go_buildinfo(img);
  EXPECT_FALSE(r.not_go);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->message,
            "Go version length 8 runs past the end of the build info region (7 bytes left)");
  EXPECT_EQ(r.error->offset, 32u);
}

TEST(ReadGoBuildInfo, SectionPastEndOfFileIsAnError) {
  std::vector<uint8_t> file(0x40, 0);
  const SourcedImage img = image_with_section(file, ".go.buildinfo", 0x30, 0x1000);
  auto r = read_go_buildinfo(img);
  EXPECT_FALSE(r.not_go);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->message, ".go.buildinfo (4096 bytes) lies outside the file");
  EXPECT_EQ(r.error->offset, 0x30u);
}

}  // namespace
}  // namespace crossgo

namespace crossgo {
namespace {

using namespace crossgo::testing;

// The hand-made pre-1.18 seeds in the fuzz corpus are mapped at kBase, like the fuzzer maps them.
TEST(GoBuildInfo, PointerSeedsFromTheCorpus) {
  struct Case {
    const char* file;
    const char* version;
    int ptr;
    Endian endian;
    bool has_modules;
  };
  for (const Case& c : {Case{"pointer-le64-go1.17.bin", "go1.17.13", 8, Endian::little, true},
                        Case{"pointer-be32-go1.16.bin", "go1.16.15", 4, Endian::big, true},
                        Case{"pointer-le32-gopath-go1.12.bin", "go1.12", 4, Endian::little, false}}) {
    SCOPED_TRACE(c.file);
    std::ifstream in(std::string(CROSSGO_SOURCE_DIR) + "/fuzz/corpus/buildinfo/" + c.file,
                     std::ios::binary);
    ASSERT_TRUE(in.good());
    PointerImage p;
    p.bytes.assign(std::istreambuf_iterator<char>(in), {});
    finish_image(p);
    auto r = decode_buildinfo_region(p.bytes, 0, &p.image);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->go_version, c.version);
    EXPECT_EQ(r->pointer_size, c.ptr);
    EXPECT_EQ(r->endian, c.endian);
    EXPECT_EQ(r->main.has_value(), c.has_modules);
    if (c.has_modules) {
      ASSERT_EQ(r->deps.size(), 1u);
      ASSERT_TRUE(r->deps[0].replace);
      EXPECT_EQ(r->deps[0].replace->path, "../text");
      ASSERT_EQ(r->settings.size(), 1u);
      EXPECT_EQ(r->settings[0].first, "-ld flags");
      EXPECT_EQ(r->settings[0].second, "-s -w");
    }
  }
}

}  // namespace
}  // namespace crossgo
