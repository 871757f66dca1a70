// The ELF reader on small valid images built in memory (elf_builder.h): every field crossgo reports
// is checked against the value the builder wrote, in both classes and both byte orders.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "crossgo/elf_constants.h"
#include "crossgo/limits.h"
#include "crossgo/report.h"
#include "elf_builder.h"
#include "read_helpers.h"

namespace crossgo {
namespace {

using testing::append;
using testing::append_int;
using testing::append_str;
using testing::append_uleb;
using testing::Bytes;
using testing::ElfBuilder;
using testing::StrTab;
namespace t = crossgo::testing;

std::vector<uint8_t> as_bytes(std::string_view s) { return {s.begin(), s.end()}; }

// The reader through a MemorySource the result owns (read_helpers.h), so temporaries stay valid.
t::ReadImage read_kept(Bytes bytes) { return t::read_elf(std::move(bytes)); }
ArtifactReport inspect_bytes(const std::string& path, const Bytes& bytes) { return t::inspect_one(path, bytes); }

struct Variant {
  int bits;
  Endian endian;
  uint16_t machine;
  const char* goarch;
};

std::string variant_name(const ::testing::TestParamInfo<Variant>& info) {
  return "elf" + std::to_string(info.param.bits) + (info.param.endian == Endian::little ? "le" : "be") + "_" +
         info.param.goarch;
}

// A dynamically linked PIE with everything the dynamic-linking part of the reader looks at.
Bytes dynamic_pie(const Variant& v, bool extended_numbering = false) {
  ElfBuilder b(v.bits, v.endian, v.machine, elf::ET_DYN);
  StrTab str;
  const uint32_t libc = str.add("libc.so.6"), libm = str.add("libm.so.6"), soname = str.add("libdemo.so.1"),
                 rpath = str.add("/opt/a:/opt/b"), runpath = str.add("$ORIGIN/../lib");
  const uint32_t g229 = str.add("GLIBC_2.29"), g225 = str.add("GLIBC_2.2.5"), g234 = str.add("GLIBC_2.34"),
                 g24 = str.add("GLIBC_2.4");
  const uint32_t s_start = str.add("__libc_start_main"), s_sqrt = str.add("sqrt"), s_memcpy = str.add("memcpy"),
                 s_chk = str.add("__stack_chk_fail"), s_main = str.add("main");

  b.add_section(".interp", t::kShtProgbits, as_bytes(std::string_view("/lib/ld-linux.so.2\0", 19)));
  const uint32_t dynstr = b.add_section(".dynstr", t::kShtStrtab, str.bytes());
  Bytes syms = b.symbol(0, 0, 0, 0);
  append(syms, b.symbol(s_start, 0));
  append(syms, b.symbol(s_sqrt, 0));
  append(syms, b.symbol(s_memcpy, 0));
  append(syms, b.symbol(s_chk, 0));
  append(syms, b.symbol(s_main, 7, 0x401000));  // defined: not an import
  const uint32_t dynsym = b.add_section(".dynsym", t::kShtDynsym, syms, dynstr, 1, 8, v.bits == 64 ? 24 : 16);
  // Version indexes: libm GLIBC_2.29 = 2, libc GLIBC_2.2.5 = 3, GLIBC_2.34 = 4, GLIBC_2.4 = 5.
  Bytes versym;
  for (int idx : {0, 4, 2, 3, 5, 1}) append_int(versym, idx, 2, v.endian);
  b.add_section(".gnu.version", t::kShtGnuVersym, versym, dynsym, 0, 2, 2);
  b.add_section(".gnu.version_r", t::kShtGnuVerneed,
                b.version_needs({{libm, {{g229, 2}}}, {libc, {{g225, 3}, {g234, 4}, {g24, 5}}}}), dynstr, 2, 8);
  b.add_section(".dynamic", t::kShtDynamic,
                b.dynamic({{t::kDtNeeded, libc}, {t::kDtNeeded, libm}, {t::kDtSoname, soname},
                           {t::kDtRpath, rpath}, {t::kDtRunpath, runpath}, {t::kDtFlags, 0x8},
                           {t::kDtFlags1, 0x08000001}, {t::kDtNull, 0}}),
                dynstr, 0, 8, v.bits == 64 ? 16 : 8);
  b.add_section(".note.gnu.build-id", t::kShtNote, b.note("GNU", 3, {0xde, 0xad, 0xbe, 0xef, 0x01, 0x02}), 0, 0, 4);
  b.add_section(".note.ABI-tag", t::kShtNote, b.note("GNU", 1, b.words32({0, 3, 2, 0})), 0, 0, 4);
  b.add_load_segment();
  b.add_segment(t::kPtInterp, ".interp");
  b.add_segment(t::kPtDynamic, ".dynamic", 6);
  b.add_segment(t::kPtNote, ".note.ABI-tag");
  b.add_segment(t::kPtGnuStack, "", 6);
  b.add_segment(t::kPtGnuRelro, ".dynamic");
  if (extended_numbering) b.use_extended_numbering();
  return b.build();
}

class ElfBothClasses : public ::testing::TestWithParam<Variant> {};

TEST_P(ElfBothClasses, ReadsDynamicLinkingFacts) {
  const Variant v = GetParam();
  const Bytes file = dynamic_pie(v);
  const auto img = read_kept(file);
  ASSERT_TRUE(img.ok()) << img.error().to_string();
  EXPECT_EQ(img->bits, v.bits);
  EXPECT_EQ(img->endian, v.endian);
  EXPECT_EQ(img->elf->machine, v.machine);
  EXPECT_TRUE(img->machine.ends_with(" (" + std::to_string(v.machine) + ")")) << img->machine;
  EXPECT_EQ(img->elf->type, elf::ET_DYN);
  EXPECT_EQ(img->entry, t::kBaseAddress + 0x100);
  EXPECT_TRUE(img->warnings.empty()) << img->warnings.front();
  ASSERT_EQ(img->sections.size(), 10u);  // null, 8 built, .shstrtab
  EXPECT_EQ(img->sections[1].name, ".interp");
  EXPECT_EQ(img->sections[9].name, ".shstrtab");
  // Every program header is in the ELF details; the neutral segments are the PT_LOAD ranges only.
  ASSERT_EQ(img->elf->program_headers.size(), 6u);
  EXPECT_EQ(img->elf->program_headers[0].type, elf::PT_LOAD);
  EXPECT_EQ(img->elf->program_headers[1].type, elf::PT_INTERP);
  EXPECT_EQ(img->elf->program_headers[2].type, elf::PT_DYNAMIC);
  ASSERT_EQ(img->segments.size(), 1u);
  EXPECT_TRUE(img->segments[0].read);
  EXPECT_FALSE(img->segments[0].write);
  EXPECT_TRUE(img->segments[0].exec);
  EXPECT_EQ(img->segments[0].offset, 0u);
  EXPECT_EQ(img->segments[0].filesz, file.size());
  EXPECT_EQ(img->kind, ObjectKind::executable);
  EXPECT_TRUE(img->position_independent);

  EXPECT_EQ(img->interpreter, "/lib/ld-linux.so.2");
  EXPECT_TRUE(img->elf->has_dynamic);
  EXPECT_EQ(img->library_names(), (std::vector<std::string>{"libc.so.6", "libm.so.6"}));
  EXPECT_EQ(img->soname, "libdemo.so.1");
  EXPECT_EQ(img->rpath, (std::vector<std::string>{"/opt/a", "/opt/b"}));
  EXPECT_EQ(img->runpath, (std::vector<std::string>{"$ORIGIN/../lib"}));
  EXPECT_EQ(img->elf->dt_flags, 0x8u);
  EXPECT_EQ(img->elf->dt_flags_1, 0x08000001u);

  ASSERT_EQ(img->elf->version_needs.size(), 4u);
  const std::vector<std::vector<std::string>> want = {{"libm.so.6", "GLIBC_2.29", "sqrt"},
                                                      {"libc.so.6", "GLIBC_2.2.5", "memcpy"},
                                                      {"libc.so.6", "GLIBC_2.34", "__libc_start_main"},
                                                      {"libc.so.6", "GLIBC_2.4", "__stack_chk_fail"}};
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(img->elf->version_needs[i].file, want[i][0]);
    EXPECT_EQ(img->elf->version_needs[i].version, want[i][1]);
    EXPECT_EQ(img->elf->version_needs[i].symbol, want[i][2]);
  }

