// ELF dynamic linking tables: the dynamic section (gABI "Dynamic Section"), GNU symbol versioning
// (LSB "Symbol Versioning": .gnu.version_r, .gnu.version) and the symbol tables, read only for the
// facts crossgo reports (needed libraries, version floors and who forces them, cgo markers).
#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string_view>
#include <tuple>

#include "crossgo/limits.h"
#include "formats/elf_internal.h"

namespace crossgo::elf_detail {

namespace {

constexpr uint32_t kShtDynamic = 6;
constexpr uint32_t kShtGnuVerneed = 0x6ffffffe;
constexpr uint32_t kShtGnuVersym = 0x6fffffff;

constexpr int64_t DT_NULL = 0, DT_NEEDED = 1, DT_STRTAB = 5, DT_STRSZ = 10, DT_SONAME = 14,
                  DT_RPATH = 15, DT_TEXTREL = 22, DT_BIND_NOW = 24, DT_RUNPATH = 29, DT_FLAGS = 30,
                  DT_FLAGS_1 = 0x6ffffffb;

// C symbols that only exist when runtime/cgo is linked in (runtime/cgo/gcc_*.c and asm_*.s).
constexpr std::array<std::string_view, 5> kCgoMarkers = {
    "x_cgo_init", "crosscall2", "_cgo_topofstack", "x_cgo_thread_start", "_cgo_sys_thread_start"};

// Appends the directories of a ':'-separated list to out, keeping at most `cap` in out.
void split_path_list(std::string_view s, std::vector<std::string>& out, uint64_t cap, uint64_t at) {
  size_t start = 0;
  while (start <= s.size()) {
    if (out.size() >= cap)
      throw ParseError(at, "more than " + std::to_string(cap) + " search path entries");
    size_t end = s.find(':', start);
    if (end == std::string_view::npos) end = s.size();
    out.emplace_back(s.substr(start, end - start));
    start = end + 1;
  }
}

int find_section_of_type(const Image& img, uint32_t type) {
  for (size_t i = 0; i < img.sections.size(); ++i) {
    if (img.sections[i].type == type && img.sections[i].has_file_data) return static_cast<int>(i);
  }
  return -1;
}

// The string table a section refers to through sh_link; errors point at the sh_link field.
ByteReader linked_strtab(Context& ctx, size_t index) {
  const uint32_t link = ctx.raw[index].link;
  const uint64_t link_field = ctx.raw[index].header_offset + (ctx.is64 ? 40 : 24);
  if (link == 0 || link >= ctx.image.sections.size()) {
    throw ParseError(link_field, ctx.section_label(index) + " links to invalid string table section " +
                                     std::to_string(link) + " (" +
                                     std::to_string(ctx.image.sections.size()) + " sections)");
  }
  if (!ctx.image.sections[link].has_file_data) {
    throw ParseError(link_field, ctx.section_label(index) + " links to string table section " +
                                     std::to_string(link) + ", which has no data in the file");
  }
  return ctx.section_reader(link);
}

// A value from the dynamic section, with the file offset of the entry that holds it.
struct DynValue {
  uint64_t value = 0;
  uint64_t at = 0;
};

}  // namespace

void read_dynamic(Context& ctx) {
  Image& img = ctx.image;
  const uint64_t entsize = ctx.is64 ? 16 : 8;
  const int sec = find_section_of_type(img, kShtDynamic);
  std::optional<size_t> seg;
  for (size_t i = 0; i < img.segments.size(); ++i) {
    if (img.segments[i].type == elf::PT_DYNAMIC && !seg) seg = i;
  }
  if (sec < 0 && !seg) return;
  img.has_dynamic = true;

  ctx.optional_table("dynamic section", [&] {
    ByteReader dyn;
    std::optional<ByteReader> strtab;
    if (sec >= 0) {
      dyn = ctx.section_reader(static_cast<size_t>(sec));
      ctx.optional_table("dynamic string table",
                         [&] { strtab = linked_strtab(ctx, static_cast<size_t>(sec)); });
    } else {
      dyn = ctx.segment_reader(*seg, "PT_DYNAMIC");
    }
    const uint64_t count = std::min<uint64_t>(dyn.size() / entsize, limits::kMaxDynamicEntries);
    std::vector<std::pair<DynValue, const char*>> strings;  // DT_NEEDED, DT_SONAME, paths
    std::optional<DynValue> strtab_addr, strsz, soname;
    uint64_t needed = 0, paths = 0;
    for (uint64_t i = 0; i < count; ++i) {
      const auto tag = static_cast<int64_t>(dyn.word(i * entsize, ctx.is64));
      const DynValue val{dyn.word(i * entsize + entsize / 2, ctx.is64), dyn.base() + i * entsize};
      if (tag == DT_NULL) break;
      switch (tag) {
        case DT_NEEDED:
          if (++needed <= limits::kMaxNeeded) strings.emplace_back(val, "DT_NEEDED");
          break;
        case DT_SONAME: soname = val; break;  // the last one wins, as in the loader
        case DT_RPATH:
        case DT_RUNPATH:
          if (++paths <= limits::kMaxSearchPaths) strings.emplace_back(val, tag == DT_RPATH ? "DT_RPATH" : "DT_RUNPATH");
          break;
        case DT_STRTAB: strtab_addr = val; break;
        case DT_STRSZ: strsz = val; break;
        case DT_FLAGS: img.dt_flags |= val.value; break;
        case DT_FLAGS_1: img.dt_flags_1 |= val.value; break;
        case DT_BIND_NOW: img.dt_bind_now = true; break;
        case DT_TEXTREL: img.dt_textrel = true; break;
        default: break;
      }
    }
    if (soname) strings.emplace_back(*soname, "DT_SONAME");
    if (strings.empty()) return;
    // Without section headers (sstrip), the string table is found through its address.
    if (!strtab) {
      if (!strtab_addr) throw ParseError(dyn.base(), "no DT_STRTAB entry; library names unknown");
      if (!strsz) throw ParseError(strtab_addr->at, "DT_STRTAB without DT_STRSZ; library names unknown");
      const auto off = ctx.vaddr_to_offset(strtab_addr->value);
      if (!off) {
        throw ParseError(strtab_addr->at, "DT_STRTAB address " + hex(strtab_addr->value) +
                                              " is not in any PT_LOAD segment's file data; library names unknown");
      }
      if (!ctx.file.contains(*off, strsz->value)) {
        throw ParseError(strsz->at, "dynamic string table (file offset " + hex(*off) + ", DT_STRSZ " +
                                        std::to_string(strsz->value) + ") extends past the end of the file");
      }
      strtab = ctx.file.sub(*off, strsz->value);
    }
    // Each name on its own: one bad entry must not hide the libraries the others name.
    for (const auto& entry : strings) {
      const DynValue& val = entry.first;
      const char* const tag = entry.second;
      ctx.optional_table("dynamic section", [&] {
        if (val.value >= strtab->size()) {
          throw ParseError(val.at, std::string(tag) + " string offset " + hex(val.value) +
                                       " is past the end of the dynamic string table (" +
                                       std::to_string(strtab->size()) + " bytes)");
        }
        const std::string_view s = strtab->cstr(val.value, limits::kMaxStringBytes);
        const std::string_view t = tag;
        if (t == "DT_NEEDED") img.needed.emplace_back(s);
        else if (t == "DT_SONAME") img.soname = std::string(s);
        else split_path_list(s, t == "DT_RPATH" ? img.rpath : img.runpath, limits::kMaxSearchPaths, val.at);
      });
    }
  });
}

namespace {

// A name from a string table, with errors pointing at the field that holds its offset.
std::string name_at(const ByteReader& strtab, uint64_t name_offset, uint64_t field_at, const char* what) {
  if (name_offset >= strtab.size()) {
    throw ParseError(field_at, std::string(what) + " name offset " + hex(name_offset) +
                                   " is past the end of the string table (" +
                                   std::to_string(strtab.size()) + " bytes)");
  }
  return std::string(strtab.cstr(name_offset, limits::kMaxStringBytes));
}

}  // namespace

// LSB Elf_Verneed {vn_version, vn_cnt, vn_file, vn_aux, vn_next} and Elf_Vernaux {vna_hash,
// vna_flags, vna_other, vna_name, vna_next}: 16 bytes each in both classes. vn_aux, vn_next and
// vna_next are unsigned byte offsets from the current record, so the walk only moves forward and
// must end at the section's end; kMaxVersionEntries bounds it when steps are tiny.
void read_version_needs(Context& ctx) {
  Image& img = ctx.image;
  const int sec = find_section_of_type(img, kShtGnuVerneed);
  if (sec < 0) return;
  ctx.optional_table("version needs (.gnu.version_r)", [&] {
    const auto index = static_cast<size_t>(sec);
    const ByteReader r = ctx.section_reader(index);
    const ByteReader strtab = linked_strtab(ctx, index);
    constexpr uint64_t kRecord = 16;
    uint64_t walked = 0;
    // Where the current record came from, for errors about a link that leads out of the section.
    auto record_at = [&](uint64_t off, uint64_t link_field, const char* what) {
      if (++walked > limits::kMaxVersionEntries) {
        throw ParseError(link_field, "more than " + std::to_string(limits::kMaxVersionEntries) +
                                         " version records");
      }
      if (!r.contains(off, kRecord)) {
        throw ParseError(link_field, std::string(what) + " record at section offset " + hex(off) +
                                         " runs past the end of .gnu.version_r (" +
                                         std::to_string(r.size()) + " bytes)");
      }
    };
    const uint64_t count = ctx.raw[index].info;  // sh_info: number of Elf_Verneed records
    uint64_t off = 0, link_field = ctx.raw[index].header_offset;
    for (uint64_t i = 0; i < count; ++i) {
      record_at(off, link_field, "Elf_Verneed");
      const uint16_t cnt = r.u16(off + 2);
      const std::string file = name_at(strtab, r.u32(off + 4), r.base() + off + 4, "vn_file");
      uint64_t a = off + r.u32(off + 8), aux_field = r.base() + off + 8;
      for (uint16_t j = 0; j < cnt; ++j) {
        record_at(a, aux_field, "Elf_Vernaux");
        const uint16_t other = r.u16(a + 6);
        std::string version = name_at(strtab, r.u32(a + 8), r.base() + a + 8, "vna_name");
        ctx.version_index.emplace_back(static_cast<uint16_t>(other & 0x7fff), img.version_needs.size());
        img.version_needs.push_back(VersionNeed{file, std::move(version), {}});
        const uint32_t anext = r.u32(a + 12);
        if (anext == 0) break;
        aux_field = r.base() + a + 12;
        a += anext;
      }
      const uint32_t next = r.u32(off + 12);
      if (next == 0) break;
      link_field = r.base() + off + 12;
      off += next;
    }
  });
}

void read_symbols(Context& ctx) {
  Image& img = ctx.image;
  const uint64_t symsize = ctx.is64 ? 24 : 16;
  const int versym = find_section_of_type(img, kShtGnuVersym);
  // Symbol names are only needed to find runtime/cgo's C symbols, which matter for Go binaries
  // alone; other files skip the string-table reads (and page faults) of large symbol tables.
  bool looks_like_go = false;
  for (const auto& s : img.sections)
    if (s.name == ".go.buildinfo" || s.name == ".gopclntab" || s.name == ".note.go.buildid") looks_like_go = true;
  // Version index -> version needs still waiting for the first symbol that asks for them. Entries
  // leave once named, so a hostile file with thousands of needs sharing one index costs one pass.
  std::map<uint16_t, std::vector<size_t>> waiting;
  for (const auto& [vidx, pos] : ctx.version_index) waiting[vidx].push_back(pos);
  // Many section headers can describe the same bytes; scan each table once.
  std::set<std::tuple<uint64_t, uint64_t, uint32_t>> seen;
  uint64_t scanned = 0;
  for (size_t i = 0; i < img.sections.size(); ++i) {
    const uint32_t type = img.sections[i].type;
    if (type != elf::SHT_SYMTAB && type != elf::SHT_DYNSYM) continue;
    if (type == elf::SHT_SYMTAB) img.has_symtab = true;
    if (!img.sections[i].has_file_data) continue;
    // .symtab is not read at all: runtime/cgo is found in the pclntab's file table, which is
    // smaller and survives stripping; .dynsym is read for version floors and exported cgo symbols.
    if (type == elf::SHT_SYMTAB) continue;
    if (!seen.emplace(img.sections[i].offset, img.sections[i].size, ctx.raw[i].link).second) continue;
    ctx.optional_table(type == elf::SHT_DYNSYM ? "dynamic symbols" : "symbol table", [&] {
      ByteReader syms = ctx.section_reader(i);
      ByteReader strtab = linked_strtab(ctx, i);
      std::optional<ByteReader> versions;
      if (type == elf::SHT_DYNSYM && versym >= 0 && !ctx.version_index.empty())
        versions = ctx.section_reader(static_cast<size_t>(versym));
      const uint64_t count = syms.size() / symsize;
      for (uint64_t s = 1; s < count; ++s) {
        if (++scanned > limits::kMaxSymbols) {
          ctx.warn("symbol scan stopped after " + std::to_string(limits::kMaxSymbols) + " symbols");
          return;
        }
        const uint64_t p = s * symsize;
        const uint32_t name_off = syms.u32(p);
        const uint16_t shndx = syms.u16(p + (ctx.is64 ? 6 : 14));
        if (name_off == 0) continue;
        auto name_of = [&] {
          if (name_off >= strtab.size()) {
            throw ParseError(syms.base() + p, "symbol " + std::to_string(s) + " name offset " +
                                                  hex(name_off) + " is past the end of the string table (" +
                                                  std::to_string(strtab.size()) + " bytes)");
          }
          return strtab.cstr(name_off, limits::kMaxStringBytes);
        };
        if (looks_like_go) {
          const std::string_view name = name_of();
          if (std::find(kCgoMarkers.begin(), kCgoMarkers.end(), name) != kCgoMarkers.end() &&
              std::find(img.cgo_symbols.begin(), img.cgo_symbols.end(), name) == img.cgo_symbols.end()) {
            img.cgo_symbols.emplace_back(name);
          }
        }
        if (type != elf::SHT_DYNSYM || shndx != 0) continue;
        // Every needed version has its symbol: the rest of a large .dynsym (and its page faults)
        // can be skipped unless cgo markers are still being looked for.
        if (waiting.empty() && !looks_like_go) return;
        if (!versions || !versions->contains(s * 2, 2)) continue;
        const uint16_t vidx = versions->u16(s * 2) & 0x7fff;
        if (vidx < 2) continue;  // VER_NDX_LOCAL / VER_NDX_GLOBAL
        if (auto it = waiting.find(vidx); it != waiting.end()) {
          const std::string name(name_of());
          for (size_t pos : it->second) img.version_needs[pos].symbol = name;
          waiting.erase(it);
        }
      }
    });
  }
}

}  // namespace crossgo::elf_detail
