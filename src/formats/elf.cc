// ELF reader: file header, program headers, section headers, interpreter. Layout per the System V
// gABI ("ELF Header", "Program Header", "Sections"); optional tables live in elf_dynamic.cc and
// elf_notes.cc. Structural damage (header, tables that do not fit the file) fails the read.
#include <algorithm>
#include <cstring>
#include <string>

#include "crossgo/elf.h"
#include "crossgo/limits.h"
#include "formats/elf_internal.h"

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

// A table of entries from the ELF header must lie inside the file. Checked with division so that
// hostile counts cannot overflow the multiplication.
void require_table(const ByteReader& file, const TableHeader& t, uint64_t cap) {
  const std::string what = t.what;
  if (t.count.value == 0) return;
  if (t.count.value > cap) {
    throw ParseError(t.count.at, what + " count " + std::to_string(t.count.value) +
                                     " exceeds the cap of " + std::to_string(cap));
  }
  if (t.entsize.value < t.min_entsize) {
    throw ParseError(t.entsize.at, what + " entry size " + std::to_string(t.entsize.value) +
                                       " is smaller than " + std::to_string(t.min_entsize));
  }
  const uint64_t off = t.offset.value;
  if (off > file.size() || t.count.value > (file.size() - off) / t.entsize.value) {
    throw ParseError(t.offset.at, what + " table (" + std::to_string(t.count.value) +
                                      " entries of " + std::to_string(t.entsize.value) +
                                      " bytes at " + hex(off) +
                                      ") extends past the end of the file (size " +
                                      std::to_string(file.size()) + ")");
  }
}

}  // namespace

ByteReader Context::section_reader(size_t index) const {
  const Section& s = image.sections.at(index);
  if (!s.has_file_data) return ByteReader({}, file.endian(), s.offset);
  if (!file.contains(s.offset, s.size)) {
    throw ParseError(raw.at(index).header_offset,
                     section_label(index) + " (offset " + hex(s.offset) + ", size " +
                         std::to_string(s.size) + ") extends past the end of the file");
  }
  return file.sub(s.offset, s.size);
}

ByteReader Context::segment_reader(size_t index, const char* what) const {
  const Segment& seg = image.segments.at(index);
  if (!file.contains(seg.offset, seg.filesz)) {
    throw ParseError(segment_headers.at(index),
                     std::string(what) + " segment (offset " + hex(seg.offset) + ", size " +
                         std::to_string(seg.filesz) + ") extends past the end of the file (size " +
                         std::to_string(file.size()) + ")");
  }
  return file.sub(seg.offset, seg.filesz);
}

std::string Context::section_label(size_t index) const {
  const std::string& name = image.sections.at(index).name;
  return name.empty() ? "section " + std::to_string(index) : name;
}

std::optional<uint64_t> Context::vaddr_to_offset(uint64_t addr) const {
  for (const auto& seg : image.segments) {
    if (seg.type != elf::PT_LOAD || addr < seg.vaddr) continue;
    const uint64_t rel = addr - seg.vaddr;
    // A p_offset near 2^64 must not wrap around to the start of the file.
    if (rel < seg.filesz && rel <= UINT64_MAX - seg.offset) return seg.offset + rel;
  }
  return std::nullopt;
}

