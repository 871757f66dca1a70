// The format-neutral model a format reader hands to the analyzers. Readers fill in what their
// format has and leave the rest empty; analyzers never look at raw headers again.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "crossgo/byte_reader.h"

namespace crossgo {

enum class Format { unknown, elf, macho, macho_fat, pe, xcoff, plan9, wasm, archive };
const char* format_name(Format f);

struct Section {
  std::string name;
  uint32_t type = 0;
  uint64_t flags = 0;
  uint64_t addr = 0;
  uint64_t offset = 0;
  uint64_t size = 0;
  bool has_file_data = true;  // false for SHT_NOBITS (.bss) and similar
};

struct Segment {
  uint32_t type = 0;
  uint32_t flags = 0;
  uint64_t offset = 0;
  uint64_t filesz = 0;
  uint64_t vaddr = 0;
  uint64_t memsz = 0;
  uint64_t align = 0;
};

struct Note {
  // The note's name field without the trailing NULs ("GNU", "Go", …): a view into the file, never
  // a copy, so many notes aliasing one huge name cost nothing.
  std::string_view owner;
  uint32_t type = 0;
  std::span<const uint8_t> desc;
  uint64_t offset = 0;        // file offset of the note header
  std::string section;        // section it was found in, or "" when found through PT_NOTE only
};

// One version a dependency must provide ("GLIBC_2.34" from "libc.so.6"), with the first dynamic
// symbol that asks for it, so a user can see *why* the floor is where it is.
struct VersionNeed {
  std::string file;
  std::string version;
  std::string symbol;
};

struct Image {
  Format format = Format::unknown;
  std::span<const uint8_t> file;  // the whole mapped file; views below point into it

  // Identity.
  int bits = 0;  // 32 or 64
  Endian endian = Endian::little;
  uint16_t elf_type = 0;
  uint16_t machine = 0;
  uint32_t machine_flags = 0;  // e_flags
  uint8_t osabi = 0;
  uint8_t abi_version = 0;
  uint64_t entry = 0;

  std::vector<Section> sections;
  std::vector<Segment> segments;
  std::vector<Note> notes;

  // Dynamic linking.
  bool has_dynamic = false;
  std::optional<std::string> interpreter;
  std::vector<std::string> needed;
  std::vector<std::string> rpath;
  std::vector<std::string> runpath;
  std::optional<std::string> soname;
  uint64_t dt_flags = 0;
  uint64_t dt_flags_1 = 0;
  bool dt_bind_now = false;
  bool dt_textrel = false;
  std::vector<VersionNeed> version_needs;

  // Symbols: only what the analyzers ask about, not the whole table.
  bool has_symtab = false;
  std::vector<std::string> cgo_symbols;  // C-side runtime/cgo symbols found (x_cgo_init, crosscall2 …)

  // Architecture attributes (.ARM.attributes public "aeabi" subsection).
  std::optional<uint32_t> arm_cpu_arch;  // Tag_CPU_arch
  std::optional<uint32_t> arm_vfp_args;  // Tag_ABI_VFP_args: 0 base (soft), 1 VFP registers (hard)
  std::optional<uint32_t> arm_fp_arch;   // Tag_FP_arch

  // Problems that did not stop the reader (a broken optional table, a capped count …).
  std::vector<std::string> warnings;

  const Section* find_section(std::string_view name) const;
  // File bytes backing [addr, addr+len) in the loaded image, through PT_LOAD segments (or, when a
  // format has none, allocated sections). Empty when any part is not backed by file data.
  std::optional<std::span<const uint8_t>> read_at_address(uint64_t addr, uint64_t len) const;
  std::span<const uint8_t> section_bytes(const Section& s) const;
  ByteReader reader() const { return ByteReader(file, endian); }
};

}  // namespace crossgo
