// XCOFF reader (AIX): file header, auxiliary header, section headers, then the optional tables
// (loader section in xcoff_loader.cc, symbol table in xcoff_symbols.cc). Layout per IBM's "XCOFF
// Object File Format" (AIX 7.x Files Reference), structures in xcoff_structs.h. The file header and
// the section headers are required: damage there fails the read; the rest becomes warnings.
#include <cstdio>
#include <string>

#include "crossgo/format_registry.h"
#include "crossgo/limits.h"
#include "formats/xcoff/xcoff_internal.h"
#include "formats/xcoff/xcoff_structs.h"
#include "crossgo/hex.h"

namespace crossgo {
namespace xcoff {

void warn(Image& image, std::string message) {
  if (image.warnings.size() < limits::kMaxWarnings) {
    image.warnings.push_back(std::move(message));
  } else if (image.warnings.size() == limits::kMaxWarnings) {
    image.warnings.push_back("further XCOFF warnings suppressed");
  }
}

namespace {

// f_nscns is 16 bits; real files have a dozen sections (Go writes at most 16: text, data, bss,
// the DWARF sections, loader). The cap only bounds what one hostile header can make us read.
constexpr uint64_t kMaxSections = 1024;

struct Header {
  uint16_t magic = 0;
  uint64_t nscns = 0, nscns_at = 0;
  uint64_t timdat = 0, symptr = 0, nsyms = 0, opthdr = 0, flags = 0;
  uint64_t size = 0;  // FILHSZ
  uint64_t opthdr_at = 0;
};

Header read_file_header(ByteSource& source, bool is64) {
  Header h;
  if (is64) {
    const auto f = source.get<FileHeader64>(0, Endian::big, "XCOFF64 file header");
    h = {static_cast<uint16_t>(f[f->f_magic]), f[f->f_nscns], f.at(f->f_nscns), f[f->f_timdat],
         f[f->f_symptr], f[f->f_nsyms], f[f->f_opthdr], f[f->f_flags], sizeof(FileHeader64)};
    h.opthdr_at = f.at(f->f_opthdr);
  } else {
    const auto f = source.get<FileHeader32>(0, Endian::big, "XCOFF32 file header");
    h = {static_cast<uint16_t>(f[f->f_magic]), f[f->f_nscns], f.at(f->f_nscns), f[f->f_timdat],
         f[f->f_symptr], f[f->f_nsyms], f[f->f_opthdr], f[f->f_flags], sizeof(FileHeader32)};
    h.opthdr_at = f.at(f->f_opthdr);
  }
  return h;
}

template <class Aux>
void fill_aux(const StructView<Aux>& a, Image& image) {
  XcoffDetails& d = *image.xcoff;
  d.has_aux_header = true;
  d.aux_magic = static_cast<uint16_t>(a[a->o_mflag]);
  const uint64_t modtype = a[a->o_modtype];
  for (const uint64_t c : {modtype >> 8, modtype & 0xff})
    if (c >= 0x20 && c < 0x7f) d.modtype += static_cast<char>(c);
  d.text_start = a[a->o_text_start];
  d.data_start = a[a->o_data_start];
  d.toc = a[a->o_toc];
  d.sn_entry = static_cast<uint16_t>(a[a->o_snentry]);
  d.sn_text = static_cast<uint16_t>(a[a->o_sntext]);
  d.sn_data = static_cast<uint16_t>(a[a->o_sndata]);
  d.sn_toc = static_cast<uint16_t>(a[a->o_sntoc]);
  d.sn_bss = static_cast<uint16_t>(a[a->o_snbss]);
  d.loader_section = static_cast<uint16_t>(a[a->o_snloader]);
  image.entry = a[a->o_entry];
}

void read_aux_header(ByteSource& source, const Header& h, bool is64, Image& image) {
  if (h.opthdr == 0) return;
  const uint64_t want = is64 ? sizeof(AuxHeader64) : sizeof(AuxHeader32);
  if (h.opthdr < want) {
    // Object files may carry the 28-byte short form, which has no section numbers or entry.
    warn(image, "XCOFF auxiliary header of " + std::to_string(h.opthdr) + " bytes (f_opthdr) is shorter than the " +
                    std::to_string(want) + "-byte executable form; not read");
    return;
  }
  if (is64)
    fill_aux(source.get<AuxHeader64>(h.size, Endian::big, "XCOFF auxiliary header"), image);
  else
    fill_aux(source.get<AuxHeader32>(h.size, Endian::big, "XCOFF auxiliary header"), image);
}

template <class Shdr>
Section section_from(const StructView<Shdr>& s, ByteSource& source, Image& image) {
  Section sec;
  const std::string_view raw(reinterpret_cast<const char*>(s->s_name.bytes), sizeof s->s_name.bytes);
  sec.name = std::string(raw.substr(0, raw.find('\0')));
  sec.addr = s[s->s_vaddr];
  sec.offset = s[s->s_scnptr];
  sec.size = s[s->s_size];
  sec.flags = s[s->s_flags];
  sec.type = static_cast<uint32_t>(sec.flags & 0xffff);  // STYP_*; SSUBTYP_* in the high half
  const uint32_t t = sec.type;
  sec.alloc = (t & (kStypText | kStypData | kStypBss | kStypTdata | kStypTbss)) != 0;
  sec.write = (t & (kStypData | kStypBss | kStypTdata | kStypTbss)) != 0;
  sec.exec = (t & kStypText) != 0;
  // .bss/.tbss occupy no file bytes; a zero s_scnptr means the same (Go's nobitsSectionReader).
  sec.has_file_data = (t & (kStypBss | kStypTbss)) == 0 && sec.offset != 0 && sec.size != 0;
  if (sec.has_file_data && !source.contains(sec.offset, sec.size)) {
    warn(image, "XCOFF section " + sec.name + " data (" + std::to_string(sec.size) + " bytes at s_scnptr " +
                    hex(sec.offset) + ", field at " + hex(s.at(s->s_scnptr)) +
                    ") extends past the end of the file (size " + std::to_string(source.size()) + ")");
    sec.has_file_data = false;
  }
  return sec;
}

const Section* first_of_type(const Image& image, uint32_t styp) {
  for (const auto& s : image.sections)
    if ((s.type & styp) != 0) return &s;
  return nullptr;
}

// Text and data as the system loader maps them: the first STYP_TEXT section r-x, the first
// STYP_DATA section rw- with the STYP_BSS section that follows it in memory.
void add_segments(Image& image) {
  if (const Section* t = first_of_type(image, kStypText)) {
    image.segments.push_back(Segment{"", t->addr, t->size, t->offset, t->has_file_data ? t->size : 0,
                                     true, false, true});
  }
  if (const Section* d = first_of_type(image, kStypData)) {
    Segment seg{"", d->addr, d->size, d->offset, d->has_file_data ? d->size : 0, true, true, false};
    if (const Section* b = first_of_type(image, kStypBss);
        b != nullptr && b->addr >= d->addr && b->addr - d->addr >= d->size &&
        b->size <= UINT64_MAX - b->addr) {
      seg.memsz = b->addr + b->size - d->addr;
    }
    image.segments.push_back(seg);
  }
}

bool xcoff_matches(std::span<const uint8_t> head) {
  if (head.size() < sizeof(FileHeader32)) return false;
  const uint16_t magic = static_cast<uint16_t>(head[0] << 8 | head[1]);
  return magic == kMagic32 || (magic == kMagic64 && head.size() >= sizeof(FileHeader64));
}

Result<Image> xcoff_read(ByteSource& source) {
  try {
    Image image;
    image.format = Format::xcoff;
    image.source = &source;
    image.endian = Endian::big;
    const auto m = source.reader(0, 2, Endian::big, "XCOFF magic").u16(0);
    if (m != kMagic32 && m != kMagic64)
      throw ParseError(0, "XCOFF f_magic " + hex(m) + " is neither 0x01df (XCOFF32) nor 0x01f7 (XCOFF64)");
    const bool is64 = m == kMagic64;
    const Header h = read_file_header(source, is64);
    image.bits = is64 ? 64 : 32;
    image.arch = is64 ? CpuArch::ppc64 : CpuArch::ppc;
    image.machine = is64 ? "U64_TOCMAGIC (0x01f7)" : "U802TOCMAGIC (0x01df)";
    image.xcoff = XcoffDetails{};
    XcoffDetails& d = *image.xcoff;
    d.magic = h.magic;
    d.flags = static_cast<uint16_t>(h.flags);
    d.timestamp = static_cast<uint32_t>(h.timdat);
    d.symptr = h.symptr;
    d.nsyms = static_cast<uint32_t>(h.nsyms);
    d.opthdr = static_cast<uint16_t>(h.opthdr);
    // AIX shared objects are also marked F_EXEC (the loader can run their initialisers).
    image.kind = (h.flags & kFShrobj) != 0 ? ObjectKind::shared_library
                 : (h.flags & kFExec) != 0 ? ObjectKind::executable
                                           : ObjectKind::relocatable;

    if (h.nscns > kMaxSections)
      throw ParseError(h.nscns_at, "XCOFF f_nscns " + std::to_string(h.nscns) + " exceeds the cap of " +
                                       std::to_string(kMaxSections));
    const uint64_t shdr_size = is64 ? sizeof(SectionHeader64) : sizeof(SectionHeader32);
    const uint64_t table = h.size + h.opthdr;  // both 16-bit quantities: no overflow
    if (table > source.size() || h.nscns > (source.size() - table) / shdr_size)
      throw ParseError(table > source.size() ? h.opthdr_at : h.nscns_at, "XCOFF section header table (" + std::to_string(h.nscns) + " headers of " +
                                       std::to_string(shdr_size) + " bytes at " + hex(table) +
                                       ", after f_opthdr " + std::to_string(h.opthdr) +
                                       ") extends past the end of the file (size " +
                                       std::to_string(source.size()) + ")");
    read_aux_header(source, h, is64, image);
    for (uint64_t i = 0; i < h.nscns; ++i) {
      const uint64_t at = table + i * shdr_size;
      if (is64)
        image.sections.push_back(section_from(source.get<SectionHeader64>(at, Endian::big, "XCOFF section header"), source, image));
      else
        image.sections.push_back(section_from(source.get<SectionHeader32>(at, Endian::big, "XCOFF section header"), source, image));
    }
    for (const auto& s : image.sections) d.section_names.push_back(s.name);
    add_segments(image);
    for (const auto& s : image.sections)
      if ((s.type & kStypDwarf) != 0) image.has_debug_info = true;

    // The loader section: o_snloader when the auxiliary header names one, else by type.
    const Section* loader = nullptr;
    if (d.loader_section != 0) {
      if (d.loader_section <= image.sections.size() &&
          (image.sections[d.loader_section - 1].type & kStypLoader) != 0) {
        loader = &image.sections[d.loader_section - 1];
      } else {
        warn(image, "XCOFF o_snloader " + std::to_string(d.loader_section) +
                        " does not name an STYP_LOADER section; looking for one by type");
        d.loader_section = 0;
      }
    }
    if (loader == nullptr) {
      loader = first_of_type(image, kStypLoader);
      if (loader != nullptr) d.loader_section = static_cast<uint16_t>(loader - image.sections.data() + 1);
    }
    if (loader != nullptr) read_loader_section(source, *loader, is64, image);
    read_symbol_table(source, h.symptr, h.nsyms, is64, image);
    return image;
  } catch (const ParseError& e) {
    return e.error();
  }
}

}  // namespace
}  // namespace xcoff

const FormatReader kXcoffReader = {Format::xcoff, &xcoff::xcoff_matches, &xcoff::xcoff_read};

}  // namespace crossgo
