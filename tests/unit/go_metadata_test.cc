// Go metadata beyond build info: pclntab location and its version range, the Go build ID, the
// version guess from read-only data, and runtime/cgo detection, on hand-built images.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crossgo/go_info.h"
#include "go_blob_builder.h"

namespace crossgo {
namespace {

using namespace crossgo::testing;
using namespace std::string_literals;

// A Go 1.18+ pclntab: header, then the function-name table, cu table, file table, pc tables.
std::vector<uint8_t> pclntab(uint32_t magic, bool big, const std::string& funcnames,
                             const std::string& files, int ptr = 8) {
  std::vector<uint8_t> t;
  put_word(t, 0, magic, 4, big);
  t.push_back(0);
  t.push_back(0);
  t.push_back(1);
  t.push_back(static_cast<uint8_t>(ptr));
  const size_t w = static_cast<size_t>(ptr);
  const size_t first = magic == 0xfffffffa ? 2 : 3;
  const size_t header = 8 + (first + 5) * w;
  const size_t funcname = header, cu = funcname + funcnames.size(), filetab = cu + 8,
               pctab = filetab + files.size(), pcln = pctab + 8;
  put_word(t, 8, 3, ptr, big);          // nfunc
  put_word(t, 8 + w, 2, ptr, big);      // nfiles
  put_word(t, 8 + first * w, funcname, ptr, big);
  put_word(t, 8 + (first + 1) * w, cu, ptr, big);
  put_word(t, 8 + (first + 2) * w, filetab, ptr, big);
  put_word(t, 8 + (first + 3) * w, pctab, ptr, big);
  put_word(t, 8 + (first + 4) * w, pcln, ptr, big);
  t.resize(header);
  append(t, funcnames);
  t.resize(cu + 8, 0);
  append(t, files);
  t.resize(pcln + 16, 0);
  return t;
}

const std::string kPlainFuncs = "runtime.main\0main.main\0os/user.Current\0"s;
const std::string kCgoFuncs = "runtime.main\0crosscall2\0runtime.cgocallback\0"s;
const std::string kPlainFiles = "/go/src/runtime/proc.go\0main.go\0"s;
const std::string kCgoFiles = "runtime/cgo/callbacks.go\0main.go\0"s;

struct Built {
  std::vector<uint8_t> bytes;
  Image image;
};

void add_section(Built& b, const char* name, const std::vector<uint8_t>& data, uint64_t flags = 2) {
  while (b.bytes.size() % 16 != 0) b.bytes.push_back(0);
  Section s;
  s.name = name;
  s.offset = b.bytes.size();
  s.size = data.size();
  s.addr = 0x400000 + s.offset;
  s.flags = flags;
  b.bytes.insert(b.bytes.end(), data.begin(), data.end());
  b.image.sections.push_back(s);
}

void finish(Built& b, Format f = Format::elf) {
  b.image.format = f;
  b.image.file = b.bytes;
}

std::vector<uint8_t> bytes_of(const std::string& s) { return {s.begin(), s.end()}; }

TEST(GoPclntab, VersionRanges) {
  EXPECT_EQ(go_version_range_for_pclntab_magic(0xfffffffb), ">=go1.2 <go1.16");
  EXPECT_EQ(go_version_range_for_pclntab_magic(0xfffffffa), ">=go1.16 <go1.18");
  EXPECT_EQ(go_version_range_for_pclntab_magic(0xfffffff0), ">=go1.18 <go1.20");
  EXPECT_EQ(go_version_range_for_pclntab_magic(0xfffffff1), ">=go1.20");
  EXPECT_EQ(go_version_range_for_pclntab_magic(0x12345678), "");
}

TEST(GoPclntab, NamedSectionEitherByteOrder) {
  for (bool big : {false, true}) {
    Built b;
    b.bytes.resize(64, 0);
    add_section(b, ".gopclntab", pclntab(0xfffffff1, big, kPlainFuncs, kPlainFiles));
    finish(b);
    auto t = find_go_pclntab(b.image);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->magic, 0xfffffff1u);
    EXPECT_EQ(t->endian, big ? Endian::big : Endian::little);
    EXPECT_EQ(t->where, ".gopclntab");
    EXPECT_EQ(t->offset, 64u);
    EXPECT_EQ(t->pointer_size, 8);
  }
}

TEST(GoPclntab, FoundByScanInsideReadOnlyData) {
  Built b;
  auto data = bytes_of(std::string(100, 'x'));
  data.resize(104, 0);
  const auto t = pclntab(0xfffffffa, false, kPlainFuncs, kPlainFiles, 4);
  data.insert(data.end(), t.begin(), t.end());
  add_section(b, ".rdata", data);
  finish(b, Format::pe);
  auto found = find_go_pclntab(b.image);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->where, "scan");
  EXPECT_EQ(found->magic, 0xfffffffau);
  EXPECT_EQ(found->pointer_size, 4);
  EXPECT_EQ(found->offset, b.image.sections[0].offset + 104);
}

TEST(GoPclntab, BareMagicIsNotEnough) {
  Built b;
  // Magic and plausible quantum/pointer size, but table offsets point past the data.
  std::vector<uint8_t> fake(128, 0xee);
  const uint8_t head[] = {0xf1, 0xff, 0xff, 0xff, 0, 0, 1, 8};
  std::copy(std::begin(head), std::end(head), fake.begin());
  add_section(b, ".rodata", fake);
  finish(b);
  EXPECT_FALSE(find_go_pclntab(b.image));
  EXPECT_FALSE(has_go_pclntab(b.image));
}

