// Reads the parts of an ELF file crossgo patch rewrites (gABI "ELF Header", "Program Header",
// "Sections", "Dynamic Section"; LSB "Symbol Versioning"). Stricter than the inspect reader:
// a file patched on the strength of a half-read table could be broken, so anything the change
// depends on must be whole, and what is merely unusual (extended numbering) is refused.
#include "patch/elf_edit_model.h"

#include <algorithm>
#include <cstring>

#include "crossgo/elf_constants.h"
#include "crossgo/hex.h"
#include "crossgo/limits.h"
#include "formats/elf/elf_structs.h"
#include "patch/patch_internal.h"

namespace crossgo::patch::detail {

using namespace crossgo::elf_detail;

bool is_string_tag(uint64_t tag) {
  switch (tag) {
    case DT_NEEDED: case DT_SONAME: case DT_RPATH: case DT_RUNPATH: case DT_CONFIG: case DT_DEPAUDIT:
    case DT_AUDIT: case DT_AUXILIARY: case DT_FILTER:
      return true;
    default:
      return false;
  }
}

std::optional<std::string> Model::string_at(uint64_t offset) const {
  if (offset >= strtab.size()) return std::nullopt;
  const auto* begin = strtab.data() + offset;
  const auto* nul = static_cast<const uint8_t*>(std::memchr(begin, 0, strtab.size() - offset));
  if (nul == nullptr) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(begin), static_cast<size_t>(nul - begin));
}

std::optional<size_t> Model::load_containing_offset(uint64_t offset, uint64_t size) const {
  for (size_t i = 0; i < phdrs.size(); ++i) {
    const Phdr& p = phdrs[i];
    if (p.type == elf::PT_LOAD && offset >= p.offset && size <= p.filesz && offset - p.offset <= p.filesz - size)
      return i;
  }
  return std::nullopt;
}

std::optional<uint64_t> Model::vaddr_to_offset(uint64_t vaddr, uint64_t size) const {
  for (const Phdr& p : phdrs) {
    if (p.type != elf::PT_LOAD || vaddr < p.vaddr || size > p.filesz || vaddr - p.vaddr > p.filesz - size) continue;
    if (p.offset > UINT64_MAX - (vaddr - p.vaddr)) continue;
    return p.offset + (vaddr - p.vaddr);
  }
  return std::nullopt;
}

