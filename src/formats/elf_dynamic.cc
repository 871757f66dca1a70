// ELF dynamic linking tables: the dynamic section (gABI "Dynamic Section"), GNU symbol versioning
// (LSB "Symbol Versioning": .gnu.version_r, .gnu.version) and the symbol tables, read only for the
// facts crossgo reports (needed libraries, version floors and who forces them, cgo markers).
#include <algorithm>
#include <array>
#include <string_view>

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

std::vector<std::string> split_path_list(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(':', start);
    if (end == std::string_view::npos) end = s.size();
    out.emplace_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

int find_section_of_type(const Image& img, uint32_t type) {
  for (size_t i = 0; i < img.sections.size(); ++i) {
    if (img.sections[i].type == type && img.sections[i].has_file_data) return static_cast<int>(i);
  }
  return -1;
}

// The string table a section refers to through sh_link.
ByteReader linked_strtab(Context& ctx, int index, const char* what) {
  uint32_t link = ctx.raw[index].link;
  if (link == 0 || link >= ctx.image.sections.size()) {
    throw ParseError(ctx.image.sections[index].offset,
                     std::string(what) + " links to invalid string table section " + std::to_string(link));
  }
  return ctx.section_reader(link);
}

}  // namespace

void read_dynamic(Context& ctx) {
  Image& img = ctx.image;
  const uint64_t entsize = ctx.is64 ? 16 : 8;
  ByteReader dyn;
  std::optional<ByteReader> strtab;
  const int sec = find_section_of_type(img, kShtDynamic);
  bool found = false;
  for (const auto& seg : img.segments) {
    if (seg.type == elf::PT_DYNAMIC) found = true;
  }
  if (sec < 0 && !found) return;
  img.has_dynamic = true;

  ctx.optional_table("dynamic section", [&] {
    if (sec >= 0) {
      dyn = ctx.section_reader(sec);
      ctx.optional_table("dynamic string table",
                         [&] { strtab = linked_strtab(ctx, sec, "dynamic section"); });
    } else {
      for (const auto& seg : img.segments) {
        if (seg.type == elf::PT_DYNAMIC) dyn = ctx.file.sub(seg.offset, seg.filesz);
      }
    }
    const uint64_t count = std::min<uint64_t>(dyn.size() / entsize, limits::kMaxDynamicEntries);
    std::vector<uint64_t> needed, rpath, runpath;
    std::optional<uint64_t> soname, strtab_addr, strsz;
    for (uint64_t i = 0; i < count; ++i) {
      const auto tag = static_cast<int64_t>(dyn.word(i * entsize, ctx.is64));
      const uint64_t val = dyn.word(i * entsize + entsize / 2, ctx.is64);
      if (tag == DT_NULL) break;
      switch (tag) {
        case DT_NEEDED: if (needed.size() < limits::kMaxNeeded) needed.push_back(val); break;
        case DT_SONAME: soname = val; break;
        case DT_RPATH: rpath.push_back(val); break;
        case DT_RUNPATH: runpath.push_back(val); break;
        case DT_STRTAB: strtab_addr = val; break;
        case DT_STRSZ: strsz = val; break;
        case DT_FLAGS: img.dt_flags |= val; break;
        case DT_FLAGS_1: img.dt_flags_1 |= val; break;
        case DT_BIND_NOW: img.dt_bind_now = true; break;
        case DT_TEXTREL: img.dt_textrel = true; break;
        default: break;
      }
    }
    // Without section headers (sstrip), the string table is found through its address.
    if (!strtab && strtab_addr && strsz) {
      if (auto off = ctx.vaddr_to_offset(*strtab_addr)) strtab = ctx.file.sub(*off, *strsz);
    }
    if (!strtab) {
      if (!needed.empty() || soname || !rpath.empty() || !runpath.empty())
        img.warnings.push_back("dynamic string table not found; library names unknown");
      return;
    }
    auto str = [&](uint64_t off) { return std::string(strtab->cstr(off, limits::kMaxStringBytes)); };
    for (uint64_t off : needed) img.needed.push_back(str(off));
    if (soname) img.soname = str(*soname);
    for (uint64_t off : rpath) for (auto& p : split_path_list(str(off))) img.rpath.push_back(p);
    for (uint64_t off : runpath) for (auto& p : split_path_list(str(off))) img.runpath.push_back(p);
  });
}

