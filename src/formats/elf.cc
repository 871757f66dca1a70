// ELF reader: file header, program headers, section headers, interpreter. Layout per the System V
// gABI ("ELF Header", "Program Header", "Sections"); optional tables live in elf_dynamic.cc and
// elf_notes.cc. Structural damage (header, tables that do not fit the file) fails the read.
#include <cstdio>
#include <string>

#include "crossgo/elf.h"
#include "crossgo/limits.h"
#include "formats/elf_internal.h"

namespace crossgo {
namespace elf_detail {

namespace {

constexpr uint16_t kShnXindex = 0xffff;  // e_shstrndx escape: real index in section 0's sh_link
constexpr uint16_t kPnXnum = 0xffff;     // e_phnum escape: real count in section 0's sh_info

std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

// A table of `count` entries of `entsize` bytes at `off` must lie inside the file. Checked with
// division so that hostile counts cannot overflow the multiplication.
void require_table(const ByteReader& file, uint64_t off, uint64_t count, uint64_t entsize,
                   uint64_t min_entsize, const char* what, uint64_t field_offset) {
  if (count == 0) return;
  if (entsize < min_entsize) {
    throw ParseError(field_offset, std::string(what) + " entry size " + std::to_string(entsize) +
                                       " is smaller than " + std::to_string(min_entsize));
  }
  if (off > file.size() || count > (file.size() - off) / entsize) {
    throw ParseError(off, std::string(what) + " table (" + std::to_string(count) + " entries of " +
                              std::to_string(entsize) + " bytes at " + hex(off) +
                              ") extends past the end of the file (size " +
                              std::to_string(file.size()) + ")");
  }
}

}  // namespace

ByteReader Context::section_reader(size_t index) const {
  const Section& s = image.sections.at(index);
  if (!s.has_file_data) return ByteReader({}, file.endian(), s.offset);
  if (!file.contains(s.offset, s.size)) {
    throw ParseError(s.offset, "section " + (s.name.empty() ? std::to_string(index) : s.name) +
                                   " (size " + std::to_string(s.size) +
                                   ") extends past the end of the file");
  }
  return file.sub(s.offset, s.size);
}

std::optional<uint64_t> Context::vaddr_to_offset(uint64_t addr) const {
  for (const auto& seg : image.segments) {
    if (seg.type != elf::PT_LOAD || addr < seg.vaddr) continue;
    uint64_t rel = addr - seg.vaddr;
    if (rel < seg.filesz) return seg.offset + rel;
  }
  return std::nullopt;
}

void read_header(Context& ctx, uint64_t& phoff, uint64_t& shoff, uint64_t& phnum,
                 uint64_t& shnum, uint64_t& shstrndx, uint16_t& phentsize, uint16_t& shentsize) {
  const ByteReader& f = ctx.file;
  Image& img = ctx.image;
  const uint64_t w = ctx.is64 ? 8 : 4;
  f.require(0, ctx.is64 ? 64 : 52, "ELF header truncated");
  img.osabi = f.u8(7);
  img.abi_version = f.u8(8);
  img.elf_type = f.u16(16);
  img.machine = f.u16(18);
  img.entry = f.word(24, ctx.is64);
  phoff = f.word(24 + w, ctx.is64);
  shoff = f.word(24 + 2 * w, ctx.is64);
  const uint64_t rest = 24 + 3 * w;  // e_flags onwards
  img.machine_flags = f.u32(rest);
  phentsize = f.u16(rest + 6);
  phnum = f.u16(rest + 8);
  shentsize = f.u16(rest + 10);
  shnum = f.u16(rest + 12);
  shstrndx = f.u16(rest + 14);

  // Extended numbering (gABI "Section Header Table", section 0): counts too large for the 16-bit
  // header fields live in the first section header.
  if (shoff != 0 && (shnum == 0 || shstrndx == kShnXindex || phnum == kPnXnum)) {
    const uint64_t min = ctx.is64 ? 64 : 40;
    require_table(f, shoff, 1, shentsize, min, "section header", rest + 10);
    if (shnum == 0) shnum = f.word(shoff + (ctx.is64 ? 32 : 20), ctx.is64);
    if (shstrndx == kShnXindex) shstrndx = f.u32(shoff + (ctx.is64 ? 40 : 24));
    if (phnum == kPnXnum) phnum = f.u32(shoff + (ctx.is64 ? 44 : 28));
  }
  if (shoff == 0) shnum = 0;
  if (phoff == 0) phnum = 0;
}

void read_segments(Context& ctx, uint64_t phoff, uint64_t phnum, uint16_t phentsize) {
  const ByteReader& f = ctx.file;
  if (phnum > limits::kMaxSegments) {
    throw ParseError(phoff, "program header count " + std::to_string(phnum) + " exceeds the cap of " +
                                std::to_string(limits::kMaxSegments));
  }
  require_table(f, phoff, phnum, phentsize, ctx.is64 ? 56 : 32, "program header",
                ctx.is64 ? 54 : 42);
  ctx.image.segments.reserve(phnum);
  for (uint64_t i = 0; i < phnum; ++i) {
    const uint64_t p = phoff + i * phentsize;
    Segment s;
    s.type = f.u32(p);
    if (ctx.is64) {
      s.flags = f.u32(p + 4);
      s.offset = f.u64(p + 8);
      s.vaddr = f.u64(p + 16);
      s.filesz = f.u64(p + 32);
      s.memsz = f.u64(p + 40);
    } else {
      s.offset = f.u32(p + 4);
      s.vaddr = f.u32(p + 8);
      s.filesz = f.u32(p + 16);
      s.memsz = f.u32(p + 20);
      s.flags = f.u32(p + 24);
    }
    ctx.image.segments.push_back(s);
  }
}

void read_sections(Context& ctx, uint64_t shoff, uint64_t shnum, uint64_t shstrndx,
                   uint16_t shentsize) {
  const ByteReader& f = ctx.file;
  if (shnum > limits::kMaxSections) {
    throw ParseError(shoff, "section header count " + std::to_string(shnum) + " exceeds the cap of " +
                                std::to_string(limits::kMaxSections));
  }
  require_table(f, shoff, shnum, shentsize, ctx.is64 ? 64 : 40, "section header",
                ctx.is64 ? 58 : 46);
  ctx.image.sections.reserve(shnum);
  ctx.raw.reserve(shnum);
  for (uint64_t i = 0; i < shnum; ++i) {
    const uint64_t p = shoff + i * shentsize;
    Section s;
    RawSection raw;
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
    s.has_file_data = s.type != elf::SHT_NOBITS && s.type != 0;
    if (s.has_file_data && !f.contains(s.offset, s.size) && i != 0) {
      ctx.image.warnings.push_back("section " + std::to_string(i) + " at offset " + hex(s.offset) +
                                   " (size " + std::to_string(s.size) +
                                   ") extends past the end of the file; ignored");
      s.has_file_data = false;
    }
    ctx.image.sections.push_back(std::move(s));
    ctx.raw.push_back(raw);
  }
  if (shnum == 0) return;
  if (shstrndx >= shnum || shstrndx == 0) {
    if (shstrndx != 0) {
      ctx.image.warnings.push_back("section name table index " + std::to_string(shstrndx) +
                                   " is out of range; section names unknown");
    }
    return;
  }
  ctx.optional_table("section names", [&] {
    ByteReader names = ctx.section_reader(shstrndx);
    for (size_t i = 0; i < ctx.image.sections.size(); ++i) {
      if (ctx.raw[i].name_offset == 0 && i == 0) continue;
      ctx.image.sections[i].name = std::string(names.cstr(ctx.raw[i].name_offset, limits::kMaxStringBytes));
    }
  });
}

void read_interpreter(Context& ctx) {
  for (const auto& seg : ctx.image.segments) {
    if (seg.type != elf::PT_INTERP) continue;
    ctx.optional_table("PT_INTERP", [&] {
      ByteReader r = ctx.file.sub(seg.offset, seg.filesz);
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
    Context ctx{ByteReader(bytes, image.endian), cls == 2, image, {}, {}};

    uint64_t phoff = 0, shoff = 0, phnum = 0, shnum = 0, shstrndx = 0;
    uint16_t phentsize = 0, shentsize = 0;
    read_header(ctx, phoff, shoff, phnum, shnum, shstrndx, phentsize, shentsize);
    read_segments(ctx, phoff, phnum, phentsize);
    read_sections(ctx, shoff, shnum, shstrndx, shentsize);
    read_interpreter(ctx);
    read_dynamic(ctx);
    read_version_needs(ctx);
    read_symbols(ctx);
    read_notes(ctx);
    if (image.machine == elf::EM_ARM) read_arm_attributes(ctx);
  } catch (const ParseError& e) {
    return e.error();
  }
  return image;
}

}  // namespace crossgo
