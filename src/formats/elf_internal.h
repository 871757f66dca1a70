// Shared between the ELF reader's files: the parse context and the readers of optional tables.
#pragma once

#include <string>

#include "crossgo/byte_reader.h"
#include "crossgo/elf.h"
#include "crossgo/image.h"

namespace crossgo::elf_detail {

struct RawSection {
  uint32_t name_offset = 0;
  uint32_t link = 0;
  uint32_t info = 0;
  uint64_t addralign = 0;
  uint64_t entsize = 0;
};

struct Context {
  ByteReader file;
  bool is64 = false;
  Image& image;
  std::vector<RawSection> raw;  // parallel to image.sections
  // vna_other index -> position in image.version_needs, filled by read_version_needs so that
  // read_symbols can name the symbol that asks for each version.
  std::vector<std::pair<uint16_t, size_t>> version_index;

  // Runs a reader for an optional table; damage there becomes a warning instead of failing the file.
  template <class F>
  void optional_table(const char* what, F&& fn) {
    try {
      fn();
    } catch (const ParseError& e) {
      image.warnings.push_back(std::string(what) + ": " + e.error().to_string());
    }
  }

  // A section's bytes as a reader, checked against the file.
  ByteReader section_reader(size_t index) const;
  // File offset backing a virtual address through PT_LOAD, for tables found only via PT_DYNAMIC.
  std::optional<uint64_t> vaddr_to_offset(uint64_t addr) const;
};

void read_dynamic(Context& ctx);
void read_version_needs(Context& ctx);
void read_symbols(Context& ctx);
void read_notes(Context& ctx);
void read_arm_attributes(Context& ctx);

}  // namespace crossgo::elf_detail
