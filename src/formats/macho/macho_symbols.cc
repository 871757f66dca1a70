// LC_SYMTAB: the nlist / nlist_64 table and its string table (<mach-o/nlist.h>). The command is
// checked once, when the file is read (both tables inside the file, counts capped); the walk
// itself streams the entries through ByteSource::scan, so a large table is never held whole.
#include <algorithm>
#include <cstring>

#include "crossgo/limits.h"
#include "formats/macho/macho_internal.h"
#include "formats/macho/macho_structs.h"

namespace crossgo::macho {
namespace {

// The string table is held while symbols are visited (names are looked up at random); Go's
// largest binaries have a few MiB of names. Names past this are not visited.
constexpr uint64_t kMaxStringTableBytes = 16 << 20;
// A window of whole entries for both layouts (12 and 16 bytes): 3 × 2^18.
constexpr uint64_t kScanWindow = 12 * 16 * 4096;

template <class N>
bool visit_entries(std::span<const uint8_t> bytes, Endian endian, std::span<const uint8_t> strtab,
                   const SymbolVisitor& visit) {
  for (uint64_t i = 0; i + sizeof(N) <= bytes.size(); i += sizeof(N)) {
    const StructView<N> n(reinterpret_cast<const N*>(bytes.data() + i), endian, 0);
    const auto type = static_cast<uint8_t>(n[n->n_type]);
    if ((type & N_STAB) != 0) continue;  // debugger entries, not symbols
    const uint64_t strx = n[n->n_strx];
    if (strx >= strtab.size()) continue;
    const size_t limit = std::min<size_t>(strtab.size() - strx, limits::kMaxStringBytes);
    const void* nul = std::memchr(strtab.data() + strx, 0, limit);
    if (nul == nullptr) continue;
    SymbolRef s;
    s.name = std::string_view(reinterpret_cast<const char*>(strtab.data() + strx),
                              static_cast<size_t>(static_cast<const uint8_t*>(nul) - (strtab.data() + strx)));
    s.value = n[n->n_value];
    s.defined = (type & N_TYPE) != N_UNDF;
    if (visit(s)) return true;
  }
  return false;
}

}  // namespace

void read_symtab(Context& ctx, uint64_t command_offset) {
  const auto st = ctx.source.get<SymtabCommand>(command_offset, ctx.endian, "LC_SYMTAB");
  const uint64_t symoff = st[st->symoff], stroff = st[st->stroff], strsize = st[st->strsize];
  uint64_t nsyms = st[st->nsyms];
  const uint64_t entsize = ctx.is64 ? sizeof(Nlist64) : sizeof(Nlist);
  const uint64_t size = ctx.source.size();
  const std::string what = "LC_SYMTAB at " + hex(command_offset);
  if (nsyms == 0) return;
  if (symoff > size || nsyms > (size - symoff) / entsize) {
    ctx.warn(what + ": " + std::to_string(nsyms) + " symbols of " + std::to_string(entsize) +
             " bytes at symoff " + hex(symoff) + " extend past the end of the file (size " +
             std::to_string(size) + "); symbols are not read");
    return;
  }
  if (!ctx.source.contains(stroff, strsize)) {
    ctx.warn(what + ": the string table (stroff " + hex(stroff) + ", strsize " + std::to_string(strsize) +
             ") extends past the end of the file (size " + std::to_string(size) + "); symbols are not read");
    return;
  }
  ctx.image.has_symtab = true;
  if (nsyms > limits::kMaxSymbols) {
    ctx.warn(what + ": nsyms " + std::to_string(nsyms) + " exceeds the cap of " +
             std::to_string(limits::kMaxSymbols) + "; only the first are visited");
    nsyms = limits::kMaxSymbols;
  }
  uint64_t held = strsize;
  if (held > kMaxStringTableBytes) {
    ctx.warn(what + ": strsize " + std::to_string(strsize) + " exceeds " + std::to_string(kMaxStringTableBytes) +
             " bytes; names past that are not visited");
    held = kMaxStringTableBytes;
  }
  std::span<const uint8_t> strtab;
  try {
    strtab = ctx.source.read(stroff, held, "symbol string table");
  } catch (const ParseError& e) {
    ctx.warn(what + ": " + e.what() + "; symbols are not read");
    return;
  }
  ByteSource* source = &ctx.source;
  const Endian endian = ctx.endian;
  const bool is64 = ctx.is64;
  ctx.image.visit_symbols = [source, endian, is64, symoff, nsyms, entsize, strtab](const SymbolVisitor& visit) {
    try {
      source->scan(symoff, nsyms * entsize, 0, [&](std::span<const uint8_t> bytes, uint64_t) {
        return is64 ? visit_entries<Nlist64>(bytes, endian, strtab, visit)
                    : visit_entries<Nlist>(bytes, endian, strtab, visit);
      }, kScanWindow);
    } catch (const ParseError&) {
      // The file shrank under us: the source is marked truncated and the caller reports that.
    }
  };
}

}  // namespace crossgo::macho
