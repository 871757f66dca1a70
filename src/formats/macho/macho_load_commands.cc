// The load commands of a Mach-O file (<mach-o/loader.h>), walked with bounds: ncmds is capped,
// each cmdsize must hold a load_command and stay inside sizeofcmds (a cmdsize of 0 or one past the
// end stops the walk with a warning, so the walk always advances), and every lc_str offset must
// point inside its own command and be NUL-terminated there, the checks dyld and
// llvm::object::MachOObjectFile make before trusting a command.
#include <algorithm>
#include <cstring>
#include <optional>

#include "crossgo/limits.h"
#include "formats/macho/macho_internal.h"
#include "formats/macho/macho_names.h"
#include "formats/macho/macho_structs.h"

namespace crossgo::macho {
namespace {

// ld64 writes a few dozen commands; dylibs re-exporting many libraries a few hundred. With
// cmdsize >= 8 the walk is also bounded by sizeofcmds / 8.
constexpr uint64_t kMaxLoadCommands = 1 << 16;
// LC_BUILD_VERSION / LC_VERSION_MIN_* kept: a file has one, a zippered (macCatalyst) one two.
constexpr size_t kMaxBuildVersions = 16;

const char* command_name(uint32_t cmd) {
  switch (cmd) {
    case LC_SEGMENT: return "LC_SEGMENT";
    case LC_SEGMENT_64: return "LC_SEGMENT_64";
    case LC_SYMTAB: return "LC_SYMTAB";
    case LC_LOAD_DYLIB: return "LC_LOAD_DYLIB";
    case LC_LOAD_WEAK_DYLIB: return "LC_LOAD_WEAK_DYLIB";
    case LC_REEXPORT_DYLIB: return "LC_REEXPORT_DYLIB";
    case LC_LAZY_LOAD_DYLIB: return "LC_LAZY_LOAD_DYLIB";
    case LC_LOAD_UPWARD_DYLIB: return "LC_LOAD_UPWARD_DYLIB";
    case LC_ID_DYLIB: return "LC_ID_DYLIB";
    case LC_LOAD_DYLINKER: return "LC_LOAD_DYLINKER";
    case LC_RPATH: return "LC_RPATH";
    case LC_BUILD_VERSION: return "LC_BUILD_VERSION";
    case LC_VERSION_MIN_MACOSX: return "LC_VERSION_MIN_MACOSX";
    case LC_VERSION_MIN_IPHONEOS: return "LC_VERSION_MIN_IPHONEOS";
    case LC_VERSION_MIN_TVOS: return "LC_VERSION_MIN_TVOS";
    case LC_VERSION_MIN_WATCHOS: return "LC_VERSION_MIN_WATCHOS";
    case LC_CODE_SIGNATURE: return "LC_CODE_SIGNATURE";
    case LC_UUID: return "LC_UUID";
    case LC_MAIN: return "LC_MAIN";
    case LC_UNIXTHREAD: return "LC_UNIXTHREAD";
    case LC_ENCRYPTION_INFO: return "LC_ENCRYPTION_INFO";
    case LC_ENCRYPTION_INFO_64: return "LC_ENCRYPTION_INFO_64";
    default: return nullptr;
  }
}

std::string label(uint32_t cmd, uint64_t index, uint64_t offset) {
  const char* n = command_name(cmd);
  return "load command " + std::to_string(index) + " (" + (n != nullptr ? n : "cmd " + hex(cmd)) +
         ") at " + hex(offset);
}

// One command being handled: where it is and how big it says it is.
struct Command {
  uint32_t cmd = 0;
  uint64_t offset = 0, size = 0, index = 0;
  std::string what() const { return label(cmd, index, offset); }
};

// The command's fixed part, or nullopt (with a warning) when cmdsize is too small to hold it.
template <class S>
std::optional<StructView<S>> fixed_part(Context& ctx, const Command& c) {
  if (c.size < sizeof(S)) {
    ctx.warn(c.what() + ": cmdsize " + std::to_string(c.size) + " is smaller than the " +
             std::to_string(sizeof(S)) + " bytes of the command; ignored");
    return std::nullopt;
  }
  return ctx.source.get<S>(c.offset, ctx.endian, "load command");
}

// An lc_str: an offset from the start of the command to a NUL-terminated string inside it.
std::optional<std::string> lc_str(Context& ctx, const Command& c, uint64_t str_offset,
                                  uint64_t fixed_size, const char* field) {
  if (str_offset < fixed_size || str_offset >= c.size) {
    ctx.warn(c.what() + ": " + field + " offset " + std::to_string(str_offset) +
             " is outside the command's string area [" + std::to_string(fixed_size) + ", " +
             std::to_string(c.size) + "); ignored");
    return std::nullopt;
  }
  const auto bytes = ctx.source.read(c.offset + str_offset, c.size - str_offset, "load command string");
  const size_t limit = std::min<size_t>(bytes.size(), limits::kMaxStringBytes);
  const void* nul = std::memchr(bytes.data(), 0, limit);
  if (nul == nullptr) {
    ctx.warn(c.what() + ": " + field + " at offset " + std::to_string(str_offset) +
             (limit < bytes.size() ? " is longer than " + std::to_string(limits::kMaxStringBytes) + " bytes"
                                   : std::string(" is not NUL-terminated within cmdsize")) +
             "; ignored");
    return std::nullopt;
  }
  return std::string(reinterpret_cast<const char*>(bytes.data()),
                     static_cast<size_t>(static_cast<const uint8_t*>(nul) - bytes.data()));
}

bool zerofill(uint32_t section_flags) {
  const uint32_t type = section_flags & SECTION_TYPE;
  return type == S_ZEROFILL || type == S_GB_ZEROFILL || type == S_THREAD_LOCAL_ZEROFILL;
}

template <class Seg, class Sect>
void segment(Context& ctx, const Command& c) {
  const auto seg = fixed_part<Seg>(ctx, c);
  if (!seg) return;
  const std::string segname = fixed_name(seg->raw().segname.bytes);
  const uint64_t vmaddr = (*seg)[seg->raw().vmaddr], vmsize = (*seg)[seg->raw().vmsize];
  const uint64_t fileoff = (*seg)[seg->raw().fileoff], filesize = (*seg)[seg->raw().filesize];
  const auto initprot = static_cast<uint32_t>((*seg)[seg->raw().initprot]);
  uint64_t nsects = (*seg)[seg->raw().nsects];
  if (segname == "__DWARF") ctx.image.has_debug_info = true;
  if (ctx.details.segments.size() < limits::kMaxSegments) {
    ctx.details.segments.push_back({segname, vmaddr, vmsize, fileoff, filesize,
                                    static_cast<uint32_t>((*seg)[seg->raw().maxprot]), initprot,
                                    static_cast<uint32_t>(nsects), static_cast<uint32_t>((*seg)[seg->raw().flags])});
  }
  if (filesize != 0 && !ctx.source.contains(fileoff, filesize)) {
    ctx.warn(c.what() + ": segment " + segname + " (fileoff " + hex(fileoff) + ", filesize " +
             std::to_string(filesize) + ") extends past the end of the file (size " +
             std::to_string(ctx.source.size()) + ")");
  }
  // A segment with no memory (Go's __DWARF) is not loaded: leaving it out keeps address lookups
  // from landing in it instead of the __LINKEDIT that shares its address.
  if (vmsize != 0 && ctx.image.segments.size() < limits::kMaxSegments) {
    Segment s;
    s.name = segname;
    s.vaddr = vmaddr;
    s.memsz = vmsize;
    s.offset = fileoff;
    s.filesz = filesize;
    s.read = (initprot & VM_PROT_READ) != 0;
    s.write = (initprot & VM_PROT_WRITE) != 0;
    s.exec = (initprot & VM_PROT_EXECUTE) != 0;
    ctx.image.segments.push_back(std::move(s));
  }
  const uint64_t room = (c.size - sizeof(Seg)) / sizeof(Sect);
  if (nsects > room) {
    ctx.warn(c.what() + ": segment " + segname + " says nsects " + std::to_string(nsects) +
             " but cmdsize " + std::to_string(c.size) + " holds only " + std::to_string(room) +
             " section headers; the rest are ignored");
    nsects = room;
  }
  for (uint64_t i = 0; i < nsects; ++i) {
    if (ctx.image.sections.size() >= limits::kMaxSections) {
      ctx.warn(c.what() + ": more than " + std::to_string(limits::kMaxSections) + " sections; the rest are ignored");
      return;
    }
    const auto h = ctx.source.get<Sect>(c.offset + sizeof(Seg) + i * sizeof(Sect), ctx.endian, "section header");
    Section s;
    s.name = fixed_name(h->sectname.bytes);
    s.segment = fixed_name(h->segname.bytes);
    s.addr = h[h->addr];
    s.size = h[h->size];
    s.offset = h[h->offset];
    s.flags = h[h->flags];
    s.type = static_cast<uint32_t>(s.flags & SECTION_TYPE);
    const bool debug = (s.flags & S_ATTR_DEBUG) != 0;
    s.alloc = vmsize != 0 && !debug;
    s.write = (initprot & VM_PROT_WRITE) != 0;
    s.exec = (initprot & VM_PROT_EXECUTE) != 0 ||
             (s.flags & (S_ATTR_PURE_INSTRUCTIONS | S_ATTR_SOME_INSTRUCTIONS)) != 0;
    s.has_file_data = !zerofill(static_cast<uint32_t>(s.flags));
    if (s.has_file_data && !ctx.source.contains(s.offset, s.size)) {
      // An empty section's offset means nothing; only a section with bytes is worth a warning.
      if (s.size != 0)
        ctx.warn(c.what() + ": section " + s.segment + "," + s.name + " (offset " + hex(s.offset) + ", size " +
                 std::to_string(s.size) + ") extends past the end of the file (size " +
                 std::to_string(ctx.source.size()) + ")");
      s.has_file_data = false;
    }
    if (s.name == "__debug_info") ctx.image.has_debug_info = true;
    ctx.image.sections.push_back(std::move(s));
  }
}

void dylib(Context& ctx, const Command& c) {
  const auto d = fixed_part<DylibCommand>(ctx, c);
  if (!d) return;
  auto name = lc_str(ctx, c, (*d)[d->raw().name_offset], sizeof(DylibCommand), "dylib name");
  if (!name) return;
  if (c.cmd == LC_ID_DYLIB) {
    if (ctx.image.soname) ctx.warn(c.what() + ": a second LC_ID_DYLIB (" + *name + "); the first is kept");
    else ctx.image.soname = std::move(*name);
    return;
  }
  if (ctx.image.libraries.size() >= limits::kMaxNeeded) {
    ctx.warn(c.what() + ": more than " + std::to_string(limits::kMaxNeeded) + " libraries; " + *name + " ignored");
    return;
  }
  LibraryImport lib;
  lib.name = std::move(*name);
  switch (c.cmd) {
    case LC_LOAD_WEAK_DYLIB: lib.how = LibraryImport::How::weak; break;
    case LC_REEXPORT_DYLIB: lib.how = LibraryImport::How::reexport; break;
    case LC_LAZY_LOAD_DYLIB: lib.how = LibraryImport::How::lazy; break;
    case LC_LOAD_UPWARD_DYLIB: lib.how = LibraryImport::How::upward; break;
    default: lib.how = LibraryImport::How::needed; break;
  }
  ctx.image.libraries.push_back(std::move(lib));
}

void string_command(Context& ctx, const Command& c) {
  const auto s = fixed_part<StringCommand>(ctx, c);
  if (!s) return;
  auto text = lc_str(ctx, c, (*s)[s->raw().offset], sizeof(StringCommand),
                     c.cmd == LC_RPATH ? "path" : "name");
  if (!text) return;
  if (c.cmd == LC_RPATH) {
    if (ctx.image.rpath.size() < limits::kMaxSearchPaths) ctx.image.rpath.push_back(std::move(*text));
    else ctx.warn(c.what() + ": more than " + std::to_string(limits::kMaxSearchPaths) + " LC_RPATH; ignored");
  } else if (ctx.image.interpreter) {
    ctx.warn(c.what() + ": a second LC_LOAD_DYLINKER (" + *text + "); the first is kept");
  } else {
    ctx.image.interpreter = std::move(*text);
  }
}

void add_build_version(Context& ctx, const Command& c, MachOBuildVersion v) {
  if (ctx.details.build_versions.size() >= kMaxBuildVersions) {
    ctx.warn(c.what() + ": more than " + std::to_string(kMaxBuildVersions) + " version commands; ignored");
    return;
  }
  ctx.details.build_versions.push_back(std::move(v));
}

void build_version(Context& ctx, const Command& c) {
  const auto b = fixed_part<BuildVersionCommand>(ctx, c);
  if (!b) return;
  const auto sdk = static_cast<uint32_t>((*b)[b->raw().sdk]);
  add_build_version(ctx, c, {static_cast<uint32_t>((*b)[b->raw().platform]),
                             version_string(static_cast<uint32_t>((*b)[b->raw().minos])),
                             sdk != 0 ? version_string(sdk) : "", "LC_BUILD_VERSION"});
}

void version_min(Context& ctx, const Command& c) {
  const auto v = fixed_part<VersionMinCommand>(ctx, c);
  if (!v) return;
  uint32_t platform = PLATFORM_MACOS;
  if (c.cmd == LC_VERSION_MIN_IPHONEOS) platform = PLATFORM_IOS;
  if (c.cmd == LC_VERSION_MIN_TVOS) platform = PLATFORM_TVOS;
  if (c.cmd == LC_VERSION_MIN_WATCHOS) platform = PLATFORM_WATCHOS;
  const auto sdk = static_cast<uint32_t>((*v)[v->raw().sdk]);
  add_build_version(ctx, c, {platform, version_string(static_cast<uint32_t>((*v)[v->raw().version])),
                             sdk != 0 ? version_string(sdk) : "", command_name(c.cmd)});
}

void uuid(Context& ctx, const Command& c) {
  const auto u = fixed_part<UuidCommand>(ctx, c);
  if (!u) return;
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string s;
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
    s += kHex[u->raw().uuid.bytes[i] >> 4];
    s += kHex[u->raw().uuid.bytes[i] & 0xf];
  }
  ctx.details.uuid = std::move(s);
}

void code_signature(Context& ctx, const Command& c) {
  const auto l = fixed_part<LinkeditDataCommand>(ctx, c);
  if (!l) return;
  ctx.details.has_code_signature = true;
  const uint64_t off = (*l)[l->raw().dataoff], size = (*l)[l->raw().datasize];
  if (!ctx.source.contains(off, size)) {
    ctx.warn(c.what() + ": code signature (dataoff " + hex(off) + ", datasize " + std::to_string(size) +
             ") extends past the end of the file (size " + std::to_string(ctx.source.size()) + ")");
  }
}

// LC_UNIXTHREAD: the initial register state; its program counter is the entry address (what
// executables without LC_MAIN use: Go's internal linker on amd64, ld64 for old deployment targets).
void unix_thread(Context& ctx, const Command& c) {
  const auto t = fixed_part<ThreadCommand>(ctx, c);
  if (!t) return;
  const auto flavor = static_cast<uint32_t>((*t)[t->raw().flavor]);
  const uint32_t cpu = ctx.details.cputype;
  uint64_t index = 0, width = 0;
  if (cpu == CPU_TYPE_X86_64 && flavor == x86_THREAD_STATE64) index = 16, width = 8;
  else if (cpu == CPU_TYPE_ARM64 && flavor == ARM_THREAD_STATE64) index = 32, width = 8;
  else if (cpu == CPU_TYPE_X86 && flavor == x86_THREAD_STATE32) index = 10, width = 4;
  else if (cpu == CPU_TYPE_ARM && flavor == ARM_THREAD_STATE) index = 15, width = 4;
  else return;  // a flavor whose layout is not known here: no entry rather than a wrong one
  const uint64_t at = sizeof(ThreadCommand) + index * width;
  if (at + width > c.size) {
    ctx.warn(c.what() + ": thread state ends before its program counter (cmdsize " + std::to_string(c.size) + ")");
    return;
  }
  const ByteReader r = ctx.source.reader(c.offset + at, width, ctx.endian, "LC_UNIXTHREAD program counter");
  if (ctx.image.entry == 0) ctx.image.entry = r.word(0, width == 8);
}

void command(Context& ctx, const Command& c) {
  switch (c.cmd) {
    case LC_SEGMENT: segment<SegmentCommand, Section32>(ctx, c); break;
    case LC_SEGMENT_64: segment<SegmentCommand64, Section64>(ctx, c); break;
    case LC_LOAD_DYLIB:
    case LC_LOAD_WEAK_DYLIB:
    case LC_REEXPORT_DYLIB:
    case LC_LAZY_LOAD_DYLIB:
    case LC_LOAD_UPWARD_DYLIB:
    case LC_ID_DYLIB: dylib(ctx, c); break;
    case LC_LOAD_DYLINKER:
    case LC_RPATH: string_command(ctx, c); break;
    case LC_BUILD_VERSION: build_version(ctx, c); break;
    case LC_VERSION_MIN_MACOSX:
    case LC_VERSION_MIN_IPHONEOS:
    case LC_VERSION_MIN_TVOS:
    case LC_VERSION_MIN_WATCHOS: version_min(ctx, c); break;
    case LC_UUID: uuid(ctx, c); break;
    case LC_UNIXTHREAD: unix_thread(ctx, c); break;
    case LC_CODE_SIGNATURE: code_signature(ctx, c); break;
    case LC_MAIN:
      if (const auto e = fixed_part<EntryPointCommand>(ctx, c)) ctx.details.entryoff = (*e)[e->raw().entryoff];
      break;
    case LC_SYMTAB:
      if (fixed_part<SymtabCommand>(ctx, c)) {
        if (ctx.image.has_symtab || ctx.image.visit_symbols) ctx.warn(c.what() + ": a second LC_SYMTAB; ignored");
        else read_symtab(ctx, c.offset);
      }
      break;
    case LC_ENCRYPTION_INFO:
    case LC_ENCRYPTION_INFO_64:
      if (const auto e = fixed_part<EncryptionInfoCommand>(ctx, c))
        ctx.details.encrypted = ctx.details.encrypted || (*e)[e->raw().cryptid] != 0;
      break;
    default: break;  // commands that say nothing crossgo reports
  }
}

}  // namespace

