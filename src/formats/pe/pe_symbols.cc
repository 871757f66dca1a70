// The COFF symbol table and the string table that follows it ("COFF Symbol Table", "COFF String
// Table"). Images normally have neither (the specification deprecates them for images), but Go's
// linker writes both unless -s is given (cmd/link/internal/ld/pe.go), and GCC/binutils images
// keep them too; long section names ("/4" for .debug_info) live in the string table.
#include <algorithm>
#include <cstring>
#include <string>

#include "crossgo/limits.h"
#include "formats/pe/pe_internal.h"

namespace crossgo::pe {
namespace {

// The string table is held while names are looked up. Go binaries of 100 MB have about 1 MiB;
// the cap keeps a hostile size under the per-file budget (limits::kMaxHeldBytes).
constexpr uint64_t kMaxStringTableBytes = 16 << 20;
// Records read per window of the streamed symbol-table walk (a multiple of the record size, so
// no record straddles two windows).
constexpr uint64_t kSymbolsPerWindow = 4096;

std::string_view cstr_in(std::span<const uint8_t> table, uint64_t offset) {
  if (offset >= table.size()) return {};
  const uint64_t limit = std::min<uint64_t>(table.size() - offset, limits::kMaxStringBytes);
  const auto* p = table.data() + offset;
  const void* nul = std::memchr(p, 0, limit);
  if (nul == nullptr) return {};
  return std::string_view(reinterpret_cast<const char*>(p), static_cast<size_t>(static_cast<const uint8_t*>(nul) - p));
}

}  // namespace

void locate_symbol_table(Context& ctx, uint32_t pointer, uint32_t count, uint64_t pointer_field) {
  if (pointer == 0) return;
  const uint64_t table_size = static_cast<uint64_t>(count) * sizeof(Symbol);
  if (!ctx.source.contains(pointer, table_size)) {
    ctx.warn("COFF symbol table (" + std::to_string(count) + " records at " + hex(pointer) + ", field at " +
             hex(pointer_field) + ") extends past the end of the file; symbols are ignored");
    return;
  }
  ctx.image.has_symtab = count != 0;
  // The string table starts right after the last record with its own size (size field
  // included); a size under 4 means an empty table.
  const uint64_t at = pointer + table_size;
  if (!ctx.source.contains(at, 4)) return;
  const uint32_t size = ctx.source.reader(at, 4, Endian::little, "COFF string table size").u32(0);
  if (size <= 4) return;
  if (size > kMaxStringTableBytes || !ctx.source.contains(at, size)) {
    ctx.warn("COFF string table at " + hex(at) + " (size " + std::to_string(size) +
             ") is larger than the file or the cap of " + std::to_string(kMaxStringTableBytes) +
             " bytes; long names are not resolved");
    return;
  }
  ctx.strtab_offset = at;
  ctx.strtab_size = size;
}

std::optional<std::string_view> Context::string_table_name(uint64_t offset) {
  if (strtab_size == 0 || offset < 4 || offset >= strtab_size) return std::nullopt;
  const auto table = source.read(strtab_offset, strtab_size, "COFF string table");
  const std::string_view name = cstr_in(table, offset);
  if (name.empty()) return std::nullopt;
  return name;
}

void install_symbol_visitor(Context& ctx, uint32_t pointer, uint32_t count) {
  if (!ctx.image.has_symtab) return;
  ByteSource* source = &ctx.source;
  const uint64_t strtab_offset = ctx.strtab_offset, strtab_size = ctx.strtab_size;
  const uint64_t records = std::min<uint64_t>(count, limits::kMaxSymbols);
  if (records < count)
    ctx.warn("COFF symbol table has " + std::to_string(count) + " records; only the first " +
             std::to_string(records) + " are read");
  // A symbol's Value is relative to its section; the visitor reports addresses (the image base
  // and the section's RVA added, as llvm-nm prints them), so that a caller can read through
  // Image::read_at_address.
  std::vector<uint64_t> section_addr;
  section_addr.reserve(ctx.image.sections.size());
  for (const Section& s : ctx.image.sections) section_addr.push_back(s.addr);

  ctx.image.visit_symbols = [=](const SymbolVisitor& visit) {
    try {
      const std::span<const uint8_t> strtab =
          strtab_size != 0 ? source->read(strtab_offset, strtab_size, "COFF string table") : std::span<const uint8_t>{};
      uint64_t aux_left = 0;
      source->scan(
          pointer, records * sizeof(Symbol), 0,
          [&](std::span<const uint8_t> bytes, uint64_t file_offset) {
            for (uint64_t i = 0; i + sizeof(Symbol) <= bytes.size(); i += sizeof(Symbol)) {
              if (aux_left != 0) {  // auxiliary records: not symbols of their own
                --aux_left;
                continue;
              }
              const StructView<Symbol> sym(reinterpret_cast<const Symbol*>(bytes.data() + i), Endian::little,
                                           file_offset + i);
              aux_left = sym[sym->NumberOfAuxSymbols];
              const uint8_t* n = sym->Name.bytes;
              std::string_view name;
              if (n[0] == 0 && n[1] == 0 && n[2] == 0 && n[3] == 0) {
                const uint64_t off = static_cast<uint64_t>(n[4]) | static_cast<uint64_t>(n[5]) << 8 |
                                     static_cast<uint64_t>(n[6]) << 16 | static_cast<uint64_t>(n[7]) << 24;
                name = cstr_in(strtab, off);
              } else {
                const auto* c = reinterpret_cast<const char*>(n);
                name = std::string_view(c, static_cast<size_t>(std::find(c, c + 8, '\0') - c));
              }
              const auto section = static_cast<int16_t>(sym[sym->SectionNumber]);
              SymbolRef ref;
              ref.name = name;
              ref.value = sym[sym->Value];
              ref.defined = section > 0 || section == -1;  // -1: IMAGE_SYM_ABSOLUTE
              if (section > 0 && static_cast<uint64_t>(section) <= section_addr.size())
                ref.value += section_addr[static_cast<size_t>(section - 1)];
              if (visit(ref)) return true;
            }
            return false;
          },
          sizeof(Symbol) * kSymbolsPerWindow);
    } catch (const ParseError&) {
      // The file changed or shrank since it was opened: the walk ends; the source says why.
    }
  };
}

}  // namespace crossgo::pe
