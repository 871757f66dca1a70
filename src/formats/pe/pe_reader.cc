// PE/COFF reader: DOS header → "PE\0\0" → COFF file header → optional header (PE32 / PE32+) →
// section table, per the Microsoft "PE Format" specification. A COFF object file (no DOS stub, no
// optional header) is read too, as a relocatable. Import tables are in pe_imports.cc, the COFF
// symbol and string tables in pe_symbols.cc. Damage in the headers or the section table fails the
// read; damage in the optional tables is a warning.
#include <algorithm>
#include <string>

#include "crossgo/format_registry.h"
#include "crossgo/limits.h"
#include "formats/pe/pe_internal.h"
#include "crossgo/hex.h"

namespace crossgo {
namespace pe {

namespace {

struct MachineInfo {
  uint16_t value;
  const char* name;
  CpuArch arch;
  int bits;  // for COFF objects, which have no optional header to say
};

// "Machine Types" (the ones a loader or Go's debug/pe knows; others are named by value only).
constexpr MachineInfo kMachines[] = {
    {kMachineI386, "IMAGE_FILE_MACHINE_I386", CpuArch::x86, 32},
    {kMachineAmd64, "IMAGE_FILE_MACHINE_AMD64", CpuArch::x86_64, 64},
    {kMachineArm64, "IMAGE_FILE_MACHINE_ARM64", CpuArch::arm64, 64},
    {kMachineArmNt, "IMAGE_FILE_MACHINE_ARMNT", CpuArch::arm, 32},
    {0x01c0, "IMAGE_FILE_MACHINE_ARM", CpuArch::arm, 32},
    {0x01c2, "IMAGE_FILE_MACHINE_THUMB", CpuArch::arm, 32},
    {0xa641, "IMAGE_FILE_MACHINE_ARM64EC", CpuArch::arm64, 64},
    {0x5032, "IMAGE_FILE_MACHINE_RISCV32", CpuArch::riscv32, 32},
    {0x5064, "IMAGE_FILE_MACHINE_RISCV64", CpuArch::riscv64, 64},
    {0x6264, "IMAGE_FILE_MACHINE_LOONGARCH64", CpuArch::loong64, 64},
    {0x0200, "IMAGE_FILE_MACHINE_IA64", CpuArch::unknown, 64},
};

const MachineInfo* machine_info(uint16_t m) {
  for (const auto& i : kMachines)
    if (i.value == m) return &i;
  return nullptr;
}

// The fields both optional-header layouts have, decoded.
struct OptionalFields {
  uint64_t image_base = 0;
  uint32_t entry_rva = 0;
  uint32_t rva_count = 0;
  uint64_t rva_count_at = 0;
  uint64_t fixed_size = 0;  // bytes before the data directories
};

template <class H>
OptionalFields read_optional(ByteSource& source, uint64_t off, PeDetails& d) {
  const auto h = source.get<H>(off, Endian::little, "optional header");
  d.major_linker_version = static_cast<uint8_t>(h[h->MajorLinkerVersion]);
  d.minor_linker_version = static_cast<uint8_t>(h[h->MinorLinkerVersion]);
  d.major_os_version = static_cast<uint16_t>(h[h->MajorOperatingSystemVersion]);
  d.minor_os_version = static_cast<uint16_t>(h[h->MinorOperatingSystemVersion]);
  d.major_subsystem_version = static_cast<uint16_t>(h[h->MajorSubsystemVersion]);
  d.minor_subsystem_version = static_cast<uint16_t>(h[h->MinorSubsystemVersion]);
  d.subsystem = static_cast<uint16_t>(h[h->Subsystem]);
  d.dll_characteristics = static_cast<uint16_t>(h[h->DllCharacteristics]);
  OptionalFields f;
  f.image_base = h[h->ImageBase];
  f.entry_rva = static_cast<uint32_t>(h[h->AddressOfEntryPoint]);
  f.rva_count = static_cast<uint32_t>(h[h->NumberOfRvaAndSizes]);
  f.rva_count_at = h.at(h->NumberOfRvaAndSizes);
  f.fixed_size = sizeof(H);
  return f;
}

// Section names: 8 bytes, NUL-padded; "/123" names offset 123 of the COFF string table (images
// use this for Go's and GCC's long DWARF section names, although the specification reserves it
// for object files).
std::string section_name(Context& ctx, const SectionHeader& h, uint64_t header_offset) {
  const char* p = reinterpret_cast<const char*>(h.Name.bytes);
  const std::string shortname(p, std::find(p, p + 8, '\0'));
  if (shortname.size() < 2 || shortname[0] != '/') return shortname;
  uint64_t offset = 0;
  for (size_t i = 1; i < shortname.size(); ++i) {
    if (shortname[i] < '0' || shortname[i] > '9') return shortname;  // "//base64": not decoded
    offset = offset * 10 + static_cast<uint64_t>(shortname[i] - '0');
  }
  if (auto name = ctx.string_table_name(offset)) return std::string(*name);
  ctx.warn("section header at " + hex(header_offset) + ": long name " + shortname +
           " is not in the COFF string table");
  return shortname;
}

void read_sections(Context& ctx, uint64_t table_offset, uint64_t count, uint64_t count_at, bool is_image) {
  ByteSource& source = ctx.source;
  if (!source.contains(table_offset, count * sizeof(SectionHeader))) {
    throw ParseError(count_at, "NumberOfSections " + std::to_string(count) + ": the section table at " +
                                   hex(table_offset) + " extends past the end of the file (size " +
                                   std::to_string(source.size()) + ")");
  }
  const uint64_t base = ctx.image.image_base;
  for (uint64_t i = 0; i < count; ++i) {
    const uint64_t at = table_offset + i * sizeof(SectionHeader);
    const auto h = source.get<SectionHeader>(at, Endian::little, "section header");
    const uint32_t vsize = static_cast<uint32_t>(h[h->VirtualSize]);
    const uint32_t va = static_cast<uint32_t>(h[h->VirtualAddress]);
    const uint32_t raw_size = static_cast<uint32_t>(h[h->SizeOfRawData]);
    const uint32_t raw_ptr = static_cast<uint32_t>(h[h->PointerToRawData]);
    const uint32_t flags = static_cast<uint32_t>(h[h->Characteristics]);

    Section s;
    s.name = section_name(ctx, h.raw(), at);
    s.flags = flags;
    s.write = (flags & kScnMemWrite) != 0;
    s.exec = (flags & kScnMemExecute) != 0;
    // The loader maps every section of an image; in an object file, sections the linker drops
    // (LNK_REMOVE, e.g. .drectve) and discardable ones (debug) never reach memory.
    s.alloc = is_image ? va != 0
                       : (flags & (kScnMemRead | kScnMemWrite | kScnMemExecute)) != 0 &&
                             (flags & (kScnLnkRemove | kScnMemDiscardable)) == 0;
    // "VirtualSize: if this value is greater than SizeOfRawData, the section is zero-padded":
    // only min(VirtualSize, SizeOfRawData) bytes come from the file (the rest is alignment
    // padding). Object files have VirtualSize 0.
    const uint32_t file_size = is_image && vsize != 0 ? std::min(vsize, raw_size) : raw_size;
    s.has_file_data = file_size != 0 && raw_ptr != 0;
    if (s.has_file_data && !source.contains(raw_ptr, file_size)) {
      ctx.warn("section " + s.name + " (header at " + hex(at) + "): data at file offset " + hex(raw_ptr) + ", size " +
               std::to_string(file_size) + ", extends past the end of the file; its data is ignored");
      s.has_file_data = false;
    }
    s.offset = raw_ptr;
    s.addr = is_image ? va + base : va;
    s.size = s.has_file_data ? file_size : (vsize != 0 ? vsize : raw_size);
    ctx.details.section_names.push_back(s.name);
    ctx.image.sections.push_back(s);
    ctx.raw.push_back({va, s.has_file_data ? file_size : 0, raw_ptr, at});

    if (is_image && va != 0) {
      Segment seg;
      seg.vaddr = s.addr;
      seg.memsz = vsize != 0 ? vsize : raw_size;
      seg.offset = raw_ptr;
      seg.filesz = s.has_file_data ? file_size : 0;
      seg.read = (flags & kScnMemRead) != 0;
      seg.write = s.write;
      seg.exec = s.exec;
      ctx.image.segments.push_back(seg);
    }
  }
}

void read_directories(Context& ctx, uint64_t offset, const OptionalFields& f, uint64_t optional_size) {
  uint64_t n = f.rva_count;
  if (n > kMaxDataDirectories) {
    ctx.warn("NumberOfRvaAndSizes (at " + hex(f.rva_count_at) + ") is " + std::to_string(n) +
             "; only the 16 data directories the specification defines are read");
    n = kMaxDataDirectories;
  }
  const uint64_t room = (optional_size - f.fixed_size) / sizeof(DataDirectory);
  if (n > room) {
    ctx.warn("NumberOfRvaAndSizes " + std::to_string(n) + " (at " + hex(f.rva_count_at) + ") does not fit SizeOfOptionalHeader " +
             std::to_string(optional_size) + "; " + std::to_string(room) + " data directories read");
    n = room;
  }
  for (uint64_t i = 0; i < n; ++i) {
    const auto d = ctx.source.get<DataDirectory>(offset + f.fixed_size + i * sizeof(DataDirectory),
                                                 Endian::little, "data directory");
    ctx.directories.push_back({static_cast<uint32_t>(d[d->VirtualAddress]), static_cast<uint32_t>(d[d->Size]), d.offset()});
  }
}

void read_flag_directories(Context& ctx) {
  // "The Attribute Certificate Table": its VirtualAddress is a file offset, and the table is
  // not mapped into memory.
  const uint32_t cert_off = ctx.directory(kDirSecurity).rva, cert_size = ctx.directory(kDirSecurity).size;
  if (cert_off != 0 && cert_size != 0) {
    if (ctx.source.contains(cert_off, cert_size)) {
      ctx.details.has_certificate = true;
    } else {
      ctx.warn("certificate table (file offset " + hex(cert_off) + ", size " + std::to_string(cert_size) +
               ") extends past the end of the file");
    }
  }
  ctx.details.has_debug_directory = ctx.directory(kDirDebug).rva != 0 && ctx.directory(kDirDebug).size != 0;
}

// Tables a loader can do without: damage there is a warning, the rest of the file still counts.
template <class F>
void optional_table(Context& ctx, const char* what, F&& read) {
  try {
    read();
  } catch (const ParseError& e) {
    ctx.warn(std::string(what) + ": " + e.what() + " (at " + hex(e.offset()) + ")");
  }
}

Result<Image> read(ByteSource& source) {
  Image image;
  image.format = Format::pe;
  image.source = &source;
  image.endian = Endian::little;
  PeDetails details;
  Context ctx{source, image, details, {}, {}, 0, 0};
  try {
    // A PE image starts with an MS-DOS stub; a COFF object starts directly with the file header.
    uint64_t header_at = 0;
    const bool is_image = source.size() >= 2 && source.reader(0, 2, Endian::little, "magic").u16(0) == kDosMagic;
    if (is_image) {
      const auto dos = source.get<DosHeader>(0, Endian::little, "DOS header");
      const uint64_t lfanew = dos[dos->e_lfanew];
      if (!source.contains(lfanew, 4 + sizeof(FileHeader))) {
        throw ParseError(dos.at(dos->e_lfanew), "e_lfanew " + hex(lfanew) + ": the PE signature and COFF header " +
                                                    "extend past the end of the file (size " +
                                                    std::to_string(source.size()) + ")");
      }
      const uint32_t sig = source.reader(lfanew, 4, Endian::little, "PE signature").u32(0);
      if (sig != kPeSignature)
        throw ParseError(lfanew, "no PE signature (PE\\0\\0) at e_lfanew " + hex(lfanew) + ": found " + hex(sig));
      header_at = lfanew + 4;
    }
    const auto fh = source.get<FileHeader>(header_at, Endian::little, "COFF file header");
    details.machine = static_cast<uint16_t>(fh[fh->Machine]);
    details.characteristics = static_cast<uint16_t>(fh[fh->Characteristics]);
    details.timestamp = static_cast<uint32_t>(fh[fh->TimeDateStamp]);
    const MachineInfo* mi = machine_info(details.machine);
    image.arch = mi != nullptr ? mi->arch : CpuArch::unknown;
    image.machine = std::string(mi != nullptr ? mi->name : "IMAGE_FILE_MACHINE") + " (" + hex(details.machine) + ")";

    const uint64_t opt_at = header_at + sizeof(FileHeader);
    const uint64_t opt_size = fh[fh->SizeOfOptionalHeader];
    if (is_image && opt_size == 0)
      throw ParseError(fh.at(fh->SizeOfOptionalHeader), "SizeOfOptionalHeader is 0 in an image (MZ) file");
    if (opt_size != 0) {
      if (opt_size < 2 || !source.contains(opt_at, opt_size)) {
        throw ParseError(fh.at(fh->SizeOfOptionalHeader), "SizeOfOptionalHeader " + std::to_string(opt_size) +
                                                              ": the optional header at " + hex(opt_at) +
                                                              " does not fit in the file");
      }
      const uint16_t magic = source.reader(opt_at, 2, Endian::little, "optional header").u16(0);
      if (magic != kMagicPe32 && magic != kMagicPe32Plus)
        throw ParseError(opt_at, "optional header magic " + hex(magic) + " is neither PE32 (0x10b) nor PE32+ (0x20b)");
      details.has_optional_header = true;
      details.pe32_plus = magic == kMagicPe32Plus;
      const uint64_t need = details.pe32_plus ? sizeof(OptionalHeader64) : sizeof(OptionalHeader32);
      if (opt_size < need) {
        throw ParseError(fh.at(fh->SizeOfOptionalHeader),
                         "SizeOfOptionalHeader " + std::to_string(opt_size) + " is smaller than the " +
                             std::to_string(need) + " bytes of a " + (details.pe32_plus ? "PE32+" : "PE32") +
                             " optional header");
      }
      const OptionalFields f = details.pe32_plus ? read_optional<OptionalHeader64>(source, opt_at, details)
                                                 : read_optional<OptionalHeader32>(source, opt_at, details);
      image.bits = details.pe32_plus ? 64 : 32;
      image.image_base = f.image_base;
      image.entry = f.entry_rva != 0 ? f.image_base + f.entry_rva : 0;
      read_directories(ctx, opt_at, f, opt_size);
    } else {
      image.bits = mi != nullptr ? mi->bits : 32;
    }

    if (opt_size == 0) {
      image.kind = ObjectKind::relocatable;
    } else if (details.characteristics & kFileDll) {
      image.kind = ObjectKind::shared_library;
    } else if (details.characteristics & kFileExecutableImage) {
      image.kind = ObjectKind::executable;
    }
    image.position_independent = (details.dll_characteristics & kDllDynamicBase) != 0;

    // The string table must be known before the section names are.
    locate_symbol_table(ctx, static_cast<uint32_t>(fh[fh->PointerToSymbolTable]),
                        static_cast<uint32_t>(fh[fh->NumberOfSymbols]), fh.at(fh->PointerToSymbolTable));
    read_sections(ctx, opt_at + opt_size, fh[fh->NumberOfSections], fh.at(fh->NumberOfSections), opt_size != 0);
    install_symbol_visitor(ctx, static_cast<uint32_t>(fh[fh->PointerToSymbolTable]),
                           static_cast<uint32_t>(fh[fh->NumberOfSymbols]));
    image.has_debug_info = image.find_section(".debug_info") != nullptr || image.find_section(".zdebug_info") != nullptr;

    read_flag_directories(ctx);
    optional_table(ctx, "import directory", [&] { read_imports(ctx); });
    optional_table(ctx, "delay-load import directory", [&] { read_delay_imports(ctx); });
  } catch (const ParseError& e) {
    return e.error();
  }
  image.pe = std::move(details);
  return image;
}

// "MZ", or a COFF object header: a machine this reader names, no optional header, sections.
bool matches(std::span<const uint8_t> head) {
  if (head.size() >= 2 && head[0] == 'M' && head[1] == 'Z') return true;
  if (head.size() < sizeof(FileHeader)) return false;
  const ByteReader r(head, Endian::little);
  const uint16_t machine = r.u16(0);
  const bool known = machine == kMachineI386 || machine == kMachineAmd64 || machine == kMachineArm64 ||
                     machine == kMachineArmNt;
  return known && r.u16(2) != 0 && r.u16(16) == 0;
}

}  // namespace

void Context::warn(const std::string& message) {
  if (image.warnings.size() < limits::kMaxWarnings) {
    image.warnings.push_back(message);
  } else if (image.warnings.size() == limits::kMaxWarnings) {
    image.warnings.push_back("further PE warnings suppressed");
  }
}

std::optional<uint64_t> Context::rva_to_offset(uint64_t rva, uint64_t len) const {
  for (const RawSection& s : raw) {
    if (s.file_size == 0 || rva < s.virtual_address) continue;
    const uint64_t rel = rva - s.virtual_address;
    if (rel >= s.file_size || len > s.file_size - rel) continue;
    return s.raw_pointer + rel;
  }
  return std::nullopt;
}

std::span<const uint8_t> Context::bytes_from_rva(uint64_t rva, uint64_t max, const char* what) {
  for (const RawSection& s : raw) {
    if (s.file_size == 0 || rva < s.virtual_address || rva - s.virtual_address >= s.file_size) continue;
    const uint64_t rel = rva - s.virtual_address;
    return source.read(s.raw_pointer + rel, std::min<uint64_t>(s.file_size - rel, max), what);
  }
  return {};
}

std::string Context::name_at_rva(uint64_t rva, uint64_t field_offset, const char* what) {
  const auto bytes = bytes_from_rva(rva, limits::kMaxStringBytes, what);
  if (bytes.empty())
    throw ParseError(field_offset, std::string(what) + " RVA " + hex(rva) + " is not inside any section's file data");
  const auto end = std::find(bytes.begin(), bytes.end(), uint8_t{0});
  if (end == bytes.end())
    throw ParseError(field_offset, std::string(what) + " at RVA " + hex(rva) + " is not NUL-terminated within its section");
  return std::string(bytes.begin(), end);
}

}  // namespace pe

const FormatReader kPeReader = {Format::pe, pe::matches, pe::read};

}  // namespace crossgo
