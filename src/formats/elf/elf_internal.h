// Shared between the ELF reader's files: the parse context and the readers of optional tables.
//
// Error offsets: a ParseError raised by the reader points at bytes that exist in the file — the
// field holding the value that is wrong (e_phoff, sh_link, DT_NEEDED's d_val …), or the start of
// a structure the file ends inside. A value read from the file is named in the message instead of
// being used as the offset, because a hostile offset (0xffffffffffffffff) points nowhere.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "crossgo/byte_source.h"
#include "crossgo/image.h"
#include "crossgo/limits.h"
#include "formats/elf/elf_structs.h"
#include "crossgo/hex.h"

namespace crossgo::elf_detail {

struct RawSection {
  uint64_t header_offset = 0;  // file offset of this section's header, for error offsets
  uint64_t link_field = 0;     // file offset of its sh_link field
  uint32_t name_offset = 0;
  uint32_t link = 0;
  uint32_t info = 0;
  uint64_t addralign = 0;
  uint64_t entsize = 0;
};

struct Context {
  ByteSource& src;
  Endian endian = Endian::little;
  bool is64 = false;
  Image& image;
  ElfDetails& elf;
  std::vector<RawSection> raw;            // parallel to image.sections
  std::vector<uint64_t> segment_headers;  // parallel to elf.program_headers: their file offsets
  // vna_other index -> position in elf.version_needs, filled by read_version_needs so that
  // read_dynamic_symbols can name the symbol that asks for each version.
  std::vector<std::pair<uint16_t, size_t>> version_index;
  uint64_t warnings_dropped = 0;
  // DT_VERDEF and DT_VERDEFNUM (value, file offset of the entry) and the dynamic string table,
  // kept by read_dynamic for read_version_definitions when there are no section headers.
  std::optional<std::pair<uint64_t, uint64_t>> dt_verdef, dt_verdefnum;
  std::optional<ByteReader> dynstr;

  // Records a warning; a hostile file can make thousands of tables fail, so after
  // limits::kMaxWarnings the rest are only counted (read_elf adds one summary line).
  void warn(std::string message) {
    if (image.warnings.size() < limits::kMaxWarnings) image.warnings.push_back(std::move(message));
    else ++warnings_dropped;
  }

  // Runs a reader for an optional table; damage there becomes a warning instead of failing the file.
  template <class F>
  void optional_table(const std::string& what, F&& fn) {
    try {
      fn();
    } catch (const ParseError& e) {
      warn(what + ": " + e.error().to_string());
    }
  }

  // A section's bytes as a reader, checked against the file.
  ByteReader section_reader(size_t index) const;
  // A program header's file bytes as a reader; throws (at its program header) when they are not
  // all in the file.
  ByteReader segment_reader(size_t index, const char* what) const;
  // The section's name for messages: its name, or "section N" when it has none.
  std::string section_label(size_t index) const;
  // File offset backing a virtual address through PT_LOAD, for tables found only via PT_DYNAMIC.
  std::optional<uint64_t> vaddr_to_offset(uint64_t addr) const;
};

void read_dynamic(Context& ctx);
void read_version_needs(Context& ctx);
void read_version_definitions(Context& ctx);
void read_symbol_tables(Context& ctx);
void read_notes(Context& ctx);
void read_arm_attributes(Context& ctx);
void read_small_sections(Context& ctx);  // .MIPS.abiflags, .comment

}  // namespace crossgo::elf_detail
