// Go metadata beyond build info: pclntab location and its version range, the Go build ID, the
// version guess from read-only data, and runtime/cgo detection, on hand-built images.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "analysis/analyzers.h"
#include "crossgo/go_info.h"
#include "crossgo/go_layout.h"
#include "go_blob_builder.h"

namespace crossgo {
namespace {

using namespace crossgo::testing;
using namespace std::string_literals;

const std::string kPlainFuncs = "runtime.main\0main.main\0os/user.Current\0"s;
const std::string kCgoFuncs = "runtime.main\0crosscall2\0runtime.cgocallback\0"s;
const std::string kPlainFiles = "/go/src/runtime/proc.go\0main.go\0"s;
const std::string kCgoFiles = "runtime/cgo/callbacks.go\0main.go\0"s;

// A hand-made image: sections appended to `bytes`, then finish() puts a MemorySource over them.
struct Built {
  std::vector<uint8_t> bytes;
  std::unique_ptr<MemorySource> source;
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
  s.alloc = (flags & 2) != 0;
  b.bytes.insert(b.bytes.end(), data.begin(), data.end());
  b.image.sections.push_back(s);
}

void finish(Built& b, Format f = Format::elf) {
  b.source = std::make_unique<MemorySource>(b.bytes);
  b.image.format = f;
  b.image.source = b.source.get();
  if (f == Format::elf) b.image.elf = ElfDetails{};
}

// What the format's Go layout adapter says, for ELF; for the formats whose adapters have not
// landed yet (go_layout_pe/macho are placeholders), the regions the Go linker uses there, given by
// hand, so the readers' part is still tested.
GoLayout layout_of(const Built& b) { return go_layout(b.image); }

GoLayout pe_layout(const Built& b) {
  GoLayout l;
  for (const auto& s : b.image.sections)
    if (s.name == ".rdata") l.pclntab_search.push_back(region_of(s));
  l.build_id_text.push_back(FileRegion{0, b.bytes.size(), 0, "start of the file"});
  return l;
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
    auto t = find_go_pclntab(b.image, layout_of(b));
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
  auto found = find_go_pclntab(b.image, pe_layout(b));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->where, "search in .rdata");
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
  EXPECT_FALSE(find_go_pclntab(b.image, layout_of(b)));
  // Not found by a search either.
  GoLayout search;
  search.pclntab_search.push_back(region_of(b.image.sections[0]));
  EXPECT_FALSE(find_go_pclntab(b.image, search));
}

TEST(GoBuildId, FromElfNote) {
  Built b;
  b.bytes.resize(16);
  const std::string id = "aaaa/bbbb/cccc/dddd";
  std::vector<uint8_t> desc(id.begin(), id.end());
  desc.push_back(0);
  finish(b);
  ElfNote n;
  n.owner = "Go";
  n.type = 4;
  n.desc = desc;
  b.image.elf->notes.push_back(n);
  EXPECT_EQ(read_go_build_id(b.image, layout_of(b)), id);
}

TEST(GoBuildId, FromTextMarker) {
  Built b;
  b.bytes.resize(64, 0x90);
  append(b.bytes, "\xff Go build ID: \"abc/def\\u0041\"\n \xff"s);
  finish(b, Format::pe);
  EXPECT_EQ(read_go_build_id(b.image, pe_layout(b)), "abc/defA");
}

TEST(GoBuildId, UnterminatedMarkerIsIgnored) {
  Built b;
  append(b.bytes, "\xff Go build ID: \"abc/def"s);
  finish(b, Format::pe);
  EXPECT_FALSE(read_go_build_id(b.image, pe_layout(b)));
}

TEST(GoVersionGuess, StandaloneStringInRodata) {
  Built b;
  std::string ro = "needs go1.18 or later\0\0\0\0"s;
  ro += "go1.19.8\0\0\0\0\0\0\0\0"s;
  add_section(b, ".rodata", bytes_of(ro));
  add_section(b, ".gopclntab", pclntab(0xfffffff0, false, kPlainFuncs, kPlainFiles));
  finish(b);
  const GoLayout l = layout_of(b);
  auto g = guess_go_version(b.image, l, find_go_pclntab(b.image, l));
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
    const GoLayout l = layout_of(b);
  auto g = guess_go_version(b.image, l, find_go_pclntab(b.image, l));
    ASSERT_TRUE(g);
    EXPECT_EQ(g->version, "go1.21rc2");
  }
  {
    Built b;
    add_section(b, ".rodata", bytes_of("\0go1.\0go1.x\0go1.19.\0go1.2345\0"s));
    add_section(b, ".gopclntab", pclntab(0xfffffff0, false, kPlainFuncs, kPlainFiles));
    finish(b);
    const GoLayout l = layout_of(b);
  auto g = guess_go_version(b.image, l, find_go_pclntab(b.image, l));
    ASSERT_TRUE(g);
    EXPECT_EQ(g->version, ">=go1.18 <go1.20");
    EXPECT_EQ(g->source, "pclntab");
  }
}

