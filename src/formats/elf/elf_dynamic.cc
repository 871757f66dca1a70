// ELF dynamic linking tables: the dynamic section (gABI "Dynamic Section"), GNU symbol versioning
// (LSB "Symbol Versioning": .gnu.version_r, .gnu.version) and the symbol tables, read only for the
// facts crossgo reports (needed libraries, version floors and who forces them) and a bounded walk
// over the symbols for the analyzers (Image::visit_symbols).
#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <string_view>
#include <tuple>
#include <utility>

#include "crossgo/limits.h"
#include "formats/elf/elf_internal.h"

namespace crossgo::elf_detail {

namespace {

constexpr int64_t DT_NULL = 0, DT_NEEDED = 1, DT_STRTAB = 5, DT_STRSZ = 10, DT_SONAME = 14,
                  DT_RPATH = 15, DT_TEXTREL = 22, DT_BIND_NOW = 24, DT_RUNPATH = 29, DT_FLAGS = 30,
                  DT_FLAGS_1 = 0x6ffffffb, DT_VERDEF = 0x6ffffffc, DT_VERDEFNUM = 0x6ffffffd;

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

// The string table a section refers to through sh_link (its index, checked); errors point at the
// sh_link field.
size_t linked_strtab_index(Context& ctx, size_t index) {
  const uint32_t link = ctx.raw[index].link;
  const uint64_t link_field = ctx.raw[index].link_field;
  if (link == 0 || link >= ctx.image.sections.size()) {
    throw ParseError(link_field, ctx.section_label(index) + " links to invalid string table section " +
                                     std::to_string(link) + " (" +
                                     std::to_string(ctx.image.sections.size()) + " sections)");
  }
  if (!ctx.image.sections[link].has_file_data) {
    throw ParseError(link_field, ctx.section_label(index) + " links to string table section " +
                                     std::to_string(link) + ", which has no data in the file");
  }
  return link;
}

ByteReader linked_strtab(Context& ctx, size_t index) { return ctx.section_reader(linked_strtab_index(ctx, index)); }

// A value from the dynamic section, with the file offset of the entry that holds it.
struct DynValue {
  uint64_t value = 0;
  uint64_t at = 0;
};

}  // namespace

void read_dynamic(Context& ctx) {
  Image& img = ctx.image;
  ElfDetails& elf = ctx.elf;
  const uint64_t entsize = ctx.is64 ? 16 : 8;
  const int sec = find_section_of_type(img, elf::SHT_DYNAMIC);
  std::optional<size_t> seg;
  for (size_t i = 0; i < elf.program_headers.size(); ++i) {
    if (elf.program_headers[i].type == elf::PT_DYNAMIC && !seg) seg = i;
  }
  if (sec < 0 && !seg) return;
  elf.has_dynamic = true;

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
        case DT_FLAGS: elf.dt_flags |= val.value; break;
        case DT_FLAGS_1: elf.dt_flags_1 |= val.value; break;
        case DT_VERDEF: ctx.dt_verdef = std::make_pair(val.value, val.at); break;
        case DT_VERDEFNUM: ctx.dt_verdefnum = std::make_pair(val.value, val.at); break;
        case DT_BIND_NOW: elf.dt_bind_now = true; break;
        case DT_TEXTREL: elf.dt_textrel = true; break;
        default: break;
      }
    }
    if (soname) strings.emplace_back(*soname, "DT_SONAME");
    // Version definitions found only through DT_VERDEF name their versions in this table too.
    if (strings.empty() && !(ctx.dt_verdef && sec < 0)) return;
    // Without section headers (sstrip), the string table is found through its address.
    if (!strtab) {
      if (!strtab_addr) throw ParseError(dyn.base(), "no DT_STRTAB entry; library names unknown");
      if (!strsz) throw ParseError(strtab_addr->at, "DT_STRTAB without DT_STRSZ; library names unknown");
      const auto off = ctx.vaddr_to_offset(strtab_addr->value);
      if (!off) {
        throw ParseError(strtab_addr->at, "DT_STRTAB address " + hex(strtab_addr->value) +
                                              " is not in any PT_LOAD segment's file data; library names unknown");
      }
      if (!ctx.src.contains(*off, strsz->value)) {
        throw ParseError(strsz->at, "dynamic string table (file offset " + hex(*off) + ", DT_STRSZ " +
                                        std::to_string(strsz->value) + ") extends past the end of the file");
      }
      strtab = ctx.src.reader(*off, strsz->value, ctx.endian, "dynamic string table");
    }
    ctx.dynstr = strtab;
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
        if (t == "DT_NEEDED") img.libraries.push_back(LibraryImport{std::string(s), LibraryImport::How::needed});
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
  const int sec = find_section_of_type(img, elf::SHT_GNU_VERNEED);
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
        ctx.version_index.emplace_back(static_cast<uint16_t>(other & 0x7fff), ctx.elf.version_needs.size());
        ctx.elf.version_needs.push_back(ElfVersionNeed{file, std::move(version), {}});
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

