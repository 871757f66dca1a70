// ld.so.cache, the loader's cache flags and FreeBSD's ld-elf.so.hints (src/rootfs/): caches built
// here byte by byte as glibc's ldconfig lays them out (elf/cache.c save_cache), in every layout
// and both byte orders, damaged ones that must give errors or warnings naming offsets, and this
// machine's own /etc/ld.so.cache against `ldconfig -p`.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "crossgo/elf_constants.h"
#include "crossgo/ld_config.h"
#include "crossgo/limits.h"
#include "elf_builder.h"

namespace crossgo {
namespace {

using rootfs::LdCache;
using rootfs::parse_ld_cache;
using testing::append_int;
using testing::append_str;
using testing::Bytes;
using testing::pad_to;
using testing::put_int;
namespace flag = rootfs::ld_cache_flag;

struct Lib {
  std::string soname, path;
  int32_t flags = flag::kX8664Lib64 | flag::kElfLibc6;
  int hwcaps = -1;  // index into CacheSpec::hwcaps, or -1
  uint32_t isa_level = 0;
};

struct CacheSpec {
  std::vector<Lib> libs;
  std::vector<std::string> hwcaps;  // glibc-hwcaps subdirectory names
  std::string generator = "ldconfig (test) release version 2.42";
  uint8_t endian_flag = 2;  // cache_file_new.flags: 0 unset, 1 invalid, 2 little, 3 big
};

// The string table (offsets from its start) shared by both tables.
struct Strings {
  Bytes bytes;
  std::vector<std::pair<uint32_t, uint32_t>> libs;  // soname, path
  std::vector<uint32_t> hwcaps;
  explicit Strings(const CacheSpec& c) {
    for (const auto& l : c.libs) {
      const auto key = static_cast<uint32_t>(bytes.size());
      append_str(bytes, l.soname);
      const auto value = static_cast<uint32_t>(bytes.size());
      append_str(bytes, l.path);
      libs.emplace_back(key, value);
    }
    for (const auto& h : c.hwcaps) {
      hwcaps.push_back(static_cast<uint32_t>(bytes.size()));
      append_str(bytes, h);
    }
  }
};

// The new table at out.size(): header, entries, strings (offsets from the header), then the
// extension directory (offsets from the start of the file) at the next multiple of 4.
void append_new(Bytes& out, const CacheSpec& c, Endian e) {
  const Strings s(c);
  const auto n = static_cast<uint32_t>(c.libs.size());
  const uint32_t str_base = 48 + 24 * n;
  out.insert(out.end(), {'g', 'l', 'i', 'b', 'c', '-', 'l', 'd', '.', 's', 'o', '.', 'c', 'a', 'c', 'h', 'e', '1', '.', '1'});
  append_int(out, n, 4, e);
  append_int(out, s.bytes.size(), 4, e);
  out.push_back(c.endian_flag);
  out.insert(out.end(), 3, 0);
  const size_t ext_field = out.size();
  append_int(out, 0, 4, e);
  out.insert(out.end(), 12, 0);
  for (size_t i = 0; i < c.libs.size(); ++i) {
    const Lib& l = c.libs[i];
    append_int(out, static_cast<uint32_t>(l.flags), 4, e);
    append_int(out, str_base + s.libs[i].first, 4, e);
    append_int(out, str_base + s.libs[i].second, 4, e);
    append_int(out, 0, 4, e);
    const uint64_t hwcap = l.hwcaps < 0 ? 0
                                        : rootfs::kLdCacheHwcapExtension | (uint64_t{l.isa_level} << 32) |
                                              static_cast<uint64_t>(l.hwcaps);
    append_int(out, hwcap, 8, e);
  }
  out.insert(out.end(), s.bytes.begin(), s.bytes.end());
  pad_to(out, 4);
  const uint64_t ext = out.size();
  put_int(out, ext_field, ext, 4, e);
  const uint32_t sections = c.hwcaps.empty() ? 1 : 2;
  append_int(out, 0xeaa42174, 4, e);
  append_int(out, sections, 4, e);
  const uint64_t data = ext + 8 + 16 * sections;
  const uint64_t hwcaps_size = 4 * c.hwcaps.size();
  append_int(out, 0, 4, e);  // generator
  append_int(out, 0, 4, e);
  append_int(out, data + hwcaps_size, 4, e);
  append_int(out, c.generator.size(), 4, e);
  if (!c.hwcaps.empty()) {
    append_int(out, 1, 4, e);  // glibc-hwcaps
    append_int(out, 0, 4, e);
    append_int(out, data, 4, e);
    append_int(out, hwcaps_size, 4, e);
  }
  for (uint32_t off : s.hwcaps) append_int(out, str_base + off, 4, e);
  out.insert(out.end(), c.generator.begin(), c.generator.end());
}

Bytes new_cache(const CacheSpec& c, Endian e) {
  Bytes out;
  append_new(out, c, e);
  return out;
}

// The old table; with `embed`, the new one in its string table. `even` pads the old table to an
// even count, as glibc's ldconfig does so that the new header is 8-aligned on every machine.
Bytes old_cache(const CacheSpec& c, Endian e, bool embed, bool even = true) {
  Bytes out;
  const Strings s(c);
  const uint32_t n = static_cast<uint32_t>(c.libs.size());
  const uint32_t old_n = embed && even ? (n + 1) & ~1u : n;
  out.insert(out.end(), {'l', 'd', '.', 's', 'o', '-', '1', '.', '7', '.', '0', 0});
  append_int(out, old_n, 4, e);
  // Old offsets count from the end of the old entries; with the new table in between, its
  // header and entries come first.
  const uint32_t shift = embed ? 48 + 24 * n : 0;
  for (uint32_t i = 0; i < old_n; ++i) {
    const uint32_t j = i < n ? i : n - 1;
    append_int(out, static_cast<uint32_t>(c.libs[j].flags), 4, e);
    append_int(out, shift + s.libs[j].first, 4, e);
    append_int(out, shift + s.libs[j].second, 4, e);
  }
  if (embed) append_new(out, c, e);
  else out.insert(out.end(), s.bytes.begin(), s.bytes.end());
  return out;
}

CacheSpec sample() {
  CacheSpec c;
  c.hwcaps = {"x86-64-v3", "x86-64-v4"};
  c.libs = {{"libz.so.1", "/usr/lib/x86_64-linux-gnu/glibc-hwcaps/x86-64-v3/libz.so.1", 0x303, 0, 3},
            {"libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1"},
            {"libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6"},
            {"libc.so.6", "/lib32/libc.so.6", flag::kElfLibc6},
            {"libold.so.1", "/usr/lib/libold.so.1", flag::kElf}};
  return c;
}

void expect_sample(const LdCache& cache, bool with_hwcaps) {
  const CacheSpec c = sample();
  ASSERT_EQ(cache.entries.size(), c.libs.size());
  for (size_t i = 0; i < c.libs.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(cache.entries[i].soname, c.libs[i].soname);
    EXPECT_EQ(cache.entries[i].path, c.libs[i].path);
    EXPECT_EQ(cache.entries[i].flags, c.libs[i].flags);
  }
  if (with_hwcaps) {
    EXPECT_EQ(cache.entries[0].hwcaps_subdir, "x86-64-v3");
    EXPECT_EQ(cache.entries[0].hwcap, rootfs::kLdCacheHwcapExtension | (uint64_t{3} << 32));
    EXPECT_FALSE(cache.entries[1].hwcaps_subdir.has_value());
  }
}

std::string all(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

TEST(LdConfigCache, NewFormatBothByteOrders) {
  for (Endian e : {Endian::little, Endian::big}) {
    SCOPED_TRACE(e == Endian::little ? "little" : "big");
    CacheSpec c = sample();
    c.endian_flag = e == Endian::little ? 2 : 3;
    const auto r = parse_ld_cache(new_cache(c, e));
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_TRUE(r->new_format);
    EXPECT_FALSE(r->old_format);
    EXPECT_EQ(r->endian, e);
    EXPECT_TRUE(r->warnings.empty()) << all(r->warnings);
    EXPECT_EQ(r->generator, c.generator);
    expect_sample(*r, true);
  }
}

TEST(LdConfigCache, NewFormatWithoutByteOrderMarkIsGuessed) {
  // ldconfig before glibc 2.33 left cache_file_new.flags 0.
  for (Endian e : {Endian::little, Endian::big}) {
    CacheSpec c = sample();
    c.endian_flag = 0;
    const auto r = parse_ld_cache(new_cache(c, e));
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(r->endian, e);
    expect_sample(*r, true);
  }
}

TEST(LdConfigCache, OldFormatBothByteOrders) {
  for (Endian e : {Endian::little, Endian::big}) {
    const auto r = parse_ld_cache(old_cache(sample(), e, false));
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_TRUE(r->old_format);
    EXPECT_FALSE(r->new_format);
    EXPECT_EQ(r->endian, e);
    EXPECT_TRUE(r->warnings.empty()) << all(r->warnings);
    expect_sample(*r, false);
    EXPECT_EQ(r->entries[0].hwcap, 0u);
  }
}

TEST(LdConfigCache, CompatFormatReadsTheNewTable) {
  for (Endian e : {Endian::little, Endian::big}) {
    for (bool even : {true, false}) {
      SCOPED_TRACE(std::string(e == Endian::little ? "little" : "big") + (even ? " 8-aligned" : " 4-aligned"));
      CacheSpec c = sample();
      c.endian_flag = e == Endian::little ? 2 : 3;
      const Bytes bytes = old_cache(c, e, true, even);
      // Five entries: an odd old count puts the new header 4 bytes short of 8-alignment.
      const auto r = parse_ld_cache(bytes);
      ASSERT_TRUE(r.ok()) << r.error().to_string();
      EXPECT_TRUE(r->old_format);
      EXPECT_TRUE(r->new_format);
      EXPECT_EQ(r->endian, e);
      EXPECT_TRUE(r->warnings.empty()) << all(r->warnings);
      expect_sample(*r, true);
    }
  }
}

TEST(LdConfigCache, EmptyCaches) {
  CacheSpec c;
  auto r = parse_ld_cache(new_cache(c, Endian::little));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_TRUE(r->entries.empty());
  r = parse_ld_cache(old_cache(c, Endian::big, false));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_TRUE(r->entries.empty());
}

void expect_error(const Bytes& bytes, uint64_t offset, const std::string& words) {
  const auto r = parse_ld_cache(bytes);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().offset, offset) << r.error().to_string();
  EXPECT_NE(r.error().message.find(words), std::string::npos) << r.error().to_string();
}

TEST(LdConfigCache, MalformedHeadersAreErrorsAtTheirOffset) {
  expect_error({}, 0, "not an ld.so.cache");
  expect_error(Bytes{'E', 'L', 'F'}, 0, "not an ld.so.cache");
  const Bytes whole = new_cache(sample(), Endian::little);
  expect_error(Bytes(whole.begin(), whole.begin() + 30), 0, "truncated");
  expect_error(Bytes(whole.begin(), whole.begin() + 14), 0, "not an ld.so.cache");
  const Bytes old = old_cache(sample(), Endian::little, false);
  expect_error(Bytes(old.begin(), old.begin() + 12), 0, "truncated");

  // nlibs at 20: huge, and merely larger than the file.
  Bytes b = whole;
  put_int(b, 20, 0xffffffff, 4, Endian::little);
  expect_error(b, 20, "more than");
  b = whole;
  put_int(b, 20, 10000, 4, Endian::little);
  expect_error(b, 20, "does not fit");
  b = old;
  put_int(b, 12, 100000, 4, Endian::little);
  expect_error(b, 12, "does not fit");
  // The flags byte (28) says the cache is invalid.
  b = whole;
  b[28] = 1;
  expect_error(b, 28, "invalid");
}

TEST(LdConfigCache, BadEntriesAreSkippedWithTheirOffset) {
  const Bytes whole = new_cache(sample(), Endian::little);
  // Entry 1 (at 48 + 24): key past the end of the file; entry 2: value unterminated (points at
  // the generator text, which the file ends in without a NUL).
  Bytes b = whole;
  put_int(b, 48 + 24 + 4, 0x7fffffff, 4, Endian::little);
  put_int(b, 48 + 48 + 8, static_cast<uint32_t>(b.size() - 5), 4, Endian::little);
  const auto r = parse_ld_cache(b);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_EQ(r->entries.size(), 3u);
  EXPECT_EQ(r->entries[1].path, "/lib32/libc.so.6");
  ASSERT_EQ(r->warnings.size(), 2u) << all(r->warnings);
  EXPECT_NE(r->warnings[0].find("entry 1 at 0x48"), std::string::npos) << r->warnings[0];
  EXPECT_NE(r->warnings[0].find("past the end of the file"), std::string::npos) << r->warnings[0];
  EXPECT_NE(r->warnings[1].find("entry 2 at 0x60"), std::string::npos) << r->warnings[1];
  EXPECT_NE(r->warnings[1].find("unterminated"), std::string::npos) << r->warnings[1];
}

TEST(LdConfigCache, BadExtensionsLeaveHwcapsEntriesWithoutASubdirectory) {
  CacheSpec c = sample();
  c.endian_flag = 3;
  const Bytes whole = new_cache(c, Endian::big);
  // extension_offset at 32; the directory: magic, count, then the generator and glibc-hwcaps
  // sections (tag, flags, offset, size).
  const uint32_t ext = ByteReader(whole, Endian::big).u32(32);
  struct Case {
    uint64_t at;
    uint32_t value;
    const char* words;
  };
  for (const Case& k : {Case{32, ext + 2, "not a multiple of 4"}, Case{32, 0x7ffffff0, "past the end"},
                        Case{ext, 0x12345678, "magic"}, Case{ext + 4, 0x10000000, "run past the end"},
                        Case{ext + 8 + 16 + 8, 0x7fffffff, "runs past the end"},
                        Case{ext + 8 + 16 + 12, 6, "whole aligned words"}}) {
    SCOPED_TRACE(k.words);
    Bytes b = whole;
    put_int(b, k.at, k.value, 4, Endian::big);
    const auto r = parse_ld_cache(b);
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    ASSERT_EQ(r->entries.size(), 5u);
    EXPECT_FALSE(r->entries[0].hwcaps_subdir.has_value());
    ASSERT_FALSE(r->warnings.empty());
    EXPECT_NE(all(r->warnings).find(k.words), std::string::npos) << all(r->warnings);
  }
}

TEST(LdConfigCache, HwcapsIndexOutOfRange) {
  CacheSpec c = sample();
  c.libs[0].hwcaps = 7;
  const auto r = parse_ld_cache(new_cache(c, Endian::little));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->entries.size(), 5u);
  EXPECT_FALSE(r->entries[0].hwcaps_subdir.has_value());
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_NE(r->warnings[0].find("index 7 is past the 2"), std::string::npos) << r->warnings[0];
}

TEST(LdConfigCache, SharedLongStringsAreCappedInTotal) {
  // 20 000 entries naming the same 4 KiB strings would hold 160 MiB of copies.
  CacheSpec c;
  c.libs.push_back({std::string(4000, 's'), std::string(4000, 'p')});
  Bytes b = new_cache(c, Endian::little);
  const uint32_t n = 20000;
  Bytes out(b.begin(), b.begin() + 48);
  put_int(out, 20, n, 4, Endian::little);
  put_int(out, 32, 0, 4, Endian::little);  // no extensions
  const uint32_t str = 48 + 24 * n;
  for (uint32_t i = 0; i < n; ++i) {
    append_int(out, 0x303, 4, Endian::little);
    append_int(out, str, 4, Endian::little);
    append_int(out, str + 4001, 4, Endian::little);
    append_int(out, 0, 4, Endian::little);  // osversion_unused
    append_int(out, 0, 8, Endian::little);  // hwcap
  }
  append_str(out, c.libs[0].soname);
  append_str(out, c.libs[0].path);
  const auto r = parse_ld_cache(out);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_LT(r->entries.size(), n);
  EXPECT_GT(r->entries.size(), 8000u);
  ASSERT_FALSE(r->warnings.empty());
  EXPECT_NE(r->warnings.back().find("MiB"), std::string::npos) << r->warnings.back();
}

TEST(LdConfigCache, WarningsAreCapped) {
  CacheSpec c;
  for (int i = 0; i < 200; ++i) c.libs.push_back({"lib.so", "/lib/lib.so", 0x303, 9});  // no such hwcaps index
  const auto r = parse_ld_cache(new_cache(c, Endian::little));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->entries.size(), 200u);
  EXPECT_EQ(r->warnings.size(), limits::kMaxWarnings + 1);
}