void walk_load_commands(Context& ctx, uint32_t ncmds, uint32_t sizeofcmds) {
  uint64_t count = ncmds;
  if (count > kMaxLoadCommands) {
    ctx.warn("ncmds " + std::to_string(count) + " exceeds the cap of " + std::to_string(kMaxLoadCommands) +
             "; only the first " + std::to_string(kMaxLoadCommands) + " load commands are read");
    count = kMaxLoadCommands;
  }
  // ld64 keeps commands 8-aligned in 64-bit files, 4-aligned in 32-bit ones; misalignment only
  // slows dyld, so it is worth a word but not a failure.
  const uint64_t align = ctx.is64 ? 8 : 4;
  const uint64_t end = ctx.commands_offset + sizeofcmds;  // checked against the file by the header
  uint64_t off = ctx.commands_offset;
  for (uint64_t i = 0; i < count; ++i) {
    if (end - off < sizeof(LoadCommand)) {
      ctx.warn("load command " + std::to_string(i) + " at " + hex(off) + ": sizeofcmds " +
               std::to_string(sizeofcmds) + " ends before it (ncmds " + std::to_string(ncmds) +
               "); the remaining " + std::to_string(count - i) + " commands are ignored");
      return;
    }
    const auto lc = ctx.source.get<LoadCommand>(off, ctx.endian, "load command");
    const Command c{static_cast<uint32_t>(lc[lc->cmd]), off, lc[lc->cmdsize], i};
    if (c.size < sizeof(LoadCommand) || c.size > end - off) {
      ctx.warn(c.what() + ": cmdsize " + std::to_string(c.size) +
               (c.size < sizeof(LoadCommand) ? " is smaller than 8" : " extends past sizeofcmds " + std::to_string(sizeofcmds)) +
               "; it and the remaining " + std::to_string(count - i - 1) + " commands are ignored");
      return;
    }
    if (c.size % align != 0) {
      ctx.warn(c.what() + ": cmdsize " + std::to_string(c.size) + " is not a multiple of " + std::to_string(align));
    }
    command(ctx, c);
    off += c.size;
  }
}

}  // namespace crossgo::macho
