// Mach-O reader: the mach_header(_64) of <mach-o/loader.h>, then the load commands
// (macho_load_commands.cc) and the symbol table (macho_symbols.cc). A header that is not all in
// the file, or load commands (sizeofcmds) that run past it, fail the read; damage inside one
// load command is a warning and the rest of the file is still reported, as otool and
// llvm-objdump keep printing the commands they can.
#include <algorithm>
#include <cstdio>
#include <cstring>

#include "crossgo/format_registry.h"
#include "crossgo/limits.h"
#include "formats/macho/macho_internal.h"
#include "formats/macho/macho_names.h"
#include "formats/macho/macho_structs.h"
#include "crossgo/hex.h"

namespace crossgo {
namespace macho {

std::string fixed_name(const uint8_t (&bytes)[16]) {
  const void* nul = std::memchr(bytes, 0, sizeof bytes);
  const size_t n = nul != nullptr ? static_cast<size_t>(static_cast<const uint8_t*>(nul) - bytes) : sizeof bytes;
  return std::string(reinterpret_cast<const char*>(bytes), n);
}

void Context::warn(std::string message) {
  if (image.warnings.size() < limits::kMaxWarnings) {
    image.warnings.push_back(std::move(message));
    return;
  }
  if (warnings_dropped++ == 0) image.warnings.push_back("further Mach-O warnings suppressed");
}

namespace {

uint32_t first_word_le(std::span<const uint8_t> head) {
  return static_cast<uint32_t>(head[0]) | static_cast<uint32_t>(head[1]) << 8 |
         static_cast<uint32_t>(head[2]) << 16 | static_cast<uint32_t>(head[3]) << 24;
}

bool matches(std::span<const uint8_t> head) {
  if (head.size() < 4) return false;
  const uint32_t m = first_word_le(head);
  return m == MH_MAGIC || m == MH_CIGAM || m == MH_MAGIC_64 || m == MH_CIGAM_64;
}

CpuArch cpu_arch(uint32_t cputype) {
  switch (cputype) {
    case CPU_TYPE_X86: return CpuArch::x86;
    case CPU_TYPE_X86_64: return CpuArch::x86_64;
    case CPU_TYPE_ARM: return CpuArch::arm;
    case CPU_TYPE_ARM64:
    case CPU_TYPE_ARM64_32: return CpuArch::arm64;
    case CPU_TYPE_POWERPC: return CpuArch::ppc;
    case CPU_TYPE_POWERPC64: return CpuArch::ppc64;
    case CPU_TYPE_SPARC: return CpuArch::sparc;
    default: return CpuArch::unknown;
  }
}

ObjectKind object_kind(uint32_t filetype) {
  switch (filetype) {
    case MH_EXECUTE:
    case MH_PRELOAD: return ObjectKind::executable;
    case MH_DYLIB:
    case MH_FVMLIB:
    case MH_DYLIB_STUB:
    case MH_DYLINKER: return ObjectKind::shared_library;
    case MH_BUNDLE:
    case MH_KEXT_BUNDLE: return ObjectKind::bundle;
    case MH_OBJECT: return ObjectKind::relocatable;
    case MH_CORE: return ObjectKind::core;
    default: return ObjectKind::unknown;
  }
}

// The header fields both layouts share (mach_header_64 only adds `reserved`).
template <class H>
void read_header(Context& ctx, const StructView<H>& h, uint64_t header_size) {
  MachODetails& d = ctx.details;
  d.cputype = static_cast<uint32_t>(h[h->cputype]);
  d.cpusubtype = static_cast<uint32_t>(h[h->cpusubtype]);
  d.filetype = static_cast<uint32_t>(h[h->filetype]);
  d.ncmds = static_cast<uint32_t>(h[h->ncmds]);
  d.sizeofcmds = static_cast<uint32_t>(h[h->sizeofcmds]);
  d.flags = static_cast<uint32_t>(h[h->flags]);
  d.arch_name = arch_name(d.cputype, d.cpusubtype);
  ctx.commands_offset = header_size;
  ctx.sizeofcmds_at = h.at(h->sizeofcmds);
  if (d.sizeofcmds > ctx.source.size() - header_size) {
    throw ParseError(ctx.sizeofcmds_at,
                     "sizeofcmds " + std::to_string(d.sizeofcmds) + ": the load commands (from " +
                         hex(header_size) + ") extend past the end of the file (size " +
                         std::to_string(ctx.source.size()) + ")");
  }
}

// LC_MAIN's entryoff is a file offset; the entry address is where that byte is loaded.
void resolve_entry(Context& ctx) {
  if (!ctx.details.entryoff) return;
  const uint64_t off = *ctx.details.entryoff;
  for (const Segment& s : ctx.image.segments) {
    if (off >= s.offset && off - s.offset < s.filesz) {
      ctx.image.entry = s.vaddr + (off - s.offset);
      return;
    }
  }
  ctx.warn("LC_MAIN entryoff " + hex(off) + " is not inside any segment's file range");
}

Result<Image> read(ByteSource& source) {
  Image image;
  image.format = Format::macho;
  image.source = &source;
  MachODetails& d = image.macho.emplace();
  try {
    const auto head = source.read(0, 4, "Mach-O magic");
    d.magic = first_word_le(head);
    Context ctx{source, image, d};
    switch (d.magic) {
      case MH_MAGIC: ctx.endian = Endian::little; break;
      case MH_CIGAM: ctx.endian = Endian::big; break;
      case MH_MAGIC_64: ctx.endian = Endian::little; ctx.is64 = true; break;
      case MH_CIGAM_64: ctx.endian = Endian::big; ctx.is64 = true; break;
      default: throw ParseError(0, "not a Mach-O file: magic " + hex(d.magic));
    }
    image.bits = ctx.is64 ? 64 : 32;
    image.endian = ctx.endian;
    if (ctx.is64) {
      read_header(ctx, source.get<MachHeader64>(0, ctx.endian, "mach_header_64"), sizeof(MachHeader64));
    } else {
      read_header(ctx, source.get<MachHeader>(0, ctx.endian, "mach_header"), sizeof(MachHeader));
    }
    image.arch = cpu_arch(d.cputype);
    image.machine = machine_string(d.cputype, d.cpusubtype);
    image.kind = object_kind(d.filetype);
    image.position_independent = (d.flags & MH_PIE) != 0;
    walk_load_commands(ctx, d.ncmds, d.sizeofcmds);
    resolve_entry(ctx);
  } catch (const ParseError& e) {
    return e.error();
  }
  return image;
}

}  // namespace
}  // namespace macho

const FormatReader kMachOReader = {Format::macho, macho::matches, macho::read};

}  // namespace crossgo