// This machine's cache against glibc's own reader: same entries, in the same order, with the
// same flags, hwcaps subdirectories and generator.
std::string describe(const rootfs::LdCacheEntry& e) {
  // print_entry in elf/cache.c.
  std::string d;
  switch (e.flags & flag::kTypeMask) {
    case 0: d = "libc4"; break;
    case 1: d = "ELF"; break;
    case 2: d = "libc5"; break;
    case 3: d = "libc6"; break;
    default: d = "unknown or unsupported flag"; break;
  }
  switch (e.flags & flag::kRequiredMask) {
    case 0: break;
    case flag::kSparcLib64: case flag::kS390Lib64: case flag::kPowerpcLib64: case flag::kMips64LibN64: d += ",64bit"; break;
    case flag::kX8664Lib64: d += ",x86-64"; break;
    case flag::kMips64LibN32: d += ",N32"; break;
    case flag::kX8664LibX32: d += ",x32"; break;
    case flag::kArmLibHf: d += ",hard-float"; break;
    case flag::kAarch64Lib64: d += ",AArch64"; break;
    case flag::kArmLibSf: case flag::kRiscvFloatAbiSoft: case flag::kLarchFloatAbiSoft: d += ",soft-float"; break;
    case flag::kMipsLib32Nan2008: d += ",nan2008"; break;
    case flag::kMips64LibN32Nan2008: d += ",N32,nan2008"; break;
    case flag::kMips64LibN64Nan2008: d += ",64bit,nan2008"; break;
    case flag::kRiscvFloatAbiDouble: case flag::kLarchFloatAbiDouble: d += ",double-float"; break;
    default: d += "," + std::to_string(e.flags & flag::kRequiredMask); break;
  }
  if (e.hwcaps_subdir) {
    d += ", hwcap: \"" + *e.hwcaps_subdir + "\"";
  } else if (e.hwcap != 0) {
    char buf[32];
    std::snprintf(buf, sizeof buf, ", hwcap: 0x%016llx", static_cast<unsigned long long>(e.hwcap));
    d += buf;
  }
  return "\t" + e.soname + " (" + d + ") => " + e.path;
}

