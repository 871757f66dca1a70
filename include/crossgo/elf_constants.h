// ELF constants (System V gABI, GNU extensions) shared by the ELF reader and the ELF analyzer.
#pragma once

#include <cstdint>

namespace crossgo {

namespace elf {
inline constexpr uint16_t ET_REL = 1, ET_EXEC = 2, ET_DYN = 3, ET_CORE = 4;
inline constexpr uint32_t PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_NOTE = 4, PT_PHDR = 6, PT_TLS = 7,
                          PT_GNU_EH_FRAME = 0x6474e550, PT_GNU_PROPERTY = 0x6474e553, PT_GNU_STACK = 0x6474e551, PT_GNU_RELRO = 0x6474e552;
inline constexpr uint32_t PF_X = 1, PF_W = 2, PF_R = 4;
inline constexpr uint32_t SHT_PROGBITS = 1, SHT_SYMTAB = 2, SHT_STRTAB = 3, SHT_DYNAMIC = 6, SHT_NOTE = 7,
                          SHT_NOBITS = 8, SHT_DYNSYM = 11, SHT_GNU_VERDEF = 0x6ffffffd, SHT_GNU_VERNEED = 0x6ffffffe,
                          SHT_GNU_VERSYM = 0x6fffffff, SHT_ARM_ATTRIBUTES = 0x70000003;
inline constexpr uint64_t SHF_WRITE = 1, SHF_ALLOC = 2, SHF_EXECINSTR = 4, SHF_COMPRESSED = 0x800;
inline constexpr uint64_t DF_BIND_NOW = 0x8, DF_TEXTREL = 0x4, DF_1_NOW = 0x1, DF_1_PIE = 0x08000000;
inline constexpr uint16_t EM_386 = 3, EM_SPARC = 2, EM_MIPS = 8, EM_PPC = 20, EM_PPC64 = 21, EM_S390 = 22,
                          EM_ARM = 40, EM_SPARCV9 = 43, EM_X86_64 = 62, EM_AARCH64 = 183, EM_RISCV = 243,
                          EM_LOONGARCH = 258;
inline constexpr uint8_t OSABI_NONE = 0, OSABI_NETBSD = 2, OSABI_GNU = 3, OSABI_SOLARIS = 6, OSABI_FREEBSD = 9,
                         OSABI_OPENBSD = 12, OSABI_ARM_AEABI = 64;
}  // namespace elf

}  // namespace crossgo