Header read_header(Context& ctx) {
  const ByteReader& f = ctx.file;
  Image& img = ctx.image;
  const bool is64 = ctx.is64;
  const uint64_t w = is64 ? 8 : 4;
  const uint64_t header_size = is64 ? 64 : 52;
  f.require(0, header_size, "ELF header truncated");
  img.osabi = f.u8(7);
  img.abi_version = f.u8(8);
  img.elf_type = f.u16(16);
  img.machine = f.u16(18);
  img.entry = f.word(24, is64);
  const uint64_t rest = 24 + 3 * w;  // e_flags onwards
  img.machine_flags = f.u32(rest);

  Header h;
  h.ph = {{f.word(24 + w, is64), 24 + w}, {f.u16(rest + 8), rest + 8}, {f.u16(rest + 6), rest + 6},
          is64 ? 56u : 32u, "program header"};
  h.sh = {{f.word(24 + 2 * w, is64), 24 + 2 * w}, {f.u16(rest + 12), rest + 12},
          {f.u16(rest + 10), rest + 10}, is64 ? 64u : 40u, "section header"};
  h.shstrndx = {f.u16(rest + 14), rest + 14};
  if (const uint16_t ehsize = f.u16(rest + 4); ehsize != header_size) {
    ctx.warn("e_ehsize is " + std::to_string(ehsize) + ", not the " + std::to_string(header_size) +
             " bytes of an ELF" + (is64 ? "64" : "32") + " header");
  }

  // Extended numbering (gABI "Section Header Table", section 0): counts too large for the 16-bit
  // header fields live in the first section header.
  const bool xnum = h.sh.count.value == 0 || h.shstrndx.value == kShnXindex || h.ph.count.value == kPnXnum;
  if (h.sh.offset.value != 0 && xnum) {
    TableHeader first = h.sh;
    first.count = {1, h.sh.count.at};
    require_table(f, first, 1);
    const uint64_t s0 = h.sh.offset.value;
    if (h.sh.count.value == 0) {
      h.sh.count = {f.word(s0 + (is64 ? 32 : 20), is64), s0 + (is64 ? 32 : 20)};  // sh_size
      if (h.sh.count.value == 0) {
        ctx.warn("e_shnum is 0 and section header 0 holds no count (sh_size 0): the section header table at " +
                 hex(s0) + " is empty");
      }
    }
    if (h.shstrndx.value == kShnXindex) h.shstrndx = {f.u32(s0 + (is64 ? 40 : 24)), s0 + (is64 ? 40 : 24)};
    if (h.ph.count.value == kPnXnum) h.ph.count = {f.u32(s0 + (is64 ? 44 : 28)), s0 + (is64 ? 44 : 28)};
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
    ctx.warn(std::string(t.what) + " entry size " + std::to_string(t.entsize.value) +
             " is larger than the " + std::to_string(t.min_entsize) + " bytes of an ELF" +
             (ctx.is64 ? "64" : "32") + " entry; the extra bytes are ignored");
  }
}

void read_segments(Context& ctx, const TableHeader& ph) {
  const ByteReader& f = ctx.file;
  require_table(f, ph, limits::kMaxSegments);
  warn_large_entsize(ctx, ph);
  ctx.image.segments.reserve(ph.count.value);
  ctx.segment_headers.reserve(ph.count.value);
  for (uint64_t i = 0; i < ph.count.value; ++i) {
    const uint64_t p = ph.offset.value + i * ph.entsize.value;
    Segment s;
    s.type = f.u32(p);
    if (ctx.is64) {
      s.flags = f.u32(p + 4);
      s.offset = f.u64(p + 8);
      s.vaddr = f.u64(p + 16);
      s.filesz = f.u64(p + 32);
      s.memsz = f.u64(p + 40);
      s.align = f.u64(p + 48);
    } else {
      s.offset = f.u32(p + 4);
      s.vaddr = f.u32(p + 8);
      s.filesz = f.u32(p + 16);
      s.memsz = f.u32(p + 20);
      s.flags = f.u32(p + 24);
      s.align = f.u32(p + 28);
    }
    ctx.image.segments.push_back(s);
    ctx.segment_headers.push_back(p);
  }
}

