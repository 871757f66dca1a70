// ELF on-disk structures (System V gABI, "ELF Header", "Program Header", "Sections", "Dynamic
// Section", "Symbol Table", "Note Section"; LSB "Symbol Versioning"), one per class, read by name
// through layout.h. ElfClass32/ElfClass64 bundle them so each reader function is written once.
#pragma once

#include <cstdint>

#include "crossgo/elf_constants.h"
#include "crossgo/layout.h"

namespace crossgo::elf_detail {

struct Elf32Ehdr {
  uint8_t e_ident[16];
  F16 e_type, e_machine;
  F32 e_version, e_entry, e_phoff, e_shoff, e_flags;
  F16 e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};
static_assert(sizeof(Elf32Ehdr) == 52);

struct Elf64Ehdr {
  uint8_t e_ident[16];
  F16 e_type, e_machine;
  F32 e_version;
  F64 e_entry, e_phoff, e_shoff;
  F32 e_flags;
  F16 e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};
static_assert(sizeof(Elf64Ehdr) == 64);

struct Elf32Phdr {
  F32 p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_flags, p_align;
};
static_assert(sizeof(Elf32Phdr) == 32);

struct Elf64Phdr {
  F32 p_type, p_flags;
  F64 p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};
static_assert(sizeof(Elf64Phdr) == 56);

struct Elf32Shdr {
  F32 sh_name, sh_type, sh_flags, sh_addr, sh_offset, sh_size, sh_link, sh_info, sh_addralign, sh_entsize;
};
static_assert(sizeof(Elf32Shdr) == 40);

struct Elf64Shdr {
  F32 sh_name, sh_type;
  F64 sh_flags, sh_addr, sh_offset, sh_size;
  F32 sh_link, sh_info;
  F64 sh_addralign, sh_entsize;
};
static_assert(sizeof(Elf64Shdr) == 64);

struct Elf32Dyn {
  F32 d_tag, d_val;
};
struct Elf64Dyn {
  F64 d_tag, d_val;
};
static_assert(sizeof(Elf32Dyn) == 8 && sizeof(Elf64Dyn) == 16);

struct Elf32Sym {
  F32 st_name, st_value, st_size;
  F8 st_info, st_other;
  F16 st_shndx;
};
struct Elf64Sym {
  F32 st_name;
  F8 st_info, st_other;
  F16 st_shndx;
  F64 st_value, st_size;
};
static_assert(sizeof(Elf32Sym) == 16 && sizeof(Elf64Sym) == 24);

// The same in both classes.
struct ElfNhdr {
  F32 n_namesz, n_descsz, n_type;
};
struct ElfVerneed {
  F16 vn_version, vn_cnt;
  F32 vn_file, vn_aux, vn_next;
};
struct ElfVernaux {
  F32 vna_hash;
  F16 vna_flags, vna_other;
  F32 vna_name, vna_next;
};
static_assert(sizeof(ElfNhdr) == 12 && sizeof(ElfVerneed) == 16 && sizeof(ElfVernaux) == 16);
struct ElfVerdef {
  F16 vd_version, vd_flags, vd_ndx, vd_cnt;
  F32 vd_hash, vd_aux, vd_next;
};
struct ElfVerdaux {
  F32 vda_name, vda_next;
};
static_assert(sizeof(ElfVerdef) == 20 && sizeof(ElfVerdaux) == 8);

struct ElfClass32 {
  using Ehdr = Elf32Ehdr;
  using Phdr = Elf32Phdr;
  using Shdr = Elf32Shdr;
  using Dyn = Elf32Dyn;
  using Sym = Elf32Sym;
  static constexpr bool is64 = false;
};
struct ElfClass64 {
  using Ehdr = Elf64Ehdr;
  using Phdr = Elf64Phdr;
  using Shdr = Elf64Shdr;
  using Dyn = Elf64Dyn;
  using Sym = Elf64Sym;
  static constexpr bool is64 = true;
};


}  // namespace crossgo::elf_detail