namespace {

// Where a version definition table is in the file. Records are read one by one: a table found
// through DT_VERDEF has a start but no size, only the end of its segment as a bound.
struct VersionTable {
  uint64_t offset = 0, size = 0;
  const char* name = "";
};

// An Elf_Verdef or Elf_Verdaux at `off` in the table, read by name; errors point at the link
// (vd_next, vd_aux, the section header or DT_VERDEF) that led there.
template <class S>
StructView<S> version_record(Context& ctx, const VersionTable& t, uint64_t off, uint64_t link_field,
                             uint64_t& walked) {
  if (++walked > limits::kMaxVersionEntries)
    throw ParseError(link_field, "more than " + std::to_string(limits::kMaxVersionEntries) + " version records");
  if (off > t.size || sizeof(S) > t.size - off) {
    throw ParseError(link_field, std::string(sizeof(S) == sizeof(ElfVerdef) ? "Elf_Verdef" : "Elf_Verdaux") +
                                     " record at table offset " + hex(off) + " runs past the end of " + t.name + " (" +
                                     std::to_string(t.size) + " bytes)");
  }
  return ctx.src.get<S>(t.offset + off, ctx.endian, "version definition");
}

// The file bytes from a virtual address to the end of the PT_LOAD segment's data holding it.
std::optional<VersionTable> rest_of_segment(const Context& ctx, uint64_t addr) {
  for (const auto& seg : ctx.image.segments) {
    if (addr < seg.vaddr || addr - seg.vaddr >= seg.filesz) continue;
    const uint64_t rel = addr - seg.vaddr;
    if (rel > UINT64_MAX - seg.offset || !ctx.src.contains(seg.offset + rel, seg.filesz - rel)) return std::nullopt;
    return VersionTable{seg.offset + rel, seg.filesz - rel, "the DT_VERDEF segment"};
  }
  return std::nullopt;
}

}  // namespace