TEST(LdConfigCache, ThisMachinesCacheMatchesLdconfig) {
  const char* cache_path = "/etc/ld.so.cache";
  std::ifstream in(cache_path, std::ios::binary);
  if (!in) GTEST_SKIP() << "no " << cache_path;
  const Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string ldconfig;
  for (const char* p : {"/usr/sbin/ldconfig", "/sbin/ldconfig"}) {
    if (std::ifstream(p)) {
      ldconfig = p;
      break;
    }
  }
  if (ldconfig.empty()) GTEST_SKIP() << "no ldconfig";
  FILE* pipe = popen((ldconfig + " -p -C " + cache_path + " 2>/dev/null").c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::vector<std::string> lines;
  std::string generator;
  char buf[8192];
  while (std::fgets(buf, sizeof buf, pipe)) {
    std::string line(buf);
    if (!line.empty() && line.back() == '\n') line.pop_back();
    if (line.rfind("\t", 0) == 0) lines.push_back(line);
    else if (line.rfind("Cache generated by: ", 0) == 0) generator = line.substr(20);
  }
  ASSERT_EQ(pclose(pipe), 0);
  ASSERT_FALSE(lines.empty());

  const auto r = parse_ld_cache(bytes);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_TRUE(r->warnings.empty()) << all(r->warnings);
  std::vector<std::string> ours;
  for (const auto& e : r->entries) ours.push_back(describe(e));
  EXPECT_EQ(ours, lines);
  EXPECT_EQ(r->generator, generator);
}

// ---- cache flags ------------------------------------------------------------------------------

TEST(LdConfigFlags, DefaultIdsPerLoader) {
  using rootfs::ld_cache_default_id;
  struct Case {
    uint16_t machine;
    int bits;
    uint32_t e_flags;
    std::optional<int32_t> id;
  };
  const Case cases[] = {
      {elf::EM_X86_64, 64, 0, 0x303},  {elf::EM_X86_64, 32, 0, 0x803},     {elf::EM_386, 32, 0, 3},
      {elf::EM_AARCH64, 64, 0, 0xa03}, {elf::EM_AARCH64, 32, 0, std::nullopt},
      {elf::EM_ARM, 32, 0x05000400, 3}, {elf::EM_ARM, 32, 0x05000200, 3},
      {elf::EM_PPC64, 64, 1, 0x503},   {elf::EM_PPC64, 64, 2, 0x503},     {elf::EM_PPC, 32, 0, 3},
      {elf::EM_S390, 64, 0, 0x403},    {elf::EM_S390, 32, 0, 3},
      {elf::EM_SPARCV9, 64, 0, 0x103}, {elf::EM_SPARC, 32, 0, 3},         {50, 64, 0, 0x203},  // ia64
      {elf::EM_MIPS, 64, 0, 0x703},    {elf::EM_MIPS, 64, 0x400, 0xe03},  {elf::EM_MIPS, 32, 0x20, 0x603},
      {elf::EM_MIPS, 32, 0x420, 0xd03}, {elf::EM_MIPS, 32, 0, 3},          {elf::EM_MIPS, 32, 0x400, 0xc03},
      {elf::EM_RISCV, 64, 0x5, 0x1003}, {elf::EM_RISCV, 64, 0x1, 0xf03},   {elf::EM_RISCV, 64, 0x2, std::nullopt},
      {elf::EM_RISCV, 32, 0x4, 0x1003}, {elf::EM_RISCV, 64, 0x14, 0x1003},  // TSO: the loader is still lp64d
      {elf::EM_LOONGARCH, 64, 0x43, 0x1203}, {elf::EM_LOONGARCH, 64, 0x41, 0x1103},
      {elf::EM_LOONGARCH, 64, 0x42, std::nullopt},
      {0x9026, 64, 0, 3},  // alpha
      {0x1234, 64, 0, std::nullopt},   {elf::EM_X86_64, 16, 0, std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::to_string(c.machine) + "/" + std::to_string(c.bits) + "/" + std::to_string(c.e_flags));
    EXPECT_EQ(ld_cache_default_id(c.machine, c.bits, c.e_flags), c.id);
  }
}

TEST(LdConfigFlags, AcceptedEntries) {
  using rootfs::ld_cache_flags_accepted;
  EXPECT_TRUE(ld_cache_flags_accepted(0x303, elf::EM_X86_64, 64, 0));
  EXPECT_FALSE(ld_cache_flags_accepted(3, elf::EM_X86_64, 64, 0));
  EXPECT_FALSE(ld_cache_flags_accepted(0x803, elf::EM_X86_64, 64, 0));
  EXPECT_TRUE(ld_cache_flags_accepted(0x803, elf::EM_X86_64, 32, 0));
  // Generic: FLAG_ELF and FLAG_ELF_LIBC6.
  EXPECT_TRUE(ld_cache_flags_accepted(1, elf::EM_386, 32, 0));
  EXPECT_TRUE(ld_cache_flags_accepted(3, elf::EM_386, 32, 0));
  EXPECT_FALSE(ld_cache_flags_accepted(0x303, elf::EM_386, 32, 0));
  EXPECT_TRUE(ld_cache_flags_accepted(1, elf::EM_MIPS, 32, 0));
  EXPECT_FALSE(ld_cache_flags_accepted(3, elf::EM_MIPS, 32, 0x400));
  // ARM: the loader's float ABI, or unmarked.
  EXPECT_TRUE(ld_cache_flags_accepted(0x903, elf::EM_ARM, 32, 0x05000400));
  EXPECT_TRUE(ld_cache_flags_accepted(3, elf::EM_ARM, 32, 0x05000400));
  EXPECT_FALSE(ld_cache_flags_accepted(0xb03, elf::EM_ARM, 32, 0x05000400));
  EXPECT_FALSE(ld_cache_flags_accepted(1, elf::EM_ARM, 32, 0x05000400));
  EXPECT_TRUE(ld_cache_flags_accepted(0xb03, elf::EM_ARM, 32, 0x05000200));
  EXPECT_FALSE(ld_cache_flags_accepted(0x903, elf::EM_ARM, 32, 0x05000200));
  EXPECT_FALSE(ld_cache_flags_accepted(0x303, 0x1234, 64, 0));
}

TEST(LdConfigFlags, WhatLdconfigRecords) {
  using rootfs::ldconfig_library_flags;
  EXPECT_EQ(ldconfig_library_flags(elf::EM_ARM, 32, 0x05000400), 0x903);
  EXPECT_EQ(ldconfig_library_flags(elf::EM_ARM, 32, 0x05000200), 0xb03);
  EXPECT_EQ(ldconfig_library_flags(elf::EM_ARM, 32, 0x05000000), 3);
  EXPECT_EQ(ldconfig_library_flags(elf::EM_ARM, 32, 0x04000400), 3);  // not EABI5: no float marking
  EXPECT_EQ(ldconfig_library_flags(elf::EM_RISCV, 64, 0x5), 0x1003);
  EXPECT_EQ(ldconfig_library_flags(elf::EM_RISCV, 64, 0x14), std::nullopt);  // TSO: left out
  EXPECT_EQ(ldconfig_library_flags(elf::EM_LOONGARCH, 64, 0x43), 0x1203);
  EXPECT_EQ(ldconfig_library_flags(elf::EM_LOONGARCH, 64, 0x47), std::nullopt);
  EXPECT_EQ(ldconfig_library_flags(elf::EM_X86_64, 64, 0), 0x303);
  EXPECT_EQ(ldconfig_library_flags(elf::EM_MIPS, 32, 0x20), 0x603);
}

// ---- ld-elf.so.hints ---------------------------------------------------------------------------

Bytes hints(Endian e, std::string_view dirs, uint32_t version = 1) {
  Bytes out;
  append_int(out, 0x746e6845, 4, e);
  append_int(out, version, 4, e);
  append_int(out, 128, 4, e);               // strtab
  append_int(out, dirs.size() + 1, 4, e);   // strsize
  append_int(out, 0, 4, e);                 // dirlist
  append_int(out, dirs.size(), 4, e);       // dirlistlen
  out.resize(128, 0);
  append_str(out, dirs);
  return out;
}

TEST(LdConfigHints, BothByteOrders) {
  for (Endian e : {Endian::little, Endian::big}) {
    const auto r = rootfs::parse_elf_hints(hints(e, "/lib:/usr/lib::/usr/local/lib;/usr/lib/compat"));
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(*r, (std::vector<std::string>{"/lib", "/usr/lib", "/usr/local/lib", "/usr/lib/compat"}));
  }
  const auto empty = rootfs::parse_elf_hints(hints(Endian::little, ""));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(LdConfigHints, MalformedFilesAreErrorsAtTheirOffset) {
  auto expect = [](const Bytes& b, uint64_t offset, const std::string& words) {
    const auto r = rootfs::parse_elf_hints(b);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().offset, offset) << r.error().to_string();
    EXPECT_NE(r.error().message.find(words), std::string::npos) << r.error().to_string();
  };
  const Bytes good = hints(Endian::little, "/lib:/usr/lib");
  expect(Bytes(good.begin(), good.begin() + 100), 0, "truncated");
  Bytes b = good;
  b[0] = 'X';
  expect(b, 0, "magic");
  expect(hints(Endian::big, "/lib", 2), 4, "version 2");
  b = good;
  put_int(b, 20, 0xffffffff, 4, Endian::little);  // dirlistlen
  expect(b, 20, "past the end");
  b = good;
  put_int(b, 8, 0xfffffff0, 4, Endian::little);  // strtab
  expect(b, 20, "past the end");
  b = good;
  put_int(b, 20, 4, 4, Endian::little);  // "/lib" then ':' where the NUL should be
  expect(b, 128 + 4, "not NUL-terminated");
}

}  // namespace
}  // namespace crossgo