namespace {

template <class S>
StructView<S> view_at(std::span<const uint8_t> table, uint64_t index, uint64_t entsize, uint64_t base, Endian e) {
  return StructView<S>(reinterpret_cast<const S*>(table.data() + index * entsize), e, base + index * entsize);
}

void require_table(const ByteSource& src, uint64_t off, uint64_t count, uint64_t entsize, uint64_t min_entsize,
                   uint64_t cap, uint64_t field_at, const char* what) {
  if (count == 0) return;
  if (count > cap) throw ParseError(field_at, std::string(what) + " count " + std::to_string(count) + " exceeds the cap");
  if (entsize < min_entsize)
    throw ParseError(field_at, std::string(what) + " entry size " + std::to_string(entsize) + " is too small");
  if (off > src.size() || count > (src.size() - off) / entsize)
    throw ParseError(field_at, std::string(what) + " table at " + hex(off) + " extends past the end of the file");
}

// The string offsets in .dynsym and the version tables, so that an in-place rewrite can tell a
// string nobody else uses from one a symbol name shares (GNU ld merges string tails).
template <class E>
void collect_refs(ByteSource& src, Model& m) {
  m.refs_complete = false;
  if (!m.dynstr_sh) return;
  bool dynsym_seen = false;
  for (size_t i = 0; i < m.shdrs.size(); ++i) {
    const Shdr& s = m.shdrs[i];
    if (s.type != elf::SHT_DYNSYM) continue;
    if (s.link != *m.dynstr_sh) return;
    const uint64_t count = s.size / sizeof(typename E::Sym);
    if (count > limits::kMaxSymbols || !src.contains(s.offset, count * sizeof(typename E::Sym))) return;
    std::vector<uint8_t> bytes;
    src.read_into(s.offset, count * sizeof(typename E::Sym), bytes, "dynamic symbols");
    for (uint64_t k = 0; k < count; ++k) {
      const auto sym = view_at<typename E::Sym>(bytes, k, sizeof(typename E::Sym), s.offset, m.endian);
      m.refs.push_back({sym[sym->st_name], sym.at(sym->st_name), false});
    }
    dynsym_seen = true;
  }
  bool has_symtab_tag = false;
  std::optional<uint64_t> verneed, verneednum, verdef, verdefnum;
  for (const Dyn& d : m.dyn) {
    if (d.tag == 6) has_symtab_tag = true;  // DT_SYMTAB
    if (d.tag == DT_VERNEED) verneed = d.val;
    if (d.tag == DT_VERNEEDNUM) verneednum = d.val;
    if (d.tag == DT_VERDEF) verdef = d.val;
    if (d.tag == DT_VERDEFNUM) verdefnum = d.val;
  }
  if (has_symtab_tag && !dynsym_seen) return;
  // LSB "Symbol Versioning": Elf_Verneed chains through vn_next, each with vn_cnt Elf_Vernaux.
  uint64_t walked = 0;
  if (verneed) {
    auto at = m.vaddr_to_offset(*verneed, sizeof(ElfVerneed));
    for (uint64_t n = 0; n < verneednum.value_or(0); ++n) {
      if (!at || ++walked > limits::kMaxVersionEntries) return;
      const auto vn = src.get<ElfVerneed>(*at, m.endian, "version need");
      m.refs.push_back({vn[vn->vn_file], vn.at(vn->vn_file), true});
      uint64_t aux = *at + vn[vn->vn_aux];
      for (uint64_t k = 0; k < vn[vn->vn_cnt]; ++k) {
        if (++walked > limits::kMaxVersionEntries || !src.contains(aux, sizeof(ElfVernaux))) return;
        const auto va = src.get<ElfVernaux>(aux, m.endian, "version need aux");
        m.refs.push_back({va[va->vna_name], va.at(va->vna_name), false});
        if (va[va->vna_next] == 0) break;
        aux += va[va->vna_next];
      }
      if (vn[vn->vn_next] == 0) break;
      at = *at + vn[vn->vn_next];
    }
  }
  if (verdef) {
    auto at = m.vaddr_to_offset(*verdef, sizeof(ElfVerdef));
    for (uint64_t n = 0; n < verdefnum.value_or(0); ++n) {
      if (!at || ++walked > limits::kMaxVersionEntries) return;
      const auto vd = src.get<ElfVerdef>(*at, m.endian, "version definition");
      uint64_t aux = *at + vd[vd->vd_aux];
      for (uint64_t k = 0; k < vd[vd->vd_cnt]; ++k) {
        if (++walked > limits::kMaxVersionEntries || !src.contains(aux, sizeof(ElfVerdaux))) return;
        const auto va = src.get<ElfVerdaux>(aux, m.endian, "version definition aux");
        m.refs.push_back({va[va->vda_name], va.at(va->vda_name), false});
        if (va[va->vda_next] == 0) break;
        aux += va[va->vda_next];
      }
      if (vd[vd->vd_next] == 0) break;
      at = *at + vd[vd->vd_next];
    }
  }
  m.refs_complete = true;
}

// Zero bytes after the string table that belong to nothing: inside the same PT_LOAD's file
// bytes, before any section, segment or header table that starts after it.
uint64_t find_slack(ByteSource& src, const Model& m) {
  if (!m.dynstr_sh || m.shdrs.empty()) return 0;
  const uint64_t end = m.strtab_offset + m.strtab.size();
  const auto load = m.load_containing_offset(m.strtab_offset, m.strtab.size());
  if (!load) return 0;
  uint64_t limit = m.phdrs[*load].offset + m.phdrs[*load].filesz;
  for (size_t i = 1; i < m.shdrs.size(); ++i) {
    const Shdr& s = m.shdrs[i];
    if (i == *m.dynstr_sh || s.type == elf::SHT_NOBITS || s.type == 0) continue;
    if (s.offset >= end) limit = std::min(limit, s.offset);
    else if (s.size != 0 && s.offset + s.size > end && s.offset < end) return 0;  // overlaps the tail
  }
  for (const Phdr& p : m.phdrs)
    if (p.type != elf::PT_LOAD && p.filesz != 0 && p.offset >= end) limit = std::min(limit, p.offset);
  if (m.phoff >= end) limit = std::min(limit, m.phoff);
  if (m.shoff >= end) limit = std::min(limit, m.shoff);
  if (limit <= end) return 0;
  const uint64_t room = std::min<uint64_t>(limit - end, 1 << 16);
  const auto bytes = src.read(end, room, "bytes after the dynamic string table");
  uint64_t n = 0;
  while (n < bytes.size() && bytes[n] == 0) ++n;
  return n;
}

template <class E>
Model read(ByteSource& src, int bits, Endian endian) {
  Model m;
  m.bits = bits;
  m.endian = endian;
  m.file_size = src.size();
  const auto eh = src.get<typename E::Ehdr>(0, endian, "ELF header");
  m.type = static_cast<uint16_t>(eh[eh->e_type]);
  m.machine = static_cast<uint16_t>(eh[eh->e_machine]);
  m.eflags = static_cast<uint32_t>(eh[eh->e_flags]);
  m.phoff = eh[eh->e_phoff];
  m.phentsize = eh[eh->e_phentsize];
  m.shoff = eh[eh->e_shoff];
  m.shentsize = eh[eh->e_shentsize];
  const uint64_t phnum = eh[eh->e_phnum], shnum = eh[eh->e_shnum];
  // gABI extended numbering (PN_XNUM, e_shnum 0 with a table): rare enough to refuse.
  if (phnum == 0xffff || (m.shoff != 0 && shnum == 0) || eh[eh->e_shstrndx] == 0xffff)
    throw Unsupported{eh.at(eh->e_phnum), "the file uses ELF extended numbering (PN_XNUM / SHN_XINDEX)"};
  if (m.phoff == 0 || phnum == 0) throw Unsupported{eh.at(eh->e_phoff), "the file has no program headers"};
  if (m.phentsize != sizeof(typename E::Phdr))
    throw Unsupported{eh.at(eh->e_phentsize), "e_phentsize is " + std::to_string(m.phentsize) + ", not " +
                                                  std::to_string(sizeof(typename E::Phdr))};
  require_table(src, m.phoff, phnum, m.phentsize, sizeof(typename E::Phdr), limits::kMaxSegments,
                eh.at(eh->e_phoff), "program header");
  const auto ph = src.read(m.phoff, phnum * m.phentsize, "program headers");
  for (uint64_t i = 0; i < phnum; ++i) {
    const auto p = view_at<typename E::Phdr>(ph, i, m.phentsize, m.phoff, endian);
    Phdr h{static_cast<uint32_t>(p[p->p_type]), static_cast<uint32_t>(p[p->p_flags]), p[p->p_offset],
           p[p->p_vaddr], p[p->p_paddr], p[p->p_filesz], p[p->p_memsz], p[p->p_align]};
    if (h.type == elf::PT_LOAD || h.type == elf::PT_INTERP || h.type == elf::PT_DYNAMIC || h.type == elf::PT_PHDR) {
      if (!src.contains(h.offset, h.filesz))
        throw ParseError(p.offset(), "segment " + std::to_string(i) + " (offset " + hex(h.offset) + ", size " +
                                         std::to_string(h.filesz) + ") extends past the end of the file");
      if (h.memsz < h.filesz && h.type == elf::PT_LOAD)
        throw ParseError(p.at(p->p_memsz), "segment " + std::to_string(i) + " has p_memsz < p_filesz");
      if (h.vaddr > UINT64_MAX - h.memsz) throw ParseError(p.at(p->p_vaddr), "segment address range wraps around");
    }
    auto once = [&](std::optional<size_t>& slot, const char* name) {
      if (slot) throw Unsupported{p.offset(), std::string("more than one ") + name + " program header"};
      slot = m.phdrs.size();
    };
    if (h.type == elf::PT_INTERP) once(m.interp_ph, "PT_INTERP");
    if (h.type == elf::PT_DYNAMIC) once(m.dynamic_ph, "PT_DYNAMIC");
    if (h.type == elf::PT_PHDR) once(m.phdr_ph, "PT_PHDR");
    m.phdrs.push_back(h);
  }

  if (m.shoff != 0 && shnum != 0) {
    if (m.shentsize != sizeof(typename E::Shdr))
      throw Unsupported{eh.at(eh->e_shentsize), "e_shentsize is " + std::to_string(m.shentsize)};
    require_table(src, m.shoff, shnum, m.shentsize, sizeof(typename E::Shdr), limits::kMaxSections,
                  eh.at(eh->e_shoff), "section header");
    const auto sh = src.read(m.shoff, shnum * m.shentsize, "section headers");
    for (uint64_t i = 0; i < shnum; ++i) {
      const auto s = view_at<typename E::Shdr>(sh, i, m.shentsize, m.shoff, endian);
      m.shdrs.push_back({static_cast<uint32_t>(s[s->sh_name]), static_cast<uint32_t>(s[s->sh_type]), s[s->sh_flags],
                         s[s->sh_addr], s[s->sh_offset], s[s->sh_size], static_cast<uint32_t>(s[s->sh_link]),
                         static_cast<uint32_t>(s[s->sh_info]), s[s->sh_addralign], s[s->sh_entsize]});
    }
  }
  // The section that describes the same bytes as a segment, found by place and type rather than
  // by name: names may be stripped or wrong, the bytes are what the loader reads.
  auto section_at = [&](uint64_t offset, uint32_t type) -> std::optional<size_t> {
    for (size_t i = 1; i < m.shdrs.size(); ++i)
      if (m.shdrs[i].offset == offset && m.shdrs[i].type == type && (m.shdrs[i].flags & elf::SHF_ALLOC)) return i;
    return std::nullopt;
  };

  if (m.interp_ph) {
    const Phdr& p = m.phdrs[*m.interp_ph];
    if (p.filesz == 0) throw ParseError(m.phoff + *m.interp_ph * m.phentsize, "PT_INTERP is empty");
    const auto bytes = src.read(p.offset, std::min<uint64_t>(p.filesz, limits::kMaxStringBytes), "PT_INTERP");
    const auto* nul = static_cast<const uint8_t*>(std::memchr(bytes.data(), 0, bytes.size()));
    if (nul == nullptr)
      throw ParseError(m.phoff + *m.interp_ph * m.phentsize, "the PT_INTERP string is not NUL-terminated");
    m.interp.assign(reinterpret_cast<const char*>(bytes.data()), static_cast<size_t>(nul - bytes.data()));
    m.interp_sh = section_at(p.offset, elf::SHT_PROGBITS);
  }

  if (m.dynamic_ph) {
    const Phdr& p = m.phdrs[*m.dynamic_ph];
    const uint64_t at = m.phoff + *m.dynamic_ph * m.phentsize;
    m.dynamic_sh = section_at(p.offset, elf::SHT_DYNAMIC);
    uint64_t bytes = p.filesz;
    if (m.dynamic_sh) bytes = std::min(bytes, m.shdrs[*m.dynamic_sh].size);
    m.dyn_capacity = bytes / m.dyn_size();
    if (m.dyn_capacity > limits::kMaxDynamicEntries) throw Unsupported{at, "the dynamic array is too large"};
    const auto load = m.load_containing_offset(p.offset, m.dyn_capacity * m.dyn_size());
    if (!load) throw Unsupported{at, "the dynamic array is not inside a loadable segment"};
    m.dyn_writable = (m.phdrs[*load].flags & elf::PF_W) != 0;
    const auto table = src.read(p.offset, m.dyn_capacity * m.dyn_size(), "dynamic array");
    bool terminated = false;
    for (uint64_t i = 0; i < m.dyn_capacity; ++i) {
      const auto d = view_at<typename E::Dyn>(table, i, m.dyn_size(), p.offset, endian);
      const Dyn e{d[d->d_tag], d[d->d_val]};
      if (e.tag == DT_NULL) {
        terminated = true;
        break;
      }
      m.dyn.push_back(e);
    }
    if (!terminated) throw ParseError(at, "the dynamic array has no DT_NULL terminator");
    std::optional<uint64_t> strtab, strsz;
    for (const Dyn& d : m.dyn) {
      if (d.tag == DT_STRTAB) strtab = d.val;
      if (d.tag == DT_STRSZ) strsz = d.val;
    }
    if (strtab && strsz) {
      if (*strsz > limits::kMaxHeldBytes) throw Unsupported{at, "DT_STRSZ is larger than crossgo reads"};
      const auto off = m.vaddr_to_offset(*strtab, *strsz);
      if (!off) throw ParseError(at, "DT_STRTAB " + hex(*strtab) + " (DT_STRSZ " + std::to_string(*strsz) +
                                         ") is not inside a loadable segment's file bytes");
      m.has_strtab = true;
      m.strtab_vaddr = *strtab;
      m.strtab_offset = *off;
      const auto bytes_st = src.read(*off, *strsz, "dynamic string table");
      m.strtab.assign(bytes_st.begin(), bytes_st.end());
      for (size_t i = 1; i < m.shdrs.size(); ++i)
        if (m.shdrs[i].offset == *off && m.shdrs[i].type == elf::SHT_STRTAB && m.shdrs[i].addr == *strtab) m.dynstr_sh = i;
      collect_refs<E>(src, m);
      m.strtab_slack = find_slack(src, m);
    }
  }
  // The structures a plan writes must not share bytes: a PT_INTERP pointing into the program
  // header table, or a dynamic array over the string table, would be rewritten twice.
  struct Range {
    uint64_t start, size;
    const char* what;
  };
  std::vector<Range> ranges = {{0, sizeof(typename E::Ehdr), "the ELF header"},
                               {m.phoff, m.phdrs.size() * m.phentsize, "the program header table"}};
  if (!m.shdrs.empty()) ranges.push_back({m.shoff, m.shdrs.size() * m.shentsize, "the section header table"});
  if (m.interp_ph) ranges.push_back({m.phdrs[*m.interp_ph].offset, m.phdrs[*m.interp_ph].filesz, "PT_INTERP"});
  if (m.dynamic_ph) ranges.push_back({m.phdrs[*m.dynamic_ph].offset, m.dyn_capacity * m.dyn_size(), "the dynamic array"});
  if (m.has_strtab) ranges.push_back({m.strtab_offset, m.strtab.size(), "the dynamic string table"});
  for (size_t i = 0; i < ranges.size(); ++i)
    for (size_t j = i + 1; j < ranges.size(); ++j) {
      const Range& a = ranges[i];
      const Range& b = ranges[j];
      if (a.size != 0 && b.size != 0 && a.start < b.start + b.size && b.start < a.start + a.size)
        throw Unsupported{b.start, std::string(a.what) + " and " + b.what + " overlap"};
    }
  return m;
}

}  // namespace