// LSB Elf_Verdef {vd_version, vd_flags, vd_ndx, vd_cnt, vd_hash, vd_aux, vd_next} (20 bytes)
// and Elf_Verdaux {vda_name, vda_next} (8 bytes), the same in both classes. The first Elf_Verdaux
// of a definition names it; the others name its parents, which are definitions of their own, so
// only the first is read. vd_aux and vd_next are forward byte offsets from the current record.
// From .gnu.version_d (sh_info definitions), or from DT_VERDEF / DT_VERDEFNUM when the file has
// no section headers.
void read_version_definitions(Context& ctx) {
  const int sec = find_section_of_type(ctx.image, elf::SHT_GNU_VERDEF);
  if (sec < 0 && !ctx.dt_verdef) return;
  ctx.optional_table("version definitions (.gnu.version_d)", [&] {
    constexpr uint64_t VER_FLG_BASE = 1;
    VersionTable table;
    ByteReader strtab;
    uint64_t count = 0, link_field = 0;
    if (sec >= 0) {
      const auto index = static_cast<size_t>(sec);
      const ByteReader r = ctx.section_reader(index);  // checks that the section is in the file
      table = VersionTable{r.base(), r.size(), ".gnu.version_d"};
      strtab = linked_strtab(ctx, index);
      count = ctx.raw[index].info;
      link_field = ctx.raw[index].header_offset;
    } else {
      const auto [addr, at] = *ctx.dt_verdef;
      if (!ctx.dt_verdefnum) throw ParseError(at, "DT_VERDEF without DT_VERDEFNUM; version definitions unknown");
      if (!ctx.dynstr) throw ParseError(at, "DT_VERDEF without a dynamic string table; version definitions unknown");
      const auto rest = rest_of_segment(ctx, addr);
      if (!rest) {
        throw ParseError(at, "DT_VERDEF address " + hex(addr) +
                                 " is not in any PT_LOAD segment's file data; version definitions unknown");
      }
      table = *rest;
      strtab = *ctx.dynstr;
      count = ctx.dt_verdefnum->first;
      link_field = at;
    }
    uint64_t walked = 0, off = 0;
    for (uint64_t i = 0; i < count; ++i) {
      const auto vd = version_record<ElfVerdef>(ctx, table, off, link_field, walked);
      if ((vd[vd->vd_flags] & VER_FLG_BASE) == 0 && vd[vd->vd_cnt] != 0) {
        const auto aux = version_record<ElfVerdaux>(ctx, table, off + vd[vd->vd_aux], vd.at(vd->vd_aux), walked);
        ctx.elf.version_definitions.push_back(name_at(strtab, aux[aux->vda_name], aux.at(aux->vda_name), "vda_name"));
      }
      const uint64_t next = vd[vd->vd_next];
      if (next == 0) break;
      link_field = vd.at(vd->vd_next);
      off += next;
    }
  });
}

namespace {

// Where a symbol table and its string table are, for the walk the analyzers may ask for later
// (Image::visit_symbols outlives the reader's context, so it keeps only these numbers).
struct SymbolTable {
  uint64_t offset = 0, count = 0, strtab_offset = 0, strtab_size = 0;
  bool dynamic = false;
};

// A symbol's name, read from the string table without holding it: a small window first, the
// full string length only when the name is longer.
std::string_view name_in(ByteSource& src, const SymbolTable& t, uint64_t name_off, std::vector<uint8_t>& buf) {
  if (name_off >= t.strtab_size) return {};
  for (uint64_t want : {uint64_t{256}, uint64_t{limits::kMaxStringBytes}}) {
    const uint64_t n = std::min(want, t.strtab_size - name_off);
    src.read_into(t.strtab_offset + name_off, n, buf, "symbol name");
    if (const void* nul = std::memchr(buf.data(), 0, n))
      return {reinterpret_cast<const char*>(buf.data()), static_cast<size_t>(static_cast<const uint8_t*>(nul) - buf.data())};
    if (n < want) break;
  }
  return {};
}

template <class Sym>
void walk_symbols(ByteSource& src, Endian endian, const std::vector<SymbolTable>& tables, const SymbolVisitor& visit) {
  constexpr uint64_t kChunk = 4096;  // symbols read at a time
  std::vector<uint8_t> chunk, name;
  uint64_t visited = 0;
  for (const SymbolTable& t : tables) {
    for (uint64_t first = 1; first < t.count; first += kChunk) {
      const uint64_t n = std::min(kChunk, t.count - first);
      src.read_into(t.offset + first * sizeof(Sym), n * sizeof(Sym), chunk, "symbol table");
      for (uint64_t i = 0; i < n; ++i) {
        if (++visited > limits::kMaxSymbols) return;
        const StructView<Sym> sym(reinterpret_cast<const Sym*>(chunk.data() + i * sizeof(Sym)), endian,
                                  t.offset + (first + i) * sizeof(Sym));
        const uint64_t name_off = sym[sym->st_name];
        if (name_off == 0) continue;
        SymbolRef ref;
        ref.name = name_in(src, t, name_off, name);
        if (ref.name.empty()) continue;
        ref.value = sym[sym->st_value];
        ref.size = sym[sym->st_size];
        ref.defined = sym[sym->st_shndx] != 0;
        ref.dynamic = t.dynamic;
        if (visit(ref)) return;
      }
    }
  }
}

}  // namespace

