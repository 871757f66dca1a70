// glibc's /etc/ld.so.cache as ldconfig writes it and the loader reads it. Facts from glibc 2.42:
// sysdeps/generic/dl-cache.h (the structures, cache_extension_load), elf/cache.c (save_cache,
// print_cache: where each offset is measured from) and elf/dl-cache.c (_dl_load_cache_lookup:
// which of the three layouts a file is, and what the loader trusts in it).
//
// Three layouts exist: the old "ld.so-1.7.0" table alone (libc5, glibc 2.0 and 2.1), the new
// "glibc-ld.so.cache1.1" table alone (ldconfig's default since glibc 2.32), and the new one hidden
// in the old one's string table (ldconfig -c compat). With both, the loader reads only the new
// table, so that is what is returned.
//
// The file may be another machine's (a root filesystem of another architecture), so the byte
// order is the cache's own: the new header's flags byte names it when ldconfig was 2.33 or later
// (glibc bug 27008), otherwise it is the order in which the counts and offsets make sense.
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <map>
#include <string>
#include <string_view>

#include "crossgo/byte_source.h"
#include "crossgo/hex.h"
#include "crossgo/layout.h"
#include "crossgo/ld_config.h"
#include "crossgo/limits.h"

namespace crossgo::rootfs {
namespace {

constexpr std::string_view kOldMagic = "ld.so-1.7.0";           // CACHEMAGIC
constexpr std::string_view kNewMagic = "glibc-ld.so.cache1.1";  // CACHEMAGIC_NEW CACHE_VERSION
constexpr uint32_t kExtensionMagic = 0xeaa42174;                // cache_extension_magic, (uint32_t) -358342284
constexpr uint32_t kTagGenerator = 0, kTagGlibcHwcaps = 1;      // enum cache_extension_tag

// struct cache_file: the 11 magic bytes, then nlibs at its natural 4-byte alignment.
struct OldHeader {
  Field<11> magic;
  F8 pad;
  F32 nlibs;
};
struct OldEntry {  // struct file_entry
  F32 flags, key, value;
};
struct NewHeader {  // struct cache_file_new
  Field<17> magic;
  Field<3> version;
  F32 nlibs, len_strings;
  F8 flags;
  Field<3> padding_unused;
  F32 extension_offset;
  Field<12> unused;
};
struct NewEntry {  // struct file_entry_new
  F32 flags, key, value, osversion_unused;
  F64 hwcap;
};
struct ExtensionHeader {  // struct cache_extension
  F32 magic, count;
};
struct ExtensionSection {  // struct cache_extension_section
  F32 tag, flags, offset, size;
};
static_assert(sizeof(OldHeader) == 16 && sizeof(OldEntry) == 12 && sizeof(NewHeader) == 48 &&
              sizeof(NewEntry) == 24 && sizeof(ExtensionHeader) == 8 && sizeof(ExtensionSection) == 16);

// cache_file_new.flags & cache_file_new_flags_endian_mask.
constexpr uint8_t kEndianUnset = 0, kEndianInvalid = 1, kEndianLittle = 2, kEndianMask = 3;

bool has_magic(std::span<const uint8_t> bytes, uint64_t at, std::string_view magic) {
  return at <= bytes.size() && magic.size() <= bytes.size() - at &&
         std::memcmp(bytes.data() + at, magic.data(), magic.size()) == 0;
}

Endian other(Endian e) { return e == Endian::little ? Endian::big : Endian::little; }
const char* name_of(Endian e) { return e == Endian::little ? "little" : "big"; }

class Parser {
 public:
  explicit Parser(std::span<const uint8_t> bytes) : bytes_(bytes), src_(bytes) {}

  LdCache run();

 private:
  // Table layout: where the entries start, how many there are and how big each is, and where
  // the string offsets are measured from.
  struct Table {
    uint64_t entries = 0, count = 0, entry_size = 0, strings = 0;
  };

