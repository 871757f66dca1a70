// Shared between the XCOFF reader's files: the header reader (xcoff_reader.cc), the loader
// section (xcoff_loader.cc) and the symbol table (xcoff_symbols.cc).
#pragma once

#include <cstdint>
#include <string>

#include "crossgo/byte_source.h"
#include "crossgo/image.h"
#include "crossgo/hex.h"

namespace crossgo::xcoff {

// Warnings one reader records (limits::kMaxWarnings, then one "suppressed" line).
void warn(Image& image, std::string message);

// Reads the loader section's header and import file IDs into image.xcoff and image.libraries.
// Damage is a warning: the loader section is optional for what crossgo reports.
void read_loader_section(ByteSource& source, const Section& loader, bool is64, Image& image);

// Checks the symbol table and string table against the file and installs image.visit_symbols.
void read_symbol_table(ByteSource& source, uint64_t symptr, uint64_t nsyms, bool is64, Image& image);

}  // namespace crossgo::xcoff