void read_symbol_tables(Context& ctx) {
  Image& img = ctx.image;
  const uint64_t symsize = ctx.is64 ? 24 : 16;
  const int versym = find_section_of_type(img, elf::SHT_GNU_VERSYM);
  std::vector<SymbolTable> tables;
  // Many section headers can describe the same bytes; keep each table once.
  std::set<std::tuple<uint64_t, uint64_t, uint32_t>> seen;
  for (size_t i = 0; i < img.sections.size(); ++i) {
    const uint32_t type = img.sections[i].type;
    if (type != elf::SHT_SYMTAB && type != elf::SHT_DYNSYM) continue;
    if (type == elf::SHT_SYMTAB) img.has_symtab = true;
    if (!img.sections[i].has_file_data) continue;
    if (!seen.emplace(img.sections[i].offset, img.sections[i].size, ctx.raw[i].link).second) continue;
    ctx.optional_table(type == elf::SHT_DYNSYM ? "dynamic symbols" : "symbol table", [&] {
      const Section& str = img.sections[linked_strtab_index(ctx, i)];
      const SymbolTable t{img.sections[i].offset, img.sections[i].size / symsize, str.offset, str.size,
                          type == elf::SHT_DYNSYM};
      tables.push_back(t);
      if (type != elf::SHT_DYNSYM || versym < 0 || ctx.version_index.empty()) return;
      const ByteReader strtab = linked_strtab(ctx, i);
      // Name the first undefined symbol that asks for each needed version. Index -> needs still
      // waiting; entries leave once named, so a hostile file with thousands of needs sharing one
      // index costs one pass, and the walk stops as soon as every need has its symbol.
      std::map<uint16_t, std::vector<size_t>> waiting;
      for (const auto& [vidx, pos] : ctx.version_index) waiting[vidx].push_back(pos);
      const ByteReader syms = ctx.section_reader(i);
      const ByteReader versions = ctx.section_reader(static_cast<size_t>(versym));
      for (uint64_t s = 1; s < t.count && !waiting.empty(); ++s) {
        if (s > limits::kMaxSymbols) {
          ctx.warn("symbol version scan stopped after " + std::to_string(limits::kMaxSymbols) + " symbols");
          return;
        }
        const uint64_t p = s * symsize;
        const uint16_t shndx = syms.u16(p + (ctx.is64 ? 6 : 14));
        if (shndx != 0 || !versions.contains(s * 2, 2)) continue;
        const uint16_t vidx = versions.u16(s * 2) & 0x7fff;
        if (vidx < 2) continue;  // VER_NDX_LOCAL / VER_NDX_GLOBAL
        auto it = waiting.find(vidx);
        if (it == waiting.end()) continue;
        const uint32_t name_off = syms.u32(p);
        if (name_off >= strtab.size()) {
          throw ParseError(syms.base() + p, "symbol " + std::to_string(s) + " name offset " + hex(name_off) +
                                                " is past the end of the string table (" +
                                                std::to_string(strtab.size()) + " bytes)");
        }
        const std::string name(strtab.cstr(name_off, limits::kMaxStringBytes));
        for (size_t pos : it->second) ctx.elf.version_needs[pos].symbol = name;
        waiting.erase(it);
      }
    });
  }
  if (tables.empty()) return;
  ByteSource* src = &ctx.src;
  const Endian endian = ctx.endian;
  if (ctx.is64) {
    img.visit_symbols = [src, endian, tables](const SymbolVisitor& v) { walk_symbols<Elf64Sym>(*src, endian, tables, v); };
  } else {
    img.visit_symbols = [src, endian, tables](const SymbolVisitor& v) { walk_symbols<Elf32Sym>(*src, endian, tables, v); };
  }
}

}  // namespace crossgo::elf_detail
