// ELF reader: file header, program headers, section headers, interpreter. Layout per the System V
// gABI ("ELF Header", "Program Header", "Sections"); optional tables live in elf_dynamic.cc and
// elf_notes.cc. Structural damage (header, tables that do not fit the file) fails the read.
#include <algorithm>
#include <cstring>
#include <string>

#include "crossgo/format_registry.h"
#include "crossgo/limits.h"
#include "formats/elf/elf_internal.h"

namespace crossgo {
namespace elf_detail {

namespace {

constexpr uint16_t kShnXindex = 0xffff;  // e_shstrndx escape: real index in section 0's sh_link
constexpr uint16_t kPnXnum = 0xffff;     // e_phnum escape: real count in section 0's sh_info

// The header fields that locate the two tables, each with the file offset it was read from so
// that an error can point at the field whose value is wrong.
struct Field {
  uint64_t value = 0;
  uint64_t at = 0;
};

struct TableHeader {
  Field offset, count, entsize;
  uint64_t min_entsize = 0;
  const char* what = "";
};

struct Header {
  TableHeader ph, sh;
  Field shstrndx;
};

template <class S, size_t N>
Field field(const StructView<S>& v, const crossgo::Field<N>& f) {
  return {v[f], v.at(f)};
}

// A table of entries from the ELF header must lie inside the file. Checked with division so that
// hostile counts cannot overflow the multiplication.
void require_table(const ByteSource& src, const TableHeader& t, uint64_t cap) {
  const std::string what = t.what;
  if (t.count.value == 0) return;
  if (t.count.value > cap) {
    throw ParseError(t.count.at, what + " count " + std::to_string(t.count.value) + " exceeds the cap of " +
                                     std::to_string(cap));
  }
  if (t.entsize.value < t.min_entsize) {
    throw ParseError(t.entsize.at, what + " entry size " + std::to_string(t.entsize.value) +
                                       " is smaller than " + std::to_string(t.min_entsize));
  }
  const uint64_t off = t.offset.value;
  if (off > src.size() || t.count.value > (src.size() - off) / t.entsize.value) {
    throw ParseError(t.offset.at, what + " table (" + std::to_string(t.count.value) + " entries of " +
                                      std::to_string(t.entsize.value) + " bytes at " + hex(off) +
                                      ") extends past the end of the file (size " + std::to_string(src.size()) +
                                      ")");
  }
}

template <class E>
Header read_header(Context& ctx) {
  using Ehdr = typename E::Ehdr;
  using Shdr = typename E::Shdr;
  const auto eh = ctx.src.get<Ehdr>(0, ctx.endian, "ELF header");
  ctx.elf.osabi = eh->e_ident[7];
  ctx.elf.abi_version = eh->e_ident[8];
  ctx.elf.type = static_cast<uint16_t>(eh[eh->e_type]);
  ctx.elf.machine = static_cast<uint16_t>(eh[eh->e_machine]);
  ctx.elf.flags = static_cast<uint32_t>(eh[eh->e_flags]);
  ctx.image.entry = eh[eh->e_entry];

  Header h;
  h.ph = {field(eh, eh->e_phoff), field(eh, eh->e_phnum), field(eh, eh->e_phentsize), sizeof(typename E::Phdr),
          "program header"};
  h.sh = {field(eh, eh->e_shoff), field(eh, eh->e_shnum), field(eh, eh->e_shentsize), sizeof(Shdr),
          "section header"};
  h.shstrndx = field(eh, eh->e_shstrndx);
  if (const uint64_t ehsize = eh[eh->e_ehsize]; ehsize != sizeof(Ehdr)) {
    ctx.warn("e_ehsize is " + std::to_string(ehsize) + ", not the " + std::to_string(sizeof(Ehdr)) +
             " bytes of an ELF" + (E::is64 ? "64" : "32") + " header");
  }

  // Extended numbering (gABI "Section Header Table", section 0): counts too large for the 16-bit
  // header fields live in the first section header.
  const bool xnum = h.sh.count.value == 0 || h.shstrndx.value == kShnXindex || h.ph.count.value == kPnXnum;
  if (h.sh.offset.value != 0 && xnum) {
    TableHeader first = h.sh;
    first.count = {1, h.sh.count.at};
    require_table(ctx.src, first, 1);
    const auto s0 = ctx.src.get<Shdr>(h.sh.offset.value, ctx.endian, "section header 0");
    if (h.sh.count.value == 0) {
      h.sh.count = field(s0, s0->sh_size);
      if (h.sh.count.value == 0) {
        ctx.warn("e_shnum is 0 and section header 0 holds no count (sh_size 0): the section header table at " +
                 hex(h.sh.offset.value) + " is empty");
      }
    }
    if (h.shstrndx.value == kShnXindex) h.shstrndx = field(s0, s0->sh_link);
    if (h.ph.count.value == kPnXnum) h.ph.count = field(s0, s0->sh_info);
  } else if (h.ph.count.value == kPnXnum) {
    throw ParseError(h.ph.count.at, "e_phnum is PN_XNUM (0xffff) but there is no section header 0 "
                                    "holding the real program header count");
  }
  if (h.sh.offset.value == 0) h.sh.count.value = 0;
  if (h.ph.offset.value == 0) h.ph.count.value = 0;
  return h;
}

// Entries larger than the structure are allowed (readelf warns, then reads the known prefix);
// they usually mean a 64-bit layout was written into a 32-bit file, so say so.
void warn_large_entsize(Context& ctx, const TableHeader& t) {
  if (t.count.value != 0 && t.entsize.value > t.min_entsize) {
    ctx.warn(std::string(t.what) + " entry size " + std::to_string(t.entsize.value) + " is larger than the " +
             std::to_string(t.min_entsize) + " bytes of an ELF" + (ctx.is64 ? "64" : "32") +
             " entry; the extra bytes are ignored");
  }
}

template <class E>
void read_segments(Context& ctx, const TableHeader& ph) {
  require_table(ctx.src, ph, limits::kMaxSegments);
  warn_large_entsize(ctx, ph);
  if (ph.count.value == 0) return;
  // One read for the whole table: it is small (56 bytes an entry) and every entry is needed.
  const auto table = ctx.src.read(ph.offset.value, ph.count.value * ph.entsize.value, "program headers");
  ctx.elf.program_headers.reserve(ph.count.value);
  ctx.segment_headers.reserve(ph.count.value);
  for (uint64_t i = 0; i < ph.count.value; ++i) {
    const uint64_t at = ph.offset.value + i * ph.entsize.value;
    const StructView<typename E::Phdr> p(
        reinterpret_cast<const typename E::Phdr*>(table.data() + i * ph.entsize.value), ctx.endian, at);
    ElfProgramHeader s;
    s.type = static_cast<uint32_t>(p[p->p_type]);
    s.flags = static_cast<uint32_t>(p[p->p_flags]);
    s.offset = p[p->p_offset];
    s.vaddr = p[p->p_vaddr];
    s.filesz = p[p->p_filesz];
    s.memsz = p[p->p_memsz];
    s.align = p[p->p_align];
    ctx.elf.program_headers.push_back(s);
    ctx.segment_headers.push_back(at);
    if (s.type == elf::PT_LOAD) {
      Segment seg;
      seg.vaddr = s.vaddr;
      seg.memsz = s.memsz;
      seg.offset = s.offset;
      seg.filesz = s.filesz;
      seg.read = (s.flags & elf::PF_R) != 0;
      seg.write = (s.flags & elf::PF_W) != 0;
      seg.exec = (s.flags & elf::PF_X) != 0;
      ctx.image.segments.push_back(seg);
    }
  }
}

template <class E>
void read_sections(Context& ctx, const TableHeader& sh, const Field& shstrndx) {
  require_table(ctx.src, sh, limits::kMaxSections);
  warn_large_entsize(ctx, sh);
  const uint64_t shnum = sh.count.value;
  if (shnum == 0) return;
  const auto table = ctx.src.read(sh.offset.value, shnum * sh.entsize.value, "section headers");
  ctx.image.sections.reserve(shnum);
  ctx.raw.reserve(shnum);
  for (uint64_t i = 0; i < shnum; ++i) {
    const uint64_t at = sh.offset.value + i * sh.entsize.value;
    const StructView<typename E::Shdr> h(
        reinterpret_cast<const typename E::Shdr*>(table.data() + i * sh.entsize.value), ctx.endian, at);
    Section s;
    RawSection raw;
    raw.header_offset = at;
    raw.link_field = h.at(h->sh_link);
    raw.name_offset = static_cast<uint32_t>(h[h->sh_name]);
    raw.link = static_cast<uint32_t>(h[h->sh_link]);
    raw.info = static_cast<uint32_t>(h[h->sh_info]);
    raw.addralign = h[h->sh_addralign];
    raw.entsize = h[h->sh_entsize];
    s.type = static_cast<uint32_t>(h[h->sh_type]);
    s.flags = h[h->sh_flags];
    s.addr = h[h->sh_addr];
    s.offset = h[h->sh_offset];
    s.size = h[h->sh_size];
    s.alloc = (s.flags & elf::SHF_ALLOC) != 0;
    s.write = (s.flags & elf::SHF_WRITE) != 0;
    s.exec = (s.flags & elf::SHF_EXECINSTR) != 0;
    // Section 0 is reserved (SHT_NULL; under extended numbering its sh_size is a count).
    s.has_file_data = i != 0 && s.type != elf::SHT_NOBITS && s.type != 0;
    if (s.has_file_data && !ctx.src.contains(s.offset, s.size)) {
      ctx.warn("section " + std::to_string(i) + " at offset " + hex(s.offset) + " (size " + std::to_string(s.size) +
               ") extends past the end of the file; ignored");
      s.has_file_data = false;
    }
    ctx.image.sections.push_back(std::move(s));
    ctx.raw.push_back(raw);
  }
  if (shstrndx.value == 0) return;  // SHN_UNDEF: no section name table
  if (shstrndx.value >= shnum) {
    ctx.warn("at offset " + hex(shstrndx.at) + ": section name table index " + std::to_string(shstrndx.value) +
             " is out of range (" + std::to_string(shnum) + " sections); section names unknown");
    return;
  }
  if (!ctx.image.sections[shstrndx.value].has_file_data) {
    ctx.warn("at offset " + hex(shstrndx.at) + ": section name table " + std::to_string(shstrndx.value) +
             " has no data in the file; section names unknown");
    return;
  }
  ByteReader names;
  ctx.optional_table("section names", [&] { names = ctx.section_reader(shstrndx.value); });
  if (names.size() == 0) return;
  // One bad name must not cost the others: the analyzers look sections up by name.
  uint64_t name_bytes = 0;
  for (size_t i = 1; i < ctx.image.sections.size(); ++i) {
    if (name_bytes > limits::kMaxSectionNameBytes) {
      ctx.warn("section names exceed " + std::to_string(limits::kMaxSectionNameBytes) +
               " bytes in total; sections from " + std::to_string(i) + " on are unnamed");
      break;
    }
    ctx.optional_table("section names", [&] {
      const uint32_t off = ctx.raw[i].name_offset;
      if (off >= names.size()) {
        throw ParseError(ctx.raw[i].header_offset, "section " + std::to_string(i) + " name offset " +
                                                       std::to_string(off) +
                                                       " is past the end of the section name table (" +
                                                       std::to_string(names.size()) + " bytes)");
      }
      ctx.image.sections[i].name = std::string(names.cstr(off, limits::kMaxStringBytes));
      name_bytes += ctx.image.sections[i].name.size();
    });
  }
}

void read_interpreter(Context& ctx) {
  const auto& phs = ctx.elf.program_headers;
  for (size_t i = 0; i < phs.size(); ++i) {
    if (phs[i].type != elf::PT_INTERP) continue;
    ctx.optional_table("PT_INTERP", [&] {
      if (phs[i].filesz > limits::kMaxStringBytes)
        throw ParseError(ctx.segment_headers[i], "interpreter path of " + std::to_string(phs[i].filesz) +
                                                     " bytes is longer than any path");
      const ByteReader r = ctx.segment_reader(i, "PT_INTERP");
      const auto b = r.data();
      if (b.empty() || std::memchr(b.data(), 0, b.size()) == nullptr) {
        throw ParseError(r.base(), "interpreter path (" + std::to_string(b.size()) + " bytes) is not NUL-terminated");
      }
      ctx.image.interpreter = std::string(r.cstr(0, limits::kMaxStringBytes));
    });
    return;
  }
}

CpuArch arch_of(uint16_t machine, bool is64) {
  switch (machine) {
    case elf::EM_386: return CpuArch::x86;
    case elf::EM_X86_64: return CpuArch::x86_64;
    case elf::EM_ARM: return CpuArch::arm;
    case elf::EM_AARCH64: return CpuArch::arm64;
    case elf::EM_MIPS: return is64 ? CpuArch::mips64 : CpuArch::mips;
    case elf::EM_PPC: return CpuArch::ppc;
    case elf::EM_PPC64: return CpuArch::ppc64;
    case elf::EM_S390: return is64 ? CpuArch::s390x : CpuArch::s390;
    case elf::EM_RISCV: return is64 ? CpuArch::riscv64 : CpuArch::riscv32;
    case elf::EM_LOONGARCH: return is64 ? CpuArch::loong64 : CpuArch::unknown;
    case elf::EM_SPARC: return CpuArch::sparc;
    case elf::EM_SPARCV9: return CpuArch::sparc64;
    default: return CpuArch::unknown;
  }
}

const char* machine_name(uint16_t machine) {
  switch (machine) {
    case elf::EM_386: return "EM_386";
    case elf::EM_X86_64: return "EM_X86_64";
    case elf::EM_ARM: return "EM_ARM";
    case elf::EM_AARCH64: return "EM_AARCH64";
    case elf::EM_MIPS: return "EM_MIPS";
    case elf::EM_PPC: return "EM_PPC";
    case elf::EM_PPC64: return "EM_PPC64";
    case elf::EM_S390: return "EM_S390";
    case elf::EM_RISCV: return "EM_RISCV";
    case elf::EM_LOONGARCH: return "EM_LOONGARCH";
    case elf::EM_SPARC: return "EM_SPARC";
    case elf::EM_SPARCV9: return "EM_SPARCV9";
    default: return "unknown machine";
  }
}

// The neutral identity from the ELF facts: kind and position independence (gABI e_type; a DYN
// object is a PIE executable when it asks for an interpreter or says so in DF_1_PIE, otherwise a
// shared library — which may still have an entry point, like libc.so.6).
void set_identity(Image& img, const ElfDetails& elf) {
  img.arch = arch_of(elf.machine, img.bits == 64);
  img.machine = std::string(machine_name(elf.machine)) + " (" + std::to_string(elf.machine) + ")";
  switch (elf.type) {
    case elf::ET_REL: img.kind = ObjectKind::relocatable; break;
    case elf::ET_CORE: img.kind = ObjectKind::core; break;
    case elf::ET_EXEC: img.kind = ObjectKind::executable; break;
    case elf::ET_DYN:
      img.position_independent = true;
      img.kind = (img.interpreter || (elf.dt_flags_1 & elf::DF_1_PIE)) ? ObjectKind::executable
                                                                      : ObjectKind::shared_library;
      break;
    default: img.kind = ObjectKind::unknown; break;
  }
  for (const auto& s : img.sections)
    if (s.name == ".debug_info" || s.name == ".zdebug_info") img.has_debug_info = true;
}

template <class E>
void read_all(Context& ctx) {
  const Header header = read_header<E>(ctx);
  read_segments<E>(ctx, header.ph);
  read_sections<E>(ctx, header.sh, header.shstrndx);
  read_interpreter(ctx);
  read_dynamic(ctx);
  read_version_needs(ctx);
  read_version_definitions(ctx);
  read_symbol_tables(ctx);
  read_notes(ctx);
  if (ctx.elf.machine == elf::EM_ARM) read_arm_attributes(ctx);
  read_small_sections(ctx);
}

}  // namespace

ByteReader Context::section_reader(size_t index) const {
  const Section& s = image.sections.at(index);
  if (!s.has_file_data) return ByteReader({}, endian, s.offset);
  if (!src.contains(s.offset, s.size)) {
    throw ParseError(raw.at(index).header_offset, section_label(index) + " (offset " + hex(s.offset) + ", size " +
                                                      std::to_string(s.size) + ") extends past the end of the file");
  }
  return src.reader(s.offset, s.size, endian, "section");
}

ByteReader Context::segment_reader(size_t index, const char* what) const {
  const ElfProgramHeader& seg = elf.program_headers.at(index);
  if (!src.contains(seg.offset, seg.filesz)) {
    throw ParseError(segment_headers.at(index), std::string(what) + " segment (offset " + hex(seg.offset) +
                                                    ", size " + std::to_string(seg.filesz) +
                                                    ") extends past the end of the file (size " +
                                                    std::to_string(src.size()) + ")");
  }
  return src.reader(seg.offset, seg.filesz, endian, what);
}

std::string Context::section_label(size_t index) const {
  const std::string& name = image.sections.at(index).name;
  return name.empty() ? "section " + std::to_string(index) : name;
}

std::optional<uint64_t> Context::vaddr_to_offset(uint64_t addr) const {
  for (const auto& seg : image.segments) {
    if (addr < seg.vaddr) continue;
    const uint64_t rel = addr - seg.vaddr;
    // A p_offset near 2^64 must not wrap around to the start of the file.
    if (rel < seg.filesz && rel <= UINT64_MAX - seg.offset) return seg.offset + rel;
  }
  return std::nullopt;
}

}  // namespace elf_detail

namespace {

bool elf_matches(std::span<const uint8_t> head) {
  return head.size() >= 4 && std::memcmp(head.data(), "\x7f" "ELF", 4) == 0;
}

Result<Image> read_elf(ByteSource& source) {
  using namespace elf_detail;
  Image image;
  image.format = Format::elf;
  image.source = &source;
  image.elf.emplace();
  try {
    const auto ident = source.read(0, 16, "ELF identification");
    if (std::memcmp(ident.data(), "\x7f" "ELF", 4) != 0) throw ParseError(0, "not an ELF file (bad magic)");
    const uint8_t cls = ident[4], data = ident[5];
    if (cls != 1 && cls != 2) throw ParseError(4, "invalid ELF class " + std::to_string(cls));
    if (data != 1 && data != 2) throw ParseError(5, "invalid ELF data encoding " + std::to_string(data));
    image.bits = cls == 2 ? 64 : 32;
    image.endian = data == 1 ? Endian::little : Endian::big;
    Context ctx{source, image.endian, cls == 2, image, *image.elf, {}, {}, {}, 0, {}, {}, {}};
    if (ctx.is64) read_all<ElfClass64>(ctx);
    else read_all<ElfClass32>(ctx);
    set_identity(image, *image.elf);
    if (ctx.warnings_dropped != 0)
      image.warnings.push_back(std::to_string(ctx.warnings_dropped) + " further warnings suppressed");
  } catch (const ParseError& e) {
    return e.error();
  }
  return image;
}

}  // namespace

const FormatReader kElfReader = {Format::elf, elf_matches, read_elf};

}  // namespace crossgo