TEST(GoBuildId, FromElfNote) {
  Built b;
  b.bytes.resize(16);
  const std::string id = "aaaa/bbbb/cccc/dddd";
  std::vector<uint8_t> desc(id.begin(), id.end());
  desc.push_back(0);
  finish(b);
  Note n;
  n.owner = "Go";
  n.type = 4;
  n.desc = desc;
  b.image.notes.push_back(n);
  EXPECT_EQ(read_go_build_id(b.image), id);
}

TEST(GoBuildId, FromTextMarker) {
  Built b;
  b.bytes.resize(64, 0x90);
  append(b.bytes, "\xff Go build ID: \"abc/def\\u0041\"\n \xff"s);
  finish(b, Format::pe);
  EXPECT_EQ(read_go_build_id(b.image), "abc/defA");
}

TEST(GoBuildId, UnterminatedMarkerIsIgnored) {
  Built b;
  append(b.bytes, "\xff Go build ID: \"abc/def"s);
  finish(b, Format::pe);
  EXPECT_FALSE(read_go_build_id(b.image));
}

TEST(GoVersionGuess, StandaloneStringInRodata) {
  Built b;
  std::string ro = "needs go1.18 or later\0\0\0\0"s;
  ro += "go1.19.8\0\0\0\0\0\0\0\0"s;
  add_section(b, ".rodata", bytes_of(ro));
  add_section(b, ".gopclntab", pclntab(0xfffffff0, false, kPlainFuncs, kPlainFiles));
  finish(b);
  auto g = guess_go_version(b.image);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->version, "go1.19.8");
  EXPECT_EQ(g->source, "rodata");
}

TEST(GoVersionGuess, PrereleaseAndFallbackToPclntab) {
  {
    Built b;
    add_section(b, ".rodata", bytes_of("\0go1.21rc2\0"s));
    add_section(b, ".gopclntab", pclntab(0xfffffff1, false, kPlainFuncs, kPlainFiles));
    finish(b);
    auto g = guess_go_version(b.image);
    ASSERT_TRUE(g);
    EXPECT_EQ(g->version, "go1.21rc2");
  }
  {
    Built b;
    add_section(b, ".rodata", bytes_of("\0go1.\0go1.x\0go1.19.\0go1.2345\0"s));
    add_section(b, ".gopclntab", pclntab(0xfffffff0, false, kPlainFuncs, kPlainFiles));
    finish(b);
    auto g = guess_go_version(b.image);
    ASSERT_TRUE(g);
    EXPECT_EQ(g->version, ">=go1.18 <go1.20");
    EXPECT_EQ(g->source, "pclntab");
  }
}

TEST(GoVersionGuess, NotForNonGoImages) {
  Built b;
  add_section(b, ".rodata", bytes_of("\0go1.19.8\0"s));
  finish(b);
  EXPECT_FALSE(guess_go_version(b.image));
}

TEST(GoCgo, PclntabFunctionsAndFiles) {
  for (bool big : {false, true}) {
    Built b;
    add_section(b, ".gopclntab", pclntab(0xfffffff0, big, kCgoFuncs, kCgoFiles));
    finish(b);
    auto c = detect_go_cgo(b.image);
    ASSERT_TRUE(c.linked);
    EXPECT_TRUE(*c.linked);
    // Go >= 1.16 layouts: the (small) file table decides; the function-name table is not read.
    EXPECT_EQ(c.evidence, (std::vector<std::string>{"pclntab file runtime/cgo/callbacks.go"}));
    EXPECT_TRUE(go_links_runtime_cgo(b.image));
  }
}

TEST(GoCgo, AbsentFromPclntab) {
  Built b;
  // Names that merely contain the markers do not count.
  const std::string funcs = "runtime.main\0xcrosscall2\0runtime.cgocallbackg\0"s;
  const std::string files = "/src/runtime/cgo/callbacks.go.orig\0"s;
  add_section(b, ".gopclntab", pclntab(0xfffffff0, false, funcs, files));
  finish(b);
  auto c = detect_go_cgo(b.image);
  ASSERT_TRUE(c.linked);
  EXPECT_FALSE(*c.linked);
  EXPECT_FALSE(go_links_runtime_cgo(b.image));
}

TEST(GoCgo, MarkersOutsideTheirTableDoNotCount) {
  Built b;
  // crosscall2 in the *file* table and callbacks.go in the *function* table: not evidence.
  const std::string funcs = "runtime/cgo/callbacks.go\0"s;
  const std::string files = "crosscall2\0"s;
  add_section(b, ".gopclntab", pclntab(0xfffffffa, false, funcs, files));
  finish(b);
  EXPECT_FALSE(go_links_runtime_cgo(b.image));
}

TEST(GoCgo, SymbolsAloneAndUnknown) {
  Built b;
  b.bytes.resize(16);
  finish(b);
  EXPECT_FALSE(detect_go_cgo(b.image).linked.has_value());
  // .symtab is never read, so its presence proves nothing: still unknown, and the evidence says so.
  b.image.has_symtab = true;
  auto unknown = detect_go_cgo(b.image);
  EXPECT_FALSE(unknown.linked.has_value());
  ASSERT_FALSE(unknown.evidence.empty());
  EXPECT_NE(unknown.evidence.back().find(".symtab not read"), std::string::npos) << unknown.evidence.back();
  b.image.cgo_symbols = {"x_cgo_init"};
  auto c = detect_go_cgo(b.image);
  EXPECT_EQ(c.linked, true);
  EXPECT_EQ(c.evidence, std::vector<std::string>{"symbol x_cgo_init"});
}

}  // namespace
}  // namespace crossgo