void read_sections(Context& ctx, const TableHeader& sh, const Field& shstrndx) {
  const ByteReader& f = ctx.file;
  require_table(f, sh, limits::kMaxSections);
  warn_large_entsize(ctx, sh);
  const uint64_t shnum = sh.count.value;
  ctx.image.sections.reserve(shnum);
  ctx.raw.reserve(shnum);
  for (uint64_t i = 0; i < shnum; ++i) {
    const uint64_t p = sh.offset.value + i * sh.entsize.value;
    Section s;
    RawSection raw;
    raw.header_offset = p;
    raw.name_offset = f.u32(p);
    s.type = f.u32(p + 4);
    if (ctx.is64) {
      s.flags = f.u64(p + 8);
      s.addr = f.u64(p + 16);
      s.offset = f.u64(p + 24);
      s.size = f.u64(p + 32);
      raw.link = f.u32(p + 40);
      raw.info = f.u32(p + 44);
      raw.addralign = f.u64(p + 48);
      raw.entsize = f.u64(p + 56);
    } else {
      s.flags = f.u32(p + 8);
      s.addr = f.u32(p + 12);
      s.offset = f.u32(p + 16);
      s.size = f.u32(p + 20);
      raw.link = f.u32(p + 24);
      raw.info = f.u32(p + 28);
      raw.addralign = f.u32(p + 32);
      raw.entsize = f.u32(p + 36);
    }
    // Section 0 is reserved (SHT_NULL; under extended numbering its sh_size is a count).
    s.has_file_data = i != 0 && s.type != elf::SHT_NOBITS && s.type != 0;
    if (s.has_file_data && !f.contains(s.offset, s.size)) {
      ctx.warn("section " + std::to_string(i) + " at offset " + hex(s.offset) + " (size " +
               std::to_string(s.size) + ") extends past the end of the file; ignored");
      s.has_file_data = false;
    }
    ctx.image.sections.push_back(std::move(s));
    ctx.raw.push_back(raw);
  }
  if (shnum == 0 || shstrndx.value == 0) return;  // SHN_UNDEF: no section name table
  if (shstrndx.value >= shnum) {
    ctx.warn("at offset " + hex(shstrndx.at) + ": section name table index " +
             std::to_string(shstrndx.value) + " is out of range (" + std::to_string(shnum) +
             " sections); section names unknown");
    return;
  }
  if (!ctx.image.sections[shstrndx.value].has_file_data) {
    ctx.warn("at offset " + hex(shstrndx.at) + ": section name table " +
             std::to_string(shstrndx.value) + " has no data in the file; section names unknown");
    return;
  }
  const ByteReader names = ctx.section_reader(shstrndx.value);
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
        throw ParseError(ctx.raw[i].header_offset,
                         "section " + std::to_string(i) + " name offset " + std::to_string(off) +
                             " is past the end of the section name table (" +
                             std::to_string(names.size()) + " bytes)");
      }
      ctx.image.sections[i].name = std::string(names.cstr(off, limits::kMaxStringBytes));
      name_bytes += ctx.image.sections[i].name.size();
    });
  }
}

void read_interpreter(Context& ctx) {
  for (size_t i = 0; i < ctx.image.segments.size(); ++i) {
    if (ctx.image.segments[i].type != elf::PT_INTERP) continue;
    ctx.optional_table("PT_INTERP", [&] {
      const ByteReader r = ctx.segment_reader(i, "PT_INTERP");
      const auto b = r.data();
      if (b.empty() || std::memchr(b.data(), 0, std::min<size_t>(b.size(), limits::kMaxStringBytes)) == nullptr) {
        throw ParseError(r.base(), "interpreter path (" + std::to_string(b.size()) +
                                       " bytes) is not NUL-terminated");
      }
      ctx.image.interpreter = std::string(r.cstr(0, limits::kMaxStringBytes));
    });
    return;
  }
}

}  // namespace elf_detail

Result<Image> read_elf(std::span<const uint8_t> bytes) {
  using namespace elf_detail;
  Image image;
  image.format = Format::elf;
  image.file = bytes;
  try {
    ByteReader probe(bytes, Endian::little);
    probe.require(0, 16, "ELF identification truncated");
    if (probe.u32(0) != 0x464c457f) throw ParseError(0, "not an ELF file (bad magic)");
    const uint8_t cls = probe.u8(4), data = probe.u8(5);
    if (cls != 1 && cls != 2) throw ParseError(4, "invalid ELF class " + std::to_string(cls));
    if (data != 1 && data != 2) throw ParseError(5, "invalid ELF data encoding " + std::to_string(data));
    image.bits = cls == 2 ? 64 : 32;
    image.endian = data == 1 ? Endian::little : Endian::big;
    Context ctx{ByteReader(bytes, image.endian), cls == 2, image, {}, {}, {}, 0};

    const Header header = read_header(ctx);
    read_segments(ctx, header.ph);
    read_sections(ctx, header.sh, header.shstrndx);
    read_interpreter(ctx);
    read_dynamic(ctx);
    read_version_needs(ctx);
    read_symbols(ctx);
    read_notes(ctx);
    if (image.machine == elf::EM_ARM) read_arm_attributes(ctx);
    if (ctx.warnings_dropped != 0)
      image.warnings.push_back(std::to_string(ctx.warnings_dropped) + " further warnings suppressed");
  } catch (const ParseError& e) {
    return e.error();
  }
  return image;
}

}  // namespace crossgo