  void warn(std::string message) {
    if (out_.warnings.size() < limits::kMaxWarnings) out_.warnings.push_back(std::move(message));
    else if (out_.warnings.size() == limits::kMaxWarnings) out_.warnings.push_back("further ld.so.cache warnings suppressed");
  }
  uint32_t u32(uint64_t at, Endian e) const { return ByteReader(bytes_, e).u32(at); }

  // One layout's numbers: the header's size, where its nlibs is, each entry's size, and whether
  // string offsets are measured from the header (new) or from the end of the entries (old).
  struct Layout {
    uint64_t header_size, count_at, entry_size;
    bool strings_from_header;
    const char* name;
  };
  static constexpr Layout kOld{sizeof(OldHeader), offsetof(OldHeader, nlibs), sizeof(OldEntry), false, "old-format"};
  static constexpr Layout kNew{sizeof(NewHeader), offsetof(NewHeader, nlibs), sizeof(NewEntry), true, "new-format"};

  // The table as read in byte order `e`, or nullopt when its count does not fit the file.
  std::optional<Table> try_table(uint64_t header, const Layout& l, Endian e) const;
  // The table, or an error naming nlibs when it does not fit.
  Table table(uint64_t header, const Layout& l, Endian e) const;
  uint64_t plausible_entries(const Table& t, Endian e) const;
  Endian guess_endian(uint64_t header, const Layout& l) const;
  // Appends an entry unless the strings kept would pass their cap; false when the walk must stop.
  bool keep(LdCacheEntry entry, uint64_t index, uint64_t at);
  void read_old(uint64_t header);
  void read_new(uint64_t header);
  void read_extensions(const StructView<NewHeader>& h);
  std::string string_at(uint64_t base, uint64_t rel, uint64_t field_at, const char* what) const;
  std::optional<std::string> hwcaps_name(uint64_t index, uint64_t header, uint64_t entry_at);

