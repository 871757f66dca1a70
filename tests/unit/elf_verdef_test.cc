// The ELF reader's version definitions (.gnu.version_d / DT_VERDEF): names in table order
// without the VER_FLG_BASE entry, parents not repeated, and damaged tables as warnings that keep
// what was read before the damage.
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "crossgo/elf_constants.h"
#include "crossgo/limits.h"
#include "elf_builder.h"
#include "read_helpers.h"

namespace crossgo {
namespace {

using testing::Bytes;
using testing::ElfBuilder;
using testing::StrTab;
namespace t = crossgo::testing;

using Names = std::vector<std::string>;

struct Lib {
  StrTab str;
  uint32_t soname, v217, v218, priv;
  Lib() : soname(str.add("libdemo.so.1")), v217(str.add("DEMO_2.17")), v218(str.add("DEMO_2.18")), priv(str.add("DEMO_PRIVATE")) {}
  std::vector<ElfBuilder::Verdef> defs() const {
    // As GNU ld writes them: the base entry, then each version with its parent after it.
    return {{1, {soname}}, {0, {v217}}, {0, {v218, v217}}, {2, {priv}}};
  }
};

Bytes shared_library(int bits, Endian endian, const Bytes& verdef, uint32_t count) {
  Lib lib;
  ElfBuilder b(bits, endian, bits == 64 ? elf::EM_X86_64 : elf::EM_386, elf::ET_DYN);
  const uint32_t dynstr = b.add_section(".dynstr", t::kShtStrtab, lib.str.bytes());
  b.add_section(".gnu.version_d", t::kShtGnuVerdef, verdef, dynstr, count, 4);
  b.add_section(".dynamic", t::kShtDynamic, b.dynamic({{t::kDtSoname, lib.soname}, {t::kDtNull, 0}}), dynstr, 0, 8);
  b.add_load_segment(6);
  return b.build();
}

TEST(ElfVersionDefinitions, NamesInOrderWithoutBase) {
  for (int bits : {32, 64}) {
    for (Endian e : {Endian::little, Endian::big}) {
      SCOPED_TRACE(std::to_string(bits) + (e == Endian::little ? "le" : "be"));
      Lib lib;
      ElfBuilder b(bits, e, elf::EM_PPC64);
      const auto img = t::read_elf(shared_library(bits, e, b.version_definitions(lib.defs()), 4));
      ASSERT_TRUE(img.ok()) << img.error().to_string();
      EXPECT_TRUE(img->warnings.empty()) << img->warnings.front();
      EXPECT_EQ(img->elf->version_definitions, (Names{"DEMO_2.17", "DEMO_2.18", "DEMO_PRIVATE"}));
    }
  }
}

TEST(ElfVersionDefinitions, InspectJsonDetails) {
  Lib lib;
  ElfBuilder b(64, Endian::little, elf::EM_X86_64);
  const Bytes file = shared_library(64, Endian::little, b.version_definitions(lib.defs()), 4);
  const ArtifactReport r = t::inspect_one("libdemo.so.1", file);
  ASSERT_TRUE(r.elf.has_value());
  EXPECT_EQ(r.elf->version_definitions, (Names{"DEMO_2.17", "DEMO_2.18", "DEMO_PRIVATE"}));
}

TEST(ElfVersionDefinitions, NoneIsEmpty) {
  ElfBuilder b(64, Endian::little, elf::EM_X86_64, elf::ET_DYN);
  b.add_load_segment();
  const auto img = t::read_elf(b.build());
  ASSERT_TRUE(img.ok());
  EXPECT_TRUE(img->elf->version_definitions.empty());
}

TEST(ElfVersionDefinitions, SectionlessFileUsesDtVerdef) {
  for (int bits : {32, 64}) {
    SCOPED_TRACE(bits);
    Lib lib;
    auto make = [&](uint64_t strtab_addr, uint64_t verdef_addr) {
      ElfBuilder b(bits, Endian::big, elf::EM_MIPS, elf::ET_DYN);
      b.add_section(".dynstr", t::kShtStrtab, lib.str.bytes());
      b.add_section(".gnu.version_d", t::kShtGnuVerdef, b.version_definitions(lib.defs()), 0, 4, 4);
      b.add_section(".dynamic", t::kShtDynamic,
                    b.dynamic({{t::kDtSoname, lib.soname}, {t::kDtStrtab, strtab_addr},
                               {t::kDtStrsz, lib.str.bytes().size()}, {t::kDtVerdef, verdef_addr},
                               {t::kDtVerdefnum, 4}, {t::kDtNull, 0}}),
                    0, 0, 8);
      b.add_load_segment(6);
      b.add_segment(t::kPtDynamic, ".dynamic", 6);
      b.omit_section_headers();
      Bytes out = b.build();
      return std::make_tuple(out, b.address_of(".dynstr"), b.address_of(".gnu.version_d"));
    };
    const auto layout = make(0, 0);  // the same layout either way
    const auto img = t::read_elf(std::get<0>(make(std::get<1>(layout), std::get<2>(layout))));
    ASSERT_TRUE(img.ok());
    EXPECT_TRUE(img->warnings.empty()) << img->warnings.front();
    EXPECT_EQ(img->elf->version_definitions, (Names{"DEMO_2.17", "DEMO_2.18", "DEMO_PRIVATE"}));
  }
}

TEST(ElfVersionDefinitions, DamagedLinksKeepWhatCameBefore) {
  Lib lib;
  ElfBuilder b(64, Endian::little, elf::EM_X86_64);
  Bytes verdef = b.version_definitions(lib.defs());
  // Definitions at 0 (base), 28, 56 (two Elf_Verdaux) and 92: the third one's vd_next jumps far
  // past the section.
  t::put_int(verdef, 56 + 16, 0x7fffffff, 4, Endian::little);
  auto img = t::read_elf(shared_library(64, Endian::little, verdef, 4));
  ASSERT_TRUE(img.ok());
  EXPECT_EQ(img->elf->version_definitions, (Names{"DEMO_2.17", "DEMO_2.18"}));
  ASSERT_EQ(img->warnings.size(), 1u);
  EXPECT_NE(img->warnings[0].find("runs past the end of .gnu.version_d"), std::string::npos) << img->warnings[0];

  // A vd_aux outside the section, and a vda_name outside the string table.
  verdef = b.version_definitions(lib.defs());
  t::put_int(verdef, 28 + 12, 0xfffffff0, 4, Endian::little);
  img = t::read_elf(shared_library(64, Endian::little, verdef, 4));
  ASSERT_TRUE(img.ok());
  EXPECT_TRUE(img->elf->version_definitions.empty());
  ASSERT_EQ(img->warnings.size(), 1u);
  EXPECT_NE(img->warnings[0].find("Elf_Verdaux"), std::string::npos) << img->warnings[0];

  verdef = b.version_definitions(lib.defs());
  t::put_int(verdef, 28 + 20, 0x10000, 4, Endian::little);
  img = t::read_elf(shared_library(64, Endian::little, verdef, 4));
  ASSERT_TRUE(img.ok());
  ASSERT_EQ(img->warnings.size(), 1u);
  EXPECT_NE(img->warnings[0].find("vda_name"), std::string::npos) << img->warnings[0];
}

TEST(ElfVersionDefinitions, HugeCountIsCapped) {
  // sh_info claims four billion definitions; each vd_next steps 20 bytes inside a large table,
  // so only the record cap ends the walk.
  Lib lib;
  ElfBuilder b(64, Endian::little, elf::EM_X86_64);
  std::vector<ElfBuilder::Verdef> many(limits::kMaxVersionEntries, {0, {lib.v217}});
  Bytes verdef = b.version_definitions(many);
  const auto img = t::read_elf(shared_library(64, Endian::little, verdef, 0xffffffff));
  ASSERT_TRUE(img.ok());
  // Each definition is two records (Elf_Verdef, Elf_Verdaux).
  EXPECT_EQ(img->elf->version_definitions.size(), limits::kMaxVersionEntries / 2);
  ASSERT_EQ(img->warnings.size(), 1u);
  EXPECT_NE(img->warnings[0].find("version records"), std::string::npos) << img->warnings[0];
}

}  // namespace
}  // namespace crossgo
