// What crossgo patch needs to know of an ELF file to change it: the raw program headers, section
// headers, the dynamic array, the dynamic string table and everything that points into it, in
// the file's own class and byte order. Read through ByteSource/layout.h (every range checked);
// structural damage throws ParseError with the file offset.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crossgo/byte_source.h"

namespace crossgo::patch::detail {

// Dynamic tags (gABI "Dynamic Section"; GNU and Sun extensions where noted).
inline constexpr uint64_t DT_NULL = 0, DT_NEEDED = 1, DT_STRTAB = 5, DT_STRSZ = 10, DT_SONAME = 14,
                          DT_RPATH = 15, DT_DEBUG = 21, DT_RUNPATH = 29, DT_CONFIG = 0x6ffffefa,
                          DT_DEPAUDIT = 0x6ffffefb, DT_AUDIT = 0x6ffffefc, DT_VERDEF = 0x6ffffffc,
                          DT_VERDEFNUM = 0x6ffffffd, DT_VERNEED = 0x6ffffffe, DT_VERNEEDNUM = 0x6fffffff,
                          DT_AUXILIARY = 0x7ffffffd, DT_FILTER = 0x7fffffff,
                          DT_MIPS_RLD_MAP_REL = 0x70000035;
inline constexpr uint32_t PT_NULL = 0;

// True for the tags whose d_val is an offset into DT_STRTAB.
bool is_string_tag(uint64_t tag);

struct Phdr {
  uint32_t type = 0, flags = 0;
  uint64_t offset = 0, vaddr = 0, paddr = 0, filesz = 0, memsz = 0, align = 0;
};

struct Shdr {
  uint32_t name = 0, type = 0;
  uint64_t flags = 0, addr = 0, offset = 0, size = 0;
  uint32_t link = 0, info = 0;
  uint64_t addralign = 0, entsize = 0;
};

struct Dyn {
  uint64_t tag = 0, val = 0;
};

// A 4-byte string offset stored somewhere else than the dynamic array (vn_file, vna_name,
// vda_name, st_name), with where it is: in-place string rewrites must not pull a string from
// under one of these.
struct StringRef {
  uint64_t value = 0;
  uint64_t field_offset = 0;
  bool vn_file = false;  // an Elf_Verneed's vn_file: names a DT_NEEDED library
};

struct Model {
  int bits = 64;
  Endian endian = Endian::little;
  uint16_t type = 0, machine = 0;
  uint32_t eflags = 0;
  uint64_t file_size = 0;

  uint64_t phoff = 0;
  uint64_t phentsize = 0;
  std::vector<Phdr> phdrs;
  uint64_t shoff = 0;
  uint64_t shentsize = 0;
  std::vector<Shdr> shdrs;  // empty when the file has none (sstrip)

  std::optional<size_t> interp_ph, dynamic_ph, phdr_ph;
  std::optional<size_t> interp_sh, dynamic_sh, dynstr_sh;
  std::string interp;  // up to its first NUL

  // Entries before the first DT_NULL, and how many entries the dynamic segment holds in all.
  std::vector<Dyn> dyn;
  uint64_t dyn_capacity = 0;
  bool dyn_writable = false;  // the PT_LOAD holding the dynamic array is writable

  bool has_strtab = false;
  uint64_t strtab_vaddr = 0, strtab_offset = 0;
  std::vector<uint8_t> strtab;  // DT_STRSZ bytes at DT_STRTAB
  std::vector<StringRef> refs;  // string offsets outside the dynamic array
  // False when some table that may name strings could not be walked (no section headers to
  // find .dynsym, a damaged version table): then no string is ever overwritten in place.
  bool refs_complete = false;
  // Zero bytes right after the string table that nothing else uses (inside its PT_LOAD, before
  // the next section or segment): room to append strings without moving the table.
  uint64_t strtab_slack = 0;

  size_t word() const { return bits == 64 ? 8 : 4; }
  size_t phdr_size() const { return bits == 64 ? 56 : 32; }
  size_t shdr_size() const { return bits == 64 ? 64 : 40; }
  size_t dyn_size() const { return bits == 64 ? 16 : 8; }
  // The string at `offset` in the dynamic string table, or nullopt when it runs off its end.
  std::optional<std::string> string_at(uint64_t offset) const;
  // The PT_LOAD whose file bytes contain [offset, offset + size), or nullopt.
  std::optional<size_t> load_containing_offset(uint64_t offset, uint64_t size) const;
  std::optional<uint64_t> vaddr_to_offset(uint64_t vaddr, uint64_t size) const;
};

Model read_model(ByteSource& src);

// Serialisation in the model's class and byte order.
void put_uint(std::vector<uint8_t>& out, size_t at, uint64_t v, size_t n, Endian e);
std::vector<uint8_t> encode_phdr(const Model& m, const Phdr& p);
std::vector<uint8_t> encode_shdr(const Model& m, const Shdr& s);
std::vector<uint8_t> encode_dyn(const Model& m, const std::vector<Dyn>& entries, uint64_t capacity);

}  // namespace crossgo::patch::detail
