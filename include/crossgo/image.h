// The format-neutral model a format reader hands to the Go metadata readers and the analyzers.
// Readers fill in what their format has and leave the rest empty; nothing downstream reads raw
// headers again. What only one format has lives in that format's details struct (image_details.h),
// under Image::elf, Image::macho …, so the neutral part never grows a field that means something
// in one format only.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crossgo/byte_reader.h"
#include "crossgo/image_details.h"

namespace crossgo {

class ByteSource;

enum class Format { unknown, elf, macho, macho_fat, pe, xcoff, plan9, wasm, archive, goobj };
// "elf", "macho", "macho-fat", "pe", "xcoff", "plan9", "wasm", "archive", "goobj" (a Go object
// file, the _go_.o member of Go's own .a archives), "unknown".
const char* format_name(Format f);

// What kind of object the file is, as its format states it.
enum class ObjectKind { unknown, executable, shared_library, relocatable, core, bundle };
const char* object_kind_name(ObjectKind k);  // "executable", "shared-library", "relocatable", "core", "bundle"

// The processor architecture the format's header names, before any Go interpretation.
enum class CpuArch {
  unknown, x86, x86_64, arm, arm64, mips, mips64, ppc, ppc64, s390, s390x,
  riscv32, riscv64, loong64, sparc, sparc64, wasm32
};
const char* cpu_arch_name(CpuArch a);

struct Section {
  std::string name;
  std::string segment;  // the segment a Mach-O section belongs to ("__DATA"); "" elsewhere
  uint64_t addr = 0;
  uint64_t offset = 0;  // file offset
  uint64_t size = 0;
  bool has_file_data = true;  // false for .bss-like sections and sections outside the file
  bool alloc = false;         // occupies memory at run time
  bool write = false;
  bool exec = false;
  uint32_t type = 0;   // the format's own section type (ELF sh_type), for that format's analyzers
  uint64_t flags = 0;  // the format's own flags (ELF sh_flags, PE Characteristics, Mach-O flags)
};

// A loadable range of the image (ELF PT_LOAD, Mach-O segment, PE image as a whole, Plan 9
// text/data). Non-loadable ELF program headers are in ElfDetails::program_headers.
struct Segment {
  std::string name;  // Mach-O segname; "" elsewhere
  uint64_t vaddr = 0;
  uint64_t memsz = 0;
  uint64_t offset = 0;
  uint64_t filesz = 0;
  bool read = false, write = false, exec = false;
};

// A library the loader must find: ELF DT_NEEDED, Mach-O LC_LOAD_DYLIB & co., a PE import DLL, an
// XCOFF loader import file.
struct LibraryImport {
  enum class How { needed, weak, reexport, lazy, upward, delay };
  std::string name;
  How how = How::needed;
};

// One symbol from a symbol table, as a visitor sees it (names are views valid during the visit).
struct SymbolRef {
  std::string_view name;
  uint64_t value = 0;
  uint64_t size = 0;
  bool defined = false;
  bool dynamic = false;  // from the dynamic symbol table / export table
};
// Returns true to stop the walk.
using SymbolVisitor = std::function<bool(const SymbolRef&)>;

struct Image {
  Format format = Format::unknown;
  ByteSource* source = nullptr;  // where every offset below points; owned by the caller

  // Identity.
  int bits = 0;  // 32 or 64
  Endian endian = Endian::little;
  ObjectKind kind = ObjectKind::unknown;
  bool position_independent = false;  // PIE / relocatable image (ELF DYN+PIE, MH_PIE, DYNAMIC_BASE)
  CpuArch arch = CpuArch::unknown;
  std::string machine;  // as the format names it: "EM_AARCH64 (183)", "CPU_TYPE_ARM64", "IMAGE_FILE_MACHINE_AMD64"
  uint64_t entry = 0;
  uint64_t image_base = 0;  // PE ImageBase; addresses in sections/segments are absolute (base added)
  // The toolchain version the format itself states (a Go object file's header line: "go1.19.8").
  std::optional<std::string> toolchain_version;

  std::vector<Section> sections;
  std::vector<Segment> segments;

  // Dynamic linking.
  std::optional<std::string> interpreter;  // ELF PT_INTERP, Mach-O LC_LOAD_DYLINKER
  std::vector<LibraryImport> libraries;
  std::vector<std::string> rpath;    // ELF DT_RPATH, Mach-O LC_RPATH
  std::vector<std::string> runpath;  // ELF DT_RUNPATH
  std::optional<std::string> soname;  // ELF DT_SONAME, Mach-O LC_ID_DYLIB install name

  // Symbols: whether the file has a (static) symbol table, and a walk over the tables it has,
  // bounded by limits::kMaxSymbols. Empty when the format or the file has none.
  bool has_symtab = false;
  bool has_debug_info = false;  // DWARF (.debug_info, __DWARF,__debug_info, PE .debug_info or zdebug)
  std::function<void(const SymbolVisitor&)> visit_symbols;

  // Format-specific facts; exactly the one of `format` is set.
  std::optional<ElfDetails> elf;
  std::optional<MachODetails> macho;
  std::optional<PeDetails> pe;
  std::optional<XcoffDetails> xcoff;
  std::optional<Plan9Details> plan9;
  std::optional<WasmDetails> wasm;

  // Problems that did not stop the reader (a broken optional table, a capped count …).
  std::vector<std::string> warnings;

  const Section* find_section(std::string_view name) const;
  const Section* find_section(std::string_view segment, std::string_view name) const;
  // The section's bytes (held by the source), or empty when it has no file data.
  std::span<const uint8_t> section_bytes(const Section& s) const;
  // File offset backing virtual address `addr` for `len` bytes, through the segments (or, when
  // there are none, the allocated sections); nullopt when any part is not backed by file data.
  std::optional<uint64_t> file_offset_of(uint64_t addr, uint64_t len) const;
  // The bytes at a virtual address (held by the source); nullopt as above.
  std::optional<std::span<const uint8_t>> read_at_address(uint64_t addr, uint64_t len) const;
  // The library names, in order.
  std::vector<std::string> library_names() const;
};

}  // namespace crossgo
