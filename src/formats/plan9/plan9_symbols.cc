// The Plan 9 symbol table: entries of {value (4 bytes, 8 with HDR_MAGIC), type byte with bit 7
// set, NUL-terminated name}, per a.out(6) "Symbol table" and Go's src/debug/plan9obj/file.go
// (walksymtab); Go's linker writes it in cmd/link/internal/ld/symtab.go (putplan9sym). 'z'/'Z'
// entries (source file path components) carry a list of 16-bit indexes ended by two NULs instead
// of a name; they are walked over, not visited.
#include <cstring>
#include <string>
#include <string_view>

#include "crossgo/limits.h"
#include "formats/plan9/plan9_internal.h"

namespace crossgo::plan9 {
namespace {

// Bytes of the table held for one walk; a Go binary's is under 100 KiB. Past this only the
// leading part is walked, so a hostile syms size over a large file costs at most this much.
constexpr uint64_t kMaxSymbolTableBytes = 8 << 20;

bool defined_type(uint8_t t) {
  // T/t text, D/d data, B/b bss, L/l leaf functions; a/p are locals, f/z/Z file names, m/M more.
  return std::strchr("TtDdBbLl", t) != nullptr && t != 0;
}

void walk(ByteSource* source, uint64_t offset, uint64_t size, unsigned ptr_size, const SymbolVisitor& visit) {
  std::span<const uint8_t> p;
  try {
    p = source->read(offset, size, "Plan 9 symbol table");
  } catch (const ParseError&) {
    return;  // checked at read time; only the per-file cap can fail here
  }
  uint64_t visited = 0;
  while (p.size() >= 4 && visited < limits::kMaxSymbols) {
    if (p.size() < ptr_size + 1u) return;
    uint64_t value = 0;
    for (unsigned i = 0; i < ptr_size; ++i) value = value << 8 | p[i];
    const uint8_t type = p[ptr_size] & 0x7f;
    p = p.subspan(ptr_size + 1);
    const void* nul = std::memchr(p.data(), 0, p.size());
    if (nul == nullptr) return;  // unterminated: the table is damaged from here on
    const size_t len = static_cast<size_t>(static_cast<const uint8_t*>(nul) - p.data());
    if (type == 'z' || type == 'Z') {
      // An empty name, then big-endian 16-bit path-element indexes up to a 0x0000 pair.
      p = p.subspan(len + 1);
      size_t i = 0;
      while (i + 2 <= p.size() && !(p[i] == 0 && p[i + 1] == 0)) i += 2;
      if (i + 2 > p.size()) return;
      p = p.subspan(i + 2);
      ++visited;
      continue;
    }
    SymbolRef ref;
    ref.name = std::string_view(reinterpret_cast<const char*>(p.data()), len);
    ref.value = value;
    ref.defined = defined_type(type);
    p = p.subspan(len + 1);
    ++visited;
    if (visit(ref)) return;
  }
}

}  // namespace

void install_symbol_walk(ByteSource& source, const Section& syms, unsigned ptr_size, Image& image) {
  uint64_t size = syms.size;
  if (size > kMaxSymbolTableBytes) {
    if (image.warnings.size() < limits::kMaxWarnings)
      image.warnings.push_back("Plan 9 symbol table of " + std::to_string(size) + " bytes at " + hex(syms.offset) +
                               " exceeds the cap of " + std::to_string(kMaxSymbolTableBytes) +
                               "; the leading part is walked");
    size = kMaxSymbolTableBytes;
  }
  ByteSource* src = &source;
  const uint64_t offset = syms.offset;
  image.visit_symbols = [src, offset, size, ptr_size](const SymbolVisitor& visit) {
    walk(src, offset, size, ptr_size, visit);
  };
}

}  // namespace crossgo::plan9
