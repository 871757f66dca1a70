// The XCOFF symbol table (f_symptr, f_nsyms entries of SYMESZ = 18 bytes, each followed by
// n_numaux auxiliary entries) and the string table right after it (a 4-byte length that counts
// itself, then NUL-terminated names). Layout per IBM's "XCOFF Object File Format", "Symbol Table
// Layout" and "String Table", as Go reads it in src/internal/xcoff/file.go (NewFile).
#include <string>
#include <string_view>

#include "crossgo/limits.h"
#include "formats/xcoff/xcoff_internal.h"
#include "formats/xcoff/xcoff_structs.h"

namespace crossgo::xcoff {
namespace {

// Bytes of the symbol table and of the string table held for a walk (each). A Go binary's are
// ~200 KiB and ~100 KiB; past this only the leading part is walked, so a hostile f_nsyms over a
// large file costs at most this much memory.
constexpr uint64_t kMaxSymbolTableBytes = 8 << 20;
constexpr uint64_t kMaxStringTableBytes = 8 << 20;

constexpr uint8_t kCExt = 2, kCHidext = 107, kCWeakext = 111;  // n_sclass of linkable names

struct Tables {
  uint64_t symptr = 0, count = 0, strtab = 0, strtab_size = 0;
  bool is64 = false;
};

std::string_view name_in(const ByteReader& strtab, uint64_t offset) {
  // Offsets below 4 point into the length field: no name (Go's getString likewise).
  if (offset < 4 || offset >= strtab.size()) return {};
  try {
    return strtab.cstr(offset, limits::kMaxStringBytes);
  } catch (const ParseError&) {
    return {};
  }
}

void walk(ByteSource* source, const Tables& t, const SymbolVisitor& visit) {
  try {
    const ByteReader syms = source->reader(t.symptr, t.count * kSymEntSize, Endian::big, "XCOFF symbol table");
    const ByteReader strtab = t.strtab_size == 0
                                  ? ByteReader()
                                  : source->reader(t.strtab, t.strtab_size, Endian::big, "XCOFF string table");
    uint64_t visited = 0;
    for (uint64_t i = 0; i < t.count && visited < limits::kMaxSymbols; ++i, ++visited) {
      const uint64_t off = i * kSymEntSize;
      SymbolRef ref;
      uint64_t sclass = 0, scnum = 0, numaux = 0;
      if (t.is64) {
        const StructView<SymEnt64> e(reinterpret_cast<const SymEnt64*>(syms.bytes(off, kSymEntSize).data()),
                                     Endian::big, syms.base() + off);
        ref.value = e[e->n_value];
        ref.name = name_in(strtab, e[e->n_offset]);
        sclass = e[e->n_sclass], scnum = e[e->n_scnum], numaux = e[e->n_numaux];
      } else {
        const StructView<SymEnt32> e(reinterpret_cast<const SymEnt32*>(syms.bytes(off, kSymEntSize).data()),
                                     Endian::big, syms.base() + off);
        ref.value = e[e->n_value];
        const ByteReader name(std::span<const uint8_t>(e->n_name.bytes, 8), Endian::big, e.at(e->n_name));
        if (name.u32(0) == 0) {
          ref.name = name_in(strtab, name.u32(4));
        } else {
          const std::string_view inline_name = name.str(0, 8);
          ref.name = inline_name.substr(0, inline_name.find('\0'));
        }
        sclass = e[e->n_sclass], scnum = e[e->n_scnum], numaux = e[e->n_numaux];
      }
      i += numaux;  // auxiliary entries are not symbols
      if (sclass != kCExt && sclass != kCHidext && sclass != kCWeakext) continue;
      if (ref.name.empty()) continue;
      // n_scnum: 0 N_UNDEF, 0xffff N_ABS, 0xfffe N_DEBUG; a section number otherwise.
      ref.defined = scnum != 0 && scnum < 0xfffe;
      if (visit(ref)) return;
    }
  } catch (const ParseError&) {
    // The tables were checked against the file when the image was read; a read failing now
    // (the per-file cap on held bytes) ends the walk early.
  }
}

}  // namespace

void read_symbol_table(ByteSource& source, uint64_t symptr, uint64_t nsyms, bool is64, Image& image) {
  if (symptr == 0 || nsyms == 0) return;
  if (symptr > source.size() || nsyms > (source.size() - symptr) / kSymEntSize) {
    warn(image, "XCOFF symbol table (" + std::to_string(nsyms) + " entries at f_symptr " + hex(symptr) +
                    ") extends past the end of the file (size " + std::to_string(source.size()) +
                    "); symbols not read");
    return;
  }
  Tables t;
  t.is64 = is64;
  t.symptr = symptr;
  t.count = nsyms;
  t.strtab = symptr + nsyms * kSymEntSize;
  image.has_symtab = true;
  if (t.count > kMaxSymbolTableBytes / kSymEntSize) {
    warn(image, "XCOFF symbol table has " + std::to_string(nsyms) + " entries; the first " +
                    std::to_string(kMaxSymbolTableBytes / kSymEntSize) + " are walked");
    t.count = kMaxSymbolTableBytes / kSymEntSize;
  }
  // The string table is optional (no long names, or a stripped table): absent when the file ends
  // at the symbol table.
  if (source.contains(t.strtab, 4)) {
    const uint64_t length = source.reader(t.strtab, 4, Endian::big, "XCOFF string table length").u32(0);
    if (length >= 4 && !source.contains(t.strtab, length)) {
      warn(image, "XCOFF string table length " + std::to_string(length) + " at " + hex(t.strtab) +
                      " extends past the end of the file (size " + std::to_string(source.size()) +
                      "); symbol names not read");
    } else if (length > kMaxStringTableBytes) {
      warn(image, "XCOFF string table of " + std::to_string(length) + " bytes at " + hex(t.strtab) +
                      " exceeds the cap of " + std::to_string(kMaxStringTableBytes) + "; symbol names not read");
    } else if (length >= 4) {
      t.strtab_size = length;
    }
  }
  ByteSource* src = &source;
  image.visit_symbols = [src, t](const SymbolVisitor& visit) { walk(src, t, visit); };
}

}  // namespace crossgo::xcoff
