// What the Mach-O reader's files share: the state of one read and the load-command walk.
#pragma once

#include <cstdint>
#include <string>

#include "crossgo/byte_source.h"
#include "crossgo/image.h"
#include "crossgo/hex.h"

namespace crossgo::macho {

struct Context {
  ByteSource& source;
  Image& image;
  MachODetails& details;
  Endian endian = Endian::little;
  bool is64 = false;
  uint64_t commands_offset = 0;  // file offset of the first load command
  uint64_t sizeofcmds_at = 0;    // file offset of mach_header.sizeofcmds, for errors
  uint64_t warnings_dropped = 0;

  void warn(std::string message);
};

// LC_SYMTAB as read, checked against the file; the visitor walks it later.
struct SymtabInfo {
  uint64_t symoff = 0, nsyms = 0, stroff = 0, strsize = 0;
};

// Walks the ncmds load commands after the header (macho_load_commands.cc).
void walk_load_commands(Context& ctx, uint32_t ncmds, uint32_t sizeofcmds);
// Checks LC_SYMTAB and installs Image::visit_symbols over it (macho_symbols.cc).
void read_symtab(Context& ctx, uint64_t command_offset);

// A 16-byte name field (segname, sectname): NUL-terminated unless all 16 bytes are used.
std::string fixed_name(const uint8_t (&bytes)[16]);

}  // namespace crossgo::macho