Model read_model(ByteSource& src) {
  const auto ident = src.read(0, 16, "ELF identification");
  if (std::memcmp(ident.data(), "\x7f" "ELF", 4) != 0) throw ParseError(0, "not an ELF file (bad magic)");
  if (ident[4] != 1 && ident[4] != 2) throw ParseError(4, "invalid ELF class " + std::to_string(ident[4]));
  if (ident[5] != 1 && ident[5] != 2) throw ParseError(5, "invalid ELF data encoding " + std::to_string(ident[5]));
  const Endian e = ident[5] == 1 ? Endian::little : Endian::big;
  return ident[4] == 2 ? read<ElfClass64>(src, 64, e) : read<ElfClass32>(src, 32, e);
}

void put_uint(std::vector<uint8_t>& out, size_t at, uint64_t v, size_t n, Endian e) {
  if (out.size() < at + n) out.resize(at + n);
  for (size_t i = 0; i < n; ++i) {
    const size_t shift = 8 * (e == Endian::big ? n - 1 - i : i);
    out[at + i] = static_cast<uint8_t>(v >> shift);
  }
}

std::vector<uint8_t> encode_phdr(const Model& m, const Phdr& p) {
  std::vector<uint8_t> out;
  const Endian e = m.endian;
  if (m.bits == 64) {
    put_uint(out, 0, p.type, 4, e);
    put_uint(out, 4, p.flags, 4, e);
    put_uint(out, 8, p.offset, 8, e);
    put_uint(out, 16, p.vaddr, 8, e);
    put_uint(out, 24, p.paddr, 8, e);
    put_uint(out, 32, p.filesz, 8, e);
    put_uint(out, 40, p.memsz, 8, e);
    put_uint(out, 48, p.align, 8, e);
  } else {
    put_uint(out, 0, p.type, 4, e);
    put_uint(out, 4, p.offset, 4, e);
    put_uint(out, 8, p.vaddr, 4, e);
    put_uint(out, 12, p.paddr, 4, e);
    put_uint(out, 16, p.filesz, 4, e);
    put_uint(out, 20, p.memsz, 4, e);
    put_uint(out, 24, p.flags, 4, e);
    put_uint(out, 28, p.align, 4, e);
  }
  return out;
}

