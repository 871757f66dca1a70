// Shared between the Plan 9 a.out header reader and its symbol table walk.
#pragma once

#include <cstdint>
#include <string>

#include "crossgo/byte_source.h"
#include "crossgo/image.h"
#include "crossgo/hex.h"

namespace crossgo::plan9 {


// Installs image.visit_symbols over the "syms" section (values of `ptr_size` bytes).
void install_symbol_walk(ByteSource& source, const Section& syms, unsigned ptr_size, Image& image);

}  // namespace crossgo::plan9