TEST(GoVersionGuess, NotForNonGoImages) {
  Built b;
  add_section(b, ".rodata", bytes_of("\0go1.19.8\0"s));
  finish(b);
  const GoLayout l = layout_of(b);
  EXPECT_FALSE(guess_go_version(b.image, l, find_go_pclntab(b.image, l)));
}

TEST(GoCgo, PclntabFunctionsAndFiles) {
  for (bool big : {false, true}) {
    Built b;
    add_section(b, ".gopclntab", pclntab(0xfffffff0, big, kCgoFuncs, kCgoFiles));
    finish(b);
    auto c = detect_go_cgo(b.image, find_go_pclntab(b.image, layout_of(b)));
    ASSERT_TRUE(c.linked);
    EXPECT_TRUE(*c.linked);
    // Go >= 1.16 layouts: the (small) file table decides; the function-name table is not read.
    EXPECT_EQ(c.evidence, (std::vector<std::string>{"pclntab file runtime/cgo/callbacks.go"}));
    EXPECT_EQ(detect_go_cgo(b.image, find_go_pclntab(b.image, layout_of(b))).linked, true);
  }
}

TEST(GoCgo, AbsentFromPclntab) {
  Built b;
  // Names that merely contain the markers do not count.
  const std::string funcs = "runtime.main\0xcrosscall2\0runtime.cgocallbackg\0"s;
  const std::string files = "/src/runtime/cgo/callbacks.go.orig\0"s;
  add_section(b, ".gopclntab", pclntab(0xfffffff0, false, funcs, files));
  finish(b);
  auto c = detect_go_cgo(b.image, find_go_pclntab(b.image, layout_of(b)));
  ASSERT_TRUE(c.linked);
  EXPECT_FALSE(*c.linked);
  EXPECT_EQ(detect_go_cgo(b.image, find_go_pclntab(b.image, layout_of(b))).linked, false);
}

TEST(GoCgo, MarkersOutsideTheirTableDoNotCount) {
  Built b;
  // crosscall2 in the *file* table and callbacks.go in the *function* table: not evidence.
  const std::string funcs = "runtime/cgo/callbacks.go\0"s;
  const std::string files = "crosscall2\0"s;
  add_section(b, ".gopclntab", pclntab(0xfffffffa, false, funcs, files));
  finish(b);
  EXPECT_EQ(detect_go_cgo(b.image, find_go_pclntab(b.image, layout_of(b))).linked, false);
}

TEST(GoCgo, SymbolsAloneAndUnknown) {
  Built b;
  b.bytes.resize(16);
  finish(b);
  auto none = detect_go_cgo(b.image, std::nullopt);
  EXPECT_FALSE(none.linked.has_value());
  EXPECT_EQ(none.evidence, std::vector<std::string>{"no pclntab and no symbol table found"});
  // Intentional change: without a pclntab the symbol tables are walked (Image::visit_symbols);
  // a table without runtime/cgo's symbols proves nothing: still unknown, and the evidence says so.
  std::vector<std::string> names = {"main.main", "x_cgo_init_not"};
  b.image.has_symtab = true;
  b.image.visit_symbols = [&names](const SymbolVisitor& v) {
    for (const auto& n : names) {
      SymbolRef s;
      s.name = n;
      s.defined = true;
      if (v(s)) return;
    }
  };
  auto unknown = detect_go_cgo(b.image, std::nullopt);
  EXPECT_FALSE(unknown.linked.has_value());
  ASSERT_FALSE(unknown.evidence.empty());
  EXPECT_EQ(unknown.evidence.back(), "no pclntab found, and the symbol tables have no runtime/cgo symbols");
  names.push_back("x_cgo_init");
  names.push_back("x_cgo_init");  // the same symbol in .symtab and .dynsym: one piece of evidence
  auto c = detect_go_cgo(b.image, std::nullopt);
  EXPECT_EQ(c.linked, true);
  EXPECT_EQ(c.evidence, std::vector<std::string>{"symbol x_cgo_init"});
}