std::vector<uint8_t> encode_shdr(const Model& m, const Shdr& s) {
  std::vector<uint8_t> out;
  const Endian e = m.endian;
  const size_t w = m.word();
  put_uint(out, 0, s.name, 4, e);
  put_uint(out, 4, s.type, 4, e);
  put_uint(out, 8, s.flags, w, e);
  put_uint(out, 8 + w, s.addr, w, e);
  put_uint(out, 8 + 2 * w, s.offset, w, e);
  put_uint(out, 8 + 3 * w, s.size, w, e);
  put_uint(out, 8 + 4 * w, s.link, 4, e);
  put_uint(out, 12 + 4 * w, s.info, 4, e);
  put_uint(out, 16 + 4 * w, s.addralign, w, e);
  put_uint(out, 16 + 5 * w, s.entsize, w, e);
  return out;
}

std::vector<uint8_t> encode_dyn(const Model& m, const std::vector<Dyn>& entries, uint64_t capacity) {
  std::vector<uint8_t> out(capacity * m.dyn_size(), 0);  // the rest: DT_NULL
  const size_t w = m.word();
  for (size_t i = 0; i < entries.size() && i < capacity; ++i) {
    put_uint(out, i * 2 * w, entries[i].tag, w, m.endian);
    put_uint(out, i * 2 * w + w, entries[i].val, w, m.endian);
  }
  return out;
}

}  // namespace crossgo::patch::detail