  std::span<const uint8_t> bytes_;
  MemorySource src_;
  LdCache out_;
  // The glibc-hwcaps section (file offset, number of uint32 string offsets), when valid.
  std::optional<std::pair<uint64_t, uint64_t>> hwcaps_;
  std::map<uint64_t, std::optional<std::string>> hwcaps_names_;
  uint64_t string_bytes_ = 0;  // kept in entries so far, against limits::kMaxLdCacheStringBytes
};

std::optional<Parser::Table> Parser::try_table(uint64_t header, const Layout& l, Endian e) const {
  const uint64_t count = u32(header + l.count_at, e);
  const uint64_t room = bytes_.size() - header - l.header_size;
  // By division, as dl-cache.c checks it, so that a huge count cannot overflow.
  if (count > limits::kMaxLdCacheEntries || room / l.entry_size < count) return std::nullopt;
  const uint64_t entries = header + l.header_size;
  return Table{entries, count, l.entry_size, l.strings_from_header ? header : entries + count * l.entry_size};
}

Parser::Table Parser::table(uint64_t header, const Layout& l, Endian e) const {
  if (auto t = try_table(header, l, e)) return *t;
  const uint64_t count = u32(header + l.count_at, e);
  if (count > limits::kMaxLdCacheEntries) {
    throw ParseError(header + l.count_at, std::string(l.name) + " nlibs " + std::to_string(count) + " is more than " +
                                              std::to_string(limits::kMaxLdCacheEntries) + " entries");
  }
  throw ParseError(header + l.count_at, std::string(l.name) + " nlibs " + std::to_string(count) + " (" +
                                            std::to_string(l.entry_size) + " bytes each, " + name_of(e) +
                                            "-endian) does not fit the " +
                                            std::to_string(bytes_.size() - header - l.header_size) +
                                            " bytes after the header");
}

// How many of the first entries have both string offsets (key, value: bytes 4-11 of an entry
// in both layouts) inside the file when read in `e`.
uint64_t Parser::plausible_entries(const Table& t, Endian e) const {
  const uint64_t sample = std::min<uint64_t>(t.count, 64);
  const uint64_t limit = bytes_.size() - t.strings;
  uint64_t good = 0;
  for (uint64_t i = 0; i < sample; ++i) {
    const uint64_t at = t.entries + i * t.entry_size + 4;
    if (u32(at, e) < limit && u32(at + 4, e) < limit) ++good;
  }
  return good;
}

// Without a byte-order mark, the order in which nlibs fits the file wins; when both fit, the one
// whose first entries point into the file, and little-endian when that ties too (an empty cache
// reads the same either way).
Endian Parser::guess_endian(uint64_t header, const Layout& l) const {
  const auto little = try_table(header, l, Endian::little), big = try_table(header, l, Endian::big);
  if (little && big) return plausible_entries(*big, Endian::big) > plausible_entries(*little, Endian::little) ? Endian::big : Endian::little;
  return big ? Endian::big : Endian::little;
}

// A NUL-terminated string at `rel` from `base`, inside the file and at most kMaxStringBytes long
// (the loader's only check is that the offset lies inside the mapping; it then trusts the NUL).
std::string Parser::string_at(uint64_t base, uint64_t rel, uint64_t field_at, const char* what) const {
  if (rel >= bytes_.size() - base) {
    throw ParseError(field_at, std::string(what) + " offset " + hex(rel) + " (from " + hex(base) +
                                   ") is past the end of the file (" + std::to_string(bytes_.size()) + " bytes)");
  }
  const ByteReader strings(bytes_.subspan(base), Endian::little, base);
  try {
    return std::string(strings.cstr(rel, limits::kMaxStringBytes));
  } catch (const ParseError& e) {
    throw ParseError(field_at, std::string(what) + " at " + hex(base + rel) + ": " + e.what() + " within " +
                                   std::to_string(limits::kMaxStringBytes) + " bytes");
  }
}

// Many entries can name the same 4 KiB string: the total is capped, not only each string.
bool Parser::keep(LdCacheEntry entry, uint64_t index, uint64_t at) {
  string_bytes_ += entry.soname.size() + entry.path.size() + (entry.hwcaps_subdir ? entry.hwcaps_subdir->size() : 0);
  if (string_bytes_ > limits::kMaxLdCacheStringBytes) {
    warn("entry " + std::to_string(index) + " at " + hex(at) + ": the entries' strings pass " +
         std::to_string(limits::kMaxLdCacheStringBytes >> 20) + " MiB; the rest of the cache is not read");
    return false;
  }
  out_.entries.push_back(std::move(entry));
  return true;
}

void Parser::read_old(uint64_t header) {
  const Endian e = guess_endian(header, kOld);
  // The new table sits where the old string table starts, aligned for struct cache_file_new:
  // 8 bytes on most machines, 4 on i386 (ALIGN_CACHE). glibc's ldconfig pads the old table to
  // an even count so that both are the same place; an older one may have written either. Its
  // header states the byte order, so both orders' counts are tried for where it is.
  for (const Endian order : {e, other(e)}) {
    const auto t = try_table(header, kOld, order);
    if (!t) continue;
    for (const uint64_t at : {(t->strings + 7) & ~uint64_t{7}, t->strings}) {
      if (has_magic(bytes_, at, kNewMagic) && bytes_.size() - at >= sizeof(NewHeader)) {
        out_.old_format = true;
        // dl-cache.c reads only the new table then; and when the new header disagrees with the
        // machine's byte order, the old table is deemed as bogus as the new one.
        read_new(at);
        return;
      }
    }
  }
  const Table t = table(header, kOld, e);
  out_.old_format = true;
  out_.endian = e;
  for (uint64_t i = 0; i < t.count; ++i) {
    const auto entry = src_.get<OldEntry>(t.entries + i * t.entry_size, e, "old-format entry");
    try {
      LdCacheEntry le;
      le.flags = static_cast<int32_t>(static_cast<uint32_t>(entry[entry->flags]));
      le.soname = string_at(t.strings, entry[entry->key], entry.at(entry->key), "key");
      le.path = string_at(t.strings, entry[entry->value], entry.at(entry->value), "value");
      if (!keep(std::move(le), i, entry.offset())) return;
    } catch (const ParseError& err) {
      warn("old-format entry " + std::to_string(i) + " at " + hex(entry.offset()) + " skipped: " +
           err.error().to_string());
    }
  }
}

void Parser::read_new(uint64_t header) {
  const auto raw = src_.get<NewHeader>(header, Endian::little, "new-format header");
  const uint8_t order = static_cast<uint8_t>(raw[raw->flags] & kEndianMask);
  Endian e = Endian::little;
  if (order == kEndianInvalid) {
    throw ParseError(raw.at(raw->flags), "new-format header flags " + hex(raw[raw->flags]) +
                                             " mark the cache invalid (cache_file_new_flags_endian_invalid); "
                                             "the loader ignores it");
  }
  if (order == kEndianUnset) e = guess_endian(header, kNew);
  else e = order == kEndianLittle ? Endian::little : Endian::big;
  const auto h = src_.get<NewHeader>(header, e, "new-format header");
  const Table t = table(header, kNew, e);
  out_.new_format = true;
  out_.endian = e;
  read_extensions(h);

  // Keys and values are offsets from the new header (save_cache: "the string table always
  // begins at the beginning of the new cache struct"), in both the new-only and compat layouts.
  for (uint64_t i = 0; i < t.count; ++i) {
    const auto entry = src_.get<NewEntry>(t.entries + i * t.entry_size, e, "new-format entry");
    try {
      LdCacheEntry le;
      le.flags = static_cast<int32_t>(static_cast<uint32_t>(entry[entry->flags]));
      le.soname = string_at(header, entry[entry->key], entry.at(entry->key), "key");
      le.path = string_at(header, entry[entry->value], entry.at(entry->value), "value");
      le.hwcap = entry[entry->hwcap];
      // dl_cache_hwcap_extension: only the marker bit set above the ISA level bits (32-41).
      if (((le.hwcap >> 32) & ~uint64_t{0x3ff}) == (kLdCacheHwcapExtension >> 32)) {
        le.hwcaps_subdir = hwcaps_name(le.hwcap & 0xffffffff, header, entry.offset());
      }
      if (!keep(std::move(le), i, entry.offset())) return;
    } catch (const ParseError& err) {
      warn("new-format entry " + std::to_string(i) + " at " + hex(entry.offset()) + " skipped: " +
           err.error().to_string());
    }
  }
}

// cache_extension_load: extension_offset and the sections' offsets are measured from the start
// of the file. Any fault there makes the loader ignore every extension (and so every
// glibc-hwcaps entry, which then has no usable priority); here it is a warning and the same.
void Parser::read_extensions(const StructView<NewHeader>& h) {
  const uint64_t ext = h[h->extension_offset];
  if (ext == 0) return;
  const std::string where = "cache extensions (extension_offset at " + hex(h.at(h->extension_offset)) + ")";
  if (ext % 4 != 0) return warn(where + ": offset " + hex(ext) + " is not a multiple of 4; extensions ignored");
  if (!src_.contains(ext, sizeof(ExtensionHeader)))
    return warn(where + ": offset " + hex(ext) + " is past the end of the file; extensions ignored");
  const auto eh = src_.get<ExtensionHeader>(ext, h.endian(), "cache extension header");
  if (eh[eh->magic] != kExtensionMagic)
    return warn(where + ": magic " + hex(eh[eh->magic]) + " at " + hex(eh.at(eh->magic)) + " is not " +
                hex(kExtensionMagic) + "; extensions ignored");
  const uint64_t count = eh[eh->count];
  if ((src_.size() - ext - sizeof(ExtensionHeader)) / sizeof(ExtensionSection) < count)
    return warn(where + ": " + std::to_string(count) + " sections (at " + hex(eh.at(eh->count)) +
                ") run past the end of the file; extensions ignored");
  std::optional<std::pair<uint64_t, uint64_t>> sections[2];  // by tag, the last one wins as in glibc
  for (uint64_t i = 0; i < count; ++i) {
    const auto s = src_.get<ExtensionSection>(ext + sizeof(ExtensionHeader) + i * sizeof(ExtensionSection),
                                              h.endian(), "cache extension section");
    const uint64_t off = s[s->offset], size = s[s->size];
    if (off > src_.size() || size > src_.size() - off)
      return warn(where + ": section " + std::to_string(i) + " at " + hex(s.offset()) + " (offset " + hex(off) +
                  ", size " + std::to_string(size) + ") runs past the end of the file; extensions ignored");
    const uint64_t tag = s[s->tag];
    if (tag == kTagGenerator || tag == kTagGlibcHwcaps) sections[tag] = std::make_pair(off, size);
  }
  if (const auto& g = sections[kTagGenerator]) {
    const uint64_t n = std::min<uint64_t>(g->second, limits::kMaxStringBytes);
    const auto text = bytes_.subspan(g->first, n);
    out_.generator.assign(text.begin(), std::find(text.begin(), text.end(), uint8_t{0}));
  }
  // cache_extension_verify: a glibc-hwcaps section must be non-empty, 4-aligned, whole words.
  if (const auto& hw = sections[kTagGlibcHwcaps]) {
    if (hw->second == 0 || hw->first % 4 != 0 || hw->second % 4 != 0) {
      warn(where + ": the glibc-hwcaps section (offset " + hex(hw->first) + ", size " + std::to_string(hw->second) +
           ") is empty or not whole aligned words; it is ignored");
    } else {
      hwcaps_ = std::make_pair(hw->first, hw->second / 4);
    }
  }
}

// An entry's glibc-hwcaps subdirectory: index into the section's array of string offsets.
// ldconfig writes those offsets from the new header (write_extensions adds str_offset); glibc's
// readers add them to the start of the file, which is the same place except in a compat cache,
// where the writer's reckoning is the one that finds the names.
std::optional<std::string> Parser::hwcaps_name(uint64_t index, uint64_t header, uint64_t entry_at) {
  if (!hwcaps_ || index >= hwcaps_->second) {
    warn("new-format entry at " + hex(entry_at) + ": glibc-hwcaps index " + std::to_string(index) +
         (hwcaps_ ? " is past the " + std::to_string(hwcaps_->second) + " subdirectory names"
                  : std::string(" but the cache has no valid glibc-hwcaps section")) +
         "; the loader never uses it");
    return std::nullopt;
  }
  if (auto it = hwcaps_names_.find(index); it != hwcaps_names_.end()) return it->second;
  std::optional<std::string> name;
  const uint64_t at = hwcaps_->first + 4 * index;
  try {
    name = string_at(header, u32(at, out_.endian), at, "glibc-hwcaps name");
  } catch (const ParseError& err) {
    warn("glibc-hwcaps subdirectory " + std::to_string(index) + ": " + err.error().to_string());
  }
  // Bounded by the file: at most one name per word of the section.
  hwcaps_names_.emplace(index, name);
  return name;
}

LdCache Parser::run() {
  if (has_magic(bytes_, 0, kNewMagic)) {
    if (bytes_.size() < sizeof(NewHeader))
      throw ParseError(0, "new-format ld.so.cache header truncated: " + std::to_string(bytes_.size()) +
                              " bytes of the " + std::to_string(sizeof(NewHeader)) + " it needs");
    read_new(0);
  } else if (has_magic(bytes_, 0, kOldMagic)) {
    if (bytes_.size() < sizeof(OldHeader))
      throw ParseError(0, "old-format ld.so.cache header truncated: " + std::to_string(bytes_.size()) +
                              " bytes of the " + std::to_string(sizeof(OldHeader)) + " it needs");
    read_old(0);
  } else {
    throw ParseError(0, "not an ld.so.cache: the file starts with neither \"ld.so-1.7.0\" nor "
                        "\"glibc-ld.so.cache1.1\"");
  }
  return std::move(out_);
}

}  // namespace

Result<LdCache> parse_ld_cache(std::span<const uint8_t> bytes) {
  try {
    return Parser(bytes).run();
  } catch (const ParseError& e) {
    return e.error();
  }
}

}  // namespace crossgo::rootfs