// Intentional change: an ELF with Go markers (the .go.buildinfo section or the Go build ID note)
// but no .gopclntab (external linking merges it into .data.rel.ro) has its pclntab searched in
// .data.rel.ro, then .rodata; without any Go marker nothing is searched.
TEST(GoPclntab, SearchedInDataRelRoWhenGoMarkersAndNoNamedSection) {
  for (const char* marker : {"buildinfo", "note", "none"}) {
    SCOPED_TRACE(marker);
    Built b;
    b.bytes.resize(64, 0);
    std::vector<uint8_t> relro(96, 0x11);
    const auto t = pclntab(0xfffffff1, false, kCgoFuncs, kCgoFiles);
    relro.insert(relro.end(), t.begin(), t.end());
    add_section(b, ".data.rel.ro", relro);
    const std::string id = "aaaa/bbbb/cccc/dddd";
    const std::vector<uint8_t> desc(id.begin(), id.end());
    if (std::string_view(marker) == "buildinfo") add_section(b, ".go.buildinfo", inline_blob("go1.21.0", ""));
    finish(b);
    if (std::string_view(marker) == "note") b.image.elf->notes.push_back(ElfNote{"Go", 4, desc, 0, ".note.go.buildid"});
    const GoLayout l = layout_of(b);
    auto found = find_go_pclntab(b.image, l);
    if (std::string_view(marker) == "none") {
      EXPECT_FALSE(found);
      continue;
    }
    ASSERT_TRUE(found);
    EXPECT_EQ(found->where, "search in .data.rel.ro");
    EXPECT_EQ(found->offset, b.image.sections[0].offset + 96);
    EXPECT_EQ(found->magic, 0xfffffff1u);
    // And the table is usable: the file table says runtime/cgo is linked.
    EXPECT_EQ(detect_go_cgo(b.image, found).linked, true);
  }
}

// Intentional change: a Go ELF whose only OS evidence is the linux runtime sources in the pclntab
// and which names no interpreter is linux (Go's android binaries always name /system/bin/linker*);
// with an interpreter that is not android's, linux|android stay candidates.
TEST(GoOs, LinuxRuntimeSourcesWithoutInterpreterAreLinux) {
  const std::string files = "/go/src/runtime/os_linux.go\0/go/src/runtime/proc.go\0main.go\0"s;
  for (const char* interp : {"", "/system/bin/linker64", "/opt/ld.so"}) {
    SCOPED_TRACE(interp);
    Built b;
    add_section(b, ".gopclntab", pclntab(0xfffffff1, false, kPlainFuncs, files));
    finish(b);
    b.image.bits = 64;
    b.image.arch = CpuArch::x86_64;
    b.image.kind = ObjectKind::executable;
    b.image.elf->type = 2;
    if (*interp) b.image.interpreter = interp;
    const analysis::Facts f = analysis::analyze(b.image);
    ASSERT_TRUE(f.go);
    if (!*interp) {
      EXPECT_EQ(f.os.goos, "linux");
      EXPECT_EQ(f.os.evidence, (std::vector<std::string>{
                                   "Go runtime source runtime/os_linux.go in the pclntab",
                                   "no interpreter (Go's android binaries always name /system/bin/linker*)"}));
    } else if (std::string_view(interp) == "/system/bin/linker64") {
      EXPECT_EQ(f.os.goos, "android");
    } else {
      EXPECT_FALSE(f.os.goos);
      EXPECT_EQ(f.os.candidates, (std::vector<std::string>{"linux", "android"}));
      EXPECT_EQ(f.os.unknown_because, "the evidence narrows the OS to 2 candidates");
    }
  }
}

}  // namespace
}  // namespace crossgo