void read_version_needs(Context& ctx) {
  Image& img = ctx.image;
  const int sec = find_section_of_type(img, kShtGnuVerneed);
  if (sec < 0) return;
  ctx.optional_table("version needs (.gnu.version_r)", [&] {
    ByteReader r = ctx.section_reader(sec);
    ByteReader strtab = linked_strtab(ctx, sec, ".gnu.version_r");
    const uint64_t count = ctx.raw[sec].info;
    uint64_t walked = 0, off = 0;
    for (uint64_t i = 0; i < count; ++i) {
      const uint16_t cnt = r.u16(off + 2);
      const std::string file(strtab.cstr(r.u32(off + 4), limits::kMaxStringBytes));
      const uint32_t aux = r.u32(off + 8);
      const uint32_t next = r.u32(off + 12);
      uint64_t a = off + aux;
      for (uint16_t j = 0; j < cnt; ++j) {
        if (++walked > limits::kMaxVersionEntries)
          throw ParseError(r.base() + a, "more than " + std::to_string(limits::kMaxVersionEntries) +
                                             " version entries");
        const uint16_t other = r.u16(a + 6);
        VersionNeed need{file, std::string(strtab.cstr(r.u32(a + 8), limits::kMaxStringBytes)), {}};
        ctx.version_index.emplace_back(static_cast<uint16_t>(other & 0x7fff), img.version_needs.size());
        img.version_needs.push_back(std::move(need));
        const uint32_t anext = r.u32(a + 12);
        if (anext == 0) break;
        a += anext;
      }
      if (next == 0) break;
      off += next;
    }
  });
}

void read_symbols(Context& ctx) {
  Image& img = ctx.image;
  const uint64_t symsize = ctx.is64 ? 24 : 16;
  const int versym = find_section_of_type(img, kShtGnuVersym);
  uint64_t scanned = 0;
  for (size_t i = 0; i < img.sections.size(); ++i) {
    const uint32_t type = img.sections[i].type;
    if (type != elf::SHT_SYMTAB && type != elf::SHT_DYNSYM) continue;
    if (type == elf::SHT_SYMTAB) img.has_symtab = true;
    if (!img.sections[i].has_file_data) continue;
    ctx.optional_table(type == elf::SHT_DYNSYM ? "dynamic symbols" : "symbol table", [&] {
      ByteReader syms = ctx.section_reader(i);
      ByteReader strtab = linked_strtab(ctx, static_cast<int>(i), img.sections[i].name.c_str());
      std::optional<ByteReader> versions;
      if (type == elf::SHT_DYNSYM && versym >= 0) versions = ctx.section_reader(versym);
      const uint64_t count = syms.size() / symsize;
      for (uint64_t s = 1; s < count; ++s) {
        if (++scanned > limits::kMaxSymbols) {
          img.warnings.push_back("symbol scan stopped after " + std::to_string(limits::kMaxSymbols) + " symbols");
          return;
        }
        const uint64_t p = s * symsize;
        const uint32_t name_off = syms.u32(p);
        const uint16_t shndx = syms.u16(p + (ctx.is64 ? 6 : 14));
        if (name_off == 0) continue;
        const std::string_view name = strtab.cstr(name_off, limits::kMaxStringBytes);
        if (std::find(kCgoMarkers.begin(), kCgoMarkers.end(), name) != kCgoMarkers.end() &&
            std::find(img.cgo_symbols.begin(), img.cgo_symbols.end(), name) == img.cgo_symbols.end()) {
          img.cgo_symbols.emplace_back(name);
        }
        if (type != elf::SHT_DYNSYM || shndx != 0) continue;
        ++img.dynamic_imports;
        if (!versions || !versions->contains(s * 2, 2)) continue;
        const uint16_t vidx = versions->u16(s * 2) & 0x7fff;
        if (vidx < 2) continue;
        for (const auto& [index, pos] : ctx.version_index) {
          if (index == vidx && img.version_needs[pos].symbol.empty()) {
            img.version_needs[pos].symbol = std::string(name);
          }
        }
      }
    });
  }
}

}  // namespace crossgo::elf_detail
