// Which ld.so.cache entries a glibc loader takes, by the ELF header of the program it loads for.
// The loader is built for one ABI and compares each entry's flags with what that ABI's
// sysdeps/<arch>/dl-cache.h says (_DL_CACHE_DEFAULT_ID, _dl_cache_check_flags); ldconfig records
// the flags from each library's ELF header (process_elf_file in sysdeps/.../readelflib.c). Facts
// from glibc 2.42 unless noted (ia64: glibc 2.38, the last with it; nios2: 2.40).
#include <optional>

#include "crossgo/elf_constants.h"
#include "crossgo/ld_config.h"

namespace crossgo::rootfs {
namespace {

using namespace ld_cache_flag;

constexpr uint16_t EM_68K = 4, EM_PARISC = 15, EM_SPARC32PLUS = 18, EM_SH = 42, EM_IA_64 = 50,
                   EM_OPENRISC = 92, EM_NIOS2 = 113, EM_MICROBLAZE = 189, EM_ARCV2 = 195, EM_CSKY = 252,
                   EM_ALPHA = 0x9026;
// elf/elf.h
constexpr uint32_t EF_ARM_ABI_FLOAT_SOFT = 0x200, EF_ARM_ABI_FLOAT_HARD = 0x400, EF_ARM_EABIMASK = 0xff000000,
                   EF_ARM_EABI_VER5 = 0x05000000;
constexpr uint32_t EF_MIPS_ABI2 = 0x20, EF_MIPS_NAN2008 = 0x400;
constexpr uint32_t EF_RISCV_RVC = 0x1, EF_RISCV_FLOAT_ABI = 0x6, EF_RISCV_FLOAT_ABI_SOFT = 0x0,
                   EF_RISCV_FLOAT_ABI_DOUBLE = 0x4;
constexpr uint32_t EF_LARCH_ABI_MODIFIER_MASK = 0x7, EF_LARCH_ABI_SOFT_FLOAT = 0x1,
                   EF_LARCH_ABI_DOUBLE_FLOAT = 0x3, EF_LARCH_OBJABI_V1 = 0x40;

// The machines whose loader uses sysdeps/generic/dl-cache.h unchanged.
bool generic_loader(uint16_t machine, int bits) {
  switch (machine) {
    case elf::EM_386:
    case elf::EM_PPC:
    case elf::EM_SPARC:
    case EM_SPARC32PLUS:
    case EM_68K:
    case EM_PARISC:
    case EM_SH:
    case EM_OPENRISC:
    case EM_NIOS2:
    case EM_MICROBLAZE:
    case EM_ARCV2:
    case EM_CSKY:
      return bits == 32;
    case elf::EM_S390:  // s390 31-bit; s390x has its own (s390-64/dl-cache.h)
      return bits == 32;
    case EM_ALPHA:
      return bits == 64;
    default:
      return false;
  }
}

// The RISC-V and LoongArch float ABI an object was built for, from e_flags as readelflib.c reads
// it: nullopt for one glibc has no loader and no cache flag for (single or quad float). A
// library with e_flags bits ldconfig does not know is left out of the cache (`strict`); the
// loader a program runs with depends only on the float ABI.
std::optional<int32_t> riscv_float_flag(uint32_t e_flags, bool strict) {
  if (strict && (e_flags & ~(EF_RISCV_FLOAT_ABI | EF_RISCV_RVC)) != 0) return std::nullopt;
  switch (e_flags & EF_RISCV_FLOAT_ABI) {
    case EF_RISCV_FLOAT_ABI_SOFT: return kRiscvFloatAbiSoft;
    case EF_RISCV_FLOAT_ABI_DOUBLE: return kRiscvFloatAbiDouble;
    default: return std::nullopt;
  }
}

std::optional<int32_t> larch_float_flag(uint32_t e_flags, bool strict) {
  // Some binutils set EF_LARCH_OBJABI_V1 on shared objects; it only concerns static relocations.
  const uint32_t flags = e_flags & ~EF_LARCH_OBJABI_V1;
  constexpr uint32_t kSupported = EF_LARCH_ABI_DOUBLE_FLOAT | EF_LARCH_ABI_SOFT_FLOAT;
  if (strict && (flags & ~kSupported) != 0) return std::nullopt;
  switch (flags & (strict ? kSupported : EF_LARCH_ABI_MODIFIER_MASK)) {
    case EF_LARCH_ABI_SOFT_FLOAT: return kLarchFloatAbiSoft;
    case EF_LARCH_ABI_DOUBLE_FLOAT: return kLarchFloatAbiDouble;
    default: return std::nullopt;
  }
}

int32_t mips_flag(int bits, uint32_t e_flags) {
  const bool nan2008 = (e_flags & EF_MIPS_NAN2008) != 0;
  if (bits == 64) return (nan2008 ? kMips64LibN64Nan2008 : kMips64LibN64) | kElfLibc6;
  if (e_flags & EF_MIPS_ABI2) return (nan2008 ? kMips64LibN32Nan2008 : kMips64LibN32) | kElfLibc6;
  return nan2008 ? (kMipsLib32Nan2008 | kElfLibc6) : kElfLibc6;
}

}  // namespace

std::optional<int32_t> ld_cache_default_id(uint16_t e_machine, int bits, uint32_t e_flags) {
  if (bits != 32 && bits != 64) return std::nullopt;
  if (generic_loader(e_machine, bits)) return kElfLibc6;
  switch (e_machine) {
    case elf::EM_X86_64:  // sysdeps/x86_64/dl-cache.h; x32: sysdeps/unix/sysv/linux/x86_64/x32/dl-cache.h
      return (bits == 64 ? kX8664Lib64 : kX8664LibX32) | kElfLibc6;
    case elf::EM_AARCH64:  // no ILP32 loader in glibc
      if (bits == 64) return kAarch64Lib64 | kElfLibc6;
      return std::nullopt;
    case elf::EM_ARM:  // arm/dl-cache.h redefines only _dl_cache_check_flags
      if (bits == 32) return kElfLibc6;
      return std::nullopt;
    case elf::EM_PPC64:  // powerpc64/dl-cache.h: 0x503 for ELFv1 and ELFv2 alike
      if (bits == 64) return kPowerpcLib64 | kElfLibc6;
      return std::nullopt;
    case elf::EM_S390:  // s390-64
      return kS390Lib64 | kElfLibc6;
    case elf::EM_SPARCV9:  // sparc64
      if (bits == 64) return kSparcLib64 | kElfLibc6;
      return std::nullopt;
    case EM_IA_64:  // glibc 2.38 sysdeps/unix/sysv/linux/ia64/dl-cache.h
      if (bits == 64) return kIa64Lib64 | kElfLibc6;
      return std::nullopt;
    case elf::EM_MIPS:  // o32 without NaN2008 keeps the generic id
      return mips_flag(bits, e_flags);
    case elf::EM_RISCV:  // the loader is built for one float ABI (__riscv_float_abi_double or soft)
      if (auto f = riscv_float_flag(e_flags, false)) return *f | kElfLibc6;
      return std::nullopt;
    case elf::EM_LOONGARCH:
      if (bits != 64) return std::nullopt;
      if (auto f = larch_float_flag(e_flags, false)) return *f | kElfLibc6;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

bool ld_cache_flags_accepted(int32_t entry_flags, uint16_t e_machine, int bits, uint32_t e_flags) {
  const auto id = ld_cache_default_id(e_machine, bits, e_flags);
  if (!id) return false;
  if (e_machine == elf::EM_ARM) {
    // Unmarked libraries from before the float ABI was recorded suit either loader. Which loader
    // a program gets follows its own marking; an unmarked program is taken as soft-float, the
    // base procedure call standard.
    const int32_t variant = (e_flags & EF_ARM_ABI_FLOAT_HARD) ? kArmLibHf : kArmLibSf;
    return entry_flags == (variant | kElfLibc6) || entry_flags == kElfLibc6;
  }
  // The generic check also takes FLAG_ELF (libc5-era ELF libraries); the arch-specific ones take
  // the default id alone. MIPS o32 without NaN2008 keeps the generic check, hence a test on the
  // id rather than on the machine.
  if (*id == kElfLibc6) return entry_flags == kElf || entry_flags == kElfLibc6;
  return entry_flags == *id;
}

std::optional<int32_t> ldconfig_library_flags(uint16_t e_machine, int bits, uint32_t e_flags) {
  if (bits != 32 && bits != 64) return std::nullopt;
  switch (e_machine) {
    case elf::EM_ARM:
      if (bits != 32) return std::nullopt;
      // Only EABI version 5 objects carry the float ABI bits; unmarked ones suit both loaders.
      if ((e_flags & EF_ARM_EABIMASK) == EF_ARM_EABI_VER5) {
        if (e_flags & EF_ARM_ABI_FLOAT_HARD) return kArmLibHf | kElfLibc6;
        if (e_flags & EF_ARM_ABI_FLOAT_SOFT) return kArmLibSf | kElfLibc6;
      }
      return kElfLibc6;
    case elf::EM_RISCV:
      if (auto f = riscv_float_flag(e_flags, true)) return *f | kElfLibc6;
      return std::nullopt;
    case elf::EM_LOONGARCH:
      if (bits != 64) return std::nullopt;
      if (auto f = larch_float_flag(e_flags, true)) return *f | kElfLibc6;
      return std::nullopt;
    default:
      // Elsewhere ldconfig's flag is the loader's id for that header (process_elf_file sets the
      // same FLAG_* the matching dl-cache.h expects, FLAG_ELF_LIBC6 for generic machines).
      return ld_cache_default_id(e_machine, bits, e_flags);
  }
}

}  // namespace crossgo::rootfs
