// What the PE reader's parts (headers and sections in pe_reader.cc, import tables in
// pe_imports.cc, the COFF symbol and string tables in pe_symbols.cc) share while reading one file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crossgo/byte_source.h"
#include "crossgo/image.h"
#include "formats/pe/pe_structs.h"
#include "crossgo/hex.h"

namespace crossgo::pe {

// One section header as the file states it (the neutral Section adds the image base and drops
// what a loader does not need).
struct RawSection {
  uint32_t virtual_address = 0;
  uint32_t file_size = 0;  // bytes backed by the file: min(VirtualSize, SizeOfRawData)
  uint32_t raw_pointer = 0;
  uint64_t header_offset = 0;  // file offset of the section header
};


struct Context {
  ByteSource& source;
  Image& image;
  PeDetails& details;
  std::vector<RawSection> raw;
  struct Directory {
    uint32_t rva = 0, size = 0;
    uint64_t at = 0;  // file offset of the directory entry
  };
  std::vector<Directory> directories;  // NumberOfRvaAndSizes of them (at most 16)
  // COFF string table: offset and length (including its 4-byte size field), 0 when absent.
  uint64_t strtab_offset = 0;
  uint64_t strtab_size = 0;

  void warn(const std::string& message);
  // File offset of [rva, rva + len) when it lies inside one section's file data.
  std::optional<uint64_t> rva_to_offset(uint64_t rva, uint64_t len) const;
  // Up to `max` file bytes from `rva`, not past its section's file data (empty when unmapped).
  std::span<const uint8_t> bytes_from_rva(uint64_t rva, uint64_t max, const char* what);
  // Directory `index`, or an empty one when the header has fewer.
  Directory directory(uint32_t index) const { return index < directories.size() ? directories[index] : Directory{}; }
  // A NUL-terminated name at `rva`, inside its section, at most kMaxStringBytes. Throws
  // ParseError (at `field_offset`, naming `what`) when unmapped or unterminated.
  std::string name_at_rva(uint64_t rva, uint64_t field_offset, const char* what);
  // A name from the COFF string table at `offset`; nullopt when there is none.
  std::optional<std::string_view> string_table_name(uint64_t offset);
};

// pe_imports.cc: the import and delay-import directories → image.libraries, details.delay_imports.
void read_imports(Context& ctx);
void read_delay_imports(Context& ctx);

// pe_symbols.cc: locate the symbol and string tables (sets has_symtab, strtab_*) and install
// image.visit_symbols.
void locate_symbol_table(Context& ctx, uint32_t pointer, uint32_t count, uint64_t pointer_field);
void install_symbol_visitor(Context& ctx, uint32_t pointer, uint32_t count);

}  // namespace crossgo::pe