  ASSERT_EQ(img->elf->notes.size(), 2u);
  EXPECT_EQ(img->elf->notes[0].owner, "GNU");
  EXPECT_EQ(img->elf->notes[0].type, 3u);
  EXPECT_EQ(Bytes(img->elf->notes[0].desc.begin(), img->elf->notes[0].desc.end()), (Bytes{0xde, 0xad, 0xbe, 0xef, 1, 2}));
  EXPECT_EQ(img->elf->notes[0].section, ".note.gnu.build-id");
  EXPECT_EQ(img->elf->notes[1].section, ".note.ABI-tag");
  EXPECT_EQ(img->elf->notes[1].desc.size(), 16u);
}

TEST_P(ElfBothClasses, InspectReportsGlibcFloorHardeningAndOs) {
  const Variant v = GetParam();
  const ArtifactReport r = inspect_bytes("pie", dynamic_pie(v));
  ASSERT_FALSE(r.error.has_value()) << r.error->to_string();
  ASSERT_TRUE(r.hardening.has_value());
  EXPECT_EQ(r.format, "elf");
  EXPECT_EQ(r.bits, v.bits);
  EXPECT_EQ(r.endian, v.endian == Endian::little ? "little" : "big");
  EXPECT_EQ(r.goarch, v.goarch);
  EXPECT_EQ(r.kind, "pie-executable");
  EXPECT_EQ(r.linkage, "dynamic");
  // Highest by numeric comparison: 2.34 > 2.29 > 2.4 > 2.2.5 (a string sort would pick 2.4).
  ASSERT_TRUE(r.min_glibc.has_value());
  EXPECT_EQ(r.min_glibc->version, "2.34");
  EXPECT_EQ(r.min_glibc->symbol, "__libc_start_main");
  EXPECT_EQ(r.hardening->gnu_build_id, "deadbeef0102");
  EXPECT_EQ(r.hardening->relro, "full");
  EXPECT_EQ(r.hardening->nx_stack, true);
  EXPECT_EQ(r.hardening->pie, true);
  EXPECT_EQ(r.goos, "linux");
  EXPECT_EQ(r.libc.flavour, "glibc");
}

TEST_P(ElfBothClasses, ExtendedNumberingReadsTheSameImage) {
  const Variant v = GetParam();
  const auto plain = read_kept(dynamic_pie(v));
  const Bytes file = dynamic_pie(v, true);
  // The header really uses the escapes.
  const size_t rest = v.bits == 64 ? 48 : 36;
  ByteReader hdr(file, v.endian);
  ASSERT_EQ(hdr.u16(rest + 8), 0xffff);
  ASSERT_EQ(hdr.u16(rest + 12), 0);
  ASSERT_EQ(hdr.u16(rest + 14), 0xffff);
  const auto xnum = read_kept(file);
  ASSERT_TRUE(plain.ok() && xnum.ok());
  EXPECT_TRUE(xnum->warnings.empty()) << xnum->warnings.front();
  ASSERT_EQ(xnum->sections.size(), plain->sections.size());
  for (size_t i = 0; i < plain->sections.size(); ++i) EXPECT_EQ(xnum->sections[i].name, plain->sections[i].name);
  EXPECT_EQ(xnum->segments.size(), plain->segments.size());
  EXPECT_EQ(xnum->elf->program_headers.size(), plain->elf->program_headers.size());
  EXPECT_EQ(xnum->interpreter, plain->interpreter);
  EXPECT_EQ(xnum->library_names(), plain->library_names());
  EXPECT_EQ(xnum->elf->notes.size(), plain->elf->notes.size());
}

INSTANTIATE_TEST_SUITE_P(Variants, ElfBothClasses,
                         ::testing::Values(Variant{64, Endian::little, elf::EM_X86_64, "amd64"},
                                           Variant{64, Endian::big, elf::EM_PPC64, "ppc64"},
                                           Variant{32, Endian::little, elf::EM_386, "386"},
                                           Variant{32, Endian::big, elf::EM_MIPS, "mips"}),
                         variant_name);

TEST(ElfReader, ExtendedNumberingWithMoreThan0xff00Sections) {
  ElfBuilder b(64, Endian::little, elf::EM_AARCH64, elf::ET_REL);
  constexpr uint32_t kFiller = 0xff10;
  for (uint32_t i = 0; i < kFiller; ++i) b.add_section(".f", t::kShtProgbits, {});
  b.add_section(".note.last", t::kShtNote, b.note("GNU", 3, {7, 7}), 0, 0, 4);
  b.use_extended_numbering();
  const auto img = read_kept(b.build());
  ASSERT_TRUE(img.ok()) << img.error().to_string();
  ASSERT_EQ(img->sections.size(), kFiller + 3u);  // null, fillers, note, .shstrtab
  EXPECT_EQ(img->sections[kFiller].name, ".f");
  EXPECT_EQ(img->sections[kFiller + 1].name, ".note.last");
  EXPECT_EQ(img->sections[kFiller + 2].name, ".shstrtab");
  ASSERT_EQ(img->elf->notes.size(), 1u);
  EXPECT_EQ(img->elf->notes[0].section, ".note.last");
  EXPECT_TRUE(img->warnings.empty());
}

// --- notes ----------------------------------------------------------------------------------

Bytes exe_with_note(const Bytes& note, uint8_t osabi = 0) {
  ElfBuilder b(64, Endian::little, elf::EM_X86_64, elf::ET_EXEC);
  b.set_osabi(osabi);
  b.add_section(".note.test", t::kShtNote, note, 0, 0, 4);
  b.add_load_segment();
  return b.build();
}

TEST(ElfNotes, GoBuildIdNote) {
  ElfBuilder b(64, Endian::little, elf::EM_X86_64);
  // The Go linker writes the owner as "Go\0\0" (namesz 4) and type 4 (ELF_NOTE_GOBUILDID_TAG).
  const Bytes file = exe_with_note(b.note(std::string_view("Go\0", 3), 4, as_bytes("abcDEF/123-x_y/zz")));
  const auto img = read_kept(file);
  ASSERT_TRUE(img.ok());
  ASSERT_EQ(img->elf->notes.size(), 1u);
  EXPECT_EQ(img->elf->notes[0].owner, "Go");
  EXPECT_EQ(img->elf->notes[0].type, 4u);
  const ArtifactReport r = inspect_bytes("go", file);
  ASSERT_TRUE(r.go.has_value());
  EXPECT_EQ(r.go->build_id, "abcDEF/123-x_y/zz");
}

TEST(ElfNotes, GnuAbiTagSaysLinux) {
  ElfBuilder b(64, Endian::little, elf::EM_X86_64);
  const ArtifactReport r = inspect_bytes("abi", exe_with_note(b.note("GNU", 1, b.words32({0, 3, 2, 0}))));
  EXPECT_EQ(r.goos, "linux");
  ASSERT_FALSE(r.os_evidence.empty());
  EXPECT_EQ(r.os_evidence[0], "note GNU ABI tag: Linux");
}

TEST(ElfNotes, BsdAndAndroidIdentNotes) {
  ElfBuilder b(64, Endian::little, elf::EM_X86_64);
  struct Case {
    const char* owner;
    uint32_t desc;
    uint8_t osabi;
    const char* goos;
  };
  for (const Case& c : {Case{"FreeBSD", 1300139, 9, "freebsd"}, Case{"NetBSD", 1000000000, 0, "netbsd"},
                        Case{"OpenBSD", 0, 0, "openbsd"}, Case{"Android", 30, 0, "android"}}) {
    SCOPED_TRACE(c.owner);
    const Bytes file = exe_with_note(b.note(c.owner, 1, b.words32({c.desc})), c.osabi);
    const auto img = read_kept(file);
    ASSERT_TRUE(img.ok());
    ASSERT_EQ(img->elf->notes.size(), 1u);
    EXPECT_EQ(img->elf->notes[0].owner, c.owner);
    ByteReader desc(img->elf->notes[0].desc, Endian::little);
    EXPECT_EQ(desc.u32(0), c.desc);
    const ArtifactReport r = inspect_bytes(c.owner, file);
    EXPECT_EQ(r.goos, c.goos);
  }
  const ArtifactReport android = inspect_bytes("a", exe_with_note(b.note("Android", 1, b.words32({30}))));
  ASSERT_FALSE(android.os_evidence.empty());
  EXPECT_NE(android.os_evidence[0].find("API level 30"), std::string::npos) << android.os_evidence[0];
}

TEST(ElfNotes, EightByteAlignedNotesAndPtNoteFallback) {
  ElfBuilder b(64, Endian::little, elf::EM_X86_64);
  // GNU property notes use 8-byte alignment for name and descriptor (sh_addralign 8).
  Bytes notes = b.note("GNU", 5, Bytes(12, 0xaa), 8);
  append(notes, b.note("GNU", 3, {1, 2, 3}, 8));
  b.add_section(".note.gnu.property", t::kShtNote, notes, 0, 0, 8);
  b.add_load_segment();
  auto img = read_kept(b.build());
  ASSERT_TRUE(img.ok());
  ASSERT_EQ(img->elf->notes.size(), 2u);
  EXPECT_EQ(img->elf->notes[0].desc.size(), 12u);
  EXPECT_EQ(img->elf->notes[1].type, 3u);
  EXPECT_EQ(img->elf->notes[1].desc.size(), 3u);

  // Without section headers the notes are found through PT_NOTE.
  ElfBuilder s(32, Endian::big, elf::EM_MIPS, elf::ET_EXEC);
  s.add_section(".note.netbsd.ident", t::kShtNote, s.note("NetBSD", 1, s.words32({900000000})), 0, 0, 4);
  s.add_segment(t::kPtNote, ".note.netbsd.ident");
  s.omit_section_headers();
  img = read_kept(s.build());
  ASSERT_TRUE(img.ok());
  EXPECT_TRUE(img->sections.empty());
  ASSERT_EQ(img->elf->notes.size(), 1u);
  EXPECT_EQ(img->elf->notes[0].owner, "NetBSD");
  EXPECT_EQ(img->elf->notes[0].section, "");
  EXPECT_EQ(ByteReader(img->elf->notes[0].desc, Endian::big).u32(0), 900000000u);
}

// --- ARM attributes -------------------------------------------------------------------------

// "A", one "aeabi" subsection with a Tag_Section block (skipped) and a Tag_File block.
Bytes arm_attributes(uint64_t vfp_args) {
  Bytes file_attrs;
  append_uleb(file_attrs, 5);  // Tag_CPU_name: string
  append_str(file_attrs, "7-A");
  append_uleb(file_attrs, 6);  // Tag_CPU_arch: v7
  append_uleb(file_attrs, 10);
  append_uleb(file_attrs, 32);  // Tag_compatibility: flag, then a string
  append_uleb(file_attrs, 0);
  append_str(file_attrs, "");
  append_uleb(file_attrs, 10);  // Tag_FP_arch: VFPv3
  append_uleb(file_attrs, 3);
  append_uleb(file_attrs, 67);  // Tag_conformance: string
  append_str(file_attrs, "2.09");
  append_uleb(file_attrs, 28);  // Tag_ABI_VFP_args
  append_uleb(file_attrs, vfp_args);
  Bytes sub;
  append_str(sub, "aeabi");
  Bytes section_block = {2};  // Tag_Section: its attributes must not be taken for the file's
  append_int(section_block, 5 + 4 + 2, 4, Endian::little);
  append_int(section_block, 1, 4, Endian::little);  // section number list
  section_block.push_back(28);
  section_block.push_back(1);
  append(sub, section_block);
  sub.push_back(1);  // Tag_File
  append_int(sub, 5 + file_attrs.size(), 4, Endian::little);
  append(sub, file_attrs);
  Bytes out = {'A'};
  append_int(out, 4 + sub.size(), 4, Endian::little);
  append(out, sub);
  // A second vendor's subsection, which the reader skips.
  Bytes gnu;
  append_str(gnu, "gnu");
  gnu.insert(gnu.end(), {0xff, 0xff, 0xff});
  append_int(out, 4 + gnu.size(), 4, Endian::little);
  append(out, gnu);
  return out;
}

Bytes arm_exe(uint64_t vfp_args, uint32_t eflags) {
  ElfBuilder b(32, Endian::little, elf::EM_ARM, elf::ET_EXEC);
  b.set_flags(eflags);
  t::ElfBuilder::Section s;
  s.name = ".ARM.attributes";
  s.type = t::kShtArmAttributes;
  s.data = arm_attributes(vfp_args);
  s.flags = 0;
  b.add_section(std::move(s));
  b.add_load_segment();
  return b.build();
}

TEST(ElfArmAttributes, VfpArgsCpuArchAndFpArch) {
  const auto img = read_kept(arm_exe(1, 0x05000000));
  ASSERT_TRUE(img.ok());
  EXPECT_TRUE(img->warnings.empty()) << img->warnings.front();
  EXPECT_EQ(img->elf->arm_vfp_args, 1u);
  EXPECT_EQ(img->elf->arm_cpu_arch, 10u);
  EXPECT_EQ(img->elf->arm_fp_arch, 3u);
  const ArtifactReport r = inspect_bytes("arm", arm_exe(1, 0x05000000));
  EXPECT_EQ(r.goarch, "arm");
  EXPECT_EQ(r.arch_flags.at("float_abi"), "hard");
  EXPECT_EQ(r.arch_flags.at("arm_cpu_arch"), "v7");
  EXPECT_EQ(r.arch_flags.at("arm_eabi"), "5");
}

TEST(ElfArmAttributes, AttributeWinsOverHeaderFlag) {
  // e_flags says hard float (EF_ARM_ABI_FLOAT_HARD) but Tag_ABI_VFP_args says base (soft).
  const auto img = read_kept(arm_exe(0, 0x05000400));
  ASSERT_TRUE(img.ok());
  EXPECT_EQ(img->elf->arm_vfp_args, 0u);
  EXPECT_EQ(inspect_bytes("arm", arm_exe(0, 0x05000400)).arch_flags.at("float_abi"), "soft");
}

TEST(ElfArmAttributes, ValuesBeyond32BitsAreNotTruncatedIntoKnownOnes) {
  // 2^32 + 1 must not read as 1 ("hard").
  const auto img = read_kept(arm_exe((uint64_t{1} << 32) + 1, 0x05000000));
  ASSERT_TRUE(img.ok());
  EXPECT_EQ(img->elf->arm_vfp_args, UINT32_MAX);
}

// --- dynamic tables without section headers, and the caps ----------------------------------

TEST(ElfDynamic, SectionlessFileFindsStringsThroughDtStrtab) {
  for (int bits : {32, 64}) {
    SCOPED_TRACE(bits);
    StrTab str;
    const uint32_t musl = str.add("libc.musl-x86_64.so.1"), so = str.add("libz.so.1");
    auto make = [&](uint64_t strtab_addr) {
      ElfBuilder b(bits, Endian::little, bits == 64 ? elf::EM_X86_64 : elf::EM_386, elf::ET_DYN);
      b.add_section(".dynstr", t::kShtStrtab, str.bytes());
      b.add_section(".dynamic", t::kShtDynamic,
                    b.dynamic({{t::kDtNeeded, musl}, {t::kDtSoname, so}, {t::kDtStrtab, strtab_addr},
                               {t::kDtStrsz, str.bytes().size()}, {t::kDtNull, 0}}),
                    0, 0, 8);
      b.add_load_segment(6);
      b.add_segment(t::kPtDynamic, ".dynamic", 6);
      b.omit_section_headers();
      Bytes out = b.build();
      return std::make_pair(out, b.address_of(".dynstr"));
    };
    const uint64_t addr = make(0).second;  // same layout either way
    const auto img = read_kept(make(addr).first);
    ASSERT_TRUE(img.ok());
    EXPECT_TRUE(img->warnings.empty()) << img->warnings.front();
    EXPECT_EQ(img->library_names(), std::vector<std::string>{"libc.musl-x86_64.so.1"});
    EXPECT_EQ(img->soname, "libz.so.1");
  }
}

TEST(ElfDynamic, SearchPathsAreCapped) {
  ElfBuilder b(64, Endian::little, elf::EM_X86_64);
  StrTab str;
  const uint32_t colons = str.add(std::string(3000, ':'));  // 3001 empty entries
  const uint32_t dynstr = b.add_section(".dynstr", t::kShtStrtab, str.bytes());
  b.add_section(".dynamic", t::kShtDynamic,
                b.dynamic({{t::kDtRpath, colons}, {t::kDtRpath, colons}, {t::kDtNull, 0}}), dynstr, 0, 8, 16);
  const auto img = read_kept(b.build());
  ASSERT_TRUE(img.ok());
  EXPECT_EQ(img->rpath.size(), limits::kMaxSearchPaths);
  ASSERT_EQ(img->warnings.size(), 1u);
  EXPECT_NE(img->warnings[0].find("more than 4096 search path entries"), std::string::npos) << img->warnings[0];
}

TEST(ElfVersions, RecordWalkIsCapped) {
  ElfBuilder b(64, Endian::little, elf::EM_X86_64);
  StrTab str;
  const uint32_t libc = str.add("libc.so.6"), v = str.add("GLIBC_2.17");
  const uint32_t dynstr = b.add_section(".dynstr", t::kShtStrtab, str.bytes());
  std::vector<ElfBuilder::Vernaux> aux(limits::kMaxVersionEntries + 10, {v, 2});
  b.add_section(".gnu.version_r", t::kShtGnuVerneed, b.version_needs({{libc, aux}}), dynstr, 1, 8);
  const auto img = read_kept(b.build());
  ASSERT_TRUE(img.ok());
  // The Elf_Verneed record counts as one of the records walked.
  EXPECT_EQ(img->elf->version_needs.size(), limits::kMaxVersionEntries - 1);
  ASSERT_EQ(img->warnings.size(), 1u);
  EXPECT_NE(img->warnings[0].find("more than 4096 version records"), std::string::npos) << img->warnings[0];
}

TEST(ElfVersions, NeedsSharingAnIndexAllNameTheFirstSymbol) {
  ElfBuilder b(64, Endian::little, elf::EM_X86_64);
  StrTab str;
  const uint32_t libc = str.add("libc.so.6"), v = str.add("GLIBC_2.17"), first = str.add("first"),
                 second = str.add("second");
  const uint32_t dynstr = b.add_section(".dynstr", t::kShtStrtab, str.bytes());
  Bytes syms = b.symbol(0, 0, 0, 0);
  append(syms, b.symbol(first, 0));
  append(syms, b.symbol(second, 0));
  const uint32_t dynsym = b.add_section(".dynsym", t::kShtDynsym, syms, dynstr, 1, 8, 24);
  Bytes versym;
  for (int idx : {0, 2, 2}) append_int(versym, idx, 2, Endian::little);
  b.add_section(".gnu.version", t::kShtGnuVersym, versym, dynsym, 0, 2, 2);
  b.add_section(".gnu.version_r", t::kShtGnuVerneed,
                b.version_needs({{libc, std::vector<ElfBuilder::Vernaux>(50, {v, 2})}}), dynstr, 1, 8);
  const auto img = read_kept(b.build());
  ASSERT_TRUE(img.ok());
  ASSERT_EQ(img->elf->version_needs.size(), 50u);
  for (const auto& need : img->elf->version_needs) EXPECT_EQ(need.symbol, "first");
}

TEST(ElfReader, WarningsAreCapped) {
  ElfBuilder b(64, Endian::little, elf::EM_X86_64);
  for (int i = 0; i < 100; ++i) {
    t::ElfBuilder::Section s;
    s.name = ".big";
    s.type = t::kShtProgbits;
    s.size_override = uint64_t{1} << 40;  // past the end of the file
    b.add_section(std::move(s));
  }
  const auto img = read_kept(b.build());
  ASSERT_TRUE(img.ok());
  ASSERT_EQ(img->warnings.size(), limits::kMaxWarnings + 1);
  EXPECT_NE(img->warnings[0].find("section 1 at offset"), std::string::npos) << img->warnings[0];
  EXPECT_EQ(img->warnings.back(), "36 further warnings suppressed");
  EXPECT_FALSE(img->sections[1].has_file_data);
}

TEST(ElfReader, NobitsSectionsHaveNoFileData) {
  ElfBuilder b(32, Endian::little, elf::EM_386, elf::ET_EXEC);
  t::ElfBuilder::Section bss;
  bss.name = ".bss";
  bss.type = t::kShtNobits;
  bss.size_override = 0x100000;  // far bigger than the file: fine for NOBITS
  bss.flags = 3;
  b.add_section(std::move(bss));
  const auto img = read_kept(b.build());
  ASSERT_TRUE(img.ok());
  EXPECT_TRUE(img->warnings.empty());
  ASSERT_EQ(img->sections.size(), 3u);
  EXPECT_EQ(img->sections[1].name, ".bss");
  EXPECT_FALSE(img->sections[1].has_file_data);
  EXPECT_EQ(img->sections[1].size, 0x100000u);
}

// --- Go binaries without a pclntab ---------------------------------------------------------

// Intentional change: without a pclntab, cgo is decided from the symbol tables the reader walks
// (Image::visit_symbols over .symtab and .dynsym): runtime/cgo's C symbols are the evidence.
TEST(ElfGo, CgoFromTheSymbolTableWithoutAPclntab) {
  for (bool with_cgo : {true, false}) {
    SCOPED_TRACE(with_cgo);
    ElfBuilder b(64, Endian::little, elf::EM_X86_64, elf::ET_EXEC);
    b.add_section(".note.go.buildid", t::kShtNote, b.note(std::string_view("Go\0", 3), 4, as_bytes("id/one/two")), 0, 0, 4);
    StrTab str;
    const uint32_t s_main = str.add("main.main"), s_cgo = str.add(with_cgo ? "x_cgo_init" : "x_cgo_initx");
    const uint32_t strtab = b.add_section(".strtab", t::kShtStrtab, str.bytes(), 0, 0, 1);
    Bytes syms = b.symbol(0, 0, 0, 0);
    append(syms, b.symbol(s_main, 1, 0x401000));
    append(syms, b.symbol(s_cgo, 1, 0x402000));
    t::ElfBuilder::Section symtab;
    symtab.name = ".symtab";
    symtab.type = t::kShtSymtab;
    symtab.data = syms;
    symtab.link = strtab;
    symtab.info = 1;
    symtab.align = 8;
    symtab.entsize = 24;
    symtab.flags = 0;
    b.add_section(std::move(symtab));
    b.add_load_segment();
    const Bytes file = b.build();
    const auto img = read_kept(file);
    ASSERT_TRUE(img.ok()) << img.error().to_string();
    EXPECT_TRUE(img->has_symtab);
    ASSERT_TRUE(img->visit_symbols);
    std::vector<std::string> names;
    img->visit_symbols([&](const SymbolRef& s) {
      names.emplace_back(s.name);
      return false;
    });
    EXPECT_NE(std::find(names.begin(), names.end(), "main.main"), names.end());
    const ArtifactReport r = inspect_bytes("go", file);
    ASSERT_TRUE(r.go.has_value());
    EXPECT_EQ(r.go->build_id, "id/one/two");
    if (with_cgo) {
      EXPECT_EQ(r.go->cgo.linked, true);
      EXPECT_EQ(r.go->cgo.evidence, std::vector<std::string>{"symbol x_cgo_init"});
    } else {
      EXPECT_FALSE(r.go->cgo.linked.has_value());
      EXPECT_EQ(r.go->cgo.evidence,
                std::vector<std::string>{"no pclntab found, and the symbol tables have no runtime/cgo symbols"});
    }
  }
}

}  // namespace
}  // namespace crossgo
